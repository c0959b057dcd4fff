//! Checks of one file's values, collecting every problem instead of stopping at the first:
//! coordinates, time zones, URLs, years, dates and the like here; staff-written text in
//! `prose`, photos in `photos`. `validate.rs` uses them, file by file.

mod context;
mod photos;
mod prose;

use jiff::civil::Date;

use crate::content::diagnostic::{Diagnostic, Diagnostics, SourceFile};
use crate::content::hints::Written;
use crate::content::model;
use crate::content::model::{
    Email, HttpsUrl, LangTag, LatLon, PartialDate, Population, Slug, Zone,
};
use crate::content::raw::{self, Datetime, Spanned};
use crate::content::zones;

pub use context::{Context, Read};

const ZONE_EXAMPLE: &str = "an IANA time zone such as \"Europe/Paris\" or \"America/Chicago\"";

/// Checks one file's values, collecting problems instead of stopping at the first.
pub struct Checker<'a> {
    file: &'a SourceFile,
    ctx: &'a Context<'a>,
    diagnostics: &'a mut Diagnostics,
}

impl<'a> Checker<'a> {
    pub(crate) fn new(
        file: &'a SourceFile,
        ctx: &'a Context<'a>,
        diagnostics: &'a mut Diagnostics,
    ) -> Self {
        Self {
            file,
            ctx,
            diagnostics,
        }
    }

    pub(crate) fn report(
        &mut self,
        code: &'static str,
        value_span: std::ops::Range<usize>,
        message: String,
        help: &str,
    ) {
        let diagnostic = Diagnostic::at(code, self.file, value_span, message);
        let diagnostic = if help.is_empty() {
            diagnostic
        } else {
            diagnostic.help(help)
        };
        self.diagnostics.push(diagnostic);
    }

    /// Like [`Checker::report`], for a value that is published all the same.
    pub(crate) fn warn(
        &mut self,
        code: &'static str,
        value_span: std::ops::Range<usize>,
        message: String,
        help: &str,
    ) {
        let diagnostic = Diagnostic::at(code, self.file, value_span, message).warning();
        self.diagnostics.push(diagnostic.help(help));
    }

    /// Text that must say something.
    pub(crate) fn text(&mut self, value: &Spanned<String>, key: &str) -> String {
        let text = value.get_ref().trim();
        if text.is_empty() {
            self.report(
                "empty-text",
                value.span(),
                format!("`{key}` is empty"),
                &format!("write the {} between the quotes", key.replace('_', " ")),
            );
        }
        text.to_owned()
    }

    pub(crate) fn optional_text(
        &mut self,
        value: &Option<Spanned<String>>,
        key: &str,
    ) -> Option<String> {
        value.as_ref().map(|v| self.text(v, key))
    }

    pub(crate) fn location(&mut self, latitude: &Spanned<f64>, longitude: &Spanned<f64>) -> LatLon {
        let lat = *latitude.get_ref();
        let lon = *longitude.get_ref();
        if !(-90.0..=90.0).contains(&lat) {
            self.report(
                "latitude-range",
                latitude.span(),
                format!("latitude {lat} is outside -90 to 90"),
                "a latitude in decimal degrees, such as 34.76083; north is positive, south negative",
            );
        }
        if !(-180.0..=180.0).contains(&lon) {
            self.report(
                "longitude-range",
                longitude.span(),
                format!("longitude {lon} is outside -180 to 180"),
                "a longitude in decimal degrees, such as 135.78583; east is positive, west negative",
            );
        }
        LatLon { lat, lon }
    }

    /// An IANA time zone. A zone written as people say it ("CST", "Central", "UTC-6") gets
    /// the IANA name with the same offset in one of `countries` (most likely first), and a
    /// misspelt IANA name the nearest real one; otherwise no guess.
    pub(crate) fn zone(&mut self, value: &Spanned<String>, countries: &[&str]) -> Option<Zone> {
        let name = value.get_ref().trim();
        let zone = Zone::parse(name).filter(|_| !zones::is_legacy_abbreviation(name));
        if zone.is_none() {
            let help = if let Some(best) = zones::suggest(name, countries) {
                format!(
                    "write \"{best}\" ({}), the IANA name of that time zone",
                    zones::offsets(best)
                )
            } else if name.contains('/') {
                let known: Vec<String> =
                    jiff::tz::db().available().map(|n| n.to_string()).collect();
                let known: Vec<&str> = known.iter().map(String::as_str).collect();
                match crate::content::nearest(name, &known) {
                    Some(best) => format!("did you mean \"{best}\"? (an IANA time zone name)"),
                    None => ZONE_EXAMPLE.to_owned(),
                }
            } else {
                format!("{ZONE_EXAMPLE}, not an abbreviation")
            };
            self.report(
                "time-zone",
                value.span(),
                format!("unknown time zone \"{name}\""),
                &help,
            );
        }
        zone
    }

