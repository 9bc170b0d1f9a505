import { describe, expect, it } from "vitest";
import { mergeRanges, renderHighlighted } from "./highlight";
import { utf8Length } from "./utf8";

function html(frag: DocumentFragment): string {
  const div = document.createElement("div");
  div.appendChild(frag);
  return div.innerHTML;
}

describe("renderHighlighted", () => {
  it("marks byte ranges", () => {
    expect(html(renderHighlighted("a dangerous escalation", [[2, 11]]))).toBe("a <mark>dangerous</mark> escalation");
  });

  it("escapes markup in the snippet: article text never becomes HTML", () => {
    const text = `<img src=x onerror="alert(1)"> <script>alert(2)</script> hit`;
    const start = utf8Length(text) - 3;
    const out = html(renderHighlighted(text, [[start, start + 3]]));
    expect(out).not.toContain("<img");
    expect(out).not.toContain("<script");
    expect(out).toContain("&lt;script&gt;");
    expect(out.endsWith("<mark>hit</mark>")).toBe(true);
    const div = document.createElement("div");
    div.appendChild(renderHighlighted(text, []));
    expect(div.querySelector("img, script")).toBeNull();
  });

  it("converts byte offsets after multi-byte characters", () => {
    const text = "Iraq’s “dangerous escalation”";
    const s = utf8Length("Iraq’s “");
    const e = s + utf8Length("dangerous escalation");
    expect(html(renderHighlighted(text, [[s, e]]))).toBe("Iraq’s “<mark>dangerous escalation</mark>”");
  });

  it("merges overlapping and unsorted ranges", () => {
    expect(mergeRanges([[5, 8], [0, 2], [1, 3], [8, 9]])).toEqual([[0, 3], [5, 9]]);
    expect(html(renderHighlighted("abcdef", [[3, 5], [0, 1], [4, 6]]))).toBe("<mark>a</mark>bc<mark>def</mark>");
  });

  it("joins the words of a phrase into one mark, but not across other text", () => {
    expect(html(renderHighlighted("a dangerous escalation here", [[2, 11], [12, 22]]))).toBe("a <mark>dangerous escalation</mark> here");
    expect(html(renderHighlighted("dangerous, escalation", [[0, 9], [11, 21]]))).toBe("<mark>dangerous</mark>, <mark>escalation</mark>");
  });
});
