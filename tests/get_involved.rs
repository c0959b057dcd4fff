//! "Get involved": its sections come from content, and it ends with the city's contact details.

mod common;

use axum::http::StatusCode;
use common::{Query, bundled_app, get, html};

#[tokio::test]
async fn get_involved_comes_from_content_with_the_citys_contact_details() {
    let (response, page) = get(&bundled_app(), "/get-involved").await;
    assert_eq!(response.status(), StatusCode::OK);
    let page = html(&page);
    assert_eq!(page.text_of("h1"), "Get involved");
    for (id, heading) in [
        ("passports", "PASSPORTS"),
        ("public-meetings", "Public meetings"),
        ("volunteering", "Volunteering"),
        ("host-families", "Host families"),
        (
            "students-and-youth-exchanges",
            "Students and youth exchanges",
        ),
        ("contact-the-city", "Contact the City"),
    ] {
        assert_eq!(page.text_of(&format!("h2#{id}")), heading);
    }
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
