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
use common::{app_at, copy_dir, crawl, get, heading_levels, now, root};
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
    // News, one a month from January 2020 on; the oldest is called "page".
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
            year = 2020 + (n - 1) / 12,
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

/// Every `href` of a page's links.
fn links(page: &str) -> Vec<&str> {
    page.split("<a ")
        .skip(1)
        .filter_map(|a| {
            let start = a.find("href=\"")? + 6;
            Some(&a[start..start + a[start..].find('"')?])
        })
        .collect()
}

/// The part of a page from an element with `id` to the end of its section.
fn section<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no section {id}"));
    let rest = &page[start..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}

#[tokio::test]
async fn at_scale_every_page_stays_light_reachable_listed_and_well_formed() {
    let app = scale_app();
    let pages = crawl(&app).await;
    let (_, sitemap) = get(&app, "/sitemap.xml").await;
    let (listed, crawled) = common::sitemap_and_crawl(&sitemap, &pages);
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

    let mut titles = BTreeSet::new();
    for (path, page) in &pages {
        // Light: the whole directory or all 200 events would be several times this.
        assert!(page.len() < 40_000, "{path} is {} bytes", page.len());
        let levels = heading_levels(page);
        assert_eq!(levels.iter().filter(|l| **l == 1).count(), 1, "{path}: h1");
        let mut previous = 1;
        for level in levels.iter().skip_while(|l| **l != 1) {
            assert!(*level <= previous + 1, "{path}: h{previous} then h{level}");
            previous = *level;
        }
        let title = &page[page.find("<title>").unwrap() + 7..page.find("</title>").unwrap()];
        assert!(
            titles.insert(title.to_owned()),
            "{path}: title {title:?} twice"
        );
        // Fragments point at an element of the page they name.
        for href in links(page) {
            if let Some((target, id)) = href.split_once('#') {
                let target = if target.is_empty() {
                    path.as_str()
                } else {
                    target
                };
                if let Some(other) = pages.get(target) {
                    assert!(other.contains(&format!("id=\"{id}\"")), "{path}: {href}");
                }
            }
        }
    }
}

#[tokio::test]
async fn at_scale_the_home_page_shows_the_oldest_twelve_and_links_the_directory() {
    let app = scale_app();
    let (_, home) = get(&app, "/").await;
    let partners = section(&home, "partners");
    assert_eq!(partners.matches("<li class=\"sc-card\">").count(), 12);
    assert!(
        partners.contains("Norman has 124 sister cities. Here are the 12 oldest partnerships.")
    );
    assert!(partners.contains(
        "<p class=\"sc-more\"><a href=\"/cities\">All 124 sister cities, by country</a></p>"
    ));
    // Oldest first: agreements in 1960 and 1961 come before the bundled 1994 one.
    assert!(partners.contains("href=\"/cities/city-060\""));
    assert!(!partners.contains("href=\"/cities/clermont-ferrand\""));
    assert!(home.contains(
        "<meta name=\"description\" content=\"City of Norman, Oklahoma and its 124 sister cities, the oldest partnerships first: "
    ));

    // The map: 12 labelled links and arcs; the other 112 are dots in the background image.
    let map = section(&home, "map");
    assert_eq!(map.matches("<a class=\"sc-map__link\"").count(), 12);
    assert_eq!(map.matches("<path class=\"sc-map__arc\"").count(), 12);
    assert!(map.contains("A world map marking Norman and its 124 sister cities. The 12 oldest"));
    assert!(map.contains("The other 112 are small dots."));
    let start = map
        .find("<img class=\"sc-map__background\" src=\"")
        .unwrap()
        + 37;
    let image = &map[start..start + map[start..].find('"').unwrap()];
    let (response, svg) = get(&app, image).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        svg.matches("h0").count(),
        112,
        "a dot per city beyond the 12"
    );
    // The text equivalent: the 12, then the directory.
    assert_eq!(map.matches(" from Norman</li>").count(), 12);
    assert!(map.contains(
        "The other 112 sister cities are listed in the <a href=\"/cities\">directory of all sister cities</a>."
    ));
}

