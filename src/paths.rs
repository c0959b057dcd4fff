//! Every address of the site, in one place. Pages and templates link with these, the renderer
//! puts each page, feed and file at its address (src/render/routes.rs), the router answers the
//! few addresses that are not pages, and the check of page names keeps a page of its own off
//! them ([`RESERVED_SLUGS`]). Nothing else writes an address by hand.
//!
//! | address                   | what                                             |
//! |---------------------------|--------------------------------------------------|
//! | `/`                       | the Sister Cities page, the map, the next events |
//! | `/cities/{slug}`          | one sister city                                  |
//! | `/cities`, `/cities/page/{n}` | every sister city by country                 |
//! | `/events`, `/events/{slug}` | events and anniversaries; one event            |
//! | `/events/year/{year}`, `…/page/{n}` | a year's events (when `/events` cannot list all) |
//! | `/events.ics`, `/events/{slug}.ics` | iCalendar: every event; one event      |
//! | `/news`, `/news/page/{n}`, `/news/{slug}` | news, newest first; one item     |
//! | `/feed.xml`               | Atom feed of the news                            |
//! | `/get-involved`           | how to take part                                 |
//! | `/{slug}`                 | a page of its own (content/pages/{slug}.toml)    |
//! | `/cities.json`, `/cities.csv` | the partnerships as open data                |
//! | `/sitemap.xml`, `/robots.txt`, `/site.webmanifest` | for crawlers and browsers |
//! | `/static/...`             | static files (fingerprinted, and plain from disk)|
//! | `/static/map/world-{light,dark}.{hash}.svg` | the map's background image      |
//! | `/static/photos/{hash}-{width}.{ext}` | a photo's sizes (its original is not served) |
//! | `/healthz`                | for load balancers and monitoring                |
//! | `/staff`, `/staff/preview/...` | for staff, behind a login: problems, schedule, drafts, history; a draft page as it will look |
//!
//! Every page is also in each further language of the site (site.toml's `languages`, after
//! English), at the same address under the language's tag: `/es` (the home page),
//! `/es/cities/seika`, `/es/events`, `/es/feed.xml`, `/es/events.ics`. English keeps its
//! addresses, with no prefix. [`in_language`] writes the one rule, [`twin`] finds a page's
//! address in another language, and [`language_of`] which language an address is in. The
//! open data, the sitemap, robots.txt, the manifest and the static files are not per language.
//!
//! Pages deeper than `/cities/{slug}`, `/events/{slug}` and `/news/{slug}` (`/cities/page/2`,
//! `/events/year/2025`) cannot collide with a content file's name, as a slug has no `/`.
//!
//! This module depends on nothing else in the program, so that both the content checks and
//! the renderer can use it.

/// The Sister Cities page.
pub const HOME: &str = "/";
/// The directory of all sister cities, by country.
pub const CITIES: &str = "/cities";
pub const CITIES_JSON: &str = "/cities.json";
pub const CITIES_CSV: &str = "/cities.csv";
pub const EVENTS: &str = "/events";
/// Every event, as iCalendar.
pub const CALENDAR: &str = "/events.ics";
pub const NEWS: &str = "/news";
/// The news, as Atom.
pub const FEED: &str = "/feed.xml";
pub const GET_INVOLVED: &str = "/get-involved";
/// The sitemap's index; its parts are at [`sitemap_part`].
pub const SITEMAP: &str = "/sitemap.xml";
pub const ROBOTS: &str = "/robots.txt";
pub const MANIFEST: &str = "/site.webmanifest";
/// Browsers ask for the icon by this name; it is also in the static folder.
pub const FAVICON: &str = "/favicon.ico";
/// The static folder (`static/`): files are served below it.
pub const STATIC: &str = "/static";
pub const STYLESHEET: &str = "/static/css/site.css";
/// The map's background image in each colour theme, before its fingerprint and extension.
pub const MAP_LIGHT: &str = "/static/map/world-light";
pub const MAP_DARK: &str = "/static/map/world-dark";
/// For load balancers and monitoring.
pub const HEALTHZ: &str = "/healthz";
/// The staff pages, behind a login (`sister-cities staff add`): never in the sitemap.
pub const STAFF: &str = "/staff";
/// A page of the site with drafts and scheduled items shown: `/staff/preview/cities/seika`.
pub const STAFF_PREVIEW: &str = "/staff/preview";
/// The page not found's own address, for its canonical link; it is served at every unknown
/// address, with status 404.
pub const NOT_FOUND: &str = "/404";

