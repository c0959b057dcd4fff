//! The world map on the home page: a numbered marker and an arc per sister city over a
//! background image of the land, legible on a phone, and the numbered list of sister cities
//! beside it as its key and its text equivalent, with the one link to each city.

mod common;

use axum::http::{StatusCode, header};
use common::{Query, app_at, at, bundled_app, copy_dir, fixture_at, get, html, root};

#[tokio::test]
async fn the_home_page_map_has_one_marker_and_arc_per_city_and_a_text_equivalent() {
    let app = bundled_app();
    let (_, home) = get(&app, "/").await;
    let home = html(&home);
    let map = home.one("figure.sc-map");
    let svg = map.one("svg.sc-map__overlay");
    assert_eq!(svg.get("role"), Some("img"));
    assert_eq!(svg.get("aria-labelledby"), Some("sc-map-title"));
    assert_eq!(svg.get("aria-describedby"), Some("sc-map-desc"));
    assert_eq!(
        map.text_of("#sc-map-title"),
        "Norman and its sister cities on a world map"
    );
    let description = map.text_of("#sc-map-desc");
    assert!(
        description.starts_with(
            "A world map marking Norman and its 4 sister cities, numbered as in the list of \
             sister cities: 1 Clermont-Ferrand, France; 2 Colima, Mexico; 3 Seika, Japan; 4 \
             Arezzo, Italy."
        ),
        "{description}"
    );
    // The land is an image of its own (one per colour theme) under the inline SVG: cheap for
    // the browser to draw, and kept for a year at an address that changes with its content.
    let image = map.one("img.sc-map__background");
    assert_eq!(
        [image.get("alt"), image.get("width"), image.get("height")],
        [Some(""), Some("1000"), Some("487")]
    );
    let light = map.attr("img.sc-map__background", "src");
    let dark = map.attr("source[media=\"(prefers-color-scheme: dark)\"]", "srcset");
    for (url, theme, land) in [(light, "light", "#c9d3de"), (dark, "dark", "#3d4551")] {
        assert!(
            url.starts_with(&format!("/static/map/world-{theme}.")) && url.ends_with(".svg"),
            "{url}"
        );
        let (response, svg) = get(&app, &url).await;
        assert_eq!(response.status(), StatusCode::OK, "{url}");
        assert_eq!(response.headers()[header::CONTENT_TYPE], "image/svg+xml");
        assert_eq!(
            response.headers()[header::CACHE_CONTROL],
            "public, max-age=31536000, immutable"
        );
        let svg = html(&svg);
        let path = svg.one("path");
        assert_eq!(path.get("fill"), Some(land), "{url}");
        assert_eq!(path.get("fill-rule"), Some("evenodd"), "{url}");
        assert!(path.get("d").is_some_and(|d| d.starts_with('M')), "{url}");
        // Only the land: the four cities are markers over it, not dots in it.
        assert_eq!(svg.count("path"), 1, "{url}");
    }
    assert_eq!(map.count(".sc-map__land"), 0, "no land path in the page");
    // Not interactive: the list holds the links.
    assert_eq!(map.count("a"), 0);
    assert_eq!(map.count("path.sc-map__arc"), 4);
    // The markers, once per range of widths; in each, the numbers 1 to 4 and Norman.
    let sizes = map.all("g.sc-map__size");
    assert_eq!(
        sizes
            .iter()
            .map(|g| g.get("class").unwrap_or_default())
            .collect::<Vec<_>>(),
        [
            "sc-map__size sc-map__size--narrow",
            "sc-map__size sc-map__size--medium",
            "sc-map__size sc-map__size--wide"
        ]
    );
    for (size, narrowest) in sizes.iter().zip([288.0, 420.0, 700.0]) {
        assert_eq!(size.get("aria-hidden"), Some("true"));
        assert_eq!(size.texts(".sc-map__number"), ["1", "2", "3", "4"]);
        assert_eq!(size.text_of(".sc-map__label"), "Norman");
        // Legible: the text is at least 12 CSS pixels on the narrowest map of its range.
        let font: f64 = size.get("font-size").unwrap().parse().unwrap();
        assert!(font * narrowest / 1000.0 >= 12.0, "{font}");
        // No two numbers touch, nor does a number cover a city other than its own.
        let circles: Vec<(f64, f64, f64)> = size
            .all("circle.sc-map__badge")
            .iter()
            .map(|c| {
                let n = |a: &str| c.get(a).unwrap().parse::<f64>().unwrap();
                (n("cx"), n("cy"), n("r"))
            })
            .collect();
        for (i, a) in circles.iter().enumerate() {
            for b in &circles[i + 1..] {
                let gap = (a.0 - b.0).hypot(a.1 - b.1) - a.2 - b.2;
                assert!(gap * narrowest / 1000.0 >= 2.0, "{a:?} {b:?}");
            }
        }
    }
    // The key: the cards, numbered as on the map, each with the one link to its city.
    let cards = home.section("partners").one("ol.sc-card-group");
    assert_eq!(cards.texts(".sc-card__number"), ["1", "2", "3", "4"]);
    assert_eq!(
        cards.links(),
        [
            "/cities/clermont-ferrand",
            "/cities/colima",
            "/cities/seika",
            "/cities/arezzo"
        ]
    );
    assert!(
        cards
            .texts(".sc-card__distance")
            .contains(&"10,473 km (6,507 miles) from Norman".to_owned())
    );
    // The fixture site has two cities: the map is drawn from the content.
    let (_, fixture) = get(&fixture_at("2026-06-01T12:00:00Z"), "/").await;
    assert_eq!(
        html(&fixture).texts(".sc-map__size--narrow .sc-map__number"),
        ["1", "2"]
    );
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
    let home = html(&home);
    assert_eq!(
        home.texts(".sc-map__size--wide .sc-map__number"),
        ["1", "2", "3"]
    );
    assert!(home.text_of("#sc-map-desc").contains("Kyoto, Japan"));
    assert!(home.links().contains(&"/cities/kyoto".to_owned()));
}
