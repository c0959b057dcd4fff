//! Rendering: the validated content model -> every page of the site, as bytes in memory.
//!
//! The whole site is rendered at once, off the request path. The router only looks pages up,
//! so a request never waits on a template and never sees a half-built site.

pub mod assets; // the static folder in memory, fingerprinted
mod data; // open data (JSON, CSV), the sitemap, robots.txt, the web app manifest
pub mod encoded; // a body prepared once: ETag, gzip and brotli, caching
mod error; // RenderError
mod facts; // distances, local times, anniversaries, event times
mod feeds; // iCalendar and Atom
mod format; // numbers, counts, dates and names as text
mod jsonld; // structured data for search engines
mod layout; // what every page shows around itself
mod map; // the world map's geometry
mod pages; // one template struct per page, by family
mod pagination; // long lists on pages of a fixed size
mod routes; // what is rendered at each address
mod site; // the rendered site, and the builder that collects it

use jiff::Timestamp;

use crate::content::Content;
pub use assets::Assets;
pub use encoded::{Caching, Page};
pub use error::RenderError;
use site::Builder;
pub use site::{Options, Site};

/// Renders every page of the site, with static URLs left plain (no files in memory).
pub fn render(content: &Content, options: &Options) -> Result<Site, RenderError> {
    render_with_assets(content, options, &Assets::default(), None)
}

/// Renders every page of the site, with the static files in memory and fingerprinted. Pages
/// that come out the same as in the `earlier` site (the one being replaced) are taken from it.
pub fn render_with_assets(
    content: &Content,
    options: &Options,
    assets: &Assets,
    earlier: Option<&Site>,
) -> Result<Site, RenderError> {
    let mut site = Builder::new(assets, options.now, earlier);
    // From here on, only what residents see now: drafts and unpublished or expired items are
    // left out of every page, list, feed and the sitemap alike.
    let content = &content.visible_at(options.now, options.drafts);
    let cities = pages::PublicCities::new(content.cities.iter().collect());

    // Every page, feed and data file: see routes.rs for what is rendered where.
    routes::render_all(&mut site, content, &cities, options)?;

    let not_found = site.not_found(&pages::text::NotFound::new(content))?;
    Ok(site.finish(not_found))
}

/// Renders again only the pages that change from one minute to the next by themselves (the
/// city pages, with each city's local time), keeping every other page of `earlier`. Gives the
/// same site as [`render_with_assets`] when [`only_clocks_change`] since `earlier` was made.
pub fn rerender_clocks(
    content: &Content,
    options: &Options,
    assets: &Assets,
    earlier: &Site,
) -> Result<Site, RenderError> {
    let mut site = Builder::over(assets, options.now, earlier);
    let content = &content.visible_at(options.now, options.drafts);
    let cities = pages::PublicCities::new(content.cities.iter().collect());
    routes::render_city_pages(&mut site, content, &cities, options)?;
    Ok(site.finish(earlier.not_found().clone()))
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
