// Regenerates ../../src/geo/land-110m.json from world-atlas's land-110m.json
// (Natural Earth 1:110m land, public domain). See README.md.
//
// Output: a JSON array of rings; each ring is an array of [lon, lat] pairs
// rounded to 1 decimal place. Outer rings and holes are written alike, so the
// map draws them with fill-rule="evenodd". Consecutive duplicate points
// (after rounding) are dropped, and so are rings left with fewer than 4 points.
// The few rings that cross the antimeridian (Fiji, Chukotka, Wrangel Island)
// are cut there into one ring per side, closed along the ±180° meridian, so
// that no ring's edge streaks across a flat map.
// Rings lying wholly south of 60°S (Antarctica) are dropped: on a small
// world map it is a wide white band that no sister city is on.

import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { feature } from "topojson-client";

const require = createRequire(import.meta.url);
const topology = JSON.parse(readFileSync(require.resolve("world-atlas/land-110m.json"), "utf8"));
const land = feature(topology, topology.objects.land);

const SOUTH_LIMIT = -60;
const round1 = (v) => {
  const r = Math.round(v * 10) / 10;
  return r === 0 ? 0 : r; // no "-0"
};

function polygonsOf(geometry) {
  if (!geometry) return [];
  if (geometry.type === "Polygon") return [geometry.coordinates];
  if (geometry.type === "MultiPolygon") return geometry.coordinates;
  if (geometry.type === "GeometryCollection") return geometry.geometries.flatMap(polygonsOf);
  return [];
}

const sideOf = (lon) => (lon < 0 ? -1 : 1);

// The latitude at which the edge p→q (|Δlon| > 180, so it crosses ±180°) meets
// the antimeridian.
function crossingLat(p, q) {
  if (Math.abs(p[0]) === 180) return p[1];
  if (Math.abs(q[0]) === 180) return q[1];
  const qLon = q[0] + (p[0] > 0 ? 360 : -360);
  const t = ((p[0] > 0 ? 180 : -180) - p[0]) / (qLon - p[0]);
  return p[1] + t * (q[1] - p[1]);
}

// Cuts a closed ring at the antimeridian: a ring that crosses it 2 times
// becomes 2 closed rings, one each side. Rings that do not cross are returned
// as they are. More crossings than 2 would need the chains on one side paired
// along the meridian; the 110m data has none, so that case is an error.
function cutAtAntimeridian(ring) {
  const open = ring.slice(0, -1); // closed rings repeat their first point
  const n = open.length;
  const jumps = [];
  for (let i = 0; i < n; i++) {
    if (Math.abs(open[(i + 1) % n][0] - open[i][0]) > 180) jumps.push(i);
  }
  if (jumps.length === 0) return [ring];
  if (jumps.length !== 2) throw new Error(`ring crosses the antimeridian ${jumps.length} times`);
  const pieces = [];
  for (let k = 0; k < 2; k++) {
    const from = jumps[k];
    const to = jumps[(k + 1) % 2];
    const p0 = open[from];
    const q0 = open[(from + 1) % n];
    const side = sideOf(p0[0]) === sideOf(q0[0]) ? -sideOf(p0[0]) : sideOf(q0[0]);
    // Points at exactly ±180 take the side of the chain they are in.
    const piece = [[side * 180, crossingLat(p0, q0)]];
    for (let i = (from + 1) % n; ; i = (i + 1) % n) {
      piece.push(Math.abs(open[i][0]) === 180 ? [side * 180, open[i][1]] : open[i]);
      if (i === to) break;
    }
    piece.push([side * 180, crossingLat(open[to], open[(to + 1) % n])]);
    piece.push(piece[0]);
    pieces.push(piece);
  }
  return pieces;
}

const features = land.type === "FeatureCollection" ? land.features : [land];
const rings = [];
let droppedSouth = 0;
let droppedShort = 0;
for (const f of features) {
  for (const polygon of polygonsOf(f.geometry)) {
    // Antarctica goes first: its ring circles the pole, crossing ±180° once.
    const kept = polygon.filter((ring) => !ring.every(([, lat]) => lat < SOUTH_LIMIT));
    droppedSouth += polygon.length - kept.length;
    for (const ring of kept.flatMap(cutAtAntimeridian)) {
      const out = [];
      for (const [lon, lat] of ring) {
        const p = [round1(lon), round1(lat)];
        const last = out[out.length - 1];
        if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
      }
      if (out.length < 4) {
        droppedShort++;
        continue;
      }
      rings.push(out);
    }
  }
}

const target = fileURLToPath(new URL("../../src/geo/land-110m.json", import.meta.url));
const json = "[" + rings.map((r) => JSON.stringify(r)).join(",\n") + "]\n";
writeFileSync(target, json);
const points = rings.reduce((n, r) => n + r.length, 0);
console.log(
  `wrote ${target}: ${rings.length} rings, ${points} points, ${json.length} bytes ` +
    `(dropped ${droppedSouth} south of ${SOUTH_LIMIT}°, ${droppedShort} with < 4 points)`,
);
