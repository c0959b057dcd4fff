//! Translations as staff keep them: the bundled content fully translated, a changed English
//! text reported at its translation's line until `translations mark` is run, and a missing,
//! broken or orphan translation told, never holding anything back.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers may, as tests do

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{copy_dir, root};
use serde_json::Value;

fn bin(args: &[&str], content: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sister-cities"))
        .current_dir(root())
        .args(args)
        .arg("--content")
        .arg(content)
        .output()
        .unwrap()
}

/// The bundled content, in a folder of its own to edit.
fn bundled() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("content"), dir.path());
    dir
}

/// `check --format json`: its exit code and problems.
fn check(content: &Path) -> (Option<i32>, Vec<Value>) {
    let output = bin(&["check", "--format", "json"], content);
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let problems = report["problems"].as_array().cloned().unwrap_or_default();
    (output.status.code(), problems)
}

fn with_code<'a>(problems: &'a [Value], code: &str) -> Vec<&'a Value> {
    problems.iter().filter(|p| p["code"] == code).collect()
}

/// The 1-based line and column of the first occurrence of `needle` in `text`.
fn position(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).unwrap();
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
    (line, column)
}

#[test]
fn the_bundled_content_is_translated_and_up_to_date() {
    let (code, problems) = check(&root().join("content"));
    assert_eq!(code, Some(0));
    let translation: Vec<_> = problems
        .iter()
        .filter(|p| p["code"].as_str().unwrap().starts_with("translation"))
        .collect();
    assert!(translation.is_empty(), "{translation:#?}");
    let status = bin(&["translations", "status"], &root().join("content"));
    let table = String::from_utf8_lossy(&status.stdout);
    assert!(table.contains("cities/seika.toml"), "{table}");
    for line in table
        .lines()
        .filter(|l| l.ends_with(".toml") || l.contains(" es "))
    {
        let cells: Vec<&str> = line.split_whitespace().collect();
        // FILE es N of N 0
        assert_eq!(cells[2], cells[4], "not fully translated: {line}");
        assert_eq!(cells[5], "0", "stale: {line}");
    }
}

#[test]
fn a_changed_english_text_is_reported_at_its_translation_until_marked() {
    let site = bundled();
    let english = site.path().join("cities/seika.toml");
    let text = std::fs::read_to_string(&english).unwrap();
    let changed = text.replace(
        "summary = \"A Kyoto Prefecture town at the heart of Kansai Science City.\"",
        "summary = \"A Kyoto Prefecture town in Kansai Science City, known for strawberries.\"",
    );
    assert_ne!(text, changed);
    std::fs::write(&english, changed).unwrap();

    let (code, problems) = check(site.path());
    assert_eq!(code, Some(0), "a stale translation never fails the check");
    let stale = with_code(&problems, "translation-stale");
    assert_eq!(stale.len(), 1, "{problems:#?}");
    let translation = site.path().join("cities/seika.es.toml");
    let spanish = std::fs::read_to_string(&translation).unwrap();
    let (line, column) = position(&spanish, "\"Un pueblo");
    let (value_line, _) = position(&spanish, "\nsummary = ");
    assert_eq!(stale[0]["path"], translation.display().to_string());
    assert_eq!(stale[0]["line"], value_line + 1);
    assert_eq!(
        (stale[0]["line"].as_u64(), stale[0]["column"].as_u64()),
        (Some(line as u64), Some(column as u64))
    );
    assert!(
        stale[0]["message"].as_str().unwrap().contains("`summary`"),
        "{stale:#?}"
    );
    assert!(
        stale[0]["help"]
            .as_str()
            .unwrap()
            .contains("known for strawberries"),
        "the help shows the new English: {stale:#?}"
    );
    // The status table counts it.
    let status = bin(&["translations", "status"], site.path());
    let table = String::from_utf8_lossy(&status.stdout);
    let row = table
        .lines()
        .find(|l| l.starts_with("cities/seika.toml"))
        .unwrap();
    assert!(row.trim_end().ends_with(" 1"), "{row}");

    // After updating the translation, marking it clears the warning.
    let marked = bin(
        &["translations", "mark", translation.to_str().unwrap()],
        site.path(),
    );
    assert!(
        marked.status.success(),
        "{}",
        String::from_utf8_lossy(&marked.stderr)
    );
    assert!(String::from_utf8_lossy(&marked.stdout).contains("8 texts marked"));
    let (code, problems) = check(site.path());
    assert_eq!(code, Some(0));
    assert!(
        with_code(&problems, "translation-stale").is_empty(),
        "{problems:#?}"
    );
    // Marking again changes nothing: the table is written once, at the end.
    let once = std::fs::read_to_string(&translation).unwrap();
    bin(
        &["translations", "mark", translation.to_str().unwrap()],
        site.path(),
    );
    assert_eq!(std::fs::read_to_string(&translation).unwrap(), once);
    assert_eq!(once.matches("[translated_from]").count(), 1);
}

