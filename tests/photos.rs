//! Photos that just work: a phone's large JPEG, named as phones and people name files, turned
//! on its side by its EXIF orientation and carrying where it was taken, comes out upright in
//! responsive sizes without its metadata, and its original is never served. Photos the site
//! cannot show, or too large, are reported at their line.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers may, as tests do

mod common;

use std::path::PathBuf;

use axum::http::{StatusCode, header};
use common::{Element, Query, html};
use common::{app, copy_dir, get, root, send_with};

/// A file name as a phone or a person gives it: capitals, a space, an accent.
const NAME: &str = "images/Seika Stone Été.JPG";

/// A photo 2,400 by 1,800 pixels, stored on its side with an EXIF orientation of 6 (turn 90°
/// clockwise to show), and a GPS position in its metadata.
fn phone_photo() -> Vec<u8> {
    // Smooth shades with some texture, as a photo has (noise would compress like no photo).
    let image = image::RgbImage::from_fn(2400, 1800, |x, y| {
        let (fx, fy) = (f64::from(x), f64::from(y));
        let texture = 40.0 * (fx / 37.0).sin() * (fy / 53.0).cos();
        let channel = |v: f64| v.clamp(0.0, 255.0) as u8;
        image::Rgb([
            channel(fx / 2400.0 * 200.0 + texture),
            channel(fy / 1800.0 * 200.0 - texture),
            channel(128.0 + texture),
        ])
    });
    let mut jpeg = Vec::new();
    image
        .write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
            &mut jpeg, 95,
        ))
        .unwrap();
    // The EXIF block goes right after the start-of-image marker.
    let mut with_exif = jpeg[..2].to_vec();
    with_exif.extend(exif_app1());
    with_exif.extend(&jpeg[2..]);
    with_exif
}

/// An APP1 segment: little-endian TIFF with IFD0 holding Orientation = 6 and a pointer to a
/// GPS IFD holding GPSLatitudeRef = "N".
fn exif_app1() -> Vec<u8> {
    let mut tiff: Vec<u8> = b"II*\0".to_vec();
    tiff.extend(8u32.to_le_bytes()); // IFD0 at 8
    tiff.extend(2u16.to_le_bytes()); // two entries
    // Orientation, SHORT, 1, 6
    tiff.extend([0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0]);
    // GPSInfo pointer, LONG, 1, offset 38
    tiff.extend([0x25, 0x88, 4, 0, 1, 0, 0, 0]);
    tiff.extend(38u32.to_le_bytes());
    tiff.extend(0u32.to_le_bytes()); // no next IFD
    assert_eq!(tiff.len(), 38);
    tiff.extend(1u16.to_le_bytes()); // GPS IFD: one entry
    // GPSLatitudeRef, ASCII, 2, "N\0"
    tiff.extend([1, 0, 2, 0, 2, 0, 0, 0, b'N', 0, 0, 0]);
    tiff.extend(0u32.to_le_bytes());
    let mut segment = vec![0xFF, 0xE1];
    let length = u16::try_from(2 + 6 + tiff.len()).unwrap();
    segment.extend(length.to_be_bytes());
    segment.extend(b"Exif\0\0");
    segment.extend(tiff);
    segment
}

/// The valid fixture and its static folder in a temporary folder, with Seika's photo
/// replaced by `file` holding `bytes`.
fn site_with_photo(file: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    let statics = dir.path().join("static");
    copy_dir(&root().join("tests/fixtures/valid"), &content);
    copy_dir(&root().join("tests/fixtures/static"), &statics);
    let path = statics.join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    let seika = content.join("cities/seika.toml");
    let text = std::fs::read_to_string(&seika).unwrap();
    std::fs::write(&seika, text.replace("images/stone.png", file)).unwrap();
    (dir, content, statics)
}

fn has_exif(bytes: &[u8]) -> bool {
    bytes.windows(6).any(|w| w == b"Exif\0\0")
}

