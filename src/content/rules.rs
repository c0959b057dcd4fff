//! What the editor checks as staff type, beyond each field's type: the same rules `check`
//! applies, where a schema can say them. raw.rs names them in its `#[schemars(...)]`
//! attributes; schema.rs writes them into the schemas.

use schemars::{Schema, SchemaGenerator, json_schema};

/// An address starting with https://.
pub const HTTPS_URL: &str = r"^https://[^\s/?#]+\.[^\s]+$";
/// A file name as a web address (`clermont-ferrand`).
pub const SLUG: &str = r"^[a-z0-9]+(-[a-z0-9]+)*$";
/// A language of the site: two letters, with a region when needed (`es`, `pt-BR`), as
/// translation files are named (`cities/seika.es.toml`).
pub const SITE_LANGUAGE: &str = r"^[a-z]{2}(-[A-Z]{2})?$";
/// A BCP 47 language tag, in its common short form (`ja`, `es`, `pt-BR`).
pub const LANGUAGE_TAG: &str = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$";
/// A year, a month or a day: `1994`, `2000-10`, `2005-09-01`.
pub const PARTIAL_DATE: &str = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$";
/// A day: `2026-11-28`.
pub const DAY: &str = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";
/// A page of this site (`/events`) or an https address.
pub const LINK: &str = r"^(/[^\s]*|https://[^\s/?#]+\.[^\s]+)$";

/// An IANA time zone name, one of those the program knows (legacy abbreviations such as
/// "EST" left out, as `check` refuses them).
pub fn time_zone(_: &mut SchemaGenerator) -> Schema {
    let mut names: Vec<String> = jiff::tz::db()
        .available()
        .map(|name| name.to_string())
        .filter(|name| !super::zones::is_legacy_abbreviation(name))
        .collect();
    names.sort();
    json_schema!({
        "type": "string",
        "enum": names,
    })
}

/// A two-letter ISO 3166-1 country code.
pub fn country_code(_: &mut SchemaGenerator) -> Schema {
    let mut codes: Vec<&str> = isocountry::CountryCode::iter()
        .map(|code| code.alpha2())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    json_schema!({
        "type": "string",
        "enum": codes,
    })
}

/// An event's start or end: a local date and time, or a date for a whole day (TOML values
/// without quotes; TOML editors read these formats as TOML's own date types).
pub fn event_time(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "anyOf": [
            { "type": "string", "format": "date-time-local" },
            { "type": "string", "format": "date" },
        ]
    })
}

/// A publish or expire moment: a date, a local date and time, or one with an offset.
pub fn moment(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "anyOf": [
            { "type": "string", "format": "date-time" },
            { "type": "string", "format": "date-time-local" },
            { "type": "string", "format": "date" },
        ]
    })
}
