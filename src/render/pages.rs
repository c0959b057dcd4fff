//! One askama template struct per page, and the small view types they show. Values are
//! prepared here (formatted numbers, URLs) so templates stay free of logic.

use std::collections::HashMap;

use askama::Template;
use jiff::Timestamp;

use crate::content::Content;
use crate::content::model::{
    City, Event, GetInvolved, Milestone, NewsItem, PartialDate, Program, Section, Site, Slug,
};
use crate::paths;

use super::facts::{AnniversaryText, Clock, Distance, EventTime, Partnership};
use super::jsonld::JsonLd;
use super::map::{self, Map};

// How much a page lists, so that every page stays light however much content there is. The
// small site shows everything; beyond these numbers, lists go on pages of their own.

/// Sister cities with a card on the home page (the oldest partnerships) and a marker on its
/// map. With more, the home page links to the directory of all sister cities (`/cities`).
pub const HOME_CITIES: usize = map::FEATURED;
/// Sister cities on one page of the directory.
pub const CITIES_PER_PAGE: usize = 100;
/// Upcoming events on `/events` (the soonest); with more, events also get pages by year.
pub const EVENTS_UPCOMING: usize = 50;
/// Past events on `/events` (the latest); with more, events also get pages by year.
pub const EVENTS_PAST: usize = 20;
/// Coming anniversaries on `/events` (the soonest).
pub const EVENTS_ANNIVERSARIES: usize = 12;
/// Events on one page of a year.
pub const EVENTS_PER_PAGE: usize = 100;
/// News items on one page of `/news` (the newest first); the rest on `/news/page/{n}`.
pub const NEWS_PER_PAGE: usize = 20;
/// News items in the Atom feed (the newest), as feed readers only show the latest anyway.
pub const FEED_NEWS: usize = 50;
/// Upcoming events, and news items, on a city's page.
pub const CITY_EVENTS: usize = 10;
pub const CITY_NEWS: usize = 10;

/// What every page's layout (`templates/base.html`) needs.
pub struct Layout<'a> {
    pub site: &'a Site,
    /// The `<title>`: unique per page, most specific part first.
    pub title: String,
    /// The `<meta name="description">`.
    pub description: String,
    /// This page's path, e.g. "/cities/seika"; marks the current navigation link.
    pub path: String,
    /// Breadcrumbs above the heading; empty on the home page.
    pub breadcrumbs: Vec<Crumb>,
    /// The Open Graph type: "website", or "article" for a news item.
    pub og_type: &'static str,
    /// Structured data about what the page describes, if anything.
    pub json_ld: Option<JsonLd>,
    /// Pages linked from every footer (accessibility statement, privacy): (label, path).
    pub footer_links: Vec<(String, String)>,
}

impl<'a> Layout<'a> {
    fn new(content: &'a Content, heading: &str, path: String, description: String) -> Self {
        let site = &content.site;
        let suffix = format!("{} – {}", site.program_name, site.city.official_name);
        let title = if path == paths::HOME {
            suffix
        } else {
            format!("{heading} – {suffix}")
        };
        Layout {
            site,
            title,
            description,
            path,
            breadcrumbs: Vec::new(),
            og_type: "website",
            json_ld: None,
            footer_links: content
                .pages
                .iter()
                .filter(|page| page.in_footer)
                .map(|page| (page.title.clone(), paths::page(page.slug.as_str())))
                .collect(),
        }
    }

    /// The site's name for link previews: "Sister Cities – City of Norman, Oklahoma".
    pub fn site_name(&self) -> String {
        format!(
            "{} – {}",
            self.site.program_name, self.site.city.official_name
        )
    }

    /// Breadcrumbs from the home page, then `parents` (label, path).
    fn with_crumbs(mut self, content: &Content, parents: &[(&str, &str)]) -> Self {
        self.breadcrumbs = std::iter::once((content.program.title.as_str(), paths::HOME))
            .chain(parents.iter().copied())
            .map(|(label, href)| Crumb {
                label: label.to_owned(),
                href: href.to_owned(),
            })
            .collect();
        self
    }

    /// The full public address of this page.
    pub fn canonical(&self) -> String {
        format!("{}{}", self.site.base_url.origin_and_path(), self.path)
    }

    /// `aria-current="page"` belongs on the navigation link to this page.
    pub fn is_current(&self, href: &str) -> bool {
        href == self.path
    }
}

pub struct Crumb {
    pub label: String,
    pub href: String,
}

/// A sister city's card on the home page.
pub struct CityCard<'a> {
    pub city: &'a City,
    pub href: String,
    /// "1994", or empty when no agreement is recorded.
    pub agreement_year: String,
}

/// A link to a page of the site, with its words.
pub struct PageLink {
    pub label: String,
    pub href: String,
}

impl PageLink {
    fn city(city: &City) -> PageLink {
        PageLink {
            label: format!("{}, {}", city.name, city.country),
            href: paths::city(city.slug.as_str()),
        }
    }
}

