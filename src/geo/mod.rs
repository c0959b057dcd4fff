//! Geodesy helpers and a server-rendered SVG world map.
//!
//! Everything here is pure computation: distances on a spherical Earth,
//! great-circle arcs, the Equal Earth projection into a fixed SVG `viewBox`,
//! and SVG path data for the land masses and for arcs between two places.
//! No JavaScript and no external map tiles are involved.
//!
//! The land outlines come from Natural Earth's 1:110m land layer (public
//! domain), converted by `scripts/world-map/build-land.mjs` into
//! `land-110m.json` beside this file: an array of closed rings of
//! `[lon, lat]` pairs, rounded to 0.1°. Antarctica is left out, and rings that
//! crossed the antimeridian were cut there, so no ring edge spans the map.
//!
//! A page draws the map as, for example:
//!
//! ```text
//! <svg viewBox="0 0 {MAP_WIDTH} {MAP_HEIGHT}">
//!   <path d="{land_path()}" fill-rule="evenodd"/>
//!   <path d="{arc_path(a, b)}" fill="none"/>
//! </svg>
//! ```
//!
//! `fill-rule="evenodd"` matters: the land data holds one hole (the Caspian
//! Sea), written as a ring like any other.

use std::f64::consts::PI;
use std::fmt::Write as _;
use std::sync::LazyLock;

/// Mean radius of the Earth in kilometres (IUGG mean radius R₁ of WGS 84).
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Kilometres in one international mile.
pub const KM_PER_MILE: f64 = 1.609344;

/// Width of the map's SVG `viewBox`, in user units. The projected world spans
/// it exactly, from longitude −180° at x = 0 to +180° at x = `MAP_WIDTH`.
pub const MAP_WIDTH: f64 = 1000.0;

/// Height of the map's SVG `viewBox`, in user units. The Equal Earth world is
/// 486.72 units high at this width; the poles sit 0.14 units inside the
/// top and bottom edges, and the equator on the middle line.
pub const MAP_HEIGHT: f64 = 487.0;

/// A point on the Earth, in decimal degrees (WGS 84 or any close datum).
///
/// `lat` is positive north, `lon` positive east.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LatLon {
    /// Latitude in degrees, −90 to 90, positive north.
    pub lat: f64,
    /// Longitude in degrees, −180 to 180, positive east.
    pub lon: f64,
}

impl LatLon {
    /// A point from its latitude and longitude in degrees.
    pub const fn new(lat: f64, lon: f64) -> Self {
        Self { lat, lon }
    }

