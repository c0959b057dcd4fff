//! The command line, run as a staff member or an operator would: `check` exit codes and
//! output, `serve` refusing bad content, staff accounts, the committed editor schemas
//! matching the types.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers may, as tests do

mod common;

use std::process::Command;

use common::{copy_dir, root};

fn bin() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sister-cities"));
    command.current_dir(root());
    command
}

fn broken_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("tests/fixtures/valid"), dir.path());
    copy_dir(
        &root().join("tests/fixtures/invalid/many-problems"),
        dir.path(),
    );
    dir
}

#[test]
fn check_passes_on_the_bundled_content() {
    let output = bin().arg("check").output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("The content in content is fine: 4 sister cities"),
        "{stdout}"
    );
}

#[test]
fn check_fails_with_every_problem_and_exit_code_1() {
    let site = broken_site();
    let output = bin()
        .args(["check", "--static", "tests/fixtures/static", "--content"])
        .arg(site.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let path = site.path().display();
    for location in [
        format!("{path}/cities/colima.toml:4:20"),
        format!("{path}/cities/seika.toml:8:12"),
        format!("{path}/cities/seika.toml:30:8"),
        format!("{path}/site.toml:14:13"),
    ] {
        assert!(
            stderr.contains(&location),
            "{location} missing from:\n{stderr}"
        );
    }
    assert!(
        stderr.contains("4 problems found in the content."),
        "{stderr}"
    );
}

/// `check ... | head`: a reader that stops reading (here, one that has gone before the first
/// line) ends the output; the exit status still says what `check` found, and nothing panics.
#[test]
fn a_reader_that_goes_away_does_not_make_a_command_panic() {
    let site = broken_site();
    for (args, expected) in [
        (vec!["check", "--static", "tests/fixtures/static"], 1),
        (vec!["check"], 0),
    ] {
        let mut child = bin()
            .args(&args)
            .args(if expected == 1 {
                vec!["--content".into(), site.path().as_os_str().to_owned()]
            } else {
                vec![]
            })
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        drop(child.stderr.take());
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(expected), "{args:?}: {status}");
    }
}

#[test]
fn check_can_report_as_json_for_tools() {
    let site = broken_site();
    let output = bin()
        .args([
            "check",
            "--format",
            "json",
            "--static",
            "tests/fixtures/static",
            "--content",
        ])
        .arg(site.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["ok"], false);
    assert_eq!(report["count"], 4);
    let first = &report["problems"][0];
    assert_eq!(first["line"], 4);
    assert_eq!(first["column"], 20);
    assert_eq!(first["message"], "\"spanish!\" is not a language tag");
    assert!(first["help"].as_str().unwrap().contains("BCP 47"));

    let clean = bin().args(["check", "--format", "json"]).output().unwrap();
    assert!(clean.status.success());
    let report: serde_json::Value = serde_json::from_slice(&clean.stdout).unwrap();
    assert_eq!(report["ok"], true);
    assert_eq!(report["count"], 0);
}

#[test]
fn check_reports_a_static_folder_it_cannot_read_as_a_problem() {
    let output = bin()
        .args(["check", "--format", "json", "--static", "no-such-folder"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["ok"], false);
    assert_eq!(report["count"], 1);
    let message = report["problems"][0]["message"].as_str().unwrap();
    assert!(message.contains("no-such-folder"), "{message}");
    let text = bin()
        .args(["check", "--static", "no-such-folder"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&text.stderr);
    assert!(stderr.starts_with("error: "), "{stderr}");
}

#[test]
fn serve_refuses_to_start_on_bad_content_and_lists_every_problem() {
    let site = broken_site();
    let state = tempfile::tempdir().unwrap();
    let output = bin()
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--no-watch",
            "--static",
            "tests/fixtures/static",
            "--state-dir",
        ])
        .arg(state.path())
        .arg("--content")
        .arg(site.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("4 problems found in the content."),
        "{stderr}"
    );
    assert!(stderr.contains("site.toml:14:13"), "{stderr}");
}

