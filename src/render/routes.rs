//! Every address of the site and what is rendered there: the pages, the feeds, the open data,
//! and the sitemap listing every page. Read this to find where a URL comes from.
//!
//! | address                   | what                                             |
//! |---------------------------|--------------------------------------------------|
//! | `/`                       | the Sister Cities page, the map, the next events |
//! | `/cities/{slug}`          | one sister city                                  |
//! | `/events`, `/events/{slug}` | events and anniversaries; one event            |
//! | `/events.ics`, `/events/{slug}.ics` | iCalendar: every event; one event      |
//! | `/news`, `/news/{slug}`   | news; one item                                   |
//! | `/feed.xml`               | Atom feed of the news                            |
//! | `/get-involved`           | how to take part                                 |
//! | `/{slug}`                 | a page of its own (content/pages/{slug}.toml)    |
//! | `/cities.json`, `/cities.csv` | the partnerships as open data                |
//! | `/sitemap.xml`, `/robots.txt`, `/site.webmanifest` | for crawlers and browsers |

use askama::{DynTemplate, Template};
use jiff::Timestamp;

use crate::content::Content;
use crate::content::model::{City, Event};

use super::data::{self, Sitemap, SitemapEntry};
use super::feeds::{self, WriteError};
use super::pages::{
    self, EVENTS_PATH, EventView, GET_INVOLVED_PATH, NEWS_PATH, NewsView, event_path, news_path,
};
use super::{Builder, Options, RenderError};

/// How many upcoming events the home page shows.
const NEXT_EVENTS: usize = 3;

const CALENDAR: &str = "text/calendar; charset=utf-8";

/// Renders every page and file of the site into `site`. `cities` are the ones shown.
pub(super) fn render_all(
    site: &mut Builder<'_>,
    content: &Content,
    cities: &[&City],
    options: &Options,
) -> Result<(), RenderError> {
    let now = options.now;
    let mut out = Output {
        site,
        sitemap: Vec::new(),
        base: content.site.base_url.origin_and_path().to_owned(),
        now,
    };
    let events: Vec<&Event> = content.events.iter().collect();
    let upcoming = || events.iter().copied().filter(|e| !e.is_past_at(now));
    // The home page changes with any file; other pages with their own file and the shared ones.
    let everything = content
        .cities
        .iter()
        .map(|c| c.modified)
        .chain(content.events.iter().map(|e| e.modified))
        .chain(content.news.iter().map(|n| n.modified))
        .chain([content.modified])
        .flatten()
        .max();
    let with_shared = |own: Option<Timestamp>| own.max(content.modified);

    let next_events = upcoming()
        .take(NEXT_EVENTS)
        .map(|e| EventView::new(content, e, cities))
        .collect();
    out.html(
        "/",
        &pages::Home::new(content, cities, next_events),
        everything,
    )?;

    for city in cities {
        let events = upcoming()
            .filter(|e| e.cities.contains(&city.slug))
            .map(|e| EventView::new(content, e, cities))
            .collect();
        let news = content
            .news
            .iter()
            .filter(|n| n.cities.contains(&city.slug))
            .map(NewsView::new)
            .collect();
        let page = pages::CityPage::new(content, city, now, events, news);
        out.html(&page.layout.path, &page, with_shared(city.modified))?;
    }

    let page = pages::EventsPage::new(content, cities, now, &events);
    out.html(EVENTS_PATH, &page, everything)?;
    for event in &events {
        let page = pages::EventPage::new(content, event, cities, now);
        out.html(&page.layout.path, &page, with_shared(event.modified))?;
        let ics = feeds::calendar(content, &[event], now);
        out.file(&format!("{}.ics", event_path(event)), CALENDAR, ics)?;
    }
    out.file(
        "/events.ics",
        CALENDAR,
        feeds::calendar(content, &events, now),
    )?;

    out.html(NEWS_PATH, &pages::NewsIndex::new(content), everything)?;
    for item in &content.news {
        let page = pages::NewsPage::new(content, item, cities);
        out.html(&news_path(item), &page, with_shared(item.modified))?;
    }
    let atom = feeds::atom(content, &content.news);
    out.file("/feed.xml", "application/atom+xml; charset=utf-8", atom)?;

    let page = pages::GetInvolvedPage::new(content);
    out.html(GET_INVOLVED_PATH, &page, content.modified)?;
    for page in &content.pages {
        let view = pages::OwnPage::new(content, page);
        out.html(&pages::page_path(page), &view, content.modified)?;
    }

    out.file(
        "/cities.json",
        "application/json",
        data::cities_json(content, cities),
    )?;
    out.file(
        "/cities.csv",
        "text/csv; charset=utf-8",
        data::cities_csv(content, cities),
    )?;
    out.file(
        "/site.webmanifest",
        "application/manifest+json",
        data::manifest(content),
    )?;
    let robots = data::Robots {
        sitemap: format!("{}/sitemap.xml", out.base),
    };
    let robots = text(&robots, "/robots.txt")?;
    out.file("/robots.txt", "text/plain; charset=utf-8", Ok(robots))?;
    // Last: it lists every HTML page rendered above.
    let sitemap = Sitemap {
        entries: std::mem::take(&mut out.sitemap),
    };
    let sitemap = text(&sitemap, "/sitemap.xml")?;
    out.file(
        "/sitemap.xml",
        "application/xml; charset=utf-8",
        Ok(sitemap),
    )
}

/// The next moment after `now` at which an event starts or ends.
pub fn next_event_change(content: &Content, now: Timestamp) -> Option<Timestamp> {
    content
        .events
        .iter()
        .flat_map(|e| [e.start.timestamp(), e.end.timestamp()])
        .filter(|moment| *moment > now)
        .min()
}

/// The builder, and the sitemap's entries gathered as HTML pages are rendered.
struct Output<'s, 'a> {
    site: &'s mut Builder<'a>,
    sitemap: Vec<SitemapEntry>,
    base: String,
    now: Timestamp,
}

impl Output<'_, '_> {
    /// An HTML page, listed in the sitemap with the day its content last changed.
    fn html(
        &mut self,
        path: &str,
        template: &dyn DynTemplate,
        modified: Option<Timestamp>,
    ) -> Result<(), RenderError> {
        self.site.html(path.to_owned(), template)?;
        let day = modified.unwrap_or(self.now);
        self.sitemap.push(SitemapEntry {
            loc: format!("{}{path}", self.base),
            lastmod: crate::content::today(day).to_string(),
        });
        Ok(())
    }

    /// Any other file.
    fn file(
        &mut self,
        path: &str,
        content_type: &'static str,
        body: Result<String, WriteError>,
    ) -> Result<(), RenderError> {
        let body = body.map_err(|error| RenderError {
            path: path.to_owned(),
            source: askama::Error::custom(error),
        })?;
        self.site.file(path.to_owned(), content_type, body);
        Ok(())
    }
}

/// A text template (not HTML) rendered to a string that ends with a newline.
fn text(template: &impl Template, path: &str) -> Result<String, RenderError> {
    let mut text = template.render().map_err(|source| RenderError {
        path: path.to_owned(),
        source,
    })?;
    text.push('\n');
    Ok(text)
}
