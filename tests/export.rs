//! `build` writes the same bytes the server sends, for every page, with the same variants.

mod common;

use std::io::Read;

use common::{bundled_app, root, send_with};
use sister_cities::export;

#[tokio::test]
async fn the_export_holds_every_served_page_byte_for_byte() {
    let source = sister_cities::content::Source {
        content_dir: root().join("content"),
        static_dir: Some(root().join("static")),
        base_url: None,
    };
    let snapshot = sister_cities::live::build(&source, false, common::now()).unwrap();
    let out = tempfile::tempdir().unwrap();
    let summary = export::export(&snapshot, Some(&root().join("static")), out.path()).unwrap();
    let app = bundled_app();

    let paths = snapshot.site.paths();
    assert!(paths.len() >= 6, "{paths:?}");
    assert_eq!(
        summary.pages,
        paths.len() + 2,
        "every page and the 404 page in English and in Spanish"
    );
    for path in paths {
        let (response, served) = send_with(&app, "GET", path, &[]).await;
        assert_eq!(response.status(), 200, "{path}");
        let file = out.path().join(export::file_for(path));
        let exported = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert!(
            exported == served,
            "{path}: the export differs from what is served"
        );

        let (gz_response, gz_served) =
            send_with(&app, "GET", path, &[("accept-encoding", "gzip")]).await;
        if gz_response.headers().get("content-encoding").is_some() {
            let gz_file = std::fs::read(format!("{}.gz", file.display())).unwrap();
            assert!(gz_file == gz_served, "{path}: .gz differs");
            let mut decoded = Vec::new();
            flate2::read::GzDecoder::new(&gz_file[..])
                .read_to_end(&mut decoded)
                .unwrap();
            assert!(
                decoded == exported,
                "{path}: .gz does not decode to the page"
            );
        }
    }
    let (_, not_found) = send_with(&app, "GET", "/no-such-page", &[]).await;
    assert!(std::fs::read(out.path().join("404.html")).unwrap() == not_found);
    let (_, not_found) = send_with(&app, "GET", "/es/no-such-page", &[]).await;
    assert!(std::fs::read(out.path().join("es/404.html")).unwrap() == not_found);
    // The static folder is there for its plain URLs too.
    assert!(out.path().join("static/css/site.css").is_file());
}
