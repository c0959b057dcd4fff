//! The site in each of its languages, through the router: every page has its twin in the
//! other language, the two point at each other (hreflang, the language switcher), a Spanish
//! page says nothing in English outside an element marked `lang="en"`, and the catalogues
//! have every message the program uses.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers may, as tests do

mod common;

use std::collections::{BTreeMap, BTreeSet};

use axum::http::{StatusCode, header};
use common::{Query, bundled_at, get, html, root};
use scraper::{ElementRef, Html, Node};

const BASE: &str = "https://sistercities.normanok.gov";
const MOMENT: &str = "2026-06-01T12:00:00Z";

/// Every HTML page the sitemap lists, by path, with its body.
async fn pages(app: &sister_cities::http::App) -> BTreeMap<String, String> {
    let mut pages = BTreeMap::new();
    for loc in common::listed(&common::sitemap(app).await) {
        let path = loc.strip_prefix(BASE).unwrap().to_owned();
        let (response, body) = get(app, &path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        pages.insert(path, body);
    }
    pages
}

/// The English address of a page at `path`, and the Spanish one.
fn twin(path: &str) -> String {
    match path.strip_prefix("/es") {
        Some("") => "/".to_owned(),
        Some(rest) if rest.starts_with('/') => rest.to_owned(),
        _ if path == "/" => "/es".to_owned(),
        _ => format!("/es{path}"),
    }
}

#[tokio::test]
async fn every_page_has_its_twin_and_they_point_at_each_other() {
    let app = bundled_at(MOMENT);
    let pages = pages(&app).await;
    let spanish = pages.keys().filter(|p| p.starts_with("/es")).count();
    assert!(spanish > 10, "{spanish} Spanish pages");
    assert_eq!(spanish * 2, pages.len(), "as many pages in each language");
    for (path, body) in &pages {
        let page = html(body);
        let language = if path.starts_with("/es") { "es" } else { "en" };
        assert_eq!(page.attr("html", "lang"), language, "{path}");
        // (c) its twin is a page of the site.
        let other = twin(path);
        assert!(pages.contains_key(&other), "{path} has no twin {other}");
        // (b) the alternates name both pages, and English as the default, both ways.
        let alternates: BTreeMap<String, String> = page
            .all("link[rel=alternate][hreflang]")
            .iter()
            .map(|l| {
                (
                    l.get("hreflang").unwrap().to_owned(),
                    l.get("href").unwrap().to_owned(),
                )
            })
            .collect();
        let (en, es) = if language == "en" {
            (path.clone(), other.clone())
        } else {
            (other.clone(), path.clone())
        };
        let expected: BTreeMap<String, String> = [
            ("en".to_owned(), format!("{BASE}{en}")),
            ("es".to_owned(), format!("{BASE}{es}")),
            ("x-default".to_owned(), format!("{BASE}{en}")),
        ]
        .into();
        assert_eq!(alternates, expected, "{path}");
        let back = html(&pages[&other]);
        let points_back = back
            .attrs(&format!("link[rel=alternate][hreflang={language}]"), "href")
            .contains(&format!("{BASE}{path}"));
        assert!(points_back, "{other} does not point back at {path}");
        assert_eq!(
            page.attr("link[rel=canonical]", "href"),
            format!("{BASE}{path}")
        );
        // (d) the switcher, in the header, goes to the twin, named in its own language.
        let switch = page.one("header .sc-languages a");
        let other_language = if language == "en" { "es" } else { "en" };
        assert_eq!(switch.get("href"), Some(other.as_str()), "{path}");
        assert_eq!(switch.get("lang"), Some(other_language), "{path}");
        assert_eq!(switch.get("hreflang"), Some(other_language), "{path}");
        let name = if language == "en" {
            "Español"
        } else {
            "English"
        };
        assert_eq!(switch.text(), name, "{path}");
        let og = if language == "en" { "en_US" } else { "es_US" };
        assert_eq!(page.attr("meta[property='og:locale']", "content"), og);
    }
}

#[tokio::test]
async fn pages_say_their_language_in_content_language() {
    let app = bundled_at(MOMENT);
    for (path, language) in [
        ("/", "en"),
        ("/cities/seika", "en"),
        ("/es", "es"),
        ("/es/cities/seika", "es"),
        ("/es/events", "es"),
        ("/es/get-involved", "es"),
    ] {
        let (response, _) = get(&app, path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(
            response.headers()[header::CONTENT_LANGUAGE],
            language,
            "{path}"
        );
    }
    // The page not found of a Spanish address is the Spanish one, still a 404.
    let (response, body) = get(&app, "/es/no-such-page").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(response.headers()[header::CONTENT_LANGUAGE], "es");
    let page = html(&body);
    assert_eq!(page.text_of("h1"), "Página no encontrada");
    // It has no twin: its switcher goes to the English home page.
    assert_eq!(page.attr("header .sc-languages a", "href"), "/");
    assert!(page.all("link[rel=alternate][hreflang]").is_empty());
    let (response, body) = get(&app, "/no-such-page").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(html(&body).text_of("h1"), "Page not found");
    // One address per page: the Spanish home page has none with a slash at the end.
    let (response, _) = get(&app, "/es/").await;
    assert_eq!(response.status(), StatusCode::MOVED_PERMANENTLY);
    assert_eq!(response.headers()[header::LOCATION], "/es");
    // No redirect by the browser's language: the address says the language.
    let (response, _) =
        common::send_with(&app, "GET", "/", &[("accept-language", "es-MX,es")]).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_LANGUAGE], "en");
}