#[tokio::test]
async fn a_phone_photo_is_served_upright_in_sizes_without_its_metadata() {
    let original = phone_photo();
    assert!(has_exif(&original));
    let (_dir, content, statics) = site_with_photo(NAME, &original);
    let app = app(&content, &statics);

    let (_, page) = get(&app, "/cities/seika").await;
    let page = html(&page);
    let img = (&page).one("figure.sc-figure img");
    let attr = |e: Element, name: &str| e.get(name).unwrap_or_default().to_owned();
    let widths: Vec<u32> = attr(img, "srcset")
        .split(", ")
        .map(|candidate| {
            let width = candidate.rsplit(' ').next().unwrap();
            width.trim_end_matches('w').parse().unwrap()
        })
        .collect();
    assert_eq!(widths, [480, 960, 1600]);
    // Upright: the stored 2,400 x 1,800 photo is 1,800 x 2,400 once turned.
    assert_eq!(
        (attr(img, "width"), attr(img, "height")),
        ("1600".into(), "2133".into())
    );
    assert_eq!(
        attr(img, "alt"),
        "The Seika Stone in Norman's Sister City Square"
    );
    let webp = (&page).one("figure.sc-figure source");
    assert_eq!(attr(webp, "type"), "image/webp");
    assert_eq!(attr(webp, "srcset").matches(".webp ").count(), 3);

    // Every size is served, smaller than the original, upright, without EXIF.
    let mut urls: Vec<String> = Vec::new();
    for srcset in [attr(img, "srcset"), attr(webp, "srcset")] {
        urls.extend(
            srcset
                .split(", ")
                .map(|c| c.split(' ').next().unwrap().to_owned()),
        );
    }
    for url in &urls {
        let (response, body) = send_with(&app, "GET", url, &[]).await;
        assert_eq!(response.status(), StatusCode::OK, "{url}");
        let cache = response.headers()[header::CACHE_CONTROL].to_str().unwrap();
        assert!(cache.contains("immutable"), "{url}: {cache}");
        assert!(body.len() < original.len(), "{url}: {} bytes", body.len());
        assert!(!has_exif(&body), "{url} keeps the metadata");
        let decoded = image::load_from_memory(&body).unwrap();
        assert!(decoded.height() > decoded.width(), "{url} is not upright");
    }
    // The fallback is a JPEG of the middle width.
    assert!(
        attr(img, "src").ends_with("-960.jpg"),
        "{}",
        attr(img, "src")
    );

    // The original is never served, however its address is written.
    for plain in [
        "/static/images/Seika%20Stone%20%C3%89t%C3%A9.JPG",
        "/static/images//Seika%20Stone%20%C3%89t%C3%A9.JPG",
        "/static/./images/Seika%20Stone%20%C3%89t%C3%A9.JPG",
    ] {
        let (response, _) = get(&app, plain).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{plain}");
    }
}

#[test]
fn sizes_are_made_once_and_kept_by_content() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = phone_photo();
    let first = sister_cities::photos::prepare(&bytes, Some(dir.path())).unwrap();
    let kept: Vec<_> = std::fs::read_dir(dir.path().join(&first.key))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(kept.len(), 6, "{kept:?}");
    // A second time, nothing is decoded: the kept files are read back.
    let again = sister_cities::photos::prepare(&bytes, Some(dir.path())).unwrap();
    assert_eq!(first.variants.len(), again.variants.len());
    assert!(
        first
            .variants
            .iter()
            .zip(&again.variants)
            .all(|(a, b)| a.bytes == b.bytes)
    );
}

/// The problems check gives for a photo file holding `bytes` (or, with `length`, padded out
/// to that many bytes).
fn problems_for(file: &str, bytes: &[u8], length: Option<u64>) -> Vec<String> {
    let (dir, content, statics) = site_with_photo(file, bytes);
    if let Some(length) = length {
        let f = std::fs::OpenOptions::new()
            .write(true)
            .open(statics.join(file))
            .unwrap();
        f.set_len(length).unwrap();
    }
    let prefix = format!("{}/", content.display());
    let found = common::problems(&content, &statics)
        .iter()
        .map(|d| d.one_line().replacen(&prefix, "", 1))
        .collect();
    drop(dir);
    found
}

#[test]
fn photos_the_site_cannot_show_or_too_large_are_reported_at_their_line() {
    let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic\0\0\0\0";
    let found = problems_for("images/IMG_0042.HEIC", heic, None);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with(
            "cities/seika.toml:51:8: error[photo-format]: \"images/IMG_0042.HEIC\" is HEIC, not \
             a photo the site can show (help: it is an iPhone photo in HEIC"
        ),
        "{found:?}"
    );
    let found = problems_for("images/flyer.pdf", b"%PDF-1.7\n%\xE2\xE3", None);
    assert!(found[0].contains("error[photo-format]"), "{found:?}");
    assert!(found[0].contains("it is a PDF, not a photo"), "{found:?}");

    let jpeg_head = &phone_photo()[..64];
    let found = problems_for("images/huge.jpg", jpeg_head, Some(21 * 1024 * 1024));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with(
            "cities/seika.toml:51:8: error[photo-too-large]: \"images/huge.jpg\" is 21.0 MB"
        ),
        "{found:?}"
    );
    let found = problems_for("images/large.jpg", jpeg_head, Some(11 * 1024 * 1024));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with(
            "cities/seika.toml:51:8: warning[photo-large]: \"images/large.jpg\" is 11.0 MB"
        ),
        "{found:?}"
    );
}
