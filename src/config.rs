//! The command line. Every flag also reads an environment variable, for service managers.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Serves a city's Sister Cities website from the TOML files in a content folder.
#[derive(Debug, Parser)]
#[command(
    name = "sister-cities",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Log format: `text` for people, `json` for log collectors.
    #[arg(long, global = true, value_enum, env = "SISTER_CITIES_LOG_FORMAT", default_value_t = Format::Text)]
    pub log_format: Format,
    /// Options for `serve`, which runs when no command is given.
    #[command(flatten)]
    pub serve: ServeArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the website (the default).
    Serve(ServeArgs),
    /// Check the content as the server would load it; exit 0 when clean, 1 when not.
    Check(CheckArgs),
    /// Write the editor schemas (JSON Schema) for the content files.
    Schema(SchemaArgs),
    /// Write the whole site as static files (the same bytes as served), for a CDN.
    Build(BuildArgs),
    /// List the versions of the content the site published, newest first.
    History(HistoryArgs),
    /// Write a published version's files back into the content folder (the running server
    /// then publishes them as any edit).
    Restore(RestoreArgs),
    /// Add, remove or list the staff accounts that sign in to the staff pages (/staff).
    Staff(StaffArgs),
    /// Mark translations as up to date, or list what needs translating.
    Translations(TranslationsArgs),
}

#[derive(Debug, Clone, Args)]
pub struct TranslationsArgs {
    #[command(subcommand)]
    pub action: TranslationsAction,
}

#[derive(Debug, Clone, Subcommand)]
pub enum TranslationsAction {
    /// After translating: record in each translation file (e.g. content/cities/seika.es.toml)
    /// which English text each of its texts was made from, so that `check` can tell when the
    /// English changes.
    Mark(MarkArgs),
    /// List, per content file and language, how many texts are translated and how many are
    /// stale.
    Status(ContentArgs),
}

#[derive(Debug, Clone, Args)]
pub struct MarkArgs {
    /// The translation files to mark (e.g. content/cities/seika.es.toml).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Folder of TOML content files.
    #[arg(long, env = "SISTER_CITIES_CONTENT", default_value = "content")]
    pub content: PathBuf,
}

#[derive(Debug, Clone, Args)]
pub struct StaffArgs {
    #[command(subcommand)]
    pub action: StaffAction,
}

#[derive(Debug, Clone, Subcommand)]
pub enum StaffAction {
    /// Add a staff account. The password is read from standard input (one line), or asked
    /// for without showing it when standard input is a terminal; at least 12 characters.
    Add(StaffAddArgs),
    /// Remove a staff account: it can no longer sign in.
    Remove(StaffNameArgs),
    /// List the staff accounts.
    List(StateArgs),
}

#[derive(Debug, Clone, Args)]
pub struct StaffAddArgs {
    /// The name to sign in with: letters, digits, `.`, `-` and `_` (e.g. jsmith).
    pub name: String,
    /// Give an existing account a new password.
    #[arg(long)]
    pub replace: bool,
    #[command(flatten)]
    pub state: StateArgs,
}

#[derive(Debug, Clone, Args)]
pub struct StaffNameArgs {
    /// The account's name.
    pub name: String,
    #[command(flatten)]
    pub state: StateArgs,
}

/// Where the server keeps what it needs between runs.
#[derive(Debug, Clone, Args)]
pub struct StateArgs {
    /// Folder for the server's state: the history of every published version of the content,
    /// from which a file with problems is served at its last good version, even after a
    /// restart, and the staff accounts. Back it up with the content. Made when it does not
    /// exist.
    #[arg(
        long,
        env = "SISTER_CITIES_STATE_DIR",
        default_value = ".sister-cities",
        value_name = "DIR"
    )]
    pub state_dir: PathBuf,
}

