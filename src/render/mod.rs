//! Rendering: the validated content model -> every page of the site, as bytes in memory.
//!
//! The whole site is rendered at once, off the request path. The router only looks pages up,
//! so a request never waits on a template and never sees a half-built site.

pub mod assets;
mod data;
pub mod encoded;
mod facts;
mod feeds;
mod jsonld;
mod map;
mod pages;
mod routes;

use std::collections::HashMap;

use axum::body::Bytes;
use jiff::Timestamp;

use crate::content::Content;
pub use assets::Assets;
pub use encoded::{Caching, Page};

/// What a rendered site depends on besides the content.
#[derive(Debug, Clone)]
pub struct Options {
    /// Show cities marked `draft = true` (staff preview only).
    pub drafts: bool,
    /// The moment the site is rendered for.
    pub now: Timestamp,
}

/// Every page of the site, ready to serve.
#[derive(Debug, Clone)]
pub struct Site {
    pages: HashMap<String, Page>,
    not_found: Page,
}

impl Site {
    /// The page at a path such as "/" or "/cities/seika".
    pub fn page(&self, path: &str) -> Option<&Page> {
        self.pages.get(path)
    }

    /// The "page not found" page, served with status 404.
    pub fn not_found(&self) -> &Page {
        &self.not_found
    }

    /// Takes over the compressed variants of pages that did not change since `earlier`.
    /// Pages with the same bytes also share them, so a reload keeps one copy of each
    /// unchanged page in memory, not a copy per version of the site.
    pub fn reuse_variants(&mut self, earlier: &Site) {
        for (path, page) in &mut self.pages {
            if let Some(old) = earlier.pages.get(path) {
                page.reuse_variants(old);
                if page.hash == old.hash {
                    page.body = old.body.clone();
                }
            }
        }
        self.not_found.reuse_variants(&earlier.not_found);
    }

    /// Makes every compressed variant not made yet (after the site went live).
    pub fn compress_all(&self) {
        for page in self.pages.values() {
            page.variants();
        }
        self.not_found.variants();
    }

    /// Every path the site serves, sorted.
    pub fn paths(&self) -> Vec<&str> {
        let mut paths: Vec<&str> = self.pages.keys().map(String::as_str).collect();
        paths.sort_unstable();
        paths
    }
}

/// A template failed to render: a bug in a template, not in content.
#[derive(Debug)]
pub struct RenderError {
    pub path: String,
    pub source: askama::Error,
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot render {}: {}", self.path, self.source)
    }
}

impl std::error::Error for RenderError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

const HTML: &str = "text/html; charset=utf-8";

/// Hex digits of the content hash in the address of a file the program makes (as for the
/// static files' fingerprints).
const FINGERPRINT_LEN: usize = 12;

/// Collects the pages of a site as they are rendered.
struct Builder<'a> {
    pages: HashMap<String, Page>,
    assets: &'a Assets,
    now: Timestamp,
}

impl<'a> Builder<'a> {
    /// Starts a site with the static files in memory at their fingerprinted URLs.
    fn new(assets: &'a Assets, now: Timestamp) -> Self {
        let mut pages = assets.files.clone();
        // Browsers ask for /favicon.ico by that name: serve it there too, revalidated.
        if let Some(icon) = assets.file("/static/favicon.ico") {
            let mut icon = icon.clone();
            icon.caching = Caching::Revalidate;
            pages.insert("/favicon.ico".to_owned(), icon);
        }
        Builder { pages, assets, now }
    }

    /// Renders a template to HTML, with static URLs fingerprinted.
    fn render(&self, path: &str, template: &dyn askama::DynTemplate) -> Result<Page, RenderError> {
        let html = template.dyn_render().map_err(|source| RenderError {
            path: path.to_owned(),
            source,
        })?;
        let html = self.assets.rewrite(&html);
        Ok(Page::new(
            Bytes::from(html),
            HTML,
            self.now,
            Caching::Revalidate,
        ))
    }

    /// Renders an HTML page at `path`.
    fn html(
        &mut self,
        path: impl Into<String>,
        template: &dyn askama::DynTemplate,
    ) -> Result<(), RenderError> {
        let path = path.into();
        let page = self.render(&path, template)?;
        self.pages.insert(path, page);
        Ok(())
    }

    /// Adds a file made by the program (the map's background) at a fingerprinted address,
    /// `{stem}.{hash}.{extension}`, kept by browsers for a year like the static files.
    /// Returns that address.
    fn asset(
        &mut self,
        stem: &str,
        extension: &str,
        content_type: &'static str,
        body: impl Into<Bytes>,
    ) -> String {
        let page = Page::new(body.into(), content_type, self.now, Caching::Immutable);
        let path = format!("{stem}.{}.{extension}", &page.hash[..FINGERPRINT_LEN]);
        self.pages.insert(path.clone(), page);
        path
    }

    /// Adds any other file (a feed, a data file) at `path`.
    fn file(&mut self, path: impl Into<String>, content_type: &'static str, body: String) {
        // Kept for as long as the site is live: without the room a growing string leaves.
        let mut body = body.into_bytes();
        body.shrink_to_fit();
        let page = Page::new(body.into(), content_type, self.now, Caching::Revalidate);
        self.pages.insert(path.into(), page);
    }
}

/// Renders every page of the site, with static URLs left plain (no files in memory).
pub fn render(content: &Content, options: &Options) -> Result<Site, RenderError> {
    render_with_assets(content, options, &Assets::default())
}

/// Renders every page of the site, with the static files in memory and fingerprinted.
pub fn render_with_assets(
    content: &Content,
    options: &Options,
    assets: &Assets,
) -> Result<Site, RenderError> {
    let mut site = Builder::new(assets, options.now);
    // From here on, only what residents see now: drafts and unpublished or expired items are
    // left out of every page, list, feed and the sitemap alike.
    let content = &content.visible_at(options.now, options.drafts);
    let cities = pages::PublicCities::new(content.cities.iter().collect());

    // Every page, feed and data file: see routes.rs for the list of addresses.
    routes::render_all(&mut site, content, &cities, options)?;

    let not_found = site.render("404", &pages::NotFound::new(content))?;
    Ok(Site {
        pages: site.pages,
        not_found,
    })
}

/// The next moment after `now` at which the rendered site changes by itself: an item's
/// `publish_at` or `expire_at` passing, an event starting or ending, or (when city pages show
/// their local time) the next minute.
pub fn next_change(content: &Content, now: Timestamp) -> Option<Timestamp> {
    let scheduled = content
        .schedule_moments()
        .filter(|moment| *moment > now)
        .min();
    let events = routes::next_event_change(content, now);
    let clocks = if content.cities.is_empty() {
        None
    } else {
        facts::next_minute(now)
    };
    [scheduled, events, clocks].into_iter().flatten().min()
}
