//! `/`: the Sister Cities page, with the sister cities' cards, the map and the next events.

use askama::Template;

use crate::content::Content;
use crate::content::model::{City, Program};
use crate::paths;
use crate::render::facts::Distance;
use crate::render::format::{self, thousands};
use crate::render::jsonld;
use crate::render::layout::Layout;
use crate::render::map::Map;

use super::events::EventView;
use super::{HOME_CITIES, PageLink};

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

/// A sister city's card on the home page.
pub struct CityCard<'a> {
    pub city: &'a City,
    pub link: PageLink,
    /// "1994", or empty when no agreement is recorded.
    pub agreement_year: String,
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
            .map(|city| format::place_name(city))
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
        layout.json_ld = Some(jsonld::home(content, &layout.canonical()));
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
                    link: PageLink::city(city),
                    agreement_year: city
                        .agreement()
                        .map(|m| m.date.year.to_string())
                        .unwrap_or_default(),
                })
                .collect(),
        }
    }
}