#[tokio::test]
async fn at_scale_the_directory_lists_every_city_once_by_country_in_pages() {
    let app = scale_app();
    let (_, first) = get(&app, "/cities").await;
    let (_, second) = get(&app, "/cities/page/2").await;
    assert!(first.contains("<h1 class=\"sc-heading-xl\">All sister cities</h1>"));
    assert!(first.contains("Norman has 124 sister cities in 8 countries, listed here by country."));
    assert!(
        first.contains(
            "<title>All sister cities – Sister Cities – City of Norman, Oklahoma</title>"
        )
    );
    assert!(second.contains("<title>All sister cities, page 2 of 2 – Sister Cities"));
    // Pagination: the current page marked, the other linked, previous and next.
    assert!(first.contains("<nav class=\"sc-pagination\" aria-label=\"Pages of the directory\">"));
    assert!(first.contains("href=\"/cities\" aria-current=\"page\"><span class=\"sc-visually-hidden\">Page </span>1</a>"));
    assert!(first.contains("href=\"/cities/page/2\" rel=\"next\">Next"));
    assert!(second.contains("href=\"/cities\" rel=\"prev\">Previous"));
    // Breadcrumbs lead back to the first page.
    assert!(
        second.contains("<a class=\"sc-breadcrumbs__link\" href=\"/cities\">All sister cities</a>")
    );

    // Every city once, countries in order, cities in order within each.
    let both = format!("{first}{second}");
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for href in links(&both) {
        if href.starts_with("/cities/") && !href.starts_with("/cities/page/2") {
            *seen.entry(href).or_default() += 1;
        }
    }
    assert_eq!(seen.len(), CITIES + 4, "{seen:?}");
    assert!(seen.values().all(|n| *n == 1), "{seen:?}");
    assert!(first.contains("<h2 class=\"sc-heading-l\" id=\"country-brazil\">Brazil</h2>"));
    assert!(first.contains("<li><a href=\"/cities/clermont-ferrand\">Clermont-Ferrand</a>, Puy-de-Dôme, Auvergne-Rhône-Alpes, a sister city since <time datetime=\"1994\">1994</time></li>"));
    // A country that goes on from one page to the next says so, with the same anchor.
    assert!(
        second.contains("<h2 class=\"sc-heading-l\" id=\"country-kenya\">Kenya (continued)</h2>")
    );
    // The index of countries, on the first page, leads to where each starts.
    let countries = &first[first.find("id=\"countries\"").unwrap()..];
    assert!(countries.contains("<li><a href=\"/cities#country-brazil\">Brazil</a> (20)</li>"));
    assert!(countries.contains("<li><a href=\"/cities#country-kenya\">Kenya</a> (20)</li>"));
    assert!(countries.contains("<a href=\"/cities/page/2#country-new-zealand\">New Zealand</a>"));

    // A city called "page" keeps its own address; its page leads back to the directory.
    let (response, page) = get(&app, "/cities/page").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(page.contains("<h1 class=\"sc-heading-xl\">Testcity 120, Kenya"));
    assert!(
        page.contains("<p class=\"sc-back\"><a href=\"/cities\">Back to all sister cities</a></p>")
    );
    assert!(
        page.contains("<a class=\"sc-breadcrumbs__link\" href=\"/cities\">All sister cities</a>")
    );
}

