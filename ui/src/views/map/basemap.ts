// The offline basemap: Natural Earth countries (1:50m, public domain) from npm
// `world-atlas`, TopoJSON turned into GeoJSON here and bundled by Vite (no tile
// server, no network). Also where country labels go and which ones fit at a zoom.

import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from "geojson";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import { project } from "./cluster";

export interface Country {
  name: string;
  /** The shape, drawable on a flat map (see `flatGeometry`). */
  feature: Feature<MultiPolygon, { name: string }>;
  /** Where the name goes: the centre of the largest polygon. */
  label: [lat: number, lon: number];
  /** Bounds of the largest polygon, [west, south, east, north] (east may pass 180° for a polygon across the antimeridian). */
  box: [number, number, number, number];
  /** Planar area of the largest polygon in square degrees (label priority). */
  area: number;
}

let loaded: Promise<Country[]> | null = null;

/** The countries, loaded once (the JSON is a separate chunk, fetched from the app itself). */
export function loadCountries(): Promise<Country[]> {
  loaded ??= import("world-atlas/countries-50m.json").then((m) => countriesFrom((m.default ?? m) as unknown as Topology));
  return loaded;
}

export function countriesFrom(topology: Topology): Country[] {
  const fc = feature(topology, topology.objects.countries as GeometryCollection<{ name: string }>) as FeatureCollection<
    Polygon | MultiPolygon,
    { name: string }
  >;
  const out: Country[] = [];
  for (const f of fc.features) {
    if (!f.geometry) continue;
    const polys = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
    let best: Position[] | null = null;
    let bestArea = 0;
    for (const poly of polys) {
      const a = Math.abs(ringArea(poly[0]));
      if (a > bestArea) {
        bestArea = a;
        best = poly[0];
      }
    }
    if (!best) continue;
    // A ring cut at the antimeridian (Russia's Chukotka) spans the whole
    // world; shifting its western part east by 360° makes it one piece.
    if (Math.max(...best.map((p) => p[0])) - Math.min(...best.map((p) => p[0])) > 270) {
      best = best.map(([x, y]) => [x < 0 ? x + 360 : x, y]);
    }
    let [cx, cy] = ringCentroid(best);
    if (cx > 180) cx -= 360;
    let w = 180;
    let s = 90;
    let e = -180;
    let n = -90;
    for (const [x, y] of best) {
      w = Math.min(w, x);
      e = Math.max(e, x);
      s = Math.min(s, y);
      n = Math.max(n, y);
    }
    const flat: Feature<MultiPolygon, { name: string }> = { ...f, geometry: flatGeometry(f.geometry) };
    out.push({ name: f.properties?.name ?? "", feature: flat, label: [cy, cx], box: [w, s, e, n], area: bestArea });
  }
  return out;
}

/**
 * The shapes as a flat map can draw them. world-atlas stitches polygons cut
 * at the antimeridian (Chukotka, Fiji, Antarctica) back together, so a ring
 * may step from 179.9° to -179.9°; drawn flat, that step is a line across the
 * whole world, and Russia's shape a band round the Arctic. Such a ring is
 * unwrapped into one piece past ±180°, drawn twice (once on each edge of the
 * world), and a ring round a pole is closed along the pole.
 */
export function flatGeometry(g: Polygon | MultiPolygon): MultiPolygon {
  const polys = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
  const out: Position[][][] = [];
  for (const poly of polys) {
    const outer = unwrapRing(poly[0]);
    if (outer === poly[0]) {
      out.push(poly);
      continue;
    }
    const xs = outer.map((p) => p[0]);
    const [west, east] = [Math.min(...xs), Math.max(...xs)];
    const rings = [outer, ...poly.slice(1).map((r) => moveInto(unwrapRing(r), west, east))];
    out.push(rings);
    if (east > 180) out.push(shiftRings(rings, -360));
    if (west < -180) out.push(shiftRings(rings, 360));
  }
  return { type: "MultiPolygon", coordinates: out };
}

