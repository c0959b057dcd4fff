//! Comparing a published site with a full rebuild of the same content (see
//! [`super::Live::verify`]).

use crate::render::{RenderError, Site};

/// How a published site differs from a full rebuild of the same content (see
/// [`crate::live::Live::verify`]): a fault in publishing only what changed.
#[derive(Debug, thiserror::Error)]
pub enum Mismatch {
    /// A full rebuild failed to render.
    #[error(transparent)]
    Render(#[from] RenderError),
    /// Addresses served by one and not the other.
    #[error("only published: {published:?}; only rebuilt: {rebuilt:?}")]
    Paths {
        published: Vec<String>,
        rebuilt: Vec<String>,
    },
    /// A page whose bytes or type differ.
    #[error("the page {0} differs from a full rebuild")]
    Page(String),
}

/// Whether two sites serve the same bytes, of the same type, at the same addresses.
pub(super) fn same_pages(published: &Site, rebuilt: &Site) -> Result<(), Mismatch> {
    let (ours, theirs) = (published.paths(), rebuilt.paths());
    if ours != theirs {
        let only = |a: &[&str], b: &[&str]| {
            a.iter()
                .filter(|path| !b.contains(path))
                .map(|path| (*path).to_owned())
                .collect()
        };
        return Err(Mismatch::Paths {
            published: only(&ours, &theirs),
            rebuilt: only(&theirs, &ours),
        });
    }
    let pages = ours
        .iter()
        .map(|path| (*path, published.page(path), rebuilt.page(path)));
    let not_found = std::iter::once((
        "404",
        Some(published.not_found()),
        Some(rebuilt.not_found()),
    ));
    for (path, a, b) in pages.chain(not_found) {
        let same = match (a, b) {
            (Some(a), Some(b)) => a.body() == b.body() && a.content_type == b.content_type,
            _ => false,
        };
        if !same {
            return Err(Mismatch::Page(path.to_owned()));
        }
    }
    Ok(())
}
