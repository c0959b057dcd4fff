//! The rendered site: every page by its address, ready to serve, with what the next site
//! rendered over it needs to take over its pages (src/render/builder.rs).

// Tables looked up some 300,000 times a reload at scale: a fast hash, seeded at random.
use foldhash::HashMap;
use std::sync::Arc;

use jiff::Timestamp;

use super::encoded::Page;
use super::feeds::Parts;
use super::packer;
use super::reads::{ItemMemo, Recorded};

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
    /// Shared with the sites before and after it: a reload takes over most pages, each then
    /// one entry of two pointers in each site's table.
    pub(super) pages: HashMap<Path, Arc<Page>>,
    /// The page not found in each language, by the language's home address ("/", "/es"),
    /// the source language first.
    pub(super) not_found: Vec<(String, Page)>,
    /// What each page rendered with its reads recorded read, by its path.
    pub(super) reads: HashMap<Path, Recorded>,
    /// The paths of pages made together (a list in pages), by the first one's, whose reads
    /// they share.
    pub(super) groups: HashMap<String, Arc<[String]>>,
    /// The pages with recorded reads rendered again over the earlier site, if any.
    pub(super) rendered_again: Vec<String>,
    /// Where each component is in each calendar that lists every event, by its path.
    pub(super) parts: HashMap<Path, Arc<Parts>>,
    /// How many of their components were made, rather than copied or taken over.
    pub(super) components_made: usize,
    /// The fingerprints of the content items this site was rendered from.
    pub(super) prints: ItemMemo,
    /// The pages waiting for their brotli form when made, as rendered ([`packer::in_order`]).
    pub(super) waiting: Vec<Path>,
}

impl Site {
    /// The page at a path such as "/" or "/cities/seika".
    pub fn page(&self, path: &str) -> Option<&Page> {
        self.pages.get(path).map(Arc::as_ref)
    }

    /// The "page not found" page in the source language, served with status 404.
    pub fn not_found(&self) -> &Page {
        &self.not_found[0].1
    }

    /// The "page not found" page for an address: in the language the address is in
    /// (`/es/...` has the Spanish one).
    pub fn not_found_for(&self, path: &str) -> &Page {
        self.not_found
            .iter()
            .skip(1)
            .find(|(home, _)| {
                path.strip_prefix(home.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
            .map_or(self.not_found(), |(_, page)| page)
    }

    /// Every language's page not found, by the language's home address ("/", "/es").
    pub fn not_found_pages(&self) -> &[(String, Page)] {
        &self.not_found
    }

    /// Packs every page not packed yet (after the site went live: see [`Page::pack`]), as
    /// long as `go_on` says so before each page; says whether every page is done. Those
    /// waiting when the site was made go first, in `packer::in_order`.
    pub fn compress_all(&self, mut go_on: impl FnMut() -> bool) -> bool {
        let waiting = self.waiting.iter().filter_map(|path| self.page(path));
        let not_found = self.not_found.iter().map(|(_, page)| page);
        let every = self.pages.values().map(Arc::as_ref).chain(not_found);
        for page in packer::in_order(waiting).chain(every) {
            if !go_on() {
                return false;
            }
            page.pack();
        }
        true
    }

    /// The pages that could have been taken over from the site this one was rendered over,
    /// but were rendered again as something they read had changed, sorted.
    pub fn rendered_again(&self) -> Vec<&str> {
        let mut paths: Vec<&str> = self.rendered_again.iter().map(String::as_str).collect();
        paths.sort_unstable();
        paths
    }

    /// How many components of the calendars of every event were made, not copied.
    pub fn calendar_components_made(&self) -> usize {
        self.components_made
    }

    /// How many reads the page at `path` has recorded (each is checked at every reload).
    pub fn reads_kept(&self, path: &str) -> usize {
        self.reads.get(path).map_or(0, |reads| reads.len())
    }

    /// How many pages have their reads recorded (could be taken over by the next site).
    pub fn recorded(&self) -> usize {
        self.reads.len()
    }

    /// How many paths the site serves.
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Every path the site serves, sorted.
    pub fn paths(&self) -> Vec<&str> {
        let mut paths: Vec<&str> = self.pages.keys().map(AsRef::as_ref).collect();
        paths.sort_unstable();
        paths
    }
}

/// A page's address as the tables of a site keep it: one copy, whichever tables hold it.
pub(super) type Path = Arc<str>;
