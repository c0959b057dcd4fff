//! The staff pages, through the router: a login (HTTP Basic) accepted only over HTTPS or from
//! this machine, failed sign-ins counted per address, and behind it the problems of the
//! content folder at their lines, what is scheduled, the drafts with their previews, and the
//! recent history.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers may, as tests do

mod common;

use std::path::{Path, PathBuf};

use axum::http::{StatusCode, header};
use common::{
    Query, STAFF_NAME, STAFF_PASSWORD, basic, copy_dir, get, get_from, get_staff, html, live, root,
    send_with, staff_app,
};
use sister_cities::http::staff::MAX_FAILURES;

const LOCAL: &str = "127.0.0.1:50000";
const ELSEWHERE: &str = "192.0.2.7:50000";

/// A copy of the valid fixture site in a temporary folder, which the test may edit.
fn site_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("content");
    copy_dir(&root().join("tests/fixtures/valid"), &site);
    (dir, site)
}

fn statics() -> PathBuf {
    root().join("tests/fixtures/static")
}

fn edit(site: &Path, file: &str, from: &str, to: &str) {
    let path = site.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// A staff answer is never cached nor listed by search engines.
fn assert_private(response: &axum::http::Response<axum::body::Body>, what: &str) {
    let headers = response.headers();
    assert_eq!(headers[header::CACHE_CONTROL], "no-store", "{what}");
    assert_eq!(headers["x-robots-tag"], "noindex", "{what}");
}

#[tokio::test]
async fn without_credentials_the_staff_pages_ask_for_them_and_wrong_ones_are_counted() {
    let (_dir, site) = site_copy();
    let (app, _state) = staff_app(live(&site, &statics()), &statics(), false);

    let (response, body) = get_from(&app, "/staff", LOCAL, &[]).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let challenge = response.headers()[header::WWW_AUTHENTICATE]
        .to_str()
        .unwrap();
    assert!(challenge.starts_with("Basic realm=\""), "{challenge}");
    assert_private(&response, "401");
    let page = html(&body);
    assert_eq!(page.text_of("h1"), "Sign in to the staff pages");
    // The list of problems is not there for anyone to read.
    assert!(!body.contains("Problems"), "{body}");

    let wrong = basic(STAFF_NAME, "not the password at all");
    let unknown = basic("nobody", STAFF_PASSWORD);
    for (n, authorization) in [&wrong, &unknown, &wrong, &wrong, &wrong]
        .iter()
        .enumerate()
    {
        let (response, wrong_body) =
            get_from(&app, "/staff", LOCAL, &[("authorization", authorization)]).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "failure {n}");
        assert!(response.headers().contains_key(header::WWW_AUTHENTICATE));
        // A name without an account answers as a wrong password does.
        assert_eq!(wrong_body, body, "failure {n}");
    }
    assert_eq!(MAX_FAILURES, 5);

    // The sixth try from that address is refused before the password is looked at, even
    // the right one, until the oldest failure is fifteen minutes old.
    let right = basic(STAFF_NAME, STAFF_PASSWORD);
    for authorization in [&wrong, &right] {
        let (response, body) =
            get_from(&app, "/staff", LOCAL, &[("authorization", authorization)]).await;
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        let wait: u64 = response.headers()[header::RETRY_AFTER]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((840..=900).contains(&wait), "{wait}");
        assert_private(&response, "429");
        assert_eq!(html(&body).text_of("h1"), "Too many failed sign-ins");
        assert!(body.contains("Try again in 15 minutes"), "{body}");
    }

    // Another address is not held back (a proxy on this machine names the client).
    let (response, _) = get_from(
        &app,
        "/staff",
        "[::1]:50000",
        &[("authorization", &right), ("x-forwarded-for", "192.0.2.99")],
    )
    .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN, "plain HTTP proxy");
    let (response, _) = get_from(&app, "/staff", "[::1]:50000", &[("authorization", &right)]).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_private(&response, "200");
}

#[tokio::test]
async fn with_the_right_password_a_broken_files_problem_is_listed_at_its_line() {
    let (_dir, site) = site_copy();
    let live = live(&site, &statics());
    let (app, _state) = staff_app(live.clone(), &statics(), false);
    let (_, body) = get_staff(&app, "/staff").await;
    assert!(body.contains("No problems"), "{body}");

    edit(
        &site,
        "cities/seika.toml",
        "country = \"Japan\"",
        "country = \u{201C}Japan\"",
    );
    live.reload().unwrap();
    let (response, body) = get_staff(&app, "/staff").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_private(&response, "200");
    let page = html(&body);
    assert!(page.text_of("main").contains("Signed in as pat.staff"));
    assert!(
        page.text_of("#problems + p")
            .starts_with("1 error and 0 warnings")
    );
    assert_eq!(page.text_of("#held + p + ul"), "cities/seika.toml");
    let problem = page.text_of("#problem-list li");
    assert!(
        problem.starts_with("Error: curly quotes “ ” are not quotes in TOML"),
        "{problem}"
    );
    assert!(
        problem.contains("In cities/seika.toml, line 5, column 11"),
        "{problem}"
    );
    assert!(problem.contains("cities/seika.toml:5:11"), "{problem}");
    assert!(problem.contains("curly-quotes"), "{problem}");
    // The line is quoted, with a caret under the mistake.
    let quoted: String = page.one("#problem-list pre").element().text().collect();
    assert_eq!(quoted, "5 | country = “Japan\"\n  |           ^");
    assert!(
        problem.contains("What to do: replace the curly quotes"),
        "{problem}"
    );
}

