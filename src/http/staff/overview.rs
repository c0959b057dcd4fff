//! `/staff`: what staff need to know about the content folder, on one page: its problems
//! (each with the line quoted), the files held at their last good version or waiting, what is
//! scheduled to go live or come off the site, the drafts with their previews, and the recent
//! history. Times are the home city's, written as US readers expect.

use askama::Template;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::{Frame, SignedIn, html_page};
use crate::content::model::Schedule;
use crate::content::{self, Content, Diagnostic};
use crate::error_text::Chain;
use crate::http::AppState;
use crate::paths;
use crate::state::history::Version;
use crate::versions::home_time;

/// Versions of the history shown.
pub const RECENT_VERSIONS: usize = 20;
/// Scheduled changes shown, soonest first.
const SCHEDULED_SHOWN: usize = 50;
/// Files listed for a version; one that changed more (the first) is summed up instead.
const CHANGES_LISTED: usize = 10;

#[derive(Template)]
#[template(path = "staff/overview.html")]
struct Overview {
    frame: Frame,
    signed_in: String,
    /// The home city, whose time the page gives.
    city: String,
    version: String,
    loaded_at: Moment,
    checked_at: Option<Moment>,
    pages: usize,
    errors: usize,
    warnings: usize,
    problems: Vec<Problem>,
    held: Vec<String>,
    waiting: Vec<String>,
    to_translate: Vec<content::editions::Progress>,
    scheduled: Vec<Scheduled>,
    /// Scheduled changes beyond those shown.
    scheduled_more: usize,
    drafts: Vec<Draft>,
    history: Vec<Recorded>,
    /// Why the history could not be read, if it could not.
    history_problem: Option<String>,
    preview_home: String,
}

/// A moment: as people read it, and as machines do (`<time datetime>`).
struct Moment {
    text: String,
    iso: String,
}

impl Moment {
    fn new(time: Timestamp, zone: &TimeZone) -> Moment {
        Moment {
            text: home_time(time, zone),
            // To the second: HTML's `datetime` takes at most three digits of a fraction.
            iso: time.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
        }
    }
}

/// A problem as the page shows it.
struct Problem {
    is_error: bool,
    code: &'static str,
    file: String,
    line: usize,
    column: usize,
    /// `PATH:LINE:COL`, as editors take it.
    location: String,
    message: String,
    help: Option<String>,
    /// The line as written, after its number, with a caret under the mistake.
    quoted: Option<String>,
}

