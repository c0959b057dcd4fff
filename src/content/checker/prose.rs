//! Staff-written text: Markdown (what would not come out as meant, vague link text, a line
//! ending that joins two words) and sections.

use std::ops::Range;

use super::Checker;
use crate::content::diagnostic::Diagnostic;
use crate::content::markdown;
use crate::content::model::Section;
use crate::content::raw::{self, Spanned};

impl Checker<'_> {
    pub(crate) fn markdown(&mut self, value: &Spanned<String>, key: &str) -> super::model::Html {
        let text = self.text(value, key);
        for link_text in markdown::link_texts(&text) {
            self.link_text(&link_text, value.span());
        }
        let is_site_path = |path: &str| self.ctx.is_site_path(path);
        for finding in markdown::lint(&text, &is_site_path) {
            let snippet = text.get(finding.range.clone()).unwrap_or_default();
            let at = self.find_in_value(snippet, value.span());
            let problem = Diagnostic::at(finding.code, self.file, at, finding.message)
                .help(finding.help)
                .warning();
            self.diagnostics.push(problem);
        }
        self.joined_words(value.span());
        markdown::to_html(&text)
    }

    /// Where some text of a value is in the file: its first line, searched for in the value;
    /// the whole value when it cannot be found (escapes make the file's text differ).
    pub(crate) fn find_in_value(&self, snippet: &str, value: Range<usize>) -> Range<usize> {
        let first_line = snippet.lines().next().unwrap_or_default().trim_end();
        self.file
            .text
            .get(value.clone())
            .filter(|_| !first_line.is_empty())
            .and_then(|source| source.find(first_line))
            .map_or(value.clone(), |i| {
                value.start + i..value.start + i + first_line.len()
            })
    }

    /// In a `"""` text, a line that ends in `\` is joined to the next with the spaces between
    /// them dropped: without a space before the `\`, two words run together ("and\
    /// strengthens" reads "andstrengthens").
    pub(crate) fn joined_words(&mut self, value: Range<usize>) {
        let Some(source) = self.file.text.get(value.clone()) else {
            return;
        };
        if !source.starts_with("\"\"\"") {
            return;
        }
        let mut offset = value.start;
        let mut lines = source.split_inclusive('\n').peekable();
        while let Some(line) = lines.next() {
            let body = line.trim_end_matches(['\n', '\r']);
            let joined = body.ends_with('\\')
                && !body.ends_with("\\\\")
                && body[..body.len() - 1].ends_with(|c: char| c.is_alphanumeric() || c == ',')
                && lines
                    .peek()
                    .is_some_and(|next| next.trim_start().starts_with(char::is_alphanumeric));
            if joined {
                let at = offset + body.len() - 1;
                let next_word: String = lines
                    .peek()
                    .map(|next| {
                        next.trim_start()
                            .chars()
                            .take_while(|c| c.is_alphanumeric())
                            .collect()
                    })
                    .unwrap_or_default();
                let last_word: String = body[..body.len() - 1]
                    .chars()
                    .rev()
                    .take_while(|c| c.is_alphanumeric())
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                self.diagnostics.push(
                    Diagnostic::at(
                        "joined-words",
                        self.file,
                        at..at + 1,
                        format!(
                            "the \\ at the end of this line joins \"{last_word}\" and \"{next_word}\" \
                             into \"{last_word}{next_word}\""
                        ),
                    )
                    .help("put a space before the \\, or remove the \\")
                    .warning(),
                );
            }
            offset += line.len();
        }
    }

    /// A heading with its Markdown text.
    pub(crate) fn section(&mut self, section: &raw::Section) -> Section {
        Section {
            heading: self.text(&section.heading, "heading"),
            text: self.markdown(&section.text, "text"),
        }
    }

    /// Link text must say where the link goes (WCAG 2.4.4): not "click here" or "read more".
    pub(crate) fn link_text(&mut self, text: &str, span: std::ops::Range<usize>) {
        const VAGUE: [&str; 8] = [
            "click here",
            "here",
            "read more",
            "more",
            "link",
            "this link",
            "click",
            "this page",
        ];
        let words = text.trim().trim_end_matches(['.', '!']).to_lowercase();
        if VAGUE.contains(&words.as_str()) {
            // Point at the words themselves when they can be found in the file.
            let at = self
                .file
                .text
                .get(span.clone())
                .and_then(|source| source.find(text))
                .map_or(span.clone(), |i| {
                    span.start + i..span.start + i + text.len()
                });
            self.report(
                "vague-link-text",
                at,
                format!("link text \"{text}\" does not say where the link goes"),
                "words that name the destination, e.g. \"Seika's official website\"",
            );
        }
    }
}
