//! LZ4 forms of bodies, made against a dictionary: the form a page the program renders is
//! kept in (see [`super::packer`] and [`super::encoded`]).

use axum::body::Bytes;

/// A body in LZ4, as the packer made it (src/render/packer.rs): its form, and the dictionary
/// it was made against (empty for none).
#[derive(Debug)]
pub struct Stored {
    form: Bytes,
    dictionary: Bytes,
}

impl Stored {
    pub fn new(form: Bytes, dictionary: Bytes) -> Stored {
        Stored { form, dictionary }
    }

    /// The form, without the dictionary it needs.
    #[cfg(test)]
    pub fn form(&self) -> &Bytes {
        &self.form
    }

    /// The body again, `len` bytes long.
    pub fn unpacked(&self, len: usize) -> Option<Bytes> {
        let body = if self.dictionary.is_empty() {
            lz4_flex::block::decompress(&self.form, len)
        } else {
            lz4_flex::block::decompress_with_dict(&self.form, len, &self.dictionary)
        };
        body.ok().map(Bytes::from)
    }
}

/// Compresses `body` into `out` (room enough), against `dictionary` when there is one. Gives
/// the length written.
pub fn compress(body: &[u8], out: &mut [u8], dictionary: &[u8]) -> Option<usize> {
    if dictionary.is_empty() {
        lz4_flex::block::compress_into(body, out).ok()
    } else {
        lz4_flex::block::compress_into_with_dict(body, out, dictionary).ok()
    }
}
