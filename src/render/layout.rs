//! What every page's layout (`templates/base.html`) shows around the page: title, description,
//! link previews, the page in the other languages, breadcrumbs, navigation and footer links;
//! and the words of the page's language, for the templates ([`Layout::t`]).

use crate::content::Content;
use crate::content::model::Site;
use crate::i18n::{Arg, Markup};
use crate::paths;

use super::format;
use super::jsonld::JsonLd;
use super::language::Lang;
use super::reads::{self, Read};

pub struct Layout<'a> {
    pub site: &'a Site,
    /// The page's language, and the site's others.
    pub lang: &'a Lang<'a>,
    /// The content in the page's language (to tell which texts are still in English).
    content: &'a Content,
    /// The `<title>`: unique per page, most specific part first.
    pub title: String,
    /// The site's name, after each page's own title and in link previews.
    pub site_name: String,
    /// The `<meta name="description">`.
    pub description: String,
    /// This page's path in its language, e.g. "/es/cities/seika"; marks the current
    /// navigation link.
    pub path: String,
    /// Breadcrumbs above the heading; empty on the home page.
    pub breadcrumbs: Vec<Crumb>,
    /// The Open Graph type: "website", or "article" for a news item.
    pub og_type: &'static str,
    /// Structured data about what the page describes, if anything.
    pub json_ld: Option<JsonLd>,
    /// Pages linked from every footer (accessibility statement, privacy).
    pub footer_links: Vec<Crumb>,
}

/// A link in the breadcrumbs or the footer.
pub struct Crumb {
    pub label: String,
    pub href: String,
    /// ` lang="en"` when the label is a text not translated yet.
    pub lang: Markup,
}

/// The same page in another language, for `<link rel="alternate" hreflang>`.
pub struct Alternate {
    /// "en", "es", or "x-default" (the English page, for any other language).
    pub hreflang: String,
    pub href: String,
}

/// A link of the language switcher: the same page in another language, named in it.
pub struct Switch {
    pub tag: String,
    /// "Español", "English".
    pub name: String,
    pub href: String,
}

impl<'a> Layout<'a> {
    /// The layout of the page at `path` (its English address), whose heading is `heading`.
    pub fn new(
        content: &'a Content,
        lang: &'a Lang<'a>,
        heading: &str,
        path: String,
        description: String,
    ) -> Self {
        reads::read(Read::Shared);
        let site = &content.site;
        let site_name = format::site_name(site);
        let title = if path == paths::HOME {
            site_name.clone()
        } else {
            format!("{heading} – {site_name}")
        };
        Layout {
            site,
            lang,
            content,
            title,
            site_name,
            description,
            path: lang.path(&path),
            breadcrumbs: Vec::new(),
            og_type: "website",
            json_ld: None,
            footer_links: content
                .pages
                .iter()
                .filter(|page| page.in_footer)
                .map(|page| Crumb {
                    label: page.title.clone(),
                    href: lang.path(&paths::page(page.slug.as_str())),
                    lang: lang_attr(content, &page_file(page.slug.as_str()), "title"),
                })
                .collect(),
        }
    }

    /// Breadcrumbs from the home page, then `parents` (label, English path).
    pub fn with_crumbs(mut self, content: &Content, parents: &[(&str, &str)]) -> Self {
        let home = Crumb {
            label: content.program.title.clone(),
            href: self.lang.path(paths::HOME),
            lang: lang_attr(content, crate::content::PROGRAM_FILE, "title"),
        };
        self.breadcrumbs = std::iter::once(home)
            .chain(parents.iter().map(|(label, href)| Crumb {
                label: (*label).to_owned(),
                href: self.lang.path(href),
                lang: Markup::default(),
            }))
            .collect();
        self
    }

    /// The full public address of this page.
    pub fn canonical(&self) -> String {
        format!("{}{}", self.site.base_url.origin_and_path(), self.path)
    }

    /// `aria-current="page"` belongs on the navigation link to this page.
    pub fn is_current(&self, href: &str) -> bool {
        href == self.path
    }

