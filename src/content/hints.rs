//! What to write instead, for the mistakes people make when they type or paste a value:
//! curly quotes from a word processor, US-style dates and times, thousands separators.
//!
//! Each function gives the exact TOML for the key it is asked about, or nothing: a hint is
//! only given when it is known to be right.

use jiff::civil::{Date, Time};
use jiff::fmt::strtime::BrokenDownTime;

/// What a key of the content files takes, for the hints that depend on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Takes {
    /// A TOML date or date-time, without quotes: `start = 2027-05-01T10:00:00`.
    Datetime,
    /// A date as text, to the year, month or day: `date = "2005-09-01"`.
    DateText,
    /// A whole number: `count = 127810`.
    Integer,
    /// Anything else (text, decimal numbers, lists, tables).
    Other,
}

/// What a key takes. Key names mean the same in every content file (see `raw.rs`).
pub fn takes(key: &str) -> Takes {
    match key {
        "start" | "end" | "publish_at" | "expire_at" => Takes::Datetime,
        "date" | "last_reviewed" => Takes::DateText,
        "count" | "year" => Takes::Integer,
        _ => Takes::Other,
    }
}

/// The quote characters that word processors put in place of straight quotes.
const CURLY_DOUBLE: [char; 5] = ['\u{201C}', '\u{201D}', '\u{201E}', '\u{201F}', '\u{2033}'];
const CURLY_SINGLE: [char; 4] = ['\u{2018}', '\u{2019}', '\u{201A}', '\u{201B}'];

/// Where a curly quote stands in for a straight one in a `key = value` line: the byte offset
/// of the first curly quote that opens or closes the value.
pub fn curly_quote(line: &str) -> Option<usize> {
    let (key, value) = line.split_once('=')?;
    let value_start = key.len() + 1 + (value.len() - value.trim_start().len());
    let value = value.trim();
    let curly = |c: char| CURLY_DOUBLE.contains(&c) || CURLY_SINGLE.contains(&c);
    let first = value.chars().next()?;
    if curly(first) {
        return Some(value_start);
    }
    let last = value.chars().next_back()?;
    if curly(last) {
        return Some(value_start + value.len() - last.len_utf8());
    }
    None
}

/// The line with its curly quotes straightened, when that makes it a valid `key = value`.
pub fn straightened(line: &str) -> Option<String> {
    let (key, value) = line.split_once('=')?;
    let value = value.trim();
    let straight = |c: char| {
        if CURLY_DOUBLE.contains(&c) {
            '"'
        } else if CURLY_SINGLE.contains(&c) {
            '\''
        } else {
            c
        }
    };
    let mut chars: Vec<char> = value.chars().collect();
    if let Some(first) = chars.first_mut() {
        *first = straight(*first);
    }
    if let Some(last) = chars.last_mut() {
        *last = straight(*last);
    }
    let fixed = format!("{} = {}", key.trim(), chars.into_iter().collect::<String>());
    toml::de::DeTable::parse(&fixed).is_ok().then_some(fixed)
}

/// A whole number written with thousands separators ("127,810", "1.234.567" is not one: the
/// dot is also a decimal point), as digits alone.
pub fn without_separators(text: &str) -> Option<String> {
    let text = text.trim().trim_matches('"');
    let groups: Vec<&str> = text.split(',').collect();
    let well_formed = groups.len() > 1
        && (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3)
        && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()));
    well_formed.then(|| groups.concat())
}

/// A date, a time or both, as people write them: "12/25/2026", "Dec 25, 2026", "December
/// 25, 2026 at 6:30 p.m.", "2026-12-25 6:30 PM", "6:30 PM", "December 2026".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub date: Option<WrittenDate>,
    pub time: Option<Time>,
}

/// A date to the day, or only to the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WrittenDate {
    Day(Date),
    Month { year: i16, month: i8 },
}

