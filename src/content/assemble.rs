//! Assembling the content from the folder as it is now and the last good version of each
//! file: a file with problems holds back only itself.
//!
//! Each file is checked on its own. A good file is published as it is; a file with problems
//! keeps its last good version (when it has one) and its problems are reported; a file with
//! problems that was never good is not on the site until it is fixed. References across files
//! (an event naming a city) resolve against this mix.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use jiff::civil::Date;
use serde::de::DeserializeOwned;

use super::cache::Cache;
use super::diagnostic::{Diagnostic, Diagnostics, SourceFile};
use super::files::{self, FileSet, FileVersion, Folder, Kind};
use super::model::{self, City, Content, Event, NewsItem, Slug};
use super::{Source, checker, editions, parse, raw, validate, zones};
use crate::paths;

/// The content to publish, what it is made of, and what is wrong with the folder.
#[derive(Debug)]
pub struct Assembly {
    pub content: Content,
    /// The version of each file the content is made from.
    pub published: FileSet,
    /// Every problem in the folder as it is now, in file order.
    pub problems: Diagnostics,
    /// Files shown at their last good version, as the version in the folder has problems.
    pub held: Vec<String>,
    /// Files with problems that have no good version: not on the site until they are fixed.
    pub waiting: Vec<String>,
    /// The content in each further language of the site, in the order site.toml lists them.
    pub translations: Vec<Content>,
}

/// The country whose time zones are suggested first for the home city when its own zone is
/// not known yet: the program is for US cities.
const HOME_COUNTRY: &str = "US";

/// Assembles the content from `folder`, falling back on `last_good` for each file with
/// problems. Fails, with every problem, only when a file the site cannot do without (site.toml,
/// program.toml, get-involved.toml) has no good version.
pub fn assemble(
    source: &Source,
    today: Date,
    folder: &Folder,
    last_good: &FileSet,
) -> Result<Assembly, Diagnostics> {
    assemble_cached(source, today, folder, last_good, &Cache::default())
}

/// As [`assemble`], reusing from `cache` the checked item of each file whose text, and what
/// its check read, did not change since the assembly before (of the same folder); the result
/// is the same.
pub fn assemble_cached(
    source: &Source,
    today: Date,
    folder: &Folder,
    last_good: &FileSet,
    cache: &Cache,
) -> Result<Assembly, Diagnostics> {
    // A first assembly checks every file: the translations' part, which needs nothing of the
    // English assembly, is done on a second thread alongside it (at scale, a third of a
    // start's assembly). Later ones check only what changed, and look the rest up.
    let first = cache.is_empty();
    cache.begin();
    let english = std::thread::scope(|scope| {
        if first {
            let warming = std::thread::Builder::new()
                .name("translations".to_owned())
                .spawn_scoped(scope, || editions::warm(folder, cache));
            // Without the thread, the editions read each translation as they need it.
            drop(warming);
        }
        assemble_one(source, today, folder, last_good, cache)
    });
    let mut assembly = english?;
    assembly.translations =
        editions::translate(source, today, folder, last_good, &mut assembly, cache);
    Ok(assembly)
}