/// `staff add NAME` with the password on standard input, as a script or `sudo -u` runs it.
fn staff(args: &[&str], state: &std::path::Path, stdin: &str) -> std::process::Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = bin()
        .arg("staff")
        .args(args)
        .arg("--state-dir")
        .arg(state)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn staff_accounts_are_added_listed_and_removed_and_only_their_hashes_kept() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    let text = |output: &std::process::Output| {
        format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    };
    let listed = staff(&["list"], &state, "");
    assert!(listed.status.success());
    assert!(
        text(&listed).starts_with("No staff accounts"),
        "{}",
        text(&listed)
    );

    let short = staff(&["add", "jsmith"], &state, "too short\n");
    assert_eq!(short.status.code(), Some(1));
    assert!(
        text(&short).contains("error: the password is too short (9 characters): use at least 12"),
        "{}",
        text(&short)
    );
    let bad_name = staff(&["add", "j smith"], &state, "a long enough password\n");
    assert_eq!(bad_name.status.code(), Some(1));
    assert!(text(&bad_name).contains("\"j smith\" cannot be a staff name"));
    let nothing = staff(&["add", "jsmith"], &state, "");
    assert!(
        text(&nothing).contains("no password on standard input"),
        "{}",
        text(&nothing)
    );

    let added = staff(&["add", "jsmith"], &state, "a long enough password\r\n");
    assert!(added.status.success(), "{}", text(&added));
    assert!(text(&added).starts_with("Added the staff account jsmith."));
    let again = staff(&["add", "jsmith"], &state, "another long password\n");
    assert!(text(&again).contains("--replace"), "{}", text(&again));
    let kept = std::fs::read_to_string(state.join("staff.toml")).unwrap();
    assert!(kept.contains("$argon2id$"), "{kept}");
    assert!(!kept.contains("a long enough password"), "{kept}");
    // The line ending is not part of the password.
    let accounts = sister_cities::state::StateDir::open(&state)
        .unwrap()
        .accounts();
    assert_eq!(
        accounts
            .sign_in("jsmith", "a long enough password")
            .unwrap(),
        sister_cities::state::accounts::SignIn::Accepted
    );

    assert!(text(&staff(&["list"], &state, "")).starts_with("jsmith (added "));
    assert!(staff(&["remove", "jsmith"], &state, "").status.success());
    let gone = staff(&["remove", "jsmith"], &state, "");
    assert_eq!(gone.status.code(), Some(1));
    assert!(text(&gone).contains("there is no staff account jsmith"));
}

#[test]
fn help_documents_every_flag_and_its_environment_variable() {
    let output = bin().args(["serve", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&output.stdout);
    for (flag, env) in [
        ("--addr", "SISTER_CITIES_ADDR"),
        ("--content", "SISTER_CITIES_CONTENT"),
        ("--static", "SISTER_CITIES_STATIC"),
        ("--no-watch", "SISTER_CITIES_NO_WATCH"),
        ("--drafts", "SISTER_CITIES_DRAFTS"),
        ("--status-page", "SISTER_CITIES_STATUS_PAGE"),
        ("--https", "SISTER_CITIES_HTTPS"),
        ("--header-timeout", "SISTER_CITIES_HEADER_TIMEOUT"),
        ("--base-url", "SISTER_CITIES_BASE_URL"),
        ("--log-format", "SISTER_CITIES_LOG_FORMAT"),
        ("--state-dir", "SISTER_CITIES_STATE_DIR"),
        ("--keep-days", "SISTER_CITIES_KEEP_DAYS"),
    ] {
        assert!(
            help.contains(flag) && help.contains(env),
            "{flag} / {env} missing:\n{help}"
        );
    }
}

#[test]
fn the_committed_editor_schemas_match_the_content_types() {
    for (name, generated) in sister_cities::content::schema::all() {
        let path = root().join("content/schema").join(name);
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "{} is out of date: run `cargo run -- schema` and commit the result",
            path.display()
        );
    }
}

#[test]
fn every_content_file_names_its_schema_on_its_first_line() {
    let content = root().join("content");
    let mut files = vec![
        (
            content.join("site.toml"),
            "#:schema schema/site.schema.json".to_owned(),
        ),
        (
            content.join("program.toml"),
            "#:schema schema/program.schema.json".to_owned(),
        ),
        (
            content.join("get-involved.toml"),
            "#:schema schema/get-involved.schema.json".to_owned(),
        ),
    ];
    for name in ["site", "program", "get-involved"] {
        files.push((
            content.join(format!("{name}.es.toml")),
            format!("#:schema schema/{name}.translation.schema.json"),
        ));
    }
    for (folder, directive) in [
        ("cities", "#:schema ../schema/city.schema.json"),
        ("events", "#:schema ../schema/event.schema.json"),
        ("news", "#:schema ../schema/news.schema.json"),
        ("pages", "#:schema ../schema/page.schema.json"),
    ] {
        for entry in std::fs::read_dir(content.join(folder)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|ext| ext == "toml") {
                files.push((path, directive.to_owned()));
            }
        }
    }
    // Translation files name the translation schema of their kind.
    let translations: Vec<(std::path::PathBuf, String)> = files
        .iter()
        .filter_map(|(path, directive)| {
            let name = path.file_name()?.to_str()?;
            let (stem, language) = name.strip_suffix(".toml")?.rsplit_once('.')?;
            let _ = stem;
            (language.len() == 2 && !directive.contains(".translation.")).then(|| {
                (
                    path.clone(),
                    directive.replace(".schema.json", ".translation.schema.json"),
                )
            })
        })
        .collect();
    files.retain(|(path, directive)| {
        directive.contains(".translation.") || !translations.iter().any(|(t, _)| t == path)
    });
    assert!(translations.len() >= 10, "{translations:?}");
    files.extend(translations);
    // The fixtures' files name their schemas too, so they are examples to copy.
    let fixture = root().join("tests/fixtures/valid");
    for (folder, directive) in [
        ("events", "#:schema ../schema/event.schema.json"),
        ("news", "#:schema ../schema/news.schema.json"),
    ] {
        for entry in std::fs::read_dir(fixture.join(folder)).unwrap() {
            files.push((entry.unwrap().path(), directive.to_owned()));
        }
    }
    for (path, directive) in files {
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text.lines().next(),
            Some(directive.as_str()),
            "{}",
            path.display()
        );
    }
}

