//! Open data and discoverability: the partnerships as JSON and CSV, the sitemap, robots.txt
//! and the web app manifest. All come from the same content as the pages.

use askama::Template;
use serde::Serialize;

use crate::content::Content;
use crate::content::model::MilestoneKind;
use crate::paths;

use super::error::RenderError;
use super::facts::Distance;
use super::format;
use super::open_city::OpenCity;
use super::reads::{self, Read};

/// `/cities.json`: the home city and every partnership.
#[derive(Serialize)]
struct CitiesJson<'a> {
    home: HomeJson<'a>,
    cities: Vec<CityJson<'a>>,
}

#[derive(Serialize)]
struct HomeJson<'a> {
    name: &'a str,
    official_name: &'a str,
    state: &'a str,
    latitude: f64,
    longitude: f64,
    time_zone: &'a str,
    website: &'a str,
    population: PopulationJson,
}

#[derive(Serialize)]
struct PopulationJson {
    count: u64,
    year: i16,
    estimate: bool,
}

#[derive(Serialize)]
struct CityJson<'a> {
    slug: &'a str,
    page: String,
    name: &'a str,
    native_name: &'a str,
    native_name_lang: &'a str,
    country: &'a str,
    country_code: &'a str,
    region: &'a str,
    latitude: f64,
    longitude: f64,
    time_zone: &'a str,
    website: &'a str,
    population: PopulationJson,
    distance_km: u64,
    distance_miles: u64,
    /// The sister-city agreement's date: "1994", "2000-10" or "2005-09-01".
    sister_city_since: Option<String>,
    milestones: Vec<MilestoneJson<'a>>,
}

#[derive(Serialize)]
struct MilestoneJson<'a> {
    kind: MilestoneKind,
    date: String,
    note: &'a str,
    uncertain: bool,
    source: Option<&'a str>,
}

pub fn cities_json(content: &Content, cities: &[OpenCity]) -> Result<String, RenderError> {
    reads::read(Read::Shared);
    let home = &content.site.city;
    let base = content.site.base_url.origin_and_path();
    let data = CitiesJson {
        home: HomeJson {
            name: &home.name,
            official_name: &home.official_name,
            state: &home.state,
            latitude: home.location.lat,
            longitude: home.location.lon,
            time_zone: &home.time_zone.name,
            website: home.website.as_str(),
            population: PopulationJson {
                count: home.population.count,
                year: home.population.year,
                estimate: home.population.estimate,
            },
        },
        cities: cities
            .iter()
            .map(|city| {
                let distance = Distance::between(home.location, city.location);
                CityJson {
                    slug: city.slug,
                    page: format!("{base}{}", paths::city(city.slug)),
                    name: city.name,
                    native_name: city.native_name,
                    native_name_lang: city.native_name_lang,
                    country: city.country,
                    country_code: city.country_code,
                    region: city.region,
                    latitude: city.location.lat,
                    longitude: city.location.lon,
                    time_zone: city.time_zone,
                    website: city.website,
                    population: PopulationJson {
                        count: city.population.count,
                        year: city.population.year,
                        estimate: city.population.estimate,
                    },
                    distance_km: distance.whole_km(),
                    distance_miles: distance.whole_miles(),
                    sister_city_since: city
                        .milestone(MilestoneKind::SisterCityAgreement)
                        .map(|m| m.date.iso()),
                    milestones: city
                        .milestones
                        .iter()
                        .map(|m| MilestoneJson {
                            kind: m.kind,
                            date: m.date.iso(),
                            note: &m.note,
                            uncertain: m.uncertain,
                            source: m.source.as_deref(),
                        })
                        .collect(),
                }
            })
            .collect(),
    };
    let mut json = serde_json::to_string_pretty(&data)
        .map_err(|source| RenderError::write(paths::CITIES_JSON, source))?;
    json.push('\n');
    Ok(json)
}

