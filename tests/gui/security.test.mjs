// GUI security test: hostile articles in the real Dossier app (WebKitGTK through
// tauri-driver + WebKitWebDriver under Xvfb, `make test-gui`). The fixtures in
// tests/fixtures/*/hostile-* carry scripts, event handlers, javascript: links,
// frames, remote images, stylesheets and CSS that phones home; every remote URL
// in them points at a server this test starts on 127.0.0.1, which counts
// requests, and every script sets window.__pwned and the document's title.
//
// Two layers are checked apart, so that each fails on its own if it breaks:
// 1. article content reaches the DOM only as text (the reader, search snippets,
//    the entity page, the import summary and the report preview show the
//    markup's characters, and no element or attribute comes from an article);
// 2. the webview's CSP and capabilities stop what markup would do if it ever got
//    in (elements injected here from the page request nothing, run nothing, and
//    commands the window was not granted are refused).
//
// It uses its own WebDriver ports, so it can run beside app.test.mjs.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, basename } from "node:path";
import { AppSession, repo, SHOTS } from "./support.mjs";

const work = mkdtempSync(join(tmpdir(), "dossier-gui-security-"));
const LIBRARY = join(work, "library.sqlite");
// Its own ports, so that it can run beside app.test.mjs.
const session = new AppSession({ port: 4454, nativePort: 4455 });
let browser = null;

// ------------------------------------------------------------ counting server
// Anything that reaches it is a leak: a remote image, a stylesheet, a script, a
// frame, a fetch. It answers every request so that a leak is not hidden by an error.
const requests = [];
const server = createServer((req, res) => {
  requests.push(`${req.method} ${req.url}`);
  res.writeHead(200, { "content-type": "text/plain", "access-control-allow-origin": "*" });
  res.end("counted");
});
let BEACON = "";

// The hostile fixtures with __BEACON__ pointing at the counting server.
const FIXTURES = ["html/hostile-active.html", "html/hostile-markup-as-text.html", "eml/hostile-newsletter.eml", "md/hostile-markup.md", "txt/hostile-markup.txt"];
// A file whose very name is markup; it is not a PDF, so the import lists it as failed.
const HOSTILE_NAME = `<img src=x onerror="window.__pwned='file name'">.pdf`;
let paths = [];

async function openApp() {
  browser = await session.open({ DOSSIER_LIBRARY: LIBRARY, DOSSIER_TEST_HOOKS: "1", XDG_CACHE_HOME: join(work, "cache") });
}

async function closeApp() {
  await session.close();
  browser = null;
}

const settle = (ms = 1500) => new Promise((r) => setTimeout(r, ms));

/**
 * What a script from an article would leave behind, and whether anything on the
 * page came from an article: elements the app never makes, inline handlers,
 * javascript: or beacon URLs in attributes, scripts not from the app's origin.
 */
async function pageState() {
  return browser.execute((beacon) => {
    // The document and every open shadow root (the report preview lives in one).
    const roots = [document];
    for (let i = 0; i < roots.length; i++) for (const e of roots[i].querySelectorAll("*")) if (e.shadowRoot) roots.push(e.shadowRoot);
    const query = (sel) => roots.flatMap((r) => [...r.querySelectorAll(sel)]);
    const all = query("*");
    const foreign = query("iframe, frame, object, embed, base, meta[http-equiv], form[action], video, audio, picture, source, link[href^='http']").map((e) => e.outerHTML.slice(0, 120));
    const handlers = all.filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).map((e) => e.outerHTML.slice(0, 120));
    const urls = all.filter((e) => [...e.attributes].some((a) => /^\s*javascript:/i.test(a.value) || a.value.includes(beacon))).map((e) => e.outerHTML.slice(0, 120));
    const scripts = query("script").filter((s) => !s.src || new URL(s.src).origin !== location.origin).map((s) => s.outerHTML.slice(0, 120));
    return {
      pwned: window.__pwned ?? null,
      title: document.title,
      href: location.href,
      foreign,
      handlers,
      urls,
      scripts,
      violations: window.__violations ?? null,
    };
  }, BEACON);
}

