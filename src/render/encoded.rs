//! A response body prepared once: the bytes, their gzip and brotli forms, a strong ETag and
//! the caching policy. Serving it is then a lookup and a copy of `Bytes`.
//!
//! Compressing is most of the cost of building a site, so the brotli form is made once per
//! distinct body, off the request path: right after a new site goes live, a background pass
//! (src/live/mod.rs) packs every page, reusing the forms of pages whose bytes did not change. A
//! request that comes first compresses that one page itself, once ([`OnceLock`]).
//!
//! Memory: from its render until that pass reaches it, a page the program renders is kept in
//! LZ4 (made in microseconds, a third of its size), so a site just rendered is not held whole.
//! Then it keeps one form for good, its brotli form (about a quarter of its size; every
//! browser asks for it over HTTPS). Once that is made, the body as
//! rendered is let go; a client that asks for it or for gzip (curl, older clients, browsers
//! over plain HTTP) gets it made again from the brotli form, kept while all such forms fit a
//! budget ([`ON_DEMAND_BUDGET`]), so the pages asked for often stay ready while a crawl of
//! every page does not bring the whole site back into memory twice over.

use std::io::{Read, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use arc_swap::ArcSwapOption;
use axum::body::Bytes;
use axum::http::HeaderValue;
use flate2::Compression;
use flate2::write::GzEncoder;
use jiff::Timestamp;
use sha2::{Digest, Sha256};

use super::lz4::Stored;

/// How long browsers and CDNs may keep a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caching {
    /// Pages: keep, but ask the server (with the ETag) before each use.
    Revalidate,
    /// Fingerprinted assets: the URL changes when the file does, so keep them for a year.
    Immutable,
}

impl Caching {
    pub fn header(self) -> HeaderValue {
        match self {
            Caching::Revalidate => HeaderValue::from_static("no-cache"),
            Caching::Immutable => HeaderValue::from_static("public, max-age=31536000, immutable"),
        }
    }
}

/// A body in one content coding, with its own strong ETag: a content coding is part of the
/// representation, so the gzip and brotli forms of a page each need a tag distinct from the
/// page's (RFC 9110, 8.8.3), e.g. `"<hash>-gzip"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encoded {
    pub body: Bytes,
    pub etag: HeaderValue,
}

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
    /// until its brotli form exists, then only when made again on demand and kept.
    identity: ArcSwapOption<Bytes>,
    /// For a packed page, from its render until its brotli form exists: the body in LZ4
    /// (made in microseconds, mostly a tenth of its size or less against the dictionary of its
    /// kind), so that a site just rendered does not hold every page whole while the
    /// background pass makes the brotli forms.
    stored: ArcSwapOption<Stored>,
    br: OnceLock<Option<Encoded>>,
    gzip: OnceLock<Option<Encoded>>,
    /// Bytes of this page counted in `budget`, given back when it is dropped.
    on_demand: AtomicUsize,
    budget: &'static Budget,
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
            br: OnceLock::new(),
            gzip: OnceLock::new(),
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
    /// Whether the body as rendered is let go once the brotli form exists (pages the program
    /// renders; static files keep theirs, which large ones are sent from with `sendfile`).
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
    /// The hex content hash, also used to fingerprint asset file names. Shared: a reload
    /// copies the entry of every page it takes over, and tens of thousands of strings of 64
    /// bytes each were a few megabytes held while the site it replaces is still served.
    pub hash: Arc<str>,
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
        modified: Timestamp,
        caching: Caching,
    ) -> Page {
        let hash = hex_hash(&body);
        Page {
            etag: etag(&hash, ""),
            last_modified: header_value(&httpdate::fmt_http_date(to_system_time(modified))),
            content_type: HeaderValue::from_static(content_type),
            compressible: is_compressible(content_type) && body.len() >= 256,
            packed: false,
            len: body.len(),
            forms: Arc::new(Forms::new(Some(body), &ON_DEMAND)),
            hash: hash.into(),
            caching,
            content_language: None,
        }
    }

    /// The same page, kept in memory as its brotli form alone once that is made (see the
    /// module's documentation): for what the program renders, which is most of a site. Until
    /// then, it is kept in LZ4, as `lz4` makes it (in shared buffers: src/render/packer.rs).
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

    /// The body as rendered, when it is in memory whole or in LZ4 (not yet packed).
    fn unpacked(&self) -> Option<Bytes> {
        if let Some(body) = self.forms.identity.load().as_deref() {
            return Some(body.clone());
        }
        self.forms.stored.load().as_deref()?.unpacked(self.len)
    }

    /// Whether the page waits for its brotli form, kept in LZ4 meanwhile.
    pub fn waiting(&self) -> bool {
        self.forms.stored.load().is_some()
    }

    /// The LZ4 form kept until the page is packed.
    #[cfg(test)]
    pub(super) fn stored(&self) -> Option<Bytes> {
        self.forms
            .stored
            .load()
            .as_deref()
            .map(|stored| stored.form().clone())
    }

    /// The body as rendered (made again from the brotli form when it was let go).
    pub fn body(&self) -> Bytes {
        if let Some(body) = self.unpacked() {
            return body;
        }
        let body = self
            .brotli()
            .and_then(|br| unbrotli(&br.body, self.len))
            .unwrap_or_default();
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

    /// The brotli form, made on first use; None when it would not be smaller.
    pub fn brotli(&self) -> Option<&Encoded> {
        self.forms
            .br
            .get_or_init(|| {
                if !self.compressible {
                    return None;
                }
                self.encoded("-br", brotli(&self.unpacked()?))
            })
            .as_ref()
    }

    /// The gzip form; None when it would not be smaller. Kept once made for a page that is
    /// not packed, and within the budget for one that is (else made again at each use).
    pub fn gzip(&self) -> Option<Encoded> {
        if let Some(made) = self.forms.gzip.get() {
            return made.clone();
        }
        if !self.compressible {
            return None;
        }
        let made = self.encoded("-gzip", gzip(&self.body()));
        let kept = made.as_ref().map_or(0, |gzip| gzip.body.len());
        if !self.packed || self.forms.reserve(kept) {
            // Another request may have made it meanwhile: then that one is kept.
            let _ = self.forms.gzip.set(made.clone());
        }
        made
    }

    /// Makes the brotli form, then, for a packed page, lets the body as rendered go (it is
    /// made again when asked for). Done for every page right after a site goes live.
    pub fn pack(&self) {
        if self.brotli().is_some() && self.packed {
            self.forms.identity.store(None);
            self.forms.stored.store(None);
        } else if !self.packed {
            // A page kept whole is served in gzip from memory as well.
            let _ = self.gzip();
        }
    }

    /// The compressed form of the body, when it is worth it.
    fn encoded(&self, coding: &str, compressed: Option<Vec<u8>>) -> Option<Encoded> {
        let mut compressed = compressed.filter(|c| c.len() < self.len)?;
        // Kept for as long as the page: without the room the encoder's buffer left.
        compressed.shrink_to_fit();
        Some(Encoded {
            body: Bytes::from(compressed),
            etag: etag(&self.hash, coding),
        })
    }
}

