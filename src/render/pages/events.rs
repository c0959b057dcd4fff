//! Events: `/events` (upcoming events, coming anniversaries, past events), the pages of each
//! year when `/events` cannot list them all, and each event's page.

use askama::Template;
use jiff::Timestamp;

use crate::content::Content;
use crate::content::model::Event;
use crate::paths;
use crate::render::facts::{AnniversaryText, EventTime};
use crate::render::format::{self, DateText};
use crate::render::jsonld;
use crate::render::language::Lang;
use crate::render::layout::Layout;
use crate::render::pagination::{Group, Paged, Pagination, pages_of_groups};
use crate::render::reads::{self, Read};

use super::{
    EVENTS_ANNIVERSARIES, EVENTS_PAST, EVENTS_PER_PAGE, EVENTS_UPCOMING, PageLink, PublicCities,
};

/// An event in a list or on its page: its address and its time written out.
pub struct EventView<'a> {
    pub event: &'a Event,
    pub href: String,
    /// Its content file: `events/{slug}.toml`.
    pub file: String,
    pub time: EventTime,
    /// The related sister cities that are on the public site.
    pub cities: Vec<PageLink>,
}

impl<'a> EventView<'a> {
    pub fn new(content: &Content, lang: &Lang, event: &'a Event, cities: &PublicCities) -> Self {
        reads::read(Read::event(event.slug.as_str()));
        reads::read(Read::Shared);
        let home = &content.site.city;
        EventView {
            event,
            href: lang.path(&paths::event(event.slug.as_str())),
            file: format!(
                "{}/{}.toml",
                crate::content::EVENTS_DIR,
                event.slug.as_str()
            ),
            time: EventTime::of(lang, event, &home.time_zone.tz, &home.name),
            cities: cities.links(lang, &event.cities),
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
    /// How many more upcoming events there are.
    pub more_upcoming: usize,
    /// Each partnership's next round-number anniversary, the soonest [`EVENTS_ANNIVERSARIES`].
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

/// A past year's events on `/events`.
pub struct PastYear<'a> {
    pub year: i16,
    pub events: Vec<EventView<'a>>,
}

/// A partnership's next round-number anniversary, on `/events`.
pub struct AnniversaryView {
    pub anniversary: AnniversaryText,
    pub city: PageLink,
    /// The agreement's date.
    pub since: DateText,
}

/// A year's page of events, linked from `/events`.
pub struct YearLink {
    pub year: i16,
    pub href: String,
    /// "1 event", "1,250 events"
    pub count: String,
}

impl YearLink {
    pub fn new(lang: &Lang, year: i16, events: usize) -> YearLink {
        YearLink {
            year,
            href: lang.path(&paths::events_year(year, 1)),
            count: format::count(lang, "count-events", events as u64),
        }
    }
}

impl<'a> EventsPage<'a> {
    /// `events` are every event, in order; `years` the pages by year, if any.
    pub fn new(
        content: &'a Content,
        lang: &'a Lang<'a>,
        cities: &PublicCities<'a>,
        now: Timestamp,
        events: &[&'a Event],
        year_links: Vec<YearLink>,
    ) -> Self {
        let site = &content.site;
        let today = now.to_zoned_datetime(site.city.time_zone.tz.clone()).date();
        let layout = Layout::new(
            content,
            lang,
            &lang.t("events-heading"),
            paths::EVENTS.to_owned(),
            lang.text(
                "events-description",
                &[
                    ("program", site.program_name.as_str().into()),
                    ("city", site.city.official_name.as_str().into()),
                ],
            ),
        )
        .with_crumbs(content, &[]);
        let (past, upcoming): (Vec<&Event>, Vec<&Event>) =
            events.iter().copied().partition(|e| e.is_past_at(now));
        let more_past = past.len() > EVENTS_PAST;
        let mut years: Vec<PastYear> = Vec::new();
        for event in past.into_iter().rev().take(EVENTS_PAST) {
            let year = event.start.date().year();
            let view = EventView::new(content, lang, event, cities);
            match years.last_mut() {
                Some(last) if last.year == year => last.events.push(view),
                _ => years.push(PastYear {
                    year,
                    events: vec![view],
                }),
            }
        }
        // The next anniversaries, soonest first (cities in their order on a tie); only those
        // shown are written out (at scale, writing every city's took some 10 ms a language).
        let mut next: Vec<_> = cities
            .iter()
            .filter_map(|city| Some((city, city.agreement()?.date, city.next_anniversary(today)?)))
            .collect();
        next.sort_by_key(|(_, _, anniversary)| anniversary.date.first_day());
        let more_anniversaries = next.len() > EVENTS_ANNIVERSARIES;
        let anniversaries: Vec<AnniversaryView> = next
            .into_iter()
            .take(EVENTS_ANNIVERSARIES)
            .map(|(city, since, anniversary)| AnniversaryView {
                anniversary: AnniversaryText::of(lang, anniversary, today),
                city: PageLink::city(lang, city),
                since: DateText::of(lang, since),
            })
            .collect();
        let more_upcoming = upcoming.len().saturating_sub(EVENTS_UPCOMING);
        EventsPage {
            layout,
            upcoming: upcoming
                .into_iter()
                .take(EVENTS_UPCOMING)
                .map(|e| EventView::new(content, lang, e, cities))
                .collect(),
            more_upcoming,
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
        lang: &'a Lang<'a>,
        cities: &PublicCities<'a>,
        year: i16,
        events: &[&'a Event],
    ) -> Vec<(String, EventsYearPage<'a>)> {
        reads::read(Read::Year(year));
        let site = &content.site;
        let heading = lang.text(
            "events-of-year",
            &[("year", lang.locale.formats.year(year).into())],
        );
        let count = format::count(lang, "count-events", events.len() as u64);
        let views: Vec<EventView> = events
            .iter()
            .map(|e| EventView::new(content, lang, e, cities))
            .collect();
        let formats = &lang.locale.formats;
        let pages = pages_of_groups(views, EVENTS_PER_PAGE, |view| {
            let day = view.event.start.date();
            let heading = formats.month_year(day.year(), day.month());
            let month = formats.month(day.year(), day.month()).to_lowercase();
            (heading, month)
        });
        let events_heading = lang.t("events-heading");
        let events_parents = [(events_heading.as_str(), paths::EVENTS)];
        let year_path = |n| paths::events_year(year, n);
        let paged = Paged {
            heading: &heading,
            label: lang.t("events-year-pages-label"),
            parents: &events_parents,
            path: &year_path,
        };
        paged
            .all(content, lang, pages, |pagination| {
                lang.text(
                    "events-year-description",
                    &[
                        ("events", count.as_str().into()),
                        ("program", site.program_name.as_str().into()),
                        ("city", site.city.official_name.as_str().into()),
                        ("year", year.to_string().into()),
                        ("page", pagination.of_total().into()),
                    ],
                )
            })
            .into_iter()
            .map(|(page, months)| {
                (
                    page.path,
                    EventsYearPage {
                        layout: page.layout,
                        crumb: page.crumb,
                        year,
                        count: count.clone(),
                        months,
                        pagination: page.pagination,
                    },
                )
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
        lang: &'a Lang<'a>,
        event: &'a Event,
        cities: &PublicCities<'a>,
        now: Timestamp,
    ) -> Self {
        let view = EventView::new(content, lang, event, cities);
        let mut description = format!("{}, {}.", view.time.text, event.place);
        if let Some(first) = event.description_text.split("\n\n").next() {
            description = format!("{description} {first}");
        }
        let path = paths::event(event.slug.as_str());
        let events_heading = lang.t("events-heading");
        let mut layout = Layout::new(content, lang, &event.title, path, description)
            .with_crumbs(content, &[(events_heading.as_str(), paths::EVENTS)]);
        let public = cities.among(&event.cities);
        layout.json_ld = Some(jsonld::event(content, event, &public, &layout.canonical()));
        reads::read(Read::Past(event.slug.as_str().into()));
        EventPage {
            ics_href: lang.path(&paths::event_calendar(event.slug.as_str())),
            past: event.is_past_at(now),
            layout,
            view,
        }
    }
}
