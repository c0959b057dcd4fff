//! A language's messages: a Project Fluent catalogue (`templates/locales/{language}.ftl`),
//! with CLDR plural rules for counts ("1 sister city", "4 sister cities") and ordinals
//! ("30th"), and numbers in its arguments grouped as the language does ("2,000").
//!
//! Every message id the program uses is in every catalogue, and the catalogues have the same
//! ids: the tests check both, so a missing message is found before it is published, never
//! on a page (where, should one slip through, its id would show, and nothing would fail).

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::memoizer::MemoizerKind;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

use super::{LocaleError, Markup};

/// A value put into a message: a text, or a number (which selects the plural form).
#[derive(Debug, Clone)]
pub enum Arg {
    Text(String),
    Number(i64),
    /// HTML the program made (a text in a `<span lang="en">`): put in as it is.
    Html(String),
}

impl From<&str> for Arg {
    fn from(text: &str) -> Arg {
        Arg::Text(text.to_owned())
    }
}

impl From<String> for Arg {
    fn from(text: String) -> Arg {
        Arg::Text(text)
    }
}

impl From<&String> for Arg {
    fn from(text: &String) -> Arg {
        Arg::Text(text.clone())
    }
}

macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Arg {
                Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
number_arg!(u64, usize, i64, i32, i16, u32, u16);

/// One language's messages.
pub struct Catalog {
    bundle: FluentBundle<FluentResource>,
    /// Every message id, in file order.
    ids: Vec<String>,
}

impl Catalog {
    /// Reads the catalogue of `language` from its Fluent text.
    pub fn new(language: &str, source: &str) -> Result<Catalog, LocaleError> {
        let failed = |errors: String| LocaleError::Catalogue {
            language: language.to_owned(),
            errors,
        };
        let id: LanguageIdentifier = language
            .parse()
            .map_err(|error| failed(format!("{error}")))?;
        let resource = FluentResource::try_new(source.to_owned())
            .map_err(|(_, errors)| failed(format!("{errors:?}")))?;
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        // No Unicode isolation marks around arguments: the site's languages are written left
        // to right, and the marks would be in every copied text.
        bundle.set_use_isolating(false);
        bundle.set_formatter(Some(grouped));
        bundle
            .add_builtins()
            .map_err(|error| failed(format!("{error:?}")))?;
        bundle
            .add_resource(resource)
            .map_err(|errors| failed(format!("{errors:?}")))?;
        // A message starts a line with its id and " =" (terms start with "-", comments "#").
        let ids = source
            .lines()
            .filter_map(|line| line.split_once(" =").map(|(id, _)| id))
            .filter(|id| {
                id.starts_with(|c: char| c.is_ascii_alphabetic())
                    && id
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            })
            .map(str::to_owned)
            .collect();
        Ok(Catalog { bundle, ids })
    }

    /// Every message id of the catalogue.
    pub fn ids(&self) -> &[String] {
        &self.ids
    }

    pub fn has(&self, id: &str) -> bool {
        self.bundle.has_message(id)
    }

    /// A message as plain text.
    pub fn text(&self, id: &str, args: &[(&str, Arg)]) -> String {
        self.format(id, args, |text| text.to_owned())
    }

    /// A message as HTML: the message is the program's own text, its text arguments are
    /// escaped as templates escape them.
    pub fn html(&self, id: &str, args: &[(&str, Arg)]) -> Markup {
        Markup(self.format(id, args, escape))
    }

    fn format(&self, id: &str, args: &[(&str, Arg)], text: impl Fn(&str) -> String) -> String {
        let Some(pattern) = self.bundle.get_message(id).and_then(|m| m.value()) else {
            tracing::error!(id, "a message is missing from a catalogue");
            return id.to_owned();
        };
        let mut fluent_args = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            match value {
                Arg::Text(t) => fluent_args.set(*name, FluentValue::from(text(t))),
                Arg::Number(n) => fluent_args.set(*name, FluentValue::from(*n)),
                Arg::Html(html) => fluent_args.set(*name, FluentValue::from(html.clone())),
            }
        }
        let mut errors = Vec::new();
        let out = self
            .bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors);
        if !errors.is_empty() {
            tracing::error!(id, ?errors, "a message could not be formatted");
        }
        out.into_owned()
    }
}

/// HTML-escapes a text as askama's templates do, so a message's arguments come out as the
/// same bytes they would in a template.
fn escape(text: &str) -> String {
    match askama::filters::escape(text, askama::filters::Html) {
        Ok(escaped) => escaped.to_string(),
        Err(never) => match never {},
    }
}

/// Numbers in messages grouped as the language groups them ("2,000"), by ICU4X.
fn grouped<M: MemoizerKind>(value: &FluentValue, memoizer: &M) -> Option<String> {
    let FluentValue::Number(number) = value else {
        return None;
    };
    let n = number.value;
    if n.fract() != 0.0 || !n.is_finite() {
        return None;
    }
    // Whole numbers well inside i64's range: counts of cities, events, years.
    let whole = n as i64;
    memoizer
        .with_try_get_threadsafe::<super::format::Grouping, _, _>((), |grouping| {
            grouping.format(whole)
        })
        .ok()
        .flatten()
}
