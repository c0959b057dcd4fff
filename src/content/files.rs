//! The content folder as a set of files: which files are content, what each is for, and each
//! file's bytes, owner and time. Reading the folder never fails as a whole: a file that cannot
//! be read, or is not UTF-8, is reported on its own, and the rest still loads.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::Timestamp;

use super::diagnostic::{Diagnostic, Diagnostics, SourceFile};
pub use super::file_set::{FileSet, FileVersion, keys_under};

/// The kinds of content file, each with its place in the folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Site,
    Program,
    GetInvolved,
    City,
    Event,
    News,
    Page,
}

impl Kind {
    /// Whether `name` is one of the content folder's subfolders (`cities`).
    pub fn is_folder(name: &str) -> bool {
        [
            super::CITIES_DIR,
            super::EVENTS_DIR,
            super::NEWS_DIR,
            super::PAGES_DIR,
        ]
        .contains(&name)
    }

    /// The kind of the file at `path` (relative to the content folder, with `/`), if it is a
    /// content file.
    pub fn of(path: &str) -> Option<Kind> {
        // A translation is of the kind of the file it translates (`cities/seika.es.toml`:
        // `cities/seika`). Asked of every file at every reload, so it makes no string.
        let stem = match split_translation(path) {
            Some((source, _)) => source,
            None => path.strip_suffix(".toml")?,
        };
        let named = |file: &str| file.strip_suffix(".toml") == Some(stem);
        let kind = match stem.split_once('/') {
            None if named(super::SITE_FILE) => Kind::Site,
            None if named(super::PROGRAM_FILE) => Kind::Program,
            None if named(super::GET_INVOLVED_FILE) => Kind::GetInvolved,
            None => return None,
            Some((folder, name)) => {
                let kind = match folder {
                    super::CITIES_DIR => Kind::City,
                    super::EVENTS_DIR => Kind::Event,
                    super::NEWS_DIR => Kind::News,
                    super::PAGES_DIR => Kind::Page,
                    _ => return None,
                };
                let visible = !name.is_empty() && !name.starts_with('.') && !name.contains('/');
                if !visible {
                    return None;
                }
                kind
            }
        };
        Some(kind)
    }

    /// Whether the site cannot be made without this file.
    pub fn required(self) -> bool {
        matches!(self, Kind::Site | Kind::Program | Kind::GetInvolved)
    }

    /// What the file holds, for messages about a missing or unreadable file.
    pub fn purpose(self) -> &'static str {
        match self {
            Kind::Site => "the site-wide settings: the city, contact details and navigation",
            Kind::Program => "the text of the Sister Cities page: introduction, mission and goals",
            Kind::GetInvolved => "the text of the \"Get involved\" page",
            Kind::City => "one sister city",
            Kind::Event => "one event",
            Kind::News => "one news item",
            Kind::Page => "one page of its own",
        }
    }
}

/// The file a translation file translates, and its language, when `path` is named as one:
/// `cities/seika.es.toml` -> (`cities/seika.toml`, `es`). A language is two letters, with a
/// region after a hyphen when needed (`pt-BR`); a slug has no dot, so no content file's own
/// name looks like this.
pub fn translation_of(path: &str) -> Option<(String, String)> {
    let (base, language) = split_translation(path)?;
    Some((format!("{base}.toml"), language.to_owned()))
}

/// Whether `path` names a translation file (see [`translation_of`]). Asked of every file at
/// every reload, so it makes no string.
pub fn is_translation(path: &str) -> bool {
    split_translation(path).is_some()
}

/// `cities/seika.es.toml` -> (`cities/seika`, `es`).
fn split_translation(path: &str) -> Option<(&str, &str)> {
    let stem = path.strip_suffix(".toml")?;
    let (base, language) = stem.rsplit_once('.')?;
    let named = is_language_name(language) && !base.is_empty() && !base.ends_with('/');
    named.then_some((base, language))
}

