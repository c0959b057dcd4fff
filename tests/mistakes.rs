//! Staff mistakes never cost the site, tried against the real server binary on 127.0.0.1 as
//! staff and operators meet them: a file broken while others are edited, a restart while a
//! file is broken, a city deleted by mistake and brought back with `history` and `restore`, a
//! state folder that is damaged or belongs to something else.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers may, as tests do
#![allow(clippy::print_stdout)] // timings measured, shown with --nocapture

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{STAFF_NAME, STAFF_PASSWORD, basic, copy_dir, root};

/// A content folder and a state folder, in a temporary folder.
struct Site {
    _dir: tempfile::TempDir,
    content: PathBuf,
    state: PathBuf,
}

impl Site {
    fn new() -> Site {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        copy_dir(&root().join("tests/fixtures/valid"), &content);
        let state = dir.path().join("state");
        Site {
            _dir: dir,
            content,
            state,
        }
    }

    /// Adds a staff account, to read the staff pages with.
    fn add_staff(&self) {
        let mut add = Command::new(env!("CARGO_BIN_EXE_sister-cities"))
            .args(["staff", "add", STAFF_NAME, "--state-dir"])
            .arg(&self.state)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        writeln!(add.stdin.take().unwrap(), "{STAFF_PASSWORD}").unwrap();
        assert!(add.wait().unwrap().success());
    }

    fn file(&self, name: &str) -> PathBuf {
        self.content.join(name)
    }

    fn edit(&self, name: &str, from: &str, to: &str) {
        let path = self.file(name);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{name} has no {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    /// Runs a command of the program on this site.
    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_sister-cities"))
            .args(args)
            .arg("--content")
            .arg(&self.content)
            .arg("--state-dir")
            .arg(&self.state)
            .output()
            .unwrap()
    }

    fn serve(&self) -> Result<Server, String> {
        Server::start(self)
    }
}

/// The server on a free loopback port, stopped when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    /// Starts the server; its standard error when it exits instead.
    fn start(site: &Site) -> Result<Server, String> {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sister-cities"))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .arg("--content")
            .arg(&site.content)
            .arg("--static")
            .arg(root().join("tests/fixtures/static"))
            .arg("--state-dir")
            .arg(&site.state)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let Some(addr) = line
            .trim()
            .rsplit("http://")
            .next()
            .and_then(|a| a.parse().ok())
        else {
            let output = child.wait_with_output().unwrap();
            return Err(String::from_utf8_lossy(&output.stderr).into_owned());
        };
        Ok(Server { child, addr })
    }

