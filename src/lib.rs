//! sister-cities: a city's Sister Cities website, served from TOML content.
//!
//! Data flows one way, one module per step:
//! TOML files -> [`content`] (checked model) -> [`render`] (pages in memory) -> [`http`] (router).

pub mod accounts; // `staff add`, `staff remove`, `staff list`: who signs in to the staff pages
pub mod check; // `check`: report every content problem, as text or JSON
pub mod config; // the command line: flags with environment fallbacks
pub mod console; // what commands print, ending quietly when the reader has gone (`| head`)
pub mod content; // load and validate content/*.toml, with editor-friendly diagnostics
pub mod deadline; // the header deadline's timer: one tokio timer per connection
pub mod error_text; // an error with its causes, as one line
pub mod export; // `build`: the site as static files, for a CDN
pub mod geo; // distances, great circles and the world map's projection
pub mod http; // the axum router: pages from memory, static files, the staff pages, 404/405
pub mod i18n; // languages: interface strings from Fluent catalogues, dates and numbers by ICU4X
pub mod live; // the live site: pages swapped whole; a file with problems keeps its last good version
pub mod paths; // every address of the site, the one list pages, routes and checks use
pub mod photos; // photos -> upright, resized variants without metadata, cached by content
pub mod render; // the content model -> every page, rendered once
pub mod server; // `serve`: load, render, watch, listen, shut down gracefully
pub mod state; // the state folder: the history of published content and staff accounts
pub mod translations; // `translations mark` and `status`: keeping translations up to date
pub mod versions; // `history` and `restore`: the published versions, and writing one back
pub mod watch; // live reload: file events -> debounced reload
pub mod zero_copy; // large static files sent with sendfile(2) from files of their own
