//! The world map on the home page: the home city and the sister cities, joined by great-circle
//! arcs, drawn from the coordinates in content as SVG (no JavaScript, no tiles). The template
//! `partials/_map.html` writes the markup; this module does the geometry.
//!
//! The map has two layers, so that the page stays cheap for the browser to lay out and paint:
//! a background image ([`background`]: the land outlines, a file of its own that browsers keep
//! for a year, one per colour theme) and, over it, a small inline SVG with the arcs and the
//! markers. At most [`FEATURED`] sister cities get a numbered marker and an arc; when there are
//! more, the others are small dots in the background image, and the directory of all sister
//! cities lists them.
//!
//! Each featured city is marked with its number in the list of sister cities beside the map
//! (the cards on the home page): a key that stays legible at any width, where names would not.
//! An SVG scales as a whole, so text sized for a desktop is unreadable on a phone: the markers
//! are drawn once per range of widths ([`SIZES`]), each sized for the narrowest map of its
//! range, and the stylesheet shows the one that fits (a container query). In each, a marker
//! whose place is taken is moved aside, with a line to its city, so that none overlap.
//! The map is not interactive: the list holds the one link to each city.

use std::fmt::Write as _;

use crate::content::Content;
use crate::content::model::City;
use crate::geo::{self, LatLon, MAP_HEIGHT, MAP_WIDTH};

use super::format::place_name;
use super::language::Lang;

/// How many sister cities the map numbers and joins to the home city; the home page shows the
/// same number as cards.
pub const FEATURED: usize = 12;

/// The smallest text on the map, in CSS pixels once drawn: the numbers and the home city's name.
const TEXT_PX: f64 = 12.5;
/// A numbered marker's radius, in CSS pixels once drawn: room for two digits.
const BADGE_PX: f64 = 10.5;
/// The radius of a city's own dot, in CSS pixels, where its marker is moved aside.
const DOT_PX: f64 = 3.5;
/// The least room between two things on the map, in CSS pixels.
const GAP_PX: f64 = 3.0;
/// An estimate of a bold character's width, as a share of the text size.
const CHAR_WIDTH: f64 = 0.62;
/// The diameter of the dot of a sister city beyond the featured ones, in map units: smaller
/// than a marker, and in the arcs' lighter colour, so the featured cities stand out.
const DOT_SIZE: f64 = 4.0;

/// A range of widths the map is drawn at, from `min_width` CSS pixels up to the next size's:
/// the stylesheet's container queries in "World map" switch between them at the same widths.
pub struct Size {
    /// The class that names it: `sc-map__size--narrow`.
    pub name: &'static str,
    /// The narrowest map it is shown at, in CSS pixels: the markers are sized for it.
    pub min_width: f64,
}

/// The narrowest is the map on a 320-pixel screen, less the page's margins; the others from
/// where the stylesheet switches to them.
pub const SIZES: [Size; 3] = [
    Size {
        name: "narrow",
        min_width: 288.0,
    },
    Size {
        name: "medium",
        min_width: 420.0,
    },
    Size {
        name: "wide",
        min_width: 700.0,
    },
];

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
    /// One arc per featured partner, from the home city.
    pub arcs: Vec<String>,
    /// The markers, drawn once for each of [`SIZES`].
    pub layers: Vec<Layer>,
    /// How many featured sister cities have a number.
    pub featured: usize,
    /// How many sister cities are dots only (none when all are featured).
    pub dots: usize,
    /// The `<desc>`: what the map shows, in words.
    pub description: String,
}

/// The markers at one of [`SIZES`].
pub struct Layer {
    pub name: &'static str,
    /// The text size, in map units.
    pub font_size: String,
    pub home: Home,
    pub partners: Vec<Badge>,
}

/// The home city: a dot and its name beside it.
pub struct Home {
    pub x: String,
    pub y: String,
    pub r: String,
    pub label: String,
    pub label_x: String,
    pub label_y: String,
    /// "start" (name on the right) or "end" (on the left).
    pub anchor: &'static str,
}

