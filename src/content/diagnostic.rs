//! Problems found in content, reported the way a compiler would: the file, the line and column,
//! the source line with a caret, what is wrong and what to write instead.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use serde::Serialize;

/// How much a problem matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The file is not published as it is (its last good version stays on the site).
    Error,
    /// The file is published, but something in it is probably not what was meant.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One problem in one content file.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable name for the kind of problem (`unknown-key`, `curly-quotes`...), for tools and
    /// the staff guide's list.
    pub code: &'static str,
    /// The file, as the editor gave it (relative to where the program runs when possible).
    pub path: PathBuf,
    /// 1-based line of the offending key or value.
    pub line: usize,
    /// 1-based column (in characters) of the offending key or value.
    pub column: usize,
    /// Where the offending text ends (1-based line, and the column just after it).
    pub end_line: usize,
    pub end_column: usize,
    /// What is wrong, in plain English.
    pub message: String,
    /// What to write instead, when there is something to suggest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    #[serde(skip)]
    span: Option<Range<usize>>,
    #[serde(skip)]
    source: Option<Arc<str>>,
}

impl Diagnostic {
    /// An error at a byte range of a file's text.
    pub fn at(
        code: &'static str,
        file: &SourceFile,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        let span = off_the_end(&file.text, span);
        let (line, column) = file.line_col(span.start);
        let (end_line, end_column) = file.line_col(span.end.max(span.start));
        Self {
            severity: Severity::Error,
            code,
            path: file.path.clone(),
            line,
            column,
            end_line,
            end_column,
            message: message.into(),
            help: None,
            span: Some(span),
            source: Some(file.text.clone()),
        }
    }

    /// An error with a whole file (it cannot be read, or a top-level key is missing).
    pub fn file(code: &'static str, path: &Path, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            code,
            path: path.to_path_buf(),
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 1,
            message: message.into(),
            help: None,
            span: None,
            source: None,
        }
    }

    /// Makes the problem a warning: the file is published all the same.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Adds what to write instead.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// `PATH:LINE:COL`, the position an editor can jump to.
    pub fn location(&self) -> String {
        format!("{}:{}:{}", self.path.display(), self.line, self.column)
    }

    /// The one-line form used in logs: `PATH:LINE:COL: error[code]: message (help: ...)`.
    pub fn one_line(&self) -> String {
        let head = format!(
            "{}: {}[{}]: {}",
            self.location(),
            self.severity,
            self.code,
            self.message
        );
        match &self.help {
            Some(help) => format!("{head} (help: {help})"),
            None => head,
        }
    }

    /// The line of the file the problem is on, when the file's text is known.
    pub fn source_line(&self) -> Option<&str> {
        let source = self.source.as_deref()?;
        source.lines().nth(self.line.checked_sub(1)?)
    }
}

/// The rustc-style report: header, `--> PATH:LINE:COL`, the source line with a caret, and help.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (Some(source), Some(span)) = (&self.source, &self.span) else {
            // A problem with the whole file: no line to show.
            write!(
                f,
                "{}[{}]: {}\n --> {}",
                self.severity,
                self.code,
                self.message,
                self.location()
            )?;
            if let Some(help) = &self.help {
                write!(f, "\n  = help: {help}")?;
            }
            return Ok(());
        };
        let path = self.path.display().to_string();
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let title = level.primary_title(self.message.as_str()).id(self.code);
        let mut group = title.element(
            Snippet::source(&**source)
                .path(path.as_str())
                .annotation(AnnotationKind::Primary.span(caret_span(source, span))),
        );
        if let Some(help) = &self.help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        write!(f, "{}", Renderer::plain().render(&[group]))
    }
}

/// The span the caret goes under: `span` widened to whole characters (the renderer slices the
/// text there, and a span from the parser may end inside a multi-byte character such as a
/// curly quote), and at least one character wide (an empty span, such as a missing key's,
/// still needs a caret), within the text.
fn caret_span(source: &str, span: &Range<usize>) -> Range<usize> {
    let start = source.floor_char_boundary(span.start);
    let end = source.ceil_char_boundary(span.end.max(span.start));
    if end > start {
        return start..end;
    }
    // One character from `start`, or none at the very end of the text.
    let width = source
        .get(start..)
        .and_then(|rest| rest.chars().next())
        .map_or(0, char::len_utf8);
    start..start + width
}

