//! `build`: writes the whole site as static files, the same bytes as served, for a CDN or
//! object storage. Pages become `.html` files (`/cities/seika` -> `cities/seika.html`; `/` ->
//! `index.html`), each with its `.gz` and `.br` variants beside it; fingerprinted assets keep
//! their names; the static folder is copied as it is, for its plain URLs.

use std::path::{Path, PathBuf};

use crate::live::Snapshot;
use crate::render::Page;

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A file or folder of the export could not be written (no room, no permission...).
    #[error("cannot write {}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A file or folder of the static folder could not be read, to copy it.
    #[error("cannot read {} to copy it", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// What was written.
#[derive(Debug, Default)]
pub struct Summary {
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
}

/// The file (relative to the export folder) that holds the page at a URL path.
pub fn file_for(url_path: &str) -> PathBuf {
    let relative = url_path.trim_start_matches('/');
    if relative.is_empty() {
        return PathBuf::from("index.html");
    }
    let has_extension = relative
        .rsplit('/')
        .next()
        .is_some_and(|name| name.contains('.'));
    if has_extension {
        PathBuf::from(relative)
    } else {
        PathBuf::from(format!("{relative}.html"))
    }
}

/// Writes the snapshot's every page (and the 404 page as `404.html`) under `out`, and copies
/// the static folder to `out/static`.
pub fn export(
    snapshot: &Snapshot,
    static_dir: Option<&Path>,
    out: &Path,
) -> Result<Summary, ExportError> {
    let mut summary = Summary::default();
    for url_path in snapshot.site.paths() {
        if let Some(page) = snapshot.site.page(url_path) {
            write_page(&out.join(file_for(url_path)), page, &mut summary)?;
        }
    }
    // Each language's page not found: `404.html`, and `es/404.html` beside its pages.
    for (home, page) in snapshot.site.not_found_pages() {
        let folder = home.trim_start_matches('/');
        write_page(&out.join(folder).join("404.html"), page, &mut summary)?;
    }
    if let Some(dir) = static_dir {
        copy_missing(dir, &out.join("static"), &mut summary)?;
    }
    Ok(summary)
}

fn write_page(path: &Path, page: &Page, summary: &mut Summary) -> Result<(), ExportError> {
    write(path, &page.body(), summary)?;
    summary.pages += 1;
    let with_suffix = |suffix: &str| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    if let Some(gzip) = page.gzip() {
        write(&with_suffix(".gz"), &gzip.body, summary)?;
    }
    if let Some(br) = page.brotli() {
        write(&with_suffix(".br"), &br.body, summary)?;
    }
    Ok(())
}

fn write(path: &Path, bytes: &[u8], summary: &mut Summary) -> Result<(), ExportError> {
    let error = |source| ExportError::Write {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(error)?;
    }
    std::fs::write(path, bytes).map_err(error)?;
    summary.files += 1;
    summary.bytes += bytes.len() as u64;
    Ok(())
}

/// Copies a folder tree, leaving files already written (the fingerprinted ones) alone.
fn copy_missing(from: &Path, to: &Path, summary: &mut Summary) -> Result<(), ExportError> {
    let error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ExportError::Read { path, source }
    };
    for entry in std::fs::read_dir(from).map_err(error(from))? {
        let entry = entry.map_err(error(from))?;
        let target = to.join(entry.file_name());
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if entry.file_type().map_err(error(&entry.path()))?.is_dir() {
            copy_missing(&entry.path(), &target, summary)?;
        } else if !target.exists() {
            let bytes = std::fs::read(entry.path()).map_err(error(&entry.path()))?;
            write(&target, &bytes, summary)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::file_for;
    use std::path::PathBuf;

    #[test]
    fn url_paths_map_to_files() {
        assert_eq!(file_for("/"), PathBuf::from("index.html"));
        assert_eq!(
            file_for("/cities/seika"),
            PathBuf::from("cities/seika.html")
        );
        assert_eq!(file_for("/feed.xml"), PathBuf::from("feed.xml"));
        assert_eq!(
            file_for("/static/css/site.0123.css"),
            PathBuf::from("static/css/site.0123.css")
        );
    }
}
