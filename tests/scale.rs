//! The site with many sister cities and events, through the router: every page stays light
//! (the home page shows the oldest partnerships and links to a directory of all cities by
//! country, in pages; `/events` lists the next and the latest events and links to pages by
//! year; a city's page lists a few of its events), the map labels only the featured cities,
//! and every new page is reachable, in the sitemap, and well formed.
//!
//! The content is generated in a temporary folder: the bundled site plus 120 made-up cities,
//! 200 events and 60 news items, enough to fill more than one page of each list (`scripts/
//! generate-scale-content.py` writes the same kind of content at full scale, for measuring).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers may, as tests do

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;
use std::sync::LazyLock;

use axum::http::StatusCode;
use common::{Query, app_at, assert_headings_in_order, copy_dir, crawl, get, html, now, root};
use sister_cities::http::App;

const CITIES: usize = 120;
const EVENTS: usize = 200;
const NEWS: usize = 60;

/// 20 cities each, so that one country goes on from the directory's first page to the next.
const COUNTRIES: [(&str, &str, &str); 6] = [
    ("Kenya", "KE", "Africa/Nairobi"),
    ("France", "FR", "Europe/Paris"),
    ("Japan", "JP", "Asia/Tokyo"),
    ("Brazil", "BR", "America/Sao_Paulo"),
    ("New Zealand", "NZ", "Pacific/Auckland"),
    ("Germany", "DE", "Europe/Berlin"),
];

/// The file name of the n-th made-up city; the last one is called "page", which must not
/// take the address of the directory's second page.
fn city_slug(n: usize) -> String {
    if n == CITIES {
        "page".to_owned()
    } else {
        format!("city-{n:03}")
    }
}

/// Writes the bundled content plus the made-up cities and events into `dir`.
fn write_content(dir: &Path) {
    copy_dir(&root().join("content"), dir);
    for n in 1..=CITIES {
        let (country, code, zone) = COUNTRIES[n % COUNTRIES.len()];
        let mut toml = String::new();
        write!(
            toml,
            r#"name = "Testcity {n}"
native_name = "Testcity {n}"
native_name_lang = "en"
country = "{country}"
country_code = "{code}"
region = "Region {r}"
latitude = {lat}
longitude = {lon}
time_zone = "{zone}"
website = "https://city-{n}.example.org"
summary = "Made-up partner city number {n}."
description = "Made-up partner city number {n}, for testing the site at scale."

[population]
count = {population}
year = 2020

[[milestones]]
kind = "sister-city-agreement"
date = "{year}-05-01"
note = "Agreement (test data)."
"#,
            r = n % 7,
            lat = -50.0 + (n * 37 % 110) as f64,
            lon = -170.0 + (n * 53 % 340) as f64,
            population = 10_000 + n,
            year = 1960 + n % 60,
        )
        .unwrap();
        std::fs::write(dir.join(format!("cities/{}.toml", city_slug(n))), toml).unwrap();
    }
    // 150 events in 2027 (upcoming on 1 June 2026), 50 in 2025 (past). Every tenth is about
    // Testcity 1, so its page has more upcoming events than it lists; one is called "year".
    for n in 1..=EVENTS {
        let year = if n <= 150 { 2027 } else { 2025 };
        let month = 1 + (n - 1) * 12 / 150 % 12;
        let day = 1 + n % 28;
        let city = if n % 10 == 0 { 1 } else { 1 + n % CITIES };
        let slug = if n == 7 {
            "year".to_owned()
        } else {
            format!("event-{n:03}")
        };
        let toml = format!(
            r#"title = "Test event {n}"
start = {year}-{month:02}-{day:02}T18:00:00
end = {year}-{month:02}-{day:02}T20:00:00
place = "Norman Public Library Central"
cities = ["{}"]
description = "A made-up event, for testing the site at scale."
"#,
            city_slug(city)
        );
        std::fs::write(dir.join(format!("events/{slug}.toml")), toml).unwrap();
    }
    // News, one a month from January 2021 on (after the bundled news); the oldest is called
    // "page".
    for n in 1..=NEWS {
        let slug = if n == 1 {
            "page".to_owned()
        } else {
            format!("news-{n:03}")
        };
        let toml = format!(
            r#"title = "Test news {n}"
date = "{year}-{month:02}-15"
summary = "Made-up news item number {n}."
body = "A made-up news item, for testing the site at scale."
"#,
            year = 2021 + (n - 1) / 12,
            month = 1 + (n - 1) % 12,
        );
        std::fs::write(dir.join(format!("news/{slug}.toml")), toml).unwrap();
    }
}

