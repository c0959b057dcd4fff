//! The staff guide's examples are real: every TOML example passes `check` in a real site, and
//! every error shown is what `check` prints for that mistake.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers may, as tests do

mod common;

use std::path::Path;

use common::{copy_dir, root};

const GUIDE: &str = include_str!("../docs/editing-content.md");

/// The guide's fenced blocks of one language, each with the line before its opening fence.
fn blocks(language: &str) -> Vec<(String, String)> {
    let fence = format!("```{language}\n");
    let mut found = Vec::new();
    let mut rest = GUIDE;
    while let Some(start) = rest.find(&fence) {
        let before = rest[..start]
            .trim_end()
            .lines()
            .last()
            .unwrap_or("")
            .to_owned();
        let body = &rest[start + fence.len()..];
        let end = body.find("```\n").expect("closed fence");
        found.push((before, body[..end].to_owned()));
        rest = &body[end..];
    }
    found
}

/// A copy of the valid fixture, with a static folder holding every file the examples name.
fn site_with_statics(example: &str, dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let content = dir.join("content");
    let statics = dir.join("static");
    copy_dir(&root().join("tests/fixtures/valid"), &content);
    copy_dir(&root().join("tests/fixtures/static"), &statics);
    for line in example.lines().filter(|l| l.starts_with("file = ")) {
        let file = line.trim_start_matches("file = ").trim_matches('"');
        let path = statics.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        // A real image: photos are read to check that the site can show them.
        std::fs::copy(root().join("tests/fixtures/static/images/stone.png"), path).unwrap();
    }
    (content, statics)
}

#[test]
fn every_toml_example_in_the_guide_passes_check() {
    let examples = blocks("toml");
    assert!(examples.len() >= 10, "found {} examples", examples.len());
    for (_, example) in examples {
        let dir = tempfile::tempdir().unwrap();
        let (content, statics) = site_with_statics(&example, dir.path());
        let first_line = example.lines().next().unwrap_or("");
        let (target, text) = match first_line {
            "#:schema ../schema/city.schema.json" => {
                (content.join("cities/example.toml"), example.clone())
            }
            "#:schema ../schema/event.schema.json" => {
                (content.join("events/example.toml"), example.clone())
            }
            "#:schema ../schema/news.schema.json" => {
                (content.join("news/example.toml"), example.clone())
            }
            "#:schema ../schema/page.schema.json" => {
                (content.join("pages/example.toml"), example.clone())
            }
            "# In get-involved.toml:" => {
                let page = std::fs::read_to_string(content.join("get-involved.toml")).unwrap();
                (
                    content.join("get-involved.toml"),
                    format!("{page}\n{example}"),
                )
            }
            // Keys of the file itself, which go before its first section.
            "# At the top of get-involved.toml:" => {
                let page = std::fs::read_to_string(content.join("get-involved.toml")).unwrap();
                (
                    content.join("get-involved.toml"),
                    page.replacen("\n[[sections]]", &format!("\n{example}\n[[sections]]"), 1),
                )
            }
            "# In a city file:" => {
                let seika = std::fs::read_to_string(content.join("cities/seika.toml")).unwrap();
                (
                    content.join("cities/seika.toml"),
                    format!("{seika}\n{example}"),
                )
            }
            // A translation: of the fixture's Seika, on a site in English and Spanish.
            "#:schema ../schema/city.translation.schema.json" => {
                let site = std::fs::read_to_string(content.join("site.toml")).unwrap();
                let site = site.replacen("\n[", "\nlanguages = [\"en\", \"es\"]\n\n[", 1);
                std::fs::write(content.join("site.toml"), site).unwrap();
                (content.join("cities/seika.es.toml"), example.clone())
            }
            "# At the top of site.toml:" => {
                let site = std::fs::read_to_string(content.join("site.toml")).unwrap();
                (
                    content.join("site.toml"),
                    site.replacen("\n[", &format!("\n{example}\n["), 1),
                )
            }
            "# In site.toml:" => {
                let site = std::fs::read_to_string(content.join("site.toml")).unwrap();
                (content.join("site.toml"), format!("{site}\n{example}"))
            }
            other => panic!("an example must start with what it is, not {other:?}"),
        };
        // Scheduling keys belong before the first table of a city file.
        let text = if example.contains("publish_at") {
            let seika = std::fs::read_to_string(content.join("cities/seika.toml")).unwrap();
            seika.replacen("name = ", &format!("{}\nname = ", example.trim()), 1)
        } else {
            text
        };
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(&target, text).unwrap();
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_sister-cities"))
            .args(["check", "--content"])
            .arg(&content)
            .arg("--static")
            .arg(&statics)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "this example from the guide fails check:\n{example}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
fn every_error_shown_in_the_guide_is_what_check_prints() {
    let outputs: Vec<_> = blocks("text")
        .into_iter()
        .filter_map(|(before, text)| {
            let case = before
                .strip_prefix("<!-- check output: ")?
                .strip_suffix(" -->")?;
            Some((case.to_owned(), text))
        })
        .collect();
    assert!(outputs.len() >= 2);
    for (case, shown) in outputs {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        copy_dir(&root().join("tests/fixtures/valid"), &content);
        copy_dir(&root().join("tests/fixtures").join(&case), &content);
        std::fs::remove_file(content.join("expected.txt")).unwrap();
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_sister-cities"))
            .current_dir(dir.path())
            .args(["check", "--static"])
            .arg(root().join("tests/fixtures/static"))
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{case}");
        let printed = String::from_utf8_lossy(&output.stderr);
        assert_eq!(printed.trim_end(), shown.trim_end(), "{case}");
    }
}
