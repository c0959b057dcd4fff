//! HTTP tests through the router (no socket): every page, the 404 page, 405, HEAD, static files.

mod common;

use axum::http::{StatusCode, header};
use common::{Query, bundled_app, get, html, send, send_with};

#[tokio::test]
async fn the_home_page_lists_the_program_and_every_sister_city() {
    let app = bundled_app();
    let (response, body) = get(&app, "/").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/html; charset=utf-8"
    );
    let page = html(&body);
    assert_eq!(page.text_of("h1"), "Sister Cities");
    let cards = page.all(".sc-card");
    let shown: Vec<(String, String, String)> = cards
        .iter()
        .map(|card| {
            let link = card.one("a.sc-card__link");
            let since = card.one(".sc-card__meta time");
            (
                link.get("href").unwrap_or_default().to_owned(),
                link.text(),
                format!(
                    "{}={}",
                    since.get("datetime").unwrap_or_default(),
                    since.text()
                ),
            )
        })
        .collect();
    let expected: Vec<(String, String, String)> = [
        ("clermont-ferrand", "Clermont-Ferrand, France", "1994"),
        ("colima", "Colima, Mexico", "1997"),
        ("seika", "Seika, Japan", "2005"),
        ("arezzo", "Arezzo, Italy", "2011"),
    ]
    .iter()
    .map(|(slug, name, year)| {
        (
            format!("/cities/{slug}"),
            name.to_string(),
            format!("{year}={year}"),
        )
    })
    .collect();
    assert_eq!(shown, expected, "a card per city, oldest partnership first");
}

#[tokio::test]
async fn every_city_page_shows_its_facts_milestones_and_breadcrumbs() {
    let app = bundled_app();
    for (slug, heading, lang, native, site) in [
        (
            "clermont-ferrand",
            "Clermont-Ferrand, France",
            "fr",
            "Clermont-Ferrand",
            "https://www.clermont-ferrand.fr/",
        ),
        (
            "colima",
            "Colima, Mexico",
            "es",
            "Colima",
            "https://www.colima.gob.mx/",
        ),
        (
            "seika",
            "Seika, Japan",
            "ja",
            "精華町",
            "https://www.town.seika.kyoto.jp/",
        ),
        (
            "arezzo",
            "Arezzo, Italy",
            "it",
            "Arezzo",
            "https://www.comune.arezzo.it/",
        ),
    ] {
        let (response, body) = get(&app, &format!("/cities/{slug}")).await;
        assert_eq!(response.status(), StatusCode::OK, "{slug}");
        let page = html(&body);
        let h1 = page.one("h1");
        // The name in the local language only where it is not the English one.
        if native == heading.split(',').next().unwrap_or_default() {
            assert_eq!(h1.text(), heading, "{slug}");
            assert_eq!(h1.count("[lang]"), 0, "{slug}");
        } else {
            assert_eq!(h1.text(), format!("{heading} {native}"), "{slug}");
            assert_eq!(h1.attr(".sc-caption", "lang"), lang, "{slug}");
            let native_name = page.fact("Name in the local language");
            assert_eq!(
                (native_name.text(), native_name.get("lang")),
                (native.to_owned(), Some(lang)),
                "{slug}: native name"
            );
        }
        assert_eq!(page.fact("Official website").links(), [site], "{slug}");
        assert!(page.count("ol.sc-timeline > li") >= 1, "{slug}: milestones");
        // Breadcrumbs: the home page and the list of sister cities as links, then this page
        // as text, marked as the current one (GOV.UK's pattern).
        let crumbs = page.one("nav[aria-label=Breadcrumb]");
        assert_eq!(crumbs.links(), ["/", "/cities"], "{slug}: breadcrumbs");
        assert_eq!(
            crumbs.texts("li"),
            [
                "Sister Cities",
                "All sister cities",
                heading.split(',').next().unwrap_or_default()
            ],
            "{slug}: breadcrumbs"
        );
        let here = crumbs.one("li[aria-current=page]");
        assert_eq!(here.count("a"), 0, "{slug}: the current page is not a link");
        assert_eq!(crumbs.count("[aria-current]"), 1, "{slug}");
        assert_eq!(
            page.text_of("title"),
            format!("{heading} – Sister Cities – City of Norman, Oklahoma"),
            "{slug}"
        );
    }
}

