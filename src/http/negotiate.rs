//! Content negotiation and validation for prepared pages: which encoding to send
//! (Accept-Encoding with q-values) and whether the client's copy is still current
//! (If-None-Match, then If-Modified-Since, as RFC 9110 orders them).

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, header};

use crate::render::Page;

/// The form of a page chosen for a request.
pub struct Representation<'a> {
    pub body: &'a Bytes,
    /// Its strong ETag: each content coding has its own.
    pub etag: &'a HeaderValue,
    /// Its Content-Encoding (None for identity).
    pub encoding: Option<&'static str>,
}

/// The best form of the page the client accepts: brotli, then gzip, then the body as it is.
pub fn representation<'a>(request: &HeaderMap, page: &'a Page) -> Representation<'a> {
    let accepts = |coding: &str| accepts(request, coding);
    let variants = page.variants();
    let (encoded, encoding) = match (&variants.br, &variants.gzip) {
        (Some(br), _) if accepts("br") => (br, "br"),
        (_, Some(gzip)) if accepts("gzip") => (gzip, "gzip"),
        _ => {
            return Representation {
                body: &page.body,
                etag: &page.etag,
                encoding: None,
            };
        }
    };
    Representation {
        body: &encoded.body,
        etag: &encoded.etag,
        encoding: Some(encoding),
    }
}

/// Whether Accept-Encoding allows `coding` (listed, or `*`, with a q-value above 0).
fn accepts(request: &HeaderMap, coding: &str) -> bool {
    let mut star = false;
    for value in request.get_all(header::ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else { continue };
        for item in value.split(',') {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or("").trim();
            let q = parts
                .filter_map(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .or_else(|| p.trim().strip_prefix("Q="))
                })
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if name.eq_ignore_ascii_case(coding) {
                return q > 0.0;
            }
            if name == "*" {
                star = q > 0.0;
            }
        }
    }
    star
}

/// Whether the client's cached copy of the chosen representation (`etag`, `last_modified`)
/// is current, so a 304 can be sent.
pub fn not_modified(request: &HeaderMap, etag: &HeaderValue, last_modified: &HeaderValue) -> bool {
    let etag = etag.as_bytes();
    let mut if_none_match = request.get_all(header::IF_NONE_MATCH).iter().peekable();
    if if_none_match.peek().is_some() {
        // Weak comparison: W/"x" matches "x".
        return if_none_match.filter_map(|v| v.to_str().ok()).any(|list| {
            list.split(',')
                .map(str::trim)
                .any(|tag| tag == "*" || tag.trim_start_matches("W/").as_bytes() == etag)
        });
    }
    let Some(since) = request
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| httpdate::parse_http_date(v).ok())
    else {
        return false;
    };
    let modified = last_modified
        .to_str()
        .ok()
        .and_then(|v| httpdate::parse_http_date(v).ok());
    modified.is_some_and(|modified| modified <= since)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(name: header::HeaderName, value: &'static str) -> HeaderMap {
        let mut map = HeaderMap::new();
        map.insert(name, HeaderValue::from_static(value));
        map
    }

    #[test]
    fn accept_encoding_honours_q_values_and_star() {
        let ae = header::ACCEPT_ENCODING;
        assert!(accepts(&headers(ae.clone(), "gzip, deflate, br"), "br"));
        assert!(!accepts(&headers(ae.clone(), "gzip, br;q=0"), "br"));
        assert!(accepts(&headers(ae.clone(), "br;q=0.5"), "br"));
        assert!(accepts(&headers(ae.clone(), "*"), "gzip"));
        assert!(!accepts(&headers(ae.clone(), "*, gzip;q=0"), "gzip"));
        assert!(!accepts(&headers(ae.clone(), "identity"), "gzip"));
        assert!(!accepts(&HeaderMap::new(), "gzip"));
    }
}
