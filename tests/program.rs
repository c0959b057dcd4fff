//! The program site beyond the seed page, through the router: city facts (distance, local time
//! and time difference by real tz rules, partnership age and anniversaries), the map, events
//! moving from upcoming to past with an injected clock, news, "Get involved", open data, the
//! sitemap and robots.txt, link previews and structured data, and every page reachable from `/`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers may, as tests do

mod common;

use std::collections::{BTreeMap, BTreeSet};

use axum::http::{StatusCode, header};
use common::{app_at, bundled_app, copy_dir, crawl, get, heading_levels, root};
use sister_cities::http::App;

fn at(moment: &str) -> jiff::Timestamp {
    moment.parse().unwrap()
}

/// The bundled site as it is at a moment.
fn bundled_at(moment: &str) -> App {
    app_at(&root().join("content"), &root().join("static"), at(moment))
}

/// The valid fixture site (with its events and news) as it is at a moment.
fn fixture_at(moment: &str) -> App {
    let fixtures = root().join("tests/fixtures");
    app_at(
        &fixtures.join("valid"),
        &fixtures.join("static"),
        at(moment),
    )
}

/// The text of the row of a summary list whose key is `key`.
fn fact<'a>(page: &'a str, key: &str) -> &'a str {
    let start = page
        .find(&format!("<dt class=\"sc-summary-list__key\">{key}</dt>"))
        .unwrap_or_else(|| panic!("no fact {key:?}"));
    let rest = &page[start..];
    &rest[..rest.find("</dd>").unwrap()]
}

#[tokio::test]
async fn every_city_page_gives_its_distance_from_norman_in_km_and_miles() {
    let app = bundled_app();
    for (slug, km, miles) in [
        ("clermont-ferrand", "8,004", "4,974"),
        ("colima", "1,881", "1,169"),
        ("seika", "10,473", "6,507"),
        ("arezzo", "8,721", "5,419"),
    ] {
        let (_, page) = get(&app, &format!("/cities/{slug}")).await;
        let distance = fact(&page, "Distance from Norman");
        assert!(
            distance.contains(&format!("{km} km ({miles} miles)")),
            "{slug}: {distance}"
        );
    }
}

#[tokio::test]
async fn the_time_difference_with_colima_changes_when_norman_starts_daylight_saving() {
    // Norman moves its clocks forward at 2:00 on 8 March 2026 (08:00 UTC); Colima keeps
    // America/Mexico_City time, without daylight saving since 2022.
    let before = get(&bundled_at("2026-03-08T07:59:00Z"), "/cities/colima")
        .await
        .1;
    assert!(
        fact(&before, "Time difference").contains("The same time as Norman."),
        "{}",
        fact(&before, "Time difference")
    );
    assert!(fact(&before, "Local time").contains(
        "<time datetime=\"2026-03-08T01:59-06:00\">01:59 CST, Sunday 8 March 2026</time> \
         (as of <time datetime=\"2026-03-08T01:59-06:00\">01:59</time> in Norman)"
    ));
    let after = get(&bundled_at("2026-03-08T08:01:00Z"), "/cities/colima")
        .await
        .1;
    assert!(fact(&after, "Time difference").contains("1 hour behind Norman."));
    assert!(fact(&after, "Local time").contains(
        "<time datetime=\"2026-03-08T02:01-06:00\">02:01 CST, Sunday 8 March 2026</time> \
         (as of <time datetime=\"2026-03-08T03:01-05:00\">03:01</time> in Norman)"
    ));
    // Both sides say that the difference changes over the year.
    for page in [&before, &after] {
        assert!(fact(page, "Time difference").contains(
            "Over the year it is between 0 and 1 hour behind Norman, as daylight saving time \
             starts and ends."
        ));
    }
}

