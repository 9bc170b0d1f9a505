// Grid clustering of places per zoom level, and marker sizes. DOM-free.
//
// Why our own grid rather than leaflet.markercluster: that plugin draws each
// cluster as an HTML marker (a DOM node per cluster, animated), which is slow
// past a few thousand places and cannot be painted into the PNG export, while
// our places live on Leaflet's canvas renderer. A grid over Web Mercator pixels
// at the current zoom is O(n) per zoom change (10,000 places cluster in a few
// milliseconds), deterministic (testable), and gives at most one circle per
// cell, so the canvas never draws more circles than fit on the screen.

import type { PlaceRow } from "../../ipc/types";

export type SizeBy = "mentions" | "events";

export interface Cluster {
  /** Stable key: the single place's id, or "c:<cell>" for a group. */
  key: string;
  lat: number;
  lon: number;
  places: PlaceRow[];
  /** Sum of the weight (mentions or events) of its places. */
  weight: number;
  mentions: number;
  events: number;
  articles: number;
}

const TILE = 256;
const MAX_LAT = 85.0511287798;

/** Web Mercator pixel coordinates of a point at `zoom` (Leaflet's EPSG:3857 at 256 px tiles). */
export function project(lat: number, lon: number, zoom: number): [number, number] {
  const scale = TILE * 2 ** zoom;
  const clamped = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat));
  const s = Math.sin((clamped * Math.PI) / 180);
  const x = ((lon + 180) / 360) * scale;
  const y = (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * scale;
  return [x, y];
}

export function weightOf(p: PlaceRow, by: SizeBy): number {
  return by === "events" ? p.event_count : p.mention_count;
}

/**
 * Groups places that fall into the same `cellPx` square at `zoom`. A cell
 * with one place stays that place; a cell with several becomes a cluster at
 * their weighted centre. Clusters come out heaviest first (drawn last, on top,
 * by the caller reversing) and in a stable order for equal weights.
 */
export function clusterPlaces(places: readonly PlaceRow[], zoom: number, by: SizeBy, cellPx = 44): Cluster[] {
  const cells = new Map<string, PlaceRow[]>();
  for (const p of places) {
    if (!Number.isFinite(p.lat) || !Number.isFinite(p.lon)) continue;
    const [x, y] = project(p.lat, p.lon, zoom);
    const key = `${Math.floor(x / cellPx)}:${Math.floor(y / cellPx)}`;
    const cell = cells.get(key);
    if (cell) cell.push(p);
    else cells.set(key, [p]);
  }
  const out: Cluster[] = [];
  for (const [cell, members] of cells) {
    let weight = 0;
    let mentions = 0;
    let events = 0;
    let articles = 0;
    let lat = 0;
    let lon = 0;
    let total = 0;
    for (const p of members) {
      const w = weightOf(p, by);
      weight += w;
      mentions += p.mention_count;
      events += p.event_count;
      articles += p.article_count;
      // Centre weighted by mentions+1, so places with no events still pull.
      const pull = p.mention_count + 1;
      lat += p.lat * pull;
      lon += p.lon * pull;
      total += pull;
    }
    const single = members.length === 1;
    out.push({
      key: single ? String(members[0].id) : `c:${cell}`,
      lat: single ? members[0].lat : lat / total,
      lon: single ? members[0].lon : lon / total,
      places: members,
      weight,
      mentions,
      events,
      articles,
    });
  }
  out.sort((a, b) => b.weight - a.weight || b.places.length - a.places.length || a.key.localeCompare(b.key));
  return out;
}

/**
 * Circle radius in pixels: area proportional to weight relative to the
 * heaviest marker, between `min` and `max`. Zero weight still shows (the
 * events toggle on a place with none).
 */
export function radiusFor(weight: number, maxWeight: number, min = 5, max = 22): number {
  const share = maxWeight > 0 ? Math.sqrt(Math.min(1, Math.max(0, weight) / maxWeight)) : 0;
  return Math.round((min + (max - min) * share) * 10) / 10;
}

/**
 * Radii for one zoom's clusters: single places against the heaviest place
 * (stable while zooming), groups against the heaviest group and never wider
 * than their cell, so neighbouring groups do not pile up.
 */
export function radii(clusters: readonly Cluster[], maxPlaceWeight: number, cellPx = 44): Map<Cluster, number> {
  let maxGroup = 0;
  for (const c of clusters) if (c.places.length > 1) maxGroup = Math.max(maxGroup, c.weight);
  const out = new Map<Cluster, number>();
  for (const c of clusters) out.set(c, c.places.length > 1 ? radiusFor(c.weight, maxGroup, 11, cellPx / 2 - 3) : radiusFor(c.weight, maxPlaceWeight));
  return out;
}

/** Geographic bounds of a cluster's places: [[south, west], [north, east]]. */
export function boundsOf(places: readonly PlaceRow[]): [[number, number], [number, number]] {
  let s = 90;
  let w = 180;
  let n = -90;
  let e = -180;
  for (const p of places) {
    s = Math.min(s, p.lat);
    n = Math.max(n, p.lat);
    w = Math.min(w, p.lon);
    e = Math.max(e, p.lon);
  }
  return [
    [s, w],
    [n, e],
  ];
}
