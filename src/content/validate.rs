//! The second step: turns each file's raw struct into the typed model, checking what serde
//! cannot with a [`Checker`]. Every problem is collected.

use super::checker::{Checker, Context, parse_partial_date};
use super::diagnostic::{Diagnostic, Diagnostics, SourceFile};
use super::files;
use super::hints::Written;
use super::markdown;
use super::model;
use super::model::{
    City, Contact, Event, Exchange, GetInvolved, HomeCity, HttpsUrl, LangTag, Milestone, NavLink,
    NewsItem, Organisation, OrganizationDetails, Program, Site, Slug, Zone,
};
use super::raw;
use super::raw::Spanned;
use crate::paths::RESERVED_SLUGS;

/// The language of a site that lists none.
const ENGLISH: &str = "en";

pub fn site(
    file: &SourceFile,
    raw: &raw::SiteFile,
    ctx: &Context,
    out: &mut Diagnostics,
) -> Option<Site> {
    let mut c = Checker::new(file, ctx, out);
    let city = &raw.city;
    // Check every value before combining, so one bad value does not hide the others.
    let base_url = c.url(&raw.base_url);
    let name = c.text(&city.name, "name");
    let state = c.text(&city.state, "state");
    let official_name = c.text(&city.official_name, "official_name");
    let location = c.location(&city.latitude, &city.longitude);
    let time_zone = c.zone(&city.time_zone, &[ctx.home_country()]);
    let website = c.url(&city.website);
    let population = c.population(&city.population);
    let navigation = raw
        .navigation
        .iter()
        .map(|link| {
            let href = c.text(&link.href, "href");
            if !(href.starts_with('/') || HttpsUrl::parse(&href).is_some()) {
                c.report(
                    "link-target",
                    link.href.span(),
                    format!("\"{href}\" is not a page of this site or an https address"),
                    "a path such as \"/\" or an address starting with https://",
                );
            }
            let label = c.text(&link.label, "label");
            c.link_text(&label, link.label.span());
            NavLink { label, href }
        })
        .collect();
    let program_name = c.text(&raw.program.name, "name");
    let member_of = c.text(&raw.program.member_of, "member_of");
    let organisation = Organisation {
        name: c.text(&raw.organisation.name, "name"),
        full_name: c.text(&raw.organisation.full_name, "full_name"),
        description: c.text(&raw.organisation.description, "description"),
    };
    let contact = Contact {
        name: c.text(&raw.contact.name, "name"),
        email: c.optional_text(&raw.contact.email, "email"),
        phone: c.optional_text(&raw.contact.phone, "phone"),
        address: raw
            .contact
            .address
            .iter()
            .map(|line| c.text(line, "address"))
            .collect(),
    };
    let languages = site_languages(&mut c, &raw.languages);
    Some(Site {
        base_url: base_url?,
        city: HomeCity {
            name,
            state,
            official_name,
            location,
            time_zone: time_zone?,
            website: website?,
            population,
        },
        program_name,
        member_of,
        organisation,
        contact,
        navigation,
        languages,
    })
}

/// The site's languages: English alone when none are listed. A language that is not a
/// language tag, or is named other than translation files are, is reported and left out.
fn site_languages(c: &mut Checker<'_>, listed: &[Spanned<String>]) -> Vec<LangTag> {
    let mut languages: Vec<LangTag> = Vec::new();
    for value in listed {
        let name = value.get_ref().trim();
        if !files::is_language_name(name) {
            c.report(
                "language",
                value.span(),
                format!("\"{name}\" is not a language as the site names them"),
                "two lowercase letters, such as \"en\" or \"es\", with a region after a hyphen \
                 when needed (\"pt-BR\"): translation files are named with it (cities/seika.es.toml)",
            );
            continue;
        }
        let Some(tag) = c.lang(value) else { continue };
        if !crate::i18n::CATALOGUES
            .iter()
            .any(|(language, _)| *language == name)
        {
            c.warn(
                "language-unsupported",
                value.span(),
                format!("the site's menus, headings and buttons are not written in \"{name}\" yet, so its pages are not made"),
                "remove it; a developer can add the language's catalogue (templates/locales/), \
                 see docs/deploy.md, \"Languages\"",
            );
        }
        if languages.contains(&tag) {
            c.report(
                "language-twice",
                value.span(),
                format!("\"{name}\" is listed twice"),
                "list each language once, the one the content files are written in first",
            );
            continue;
        }
        languages.push(tag);
    }
    if languages.is_empty() {
        languages.extend(LangTag::parse(ENGLISH));
    }
    languages
}

