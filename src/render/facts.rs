//! Facts computed from the content for the moment a page is rendered: distances, local times
//! and time differences by real tz rules, partnership ages and anniversaries, event times
//! written out for people and for `<time datetime>`.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime};

use crate::content::model::{Anniversary, City, Event};
use crate::geo::{self, LatLon};

use super::format::{DateText, iso_minute, long_date, ordinal, time_of_day};
use super::language::Lang;

/// The great-circle distance between two places, rounded for people.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Distance {
    pub km: f64,
    pub miles: f64,
}

impl Distance {
    pub fn between(a: LatLon, b: LatLon) -> Distance {
        let km = geo::distance_km(a, b);
        Distance {
            km,
            miles: geo::km_to_miles(km),
        }
    }

    /// Whole kilometres, e.g. 10473.
    pub fn whole_km(&self) -> u64 {
        whole(self.km)
    }

    /// Whole miles, e.g. 6507.
    pub fn whole_miles(&self) -> u64 {
        whole(self.miles)
    }

    /// "10,473 km (6,507 miles)"
    pub fn text(&self, lang: &Lang) -> String {
        lang.text(
            "distance",
            &[
                ("km", self.whole_km().into()),
                ("miles", self.whole_miles().into()),
            ],
        )
    }
}

fn whole(value: f64) -> u64 {
    // Distances on Earth are far below u64's range; a NaN becomes 0.
    value.round().max(0.0) as u64
}

/// The local time in a sister city at a moment, and how it differs from the home city's.
#[derive(Debug, Clone)]
pub struct Clock {
    /// "9 p.m."
    pub time: String,
    /// "Monday, June 1, 2026"
    pub date: String,
    /// The zone's abbreviation at that moment, e.g. "JST" or "CEST".
    pub abbreviation: String,
    /// For `<time datetime>`: "2026-06-01T21:00+09:00".
    pub iso: String,
    /// The home city's time at the same moment: "7 a.m.".
    pub home_time: String,
    /// For `<time datetime>`.
    pub home_iso: String,
    /// "14 hours ahead of Norman", "1 hour behind Norman" or "The same time as Norman".
    pub difference: String,
    /// How the difference changes over the year with daylight saving time, or empty when it
    /// does not: "Over the year it is between 14 and 15 hours ahead of Norman, ...".
    pub difference_over_year: String,
}

impl Clock {
    pub fn at(
        lang: &Lang,
        now: Timestamp,
        zone: &TimeZone,
        home: &TimeZone,
        home_name: &str,
    ) -> Clock {
        let there = now.to_zoned_datetime(zone.clone());
        let here = now.to_zoned_datetime(home.clone());
        let difference_seconds = difference(now, zone, home);
        // The difference on each day of the coming year: daylight saving time starts and ends
        // on different dates in different countries, so each day counts.
        let (mut low, mut high) = (difference_seconds, difference_seconds);
        for day in 1..=366 {
            let moment = now
                .checked_add(jiff::SignedDuration::from_hours(24 * day))
                .unwrap_or(now);
            let d = difference(moment, zone, home);
            low = low.min(d);
            high = high.max(d);
        }
        Clock {
            time: time_of_day(lang, there.time()),
            date: long_date(lang, there.date()),
            abbreviation: there.strftime("%Z").to_string(),
            iso: iso_minute(&there),
            home_time: time_of_day(lang, here.time()),
            home_iso: iso_minute(&here),
            difference: difference_text(lang, difference_seconds, home_name),
            difference_over_year: if low == high {
                String::new()
            } else {
                range_text(lang, low, high, home_name)
            },
        }
    }
}

/// Seconds that `zone` is ahead of `home` at a moment (negative when behind).
fn difference(now: Timestamp, zone: &TimeZone, home: &TimeZone) -> i32 {
    zone.to_offset(now).seconds() - home.to_offset(now).seconds()
}

fn difference_text(lang: &Lang, seconds: i32, home_name: &str) -> String {
    let home = ("home", home_name.into());
    match seconds {
        0 => lang.text("time-same", &[home]),
        s if s > 0 => lang.text(
            "time-ahead",
            &[("duration", duration_text(lang, s).into()), home],
        ),
        s => lang.text(
            "time-behind",
            &[("duration", duration_text(lang, -s).into()), home],
        ),
    }
}