/// Whether `text` is a language as translation files are named by: two lowercase letters,
/// with two capitals for a region after a hyphen (`es`, `pt-BR`).
pub fn is_language_name(text: &str) -> bool {
    let letters =
        |part: &str, case: fn(&char) -> bool| part.len() == 2 && part.chars().all(|c| case(&c));
    match text.split_once('-') {
        Some((language, region)) => {
            letters(language, char::is_ascii_lowercase) && letters(region, char::is_ascii_uppercase)
        }
        None => letters(text, char::is_ascii_lowercase),
    }
}

/// The content folder as read now.
#[derive(Debug, Default)]
pub struct Folder {
    /// Where it is.
    pub dir: PathBuf,
    /// Every content file that could be read.
    pub files: FileSet,
    /// Content files that exist but could not be read, each with its problem.
    pub unreadable: BTreeMap<String, Diagnostic>,
    /// Folders that exist but could not be listed (their files are then not known).
    pub unlisted: BTreeMap<String, Diagnostic>,
    /// What each file's metadata said just before it was read (see [`Stamp`]).
    pub(super) stamps: std::collections::HashMap<String, Stamp>,
    /// When the reading began.
    pub(super) read_at: Option<std::time::SystemTime>,
}

/// What a file's metadata says of its contents: while it is as it was when the file was last
/// read, the file has not been written since, and the bytes read then are taken again (as git
/// trusts its index). Its change time moves with every write, whatever time a program sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    changed: (i64, i64),
    file: (u64, u64),
}

impl Stamp {
    #[cfg(unix)]
    fn of(metadata: &std::fs::Metadata) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        Some(Stamp {
            len: metadata.len(),
            modified: metadata.modified().ok(),
            changed: (metadata.ctime(), metadata.ctime_nsec()),
            file: (metadata.dev(), metadata.ino()),
        })
    }

    #[cfg(not(unix))]
    fn of(_metadata: &std::fs::Metadata) -> Option<Stamp> {
        None
    }

    /// Whether the file may have been written again within the same tick of a coarse clock
    /// (some file systems keep times to the second or two) after it was read at `read_at`:
    /// then the stamp proves nothing, and the file is read again.
    fn is_racy(&self, read_at: std::time::SystemTime) -> bool {
        let margin = std::time::Duration::from_secs(3);
        let since = read_at.checked_sub(margin).unwrap_or(std::time::UNIX_EPOCH);
        self.modified.is_none_or(|modified| modified >= since)
    }
}

impl Folder {
    /// Reads every content file of `dir`.
    pub fn read(dir: &Path) -> Folder {
        Folder::read_sharing(dir, &FileSet::default(), None)
    }

