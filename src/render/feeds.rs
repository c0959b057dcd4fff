//! Feeds for calendar apps and feed readers: iCalendar (RFC 5545) for events and the coming
//! anniversaries of the partnerships, written by the `icalendar` crate, and Atom 1.0 for news,
//! written by `atom_syndication`. Neither format is written by hand here, but for the name of
//! one component the calendar crate does not write (see [`nothing_scheduled`]).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use atom_syndication as atom;
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use icalendar::{Component, EventLike, EventStatus, Property};
use jiff::Timestamp;

use crate::content::Content;
use crate::content::model::{Anniversary, City, Event, NewsItem};
use crate::paths;

use super::error::RenderError;
use super::format::DateText;
use super::language::Lang;
use super::reads::{self, Fingerprints, Read};

/// Who made the calendar (RFC 5545 3.7.3): this program.
const PRODID: &str = "-//sister-cities//Sister Cities website//EN";

/// How often calendar apps subscribed to a calendar fetch it again.
const REFRESH: &str = "PT12H";

/// A coming round-number anniversary of a partnership, on a known day.
pub struct DatedAnniversary<'a> {
    pub city: &'a City,
    pub anniversary: Anniversary,
    pub day: jiff::civil::Date,
}

/// The coming anniversaries of `cities` (each city's next, as on the Events page) that are
/// on a known day, soonest first. An agreement dated only to the year or the month has no
/// day for a calendar, and none is made up: its anniversary stays on the Events page and the
/// city's page, and comes into the calendar once staff record the day.
pub fn dated_anniversaries<'a>(
    cities: &[&'a City],
    today: jiff::civil::Date,
) -> Vec<DatedAnniversary<'a>> {
    let mut dated: Vec<DatedAnniversary> = cities
        .iter()
        .filter_map(|city| {
            let anniversary = city.next_anniversary(today)?;
            // Only a date with its day is a day.
            let day = anniversary.date.day.and(anniversary.date.first_day())?;
            Some(DatedAnniversary {
                city,
                anniversary,
                day,
            })
        })
        .collect();
    dated.sort_by_key(|a| a.day);
    dated
}

/// Where each event's and anniversary's component is in the text of a calendar, by what it
/// shows: the fingerprints of the item, of what every page shows (the site's address and
/// names), and of the anniversary's day. When a calendar that lists every event is written
/// again (something it lists changed), a component that shows what it showed is copied from
/// the earlier calendar's text rather than made again (most of the time it took, at thousands
/// of events). Some 24 bytes per component, rather than a copy of its text.
#[derive(Debug, Default)]
pub struct Parts {
    at: HashMap<u64, Range<usize>>,
    /// How many components were made rather than copied.
    pub made: usize,
}

/// The earlier text of a calendar at the same address, and its [`Parts`].
pub type Earlier<'e> = Option<(&'e str, &'e Parts)>;

/// An iCalendar file of events and anniversaries, with times in UTC (so no VTIMEZONE is
/// needed), to be served at `path`. `stamp` is the DTSTAMP of items whose file time is
/// unknown.
pub fn calendar(
    content: &Content,
    lang: &Lang,
    events: &[&Event],
    anniversaries: &[DatedAnniversary],
    stamp: Timestamp,
    path: &str,
) -> Result<String, RenderError> {
    calendar_over(
        content,
        lang,
        (events, anniversaries),
        stamp,
        path,
        None,
        None,
    )
    .map(|(text, _)| text)
}

