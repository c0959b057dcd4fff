//! Versions of the content files: one file's bytes with its time and owner, and a whole
//! folder's files by path, as read now or as once published.

use std::collections::BTreeMap;
use std::sync::Arc;

use jiff::Timestamp;

/// One version of one file.
#[derive(Debug, Clone)]
pub struct FileVersion {
    pub bytes: Arc<[u8]>,
    /// When it was saved (the file's time on disk; for a version from the history, when that
    /// version was published).
    pub modified: Option<Timestamp>,
    /// Who saved it, where the system knows: the name of the account that owns the file (one
    /// copy for all the files of an account: a reload copies every file's version).
    pub owner: Option<Arc<str>>,
}

impl FileVersion {
    pub fn new(bytes: impl Into<Arc<[u8]>>) -> FileVersion {
        FileVersion {
            bytes: bytes.into(),
            modified: None,
            owner: None,
        }
    }

    /// Whether two versions hold the same bytes.
    pub fn same_bytes(&self, other: &FileVersion) -> bool {
        Arc::ptr_eq(&self.bytes, &other.bytes) || self.bytes == other.bytes
    }
}

/// A version of the content folder: each file by its path relative to the folder, with `/`
/// between folder and name (`cities/seika.toml`), in path order.
#[derive(Debug, Clone, Default)]
pub struct FileSet(BTreeMap<String, FileVersion>);

impl FileSet {
    pub fn get(&self, path: &str) -> Option<&FileVersion> {
        self.0.get(path)
    }

    pub fn insert(&mut self, path: String, version: FileVersion) {
        self.0.insert(path, version);
    }

    pub fn remove(&mut self, path: &str) -> Option<FileVersion> {
        self.0.remove(path)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &FileVersion)> {
        self.0
            .iter()
            .map(|(path, version)| (path.as_str(), version))
    }

    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// The paths under `prefix` (`cities/`), in order: found in the set's order, without
    /// going through the others.
    pub fn paths_under<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a str> {
        keys_under(&self.0, prefix)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether both sets hold the same paths with the same bytes.
    pub fn same_files(&self, other: &FileSet) -> bool {
        self.0.len() == other.0.len()
            && self
                .iter()
                .zip(other.iter())
                .all(|((p, a), (q, b))| p == q && a.same_bytes(b))
    }
}

impl FromIterator<(String, FileVersion)> for FileSet {
    fn from_iter<I: IntoIterator<Item = (String, FileVersion)>>(iter: I) -> Self {
        FileSet(iter.into_iter().collect())
    }
}

/// The keys of `map` that start with `prefix`, in order.
pub fn keys_under<'a, V>(
    map: &'a BTreeMap<String, V>,
    prefix: &'a str,
) -> impl Iterator<Item = &'a str> {
    map.range::<str, _>((
        std::ops::Bound::Included(prefix),
        std::ops::Bound::Unbounded,
    ))
    .map(|(key, _)| key.as_str())
    .take_while(move |key| key.starts_with(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_keys_under_a_prefix_are_those_of_its_folder_in_order() {
        let map: BTreeMap<String, ()> = [
            "cities.toml",
            "cities/b.es.toml",
            "cities/a.toml",
            "cities0/c.toml",
            "citie/d.toml",
            "events/e.toml",
        ]
        .into_iter()
        .map(|key| (key.to_owned(), ()))
        .collect();
        let under: Vec<&str> = keys_under(&map, "cities/").collect();
        assert_eq!(under, ["cities/a.toml", "cities/b.es.toml"]);
        assert_eq!(keys_under(&map, "news/").count(), 0);
    }
}
