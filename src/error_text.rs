//! An error and its causes as one line: "cannot write public/index.html: Permission denied".
//! Each error type says only what failed and keeps its cause as its `source()`; this is the one
//! place that joins them, for the command line and the logs.

use std::error::Error;
use std::fmt;

/// Shows an error followed by each of its causes, separated by ": ".
pub struct Chain<'a>(pub &'a (dyn Error + 'static));

impl fmt::Display for Chain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        let mut cause = self.0.source();
        while let Some(error) = cause {
            write!(f, ": {error}")?;
            cause = error.source();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("cannot write index.html")]
    struct Outer(#[source] std::io::Error);

    #[test]
    fn each_cause_follows_its_error() {
        let error = Outer(std::io::Error::other("disk full"));
        assert_eq!(
            Chain(&error).to_string(),
            "cannot write index.html: disk full"
        );
    }
}