#[tokio::test]
async fn at_scale_events_list_the_next_and_latest_and_every_year_has_pages() {
    let app = scale_app();
    let (_, events) = get(&app, "/events").await;
    let upcoming = section(&events, "upcoming");
    assert_eq!(upcoming.matches("<li class=\"sc-item\">").count(), 50);
    assert!(upcoming.contains("These are the next 50. The 100 after them are on the <a href=\"#by-year\">pages of each year</a>."));
    let past = section(&events, "past");
    assert_eq!(past.matches("<li><a href=\"/events/").count(), 20);
    assert!(
        past.contains("Every past event is on the <a href=\"#by-year\">pages of each year</a>.")
    );
    let anniversaries = section(&events, "anniversaries");
    assert_eq!(anniversaries.matches("<li>").count(), 12);
    assert!(anniversaries.contains("Each sister city's page gives its own next anniversary."));
    let by_year = section(&events, "by-year");
    assert!(
        by_year.contains("<li><a href=\"/events/year/2027\">Events of 2027</a> (150 events)</li>")
    );
    assert!(
        by_year.find("2027").unwrap() < by_year.find("2025").unwrap(),
        "newest first"
    );

    // A year's pages: every event of the year once, in order, by month.
    let (_, first) = get(&app, "/events/year/2027").await;
    let (_, second) = get(&app, "/events/year/2027/page/2").await;
    assert!(first.contains("<h1 class=\"sc-heading-xl\">Events of 2027</h1>"));
    assert!(first.contains("The 150 events of the Sister Cities program in 2027, in the order they take place: page 1 of 2."));
    assert!(first.contains("<h2 class=\"sc-heading-l\" id=\"january\">January 2027</h2>"));
    assert!(second.contains("<title>Events of 2027, page 2 of 2 – Sister Cities"));
    let listed: Vec<&str> = links(&first)
        .into_iter()
        .chain(links(&second))
        .filter(|h| h.starts_with("/events/") && !h.starts_with("/events/year/2027"))
        .collect();
    assert_eq!(listed.len(), 150);
    assert_eq!(listed.iter().collect::<BTreeSet<_>>().len(), 150);
    // An event called "year" keeps its own address.
    let (response, year_event) = get(&app, "/events/year").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(year_event.contains("<h1 class=\"sc-heading-xl\">Test event 7</h1>"));
    let (_, y2025) = get(&app, "/events/year/2025").await;
    assert_eq!(y2025.matches("<li><a href=\"/events/").count(), 50);
    assert!(!y2025.contains("sc-pagination"), "one page only");
}

#[tokio::test]
async fn at_scale_a_city_page_lists_a_few_of_its_events() {
    let app = scale_app();
    let (_, city) = get(&app, "/cities/city-001").await;
    let events = &city[city.find("id=\"events\"").unwrap()..];
    let events = &events[..events.find("<h2").unwrap_or(events.len())];
    assert_eq!(events.matches("<li class=\"sc-item\">").count(), 10);
    assert!(
        events.contains("<p class=\"sc-more\"><a href=\"/events\">All upcoming events</a></p>")
    );
}

#[tokio::test]
async fn at_scale_news_goes_on_pages_newest_first_and_the_feed_keeps_the_latest() {
    let app = scale_app();
    let total = NEWS + 3;
    let mut listed: Vec<String> = Vec::new();
    for number in 1..=4 {
        let path = if number == 1 {
            "/news".to_owned()
        } else {
            format!("/news/page/{number}")
        };
        let (response, page) = get(&app, &path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let items = page.matches("<li class=\"sc-item\">").count();
        assert_eq!(items, if number < 4 { 20 } else { total - 60 }, "{path}");
        assert!(page.contains("<nav class=\"sc-pagination\" aria-label=\"Pages of the news\">"));
        assert!(
            page.contains(&format!("href=\"{path}\" aria-current=\"page\">")),
            "{path}"
        );
        listed.extend(
            links(&page)
                .into_iter()
                .filter(|h| h.starts_with("/news/") && !h.starts_with("/news/page/"))
                .map(str::to_owned),
        );
    }
    let (_, first) = get(&app, "/news").await;
    assert!(first.contains("<title>News – Sister Cities – City of Norman, Oklahoma</title>"));
    assert!(first.contains("href=\"/news/page/2\" rel=\"next\">Next"));
    let (_, second) = get(&app, "/news/page/2").await;
    assert!(second.contains("<title>News, page 2 of 4 – Sister Cities"));
    assert!(second.contains("page 2 of 4."));
    assert!(second.contains("<a class=\"sc-breadcrumbs__link\" href=\"/news\">News</a>"));
    assert!(second.contains("href=\"/news\" rel=\"prev\">Previous"));
    let (response, _) = get(&app, "/news/page/5").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    // Every item once, newest first: the made-up ones from December 2024 back, then the
    // bundled ones (2019 and earlier).
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
    assert!(item.contains("<h1 class=\"sc-heading-xl\">Test news 1</h1>"));

    // The feed: the 50 newest.
    let (_, feed) = get(&app, "/feed.xml").await;
    assert_eq!(feed.matches("<entry>").count(), 50);
    assert!(feed.contains(&format!("/news/news-{NEWS:03}</id>")));
    assert!(!feed.contains("/news/page</id>"));
}
