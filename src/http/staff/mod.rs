//! The staff pages, behind a login: `/staff` (what is wrong with the content, what is held
//! back, what is scheduled, the drafts, the recent history) and `/staff/preview/...` (a page
//! with drafts shown). They answer once a staff account exists (`sister-cities staff add`);
//! before that, `/staff` is the page not found, as any unknown address.
//!
//! Sign-in is HTTP Basic authentication, which works without JavaScript or cookies, so there
//! is no session to steal and no form to forge. As Basic sends the password with every
//! request, it is accepted only where it cannot be read on the way (see `guard::is_secure`);
//! failed sign-ins are counted per client address (`guard::Limiter`), logged without the
//! password, and checked against an Argon2id hash off the async threads, a few at a time.
//! Every staff answer is `Cache-Control: no-store` and `X-Robots-Tag: noindex`.

mod guard;
mod overview;
mod preview;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use askama::Template;
use axum::extract::{ConnectInfo, Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Router};
use tokio::sync::Semaphore;

use super::AppState;
use crate::error_text::Chain;
use crate::paths;
use crate::state::Accounts;
use crate::state::accounts::SignIn;

pub use guard::{MAX_FAILURES, WINDOW};

/// The realm browsers show when they ask for the name and password.
const REALM: &str = "Basic realm=\"Sister Cities staff pages\", charset=\"UTF-8\"";

/// Sign-ins checked at once: each takes a hash's time and memory (19 MiB), so more would only
/// slow every one of them down.
const CHECKS_AT_ONCE: usize = 2;

/// What the staff pages need besides the live site.
#[derive(Clone)]
pub struct Staff {
    accounts: Accounts,
    https: bool,
    limiter: Arc<guard::Limiter>,
    checks: Arc<Semaphore>,
    previews: Arc<preview::Previews>,
}

impl Staff {
    /// The staff pages with these accounts; `https` as in [`super::Options`].
    pub fn new(accounts: Accounts, https: bool) -> Staff {
        Staff {
            accounts,
            https,
            limiter: Arc::default(),
            checks: Arc::new(Semaphore::new(CHECKS_AT_ONCE)),
            previews: Arc::default(),
        }
    }
}

/// The staff member signed in, for the pages to greet.
#[derive(Clone)]
struct SignedIn(String);

/// The staff routes, each behind the sign-in.
pub fn routes(state: &AppState) -> Router<AppState> {
    Router::new()
        .route(paths::STAFF, axum::routing::get(overview::page))
        .route(paths::STAFF_PREVIEW, axum::routing::get(preview_home))
        .route(
            &format!("{}/{{*path}}", paths::STAFF_PREVIEW),
            axum::routing::get(preview_page),
        )
        .route_layer(axum::middleware::from_fn_with_state(state.clone(), sign_in))
}

/// Why a request does not reach a staff page.
#[derive(Clone, Copy)]
enum Refusal {
    /// No staff account exists: the staff pages are off (404, the site's page not found).
    Off,
    /// Plain HTTP from another machine: 403, without looking at the credentials.
    Insecure,
    /// Too many failed sign-ins from this client: 429, with how many seconds to wait.
    TooMany(u64),
    /// No credentials, or wrong ones: 401, asking for them.
    SignIn,
    /// The accounts cannot be read: 500 (the log says why).
    Broken,
}

/// Lets a request through to a staff page once its credentials are checked, and marks every
/// answer as private.
async fn sign_in(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0);
    let response = match check(&state, peer, request.headers().clone()).await {
        Ok(name) => {
            request.extensions_mut().insert(SignedIn(name));
            next.run(request).await
        }
        Err(refusal) => refused(&state, refusal),
    };
    private(response)
}

/// Who is signing in, or why they may not. `peer` is the connection's other end, which the
/// server records with each request (none when it is not known).
async fn check(
    state: &AppState,
    peer: Option<SocketAddr>,
    headers: axum::http::HeaderMap,
) -> Result<String, Refusal> {
    let Some(staff) = &state.staff else {
        return Err(Refusal::Off);
    };
    let accounts = staff.accounts.clone();
    let any = tokio::task::spawn_blocking(move || accounts.any()).await;
    match any {
        Ok(Ok(true)) => {}
        Ok(Ok(false)) => return Err(Refusal::Off),
        Ok(Err(error)) => {
            tracing::error!(error = %Chain(&error), "cannot read the staff accounts");
            return Err(Refusal::Broken);
        }
        Err(_) => return Err(Refusal::Broken),
    }
    let headers = &headers;
    if !guard::is_secure(staff.https, peer, headers) {
        return Err(Refusal::Insecure);
    }
    let client = guard::client(peer, headers);
    if let Some(wait) = staff.limiter.blocked(client, Instant::now()) {
        return Err(Refusal::TooMany(wait.as_secs().max(1)));
    }
    let Some(credentials) = guard::credentials(headers) else {
        return Err(Refusal::SignIn);
    };
    let attempt = staff
        .limiter
        .attempt(client, Instant::now())
        .map_err(|wait| Refusal::TooMany(wait.as_secs().max(1)))?;
    let client_text = client.map_or_else(|| "unknown".to_owned(), |ip| ip.to_string());
    let Ok((name, password)) = credentials else {
        tracing::warn!(client = %client_text, "staff sign-in refused: credentials not readable");
        return Err(Refusal::SignIn);
    };
    let signed_in = {
        let Ok(_permit) = staff.checks.acquire().await else {
            return Err(Refusal::Broken);
        };
        let accounts = staff.accounts.clone();
        let name = name.clone();
        tokio::task::spawn_blocking(move || accounts.sign_in(&name, &password)).await
    };
    // The name as given, quoted and cut short: it is the client's text, not ours.
    let logged_name: String = name.chars().take(64).collect();
    match signed_in {
        Ok(Ok(SignIn::Accepted)) => {
            attempt.succeeded();
            // Basic sends the password with every request: each is signed in anew.
            tracing::debug!(name = ?logged_name, client = %client_text, "staff request signed in");
            Ok(name)
        }
        Ok(Ok(SignIn::Refused)) => {
            tracing::warn!(name = ?logged_name, client = %client_text, "staff sign-in refused: wrong name or password");
            Err(Refusal::SignIn)
        }
        Ok(Ok(SignIn::NoAccounts)) => Err(Refusal::Off),
        Ok(Err(error)) => {
            tracing::error!(error = %Chain(&error), "cannot read the staff accounts");
            Err(Refusal::Broken)
        }
        Err(_) => Err(Refusal::Broken),
    }
}

