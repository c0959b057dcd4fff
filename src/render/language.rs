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

    /// Links in a page of this language to pages of the source language (`is_page`), as the
    /// content's own texts write them (`[how to get involved](/get-involved)`), pointed at
    /// the same pages in this language: a reader stays in the language they chose. The
    /// program's own links are in the language already, and a link with `hreflang` (the
    /// language switcher's) goes to the language it names.
    pub fn localize_links(&self, html: &str, is_page: impl Fn(&str) -> bool) -> String {
        const HREF: &str = "href=\"/";
        if self.locale.is_source {
            return html.to_owned();
        }
        let mut out = String::with_capacity(html.len());
        let mut rest = html;
        while let Some(found) = rest.find(HREF) {
            let (before, from) = rest.split_at(found);
            out.push_str(before);
            let start = "href=\"".len();
            let end = from[start..]
                .find('"')
                .map_or(from.len(), |end| start + end);
            let value = &from[start..end];
            let path = value.split(['#', '?']).next().unwrap_or(value);
            let tag_rest = &from[end..];
            let tag_rest = &tag_rest[..tag_rest.find('>').unwrap_or(tag_rest.len())];
            out.push_str("href=\"");
            if !path.starts_with("//") && !tag_rest.contains("hreflang=") && is_page(path) {
                out.push_str(&self.path(path));
                out.push_str(&value[path.len()..]);
            } else {
                out.push_str(value);
            }
            rest = &from[end..];
        }
        out.push_str(rest);
        out
    }

    /// 128026 -> "128,026".
    pub fn number(&self, n: u64) -> String {
        self.locale.formats.number(n)
    }
}
