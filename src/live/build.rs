//! Building a site from the content folder: the content assembled (each file with problems at
//! its last good version), the static files read, and every page rendered.

use std::path::Path;
use std::sync::Arc;

use jiff::Timestamp;
use sha2::{Digest, Sha256};

use crate::content::{self, Content, Diagnostics, FileSet, Folder};
use crate::render::assets::AssetError;
use crate::render::{self, Assets, RenderError, Site};

use super::Status;

/// Why a site could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The content has problems; each is listed. For the live site: a file it cannot do
    /// without (site.toml...) has no good version.
    #[error("{0}")]
    Content(Diagnostics),
    /// A template failed to render (a bug in a template, not in content).
    #[error(transparent)]
    Render(#[from] RenderError),
    /// A static file could not be read.
    #[error(transparent)]
    Static(#[from] AssetError),
}

/// One consistent version of the site: the content and every page rendered from it.
pub struct Snapshot {
    /// The content in English.
    pub content: Arc<Content>,
    /// The content in each further language of the site.
    pub translations: Arc<Vec<Content>>,
    /// The version of each content file the content was made from.
    pub published: Arc<FileSet>,
    /// The static files in memory, fingerprinted.
    pub assets: Arc<Assets>,
    pub site: Site,
    /// A short fingerprint of the content files, shown on the status page and `/healthz`.
    pub version: String,
    /// When this content was loaded.
    pub loaded_at: Timestamp,
    /// When the pages were rendered (re-rendered when a scheduled moment passes).
    pub rendered_at: Timestamp,
}

impl Snapshot {
    /// The same content with `site`, rendered from it at `rendered_at`.
    pub(super) fn with_site(&self, site: Site, rendered_at: Timestamp) -> Snapshot {
        Snapshot {
            content: self.content.clone(),
            translations: self.translations.clone(),
            published: self.published.clone(),
            assets: self.assets.clone(),
            site,
            version: self.version.clone(),
            loaded_at: self.loaded_at,
            rendered_at,
        }
    }
}

/// Loads, validates and renders a complete site from the content folder as it is: no file
/// may have an error (for `build` and tests).
pub fn build(
    source: &content::Source,
    drafts: bool,
    now: Timestamp,
) -> Result<Snapshot, BuildError> {
    build_checked(source, drafts, now).map(|(snapshot, _)| snapshot)
}

/// As [`build`], with the warnings of the content (for `check`).
pub fn build_checked(
    source: &content::Source,
    drafts: bool,
    now: Timestamp,
) -> Result<(Snapshot, Diagnostics), BuildError> {
    let folder = Folder::read(&source.content_dir);
    let checked = content::Cache::default();
    let (assembly, assets) = prepare(
        source,
        now,
        &folder,
        &FileSet::default(),
        None,
        None,
        &checked,
    )?;
    if assembly.problems.has_errors() {
        return Err(BuildError::Content(assembly.problems));
    }
    let (snapshot, findings) = finish(assembly, assets, drafts, now, None, &checked)?;
    Ok((snapshot, findings.problems))
}

/// The content assembled from `folder` (with the `last_good` version of each file that has
/// problems) and the static files (unchanged ones taken over from `earlier`).
pub(super) fn prepare(
    source: &content::Source,
    now: Timestamp,
    folder: &Folder,
    last_good: &FileSet,
    earlier: Option<&Snapshot>,
    photo_cache: Option<&Path>,
    checked: &content::Cache,
) -> Result<(content::Assembly, Assets), BuildError> {
    let started = std::time::Instant::now();
    let assembly =
        content::assemble_cached(source, content::today(now), folder, last_good, checked)
            .map_err(BuildError::Content)?;
    tracing::debug!(
        load_ms = started.elapsed().as_millis(),
        checks_kept = checked.len(),
        "content assembled"
    );
    let started = std::time::Instant::now();
    let assets = match &source.static_dir {
        Some(dir) => {
            let earlier = earlier.map(|earlier| &*earlier.assets);
            let mut assets = Assets::load(dir, now, earlier)?;
            let photos = assembly
                .content
                .cities
                .iter()
                .flat_map(|city| city.photos.iter().map(|photo| photo.file.clone()))
                .collect();
            assets.add_photos(dir, &photos, photo_cache, earlier);
            assets
        }
        None => Assets::default(),
    };
    tracing::debug!(
        assets_ms = started.elapsed().as_millis(),
        "static files read"
    );
    Ok((assembly, assets))
}

/// Renders the site; pages that come out as in `earlier` are taken over from it.
pub(super) fn finish(
    assembly: content::Assembly,
    assets: Assets,
    drafts: bool,
    now: Timestamp,
    earlier: Option<&Site>,
    checked: &content::Cache,
) -> Result<(Snapshot, Findings), BuildError> {
    let started = std::time::Instant::now();
    let options = render::Options { drafts, now };
    let site = render::render_with_assets(
        &assembly.content,
        &assembly.translations,
        &options,
        &assets,
        earlier,
    )?;
    tracing::debug!(
        render_ms = started.elapsed().as_millis(),
        pages_rendered_again = site.rendered_again().len(),
        pages_recorded = site.recorded(),
        "site rendered"
    );
    Ok(snapshot(assembly, assets, site, now, checked))
}

/// Renders only the first pages a starting server serves (see [`render::render_first`]).
pub(super) fn render_first(
    assembly: content::Assembly,
    assets: Assets,
    drafts: bool,
    now: Timestamp,
    checked: &content::Cache,
) -> Result<(Snapshot, Findings), BuildError> {
    let started = std::time::Instant::now();
    let options = render::Options { drafts, now };
    let site = render::render_first(&assembly.content, &assembly.translations, &options, &assets)?;
    tracing::debug!(
        render_ms = started.elapsed().as_millis(),
        pages = site.page_count(),
        "first pages rendered"
    );
    Ok(snapshot(assembly, assets, site, now, checked))
}

/// The snapshot of `site`, rendered from `assembly` at `now`, and what the assembly found
/// wrong.
fn snapshot(
    assembly: content::Assembly,
    assets: Assets,
    site: Site,
    now: Timestamp,
    checked: &content::Cache,
) -> (Snapshot, Findings) {
    let findings = Findings {
        problems: assembly.problems,
        held: assembly.held,
        waiting: assembly.waiting,
    };
    let snapshot = Snapshot {
        version: version_of(&assembly.published, checked),
        content: Arc::new(assembly.content),
        translations: Arc::new(assembly.translations),
        published: Arc::new(assembly.published),
        assets: Arc::new(assets),
        site,
        loaded_at: now,
        rendered_at: now,
    };
    (snapshot, findings)
}

/// What a reading of the folder found wrong. It is made into the [`Status`] staff see once
/// the site it read is live: what is left to translate takes a while at scale, and no
/// resident waits for it.
pub(super) struct Findings {
    pub problems: Diagnostics,
    pub held: Vec<String>,
    pub waiting: Vec<String>,
}

impl Findings {
    /// What an assembly found wrong.
    pub fn of(assembly: &content::Assembly) -> Findings {
        Findings {
            problems: assembly.problems.clone(),
            held: assembly.held.clone(),
            waiting: assembly.waiting.clone(),
        }
    }

    /// What staff are told about the content of `live` (the site made from this reading, or
    /// the same as it), read at `now`.
    pub fn status(self, live: &Snapshot, now: Timestamp, checked: &content::Cache) -> Status {
        let started = std::time::Instant::now();
        let to_translate = content::editions::progress_cached(
            &live.published,
            &self.problems,
            &live.translations,
            checked,
        );
        tracing::debug!(status_ms = started.elapsed().as_millis(), "status made");
        Status {
            checked_at: Some(now),
            problems: self.problems,
            held: self.held,
            waiting: self.waiting,
            history_version: None,
            to_translate: to_translate
                .into_iter()
                .filter(|file| !file.is_done())
                .collect(),
        }
    }
}

/// A fingerprint of the content files: the same files give the same version. Each file's
/// digest is the one the assembly made (an unchanged file's is looked up, not made again).
fn version_of(files: &FileSet, checked: &content::Cache) -> String {
    let mut hasher = Sha256::new();
    for (path, version) in files.iter() {
        hasher.update(path.as_bytes());
        hasher.update([0]);
        hasher.update(checked.digest(&version.bytes));
    }
    hasher
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}
