//! The world map on the home page: the home city and the sister cities as markers, joined by
//! great-circle arcs, drawn from the coordinates in content as SVG (no JavaScript, no tiles).
//! The template `partials/_map.html` writes the markup; this module does the geometry.
//!
//! The map has two layers, so that the page stays cheap for the browser to lay out and paint:
//! a background image ([`background`]: the land outlines, a file of its own that browsers keep
//! for a year, one per colour theme) and, over it, a small inline SVG with the markers, arcs
//! and links. At most [`FEATURED`] sister cities get a marker with a label, a link and an arc;
//! when there are more, the others are small dots in the background image, and the directory
//! of all sister cities lists them.
//!
//! Each labelled marker is a link to its city's page. Where the map is drawn small (narrow
//! screens) a marker is too small to tap (WCAG 2.5.8), so there the links and labels are hidden
//! and the list of cities after the map, with the same links, is the way in; the stylesheet
//! switches between the two layers.

use std::fmt::Write as _;

use crate::content::Content;
use crate::content::model::City;
use crate::geo::{self, LatLon, MAP_HEIGHT, MAP_WIDTH};
use crate::paths;

use super::format::{place_name, thousands};

/// How many sister cities the map labels, links and joins to the home city; the home page
/// shows the same number as cards.
pub const FEATURED: usize = 12;

/// Label text size in map units, as the stylesheet sets it (`.sc-map__label`).
const LABEL_SIZE: f64 = 14.0;
/// An estimate of a bold label character's width, in map units.
const CHAR_WIDTH: f64 = LABEL_SIZE * 0.62;
/// The marker's radius, in map units.
pub const MARKER_RADIUS: f64 = 6.0;
/// A link's clickable area is at least this tall and wide, in map units: 24 CSS pixels once the
/// map is at least 700 pixels wide, where the links are shown.
const TARGET: f64 = 36.0;
/// The diameter of the dot of a sister city beyond the featured ones, in map units: smaller
/// than a marker, and in the arcs' lighter colour, so the featured cities stand out.
const DOT_SIZE: f64 = 4.0;

/// The colours of the background image, one set per theme. They are the stylesheet's
/// `--sc-color-map-land` and `--sc-color-map-arc` (a test keeps them equal): an image is a
/// document of its own, which the page's stylesheet does not reach.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    land: &'static str,
    dot: &'static str,
}

pub const LIGHT: Theme = Theme {
    land: "#c9d3de",
    dot: "#2378c3",
};
pub const DARK: Theme = Theme {
    land: "#3d4551",
    dot: "#4f97d6",
};

/// The background image: the land outlines, and a dot for each of `dots` (the sister cities
/// without a marker of their own), as a standalone SVG file.
pub fn background(dots: &[&City], theme: Theme) -> String {
    let land = geo::land_path();
    let mut svg = String::with_capacity(land.len() + dots.len() * 16 + 400);
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {MAP_WIDTH} {MAP_HEIGHT}\" \
         width=\"{MAP_WIDTH}\" height=\"{MAP_HEIGHT}\">\n\
         <path fill=\"{}\" fill-rule=\"evenodd\" d=\"{land}\"/>\n",
        theme.land
    );
    if !dots.is_empty() {
        // One path of zero-length strokes with round caps: a dot each, a few bytes each.
        let _ = write!(
            svg,
            "<path fill=\"none\" stroke=\"{}\" stroke-width=\"{}\" stroke-linecap=\"round\" d=\"",
            theme.dot,
            number(DOT_SIZE)
        );
        for city in dots {
            let (x, y) = geo::project(city.location);
            let _ = write!(svg, "M{} {}h0", number(x), number(y));
        }
        svg.push_str("\"/>\n");
    }
    svg.push_str("</svg>\n");
    svg
}

/// The addresses of the background image in each theme.
pub struct Background {
    pub light: String,
    pub dark: String,
}

