//! The router: serves the rendered site from memory and `static/` from disk.
//!
//! Pages are looked up in the current [`render::Site`](crate::render::Site); nothing here
//! renders or reads content, so a request is a map lookup.

use std::path::PathBuf;
use std::sync::Arc;

use arc_swap::ArcSwap;
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get_service;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::render::{Page, Site};

/// The site currently served. Swapped whole when content changes.
pub type SharedSite = Arc<ArcSwap<Site>>;

#[derive(Clone)]
pub struct AppState {
    pub site: SharedSite,
}

/// Builds the application: pages from memory, `/static/...` and `/favicon.ico` from the static
/// folder, the 404 page for anything else, one log line per request.
pub fn router(site: SharedSite, static_dir: PathBuf) -> Router {
    let state = AppState { site };
    let not_found =
        axum::handler::HandlerWithoutStateExt::into_service(not_found_handler(state.clone()));
    let assets = ServeDir::new(&static_dir).fallback(not_found.clone());
    let favicon = ServeFile::new(static_dir.join("favicon.ico"));
    Router::new()
        .nest_service(
            "/static",
            get_service(assets).fallback_service(not_found.clone()),
        )
        .route_service("/favicon.ico", favicon)
        .fallback(page)
        .with_state(state)
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_request(())
                .on_response(
                    DefaultOnResponse::new()
                        .level(Level::INFO)
                        .latency_unit(tower_http::LatencyUnit::Micros),
                ),
        )
}

/// Every page of the site: GET and HEAD only.
async fn page(State(state): State<AppState>, method: Method, uri: Uri) -> Response {
    let site = state.site.load();
    let Some(page) = site.page(uri.path()) else {
        return page_response(StatusCode::NOT_FOUND, site.not_found());
    };
    if method != Method::GET && method != Method::HEAD {
        return method_not_allowed();
    }
    page_response(StatusCode::OK, page)
}

fn not_found_handler(
    state: AppState,
) -> impl Fn() -> std::future::Ready<Response> + Clone + Send + Sync + 'static {
    move || {
        let site = state.site.load();
        std::future::ready(page_response(StatusCode::NOT_FOUND, site.not_found()))
    }
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
