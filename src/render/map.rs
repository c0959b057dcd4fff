//! The world map on the home page: the home city and every sister city as markers, joined by
//! great-circle arcs, drawn from the coordinates in content as inline SVG (no JavaScript, no
//! tiles). The template `partials/_map.html` writes the markup; this module does the geometry.
//!
//! Each sister city's marker is a link to its page. Where the map is drawn small (narrow
//! screens) a marker is too small to tap (WCAG 2.5.8), so there the links and labels are hidden
//! and the list of cities after the map, with the same links, is the way in; the stylesheet
//! switches between the two layers.

use crate::content::Content;
use crate::content::model::City;
use crate::geo::{self, LatLon, MAP_HEIGHT, MAP_WIDTH};

use super::pages::city_path;

/// Label text size in map units, as the stylesheet sets it (`.sc-map__label`).
const LABEL_SIZE: f64 = 14.0;
/// An estimate of a bold label character's width, in map units.
const CHAR_WIDTH: f64 = LABEL_SIZE * 0.62;
/// The marker's radius, in map units.
pub const MARKER_RADIUS: f64 = 6.0;
/// A link's clickable area is at least this tall and wide, in map units: 24 CSS pixels once the
/// map is at least 700 pixels wide, where the links are shown.
const TARGET: f64 = 36.0;

/// The map, ready for the template: every number already written as SVG wants it.
pub struct Map {
    pub view_box: String,
    pub land: &'static str,
    pub home: Marker,
    pub partners: Vec<Marker>,
    /// One arc per partner, from the home city.
    pub arcs: Vec<String>,
    /// The `<desc>`: what the map shows, in words.
    pub description: String,
}

/// A place on the map, with its label placed where it overlaps no other.
pub struct Marker {
    /// "Seika"
    pub label: String,
    /// "Seika, Japan": the link's accessible name.
    pub name: String,
    /// The city's page; empty for the home city.
    pub href: String,
    pub x: String,
    pub y: String,
    pub r: String,
    pub label_x: String,
    pub label_y: String,
    /// "start" (label on the right) or "end" (on the left).
    pub anchor: &'static str,
    /// The clickable area around the marker and its label.
    pub hit_x: String,
    pub hit_y: String,
    pub hit_width: String,
    pub hit_height: String,
}

