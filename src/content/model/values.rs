//! The checked values content is made of: addresses, dates known to the year, month or day,
//! time zones, language tags, e-mail addresses and sanitised HTML. Each can only be made by
//! parsing, so holding one means it is valid.

use std::fmt;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use url::Url;

/// A date known to the year, the month or the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PartialDate {
    pub year: i16,
    pub month: Option<i8>,
    pub day: Option<i8>,
}

impl PartialDate {
    /// The earliest day the date can mean, for ordering and arithmetic.
    pub fn first_day(self) -> Option<Date> {
        Date::new(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1)).ok()
    }

    /// The latest day the date can mean: the end of its year or month, or the day itself.
    pub fn last_day(self) -> Option<Date> {
        match (self.month, self.day) {
            (Some(m), Some(d)) => Date::new(self.year, m, d).ok(),
            (Some(m), None) => Date::new(self.year, m, 1).ok().map(Date::last_of_month),
            _ => Date::new(self.year, 12, 31).ok(),
        }
    }

    /// The same day, month or year `years` later (29 February becomes 28 February).
    pub fn plus_years(self, years: i16) -> Option<PartialDate> {
        let year = self.year.checked_add(years)?;
        let day = match (self.month, self.day) {
            (Some(m), Some(d)) => {
                let last = Date::new(year, m, 1).ok()?.last_of_month().day();
                Some(d.min(last))
            }
            _ => self.day,
        };
        Some(PartialDate {
            year,
            month: self.month,
            day,
        })
    }

    /// The machine-readable form for `<time datetime>`: "1994", "2000-10" or "2005-09-01".
    pub fn iso(self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{:02}-{:02}", self.year, m, d),
            (Some(m), None) => format!("{:04}-{:02}", self.year, m),
            _ => format!("{:04}", self.year),
        }
    }
}

/// An e-mail address: one `@` with a name before it and a domain with a dot after it, and no
/// spaces, so that a `mailto:` link made of it works.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(text: &str) -> Option<Email> {
        let text = text.trim();
        let (local, domain) = text.split_once('@')?;
        let valid = !local.is_empty()
            && !domain.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !text.chars().any(|c| c.is_whitespace() || c.is_control())
            && !text.contains(['<', '>', '"', ',', ';', '?', '&']);
        valid.then(|| Email(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A URL slug: lowercase letters, digits and single hyphens.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Slug(String);

impl Slug {
    pub fn parse(text: &str) -> Option<Slug> {
        let valid = !text.is_empty()
            && text
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !text.starts_with('-')
            && !text.ends_with('-')
            && !text.contains("--");
        valid.then(|| Slug(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An https URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpsUrl(Url);

impl HttpsUrl {
    pub fn parse(text: &str) -> Option<HttpsUrl> {
        let url = Url::parse(text).ok()?;
        (url.scheme() == "https" && url.host().is_some()).then_some(HttpsUrl(url))
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The address without a trailing slash, to put paths after.
    pub fn origin_and_path(&self) -> &str {
        self.0.as_str().trim_end_matches('/')
    }

    /// The host name, for showing a link's destination, e.g. "www.town.seika.kyoto.jp".
    pub fn host(&self) -> &str {
        self.0.host_str().unwrap_or_default()
    }
}

/// A well-formed BCP 47 language tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LangTag(String);

impl LangTag {
    pub fn parse(text: &str) -> Option<LangTag> {
        let tag = language_tags::LanguageTag::parse(text).ok()?;
        tag.validate().ok()?;
        Some(LangTag(tag.as_str().to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An IANA time zone that exists in the tz database.
#[derive(Debug, Clone)]
pub struct Zone {
    pub name: String,
    pub tz: TimeZone,
}

impl Zone {
    pub fn parse(name: &str) -> Option<Zone> {
        let tz = jiff::tz::db().get(name).ok()?;
        Some(Zone {
            name: name.to_owned(),
            tz,
        })
    }
}

/// HTML produced by this program from Markdown and sanitised, so safe to insert unescaped.
/// Copies share the text (the content in each language, and each file's checked item kept
/// from one reload to the next, hold the same).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Html(std::sync::Arc<str>);

impl Html {
    /// Only the Markdown renderer makes these, after sanitising.
    pub(crate) fn from_sanitised(html: String) -> Html {
        Html(html.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Html {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(year: i16, month: Option<i8>, day: Option<i8>) -> PartialDate {
        PartialDate { year, month, day }
    }

    #[test]
    fn a_partial_date_spans_its_year_or_month() {
        let d = |y, m, day| Date::new(y, m, day).ok();
        assert_eq!(date(2011, None, None).last_day(), d(2011, 12, 31));
        assert_eq!(date(2011, Some(4), None).last_day(), d(2011, 4, 30));
        assert_eq!(date(2024, Some(2), None).last_day(), d(2024, 2, 29));
        assert_eq!(date(2005, Some(9), Some(1)).last_day(), d(2005, 9, 1));
    }

    #[test]
    fn anniversaries_keep_the_precision_and_29_february_falls_back() {
        assert_eq!(
            date(1997, None, None).plus_years(30),
            Some(date(2027, None, None))
        );
        assert_eq!(
            date(2000, Some(10), None).plus_years(25),
            Some(date(2025, Some(10), None))
        );
        assert_eq!(
            date(2004, Some(2), Some(29)).plus_years(5),
            Some(date(2009, Some(2), Some(28)))
        );
    }
}
