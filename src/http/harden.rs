//! Protections on every response (pages, static files, errors alike) and limits on requests.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Longest request target accepted; longer ones get 414.
pub const MAX_URI_LEN: usize = 2048;

/// No inline scripts or styles anywhere, so no `unsafe-inline`: the stylesheet, images and the
/// manifest come from this site only, and nothing may frame it.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; \
     font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; \
     frame-ancestors 'none'; upgrade-insecure-requests";

const HEADERS: [(&str, &str); 6] = [
    ("content-security-policy", CONTENT_SECURITY_POLICY),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "strict-origin-when-cross-origin"),
    (
        "permissions-policy",
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), microphone=(), payment=(), usb=(), interest-cohort=()",
    ),
    ("cross-origin-opener-policy", "same-origin"),
    ("x-frame-options", "DENY"),
];

#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// Served over HTTPS: browsers should never use plain HTTP for this site again.
    pub https: bool,
}

/// Refuses what no page needs (long targets, request bodies), then adds the security headers.
pub async fn harden(State(policy): State<Policy>, request: Request, next: Next) -> Response {
    let mut response = match refuse(&request) {
        Some(refusal) => refusal,
        None => next.run(request).await,
    };
    let headers = response.headers_mut();
    for (name, value) in HEADERS {
        headers.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    if policy.https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    headers.remove(header::SERVER);
    response
}

fn refuse(request: &Request) -> Option<Response> {
    let target_len = request
        .uri()
        .path_and_query()
        .map_or(0, |p| p.as_str().len());
    if target_len > MAX_URI_LEN {
        return Some(plain(
            StatusCode::URI_TOO_LONG,
            "The address is too long.\n",
        ));
    }
    let has_body = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .is_some_and(|len| len.as_bytes() != b"0")
        || request.headers().contains_key(header::TRANSFER_ENCODING);
    if has_body {
        return Some(plain(
            StatusCode::PAYLOAD_TOO_LARGE,
            "This site does not accept request bodies.\n",
        ));
    }
    None
}

fn plain(status: StatusCode, message: &'static str) -> Response {
    let mut response = (status, Body::from(message)).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}
