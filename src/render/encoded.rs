//! A response body prepared once: the bytes, their gzip and brotli forms, a strong ETag and
//! the caching policy. Serving it is then a lookup and a copy of `Bytes`.
//!
//! Memory: a page the program renders keeps one form for good, made in microseconds as it is
//! rendered: its body in LZ4 against the first page of its kind (src/render/packer.rs), at
//! scale some 10% of its size, less than its brotli form (about a quarter). Every other form
//! (the body as rendered, brotli, gzip) is made from it when a client first asks for it
//! (brotli at quality 5 takes a fraction of a millisecond for a page of a few kilobytes), and
//! kept while all such forms fit a budget ([`ON_DEMAND_BUDGET`]): the pages asked for often
//! stay ready, and a crawl of every page does not bring the whole site back into memory.
//!
//! Bodies of [`BACKGROUND`] bytes and more (the calendars, the sitemap, the open data, long
//! lists) would hold a request up while compressed: right after a new site goes live, a
//! background pass (src/live/mod.rs) makes their brotli form, which they then keep for good in
//! place of their LZ4 form. A request that comes first compresses the body itself, once
//! ([`OnceLock`]). Static files are kept whole, with every form.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use super::codecs::{brotli, gzip, is_compressible, unbrotli};
use super::headers::{Caching, LastModified, digest, etag, hex};
use super::lz4::Stored;
use arc_swap::ArcSwapOption;
use axum::body::Bytes;
use axum::http::HeaderValue;

/// A body in one content coding, with its own strong ETag: a content coding is part of the
/// representation, so the gzip and brotli forms of a page each need a tag distinct from the
/// page's (RFC 9110, 8.8.3), e.g. `"<hash>-gzip"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encoded {
    pub body: Bytes,
    pub etag: HeaderValue,
}

/// Bodies of this many bytes and more have their brotli form made in the background, and keep
/// it for good: compressing one on a request would hold it up (a millisecond or more).
pub const BACKGROUND: usize = 64 * 1024;

/// The bytes made on demand and kept, of every page, are at most this many. A judgment: room
/// for a few thousand pages, the ones asked for first (a site's busy pages are few).
pub const ON_DEMAND_BUDGET: usize = 24 * 1024 * 1024;

/// Bytes kept by pages alive, within a limit.
#[derive(Debug)]
struct Budget {
    limit: usize,
    kept: AtomicUsize,
}

/// The forms made on demand, of every page alive.
static ON_DEMAND: Budget = Budget {
    limit: ON_DEMAND_BUDGET,
    kept: AtomicUsize::new(0),
};

/// The forms of one body, shared by every copy of its [`Page`] (a page unchanged across
/// reloads is the same page, compressed once).
#[derive(Debug)]
struct Forms {
    /// The body as rendered: always there for a page that is not packed; for a packed one,
    /// only when made again on demand and kept.
    identity: ArcSwapOption<Bytes>,
    /// For a packed page, the body in LZ4 (made in microseconds, mostly a tenth of its size or
    /// less against the dictionary of its kind): for good, or, for a page of [`BACKGROUND`]
    /// bytes or more, until its brotli form exists.
    stored: ArcSwapOption<Stored>,
    br: Made,
    gzip: Made,
    /// Bytes of this page counted in `budget`, given back when it is dropped.
    on_demand: AtomicUsize,
    budget: &'static Budget,
}

/// A compressed form once made (`None` when it would not be smaller), boxed: most pages
/// never make theirs, and an empty one is a pointer, not the 80 bytes of an [`Encoded`].
#[derive(Debug, Default)]
struct Made(OnceLock<Option<Box<Encoded>>>);

impl Made {
    fn get(&self) -> Option<Option<Encoded>> {
        self.0.get().map(|made| made.as_deref().cloned())
    }

    #[cfg(test)]
    fn is_some(&self) -> bool {
        self.0.get().is_some()
    }

    fn is_none(&self) -> bool {
        self.0.get().is_none()
    }

    /// Keeps `made`, unless a form was kept meanwhile (by another request): then that one.
    fn set(&self, made: Option<Encoded>) {
        let _ = self.0.set(made.map(Box::new));
    }
}

