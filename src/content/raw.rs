//! The content files exactly as written: serde structs that mirror the TOML and reject unknown
//! keys. Values that need checking keep their position (`Spanned`) so a problem can point at them.
//! The doc comments here are what staff read in their editor and in the staff guide.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::Deserialize;

pub use super::model::MilestoneKind;

/// A value with its place in the file, so that a problem can point at it. For the editor
/// schema it is the value itself.
#[derive(Debug, Clone, Deserialize)]
#[serde(transparent)]
pub struct Spanned<T>(toml::Spanned<T>);

impl<T> std::ops::Deref for Spanned<T> {
    type Target = toml::Spanned<T>;

    fn deref(&self) -> &toml::Spanned<T> {
        &self.0
    }
}

/// Written as the value alone, so that the schema can show a field's default.
impl<T: serde::Serialize> serde::Serialize for Spanned<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.get_ref().serialize(serializer)
    }
}

impl<T: JsonSchema> JsonSchema for Spanned<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

/// A TOML date or date and time, written without quotes (`2027-05-01T10:00:00`). Editors
/// see it as text.
#[derive(Debug, Clone, Deserialize)]
#[serde(transparent)]
pub struct Datetime(toml::value::Datetime);

impl std::ops::Deref for Datetime {
    type Target = toml::value::Datetime;

    fn deref(&self) -> &toml::value::Datetime {
        &self.0
    }
}

impl JsonSchema for Datetime {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Datetime".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        String::json_schema(generator)
    }
}

/// `content/site.toml`: settings for the whole site.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteFile {
    /// The public address of the site, used for links shared elsewhere, e.g. "https://www.example.gov".
    // The comment is also the editor's tooltip (the schema's description), where a bare
    // address in quotes reads better than a link.
    #[allow(rustdoc::bare_urls)]
    #[schemars(regex(pattern = super::rules::HTTPS_URL))]
    pub base_url: Spanned<String>,
    /// The home city.
    pub city: HomeCity,
    /// The sister cities program.
    pub program: ProgramInfo,
    /// The local volunteer organization that runs the program with the city. (The key keeps
    /// the spelling it has always had, so that existing files stay valid.)
    pub organisation: Organisation,
    /// How residents reach the city about the program.
    pub contact: Contact,
    /// The links in the site's main navigation, in order.
    #[serde(default)]
    pub navigation: Vec<NavLink>,
    /// The site's languages, the one the content files are written in first, e.g.
    /// ["en", "es"]. The text in each further language is in translation files beside the
    /// content files (`cities/seika.es.toml`). Leave out for a site in English only.
    #[serde(default)]
    #[schemars(inner(regex(pattern = super::rules::SITE_LANGUAGE)))]
    pub languages: Vec<Spanned<String>>,
}

/// The city that runs this site.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HomeCity {
    /// Short name, e.g. "Norman".
    #[schemars(length(min = 1))]
    pub name: Spanned<String>,
    /// State, e.g. "Oklahoma".
    #[schemars(length(min = 1))]
    pub state: Spanned<String>,
    /// Full official name, e.g. "City of Norman, Oklahoma".
    #[schemars(length(min = 1))]
    pub official_name: Spanned<String>,
    /// Latitude in decimal degrees, from -90 (south) to 90 (north).
    #[schemars(range(min = -90.0, max = 90.0))]
    pub latitude: Spanned<f64>,
    /// Longitude in decimal degrees, from -180 (west) to 180 (east).
    #[schemars(range(min = -180.0, max = 180.0))]
    pub longitude: Spanned<f64>,
    /// IANA time zone, e.g. "America/Chicago".
    #[schemars(schema_with = "super::rules::time_zone")]
    pub time_zone: Spanned<String>,
    /// The city's official website (https).
    #[schemars(regex(pattern = super::rules::HTTPS_URL))]
    pub website: Spanned<String>,
    /// Population, with the year it was counted.
    pub population: Population,
}

