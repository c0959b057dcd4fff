//! Hostile requests over raw TCP against the real server binary on 127.0.0.1, for what a
//! client library would refuse to send. Every answer must be a 4xx (or a closed connection),
//! never a 5xx, a panic or a hang. Each case is bounded in time. Also here, because they need
//! a real socket: large static files, which are sent with sendfile, arrive intact, and what
//! the server adds to each connection's requests (the security headers, the peer's address).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers may, as tests do

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::root;

/// The server, started once per test on a free loopback port, stopped when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
    _state: tempfile::TempDir,
}

impl Server {
    fn start() -> Server {
        Server::start_with(tempfile::tempdir().unwrap())
    }

    /// The server on a state folder of the test's.
    fn start_with(state: tempfile::TempDir) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sister-cities"))
            .current_dir(root())
            .env("SISTER_CITIES_STATE_DIR", state.path())
            .args([
                "serve",
                "--addr",
                "127.0.0.1:0",
                "--no-watch",
                "--header-timeout",
                "1",
            ])
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .trim()
            .rsplit("http://")
            .next()
            .unwrap()
            .parse()
            .unwrap();
        Server {
            child,
            addr,
            _state: state,
        }
    }

    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(self.addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        stream
    }

    /// Sends raw bytes and returns everything the server answers until it closes or goes
    /// quiet (the answer, or "" for a closed connection).
    fn exchange(&self, request: &[u8]) -> String {
        let mut stream = self.connect();
        let _ = stream.write_all(request);
        read_all(&mut stream)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
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
    }
}