/// An event in a list or on its page: its address and its time written out.
pub struct EventView<'a> {
    pub event: &'a Event,
    pub href: String,
    pub time: EventTime,
    /// The related sister cities that are on the public site.
    pub cities: Vec<PageLink>,
}

impl<'a> EventView<'a> {
    pub fn new(content: &Content, event: &'a Event, cities: &PublicCities) -> Self {
        let home = &content.site.city;
        EventView {
            event,
            href: paths::event(event.slug.as_str()),
            time: EventTime::of(event, &home.time_zone.tz, &home.name),
            cities: related(&event.cities, cities),
        }
    }
}

/// The public cities among `slugs`, as links.
fn related(slugs: &[Slug], cities: &PublicCities) -> Vec<PageLink> {
    cities
        .among(slugs)
        .into_iter()
        .map(PageLink::city)
        .collect()
}

/// The sister cities on the public site (with drafts, in a staff preview), oldest partnership
/// first as in content, and found by slug: events and news name their cities by slug, and
/// thousands of them each looking through thousands of cities would slow every render.
pub struct PublicCities<'a> {
    list: Vec<&'a City>,
    by_slug: HashMap<&'a str, usize>,
}

impl<'a> PublicCities<'a> {
    pub fn new(list: Vec<&'a City>) -> Self {
        let by_slug = list
            .iter()
            .enumerate()
            .map(|(i, city)| (city.slug.as_str(), i))
            .collect();
        PublicCities { list, by_slug }
    }

    /// The public cities among `slugs`, in this list's order.
    pub fn among(&self, slugs: &[Slug]) -> Vec<&'a City> {
        let mut found: Vec<usize> = slugs
            .iter()
            .filter_map(|slug| self.by_slug.get(slug.as_str()).copied())
            .collect();
        found.sort_unstable();
        found.dedup();
        found
            .into_iter()
            .filter_map(|i| self.list.get(i).copied())
            .collect()
    }
}

impl<'a> std::ops::Deref for PublicCities<'a> {
    type Target = [&'a City];

    fn deref(&self) -> &Self::Target {
        &self.list
    }
}

/// A sister city in the list after the map: its page and its distance from the home city.
pub struct MapListItem {
    pub link: PageLink,
    /// "10,473 km (6,507 miles)"
    pub distance: String,
}

/// The sister cities beyond those on the home page, in the directory.
pub struct MoreCities {
    /// How many sister cities there are: "2,000".
    pub total: String,
    /// How many are not on the home page: "1,988".
    pub others: String,
}

/// `/`: the Sister Cities page.
#[derive(Template)]
#[template(path = "pages/home.html")]
pub struct Home<'a> {
    pub layout: Layout<'a>,
    pub program: &'a Program,
    /// The oldest partnerships, at most [`HOME_CITIES`].
    pub cards: Vec<CityCard<'a>>,
    /// When not every sister city has a card: the link to the directory.
    pub more_cities: Option<MoreCities>,
    pub map: Map,
    /// The map's text equivalent: the cities with a card.
    pub map_list: Vec<MapListItem>,
    /// The next few events.
    pub next_events: Vec<EventView<'a>>,
}

impl<'a> Home<'a> {
    /// The home page of `cities` (oldest partnership first), with its `map` drawn already.
    pub fn new(
        content: &'a Content,
        cities: &[&'a City],
        map: Map,
        next_events: Vec<EventView<'a>>,
    ) -> Self {
        let site = &content.site;
        let featured = &cities[..cities.len().min(HOME_CITIES)];
        let names = featured
            .iter()
            .map(|c| format!("{}, {}", c.name, c.country))
            .collect::<Vec<_>>()
            .join("; ");
        let more_cities = (cities.len() > featured.len()).then(|| MoreCities {
            total: thousands(cities.len() as u64),
            others: thousands((cities.len() - featured.len()) as u64),
        });
        let description = match &more_cities {
            None => format!(
                "{} and its sister cities: {names}.",
                site.city.official_name
            ),
            Some(more) => format!(
                "{} and its {} sister cities, the oldest partnerships first: {names}.",
                site.city.official_name, more.total
            ),
        };
        let mut layout = Layout::new(
            content,
            &content.program.title,
            paths::HOME.to_owned(),
            description,
        );
        layout.json_ld = Some(super::jsonld::home(content, &layout.canonical()));
        let home = site.city.location;
        Home {
            layout,
            program: &content.program,
            map,
            more_cities,
            map_list: featured
                .iter()
                .map(|city| MapListItem {
                    link: PageLink::city(city),
                    distance: Distance::between(home, city.location).text(),
                })
                .collect(),
            next_events,
            cards: featured
                .iter()
                .map(|city| CityCard {
                    city,
                    href: paths::city(city.slug.as_str()),
                    agreement_year: city
                        .agreement()
                        .map(|m| m.date.year.to_string())
                        .unwrap_or_default(),
                })
                .collect(),
        }
    }
}

/// A row of a city's milestone timeline.
pub struct MilestoneView<'a> {
    pub milestone: &'a Milestone,
    /// "1 September 2005"
    pub when: String,
    /// "2005-09-01", for `<time datetime>`.
    pub iso: String,
}