/// The program's own names.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgramInfo {
    /// The program's name as shown in the header, e.g. "Sister Cities".
    #[schemars(length(min = 1))]
    pub name: Spanned<String>,
    /// The national organization the city belongs to, e.g. "Sister Cities International".
    #[schemars(length(min = 1))]
    pub member_of: Spanned<String>,
}

/// The local organization.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// Short name, e.g. "PASSPORTS".
    #[schemars(length(min = 1))]
    pub name: Spanned<String>,
    /// Full name, e.g. "Norman's Sister Cities and International Connections Organization".
    #[schemars(length(min = 1))]
    pub full_name: Spanned<String>,
    /// One or two sentences on what it does.
    #[schemars(length(min = 1))]
    pub description: Spanned<String>,
}

/// Contact details shown in the footer.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Who answers, e.g. "City of Norman".
    #[schemars(length(min = 1))]
    pub name: Spanned<String>,
    /// Email address, e.g. "sistercities@example.gov". Optional.
    pub email: Option<Spanned<String>>,
    /// Phone number as residents should dial it, e.g. "405-366-5200". Optional.
    pub phone: Option<Spanned<String>>,
    /// Postal address, one line per entry, e.g. ["201 West Gray Street", "Norman, OK 73069"].
    #[serde(default)]
    pub address: Vec<Spanned<String>>,
}

/// One navigation link.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NavLink {
    /// The words of the link, e.g. "Sister Cities".
    #[schemars(length(min = 1))]
    pub label: Spanned<String>,
    /// Where it goes: a page of this site such as "/" or an https address.
    #[schemars(regex(pattern = super::rules::LINK))]
    pub href: Spanned<String>,
}

/// `content/program.toml`: the Sister Cities page's own text.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgramFile {
    /// The page's main heading, e.g. "Sister Cities".
    #[schemars(length(min = 1))]
    pub title: Spanned<String>,
    /// Introduction shown under the heading (Markdown).
    #[schemars(length(min = 1))]
    pub introduction: Spanned<String>,
    /// The Sister Cities International section.
    pub sci: Section,
    /// The mission statement.
    pub mission: Section,
    /// The goals of Sister Cities International.
    pub goals: GoalList,
    /// The heading above the list of sister cities, e.g. "Our Sister Cities".
    #[schemars(length(min = 1))]
    pub partners_heading: Spanned<String>,
}

/// A heading with its text.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// The section's heading.
    #[schemars(length(min = 1))]
    pub heading: Spanned<String>,
    /// The section's text (Markdown; a blank line starts a new paragraph).
    #[schemars(length(min = 1))]
    pub text: Spanned<String>,
}

/// A heading with a bulleted list.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GoalList {
    /// The list's heading.
    #[schemars(length(min = 1))]
    pub heading: Spanned<String>,
    /// The goals, one sentence each, in order.
    pub items: Vec<Spanned<String>>,
}

