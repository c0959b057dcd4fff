//! Any bytes as any one content file: loading, checking and rendering the site, and drawing
//! every problem found (the source line with a caret, as `check` and the staff page show it),
//! never panic. The first byte picks the file; the rest is its bytes. The other files stay as
//! in the valid fixture, so a mutation that keeps the file well-formed reaches validation and
//! rendering; the file is also assembled with its good version as the last good one, as the
//! live site does.

#![no_main]

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use sister_cities::content::{self, FileSet, Folder, Source};
use sister_cities::live::BuildError;

/// The files a staff member edits, one of each kind.
const FILES: [&str; 6] = [
    "site.toml",
    "program.toml",
    "get-involved.toml",
    "cities/seika.toml",
    "events/reception.toml",
    "news/seika-agreement.toml",
];

struct Fixture {
    _dir: tempfile::TempDir,
    source: Source,
    originals: Vec<(PathBuf, Vec<u8>)>,
    /// The valid fixture as the last good version of every file.
    last_good: FileSet,
}

static FIXTURE: LazyLock<Fixture> = LazyLock::new(|| {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = tempfile::tempdir().expect("a temporary folder");
    copy_dir(&root.join("tests/fixtures/valid"), dir.path());
    let originals = FILES
        .iter()
        .map(|file| {
            let path = dir.path().join(file);
            let text = std::fs::read(&path).expect("a fixture file");
            (path, text)
        })
        .collect();
    let last_good = Folder::read(dir.path()).files;
    Fixture {
        last_good,
        source: Source {
            content_dir: dir.path().to_path_buf(),
            static_dir: Some(root.join("tests/fixtures/static")),
            base_url: None,
        },
        _dir: dir,
        originals,
    }
});

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("a folder");
    for entry in std::fs::read_dir(from).expect("the fixture folder") {
        let entry = entry.expect("an entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("a copy");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, text)) = data.split_first() else {
        return;
    };
    let fixture = &*FIXTURE;
    let (path, original) = &fixture.originals[usize::from(which) % FILES.len()];
    std::fs::write(path, text).expect("writing the file under test");
    let now = jiff::Timestamp::from_second(1_790_000_000).expect("a fixed moment");
    // Ok or a list of diagnostics: both fine. A panic is the failure.
    if let Err(BuildError::Content(problems)) = sister_cities::live::build(&fixture.source, false, now) {
        let _ = problems.to_string();
        for problem in problems.iter() {
            let _ = problem.one_line();
        }
    }
    let folder = Folder::read(&fixture.source.content_dir);
    if let Ok(assembly) = content::assemble(&fixture.source, content::today(now), &folder, &fixture.last_good) {
        let _ = assembly.problems.to_string();
    }
    std::fs::write(path, original).expect("restoring the file");
});