/// Assembles the content in one language from the content files in `folder` (translation
/// files aside), as [`assemble`] does.
pub(super) fn assemble_one(
    source: &Source,
    today: Date,
    folder: &Folder,
    last_good: &FileSet,
    cache: &Cache,
) -> Result<Assembly, Diagnostics> {
    let mut a = Assembler {
        folder,
        last_good,
        problems: files::folder_problems(folder),
        published: Vec::new(),
        held: Vec::new(),
        waiting: Vec::new(),
    };
    let mut ctx =
        checker::Context::new(today, source.static_dir.as_deref(), HOME_COUNTRY.to_owned());
    ctx.site_paths = a.site_paths();

    let site = a.choose(super::SITE_FILE, |path, version, out| {
        cached::<raw::SiteFile, _>(cache, &ctx, path, version, out, |file, raw, out| {
            validate::site(file, raw, &ctx, out)
        })
    });
    let site = site.map(|(mut site, version)| {
        ctx.home_zone = site.city.time_zone.tz.clone();
        if let Some(country) = zones::countries_of(&site.city.time_zone.name).first() {
            (*country).clone_into(&mut ctx.home_country);
        }
        site.base_url = base_url(source, &mut a.problems).unwrap_or(site.base_url);
        (site, version)
    });
    let program = a.choose(super::PROGRAM_FILE, |path, version, out| {
        cached::<raw::ProgramFile, _>(cache, &ctx, path, version, out, |file, raw, out| {
            Some(validate::program(file, raw, &ctx, out))
        })
    });
    let get_involved = a.choose(super::GET_INVOLVED_FILE, |path, version, out| {
        cached::<raw::GetInvolvedFile, _>(cache, &ctx, path, version, out, |file, raw, out| {
            Some(validate::get_involved(file, raw, &ctx, out))
        })
    });

    let cities = a.cities(&ctx, cache);
    ctx.city_countries = cities
        .iter()
        .map(|city| (city.slug.as_str().to_owned(), city.country_code.clone()))
        .collect();
    // Events and news may name any city with a file, even one whose file has problems (those
    // are reported there, and the city is left out of the page until it is fixed).
    ctx.set_cities(
        a.names_in(super::CITIES_DIR)
            .iter()
            .filter_map(|name| Slug::parse(stem(name)))
            .collect(),
    );

    let mut events = Vec::new();
    for name in a.names_in(super::EVENTS_DIR) {
        let event = a.choose(&name, |path, version, out| {
            cached::<raw::EventFile, _>(cache, &ctx, path, version, out, |file, raw, out| {
                let event = validate::event(file, stem(&name), raw, &ctx, out)?;
                let modified = version.modified;
                Some(Arc::new(Event { modified, ..event }))
            })
        });
        events.extend(event.map(|(event, _)| event));
    }
    events.sort_by(|a, b| (a.start.timestamp(), &a.title).cmp(&(b.start.timestamp(), &b.title)));

    let mut news = Vec::new();
    for name in a.names_in(super::NEWS_DIR) {
        let item = a.choose(&name, |path, version, out| {
            cached::<raw::NewsFile, _>(cache, &ctx, path, version, out, |file, raw, out| {
                let item = validate::news(file, stem(&name), raw, &ctx, out)?;
                let modified = version.modified;
                Some(Arc::new(NewsItem { modified, ..item }))
            })
        });
        news.extend(item.map(|(item, _)| item));
    }
    // Newest first; items of one date by title.
    news.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)));

    let mut pages = Vec::new();
    for name in a.names_in(super::PAGES_DIR) {
        let page = a.choose(&name, |path, version, out| {
            cached::<raw::PageFile, _>(cache, &ctx, path, version, out, |file, raw, out| {
                validate::page(file, stem(&name), raw, &ctx, out)
            })
        });
        pages.extend(page.map(|(page, _)| page));
    }
    pages.sort_by(|a, b| a.title.cmp(&b.title));

    let mut problems = a.problems;
    problems.sort();
    let (Some(site), Some(program), Some(get_involved)) = (site, program, get_involved) else {
        return Err(problems);
    };
    // The content files' language: site.toml always has one.
    let Some(language) = site.0.languages.first().cloned() else {
        return Err(problems);
    };
    let modified = [&site.1, &program.1, &get_involved.1]
        .iter()
        .filter_map(|version| version.modified)
        .max();
    Ok(Assembly {
        content: Content {
            site: site.0,
            program: program.0,
            cities,
            events,
            news,
            get_involved: get_involved.0,
            pages,
            modified,
            language,
            untranslated: Default::default(),
        },
        published: a.published.into_iter().collect(),
        problems,
        held: a.held,
        waiting: a.waiting,
        translations: Vec::new(),
    })
}

/// Loads the content folder as `check` sees it: no file may have an error. Gives the content
/// with its warnings, or every problem (errors and warnings).
pub fn load_strict(source: &Source, today: Date) -> Result<(Content, Diagnostics), Diagnostics> {
    let folder = Folder::read(&source.content_dir);
    match assemble(source, today, &folder, &FileSet::default()) {
        Ok(assembly) if !assembly.problems.has_errors() => {
            Ok((assembly.content, assembly.problems))
        }
        Ok(assembly) => Err(assembly.problems),
        Err(problems) => Err(problems),
    }
}

struct Assembler<'a> {
    folder: &'a Folder,
    last_good: &'a FileSet,
    problems: Diagnostics,
    /// In the order chosen, made into a set at the end: at once, rather than each of
    /// thousands of paths compared along a tree.
    published: Vec<(String, FileVersion)>,
    held: Vec<String>,
    waiting: Vec<String>,
}

