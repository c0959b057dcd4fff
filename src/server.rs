//! `serve`: load and render the site, keep it live (file watching, scheduled re-renders),
//! listen, and shut down gracefully on SIGINT or SIGTERM.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use crate::config::ServeArgs;
use crate::deadline::ConnectionTimer;
use crate::error_text::Chain;
use crate::http;
use crate::live::{BuildError, Kept, Live};
use crate::state::{History, Retention, StateDir, StateError};
use crate::watch;

/// Why the server could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The site could not be built from its content: a file it cannot do without has no good
    /// version, or the templates or static files failed.
    #[error(transparent)]
    Build(BuildError),
    /// The state folder cannot be used (it belongs to something else, or cannot be written).
    #[error(transparent)]
    State(StateError),
    /// The folders could not be watched.
    #[error("cannot watch the content folders (use --no-watch to serve without live reload)")]
    Watch(#[source] notify_debouncer_full::notify::Error),
    /// The address could not be bound or the server failed.
    #[error("cannot serve on {addr}")]
    Io {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
}

pub async fn serve(args: ServeArgs) -> Result<(), ServeError> {
    let source = args.content.source();
    if args.status_page {
        tracing::warn!(
            "--status-page is deprecated and does nothing: the staff pages are at /staff, behind \
             a login, once a staff account exists (sister-cities staff add NAME)"
        );
    }
    let state = StateDir::open(&args.state.state_dir).map_err(ServeError::State)?;
    let history = open_history(&state).map_err(ServeError::State)?;
    let accounts = state.accounts();
    let kept = Kept {
        history,
        retention: Retention {
            every_version_days: args.keep_days,
            ..Retention::default()
        },
        photo_cache: state.photo_cache(),
    };
    let mut live = Live::start(source, args.drafts, Some(kept)).map_err(ServeError::Build)?;
    live.verify_each_publish(args.verify_incremental);
    let live = Arc::new(live);
    // The home pages are live; the rest of the site is rendered while the server starts
    // listening (requests for it wait).
    let rest = live.clone();
    let spawned = std::thread::Builder::new()
        .name("render".to_owned())
        .spawn(move || rest.render_rest());
    if let Err(error) = spawned {
        tracing::warn!(%error, "cannot start a thread to render the site: rendering it first");
        live.render_rest();
    }
    let stopping = live.clone();
    let watched = live.clone();
    let scheduled = live.clone();
    std::thread::Builder::new()
        .name("schedule".to_owned())
        .spawn(move || rerender_on_schedule(scheduled))
        .map_err(|source| ServeError::Io {
            addr: args.addr,
            source,
        })?;

    let app = http::app(
        live,
        http::Options {
            static_dir: args.content.static_dir.clone(),
            staff_accounts: Some(accounts),
            https: args.https,
            log_requests: http::request_logs_enabled(),
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
    let shutdown = shutdown_signal();
    crate::out!("Serving the Sister Cities site on http://{addr}");
    tracing::info!(%addr, "listening");
    let timeout = Duration::from_secs(args.header_timeout);
    let serving = tokio::spawn(run(listener, app, timeout, shutdown));
    // Watching starts once requests are answered: at scale, walking the folders to watch
    // takes some 70 ms. (Once watching, the folder is read again: a file saved before
    // watching began goes live then.)
    let _watcher = if args.no_watch {
        None
    } else {
        let dirs = [
            args.content.content.clone(),
            args.content.static_dir.clone(),
        ];
        Some(watch::watch(watched, &dirs).map_err(ServeError::Watch)?)
    };
    if let Err(error) = serving.await {
        tracing::error!(%error, "the server stopped unexpectedly");
    }
    // The version now live is in the history before the process ends.
    stopping.close();
    tracing::info!("stopped");
    Ok(())
}

/// The history in the state folder. A damaged history is not trusted: it is moved aside (kept
/// for IT to look at), reported, and a new one is started; the site is served either way.
fn open_history(state: &StateDir) -> Result<History, StateError> {
    match state.history() {
        Ok(history) => Ok(history),
        Err(error) => {
            let moved = state.set_aside_history(jiff::Timestamp::now())?;
            tracing::error!(
                error = %Chain(&error),
                moved_to = %moved.display(),
                "the history is damaged: it was moved aside and a new one started"
            );
            Ok(state.history()?)
        }
    }
}

/// Accepts connections until `shutdown` resolves (SIGINT or SIGTERM), then lets requests in
/// flight finish.
///
/// hyper-util's connection builder (rather than `axum::serve`) gives the limits a public
/// server needs: a deadline for the request head (slow-header attacks) and bounded headers.
/// Each connection is served on one of a few single-threaded workers (see [`Workers`]).
async fn run(
    listener: tokio::net::TcpListener,
    app: http::App,
    header_timeout: Duration,
    shutdown: impl Future<Output = ()>,
) {
    use hyper_util::rt::{TokioExecutor, TokioTimer};
    use hyper_util::server::conn::auto::Builder;

    let mut builder = Builder::new(TokioExecutor::new());
    // hyper's default limit of 100 headers applies (more gets 431).
    // The header deadline's timer is each connection's own (below).
    builder
        .http1()
        .header_read_timeout(header_timeout)
        .max_buf_size(MAX_HEADER_BYTES);
    builder
        .http2()
        .timer(TokioTimer::new())
        .max_header_list_size(MAX_HEADER_BYTES as u32)
        .max_concurrent_streams(100)
        .keep_alive_interval(Some(Duration::from_secs(30)));
    let workers = Workers::start();
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
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
        let service = app.connection(peer);
        let mut builder = builder.clone();
        builder.http1().timer(ConnectionTimer::default());
        let watcher = graceful.watcher();
        let send_files = app.send_files().clone();
        // The connection is made on its worker's thread, so that its timers and its I/O
        // belong to that worker's runtime.
        workers.spawn(async move {
            let Ok(stream) = stream.into_std() else {
                return;
            };
            let Ok(stream) = tokio::net::TcpStream::from_std(stream) else {
                return;
            };
            let connection = builder
                .serve_connection(send_files.connection(stream), service)
                .into_owned();
            if let Err(error) = watcher.watch(connection).await {
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
    workers.stop();
}

/// One single-threaded runtime per core, like nginx's worker processes: a connection and
/// all its requests stay on one thread, so serving a request never wakes another thread
/// (with a work-stealing pool, that hand-off cost more than the request itself). New
/// connections are dealt out in turn.
struct Workers {
    handles: Vec<tokio::runtime::Handle>,
    next: std::sync::atomic::AtomicUsize,
    stops: Vec<tokio::sync::oneshot::Sender<()>>,
    threads: Vec<std::thread::JoinHandle<()>>,
}

impl Workers {
    /// Starts one worker per core (falls back to serving on the calling runtime when a
    /// worker thread cannot be started).
    fn start() -> Workers {
        let count = std::thread::available_parallelism().map_or(1, |n| n.get());
        let mut workers = Workers {
            handles: Vec::new(),
            next: std::sync::atomic::AtomicUsize::new(0),
            stops: Vec::new(),
            threads: Vec::new(),
        };
        for n in 0..count {
            match Self::worker(n) {
                Ok((handle, stop, thread)) => {
                    workers.handles.push(handle);
                    workers.stops.push(stop);
                    workers.threads.push(thread);
                }
                Err(error) => tracing::warn!(%error, "cannot start a worker thread"),
            }
        }
        workers
    }

    fn worker(
        n: usize,
    ) -> std::io::Result<(
        tokio::runtime::Handle,
        tokio::sync::oneshot::Sender<()>,
        std::thread::JoinHandle<()>,
    )> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let handle = runtime.handle().clone();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name(format!("worker-{n}"))
            .spawn(move || {
                runtime.block_on(async {
                    let _ = stopped.await;
                });
            })?;
        Ok((handle, stop, thread))
    }

    /// Runs a connection on the next worker.
    fn spawn(&self, connection: impl Future<Output = ()> + Send + 'static) {
        if self.handles.is_empty() {
            tokio::spawn(connection);
            return;
        }
        let n = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed) % self.handles.len();
        self.handles[n].spawn(connection);
    }

    /// Stops the workers (after the connections have been given their time to finish).
    fn stop(self) {
        drop(self.stops);
        for thread in self.threads {
            let _ = thread.join();
        }
    }
}

/// The most bytes of a request head hyper reads; more gets 431 (HTTP/1) or a reset (HTTP/2).
/// Beyond the application's own limits (src/http/harden.rs: a 2 KiB target gets 414, 16 KiB
/// of header fields 431), so that a long target reaches it and is answered 414, not 431.
const MAX_HEADER_BYTES: usize = 64 * 1024;

/// How long shutdown waits for requests in flight.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Re-renders the site whenever a scheduled moment (a publish or expire time, an event's
/// start or end, the next minute for the clocks) passes, so scheduled content appears and
/// disappears without a restart. On a thread of its own: rendering takes a while at scale,
/// and one thread (rather than whichever pool thread is free) keeps memory use steady.
fn rerender_on_schedule(live: Arc<Live>) {
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
        std::thread::sleep(wait);
        let due = live
            .next_change()
            .is_some_and(|moment| moment <= jiff::Timestamp::now());
        if due {
            match live.rerender(jiff::Timestamp::now()) {
                Ok(()) => tracing::debug!("re-rendered for a scheduled change"),
                Err(error) => tracing::error!(error = %Chain(&error), "cannot re-render"),
            }
        }
    }
}

/// Listens for Ctrl-C (SIGINT) and SIGTERM from the moment it is called, and resolves on the
/// first of them. Listening before the server says it is serving means that a signal sent as
/// soon as it does (a deploy script, a test) stops it gracefully, with its last version
/// recorded, rather than killing it.
fn shutdown_signal() -> impl Future<Output = ()> {
    #[cfg(unix)]
    let signals = {
        use tokio::signal::unix::{SignalKind, signal};
        [SignalKind::interrupt(), SignalKind::terminate()].map(|kind| signal(kind).ok())
    };
    async move {
        #[cfg(unix)]
        {
            let [interrupt, terminate] = signals.map(|signal| async move {
                match signal {
                    Some(mut signal) => {
                        signal.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            });
            tokio::select! {
                () = interrupt => {},
                () = terminate => {},
            }
        }
        #[cfg(not(unix))]
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
        tracing::info!("shutting down: finishing requests in flight");
    }
}