impl Drop for Forms {
    fn drop(&mut self) {
        let kept = *self.on_demand.get_mut();
        self.budget.kept.fetch_sub(kept, Ordering::Relaxed);
    }
}

impl Forms {
    fn new(identity: Option<Bytes>, budget: &'static Budget) -> Forms {
        Forms {
            identity: ArcSwapOption::new(identity.map(Arc::new)),
            stored: ArcSwapOption::empty(),
            br: Made::default(),
            gzip: Made::default(),
            on_demand: AtomicUsize::new(0),
            budget,
        }
    }

    /// Counts `len` more bytes of this page within the budget; false (nothing counted) when
    /// they do not fit.
    fn reserve(&self, len: usize) -> bool {
        let limit = self.budget.limit;
        let fits = self
            .budget
            .kept
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |kept| {
                let total = kept.checked_add(len)?;
                (total <= limit).then_some(total)
            })
            .is_ok();
        if fits {
            self.on_demand.fetch_add(len, Ordering::Relaxed);
        }
        fits
    }
}

/// One rendered page or file, ready to serve.
#[derive(Debug, Clone)]
pub struct Page {
    forms: Arc<Forms>,
    /// Whether the body as rendered is let go, kept in LZ4 (pages the program renders; static
    /// files keep theirs, which large ones are sent from with `sendfile`).
    packed: bool,
    /// The length of the body as rendered.
    pub len: usize,
    /// Text that is worth compressing: the compressed forms exist and `Vary` is sent.
    pub compressible: bool,
    pub content_type: HeaderValue,
    /// Strong validator of the identity body: a hash of it (each compressed form has its
    /// own, see [`Encoded`]).
    pub etag: HeaderValue,
    pub last_modified: HeaderValue,
    /// The first 128 bits of the body's SHA-256, from which its ETags and (for a static file)
    /// its fingerprint are written: kept as bytes, where its hex text took 80 bytes more of
    /// the heap for each of tens of thousands of pages.
    digest: [u8; 16],
    pub caching: Caching,
    /// The language of an HTML page, for `Content-Language` ("en", "es").
    pub content_language: Option<HeaderValue>,
}

impl Page {
    /// Prepares a body: hashes it and notes whether it is worth compressing. The content
    /// type is one of the program's own (a constant, or from mime_guess's table), so its
    /// header is shared as it is rather than counted per response.
    pub fn new(
        body: Bytes,
        content_type: &'static str,
        modified: impl Into<LastModified>,
        caching: Caching,
    ) -> Page {
        let digest = digest(&body);
        Page {
            etag: etag(&digest, ""),
            last_modified: modified.into().0,
            content_type: HeaderValue::from_static(content_type),
            compressible: is_compressible(content_type) && body.len() >= 256,
            packed: false,
            len: body.len(),
            forms: Arc::new(Forms::new(Some(body), &ON_DEMAND)),
            digest,
            caching,
            content_language: None,
        }
    }

    /// The same page, kept in memory in LZ4 as `lz4` makes it (see the module's
    /// documentation): for what the program renders, which is most of a site. A page of
    /// [`BACKGROUND`] bytes or more keeps its brotli form instead once that is made.
    pub(super) fn packed(mut self, lz4: impl FnOnce(&[u8]) -> Option<Stored>) -> Page {
        self.packed = self.compressible;
        if self.packed
            && let Some(body) = self.forms.identity.swap(None)
        {
            match lz4(&body) {
                Some(stored) => self.forms.stored.store(Some(Arc::new(stored))),
                None => self.forms.identity.store(Some(body)),
            }
        }
        self
    }

    /// The body as rendered, when it is in memory whole or in LZ4.
    fn unpacked(&self) -> Option<Bytes> {
        if let Some(body) = self.forms.identity.load().as_deref() {
            return Some(body.clone());
        }
        self.forms.stored.load().as_deref()?.unpacked(self.len)
    }

    /// Whether the page keeps its brotli form for good rather than its LZ4 form (see
    /// [`BACKGROUND`]).
    fn keeps_brotli(&self) -> bool {
        !self.packed || self.len >= BACKGROUND
    }

    /// The body's digest in hex (32 characters), for fingerprinted file names.
    pub fn hash(&self) -> String {
        hex(&self.digest)
    }

