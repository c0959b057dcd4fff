//! Publishing only what an edit changed gives what doing everything again gives: random
//! sequences of edits, breakages, deletions, renames and additions on a small site, after each
//! of which the content assembled through the cache of checked files equals a fresh assembly,
//! and the published site equals a full rebuild, page by page, byte for byte.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers may, as tests do

mod common;

use std::path::{Path, PathBuf};

use common::{copy_dir, live, root, today};
use proptest::prelude::*;
use sister_cities::content::{self, FileSet, Folder};
use sister_cities::render;

/// The bundled content (four cities, news, pages, each with its Spanish translation) and the
/// fixture events, in a temporary folder.
fn small_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("content");
    copy_dir(&root().join("content"), &site);
    copy_dir(
        &root().join("tests/fixtures/valid/events"),
        &site.join("events"),
    );
    (dir, site)
}

fn source(site: &Path) -> content::Source {
    content::Source {
        content_dir: site.to_path_buf(),
        static_dir: Some(root().join("static")),
        base_url: None,
    }
}

/// One change to the content folder, aimed at the `n`th file of the folder as it is then.
#[derive(Debug, Clone)]
enum Change {
    /// A one-line edit of a text.
    Edit(usize),
    /// A TOML syntax error.
    Break(usize),
    Delete(usize),
    /// A new name, with or without its translation.
    Rename(usize, bool),
    /// The file as it is in the bundled content (or the fixtures), back again.
    Restore(usize),
    /// A link to a page of a city that may or may not exist, in a news item.
    Link(usize, &'static str),
    /// A new city, copied from one that exists.
    AddCity(usize),
    /// An event naming a city that may or may not exist.
    AddEvent(&'static str),
    /// Another home time zone (events are in it).
    HomeZone(&'static str),
}

fn change() -> impl Strategy<Value = Change> {
    let slug = prop_oneof![
        Just("seika"),
        Just("colima"),
        Just("arezzo"),
        Just("seika-2"),
        Just("nowhere")
    ];
    prop_oneof![
        4 => any::<usize>().prop_map(Change::Edit),
        2 => any::<usize>().prop_map(Change::Break),
        2 => any::<usize>().prop_map(Change::Delete),
        2 => (any::<usize>(), any::<bool>()).prop_map(|(n, t)| Change::Rename(n, t)),
        2 => any::<usize>().prop_map(Change::Restore),
        2 => (any::<usize>(), slug.clone()).prop_map(|(n, s)| Change::Link(n, s)),
        1 => any::<usize>().prop_map(Change::AddCity),
        1 => slug.prop_map(Change::AddEvent),
        1 => prop_oneof![Just("America/Chicago"), Just("America/Denver")].prop_map(Change::HomeZone),
    ]
}

/// The content files of the folder (site-wide files, then each folder's), by their path in
/// it.
fn files(site: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for dir in ["", "cities", "events", "news", "pages"] {
        let Ok(entries) = std::fs::read_dir(site.join(dir)) else {
            continue;
        };
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|name| name.ends_with(".toml"))
            .map(|name| {
                if dir.is_empty() {
                    name
                } else {
                    format!("{dir}/{name}")
                }
            })
            .collect();
        names.sort();
        found.extend(names);
    }
    found
}

fn pick(site: &Path, n: usize, under: &str) -> Option<String> {
    let all: Vec<String> = files(site)
        .into_iter()
        .filter(|name| name.starts_with(under))
        .collect();
    (!all.is_empty()).then(|| all[n % all.len()].clone())
}

fn apply(site: &Path, change: &Change, step: usize) {
    match change {
        Change::Edit(n) => {
            let Some(name) = pick(site, *n, "") else {
                return;
            };
            let path = site.join(&name);
            let text = std::fs::read_to_string(&path).unwrap();
            let mut done = false;
            let edited: Vec<String> = text
                .lines()
                .map(|line| {
                    for key in [
                        "summary = \"",
                        "title = \"",
                        "description = \"",
                        "name = \"",
                    ] {
                        if !done && line.starts_with(key) && !line.starts_with(&format!("{key}\""))
                        {
                            done = true;
                            return line.replacen(key, &format!("{key}Edit {step}. "), 1);
                        }
                    }
                    line.to_owned()
                })
                .collect();
            std::fs::write(&path, edited.join("\n") + "\n").unwrap();
        }
        Change::Break(n) => {
            let Some(name) = pick(site, *n, "") else {
                return;
            };
            let path = site.join(name);
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(&path, format!("{text}\nbroken = \n")).unwrap();
        }
        Change::Delete(n) => {
            if let Some(name) = pick(site, *n, "") {
                std::fs::remove_file(site.join(name)).unwrap();
            }
        }
        Change::Rename(n, with_translation) => {
            let Some(name) = pick(site, *n, "") else {
                return;
            };
            let Some((dir, file)) = name.split_once('/') else {
                return;
            };
            let stem = file.strip_suffix(".toml").unwrap();
            let (base, language) = match stem.split_once('.') {
                Some((base, language)) => (base, Some(language)),
                None => (stem, None),
            };
            let new_base = format!("{base}-{step}");
            let rename = |language: Option<&str>| {
                let file = |base: &str| match language {
                    Some(l) => format!("{dir}/{base}.{l}.toml"),
                    None => format!("{dir}/{base}.toml"),
                };
                let _ = std::fs::rename(site.join(file(base)), site.join(file(&new_base)));
            };
            rename(language);
            if *with_translation && language.is_none() {
                rename(Some("es"));
            }
        }
        Change::Restore(n) => {
            let all: Vec<(PathBuf, String)> = files(&root().join("content"))
                .into_iter()
                .map(|name| (root().join("content"), name))
                .chain(
                    files(&root().join("tests/fixtures/valid"))
                        .into_iter()
                        .filter(|name| name.starts_with("events/"))
                        .map(|name| (root().join("tests/fixtures/valid"), name)),
                )
                .collect();
            let (from, name) = &all[n % all.len()];
            std::fs::create_dir_all(site.join(name).parent().unwrap()).unwrap();
            std::fs::copy(from.join(name), site.join(name)).unwrap();
        }
        Change::Link(n, slug) => {
            let Some(name) = pick(site, *n, "news/") else {
                return;
            };
            let path = site.join(name);
            let text = std::fs::read_to_string(&path).unwrap();
            let linked = text.replacen(
                "body = \"\"\"\n",
                &format!("body = \"\"\"\nSee [the city](/cities/{slug}).\n\n"),
                1,
            );
            std::fs::write(&path, linked).unwrap();
        }
        Change::AddCity(n) => {
            let Some(name) = pick(site, *n, "cities/") else {
                return;
            };
            let text = std::fs::read_to_string(site.join(&name)).unwrap_or_default();
            let text = text.replacen("name = \"", &format!("name = \"Added {step} "), 1);
            std::fs::write(site.join(format!("cities/added-{step}.toml")), text).unwrap();
        }
        Change::AddEvent(slug) => {
            std::fs::create_dir_all(site.join("events")).unwrap();
            std::fs::write(
                site.join(format!("events/added-{step}.toml")),
                format!(
                    "title = \"Event {step}\"\nstart = 2026-07-0{}T18:00:00\n\
                     end = 2026-07-0{}T20:00:00\nplace = \"City Hall\"\n\
                     cities = [\"{slug}\"]\ndescription = \"An event.\"\n",
                    1 + step % 9,
                    1 + step % 9
                ),
            )
            .unwrap();
        }
        Change::HomeZone(zone) => {
            let path = site.join("site.toml");
            let Ok(text) = std::fs::read_to_string(&path) else {
                return;
            };
            let changed: Vec<String> = text
                .lines()
                .map(|line| {
                    if line.starts_with("time_zone = ") {
                        format!("time_zone = \"{zone}\"")
                    } else {
                        line.to_owned()
                    }
                })
                .collect();
            std::fs::write(&path, changed.join("\n") + "\n").unwrap();
        }
    }
}

/// The lines around the first line where two texts differ, each way.
fn first_difference(a: &str, b: &str) -> Option<String> {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let at = (0..a.len().max(b.len())).find(|&i| a.get(i) != b.get(i))?;
    let around = |lines: &[&str]| {
        lines[at.saturating_sub(8).min(lines.len())..(at + 3).min(lines.len())].join("\n")
    };
    Some(format!(
        "line {at}, cached:\n{}\n\nfresh:\n{}",
        around(&a),
        around(&b)
    ))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// The content assembled with each unchanged file's checked item kept from the assembly
    /// before is, after every change, exactly what assembling everything afresh gives: the
    /// same items, problems, held and waiting files, published files and translations.
    #[test]
    fn assembling_through_the_cache_equals_a_fresh_assembly(
        changes in proptest::collection::vec(change(), 1..10)
    ) {
        let (_dir, site) = small_site();
        let source = source(&site);
        let cache = content::Cache::default();
        let mut last_good = FileSet::default();
        for (step, change) in changes.iter().enumerate() {
            apply(&site, change, step);
            let folder = Folder::read(&site);
            let cached = content::assemble_cached(&source, today(), &folder, &last_good, &cache);
            let fresh = content::assemble(&source, today(), &folder, &last_good);
            let difference = first_difference(&format!("{cached:#?}"), &format!("{fresh:#?}"));
            prop_assert!(
                difference.is_none(),
                "after {:?} (step {}): {}",
                change,
                step,
                difference.unwrap_or_default()
            );
            if let Ok(assembly) = cached {
                last_good = assembly.published;
            }
        }
    }

    /// After every reload (and every minute's re-render of the clocks), the site served is a
    /// full rebuild of its content, page by page, byte for byte.
    #[test]
    fn every_publish_equals_a_full_rebuild(
        changes in proptest::collection::vec(change(), 1..8)
    ) {
        let (_dir, site) = small_site();
        let live = live(&site, &root().join("static"));
        live.verify().unwrap();
        for (step, change) in changes.iter().enumerate() {
            apply(&site, change, step);
            let _ = live.reload();
            if let Err(mismatch) = live.verify() {
                prop_assert!(false, "after {:?} (step {}): {}", change, step, mismatch);
            }
            if step % 3 == 2 {
                let later = live.snapshot().rendered_at + jiff::SignedDuration::from_secs(60);
                live.rerender(later).unwrap();
                if let Err(mismatch) = live.verify() {
                    prop_assert!(false, "re-render after step {}: {}", step, mismatch);
                }
            }
        }
    }
}

/// Every file under `dir` with its bytes, by its path: what a watcher sees change.
fn snapshot(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    let mut found = std::collections::BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap().filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            found.extend(snapshot(&path));
        } else {
            found.insert(path.clone(), std::fs::read(&path).unwrap());
        }
    }
    found
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// A folder updated with the paths of the files a change wrote, created, renamed or
    /// removed (as the watcher gives them) is the folder read again in full.
    #[test]
    fn updating_a_folder_with_the_files_changed_equals_reading_it_again(
        changes in proptest::collection::vec(change(), 1..10)
    ) {
        let (_dir, site) = small_site();
        let mut folder = Folder::read(&site);
        for (step, change) in changes.iter().enumerate() {
            let before = snapshot(&site);
            apply(&site, change, step);
            let after = snapshot(&site);
            let changed: Vec<PathBuf> = before
                .keys()
                .chain(after.keys())
                .filter(|path| before.get(*path) != after.get(*path))
                .cloned()
                .collect();
            prop_assert!(
                folder.update(&changed, &FileSet::default()),
                "after {:?} (step {}): not updated",
                change,
                step
            );
            let full = Folder::read(&site);
            let files = |folder: &Folder| -> Vec<(String, Vec<u8>)> {
                folder.files.iter().map(|(name, v)| (name.to_owned(), v.bytes.to_vec())).collect()
            };
            prop_assert_eq!(files(&folder), files(&full), "after {:?} (step {})", change, step);
            prop_assert_eq!(
                format!("{:?}", folder.unreadable),
                format!("{:?}", full.unreadable)
            );
        }
    }
}