/// A featured sister city's number, in a circle on the city or moved aside with a line to it.
pub struct Badge {
    /// "1": its place in the list of sister cities.
    pub number: String,
    pub cx: String,
    pub cy: String,
    pub r: String,
    /// Where the number's baseline is, to centre it in the circle.
    pub text_y: String,
    /// Where the city is, when the circle is moved aside: a dot there and a line to it.
    pub aside: Option<Aside>,
}

/// A line from a city's own dot to its number, moved aside.
pub struct Aside {
    pub x: String,
    pub y: String,
    pub dot_r: String,
    /// Where the line meets the circle.
    pub x2: String,
    pub y2: String,
}

impl Map {
    /// The map of `featured` sister cities (numbered 1, 2... in that order, with arcs), over
    /// `background`, which draws `dots` more as dots.
    pub fn new(
        content: &Content,
        lang: &Lang,
        featured: &[&City],
        dots: usize,
        background: Background,
    ) -> Map {
        let home = &content.site.city;
        let names: Vec<String> = featured
            .iter()
            .enumerate()
            .map(|(i, city)| format!("{} {}", i + 1, place_name(city)))
            .collect();
        let numbered = lang.text("map-numbered", &[("names", names.join("; ").into())]);
        let description = if dots == 0 {
            lang.text(
                "map-description",
                &[
                    ("home", home.name.as_str().into()),
                    ("count", featured.len().into()),
                    ("numbered", numbered.into()),
                ],
            )
        } else {
            lang.text(
                "map-description-more",
                &[
                    ("home", home.name.as_str().into()),
                    ("total", (featured.len() + dots).into()),
                    ("count", featured.len().into()),
                    ("numbered", numbered.into()),
                    ("others", dots.into()),
                ],
            )
        };
        let points: Vec<(f64, f64)> = featured.iter().map(|c| geo::project(c.location)).collect();
        Map {
            view_box: format!("0 0 {MAP_WIDTH} {MAP_HEIGHT}"),
            width: number(MAP_WIDTH),
            height: number(MAP_HEIGHT),
            background,
            arcs: featured
                .iter()
                .map(|c| geo::arc_path(home.location, c.location))
                .collect(),
            layers: SIZES
                .iter()
                .map(|size| Layer::place(size, &home.name, home.location, &points))
                .collect(),
            featured: featured.len(),
            dots,
            description,
        }
    }
}

/// A square around a circle, or a label's box, in map units.
#[derive(Debug, Clone, Copy)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Rect {
    fn around(x: f64, y: f64, r: f64) -> Rect {
        Rect {
            x: x - r,
            y: y - r,
            w: r * 2.0,
            h: r * 2.0,
        }
    }

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

/// The placing of one layer: map units per CSS pixel, and what is placed already.
struct Placing {
    unit: f64,
    placed: Vec<Rect>,
}

impl Placing {
    /// How much `rect` overlaps what is placed (each grown by the gap), plus a large penalty
    /// for leaving the map: leaving it is worse than touching a neighbour.
    fn cost(&self, rect: &Rect) -> f64 {
        let gap = GAP_PX * self.unit;
        let overlap: f64 = self
            .placed
            .iter()
            .map(|p| {
                let grown = Rect {
                    x: p.x - gap,
                    y: p.y - gap,
                    w: p.w + gap * 2.0,
                    h: p.h + gap * 2.0,
                };
                grown.overlap(rect)
            })
            .sum();
        overlap + if rect.inside_map() { 0.0 } else { 1e9 }
    }
}

