//! Content: TOML files in `content/` -> checked, typed model.
//!
//! Loading runs in three steps, each with its own module:
//! 1. [`raw`]: parse each file into serde structs that mirror the TOML and reject unknown keys
//!    (`shape` finds every such problem in a file, not only the first);
//! 2. [`validate`]: check meaning (time zones, URLs, years...) into the [`model`] types;
//! 3. cross-file checks (two cities with one name).
//!
//! Every problem in every file is collected as a [`Diagnostic`]; the content loads only when
//! there are none, so nothing downstream ever sees half-valid content.

pub mod diagnostic;
pub mod markdown;
pub mod model;
pub mod raw;
pub mod schema;
mod shape;
pub mod validate;

use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::de::DeserializeOwned;

pub use diagnostic::{Diagnostic, Diagnostics, SourceFile};
pub use model::Content;
pub use validate::Context;

/// The site-wide settings file, inside the content folder.
pub const SITE_FILE: &str = "site.toml";
/// The Sister Cities page's text, inside the content folder.
pub const PROGRAM_FILE: &str = "program.toml";
/// The folder of sister cities, one file each, inside the content folder.
pub const CITIES_DIR: &str = "cities";
/// The folder of events, one file each (optional: no folder, no events).
pub const EVENTS_DIR: &str = "events";
/// The folder of news items, one file each (optional: no folder, no news).
pub const NEWS_DIR: &str = "news";
/// The folder of pages of their own (accessibility statement...), inside the content folder.
pub const PAGES_DIR: &str = "pages";
/// The "Get involved" page's text, inside the content folder.
pub const GET_INVOLVED_FILE: &str = "get-involved.toml";

/// Where content comes from and what to check it against.
#[derive(Debug, Clone)]
pub struct Source {
    pub content_dir: PathBuf,
    /// When set, photos named in content must exist in it.
    pub static_dir: Option<PathBuf>,
    /// Replaces `base_url` from site.toml (the operator's `--base-url`), e.g. for a staging copy.
    pub base_url: Option<String>,
}

/// Today's date, for checks such as "not in the future". UTC is close enough for a year.
pub fn today(now: jiff::Timestamp) -> Date {
    now.to_zoned_datetime(jiff::tz::TimeZone::UTC).date()
}

