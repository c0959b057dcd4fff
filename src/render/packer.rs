//! Pages as rendered, kept in LZ4 (see [`Page::packed`]), and the order the long ones have
//! their brotli form made in.
//!
//! Memory: each page's LZ4 form had an allocation of its own, and tens of thousands of them,
//! freed one by one in no order, left the allocator holding pages it could not give back (at
//! 24,000 pages, 20 to 30 MB; docs/performance.md). So the forms are written one after the
//! other in buffers, each a slice of one, and a buffer is freed whole once its pages are gone.
//! The buffers grow from 16 KiB to a mebibyte: an edit renders a few pages, and their buffer
//! is kept for as long as any of them.
//!
//! Most of a page is what every page of its kind has (the head, the header, the footer, the
//! layout of an event or a city): each page is compressed against the first page of its kind
//! the packer saw (its dictionary, the same folder and content type), which leaves little but
//! what is its own. At scale, LZ4 kept an event page at 40% of its size on its own, and at 6%
//! against another event page (docs/performance.md).

use std::sync::Arc;

use axum::body::Bytes;
use axum::http::HeaderValue;
use bytes::BytesMut;

use super::encoded::Page;
use super::lz4::{self, Stored};

/// The size of a [`Packer`]'s largest buffers: large enough that the allocator gives each its
/// own pages and takes them back whole, and a few hundred pages each.
const BUFFER: usize = 1 << 20;

/// The size of a [`Packer`]'s first buffer; each next one is twice the last, up to [`BUFFER`].
const FIRST_BUFFER: usize = 16 * 1024;

/// Bodies of this many bytes and more are compressed after the others: compressing one
/// takes some ten times its size for a moment (the calendars, sitemaps and open data, of
/// megabytes), better spent once the others' LZ4 forms are gone.
const LARGE: usize = 1 << 20;

/// Bodies of at most this many bytes may be a dictionary: LZ4 looks back no further.
const DICTIONARY: usize = 1 << 16;

/// Keeps the LZ4 forms of the pages a site renders (see [`Page::packed`]).
#[derive(Debug, Default)]
pub struct Packer {
    buffer: BytesMut,
    /// The size of the last buffer made.
    size: usize,
    /// The dictionary of each kind of page, by folder and content type: a copy of the first
    /// body of that kind, kept for as long as a form made against it. A site has a few
    /// dozen kinds.
    dictionaries: Vec<(Kind, Bytes)>,
}

/// A kind of page: the folder of its address (`/events/`, `/es/cities/`) and its type.
#[derive(Debug, PartialEq)]
struct Kind {
    folder: String,
    content_type: HeaderValue,
}

impl Packer {
    /// The body of the page at `path` (of `content_type`) in LZ4, against the dictionary of
    /// its kind, in the current buffer (a new one when that has no room); None if it cannot be
    /// compressed. The first body of a kind becomes its dictionary, and is kept in LZ4 on its
    /// own. A large body's form has an allocation of its own, of its size: in a buffer made
    /// for it, the room it did not use would be held for as long as it is.
    pub(super) fn lz4(
        &mut self,
        path: &str,
        content_type: &HeaderValue,
        body: &[u8],
    ) -> Option<Stored> {
        let dictionary = self.dictionary(path, content_type, body);
        let room = lz4_flex::block::get_maximum_output_size(body.len());
        if room > BUFFER / 2 {
            let mut own = vec![0; room];
            let written = lz4::compress(body, &mut own, &dictionary)?;
            own.truncate(written);
            own.shrink_to_fit();
            return Some(Stored::new(Bytes::from(own), dictionary));
        }
        if self.buffer.capacity() < room {
            self.size = (2 * self.size).clamp(FIRST_BUFFER, BUFFER);
            self.buffer = BytesMut::with_capacity(self.size.max(room));
        }
        self.buffer.resize(room, 0);
        let written = lz4::compress(body, &mut self.buffer, &dictionary);
        self.buffer.truncate(written.unwrap_or(0));
        let form = self.buffer.split().freeze();
        written.map(|_| Stored::new(form, dictionary))
    }

