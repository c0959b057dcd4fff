//! Translations that never silently go stale.
//!
//! A content file's translation into another language sits beside it, named with the
//! language (`cities/seika.es.toml` for `cities/seika.toml`): a copy of the file with its text
//! translated. Only text is taken from it (which keys are text is [`Kind::texts`]); the rest
//! (coordinates, dates, addresses) always comes from the English file.
//!
//! Each translated text records which English text it was made from, as a short fingerprint in
//! the file's `[translated_from]` table, written by `sister-cities translations mark FILE`. A
//! text whose English has changed since is *stale*; a text with no translation falls back to
//! the English one. Neither ever holds anything back: the page shows the English text, marked
//! as English, and `check` warns at the translation's line.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::Arc;

use sha2::{Digest, Sha256};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::diagnostic::{Diagnostic, SourceFile};
use super::files::Kind;

/// The table of fingerprints in a translation file.
pub const FROM_TABLE: &str = "translated_from";

impl Kind {
    /// The keys of this kind of file that hold text to translate, as paths (`*` for each
    /// item of a list): names of places and organizations, addresses, dates and codes are
    /// not among them.
    pub fn texts(self) -> &'static [&'static str] {
        match self {
            Kind::Site => &[
                "program.name",
                "organisation.description",
                "navigation.*.label",
                "contact.name",
            ],
            Kind::Program => &[
                "title",
                "introduction",
                "sci.heading",
                "sci.text",
                "mission.heading",
                "mission.text",
                "goals.heading",
                "goals.items.*",
                "partners_heading",
            ],
            Kind::GetInvolved => &[
                "title",
                "introduction",
                "sections.*.heading",
                "sections.*.text",
                "contact.heading",
                "contact.text",
            ],
            Kind::City => &[
                "country",
                "region",
                "summary",
                "description",
                "population.note",
                "milestones.*.note",
                "photos.*.alt",
                "exchanges.*.title",
                "exchanges.*.text",
            ],
            Kind::Event => &["title", "place", "description"],
            Kind::News => &["title", "summary", "body"],
            Kind::Page => &[
                "title",
                "summary",
                "introduction",
                "sections.*.heading",
                "sections.*.text",
            ],
        }
    }
}

/// The file that holds the translation of `path` into `language`: `cities/seika.es.toml`.
pub fn translation_path(path: &str, language: &str) -> String {
    let stem = path.strip_suffix(".toml").unwrap_or(path);
    format!("{stem}.{language}.toml")
}

/// The fingerprint of an English text: the same text, whatever its line endings and the
/// white space around it, gives the same fingerprint.
pub fn fingerprint(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    Sha256::digest(text.trim().as_bytes())
        .iter()
        .take(4)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The paths of every text of a content file of `kind`.
pub fn paths_of(text: &str, kind: Kind) -> BTreeSet<String> {
    let (table, _) = DeTable::parse_recoverable(text);
    texts(table.get_ref(), kind.texts())
        .into_iter()
        .map(|text| text.path)
        .collect()
}

/// Reports each value under `path` that is not a text of the file's kind (`patterns`).
fn not_text(
    file: &SourceFile,
    value: &Spanned<DeValue<'_>>,
    key_span: Range<usize>,
    path: &str,
    patterns: &[&str],
    out: &mut Vec<Diagnostic>,
) {
    match value.get_ref() {
        DeValue::Table(table) => {
            for (key, inner) in table.iter() {
                let inner_path = format!("{path}.{}", key.get_ref());
                not_text(file, inner, key.span(), &inner_path, patterns, out);
            }
        }
        DeValue::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                not_text(
                    file,
                    item,
                    item.span(),
                    &format!("{path}.{index}"),
                    patterns,
                    out,
                );
            }
        }
        DeValue::String(_) if patterns.iter().any(|p| matches(p, path)) => {}
        _ => out.push(
            Diagnostic::at(
                "translation-not-text",
                file,
                key_span,
                format!("`{path}` is not a text to translate, so it is not used"),
            )
            .help(
                "a translation file holds only texts; names, coordinates, dates and addresses \
                 always come from the English file",
            )
            .warning(),
        ),
    }
}

/// One text of a file, at its place in the file.
#[derive(Debug, Clone)]
pub struct Text {
    /// `summary`, `milestones.2.note`.
    pub path: String,
    pub text: String,
    /// Where the value is in its file.
    pub span: Range<usize>,
    /// Where its key is, in its file (for a list item, the value).
    pub key_span: Range<usize>,
}