/// As [`calendar`], copying from the `earlier` calendar each component that shows what it
/// showed there, as the fingerprints `known` tell; gives where each component is. Given
/// `known`, the calendar is the one of every event and anniversary: it reads them as the two
/// lists ([`Read::Events`], [`Read::Anniversaries`]), not one by one.
pub fn calendar_over(
    content: &Content,
    lang: &Lang,
    (events, anniversaries): (&[&Event], &[DatedAnniversary]),
    stamp: Timestamp,
    path: &str,
    earlier: Earlier,
    known: Option<&Fingerprints>,
) -> Result<(String, Parts), RenderError> {
    reads::read(Read::Shared);
    let every_item = known.is_some();
    if every_item {
        reads::read(Read::Events);
        reads::read(Read::Anniversaries);
    }
    let site = &content.site;
    let args = [
        ("program", site.program_name.as_str().into()),
        ("city", site.city.official_name.as_str().into()),
    ];
    let name = lang.text("calendar-name", &args);
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
        .description(&lang.text("calendar-description", &args))
        // How often subscribed calendar apps fetch it again (RFC 7986, and Apple's and
        // Microsoft's older property).
        .append_property(
            Property::new("REFRESH-INTERVAL", REFRESH)
                .add_parameter("VALUE", "DURATION")
                .done(),
        )
        .append_property(Property::new("X-PUBLISHED-TTL", REFRESH));
    // Each event is written as soon as it is made, not gathered into one calendar first: the
    // crate's model of thousands of events took many times the calendar's own size.
    let end = "END:VCALENDAR\r\n";
    let mut text = calendar.done().to_string();
    if !text.ends_with(end) {
        return Err(RenderError::write(
            path,
            "the calendar does not end as iCalendar does",
        ));
    }
    text.truncate(text.len() - end.len());
    if let Some((earlier, _)) = earlier {
        // About the size of the earlier one: a calendar of megabytes grown by doubling holds
        // both halves at once.
        text.reserve(earlier.len().saturating_sub(text.len()));
    }
    let mut parts = Parts::default();
    let unwritable = |error: std::fmt::Error| RenderError::write(path, error);
    // What a component shows, when it can be copied: an item with no file time shows the
    // moment of rendering.
    let shows = |read: Read, modified: Option<Timestamp>, day: Option<jiff::civil::Date>| {
        let known = known?;
        modified?;
        Some(reads::of(&(
            known.get(&read),
            known.get(&Read::Shared),
            day,
        )))
    };
    let mut add = |shows: Option<u64>,
                   text: &mut String,
                   make: &dyn Fn() -> Result<icalendar::Event, String>|
     -> Result<(), RenderError> {
        let start = text.len();
        let copied = shows
            .and_then(|shows| Some((shows, earlier?)))
            .and_then(|(shows, (earlier, at))| earlier.get(at.at.get(&shows)?.clone()));
        match copied {
            Some(component) => text.push_str(component),
            None => {
                parts.made += 1;
                make()
                    .map_err(|value| RenderError::out_of_range(path, value))?
                    .fmt_write(text)
                    .map_err(unwritable)?;
            }
        }
        if let Some(shows) = shows {
            parts.at.insert(shows, start..text.len());
        }
        Ok(())
    };
    for event in events {
        let read = Read::event(event.slug.as_str());
        let shows = shows(read.clone(), event.modified, None);
        if !every_item {
            reads::read(read);
        }
        add(shows, &mut text, &|| vevent(content, lang, event, stamp))?;
    }
    for anniversary in anniversaries {
        let city = anniversary.city;
        let read = Read::city(city.slug.as_str());
        let shows = shows(read.clone(), city.modified, Some(anniversary.day));
        if !every_item {
            reads::read(read);
        }
        add(shows, &mut text, &|| {
            anniversary_vevent(content, lang, anniversary, stamp)
        })?;
    }
    if events.is_empty() && anniversaries.is_empty() {
        // RFC 5545 3.6 asks for at least one component.
        text.push_str(&nothing_scheduled(content, lang, stamp, path)?);
    }
    text.push_str(end);
    Ok((text, parts))
}

/// The component of a calendar with no event and no anniversary on a known day: a published
/// VFREEBUSY with no busy time (RFC 5545 3.6.4), which says just that, nothing is scheduled.
/// Calendar apps show nothing for it and keep the subscription until events come. An event
/// would have to be made up, and answering 404 would break the subscriptions made earlier.
fn nothing_scheduled(
    content: &Content,
    lang: &Lang,
    stamp: Timestamp,
    path: &str,
) -> Result<String, RenderError> {
    let base = content.site.base_url.origin_and_path();
    // The crate writes no VFREEBUSY: its properties, which an event has too, are written as
    // an event's (escaped and folded by the crate) and the component renamed.
    let properties = icalendar::Event::new()
        .uid(&format!(
            "events.free-busy@{}",
            content.site.base_url.host()
        ))
        .timestamp(
            utc(stamped(content.modified, stamp))
                .map_err(|value| RenderError::out_of_range(path, value))?,
        )
        .url(&format!("{base}{}", lang.path(paths::EVENTS)))
        .done()
        .try_into_string()
        .map_err(|source| RenderError::write(path, source))?;
    properties
        .strip_prefix("BEGIN:VEVENT\r\n")
        .and_then(|p| p.strip_suffix("END:VEVENT\r\n"))
        .map(|p| format!("BEGIN:VFREEBUSY\r\n{p}END:VFREEBUSY\r\n"))
        .ok_or_else(|| RenderError::write(path, "the calendar's event is not one"))
}