#[derive(Debug, Clone, Args)]
pub struct HistoryArgs {
    /// Folder of TOML content files.
    #[arg(long, env = "SISTER_CITIES_CONTENT", default_value = "content")]
    pub content: PathBuf,
    #[command(flatten)]
    pub state: StateArgs,
    /// Only the versions that added, changed or removed this file (e.g. cities/seika.toml).
    pub file: Option<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub struct RestoreArgs {
    /// The version to restore, as `sister-cities history` numbers it.
    pub version: u64,
    /// The files to restore (e.g. cities/colima.toml); all of that version's files when none
    /// is named.
    pub files: Vec<PathBuf>,
    /// Folder of TOML content files, where the files are written.
    #[arg(long, env = "SISTER_CITIES_CONTENT", default_value = "content")]
    pub content: PathBuf,
    #[command(flatten)]
    pub state: StateArgs,
}

#[derive(Debug, Clone, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub content: ContentArgs,
    /// Folder to write the site to (created if needed).
    #[arg(long, env = "SISTER_CITIES_OUT", default_value = "public")]
    pub out: PathBuf,
}

impl Cli {
    /// The command to run: `serve` when none is given.
    pub fn into_command(self) -> Command {
        self.command.unwrap_or(Command::Serve(self.serve))
    }
}

/// Where the content is.
#[derive(Debug, Clone, Args)]
pub struct ContentArgs {
    /// Folder of TOML content files (site.toml, program.toml, cities/).
    #[arg(long, env = "SISTER_CITIES_CONTENT", default_value = "content")]
    pub content: PathBuf,
    /// Folder of static files (stylesheet, images, favicon), served under /static/.
    #[arg(
        long = "static",
        env = "SISTER_CITIES_STATIC",
        default_value = "static"
    )]
    pub static_dir: PathBuf,
    /// The site's public address, used in canonical links, the sitemap and feeds; replaces
    /// `base_url` in site.toml (e.g. for a staging copy).
    #[arg(long, env = "SISTER_CITIES_BASE_URL", value_name = "URL")]
    pub base_url: Option<String>,
}

impl ContentArgs {
    /// Where the content comes from, as the loader needs it.
    pub fn source(&self) -> crate::content::Source {
        crate::content::Source {
            content_dir: self.content.clone(),
            static_dir: Some(self.static_dir.clone()),
            base_url: self.base_url.clone(),
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "SISTER_CITIES_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    #[command(flatten)]
    pub content: ContentArgs,
    /// Do not watch the content and static folders for changes (they are watched by default).
    #[arg(long, env = "SISTER_CITIES_NO_WATCH")]
    pub no_watch: bool,
    /// After each publish, render the whole site again from scratch and compare it, page by
    /// page, with what was published; a difference is logged as an error. Slow: for finding
    /// faults in publishing only what an edit changed, not for production.
    #[arg(long, hide = true, env = "SISTER_CITIES_VERIFY_INCREMENTAL")]
    pub verify_incremental: bool,
    /// Show cities marked `draft = true` or scheduled for later: for staff previews only.
    #[arg(long, env = "SISTER_CITIES_DRAFTS")]
    pub drafts: bool,
    /// Deprecated, and does nothing: the staff pages are at /staff, behind a login, once a
    /// staff account exists (`sister-cities staff add NAME`).
    #[arg(long, env = "SISTER_CITIES_STATUS_PAGE")]
    pub status_page: bool,
    /// The site is served over HTTPS by a proxy in front: send Strict-Transport-Security.
    /// Staff may then sign in from anywhere; without it, only from this machine.
    #[arg(long, env = "SISTER_CITIES_HTTPS")]
    pub https: bool,
    #[command(flatten)]
    pub state: StateArgs,
    /// Days for which every published version is kept in the history; older versions are
    /// thinned out to the last of each day, and dropped after five years.
    #[arg(
        long,
        env = "SISTER_CITIES_KEEP_DAYS",
        default_value_t = 90,
        value_name = "DAYS"
    )]
    pub keep_days: u32,
    /// Seconds a client may take to send a request's headers before it is disconnected.
    #[arg(
        long,
        env = "SISTER_CITIES_HEADER_TIMEOUT",
        default_value_t = 10,
        value_name = "SECONDS"
    )]
    pub header_timeout: u64,
}

#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub content: ContentArgs,
    /// How to print problems: `text` for people, `json` for tools, `github` for GitHub Actions
    /// annotations in a content repository's CI.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Fail (exit 1) on warnings too, not only on errors.
    #[arg(long)]
    pub deny_warnings: bool,
}

/// How `check` prints what it found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Debug, Clone, Args)]
pub struct SchemaArgs {
    /// Folder to write the schemas to.
    #[arg(long, default_value = "content/schema")]
    pub out: PathBuf,
}
