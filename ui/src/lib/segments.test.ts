import { describe, expect, it } from "vitest";
import { segment } from "./segments";
import { utf8Length } from "./utf8";
import { renderBlock } from "../views/reader";

function region(text: string, needle: string, kind: "caption" | "boilerplate" | "byline" | "headline") {
  const i = text.indexOf(needle);
  const start = utf8Length(text.slice(0, i));
  return { start, end: start + utf8Length(needle), kind };
}

describe("segment", () => {
  const text = "FILE PHOTO: PMF in Zumar. REUTERS/Ari Jalal\n\nBy Ahmed Rasheed\n\n – Iraq’s government condemned “escalation”.\n\nMore News\n";

  it("makes one block per non-blank line, with the covering region", () => {
    const blocks = segment(text, [
      region(text, "FILE PHOTO: PMF in Zumar. REUTERS/Ari Jalal", "caption"),
      region(text, "By Ahmed Rasheed", "byline"),
      region(text, "More News", "boilerplate"),
    ]);
    expect(blocks.map((b) => [b.runs.map((r) => r.text).join(""), b.region])).toEqual([
      ["FILE PHOTO: PMF in Zumar. REUTERS/Ari Jalal", "caption"],
      ["By Ahmed Rasheed", "byline"],
      ["– Iraq’s government condemned “escalation”.", null],
      ["More News", "boilerplate"],
    ]);
  });

  it("cuts runs at region edges inside a line", () => {
    const t = "Body text. Photo: AP caption";
    const [block] = segment(t, [region(t, "Photo: AP caption", "caption")]);
    expect(block.region).toBeNull();
    expect(block.runs.map((r) => [r.text, r.region])).toEqual([
      ["Body text. ", null],
      ["Photo: AP caption", "caption"],
    ]);
  });

  it("renders text as text, dimming captions and boilerplate", () => {
    const t = "<b>not bold</b> and more";
    const blocks = segment(t, [region(t, "and more", "boilerplate")]);
    const el = renderBlock(blocks[0]);
    expect(el.querySelector("b")).toBeNull();
    expect(el.textContent).toBe("<b>not bold</b> and more");
    expect(el.querySelector(".run.dim")?.textContent).toBe("and more");

    const [cap] = segment("A caption", [{ start: 0, end: 9, kind: "caption" }]);
    const capEl = renderBlock(cap);
    expect(capEl.className).toContain("blk-caption");
    expect(capEl.querySelector(".blk-label")?.textContent).toBe("Caption");
  });

  it("ignores regions with broken offsets", () => {
    expect(segment("abc", [{ start: 5, end: 2, kind: "caption" }])[0].region).toBeNull();
  });
});
