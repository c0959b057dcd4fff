//! `serve`: load and render the site, keep it live (file watching, scheduled re-renders),
//! listen, and shut down gracefully on SIGINT or SIGTERM.

use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::serve::ListenerExt;

use crate::config::ServeArgs;
use crate::content;
use crate::http;
use crate::live::{BuildError, Live};
use crate::watch;

/// Why the server could not start or stopped with an error.
#[derive(Debug)]
pub enum ServeError {
    /// The site could not be built from its content.
    Build(BuildError),
    /// The folders could not be watched.
    Watch(notify_debouncer_full::notify::Error),
    /// The address could not be bound or the server failed.
    Io {
        addr: SocketAddr,
        source: std::io::Error,
    },
}

impl fmt::Display for ServeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServeError::Build(error) => write!(f, "{error}"),
            ServeError::Watch(error) => write!(
                f,
                "error: cannot watch the content folders: {error} (use --no-watch to serve without live reload)"
            ),
            ServeError::Io { addr, source } => write!(f, "error: cannot serve on {addr}: {source}"),
        }
    }
}

impl std::error::Error for ServeError {}

pub async fn serve(args: ServeArgs) -> Result<(), ServeError> {
    let source = content::Source {
        content_dir: args.content.content.clone(),
        static_dir: Some(args.content.static_dir.clone()),
    };
    let live = Arc::new(Live::load(source, args.drafts).map_err(ServeError::Build)?);
    let _watcher = if args.no_watch {
        None
    } else {
        let dirs = [
            args.content.content.clone(),
            args.content.static_dir.clone(),
        ];
        Some(watch::watch(live.clone(), &dirs).map_err(ServeError::Watch)?)
    };
    tokio::spawn(rerender_on_schedule(live.clone()));

    let app = http::router(
        live,
        http::Options {
            static_dir: args.content.static_dir.clone(),
            status_page: args.status_page,
        },
    );
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

/// Re-renders the site whenever a scheduled moment (a publish or expire time) passes, so
/// scheduled content appears and disappears without a restart.
async fn rerender_on_schedule(live: Arc<Live>) {
    // Checked at least this often, so a reload that adds a schedule is picked up.
    const AT_MOST: Duration = Duration::from_secs(60);
    loop {
        let wait = live
            .next_change()
            .and_then(|moment| {
                let until = jiff::Timestamp::now().duration_until(moment);
                Duration::try_from(until).ok()
            })
            .map_or(AT_MOST, |d| d.min(AT_MOST));
        tokio::time::sleep(wait).await;
        let due = live
            .next_change()
            .is_some_and(|moment| moment <= jiff::Timestamp::now());
        if due {
            if let Err(error) = live.rerender(jiff::Timestamp::now()) {
                tracing::error!(%error, "cannot re-render");
            } else {
                tracing::info!("re-rendered for a scheduled change");
            }
        }
    }
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
