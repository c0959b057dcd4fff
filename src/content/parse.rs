//! The first step for one file: its text -> the serde struct that mirrors it, or every syntax
//! and shape problem in it, each with what to write instead.

use std::collections::HashSet;
use std::ops::Range;

use serde::de::DeserializeOwned;

use super::diagnostic::{Diagnostic, SourceFile};
use super::hints::{self, Takes, Written};
use super::hints::{nearest, unknown_key, unknown_variant};
use super::shape;

/// Parses one file's text into its raw struct, or returns its syntax and shape problems.
pub fn parse<T: DeserializeOwned>(file: &SourceFile) -> Result<T, Vec<Diagnostic>> {
    // Syntax first: the recovering parser reports every syntax error, not only the first.
    let (table, syntax_errors) = toml::de::DeTable::parse_recoverable(&file.text);
    if !syntax_errors.is_empty() {
        return Err(syntax_problems(file, &syntax_errors));
    }
    // The table just parsed is read into the file's struct (the text is not parsed twice).
    match T::deserialize(toml::de::Deserializer::from(table)) {
        Ok(raw) => Ok(raw),
        Err(error) => {
            // That attempt took the table: parse it again to look for further problems.
            let (table, _) = toml::de::DeTable::parse_recoverable(&file.text);
            Err(shape::shape_errors::<T>(table, error, file.text.len())
                .iter()
                .map(|error| from_toml_error(file, error))
                .collect())
        }
    }
}

/// One problem per syntax error, and one per line where the line's mistake is known (a
/// curly quote, a date written the US way): the parser may see several errors on such a line.
pub(super) fn syntax_problems(file: &SourceFile, errors: &[toml::de::Error]) -> Vec<Diagnostic> {
    let mut explained: HashSet<usize> = HashSet::new();
    let mut problems = Vec::new();
    for error in errors {
        let span = error.span().unwrap_or(0..0);
        let line = Line::at(&file.text, span.start);
        if explained.contains(&line.start) {
            continue;
        }
        match line_mistake(file, &line) {
            Some(problem) => {
                explained.insert(line.start);
                problems.push(problem);
            }
            None => problems.push(from_toml_error(file, error)),
        }
    }
    problems
}

/// One line of a file: where it starts, and its text without the line ending.
struct Line<'a> {
    start: usize,
    text: &'a str,
}

impl<'a> Line<'a> {
    /// The line that holds byte `offset` (clamped to the text).
    fn at(text: &'a str, offset: usize) -> Line<'a> {
        let offset = text.floor_char_boundary(offset.min(text.len()));
        let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        Line {
            start,
            text: text[start..end].trim_end_matches('\r'),
        }
    }

    /// The key and the value's text of a `key = value` line, with the value's byte range in
    /// the file. Comments after the value are left out.
    fn key_value(&self) -> Option<(&'a str, &'a str, Range<usize>)> {
        let (key, rest) = self.text.split_once('=')?;
        let key = key.trim().trim_matches(['"', '\'']);
        let value = match rest.find(" #") {
            Some(comment) => &rest[..comment],
            None => rest,
        };
        let leading = value.len() - value.trim_start().len();
        let value = value.trim();
        let start = self.start + key_end(self.text) + 1 + leading;
        Some((key, value, start..start + value.len()))
    }
}

/// The byte offset of the `=` of a `key = value` line.
fn key_end(line: &str) -> usize {
    line.find('=').unwrap_or(0)
}

/// The mistake on a line, when it is one people make and the fix is known: curly quotes, a
/// date or time written the US way, a number with thousands separators.
fn line_mistake(file: &SourceFile, line: &Line) -> Option<Diagnostic> {
    if let Some(offset) = hints::curly_quote(line.text) {
        let at = line.start + offset;
        let quote = file.text[at..].chars().next().unwrap_or('"');
        let (curly, straight) = if quote == '\u{2018}' || quote == '\u{2019}' {
            ("\u{2018} \u{2019}", "'")
        } else {
            ("\u{201C} \u{201D}", "\"")
        };
        let help = format!("replace the curly quotes {curly} with straight quotes {straight}");
        let help = match hints::straightened(line.text) {
            Some(fixed) => format!("{help}: {fixed}"),
            None => help,
        };
        return Some(
            Diagnostic::at(
                "curly-quotes",
                file,
                at..at + quote.len_utf8(),
                format!("curly quotes {curly} are not quotes in TOML"),
            )
            .help(help),
        );
    }
    let (key, value, span) = line.key_value()?;
    value_mistake(file, key, value, span)
}

/// A value of `key`, written as `text` (quoted or not), that is a known mistake for that key.
fn value_mistake(
    file: &SourceFile,
    key: &str,
    text: &str,
    span: Range<usize>,
) -> Option<Diagnostic> {
    match hints::takes(key) {
        Takes::Datetime | Takes::DateText => {
            let help = Written::read(text)?.help_for(key)?;
            let how = if hints::takes(key) == Takes::Datetime {
                "a date as YYYY-MM-DD, without quotes (and a time as THH:MM:SS)"
            } else {
                "a date as \"YYYY-MM-DD\", \"YYYY-MM\" or \"YYYY\""
            };
            Some(
                Diagnostic::at(
                    "date-format",
                    file,
                    span,
                    format!("`{key}` takes {how}, not {}", text.trim()),
                )
                .help(help),
            )
        }
        Takes::Integer => {
            let digits = hints::without_separators(text)?;
            let grouped = group_with_underscores(&digits);
            Some(
                Diagnostic::at(
                    "number-format",
                    file,
                    span,
                    format!(
                        "numbers in TOML have no thousands separators: {}",
                        text.trim()
                    ),
                )
                .help(format!("write {digits} or {grouped}")),
            )
        }
        Takes::Other => None,
    }
}

/// "127810" -> "127_810".
fn group_with_underscores(digits: &str) -> String {
    let mut grouped = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push('_');
        }
        grouped.push(digit);
    }
    grouped
}