    /// A link to a page of the site (an English address) in this page's language; an address
    /// elsewhere as it is.
    pub fn href(&self, path: &str) -> String {
        if path.starts_with('/') && !path.starts_with("//") {
            self.lang.path(path)
        } else {
            path.to_owned()
        }
    }

    /// Whether this is a page not found, served at every unknown address: it has no twin of
    /// its own.
    fn is_not_found(&self) -> bool {
        paths::in_source(&self.path, &self.lang.tags()) == paths::NOT_FOUND
    }

    /// This page in every language of the site, and English as the default (none for the
    /// page not found).
    pub fn alternates(&self) -> Vec<Alternate> {
        if self.is_not_found() {
            return Vec::new();
        }
        let base = self.site.base_url.origin_and_path();
        let mut alternates: Vec<Alternate> = self
            .lang
            .twins(&self.path)
            .into_iter()
            .map(|(tag, path)| Alternate {
                hreflang: tag.to_owned(),
                href: format!("{base}{path}"),
            })
            .collect();
        if alternates.len() < 2 {
            return Vec::new();
        }
        if let Some(source) = alternates.first() {
            let default = Alternate {
                hreflang: "x-default".to_owned(),
                href: source.href.clone(),
            };
            alternates.push(default);
        }
        alternates
    }

    /// The Open Graph locales of the site's other languages: "es_US".
    pub fn other_locales(&self) -> Vec<String> {
        self.lang
            .others()
            .map(|locale| locale.og_locale())
            .collect()
    }

    /// The language switcher: this page in each other language (from the page not found,
    /// the other language's home page).
    pub fn switcher(&self) -> Vec<Switch> {
        let page = if self.is_not_found() {
            paths::HOME
        } else {
            &self.path
        };
        self.lang
            .others()
            .map(|locale| Switch {
                tag: locale.tag.clone(),
                name: locale.text("language-name", &[]),
                href: self.lang.twin(page, &locale.tag),
            })
            .collect()
    }

    /// A message of the page's language, as HTML.
    pub fn t(&self, id: &str) -> Markup {
        self.lang.html(id, &[])
    }

    /// A message with one argument.
    pub fn t1(&self, id: &str, name: &str, value: &dyn ToArg) -> Markup {
        self.lang.html(id, &[(name, value.to_arg())])
    }

    /// A message with two arguments.
    pub fn t2(
        &self,
        id: &str,
        name: &str,
        value: &dyn ToArg,
        name2: &str,
        value2: &dyn ToArg,
    ) -> Markup {
        self.lang
            .html(id, &[(name, value.to_arg()), (name2, value2.to_arg())])
    }

    /// A message with three arguments.
    #[allow(clippy::too_many_arguments)]
    pub fn t3(
        &self,
        id: &str,
        name: &str,
        value: &dyn ToArg,
        name2: &str,
        value2: &dyn ToArg,
        name3: &str,
        value3: &dyn ToArg,
    ) -> Markup {
        let args = [
            (name, value.to_arg()),
            (name2, value2.to_arg()),
            (name3, value3.to_arg()),
        ];
        self.lang.html(id, &args)
    }

    /// ` lang="en"` for an element holding the text at `path` of `file` when it is not
    /// translated into the page's language yet (nothing otherwise).
    pub fn lang_of(&self, file: &str, path: impl AsRef<str>) -> Markup {
        lang_attr(self.content, file, path.as_ref())
    }

    /// ` lang="en"` on a page in another language, for content that is never translated and
    /// is written in English (the sources of facts: titles of English documents).
    pub fn english(&self) -> Markup {
        if self.lang.locale.is_source {
            Markup::default()
        } else {
            Markup(" lang=\"en\"".to_owned())
        }
    }