/// `/cities/{slug}`: one sister city.
#[derive(Template)]
#[template(path = "pages/city.html")]
pub struct CityPage<'a> {
    pub layout: Layout<'a>,
    pub city: &'a City,
    /// "36,542 (2023 estimate)"
    pub population: String,
    pub agreement: String,
    pub milestones: Vec<MilestoneView<'a>>,
    /// "10,473 km (6,507 miles)"
    pub distance: String,
    /// The local time there when the page was rendered, and the time difference.
    pub clock: Clock,
    /// The partnership's age and next round-number anniversary, when an agreement is recorded.
    pub partnership: Option<Partnership>,
    /// Upcoming events about this city, the soonest [`CITY_EVENTS`].
    pub events: Vec<EventView<'a>>,
    /// There are more upcoming events about this city than listed.
    pub more_events: bool,
    /// News about this city, the latest [`CITY_NEWS`].
    pub news: Vec<NewsView<'a>>,
    /// There is more news about this city than listed.
    pub more_news: bool,
    /// Where "Back to all sister cities" leads: the cards on the home page, or the directory
    /// when not every city has a card.
    pub back_href: &'static str,
}

impl<'a> CityPage<'a> {
    /// `events` and `news` are those about the city, soonest and latest first; the page lists
    /// the first few. `directory`: whether the directory of all sister cities exists.
    pub fn new(
        content: &'a Content,
        city: &'a City,
        now: Timestamp,
        mut events: Vec<EventView<'a>>,
        mut news: Vec<NewsView<'a>>,
        directory: bool,
    ) -> Self {
        let home = &content.site.city;
        let heading = format!("{}, {}", city.name, city.country);
        let parents: &[(&str, &str)] = if directory {
            &[(CITIES_HEADING, paths::CITIES)]
        } else {
            &[]
        };
        let mut layout = Layout::new(
            content,
            &heading,
            paths::city(city.slug.as_str()),
            city.summary.clone(),
        )
        .with_crumbs(content, parents);
        let more_events = events.len() > CITY_EVENTS;
        events.truncate(CITY_EVENTS);
        let more_news = news.len() > CITY_NEWS;
        news.truncate(CITY_NEWS);
        layout.json_ld = Some(super::jsonld::city(city, &layout.canonical()));
        let today = now.to_zoned_datetime(home.time_zone.tz.clone()).date();
        let population = format!(
            "{} ({}{})",
            thousands(city.population.count),
            city.population.year,
            if city.population.estimate {
                " estimate"
            } else {
                ""
            }
        );
        CityPage {
            layout,
            city,
            distance: Distance::between(home.location, city.location).text(),
            clock: Clock::at(now, &city.time_zone.tz, &home.time_zone.tz, &home.name),
            partnership: Partnership::of(city, today),
            events,
            more_events,
            news,
            more_news,
            back_href: if directory {
                paths::CITIES
            } else {
                paths::HOME_PARTNERS
            },
            population,
            agreement: city
                .agreement()
                .map(|m| m.date.to_string())
                .unwrap_or_default(),
            milestones: city
                .milestones
                .iter()
                .map(|milestone| MilestoneView {
                    milestone,
                    when: milestone.date.to_string(),
                    iso: milestone.date.iso(),
                })
                .collect(),
        }
    }
}

/// The heading of the directory of all sister cities, and its label in breadcrumbs.
pub const CITIES_HEADING: &str = "All sister cities";

/// A sister city in the directory.
pub struct DirectoryEntry<'a> {
    pub city: &'a City,
    pub href: String,
    /// "1994", or empty when no agreement is recorded.
    pub since: String,
}

/// A country in the directory's index: where its cities start.
pub struct CountryLink {
    pub country: String,
    /// "/cities/page/3#country-japan"
    pub href: String,
    /// "12"
    pub count: String,
}

/// `/cities` and `/cities/page/{n}`: every sister city by country, in pages of
/// [`CITIES_PER_PAGE`]. Only when not every city has a card on the home page.
#[derive(Template)]
#[template(path = "pages/cities.html")]
pub struct CitiesPage<'a> {
    pub layout: Layout<'a>,
    /// The last breadcrumb: this page's own label.
    pub crumb: String,
    /// How many sister cities there are: "2,000".
    pub total: String,
    /// "10 countries"
    pub country_count: String,
    /// The countries, with links to where their cities start; on the first page only, when
    /// there are several pages.
    pub countries: Vec<CountryLink>,
    /// This page's cities, by country.
    pub groups: Vec<Group<DirectoryEntry<'a>>>,
    pub pagination: Pagination,
}