/// "Over the year it is between 14 and 15 hours ahead of Norman, as daylight saving time
/// starts and ends."
fn range_text(lang: &Lang, low: i32, high: i32, home_name: &str) -> String {
    let short = |s: i32| {
        if s % 3600 == 0 {
            lang.number((s / 3600).unsigned_abs().into())
        } else {
            duration_text(lang, s)
        }
    };
    let (id, from, to) = if low >= 0 {
        ("time-range-ahead", short(low), duration_text(lang, high))
    } else if high <= 0 {
        ("time-range-behind", short(-high), duration_text(lang, -low))
    } else {
        (
            "time-range-across",
            duration_text(lang, -low),
            duration_text(lang, high),
        )
    };
    lang.text(
        id,
        &[
            ("from", from.into()),
            ("to", to.into()),
            ("home", home_name.into()),
        ],
    )
}

/// 3600 -> "1 hour", 50400 -> "14 hours", 19800 -> "5 hours 30 minutes".
fn duration_text(lang: &Lang, seconds: i32) -> String {
    let (hours, minutes) = (seconds / 3600, seconds % 3600 / 60);
    let hours_text = || lang.text("count-hours", &[("count", hours.unsigned_abs().into())]);
    let minutes_text = || lang.text("count-minutes", &[("count", minutes.unsigned_abs().into())]);
    match (hours, minutes) {
        (_, 0) => hours_text(),
        (0, _) => minutes_text(),
        _ => lang.text(
            "duration-hours-minutes",
            &[
                ("hours", hours_text().into()),
                ("minutes", minutes_text().into()),
            ],
        ),
    }
}

/// The partnership's age and its next round-number anniversary, written out.
#[derive(Debug, Clone)]
pub struct Partnership {
    /// "20 years old", when the agreement's day is known; with only its year or month, the
    /// age is not one number all year, so the page does not give it.
    pub age: Option<String>,
    /// The next anniversary that is a multiple of 5 years.
    pub next: Option<AnniversaryText>,
}

/// A round-number anniversary, written out.
#[derive(Debug, Clone)]
pub struct AnniversaryText {
    /// "30th"
    pub ordinal: String,
    /// The day, month or year it falls on.
    pub date: DateText,
    /// In a sentence, said once: "in 2027", "on September 1, 2030", or "today, September 1,
    /// 2030" on the day.
    pub when: String,
}

impl Partnership {
    pub fn of(lang: &Lang, city: &City, today: Date) -> Option<Partnership> {
        let since = city.agreement()?.date;
        let years = city.partnership_years(today)?;
        Some(Partnership {
            age: since
                .day
                .is_some()
                .then(|| lang.text("partnership-age", &[("count", years.unsigned_abs().into())])),
            next: city
                .next_anniversary(today)
                .map(|a| AnniversaryText::of(lang, a, today)),
        })
    }
}

impl AnniversaryText {
    /// The anniversary as of `today` (which says whether it is today).
    pub fn of(lang: &Lang, anniversary: Anniversary, today: Date) -> AnniversaryText {
        let date = anniversary.date;
        let text = DateText::of(lang, date);
        let when = if date.day.is_some() && date.first_day() == Some(today) {
            lang.text("date-today", &[("date", text.text.as_str().into())])
        } else {
            text.when()
        };
        AnniversaryText {
            ordinal: ordinal(lang, anniversary.years.unsigned_abs().into()),
            date: text,
            when,
        }
    }
}

/// An event's time written out, in its own time zone and, when that differs, the home city's.
#[derive(Debug, Clone)]
pub struct EventTime {
    /// "Saturday, May 1, 2027, 10 a.m. to noon CDT", or "Saturday, May 1, 2027" for a whole
    /// day.
    pub text: String,
    /// For `<time datetime>`: "2027-05-01T10:00-05:00", or "2027-05-01" for a whole day.
    pub iso: String,
    /// "In Norman: Friday, April 30, 2027, 8 p.m. to 10 p.m. CDT" when the event is in another
    /// time zone; empty otherwise.
    pub home_text: String,
}

impl EventTime {
    pub fn of(lang: &Lang, event: &Event, home: &TimeZone, home_name: &str) -> EventTime {
        if event.all_day {
            let (first, last) = (event.start.date(), event.last_day());
            let text = if first == last {
                long_date(lang, first)
            } else {
                lang.text(
                    "days-span",
                    &[
                        ("first", long_date(lang, first).into()),
                        ("last", long_date(lang, last).into()),
                    ],
                )
            };
            return EventTime {
                text,
                iso: first.to_string(),
                home_text: String::new(),
            };
        }
        let same_zone = event.time_zone.tz.iana_name() == home.iana_name();
        let home_text = if same_zone {
            String::new()
        } else {
            let start = event.start.timestamp().to_zoned_datetime(home.clone());
            let end = event.end.timestamp().to_zoned_datetime(home.clone());
            lang.text(
                "event-home-time",
                &[
                    ("home", home_name.into()),
                    ("time", span_text(lang, &start, &end).into()),
                ],
            )
        };
        EventTime {
            text: span_text(lang, &event.start, &event.end),
            iso: iso_minute(&event.start),
            home_text,
        }
    }
}

