//! What every page's layout (`templates/base.html`) shows around the page: title, description,
//! link previews, breadcrumbs, navigation and footer links.

use crate::content::Content;
use crate::content::model::Site;
use crate::paths;

use super::format;
use super::jsonld::JsonLd;

pub struct Layout<'a> {
    pub site: &'a Site,
    /// The `<title>`: unique per page, most specific part first.
    pub title: String,
    /// The site's name, after each page's own title and in link previews.
    pub site_name: String,
    /// The `<meta name="description">`.
    pub description: String,
    /// This page's path, e.g. "/cities/seika"; marks the current navigation link.
    pub path: String,
    /// Breadcrumbs above the heading; empty on the home page.
    pub breadcrumbs: Vec<Crumb>,
    /// The Open Graph type: "website", or "article" for a news item.
    pub og_type: &'static str,
    /// Structured data about what the page describes, if anything.
    pub json_ld: Option<JsonLd>,
    /// Pages linked from every footer (accessibility statement, privacy): (label, path).
    pub footer_links: Vec<(String, String)>,
}

/// A link in the breadcrumbs.
pub struct Crumb {
    pub label: String,
    pub href: String,
}

impl<'a> Layout<'a> {
    /// The layout of the page at `path`, whose heading is `heading`.
    pub fn new(content: &'a Content, heading: &str, path: String, description: String) -> Self {
        let site = &content.site;
        let site_name = format::site_name(site);
        let title = if path == paths::HOME {
            site_name.clone()
        } else {
            format!("{heading} – {site_name}")
        };
        Layout {
            site,
            title,
            site_name,
            description,
            path,
            breadcrumbs: Vec::new(),
            og_type: "website",
            json_ld: None,
            footer_links: content
                .pages
                .iter()
                .filter(|page| page.in_footer)
                .map(|page| (page.title.clone(), paths::page(page.slug.as_str())))
                .collect(),
        }
    }

    /// Breadcrumbs from the home page, then `parents` (label, path).
    pub fn with_crumbs(mut self, content: &Content, parents: &[(&str, &str)]) -> Self {
        self.breadcrumbs = std::iter::once((content.program.title.as_str(), paths::HOME))
            .chain(parents.iter().copied())
            .map(|(label, href)| Crumb {
                label: label.to_owned(),
                href: href.to_owned(),
            })
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
}
