//! Which problem lines were logged at the last reading, so that a reading logs only the new
//! ones: a warning left in place is logged once rather than at every edit (at scale,
//! thousands of lines for each).

use std::collections::HashSet;
use std::hash::{BuildHasher, RandomState};

/// The lines last logged, each kept as a 64-bit hash of it: at scale, thousands of problems
/// were a megabyte and a half of text kept only to be compared. Two lines share a hash with
/// odds of about one in 2^64, and the cost of that would be one line not logged again.
#[derive(Default)]
pub struct Logged {
    hashes: HashSet<u64>,
    hasher: RandomState,
}

impl Logged {
    /// The lines of this reading that the last one did not log; this reading's lines are the
    /// ones kept for the next.
    pub fn new_since<'a>(&mut self, lines: &'a [String]) -> Vec<&'a String> {
        let mut hashes = HashSet::with_capacity(lines.len());
        let mut new = Vec::new();
        for line in lines {
            let hash = self.hasher.hash_one(line);
            if !self.hashes.contains(&hash) {
                new.push(line);
            }
            hashes.insert(hash);
        }
        self.hashes = hashes;
        new
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|text| (*text).to_owned()).collect()
    }

    #[test]
    fn a_line_is_new_once_and_again_after_it_was_gone() {
        let mut logged = Logged::default();
        let first = lines(&["a.toml: curly quote", "b.toml: no name"]);
        assert_eq!(logged.new_since(&first), first.iter().collect::<Vec<_>>());
        let second = lines(&["b.toml: no name", "c.toml: bad date"]);
        assert_eq!(logged.new_since(&second), vec![&second[1]]);
        // a.toml's problem was fixed, then came back: it is logged again.
        let third = lines(&["a.toml: curly quote", "b.toml: no name"]);
        assert_eq!(logged.new_since(&third), vec![&third[0]]);
        assert!(logged.new_since(&third).is_empty());
    }
}