    pub(crate) fn url(&mut self, value: &Spanned<String>) -> Option<HttpsUrl> {
        let url = HttpsUrl::parse(value.get_ref().trim());
        if url.is_none() {
            let (code, message) = if value.get_ref().trim_start().starts_with("http://") {
                (
                    "insecure-url",
                    format!("\"{}\" is not secure (http)", value.get_ref()),
                )
            } else {
                (
                    "web-address",
                    format!("\"{}\" is not a web address", value.get_ref()),
                )
            };
            self.report(
                code,
                value.span(),
                message,
                "a URL starting with https://, such as \"https://www.example.org\"",
            );
        }
        url
    }

    pub(crate) fn email(&mut self, value: &Spanned<String>) -> Option<Email> {
        let email = Email::parse(value.get_ref());
        if email.is_none() {
            self.report(
                "email-address",
                value.span(),
                format!("\"{}\" is not an e-mail address", value.get_ref()),
                "an address such as \"passports@example.org\", without spaces or \"mailto:\"",
            );
        }
        email
    }

    pub(crate) fn lang(&mut self, value: &Spanned<String>) -> Option<LangTag> {
        let tag = LangTag::parse(value.get_ref().trim());
        if tag.is_none() {
            self.report(
                "language-tag",
                value.span(),
                format!("\"{}\" is not a language tag", value.get_ref()),
                "a BCP 47 language tag such as \"ja\", \"fr\", \"es\" or \"it\"",
            );
        }
        tag
    }

    pub(crate) fn country_code(&mut self, value: &Spanned<String>) -> String {
        let code = value.get_ref().trim();
        if isocountry::CountryCode::for_alpha2(code).is_err() {
            self.report(
                "country-code",
                value.span(),
                format!("\"{code}\" is not an ISO 3166-1 country code"),
                "two capital letters such as \"FR\", \"MX\", \"JP\" or \"IT\"",
            );
        }
        code.to_owned()
    }

    /// A year that has happened: not in the future, not before 1000.
    pub(crate) fn year(&mut self, value: &Spanned<i64>) -> i16 {
        let year = *value.get_ref();
        let this_year = i64::from(self.ctx.year());
        if !(1000..=this_year).contains(&year) {
            self.report(
                "year-range",
                value.span(),
                format!("{year} is not a year from 1000 to {this_year}"),
                "a year such as 1994",
            );
        }
        i16::try_from(year).unwrap_or_default()
    }

    pub(crate) fn population(&mut self, raw: &raw::Population) -> Population {
        let count = *raw.count.get_ref();
        if count <= 0 {
            self.report(
                "population-range",
                raw.count.span(),
                format!("population {count} must be more than 0"),
                "a whole number such as 36542",
            );
        }
        let estimate = raw
            .note
            .as_ref()
            .is_some_and(|n| n.get_ref().trim().eq_ignore_ascii_case("estimate"));
        Population {
            count: u64::try_from(count).unwrap_or_default(),
            year: self.year(&raw.year),
            estimate,
        }
    }

    pub(crate) fn date(&mut self, value: &Spanned<String>, key: &str) -> Option<PartialDate> {
        let text = value.get_ref().trim();
        let date = parse_partial_date(text);
        match date {
            None => self.report(
                "date-format",
                value.span(),
                format!("\"{text}\" is not a date"),
                &Written::read(text)
                    .and_then(|written| written.help_for(key))
                    .unwrap_or_else(|| {
                        "a year \"1994\", a month \"2000-10\" or a day \"2005-09-01\"".to_owned()
                    }),
            ),
            Some(d) if d.year > self.ctx.year() => self.report(
                "future-date",
                value.span(),
                format!("\"{text}\" is in the future"),
                "a date that has already happened, such as \"1994\"",
            ),
            Some(_) => {}
        }
        date
    }

