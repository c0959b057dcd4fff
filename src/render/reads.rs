//! What a page read while it was rendered, so that the next render can take over, as they
//! are, the pages none of whose reads changed.
//!
//! The code that reads the content for a page notes each read with [`read`]: a city looked
//! up, an event listed, the minute shown on a clock. [`recording`] collects the notes made
//! while one page is rendered. They are kept on the rendering thread (a site is rendered on
//! one thread, one page at a time), so that the view constructors need no extra argument and
//! a read cannot be forgotten by a caller. Outside a recording, [`read`] does nothing.
//!
//! [`Fingerprints`] gives what each thing that can be read is in one edition of the content
//! at one moment. A page whose reads all have the fingerprints they had when it was rendered
//! would come out byte for byte the same: anything a page's bytes depend on must be noted.

use std::any::Any;
use std::cell::RefCell;
use std::collections::BTreeSet;

// The tables of a site and of the fingerprints are looked up some 300,000 times a reload at
// scale, by keys the content makes: a fast hash, seeded at random, in place of SipHash.
use foldhash::{HashMap, HashMapExt};
use std::fmt::Debug;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use jiff::Timestamp;

use crate::content::Content;

use super::open_city::OpenCity;

/// A thing a page can read.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Read {
    /// What every page shows around itself and the site-wide texts: site.toml, program.toml,
    /// get-involved.toml, the pages of their own, and the languages.
    Shared,
    /// A sister city, by slug (or that there is none by that slug).
    City(Box<str>),
    /// What a link to a sister city shows, by slug: its name and country, and its place in the
    /// order links are listed in (or that there is no city by that slug shown). A page that
    /// only links to a city is not rendered again when the rest of the city's file changes.
    CityLink(Box<str>),
    /// Every sister city shown, in order.
    Cities,
    /// What the open data shows of every sister city shown, in order (each city's
    /// [`OpenCity`]).
    OpenData,
    /// An event, by slug.
    Event(Box<str>),
    /// Every event shown, in order: which, and what each says (each [`Read::Event`]
    /// together). A calendar of every event reads this one rather than thousands of reads,
    /// each kept and checked at every reload.
    Events,
    /// Which coming anniversaries the calendars list, on which days, in order, and what each
    /// city says (each [`Read::City`] together).
    Anniversaries,
    /// A news item, by slug.
    News(Box<str>),
    /// Which events start in a year, in order.
    Year(i16),
    /// Which events a city's page lists, in order (what they say is each [`Read::Event`]).
    CityEvents(Box<str>),
    /// Which news items a city's page lists, in order.
    CityNews(Box<str>),
    /// Whether an event is over.
    Past(Box<str>),
    /// Which texts of a content file (`cities/seika.toml`) are not translated yet.
    Untranslated(Box<str>),
    /// The static files and photos, at their fingerprinted addresses.
    Assets,
    /// Which pages the source language has (a page in another language links to the same
    /// page in its own language when there is one).
    SourcePages,
    /// The pages a part of the sitemap lists (by its number, from 1), in every language, with
    /// the day each last changed.
    SitemapPart(usize),
    /// The sitemap's parts, with the last day a page of each changed.
    SitemapParts,
    /// The minute (the local time on a clock).
    Minute,
    /// The day, at home and in UTC.
    Day,
    /// The very moment the site is rendered for (stamps of files without a time).
    Now,
}

impl Read {
    pub fn city(slug: &str) -> Read {
        Read::City(slug.into())
    }

    pub fn event(slug: &str) -> Read {
        Read::Event(slug.into())
    }

    pub fn news(slug: &str) -> Read {
        Read::News(slug.into())
    }
}

thread_local! {
    /// The reads of the page being rendered on this thread, if one is being recorded.
    static READS: RefCell<Option<BTreeSet<Read>>> = const { RefCell::new(None) };
}

/// Notes that the page being rendered read `read`.
pub fn read(read: Read) {
    READS.with_borrow_mut(|reads| {
        if let Some(reads) = reads {
            reads.insert(read);
        }
    });
}

/// Runs `render` (one page's), and gives what it read with its result.
pub fn recording<T>(render: impl FnOnce() -> T) -> (T, BTreeSet<Read>) {
    let outer = READS.replace(Some(BTreeSet::new()));
    let out = render();
    let reads = READS.replace(outer).unwrap_or_default();
    (out, reads)
}

