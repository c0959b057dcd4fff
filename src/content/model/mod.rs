//! The validated content model. Every value here has been checked, so the rest of the program
//! (rendering, serving) never re-validates and never meets a half-valid site.

use std::borrow::Cow;
use std::sync::Arc;

use jiff::civil::Date;

pub use crate::geo::LatLon;
pub use values::{Email, Html, HttpsUrl, LangTag, PartialDate, Slug, Zone};

mod values;

/// Everything the site shows, validated.
#[derive(Debug, Clone)]
pub struct Content {
    pub site: Site,
    pub program: Program,
    /// Sister cities, in the order of their sister-city agreements (then by name). Cities,
    /// events and news items are shared: one unchanged file's item is one copy in memory,
    /// in the content as published and as assembled again, in every language that shows it
    /// as it is.
    pub cities: Vec<Arc<City>>,
    /// Events, in order of their start.
    pub events: Vec<Arc<Event>>,
    /// News items, newest first.
    pub news: Vec<Arc<NewsItem>>,
    /// The "Get involved" page.
    pub get_involved: GetInvolved,
    /// Pages of their own (accessibility statement, privacy notice), by address.
    pub pages: Vec<Page>,
    /// When the site-wide files (site.toml, program.toml, get-involved.toml) last changed.
    pub modified: Option<jiff::Timestamp>,
    /// The language of its texts: the site's first language, or one of its translations.
    pub language: LangTag,
    /// The texts left in the site's first language, as they have no translation yet.
    pub untranslated: Untranslated,
}

/// The texts of a translated content that are still in the site's first language: by
/// content file (`cities/seika.toml`), the paths of its texts (`summary`, `milestones.2.note`).
/// Each file's set is shared with the cache that found it, from one reload to the next.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Untranslated(
    std::collections::BTreeMap<String, Arc<std::collections::BTreeSet<String>>>,
);

impl Untranslated {
    pub fn insert(&mut self, file: &str, paths: Arc<std::collections::BTreeSet<String>>) {
        if paths.is_empty() {
            return;
        }
        match self.0.get_mut(file) {
            Some(known) => Arc::make_mut(known).extend(paths.iter().cloned()),
            None => {
                self.0.insert(file.to_owned(), paths);
            }
        }
    }

    /// Each content file with texts still in the first language, and the paths of those.
    pub fn files(&self) -> impl Iterator<Item = (&str, &std::collections::BTreeSet<String>)> {
        self.0.iter().map(|(file, paths)| (file.as_str(), &**paths))
    }

    /// Whether the text at `path` of the content file `file` is still in the first language.
    pub fn contains(&self, file: &str, path: &str) -> bool {
        self.0.get(file).is_some_and(|paths| paths.contains(path))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Each file with texts left untranslated, and those texts' paths.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &std::collections::BTreeSet<String>)> {
        self.0.iter().map(|(file, paths)| (file.as_str(), &**paths))
    }
}

impl Content {
    /// Whether the text at `path` (`summary`, `sections.1.text`) of the content file `file`
    /// (`cities/seika.toml`, `program.toml`) is shown untranslated, in the site's first
    /// language.
    pub fn is_untranslated(&self, file: &str, path: &str) -> bool {
        self.untranslated.contains(file, path)
    }

    pub fn city(&self, slug: &str) -> Option<&City> {
        self.cities
            .iter()
            .find(|c| c.slug.as_str() == slug)
            .map(Arc::as_ref)
    }
}

#[derive(Debug, Clone)]
pub struct Site {
    pub base_url: HttpsUrl,
    pub city: HomeCity,
    pub program_name: String,
    pub member_of: String,
    pub organisation: Organisation,
    pub contact: Contact,
    pub navigation: Vec<NavLink>,
    /// The site's languages: the one content files are written in first, then those it is
    /// translated into. Never empty.
    pub languages: Vec<LangTag>,
}

#[derive(Debug, Clone)]
pub struct HomeCity {
    pub name: String,
    pub state: String,
    pub official_name: String,
    pub location: LatLon,
    pub time_zone: Zone,
    pub website: HttpsUrl,
    pub population: Population,
}

#[derive(Debug, Clone)]
pub struct Organisation {
    pub name: String,
    pub full_name: String,
    pub description: String,
}

