//! How long versions are kept, and thinning out the older ones.

use std::collections::HashSet;
use std::path::Path;

use gix::ObjectId;
use jiff::Timestamp;

use super::git::git_error;
use super::{History, HistoryError};

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

impl History {
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
}