/// The page that says why a request was refused, with its status.
fn refused(state: &AppState, refusal: Refusal) -> Response {
    let (status, page) = match refusal {
        Refusal::Off => return super::not_found_page(state),
        Refusal::Insecure => (StatusCode::FORBIDDEN, Refused::Insecure),
        Refusal::TooMany(seconds) => (
            StatusCode::TOO_MANY_REQUESTS,
            Refused::TooMany {
                minutes: seconds.div_ceil(60),
            },
        ),
        Refusal::SignIn => (StatusCode::UNAUTHORIZED, Refused::SignIn),
        Refusal::Broken => (StatusCode::INTERNAL_SERVER_ERROR, Refused::Broken),
    };
    let mut response = html_page(state, status, &RefusedPage::new(state, page));
    let headers = response.headers_mut();
    match refusal {
        Refusal::SignIn => {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static(REALM));
        }
        Refusal::TooMany(seconds) => {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        _ => {}
    }
    response
}

/// Marks a staff answer as one no cache may keep and no search engine may list.
fn private(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert("x-robots-tag", HeaderValue::from_static("noindex"));
    response
}

/// A staff page as HTML, with the stylesheet at its fingerprinted address.
fn html_page(state: &AppState, status: StatusCode, page: &dyn askama::DynTemplate) -> Response {
    match page.dyn_render() {
        Ok(html) => {
            let html = state.live.snapshot().assets.rewrite(&html);
            (
                status,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                html,
            )
                .into_response()
        }
        Err(error) => {
            tracing::error!(error = %Chain(&error), "cannot render a staff page");
            (StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong.\n").into_response()
        }
    }
}

/// What every staff page shows around itself.
struct Frame {
    /// The page's own title, before the site's name.
    title: String,
    site_name: String,
}

impl Frame {
    fn new(state: &AppState, title: &str) -> Frame {
        Frame {
            title: title.to_owned(),
            site_name: state.live.snapshot().content.site.program_name.clone(),
        }
    }
}

/// Why a sign-in was refused, as the page says it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Refused {
    Insecure,
    TooMany {
        minutes: u64,
    },
    SignIn,
    Broken,
    /// A preview could not be rendered.
    Failed,
}

#[derive(Template)]
#[template(path = "staff/refused.html")]
struct RefusedPage {
    frame: Frame,
    refused: Refused,
    max_failures: usize,
    window_minutes: u64,
}

impl RefusedPage {
    fn new(state: &AppState, refused: Refused) -> RefusedPage {
        let title = match refused {
            Refused::Insecure => "The staff pages need a secure connection",
            Refused::TooMany { .. } => "Too many failed sign-ins",
            Refused::SignIn => "Sign in to the staff pages",
            Refused::Broken => "The staff accounts cannot be read",
            Refused::Failed => "Something went wrong",
        };
        RefusedPage {
            frame: Frame::new(state, title),
            refused,
            max_failures: MAX_FAILURES,
            window_minutes: WINDOW.as_secs() / 60,
        }
    }
}

/// `/staff/preview`: the home page with drafts shown.
async fn preview_home(
    State(state): State<AppState>,
    Extension(_): Extension<SignedIn>,
) -> Response {
    preview(state, paths::HOME.to_owned()).await
}

/// `/staff/preview/{path}`: that page with drafts shown.
async fn preview_page(
    State(state): State<AppState>,
    Extension(_): Extension<SignedIn>,
    Path(path): Path<String>,
) -> Response {
    preview(state, format!("/{path}")).await
}

async fn preview(state: AppState, path: String) -> Response {
    let Some(staff) = state.staff.clone() else {
        return super::not_found_page(&state);
    };
    let live = state.live.clone();
    let rendered = tokio::task::spawn_blocking(move || {
        let site = staff.previews.site(&live)?;
        let html = site
            .page(&path)
            .filter(|_| preview::is_html_page(&site, &path))
            .map(|page| String::from_utf8_lossy(&page.body()).into_owned());
        Ok::<_, crate::render::RenderError>(
            html.map(|html| preview::page(&html, |p| preview::is_html_page(&site, p))),
        )
    })
    .await;
    match rendered {
        Ok(Ok(Some(html))) => {
            ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
        }
        Ok(Ok(None)) => {
            let page = overview::NoPreview {
                frame: Frame::new(&state, "No page at this address"),
            };
            html_page(&state, StatusCode::NOT_FOUND, &page)
        }
        Ok(Err(error)) => {
            tracing::error!(error = %Chain(&error), "cannot render the draft preview");
            html_page(
                &state,
                StatusCode::INTERNAL_SERVER_ERROR,
                &RefusedPage::new(&state, Refused::Failed),
            )
        }
        Err(_) => html_page(
            &state,
            StatusCode::INTERNAL_SERVER_ERROR,
            &RefusedPage::new(&state, Refused::Failed),
        ),
    }
}