impl Assembler<'_> {
    /// The names of the files of a subfolder: in the folder now (readable or not), or in the
    /// last good version, sorted.
    fn names_in(&self, dir: &str) -> Vec<String> {
        let prefix = format!("{dir}/");
        let mut names: Vec<&str> = self
            .folder
            .files
            .paths_under(&prefix)
            .chain(files::keys_under(&self.folder.unreadable, &prefix))
            .chain(self.last_good.paths_under(&prefix))
            .filter(|name| !files::is_translation(name))
            .collect();
        // Three lists in order, one after the other: the sort merges them, where a set built
        // name by name took some 10 ms at 7,000 files.
        names.sort();
        names.dedup();
        names.into_iter().map(str::to_owned).collect()
    }

    /// The newest good version of the file `name`: the one in the folder, or else its last
    /// good version. `check` decodes and reads a version (of the file at a path) into its
    /// item, reporting its problems; only the problems of the version in the folder are kept,
    /// as that is the one to fix.
    fn choose<T>(
        &mut self,
        name: &str,
        mut check: impl FnMut(&Path, &FileVersion, &mut Diagnostics) -> Option<T>,
    ) -> Option<(T, FileVersion)> {
        let kind = Kind::of(name)?;
        let path = self.folder.path_of(name);
        let on_disk = self.folder.files.get(name);
        match on_disk {
            Some(version) => {
                let mut problems = Diagnostics::default();
                match check(&path, version, &mut problems) {
                    // Warnings do not hold a file back: it is published, and they are told.
                    Some(item) if !problems.has_errors() => {
                        self.problems.extend(problems);
                        self.published.push((name.to_owned(), version.clone()));
                        return Some((item, version.clone()));
                    }
                    _ => self.problems.extend(problems),
                }
            }
            None => {
                if let Some(problem) = self.folder.unreadable.get(name) {
                    self.problems.push(problem.clone());
                } else if self.folder_unlisted(name) {
                    // Reported once, for the folder.
                } else if kind.required() {
                    self.problems.push(missing(&path, kind));
                } else {
                    // Deleted: no longer on the site.
                    return None;
                }
            }
        }
        let last = self
            .last_good
            .get(name)
            .filter(|last| on_disk.is_none_or(|now| !now.same_bytes(last)));
        if let Some(version) = last {
            let mut problems = Diagnostics::default();
            if let Some(item) =
                check(&path, version, &mut problems).filter(|_| !problems.has_errors())
            {
                self.published.push((name.to_owned(), version.clone()));
                self.held.push(name.to_owned());
                return Some((item, version.clone()));
            }
        }
        self.waiting.push(name.to_owned());
        None
    }

    /// Whether the folder that holds `name` could not be listed.
    fn folder_unlisted(&self, name: &str) -> bool {
        name.split_once('/')
            .is_some_and(|(dir, _)| self.folder.unlisted.contains_key(dir))
    }

    /// The sister cities. Files unchanged since they were last published are taken first, so
    /// that a new or edited file that takes another city's name is the one reported.
    fn cities(&mut self, ctx: &checker::Context, cache: &Cache) -> Vec<Arc<City>> {
        let mut names = self.names_in(super::CITIES_DIR);
        // Each name looked up once, not at each comparison.
        names.sort_by_cached_key(|name| !self.unchanged(name));
        let mut cities: Vec<Arc<City>> = Vec::new();
        // Each accepted city's name (lowercase), with its slug.
        let mut taken: HashMap<String, Slug> = HashMap::new();
        let folder = self.folder;
        for name in names {
            let city = self.choose(&name, |path, version, out| {
                // The file on its own (kept from one assembly to the next), with its name...
                let modified = version.modified;
                let (checked, problems) =
                    cache.check(path, &version.bytes, modified, ctx, |file, out| {
                        checked::<raw::CityFile, _>(file, out, |raw, out| {
                            let own = raw.name.get_ref().trim().to_lowercase();
                            let city = validate::city(file, stem(&name), raw, ctx, out)
                                .map(|city| Arc::new(City { modified, ..city }));
                            Some((own, raw.name.span(), city))
                        })
                    });
                let Some((own, span, city)) = checked else {
                    out.extend(problems);
                    return None;
                };
                // ...then against the other cities, every time (the file, checked, decodes).
                if let Some(other) = taken.get(&own)
                    && let Ok(file) = files::decode(path, &version.bytes)
                {
                    let other = city_file(folder, other);
                    out.push(
                        Diagnostic::at(
                            "duplicate-city",
                            &file,
                            span,
                            "two sister cities have this name",
                        )
                        .help(format!(
                            "{other} already uses it: give each city its own name"
                        )),
                    );
                }
                out.extend(problems);
                city
            });
            if let Some((city, _)) = city {
                taken.insert(city.name.trim().to_lowercase(), city.slug.clone());
                cities.push(city);
            }
        }
        // Oldest partnership first, the order residents know from the city's page.
        cities.sort_by(|a, b| {
            let key = |c: &Arc<City>| c.agreement().map(|m| m.date);
            key(a).cmp(&key(b)).then_with(|| a.name.cmp(&b.name))
        });
        cities
    }

    /// The addresses of the site's pages: the fixed ones, and one per content file that is in
    /// the folder or has a last good version.
    fn site_paths(&self) -> HashSet<String> {
        let fixed = [
            paths::HOME,
            paths::CITIES,
            paths::CITIES_JSON,
            paths::CITIES_CSV,
            paths::EVENTS,
            paths::CALENDAR,
            paths::NEWS,
            paths::FEED,
            paths::GET_INVOLVED,
            paths::SITEMAP,
        ];
        let mut site: HashSet<String> = fixed.iter().map(|p| (*p).to_owned()).collect();
        for (dir, path) in [
            (super::CITIES_DIR, paths::city as fn(&str) -> String),
            (super::EVENTS_DIR, paths::event),
            (super::NEWS_DIR, paths::news_item),
            (super::PAGES_DIR, paths::page),
        ] {
            site.extend(self.names_in(dir).iter().map(|name| path(stem(name))));
        }
        site
    }

    /// Whether a file is the same as its last good version.
    fn unchanged(&self, name: &str) -> bool {
        match (self.folder.files.get(name), self.last_good.get(name)) {
            (Some(now), Some(last)) => now.same_bytes(last),
            _ => false,
        }
    }
}

