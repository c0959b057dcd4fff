//! The application: every page, feed and fingerprinted asset from memory ([`Pages`]); the
//! axum router for the rest (`/healthz`, the staff pages behind their login, legacy
//! `/static/...` URLs from disk through tower-http, the 404 page); and the protections every
//! response gets.
//!
//! Nothing here renders content or reads content files: a request is a map lookup in the live
//! site's current snapshot, then content negotiation (encoding) and validation (ETag).

mod error;
mod harden;
mod negotiate;
mod pages;
pub mod staff;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower::util::{BoxCloneSyncService, Either};
use tower::{Service, ServiceBuilder, ServiceExt};
use tower_http::LatencyUnit;
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::services::ServeDir;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::live::Live;
use crate::paths;
use crate::zero_copy::SendFiles;
pub use error::HttpError;
use pages::page_response;
pub use pages::{Connection, Pages};

/// How long a request that waits on the disk (a static file) may take before it is answered
/// 408. Everything else is answered from memory at once; slow clients are cut off by the
/// server's header-read timeout.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// How the application is set up.
#[derive(Debug, Clone)]
pub struct Options {
    /// The folder served under `/static/` for URLs without a fingerprint.
    pub static_dir: PathBuf,
    /// The staff accounts (the state folder's), for the staff pages at `/staff`: they answer
    /// once an account exists. `None` leaves them out.
    pub staff_accounts: Option<crate::state::Accounts>,
    /// The site is served over HTTPS (by a proxy in front): send Strict-Transport-Security
    /// and `upgrade-insecure-requests`.
    pub https: bool,
    /// Log one line per request, with a request id (also sent back as `x-request-id`).
    /// When the log filter drops request lines (`RUST_LOG=warn`), the layers that would
    /// make them are left out, as they would only cost time.
    pub log_requests: bool,
}

#[derive(Clone)]
pub struct AppState {
    pub live: Arc<Live>,
    assets: Arc<ServeDir>,
    /// The staff pages, when they are on.
    staff: Option<staff::Staff>,
}

/// The whole application, as one tower service (clone it per connection), with the memory
/// files its large static files are kept in, for the connections to send them from.
#[derive(Clone)]
pub struct App {
    service: Either<Served, Logged>,
    send_files: SendFiles,
}

/// The site: what every request goes through.
type Served = Pages;

/// The same with request ids and one log line per request. Boxed, as its layers' types
/// cannot be named; the allocation this costs is small next to writing a log line.
type Logged = BoxCloneSyncService<Request, Response, Infallible>;

/// Builds the application: the pages, the routes for everything else, the security headers
/// and request limits, and (when logged) request ids and one log line per request.
pub fn app(live: Arc<Live>, options: Options) -> App {
    let send_files = live.snapshot().assets.send_files().clone();
    let served = Pages {
        live: live.clone(),
        fallback: routes(live, &options),
        headers: Arc::new(harden::headers(options.https)),
    };
    if !options.log_requests {
        return App {
            service: Either::Left(served),
            send_files,
        };
    }
    let request_id = header::HeaderName::from_static("x-request-id");
    let logged = ServiceBuilder::new()
        .map_response(|response: axum::http::Response<_>| response.map(Body::new))
        .layer(SetRequestIdLayer::new(request_id.clone(), Counter::default()))
        .layer(PropagateRequestIdLayer::new(request_id))
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
        .service(served);
    App {
        service: Either::Right(BoxCloneSyncService::new(logged)),
        send_files,
    }
}

impl App {
    /// The files the site's large static files are sent from (see [`crate::zero_copy`]):
    /// serve each connection through [`SendFiles::connection`].
    pub fn send_files(&self) -> &SendFiles {
        &self.send_files
    }

    /// The application as hyper serves a connection from `peer`.
    pub fn connection(&self, peer: SocketAddr) -> Connection {
        Connection {
            app: self.clone(),
            peer,
        }
    }

    /// The pages, when requests reach them directly (not when each is logged).
    fn pages(&self) -> Option<&Pages> {
        match &self.service {
            Either::Left(pages) => Some(pages),
            Either::Right(_) => None,
        }
    }
}

impl Service<Request> for App {
    type Response = Response;
    type Error = Infallible;
    type Future = <Either<Served, Logged> as Service<Request>>::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.service.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        self.service.call(request)
    }
}