/// What a page read, each read by its [`Key`] with its fingerprint when it was rendered.
pub type Recorded = std::sync::Arc<[(Key, u64)]>;

/// A read as a site keeps it: two independent 64-bit hashes of it. A site keeps some ten reads
/// for each of tens of thousands of pages, most naming a city or an event by its slug: as keys
/// they take 16 bytes each and nothing more. Two different reads share a key with odds of
/// about one in 2^128.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key([u64; 2]);

impl Key {
    pub fn of(read: &Read) -> Key {
        let mut first = DefaultHasher::new();
        read.hash(&mut first);
        let mut second = DefaultHasher::new();
        // The same hasher on a different input: an independent hash of the same read.
        second.write_u8(0xa5);
        read.hash(&mut second);
        Key([first.finish(), second.finish()])
    }
}

/// The fingerprint of everything a page of one edition of the content can read, at one
/// moment. A thing that is not there (a deleted city) has [`ABSENT`].
#[derive(Debug, Default)]
pub struct Fingerprints(HashMap<Key, u64>);

/// The fingerprint of what is not there.
const ABSENT: u64 = 0;

impl Fingerprints {
    /// The fingerprints of the content as residents see it at `now` (with the items hidden
    /// at that moment left out), in a site of the `languages`, and of the moment itself. The
    /// items' fingerprints come from `prints` when it has them, and are kept there.
    pub fn new(
        content: &Content,
        languages: &[&str],
        now: Timestamp,
        prints: &mut ItemPrints<'_>,
    ) -> Self {
        let items = 2 * content.cities.len() + 2 * content.events.len() + content.news.len();
        let mut known = Fingerprints(HashMap::with_capacity(items + 16));
        let shared = (
            &content.site,
            &content.program,
            &content.get_involved,
            &content.pages,
            content.modified,
            &content.language,
            languages,
        );
        known.insert(Read::Shared, of_debug(&shared));
        let mut cities = Vec::with_capacity(content.cities.len());
        let mut open_data = Vec::with_capacity(content.cities.len());
        for (place, city) in content.cities.iter().enumerate() {
            let [fingerprint, open] = prints.with_view(city, |city| of_debug(&OpenCity::of(city)));
            known.insert(Read::city(city.slug.as_str()), fingerprint);
            cities.push(fingerprint);
            open_data.push(open);
            // The place, not the date and name that order the list: in another language, the
            // order is the source language's.
            let link = of(&(place, &city.name, &city.country));
            known.insert(Read::CityLink(city.slug.as_str().into()), link);
        }
        known.insert(Read::Cities, of(&cities));
        known.insert(Read::OpenData, of(&open_data));
        let mut years: std::collections::BTreeMap<i16, Vec<&str>> = Default::default();
        let mut events = Vec::with_capacity(content.events.len());
        for event in &content.events {
            let slug = event.slug.as_str();
            years
                .entry(event.start.date().year())
                .or_default()
                .push(slug);
            let fingerprint = prints.of(event);
            known.insert(Read::event(slug), fingerprint);
            events.push(fingerprint);
            known.insert(Read::Past(slug.into()), of(&event.is_past_at(now)));
        }
        known.insert(Read::Events, of(&events));
        for (year, slugs) in years {
            known.insert(Read::Year(year), of(&slugs));
        }
        for item in &content.news {
            known.insert(Read::news(item.slug.as_str()), prints.of(item));
        }
        for (file, paths) in content.untranslated.files() {
            known.insert(Read::Untranslated(file.into()), of(paths));
        }
        let home = now.to_zoned_datetime(content.site.city.time_zone.tz.clone());
        let day = (home.date(), crate::content::today(now));
        known.insert(Read::Day, of(&day));
        known.insert(Read::Minute, of(&now.as_second().div_euclid(60)));
        known.insert(Read::Now, of(&now));
        known
    }

    /// Adds (or replaces) a thing's fingerprint.
    pub fn insert(&mut self, read: Read, fingerprint: u64) {
        self.0.insert(Key::of(&read), fingerprint);
    }