    /// Reads every content file of `dir`; a file with the same bytes as in `earlier` (the
    /// version published) shares them, so that a reload holds one copy of each unchanged
    /// file, not two. A file not written since the `previous` reading (its `Stamp` is the
    /// same) is not read again: an edit reads the files it changed.
    pub fn read_sharing(dir: &Path, earlier: &FileSet, previous: Option<&Folder>) -> Folder {
        let mut reading = Reading {
            names: std::collections::HashMap::new(),
            earlier,
            previous,
        };
        let mut folder = Folder {
            dir: dir.to_path_buf(),
            read_at: Some(std::time::SystemTime::now()),
            ..Folder::default()
        };
        for name in [
            super::SITE_FILE,
            super::PROGRAM_FILE,
            super::GET_INVOLVED_FILE,
        ] {
            folder.read_file(name.to_owned(), &mut reading);
        }
        // The translations of the site-wide files (`program.es.toml`), beside them.
        if let Ok(entries) = std::fs::read_dir(dir) {
            let mut names: Vec<String> = entries
                .filter_map(Result::ok)
                .filter(|entry| entry.file_type().is_ok_and(|t| !t.is_dir()))
                .filter_map(|entry| entry.file_name().into_string().ok())
                .filter(|name| is_translation(name) && Kind::of(name).is_some())
                .collect();
            names.sort();
            for name in names {
                folder.read_file(name, &mut reading);
            }
        }
        for sub in [
            super::CITIES_DIR,
            super::EVENTS_DIR,
            super::NEWS_DIR,
            super::PAGES_DIR,
        ] {
            let path = dir.join(sub);
            match std::fs::read_dir(&path) {
                Ok(entries) => {
                    let mut names: Vec<String> = entries
                        .filter_map(Result::ok)
                        .filter(|entry| entry.file_type().is_ok_and(|t| !t.is_dir()))
                        .filter_map(|entry| entry.file_name().into_string().ok())
                        .map(|name| format!("{sub}/{name}"))
                        .filter(|name| Kind::of(name).is_some())
                        .collect();
                    names.sort();
                    for name in names {
                        folder.read_file(name, &mut reading);
                    }
                }
                // Events, news and pages are optional; a site without its cities folder has
                // lost it by mistake, and keeps its cities until it is back.
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                    if sub == super::CITIES_DIR {
                        let diagnostic = Diagnostic::file(
                            "missing-folder",
                            &path,
                            "the folder cities is missing: it holds one file per sister city",
                        )
                        .help(
                            "put it back: `sister-cities restore VERSION` writes back the files \
                             of a version the site published (`sister-cities history` lists them)",
                        );
                        folder.unlisted.insert(sub.to_owned(), diagnostic);
                    }
                }
                Err(error) => {
                    let diagnostic = Diagnostic::file(
                        "unreadable-folder",
                        &path,
                        format!("cannot read the folder {sub}: {}", plain_error(&error)),
                    )
                    .help(read_help(&error));
                    folder.unlisted.insert(sub.to_owned(), diagnostic);
                }
            }
        }
        folder
    }

    pub(super) fn read_file(&mut self, name: String, reading: &mut Reading) {
        let path = self.dir.join(&name);
        // Looked at once, before the file is read: a write while it is read changes its stamp
        // for next time.
        let metadata = std::fs::metadata(&path).ok();
        let stamp = metadata.as_ref().and_then(Stamp::of);
        if let Some(stamp) = stamp
            && let Some(version) = reading.unchanged(&name, &stamp)
        {
            self.files.insert(name.clone(), version);
            self.stamps.insert(name, stamp);
            return;
        }
        if let Some(stamp) = stamp {
            self.stamps.insert(name.clone(), stamp);
        }
        match std::fs::read(&path) {
            Ok(bytes) => {
                let bytes: Arc<[u8]> = match reading.earlier.get(&name) {
                    Some(earlier) if *earlier.bytes == *bytes => earlier.bytes.clone(),
                    _ => bytes.into(),
                };
                let modified = metadata
                    .as_ref()
                    .and_then(|m| m.modified().ok())
                    .and_then(|time| Timestamp::try_from(time).ok());
                let owner = metadata.as_ref().and_then(|m| reading.owner_of(m));
                let version = FileVersion {
                    bytes,
                    modified,
                    owner,
                };
                self.files.insert(name, version);
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => {
                let diagnostic = Diagnostic::file(
                    "unreadable-file",
                    &path,
                    format!("cannot read the file: {}", plain_error(&error)),
                )
                .help(read_help(&error));
                self.unreadable.insert(name, diagnostic);
            }
        }
    }

    /// The full path of a content file, as diagnostics name it.
    pub fn path_of(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }
}

/// An OS error in words, without the "(os error 13)" that means nothing to staff.
fn plain_error(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        std::io::ErrorKind::IsADirectory => "it is a folder, not a file".to_owned(),
        _ => {
            let text = error.to_string();
            match text.find(" (os error") {
                Some(end) => text[..end].to_owned(),
                None => text,
            }
        }
    }
}

/// What to do about a file or folder that cannot be read.
fn read_help(error: &std::io::Error) -> &'static str {
    match error.kind() {
        std::io::ErrorKind::IsADirectory => {
            "a folder has the file's name: move the folder away and save the file there again"
        }
        _ => {
            "the server's account must be able to read it: ask IT to give it read access (on \
             Linux, `chmod a+r FILE`), or save the file again from your editor"
        }
    }
}

