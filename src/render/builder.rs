//! The [`Builder`] that collects a site's pages as they are rendered, taking over the pages
//! that did not change from the site it replaces.
//!
//! A page rendered with [`Builder::page`] (or [`Builder::tracked_file`]) keeps what it read
//! (see [`super::reads`]); when the next site is rendered over this one, such a page none of
//! whose reads changed is taken over as it is, without rendering it. Every other page is
//! rendered, and kept from the earlier site only when its bytes come out the same.

use std::cell::RefCell;
use std::collections::BTreeSet;

// Tables looked up some 300,000 times a reload at scale: a fast hash, seeded at random.
use foldhash::{HashMap, HashMapExt};
use std::sync::Arc;

use askama::DynTemplate;
use axum::body::Bytes;
use axum::http::HeaderValue;
use jiff::Timestamp;

use crate::paths;

use super::assets::{self, Assets};
use super::encoded::Page;
use super::error::RenderError;
use super::feeds::{Earlier, Parts};
use super::headers::{Caching, LastModified};
use super::language::Lang;
use super::packer::{self, Packer};
use super::reads::{self, Fingerprints, ItemPrints, Read, Recorded};
use super::site::{Path, Site};

const HTML: &str = "text/html; charset=utf-8";

/// Whether `page` at `path` is an HTML page in the first of the languages `tags`.
fn is_source_html(tags: &[&str], path: &str, page: &Page) -> bool {
    paths::language_of(path, tags) == tags.first().copied()
        && page.content_type.as_bytes().starts_with(b"text/html")
}

/// The name the page not found goes by while rendered (served at every unknown address).
const NOT_FOUND: &str = "404";

/// Collects the pages of a site as they are rendered.
pub struct Builder<'a> {
    pages: HashMap<Path, Arc<Page>>,
    assets: &'a Assets,
    /// The moment rendered for, as the pages rendered give it: one header for all.
    modified: LastModified,
    /// The site served until now, whose unchanged pages are kept as they are.
    earlier: Option<&'a Site>,
    /// What the pages rendered so far with their reads recorded read.
    reads: HashMap<Path, Recorded>,
    groups: HashMap<String, Arc<[String]>>,
    /// The fingerprints of what pages of the edition being rendered can read.
    known: Fingerprints,
    /// The source language's, while another edition is rendered (for the files made once
    /// for every language, from the source language's content).
    source: Option<Fingerprints>,
    rendered_again: Vec<String>,
    parts: HashMap<Path, Arc<Parts>>,
    components_made: usize,
    prints: ItemPrints<'a>,
    packer: RefCell<Packer>,
    waiting: Vec<Path>,
}

impl<'a> Builder<'a> {
    /// Starts a site with the static files in memory at their fingerprinted URLs (files
    /// unchanged since the earlier site are taken from it, with their compressed variants).
    pub fn new(assets: &'a Assets, now: Timestamp, earlier: Option<&'a Site>) -> Self {
        // Sized as the earlier site: a table grown by doubling holds its old and new halves at
        // once, thousands of entries, while the earlier site is still served.
        let (pages, reads) = earlier.map_or((assets.files.len() + 1, 0), |site| {
            (site.pages.len(), site.reads.len())
        });
        let mut site = Builder {
            pages: HashMap::with_capacity(pages),
            assets,
            modified: now.into(),
            earlier,
            reads: HashMap::with_capacity(reads),
            groups: HashMap::with_capacity(earlier.map_or(0, |site| site.groups.len())),
            known: Fingerprints::default(),
            source: None,
            rendered_again: Vec::new(),
            parts: HashMap::new(),
            components_made: 0,
            prints: ItemPrints::new(earlier.map(|site| &site.prints)),
            packer: RefCell::default(),
            waiting: Vec::new(),
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

    /// The static files and photos the pages are rendered with.
    pub fn assets(&self) -> &'a Assets {
        self.assets
    }

    /// Starts from every page of `earlier`, to render some of them again.
    pub fn over(assets: &'a Assets, now: Timestamp, earlier: &'a Site) -> Self {
        Builder {
            pages: earlier.pages.clone(),
            assets,
            modified: now.into(),
            earlier: Some(earlier),
            reads: earlier.reads.clone(),
            groups: earlier.groups.clone(),
            known: Fingerprints::default(),
            source: None,
            rendered_again: Vec::new(),
            parts: earlier.parts.clone(),
            components_made: 0,
            prints: ItemPrints::new(Some(&earlier.prints)),
            packer: RefCell::default(),
            waiting: packer::still_waiting(&earlier.waiting, |path| earlier.page(path)),
        }
    }

    /// The fingerprints of content items, made or looked up (for [`Fingerprints::new`]).
    pub fn item_prints(&mut self) -> &mut ItemPrints<'a> {
        &mut self.prints
    }

