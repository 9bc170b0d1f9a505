// EventRow → timeline items and groups, with no DOM and no chart library, so
// that how a date is drawn (a point, a range over its month, a hollow mark for
// a date that is only the publication date) is testable on its own.

import type { EventRow } from "../../ipc/types";

export type GroupBy = "family" | "actor";

export const FAMILIES: { id: string; label: string }[] = [
  { id: "violence", label: "Violence" },
  { id: "arrest", label: "Arrests" },
  { id: "protest", label: "Protests" },
  { id: "statement", label: "Statements" },
  { id: "cooperation", label: "Cooperation" },
];

/** Event kinds by family (docs/events.md). */
export const KINDS: Record<string, string[]> = {
  violence: ["airstrike", "drone_attack", "missile_attack", "rocket_attack", "shelling", "armed_clash", "bombing", "killing", "attack"],
  arrest: ["arrest", "abduction"],
  protest: ["protest", "riot"],
  statement: ["condemnation", "threat"],
  cooperation: ["meeting", "agreement", "ceasefire"],
};

/** "drone_attack" → "Drone attack". */
export function kindLabel(kind: string): string {
  const s = kind.replace(/_/g, " ");
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function familyLabel(family: string): string {
  return FAMILIES.find((f) => f.id === family)?.label ?? kindLabel(family || "other");
}

/** How an event's date is drawn. */
export type DateShape =
  /** A day (or part of one, or a time): a point. */
  | "point"
  /** A week, month or year: a range over all its days. */
  | "range"
  /** No date expression: the publication date, drawn hollow. */
  | "reported"
  /** "Earlier" than the report: a dashed range over the days before it. */
  | "reported_earlier";

export function dateShape(row: Pick<EventRow, "precision" | "first_day" | "last_day">): DateShape {
  const p = row.precision;
  if (p === "reported") return "reported";
  if (p === "reported_earlier") return row.first_day && row.last_day && row.first_day !== row.last_day ? "reported_earlier" : "reported";
  if (p === "year" || p === "month" || p === "week") return row.first_day && row.last_day && row.first_day !== row.last_day ? "range" : "point";
  return "point";
}

export interface ItemSpec {
  /** Unique per item: an event drawn in several actor rows has one item per row. */
  id: string;
  eventId: number;
  group: string;
  /** The day (points) or first day (ranges), local midnight. */
  start: Date;
  /** Exclusive end for ranges: the day after the last day. */
  end?: Date;
  type: "point" | "range";
  shape: DateShape;
  className: string;
  family: string;
  summary: string;
  /** Drawn as well as written: kind · date · sources. */
  label: string;
  kind: string;
  /** The event's first day (ISO), for tests and tools reading the chart. */
  day: string;
  sources: number;
}

export interface GroupSpec {
  id: string;
  label: string;
  count: number;
  order: number;
  className: string;
}

/**
 * An ISO day ("2023-11-21", or a longer ISO value starting with one) as local
 * midnight: the chart draws local time, so a day stays that day on its axis.
 */
export function isoDay(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(d.getTime()) ? null : d;
}

export function dayAfter(d: Date): Date {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1);
}

