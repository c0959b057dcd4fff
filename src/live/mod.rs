//! The live site: the content model and the pages rendered from it, replaced whole.
//!
//! A reload builds a complete new site off to the side and swaps it in with one atomic pointer
//! store ([`ArcSwap`]): a request sees the old site or the new one, never a mix. Each content
//! file is checked on its own: a file with problems keeps its last good version on the site
//! (the rest of the edit goes live), and its problems are logged and shown to staff until the
//! file is fixed. Each version put live is recorded in the history (see [`crate::state`]),
//! which is also where the last good versions come from after a restart.
//!
//! A starting server goes live with its home pages alone ([`Live::start`]), and renders the
//! rest of the site right after ([`Live::render_rest`]): at scale, the whole site takes a
//! second to render, and residents mostly come to the home page first. Until the whole site
//! is live, a request for any other address waits for it ([`Live::whole_site`]) rather than
//! being told the page does not exist.

mod build;
mod logged;
mod verify;

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError, mpsc};

use arc_swap::ArcSwap;
use jiff::Timestamp;
use tokio::sync::watch;

use crate::content::{self, Diagnostics, FileSet, Folder};
use crate::error_text::Chain;
use crate::render::{self, RenderError};
use crate::state::history::{History, HistoryError, Retention, Version};
use crate::state::recorder::Recorder;

pub use build::{BuildError, Snapshot, build, build_checked};
use build::{Findings, finish, prepare, render_first};
use logged::Logged;
pub use verify::Mismatch;
use verify::same_pages;

/// What staff need to know about the content folder as it is now.
#[derive(Clone, Default)]
pub struct Status {
    /// When the content was last read.
    pub checked_at: Option<Timestamp>,
    /// Every problem in the folder, in file order; none when every file is good.
    pub problems: Diagnostics,
    /// Files the site shows at their last good version, as the saved one has problems.
    pub held: Vec<String>,
    /// Files with problems that have never been good: not on the site until they are fixed.
    pub waiting: Vec<String>,
    /// The newest version in the history, when there is a history.
    pub history_version: Option<u64>,
    /// The content files whose translation has texts left in English or stale.
    pub to_translate: Vec<content::editions::Progress>,
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
    /// Where each published version is recorded; none in tests and `build`.
    history: Option<Recorder>,
    /// Where the sizes of photos are kept, once made; none in tests and `build`.
    photo_cache: Option<PathBuf>,
    /// Each content file's checked item, so that a reload checks again only what changed.
    checked: content::Cache,
    /// The content folder as last read, so that a reload reads again only the files written
    /// since.
    folder: Mutex<Option<Folder>>,
    /// Compare each published site with a full rebuild (`serve --verify-incremental`).
    verify: bool,
    /// The problems last logged: a reading logs only those that are new since.
    logged: Mutex<Logged>,
    /// Whether the site live is the whole site: false only from [`Live::start`] until
    /// [`Live::render_rest`] (or a reload) puts the whole site live.
    whole: watch::Sender<bool>,
    /// What the start's reading of the folder found wrong, until it is reported with the
    /// whole site (a reading reported since replaces it).
    first_findings: Mutex<Option<Findings>>,
}

/// What the server keeps in its state folder (see [`crate::state`]).
pub struct Kept {
    pub history: History,
    pub retention: Retention,
    /// The folder the sizes of photos are kept in.
    pub photo_cache: PathBuf,
}

