//! The sister cities: each one's page (`/cities/{slug}`), and the directory of all of them by
//! country (`/cities`, and `/cities/page/{n}` when they do not fit on one page).

use askama::Template;
use jiff::Timestamp;

use crate::content::Content;
use crate::content::model::{City, Milestone, MilestoneKind};
use crate::paths;
use crate::render::assets::Assets;
use crate::render::facts::{Clock, Distance, Partnership};
use crate::render::format::{self, DateText, anchor};
use crate::render::jsonld;
use crate::render::language::Lang;
use crate::render::layout::Layout;
use crate::render::pagination::{Group, Paged, Pagination, pages_of_groups};
use crate::render::reads::{self, Read};

use super::events::EventView;
use super::news::NewsView;
use super::{CITIES_PER_PAGE, CITY_EVENTS, CITY_NEWS, sources};

/// `/cities/{slug}`: one sister city.
#[derive(Template)]
#[template(path = "pages/city.html")]
pub struct CityPage<'a> {
    pub layout: Layout<'a>,
    pub city: &'a City,
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
    /// "Sister-city agreement"
    pub label: String,
    pub date: DateText,
}

/// What a kind of milestone is called.
fn milestone_label(lang: &Lang, kind: MilestoneKind) -> String {
    lang.t(match kind {
        MilestoneKind::FirstContact => "milestone-first-contact",
        MilestoneKind::FriendshipAgreement => "milestone-friendship-agreement",
        MilestoneKind::SisterCityAgreement => "milestone-sister-city-agreement",
        MilestoneKind::Visit => "milestone-visit",
    })
}

impl<'a> CityPage<'a> {
    /// `events` and `news` are those about the city, soonest and latest first; the page lists
    /// the first few.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        content: &'a Content,
        lang: &'a Lang<'a>,
        city: &'a City,
        now: Timestamp,
        mut events: Vec<EventView<'a>>,
        mut news: Vec<NewsView<'a>>,
        photos: Vec<PhotoView<'a>>,
    ) -> Self {
        // The city, and the moment: its clock shows the minute, its anniversary the day.
        reads::read(Read::city(city.slug.as_str()));
        reads::read(Read::Minute);
        reads::read(Read::Day);
        let home = &content.site.city;
        let heading = format::place_name(city);
        let path = paths::city(city.slug.as_str());
        let cities_heading = lang.t("cities-heading");
        let mut layout = Layout::new(content, lang, &heading, path, city.summary.clone())
            .with_crumbs(content, &[(cities_heading.as_str(), paths::CITIES)]);
        let more_events = events.len() > CITY_EVENTS;
        events.truncate(CITY_EVENTS);
        let more_news = news.len() > CITY_NEWS;
        news.truncate(CITY_NEWS);
        layout.json_ld = Some(jsonld::city(city, &layout.canonical()));
        let today = now.to_zoned_datetime(home.time_zone.tz.clone()).date();
        let population = lang.text(
            if city.population.estimate {
                "population-estimate"
            } else {
                "population-census"
            },
            &[
                ("count", lang.number(city.population.count).into()),
                ("year", city.population.year.to_string().into()),
            ],
        );
        CityPage {
            layout,
            city,
            native_differs: city.native_name.trim() != city.name.trim(),
            time_zone: format::zone_name(lang, &city.time_zone),
            sources: sources(city.milestones.iter().filter_map(|m| m.source.as_deref())),
            distance: Distance::between(home.location, city.location).text(lang),
            clock: Clock::at(
                lang,
                now,
                &city.time_zone.tz,
                &home.time_zone.tz,
                &home.name,
            ),
            partnership: Partnership::of(lang, city, today),
            events,
            more_events,
            news,
            more_news,
            photos,
            population,
            agreement: city.agreement().map(|m| DateText::of(lang, m.date)),
            milestones: city
                .milestones
                .iter()
                .map(|milestone| MilestoneView {
                    milestone,
                    label: milestone_label(lang, milestone.kind),
                    date: DateText::of(lang, milestone.date),
                })
                .collect(),
        }
    }
}

/// `/cities` and `/cities/page/{n}`: every sister city by country, in pages of
/// [`CITIES_PER_PAGE`].
#[derive(Template)]
#[template(path = "pages/cities.html")]
pub struct CitiesPage<'a> {
    pub layout: Layout<'a>,
    /// The last breadcrumb: this page's own label.
    pub crumb: String,
    /// How many sister cities there are.
    pub total: usize,
    /// How many countries they are in.
    pub country_count: usize,
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
    pub fn all(
        content: &'a Content,
        lang: &'a Lang<'a>,
        cities: &[&'a City],
    ) -> Vec<(String, CitiesPage<'a>)> {
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
                href: lang.path(&paths::city(city.slug.as_str())),
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
                        href: format!("{}#{}", lang.path(&paths::cities_page(i + 1)), group.id),
                        count: lang.number(count as u64),
                    });
                }
            }
        }
        let site = &content.site;
        let total = cities.len();
        let country_count = ids.len();
        let mut countries = Some(countries);
        let heading = lang.t("cities-heading");
        let paged = Paged {
            heading: &heading,
            label: lang.t("cities-pages-label"),
            parents: &[],
            path: &paths::cities_page,
        };
        paged
            .all(content, lang, pages, |pagination| {
                lang.text(
                    "cities-description",
                    &[
                        ("city", site.city.official_name.as_str().into()),
                        ("total", total.into()),
                        ("countries", country_count.into()),
                        ("page", pagination.of_total().into()),
                    ],
                )
            })
            .into_iter()
            .map(|(page, groups)| {
                let path = page.path;
                let page = CitiesPage {
                    layout: page.layout,
                    crumb: page.crumb,
                    total,
                    country_count,
                    countries: countries.take().unwrap_or_default(),
                    groups,
                    pagination: page.pagination,
                };
                (path, page)
            })
            .collect()
    }
}
