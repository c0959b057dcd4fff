//! The content codings a page is served in, and their settings: gzip and brotli.

use std::io::{Read, Write};

use axum::body::Bytes;
use flate2::Compression;
use flate2::write::GzEncoder;

/// Whether a body of `content_type` is text, worth compressing.
pub fn is_compressible(content_type: &str) -> bool {
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

/// The gzip form of `bytes`.
pub fn gzip(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut encoder = GzEncoder::new(
        Vec::with_capacity(bytes.len() / 3),
        Compression::new(GZIP_LEVEL),
    );
    encoder.write_all(bytes).ok()?;
    encoder.finish().ok()
}

/// The body back from its brotli form (`len` bytes long).
pub fn unbrotli(compressed: &[u8], len: usize) -> Option<Bytes> {
    let mut out = Vec::with_capacity(len);
    brotli::Decompressor::new(compressed, 4096)
        .read_to_end(&mut out)
        .ok()?;
    Some(Bytes::from(out))
}

/// The brotli form of `bytes`.
pub fn brotli(bytes: &[u8]) -> Option<Vec<u8>> {
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
