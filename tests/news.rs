//! News: listed newest first, each date as precise as it is known (and no more), each item on
//! a page of its own with its sources in a note at the end, linked from the sister cities it
//! is about.

mod common;

use axum::http::StatusCode;
use common::{Query, bundled_app, get, html};

#[tokio::test]
async fn news_is_listed_newest_first_with_each_date_as_precise_as_it_is_known() {
    let app = bundled_app();
    let (response, news) = get(&app, "/news").await;
    assert_eq!(response.status(), StatusCode::OK);
    let news = html(&news);
    assert_eq!(
        news.attrs(".sc-item__link", "href"),
        [
            "/news/clermont-ferrand-visit-talk",
            "/news/clermont-ferrand-25-years",
            "/news/arezzo-sister-city-agreement",
            "/news/seika-sister-city-agreement",
        ]
    );
    // A month is a month, a day a day: nothing is said of what is not known.
    assert_eq!(
        news.texts(".sc-item__meta"),
        [
            "February 24, 2020",
            "December 2019",
            "April 2011",
            "September 1, 2005"
        ]
    );
    assert_eq!(
        news.attrs(".sc-item__meta time", "datetime"),
        ["2020-02-24", "2019-12", "2011-04", "2005-09-01"]
    );

    let (response, seika) = get(&app, "/news/seika-sister-city-agreement").await;
    assert_eq!(response.status(), StatusCode::OK);
    let seika = html(&seika);
    assert_eq!(
        seika.text_of("h1"),
        "Norman and Seika sign a sister-city agreement"
    );
    assert!(
        seika
            .text_of(".sc-prose")
            .contains("Mayor Harold Haralson of Norman and Mayor Kaname Kimura of Seika")
    );
    // The article: its text, the cities it is about, then its sources, last.
    let article = seika.one("article");
    let parts: Vec<String> = article
        .all(":scope > *")
        .iter()
        .map(|e| e.get("class").unwrap_or(e.name()).to_owned())
        .collect();
    assert_eq!(
        parts,
        [
            "sc-heading-xl",
            "sc-item__meta",
            "sc-lead",
            "sc-prose",
            "sc-article__related",
            "sc-sources"
        ]
    );
    assert_eq!(
        article.text_of(".sc-article__related"),
        "More about Seika, Japan."
    );
    assert_eq!(
        article.texts(".sc-sources li"),
        [
            "Seika Town official website",
            "Oklahoma Municipal League, Norman Sister City Program Q&A, September 16, 2019"
        ]
    );
    assert_eq!(article.text_of(".sc-sources h2"), "Sources");
    assert!(!article.text_of(".sc-prose").contains("Source"));
    assert!(article.links().contains(&"/cities/seika".to_owned()));
    assert_eq!(
        seika.attr("meta[property=\"og:type\"]", "content"),
        "article"
    );
    // The city page links back to its news.
    let (_, city) = get(&app, "/cities/seika").await;
    assert_eq!(
        html(&city).one("#news + ul").links(),
        ["/news/seika-sister-city-agreement"]
    );
}

/// The facts documented in 2026: the 2019 visit for Clermont-Ferrand's 25th anniversary and
/// the 2011 signing with Arezzo, as milestones and news, each with its source.
#[tokio::test]
async fn the_clermont_ferrand_visit_and_the_arezzo_signing_are_milestones_and_news() {
    let app = bundled_app();
    let (_, clermont) = get(&app, "/cities/clermont-ferrand").await;
    let clermont = html(&clermont);
    assert_eq!(
        clermont.texts(".sc-timeline__heading"),
        [
            "First contact: 1987",
            "Sister-city agreement: 1994",
            "Visit: December 2019"
        ]
    );
    assert!(clermont.texts(".sc-timeline__text")[2].contains("Breea Clark"));
    assert!(
        clermont
            .texts("#sources + ul li")
            .contains(&"OU Daily, February 2020".to_owned())
    );
    assert_eq!(
        clermont.one("#news + ul").links(),
        [
            "/news/clermont-ferrand-visit-talk",
            "/news/clermont-ferrand-25-years"
        ]
    );
    let (_, talk) = get(&app, "/news/clermont-ferrand-visit-talk").await;
    let talk = html(&talk);
    let body = talk.text_of(".sc-prose");
    assert!(
        body.contains("On February 24, 2020, at 6 p.m., Mayor Breea Clark"),
        "{body}"
    );

    let (_, arezzo) = get(&app, "/cities/arezzo").await;
    let arezzo = html(&arezzo);
    let signing = arezzo.texts(".sc-timeline__text").join(" ");
    for fact in [
        "Cindy Rosenthal",
        "Giuseppe Caroti",
        "coat of arms",
        "medieval fair",
    ] {
        assert!(signing.contains(fact), "{fact}: {signing}");
    }
    assert_eq!(
        arezzo.texts("#sources + ul li"),
        [
            "Tuscan press, April 16, 2011",
            "Oklahoma Municipal League, Norman Sister City Program Q&A, September 16, 2019"
        ]
    );
}
