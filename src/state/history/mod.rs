//! The history of published content: every version the site published, as a git repository
//! that standard tools read (`git log -p`) and that IT can push elsewhere as a backup.
//!
//! Each version is a commit whose tree is the content folder as published (for a file with
//! problems, its last good version). Its message starts with a summary and carries the
//! version's number and, where known, the owner of the changed files:
//!
//! ```text
//! cities/seika.toml changed
//!
//! Version: 12
//! Owner: jsmith
//! ```
//!
//! Versions are numbered 1, 2, 3...; numbers stay the same when old versions are thinned out
//! ([`Retention`]), which rewrites the commits (and so their git ids). Identical files are
//! stored once, as git stores them.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};

use gix::ObjectId;
use gix::objs::tree::EntryKind;
use jiff::Timestamp;

use crate::content::FileSet;

mod git;
mod retention;

pub use git::blob_id;
use git::{git_error, message};
pub use retention::Retention;

/// Why the history cannot be read or written.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    /// The repository could not be read or written (damaged, or the disk failed).
    #[error("the history in {} cannot be {action}", dir.display())]
    Git {
        dir: PathBuf,
        action: &'static str,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A file of the history could not be read or written.
    #[error("cannot use {}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// No version has this number (it never existed, or was thinned out).
    #[error("there is no version {0}: `sister-cities history` lists the versions kept")]
    NoVersion(u64),
}

/// One published version.
#[derive(Debug, Clone)]
pub struct Version {
    pub number: u64,
    pub time: Timestamp,
    /// Who saved the changed files, where the system knows.
    pub owner: Option<String>,
    /// What happened, e.g. "cities/seika.toml changed" or "restored ... from version 3".
    pub summary: String,
    /// Against the version before it in the history.
    pub changes: Changes,
    id: ObjectId,
    tree: ObjectId,
}

/// The files a version added, changed and removed, by path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub removed: Vec<String>,
}

impl Version {
    /// The version's git commit id, short, for `git show`.
    pub fn commit_id(&self) -> String {
        self.id.to_hex_with_len(10).to_string()
    }
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }

    /// "cities/seika.toml changed", "3 files added", "cities/a.toml added; site.toml changed".
    pub fn summary(&self) -> String {
        let part = |paths: &[String], what: &str| match paths {
            [] => None,
            [one] => Some(format!("{one} {what}")),
            many => Some(format!("{} files {what}", many.len())),
        };
        [
            part(&self.added, "added"),
            part(&self.changed, "changed"),
            part(&self.removed, "removed"),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("; ")
    }

    /// Whether the version touched a file.
    pub fn touches(&self, path: &str) -> bool {
        [&self.added, &self.changed, &self.removed]
            .iter()
            .any(|paths| paths.iter().any(|p| p == path))
    }
}

/// What to record with a version.
#[derive(Debug, Clone, Default)]
pub struct Note {
    /// Who made the change, where known.
    pub owner: Option<String>,
    /// A summary of its own (a restore says what it restored); by default the changes.
    pub summary: Option<String>,
}

/// The history, in a bare git repository.
pub struct History {
    repo: gix::Repository,
    dir: PathBuf,
    lock_path: PathBuf,
}

/// Who writes the commits (the owner of the files is the author).
const COMMITTER: &str = "sister-cities";

