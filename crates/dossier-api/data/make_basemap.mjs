// Writes basemap.bin, the static map's land and borders, from the Natural Earth
// 1:50m countries (public domain) that the app's map uses (npm `world-atlas`).
// Run from the repository root after `make setup`:
//   node crates/dossier-api/data/make_basemap.mjs
//
// Format (little-endian): "DBM1", u32 ring count, then per ring a u32 point
// count and that many (i32 lon, i32 lat) pairs in units of 1e-4 degree.
// Rings are the outer and inner boundaries of every country polygon.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(new URL("../../../ui/package.json", import.meta.url));
const { feature } = require("topojson-client");
const topology = JSON.parse(readFileSync(require.resolve("world-atlas/countries-50m.json"), "utf8"));
const countries = feature(topology, topology.objects.countries);

const rings = [];
for (const f of countries.features) {
  const g = f.geometry;
  if (!g) continue;
  const polygons = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
  for (const polygon of polygons) for (const ring of polygon) rings.push(ring);
}
const points = rings.reduce((n, r) => n + r.length, 0);
const buf = Buffer.alloc(8 + rings.length * 4 + points * 8);
let o = buf.write("DBM1", 0, "ascii");
o = buf.writeUInt32LE(rings.length, o);
for (const ring of rings) {
  o = buf.writeUInt32LE(ring.length, o);
  for (const [lon, lat] of ring) {
    o = buf.writeInt32LE(Math.round(lon * 1e4), o);
    o = buf.writeInt32LE(Math.round(lat * 1e4), o);
  }
}
writeFileSync(new URL("basemap.bin", import.meta.url), buf);
console.log(`${rings.length} rings, ${points} points, ${buf.length} bytes`);