/// "Saturday, May 1, 2027, 10 a.m. to noon CDT", or across days with both dates.
fn span_text(lang: &Lang, start: &ZonedDateTime, end: &ZonedDateTime) -> String {
    let zone_start = start.strftime("%Z").to_string();
    let zone_end = end.strftime("%Z").to_string();
    if start.date() == end.date() && zone_start == zone_end {
        lang.text(
            "time-span-same-day",
            &[
                ("date", long_date(lang, start.date()).into()),
                ("start", time_of_day(lang, start.time()).into()),
                ("end", time_of_day(lang, end.time()).into()),
                ("zone", zone_end.into()),
            ],
        )
    } else {
        lang.text(
            "time-span-days",
            &[
                ("start-date", long_date(lang, start.date()).into()),
                ("start", time_of_day(lang, start.time()).into()),
                ("start-zone", zone_start.into()),
                ("end-date", long_date(lang, end.date()).into()),
                ("end", time_of_day(lang, end.time()).into()),
                ("end-zone", zone_end.into()),
            ],
        )
    }
}

/// The next minute boundary after `now`: clocks on the pages change then.
pub fn next_minute(now: Timestamp) -> Option<Timestamp> {
    let next = (now.as_second().div_euclid(60) + 1) * 60;
    Timestamp::from_second(next).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::i18n::Locale;

    fn tz(name: &str) -> TimeZone {
        jiff::tz::db().get(name).unwrap()
    }

    fn english<T>(f: impl FnOnce(&Lang) -> T) -> T {
        let all = [Locale::new("en").unwrap()];
        f(&Lang {
            locale: &all[0],
            all: &all,
        })
    }

    #[test]
    fn durations_are_written_in_words() {
        english(|en| {
            assert_eq!(duration_text(en, 3600), "1 hour");
            assert_eq!(duration_text(en, 50400), "14 hours");
            assert_eq!(duration_text(en, 19800), "5 hours 30 minutes");
            assert_eq!(duration_text(en, 1800), "30 minutes");
        });
    }

    #[test]
    fn norman_and_colima_are_0_hours_apart_in_winter_and_1_in_summer() {
        let (colima, norman) = (tz("America/Mexico_City"), tz("America/Chicago"));
        // Daylight saving time starts in Norman on March 8, 2026, at 2 a.m. local time.
        let before: Timestamp = "2026-03-08T07:59:00Z".parse().unwrap();
        let after: Timestamp = "2026-03-08T08:01:00Z".parse().unwrap();
        let winter = english(|en| Clock::at(en, before, &colima, &norman, "Norman"));
        assert_eq!(winter.difference, "The same time as Norman");
        assert_eq!(winter.time, "1:59 a.m.");
        assert_eq!(winter.home_time, "1:59 a.m.");
        let summer = english(|en| Clock::at(en, after, &colima, &norman, "Norman"));
        assert_eq!(summer.difference, "1 hour behind Norman");
        assert_eq!(summer.time, "2:01 a.m.");
        assert_eq!(summer.home_time, "3:01 a.m.");
        assert_eq!(
            summer.difference_over_year,
            "Over the year it is between 0 and 1 hour behind Norman, as daylight saving time \
             starts and ends."
        );
    }

    #[test]
    fn a_city_without_daylight_saving_on_either_side_has_one_difference() {
        let clock = english(|en| {
            Clock::at(
                en,
                "2026-06-01T12:00:00Z".parse().unwrap(),
                &tz("Asia/Tokyo"),
                &tz("Asia/Seoul"),
                "Seoul",
            )
        });
        assert_eq!(clock.difference, "The same time as Seoul");
        assert_eq!(clock.difference_over_year, "");
    }

    #[test]
    fn the_next_minute_is_the_next_boundary() {
        let now: Timestamp = "2026-06-01T12:00:00.5Z".parse().unwrap();
        assert_eq!(
            next_minute(now),
            Some("2026-06-01T12:01:00Z".parse().unwrap())
        );
        let on: Timestamp = "2026-06-01T12:01:00Z".parse().unwrap();
        assert_eq!(
            next_minute(on),
            Some("2026-06-01T12:02:00Z".parse().unwrap())
        );
    }
}
