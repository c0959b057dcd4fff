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

use std::collections::{BTreeMap, HashSet};
use std::fs::File;
use std::path::{Path, PathBuf};

use gix::ObjectId;
use gix::bstr::ByteSlice;
use gix::objs::tree::EntryKind;
use gix::refs::transaction::PreviousValue;
use jiff::Timestamp;

use crate::content::{FileSet, FileVersion};

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

/// How long versions are kept.
#[derive(Debug, Clone, Copy)]
pub struct Retention {
    /// Every version of the last this many days is kept.
    pub every_version_days: u32,
    /// Beyond that, the last version of each day, for this many days in all.
    pub daily_days: u32,
}

impl Default for Retention {
    /// Every version for 90 days, then one a day for five years.
    fn default() -> Self {
        Retention {
            every_version_days: 90,
            daily_days: 5 * 365,
        }
    }
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

    /// Thins out old versions as `retention` says; returns how many were dropped. The versions
    /// kept keep their numbers; objects no version needs any more are deleted.
    pub fn prune(&self, now: Timestamp, retention: Retention) -> Result<usize, HistoryError> {
        let _lock = self.lock()?;
        let Some(head) = self.head()? else {
            return Ok(0);
        };
        // Oldest first.
        let mut chain = Vec::new();
        let mut next = Some(head);
        while let Some(id) = next {
            chain.push((id, self.commit(id)?.time));
            next = self.parent(id)?;
        }
        chain.reverse();
        let day = |t: Timestamp| t.as_second().div_euclid(86_400);
        let age_days = |t: Timestamp| day(now) - day(t);
        let kept: Vec<bool> = chain
            .iter()
            .enumerate()
            .map(|(i, (_, time))| {
                let newest_of_its_day = chain
                    .get(i + 1)
                    .is_none_or(|(_, later)| day(*later) != day(*time));
                i + 1 == chain.len()
                    || age_days(*time) < i64::from(retention.every_version_days)
                    || (newest_of_its_day && age_days(*time) < i64::from(retention.daily_days))
            })
            .collect();
        let dropped = kept.iter().filter(|k| !**k).count();
        if dropped == 0 {
            return Ok(0);
        }
        // Each kept version again, on the kept one before it.
        let mut parent: Option<ObjectId> = None;
        let mut rewritten = false;
        let mut written = Vec::new();
        for ((id, _), keep) in chain.iter().zip(&kept) {
            if !keep {
                rewritten = true;
                continue;
            }
            let commit = self
                .repo
                .find_commit(*id)
                .map_err(git_error(&self.dir, "read"))?;
            let mut owned = commit
                .decode()
                .and_then(|c| c.to_owned())
                .map_err(git_error(&self.dir, "read"))?;
            if rewritten || owned.parents.first().copied() != parent {
                owned.parents = parent.into_iter().collect();
                let new = self
                    .repo
                    .write_object(&owned)
                    .map_err(git_error(&self.dir, "written"))?
                    .detach();
                written.push(new);
                parent = Some(new);
                rewritten = true;
            } else {
                parent = Some(*id);
            }
        }
        self.sync_objects(&written)?;
        if let Some(new_head) = parent {
            self.move_head(Some(head), new_head)?;
        }
        self.sweep()?;
        Ok(dropped)
    }

