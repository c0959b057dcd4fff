//! Rendering: the validated content model -> every page of the site, as bytes in memory.
//!
//! The whole site is rendered at once, off the request path. The router only looks pages up,
//! so a request never waits on a template and never sees a half-built site. (A starting
//! server serves its home pages first, from [`render_first`]; a request for any other page
//! waits until the whole site is live: see [`crate::live`].)

pub mod assets; // the static folder in memory, fingerprinted
mod builder; // collects a site as it is rendered, taking over what did not change
mod codecs; // gzip and brotli, and their settings
mod data; // open data (JSON, CSV), the sitemap, robots.txt, the web app manifest
pub mod encoded; // a body prepared once, in LZ4, gzip and brotli
mod error; // RenderError
mod facts; // distances, local times, anniversaries, event times
mod feeds; // iCalendar and Atom
mod format; // numbers, counts, dates and names as text
mod headers; // how long a response may be kept, its ETag and Last-Modified
mod jsonld; // structured data for search engines
mod language; // the language a page is rendered in, and the same page in the others
mod layout; // what every page shows around itself
mod lz4; // LZ4 forms made against a dictionary
mod map; // the world map's geometry
mod open_city; // what the open data shows of a city
mod packer; // pages kept in LZ4 against a page of their kind; the order long ones are compressed in
mod pages; // one template struct per page, by family
mod pagination; // long lists on pages of a fixed size
mod reads; // what each page read, to render again only the pages an edit changes
mod routes; // what is rendered at each address
mod site; // the rendered site

use std::sync::Arc;

use jiff::Timestamp;

use crate::content::Content;
use crate::i18n::{self, Locale};
pub use assets::Assets;
use builder::Builder;
pub use encoded::Page;
pub use error::RenderError;
pub use headers::Caching;
use language::Lang;
pub use site::{Options, Site};

/// Renders every page of the site in every language, with static URLs left plain (no files in
/// memory). `editions` are the content in each language, English first.
pub fn render(editions: &[Content], options: &Options) -> Result<Site, RenderError> {
    let (content, translations) = match editions.split_first() {
        Some(split) => split,
        None => return Err(RenderError::write("/", "there is no content to render")),
    };
    render_with_assets(content, translations, options, &Assets::default(), None)
}

/// The site's languages that have both an edition of the content and a catalogue, English
/// first, each with its edition.
fn languages<'c>(
    content: &'c Content,
    translations: &'c [Content],
) -> (Vec<Locale>, Vec<&'c Content>) {
    let edition = |tag: &str| {
        std::iter::once(content)
            .chain(translations)
            .find(|edition| edition.language.as_str() == tag)
    };
    let tags = content
        .site
        .languages
        .iter()
        .map(|l| l.as_str())
        .filter(|tag| edition(tag).is_some());
    let locales = i18n::locales(std::iter::once(content.language.as_str()).chain(tags));
    let editions = locales
        .iter()
        .filter_map(|locale| edition(&locale.tag))
        .collect();
    (locales, editions)
}

/// Renders every page of the site in every language (`content` is English, `translations`
/// the other languages' editions), with the static files in memory and fingerprinted. Pages
/// that come out the same as in the `earlier` site (the one being replaced) are taken from it.
pub fn render_with_assets(
    content: &Content,
    translations: &[Content],
    options: &Options,
    assets: &Assets,
    earlier: Option<&Site>,
) -> Result<Site, RenderError> {
    let mut site = Builder::new(assets, options.now, earlier);
    let mut sitemap = Vec::new();
    let mut languages = Vec::new();
    let mut not_found = Vec::new();
    each_edition(
        &mut site,
        content,
        translations,
        options,
        |site, edition| {
            let (content, lang) = (edition.content, edition.lang);
            if languages.is_empty() {
                languages = lang.tags().into_iter().map(str::to_owned).collect();
            }
            // Every page and feed: see routes.rs for what is rendered where.
            sitemap.extend(routes::render_all(
                site,
                content,
                &edition.cities,
                &edition.lists,
                options,
                lang,
            )?);
            let page = site.not_found(&pages::text::NotFound::new(content, lang), lang)?;
            not_found.push((lang.path(crate::paths::HOME), page));
            Ok(())
        },
    )?;
    // The open data, the manifest and the sitemap, once for every language.
    let content = &content.visible_at(options.now, options.drafts);
    let cities = pages::PublicCities::new(content.cities.iter().map(Arc::as_ref).collect());
    routes::render_shared(&mut site, content, &cities, &languages, sitemap)?;
    site.finish(not_found)
}

