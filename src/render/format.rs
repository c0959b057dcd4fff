//! How numbers, counts, dates, times and names are written for people, the same on every page,
//! feed and map: each is written here once, in US English ("September 1, 2005", "6:30 p.m.").
//! Machine-readable forms (`<time datetime>`, feeds) stay ISO 8601.

use jiff::ZonedDateTime;
use jiff::civil::{Date, Time};

use crate::content::model::{City, PartialDate, Site, Zone};

/// 128026 -> "128,026".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// "1 event", "1,250 events".
pub fn count(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{} {many}", thousands(n))
    }
}

/// "Seika, Japan": a sister city with its country, as links, headings and lists name it.
pub fn place_name(city: &City) -> String {
    format!("{}, {}", city.name, city.country)
}

/// "Sister Cities – City of Norman, Oklahoma": the site's name, after every page's own title,
/// in link previews and in the web app manifest.
pub fn site_name(site: &Site) -> String {
    format!("{} – {}", site.program_name, site.city.official_name)
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "Monday, June 1, 2026".
pub fn long_date(date: Date) -> String {
    date.strftime("%A, %B %-d, %Y").to_string()
}

/// "6 p.m.", "6:30 p.m.", "noon", "midnight": the time of day as US newspapers and the
/// Government Publishing Office write it (no ":00" on the hour).
pub fn time_of_day(time: Time) -> String {
    let (hour, minute) = (time.hour(), time.minute());
    match (hour, minute) {
        (0, 0) => return "midnight".to_owned(),
        (12, 0) => return "noon".to_owned(),
        _ => {}
    }
    let suffix = if hour < 12 { "a.m." } else { "p.m." };
    let hour12 = match hour % 12 {
        0 => 12,
        h => h,
    };
    if minute == 0 {
        format!("{hour12} {suffix}")
    } else {
        format!("{hour12}:{minute:02} {suffix}")
    }
}

/// 1 -> "1st", 15 -> "15th", 22 -> "22nd", 111 -> "111th".
pub fn ordinal(n: u64) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// A time zone's name in English, as the Unicode CLDR (the data behind ICU and every
/// browser's time zone names) gives it: "Central European Time", not "Europe/Paris".
///
/// CLDR itself is not among the program's dependencies (ICU's formatter and its data would add
/// megabytes for a handful of names), so the names of the zones in use are in this table, and
/// any other zone is named in CLDR's own fallback form, after its city: "Kolkata Time".
pub fn zone_name(zone: &Zone) -> String {
    const NAMES: [(&str, &str); 8] = [
        ("America/Chicago", "Central Time"),
        // CLDR's partial-location form: the metazone's name, then the zone's city, as Mexico's
        // Central Time no longer follows the US one in summer.
        ("America/Mexico_City", "Central Time (Mexico City)"),
        ("Asia/Tokyo", "Japan Standard Time"),
        ("Europe/Berlin", "Central European Time"),
        ("Europe/Madrid", "Central European Time"),
        ("Europe/Paris", "Central European Time"),
        ("Europe/Rome", "Central European Time"),
        ("UTC", "Coordinated Universal Time"),
    ];
    let name = zone.name.as_str();
    if let Some((_, english)) = NAMES.iter().find(|(iana, _)| *iana == name) {
        return (*english).to_owned();
    }
    let city = name.rsplit('/').next().unwrap_or(name).replace('_', " ");
    format!("{city} Time")
}

/// "2026-06-01T21:00+09:00": a valid HTML date-time with its offset, to the minute.
pub fn iso_minute(moment: &ZonedDateTime) -> String {
    moment.strftime("%Y-%m-%dT%H:%M%:z").to_string()
}

/// A date known to the year, the month or the day, written for people and for
/// `<time datetime>`. A date is written as precisely as it is known, and no more: the page
/// says "in 2011", never that a day is missing.
#[derive(Debug, Clone)]
pub struct DateText {
    /// "September 1, 2005", "April 2011", "1994".
    pub text: String,
    /// "2005-09-01", "2011-04", "1994".
    pub iso: String,
    date: PartialDate,
}

impl DateText {
    pub fn of(date: PartialDate) -> DateText {
        let month = date
            .month
            .and_then(|m| usize::try_from(m - 1).ok())
            .and_then(|i| MONTHS.get(i));
        let text = match (month, date.day) {
            (Some(m), Some(d)) => format!("{m} {d}, {}", date.year),
            (Some(m), None) => format!("{m} {}", date.year),
            _ => date.year.to_string(),
        };
        DateText {
            text,
            iso: date.iso(),
            date,
        }
    }

    /// In a sentence: "on September 1, 2030", "in September 2030", "in 2027".
    pub fn when(&self) -> String {
        let preposition = if self.date.day.is_some() { "on" } else { "in" };
        format!("{preposition} {}", self.text)
    }
}

/// An anchor for a heading ("Public meetings" -> "public-meetings"), unique among `taken`.
pub fn anchor(heading: &str, taken: &[String]) -> String {
    let words: Vec<String> = heading
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    let base = if words.is_empty() {
        "section".to_owned()
    } else {
        words.join("-")
    };
    let mut id = base.clone();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_groups_digits() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(128026), "128,026");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn counts_are_singular_for_one_only() {
        assert_eq!(count(1, "event", "events"), "1 event");
        assert_eq!(count(0, "event", "events"), "0 events");
        assert_eq!(count(1250, "event", "events"), "1,250 events");
    }

    #[test]
    fn a_date_is_written_the_us_way_as_precisely_as_it_is_known() {
        let day = DateText::of(PartialDate {
            year: 2030,
            month: Some(9),
            day: Some(1),
        });
        assert_eq!(
            (day.text.as_str(), day.iso.as_str()),
            ("September 1, 2030", "2030-09-01")
        );
        assert_eq!(day.when(), "on September 1, 2030");
        let month = DateText::of(PartialDate {
            year: 2011,
            month: Some(4),
            day: None,
        });
        assert_eq!(month.when(), "in April 2011");
        let year = DateText::of(PartialDate {
            year: 1994,
            month: None,
            day: None,
        });
        assert_eq!(
            (year.when().as_str(), year.iso.as_str()),
            ("in 1994", "1994")
        );
        assert_eq!(
            long_date(Date::new(2026, 12, 2).unwrap()),
            "Wednesday, December 2, 2026"
        );
    }

    #[test]
    fn times_are_written_with_a_m_and_p_m() {
        let t = |h, m| time_of_day(Time::new(h, m, 0, 0).unwrap());
        assert_eq!(t(18, 30), "6:30 p.m.");
        assert_eq!(t(18, 0), "6 p.m.");
        assert_eq!(t(9, 5), "9:05 a.m.");
        assert_eq!(t(0, 30), "12:30 a.m.");
        assert_eq!(t(12, 45), "12:45 p.m.");
        assert_eq!(t(12, 0), "noon");
        assert_eq!(t(0, 0), "midnight");
    }

    #[test]
    fn ordinals_have_their_english_endings() {
        let written: Vec<String> = [1, 2, 3, 4, 5, 11, 12, 13, 15, 21, 22, 23, 25, 101, 111]
            .into_iter()
            .map(ordinal)
            .collect();
        assert_eq!(
            written,
            [
                "1st", "2nd", "3rd", "4th", "5th", "11th", "12th", "13th", "15th", "21st", "22nd",
                "23rd", "25th", "101st", "111th"
            ]
        );
    }

    #[test]
    fn time_zones_are_named_in_words() {
        let name = |iana: &str| zone_name(&Zone::parse(iana).unwrap());
        assert_eq!(name("Europe/Paris"), "Central European Time");
        assert_eq!(name("Europe/Rome"), "Central European Time");
        assert_eq!(name("Asia/Tokyo"), "Japan Standard Time");
        assert_eq!(name("America/Mexico_City"), "Central Time (Mexico City)");
        assert_eq!(name("America/Chicago"), "Central Time");
        // Any other zone, after its city.
        assert_eq!(name("Asia/Kolkata"), "Kolkata Time");
        assert_eq!(name("America/Argentina/Buenos_Aires"), "Buenos Aires Time");
    }

    #[test]
    fn anchors_are_words_joined_and_unique() {
        assert_eq!(anchor("Public meetings", &[]), "public-meetings");
        assert_eq!(anchor("PASSPORTS", &[]), "passports");
        let taken = ["host-families".to_owned()];
        assert_eq!(anchor("Host families", &taken), "host-families-2");
        assert_eq!(anchor("?", &[]), "section");
    }
}
