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
        let source = sister_cities::content::Source {
            content_dir: dir.path().to_path_buf(),
            static_dir: Some(root().join("tests/fixtures/static")),
            base_url: None,
        };
        if let Ok(editions) = sister_cities::content::load_editions(&source, common::today()) {
            let options = sister_cities::render::Options { drafts: false, now: common::now() };
            let site = sister_cities::render::render(&editions, &options).unwrap();
            for path in site.paths() {
                let page = site.page(path).unwrap();
                let body = page.body();
                let text = String::from_utf8_lossy(&body);
                prop_assert!(marker_free(&text), "unescaped markup on {}", path);
            }
        }
    }
}

/// Text as staff paste it: curly quotes, accents, combining marks, CJK, emoji, tabs, CRLF, a
/// byte order mark, and long lines.
fn pasted_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("\u{201C}".to_owned()),
        Just("\u{201D}".to_owned()),
        Just("\u{2018}".to_owned()),
        Just("é".to_owned()),
        Just("e\u{301}".to_owned()),
        Just("精華町".to_owned()),
        Just("👩‍👩‍👧".to_owned()),
        Just("\t".to_owned()),
        Just("\r\n".to_owned()),
        Just("\n".to_owned()),
        Just("\u{FEFF}".to_owned()),
        Just(" = ".to_owned()),
        Just("\"".to_owned()),
        Just("[".to_owned()),
        Just("x".repeat(300)),
        "[a-z_]{1,8}",
        "[0-9/:,.-]{1,10}",
    ];
    proptest::collection::vec(pieces, 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Every problem found in any text is drawn in full (source line and caret) and on one
    /// line, at a position inside the file, without a panic.
    #[test]
    fn problems_in_pasted_text_are_drawn_without_a_panic(
        text in pasted_text(),
        file in prop_oneof![Just("cities/seika.toml"), Just("events/reception.toml"), Just("site.toml")],
    ) {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&root().join("tests/fixtures/valid"), dir.path());
        std::fs::write(dir.path().join(file), &text).unwrap();
        if let Err(problems) = load(dir.path(), &root().join("tests/fixtures/static")) {
            let drawn = problems.to_string();
            for problem in problems.iter() {
                let line_count = text.lines().count().max(1);
                prop_assert!(problem.line >= 1 && problem.line <= line_count + 1, "{}", problem.one_line());
                prop_assert!(drawn.contains(&problem.location()));
            }
        }
    }

    /// A problem at any span of any text, even one that ends inside a character or past the
    /// end, is drawn without a panic.
    #[test]
    fn a_problem_at_any_span_is_drawn(text in pasted_text(), start in 0usize..600, width in 0usize..20) {
        let file = sister_cities::content::SourceFile::new("a.toml".into(), text.clone());
        let problem = sister_cities::content::Diagnostic::at("wrong-type", &file, start..start + width, "wrong")
            .help("write it right");
        let drawn = problem.to_string();
        prop_assert!(drawn.contains("wrong"));
        prop_assert!(drawn.contains("a.toml:"));
    }
}
