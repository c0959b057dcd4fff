//! The state folder (`--state-dir`): what the server keeps between runs, so that a restart
//! with a broken file still serves the last good version of it.
//!
//! It holds the history of every published version of the content (a git repository, see
//! [`history`]), the staff accounts ([`accounts`]) and a marker file that says the folder is this program's. A folder that is not
//! empty and has no marker belongs to something else and is never written to. Every write is
//! crash-safe: written to a temporary file, flushed to disk, then renamed into place.

pub mod accounts;
pub mod history;
pub mod recorder;

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

pub use accounts::{Accounts, AccountsError};
pub use history::{History, HistoryError, Retention};

/// The marker file, and the format of the folder it promises.
const MARKER: &str = "sister-cities-state.toml";
const FORMAT: u32 = 1;
const MARKER_TEXT: &str = "# The state folder of a sister-cities site: the history of its published \
content (history.git, a git repository) and its staff accounts (staff.toml).\n# Back it up with the content folder. Do not edit it by hand.\nformat = 1\n";

/// The history's repository, inside the state folder.
const HISTORY_DIR: &str = "history.git";

/// The sizes of photos, made once, inside the state folder.
const PHOTOS_DIR: &str = "photos";

/// The lock that keeps two programs (the server and `restore`) from writing at once.
const LOCK_FILE: &str = "lock";

/// Why the state folder cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    /// The folder has files but no marker: it belongs to something else.
    #[error(
        "{} is not a sister-cities state folder (it holds other files, such as {example}): \
         choose an empty or new folder with --state-dir",
        dir.display()
    )]
    Foreign { dir: PathBuf, example: String },
    /// The marker names a format this program does not know (a newer program made it).
    #[error(
        "the state folder {} is in a format this program does not read ({found}): use the \
         program that made it, or another --state-dir",
        dir.display()
    )]
    Unsupported { dir: PathBuf, found: String },
    /// The folder cannot be read or written.
    #[error("cannot use the state folder {}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The history in it cannot be used.
    #[error(transparent)]
    History(#[from] HistoryError),
}

/// An open state folder.
#[derive(Debug, Clone)]
pub struct StateDir {
    dir: PathBuf,
}

impl StateDir {
    /// Opens the state folder, making it (and its marker) when it does not exist or is empty.
    pub fn open(dir: &Path) -> Result<StateDir, StateError> {
        let io = |source| StateError::Io {
            path: dir.to_path_buf(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(io)?;
        let marker = dir.join(MARKER);
        match std::fs::read_to_string(&marker) {
            Ok(text) => check_marker(dir, &text)?,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                let other = std::fs::read_dir(dir)
                    .map_err(io)?
                    .filter_map(Result::ok)
                    .map(|entry| entry.file_name().to_string_lossy().into_owned())
                    .find(|name| name != LOCK_FILE);
                if let Some(example) = other {
                    return Err(StateError::Foreign {
                        dir: dir.to_path_buf(),
                        example,
                    });
                }
                write_atomically(&marker, MARKER_TEXT.as_bytes()).map_err(io)?;
            }
            Err(error) => return Err(io(error)),
        }
        Ok(StateDir {
            dir: dir.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// The history of published content, made when it does not exist yet.
    pub fn history(&self) -> Result<History, HistoryError> {
        History::open(&self.dir.join(HISTORY_DIR), self.dir.join(LOCK_FILE))
    }

    /// The folder where the sizes of photos are kept, by each photo's content hash.
    pub fn photo_cache(&self) -> PathBuf {
        self.dir.join(PHOTOS_DIR)
    }

    /// The staff accounts, for the staff pages.
    pub fn accounts(&self) -> Accounts {
        Accounts::new(
            self.dir.join(accounts::ACCOUNTS_FILE),
            self.dir.join(LOCK_FILE),
        )
    }

    /// Moves a damaged history aside (it is kept, for IT to look at) and starts a new one.
    /// Returns where the damaged one went.
    pub fn set_aside_history(&self, now: jiff::Timestamp) -> Result<PathBuf, StateError> {
        let from = self.dir.join(HISTORY_DIR);
        let to = self
            .dir
            .join(format!("{HISTORY_DIR}.damaged-{}", now.as_second()));
        std::fs::rename(&from, &to).map_err(|source| StateError::Io { path: from, source })?;
        Ok(to)
    }
}

/// Checks the marker's `format`.
fn check_marker(dir: &Path, text: &str) -> Result<(), StateError> {
    #[derive(serde::Deserialize)]
    struct Marker {
        format: u32,
    }
    match toml::from_str::<Marker>(text) {
        Ok(marker) if marker.format == FORMAT => Ok(()),
        Ok(marker) => Err(StateError::Unsupported {
            dir: dir.to_path_buf(),
            found: format!("format {}", marker.format),
        }),
        Err(_) => Err(StateError::Unsupported {
            dir: dir.to_path_buf(),
            found: format!("{MARKER} cannot be read"),
        }),
    }
}

/// Writes a file so that a crash leaves either the old file or the new one, never part of
/// one: the bytes go to a temporary file in the same folder, which is flushed to disk and then
/// renamed over the file, and the folder is flushed too. The temporary file's name starts with
/// a dot and does not end in `.toml`, so the content loader never reads it.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_file(path, bytes, false)
}

/// [`write_atomically`], for a file only the program's own account may read (on Unix, mode
/// 0600 from the start).
pub fn write_privately(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_file(path, bytes, true)
}

fn write_file(path: &Path, bytes: &[u8], private: bool) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut options = File::options();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        if private {
            use std::os::unix::fs::OpenOptionsExt;
            // A temporary file left by a crash keeps its mode when reopened: start afresh.
            let _ = std::fs::remove_file(&temporary);
            options.mode(0o600);
        }
        #[cfg(not(unix))]
        let _ = private;
        let mut file = options.open(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)?;
        sync_dir(dir)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

/// Locks `path` (made when missing) until the returned file is dropped: the state folder's
/// one lock, held by whoever writes in it.
pub(crate) fn lock(path: &Path) -> std::io::Result<File> {
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)?;
    file.lock()?;
    Ok(file)
}

/// Flushes a folder's entries (a rename into it) to disk.
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_or_empty_folder_becomes_a_state_folder_and_opens_again() {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("state");
        StateDir::open(&state).unwrap();
        assert!(state.join(MARKER).is_file());
        StateDir::open(&state).unwrap();
        let empty = dir.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        StateDir::open(&empty).unwrap();
    }

    #[test]
    fn a_folder_of_something_else_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        let error = StateDir::open(dir.path()).unwrap_err();
        assert!(matches!(error, StateError::Foreign { .. }), "{error}");
        assert!(error.to_string().contains("notes.txt"), "{error}");
        assert!(!dir.path().join(MARKER).exists());
    }

    #[test]
    fn a_marker_of_another_format_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(MARKER), "format = 2\n").unwrap();
        let error = StateDir::open(dir.path()).unwrap_err();
        assert!(error.to_string().contains("format 2"), "{error}");
        std::fs::write(dir.path().join(MARKER), "\u{0}garbage").unwrap();
        assert!(matches!(
            StateDir::open(dir.path()),
            Err(StateError::Unsupported { .. })
        ));
    }

    #[test]
    fn an_atomic_write_replaces_the_file_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        std::fs::write(&path, "old").unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }
}
