//! News: listed newest first, each date as precise as it is known (and saying so), each item on
//! a page of its own, linked from the sister cities it is about.

mod common;

use axum::http::StatusCode;
use common::{Query, bundled_app, get, html};

#[tokio::test]
async fn news_is_listed_newest_first_with_undocumented_days_said_plainly() {
    let app = bundled_app();
    let (response, news) = get(&app, "/news").await;
    assert_eq!(response.status(), StatusCode::OK);
    let news = html(&news);
    // 2019 is the newest, then April 2011, then 1 September 2005.
    assert_eq!(
        news.attrs(".sc-item__link", "href"),
        [
            "/news/clermont-ferrand-25-years",
            "/news/arezzo-sister-city-agreement",
            "/news/seika-sister-city-agreement",
        ]
    );
    assert_eq!(
        news.texts(".sc-item__meta"),
        [
            "2019 (the exact date is not documented)",
            "April 2011 (the exact day is not documented)",
            "1 September 2005",
        ]
    );
    assert_eq!(
        news.attrs(".sc-item__meta time", "datetime"),
        ["2019", "2011-04", "2005-09-01"]
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
    assert!(
        seika
            .text_of(".sc-timeline__source")
            .starts_with("Source: Seika Town official website")
    );
    let article = seika.one("article");
    assert!(
        article
            .texts("p")
            .contains(&"More about Seika, Japan.".to_owned())
    );
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
