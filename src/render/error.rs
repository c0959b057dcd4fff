//! Why a site could not be rendered. Content that passed the checks always renders, so each of
//! these is a bug in the program (or a limit of a file format), never an editor's mistake: the
//! site being served stays as it is.

use super::feeds::WriteError;

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A template failed: a bug in the template.
    #[error("cannot render {path}: a template failed")]
    Template {
        path: String,
        #[source]
        source: askama::Error,
    },
    /// A feed or data file could not be written.
    #[error("cannot write {path}")]
    File {
        path: String,
        #[source]
        source: WriteError,
    },
}