#[tokio::test]
async fn time_differences_follow_each_countrys_rules_in_winter_and_summer() {
    let winter = bundled_at("2026-01-15T18:00:00Z");
    let summer = bundled_at("2026-07-15T18:00:00Z");
    // Between the US and the EU changes (8 to 29 March 2026) Paris is an hour closer.
    let march = bundled_at("2026-03-15T18:00:00Z");
    for (slug, app, expected) in [
        ("colima", &winter, "The same time as Norman"),
        ("colima", &summer, "1 hour behind Norman"),
        ("seika", &winter, "15 hours ahead of Norman"),
        ("seika", &summer, "14 hours ahead of Norman"),
        ("clermont-ferrand", &winter, "7 hours ahead of Norman"),
        ("clermont-ferrand", &summer, "7 hours ahead of Norman"),
        ("clermont-ferrand", &march, "6 hours ahead of Norman"),
        ("arezzo", &summer, "7 hours ahead of Norman"),
    ] {
        let (_, page) = get(app, &format!("/cities/{slug}")).await;
        let difference = fact(&page, "Time difference");
        assert!(difference.contains(expected), "{slug}: {difference}");
    }
    let (_, seika) = get(&summer, "/cities/seika").await;
    assert!(
        fact(&seika, "Local time")
            .contains("<time datetime=\"2026-07-16T03:00+09:00\">03:00 JST, Thursday 16 July 2026"),
        "{}",
        fact(&seika, "Local time")
    );
}

#[tokio::test]
async fn each_partnership_shows_its_age_and_next_round_number_anniversary() {
    let app = bundled_at("2026-06-01T12:00:00Z");
    for (slug, age, next) in [
        (
            "colima",
            "29 years old in 2026",
            "30 years, <time datetime=\"2027\">in 2027</time> (the agreement's date is uncertain)",
        ),
        (
            "clermont-ferrand",
            "32 years old in 2026",
            "35 years, <time datetime=\"2029\">in 2029</time>",
        ),
        (
            "seika",
            "20 years old",
            "25 years, <time datetime=\"2030-09-01\">on 1 September 2030</time>",
        ),
        // The anniversary year has begun but is not over: it still counts as coming.
        (
            "arezzo",
            "15 years old in 2026",
            "15 years, <time datetime=\"2026\">in 2026</time>",
        ),
    ] {
        let (_, page) = get(&app, &format!("/cities/{slug}")).await;
        assert!(
            page.contains(&format!("The partnership is {age}.")),
            "{slug}: age"
        );
        assert!(
            page.contains(&format!("Its next round-number anniversary is {next}.")),
            "{slug}: next anniversary"
        );
    }
    // Seika's 20th anniversary was on 1 September 2025: the day after, the 25th is next.
    let (_, seika) = get(&bundled_at("2025-09-01T12:00:00Z"), "/cities/seika").await;
    assert!(seika.contains("The partnership is 20 years old."));
    assert!(seika.contains("next round-number anniversary is 20 years, <time datetime=\"2025-09-01\">on 1 September 2025</time>"));
    let (_, seika) = get(&bundled_at("2025-09-02T12:00:00Z"), "/cities/seika").await;
    assert!(seika.contains("next round-number anniversary is 25 years"));
}

/// The value of the attribute that `before` ends with (`... src="`), up to its closing quote.
fn attribute<'a>(html: &'a str, before: &str) -> &'a str {
    let start = html.find(before).unwrap_or_else(|| panic!("no {before:?}")) + before.len();
    &html[start..start + html[start..].find('"').unwrap()]
}