impl Live {
    /// Loads the site and renders its first pages, for the server: [`Live::render_rest`]
    /// renders the rest. Files with problems get their last good version from the history;
    /// fails only when a file the site cannot do without has none.
    pub fn start(
        source: content::Source,
        drafts: bool,
        kept: Option<Kept>,
    ) -> Result<Live, BuildError> {
        let now = Timestamp::now();
        let started = std::time::Instant::now();
        let folder = Folder::read(&source.content_dir);
        tracing::debug!(
            read_ms = started.elapsed().as_millis(),
            "content folder read"
        );
        let photo_cache = kept.as_ref().map(|kept| kept.photo_cache.clone());
        let checked = content::Cache::default();
        // The history is read only when a file has problems, for its last good version: when
        // every file is good, the site is the folder as it is, with or without it.
        let first = prepare(
            &source,
            now,
            &folder,
            &FileSet::default(),
            None,
            photo_cache.as_deref(),
            &checked,
        );
        let good = matches!(&first, Ok((assembly, _)) if !assembly.problems.has_errors());
        let (assembly, assets) = match &kept {
            Some(kept) if !good => {
                let started = std::time::Instant::now();
                let last_good = kept
                    .history
                    .latest_files(&folder.files)
                    .unwrap_or_else(|error| {
                        tracing::error!(
                            error = %Chain(&error),
                            "cannot read the last published version"
                        );
                        FileSet::default()
                    });
                tracing::debug!(
                    history_ms = started.elapsed().as_millis(),
                    "last good versions read"
                );
                drop(first);
                prepare(
                    &source,
                    now,
                    &folder,
                    &last_good,
                    None,
                    photo_cache.as_deref(),
                    &checked,
                )?
            }
            _ => first?,
        };
        let (snapshot, findings) = render_first(assembly, assets, drafts, now, &checked)?;
        let mut live = Live::new(source, drafts, snapshot);
        live.whole = watch::Sender::new(false);
        live.first_findings = Mutex::new(Some(findings));
        live.photo_cache = photo_cache;
        live.checked = checked;
        live.folder = Mutex::new(Some(folder));
        live.history = kept.map(|kept| Recorder::start(kept.history, kept.retention));
        live.record();
        Ok(live)
    }

    /// Tells staff what the start's reading found wrong, then renders the whole site after
    /// [`Live::start`] put its first pages live, at the same moment, and puts it live. Does
    /// not render when a reload or a scheduled re-render put a whole site live first. When
    /// the site cannot be rendered (a fault in a template), the error is logged and the
    /// first pages stay live: requests stop waiting, and other addresses are not found.
    pub fn render_rest(&self) {
        let _building = self.building.lock().unwrap_or_else(PoisonError::into_inner);
        // Told first, so that a request waiting for the whole site (the staff pages) finds
        // it told; the first pages are of the same content.
        let findings = self
            .first_findings
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(findings) = findings {
            let current = self.current.load();
            let status = findings.status(&current, current.loaded_at, &self.checked);
            drop(current);
            self.report(status);
        }
        if !self.is_whole() {
            let at = self.current.load().rendered_at;
            if let Err(error) = self.render_at(at) {
                tracing::error!(
                    error = %Chain(&error),
                    "cannot render the site: only its first pages are served"
                );
                self.whole.send_replace(true);
            }
        }
    }

    /// Whether the whole site is live (see [`Live::render_rest`]).
    pub fn is_whole(&self) -> bool {
        *self.whole.borrow()
    }

