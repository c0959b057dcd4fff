//! Time zones as people write them ("CST", "Central", "UTC-6") -> the IANA name to write
//! instead, chosen so that the suggestion never changes the clock: the zone keeps the offset
//! the person meant, and the zone of the partner's country (or the home city's) comes first.
//!
//! Abbreviations are looked up in the time zone database itself (the abbreviation each zone
//! uses in January and in July), not in a hand-kept list; which zones belong to which country
//! comes from the database's `zone1970.tab`, which also lists the most populous zone of a
//! country first.

use std::sync::LazyLock;

use jiff::tz::{Offset, TimeZone};
use jiff::{Timestamp, civil};

/// `zone1970.tab` from the IANA time zone database (public domain).
const ZONE_TABLE: &str = include_str!("zone1970.tab");

/// One row of the table: the zone, and the countries it covers (the most populous first).
struct Row {
    zone: &'static str,
    countries: Vec<&'static str>,
}

static ROWS: LazyLock<Vec<Row>> = LazyLock::new(|| {
    ZONE_TABLE
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| {
            let mut columns = line.split('\t');
            let countries = columns.next()?.split(',').collect();
            let zone = columns.nth(1)?;
            Some(Row { zone, countries })
        })
        .collect()
});

/// Words for the North American and European zones that people write out.
const WORDS: [(&str, &str); 12] = [
    ("eastern", "EST"),
    ("central", "CST"),
    ("mountain", "MST"),
    ("pacific", "PST"),
    ("alaska", "AKST"),
    ("hawaii", "HST"),
    ("atlantic", "AST"),
    ("central european", "CET"),
    ("eastern european", "EET"),
    ("western european", "WET"),
    ("japan", "JST"),
    ("greenwich mean", "GMT"),
];

/// Whether a name is one of the database's short legacy names ("CET", "EST", "MST7MDT"),
/// which it still accepts but which stand for a fixed rule rather than a place: "EST" is
/// Panama's time, with no summer time, so New York's events would be an hour off half the year.
pub fn is_legacy_abbreviation(name: &str) -> bool {
    !name.contains('/')
        && name != "UTC"
        && name.len() <= 7
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// What a written time zone means: an abbreviation (with whether it names summer time), or
/// an offset from UTC.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Meant {
    Abbreviation(String),
    Offset(Offset),
}

/// The IANA zone to write for `written` ("CST", "Central Time", "UTC-6", "GMT+9"...), among
/// the zones of `countries` (ISO codes, in order of preference), when one is known to keep
/// the meant offset. `None` when nothing is known to be right.
pub fn suggest(written: &str, countries: &[&str]) -> Option<&'static str> {
    let meant = meant(written)?;
    if let Meant::Offset(offset) = &meant
        && *offset == Offset::UTC
        && !countries.is_empty()
        && countries_zones(countries).all(|zone| !keeps(zone, &meant))
    {
        return Some("UTC");
    }
    if let Meant::Abbreviation(abbreviation) = &meant
        && (abbreviation == "UTC" || abbreviation == "GMT" && countries.is_empty())
    {
        return Some("UTC");
    }
    if let Some(zone) = countries_zones(countries).find(|zone| keeps(zone, &meant)) {
        return Some(zone);
    }
    // Otherwise only a zone that is the one anywhere to keep it (JST: Asia/Tokyo).
    let mut anywhere = ROWS
        .iter()
        .map(|row| row.zone)
        .filter(|zone| keeps(zone, &meant));
    match (anywhere.next(), anywhere.next()) {
        (Some(zone), None) => Some(zone),
        _ => None,
    }
}

/// The zones of some countries, each country's most populous first.
fn countries_zones<'a>(countries: &'a [&'a str]) -> impl Iterator<Item = &'static str> + 'a {
    countries.iter().flat_map(|country| {
        // Zones where the country is the main one, then zones it shares with a bigger one.
        let main = ROWS
            .iter()
            .filter(move |row| row.countries.first() == Some(country));
        let shared = ROWS
            .iter()
            .filter(move |row| row.countries.iter().skip(1).any(|c| c == country));
        main.chain(shared).map(|row| row.zone)
    })
}

