//! How people and programs find the site's pages: every page reachable from `/` and listed in
//! the sitemap, robots.txt and the web app manifest, one `<h1>` and a unique title per page,
//! link previews, schema.org structured data, and the main navigation.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers may, as tests do

mod common;

use std::collections::BTreeSet;

use axum::http::{StatusCode, header};
use common::{Query, assert_headings_in_order, bundled_app, crawl, fixture_at, get, html};

#[tokio::test]
async fn robots_txt_names_the_sitemap_and_the_manifest_is_linked() {
    let app = bundled_app();
    let (response, robots) = get(&app, "/robots.txt").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/plain; charset=utf-8"
    );
    assert!(robots.contains("Sitemap: https://sistercities.normanok.gov/sitemap.xml\n"));
    assert!(robots.contains("User-agent: *\n"));

    let (response, manifest) = get(&app, "/site.webmanifest").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "application/manifest+json"
    );
    let manifest: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    assert_eq!(manifest["start_url"], "/");
    assert_eq!(manifest["icons"][0]["src"], "/favicon.ico");
    let (_, home) = get(&app, "/").await;
    assert_eq!(
        html(&home).attr("link[rel=manifest]", "href"),
        "/site.webmanifest"
    );
}

/// The JSON-LD of a page, parsed.
fn json_ld(page: &str) -> serde_json::Value {
    let json = html(page).text_of("script[type=\"application/ld+json\"]");
    assert!(!json.contains('<'), "{json}");
    serde_json::from_str(&json).unwrap()
}

#[tokio::test]
async fn pages_describe_the_city_partners_and_events_as_schema_org_json_ld() {
    let app = fixture_at("2026-06-01T12:00:00Z");
    let (_, home) = get(&app, "/").await;
    let home = json_ld(&home);
    assert_eq!(home["@context"], "https://schema.org");
    assert_eq!(home["@graph"][0]["@type"], "GovernmentOrganization");
    assert_eq!(home["@graph"][0]["name"], "City of Norman, Oklahoma");
    assert_eq!(home["@graph"][1]["@type"], "City");
    assert_eq!(home["@graph"][1]["geo"]["latitude"], 35.22083);

    let (_, seika) = get(&app, "/cities/seika").await;
    let seika = json_ld(&seika);
    assert_eq!(seika["@type"], "City");
    assert_eq!(seika["alternateName"], "精華町");
    assert_eq!(seika["address"]["addressCountry"], "JP");

    let (_, reception) = get(&app, "/events/reception").await;
    let event = json_ld(&reception);
    assert_eq!(event["@type"], "Event");
    assert_eq!(event["startDate"], "2026-06-10T18:00:00-05:00");
    assert_eq!(event["endDate"], "2026-06-10T20:00:00-05:00");
    assert_eq!(event["location"]["name"], "Norman Public Library Central");
    assert_eq!(event["about"][0]["name"], "Colima");
    // "&" in the description stays text.
    assert!(
        event["description"]
            .as_str()
            .unwrap()
            .contains("PASSPORTS & friends")
    );
    let (_, delegation) = get(&app, "/events/delegation-2025").await;
    let event = json_ld(&delegation);
    assert_eq!(event["startDate"], "2025-10-01");
    assert_eq!(event["endDate"], "2025-10-03");
}

#[tokio::test]
async fn every_page_is_reachable_from_home_and_listed_in_the_sitemap() {
    for app in [bundled_app(), fixture_at("2026-06-01T12:00:00Z")] {
        let pages = crawl(&app).await;
        let parts = common::sitemap(&app).await;
        assert_eq!(parts.len(), 1, "a small site's sitemap is in one part");
        let sitemap = &parts[0];
        assert!(sitemap.starts_with(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset \
             xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
             xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">"
        ));
        let (listed, crawled) = common::sitemap_and_crawl(&parts, &pages);
        assert_eq!(
            listed, crawled,
            "the sitemap lists exactly the pages reachable from /"
        );
        let lastmods = html(sitemap).texts("url > lastmod");
        assert_eq!(lastmods.len(), listed.len(), "every page has a lastmod");
        for day in lastmods {
            assert!(day.parse::<jiff::civil::Date>().is_ok(), "{day}");
        }
        for path in ["/", "/events", "/news", "/get-involved", "/cities/seika"] {
            assert!(pages.contains_key(path), "{path} is not reachable from /");
        }
        assert!(pages.keys().any(|p| p.starts_with("/news/")));
    }
}

#[tokio::test]
async fn every_page_has_one_h1_no_skipped_levels_a_unique_title_and_link_previews() {
    for app in [bundled_app(), fixture_at("2026-06-01T12:00:00Z")] {
        let pages = crawl(&app).await;
        let mut titles = BTreeSet::new();
        for (path, page) in &pages {
            assert_headings_in_order(path, page);
            let page = html(page);
            let title = page.text_of("title");
            assert!(
                titles.insert(title.clone()),
                "{path}: title {title:?} is used twice"
            );
            let canonical = format!("https://sistercities.normanok.gov{path}");
            assert_eq!(
                page.attr("link[rel=canonical]", "href"),
                canonical,
                "{path}"
            );
            assert_eq!(page.attr("meta[property=\"og:url\"]", "content"), canonical);
            assert_eq!(page.attr("meta[property=\"og:title\"]", "content"), title);
            let description = page.attr("meta[name=description]", "content");
            assert!(!description.is_empty(), "{path}: a description");
            assert_eq!(
                page.attr("meta[property=\"og:description\"]", "content"),
                description
            );
            assert_eq!(
                page.attr("meta[name=\"twitter:card\"]", "content"),
                "summary"
            );
            // Each language's feeds: `/es/feed.xml` on a Spanish page.
            let prefix = if path == "/es" || path.starts_with("/es/") {
                "/es"
            } else {
                ""
            };
            let feed = "link[rel=alternate][type=\"application/atom+xml\"]";
            assert_eq!(
                page.attr(feed, "href"),
                format!("{prefix}/feed.xml"),
                "{path}"
            );
            let calendar = "link[rel=alternate][type=\"text/calendar\"]";
            assert_eq!(
                page.attr(calendar, "href"),
                format!("{prefix}/events.ics"),
                "{path}"
            );
        }
    }
}

#[tokio::test]
async fn the_navigation_leads_to_events_news_and_get_involved() {
    let (_, home) = get(&bundled_app(), "/").await;
    let home = html(&home);
    // (address, words, marked as the current page)
    let navigation: Vec<(String, String, bool)> = home
        .all("a.sc-nav__link")
        .iter()
        .map(|link| {
            let href = link.get("href").unwrap_or_default().to_owned();
            (href, link.text(), link.get("aria-current").is_some())
        })
        .collect();
    for (href, label) in [
        ("/events", "Events"),
        ("/news", "News"),
        ("/get-involved", "Get involved"),
    ] {
        assert!(
            navigation.contains(&(href.to_owned(), label.to_owned(), false)),
            "{label}: {navigation:?}"
        );
    }
}
