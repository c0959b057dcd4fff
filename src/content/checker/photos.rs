//! Photos: the file exists and is one the site can show, of a size it takes, and its alt
//! text describes it.

use std::ops::Range;
use std::path::Path;

use super::Checker;
use crate::content::diagnostic::Diagnostic;
use crate::content::model::Photo;
use crate::content::raw;

impl Checker<'_> {
    pub(crate) fn photo(&mut self, raw: &raw::Photo) -> Photo {
        let file = self.text(&raw.file, "file");
        if let Some(dir) = self.ctx.static_dir_for(&file) {
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
    /// A photo the site can show: a JPEG, PNG, WebP or AVIF (read from its first bytes), of a
    /// size a browser and the server can take.
    pub(crate) fn photo_file(&mut self, path: &Path, file: &str, span: Range<usize>) {
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
        let kind = crate::content::PhotoFormat::of(&head[..n]);
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
}
