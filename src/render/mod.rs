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

/// Renders every page of the site.
pub fn render(content: &Content, options: &Options) -> Result<Site, RenderError> {
    let mut pages = HashMap::new();
    let mut add = |path: String, template: &dyn askama::DynTemplate| -> Result<(), RenderError> {
        let html = template.dyn_render().map_err(|source| RenderError {
            path: path.clone(),
            source,
        })?;
        pages.insert(
            path,
            Page {
                body: Bytes::from(html),
                content_type: HTML,
            },
        );
        Ok(())
    };

    let cities: Vec<_> = content
        .cities
        .iter()
        .filter(|city| options.drafts || city.is_public_at(options.now))
        .collect();

    add("/".to_owned(), &pages::Home::new(content, &cities))?;
    for city in &cities {
        let page = pages::CityPage::new(content, city);
        add(page.layout.path.clone(), &page)?;
    }

    let not_found = pages::NotFound::new(content)
        .render()
        .map_err(|source| RenderError {
            path: "404".to_owned(),
            source,
        })?;
    Ok(Site {
        pages,
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
