//! Each file's checked item, kept from one assembly to the next, so that an edit reads and
//! checks again only the files it changed.
//!
//! An item is reused when its file's bytes are the same (by their SHA-256), and
//! everything its check read from the [`Context`] (the year, the home city's zone, whether a
//! link's address is a page of the site, a photo's size and time...: each [`Read`]) is still
//! what it was. The checks across files (two cities of one name) run on the whole every time.
//! Items and problems come out as a check from scratch would make them: tests compare a cached
//! assembly with a fresh one after random edits.
//!
//! A file read once is the same bytes (one `Arc`) from one reading of the folder to the next
//! while it does not change, and a translated file the same text while neither file changes:
//! the digest of such bytes is looked up by their address, and they are decoded only when
//! they are checked. An unchanged file costs a reload a few lookups, where decoding it and
//! hashing its text took, at scale, some 100 ms of each reload in two languages.

use std::any::Any;
use std::collections::BTreeSet;

// Looked up for every file in every language at each reload: a fast hash (see render/site.rs).
use foldhash::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use jiff::Timestamp;
use sha2::{Digest, Sha256};

use super::checker::{Context, Read};
use super::diagnostic::{Diagnostic, Diagnostics, SourceFile};
use super::files::{self, Kind};
use super::translate::{self, Applied, Translation};

/// The checked items of the files of one content folder. Shared by every assembly of it (in
/// every language); entries that an assembly did not use are dropped when it ends.
#[derive(Default)]
pub struct Cache {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    checked: HashMap<Key, Checked>,
    /// Whether each translation file reads (its problems when not); what it holds is read
    /// again only to apply it (see [`Cache::apply`]).
    translations: HashMap<Key, Used<Result<(), Vec<Diagnostic>>>>,
    /// By the English file's bytes and the translation file's path and bytes.
    applied: HashMap<(Digest32, Key, Kind), Used<Arc<Applied>>>,
    texts: HashMap<(Digest32, Kind), Used<Arc<BTreeSet<String>>>>,
    /// The digest of the bytes of each file version, by their address (the entry holds them,
    /// so that no other bytes can be at that address while it is kept).
    digests: HashMap<usize, Pinned<[u8], Digest32>>,
    /// The assembly under way: entries not used since the one before are dropped.
    round: u64,
    /// Files checked (not taken from the cache) in the assembly under way.
    misses: usize,
    /// File versions hashed (not seen by the assembly before) in the assembly under way.
    hashed: usize,
    /// Translations read or applied, and texts found, in the assembly under way (not looked
    /// up).
    translated: usize,
}

type Digest32 = [u8; 32];

/// A value kept by the address of what it was made from, with that (so that nothing else can
/// be at that address while the value is kept).
type Pinned<T, V> = Used<(Arc<T>, V)>;

/// A file's path (as its problems name it), the digest of its bytes and, for a checked item,
/// when the file was saved (which the item shows).
#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    path: PathBuf,
    bytes: Digest32,
    modified: Option<Timestamp>,
}

/// A file's check, as done last.
struct Checked {
    item: Option<Arc<dyn Any + Send + Sync>>,
    problems: Diagnostics,
    reads: Vec<Read>,
    round: u64,
}

/// A value with the round it was last used in.
struct Used<T> {
    value: T,
    round: u64,
}

/// A translation file that reads without a problem of syntax (see [`Cache::translation`]),
/// to be put in its English file by [`Cache::apply`].
#[derive(Clone)]
pub struct Readable {
    key: Key,
    bytes: Arc<[u8]>,
}

/// The translation file at `path` with `bytes`, decoded and read.
fn read_translation(path: &Path, bytes: &[u8], kind: Kind) -> Result<Translation, Vec<Diagnostic>> {
    let file = files::decode(path, bytes).map_err(|problem| vec![*problem])?;
    Translation::read(file, kind)
}

fn digest(bytes: &[u8]) -> Digest32 {
    Sha256::digest(bytes).into()
}

impl Cache {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Starts an assembly (of the content in every language): drops what the one before did
    /// not use (files deleted or changed since).
    pub fn begin(&self) {
        let mut inner = self.lock();
        let round = inner.round;
        inner.checked.retain(|_, entry| entry.round == round);
        inner.translations.retain(|_, entry| entry.round == round);
        inner.applied.retain(|_, entry| entry.round == round);
        inner.texts.retain(|_, entry| entry.round == round);
        inner.digests.retain(|_, entry| entry.round == round);
        inner.round += 1;
        inner.misses = 0;
        inner.hashed = 0;
        inner.translated = 0;
    }

    /// How many files the last assembly checked (rather than taking them from the cache).
    pub fn checked_again(&self) -> usize {
        self.lock().misses
    }

