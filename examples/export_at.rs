//! `build --out`, for a moment given rather than now: the same content exported twice at the
//! same moment gives the same bytes, so two versions of the program can be compared byte for
//! byte (scripts/compare-export).
//!
//! Usage: cargo run --example export_at -- CONTENT_DIR STATIC_DIR OUT_DIR MOMENT
//! (MOMENT such as 2026-06-01T12:00:00Z)

#![allow(clippy::print_stdout, clippy::print_stderr)] // a tool run by a script, not the program

use std::path::PathBuf;
use std::process::ExitCode;

use sister_cities::{content, export, live};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [content_dir, static_dir, out, moment] = args.as_slice() else {
        eprintln!("usage: export_at CONTENT_DIR STATIC_DIR OUT_DIR MOMENT");
        return ExitCode::FAILURE;
    };
    let now: jiff::Timestamp = match moment.parse() {
        Ok(now) => now,
        Err(error) => {
            eprintln!("error: {moment} is not a moment: {error}");
            return ExitCode::FAILURE;
        }
    };
    let source = content::Source {
        content_dir: PathBuf::from(content_dir),
        static_dir: Some(PathBuf::from(static_dir)),
        base_url: None,
    };
    let snapshot = match live::build(&source, false, now) {
        Ok(snapshot) => snapshot,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    match export::export(&snapshot, Some(&PathBuf::from(static_dir)), out.as_ref()) {
        Ok(summary) => {
            println!("{} pages, {} files", summary.pages, summary.files);
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
