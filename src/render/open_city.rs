//! What the open data (`/cities.json`, `/cities.csv`) shows of a sister city, apart from
//! the rest of its file: its fingerprint tells when the open data must be written again.

use crate::content::model::{City, LatLon, Milestone, MilestoneKind, Population};

/// What the open data shows of a sister city: these fields of its file, and no others. The
/// open data reads every city's as one
/// [`Read::OpenData`](super::reads::Read::OpenData), whose fingerprint is made from this
/// view: a field the open data does not show (a summary, a photo) changes without it being
/// written again, and a field it shows is in the comparison as soon as it is here.
#[derive(Debug)]
pub struct OpenCity<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub native_name: &'a str,
    pub native_name_lang: &'a str,
    pub country: &'a str,
    pub country_code: &'a str,
    pub region: &'a str,
    pub location: LatLon,
    pub time_zone: &'a str,
    pub website: &'a str,
    pub population: Population,
    pub milestones: &'a [Milestone],
}

impl<'a> OpenCity<'a> {
    pub fn of(city: &'a City) -> Self {
        OpenCity {
            slug: city.slug.as_str(),
            name: &city.name,
            native_name: &city.native_name,
            native_name_lang: city.native_name_lang.as_str(),
            country: &city.country,
            country_code: &city.country_code,
            region: &city.region,
            location: city.location,
            time_zone: &city.time_zone.name,
            website: city.website.as_str(),
            population: city.population,
            milestones: &city.milestones,
        }
    }

    pub fn milestone(&self, kind: MilestoneKind) -> Option<&'a Milestone> {
        self.milestones.iter().find(|m| m.kind == kind)
    }
}