    /// How many file versions the last assembly hashed: those it had not seen (a version
    /// seen is the same bytes, one `Arc`, in the folder as read again).
    pub fn hashed(&self) -> usize {
        self.lock().hashed
    }

    /// How many translations the last assembly read or applied, and how many files' texts it
    /// found (rather than taking them from the cache).
    pub fn translated_again(&self) -> usize {
        self.lock().translated
    }

    /// How many files' checks are kept.
    pub fn len(&self) -> usize {
        self.lock().checked.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The SHA-256 of `bytes`: looked up when these very bytes were hashed in this assembly
    /// or the one before.
    pub fn digest(&self, bytes: &Arc<[u8]>) -> [u8; 32] {
        let address = Arc::as_ptr(bytes).cast::<u8>() as usize;
        let mut inner = self.lock();
        let round = inner.round;
        if let Some(entry) = inner.digests.get_mut(&address) {
            entry.round = round;
            return entry.value.1;
        }
        drop(inner);
        let made = digest(bytes);
        let value = (bytes.clone(), made);
        let mut inner = self.lock();
        inner.hashed += 1;
        inner.digests.insert(address, Used { value, round });
        made
    }

    fn key(&self, path: &Path, bytes: &Arc<[u8]>, modified: Option<Timestamp>) -> Key {
        Key {
            path: path.to_path_buf(),
            bytes: self.digest(bytes),
            modified,
        }
    }

    /// The file at `path` with `bytes` (saved at `modified`), decoded and checked by `check`
    /// (which parses and validates it, reading `ctx`), or its item and problems from the last
    /// time, when the bytes and time are the same and what the check read from `ctx` still
    /// is. Gives the item and the problems (the file's encoding's, or the check's), in the
    /// order made. The item is cloned out of the cache: the content holds its items in
    /// `Arc`s, so that an item checked once is one copy in memory, whichever assemblies and
    /// languages use it.
    pub fn check<T: Clone + Send + Sync + 'static>(
        &self,
        path: &Path,
        bytes: &Arc<[u8]>,
        modified: Option<Timestamp>,
        ctx: &Context,
        check: impl FnOnce(&SourceFile, &mut Diagnostics) -> Option<T>,
    ) -> (Option<T>, Diagnostics) {
        let key = self.key(path, bytes, modified);
        {
            let mut inner = self.lock();
            let round = inner.round;
            if let Some(entry) = inner.checked.get_mut(&key)
                && entry.reads.iter().all(|read| ctx.still(read))
            {
                let item = match &entry.item {
                    Some(item) => item.downcast_ref::<T>().cloned(),
                    None => None,
                };
                // An item of another type under one key cannot happen (a path has one kind);
                // it would only be checked again.
                if item.is_some() || entry.item.is_none() {
                    entry.round = round;
                    return (item, entry.problems.clone());
                }
            }
        }
        // Only this check's reads are recorded.
        drop(ctx.take_reads());
        let mut problems = Diagnostics::default();
        let item = match files::decode(path, bytes) {
            Ok(file) => check(&file, &mut problems),
            Err(problem) => {
                problems.push(*problem);
                None
            }
        };
        let reads = ctx.take_reads();
        let mut inner = self.lock();
        let round = inner.round;
        inner.misses += 1;
        inner.checked.insert(
            key,
            Checked {
                item: item
                    .clone()
                    .map(|item| Arc::new(item) as Arc<dyn Any + Send + Sync>),
                problems: problems.clone(),
                reads,
                round,
            },
        );
        (item, problems)
    }

    /// The translation file at `path` with `bytes` (for a file of `kind`), when it reads
    /// ([`Translation::read`]), else its problems. What it holds is not kept: at scale, every
    /// translation read and kept was some 6 MB of a server's memory, for the few an edit
    /// applies again.
    pub fn translation(
        &self,
        path: &Path,
        bytes: &Arc<[u8]>,
        kind: Kind,
    ) -> Result<Readable, Vec<Diagnostic>> {
        let key = self.key(path, bytes, None);
        let mut inner = self.lock();
        let round = inner.round;
        let known = inner.translations.get_mut(&key).map(|entry| {
            entry.round = round;
            entry.value.clone()
        });
        drop(inner);
        let value = match known {
            Some(value) => value,
            None => {
                let value = read_translation(path, bytes, kind).map(drop);
                let mut inner = self.lock();
                inner.translated += 1;
                let used = Used {
                    value: value.clone(),
                    round,
                };
                inner.translations.insert(key.clone(), used);
                value
            }
        };
        // The key, made once, goes with the translation: its path is cloned only when the
        // file is read.
        value.map(|()| Readable {
            key,
            bytes: bytes.clone(),
        })
    }

