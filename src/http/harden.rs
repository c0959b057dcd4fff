//! Protections on every response (pages, static files, errors alike) and limits on requests,
//! as one small tower layer: it runs on every request, so it avoids boxing and allocation.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::Body;
use axum::http::{HeaderName, HeaderValue, Request, header};
use axum::response::{IntoResponse, Response};
use tower::{Layer, Service};

use super::HttpError;

/// Longest request target accepted; longer ones get 414.
pub const MAX_URI_LEN: usize = 2048;

/// No inline scripts or styles anywhere, so no `unsafe-inline`: the stylesheet, images and the
/// manifest come from this site only, and nothing may frame it.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; \
     font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; \
     frame-ancestors 'none'; upgrade-insecure-requests";

const HEADERS: [(HeaderName, HeaderValue); 6] = [
    (
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    ),
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
    /// Served over HTTPS: browsers should never use plain HTTP for this site again.
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
    headers.reserve(HEADERS.len() + 1);
    for (name, value) in HEADERS {
        headers.insert(name, value);
    }
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
        return Some(HttpError::UriTooLong.into_response());
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
