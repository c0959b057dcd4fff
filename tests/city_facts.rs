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
    // Norman moves its clocks forward at 2 a.m. on March 8, 2026 (08:00 UTC); Colima keeps
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
        "1:59 a.m. CST, Sunday, March 8, 2026 (1:59 a.m. in Norman)"
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
        "2:01 a.m. CST, Sunday, March 8, 2026 (3:01 a.m. in Norman)"
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
    // Between the US and the EU changes (March 8 to 29, 2026) Paris is an hour closer.
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
            .starts_with("3 a.m. JST, Thursday, July 16, 2026 "),
        "{}",
        local.text()
    );
    assert_eq!(local.attr("time", "datetime"), "2026-07-16T03:00+09:00");
}

#[tokio::test]
async fn time_zones_are_named_in_words_and_local_names_given_only_where_they_differ() {
    let app = bundled_app();
    for (slug, zone, native) in [
        ("clermont-ferrand", "Central European Time", None),
        ("colima", "Central Time (Mexico City)", None),
        ("seika", "Japan Standard Time", Some("精華町")),
        ("arezzo", "Central European Time", None),
    ] {
        let (_, page) = get(&app, &format!("/cities/{slug}")).await;
        let page = html(&page);
        assert_eq!(page.fact("Time zone").text(), zone, "{slug}");
        let keys = page.texts(".sc-summary-list__key");
        let local_name = keys.iter().any(|k| k == "Name in the local language");
        assert_eq!(local_name, native.is_some(), "{slug}: {keys:?}");
        assert_eq!(
            page.count("h1 [lang]"),
            usize::from(native.is_some()),
            "{slug}"
        );
        if let Some(native) = native {
            let name = page.fact("Name in the local language");
            assert_eq!(
                (name.text(), name.get("lang")),
                (native.to_owned(), Some("ja"))
            );
        }
    }
}

#[tokio::test]
async fn each_partnership_gives_its_next_anniversary_once_as_precisely_as_its_date_is_known() {
    let app = bundled_at("2026-06-01T12:00:00Z");
    for (slug, summary, datetime) in [
        // Known to the year: no age (it is one of two numbers that year), the year once.
        (
            "colima",
            "The partnership's 30th anniversary is in 2027.",
            "2027",
        ),
        (
            "clermont-ferrand",
            "The partnership's 35th anniversary is in 2029.",
            "2029",
        ),
        // Known to the day: the age, and the day.
        (
            "seika",
            "The partnership is 20 years old. Its 25th anniversary is on September 1, 2030.",
            "2030-09-01",
        ),
        // In its anniversary year: said once, "in 2026".
        (
            "arezzo",
            "The partnership's 15th anniversary is in 2026.",
            "2026",
        ),
    ] {
        let (_, page) = get(&app, &format!("/cities/{slug}")).await;
        let page = html(&page);
        let text = page.text_of(".sc-timeline__summary");
        assert_eq!(text, summary, "{slug}");
        assert_eq!(text.matches("2026").count(), usize::from(slug == "arezzo"));
        assert_eq!(
            page.attr(".sc-timeline__summary time", "datetime"),
            datetime,
            "{slug}"
        );
    }
    // On the day, and the day after: the 20th is today, then the 25th is next.
    let (_, seika) = get(&bundled_at("2025-09-01T12:00:00Z"), "/cities/seika").await;
    assert_eq!(
        html(&seika).text_of(".sc-timeline__summary"),
        "The partnership is 20 years old. Its 20th anniversary is today, September 1, 2025."
    );
    let (_, seika) = get(&bundled_at("2025-09-02T12:00:00Z"), "/cities/seika").await;
    assert_eq!(
        html(&seika).text_of(".sc-timeline__summary"),
        "The partnership is 20 years old. Its 25th anniversary is on September 1, 2030."
    );
    // Once its year is over, Arezzo's 15th is no longer next: the 20th, in 2031, is.
    let (_, arezzo) = get(&bundled_at("2027-01-01T12:00:00Z"), "/cities/arezzo").await;
    assert_eq!(
        html(&arezzo).text_of(".sc-timeline__summary"),
        "The partnership's 20th anniversary is in 2031."
    );
}

#[tokio::test]
async fn the_colima_agreement_date_is_the_same_plain_year_on_the_card_the_page_and_events() {
    let app = bundled_at("2026-06-01T12:00:00Z");
    let (_, home) = get(&app, "/").await;
    let home = html(&home);
    let card = home
        .all(".sc-card")
        .into_iter()
        .find(|card| card.links() == ["/cities/colima"])
        .expect("Colima's card");
    assert_eq!(card.text_of(".sc-card__meta"), "Sister city since 1997");
    assert!(!card.text().contains("1995"), "{}", card.text());
    let (_, colima) = get(&app, "/cities/colima").await;
    let colima = html(&colima);
    assert_eq!(colima.fact("Sister city since").text(), "1997");
    assert_eq!(
        colima.texts(".sc-timeline__heading"),
        ["First contact: 1995", "Sister-city agreement: 1997"]
    );
    let main = colima.text_of("main");
    assert!(!main.to_lowercase().contains("uncertain"), "{main}");
    // Its one source is named once, in the note at the end.
    assert_eq!(
        colima.texts("#sources + ul li"),
        ["Oklahoma Municipal League, Norman Sister City Program Q&A, September 16, 2019"]
    );
}
