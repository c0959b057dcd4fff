//! The content in the site's further languages. Each is assembled again from the content files
//! the site publishes, with each file's translation put in ([`translate::apply`]), so that every
//! check, every page and every feed works the same in every language, and a text with no
//! translation yet is the English one, flagged as such.
//!
//! A translation never holds anything back: a stale, missing or orphan text is a warning. A
//! translation file that cannot be read (a TOML syntax error) is an error in that file, and the
//! translation's last good version is used until it is fixed.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::Date;

use super::Source;
use super::assemble::{self, Assembly};
use super::cache::{Cache, Readable};
use super::diagnostic::{Diagnostic, Diagnostics};
use super::files::{self, FileSet, FileVersion, Folder, Kind};
use super::model::{Content, LangTag, Untranslated};
use super::translate;

/// How far one content file's translation into one language is.
#[derive(Debug, Clone)]
pub struct Progress {
    /// The content file (`cities/seika.toml`).
    pub file: String,
    pub language: String,
    /// Its texts.
    pub texts: usize,
    /// The paths of its texts shown in English, as they have no translation.
    pub untranslated: Vec<String>,
    /// Its translated texts whose English changed since (or that were never marked).
    pub stale: usize,
}

impl Progress {
    pub fn is_done(&self) -> bool {
        self.untranslated.is_empty() && self.stale == 0
    }
}

/// How far each content file's translation into each further language is, in file order.
pub fn progress(assembly: &Assembly) -> Vec<Progress> {
    progress_cached(
        &assembly.published,
        &assembly.problems,
        &assembly.translations,
        &Cache::default(),
    )
}

/// As [`progress`], of the files `published` with the `problems` found and the content in
/// each further language (`translations`), with the texts of each file kept in `cache` from
/// one assembly to the next.
pub fn progress_cached(
    published: &FileSet,
    problems: &Diagnostics,
    translations: &[Content],
    cache: &Cache,
) -> Vec<Progress> {
    // The stale texts of each translation file, counted once, by the file's name and by its
    // folder and name (the paths a translation file has in the content folder).
    let mut stale: HashMap<PathBuf, usize> = HashMap::new();
    for problem in problems.iter() {
        if problem.code == "translation-stale" {
            let mut names = problem.path.components().rev();
            let Some(last) = names.next() else { continue };
            *stale.entry(PathBuf::from(last.as_os_str())).or_default() += 1;
            if let Some(folder) = names.next() {
                let path = PathBuf::from(folder.as_os_str()).join(last.as_os_str());
                *stale.entry(path).or_default() += 1;
            }
        }
    }
    let mut found = Vec::new();
    for (name, version) in published.iter() {
        let Some(kind) = Kind::of(name).filter(|_| !files::is_translation(name)) else {
            continue;
        };
        let Some(texts) = cache.texts(Path::new(name), &version.bytes, kind) else {
            continue;
        };
        for translation in translations {
            let language = translation.language.as_str();
            let path = translate::translation_path(name, language);
            found.push(Progress {
                file: name.to_owned(),
                language: language.to_owned(),
                texts: texts.len(),
                untranslated: texts
                    .iter()
                    .filter(|text| translation.is_untranslated(name, text))
                    .cloned()
                    .collect(),
                stale: stale.get(Path::new(&path)).copied().unwrap_or(0),
            });
        }
    }
    found
}

/// Reads every translation in `folder` and puts it in its content file, and finds the texts of
/// each content file with no translation into a language some file is translated into, in
/// `cache`: what [`translate`] looks up then. Nothing of the English assembly is needed, so
/// this can run alongside it.
pub(super) fn warm(folder: &Folder, cache: &Cache) {
    let languages: BTreeSet<String> = folder
        .files
        .iter()
        .filter_map(|(name, _)| files::translation_of(name))
        .map(|(_, language)| language)
        .collect();
    for (name, version) in folder.files.iter() {
        let Some(kind) = Kind::of(name).filter(|_| !files::is_translation(name)) else {
            continue;
        };
        let path = folder.path_of(name);
        for language in &languages {
            let translation = translate::translation_path(name, language);
            match folder.files.get(&translation) {
                Some(translated) => {
                    let file = folder.path_of(&translation);
                    if let Ok(translation) = cache.translation(&file, &translated.bytes, kind) {
                        cache.apply(&path, &version.bytes, kind, &translation);
                    }
                }
                None => {
                    cache.texts(&path, &version.bytes, kind);
                }
            }
        }
    }
}

/// Assembles `english` (the content in the site's first language) in each further language,
/// adding what is wrong with the translations to its problems and the translation files it
/// used to what it publishes.
pub fn translate(
    source: &Source,
    today: Date,
    folder: &Folder,
    last_good: &FileSet,
    english: &mut Assembly,
    cache: &Cache,
) -> Vec<Content> {
    let languages = english.content.site.languages.clone();
    let mut problems = Diagnostics::default();
    report_unknown(folder, &languages, &english.published, &mut problems);
    let translations = languages
        .iter()
        .skip(1)
        .filter_map(|language| {
            let edition = Edition {
                folder,
                last_good,
                language,
                published: &mut english.published,
                problems: &mut problems,
                cache,
            };
            edition.assemble(source, today, &english.content)
        })
        .collect();
    english.problems.extend(problems);
    english.problems.sort();
    translations
}

