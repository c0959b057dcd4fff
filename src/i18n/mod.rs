//! Languages: every interface string of the site (navigation's fixed labels, headings, buttons,
//! the skip link, feeds' and calendars' fixed words, plurals) from a Project Fluent catalogue,
//! `templates/locales/{language}.ftl`, and dates, times and numbers written by ICU4X.
//!
//! A language is data: the site's languages are listed in site.toml (`languages`, English
//! first), and each needs only its catalogue (compiled in by build.rs). Every language is
//! written with the conventions of the United States (`es-US`: "36,542", "6:30 p.m."), as the
//! site's readers are US residents: a Spanish-speaking resident of Norman reads US numbers.
//!
//! - [`catalog`]: the messages, with CLDR plural rules (Fluent)
//! - [`format`](mod@format): dates, times and numbers (ICU4X, compiled data)

pub mod catalog;
pub mod format;

use std::fmt;

pub use catalog::{Arg, Catalog};
pub use format::Formats;

/// Every catalogue compiled in, by language tag: `("en", "...ftl text...")`.
pub const CATALOGUES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/catalogues.rs"));

/// The language every other is translated from, whose catalogue is the reference.
pub const SOURCE_LANGUAGE: &str = "en";

/// The region whose conventions every language is written with: the site's readers live in
/// the United States (`es-US`, `en-US`).
pub const REGION: &str = "US";

/// Text the program wrote as HTML: a message of a catalogue (trusted, like a template) with
/// its arguments escaped. Templates print it as it is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Markup(pub(crate) String);

impl fmt::Display for Markup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl askama::filters::HtmlSafe for Markup {}

impl Markup {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One language of the site: its messages and the way it writes dates, times and numbers.
pub struct Locale {
    /// "en", "es": the language tag, as in site.toml and `<html lang>`.
    pub tag: String,
    /// Whether this is the source language (English): its pages keep their addresses.
    pub is_source: bool,
    pub catalog: Catalog,
    pub formats: Formats,
}

/// Why a language cannot be shown.
#[derive(Debug, thiserror::Error)]
pub enum LocaleError {
    /// No `templates/locales/{tag}.ftl`: the program has no catalogue for the language.
    #[error("there is no message catalogue for the language {0} (templates/locales/{0}.ftl)")]
    NoCatalogue(String),
    /// A catalogue does not parse (a bug in the catalogue; a test reads each one).
    #[error("the message catalogue of {language} has errors: {errors}")]
    Catalogue { language: String, errors: String },
    /// ICU4X has no data to write dates or numbers for the language's locale.
    #[error("cannot write dates and numbers in {0}")]
    Formats(String),
}

impl Locale {
    /// The language `tag` (as in site.toml), with its catalogue and formats.
    pub fn new(tag: &str) -> Result<Locale, LocaleError> {
        let source = CATALOGUES
            .iter()
            .find(|(language, _)| *language == tag)
            .map(|(_, text)| *text)
            .ok_or_else(|| LocaleError::NoCatalogue(tag.to_owned()))?;
        Ok(Locale {
            tag: tag.to_owned(),
            is_source: tag == SOURCE_LANGUAGE,
            catalog: Catalog::new(tag, source)?,
            formats: Formats::new(tag)?,
        })
    }

    /// The locale whose conventions the language is written with: "es-US".
    pub fn regional(&self) -> String {
        format!("{}-{REGION}", self.tag)
    }

    /// Open Graph's form of it: "es_US".
    pub fn og_locale(&self) -> String {
        format!("{}_{REGION}", self.tag)
    }

    /// A message as plain text (a page title, a feed's words): arguments as they are.
    pub fn text(&self, id: &str, args: &[(&str, Arg)]) -> String {
        self.catalog.text(id, args)
    }

    /// A message as HTML, its arguments escaped.
    pub fn html(&self, id: &str, args: &[(&str, Arg)]) -> Markup {
        self.catalog.html(id, args)
    }

    /// The address of the page at `path` (an address of the source language) in this
    /// language: see [`crate::paths::in_language`].
    pub fn path(&self, path: &str) -> String {
        if self.is_source {
            path.to_owned()
        } else {
            crate::paths::in_language(path, &self.tag)
        }
    }
}

/// The languages of the site that have a catalogue, source language first (a language in
/// site.toml without one is left out, and said in the log: its pages cannot be written).
pub fn locales<'t>(tags: impl IntoIterator<Item = &'t str>) -> Vec<Locale> {
    let mut locales: Vec<Locale> = Vec::new();
    for tag in tags {
        if locales.iter().any(|l| l.tag == tag) {
            continue;
        }
        match Locale::new(tag) {
            Ok(locale) => locales.push(locale),
            Err(error) => tracing::warn!(%error, "a language of the site is left out"),
        }
    }
    locales
}
