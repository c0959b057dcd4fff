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

/// Something in staff-written Markdown that would not come out as they meant, found by
/// [`lint`]: `range` is where it is in the Markdown text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub range: std::ops::Range<usize>,
    pub code: &'static str,
    pub message: String,
    pub help: String,
}

/// The name of the tag a raw HTML fragment opens (`<video controls>` is `video`); none for a
/// closing tag, which is reported with its opening one.
fn tag_name(html: &str) -> Option<String> {
    let rest = html.trim_start().strip_prefix('<')?;
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    (!name.is_empty()).then_some(name)
}

/// Checks staff-written Markdown for what would not come out as meant:
/// - a link that is neither an https address, an e-mail or phone link, nor a page of this
///   site (`is_site_path` says which paths are): without `https://` it would go to a 404;
/// - a paragraph indented by a tab or four spaces, which Markdown shows as code;
/// - raw HTML the sanitiser removes (video, iframe, script, style...): it would vanish;
/// - a heading of the page's level (`#`), or one that skips a level.
///
/// Sections' texts sit under a heading of the second level, so theirs start at `##` or
/// `###`.
pub fn lint(markdown: &str, is_site_path: &dyn Fn(&str) -> bool) -> Vec<Finding> {
    use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Tag};
    let mut findings = Vec::new();
    let mut last_heading: Option<usize> = None;
    let allowed = SANITISER.clone_tags();
    let parser = Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH).into_offset_iter();
    for (event, range) in parser {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(finding) = link_problem(&dest_url, is_site_path) {
                    findings.push(Finding { range, ..finding });
                }
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => findings.push(Finding {
                range,
                code: "indented-text",
                message: "this text is indented (by a tab or four spaces), so it would show \
                          as code, in a box"
                    .to_owned(),
                help: "remove the spaces or the tab at the start of its lines".to_owned(),
            }),
            Event::Html(html) | Event::InlineHtml(html) => {
                if let Some(name) = tag_name(&html).filter(|n| !allowed.contains(n.as_str())) {
                    findings.push(Finding {
                        range,
                        code: "removed-html",
                        message: format!(
                            "<{name}> is not allowed in the site's text: it would be removed"
                        ),
                        help: "for a video or a map, link to it instead: [Watch the \
                               video](https://...)"
                            .to_owned(),
                    });
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                let level = level as usize;
                let problem = if level == HeadingLevel::H1 as usize {
                    Some((
                        "heading-level",
                        "a heading with one # is the page's own title".to_owned(),
                        "start headings in this text with ### (or ##)".to_owned(),
                    ))
                } else {
                    last_heading.filter(|last| level > last + 1).map(|last| {
                        (
                            "heading-skip",
                            format!("this heading skips a level (from {} to {} #)", last, level),
                            format!("use {} # here", last + 1),
                        )
                    })
                };
                if let Some((code, message, help)) = problem {
                    findings.push(Finding {
                        range,
                        code,
                        message,
                        help,
                    });
                }
                last_heading = Some(level);
            }
            _ => {}
        }
    }
    findings.extend(pipe_tables(markdown));
    findings
}

/// Markdown tables (`| a | b |` over a `|---|---|` row), which this site's Markdown does not
/// read: they would show as lines of bars and dashes.
fn pipe_tables(markdown: &str) -> Vec<Finding> {
    let is_rule = |line: &str| {
        let cells: Vec<&str> = line.trim().trim_matches('|').split('|').collect();
        line.contains('|')
            && cells.iter().all(|cell| {
                let cell = cell.trim().trim_matches(':');
                cell.len() >= 3 && cell.chars().all(|c| c == '-')
            })
    };
    let mut findings = Vec::new();
    let mut offset = 0;
    let mut previous: Option<(usize, &str)> = None;
    for line in markdown.split_inclusive('\n') {
        let text = line.trim_end();
        if let Some((start, header)) = previous
            && header.contains('|')
            && is_rule(text)
        {
            findings.push(Finding {
                range: start..start + header.len(),
                code: "table",
                message: "tables are not shown as tables here: this would be lines of bars and \
                          dashes"
                    .to_owned(),
                help: "write the rows as a list instead, one item per line starting with -"
                    .to_owned(),
            });
        }
        previous = Some((offset, text));
        offset += line.len();
    }
    findings
}