pub fn program(
    file: &SourceFile,
    raw: &raw::ProgramFile,
    ctx: &Context,
    out: &mut Diagnostics,
) -> Program {
    let mut c = Checker::new(file, ctx, out);
    let sci = c.section(&raw.sci);
    let mission = c.section(&raw.mission);
    Program {
        title: c.text(&raw.title, "title"),
        introduction: c.markdown(&raw.introduction, "introduction"),
        sci,
        mission,
        goals_heading: c.text(&raw.goals.heading, "heading"),
        goals: raw.goals.items.iter().map(|g| c.text(g, "items")).collect(),
        partners_heading: c.text(&raw.partners_heading, "partners_heading"),
    }
}

pub fn city(
    file: &SourceFile,
    slug_text: &str,
    raw: &raw::CityFile,
    ctx: &Context,
    out: &mut Diagnostics,
) -> Option<City> {
    let slug = slug_of(file, slug_text, out);
    let mut c = Checker::new(file, ctx, out);
    let mut milestones: Vec<Milestone> = raw
        .milestones
        .iter()
        .filter_map(|m| {
            let kind = *m.kind.get_ref();
            let date = c.date(&m.date, "date");
            let note = c.text(&m.note, "note");
            let source = c.optional_text(&m.source, "source");
            Some(Milestone {
                kind,
                date: date?,
                note,
                uncertain: m.uncertain,
                source,
            })
        })
        .collect();
    milestones.sort_by_key(|m| (m.date, m.kind));
    let first_year = milestones.first().map(|m| m.date.year);
    let mut exchanges: Vec<Exchange> = raw
        .exchanges
        .iter()
        .map(|e| {
            let year = c.year(&e.year);
            if let Some(first) = first_year.filter(|first| year < *first) {
                c.report(
                    "year-range",
                    e.year.span(),
                    format!("{year} is before the partnership's first milestone ({first})"),
                    &format!("a year from {first} on"),
                );
            }
            Exchange {
                year,
                title: c.text(&e.title, "title"),
                text: c.text(&e.text, "text"),
            }
        })
        .collect();
    exchanges.sort_by_key(|e| e.year);
    // Check every value before combining, so one bad value does not hide the others.
    let native_name_lang = c.lang(&raw.native_name_lang);
    let countries = [raw.country_code.get_ref().trim(), ctx.home_country()];
    let time_zone = c.zone(&raw.time_zone, &countries);
    let website = c.url(&raw.website);
    let schedule = c.schedule(raw.draft, &raw.publish_at, &raw.expire_at);
    let name = c.text(&raw.name, "name");
    let native_name = c.text(&raw.native_name, "native_name");
    let country = c.text(&raw.country, "country");
    let country_code = c.country_code(&raw.country_code);
    let region = c.text(&raw.region, "region");
    let location = c.location(&raw.latitude, &raw.longitude);
    let summary = c.text(&raw.summary, "summary");
    let description = c.markdown(&raw.description, "description");
    let population = c.population(&raw.population);
    let photos = raw.photos.iter().map(|p| c.photo(p)).collect();
    let city = City {
        slug: slug?,
        name,
        native_name,
        native_name_lang: native_name_lang?,
        country,
        country_code,
        region,
        location,
        time_zone: time_zone?,
        website: website?,
        summary,
        description,
        population,
        milestones,
        photos,
        exchanges,
        schedule,
        modified: None,
    };
    Some(city)
}