#[tokio::test]
async fn a_drafts_preview_renders_only_for_staff() {
    let (_dir, site) = site_copy();
    let news = std::fs::read_to_string(site.join("news/seika-agreement.toml")).unwrap();
    let draft = format!(
        "draft = true\n{}",
        news.replacen(
            "Norman and Seika sign a sister-city agreement",
            "Youth exchange to Seika announced",
            1
        )
    );
    std::fs::write(site.join("news/youth-exchange.toml"), draft).unwrap();
    let live = live(&site, &statics());
    let (app, _state) = staff_app(live, &statics(), false);
    let preview = "/staff/preview/news/youth-exchange";

    // Residents see no trace of it.
    assert_eq!(
        get(&app, "/news/youth-exchange").await.0.status(),
        StatusCode::NOT_FOUND
    );
    assert!(!get(&app, "/news").await.1.contains("Youth exchange"));
    for (peer, headers) in [
        (LOCAL, vec![]),
        (
            LOCAL,
            vec![("authorization", basic(STAFF_NAME, "wrong password here"))],
        ),
        (
            ELSEWHERE,
            vec![("authorization", basic(STAFF_NAME, STAFF_PASSWORD))],
        ),
    ] {
        let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
        let (response, body) = get_from(&app, preview, peer, &headers).await;
        assert!(
            [StatusCode::UNAUTHORIZED, StatusCode::FORBIDDEN].contains(&response.status()),
            "{peer} {headers:?}: {}",
            response.status()
        );
        assert!(!body.contains("Youth exchange"), "{body}");
    }

    // Staff find it listed with its preview link...
    let (_, body) = get_staff(&app, "/staff").await;
    let overview = html(&body);
    let draft = overview.text_of("#draft-list li");
    assert!(
        draft.starts_with("Preview Youth exchange to Seika announced"),
        "{draft}"
    );
    assert!(draft.contains("news/youth-exchange.toml"), "{draft}");
    assert_eq!(overview.attr("#draft-list a", "href"), preview);

    // ...and the preview is the page in the site's layout, under the banner.
    let (response, body) = get_staff(&app, preview).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_private(&response, "preview");
    let page = html(&body);
    assert_eq!(page.text_of("h1"), "Youth exchange to Seika announced");
    assert!(
        page.text_of("title")
            .starts_with("Draft preview: Youth exchange")
    );
    assert!(
        page.text_of("main #draft-preview")
            .starts_with("Draft preview")
    );
    assert!(body.contains("class=\"sc-header\""), "the site's layout");
    // Its links to pages lead to their previews; the stylesheet stays where it is.
    let links = page.attrs("a", "href");
    assert!(
        links.iter().any(|l| l == "/staff/preview/news"),
        "{links:?}"
    );
    assert!(!links.iter().any(|l| l == "/news"), "{links:?}");
    assert!(
        page.attr("link[rel=stylesheet]", "href")
            .starts_with("/static/css/site.")
    );
    // The preview of the news list shows the draft among the rest.
    let (_, list) = get_staff(&app, "/staff/preview/news").await;
    assert!(list.contains("Youth exchange to Seika announced"));
    let (response, body) = get_staff(&app, "/staff/preview/news/no-such-item").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(html(&body).text_of("h1"), "No page at this address");
    // Not a page: feeds and files are not previewed.
    let (response, _) = get_staff(&app, "/staff/preview/feed.xml").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn over_plain_http_from_another_machine_the_login_is_refused() {
    let (_dir, site) = site_copy();
    let (app, _state) = staff_app(live(&site, &statics()), &statics(), false);
    let right = basic(STAFF_NAME, STAFF_PASSWORD);
    // Far more tries than the limit: none is counted, as no password is looked at.
    for _ in 0..(MAX_FAILURES * 2) {
        for headers in [vec![], vec![("authorization", right.as_str())]] {
            let (response, body) = get_from(&app, "/staff", ELSEWHERE, &headers).await;
            assert_eq!(response.status(), StatusCode::FORBIDDEN);
            assert!(!response.headers().contains_key(header::WWW_AUTHENTICATE));
            assert_private(&response, "403");
            let page = html(&body);
            assert_eq!(
                page.text_of("h1"),
                "The staff pages need a secure connection"
            );
            assert!(page.text_of("main").contains("https://"), "{body}");
        }
    }
    // A request with no known peer is not taken to be local.
    let (response, _) = send_with(&app, "GET", "/staff", &[("authorization", &right)]).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    // Behind the HTTPS proxy (`--https`), staff sign in from anywhere.
    let (https_app, _state) = staff_app(live(&site, &statics()), &statics(), true);
    let (response, _) = get_from(&https_app, "/staff", ELSEWHERE, &[]).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let (response, body) = get_from(
        &https_app,
        "/staff",
        ELSEWHERE,
        &[("authorization", &right)],
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(body.contains("Signed in as"), "{body}");
}

#[tokio::test]
async fn without_an_account_there_are_no_staff_pages() {
    let (_dir, site) = site_copy();
    let (app, state) = staff_app(live(&site, &statics()), &statics(), false);
    std::fs::write(state.path().join("staff.toml"), "format = 1\n").unwrap();
    let right = basic(STAFF_NAME, STAFF_PASSWORD);
    for path in ["/staff", "/staff/preview", "/staff/preview/news"] {
        let (response, body) = get_from(&app, path, LOCAL, &[("authorization", &right)]).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        assert!(!body.contains("Signed in"), "{body}");
    }
    // Nor without a state folder at all (as in `build` and the other tests).
    let plain = common::app(&site, &statics());
    let (response, _) = get_from(&plain, "/staff", LOCAL, &[("authorization", &right)]).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_staff_pages_are_not_in_the_sitemap_and_robots_keep_out() {
    let (_dir, site) = site_copy();
    let (app, _state) = staff_app(live(&site, &statics()), &statics(), false);
    let sitemap = common::sitemap(&app).await.concat();
    assert!(sitemap.contains("<loc>"), "{sitemap}");
    assert!(!sitemap.contains("/staff"), "{sitemap}");
    let (_, robots) = get(&app, "/robots.txt").await;
    assert!(
        robots.lines().any(|line| line == "Disallow: /staff"),
        "{robots}"
    );
    // Other methods get the same 405 as every address, without a sign-in.
    let (expected, expected_body) = send_with(&app, "POST", "/", &[]).await;
    let (response, body) = send_with(&app, "POST", "/staff", &[]).await;
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        response.headers()[header::ALLOW],
        expected.headers()[header::ALLOW]
    );
    assert_eq!(body, expected_body);
}

#[tokio::test]
async fn the_schedule_lists_what_goes_live_and_events_starting_in_the_home_citys_time() {
    let (_dir, site) = site_copy();
    // Colima goes live on June 20 at 9:30 in the morning, Norman time (the tests' today is
    // June 1, 2026).
    edit(
        &site,
        "cities/colima.toml",
        "\nname = ",
        "\npublish_at = 2026-06-20T09:30:00\nname = ",
    );
    let (app, _state) = staff_app(live(&site, &statics()), &statics(), false);
    let (_, body) = get_staff(&app, "/staff").await;
    let page = html(&body);
    let items = page.texts("#scheduled-list li");
    let reception = items
        .iter()
        .position(|i| i.contains("Event starts: Sister Cities reception"))
        .unwrap_or_else(|| panic!("{items:?}"));
    assert!(
        items[reception].starts_with("June 10, 2026, 6:00 p.m. CDT"),
        "{items:?}"
    );
    let colima = items
        .iter()
        .position(|i| i.contains("Goes live: Colima"))
        .unwrap_or_else(|| panic!("{items:?}"));
    assert!(
        items[colima].starts_with("June 20, 2026, 9:30 a.m. CDT"),
        "{items:?}"
    );
    assert!(items[colima].contains("cities/colima.toml"), "{items:?}");
    // Soonest first.
    assert!(reception < colima, "{items:?}");
    let drafts = page.text_of("#draft-list");
    assert!(
        drafts.contains("Sister city: goes live June 20, 2026, 9:30 a.m. CDT"),
        "{drafts}"
    );
    assert_eq!(
        page.attr("#draft-list a", "href"),
        "/staff/preview/cities/colima"
    );
}

#[tokio::test]
async fn the_recent_history_shows_each_version_with_its_files() {
    use sister_cities::content::Source;
    use sister_cities::live::{Kept, Live};
    use sister_cities::state::{Retention, StateDir};
    let (_dir, site) = site_copy();
    let state = tempfile::tempdir().unwrap();
    let state = StateDir::open(state.path()).unwrap();
    let kept = Kept {
        history: state.history().unwrap(),
        retention: Retention::default(),
        photo_cache: state.photo_cache(),
    };
    let source = Source {
        content_dir: site.clone(),
        static_dir: Some(statics()),
        base_url: None,
    };
    let live = std::sync::Arc::new(Live::start(source, false, Some(kept)).unwrap());
    // The first version is recorded on the history's thread: an edit put live before that
    // is folded into it (the history keeps what residents saw for more than an instant).
    let started = std::time::Instant::now();
    while live.recent_versions(2).unwrap().is_empty() {
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    edit(
        &site,
        "cities/seika.toml",
        "Kansai Science City",
        "Kansai Science City (edited)",
    );
    live.reload().unwrap();
    // The history is written on a thread of its own: have it finish.
    live.close();
    let (app, _accounts) = staff_app(live, &statics(), false);
    let (_, body) = get_staff(&app, "/staff").await;
    let page = html(&body);
    let versions = page.texts("#history-list > li");
    assert_eq!(versions.len(), 2, "{versions:?}");
    assert!(versions[0].starts_with("Version 2"), "{versions:?}");
    assert!(
        versions[0].contains("changed cities/seika.toml"),
        "{versions:?}"
    );
    assert!(versions[1].starts_with("Version 1"), "{versions:?}");
    assert!(versions[1].contains("added site.toml"), "{versions:?}");
}

/// Whatever a client puts in `Authorization`, the answer is a refusal, never a failure of the
/// server's own; each case from an address of its own, so that none is held back by another.
#[tokio::test]
async fn any_bytes_as_credentials_are_refused_and_never_break_the_server() {
    use axum::body::Body;
    use axum::http::{HeaderValue, Request};
    use tower::ServiceExt;
    let (_dir, site) = site_copy();
    let (app, _state) = staff_app(live(&site, &statics()), &statics(), false);
    let mut cases: Vec<Vec<u8>> = [
        "Basic",
        "Basic ",
        "Basic ====",
        "Basic OjpbXQ==",
        "Basic \u{0}",
        "basic cGF0LnN0YWZmOg==",
        "Digest username=\"pat.staff\"",
        "Basic cGF0LnN0YWZm",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    cases.push(format!("Basic {}", "QUFB".repeat(2000)).into_bytes());
    cases.push(b"Basic \xff\xfe\x80".to_vec());
    // Pseudo-random bytes, the same on every run.
    let mut seed: u32 = 0x5eed;
    for _ in 0..150 {
        let len = (seed % 40) as usize;
        let mut bytes = b"Basic ".to_vec();
        for _ in 0..len {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            bytes.push((seed >> 16) as u8);
        }
        cases.push(bytes);
    }
    for (n, bytes) in cases.iter().enumerate() {
        let Ok(value) = HeaderValue::from_bytes(bytes) else {
            continue;
        };
        let mut request = Request::get("/staff")
            .header(header::HOST, "localhost")
            .header(header::AUTHORIZATION, value)
            .body(Body::empty())
            .unwrap();
        let peer: std::net::SocketAddr = format!("127.1.{}.{}:4000", n / 256, n % 256)
            .parse()
            .unwrap();
        request
            .extensions_mut()
            .insert(axum::extract::ConnectInfo(peer));
        let response = app.clone().oneshot(request).await.unwrap();
        assert!(
            [StatusCode::UNAUTHORIZED, StatusCode::TOO_MANY_REQUESTS].contains(&response.status()),
            "{bytes:?}: {}",
            response.status()
        );
    }
}

#[tokio::test]
async fn the_translations_to_do_are_listed_with_what_is_left_in_english() {
    let (_dir, site) = site_copy();
    let live = live(&site, &statics());
    let (app, _state) = staff_app(live.clone(), &statics(), false);
    let (_, body) = get_staff(&app, "/staff").await;
    assert!(
        html(&body)
            .text_of("#translations + p")
            .contains("Every text has an up-to-date translation"),
        "{body}"
    );

    // Spanish on, with Seika's summary translated and the rest of its texts not yet.
    edit(
        &site,
        "site.toml",
        "\n[city]",
        "\nlanguages = [\"en\", \"es\"]\n\n[city]",
    );
    std::fs::write(
        site.join("cities/seika.es.toml"),
        "summary = \"Un pueblo.\"\n",
    )
    .unwrap();
    live.reload().unwrap();
    let (_, body) = get_staff(&app, "/staff").await;
    let page = html(&body);
    let list = page.texts("#translation-list li");
    let seika = list
        .iter()
        .find(|l| l.starts_with("cities/seika.toml"))
        .unwrap_or_else(|| panic!("{list:?}"));
    assert!(seika.contains(", in es:"), "{seika}");
    assert!(seika.contains("texts not translated"), "{seika}");
    assert!(!seika.contains("summary"), "summary is translated: {seika}");
    // Never marked, so stale.
    assert!(seika.ends_with("1 stale"), "{seika}");
}
