//! How numbers, counts, dates, times and names are written for people, the same on every page,
//! feed and map: each is written here once, in the page's language (ICU4X and the message
//! catalogue, see [`crate::i18n`]): "September 1, 2005", "1 de septiembre de 2005".
//! Machine-readable forms (`<time datetime>`, feeds) stay ISO 8601.

use jiff::ZonedDateTime;
use jiff::civil::{Date, Time};

use crate::content::model::{City, PartialDate, Site, Zone};

use super::language::Lang;

/// "1 event", "1,250 events": the catalogue's message `id` for the count `n`, with its
/// language's plural forms.
pub fn count(lang: &Lang, id: &str, n: u64) -> String {
    lang.text(id, &[("count", n.into())])
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

/// "Monday, June 1, 2026".
pub fn long_date(lang: &Lang, date: Date) -> String {
    lang.locale.formats.weekday_date(date)
}

/// "6 p.m.", "6:30 p.m.", "noon", "midnight" in English; "6:30 p.m." in Spanish.
pub fn time_of_day(lang: &Lang, time: Time) -> String {
    lang.locale.formats.time(time)
}

/// 1 -> "1st", 15 -> "15th", 22 -> "22nd" (the language's ordinal rules, from CLDR).
pub fn ordinal(lang: &Lang, n: u64) -> String {
    lang.text("ordinal", &[("n", n.into())])
}

/// A time zone's name in words, as the Unicode CLDR (the data behind ICU and every
/// browser's time zone names) gives it: "Central European Time", not "Europe/Paris".
///
/// ICU4X's zone names are not among the program's dependencies (its formatter and data would
/// add megabytes for a handful of names), so the names of the zones in use are messages of
/// the catalogue, and any other zone is named in CLDR's own fallback form, after its city:
/// "Kolkata Time".
pub fn zone_name(lang: &Lang, zone: &Zone) -> String {
    let id = match zone.name.as_str() {
        "America/Chicago" => "zone-central",
        // CLDR's partial-location form: the metazone's name, then the zone's city, as Mexico's
        // Central Time no longer follows the US one in summer.
        "America/Mexico_City" => "zone-central-mexico-city",
        "Asia/Tokyo" => "zone-japan",
        "Europe/Berlin" | "Europe/Madrid" | "Europe/Paris" | "Europe/Rome" => {
            "zone-central-european"
        }
        "UTC" => "zone-utc",
        name => {
            let city = name.rsplit('/').next().unwrap_or(name).replace('_', " ");
            return lang.text("zone-city", &[("city", city.into())]);
        }
    };
    lang.t(id)
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
    /// In a sentence: "on September 1, 2030", "in September 2030", "in 2027".
    pub when: String,
}

impl DateText {
    pub fn of(lang: &Lang, date: PartialDate) -> DateText {
        let formats = &lang.locale.formats;
        let text = match (date.month, date.day) {
            (Some(m), Some(d)) => formats.date(date.year, m, d),
            (Some(m), None) => formats.month_year(date.year, m),
            _ => formats.year(date.year),
        };
        let id = match (date.month, date.day) {
            (_, Some(_)) => "date-on-day",
            (Some(_), None) => "date-in-month",
            _ => "date-in-year",
        };
        DateText {
            when: lang.text(id, &[("date", text.as_str().into())]),
            text,
            iso: date.iso(),
        }
    }

    /// In a sentence: "on September 1, 2030", "in September 2030", "in 2027".
    pub fn when(&self) -> String {
        self.when.clone()
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
    use crate::i18n::Locale;

    fn with<T>(tag: &str, f: impl FnOnce(&Lang) -> T) -> T {
        let all = [Locale::new("en").unwrap(), Locale::new("es").unwrap()];
        let locale = all.iter().find(|l| l.tag == tag).unwrap();
        f(&Lang { locale, all: &all })
    }

    #[test]
    fn counts_are_singular_for_one_only() {
        with("en", |en| {
            assert_eq!(count(en, "count-events", 1), "1 event");
            assert_eq!(count(en, "count-events", 0), "0 events");
            assert_eq!(count(en, "count-events", 1250), "1,250 events");
        });
        with("es", |es| {
            assert_eq!(count(es, "count-events", 1), "1 evento");
            assert_eq!(count(es, "count-events", 1250), "1,250 eventos");
        });
    }

    #[test]
    fn a_date_is_written_as_precisely_as_it_is_known() {
        let day = PartialDate {
            year: 2030,
            month: Some(9),
            day: Some(1),
        };
        let month = PartialDate {
            year: 2011,
            month: Some(4),
            day: None,
        };
        let year = PartialDate {
            year: 1994,
            month: None,
            day: None,
        };
        with("en", |en| {
            let d = DateText::of(en, day);
            assert_eq!(
                (d.text.as_str(), d.iso.as_str()),
                ("September 1, 2030", "2030-09-01")
            );
            assert_eq!(d.when(), "on September 1, 2030");
            assert_eq!(DateText::of(en, month).when(), "in April 2011");
            let y = DateText::of(en, year);
            assert_eq!((y.when().as_str(), y.iso.as_str()), ("in 1994", "1994"));
            assert_eq!(
                long_date(en, Date::new(2026, 12, 2).unwrap()),
                "Wednesday, December 2, 2026"
            );
        });
        with("es", |es| {
            assert_eq!(DateText::of(es, day).when(), "el 1 de septiembre de 2030");
            assert_eq!(DateText::of(es, month).when(), "en abril de 2011");
            assert_eq!(DateText::of(es, year).when(), "en 1994");
        });
    }

    #[test]
    fn ordinals_have_their_english_endings() {
        with("en", |en| {
            let written: Vec<String> = [1, 2, 3, 4, 5, 11, 12, 13, 15, 21, 22, 23, 25, 101, 111]
                .into_iter()
                .map(|n| ordinal(en, n))
                .collect();
            assert_eq!(
                written,
                [
                    "1st", "2nd", "3rd", "4th", "5th", "11th", "12th", "13th", "15th", "21st",
                    "22nd", "23rd", "25th", "101st", "111th"
                ]
            );
        });
    }

    #[test]
    fn time_zones_are_named_in_words() {
        with("en", |en| {
            let name = |iana: &str| zone_name(en, &Zone::parse(iana).unwrap());
            assert_eq!(name("Europe/Paris"), "Central European Time");
            assert_eq!(name("Europe/Rome"), "Central European Time");
            assert_eq!(name("Asia/Tokyo"), "Japan Standard Time");
            assert_eq!(name("America/Mexico_City"), "Central Time (Mexico City)");
            assert_eq!(name("America/Chicago"), "Central Time");
            // Any other zone, after its city.
            assert_eq!(name("Asia/Kolkata"), "Kolkata Time");
            assert_eq!(name("America/Argentina/Buenos_Aires"), "Buenos Aires Time");
        });
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
