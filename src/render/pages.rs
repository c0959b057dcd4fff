//! One askama template struct per page, and the small view types they show. Values are
//! prepared here (formatted numbers, URLs) so templates stay free of logic.

use askama::Template;
use jiff::Timestamp;

use crate::content::Content;
use crate::content::model::{
    City, Event, GetInvolved, Milestone, NewsItem, PartialDate, Program, Section, Site,
};

use super::facts::{AnniversaryText, Clock, Distance, EventTime, Partnership};
use super::jsonld::JsonLd;
use super::map::Map;

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
        let title = if path == "/" {
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
                .map(|page| (page.title.clone(), page_path(page)))
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
        self.breadcrumbs = std::iter::once((content.program.title.as_str(), "/"))
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
            href: city_path(city),
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
    pub fn new(content: &Content, event: &'a Event, cities: &[&City]) -> Self {
        let home = &content.site.city;
        EventView {
            event,
            href: event_path(event),
            time: EventTime::of(event, &home.time_zone.tz, &home.name),
            cities: related(&event.cities, cities),
        }
    }
}

/// The public cities among `slugs`, as links.
fn related(slugs: &[crate::content::model::Slug], cities: &[&City]) -> Vec<PageLink> {
    cities
        .iter()
        .filter(|city| slugs.contains(&city.slug))
        .map(|city| PageLink::city(city))
        .collect()
}

/// A sister city in the list after the map: its page and its distance from the home city.
pub struct MapListItem {
    pub link: PageLink,
    /// "10,473 km (6,507 miles)"
    pub distance: String,
}

/// `/`: the Sister Cities page.
#[derive(Template)]
#[template(path = "pages/home.html")]
pub struct Home<'a> {
    pub layout: Layout<'a>,
    pub program: &'a Program,
    pub cards: Vec<CityCard<'a>>,
    pub map: Map,
    /// The map's text equivalent.
    pub map_list: Vec<MapListItem>,
    /// The next few events.
    pub next_events: Vec<EventView<'a>>,
}