impl Problem {
    /// The problem, its file named within the content folder (`cities/seika.toml`).
    fn new(diagnostic: &Diagnostic, content_dir: &std::path::Path) -> Problem {
        let quoted = diagnostic.source_line().map(|line| {
            // The caret's indent keeps the line's tabs, so it lines up under the mistake.
            let before: String = line
                .chars()
                .take(diagnostic.column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let width = if diagnostic.end_line == diagnostic.line {
                diagnostic.end_column.saturating_sub(diagnostic.column)
            } else {
                line.chars().count().saturating_sub(before.chars().count())
            };
            let number = diagnostic.line.to_string();
            let gutter = " ".repeat(number.len());
            let caret = "^".repeat(width.clamp(1, 200));
            format!("{number} | {line}\n{gutter} | {before}{caret}")
        });
        Problem {
            is_error: diagnostic.is_error(),
            code: diagnostic.code,
            file: diagnostic
                .path
                .strip_prefix(content_dir)
                .unwrap_or(&diagnostic.path)
                .to_string_lossy()
                .replace('\\', "/"),
            line: diagnostic.line,
            column: diagnostic.column,
            location: diagnostic.location(),
            message: diagnostic.message.clone(),
            help: diagnostic.help.clone(),
            quoted,
        }
    }
}

/// Something that happens by itself at a set time.
struct Scheduled {
    when: Moment,
    what: &'static str,
    title: String,
    file: String,
    /// A draft scheduled to go live does not, until `draft = true` is taken out.
    still_draft: bool,
}

/// An item residents do not see now.
struct Draft {
    kind: &'static str,
    title: String,
    file: String,
    why: String,
    preview: String,
}

/// A version of the history as the page shows it.
struct Recorded {
    number: u64,
    when: Moment,
    owner: Option<String>,
    /// "restored ... from version N" when it was a restore, or the changes summed up when
    /// they are too many to list ("14 files added").
    note: Option<String>,
    /// (what happened, file), e.g. ("changed", "cities/seika.toml").
    changes: Vec<(&'static str, String)>,
}

impl Recorded {
    fn new(version: &Version, zone: &TimeZone) -> Recorded {
        let changes = &version.changes;
        let all = [
            ("added", &changes.added),
            ("changed", &changes.changed),
            ("removed", &changes.removed),
        ];
        let mut listed: Vec<(&'static str, String)> = all
            .into_iter()
            .flat_map(|(what, paths)| paths.iter().map(move |path| (what, path.clone())))
            .collect();
        let restored = version.summary.starts_with("restored");
        let note = if restored {
            Some(version.summary.clone())
        } else if listed.len() > CHANGES_LISTED {
            listed.clear();
            Some(changes.summary())
        } else {
            None
        };
        Recorded {
            number: version.number,
            when: Moment::new(version.time, zone),
            owner: version.owner.clone(),
            note,
            changes: listed,
        }
    }
}

/// A page residents do not see yet, as [`NoPreview`] says when there is none.
#[derive(Template)]
#[template(path = "staff/no_preview.html")]
pub struct NoPreview {
    pub frame: Frame,
}

/// `/staff`.
pub async fn page(
    State(state): State<AppState>,
    Extension(SignedIn(name)): Extension<SignedIn>,
) -> Response {
    let live = state.live.clone();
    let history = tokio::task::spawn_blocking(move || live.recent_versions(RECENT_VERSIONS))
        .await
        .unwrap_or_else(|_| Ok(Vec::new()));
    let snapshot = state.live.snapshot();
    let status = state.live.status();
    let content = &snapshot.content;
    let zone = content.site.city.time_zone.tz.clone();
    let now = snapshot.rendered_at;
    let (history, history_problem) = match history {
        Ok(versions) => (
            versions.iter().map(|v| Recorded::new(v, &zone)).collect(),
            None,
        ),
        Err(error) => {
            tracing::error!(error = %Chain(&error), "cannot read the history for the staff page");
            (Vec::new(), Some(Chain(&error).to_string()))
        }
    };
    let (mut scheduled, drafts) = schedule(content, now, &zone);
    let scheduled_more = scheduled.len().saturating_sub(SCHEDULED_SHOWN);
    scheduled.truncate(SCHEDULED_SHOWN);
    let content_dir = &state.live.source().content_dir;
    let problems: Vec<Problem> = status
        .problems
        .iter()
        .map(|p| Problem::new(p, content_dir))
        .collect();
    let page = Overview {
        frame: Frame::new(&state, "Staff pages"),
        signed_in: name,
        city: content.site.city.name.clone(),
        version: snapshot.version.clone(),
        loaded_at: Moment::new(snapshot.loaded_at, &zone),
        checked_at: status.checked_at.map(|t| Moment::new(t, &zone)),
        pages: snapshot.site.page_count(),
        errors: problems.iter().filter(|p| p.is_error).count(),
        warnings: problems.iter().filter(|p| !p.is_error).count(),
        problems,
        held: status.held.clone(),
        waiting: status.waiting.clone(),
        to_translate: status.to_translate.clone(),
        scheduled,
        scheduled_more,
        drafts,
        history,
        history_problem,
        preview_home: paths::staff_preview(paths::HOME),
    };
    drop(snapshot);
    html_page(&state, StatusCode::OK, &page)
}

/// An item of the content that can be a draft or scheduled: its kind, title, file, page and
/// schedule.
struct Item<'a> {
    kind: &'static str,
    title: &'a str,
    file: String,
    path: String,
    schedule: &'a Schedule,
}

fn items(content: &Content) -> Vec<Item<'_>> {
    let file = |dir: &str, slug: &str| format!("{dir}/{slug}.toml");
    let cities = content.cities.iter().map(|c| Item {
        kind: "Sister city",
        title: &c.name,
        file: file(content::CITIES_DIR, c.slug.as_str()),
        path: paths::city(c.slug.as_str()),
        schedule: &c.schedule,
    });
    let events = content.events.iter().map(|e| Item {
        kind: "Event",
        title: &e.title,
        file: file(content::EVENTS_DIR, e.slug.as_str()),
        path: paths::event(e.slug.as_str()),
        schedule: &e.schedule,
    });
    let news = content.news.iter().map(|n| Item {
        kind: "News",
        title: &n.title,
        file: file(content::NEWS_DIR, n.slug.as_str()),
        path: paths::news_item(n.slug.as_str()),
        schedule: &n.schedule,
    });
    let pages = content.pages.iter().map(|p| Item {
        kind: "Page",
        title: &p.title,
        file: file(content::PAGES_DIR, p.slug.as_str()),
        path: paths::page(p.slug.as_str()),
        schedule: &p.schedule,
    });
    cities.chain(events).chain(news).chain(pages).collect()
}

/// What happens by itself after `now` (soonest first), and what residents do not see now.
fn schedule(content: &Content, now: Timestamp, zone: &TimeZone) -> (Vec<Scheduled>, Vec<Draft>) {
    let mut scheduled = Vec::new();
    let mut drafts = Vec::new();
    let mut timed: Vec<(Timestamp, Scheduled)> = Vec::new();
    for item in items(content) {
        let schedule = item.schedule;
        let changes = [
            (schedule.publish_at, "Goes live"),
            (schedule.expire_at, "Comes off the site"),
        ];
        for (moment, what) in changes {
            if let Some(moment) = moment.filter(|m| *m > now) {
                timed.push((
                    moment,
                    Scheduled {
                        when: Moment::new(moment, zone),
                        what,
                        title: item.title.to_owned(),
                        file: item.file.clone(),
                        still_draft: schedule.draft && what == "Goes live",
                    },
                ));
            }
        }
        if !schedule.is_public_at(now) {
            let why = if schedule.draft {
                "a draft (the file says draft = true)".to_owned()
            } else if let Some(publish) = schedule.publish_at.filter(|t| *t > now) {
                format!("goes live {}", home_time(publish, zone))
            } else if let Some(expired) = schedule.expire_at.filter(|t| *t <= now) {
                format!("came off the website {}", home_time(expired, zone))
            } else {
                "not on the website".to_owned()
            };
            drafts.push(Draft {
                kind: item.kind,
                title: item.title.to_owned(),
                file: item.file,
                why,
                preview: paths::staff_preview(&item.path),
            });
        }
    }
    for event in &content.events {
        let start = event.start.timestamp();
        if start > now && event.schedule.is_public_at(now) {
            timed.push((
                start,
                Scheduled {
                    when: Moment::new(start, zone),
                    what: "Event starts",
                    title: event.title.clone(),
                    file: format!("{}/{}.toml", content::EVENTS_DIR, event.slug.as_str()),
                    still_draft: false,
                },
            ));
        }
    }
    timed.sort_by_key(|(moment, _)| *moment);
    scheduled.extend(timed.into_iter().map(|(_, s)| s));
    (scheduled, drafts)
}