#[tokio::test]
async fn a_spanish_city_page_writes_dates_and_numbers_as_in_the_united_states() {
    let app = bundled_at(MOMENT);
    let (_, body) = get(&app, "/es/cities/clermont-ferrand").await;
    let page = html(&body);
    let facts = page.one(".sc-summary-list");
    let population = facts.fact("Población").text();
    assert!(population.contains(','), "{population}");
    let (_, seika) = get(&app, "/es/cities/seika").await;
    let seika = html(&seika);
    let population = seika.one(".sc-summary-list").fact("Población").text();
    assert_eq!(population, "36,542 (estimación de 2023)");
    assert!(
        facts
            .fact("Distancia desde Norman")
            .text()
            .contains(" km (")
    );
    let local = facts.fact("Hora local").text();
    assert!(local.contains(" de junio de 2026"), "{local}");
    assert!(local.contains("p.m.") || local.contains("a.m."), "{local}");
    let timeline = page.texts(".sc-timeline__heading").join(" | ");
    assert!(timeline.contains(" de "), "{timeline}");
    assert!(
        !timeline.contains("January") && !timeline.contains("September"),
        "{timeline}"
    );
    let (_, feed) = get(&app, "/es/feed.xml").await;
    assert!(feed.contains("xml:lang=\"es\""), "{feed}");
    let (response, calendar) = get(&app, "/es/events.ics").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(calendar.contains("Eventos de"), "{calendar}");
}

#[tokio::test]
async fn links_in_translated_texts_stay_in_spanish_and_staff_preview_spanish_pages() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&root().join("content"), dir.path());
    let file = dir.path().join("get-involved.es.toml");
    let text = std::fs::read_to_string(&file).unwrap().replacen(
        "Estas son las formas",
        "Vea los [eventos](/events) y la [página de Seika](/cities/seika#facts). Estas son las formas",
        1,
    );
    std::fs::write(&file, text).unwrap();
    // A city whose summary and description are not translated yet.
    let seika = dir.path().join("cities/seika.es.toml");
    let text = std::fs::read_to_string(&seika).unwrap();
    let start = text.find("summary = ").unwrap();
    let end = text.find("[population]").unwrap();
    std::fs::write(&seika, format!("{}{}", &text[..start], &text[end..])).unwrap();
    let live = common::live(dir.path(), &root().join("static"));
    let (app, _state) = common::staff_app(live.clone(), &root().join("static"), false);
    let (_, body) = get(&app, "/es/get-involved").await;
    let links = html(&body).links();
    assert!(links.contains(&"/es/events".to_owned()), "{links:?}");
    assert!(
        links.contains(&"/es/cities/seika#facts".to_owned()),
        "{links:?}"
    );
    // The English page, with the English text, is as it was.
    let (_, body) = get(&app, "/get-involved").await;
    assert!(
        !html(&body)
            .links()
            .iter()
            .any(|l| l.starts_with("/es/events"))
    );
    // Texts not translated yet are in English, marked as such, and a block of text says so.
    let (_, body) = get(&app, "/es/cities/seika").await;
    let page = html(&body);
    assert_eq!(page.attr(".sc-lead", "lang"), "en");
    assert_eq!(page.attr(".sc-prose", "lang"), "en");
    assert_eq!(
        page.text_of(".sc-untranslated"),
        "Este texto aún no está traducido."
    );
    assert!(
        page.all(".sc-untranslated[lang]").is_empty(),
        "the note is in Spanish"
    );
    // Staff preview the Spanish pages as the English ones.
    let (response, body) = common::get_staff(&app, "/staff/preview/es/cities/seika").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(html(&body).attr("html", "lang"), "es");
}

/// The texts of a page a reader sees, outside any element marked `lang="en"`.
fn spanish_texts(body: &str) -> Vec<String> {
    let document = Html::parse_document(body);
    let mut texts = Vec::new();
    let Some(body) = document
        .root_element()
        .children()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == "body")
    else {
        return texts;
    };
    collect(body, &mut texts);
    texts
}

fn collect(element: ElementRef, texts: &mut Vec<String>) {
    if element
        .value()
        .attr("lang")
        .is_some_and(|l| l.starts_with("en"))
    {
        return;
    }
    if matches!(element.value().name(), "script" | "style") {
        return;
    }
    for child in element.children() {
        match child.value() {
            Node::Text(text) => texts.push(text.to_string()),
            Node::Element(_) => {
                if let Some(e) = ElementRef::wrap(child) {
                    collect(e, texts);
                }
            }
            _ => {}
        }
    }
}

