//! `check`: builds the site exactly as `serve` would, and reports every problem: as text for
//! people, JSON for tools, or GitHub Actions annotations for a content repository's CI.

use std::path::Path;

use serde::Serialize;

use crate::config::{CheckArgs, ReportFormat};
use crate::content::diagnostic::Severity;
use crate::content::{Diagnostic, Diagnostics};
use crate::error_text::Chain;
use crate::live::{self, BuildError};

/// The JSON report, for editors and CI tools.
#[derive(Serialize)]
struct Report<'a> {
    /// No errors (and no warnings, with `--deny-warnings`).
    ok: bool,
    count: usize,
    errors: usize,
    warnings: usize,
    problems: &'a [Diagnostic],
}

/// Runs the check and prints the report. Returns whether the content passes: no error, and
/// no warning either with `--deny-warnings`.
pub fn run(args: &CheckArgs) -> bool {
    let source = args.content.source();
    // Drafts included: a draft must be valid too, or previewing it would fail.
    let result = live::build_checked(&source, true, jiff::Timestamp::now());
    let problems = match &result {
        Ok((_, warnings)) => warnings.0.clone(),
        Err(error) => problems_of(error),
    };
    let errors = problems.iter().filter(|p| p.is_error()).count();
    let warnings = problems.len() - errors;
    let ok = errors == 0 && (warnings == 0 || !args.deny_warnings);
    match args.format {
        ReportFormat::Json => {
            let report = Report {
                ok,
                count: problems.len(),
                errors,
                warnings,
                problems: &problems,
            };
            match serde_json::to_string_pretty(&report) {
                Ok(json) => crate::out!("{json}"),
                Err(error) => crate::err!("error: cannot write the report: {error}"),
            }
        }
        ReportFormat::Github => {
            for problem in &problems {
                crate::out!("{}", annotation(problem));
            }
        }
        ReportFormat::Text => {
            if let Err(error @ (BuildError::Render(_) | BuildError::Static(_))) = &result {
                crate::err!("error: {}", Chain(error));
            } else if !problems.is_empty() {
                crate::err!("{}", Diagnostics(problems.clone()));
            }
            if let Ok((snapshot, _)) = &result {
                crate::out!(
                    "The content in {} is fine: {} sister cities, {} pages.",
                    args.content.content.display(),
                    snapshot.content.cities.len(),
                    snapshot.site.page_count()
                );
            }
        }
    }
    ok
}

/// Every problem of a failed build, as diagnostics: a static file that cannot be read, or a
/// template that fails, is one problem too.
fn problems_of(error: &BuildError) -> Vec<Diagnostic> {
    match error {
        BuildError::Content(diagnostics) => diagnostics.0.clone(),
        BuildError::Static(error) => vec![Diagnostic::file(
            "static-file",
            &error.path,
            Chain(error).to_string(),
        )],
        BuildError::Render(error) => {
            vec![Diagnostic::file(
                "template",
                Path::new("templates"),
                Chain(error).to_string(),
            )]
        }
    }
}

/// A GitHub Actions workflow command for a problem: `::error file=...,line=...::message`,
/// shown on the line in the pull request.
fn annotation(problem: &Diagnostic) -> String {
    let level = match problem.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let message = match &problem.help {
        Some(help) => format!("{}\nhelp: {help}", problem.message),
        None => problem.message.clone(),
    };
    format!(
        "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        property(&problem.path.display().to_string()),
        problem.line,
        problem.column,
        problem.end_line,
        problem.end_column,
        property(problem.code),
        data(&message)
    )
}

/// A workflow command's message, escaped as the runner reads it.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value, escaped as the runner reads it.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::SourceFile;

    #[test]
    fn an_annotation_points_at_the_problem_and_escapes_what_the_runner_reads() {
        let file = SourceFile::new("content/cities/a,b.toml".into(), "x = 1\nname = 5\n".into());
        let problem = Diagnostic::at("wrong-type", &file, 13..14, "expected text, 100% sure")
            .help("write name = \"A\"");
        assert_eq!(
            annotation(&problem),
            "::error file=content/cities/a%2Cb.toml,line=2,col=8,endLine=2,endColumn=9,\
             title=wrong-type::expected text, 100%25 sure%0Ahelp: write name = \"A\""
        );
        assert!(annotation(&problem.warning()).starts_with("::warning file="));
    }
}