/// A city's file in `folder`, as a message names it.
fn city_file(folder: &Folder, slug: &Slug) -> String {
    let name = format!("{}/{}.toml", super::CITIES_DIR, slug.as_str());
    folder.path_of(&name).display().to_string()
}

/// As [`checked`], through `cache`, of the file at `path` in its `version`: a file whose
/// bytes, and what its check read from `ctx`, did not change since the last assembly is not
/// decoded, parsed or checked again.
fn cached<R: DeserializeOwned, T: Clone + Send + Sync + 'static>(
    cache: &Cache,
    ctx: &checker::Context,
    path: &Path,
    version: &FileVersion,
    out: &mut Diagnostics,
    validate: impl FnOnce(&SourceFile, &R, &mut Diagnostics) -> Option<T>,
) -> Option<T> {
    let check = |file: &SourceFile, out: &mut Diagnostics| {
        checked(file, out, |raw, out| validate(file, raw, out))
    };
    let (item, problems) = cache.check(path, &version.bytes, version.modified, ctx, check);
    out.extend(problems);
    item
}

/// Parses a file into its raw struct `R`, then checks it with `validate`; every problem goes
/// to `out`.
fn checked<R: DeserializeOwned, T>(
    file: &SourceFile,
    out: &mut Diagnostics,
    validate: impl FnOnce(&R, &mut Diagnostics) -> Option<T>,
) -> Option<T> {
    match parse::parse::<R>(file) {
        Ok(raw) => validate(&raw, out),
        Err(problems) => {
            for problem in problems {
                out.push(problem);
            }
            None
        }
    }
}

/// The file name without folder and `.toml`: a city's, event's or page's address.
fn stem(name: &str) -> &str {
    let file = name.rsplit('/').next().unwrap_or(name);
    file.strip_suffix(".toml").unwrap_or(file)
}

/// A required file that is not in the folder.
fn missing(path: &std::path::Path, kind: Kind) -> Diagnostic {
    Diagnostic::file(
        "missing-file",
        path,
        format!("the file is missing: it holds {}", kind.purpose()),
    )
    .help(
        "put it back: `sister-cities history` lists the versions the site published, and \
         `sister-cities restore VERSION FILE` writes one back",
    )
}

/// The operator's `--base-url`, when given and valid; an invalid one is reported.
fn base_url(source: &Source, problems: &mut Diagnostics) -> Option<model::HttpsUrl> {
    let url = source.base_url.as_ref()?;
    let parsed = model::HttpsUrl::parse(url);
    if parsed.is_none() {
        problems.push(
            Diagnostic::file(
                "base-url",
                std::path::Path::new("--base-url"),
                format!("\"{url}\" is not an https address"),
            )
            .help("the site's public address, such as \"https://sistercities.example.gov\""),
        );
    }
    parsed
}
