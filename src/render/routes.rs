//! What is rendered at each address of the site ([`crate::paths`] lists them): the pages, the
//! feeds, the open data, and the sitemap listing every page. Read this to find where the
//! bytes at a URL come from.
//!
//! Every page stays light whatever the amount of content: long lists are cut (see the limits
//! at the top of pages/mod.rs), and the rest goes on pages of their own, in pages of a fixed
//! size.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use askama::{DynTemplate, Template};
use jiff::Timestamp;

use crate::content::Content;
use crate::content::model::{Event, NewsItem};
use crate::paths;

use super::builder::Builder;
use super::data::{self, Sitemap, SitemapEntry, SitemapIndex};
use super::error::RenderError;
use super::feeds;
use super::language::Lang;
use super::map::{self, Background, Map};
use super::pages::cities::{CitiesPage, CityPage, PhotoView};
use super::pages::events::{EventPage, EventView, EventsPage, EventsYearPage, YearLink};
use super::pages::home::Home;
use super::pages::news::{NewsIndex, NewsPage, NewsView};
use super::pages::text::{GetInvolvedPage, OwnPage};
use super::pages::{
    CITY_EVENTS, CITY_NEWS, EVENTS_PAST, EVENTS_UPCOMING, FEED_NEWS, HOME_CITIES, HOME_EVENTS,
    PublicCities,
};
use super::reads::{self, Fingerprints, Read};
use super::site::Options;

const CALENDAR: &str = "text/calendar; charset=utf-8";

/// Renders every page and feed of the site in one language into `site`. `cities` are the ones
/// shown. Gives the sitemap's entries for the pages.
pub(super) fn render_all(
    site: &mut Builder<'_>,
    content: &Content,
    cities: &PublicCities<'_>,
    lists: &CityLists<'_>,
    options: &Options,
    lang: &Lang,
) -> Result<Vec<SitemapEntry>, RenderError> {
    let now = options.now;
    let mut out = Output::new(site, now, lang);
    let events: Vec<&Event> = content.events.iter().map(Arc::as_ref).collect();
    let everything = last_change(content);
    let with_shared = |own: Option<Timestamp>| own.max(content.modified);

    home(&mut out, content, cities)?;

    // The directory of every city, by country.
    let cities_modified = cities.iter().filter_map(|c| c.modified).max();
    out.pages(paths::CITIES, with_shared(cities_modified), || {
        CitiesPage::all(content, lang, cities)
    })?;

    city_pages(&mut out, content, cities, lists)?;

    // Events: `/events` lists the next and the latest; when that is not all of them, every
    // year gets pages of its own.
    let (past, coming) = events
        .iter()
        .partition::<Vec<&&Event>, _>(|e| e.is_past_at(now));
    let mut years: Vec<YearLink> = Vec::new();
    if coming.len() > EVENTS_UPCOMING || past.len() > EVENTS_PAST {
        let mut by_year: BTreeMap<i16, Vec<&Event>> = BTreeMap::new();
        for event in &events {
            by_year
                .entry(event.start.date().year())
                .or_default()
                .push(event);
        }
        for (year, of_year) in by_year.iter().rev() {
            let modified = of_year.iter().filter_map(|e| e.modified).max();
            let first = paths::events_year(*year, 1);
            out.pages(&first, with_shared(modified), || {
                EventsYearPage::all(content, lang, cities, *year, of_year)
            })?;
            years.push(YearLink::new(lang, *year, of_year.len()));
        }
    }
    let page = EventsPage::new(content, lang, cities, now, &events, years);
    out.html(paths::EVENTS, &page, everything)?;
    for event in &events {
        let path = paths::event(event.slug.as_str());
        out.page(&path, with_shared(event.modified), || {
            EventPage::new(content, lang, event, cities, now)
        })?;
        let path = paths::event_calendar(event.slug.as_str());
        out.tracked_file(&path, CALENDAR, || {
            feeds::calendar(content, lang, &[event], &[], now, &path)
        })?;
    }
    let today = now.to_zoned_datetime(content.site.city.time_zone.tz.clone());
    let anniversaries = feeds::dated_anniversaries(cities, today.date());
    let dated: Vec<(&str, jiff::civil::Date, u64)> = anniversaries
        .iter()
        .map(|a| {
            let slug = a.city.slug.as_str();
            (slug, a.day, out.site.fingerprint(&Read::city(slug)))
        })
        .collect();
    out.site.know(Read::Anniversaries, reads::of(&dated));
    let path = lang.path(paths::CALENDAR);
    out.site
        .calendar(path.clone(), CALENDAR, |earlier, known| {
            // It lists every event shown and every coming anniversary on a known day.
            let items = (&events[..], &anniversaries[..]);
            feeds::calendar_over(content, lang, items, now, &path, earlier, Some(known))
        })?;

    let news_modified = content.news.iter().filter_map(|n| n.modified).max();
    for (path, page) in NewsIndex::all(content, lang) {
        out.html(&path, &page, with_shared(news_modified))?;
    }
    for item in &content.news {
        let path = paths::news_item(item.slug.as_str());
        out.page(&path, with_shared(item.modified), || {
            NewsPage::new(content, lang, item, cities)
        })?;
    }
    let latest = &content.news[..content.news.len().min(FEED_NEWS)];
    let atom = feeds::atom(content, lang, latest);
    out.file(paths::FEED, "application/atom+xml; charset=utf-8", atom)?;

    let page = GetInvolvedPage::new(content, lang);
    out.html(paths::GET_INVOLVED, &page, content.modified)?;
    for page in &content.pages {
        let view = OwnPage::new(content, lang, page);
        out.html(&paths::page(page.slug.as_str()), &view, content.modified)?;
    }
    Ok(out.sitemap)
}

