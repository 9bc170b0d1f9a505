// Cuts an article's text into the blocks and runs the reader draws, from the
// core's byte-offset spans. Later layers (entity and date highlights) add
// more spans to the same cut; the reader never renders markup from content.

import type { RegionDto, RegionKind } from "../ipc/types";
import { byteOffsetsToIndices } from "./utf8";

/** A stretch of text inside one block, with the region it belongs to, if any. */
export interface Run {
  text: string;
  /** UTF-16 index of the run's start in the whole text. */
  start: number;
  region: RegionKind | null;
  /** The annotation (entity mention, date expression) covering the run. */
  mark: Mark | null;
}

/** An annotation to draw over the text; `start`/`end` are UTF-8 byte offsets. */
export interface Mark {
  start: number;
  end: number;
  type: "entity" | "time";
  /** Extra class: the entity type (PER, ORG, LOC, MISC) or the timex type. */
  variant: string;
  /** Shown on hover. */
  title: string;
  /** The entity a click opens. */
  entityId?: number | null;
  /** Identifies the mark (mention id or timex index) for tests and focus. */
  id: number;
}

/** A paragraph (one line of the text), with the region that covers all of it. */
export interface Block {
  start: number;
  end: number;
  region: RegionKind | null;
  runs: Run[];
}

interface IndexRegion {
  start: number;
  end: number;
  kind: RegionKind;
}

/** Splits `text` into one block per non-blank line and cuts runs at region and mark edges. */
export function segment(text: string, regions: readonly RegionDto[], marks: readonly Mark[] = []): Block[] {
  const offs = byteOffsetsToIndices(text, [...regions.flatMap((r) => [r.start, r.end]), ...marks.flatMap((m) => [m.start, m.end])]);
  const idx: IndexRegion[] = regions
    .map((r, i) => ({ start: offs[2 * i], end: offs[2 * i + 1], kind: r.kind }))
    .filter((r) => r.end > r.start)
    .sort((a, b) => a.start - b.start);
  const base = 2 * regions.length;
  const idxMarks: IndexMark[] = marks
    .map((m, i) => ({ start: offs[base + 2 * i], end: offs[base + 2 * i + 1], mark: m }))
    .filter((m) => m.end > m.start)
    .sort((a, b) => a.start - b.start);

  const blocks: Block[] = [];
  const lineRe = /[^\n]+/g;
  for (let m = lineRe.exec(text); m; m = lineRe.exec(text)) {
    // Trim so that a region ending before trailing spaces still covers the line.
    const lead = m[0].length - m[0].trimStart().length;
    const body = m[0].trim();
    if (!body) continue;
    const start = m.index + lead;
    const end = start + body.length;
    blocks.push(cutBlock(text, start, end, idx, idxMarks));
  }
  return blocks;
}

interface IndexMark {
  start: number;
  end: number;
  mark: Mark;
}

function cutBlock(text: string, start: number, end: number, regions: IndexRegion[], marks: IndexMark[]): Block {
  const inside = regions.filter((r) => r.start < end && r.end > start);
  const marksInside = marks.filter((m) => m.start < end && m.end > start);
  const cover = inside.find((r) => r.start <= start && r.end >= end);
  const cuts = new Set<number>([start, end]);
  for (const r of [...inside, ...marksInside]) {
    if (r.start > start) cuts.add(r.start);
    if (r.end < end) cuts.add(r.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const runs: Run[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const s = points[i];
    const e = points[i + 1];
    // The innermost (last-starting) region that covers this piece wins.
    let region: RegionKind | null = null;
    for (const r of inside) if (r.start <= s && r.end >= e) region = r.kind;
    // An entity mention wins over a date expression it overlaps.
    let mark: Mark | null = null;
    for (const m of marksInside) {
      if (m.start <= s && m.end >= e && (!mark || m.mark.type === "entity")) mark = m.mark;
    }
    runs.push({ text: text.slice(s, e), start: s, region, mark });
  }
  return { start, end, region: cover ? cover.kind : null, runs };
}

/** Regions that are not part of the article body: shown dimmed. */
export function isDimmed(kind: RegionKind | null): boolean {
  return kind === "caption" || kind === "boilerplate";
}

export const REGION_LABELS: Record<RegionKind, string> = {
  headline: "Headline",
  byline: "Byline",
  dateline: "Dateline",
  caption: "Caption",
  boilerplate: "Page furniture",
  heading: "Heading",
  quote: "Quote",
  list_item: "List item",
};