    /// ` lang="en"` for the text at `{list}.{index}.{key}` (`{list}.{index}` without a key).
    pub fn lang_item(&self, file: &str, list: &str, index: &usize, key: &str) -> Markup {
        let path = if key.is_empty() {
            format!("{list}.{index}")
        } else {
            format!("{list}.{index}.{key}")
        };
        lang_attr(self.content, file, &path)
    }

    /// ` lang="en"` for the text at `{base}.{key}` (`sections.2` and `heading`).
    pub fn lang_in(&self, file: &str, base: &str, key: &str) -> Markup {
        lang_attr(self.content, file, &format!("{base}.{key}"))
    }

    /// The note before the block of text at `{base}.{key}`, as [`Layout::note`].
    pub fn note_in(&self, file: &str, base: &str, key: &str) -> Markup {
        self.note(file, format!("{base}.{key}"))
    }

    /// The content file of a sister city: `cities/seika.toml`.
    pub fn city_file(&self, city: &crate::content::model::City) -> String {
        format!("{}/{}.toml", crate::content::CITIES_DIR, city.slug.as_str())
    }

    /// A text of the content within a sentence or line: in a `<span lang="en">` when it is
    /// not translated yet.
    pub fn text(&self, file: &str, path: impl AsRef<str>, text: &str) -> Markup {
        let escaped = Markup(escape(text));
        if untranslated(self.content, file, path.as_ref()) {
            Markup(format!("<span lang=\"en\">{escaped}</span>"))
        } else {
            escaped
        }
    }

    /// A text of a list's item (`{list}.{index}.{key}`) within a line, as [`Layout::text`].
    pub fn text_item(
        &self,
        file: &str,
        list: &str,
        index: &usize,
        key: &str,
        text: &str,
    ) -> Markup {
        self.text(file, format!("{list}.{index}.{key}"), text)
    }

    /// Before a block of text not translated yet: a note saying so, in the page's language.
    pub fn note(&self, file: &str, path: impl AsRef<str>) -> Markup {
        if untranslated(self.content, file, path.as_ref()) {
            Markup(format!(
                "<p class=\"sc-untranslated\">{}</p>\n",
                self.t("untranslated-note")
            ))
        } else {
            Markup::default()
        }
    }
}

/// ` lang="en"` when the text at `path` of `file` is shown in English in `content`.
pub fn lang_attr(content: &Content, file: &str, path: &str) -> Markup {
    if untranslated(content, file, path) {
        Markup(" lang=\"en\"".to_owned())
    } else {
        Markup::default()
    }
}

/// Whether the text at `path` of the content `file` is still in the first language (a read
/// of the page being rendered).
fn untranslated(content: &Content, file: &str, path: &str) -> bool {
    reads::read(Read::Untranslated(file.into()));
    content.is_untranslated(file, path)
}

/// The content file of a page of its own: `pages/accessibility.toml`.
pub fn page_file(slug: &str) -> String {
    format!("{}/{slug}.toml", crate::content::PAGES_DIR)
}

fn escape(text: &str) -> String {
    match askama::filters::escape(text, askama::filters::Html) {
        Ok(escaped) => escaped.to_string(),
        Err(never) => match never {},
    }
}

/// A value templates put into a message: a text, or a number (for plural forms).
pub trait ToArg {
    fn to_arg(&self) -> Arg;
}

impl ToArg for str {
    fn to_arg(&self) -> Arg {
        Arg::from(self)
    }
}

impl ToArg for String {
    fn to_arg(&self) -> Arg {
        Arg::from(self.as_str())
    }
}

impl<T: ToArg + ?Sized> ToArg for &T {
    fn to_arg(&self) -> Arg {
        (**self).to_arg()
    }
}

impl ToArg for Markup {
    fn to_arg(&self) -> Arg {
        Arg::Html(self.as_str().to_owned())
    }
}

macro_rules! number_to_arg {
    ($($t:ty),*) => {$(
        impl ToArg for $t {
            fn to_arg(&self) -> Arg {
                Arg::from(*self)
            }
        }
    )*};
}
number_to_arg!(usize, u64, i16, i64, u32);
