//! Draft previews: a page of the site as it will look with drafts and scheduled items shown,
//! in the site's own layout, under a "Draft preview" banner, for staff only.
//!
//! The whole site is rendered with drafts shown, once per content version (and again every
//! few minutes, for what changes with time), off the request path, and kept until the content
//! changes: the renderer stays the one way pages are made.

use std::sync::{Arc, Mutex, PoisonError};

use jiff::{SignedDuration, Timestamp};

use crate::live::Live;
use crate::paths;
use crate::render::{self, RenderError, Site};

/// How long a preview site is used for the same content before it is rendered again (event
/// lists, clocks and scheduled items move with time).
const FRESH_FOR: SignedDuration = SignedDuration::from_mins(5);

/// The site with drafts shown, for the current content version.
#[derive(Default)]
pub struct Previews {
    cached: Mutex<Option<Cached>>,
}

struct Cached {
    version: String,
    rendered_for: Timestamp,
    site: Arc<Site>,
}

impl Previews {
    /// The site with drafts shown, as the live content is now: rendered when the content has
    /// changed since the last preview. Blocks while rendering (call it off the async threads).
    pub fn site(&self, live: &Live) -> Result<Arc<Site>, RenderError> {
        // One render at a time: previews asked for meanwhile wait for it and share it.
        let mut cached = self.cached.lock().unwrap_or_else(PoisonError::into_inner);
        let snapshot = arc_swap::Guard::into_inner(live.snapshot());
        let now = snapshot.rendered_at;
        if let Some(kept) = &*cached
            && kept.version == snapshot.version
            && now.duration_since(kept.rendered_for).abs() < FRESH_FOR
        {
            return Ok(kept.site.clone());
        }
        let options = render::Options { drafts: true, now };
        let site = render::render_with_assets(
            &snapshot.content,
            &snapshot.translations,
            &options,
            &snapshot.assets,
            None,
        )?;
        let site = Arc::new(site);
        *cached = Some(Cached {
            version: snapshot.version.clone(),
            rendered_for: now,
            site: site.clone(),
        });
        Ok(site)
    }
}

/// The banner every preview shows at the top of its main content.
const BANNER: &str = concat!(
    "\n<div class=\"sc-notification\" id=\"draft-preview\">\n",
    "<div class=\"sc-notification__header\"><p class=\"sc-notification__title\">Draft preview</p></div>\n",
    "<div class=\"sc-notification__content\"><p>This page is shown as it will look with drafts ",
    "and scheduled items on the site. Residents do not see drafts; links here stay in the ",
    "preview. <a href=\"/staff\">Back to the staff pages</a></p></div>\n",
    "</div>"
);

/// A page of the preview site, made a preview: the banner first in its main content, and its
/// links to other pages of the preview site (`is_page`) pointed at their previews.
pub fn page(html: &str, is_page: impl Fn(&str) -> bool) -> String {
    // The banner goes just inside <main>, so the skip link leads to it; else after <body>.
    let at = open_tag_end(html, "<main")
        .or_else(|| open_tag_end(html, "<body"))
        .unwrap_or(0);
    let (head, tail) = html.split_at(at);
    // The tab says it is a preview, too.
    let head = head.replacen("<title>", "<title>Draft preview: ", 1);
    let mut out = point_links(&head, &is_page);
    out.push_str(BANNER);
    out.push_str(&point_links(tail, &is_page));
    out
}

/// Whether a path is an HTML page of `site`.
pub fn is_html_page(site: &Site, path: &str) -> bool {
    site.page(path)
        .is_some_and(|page| page.content_type.as_bytes().starts_with(b"text/html"))
}

/// Where the first `tag` (such as `<main`) ends: just after its `>`.
fn open_tag_end(html: &str, tag: &str) -> Option<usize> {
    let start = html.find(tag)?;
    let end = html[start..].find('>')?;
    Some(start + end + 1)
}

/// `href="/path"` -> `href="/staff/preview/path"` for each path that is an HTML page of the
/// preview site (not for stylesheets, feeds, files, or addresses elsewhere).
fn point_links(html: &str, is_page: &impl Fn(&str) -> bool) -> String {
    const HREF: &str = "href=\"/";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(found) = rest.find(HREF) {
        let (before, from) = rest.split_at(found);
        out.push_str(before);
        let value_start = "href=\"".len();
        let value_end = from[value_start..]
            .find('"')
            .map_or(from.len(), |end| value_start + end);
        let value = &from[value_start..value_end];
        let path = value.split(['#', '?']).next().unwrap_or(value);
        if !path.starts_with("//") && is_page(path) {
            out.push_str("href=\"");
            out.push_str(&paths::staff_preview(path));
            out.push_str(&value[path.len()..]);
        } else {
            out.push_str(&from[..value_end]);
        }
        rest = &from[value_end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_banner_goes_inside_main_or_after_body_or_first() {
        let none = |_: &str| false;
        let html = "<body><a href=\"#main-content\">Skip</a><main id=\"m\">x</main></body>";
        let out = page(html, none);
        let expected = format!(
            "<body><a href=\"#main-content\">Skip</a><main id=\"m\">{BANNER}x</main></body>"
        );
        assert_eq!(out, expected);
        assert_eq!(
            page("<body>x</body>", none),
            format!("<body>{BANNER}x</body>")
        );
        assert_eq!(page("x", none), format!("{BANNER}x"));
        assert_eq!(page("<main", none), format!("{BANNER}<main"));
    }

    #[test]
    fn links_to_pages_of_the_preview_lead_to_their_previews() {
        let pages = |path: &str| ["/", "/cities/seika"].contains(&path);
        let html = concat!(
            "<link rel=\"stylesheet\" href=\"/static/css/site.css\">",
            "<a href=\"/\">Home</a><a href=\"/#partners\">Partners</a>",
            "<a href=\"/cities/seika?x=1#top\">Seika</a><a href=\"/nope\">No</a>",
            "<a href=\"//elsewhere.example/\">Far</a><a href=\"https://a.example/\">A</a>",
            "<a href=\"#main\">Main</a><a href=\"/unclosed"
        );
        let out = point_links(html, &pages);
        assert_eq!(
            out,
            concat!(
                "<link rel=\"stylesheet\" href=\"/static/css/site.css\">",
                "<a href=\"/staff/preview\">Home</a><a href=\"/staff/preview#partners\">Partners</a>",
                "<a href=\"/staff/preview/cities/seika?x=1#top\">Seika</a><a href=\"/nope\">No</a>",
                "<a href=\"//elsewhere.example/\">Far</a><a href=\"https://a.example/\">A</a>",
                "<a href=\"#main\">Main</a><a href=\"/unclosed"
            )
        );
    }
}
