//! Live reload: edits go live without a restart, bad edits never reach residents, and the
//! staff pages say what is wrong.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers may, as tests do
#![allow(clippy::print_stdout)] // timings measured, shown with --nocapture

mod common;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use common::{copy_dir, get, get_staff, live, live_app, root, staff_app};

/// A copy of the valid fixture site in a temporary folder, which the test may edit.
fn site_copy() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("content");
    copy_dir(&root().join("tests/fixtures/valid"), &site);
    (dir, site)
}

fn statics() -> std::path::PathBuf {
    root().join("tests/fixtures/static")
}

/// A new city file, made from Seika's with another name.
fn write_city(site: &Path, slug: &str, name: &str) {
    let seika = std::fs::read_to_string(site.join("cities/seika.toml")).unwrap();
    let text = seika.replacen("name = \"Seika\"", &format!("name = \"{name}\""), 1);
    std::fs::write(site.join(format!("cities/{slug}.toml")), text).unwrap();
}

async fn status_of(app: &sister_cities::http::App, path: &str) -> StatusCode {
    get(app, path).await.0.status()
}

#[tokio::test]
async fn a_new_city_goes_live_on_reload_and_deletion_and_rename_work() {
    let (_dir, site) = site_copy();
    let live = live(&site, &statics());
    let app = live_app(live.clone(), &statics());
    assert_eq!(
        status_of(&app, "/cities/testville").await,
        StatusCode::NOT_FOUND
    );

    write_city(&site, "testville", "Testville");
    live.reload().unwrap();
    let (response, body) = get(&app, "/cities/testville").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(body.contains("Testville"));
    assert!(
        get(&app, "/")
            .await
            .1
            .contains("href=\"/cities/testville\"")
    );

    std::fs::rename(
        site.join("cities/testville.toml"),
        site.join("cities/newtown.toml"),
    )
    .unwrap();
    live.reload().unwrap();
    assert_eq!(
        status_of(&app, "/cities/testville").await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(status_of(&app, "/cities/newtown").await, StatusCode::OK);

    std::fs::remove_file(site.join("cities/newtown.toml")).unwrap();
    live.reload().unwrap();
    assert_eq!(
        status_of(&app, "/cities/newtown").await,
        StatusCode::NOT_FOUND
    );
    assert!(!get(&app, "/").await.1.contains("/cities/newtown"));
}

#[tokio::test]
async fn a_broken_edit_keeps_the_last_good_site_and_the_fix_goes_live() {
    let (_dir, site) = site_copy();
    let live = live(&site, &statics());
    let (app, _state) = staff_app(live.clone(), &statics(), false);
    let before = get(&app, "/cities/seika").await.1;
    let version = live.snapshot().version.clone();

    let path = site.join("cities/seika.toml");
    let good = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        good.replace("time_zone = \"Asia/Tokyo\"", "time_zone = \"Asia/Tokio\""),
    )
    .unwrap();
    let status = live.reload().unwrap();
    let problems = status.problems.to_string();
    assert!(problems.contains("cities/seika.toml:10:13"), "{problems}");
    assert_eq!(status.held, ["cities/seika.toml"]);

    // Residents still see the old pages, byte for byte.
    assert_eq!(get(&app, "/cities/seika").await.1, before);
    assert_eq!(live.snapshot().version, version);
    // Staff see the problem, with its position and hint.
    let (_, status) = get_staff(&app, "/staff").await;
    assert!(status.contains("1 error and 0 warnings"), "{status}");
    assert!(
        status.contains("<li><code>cities/seika.toml</code></li>"),
        "{status}"
    );
    assert!(status.contains("cities/seika.toml:10:13"), "{status}");
    assert!(
        status.contains("did you mean &#34;Asia/Tokyo&#34;?"),
        "{status}"
    );

    std::fs::write(
        &path,
        good.replace("Kansai Science City", "Kansai Science City (fixed)"),
    )
    .unwrap();
    live.reload().unwrap();
    assert!(
        get(&app, "/cities/seika")
            .await
            .1
            .contains("Kansai Science City (fixed)")
    );
    assert_ne!(live.snapshot().version, version);
    assert!(get_staff(&app, "/staff").await.1.contains("No problems"));
}