/// Loads and validates every content file. On failure, returns every problem found.
pub fn load(source: &Source, today: Date) -> Result<Content, Diagnostics> {
    let mut ctx = Context {
        today,
        static_dir: source.static_dir.as_deref(),
        home_zone: jiff::tz::TimeZone::UTC,
    };
    let dir = &source.content_dir;
    let mut diagnostics = Diagnostics::default();

    let mut site = read::<raw::SiteFile>(&dir.join(SITE_FILE), &mut diagnostics)
        .and_then(|(file, raw)| validate::site(&file, &raw, &ctx, &mut diagnostics));
    if let Some(site) = &mut site {
        ctx.home_zone = site.city.time_zone.tz.clone();
        if let Some(url) = &source.base_url {
            match model::HttpsUrl::parse(url) {
                Some(url) => site.base_url = url,
                None => diagnostics.push(
                    Diagnostic::file(
                        Path::new("--base-url"),
                        format!("\"{url}\" is not an https address"),
                    )
                    .help(
                        "the site's public address, such as \"https://sistercities.example.gov\"",
                    ),
                ),
            }
        }
    }
    let program = read::<raw::ProgramFile>(&dir.join(PROGRAM_FILE), &mut diagnostics)
        .map(|(file, raw)| validate::program(&file, &raw, &ctx, &mut diagnostics));
    let get_involved = read::<raw::GetInvolvedFile>(&dir.join(GET_INVOLVED_FILE), &mut diagnostics)
        .map(|(file, raw)| validate::get_involved(&file, &raw, &ctx, &mut diagnostics));
    let shared_modified = [SITE_FILE, PROGRAM_FILE, GET_INVOLVED_FILE]
        .iter()
        .filter_map(|name| modified(&dir.join(name)))
        .max();

    let mut cities = Vec::new();
    let mut names: Vec<(String, PathBuf)> = Vec::new();
    let city_files = toml_files(&dir.join(CITIES_DIR), &mut diagnostics);
    // Events and news may name any city with a file, even one whose file has problems (those
    // are reported there, not again as "no sister city").
    let slugs: Vec<model::Slug> = city_files
        .iter()
        .filter_map(|path| path.file_stem()?.to_str())
        .filter_map(model::Slug::parse)
        .collect();
    for path in city_files {
        let Some((file, raw)) = read::<raw::CityFile>(&path, &mut diagnostics) else {
            continue;
        };
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let name = raw.name.get_ref().trim().to_lowercase();
        if let Some((_, other)) = names.iter().find(|(n, _)| *n == name) {
            diagnostics.push(
                Diagnostic::at(&file, raw.name.span(), "two sister cities have this name").help(
                    format!(
                        "{} already uses it: give each city its own name",
                        other.display()
                    ),
                ),
            );
        }
        names.push((name, path.clone()));
        if let Some(mut city) = validate::city(&file, stem, &raw, &ctx, &mut diagnostics) {
            city.modified = modified(&path);
            cities.push(city);
        }
    }
    // Oldest partnership first, the order residents know from the city's page.
    cities.sort_by(|a, b| {
        let key = |c: &model::City| c.agreement().map(|m| m.date);
        key(a).cmp(&key(b)).then_with(|| a.name.cmp(&b.name))
    });

    let mut events = Vec::new();
    for path in optional_toml_files(&dir.join(EVENTS_DIR), &mut diagnostics) {
        let Some((file, raw)) = read::<raw::EventFile>(&path, &mut diagnostics) else {
            continue;
        };
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let event = validate::event(&file, stem, &raw, &slugs, &ctx, &mut diagnostics);
        if let Some(mut event) = event {
            event.modified = modified(&path);
            events.push(event);
        }
    }
    events.sort_by(|a, b| (a.start.timestamp(), &a.title).cmp(&(b.start.timestamp(), &b.title)));
    let mut news = Vec::new();
    for path in optional_toml_files(&dir.join(NEWS_DIR), &mut diagnostics) {
        let Some((file, raw)) = read::<raw::NewsFile>(&path, &mut diagnostics) else {
            continue;
        };
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        if let Some(mut item) = validate::news(&file, stem, &raw, &slugs, &ctx, &mut diagnostics) {
            item.modified = modified(&path);
            news.push(item);
        }
    }
    // Newest first; items of one date by title.
    news.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)));

    let mut pages = Vec::new();
    for path in optional_toml_files(&dir.join(PAGES_DIR), &mut diagnostics) {
        let Some((file, raw)) = read::<raw::PageFile>(&path, &mut diagnostics) else {
            continue;
        };
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        pages.extend(validate::page(&file, stem, &raw, &ctx, &mut diagnostics));
    }
    pages.sort_by(|a, b| a.title.cmp(&b.title));

    diagnostics.sort();
    match (site, program, get_involved, diagnostics.is_empty()) {
        (Some(site), Some(program), Some(get_involved), true) => Ok(Content {
            site,
            program,
            cities,
            events,
            news,
            get_involved,
            pages,
            modified: shared_modified,
        }),
        _ => Err(diagnostics),
    }
}

/// When a file last changed, for the sitemap's `lastmod`.
fn modified(path: &Path) -> Option<jiff::Timestamp> {
    let time = std::fs::metadata(path).ok()?.modified().ok()?;
    jiff::Timestamp::try_from(time).ok()
}

/// The `.toml` files of a folder that may be left out: no folder means no files.
fn optional_toml_files(dir: &Path, diagnostics: &mut Diagnostics) -> Vec<PathBuf> {
    if dir.exists() {
        toml_files(dir, diagnostics)
    } else {
        Vec::new()
    }
}

/// The `.toml` files of a folder, sorted by name so problems are reported in a stable order.
fn toml_files(dir: &Path, diagnostics: &mut Diagnostics) -> Vec<PathBuf> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            diagnostics.push(
                Diagnostic::file(dir, format!("cannot read the folder: {error}"))
                    .help("create the folder, with one .toml file per sister city"),
            );
            return Vec::new();
        }
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml") && path.is_file())
        .collect();
    files.sort();
    files
}