/// The first part of every address the site itself uses (and, for a file at the top, its
/// name without the extension): a page of its own, at `/{slug}`, may not take one.
pub const RESERVED_SLUGS: [&str; 12] = [
    top(CITIES),
    top(EVENTS),
    top(NEWS),
    top(GET_INVOLVED),
    top(STATIC),
    top(HEALTHZ),
    top(FAVICON),
    stem(FEED),
    stem(SITEMAP),
    stem(ROBOTS),
    stem(MANIFEST),
    top(STAFF),
];

/// A sister city's page.
pub fn city(slug: &str) -> String {
    format!("{CITIES}/{slug}")
}

/// A page of the directory: `/cities`, then `/cities/page/2`...
pub fn cities_page(number: usize) -> String {
    if number <= 1 {
        CITIES.to_owned()
    } else {
        format!("{CITIES}/page/{number}")
    }
}

/// An event's page.
pub fn event(slug: &str) -> String {
    format!("{EVENTS}/{slug}")
}

/// An event's own iCalendar file, beside its page.
pub fn event_calendar(slug: &str) -> String {
    format!("{EVENTS}/{slug}.ics")
}

/// A page of a year's events: `/events/year/2025`, then `/events/year/2025/page/2`...
pub fn events_year(year: i16, number: usize) -> String {
    if number <= 1 {
        format!("{EVENTS}/year/{year}")
    } else {
        format!("{EVENTS}/year/{year}/page/{number}")
    }
}

/// A news item's page.
pub fn news_item(slug: &str) -> String {
    format!("{NEWS}/{slug}")
}

/// A page of the news: `/news`, then `/news/page/2`...
pub fn news_page(number: usize) -> String {
    if number <= 1 {
        NEWS.to_owned()
    } else {
        format!("{NEWS}/page/{number}")
    }
}

/// A part of the sitemap, listed in its index at [`SITEMAP`]: `/sitemap-1.xml`...
pub fn sitemap_part(number: usize) -> String {
    format!("/sitemap-{number}.xml")
}

/// A page of its own (content/pages/{slug}.toml): `/accessibility`.
pub fn page(slug: &str) -> String {
    format!("/{slug}")
}

/// A page of the site as a draft preview: `/cities/seika` -> `/staff/preview/cities/seika`,
/// `/` -> `/staff/preview`.
pub fn staff_preview(path: &str) -> String {
    match path {
        HOME => STAFF_PREVIEW.to_owned(),
        _ => format!("{STAFF_PREVIEW}{path}"),
    }
}

/// A file of the static folder by its path there: `css/site.css` -> `/static/css/site.css`.
/// One size of a photo, named by the photo's content hash (`key`).
pub fn photo(key: &str, width: u32, extension: &str) -> String {
    format!("{STATIC}/photos/{key}-{width}.{extension}")
}

pub fn static_file(relative: &str) -> String {
    format!("{STATIC}/{relative}")
}

/// The address of the page at `path` (an English address) in the further language `tag`:
/// `/cities/seika` -> `/es/cities/seika`, `/` -> `/es`. Each page has one address, without a
/// slash at the end, so the home page of a language is `/es` (`/es/` is answered 301 to it,
/// as any address with a slash at the end).
pub fn in_language(path: &str, tag: &str) -> String {
    if path == HOME {
        format!("/{tag}")
    } else {
        format!("/{tag}{path}")
    }
}

