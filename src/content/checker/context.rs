//! What validation knows of the world outside the file it checks, and what it read of it.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::content::model::Slug;

/// What validation needs to know about the world outside the content files. Validation reads
/// it only through these methods, each of which notes what it read (see [`Read`]), so that a
/// file's checked item can be reused while what it read is unchanged
/// ([`crate::content::cache`]).
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
    pub city_countries: HashMap<String, String>,
    /// The addresses of the site's pages (without those made from numbers, such as a page of
    /// a list), for links in texts.
    pub site_paths: HashSet<String>,
    /// The sister cities events and news may name: every city with a file
    /// ([`Context::set_cities`]), and where each is in that list.
    city_slugs: Vec<Slug>,
    city_index: HashMap<String, usize>,
    /// What validation has read since [`Context::take_reads`] was last called.
    reads: RefCell<Vec<Read>>,
}

/// One thing a file's validation read from its [`Context`], with what it found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Read {
    /// The current year (a year after it is in the future).
    Year(i16),
    HomeZone(jiff::tz::TimeZone),
    HomeCountry(String),
    /// A city's country, by its file name.
    CityCountry(String, Option<String>),
    /// Whether a link's path is a page or file of the site.
    SitePath(String, bool),
    /// Whether a file name is a city's.
    CityKnown(String, bool),
    /// Every city's file name (a name that is none of them is told the nearest).
    CityList(Vec<Slug>),
    /// A file of the static folder (a photo): its size and time, or nothing when it is not
    /// there.
    StaticFile(PathBuf, Option<(u64, Option<std::time::SystemTime>)>),
}

impl<'a> Context<'a> {
    pub fn new(today: Date, static_dir: Option<&'a Path>, home_country: String) -> Self {
        Context {
            today,
            static_dir,
            home_zone: jiff::tz::TimeZone::UTC,
            home_country,
            city_countries: HashMap::new(),
            site_paths: HashSet::new(),
            city_slugs: Vec::new(),
            city_index: HashMap::new(),
            reads: RefCell::default(),
        }
    }

    /// Sets the cities events and news may name.
    pub fn set_cities(&mut self, slugs: Vec<Slug>) {
        self.city_index = slugs
            .iter()
            .enumerate()
            .map(|(index, slug)| (slug.as_str().to_owned(), index))
            .collect();
        self.city_slugs = slugs;
    }

    /// What validation read since the last call.
    pub fn take_reads(&self) -> Vec<Read> {
        self.reads.take()
    }

    fn note(&self, read: Read) {
        self.reads.borrow_mut().push(read);
    }

    /// Whether `read` would find the same now.
    pub fn still(&self, read: &Read) -> bool {
        match read {
            Read::Year(year) => *year == self.today.year(),
            Read::HomeZone(zone) => *zone == self.home_zone,
            Read::HomeCountry(country) => *country == self.home_country,
            Read::CityCountry(slug, found) => self.city_countries.get(slug) == found.as_ref(),
            Read::SitePath(path, found) => self.site_path(path) == *found,
            Read::CityKnown(slug, found) => self.city(slug).is_some() == *found,
            Read::CityList(slugs) => *slugs == self.city_slugs,
            Read::StaticFile(file, found) => {
                self.static_dir.map(|dir| file_state(&dir.join(file))) == Some(*found)
            }
        }
    }

    /// The current year.
    pub fn year(&self) -> i16 {
        let year = self.today.year();
        self.note(Read::Year(year));
        year
    }

    /// The home city's time zone.
    pub fn home_zone(&self) -> &jiff::tz::TimeZone {
        self.note(Read::HomeZone(self.home_zone.clone()));
        &self.home_zone
    }

    /// The home city's country.
    pub fn home_country(&self) -> &str {
        self.note(Read::HomeCountry(self.home_country.clone()));
        &self.home_country
    }

    /// A sister city's country, by the city's file name.
    pub fn city_country(&self, slug: &str) -> Option<&str> {
        let found = self.city_countries.get(slug);
        self.note(Read::CityCountry(slug.to_owned(), found.cloned()));
        found.map(String::as_str)
    }

    /// The city with this file name, among those events and news may name.
    pub fn known_city(&self, slug: &str) -> Option<&Slug> {
        let found = self.city(slug);
        self.note(Read::CityKnown(slug.to_owned(), found.is_some()));
        found
    }

    /// Every city's file name.
    pub fn city_list(&self) -> &[Slug] {
        self.note(Read::CityList(self.city_slugs.clone()));
        &self.city_slugs
    }

    fn city(&self, slug: &str) -> Option<&Slug> {
        self.city_index
            .get(slug)
            .and_then(|index| self.city_slugs.get(*index))
    }

    /// The static folder, to look for the file `file` in it (a photo), when there is one.
    pub fn static_dir_for(&self, file: &str) -> Option<&'a Path> {
        let dir = self.static_dir?;
        self.note(Read::StaticFile(
            PathBuf::from(file),
            file_state(&dir.join(file)),
        ));
        Some(dir)
    }

    /// Whether a link's path (without `#...` or `?...`) is a page or file of this site.
    pub fn is_site_path(&self, path: &str) -> bool {
        let found = self.site_path(path);
        self.note(Read::SitePath(path.to_owned(), found));
        found
    }

    fn site_path(&self, path: &str) -> bool {
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

/// A file's size and time, or none when it cannot be read.
fn file_state(path: &Path) -> Option<(u64, Option<std::time::SystemTime>)> {
    let metadata = std::fs::metadata(path).ok()?;
    Some((metadata.len(), metadata.modified().ok()))
}