/// Reads one file and parses it into its raw struct, reporting syntax and shape problems.
fn read<T: DeserializeOwned>(
    path: &Path,
    diagnostics: &mut Diagnostics,
) -> Option<(SourceFile, T)> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) => {
            diagnostics.push(Diagnostic::file(
                path,
                format!("cannot read the file: {error}"),
            ));
            return None;
        }
    };
    let file = SourceFile::new(path.to_path_buf(), text);
    // Syntax first: the recovering parser reports every syntax error, not only the first.
    let (table, syntax_errors) = toml::de::DeTable::parse_recoverable(&file.text);
    if !syntax_errors.is_empty() {
        for error in &syntax_errors {
            diagnostics.push(from_toml_error(&file, error));
        }
        return None;
    }
    // The table just parsed is read into the file's struct (the text is not parsed twice).
    match T::deserialize(toml::de::Deserializer::from(table)) {
        Ok(raw) => Some((file, raw)),
        Err(error) => {
            // That attempt took the table: parse it again to look for further problems.
            let (table, _) = toml::de::DeTable::parse_recoverable(&file.text);
            for error in shape::shape_errors::<T>(table, error, file.text.len()) {
                diagnostics.push(from_toml_error(&file, &error));
            }
            None
        }
    }
}

/// Turns the TOML parser's error into a diagnostic that tells staff what to write instead.
fn from_toml_error(file: &SourceFile, error: &toml::de::Error) -> Diagnostic {
    let message = error.message().trim();
    let span = error.span().unwrap_or(0..0);
    if let Some((key, allowed)) = unknown_key(message) {
        let help = match nearest(key, &allowed) {
            Some(best) => format!("did you mean `{best}`?"),
            None if allowed.is_empty() => "remove this key".to_owned(),
            None => format!("the keys allowed here are {}", backticked(&allowed)),
        };
        return Diagnostic::at(file, span, format!("unknown key `{key}`")).help(help);
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let key = rest.split('`').next().unwrap_or_default();
        let diagnostic = if span.is_empty() && span.start == 0 {
            Diagnostic::file(&file.path, format!("missing key `{key}`"))
        } else {
            Diagnostic::at(file, span, format!("missing key `{key}` in this table"))
        };
        return diagnostic.help(format!(
            "add a line `{key} = ...`; see docs/editing-content.md"
        ));
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest
            .split_once(", expected ")
            .unwrap_or((rest, "another type"));
        let (expected, help) = match expected {
            e if e.contains("string") => ("text", "text goes in double quotes, e.g. \"Japan\""),
            e if e.contains("i64") || e.contains("integer") => {
                ("a whole number", "a whole number without quotes, e.g. 2023")
            }
            e if e.contains("f64") || e.contains("float") => {
                ("a number", "a number without quotes, e.g. 34.76083")
            }
            e if e.contains("bool") => ("true or false", "true or false, without quotes"),
            e if e.contains("sequence") => {
                ("a list", "a list in square brackets, e.g. [\"a\", \"b\"]")
            }
            e => (e, "see docs/editing-content.md for what this key takes"),
        };
        return Diagnostic::at(file, span, format!("expected {expected}, found {found}"))
            .help(help);
    }
    let first_line = message.lines().next().unwrap_or(message);
    Diagnostic::at(file, span, first_line.to_owned())
        .help("check the TOML syntax: key = \"text\", numbers without quotes, [table] headers")
}

/// The key an "unknown field" error names, and the keys it says are allowed there.
fn unknown_key(message: &str) -> Option<(&str, Vec<&str>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let key = rest.split('`').next().unwrap_or_default();
    let allowed = rest
        .split("expected ")
        .nth(1)
        .map(|list| list.split('`').skip(1).step_by(2).collect())
        .unwrap_or_default();
    Some((key, allowed))
}

/// The allowed word closest in spelling to a misspelt one, if any is close enough.
pub(crate) fn nearest<'a, S: AsRef<str> + ?Sized>(
    word: &str,
    allowed: &'a [&'a S],
) -> Option<&'a str> {
    allowed
        .iter()
        .map(|candidate| candidate.as_ref())
        .map(|candidate| (strsim::damerau_levenshtein(word, candidate), candidate))
        .filter(|(distance, candidate)| *distance <= 2.max(candidate.len() / 3))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

fn backticked(keys: &[&str]) -> String {
    keys.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