#[test]
fn a_missing_orphan_or_foreign_translation_is_a_warning() {
    let site = bundled();
    std::fs::remove_file(site.path().join("cities/colima.es.toml")).unwrap();
    std::fs::write(
        site.path().join("cities/tulsa.es.toml"),
        "summary = \"Una ciudad.\"\n",
    )
    .unwrap();
    std::fs::write(
        site.path().join("cities/seika.fr.toml"),
        "summary = \"Une ville.\"\n",
    )
    .unwrap();
    let (code, problems) = check(site.path());
    assert_eq!(code, Some(0), "{problems:#?}");
    let missing = with_code(&problems, "translation-missing");
    assert_eq!(missing.len(), 1, "{problems:#?}");
    assert!(
        missing[0]["path"]
            .as_str()
            .unwrap()
            .ends_with("cities/colima.toml")
    );
    assert!(
        missing[0]["help"]
            .as_str()
            .unwrap()
            .contains("cities/colima.es.toml")
    );
    let orphan = with_code(&problems, "translation-orphan");
    assert!(
        orphan[0]["path"]
            .as_str()
            .unwrap()
            .ends_with("cities/tulsa.es.toml"),
        "{orphan:#?}"
    );
    let foreign = with_code(&problems, "translation-language");
    assert!(
        foreign[0]["path"]
            .as_str()
            .unwrap()
            .ends_with("cities/seika.fr.toml"),
        "{foreign:#?}"
    );
    // None of them is taken for a city of its own.
    assert!(with_code(&problems, "slug").is_empty(), "{problems:#?}");
}

#[test]
fn a_broken_translation_is_an_error_in_that_file_only() {
    let site = bundled();
    let path = site
        .path()
        .join("news/arezzo-sister-city-agreement.es.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("title = \"", "title = “", 1)).unwrap();
    let (code, problems) = check(site.path());
    assert_eq!(code, Some(1));
    let errors: Vec<_> = problems
        .iter()
        .filter(|p| p["severity"] == "error")
        .collect();
    assert!(!errors.is_empty());
    assert!(
        errors
            .iter()
            .all(|p| p["path"] == path.display().to_string()),
        "{errors:#?}"
    );
    assert!(
        errors.iter().any(|p| p["code"] == "curly-quotes"),
        "{errors:#?}"
    );
}

#[test]
fn a_value_that_is_not_a_text_is_reported_at_its_key_and_ignored() {
    let site = bundled();
    let path = site.path().join("cities/arezzo.es.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    // After the #:schema line: a coordinate and an unknown key, neither a text to translate.
    let (first, rest) = text.split_once('\n').unwrap();
    std::fs::write(
        &path,
        format!("{first}\nlatitude = 1.5\nmotto = \"x\"\n{rest}"),
    )
    .unwrap();
    let (code, problems) = check(site.path());
    assert_eq!(code, Some(0), "{problems:#?}");
    let found = with_code(&problems, "translation-not-text");
    let lines: Vec<u64> = found.iter().map(|p| p["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, [2, 3], "{problems:#?}");
    assert!(found[0]["message"].as_str().unwrap().contains("`latitude`"));
}

#[test]
fn a_language_the_site_cannot_write_its_pages_in_is_a_warning() {
    let site = bundled();
    let path = site.path().join("site.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace(
            "languages = [\"en\", \"es\"]",
            "languages = [\"en\", \"es\", \"fr\"]",
        ),
    )
    .unwrap();
    let (code, problems) = check(site.path());
    assert_eq!(code, Some(0), "{problems:#?}");
    let unsupported = with_code(&problems, "language-unsupported");
    assert_eq!(unsupported.len(), 1, "{problems:#?}");
    let (line, column) = position(&std::fs::read_to_string(&path).unwrap(), "\"fr\"");
    assert_eq!(unsupported[0]["line"], line);
    assert_eq!(unsupported[0]["column"], column);
}

#[test]
fn a_page_cannot_take_a_languages_address() {
    let site = bundled();
    std::fs::copy(
        site.path().join("pages/privacy.toml"),
        site.path().join("pages/es.toml"),
    )
    .unwrap();
    let (code, problems) = check(site.path());
    assert_eq!(code, Some(1), "{problems:#?}");
    let named = with_code(&problems, "file-name");
    assert!(
        named[0]["path"]
            .as_str()
            .unwrap()
            .ends_with("pages/es.toml"),
        "{problems:#?}"
    );
    assert!(
        named[0]["help"]
            .as_str()
            .unwrap()
            .contains("kept for languages")
    );
}
