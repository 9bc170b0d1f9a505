// Shows a report's HTML inside the app without an iframe (the CSP forbids
// frames) and without letting it become the app's markup. The report is
// parsed with DOMParser into an inert document (no script runs, nothing
// loads), its <main> is pruned of everything active (script, frames,
// objects, links and metas, event handler attributes, non-web URLs), and
// what is left is imported under a shadow root, so that its ids and styles
// stay apart from the app's. Its <style> text becomes a constructable
// stylesheet, which a style-src 'self' policy allows where a <style> element
// would be refused. The report comes from Dossier and is escaped there, but
// the sentences and titles in it were written by strangers: this is the
// second wall, not the first.
//
// This is the one file allowed to parse a string as HTML (house-rules.test.ts).

/** Elements dropped with everything inside them. */
const BLOCKED = new Set([
  "script",
  "noscript",
  "template",
  "style",
  "link",
  "meta",
  "base",
  "title",
  "iframe",
  "frame",
  "frameset",
  "object",
  "embed",
  "applet",
  "portal",
  "form",
  "input",
  "button",
  "select",
  "textarea",
  "audio",
  "video",
  "source",
  "track",
  "picture",
  // SVG: foreign content, and animations that can rewrite an href.
  "foreignobject",
  "animate",
  "animatemotion",
  "animatetransform",
  "set",
  "discard",
  "handler",
  "listener",
]);

/** Attributes that hold a URL. */
const URL_ATTRIBUTES = new Set(["href", "xlink:href", "src", "action", "formaction", "poster", "background", "data", "ping", "cite", "longdesc", "codebase", "manifest", "lowsrc", "dynsrc"]);

/** Attributes dropped whatever their value. */
const DROPPED_ATTRIBUTES = new Set(["style", "srcset", "imagesrcset", "target", "download", "formtarget", "http-equiv", "autofocus", "contenteditable", "popover", "popovertarget"]);

/** What the preview holds: the report's styles and its content, ready to attach. */
export interface ParsedReport {
  title: string;
  css: string;
  /** The pruned <main>, still in the inert parsed document. */
  main: Element;
  /** How many elements and attributes the pruning removed (0 for Dossier's own reports). */
  removed: number;
}

/** "javascript:alert(1)" → "javascript:"; "#src-1" → "#"; "" for relative paths. */
function scheme(value: string): string {
  // Browsers ignore controls and spaces inside a scheme ("java\tscript:").
  const v = value.replace(/[\u0000-\u0020\u007f]+/g, "").toLowerCase();
  if (v.startsWith("#")) return "#";
  const m = /^([a-z][a-z0-9+.-]*):/.exec(v);
  return m ? `${m[1]}:` : "";
}

/** Whether an attribute's URL may stay: in-report anchors and web links on links, data: images on images. */
function urlAllowed(element: string, attribute: string, value: string): boolean {
  const s = scheme(value);
  if (attribute === "href" || attribute === "xlink:href") {
    if (element === "a") return s === "#" || s === "http:" || s === "https:" || s === "mailto:";
    // <use href="#symbol"> in a drawing; nothing outside the report.
    return s === "#";
  }
  if (attribute === "src" && (element === "img" || element === "image")) {
    return /^data:image\/(png|jpeg|gif|webp);/i.test(value.trim());
  }
  return false;
}

/**
 * Removes everything active from `root` and below, in place: blocked
 * elements, `on*` handlers, inline styles, and URLs other than in-report
 * anchors, web links and embedded images. Returns how much it removed.
 */
export function sanitise(root: Element): number {
  let removed = 0;
  const walk = (el: Element) => {
    for (const child of [...el.children]) {
      const name = child.localName.toLowerCase();
      if (BLOCKED.has(name) || (name === "img" && !urlAllowed("img", "src", child.getAttribute("src") ?? ""))) {
        child.remove();
        removed++;
        continue;
      }
      for (const attr of [...child.attributes]) {
        const a = attr.name.toLowerCase();
        const drop =
          a.startsWith("on") ||
          DROPPED_ATTRIBUTES.has(a) ||
          (URL_ATTRIBUTES.has(a) && !urlAllowed(name, a, attr.value)) ||
          // Anything that looks like a URL attribute in another namespace (xlink:href, xml:base).
          (a.includes(":") && !URL_ATTRIBUTES.has(a) && a !== "xml:lang" && a !== "xmlns:xlink");
        if (drop) {
          child.removeAttributeNode(attr);
          removed++;
        }
      }
      walk(child);
    }
  };
  walk(root);
  return removed;
}