    /// The point as a unit vector from the Earth's centre (x towards 0°E on
    /// the equator, z towards the north pole).
    fn to_unit_vector(self) -> [f64; 3] {
        let (lat, lon) = (self.lat.to_radians(), self.lon.to_radians());
        [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
    }

    /// The point a (not necessarily unit) vector from the centre points at.
    fn from_vector([x, y, z]: [f64; 3]) -> Self {
        Self {
            lat: z.atan2(x.hypot(y)).to_degrees(),
            lon: y.atan2(x).to_degrees(),
        }
    }
}

/// Great-circle distance between two points in kilometres, by the haversine
/// formula on a sphere of radius [`EARTH_RADIUS_KM`].
///
/// On the ellipsoid the true distance differs by up to about 0.5 %; rounded
/// to whole kilometres this matches the figures commonly published for city
/// pairs.
pub fn distance_km(a: LatLon, b: LatLon) -> f64 {
    let (phi1, phi2) = (a.lat.to_radians(), b.lat.to_radians());
    let dphi = phi2 - phi1;
    let dlambda = (b.lon - a.lon).to_radians();
    let h = (dphi / 2.0).sin().powi(2) + phi1.cos() * phi2.cos() * (dlambda / 2.0).sin().powi(2);
    // Rounding can push h a hair above 1 for antipodal points.
    2.0 * EARTH_RADIUS_KM * h.clamp(0.0, 1.0).sqrt().asin()
}

/// Converts kilometres to international miles (1 mi = 1.609344 km).
pub fn km_to_miles(km: f64) -> f64 {
    km / KM_PER_MILE
}

/// Points along the shorter great-circle arc from `a` to `b`, by spherical
/// linear interpolation (slerp), evenly spaced in angle.
///
/// Returns `segments + 1` points (a `segments` of 0 is taken as 1), the
/// first exactly `a` and the last exactly `b`. For antipodal points, where
/// every great circle through them is equally short, one is chosen
/// arbitrarily. Longitudes of the points in between are in −180°..=180°.
pub fn great_circle(a: LatLon, b: LatLon, segments: usize) -> Vec<LatLon> {
    let segments = segments.max(1);
    let va = a.to_unit_vector();
    let vb = b.to_unit_vector();
    let cos_omega = dot(va, vb);
    // atan2 rather than acos: accurate for points very close together too.
    let omega = norm(cross(va, vb)).atan2(cos_omega);

    // Unit vector perpendicular to `va` in the plane of the arc, so that
    // p(θ) = va·cos θ + u·sin θ runs along it and reaches `vb` at θ = ω.
    // This is slerp written so that it stays defined for antipodal points.
    let u = normalize(sub(vb, scale(va, cos_omega))).or_else(|| {
        // `b` is `a` or its antipode: any perpendicular will do.
        let axis = if va[2].abs() < 0.9 {
            [0.0, 0.0, 1.0]
        } else {
            [1.0, 0.0, 0.0]
        };
        normalize(cross(va, axis))
    });

    let mut points = Vec::with_capacity(segments + 1);
    points.push(a);
    for i in 1..segments {
        let theta = omega * i as f64 / segments as f64;
        let p = match u {
            Some(u) => add(scale(va, theta.cos()), scale(u, theta.sin())),
            None => va,
        };
        points.push(LatLon::from_vector(p));
    }
    points.push(b);
    points
}

/// Projects a point into the map's `viewBox` (`0 0 MAP_WIDTH MAP_HEIGHT`,
/// y growing downwards) by the Equal Earth projection (Šavrič, Patterson &
/// Jenny, 2018), centred on the Greenwich meridian.
///
/// Returns `(x, y)`: (0°, 0°) lands on the centre of the map. Latitudes are
/// clamped to −90..=90 and longitudes wrapped into −180..=180 first, so every
/// input lands inside the `viewBox`.
pub fn project(p: LatLon) -> (f64, f64) {
    let (x, y) = equal_earth(
        p.lat.clamp(-90.0, 90.0).to_radians(),
        wrap_lon(p.lon).to_radians(),
    );
    let (x_max, _) = equal_earth(0.0, PI);
    let k = MAP_WIDTH / 2.0 / x_max;
    (MAP_WIDTH / 2.0 + k * x, MAP_HEIGHT / 2.0 - k * y)
}

/// The SVG path data (`d`) of every land ring, projected with [`project`]:
/// one `M … L … Z` subpath per ring, coordinates rounded to 0.1 unit.
///
/// Computed once, at first use. Draw it with `fill-rule="evenodd"` so the
/// Caspian Sea stays a hole. Empty only if the embedded data failed to parse,
/// which the tests rule out.
pub fn land_path() -> &'static str {
    static PATH: LazyLock<String> = LazyLock::new(|| {
        let mut d = String::new();
        for ring in land_rings() {
            push_ring(&mut d, ring);
        }
        d
    });
    &PATH
}

/// The SVG path data (`d`) of the great-circle arc from `a` to `b`,
/// projected with [`project`], coordinates rounded to 0.1 unit.
///
/// Where the arc crosses the antimeridian it is cut into separate `M … L …`
/// subpaths, each running to the map's edge, so no line streaks across the
/// map. Draw it with `fill="none"`.
pub fn arc_path(a: LatLon, b: LatLon) -> String {
    // About one segment per 2° of arc, enough for a smooth curve.
    let degrees = (distance_km(a, b) / EARTH_RADIUS_KM).to_degrees();
    let segments = ((degrees / 2.0).ceil() as usize).max(2);
    let points = great_circle(a, b, segments);

    let mut d = String::new();
    let mut last: Option<LatLon> = None;
    for p in points {
        let p = LatLon::new(p.lat, wrap_lon(p.lon));
        match last {
            None => push_point(&mut d, 'M', p),
            Some(q) if (p.lon - q.lon).abs() > 180.0 => {
                // Crossing ±180°: finish at the edge on q's side, start again
                // at the edge on p's side.
                let lat = crossing_lat(q, p);
                let edge = if q.lon < 0.0 { -180.0 } else { 180.0 };
                push_point(&mut d, 'L', LatLon::new(lat, edge));
                push_point(&mut d, 'M', LatLon::new(lat, -edge));
                push_point(&mut d, 'L', p);
            }
            Some(_) => push_point(&mut d, 'L', p),
        }
        last = Some(p);
    }
    d
}

