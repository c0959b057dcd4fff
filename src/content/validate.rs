//! The second step: turns the raw files into the typed model, checking what serde cannot
//! (coordinates, time zones, URLs, years, language tags...). Every problem is collected.

use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;

use jiff::civil::Date;

use super::diagnostic::{Diagnostic, Diagnostics, SourceFile};
use super::hints::Written;
use super::markdown;
use super::model;
use super::model::{
    City, Contact, Email, Event, Exchange, GetInvolved, HomeCity, HttpsUrl, LangTag, LatLon,
    Milestone, NavLink, NewsItem, Organisation, OrganizationDetails, PartialDate, Photo,
    Population, Program, Section, Site, Slug, Zone,
};
use super::raw::{self, Datetime, Spanned};
use super::zones;
use crate::paths::RESERVED_SLUGS;

const ZONE_EXAMPLE: &str = "an IANA time zone such as \"Europe/Paris\" or \"America/Chicago\"";

/// What validation needs to know about the world outside the content files.
pub struct Context<'a> {
    /// Today, in the home city: years after it are in the future.
    pub today: Date,
    /// The static folder, where photos must exist.
    pub static_dir: Option<&'a Path>,
    /// The home city's time zone, for dates and times written without an offset.
    pub home_zone: jiff::tz::TimeZone,
    /// The home city's country (ISO code), whose time zones hints suggest first.
    pub home_country: String,
    /// Each sister city's country (ISO code), by the city's file name.
    pub city_countries: std::collections::HashMap<String, String>,
    /// The addresses of the site's pages (without those made from numbers, such as a page of
    /// a list), for links in texts.
    pub site_paths: HashSet<String>,
}

impl Context<'_> {
    /// Whether a link's path (without `#...` or `?...`) is a page or file of this site.
    pub fn is_site_path(&self, path: &str) -> bool {
        let path = match path.strip_suffix('/') {
            Some(trimmed) if !trimmed.is_empty() => trimmed,
            _ => path,
        };
        if self.site_paths.contains(path) {
            return true;
        }
        // Lists in pages (`/news/page/2`, `/events/year/2026`), and static files.
        let numbered = ["/cities/page/", "/news/page/", "/events/year/"]
            .iter()
            .any(|prefix| path.starts_with(prefix));
        let static_file = path
            .strip_prefix("/static/")
            .zip(self.static_dir)
            .is_some_and(|(file, dir)| !file.contains("..") && dir.join(file).is_file());
        numbered || static_file
    }
}

/// Checks one file's values, collecting problems instead of stopping at the first.
pub struct Checker<'a> {
    file: &'a SourceFile,
    ctx: &'a Context<'a>,
    diagnostics: &'a mut Diagnostics,
}

