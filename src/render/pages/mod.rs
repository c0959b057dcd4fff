//! One askama template struct per page, by family, and the small view types they show. Values
//! are prepared here (formatted numbers, addresses) so that templates stay free of logic.
//!
//! - `home`: `/`
//! - `cities`: a sister city's page, and the directory of all of them
//! - `events`: `/events`, a year's events, an event's page
//! - `news`: the news, in pages, and a news item's page
//! - `text`: "Get involved", pages of their own, the page not found

pub mod cities;
pub mod events;
pub mod home;
pub mod news;
pub mod text;

use std::collections::HashMap;

use crate::content::model::{City, Slug};
use crate::paths;

use super::format;
use super::language::Lang;
use super::open_city::OpenCity;
use super::reads::{self, Read};

// How much a page lists, so that every page stays light however much content there is. The
// small site shows everything; beyond these numbers, lists go on pages of their own.

/// Sister cities with a card on the home page (the oldest partnerships) and a marker on its
/// map. With more, the home page links to the directory of all sister cities (`/cities`).
pub const HOME_CITIES: usize = super::map::FEATURED;
/// Upcoming events on the home page.
pub const HOME_EVENTS: usize = 3;
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

/// A link to a page of the site, with its words.
pub struct PageLink {
    pub label: String,
    pub href: String,
}

impl PageLink {
    /// A sister city's page, named with its country.
    pub fn city(lang: &Lang, city: &City) -> PageLink {
        PageLink {
            label: format::place_name(city),
            href: lang.path(&paths::city(city.slug.as_str())),
        }
    }
}

/// Each source once, in the order first named: a source field may name several, separated by
/// semicolons ("Seika Town official website; Oklahoma Municipal League, ...").
pub fn sources<'s>(fields: impl IntoIterator<Item = &'s str>) -> Vec<String> {
    let mut sources: Vec<String> = Vec::new();
    for source in fields.into_iter().flat_map(|field| field.split(';')) {
        let source = source.trim();
        if !source.is_empty() && !sources.iter().any(|s| s == source) {
            sources.push(source.to_owned());
        }
    }
    sources
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

    /// What the open data shows of every city, in order (all that is read of them).
    pub fn open_data(&self) -> Vec<OpenCity<'a>> {
        reads::read(Read::OpenData);
        self.list.iter().map(|city| OpenCity::of(city)).collect()
    }

    /// The public cities among `slugs`, in this list's order.
    pub fn among(&self, slugs: &[Slug]) -> Vec<&'a City> {
        // Each slug is read, found or not: a city added later by that slug shows.
        for slug in slugs {
            reads::read(Read::city(slug.as_str()));
        }
        self.find(slugs)
    }

    /// The public cities among `slugs`, in this list's order, read or not.
    fn find(&self, slugs: &[Slug]) -> Vec<&'a City> {
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

    /// The public cities among `slugs`, as links: what a link shows (see [`Read::CityLink`])
    /// is all that is read of them.
    pub fn links(&self, lang: &Lang, slugs: &[Slug]) -> Vec<PageLink> {
        for slug in slugs {
            reads::read(Read::CityLink(slug.as_str().into()));
        }
        self.find(slugs)
            .into_iter()
            .map(|city| PageLink::city(lang, city))
            .collect()
    }
}

impl<'a> std::ops::Deref for PublicCities<'a> {
    type Target = [&'a City];

    fn deref(&self) -> &Self::Target {
        reads::read(Read::Cities);
        &self.list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_source_is_listed_once_in_the_order_first_named() {
        assert_eq!(
            sources([
                "Seika Town official website; Oklahoma Municipal League, Q&A",
                "Oklahoma Municipal League, Q&A",
                " ; ",
                "Tuscan press",
            ]),
            [
                "Seika Town official website",
                "Oklahoma Municipal League, Q&A",
                "Tuscan press"
            ]
        );
    }
}