#[derive(Debug, Clone)]
pub struct Contact {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct NavLink {
    pub label: String,
    pub href: String,
}

#[derive(Debug, Clone)]
pub struct Program {
    pub title: String,
    /// Sanitised HTML.
    pub introduction: Html,
    pub sci: Section,
    pub mission: Section,
    pub goals_heading: String,
    pub goals: Vec<String>,
    pub partners_heading: String,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub heading: String,
    /// Sanitised HTML.
    pub text: Html,
}

#[derive(Debug, Clone)]
pub struct City {
    pub slug: Slug,
    pub name: String,
    pub native_name: String,
    pub native_name_lang: LangTag,
    pub country: String,
    pub country_code: String,
    pub region: String,
    pub location: LatLon,
    pub time_zone: Zone,
    pub website: HttpsUrl,
    pub summary: String,
    /// Sanitised HTML.
    pub description: Html,
    pub population: Population,
    /// In date order.
    pub milestones: Vec<Milestone>,
    pub photos: Vec<Photo>,
    /// In year order.
    pub exchanges: Vec<Exchange>,
    /// Draft, publish and expire times.
    pub schedule: Schedule,
    /// When the city's file last changed.
    pub modified: Option<jiff::Timestamp>,
}

/// When an item is on the public site.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Schedule {
    /// Kept off the public site (shown only by `serve --drafts`).
    pub draft: bool,
    /// Hidden from the public site before this moment.
    pub publish_at: Option<jiff::Timestamp>,
    /// Hidden from the public site from this moment on.
    pub expire_at: Option<jiff::Timestamp>,
}

impl Schedule {
    /// Whether residents see the item at a given moment.
    pub fn is_public_at(&self, now: jiff::Timestamp) -> bool {
        !self.draft
            && self.publish_at.is_none_or(|t| t <= now)
            && self.expire_at.is_none_or(|t| t > now)
    }

    /// The moments at which the item appears or disappears.
    pub fn moments(&self) -> impl Iterator<Item = jiff::Timestamp> {
        [self.publish_at, self.expire_at].into_iter().flatten()
    }
}

impl Content {
    /// The content residents see at `now`: drafts and items outside their publish and expire
    /// times left out (all kept when `drafts` is set, for staff previews).
    pub fn visible_at(&self, now: jiff::Timestamp, drafts: bool) -> Cow<'_, Content> {
        let shown = |schedule: &Schedule| drafts || schedule.is_public_at(now);
        let everything_shown = self.cities.iter().all(|c| shown(&c.schedule))
            && self.events.iter().all(|e| shown(&e.schedule))
            && self.news.iter().all(|n| shown(&n.schedule))
            && self.pages.iter().all(|p| shown(&p.schedule));
        if everything_shown {
            // The usual case: no copy of the whole content.
            return Cow::Borrowed(self);
        }
        let mut content = self.clone();
        content.cities.retain(|c| shown(&c.schedule));
        content.events.retain(|e| shown(&e.schedule));
        content.news.retain(|n| shown(&n.schedule));
        content.pages.retain(|p| shown(&p.schedule));
        Cow::Owned(content)
    }

    /// Every moment at which an item appears or disappears.
    pub fn schedule_moments(&self) -> impl Iterator<Item = jiff::Timestamp> + '_ {
        let cities = self.cities.iter().map(|c| &c.schedule);
        let events = self.events.iter().map(|e| &e.schedule);
        let news = self.news.iter().map(|n| &n.schedule);
        let pages = self.pages.iter().map(|p| &p.schedule);
        cities
            .chain(events)
            .chain(news)
            .chain(pages)
            .flat_map(Schedule::moments)
    }
}

impl City {
    /// The sister-city agreement, when the content records one.
    pub fn agreement(&self) -> Option<&Milestone> {
        self.milestones
            .iter()
            .find(|m| m.kind == MilestoneKind::SisterCityAgreement)
    }

    /// The partnership's age in whole years on `today`, counted from the sister-city agreement.
    /// A date known only to the year counts its anniversary from the first of January.
    pub fn partnership_years(&self, today: Date) -> Option<i16> {
        let since = self.agreement()?.date;
        let anniversary_passed =
            (today.month(), today.day()) >= (since.month.unwrap_or(1), since.day.unwrap_or(1));
        let years = today.year() - since.year - i16::from(!anniversary_passed);
        (years >= 0).then_some(years)
    }

