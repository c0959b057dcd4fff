//! The site's languages and each language's edition of the content (stand-in: every text of
//! a further language is the English one, marked untranslated, until translation files are
//! read into it).

use std::fmt;

use jiff::civil::Date;

use super::model::{Content, LangTag};
use super::{Diagnostics, Source};

/// A language of the site: a valid BCP 47 tag ("en", "es").
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Language(String);

impl Language {
    pub fn parse(text: &str) -> Option<Language> {
        LangTag::parse(text).map(|tag| Language(tag.as_str().to_owned()))
    }

    /// English, the language content files are written in.
    pub fn source() -> Language {
        Language("en".to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The languages of the site, English (the source language) first.
pub fn default_languages() -> Vec<Language> {
    vec![Language::source(), Language("es".to_owned())]
}

/// Which texts of an edition are still in English.
#[derive(Debug, Clone, Default)]
pub struct Untranslated {
    /// Every text (an edition made of the English content alone).
    all: bool,
}

impl Content {
    /// Whether the text at `path` (`summary`, `milestones.2.note`) of the content file `file`
    /// (`cities/seika.toml`) is shown in English in this edition. Always false for English.
    pub fn is_untranslated(&self, file: &str, path: &str) -> bool {
        let _ = (file, path);
        self.untranslated.all
    }

    /// The edition of this (English) content in `language`, every text untranslated.
    pub fn untranslated_edition(&self, language: Language) -> Content {
        let mut edition = self.clone();
        edition.language = language;
        edition.untranslated = Untranslated { all: true };
        edition
    }

    /// Every further language's edition of this English content.
    pub fn translations(&self) -> Vec<Content> {
        self.site
            .languages
            .iter()
            .skip(1)
            .map(|language| self.untranslated_edition(language.clone()))
            .collect()
    }
}

/// The content in every language of the site, English first.
pub fn load_editions(source: &Source, today: Date) -> Result<Vec<Content>, Diagnostics> {
    let english = super::load(source, today)?;
    let translations = english.translations();
    Ok(std::iter::once(english).chain(translations).collect())
}