    /// A list of sister cities named by their file names, each checked against the cities.
    pub(crate) fn related_cities(&mut self, values: &[Spanned<String>]) -> Vec<Slug> {
        let mut cities: Vec<Slug> = Vec::new();
        for value in values {
            let name = value.get_ref().trim();
            match self.ctx.known_city(name) {
                Some(slug) if !cities.contains(slug) => cities.push(slug.clone()),
                Some(_) => {}
                None => {
                    // Only on a mistake: content can name thousands of cities.
                    let names: Vec<&str> = self.ctx.city_list().iter().map(Slug::as_str).collect();
                    let help = match crate::content::nearest(name, &names) {
                        Some(best) => format!("did you mean \"{best}\"?"),
                        None => format!(
                            "the file name of a city in content/cities, without .toml: {}",
                            names
                                .iter()
                                .map(|n| format!("\"{n}\""))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    };
                    self.report(
                        "unknown-city",
                        value.span(),
                        format!("no sister city \"{name}\""),
                        &help,
                    );
                }
            }
        }
        cities
    }

    /// An event's start or end: a local date and time, or a date alone for a whole day.
    pub(crate) fn event_time(
        &mut self,
        value: &Spanned<Datetime>,
        key: &str,
    ) -> Option<jiff::civil::DateTime> {
        let datetime = value.get_ref();
        let text = datetime.to_string();
        let problem = if datetime.offset.is_some() {
            Some(format!("`{key}` has an offset from UTC"))
        } else if datetime.date.is_none() {
            Some(format!("`{key}` has no date"))
        } else {
            None
        };
        let parsed = match (&problem, datetime.time.is_some()) {
            (Some(_), _) => None,
            (None, true) => text.parse::<jiff::civil::DateTime>().ok(),
            (None, false) => text
                .parse::<Date>()
                .ok()
                .map(|d| d.to_datetime(jiff::civil::Time::midnight())),
        };
        if parsed.is_none() {
            self.report(
                "event-time",
                value.span(),
                problem.unwrap_or_else(|| format!("{text} is not a date or a date and time")),
                "a local date and time such as 2027-05-01T10:00:00 (the time zone goes in \
                 `time_zone`), or a date such as 2027-05-01 for a whole day",
            );
        }
        parsed
    }

    /// Draft, publish and expire times, with expire after publish.
    pub(crate) fn schedule(
        &mut self,
        draft: bool,
        publish_at: &Option<Spanned<Datetime>>,
        expire_at: &Option<Spanned<Datetime>>,
    ) -> model::Schedule {
        let publish = self.moment(publish_at);
        let expire = self.moment(expire_at);
        if let (Some(p), Some(e), Some(span)) =
            (publish, expire, expire_at.as_ref().map(|at| at.span()))
            && e <= p
        {
            self.report(
                "schedule-order",
                span,
                "`expire_at` is not after `publish_at`".to_owned(),
                "a moment after publish_at, or remove expire_at",
            );
        }
        model::Schedule {
            draft,
            publish_at: publish,
            expire_at: expire,
        }
    }

    /// A publish or expire moment: a date (midnight), a local date-time, or one with an offset.
    pub(crate) fn moment(&mut self, value: &Option<Spanned<Datetime>>) -> Option<jiff::Timestamp> {
        let value = value.as_ref()?;
        let text = value.get_ref().to_string();
        let zone = self.ctx.home_zone();
        let moment = if value.get_ref().offset.is_some() {
            text.parse::<jiff::Timestamp>().ok()
        } else if value.get_ref().time.is_some() {
            let civil = text.parse::<jiff::civil::DateTime>().ok();
            civil
                .and_then(|dt| dt.to_zoned_datetime(zone.clone()).ok())
                .map(|z| z.timestamp())
        } else {
            let date = text.parse::<Date>().ok();
            date.and_then(|d| d.to_zoned_datetime(zone.clone()).ok())
                .map(|z| z.timestamp())
        };
        if moment.is_none() {
            self.report(
                "date-format",
                value.span(),
                format!("{text} is not a date or a date and time"),
                "a date such as 2027-01-15, or a date and time such as 2027-01-15T09:00:00",
            );
        }
        moment
    }
}

/// "1994", "2000-10" or "2005-09-01", checked against the calendar.
pub fn parse_partial_date(text: &str) -> Option<PartialDate> {
    let mut parts = text.split('-');
    let year: i16 = parts.next().filter(|p| p.len() == 4)?.parse().ok()?;
    let month: Option<i8> = match parts.next() {
        Some(p) if p.len() == 2 => Some(p.parse().ok()?),
        Some(_) => return None,
        None => None,
    };
    let day: Option<i8> = match parts.next() {
        Some(p) if p.len() == 2 => Some(p.parse().ok()?),
        Some(_) => return None,
        None => None,
    };
    if parts.next().is_some() {
        return None;
    }
    let date = PartialDate { year, month, day };
    // Checks the month and day exist (no "2005-02-30").
    Date::new(year, month.unwrap_or(1), day.unwrap_or(1)).ok()?;
    Some(date)
}
