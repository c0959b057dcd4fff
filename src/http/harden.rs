//! Protections on every response (pages, static files, errors alike) and limits on requests:
//! the headers every response carries, and the requests refused before any page is looked
//! up. They run on every request, so they avoid boxing and allocation.

use axum::http::{HeaderMap, HeaderName, HeaderValue, Request, Version, header};
use axum::response::{IntoResponse, Response};

use super::HttpError;

/// Longest request target accepted; longer ones get 414.
pub const MAX_URI_LEN: usize = 2048;

/// Most bytes of header fields accepted (each counted as `name: value` and its line end);
/// more gets 431. The server reads heads of up to 64 KiB (src/server.rs), so that a long
/// target is seen whole and answered 414 here rather than cut off as a too-large head.
pub const MAX_HEADERS_LEN: usize = 16 * 1024;

/// The Content-Security-Policy, written once for both of its forms below.
macro_rules! policy {
    () => {
        "default-src 'none'; style-src 'self'; img-src 'self'; manifest-src 'self'; \
         connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    };
}

/// Only what the pages use: the stylesheet, images and the manifest, from this site only. No
/// inline scripts or styles anywhere, so no `unsafe-inline`; no scripts, fonts or `data:`
/// images at all, so none are allowed; and nothing may frame the site. `connect-src 'self'`
/// stays although no page fetches anything (it has no scripts): tools that check a page from
/// inside it, as Lighthouse reads `/robots.txt`, fetch under the page's policy.
const CONTENT_SECURITY_POLICY: &str = policy!();

/// The same over HTTPS, where browsers are also told to fetch the site's own `http://` URLs
/// over HTTPS (W3C Upgrade Insecure Requests). Only there: on a plain-HTTP address (staging,
/// an intranet) it would rewrite every stylesheet and image URL to `https://`, which fails.
const CONTENT_SECURITY_POLICY_HTTPS: &str = concat!(policy!(), "; upgrade-insecure-requests");

const HEADERS: [(HeaderName, HeaderValue); 5] = [
    (
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    ),
    (
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    ),
    // No page uses these features, so no page (or anything injected into one) may. (No
    // `interest-cohort`: browsers dropped the feature it opted out of, and name it unknown.)
    (
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static(
            "accelerometer=(), camera=(), geolocation=(), gyroscope=(), microphone=(), payment=(), usb=()",
        ),
    ),
    (
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    ),
    (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
];

/// The headers every response carries: the ones above, the policy, and over HTTPS (`https`:
/// behind a proxy that terminates it) Strict-Transport-Security. Made once; a page's response
/// starts from a copy of them, which costs less than adding each to it.
pub fn headers(https: bool) -> HeaderMap {
    let mut headers = HeaderMap::with_capacity(16);
    for (name, value) in HEADERS {
        headers.insert(name, value);
    }
    let policy = if https {
        CONTENT_SECURITY_POLICY_HTTPS
    } else {
        CONTENT_SECURITY_POLICY
    };
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(policy),
    );
    if https {
        // Browsers should never use plain HTTP for this site again.
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    headers
}

/// A response with the security `headers` (from [`headers`]) in place of any of its own, and
/// without a `Server` header.
pub fn secure(mut response: Response, headers: &HeaderMap) -> Response {
    let own = response.headers_mut();
    own.reserve(headers.len());
    for (name, value) in headers {
        own.insert(name, value.clone());
    }
    own.remove(header::SERVER);
    response
}

/// The answer to a request no page needs (see [`HttpError`]): an HTTP/1.1 request without one
/// valid Host, a target or header fields too long, a request with a body. None for the rest.
pub fn refuse<B>(request: &Request<B>) -> Option<Response> {
    if !has_one_host(request) {
        return Some(HttpError::BadHost.into_response());
    }
    let target_len = request
        .uri()
        .path_and_query()
        .map_or(0, |p| p.as_str().len());
    if target_len > MAX_URI_LEN {
        return Some(HttpError::UriTooLong.into_response());
    }
    let headers_len: usize = request
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + 4)
        .sum();
    if headers_len > MAX_HEADERS_LEN {
        return Some(HttpError::HeadersTooLarge.into_response());
    }
    let has_body = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .is_some_and(|len| len.as_bytes() != b"0")
        || request.headers().contains_key(header::TRANSFER_ENCODING);
    if has_body {
        return Some(HttpError::BodyNotAccepted.into_response());
    }
    None
}

/// RFC 9112 3.2: an HTTP/1.1 request without a Host header, and any request with more than
/// one or with one that is not a host (and port), is answered 400. HTTP/2 names the host in
/// its `:authority` instead (RFC 9113 8.3.1), and HTTP/1.0 did not require it.
fn has_one_host<B>(request: &Request<B>) -> bool {
    let mut hosts = request.headers().get_all(header::HOST).iter();
    match (hosts.next(), hosts.next()) {
        (None, _) => request.version() != Version::HTTP_11,
        (Some(host), None) => is_host(host.as_bytes()),
        (Some(_), Some(_)) => false,
    }
}

/// Whether a Host value is `uri-host [ ":" port ]` (RFC 3986 3.2.2), or empty: a name or an
/// IPv4 address, or an IP literal in brackets. Checked by hand, as parsing it into a URI
/// authority would copy it on every request.
fn is_host(value: &[u8]) -> bool {
    let name_char = |b: &u8| b.is_ascii_alphanumeric() || b"-._~%!$&'()*+,;=".contains(b);
    let (host, port) = match value.strip_prefix(b"[") {
        Some(literal) => match literal.iter().position(|&b| b == b']') {
            Some(end) if end > 0 => {
                let ip = &literal[..end];
                if !ip.iter().all(|b| name_char(b) || *b == b':') {
                    return false;
                }
                (&[][..], &literal[end + 1..])
            }
            _ => return false,
        },
        None => {
            let colon = value.iter().position(|&b| b == b':').unwrap_or(value.len());
            value.split_at(colon)
        }
    };
    let port_ok = match port.split_first() {
        None => true,
        Some((colon, digits)) => *colon == b':' && digits.iter().all(u8::is_ascii_digit),
    };
    port_ok && host.iter().all(name_char)
}

#[cfg(test)]
mod tests {
    use super::is_host;

    #[test]
    fn a_host_is_a_name_or_an_address_with_an_optional_port() {
        for host in [
            "",
            "sistercities.normanok.gov",
            "localhost:3000",
            "localhost:",
            "127.0.0.1",
            "[::1]",
            "[::1]:3000",
            "xn--fsq.example",
        ] {
            assert!(is_host(host.as_bytes()), "{host}");
        }
        for host in [
            "a b",
            "a/b",
            "user@a.example",
            "a.example:http",
            "a.example:80:90",
            "[::1",
            "[]",
            "[::1]x",
            "[::1]:80a",
            "a\tb",
        ] {
            assert!(!is_host(host.as_bytes()), "{host}");
        }
    }
}
