//! A response body prepared once: the bytes, their gzip and brotli variants, a strong ETag and
//! the caching policy. Serving it is then a lookup and a copy of `Bytes`.
//!
//! Compressing is most of the cost of building a site, so the variants are made once per
//! distinct body, off the request path: right after a new site goes live, a background pass
//! (src/live.rs) compresses every page, reusing the variants of pages whose bytes did not
//! change. A request that comes first compresses that one page itself, once ([`OnceLock`]).

use std::io::Write;
use std::sync::{Arc, OnceLock};

use axum::body::Bytes;
use axum::http::HeaderValue;
use flate2::Compression;
use flate2::write::GzEncoder;
use jiff::Timestamp;
use sha2::{Digest, Sha256};

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

/// The compressed forms of a body; each only when smaller than the body.
#[derive(Debug, Clone, Default)]
pub struct Variants {
    pub gzip: Option<Encoded>,
    pub br: Option<Encoded>,
}

/// A body in one content coding, with its own strong ETag: a content coding is part of the
/// representation, so the gzip and brotli forms of a page each need a tag distinct from the
/// page's (RFC 9110, 8.8.3), e.g. `"<hash>-gzip"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encoded {
    pub body: Bytes,
    pub etag: HeaderValue,
}

/// One rendered page or file, ready to serve.
#[derive(Debug, Clone)]
pub struct Page {
    /// The bytes as rendered (identity encoding).
    pub body: Bytes,
    /// Text that is worth compressing: the variants exist and `Vary` is sent.
    pub compressible: bool,
    variants: Arc<OnceLock<Variants>>,
    pub content_type: HeaderValue,
    /// Strong validator of the identity body: a hash of it (each compressed variant has its
    /// own, see [`Encoded`]).
    pub etag: HeaderValue,
    pub last_modified: HeaderValue,
    /// The hex content hash, also used to fingerprint asset file names.
    pub hash: String,
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
            variants: Arc::default(),
            body,
            hash,
            caching,
            content_language: None,
        }
    }

    /// The gzip and brotli variants, compressed on first use.
    pub fn variants(&self) -> &Variants {
        self.variants.get_or_init(|| {
            if !self.compressible {
                return Variants::default();
            }
            let encoded = |coding: &str, compressed: Vec<u8>| {
                (compressed.len() < self.body.len()).then(|| Encoded {
                    body: Bytes::from(compressed),
                    etag: etag(&self.hash, coding),
                })
            };
            Variants {
                gzip: gzip(&self.body).and_then(|v| encoded("-gzip", v)),
                br: brotli(&self.body).and_then(|v| encoded("-br", v)),
            }
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

/// Compression levels: a balance between bytes saved and time to render the whole site (which
/// happens on every edit). Brotli at 6 still comes out smaller than gzip at its highest.
const GZIP_LEVEL: u32 = 6;
const BROTLI_QUALITY: i32 = 6;

fn gzip(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut encoder = GzEncoder::new(
        Vec::with_capacity(bytes.len() / 3),
        Compression::new(GZIP_LEVEL),
    );
    encoder.write_all(bytes).ok()?;
    encoder.finish().ok()
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

    #[test]
    fn copies_of_a_page_share_its_variants_made_once() {
        let body = Bytes::from("<p>Seika</p>\n".repeat(100));
        let first = Page::new(
            body,
            "text/html",
            Timestamp::UNIX_EPOCH,
            Caching::Revalidate,
        );
        let copy = first.clone();
        let made = first.variants().br.clone();
        assert!(made.is_some());
        assert!(copy.variants.get().is_some(), "made once, seen by the copy");
        assert_eq!(copy.variants().br, made);
    }

    #[test]
    fn text_is_compressed_both_ways_and_round_trips() {
        let html = "<p>Sister Cities</p>\n".repeat(200);
        let page = Page::new(
            Bytes::from(html.clone()),
            "text/html; charset=utf-8",
            Timestamp::UNIX_EPOCH,
            Caching::Revalidate,
        );
        let variants = page.variants();
        let gz = variants.gzip.clone().map(|v| v.body).unwrap_or_default();
        let br = variants.br.clone().map(|v| v.body).unwrap_or_default();
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
        let tag = |v: &Option<Encoded>| {
            v.as_ref()
                .and_then(|v| v.etag.to_str().ok())
                .map(str::to_owned)
        };
        assert_eq!(tag(&variants.gzip), Some(format!("\"{hash}-gzip\"")));
        assert_eq!(tag(&variants.br), Some(format!("\"{hash}-br\"")));
        assert_eq!(page.etag.to_str().ok(), Some(&*format!("\"{hash}\"")));
    }

    #[test]
    fn images_and_tiny_bodies_are_not_compressed() {
        let png = Page::new(
            Bytes::from(vec![0u8; 4096]),
            "image/png",
            Timestamp::UNIX_EPOCH,
            Caching::Immutable,
        );
        assert!(png.variants().gzip.is_none() && png.variants().br.is_none());
        let tiny = Page::new(
            Bytes::from_static(b"ok"),
            "text/plain",
            Timestamp::UNIX_EPOCH,
            Caching::Revalidate,
        );
        assert!(tiny.variants().gzip.is_none());
    }
}
