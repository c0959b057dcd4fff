//! Events: listed as upcoming, then past, as the clock moves (an injected clock); times in
//! the event's own time zone and in Norman's; the moments at which the site must change by
//! itself; and the coming anniversaries of the partnerships on `/events`.

mod common;

use axum::http::StatusCode;
use common::{Query, at, bundled_at, copy_dir, fixture_at, get, html, root};

#[tokio::test]
async fn events_move_from_upcoming_to_past_with_the_clock() {
    // 1 June 2026: the reception (10 June) and the Seika festival (5 September) are coming.
    let june = fixture_at("2026-06-01T12:00:00Z");
    let (response, events) = get(&june, "/events").await;
    assert_eq!(response.status(), StatusCode::OK);
    let events = html(&events);
    let upcoming = events.section("upcoming");
    assert_eq!(
        upcoming.links(),
        ["/events/reception", "/events/seika-festival"],
        "soonest first"
    );
    let reception = upcoming.one(".sc-item");
    assert_eq!(reception.text_of("a"), "Sister Cities reception");
    assert_eq!(
        reception.text_of("time"),
        "Wednesday, June 10, 2026, 6 p.m. to 8 p.m. CDT"
    );
    assert_eq!(reception.attr("time", "datetime"), "2026-06-10T18:00-05:00");
    let past = events.section("past");
    assert_eq!(past.texts("h3"), ["2025"]);
    assert_eq!(past.links(), ["/events/delegation-2025"]);
    let delegation = past.one("li");
    assert_eq!(delegation.text_of("a"), "Delegation from Colima");
    assert_eq!(
        delegation.text_of("time"),
        "Wednesday, October 1, 2025 to Friday, October 3, 2025"
    );
    assert_eq!(delegation.attr("time", "datetime"), "2025-10-01");
    let (_, home) = get(&june, "/").await;
    assert!(
        html(&home)
            .section("events")
            .links()
            .contains(&"/events/reception".to_owned())
    );
    let (_, colima) = get(&june, "/cities/colima").await;
    assert_eq!(
        html(&colima).one("#events + ul").links(),
        ["/events/reception"]
    );
    let (_, reception) = get(&june, "/events/reception").await;
    assert!(
        !html(&reception)
            .text_of("main")
            .contains("This event has taken place.")
    );

    // 11 June 2026: the reception is over and listed under 2026.
    let later = fixture_at("2026-06-11T12:00:00Z");
    let (_, events) = get(&later, "/events").await;
    let events = html(&events);
    assert_eq!(
        events.section("upcoming").links(),
        ["/events/seika-festival"]
    );
    let past = events.section("past");
    assert_eq!(past.texts("h3"), ["2026", "2025"], "newest year first");
    assert_eq!(
        past.links(),
        ["/events/reception", "/events/delegation-2025"]
    );
    let (_, colima) = get(&later, "/cities/colima").await;
    assert!(
        !html(&colima)
            .links()
            .contains(&"/events/reception".to_owned())
    );
    let (_, reception) = get(&later, "/events/reception").await;
    assert!(
        html(&reception)
            .text_of("main")
            .contains("This event has taken place.")
    );

    // 6 September 2026: nothing is coming.
    let (_, home) = get(&fixture_at("2026-09-06T12:00:00Z"), "/").await;
    let upcoming = html(&home).section("events").text();
    assert!(
        upcoming.contains("No events are scheduled at the moment."),
        "{upcoming}"
    );
}

#[tokio::test]
async fn an_event_in_another_time_zone_also_gives_the_time_in_norman() {
    let (_, page) = get(
        &fixture_at("2026-06-01T12:00:00Z"),
        "/events/seika-festival",
    )
    .await;
    let page = html(&page);
    let when = page.fact("When");
    assert_eq!(
        when.text(),
        "Saturday, September 5, 2026, 10 a.m. to 4 p.m. JST (In Norman: Friday, September 4, \
         2026, 8 p.m. CDT to Saturday, September 5, 2026, 2 a.m. CDT)"
    );
    assert_eq!(when.attr("time", "datetime"), "2026-09-05T10:00+09:00");
    let cities = page.fact("Sister city");
    assert_eq!(
        (cities.text(), cities.links()),
        ("Seika, Japan".to_owned(), vec!["/cities/seika".to_owned()])
    );
    assert_eq!(
        page.text_of("a[href=\"/events/seika-festival.ics\"]"),
        "download Strawberry festival in Seika as an iCalendar file"
    );
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
    let page = html(&page);
    let upcoming = page.section("upcoming").text();
    assert!(
        upcoming.contains("No events are scheduled at the moment."),
        "{upcoming}"
    );
    let anniversaries = page.section("anniversaries");
    // Soonest first: Arezzo (15th, 2026), Colima (30th, 2027), Clermont-Ferrand (35th, 2029),
    // Seika (25th, 2030).
    assert_eq!(
        anniversaries.links(),
        [
            "/cities/arezzo",
            "/cities/colima",
            "/cities/clermont-ferrand",
            "/cities/seika"
        ]
    );
    assert_eq!(
        anniversaries.texts("li"),
        [
            "Arezzo, Italy: 15th anniversary, in 2026 (a sister city since 2011)",
            "Colima, Mexico: 30th anniversary, in 2027 (a sister city since 1997)",
            "Clermont-Ferrand, France: 35th anniversary, in 2029 (a sister city since 1994)",
            "Seika, Japan: 25th anniversary, on September 1, 2030 (a sister city since \
             September 1, 2005)",
        ]
    );
    let colima = anniversaries.all("li")[1];
    assert_eq!(colima.attrs("time", "datetime"), ["2027", "1997"]);
    // Once 2026 is over, Arezzo's next is its 20th, in 2031, listed last.
    let (_, page) = get(&bundled_at("2027-01-01T12:00:00Z"), "/events").await;
    let last = html(&page).section("anniversaries").texts("li").pop();
    assert_eq!(
        last.as_deref(),
        Some("Arezzo, Italy: 20th anniversary, in 2031 (a sister city since 2011)")
    );
}