#[tokio::test]
async fn the_home_page_map_has_one_marker_and_arc_per_city_and_a_text_equivalent() {
    let app = bundled_app();
    let (_, home) = get(&app, "/").await;
    let start = home.find("<figure class=\"sc-map\">").unwrap();
    let map = &home[start..start + home[start..].find("</figure>").unwrap()];
    assert!(map.contains(
        "role=\"group\" aria-labelledby=\"sc-map-title\" aria-describedby=\"sc-map-desc\""
    ));
    assert!(map.contains(
        "<title id=\"sc-map-title\">Norman and its sister cities on a world map</title>"
    ));
    assert!(
        map.contains("<desc id=\"sc-map-desc\">A world map marking Norman and its 4 sister cities")
    );
    // The land is an image of its own (one per colour theme) under the inline SVG: cheap for
    // the browser to draw, and kept for a year at an address that changes with its content.
    let light = attribute(map, "<img class=\"sc-map__background\" src=\"");
    let dark = attribute(
        map,
        "<source media=\"(prefers-color-scheme: dark)\" srcset=\"",
    );
    assert!(map.contains("alt=\"\" width=\"1000\" height=\"487\">"));
    for (url, theme, land) in [(light, "light", "#c9d3de"), (dark, "dark", "#3d4551")] {
        assert!(
            url.starts_with(&format!("/static/map/world-{theme}.")) && url.ends_with(".svg"),
            "{url}"
        );
        let (response, svg) = get(&app, url).await;
        assert_eq!(response.status(), StatusCode::OK, "{url}");
        assert_eq!(response.headers()[header::CONTENT_TYPE], "image/svg+xml");
        assert_eq!(
            response.headers()[header::CACHE_CONTROL],
            "public, max-age=31536000, immutable"
        );
        assert!(svg.contains(&format!(
            "<path fill=\"{land}\" fill-rule=\"evenodd\" d=\"M"
        )));
        // Only the land: the four cities are markers over it, not dots in it.
        assert!(!svg.contains("stroke"), "{url}");
    }
    assert!(!map.contains("sc-map__land"), "no land path in the page");
    assert_eq!(map.matches("<a class=\"sc-map__link\"").count(), 4);
    assert_eq!(map.matches("<path class=\"sc-map__arc\"").count(), 4);
    assert_eq!(map.matches("sc-map__marker--home").count(), 1);
    for (slug, name) in [
        ("clermont-ferrand", "Clermont-Ferrand, France"),
        ("colima", "Colima, Mexico"),
        ("seika", "Seika, Japan"),
        ("arezzo", "Arezzo, Italy"),
    ] {
        assert!(
            map.contains(&format!(
                "<a class=\"sc-map__link\" href=\"/cities/{slug}\" aria-label=\"{name}\">"
            )),
            "{slug}"
        );
    }
    // The list after the map: the same links, with distances.
    assert!(home.contains(
        "<li><a href=\"/cities/seika\">Seika, Japan</a>: 10,473 km (6,507 miles) from Norman</li>"
    ));
    // The fixture site has two cities: the map is drawn from the content.
    let (_, fixture) = get(&fixture_at("2026-06-01T12:00:00Z"), "/").await;
    assert_eq!(fixture.matches("<a class=\"sc-map__link\"").count(), 2);
}

#[tokio::test]
async fn a_new_city_appears_on_the_map() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("content");
    copy_dir(&root().join("tests/fixtures/valid"), &site);
    let seika = std::fs::read_to_string(site.join("cities/seika.toml")).unwrap();
    let kyoto = seika
        .replacen("name = \"Seika\"", "name = \"Kyoto\"", 1)
        .replace("latitude = 34.76083", "latitude = 35.0116")
        .replace("longitude = 135.78583", "longitude = 135.7681");
    std::fs::write(site.join("cities/kyoto.toml"), kyoto).unwrap();
    let app = app_at(
        &site,
        &root().join("tests/fixtures/static"),
        at("2026-06-01T12:00:00Z"),
    );
    let (_, home) = get(&app, "/").await;
    assert_eq!(home.matches("<a class=\"sc-map__link\"").count(), 3);
    assert!(home.contains("href=\"/cities/kyoto\" aria-label=\"Kyoto, Japan\""));
}

/// The part of a page between two headings' ids.
fn section<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no section {id}"));
    let rest = &page[start..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}