/// Turns the TOML parser's error into a diagnostic that tells staff what to write instead.
fn from_toml_error(file: &SourceFile, error: &toml::de::Error) -> Diagnostic {
    let message = error.message().trim();
    let span = error.span().unwrap_or(0..0);
    if let Some((key, allowed)) = unknown_key(message) {
        let help = match nearest(key, &allowed) {
            Some(best) => format!("did you mean `{best}`?"),
            None if allowed.is_empty() => "remove this key".to_owned(),
            None => format!("the keys allowed here are {}", backticked(&allowed)),
        };
        return Diagnostic::at("unknown-key", file, span, format!("unknown key `{key}`"))
            .help(help);
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let key = rest.split('`').next().unwrap_or_default();
        let diagnostic = if span.is_empty() && span.start == 0 {
            Diagnostic::file("missing-key", &file.path, format!("missing key `{key}`"))
        } else {
            Diagnostic::at(
                "missing-key",
                file,
                span,
                format!("missing key `{key}` in this table"),
            )
        };
        return diagnostic.help(format!(
            "add a line `{key} = ...`; see docs/editing-content.md"
        ));
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest
            .split_once(", expected ")
            .unwrap_or((rest, "another type"));
        // A value of the right words in the wrong form ("12/25/2026" for a date, "127,810"
        // for a number) gets the exact line to write.
        let line = Line::at(&file.text, span.start);
        if let Some((key, value, _)) = line.key_value()
            && let Some(problem) = value_mistake(file, key, value, span.clone())
        {
            return problem;
        }
        let (expected, help) = match expected {
            e if e.contains("string") => ("text", "text goes in double quotes, e.g. \"Japan\""),
            e if e.contains("i64") || e.contains("integer") => {
                ("a whole number", "a whole number without quotes, e.g. 2023")
            }
            e if e.contains("f64") || e.contains("float") => {
                ("a number", "a number without quotes, e.g. 34.76083")
            }
            e if e.contains("bool") => ("true or false", "true or false, without quotes"),
            e if e.contains("sequence") => {
                ("a list", "a list in square brackets, e.g. [\"a\", \"b\"]")
            }
            e if e.contains("datetime") => (
                "a date",
                "a date without quotes, e.g. 2027-05-01, or a date and time, e.g. 2027-05-01T18:30:00",
            ),
            e => (e, "see docs/editing-content.md for what this key takes"),
        };
        return Diagnostic::at(
            "wrong-type",
            file,
            span,
            format!("expected {expected}, found {found}"),
        )
        .help(help);
    }
    if let Some((word, allowed)) = unknown_variant(message) {
        let quoted: Vec<String> = allowed.iter().map(|w| format!("\"{w}\"")).collect();
        let help = match nearest(word, &allowed) {
            Some(best) => format!("did you mean \"{best}\"?"),
            None => format!("one of {}", quoted.join(", ")),
        };
        return Diagnostic::at(
            "unknown-value",
            file,
            span,
            format!("\"{word}\" is not one of the values allowed here"),
        )
        .help(help);
    }
    if message.starts_with("unexpected key or value, expected newline") {
        return Diagnostic::at("toml-syntax", file, span, "unexpected text after the value")
            .help("remove it, or put it inside the quotes with the rest of the text");
    }
    let first_line = message.lines().next().unwrap_or(message);
    Diagnostic::at("toml-syntax", file, span, first_line.to_owned())
        .help("check the TOML syntax: key = \"text\", numbers without quotes, [table] headers")
}

