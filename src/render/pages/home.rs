//! `/`: the Sister Cities page: the sister cities first (numbered cards beside the map), then
//! the program's text from Sister Cities International, then the next events.

use askama::Template;

use crate::content::Content;
use crate::content::model::{City, Program};
use crate::paths;
use crate::render::facts::Distance;
use crate::render::format;
use crate::render::jsonld;
use crate::render::language::Lang;
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
    /// The oldest partnerships, at most [`HOME_CITIES`], numbered as on the map: the map's
    /// key and its text equivalent, and the one link to each city.
    pub cards: Vec<CityCard<'a>>,
    /// When not every sister city has a card: the link to the directory.
    pub more_cities: Option<MoreCities>,
    pub map: Map,
    /// The next few events.
    pub next_events: Vec<EventView<'a>>,
}

/// A sister city's card on the home page.
pub struct CityCard<'a> {
    /// "1": its number on the map.
    pub number: usize,
    pub city: &'a City,
    /// "Seika, Japan", to the city's page.
    pub link: PageLink,
    /// The name in the local language differs from the English one, so the card gives it.
    pub native_differs: bool,
    /// "1994", or empty when no agreement is recorded.
    pub agreement_year: String,
    /// "10,473 km (6,507 miles)"
    pub distance: String,
}

/// The sister cities beyond those on the home page, in the directory.
pub struct MoreCities {
    /// How many sister cities there are.
    pub total: usize,
}

impl<'a> Home<'a> {
    /// The home page of `cities` (oldest partnership first), with its `map` drawn already.
    pub fn new(
        content: &'a Content,
        lang: &'a Lang<'a>,
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
        let more_cities = (cities.len() > featured.len()).then_some(MoreCities {
            total: cities.len(),
        });
        let city = ("city", site.city.official_name.as_str().into());
        let description = match &more_cities {
            None => lang.text("home-description", &[city, ("names", names.into())]),
            Some(more) => lang.text(
                "home-description-more",
                &[city, ("count", more.total.into()), ("names", names.into())],
            ),
        };
        let mut layout = Layout::new(
            content,
            lang,
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
            next_events,
            cards: featured
                .iter()
                .enumerate()
                .map(|(i, city)| CityCard {
                    number: i + 1,
                    city,
                    link: PageLink::city(lang, city),
                    native_differs: city.native_name.trim() != city.name.trim(),
                    agreement_year: city
                        .agreement()
                        .map(|m| m.date.year.to_string())
                        .unwrap_or_default(),
                    distance: Distance::between(home, city.location).text(lang),
                })
                .collect(),
        }
    }
}