struct Edition<'a> {
    folder: &'a Folder,
    last_good: &'a FileSet,
    language: &'a LangTag,
    /// The English assembly's: the translation files used are added.
    published: &'a mut FileSet,
    problems: &'a mut Diagnostics,
    cache: &'a Cache,
}

impl Edition<'_> {
    /// The content in this language, or `None` when it cannot be assembled (which only a
    /// translation that breaks a required file could do; the site is then in English only).
    fn assemble(mut self, source: &Source, today: Date, english: &Content) -> Option<Content> {
        let sources: Vec<(String, FileVersion)> = self
            .published
            .iter()
            .filter(|(name, _)| !files::is_translation(name))
            .map(|(name, version)| (name.to_owned(), version.clone()))
            .collect();
        // Gathered in path order, then made into sets at once: inserted one by one, thousands
        // of paths were each compared along a tree.
        let mut translated_files = Vec::with_capacity(sources.len());
        let mut english_files = Vec::with_capacity(sources.len());
        let mut untranslated = Untranslated::default();
        for (name, version) in sources {
            let Some(kind) = Kind::of(&name) else {
                continue;
            };
            let path = self.folder.path_of(&name);
            let (text, left) = match self.translation(&name, kind) {
                Some((translation, modified)) => {
                    let Some(applied) = self.cache.apply(&path, &version.bytes, kind, &translation)
                    else {
                        continue;
                    };
                    for warning in &applied.warnings {
                        self.problems.push(warning.clone());
                    }
                    let version = FileVersion {
                        modified: version.modified.max(modified),
                        ..FileVersion::new(applied.text.clone())
                    };
                    translated_files.push((name.clone(), version));
                    (None, applied.untranslated.clone())
                }
                None => match self.cache.texts(&path, &version.bytes, kind) {
                    Some(texts) => (Some(version.clone()), texts),
                    None => continue,
                },
            };
            if let Some(version) = text {
                translated_files.push((name.clone(), version));
            }
            untranslated.insert(&name, left);
            english_files.push((name, version));
        }
        let translated = Folder {
            dir: self.folder.dir.clone(),
            files: translated_files.into_iter().collect(),
            ..Folder::default()
        };
        let english_files: FileSet = english_files.into_iter().collect();
        // Each file as translated; where a translation makes a file fail its checks, the
        // English file instead (its problems are the English file's, reported already).
        let assembly =
            assemble::assemble_one(source, today, &translated, &english_files, self.cache).ok()?;
        for name in &assembly.held {
            let Some(version) = english_files.get(name) else {
                continue;
            };
            if let Some(kind) = Kind::of(name)
                && let Some(texts) =
                    self.cache
                        .texts(&self.folder.path_of(name), &version.bytes, kind)
            {
                untranslated.insert(name, texts);
                self.unusable(name, &assembly.problems);
            }
        }
        let mut content = assembly.content;
        content.language = self.language.clone();
        content.untranslated = untranslated;
        // Items are ordered by their English names and titles, as in the English content.
        let cities = positions(english.cities.iter().map(|c| c.slug.as_str()));
        content
            .cities
            .sort_by_key(|city| position(&cities, city.slug.as_str()));
        let news = positions(english.news.iter().map(|n| n.slug.as_str()));
        content
            .news
            .sort_by_key(|item| position(&news, item.slug.as_str()));
        let events = positions(english.events.iter().map(|e| e.slug.as_str()));
        content
            .events
            .sort_by_key(|event| position(&events, event.slug.as_str()));
        let pages = positions(english.pages.iter().map(|p| p.slug.as_str()));
        content
            .pages
            .sort_by_key(|page| position(&pages, page.slug.as_str()));
        // What a text means, as the English one says it: a population is an estimate when
        // its English note says "estimate" (the Spanish note says "estimación").
        let english_cities: HashMap<&str, &super::model::City> = english
            .cities
            .iter()
            .map(|c| (c.slug.as_str(), &**c))
            .collect();
        for city in &mut content.cities {
            if let Some(source) = english_cities.get(city.slug.as_str())
                && city.population.estimate != source.population.estimate
            {
                // Only then: a city the same in both keeps the one copy.
                Arc::make_mut(city).population.estimate = source.population.estimate;
            }
        }
        Some(content)
    }

    /// The translation of the content file `name` into this language, with when it changed:
    /// the one in the folder, or its last good version when that one cannot be read. A file
    /// with none gives a warning.
    fn translation(
        &mut self,
        name: &str,
        kind: Kind,
    ) -> Option<(Readable, Option<jiff::Timestamp>)> {
        let path = translate::translation_path(name, self.language.as_str());
        let on_disk = self.folder.files.get(&path);
        if let Some(version) = on_disk {
            let file = self.folder.path_of(&path);
            match self.cache.translation(&file, &version.bytes, kind) {
                Ok(translation) => {
                    self.published.insert(path, version.clone());
                    return Some((translation, version.modified));
                }
                Err(problems) => {
                    for problem in problems {
                        self.problems.push(problem);
                    }
                }
            }
        } else if let Some(problem) = self.folder.unreadable.get(&path) {
            self.problems.push(problem.clone());
        } else {
            self.problems.push(
                Diagnostic::file(
                    "translation-missing",
                    &self.folder.path_of(name),
                    format!(
                        "there is no translation into \"{}\" yet",
                        self.language.as_str()
                    ),
                )
                .help(format!(
                    "the page shows the English text in the meantime; to translate it, copy the \
                     file to {path}, translate its texts, then run `sister-cities translations \
                     mark {}`",
                    self.folder.path_of(&path).display()
                ))
                .warning(),
            );
            return None;
        }
        let last = self.last_good.get(&path)?;
        let file = self.folder.path_of(&path);
        let translation = self.cache.translation(&file, &last.bytes, kind).ok()?;
        self.published.insert(path, last.clone());
        Some((translation, last.modified))
    }

    /// Reports that the translation of `name` makes it fail its checks, with the first
    /// reason (the file is shown in English until it is fixed).
    fn unusable(&mut self, name: &str, problems: &Diagnostics) {
        let path = self.folder.path_of(name);
        let reason = problems
            .iter()
            .find(|problem| problem.is_error() && problem.path == path)
            .map(|problem| problem.message.clone())
            .unwrap_or_default();
        let translation = translate::translation_path(name, self.language.as_str());
        self.problems.push(
            Diagnostic::file(
                "translation-unusable",
                &self.folder.path_of(&translation),
                format!("with this translation, {name} does not pass its checks: {reason}"),
            )
            .help("the page is shown in English until the translation is fixed")
            .warning(),
        );
    }
}

