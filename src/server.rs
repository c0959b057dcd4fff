//! `serve`: load and render the site, listen, and shut down gracefully on SIGINT or SIGTERM.

use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;

use arc_swap::ArcSwap;
use axum::serve::ListenerExt;
use jiff::Timestamp;

use crate::config::{ContentArgs, ServeArgs};
use crate::content::{self, Diagnostics};
use crate::http;
use crate::render::{self, RenderError, Site};

/// Why the server could not start or stopped with an error.
#[derive(Debug)]
pub enum ServeError {
    /// The content has problems; each is listed.
    Content(Diagnostics),
    /// A template failed to render.
    Render(RenderError),
    /// The address could not be bound or the server failed.
    Io {
        addr: SocketAddr,
        source: std::io::Error,
    },
}

impl fmt::Display for ServeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServeError::Content(diagnostics) => write!(f, "{diagnostics}"),
            ServeError::Render(error) => write!(f, "error: {error}"),
            ServeError::Io { addr, source } => write!(f, "error: cannot serve on {addr}: {source}"),
        }
    }
}

impl std::error::Error for ServeError {}

/// Loads, checks and renders the whole site from its folders, as of now.
pub fn build_site(args: &ContentArgs) -> Result<Site, ServeError> {
    let source = content::Source {
        content_dir: args.content.clone(),
        static_dir: Some(args.static_dir.clone()),
    };
    let now = Timestamp::now();
    let content = content::load(&source, today(now)).map_err(ServeError::Content)?;
    let options = render::Options { drafts: false, now };
    render::render(&content, &options).map_err(ServeError::Render)
}

/// Today's date, for checks such as "not in the future". UTC is close enough for a year.
fn today(now: Timestamp) -> jiff::civil::Date {
    now.to_zoned_datetime(jiff::tz::TimeZone::UTC).date()
}

pub async fn serve(args: ServeArgs) -> Result<(), ServeError> {
    let site = build_site(&args.content)?;
    let shared = Arc::new(ArcSwap::from_pointee(site));
    let app = http::router(shared, args.content.static_dir.clone());
    let io_error = |source| ServeError::Io {
        addr: args.addr,
        source,
    };
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .map_err(io_error)?;
    let addr = listener.local_addr().map_err(io_error)?;
    println!("Serving the Sister Cities site on http://{addr}");
    tracing::info!(%addr, "listening");
    // Without TCP_NODELAY, small responses wait on Nagle's algorithm and delayed ACKs (~40 ms).
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(io_error)?;
    tracing::info!("stopped");
    Ok(())
}

/// Resolves on Ctrl-C (SIGINT) or SIGTERM, whichever comes first.
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
