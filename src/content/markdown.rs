//! Markdown from content, rendered to HTML and sanitised before anything marks it safe.

use std::sync::LazyLock;

use pulldown_cmark::{Options, Parser, html};

use crate::content::model::Html;

/// The sanitiser's rules, set up once: building them is dearer than cleaning a short text,
/// and content with thousands of events has thousands of texts.
static SANITISER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .link_rel(Some("noopener noreferrer"))
        .url_schemes(["https", "mailto", "tel"].into_iter().collect());
    builder
});

/// Renders staff-written Markdown to HTML, then removes anything unsafe (scripts, event
/// handlers, `javascript:` links, inline styles) with ammonia.
pub fn to_html(markdown: &str) -> Html {
    let parser = Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH);
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, parser);
    let clean = SANITISER.clean(&unsafe_html).to_string();
    Html::from_sanitised(clean)
}

/// The text of Markdown without its markup, for plain-text places (calendar feeds, search
/// engine descriptions): paragraphs separated by a blank line, links as their words.
pub fn to_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, TagEnd};
    let mut text = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => {
                text.push_str("\n\n")
            }
            _ => {}
        }
    }
    text.trim().to_owned()
}

/// The visible text of every link in a Markdown text, for checking that it is descriptive.
pub fn link_texts(markdown: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Tag, TagEnd};
    let mut texts = Vec::new();
    let mut current: Option<String> = None;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Link { .. }) => current = Some(String::new()),
            Event::End(TagEnd::Link) => texts.extend(current.take()),
            Event::Text(text) | Event::Code(text) => {
                if let Some(current) = current.as_mut() {
                    current.push_str(&text);
                }
            }
            _ => {}
        }
    }
    texts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_paragraphs_and_emphasis() {
        let html = to_html("One *two*.\n\nThree.");
        assert_eq!(html.as_str(), "<p>One <em>two</em>.</p>\n<p>Three.</p>\n");
    }

    #[test]
    fn plain_text_keeps_words_and_paragraphs() {
        let text = to_text("One *two*\nthree [Seika's site](https://a.example).\n\nFour.");
        assert_eq!(text, "One two three Seika's site.\n\nFour.");
    }

    #[test]
    fn finds_link_texts() {
        let texts = link_texts(
            "See [Seika's site](https://a.example) or [click *here*](https://b.example).",
        );
        assert_eq!(texts, ["Seika's site", "click here"]);
    }

    #[test]
    fn removes_scripts_handlers_and_javascript_links() {
        let html = to_html(
            "<script>alert(1)</script><img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))",
        );
        let text = html.as_str();
        assert!(!text.contains("<script"), "{text}");
        assert!(!text.contains("onerror"), "{text}");
        assert!(
            text.contains("<a rel=\"noopener noreferrer\">x</a>"),
            "{text}"
        );
    }
}