    /// The fingerprint now of `read`.
    pub fn get(&self, read: &Read) -> u64 {
        self.by_key(&Key::of(read))
    }

    /// The fingerprint now of the read kept as `key`.
    fn by_key(&self, key: &Key) -> u64 {
        self.0.get(key).copied().unwrap_or(ABSENT)
    }

    /// `reads` with their fingerprints now.
    pub fn record(&self, reads: BTreeSet<Read>) -> Recorded {
        reads
            .into_iter()
            .map(|read| {
                let key = Key::of(&read);
                (key, self.by_key(&key))
            })
            .collect()
    }

    /// Whether every read of `recorded` has the fingerprint it had then.
    pub fn unchanged(&self, recorded: &Recorded) -> bool {
        recorded
            .iter()
            .all(|(key, fingerprint)| self.by_key(key) == *fingerprint)
    }
}

/// The fingerprints of content items, by the item's `Arc`: those made by this render, and
/// those the render before it made. An item that did not change is the same `Arc` from one
/// reload to the next and in each language that shows it untranslated (the cache of checked
/// items keeps it), so its fingerprint is looked up rather than made again from all it holds:
/// at scale, writing out every item in both languages took some 60 ms of each reload.
pub struct ItemPrints<'e> {
    made: ItemMemo,
    earlier: Option<&'e ItemMemo>,
}

/// Fingerprints of items by their address: of all the item holds, and of a view of it (what
/// the open data shows of a city). Each entry holds its item, so that no other item can be at
/// that address while the entry is kept; items never change behind their `Arc`.
#[derive(Debug, Default, Clone)]
pub struct ItemMemo(HashMap<usize, (Arc<dyn Any + Send + Sync>, [u64; 2])>);

impl<'e> ItemPrints<'e> {
    /// Starts a render's fingerprints, looking up those `earlier` made.
    pub fn new(earlier: Option<&'e ItemMemo>) -> Self {
        let size = earlier.map_or(0, |memo| memo.0.len());
        ItemPrints {
            made: ItemMemo(HashMap::with_capacity(size)),
            earlier,
        }
    }

    /// The fingerprint of `item`, as [`of_debug`] makes it.
    pub fn of<T: Debug + Send + Sync + 'static>(&mut self, item: &Arc<T>) -> u64 {
        self.with_view(item, |_| ABSENT)[0]
    }

    /// The fingerprints of `item` and of the view of it `view` makes (always the same view
    /// of items of one kind).
    pub fn with_view<T: Debug + Send + Sync + 'static>(
        &mut self,
        item: &Arc<T>,
        view: impl FnOnce(&T) -> u64,
    ) -> [u64; 2] {
        let address = Arc::as_ptr(item).cast::<()>() as usize;
        let known = self
            .made
            .0
            .get(&address)
            .or_else(|| self.earlier.and_then(|memo| memo.0.get(&address)));
        let fingerprints = match known {
            Some((_, [whole, ABSENT])) => [*whole, view(item)],
            Some((_, fingerprints)) => *fingerprints,
            None => [of_debug(item.as_ref()), view(item)],
        };
        let entry: Arc<dyn Any + Send + Sync> = item.clone();
        self.made.0.insert(address, (entry, fingerprints));
        fingerprints
    }

    /// The fingerprints made, for the next render.
    pub fn finish(self) -> ItemMemo {
        self.made
    }
}

/// The fingerprint of a value (never [`ABSENT`]).
pub fn of(value: &impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish().max(1)
}

/// The fingerprint of a content item, from all it holds as `Debug` writes it: every field,
/// so that no field can be left out of the comparison. (A map written in another order only
/// renders a page again.)
pub fn of_debug(value: &impl Debug) -> u64 {
    thread_local! {
        /// Room to write an item into, kept from one item to the next.
        static TEXT: RefCell<String> = const { RefCell::new(String::new()) };
    }
    TEXT.with_borrow_mut(|text| {
        use std::fmt::Write;
        text.clear();
        // Writing into a string cannot fail.
        let _ = write!(text, "{value:?}");
        let mut hasher = DefaultHasher::new();
        hasher.write(text.as_bytes());
        hasher.finish().max(1)
    })
}

