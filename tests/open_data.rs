//! The partnerships as open data, the same as the pages show: `/cities.json` and
//! `/cities.csv`, read back by real parsers.

mod common;

use std::collections::BTreeMap;

use axum::http::{StatusCode, header};
use common::{bundled_app, get};

#[tokio::test]
async fn the_partnerships_are_open_data_in_json_and_csv() {
    let app = bundled_app();
    let (response, json) = get(&app, "/cities.json").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
    let data: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(data["home"]["name"], "Norman");
    let cities = data["cities"].as_array().unwrap();
    assert_eq!(cities.len(), 4);
    let seika = cities.iter().find(|c| c["slug"] == "seika").unwrap();
    assert_eq!(seika["native_name"], "精華町");
    assert_eq!(seika["distance_km"], 10473);
    assert_eq!(seika["distance_miles"], 6507);
    assert_eq!(seika["sister_city_since"], "2005-09-01");
    assert_eq!(
        seika["page"],
        "https://sistercities.normanok.gov/cities/seika"
    );
    assert_eq!(seika["milestones"].as_array().unwrap().len(), 3);

    let (response, csv) = get(&app, "/cities.csv").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/csv; charset=utf-8"
    );
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let rows: Vec<BTreeMap<String, String>> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .map(str::to_owned)
                .zip(r.iter().map(str::to_owned))
                .collect()
        })
        .collect();
    assert_eq!(rows.len(), 4);
    let colima = rows.iter().find(|r| r["slug"] == "colima").unwrap();
    assert_eq!(colima["distance_km"], "1881");
    assert_eq!(colima["distance_miles"], "1169");
    assert_eq!(colima["sister_city_since"], "1997");
    assert_eq!(colima["sister_city_since_uncertain"], "true");
    assert_eq!(colima["first_contact"], "1995");
}
