//! The git side of the history: reading and writing commits, trees and blobs, moving the
//! branch, and flushing what was written to disk.

use std::collections::{BTreeMap, HashSet};
use std::fs::File;
use std::path::Path;

use gix::ObjectId;
use gix::bstr::ByteSlice;
use gix::refs::transaction::PreviousValue;
use jiff::Timestamp;

use super::{COMMITTER, Changes, History, HistoryError, Version};
use crate::content::FileVersion;

impl History {
    /// A commit as a version (without its changes).
    pub(super) fn commit(&self, id: ObjectId) -> Result<Version, HistoryError> {
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

    pub(super) fn parent(&self, id: ObjectId) -> Result<Option<ObjectId>, HistoryError> {
        let commit = self
            .repo
            .find_commit(id)
            .map_err(git_error(&self.dir, "read"))?;
        let parent = commit.parent_ids().next().map(|id| id.detach());
        Ok(parent)
    }

    /// The entries of one tree: name -> (id, whether it is a tree).
    pub(super) fn entries(
        &self,
        tree: ObjectId,
    ) -> Result<BTreeMap<String, (ObjectId, bool)>, HistoryError> {
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
    pub(super) fn flatten(
        &self,
        tree: ObjectId,
    ) -> Result<BTreeMap<String, ObjectId>, HistoryError> {
        let mut files = BTreeMap::new();
        self.flatten_into(tree, "", &mut files)?;
        Ok(files)
    }

    pub(super) fn flatten_into(
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
    pub(super) fn trees_of(&self, tree: ObjectId) -> Result<Vec<ObjectId>, HistoryError> {
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
    pub(super) fn diff(
        &self,
        before: Option<ObjectId>,
        after: ObjectId,
    ) -> Result<Changes, HistoryError> {
        let mut changes = Changes::default();
        self.diff_into(before, Some(after), "", &mut changes)?;
        Ok(changes)
    }

    pub(super) fn diff_into(
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

    pub(super) fn file_version(
        &self,
        blob: ObjectId,
        version: &Version,
    ) -> Result<FileVersion, HistoryError> {
        let blob = self
            .repo
            .find_blob(blob)
            .map_err(git_error(&self.dir, "read"))?;
        Ok(FileVersion {
            bytes: blob.data.clone().into(),
            modified: Some(version.time),
            owner: version.owner.as_deref().map(std::sync::Arc::from),
        })
    }

    pub(super) fn new_commit(
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
    pub(super) fn move_head(
        &self,
        from: Option<ObjectId>,
        to: ObjectId,
    ) -> Result<(), HistoryError> {
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
    pub(super) fn sync_objects(&self, ids: &[ObjectId]) -> Result<(), HistoryError> {
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

pub(super) fn message(summary: &str, number: u64, owner: Option<&str>) -> String {
    let mut message = format!("{summary}\n\nVersion: {number}\n");
    if let Some(owner) = owner {
        message.push_str(&format!("Owner: {owner}\n"));
    }
    message
}

pub(super) fn git_error<E: std::error::Error + Send + Sync + 'static>(
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

pub(super) fn sync_file(path: &Path) -> Result<(), HistoryError> {
    File::open(path)
        .and_then(|file| file.sync_all())
        .map_err(|source| HistoryError::Io {
            path: path.to_path_buf(),
            source,
        })
}

pub(super) fn sync(dir: &Path) -> Result<(), HistoryError> {
    crate::state::sync_dir(dir).map_err(|source| HistoryError::Io {
        path: dir.to_path_buf(),
        source,
    })
}