/// The fingerprint of a set given in any order, from its members' fingerprints.
pub fn of_set(members: impl IntoIterator<Item = u64>) -> u64 {
    members
        .into_iter()
        .fold(1u64, |sum, member| {
            sum.wrapping_add(member.wrapping_mul(0x9e37_79b9_7f4a_7c15))
        })
        .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recording_collects_the_reads_made_inside_it_only() {
        read(Read::Minute);
        let ((), reads) = recording(|| {
            read(Read::city("seika"));
            read(Read::city("seika"));
            let ((), inner) = recording(|| read(Read::Day));
            assert_eq!(inner.into_iter().collect::<Vec<_>>(), [Read::Day]);
            read(Read::Assets);
        });
        assert_eq!(
            reads.into_iter().collect::<Vec<_>>(),
            [Read::city("seika"), Read::Assets]
        );
    }

    #[test]
    fn a_changed_or_missing_read_is_not_unchanged() {
        let mut known = Fingerprints::default();
        known.insert(Read::city("seika"), 7);
        let recorded = known.record([Read::city("seika"), Read::city("colima")].into());
        assert!(known.unchanged(&recorded));
        known.insert(Read::city("colima"), 8);
        assert!(!known.unchanged(&recorded));
        assert_ne!(of_debug(&"a"), of_debug(&"b"));
    }

    #[test]
    fn a_read_is_kept_by_a_key_of_two_independent_hashes() {
        let seika = Key::of(&Read::city("seika"));
        assert_eq!(seika, Key::of(&Read::city("seika")));
        assert_ne!(
            seika,
            Key::of(&Read::event("seika")),
            "the kind of read counts"
        );
        assert_ne!(seika, Key::of(&Read::city("colima")));
        assert_ne!(seika.0[0], seika.0[1]);
    }

    /// An item whose `Debug` output counts how often it is written.
    struct Counted(&'static str, std::sync::atomic::AtomicUsize);

    impl Debug for Counted {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            self.1.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            f.write_str(self.0)
        }
    }

    fn counted(text: &'static str) -> Arc<Counted> {
        Arc::new(Counted(text, 0.into()))
    }

    fn writes(item: &Counted) -> usize {
        item.1.load(std::sync::atomic::Ordering::Relaxed)
    }

    #[test]
    fn an_item_is_written_out_once_while_it_is_the_same_arc() {
        let (seika, colima) = (counted("seika"), counted("colima"));
        let mut first = ItemPrints::new(None);
        let seika_print = first.of(&seika);
        assert_eq!(first.of(&seika), seika_print);
        let colima_print = first.of(&colima);
        assert_ne!(colima_print, seika_print);
        assert_eq!(
            (writes(&seika), writes(&colima)),
            (1, 1),
            "each written once"
        );
        let memo = first.finish();

        let mut second = ItemPrints::new(Some(&memo));
        assert_eq!(second.of(&seika), seika_print);
        assert_eq!(writes(&seika), 1, "looked up in the render before");
        let seika_again = counted("seika");
        assert_eq!(
            second.of(&seika_again),
            seika_print,
            "the same text, another Arc"
        );
        assert_eq!(writes(&seika_again), 1);
        let memo = second.finish();

        // The second render did not look colima up: it is not kept.
        let mut third = ItemPrints::new(Some(&memo));
        assert_eq!(third.of(&colima), colima_print);
        assert_eq!(writes(&colima), 2);
        assert_eq!(seika_print, of_debug(&seika));
    }

    #[test]
    fn a_view_of_an_item_is_made_once_while_it_is_the_same_arc() {
        let seika = counted("seika");
        let views = std::cell::Cell::new(0);
        let view = |item: &Counted| {
            views.set(views.get() + 1);
            of(&item.0.len())
        };
        let mut first = ItemPrints::new(None);
        let whole = first.of(&seika);
        let [again, seen] = first.with_view(&seika, view);
        assert_eq!((again, seen, views.get()), (whole, of(&5usize), 1));
        assert_eq!(first.with_view(&seika, view), [whole, seen]);
        let memo = first.finish();
        let mut second = ItemPrints::new(Some(&memo));
        assert_eq!(second.with_view(&seika, view), [whole, seen]);
        assert_eq!(second.of(&seika), whole);
        assert_eq!((views.get(), writes(&seika)), (1, 1), "each made once");
    }
}