/// The site at scale, rendered for 1 June 2026: built once for all the tests here (the
/// content folder is not needed once the site is rendered).
fn scale_app() -> App {
    static APP: LazyLock<App> = LazyLock::new(|| {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        write_content(&content);
        app_at(&content, &root().join("static"), now())
    });
    APP.clone()
}

/// (address, words) of each breadcrumb.
fn breadcrumbs(page: &str) -> Vec<(String, String)> {
    html(page)
        .all(".sc-breadcrumbs__link")
        .iter()
        .map(|a| (a.get("href").unwrap_or_default().to_owned(), a.text()))
        .collect()
}

/// Whether the breadcrumbs lead back to the directory's first page.
fn leads_to(page: &str, href: &str, label: &str) -> bool {
    breadcrumbs(page).contains(&(href.to_owned(), label.to_owned()))
}

#[tokio::test]
async fn at_scale_every_page_stays_light_reachable_listed_and_well_formed() {
    let app = scale_app();
    let pages = crawl(&app).await;
    let parts = common::sitemap(&app).await;
    let (listed, crawled) = common::sitemap_and_crawl(&parts, &pages);
    assert_eq!(
        listed, crawled,
        "the sitemap lists exactly the reachable pages"
    );
    // Every city and event page, and the new ones, are reachable.
    assert_eq!(
        pages.keys().filter(|p| p.starts_with("/cities/")).count(),
        CITIES + 4 + 1,
        "the cities and the directory's second page"
    );
    for path in [
        "/cities",
        "/cities/page/2",
        "/cities/page",
        "/events/year/2027",
        "/events/year/2027/page/2",
        "/events/year/2025",
        "/events/year",
        "/news",
        "/news/page/2",
        "/news/page/4",
        "/news/page",
    ] {
        assert!(pages.contains_key(path), "{path} is not reachable from /");
    }

    let ids: BTreeMap<&str, BTreeSet<String>> = pages
        .iter()
        .map(|(path, page)| {
            (
                path.as_str(),
                html(page).attrs("[id]", "id").into_iter().collect(),
            )
        })
        .collect();
    let mut titles = BTreeSet::new();
    for (path, page) in &pages {
        // Light: the whole directory or all 200 events would be several times this.
        assert!(page.len() < 40_000, "{path} is {} bytes", page.len());
        assert_headings_in_order(path, page);
        let page = html(page);
        let title = page.text_of("title");
        assert!(
            titles.insert(title.clone()),
            "{path}: title {title:?} twice"
        );
        // Fragments point at an element of the page they name.
        for href in page.links() {
            if let Some((target, id)) = href.split_once('#') {
                let target = if target.is_empty() {
                    path.as_str()
                } else {
                    target
                };
                if let Some(ids) = ids.get(target) {
                    assert!(ids.contains(id), "{path}: {href}");
                }
            }
        }
    }
}

#[tokio::test]
async fn at_scale_the_home_page_shows_the_oldest_twelve_and_links_the_directory() {
    let app = scale_app();
    let (_, home) = get(&app, "/").await;
    let home = html(&home);
    let partners = home.section("partners");
    assert_eq!(partners.count("li.sc-card"), 12);
    assert_eq!(
        partners.text_of("h2 + p"),
        "Norman has 124 sister cities. Here are the 12 oldest partnerships."
    );
    let more = partners.one(".sc-more");
    assert_eq!(
        (more.text(), more.links()),
        (
            "All 124 sister cities, by country".to_owned(),
            vec!["/cities".to_owned()]
        )
    );
    // Oldest first: agreements in 1960 and 1961 come before the bundled 1994 one.
    let cards = partners.links();
    assert!(cards.contains(&"/cities/city-060".to_owned()));
    assert!(!cards.contains(&"/cities/clermont-ferrand".to_owned()));
    assert!(home.attr("meta[name=description]", "content").starts_with(
        "City of Norman, Oklahoma and its 124 sister cities, the oldest partnerships first: "
    ));

    // The map: 12 numbered markers and arcs; the other 112 are dots in the background image.
    let map = partners.one("figure.sc-map");
    assert_eq!(map.count(".sc-map__size--narrow .sc-map__number"), 12);
    assert_eq!(map.count("path.sc-map__arc"), 12);
    let description = map.text_of("#sc-map-desc");
    assert!(
        description
            .starts_with("A world map marking Norman and its 124 sister cities. The 12 oldest"),
        "{description}"
    );
    assert!(description.contains("The other 112 are small dots"));
    let image = map.attr("img.sc-map__background", "src");
    let (response, svg) = get(&app, &image).await;
    assert_eq!(response.status(), StatusCode::OK);
    let dots = html(&svg).attr("path[stroke]", "d");
    assert_eq!(
        dots.matches("h0").count(),
        112,
        "a dot per city beyond the 12"
    );
    // The key and text equivalent: the 12 numbered cards, then the directory.
    assert_eq!(partners.count("ol.sc-card-group > li"), 12);
}