/// The words of the English catalogue's messages, as they would show on a page: each run
/// of text between arguments that has a word of four letters or more.
fn english_phrases() -> BTreeSet<String> {
    let catalogue = std::fs::read_to_string(root().join("templates/locales/en.ftl")).unwrap();
    let mut phrases = BTreeSet::new();
    for line in catalogue.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let value = match line.split_once(" = ") {
            Some((id, value)) if !id.starts_with(' ') => value,
            _ => line
                .trim_start_matches([' ', '*'])
                .trim_start_matches(|c| c != ']'),
        };
        let value = value.trim_start_matches(']');
        for run in value.split(['{', '}']).step_by(2) {
            let run = run.trim_matches(|c: char| !c.is_alphanumeric());
            if run
                .split(|c: char| !c.is_alphabetic())
                .any(|w| w.len() >= 4)
            {
                phrases.insert(run.to_owned());
            }
        }
    }
    phrases
}

#[tokio::test]
async fn no_english_interface_text_on_a_spanish_page_outside_lang_en() {
    let app = bundled_at(MOMENT);
    let phrases = english_phrases();
    assert!(phrases.contains("Skip to content") && phrases.contains("Upcoming events"));
    let pages = pages(&app).await;
    let mut found = Vec::new();
    for (path, body) in pages.iter().filter(|(p, _)| p.starts_with("/es")) {
        let text = spanish_texts(body).join(" ");
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for phrase in &phrases {
            let whole_word = text.match_indices(phrase.as_str()).any(|(at, _)| {
                let before = text[..at].chars().next_back();
                let after = text[at + phrase.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            });
            if whole_word {
                found.push(format!("{path}: {phrase:?}"));
            }
        }
    }
    assert!(
        found.is_empty(),
        "English on Spanish pages:\n{}",
        found.join("\n")
    );
}

/// Every message id the program uses: the first argument of the calls that take one, and the
/// ids chosen by `match` (string literals that start as the catalogue's groups of ids do).
fn ids_used() -> BTreeSet<String> {
    let catalogue = std::fs::read_to_string(root().join("templates/locales/en.ftl")).unwrap();
    let groups: BTreeSet<&str> = catalogue
        .lines()
        .filter_map(|l| l.split_once(" = ").map(|(id, _)| id))
        .filter_map(|id| id.split_once('-').map(|(group, _)| group))
        .collect();
    let mut files = Vec::new();
    for dir in ["src/render", "src/i18n", "templates"] {
        let mut stack = vec![root().join(dir)];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs" || e == "html") {
                    files.push(std::fs::read_to_string(path).unwrap());
                }
            }
        }
    }
    let mut ids = BTreeSet::new();
    for source in files {
        // Test modules name ids that are not there on purpose, and literals of all kinds.
        let source = source.split("#[cfg(test)]").next().unwrap_or_default();
        for (at, _) in source.match_indices('"') {
            let rest = &source[at + 1..];
            let Some(end) = rest.find('"') else { continue };
            let literal = &rest[..end];
            let is_id = !literal.is_empty()
                && literal
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !is_id {
                continue;
            }
            let before = source[..at].trim_end();
            let called = ["t(", "t1(", "t2(", "t3(", "text(", "html(", "count(lang,"]
                .iter()
                .any(|call| before.ends_with(call));
            let grouped = literal
                .split_once('-')
                .is_some_and(|(g, _)| groups.contains(g))
                && (before.ends_with("=>")
                    || before.ends_with('(')
                    || before.ends_with(',')
                    || before.ends_with('{'));
            if called || grouped {
                ids.insert(literal.to_owned());
            }
        }
    }
    ids
}

#[test]
fn every_catalogue_has_every_message_the_program_uses_and_no_other() {
    use sister_cities::i18n::{CATALOGUES, Locale};
    let english = Locale::new("en").unwrap();
    let reference: BTreeSet<String> = english.catalog.ids().iter().cloned().collect();
    assert!(CATALOGUES.len() >= 2);
    for (language, _) in CATALOGUES {
        let locale = Locale::new(language).unwrap();
        let ids: BTreeSet<String> = locale.catalog.ids().iter().cloned().collect();
        assert_eq!(
            ids.len(),
            locale.catalog.ids().len(),
            "{language}: an id twice"
        );
        let missing: Vec<_> = reference.difference(&ids).collect();
        let extra: Vec<_> = ids.difference(&reference).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{language}: missing {missing:?}, not in English {extra:?}"
        );
        for id in &ids {
            assert!(
                locale.catalog.has(id),
                "{language}: {id} does not parse as a message"
            );
        }
    }
    let used = ids_used();
    assert!(used.contains("skip-link") && used.contains("zone-japan") && used.contains("distance"));
    let missing: Vec<_> = used.difference(&reference).collect();
    assert!(missing.is_empty(), "used but in no catalogue: {missing:?}");
    let unused: Vec<_> = reference.difference(&used).collect();
    assert!(
        unused.is_empty(),
        "in the catalogues but never used: {unused:?}"
    );
}
