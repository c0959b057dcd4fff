//! Staff accounts, for the staff pages (`/staff`): a name and an Argon2id hash of the password
//! (a PHC string, `$argon2id$v=19$m=19456,t=2,p=1$...`), never the password itself, in
//! `staff.toml` in the state folder:
//!
//! ```toml
//! format = 1
//!
//! [[account]]
//! name = "jsmith"
//! hash = "$argon2id$v=19$m=19456,t=2,p=1$..."
//! added = "2026-12-02T16:30:00Z"
//! ```
//!
//! The file is written whole and crash-safely ([`super::write_atomically`]), readable by the
//! server's account only, under the state folder's lock so that two `staff` commands never
//! lose each other's change. The server reads it on each sign-in, so an account added or
//! removed counts at once, without a restart.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use argon2::password_hash::phc::PasswordHash;
use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use serde::{Deserialize, Serialize};

/// The file, inside the state folder.
pub const ACCOUNTS_FILE: &str = "staff.toml";

const FORMAT: u32 = 1;
const HEADER: &str = "# Staff accounts for the staff pages (/staff). Passwords are kept only as Argon2id hashes.\n\
# Change them with `sister-cities staff add`, `staff remove` and `staff list`; do not edit by hand.\n";

/// The fewest characters a password may have.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// The most bytes a password may have: enough for any passphrase, and a bound on the work
/// a sign-in costs.
pub const MAX_PASSWORD_BYTES: usize = 1024;
/// The most characters a name may have.
pub const MAX_NAME_CHARS: usize = 64;

/// Why an account could not be added, removed or checked.
#[derive(Debug, thiserror::Error)]
pub enum AccountsError {
    /// A name outside the rule ([`Name::parse`]).
    #[error(
        "{0:?} cannot be a staff name: use 1 to {MAX_NAME_CHARS} letters (a-z, A-Z), digits, \
         `.`, `-` or `_`, starting with a letter or digit (e.g. jsmith or j.smith)"
    )]
    BadName(String),
    /// A password shorter than [`MIN_PASSWORD_CHARS`].
    #[error(
        "the password is too short ({0} characters): use at least {MIN_PASSWORD_CHARS}; a few \
         unrelated words make a long password that is easy to type"
    )]
    ShortPassword(usize),
    /// A password longer than [`MAX_PASSWORD_BYTES`].
    #[error("the password is too long: use at most {MAX_PASSWORD_BYTES} bytes")]
    LongPassword,
    /// `staff add` for a name that has an account, without `--replace`.
    #[error(
        "{0} already has an account: to give it a new password, run `sister-cities staff add \
         {0} --replace`"
    )]
    Exists(String),
    /// `staff remove` for a name that has no account.
    #[error("there is no staff account {0}: `sister-cities staff list` lists them")]
    Unknown(String),
    /// The file could not be read or written.
    #[error("cannot use the staff accounts file {}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The file is not as this program writes it (edited by hand, or damaged).
    #[error("the staff accounts file {} cannot be read", path.display())]
    Damaged {
        path: PathBuf,
        #[source]
        source: toml::de::Error,
    },
    /// The file names a format this program does not know.
    #[error(
        "the staff accounts file {} is in a format this program does not read (format {found})",
        path.display()
    )]
    Unsupported { path: PathBuf, found: u32 },
    /// The password could not be hashed (no randomness for the salt).
    #[error("cannot hash the password")]
    Hash(#[source] argon2::password_hash::Error),
}

/// A staff member's name: ASCII letters, digits, `.`, `-` and `_`, starting with a letter or
/// digit, at most [`MAX_NAME_CHARS`] long. Never contains `:` (which ends the name in HTTP
/// Basic authentication) nor anything a log line or a page would need to escape.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Name(String);