/// Reads "CST", "cdt", "Central", "Central Standard Time", "UTC-6", "GMT+09:00", "-06:00".
fn meant(written: &str) -> Option<Meant> {
    let text = written.trim();
    if let Some(offset) = offset(text) {
        return Some(Meant::Offset(offset));
    }
    let lower = text.to_lowercase();
    let words = lower
        .trim_end_matches(" time")
        .trim_end_matches(" standard")
        .trim_end_matches(" daylight")
        .trim();
    let summer = lower.contains("daylight") || lower.contains("summer");
    if let Some((_, abbreviation)) = WORDS.iter().find(|(word, _)| *word == words) {
        let abbreviation = if summer {
            summer_form(abbreviation)
        } else {
            (*abbreviation).to_owned()
        };
        return Some(Meant::Abbreviation(abbreviation));
    }
    let letters =
        text.len() >= 2 && text.len() <= 5 && text.chars().all(|c| c.is_ascii_alphabetic());
    letters.then(|| Meant::Abbreviation(text.to_ascii_uppercase()))
}

/// "EST" -> "EDT", "CET" -> "CEST".
fn summer_form(standard: &str) -> String {
    match standard.strip_suffix("ST") {
        Some(stem) if standard.len() == 3 || standard == "AKST" => format!("{stem}DT"),
        _ => format!("{standard}S"),
    }
}

/// "UTC-6", "UTC -06:00", "GMT+9", "UTC+5:30", "-06:00", "+9".
fn offset(text: &str) -> Option<Offset> {
    let rest = text
        .strip_prefix("UTC")
        .or_else(|| text.strip_prefix("GMT"))
        .or_else(|| text.strip_prefix("utc"))
        .or_else(|| text.strip_prefix("gmt"))
        .unwrap_or(text)
        .trim();
    let (sign, digits) = if let Some(digits) = rest.strip_prefix('+') {
        (1, digits)
    } else if let Some(digits) = rest.strip_prefix(['-', '\u{2212}']) {
        (-1, digits)
    } else {
        return None;
    };
    let digits = digits.trim();
    let (hours, minutes) = match digits.split_once(':') {
        Some((h, m)) => (h, m),
        None if digits.len() == 4 => digits.split_at(2),
        None => (digits, "0"),
    };
    let hours: i32 = hours.parse().ok()?;
    let minutes: i32 = minutes.parse().ok()?;
    if hours > 14 || minutes >= 60 || digits.is_empty() {
        return None;
    }
    Offset::from_seconds(sign * (hours * 3600 + minutes * 60)).ok()
}

/// Two moments half a year apart in the current year: one in each hemisphere's summer.
fn probes() -> [Timestamp; 2] {
    let year = Timestamp::now().to_zoned_datetime(TimeZone::UTC).year();
    [1, 7].map(|month| {
        civil::date(year, month, 15)
            .to_zoned_datetime(TimeZone::UTC)
            .map_or(Timestamp::UNIX_EPOCH, |zoned| zoned.timestamp())
    })
}

/// Whether the zone named `name` keeps what was meant: it uses the abbreviation at some time
/// of year (standard time for a standard abbreviation, summer time for a summer one), or its
/// standard time has the offset.
fn keeps(name: &str, meant: &Meant) -> bool {
    let Ok(zone) = jiff::tz::db().get(name) else {
        return false;
    };
    probes().into_iter().any(|moment| {
        let info = zone.to_offset_info(moment);
        match meant {
            Meant::Abbreviation(abbreviation) => info.abbreviation() == abbreviation,
            Meant::Offset(offset) => info.offset() == *offset && !info.dst().is_dst(),
        }
    })
}

/// The offsets a zone has over the year, as `UTC-06:00` or `UTC-06:00/UTC-05:00`, to show
/// next to a suggestion.
pub fn offsets(name: &str) -> String {
    let Ok(zone) = jiff::tz::db().get(name) else {
        return String::new();
    };
    let mut shown: Vec<Offset> = Vec::new();
    // Standard time first.
    let mut infos: Vec<_> = probes()
        .into_iter()
        .map(|moment| zone.to_offset_info(moment))
        .collect();
    infos.sort_by_key(|info| info.dst().is_dst());
    for info in infos {
        if !shown.contains(&info.offset()) {
            shown.push(info.offset());
        }
    }
    shown
        .iter()
        .map(|offset| format!("UTC{offset}"))
        .collect::<Vec<_>>()
        .join(" and ")
}