    /// The dictionary of the kind of the page at `path`, or none when `body` is the first of
    /// its kind (then the dictionary, if small enough).
    fn dictionary(&mut self, path: &str, content_type: &HeaderValue, body: &[u8]) -> Bytes {
        let folder = path.rfind('/').map_or("", |end| &path[..=end]);
        let found = self
            .dictionaries
            .iter()
            .find(|(kind, _)| kind.folder == folder && kind.content_type == content_type);
        if let Some((_, dictionary)) = found {
            return dictionary.clone();
        }
        if body.len() <= DICTIONARY {
            let kind = Kind {
                folder: folder.to_owned(),
                content_type: content_type.clone(),
            };
            self.dictionaries.push((kind, Bytes::copy_from_slice(body)));
        }
        Bytes::new()
    }
}

/// The order to compress pages waiting for it in: as they were rendered (`pages`), so that
/// their buffers are let go one after another, the large ones last.
pub fn in_order<'a>(pages: impl Iterator<Item = &'a Page>) -> impl Iterator<Item = &'a Page> {
    let (small, large): (Vec<&Page>, Vec<&Page>) = pages.partition(|page| page.len < LARGE);
    small.into_iter().chain(large)
}

/// The pages of `waiting` that still wait (not those packed since), found with `page`: a
/// site rendered over another every minute would otherwise add to the list each time.
pub fn still_waiting<'a>(
    waiting: &[Arc<str>],
    page: impl Fn(&str) -> Option<&'a Page>,
) -> Vec<Arc<str>> {
    let still = |path: &&Arc<str>| page(path).is_some_and(Page::waiting);
    waiting.iter().filter(still).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Caching;
    use jiff::Timestamp;

    fn page(text: &str) -> Page {
        html(format!("<p>{text}</p>\n").repeat(50))
    }

    /// `page` packed by `packer` as the page at `path`.
    fn pack(packer: &mut Packer, path: &str, page: Page) -> Page {
        let content_type = page.content_type.clone();
        page.packed(|body| packer.lz4(path, &content_type, body))
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
            .map(|text| Arc::new(pack(&mut packer, &format!("/cities/{text}"), page(text))))
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
    fn buffers_grow_from_small_to_a_mebibyte() {
        let mut packer = Packer::default();
        let first = pack(&mut packer, "/cities/seika", event("Seika"));
        let held = packer.buffer.capacity() + form_len(&first);
        assert_eq!(held, FIRST_BUFFER, "a render of one page holds 16 KiB");
        let mut sizes = vec![packer.size];
        for n in 0..200 {
            // Some 30 KB each, unlike any other.
            let text: String = (n * 5000..n * 5000 + 5000)
                .map(|m| format!("{m:x} "))
                .collect();
            pack(&mut packer, "/data/n", html(text));
            sizes.push(packer.size);
        }
        sizes.dedup();
        let doubling: Vec<usize> = (0..7).map(|n| FIRST_BUFFER << n).collect();
        assert_eq!(sizes, doubling);
        assert_eq!(doubling.last(), Some(&BUFFER));
    }

    #[test]
    fn a_large_body_has_a_form_of_its_own() {
        let mut packer = Packer::default();
        let text: String = (0..BUFFER / 4).map(|n| format!("{n:x} ")).collect();
        let large = pack(&mut packer, "/map", html(text.clone()));
        let after = pack(&mut packer, "/", page("Norman"));
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

    /// A page as an event's: what every event page has, around what is its own.
    fn event(name: &str) -> Page {
        let links = |from: u32| -> String {
            (from..from + 40)
                .map(|n| format!("<li><a href=\"/news/{:x}\">Story {n}</a></li>\n", n * 7919))
                .collect()
        };
        html(format!("{}<h1>{name}</h1>\n{}", links(0), links(1000)))
    }

    fn plain_lz4(page: &Page) -> usize {
        lz4_flex::block::compress(&page.body()).len()
    }

    fn form_len(page: &Page) -> usize {
        page.stored().map_or(0, |form| form.len())
    }

    #[test]
    fn pages_of_a_kind_are_compressed_against_the_first() {
        let mut packer = Packer::default();
        let first = pack(&mut packer, "/events/concert", event("Concert"));
        let second = pack(&mut packer, "/events/exhibit", event("Exhibit"));
        assert_eq!(form_len(&first), plain_lz4(&first), "the first on its own");
        assert!(
            form_len(&second) * 4 < plain_lz4(&second),
            "{} against {}",
            form_len(&second),
            plain_lz4(&second)
        );
        assert_eq!(second.body(), event("Exhibit").body());
        assert_eq!(first.body(), event("Concert").body());
        // Another folder, or another type in the same folder, is another kind.
        let city = pack(&mut packer, "/cities/seika", event("Seika"));
        assert_eq!(form_len(&city), plain_lz4(&city));
        let calendar = Page::new(
            event("Concert").body(),
            "text/calendar; charset=utf-8",
            Timestamp::UNIX_EPOCH,
            Caching::Revalidate,
        );
        let calendar = pack(&mut packer, "/events/concert.ics", calendar);
        assert_eq!(form_len(&calendar), plain_lz4(&calendar));
        assert_eq!(calendar.body(), event("Concert").body());
    }

    #[test]
    fn a_body_longer_than_lz4_looks_back_is_no_dictionary() {
        let mut packer = Packer::default();
        let long: String = (0..DICTIONARY / 4).map(|n| format!("{n:x} ")).collect();
        let long = pack(&mut packer, "/data/all", html(long));
        assert!(long.len > DICTIONARY);
        let first = pack(&mut packer, "/data/concert", event("Concert"));
        let second = pack(&mut packer, "/data/exhibit", event("Exhibit"));
        assert_eq!(
            form_len(&first),
            plain_lz4(&first),
            "the first small one on its own"
        );
        assert!(form_len(&second) * 4 < plain_lz4(&second));
        assert_eq!(second.body(), event("Exhibit").body());
    }

    #[test]
    fn pages_are_compressed_in_the_order_rendered_the_large_last() {
        let small = page("Arezzo");
        let large = Page::new(
            Bytes::from("<p>Clermont-Ferrand</p>".repeat(LARGE / 20)),
            "application/xml",
            Timestamp::UNIX_EPOCH,
            Caching::Revalidate,
        );
        assert!(small.len < LARGE && large.len >= LARGE);
        let order = [large, small, page("Seika")];
        let lens: Vec<usize> = in_order(order.iter()).map(|page| page.len).collect();
        assert_eq!(lens, [order[1].len, order[2].len, order[0].len]);
    }

    /// A body long enough to have its brotli form made in the background.
    fn long(text: &str) -> String {
        text.repeat(crate::render::encoded::BACKGROUND / text.len() + 1)
    }

    #[test]
    fn a_site_compresses_its_pages_in_the_order_they_were_rendered() {
        let assets = crate::render::Assets::default();
        let mut builder =
            crate::render::builder::Builder::new(&assets, Timestamp::UNIX_EPOCH, None);
        let paths: Vec<String> = (0..20).map(|n| format!("/file-{n}.txt")).collect();
        for path in &paths {
            builder.file(path.clone(), "text/plain; charset=utf-8", long(path));
        }
        let not_found = vec![("/".to_owned(), page("Not found"))];
        let Ok(site) = builder.finish(not_found) else {
            panic!("a site");
        };
        let mut budget = 5;
        let finished = site.compress_all(|| {
            budget -= 1;
            budget >= 0
        });
        assert!(!finished);
        let waiting: Vec<bool> = paths
            .iter()
            .map(|path| site.page(path).is_some_and(Page::waiting))
            .collect();
        assert_eq!(waiting[..5], [false; 5], "the first five rendered, packed");
        assert_eq!(waiting[5..], [true; 15], "the others still waiting");
    }

    #[test]
    fn a_site_rendered_over_another_keeps_only_the_pages_still_waiting() {
        let assets = crate::render::Assets::default();
        let mut builder =
            crate::render::builder::Builder::new(&assets, Timestamp::UNIX_EPOCH, None);
        for n in 0..20 {
            let path = format!("/file-{n}.txt");
            builder.file(path.clone(), "text/plain; charset=utf-8", long(&path));
        }
        let not_found = vec![("/".to_owned(), page("Not found"))];
        let Ok(mut site) = builder.finish(not_found) else {
            panic!("a site");
        };
        let mut calls = 0;
        for _ in 0..3 {
            calls = 0;
            assert!(site.compress_all(|| {
                calls += 1;
                true
            }));
            // Rendered over it again, with nothing rendered: as each minute does.
            site = crate::render::builder::Builder::over(&assets, Timestamp::UNIX_EPOCH, &site)
                .finish_over(&site);
        }
        // Every page and the page not found, once each: none still listed as waiting.
        assert_eq!(calls, 21);
    }
}