/// A strong ETag from the body's hash and a suffix naming the content coding ("" for none).
fn etag(hash: &str, coding: &str) -> HeaderValue {
    header_value(&format!("\"{}{coding}\"", &hash[..32]))
}

fn header_value(text: &str) -> HeaderValue {
    HeaderValue::from_str(text).unwrap_or_else(|_| HeaderValue::from_static(""))
}

fn to_system_time(t: Timestamp) -> std::time::SystemTime {
    std::time::SystemTime::try_from(t).unwrap_or(std::time::UNIX_EPOCH)
}

/// SHA-256 of the bytes, in hex.
pub fn hex_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn is_compressible(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim();
    essence.starts_with("text/")
        || matches!(
            essence,
            "application/json"
                | "application/ld+json"
                | "application/manifest+json"
                | "application/xml"
                | "application/atom+xml"
                | "application/javascript"
                | "image/svg+xml"
                | "image/x-icon"
                | "image/vnd.microsoft.icon"
        )
}

/// Compression levels: a balance between bytes saved and the time to compress the whole
/// site after a start. Brotli at 5 comes out within 0.1% of 6 on the site's pages, feeds and
/// open data, in 30% to 60% less time (docs/performance.md), and smaller than gzip at its
/// highest.
const GZIP_LEVEL: u32 = 6;
const BROTLI_QUALITY: i32 = 5;

fn gzip(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut encoder = GzEncoder::new(
        Vec::with_capacity(bytes.len() / 3),
        Compression::new(GZIP_LEVEL),
    );
    encoder.write_all(bytes).ok()?;
    encoder.finish().ok()
}

/// The body back from its brotli form (`len` bytes long).
fn unbrotli(compressed: &[u8], len: usize) -> Option<Bytes> {
    let mut out = Vec::with_capacity(len);
    brotli::Decompressor::new(compressed, 4096)
        .read_to_end(&mut out)
        .ok()?;
    Some(Bytes::from(out))
}

