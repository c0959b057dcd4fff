//! The router: every page, feed and fingerprinted asset from memory; legacy `/static/...`
//! URLs from disk (tower-http); the 404 page; and the protections every response gets.
//!
//! Nothing here renders content or reads content files: a request is a map lookup in the live
//! site's current snapshot, then content negotiation (encoding) and validation (ETag).

mod harden;
mod negotiate;
mod status;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower::ServiceExt;
use tower_http::LatencyUnit;
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::services::ServeDir;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::live::Live;
use crate::render::Page;

/// How long a request that waits on the disk (a static file) may take before it is answered
/// 408. Everything else is answered from memory at once; slow clients are cut off by the
/// server's header-read timeout.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// How the router is set up.
#[derive(Debug, Clone)]
pub struct Options {
    /// The folder served under `/static/` for URLs without a fingerprint.
    pub static_dir: PathBuf,
    /// Serve the staff status page at `/_status`.
    pub status_page: bool,
    /// The site is served over HTTPS (by a proxy in front): send Strict-Transport-Security.
    pub https: bool,
    /// Log one line per request, with a request id (also sent back as `x-request-id`).
    /// When the log filter drops request lines (`RUST_LOG=warn`), the layers that would
    /// make them are left out, as they would only cost time (see docs/performance.md).
    pub log_requests: bool,
}

#[derive(Clone)]
pub struct AppState {
    pub live: Arc<Live>,
    assets: Arc<ServeDir>,
}

/// Builds the application, with its middleware: security headers and request limits, and
/// (when logged) request ids and one log line per request.
pub fn router(live: Arc<Live>, options: Options) -> Router {
    let state = AppState {
        live,
        assets: Arc::new(ServeDir::new(&options.static_dir)),
    };
    let mut router = Router::new().route("/healthz", get(healthz));
    if options.status_page {
        router = router.route("/_status", get(status::page));
    }
    let router = router
        .fallback(page)
        .with_state(state)
        .layer(harden::HardenLayer {
            https: options.https,
        });
    if !options.log_requests {
        return router;
    }
    let request_id = header::HeaderName::from_static("x-request-id");
    router
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request| {
                    let id = request
                        .headers()
                        .get("x-request-id")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("");
                    tracing::info_span!("request", id, method = %request.method(), path = %request.uri().path())
                })
                .on_request(())
                .on_response(
                    DefaultOnResponse::new()
                        .level(Level::INFO)
                        .latency_unit(LatencyUnit::Micros),
                ),
        )
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(SetRequestIdLayer::new(request_id, Counter::default()))
}

/// Whether the log filter keeps the per-request lines (tower-http's, at INFO).
pub fn request_logs_enabled() -> bool {
    tracing::enabled!(target: "tower_http::trace::on_response", Level::INFO)
}

/// Request ids: a counter, unique within this process's run (`x-request-id` from a proxy in
/// front is kept as it is).
#[derive(Clone, Default)]
struct Counter(Arc<AtomicU64>);

impl MakeRequestId for Counter {
    fn make_request_id<B>(&mut self, _: &axum::http::Request<B>) -> Option<RequestId> {
        let n = self.0.fetch_add(1, Ordering::Relaxed) + 1;
        HeaderValue::from_str(&n.to_string())
            .ok()
            .map(RequestId::new)
    }
}

/// Every page, feed and fingerprinted asset: GET and HEAD only, on every path.
async fn page(State(state): State<AppState>, request: Request) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return method_not_allowed();
    }
    let snapshot = state.live.snapshot();
    let path = request.uri().path();
    match snapshot.site.page(path) {
        Some(page) => page_response(request.headers(), StatusCode::OK, page),
        None if path.starts_with("/static/") => {
            let response = static_from_disk(state.assets, request).await;
            if response.status() == StatusCode::NOT_FOUND {
                page_response(
                    &HeaderMap::new(),
                    StatusCode::NOT_FOUND,
                    snapshot.site.not_found(),
                )
            } else {
                response
            }
        }
        None => page_response(
            request.headers(),
            StatusCode::NOT_FOUND,
            snapshot.site.not_found(),
        ),
    }
}

/// A `/static/...` URL without a fingerprint (a link made elsewhere, or a large file): from
/// disk, through tower-http, revalidated on each use.
async fn static_from_disk(assets: Arc<ServeDir>, request: Request) -> Response {
    let (mut parts, body) = request.into_parts();
    let stripped = parts.uri.path().trim_start_matches("/static").to_owned();
    let Ok(uri) = stripped.parse() else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    parts.uri = uri;
    let served = ServeDir::clone(&assets).oneshot(Request::from_parts(parts, body));
    let Ok(served) = tokio::time::timeout(REQUEST_TIMEOUT, served).await else {
        return (
            StatusCode::REQUEST_TIMEOUT,
            "The file took too long to read.\n",
        )
            .into_response();
    };
    match served {
        Ok(response) => {
            let mut response = response.map(Body::new);
            if response.status().is_success() {
                response
                    .headers_mut()
                    .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            }
            response
        }
        Err(never) => match never {},
    }
}

/// `/healthz`: for load balancers and monitoring.
async fn healthz(State(state): State<AppState>) -> Response {
    let snapshot = state.live.snapshot();
    let body = serde_json::json!({
        "status": "ok",
        "version": snapshot.version,
        "loaded_at": snapshot.loaded_at.to_string(),
        "pages": snapshot.site.paths().len(),
    });
    (
        [
            (header::CACHE_CONTROL, "no-store"),
            (header::CONTENT_TYPE, "application/json"),
        ],
        body.to_string(),
    )
        .into_response()
}

/// Answers with a prepared page: 304 when the client's copy is current, otherwise the best
/// encoding the client accepts.
fn page_response(request: &HeaderMap, status: StatusCode, page: &Page) -> Response {
    // Room for these, the security headers and the request id, so the map never grows.
    let mut headers = HeaderMap::with_capacity(16);
    headers.insert(header::CONTENT_TYPE, page.content_type.clone());
    headers.insert(header::CACHE_CONTROL, page.caching.header());
    if page.compressible {
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    if status == StatusCode::OK {
        headers.insert(header::ETAG, page.etag.clone());
        headers.insert(header::LAST_MODIFIED, page.last_modified.clone());
        if negotiate::not_modified(request, page) {
            return response(StatusCode::NOT_MODIFIED, headers, Body::empty());
        }
    }
    let (body, encoding) = negotiate::encoding(request, page);
    if let Some(encoding) = encoding {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    response(status, headers, Body::from(body))
}

/// A response made of its parts as they are (axum's tuple responses would copy each header
/// into a new map, which showed in profiles of the page path).
fn response(status: StatusCode, headers: HeaderMap, body: Body) -> Response {
    let mut response = Response::new(body);
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    response
}

fn method_not_allowed() -> Response {
    (
        StatusCode::METHOD_NOT_ALLOWED,
        [
            (header::ALLOW, "GET, HEAD"),
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
        ],
        "Only GET and HEAD are allowed here.\n",
    )
        .into_response()
}
