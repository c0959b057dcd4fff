//! The static folder, loaded into memory and fingerprinted.
//!
//! Each file is served at a URL carrying a hash of its content
//! (`/static/css/site.css` -> `/static/css/site.4be0f9d3a1c2.css`) with a one-year immutable
//! cache, precompressed. Templates write the plain `/static/...` URL; the renderer swaps in the
//! fingerprinted one (see [`Assets::rewrite`]), so a changed file reaches browsers at once.
//! The plain URLs keep working (served from disk by tower-http), for links made elsewhere.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use axum::body::Bytes;
use jiff::Timestamp;

use super::encoded::Page;
use super::headers::Caching;
use crate::paths;
use crate::photos::Photo;
use crate::zero_copy::SendFiles;

/// Files larger than this stay on disk (served by tower-http), not in memory.
pub const MAX_IN_MEMORY: u64 = 2 * 1024 * 1024;

/// Hex digits of the content hash in a fingerprinted name: enough to tell versions of a file
/// apart, short enough to read.
const FINGERPRINT_LEN: usize = 12;

/// The static files in memory, by fingerprinted URL.
#[derive(Debug, Clone, Default)]
pub struct Assets {
    /// "/static/css/site.css" -> "/static/css/site.4be0f9d3a1c2.css"
    urls: HashMap<String, String>,
    /// Fingerprinted URL -> the file.
    pub(crate) files: HashMap<String, Page>,
    /// The large files are also kept in files of their own, to be sent with sendfile; handed on from
    /// each load to the next, so the server's connections find the files of every load.
    send_files: SendFiles,
    /// The photos named by the content, by their path in the static folder, served as their
    /// variants only (see [`crate::photos`]).
    photos: HashMap<String, Served>,
}

/// A photo with what its file looked like when it was made, to tell a changed file.
#[derive(Debug, Clone)]
struct Served {
    photo: Photo,
    stamp: Stamp,
}

/// A file's size and time: the same for the same file, without reading it.
type Stamp = (u64, Option<std::time::SystemTime>);

impl Assets {
    /// Whether two loads found the same files with the same bytes.
    pub fn same_as(&self, other: &Assets) -> bool {
        fn keys(assets: &Assets) -> Vec<(&String, &str)> {
            let mut keys: Vec<(&String, &str)> = assets
                .photos
                .iter()
                .map(|(file, served)| (file, served.photo.key.as_str()))
                .collect();
            keys.sort_unstable();
            keys
        }
        self.urls == other.urls && keys(self) == keys(other)
    }

    /// Serves the photos named by the content (`files`, paths in the static folder `dir`) as
    /// their variants, made or taken from `cache`, or from `earlier` when the file did not
    /// change. The originals are not served: their metadata may say where they were taken.
    /// A photo that cannot be made is left out of the pages, and logged.
    pub fn add_photos(
        &mut self,
        dir: &Path,
        files: &std::collections::BTreeSet<String>,
        cache: Option<&Path>,
        earlier: Option<&Assets>,
    ) {
        for file in files {
            let plain = paths::static_file(file);
            if let Some(url) = self.urls.remove(&plain) {
                self.files.remove(&url);
            }
            let path = dir.join(file);
            let Ok(meta) = std::fs::metadata(&path) else {
                continue;
            };
            let stamp = (meta.len(), meta.modified().ok());
            let served = match earlier.and_then(|e| e.photos.get(file)) {
                Some(old) if old.stamp == stamp => old.clone(),
                _ => {
                    let made = std::fs::read(&path)
                        .map_err(|source| crate::photos::PhotoError::Cache {
                            path: path.clone(),
                            source,
                        })
                        .and_then(|bytes| crate::photos::prepare(&bytes, cache));
                    match made {
                        Ok(photo) => Served { photo, stamp },
                        Err(error) => {
                            tracing::warn!(
                                file,
                                error = %crate::error_text::Chain(&error),
                                "this photo is left out of the pages"
                            );
                            continue;
                        }
                    }
                }
            };
            for variant in &served.photo.variants {
                let url = served.photo.url(variant);
                let page = Page::new(
                    variant.bytes.clone(),
                    variant.format.mime(),
                    stamp
                        .1
                        .and_then(|t| Timestamp::try_from(t).ok())
                        .unwrap_or_default(),
                    Caching::Immutable,
                );
                self.files.insert(url, page);
            }
            self.photos.insert(file.clone(), served);
        }
    }