impl Layer {
    /// Places the home city's name and each partner's number at `size`: on the city where
    /// there is room, else the nearest place aside where it overlaps nothing placed before.
    fn place(size: &Size, home_name: &str, home_at: LatLon, points: &[(f64, f64)]) -> Layer {
        let unit = MAP_WIDTH / size.min_width;
        let (font, badge_r, dot_r) = (TEXT_PX * unit, BADGE_PX * unit, DOT_PX * unit);
        let (hx, hy) = geo::project(home_at);
        // Every city's own place is taken from the start, so no number covers another city.
        let mut placing = Placing {
            unit,
            placed: std::iter::once((hx, hy))
                .chain(points.iter().copied())
                .map(|(x, y)| Rect::around(x, y, dot_r))
                .collect(),
        };

        // The home city's name, on the side with the most room.
        let label_w = home_name.chars().count() as f64 * CHAR_WIDTH * font;
        let gap = dot_r + GAP_PX * unit;
        let label = |right: bool, dy: f64| Rect {
            x: if right { hx + gap } else { hx - gap - label_w },
            y: hy + dy - font / 2.0,
            w: label_w,
            h: font,
        };
        let sides = [
            (false, 0.0),
            (true, 0.0),
            (false, -font),
            (true, -font),
            (false, font),
            (true, font),
        ];
        let (right, dy) =
            best(&sides, |&(right, dy)| placing.cost(&label(right, dy))).unwrap_or((false, 0.0));
        placing.placed.push(label(right, dy));
        let home = Home {
            x: number(hx),
            y: number(hy),
            r: number(dot_r * 1.5),
            label: home_name.to_owned(),
            label_x: number(if right { hx + gap } else { hx - gap }),
            label_y: number(hy + dy + font * 0.35),
            anchor: if right { "start" } else { "end" },
        };

        // Each number: on its city, else aside, nearest first. West to east, so that
        // neighbours are placed one after the other.
        let mut order: Vec<usize> = (0..points.len()).collect();
        order.sort_by(|a, b| points[*a].0.total_cmp(&points[*b].0));
        let mut spots: Vec<(f64, f64)> = vec![(0.0, 0.0)];
        for distance in [2.6, 3.8, 5.2] {
            for (dx, dy) in [
                (0.0, -1.0),
                (0.0, 1.0),
                (1.0, 0.0),
                (-1.0, 0.0),
                (0.7, -0.7),
                (-0.7, -0.7),
                (0.7, 0.7),
                (-0.7, 0.7),
            ] {
                spots.push((dx * distance * badge_r, dy * distance * badge_r));
            }
        }
        let mut badges: Vec<Option<Badge>> = (0..points.len()).map(|_| None).collect();
        for i in order {
            let (x, y) = points[i];
            // Its own dot is not in the way of its own number.
            let own = Rect::around(x, y, dot_r);
            placing.placed.retain(|r| !same(r, &own));
            let (dx, dy) = best(&spots, |&(dx, dy)| {
                placing.cost(&Rect::around(x + dx, y + dy, badge_r))
            })
            .unwrap_or((0.0, 0.0));
            let (cx, cy) = (x + dx, y + dy);
            placing.placed.push(Rect::around(cx, cy, badge_r));
            let moved = dx != 0.0 || dy != 0.0;
            if moved {
                placing.placed.push(own);
            }
            let length = dx.hypot(dy);
            badges[i] = Some(Badge {
                number: (i + 1).to_string(),
                cx: number(cx),
                cy: number(cy),
                r: number(badge_r),
                text_y: number(cy + font * 0.36),
                aside: moved.then(|| Aside {
                    x: number(x),
                    y: number(y),
                    dot_r: number(dot_r),
                    x2: number(cx - dx / length * badge_r),
                    y2: number(cy - dy / length * badge_r),
                }),
            });
        }
        Layer {
            name: size.name,
            font_size: number(font),
            home,
            partners: badges.into_iter().flatten().collect(),
        }
    }
}

/// The first of `options` with the lowest cost.
fn best<T: Copy>(options: &[T], cost: impl Fn(&T) -> f64) -> Option<T> {
    let mut best: Option<(T, f64)> = None;
    for option in options {
        let c = cost(option);
        if best.is_none_or(|(_, lowest)| c < lowest) {
            best = Some((*option, c));
        }
    }
    best.map(|(option, _)| option)
}

