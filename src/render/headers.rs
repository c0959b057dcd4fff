//! The headers of a response that are made once, as its body is rendered: how long it may
//! be kept ([`Caching`]) and its validators (the ETag, from a digest of the body, and
//! `Last-Modified`).

use axum::http::HeaderValue;
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

/// A strong ETag from the body's digest and a suffix naming the content coding ("" for
/// none).
pub(super) fn etag(digest: &[u8; 16], coding: &str) -> HeaderValue {
    header_value(&format!("\"{}{coding}\"", hex(digest)))
}

/// A `Last-Modified` header. Made once for every page rendered at one moment, and shared by
/// them (a clone of a header shares its bytes).
#[derive(Debug, Clone)]
pub struct LastModified(pub(super) HeaderValue);

impl From<Timestamp> for LastModified {
    fn from(modified: Timestamp) -> LastModified {
        LastModified(header_value(&httpdate::fmt_http_date(to_system_time(
            modified,
        ))))
    }
}

fn header_value(text: &str) -> HeaderValue {
    HeaderValue::from_str(text).unwrap_or_else(|_| HeaderValue::from_static(""))
}

fn to_system_time(t: Timestamp) -> std::time::SystemTime {
    std::time::SystemTime::try_from(t).unwrap_or(std::time::UNIX_EPOCH)
}

/// The first 128 bits of the SHA-256 of the bytes: two bodies that differ share them with
/// odds of about one in 2^128.
pub(super) fn digest(bytes: &[u8]) -> [u8; 16] {
    let mut digest = [0; 16];
    digest.copy_from_slice(&Sha256::digest(bytes)[..16]);
    digest
}

pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