/// `content/cities/<slug>.toml`: one sister city. The file name is its web address.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CityFile {
    /// English name, as residents know it, e.g. "Seika".
    #[schemars(length(min = 1))]
    pub name: Spanned<String>,
    /// The name in the city's own language, e.g. "精華町".
    #[schemars(length(min = 1))]
    pub native_name: Spanned<String>,
    /// Language of the native name, as a BCP 47 tag: "fr", "es", "ja", "it".
    #[schemars(regex(pattern = super::rules::LANGUAGE_TAG))]
    pub native_name_lang: Spanned<String>,
    /// Country, e.g. "Japan".
    #[schemars(length(min = 1))]
    pub country: Spanned<String>,
    /// Two-letter ISO 3166-1 country code, e.g. "JP".
    #[schemars(schema_with = "super::rules::country_code")]
    pub country_code: Spanned<String>,
    /// Region, province or state, e.g. "Soraku District, Kyoto Prefecture".
    #[schemars(length(min = 1))]
    pub region: Spanned<String>,
    /// Latitude in decimal degrees, from -90 (south) to 90 (north).
    #[schemars(range(min = -90.0, max = 90.0))]
    pub latitude: Spanned<f64>,
    /// Longitude in decimal degrees, from -180 (west) to 180 (east).
    #[schemars(range(min = -180.0, max = 180.0))]
    pub longitude: Spanned<f64>,
    /// IANA time zone, e.g. "Asia/Tokyo".
    #[schemars(schema_with = "super::rules::time_zone")]
    pub time_zone: Spanned<String>,
    /// The city's official website, starting with https://.
    #[schemars(regex(pattern = super::rules::HTTPS_URL))]
    pub website: Spanned<String>,
    /// One sentence shown on the city's card on the home page.
    #[schemars(length(min = 1))]
    pub summary: Spanned<String>,
    /// A few paragraphs about the city and the partnership (Markdown).
    #[schemars(length(min = 1))]
    pub description: Spanned<String>,
    /// Population, with the year it was counted.
    pub population: Population,
    /// The partnership's milestones: first contact, friendship agreement, sister-city agreement.
    #[serde(default)]
    pub milestones: Vec<Milestone>,
    /// Photos of the city. Each needs alt text.
    #[serde(default)]
    pub photos: Vec<Photo>,
    /// Exchanges and projects of the partnership, e.g. a student exchange or a delegation.
    #[serde(default)]
    pub exchanges: Vec<Exchange>,
    /// true keeps the city off the public site (preview it with `serve --drafts`).
    #[serde(default)]
    pub draft: bool,
    /// When the city first appears on the public site, e.g. 2027-01-15 or 2027-01-15T09:00:00
    /// (the home city's local time unless an offset such as -06:00 is given).
    #[serde(default)]
    #[schemars(schema_with = "super::rules::moment")]
    pub publish_at: Option<Spanned<Datetime>>,
    /// When the city leaves the public site, in the same form as `publish_at`.
    #[serde(default)]
    #[schemars(schema_with = "super::rules::moment")]
    pub expire_at: Option<Spanned<Datetime>>,
}

/// A population figure.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Population {
    /// Number of residents, e.g. 36542.
    #[schemars(range(min = 1))]
    pub count: Spanned<i64>,
    /// Year of the count or estimate, e.g. 2023.
    #[schemars(range(min = 1000, max = 9999))]
    pub year: Spanned<i64>,
    /// Optional note, e.g. "estimate".
    pub note: Option<Spanned<String>>,
}

/// One step in the partnership.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    /// "first-contact", "friendship-agreement", "sister-city-agreement" or "visit".
    pub kind: Spanned<MilestoneKind>,
    /// When: a year "1994", a month "2000-10" or a day "2005-09-01".
    #[schemars(regex(pattern = super::rules::PARTIAL_DATE))]
    pub date: Spanned<String>,
    /// One sentence on what happened.
    #[schemars(length(min = 1))]
    pub note: Spanned<String>,
    /// true when the date has only one source and may be wrong. Residents see the date as it
    /// is written; calendars mark its anniversary as tentative. Say why in a comment.
    #[serde(default)]
    pub uncertain: bool,
    /// Where the date comes from, e.g. "Oklahoma Municipal League, September 16, 2019". The
    /// page lists it in its "Sources" note at the end.
    pub source: Option<Spanned<String>>,
}

/// A photo.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Photo {
    /// The image file, relative to the static folder, e.g. "images/seika-stone.jpg".
    #[schemars(length(min = 1))]
    pub file: Spanned<String>,
    /// What the photo shows, for people who cannot see it.
    #[schemars(length(min = 1))]
    pub alt: Spanned<String>,
    /// Who took it and under what license.
    #[schemars(length(min = 1))]
    pub credit: Spanned<String>,
}

