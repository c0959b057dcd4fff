//! Content tests on fixture sites: one valid site, and one folder per way to break it
//! (`tests/fixtures/invalid/<case>/`). Each case folder holds only the files it changes and
//! `expected.txt`, the exact `PATH:LINE:COL: message (help: ...)` lines the editor must see.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers may, as tests do

mod common;

use std::path::Path;

use common::{copy_dir, load, root};

fn fixtures() -> std::path::PathBuf {
    root().join("tests/fixtures")
}

#[test]
fn the_bundled_content_is_valid() {
    let content = load(&root().join("content"), &root().join("static"))
        .unwrap_or_else(|d| panic!("bundled content has problems:\n{d}"));
    let names: Vec<&str> = content.cities.iter().map(|c| c.name.as_str()).collect();
    // In order of their sister-city agreements, as on the city's page.
    assert_eq!(names, ["Clermont-Ferrand", "Colima", "Seika", "Arezzo"]);
}

#[test]
fn the_valid_fixture_loads_with_typed_values() {
    let content = load(&fixtures().join("valid"), &fixtures().join("static")).unwrap();
    let seika = content.city("seika").unwrap();
    assert_eq!(seika.native_name, "精華町");
    assert_eq!(seika.native_name_lang.as_str(), "ja");
    assert_eq!(seika.time_zone.name, "Asia/Tokyo");
    assert_eq!(seika.website.host(), "www.town.seika.kyoto.jp");
    assert_eq!(seika.agreement().unwrap().date.iso(), "2005-09-01");
    assert_eq!(seika.photos.len(), 1);
    assert_eq!(content.site.city.time_zone.name, "America/Chicago");
}

/// Loads `valid` with the case's files laid over it and returns the problems, one per line.
fn problems_of(case: &Path) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_dir(&fixtures().join("valid"), &site);
    copy_dir(case, &site);
    std::fs::remove_file(site.join("expected.txt")).unwrap();
    // `remove.txt` names files of `valid` the case takes away.
    if let Ok(removed) = std::fs::read_to_string(site.join("remove.txt")) {
        for name in removed.lines() {
            std::fs::remove_file(site.join(name)).unwrap();
        }
        std::fs::remove_file(site.join("remove.txt")).unwrap();
    }
    let problems = common::problems(&site, &fixtures().join("static"));
    assert!(!problems.is_empty(), "{} has no problem", case.display());
    let prefix = format!("{}/", site.display());
    // Each problem is also drawn in full (the source line and a caret), as `check` and the
    // staff page show it: drawing must not fail on any text the file holds.
    let report = problems.to_string();
    for problem in problems.iter() {
        assert!(
            report.contains(&format!("--> {}", problem.location())),
            "{report}"
        );
    }
    problems
        .iter()
        .map(|d| d.one_line().replacen(&prefix, "", 1))
        .collect()
}

