//! The prepared site, served from memory: every page, feed and fingerprinted asset the live
//! snapshot holds. This is nearly every request, so it is answered here, before the router,
//! the way tower-http's `ServeDir` answers files and hands everything else to a fallback.
//! Through the router's catch-all, each request would also pay for a route match, an
//! allocation for the wildcard's parameters, a boxed service and a boxed future, none of
//! which a page needs: next to a lookup in memory, that is most of the work. The server
//! goes further: [`Connection`] answers a page from the request as hyper parsed it, and
//! hands only the rest to the tower application.

use std::convert::Infallible;
use std::future::{Ready, ready};
use std::net::SocketAddr;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::Response;
use futures_util::future::{BoxFuture, Either};
use tower::{Service, ServiceExt};

use super::{App, harden, negotiate};
use crate::live::Live;
use crate::paths;
use crate::render::Page;

/// Answers GET and HEAD for the paths of the live site, and redirects the addresses that
/// differ from one of them only by a trailing slash or capital letters; everything else
/// (other methods, `/healthz`, files on disk, the 404) goes to `fallback`. While a server
/// starts, with only its first pages live, everything else waits for the whole site. Every
/// response carries the security headers, and a request no page needs is refused first
/// (src/http/harden.rs).
#[derive(Clone)]
pub struct Pages {
    pub live: Arc<Live>,
    pub fallback: Router,
    /// The headers every response carries (`harden::headers`).
    pub headers: Arc<HeaderMap>,
}

impl Pages {
    /// The answer to a request that needs nothing but the live site: a page, a redirect to
    /// one, or a refusal. None for the rest, which [`Pages::rest`] answers.
    fn answer<B>(&self, request: &axum::http::Request<B>) -> Option<Response> {
        if let Some(refused) = harden::refuse(request) {
            return Some(harden::secure(refused, &self.headers));
        }
        if request.method() != Method::GET && request.method() != Method::HEAD {
            return None;
        }
        let snapshot = self.live.snapshot();
        let headers = || HeaderMap::clone(&self.headers);
        if let Some(page) = snapshot.site.page(request.uri().path()) {
            let (method, asked) = (request.method(), request.headers());
            let response = page_response(method, asked, StatusCode::OK, page, headers());
            return Some(response);
        }
        let location = canonical(request.uri(), |path| snapshot.site.page(path))
            .and_then(|location| HeaderValue::from_str(&location).ok())?;
        Some(moved_permanently(location, headers()))
    }

    /// Everything else: once the whole site is live, the fallback, its answer secured.
    fn rest(self, request: Request) -> BoxFuture<'static, Result<Response, Infallible>> {
        Box::pin(async move {
            if !self.live.is_whole() {
                self.live.whole_site().await;
                if let Some(response) = self.answer(&request) {
                    return Ok(response);
                }
            }
            let Ok(response) = self.fallback.oneshot(request).await;
            Ok(harden::secure(response, &self.headers))
        })
    }
}

impl Service<Request> for Pages {
    type Response = Response;
    type Error = Infallible;
    type Future = Either<
        Ready<Result<Response, Infallible>>,
        BoxFuture<'static, Result<Response, Infallible>>,
    >;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request) -> Self::Future {
        match self.answer(&request) {
            Some(response) => Either::Left(ready(Ok(response))),
            None => Either::Right(self.clone().rest(request)),
        }
    }
}

/// The application as hyper serves one connection: a page is answered from the request as
/// hyper parsed it, as [`Pages`] would, without the tower machinery around it (a clone of the
/// application, a boxed body, the peer's address in the request's extensions), each of
/// which cost a page request a few percent; anything else goes through the application.
#[derive(Clone)]
pub struct Connection {
    pub app: App,
    /// The other end: the staff pages accept a password only from this machine itself unless
    /// the site is served over HTTPS, and count failed sign-ins per address (axum's
    /// `ConnectInfo`).
    pub peer: SocketAddr,
}

