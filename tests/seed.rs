//! The home page carries the seed page's text word for word: every sentence, all five goals,
//! all four cities with their countries. The seed's one typo ("conduce") is corrected.

mod common;

use common::{Query, bundled_app, get, html};

const SEED: &str = include_str!("fixtures/seed/sister-cities-page.txt");

#[tokio::test]
async fn the_home_page_carries_the_seed_text_word_for_word() {
    let (_, home) = get(&bundled_app(), "/").await;
    // The page's visible text, as a reader sees it.
    let page = html(&home).text_of("body");
    let seed = SEED.replace("to conduce long-term", "to conduct long-term");
    let mut checked = 0;
    for line in seed.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let line = line.trim_start_matches('•').trim();
        if line == "Skip to Content" {
            assert!(page.contains("Skip to content"));
            continue;
        }
        // Each sentence of a paragraph, and each heading and goal, appears as written.
        for sentence in line.split_inclusive(". ").map(str::trim) {
            let sentence = sentence.trim_end_matches(':');
            assert!(page.contains(sentence), "missing from /: {sentence:?}");
            checked += 1;
        }
    }
    // 3 SCI sentences + 2 mission sentences + 5 goals + headings + 4 cities.
    assert!(checked >= 18, "checked {checked} pieces");
    assert!(!page.contains("conduce"));
}