    /// Whether the two bodies are the same (by their digests).
    pub fn same_body(&self, other: &Page) -> bool {
        self.digest == other.digest
    }

    /// Whether the page waits for the background pass to make its brotli form.
    pub fn waiting(&self) -> bool {
        self.packed && self.len >= BACKGROUND && self.forms.br.is_none()
    }

    /// The LZ4 form kept.
    #[cfg(test)]
    pub(super) fn stored(&self) -> Option<Bytes> {
        self.forms
            .stored
            .load()
            .as_deref()
            .map(|stored| stored.form().clone())
    }

    /// The body as rendered (made again from the LZ4 or brotli form when not kept whole).
    pub fn body(&self) -> Bytes {
        if let Some(body) = self.forms.identity.load().as_deref() {
            return body.clone();
        }
        let body = self.body_once();
        if self.forms.reserve(body.len()) {
            self.forms.identity.store(Some(Arc::new(body.clone())));
        }
        body
    }

    /// The body as rendered, read once: as [`Page::body`], without keeping it in memory.
    pub fn body_once(&self) -> Bytes {
        self.unpacked()
            .or_else(|| unbrotli(&self.brotli()?.body, self.len))
            .unwrap_or_default()
    }

    /// The brotli form; None when it would not be smaller. Kept once made for a page kept
    /// whole or of [`BACKGROUND`] bytes or more, and within the budget for another (else made
    /// again at each use).
    pub fn brotli(&self) -> Option<Encoded> {
        if let Some(made) = self.forms.br.get() {
            return made;
        }
        if !self.compressible {
            return None;
        }
        let made = self.encoded("-br", brotli(&self.unpacked()?));
        let kept = made.as_ref().map_or(0, |br| br.body.len());
        if self.keeps_brotli() || self.forms.reserve(kept) {
            // Another request may have made it meanwhile: then that one is kept.
            self.forms.br.set(made.clone());
        }
        made
    }

    /// The gzip form; None when it would not be smaller. Kept once made for a page that is
    /// not packed, and within the budget for one that is (else made again at each use).
    pub fn gzip(&self) -> Option<Encoded> {
        if let Some(made) = self.forms.gzip.get() {
            return made;
        }
        if !self.compressible {
            return None;
        }
        let made = self.encoded("-gzip", gzip(&self.body_once()));
        let kept = made.as_ref().map_or(0, |gzip| gzip.body.len());
        if !self.packed || self.forms.reserve(kept) {
            // Another request may have made it meanwhile: then that one is kept.
            self.forms.gzip.set(made.clone());
        }
        made
    }

    /// Makes the forms a page keeps for good: for a page kept whole, brotli and gzip; for a
    /// packed one of [`BACKGROUND`] bytes or more, brotli, then lets its LZ4 form go. Done for
    /// every page right after a site goes live.
    pub fn pack(&self) {
        if !self.packed {
            let _ = self.brotli();
            let _ = self.gzip();
        } else if self.keeps_brotli() && self.brotli().is_some() {
            self.forms.identity.store(None);
            self.forms.stored.store(None);
        }
    }

