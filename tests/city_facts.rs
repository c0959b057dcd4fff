//! A sister city's facts, as of the moment its page is rendered: its distance from Norman, its
//! local time and the time difference by each country's real rules, and the partnership's age
//! and next round-number anniversary.

mod common;

use common::{Query, bundled_app, bundled_at, get, html};

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
        assert_eq!(
            html(&page).fact("Distance from Norman").text(),
            format!("{km} km ({miles} miles), by the shortest route over the globe"),
            "{slug}"
        );
    }
}

#[tokio::test]
async fn the_time_difference_with_colima_changes_when_norman_starts_daylight_saving() {
    // Norman moves its clocks forward at 2:00 on 8 March 2026 (08:00 UTC); Colima keeps
    // America/Mexico_City time, without daylight saving since 2022.
    let over_the_year = "Over the year it is between 0 and 1 hour behind Norman, as daylight \
                         saving time starts and ends.";
    let (_, before) = get(&bundled_at("2026-03-08T07:59:00Z"), "/cities/colima").await;
    let before = html(&before);
    assert_eq!(
        before.fact("Time difference").text(),
        format!("The same time as Norman. {over_the_year}")
    );
    let local = before.fact("Local time");
    assert_eq!(
        local.text(),
        "01:59 CST, Sunday 8 March 2026 (as of 01:59 in Norman)"
    );
    assert_eq!(
        local.attrs("time", "datetime"),
        ["2026-03-08T01:59-06:00", "2026-03-08T01:59-06:00"]
    );

    let (_, after) = get(&bundled_at("2026-03-08T08:01:00Z"), "/cities/colima").await;
    let after = html(&after);
    assert_eq!(
        after.fact("Time difference").text(),
        format!("1 hour behind Norman. {over_the_year}")
    );
    let local = after.fact("Local time");
    assert_eq!(
        local.text(),
        "02:01 CST, Sunday 8 March 2026 (as of 03:01 in Norman)"
    );
    assert_eq!(
        local.attrs("time", "datetime"),
        ["2026-03-08T02:01-06:00", "2026-03-08T03:01-05:00"]
    );
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
        let difference = html(&page).fact("Time difference").text();
        assert!(
            difference.starts_with(&format!("{expected}.")),
            "{slug}: {difference}"
        );
    }
    let (_, seika) = get(&summer, "/cities/seika").await;
    let seika = html(&seika);
    let local = seika.fact("Local time");
    assert!(
        local
            .text()
            .starts_with("03:00 JST, Thursday 16 July 2026 "),
        "{}",
        local.text()
    );
    assert_eq!(local.attr("time", "datetime"), "2026-07-16T03:00+09:00");
}

#[tokio::test]
async fn each_partnership_shows_its_age_and_next_round_number_anniversary() {
    let app = bundled_at("2026-06-01T12:00:00Z");
    for (slug, age, next, datetime) in [
        (
            "colima",
            "29 years old in 2026",
            "30 years, in 2027 (the agreement's date is uncertain)",
            "2027",
        ),
        (
            "clermont-ferrand",
            "32 years old in 2026",
            "35 years, in 2029",
            "2029",
        ),
        (
            "seika",
            "20 years old",
            "25 years, on 1 September 2030",
            "2030-09-01",
        ),
        // The anniversary year has begun but is not over: it still counts as coming.
        (
            "arezzo",
            "15 years old in 2026",
            "15 years, in 2026",
            "2026",
        ),
    ] {
        let (_, page) = get(&app, &format!("/cities/{slug}")).await;
        let page = html(&page);
        let summary = page.one(".sc-timeline__summary");
        assert_eq!(
            summary.text(),
            format!("The partnership is {age}. Its next round-number anniversary is {next}."),
            "{slug}"
        );
        assert_eq!(summary.attr("time", "datetime"), datetime, "{slug}");
    }
    // Seika's 20th anniversary was on 1 September 2025: the day after, the 25th is next.
    let (_, seika) = get(&bundled_at("2025-09-01T12:00:00Z"), "/cities/seika").await;
    assert_eq!(
        html(&seika).text_of(".sc-timeline__summary"),
        "The partnership is 20 years old. Its next round-number anniversary is 20 years, on 1 \
         September 2025."
    );
    let (_, seika) = get(&bundled_at("2025-09-02T12:00:00Z"), "/cities/seika").await;
    assert!(
        html(&seika)
            .text_of(".sc-timeline__summary")
            .ends_with("Its next round-number anniversary is 25 years, on 1 September 2030.")
    );
}
