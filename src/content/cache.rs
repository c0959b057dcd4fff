//! Each file's checked item, kept from one assembly to the next, so that an edit reads and
//! checks again only the files it changed.
//!
//! An item is reused when its file's text is the same, byte for byte (by its SHA-256), and
//! everything its check read from the [`Context`] (the year, the home city's zone, whether a
//! link's address is a page of the site, a photo's size and time...: each [`Read`]) is still
//! what it was. The checks across files (two cities of one name) run on the whole every time.
//! Items and problems come out as a check from scratch would make them: tests compare a cached
//! assembly with a fresh one after random edits.

use std::any::Any;
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use jiff::Timestamp;
use sha2::{Digest, Sha256};

use super::checker::{Context, Read};
use super::diagnostic::{Diagnostic, Diagnostics, SourceFile};
use super::files::Kind;
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
    translations: HashMap<Key, Used<TranslationRead>>,
    applied: HashMap<(Digest32, Digest32, Kind), Used<Arc<Applied>>>,
    texts: HashMap<(Digest32, Kind), Used<Arc<BTreeSet<String>>>>,
    /// The assembly under way: entries not used since the one before are dropped.
    round: u64,
    /// Files checked (not taken from the cache) in the assembly under way.
    misses: usize,
}

type Digest32 = [u8; 32];

/// A translation file, read, or its problems.
type TranslationRead = Result<Arc<Translation>, Vec<Diagnostic>>;

/// A file's path (as its problems name it), the digest of its text and, for a checked item,
/// when the file was saved (which the item shows).
#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    path: PathBuf,
    text: Digest32,
    modified: Option<Timestamp>,
}

impl Key {
    fn of(file: &SourceFile, modified: Option<Timestamp>) -> Key {
        Key {
            path: file.path.clone(),
            text: digest(file.text.as_bytes()),
            modified,
        }
    }
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
        inner.round += 1;
        inner.misses = 0;
    }

    /// How many files the last assembly checked (rather than taking them from the cache).
    pub fn checked_again(&self) -> usize {
        self.lock().misses
    }

    /// How many files' checks are kept.
    pub fn len(&self) -> usize {
        self.lock().checked.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `file` (saved at `modified`) checked by `check` (which parses and validates it,
    /// reading `ctx`), or its item and problems from the last time, when the text and time
    /// are the same and what the check read from `ctx` still is. Gives the item and the
    /// check's problems, in the order made. The item is cloned out of the cache: the content
    /// holds its items in `Arc`s, so that an item checked once is one copy in memory,
    /// whichever assemblies and languages use it.
    pub fn check<T: Clone + Send + Sync + 'static>(
        &self,
        file: &SourceFile,
        modified: Option<Timestamp>,
        ctx: &Context,
        check: impl FnOnce(&SourceFile, &mut Diagnostics) -> Option<T>,
    ) -> (Option<T>, Diagnostics) {
        let key = Key::of(file, modified);
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
        let item = check(file, &mut problems);
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

    /// The translation file `file` read (for a file of `kind`), as [`Translation::read`].
    pub fn translation(
        &self,
        file: SourceFile,
        kind: Kind,
    ) -> Result<Arc<Translation>, Vec<Diagnostic>> {
        let key = Key::of(&file, None);
        let mut inner = self.lock();
        let round = inner.round;
        if let Some(entry) = inner.translations.get_mut(&key) {
            entry.round = round;
            return entry.value.clone();
        }
        drop(inner);
        let value = Translation::read(file, kind).map(Arc::new);
        let mut inner = self.lock();
        inner.translations.insert(
            key,
            Used {
                value: value.clone(),
                round,
            },
        );
        value
    }

    /// The English text `english` with `translation` put in, as [`translate::apply`].
    pub fn apply(&self, english: &str, kind: Kind, translation: &Translation) -> Arc<Applied> {
        // The translation's path is in its warnings: it is part of what is made.
        let mut from = Sha256::new();
        from.update(translation.file.path.as_os_str().as_encoded_bytes());
        from.update([0]);
        from.update(translation.file.text.as_bytes());
        let key = (digest(english.as_bytes()), from.finalize().into(), kind);
        let mut inner = self.lock();
        let round = inner.round;
        if let Some(entry) = inner.applied.get_mut(&key) {
            entry.round = round;
            return entry.value.clone();
        }
        drop(inner);
        let value = Arc::new(translate::apply(english, kind, translation));
        self.lock().applied.insert(
            key,
            Used {
                value: value.clone(),
                round,
            },
        );
        value
    }

    /// The paths of the texts of a content file of `kind`, as [`translate::paths_of`].
    pub fn texts(&self, text: &str, kind: Kind) -> Arc<BTreeSet<String>> {
        let key = (digest(text.as_bytes()), kind);
        let mut inner = self.lock();
        let round = inner.round;
        if let Some(entry) = inner.texts.get_mut(&key) {
            entry.round = round;
            return entry.value.clone();
        }
        drop(inner);
        let value = Arc::new(translate::paths_of(text, kind));
        self.lock().texts.insert(
            key,
            Used {
                value: value.clone(),
                round,
            },
        );
        value
    }
}
