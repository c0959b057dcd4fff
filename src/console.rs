//! What commands print for a person or a pipe. `println!` panics when the reader has gone
//! (`sister-cities check 2>&1 | head`); these end the output quietly instead, and the command's
//! exit status still says how it went.

use std::fmt;
use std::io::{self, Write};

/// Writes a line to standard output: `out!("wrote {}", path)`.
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::console::write_out(::std::format_args!("{}\n", ::std::format_args!($($arg)*)))
    };
}

/// Writes a line to standard error: `err!("error: {}", message)`.
#[macro_export]
macro_rules! err {
    ($($arg:tt)*) => {
        $crate::console::write_err(::std::format_args!("{}\n", ::std::format_args!($($arg)*)))
    };
}

/// Writes to standard output; a reader that has gone is not an error of the command.
pub fn write_out(text: fmt::Arguments<'_>) {
    let _ = io::stdout().lock().write_fmt(text);
}

/// Writes to standard error, as [`write_out`].
pub fn write_err(text: fmt::Arguments<'_>) {
    let _ = io::stderr().lock().write_fmt(text);
}
