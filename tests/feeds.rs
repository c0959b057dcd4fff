//! The feeds, read back by real parsers: iCalendar (RFC 5545) by the `ical` crate and by
//! `icalendar`'s own parser, Atom 1.0 by `feed-rs` and by `atom_syndication`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers may, as tests do

mod common;

use std::str::FromStr;

use icalendar::Component;

use axum::http::{StatusCode, header};
use common::{app_at, bundled_app, get, root};
use sister_cities::http::App;

fn fixture() -> App {
    let fixtures = root().join("tests/fixtures");
    app_at(
        &fixtures.join("valid"),
        &fixtures.join("static"),
        "2026-06-01T12:00:00Z".parse().unwrap(),
    )
}

/// The calendars in an iCalendar text, parsed by the `ical` crate.
fn parse_ical(text: &str) -> Vec<ical::parser::ical::component::IcalCalendar> {
    ical::IcalParser::new(text.as_bytes())
        .map(|calendar| calendar.unwrap_or_else(|e| panic!("{e}:\n{text}")))
        .collect()
}

/// One property's value, by name.
fn property<'a>(properties: &'a [ical::property::Property], name: &str) -> Option<&'a str> {
    properties
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.value.as_deref())
}

#[tokio::test]
async fn the_events_calendar_is_rfc_5545_that_real_parsers_read() {
    let (response, text) = get(&fixture(), "/events.ics").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/calendar; charset=utf-8"
    );
    // Lines end in CRLF, as RFC 5545 requires.
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
    assert!(!text.replace("\r\n", "").contains('\n'));

    let calendars = parse_ical(&text);
    assert_eq!(calendars.len(), 1);
    let calendar = &calendars[0];
    assert_eq!(property(&calendar.properties, "VERSION"), Some("2.0"));
    assert_eq!(
        property(&calendar.properties, "PRODID"),
        Some("-//sister-cities//Sister Cities website//EN")
    );
    // The name's comma is escaped, as text values need (RFC 5545 3.3.11).
    assert!(
        text.contains("\r\nNAME;VALUE=TEXT:Sister Cities events – City of Norman\\, Oklahoma\r\n")
    );
    assert_eq!(
        property(&calendar.properties, "X-PUBLISHED-TTL"),
        Some("PT12H")
    );
    // Three events, and Seika's 25th anniversary: the one agreement dated to the day.
    assert_eq!(calendar.events.len(), 4);
    let events = calendar.events.iter().filter(|e| {
        !property(&e.properties, "UID")
            .unwrap()
            .contains(".anniversary-")
    });
    for event in events {
        for required in [
            "UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "URL",
        ] {
            assert!(
                property(&event.properties, required).is_some(),
                "{required} missing"
            );
        }
    }
    let by_uid = |uid: &str| {
        calendar
            .events
            .iter()
            .find(|e| property(&e.properties, "UID") == Some(uid))
            .unwrap_or_else(|| panic!("no event {uid}"))
    };
    // 18:00 to 20:00 in Norman (CDT, UTC-5), in UTC.
    let reception = by_uid("reception@sistercities.normanok.gov");
    assert_eq!(
        property(&reception.properties, "DTSTART"),
        Some("20260610T230000Z")
    );
    assert_eq!(
        property(&reception.properties, "DTEND"),
        Some("20260611T010000Z")
    );
    assert_eq!(
        property(&reception.properties, "SUMMARY"),
        Some("Sister Cities reception")
    );
    assert_eq!(
        property(&reception.properties, "URL"),
        Some("https://sistercities.normanok.gov/events/reception")
    );
    // 10:00 in Seika (JST, UTC+9).
    let festival = by_uid("seika-festival@sistercities.normanok.gov");
    assert_eq!(
        property(&festival.properties, "DTSTART"),
        Some("20260905T010000Z")
    );
    // A whole-day event: dates, with an exclusive end the day after its last day.
    let delegation = by_uid("delegation-2025@sistercities.normanok.gov");
    let start = delegation
        .properties
        .iter()
        .find(|p| p.name == "DTSTART")
        .unwrap();
    assert_eq!(start.value.as_deref(), Some("20251001"));
    let params = start.params.clone().unwrap_or_default();
    assert!(
        params.iter().any(|(k, v)| k == "VALUE" && v == &["DATE"]),
        "{params:?}"
    );
    assert_eq!(property(&delegation.properties, "DTEND"), Some("20251004"));

    // An anniversary is a whole day, free time, with the city's page.
    let anniversary = by_uid("seika.anniversary-25@sistercities.normanok.gov");
    let start = anniversary
        .properties
        .iter()
        .find(|p| p.name == "DTSTART")
        .unwrap();
    assert_eq!(start.value.as_deref(), Some("20300901"));
    let params = start.params.clone().unwrap_or_default();
    assert!(params.iter().any(|(k, v)| k == "VALUE" && v == &["DATE"]));
    for (name, value) in [
        ("DTEND", "20300902"),
        ("SUMMARY", "25 years of partnership with Seika"),
        ("URL", "https://sistercities.normanok.gov/cities/seika"),
        ("STATUS", "CONFIRMED"),
        ("TRANSP", "TRANSPARENT"),
    ] {
        assert_eq!(
            property(&anniversary.properties, name),
            Some(value),
            "{name}"
        );
    }

    // icalendar's own parser reads it too.
    let parsed = icalendar::Calendar::from_str(&text).unwrap();
    assert_eq!(parsed.components.len(), 4);
    let seika = parsed
        .events()
        .find(|e| e.get_uid() == Some("seika.anniversary-25@sistercities.normanok.gov"))
        .unwrap();
    assert_eq!(
        seika.get_start(),
        Some(icalendar::DatePerhapsTime::Date(
            chrono::NaiveDate::from_ymd_opt(2030, 9, 1).unwrap()
        ))
    );
}