/** The local day of `d` as an ISO day. */
export function toIsoDay(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** Where a point goes: the day the date names, else the first day it covers. */
function pointDay(row: EventRow): Date | null {
  return isoDay(row.date) ?? isoDay(row.first_day) ?? isoDay(row.last_day);
}

const OTHER_ACTORS = "actor:other";
const NO_ACTOR = "actor:none";

/** The actors with the most events get a row each; the rest share one. */
export function topActors(rows: readonly EventRow[], max = 12): string[] {
  const counts = new Map<string, number>();
  for (const r of rows) for (const a of new Set(r.actors)) counts.set(a, (counts.get(a) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, max)
    .map(([name]) => name);
}

/** Items and groups for the chart; undated events are left out (and returned, to be listed). */
export function buildItems(
  rows: readonly EventRow[],
  groupBy: GroupBy,
  maxActorRows = 12,
): { items: ItemSpec[]; groups: GroupSpec[]; undated: EventRow[] } {
  const items: ItemSpec[] = [];
  const groupCounts = new Map<string, number>();
  const actors = groupBy === "actor" ? topActors(rows, maxActorRows) : [];
  const actorSet = new Set(actors);
  const undated: EventRow[] = [];
  for (const row of rows) {
    const shape = dateShape(row);
    let start: Date | null;
    let end: Date | undefined;
    if (shape === "range" || shape === "reported_earlier") {
      start = isoDay(row.first_day);
      const last = isoDay(row.last_day);
      end = last ? dayAfter(last) : undefined;
      if (!start || !end) {
        start = pointDay(row);
        end = undefined;
      }
    } else {
      start = pointDay(row);
    }
    if (!start) {
      undated.push(row);
      continue;
    }
    let groups: string[];
    if (groupBy === "family") groups = [`family:${row.family || "other"}`];
    else {
      const mine = [...new Set(row.actors)].filter((a) => actorSet.has(a));
      groups = mine.length ? mine.map((a) => `actor:${a}`) : [row.actors.length ? OTHER_ACTORS : NO_ACTOR];
    }
    const family = row.family || "other";
    const className = ["tl-item", `tl-${family}`, `tl-shape-${shape}`, row.disagreement_count ? "tl-disputed" : ""].filter(Boolean).join(" ");
    for (const group of groups) {
      groupCounts.set(group, (groupCounts.get(group) ?? 0) + 1);
      items.push({
        id: groups.length > 1 ? `${row.id}@${group}` : String(row.id),
        eventId: row.id,
        group,
        start,
        end,
        type: end ? "range" : "point",
        shape,
        className,
        family,
        summary: row.summary,
        label: itemLabel(row),
        kind: row.kind,
        day: toIsoDay(start),
        sources: row.source_count,
      });
    }
  }
  const groups: GroupSpec[] = [];
  if (groupBy === "family") {
    const known = FAMILIES.map((f) => f.id);
    const ids = [...known.map((f) => `family:${f}`), ...[...groupCounts.keys()].filter((g) => !known.includes(g.slice(7))).sort()];
    ids.forEach((id, order) => {
      const family = id.slice(7);
      if (!groupCounts.has(id)) return;
      groups.push({ id, label: familyLabel(family), count: groupCounts.get(id) ?? 0, order, className: `tl-group tl-group-${family}` });
    });
  } else {
    const ids = [...actors.map((a) => `actor:${a}`), OTHER_ACTORS, NO_ACTOR].filter((id) => groupCounts.has(id));
    ids.forEach((id, order) => {
      const label = id === OTHER_ACTORS ? "Other actors" : id === NO_ACTOR ? "No actor named" : id.slice(6);
      groups.push({ id, label, count: groupCounts.get(id) ?? 0, order, className: "tl-group tl-group-actor" });
    });
  }
  return { items, groups, undated };
}

/** What precision means, in words. */
export function precisionLabel(precision: string): string {
  switch (precision) {
    case "year": return "year";
    case "month": return "month";
    case "week": return "week";
    case "day": return "day";
    case "part_of_day": return "part of a day";
    case "time": return "time of day";
    case "reported": return "reported: publication date";
    case "reported_earlier": return "reported as earlier than the publication";
    default: return precision;
  }
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const PARTS: Record<string, string> = { MO: "morning", AF: "afternoon", EV: "evening", NI: "night", DT: "daytime" };

/** The event's date as the sources give it: "21 Nov 2023, night", "Nov 2023", "week 47 of 2023". */
export function formatEventDate(row: Pick<EventRow, "date" | "precision" | "first_day" | "last_day">): string {
  const v = row.date ?? row.first_day;
  if (!v) return "undated";
  const ymd = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(v);
  const week = /^(\d{4})-W(\d{2})/.exec(v);
  if (week) return `week ${Number(week[2])} of ${week[1]}`;
  if (!ymd) return v;
  const [, y, mo, d] = ymd;
  if (!mo) return y;
  const month = MONTHS[Number(mo) - 1] ?? mo;
  if (!d) return `${month} ${y}`;
  let s = `${Number(d)} ${month} ${y}`;
  const part = /T(MO|AF|EV|NI|DT)$/.exec(v);
  const time = /T(\d{2}:\d{2})/.exec(v);
  if (part) s += `, ${PARTS[part[1]]}`;
  else if (time) s += `, ${time[1]}`;
  if (row.precision === "reported") s = `reported ${s}`;
  else if (row.precision === "reported_earlier") s = `before ${s}`;
  return s;
}

function itemLabel(row: EventRow): string {
  const parts = [row.summary, formatEventDate(row)];
  if (row.killed != null) parts.push(`${row.killed} killed`);
  parts.push(row.source_count === 1 ? "1 source" : `${row.source_count} sources`);
  return parts.join(" · ");
}

/** Which of the rows pass the filters applied in the view (family is not a query field). */
export function filterRows(rows: readonly EventRow[], f: { family?: string | null }): EventRow[] {
  return f.family ? rows.filter((r) => r.family === f.family) : [...rows];
}

/** A bin of events too close together to draw apart at the current zoom. */
export interface ClusterSpec {
  id: string;
  group: string;
  /** Where the badge sits: the middle of the members' days. */
  at: Date;
  /** The members' first day and last end, to zoom to. */
  from: Date;
  to: Date;
  count: number;
  /** The family most members have (for the badge's colour). */
  family: string;
  eventIds: number[];
}

/**
 * The chart's clustering, done before vis-timeline sees the items so that it
 * only ever draws a few hundred: items whose start lies in [from, to) are put
 * in bins of `binMs` per group; a bin with more than `maxPerBin` items becomes
 * one cluster; ranges at least a bin wide stay bars of their own; bins
 * narrower than a day never cluster. `specs` must
 * be sorted by start. Bins are aligned to absolute time, so panning at one zoom
 * level keeps the same clusters.
 */
export function clusterItems(
  specs: readonly ItemSpec[],
  from: number,
  to: number,
  binMs: number,
  maxPerBin = 2,
): { items: ItemSpec[]; clusters: ClusterSpec[] } {
  // Zoomed in so far that a day is wider than a bin: events of one day share a
  // start, so no zoom could part them; they are drawn apart, stacked.
  if (binMs < 86_400_000) maxPerBin = Infinity;
  const items: ItemSpec[] = [];
  const clusters: ClusterSpec[] = [];
  const bins = new Map<string, ItemSpec[]>();
  let lo = 0;
  let hi = specs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (specs[mid].start.getTime() < from) lo = mid + 1;
    else hi = mid;
  }
  // Ranges that start before `from` but reach into the window.
  for (let i = 0; i < lo; i++) {
    const s = specs[i];
    if (s.end && s.end.getTime() > from) items.push(s);
  }
  for (let i = lo; i < specs.length; i++) {
    const s = specs[i];
    const t = s.start.getTime();
    if (t >= to) break;
    if (s.end && s.end.getTime() - t >= binMs) {
      items.push(s);
      continue;
    }
    const key = `${s.group}\u0000${Math.floor(t / binMs)}`;
    const bin = bins.get(key);
    if (bin) bin.push(s);
    else bins.set(key, [s]);
  }
  for (const [key, members] of bins) {
    if (members.length <= maxPerBin) {
      items.push(...members);
      continue;
    }
    let first = Infinity;
    let last = -Infinity;
    let sum = 0;
    const families = new Map<string, number>();
    for (const m of members) {
      const t = m.start.getTime();
      first = Math.min(first, t);
      last = Math.max(last, (m.end ?? m.start).getTime());
      sum += t;
      families.set(m.family, (families.get(m.family) ?? 0) + 1);
    }
    const family = [...families].sort((a, b) => b[1] - a[1])[0][0];
    clusters.push({
      id: `cluster:${key.replace("\u0000", ":")}`,
      group: members[0].group,
      at: new Date(sum / members.length),
      from: new Date(first),
      to: new Date(Math.max(last, first + 86_400_000)),
      count: members.length,
      family,
      eventIds: [...new Set(members.map((m) => m.eventId))],
    });
  }
  return { items, clusters };
}
