//! The live site: the content model and the pages rendered from it, replaced whole.
//!
//! A reload builds a complete new site off to the side and swaps it in with one atomic pointer
//! store ([`ArcSwap`]): a request sees the old site or the new one, never a mix. When the new
//! content has problems, nothing is swapped: residents keep the last good site, and the
//! problems are logged and shown on the staff status page until the next good save.

use std::collections::hash_map::DefaultHasher;
use std::hash::Hasher;

use std::sync::{Arc, Mutex, PoisonError, mpsc};

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
    current: Arc<ArcSwap<Snapshot>>,
    status: ArcSwap<Status>,
    /// Tells the compression thread that a new site is live (see [`compress_in_background`]).
    compress: Option<mpsc::Sender<()>>,
    /// Held while a new site is built from the current one and put live, so that a reload
    /// and a scheduled re-render never overlap: without it, a re-render started before an
    /// edit went live could finish after it and put the old content back.
    building: Mutex<()>,
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
        let current = Arc::new(ArcSwap::from_pointee(snapshot));
        let compress = compress_in_background(&current);
        Live {
            source,
            options: render::Options { drafts, now },
            current,
            compress,
            building: Mutex::new(()),
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
        let _building = self.building.lock().unwrap_or_else(PoisonError::into_inner);
        let now = Timestamp::now();
        let current = self.current.load_full();
        match build_after(&self.source, self.options.drafts, now, Some(&current)) {
            Ok(snapshot) => {
                let unchanged = snapshot.version == current.version;
                drop(current);
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
        let _building = self.building.lock().unwrap_or_else(PoisonError::into_inner);
        let current = self.current.load_full();
        let options = render::Options {
            drafts: self.options.drafts,
            now,
        };
        // Usually only the clocks on city pages have moved: those pages alone are made again.
        let started = std::time::Instant::now();
        let clocks_only = render::only_clocks_change(&current.content, current.rendered_at, now);
        let site = if clocks_only {
            render::rerender_clocks(&current.content, &options, &current.assets, &current.site)?
        } else {
            render::render_with_assets(
                &current.content,
                &options,
                &current.assets,
                Some(&current.site),
            )?
        };
        tracing::debug!(
            clocks_only,
            render_ms = started.elapsed().as_millis(),
            "site re-rendered"
        );
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

    /// Puts a new site live, then has its pages compressed in the background: the swap does
    /// not wait for compression, and a request that comes first compresses its own page.
    fn store(&self, snapshot: Snapshot) {
        self.current.store(Arc::new(snapshot));
        if let Some(compress) = &self.compress {
            // Fails only when the thread has stopped; requests then compress their own pages.
            let _ = compress.send(());
        }
    }

    /// The next moment at which the rendered pages change by themselves (a publish or expire
    /// time passing), if any.
    pub fn next_change(&self) -> Option<Timestamp> {
        let current = self.current.load();
        render::next_change(&current.content, current.rendered_at)
    }
}

/// Starts the one thread that compresses pages off the request path. It always works on the
/// site being served: when a newer one goes live mid-way, it moves on to that one (pages that
/// did not change share their variants, so nothing is compressed twice), and it holds no old
/// site in memory while doing so. It stops when the live site is dropped.
fn compress_in_background(current: &Arc<ArcSwap<Snapshot>>) -> Option<mpsc::Sender<()>> {
    let (wake, woken) = mpsc::channel::<()>();
    let current = Arc::downgrade(current);
    let spawned = std::thread::Builder::new()
        .name("compress".to_owned())
        .spawn(move || {
            // The first site is compressed at once.
            let mut newer = true;
            while newer || woken.recv().is_ok() {
                let Some(snapshot) = current.upgrade().map(|c| c.load_full()) else {
                    return;
                };
                let finished = snapshot.site.compress_all(|| woken.try_recv().is_err());
                newer = !finished;
            }
        });
    match spawned {
        Ok(_) => Some(wake),
        Err(error) => {
            // Not fatal: requests compress their own pages.
            tracing::warn!(%error, "cannot start the compression thread");
            None
        }
    }
}

/// Loads, validates and renders a complete site.
pub fn build(
    source: &content::Source,
    drafts: bool,
    now: Timestamp,
) -> Result<Snapshot, BuildError> {
    build_after(source, drafts, now, None)
}

/// Builds a site that replaces `earlier`: its unchanged pages and static files are taken
/// over as they are.
fn build_after(
    source: &content::Source,
    drafts: bool,
    now: Timestamp,
    earlier: Option<&Snapshot>,
) -> Result<Snapshot, BuildError> {
    let started = std::time::Instant::now();
    let content = content::load(source, content::today(now)).map_err(BuildError::Content)?;
    let loaded = started.elapsed();
    let assets = match &source.static_dir {
        Some(dir) => Assets::load(dir, now, earlier.map(|earlier| &*earlier.assets))
            .map_err(BuildError::Static)?,
        None => Assets::default(),
    };
    let options = render::Options { drafts, now };
    let earlier_site = earlier.map(|earlier| &earlier.site);
    let site = render::render_with_assets(&content, &options, &assets, earlier_site)
        .map_err(BuildError::Render)?;
    let version = version_of(&content);
    tracing::debug!(
        load_ms = loaded.as_millis(),
        render_ms = (started.elapsed() - loaded).as_millis(),
        "site built"
    );
    Ok(Snapshot {
        version,
        content: Arc::new(content),
        assets: Arc::new(assets),
        site,
        loaded_at: now,
        rendered_at: now,
    })
}

/// A fingerprint of the content: the same content gives the same version. The content's
/// description is fed to the hasher as it is written, never held whole (at 2,000 cities it
/// would take tens of megabytes).
fn version_of(content: &Content) -> String {
    struct Hashing(DefaultHasher);
    impl std::fmt::Write for Hashing {
        fn write_str(&mut self, text: &str) -> std::fmt::Result {
            self.0.write(text.as_bytes());
            Ok(())
        }
    }
    let mut hashing = Hashing(DefaultHasher::new());
    // Writing into a hasher cannot fail.
    let _ = std::fmt::Write::write_fmt(&mut hashing, format_args!("{content:?}"));
    format!("{:016x}", hashing.0.finish())
}