#[tokio::test]
async fn at_scale_the_directory_lists_every_city_once_by_country_in_pages() {
    let app = scale_app();
    let (_, first_text) = get(&app, "/cities").await;
    let (_, second_text) = get(&app, "/cities/page/2").await;
    let (first, second) = (html(&first_text), html(&second_text));
    assert_eq!(first.text_of("h1"), "All sister cities");
    assert_eq!(
        first.text_of(".sc-lead"),
        "Norman has 124 sister cities in 8 countries, listed here by country."
    );
    assert_eq!(
        first.text_of("title"),
        "All sister cities – Sister Cities – City of Norman, Oklahoma"
    );
    assert!(
        second
            .text_of("title")
            .starts_with("All sister cities, page 2 of 2 – Sister Cities")
    );
    // Pagination: the current page marked, the other linked, previous and next.
    assert_eq!(
        first.attr("nav.sc-pagination", "aria-label"),
        "Pages of the directory"
    );
    let current = first.one(".sc-pagination a[aria-current=page]");
    assert_eq!(
        (current.get("href"), current.text()),
        (Some("/cities"), "Page 1".to_owned())
    );
    assert_eq!(
        first.attr(".sc-pagination a[rel=next]", "href"),
        "/cities/page/2"
    );
    assert_eq!(second.attr(".sc-pagination a[rel=prev]", "href"), "/cities");
    // Breadcrumbs lead back to the first page.
    assert!(leads_to(&second_text, "/cities", "All sister cities"));

    // Every city once, countries in order, cities in order within each.
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for href in first.links().into_iter().chain(second.links()) {
        if href.starts_with("/cities/") && !href.starts_with("/cities/page/2") {
            *seen.entry(href).or_default() += 1;
        }
    }
    assert_eq!(seen.len(), CITIES + 4, "{seen:?}");
    assert!(seen.values().all(|n| *n == 1), "{seen:?}");
    assert_eq!(first.text_of("h2#country-brazil"), "Brazil");
    let clermont = first
        .all("main li")
        .into_iter()
        .find(|li| li.links() == ["/cities/clermont-ferrand"])
        .expect("Clermont-Ferrand in the directory");
    assert_eq!(
        clermont.text(),
        "Clermont-Ferrand, Puy-de-Dôme, Auvergne-Rhône-Alpes, a sister city since 1994"
    );
    assert_eq!(clermont.attr("time", "datetime"), "1994");
    // A country that goes on from one page to the next says so, with the same anchor.
    assert_eq!(second.text_of("h2#country-kenya"), "Kenya (continued)");
    // The index of countries, on the first page, leads to where each starts.
    let countries = first.one("#countries + ul");
    for entry in ["Brazil (20)", "Kenya (20)"] {
        assert!(countries.texts("li").contains(&entry.to_owned()), "{entry}");
    }
    for href in [
        "/cities#country-brazil",
        "/cities#country-kenya",
        "/cities/page/2#country-new-zealand",
    ] {
        assert!(countries.links().contains(&href.to_owned()), "{href}");
    }

    // A city called "page" keeps its own address; its page leads back to the directory.
    let (response, page_text) = get(&app, "/cities/page").await;
    assert_eq!(response.status(), StatusCode::OK);
    let page = html(&page_text);
    assert!(page.text_of("h1").starts_with("Testcity 120, Kenya"));
    let back = page.one(".sc-back");
    assert_eq!(
        (back.text(), back.links()),
        (
            "Back to all sister cities".to_owned(),
            vec!["/cities".to_owned()]
        )
    );
    assert!(leads_to(&page_text, "/cities", "All sister cities"));
}