#[tokio::test]
async fn events_move_from_upcoming_to_past_with_the_clock() {
    // 1 June 2026: the reception (10 June) and the Seika festival (5 September) are coming.
    let june = fixture_at("2026-06-01T12:00:00Z");
    let (response, events) = get(&june, "/events").await;
    assert_eq!(response.status(), StatusCode::OK);
    let upcoming = section(&events, "upcoming");
    assert!(upcoming.contains(
        "<a class=\"sc-item__link\" href=\"/events/reception\">Sister Cities reception</a>"
    ));
    assert!(upcoming.contains(
        "<time datetime=\"2026-06-10T18:00-05:00\">Wednesday 10 June 2026, 18:00 to 20:00 CDT</time>"
    ));
    assert!(upcoming.contains("/events/seika-festival"));
    assert!(
        upcoming.find("/events/reception").unwrap()
            < upcoming.find("/events/seika-festival").unwrap(),
        "soonest first"
    );
    let past = section(&events, "past");
    assert!(past.contains("<h3 class=\"sc-heading-m\">2025</h3>"));
    assert!(past.contains("<a href=\"/events/delegation-2025\">Delegation from Colima</a>, <time datetime=\"2025-10-01\">Wednesday 1 October 2025 to Friday 3 October 2025</time>"));
    assert!(!past.contains("/events/reception"));
    let (_, home) = get(&june, "/").await;
    assert!(section(&home, "events").contains("href=\"/events/reception\""));
    let (_, colima) = get(&june, "/cities/colima").await;
    assert!(section(&colima, "events").contains("href=\"/events/reception\""));
    let (_, reception) = get(&june, "/events/reception").await;
    assert!(!reception.contains("This event has taken place."));

    // 11 June 2026: the reception is over and listed under 2026.
    let later = fixture_at("2026-06-11T12:00:00Z");
    let (_, events) = get(&later, "/events").await;
    assert!(!section(&events, "upcoming").contains("/events/reception"));
    let past = section(&events, "past");
    assert!(past.contains("<h3 class=\"sc-heading-m\">2026</h3>"));
    assert!(past.find("2026</h3>").unwrap() < past.find("2025</h3>").unwrap());
    assert!(past.contains("/events/reception"));
    let (_, colima) = get(&later, "/cities/colima").await;
    assert!(!colima.contains("href=\"/events/reception\""));
    let (_, reception) = get(&later, "/events/reception").await;
    assert!(reception.contains("This event has taken place."));

    // 6 September 2026: nothing is coming.
    let (_, home) = get(&fixture_at("2026-09-06T12:00:00Z"), "/").await;
    assert!(section(&home, "events").contains("No events are scheduled at the moment."));
}

#[tokio::test]
async fn an_event_in_another_time_zone_also_gives_the_time_in_norman() {
    let (_, page) = get(
        &fixture_at("2026-06-01T12:00:00Z"),
        "/events/seika-festival",
    )
    .await;
    assert!(page.contains(
        "<time datetime=\"2026-09-05T10:00+09:00\">Saturday 5 September 2026, 10:00 to 16:00 JST</time> \
         (In Norman: Friday 4 September 2026, 20:00 CDT to Saturday 5 September 2026, 02:00 CDT)"
    ));
    assert!(page.contains("<a href=\"/cities/seika\">Seika, Japan</a>"));
    assert!(page.contains("<a href=\"/events/seika-festival.ics\">download Strawberry festival in Seika as an iCalendar file</a>"));
}

#[tokio::test]
async fn next_change_includes_event_starts_and_ends() {
    // Without cities there are no clocks on the pages, so only the events' times remain.
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("content");
    copy_dir(&root().join("tests/fixtures/valid"), &site);
    for folder in ["cities", "news"] {
        for entry in std::fs::read_dir(site.join(folder)).unwrap() {
            std::fs::remove_file(entry.unwrap().path()).unwrap();
        }
    }
    for entry in std::fs::read_dir(site.join("events")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let text: Vec<&str> = text.lines().filter(|l| !l.starts_with("cities")).collect();
        std::fs::write(&path, text.join("\n")).unwrap();
    }
    let content = common::load(&site, &root().join("tests/fixtures/static")).unwrap();
    let next = |moment: &str| sister_cities::render::next_change(&content, at(moment));
    assert_eq!(
        next("2026-06-01T12:00:00Z"),
        Some(at("2026-06-10T23:00:00Z"))
    );
    assert_eq!(
        next("2026-06-10T23:00:00Z"),
        Some(at("2026-06-11T01:00:00Z"))
    );
    assert_eq!(next("2026-09-05T07:00:00Z"), None);
    // With cities, the pages' clocks change every minute.
    let content = common::load(
        &root().join("tests/fixtures/valid"),
        &root().join("tests/fixtures/static"),
    )
    .unwrap();
    let next = sister_cities::render::next_change(&content, at("2026-06-01T12:00:30Z"));
    assert_eq!(next, Some(at("2026-06-01T12:01:00Z")));
}