/// Renders the home page of one language into `site`, with its map's images (the first pages
/// a starting server serves, before the rest of the site is rendered).
pub(super) fn render_home(
    site: &mut Builder<'_>,
    content: &Content,
    cities: &PublicCities<'_>,
    options: &Options,
    lang: &Lang,
) -> Result<(), RenderError> {
    let mut out = Output::new(site, options.now, lang);
    home(&mut out, content, cities)
}

/// The home page, with its map's images: markers for the cities with a card, dots in the
/// background for the others.
fn home(
    out: &mut Output<'_, '_, '_>,
    content: &Content,
    cities: &PublicCities<'_>,
) -> Result<(), RenderError> {
    let (now, lang) = (out.now, out.lang);
    let next_events = content
        .events
        .iter()
        .filter(|e| !e.is_past_at(now))
        .take(HOME_EVENTS)
        .map(|e| EventView::new(content, lang, e, cities))
        .collect();
    let featured = &cities[..cities.len().min(HOME_CITIES)];
    let dots = &cities[featured.len()..];
    let background = Background {
        light: out.image(paths::MAP_LIGHT, map::background(dots, map::LIGHT)),
        dark: out.image(paths::MAP_DARK, map::background(dots, map::DARK)),
    };
    let map = Map::new(content, lang, featured, dots.len(), background);
    let page = Home::new(content, lang, cities, map, next_events);
    out.html(paths::HOME, &page, last_change(content))
}

/// When any file of `content` last changed: the home page and the events page change with
/// any of them.
fn last_change(content: &Content) -> Option<Timestamp> {
    content
        .cities
        .iter()
        .map(|c| c.modified)
        .chain(content.events.iter().map(|e| e.modified))
        .chain(content.news.iter().map(|n| n.modified))
        .chain([content.modified])
        .flatten()
        .max()
}

/// Renders what the site has once for every language into `site`: the open data, the web
/// app manifest, robots.txt, and the sitemap of every page (`sitemap_entries`) in every
/// language.
pub(super) fn render_shared(
    site: &mut Builder<'_>,
    content: &Content,
    cities: &PublicCities<'_>,
    languages: &[String],
    sitemap_entries: Vec<SitemapEntry>,
) -> Result<(), RenderError> {
    let base = content.site.base_url.origin_and_path().to_owned();
    // Each is made again only when what it read changed: no event is in the open data, and
    // a part of the sitemap changes with the pages it lists and the days they last changed.
    site.shared();
    site.tracked_file(paths::CITIES_JSON.to_owned(), "application/json", || {
        data::cities_json(content, &cities.open_data())
    })?;
    site.tracked_file(
        paths::CITIES_CSV.to_owned(),
        "text/csv; charset=utf-8",
        || data::cities_csv(content, &cities.open_data()),
    )?;
    site.file(
        paths::MANIFEST,
        "application/manifest+json",
        data::manifest(content)?,
    );
    let robots = data::Robots {
        sitemap: format!("{base}{}", paths::SITEMAP),
    };
    let robots = text(&robots, paths::ROBOTS)?;
    site.file(paths::ROBOTS, "text/plain; charset=utf-8", robots);
    sitemap(site, &base, languages, &sitemap_entries)
}

