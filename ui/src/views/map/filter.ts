// The map's filters as plain data: the shared time window, an entity and a
// story, turned into the GeoTimeFilter the place commands take. DOM-free.

import type { GeoTimeFilter, PlaceRow } from "../../ipc/types";
import type { Window } from "../../lib/time-window";
import { plural } from "../../lib/format";
import type { SizeBy } from "./cluster";

export interface MapFilter {
  window: Window;
  entity: { id: number; name: string } | null;
  story: { id: number; label: string } | null;
}

export const NO_FILTER: MapFilter = { window: { from: null, to: null }, entity: null, story: null };

export function toGeoTimeFilter(f: MapFilter): GeoTimeFilter {
  return {
    from: f.window.from || null,
    to: f.window.to || null,
    entity_id: f.entity?.id ?? null,
    story_id: f.story?.id ?? null,
  };
}

export function isFiltered(f: MapFilter): boolean {
  return !!(f.window.from || f.window.to || f.entity || f.story);
}

/** Places for the side list: heaviest first by the size toggle, then by name. */
export function rankPlaces(places: readonly PlaceRow[], by: SizeBy): PlaceRow[] {
  const w = (p: PlaceRow) => (by === "events" ? p.event_count : p.mention_count);
  return [...places].sort((a, b) => w(b) - w(a) || b.mention_count - a.mention_count || a.name.localeCompare(b.name, "en", { numeric: true }));
}

/** Places whose name contains `text` (ignoring case, accents and apostrophes: "qaim" finds "Al-Qā'im"). */
export function matchPlaces(places: readonly PlaceRow[], text: string): PlaceRow[] {
  const q = fold(text.trim());
  return q ? places.filter((p) => fold(p.name).includes(q)) : [...places];
}

export function fold(s: string): string {
  return s.normalize("NFD").replace(/\p{M}|['’‘ʿʾ`]/gu, "").toLowerCase();
}

/** "3 mentions · 2 articles · 1 event" for a hover or a list row. */
export function countsLine(p: { mention_count: number; article_count: number; event_count: number }): string {
  return [plural(p.mention_count, "mention"), plural(p.article_count, "article"), plural(p.event_count, "event")].join(" · ");
}