impl Name {
    pub fn parse(text: &str) -> Result<Name, AccountsError> {
        let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_');
        let valid = text
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
            && text.len() <= MAX_NAME_CHARS
            && text.chars().all(allowed);
        if valid {
            Ok(Name(text.to_owned()))
        } else {
            Err(AccountsError::BadName(text.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A password that meets the rule: at least [`MIN_PASSWORD_CHARS`] characters, at most
/// [`MAX_PASSWORD_BYTES`] bytes.
pub struct Password(String);

impl Password {
    pub fn new(text: String) -> Result<Password, AccountsError> {
        let chars = text.chars().count();
        if chars < MIN_PASSWORD_CHARS {
            return Err(AccountsError::ShortPassword(chars));
        }
        if text.len() > MAX_PASSWORD_BYTES {
            return Err(AccountsError::LongPassword);
        }
        Ok(Password(text))
    }
}

/// One account as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub name: String,
    /// When it was added (or its password last set), as written in the file.
    pub added: String,
}

/// The file as written.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Stored {
    format: u32,
    #[serde(default)]
    account: Vec<Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    name: String,
    hash: String,
    added: String,
}

/// The staff accounts of a state folder.
#[derive(Debug, Clone)]
pub struct Accounts {
    path: PathBuf,
    lock_path: PathBuf,
}

/// What a sign-in found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignIn {
    /// The name has an account and the password is its.
    Accepted,
    /// The name has no account, or the password is not its (which of the two is not said).
    Refused,
    /// There is no account at all: the staff pages are off.
    NoAccounts,
}

impl Accounts {
    /// The accounts kept in `path`; `lock_path` is locked while they are changed.
    pub(super) fn new(path: PathBuf, lock_path: PathBuf) -> Accounts {
        Accounts { path, lock_path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every account, by name.
    pub fn list(&self) -> Result<Vec<Account>, AccountsError> {
        let mut accounts: Vec<Account> = self
            .read()?
            .account
            .into_iter()
            .map(|entry| Account {
                name: entry.name,
                added: entry.added,
            })
            .collect();
        accounts.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(accounts)
    }

    /// Whether any account exists (the staff pages are on).
    pub fn any(&self) -> Result<bool, AccountsError> {
        Ok(!self.read()?.account.is_empty())
    }

    /// Adds an account, or with `replace` sets a new password for one. Returns whether the
    /// account existed. The password is hashed with Argon2id and a random salt.
    pub fn add(
        &self,
        name: &Name,
        password: &Password,
        replace: bool,
        now: jiff::Timestamp,
    ) -> Result<bool, AccountsError> {
        let hash = Argon2::default()
            .hash_password(password.0.as_bytes())
            .map_err(AccountsError::Hash)?
            .to_string();
        let _lock = self.lock()?;
        let mut file = self.read()?;
        let entry = Entry {
            name: name.0.clone(),
            hash,
            added: now.to_string(),
        };
        let existed = match file.account.iter_mut().find(|e| e.name == name.0) {
            Some(_) if !replace => return Err(AccountsError::Exists(name.0.clone())),
            Some(old) => {
                *old = entry;
                true
            }
            None => {
                file.account.push(entry);
                false
            }
        };
        self.write(&file)?;
        Ok(existed)
    }

    /// Removes an account.
    pub fn remove(&self, name: &str) -> Result<(), AccountsError> {
        let _lock = self.lock()?;
        let mut file = self.read()?;
        let before = file.account.len();
        file.account.retain(|e| e.name != name);
        if file.account.len() == before {
            return Err(AccountsError::Unknown(name.to_owned()));
        }
        self.write(&file)
    }

    /// Checks a name and password. Takes as long for a name without an account as for one
    /// with it (a hash is checked either way), so the time taken does not tell which names
    /// exist; Argon2's own comparison of the hashes takes constant time.
    pub fn sign_in(&self, name: &str, password: &str) -> Result<SignIn, AccountsError> {
        let file = self.read()?;
        if file.account.is_empty() {
            return Ok(SignIn::NoAccounts);
        }
        let entry = file.account.iter().find(|e| e.name == name);
        let hash = entry.and_then(|e| PasswordHash::new(&e.hash).ok());
        let accepted = match &hash {
            Some(hash) => Argon2::default()
                .verify_password(password.as_bytes(), hash)
                .is_ok(),
            None => {
                // The same work against a hash no password matches.
                if let Some(dummy) = dummy_hash() {
                    let _ = Argon2::default().verify_password(password.as_bytes(), dummy);
                }
                false
            }
        };
        if entry.is_some() && hash.is_none() {
            tracing::error!(
                name,
                "the staff account's hash cannot be read: add it again"
            );
        }
        Ok(if accepted {
            SignIn::Accepted
        } else {
            SignIn::Refused
        })
    }

    fn read(&self) -> Result<Stored, AccountsError> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Stored {
                    format: FORMAT,
                    account: Vec::new(),
                });
            }
            Err(source) => {
                return Err(AccountsError::Io {
                    path: self.path.clone(),
                    source,
                });
            }
        };
        let file: Stored = toml::from_str(&text).map_err(|source| AccountsError::Damaged {
            path: self.path.clone(),
            source,
        })?;
        if file.format != FORMAT {
            return Err(AccountsError::Unsupported {
                path: self.path.clone(),
                found: file.format,
            });
        }
        Ok(file)
    }

    fn write(&self, file: &Stored) -> Result<(), AccountsError> {
        let io = |source| AccountsError::Io {
            path: self.path.clone(),
            source,
        };
        let mut text = HEADER.to_owned();
        text.push_str(&toml::to_string(file).map_err(|e| io(std::io::Error::other(e)))?);
        super::write_privately(&self.path, text.as_bytes()).map_err(io)
    }

    fn lock(&self) -> Result<File, AccountsError> {
        super::lock(&self.lock_path).map_err(|source| AccountsError::Io {
            path: self.lock_path.clone(),
            source,
        })
    }
}

