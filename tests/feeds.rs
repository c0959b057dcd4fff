//! The feeds, read back by real parsers: iCalendar (RFC 5545) by the `ical` crate and by
//! `icalendar`'s own parser, Atom 1.0 by `feed-rs` and by `atom_syndication`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers may, as tests do

mod common;

use std::str::FromStr;

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
    assert_eq!(calendar.events.len(), 3);
    for event in &calendar.events {
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

    // icalendar's own parser reads it too.
    let parsed = icalendar::Calendar::from_str(&text).unwrap();
    assert_eq!(parsed.components.len(), 3);
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

#[tokio::test]
async fn the_bundled_calendar_without_events_still_parses() {
    // The bundled content has no events yet: the calendar is there, empty, for calendar apps
    // to follow (and fetch again twice a day) until there are.
    let (response, text) = get(&bundled_app(), "/events.ics").await;
    assert_eq!(response.status(), StatusCode::OK);
    let calendars = parse_ical(&text);
    assert_eq!(calendars.len(), 1);
    assert!(calendars[0].events.is_empty());
    assert_eq!(
        property(&calendars[0].properties, "REFRESH-INTERVAL"),
        Some("PT12H")
    );
    assert!(icalendar::Calendar::from_str(&text).is_ok());
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
    assert_eq!(feed.entries.len(), 3);
    let titles: Vec<String> = feed
        .entries
        .iter()
        .map(|e| e.title.clone().unwrap().content)
        .collect();
    assert_eq!(
        titles,
        [
            "25 years of partnership with Clermont-Ferrand",
            "Norman and Arezzo sign a sister-city agreement",
            "Norman and Seika sign a sister-city agreement",
        ]
    );
    let seika = &feed.entries[2];
    assert_eq!(
        seika.id,
        "https://sistercities.normanok.gov/news/seika-sister-city-agreement"
    );
    assert_eq!(
        seika.links[0].href,
        "https://sistercities.normanok.gov/news/seika-sister-city-agreement"
    );
    // Midnight on 1 September 2005 in Norman (CDT).
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
            .contains("<p>On 1 September 2005")
    );

    // atom_syndication reads it back the same.
    let feed = atom_syndication::Feed::read_from(text.as_bytes()).unwrap();
    assert_eq!(feed.entries().len(), 3);
    assert_eq!(feed.updated().to_rfc3339(), "2019-01-01T00:00:00-06:00");
    assert!(
        feed.links()
            .iter()
            .any(|l| l.rel() == "self" && l.href() == "https://sistercities.normanok.gov/feed.xml")
    );
}