    /// Starts an edition (a language) of the content, whose things pages can read have
    /// `known` fingerprints, in `lang`. The source language's pages are all rendered by then.
    pub fn edition(&mut self, mut known: Fingerprints, lang: &Lang) {
        known.insert(Read::Assets, self.assets.fingerprint());
        let tags = lang.tags();
        let source = self
            .pages
            .iter()
            .filter(|(path, page)| is_source_html(&tags, path, page))
            .map(|(path, _)| reads::of(path));
        known.insert(Read::SourcePages, reads::of_set(source));
        let before = std::mem::replace(&mut self.known, known);
        if !lang.locale.is_source && self.source.is_none() {
            self.source = Some(before);
        }
    }

    /// Goes back to the source language's fingerprints, after every edition, for the files
    /// made once for every language.
    pub fn shared(&mut self) {
        if let Some(source) = self.source.take() {
            self.known = source;
        }
    }

    /// The fingerprint of `read` in the edition being rendered.
    pub fn fingerprint(&self, read: &Read) -> u64 {
        self.known.get(read)
    }

    /// Tells the fingerprint of a thing pages can read that is found while rendering (such
    /// as [`Read::Anniversaries`]), before the pages that read it are rendered.
    pub fn know(&mut self, read: Read, fingerprint: u64) {
        self.known.insert(read, fingerprint);
    }

    /// The site, with its page not found in each language (the source language first).
    pub fn finish(self, not_found: Vec<(String, Page)>) -> Result<Site, RenderError> {
        if not_found.is_empty() {
            return Err(RenderError::write(
                NOT_FOUND,
                "no language could be rendered",
            ));
        }
        Ok(self.into_site(not_found))
    }

    /// The site, with the pages not found of the site it was made over.
    pub fn finish_over(self, earlier: &Site) -> Site {
        self.into_site(earlier.not_found.clone())
    }

    fn into_site(self, not_found: Vec<(String, Page)>) -> Site {
        Site {
            pages: self.pages,
            not_found,
            reads: self.reads,
            groups: self.groups,
            rendered_again: self.rendered_again,
            parts: self.parts,
            components_made: self.components_made,
            prints: self.prints.finish(),
            waiting: self.waiting,
        }
    }

    /// Adds a page. A page whose bytes did not change since the earlier site is that earlier
    /// page: its body, compressed variants and Last-Modified are kept, and the new copy is
    /// dropped at once, so a reload holds one copy of each unchanged page, not two.
    fn insert(&mut self, path: String, page: Page) {
        let page = self.unchanged(&path, page);
        self.put(path.into(), page);
    }

    /// Puts a page in the site, noting it when it waits for its brotli form.
    fn put(&mut self, path: Path, page: Arc<Page>) {
        if page.waiting() {
            self.waiting.push(path.clone());
        }
        self.pages.insert(path, page);
    }

    fn unchanged(&self, path: &str, page: Page) -> Arc<Page> {
        self.same_as_earlier(path, &page)
            .unwrap_or_else(|| Arc::new(page))
    }

    /// As [`Builder::unchanged`], packing the page if it changed (not a copy, then dropped).
    fn unchanged_packed(&self, path: &str, page: Page) -> Arc<Page> {
        let content_type = page.content_type.clone();
        let lz4 = |body: &[u8]| self.packer.borrow_mut().lz4(path, &content_type, body);
        (self.same_as_earlier(path, &page)).unwrap_or_else(|| Arc::new(page.packed(lz4)))
    }

    /// The earlier site's page at `path`, when `page` has its bytes and content type.
    fn same_as_earlier(&self, path: &str, page: &Page) -> Option<Arc<Page>> {
        let earlier = match self.earlier {
            Some(site) => match path.strip_suffix(NOT_FOUND) {
                Some(home) => site
                    .not_found
                    .iter()
                    .find(|(h, _)| h == home)
                    .map(|(_, page)| Arc::new(page.clone())),
                None => site.pages.get(path).cloned(),
            },
            None => None,
        };
        earlier.filter(|old| old.same_body(page) && old.content_type == page.content_type)
    }