#[tokio::test]
async fn at_scale_events_list_the_next_and_latest_and_every_year_has_pages() {
    let app = scale_app();
    let (_, events) = get(&app, "/events").await;
    let events = html(&events);
    let upcoming = events.section("upcoming");
    assert_eq!(upcoming.count("li.sc-item"), 50);
    let more = upcoming.one("ul + p");
    assert_eq!(
        more.text(),
        "These are the next 50. The 100 after them are on the pages of each year."
    );
    assert_eq!(more.links(), ["#by-year"]);
    let past = events.section("past");
    assert_eq!(past.count("li"), 20);
    assert!(past.texts("p").contains(
        &"These are the latest. Every past event is on the pages of each year.".to_owned()
    ));
    let anniversaries = events.section("anniversaries");
    assert_eq!(anniversaries.count("li"), 12);
    assert!(
        anniversaries
            .text()
            .contains("Each sister city's page gives its own next anniversary.")
    );
    let by_year = events.section("by-year");
    assert_eq!(
        by_year.texts("li"),
        ["Events of 2027 (150 events)", "Events of 2025 (50 events)"],
        "newest first"
    );
    assert_eq!(by_year.links(), ["/events/year/2027", "/events/year/2025"]);

    // A year's pages: every event of the year once, in order, by month.
    let (_, first) = get(&app, "/events/year/2027").await;
    let (_, second) = get(&app, "/events/year/2027/page/2").await;
    let (first, second) = (html(&first), html(&second));
    assert_eq!(first.text_of("h1"), "Events of 2027");
    assert_eq!(
        first.text_of(".sc-lead"),
        "The 150 events of the Sister Cities program in 2027, in the order they take place: \
         page 1 of 2."
    );
    assert_eq!(first.text_of("h2#january"), "January 2027");
    assert!(
        second
            .text_of("title")
            .starts_with("Events of 2027, page 2 of 2 – Sister Cities")
    );
    let listed: Vec<String> = first
        .links()
        .into_iter()
        .chain(second.links())
        .filter(|h| h.starts_with("/events/") && !h.starts_with("/events/year/2027"))
        .collect();
    assert_eq!(listed.len(), 150);
    assert_eq!(listed.iter().collect::<BTreeSet<_>>().len(), 150);
    // An event called "year" keeps its own address.
    let (response, year_event) = get(&app, "/events/year").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(html(&year_event).text_of("h1"), "Test event 7");
    let (_, y2025) = get(&app, "/events/year/2025").await;
    let y2025 = html(&y2025);
    assert_eq!(y2025.count("main li"), 50);
    assert_eq!(y2025.count(".sc-pagination"), 0, "one page only");
}

#[tokio::test]
async fn at_scale_a_city_page_lists_a_few_of_its_events() {
    let app = scale_app();
    let (_, city) = get(&app, "/cities/city-001").await;
    let city = html(&city);
    assert_eq!(city.one("#events + ul").count("li.sc-item"), 10);
    let more = city.one("#events + ul + p.sc-more");
    assert_eq!(
        (more.text(), more.links()),
        ("All upcoming events".to_owned(), vec!["/events".to_owned()])
    );
}

#[tokio::test]
async fn at_scale_news_goes_on_pages_newest_first_and_the_feed_keeps_the_latest() {
    let app = scale_app();
    let total = NEWS + 4;
    let mut listed: Vec<String> = Vec::new();
    for number in 1..=4 {
        let path = if number == 1 {
            "/news".to_owned()
        } else {
            format!("/news/page/{number}")
        };
        let (response, page) = get(&app, &path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let page = html(&page);
        let items = page.count("li.sc-item");
        assert_eq!(items, if number < 4 { 20 } else { total - 60 }, "{path}");
        assert_eq!(
            page.attr("nav.sc-pagination", "aria-label"),
            "Pages of the news"
        );
        assert_eq!(
            page.attr(".sc-pagination a[aria-current=page]", "href"),
            path
        );
        listed.extend(page.attrs(".sc-item__link", "href"));
    }
    let (_, first) = get(&app, "/news").await;
    let first = html(&first);
    assert_eq!(
        first.text_of("title"),
        "News – Sister Cities – City of Norman, Oklahoma"
    );
    assert_eq!(
        first.attr(".sc-pagination a[rel=next]", "href"),
        "/news/page/2"
    );
    let (_, second_text) = get(&app, "/news/page/2").await;
    let second = html(&second_text);
    assert!(
        second
            .text_of("title")
            .starts_with("News, page 2 of 4 – Sister Cities")
    );
    assert!(second.text_of(".sc-lead").ends_with("page 2 of 4."));
    assert!(leads_to(&second_text, "/news", "News"));
    assert_eq!(second.attr(".sc-pagination a[rel=prev]", "href"), "/news");
    let (response, _) = get(&app, "/news/page/5").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    // Every item once, newest first: the made-up ones from December 2025 back, then the
    // bundled ones (2020 and earlier).
    assert_eq!(listed.len(), total);
    assert_eq!(listed.iter().collect::<BTreeSet<_>>().len(), total);
    assert_eq!(listed[0], format!("/news/news-{NEWS:03}"));
    assert_eq!(
        listed[NEWS - 1],
        "/news/page",
        "an item called \"page\" keeps its address"
    );
    let (response, item) = get(&app, "/news/page").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(html(&item).text_of("h1"), "Test news 1");

    // The feed: the 50 newest.
    let (_, feed) = get(&app, "/feed.xml").await;
    let ids = html(&feed).texts("entry > id");
    assert_eq!(ids.len(), 50);
    assert!(
        ids.iter()
            .any(|id| id.ends_with(&format!("/news/news-{NEWS:03}")))
    );
    assert!(!ids.iter().any(|id| id.ends_with("/news/page")));
}
