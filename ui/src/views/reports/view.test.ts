// The Reports view over the mock backend: the first preview covers the whole
// library, choices become the request, exports say where they were saved (and
// nothing when cancelled), errors are shown, and a citation click stays in
// the preview.

import { beforeEach, describe, expect, it, vi } from "vitest";
import { setBackend, type Backend } from "../../ipc/backend";
import { mockBackend } from "../../ipc/mock";
import { TimeWindow } from "../../lib/time-window";
import { ReportsView } from "./index";
import { exportRequest, formatSize, FORMATS, initialChoices, toRequest } from "./request";

const until = async (cond: () => unknown, ms = 2000) => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe("report requests", () => {
  it("asks for the whole library with every section by default", () => {
    expect(toRequest(initialChoices())).toEqual({
      request: { title: null, selection: {}, sections: { summary: true, timeline: true, map: true, entities: true, disagreements: true, sources: true } },
    });
  });

  it("takes only the chosen scope's field, and the dates", () => {
    const c = { ...initialChoices(), scope: "entity" as const, query: "ignored", entity: { id: 7, label: "Kataib Hezbollah" }, from: "2023-11-01", to: "2023-11-30", title: "  Strikes  " };
    const r = toRequest(c);
    expect(r).toMatchObject({ request: { title: "Strikes", selection: { entity_id: 7, from: "2023-11-01", to: "2023-11-30" } } });
    expect("request" in r && r.request.selection.query).toBeFalsy();
  });

  it("says what is missing", () => {
    expect(toRequest({ ...initialChoices(), scope: "search", query: " " })).toHaveProperty("error");
    expect(toRequest({ ...initialChoices(), scope: "story" })).toHaveProperty("error");
    expect(toRequest({ ...initialChoices(), scope: "entity" })).toHaveProperty("error");
    expect(toRequest({ ...initialChoices(), from: "2023-12-01", to: "2023-11-01" })).toHaveProperty("error");
    const none = { summary: false, timeline: false, map: false, entities: false, disagreements: false, sources: false };
    expect(toRequest({ ...initialChoices(), sections: none })).toHaveProperty("error");
  });

  it("names the data only for CSV and JSON, the BOM only for CSV", () => {
    const report = { selection: {}, sections: initialChoices().sections };
    const by = (id: string) => FORMATS.find((f) => f.id === id)!;
    expect(exportRequest(report, by("pdf"), true)).toEqual({ report, format: "pdf" });
    expect(exportRequest(report, by("places-csv"), true)).toEqual({ report, format: "csv", data: "places", bom: true });
    expect(exportRequest(report, by("events-json"), true)).toEqual({ report, format: "json", data: "events" });
    expect(exportRequest(report, by("sources-bibtex"), false)).toEqual({ report, format: "bibtex" });
  });

  it("offers every format the core writes", () => {
    expect(new Set(FORMATS.map((f) => f.format))).toEqual(new Set(["html", "pdf", "md", "docx", "csv", "json", "geojson", "ris", "bibtex", "csljson"]));
  });

  it("writes sizes in words", () => {
    expect(formatSize(512)).toBe("512 bytes");
    expect(formatSize(5 * 1024)).toBe("5 KB");
    expect(formatSize(18_000)).toBe("18 KB");
    expect(formatSize(2_400_000)).toBe("2.3 MB");
  });
});