/// Every text of `table` at a path `patterns` names, in file order.
pub fn texts(table: &DeTable<'_>, patterns: &[&str]) -> Vec<Text> {
    let mut found = Vec::new();
    for (key, value) in table.iter() {
        visit(value, key.span(), key.get_ref(), patterns, &mut found);
    }
    found.sort_by_key(|t| t.span.start);
    found
}

fn visit(
    value: &Spanned<DeValue<'_>>,
    key_span: Range<usize>,
    path: &str,
    patterns: &[&str],
    found: &mut Vec<Text>,
) {
    match value.get_ref() {
        DeValue::String(text) if patterns.iter().any(|p| matches(p, path)) => found.push(Text {
            path: path.to_owned(),
            text: text.to_string(),
            span: value.span(),
            key_span,
        }),
        DeValue::Table(table) => {
            for (key, inner) in table.iter() {
                let inner_path = format!("{path}.{}", key.get_ref());
                visit(inner, key.span(), &inner_path, patterns, found);
            }
        }
        DeValue::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                visit(
                    item,
                    item.span(),
                    &format!("{path}.{index}"),
                    patterns,
                    found,
                );
            }
        }
        _ => {}
    }
}

/// Whether `path` (`milestones.2.note`) is one `pattern` names (`milestones.*.note`).
fn matches(pattern: &str, path: &str) -> bool {
    let mut pattern = pattern.split('.');
    let mut path = path.split('.');
    loop {
        match (pattern.next(), path.next()) {
            (None, None) => return true,
            (Some("*"), Some(part)) if part.parse::<usize>().is_ok() => {}
            (Some(a), Some(b)) if a == b => {}
            _ => return false,
        }
    }
}

/// A translation file, read: its texts and the fingerprints it records.
#[derive(Debug, Clone)]
pub struct Translation {
    pub file: SourceFile,
    pub texts: Vec<Text>,
    /// Path -> the fingerprint of the English text it was made from, and where that is.
    pub from: BTreeMap<String, (String, Range<usize>)>,
    /// Values that are not texts to translate (a coordinate, an unknown key): ignored, and
    /// reported as warnings.
    pub not_texts: Vec<Diagnostic>,
}

impl Translation {
    /// Reads a translation file of a file of `kind`. Its syntax must be right (a syntax
    /// problem is an error: the file keeps its last good version); what it holds is checked
    /// against the English file by [`apply`].
    pub fn read(file: SourceFile, kind: Kind) -> Result<Translation, Vec<Diagnostic>> {
        let (table, errors) = DeTable::parse_recoverable(&file.text);
        if !errors.is_empty() {
            return Err(super::parse::syntax_problems(&file, &errors));
        }
        let table = table.into_inner();
        let texts = texts(&table, kind.texts());
        let mut not_texts = Vec::new();
        for (key, value) in table.iter().filter(|(key, _)| key.get_ref() != FROM_TABLE) {
            not_text(
                &file,
                value,
                key.span(),
                key.get_ref(),
                kind.texts(),
                &mut not_texts,
            );
        }
        let mut from = BTreeMap::new();
        if let Some(DeValue::Table(recorded)) = table.get(FROM_TABLE).map(|v| v.get_ref()) {
            for (key, value) in recorded.iter() {
                if let DeValue::String(hash) = value.get_ref() {
                    from.insert(key.get_ref().to_string(), (hash.to_string(), value.span()));
                }
            }
        }
        Ok(Translation {
            file,
            texts,
            from,
            not_texts,
        })
    }
}

/// The English file's text with the texts of a translation put in, the paths of the texts
/// left in English, and what the translation's author should know (all warnings).
pub struct Applied {
    /// Shared with the file version the translated edition is read from, each reload.
    pub text: Arc<str>,
    pub untranslated: Arc<BTreeSet<String>>,
    pub warnings: Vec<Diagnostic>,
}