/** Asserts nothing from an article became live; `start` is the state at startup. */
function assertClean(state, start, where) {
  assert.equal(state.pwned, null, `${where}: a script ran (window.__pwned = ${state.pwned})`);
  assert.equal(state.title, start.title, `${where}: the document title changed`);
  assert.equal(state.href, start.href, `${where}: the page navigated away`);
  assert.deepEqual(state.foreign, [], `${where}: elements from an article in the DOM`);
  assert.deepEqual(state.handlers, [], `${where}: inline event handlers in the DOM`);
  assert.deepEqual(state.urls, [], `${where}: javascript: or remote URLs in the DOM`);
  assert.deepEqual(state.scripts, [], `${where}: scripts not from the app`);
  assert.deepEqual(requests, [], `${where}: requests reached the counting server`);
}

async function rowTitles() {
  return browser.execute(() => [...document.querySelectorAll(".vlist-row .row-title")].map((e) => e.textContent));
}

async function openRow(title) {
  await browser
    .waitUntil(async () => (await rowTitles()).includes(title), { timeout: 10_000 })
    .catch(async () => assert.fail(`row ${JSON.stringify(title)} not among ${JSON.stringify(await rowTitles())}`));
  await browser.execute((t) => [...document.querySelectorAll(".vlist-row")].find((r) => r.querySelector(".row-title")?.textContent === t).click(), title);
  await browser.waitUntil(async () => (await browser.execute(() => document.querySelector(".reader-title")?.textContent ?? null)) === title, {
    timeout: 10_000,
    timeoutMsg: `the reader opens "${title}"`,
  });
  // The highlights arrive separately; wait for them so the text is final (an
  // article with nothing to highlight simply waits out the timeout).
  await browser.waitUntil(async () => (await browser.$$(".reader-text .mark-entity, .reader-text .mark-time")).length > 0, { timeout: 10_000, timeoutMsg: `highlights in "${title}"` }).catch(() => {});
}

async function readerState() {
  return browser.execute(() => ({
    title: document.querySelector(".reader-title")?.textContent ?? null,
    text: document.querySelector(".reader-text")?.textContent ?? "",
    fields: Object.fromEntries([...document.querySelectorAll(".detail-row[data-field]")].map((r) => [r.dataset.field, r.querySelector("dd")?.textContent ?? ""])),
    // The reader builds its text from text nodes, paragraphs and highlight spans only.
    tags: [...new Set([...document.querySelectorAll(".reader-text *")].map((e) => e.localName))].sort(),
  }));
}

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  BEACON = `http://127.0.0.1:${server.address().port}`;
  // The counting server counts: a request from here is seen (then forgotten).
  await fetch(`${BEACON}/self-check`).then((r) => r.text());
  assert.deepEqual(requests, ["GET /self-check"], "the counting server counts requests");
  requests.length = 0;

  const dir = join(work, "in");
  mkdirSync(dir);
  paths = FIXTURES.map((f) => {
    const path = join(dir, basename(f));
    writeFileSync(path, readFileSync(join(repo, "tests/fixtures", f), "utf8").replaceAll("__BEACON__", BEACON));
    return path;
  });
  const named = join(dir, HOSTILE_NAME);
  writeFileSync(named, "not a PDF at all");
  paths.push(named);
});