impl WrittenDate {
    /// As the content files write a date as text: "2026-12-25" or "2026-12".
    fn iso(self) -> String {
        match self {
            WrittenDate::Day(date) => date.to_string(),
            WrittenDate::Month { year, month } => format!("{year:04}-{month:02}"),
        }
    }
}

/// Formats tried for the date part, most common first. `%m/%d` is the US order; a first
/// number over 12 can only be a day, which the day-first form then reads.
const DATE_FORMATS: [&str; 16] = [
    "%m/%d/%Y",
    "%d/%m/%Y",
    "%m-%d-%Y",
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%B %d, %Y",
    "%B %d %Y",
    "%d %B %Y",
    "%d %B, %Y",
    "%b %d, %Y",
    "%b %d %Y",
    "%d %b %Y",
    "%A, %b %d, %Y",
    "%A, %B %d, %Y",
    "%A %B %d, %Y",
    "%A, %d %B %Y",
];

impl Written {
    /// Reads what was written, when it is a date, a time or both and nothing else.
    pub fn read(text: &str) -> Option<Written> {
        let text = normalise(text);
        if text.is_empty() {
            return None;
        }
        // The time, if any, is at the end: "... 6:30 PM", "... 18:30".
        let (date_part, time) = match split_time(&text) {
            Some((rest, time)) => (rest, Some(time)),
            None => (text.as_str(), None),
        };
        let date_part = date_part
            .trim()
            .trim_end_matches(" at")
            .trim_end_matches(',');
        let date = if date_part.is_empty() {
            None
        } else {
            Some(read_date(date_part)?)
        };
        (date.is_some() || time.is_some()).then_some(Written { date, time })
    }

    /// The TOML for `key`, as the key takes it: unquoted for a date-time, quoted for a date as
    /// text. `None` when what was written does not fit the key (a time for a date).
    pub fn toml_for(&self, key: &str) -> Option<String> {
        match (takes(key), self.date, self.time) {
            (Takes::Datetime, Some(WrittenDate::Day(date)), Some(time)) => {
                Some(format!("{key} = {date}T{}", time_text(time)))
            }
            (Takes::Datetime, Some(WrittenDate::Day(date)), None) => {
                Some(format!("{key} = {date}"))
            }
            (Takes::DateText, Some(date), None) => Some(format!("{key} = \"{}\"", date.iso())),
            _ => None,
        }
    }

    /// The help to print for `key`: the exact TOML to write, or what is missing.
    pub fn help_for(&self, key: &str) -> Option<String> {
        if let Some(toml) = self.toml_for(key) {
            return Some(format!("write {toml}"));
        }
        match (takes(key), self.date, self.time) {
            (Takes::Datetime, None, Some(time)) => Some(format!(
                "write the date too, as {key} = YYYY-MM-DDT{}",
                time_text(time)
            )),
            (Takes::DateText, Some(date), Some(_)) => Some(format!(
                "this key takes a date without a time: write {key} = \"{}\"",
                date.iso()
            )),
            _ => None,
        }
    }
}

fn time_text(time: Time) -> String {
    format!(
        "{:02}:{:02}:{:02}",
        time.hour(),
        time.minute(),
        time.second()
    )
}