    /// Deletes the loose objects that no kept version needs.
    fn sweep(&self) -> Result<(), HistoryError> {
        let mut needed: HashSet<ObjectId> = HashSet::new();
        let mut next = self.head()?;
        while let Some(id) = next {
            needed.insert(id);
            let tree = self.commit(id)?.tree;
            self.collect_tree(tree, &mut needed)?;
            next = self.parent(id)?;
        }
        let objects = self.dir.join("objects");
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| HistoryError::Io { path, source }
        };
        for fan in std::fs::read_dir(&objects).map_err(io(&objects))?.flatten() {
            let prefix = fan.file_name().to_string_lossy().into_owned();
            if prefix.len() != 2 || !fan.path().is_dir() {
                continue;
            }
            for entry in std::fs::read_dir(fan.path())
                .map_err(io(&fan.path()))?
                .flatten()
            {
                let hex = format!("{prefix}{}", entry.file_name().to_string_lossy());
                let Ok(id) = ObjectId::from_hex(hex.as_bytes()) else {
                    continue;
                };
                if !needed.contains(&id) {
                    std::fs::remove_file(entry.path()).map_err(io(&entry.path()))?;
                }
            }
        }
        Ok(())
    }

    fn collect_tree(
        &self,
        tree: ObjectId,
        into: &mut HashSet<ObjectId>,
    ) -> Result<(), HistoryError> {
        if !into.insert(tree) {
            return Ok(());
        }
        for (id, is_tree) in self.entries(tree)?.into_values() {
            if is_tree {
                self.collect_tree(id, into)?;
            } else {
                into.insert(id);
            }
        }
        Ok(())
    }

    /// A commit as a version (without its changes).
    fn commit(&self, id: ObjectId) -> Result<Version, HistoryError> {
        let commit = self
            .repo
            .find_commit(id)
            .map_err(git_error(&self.dir, "read"))?;
        let decoded = commit.decode().map_err(git_error(&self.dir, "read"))?;
        let message = decoded.message.to_str_lossy();
        let trailer = |name: &str| {
            message
                .lines()
                .find_map(|line| line.strip_prefix(name))
                .map(|value| value.trim().to_owned())
        };
        let number = trailer("Version:")
            .and_then(|n| n.parse().ok())
            .unwrap_or_default();
        let time = decoded
            .committer()
            .ok()
            .and_then(|sig| sig.time().ok())
            .and_then(|time| Timestamp::from_second(time.seconds).ok())
            .unwrap_or(Timestamp::UNIX_EPOCH);
        Ok(Version {
            number,
            time,
            owner: trailer("Owner:"),
            summary: message.lines().next().unwrap_or_default().to_owned(),
            changes: Changes::default(),
            id,
            tree: decoded.tree(),
        })
    }

    fn parent(&self, id: ObjectId) -> Result<Option<ObjectId>, HistoryError> {
        let commit = self
            .repo
            .find_commit(id)
            .map_err(git_error(&self.dir, "read"))?;
        let parent = commit.parent_ids().next().map(|id| id.detach());
        Ok(parent)
    }

    /// The entries of one tree: name -> (id, whether it is a tree).
    fn entries(&self, tree: ObjectId) -> Result<BTreeMap<String, (ObjectId, bool)>, HistoryError> {
        let tree = self
            .repo
            .find_tree(tree)
            .map_err(git_error(&self.dir, "read"))?;
        let decoded = tree.decode().map_err(git_error(&self.dir, "read"))?;
        Ok(decoded
            .entries
            .iter()
            .map(|entry| {
                let name = entry.filename.to_str_lossy().into_owned();
                (name, (entry.oid.to_owned(), entry.mode.is_tree()))
            })
            .collect())
    }

    /// Every file of a tree: path -> blob id.
    fn flatten(&self, tree: ObjectId) -> Result<BTreeMap<String, ObjectId>, HistoryError> {
        let mut files = BTreeMap::new();
        self.flatten_into(tree, "", &mut files)?;
        Ok(files)
    }

    fn flatten_into(
        &self,
        tree: ObjectId,
        prefix: &str,
        files: &mut BTreeMap<String, ObjectId>,
    ) -> Result<(), HistoryError> {
        for (name, (id, is_tree)) in self.entries(tree)? {
            let path = format!("{prefix}{name}");
            if is_tree {
                self.flatten_into(id, &format!("{path}/"), files)?;
            } else {
                files.insert(path, id);
            }
        }
        Ok(())
    }

    /// The ids of a tree and its subtrees, for flushing them to disk.
    fn trees_of(&self, tree: ObjectId) -> Result<Vec<ObjectId>, HistoryError> {
        let mut trees = vec![tree];
        for (id, is_tree) in self.entries(tree)?.into_values() {
            if is_tree {
                trees.extend(self.trees_of(id)?);
            }
        }
        Ok(trees)
    }

    /// The files added, changed and removed between two trees; subtrees with the same id are
    /// not read.
    fn diff(&self, before: Option<ObjectId>, after: ObjectId) -> Result<Changes, HistoryError> {
        let mut changes = Changes::default();
        self.diff_into(before, Some(after), "", &mut changes)?;
        Ok(changes)
    }

    fn diff_into(
        &self,
        before: Option<ObjectId>,
        after: Option<ObjectId>,
        prefix: &str,
        changes: &mut Changes,
    ) -> Result<(), HistoryError> {
        if before == after {
            return Ok(());
        }
        let read = |tree: Option<ObjectId>| match tree {
            Some(tree) => self.entries(tree),
            None => Ok(BTreeMap::new()),
        };
        let (old, new) = (read(before)?, read(after)?);
        let names: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
        for name in names {
            let path = format!("{prefix}{name}");
            match (old.get(name), new.get(name)) {
                (Some((a, true)), Some((b, true))) => {
                    self.diff_into(Some(*a), Some(*b), &format!("{path}/"), changes)?
                }
                (Some((a, true)), None) => {
                    self.diff_into(Some(*a), None, &format!("{path}/"), changes)?
                }
                (None, Some((b, true))) => {
                    self.diff_into(None, Some(*b), &format!("{path}/"), changes)?
                }
                (None, Some(_)) => changes.added.push(path),
                (Some(_), None) => changes.removed.push(path),
                (Some(a), Some(b)) if a != b => changes.changed.push(path),
                _ => {}
            }
        }
        Ok(())
    }

    fn file_version(&self, blob: ObjectId, version: &Version) -> Result<FileVersion, HistoryError> {
        let blob = self
            .repo
            .find_blob(blob)
            .map_err(git_error(&self.dir, "read"))?;
        Ok(FileVersion {
            bytes: blob.data.clone().into(),
            modified: Some(version.time),
            owner: version.owner.clone(),
        })
    }

    fn new_commit(
        &self,
        tree: ObjectId,
        parent: Option<ObjectId>,
        message: &str,
        owner: Option<&str>,
        now: Timestamp,
    ) -> Result<ObjectId, HistoryError> {
        let time = gix::date::Time::new(now.as_second(), 0);
        let signature = |name: &str| gix::actor::Signature {
            name: name.into(),
            email: "".into(),
            time,
        };
        let commit = gix::objs::Commit {
            tree,
            parents: parent.into_iter().collect(),
            author: signature(owner.unwrap_or(COMMITTER)),
            committer: signature(COMMITTER),
            encoding: None,
            message: message.into(),
            extra_headers: Vec::new(),
        };
        Ok(self
            .repo
            .write_object(&commit)
            .map_err(git_error(&self.dir, "written"))?
            .detach())
    }

    /// Points the branch at `to`, if it still points at `from` (another program may have
    /// recorded a version in between), and flushes the change to disk.
    fn move_head(&self, from: Option<ObjectId>, to: ObjectId) -> Result<(), HistoryError> {
        let branch = self
            .repo
            .head_name()
            .map_err(git_error(&self.dir, "read"))?
            .map_or_else(
                || "refs/heads/main".to_owned(),
                |name| name.as_bstr().to_string(),
            );
        let expected = match from {
            Some(from) => PreviousValue::MustExistAndMatch(from.into()),
            None => PreviousValue::MustNotExist,
        };
        self.repo
            .reference(branch.as_str(), to, expected, "publish")
            .map_err(git_error(&self.dir, "written"))?;
        let path = self.dir.join(&branch);
        sync_file(&path)?;
        sync(path.parent().unwrap_or(&self.dir))
    }

    /// Flushes new loose objects and their folders to disk, before a branch points at them.
    fn sync_objects(&self, ids: &[ObjectId]) -> Result<(), HistoryError> {
        // Thousands of objects (a first version of a large site): one flush of the whole file
        // system is far quicker than one per file.
        #[cfg(target_os = "linux")]
        if ids.len() > 64 {
            let objects = self.dir.join("objects");
            return File::open(&objects)
                .and_then(|dir| rustix::fs::syncfs(&dir).map_err(std::io::Error::from))
                .map_err(|source| HistoryError::Io {
                    path: objects,
                    source,
                });
        }
        let mut dirs = HashSet::new();
        for id in ids {
            let hex = id.to_hex().to_string();
            let dir = self.dir.join("objects").join(&hex[..2]);
            let path = dir.join(&hex[2..]);
            // Not there when IT packed the repository (git gc): packs are already durable.
            if path.exists() {
                sync_file(&path)?;
                dirs.insert(dir);
            }
        }
        for dir in dirs {
            sync(&dir)?;
        }
        Ok(())
    }
}