/// What is wrong with a link's address, if anything.
fn link_problem(dest: &str, is_site_path: &dyn Fn(&str) -> bool) -> Option<Finding> {
    let finding = |code, message: String, help: String| Finding {
        range: 0..0,
        code,
        message,
        help,
    };
    let lower = dest.to_ascii_lowercase();
    if ["https://", "mailto:", "tel:", "#"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
    {
        return None;
    }
    if let Some(rest) = lower.strip_prefix("http://") {
        return Some(finding(
            "insecure-link",
            format!("the link to {dest} is not secure (http)"),
            format!("write https://{}", &dest[dest.len() - rest.len()..]),
        ));
    }
    if dest.starts_with('/') {
        let path = dest.split(['#', '?']).next().unwrap_or(dest);
        return (!is_site_path(path)).then(|| {
            finding(
                "link-target",
                format!("the link to {dest} goes to no page of this site"),
                "check the address: a page of this site, such as /cities/seika, or an \
                 address starting with https://"
                    .to_owned(),
            )
        });
    }
    let looks_like_a_host = dest
        .split('/')
        .next()
        .is_some_and(|host| host.contains('.'));
    let help = if looks_like_a_host {
        format!("write https://{dest}")
    } else {
        "an address starting with https://, or a page of this site starting with /".to_owned()
    };
    Some(finding(
        "link-scheme",
        format!("the link to {dest} has no https:// and would go to a page that does not exist"),
        help,
    ))
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

    fn codes(markdown: &str) -> Vec<&'static str> {
        let site = |path: &str| ["/", "/cities/seika", "/events"].contains(&path);
        lint(markdown, &site).iter().map(|f| f.code).collect()
    }

    #[test]
    fn links_must_be_https_or_pages_of_the_site() {
        assert_eq!(
            codes("[Seika](https://www.town.seika.kyoto.jp)"),
            Vec::<&str>::new()
        );
        assert_eq!(
            codes("[mail](mailto:a@b.example) [call](tel:+14055551212)"),
            Vec::<&str>::new()
        );
        assert_eq!(
            codes("[Seika](/cities/seika#facts) [top](#top)"),
            Vec::<&str>::new()
        );
        assert_eq!(codes("[City](www.normanok.gov)"), ["link-scheme"]);
        assert_eq!(codes("[City](http://www.normanok.gov)"), ["insecure-link"]);
        assert_eq!(codes("[Nowhere](/cities/atlantis)"), ["link-target"]);
        let found = lint("See [the city](www.normanok.gov/x).", &|_| true);
        assert_eq!(found[0].help, "write https://www.normanok.gov/x");
        assert_eq!(found[0].range, 4..34);
    }

    #[test]
    fn indented_text_removed_html_and_headings_are_found() {
        assert_eq!(codes("One.\n\n    Indented paragraph."), ["indented-text"]);
        assert_eq!(codes("One.\n\n\tIndented by a tab."), ["indented-text"]);
        assert_eq!(
            codes("<iframe src=\"https://x.example\"></iframe>"),
            ["removed-html"]
        );
        assert_eq!(codes("A <video controls>clip</video>."), ["removed-html"]);
        assert_eq!(codes("<script>alert(1)</script>"), ["removed-html"]);
        assert_eq!(codes("Some <em>kept</em> words."), Vec::<&str>::new());
        assert_eq!(codes("# Title"), ["heading-level"]);
        assert_eq!(codes("### A\n\n##### B"), ["heading-skip"]);
        assert_eq!(codes("## A\n\n### B\n\n## C"), Vec::<&str>::new());
        assert_eq!(codes("Year | Visit\n-----|------\n2019 | Mayor"), ["table"]);
        assert_eq!(codes("| a | b |\n|:---|---:|"), ["table"]);
        assert_eq!(codes("Yes | no, and a rule:\n\n---"), Vec::<&str>::new());
    }

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