/// The language of an address among `languages` (the source language first): the further
/// language whose tag starts it (`/es`, `/es/...`), else the source language.
pub fn language_of<'l>(path: &str, languages: &[&'l str]) -> Option<&'l str> {
    let further = languages.iter().skip(1).find(|tag| {
        path.strip_prefix('/')
            .and_then(|rest| rest.strip_prefix(**tag))
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    });
    further.or(languages.first()).copied()
}

/// The English address of a page at `path` in any of `languages`: `/es/events` -> `/events`.
pub fn in_source(path: &str, languages: &[&str]) -> String {
    match language_of(path, languages) {
        Some(tag) if languages.first() != Some(&tag) => {
            let rest = &path[1 + tag.len()..];
            if rest.is_empty() {
                HOME.to_owned()
            } else {
                rest.to_owned()
            }
        }
        _ => path.to_owned(),
    }
}

/// The same page in the language `to`: `/es/cities/seika` -> `/cities/seika` for English,
/// `/news` -> `/es/news` for Spanish.
pub fn twin(path: &str, languages: &[&str], to: &str) -> String {
    let source = in_source(path, languages);
    if languages.first() == Some(&to) {
        source
    } else {
        in_language(&source, to)
    }
}

/// "/cities" -> "cities", "/favicon.ico" -> "favicon.ico".
const fn top(path: &'static str) -> &'static str {
    match path.as_bytes() {
        [b'/', rest @ ..] => match std::str::from_utf8(rest) {
            Ok(name) => name,
            Err(_) => path,
        },
        _ => path,
    }
}

/// "/feed.xml" -> "feed".
const fn stem(path: &'static str) -> &'static str {
    let name = top(path);
    let bytes = name.as_bytes();
    let mut end = 0;
    while end < bytes.len() && bytes[end] != b'.' {
        end += 1;
    }
    match std::str::from_utf8(bytes.split_at(end).0) {
        Ok(stem) => stem,
        Err(_) => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reserved_names_are_the_first_parts_of_the_sites_addresses() {
        assert_eq!(
            RESERVED_SLUGS,
            [
                "cities",
                "events",
                "news",
                "get-involved",
                "static",
                "healthz",
                "favicon.ico",
                "feed",
                "sitemap",
                "robots",
                "site",
                "staff",
            ]
        );
    }

    #[test]
    fn every_page_has_a_twin_under_the_languages_tag() {
        let languages = ["en", "es"];
        assert_eq!(in_language("/", "es"), "/es");
        assert_eq!(in_language("/cities/seika", "es"), "/es/cities/seika");
        assert_eq!(twin("/", &languages, "es"), "/es");
        assert_eq!(twin("/es", &languages, "en"), "/");
        assert_eq!(twin("/es/news/page/2", &languages, "en"), "/news/page/2");
        assert_eq!(twin("/events.ics", &languages, "es"), "/es/events.ics");
        assert_eq!(twin("/es/events", &languages, "es"), "/es/events");
        assert_eq!(language_of("/es/cities", &languages), Some("es"));
        assert_eq!(language_of("/escuelas", &languages), Some("en"));
        assert_eq!(language_of("/", &languages), Some("en"));
    }

    #[test]
    fn the_first_page_of_a_list_is_at_the_lists_own_address() {
        assert_eq!(cities_page(1), "/cities");
        assert_eq!(cities_page(3), "/cities/page/3");
        assert_eq!(news_page(1), "/news");
        assert_eq!(news_page(2), "/news/page/2");
        assert_eq!(events_year(2025, 1), "/events/year/2025");
        assert_eq!(events_year(2025, 2), "/events/year/2025/page/2");
        assert_eq!(staff_preview("/"), "/staff/preview");
        assert_eq!(
            staff_preview("/cities/seika"),
            "/staff/preview/cities/seika"
        );
    }
}
