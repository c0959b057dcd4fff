//! Why a site could not be rendered. Content that passed the checks renders, so each of these
//! is a bug in the program or a limit of a file format, never an editor's mistake; the site
//! being served stays as it is.

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A template failed: a bug in the template.
    #[error("cannot render {path}: a template failed")]
    Template {
        path: String,
        #[source]
        source: askama::Error,
    },
    /// A date in the content is beyond what a feed's format, or the crate that writes it, can
    /// hold (iCalendar and Atom dates).
    #[error("cannot write {path}: {value} is beyond the dates its format can hold")]
    OutOfRange { path: String, value: String },
    /// The crate that writes a feed or data file failed (a bug: it is given checked values).
    #[error("cannot write {path}")]
    Write {
        path: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

impl RenderError {
    pub(super) fn out_of_range(path: &str, value: impl std::fmt::Display) -> RenderError {
        RenderError::OutOfRange {
            path: path.to_owned(),
            value: value.to_string(),
        }
    }

    pub(super) fn write(
        path: &str,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> RenderError {
        RenderError::Write {
            path: path.to_owned(),
            source: source.into(),
        }
    }
}