/// The ISO country codes of a zone's countries (the first is the main one).
pub fn countries_of(zone: &str) -> Vec<&'static str> {
    ROWS.iter()
        .find(|row| row.zone == zone)
        .map(|row| row.countries.clone())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_map_to_the_zone_of_the_preferred_country() {
        let cases = [
            ("CST", &["US"][..], "America/Chicago"),
            ("CDT", &["US"], "America/Chicago"),
            ("Central", &["US"], "America/Chicago"),
            ("Central Time", &["US"], "America/Chicago"),
            ("central standard time", &["US"], "America/Chicago"),
            ("EST", &["US"], "America/New_York"),
            ("PST", &["US"], "America/Los_Angeles"),
            ("MST", &["US"], "America/Denver"),
            ("CST", &["MX", "US"], "America/Mexico_City"),
            ("CST", &["CN", "US"], "Asia/Shanghai"),
            ("CET", &["FR", "US"], "Europe/Paris"),
            ("CEST", &["IT", "US"], "Europe/Rome"),
            ("CET", &["DE"], "Europe/Berlin"),
            ("JST", &["JP", "US"], "Asia/Tokyo"),
            ("JST", &["US"], "Asia/Tokyo"),
            ("GMT", &["GB", "US"], "Europe/London"),
            ("UTC-6", &["US"], "America/Chicago"),
            ("UTC-06:00", &["MX"], "America/Mexico_City"),
            ("GMT+9", &["JP"], "Asia/Tokyo"),
            ("UTC+1", &["IT"], "Europe/Rome"),
            ("UTC", &["US"], "UTC"),
        ];
        for (written, countries, expected) in cases {
            assert_eq!(
                suggest(written, countries),
                Some(expected),
                "{written} for {countries:?}"
            );
        }
    }

    #[test]
    fn no_suggestion_changes_the_offset() {
        // Every suggestion, for every country of the table, keeps what was written.
        let written = [
            "CST", "CDT", "EST", "EDT", "MST", "MDT", "PST", "PDT", "CET", "CEST", "JST", "GMT",
            "BST", "IST", "EET", "AEST", "Central", "Eastern", "Pacific", "Mountain", "UTC-6",
            "UTC+9", "UTC+5:30", "GMT-3", "+01:00",
        ];
        let mut countries: Vec<&str> = ROWS.iter().flat_map(|r| r.countries.clone()).collect();
        countries.sort_unstable();
        countries.dedup();
        let mut checked = 0;
        for text in written {
            let meant = meant(text).unwrap_or_else(|| panic!("{text} is not read"));
            for country in &countries {
                if let Some(zone) = suggest(text, &[country]).filter(|z| *z != "UTC") {
                    assert!(keeps(zone, &meant), "{text} -> {zone} for {country}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 100, "{checked}");
    }

    #[test]
    fn nothing_is_suggested_when_no_zone_of_the_countries_fits() {
        assert_eq!(suggest("CET", &["US"]), None);
        assert_eq!(suggest("XYZ", &["US"]), None);
        assert_eq!(suggest("Asia/Tokio", &["JP"]), None);
        assert_eq!(suggest("UTC+15", &["US"]), None);
    }

    #[test]
    fn legacy_abbreviations_are_recognised() {
        for name in ["CET", "EST", "MST", "HST", "EST5EDT", "GMT"] {
            assert!(is_legacy_abbreviation(name), "{name}");
        }
        for name in ["UTC", "America/Chicago", "Japan", "US/Central"] {
            assert!(!is_legacy_abbreviation(name), "{name}");
        }
    }

    #[test]
    fn offsets_are_shown_standard_time_first() {
        assert_eq!(offsets("America/Chicago"), "UTC-06 and UTC-05");
        assert_eq!(offsets("Asia/Tokyo"), "UTC+09");
    }
}
