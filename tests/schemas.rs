//! The editor schemas catch, as staff type, the value errors `check` catches: every valid file
//! passes the schemas `sister-cities schema` generates, and each file of the value-error
//! fixtures fails them as many times as it has wrong values. Read by a real JSON Schema
//! validator (the `jsonschema` crate), with TOML's own date types checked as TOML editors
//! (tombi) check them.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers may, as tests do

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::root;

/// Every generated schema, by file name.
fn schemas() -> BTreeMap<String, jsonschema::Validator> {
    sister_cities::content::schema::all()
        .into_iter()
        .map(|(name, json)| {
            let schema: serde_json::Value = serde_json::from_str(&json).unwrap();
            let validator = jsonschema::options()
                .should_validate_formats(true)
                // TOML's local date-time (no offset), as TOML editors name it.
                .with_format("date-time-local", |text: &str| {
                    text.parse::<jiff::civil::DateTime>().is_ok() && text.contains('T')
                })
                .build(&schema)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, validator)
        })
        .collect()
}

/// The schema a content file names on its first line (`#:schema ../schema/city.schema.json`),
/// or by where it is.
fn schema_of(path: &Path) -> String {
    let parent = path
        .parent()
        .and_then(Path::file_name)
        .and_then(|n| n.to_str());
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    // A translation file (`seika.es.toml`) is checked against its kind's translation schema.
    let stem = name.strip_suffix(".toml").unwrap_or(name);
    if let Some((english, language)) = stem.rsplit_once('.')
        && language.len() == 2
    {
        let english = path.with_file_name(format!("{english}.toml"));
        return schema_of(&english).replace(".schema.json", ".translation.schema.json");
    }
    let schema = match (parent, name) {
        (Some("cities"), _) => "city.schema.json",
        (Some("events"), _) => "event.schema.json",
        (Some("news"), _) => "news.schema.json",
        (Some("pages"), _) => "page.schema.json",
        (_, "site.toml") => "site.schema.json",
        (_, "program.toml") => "program.schema.json",
        (_, "get-involved.toml") => "get-involved.schema.json",
        _ => panic!("no schema for {}", path.display()),
    };
    schema.to_owned()
}

/// TOML as the JSON a schema validates: dates and times become text, as editors read them.
fn to_json(value: toml::Value) -> serde_json::Value {
    match value {
        toml::Value::Datetime(datetime) => datetime.to_string().into(),
        toml::Value::Array(items) => items.into_iter().map(to_json).collect(),
        toml::Value::Table(table) => table
            .into_iter()
            .map(|(key, value)| (key, to_json(value)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
        other => serde_json::to_value(other).unwrap(),
    }
}

/// The schema errors of one file.
fn errors(validators: &BTreeMap<String, jsonschema::Validator>, path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let table: toml::Table = text
        .parse()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let json = to_json(toml::Value::Table(table));
    validators[&schema_of(path)]
        .iter_errors(&json)
        .map(|error| format!("{}: {error}", error.instance_path()))
        .collect()
}

fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() && path.file_name().is_some_and(|n| n != "schema") {
            files.extend(toml_files(&path));
        } else if path.extension().is_some_and(|e| e == "toml") {
            files.push(path);
        }
    }
    files.sort();
    files
}

#[test]
fn every_valid_file_passes_the_schemas() {
    let validators = schemas();
    let mut checked = 0;
    for dir in [root().join("content"), root().join("tests/fixtures/valid")] {
        for file in toml_files(&dir) {
            let found = errors(&validators, &file);
            assert!(found.is_empty(), "{}: {found:#?}", file.display());
            checked += 1;
        }
    }
    assert!(checked >= 20, "{checked} files");
}

#[test]
fn each_wrong_value_of_the_fixtures_fails_the_schemas() {
    let validators = schemas();
    let invalid = root().join("tests/fixtures/invalid");
    // Each fixture's wrong values that a schema can say (a year in the future or a city
    // named twice needs `check`), by file.
    let cases: [(&str, &[(&str, usize)]); 13] = [
        ("schema-values", &[("cities/seika.toml", 6)]),
        ("bad-coordinates", &[("cities/seika.toml", 1)]),
        ("bad-url", &[("cities/seika.toml", 1)]),
        ("unknown-time-zone", &[("cities/seika.toml", 1)]),
        (
            "time-zone-abbreviation",
            &[
                ("cities/colima.toml", 1),
                ("cities/seika.toml", 1),
                ("events/reception.toml", 1),
                ("site.toml", 1),
            ],
        ),
        ("bad-milestone-kind", &[("cities/seika.toml", 1)]),
        (
            "many-problems",
            &[
                ("cities/colima.toml", 1),
                ("cities/seika.toml", 2),
                ("site.toml", 1),
            ],
        ),
        ("missing-alt-text", &[("cities/seika.toml", 1)]),
        (
            "us-date-quoted",
            &[
                ("events/reception.toml", 1),
                ("news/seika-agreement.toml", 1),
            ],
        ),
        ("bad-news-date", &[("news/colima-relief.toml", 1)]),
        ("wrong-type", &[("cities/seika.toml", 1)]),
        // A misspelt key is unknown, and the key it stands for is missing.
        ("unknown-key", &[("cities/seika.toml", 2)]),
        ("missing-field", &[("cities/seika.toml", 1)]),
    ];
    for (case, files) in cases {
        for (file, count) in files {
            let path = invalid.join(case).join(file);
            let found = errors(&validators, &path);
            assert_eq!(found.len(), *count, "{case}/{file}: {found:#?}");
        }
    }
}

#[test]
fn a_translation_file_is_checked_as_a_translation() {
    let validators = schemas();
    let schema = &validators["city.translation.schema.json"];
    let valid: toml::Value = toml::from_str(
        "summary = \"Un pueblo.\"\n[[milestones]]\nnote = \"Primero.\"\n\
         [translated_from]\nsummary = \"0123abcd\"\n",
    )
    .unwrap();
    let errors: Vec<String> = schema
        .iter_errors(&to_json(valid))
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    for wrong in [
        "summary = 5\n",
        "[translated_from]\nsummary = \"not a fingerprint\"\n",
        "motto = \"x\"\n",
    ] {
        let value: toml::Value = toml::from_str(wrong).unwrap();
        assert!(
            schema.iter_errors(&to_json(value)).next().is_some(),
            "{wrong}"
        );
    }
}
