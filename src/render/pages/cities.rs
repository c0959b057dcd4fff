//! The sister cities: each one's page (`/cities/{slug}`), and the directory of all of them by
//! country (`/cities`, and `/cities/page/{n}` when they do not fit on one page).

use askama::Template;
use jiff::Timestamp;

use crate::content::Content;
use crate::content::model::{City, Milestone};
use crate::paths;
use crate::render::assets::Assets;
use crate::render::facts::{Clock, Distance, Partnership};
use crate::render::format::{self, DateText, anchor, thousands};
use crate::render::jsonld;
use crate::render::layout::Layout;
use crate::render::pagination::{Group, Paged, Pagination, pages_of_groups};

use super::events::EventView;
use super::news::NewsView;
use super::{CITIES_PER_PAGE, CITY_EVENTS, CITY_NEWS, sources};

/// `/cities/{slug}`: one sister city.
#[derive(Template)]
#[template(path = "pages/city.html")]
pub struct CityPage<'a> {
    pub layout: Layout<'a>,
    pub city: &'a City,
    /// "Seika, Japan"
    pub heading: String,
    /// The name in the local language differs from the English one ("精華町", not "Arezzo"),
    /// so the page gives it.
    pub native_differs: bool,
    /// "Central European Time"
    pub time_zone: String,
    /// "36,542 (2023 estimate)"
    pub population: String,
    /// The sister-city agreement's date, when the content records one.
    pub agreement: Option<DateText>,
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
    /// Where the milestones' facts come from, each once: the "Sources" note at the end.
    pub sources: Vec<String>,
    /// The city's photos, with their sizes.
    pub photos: Vec<PhotoView<'a>>,
}

/// A photo on a city's page, with the sizes made of it (none when it could not be made: then
/// it is left out).
pub struct PhotoView<'a> {
    pub photo: &'a crate::content::model::Photo,
    /// The middle width in the photo's own format, for browsers without `srcset`.
    pub src: String,
    /// Every width, as WebP and in the photo's own format.
    pub webp_srcset: String,
    pub srcset: String,
    /// The largest width's size, so the page keeps the photo's room while it loads.
    pub width: u32,
    pub height: u32,
}

/// How wide a photo is shown: the whole column on a phone, a gallery column of about 22rem
/// (`.sc-gallery` in site.css) on wider screens.
pub const PHOTO_SIZES: &str = "(min-width: 40em) 22rem, 100vw";

impl<'a> PhotoView<'a> {
    /// The photos of `city` that have sizes in `assets`.
    pub fn of(city: &'a City, assets: &Assets) -> Vec<PhotoView<'a>> {
        city.photos
            .iter()
            .filter_map(|photo| {
                let sized = assets.photo(&photo.file)?;
                let fallback = sized.fallback()?;
                Some(PhotoView {
                    photo,
                    src: sized.url(fallback),
                    webp_srcset: sized.srcset(crate::photos::Format::Webp),
                    srcset: sized.srcset(sized.own_format()),
                    width: sized.width,
                    height: sized.height,
                })
            })
            .collect()
    }
}

/// A row of a city's milestone timeline.
pub struct MilestoneView<'a> {
    pub milestone: &'a Milestone,
    pub date: DateText,
}

impl<'a> CityPage<'a> {
    /// `events` and `news` are those about the city, soonest and latest first; the page lists
    /// the first few.
    pub fn new(
        content: &'a Content,
        city: &'a City,
        now: Timestamp,
        mut events: Vec<EventView<'a>>,
        mut news: Vec<NewsView<'a>>,
        photos: Vec<PhotoView<'a>>,
    ) -> Self {
        let home = &content.site.city;
        let heading = format::place_name(city);
        let path = paths::city(city.slug.as_str());
        let mut layout = Layout::new(content, &heading, path, city.summary.clone())
            .with_crumbs(content, &[(CITIES_HEADING, paths::CITIES)]);
        let more_events = events.len() > CITY_EVENTS;
        events.truncate(CITY_EVENTS);
        let more_news = news.len() > CITY_NEWS;
        news.truncate(CITY_NEWS);
        layout.json_ld = Some(jsonld::city(city, &layout.canonical()));
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
            heading,
            native_differs: city.native_name.trim() != city.name.trim(),
            time_zone: format::zone_name(&city.time_zone),
            sources: sources(city.milestones.iter().filter_map(|m| m.source.as_deref())),
            distance: Distance::between(home.location, city.location).text(),
            clock: Clock::at(now, &city.time_zone.tz, &home.time_zone.tz, &home.name),
            partnership: Partnership::of(city, today),
            events,
            more_events,
            news,
            more_news,
            photos,
            population,
            agreement: city.agreement().map(|m| DateText::of(m.date)),
            milestones: city
                .milestones
                .iter()
                .map(|milestone| MilestoneView {
                    milestone,
                    date: DateText::of(milestone.date),
                })
                .collect(),
        }
    }
}

/// The heading of the directory of all sister cities, and its label in breadcrumbs.
pub const CITIES_HEADING: &str = "All sister cities";

/// `/cities` and `/cities/page/{n}`: every sister city by country, in pages of
/// [`CITIES_PER_PAGE`].
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
        let country_count = format::count(ids.len() as u64, "country", "countries");
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