/// Puts the texts of `translation` into the English file's text `english` (of a file of
/// `kind`), each in place of the English value it translates, so the result is read and
/// checked as any content file is. A text whose English changed since it was translated is
/// still used (it is more use to a reader than the English), and reported as stale; a text the
/// English file does not have is reported; English texts with no translation are listed.
pub fn apply(english: &str, kind: Kind, translation: &Translation) -> Applied {
    let (table, _) = DeTable::parse_recoverable(english);
    let english_texts: BTreeMap<String, (String, Range<usize>)> =
        texts(table.get_ref(), kind.texts())
            .into_iter()
            .map(|t| (t.path, (t.text, t.span)))
            .collect();
    let mut warnings = translation.not_texts.clone();
    let mut translated = BTreeSet::new();
    let mut replacements: Vec<(Range<usize>, String)> = Vec::new();
    for text in &translation.texts {
        let Some((source, span)) = english_texts.get(&text.path) else {
            warnings.push(
                Diagnostic::at(
                    "translation-orphan",
                    &translation.file,
                    text.key_span.clone(),
                    format!("the English file has no text `{}`", text.path),
                )
                .help("remove it, or move it to where the English text is now")
                .warning(),
            );
            continue;
        };
        if text.text.trim().is_empty() {
            continue;
        }
        replacements.push((span.clone(), toml_string(&text.text)));
        translated.insert(text.path.clone());
        let now = fingerprint(source);
        let stale = match translation.from.get(&text.path) {
            Some((recorded, _)) => *recorded != now,
            None => true,
        };
        if stale {
            let message = match translation.from.get(&text.path) {
                Some(_) => format!(
                    "the English `{}` changed since this was translated",
                    text.path
                ),
                None => format!(
                    "`{}` is not marked with the English it translates",
                    text.path
                ),
            };
            warnings.push(
                Diagnostic::at(
                    "translation-stale",
                    &translation.file,
                    text.span.clone(),
                    message,
                )
                .help(format!(
                    "the English now reads: \"{}\"; update the translation, then run \
                     `sister-cities translations mark {}`",
                    excerpt(source),
                    translation.file.path.display()
                ))
                .warning(),
            );
        }
    }
    let untranslated: BTreeSet<String> = english_texts
        .keys()
        .filter(|path| !translated.contains(*path))
        .cloned()
        .collect();
    if !untranslated.is_empty() {
        let listed: Vec<&str> = untranslated.iter().map(String::as_str).collect();
        warnings.push(
            Diagnostic::file(
                "translation-missing",
                &translation.file.path,
                format!(
                    "{} not translated yet: {}",
                    if listed.len() == 1 {
                        "1 text is".to_owned()
                    } else {
                        format!("{} texts are", listed.len())
                    },
                    listed.join(", ")
                ),
            )
            .help("the page shows the English text until it is translated")
            .warning(),
        );
    }
    // From the end, so that each span is still where it was.
    replacements.sort_by_key(|(span, _)| std::cmp::Reverse(span.start));
    let mut text = english.to_owned();
    for (span, literal) in replacements {
        if english.get(span.clone()).is_some() {
            text.replace_range(span, &literal);
        }
    }
    Applied {
        text: text.into(),
        untranslated: Arc::new(untranslated),
        warnings,
    }
}

/// `text` as a TOML string, quoted and escaped.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// The first words of a text, on one line.
fn excerpt(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(160) {
        Some((cut, _)) => format!("{}...", &line[..cut]),
        None => line,
    }
}

/// The `[translated_from]` table for a translation of `english` (the English file's text):
/// each translated text's English fingerprint, as `translations mark` writes it.
pub fn marks(english: &str, kind: Kind, translation: &Translation) -> Vec<(String, String)> {
    let (table, _) = DeTable::parse_recoverable(english);
    let english: BTreeMap<String, String> = texts(table.get_ref(), kind.texts())
        .into_iter()
        .map(|t| (t.path, t.text))
        .collect();
    translation
        .texts
        .iter()
        .filter_map(|t| Some((t.path.clone(), fingerprint(english.get(&t.path)?))))
        .collect()
}

