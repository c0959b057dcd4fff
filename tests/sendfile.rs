//! The stylesheet really goes out through sendfile(2) on Linux: served by hyper over a real
//! socket, through the connection of the files the application's static files are kept
//! in, as the server serves every connection (src/server.rs). The fast path depends on hyper
//! handing the body's bytes to the connection as they are; if an upgrade of hyper (or any
//! change between the body and the socket) stopped that, nothing else would notice: the bytes
//! would simply be copied. This test would fail.
#![cfg(target_os = "linux")]

mod common;

use std::time::Duration;

use hyper_util::rt::TokioExecutor;
use hyper_util::server::conn::auto::Builder;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tower::ServiceExt;

use common::{Query, bundled_app, get, html, root};

#[tokio::test]
async fn the_stylesheet_goes_out_with_sendfile() {
    let app = bundled_app();
    let files = app.send_files().clone();
    let sent = files.clone();
    let (_, home) = get(&app, "/").await;
    let stylesheet = html(&home).attr("link[rel=stylesheet]", "href");
    assert!(stylesheet.starts_with("/static/css/site."), "{stylesheet}");

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move {
        let (stream, _) = listener.accept().await.unwrap();
        let service = TowerToHyperService::new(
            app.map_request(|request: hyper::Request<_>| request.map(axum::body::Body::new)),
        );
        Builder::new(TokioExecutor::new())
            .serve_connection(files.connection(stream), service)
            .await
            .unwrap();
    });

    let before = sent.sendfile_count();
    let mut client = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request =
        format!("GET {stylesheet} HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\n\r\n");
    client.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), client.read_to_end(&mut answer))
        .await
        .expect("the answer in time")
        .unwrap();
    server.await.unwrap();

    let split = answer.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&answer[..split]);
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let body = &answer[split + 4..];
    let on_disk = std::fs::read(root().join("static/css/site.css")).unwrap();
    assert!(
        on_disk.len() >= sister_cities::zero_copy::MIN_LEN,
        "large enough to be kept"
    );
    assert!(body == on_disk, "the stylesheet arrives as it is on disk");
    assert!(
        sent.sendfile_count() > before,
        "the stylesheet was copied into the socket, not sent with sendfile"
    );
}