/// `/cities` lists every sister city by country, however few there are.
#[tokio::test]
async fn the_list_of_sister_cities_is_always_at_cities() {
    let (response, body) = get(&bundled_app(), "/cities").await;
    assert_eq!(response.status(), StatusCode::OK);
    let page = html(&body);
    assert_eq!(page.text_of("h1"), "All sister cities");
    assert_eq!(
        page.texts("main h2"),
        ["France", "Italy", "Japan", "Mexico"],
        "by country"
    );
    assert_eq!(
        page.all("main li")
            .iter()
            .flat_map(|li| li.links())
            .collect::<Vec<_>>(),
        [
            "/cities/clermont-ferrand",
            "/cities/arezzo",
            "/cities/seika",
            "/cities/colima"
        ]
    );
    assert_eq!(
        page.one("li[aria-current=page]").text(),
        "All sister cities"
    );
}

/// Addresses are case-sensitive and have no slash at the end, but one typed or pasted that
/// way finds its page with a permanent redirect; the query goes along.
#[tokio::test]
async fn a_trailing_slash_or_capitals_redirect_permanently_to_the_page() {
    let app = bundled_app();
    for (asked, location) in [
        ("/privacy/", "/privacy"),
        ("/cities/", "/cities"),
        ("/cities/seika/", "/cities/seika"),
        ("/Cities/Seika", "/cities/seika"),
        ("/CITIES/SEIKA/", "/cities/seika"),
        ("/News?page=2", "/news?page=2"),
        ("//", "/"),
    ] {
        for method in ["GET", "HEAD"] {
            let (response, body) = send(&app, method, asked).await;
            assert_eq!(
                response.status(),
                StatusCode::MOVED_PERMANENTLY,
                "{method} {asked}"
            );
            assert_eq!(response.headers()[header::LOCATION], location, "{asked}");
            assert_eq!(response.headers()[header::CONTENT_LENGTH], "0", "{asked}");
            assert!(body.is_empty(), "{asked}");
            assert_eq!(
                response.headers()["x-content-type-options"],
                "nosniff",
                "{asked}: the security headers too"
            );
        }
        let (response, _) = get(&app, location).await;
        assert_eq!(response.status(), StatusCode::OK, "{location}");
    }
    // Only to a page that exists, and only for reading: anything else is as before.
    for path in ["/nope/", "/Nope", "/static/", "/cities/atlantis/"] {
        let (response, _) = get(&app, path).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let (response, _) = send(&app, "POST", "/privacy/").await;
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn pages_share_the_layout_skip_link_landmarks_and_footer() {
    let app = bundled_app();
    for path in ["/", "/cities/seika", "/no-such-page"] {
        let (_, body) = get(&app, path).await;
        let page = html(&body);
        let first = page.one("body a");
        assert_eq!(
            (first.get("class"), first.get("href"), first.text()),
            (
                Some("sc-skip-link"),
                Some("#main-content"),
                "Skip to content".to_owned()
            ),
            "{path}: the skip link comes first"
        );
        assert_eq!(page.attr("html", "lang"), "en", "{path}");
        assert_eq!(page.count("main#main-content"), 1, "{path}");
        assert_eq!(page.count("nav.sc-nav[aria-label=Main]"), 1, "{path}");
        let footer = page.text_of("footer");
        assert!(
            footer.contains("201 West Gray Street"),
            "{path}: contact in the footer"
        );
        assert!(
            footer.contains("PASSPORTS"),
            "{path}: the local organization in the footer"
        );
        assert_eq!(page.count("h1"), 1, "{path}: one h1");
    }
}

#[tokio::test]
async fn an_unknown_path_gets_the_404_page_with_a_way_back() {
    let app = bundled_app();
    for path in [
        "/nope",
        "/cities/atlantis",
        "/cities/seika/extra",
        "/static/css/none.css",
        "/static/",
    ] {
        let (response, body) = get(&app, path).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "text/html; charset=utf-8",
            "{path}"
        );
        let page = html(&body);
        assert_eq!(page.text_of("h1"), "Page not found", "{path}");
        let back = page.one("main a[href=\"/\"]");
        assert_eq!(back.text(), "Go to the Sister Cities home page", "{path}");
    }
}

#[tokio::test]
async fn methods_other_than_get_and_head_get_405_with_allow() {
    let app = bundled_app();
    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
        for path in ["/", "/cities/seika", "/static/css/site.css"] {
            let (response, _) = send(&app, method, path).await;
            assert_eq!(
                response.status(),
                StatusCode::METHOD_NOT_ALLOWED,
                "{method} {path}"
            );
            let allow = response.headers()[header::ALLOW]
                .to_str()
                .unwrap()
                .replace(' ', "");
            assert_eq!(allow, "GET,HEAD", "{method} {path}");
        }
    }
}

