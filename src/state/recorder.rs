//! The history's own thread: each version put live is recorded there, off the path of a
//! reload and of start-up (a first record of thousands of files takes seconds, and a site
//! must not wait on it). Versions that come faster than they are recorded are folded into the
//! newest: the history holds what residents saw for more than an instant.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, mpsc};
use std::thread::JoinHandle;

use jiff::Timestamp;

use super::history::{History, HistoryError, Note, Retention, Version};
use crate::content::FileSet;
use crate::error_text::Chain;

/// Records versions in the history on a thread of its own.
pub struct Recorder {
    sender: Mutex<Option<mpsc::Sender<Arc<FileSet>>>>,
    thread: Mutex<Option<JoinHandle<()>>>,
    /// The newest version recorded (0: none yet).
    latest: Arc<AtomicU64>,
    /// A handle for reading the history while the thread writes it.
    reader: Option<Mutex<History>>,
}

impl Recorder {
    /// Starts the thread. Old versions are thinned out as `retention` says, once a day.
    pub fn start(history: History, retention: Retention) -> Recorder {
        let reader = match history.reopen() {
            Ok(reader) => Some(Mutex::new(reader)),
            Err(error) => {
                tracing::error!(error = %Chain(&error), "cannot read the history");
                None
            }
        };
        let latest = Arc::new(AtomicU64::new(history.latest().ok().flatten().unwrap_or(0)));
        let (sender, receiver) = mpsc::channel::<Arc<FileSet>>();
        let newest = latest.clone();
        let thread = std::thread::Builder::new()
            .name("history".to_owned())
            .spawn(move || run(&history, retention, &receiver, &newest));
        let thread = match thread {
            Ok(thread) => Some(thread),
            Err(error) => {
                tracing::error!(%error, "cannot start the history's thread: nothing is recorded");
                None
            }
        };
        Recorder {
            sender: Mutex::new(thread.as_ref().map(|_| sender)),
            thread: Mutex::new(thread),
            latest,
            reader,
        }
    }

    /// Records `files` as the version now live, soon.
    pub fn record(&self, files: Arc<FileSet>) {
        let sender = self.sender.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(sender) = sender.as_ref() {
            // Fails only when the thread has stopped, which it logged.
            let _ = sender.send(files);
        }
    }

    /// The newest version in the history, if any.
    pub fn latest(&self) -> Option<u64> {
        Some(self.latest.load(Ordering::Relaxed)).filter(|n| *n > 0)
    }

    /// The newest `count` versions in the history, newest first.
    pub fn recent(&self, count: usize) -> Result<Vec<Version>, HistoryError> {
        match &self.reader {
            Some(reader) => reader
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .recent(count),
            None => Ok(Vec::new()),
        }
    }

    /// Records what is queued, then stops the thread (when the server stops).
    pub fn close(&self) {
        self.sender
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        let thread = self
            .thread
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(thread) = thread {
            let _ = thread.join();
        }
    }
}

fn run(
    history: &History,
    retention: Retention,
    receiver: &mpsc::Receiver<Arc<FileSet>>,
    latest: &AtomicU64,
) {
    let mut pruned_on: Option<i64> = None;
    while let Ok(mut files) = receiver.recv() {
        // Only the newest of the versions waiting matters.
        while let Ok(newer) = receiver.try_recv() {
            files = newer;
        }
        let now = Timestamp::now();
        let note = Note {
            owner: owners_of_changes(history, &files),
            summary: None,
        };
        match history.record(&files, now, note) {
            Ok(Some(number)) => {
                latest.store(number, Ordering::Relaxed);
                tracing::info!(version = number, "recorded in the history");
            }
            Ok(None) => {}
            Err(error) => tracing::error!(
                error = %Chain(&error),
                "cannot record this version in the history"
            ),
        }
        let today = now.as_second().div_euclid(86_400);
        if pruned_on != Some(today) {
            pruned_on = Some(today);
            match history.prune(now, retention) {
                Ok(0) => {}
                Ok(dropped) => tracing::info!(dropped, "old versions thinned out of the history"),
                Err(error) => {
                    tracing::error!(error = %Chain(&error), "cannot thin out the history")
                }
            }
        }
    }
}

/// The owners of the files that differ from the newest version in the history.
fn owners_of_changes(history: &History, files: &FileSet) -> Option<String> {
    let last = history.latest_files(files).ok()?;
    let mut owners: Vec<&str> = files
        .iter()
        .filter(|(path, version)| last.get(path).is_none_or(|old| !old.same_bytes(version)))
        .filter_map(|(_, version)| version.owner.as_deref())
        .collect();
    owners.sort_unstable();
    owners.dedup();
    (!owners.is_empty()).then(|| owners.join(", "))
}
