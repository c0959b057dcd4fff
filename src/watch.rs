//! Live reload: watches the content and static folders and reloads the site after each change.
//!
//! Events are debounced (an editor's save-by-rename arrives as several events) and the reload
//! is idempotent, so a burst of events costs at most a few quick rebuilds. Access events are
//! ignored: the reload's own reads would otherwise trigger reloads forever.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::live::Live;

/// How long the watcher waits for a burst of file events to settle before reloading. A save
/// (a write, or a write to a temporary file and a rename) arrives within a millisecond or two;
/// this settles it with room, and is part of every edit's time to go live. A file copied
/// slowly (a photo over a slow link) can be read half written whatever the wait: it then keeps
/// its last good version until the copy's last write reloads it.
pub const DEBOUNCE: Duration = Duration::from_millis(50);

/// How often the watcher looks for settled events: an edit waits for [`DEBOUNCE`] and up to
/// this much more (left to the watcher, a quarter of the debounce).
const TICK: Duration = Duration::from_millis(10);

/// Watching stops when this is dropped.
pub type Watcher = Debouncer<RecommendedWatcher, RecommendedCache>;

/// Starts watching `dirs` (recursively); each settled change reloads `live`, reading again
/// the files changed. Once watching, the folder is read again whole, on a thread of its own
/// (a file saved between the last reading and the start of watching has no event of its own:
/// it goes live then, rather than at the next change). A change the system could not tell in
/// full, and the first after the watcher reported an error (events may have been lost), also
/// read the whole folder.
pub fn watch(live: Arc<Live>, dirs: &[PathBuf]) -> notify_debouncer_full::notify::Result<Watcher> {
    let again = live.clone();
    // Whether the next change reads the whole folder.
    let mut read_all = false;
    let mut debouncer =
        new_debouncer(
            DEBOUNCE,
            Some(TICK),
            move |result: DebounceEventResult| match result {
                Ok(events) => {
                    let events: Vec<_> = events
                        .iter()
                        .filter(|event| !matches!(event.kind, EventKind::Access(_)))
                        .collect();
                    if events.is_empty() {
                        return;
                    }
                    let whole = std::mem::take(&mut read_all)
                        || events.iter().any(|event| {
                            event.need_rescan()
                                || event.paths.is_empty()
                                || matches!(event.kind, EventKind::Any | EventKind::Other)
                        });
                    let paths: Vec<PathBuf> = events
                        .iter()
                        .flat_map(|event| event.paths.iter().cloned())
                        .collect();
                    // Problems are logged by `reload`; the last good site stays live.
                    let _ = live.reload_changed((!whole).then_some(&paths[..]));
                }
                Err(errors) => {
                    read_all = true;
                    for error in errors {
                        tracing::warn!(%error, "watching content files");
                    }
                }
            },
        )?;
    for dir in dirs {
        debouncer.watch(dir, RecursiveMode::Recursive)?;
        tracing::info!(dir = %dir.display(), "watching for changes");
    }
    // Problems are logged by `reload`.
    let reading = again.clone();
    let spawned = std::thread::Builder::new()
        .name("read-again".to_owned())
        .spawn(move || reading.reload_changed(None).map(drop));
    if let Err(error) = spawned {
        tracing::warn!(%error, "cannot start a thread to read the content again: reading it now");
        let _ = again.reload_changed(None);
    }
    Ok(debouncer)
}