/// `/cities.csv`: one row per partnership, the columns of a spreadsheet.
#[derive(Serialize)]
struct CityRow<'a> {
    slug: &'a str,
    name: &'a str,
    native_name: &'a str,
    native_name_lang: &'a str,
    country: &'a str,
    country_code: &'a str,
    region: &'a str,
    latitude: f64,
    longitude: f64,
    time_zone: &'a str,
    population: u64,
    population_year: i16,
    population_estimate: bool,
    website: &'a str,
    page: String,
    first_contact: String,
    friendship_agreement: String,
    sister_city_since: String,
    sister_city_since_uncertain: bool,
    distance_km: u64,
    distance_miles: u64,
}

/// Lines end in CRLF (RFC 4180 2.1), and the file starts with a UTF-8 byte order mark: without
/// it, Excel on Windows reads the file in the system's code page and garbles names such as
/// 精華町. CSV readers (Python's `utf-8-sig`, the csv crate, LibreOffice) skip it.
pub fn cities_csv(content: &Content, cities: &[OpenCity]) -> Result<String, RenderError> {
    reads::read(Read::Shared);
    let home = &content.site.city;
    let base = content.site.base_url.origin_and_path();
    let fail = |source: csv::Error| RenderError::write(paths::CITIES_CSV, source);
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer("\u{feff}".as_bytes().to_vec());
    for city in cities {
        let date_of = |kind| {
            city.milestone(kind)
                .map(|m| m.date.iso())
                .unwrap_or_default()
        };
        let distance = Distance::between(home.location, city.location);
        let agreement = city.milestone(MilestoneKind::SisterCityAgreement);
        writer
            .serialize(CityRow {
                slug: city.slug,
                name: city.name,
                native_name: city.native_name,
                native_name_lang: city.native_name_lang,
                country: city.country,
                country_code: city.country_code,
                region: city.region,
                latitude: city.location.lat,
                longitude: city.location.lon,
                time_zone: city.time_zone,
                population: city.population.count,
                population_year: city.population.year,
                population_estimate: city.population.estimate,
                website: city.website,
                page: format!("{base}{}", paths::city(city.slug)),
                first_contact: date_of(MilestoneKind::FirstContact),
                friendship_agreement: date_of(MilestoneKind::FriendshipAgreement),
                sister_city_since: date_of(MilestoneKind::SisterCityAgreement),
                sister_city_since_uncertain: agreement.is_some_and(|m| m.uncertain),
                distance_km: distance.whole_km(),
                distance_miles: distance.whole_miles(),
            })
            .map_err(fail)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|source| RenderError::write(paths::CITIES_CSV, source.into_error()))?;
    String::from_utf8(bytes).map_err(|source| RenderError::write(paths::CITIES_CSV, source))
}

/// `/site.webmanifest`: the site's name and icon for "add to home screen".
pub fn manifest(content: &Content) -> Result<String, RenderError> {
    let site = &content.site;
    // The colours are the stylesheet's `--sc-color-bg` and `--sc-color-brand` tokens.
    let manifest = serde_json::json!({
        "name": format::site_name(site),
        "short_name": site.program_name,
        "description": format!(
            "The {} program of the {}.",
            site.program_name, site.city.official_name
        ),
        "lang": "en",
        "start_url": paths::HOME,
        "scope": paths::HOME,
        "display": "browser",
        "background_color": "#ffffff",
        "theme_color": "#162e51",
        "icons": [
            { "src": paths::FAVICON, "sizes": "16x16 32x32 48x48", "type": "image/x-icon" }
        ],
    });
    let mut json = serde_json::to_string_pretty(&manifest)
        .map_err(|source| RenderError::write(paths::MANIFEST, source))?;
    json.push('\n');
    Ok(json)
}

/// One page in the sitemap. A site at scale lists tens of thousands: each is kept as its
/// address and day, and the full addresses are written out only into the sitemap itself.
#[derive(Hash)]
pub struct SitemapEntry {
    /// The page's address in its language ("/es/cities/seika").
    pub path: String,
    /// When its content last changed.
    pub lastmod: jiff::civil::Date,
}