/// An exchange or project of the partnership.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Exchange {
    /// The year it took place, e.g. 2010.
    #[schemars(range(min = 1000, max = 9999))]
    pub year: Spanned<i64>,
    /// A short title.
    #[schemars(length(min = 1))]
    pub title: Spanned<String>,
    /// One or two sentences on what happened.
    #[schemars(length(min = 1))]
    pub text: Spanned<String>,
}

/// `content/events/<slug>.toml`: one event. The file name is its web address
/// (`events/reception.toml` is `/events/reception`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EventFile {
    /// The event's name, e.g. "Sister Cities reception".
    #[schemars(length(min = 1))]
    pub title: Spanned<String>,
    /// When it starts, in the event's time zone and without an offset: a date and time such as
    /// 2027-05-01T10:00:00, or a date such as 2027-05-01 for an event that lasts all day.
    #[schemars(schema_with = "super::rules::event_time")]
    pub start: Spanned<Datetime>,
    /// When it ends, in the same form as `start`: e.g. 2027-05-01T12:00:00, or for an all-day
    /// event its last day, e.g. 2027-05-02.
    #[schemars(schema_with = "super::rules::event_time")]
    pub end: Spanned<Datetime>,
    /// IANA time zone of `start` and `end`, e.g. "Asia/Tokyo" for an event in Seika. Leave it
    /// out for the home city's time zone.
    #[serde(default)]
    #[schemars(schema_with = "super::rules::time_zone")]
    pub time_zone: Option<Spanned<String>>,
    /// Where it takes place: the venue and its address, e.g. "Norman Public Library Central".
    #[schemars(length(min = 1))]
    pub place: Spanned<String>,
    /// The sister cities the event is about, by file name, e.g. ["seika"]. The event is then
    /// listed on their pages too.
    #[serde(default)]
    #[schemars(inner(regex(pattern = super::rules::SLUG)))]
    pub cities: Vec<Spanned<String>>,
    /// What happens, who it is for and how to take part (Markdown).
    #[schemars(length(min = 1))]
    pub description: Spanned<String>,
    /// A web page with more about the event, starting with https://. Optional.
    #[schemars(regex(pattern = super::rules::HTTPS_URL))]
    pub link: Option<Spanned<String>>,
    /// true keeps this off the public site (preview it with `serve --drafts`).
    #[serde(default)]
    pub draft: bool,
    /// When this first appears on the public site, e.g. 2027-01-15 or 2027-01-15T09:00:00
    /// (the home city's local time unless an offset such as -06:00 is given).
    #[serde(default)]
    #[schemars(schema_with = "super::rules::moment")]
    pub publish_at: Option<Spanned<Datetime>>,
    /// When this leaves the public site, in the same form as `publish_at`.
    #[serde(default)]
    #[schemars(schema_with = "super::rules::moment")]
    pub expire_at: Option<Spanned<Datetime>>,
}

/// `content/news/<slug>.toml`: one news item. The file name is its web address
/// (`news/seika-agreement.toml` is `/news/seika-agreement`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewsFile {
    /// The headline, e.g. "Norman and Seika sign a sister-city agreement".
    #[schemars(length(min = 1))]
    pub title: Spanned<String>,
    /// When it happened: a day "2005-09-01", or only the month "2011-04" or the year "2019"
    /// when that is all that is known (the page then shows only that).
    #[schemars(regex(pattern = super::rules::PARTIAL_DATE))]
    pub date: Spanned<String>,
    /// One or two sentences, shown in the list of news and in feed readers.
    #[schemars(length(min = 1))]
    pub summary: Spanned<String>,
    /// The full story (Markdown; a blank line starts a new paragraph).
    #[schemars(length(min = 1))]
    pub body: Spanned<String>,
    /// Where the facts come from, e.g. "Seika Town official website". The page lists it in its
    /// "Sources" note at the end.
    pub source: Option<Spanned<String>>,
    /// The sister cities the item is about, by file name, e.g. ["seika"]. The item is then
    /// listed on their pages too.
    #[serde(default)]
    #[schemars(inner(regex(pattern = super::rules::SLUG)))]
    pub cities: Vec<Spanned<String>>,
    /// true keeps this off the public site (preview it with `serve --drafts`).
    #[serde(default)]
    pub draft: bool,
    /// When this first appears on the public site, e.g. 2027-01-15 or 2027-01-15T09:00:00
    /// (the home city's local time unless an offset such as -06:00 is given).
    #[serde(default)]
    #[schemars(schema_with = "super::rules::moment")]
    pub publish_at: Option<Spanned<Datetime>>,
    /// When this leaves the public site, in the same form as `publish_at`.
    #[serde(default)]
    #[schemars(schema_with = "super::rules::moment")]
    pub expire_at: Option<Spanned<Datetime>>,
}

