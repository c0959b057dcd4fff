//! Content: TOML files in `content/` -> checked, typed model.
//!
//! Loading runs in steps, each with its own module:
//! 1. [`files`]: read the folder into a set of files (bytes, owner, time), recognising files
//!    that are not UTF-8;
//! 2. `parse`: each file's text into serde structs that mirror the TOML and reject unknown
//!    keys (`shape` finds every such problem in a file, not only the first; `hints` says what
//!    to write instead);
//! 3. [`validate`]: check meaning (time zones, URLs, years...) into the [`model`] types;
//! 4. [`assemble`]: the newest good version of every file, or its last good one, with the
//!    cross-file checks (two cities with one name, events naming cities).
//!
//! Every problem is a [`Diagnostic`] pointing into its file. A file with problems holds back
//! only itself: the rest of the content is published, and that file keeps its last good
//! version until it is fixed.

mod assemble;
pub mod cache;
mod changes; // reading again only the files the watcher saw change
pub mod checker;
pub mod diagnostic;
pub mod editions;
mod file_set;
pub mod files;
mod hints;
pub mod markdown;
pub mod model;
mod parse;
mod photo_format;
pub mod raw;
mod rules;
pub mod schema;
mod shape;
pub mod translate;
pub mod validate;
mod zones;

use std::path::PathBuf;

use jiff::civil::Date;

pub use assemble::{Assembly, assemble, assemble_cached};
pub use cache::Cache;
pub use checker::Context;
pub use diagnostic::{Diagnostic, Diagnostics, SourceFile};
pub use files::{FileSet, FileVersion, Folder, Kind};
pub(crate) use hints::nearest;
pub use model::{Content, Untranslated};
pub use photo_format::PhotoFormat;

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

/// Loads and validates every content file, as `check` does: the content loads only when no
/// file has an error. On failure, returns every problem found.
pub fn load(source: &Source, today: Date) -> Result<Content, Diagnostics> {
    assemble::load_strict(source, today).map(|(content, _)| content)
}

/// Loads the content as [`load`] does, in every language of the site: English first, then
/// each further language's edition (for `build` and tests).
pub fn load_editions(source: &Source, today: Date) -> Result<Vec<Content>, Diagnostics> {
    let folder = Folder::read(&source.content_dir);
    match assemble(source, today, &folder, &FileSet::default()) {
        Ok(assembly) if !assembly.problems.has_errors() => Ok(std::iter::once(assembly.content)
            .chain(assembly.translations)
            .collect()),
        Ok(assembly) => Err(assembly.problems),
        Err(problems) => Err(problems),
    }
}

/// Every problem of the content folder, errors and warnings, in file order.
pub fn problems(source: &Source, today: Date) -> Diagnostics {
    match assemble::load_strict(source, today) {
        Ok((_, warnings)) => warnings,
        Err(problems) => problems,
    }
}