/// The anniversaries in the calendar are the coming ones: on the day itself it is there, the
/// day after the next one (five years on) takes its place.
#[tokio::test]
async fn an_anniversary_leaves_the_calendar_once_its_day_is_over() {
    let fixtures = root().join("tests/fixtures");
    for (now, years) in [
        // 07:00 on 1 September 2030 in Norman, then 07:00 the day after.
        ("2030-09-01T12:00:00Z", 25),
        ("2030-09-02T12:00:00Z", 30),
    ] {
        let app = app_at(
            &fixtures.join("valid"),
            &fixtures.join("static"),
            now.parse().unwrap(),
        );
        let (_, text) = get(&app, "/events.ics").await;
        let uid = format!("UID:seika.anniversary-{years}@");
        assert_eq!(text.matches(".anniversary-").count(), 1, "{now}:\n{text}");
        assert!(text.contains(&uid), "{now}:\n{text}");
    }
}

/// The fixture, copied, with `edit` applied to Seika's file and without events.
fn fixture_with_seika(edit: impl Fn(&str) -> String) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = root().join("tests/fixtures");
    common::copy_dir(&fixtures.join("valid"), dir.path());
    std::fs::remove_dir_all(dir.path().join("events")).unwrap();
    let seika = dir.path().join("cities/seika.toml");
    let text = std::fs::read_to_string(&seika).unwrap();
    std::fs::write(&seika, edit(&text)).unwrap();
    let app = app_at(
        dir.path(),
        &fixtures.join("static"),
        "2026-06-01T12:00:00Z".parse().unwrap(),
    );
    (dir, app)
}

/// An agreement dated only to the month (or year) has no day for a calendar, and none is
/// made up. With no event either, the calendar still holds a component, as RFC 5545 3.6
/// requires: a VFREEBUSY without busy time, that is, nothing scheduled.
#[tokio::test]
async fn a_calendar_with_nothing_on_a_known_day_holds_an_empty_free_busy() {
    let (_dir, app) = fixture_with_seika(|text| text.replace("\"2005-09-01\"", "\"2005-09\""));
    let (_, events_page) = get(&app, "/events").await;
    assert!(
        events_page.contains("25th anniversary"),
        "the Events page still lists it"
    );
    let (response, text) = get(&app, "/events.ics").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        text.ends_with("END:VFREEBUSY\r\nEND:VCALENDAR\r\n"),
        "{text}"
    );
    assert!(!text.replace("\r\n", "").contains('\n'));

    let calendars = parse_ical(&text);
    let calendar = &calendars[0];
    assert!(calendar.events.is_empty());
    assert_eq!(calendar.free_busys.len(), 1);
    let free_busy = &calendar.free_busys[0].properties;
    assert_eq!(
        property(free_busy, "UID"),
        Some("events.free-busy@sistercities.normanok.gov")
    );
    assert!(property(free_busy, "DTSTAMP").is_some_and(|s| s.ends_with('Z')));
    assert!(property(free_busy, "FREEBUSY").is_none(), "no busy time");

    let parsed = icalendar::Calendar::from_str(&text).unwrap();
    assert_eq!(parsed.components.len(), 1);
    assert_eq!(parsed.events().count(), 0);
}

/// An agreement's date with a single source is in the calendar as a tentative event
/// (RFC 5545 3.8.1.11), as the Events page says its date is uncertain.
#[tokio::test]
async fn an_uncertain_agreement_day_is_a_tentative_event() {
    let (_dir, app) = fixture_with_seika(|text| {
        text.replace(
            "date = \"2005-09-01\"\n",
            "date = \"2005-09-01\"\nuncertain = true\n",
        )
    });
    let (_, text) = get(&app, "/events.ics").await;
    let calendars = parse_ical(&text);
    let events = &calendars[0].events;
    assert_eq!(events.len(), 1, "{text}");
    assert_eq!(property(&events[0].properties, "STATUS"), Some("TENTATIVE"));
    assert!(calendars[0].free_busys.is_empty());
    assert_eq!(
        icalendar::Calendar::from_str(&text)
            .unwrap()
            .components
            .len(),
        1
    );
}