impl Map {
    pub fn new(content: &Content, cities: &[&City]) -> Map {
        let home = &content.site.city;
        let mut placed: Vec<Rect> = Vec::new();
        let home_marker = Marker::place(&home.name, &home.name, "", home.location, &mut placed);
        // West to east, so neighbours' labels are placed one after the other.
        let mut order: Vec<&&City> = cities.iter().collect();
        order.sort_by(|a, b| a.location.lon.total_cmp(&b.location.lon));
        let mut partners: Vec<(String, Marker)> = order
            .into_iter()
            .map(|city| {
                let name = format!("{}, {}", city.name, city.country);
                let marker = Marker::place(
                    &city.name,
                    &name,
                    &city_path(city),
                    city.location,
                    &mut placed,
                );
                (city.slug.as_str().to_owned(), marker)
            })
            .collect();
        // Back in the content's order, which is the order of the list after the map.
        partners.sort_by_key(|(slug, _)| {
            cities
                .iter()
                .position(|c| c.slug.as_str() == slug)
                .unwrap_or(usize::MAX)
        });
        let names: Vec<String> = cities
            .iter()
            .map(|c| format!("{}, {}", c.name, c.country))
            .collect();
        let description = format!(
            "A world map marking {home} and its {count} sister {noun}, each joined to {home} by \
             a line along the shortest route over the globe: {names}. The same cities are listed \
             after the map.",
            home = home.name,
            count = cities.len(),
            noun = if cities.len() == 1 { "city" } else { "cities" },
            names = names.join("; ")
        );
        Map {
            view_box: format!("0 0 {MAP_WIDTH} {MAP_HEIGHT}"),
            land: geo::land_path(),
            home: home_marker,
            partners: partners.into_iter().map(|(_, m)| m).collect(),
            arcs: cities
                .iter()
                .map(|c| geo::arc_path(home.location, c.location))
                .collect(),
            description,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Rect {
    fn overlap(&self, other: &Rect) -> f64 {
        let w = (self.x + self.w).min(other.x + other.w) - self.x.max(other.x);
        let h = (self.y + self.h).min(other.y + other.h) - self.y.max(other.y);
        if w > 0.0 && h > 0.0 { w * h } else { 0.0 }
    }

    fn inside_map(&self) -> bool {
        self.x >= 0.0
            && self.y >= 0.0
            && self.x + self.w <= MAP_WIDTH
            && self.y + self.h <= MAP_HEIGHT
    }
}

impl Marker {
    /// Places a marker and chooses its label's side: the first of left, right, then a little
    /// above or below, whose area overlaps nothing placed before (else the least overlap).
    fn place(label: &str, name: &str, href: &str, at: LatLon, placed: &mut Vec<Rect>) -> Marker {
        let (x, y) = geo::project(at);
        let text_width = label.chars().count() as f64 * CHAR_WIDTH;
        let gap = MARKER_RADIUS + 4.0;
        // Markers are placed west to east: a label on the left meets only markers placed
        // already, which leaves the right free for the next one.
        let candidates = [
            (false, 0.0),
            (true, 0.0),
            (false, -LABEL_SIZE),
            (true, -LABEL_SIZE),
            (false, LABEL_SIZE),
            (true, LABEL_SIZE),
        ];
        let area = |right: bool, dy: f64| {
            let (left, width) = if right {
                (x - gap, gap * 2.0 + text_width)
            } else {
                (x - gap - text_width, gap * 2.0 + text_width)
            };
            let top = (y - TARGET / 2.0).min(y + dy - TARGET / 2.0);
            let bottom = (y + TARGET / 2.0).max(y + dy + TARGET / 2.0);
            Rect {
                x: left,
                y: top,
                w: width.max(TARGET),
                h: bottom - top,
            }
        };
        let cost = |rect: &Rect| -> f64 {
            let overlap: f64 = placed.iter().map(|p| p.overlap(rect)).sum();
            // Leaving the map is worse than touching a neighbour.
            overlap + if rect.inside_map() { 0.0 } else { 1e6 }
        };
        let (right, dy) = candidates
            .iter()
            .copied()
            .min_by(|a, b| cost(&area(a.0, a.1)).total_cmp(&cost(&area(b.0, b.1))))
            .unwrap_or((true, 0.0));
        let hit = area(right, dy);
        placed.push(hit);
        Marker {
            label: label.to_owned(),
            name: name.to_owned(),
            href: href.to_owned(),
            x: number(x),
            y: number(y),
            r: number(MARKER_RADIUS),
            label_x: number(if right { x + gap } else { x - gap }),
            // Text sits on its baseline: a third of its size below the middle centres it.
            label_y: number(y + dy + LABEL_SIZE / 3.0),
            anchor: if right { "start" } else { "end" },
            hit_x: number(hit.x),
            hit_y: number(hit.y),
            hit_width: number(hit.w),
            hit_height: number(hit.h),
        }
    }
}

/// A coordinate to one decimal place, as the rest of the map's data.
fn number(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    format!("{}", if rounded == 0.0 { 0.0 } else { rounded })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_of_close_cities_do_not_overlap() {
        let mut placed = Vec::new();
        let clermont = Marker::place(
            "Clermont-Ferrand",
            "Clermont-Ferrand, France",
            "/cities/clermont-ferrand",
            LatLon::new(45.7831, 3.0825),
            &mut placed,
        );
        let arezzo = Marker::place(
            "Arezzo",
            "Arezzo, Italy",
            "/cities/arezzo",
            LatLon::new(43.463056, 11.878056),
            &mut placed,
        );
        assert_eq!(placed[0].overlap(&placed[1]), 0.0, "{placed:?}");
        assert_ne!(clermont.anchor, arezzo.anchor);
        for rect in &placed {
            assert!(rect.w >= TARGET && rect.h >= TARGET, "{rect:?}");
        }
    }

    #[test]
    fn numbers_have_one_decimal_at_most() {
        assert_eq!(number(12.345), "12.3");
        assert_eq!(number(12.0), "12");
        assert_eq!(number(-0.01), "0");
    }
}
