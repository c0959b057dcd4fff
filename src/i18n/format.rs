//! Dates, times and numbers in a language, by ICU4X with its compiled CLDR data, in the
//! language's US locale (`es-US`: "1 de septiembre de 2005", "6:30 p.m.", "36,542").
//!
//! English keeps one form of its own where CLDR's differs from the City's style: the time of
//! day as US newspapers and the Government Publishing Office write it ("6 p.m.", "6:30 p.m.",
//! "noon"), where CLDR's `en-US` writes "6:00 PM". Every other English form (dates, month
//! and year, numbers) is CLDR's, and the same as the pages wrote before.

use icu_datetime::fieldsets::{M, T, Y, YM, YMD, YMDE};
use icu_datetime::input::{Date, Time};
use icu_datetime::{DateTimeFormatter, NoCalendarFormatter};
use icu_decimal::DecimalFormatter;
use icu_decimal::input::Decimal;
use icu_locale_core::Locale;

use super::{LocaleError, REGION};

/// How a language writes dates, times and numbers.
pub struct Formats {
    /// The source language keeps its own time of day (see the module's notes).
    gpo_times: bool,
    numbers: DecimalFormatter,
    /// "September 1, 2005"
    date: DateTimeFormatter<YMD>,
    /// "Monday, June 1, 2026"
    weekday_date: DateTimeFormatter<YMDE>,
    /// "September 2005"
    month_year: DateTimeFormatter<YM>,
    /// "September"
    month: DateTimeFormatter<M>,
    /// "2005"
    year: DateTimeFormatter<Y>,
    /// "6:30 p.m." (not for the source language)
    time: NoCalendarFormatter<T>,
}

/// The ICU locale a language is written with: the language in the United States.
fn locale(language: &str) -> Result<Locale, LocaleError> {
    Locale::try_from_str(&format!("{language}-{REGION}"))
        .map_err(|_| LocaleError::Formats(language.to_owned()))
}

impl Formats {
    pub fn new(language: &str) -> Result<Formats, LocaleError> {
        let locale = locale(language)?;
        let failed = |_| LocaleError::Formats(language.to_owned());
        let failed_dates = |_| LocaleError::Formats(language.to_owned());
        let failed_times = |_| LocaleError::Formats(language.to_owned());
        Ok(Formats {
            gpo_times: language == super::SOURCE_LANGUAGE,
            numbers: DecimalFormatter::try_new((&locale).into(), Default::default())
                .map_err(failed)?,
            date: DateTimeFormatter::try_new((&locale).into(), YMD::long())
                .map_err(failed_dates)?,
            weekday_date: DateTimeFormatter::try_new((&locale).into(), YMDE::long())
                .map_err(failed_dates)?,
            month_year: DateTimeFormatter::try_new((&locale).into(), YM::long())
                .map_err(failed_dates)?,
            month: DateTimeFormatter::try_new((&locale).into(), M::long()).map_err(failed_dates)?,
            year: DateTimeFormatter::try_new((&locale).into(), Y::long()).map_err(failed_dates)?,
            time: NoCalendarFormatter::try_new((&locale).into(), T::hm()).map_err(failed_times)?,
        })
    }

    /// 128026 -> "128,026".
    pub fn number(&self, n: u64) -> String {
        self.numbers.format(&Decimal::from(n)).to_string()
    }

    /// "September 1, 2005", "1 de septiembre de 2005".
    pub fn date(&self, year: i16, month: i8, day: i8) -> String {
        match iso(year, month, day) {
            Some(date) => self.date.format(&date).to_string(),
            None => format!("{year:04}-{month:02}-{day:02}"),
        }
    }

    /// "Monday, June 1, 2026", "lunes, 1 de junio de 2026".
    pub fn weekday_date(&self, date: jiff::civil::Date) -> String {
        match iso(date.year(), date.month(), date.day()) {
            Some(d) => self.weekday_date.format(&d).to_string(),
            None => date.to_string(),
        }
    }

    /// "September 2005", "septiembre de 2005".
    pub fn month_year(&self, year: i16, month: i8) -> String {
        match iso(year, month, 1) {
            Some(date) => self.month_year.format(&date).to_string(),
            None => format!("{year:04}-{month:02}"),
        }
    }