/// What reading a folder keeps while it reads: the names of the accounts that own files, each
/// looked up once (a look-up reads the system's list of accounts: for thousands of files, most
/// of the time reading takes), and the versions to share bytes with.
pub(super) struct Reading<'a> {
    names: std::collections::HashMap<u32, Option<Arc<str>>>,
    earlier: &'a FileSet,
    previous: Option<&'a Folder>,
}

impl<'a> Reading<'a> {
    /// A reading that shares bytes with `earlier` and reads every file it is asked to.
    pub(super) fn new(earlier: &'a FileSet) -> Self {
        Reading {
            names: std::collections::HashMap::new(),
            earlier,
            previous: None,
        }
    }

    /// The version of `name` the previous reading found, when the file has not been written
    /// since.
    fn unchanged(&self, name: &str, stamp: &Stamp) -> Option<FileVersion> {
        let previous = self.previous?;
        let read_at = previous.read_at?;
        (previous.stamps.get(name) == Some(stamp) && !stamp.is_racy(read_at))
            .then(|| previous.files.get(name).cloned())
            .flatten()
    }

    /// The name of the account that owns a file, where the system knows it.
    #[cfg(unix)]
    fn owner_of(&mut self, metadata: &std::fs::Metadata) -> Option<Arc<str>> {
        use std::os::unix::fs::MetadataExt;
        self.names
            .entry(metadata.uid())
            .or_insert_with(|| {
                let user = uzers::get_user_by_uid(metadata.uid())?;
                user.name().to_str().map(Arc::from)
            })
            .clone()
    }

    #[cfg(not(unix))]
    fn owner_of(&mut self, _metadata: &std::fs::Metadata) -> Option<Arc<str>> {
        None
    }
}

/// A file's bytes as text. Content files are UTF-8 (a byte order mark at the start is
/// allowed and dropped); a file saved as UTF-16 or Windows-1252 is recognised and the message
/// says how to save it as UTF-8.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<SourceFile, Box<Diagnostic>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let error = match std::str::from_utf8(bytes) {
        Ok(text) if !looks_like_utf16(bytes) => {
            return Ok(SourceFile::new(path.to_path_buf(), text.to_owned()));
        }
        Ok(_) => None,
        Err(error) => Some(error),
    };
    if looks_like_utf16(bytes) {
        let problem = Diagnostic::file(
            "encoding",
            path,
            "the file is saved as UTF-16 (\"Unicode\"), not UTF-8",
        );
        return Err(Box::new(problem.help(SAVE_AS_UTF8)));
    }
    let valid = error.map_or(bytes.len(), |e| e.valid_up_to());
    // Show the file as Windows-1252 would read it, with the caret on the first character
    // that is not UTF-8: the text before it is UTF-8 and stays as it is.
    let (before, after) = bytes.split_at(valid);
    let (rest, _, _) = encoding_rs::WINDOWS_1252.decode(after);
    let shown = format!("{}{rest}", String::from_utf8_lossy(before));
    let character = rest.chars().next().unwrap_or('\u{FFFD}');
    let file = SourceFile::new(path.to_path_buf(), shown);
    Err(Box::new(Diagnostic::at(
        "encoding",
        &file,
        valid..valid + character.len_utf8(),
        format!(
            "the file is not saved as UTF-8: this looks like \"{character}\" saved as Windows-1252 \
             (\"ANSI\")"
        ),
    )
    .help(SAVE_AS_UTF8)))
}

const SAVE_AS_UTF8: &str = "save the file as UTF-8: in Notepad, File > Save As, Encoding \
    \"UTF-8\"; in VS Code, click the encoding in the status bar, \"Save with Encoding\", \
    \"UTF-8\"; then check that accented letters and quotes look right";

/// UTF-16 with a byte order mark, or without one: TOML text is mostly ASCII, which UTF-16
/// writes with a zero byte beside every letter.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return true;
    }
    let sample = &bytes[..bytes.len().min(200)];
    let zeros_at = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    let pairs = sample.len() / 2;
    pairs >= 2 && (zeros_at(0) * 10 >= pairs * 9 || zeros_at(1) * 10 >= pairs * 9)
}