#[tokio::test]
async fn a_broken_file_holds_back_only_itself() {
    let (_dir, site) = site_copy();
    let live = live(&site, &statics());
    let app = live_app(live.clone(), &statics());
    // Seika is broken (a curly quote pasted in), and in the same save Colima is edited and an
    // event names Seika.
    let seika = site.join("cities/seika.toml");
    let text = std::fs::read_to_string(&seika).unwrap();
    let text_before = text.clone();
    std::fs::write(
        &seika,
        text.replace("country = \"Japan\"", "country = \u{201C}Japan\""),
    )
    .unwrap();
    let colima = site.join("cities/colima.toml");
    let text = std::fs::read_to_string(&colima).unwrap();
    std::fs::write(
        &colima,
        text.replacen("summary = \"\"\"\\\n", "summary = \"\"\"\\\nEdited. ", 1),
    )
    .unwrap();
    let status = live.reload().unwrap();
    assert_eq!(status.held, ["cities/seika.toml"]);
    assert_eq!(status.problems.len(), 1);

    assert!(get(&app, "/cities/colima").await.1.contains("Edited. "));
    // Seika is its last good version: the same file, and its page says Japan.
    let published = live.snapshot().published.clone();
    assert_eq!(
        &*published.get("cities/seika.toml").unwrap().bytes,
        text_before.as_bytes()
    );
    assert!(
        get(&app, "/cities/seika")
            .await
            .1
            .contains("<dd class=\"sc-summary-list__value\">Japan</dd>")
    );
    // The event still links Seika, which only its last good version has.
    let event = get(&app, "/events/reception").await.1;
    assert!(event.contains("href=\"/cities/seika\""), "{event}");

    // A new city broken from its first save is not published; the rest is.
    std::fs::write(site.join("cities/newtown.toml"), "name = \"Newtown\"\n").unwrap();
    let status = live.reload().unwrap();
    assert_eq!(status.waiting, ["cities/newtown.toml"]);
    assert_eq!(
        status_of(&app, "/cities/newtown").await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(status_of(&app, "/cities/colima").await, StatusCode::OK);

    // A deleted required file keeps its last good version too.
    std::fs::remove_file(site.join("site.toml")).unwrap();
    let status = live.reload().unwrap();
    assert!(
        status.held.contains(&"site.toml".to_owned()),
        "{:?}",
        status.held
    );
    assert!(
        status
            .problems
            .to_string()
            .contains("site.toml:1:1: the file is missing")
            || status
                .problems
                .iter()
                .any(|p| p.message.starts_with("the file is missing")),
        "{}",
        status.problems
    );
    assert_eq!(status_of(&app, "/").await, StatusCode::OK);
}

#[tokio::test]
async fn requests_during_reloads_never_fail() {
    let (_dir, site) = site_copy();
    let live = live(&site, &statics());
    let app = live_app(live.clone(), &statics());
    let done = Arc::new(AtomicBool::new(false));
    let served = Arc::new(AtomicUsize::new(0));
    let reader = {
        let (app, done, served) = (app.clone(), done.clone(), served.clone());
        tokio::spawn(async move {
            while !done.load(Ordering::Relaxed) {
                for path in ["/", "/cities/seika", "/cities/colima"] {
                    let (response, body) = get(&app, path).await;
                    assert_eq!(response.status(), StatusCode::OK, "{path}");
                    assert!(body.trim_end().ends_with("</html>"), "{path}: a whole page");
                    served.fetch_add(1, Ordering::Relaxed);
                }
                tokio::task::yield_now().await;
            }
        })
    };
    for round in 0..30 {
        write_city(&site, "extra", &format!("Extra {round}"));
        let live = live.clone();
        tokio::task::spawn_blocking(move || live.reload())
            .await
            .unwrap()
            .unwrap();
    }
    done.store(true, Ordering::Relaxed);
    reader.await.unwrap();
    assert!(served.load(Ordering::Relaxed) > 0);
}

#[tokio::test]
async fn the_watcher_picks_up_creates_save_by_rename_and_deletes() {
    let (_dir, site) = site_copy();
    let live = live(&site, &statics());
    let app = live_app(live.clone(), &statics());
    let _watcher = sister_cities::watch::watch(live.clone(), std::slice::from_ref(&site)).unwrap();

    // Polls until the page has the expected status; returns how long that took.
    async fn until(app: &sister_cities::http::App, path: &str, expected: StatusCode) -> Duration {
        let start = Instant::now();
        while status_of(app, path).await != expected {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "{path} never became {expected}"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        start.elapsed()
    }

    write_city(&site, "watched", "Watched");
    let created = until(&app, "/cities/watched", StatusCode::OK).await;

    // An editor's save: write a temporary file, then rename it over the original.
    let tmp = site.join("cities/.watched.toml.swp");
    let text = std::fs::read_to_string(site.join("cities/watched.toml")).unwrap();
    std::fs::write(
        &tmp,
        text.replace("name = \"Watched\"", "name = \"Renamed by editor\""),
    )
    .unwrap();
    std::fs::rename(&tmp, site.join("cities/watched.toml")).unwrap();
    let start = Instant::now();
    while !get(&app, "/cities/watched")
        .await
        .1
        .contains("Renamed by editor")
    {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "save-by-rename never went live"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }

    std::fs::remove_file(site.join("cities/watched.toml")).unwrap();
    let deleted = until(&app, "/cities/watched", StatusCode::NOT_FOUND).await;
    println!(
        "edit-to-live: create {created:?}, save-by-rename {:?}, delete {deleted:?}",
        start.elapsed()
    );
}

/// A file saved after the site was read but before watching began has no event of its own:
/// it goes live once watching starts, not at some later change of another file.
#[tokio::test]
async fn a_file_saved_before_watching_began_goes_live_once_watching() {
    let (_dir, site) = site_copy();
    let live = live(&site, &statics());
    let app = live_app(live.clone(), &statics());
    write_city(&site, "unwatched", "Saved while starting");
    assert_eq!(
        status_of(&app, "/cities/unwatched").await,
        StatusCode::NOT_FOUND
    );
    let _watcher = sister_cities::watch::watch(live.clone(), std::slice::from_ref(&site)).unwrap();
    let start = Instant::now();
    while status_of(&app, "/cities/unwatched").await != StatusCode::OK {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the file saved before watching never went live"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test]
async fn drafts_are_hidden_unless_previewing() {
    let (_dir, site) = site_copy();
    write_city(&site, "draftville", "Draftville");
    let path = site.join("cities/draftville.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("draft = true\n{text}")).unwrap();
    let source = sister_cities::content::Source {
        content_dir: site.clone(),
        static_dir: Some(statics()),
        base_url: None,
    };
    let public = sister_cities::live::build(&source, false, common::now()).unwrap();
    assert!(public.site.page("/cities/draftville").is_none());
    let preview = sister_cities::live::build(&source, true, common::now()).unwrap();
    assert!(preview.site.page("/cities/draftville").is_some());
}

/// A scheduled re-render (every minute, for the clocks on city pages) works from the content
/// it started with: one still running when an edit goes live must not put the old content back.
#[test]
fn a_re_render_never_undoes_an_edit_that_went_live_meanwhile() {
    let (_dir, site) = site_copy();
    let live = live(&site, &statics());
    let stop = Arc::new(AtomicBool::new(false));
    let rerenders = {
        let (live, stop) = (live.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut count = 0;
            while !stop.load(Ordering::Relaxed) {
                live.rerender(common::now()).unwrap();
                count += 1;
            }
            count
        })
    };
    for n in 0..15 {
        let name = format!("Edited {n}");
        write_city(&site, "edited", &name);
        live.reload().unwrap();
        // Whatever re-render was under way has finished once the next one has started.
        std::thread::sleep(Duration::from_millis(30));
        let city = live
            .snapshot()
            .content
            .city("edited")
            .map(|c| c.name.clone());
        assert_eq!(city.as_deref(), Some(name.as_str()), "edit {n} was undone");
    }
    stop.store(true, Ordering::Relaxed);
    assert!(rerenders.join().unwrap() > 15, "re-renders ran alongside");
}

/// Each minute only the city pages (with their local times) are made again; the result is
/// the same site a whole render at that moment gives, and the other pages are the very same.
#[test]
fn a_minute_re_render_remakes_only_the_city_pages_and_equals_a_whole_render() {
    let content = root().join("content");
    let live = live(&content, &root().join("static"));
    let before = live.snapshot();
    let later = common::now() + jiff::SignedDuration::from_secs(60);
    assert!(sister_cities::render::only_clocks_change(
        &before.content,
        common::now(),
        later
    ));
    live.rerender(later).unwrap();
    let after = live.snapshot();

    let source = sister_cities::content::Source {
        content_dir: content.clone(),
        static_dir: Some(root().join("static")),
        base_url: None,
    };
    let whole = sister_cities::live::build(&source, false, later).unwrap();
    assert_eq!(after.site.paths(), whole.site.paths());
    let mut remade = Vec::new();
    for path in after.site.paths() {
        let page = after.site.page(path).unwrap();
        assert_eq!(page.etag, whole.site.page(path).unwrap().etag, "{path}");
        if page.etag != before.site.page(path).unwrap().etag {
            remade.push(path.to_owned());
        }
    }
    assert_eq!(
        remade,
        [
            "/cities/arezzo",
            "/cities/clermont-ferrand",
            "/cities/colima",
            "/cities/seika",
            "/es/cities/arezzo",
            "/es/cities/clermont-ferrand",
            "/es/cities/colima",
            "/es/cities/seika"
        ]
    );
    // Across a day (or a publish time, or an event's start), everything is rendered again.
    let next_day = common::now() + jiff::SignedDuration::from_hours(24);
    assert!(!sister_cities::render::only_clocks_change(
        &before.content,
        common::now(),
        next_day
    ));
}

#[tokio::test]
async fn publish_and_expire_times_are_honoured_by_re_rendering() {
    let (_dir, site) = site_copy();
    write_city(&site, "later", "Later");
    let path = site.join("cities/later.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    // Local times in the home city (America/Chicago, UTC-5 in June). The publish time is
    // between two minutes on purpose: it must not wait for the next minute's re-render.
    let header = "publish_at = 2026-06-02T09:00:30\nexpire_at = 2026-06-03\n";
    std::fs::write(&path, format!("{header}{text}")).unwrap();
    let live = live(&site, &statics()); // built at 2026-06-01T12:00Z
    let app = live_app(live.clone(), &statics());
    assert_eq!(
        status_of(&app, "/cities/later").await,
        StatusCode::NOT_FOUND
    );
    // City pages show each city's local time, so the site also changes every minute.
    let at = |text: &str| text.parse::<jiff::Timestamp>().unwrap();
    assert_eq!(live.next_change(), Some(at("2026-06-01T12:01:00Z")));
    live.rerender(at("2026-06-02T14:00:05Z")).unwrap();
    let publish = at("2026-06-02T14:00:30Z");
    assert_eq!(live.next_change(), Some(publish));

    live.rerender(publish).unwrap();
    assert_eq!(status_of(&app, "/cities/later").await, StatusCode::OK);
    assert_eq!(live.next_change(), Some(at("2026-06-02T14:01:00Z")));

    let expire = at("2026-06-03T05:00:00Z");
    live.rerender(expire).unwrap();
    assert_eq!(
        status_of(&app, "/cities/later").await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(live.next_change(), Some(at("2026-06-03T05:01:00Z")));
}

#[tokio::test]
async fn news_events_and_pages_can_be_drafts_or_scheduled_too() {
    let (_dir, site) = site_copy();
    // A draft news item, and a page published later (home-city time, UTC-5 in June).
    let news = site.join("news/colima-relief.toml");
    let text = std::fs::read_to_string(&news).unwrap();
    std::fs::write(
        &news,
        text.replacen("title = ", "draft = true\ntitle = ", 1),
    )
    .unwrap();
    std::fs::create_dir_all(site.join("pages")).unwrap();
    std::fs::write(
        site.join("pages/later.toml"),
        "title = \"Later\"\nsummary = \"S\"\nintroduction = \"I\"\nin_footer = true\n\
         publish_at = 2026-06-02T09:00:00\n",
    )
    .unwrap();
    let live = live(&site, &statics()); // 2026-06-01T12:00Z
    let app = live_app(live.clone(), &statics());
    for path in ["/news/colima-relief", "/later"] {
        assert_eq!(status_of(&app, path).await, StatusCode::NOT_FOUND, "{path}");
    }
    for path in ["/news", "/feed.xml", "/sitemap-1.xml", "/"] {
        let (response, body) = get(&app, path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert!(!body.contains("colima-relief"), "{path} lists a draft");
        assert!(
            !body.contains("/later"),
            "{path} lists a page not yet published"
        );
    }
    let publish: jiff::Timestamp = "2026-06-02T14:00:00Z".parse().unwrap();
    live.rerender(publish).unwrap();
    assert_eq!(status_of(&app, "/later").await, StatusCode::OK);
    assert!(
        get(&app, "/").await.1.contains("href=\"/later\""),
        "now in the footer"
    );
    assert_eq!(
        status_of(&app, "/news/colima-relief").await,
        StatusCode::NOT_FOUND
    );

    let source = sister_cities::content::Source {
        content_dir: site.clone(),
        static_dir: Some(statics()),
        base_url: None,
    };
    let preview = sister_cities::live::build(&source, true, common::now()).unwrap();
    assert!(
        preview.site.page("/news/colima-relief").is_some(),
        "drafts show in preview"
    );
}