/// Renders the sitemap of `entries` into `site`: its parts, and their index.
fn sitemap(
    site: &mut Builder<'_>,
    base: &str,
    languages: &[String],
    entries: &[SitemapEntry],
) -> Result<(), RenderError> {
    const XML: &str = "application/xml; charset=utf-8";
    let parts = data::sitemap_parts(entries);
    for (number, part) in (1..).zip(&parts) {
        site.know(Read::SitemapPart(number), reads::of(&part.entries));
        site.tracked_file(part.path.clone(), XML, || {
            reads::read(Read::Shared);
            reads::read(Read::SitemapPart(number));
            let sitemap = Sitemap {
                base,
                languages,
                entries: part.entries,
            };
            sitemap
                .render_sized()
                .map_err(|source| RenderError::Template {
                    path: part.path.clone(),
                    source,
                })
        })?;
    }
    let dated: Vec<(&str, jiff::civil::Date)> = parts
        .iter()
        .map(|part| (part.path.as_str(), part.lastmod))
        .collect();
    site.know(Read::SitemapParts, reads::of(&dated));
    site.tracked_file(paths::SITEMAP.to_owned(), XML, || {
        reads::read(Read::Shared);
        reads::read(Read::SitemapParts);
        text(
            &SitemapIndex {
                base,
                parts: &parts,
            },
            paths::SITEMAP,
        )
    })
}

/// Renders only the city pages into `site` (they show each city's local time, so they change
/// every minute while the rest of the site does not).
pub(super) fn render_city_pages(
    site: &mut Builder<'_>,
    content: &Content,
    cities: &PublicCities<'_>,
    lists: &CityLists<'_>,
    options: &Options,
    lang: &Lang,
) -> Result<(), RenderError> {
    let mut out = Output::new(site, options.now, lang);
    city_pages(&mut out, content, cities, lists)
}

/// Each sister city's page, with its upcoming events and news.
fn city_pages(
    out: &mut Output<'_, '_, '_>,
    content: &Content,
    cities: &PublicCities<'_>,
    lists: &CityLists<'_>,
) -> Result<(), RenderError> {
    let now = out.now;
    let lang = out.lang;
    let assets = out.site.assets();
    let with_shared = |own: Option<Timestamp>| own.max(content.modified);
    for city in cities.iter() {
        let slug = city.slug.as_str();
        out.page(&paths::city(slug), with_shared(city.modified), || {
            let events = lists
                .events(slug)
                .iter()
                .map(|e| EventView::new(content, lang, e, cities))
                .collect();
            let news = lists
                .news(slug)
                .iter()
                .map(|n| NewsView::new(lang, n))
                .collect();
            let photos = PhotoView::of(city, assets);
            CityPage::new(content, lang, city, now, events, news, photos)
        })?;
    }
    Ok(())
}

/// Each city's upcoming events and news (soonest and latest first, one more than its page
/// shows, to say there are more), found once for all cities.
pub(super) struct CityLists<'c> {
    events: HashMap<&'c str, Vec<&'c Event>>,
    news: HashMap<&'c str, Vec<&'c NewsItem>>,
}

impl<'c> CityLists<'c> {
    pub(super) fn new(content: &'c Content, now: Timestamp) -> Self {
        let mut events: HashMap<&str, Vec<&Event>> = HashMap::new();
        for event in content.events.iter().filter(|e| !e.is_past_at(now)) {
            for slug in &event.cities {
                let list = events.entry(slug.as_str()).or_default();
                if list.len() <= CITY_EVENTS {
                    list.push(event);
                }
            }
        }
        let mut news: HashMap<&str, Vec<&NewsItem>> = HashMap::new();
        for item in &content.news {
            for slug in &item.cities {
                let list = news.entry(slug.as_str()).or_default();
                if list.len() <= CITY_NEWS {
                    list.push(item);
                }
            }
        }
        CityLists { events, news }
    }

    /// The upcoming events of the city `slug`.
    fn events(&self, slug: &str) -> &[&'c Event] {
        reads::read(Read::CityEvents(slug.into()));
        self.events.get(slug).map_or(&[], Vec::as_slice)
    }

    /// The news about the city `slug`.
    fn news(&self, slug: &str) -> &[&'c NewsItem] {
        reads::read(Read::CityNews(slug.into()));
        self.news.get(slug).map_or(&[], Vec::as_slice)
    }

    /// Adds to `known` which events and news each city lists.
    pub(super) fn fingerprints(&self, known: &mut Fingerprints) {
        for (slug, list) in &self.events {
            let slugs: Vec<&str> = list.iter().map(|e| e.slug.as_str()).collect();
            known.insert(Read::CityEvents((*slug).into()), reads::of(&slugs));
        }
        for (slug, list) in &self.news {
            let slugs: Vec<&str> = list.iter().map(|n| n.slug.as_str()).collect();
            known.insert(Read::CityNews((*slug).into()), reads::of(&slugs));
        }
    }
}

