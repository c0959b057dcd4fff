//! Protections on every response (pages, static files, errors alike) and limits on requests,
//! as one small tower layer: it runs on every request, so it avoids boxing and allocation.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::Body;
use axum::http::{HeaderName, HeaderValue, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tower::{Layer, Service};

/// Longest request target accepted; longer ones get 414.
pub const MAX_URI_LEN: usize = 2048;

/// The Content-Security-Policy, written once for both of its forms below.
macro_rules! policy {
    () => {
        "default-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; \
         connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    };
}

/// No inline scripts or styles anywhere, so no `unsafe-inline`: the stylesheet, images and the
/// manifest come from this site only, and nothing may frame it.
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
    (
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static(
            "accelerometer=(), camera=(), geolocation=(), gyroscope=(), microphone=(), payment=(), usb=(), interest-cohort=()",
        ),
    ),
    (
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    ),
    (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
];

/// Adds the security headers to every response and refuses what no page needs.
#[derive(Debug, Clone, Copy)]
pub struct HardenLayer {
    /// Served over HTTPS: browsers should never use plain HTTP for this site again (HSTS,
    /// and `upgrade-insecure-requests` in the policy).
    pub https: bool,
}

impl<S> Layer<S> for HardenLayer {
    type Service = Harden<S>;

    fn layer(&self, inner: S) -> Harden<S> {
        Harden {
            inner,
            https: self.https,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Harden<S> {
    inner: S,
    https: bool,
}

impl<S> Service<Request<Body>> for Harden<S>
where
    S: Service<Request<Body>, Response = Response>,
{
    type Response = Response;
    type Error = S::Error;
    type Future = HardenFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<Body>) -> Self::Future {
        let https = self.https;
        match refuse(&request) {
            Some(response) => HardenFuture::Refused {
                response: Some(response),
                https,
            },
            None => HardenFuture::Inner {
                future: self.inner.call(request),
                https,
            },
        }
    }
}

pin_project_lite::pin_project! {
    #[project = HardenProjection]
    pub enum HardenFuture<F> {
        Refused { response: Option<Response>, https: bool },
        Inner { #[pin] future: F, https: bool },
    }
}

impl<F, E> Future for HardenFuture<F>
where
    F: Future<Output = Result<Response, E>>,
{
    type Output = Result<Response, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project() {
            HardenProjection::Refused { response, https } => {
                let response = response.take().unwrap_or_default();
                Poll::Ready(Ok(secure(response, *https)))
            }
            HardenProjection::Inner { future, https } => {
                future.poll(cx).map_ok(|response| secure(response, *https))
            }
        }
    }
}

fn secure(mut response: Response, https: bool) -> Response {
    let headers = response.headers_mut();
    headers.reserve(HEADERS.len() + 2);
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
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    headers.remove(header::SERVER);
    response
}

fn refuse<B>(request: &Request<B>) -> Option<Response> {
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
