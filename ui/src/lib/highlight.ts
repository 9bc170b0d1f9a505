// Renders a search snippet with its hits marked. The snippet is article text
// from a stranger: it goes in as text nodes only, so `<script>` stays text.

import { byteRangesToIndexRanges } from "./utf8";

/**
 * Builds `text` as text nodes with `<mark>` around each UTF-8 byte range in
 * `highlights`. Overlapping or unsorted ranges are merged first.
 */
export function renderHighlighted(
  text: string,
  highlights: readonly (readonly [number, number])[],
): DocumentFragment {
  const frag = document.createDocumentFragment();
  const ranges = joinAcrossSpaces(text, mergeRanges(byteRangesToIndexRanges(text, highlights)));
  let at = 0;
  for (const [s, e] of ranges) {
    if (s > at) frag.appendChild(document.createTextNode(text.slice(at, s)));
    const mark = document.createElement("mark");
    mark.textContent = text.slice(s, e);
    frag.appendChild(mark);
    at = e;
  }
  if (at < text.length) frag.appendChild(document.createTextNode(text.slice(at)));
  return frag;
}

/** Sorts ranges and merges those that overlap or touch. */
export function mergeRanges(ranges: [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** Joins hits separated only by spaces, so a phrase reads as one mark. */
export function joinAcrossSpaces(text: string, ranges: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const r of ranges) {
    const last = out[out.length - 1];
    if (last && r[0] - last[1] <= 3 && /^[ \t]*$/.test(text.slice(last[1], r[0]))) last[1] = r[1];
    else out.push([r[0], r[1]]);
  }
  return out;
}
