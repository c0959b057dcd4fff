//! The language a page is rendered in, among the site's languages: its words, its addresses,
//! and the same page in the others.

use crate::i18n::{Arg, Locale, Markup};
use crate::paths;

/// One language of the site, and all of them (the source language first).
pub struct Lang<'a> {
    pub locale: &'a Locale,
    pub all: &'a [Locale],
}

impl<'a> Lang<'a> {
    /// "es": for `<html lang>` and `Content-Language`.
    pub fn tag(&self) -> &str {
        &self.locale.tag
    }

    pub fn og_locale(&self) -> String {
        self.locale.og_locale()
    }

    /// Every language's tag, the source language first.
    pub fn tags(&self) -> Vec<&'a str> {
        self.all.iter().map(|l| l.tag.as_str()).collect()
    }

    /// The site's other languages.
    pub fn others(&self) -> impl Iterator<Item = &'a Locale> + '_ {
        self.all.iter().filter(|l| l.tag != self.locale.tag)
    }

    /// An English address in this language.
    pub fn path(&self, path: &str) -> String {
        self.locale.path(path)
    }

    /// The page at `path` (in any language) in the language `to`.
    pub fn twin(&self, path: &str, to: &str) -> String {
        paths::twin(path, &self.tags(), to)
    }

    /// The page at `path` in every language: (tag, address).
    pub fn twins(&self, path: &str) -> Vec<(&'a str, String)> {
        let tags = self.tags();
        tags.iter()
            .map(|tag| (*tag, paths::twin(path, &tags, tag)))
            .collect()
    }

    /// A message as plain text.
    pub fn text(&self, id: &str, args: &[(&str, Arg)]) -> String {
        self.locale.text(id, args)
    }

    /// A message without arguments, as plain text.
    pub fn t(&self, id: &str) -> String {
        self.locale.text(id, &[])
    }

    /// A message as HTML.
    pub fn html(&self, id: &str, args: &[(&str, Arg)]) -> Markup {
        self.locale.html(id, args)
    }

    /// 128026 -> "128,026".
    pub fn number(&self, n: u64) -> String {
        self.locale.formats.number(n)
    }
}