/// A hash with the default parameters, made once: checked against when
/// a name has no account, so that such a sign-in costs what any other does.
fn dummy_hash() -> Option<&'static PasswordHash> {
    static DUMMY: OnceLock<Option<PasswordHash>> = OnceLock::new();
    DUMMY
        .get_or_init(|| {
            // The result is never accepted, whatever the password: only the work counts.
            Argon2::default().hash_password(b"no account").ok()
        })
        .as_ref()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accounts(dir: &Path) -> Accounts {
        Accounts::new(dir.join(ACCOUNTS_FILE), dir.join("lock"))
    }

    fn password(text: &str) -> Password {
        Password::new(text.to_owned()).unwrap()
    }

    #[test]
    fn names_are_letters_digits_dots_hyphens_and_underscores() {
        for good in ["jsmith", "j.smith", "J_Smith-2", "7", &"a".repeat(64)] {
            assert!(Name::parse(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            ".jsmith",
            "-x",
            "j smith",
            "j:smith",
            "jsmíth",
            "a\nb",
            &"a".repeat(65),
        ] {
            let error = Name::parse(bad).unwrap_err();
            assert!(
                error.to_string().contains("cannot be a staff name"),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_password_has_at_least_twelve_characters() {
        let error = Password::new("short pass".to_owned()).err().unwrap();
        assert_eq!(
            error.to_string(),
            "the password is too short (10 characters): use at least 12; a few unrelated words \
             make a long password that is easy to type"
        );
        // Characters, not bytes: twelve accented letters are enough, eleven are not.
        assert!(Password::new("é".repeat(12)).is_ok());
        assert!(Password::new("é".repeat(11)).is_err());
        assert!(Password::new("x".repeat(MAX_PASSWORD_BYTES + 1)).is_err());
    }

    #[test]
    fn an_account_is_kept_as_an_argon2id_hash_and_signs_in_with_its_password_only() {
        let dir = tempfile::tempdir().unwrap();
        let accounts = accounts(dir.path());
        assert_eq!(
            accounts.sign_in("jsmith", "anything at all").unwrap(),
            SignIn::NoAccounts
        );
        let name = Name::parse("jsmith").unwrap();
        let now: jiff::Timestamp = "2026-12-02T16:30:00Z".parse().unwrap();
        let secret = "correct horse battery staple";
        assert!(!accounts.add(&name, &password(secret), false, now).unwrap());

        let text = std::fs::read_to_string(accounts.path()).unwrap();
        assert!(!text.contains(secret), "{text}");
        assert!(text.contains("hash = \"$argon2id$v=19$"), "{text}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(accounts.path()).unwrap().permissions();
            assert_eq!(mode.mode() & 0o777, 0o600);
        }

        assert_eq!(
            accounts.sign_in("jsmith", secret).unwrap(),
            SignIn::Accepted
        );
        for (who, what) in [
            ("jsmith", "correct horse battery stapl"),
            ("jsmith", ""),
            ("JSMITH", secret),
            ("nobody", secret),
        ] {
            assert_eq!(
                accounts.sign_in(who, what).unwrap(),
                SignIn::Refused,
                "{who}"
            );
        }
        assert_eq!(
            accounts.list().unwrap(),
            [Account {
                name: "jsmith".to_owned(),
                added: "2026-12-02T16:30:00Z".to_owned()
            }]
        );
    }

    #[test]
    fn adding_twice_needs_replace_and_removing_an_unknown_name_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let accounts = accounts(dir.path());
        let name = Name::parse("jsmith").unwrap();
        let now = jiff::Timestamp::UNIX_EPOCH;
        accounts
            .add(&name, &password("first password here"), false, now)
            .unwrap();
        let error = accounts
            .add(&name, &password("second password here"), false, now)
            .unwrap_err();
        assert!(error.to_string().contains("--replace"), "{error}");
        assert!(
            accounts
                .add(&name, &password("second password here"), true, now)
                .unwrap()
        );
        assert_eq!(
            accounts.sign_in("jsmith", "first password here").unwrap(),
            SignIn::Refused
        );
        assert_eq!(
            accounts.sign_in("jsmith", "second password here").unwrap(),
            SignIn::Accepted
        );
        let error = accounts.remove("nobody").unwrap_err();
        assert!(matches!(error, AccountsError::Unknown(_)), "{error}");
        accounts.remove("jsmith").unwrap();
        assert!(!accounts.any().unwrap());
    }

    #[test]
    fn a_damaged_file_is_an_error_not_an_empty_list() {
        let dir = tempfile::tempdir().unwrap();
        let accounts = accounts(dir.path());
        std::fs::write(accounts.path(), "format = 1\n[[account]]\nname = 3\n").unwrap();
        assert!(matches!(
            accounts.sign_in("a", "b"),
            Err(AccountsError::Damaged { .. })
        ));
        std::fs::write(accounts.path(), "format = 9\n").unwrap();
        assert!(matches!(
            accounts.list(),
            Err(AccountsError::Unsupported { found: 9, .. })
        ));
    }
}