impl<'a> CitiesPage<'a> {
    /// Every page of the directory of `cities`.
    pub fn all(content: &'a Content, cities: &[&'a City]) -> Vec<CitiesPage<'a>> {
        let mut sorted: Vec<&City> = cities.to_vec();
        sorted.sort_by(|a, b| (&a.country, &a.name).cmp(&(&b.country, &b.name)));
        // Each country's heading id, unique among countries, the same on every page.
        let mut ids: Vec<(String, String)> = Vec::new();
        for city in &sorted {
            if ids
                .last()
                .is_none_or(|(country, _)| *country != city.country)
            {
                let taken: Vec<String> = ids.iter().map(|(_, id)| id.clone()).collect();
                let id = anchor(&format!("country {}", city.country), &taken);
                ids.push((city.country.clone(), id));
            }
        }
        let id_of = |country: &str| {
            ids.iter()
                .find(|(c, _)| c == country)
                .map(|(_, id)| id.clone())
                .unwrap_or_default()
        };
        let entries: Vec<DirectoryEntry> = sorted
            .iter()
            .map(|city| DirectoryEntry {
                city,
                href: paths::city(city.slug.as_str()),
                since: city
                    .agreement()
                    .map(|m| m.date.year.to_string())
                    .unwrap_or_default(),
            })
            .collect();
        let pages = pages_of_groups(entries, CITIES_PER_PAGE, |entry| {
            (entry.city.country.clone(), id_of(&entry.city.country))
        });
        let total_pages = pages.len();
        let mut countries: Vec<CountryLink> = Vec::new();
        if total_pages > 1 {
            for (i, page) in pages.iter().enumerate() {
                for group in page.iter().filter(|g| !g.continued) {
                    let count = sorted.iter().filter(|c| c.country == group.heading).count();
                    countries.push(CountryLink {
                        country: group.heading.clone(),
                        href: format!("{}#{}", paths::cities_page(i + 1), group.id),
                        count: thousands(count as u64),
                    });
                }
            }
        }
        let site = &content.site;
        let total = thousands(cities.len() as u64);
        let country_count = count_of(ids.len(), "country", "countries");
        let mut countries = Some(countries);
        let paged = Paged {
            heading: CITIES_HEADING,
            label: "Pages of the directory",
            parents: &[],
            path: &paths::cities_page,
        };
        paged
            .all(content, pages, |pagination| {
                format!(
                    "Every sister city of the {}: {total} partnerships in {country_count}, \
                     by country{}.",
                    site.city.official_name,
                    pagination.of_total(),
                )
            })
            .into_iter()
            .map(|(page, groups)| CitiesPage {
                layout: page.layout,
                crumb: page.crumb,
                total: total.clone(),
                country_count: country_count.clone(),
                countries: countries.take().unwrap_or_default(),
                groups,
                pagination: page.pagination,
            })
            .collect()
    }
}

/// A past year's events on `/events`.
pub struct PastYear<'a> {
    pub year: i16,
    pub events: Vec<EventView<'a>>,
}

/// A coming round-number anniversary of a partnership, on `/events`.
pub struct AnniversaryView {
    pub anniversary: AnniversaryText,
    pub city: PageLink,
    /// The agreement's date: "1997".
    pub since: String,
    pub since_iso: String,
}

/// A year's page of events, linked from `/events`.
pub struct YearLink {
    pub year: i16,
    pub href: String,
    /// "1 event", "1,250 events"
    pub count: String,
}

impl YearLink {
    pub fn new(year: i16, events: usize) -> YearLink {
        YearLink {
            year,
            href: paths::events_year(year, 1),
            count: count_of(events, "event", "events"),
        }
    }
}

/// `/events`: upcoming events, coming anniversaries, then past events by year; and, when they
/// do not all fit, links to the pages of each year.
#[derive(Template)]
#[template(path = "pages/events.html")]
pub struct EventsPage<'a> {
    pub layout: Layout<'a>,
    /// The soonest [`EVENTS_UPCOMING`].
    pub upcoming: Vec<EventView<'a>>,
    /// How many more upcoming events there are: "1,300", or empty.
    pub more_upcoming: String,
    /// The soonest [`EVENTS_ANNIVERSARIES`].
    pub anniversaries: Vec<AnniversaryView>,
    /// There are more coming anniversaries than listed.
    pub more_anniversaries: bool,
    /// The latest [`EVENTS_PAST`]: newest year first; each year's events newest first.
    pub past: Vec<PastYear<'a>>,
    /// Some past events are not listed.
    pub more_past: bool,
    /// The pages of each year, newest first; empty when every event is listed here.
    pub years: Vec<YearLink>,
}