impl History {
    /// Opens the repository at `dir`, making it when it does not exist. `lock_path` is the
    /// file locked while the history is written, shared with other programs.
    pub fn open(dir: &Path, lock_path: PathBuf) -> Result<History, HistoryError> {
        let repo = if dir.join("HEAD").exists() {
            gix::open(dir).map_err(git_error(dir, "opened"))?
        } else {
            gix::init_bare(dir).map_err(git_error(dir, "made"))?
        };
        let history = History {
            repo,
            dir: dir.to_path_buf(),
            lock_path,
        };
        // A history whose newest version cannot be read is damaged: say so now, not at the
        // first restart that needs it.
        if let Some(head) = history.head()? {
            history.commit(head)?;
        }
        Ok(history)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A second handle on the same history (one thread writes while another reads).
    pub fn reopen(&self) -> Result<History, HistoryError> {
        History::open(&self.dir, self.lock_path.clone())
    }

    /// Holds the lock on the history until the guard is dropped.
    fn lock(&self) -> Result<File, HistoryError> {
        let io = |source| HistoryError::Io {
            path: self.lock_path.clone(),
            source,
        };
        super::lock(&self.lock_path).map_err(io)
    }

    /// The newest commit, if any version was ever recorded.
    fn head(&self) -> Result<Option<ObjectId>, HistoryError> {
        let head = self.repo.head().map_err(git_error(&self.dir, "read"))?;
        Ok(head.id().map(|id| id.detach()))
    }

    /// The newest version's number, if any.
    pub fn latest(&self) -> Result<Option<u64>, HistoryError> {
        match self.head()? {
            Some(head) => Ok(Some(self.commit(head)?.number)),
            None => Ok(None),
        }
    }

    /// The files of the newest version, without the bytes of those that `have` already holds
    /// (the folder as it is: unchanged files need not be read from the history).
    pub fn latest_files(&self, have: &FileSet) -> Result<FileSet, HistoryError> {
        let Some(head) = self.head()? else {
            return Ok(FileSet::default());
        };
        let version = self.commit(head)?;
        let mut files = FileSet::default();
        for (path, id) in self.flatten(version.tree)? {
            let known = have
                .get(&path)
                .filter(|version| blob_id(&version.bytes) == Some(id));
            let version = match known {
                Some(version) => version.clone(),
                None => self.file_version(id, &version)?,
            };
            files.insert(path, version);
        }
        Ok(files)
    }

    /// Records `files` as a new version, unless they are the newest version already. Returns
    /// the new version's number.
    pub fn record(
        &self,
        files: &FileSet,
        now: Timestamp,
        note: Note,
    ) -> Result<Option<u64>, HistoryError> {
        self.commit_files(files, true, now, note)
    }

    /// Records a new version that is the newest one with `files` put back in it (a restore):
    /// other files stay as they are. Returns the new version's number.
    pub fn record_restored(
        &self,
        files: &FileSet,
        now: Timestamp,
        note: Note,
    ) -> Result<Option<u64>, HistoryError> {
        self.commit_files(files, false, now, note)
    }

    /// Commits `files` on the newest version; with `whole`, files not among them are removed.
    fn commit_files(
        &self,
        files: &FileSet,
        whole: bool,
        now: Timestamp,
        note: Note,
    ) -> Result<Option<u64>, HistoryError> {
        let _lock = self.lock()?;
        let head = self.head()?;
        let (previous, number) = match head {
            Some(head) => {
                let version = self.commit(head)?;
                (Some(version.tree), version.number + 1)
            }
            None => (None, 1),
        };
        let old = match previous {
            Some(tree) => self.flatten(tree)?,
            None => BTreeMap::new(),
        };
        let mut editor = self
            .repo
            .edit_tree(previous.unwrap_or_else(|| ObjectId::empty_tree(self.repo.object_hash())))
            .map_err(git_error(&self.dir, "written"))?;
        let mut written = Vec::new();
        for (path, version) in files.iter() {
            let id = blob_id(&version.bytes);
            if id.is_some() && id == old.get(path).copied() {
                continue;
            }
            let id = self
                .repo
                .write_blob(&*version.bytes)
                .map_err(git_error(&self.dir, "written"))?
                .detach();
            written.push(id);
            editor
                .upsert(path, EntryKind::Blob, id)
                .map_err(git_error(&self.dir, "written"))?;
        }
        for path in old.keys().filter(|path| whole && files.get(path).is_none()) {
            editor
                .remove(path.as_str())
                .map_err(git_error(&self.dir, "written"))?;
        }
        let tree = editor
            .write()
            .map_err(git_error(&self.dir, "written"))?
            .detach();
        if Some(tree) == previous {
            return Ok(None);
        }
        let changes = self.diff(previous, tree)?;
        let summary = note.summary.unwrap_or_else(|| changes.summary());
        let message = message(&summary, number, note.owner.as_deref());
        let commit = self.new_commit(tree, head, &message, note.owner.as_deref(), now)?;
        written.extend(self.trees_of(tree)?);
        written.push(commit);
        self.sync_objects(&written)?;
        self.move_head(head, commit)?;
        Ok(Some(number))
    }

    /// Every version kept, newest first; with `path`, only those that added, changed or
    /// removed that file.
    pub fn versions(&self, path: Option<&str>) -> Result<Vec<Version>, HistoryError> {
        self.newest(path, usize::MAX)
    }

    /// The newest `count` versions, newest first (the staff pages' recent history): only
    /// those are read.
    pub fn recent(&self, count: usize) -> Result<Vec<Version>, HistoryError> {
        self.newest(None, count)
    }

    fn newest(&self, path: Option<&str>, count: usize) -> Result<Vec<Version>, HistoryError> {
        let mut versions = Vec::new();
        let mut next = self.head()?;
        while let Some(id) = next
            && versions.len() < count
        {
            let mut version = self.commit(id)?;
            let parent = self.parent(id)?;
            let before = match parent {
                Some(parent) => Some(self.commit(parent)?.tree),
                None => None,
            };
            version.changes = self.diff(before, version.tree)?;
            next = parent;
            if path.is_none_or(|path| version.changes.touches(path)) {
                versions.push(version);
            }
        }
        Ok(versions)
    }

    /// A version and its files.
    pub fn files_of(&self, number: u64) -> Result<(Version, FileSet), HistoryError> {
        let version = self
            .versions(None)?
            .into_iter()
            .find(|version| version.number == number)
            .ok_or(HistoryError::NoVersion(number))?;
        let mut files = FileSet::default();
        for (path, id) in self.flatten(version.tree)? {
            files.insert(path, self.file_version(id, &version)?);
        }
        Ok((version, files))
    }
}

#[cfg(test)]
mod tests;