fn same(a: &Rect, b: &Rect) -> bool {
    a.x == b.x && a.y == b.y && a.w == b.w && a.h == b.h
}

/// A coordinate to one decimal place, as the rest of the map's data.
fn number(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    format!("{}", if rounded == 0.0 { 0.0 } else { rounded })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bundled cities' places, with Norman's.
    fn bundled() -> (LatLon, Vec<(f64, f64)>) {
        let cities = [
            LatLon::new(45.7831, 3.0825),
            LatLon::new(19.24333, -103.72472),
            LatLon::new(34.76083, 135.78583),
            LatLon::new(43.463056, 11.878056),
        ];
        (
            LatLon::new(35.22083, -97.44361),
            cities.iter().map(|c| geo::project(*c)).collect(),
        )
    }

    fn circle(badge: &Badge) -> (f64, f64, f64) {
        let n = |s: &str| s.parse::<f64>().unwrap();
        (n(&badge.cx), n(&badge.cy), n(&badge.r))
    }

    #[test]
    fn at_every_size_the_numbers_of_close_cities_do_not_touch() {
        let (norman, points) = bundled();
        for size in &SIZES {
            let layer = Layer::place(size, "Norman", norman, &points);
            let unit = MAP_WIDTH / size.min_width;
            // Legible on the narrowest map of the range: 12 CSS pixels or more.
            let font: f64 = layer.font_size.parse().unwrap();
            assert!(font / unit >= 12.0, "{}: {font}", size.name);
            let circles: Vec<(f64, f64, f64)> = layer.partners.iter().map(circle).collect();
            assert_eq!(circles.len(), 4);
            for (i, a) in circles.iter().enumerate() {
                for b in &circles[i + 1..] {
                    let apart = (a.0 - b.0).hypot(a.1 - b.1) - a.2 - b.2;
                    assert!(apart >= GAP_PX * unit, "{}: {a:?} and {b:?}", size.name);
                }
                assert!(a.0 - a.2 >= 0.0 && a.0 + a.2 <= MAP_WIDTH, "{a:?}");
                assert!(a.1 - a.2 >= 0.0 && a.1 + a.2 <= MAP_HEIGHT, "{a:?}");
            }
        }
    }

    #[test]
    fn no_number_hides_another_city_and_a_number_moved_aside_points_at_its_own() {
        let (norman, points) = bundled();
        for size in &SIZES {
            let layer = Layer::place(size, "Norman", norman, &points);
            for (i, badge) in layer.partners.iter().enumerate() {
                let (x, y) = points[i];
                let (cx, cy, r) = circle(badge);
                match &badge.aside {
                    // On its own city, clear of every other.
                    None => {
                        assert_eq!((number(x), number(y)), (badge.cx.clone(), badge.cy.clone()))
                    }
                    Some(aside) => {
                        assert_eq!((aside.x.clone(), aside.y.clone()), (number(x), number(y)));
                    }
                }
                for (j, other) in points.iter().enumerate().filter(|(j, _)| *j != i) {
                    let apart = (other.0 - cx).hypot(other.1 - cy);
                    assert!(apart > r, "{}: {} covers city {}", size.name, i + 1, j + 1);
                }
            }
        }
        // Clermont-Ferrand (1) and Arezzo (4) are too close for both numbers to sit on their
        // cities on a phone: at least one is moved aside, with a line to its city.
        let narrow = Layer::place(&SIZES[0], "Norman", norman, &points);
        assert!(narrow.partners[0].aside.is_some() || narrow.partners[3].aside.is_some());
    }

    #[test]
    fn a_number_sits_on_its_city_when_there_is_room() {
        let (norman, points) = bundled();
        let wide = Layer::place(&SIZES[2], "Norman", norman, &points);
        let seika = &wide.partners[2];
        assert_eq!(seika.number, "3");
        assert!(seika.aside.is_none());
        assert_eq!(
            (seika.cx.clone(), seika.cy.clone()),
            (number(points[2].0), number(points[2].1))
        );
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
