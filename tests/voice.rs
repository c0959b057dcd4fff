//! The site speaks as the City of Norman, in US English: every page, feed and data file a
//! resident can reach is read (through the router) for British spellings, dates written day
//! first ("1 September 2005"), and words from a research notebook ("not documented",
//! "uncertain") where the City should say what it knows, or nothing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers may, as tests do

mod common;

use axum::http::header;
use common::{bundled_app, crawl, fixture_at, get};
use scraper::{ElementRef, Html, Node};
use sister_cities::http::App;

/// British spellings, and the US ones a page should use instead.
const BRITISH: [(&str, &str); 40] = [
    ("centre", "center"),
    ("centres", "centers"),
    ("centred", "centered"),
    ("programme", "program"),
    ("programmes", "programs"),
    ("organisation", "organization"),
    ("organisations", "organizations"),
    ("organise", "organize"),
    ("organised", "organized"),
    ("organising", "organizing"),
    ("spelt", "spelled"),
    ("misspelt", "misspelled"),
    ("colour", "color"),
    ("colours", "colors"),
    ("travelled", "traveled"),
    ("travelling", "traveling"),
    ("traveller", "traveler"),
    ("travellers", "travelers"),
    ("labelled", "labeled"),
    ("labelling", "labeling"),
    ("cancelled", "canceled"),
    ("favourite", "favorite"),
    ("honour", "honor"),
    ("neighbour", "neighbor"),
    ("neighbours", "neighbors"),
    ("behaviour", "behavior"),
    ("licence", "license"),
    ("catalogue", "catalog"),
    ("theatre", "theater"),
    ("metre", "meter"),
    ("metres", "meters"),
    ("kilometre", "kilometer"),
    ("kilometres", "kilometers"),
    ("defence", "defense"),
    ("analyse", "analyze"),
    ("recognise", "recognize"),
    ("whilst", "while"),
    ("amongst", "among"),
    ("enrolment", "enrollment"),
    ("jewellery", "jewelry"),
];

/// What a City page does not say to residents: an unknown is left out, and staff are told in
/// a comment in the content file instead.
const NOTEBOOK: [&str; 6] = [
    "not documented",
    "undocumented",
    "not published on this site",
    "uncertain",
    "is not known",
    "date unknown",
];

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The problems in a resident's text: each British spelling, day-first date and notebook
/// phrase, with the words around it.
fn problems(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    for (i, word) in words.iter().enumerate() {
        if let Some((british, us)) = BRITISH.iter().find(|(b, _)| b == word) {
            found.push(format!("\"{british}\" (US: \"{us}\")"));
        }
        // A day, then a month or its abbreviation ("1 September", "16 Sep"): US dates put
        // the month first ("September 1, 2005").
        let is_day = word.len() <= 2
            && word.chars().all(|c| c.is_ascii_digit())
            && (1..=31).contains(&word.parse::<u32>().unwrap_or(0));
        if let Some(next) = words.get(i + 1).filter(|_| is_day) {
            let month = MONTHS
                .iter()
                .any(|m| *m == *next || (next.len() == 3 && m.starts_with(*next)));
            if month {
                found.push(format!("a day-first date: \"{word} {next}\""));
            }
        }
    }
    for phrase in NOTEBOOK {
        if lower.contains(phrase) {
            found.push(format!("\"{phrase}\""));
        }
    }
    found
}

/// The text of a page a resident reads or hears: its title and description, the text of its
/// body, and the text of attributes read aloud; not what is marked as in another language.
fn page_text(html: &str) -> String {
    let doc = Html::parse_document(html);
    let mut text = String::new();
    for node in doc.root_element().descendants() {
        let english = node
            .ancestors()
            .chain([node])
            .find_map(|n| ElementRef::wrap(n).and_then(|e| e.value().attr("lang")));
        if english.is_some_and(|lang| !lang.starts_with("en")) {
            continue;
        }
        match node.value() {
            Node::Text(t) => {
                let in_style = node
                    .parent()
                    .and_then(ElementRef::wrap)
                    .is_some_and(|p| p.value().name() == "style");
                if !in_style {
                    text.push_str(t);
                    text.push(' ');
                }
            }
            Node::Element(e) => {
                let read = ["alt", "aria-label", "title"]
                    .into_iter()
                    .chain((e.name() == "meta").then_some("content"));
                for attribute in read {
                    if let Some(value) = e.attr(attribute) {
                        text.push_str(value);
                        text.push(' ');
                    }
                }
            }
            _ => {}
        }
    }
    text
}

