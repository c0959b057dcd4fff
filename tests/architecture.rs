//! The shape of the code: data flows one way (content -> render -> live -> http), so no module
//! uses a module that uses it back, at any level (`content` and `render`, or `content::parse`
//! and `content::shape`). Read from the source, as a reader would follow the `use` lines.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // helpers may, as tests do

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::root;

/// Every module of `src/` (`content::parse`), with the text of its file up to its tests.
fn modules() -> BTreeMap<String, String> {
    fn walk(dir: &Path, found: &mut BTreeMap<String, String>, src: &Path) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, found, src);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(src).unwrap().with_extension("");
                let mut parts: Vec<String> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                if parts.last().is_some_and(|p| p == "mod") {
                    parts.pop();
                }
                if parts == ["lib"]
                    || parts == ["main"]
                    || parts.last().is_some_and(|p| p == "tests")
                {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                let code = text.split("#[cfg(test)]").next().unwrap_or_default();
                // Comments name modules without using them.
                let code: String = code
                    .lines()
                    .filter(|line| !line.trim_start().starts_with("//"))
                    .collect::<Vec<_>>()
                    .join("\n");
                found.insert(parts.join("::"), code);
            }
        }
    }
    let mut found = BTreeMap::new();
    let src = root().join("src");
    walk(&src, &mut found, &src);
    found
}

/// The modules `code` (of module `name`) names by `crate::`, `super::` or `self::` paths.
fn uses(name: &str, code: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    let own: Vec<&str> = name.split("::").collect();
    let mut found = BTreeSet::new();
    for (at, _) in code
        .match_indices("crate::")
        .chain(code.match_indices("super::"))
        .chain(code.match_indices("self::"))
    {
        if code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
            continue; // `my_crate::`, `itself::`
        }
        let rest = &code[at..];
        let path: Vec<&str> = rest
            .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .next()
            .unwrap_or_default()
            .split("::")
            .filter(|p| !p.is_empty())
            .collect();
        let mut base: Vec<&str> = match path.first() {
            Some(&"crate") => Vec::new(),
            Some(&"super") => own[..own.len().saturating_sub(1)].to_vec(),
            _ => own.clone(),
        };
        let mut tail = &path[1..];
        while tail.first() == Some(&"super") {
            base.pop();
            tail = &tail[1..];
        }
        base.extend(tail);
        // The longest prefix that is a module.
        for end in (1..=base.len()).rev() {
            let candidate = base[..end].join("::");
            if known.contains(&candidate) {
                if candidate != name {
                    found.insert(candidate);
                }
                break;
            }
        }
    }
    found
}

/// A cycle among the modules that share `parent` (the top level when empty), each module's
/// uses counted for the sibling that holds it.
fn cycle(parent: &str, graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    let depth = if parent.is_empty() {
        1
    } else {
        parent.split("::").count() + 1
    };
    let sibling = |name: &str| -> Option<String> {
        let inside = parent.is_empty() || name.starts_with(&format!("{parent}::"));
        let parts: Vec<&str> = name.split("::").collect();
        (inside && parts.len() >= depth).then(|| parts[..depth].join("::"))
    };
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, targets) in graph {
        let Some(a) = sibling(from) else { continue };
        for to in targets {
            if let Some(b) = sibling(to).filter(|b| *b != a) {
                edges.entry(a.clone()).or_default().insert(b);
            }
        }
    }
    // Depth-first search for a back edge.
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|n| n == node) {
            let mut found = path[start..].to_vec();
            found.push(node.to_owned());
            return Some(found);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, edges, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    edges
        .keys()
        .find_map(|node| visit(node, &edges, &mut Vec::new(), &mut done))
}

#[test]
fn no_module_uses_a_module_that_uses_it_back() {
    let modules = modules();
    let known: BTreeSet<String> = modules.keys().cloned().collect();
    assert!(
        known.contains("content::parse") && known.contains("render::site"),
        "{known:?}"
    );
    let graph: BTreeMap<String, BTreeSet<String>> = modules
        .iter()
        .map(|(name, code)| (name.clone(), uses(name, code, &known)))
        .collect();
    assert!(
        graph["content::parse"].contains("content::shape"),
        "{:?}",
        graph["content::parse"]
    );
    let parents: BTreeSet<String> = known
        .iter()
        .map(|name| {
            name.rsplit_once("::")
                .map_or(String::new(), |(p, _)| p.to_owned())
        })
        .collect();
    for parent in parents {
        if let Some(found) = cycle(&parent, &graph) {
            panic!(
                "modules of {} use each other: {}",
                if parent.is_empty() { "src" } else { &parent },
                found.join(" -> ")
            );
        }
    }
}

#[test]
fn a_cycle_is_found() {
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("content::parse", "content::shape"),
        ("content::shape", "content::parse"),
        ("render", "content::model"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_owned(), BTreeSet::from([b.to_owned()])))
    .collect();
    assert_eq!(
        cycle("content", &graph),
        Some(vec![
            "content::parse".into(),
            "content::shape".into(),
            "content::parse".into()
        ])
    );
    assert_eq!(cycle("", &graph), None);
}

/// A file a reader can hold in mind: none of `src/` is over 600 lines, its tests included.
#[test]
fn no_source_file_is_over_600_lines() {
    fn walk(dir: &Path, long: &mut Vec<String>, count: &mut usize) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, long, count);
            } else if path.extension().is_some_and(|e| e == "rs") {
                *count += 1;
                let lines = std::fs::read_to_string(&path).unwrap().lines().count();
                if lines > 600 {
                    long.push(format!("{} ({lines} lines)", path.display()));
                }
            }
        }
    }
    let (mut long, mut count) = (Vec::new(), 0);
    walk(&root().join("src"), &mut long, &mut count);
    assert!(count > 50, "only {count} source files found");
    assert!(long.is_empty(), "split these: {long:?}");
}