#[test]
fn base_url_can_be_set_by_the_operator() {
    let out = tempfile::tempdir().unwrap();
    let output = bin()
        .args([
            "build",
            "--base-url",
            "https://staging.example.gov",
            "--out",
        ])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let home = std::fs::read_to_string(out.path().join("index.html")).unwrap();
    assert!(home.contains("<link rel=\"canonical\" href=\"https://staging.example.gov/\">"));
    let index = std::fs::read_to_string(out.path().join("sitemap.xml")).unwrap();
    assert!(index.contains("<loc>https://staging.example.gov/sitemap-1.xml</loc>"));
    let sitemap = std::fs::read_to_string(out.path().join("sitemap-1.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://staging.example.gov/cities/seika</loc>"));

    let refused = bin()
        .args(["check", "--base-url", "ftp://x"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("\"ftp://x\" is not an https address"),
        "{stderr}"
    );
}

/// A site whose only problems are warnings (Markdown that would not come out as meant).
fn site_with_warnings() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("tests/fixtures/valid"), dir.path());
    copy_dir(
        &root().join("tests/fixtures/invalid/markdown-warnings"),
        dir.path(),
    );
    std::fs::remove_file(dir.path().join("expected.txt")).unwrap();
    dir
}

#[test]
fn warnings_pass_check_unless_denied_and_read_as_github_annotations() {
    let site = site_with_warnings();
    let check = |extra: &[&str]| {
        bin()
            .args(["check", "--static", "tests/fixtures/static", "--content"])
            .arg(site.path())
            .args(extra)
            .output()
            .unwrap()
    };
    let output = check(&[]);
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("warning[link-scheme]: the link to www.colima.gob.mx"),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("7 warnings found in the content.\n"),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("is fine"));

    assert_eq!(check(&["--deny-warnings"]).status.code(), Some(1));

    let github = check(&["--format", "github"]);
    assert_eq!(github.status.code(), Some(0));
    let lines: Vec<String> = String::from_utf8_lossy(&github.stdout)
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(lines.len(), 7, "{lines:?}");
    let path = site.path().join("cities/colima.toml");
    assert!(
        lines[1].starts_with(&format!(
            "::warning file={},line=23,col=27,endLine=23,endColumn=61,title=link-scheme::the link",
            path.display()
        )),
        "{lines:?}"
    );

    let json = check(&["--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["ok"], true);
    assert_eq!(report["errors"], 0);
    assert_eq!(report["warnings"], 7);
    assert_eq!(report["problems"][0]["severity"], "warning");
    assert_eq!(report["problems"][0]["code"], "indented-text");
}

/// jemalloc returns freed pages from a thread of its own (`src/main.rs`), not on the thread
/// that frees them: at scale, that was some 7% of each reload before its site went live.
#[cfg(all(target_os = "linux", not(target_env = "msvc")))]
#[test]
fn the_allocator_returns_memory_from_a_thread_of_its_own() {
    use std::io::BufRead;
    let state = tempfile::tempdir().unwrap();
    let mut server = bin()
        .args(["serve", "--addr", "127.0.0.1:0", "--no-watch"])
        .args([
            "--content",
            "tests/fixtures/valid",
            "--static",
            "tests/fixtures/static",
        ])
        .arg("--state-dir")
        .arg(state.path())
        .env_remove("_RJEM_MALLOC_CONF")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(line.starts_with("Serving"), "{line}");
    let threads: Vec<String> = std::fs::read_dir(format!("/proc/{}/task", server.id()))
        .unwrap()
        .map(|task| std::fs::read_to_string(task.unwrap().path().join("comm")).unwrap())
        .collect();
    server.kill().unwrap();
    server.wait().unwrap();
    assert!(
        threads.iter().any(|name| name.trim() == "jemalloc_bg_thd"),
        "{threads:?}"
    );
}