fn backticked(keys: &[&str]) -> String {
    keys.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Event {
        start: toml::value::Datetime,
        count: i64,
        country: String,
    }

    /// The one-line problems of a file's text.
    fn problems(text: &str) -> Vec<String> {
        let file = SourceFile::new("e.toml".into(), text.to_owned());
        match parse::<Event>(&file) {
            Ok(_) => Vec::new(),
            Err(problems) => problems.iter().map(Diagnostic::one_line).collect(),
        }
    }

    const GOOD: &str = "start = 2026-12-25\ncount = 1\ncountry = \"Japan\"\n";

    fn with(from: &str, to: &str) -> String {
        GOOD.replace(from, to)
    }

    #[test]
    fn the_good_file_parses() {
        assert_eq!(problems(GOOD), Vec::<String>::new());
    }

    #[test]
    fn each_known_mistake_gets_the_exact_line_to_write() {
        let cases = [
            (
                with("\"Japan\"", "\u{201C}Japan\""),
                "e.toml:3:11: error[curly-quotes]: curly quotes \u{201C} \u{201D} are not quotes in TOML (help: \
                 replace the curly quotes \u{201C} \u{201D} with straight quotes \": country = \"Japan\")",
            ),
            (
                with("\"Japan\"", "\u{201C}Japan\u{201D}"),
                "e.toml:3:11: error[curly-quotes]: curly quotes \u{201C} \u{201D} are not quotes in TOML (help: \
                 replace the curly quotes \u{201C} \u{201D} with straight quotes \": country = \"Japan\")",
            ),
            (
                with("\"Japan\"", "\"Japan\" \u{e9}"),
                "e.toml:3:19: error[toml-syntax]: unexpected text after the value (help: remove it, or put it \
                 inside the quotes with the rest of the text)",
            ),
            (
                with("2026-12-25", "12/25/2026"),
                "e.toml:1:9: error[date-format]: `start` takes a date as YYYY-MM-DD, without quotes (and a time as \
                 THH:MM:SS), not 12/25/2026 (help: write start = 2026-12-25)",
            ),
            (
                with("2026-12-25", "Dec 25, 2026 6:30 PM"),
                "e.toml:1:9: error[date-format]: `start` takes a date as YYYY-MM-DD, without quotes (and a time as \
                 THH:MM:SS), not Dec 25, 2026 6:30 PM (help: write start = 2026-12-25T18:30:00)",
            ),
            (
                with("2026-12-25", "\"12/25/2026\""),
                "e.toml:1:9: error[date-format]: `start` takes a date as YYYY-MM-DD, without quotes (and a time as \
                 THH:MM:SS), not \"12/25/2026\" (help: write start = 2026-12-25)",
            ),
            (
                with("count = 1", "count = 127,810"),
                "e.toml:2:9: error[number-format]: numbers in TOML have no thousands separators: 127,810 (help: \
                 write 127810 or 127_810)",
            ),
            (
                with("count = 1", "count = \"127,810\""),
                "e.toml:2:9: error[number-format]: numbers in TOML have no thousands separators: \"127,810\" (help: \
                 write 127810 or 127_810)",
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(problems(&text), [expected], "{text}");
        }
    }

    #[test]
    fn a_string_where_a_date_goes_says_so_when_it_is_no_known_date() {
        let found = problems(&with("2026-12-25", "\"soon\""));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("e.toml:1:9: error[wrong-type]: expected a date, found string"),
            "{found:?}"
        );
    }

    #[test]
    fn numbers_are_grouped_in_threes() {
        assert_eq!(group_with_underscores("127810"), "127_810");
        assert_eq!(group_with_underscores("1234567"), "1_234_567");
        assert_eq!(group_with_underscores("12"), "12");
    }
}
