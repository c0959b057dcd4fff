//! Feeds for calendar apps and feed readers: iCalendar (RFC 5545) for events, written by the
//! `icalendar` crate, and Atom 1.0 for news, written by `atom_syndication`. Neither format is
//! written by hand here.

use atom_syndication as atom;
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use icalendar::{Component, EventLike, Property};
use jiff::Timestamp;

use crate::content::Content;
use crate::content::model::{Event, NewsItem};
use crate::paths;

use super::error::RenderError;

/// Who made the calendar (RFC 5545 3.7.3): this program.
const PRODID: &str = "-//sister-cities//Sister Cities website//EN";

/// How often calendar apps subscribed to a calendar fetch it again.
const REFRESH: &str = "PT12H";

/// An iCalendar file of events, with times in UTC (so no VTIMEZONE is needed), to be served
/// at `path`. `stamp` is the DTSTAMP of events whose file time is unknown.
pub fn calendar(
    content: &Content,
    events: &[&Event],
    stamp: Timestamp,
    path: &str,
) -> Result<String, RenderError> {
    let site = &content.site;
    let name = format!("{} events – {}", site.program_name, site.city.official_name);
    let mut calendar = icalendar::Calendar::empty();
    calendar
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("PRODID", PRODID))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        // RFC 7986's NAME is text, but the crate escapes only the properties it knows as
        // text ("City of Norman, Oklahoma" needs its comma escaped): say so explicitly.
        .append_property(
            Property::new("NAME", &name)
                .add_parameter("VALUE", "TEXT")
                .done(),
        )
        .append_property(Property::new("X-WR-CALNAME", &name))
        .description(&format!(
            "Events of the {} program of the {}.",
            site.program_name, site.city.official_name
        ))
        // How often subscribed calendar apps fetch it again (RFC 7986, and Apple's and
        // Microsoft's older property).
        .append_property(
            Property::new("REFRESH-INTERVAL", REFRESH)
                .add_parameter("VALUE", "DURATION")
                .done(),
        )
        .append_property(Property::new("X-PUBLISHED-TTL", REFRESH));
    for event in events {
        let vevent = vevent(content, event, stamp)
            .map_err(|value| RenderError::out_of_range(path, value))?;
        calendar.push(vevent);
    }
    Ok(calendar.done().to_string())
}

/// An event, or the date or time of it that the calendar cannot hold.
fn vevent(content: &Content, event: &Event, stamp: Timestamp) -> Result<icalendar::Event, String> {
    let base = content.site.base_url.origin_and_path();
    let page = format!("{base}{}", paths::event(event.slug.as_str()));
    let mut vevent = icalendar::Event::new();
    vevent
        .uid(&format!(
            "{}@{}",
            event.slug.as_str(),
            content.site.base_url.host()
        ))
        .timestamp(utc(event.modified.unwrap_or(stamp))?)
        .summary(&event.title)
        .location(&event.place)
        .url(&page);
    let mut description = event.description_text.clone();
    description.push_str(&format!("\n\n{page}"));
    if let Some(link) = &event.link {
        description.push_str(&format!("\n{}", link.as_str()));
    }
    vevent.description(&description);
    if event.all_day {
        // DTEND of a whole-day event is the day after its last, exclusive (RFC 5545 3.6.1).
        vevent
            .starts(date(event.start.date())?)
            .ends(date(event.end.date())?);
    } else {
        vevent
            .starts(utc(event.start.timestamp())?)
            .ends(utc(event.end.timestamp())?);
    }
    Ok(vevent.done())
}

/// A moment as the feed crates take it, or the moment if it is beyond their range.
fn utc(moment: Timestamp) -> Result<DateTime<Utc>, String> {
    let nanos = u32::try_from(moment.subsec_nanosecond()).unwrap_or(0);
    DateTime::from_timestamp(moment.as_second(), nanos).ok_or_else(|| moment.to_string())
}

/// A day as the calendar crate takes it, or the day if it is beyond its range.
fn date(day: jiff::civil::Date) -> Result<NaiveDate, String> {
    NaiveDate::from_ymd_opt(
        i32::from(day.year()),
        u32::from(day.month().unsigned_abs()),
        u32::from(day.day().unsigned_abs()),
    )
    .ok_or_else(|| day.to_string())
}

/// The Atom feed of news, newest first.
pub fn atom(content: &Content, news: &[NewsItem]) -> Result<String, RenderError> {
    let path = paths::FEED;
    let beyond = |value| RenderError::out_of_range(path, value);
    let site = &content.site;
    let base = site.base_url.origin_and_path();
    let home = &site.city.time_zone.tz;
    let entries = news
        .iter()
        .map(|item| {
            let updated = item_time(item, home).map_err(beyond)?;
            let page = format!("{base}{}", paths::news_item(item.slug.as_str()));
            Ok(atom::Entry {
                title: atom::Text::plain(item.title.clone()),
                id: page.clone(),
                updated,
                published: Some(updated),
                links: vec![link(&page, "alternate", "text/html")],
                summary: Some(atom::Text::plain(item.summary.clone())),
                content: Some(atom::Content {
                    value: Some(item.body.as_str().to_owned()),
                    content_type: Some("html".to_owned()),
                    ..Default::default()
                }),
                ..Default::default()
            })
        })
        .collect::<Result<Vec<_>, RenderError>>()?;
    let updated = match entries.iter().map(|e| e.updated).max() {
        Some(updated) => updated,
        None => fixed(content.modified.unwrap_or(Timestamp::UNIX_EPOCH), home).map_err(beyond)?,
    };
    let feed = atom::Feed {
        title: atom::Text::plain(format!(
            "{} news – {}",
            site.program_name, site.city.official_name
        )),
        id: format!("{base}{}", paths::NEWS),
        updated,
        authors: vec![atom::Person {
            name: site.city.official_name.clone(),
            uri: Some(site.city.website.as_str().to_owned()),
            ..Default::default()
        }],
        links: vec![
            link(&format!("{base}{}", paths::NEWS), "alternate", "text/html"),
            link(
                &format!("{base}{}", paths::FEED),
                "self",
                "application/atom+xml",
            ),
        ],
        lang: Some("en".to_owned()),
        entries,
        ..Default::default()
    };
    let bytes = feed
        .write_to(Vec::new())
        .map_err(|source| RenderError::write(path, source))?;
    String::from_utf8(bytes).map_err(|source| RenderError::write(path, source))
}

fn link(href: &str, rel: &str, mime_type: &str) -> atom::Link {
    atom::Link {
        href: href.to_owned(),
        rel: rel.to_owned(),
        mime_type: Some(mime_type.to_owned()),
        ..Default::default()
    }
}

/// A news item's moment: the first day its date can mean, at midnight in the home city (or
/// the date, if that is beyond what can be written).
fn item_time(item: &NewsItem, home: &jiff::tz::TimeZone) -> Result<DateTime<FixedOffset>, String> {
    let day = item.date.first_day().ok_or_else(|| item.date.iso())?;
    let moment = day
        .to_zoned_datetime(home.clone())
        .map_err(|_| day.to_string())?
        .timestamp();
    fixed(moment, home)
}

/// A moment with the zone's offset at that moment, as Atom writes it.
fn fixed(moment: Timestamp, zone: &jiff::tz::TimeZone) -> Result<DateTime<FixedOffset>, String> {
    let offset = zone.to_offset(moment);
    let offset = FixedOffset::east_opt(offset.seconds()).ok_or_else(|| offset.to_string())?;
    Ok(utc(moment)?.with_timezone(&offset))
}