/// The pages listed in one part of the sitemap. The protocol allows 50,000 a file, which a
/// site in three languages would pass at scale; and a part is written again only when a page
/// it lists changes day or address: of a thousand pages (some 400 KB with their twins), a
/// part is rendered and compressed in milliseconds, where a whole sitemap of 15,000 pages
/// took 6 MB and, to compress, some 17 MB more for a moment.
pub const SITEMAP_PART: usize = 1_000;

/// A part of the sitemap: its address, its pages, and the last day one of them changed.
pub struct SitemapPart<'a> {
    pub path: String,
    pub entries: &'a [SitemapEntry],
    pub lastmod: jiff::civil::Date,
}

/// The sitemap's parts, in the order of its pages.
pub fn sitemap_parts(entries: &[SitemapEntry]) -> Vec<SitemapPart<'_>> {
    entries
        .chunks(SITEMAP_PART)
        .enumerate()
        .map(|(n, entries)| SitemapPart {
            path: paths::sitemap_part(n + 1),
            entries,
            lastmod: entries
                .iter()
                .map(|entry| entry.lastmod)
                .max()
                .unwrap_or_default(),
        })
        .collect()
}

/// `/sitemap.xml` (sitemaps.org 0.9): the index of the sitemap's parts, each with the last
/// day a page it lists changed.
#[derive(Template)]
#[template(path = "sitemap-index.xml")]
pub struct SitemapIndex<'a> {
    /// The site's public address, without the final slash.
    pub base: &'a str,
    pub parts: &'a [SitemapPart<'a>],
}

/// A part of the sitemap (`/sitemap-1.xml`, sitemaps.org 0.9): up to [`SITEMAP_PART`] pages;
/// askama escapes the addresses for XML.
#[derive(Template)]
#[template(path = "sitemap.xml")]
pub struct Sitemap<'a> {
    /// The site's public address, without the final slash.
    pub base: &'a str,
    /// The site's languages, its first one first: with more than one, each page is listed
    /// with its twin in every language.
    pub languages: &'a [String],
    pub entries: &'a [SitemapEntry],
}

impl Sitemap<'_> {
    /// The page in every language, and the first language's as the default: (hreflang,
    /// address).
    fn alternates(&self, entry: &SitemapEntry) -> Vec<(&str, String)> {
        if self.languages.len() < 2 {
            return Vec::new();
        }
        let tags: Vec<&str> = self.languages.iter().map(String::as_str).collect();
        let mut twins: Vec<(&str, String)> = tags
            .iter()
            .map(|tag| (*tag, self.address(&paths::twin(&entry.path, &tags, tag))))
            .collect();
        if let Some((_, source)) = twins.first() {
            let source = source.clone();
            twins.push(("x-default", source));
        }
        twins
    }

    fn address(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Renders the part, with a final newline, into one buffer sized for it: grown by
    /// doubling, it would hold its old and new halves at once.
    pub fn render_sized(&self) -> Result<String, askama::Error> {
        let mut text = String::with_capacity(self.size());
        self.render_into(&mut text)?;
        text.push('\n');
        Ok(text)
    }

    /// A little more than the part's length.
    fn size(&self) -> usize {
        // Per entry: the <url> element with its <loc> and <lastmod>, and one <xhtml:link> per
        // alternate; each address is the base and a path up to a few bytes longer ("/es").
        let links = match self.languages.len() {
            0 | 1 => 0,
            n => n + 1,
        };
        let entries: usize = self
            .entries
            .iter()
            .map(|entry| {
                let address = self.base.len() + entry.path.len() + 8;
                60 + address + links * (50 + address)
            })
            .sum();
        entries + 256
    }
}

/// `/robots.txt`: everything may be crawled; the sitemap is named.
#[derive(Template)]
#[template(path = "robots.txt")]
pub struct Robots {
    pub sitemap: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(paths: &[&str]) -> Vec<SitemapEntry> {
        paths
            .iter()
            .map(|path| SitemapEntry {
                path: (*path).to_owned(),
                lastmod: jiff::civil::date(2026, 6, 1),
            })
            .collect()
    }

    fn sitemap<'a>(languages: &'a [String], entries: &'a [SitemapEntry]) -> Sitemap<'a> {
        Sitemap {
            base: "https://sistercities.example.gov",
            languages,
            entries,
        }
    }

