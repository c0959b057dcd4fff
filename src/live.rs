//! The live site: the content model and the pages rendered from it, replaced whole.
//!
//! A reload builds a complete new site off to the side and swaps it in with one atomic pointer
//! store ([`ArcSwap`]): a request sees the old site or the new one, never a mix. When the new
//! content has problems, nothing is swapped: residents keep the last good site, and the
//! problems are logged and shown on the staff status page until the next good save.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use std::sync::Arc;

use arc_swap::ArcSwap;
use jiff::Timestamp;

use crate::content::{self, Content, Diagnostics};
use crate::render::assets::AssetError;
use crate::render::{self, Assets, RenderError, Site};

/// Why a site could not be built.
#[derive(Debug)]
pub enum BuildError {
    /// The content has problems; each is listed.
    Content(Diagnostics),
    /// A template failed to render (a bug in a template, not in content).
    Render(RenderError),
    /// A static file could not be read.
    Static(AssetError),
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::Content(diagnostics) => write!(f, "{diagnostics}"),
            BuildError::Render(error) => write!(f, "error: {error}"),
            BuildError::Static(error) => write!(f, "error: {error}"),
        }
    }
}

impl std::error::Error for BuildError {}

/// One consistent version of the site: the content and every page rendered from it.
pub struct Snapshot {
    pub content: Arc<Content>,
    /// The static files in memory, fingerprinted.
    pub assets: Arc<Assets>,
    pub site: Site,
    /// A short fingerprint of the content, shown on `/_status` and `/healthz`.
    pub version: String,
    /// When this content was loaded.
    pub loaded_at: Timestamp,
    /// When the pages were rendered (re-rendered when a scheduled moment passes).
    pub rendered_at: Timestamp,
}

/// The outcome of the last reload, for staff.
#[derive(Clone, Default)]
pub struct Status {
    /// When the content was last read.
    pub checked_at: Option<Timestamp>,
    /// The problems of the last edit, if it failed; the live site is then the previous one.
    pub problems: Option<Diagnostics>,
}

pub struct Live {
    source: content::Source,
    options: render::Options,
    current: ArcSwap<Snapshot>,
    status: ArcSwap<Status>,
}

impl Live {
    /// Loads and renders the site once. Fails when the content has any problem.
    pub fn load(source: content::Source, drafts: bool) -> Result<Live, BuildError> {
        let snapshot = build(&source, drafts, Timestamp::now())?;
        Ok(Live::new(source, drafts, snapshot))
    }

    /// A live site starting from a snapshot already built (tests build one for a fixed moment).
    pub fn new(source: content::Source, drafts: bool, snapshot: Snapshot) -> Live {
        let now = snapshot.rendered_at;
        let snapshot = Arc::new(snapshot);
        compress_in_background(snapshot.clone());
        Live {
            source,
            options: render::Options { drafts, now },
            current: ArcSwap::new(snapshot),
            status: ArcSwap::from_pointee(Status {
                checked_at: Some(now),
                problems: None,
            }),
        }
    }

    /// The site being served now.
    pub fn snapshot(&self) -> arc_swap::Guard<Arc<Snapshot>> {
        self.current.load()
    }

    pub fn status(&self) -> Arc<Status> {
        self.status.load_full()
    }

    /// Re-reads the content. A good edit goes live; a bad one changes nothing that residents
    /// see, and its problems are logged and kept for the status page.
    pub fn reload(&self) -> Result<(), BuildError> {
        let now = Timestamp::now();
        match build(&self.source, self.options.drafts, now) {
            Ok(mut snapshot) => {
                snapshot.site.reuse_variants(&self.current.load().site);
                let unchanged = snapshot.version == self.current.load().version;
                tracing::info!(
                    version = %snapshot.version,
                    pages = snapshot.site.paths().len(),
                    unchanged,
                    "content reloaded"
                );
                self.store(snapshot);
                self.status.store(Arc::new(Status {
                    checked_at: Some(now),
                    problems: None,
                }));
                Ok(())
            }
            Err(error) => {
                match &error {
                    BuildError::Content(problems) => {
                        for problem in problems.iter() {
                            tracing::warn!("{}", problem.one_line());
                        }
                        tracing::warn!(
                            count = problems.len(),
                            "content has problems: still serving the last good version"
                        );
                        self.status.store(Arc::new(Status {
                            checked_at: Some(now),
                            problems: Some(problems.clone()),
                        }));
                    }
                    BuildError::Render(render_error) => {
                        tracing::error!(%render_error, "cannot render")
                    }
                    BuildError::Static(static_error) => {
                        tracing::warn!(%static_error, "still serving the last good version")
                    }
                }
                Err(error)
            }
        }
    }

    /// Renders the current content again for a moment (publish and expire times passing).
    pub fn rerender(&self, now: Timestamp) -> Result<(), RenderError> {
        let current = self.current.load_full();
        let options = render::Options {
            drafts: self.options.drafts,
            now,
        };
        let mut site = render::render_with_assets(&current.content, &options, &current.assets)?;
        site.reuse_variants(&current.site);
        self.store(Snapshot {
            content: current.content.clone(),
            assets: current.assets.clone(),
            site,
            version: current.version.clone(),
            loaded_at: current.loaded_at,
            rendered_at: now,
        });
        Ok(())
    }

    /// Puts a new site live, then compresses its pages in the background: the swap does not
    /// wait for compression, and a request that comes first compresses its own page.
    fn store(&self, snapshot: Snapshot) {
        let snapshot = Arc::new(snapshot);
        self.current.store(snapshot.clone());
        compress_in_background(snapshot);
    }

    /// The next moment at which the rendered pages change by themselves (a publish or expire
    /// time passing), if any.
    pub fn next_change(&self) -> Option<Timestamp> {
        let current = self.current.load();
        render::next_change(&current.content, current.rendered_at)
    }
}

fn compress_in_background(snapshot: Arc<Snapshot>) {
    let spawned = std::thread::Builder::new()
        .name("compress".to_owned())
        .spawn(move || snapshot.site.compress_all());
    if let Err(error) = spawned {
        // Not fatal: requests compress their own pages.
        tracing::warn!(%error, "cannot start the compression thread");
    }
}

/// Loads, validates and renders a complete site.
pub fn build(
    source: &content::Source,
    drafts: bool,
    now: Timestamp,
) -> Result<Snapshot, BuildError> {
    let content = content::load(source, content::today(now)).map_err(BuildError::Content)?;
    let assets = match &source.static_dir {
        Some(dir) => Assets::load(dir, now).map_err(BuildError::Static)?,
        None => Assets::default(),
    };
    let options = render::Options { drafts, now };
    let site =
        render::render_with_assets(&content, &options, &assets).map_err(BuildError::Render)?;
    Ok(Snapshot {
        version: version_of(&content),
        content: Arc::new(content),
        assets: Arc::new(assets),
        site,
        loaded_at: now,
        rendered_at: now,
    })
}

/// A fingerprint of the content: the same content gives the same version.
fn version_of(content: &Content) -> String {
    let mut hasher = DefaultHasher::new();
    format!("{content:?}").hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}
