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
    let problems = load(&site, &fixtures().join("static"))
        .err()
        .unwrap_or_else(|| panic!("{} should not load", case.display()));
    let prefix = format!("{}/", site.display());
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
    ] {
        assert!(names.iter().any(|n| n == required), "no fixture {required}");
    }
    for case in &cases {
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
    assert!(report.starts_with("1. error: "), "{report}");
    assert!(report.contains("\n4. error: "), "{report}");
    assert!(report.ends_with("4 problems found in the content. The site was not changed."));
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
    let lines: Vec<String> = problems.iter().map(|d| d.one_line()).collect();
    assert_eq!(lines.len(), 4, "{lines:?}");
    assert!(
        lines
            .iter()
            .any(|l| l.contains("site.toml:1:1: cannot read the file"))
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("program.toml:1:1: cannot read the file"))
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("cities:1:1: cannot read the folder"))
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("get-involved.toml:1:1: cannot read the file"))
    );
    // Events and news are optional: no folder, no events and no news.
    assert!(
        !lines
            .iter()
            .any(|l| l.contains("events") || l.contains("news"))
    );
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
        lines[0].contains("seika.toml:2:8: two sister cities have this name"),
        "{lines:?}"
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
            "pages/Our Page.toml:1:1: the file name \"Our Page\" cannot be a page's address"
        ),
        "{problems:?}"
    );
    assert!(
        problems[1].starts_with(
            "pages/events.toml:1:1: the file name \"events\" cannot be a page's address"
        ),
        "{problems:?}"
    );
}
