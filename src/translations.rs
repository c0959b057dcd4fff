//! `translations mark` and `translations status`: recording which English text a translation
//! was made from, and listing what needs translating.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::config::{ContentArgs, TranslationsAction, TranslationsArgs};
use crate::content::{self, FileSet, Folder, Kind, translate};

/// Why `translations` could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum TranslationsError {
    /// The file named is not a translation file.
    #[error(
        "{} is not a translation file: a translation is named after the file it translates, \
         with its language before .toml (cities/seika.es.toml for cities/seika.toml)",
        .0.display()
    )]
    NotATranslation(PathBuf),
    /// A file could not be read.
    #[error("cannot read {}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A file is not text `check` can read, or its TOML is broken.
    #[error("{}", .0)]
    Unreadable(String),
    /// The marked file could not be written.
    #[error("cannot write {}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The content could not be loaded at all (a required file has no good version).
    #[error("the content cannot be loaded; `sister-cities check` lists why")]
    Content,
}

pub fn run(args: &TranslationsArgs) -> Result<(), TranslationsError> {
    match &args.action {
        TranslationsAction::Mark(args) => {
            for file in &args.files {
                let marked = mark(&args.content, file)?;
                crate::out!("{marked}");
            }
            Ok(())
        }
        TranslationsAction::Status(args) => {
            crate::console::write_out(format_args!("{}", status(args)?));
            Ok(())
        }
    }
}

/// Records in the translation file `file` the fingerprint of the English text each of its
/// texts translates, as the English file is now. Says what it did.
pub fn mark(content_dir: &Path, file: &Path) -> Result<String, TranslationsError> {
    let name = name_in(content_dir, file);
    let (english_name, _) = content::files::translation_of(&name)
        .ok_or_else(|| TranslationsError::NotATranslation(file.to_path_buf()))?;
    let kind = Kind::of(&english_name)
        .ok_or_else(|| TranslationsError::NotATranslation(file.to_path_buf()))?;
    let path = content_dir.join(&name);
    let english_path = content_dir.join(&english_name);
    let translation = read(&path)?;
    let english = read(&english_path)?;
    let translation = translate::Translation::read(translation, kind).map_err(|problems| {
        let listed: Vec<String> = problems.iter().map(content::Diagnostic::one_line).collect();
        TranslationsError::Unreadable(listed.join("\n"))
    })?;
    let marks = translate::marks(&english.text, kind, &translation);
    let text = translate::with_marks(&translation.file.text, &marks);
    write(&path, &text)?;
    Ok(format!(
        "{}: {} marked as translated from {} as it is now",
        path.display(),
        match marks.len() {
            1 => "1 text".to_owned(),
            n => format!("{n} texts"),
        },
        english_path.display()
    ))
}

/// A table of every content file and language: texts translated, and texts stale.
pub fn status(args: &ContentArgs) -> Result<String, TranslationsError> {
    let source = args.source();
    let today = content::today(jiff::Timestamp::now());
    let folder = Folder::read(&source.content_dir);
    let assembly = content::assemble(&source, today, &folder, &FileSet::default())
        .map_err(|_| TranslationsError::Content)?;
    let mut out = String::new();
    if assembly.translations.is_empty() {
        out.push_str(
            "site.toml lists no language to translate into (`languages = [\"en\", \"es\"]`).\n",
        );
        return Ok(out);
    }
    let _ = writeln!(
        out,
        "{:<44} {:<9} {:>11} {:>6}",
        "FILE", "LANGUAGE", "TRANSLATED", "STALE"
    );
    for file in content::editions::progress(&assembly) {
        let translated = format!("{} of {}", file.texts - file.untranslated.len(), file.texts);
        let _ = writeln!(
            out,
            "{:<44} {:<9} {translated:>11} {:>6}",
            file.file, file.language, file.stale
        );
    }
    out.push_str(
        "\nA stale text's English changed since it was translated: `sister-cities check` shows \
         the new English. After translating, run `sister-cities translations mark FILE`.\n",
    );
    Ok(out)
}

/// The file's name inside the content folder (`cities/seika.es.toml`), whether it was given
/// with the folder (`content/cities/seika.es.toml`) or without.
fn name_in(content_dir: &Path, file: &Path) -> String {
    let inside = file.strip_prefix(content_dir).unwrap_or(file);
    inside
        .components()
        .map(|part| part.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn read(path: &Path) -> Result<content::SourceFile, TranslationsError> {
    let bytes = std::fs::read(path).map_err(|source| TranslationsError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    content::files::decode(path, &bytes)
        .map_err(|problem| TranslationsError::Unreadable(problem.one_line()))
}

/// Writes `text` whole or not at all: to a file beside it, then renamed over it.
fn write(path: &Path, text: &str) -> Result<(), TranslationsError> {
    let failed = |source| TranslationsError::Write {
        path: path.to_path_buf(),
        source,
    };
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".marking");
    let temporary = PathBuf::from(temporary);
    std::fs::write(&temporary, text).map_err(failed)?;
    std::fs::rename(&temporary, path).map_err(|error| {
        let _ = std::fs::remove_file(&temporary);
        failed(error)
    })
}