/// Translation files of no content file, or in a language the site does not list: warnings.
fn report_unknown(
    folder: &Folder,
    languages: &[LangTag],
    published: &FileSet,
    out: &mut Diagnostics,
) {
    for name in folder.files.paths() {
        let Some((english, language)) = files::translation_of(name) else {
            continue;
        };
        if !languages.iter().skip(1).any(|l| l.as_str() == language) {
            out.push(
                Diagnostic::file(
                    "translation-language",
                    &folder.path_of(name),
                    format!("site.toml does not list the language \"{language}\", so this translation is not shown"),
                )
                .help(format!("add \"{language}\" to `languages` in site.toml, or remove this file"))
                .warning(),
            );
        } else if published.get(&english).is_none() && folder.files.get(&english).is_none() {
            out.push(
                Diagnostic::file(
                    "translation-orphan",
                    &folder.path_of(name),
                    format!("there is no {english} for this file to translate"),
                )
                .help("remove it, or rename it after the file it translates")
                .warning(),
            );
        }
    }
}

/// Where each item is in the English content (the first of a slug), to keep the same order in
/// every language.
fn positions<'a>(slugs: impl Iterator<Item = &'a str>) -> HashMap<&'a str, usize> {
    let mut found = HashMap::new();
    for (index, slug) in slugs.enumerate() {
        found.entry(slug).or_insert(index);
    }
    found
}

/// Where an item is in the English content; after every item when it is not there.
fn position(positions: &HashMap<&str, usize>, slug: &str) -> usize {
    positions.get(slug).copied().unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Warming the cache makes every translation and text the editions then look up, and
    /// they come out as without it.
    #[test]
    fn warming_makes_what_the_editions_look_up() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let source = Source {
            content_dir: dir.join("content"),
            static_dir: Some(dir.join("static")),
            base_url: None,
        };
        let mut folder = Folder::read(&source.content_dir);
        // A file not translated yet, whose texts are found instead.
        assert!(folder.files.remove("cities/seika.es.toml").is_some());
        let today = Date::constant(2026, 12, 4);
        let cache = Cache::default();
        cache.begin();
        warm(&folder, &cache);
        assert!(cache.translated_again() > 0);
        // Not empty: the assembly does not warm the cache again.
        let warmed =
            super::assemble::assemble_one(&source, today, &folder, &FileSet::default(), &cache);
        assert!(warmed.is_ok());
        let assembly =
            assemble::assemble_cached(&source, today, &folder, &FileSet::default(), &cache);
        assert_eq!(cache.translated_again(), 0);
        let fresh = assemble::assemble(&source, today, &folder, &FileSet::default());
        let (assembly, fresh) = (assembly.unwrap(), fresh.unwrap());
        assert_eq!(assembly.translations.len(), 1);
        assert_eq!(
            format!("{:?}", assembly.translations),
            format!("{:?}", fresh.translations)
        );
    }
}