    /// The next round-number anniversary (a multiple of 5 years) of the sister-city agreement
    /// that is not over on `today`: for a date known only to the year, the whole year counts.
    pub fn next_anniversary(&self, today: Date) -> Option<Anniversary> {
        let agreement = self.agreement()?;
        let since = agreement.date;
        (1..)
            .map(|n| n * 5)
            .map(|years| (years, since.plus_years(years)))
            .take_while(|(_, date)| date.is_some())
            .filter_map(|(years, date)| Some((years, date?)))
            .find(|(_, date)| date.last_day().is_some_and(|last| last >= today))
            .map(|(years, date)| Anniversary {
                years,
                date,
                uncertain: agreement.uncertain,
            })
    }
}

/// A round-number anniversary of a partnership.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Anniversary {
    /// 5, 10, 15...
    pub years: i16,
    /// The day, month or year it falls on, as precise as the agreement's date.
    pub date: PartialDate,
    /// The agreement's date has only one source.
    pub uncertain: bool,
}

#[derive(Debug, Clone, Copy)]
pub struct Population {
    pub count: u64,
    pub year: i16,
    pub estimate: bool,
}

/// A step in a partnership, as content files name it (`kind = "sister-city-agreement"`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Deserialize, serde::Serialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum MilestoneKind {
    // What each means: `MilestoneKind::meaning`.
    FirstContact,
    FriendshipAgreement,
    SisterCityAgreement,
    Visit,
}

/// For editors: the names as an `enum`, which every editor completes (the variants' own
/// descriptions would make a `oneOf`, which some do not), each with its meaning.
impl schemars::JsonSchema for MilestoneKind {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "MilestoneKind".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let names: Vec<serde_json::Value> = MilestoneKind::ALL
            .iter()
            .filter_map(|kind| serde_json::to_value(kind).ok())
            .collect();
        let meanings: Vec<String> = MilestoneKind::ALL
            .iter()
            .zip(&names)
            .map(|(kind, name)| format!("{name} ({})", kind.meaning()))
            .collect();
        schemars::json_schema!({
            "description": format!("A step in a partnership: {}.", meanings.join(", ")),
            "type": "string",
            "enum": names,
        })
    }
}

impl MilestoneKind {
    /// Every kind, in the order of a partnership.
    pub const ALL: [MilestoneKind; 4] = [
        MilestoneKind::FirstContact,
        MilestoneKind::FriendshipAgreement,
        MilestoneKind::SisterCityAgreement,
        MilestoneKind::Visit,
    ];

