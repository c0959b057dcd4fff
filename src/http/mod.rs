//! The router: serves the rendered site from memory and `static/` from disk.
//!
//! Pages are looked up in the live site's current snapshot; nothing here renders content or
//! reads content files, so a request is a map lookup.

mod status;

use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::handler::HandlerWithoutStateExt;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, get_service};
use tower_http::LatencyUnit;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::live::Live;
use crate::render::Page;

/// How the router is set up.
#[derive(Debug, Clone)]
pub struct Options {
    /// The folder served under `/static/`.
    pub static_dir: PathBuf,
    /// Serve the staff status page at `/_status`.
    pub status_page: bool,
}

#[derive(Clone)]
pub struct AppState {
    pub live: Arc<Live>,
}

/// Builds the application: pages from memory, `/static/...` and `/favicon.ico` from the static
/// folder, the 404 page for anything else, one log line per request.
pub fn router(live: Arc<Live>, options: Options) -> Router {
    let state = AppState { live };
    let not_found = {
        let state = state.clone();
        move || std::future::ready(not_found(&state))
    };
    let assets = ServeDir::new(&options.static_dir).fallback(not_found.into_service());
    let favicon = ServeFile::new(options.static_dir.join("favicon.ico"));
    let mut router = Router::new()
        .nest_service("/static", get_service(assets))
        .route_service("/favicon.ico", favicon);
    if options.status_page {
        router = router.route("/_status", get(status::page));
    }
    router.fallback(page).with_state(state).layer(
        TraceLayer::new_for_http()
            .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
            .on_request(())
            .on_response(
                DefaultOnResponse::new()
                    .level(Level::INFO)
                    .latency_unit(LatencyUnit::Micros),
            ),
    )
}

/// Every page of the site: GET and HEAD only.
async fn page(State(state): State<AppState>, method: Method, uri: Uri) -> Response {
    let snapshot = state.live.snapshot();
    let Some(page) = snapshot.site.page(uri.path()) else {
        return page_response(StatusCode::NOT_FOUND, snapshot.site.not_found());
    };
    if method != Method::GET && method != Method::HEAD {
        return method_not_allowed();
    }
    page_response(StatusCode::OK, page)
}

fn not_found(state: &AppState) -> Response {
    page_response(
        StatusCode::NOT_FOUND,
        state.live.snapshot().site.not_found(),
    )
}

fn page_response(status: StatusCode, page: &Page) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static(page.content_type),
        )],
        Body::from(page.body.clone()),
    )
        .into_response()
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
