//! A starting server goes live with its home pages first and renders the rest of the site
//! right after: a request for another page waits for the whole site (it is never told the
//! page does not exist), and nothing a reload or a re-render puts live meanwhile is undone.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers may, as tests do

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::http::StatusCode;
use common::{copy_dir, get, live_app, root};
use sister_cities::content::Source;
use sister_cities::live::Live;

/// A copy of the bundled content (English and Spanish) in a temporary folder.
fn content_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(&root().join("content"), &content);
    (dir, content)
}

fn statics() -> PathBuf {
    root().join("static")
}

/// The live site over `content` as a server starts it: its first pages only.
fn start(content: &Path) -> Arc<Live> {
    let source = Source {
        content_dir: content.to_path_buf(),
        static_dir: Some(statics()),
        base_url: None,
    };
    Arc::new(Live::start(source, false, None).unwrap())
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[tokio::test]
async fn the_home_pages_are_served_first_and_other_requests_wait_for_the_whole_site() {
    let (_dir, content) = content_copy();
    let live = start(&content);
    assert!(!live.is_whole());
    let app = live_app(live.clone(), &statics());
    // The home pages in both languages, with the stylesheet they link to, are served at once.
    let (response, home) = get(&app, "/").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(home.contains("<h1"), "{home}");
    assert_eq!(get(&app, "/es").await.0.status(), StatusCode::OK);
    let stylesheet = home
        .split("href=\"")
        .filter_map(|rest| rest.split('"').next())
        .find(|href| href.ends_with(".css"))
        .unwrap()
        .to_owned();
    assert_eq!(get(&app, &stylesheet).await.0.status(), StatusCode::OK);

    // Other pages, an unknown address and the health check wait for the whole site.
    let waiting: Vec<_> = ["/cities/seika", "/es/events", "/no-such-page", "/healthz"]
        .into_iter()
        .map(|path| {
            let app = app.clone();
            tokio::spawn(async move { get(&app, path).await })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(waiting.iter().all(|request| !request.is_finished()));
    assert!(!live.is_whole());

    let rest = live.clone();
    tokio::task::spawn_blocking(move || rest.render_rest())
        .await
        .unwrap();
    assert!(live.is_whole());
    let mut statuses = Vec::new();
    for request in waiting {
        statuses.push(request.await.unwrap().0.status().as_u16());
    }
    assert_eq!(statuses, [200, 200, 404, 200]);
    // The whole site is the one a full render gives, and the home page kept its bytes.
    live.verify().unwrap();
    assert_eq!(get(&app, "/").await.1, home);
}

#[tokio::test]
async fn the_start_s_problems_are_reported_with_the_whole_site() {
    let (_dir, content) = content_copy();
    edit(
        &content.join("cities/seika.toml"),
        "country = \"Japan\"",
        "country = \u{201C}Japan\"",
    );
    let live = start(&content);
    assert!(live.status().problems.is_empty());
    live.render_rest();
    let problems = live.status().problems.clone();
    assert!(
        problems
            .iter()
            .any(|p| p.one_line().contains("cities/seika.toml")),
        "{problems:?}"
    );
    assert!(
        live.status()
            .waiting
            .iter()
            .any(|file| file == "cities/seika.toml")
    );
}

#[tokio::test]
async fn a_reload_before_the_rest_is_rendered_is_never_undone() {
    let (_dir, content) = content_copy();
    let seika = content.join("cities/seika.toml");
    edit(&seika, "country = \"Japan\"", "country = \u{201C}Japan\"");
    let live = start(&content);
    // Staff fix the file while the server starts: the reload puts the whole site live.
    edit(&seika, "country = \u{201C}Japan\"", "country = \"Japan\"");
    let status = live.reload().unwrap();
    assert!(status.problems.is_empty(), "{:?}", status.problems);
    assert!(live.is_whole());
    let app = live_app(live.clone(), &statics());
    assert_eq!(get(&app, "/cities/seika").await.0.status(), StatusCode::OK);
    // The rest of the start's rendering has nothing left to do, and the start's problem,
    // fixed since, is not reported again.
    let before = Arc::clone(&live.snapshot());
    live.render_rest();
    assert!(Arc::ptr_eq(&before, &live.snapshot()));
    assert!(live.status().problems.is_empty());
    assert!(live.status().waiting.is_empty());
}

#[test]
fn a_re_render_over_the_first_pages_renders_the_whole_site() {
    let (_dir, content) = content_copy();
    let live = start(&content);
    let later = live.snapshot().rendered_at + Duration::from_secs(60);
    live.rerender(later).unwrap();
    assert!(live.is_whole());
    assert!(live.snapshot().site.page("/cities/seika").is_some());
    live.verify().unwrap();
}