    /// What the kind means, for the editor schema (a new kind must be added here, and so to
    /// [`MilestoneKind::ALL`] too).
    fn meaning(self) -> &'static str {
        match self {
            MilestoneKind::FirstContact => "the two cities first met or wrote to each other",
            MilestoneKind::FriendshipAgreement => {
                "a friendship agreement, often the step before a sister-city agreement"
            }
            MilestoneKind::SisterCityAgreement => "the sister-city agreement itself",
            MilestoneKind::Visit => {
                "an official visit or delegation between the two cities, such as for an \
                 anniversary"
            }
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            MilestoneKind::FirstContact => "First contact",
            MilestoneKind::FriendshipAgreement => "Friendship agreement",
            MilestoneKind::SisterCityAgreement => "Sister-city agreement",
            MilestoneKind::Visit => "Visit",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Milestone {
    pub kind: MilestoneKind,
    pub date: PartialDate,
    pub note: String,
    pub uncertain: bool,
    pub source: Option<String>,
}

/// An event, with its times in its own time zone.
#[derive(Debug, Clone)]
pub struct Event {
    pub slug: Slug,
    /// Draft, publish and expire times.
    pub schedule: Schedule,
    pub title: String,
    /// The first moment of the event (midnight of its first day when it lasts all day).
    pub start: jiff::ZonedDateTime,
    /// The moment the event is over: its end time, or midnight after its last day.
    pub end: jiff::ZonedDateTime,
    /// Written as dates only: the event lasts whole days.
    pub all_day: bool,
    pub time_zone: Zone,
    pub place: String,
    /// Related sister cities, each a city in the content.
    pub cities: Vec<Slug>,
    /// Sanitised HTML.
    pub description: Html,
    /// The description as plain text, for feeds and search engines.
    pub description_text: String,
    pub link: Option<HttpsUrl>,
    /// When the event's file last changed.
    pub modified: Option<jiff::Timestamp>,
}

impl Event {
    /// Whether the event is over at a given moment.
    pub fn is_past_at(&self, now: jiff::Timestamp) -> bool {
        self.end.timestamp() <= now
    }

    /// The last day of the event, in its time zone.
    pub fn last_day(&self) -> Date {
        let end = self.end.date();
        if self.all_day {
            end.yesterday().unwrap_or(end)
        } else {
            end
        }
    }
}

/// A news item.
#[derive(Debug, Clone)]
pub struct NewsItem {
    pub slug: Slug,
    /// Draft, publish and expire times.
    pub schedule: Schedule,
    pub title: String,
    pub date: PartialDate,
    pub summary: String,
    /// Sanitised HTML.
    pub body: Html,
    pub source: Option<String>,
    /// Related sister cities, each a city in the content.
    pub cities: Vec<Slug>,
    /// When the item's file last changed.
    pub modified: Option<jiff::Timestamp>,
}

/// The "Get involved" page.
#[derive(Debug, Clone)]
pub struct GetInvolved {
    pub title: String,
    /// Sanitised HTML.
    pub introduction: Html,
    pub sections: Vec<Section>,
    pub contact: Section,
    /// Details of the local organization that staff fill in when they are known; the page
    /// shows each one only then.
    pub details: OrganizationDetails,
}

/// How residents reach the local organization and take part: each detail optional.
#[derive(Debug, Clone, Default)]
pub struct OrganizationDetails {
    /// When it meets: "The second Tuesday of each month, 6:30 p.m.".
    pub meetings: Option<String>,
    /// Where it meets.
    pub meeting_place: Option<String>,
    /// How to become a member (sanitised HTML).
    pub membership: Option<Html>,
    /// A page to join at.
    pub membership_link: Option<HttpsUrl>,
    /// Its e-mail address.
    pub email: Option<Email>,
}

impl OrganizationDetails {
    /// Whether staff have filled in none of the details.
    pub fn is_empty(&self) -> bool {
        self.meetings.is_none()
            && self.meeting_place.is_none()
            && self.membership.is_none()
            && self.membership_link.is_none()
            && self.email.is_none()
    }
}

#[derive(Debug, Clone)]
pub struct Photo {
    /// Path under the static folder, e.g. "images/seika.jpg".
    pub file: String,
    pub alt: String,
    pub credit: String,
}

#[derive(Debug, Clone)]
pub struct Exchange {
    pub year: i16,
    pub title: String,
    pub text: String,
}

/// A page of its own, such as the accessibility statement.
#[derive(Debug, Clone)]
pub struct Page {
    pub slug: Slug,
    pub title: String,
    pub summary: String,
    /// Sanitised HTML.
    pub introduction: Html,
    pub sections: Vec<Section>,
    pub last_reviewed: Option<PartialDate>,
    pub in_footer: bool,
    /// Draft, publish and expire times.
    pub schedule: Schedule,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untranslated_texts_of_one_file_are_gathered_and_an_empty_set_is_no_entry() {
        let set = |paths: &[&str]| Arc::new(paths.iter().map(|p| (*p).to_owned()).collect());
        let mut untranslated = Untranslated::default();
        untranslated.insert("cities/seika.toml", set(&[]));
        assert!(untranslated.is_empty());
        let summary = set(&["summary"]);
        untranslated.insert("cities/seika.toml", summary.clone());
        untranslated.insert("cities/seika.toml", set(&["description"]));
        assert!(untranslated.contains("cities/seika.toml", "summary"));
        assert!(untranslated.contains("cities/seika.toml", "description"));
        assert!(!untranslated.contains("cities/colima.toml", "summary"));
        // The set given first is not changed by what is added to the file's.
        assert_eq!(summary.len(), 1);
        assert_eq!(untranslated.files().count(), 1);
    }

    #[test]
    fn a_milestone_kind_is_read_and_written_by_the_name_content_files_use() {
        for name in [
            "first-contact",
            "friendship-agreement",
            "sister-city-agreement",
            "visit",
        ] {
            let kind: MilestoneKind = serde_json::from_value(name.into()).unwrap();
            assert_eq!(serde_json::to_value(kind).unwrap(), name);
        }
    }
}