/// The embedded land rings, parsed at first use.
fn land_rings() -> &'static [Vec<LatLon>] {
    static RINGS: LazyLock<Vec<Vec<LatLon>>> =
        LazyLock::new(|| parse_land(include_str!("land-110m.json")).unwrap_or_default());
    &RINGS
}

/// Parses land data: a JSON array of rings of `[lon, lat]` pairs.
fn parse_land(json: &str) -> Result<Vec<Vec<LatLon>>, serde_json::Error> {
    let rings: Vec<Vec<[f64; 2]>> = serde_json::from_str(json)?;
    Ok(rings
        .into_iter()
        .map(|ring| {
            ring.into_iter()
                .map(|[lon, lat]| LatLon::new(lat, lon))
                .collect()
        })
        .collect())
}

/// Appends one closed ring as `M x y L x y … Z`, skipping points that round to
/// the same spot as the one before and the ring's repeated closing point.
fn push_ring(d: &mut String, ring: &[LatLon]) {
    let mut coords: Vec<(f64, f64)> = Vec::with_capacity(ring.len());
    for &p in ring {
        let (x, y) = project(p);
        let c = (round1(x), round1(y));
        if coords.last() != Some(&c) {
            coords.push(c);
        }
    }
    if coords.len() > 1 && coords.first() == coords.last() {
        coords.pop();
    }
    if coords.len() < 3 {
        return;
    }
    for (i, (x, y)) in coords.into_iter().enumerate() {
        let _ = write!(d, "{}{x} {y}", if i == 0 { 'M' } else { 'L' });
    }
    d.push('Z');
}

/// Appends `command` and the projected point, rounded to 0.1 unit.
fn push_point(d: &mut String, command: char, p: LatLon) {
    let (x, y) = project(p);
    // Writing to a String cannot fail.
    let _ = write!(d, "{command}{} {}", round1(x), round1(y));
}

/// Rounds to one decimal place, without a negative zero. Displayed with `{}`
/// the result prints as `12.3`, or `12` when the decimal is 0.
fn round1(v: f64) -> f64 {
    let r = (v * 10.0).round() / 10.0;
    if r == 0.0 { 0.0 } else { r }
}

/// The latitude where the short segment from `q` to `p` (whose longitudes lie
/// either side of ±180°) crosses the antimeridian, by linear interpolation.
fn crossing_lat(q: LatLon, p: LatLon) -> f64 {
    let edge = if q.lon < 0.0 { -180.0 } else { 180.0 };
    let p_lon = p.lon + if q.lon < 0.0 { -360.0 } else { 360.0 };
    let span = p_lon - q.lon;
    if span.abs() < f64::EPSILON {
        return q.lat;
    }
    let t = ((edge - q.lon) / span).clamp(0.0, 1.0);
    q.lat + t * (p.lat - q.lat)
}

/// Wraps a longitude in degrees into −180..=180 (keeping ±180 as given).
fn wrap_lon(lon: f64) -> f64 {
    if (-180.0..=180.0).contains(&lon) {
        lon
    } else {
        (lon + 180.0).rem_euclid(360.0) - 180.0
    }
}

