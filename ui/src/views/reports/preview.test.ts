// The report preview: hostile markup is pruned before it reaches the shadow
// root, the report's styles arrive as a constructable stylesheet scoped to
// the host, in-report links scroll and web links never navigate.

import { beforeEach, describe, expect, it, vi } from "vitest";
import { attachReport, onReportClick, parseReport, sanitise, scopeCss } from "./preview";

const HOSTILE = `<!DOCTYPE html><html><head>
<meta http-equiv="refresh" content="0;url=https://evil.example/">
<base href="https://evil.example/">
<link rel="stylesheet" href="https://evil.example/x.css">
<style>body { background: #f6f7f9; } main { color: #222b33; } @import url(https://evil.example/y.css); h1 { background: url(https://evil.example/beacon.png); }</style>
<script>window.__ranHead = true</script>
</head><body onload="window.__ranBody = true">
<main>
<h1 onclick="window.__clicked = true" style="color: red">Strikes <img src="https://evil.example/pixel.gif" onerror="window.__img = true"></h1>
<script>window.__ranMain = true</script>
<iframe src="https://evil.example/frame"></iframe>
<object data="https://evil.example/x.swf"></object><embed src="x.swf">
<form action="https://evil.example/post"><input name="q"><button>Go</button></form>
<p id="quote">“A sentence from a stranger” <a href="javascript:alert(1)">click</a> <a href=" JaVa&#9;Script:alert(2)">tab</a> <a href="data:text/html,<script>1</script>">data</a></p>
<p><a href="#src-1" target="_blank">1</a> <a href="https://www.reuters.com/world/middle-east/">Reuters</a> <a href="mailto:desk@example.org">mail</a></p>
<svg viewBox="0 0 10 10" onload="window.__svg = true"><a xlink:href="javascript:alert(3)"><text>t</text></a><use href="https://evil.example/s.svg#a"/><use href="#dot"/><animate attributeName="href" to="javascript:alert(4)"/><foreignObject><p>html in svg</p></foreignObject><circle id="dot" cx="5" cy="5" r="2" fill="#c0392b"/></svg>
<img src="data:image/png;base64,iVBORw0KGgo=" alt="embedded">
<ol class="sources"><li id="src-1">“Iraq says U.S. strikes a ‘dangerous escalation’”. Reuters, 22 Nov 2023.</li></ol>
</main></body></html>`;

describe("sanitise", () => {
  const main = () => parseReport(HOSTILE).main;

  it("drops scripts, frames, objects, forms, metas and links", () => {
    const m = main();
    for (const tag of ["script", "iframe", "object", "embed", "form", "input", "button", "meta", "link", "base", "style", "foreignObject", "animate"]) {
      expect(m.getElementsByTagName(tag).length, tag).toBe(0);
    }
  });

  it("drops event handlers, inline styles and targets", () => {
    const m = main();
    const attrs = [m, ...m.querySelectorAll("*")].flatMap((e) => [...e.attributes].map((a) => a.name.toLowerCase()));
    expect(attrs.filter((a) => a.startsWith("on"))).toEqual([]);
    expect(attrs).not.toContain("style");
    expect(attrs).not.toContain("target");
  });

  it("keeps in-report anchors, web and mail links; drops javascript:, data: and remote references", () => {
    const m = main();
    const hrefs = [...m.querySelectorAll("a")].map((a) => a.getAttribute("href") ?? a.getAttribute("xlink:href"));
    expect(hrefs).toEqual([null, null, null, "#src-1", "https://www.reuters.com/world/middle-east/", "mailto:desk@example.org", null]);
    const uses = [...m.querySelectorAll("use")].map((u) => u.getAttribute("href"));
    expect(uses).toEqual([null, "#dot"]);
  });

  it("keeps embedded images only", () => {
    const imgs = [...main().querySelectorAll("img")].map((i) => i.getAttribute("alt"));
    expect(imgs).toEqual(["embedded"]);
  });

  it("keeps the text, drawings and ids", () => {
    const m = main();
    expect(m.querySelector("#quote")!.textContent).toContain("A sentence from a stranger");
    expect(m.querySelector("svg circle#dot")).not.toBeNull();
    expect(m.querySelector("li#src-1")!.textContent).toMatch(/^“Iraq says/);
  });

  it("counts what it removed, and removes nothing from a clean report", () => {
    expect(parseReport(HOSTILE).removed).toBeGreaterThan(15);
    const clean = document.createElement("main");
    clean.append(Object.assign(document.createElement("p"), { id: "summary", textContent: "3 articles" }));
    expect(sanitise(clean)).toBe(0);
  });
});