after(async () => {
  await closeApp();
  await new Promise((r) => server.close(r));
  try {
    rmSync(work, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  } catch (err) {
    console.warn(`could not remove ${work}: ${err.message}`);
  }
});

test("hostile articles are shown as text: no script runs, no request leaves", { timeout: 300_000 }, async () => {
  await openApp();
  const start = await pageState();
  assert.equal(start.pwned, null);
  assertClean(start, start, "at start");

  // Import through the command the drop handler calls.
  const report = await browser.execute((p) => window.__dossierTest.drop(p), paths);
  assert.equal(report.articles_added, 5, JSON.stringify(report));
  assert.equal(report.failed, 1, JSON.stringify(report));
  // The import summary names the failed file by its name, as text.
  await browser.waitUntil(async () => (await browser.execute(() => document.querySelector(".import-panel")?.textContent ?? "")).includes(`onerror="window.__pwned='file name'"`), {
    timeout: 10_000,
    timeoutMsg: "the failed file's name listed as text",
  });
  assertClean(await pageState(), start, "import summary");
  await browser.$("[data-action=close-import]").click();

  // Each article in the reader: its markup's characters shown, nothing of it live.
  const cases = [
    {
      title: "Militia convoy stopped at checkpoint near Hillah",
      text: ["Iraqi police stopped a convoy of armed men", "The police chief of Babylon province"],
      absent: ["window.__pwned", "PWNED", "127.0.0.1"],
    },
    {
      title: `<img src=x onerror="window.__pwned='og title'">Council approves budget`,
      text: [`Kataib Hezbollah <img src="${BEACON}/in-text.png" onerror=`, `<script>window.__pwned='body script'; document.title='PWNED'`, `<a href="javascript:window.__pwned='body link'">here</a>`, `<iframe src="${BEACON}/in-text-iframe"></iframe>`],
      fields: { outlet: "<script>window.__pwned='outlet'</script>Markup Daily" },
      shot: "security-hostile-reader",
    },
    {
      title: "Convoy seized near Hillah <script>window.__pwned='subject'</script>",
      text: ["Iraqi police stopped a convoy of armed men near Hillah", "Written as text, not markup: <script>window.__pwned='eml escaped'</script> stays visible."],
      absent: ["eml script", "eml onload", "eml svg", BEACON],
      fields: { outlet: "<img src=x onerror=window.__pwned='from'>Briefing" },
    },
    {
      title: "Raw HTML in Markdown <img src=x onerror=window.__pwned='md title'>",
      text: ["Officials in Erbil said on Monday that a drone was shot down", "Written as code: <img src=x onerror=alert(1)> stays text."],
    },
    {
      title: "Markup in a plain-text article is just characters",
      text: [`read <script>window.__pwned='txt script'; document.title='PWNED'; fetch('${BEACON}/txt-script')</script>`, `<svg onload="window.__pwned='txt svg'"></svg>`],
    },
  ];
  for (const c of cases) {
    await openRow(c.title);
    const r = await readerState();
    for (const t of c.text) assert.ok(r.text.includes(t), `"${c.title}" shows ${JSON.stringify(t)} as text; it shows:\n${r.text}`);
    for (const t of c.absent ?? []) assert.ok(!r.text.includes(t), `"${c.title}" leaves out ${JSON.stringify(t)} (not article text)`);
    for (const [field, value] of Object.entries(c.fields ?? {})) assert.equal(r.fields[field], value, `"${c.title}": ${field} shown as text`);
    assert.deepEqual(r.tags.filter((t) => !["p", "span", "mark", "div", "h2"].includes(t)), [], `"${c.title}": the reader's text holds only its own elements: ${r.tags}`);
    if (c.shot) {
      await browser.execute(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      await browser.saveScreenshot(join(SHOTS, `${c.shot}.png`));
    }
    assertClean(await pageState(), start, `reader: ${c.title}`);
  }

  // Search snippets: the hit highlighted, the markup around it as text.
  const search = await browser.$(".library-view .search-input");
  await search.setValue("pasted");
  await browser.keys("Enter");
  await browser.waitUntil(async () => (await browser.$$(".row-snippet mark")).length > 0, { timeout: 10_000, timeoutMsg: "a highlighted snippet" });
  const snippet = await browser.execute(() => ({
    text: document.querySelector(".row-snippet")?.textContent ?? "",
    tags: [...new Set([...document.querySelectorAll(".row-snippet *")].map((e) => e.localName))],
  }));
  assert.ok(snippet.text.includes("<script>window.__pwned='txt script'"), `snippet shows the markup as text: ${snippet.text}`);
  assert.deepEqual(snippet.tags, ["mark"], "snippets hold only highlight marks");
  assertClean(await pageState(), start, "search snippets");
  // Back to the whole library (the view searches on input).
  await browser.execute(() => {
    const input = document.querySelector(".library-view .search-input");
    input.value = "";
    input.dispatchEvent(new Event("input"));
  });
  await browser.waitUntil(async () => (await rowTitles()).length === 5, { timeout: 10_000, timeoutMsg: "all five articles listed again" });

  // The entity page: sentences that mention Kataib Hezbollah, markup as text.
  await openRow(cases[1].title);
  await browser.waitUntil(
    async () => browser.execute(() => [...document.querySelectorAll(".reader-text .mark-entity")].some((m) => m.textContent === "Kataib Hezbollah")),
    { timeout: 10_000, timeoutMsg: "Kataib Hezbollah highlighted" },
  );
  await browser.execute(() => [...document.querySelectorAll(".reader-text .mark-entity")].find((m) => m.textContent === "Kataib Hezbollah").click());
  await browser.waitUntil(async () => /^Kataib Hezbollah/.test((await browser.execute(() => document.querySelector(".entity-title")?.textContent)) ?? ""), {
    timeout: 10_000,
    timeoutMsg: "the entity page opens",
  });
  await browser.waitUntil(async () => (await browser.$$(".mention")).length >= 3, { timeout: 10_000, timeoutMsg: "its sentences" });
  const mentions = await browser.execute(() => [...document.querySelectorAll(".mention")].map((m) => m.textContent));
  assert.ok(mentions.some((m) => m.includes(`<img src="${BEACON}/in-text.png"`)), `a sentence shows the markup as text: ${JSON.stringify(mentions)}`);
  assert.ok(mentions.some((m) => m.includes("<script>window.__pwned='outlet'</script>Markup Daily")), "the source line shows the outlet as text");
  assertClean(await pageState(), start, "entity page");

  // A report of the whole library: the one place the app parses HTML (the
  // report's own, escaped when written, pruned again by the preview).
  await browser.$("[data-view=reports]").click();
  const reportText = () => browser.execute(() => document.querySelector("[data-testid=report-preview]")?.shadowRoot?.textContent ?? "");
  await browser.waitUntil(async () => (await reportText()).includes("Council approves budget"), { timeout: 60_000, timeoutMsg: "the report preview lists the hostile articles" });
  const preview = await reportText();
  for (const t of [`<img src=x onerror="window.__pwned='og title'">Council approves budget`, "Convoy seized near Hillah <script>window.__pwned='subject'</script>", "<script>window.__pwned='outlet'</script>Markup Daily"]) {
    assert.ok(preview.includes(t), `the report shows ${JSON.stringify(t)} as text`);
  }
  assertClean(await pageState(), start, "report preview");

  // Late loads (images, frames, refreshes) would have had time by now.
  await settle(2000);
  assertClean(await pageState(), start, "after settling");
});

test("the webview is refused the commands it was not granted", { timeout: 120_000 }, async (t) => {
  if (!browser) await openApp();
  const results = await browser.execute(async (beacon) => {
    const invoke = window.__TAURI_INTERNALS__.invoke;
    const attempt = async (cmd, args) => {
      try {
        return { cmd, ok: true, value: JSON.stringify(await invoke(cmd, args)).slice(0, 200) };
      } catch (err) {
        return { cmd, ok: false, error: String(err?.message ?? err) };
      }
    };
    return [
      // A granted command answers through the same route (the refusals below are not a broken IPC).
      await attempt("app_info", {}),
      // Plugins the app does not have.
      await attempt("plugin:fs|read_text_file", { path: "/etc/passwd" }),
      await attempt("plugin:fs|read_file", { path: "/etc/passwd" }),
      await attempt("plugin:shell|execute", { program: "sh", args: ["-c", "true"], options: {} }),
      await attempt("plugin:shell|spawn", { program: "sh", args: ["-c", "true"], options: {} }),
      await attempt("plugin:http|fetch", { clientConfig: { url: `${beacon}/http-plugin`, method: "GET" } }),
      // A plugin it has, with commands the window was not granted.
      await attempt("plugin:opener|open_url", { url: `${beacon}/opener` }),
      await attempt("plugin:opener|open_path", { path: "/etc/passwd" }),
      await attempt("plugin:opener|reveal_item_in_dir", { paths: ["/etc/passwd"] }),
      await attempt("plugin:dialog|message", { message: "pwned", title: "pwned" }),
      // Core commands outside the grant (no core:default).
      await attempt("plugin:app|version", {}),
      await attempt("plugin:path|resolve_directory", { directory: 14 }),
      await attempt("plugin:window|set_title", { label: "main", value: "PWNED" }),
      await attempt("plugin:webview|create_webview_window", { options: { label: "evil", url: `${beacon}/webview` } }),
    ];
  }, BEACON);
  for (const r of results) t.diagnostic(`${r.cmd}: ${r.ok ? `answered ${r.value}` : `refused: ${r.error}`}`);
  const [control, ...refused] = results;
  assert.ok(control.ok, `a granted command answers: ${JSON.stringify(control)}`);
  for (const r of refused) {
    assert.equal(r.ok, false, `${r.cmd} must be refused, it answered ${r.value}`);
    // Refused for want of a grant or of the plugin, not for bad arguments.
    assert.match(r.error, /not allowed|not found|plugin.*(missing|not)|unknown/i, `${r.cmd} refused for the right reason: ${r.error}`);
  }
  await settle();
  assert.deepEqual(requests, [], "no request reached the counting server");
  assert.notEqual(await browser.getTitle(), "PWNED");
});

test("the CSP stops what article markup would do if it ever reached the page", { timeout: 120_000 }, async (t) => {
  if (!browser) await openApp();
  await browser.$("[data-view=library]").click();
  const outcome = await browser.execute(async (beacon) => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(e.violatedDirective.split(" ")[0]));
    const results = {};
    const sandbox = document.createElement("div");
    sandbox.id = "csp-probe";
    sandbox.hidden = true;
    document.body.append(sandbox);
    const add = (el) => sandbox.append(el);
    const el = (tag, attrs) => {
      const e = document.createElement(tag);
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
      return e;
    };

    // Scripts: inline, remote, inline handler attributes, javascript: URLs, eval.
    const inline = el("script", {});
    inline.textContent = "window.__pwned = 'inline script'";
    add(inline);
    add(el("script", { src: `${beacon}/remote-script.js` }));
    add(el("img", { src: "data:,x", onerror: "window.__pwned = 'img onerror'" }));
    add(el("svg", { onload: "window.__pwned = 'svg onload'" }));
    const js = el("a", { href: "javascript:window.__pwned = 'javascript link'" });
    add(js);
    js.click();
    try {
      eval("window.__pwned = 'eval'");
      results.eval = "ran";
    } catch (err) {
      results.eval = err.name;
    }
    try {
      new Function("window.__pwned = 'new Function'")();
      results.newFunction = "ran";
    } catch (err) {
      results.newFunction = err.name;
    }
    setTimeout("window.__pwned = 'setTimeout string'", 0);

    // Remote loads: images, srcset, styles, fonts, frames, plugins, media.
    add(el("img", { src: `${beacon}/img` }));
    add(el("img", { src: "data:,x", srcset: `${beacon}/srcset 2x` }));
    add(el("link", { rel: "stylesheet", href: `${beacon}/style.css` }));
    add(el("link", { rel: "preload", as: "image", href: `${beacon}/preload.png` }));
    const style = el("style", {});
    style.textContent = `@import url("${beacon}/import.css"); #csp-probe { background: url("${beacon}/inline-style-bg.png"); }`;
    add(style);
    const styled = el("div", {});
    styled.style.backgroundImage = `url("${beacon}/cssom-bg.png")`;
    sandbox.hidden = false;
    sandbox.style.position = "absolute";
    sandbox.style.left = "-9999px";
    add(styled);
    styled.textContent = "x";
    results.font = await new FontFace("Leak", `url("${beacon}/font.woff2")`).load().then(() => "loaded", (err) => err.name);
    add(el("iframe", { src: `${beacon}/iframe` }));
    add(el("iframe", { srcdoc: `<script>top.__pwned = 'srcdoc'</script><img src="${beacon}/srcdoc-img">` }));
    add(el("object", { data: `${beacon}/object` }));
    add(el("embed", { src: `${beacon}/embed` }));
    add(el("video", { src: `${beacon}/video.mp4`, poster: `${beacon}/poster.jpg` }));
    add(el("audio", { src: `${beacon}/audio.mp3` }));

    // Connections: fetch, XHR, beacons, sockets, event streams, workers.
    results.fetch = await fetch(`${beacon}/fetch`).then(() => "answered", (err) => err.name);
    results.xhr = await new Promise((r) => {
      const x = new XMLHttpRequest();
      x.onload = () => r("answered");
      x.onerror = () => r("error");
      try {
        x.open("GET", `${beacon}/xhr`);
        x.send();
      } catch (err) {
        r(err.name);
      }
    });
    try {
      results.sendBeacon = navigator.sendBeacon(`${beacon}/beacon`, "x");
    } catch (err) {
      results.sendBeacon = err.name;
    }
    try {
      new WebSocket(beacon.replace("http:", "ws:") + "/ws");
      results.webSocket = "created";
    } catch (err) {
      results.webSocket = err.name;
    }
    try {
      new EventSource(`${beacon}/events`);
      results.eventSource = "created";
    } catch (err) {
      results.eventSource = err.name;
    }
    try {
      new Worker(`${beacon}/worker.js`);
      results.worker = "created";
    } catch (err) {
      results.worker = err.name;
    }
    await new Promise((r) => setTimeout(r, 2000));
    results.pwned = window.__pwned ?? null;
    results.violations = [...new Set(window.__violations)].sort();
    sandbox.remove();
    return results;
  }, BEACON);

  t.diagnostic(JSON.stringify(outcome));
  await settle();
  assert.deepEqual(requests, [], `nothing reached the counting server: ${JSON.stringify(outcome)}`);
  assert.equal(outcome.pwned, null, `no injected script ran: ${JSON.stringify(outcome)}`);
  assert.equal(outcome.eval, "EvalError", "eval is refused (no 'unsafe-eval')");
  assert.equal(outcome.newFunction, "EvalError", "new Function is refused");
  assert.equal(outcome.fetch, "TypeError", "fetch to a remote origin is refused");
  assert.notEqual(outcome.xhr, "answered", "XHR to a remote origin is refused");
  assert.notEqual(outcome.font, "loaded", "remote fonts are refused");
  // The CSP is what refused them (not a network error): each directive reported a violation.
  for (const directive of ["script-src", "img-src", "style-src", "font-src", "connect-src", "frame-src", "object-src"]) {
    assert.ok(outcome.violations.some((v) => v.startsWith(directive)), `a ${directive} violation was reported: ${outcome.violations}`);
  }
  assert.notEqual(await browser.getTitle(), "PWNED");
});