/// The git id of a file's bytes (as `git hash-object` gives it).
pub fn blob_id(bytes: &[u8]) -> Option<ObjectId> {
    gix::objs::compute_hash(gix::hash::Kind::Sha1, gix::objs::Kind::Blob, bytes).ok()
}

fn message(summary: &str, number: u64, owner: Option<&str>) -> String {
    let mut message = format!("{summary}\n\nVersion: {number}\n");
    if let Some(owner) = owner {
        message.push_str(&format!("Owner: {owner}\n"));
    }
    message
}

fn git_error<E: std::error::Error + Send + Sync + 'static>(
    dir: &Path,
    action: &'static str,
) -> impl FnOnce(E) -> HistoryError {
    let dir = dir.to_path_buf();
    move |source| HistoryError::Git {
        dir,
        action,
        source: Box::new(source),
    }
}

fn sync_file(path: &Path) -> Result<(), HistoryError> {
    File::open(path)
        .and_then(|file| file.sync_all())
        .map_err(|source| HistoryError::Io {
            path: path.to_path_buf(),
            source,
        })
}

fn sync(dir: &Path) -> Result<(), HistoryError> {
    super::sync_dir(dir).map_err(|source| HistoryError::Io {
        path: dir.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    fn history(dir: &Path) -> History {
        History::open(&dir.join("history.git"), dir.join("lock")).unwrap()
    }

    fn files(entries: &[(&str, &str)]) -> FileSet {
        entries
            .iter()
            .map(|(path, text)| ((*path).to_owned(), FileVersion::new(text.as_bytes())))
            .collect()
    }

    fn at(second: i64) -> Timestamp {
        Timestamp::from_second(1_790_000_000 + second).unwrap()
    }

    fn note(owner: &str) -> Note {
        Note {
            owner: Some(owner.to_owned()),
            summary: None,
        }
    }

    #[test]
    fn versions_are_numbered_with_their_changes_and_owners() {
        let dir = tempfile::tempdir().unwrap();
        let h = history(dir.path());
        assert_eq!(h.latest().unwrap(), None);
        let one = files(&[("site.toml", "a"), ("cities/seika.toml", "s1")]);
        assert_eq!(h.record(&one, at(0), note("ann")).unwrap(), Some(1));
        // The same files again are not a new version.
        assert_eq!(h.record(&one, at(1), note("ann")).unwrap(), None);
        let two = files(&[
            ("site.toml", "a"),
            ("cities/seika.toml", "s2"),
            ("cities/colima.toml", "c"),
        ]);
        assert_eq!(h.record(&two, at(60), note("bob")).unwrap(), Some(2));
        let three = files(&[("site.toml", "a"), ("cities/colima.toml", "c")]);
        assert_eq!(h.record(&three, at(120), Note::default()).unwrap(), Some(3));

        let versions = h.versions(None).unwrap();
        let seen: Vec<(u64, &str, Option<&str>)> = versions
            .iter()
            .map(|v| (v.number, v.summary.as_str(), v.owner.as_deref()))
            .collect();
        assert_eq!(
            seen,
            [
                (3, "cities/seika.toml removed", None),
                (
                    2,
                    "cities/colima.toml added; cities/seika.toml changed",
                    Some("bob")
                ),
                (1, "2 files added", Some("ann")),
            ]
        );
        assert_eq!(versions[0].time, at(120));
        assert_eq!(versions[1].changes.changed, ["cities/seika.toml"]);
        let seika: Vec<u64> = h
            .versions(Some("cities/seika.toml"))
            .unwrap()
            .iter()
            .map(|v| v.number)
            .collect();
        assert_eq!(seika, [3, 2, 1]);
        let colima: Vec<u64> = h
            .versions(Some("cities/colima.toml"))
            .unwrap()
            .iter()
            .map(|v| v.number)
            .collect();
        assert_eq!(colima, [2]);
        let recent: Vec<u64> = h.recent(2).unwrap().iter().map(|v| v.number).collect();
        assert_eq!(recent, [3, 2]);
        assert_eq!(
            h.recent(2).unwrap()[1].changes.added,
            ["cities/colima.toml"]
        );

        let (version, old) = h.files_of(2).unwrap();
        assert_eq!(version.number, 2);
        assert!(old.same_files(&two));
        assert!(matches!(h.files_of(9), Err(HistoryError::NoVersion(9))));
    }

    #[test]
    fn the_newest_files_are_read_only_where_the_folder_differs() {
        let dir = tempfile::tempdir().unwrap();
        let h = history(dir.path());
        let published = files(&[("site.toml", "a"), ("cities/seika.toml", "good")]);
        h.record(&published, at(0), Note::default()).unwrap();
        // The folder now: site.toml the same bytes, seika broken.
        let folder = files(&[("site.toml", "a"), ("cities/seika.toml", "broken")]);
        let last = h.latest_files(&folder).unwrap();
        assert!(last.same_files(&published));
        // The unchanged file is the folder's own copy, not read again.
        let same = Arc::ptr_eq(
            &last.get("site.toml").unwrap().bytes,
            &folder.get("site.toml").unwrap().bytes,
        );
        assert!(same);
        assert_eq!(last.get("cities/seika.toml").unwrap().modified, Some(at(0)));
    }

    #[test]
    fn old_versions_are_thinned_to_one_a_day_and_numbers_stay() {
        let dir = tempfile::tempdir().unwrap();
        let h = history(dir.path());
        let day = 86_400;
        // Three versions on day 0, two on day 1, one on day 200 (now).
        let moments = [0, 60, 120, day, day + 60, 200 * day];
        for (i, moment) in moments.iter().enumerate() {
            let set = files(&[("site.toml", &format!("v{i}"))]);
            h.record(&set, at(*moment), Note::default()).unwrap();
        }
        let retention = Retention {
            every_version_days: 90,
            daily_days: 365,
        };
        assert_eq!(h.prune(at(200 * day), retention).unwrap(), 3);
        let kept: Vec<u64> = h.versions(None).unwrap().iter().map(|v| v.number).collect();
        assert_eq!(kept, [6, 5, 3]);
        // Each kept version still has its own files.
        let (_, files_of_3) = h.files_of(3).unwrap();
        assert_eq!(&*files_of_3.get("site.toml").unwrap().bytes, b"v2");
        // Nothing to drop a second time; and past the daily period, all but the newest go.
        assert_eq!(h.prune(at(200 * day), retention).unwrap(), 0);
        assert_eq!(h.prune(at(1000 * day), retention).unwrap(), 2);
        let kept: Vec<u64> = h.versions(None).unwrap().iter().map(|v| v.number).collect();
        assert_eq!(kept, [6]);
        // The dropped versions' files are gone from the disk.
        let loose = walk(&dir.path().join("history.git/objects"));
        assert_eq!(loose, 3, "commit, tree and blob of the one version left");
    }

    fn walk(dir: &Path) -> usize {
        std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().len() == 2)
            .map(|e| std::fs::read_dir(e.path()).unwrap().count())
            .sum()
    }

    #[test]
    fn git_reads_the_history() {
        let dir = tempfile::tempdir().unwrap();
        let h = history(dir.path());
        h.record(&files(&[("site.toml", "a\n")]), at(0), note("ann"))
            .unwrap();
        h.record(&files(&[("site.toml", "b\n")]), at(60), Note::default())
            .unwrap();
        let git = |args: &[&str]| {
            std::process::Command::new("git")
                .arg("-C")
                .arg(dir.path().join("history.git"))
                .args(args)
                .output()
        };
        let Ok(fsck) = git(&["fsck", "--strict"]) else {
            eprintln!("git is not installed: skipped");
            return;
        };
        assert!(
            fsck.status.success(),
            "{}",
            String::from_utf8_lossy(&fsck.stderr)
        );
        let log = git(&["log", "--format=%an|%s", "--name-status"]).unwrap();
        let log = String::from_utf8_lossy(&log.stdout);
        assert!(log.contains("sister-cities|site.toml changed"), "{log}");
        assert!(log.contains("ann|site.toml added"), "{log}");
        assert_eq!(
            blob_id(b"a\n").unwrap().to_string(),
            "78981922613b2afb6025042ff6bd878ac1994e85",
            "the id git hash-object gives"
        );
    }
}
