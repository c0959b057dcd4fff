//! Pages just rendered, kept in LZ4 until their brotli form is made (see
//! [`Page::packed`]), and the order they are compressed in.
//!
//! Memory: each page's LZ4 form had an allocation of its own, and tens of thousands of them
//! were freed one by one, in no order, as the brotli forms were made, which left the allocator
//! holding pages it could not give back (at 24,000 pages, some 30 MB until the last was
//! packed; docs/performance.md). So the forms are written one after the other in buffers of
//! a mebibyte, each a slice of one, and the pages are compressed in the order they were
//! rendered: a buffer is freed whole once its pages are packed, and the buffers go one after
//! another.

use std::sync::Arc;

use axum::body::Bytes;
use bytes::BytesMut;

use super::encoded::Page;

/// The size of a [`Packer`]'s buffers: large enough that the allocator gives each its own
/// pages and takes them back whole, and a few hundred pages each.
const BUFFER: usize = 1 << 20;

/// Bodies of this many bytes and more are compressed after the others: compressing one
/// takes some ten times its size for a moment (the calendars, sitemaps and open data, of
/// megabytes), better spent once the others' LZ4 forms are gone.
const LARGE: usize = 1 << 20;

/// Packs the pages a site renders, and keeps them in the order it did.
#[derive(Debug, Default)]
pub struct Packer {
    buffer: BytesMut,
    pages: Vec<Arc<Page>>,
}

impl Packer {
    /// `page`, packed, and noted as the next to compress.
    pub fn pack(&mut self, page: Page) -> Arc<Page> {
        let page = Arc::new(page.packed(self));
        self.pages.push(page.clone());
        page
    }

    /// `body` in LZ4, in the current buffer (a new one when that has no room); None if it
    /// cannot be compressed. A large body's has an allocation of its own, of its size: in a
    /// buffer made for it, the room it did not use would be held for as long as it is.
    pub(super) fn lz4(&mut self, body: &[u8]) -> Option<Bytes> {
        let room = lz4_flex::block::get_maximum_output_size(body.len());
        if room > BUFFER / 2 {
            let mut own = lz4_flex::block::compress(body);
            own.shrink_to_fit();
            return Some(Bytes::from(own));
        }
        if self.buffer.capacity() < room {
            self.buffer = BytesMut::with_capacity(room.max(BUFFER));
        }
        self.buffer.resize(room, 0);
        let written = lz4_flex::block::compress_into(body, &mut self.buffer);
        self.buffer.truncate(*written.as_ref().unwrap_or(&0));
        let stored = self.buffer.split().freeze();
        written.ok().map(|_| stored)
    }

    /// The pages packed, in the order to compress them.
    pub fn finish(self) -> Packed {
        Packed(self.pages)
    }
}

/// The pages a site rendered and packed, in the order they were.
#[derive(Debug, Clone, Default)]
pub struct Packed(Vec<Arc<Page>>);

impl Packed {
    /// The order to compress them in: as they were rendered (so their buffers are let go one
    /// after another), the large ones last.
    pub fn in_order(&self) -> impl Iterator<Item = &Page> {
        let small = self.0.iter().filter(|page| page.len < LARGE);
        let large = self.0.iter().filter(|page| page.len >= LARGE);
        small.chain(large).map(Arc::as_ref)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Caching;
    use jiff::Timestamp;

    fn page(text: &str) -> Page {
        html(format!("<p>{text}</p>\n").repeat(50))
    }

    fn html(html: String) -> Page {
        Page::new(
            Bytes::from(html),
            "text/html; charset=utf-8",
            Timestamp::UNIX_EPOCH,
            Caching::Revalidate,
        )
    }

    #[test]
    fn pages_packed_together_share_a_buffer_and_give_their_bytes_back() {
        let mut packer = Packer::default();
        let bodies = ["Norman", "Seika", "Colima"].map(|text| page(text).body());
        let pages: Vec<Arc<Page>> = ["Norman", "Seika", "Colima"]
            .map(|text| packer.pack(page(text)))
            .into();
        let stored: Vec<Bytes> = pages.iter().filter_map(|page| page.stored()).collect();
        assert_eq!(stored.len(), 3, "each kept in LZ4");
        for pair in stored.windows(2) {
            // One after the other in the same buffer.
            assert_eq!(pair[0].as_ptr_range().end, pair[1].as_ptr());
        }
        for (page, body) in pages.iter().zip(bodies) {
            assert_eq!(page.body(), body);
        }
    }

    #[test]
    fn a_large_body_has_a_form_of_its_own() {
        let mut packer = Packer::default();
        let text: String = (0..BUFFER / 4).map(|n| format!("{n:x} ")).collect();
        let large = packer.pack(html(text.clone()));
        let after = packer.pack(page("Norman"));
        let (Some(large_lz4), Some(after_lz4)) = (large.stored(), after.stored()) else {
            panic!("both kept in LZ4");
        };
        assert!(large.len > BUFFER && large.len < 2 * BUFFER);
        assert_ne!(
            large_lz4.as_ptr_range().end,
            after_lz4.as_ptr(),
            "not in one buffer"
        );
        assert_eq!(large.body(), text.as_bytes());
        assert_eq!(after.body(), page("Norman").body());
    }

    #[test]
    fn pages_are_compressed_in_the_order_rendered_the_large_last() {
        let mut packer = Packer::default();
        let small = page("Arezzo");
        let large = Page::new(
            Bytes::from("<p>Clermont-Ferrand</p>".repeat(LARGE / 20)),
            "application/xml",
            Timestamp::UNIX_EPOCH,
            Caching::Revalidate,
        );
        assert!(small.len < LARGE && large.len >= LARGE);
        let order = [
            packer.pack(large),
            packer.pack(small),
            packer.pack(page("Seika")),
        ];
        let packed = packer.finish();
        let lens: Vec<usize> = packed.in_order().map(|page| page.len).collect();
        assert_eq!(lens, [order[1].len, order[2].len, order[0].len]);
    }
}