/// Only the edited file is checked again: the others' items are kept.
#[test]
fn an_edit_checks_again_only_the_file_it_changed() {
    let (_dir, site) = small_site();
    let source = source(&site);
    let cache = content::Cache::default();
    let first = content::assemble_cached(
        &source,
        today(),
        &Folder::read(&site),
        &FileSet::default(),
        &cache,
    )
    .unwrap();
    let kept = cache.len();
    assert!(kept > 20, "{kept} checks kept");
    apply(&site, &Change::Edit(7), 1);
    let edited = content::assemble_cached(
        &source,
        today(),
        &Folder::read(&site),
        &first.published,
        &cache,
    )
    .unwrap();
    // The edited city, in English and in Spanish.
    assert_eq!(cache.checked_again(), 2);
    let fresh =
        content::assemble(&source, today(), &Folder::read(&site), &first.published).unwrap();
    assert_eq!(format!("{edited:?}"), format!("{fresh:?}"));
}

/// A file the server read before and finds unchanged (the same bytes, one `Arc`) is not
/// decoded or hashed again: a reload hashes only what an edit changed.
#[test]
fn a_reload_hashes_only_the_files_an_edit_changed() {
    let (_dir, site) = small_site();
    let source = source(&site);
    let cache = content::Cache::default();
    let assemble = |folder: &Folder, last_good: &FileSet| {
        content::assemble_cached(&source, today(), folder, last_good, &cache).unwrap()
    };
    let folder = Folder::read(&site);
    let first = assemble(&folder, &FileSet::default());
    let files = first.published.iter().count();
    assert!(cache.hashed() > files, "{} of {files}", cache.hashed());
    let again = Folder::read_sharing(&site, &first.published, Some(&folder));
    let second = assemble(&again, &first.published);
    assert_eq!(cache.hashed(), 0, "nothing changed");
    apply(&site, &Change::Edit(7), 1);
    let edited = Folder::read_sharing(&site, &second.published, Some(&again));
    assemble(&edited, &second.published);
    // The edited city's file, and its text with the Spanish translation put in.
    assert_eq!(cache.hashed(), 2);
}