/// Equal Earth on the unit sphere: (φ, λ) in radians to (x, y), y north.
fn equal_earth(phi: f64, lambda: f64) -> (f64, f64) {
    const A1: f64 = 1.340264;
    const A2: f64 = -0.081106;
    const A3: f64 = 0.000893;
    const A4: f64 = 0.003796;
    let m = 3.0_f64.sqrt() / 2.0;
    let theta = (m * phi.sin()).asin();
    let t2 = theta * theta;
    let t6 = t2 * t2 * t2;
    let x = 2.0 * 3.0_f64.sqrt() * lambda * theta.cos()
        / (3.0 * (9.0 * A4 * t6 * t2 + 7.0 * A3 * t6 + 3.0 * A2 * t2 + A1));
    let y = theta * (A4 * t6 * t2 + A3 * t6 + A2 * t2 + A1);
    (x, y)
}

fn dot(a: [f64; 3], b: [f64; 3]) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

fn add(a: [f64; 3], b: [f64; 3]) -> [f64; 3] {
    [a[0] + b[0], a[1] + b[1], a[2] + b[2]]
}

fn sub(a: [f64; 3], b: [f64; 3]) -> [f64; 3] {
    [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
}

fn scale(a: [f64; 3], k: f64) -> [f64; 3] {
    [a[0] * k, a[1] * k, a[2] * k]
}

fn cross(a: [f64; 3], b: [f64; 3]) -> [f64; 3] {
    [
        a[1] * b[2] - a[2] * b[1],
        a[2] * b[0] - a[0] * b[2],
        a[0] * b[1] - a[1] * b[0],
    ]
}

fn norm(a: [f64; 3]) -> f64 {
    dot(a, a).sqrt()
}

/// The unit vector along `a`, or `None` when `a` is too short to have a
/// meaningful direction.
fn normalize(a: [f64; 3]) -> Option<[f64; 3]> {
    let len = norm(a);
    (len > 1e-9).then(|| scale(a, 1.0 / len))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NORMAN: LatLon = LatLon::new(35.22083, -97.44361);
    const CLERMONT_FERRAND: LatLon = LatLon::new(45.7831, 3.0825);
    const COLIMA: LatLon = LatLon::new(19.24333, -103.72472);
    const SEIKA: LatLon = LatLon::new(34.76083, 135.78583);
    const AREZZO: LatLon = LatLon::new(43.463056, 11.878056);

    fn assert_near(a: LatLon, b: LatLon) {
        assert!(
            (a.lat - b.lat).abs() < 1e-9 && (a.lon - b.lon).abs() < 1e-9,
            "{a:?} != {b:?}"
        );
    }

    /// Whole kilometres and whole miles, as the site shows them.
    fn km_mi(a: LatLon, b: LatLon) -> (f64, f64) {
        let km = distance_km(a, b);
        (km.round(), km_to_miles(km).round())
    }

    #[test]
    fn distances_from_norman_to_its_sister_cities() {
        assert_eq!(km_mi(NORMAN, CLERMONT_FERRAND), (8004.0, 4974.0));
        assert_eq!(km_mi(NORMAN, COLIMA), (1881.0, 1169.0));
        assert_eq!(km_mi(NORMAN, SEIKA), (10473.0, 6507.0));
        assert_eq!(km_mi(NORMAN, AREZZO), (8721.0, 5419.0));
    }

    #[test]
    fn distance_is_symmetric_and_zero_to_self() {
        assert_eq!(distance_km(NORMAN, NORMAN), 0.0);
        let there = distance_km(NORMAN, SEIKA);
        let back = distance_km(SEIKA, NORMAN);
        assert!((there - back).abs() < 1e-9);
        let half_way_round = distance_km(LatLon::new(0.0, 0.0), LatLon::new(0.0, 180.0));
        assert!((half_way_round - PI * EARTH_RADIUS_KM).abs() < 1e-6);
    }

    #[test]
    fn miles() {
        assert!((km_to_miles(1.609344) - 1.0).abs() < 1e-12);
        assert!((km_to_miles(100.0) - 62.137_119_223_733_4).abs() < 1e-9);
    }

    #[test]
    fn origin_projects_to_the_centre() {
        let (x, y) = project(LatLon::new(0.0, 0.0));
        assert!((x - MAP_WIDTH / 2.0).abs() < 1e-9, "x = {x}");
        assert!((y - MAP_HEIGHT / 2.0).abs() < 1e-9, "y = {y}");
    }

    #[test]
    fn projection_stays_within_the_view_box() {
        let mut extremes = vec![
            LatLon::new(90.0, 180.0),
            LatLon::new(-90.0, -180.0),
            LatLon::new(0.0, 180.0),
            LatLon::new(0.0, -180.0),
            LatLon::new(90.0, 0.0),
            LatLon::new(-90.0, 0.0),
            LatLon::new(45.0, 180.0),
            LatLon::new(-45.0, -180.0),
            // Out of range: clamped and wrapped.
            LatLon::new(95.0, 200.0),
            LatLon::new(-120.0, -540.0),
        ];
        for lat in (-90..=90).step_by(5) {
            for lon in (-180..=180).step_by(5) {
                extremes.push(LatLon::new(lat.into(), lon.into()));
            }
        }
        for p in extremes {
            let (x, y) = project(p);
            assert!((0.0..=MAP_WIDTH).contains(&x), "{p:?} -> x = {x}");
            assert!((0.0..=MAP_HEIGHT).contains(&y), "{p:?} -> y = {y}");
        }
        // The world spans the width, and nearly all of the height.
        let (x_west, _) = project(LatLon::new(0.0, -180.0));
        let (x_east, _) = project(LatLon::new(0.0, 180.0));
        assert!(x_west.abs() < 1e-9 && (x_east - MAP_WIDTH).abs() < 1e-9);
        let (_, y_north) = project(LatLon::new(90.0, 0.0));
        let (_, y_south) = project(LatLon::new(-90.0, 0.0));
        assert!(y_north > 0.0 && y_north < 0.5, "y_north = {y_north}");
        assert!((y_north + y_south - MAP_HEIGHT).abs() < 1e-9);
        // North is up, east is right.
        let (x, y) = project(NORMAN);
        assert!(x < MAP_WIDTH / 2.0 && y < MAP_HEIGHT / 2.0);
    }

    #[test]
    fn equal_earth_reference_values() {
        // From the paper: the unit-sphere map is 2 × 2.706630 wide and
        // 2 × 1.317363 high.
        let (x, _) = equal_earth(0.0, PI);
        let (_, y) = equal_earth(PI / 2.0, 0.0);
        assert!((x - 2.706_630).abs() < 1e-6, "x = {x}");
        assert!((y - 1.317_363).abs() < 1e-6, "y = {y}");
    }

    #[test]
    fn great_circle_endpoints_equal_inputs() {
        for segments in [0, 1, 2, 64] {
            let points = great_circle(NORMAN, SEIKA, segments);
            assert_eq!(points.len(), segments.max(1) + 1);
            assert_eq!(points.first(), Some(&NORMAN));
            assert_eq!(points.last(), Some(&SEIKA));
        }
    }

    #[test]
    fn great_circle_points_are_evenly_spaced_on_the_arc() {
        let points = great_circle(NORMAN, CLERMONT_FERRAND, 10);
        let total = distance_km(NORMAN, CLERMONT_FERRAND);
        for pair in points.windows(2) {
            let step = distance_km(pair[0], pair[1]);
            assert!((step - total / 10.0).abs() < 1e-6, "step = {step}");
        }
        // The route from Oklahoma to France bends north of both ends.
        let middle = points[5];
        assert!(middle.lat > NORMAN.lat.max(CLERMONT_FERRAND.lat));
    }

    #[test]
    fn great_circle_along_the_equator_and_degenerate_cases() {
        let points = great_circle(LatLon::new(0.0, 0.0), LatLon::new(0.0, 90.0), 3);
        assert_near(points[1], LatLon::new(0.0, 30.0));
        assert_near(points[2], LatLon::new(0.0, 60.0));

        let same = great_circle(NORMAN, NORMAN, 4);
        assert!(same.iter().all(|&p| distance_km(p, NORMAN) < 1e-6));

        let a = LatLon::new(0.0, 0.0);
        let b = LatLon::new(0.0, 180.0);
        let antipodal = great_circle(a, b, 4);
        for p in &antipodal {
            assert!(p.lat.is_finite() && p.lon.is_finite());
        }
        let half = distance_km(a, antipodal[2]);
        assert!((half - PI / 2.0 * EARTH_RADIUS_KM).abs() < 1e-6);
    }

    #[test]
    fn arc_norman_seika_splits_at_the_antimeridian() {
        let d = arc_path(NORMAN, SEIKA);
        assert_eq!(d.matches('M').count(), 2, "{d}");
        assert!(d.starts_with('M'));
        // Westwards over the Pacific: the first subpath ends on the map's
        // west edge (−180°) and the second starts on the east edge (+180°)
        // at the same latitude, i.e. mirror images across the centre line.
        let mut points = Vec::new();
        let mut starts = Vec::new();
        for sub in d.split('M').filter(|s| !s.is_empty()) {
            starts.push(points.len());
            for_each_point(&format!("M{sub}"), |x, y| points.push((x, y)));
        }
        let (end_x, end_y) = points[starts[1] - 1];
        let (start_x, start_y) = points[starts[1]];
        assert!(end_x < 200.0 && start_x > 800.0, "{d}");
        assert!((end_x + start_x - MAP_WIDTH).abs() < 0.11, "{d}");
        assert_eq!(end_y, start_y, "{d}");
        let (edge_x, _) = project(LatLon::new(0.0, -180.0));
        assert!(end_x >= edge_x);
        assert_no_streaks(&d);
    }

    #[test]
    fn arc_across_the_atlantic_is_one_subpath() {
        for city in [CLERMONT_FERRAND, COLIMA, AREZZO] {
            let d = arc_path(NORMAN, city);
            assert_eq!(d.matches('M').count(), 1, "{d}");
            assert!(d.contains('L'));
            assert_no_streaks(&d);
        }
    }

    #[test]
    fn land_data_parses() {
        let rings = parse_land(include_str!("land-110m.json"));
        assert!(rings.is_ok(), "{rings:?}");
        let rings = rings.unwrap_or_default();
        assert!(rings.len() > 100, "{} rings", rings.len());
        assert_eq!(land_rings().len(), rings.len());
        for ring in &rings {
            assert!(ring.len() >= 4);
            assert_eq!(ring.first(), ring.last(), "rings are closed");
            for p in ring {
                assert!((-90.0..=90.0).contains(&p.lat) && (-180.0..=180.0).contains(&p.lon));
            }
            for pair in ring.windows(2) {
                assert!(
                    (pair[0].lon - pair[1].lon).abs() <= 180.0,
                    "ring crosses ±180°"
                );
            }
        }
        assert!(parse_land("not json").is_err());
    }

    #[test]
    fn land_path_is_well_formed() {
        let d = land_path();
        assert!(d.starts_with('M'), "{}", &d[..d.len().min(40)]);
        assert!(d.ends_with('Z'));
        assert_eq!(d.matches('M').count(), d.matches('Z').count());
        assert!(d.matches('M').count() > 100);
        for_each_point(d, |x, y| {
            assert!((0.0..=MAP_WIDTH).contains(&x) && (0.0..=MAP_HEIGHT).contains(&y));
        });
        assert_no_streaks(d);
        // Computed once.
        assert!(std::ptr::eq(d, land_path()));
    }

    /// Calls `f` with every coordinate pair of a path made of M, L and Z
    /// commands, failing on anything else.
    fn for_each_point(d: &str, mut f: impl FnMut(f64, f64)) {
        for cmd in d.split(['M', 'L']).filter(|s| !s.is_empty()) {
            let pair = cmd.trim_end_matches('Z');
            let mut it = pair.split(' ').map(str::parse::<f64>);
            match (it.next(), it.next(), it.next()) {
                (Some(Ok(x)), Some(Ok(y)), None) => f(x, y),
                other => panic!("bad coordinates {pair:?}: {other:?}"),
            }
        }
    }

    /// No line within a subpath jumps more than half the map's width.
    fn assert_no_streaks(d: &str) {
        for sub in d.split('M').filter(|s| !s.is_empty()) {
            let mut last: Option<f64> = None;
            for_each_point(&format!("M{sub}"), |x, _| {
                if let Some(l) = last {
                    assert!((x - l).abs() < MAP_WIDTH / 2.0, "streak from {l} to {x}");
                }
                last = Some(x);
            });
        }
    }
}
