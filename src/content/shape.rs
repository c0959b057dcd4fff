//! Every shape problem of a file, not only the first that serde meets.
//!
//! serde stops at the first problem. To find the next one, the file's parsed table is mended
//! where that problem was and read again, until it reads cleanly:
//! - a key with a wrong value or an unknown key is taken out;
//! - a missing key gets a stand-in value, tried in turn as text, number, true/false, list and
//!   table until one is accepted. Stand-ins have spans past the end of the file, so problems
//!   they cause are recognised and never reported.
//!
//! A key taken out for a bad value then shows up as missing: that is not reported again, nor is
//! the key a misspelt one is nearest to (`regoin` is reported as "did you mean `region`?", and
//! `region` not as missing too).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue, Deserializer, Error};

/// At most this many shape problems are reported for one file.
const MAX_SHAPE_ERRORS: usize = 20;

/// At most this many re-reads of one file (each mend is one).
const MAX_READS: usize = 100;

/// The stand-in values for a missing key, in the order they are tried: a key of this site's
/// files takes text, a number, true/false, a list or a table.
const STAND_INS: [&str; 5] = ["\"\"", "0", "false", "[]", "{}"];

/// The shape problems of a file whose first problem is `first`, in the order serde meets them.
pub(super) fn shape_errors<T: DeserializeOwned>(
    mut root: Spanned<DeTable<'_>>,
    first: Error,
    text_len: usize,
) -> Vec<Error> {
    let mut errors = Vec::new();
    let mut stand_ins = StandIns::past(text_len);
    let mut taken_out: HashSet<(Range<usize>, String)> = HashSet::new();
    let mut error = first;
    for _ in 0..MAX_READS {
        let span = error.span();
        let missing = missing_key(&error).map(str::to_owned);
        let mended = match (span, missing) {
            (Some(span), missing) if stand_ins.owns(&span) => match missing {
                Some(key) => stand_ins.add(&mut root, &span, key),
                // A key that takes one of some words (a milestone's kind): the first of them.
                None => match first_variant(&error) {
                    Some(word) => stand_ins.set(&mut root, &span, word),
                    None => stand_ins.try_next(&mut root, &span),
                },
            },
            (span, Some(key)) => {
                let table = table_id(span, root.span());
                if !taken_out.contains(&(table.clone(), key.clone())) {
                    errors.push(error);
                }
                stand_ins.add(&mut root, &table, key)
            }
            (span, None) => {
                // A misspelt key stands for the key it is nearest to: that one is not missing.
                let meant =
                    super::hints::unknown_key(error.message()).and_then(|(key, allowed)| {
                        super::hints::nearest(key, &allowed).map(str::to_owned)
                    });
                errors.push(error);
                let root_span = root.span();
                match span.and_then(|span| take_out(root.get_mut(), TOP, &span)) {
                    Some((table, key)) => {
                        let table = table_id(Some(table), root_span);
                        taken_out.extend(meant.map(|meant| (table.clone(), meant)));
                        taken_out.insert((table, key));
                        true
                    }
                    None => false,
                }
            }
        };
        if !mended || errors.len() >= MAX_SHAPE_ERRORS {
            break;
        }
        match T::deserialize(Deserializer::from(root.clone())) {
            Ok(_) => break,
            Err(next) => error = next,
        }
    }
    errors
}

/// The first word an "unknown variant" error says is allowed.
fn first_variant(error: &Error) -> Option<String> {
    let message = error.message();
    let allowed = message
        .strip_prefix("unknown variant `")?
        .split("expected ")
        .nth(1)?;
    allowed.split('`').nth(1).map(str::to_owned)
}

/// The key a "missing field" error names.
fn missing_key(error: &Error) -> Option<&str> {
    let rest = error.message().strip_prefix("missing field `")?;
    rest.split('`').next()
}

/// The name of the file's top level in [`table_id`]s.
const TOP: Range<usize> = 0..0;

/// One name for each table: the span of the table, with the file's top level as [`TOP`]
/// whether an error gives its span, an empty span or none.
fn table_id(span: Option<Range<usize>>, root: Range<usize>) -> Range<usize> {
    match span {
        Some(span) if span != root && span != TOP => span,
        _ => TOP,
    }
}

/// The stand-in values put in so far, by span, with the index in [`STAND_INS`] of each.
struct StandIns {
    next_span: usize,
    first_span: usize,
    tried: HashMap<Range<usize>, usize>,
    /// Stand-ins set to a word a key allows.
    worded: HashSet<Range<usize>>,
}

impl StandIns {
    /// Stand-ins get one-byte spans from just past the end of the file.
    fn past(text_len: usize) -> Self {
        let first_span = text_len + 1;
        StandIns {
            next_span: first_span,
            first_span,
            tried: HashMap::new(),
            worded: HashSet::new(),
        }
    }

    /// Whether a problem at `span` is about a stand-in rather than the file.
    fn owns(&self, span: &Range<usize>) -> bool {
        span.start >= self.first_span
    }

    /// Puts a stand-in for `key` into the table named `table` (see [`table_id`]).
    fn add(&mut self, root: &mut Spanned<DeTable<'_>>, table: &Range<usize>, key: String) -> bool {
        let span = self.next_span..self.next_span + 1;
        self.next_span += 1;
        let target = if *table == TOP {
            Some(root.get_mut())
        } else {
            find_value(root.get_mut(), table).and_then(|value| match value.get_mut() {
                DeValue::Table(inner) => Some(inner),
                _ => None,
            })
        };
        let (Some(target), Some(value)) = (target, stand_in(0)) else {
            return false;
        };
        target.insert(
            Spanned::new(span.clone(), Cow::Owned(key)),
            Spanned::new(span.clone(), value),
        );
        self.tried.insert(span, 0);
        true
    }