    /// The compressed form of the body, when it is worth it.
    fn encoded(&self, coding: &str, compressed: Option<Vec<u8>>) -> Option<Encoded> {
        let mut compressed = compressed.filter(|c| c.len() < self.len)?;
        // Kept for as long as the page: without the room the encoder's buffer left.
        compressed.shrink_to_fit();
        Some(Encoded {
            body: Bytes::from(compressed),
            etag: etag(&self.digest, coding),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::Timestamp;

    /// LZ4, as the site's packer makes it but in an allocation of its own.
    fn lz4(body: &[u8]) -> Option<Stored> {
        let form = Bytes::from(lz4_flex::block::compress(body));
        Some(Stored::new(form, Bytes::new()))
    }

    fn html_page(html: &str) -> Page {
        Page::new(
            Bytes::from(html.to_owned()),
            "text/html; charset=utf-8",
            Timestamp::UNIX_EPOCH,
            Caching::Revalidate,
        )
    }

    #[test]
    fn copies_of_a_page_share_its_forms_made_once() {
        let first = html_page(&"<p>Seika</p>\n".repeat(100));
        let copy = first.clone();
        let made = first.brotli();
        assert!(made.is_some());
        assert!(copy.forms.br.is_some(), "made once, seen by the copy");
        assert_eq!(copy.brotli(), made);
        let gzip = copy.gzip();
        assert!(gzip.is_some());
        assert_eq!(first.forms.gzip.get().flatten(), gzip);
    }

    #[test]
    fn text_is_compressed_both_ways_and_round_trips() {
        let html = "<p>Sister Cities</p>\n".repeat(200);
        let page = html_page(&html);
        let gz = page.gzip().map(|v| v.body).unwrap_or_default();
        let br = page.brotli().map(|v| v.body.clone()).unwrap_or_default();
        assert!(gz.len() < html.len() / 5 && br.len() < html.len() / 5);
        let mut unzipped = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut unzipped)
            .unwrap_or_default();
        assert_eq!(unzipped, html);
        let mut unbrotlied = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut unbrotlied).unwrap_or_default();
        assert_eq!(unbrotlied, html.as_bytes());
        assert_eq!(page.last_modified, "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(page.etag.len(), 34);
        // Each representation has its own strong tag (RFC 9110, 8.8.3).
        let hash = page.hash();
        assert_eq!(hash.len(), 32);
        let tag = |v: Option<Encoded>| v.and_then(|v| v.etag.to_str().ok().map(str::to_owned));
        assert_eq!(tag(page.gzip()), Some(format!("\"{hash}-gzip\"")));
        assert_eq!(tag(page.brotli()), Some(format!("\"{hash}-br\"")));
        assert_eq!(page.etag.to_str().ok(), Some(&*format!("\"{hash}\"")));
    }

    /// `html` as a page rendered by the program, its forms made on demand kept within
    /// `budget`.
    fn packed_page(html: &str, budget: &'static Budget) -> Page {
        let mut page = html_page(html);
        page.forms = Arc::new(Forms::new(Some(Bytes::from(html.to_owned())), budget));
        page.packed(lz4)
    }

    #[test]
    fn a_large_page_keeps_its_brotli_form_for_good_and_gives_the_same_bytes_back() {
        let html = "<p>Clermont-Ferrand, Colima, Arezzo, Seika</p>\n".repeat(1500);
        assert!(html.len() >= BACKGROUND);
        let page = packed_page(&html, budget(0));
        let kept_whole = html_page(&html);
        assert!(page.waiting(), "for the background pass");
        page.pack();
        kept_whole.pack();
        assert!(!page.waiting());
        assert!(page.forms.br.is_some(), "brotli kept, beyond any budget");
        assert!(page.forms.stored.load().is_none(), "LZ4 let go");
        assert!(page.forms.identity.load().is_none(), "not kept whole");
        assert!(
            page.forms.gzip.is_none(),
            "gzip is made only when asked for"
        );
        assert!(
            kept_whole.forms.identity.load().is_some(),
            "not packed: kept whole"
        );
        assert!(
            kept_whole.forms.gzip.is_some() && kept_whole.forms.br.is_some(),
            "and served compressed from memory"
        );
        // Made again from the brotli form: the same bytes, tags and lengths as before.
        assert_eq!(page.body(), html.as_bytes());
        assert_eq!(page.len, html.len());
        assert_eq!(page.gzip(), kept_whole.gzip());
        assert_eq!(page.brotli(), kept_whole.brotli());
        assert_eq!(page.etag, kept_whole.etag);
    }

    #[test]
    fn a_page_keeps_its_lz4_form_and_makes_brotli_when_asked_within_the_budget() {
        let html = "<p>Seika, Soraku District, Kyoto Prefecture</p>\n".repeat(300);
        assert!(html.len() < BACKGROUND);
        let whole = html_page(&html);
        let page = packed_page(&html, budget(0));
        assert!(page.forms.identity.load().is_none(), "not kept whole");
        let stored = page.stored().map_or(0, |form| form.len());
        assert!(stored > 0 && stored < html.len() / 3, "{stored}");
        assert!(!page.waiting(), "nothing for the background pass");
        page.pack();
        assert!(page.stored().is_some(), "kept in LZ4 for good");
        assert!(page.forms.br.is_none(), "brotli not made");
        assert_eq!(page.body(), html.as_bytes(), "made again from LZ4");
        assert_eq!(
            page.brotli(),
            whole.brotli(),
            "the brotli form is the body's"
        );
        assert!(page.forms.br.is_none(), "not kept: beyond the budget");
        assert!(page.forms.identity.load().is_none());
        assert_eq!(page.gzip(), whole.gzip());
        let room = packed_page(&html, budget(html.len()));
        let made = room.brotli();
        assert_eq!(room.forms.br.get().flatten(), made, "kept: within it");
        assert!(room.stored().is_some(), "and LZ4 still");
        // A page not worth compressing is kept as it is.
        let small = html_page("<p>Norman</p>").packed(lz4);
        assert!(small.forms.stored.load().is_none());
        assert_eq!(small.body(), "<p>Norman</p>".as_bytes());
    }

    /// A budget of its own, so that the test sees only its own pages' bytes.
    fn budget(limit: usize) -> &'static Budget {
        Box::leak(Box::new(Budget {
            limit,
            kept: AtomicUsize::new(0),
        }))
    }

    #[test]
    fn forms_made_on_demand_are_kept_within_the_budget_and_given_back() {
        let html = "<p>Norman</p>\n".repeat(2000);
        let budget = budget(html.len() + 10);
        let page = packed_page(&html, budget);
        let other = packed_page(&html, budget);
        page.pack();
        other.pack();
        assert_eq!(page.body(), html.as_bytes());
        assert!(
            page.forms.identity.load().is_some(),
            "kept: within the budget"
        );
        assert_eq!(budget.kept.load(Ordering::Relaxed), html.len());
        assert_eq!(other.body(), html.as_bytes(), "made again all the same");
        assert!(
            other.forms.identity.load().is_none(),
            "not kept: beyond the budget"
        );
        let gzip = other.gzip();
        assert!(gzip.is_some() && other.forms.gzip.is_none());
        let copy = page.clone();
        drop(page);
        assert_eq!(
            budget.kept.load(Ordering::Relaxed),
            html.len(),
            "a copy still holds it"
        );
        drop(copy);
        assert_eq!(budget.kept.load(Ordering::Relaxed), 0, "given back");
        assert_eq!(other.body(), html.as_bytes());
        assert!(other.forms.identity.load().is_some(), "now there is room");
    }

    #[test]
    fn a_packed_page_keeps_its_gzip_form_within_the_budget() {
        let html = "<p>Arezzo</p>\n".repeat(500);
        let budget = budget(html.len());
        let page = packed_page(&html, budget);
        let gzip = page.gzip();
        let len = gzip.as_ref().map_or(0, |gzip| gzip.body.len());
        assert!(len > 0);
        assert_eq!(page.forms.gzip.get().flatten(), gzip, "kept");
        assert_eq!(budget.kept.load(Ordering::Relaxed), len);
    }

    #[test]
    fn a_page_kept_whole_keeps_its_gzip_form_whatever_the_budget() {
        let html = "<p>Colima</p>\n".repeat(500);
        let mut page = html_page(&html);
        page.forms = Arc::new(Forms::new(Some(Bytes::from(html.clone())), budget(0)));
        let gzip = page.gzip();
        assert!(gzip.is_some());
        assert_eq!(page.forms.gzip.get().flatten(), gzip);
    }

    #[test]
    fn nothing_is_kept_beyond_the_budget() {
        let forms = Forms::new(None, budget(10));
        assert!(!forms.reserve(11));
        assert_eq!(forms.on_demand.load(Ordering::Relaxed), 0);
        assert!(forms.reserve(10));
        assert!(!forms.reserve(1));
        assert_eq!(forms.on_demand.load(Ordering::Relaxed), 10);
    }

    #[test]
    fn images_and_tiny_bodies_are_not_compressed() {
        let png = Page::new(
            Bytes::from(vec![0u8; 4096]),
            "image/png",
            Timestamp::UNIX_EPOCH,
            Caching::Immutable,
        )
        .packed(lz4);
        png.pack();
        assert!(png.gzip().is_none() && png.brotli().is_none());
        assert_eq!(png.body().len(), 4096, "an image is never let go");
        let tiny = Page::new(
            Bytes::from_static(b"ok"),
            "text/plain",
            Timestamp::UNIX_EPOCH,
            Caching::Revalidate,
        );
        assert!(tiny.gzip().is_none());
    }
}