describe("scopeCss", () => {
  it("turns page selectors into :host and lets nothing load", () => {
    const css = scopeCss(":root { color-scheme: light; }\nbody { margin: 0; }\ntbody td { x: 1 }\n@media print { body { background: #fff; } }\n@import url(a.css);\nh1 { background: url(https://evil.example/p.png); }\np { background: url(data:image/png;base64,AAAA); }");
    expect(css).toContain(":host { color-scheme: light; }");
    expect(css).toContain(":host { margin: 0; }");
    expect(css).toContain("tbody td");
    expect(css).toContain("@media print { :host { background: #fff; } }");
    expect(css).not.toContain("@import");
    expect(css).not.toContain("evil.example");
    expect(css).toContain("url(data:image/png;base64,AAAA)");
  });
});

describe("attachReport", () => {
  let host: HTMLElement;

  beforeEach(() => {
    document.body.replaceChildren();
    host = document.createElement("div");
    document.body.append(host);
    for (const k of ["__ranHead", "__ranBody", "__ranMain", "__img", "__svg", "__clicked"]) delete (window as unknown as Record<string, unknown>)[k];
  });

  it("puts the pruned <main> under an open shadow root with the report's styles adopted", () => {
    const root = attachReport(host, HOSTILE);
    expect(host.shadowRoot).toBe(root);
    expect(root.querySelector("main h1")!.textContent).toMatch(/^Strikes/);
    expect(root.querySelector("script, iframe, style")).toBeNull();
    const rules = root.adoptedStyleSheets.flatMap((s) => [...s.cssRules].map((r) => r.cssText));
    expect(rules.some((r) => r.startsWith(":host") && r.includes("background"))).toBe(true);
    expect(rules.some((r) => r.startsWith("main"))).toBe(true);
    expect(rules.join("\n")).not.toContain("evil.example");
    // Nothing ran and nothing is in the app's own document.
    const w = window as unknown as Record<string, unknown>;
    expect([w.__ranHead, w.__ranBody, w.__ranMain, w.__img, w.__svg]).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(document.getElementById("src-1")).toBeNull();
    expect(host.dataset.removed).not.toBe("0");
  });

  it("replaces the previous report when shown again", () => {
    attachReport(host, HOSTILE);
    const root = attachReport(host, "<html><head><style>main{}</style></head><body><main><h1>Second</h1></main></body></html>");
    expect(root.querySelectorAll("main")).toHaveLength(1);
    expect(root.querySelector("h1")!.textContent).toBe("Second");
  });

  it("scrolls to an in-report target on a citation click, without navigating", () => {
    const root = attachReport(host, HOSTILE);
    const target = root.getElementById("src-1")!;
    const scrolled = vi.fn();
    target.scrollIntoView = scrolled;
    const link = root.querySelector('a[href="#src-1"]') as HTMLAnchorElement;
    const before = location.href;
    const click = new MouseEvent("click", { bubbles: true, cancelable: true, composed: true });
    link.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);
    expect(scrolled).toHaveBeenCalledOnce();
    expect(target.classList.contains("report-target")).toBe(true);
    expect(location.href).toBe(before);
  });

  it("hands web links to the caller and never follows them", () => {
    const onExternalLink = vi.fn();
    const root = attachReport(host, HOSTILE, { onExternalLink });
    const link = root.querySelector('a[href^="https://www.reuters.com"]')!;
    const click = new MouseEvent("click", { bubbles: true, cancelable: true, composed: true });
    // A click on text inside the link is a click on the link.
    link.firstChild!.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);
    expect(onExternalLink).toHaveBeenCalledWith("https://www.reuters.com/world/middle-east/");
  });

  it("swallows clicks on links it pruned, and leaves other clicks alone", () => {
    const onExternal = vi.fn();
    const root = attachReport(host, HOSTILE);
    const pruned = [...root.querySelectorAll("a")].find((a) => a.textContent === "click")!;
    const click = new MouseEvent("click", { bubbles: true, cancelable: true });
    Object.defineProperty(click, "target", { value: pruned });
    onReportClick(root, click, onExternal);
    expect(click.defaultPrevented).toBe(true);
    expect(onExternal).not.toHaveBeenCalled();

    const plain = new MouseEvent("click", { bubbles: true, cancelable: true });
    Object.defineProperty(plain, "target", { value: root.getElementById("quote") });
    onReportClick(root, plain, onExternal);
    expect(plain.defaultPrevented).toBe(false);
  });

  it("finds percent-encoded and missing targets without throwing", () => {
    const root = attachReport(host, '<main><p id="ev-1">E1</p><a id="a" href="#ev%2D1">E1</a><a id="b" href="#nowhere">x</a><a id="c" href="#%E0%A4%A">bad</a></main>');
    const target = root.getElementById("ev-1")!;
    target.scrollIntoView = vi.fn();
    for (const id of ["a", "b", "c"]) {
      const click = new MouseEvent("click", { bubbles: true, cancelable: true, composed: true });
      root.getElementById(id)!.dispatchEvent(click);
      expect(click.defaultPrevented).toBe(true);
    }
    expect(target.scrollIntoView).toHaveBeenCalledOnce();
  });
});
