//! The world map on the home page: a marker, a link and an arc per sister city over a
//! background image of the land, and the same cities listed after it as its text equivalent.

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
    assert_eq!(svg.get("role"), Some("group"));
    assert_eq!(svg.get("aria-labelledby"), Some("sc-map-title"));
    assert_eq!(svg.get("aria-describedby"), Some("sc-map-desc"));
    assert_eq!(
        map.text_of("#sc-map-title"),
        "Norman and its sister cities on a world map"
    );
    let description = map.text_of("#sc-map-desc");
    assert!(
        description.starts_with("A world map marking Norman and its 4 sister cities"),
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
    assert_eq!(map.count("a.sc-map__link"), 4);
    assert_eq!(map.count("path.sc-map__arc"), 4);
    assert_eq!(map.count(".sc-map__marker--home"), 1);
    for (slug, name) in [
        ("clermont-ferrand", "Clermont-Ferrand, France"),
        ("colima", "Colima, Mexico"),
        ("seika", "Seika, Japan"),
        ("arezzo", "Arezzo, Italy"),
    ] {
        let link = format!("a.sc-map__link[href=\"/cities/{slug}\"]");
        assert_eq!(map.attr(&link, "aria-label"), name, "{slug}");
    }
    // The list after the map: the same links, with distances.
    let list = home.section("map").one("figure.sc-map + ul");
    assert_eq!(
        list.links(),
        [
            "/cities/clermont-ferrand",
            "/cities/colima",
            "/cities/seika",
            "/cities/arezzo"
        ]
    );
    assert!(
        list.texts("li")
            .contains(&"Seika, Japan: 10,473 km (6,507 miles) from Norman".to_owned())
    );
    // The fixture site has two cities: the map is drawn from the content.
    let (_, fixture) = get(&fixture_at("2026-06-01T12:00:00Z"), "/").await;
    assert_eq!(html(&fixture).count("a.sc-map__link"), 2);
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
    assert_eq!(home.count("a.sc-map__link"), 3);
    assert_eq!(
        home.attr("a.sc-map__link[href=\"/cities/kyoto\"]", "aria-label"),
        "Kyoto, Japan"
    );
}
