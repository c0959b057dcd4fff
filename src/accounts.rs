//! `staff add`, `staff remove`, `staff list`: the accounts that sign in to the staff pages,
//! kept in the state folder as Argon2id hashes (see [`crate::state::accounts`]).

use std::io::{BufRead, IsTerminal};

use crate::config::{StaffAction, StaffArgs};
use crate::state::accounts::{Name, Password};
use crate::state::{AccountsError, StateDir, StateError};

/// Why a `staff` command could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StaffError {
    #[error(transparent)]
    Accounts(#[from] AccountsError),
    #[error(transparent)]
    State(#[from] StateError),
    /// Standard input or the terminal could not be read.
    #[error("cannot read the password")]
    Read(#[source] std::io::Error),
    /// Standard input ended before a password.
    #[error(
        "no password on standard input: give it as one line (or run in a terminal to be asked)"
    )]
    NoPassword,
    /// The password typed twice was not the same.
    #[error("the two passwords are not the same: nothing was changed")]
    Mismatch,
}

pub fn run(args: &StaffArgs) -> Result<(), StaffError> {
    match &args.action {
        StaffAction::Add(add) => {
            // The name is checked before the password is asked for.
            let name = Name::parse(&add.name)?;
            let state = StateDir::open(&add.state.state_dir)?;
            let password = Password::new(read_password(&name)?)?;
            let replaced =
                state
                    .accounts()
                    .add(&name, &password, add.replace, jiff::Timestamp::now())?;
            if replaced {
                crate::out!("Set a new password for {name}.");
            } else {
                crate::out!(
                    "Added the staff account {name}. It signs in at /staff: over HTTPS when the \
                     server runs with --https, otherwise from this machine only."
                );
            }
        }
        StaffAction::Remove(remove) => {
            let state = StateDir::open(&remove.state.state_dir)?;
            state.accounts().remove(&remove.name)?;
            crate::out!("Removed the staff account {}.", remove.name);
        }
        StaffAction::List(state) => {
            let accounts = if state.state_dir.exists() {
                StateDir::open(&state.state_dir)?.accounts().list()?
            } else {
                Vec::new()
            };
            if accounts.is_empty() {
                crate::out!(
                    "No staff accounts: the staff pages are off. Add one with `sister-cities \
                     staff add NAME`."
                );
            }
            for account in accounts {
                crate::out!("{} (added {})", account.name, account.added);
            }
        }
    }
    Ok(())
}

/// The password: asked for twice without echo on a terminal, else one line of standard input
/// (for scripts: `printf '%s\n' "$PASSWORD" | sister-cities staff add NAME`).
fn read_password(name: &Name) -> Result<String, StaffError> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password(format!("Password for {name}: "))
            .map_err(StaffError::Read)?;
        // Checked before it is asked for again.
        Password::new(first.clone())?;
        let second =
            rpassword::prompt_password("The same password again: ").map_err(StaffError::Read)?;
        if first != second {
            return Err(StaffError::Mismatch);
        }
        return Ok(first);
    }
    let mut line = String::new();
    let read = std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(StaffError::Read)?;
    if read == 0 {
        return Err(StaffError::NoPassword);
    }
    let line = line.strip_suffix('\n').unwrap_or(&line);
    Ok(line.strip_suffix('\r').unwrap_or(line).to_owned())
}