#[tokio::test]
async fn the_bundled_events_page_says_none_are_scheduled_and_lists_anniversaries() {
    let (response, page) = get(&bundled_at("2026-06-01T12:00:00Z"), "/events").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(section(&page, "upcoming").contains("No events are scheduled at the moment."));
    let anniversaries = section(&page, "anniversaries");
    let colima = "<li><a href=\"/cities/colima\">Colima, Mexico</a>: 30 years of partnership, \
                  <time datetime=\"2027\">in 2027</time> (a sister city since \
                  <time datetime=\"1997\">1997</time>; the agreement's date is uncertain)</li>";
    assert!(anniversaries.contains(colima), "{anniversaries}");
    // Soonest first: Arezzo (15, 2026), Colima (30, 2027), Clermont-Ferrand (35, 2029), Seika.
    let order: Vec<usize> = ["arezzo", "colima", "clermont-ferrand", "seika"]
        .iter()
        .map(|slug| anniversaries.find(&format!("/cities/{slug}\"")).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
}

#[tokio::test]
async fn news_is_listed_newest_first_with_undocumented_days_said_plainly() {
    let app = bundled_app();
    let (response, news) = get(&app, "/news").await;
    assert_eq!(response.status(), StatusCode::OK);
    let order: Vec<usize> = [
        "/news/arezzo-sister-city-agreement",
        "/news/seika-sister-city-agreement",
    ]
    .iter()
    .map(|href| news.find(href).unwrap())
    .collect();
    // 2019 is the newest, then April 2011, then 1 September 2005.
    assert!(news.find("/news/clermont-ferrand-25-years").unwrap() < order[0]);
    assert!(order[0] < order[1]);
    assert!(news.contains(
        "<time datetime=\"2011-04\">April 2011</time> (the exact day is not documented)"
    ));
    assert!(
        news.contains("<time datetime=\"2019\">2019</time> (the exact date is not documented)")
    );
    assert!(news.contains("<time datetime=\"2005-09-01\">1 September 2005</time></p>"));

    let (response, seika) = get(&app, "/news/seika-sister-city-agreement").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(seika.contains(
        "<h1 class=\"sc-heading-xl\">Norman and Seika sign a sister-city agreement</h1>"
    ));
    assert!(seika.contains("Mayor Harold Haralson of Norman and Mayor Kaname Kimura of Seika"));
    assert!(seika.contains("Source: Seika Town official website"));
    assert!(seika.contains("More about <a href=\"/cities/seika\">Seika, Japan</a>."));
    assert!(seika.contains("<meta property=\"og:type\" content=\"article\">"));
    // The city page links back to its news.
    let (_, city) = get(&app, "/cities/seika").await;
    assert!(section(&city, "news").contains("href=\"/news/seika-sister-city-agreement\""));
}

#[tokio::test]
async fn get_involved_comes_from_content_with_the_citys_contact_details() {
    let (response, page) = get(&bundled_app(), "/get-involved").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(page.contains("<h1 class=\"sc-heading-xl\">Get involved</h1>"));
    for (id, heading) in [
        ("passports", "PASSPORTS"),
        ("public-meetings", "Public meetings"),
        ("volunteering", "Volunteering"),
        ("host-families", "Host families"),
        (
            "students-and-youth-exchanges",
            "Students and youth exchanges",
        ),
        ("contact-the-city", "Contact the City"),
    ] {
        assert!(
            page.contains(&format!(
                "<h2 class=\"sc-heading-l\" id=\"{id}\">{heading}</h2>"
            )),
            "{heading}"
        );
    }
    assert!(section(&page, "public-meetings").contains("Norman Public Library Central"));
    let contact = section(&page, "contact-the-city");
    assert!(contact.contains("201 West Gray Street"));
    assert!(contact.contains("special assistant to the mayor for international relations"));
    assert!(page.contains(
        "<a class=\"sc-nav__link\" href=\"/get-involved\" aria-current=\"page\">Get involved</a>"
    ));
}

#[tokio::test]
async fn the_partnerships_are_open_data_in_json_and_csv() {
    let app = bundled_app();
    let (response, json) = get(&app, "/cities.json").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
    let data: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(data["home"]["name"], "Norman");
    let cities = data["cities"].as_array().unwrap();
    assert_eq!(cities.len(), 4);
    let seika = cities.iter().find(|c| c["slug"] == "seika").unwrap();
    assert_eq!(seika["native_name"], "精華町");
    assert_eq!(seika["distance_km"], 10473);
    assert_eq!(seika["distance_miles"], 6507);
    assert_eq!(seika["sister_city_since"], "2005-09-01");
    assert_eq!(
        seika["page"],
        "https://sistercities.normanok.gov/cities/seika"
    );
    assert_eq!(seika["milestones"].as_array().unwrap().len(), 3);

    let (response, csv) = get(&app, "/cities.csv").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/csv; charset=utf-8"
    );
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let rows: Vec<BTreeMap<String, String>> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .map(str::to_owned)
                .zip(r.iter().map(str::to_owned))
                .collect()
        })
        .collect();
    assert_eq!(rows.len(), 4);
    let colima = rows.iter().find(|r| r["slug"] == "colima").unwrap();
    assert_eq!(colima["distance_km"], "1881");
    assert_eq!(colima["distance_miles"], "1169");
    assert_eq!(colima["sister_city_since"], "1997");
    assert_eq!(colima["sister_city_since_uncertain"], "true");
    assert_eq!(colima["first_contact"], "1995");
}

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
    assert!(home.contains("<link rel=\"manifest\" href=\"/site.webmanifest\">"));
}

