// The core reports positions as UTF-8 byte offsets (Rust string indices);
// JavaScript strings index UTF-16 code units. These helpers convert between
// the two without ever slicing a character in half.

/** UTF-8 length of the code point `cp`. */
function utf8Len(cp: number): number {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/**
 * Maps UTF-8 byte offsets into `text` to UTF-16 indices, in one pass.
 * An offset inside a multi-byte character maps to that character's start;
 * an offset past the end maps to `text.length`. Offsets may come in any order.
 */
export function byteOffsetsToIndices(text: string, offsets: readonly number[]): number[] {
  const order = offsets.map((_, i) => i).sort((a, b) => offsets[a] - offsets[b]);
  const out = new Array<number>(offsets.length);
  let byte = 0;
  let index = 0;
  let k = 0;
  while (k < order.length) {
    const want = offsets[order[k]];
    if (want <= byte || index >= text.length) {
      out[order[k]] = index;
      k++;
      continue;
    }
    const cp = text.codePointAt(index)!;
    const len = utf8Len(cp);
    if (byte + len > want) {
      // `want` falls inside this character: snap to its start.
      out[order[k]] = index;
      k++;
      continue;
    }
    byte += len;
    index += cp > 0xffff ? 2 : 1;
  }
  return out;
}

/** Converts one byte offset; use `byteOffsetsToIndices` for many. */
export function byteOffsetToIndex(text: string, offset: number): number {
  return byteOffsetsToIndices(text, [offset])[0];
}

/** Converts `[start, end)` byte ranges into UTF-16 index ranges, dropping empty ones. */
export function byteRangesToIndexRanges(
  text: string,
  ranges: readonly (readonly [number, number])[],
): [number, number][] {
  const flat = ranges.flatMap(([s, e]) => [s, e]);
  const idx = byteOffsetsToIndices(text, flat);
  const out: [number, number][] = [];
  for (let i = 0; i < ranges.length; i++) {
    const s = idx[2 * i];
    const e = idx[2 * i + 1];
    if (e > s) out.push([s, e]);
  }
  return out;
}

/** UTF-8 length of a JS string (what Rust's `str::len` would say). */
export function utf8Length(text: string): number {
  let n = 0;
  for (const ch of text) n += utf8Len(ch.codePointAt(0)!);
  return n;
}

/** `text` cut at UTF-8 byte offsets `start` (and `end`, default the end). */
export function utf8Slice(text: string, start: number, end?: number): string {
  const [s, e] = byteOffsetsToIndices(text, [start, end ?? Number.MAX_SAFE_INTEGER]);
  return text.slice(s, e);
}