/// The translation file's text with its `[translated_from]` table replaced by `marks` (at the
/// end of the file, where `translations mark` keeps it).
pub fn with_marks(text: &str, marks: &[(String, String)]) -> String {
    let header = format!("[{FROM_TABLE}]");
    let mut kept = String::new();
    let mut in_marks = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            in_marks = trimmed == header;
        }
        if !in_marks {
            kept.push_str(line);
        }
    }
    let mut out = kept.trim_end().to_owned();
    out.push_str(&format!(
        "\n\n{header}\n# Written by `sister-cities translations mark`: the English each text was translated from.\n"
    ));
    for (path, hash) in marks {
        let key = if path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            path.clone()
        } else {
            format!("\"{path}\"")
        };
        out.push_str(&format!("{key} = \"{hash}\"\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENGLISH: &str = "name = \"Seika\"\nsummary = \"A town.\"\ndescription = \"Long.\"\n\
        latitude = 34.7\n\n[[milestones]]\nkind = \"first-contact\"\nnote = \"First.\"\n\n\
        [[milestones]]\nkind = \"sister-city-agreement\"\nnote = \"Signed.\"\n";

    fn translation(text: &str) -> Translation {
        let file = SourceFile::new("cities/seika.es.toml".into(), text.to_owned());
        Translation::read(file, Kind::City).unwrap()
    }

    #[test]
    fn translation_files_are_named_by_their_language() {
        assert_eq!(
            translation_path("cities/seika.toml", "es"),
            "cities/seika.es.toml"
        );
        let of = crate::content::files::translation_of;
        assert_eq!(
            of("cities/seika.es.toml"),
            Some(("cities/seika.toml".to_owned(), "es".to_owned()))
        );
        assert_eq!(
            of("program.pt-BR.toml"),
            Some(("program.toml".to_owned(), "pt-BR".to_owned()))
        );
        assert_eq!(of("cities/seika.toml"), None);
        assert_eq!(of("cities/st.louis.toml"), None);
        assert_eq!(of("cities/.es.toml"), None);
        assert_eq!(of("cities/seika.ES.toml"), None);
    }

    #[test]
    fn texts_are_found_by_pattern_in_tables_and_lists() {
        let (table, _) = DeTable::parse_recoverable(ENGLISH);
        let found: Vec<String> = texts(table.get_ref(), Kind::City.texts())
            .into_iter()
            .map(|t| t.path)
            .collect();
        assert_eq!(
            found,
            [
                "summary",
                "description",
                "milestones.0.note",
                "milestones.1.note"
            ]
        );
    }

    #[test]
    fn marked_translations_are_used_stale_ones_warned_and_the_rest_listed() {
        let mark = fingerprint("A town.");
        let es = translation(&format!(
            "summary = \"Un pueblo.\"\n\n[[milestones]]\nnote = \"\"\n\n[[milestones]]\n\
             note = \"Firmado.\"\n\n[{FROM_TABLE}]\nsummary = \"{mark}\"\n\
             \"milestones.1.note\" = \"00000000\"\n"
        ));
        let applied = apply(ENGLISH, Kind::City, &es);
        // The translated texts replace the English ones, and the rest of the file is kept.
        let read: toml::Table = toml::from_str(&applied.text).unwrap();
        assert_eq!(read["summary"].as_str(), Some("Un pueblo."));
        assert_eq!(read["description"].as_str(), Some("Long."));
        assert_eq!(read["latitude"].as_float(), Some(34.7));
        let notes: Vec<_> = read["milestones"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["note"].as_str().unwrap())
            .collect();
        assert_eq!(notes, ["First.", "Firmado."]);
        assert_eq!(
            applied.untranslated.iter().collect::<Vec<_>>(),
            ["description", "milestones.0.note"]
        );
        let found: Vec<String> = applied.warnings.iter().map(Diagnostic::one_line).collect();
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(
            found[0].starts_with(
                "cities/seika.es.toml:7:8: warning[translation-stale]: the English \
                 `milestones.1.note` changed since this was translated (help: the English now \
                 reads: \"Signed.\""
            ),
            "{found:#?}"
        );
        assert!(
            found[1].starts_with(
                "cities/seika.es.toml:1:1: warning[translation-missing]: 2 texts are not \
                 translated yet: description, milestones.0.note"
            ),
            "{found:#?}"
        );
    }

    #[test]
    fn a_text_the_english_file_has_not_is_reported() {
        let es = translation("region = \"Kioto\"\n");
        let applied = apply(ENGLISH, Kind::City, &es);
        assert!(applied.warnings[0].one_line().starts_with(
            "cities/seika.es.toml:1:1: warning[translation-orphan]: the English file has no text `region`"
        ));
    }

    #[test]
    fn marks_are_written_at_the_end_and_replace_old_ones() {
        let es = translation("summary = \"Un pueblo.\"\n\n[translated_from]\nsummary = \"x\"\n");
        let marks = marks(ENGLISH, Kind::City, &es);
        assert_eq!(marks, [("summary".to_owned(), fingerprint("A town."))]);
        let text = with_marks(&es.file.text, &marks);
        assert_eq!(text.matches("[translated_from]").count(), 1);
        assert!(text.ends_with(&format!("summary = \"{}\"\n", fingerprint("A town."))));
        assert!(text.starts_with("summary = \"Un pueblo.\"\n\n[translated_from]"));
        // Read back, the translation is up to date.
        let applied = apply(ENGLISH, Kind::City, &translation(&text));
        assert!(
            applied
                .warnings
                .iter()
                .all(|w| w.code != "translation-stale")
        );
    }

    #[test]
    fn fingerprints_ignore_line_endings_and_surrounding_space() {
        assert_eq!(fingerprint("A\r\ntown. "), fingerprint("A\ntown."));
        assert_ne!(fingerprint("A town."), fingerprint("A town!"));
        assert_eq!(fingerprint("x").len(), 8);
    }
}