describe("reports view", () => {
  let mock: ReturnType<typeof mockBackend>;
  let view: ReportsView;
  let timeWindow: TimeWindow;
  const $ = <T extends Element = HTMLElement>(sel: string) => view.el.querySelector(sel) as T;
  const shadow = () => $(".rp-host").shadowRoot!;

  beforeEach(async () => {
    mock = mockBackend({ seed: true });
    setBackend(mock);
    timeWindow = new TimeWindow();
    document.body.replaceChildren();
    view = new ReportsView({ window: timeWindow });
    document.body.append(view.el);
    await view.refresh();
  });

  it("previews the whole library when first shown", () => {
    expect($(".rp-pane").dataset.state).toBe("ready");
    const root = shadow();
    expect(root.querySelector("#summary")).not.toBeNull();
    expect(root.querySelector("#timeline svg")).not.toBeNull();
    expect(root.querySelector("#map svg")).not.toBeNull();
    expect(root.querySelectorAll("#sources li")).toHaveLength(3);
    expect($("[data-testid=report-title]").textContent).toBe("Dossier report");
    expect([...$("[data-testid=report-counts]").children].map((c) => c.textContent)).toEqual(["3 sources", "6 events", "7 places", "6 profiles"]);
    // The report's styles are adopted, not a <style> element the CSP would refuse.
    expect(root.querySelector("style")).toBeNull();
    expect(root.adoptedStyleSheets.length).toBe(2);
  });

  it("does not preview again when shown again", async () => {
    const n = mock.calls.filter((c) => c === "preview_report").length;
    await view.refresh();
    expect(mock.calls.filter((c) => c === "preview_report").length).toBe(n);
  });

  it("keeps a citation click inside the preview", () => {
    const root = shadow();
    const link = root.querySelector('a[href="#src-1"]') as HTMLAnchorElement;
    const target = root.getElementById("src-1")!;
    target.scrollIntoView = vi.fn();
    const click = new MouseEvent("click", { bubbles: true, cancelable: true, composed: true });
    link.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);
    expect(target.scrollIntoView).toHaveBeenCalled();
  });

  it("reports on a search with a title and fewer sections", async () => {
    (view.el.querySelector('[data-scope="search"]') as HTMLButtonElement).click();
    const q = $<HTMLInputElement>("input[name=query]");
    q.value = "Hillah";
    q.dispatchEvent(new Event("input"));
    const title = $<HTMLInputElement>("input[name=title]");
    title.value = "The Hillah strike";
    title.dispatchEvent(new Event("input"));
    const map = $<HTMLInputElement>("input[data-section=map]");
    map.checked = false;
    map.dispatchEvent(new Event("change"));
    expect($(".rp-pane").classList.contains("is-stale")).toBe(true);
    await view.preview();
    const root = shadow();
    expect(root.querySelector("h1")!.textContent).toBe("The Hillah strike");
    expect(root.querySelector("#map")).toBeNull();
    expect(root.querySelectorAll("#sources li")).toHaveLength(1);
    expect(root.querySelector(".scope")!.textContent).toBe("Search “Hillah”");
    expect($(".rp-pane").classList.contains("is-stale")).toBe(false);
  });

  it("says what is missing instead of asking the core", async () => {
    (view.el.querySelector('[data-scope="entity"]') as HTMLButtonElement).click();
    const n = mock.calls.length;
    await view.preview();
    expect(mock.calls.length).toBe(n);
    expect($(".rp-form-error").hidden).toBe(false);
    expect($(".rp-form-error").textContent).toMatch(/entity/);
  });

  it("picks an entity from the suggestions", async () => {
    (view.el.querySelector('[data-scope="entity"]') as HTMLButtonElement).click();
    const input = $<HTMLInputElement>("input[data-picker=entity]");
    input.focus();
    input.value = "Kataib";
    input.dispatchEvent(new Event("input"));
    await until(() => view.el.querySelector(".rp-suggestion"));
    (view.el.querySelector(".rp-suggestion") as HTMLButtonElement).click();
    expect($(".rp-choice").hidden).toBe(false);
    expect($(".rp-choice").textContent).toMatch(/Kataib Hezbollah/);
    await view.preview();
    expect(shadow().querySelector(".scope")!.textContent).toMatch(/^Entity Kataib Hezbollah/);
  });

  it("picks a story through one of its articles", async () => {
    view.reportOnStory(2, "Iraq Condemns American Airstrike Targeting Kataib Hezbollah");
    expect(view.el.querySelector('[data-scope="story"]')!.getAttribute("aria-pressed")).toBe("true");
    expect($(".rp-choice").textContent).toMatch(/^Story of Iraq Condemns American/);
    await until(() => $(".rp-pane").dataset.state === "ready" && shadow().querySelector(".scope")?.textContent === "Story 2");
    expect(shadow().querySelectorAll("#sources li")).toHaveLength(1);
  });

  it("offers the timeline's dates", async () => {
    const link = $<HTMLButtonElement>("[data-action=use-window]");
    expect(link.hidden).toBe(true);
    timeWindow.set({ from: "2023-12-01", to: "2023-12-31" });
    expect(link.hidden).toBe(false);
    link.click();
    expect($<HTMLInputElement>("input[name=from]").value).toBe("2023-12-01");
    await view.preview();
    expect(shadow().querySelectorAll("#sources li")).toHaveLength(1);
  });

  it("refuses an unreadable date", async () => {
    const from = $<HTMLInputElement>("input[name=from]");
    from.value = "last week";
    await view.preview();
    expect(from.classList.contains("invalid")).toBe(true);
    expect($(".rp-form-error").hidden).toBe(false);
  });

  it("exports, says where, and opens the file", async () => {
    $<HTMLSelectElement>("select[name=format]").value = "pdf";
    $<HTMLSelectElement>("select[name=format]").dispatchEvent(new Event("change"));
    const saved = await view.export();
    expect(saved?.path).toBe("/home/analyst/Documents/dossier-report.pdf");
    expect($("[data-testid=export-saved]").textContent).toMatch(/^Saved to \/home\/analyst\/Documents\/dossier-report\.pdf \(\d+ KB\)$/);
    ($("[data-action=open-export]") as HTMLButtonElement).click();
    await until(() => mock.calls.includes("open_export"));
  });

  it("shows the BOM choice for CSV only", () => {
    const select = $<HTMLSelectElement>("select[name=format]");
    expect($(".rp-bom").hidden).toBe(true);
    select.value = "events-csv";
    select.dispatchEvent(new Event("change"));
    expect($(".rp-bom").hidden).toBe(false);
  });

  const wrap = (override: (command: string) => unknown): Backend => ({
    ...mock,
    async invoke<T>(command: string, args?: Record<string, unknown>): Promise<T> {
      const r = override(command);
      if (r !== undefined) return (r instanceof Error ? Promise.reject(r) : r) as T;
      return mock.invoke<T>(command, args);
    },
  });

  it("says nothing when the save dialog is cancelled", async () => {
    setBackend(wrap((c) => (c === "export_report" ? null : undefined)));
    expect(await view.export()).toBeNull();
    expect($(".rp-export-status").childElementCount).toBe(0);
    expect($(".rp-export-status").dataset.state).toBe("cancelled");
  });

  it("shows export and preview errors", async () => {
    setBackend(wrap((c) => (c === "export_report" || c === "preview_report" ? Object.assign(new Error(), { code: "storage", message: "disk full" }) : undefined)));
    await view.export();
    expect($(".rp-export-status").textContent).toBe("Could not export: disk full");
    await view.preview();
    expect($(".rp-pane").dataset.state).toBe("error");
    expect($(".rp-message .rp-error").textContent).toMatch(/Could not write the report.*disk full/);
  });

  it("shows progress while the preview runs", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    setBackend({
      ...mock,
      async invoke<T>(command: string, args?: Record<string, unknown>): Promise<T> {
        if (command === "preview_report") await gate;
        return mock.invoke<T>(command, args);
      },
    });
    const running = view.preview();
    expect($(".rp-pane").dataset.state).toBe("loading");
    expect($(".rp-progress").hidden).toBe(false);
    expect($<HTMLButtonElement>("[data-action=preview]").disabled).toBe(true);
    release();
    await running;
    expect($(".rp-pane").dataset.state).toBe("ready");
    expect($(".rp-progress").hidden).toBe(true);
  });
});
