use std::sync::Arc;

use super::*;
use crate::content::FileVersion;

fn history(dir: &Path) -> History {
    History::open(&dir.join("history.git"), dir.join("lock")).unwrap()
}

fn files(entries: &[(&str, &str)]) -> FileSet {
    entries
        .iter()
        .map(|(path, text)| ((*path).to_owned(), FileVersion::new(text.as_bytes())))
        .collect()
}

fn at(second: i64) -> Timestamp {
    Timestamp::from_second(1_790_000_000 + second).unwrap()
}

fn note(owner: &str) -> Note {
    Note {
        owner: Some(owner.to_owned()),
        summary: None,
    }
}

#[test]
fn versions_are_numbered_with_their_changes_and_owners() {
    let dir = tempfile::tempdir().unwrap();
    let h = history(dir.path());
    assert_eq!(h.latest().unwrap(), None);
    let one = files(&[("site.toml", "a"), ("cities/seika.toml", "s1")]);
    assert_eq!(h.record(&one, at(0), note("ann")).unwrap(), Some(1));
    // The same files again are not a new version.
    assert_eq!(h.record(&one, at(1), note("ann")).unwrap(), None);
    let two = files(&[
        ("site.toml", "a"),
        ("cities/seika.toml", "s2"),
        ("cities/colima.toml", "c"),
    ]);
    assert_eq!(h.record(&two, at(60), note("bob")).unwrap(), Some(2));
    let three = files(&[("site.toml", "a"), ("cities/colima.toml", "c")]);
    assert_eq!(h.record(&three, at(120), Note::default()).unwrap(), Some(3));

    let versions = h.versions(None).unwrap();
    let seen: Vec<(u64, &str, Option<&str>)> = versions
        .iter()
        .map(|v| (v.number, v.summary.as_str(), v.owner.as_deref()))
        .collect();
    assert_eq!(
        seen,
        [
            (3, "cities/seika.toml removed", None),
            (
                2,
                "cities/colima.toml added; cities/seika.toml changed",
                Some("bob")
            ),
            (1, "2 files added", Some("ann")),
        ]
    );
    assert_eq!(versions[0].time, at(120));
    assert_eq!(versions[1].changes.changed, ["cities/seika.toml"]);
    let seika: Vec<u64> = h
        .versions(Some("cities/seika.toml"))
        .unwrap()
        .iter()
        .map(|v| v.number)
        .collect();
    assert_eq!(seika, [3, 2, 1]);
    let colima: Vec<u64> = h
        .versions(Some("cities/colima.toml"))
        .unwrap()
        .iter()
        .map(|v| v.number)
        .collect();
    assert_eq!(colima, [2]);
    let recent: Vec<u64> = h.recent(2).unwrap().iter().map(|v| v.number).collect();
    assert_eq!(recent, [3, 2]);
    assert_eq!(
        h.recent(2).unwrap()[1].changes.added,
        ["cities/colima.toml"]
    );

    let (version, old) = h.files_of(2).unwrap();
    assert_eq!(version.number, 2);
    assert!(old.same_files(&two));
    assert!(matches!(h.files_of(9), Err(HistoryError::NoVersion(9))));
}

#[test]
fn the_newest_files_are_read_only_where_the_folder_differs() {
    let dir = tempfile::tempdir().unwrap();
    let h = history(dir.path());
    let published = files(&[("site.toml", "a"), ("cities/seika.toml", "good")]);
    h.record(&published, at(0), Note::default()).unwrap();
    // The folder now: site.toml the same bytes, seika broken.
    let folder = files(&[("site.toml", "a"), ("cities/seika.toml", "broken")]);
    let last = h.latest_files(&folder).unwrap();
    assert!(last.same_files(&published));
    // The unchanged file is the folder's own copy, not read again.
    let same = Arc::ptr_eq(
        &last.get("site.toml").unwrap().bytes,
        &folder.get("site.toml").unwrap().bytes,
    );
    assert!(same);
    assert_eq!(last.get("cities/seika.toml").unwrap().modified, Some(at(0)));
}

#[test]
fn old_versions_are_thinned_to_one_a_day_and_numbers_stay() {
    let dir = tempfile::tempdir().unwrap();
    let h = history(dir.path());
    let day = 86_400;
    // Three versions on day 0, two on day 1, one on day 200 (now).
    let moments = [0, 60, 120, day, day + 60, 200 * day];
    for (i, moment) in moments.iter().enumerate() {
        let set = files(&[("site.toml", &format!("v{i}"))]);
        h.record(&set, at(*moment), Note::default()).unwrap();
    }
    let retention = Retention {
        every_version_days: 90,
        daily_days: 365,
    };
    assert_eq!(h.prune(at(200 * day), retention).unwrap(), 3);
    let kept: Vec<u64> = h.versions(None).unwrap().iter().map(|v| v.number).collect();
    assert_eq!(kept, [6, 5, 3]);
    // Each kept version still has its own files.
    let (_, files_of_3) = h.files_of(3).unwrap();
    assert_eq!(&*files_of_3.get("site.toml").unwrap().bytes, b"v2");
    // Nothing to drop a second time; and past the daily period, all but the newest go.
    assert_eq!(h.prune(at(200 * day), retention).unwrap(), 0);
    assert_eq!(h.prune(at(1000 * day), retention).unwrap(), 2);
    let kept: Vec<u64> = h.versions(None).unwrap().iter().map(|v| v.number).collect();
    assert_eq!(kept, [6]);
    // The dropped versions' files are gone from the disk.
    let loose = walk(&dir.path().join("history.git/objects"));
    assert_eq!(loose, 3, "commit, tree and blob of the one version left");
}

fn walk(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().len() == 2)
        .map(|e| std::fs::read_dir(e.path()).unwrap().count())
        .sum()
}

#[test]
fn git_reads_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let h = history(dir.path());
    h.record(&files(&[("site.toml", "a\n")]), at(0), note("ann"))
        .unwrap();
    h.record(&files(&[("site.toml", "b\n")]), at(60), Note::default())
        .unwrap();
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .arg("-C")
            .arg(dir.path().join("history.git"))
            .args(args)
            .output()
    };
    let Ok(fsck) = git(&["fsck", "--strict"]) else {
        crate::err!("git is not installed: skipped");
        return;
    };
    assert!(
        fsck.status.success(),
        "{}",
        String::from_utf8_lossy(&fsck.stderr)
    );
    let log = git(&["log", "--format=%an|%s", "--name-status"]).unwrap();
    let log = String::from_utf8_lossy(&log.stdout);
    assert!(log.contains("sister-cities|site.toml changed"), "{log}");
    assert!(log.contains("ann|site.toml added"), "{log}");
    assert_eq!(
        blob_id(b"a\n").unwrap().to_string(),
        "78981922613b2afb6025042ff6bd878ac1994e85",
        "the id git hash-object gives"
    );
}
