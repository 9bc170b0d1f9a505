import { describe, expect, it } from "vitest";
import { byteOffsetToIndex, byteOffsetsToIndices, byteRangesToIndexRanges, utf8Length } from "./utf8";

describe("byte offsets to string indices", () => {
  it("is the identity on ASCII", () => {
    expect(byteOffsetsToIndices("hello", [0, 1, 5])).toEqual([0, 1, 5]);
  });

  it("counts 2-, 3- and 4-byte characters", () => {
    // é = 2 bytes, ’ = 3 bytes, 😀 = 4 bytes and 2 UTF-16 units.
    const text = "é’😀x";
    expect(utf8Length(text)).toBe(2 + 3 + 4 + 1);
    expect(byteOffsetsToIndices(text, [0, 2, 5, 9, 10])).toEqual([0, 1, 2, 4, 5]);
  });

  it("snaps an offset inside a character to the character's start", () => {
    expect(byteOffsetToIndex("a’b", 2)).toBe(1);
    expect(byteOffsetToIndex("a’b", 3)).toBe(1);
    expect(byteOffsetToIndex("a’b", 4)).toBe(2);
  });

  it("clamps past the end and accepts offsets in any order", () => {
    expect(byteOffsetsToIndices("ab", [9, 0, 1])).toEqual([2, 0, 1]);
  });

  it("matches Rust's byte offsets for the sample's curly quotes", () => {
    const text = "saying they were a “dangerous escalation” not coordinated";
    const start = utf8Length(text.slice(0, text.indexOf("dangerous")));
    const end = start + utf8Length("dangerous escalation");
    const [[s, e]] = byteRangesToIndexRanges(text, [[start, end]]);
    expect(text.slice(s, e)).toBe("dangerous escalation");
  });

  it("drops empty ranges", () => {
    expect(byteRangesToIndexRanges("abc", [[1, 1], [0, 2]])).toEqual([[0, 2]]);
  });
});