/// Lowercase "a.m."/"p.m." and the like made "AM"/"PM", dots after month names dropped,
/// quotes and spaces trimmed.
fn normalise(text: &str) -> String {
    let mut text = text.trim().trim_matches(['"', '\'']).trim().to_owned();
    for (from, to) in [
        ("a.m.", " AM"),
        ("p.m.", " PM"),
        ("A.M.", " AM"),
        ("P.M.", " PM"),
        ("am", " AM"),
        ("pm", " PM"),
    ] {
        if let Some(stripped) = text.strip_suffix(from) {
            text = format!("{}{to}", stripped.trim_end());
        }
    }
    text.replace('.', "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Splits a trailing time off: "Dec 25, 2026 6:30 PM" -> ("Dec 25, 2026", 18:30).
fn split_time(text: &str) -> Option<(&str, Time)> {
    let (rest, meridiem) = match text.rsplit_once(' ') {
        Some((rest, m)) if m == "AM" || m == "PM" => (rest, Some(m == "PM")),
        _ => (text, None),
    };
    let (before, clock) = rest.rsplit_once(' ').unwrap_or(("", rest));
    let (hour, minute) = match clock.split_once(':') {
        Some((h, m)) => (h, m),
        // "6 PM" has no minutes; a lone number without AM/PM is not a time.
        None if meridiem.is_some() => (clock, "00"),
        None => return None,
    };
    let (minute, second) = minute.split_once(':').unwrap_or((minute, "00"));
    let digits = |s: &str, max: i8| -> Option<i8> {
        let ok = (1..=2).contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit());
        ok.then(|| s.parse().ok()).flatten().filter(|n| *n <= max)
    };
    let mut hour = digits(hour, 23)?;
    let minute = digits(minute, 59)?;
    let second = digits(second, 59)?;
    if let Some(pm) = meridiem {
        if !(1..=12).contains(&hour) {
            return None;
        }
        hour = match (hour, pm) {
            (12, false) => 0,
            (12, true) => 12,
            (h, true) => h + 12,
            (h, false) => h,
        };
    }
    let time = Time::new(hour, minute, second, 0).ok()?;
    Some((before, time))
}

/// A date in one of [`DATE_FORMATS`], or a month and year ("December 2026").
fn read_date(text: &str) -> Option<WrittenDate> {
    // A year of four digits, so "1/2/26" is not read as the year 26.
    let has_year = text
        .split(|c: char| !c.is_ascii_digit())
        .any(|part| part.len() == 4);
    if !has_year {
        return None;
    }
    for format in DATE_FORMATS {
        // The parser lets a day take the first digits of a year ("October 2000" as October
        // 20 of the year 0): a four-digit year is required.
        if let Ok(date) = BrokenDownTime::parse(format, text).and_then(|t| t.to_date())
            && date.year() >= 1000
        {
            return Some(WrittenDate::Day(date));
        }
    }
    for format in ["%B %Y", "%b %Y", "%m/%Y"] {
        if let Ok(parts) = BrokenDownTime::parse(format, text)
            && let (Some(year), Some(month)) = (parts.year(), parts.month())
            && year >= 1000
        {
            return Some(WrittenDate::Month { year, month });
        }
    }
    None
}

/// The key an "unknown field" error names, and the keys it says are allowed there.
pub(super) fn unknown_key(message: &str) -> Option<(&str, Vec<&str>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let key = rest.split('`').next().unwrap_or_default();
    let allowed = rest
        .split("expected ")
        .nth(1)
        .map(|list| list.split('`').skip(1).step_by(2).collect())
        .unwrap_or_default();
    Some((key, allowed))
}

/// The word an "unknown variant" error names, and the words it says are allowed.
pub(super) fn unknown_variant(message: &str) -> Option<(&str, Vec<&str>)> {
    let rest = message.strip_prefix("unknown variant `")?;
    let word = rest.split('`').next().unwrap_or_default();
    let allowed = rest
        .split("expected ")
        .nth(1)
        .map(|list| list.split('`').skip(1).step_by(2).collect())
        .unwrap_or_default();
    Some((word, allowed))
}

/// The allowed word closest in spelling to a misspelt one, if any is close enough.
pub(crate) fn nearest<'a, S: AsRef<str> + ?Sized>(
    word: &str,
    allowed: &'a [&'a S],
) -> Option<&'a str> {
    allowed
        .iter()
        .map(|candidate| candidate.as_ref())
        .map(|candidate| (strsim::damerau_levenshtein(word, candidate), candidate))
        .filter(|(distance, candidate)| *distance <= 2.max(candidate.len() / 3))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn help(key: &str, text: &str) -> Option<String> {
        Written::read(text)?.help_for(key)
    }

    #[test]
    fn us_dates_and_times_become_the_toml_the_key_takes() {
        let cases = [
            ("start", "12/25/2026", "write start = 2026-12-25"),
            ("start", "\"12/25/2026\"", "write start = 2026-12-25"),
            ("start", "Dec 25, 2026", "write start = 2026-12-25"),
            ("start", "Dec. 25, 2026", "write start = 2026-12-25"),
            (
                "end",
                "December 25, 2026 6:30 PM",
                "write end = 2026-12-25T18:30:00",
            ),
            (
                "start",
                "12/25/2026 6:30 p.m.",
                "write start = 2026-12-25T18:30:00",
            ),
            (
                "start",
                "Dec 25, 2026 at 9am",
                "write start = 2026-12-25T09:00:00",
            ),
            (
                "start",
                "2026-12-25 6:30 PM",
                "write start = 2026-12-25T18:30:00",
            ),
            (
                "start",
                "12/25/2026 12:00 AM",
                "write start = 2026-12-25T00:00:00",
            ),
            ("publish_at", "1/5/2027", "write publish_at = 2027-01-05"),
            ("start", "25/12/2026", "write start = 2026-12-25"),
            (
                "start",
                "Wednesday, December 2, 2026",
                "write start = 2026-12-02",
            ),
            (
                "start",
                "6:30 PM",
                "write the date too, as start = YYYY-MM-DDT18:30:00",
            ),
            ("date", "12/25/2026", "write date = \"2026-12-25\""),
            ("date", "Sep 1, 2005", "write date = \"2005-09-01\""),
            ("date", "October 2000", "write date = \"2000-10\""),
            (
                "last_reviewed",
                "11/28/2026",
                "write last_reviewed = \"2026-11-28\"",
            ),
            (
                "date",
                "12/25/2026 6:30 PM",
                "this key takes a date without a time: write date = \"2026-12-25\"",
            ),
        ];
        for (key, text, expected) in cases {
            assert_eq!(help(key, text).as_deref(), Some(expected), "{key} = {text}");
        }
    }

    #[test]
    fn no_hint_when_the_text_is_not_a_date_or_the_key_takes_none() {
        for (key, text) in [
            ("start", "next Tuesday"),
            ("start", "1/2/26"),
            ("start", "13/13/2026"),
            ("start", "2/30/2026"),
            ("start", "25:00"),
            ("start", "13:30 PM"),
            ("start", "2026"),
            ("name", "12/25/2026"),
            ("count", "12/25/2026"),
            ("start", ""),
        ] {
            assert_eq!(help(key, text), None, "{key} = {text}");
        }
    }

    #[test]
    fn thousands_separators_are_recognised() {
        assert_eq!(without_separators("127,810").as_deref(), Some("127810"));
        assert_eq!(
            without_separators("\"1,234,567\"").as_deref(),
            Some("1234567")
        );
        for text in ["127810", "12,34", "1,2345", "a,123", ",123", "1.234"] {
            assert_eq!(without_separators(text), None, "{text}");
        }
    }

    #[test]
    fn curly_quotes_around_a_value_are_found_and_straightened() {
        let line = "country = \u{201C}Japan\"";
        assert_eq!(curly_quote(line), Some(10));
        assert_eq!(straightened(line).as_deref(), Some("country = \"Japan\""));
        let line = "country = \"Japan\u{201D}";
        assert_eq!(curly_quote(line), Some(16));
        assert_eq!(straightened(line).as_deref(), Some("country = \"Japan\""));
        let line = "name = \u{2018}Seika\u{2019}";
        assert_eq!(straightened(line).as_deref(), Some("name = 'Seika'"));
        // Curly quotes inside a straight-quoted value are text, not a mistake.
        assert_eq!(
            curly_quote("note = \"the \u{201C}Seika Stone\u{201D}\""),
            None
        );
        assert_eq!(curly_quote("no equals sign"), None);
    }
}
