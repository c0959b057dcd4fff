use std::process::ExitCode;

use clap::Parser;
use sister_cities::config::{BuildArgs, Cli, Command, Format};
use sister_cities::error_text::Chain;
use sister_cities::{accounts, check, content, export, live, server, translations, versions};

/// jemalloc, with one arena that hands freed pages back within a fifth of a second
/// (`.cargo/config.toml`): each reload builds a whole site on one thread while another is
/// served and compressed on others, and glibc's allocator kept a varying part of that freed
/// memory resident, from run to run 164 to 327 MB at 2,000 cities in two languages; this one
/// stays near its heap's peak (docs/performance.md).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// Has jemalloc hand freed pages back from a thread of its own, where it has one (Linux), not
/// from the thread that frees them: at scale, that was some 7% of each reload before its site
/// went live. (Set at run time: as a build option, it would stop the program from starting
/// where jemalloc has no such thread, as on macOS.)
fn return_memory_in_the_background() {
    #[cfg(all(target_os = "linux", not(target_env = "msvc")))]
    if let Err(error) = tikv_jemalloc_ctl::background_thread::write(true) {
        tracing::debug!(%error, "jemalloc's background thread is not available");
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.log_format);
    let outcome = match cli.into_command() {
        Command::Serve(args) => {
            return_memory_in_the_background();
            server::serve(args).await.map_err(|e| serve_error(&e))
        }
        Command::Check(args) => return exit(check::run(&args)),
        Command::Schema(args) => write_schemas(&args.out)
            .map_err(|e| format!("error: cannot write schemas to {}: {e}", args.out.display())),
        Command::Build(args) => build(&args),
        Command::History(args) => versions::history(&args).map_err(|e| failed(&e)),
        Command::Restore(args) => versions::restore(&args).map_err(|e| failed(&e)),
        Command::Staff(args) => accounts::run(&args).map_err(|e| failed(&e)),
        Command::Translations(args) => translations::run(&args).map_err(|e| failed(&e)),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            sister_cities::err!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging(format: Format) {
    let filter =
        tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into());
    // Logs on standard error: standard output is for what a command reports (the address
    // served, `check --format json`).
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        Format::Text => logs.init(),
        Format::Json => logs.json().flatten_event(true).init(),
    }
}

fn exit(ok: bool) -> ExitCode {
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn write_schemas(dir: &std::path::Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (name, json) in content::schema::all() {
        std::fs::write(dir.join(&name), json)?;
        sister_cities::out!("wrote {}", dir.join(name).display());
    }
    Ok(())
}

fn build(args: &BuildArgs) -> Result<(), String> {
    let source = args.content.source();
    let snapshot = live::build(&source, false, jiff::Timestamp::now()).map_err(|e| match e {
        live::BuildError::Content(problems) => problems.to_string(),
        other => failed(&other),
    })?;
    let summary = export::export(&snapshot, Some(&args.content.static_dir), &args.out)
        .map_err(|e| failed(&e))?;
    sister_cities::out!(
        "Wrote {} pages ({} files, {} KB) to {}",
        summary.pages,
        summary.files,
        summary.bytes / 1024,
        args.out.display()
    );
    Ok(())
}

/// What `serve` prints when it cannot start: the content's problems as they are (numbered,
/// with their lines), anything else after "error:".
fn serve_error(error: &server::ServeError) -> String {
    match error {
        server::ServeError::Build(live::BuildError::Content(problems)) => format!(
            "{problems}\nThe site cannot start: a file it cannot do without has problems and \
             no earlier good version."
        ),
        other => failed(other),
    }
}

/// An error as the command line prints it: "error:", what failed, and why.
fn failed(error: &(dyn std::error::Error + 'static)) -> String {
    format!("error: {}", Chain(error))
}