/// RFC 9112 3.2: an HTTP/1.1 request without Host, or any request with two or with one that
/// is not a host, is answered 400; HTTP/1.0 needs none, and HTTP/2 names the host in
/// `:authority` (the request's URI here) instead.
#[tokio::test]
async fn a_request_needs_exactly_one_valid_host() {
    use axum::http::{Request, Version};
    use tower::ServiceExt;
    let app = bundled_app();
    for (version, uri, hosts, status) in [
        (Version::HTTP_11, "/", &[][..], StatusCode::BAD_REQUEST),
        (
            Version::HTTP_11,
            "/",
            &["a.example", "b.example"],
            StatusCode::BAD_REQUEST,
        ),
        (
            Version::HTTP_11,
            "/",
            &["a.example", "a.example"],
            StatusCode::BAD_REQUEST,
        ),
        (
            Version::HTTP_11,
            "/",
            &["user@a.example"],
            StatusCode::BAD_REQUEST,
        ),
        (
            Version::HTTP_11,
            "/",
            &["a example"],
            StatusCode::BAD_REQUEST,
        ),
        (Version::HTTP_11, "/nope", &[], StatusCode::BAD_REQUEST),
        (
            Version::HTTP_10,
            "/",
            &["a.example", "b.example"],
            StatusCode::BAD_REQUEST,
        ),
        (Version::HTTP_11, "/", &["a.example"], StatusCode::OK),
        (Version::HTTP_11, "/", &["127.0.0.1:3000"], StatusCode::OK),
        (Version::HTTP_11, "/", &["[::1]:3000"], StatusCode::OK),
        (Version::HTTP_10, "/", &[], StatusCode::OK),
        (Version::HTTP_2, "http://a.example/", &[], StatusCode::OK),
    ] {
        let mut request = Request::builder().version(version).uri(uri);
        for host in hosts {
            request = request.header(header::HOST, *host);
        }
        let response = app
            .clone()
            .oneshot(request.body(axum::body::Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(response.status(), status, "{version:?} {uri} {hosts:?}");
        if status == StatusCode::BAD_REQUEST {
            let headers = response.headers();
            assert_eq!(headers[header::CONTENT_TYPE], "text/plain; charset=utf-8");
            assert_eq!(headers["x-content-type-options"], "nosniff");
        }
    }
}

/// `/healthz` and `/staff` are routes of their own, but answer other methods as every
/// address does: the same status, headers (Allow among them) and body.
#[tokio::test]
async fn every_405_is_the_same_answer() {
    let app = bundled_app();
    let (expected, expected_body) = send(&app, "POST", "/").await;
    assert_eq!(expected.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert!(!expected_body.is_empty());
    let comparable = |response: &axum::http::Response<_>| {
        let mut headers = response.headers().clone();
        headers.remove("x-request-id");
        headers
    };
    for method in ["POST", "PUT", "DELETE", "OPTIONS"] {
        for path in ["/", "/nope", "/static/css/site.css", "/healthz", "/staff"] {
            let (response, body) = send(&app, method, path).await;
            assert_eq!(response.status(), expected.status(), "{method} {path}");
            assert_eq!(
                comparable(&response),
                comparable(&expected),
                "{method} {path}"
            );
            assert_eq!(body, expected_body, "{method} {path}");
        }
    }
}

#[tokio::test]
async fn head_works_everywhere_without_a_body() {
    let app = bundled_app();
    for (path, status) in [
        ("/", StatusCode::OK),
        ("/cities/arezzo", StatusCode::OK),
        ("/static/css/site.css", StatusCode::OK),
        ("/nope", StatusCode::NOT_FOUND),
    ] {
        let (response, body) = send(&app, "HEAD", path).await;
        assert_eq!(response.status(), status, "HEAD {path}");
        assert!(body.is_empty(), "HEAD {path} has no body");
    }
    // HEAD tells the length GET would send, in the encoding the client would get.
    for path in ["/", "/cities/arezzo", "/nope"] {
        for accept in ["identity", "gzip", "br"] {
            let headers = [("accept-encoding", accept)];
            let (head, _) = send_with(&app, "HEAD", path, &headers).await;
            let (get, body) = send_with(&app, "GET", path, &headers).await;
            assert_eq!(
                head.headers().get(header::CONTENT_LENGTH),
                Some(&header::HeaderValue::from(body.len())),
                "HEAD {path} ({accept})"
            );
            assert_eq!(
                head.headers().get(header::CONTENT_ENCODING),
                get.headers().get(header::CONTENT_ENCODING),
                "HEAD {path} ({accept})"
            );
        }
    }
}

#[tokio::test]
async fn static_files_are_served_with_their_type() {
    let app = bundled_app();
    let (response, body) = get(&app, "/static/css/site.css").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "text/css");
    assert!(body.contains(".sc-skip-link"));
    let (response, _) = get(&app, "/favicon.ico").await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn path_traversal_is_refused() {
    let app = bundled_app();
    for path in [
        "/static/../Cargo.toml",
        "/static/%2e%2e/Cargo.toml",
        "/static/..%2fCargo.toml",
    ] {
        let (response, body) = get(&app, path).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        assert!(!body.contains("[package]"), "{path}");
    }
}

mod caching_and_encoding {
    use super::common::{Query, bundled_app, html, send_with};
    use axum::http::{StatusCode, header};

    #[tokio::test]
    async fn pages_carry_a_strong_etag_and_answer_304_when_unchanged() {
        let app = bundled_app();
        let (response, _) = send_with(&app, "GET", "/cities/seika", &[]).await;
        let etag = response.headers()[header::ETAG]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(etag.starts_with('"') && !etag.starts_with("W/"), "{etag}");
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache");
        let last_modified = response.headers()[header::LAST_MODIFIED]
            .to_str()
            .unwrap()
            .to_owned();

        let (again, body) =
            send_with(&app, "GET", "/cities/seika", &[("if-none-match", &etag)]).await;
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
        assert!(body.is_empty());
        assert_eq!(again.headers()[header::ETAG], etag.as_str());

        let weak = format!("W/{etag}");
        let listed = format!("\"other\", {weak}");
        let (listed, _) =
            send_with(&app, "GET", "/cities/seika", &[("if-none-match", &listed)]).await;
        assert_eq!(listed.status(), StatusCode::NOT_MODIFIED);

        let (other, _) = send_with(
            &app,
            "GET",
            "/cities/seika",
            &[("if-none-match", "\"other\"")],
        )
        .await;
        assert_eq!(other.status(), StatusCode::OK);

        let (since, _) = send_with(
            &app,
            "GET",
            "/cities/seika",
            &[("if-modified-since", &last_modified)],
        )
        .await;
        assert_eq!(since.status(), StatusCode::NOT_MODIFIED);
        let (old, _) = send_with(
            &app,
            "GET",
            "/cities/seika",
            &[("if-modified-since", "Sat, 01 Jan 2000 00:00:00 GMT")],
        )
        .await;
        assert_eq!(old.status(), StatusCode::OK);
        // If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2).
        let (both, _) = send_with(
            &app,
            "GET",
            "/cities/seika",
            &[
                ("if-none-match", "\"other\""),
                ("if-modified-since", &last_modified),
            ],
        )
        .await;
        assert_eq!(both.status(), StatusCode::OK);
    }

    /// A 304 carries the Cache-Control, ETag and Vary its 200 would (RFC 9110 15.4.5), from
    /// memory and from disk alike, so a cache that revalidates keeps the same policy.
    #[tokio::test]
    async fn a_304_carries_the_caching_headers_of_its_200() {
        let app = bundled_app();
        let (_, home) = send_with(&app, "GET", "/", &[]).await;
        let home = String::from_utf8_lossy(&home);
        let start = home.find("/static/css/site.").unwrap();
        let fingerprinted = &home[start..start + home[start..].find('"').unwrap()];
        for path in [
            "/static/css/site.css",
            "/static/images/mark.svg",
            "/static/favicon.ico",
            "/",
            "/cities/seika",
            "/events.ics",
            "/favicon.ico",
            fingerprinted,
        ] {
            for accept in ["", "gzip, br"] {
                let (ok, _) = send_with(&app, "GET", path, &[("accept-encoding", accept)]).await;
                assert_eq!(ok.status(), StatusCode::OK, "{path}");
                let ok = ok.headers();
                let conditions = [
                    ("if-none-match", ok[header::ETAG].to_str().unwrap()),
                    (
                        "if-modified-since",
                        ok[header::LAST_MODIFIED].to_str().unwrap(),
                    ),
                ];
                for condition in conditions {
                    let headers = [("accept-encoding", accept), condition];
                    let (not_modified, body) = send_with(&app, "GET", path, &headers).await;
                    let context = format!("{path} ({accept}, {})", condition.0);
                    assert_eq!(not_modified.status(), StatusCode::NOT_MODIFIED, "{context}");
                    assert!(body.is_empty(), "{context}");
                    let headers = not_modified.headers();
                    for name in [header::CACHE_CONTROL, header::ETAG, header::VARY] {
                        assert_eq!(headers.get(&name), ok.get(&name), "{context}: {name}");
                    }
                    assert!(headers.contains_key(header::CACHE_CONTROL), "{context}");
                    assert!(!headers.contains_key(header::CONTENT_TYPE), "{context}");
                }
            }
        }
    }

    #[tokio::test]
    async fn brotli_and_gzip_are_chosen_by_accept_encoding_with_vary() {
        let app = bundled_app();
        let (plain, plain_body) = send_with(&app, "GET", "/", &[]).await;
        assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
        assert_eq!(plain.headers()[header::VARY], "accept-encoding");

        let (br, br_body) = send_with(
            &app,
            "GET",
            "/",
            &[("accept-encoding", "gzip, deflate, br")],
        )
        .await;
        assert_eq!(br.headers()[header::CONTENT_ENCODING], "br");
        assert_eq!(br.headers()[header::VARY], "accept-encoding");
        let mut decoded = Vec::new();
        brotli::BrotliDecompress(&mut &br_body[..], &mut decoded).unwrap();
        assert_eq!(decoded, plain_body);

        let (gz, gz_body) =
            send_with(&app, "GET", "/", &[("accept-encoding", "gzip, br;q=0")]).await;
        assert_eq!(gz.headers()[header::CONTENT_ENCODING], "gzip");
        let mut text = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz_body[..]), &mut text)
            .unwrap();
        assert_eq!(text.as_bytes(), plain_body);
        assert!(
            gz_body.len() * 2 < plain_body.len(),
            "gzip at least halves the page"
        );
    }

    /// RFC 9110 12.5.3: the coding with the highest q-value wins (brotli on a tie), q=0 means
    /// "not acceptable", identity is acceptable unless excluded, and when nothing offered is
    /// acceptable the page comes as it is.
    #[tokio::test]
    async fn accept_encoding_q_values_choose_the_encoding() {
        let app = bundled_app();
        for (accept, expected) in [
            ("br;q=0.5, gzip;q=1.0", Some("gzip")),
            ("gzip;q=0.5, br;q=0.9", Some("br")),
            ("gzip;q=0.5, br;q=0.5", Some("br")),
            ("gzip, br", Some("br")),
            ("br;q=0, gzip", Some("gzip")),
            ("BR;Q=0.9, GZIP;Q=0.8", Some("br")),
            ("*;q=0.1, gzip;q=0.5", Some("gzip")),
            ("*", Some("br")),
            ("gzip;q=0.5", Some("gzip")),
            ("identity;q=0, gzip;q=0.1", Some("gzip")),
            ("gzip;q=0.2, identity;q=0.5", None),
            ("gzip;q=1.5, br;q=0.1", Some("br")),
            ("*;q=0", None),
            ("br;q=0, gzip;q=0", None),
            ("deflate", None),
            ("identity", None),
            ("", None),
        ] {
            let headers = [("accept-encoding", accept)];
            let (response, body) = send_with(&app, "GET", "/cities/seika", &headers).await;
            assert_eq!(response.status(), StatusCode::OK, "{accept}");
            let encoding = response.headers().get(header::CONTENT_ENCODING);
            assert_eq!(encoding.map(|e| e.to_str().unwrap()), expected, "{accept}");
            let decoded = match expected {
                Some("br") => {
                    let mut out = Vec::new();
                    brotli::BrotliDecompress(&mut &body[..], &mut out).unwrap();
                    out
                }
                Some(_) => {
                    let mut out = Vec::new();
                    std::io::Read::read_to_end(
                        &mut flate2::read::GzDecoder::new(&body[..]),
                        &mut out,
                    )
                    .unwrap();
                    out
                }
                None => body.to_vec(),
            };
            assert!(decoded.starts_with(b"<!DOCTYPE html>"), "{accept}");
        }
    }

    #[tokio::test]
    async fn each_encoding_has_its_own_etag_and_304s_only_for_that_encoding() {
        let app = bundled_app();
        let etag_of = |response: &axum::http::Response<_>| {
            response.headers()[header::ETAG]
                .to_str()
                .unwrap()
                .to_owned()
        };
        let (plain, _) = send_with(&app, "GET", "/cities/seika", &[]).await;
        let (gz, _) = send_with(&app, "GET", "/cities/seika", &[("accept-encoding", "gzip")]).await;
        let (br, _) = send_with(&app, "GET", "/cities/seika", &[("accept-encoding", "br")]).await;
        let (plain, gz, br) = (etag_of(&plain), etag_of(&gz), etag_of(&br));
        // RFC 9110, 8.8.3: a content-coded representation needs a distinct strong tag.
        assert!(plain != gz && gz != br && plain != br, "{plain} {gz} {br}");
        assert_eq!(gz, format!("{}-gzip\"", plain.trim_end_matches('"')));

        let (same, _) = send_with(
            &app,
            "GET",
            "/cities/seika",
            &[("accept-encoding", "gzip"), ("if-none-match", &gz)],
        )
        .await;
        assert_eq!(same.status(), StatusCode::NOT_MODIFIED);
        assert_eq!(etag_of(&same), gz);
        // A client holding the gzip body that now asks for the page unencoded gets it whole.
        let (other, body) =
            send_with(&app, "GET", "/cities/seika", &[("if-none-match", &gz)]).await;
        assert_eq!(other.status(), StatusCode::OK);
        assert_eq!(etag_of(&other), plain);
        assert!(!body.is_empty());
    }

    #[tokio::test]
    async fn the_stylesheet_is_fingerprinted_immutable_and_precompressed() {
        let app = bundled_app();
        let (_, home) = send_with(&app, "GET", "/", &[]).await;
        let url = html(&String::from_utf8_lossy(&home)).attr("link[rel=stylesheet]", "href");
        assert!(
            url.starts_with("/static/css/site.") && url.len() > "/static/css/site..css".len() + 8,
            "{url} carries a hash"
        );
        let (css, _) = send_with(&app, "GET", &url, &[("accept-encoding", "br")]).await;
        assert_eq!(css.status(), StatusCode::OK);
        assert_eq!(
            css.headers()[header::CACHE_CONTROL],
            "public, max-age=31536000, immutable"
        );
        assert_eq!(css.headers()[header::CONTENT_TYPE], "text/css");
        assert_eq!(css.headers()[header::CONTENT_ENCODING], "br");
        // Last-Modified is the file's, the same after a restart and on every replica.
        let file = super::common::root().join("static/css/site.css");
        let modified = std::fs::metadata(file).unwrap().modified().unwrap();
        assert_eq!(
            css.headers()[header::LAST_MODIFIED],
            httpdate::fmt_http_date(modified).as_str()
        );
        // The plain URL still works, from disk, revalidated.
        let (plain, _) = send_with(&app, "GET", "/static/css/site.css", &[]).await;
        assert_eq!(plain.status(), StatusCode::OK);
        assert_eq!(plain.headers()[header::CACHE_CONTROL], "no-cache");
    }

    #[tokio::test]
    async fn security_headers_are_on_pages_static_files_errors_and_405s() {
        let app = bundled_app();
        for (method, path, status) in [
            ("GET", "/", StatusCode::OK),
            ("GET", "/static/css/site.css", StatusCode::OK),
            ("GET", "/favicon.ico", StatusCode::OK),
            ("GET", "/nope", StatusCode::NOT_FOUND),
            ("POST", "/", StatusCode::METHOD_NOT_ALLOWED),
            ("GET", "/healthz", StatusCode::OK),
        ] {
            let (response, _) = send_with(&app, method, path, &[]).await;
            assert_eq!(response.status(), status, "{method} {path}");
            let headers = response.headers();
            let csp = headers["content-security-policy"].to_str().unwrap();
            assert!(csp.contains("frame-ancestors 'none'"), "{path}");
            assert!(
                !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
                "{path}"
            );
            assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
            assert_eq!(
                headers["referrer-policy"], "strict-origin-when-cross-origin",
                "{path}"
            );
            assert!(headers.contains_key("permissions-policy"), "{path}");
            assert_eq!(
                headers["cross-origin-opener-policy"], "same-origin",
                "{path}"
            );
            assert!(headers.get(header::SERVER).is_none(), "{path}");
            assert!(
                headers.get(header::STRICT_TRANSPORT_SECURITY).is_none(),
                "{path}: not HTTPS"
            );
            assert!(headers.contains_key("x-request-id"), "{path}");
        }
    }

    /// `upgrade-insecure-requests` rewrites the site's own `http://` URLs to `https://`: on a
    /// plain-HTTP address every stylesheet and image would fail, so it is sent with `--https`
    /// only, as HSTS is.
    #[tokio::test]
    async fn insecure_requests_are_upgraded_only_over_https() {
        let root = super::common::root();
        let over_https = sister_cities::http::app(
            super::common::live(&root.join("content"), &root.join("static")),
            sister_cities::http::Options {
                static_dir: root.join("static"),
                staff_accounts: None,
                https: true,
                log_requests: false,
            },
        );
        for (app, https) in [(bundled_app(), false), (over_https, true)] {
            for (method, path) in [
                ("GET", "/"),
                ("GET", "/static/css/site.css"),
                ("GET", "/nope"),
                ("POST", "/"),
            ] {
                let (response, _) = send_with(&app, method, path, &[]).await;
                let csp = response.headers()["content-security-policy"]
                    .to_str()
                    .unwrap();
                assert!(csp.starts_with("default-src 'none'; "), "{csp}");
                assert_eq!(
                    csp.ends_with("; upgrade-insecure-requests"),
                    https,
                    "{method} {path}: {csp}"
                );
                assert_eq!(
                    response
                        .headers()
                        .contains_key(header::STRICT_TRANSPORT_SECURITY),
                    https,
                    "{method} {path}"
                );
            }
        }
    }

    /// With request lines filtered out of the logs, the request-id and log layers are left
    /// out: the protections stay, and nothing else about the answers changes.
    #[tokio::test]
    async fn without_request_logs_the_protections_stay_and_ids_are_not_sent() {
        let root = super::common::root();
        let live = super::common::live(&root.join("content"), &root.join("static"));
        let options = sister_cities::http::Options {
            static_dir: root.join("static"),
            staff_accounts: None,
            https: true,
            log_requests: false,
        };
        let quiet = sister_cities::http::app(live, options);
        let logged = bundled_app();
        for path in ["/", "/nope", "/static/css/site.css"] {
            let (response, body) = send_with(&quiet, "GET", path, &[]).await;
            let (expected, expected_body) = send_with(&logged, "GET", path, &[]).await;
            assert_eq!(response.status(), expected.status(), "{path}");
            assert_eq!(body, expected_body, "{path}");
            let headers = response.headers();
            assert!(!headers.contains_key("x-request-id"), "{path}");
            assert!(
                headers.contains_key(header::STRICT_TRANSPORT_SECURITY),
                "{path}"
            );
            // The policy is the same, with `upgrade-insecure-requests` for HTTPS.
            let policy = |response: &axum::http::Response<_>| {
                let csp = &response.headers()["content-security-policy"];
                csp.to_str().unwrap().to_owned()
            };
            assert_eq!(
                policy(&response),
                format!("{}; upgrade-insecure-requests", policy(&expected)),
                "{path}"
            );
            for name in [
                "x-content-type-options",
                "referrer-policy",
                "cross-origin-opener-policy",
            ] {
                assert_eq!(
                    headers.get(name),
                    expected.headers().get(name),
                    "{path} {name}"
                );
            }
        }
    }

    #[tokio::test]
    async fn long_addresses_and_request_bodies_are_refused_with_4xx() {
        let app = bundled_app();
        let long = format!("/{}", "a".repeat(3000));
        let (response, _) = send_with(&app, "GET", &long, &[]).await;
        assert_eq!(response.status(), StatusCode::URI_TOO_LONG);
        let (response, _) = send_with(&app, "GET", "/", &[("content-length", "5")]).await;
        assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
        // Up to 16 KiB of header fields.
        for (size, status) in [
            (15 * 1024, StatusCode::OK),
            (17 * 1024, StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE),
        ] {
            let big = "b".repeat(size);
            let (response, _) = send_with(&app, "GET", "/", &[("x-big", &big)]).await;
            assert_eq!(response.status(), status, "{size}");
        }
    }

    /// Pages the program renders keep only their brotli form once packed (as the server
    /// does right after a site goes live); asked for as they are or in gzip, they are made
    /// again from it: the same bytes, tags and lengths as before packing, on every page.
    #[tokio::test]
    async fn packed_pages_answer_the_same_bytes_in_every_coding() {
        use std::io::Read;
        let root = super::common::root();
        let live = super::common::live(&root.join("content"), &root.join("static"));
        let app = super::common::live_app(live.clone(), &root.join("static"));
        let paths: Vec<String> = live
            .snapshot()
            .site
            .paths()
            .into_iter()
            .map(str::to_owned)
            .collect();
        let mut before = Vec::new();
        for path in &paths {
            let (plain, plain_body) = send_with(&app, "GET", path, &[]).await;
            before.push((plain.headers()[header::ETAG].clone(), plain_body));
        }
        assert!(live.snapshot().site.compress_all(|| true));
        let mut packed = 0;
        for (path, (etag, body)) in paths.iter().zip(before) {
            let site = &live.snapshot().site;
            let page = site.page(path).unwrap();
            packed += usize::from(page.compressible && page.content_type != "image/x-icon");
            let (plain, plain_body) = send_with(&app, "GET", path, &[]).await;
            assert_eq!(plain_body, body, "{path}");
            assert_eq!(plain.headers()[header::ETAG], etag, "{path}");
            assert_eq!(
                plain.headers().get(header::CONTENT_ENCODING),
                None,
                "{path}"
            );
            for coding in ["gzip", "br"] {
                let (response, encoded) =
                    send_with(&app, "GET", path, &[("accept-encoding", coding)]).await;
                let mut decoded = Vec::new();
                match response.headers().get(header::CONTENT_ENCODING) {
                    None => decoded.extend_from_slice(&encoded),
                    Some(used) if used == "gzip" => {
                        flate2::read::GzDecoder::new(&encoded[..])
                            .read_to_end(&mut decoded)
                            .unwrap();
                    }
                    Some(used) => {
                        assert_eq!(used, "br", "{path}");
                        brotli::Decompressor::new(&encoded[..], 4096)
                            .read_to_end(&mut decoded)
                            .unwrap();
                    }
                }
                assert_eq!(decoded, body, "{path} in {coding}");
            }
        }
        assert!(packed > 30, "only {packed} pages were packed");
    }

    #[tokio::test]
    async fn healthz_reports_the_content_version() {
        let app = bundled_app();
        let (response, body) = send_with(&app, "GET", "/healthz", &[]).await;
        assert_eq!(response.status(), StatusCode::OK);
        let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(json["status"], "ok");
        assert_eq!(json["version"].as_str().unwrap().len(), 16);
    }
}

mod own_pages {
    use super::common::{Query, bundled_app, get, html};
    use axum::http::StatusCode;

    #[tokio::test]
    async fn the_accessibility_statement_names_the_standard_review_date_and_how_to_report() {
        let (response, body) = get(&bundled_app(), "/accessibility").await;
        assert_eq!(response.status(), StatusCode::OK);
        let page = html(&body);
        assert_eq!(page.text_of("h1"), "Accessibility statement");
        assert!(
            page.text_of("main").contains("WCAG) 2.1 at Level AA"),
            "the standard"
        );
        let reviewed = page.one("main p.sc-meta");
        assert_eq!(reviewed.text(), "Last reviewed: November 28, 2026");
        assert_eq!(reviewed.attr("time", "datetime"), "2026-11-28");
        assert_eq!(
            page.text_of("h2#how-to-report-a-problem"),
            "How to report a problem",
            "how to report"
        );
    }

    #[tokio::test]
    async fn every_page_links_the_accessibility_statement_and_privacy_notice_in_its_footer() {
        let app = bundled_app();
        for path in ["/", "/cities/seika", "/events", "/nope"] {
            let (_, body) = get(&app, path).await;
            let page = html(&body);
            let footer = page.one("footer nav");
            assert_eq!(footer.links(), ["/accessibility", "/privacy"], "{path}");
            assert_eq!(
                footer.texts("a"),
                ["Accessibility statement", "Privacy"],
                "{path}"
            );
            assert_eq!(footer.count("a[aria-current]"), 0, "{path}");
        }
        let (_, privacy) = get(&app, "/privacy").await;
        let privacy = html(&privacy);
        assert_eq!(
            privacy.attr("footer a[aria-current=page]", "href"),
            "/privacy"
        );
    }
}