impl<'a> EventsPage<'a> {
    /// `events` are every event, in order; `years` the pages by year, if any.
    pub fn new(
        content: &'a Content,
        cities: &PublicCities<'a>,
        now: Timestamp,
        events: &[&'a Event],
        year_links: Vec<YearLink>,
    ) -> Self {
        let site = &content.site;
        let today = now.to_zoned_datetime(site.city.time_zone.tz.clone()).date();
        let layout = Layout::new(
            content,
            "Events",
            paths::EVENTS.to_owned(),
            format!(
                "Events of the {} program of the {}, and coming anniversaries of its partnerships.",
                site.program_name, site.city.official_name
            ),
        )
        .with_crumbs(content, &[]);
        let (past, upcoming): (Vec<&Event>, Vec<&Event>) =
            events.iter().copied().partition(|e| e.is_past_at(now));
        let more_past = past.len() > EVENTS_PAST;
        let mut years: Vec<PastYear> = Vec::new();
        for event in past.into_iter().rev().take(EVENTS_PAST) {
            let year = event.start.date().year();
            let view = EventView::new(content, event, cities);
            match years.last_mut() {
                Some(last) if last.year == year => last.events.push(view),
                _ => years.push(PastYear {
                    year,
                    events: vec![view],
                }),
            }
        }
        let mut anniversaries: Vec<AnniversaryView> = cities
            .iter()
            .filter_map(|city| {
                let since = city.agreement()?.date;
                Some(AnniversaryView {
                    anniversary: AnniversaryText::of(city.next_anniversary(today)?),
                    city: PageLink::city(city),
                    since: since.to_string(),
                    since_iso: since.iso(),
                })
            })
            .collect();
        anniversaries.sort_by_key(|a| a.anniversary.first_day);
        let more_anniversaries = anniversaries.len() > EVENTS_ANNIVERSARIES;
        anniversaries.truncate(EVENTS_ANNIVERSARIES);
        let more_upcoming = upcoming.len().saturating_sub(EVENTS_UPCOMING);
        EventsPage {
            layout,
            upcoming: upcoming
                .into_iter()
                .take(EVENTS_UPCOMING)
                .map(|e| EventView::new(content, e, cities))
                .collect(),
            more_upcoming: if more_upcoming == 0 {
                String::new()
            } else {
                thousands(more_upcoming as u64)
            },
            anniversaries,
            more_anniversaries,
            past: years,
            more_past,
            years: year_links,
        }
    }
}

/// `/events/year/{year}` and its further pages: a year's events in the order they take
/// place, by month, in pages of [`EVENTS_PER_PAGE`]. Only when `/events` cannot list every
/// event.
#[derive(Template)]
#[template(path = "pages/events_year.html")]
pub struct EventsYearPage<'a> {
    pub layout: Layout<'a>,
    /// The last breadcrumb: this page's own label.
    pub crumb: String,
    pub year: i16,
    /// "1,250 events"
    pub count: String,
    /// This page's events, by month.
    pub months: Vec<Group<EventView<'a>>>,
    pub pagination: Pagination,
}

impl<'a> EventsYearPage<'a> {
    /// Every page of the year's `events` (in order).
    pub fn all(
        content: &'a Content,
        cities: &PublicCities<'a>,
        year: i16,
        events: &[&'a Event],
    ) -> Vec<EventsYearPage<'a>> {
        let site = &content.site;
        let heading = format!("Events of {year}");
        let count = count_of(events.len(), "event", "events");
        let views: Vec<EventView> = events
            .iter()
            .map(|e| EventView::new(content, e, cities))
            .collect();
        let pages = pages_of_groups(views, EVENTS_PER_PAGE, |view| {
            let month = view.event.start.date();
            (
                month.strftime("%B %Y").to_string(),
                month.strftime("%B").to_string().to_lowercase(),
            )
        });
        let events_parents = [("Events", paths::EVENTS)];
        let year_path = |n| paths::events_year(year, n);
        let paged = Paged {
            heading: &heading,
            label: "Pages of the year's events",
            parents: &events_parents,
            path: &year_path,
        };
        paged
            .all(content, pages, |pagination| {
                format!(
                    "The {count} of the {} program of the {} in {year}{}.",
                    site.program_name,
                    site.city.official_name,
                    pagination.of_total(),
                )
            })
            .into_iter()
            .map(|(page, months)| EventsYearPage {
                layout: page.layout,
                crumb: page.crumb,
                year,
                count: count.clone(),
                months,
                pagination: page.pagination,
            })
            .collect()
    }
}

/// `/events/{slug}`: one event.
#[derive(Template)]
#[template(path = "pages/event.html")]
pub struct EventPage<'a> {
    pub layout: Layout<'a>,
    pub view: EventView<'a>,
    /// The event's own calendar file.
    pub ics_href: String,
    /// Over at the moment the page was rendered.
    pub past: bool,
}

impl<'a> EventPage<'a> {
    pub fn new(
        content: &'a Content,
        event: &'a Event,
        cities: &PublicCities<'a>,
        now: Timestamp,
    ) -> Self {
        let view = EventView::new(content, event, cities);
        let mut description = format!("{}, {}.", view.time.text, event.place);
        if let Some(first) = event.description_text.split("\n\n").next() {
            description = format!("{description} {first}");
        }
        let mut layout = Layout::new(content, &event.title, view.href.clone(), description)
            .with_crumbs(content, &[("Events", paths::EVENTS)]);
        let public = cities.among(&event.cities);
        layout.json_ld = Some(super::jsonld::event(
            content,
            event,
            &public,
            &layout.canonical(),
        ));
        EventPage {
            ics_href: format!("{}.ics", view.href),
            past: event.is_past_at(now),
            layout,
            view,
        }
    }
}