/// The next moment after `now` at which an event starts or ends.
pub fn next_event_change(content: &Content, now: Timestamp) -> Option<Timestamp> {
    event_moments(content).filter(|moment| *moment > now).min()
}

/// Every moment at which an event starts or ends (pages list it as upcoming, then past).
pub fn event_moments(content: &Content) -> impl Iterator<Item = Timestamp> + '_ {
    content
        .events
        .iter()
        .flat_map(|e| [e.start.timestamp(), e.end.timestamp()])
}

/// The builder in one language, and the sitemap's entries gathered as HTML pages are
/// rendered. Pages and files are given their English addresses, and put at their addresses
/// in the language.
struct Output<'s, 'a, 'l> {
    site: &'s mut Builder<'a>,
    sitemap: Vec<SitemapEntry>,
    now: Timestamp,
    lang: &'l Lang<'l>,
}

impl<'s, 'a, 'l> Output<'s, 'a, 'l> {
    fn new(site: &'s mut Builder<'a>, now: Timestamp, lang: &'l Lang<'l>) -> Self {
        Output {
            site,
            sitemap: Vec::new(),
            now,
            lang,
        }
    }

    /// An HTML page at the English address `path`, listed in the sitemap with the day its
    /// content last changed and its address in every language.
    fn html(
        &mut self,
        path: &str,
        template: &dyn DynTemplate,
        modified: Option<Timestamp>,
    ) -> Result<(), RenderError> {
        let path = self.lang.path(path);
        self.site.html(path.clone(), template, self.lang)?;
        self.list(path, modified);
        Ok(())
    }

    /// Lists the page at `path` (in the language) in the sitemap.
    fn list(&mut self, path: String, modified: Option<Timestamp>) {
        let day = modified.unwrap_or(self.now);
        self.sitemap.push(SitemapEntry {
            path,
            lastmod: crate::content::today(day),
        });
    }

    /// An HTML page as [`Output::html`] puts it, rendered from the template `make` gives
    /// only when something it read changed (see [`Builder::page`]).
    fn page<T: DynTemplate>(
        &mut self,
        path: &str,
        modified: Option<Timestamp>,
        make: impl FnOnce() -> T,
    ) -> Result<(), RenderError> {
        let path = self.lang.path(path);
        self.site.page(path.clone(), self.lang, make)?;
        self.list(path, modified);
        Ok(())
    }

    /// HTML pages made together (see [`Builder::pages`]), each listed as [`Output::html`]
    /// lists one. `first` is the first page's English address.
    fn pages<T: DynTemplate>(
        &mut self,
        first: &str,
        modified: Option<Timestamp>,
        make: impl FnOnce() -> Vec<(String, T)>,
    ) -> Result<(), RenderError> {
        let lang = self.lang;
        let in_lang = || {
            make()
                .into_iter()
                .map(|(path, template)| (lang.path(&path), template))
                .collect()
        };
        let paths = self.site.pages(&lang.path(first), lang, in_lang)?;
        for path in paths.iter() {
            self.list(path.clone(), modified);
        }
        Ok(())
    }

    /// A file as [`Output::file`] puts it, made by `make` only when something it read
    /// changed.
    fn tracked_file(
        &mut self,
        path: &str,
        content_type: &'static str,
        make: impl FnOnce() -> Result<String, RenderError>,
    ) -> Result<(), RenderError> {
        self.site
            .tracked_file(self.lang.path(path), content_type, make)
    }

    /// An SVG image the program draws, at a fingerprinted address (`{stem}.{hash}.svg`) that
    /// browsers keep for a year. Returns the address.
    fn image(&mut self, stem: &str, svg: String) -> String {
        self.site.asset(stem, "svg", "image/svg+xml", svg)
    }

    /// Any other file (a feed), at the English address `path` in the language.
    fn file(
        &mut self,
        path: &str,
        content_type: &'static str,
        body: Result<String, RenderError>,
    ) -> Result<(), RenderError> {
        self.site.file(self.lang.path(path), content_type, body?);
        Ok(())
    }
}

/// A text template (not HTML) rendered to a string that ends with a newline.
fn text(template: &impl Template, path: &str) -> Result<String, RenderError> {
    let mut text = template.render().map_err(|source| RenderError::Template {
        path: path.to_owned(),
        source,
    })?;
    text.push('\n');
    Ok(text)
}
