//! `history` and `restore`: the versions of the content the site published, and writing one
//! back when an edit was a mistake (a city deleted, a paragraph overwritten).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::config::{HistoryArgs, RestoreArgs};
use crate::content::{self, FileSet, Folder};
use crate::state::history::{History, Note, Version};
use crate::state::{self, HistoryError, StateDir, StateError};

/// Why `history` or `restore` could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum VersionsError {
    /// The state folder has no history (the server has not published from it yet).
    #[error(
        "there is no history in {}: the server keeps it there once it has published the \
         site (see --state-dir)",
        .0.display()
    )]
    NoHistory(PathBuf),
    #[error(transparent)]
    State(#[from] StateError),
    #[error(transparent)]
    History(#[from] HistoryError),
    /// A file to restore is not in that version.
    #[error("version {version} has no file {file}; its files are: {files}")]
    NotInVersion {
        version: u64,
        file: String,
        files: String,
    },
    /// A restored file could not be written.
    #[error("cannot write {}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Prints the versions, newest first.
pub fn history(args: &HistoryArgs) -> Result<(), VersionsError> {
    let history = open(&args.state.state_dir)?;
    let file = args
        .file
        .as_deref()
        .map(|file| relative(file, &args.content));
    let versions = history.versions(file.as_deref())?;
    let zone = home_zone(&args.content);
    if versions.is_empty() {
        match &file {
            Some(file) => crate::out!("No published version has changed {file}."),
            None => crate::out!("No version has been published yet."),
        }
        return Ok(());
    }
    let mut out = String::new();
    for version in &versions {
        describe(&mut out, version, &zone);
    }
    crate::console::write_out(format_args!("{out}"));
    Ok(())
}

/// Writes a version's files back into the content folder and records the restore.
pub fn restore(args: &RestoreArgs) -> Result<(), VersionsError> {
    let history = open(&args.state.state_dir)?;
    let (version, files) = history.files_of(args.version)?;
    let wanted: Vec<String> = if args.files.is_empty() {
        files.paths().map(str::to_owned).collect()
    } else {
        args.files
            .iter()
            .map(|file| relative(file, &args.content))
            .collect()
    };
    let mut chosen = FileSet::default();
    for name in &wanted {
        let Some(file) = files.get(name) else {
            return Err(VersionsError::NotInVersion {
                version: version.number,
                file: name.clone(),
                files: files.paths().collect::<Vec<_>>().join(", "),
            });
        };
        chosen.insert(name.clone(), file.clone());
    }
    let folder = Folder::read(&args.content);
    let mut written = Vec::new();
    let mut same = Vec::new();
    for (name, file) in chosen.iter() {
        let path = args.content.join(name);
        if folder
            .files
            .get(name)
            .is_some_and(|now| now.same_bytes(file))
        {
            same.push(name);
            continue;
        }
        let write = |path: &Path| -> std::io::Result<()> {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            state::write_atomically(path, &file.bytes)
        };
        write(&path).map_err(|source| VersionsError::Write {
            path: path.clone(),
            source,
        })?;
        written.push(path);
    }
    let zone = home_zone(&args.content);
    let when = local_time(version.time, &zone);
    for path in &written {
        crate::out!(
            "Wrote {} (version {}, {when}).",
            path.display(),
            version.number
        );
    }
    for name in &same {
        crate::out!("{name} is already as in version {}.", version.number);
    }
    if args.files.is_empty() {
        let extra: Vec<&str> = folder
            .files
            .paths()
            .filter(|name| files.get(name).is_none())
            .collect();
        if !extra.is_empty() {
            crate::out!(
                "Not in version {}, so left as they are: {}.",
                version.number,
                extra.join(", ")
            );
        }
    }
    if written.is_empty() {
        return Ok(());
    }
    let restored: Vec<&str> = chosen.paths().filter(|name| !same.contains(name)).collect();
    let note = Note {
        owner: current_user(),
        summary: Some(format!(
            "restored {} from version {}",
            restored.join(", "),
            version.number
        )),
    };
    if let Some(number) = history.record_restored(&chosen, Timestamp::now(), note)? {
        crate::out!(
            "Recorded as version {number}. A running server publishes the restored files as \
             any edit, within a second or two."
        );
    }
    Ok(())
}

/// The history of a state folder that has one; never makes a new state folder.
fn open(dir: &Path) -> Result<History, VersionsError> {
    if !dir.join("history.git").exists() {
        return Err(VersionsError::NoHistory(dir.to_path_buf()));
    }
    Ok(StateDir::open(dir)?.history()?)
}

/// A file named on the command line as the history names it: relative to the content folder,
/// with `/` (`content/cities/seika.toml` and `cities\seika.toml` are `cities/seika.toml`).
fn relative(file: &Path, content: &Path) -> String {
    let canonical = |path: &Path| path.canonicalize().ok();
    let inside = file
        .strip_prefix(content)
        .ok()
        .map(Path::to_path_buf)
        .or_else(|| {
            let (file, content) = (canonical(file)?, canonical(content)?);
            file.strip_prefix(content).ok().map(Path::to_path_buf)
        })
        .or_else(|| {
            // "content/cities/seika.toml" when the folder is given by another path.
            let name = content.file_name()?;
            file.strip_prefix(name).ok().map(Path::to_path_buf)
        })
        .unwrap_or_else(|| file.to_path_buf());
    let text = inside.to_string_lossy().replace('\\', "/");
    text.trim_start_matches("./").to_owned()
}

/// One version, as `history` prints it.
fn describe(out: &mut String, version: &Version, zone: &TimeZone) {
    let owner = version
        .owner
        .as_deref()
        .map(|owner| format!(", saved by {owner}"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "Version {}: {}{owner}",
        version.number,
        local_time(version.time, zone)
    );
    if version.summary.starts_with("restored") {
        let _ = writeln!(out, "    {}", version.summary);
    }
    let changes = &version.changes;
    for (what, paths) in [
        ("added", &changes.added),
        ("changed", &changes.changed),
        ("removed", &changes.removed),
    ] {
        for path in paths.iter() {
            let _ = writeln!(out, "    {what:<8}{path}");
        }
    }
    let _ = writeln!(out, "    (git commit {})", version.commit_id());
}

/// "December 2, 2026, 2:40 p.m. CST (20:40 UTC)".
fn local_time(time: Timestamp, zone: &TimeZone) -> String {
    let utc = time.to_zoned_datetime(TimeZone::UTC);
    format!(
        "{} ({:02}:{:02} UTC)",
        home_time(time, zone),
        utc.hour(),
        utc.minute()
    )
}

/// A moment as staff read it, in the home city's time: "December 2, 2026, 2:40 p.m. CST".
pub fn home_time(time: Timestamp, zone: &TimeZone) -> String {
    let local = time.to_zoned_datetime(zone.clone());
    let hour = local.hour();
    let (hour12, meridiem) = match hour {
        0 => (12, "a.m."),
        1..=11 => (hour, "a.m."),
        12 => (12, "p.m."),
        _ => (hour - 12, "p.m."),
    };
    let abbreviation = zone.to_offset_info(time).abbreviation().to_owned();
    format!(
        "{}, {hour12}:{:02} {meridiem} {abbreviation}",
        local.strftime("%B %-d, %Y"),
        local.minute(),
    )
}

/// The home city's time zone, from site.toml in the content folder; the system's otherwise.
fn home_zone(content_dir: &Path) -> TimeZone {
    let zone = std::fs::read_to_string(content_dir.join(content::SITE_FILE))
        .ok()
        .and_then(|text| text.parse::<toml::Table>().ok())
        .and_then(|table| {
            let name = table.get("city")?.get("time_zone")?.as_str()?.to_owned();
            jiff::tz::db().get(&name).ok()
        });
    zone.unwrap_or_else(TimeZone::system)
}

/// The name of the account running the command, for the history.
fn current_user() -> Option<String> {
    #[cfg(unix)]
    {
        uzers::get_current_username().and_then(|name| name.to_str().map(str::to_owned))
    }
    #[cfg(not(unix))]
    {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_named_relative_to_the_content_folder() {
        let content = Path::new("content");
        assert_eq!(
            relative(Path::new("content/cities/seika.toml"), content),
            "cities/seika.toml"
        );
        assert_eq!(
            relative(Path::new("cities/seika.toml"), content),
            "cities/seika.toml"
        );
        assert_eq!(relative(Path::new("./site.toml"), content), "site.toml");
        assert_eq!(
            relative(Path::new("cities\\seika.toml"), content),
            "cities/seika.toml"
        );
        let elsewhere = Path::new("/srv/site/content");
        assert_eq!(
            relative(Path::new("content/site.toml"), elsewhere),
            "site.toml"
        );
    }

    #[test]
    fn times_are_shown_in_the_city_and_in_utc() {
        let zone = jiff::tz::db().get("America/Chicago").unwrap();
        let time: Timestamp = "2026-12-02T20:40:00Z".parse().unwrap();
        assert_eq!(
            local_time(time, &zone),
            "December 2, 2026, 2:40 p.m. CST (20:40 UTC)"
        );
        let time: Timestamp = "2026-07-04T05:05:00Z".parse().unwrap();
        assert_eq!(
            local_time(time, &zone),
            "July 4, 2026, 12:05 a.m. CDT (05:05 UTC)"
        );
    }
}