/// A news item's date written out, saying when the exact day is not documented.
pub struct DateText {
    /// "1 September 2005", "April 2011"
    pub text: String,
    /// For `<time datetime>`.
    pub iso: String,
    /// "the exact day is not documented", or empty.
    pub note: &'static str,
}

impl DateText {
    pub fn of(date: PartialDate) -> DateText {
        DateText {
            text: date.to_string(),
            iso: date.iso(),
            note: match (date.month, date.day) {
                (Some(_), Some(_)) => "",
                (Some(_), None) => "the exact day is not documented",
                _ => "the exact date is not documented",
            },
        }
    }
}

/// A news item in a list.
pub struct NewsView<'a> {
    pub item: &'a NewsItem,
    pub href: String,
    pub date: DateText,
}

impl<'a> NewsView<'a> {
    pub fn new(item: &'a NewsItem) -> Self {
        NewsView {
            item,
            href: paths::news_item(item.slug.as_str()),
            date: DateText::of(item.date),
        }
    }
}

/// `/news` and `/news/page/{n}`: every news item, newest first, in pages of
/// [`NEWS_PER_PAGE`].
#[derive(Template)]
#[template(path = "pages/news.html")]
pub struct NewsIndex<'a> {
    pub layout: Layout<'a>,
    /// The last breadcrumb: this page's own label.
    pub crumb: String,
    pub items: Vec<NewsView<'a>>,
    pub pagination: Pagination,
}

impl<'a> NewsIndex<'a> {
    /// Every page of the news (one, saying there is no news yet, when there is none).
    pub fn all(content: &'a Content) -> Vec<NewsIndex<'a>> {
        let site = &content.site;
        let chunks: Vec<&[NewsItem]> = if content.news.is_empty() {
            vec![&[]]
        } else {
            content.news.chunks(NEWS_PER_PAGE).collect()
        };
        let paged = Paged {
            heading: "News",
            label: "Pages of the news",
            parents: &[],
            path: &paths::news_page,
        };
        paged
            .all(content, chunks, |pagination| {
                format!(
                    "News of the {} program of the {} and its partner cities{}.",
                    site.program_name,
                    site.city.official_name,
                    pagination.of_total(),
                )
            })
            .into_iter()
            .map(|(page, items)| NewsIndex {
                layout: page.layout,
                crumb: page.crumb,
                items: items.iter().map(NewsView::new).collect(),
                pagination: page.pagination,
            })
            .collect()
    }
}

/// `/news/{slug}`: one news item.
#[derive(Template)]
#[template(path = "pages/news_item.html")]
pub struct NewsPage<'a> {
    pub layout: Layout<'a>,
    pub view: NewsView<'a>,
    /// The related sister cities that are on the public site.
    pub cities: Vec<PageLink>,
}

impl<'a> NewsPage<'a> {
    pub fn new(content: &'a Content, item: &'a NewsItem, cities: &PublicCities) -> Self {
        let view = NewsView::new(item);
        let mut layout = Layout::new(
            content,
            &item.title,
            view.href.clone(),
            item.summary.clone(),
        )
        .with_crumbs(content, &[("News", paths::NEWS)]);
        layout.og_type = "article";
        NewsPage {
            layout,
            cities: related(&item.cities, cities),
            view,
        }
    }
}

/// A section of a text page, with the anchor its heading gets.
pub struct SectionView<'a> {
    pub id: String,
    pub section: &'a Section,
}

/// `/get-involved`: how residents can take part, and how to contact the city.
#[derive(Template)]
#[template(path = "pages/get_involved.html")]
pub struct GetInvolvedPage<'a> {
    pub layout: Layout<'a>,
    pub page: &'a GetInvolved,
    pub sections: Vec<SectionView<'a>>,
    pub contact: SectionView<'a>,
}

impl<'a> GetInvolvedPage<'a> {
    pub fn new(content: &'a Content) -> Self {
        let page = &content.get_involved;
        let site = &content.site;
        let layout = Layout::new(
            content,
            &page.title,
            paths::GET_INVOLVED.to_owned(),
            format!(
                "How to take part in the {} program of the {}: {}, volunteering, exchanges, and \
                 how to contact the city.",
                site.program_name, site.city.official_name, site.organisation.name
            ),
        )
        .with_crumbs(content, &[]);
        let sections = section_views(&page.sections);
        let taken: Vec<String> = sections.iter().map(|s| s.id.clone()).collect();
        let contact = SectionView {
            id: anchor(&page.contact.heading, &taken),
            section: &page.contact,
        };
        GetInvolvedPage {
            layout,
            page,
            sections,
            contact,
        }
    }
}