/**
 * The report's styles for a shadow root: the page-level selectors (`:root`,
 * `body`) become `:host`, and nothing may load (no @import, no url() but data:).
 */
export function scopeCss(css: string): string {
  return css
    .replace(/@import[^;]*;?/gi, "")
    .replace(/url\(\s*(['"]?)(?!data:)[^)]*\1\s*\)/gi, "none")
    .replace(/(^|[},;\s])(?:html|body|:root)(?=\s*[,{])/g, "$1:host");
}

/** Parses the report's HTML (inertly: nothing runs, nothing loads) and prunes its content. */
export function parseReport(html: string): ParsedReport {
  const doc = new DOMParser().parseFromString(html, "text/html");
  const css = [...doc.querySelectorAll("style")].map((s) => s.textContent ?? "").join("\n");
  // A report always has one <main>; anything else is shown as its body, pruned the same way.
  const main = doc.querySelector("main") ?? doc.body;
  const removed = sanitise(main);
  return { title: doc.title, css: scopeCss(css), main, removed };
}

/** Styles of the preview frame itself: the report decides the rest. */
const FRAME_CSS = `
:host { all: initial; display: block; color-scheme: light; }
.report-target { background: #fff7d6 !important; outline: 2px solid #e8c24a; outline-offset: 2px; border-radius: 2px; }
main { box-shadow: 0 1px 3px rgba(20, 24, 40, 0.08); }
`;

function sheet(css: string): CSSStyleSheet | null {
  try {
    const s = new CSSStyleSheet();
    s.replaceSync(css);
    return s;
  } catch {
    // An engine without constructable stylesheets: the content still reads, unstyled.
    return null;
  }
}

export interface AttachOptions {
  /** A click on a web link in the report (never followed inside the app). */
  onExternalLink?(url: string): void;
}

/**
 * Shows the report under `host`'s shadow root (made on first use, reused
 * after), replacing what it showed before. Returns the shadow root.
 */
export function attachReport(host: HTMLElement, html: string, options: AttachOptions = {}): ShadowRoot {
  const parsed = parseReport(html);
  let root = host.shadowRoot;
  if (!root) {
    // Open, so that tests (and assistive tools) can read it; the content is inert either way.
    root = host.attachShadow({ mode: "open" });
    const shadow = root;
    shadow.addEventListener("click", (e) => onReportClick(shadow, e as MouseEvent, (url) => currentOptions.get(host)?.onExternalLink?.(url)));
    // Middle clicks open links in new windows elsewhere: not here.
    shadow.addEventListener("auxclick", (e) => {
      if (linkOf(e.target)) e.preventDefault();
    });
  }
  currentOptions.set(host, options);
  const sheets = [sheet(FRAME_CSS), sheet(parsed.css)].filter((s): s is CSSStyleSheet => s !== null);
  root.adoptedStyleSheets = sheets;
  root.replaceChildren(document.importNode(parsed.main, true));
  host.dataset.removed = String(parsed.removed);
  return root;
}

const currentOptions = new WeakMap<HTMLElement, AttachOptions>();

function linkOf(target: EventTarget | null): Element | null {
  const el = target instanceof Element ? target : target instanceof Node ? target.parentElement : null;
  return el?.closest("a") ?? null;
}

/**
 * A click in the report: an in-report link (`#src-3`, `#ev-2`, `#map`)
 * scrolls the preview to its target; a web link is handed to
 * `onExternal`; nothing ever navigates the app's window.
 */
export function onReportClick(root: ShadowRoot, event: MouseEvent, onExternal: (url: string) => void): void {
  const link = linkOf(event.target);
  if (!link) return;
  event.preventDefault();
  const href = (link.getAttribute("href") ?? link.getAttribute("xlink:href") ?? "").trim();
  const s = scheme(href);
  if (s === "#") {
    let id = href.slice(1);
    try {
      id = decodeURIComponent(id);
    } catch {
      // Not percent-encoded: the id as written.
    }
    const target = id ? root.getElementById(id) : null;
    if (target) reveal(root, target);
  } else if (s === "http:" || s === "https:") {
    onExternal(href);
  }
}

/** Scrolls the preview to `target` and marks it for a moment, as :target would on a page. */
function reveal(root: ShadowRoot, target: Element): void {
  for (const old of root.querySelectorAll(".report-target")) old.classList.remove("report-target");
  target.classList.add("report-target");
  if (typeof target.scrollIntoView === "function") target.scrollIntoView({ block: "center", behavior: "smooth" });
  setTimeout(() => target.classList.remove("report-target"), 2400);
}