    #[test]
    fn the_pages_are_listed_in_parts_of_a_thousand_each_dated_by_its_latest_page() {
        let paths: Vec<String> = (0..2_500).map(|n| format!("/events/e-{n}")).collect();
        let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
        let mut entries = entries(&paths);
        entries[1_000].lastmod = jiff::civil::date(2026, 7, 4);
        entries[2_499].lastmod = jiff::civil::date(2026, 8, 1);
        let parts = sitemap_parts(&entries);
        let summary: Vec<(&str, usize, &str, String)> = parts
            .iter()
            .map(|part| {
                let first = part.entries[0].path.as_str();
                (
                    part.path.as_str(),
                    part.entries.len(),
                    first,
                    part.lastmod.to_string(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "/sitemap-1.xml",
                    1_000,
                    "/events/e-0",
                    "2026-06-01".to_owned()
                ),
                (
                    "/sitemap-2.xml",
                    1_000,
                    "/events/e-1000",
                    "2026-07-04".to_owned()
                ),
                (
                    "/sitemap-3.xml",
                    500,
                    "/events/e-2000",
                    "2026-08-01".to_owned()
                ),
            ]
        );
        let index = SitemapIndex {
            base: "https://sistercities.example.gov",
            parts: &parts,
        };
        assert_eq!(
            index.render().unwrap(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n\
             <sitemap><loc>https://sistercities.example.gov/sitemap-1.xml</loc>\
             <lastmod>2026-06-01</lastmod></sitemap>\n\
             <sitemap><loc>https://sistercities.example.gov/sitemap-2.xml</loc>\
             <lastmod>2026-07-04</lastmod></sitemap>\n\
             <sitemap><loc>https://sistercities.example.gov/sitemap-3.xml</loc>\
             <lastmod>2026-08-01</lastmod></sitemap>\n\
             </sitemapindex>"
        );
        assert!(sitemap_parts(&[]).is_empty());
    }

    #[test]
    fn a_sitemap_is_written_into_a_buffer_of_about_its_size() {
        let two = ["en".to_owned(), "es".to_owned()];
        let one = ["en".to_owned()];
        let paths: Vec<String> = (0..2_000)
            .flat_map(|n| [format!("/cities/city-{n}"), format!("/es/events/event-{n}")])
            .collect();
        let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
        let entries = entries(&paths);
        for languages in [&two[..], &one[..]] {
            let sitemap = sitemap(languages, &entries);
            let text = sitemap.render_sized().unwrap();
            assert!(text.ends_with("</urlset>\n"));
            // Never grown (which would double it), and not much more than it needs.
            assert!(
                sitemap.size() >= text.len(),
                "{} < {}",
                sitemap.size(),
                text.len()
            );
            assert!(sitemap.size() * 10 <= text.len() * 13);
            assert_eq!(text.capacity(), sitemap.size());
        }
    }

    #[test]
    fn each_page_is_listed_with_its_twins_and_the_first_language_as_the_default() {
        let two = ["en".to_owned(), "es".to_owned()];
        let seika = entries(&["/es/cities/seika"]);
        let text = sitemap(&two, &seika).render_sized().unwrap();
        assert!(text.contains(
            "<url><loc>https://sistercities.example.gov/es/cities/seika</loc>\
             <lastmod>2026-06-01</lastmod>\
             <xhtml:link rel=\"alternate\" hreflang=\"en\" \
             href=\"https://sistercities.example.gov/cities/seika\"/>\
             <xhtml:link rel=\"alternate\" hreflang=\"es\" \
             href=\"https://sistercities.example.gov/es/cities/seika\"/>\
             <xhtml:link rel=\"alternate\" hreflang=\"x-default\" \
             href=\"https://sistercities.example.gov/cities/seika\"/></url>"
        ));
        let one = ["en".to_owned()];
        let seika = entries(&["/cities/seika"]);
        let text = sitemap(&one, &seika).render_sized().unwrap();
        assert!(!text.contains("xhtml:link"));
    }
}