/// An anniversary as an all-day event, free time (TRANSP, RFC 5545 3.8.2.7), tentative when
/// the agreement's date has a single source; or the date the calendar cannot hold.
fn anniversary_vevent(
    content: &Content,
    lang: &Lang,
    dated: &DatedAnniversary,
    stamp: Timestamp,
) -> Result<icalendar::Event, String> {
    let DatedAnniversary {
        city,
        anniversary,
        day,
    } = dated;
    let page = format!(
        "{}{}",
        content.site.base_url.origin_and_path(),
        lang.path(&paths::city(city.slug.as_str()))
    );
    let since = city
        .agreement()
        .map(|m| DateText::of(lang, m.date).text)
        .unwrap_or_default();
    let next_day = day.tomorrow().map_err(|_| day.to_string())?;
    let status = if anniversary.uncertain {
        EventStatus::Tentative
    } else {
        EventStatus::Confirmed
    };
    // The slug and a dot: no event's UID (`{slug}@host`) can take this form.
    let uid = format!(
        "{}.anniversary-{}@{}",
        city.slug.as_str(),
        anniversary.years,
        content.site.base_url.host()
    );
    Ok(icalendar::Event::new()
        .uid(&uid)
        .timestamp(utc(stamped(city.modified, stamp))?)
        .summary(&lang.text(
            "calendar-anniversary",
            &[
                ("years", anniversary.years.into()),
                ("city", city.name.as_str().into()),
            ],
        ))
        .description(&format!(
            "{}\n\n{page}",
            lang.text(
                "calendar-anniversary-description",
                &[
                    ("home", content.site.city.name.as_str().into()),
                    ("city", city.name.as_str().into()),
                    ("since", since.into()),
                ],
            )
        ))
        .url(&page)
        .status(status)
        .add_property("TRANSP", "TRANSPARENT")
        // DTEND of a whole-day event is the day after, exclusive (RFC 5545 3.6.1).
        .starts(date(*day)?)
        .ends(date(next_day)?)
        .done())
}

/// An event, or the date or time of it that the calendar cannot hold.
fn vevent(
    content: &Content,
    lang: &Lang,
    event: &Event,
    stamp: Timestamp,
) -> Result<icalendar::Event, String> {
    let base = content.site.base_url.origin_and_path();
    let page = format!("{base}{}", lang.path(&paths::event(event.slug.as_str())));
    let mut vevent = icalendar::Event::new();
    vevent
        .uid(&format!(
            "{}@{}",
            event.slug.as_str(),
            content.site.base_url.host()
        ))
        .timestamp(utc(stamped(event.modified, stamp))?)
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

/// The DTSTAMP of an item: when its file last changed, or else `stamp` (a read of the very
/// moment of rendering).
fn stamped(modified: Option<Timestamp>, stamp: Timestamp) -> Timestamp {
    modified.unwrap_or_else(|| {
        reads::read(Read::Now);
        stamp
    })
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
pub fn atom(content: &Content, lang: &Lang, news: &[Arc<NewsItem>]) -> Result<String, RenderError> {
    let path = paths::FEED;
    let beyond = |value| RenderError::out_of_range(path, value);
    let site = &content.site;
    let base = site.base_url.origin_and_path();
    let home = &site.city.time_zone.tz;
    let entries = news
        .iter()
        .map(|item| {
            let updated = item_time(item, home).map_err(beyond)?;
            let page = format!("{base}{}", lang.path(&paths::news_item(item.slug.as_str())));
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
        title: atom::Text::plain(lang.text(
            "feed-title",
            &[
                ("program", site.program_name.as_str().into()),
                ("city", site.city.official_name.as_str().into()),
            ],
        )),
        id: format!("{base}{}", lang.path(paths::NEWS)),
        updated,
        authors: vec![atom::Person {
            name: site.city.official_name.clone(),
            uri: Some(site.city.website.as_str().to_owned()),
            ..Default::default()
        }],
        links: vec![
            link(
                &format!("{base}{}", lang.path(paths::NEWS)),
                "alternate",
                "text/html",
            ),
            link(
                &format!("{base}{}", lang.path(paths::FEED)),
                "self",
                "application/atom+xml",
            ),
        ],
        lang: Some(lang.tag().to_owned()),
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