    /// Renders a template to HTML in a language, with static URLs fingerprinted.
    fn render(
        &self,
        path: &str,
        template: &dyn DynTemplate,
        lang: &Lang,
    ) -> Result<Arc<Page>, RenderError> {
        let html = template
            .dyn_render()
            .map_err(|source| RenderError::Template {
                path: path.to_owned(),
                source,
            })?;
        reads::read(Read::Assets);
        let html = self.assets.rewrite(&html);
        if !lang.locale.is_source {
            reads::read(Read::SourcePages);
        }
        // Not kept as it is: a packed page keeps its LZ4 form, made from it.
        let html = lang.localize_links(&html, |path| self.is_source_page(lang, path));
        let mut page = Page::new(
            Bytes::from(html),
            HTML,
            self.modified.clone(),
            Caching::Revalidate,
        );
        page.content_language = HeaderValue::from_str(lang.tag()).ok();
        Ok(self.unchanged_packed(path, page))
    }

    /// Whether `path` is an HTML page of the site in its source language.
    fn is_source_page(&self, lang: &Lang, path: &str) -> bool {
        let tags = lang.tags();
        self.pages
            .get(path)
            .is_some_and(|page| is_source_html(&tags, path, page))
    }

    /// Renders the page not found of a language (kept apart: it has no address).
    pub fn not_found(&self, template: &dyn DynTemplate, lang: &Lang) -> Result<Page, RenderError> {
        // Named after the language's home: "404" for English, "/es404" for Spanish.
        let home = lang.path(paths::HOME);
        let name = if home == paths::HOME {
            NOT_FOUND.to_owned()
        } else {
            format!("{home}{NOT_FOUND}")
        };
        Ok(Arc::unwrap_or_clone(self.render(&name, template, lang)?))
    }

    /// Renders an HTML page at `path`.
    pub fn html(
        &mut self,
        path: impl Into<String>,
        template: &dyn DynTemplate,
        lang: &Lang,
    ) -> Result<(), RenderError> {
        let path = path.into();
        let page = self.render(&path, template, lang)?;
        self.put(path.into(), page);
        Ok(())
    }

    /// Renders an HTML page at `path` from the template `make` gives, recording what it
    /// reads; or takes the page over from the earlier site when nothing it read then changed.
    pub fn page<T: DynTemplate>(
        &mut self,
        path: String,
        lang: &Lang,
        make: impl FnOnce() -> T,
    ) -> Result<(), RenderError> {
        if self.take_over(&path) {
            return Ok(());
        }
        let (page, read) = reads::recording(|| self.render(&path, &make(), lang));
        self.insert_recorded(path, page?, read);
        Ok(())
    }

    /// Renders the HTML pages `make` gives together (a list in pages of a fixed size, whose
    /// number is known once made), as [`Builder::page`] renders one: all are taken over when
    /// nothing they read changed. `key` is the first page's path. Gives their paths.
    pub fn pages<T: DynTemplate>(
        &mut self,
        key: &str,
        lang: &Lang,
        make: impl FnOnce() -> Vec<(String, T)>,
    ) -> Result<Arc<[String]>, RenderError> {
        if let Some(paths) = self.take_over_group(key) {
            return Ok(paths);
        }
        let (pages, read) = reads::recording(|| {
            make()
                .into_iter()
                .map(|(path, template)| {
                    let page = self.render(&path, &template, lang)?;
                    Ok((path, page))
                })
                .collect::<Result<Vec<(String, Arc<Page>)>, RenderError>>()
        });
        let pages = pages?;
        let paths: Arc<[String]> = pages.iter().map(|(path, _)| path.clone()).collect();
        for (path, page) in pages {
            if path == key {
                self.insert_recorded(path, page, read.clone());
            } else {
                if self.earlier.is_some() {
                    self.rendered_again.push(path.clone());
                }
                self.put(path.into(), page);
            }
        }
        if paths.first().is_some_and(|first| first == key) {
            self.groups.insert(key.to_owned(), paths.clone());
        }
        Ok(paths)
    }

    /// Takes over the pages of the group `key` from the earlier site when nothing they read
    /// changed (see [`Builder::pages`]). Gives their paths when it did.
    fn take_over_group(&mut self, key: &str) -> Option<Arc<[String]>> {
        let earlier = self.earlier?;
        let paths = earlier.groups.get(key)?.clone();
        let pages: Option<Vec<(&Path, &Arc<Page>)>> = paths
            .iter()
            .map(|p| earlier.pages.get_key_value(p.as_str()))
            .collect();
        let pages = pages?;
        if !self.take_over(key) {
            return None;
        }
        for (path, page) in pages.into_iter().skip(1) {
            self.put(path.clone(), page.clone());
        }
        self.groups.insert(key.to_owned(), paths.clone());
        Some(paths)
    }