/// Every page reachable from `/`, and the feeds and data files, each with its text.
async fn everything(app: &App) -> Vec<(String, String)> {
    let mut texts: Vec<(String, String)> = crawl(app)
        .await
        .into_iter()
        .map(|(path, body)| (path, page_text(&body)))
        .collect();
    let (_, not_found) = get(app, "/no-such-page").await;
    texts.push(("/no-such-page".to_owned(), page_text(&not_found)));
    for path in ["/feed.xml", "/events.ics", "/cities.json", "/cities.csv"] {
        let (response, body) = get(app, path).await;
        let kind = response.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap_or_default()
            .to_owned();
        let text = if kind.contains("xml") {
            // Atom carries the news as escaped HTML: read as a page, then read again.
            page_text(&page_text(&body))
        } else if kind.starts_with("application/json") {
            // The values, not the field names of the open data.
            let mut values = Vec::new();
            json_strings(&serde_json::from_str(&body).unwrap(), &mut values);
            values.join("\n")
        } else if kind.starts_with("text/csv") {
            body.lines().skip(1).collect::<Vec<_>>().join("\n")
        } else {
            body
        };
        texts.push((path.to_owned(), text));
    }
    texts
}

/// Every text value in a JSON document.
fn json_strings(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| json_strings(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| json_strings(v, out)),
        _ => {}
    }
}

fn assert_us_english(texts: &[(String, String)]) {
    let mut all = Vec::new();
    for (path, text) in texts {
        for problem in problems(text) {
            all.push(format!("{path}: {problem}"));
        }
    }
    assert!(all.is_empty(), "{}", all.join("\n"));
}

#[tokio::test]
async fn every_page_of_the_bundled_site_is_in_us_english_in_the_citys_voice() {
    let texts = everything(&bundled_app()).await;
    // 15 pages, the page not found, 2 feeds and 2 data files.
    assert!(texts.len() >= 20, "{} pages and files", texts.len());
    assert_us_english(&texts);
}

#[tokio::test]
async fn the_pages_the_program_writes_around_other_content_are_in_us_english_too() {
    // The fixture site has events, past and coming, so the event pages are read too.
    let texts = everything(&fixture_at("2026-06-01T12:00:00Z")).await;
    assert!(texts.iter().any(|(path, _)| path.starts_with("/events/")));
    assert_us_english(&texts);
}

/// The check finds what it is for (so that it can fail), and leaves alone what is right.
#[test]
fn the_check_finds_british_spellings_day_first_dates_and_notebook_phrases() {
    let text = "The study centre opened on 7 October 2010 (source: OML, 16 Sep 2019); the \
                exact day is not documented. Date uncertain.";
    assert_eq!(
        problems(text),
        [
            "\"centre\" (US: \"center\")",
            "a day-first date: \"7 october\"",
            "a day-first date: \"16 sep\"",
            "\"not documented\"",
            "\"uncertain\""
        ]
    );
    let us = "The study center opened on October 7, 2010: 8,004 km, 1,994 people, 2 May \
              visitors... no: 12 mayors.";
    assert_eq!(problems(us), ["a day-first date: \"2 may\""]);
    assert!(problems("It opened on October 7, 2010, at 6:30 p.m., in 2011.").is_empty());
    // Text marked as in another language is not English, and not read as such.
    let page = "<html lang=\"en\"><body><p>Color</p><p lang=\"fr\">Le centre</p>\
                <img alt=\"The centre\" src=\"x.png\"></body></html>";
    assert_eq!(problems(&page_text(page)), ["\"centre\" (US: \"center\")"]);
}