/// The map, ready for the template: every number already written as SVG wants it.
pub struct Map {
    pub view_box: String,
    /// The image's size in CSS pixels before scaling ("1000", "487"), so the page keeps its
    /// place while it loads.
    pub width: String,
    pub height: String,
    pub background: Background,
    pub home: Marker,
    /// The featured sister cities, with labels and links.
    pub partners: Vec<Marker>,
    /// One arc per featured partner, from the home city.
    pub arcs: Vec<String>,
    /// How many sister cities are dots only (none when all are featured).
    pub dots: usize,
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
    /// The map of `featured` sister cities (with markers, labels, links and arcs), over
    /// `background`, which draws `dots` more as dots.
    pub fn new(content: &Content, featured: &[&City], dots: usize, background: Background) -> Map {
        let home = &content.site.city;
        let mut placed: Vec<Rect> = Vec::new();
        let home_marker = Marker::place(&home.name, &home.name, "", home.location, &mut placed);
        // West to east, so neighbours' labels are placed one after the other.
        let mut order: Vec<(usize, &&City)> = featured.iter().enumerate().collect();
        order.sort_by(|a, b| a.1.location.lon.total_cmp(&b.1.location.lon));
        let mut partners: Vec<(usize, Marker)> = order
            .into_iter()
            .map(|(i, city)| {
                let name = place_name(city);
                let marker = Marker::place(
                    &city.name,
                    &name,
                    &paths::city(city.slug.as_str()),
                    city.location,
                    &mut placed,
                );
                (i, marker)
            })
            .collect();
        // Back in the content's order, which is the order of the list after the map.
        partners.sort_by_key(|(i, _)| *i);
        let names: Vec<String> = featured.iter().map(|city| place_name(city)).collect();
        let description = if dots == 0 {
            format!(
                "A world map marking {home} and its {count} sister {noun}, each joined to {home} \
                 by a line along the shortest route over the globe: {names}. The same cities are \
                 listed after the map.",
                home = home.name,
                count = featured.len(),
                noun = if featured.len() == 1 {
                    "city"
                } else {
                    "cities"
                },
                names = names.join("; ")
            )
        } else {
            format!(
                "A world map marking {home} and its {total} sister cities. The {count} oldest \
                 partnerships are labelled, each joined to {home} by a line along the shortest \
                 route over the globe: {names}. The other {others} are small dots. The labelled \
                 cities are listed after the map, and every sister city in the directory of all \
                 sister cities.",
                home = home.name,
                total = thousands((featured.len() + dots) as u64),
                count = featured.len(),
                names = names.join("; "),
                others = thousands(dots as u64),
            )
        };
        Map {
            view_box: format!("0 0 {MAP_WIDTH} {MAP_HEIGHT}"),
            width: number(MAP_WIDTH),
            height: number(MAP_HEIGHT),
            background,
            home: home_marker,
            partners: partners.into_iter().map(|(_, m)| m).collect(),
            arcs: featured
                .iter()
                .map(|c| geo::arc_path(home.location, c.location))
                .collect(),
            dots,
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
    fn the_background_colours_are_the_stylesheets() {
        let css = include_str!("../../static/css/site.css");
        let dark_from = css.find("prefers-color-scheme: dark").unwrap_or(css.len());
        let (light, dark) = css.split_at(dark_from);
        for (part, theme) in [(light, LIGHT), (dark, DARK)] {
            assert!(part.contains(&format!("--sc-color-map-land: {};", theme.land)));
            assert!(part.contains(&format!("--sc-color-map-arc: {};", theme.dot)));
        }
    }

    #[test]
    fn the_background_is_the_land_and_a_dot_per_city_beyond_the_featured() {
        let land_only = background(&[], LIGHT);
        assert!(land_only.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(land_only.contains("<path fill=\"#c9d3de\" fill-rule=\"evenodd\" d=\"M"));
        assert!(!land_only.contains("stroke"));
        assert!(land_only.ends_with("</svg>\n"));
    }

    #[test]
    fn numbers_have_one_decimal_at_most() {
        assert_eq!(number(12.345), "12.3");
        assert_eq!(number(12.0), "12");
        assert_eq!(number(-0.01), "0");
    }
}
