//! "Get involved": how to reach the local organization first (the details staff filled in, and
//! whom to ask for the rest), then its sections from content, and the city's contact details.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers may, as tests do

mod common;

use std::collections::BTreeMap;

use axum::http::StatusCode;
use common::{Query, app, bundled_app, copy_dir, crawl, get, html, root};

#[tokio::test]
async fn get_involved_comes_from_content_with_the_citys_contact_details() {
    let (response, page) = get(&bundled_app(), "/get-involved").await;
    assert_eq!(response.status(), StatusCode::OK);
    let page = html(&page);
    assert_eq!(page.text_of("h1"), "Get involved");
    assert_eq!(
        page.attrs("main h2", "id"),
        [
            "how-to-reach-passports",
            "passports",
            "public-meetings",
            "volunteering",
            "host-families",
            "students-and-youth-exchanges",
            "contact-the-city",
        ]
    );
    let meetings = page.section("public-meetings").text();
    assert!(
        meetings.contains("Norman Public Library Central"),
        "{meetings}"
    );
    let contact = page.section("contact-the-city").text();
    assert!(contact.contains("201 West Gray Street"), "{contact}");
    assert!(contact.contains("special assistant to the mayor for international relations"));
    let current = page.one("a.sc-nav__link[aria-current=\"page\"]");
    assert_eq!(
        (current.get("href"), current.text()),
        (Some("/get-involved"), "Get involved".to_owned())
    );
}

/// With none of PASSPORTS's details confirmed, the page says whom to ask, and shows no
/// empty fields or placeholders.
#[tokio::test]
async fn without_its_details_the_page_says_whom_to_ask() {
    let (_, page) = get(&bundled_app(), "/get-involved").await;
    let page = html(&page);
    let reach = page.section("how-to-reach-passports");
    assert_eq!(reach.text_of("h2"), "How to reach PASSPORTS");
    assert_eq!(reach.count("dl"), 0);
    assert_eq!(
        reach.text_of("p"),
        "To ask when PASSPORTS meets, how to become a member or how to reach its volunteers, \
         contact the City of Norman."
    );
    assert_eq!(reach.links(), ["#contact-the-city"]);
}

/// Each detail staff fill in is shown, and the question for the city covers only the rest.
#[tokio::test]
async fn the_details_staff_fill_in_are_shown_and_the_rest_asked_of_the_city() {
    let body = with_details(
        r#"meetings = "The second Tuesday of each month, 6:30 p.m."
meeting_place = "Norman Public Library Central"
email = "passports@example.org"
"#,
    )
    .await;
    let page = html(&body);
    let reach = page.section("how-to-reach-passports");
    assert_eq!(
        reach.texts("dt"),
        ["Meetings", "Where it meets", "Email"],
        "only what is filled in"
    );
    assert_eq!(
        reach.texts("dd"),
        [
            "The second Tuesday of each month, 6:30 p.m.",
            "Norman Public Library Central",
            "passports@example.org"
        ]
    );
    assert_eq!(
        reach.text_of("dl + p"),
        "To ask how to become a member, contact the City of Norman."
    );
    assert!(
        reach
            .links()
            .contains(&"mailto:passports@example.org".to_owned())
    );

    let body = with_details(
        r#"meetings = "The second Tuesday of each month, 6:30 p.m."
membership = "Membership is open to *everyone*."
membership_link = "https://www.example.org/join"
email = "passports@example.org"
"#,
    )
    .await;
    let page = html(&body);
    let reach = page.section("how-to-reach-passports");
    assert_eq!(reach.texts("dt"), ["Meetings", "Membership", "Email"]);
    assert_eq!(reach.count("em"), 1, "membership is Markdown");
    assert!(
        reach
            .links()
            .contains(&"https://www.example.org/join".to_owned())
    );
    assert_eq!(reach.count("dl + p"), 0, "nothing left to ask");
}

#[tokio::test]
async fn a_mistyped_email_address_is_reported_where_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("content");
    copy_dir(&root().join("content"), &site);
    add_details(&site, "email = \"mailto:passports at example.org\"\n");
    let problems = common::load(&site, &root().join("static"))
        .expect_err("a problem")
        .to_string();
    assert!(
        problems.contains(
            "error[email-address]: \"mailto:passports at example.org\" is not an e-mail address"
        ),
        "{problems}"
    );
    assert!(problems.contains("get-involved.toml:"), "{problems}");
}

/// axe's landmark-unique: no two landmarks of one kind with the same name on a page (the
/// footer once repeated "PASSPORTS", a section of "Get involved").
#[tokio::test]
async fn no_page_has_two_landmarks_of_a_kind_with_one_name() {
    let pages = crawl(&bundled_app()).await;
    assert!(pages.contains_key("/get-involved"));
    for (path, body) in &pages {
        let page = html(body);
        let mut names: BTreeMap<(String, String), usize> = BTreeMap::new();
        for landmark in page.all("section[aria-labelledby], section[aria-label], nav, aside") {
            let name = match (landmark.get("aria-label"), landmark.get("aria-labelledby")) {
                (Some(label), _) => label.to_owned(),
                (None, Some(id)) => page.text_of(&format!("[id=\"{id}\"]")),
                (None, None) => String::new(),
            };
            *names.entry((landmark.name().to_owned(), name)).or_default() += 1;
        }
        for ((kind, name), count) in names {
            assert_eq!(count, 1, "{path}: {count} <{kind}> named {name:?}");
        }
    }
}

/// Adds `details` to a copy of the bundled get-involved.toml, above its first section.
fn add_details(site: &std::path::Path, details: &str) {
    let file = site.join("get-involved.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let text = text.replacen("\n[[sections]]", &format!("\n{details}\n[[sections]]"), 1);
    std::fs::write(file, text).unwrap();
}

/// The page, with `details` added to the bundled content.
async fn with_details(details: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("content");
    copy_dir(&root().join("content"), &site);
    add_details(&site, details);
    let (_, body) = get(&app(&site, &root().join("static")), "/get-involved").await;
    body
}
