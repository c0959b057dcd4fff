//! Pages read as a browser reads them: parsed (scraper, on html5ever), then asked questions
//! with CSS selectors, so that a test states what a page shows, not how its markup is spelt.

use scraper::{ElementRef, Html, Selector};

/// A parsed page.
pub struct Page(Html);

/// Parses a page (or a sitemap, or any markup) as a browser would.
pub fn html(text: &str) -> Page {
    Page(Html::parse_document(text))
}

/// One element of a page.
#[derive(Clone, Copy)]
pub struct Element<'a>(ElementRef<'a>);

impl<'a> Element<'a> {
    /// Its tag name: "h2".
    pub fn name(self) -> &'a str {
        self.0.value().name()
    }

    /// One of its own attributes.
    pub fn get(self, name: &str) -> Option<&'a str> {
        self.0.attr(name)
    }
}

/// The questions a test asks a page, or one of its elements.
pub trait Query<'a>: Copy {
    /// Every element matching `selector`: in a page, any; in an element, those inside it.
    fn select(self, selector: &Selector) -> Vec<Element<'a>>;

    fn element(self) -> ElementRef<'a>;

    /// Every element matching a CSS selector, in the page's order.
    fn all(self, css: &str) -> Vec<Element<'a>> {
        let selector = Selector::parse(css).unwrap_or_else(|e| panic!("{css:?}: {e}"));
        self.select(&selector)
    }

    /// The first element matching `css`.
    fn one(self, css: &str) -> Element<'a> {
        let found = self.all(css).into_iter().next();
        found.unwrap_or_else(|| panic!("nothing matches {css:?}"))
    }

    fn count(self, css: &str) -> usize {
        self.all(css).len()
    }

    /// The text as a reader sees it: entities decoded, white space folded.
    fn text(self) -> String {
        let text: String = self.element().text().collect();
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// The text of the first element matching `css`.
    fn text_of(self, css: &str) -> String {
        self.one(css).text()
    }

    /// The text of each element matching `css`.
    fn texts(self, css: &str) -> Vec<String> {
        self.all(css).iter().map(|e| e.text()).collect()
    }

    /// The attribute `name` of the first element matching `css`.
    fn attr(self, css: &str, name: &str) -> String {
        let element = self.one(css);
        let value = element.get(name);
        value
            .unwrap_or_else(|| panic!("{css:?} has no {name}"))
            .to_owned()
    }

    /// The attribute `name` of each element matching `css` that has it.
    fn attrs(self, css: &str, name: &str) -> Vec<String> {
        self.all(css)
            .iter()
            .filter_map(|e| e.get(name).map(str::to_owned))
            .collect()
    }

    /// Where its links lead.
    fn links(self) -> Vec<String> {
        self.attrs("a[href]", "href")
    }

    /// The value of the summary list's row whose key is `key` ("Population").
    fn fact(self, key: &str) -> Element<'a> {
        let rows = self.all(".sc-summary-list__row");
        let row = rows.into_iter().find(|row| row.one("dt").text() == key);
        row.unwrap_or_else(|| panic!("no fact {key:?}")).one("dd")
    }

    /// The `<section>` headed by the heading with this id.
    fn section(self, id: &str) -> Element<'a> {
        self.one(&format!("section[aria-labelledby=\"{id}\"]"))
    }

    /// The levels of its headings, in order: [1, 2, 2, 3].
    fn heading_levels(self) -> Vec<u8> {
        self.all("h1, h2, h3, h4, h5, h6")
            .iter()
            .map(|h| h.name().as_bytes()[1] - b'0')
            .collect()
    }
}

impl<'a> Query<'a> for &'a Page {
    fn select(self, selector: &Selector) -> Vec<Element<'a>> {
        self.0.select(selector).map(Element).collect()
    }

    fn element(self) -> ElementRef<'a> {
        self.0.root_element()
    }
}

impl<'a> Query<'a> for Element<'a> {
    fn select(self, selector: &Selector) -> Vec<Element<'a>> {
        self.0.select(selector).map(Element).collect()
    }

    fn element(self) -> ElementRef<'a> {
        self.0
    }
}