#[test]
fn every_broken_fixture_reports_exact_positions_and_messages() {
    let mut cases: Vec<_> = std::fs::read_dir(fixtures().join("invalid"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    let names: Vec<String> = cases
        .iter()
        .map(|c| c.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for required in [
        "syntax-error",
        "missing-field",
        "wrong-type",
        "unknown-key",
        "bad-year",
        "bad-coordinates",
        "unknown-time-zone",
        "bad-url",
        "missing-alt-text",
        "many-problems",
        "several-shape-problems",
        "several-missing-keys",
        "unknown-event-city",
        "bad-event-times",
        "bad-news-date",
        "curly-quote",
        "stray-accent",
        "utf-16",
        "utf-16-no-bom",
        "windows-1252",
        "missing-site-file",
        "us-date",
        "us-date-quoted",
        "time-zone-abbreviation",
        "thousands-separator",
        "markdown-warnings",
    ] {
        assert!(names.iter().any(|n| n == required), "no fixture {required}");
    }
    for case in &cases {
        // BLESS=1 writes what is found as the expected lines, to review in the diff.
        if std::env::var_os("BLESS").is_some() {
            let actual = problems_of(case).join("\n") + "\n";
            std::fs::write(case.join("expected.txt"), actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(case.join("expected.txt")).unwrap();
        let expected: Vec<&str> = expected.lines().collect();
        let actual = problems_of(case);
        assert_eq!(actual, expected, "fixture {}", case.display());
    }
}

#[test]
fn problems_in_several_files_are_all_reported_numbered_with_a_count() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_dir(&fixtures().join("valid"), &site);
    copy_dir(&fixtures().join("invalid/many-problems"), &site);
    let problems = load(&site, &fixtures().join("static")).unwrap_err();
    let report = problems.to_string();
    assert!(report.starts_with("1. error["), "{report}");
    assert!(report.contains("\n4. error["), "{report}");
    assert!(report.ends_with("4 problems found in the content."));
    // The caret sits under the offending value.
    assert!(
        report.contains("time_zone = \"US/Norman\"\n   |             ^^^^^^^^^^^"),
        "{report}"
    );
}

#[test]
fn a_missing_content_folder_is_a_diagnostic_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let problems = load(dir.path(), dir.path()).unwrap_err();
    let prefix = format!("{}/", dir.path().display());
    let lines: Vec<String> = problems
        .iter()
        .map(|d| d.one_line().replacen(&prefix, "", 1))
        .collect();
    let how = "put it back: `sister-cities history` lists the versions the site published, and \
               `sister-cities restore VERSION FILE` writes one back";
    assert_eq!(
        lines,
        [
            "cities:1:1: error[missing-folder]: the folder cities is missing: it holds one file per sister city (help: \
             put it back: `sister-cities restore VERSION` writes back the files of a version the \
             site published (`sister-cities history` lists them))"
                .to_owned(),
            format!(
                "get-involved.toml:1:1: error[missing-file]: the file is missing: it holds the text of the \"Get \
                 involved\" page (help: {how})"
            ),
            format!(
                "program.toml:1:1: error[missing-file]: the file is missing: it holds the text of the Sister Cities \
                 page: introduction, mission and goals (help: {how})"
            ),
            format!(
                "site.toml:1:1: error[missing-file]: the file is missing: it holds the site-wide settings: the city, \
                 contact details and navigation (help: {how})"
            ),
        ],
    );
    // Events and news are optional: no folder, no events and no news.
}

#[test]
fn a_photo_that_does_not_exist_or_has_poor_alt_text_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_dir(&fixtures().join("valid"), &site);
    let path = site.join("cities/seika.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text
        .replace("images/stone.png", "images/missing.png")
        .replace(
            "The Seika Stone in Norman's Sister City Square",
            "IMG_0042.jpg",
        );
    std::fs::write(&path, text).unwrap();
    let problems: Vec<String> = load(&site, &fixtures().join("static"))
        .unwrap_err()
        .iter()
        .map(|d| d.message.clone())
        .collect();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[0].starts_with("no photo \"images/missing.png\""),
        "{problems:?}"
    );
    assert_eq!(
        problems[1],
        "alt text \"IMG_0042.jpg\" does not describe the photo"
    );
}

#[test]
fn two_cities_with_one_name_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_dir(&fixtures().join("valid"), &site);
    std::fs::copy(
        site.join("cities/seika.toml"),
        site.join("cities/seika-2.toml"),
    )
    .unwrap();
    let problems = load(&site, &fixtures().join("static")).unwrap_err();
    let lines: Vec<String> = problems.iter().map(|d| d.one_line()).collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0]
            .contains("seika.toml:2:8: error[duplicate-city]: two sister cities have this name"),
        "{lines:?}"
    );
    // The help names the file that has the name already.
    let other = site.join("cities").join("seika-2.toml");
    let help = problems.iter().next().and_then(|d| d.help.clone());
    assert_eq!(
        help,
        Some(format!(
            "{} already uses it: give each city its own name",
            other.display()
        ))
    );
}

#[test]
fn a_page_may_not_take_an_address_the_site_uses() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_dir(&fixtures().join("valid"), &site);
    std::fs::create_dir_all(site.join("pages")).unwrap();
    let page = "title = \"T\"\nsummary = \"S\"\nintroduction = \"I\"\n";
    std::fs::write(site.join("pages/events.toml"), page).unwrap();
    std::fs::write(site.join("pages/Our Page.toml"), page).unwrap();
    std::fs::write(site.join("pages/fine.toml"), page).unwrap();
    let problems: Vec<String> = load(&site, &fixtures().join("static"))
        .unwrap_err()
        .iter()
        .map(|d| {
            d.one_line()
                .replacen(&format!("{}/", site.display()), "", 1)
        })
        .collect();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[0].starts_with(
            "pages/Our Page.toml:1:1: error[file-name]: the file name \"Our Page\" cannot be a page's address"
        ),
        "{problems:?}"
    );
    assert!(
        problems[1].starts_with(
            "pages/events.toml:1:1: error[file-name]: the file name \"events\" cannot be a page's address"
        ),
        "{problems:?}"
    );
}

#[test]
fn a_file_that_cannot_be_read_says_which_file_and_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    copy_dir(&fixtures().join("valid"), &site);
    // A folder where the file should be: unreadable as a file, even for the superuser.
    std::fs::remove_file(site.join("program.toml")).unwrap();
    std::fs::create_dir(site.join("program.toml")).unwrap();
    let problems = load(&site, &fixtures().join("static")).unwrap_err();
    let lines: Vec<String> = problems
        .iter()
        .map(|d| {
            d.one_line()
                .replacen(&format!("{}/", site.display()), "", 1)
        })
        .collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with(
            "program.toml:1:1: error[unreadable-file]: cannot read the file: it is a folder, not a file (help: a folder \
             has the file's name"
        ),
        "{lines:?}"
    );
}
