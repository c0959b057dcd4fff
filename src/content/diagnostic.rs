//! Problems found in content, reported the way a compiler would: the file, the line and column,
//! the source line with a caret, what is wrong and what to write instead.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use serde::Serialize;

/// One problem in one content file.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    /// The file, as the editor gave it (relative to where the program runs when possible).
    pub path: PathBuf,
    /// 1-based line of the offending key or value.
    pub line: usize,
    /// 1-based column (in characters) of the offending key or value.
    pub column: usize,
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
    /// A problem at a byte range of a file's text.
    pub fn at(file: &SourceFile, span: Range<usize>, message: impl Into<String>) -> Self {
        let (line, column) = file.line_col(span.start);
        Self {
            path: file.path.clone(),
            line,
            column,
            message: message.into(),
            help: None,
            span: Some(span),
            source: Some(file.text.clone()),
        }
    }

    /// A problem with a whole file (it cannot be read, or a top-level key is missing).
    pub fn file(path: &Path, message: impl Into<String>) -> Self {
        Self {
            path: path.to_path_buf(),
            line: 1,
            column: 1,
            message: message.into(),
            help: None,
            span: None,
            source: None,
        }
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

    /// The one-line form used in logs: `PATH:LINE:COL: message (help: ...)`.
    pub fn one_line(&self) -> String {
        match &self.help {
            Some(help) => format!("{}: {} (help: {help})", self.location(), self.message),
            None => format!("{}: {}", self.location(), self.message),
        }
    }
}

/// The rustc-style report: header, `--> PATH:LINE:COL`, the source line with a caret, and help.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (Some(source), Some(span)) = (&self.source, &self.span) else {
            // A problem with the whole file: no line to show.
            write!(f, "error: {}\n --> {}", self.message, self.location())?;
            if let Some(help) = &self.help {
                write!(f, "\n  = help: {help}")?;
            }
            return Ok(());
        };
        let path = self.path.display().to_string();
        let mut group = Level::ERROR.primary_title(self.message.as_str()).element(
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
        let count = self.0.len();
        for (number, diagnostic) in self.0.iter().enumerate() {
            writeln!(f, "{}. {}\n", number + 1, diagnostic)?;
        }
        let noun = if count == 1 { "problem" } else { "problems" };
        write!(f, "{count} {noun} found in the content.")
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

    #[test]
    fn display_shows_location_caret_and_help() {
        let file = SourceFile::new("content/a.toml".into(), "name = 12\n".into());
        let d = Diagnostic::at(&file, 7..9, "expected text").help("write name = \"Seika\"");
        let text = d.to_string();
        assert!(text.contains("content/a.toml:1:8"), "{text}");
        assert!(text.contains("^^"), "{text}");
        assert!(text.contains("help: write name = \"Seika\""), "{text}");
    }
}