/// An item checked once is one copy in memory: the content assembled again after an edit
/// shares every unchanged city and event with the content before, and a file without a
/// translation is the same item in both languages. A file saved again with the same text
/// shows its new time.
#[test]
fn an_unchanged_item_is_one_copy_across_reloads_and_languages() {
    use std::sync::Arc;
    let (_dir, site) = small_site();
    let source = source(&site);
    let cache = content::Cache::default();
    let assemble = |last_good: &FileSet| {
        let folder = Folder::read(&site);
        content::assemble_cached(&source, today(), &folder, last_good, &cache).unwrap()
    };
    let first = assemble(&FileSet::default());
    replace(
        &site,
        "cities/seika.toml",
        "summary = \"",
        "summary = \"Edited. ",
    );
    let second = assemble(&first.published);
    let city = |assembly: &content::Assembly, slug: &str| {
        let cities = &assembly.content.cities;
        cities
            .iter()
            .find(|c| c.slug.as_str() == slug)
            .unwrap()
            .clone()
    };
    assert!(!Arc::ptr_eq(
        &city(&first, "seika"),
        &city(&second, "seika")
    ));
    assert!(city(&second, "seika").summary.starts_with("Edited. "));
    for slug in ["arezzo", "clermont-ferrand", "colima"] {
        assert!(
            Arc::ptr_eq(&city(&first, slug), &city(&second, slug)),
            "{slug}"
        );
    }
    let spanish = &second.translations[0];
    assert_eq!(spanish.events.len(), second.content.events.len());
    assert!(second.content.events.len() >= 3);
    for (before, after) in first.content.events.iter().zip(&second.content.events) {
        assert!(Arc::ptr_eq(before, after), "{}", after.slug.as_str());
    }
    for (english, spanish) in second.content.events.iter().zip(&spanish.events) {
        // The fixture events have no translation: one item in both languages.
        assert!(Arc::ptr_eq(english, spanish), "{}", english.slug.as_str());
    }

    // Saved again, the same text at a new time.
    let file = std::fs::File::options()
        .write(true)
        .open(site.join("cities/colima.toml"))
        .unwrap();
    let then = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
    file.set_modified(then).unwrap();
    let third = assemble(&second.published);
    let modified = city(&third, "colima").modified.unwrap();
    assert_eq!(modified.as_second(), 1_700_000_000);
    assert!(Arc::ptr_eq(
        &city(&second, "arezzo"),
        &city(&third, "arezzo")
    ));
}