test("the window stays on the app: navigation, new windows and forms to a remote origin go nowhere", { timeout: 120_000 }, async (t) => {
  if (!browser) await openApp();
  const origin = await browser.execute(() => location.origin);
  const tried = await browser.execute((beacon) => {
    const out = {};
    const form = document.createElement("form");
    form.action = `${beacon}/form`;
    form.method = "post";
    document.body.append(form);
    try {
      form.submit();
      out.form = "submitted";
    } catch (err) {
      out.form = err.name;
    }
    form.remove();
    const blank = document.createElement("a");
    blank.href = `${beacon}/target-blank`;
    blank.target = "_blank";
    document.body.append(blank);
    blank.click();
    blank.remove();
    try {
      out.open = String(window.open(`${beacon}/window-open`));
    } catch (err) {
      out.open = err.name;
    }
    return out;
  }, BEACON);
  t.diagnostic(JSON.stringify(tried));
  await settle(2000);
  assert.equal(await browser.execute(() => location.origin), origin, "still on the app's page");
  assert.deepEqual(requests, [], "nothing reached the counting server");

  // Last: the page itself asked to leave. The app's page must stay.
  await browser.execute((beacon) => setTimeout(() => location.assign(`${beacon}/navigate`), 0), BEACON);
  await settle(3000);
  const where = await browser.execute(() => location.href).catch((err) => `unreachable: ${err.message}`);
  t.diagnostic(`after location.assign: ${where}`);
  assert.deepEqual(requests, [], "the navigation request never left");
  assert.ok(where.startsWith(origin), `still on the app's page: ${where}`);
});