impl<'a> Home<'a> {
    pub fn new(content: &'a Content, cities: &[&'a City], next_events: Vec<EventView<'a>>) -> Self {
        let site = &content.site;
        let description = format!(
            "{} and its sister cities: {}.",
            site.city.official_name,
            cities
                .iter()
                .map(|c| format!("{}, {}", c.name, c.country))
                .collect::<Vec<_>>()
                .join("; ")
        );
        let mut layout = Layout::new(content, &content.program.title, "/".to_owned(), description);
        layout.json_ld = Some(super::jsonld::home(content, &layout.canonical()));
        let home = site.city.location;
        Home {
            layout,
            program: &content.program,
            map: Map::new(content, cities),
            map_list: cities
                .iter()
                .map(|city| MapListItem {
                    link: PageLink::city(city),
                    distance: Distance::between(home, city.location).text(),
                })
                .collect(),
            next_events,
            cards: cities
                .iter()
                .map(|city| CityCard {
                    city,
                    href: city_path(city),
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
    /// Upcoming events about this city.
    pub events: Vec<EventView<'a>>,
    /// News about this city.
    pub news: Vec<NewsView<'a>>,
}

impl<'a> CityPage<'a> {
    pub fn new(
        content: &'a Content,
        city: &'a City,
        now: Timestamp,
        events: Vec<EventView<'a>>,
        news: Vec<NewsView<'a>>,
    ) -> Self {
        let home = &content.site.city;
        let heading = format!("{}, {}", city.name, city.country);
        let mut layout = Layout::new(content, &heading, city_path(city), city.summary.clone())
            .with_crumbs(content, &[]);
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
            news,
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

/// `/events`: upcoming events, coming anniversaries, then past events by year.
#[derive(Template)]
#[template(path = "pages/events.html")]
pub struct EventsPage<'a> {
    pub layout: Layout<'a>,
    pub upcoming: Vec<EventView<'a>>,
    pub anniversaries: Vec<AnniversaryView>,
    /// Newest year first; each year's events newest first.
    pub past: Vec<PastYear<'a>>,
}

impl<'a> EventsPage<'a> {
    pub fn new(
        content: &'a Content,
        cities: &[&'a City],
        now: Timestamp,
        events: &[&'a Event],
    ) -> Self {
        let site = &content.site;
        let today = now.to_zoned_datetime(site.city.time_zone.tz.clone()).date();
        let layout = Layout::new(
            content,
            "Events",
            EVENTS_PATH.to_owned(),
            format!(
                "Events of the {} program of the {}, and coming anniversaries of its partnerships.",
                site.program_name, site.city.official_name
            ),
        )
        .with_crumbs(content, &[]);
        let (past, upcoming): (Vec<&Event>, Vec<&Event>) =
            events.iter().copied().partition(|e| e.is_past_at(now));
        let mut years: Vec<PastYear> = Vec::new();
        for event in past.into_iter().rev() {
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
        EventsPage {
            layout,
            upcoming: upcoming
                .into_iter()
                .map(|e| EventView::new(content, e, cities))
                .collect(),
            anniversaries,
            past: years,
        }
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
        cities: &[&'a City],
        now: Timestamp,
    ) -> Self {
        let view = EventView::new(content, event, cities);
        let mut description = format!("{}, {}.", view.time.text, event.place);
        if let Some(first) = event.description_text.split("\n\n").next() {
            description = format!("{description} {first}");
        }
        let mut layout = Layout::new(content, &event.title, view.href.clone(), description)
            .with_crumbs(content, &[("Events", EVENTS_PATH)]);
        let public: Vec<&City> = cities
            .iter()
            .copied()
            .filter(|c| event.cities.contains(&c.slug))
            .collect();
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
            href: news_path(item),
            date: DateText::of(item.date),
        }
    }
}

/// `/news`: every news item, newest first.
#[derive(Template)]
#[template(path = "pages/news.html")]
pub struct NewsIndex<'a> {
    pub layout: Layout<'a>,
    pub items: Vec<NewsView<'a>>,
}

impl<'a> NewsIndex<'a> {
    pub fn new(content: &'a Content) -> Self {
        let site = &content.site;
        let layout = Layout::new(
            content,
            "News",
            NEWS_PATH.to_owned(),
            format!(
                "News of the {} program of the {} and its partner cities.",
                site.program_name, site.city.official_name
            ),
        )
        .with_crumbs(content, &[]);
        NewsIndex {
            layout,
            items: content.news.iter().map(NewsView::new).collect(),
        }
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
    pub fn new(content: &'a Content, item: &'a NewsItem, cities: &[&City]) -> Self {
        let view = NewsView::new(item);
        let mut layout = Layout::new(
            content,
            &item.title,
            view.href.clone(),
            item.summary.clone(),
        )
        .with_crumbs(content, &[("News", NEWS_PATH)]);
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
            GET_INVOLVED_PATH.to_owned(),
            format!(
                "How to take part in the {} program of the {}: {}, volunteering, exchanges, and \
                 how to contact the city.",
                site.program_name, site.city.official_name, site.organisation.name
            ),
        )
        .with_crumbs(content, &[]);
        let mut ids: Vec<String> = Vec::new();
        let mut view = |section: &'a Section| {
            let id = anchor(&section.heading, &ids);
            ids.push(id.clone());
            SectionView { id, section }
        };
        let sections = page.sections.iter().map(&mut view).collect();
        let contact = view(&page.contact);
        GetInvolvedPage {
            layout,
            page,
            sections,
            contact,
        }
    }
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
                "/404".to_owned(),
                "There is no page at this address.".to_owned(),
            ),
        }
    }
}

pub fn city_path(city: &City) -> String {
    format!("/cities/{}", city.slug.as_str())
}

pub const EVENTS_PATH: &str = "/events";
pub const NEWS_PATH: &str = "/news";
pub const GET_INVOLVED_PATH: &str = "/get-involved";

pub fn event_path(event: &Event) -> String {
    format!("{EVENTS_PATH}/{}", event.slug.as_str())
}

pub fn news_path(item: &NewsItem) -> String {
    format!("{NEWS_PATH}/{}", item.slug.as_str())
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
    fn thousands_groups_digits() {
        assert_eq!(super::thousands(7), "7");
        assert_eq!(super::thousands(1000), "1,000");
        assert_eq!(super::thousands(128026), "128,026");
        assert_eq!(super::thousands(1234567), "1,234,567");
    }
}

/// The address of a page of its own: `/accessibility`.
pub fn page_path(page: &crate::content::model::Page) -> String {
    format!("/{}", page.slug.as_str())
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
        let layout = Layout::new(content, &page.title, page_path(page), page.summary.clone())
            .with_crumbs(content, &[]);
        let mut ids: Vec<String> = Vec::new();
        let sections = page
            .sections
            .iter()
            .map(|section| {
                let id = anchor(&section.heading, &ids);
                ids.push(id.clone());
                SectionView { id, section }
            })
            .collect();
        OwnPage {
            layout,
            page,
            sections,
            reviewed: page.last_reviewed.map(|d| (d.to_string(), d.iso())),
        }
    }
}