    /// The English file at `path` with `bytes`, decoded, with `translation` put in, as
    /// [`translate::apply`]; `None` when the bytes are not text.
    pub fn apply(
        &self,
        path: &Path,
        bytes: &Arc<[u8]>,
        kind: Kind,
        translation: &Readable,
    ) -> Option<Arc<Applied>> {
        // The translation's path is in its warnings, so part of what is made.
        let key = (self.digest(bytes), translation.key.clone(), kind);
        let mut inner = self.lock();
        let round = inner.round;
        if let Some(entry) = inner.applied.get_mut(&key) {
            entry.round = round;
            return Some(entry.value.clone());
        }
        drop(inner);
        let english = files::decode(path, bytes).ok()?;
        let read = read_translation(&translation.key.path, &translation.bytes, kind).ok()?;
        let applied = Arc::new(translate::apply(&english.text, kind, &read));
        let mut inner = self.lock();
        inner.translated += 1;
        let value = applied.clone();
        inner.applied.insert(key, Used { value, round });
        Some(applied)
    }

    /// The paths of the texts of the content file of `kind` at `path` with `bytes`, decoded,
    /// as [`translate::paths_of`]; `None` when the bytes are not text.
    pub fn texts(
        &self,
        path: &Path,
        bytes: &Arc<[u8]>,
        kind: Kind,
    ) -> Option<Arc<BTreeSet<String>>> {
        let key = (self.digest(bytes), kind);
        let mut inner = self.lock();
        let round = inner.round;
        if let Some(entry) = inner.texts.get_mut(&key) {
            entry.round = round;
            return Some(entry.value.clone());
        }
        drop(inner);
        let file = files::decode(path, bytes).ok()?;
        let value = Arc::new(translate::paths_of(&file.text, kind));
        let mut inner = self.lock();
        inner.translated += 1;
        inner.texts.insert(
            key,
            Used {
                value: value.clone(),
                round,
            },
        );
        Some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENGLISH: &str = "name = \"Seika\"\ncountry = \"Japan\"\nsummary = \"A town.\"\n";

    fn bytes(text: &str) -> Arc<[u8]> {
        Arc::from(text.as_bytes())
    }

    /// Applies `translation` (at `at`) to [`ENGLISH`]; gives what is made and whether the
    /// applying was done rather than looked up.
    fn apply(cache: &Cache, at: &str, translation: &str) -> (Arc<Applied>, bool) {
        let english = bytes(ENGLISH);
        let readable = cache
            .translation(Path::new(at), &bytes(translation), Kind::City)
            .unwrap_or_else(|problems| panic!("{problems:?}"));
        let before = cache.translated_again();
        let applied = cache
            .apply(
                Path::new("cities/seika.toml"),
                &english,
                Kind::City,
                &readable,
            )
            .unwrap();
        (applied, cache.translated_again() > before)
    }

    #[test]
    fn a_translation_is_applied_again_only_when_a_file_of_it_changes() {
        let cache = Cache::default();
        cache.begin();
        // `motto` is not in the English file: a warning that names the translation.
        let japan = "country = \"Japón\"\nmotto = \"Lema\"\n";
        let (applied, made) = apply(&cache, "cities/seika.es.toml", japan);
        assert!(made && applied.text.contains("Japón") && applied.text.contains("Seika"));
        // The same bytes again, in other allocations (as a reading of the folder gives them).
        let (again, made) = apply(&cache, "cities/seika.es.toml", japan);
        assert!(!made, "looked up");
        assert!(Arc::ptr_eq(&again, &applied));
        let (changed, made) = apply(&cache, "cities/seika.es.toml", "country = \"Nipón\"\n");
        assert!(made && changed.text.contains("Nipón"), "{}", changed.text);
        // The same translation under another name is another file, which its warning names.
        let named = |applied: &Applied, name: &str| {
            let warnings = format!("{:?}", applied.warnings);
            assert!(warnings.contains(name), "{warnings}");
        };
        named(&applied, "seika.es.toml");
        let (other, made) = apply(&cache, "cities/other.es.toml", japan);
        assert!(made);
        named(&other, "other.es.toml");
    }

    #[test]
    fn a_translation_that_does_not_read_gives_its_problems_each_time() {
        let cache = Cache::default();
        cache.begin();
        let broken = bytes("country = \"Japón\n");
        let path = Path::new("cities/seika.es.toml");
        let first = cache.translation(path, &broken, Kind::City).err().unwrap();
        let again = cache.translation(path, &broken, Kind::City).err().unwrap();
        assert!(!first.is_empty());
        assert_eq!(format!("{first:?}"), format!("{again:?}"));
    }
}