/// The site rendered at a fixed moment over `earlier` (as a reload renders it), and checked
/// against a full render of the same content, page by page.
fn render_over(site: &Path, earlier: Option<&render::Site>) -> render::Site {
    let editions = content::load_editions(&source(site), today()).unwrap();
    let (english, translations) = editions.split_first().unwrap();
    let options = render::Options {
        drafts: false,
        now: common::now(),
    };
    let assets = render::Assets::default();
    let over =
        render::render_with_assets(english, translations, &options, &assets, earlier).unwrap();
    let full = render::render_with_assets(english, translations, &options, &assets, None).unwrap();
    assert_eq!(over.paths(), full.paths());
    for path in full.paths() {
        let same = over.page(path).unwrap().body() == full.page(path).unwrap().body();
        assert!(same, "{path} differs from a full render");
    }
    over
}

/// Replaces `from` by `to` in a content file.
fn replace(site: &Path, file: &str, from: &str, to: &str) {
    let path = site.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// An edit renders again only the pages that read what it changed, as they recorded while
/// being rendered; every other page is taken over from the site before.
#[test]
fn an_edit_renders_again_only_the_pages_that_read_what_it_changed() {
    let (_dir, site) = small_site();
    let first = render_over(&site, None);
    assert!(first.recorded() > 20, "{} pages recorded", first.recorded());

    // Nothing changed: every page with recorded reads is taken over, and the calendars that
    // list every event (written at every render) copy every component.
    let same = render_over(&site, Some(&first));
    assert_eq!(same.rendered_again(), Vec::<&str>::new());
    // Three events and an anniversary or more, in two languages.
    assert!(first.calendar_components_made() >= 8);
    assert_eq!(same.calendar_components_made(), 0);
    // Whatever the number of events, a calendar of every event keeps three reads: what every
    // page shows, and the events and anniversaries as two lists (not one read each).
    for calendar in ["/events.ics", "/es/events.ics"] {
        assert_eq!(first.reads_kept(calendar), 3, "{calendar}");
    }

    // A city's summary: its page in each language, the directory of cities, the pages of
    // the events naming it (their structured data describe the city), and the calendars,
    // whose entry for its coming anniversary is stamped with the time its file changed. Not
    // the open data, which shows no summary; nor the pages that only link to it (a link
    // shows its name and country), such as Colima's, which lists an event naming both, or
    // the news about it; nor the other cities, nor the sitemap (the same pages, changed the
    // same day).
    replace(
        &site,
        "cities/seika.toml",
        "summary = \"",
        "summary = \"Edited. ",
    );
    let city = render_over(&site, Some(&same));
    assert_eq!(
        city.rendered_again(),
        [
            "/cities",
            "/cities/seika",
            "/es/cities",
            "/es/cities/seika",
            "/es/events.ics",
            "/es/events/reception",
            "/es/events/seika-festival",
            "/events.ics",
            "/events/reception",
            "/events/seika-festival",
        ]
    );
    assert_eq!(city.calendar_components_made(), 2, "its anniversary, twice");

    // Its name, which its links and the open data show: those too.
    replace(&site, "cities/seika.toml", "name = \"", "name = \"New ");
    let city = render_over(&site, Some(&city));
    let again = city.rendered_again();
    for linking in ["/cities/colima", "/news/seika-sister-city-agreement"] {
        for path in [linking.to_owned(), format!("/es{linking}")] {
            assert!(again.contains(&path.as_str()), "{path} not in {again:?}");
        }
    }
    for open_data in ["/cities.json", "/cities.csv"] {
        assert!(again.contains(&open_data), "{open_data} not in {again:?}");
    }

    // Colima's agreement after Seika's: the order of the cities changes, and links to cities
    // are listed in that order, so the pages that link to both (listing the reception, which
    // names both) are rendered again: Seika's among them.
    replace(
        &site,
        "cities/colima.toml",
        "date = \"1997\"",
        "date = \"2006\"",
    );
    let city = render_over(&site, Some(&city));
    assert!(city.rendered_again().contains(&"/cities/seika"));

    // A city no event names: its pages and the directory alone (the news about it links to
    // it).
    replace(
        &site,
        "cities/arezzo.toml",
        "summary = \"",
        "summary = \"Edited. ",
    );
    let city = render_over(&site, Some(&city));
    assert_eq!(
        city.rendered_again(),
        [
            "/cities",
            "/cities/arezzo",
            "/es/cities",
            "/es/cities/arezzo",
        ]
    );

    // An event's title: its page and calendar, and the page of the city that lists it; not
    // the open data, which lists no event.
    replace(
        &site,
        "events/seika-festival.toml",
        "title = \"",
        "title = \"Edited: ",
    );
    let event = render_over(&site, Some(&city));
    // Its component of `/events.ics` and `/es/events.ics`; the others are copied.
    assert_eq!(event.calendar_components_made(), 2);
    assert_eq!(
        event.rendered_again(),
        [
            "/cities/seika",
            "/es/cities/seika",
            "/es/events.ics",
            "/es/events/seika-festival",
            "/es/events/seika-festival.ics",
            "/events.ics",
            "/events/seika-festival",
            "/events/seika-festival.ics",
        ]
    );

    // A file last changed on a later day than the others: its pages, and the sitemap, which
    // gives the day (its one part, and the index, which gives each part's last day).
    let file = std::fs::File::options()
        .write(true)
        .open(site.join("cities/arezzo.toml"))
        .unwrap();
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(2 * 86_400);
    file.set_modified(later).unwrap();
    let day = render_over(&site, Some(&event));
    assert!(day.rendered_again().contains(&"/sitemap-1.xml"));
    assert!(day.rendered_again().contains(&"/sitemap.xml"));
    assert!(day.rendered_again().contains(&"/cities/arezzo"));

    // The site's address, which every component and file shows: all are made again.
    replace(
        &site,
        "site.toml",
        "base_url = \"https://sistercities.normanok.gov\"",
        "base_url = \"https://sister-cities.example.gov\"",
    );
    let moved = render_over(&site, Some(&day));
    assert_eq!(
        moved.calendar_components_made(),
        first.calendar_components_made()
    );
    for file in [
        "/sitemap.xml",
        "/sitemap-1.xml",
        "/cities.json",
        "/cities.csv",
    ] {
        assert!(moved.rendered_again().contains(&file), "{file}");
    }
}

/// The pages of a list made together (a year's events, in pages) are taken over together,
/// and made again together when an event of theirs changes; other years' are kept.
#[test]
fn a_years_pages_are_rendered_again_only_for_an_edit_of_that_year() {
    let (_dir, site) = small_site();
    // Enough events that `/events` cannot list them all: each year gets pages of its own.
    for n in 1..=130 {
        let year = if n <= 110 { 2027 } else { 2025 };
        let toml = format!(
            "title = \"Test event {n}\"\nstart = {year}-{:02}-10T18:00:00\n\
             end = {year}-{:02}-10T20:00:00\nplace = \"Library\"\ncities = []\n\
             description = \"A made-up event.\"\n",
            1 + n % 12,
            1 + n % 12,
        );
        std::fs::write(site.join(format!("events/test-{n:03}.toml")), toml).unwrap();
    }
    let first = render_over(&site, None);
    assert!(first.page("/events/year/2027/page/2").is_some());

    replace(
        &site,
        "events/test-003.toml",
        "title = \"",
        "title = \"Edited: ",
    );
    let edited = render_over(&site, Some(&first));
    let again = edited.rendered_again();
    for path in [
        "/events/year/2027",
        "/events/year/2027/page/2",
        "/es/events/year/2027",
        "/events/test-003",
        "/events/test-003.ics",
    ] {
        assert!(
            again.contains(&path),
            "{path} not rendered again: {again:?}"
        );
    }
    assert!(
        !again
            .iter()
            .any(|path| path.contains("2025") || path.contains("test-004")),
        "{again:?}"
    );

    // A new event of 2025: no page read it, but the year's pages list it.
    let toml = std::fs::read_to_string(site.join("events/test-120.toml")).unwrap();
    std::fs::write(site.join("events/test-999.toml"), toml).unwrap();
    let added = render_over(&site, Some(&edited));
    assert!(added.rendered_again().contains(&"/events/year/2025"));
}

/// Pages rendered at one moment give it in one `Last-Modified` header, shared (not a copy per
/// page, of tens of thousands); a page taken over keeps its own.
#[test]
fn pages_rendered_together_share_one_last_modified_header() {
    let (_dir, site) = small_site();
    let first = render_over(&site, None);
    let header = |site: &render::Site, path: &str| {
        let page = site.page(path).unwrap();
        (
            page.last_modified.as_bytes().as_ptr(),
            page.last_modified.clone(),
        )
    };
    let (seika, date) = header(&first, "/cities/seika");
    assert_eq!(date, "Mon, 01 Jun 2026 12:00:00 GMT");
    for path in [
        "/",
        "/es/cities/seika",
        "/events",
        "/feed.xml",
        "/sitemap.xml",
    ] {
        assert_eq!(header(&first, path).0, seika, "{path}");
    }
    replace(
        &site,
        "cities/seika.toml",
        "summary = \"",
        "summary = \"Edited. ",
    );
    let edited = render_over(&site, Some(&first));
    assert_eq!(header(&edited, "/cities/arezzo").0, seika);
    assert_ne!(header(&edited, "/cities/seika").0, seika);
}

/// At scale the sitemap is in parts (of a thousand pages): a page that changes day writes
/// again the parts listing it, in each language, and the index, not the other parts.
#[test]
fn a_part_of_the_sitemap_is_written_again_only_when_a_page_it_lists_changes() {
    let (_dir, site) = small_site();
    for n in 1..=1_100 {
        let toml = format!(
            "title = \"Test event {n}\"\nstart = 2027-03-10T18:00:00\n\
             end = 2027-03-10T20:00:00\nplace = \"Library\"\ncities = []\n\
             description = \"A made-up event.\"\n"
        );
        std::fs::write(site.join(format!("events/test-{n:04}.toml")), toml).unwrap();
    }
    let first = render_over(&site, None);
    let parts = ["/sitemap-1.xml", "/sitemap-2.xml", "/sitemap-3.xml"];
    let listed = |site: &render::Site, part: &str| {
        let body = site.page(part).map(|page| page.body()).unwrap_or_default();
        String::from_utf8_lossy(&body).matches("<url>").count()
    };
    let counts: Vec<usize> = parts.iter().map(|part| listed(&first, part)).collect();
    assert_eq!(counts[..2], [1_000, 1_000]);
    assert!(counts[2] > 0, "{counts:?}");
    assert!(first.page("/sitemap-4.xml").is_none());

    // An event's file changes day: its English page is in the first part, its Spanish one
    // in the second (with the lists of events), and the third part stays as it was.
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(2 * 86_400);
    std::fs::File::options()
        .write(true)
        .open(site.join("events/test-0005.toml"))
        .unwrap()
        .set_modified(later)
        .unwrap();
    let day = render_over(&site, Some(&first));
    let again = day.rendered_again();
    let changed: Vec<&str> = parts
        .into_iter()
        .filter(|part| first.page(part).unwrap().body() != day.page(part).unwrap().body())
        .collect();
    assert_eq!(changed, ["/sitemap-1.xml", "/sitemap-2.xml"]);
    for part in parts {
        assert_eq!(again.contains(&part), changed.contains(&part), "{part}");
    }
    assert!(again.contains(&"/sitemap.xml"));
}

/// A reload reads only the files written since the last reading: the others are taken as they
/// were (the same bytes, not read again); a file written again, even to the same length and
/// with its time set back, is read again, and so is one written moments before the reading.
#[test]
fn a_reload_reads_again_only_the_files_written_since() {
    let (_dir, site) = small_site();
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    let set_time = |name: &str| {
        let file = std::fs::File::options()
            .write(true)
            .open(site.join(name))
            .unwrap();
        file.set_modified(old).unwrap();
    };
    set_time("cities/seika.toml");
    let first = Folder::read(&site);
    let second = Folder::read_sharing(&site, &FileSet::default(), Some(&first));
    let bytes = |folder: &Folder, name: &str| folder.files.get(name).unwrap().bytes.clone();
    assert!(
        std::sync::Arc::ptr_eq(
            &bytes(&first, "cities/seika.toml"),
            &bytes(&second, "cities/seika.toml")
        ),
        "not written since: taken as it was"
    );
    let text = String::from_utf8(bytes(&second, "cities/seika.toml").to_vec()).unwrap();
    let same_length = text.replacen("Seika", "SEIKA", 1);
    assert_eq!(same_length.len(), text.len());
    std::fs::write(site.join("cities/seika.toml"), &same_length).unwrap();
    set_time("cities/seika.toml");
    let third = Folder::read_sharing(&site, &FileSet::default(), Some(&second));
    assert_eq!(&*bytes(&third, "cities/seika.toml"), same_length.as_bytes());
    // Written just now (colima.toml, by the copy): read again, as its time proves nothing
    // on a file system that keeps times to the second.
    assert!(!std::sync::Arc::ptr_eq(
        &bytes(&second, "cities/colima.toml"),
        &bytes(&third, "cities/colima.toml")
    ));
}