impl hyper::service::Service<hyper::Request<hyper::body::Incoming>> for Connection {
    type Response = Response;
    type Error = Infallible;
    type Future = Either<
        Ready<Result<Response, Infallible>>,
        BoxFuture<'static, Result<Response, Infallible>>,
    >;

    fn call(&self, request: hyper::Request<hyper::body::Incoming>) -> Self::Future {
        let pages = self.app.pages();
        if let Some(response) = pages.and_then(|pages| pages.answer(&request)) {
            return Either::Left(ready(Ok(response)));
        }
        let mut request = request.map(Body::new);
        request.extensions_mut().insert(ConnectInfo(self.peer));
        match pages {
            // Not a page: what `Pages` does next, without looking for one again.
            Some(pages) => Either::Right(pages.clone().rest(request)),
            // Each request logged: the whole application.
            None => Either::Right(Box::pin(self.app.clone().oneshot(request))),
        }
    }
}

/// Where a request for a page's address written another way belongs: `/privacy/` is
/// `/privacy`, `/Cities/Seika` is `/cities/seika` (the query kept). Addresses are
/// case-sensitive, and each page has one, so that links, caches and search engines agree on
/// it; but an address typed or pasted with a slash at the end or in capitals finds its page.
/// Only a page that exists is redirected to: any other address is the 404 page.
fn canonical<'p>(uri: &Uri, page: impl Fn(&str) -> Option<&'p Page>) -> Option<String> {
    let path = uri.path();
    let trimmed = path.trim_end_matches('/');
    let lower = if trimmed.is_empty() {
        paths::HOME.to_owned()
    } else {
        trimmed.to_ascii_lowercase()
    };
    if lower == path || page(&lower).is_none() {
        return None;
    }
    Some(match uri.query() {
        Some(query) => format!("{lower}?{query}"),
        None => lower,
    })
}

/// A permanent redirect (RFC 9110 15.4.2) to an address of this site, with `headers`.
fn moved_permanently(location: HeaderValue, mut headers: HeaderMap) -> Response {
    headers.insert(header::LOCATION, location);
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("max-age=3600"),
    );
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(0));
    response(StatusCode::MOVED_PERMANENTLY, headers, Body::empty())
}

/// Answers with a prepared page: 304 when the client's copy is current, otherwise the best
/// encoding the client accepts (for HEAD, only its length). Its headers are added to
/// `headers` (made with room for them, so that the map never grows).
pub fn page_response(
    method: &Method,
    request: &HeaderMap,
    status: StatusCode,
    page: &Page,
    mut headers: HeaderMap,
) -> Response {
    headers.insert(header::CACHE_CONTROL, page.caching.header());
    if page.compressible {
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    let chosen = negotiate::representation(request, page);
    if status == StatusCode::OK {
        headers.insert(header::ETAG, chosen.etag.clone());
        headers.insert(header::LAST_MODIFIED, page.last_modified.clone());
        // A 304 carries the 200's Cache-Control, Vary and validators, and no other metadata
        // of the representation such as its Content-Type (RFC 9110 15.4.5).
        if negotiate::not_modified(request, &chosen.etag, &page.last_modified) {
            return response(StatusCode::NOT_MODIFIED, headers, Body::empty());
        }
    }
    headers.insert(header::CONTENT_TYPE, page.content_type.clone());
    if let Some(language) = &page.content_language {
        headers.insert(header::CONTENT_LANGUAGE, language.clone());
    }
    if let Some(encoding) = chosen.encoding {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    if method == Method::HEAD {
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(chosen.body.len()));
        return response(status, headers, Body::empty());
    }
    response(status, headers, Body::from(chosen.body))
}

/// A response made of its parts as they are (axum's tuple responses would copy each header
/// into a new map, which showed in profiles of the page path).
fn response(status: StatusCode, headers: HeaderMap, body: Body) -> Response {
    let mut response = Response::new(body);
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    response
}