/// What is not a page of the live site: `/healthz`, the staff pages, and the fallback for
/// every other address.
fn routes(live: Arc<Live>, options: &Options) -> Router {
    let state = AppState {
        live,
        assets: Arc::new(ServeDir::new(&options.static_dir)),
        staff: options
            .staff_accounts
            .clone()
            .map(|accounts| staff::Staff::new(accounts, options.https)),
    };
    let mut router = Router::new().route(paths::HEALTHZ, get(healthz));
    if state.staff.is_some() {
        router = router.merge(staff::routes(&state));
    }
    // Their 405 is the one every other address gives, not axum's empty one.
    router
        .method_not_allowed_fallback(|| async { HttpError::MethodNotAllowed.into_response() })
        .fallback(elsewhere)
        .with_state(state)
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

/// Whether a `/static/...` path names the original of a photo of the content, however it is
/// written (`%20` for a space, `//`, `./`).
fn is_photo_original(state: &AppState, path: &str) -> bool {
    let Some(rest) = path.strip_prefix(paths::STATIC) else {
        return false;
    };
    let decoded = percent_encoding::percent_decode_str(rest).decode_utf8_lossy();
    let relative: Vec<&str> = decoded
        .split('/')
        .filter(|part| !part.is_empty() && *part != ".")
        .collect();
    state.live.snapshot().assets.is_photo(&relative.join("/"))
}

/// Any address that is not a page of the live site: 405 for methods other than GET and
/// HEAD, files under `/static/` from disk, and otherwise the 404 page.
async fn elsewhere(State(state): State<AppState>, request: Request) -> Response {
    let method = request.method().clone();
    if method != Method::GET && method != Method::HEAD {
        return HttpError::MethodNotAllowed.into_response();
    }
    // The live site is looked at only once the disk has answered, so no snapshot is held
    // while it is read.
    // In the language the address is in: `/es/...` has the Spanish page not found.
    let path = request.uri().path().to_owned();
    let not_found = |headers: &HeaderMap| {
        let snapshot = state.live.snapshot();
        page_response(
            &method,
            headers,
            StatusCode::NOT_FOUND,
            snapshot.site.not_found_for(&path),
            HeaderMap::with_capacity(16),
        )
    };
    let in_static = request
        .uri()
        .path()
        .strip_prefix(paths::STATIC)
        .is_some_and(|rest| rest.starts_with('/'));
    if in_static {
        // A photo's original is never served: its metadata may say where it was taken. Its
        // sizes are (see crate::photos).
        if is_photo_original(&state, request.uri().path()) {
            return not_found(request.headers());
        }
        let response = static_from_disk(state.assets, request).await;
        if response.status() != StatusCode::NOT_FOUND {
            return response;
        }
        return not_found(&HeaderMap::new());
    }
    not_found(request.headers())
}

/// The page not found, for an address that is not there (a GET, without validators).
fn not_found_page(state: &AppState) -> Response {
    let snapshot = state.live.snapshot();
    page_response(
        &Method::GET,
        &HeaderMap::new(),
        StatusCode::NOT_FOUND,
        snapshot.site.not_found(),
        HeaderMap::with_capacity(16),
    )
}

/// A `/static/...` URL without a fingerprint (a link made elsewhere, or a large file): from
/// disk, through tower-http, revalidated on each use.
async fn static_from_disk(assets: Arc<ServeDir>, request: Request) -> Response {
    let (mut parts, body) = request.into_parts();
    let stripped = parts
        .uri
        .path()
        .trim_start_matches(paths::STATIC)
        .to_owned();
    let Ok(uri) = stripped.parse() else {
        return HttpError::BadAddress.into_response();
    };
    parts.uri = uri;
    let served = ServeDir::clone(&assets).oneshot(Request::from_parts(parts, body));
    let Ok(served) = tokio::time::timeout(REQUEST_TIMEOUT, served).await else {
        return HttpError::Timeout.into_response();
    };
    match served {
        Ok(response) => {
            let mut response = response.map(Body::new);
            // A 304 carries the Cache-Control its 200 would (RFC 9110 15.4.5), or a cache
            // that revalidated would keep the file by its own heuristics.
            let status = response.status();
            if status.is_success() || status == StatusCode::NOT_MODIFIED {
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
        "pages": snapshot.site.page_count(),
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
