//! `check`: builds the site exactly as `serve` would, and reports every problem.

use std::path::Path;

use serde::Serialize;

use crate::config::{CheckArgs, Format};
use crate::content::Diagnostic;
use crate::error_text::Chain;
use crate::live::{self, BuildError};

/// The JSON report, for editors and CI tools.
#[derive(Serialize)]
struct Report<'a> {
    ok: bool,
    count: usize,
    problems: &'a [Diagnostic],
}

/// Runs the check and prints the report. Returns whether the content is clean.
pub fn run(args: &CheckArgs) -> bool {
    let source = args.content.source();
    // Drafts included: a draft must be valid too, or previewing it would fail.
    let result = live::build(&source, true, jiff::Timestamp::now());
    let problems = match &result {
        Ok(_) => Vec::new(),
        Err(error) => problems_of(error),
    };
    match args.format {
        Format::Json => {
            let report = Report {
                ok: result.is_ok(),
                count: problems.len(),
                problems: &problems,
            };
            match serde_json::to_string_pretty(&report) {
                Ok(json) => println!("{json}"),
                Err(error) => eprintln!("error: cannot write the report: {error}"),
            }
        }
        Format::Text => match &result {
            Ok(snapshot) => println!(
                "The content in {} is fine: {} sister cities, {} pages.",
                args.content.content.display(),
                snapshot.content.cities.len(),
                snapshot.site.paths().len()
            ),
            Err(BuildError::Content(diagnostics)) => eprintln!("{diagnostics}"),
            Err(error) => eprintln!("error: {}", Chain(error)),
        },
    }
    result.is_ok()
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
