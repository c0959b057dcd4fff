//! `serve`: load and render the site, keep it live (file watching, scheduled re-renders),
//! listen, and shut down gracefully on SIGINT or SIGTERM.

use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use crate::config::ServeArgs;
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
    let source = args.content.source();
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
            https: args.https,
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
    run(listener, app, Duration::from_secs(args.header_timeout)).await;
    tracing::info!("stopped");
    Ok(())
}

/// Accepts connections until SIGINT or SIGTERM, then lets requests in flight finish.
///
/// hyper-util's connection builder (rather than `axum::serve`) gives the limits a public
/// server needs: a deadline for the request head (slow-header attacks) and bounded headers.
async fn run(listener: tokio::net::TcpListener, app: axum::Router, header_timeout: Duration) {
    use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
    use hyper_util::server::conn::auto::Builder;
    use hyper_util::service::TowerToHyperService;

    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout)
        .max_buf_size(MAX_HEADER_BYTES)
        .max_headers(100);
    builder
        .http2()
        .timer(TokioTimer::new())
        .max_header_list_size(MAX_HEADER_BYTES as u32)
        .max_concurrent_streams(100)
        .keep_alive_interval(Some(Duration::from_secs(30)));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let shutdown = shutdown_signal();
    tokio::pin!(shutdown);
    loop {
        let (stream, _peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // E.g. too many open files: wait a moment rather than spin.
                    tracing::warn!(%error, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Without TCP_NODELAY, small responses wait on Nagle's algorithm and delayed ACKs.
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        let connection = builder
            .serve_connection(TokioIo::new(stream), service)
            .into_owned();
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, "connection ended with an error");
            }
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(SHUTDOWN_GRACE) => {
            tracing::warn!("requests still in flight after {SHUTDOWN_GRACE:?}: stopping anyway");
        }
    }
}

/// The most bytes a request head may take; more gets 431 (HTTP/1) or a reset (HTTP/2).
const MAX_HEADER_BYTES: usize = 16 * 1024;

/// How long shutdown waits for requests in flight.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

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