/// The web address a file's name gives, or a problem with the file name.
fn slug_of(file: &SourceFile, slug_text: &str, out: &mut Diagnostics) -> Option<Slug> {
    let slug = Slug::parse(slug_text);
    if slug.is_none() {
        let stem_help = slug_text
            .to_lowercase()
            .split(|ch: char| !ch.is_ascii_alphanumeric())
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        out.push(
            Diagnostic::file(
                "file-name",
                &file.path,
                format!("the file name \"{slug_text}\" cannot be a web address"),
            )
            .help(format!(
                "rename the file using lowercase letters, digits and hyphens, e.g. \"{stem_help}.toml\""
            )),
        );
    }
    slug
}

/// One event file; it may name any sister city with a file.
pub fn event(
    file: &SourceFile,
    slug_text: &str,
    raw: &raw::EventFile,
    ctx: &Context,
    out: &mut Diagnostics,
) -> Option<Event> {
    let slug = slug_of(file, slug_text, out);
    let mut c = Checker::new(file, ctx, out);
    let time_zone = match &raw.time_zone {
        Some(name) => {
            // Most events are at home; then the countries of the cities it is about.
            let abroad = raw
                .cities
                .iter()
                .filter_map(|slug| ctx.city_country(slug.get_ref().trim()));
            let countries: Vec<&str> = std::iter::once(ctx.home_country()).chain(abroad).collect();
            c.zone(name, &countries)
        }
        None => {
            let home = ctx.home_zone();
            Some(Zone {
                name: home.iana_name().unwrap_or("UTC").to_owned(),
                tz: home.clone(),
            })
        }
    };
    let start = c.event_time(&raw.start, "start");
    let end = c.event_time(&raw.end, "end");
    let all_day = raw.start.get_ref().time.is_none();
    let mut times = None;
    if let (Some(start), Some(end), Some(zone)) = (start, end, &time_zone) {
        let end_all_day = raw.end.get_ref().time.is_none();
        if end_all_day != all_day {
            let help = if all_day {
                "a date such as 2027-05-02, as `start` is a date: the event lasts whole days"
            } else {
                "a date and time such as 2027-05-01T12:00:00, as `start` has a time"
            };
            c.report(
                "event-time",
                raw.end.span(),
                "`end` is not written like `start`".to_owned(),
                help,
            );
        } else {
            // An all-day event is over at midnight after its last day.
            let end = if all_day {
                end.date()
                    .tomorrow()
                    .ok()
                    .map(|d| d.to_datetime(end.time()))
            } else {
                Some(end)
            };
            let start = start.to_zoned_datetime(zone.tz.clone()).ok();
            let end = end.and_then(|end| end.to_zoned_datetime(zone.tz.clone()).ok());
            match (start, end) {
                (Some(start), Some(end)) if end > start => times = Some((start, end)),
                (Some(_), Some(_)) => c.report(
                    "event-time",
                    raw.end.span(),
                    "`end` is not after `start`".to_owned(),
                    if all_day {
                        "the event's last day: the same date as `start` or a later one"
                    } else {
                        "a moment after `start`, e.g. the same date with a later time"
                    },
                ),
                _ => c.report(
                    "event-time",
                    raw.start.span(),
                    "this time is out of range".to_owned(),
                    "a date and time such as 2027-05-01T10:00:00",
                ),
            }
        }
    }
    let title = c.text(&raw.title, "title");
    let place = c.text(&raw.place, "place");
    let related = c.related_cities(&raw.cities);
    let description = c.markdown(&raw.description, "description");
    let link = match &raw.link {
        Some(link) => Some(c.url(link)?),
        None => None,
    };
    let schedule = c.schedule(raw.draft, &raw.publish_at, &raw.expire_at);
    let (start, end) = times?;
    Some(Event {
        slug: slug?,
        schedule,
        title,
        start,
        end,
        all_day,
        time_zone: time_zone?,
        place,
        cities: related,
        description,
        description_text: markdown::to_text(raw.description.get_ref()),
        link,
        modified: None,
    })
}