/// Renders the first pages a starting server serves: the home page in each language (with the
/// static files), which residents come to first. The rest of the site follows with
/// [`render_with_assets`] over this one; at scale, rendering it all takes a second.
pub fn render_first(
    content: &Content,
    translations: &[Content],
    options: &Options,
    assets: &Assets,
) -> Result<Site, RenderError> {
    let mut site = Builder::new(assets, options.now, None);
    let (locales, editions) = languages(content, translations);
    let mut not_found = Vec::new();
    for (locale, edition) in locales.iter().zip(editions) {
        let lang = Lang {
            locale,
            all: &locales,
        };
        let content = &edition.visible_at(options.now, options.drafts);
        let cities = pages::PublicCities::new(content.cities.iter().map(Arc::as_ref).collect());
        routes::render_home(&mut site, content, &cities, options, &lang)?;
        let page = site.not_found(&pages::text::NotFound::new(content, &lang), &lang)?;
        not_found.push((lang.path(crate::paths::HOME), page));
    }
    site.finish(not_found)
}

/// Renders again only the pages that change from one minute to the next by themselves (the
/// city pages, with each city's local time), keeping every other page of `earlier`. Gives the
/// same site as [`render_with_assets`] when [`only_clocks_change`] since `earlier` was made.
pub fn rerender_clocks(
    content: &Content,
    translations: &[Content],
    options: &Options,
    assets: &Assets,
    earlier: &Site,
) -> Result<Site, RenderError> {
    let mut site = Builder::over(assets, options.now, earlier);
    each_edition(
        &mut site,
        content,
        translations,
        options,
        |site, edition| {
            routes::render_city_pages(
                site,
                edition.content,
                &edition.cities,
                &edition.lists,
                options,
                edition.lang,
            )
        },
    )?;
    Ok(site.finish_over(earlier))
}

/// One language's edition of the content as residents see it at the moment rendered for.
struct Edition<'c, 'l> {
    content: &'c Content,
    cities: pages::PublicCities<'c>,
    lists: routes::CityLists<'c>,
    lang: &'l Lang<'l>,
}

/// Hands `render` each language's edition in turn, the source language first: only what
/// residents see at `options.now` (drafts and unpublished or expired items are left out of
/// every page, list, feed and the sitemap alike), after telling `site` what its pages can read.
fn each_edition(
    site: &mut Builder<'_>,
    content: &Content,
    translations: &[Content],
    options: &Options,
    mut render: impl FnMut(&mut Builder<'_>, &Edition<'_, '_>) -> Result<(), RenderError>,
) -> Result<(), RenderError> {
    let (locales, editions) = languages(content, translations);
    for (locale, edition) in locales.iter().zip(editions) {
        let lang = Lang {
            locale,
            all: &locales,
        };
        let content = &edition.visible_at(options.now, options.drafts);
        let lists = edition_begins(site, content, options, &lang);
        let edition = Edition {
            content,
            cities: pages::PublicCities::new(content.cities.iter().map(Arc::as_ref).collect()),
            lists,
            lang: &lang,
        };
        render(site, &edition)?;
    }
    Ok(())
}

/// Tells `site` the fingerprints of what the pages of an edition (`content` as shown at
/// `options.now`, in `lang`) can read. Gives each city's lists, found once for all pages.
fn edition_begins<'c>(
    site: &mut Builder<'_>,
    content: &'c Content,
    options: &Options,
    lang: &Lang,
) -> routes::CityLists<'c> {
    let lists = routes::CityLists::new(content, options.now);
    let mut known =
        reads::Fingerprints::new(content, &lang.tags(), options.now, site.item_prints());
    lists.fingerprints(&mut known);
    site.edition(known, lang);
    lists
}

/// Whether, between two moments, only the clocks on the pages move: no publish or expire
/// time, no event's start or end, and no new day (at home or in UTC) in between.
pub fn only_clocks_change(content: &Content, from: Timestamp, to: Timestamp) -> bool {
    let between = |moment: &Timestamp| from < *moment && *moment <= to;
    let home = &content.site.city.time_zone.tz;
    let home_day = |t: Timestamp| t.to_zoned_datetime(home.clone()).date();
    from <= to
        && home_day(from) == home_day(to)
        && crate::content::today(from) == crate::content::today(to)
        && !content.schedule_moments().any(|m| between(&m))
        && !routes::event_moments(content).any(|m| between(&m))
}

/// The next moment after `now` at which the rendered site changes by itself: an item's
/// `publish_at` or `expire_at` passing, an event starting or ending, or (when city pages show
/// their local time) the next minute.
pub fn next_change(content: &Content, now: Timestamp) -> Option<Timestamp> {
    let scheduled = content
        .schedule_moments()
        .filter(|moment| *moment > now)
        .min();
    let events = routes::next_event_change(content, now);
    let clocks = if content.cities.is_empty() {
        None
    } else {
        facts::next_minute(now)
    };
    [scheduled, events, clocks].into_iter().flatten().min()
}