    /// The variants of a photo named by the content.
    pub fn photo(&self, file: &str) -> Option<&Photo> {
        self.photos.get(file).map(|served| &served.photo)
    }

    /// Whether `relative` (a path in the static folder) is a photo's original, never served.
    pub fn is_photo(&self, relative: &str) -> bool {
        self.photos.contains_key(relative)
    }
}

/// A file or folder of the static folder that could not be read (the site being served keeps
/// its static files).
#[derive(Debug, thiserror::Error)]
#[error("cannot read {} in the static folder", path.display())]
pub struct AssetError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

impl Assets {
    /// Reads every file under `dir` (hidden files and large files excepted). Each file's
    /// Last-Modified is its modification time (`now` where the file system has none), so it
    /// stays the same across restarts and on every replica serving the same files.
    ///
    /// A file whose bytes are those of the same file in `earlier` (the static folder as last
    /// loaded) is that earlier file: a reload holds one copy of it, not two (and makes no
    /// second file for it, see [`crate::zero_copy`]).
    pub fn load(
        dir: &Path,
        now: Timestamp,
        earlier: Option<&Assets>,
    ) -> Result<Assets, AssetError> {
        let mut assets = Assets {
            send_files: earlier
                .map(|earlier| earlier.send_files.clone())
                .unwrap_or_default(),
            ..Assets::default()
        };
        let mut stack = vec![dir.to_path_buf()];
        while let Some(folder) = stack.pop() {
            let error = |source| AssetError {
                path: folder.clone(),
                source,
            };
            for entry in std::fs::read_dir(&folder).map_err(error)? {
                let entry = entry.map_err(error)?;
                let path = entry.path();
                let hidden = entry.file_name().to_string_lossy().starts_with('.');
                let meta = entry.metadata().map_err(error)?;
                if hidden {
                    continue;
                } else if meta.is_dir() {
                    stack.push(path);
                } else if meta.is_file() && meta.len() <= MAX_IN_MEMORY {
                    let bytes = std::fs::read(&path).map_err(|source| AssetError {
                        path: path.clone(),
                        source,
                    })?;
                    let Ok(relative) = path.strip_prefix(dir) else {
                        continue;
                    };
                    let relative = relative.to_string_lossy().replace('\\', "/");
                    let plain = paths::static_file(&relative);
                    match earlier.and_then(|earlier| earlier.file(&plain)) {
                        Some(old) if old.body() == bytes => assets.add(&relative, old.clone()),
                        _ => {
                            let modified = meta
                                .modified()
                                .ok()
                                .and_then(|time| Timestamp::try_from(time).ok())
                                .unwrap_or(now);
                            let bytes = assets.send_files.keep(bytes);
                            assets.insert(&relative, bytes, modified);
                        }
                    }
                }
            }
        }
        Ok(assets)
    }

    fn insert(&mut self, relative: &str, bytes: Bytes, modified: Timestamp) {
        let content_type = mime_guess::from_path(relative)
            .first_raw()
            .unwrap_or("application/octet-stream");
        self.add(
            relative,
            Page::new(bytes, content_type, modified, Caching::Immutable),
        );
    }

    /// Serves `page` as the static file at `relative`, under its fingerprinted URL.
    fn add(&mut self, relative: &str, page: Page) {
        let name = fingerprinted(relative, &page.hash());
        self.urls
            .insert(paths::static_file(relative), paths::static_file(&name));
        self.files.insert(paths::static_file(&name), page);
    }

    /// The files the large static files are sent from.
    pub fn send_files(&self) -> &SendFiles {
        &self.send_files
    }

    /// The fingerprinted URL of a plain `/static/...` URL, if the file is in memory.
    pub fn url(&self, plain: &str) -> Option<&str> {
        self.urls.get(plain).map(String::as_str)
    }

    /// The file for a plain `/static/...` URL.
    pub fn file(&self, plain: &str) -> Option<&Page> {
        self.files.get(self.url(plain)?)
    }

    /// What pages can read of the static files: the addresses they are at and the photos
    /// (see `Read::Assets`).
    pub fn fingerprint(&self) -> u64 {
        let urls = self.urls.iter().map(|url| super::reads::of(&url));
        let photos = self
            .photos
            .iter()
            .map(|(path, served)| super::reads::of_debug(&(path, &served.photo)));
        super::reads::of_set(urls.chain(photos))
    }