#[tokio::test]
async fn each_event_has_its_own_calendar_file() {
    let app = fixture();
    for slug in ["reception", "seika-festival", "delegation-2025"] {
        let (response, text) = get(&app, &format!("/events/{slug}.ics")).await;
        assert_eq!(response.status(), StatusCode::OK, "{slug}");
        let calendars = parse_ical(&text);
        assert_eq!(calendars[0].events.len(), 1, "{slug}");
        let uid = property(&calendars[0].events[0].properties, "UID");
        assert_eq!(
            uid,
            Some(format!("{slug}@sistercities.normanok.gov").as_str())
        );
    }
}

/// The bundled content has no events yet: its calendar holds the one coming anniversary on a
/// known day (Seika's; the other agreements are dated to the year only), for calendar apps to
/// follow, and fetch again twice a day, until there are events.
#[tokio::test]
async fn the_bundled_calendar_holds_the_anniversaries_known_to_the_day() {
    let (response, text) = get(&bundled_app(), "/events.ics").await;
    assert_eq!(response.status(), StatusCode::OK);
    let calendars = parse_ical(&text);
    assert_eq!(calendars.len(), 1);
    let uids: Vec<_> = calendars[0]
        .events
        .iter()
        .map(|e| property(&e.properties, "UID"))
        .collect();
    assert_eq!(
        uids,
        [Some("seika.anniversary-25@sistercities.normanok.gov")]
    );
    assert_eq!(
        property(&calendars[0].properties, "REFRESH-INTERVAL"),
        Some("PT12H")
    );
    assert!(calendars[0].free_busys.is_empty());
    let parsed = icalendar::Calendar::from_str(&text).unwrap();
    assert_eq!(parsed.components.len(), 1);
}

#[tokio::test]
async fn the_news_feed_is_atom_that_real_parsers_read() {
    let (response, text) = get(&bundled_app(), "/feed.xml").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "application/atom+xml; charset=utf-8"
    );
    let feed = feed_rs::parser::parse(text.as_bytes()).unwrap();
    assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom);
    assert_eq!(
        feed.title.unwrap().content,
        "Sister Cities news – City of Norman, Oklahoma"
    );
    assert_eq!(feed.entries.len(), 4);
    let titles: Vec<String> = feed
        .entries
        .iter()
        .map(|e| e.title.clone().unwrap().content)
        .collect();
    assert_eq!(
        titles,
        [
            "Mayor Clark reports on the visit to Clermont-Ferrand",
            "Norman celebrates 25 years with Clermont-Ferrand",
            "Norman and Arezzo sign a sister-city agreement",
            "Norman and Seika sign a sister-city agreement",
        ]
    );
    let seika = &feed.entries[3];
    assert_eq!(
        seika.id,
        "https://sistercities.normanok.gov/news/seika-sister-city-agreement"
    );
    assert_eq!(
        seika.links[0].href,
        "https://sistercities.normanok.gov/news/seika-sister-city-agreement"
    );
    // Midnight on September 1, 2005 in Norman (CDT).
    let updated = seika.updated.unwrap();
    assert_eq!(updated.to_rfc3339(), "2005-09-01T05:00:00+00:00");
    assert!(
        seika
            .summary
            .as_ref()
            .unwrap()
            .content
            .contains("Kaname Kimura")
    );
    assert!(
        seika
            .content
            .as_ref()
            .unwrap()
            .body
            .as_ref()
            .unwrap()
            .contains("<p>On September 1, 2005")
    );

    // atom_syndication reads it back the same.
    let feed = atom_syndication::Feed::read_from(text.as_bytes()).unwrap();
    assert_eq!(feed.entries().len(), 4);
    assert_eq!(feed.updated().to_rfc3339(), "2020-02-24T00:00:00-06:00");
    assert!(
        feed.links()
            .iter()
            .any(|l| l.rel() == "self" && l.href() == "https://sistercities.normanok.gov/feed.xml")
    );
}

/// Excel on Windows reads a CSV file as UTF-8 only with a byte order mark, and RFC 4180 ends
/// its lines in CRLF: the partnerships open there with 精華町 intact, and CSV readers still
/// find the same columns.
#[tokio::test]
async fn the_cities_csv_has_a_bom_and_crlf_lines_for_spreadsheets() {
    let (response, text) = get(&bundled_app(), "/cities.csv").await;
    assert_eq!(response.status(), StatusCode::OK);
    let rows = text
        .strip_prefix('\u{feff}')
        .unwrap_or_else(|| panic!("no byte order mark: {text:.40}"));
    assert!(rows.starts_with("slug,name,native_name,"), "{rows:.40}");
    assert!(rows.ends_with("\r\n"));
    assert!(!rows.replace("\r\n", "").contains('\n'), "a bare LF");
    assert_eq!(
        rows.matches("\r\n").count(),
        5,
        "a header and 4 partnerships"
    );

    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(reader.headers().unwrap().get(0), Some("slug"));
    let seika = reader
        .records()
        .map(Result::unwrap)
        .find(|r| r.get(0) == Some("seika"))
        .unwrap();
    assert_eq!(seika.get(2), Some("精華町"));
}