/// Sections with an anchor each, unique on the page.
fn section_views<'a>(sections: impl IntoIterator<Item = &'a Section>) -> Vec<SectionView<'a>> {
    let mut ids: Vec<String> = Vec::new();
    sections
        .into_iter()
        .map(|section| {
            let id = anchor(&section.heading, &ids);
            ids.push(id.clone());
            SectionView { id, section }
        })
        .collect()
}

/// An anchor for a heading ("Public meetings" -> "public-meetings"), unique among `taken`.
fn anchor(heading: &str, taken: &[String]) -> String {
    let words: Vec<String> = heading
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    let base = if words.is_empty() {
        "section".to_owned()
    } else {
        words.join("-")
    };
    let mut id = base.clone();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// The page for any unknown address (status 404).
#[derive(Template)]
#[template(path = "pages/not_found.html")]
pub struct NotFound<'a> {
    pub layout: Layout<'a>,
}

impl<'a> NotFound<'a> {
    pub fn new(content: &'a Content) -> Self {
        NotFound {
            layout: Layout::new(
                content,
                "Page not found",
                paths::NOT_FOUND.to_owned(),
                "There is no page at this address.".to_owned(),
            ),
        }
    }
}

/// Items under a heading, in a list split into pages: a country's cities, a month's events.
pub struct Group<T> {
    pub heading: String,
    /// The heading's anchor, the same on every page.
    pub id: String,
    /// The group began on the page before.
    pub continued: bool,
    pub items: Vec<T>,
}

/// Splits `items` (in order) into pages of `per_page`, and each page into groups of
/// consecutive items with the same heading, given as (heading, id) by `heading_of`. A group
/// that goes on from one page to the next is marked as continued there.
fn pages_of_groups<T>(
    items: Vec<T>,
    per_page: usize,
    heading_of: impl Fn(&T) -> (String, String),
) -> Vec<Vec<Group<T>>> {
    let mut pages: Vec<Vec<Group<T>>> = Vec::new();
    let mut last_id: Option<String> = None;
    for (i, item) in items.into_iter().enumerate() {
        if i % per_page.max(1) == 0 {
            pages.push(Vec::new());
        }
        let Some(page) = pages.last_mut() else {
            continue;
        };
        let (heading, id) = heading_of(&item);
        match page.last_mut() {
            Some(group) if group.id == id => group.items.push(item),
            _ => {
                page.push(Group {
                    heading,
                    continued: last_id.as_deref() == Some(id.as_str()),
                    id: id.clone(),
                    items: vec![item],
                });
            }
        }
        last_id = Some(id);
    }
    pages
}

/// A list too long for one page, on several: the first at the list's own address, titled
/// `heading` under `parents`; each further one titled "{heading}, page n of N", with
/// "Page n" as its last breadcrumb, under the first.
struct Paged<'p> {
    heading: &'p str,
    /// Names the page navigation for assistive technology: "Pages of the news".
    label: &'static str,
    parents: &'p [(&'p str, &'p str)],
    /// The address of page n (from 1).
    path: &'p dyn Fn(usize) -> String,
}

/// Where one page of a [`Paged`] list is, what it is called, and its page navigation.
struct PageOfList<'a> {
    layout: Layout<'a>,
    crumb: String,
    pagination: Pagination,
}

impl Paged<'_> {
    /// Every page of the list, each with its share of it (one share per page), described by
    /// `description` (given the page navigation, for its ", page n of N").
    fn all<'a, T>(
        &self,
        content: &'a Content,
        shares: Vec<T>,
        description: impl Fn(&Pagination) -> String,
    ) -> Vec<(PageOfList<'a>, T)> {
        let total = shares.len();
        shares
            .into_iter()
            .enumerate()
            .map(|(i, share)| (self.page(content, i + 1, total, &description), share))
            .collect()
    }

    /// Page `number` of `total`.
    fn page<'a>(
        &self,
        content: &'a Content,
        number: usize,
        total: usize,
        description: impl Fn(&Pagination) -> String,
    ) -> PageOfList<'a> {
        let pagination = Pagination::new(self.label, number, total, self.path);
        let description = description(&pagination);
        let first = (self.path)(1);
        let mut parents = self.parents.to_vec();
        let (title, crumb) = if number == 1 {
            (self.heading.to_owned(), self.heading.to_owned())
        } else {
            parents.push((self.heading, &first));
            (
                format!("{}, page {number} of {total}", self.heading),
                format!("Page {number}"),
            )
        };
        let layout = Layout::new(content, &title, (self.path)(number), description)
            .with_crumbs(content, &parents);
        PageOfList {
            layout,
            crumb,
            pagination,
        }
    }
}

/// Links between the pages of a long list: previous, next, and the numbers of the first, the
/// last and the pages around this one (a gap for the others, so it stays short).
pub struct Pagination {
    /// The navigation's name for assistive technology: "Pages of the directory".
    pub label: &'static str,
    /// This page's number, from 1.
    pub current: usize,
    pub total: usize,
    pub previous: Option<String>,
    pub next: Option<String>,
    /// The pages to link, in order; `None` for a gap.
    pub numbers: Vec<Option<PageNumber>>,
}