    /// Waits until the whole site is live: at once, except while a server starts.
    pub async fn whole_site(&self) {
        let mut whole = self.whole.subscribe();
        // Fails only when the sender is dropped, and `self` holds it.
        let _ = whole.wait_for(|whole| *whole).await;
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
                ..Status::default()
            }),
            history: None,
            photo_cache: None,
            checked: content::Cache::default(),
            folder: Mutex::new(None),
            verify: false,
            logged: Mutex::default(),
            whole: watch::Sender::new(true),
            first_findings: Mutex::new(None),
        }
    }

    /// Has every publish compared with a full rebuild, and a difference logged as an error
    /// (slow: for finding faults in publishing only what changed).
    pub fn verify_each_publish(&mut self, on: bool) {
        self.verify = on;
    }

    /// Compares the site being served with a full rebuild: every page rendered afresh from
    /// the same content at the same moment (nothing taken from earlier sites), page by page,
    /// byte for byte. (That the content itself is what a fresh assembly of the folder gives
    /// is for the tests to show: a fresh assembly here would not see the folder as it was.)
    pub fn verify(&self) -> Result<(), Mismatch> {
        let current = self.current.load_full();
        let options = render::Options {
            drafts: self.options.drafts,
            now: current.rendered_at,
        };
        let rebuilt = render::render_with_assets(
            &current.content,
            &current.translations,
            &options,
            &current.assets,
            None,
        )?;
        same_pages(&current.site, &rebuilt)
    }

    /// After a publish: compares it with a full rebuild, when asked to.
    fn verify_if_asked(&self) {
        if !self.verify {
            return;
        }
        let started = std::time::Instant::now();
        match self.verify() {
            Ok(()) => tracing::info!(
                verify_ms = started.elapsed().as_millis(),
                "the published site equals a full rebuild"
            ),
            Err(mismatch) => tracing::error!(
                error = %Chain(&mismatch),
                "the published site differs from a full rebuild"
            ),
        }
    }

    /// The site being served now.
    pub fn snapshot(&self) -> arc_swap::Guard<Arc<Snapshot>> {
        self.current.load()
    }

    pub fn status(&self) -> Arc<Status> {
        let status = self.status.load_full();
        match &self.history {
            Some(recorder) => Arc::new(Status {
                history_version: recorder.latest(),
                ..(*status).clone()
            }),
            None => status,
        }
    }

    /// Where the content comes from.
    pub fn source(&self) -> &content::Source {
        &self.source
    }

    /// The newest `count` versions in the history, newest first; none without a history.
    pub fn recent_versions(&self, count: usize) -> Result<Vec<Version>, HistoryError> {
        match &self.history {
            Some(recorder) => recorder.recent(count),
            None => Ok(Vec::new()),
        }
    }

    /// Re-reads the content folder and puts it live: each good file as saved, each file with
    /// problems at its last good version. The problems are logged and kept for staff. Fails
    /// (and changes nothing) only when the static files or the templates fail.
    pub fn reload(&self) -> Result<Arc<Status>, BuildError> {
        self.reload_changed(None)
    }

    /// As [`Live::reload`], reading again only the files at `changed` (the paths the watcher
    /// saw change since the last reading) when that tells what the folder holds now (see
    /// [`Folder::update`]), else the whole folder.
    pub fn reload_changed(&self, changed: Option<&[PathBuf]>) -> Result<Arc<Status>, BuildError> {
        let _building = self.building.lock().unwrap_or_else(PoisonError::into_inner);
        let now = Timestamp::now();
        let current = self.current.load_full();
        let started = std::time::Instant::now();
        let mut previous = self.folder.lock().unwrap_or_else(PoisonError::into_inner);
        let read_all = |before: Option<&Folder>| {
            Folder::read_sharing(&self.source.content_dir, &current.published, before)
        };
        let mut before = previous.take();
        let updated = match (changed, before.as_mut()) {
            (Some(changed), Some(folder)) => folder.update(changed, &current.published),
            _ => false,
        };
        // The folder as read before, when it is not updated in place.
        let (folder, replaced) = match before {
            Some(folder) if updated => (folder, None),
            before => (read_all(before.as_ref()), before),
        };
        tracing::debug!(
            read_ms = started.elapsed().as_millis(),
            "content folder read"
        );
        let built = prepare(
            &self.source,
            now,
            &folder,
            &current.published,
            Some(&current),
            self.photo_cache.as_deref(),
            &self.checked,
        )
        .and_then(|(assembly, assets)| {
            let unchanged = assembly.published.same_files(&current.published)
                && assets.same_as(&current.assets);
            if unchanged {
                // Nothing residents see has changed (a file with problems keeps its last
                // good version, or a save changed nothing): the pages stay as they are.
                return Ok((None, Findings::of(&assembly)));
            }
            let (snapshot, findings) = finish(
                assembly,
                assets,
                self.options.drafts,
                now,
                Some(&current.site),
                &self.checked,
            )?;
            Ok((Some(snapshot), findings))
        });
        // The folder as read before is let go once the new site is live (at scale, freeing it
        // takes some milliseconds that no edit needs to wait for).
        *previous = Some(folder);
        drop(previous);
        match built {
            Ok((snapshot, findings)) => {
                if let Some(snapshot) = snapshot {
                    tracing::info!(
                        version = %snapshot.version,
                        pages = snapshot.site.page_count(),
                        "content reloaded"
                    );
                    drop(current);
                    self.store(snapshot);
                    self.verify_if_asked();
                }
                drop(replaced);
                // The site read is live now (or the same as the one live).
                let status = findings.status(&self.current.load(), now, &self.checked);
                self.report(status);
                self.record();
                Ok(self.status())
            }
            Err(error) => {
                match &error {
                    BuildError::Content(problems) => self.report(Status {
                        checked_at: Some(now),
                        problems: problems.clone(),
                        ..Status::default()
                    }),
                    BuildError::Render(render_error) => {
                        tracing::error!(error = %Chain(render_error), "cannot render")
                    }
                    BuildError::Static(static_error) => {
                        tracing::warn!(error = %Chain(static_error), "still serving the last good version")
                    }
                }
                Err(error)
            }
        }
    }

    /// Logs the problems of the folder that were not there at the last reading, and keeps
    /// them all for staff (the staff pages list every one).
    fn report(&self, status: Status) {
        let started = std::time::Instant::now();
        let lines: Vec<String> =
            status
                .problems
                .iter()
                .map(content::Diagnostic::one_line)
                .chain(status.held.iter().map(|file| {
                    format!("{file}: has problems: the site keeps its last good version")
                }))
                .chain(status.waiting.iter().map(|file| {
                    format!("{file}: has problems and no good version: not on the site yet")
                }))
                .collect();
        // A newer reading's findings replace the start's, if not reported yet.
        drop(
            self.first_findings
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take(),
        );
        let mut logged = self.logged.lock().unwrap_or_else(PoisonError::into_inner);
        let new = logged.new_since(&lines);
        for line in &new {
            tracing::warn!("{line}");
        }
        if !lines.is_empty() {
            tracing::info!(
                problems = lines.len(),
                new = new.len(),
                "problems in the content (each logged when it first appears; the staff \
                 pages list them all)"
            );
        }
        drop(logged);
        self.status.store(Arc::new(status));
        tracing::debug!(
            report_ms = started.elapsed().as_millis(),
            "problems reported"
        );
    }

    /// Has the live content recorded in the history (on the history's thread).
    fn record(&self) {
        if let Some(recorder) = &self.history {
            recorder.record(self.current.load().published.clone());
        }
    }

    /// Records what is still queued for the history, and stops its thread (when the server
    /// stops).
    pub fn close(&self) {
        if let Some(recorder) = &self.history {
            recorder.close();
        }
    }

    /// Renders the current content again for a moment (publish and expire times passing).
    pub fn rerender(&self, now: Timestamp) -> Result<(), RenderError> {
        let _building = self.building.lock().unwrap_or_else(PoisonError::into_inner);
        self.render_at(now)
    }

    /// Renders the current content for `now` and puts it live, with `building` held.
    fn render_at(&self, now: Timestamp) -> Result<(), RenderError> {
        let current = self.current.load_full();
        let options = render::Options {
            drafts: self.options.drafts,
            now,
        };
        // Usually only the clocks on city pages have moved: those pages alone are made again
        // (over a whole site: over a starting server's first pages, all are).
        let started = std::time::Instant::now();
        let clocks_only = self.is_whole()
            && render::only_clocks_change(&current.content, current.rendered_at, now);
        let site = if clocks_only {
            render::rerender_clocks(
                &current.content,
                &current.translations,
                &options,
                &current.assets,
                &current.site,
            )?
        } else {
            render::render_with_assets(
                &current.content,
                &current.translations,
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
        self.store(current.with_site(site, now));
        self.verify_if_asked();
        Ok(())
    }

    /// Puts a new site live, then has its pages compressed in the background: the swap does
    /// not wait for compression, and a request that comes first compresses its own page.
    /// Every site stored is whole: the only partial one is the first, from [`Live::start`].
    fn store(&self, snapshot: Snapshot) {
        self.current.store(Arc::new(snapshot));
        self.whole.send_replace(true);
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