/// The problems of folders that could not be listed (a file's own problems are reported
/// with the file).
pub fn folder_problems(folder: &Folder) -> Diagnostics {
    let mut problems = Diagnostics::default();
    for diagnostic in folder.unlisted.values() {
        problems.push(diagnostic.clone());
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_files_are_recognised_by_their_place() {
        assert_eq!(Kind::of("site.toml"), Some(Kind::Site));
        assert_eq!(Kind::of("cities/seika.toml"), Some(Kind::City));
        assert_eq!(Kind::of("events/a.toml"), Some(Kind::Event));
        assert_eq!(Kind::of("pages/privacy.toml"), Some(Kind::Page));
        assert_eq!(Kind::of("cities/seika.es.toml"), Some(Kind::City));
        assert_eq!(Kind::of("program.es.toml"), Some(Kind::Program));
        assert_eq!(Kind::of("get-involved.pt-BR.toml"), Some(Kind::GetInvolved));
        for other in [
            "cities/README.md",
            "cities/.toml",
            "cities/.es.toml",
            ".es.toml",
            "program.toml.es",
            "programs.toml",
            "cities/.seika.toml",
            "cities/seika.toml.tmp",
            "other.toml",
            "schema/city.schema.json",
            "cities/a/b.toml",
        ] {
            assert_eq!(Kind::of(other), None, "{other}");
        }
    }

    #[test]
    fn a_translation_is_named_after_its_file_and_language() {
        for (path, of) in [
            ("cities/seika.es.toml", Some(("cities/seika.toml", "es"))),
            ("site.pt-BR.toml", Some(("site.toml", "pt-BR"))),
            ("cities/seika.toml", None),
            ("cities/seika.ES.toml", None),
            ("cities/seika.es.md", None),
            ("cities/.es.toml", None),
            (".es.toml", None),
            ("cities/seika.spa.toml", None),
            ("cities/seika.es-br.toml", None),
        ] {
            let expected = of.map(|(file, tag)| (file.to_owned(), tag.to_owned()));
            assert_eq!(translation_of(path), expected, "{path}");
            assert_eq!(is_translation(path), of.is_some(), "{path}");
        }
    }

    #[test]
    fn utf8_with_or_without_a_byte_order_mark_reads_as_text() {
        let path = Path::new("a.toml");
        let file = decode(path, "\u{feff}name = \"精華町\"\r\n".as_bytes()).unwrap();
        assert_eq!(&*file.text, "name = \"精華町\"\r\n");
        assert!(decode(path, b"").is_ok());
    }

    #[test]
    fn utf16_is_recognised_with_or_without_a_byte_order_mark() {
        let text = "name = \"Seika\"\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for bytes in [
            [&[0xFF, 0xFE][..], &le].concat(),
            [&[0xFE, 0xFF][..], &be].concat(),
            le,
            be,
        ] {
            let problem = decode(Path::new("a.toml"), &bytes).unwrap_err();
            assert!(problem.message.contains("UTF-16"), "{}", problem.message);
            assert_eq!((problem.line, problem.column), (1, 1));
        }
    }

    #[test]
    fn windows_1252_is_shown_at_its_first_character_with_how_to_save_as_utf8() {
        // "name = “Seika”" with curly quotes as Windows-1252 writes them (0x93, 0x94), after
        // a line of UTF-8.
        let bytes = b"a = \"\xC3\xA9\"\nname = \x93Seika\x94\n";
        let problem = decode(Path::new("a.toml"), bytes).unwrap_err();
        assert_eq!((problem.line, problem.column), (2, 8));
        assert!(
            problem.message.contains("\"\u{201C}\""),
            "{}",
            problem.message
        );
        assert!(
            problem.message.contains("Windows-1252"),
            "{}",
            problem.message
        );
        assert!(problem.help.as_deref().unwrap().contains("UTF-8"));
        // The caret can be drawn on the character.
        assert!(problem.to_string().contains('^'));
    }
}
