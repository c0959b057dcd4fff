//! Rendering: the validated content model -> every page of the site, as bytes in memory.
//!
//! The whole site is rendered at once, off the request path. The router only looks pages up,
//! so a request never waits on a template and never sees a half-built site.

mod pages;

use std::collections::HashMap;

use askama::Template;
use axum::body::Bytes;
use jiff::Timestamp;

use crate::content::Content;

/// What a rendered site depends on besides the content.
#[derive(Debug, Clone)]
pub struct Options {
    /// Show cities marked `draft = true` (staff preview only).
    pub drafts: bool,
    /// The moment the site is rendered for.
    pub now: Timestamp,
}

/// One rendered page or file.
#[derive(Debug, Clone)]
pub struct Page {
    pub body: Bytes,
    pub content_type: &'static str,
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

/// Collects the pages of a site as they are rendered.
#[derive(Default)]
struct Builder {
    pages: HashMap<String, Page>,
}

impl Builder {
    /// Renders an HTML page at `path`.
    fn html(
        &mut self,
        path: impl Into<String>,
        template: &dyn askama::DynTemplate,
    ) -> Result<(), RenderError> {
        let path = path.into();
        let html = template.dyn_render().map_err(|source| RenderError {
            path: path.clone(),
            source,
        })?;
        self.file(path, HTML, html);
        Ok(())
    }

    /// Adds any other file (a feed, a data file) at `path`.
    fn file(
        &mut self,
        path: impl Into<String>,
        content_type: &'static str,
        body: impl Into<Bytes>,
    ) {
        let page = Page {
            body: body.into(),
            content_type,
        };
        self.pages.insert(path.into(), page);
    }
}

/// Renders every page of the site.
pub fn render(content: &Content, options: &Options) -> Result<Site, RenderError> {
    let mut site = Builder::default();
    let cities: Vec<_> = content
        .cities
        .iter()
        .filter(|city| options.drafts || city.is_public_at(options.now))
        .collect();

    site.html("/", &pages::Home::new(content, &cities))?;
    for city in &cities {
        let page = pages::CityPage::new(content, city);
        site.html(page.layout.path.clone(), &page)?;
    }

    let not_found = pages::NotFound::new(content)
        .render()
        .map_err(|source| RenderError {
            path: "404".to_owned(),
            source,
        })?;
    Ok(Site {
        pages: site.pages,
        not_found: Page {
            body: Bytes::from(not_found),
            content_type: HTML,
        },
    })
}

/// The next moment after `now` at which the rendered site changes by itself: a city's
/// `publish_at` or `expire_at` passing.
pub fn next_change(content: &Content, now: Timestamp) -> Option<Timestamp> {
    content
        .cities
        .iter()
        .flat_map(|city| [city.publish_at, city.expire_at])
        .flatten()
        .filter(|moment| *moment > now)
        .min()
}
