//! Compiles in the message catalogues: every `templates/locales/{language}.ftl` becomes an
//! entry of `CATALOGUES` (src/i18n/mod.rs), so a new language is a new file, not new code.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new("templates/locales");
    println!("cargo::rerun-if-changed={}", dir.display());
    let mut found: Vec<(String, String)> = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "ftl")
                && let Some(stem) = path.file_stem().and_then(|s| s.to_str())
                && let Ok(absolute) = std::fs::canonicalize(&path)
            {
                println!("cargo::rerun-if-changed={}", path.display());
                found.push((stem.to_owned(), absolute.display().to_string()));
            }
        }
    }
    found.sort();
    let mut code = String::from("&[\n");
    for (language, path) in &found {
        let _ = writeln!(code, "    ({language:?}, include_str!({path:?})),");
    }
    code.push(']');
    let out = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".to_owned());
    if let Err(error) = std::fs::write(Path::new(&out).join("catalogues.rs"), code) {
        println!("cargo::error=cannot write the list of catalogues: {error}");
    }
}
