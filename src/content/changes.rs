//! Reading again only the files that changed: the watcher tells which paths it saw written,
//! created, renamed or removed, and the rest of the folder is kept as it was read. At
//! thousands of files, looking at each one again took some 40 ms of every edit.

use std::path::{Component, Path, PathBuf};

use super::files::{Folder, Kind, Reading};
use super::{FileSet, GET_INVOLVED_FILE, PROGRAM_FILE, SITE_FILE};

/// What a changed path is to the content folder.
#[derive(Debug, PartialEq, Eq)]
enum Name {
    /// A content file, by its name in the folder (`cities/seika.toml`).
    File(String),
    /// Something a reading of the folder does not read (a hidden or temporary file, another
    /// folder's).
    Ignored,
    /// The folder itself, one of its subfolders, or a path elsewhere: only reading the whole
    /// folder tells what is there now.
    Folder,
}

impl Folder {
    /// Brings the folder up to date, when the files at `changed` (full paths, as the watcher
    /// gives them) are all that was written, created, renamed or removed since it was read:
    /// those are read again, sharing bytes with `earlier` as [`Folder::read_sharing`] does,
    /// and every other file is kept as read. Says whether it did; it leaves the folder as it
    /// was when a change is not to a file, or when a subfolder could not be listed: then only
    /// reading it all tells what is there.
    pub fn update(&mut self, changed: &[PathBuf], earlier: &FileSet) -> bool {
        if !self.unlisted.is_empty() {
            return false;
        }
        let mut names = Vec::new();
        for path in changed {
            match self.name_of(path) {
                Name::File(name) => names.push(name),
                Name::Ignored => {}
                Name::Folder => return false,
            }
        }
        names.sort_unstable();
        names.dedup();
        let mut reading = Reading::new(earlier);
        for name in names {
            self.files.remove(&name);
            self.unreadable.remove(&name);
            self.stamps.remove(&name);
            // A whole reading lists the subfolders' files and the translations beside the
            // site-wide files, leaving folders out, and looks for the site-wide files by name.
            let fixed = [SITE_FILE, PROGRAM_FILE, GET_INVOLVED_FILE].contains(&name.as_str());
            let folder = std::fs::symlink_metadata(self.path_of(&name)).is_ok_and(|m| m.is_dir());
            if fixed || !folder {
                self.read_file(name, &mut reading);
            }
        }
        true
    }

    /// What `path` is to this folder.
    fn name_of(&self, path: &Path) -> Name {
        let Some(relative) = self.relative(path) else {
            return Name::Folder;
        };
        let mut parts = Vec::new();
        for component in relative.components() {
            match component {
                Component::Normal(part) => match part.to_str() {
                    Some(part) => parts.push(part),
                    // A reading leaves out names that are not Unicode.
                    None => return Name::Ignored,
                },
                _ => return Name::Folder,
            }
        }
        let name = match parts[..] {
            [] => return Name::Folder,
            [name] if Kind::is_folder(name) => return Name::Folder,
            [name] => name.to_owned(),
            [folder, name] => format!("{folder}/{name}"),
            _ => return Name::Ignored,
        };
        match Kind::of(&name) {
            Some(_) => Name::File(name),
            None => Name::Ignored,
        }
    }

    /// `path` relative to the folder, whether the watcher gives it as the folder was named
    /// or as an absolute path.
    fn relative<'p>(&self, path: &'p Path) -> Option<&'p Path> {
        if let Ok(relative) = path.strip_prefix(&self.dir) {
            return Some(relative);
        }
        [
            std::path::absolute(&self.dir),
            std::fs::canonicalize(&self.dir),
        ]
        .into_iter()
        .flatten()
        .find_map(|dir| path.strip_prefix(dir).ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(dir: &str) -> Folder {
        Folder {
            dir: PathBuf::from(dir),
            ..Folder::default()
        }
    }

    #[test]
    fn a_changed_path_is_a_content_file_something_ignored_or_a_folder() {
        let content = folder("/srv/content");
        let name = |path: &str| content.name_of(Path::new(path));
        let file = |name: &str| Name::File(name.to_owned());
        assert_eq!(
            name("/srv/content/cities/seika.toml"),
            file("cities/seika.toml")
        );
        assert_eq!(
            name("/srv/content/cities/seika.es.toml"),
            file("cities/seika.es.toml")
        );
        assert_eq!(name("/srv/content/site.toml"), file("site.toml"));
        assert_eq!(
            name("/srv/content/program.es.toml"),
            file("program.es.toml")
        );
        for ignored in [
            "/srv/content/cities/.seika.toml.swp",
            "/srv/content/cities/seika.toml~",
            "/srv/content/cities/old/seika.toml",
            "/srv/content/notes.toml",
            "/srv/content/drafts/seika.toml",
        ] {
            assert_eq!(name(ignored), Name::Ignored, "{ignored}");
        }
        for folder in [
            "/srv/content",
            "/srv/content/cities",
            "/srv/content/events",
            "/srv/static/style.css",
            "/srv/content/../content/site.toml",
        ] {
            assert_eq!(name(folder), Name::Folder, "{folder}");
        }
    }

    #[test]
    fn a_folder_named_relatively_knows_its_files_by_their_full_path() {
        let content = folder("content");
        let Ok(full) = std::path::absolute("content/cities/seika.toml") else {
            return;
        };
        assert_eq!(
            content.name_of(&full),
            Name::File("cities/seika.toml".to_owned())
        );
        assert_eq!(
            content.name_of(Path::new("content/cities/seika.toml")),
            Name::File("cities/seika.toml".to_owned())
        );
    }

    #[test]
    fn a_folder_is_read_again_in_full_when_a_change_is_not_to_a_file() {
        let dir = std::env::temp_dir().join("sister-cities-changes-test");
        let mut content = folder(&dir.to_string_lossy());
        let changed = [dir.join("cities")];
        assert!(!content.update(&changed, &FileSet::default()));
        let mut unlisted = folder(&dir.to_string_lossy());
        unlisted.unlisted.insert(
            "cities".to_owned(),
            crate::content::Diagnostic::file("unreadable-folder", &dir, "cannot read"),
        );
        let changed = [dir.join("cities/seika.toml")];
        assert!(!unlisted.update(&changed, &FileSet::default()));
    }
}
