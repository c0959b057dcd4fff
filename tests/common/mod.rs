//! Shared helpers for the integration tests.
#![allow(
    dead_code,
    unused_imports,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::body::Bytes;
use axum::http::{Request, Response, StatusCode, header};
use http_body_util::BodyExt;
use sister_cities::content::{self, Content, Diagnostics};
use sister_cities::http;
use sister_cities::http::App;
use sister_cities::live::Live;
use tower::ServiceExt;

mod html;
pub use html::{Element, Query, html};

/// A fixed "today", so checks such as "not in the future" give the same answer every year.
pub fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 6, 1)
}

pub fn now() -> jiff::Timestamp {
    "2026-06-01T12:00:00Z".parse().unwrap()
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn load(content_dir: &Path, static_dir: &Path) -> Result<Content, Diagnostics> {
    let source = content::Source {
        content_dir: content_dir.to_path_buf(),
        static_dir: Some(static_dir.to_path_buf()),
        base_url: None,
    };
    content::load(&source, today())
}

/// Every problem of a content folder, errors and warnings.
pub fn problems(content_dir: &Path, static_dir: &Path) -> Diagnostics {
    let source = content::Source {
        content_dir: content_dir.to_path_buf(),
        static_dir: Some(static_dir.to_path_buf()),
        base_url: None,
    };
    content::problems(&source, today())
}

/// The application over the bundled content and static files.
pub fn bundled_app() -> App {
    let root = root();
    app(&root.join("content"), &root.join("static"))
}

/// The live site over a content folder, built for the fixed moment [`now`].
pub fn live(content_dir: &Path, static_dir: &Path) -> Arc<Live> {
    let source = content::Source {
        content_dir: content_dir.to_path_buf(),
        static_dir: Some(static_dir.to_path_buf()),
        base_url: None,
    };
    let snapshot = sister_cities::live::build(&source, false, now())
        .unwrap_or_else(|e| panic!("{} does not build:\n{e}", content_dir.display()));
    Arc::new(Live::new(source, false, snapshot))
}

pub fn app(content_dir: &Path, static_dir: &Path) -> App {
    live_app(live(content_dir, static_dir), static_dir)
}

pub fn live_app(live: Arc<Live>, static_dir: &Path) -> App {
    let options = http::Options {
        static_dir: static_dir.to_path_buf(),
        staff_accounts: None,
        https: false,
        log_requests: true,
    };
    http::app(live, options)
}

/// The staff account the tests sign in with, and its password.
pub const STAFF_NAME: &str = "pat.staff";
pub const STAFF_PASSWORD: &str = "correct horse battery staple";

/// The application with the staff pages on: a state folder (kept while the returned folder
/// lives) with the account [`STAFF_NAME`]. `https` as `serve --https`.
pub fn staff_app(live: Arc<Live>, static_dir: &Path, https: bool) -> (App, tempfile::TempDir) {
    use sister_cities::state::StateDir;
    use sister_cities::state::accounts::{Name, Password};
    let dir = tempfile::tempdir().unwrap();
    let accounts = StateDir::open(dir.path()).unwrap().accounts();
    accounts
        .add(
            &Name::parse(STAFF_NAME).unwrap(),
            &Password::new(STAFF_PASSWORD.to_owned()).unwrap(),
            false,
            now(),
        )
        .unwrap();
    let options = http::Options {
        static_dir: static_dir.to_path_buf(),
        staff_accounts: Some(accounts),
        https,
        log_requests: true,
    };
    (http::app(live, options), dir)
}

/// An `Authorization: Basic` value.
pub fn basic(name: &str, password: &str) -> String {
    use base64::Engine as _;
    let token = base64::engine::general_purpose::STANDARD.encode(format!("{name}:{password}"));
    format!("Basic {token}")
}

/// A GET from a client at `peer` (as the server records each connection's other end), with
/// headers.
pub async fn get_from(
    app: &App,
    uri: &str,
    peer: &str,
    headers: &[(&str, &str)],
) -> (Response<Body>, String) {
    let mut request = Request::builder()
        .method("GET")
        .uri(uri)
        .header(header::HOST, "localhost");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let mut request = request.body(Body::empty()).unwrap();
    let peer: std::net::SocketAddr = peer.parse().unwrap();
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(peer));
    let response = app.clone().oneshot(request).await.unwrap();
    let (parts, body) = response.into_parts();
    let bytes = body.collect().await.unwrap().to_bytes();
    (
        Response::from_parts(parts, Body::empty()),
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

/// A staff page, signed in as [`STAFF_NAME`] from this machine.
pub async fn get_staff(app: &App, uri: &str) -> (Response<Body>, String) {
    let authorization = basic(STAFF_NAME, STAFF_PASSWORD);
    get_from(
        app,
        uri,
        "127.0.0.1:50000",
        &[("authorization", authorization.as_str())],
    )
    .await
}

pub async fn send(app: &App, method: &str, uri: &str) -> (Response<Body>, String) {
    let (response, body) = send_with(app, method, uri, &[]).await;
    (response, String::from_utf8_lossy(&body).into_owned())
}

/// Sends a request with headers; the body comes back as bytes.
pub async fn send_with(
    app: &App,
    method: &str,
    uri: &str,
    headers: &[(&str, &str)],
) -> (Response<Body>, Bytes) {
    let mut request = Request::builder().method(method).uri(uri);
    // Every HTTP/1.1 request names its host (RFC 9112 3.2), unless a test gives its own.
    if !headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("host"))
    {
        request = request.header(header::HOST, "localhost");
    }
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let request = request.body(Body::empty()).unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let (parts, body) = response.into_parts();
    let bytes = body.collect().await.unwrap().to_bytes();
    (Response::from_parts(parts, Body::empty()), bytes)
}

pub async fn get(app: &App, uri: &str) -> (Response<Body>, String) {
    send(app, "GET", uri).await
}

/// Copies a folder tree (fixtures into a temporary folder).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The application over a content folder, rendered for a chosen moment: an injected clock, for
/// pages that depend on the time (local times, upcoming events, anniversaries).
pub fn app_at(content_dir: &Path, static_dir: &Path, now: jiff::Timestamp) -> App {
    let source = content::Source {
        content_dir: content_dir.to_path_buf(),
        static_dir: Some(static_dir.to_path_buf()),
        base_url: None,
    };
    let snapshot = sister_cities::live::build(&source, false, now)
        .unwrap_or_else(|e| panic!("{} does not build:\n{e}", content_dir.display()));
    live_app(Arc::new(Live::new(source, false, snapshot)), static_dir)
}

/// A moment, written as in RFC 3339: "2026-06-01T12:00:00Z".
pub fn at(moment: &str) -> jiff::Timestamp {
    moment.parse().unwrap()
}

/// The bundled site as it is at a moment.
pub fn bundled_at(moment: &str) -> App {
    app_at(&root().join("content"), &root().join("static"), at(moment))
}

/// The valid fixture site (with its events and news) as it is at a moment.
pub fn fixture_at(moment: &str) -> App {
    let fixtures = root().join("tests/fixtures");
    app_at(
        &fixtures.join("valid"),
        &fixtures.join("static"),
        at(moment),
    )
}

/// The sitemap as a search engine reads it: the index at /sitemap.xml, then each part it
/// lists, each answering as XML. Gives the parts, in order.
pub async fn sitemap(app: &App) -> Vec<String> {
    let (response, index) = get(app, "/sitemap.xml").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(index.starts_with(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex \
         xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
    ));
    let mut parts = Vec::new();
    for loc in html(&index).texts("sitemap > loc") {
        let path = loc
            .strip_prefix("https://sistercities.normanok.gov")
            .unwrap_or_else(|| panic!("{loc} is not an address of the site"));
        let (response, part) = get(app, path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "application/xml; charset=utf-8",
            "{path}"
        );
        parts.push(part);
    }
    parts
}

/// The addresses the parts of a sitemap list, in order.
pub fn listed(parts: &[String]) -> Vec<String> {
    parts
        .iter()
        .flat_map(|part| html(part).texts("url > loc"))
        .collect()
}

/// The addresses a sitemap's parts list, and the public addresses of crawled pages, to
/// compare.
pub fn sitemap_and_crawl(
    parts: &[String],
    pages: &BTreeMap<String, String>,
) -> (BTreeSet<String>, BTreeSet<String>) {
    let listed = listed(parts).into_iter().collect();
    let crawled = pages
        .keys()
        .map(|path| format!("https://sistercities.normanok.gov{path}"))
        .collect();
    (listed, crawled)
}

/// A page's headings as assistive technology lists them: one `<h1>`, and no level skipped
/// after it (the footer's headings come after the main content, so they are not before it).
pub fn assert_headings_in_order(path: &str, page: &str) {
    let levels = html(page).heading_levels();
    let h1 = levels.iter().filter(|l| **l == 1).count();
    assert_eq!(h1, 1, "{path}: one h1");
    let mut previous = 1;
    for level in levels.iter().skip_while(|l| **l != 1) {
        assert!(*level <= previous + 1, "{path}: h{previous} then h{level}");
        previous = *level;
    }
}

/// Every page reachable from `/` by links, with each page's HTML.
pub async fn crawl(app: &App) -> BTreeMap<String, String> {
    let mut pages = BTreeMap::new();
    let mut queue = vec!["/".to_owned()];
    while let Some(path) = queue.pop() {
        if pages.contains_key(&path) {
            continue;
        }
        let (response, body) = get(app, &path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let is_html = response.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html");
        if is_html {
            // Links only (`<a href>`, in the map too), not stylesheets or icons.
            for href in html(&body).links() {
                let href = href.split('#').next().unwrap_or_default();
                if href.starts_with('/') && !href.starts_with("/static/") {
                    queue.push(href.to_owned());
                }
            }
            pages.insert(path, body);
        } else {
            pages.insert(path, String::new());
        }
    }
    pages.retain(|_, body| !body.is_empty());
    pages
}