    /// Replaces every quoted `"/static/..."` URL of a known file with its fingerprinted URL.
    pub fn rewrite(&self, html: &str) -> String {
        let needle = format!("\"{}/", paths::STATIC);
        let mut out = String::with_capacity(html.len() + 64);
        let mut rest = html;
        while let Some(start) = rest.find(&needle) {
            let (before, from_quote) = rest.split_at(start);
            out.push_str(before);
            let url_and_more = &from_quote[1..];
            let end = url_and_more.find('"').unwrap_or(url_and_more.len());
            let url = &url_and_more[..end];
            out.push('"');
            out.push_str(self.url(url).unwrap_or(url));
            rest = &url_and_more[end..];
        }
        out.push_str(rest);
        out
    }
}

/// The name of a file with its content's hash in it, by which browsers may keep it for a
/// year: "css/site.css" -> "css/site.4be0f9d3a1c2.css" (the first digits of `hash`). For the
/// static files and the files the program makes alike.
pub fn fingerprinted(relative: &str, hash: &str) -> String {
    let hash = hash.get(..FINGERPRINT_LEN).unwrap_or(hash);
    let (folder, name) = relative
        .rsplit_once('/')
        .map_or(("", relative), |(d, n)| (d, n));
    let name = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem}.{hash}.{ext}"),
        _ => format!("{name}.{hash}"),
    };
    if folder.is_empty() {
        name
    } else {
        format!("{folder}/{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_keep_the_folder_and_extension() {
        assert_eq!(fingerprinted("css/site.css", "abc"), "css/site.abc.css");
        assert_eq!(fingerprinted("favicon.ico", "abc"), "favicon.abc.ico");
        assert_eq!(fingerprinted("LICENSE", "abc"), "LICENSE.abc");
        assert_eq!(fingerprinted("images/a.b.png", "abc"), "images/a.b.abc.png");
    }

    #[test]
    fn a_reload_takes_over_unchanged_files_and_reads_changed_ones() {
        let dir = tempfile::tempdir().unwrap();
        let large = vec![b'a'; crate::zero_copy::MIN_LEN * 2];
        std::fs::write(dir.path().join("large.css"), &large).unwrap();
        std::fs::write(dir.path().join("small.css"), "a{}").unwrap();
        let first = Assets::load(dir.path(), Timestamp::UNIX_EPOCH, None).unwrap();
        std::fs::write(dir.path().join("small.css"), "b{}").unwrap();
        let second = Assets::load(dir.path(), Timestamp::UNIX_EPOCH, Some(&first)).unwrap();

        let body = |assets: &Assets, plain: &str| assets.file(plain).unwrap().body();
        let (before, after) = (
            body(&first, "/static/large.css"),
            body(&second, "/static/large.css"),
        );
        assert_eq!(after, large);
        assert_eq!(
            before.as_ptr(),
            after.as_ptr(),
            "the unchanged file is the same bytes"
        );
        assert_eq!(body(&second, "/static/small.css"), "b{}".as_bytes());
        #[cfg(target_os = "linux")]
        {
            // The connections hold the first load's files: they find the second's.
            std::fs::write(dir.path().join("large.css"), vec![b'b'; large.len()]).unwrap();
            let third = Assets::load(dir.path(), Timestamp::UNIX_EPOCH, Some(&second)).unwrap();
            let changed = body(&third, "/static/large.css");
            assert_ne!(changed, large);
            assert!(first.send_files().holds(&changed));
        }
        assert_ne!(
            first.url("/static/small.css"),
            second.url("/static/small.css"),
            "the changed file has a new fingerprint"
        );
    }

    #[test]
    fn rewrite_swaps_known_urls_only() {
        let mut assets = Assets::default();
        assets.insert(
            "css/site.css",
            Bytes::from_static(b"body{}"),
            Timestamp::UNIX_EPOCH,
        );
        let url = assets
            .url("/static/css/site.css")
            .unwrap_or_default()
            .to_owned();
        assert!(url.starts_with("/static/css/site.") && url.ends_with(".css"));
        let html = r#"<link href="/static/css/site.css"><img src="/static/none.png"> "/static/"#;
        let expected = format!(r#"<link href="{url}"><img src="/static/none.png"> "/static/"#);
        assert_eq!(assets.rewrite(html), expected);
    }
}
