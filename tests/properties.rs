//! Property tests of the content pipeline: arbitrary TOML and arbitrary text in every field
//! never panic, and never come out as unescaped markup.

mod common;

use proptest::prelude::*;

use common::{copy_dir, load, root};

/// Text with the characters that matter for HTML and TOML, and some known attacks.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,40}",
        "[<>\"'&/=a-z ]{1,40}",
        Just("<script>alert(1)</script>".to_owned()),
        Just("\"><img src=x onerror=alert(1)>".to_owned()),
        Just("[x](javascript:alert(1))".to_owned()),
        Just("<a href=\"javascript:alert(1)\">x</a>".to_owned()),
        Just("</title><script>alert(1)</script>".to_owned()),
        Just("{{ 7*7 }} {% if %}".to_owned()),
    ]
}

fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

fn marker_free(page: &str) -> bool {
    !page.contains("<script>alert")
        && !page.contains("onerror=alert")
        && !page.contains("href=\"javascript:")
        && !page.contains("<img src=x")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_toml_never_panics(text in "(.|\n){0,400}") {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&root().join("tests/fixtures/valid"), dir.path());
        std::fs::write(dir.path().join("cities/seika.toml"), &text).unwrap();
        let _ = load(dir.path(), &root().join("tests/fixtures/static"));
    }

    #[test]
    fn arbitrary_text_in_every_field_is_escaped(
        name in hostile_text(),
        native in hostile_text(),
        region in hostile_text(),
        summary in hostile_text(),
        description in hostile_text(),
        note in hostile_text(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&root().join("tests/fixtures/valid"), dir.path());
        let path = dir.path().join("cities/seika.toml");
        let original = std::fs::read_to_string(&path).unwrap();
        let mut city = String::new();
        for line in original.lines() {
            let replaced = match line.split(" = ").next() {
                Some("name") => format!("name = {}", toml_string(&format!("Seika {name}"))),
                Some("native_name") => format!("native_name = {}", toml_string(&native)),
                Some("region") => format!("region = {}", toml_string(&region)),
                Some("summary") => format!("summary = {}", toml_string(&summary)),
                Some("note") => format!("note = {}", toml_string(&note)),
                _ => line.to_owned(),
            };
            city.push_str(&replaced);
            city.push('\n');
        }
        let city = city.replacen(
            "description = \"\"\"",
            &format!("description = {}\nold_description = \"\"\"", toml_string(&description)),
            1,
        );
        // Drop the old description (kept only to keep the file's shape simple above).
        let city = match city.find("old_description") {
            Some(start) => {
                let end = city[start..].find("\"\"\"\n\n").map(|i| start + i + 5).unwrap_or(city.len());
                format!("{}{}", &city[..start], &city[end..])
            }
            None => city,
        };
        std::fs::write(&path, city).unwrap();
        if let Ok(content) = load(dir.path(), &root().join("tests/fixtures/static")) {
            let options = sister_cities::render::Options { drafts: false, now: common::now() };
            let site = sister_cities::render::render(&content, &options).unwrap();
            for path in site.paths() {
                let page = site.page(path).unwrap();
                let text = String::from_utf8_lossy(&page.body);
                prop_assert!(marker_free(&text), "unescaped markup on {}", path);
            }
        }
    }
}