impl<'a> Checker<'a> {
    pub fn new(
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

    fn report(
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

    /// Text that must say something.
    fn text(&mut self, value: &Spanned<String>, key: &str) -> String {
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

    fn optional_text(&mut self, value: &Option<Spanned<String>>, key: &str) -> Option<String> {
        value.as_ref().map(|v| self.text(v, key))
    }

    fn markdown(&mut self, value: &Spanned<String>, key: &str) -> super::model::Html {
        let text = self.text(value, key);
        for link_text in markdown::link_texts(&text) {
            self.link_text(&link_text, value.span());
        }
        let is_site_path = |path: &str| self.ctx.is_site_path(path);
        for finding in markdown::lint(&text, &is_site_path) {
            let snippet = text.get(finding.range.clone()).unwrap_or_default();
            let at = self.find_in_value(snippet, value.span());
            let problem = Diagnostic::at(finding.code, self.file, at, finding.message)
                .help(finding.help)
                .warning();
            self.diagnostics.push(problem);
        }
        self.joined_words(value.span());
        markdown::to_html(&text)
    }

    /// Where some text of a value is in the file: its first line, searched for in the value;
    /// the whole value when it cannot be found (escapes make the file's text differ).
    fn find_in_value(&self, snippet: &str, value: Range<usize>) -> Range<usize> {
        let first_line = snippet.lines().next().unwrap_or_default().trim_end();
        self.file
            .text
            .get(value.clone())
            .filter(|_| !first_line.is_empty())
            .and_then(|source| source.find(first_line))
            .map_or(value.clone(), |i| {
                value.start + i..value.start + i + first_line.len()
            })
    }

    /// In a `"""` text, a line that ends in `\` is joined to the next with the spaces between
    /// them dropped: without a space before the `\`, two words run together ("and\
    /// strengthens" reads "andstrengthens").
    fn joined_words(&mut self, value: Range<usize>) {
        let Some(source) = self.file.text.get(value.clone()) else {
            return;
        };
        if !source.starts_with("\"\"\"") {
            return;
        }
        let mut offset = value.start;
        let mut lines = source.split_inclusive('\n').peekable();
        while let Some(line) = lines.next() {
            let body = line.trim_end_matches(['\n', '\r']);
            let joined = body.ends_with('\\')
                && !body.ends_with("\\\\")
                && body[..body.len() - 1].ends_with(|c: char| c.is_alphanumeric() || c == ',')
                && lines
                    .peek()
                    .is_some_and(|next| next.trim_start().starts_with(char::is_alphanumeric));
            if joined {
                let at = offset + body.len() - 1;
                let next_word: String = lines
                    .peek()
                    .map(|next| {
                        next.trim_start()
                            .chars()
                            .take_while(|c| c.is_alphanumeric())
                            .collect()
                    })
                    .unwrap_or_default();
                let last_word: String = body[..body.len() - 1]
                    .chars()
                    .rev()
                    .take_while(|c| c.is_alphanumeric())
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                self.diagnostics.push(
                    Diagnostic::at(
                        "joined-words",
                        self.file,
                        at..at + 1,
                        format!(
                            "the \\ at the end of this line joins \"{last_word}\" and \"{next_word}\" \
                             into \"{last_word}{next_word}\""
                        ),
                    )
                    .help("put a space before the \\, or remove the \\")
                    .warning(),
                );
            }
            offset += line.len();
        }
    }

    /// A heading with its Markdown text.
    fn section(&mut self, section: &raw::Section) -> Section {
        Section {
            heading: self.text(&section.heading, "heading"),
            text: self.markdown(&section.text, "text"),
        }
    }

    /// Link text must say where the link goes (WCAG 2.4.4): not "click here" or "read more".
    fn link_text(&mut self, text: &str, span: std::ops::Range<usize>) {
        const VAGUE: [&str; 8] = [
            "click here",
            "here",
            "read more",
            "more",
            "link",
            "this link",
            "click",
            "this page",
        ];
        let words = text.trim().trim_end_matches(['.', '!']).to_lowercase();
        if VAGUE.contains(&words.as_str()) {
            // Point at the words themselves when they can be found in the file.
            let at = self
                .file
                .text
                .get(span.clone())
                .and_then(|source| source.find(text))
                .map_or(span.clone(), |i| {
                    span.start + i..span.start + i + text.len()
                });
            self.report(
                "vague-link-text",
                at,
                format!("link text \"{text}\" does not say where the link goes"),
                "words that name the destination, e.g. \"Seika's official website\"",
            );
        }
    }

    fn location(&mut self, latitude: &Spanned<f64>, longitude: &Spanned<f64>) -> LatLon {
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
    fn zone(&mut self, value: &Spanned<String>, countries: &[&str]) -> Option<Zone> {
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
                match super::nearest(name, &known) {
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

    fn url(&mut self, value: &Spanned<String>) -> Option<HttpsUrl> {
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

    fn email(&mut self, value: &Spanned<String>) -> Option<Email> {
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

    fn lang(&mut self, value: &Spanned<String>) -> Option<LangTag> {
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

    fn country_code(&mut self, value: &Spanned<String>) -> String {
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
    fn year(&mut self, value: &Spanned<i64>) -> i16 {
        let year = *value.get_ref();
        let this_year = i64::from(self.ctx.today.year());
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

    fn population(&mut self, raw: &raw::Population) -> Population {
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

    fn date(&mut self, value: &Spanned<String>, key: &str) -> Option<PartialDate> {
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
            Some(d) if d.year > self.ctx.today.year() => self.report(
                "future-date",
                value.span(),
                format!("\"{text}\" is in the future"),
                "a date that has already happened, such as \"1994\"",
            ),
            Some(_) => {}
        }
        date
    }

    fn photo(&mut self, raw: &raw::Photo) -> Photo {
        let file = self.text(&raw.file, "file");
        if let Some(dir) = self.ctx.static_dir {
            let safe = !file.contains("..") && !file.starts_with('/');
            if !safe || !dir.join(&file).is_file() {
                self.report(
                    "photo-missing",
                    raw.file.span(),
                    format!("no photo \"{file}\" in the static folder {}", dir.display()),
                    "the path of an image under static/, such as \"images/seika-stone.jpg\"",
                );
            } else {
                self.photo_file(&dir.join(&file), &file, raw.file.span());
            }
        }
        let alt = raw.alt.get_ref().trim();
        let looks_like_file = [".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg"]
            .iter()
            .any(|ext| alt.to_ascii_lowercase().ends_with(ext));
        let generic = ["image", "photo", "picture", "img"]
            .iter()
            .any(|w| alt.eq_ignore_ascii_case(w));
        if alt.is_empty() || looks_like_file || generic {
            self.report(
                "alt-text",
                raw.alt.span(),
                if alt.is_empty() {
                    "the photo has no alt text".to_owned()
                } else {
                    format!("alt text \"{alt}\" does not describe the photo")
                },
                "describe what the photo shows, e.g. \"The Seika Stone in Norman's Sister City Square\"",
            );
        }
        Photo {
            file,
            alt: alt.to_owned(),
            credit: self.text(&raw.credit, "credit"),
        }
    }
}

impl Checker<'_> {
    /// A photo the site can show: a JPEG, PNG, WebP or AVIF (read from its first bytes), of a
    /// size a browser and the server can take.
    fn photo_file(&mut self, path: &Path, file: &str, span: Range<usize>) {
        /// Photos over this are refused; over [`LARGE_PHOTO`], a warning.
        const MAX_PHOTO: u64 = 20 * 1024 * 1024;
        const LARGE_PHOTO: u64 = 2 * 1024 * 1024;
        let mut head = [0u8; 64];
        let read = std::fs::File::open(path).and_then(|mut f| {
            let n = std::io::Read::read(&mut f, &mut head)?;
            Ok((n, f.metadata()?.len()))
        });
        let Ok((n, size)) = read else {
            self.report(
                "photo-missing",
                span,
                format!("the photo \"{file}\" cannot be read"),
                "the server's account must be able to read it: ask IT",
            );
            return;
        };
        let kind = crate::photos::Kind::of(&head[..n]);
        let megabytes = format!("{:.1} MB", size as f64 / 1_048_576.0);
        if !kind.accepted() {
            self.report(
                "photo-format",
                span,
                format!(
                    "\"{file}\" is {}, not a photo the site can show",
                    kind.name()
                ),
                kind.advice(),
            );
        } else if size > MAX_PHOTO {
            self.report(
                "photo-too-large",
                span,
                format!("\"{file}\" is {megabytes}: photos over 20 MB are refused"),
                "make it smaller first: about 2,000 pixels wide is plenty (most phones and \
                 the Photos app can resize, or e-mail it to yourself at \"large\" size)",
            );
        } else if size > LARGE_PHOTO {
            self.diagnostics.push(
                Diagnostic::at(
                    "photo-large",
                    self.file,
                    span,
                    format!(
                        "\"{file}\" is {megabytes}: the site shows it resized, but a file this \
                         large is slow to upload and to keep"
                    ),
                )
                .help("about 2,000 pixels wide is plenty: under 2 MB")
                .warning(),
            );
        }
    }

    /// A list of sister cities named by their file names, each checked against the cities.
    fn related_cities(&mut self, values: &[Spanned<String>], known: &[Slug]) -> Vec<Slug> {
        let mut cities: Vec<Slug> = Vec::new();
        for value in values {
            let name = value.get_ref().trim();
            match known.iter().find(|slug| slug.as_str() == name) {
                Some(slug) if !cities.contains(slug) => cities.push(slug.clone()),
                Some(_) => {}
                None => {
                    // Only on a mistake: content can name thousands of cities.
                    let names: Vec<&str> = known.iter().map(Slug::as_str).collect();
                    let help = match super::nearest(name, &names) {
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
    fn event_time(
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
    fn schedule(
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
    fn moment(&mut self, value: &Option<Spanned<Datetime>>) -> Option<jiff::Timestamp> {
        let value = value.as_ref()?;
        let text = value.get_ref().to_string();
        let zone = &self.ctx.home_zone;
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

pub fn site(
    file: &SourceFile,
    raw: &raw::SiteFile,
    ctx: &Context,
    out: &mut Diagnostics,
) -> Option<Site> {
    let mut c = Checker::new(file, ctx, out);
    let city = &raw.city;
    // Check every value before combining, so one bad value does not hide the others.
    let base_url = c.url(&raw.base_url);
    let name = c.text(&city.name, "name");
    let state = c.text(&city.state, "state");
    let official_name = c.text(&city.official_name, "official_name");
    let location = c.location(&city.latitude, &city.longitude);
    let time_zone = c.zone(&city.time_zone, &[ctx.home_country.as_str()]);
    let website = c.url(&city.website);
    let population = c.population(&city.population);
    let navigation = raw
        .navigation
        .iter()
        .map(|link| {
            let href = c.text(&link.href, "href");
            if !(href.starts_with('/') || HttpsUrl::parse(&href).is_some()) {
                c.report(
                    "link-target",
                    link.href.span(),
                    format!("\"{href}\" is not a page of this site or an https address"),
                    "a path such as \"/\" or an address starting with https://",
                );
            }
            let label = c.text(&link.label, "label");
            c.link_text(&label, link.label.span());
            NavLink { label, href }
        })
        .collect();
    let program_name = c.text(&raw.program.name, "name");
    let member_of = c.text(&raw.program.member_of, "member_of");
    let organisation = Organisation {
        name: c.text(&raw.organisation.name, "name"),
        full_name: c.text(&raw.organisation.full_name, "full_name"),
        description: c.text(&raw.organisation.description, "description"),
    };
    let contact = Contact {
        name: c.text(&raw.contact.name, "name"),
        email: c.optional_text(&raw.contact.email, "email"),
        phone: c.optional_text(&raw.contact.phone, "phone"),
        address: raw
            .contact
            .address
            .iter()
            .map(|line| c.text(line, "address"))
            .collect(),
    };
    Some(Site {
        base_url: base_url?,
        city: HomeCity {
            name,
            state,
            official_name,
            location,
            time_zone: time_zone?,
            website: website?,
            population,
        },
        program_name,
        member_of,
        organisation,
        contact,
        navigation,
    })
}

pub fn program(
    file: &SourceFile,
    raw: &raw::ProgramFile,
    ctx: &Context,
    out: &mut Diagnostics,
) -> Program {
    let mut c = Checker::new(file, ctx, out);
    let sci = c.section(&raw.sci);
    let mission = c.section(&raw.mission);
    Program {
        title: c.text(&raw.title, "title"),
        introduction: c.markdown(&raw.introduction, "introduction"),
        sci,
        mission,
        goals_heading: c.text(&raw.goals.heading, "heading"),
        goals: raw.goals.items.iter().map(|g| c.text(g, "items")).collect(),
        partners_heading: c.text(&raw.partners_heading, "partners_heading"),
    }
}

pub fn city(
    file: &SourceFile,
    slug_text: &str,
    raw: &raw::CityFile,
    ctx: &Context,
    out: &mut Diagnostics,
) -> Option<City> {
    let slug = slug_of(file, slug_text, out);
    let mut c = Checker::new(file, ctx, out);
    let mut milestones: Vec<Milestone> = raw
        .milestones
        .iter()
        .filter_map(|m| {
            let kind = *m.kind.get_ref();
            let date = c.date(&m.date, "date");
            let note = c.text(&m.note, "note");
            let source = c.optional_text(&m.source, "source");
            Some(Milestone {
                kind,
                date: date?,
                note,
                uncertain: m.uncertain,
                source,
            })
        })
        .collect();
    milestones.sort_by_key(|m| (m.date, m.kind));
    let first_year = milestones.first().map(|m| m.date.year);
    let mut exchanges: Vec<Exchange> = raw
        .exchanges
        .iter()
        .map(|e| {
            let year = c.year(&e.year);
            if let Some(first) = first_year.filter(|first| year < *first) {
                c.report(
                    "year-range",
                    e.year.span(),
                    format!("{year} is before the partnership's first milestone ({first})"),
                    &format!("a year from {first} on"),
                );
            }
            Exchange {
                year,
                title: c.text(&e.title, "title"),
                text: c.text(&e.text, "text"),
            }
        })
        .collect();
    exchanges.sort_by_key(|e| e.year);
    // Check every value before combining, so one bad value does not hide the others.
    let native_name_lang = c.lang(&raw.native_name_lang);
    let countries = [raw.country_code.get_ref().trim(), ctx.home_country.as_str()];
    let time_zone = c.zone(&raw.time_zone, &countries);
    let website = c.url(&raw.website);
    let schedule = c.schedule(raw.draft, &raw.publish_at, &raw.expire_at);
    let name = c.text(&raw.name, "name");
    let native_name = c.text(&raw.native_name, "native_name");
    let country = c.text(&raw.country, "country");
    let country_code = c.country_code(&raw.country_code);
    let region = c.text(&raw.region, "region");
    let location = c.location(&raw.latitude, &raw.longitude);
    let summary = c.text(&raw.summary, "summary");
    let description = c.markdown(&raw.description, "description");
    let population = c.population(&raw.population);
    let photos = raw.photos.iter().map(|p| c.photo(p)).collect();
    let city = City {
        slug: slug?,
        name,
        native_name,
        native_name_lang: native_name_lang?,
        country,
        country_code,
        region,
        location,
        time_zone: time_zone?,
        website: website?,
        summary,
        description,
        population,
        milestones,
        photos,
        exchanges,
        schedule,
        modified: None,
    };
    Some(city)
}

/// The web address a file's name gives, or a problem with the file name.
fn slug_of(file: &SourceFile, slug_text: &str, out: &mut Diagnostics) -> Option<Slug> {
    let slug = Slug::parse(slug_text);
    if slug.is_none() {
        let stem_help = slug_text
            .to_lowercase()
            .split(|ch: char| !ch.is_ascii_alphanumeric())
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        out.push(
            Diagnostic::file(
                "file-name",
                &file.path,
                format!("the file name \"{slug_text}\" cannot be a web address"),
            )
            .help(format!(
                "rename the file using lowercase letters, digits and hyphens, e.g. \"{stem_help}.toml\""
            )),
        );
    }
    slug
}

/// One event file. `cities` are the sister cities it may name.
pub fn event(
    file: &SourceFile,
    slug_text: &str,
    raw: &raw::EventFile,
    cities: &[Slug],
    ctx: &Context,
    out: &mut Diagnostics,
) -> Option<Event> {
    let slug = slug_of(file, slug_text, out);
    let mut c = Checker::new(file, ctx, out);
    let time_zone = match &raw.time_zone {
        Some(name) => {
            // Most events are at home; then the countries of the cities it is about.
            let abroad = raw
                .cities
                .iter()
                .filter_map(|slug| ctx.city_countries.get(slug.get_ref().trim()));
            let countries: Vec<&str> = std::iter::once(&ctx.home_country)
                .chain(abroad)
                .map(String::as_str)
                .collect();
            c.zone(name, &countries)
        }
        None => Some(Zone {
            name: ctx.home_zone.iana_name().unwrap_or("UTC").to_owned(),
            tz: ctx.home_zone.clone(),
        }),
    };
    let start = c.event_time(&raw.start, "start");
    let end = c.event_time(&raw.end, "end");
    let all_day = raw.start.get_ref().time.is_none();
    let mut times = None;
    if let (Some(start), Some(end), Some(zone)) = (start, end, &time_zone) {
        let end_all_day = raw.end.get_ref().time.is_none();
        if end_all_day != all_day {
            let help = if all_day {
                "a date such as 2027-05-02, as `start` is a date: the event lasts whole days"
            } else {
                "a date and time such as 2027-05-01T12:00:00, as `start` has a time"
            };
            c.report(
                "event-time",
                raw.end.span(),
                "`end` is not written like `start`".to_owned(),
                help,
            );
        } else {
            // An all-day event is over at midnight after its last day.
            let end = if all_day {
                end.date()
                    .tomorrow()
                    .ok()
                    .map(|d| d.to_datetime(end.time()))
            } else {
                Some(end)
            };
            let start = start.to_zoned_datetime(zone.tz.clone()).ok();
            let end = end.and_then(|end| end.to_zoned_datetime(zone.tz.clone()).ok());
            match (start, end) {
                (Some(start), Some(end)) if end > start => times = Some((start, end)),
                (Some(_), Some(_)) => c.report(
                    "event-time",
                    raw.end.span(),
                    "`end` is not after `start`".to_owned(),
                    if all_day {
                        "the event's last day: the same date as `start` or a later one"
                    } else {
                        "a moment after `start`, e.g. the same date with a later time"
                    },
                ),
                _ => c.report(
                    "event-time",
                    raw.start.span(),
                    "this time is out of range".to_owned(),
                    "a date and time such as 2027-05-01T10:00:00",
                ),
            }
        }
    }
    let title = c.text(&raw.title, "title");
    let place = c.text(&raw.place, "place");
    let related = c.related_cities(&raw.cities, cities);
    let description = c.markdown(&raw.description, "description");
    let link = match &raw.link {
        Some(link) => Some(c.url(link)?),
        None => None,
    };
    let schedule = c.schedule(raw.draft, &raw.publish_at, &raw.expire_at);
    let (start, end) = times?;
    Some(Event {
        slug: slug?,
        schedule,
        title,
        start,
        end,
        all_day,
        time_zone: time_zone?,
        place,
        cities: related,
        description,
        description_text: markdown::to_text(raw.description.get_ref()),
        link,
        modified: None,
    })
}

/// One news file. `cities` are the sister cities it may name.
pub fn news(
    file: &SourceFile,
    slug_text: &str,
    raw: &raw::NewsFile,
    cities: &[Slug],
    ctx: &Context,
    out: &mut Diagnostics,
) -> Option<NewsItem> {
    let slug = slug_of(file, slug_text, out);
    let mut c = Checker::new(file, ctx, out);
    let title = c.text(&raw.title, "title");
    let date = c.date(&raw.date, "date");
    let summary = c.text(&raw.summary, "summary");
    let body = c.markdown(&raw.body, "body");
    let source = c.optional_text(&raw.source, "source");
    let related = c.related_cities(&raw.cities, cities);
    let schedule = c.schedule(raw.draft, &raw.publish_at, &raw.expire_at);
    Some(NewsItem {
        slug: slug?,
        schedule,
        title,
        date: date?,
        summary,
        body,
        source,
        cities: related,
        modified: None,
    })
}

/// The "Get involved" page's file.
pub fn get_involved(
    file: &SourceFile,
    raw: &raw::GetInvolvedFile,
    ctx: &Context,
    out: &mut Diagnostics,
) -> GetInvolved {
    let mut c = Checker::new(file, ctx, out);
    let sections = raw.sections.iter().map(|s| c.section(s)).collect();
    let contact = c.section(&raw.contact);
    let details = OrganizationDetails {
        meetings: c.optional_text(&raw.meetings, "meetings"),
        meeting_place: c.optional_text(&raw.meeting_place, "meeting_place"),
        membership: raw
            .membership
            .as_ref()
            .map(|text| c.markdown(text, "membership")),
        membership_link: raw.membership_link.as_ref().and_then(|url| c.url(url)),
        email: raw.email.as_ref().and_then(|email| c.email(email)),
    };
    GetInvolved {
        title: c.text(&raw.title, "title"),
        introduction: c.markdown(&raw.introduction, "introduction"),
        sections,
        contact,
        details,
    }
}

pub fn page(
    file: &SourceFile,
    slug_text: &str,
    raw: &raw::PageFile,
    ctx: &Context,
    out: &mut Diagnostics,
) -> Option<model::Page> {
    let slug = Slug::parse(slug_text).filter(|s| !RESERVED_SLUGS.contains(&s.as_str()));
    if slug.is_none() {
        out.push(
            Diagnostic::file(
                "file-name",
                &file.path,
                format!("the file name \"{slug_text}\" cannot be a page's address"),
            )
            .help(format!(
                "rename the file using lowercase letters, digits and hyphens, not one of {}",
                RESERVED_SLUGS.join(", ")
            )),
        );
    }
    let mut c = Checker::new(file, ctx, out);
    // Not checked against today: a review date is only shown, and tests render with old clocks.
    let last_reviewed = raw.last_reviewed.as_ref().and_then(|d| {
        let text = d.get_ref().trim();
        let date = parse_partial_date(text);
        if date.is_none() {
            let help = Written::read(text)
                .and_then(|written| written.help_for("last_reviewed"))
                .unwrap_or_else(|| "the day of the last review, such as \"2026-11-28\"".to_owned());
            c.report(
                "date-format",
                d.span(),
                format!("\"{}\" is not a date", d.get_ref()),
                &help,
            );
        }
        date
    });
    let sections = raw.sections.iter().map(|s| c.section(s)).collect();
    let schedule = c.schedule(raw.draft, &raw.publish_at, &raw.expire_at);
    let title = c.text(&raw.title, "title");
    let summary = c.text(&raw.summary, "summary");
    let introduction = c.markdown(&raw.introduction, "introduction");
    Some(model::Page {
        schedule,
        slug: slug?,
        title,
        summary,
        introduction,
        sections,
        last_reviewed,
        in_footer: raw.in_footer,
    })
}
