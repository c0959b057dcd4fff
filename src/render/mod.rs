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
use crate::paths;
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

    /// Makes every compressed variant not made yet (after the site went live), as long as
    /// `go_on` says so before each page. Returns whether every page is done.
    pub fn compress_all(&self, mut go_on: impl FnMut() -> bool) -> bool {
        for page in self.pages.values().chain([&self.not_found]) {
            if !go_on() {
                return false;
            }
            page.variants();
        }
        true
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

/// The name the "page not found" page goes by while it is rendered (it has no address).
const NOT_FOUND: &str = "404";

/// Hex digits of the content hash in the address of a file the program makes (as for the
/// static files' fingerprints).
const FINGERPRINT_LEN: usize = 12;

/// Collects the pages of a site as they are rendered.
struct Builder<'a> {
    pages: HashMap<String, Page>,
    assets: &'a Assets,
    now: Timestamp,
    /// The site served until now, whose unchanged pages are kept as they are.
    earlier: Option<&'a Site>,
}

impl<'a> Builder<'a> {
    /// Starts a site with the static files in memory at their fingerprinted URLs (files
    /// unchanged since the earlier site are taken from it, with their compressed variants).
    fn new(assets: &'a Assets, now: Timestamp, earlier: Option<&'a Site>) -> Self {
        let mut site = Builder {
            pages: HashMap::with_capacity(assets.files.len() + 1),
            assets,
            now,
            earlier,
        };
        for (path, file) in &assets.files {
            site.insert(path.clone(), file.clone());
        }
        // Browsers ask for /favicon.ico by that name: serve it there too, revalidated.
        if let Some(icon) = assets.file(&paths::static_file("favicon.ico")) {
            let mut icon = icon.clone();
            icon.caching = Caching::Revalidate;
            site.insert(paths::FAVICON.to_owned(), icon);
        }
        site
    }

    /// Adds a page. A page whose bytes did not change since the earlier site is that earlier
    /// page: its body, compressed variants and Last-Modified are kept, and the new copy is
    /// dropped at once, so a reload holds one copy of each unchanged page, not two.
    fn insert(&mut self, path: String, page: Page) {
        let page = self.unchanged(&path, page);
        self.pages.insert(path, page);
    }

    fn unchanged(&self, path: &str, page: Page) -> Page {
        let earlier = match self.earlier {
            Some(site) if path == NOT_FOUND => Some(&site.not_found),
            Some(site) => site.pages.get(path),
            None => None,
        };
        match earlier {
            Some(old) if old.hash == page.hash && old.content_type == page.content_type => {
                old.clone()
            }
            _ => page,
        }
    }

    /// Renders a template to HTML, with static URLs fingerprinted.
    fn render(&self, path: &str, template: &dyn askama::DynTemplate) -> Result<Page, RenderError> {
        let html = template.dyn_render().map_err(|source| RenderError {
            path: path.to_owned(),
            source,
        })?;
        // Kept for as long as the site is live: without the room a growing string leaves.
        let mut html = self.assets.rewrite(&html);
        html.shrink_to_fit();
        let page = Page::new(Bytes::from(html), HTML, self.now, Caching::Revalidate);
        Ok(self.unchanged(path, page))
    }

    /// Renders an HTML page at `path`.
    fn html(
        &mut self,
        path: impl Into<String>,
        template: &dyn askama::DynTemplate,
    ) -> Result<(), RenderError> {
        let path = path.into();
        let page = self.render(&path, template)?;
        self.insert(path, page);
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
        self.insert(path.clone(), page);
        path
    }

    /// Adds any other file (a feed, a data file) at `path`.
    fn file(&mut self, path: impl Into<String>, content_type: &'static str, body: String) {
        // Kept for as long as the site is live: without the room a growing string leaves.
        let mut body = body.into_bytes();
        body.shrink_to_fit();
        let page = Page::new(body.into(), content_type, self.now, Caching::Revalidate);
        self.insert(path.into(), page);
    }
}

/// Renders every page of the site, with static URLs left plain (no files in memory).
pub fn render(content: &Content, options: &Options) -> Result<Site, RenderError> {
    render_with_assets(content, options, &Assets::default(), None)
}

/// Renders every page of the site, with the static files in memory and fingerprinted. Pages
/// that come out the same as in the `earlier` site (the one being replaced) are taken from it.
pub fn render_with_assets(
    content: &Content,
    options: &Options,
    assets: &Assets,
    earlier: Option<&Site>,
) -> Result<Site, RenderError> {
    let mut site = Builder::new(assets, options.now, earlier);
    // From here on, only what residents see now: drafts and unpublished or expired items are
    // left out of every page, list, feed and the sitemap alike.
    let content = &content.visible_at(options.now, options.drafts);
    let cities = pages::PublicCities::new(content.cities.iter().collect());

    // Every page, feed and data file: see routes.rs for the list of addresses.
    routes::render_all(&mut site, content, &cities, options)?;

    let not_found = site.render(NOT_FOUND, &pages::NotFound::new(content))?;
    Ok(Site {
        pages: site.pages,
        not_found,
    })
}

/// Renders again only the pages that change from one minute to the next by themselves (the
/// city pages, with each city's local time), keeping every other page of `earlier`. Gives the
/// same site as [`render_with_assets`] when [`only_clocks_change`] since `earlier` was made.
pub fn rerender_clocks(
    content: &Content,
    options: &Options,
    assets: &Assets,
    earlier: &Site,
) -> Result<Site, RenderError> {
    let mut site = Builder::new(assets, options.now, Some(earlier));
    site.pages = earlier.pages.clone();
    let content = &content.visible_at(options.now, options.drafts);
    let cities = pages::PublicCities::new(content.cities.iter().collect());
    routes::render_city_pages(&mut site, content, &cities, options)?;
    Ok(Site {
        pages: site.pages,
        not_found: earlier.not_found.clone(),
    })
}

/// Whether, between two moments, only the clocks on the pages move: no publish or expire
/// time, no event's start or end, and no new day (at home or in UTC) in between.
pub fn only_clocks_change(content: &Content, from: Timestamp, to: Timestamp) -> bool {
    let between = |moment: &Timestamp| from < *moment && *moment <= to;
    let home = &content.site.city.time_zone.tz;
    let home_day = |t: Timestamp| t.to_zoned_datetime(home.clone()).date();
    from <= to
        && home_day(from) == home_day(to)
        && crate::content::today(from) == crate::content::today(to)
        && !content.schedule_moments().any(|m| between(&m))
        && !routes::event_moments(content).any(|m| between(&m))
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