pub struct PageNumber {
    pub number: usize,
    pub href: String,
    pub current: bool,
}

impl Pagination {
    fn new(
        label: &'static str,
        current: usize,
        total: usize,
        href: impl Fn(usize) -> String,
    ) -> Pagination {
        let linked = |n: usize| n == 1 || n == total || n.abs_diff(current) <= 2;
        let mut numbers = Vec::new();
        for number in 1..=total {
            // A gap would stand for one page only: link that page instead.
            let lone = number > 1 && linked(number - 1) && linked(number + 1);
            if linked(number) || lone {
                numbers.push(Some(PageNumber {
                    number,
                    href: href(number),
                    current: number == current,
                }));
            } else if numbers.last().is_some_and(Option::is_some) {
                numbers.push(None);
            }
        }
        Pagination {
            label,
            current,
            total,
            previous: (current > 1).then(|| href(current - 1)),
            next: (current < total).then(|| href(current + 1)),
            numbers,
        }
    }

    /// ", page 2 of 10" when there are several pages, for descriptions.
    fn of_total(&self) -> String {
        if self.total > 1 {
            format!(", page {} of {}", self.current, self.total)
        } else {
            String::new()
        }
    }
}

/// "1 event", "1,250 events"
fn count_of(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{} {many}", thousands(n as u64))
    }
}

/// 128026 -> "128,026".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn anchors_are_words_joined_and_unique() {
        assert_eq!(super::anchor("Public meetings", &[]), "public-meetings");
        assert_eq!(super::anchor("PASSPORTS", &[]), "passports");
        let taken = ["host-families".to_owned()];
        assert_eq!(super::anchor("Host families", &taken), "host-families-2");
        assert_eq!(super::anchor("?", &[]), "section");
    }

    #[test]
    fn pagination_links_the_ends_and_the_pages_around_this_one() {
        let numbers = |current, total| {
            super::Pagination::new("Pages", current, total, |n| format!("/p/{n}"))
                .numbers
                .iter()
                .map(|n| n.as_ref().map_or("…".to_owned(), |n| n.number.to_string()))
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(numbers(1, 1), "1");
        assert_eq!(numbers(1, 5), "1 2 3 4 5");
        assert_eq!(numbers(1, 21), "1 2 3 … 21");
        assert_eq!(numbers(10, 21), "1 … 8 9 10 11 12 … 21");
        assert_eq!(numbers(21, 21), "1 … 19 20 21");
        let middle = super::Pagination::new("Pages", 2, 3, |n| format!("/p/{n}"));
        assert_eq!(middle.previous.as_deref(), Some("/p/1"));
        assert_eq!(middle.next.as_deref(), Some("/p/3"));
        assert!(
            middle
                .numbers
                .iter()
                .flatten()
                .any(|n| n.current && n.number == 2)
        );
    }

    #[test]
    fn groups_split_across_pages_are_marked_as_continued() {
        let items = ["a1", "a2", "a3", "b1", "c1", "c2"];
        let pages = super::pages_of_groups(items.to_vec(), 2, |item| {
            (item[..1].to_uppercase(), item[..1].to_owned())
        });
        let shown: Vec<String> = pages
            .iter()
            .map(|page| {
                page.iter()
                    .map(|g| {
                        let more = if g.continued { "+" } else { "" };
                        format!("{}{more}:{}", g.heading, g.items.join(","))
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        assert_eq!(shown, ["A:a1,a2", "A+:a3 B:b1", "C:c1,c2"]);
    }

    #[test]
    fn thousands_groups_digits() {
        assert_eq!(super::thousands(7), "7");
        assert_eq!(super::thousands(1000), "1,000");
        assert_eq!(super::thousands(128026), "128,026");
        assert_eq!(super::thousands(1234567), "1,234,567");
    }
}

/// `/{slug}`: a page of its own, such as the accessibility statement.
#[derive(Template)]
#[template(path = "pages/page.html")]
pub struct OwnPage<'a> {
    pub layout: Layout<'a>,
    pub page: &'a crate::content::model::Page,
    pub sections: Vec<SectionView<'a>>,
    /// "28 November 2026", when the content gives a review date.
    pub reviewed: Option<(String, String)>,
}

impl<'a> OwnPage<'a> {
    pub fn new(content: &'a Content, page: &'a crate::content::model::Page) -> Self {
        let layout = Layout::new(
            content,
            &page.title,
            paths::page(page.slug.as_str()),
            page.summary.clone(),
        )
        .with_crumbs(content, &[]);
        let sections = section_views(&page.sections);
        OwnPage {
            layout,
            page,
            sections,
            reviewed: page.last_reviewed.map(|d| (d.to_string(), d.iso())),
        }
    }
}