    /// "September", "septiembre".
    pub fn month(&self, year: i16, month: i8) -> String {
        match iso(year, month, 1) {
            Some(date) => self.month.format(&date).to_string(),
            None => format!("{month:02}"),
        }
    }

    /// "2005".
    pub fn year(&self, year: i16) -> String {
        match iso(year, 1, 1) {
            Some(date) => self.year.format(&date).to_string(),
            None => year.to_string(),
        }
    }

    /// "6:30 p.m." in Spanish; in English "6 p.m.", "6:30 p.m.", "noon", "midnight".
    pub fn time(&self, time: jiff::civil::Time) -> String {
        if self.gpo_times {
            return gpo_time(time);
        }
        match Time::try_new(
            time.hour().unsigned_abs(),
            time.minute().unsigned_abs(),
            0,
            0,
        ) {
            Ok(t) => self.time.format(&t).to_string(),
            Err(_) => time.strftime("%H:%M").to_string(),
        }
    }
}

fn iso(year: i16, month: i8, day: i8) -> Option<Date<icu_calendar::Iso>> {
    Date::try_new_iso(i32::from(year), month.unsigned_abs(), day.unsigned_abs()).ok()
}

/// "6 p.m.", "6:30 p.m.", "noon", "midnight": the time of day as US newspapers and the
/// Government Publishing Office write it (no ":00" on the hour).
fn gpo_time(time: jiff::civil::Time) -> String {
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

/// Numbers in Fluent messages, grouped as the language groups them (the catalogue's
/// formatter; Fluent keeps one per language, and ICU4X's formatter, which may not be shared
/// between threads, is made for each number from the compiled data).
pub struct Grouping(Locale);

impl Grouping {
    pub fn format(&self, n: i64) -> Option<String> {
        let formatter = DecimalFormatter::try_new((&self.0).into(), Default::default()).ok()?;
        Some(formatter.format(&Decimal::from(n)).to_string())
    }
}

impl intl_memoizer::Memoizable for Grouping {
    type Args = ();
    type Error = LocaleError;

    fn construct(
        lang: unic_langid::LanguageIdentifier,
        _: Self::Args,
    ) -> Result<Self, Self::Error> {
        locale(lang.language.as_str()).map(Grouping)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: i8, m: i8) -> jiff::civil::Time {
        jiff::civil::Time::new(h, m, 0, 0).unwrap()
    }

    #[test]
    fn english_is_written_as_the_pages_always_wrote_it() {
        let en = Formats::new("en").unwrap();
        assert_eq!(en.number(128026), "128,026");
        assert_eq!(en.number(7), "7");
        assert_eq!(en.date(2005, 9, 1), "September 1, 2005");
        assert_eq!(en.month_year(2011, 4), "April 2011");
        assert_eq!(en.month(2011, 4), "April");
        assert_eq!(en.year(1994), "1994");
        let day = jiff::civil::date(2026, 12, 2);
        assert_eq!(en.weekday_date(day), "Wednesday, December 2, 2026");
        assert_eq!(en.time(t(18, 30)), "6:30 p.m.");
        assert_eq!(en.time(t(18, 0)), "6 p.m.");
        assert_eq!(en.time(t(9, 5)), "9:05 a.m.");
        assert_eq!(en.time(t(0, 30)), "12:30 a.m.");
        assert_eq!(en.time(t(12, 0)), "noon");
        assert_eq!(en.time(t(0, 0)), "midnight");
    }

    #[test]
    fn spanish_is_written_as_in_the_united_states() {
        let es = Formats::new("es").unwrap();
        assert_eq!(es.number(36542), "36,542");
        assert_eq!(es.number(8004), "8,004");
        assert_eq!(es.date(2005, 9, 1), "1 de septiembre de 2005");
        assert_eq!(es.month_year(2011, 4), "abril de 2011");
        assert_eq!(es.year(1994), "1994");
        let day = jiff::civil::date(2026, 6, 1);
        assert_eq!(es.weekday_date(day), "lunes, 1 de junio de 2026");
        // CLDR keeps "p.m." with its time by a narrow no-break space.
        assert_eq!(es.time(t(18, 30)), "6:30\u{202f}p.m.");
        assert_eq!(es.time(t(18, 0)), "6:00\u{202f}p.m.");
    }
}