fn brotli(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len() / 3);
    // A window no larger than the body (most pages are a few kilobytes), but never below
    // 2^17: at qualities 5 to 8 a smaller window selects hashers this brotli crate does not
    // implement (types 40 to 42), and its fallback allocates a 32 MiB table on every call:
    // for a page of a few kilobytes, that costs more than compressing it.
    let bits = usize::BITS - bytes.len().leading_zeros();
    let params = brotli::enc::BrotliEncoderParams {
        quality: BROTLI_QUALITY,
        lgwin: i32::try_from(bits).unwrap_or(20).clamp(17, 20),
        size_hint: bytes.len(),
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).ok()?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let made = first.brotli().cloned();
        assert!(made.is_some());
        assert!(copy.forms.br.get().is_some(), "made once, seen by the copy");
        assert_eq!(copy.brotli().cloned(), made);
        let gzip = copy.gzip();
        assert!(gzip.is_some());
        assert_eq!(first.forms.gzip.get().cloned().flatten(), gzip);
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
        let hash = &page.hash[..32];
        let tag = |v: Option<Encoded>| v.and_then(|v| v.etag.to_str().ok().map(str::to_owned));
        assert_eq!(tag(page.gzip()), Some(format!("\"{hash}-gzip\"")));
        assert_eq!(tag(page.brotli().cloned()), Some(format!("\"{hash}-br\"")));
        assert_eq!(page.etag.to_str().ok(), Some(&*format!("\"{hash}\"")));
    }

    #[test]
    fn a_packed_page_keeps_its_brotli_form_and_gives_the_same_bytes_back() {
        let html = "<p>Clermont-Ferrand, Colima, Arezzo, Seika</p>\n".repeat(300);
        let page = html_page(&html).packed(lz4);
        let kept_whole = html_page(&html);
        page.pack();
        kept_whole.pack();
        assert!(
            page.forms.identity.load().is_none(),
            "the body as rendered is let go"
        );
        assert!(
            page.forms.gzip.get().is_none(),
            "gzip is made only when asked for"
        );
        assert!(
            kept_whole.forms.identity.load().is_some(),
            "not packed: kept whole"
        );
        assert!(
            kept_whole.forms.gzip.get().is_some(),
            "and served in gzip from memory"
        );
        // Made again from the brotli form: the same bytes, tags and lengths as before.
        assert_eq!(page.body(), html.as_bytes());
        assert_eq!(page.len, html.len());
        assert_eq!(page.gzip(), kept_whole.gzip());
        assert_eq!(page.brotli(), kept_whole.brotli());
        assert_eq!(page.etag, kept_whole.etag);
    }

    #[test]
    fn a_page_just_rendered_is_kept_in_lz4_until_it_is_packed() {
        let html = "<p>Seika, Soraku District, Kyoto Prefecture</p>\n".repeat(300);
        let page = html_page(&html).packed(lz4);
        assert!(page.forms.identity.load().is_none(), "not kept whole");
        let stored = page
            .forms
            .stored
            .load_full()
            .map_or(0, |stored| stored.form().len());
        assert!(stored > 0 && stored < html.len() / 3, "{stored}");
        assert_eq!(page.body(), html.as_bytes(), "made again from it");
        assert!(
            page.forms.identity.load().is_none(),
            "and still not kept whole"
        );
        let whole = html_page(&html);
        assert_eq!(
            page.brotli(),
            whole.brotli(),
            "the brotli form is the body's"
        );
        page.pack();
        assert!(page.forms.stored.load().is_none(), "let go once packed");
        assert_eq!(page.body(), html.as_bytes());
        assert_eq!(page.gzip(), whole.gzip());
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
        let mut page = html_page(&html).packed(lz4);
        page.forms = Arc::new(Forms::new(Some(Bytes::from(html.clone())), budget));
        let other = Page {
            forms: Arc::new(Forms::new(Some(Bytes::from(html.clone())), budget)),
            ..page.clone()
        };
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
        assert!(gzip.is_some() && other.forms.gzip.get().is_none());
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
        let mut page = html_page(&html).packed(lz4);
        page.forms = Arc::new(Forms::new(Some(Bytes::from(html.clone())), budget));
        let gzip = page.gzip();
        let len = gzip.as_ref().map_or(0, |gzip| gzip.body.len());
        assert!(len > 0);
        assert_eq!(page.forms.gzip.get().cloned().flatten(), gzip, "kept");
        assert_eq!(budget.kept.load(Ordering::Relaxed), len);
    }

    #[test]
    fn a_page_kept_whole_keeps_its_gzip_form_whatever_the_budget() {
        let html = "<p>Colima</p>\n".repeat(500);
        let mut page = html_page(&html);
        page.forms = Arc::new(Forms::new(Some(Bytes::from(html.clone())), budget(0)));
        let gzip = page.gzip();
        assert!(gzip.is_some());
        assert_eq!(page.forms.gzip.get().cloned().flatten(), gzip);
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