    /// GET a path, signed in as staff (which public pages ignore): the status and the body.
    fn get(&self, path: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(self.addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: {}\r\nConnection: close\r\n\r\n",
            basic(STAFF_NAME, STAFF_PASSWORD)
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        let status = answer
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let body = answer.split_once("\r\n\r\n").map_or("", |(_, b)| b);
        (status, body.to_owned())
    }

    /// Waits until `path` answers a body for which `ready` holds; returns how long it took.
    fn until(&self, path: &str, ready: impl Fn(u16, &str) -> bool) -> Duration {
        let start = Instant::now();
        loop {
            let (status, body) = self.get(path);
            if ready(status, &body) {
                return start.elapsed();
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "{path} never became ready: {status}"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Stops the server as a service manager does (SIGTERM: requests in flight finish, and
    /// the version live is in the history), and returns what it logged.
    fn stop(mut self) -> String {
        let stopped = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .is_ok_and(|status| status.success());
        let deadline = Instant::now() + Duration::from_secs(10);
        while stopped && Instant::now() < deadline {
            if self.child.try_wait().ok().flatten().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.kill();
        let mut stderr = String::new();
        if let Some(mut err) = self.child.stderr.take() {
            let _ = err.read_to_string(&mut stderr);
        }
        let _ = self.child.wait();
        assert!(
            !stderr.contains("panicked"),
            "the server panicked:\n{stderr}"
        );
        stderr
    }
}

const CURLY: &str = "country = \u{201C}Japan\"";

#[test]
fn a_broken_file_holds_back_only_itself_even_across_a_restart() {
    let site = Site::new();
    site.add_staff();
    let server = site.serve().unwrap();
    assert!(server.get("/cities/seika").1.contains(">Japan</dd>"));

    // Staff member A pastes a curly quote into Seika; then B edits Colima.
    site.edit("cities/seika.toml", "country = \"Japan\"", CURLY);
    server.until("/staff", |_, body| body.contains("cities/seika.toml:5:11"));
    let saved = Instant::now();
    site.edit("cities/colima.toml", "region = \"", "region = \"Edited: ");
    server.until("/cities/colima", |_, body| body.contains("Edited: "));
    let live_after = saved.elapsed();
    println!("edit to live with another file broken: {live_after:?}");
    assert!(live_after < Duration::from_secs(1), "{live_after:?}");
    // A keeps its last good version, and staff are told.
    assert!(server.get("/cities/seika").1.contains(">Japan</dd>"));
    let status = server.get("/staff").1;
    assert!(
        status.contains("<li><code>cities/seika.toml</code></li>"),
        "{status}"
    );
    assert!(status.contains("curly quotes"), "{status}");

    // A restart (deploy, reboot) with Seika still broken: the site starts and serves both.
    let log = server.stop();
    // Logged when it appeared, not again at B's edit: a problem left in place is said once.
    assert_eq!(log.matches("cities/seika.toml:5:11").count(), 1, "{log}");
    assert_eq!(
        log.matches("seika.toml: has problems: the site keeps its last good version")
            .count(),
        1,
        "{log}"
    );
    let server = site.serve().unwrap();
    assert!(server.get("/cities/seika").1.contains(">Japan</dd>"));
    assert!(server.get("/cities/colima").1.contains("Edited: "));
    assert!(server.get("/staff").1.contains("cities/seika.toml:5:11"));
    let log = server.stop();
    assert!(
        log.contains("the site keeps its last good version"),
        "{log}"
    );
}

#[test]
fn a_deleted_city_comes_back_with_history_and_restore() {
    let site = Site::new();
    let server = site.serve().unwrap();
    assert_eq!(server.get("/cities/colima").0, 200);
    // The first version is recorded on a thread of its own: a change put live before that is
    // folded into it.
    for _ in 0..100 {
        let output = site.run(&["history"]);
        if String::from_utf8_lossy(&output.stdout).starts_with("Version 1: ") {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    std::fs::remove_file(site.file("cities/colima.toml")).unwrap();
    server.until("/cities/colima", |status, _| status == 404);
    // The history records the removal (it is written just after the site changes).
    let mut history = String::new();
    for _ in 0..100 {
        let output = site.run(&["history"]);
        assert!(output.status.success());
        history = String::from_utf8_lossy(&output.stdout).into_owned();
        if history.contains("removed cities/colima.toml") {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(history.starts_with("Version 2: "), "{history}");
    assert!(
        history.contains("    removed cities/colima.toml"),
        "{history}"
    );
    let of_colima =
        String::from_utf8_lossy(&site.run(&["history", "cities/colima.toml"]).stdout).into_owned();
    assert!(of_colima.contains("Version 1: "), "{of_colima}");

    let output = site.run(&["restore", "1", "content/cities/colima.toml"]);
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(said.contains("cities/colima.toml (version 1, "), "{said}");
    assert!(said.contains("Recorded as version 3."), "{said}");
    server.until("/cities/colima", |status, _| status == 200);
    let history = String::from_utf8_lossy(&site.run(&["history"]).stdout).into_owned();
    assert!(
        history.contains("restored cities/colima.toml from version 1"),
        "{history}"
    );
    server.stop();

    // A version or file that does not exist is a clear error.
    let output = site.run(&["restore", "99"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("there is no version 99"));
    let output = site.run(&["restore", "1", "cities/atlantis.toml"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("version 1 has no file cities/atlantis.toml")
    );
}

#[test]
fn the_server_refuses_to_start_only_when_a_required_file_was_never_good() {
    let site = Site::new();
    // A new city broken from its first save: the site starts without it.
    std::fs::write(
        site.file("cities/newtown.toml"),
        "name = \u{201C}Newtown\"\n",
    )
    .unwrap();
    let server = site.serve().unwrap();
    assert_eq!(server.get("/cities/newtown").0, 404);
    assert_eq!(server.get("/cities/seika").0, 200);
    server.stop();

    // site.toml broken: with a good version in the history the site starts...
    site.edit(
        "site.toml",
        "time_zone = \"America/Chicago\"",
        "time_zone = \"CST\"",
    );
    let server = site.serve().unwrap();
    assert_eq!(server.get("/").0, 200);
    server.stop();
    // ...and without one (a new state folder) it cannot, and says why.
    std::fs::remove_dir_all(&site.state).unwrap();
    let error = site.serve().err().expect("the server must not start");
    assert!(error.contains("unknown time zone \"CST\""), "{error}");
    assert!(error.contains("America/Chicago"), "{error}");
    assert!(error.contains("no earlier good version"), "{error}");
}

#[test]
fn a_state_folder_of_something_else_is_refused_and_a_damaged_history_is_set_aside() {
    let site = Site::new();
    std::fs::create_dir_all(&site.state).unwrap();
    std::fs::write(site.state.join("payroll.csv"), "not ours").unwrap();
    let error = site
        .serve()
        .err()
        .expect("a foreign folder must be refused");
    assert!(
        error.contains("is not a sister-cities state folder"),
        "{error}"
    );
    assert_eq!(
        std::fs::read_to_string(site.state.join("payroll.csv")).unwrap(),
        "not ours"
    );
    std::fs::remove_file(site.state.join("payroll.csv")).unwrap();

    site.serve().unwrap().stop();
    // The branch now points at an object that is not there.
    let branch = find_branch(&site.state.join("history.git/refs/heads"));
    std::fs::write(&branch, "0123456789012345678901234567890123456789\n").unwrap();
    let server = site.serve().unwrap();
    assert_eq!(server.get("/cities/seika").0, 200);
    let log = server.stop();
    assert!(log.contains("the history is damaged"), "{log}");
    let set_aside = std::fs::read_dir(&site.state).unwrap().flatten().any(|e| {
        e.file_name()
            .to_string_lossy()
            .starts_with("history.git.damaged-")
    });
    assert!(set_aside, "the damaged history is kept for IT");
}

fn find_branch(dir: &Path) -> PathBuf {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .next()
        .expect("a branch")
}
