//! How numbers, counts, dates and names are written for people, the same on every page, feed
//! and map: each is written here once.

use jiff::ZonedDateTime;
use jiff::civil::Date;

use crate::content::model::{City, PartialDate, Site};

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

/// "Monday 1 June 2026".
pub fn long_date(date: Date) -> String {
    date.strftime("%A %-d %B %Y").to_string()
}

/// "2026-06-01T21:00+09:00": a valid HTML date-time with its offset, to the minute.
pub fn iso_minute(moment: &ZonedDateTime) -> String {
    moment.strftime("%Y-%m-%dT%H:%M%:z").to_string()
}

/// A date known to the year, the month or the day, written for people and for
/// `<time datetime>`.
#[derive(Debug, Clone)]
pub struct DateText {
    /// "1 September 2005", "April 2011", "1994".
    pub text: String,
    /// "2005-09-01", "2011-04", "1994".
    pub iso: String,
    date: PartialDate,
}

impl DateText {
    pub fn of(date: PartialDate) -> DateText {
        DateText {
            text: date.to_string(),
            iso: date.iso(),
            date,
        }
    }

    /// In a sentence: "on 1 September 2030", "in September 2030", "in 2027".
    pub fn when(&self) -> String {
        let preposition = if self.date.day.is_some() { "on" } else { "in" };
        format!("{preposition} {}", self.text)
    }

    /// What the date leaves out: "the exact day is not documented", or empty for a day.
    pub fn note(&self) -> &'static str {
        match (self.date.month, self.date.day) {
            (Some(_), Some(_)) => "",
            (Some(_), None) => "the exact day is not documented",
            _ => "the exact date is not documented",
        }
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
    fn a_date_says_how_precise_it_is() {
        let day = DateText::of(PartialDate {
            year: 2030,
            month: Some(9),
            day: Some(1),
        });
        assert_eq!(
            (day.text.as_str(), day.iso.as_str()),
            ("1 September 2030", "2030-09-01")
        );
        assert_eq!(
            (day.when().as_str(), day.note()),
            ("on 1 September 2030", "")
        );
        let month = DateText::of(PartialDate {
            year: 2011,
            month: Some(4),
            day: None,
        });
        assert_eq!(month.when(), "in April 2011");
        assert_eq!(month.note(), "the exact day is not documented");
        let year = DateText::of(PartialDate {
            year: 1994,
            month: None,
            day: None,
        });
        assert_eq!(
            (year.when().as_str(), year.iso.as_str()),
            ("in 1994", "1994")
        );
        assert_eq!(year.note(), "the exact date is not documented");
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