/// The JSON-LD of a page, parsed.
fn json_ld(page: &str) -> serde_json::Value {
    let open = "<script type=\"application/ld+json\">";
    let start = page.find(open).expect("JSON-LD") + open.len();
    let json = &page[start..start + page[start..].find("</script>").unwrap()];
    assert!(!json.contains('<'), "{json}");
    serde_json::from_str(json).unwrap()
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
        let (response, sitemap) = get(&app, "/sitemap.xml").await;
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "application/xml; charset=utf-8"
        );
        assert!(sitemap.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"));
        let (listed, crawled) = common::sitemap_and_crawl(&sitemap, &pages);
        assert_eq!(
            listed, crawled,
            "the sitemap lists exactly the pages reachable from /"
        );
        assert_eq!(
            sitemap.matches("<lastmod>").count(),
            listed.len(),
            "every page has a lastmod"
        );
        for lastmod in sitemap.split("<lastmod>").skip(1) {
            let day = &lastmod[..lastmod.find("</lastmod>").unwrap()];
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
            let levels = heading_levels(page);
            // The footer's h2 headings come after the main content.
            assert_eq!(
                levels.iter().filter(|l| **l == 1).count(),
                1,
                "{path}: one h1"
            );
            let mut previous = 1;
            for level in levels.iter().skip_while(|l| **l != 1) {
                assert!(*level <= previous + 1, "{path}: h{previous} then h{level}");
                previous = *level;
            }
            let title = &page[page.find("<title>").unwrap() + 7..page.find("</title>").unwrap()];
            assert!(
                titles.insert(title.to_owned()),
                "{path}: title {title:?} is used twice"
            );
            let canonical = format!(
                "<link rel=\"canonical\" href=\"https://sistercities.normanok.gov{path}\">"
            );
            assert!(page.contains(&canonical), "{path}: canonical");
            for meta in [
                "<meta property=\"og:title\" content=\"",
                "<meta property=\"og:description\" content=\"",
                &format!(
                    "<meta property=\"og:url\" content=\"https://sistercities.normanok.gov{path}\">"
                ),
                "<meta name=\"twitter:card\" content=\"summary\">",
                "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/feed.xml\"",
                "<link rel=\"alternate\" type=\"text/calendar\" href=\"/events.ics\"",
            ] {
                assert!(page.contains(meta), "{path}: {meta}");
            }
        }
    }
}

#[tokio::test]
async fn the_navigation_leads_to_events_news_and_get_involved() {
    let (_, home) = get(&bundled_app(), "/").await;
    for (href, label) in [
        ("/events", "Events"),
        ("/news", "News"),
        ("/get-involved", "Get involved"),
    ] {
        assert!(
            home.contains(&format!(
                "<a class=\"sc-nav__link\" href=\"{href}\">{label}</a>"
            )),
            "{label}"
        );
    }
}