    /// Adds a file at `path` (a feed) with the body `make` gives, as [`Builder::page`] does.
    pub fn tracked_file(
        &mut self,
        path: String,
        content_type: &'static str,
        make: impl FnOnce() -> Result<String, RenderError>,
    ) -> Result<(), RenderError> {
        if self.take_over(&path) {
            return Ok(());
        }
        let (body, read) = reads::recording(make);
        let page = self.file_page(content_type, body?);
        let page = self.unchanged_packed(&path, page);
        self.insert_recorded(path, page, read);
        Ok(())
    }

    /// Takes over the page at `path` from the earlier site when everything it read has the
    /// fingerprint it had then. Says whether it did.
    fn take_over(&mut self, path: &str) -> bool {
        let Some(earlier) = self.earlier else {
            return false;
        };
        let (Some((path, page)), Some(read)) =
            (earlier.pages.get_key_value(path), earlier.reads.get(path))
        else {
            return false;
        };
        if !self.known.unchanged(read) {
            return false;
        }
        self.put(path.clone(), page.clone());
        self.reads.insert(path.clone(), read.clone());
        true
    }

    fn insert_recorded(&mut self, path: String, page: Arc<Page>, read: BTreeSet<Read>) {
        if self.earlier.is_some() {
            self.rendered_again.push(path.clone());
        }
        let path: Path = path.into();
        self.reads.insert(path.clone(), self.known.record(read));
        self.put(path, page);
    }

    /// Adds the calendar at `path` that `write` makes, given the earlier site's calendar at
    /// that address (its text and [`Parts`]) and the fingerprints of what its components show;
    /// or takes it over, as [`Builder::page`] does, when nothing it read changed.
    pub fn calendar(
        &mut self,
        path: String,
        content_type: &'static str,
        write: impl FnOnce(Earlier, &Fingerprints) -> Result<(String, Parts), RenderError>,
    ) -> Result<(), RenderError> {
        if self.take_over(&path) {
            let parts = self.earlier.and_then(|site| site.parts.get(path.as_str()));
            if let Some(parts) = parts {
                self.parts.insert(path.into(), parts.clone());
            }
            return Ok(());
        }
        let earlier = self.earlier.and_then(|site| {
            let parts = site.parts.get(path.as_str())?;
            Some((site.pages.get(path.as_str())?.body_once(), parts))
        });
        let text = earlier
            .as_ref()
            .and_then(|(body, parts)| Some((std::str::from_utf8(body).ok()?, parts.as_ref())));
        let (made, read) = reads::recording(|| write(text, &self.known));
        // The earlier text (megabytes, read back whole) goes before the new one is packed.
        drop(earlier);
        let (body, parts) = made?;
        let page = self.file_page(content_type, body);
        let page = self.unchanged_packed(&path, page);
        self.components_made += parts.made;
        self.parts.insert(path.as_str().into(), Arc::new(parts));
        self.insert_recorded(path, page, read);
        Ok(())
    }

    /// Adds a file made by the program (the map's background) at a fingerprinted address,
    /// `{stem}.{hash}.{extension}`, kept by browsers for a year like the static files.
    /// Returns that address.
    pub fn asset(
        &mut self,
        stem: &str,
        extension: &str,
        content_type: &'static str,
        body: impl Into<Bytes>,
    ) -> String {
        let page = Page::new(
            body.into(),
            content_type,
            self.modified.clone(),
            Caching::Immutable,
        );
        let path = assets::fingerprinted(&format!("{stem}.{extension}"), &page.hash());
        self.insert(path.clone(), page);
        path
    }

    /// Adds any other file (a feed, a data file) at `path`.
    pub fn file(&mut self, path: impl Into<String>, content_type: &'static str, body: String) {
        let path = path.into();
        let page = self.file_page(content_type, body);
        let page = self.unchanged_packed(&path, page);
        self.put(path.into(), page);
    }

    /// A file as rendered, to be packed if it changed (see [`Builder::unchanged_packed`]):
    /// a packed page keeps its LZ4 form, made from it, rather than the text.
    fn file_page(&self, content_type: &'static str, body: String) -> Page {
        Page::new(
            body.into(),
            content_type,
            self.modified.clone(),
            Caching::Revalidate,
        )
    }
}