    /// Replaces the stand-in at `span` by the text `word`, once: false if it was tried.
    fn set(&mut self, root: &mut Spanned<DeTable<'_>>, span: &Range<usize>, word: String) -> bool {
        if !self.worded.insert(span.clone()) {
            return false;
        }
        match find_value(root.get_mut(), span) {
            Some(slot) => {
                *slot = Spanned::new(span.clone(), DeValue::String(Cow::Owned(word)));
                true
            }
            None => false,
        }
    }

    /// Replaces the stand-in at `span` by the next kind of value; false when all were tried.
    fn try_next(&mut self, root: &mut Spanned<DeTable<'_>>, span: &Range<usize>) -> bool {
        let Some(index) = self.tried.get_mut(span) else {
            return false;
        };
        *index += 1;
        match (stand_in(*index), find_value(root.get_mut(), span)) {
            (Some(value), Some(slot)) => {
                *slot = Spanned::new(span.clone(), value);
                true
            }
            _ => false,
        }
    }
}

/// The stand-in value number `index` of [`STAND_INS`].
fn stand_in(index: usize) -> Option<DeValue<'static>> {
    let text = STAND_INS.get(index)?;
    DeValue::parse(text).ok().map(Spanned::into_inner)
}

/// The value (in any table or array of tables, however deep) whose span is `span`.
fn find_value<'t, 'i>(
    table: &'t mut DeTable<'i>,
    span: &Range<usize>,
) -> Option<&'t mut Spanned<DeValue<'i>>> {
    table.iter_mut().find_map(|(_, value)| {
        if value.span() == *span {
            return Some(value);
        }
        match value.get_mut() {
            DeValue::Table(inner) => find_value(inner, span),
            DeValue::Array(items) => items.iter_mut().find_map(|item| {
                if item.span() == *span {
                    return Some(item);
                }
                match item.get_mut() {
                    DeValue::Table(inner) => find_value(inner, span),
                    _ => None,
                }
            }),
            _ => None,
        }
    })
}

/// Takes out of `table` (whose span is `table_span`) the entry whose key or value is at
/// `span`, looking into tables and arrays of tables (a bad item of a plain array takes out the
/// whole array). Returns the span of the table it was in and its key.
fn take_out(
    table: &mut DeTable<'_>,
    table_span: Range<usize>,
    span: &Range<usize>,
) -> Option<(Range<usize>, String)> {
    let at = |range: Range<usize>| range == *span;
    let found = table
        .iter()
        .find(|(key, value)| {
            at(key.span())
                || at(value.span())
                || matches!(value.get_ref(), DeValue::Array(items) if items.iter().any(|item| {
                    at(item.span()) && !matches!(item.get_ref(), DeValue::Table(_))
                }))
        })
        .map(|(key, _)| key.clone());
    if let Some(key) = found {
        table.remove(&key);
        return Some((table_span, key.into_inner().into_owned()));
    }
    table.iter_mut().find_map(|(_, value)| {
        let value_span = value.span();
        match value.get_mut() {
            DeValue::Table(inner) => take_out(inner, value_span, span),
            DeValue::Array(items) => items.iter_mut().find_map(|item| {
                let item_span = item.span();
                match item.get_mut() {
                    DeValue::Table(inner) => take_out(inner, item_span, span),
                    _ => None,
                }
            }),
            _ => None,
        }
    })
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Page {
        title: String,
        year: i64,
        inner: Inner,
        after: String,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        count: i64,
        names: Vec<String>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Dated {
        when: toml::value::Datetime,
        title: String,
    }

    fn messages<T: DeserializeOwned + std::fmt::Debug>(text: &str) -> Vec<String> {
        let (table, syntax) = DeTable::parse_recoverable(text);
        assert!(syntax.is_empty(), "{syntax:?}");
        let first = T::deserialize(Deserializer::from(table.clone())).unwrap_err();
        shape_errors::<T>(table, first, text.len())
            .iter()
            .map(|e| e.message().trim().to_owned())
            .collect()
    }

    #[test]
    fn a_whole_missing_table_is_one_problem_and_the_search_goes_on_after_it() {
        // `inner` is missing: its stand-in becomes a table, whose own keys get stand-ins too,
        // and the missing `after` is still found.
        let found = messages::<Page>("title = \"A\"\nyear = 2020\n");
        assert_eq!(
            found,
            ["missing field `inner`", "missing field `after`"],
            "{found:?}"
        );
    }

    #[test]
    fn a_key_taken_out_for_its_value_is_not_reported_missing_too() {
        let found = messages::<Page>(
            "title = 1\nyear = \"x\"\nafter = \"z\"\n[inner]\ncount = 1\nnames = []\n",
        );
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found.iter().all(|m| m.starts_with("invalid type")),
            "{found:?}"
        );
    }

    #[test]
    fn a_missing_key_no_stand_in_fits_ends_the_search_without_a_panic() {
        // No stand-in is a date, so the search stops after reporting `when`.
        let found = messages::<Dated>("");
        assert_eq!(found, ["missing field `when`"], "{found:?}");
    }
}
