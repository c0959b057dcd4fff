//! `/_status`: for staff, what version of the content is live, what is wrong with the content
//! folder, and which files the site keeps at their last good version because of it. Off unless `serve --status-page`.

use askama::Template;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::AppState;

#[derive(Template)]
#[template(path = "status.html")]
struct StatusPage {
    version: String,
    loaded_at: String,
    checked_at: String,
    pages: usize,
    /// Each problem in full (with the source line and caret), numbered.
    problems: Vec<String>,
    /// Files shown at their last good version.
    held: Vec<String>,
    /// Files with problems that are not on the site yet.
    waiting: Vec<String>,
    /// The newest version in the history, if there is one.
    history_version: Option<u64>,
}

pub async fn page(State(state): State<AppState>) -> Response {
    let snapshot = state.live.snapshot();
    let status = state.live.status();
    let page = StatusPage {
        version: snapshot.version.clone(),
        loaded_at: snapshot.loaded_at.to_string(),
        checked_at: status.checked_at.map(|t| t.to_string()).unwrap_or_default(),
        pages: snapshot.site.paths().len(),
        problems: status.problems.iter().map(ToString::to_string).collect(),
        held: status.held.clone(),
        waiting: status.waiting.clone(),
        history_version: status.history_version,
    };
    match page.render() {
        Ok(html) => (
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            html,
        )
            .into_response(),
        Err(error) => {
            tracing::error!(%error, "cannot render the status page");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