/// One news file; it may name any sister city with a file.
pub fn news(
    file: &SourceFile,
    slug_text: &str,
    raw: &raw::NewsFile,
    ctx: &Context,
    out: &mut Diagnostics,
) -> Option<NewsItem> {
    let slug = slug_of(file, slug_text, out);
    let mut c = Checker::new(file, ctx, out);
    let title = c.text(&raw.title, "title");
    let date = c.date(&raw.date, "date");
    let summary = c.text(&raw.summary, "summary");
    let body = c.markdown(&raw.body, "body");
    let source = c.optional_text(&raw.source, "source");
    let related = c.related_cities(&raw.cities);
    let schedule = c.schedule(raw.draft, &raw.publish_at, &raw.expire_at);
    Some(NewsItem {
        slug: slug?,
        schedule,
        title,
        date: date?,
        summary,
        body,
        source,
        cities: related,
        modified: None,
    })
}

/// The "Get involved" page's file.
pub fn get_involved(
    file: &SourceFile,
    raw: &raw::GetInvolvedFile,
    ctx: &Context,
    out: &mut Diagnostics,
) -> GetInvolved {
    let mut c = Checker::new(file, ctx, out);
    let sections = raw.sections.iter().map(|s| c.section(s)).collect();
    let contact = c.section(&raw.contact);
    let details = OrganizationDetails {
        meetings: c.optional_text(&raw.meetings, "meetings"),
        meeting_place: c.optional_text(&raw.meeting_place, "meeting_place"),
        membership: raw
            .membership
            .as_ref()
            .map(|text| c.markdown(text, "membership")),
        membership_link: raw.membership_link.as_ref().and_then(|url| c.url(url)),
        email: raw.email.as_ref().and_then(|email| c.email(email)),
    };
    GetInvolved {
        title: c.text(&raw.title, "title"),
        introduction: c.markdown(&raw.introduction, "introduction"),
        sections,
        contact,
        details,
    }
}

pub fn page(
    file: &SourceFile,
    slug_text: &str,
    raw: &raw::PageFile,
    ctx: &Context,
    out: &mut Diagnostics,
) -> Option<model::Page> {
    // Two letters, as `es`, are kept for the site's languages (`/es` is the Spanish home page).
    let slug = Slug::parse(slug_text)
        .filter(|s| !RESERVED_SLUGS.contains(&s.as_str()) && !files::is_language_name(s.as_str()));
    if slug.is_none() {
        out.push(
            Diagnostic::file(
                "file-name",
                &file.path,
                format!("the file name \"{slug_text}\" cannot be a page's address"),
            )
            .help(format!(
                "rename the file using lowercase letters, digits and hyphens, not two letters \
                 alone (those are kept for languages) nor one of {}",
                RESERVED_SLUGS.join(", ")
            )),
        );
    }
    let mut c = Checker::new(file, ctx, out);
    // Not checked against today: a review date is only shown, and tests render with old clocks.
    let last_reviewed = raw.last_reviewed.as_ref().and_then(|d| {
        let text = d.get_ref().trim();
        let date = parse_partial_date(text);
        if date.is_none() {
            let help = Written::read(text)
                .and_then(|written| written.help_for("last_reviewed"))
                .unwrap_or_else(|| "the day of the last review, such as \"2026-11-28\"".to_owned());
            c.report(
                "date-format",
                d.span(),
                format!("\"{}\" is not a date", d.get_ref()),
                &help,
            );
        }
        date
    });
    let sections = raw.sections.iter().map(|s| c.section(s)).collect();
    let schedule = c.schedule(raw.draft, &raw.publish_at, &raw.expire_at);
    let title = c.text(&raw.title, "title");
    let summary = c.text(&raw.summary, "summary");
    let introduction = c.markdown(&raw.introduction, "introduction");
    Some(model::Page {
        schedule,
        slug: slug?,
        title,
        summary,
        introduction,
        sections,
        last_reviewed,
        in_footer: raw.in_footer,
    })
}