/// A span at or past the end of a text that ends with a line break, moved to the end of its
/// last line: the line after the break is not drawn, so a problem there (a value missing at
/// the end of the file) is shown, and located, where the text ends.
fn off_the_end(text: &str, span: Range<usize>) -> Range<usize> {
    let Some(last_line) = text.strip_suffix('\n') else {
        return span;
    };
    let end = last_line.strip_suffix('\r').unwrap_or(last_line).len();
    if span.start >= text.len() {
        end..end
    } else {
        span
    }
}

/// Every problem found in one load, in file order. Printed as one numbered list with a count.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(transparent)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether any problem is an error (not only warnings).
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// Orders problems by file, then position, as an editor lists them.
    pub fn sort(&mut self) {
        self.0
            .sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (number, diagnostic) in self.0.iter().enumerate() {
            writeln!(f, "{}. {}\n", number + 1, diagnostic)?;
        }
        let errors = self.0.iter().filter(|d| d.is_error()).count();
        let warnings = self.0.len() - errors;
        let plural = |n: usize, noun: &str| format!("{n} {noun}{}", if n == 1 { "" } else { "s" });
        match (errors, warnings) {
            (_, 0) => write!(f, "{} found in the content.", plural(errors, "problem")),
            (0, _) => write!(f, "{} found in the content.", plural(warnings, "warning")),
            _ => write!(
                f,
                "{} and {} found in the content.",
                plural(errors, "problem"),
                plural(warnings, "warning")
            ),
        }
    }
}

impl std::error::Error for Diagnostics {}

/// A content file's text, kept to point into it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: Arc<str>,
}

impl SourceFile {
    pub fn new(path: PathBuf, text: String) -> Self {
        Self {
            path,
            text: text.into(),
        }
    }

    /// 1-based line and column (counted in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = self.text.get(..offset).unwrap_or("");
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
        (line, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based_and_count_characters() {
        let file = SourceFile::new("x.toml".into(), "a = 1\nname = \"精華町\" x\n".into());
        assert_eq!(file.line_col(0), (1, 1));
        assert_eq!(file.line_col(6), (2, 1));
        let x = file.text.find(" x").map(|i| i + 1).unwrap_or_default();
        assert_eq!(file.line_col(x), (2, 14));
    }

    /// A problem at the end of a file is located where it is drawn: at the end of the last
    /// line, whatever line breaks end the file.
    #[test]
    fn a_problem_at_the_end_of_a_file_is_located_where_it_is_drawn() {
        for (text, expected) in [
            ("\"\"\"\r\n", "x.toml:1:4"),
            ("a = 1\n", "x.toml:1:6"),
            ("a = 1", "x.toml:1:6"),
            ("a = 1\n\n", "x.toml:2:1"),
            ("a = \"精華町\"\r\n", "x.toml:1:10"),
        ] {
            let file = SourceFile::new("x.toml".into(), text.into());
            let problem = Diagnostic::at("toml-syntax", &file, text.len()..text.len(), "expected");
            assert_eq!(problem.location(), expected, "{text:?}");
            let drawn = problem.to_string();
            assert!(
                drawn.contains(&format!("--> {expected}")),
                "{text:?}: {drawn}"
            );
        }
    }

    #[test]
    fn display_shows_location_caret_and_help() {
        let file = SourceFile::new("content/a.toml".into(), "name = 12\n".into());
        let d = Diagnostic::at("wrong-type", &file, 7..9, "expected text")
            .help("write name = \"Seika\"");
        let text = d.to_string();
        assert!(text.contains("content/a.toml:1:8"), "{text}");
        assert!(text.contains("^^"), "{text}");
        assert!(text.contains("help: write name = \"Seika\""), "{text}");
    }
}