/** The ring without steps of more than 180° in longitude; the ring itself when it has none. */
function unwrapRing(ring: Position[]): Position[] {
  let shift = 0;
  const out = ring.map(([x, y], i) => {
    if (i > 0) {
      const step = x - ring[i - 1][0];
      if (step > 180) shift -= 360;
      else if (step < -180) shift += 360;
    }
    return [x + shift, y];
  });
  if (shift === 0 && out.every(([x], i) => x === ring[i][0])) return ring;
  const first = out[0];
  const last = out[out.length - 1];
  if (Math.abs(last[0] - first[0]) > 180) {
    // It went once round the globe: round a pole, closed along that pole.
    const pole = out.reduce((sum, p) => sum + p[1], 0) < 0 ? -90 : 90;
    const along = last[0] > first[0] ? -90 : 90;
    for (let x = last[0]; along < 0 ? x > first[0] : x < first[0]; x += along) out.push([x, pole]);
    out.push([first[0], pole], [first[0], first[1]]);
  }
  return out;
}

/** A hole moved by whole turns so that it lies within its outer ring's longitudes. */
function moveInto(ring: Position[], west: number, east: number): Position[] {
  const mid = (Math.min(...ring.map((p) => p[0])) + Math.max(...ring.map((p) => p[0]))) / 2;
  const turns = mid < west ? Math.ceil((west - mid) / 360) : mid > east ? -Math.ceil((mid - east) / 360) : 0;
  return turns ? ring.map(([x, y]) => [x + 360 * turns, y]) : ring;
}

function shiftRings(rings: Position[][], by: number): Position[][] {
  return rings.map((r) => r.map(([x, y]) => [x + by, y]));
}

function ringArea(ring: Position[]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
  return a / 2;
}

function ringCentroid(ring: Position[]): [number, number] {
  let a = 0;
  let x = 0;
  let y = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const f = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
    a += f;
    x += (ring[j][0] + ring[i][0]) * f;
    y += (ring[j][1] + ring[i][1]) * f;
  }
  if (a === 0) return [ring[0][0], ring[0][1]];
  return [x / (3 * a), y / (3 * a)];
}

/** Rough width of a label in pixels at the map's label font (12 px, 600). */
export function labelWidth(name: string, px = 12): number {
  return name.length * px * 0.6 + 4;
}

/**
 * The countries whose names fit at `zoom`: the polygon must be wide enough on
 * screen for most of its name, and labels must not overlap (largest first).
 */
export function labelsAt(countries: readonly Country[], zoom: number): Country[] {
  const placed: [number, number, number, number][] = [];
  const out: Country[] = [];
  const byArea = [...countries].sort((a, b) => b.area - a.area);
  for (const c of byArea) {
    if (!c.name) continue;
    const [x0, y0] = project(c.box[3], c.box[0], zoom);
    const [x1, y1] = project(c.box[1], c.box[2], zoom);
    const width = labelWidth(c.name);
    if (x1 - x0 < width * 0.7 || y1 - y0 < 10) continue;
    const [x, y] = project(c.label[0], c.label[1], zoom);
    const box: [number, number, number, number] = [x - width / 2 - 4, y - 9, x + width / 2 + 4, y + 9];
    if (placed.some((p) => box[0] < p[2] && box[2] > p[0] && box[1] < p[3] && box[3] > p[1])) continue;
    placed.push(box);
    out.push(c);
  }
  return out;
}

/** The map's colours, read from the CSS variables of the current theme. */
export interface MapColors {
  sea: string;
  land: string;
  border: string;
  label: string;
  halo: string;
  place: string;
  placeStroke: string;
  cluster: string;
  selected: string;
  text: string;
}

export function readColors(el: Element): MapColors {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    sea: v("--map-sea", "#dfe7ee"),
    land: v("--map-land", "#fbfaf6"),
    border: v("--map-border", "#b9b4a7"),
    label: v("--map-label", "#6b7180"),
    halo: v("--map-halo", "#fbfaf6"),
    place: v("--map-place", "#c2410c"),
    placeStroke: v("--map-place-stroke", "#ffffff"),
    cluster: v("--map-cluster", "#3346b8"),
    selected: v("--map-selected", "#1b2130"),
    text: v("--text", "#1b2130"),
  };
}