fn read_all(stream: &mut TcpStream) -> String {
    let mut answer = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                answer.extend_from_slice(&buf[..n]);
                // One complete answer is enough for requests that keep the connection.
                if is_complete(&answer) {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    String::from_utf8_lossy(&answer).into_owned()
}

fn is_complete(answer: &[u8]) -> bool {
    let text = String::from_utf8_lossy(answer);
    let Some(head_end) = text.find("\r\n\r\n") else {
        return false;
    };
    match content_length(&text[..head_end]) {
        Some(length) => answer.len() >= head_end + 4 + length,
        None => false,
    }
}

/// The Content-Length of a response head (0 when it is not a number).
fn content_length(head: &str) -> Option<usize> {
    head.lines().find_map(|l| {
        l.to_ascii_lowercase()
            .strip_prefix("content-length:")
            .map(|v| v.trim().parse::<usize>().unwrap_or(0))
    })
}

fn status(answer: &str) -> u16 {
    answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

#[test]
fn malformed_and_oversized_requests_get_4xx_never_5xx() {
    let server = Server::start();
    let long_uri = format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(4000));
    // Longer than the 16 KiB of headers a request may have, but a target: 414, not 431.
    let target_20k = format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(20_000));
    let target_60k = format!("GET /?{} HTTP/1.1\r\nHost: x\r\n\r\n", "q".repeat(60_000));
    let huge_header = format!(
        "GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
        "b".repeat(20_000)
    );
    let many_headers = format!(
        "GET / HTTP/1.1\r\nHost: x\r\n{}\r\n",
        (0..200)
            .map(|i| format!("X-H{i}: v\r\n"))
            .collect::<String>()
    );
    let cases: Vec<(&str, Vec<u8>, &[u16])> = vec![
        ("garbage request line", b"HELLO\r\n\r\n".to_vec(), &[400]),
        ("unknown method", b"FOO / HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(), &[405]),
        ("TRACE", b"TRACE / HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(), &[405]),
        ("CONNECT", b"CONNECT x:443 HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(), &[400, 405]),
        ("long URI", long_uri.into_bytes(), &[414]),
        ("20 KB target", target_20k.into_bytes(), &[414]),
        ("60 KB target", target_60k.into_bytes(), &[414]),
        ("huge header", huge_header.into_bytes(), &[431]),
        ("too many headers", many_headers.into_bytes(), &[431]),
        ("body on GET", b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello".to_vec(), &[413]),
        ("chunked body on GET", b"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n".to_vec(), &[413]),
        ("POST with a body", b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc".to_vec(), &[405, 413]),
        ("bad content-length", b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n".to_vec(), &[400]),
        ("NUL in path", b"GET /\0 HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(), &[400]),
        ("non-UTF-8 path", b"GET /\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(), &[400, 404]),
        ("bad HTTP version", b"GET / HTTP/9.9\r\nHost: x\r\n\r\n".to_vec(), &[400, 505]),
        ("HTTP/1.1 without Host", b"GET / HTTP/1.1\r\n\r\n".to_vec(), &[400]),
        ("two Hosts", b"GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n".to_vec(), &[400]),
        ("HTTP/1.0 with two Hosts", b"GET / HTTP/1.0\r\nHost: x\r\nHost: x\r\n\r\n".to_vec(), &[400]),
        ("a Host that is not a host", b"GET / HTTP/1.1\r\nHost: a/b\r\n\r\n".to_vec(), &[400]),
    ];
    for (name, request, allowed) in cases {
        let answer = server.exchange(&request);
        let code = status(&answer);
        // A closed connection (no answer) is an acceptable refusal too.
        assert!(
            answer.is_empty() || allowed.contains(&code),
            "{name}: got {code}:\n{answer:.300}"
        );
        assert!(!(500..600).contains(&code), "{name}: server error {code}");
    }
    assert_eq!(
        status(&server.exchange(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")),
        200
    );
}

#[test]
fn path_traversal_is_impossible_in_every_encoding() {
    let server = Server::start();
    for path in [
        "/static/../Cargo.toml",
        "/static/..%2fCargo.toml",
        "/static/%2e%2e/Cargo.toml",
        "/static/%2e%2e%2fCargo.toml",
        "/static/..%5cCargo.toml",
        "/static/%252e%252e/Cargo.toml",
        "/static/....//Cargo.toml",
        "/static/css/../../Cargo.toml",
        "/static//etc/passwd",
        "/static/%2fetc%2fpasswd",
        "/../../../../etc/passwd",
        "/static/..;/Cargo.toml",
        "/static/%c0%ae%c0%ae/Cargo.toml",
    ] {
        let answer = server.exchange(format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes());
        let code = status(&answer);
        assert!(code == 404 || code == 400, "{path}: {code}");
        assert!(
            !answer.contains("[package]") && !answer.contains("root:"),
            "{path} leaked a file"
        );
    }
}

#[test]
fn a_slow_client_is_disconnected_after_the_header_timeout() {
    let server = Server::start();
    let mut stream = server.connect();
    assert_cut_off_after_half_a_head(&mut stream);
    // And the server still serves others.
    assert_eq!(
        status(&server.exchange(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")),
        200
    );
}

/// Each request on a kept connection has the whole header timeout (1 s here) from when the
/// connection waits for it: requests that come more slowly than that in all are served, and
/// a slow head after them is still cut off.
#[test]
fn each_request_on_a_kept_connection_has_its_own_header_deadline() {
    let server = Server::start();
    let mut stream = server.connect();
    let start = Instant::now();
    for _ in 0..5 {
        std::thread::sleep(Duration::from_millis(400));
        stream
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            .unwrap();
        let answer = read_all(&mut stream);
        assert_eq!(status(&answer), 200, "{answer}");
    }
    assert!(start.elapsed() > Duration::from_secs(2));
    assert_cut_off_after_half_a_head(&mut stream);
}

/// Sends the first line of a request and no more: the server (its header timeout 1 s here)
/// must close the connection, with nothing or a 408, well before 4 s.
fn assert_cut_off_after_half_a_head(stream: &mut TcpStream) {
    stream.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
    let start = Instant::now();
    let answer = read_all(stream);
    let waited = start.elapsed();
    assert!(
        waited < Duration::from_secs(4),
        "still connected after {waited:?}"
    );
    assert!(answer.is_empty() || status(&answer) == 408, "{answer}");
}

#[test]
fn odd_but_legal_requests_are_served() {
    let server = Server::start();
    // HTTP/1.0 without Host, absolute-form target, HEAD, pipelining on one connection.
    assert_eq!(status(&server.exchange(b"GET / HTTP/1.0\r\n\r\n")), 200);
    let absolute = server
        .exchange(b"GET http://example.org/cities/seika HTTP/1.1\r\nHost: example.org\r\n\r\n");
    assert!([200, 400].contains(&status(&absolute)), "{absolute:.200}");
    let head =
        server.exchange(b"HEAD /cities/seika HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert_eq!(status(&head), 200);
    assert!(head.ends_with("\r\n\r\n"), "HEAD has no body");

    let mut stream = server.connect();
    let pipelined = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".repeat(20);
    stream.write_all(pipelined.as_bytes()).unwrap();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut all = String::new();
    let _ = stream.read_to_string(&mut all);
    assert_eq!(all.matches("HTTP/1.1 200 OK").count(), 21);
}

#[test]
fn many_idle_connections_do_not_block_others() {
    let server = Server::start();
    let idle: Vec<TcpStream> = (0..200).map(|_| server.connect()).collect();
    let answer = server.exchange(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    assert_eq!(status(&answer), 200);
    drop(idle);
}

/// Reads one response: its head (as text) and its body (by Content-Length).
fn read_response(stream: &mut TcpStream) -> (String, Vec<u8>) {
    let mut bytes = Vec::new();
    let mut byte = [0u8; 1];
    while !bytes.ends_with(b"\r\n\r\n") {
        stream.read_exact(&mut byte).unwrap();
        bytes.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&bytes).into_owned();
    let length = content_length(&head).unwrap_or(0);
    let mut body = vec![0; length];
    stream.read_exact(&mut body).unwrap();
    (head, body)
}

/// Static files of 16 KiB and more (the stylesheet) are sent from files of their own with
/// sendfile: over a real connection they must arrive byte for byte, one after another on a
/// kept-alive connection, also to a slow reader of pipelined requests.
#[test]
fn large_static_files_arrive_whole_and_the_connection_stays_in_step() {
    let server = Server::start();
    let css = std::fs::read(root().join("static/css/site.css")).unwrap();
    assert!(css.len() >= 16 * 1024, "the stylesheet is large enough");
    let home = server.exchange(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    let start = home.find("/static/css/site.").unwrap();
    let url = &home[start..start + home[start..].find('"').unwrap()];
    let get = format!("GET {url} HTTP/1.1\r\nHost: x\r\n\r\n");

    let mut stream = server.connect();
    for _ in 0..3 {
        stream.write_all(get.as_bytes()).unwrap();
        let (head, body) = read_response(&mut stream);
        assert_eq!(status(&head), 200);
        assert!(body == css, "the stylesheet arrived changed");
    }

    let pipelined = format!("{get}{get}{get}GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    stream.write_all(pipelined.as_bytes()).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    for _ in 0..3 {
        let (head, body) = read_response(&mut stream);
        assert_eq!(status(&head), 200);
        assert!(body == css, "a pipelined stylesheet arrived changed");
    }
    let (head, body) = read_response(&mut stream);
    assert_eq!(status(&head), 200);
    assert!(String::from_utf8_lossy(&body).contains("version"));
}

/// A page answered as hyper parsed it (src/http/pages.rs, `Connection`), a refused request,
/// and an answer of the router all carry the same security headers as through the
/// application; and the staff pages see the peer's address, which they accept a password
/// from only when it is this machine (without it, 403).
#[test]
fn answers_over_a_socket_carry_the_security_headers_and_the_staff_pages_see_the_peer() {
    use base64::Engine as _;
    let state = tempfile::tempdir().unwrap();
    let mut add = Command::new(env!("CARGO_BIN_EXE_sister-cities"))
        .args(["staff", "add", "pat.staff", "--state-dir"])
        .arg(state.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    add.stdin
        .take()
        .unwrap()
        .write_all(b"correct horse battery staple\n")
        .unwrap();
    assert!(add.wait().unwrap().success());
    let server = Server::start_with(state);
    let get = |target: &str, host: &str, more: &str| {
        let request = format!("GET {target} HTTP/1.1\r\nHost: {host}\r\n{more}\r\n");
        let answer = server.exchange(request.as_bytes());
        let head = answer
            .split("\r\n\r\n")
            .next()
            .unwrap()
            .to_ascii_lowercase();
        (status(&answer), head)
    };
    let secured = |head: &str| {
        head.contains("\r\ncontent-security-policy: default-src 'none';")
            && head.contains("\r\nx-frame-options: deny")
            && head.contains("\r\nx-content-type-options: nosniff")
            && head.contains("\r\ncross-origin-opener-policy: same-origin")
            && !head.contains("\r\nserver:")
    };
    for (target, host, expected) in [
        ("/cities/seika", "localhost", 200),
        ("/Cities/Seika/", "localhost", 301),
        ("/cities/seika", "a b", 400),
        ("/healthz", "localhost", 200),
        ("/no-such-page", "localhost", 404),
    ] {
        let (status, head) = get(target, host, "");
        assert_eq!(status, expected, "{target} with Host {host}");
        assert!(secured(&head), "{target} with Host {host}:\n{head}");
    }
    let token =
        base64::engine::general_purpose::STANDARD.encode("pat.staff:correct horse battery staple");
    let (status, head) = get(
        "/staff",
        "localhost",
        &format!("Authorization: Basic {token}\r\n"),
    );
    assert_eq!(status, 200, "{head}");
    assert!(secured(&head));
    assert_eq!(get("/staff", "localhost", "").0, 401);
}