/// `content/get-involved.toml`: the page on how residents can take part.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GetInvolvedFile {
    /// The page's main heading, e.g. "Get involved".
    #[schemars(length(min = 1))]
    pub title: Spanned<String>,
    /// Text under the heading (Markdown).
    #[schemars(length(min = 1))]
    pub introduction: Spanned<String>,
    /// When the local organization meets, once it is confirmed, e.g. "The second Tuesday of
    /// each month, 6:30 p.m.". Optional: without it, the page tells residents to ask the city.
    pub meetings: Option<Spanned<String>>,
    /// Where it meets, e.g. "Norman Public Library Central, 300 East Gray Street". Optional.
    pub meeting_place: Option<Spanned<String>>,
    /// How to become a member, and any dues (Markdown). Optional.
    pub membership: Option<Spanned<String>>,
    /// A web page to join at, starting with https://. Optional.
    pub membership_link: Option<Spanned<String>>,
    /// The local organization's e-mail address, e.g. "passports@example.org". Optional:
    /// without it, the page tells residents to write to the city.
    pub email: Option<Spanned<String>>,
    /// The page's sections, in order, e.g. the local organization, public meetings,
    /// volunteering, host families, youth exchanges.
    #[serde(default)]
    pub sections: Vec<Section>,
    /// The last section, on how to contact the city. The page shows the contact details from
    /// site.toml under its text.
    pub contact: Section,
}

/// `content/pages/<slug>.toml`: a page of its own, such as the accessibility statement or
/// the privacy notice. The file name is its address (`pages/privacy.toml` is `/privacy`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageFile {
    /// The page's main heading, e.g. "Accessibility statement".
    #[schemars(length(min = 1))]
    pub title: Spanned<String>,
    /// One sentence describing the page, for search engines and link previews.
    #[schemars(length(min = 1))]
    pub summary: Spanned<String>,
    /// Text under the heading (Markdown).
    #[schemars(length(min = 1))]
    pub introduction: Spanned<String>,
    /// The page's sections, in order.
    #[serde(default)]
    pub sections: Vec<Section>,
    /// When the page was last checked to be true, as "YYYY-MM-DD"; shown on the page.
    #[schemars(regex(pattern = super::rules::DAY))]
    pub last_reviewed: Option<Spanned<String>>,
    /// true puts a link to the page in the footer of every page.
    #[serde(default)]
    pub in_footer: bool,
    /// true keeps this off the public site (preview it with `serve --drafts`).
    #[serde(default)]
    pub draft: bool,
    /// When this first appears on the public site, e.g. 2027-01-15 or 2027-01-15T09:00:00
    /// (the home city's local time unless an offset such as -06:00 is given).
    #[serde(default)]
    #[schemars(schema_with = "super::rules::moment")]
    pub publish_at: Option<Spanned<Datetime>>,
    /// When this leaves the public site, in the same form as `publish_at`.
    #[serde(default)]
    #[schemars(schema_with = "super::rules::moment")]
    pub expire_at: Option<Spanned<Datetime>>,
}
