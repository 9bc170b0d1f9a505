// The Reports view: choose what a report covers (the whole library, a
// search, a story, an entity, a time window), its title and sections;
// preview it; export it, or the selection's data, to a file the user
// chooses in the native save dialog (Rust opens it, so the webview never
// names a path), and open that file. The preview is the report's own HTML,
// shown under a shadow root by preview.ts.

import { h, replace } from "../../lib/dom";
import { dateBound, formatDate, plural } from "../../lib/format";
import type { TimeWindow } from "../../lib/time-window";
import { icon } from "../../components/icons";
import { listEntities } from "../../ipc/entities";
import { listArticles, searchArticles } from "../../ipc/library";
import { exportReport, openExport, previewReport } from "../../ipc/reports";
import type { ArticleRow, ReportPreview, ReportSections, SavedExport } from "../../ipc/types";
import { attachReport } from "./preview";
import { Picker, type Suggestion } from "./picker";
import { FORMATS, SECTIONS, exportRequest, formatSize, initialChoices, toRequest, type ReportChoices, type Scope } from "./request";
import "./reports.css";

export interface ReportsViewOptions {
  /** The map's and the timeline's time window, offered as this report's. */
  window?: TimeWindow;
}

const SCOPES: { id: Scope; label: string; hint: string }[] = [
  { id: "library", label: "Library", hint: "Everything in the library" },
  { id: "search", label: "Search", hint: "The articles a search finds" },
  { id: "story", label: "Story", hint: "One article and its other versions" },
  { id: "entity", label: "Entity", hint: "The articles and events of one person, organisation or place" },
];

type PaneState = "empty" | "loading" | "ready" | "error";

export class ReportsView {
  readonly el: HTMLElement;
  private choices: ReportChoices = initialChoices();
  private readonly scopeTabs: HTMLElement;
  private readonly scopeBody: HTMLElement;
  private readonly queryInput: HTMLInputElement;
  private readonly story: Picker;
  private readonly entity: Picker;
  private readonly fromInput: HTMLInputElement;
  private readonly toInput: HTMLInputElement;
  private readonly windowLink: HTMLButtonElement;
  private readonly titleInput: HTMLInputElement;
  private readonly formError: HTMLElement;
  private readonly previewButton: HTMLButtonElement;
  private readonly formatSelect: HTMLSelectElement;
  private readonly bomRow: HTMLElement;
  private readonly bomBox: HTMLInputElement;
  private readonly exportButton: HTMLButtonElement;
  private readonly exportStatus: HTMLElement;
  private readonly pane: HTMLElement;
  private readonly paneHead: HTMLElement;
  private readonly progress: HTMLElement;
  private readonly scroller: HTMLElement;
  private readonly host: HTMLElement;
  private readonly message: HTMLElement;
  private readonly linkBar: HTMLElement;
  private previewToken = 0;
  private previewed: ReportPreview | null = null;
  private exporting = false;
  private previewing = false;

  constructor(private readonly opts: ReportsViewOptions = {}) {
    this.scopeTabs = h(
      "div",
      { class: "kind-tabs rp-scopes", role: "group", "aria-label": "The report covers" },
      ...SCOPES.map((s) => h("button", { type: "button", class: "kind-tab", "data-scope": s.id, title: s.hint, "aria-pressed": String(s.id === this.choices.scope), onclick: () => this.setScope(s.id) }, s.label)),
    );
    this.queryInput = h("input", { type: "search", class: "text-input", name: "query", placeholder: "Words, \u201ca phrase\u201d, OR, NOT", "aria-label": "Search query", autocomplete: "off", spellcheck: "false" });
    this.queryInput.addEventListener("input", () => this.change({ query: this.queryInput.value }));
    this.queryInput.addEventListener("keydown", (e) => {
      if (e.key === "Enter") void this.preview();
    });
    this.story = new Picker({
      name: "story",
      placeholder: "Find an article…",
      prefix: "Story of",
      empty: "No article found",
      find: (text) => findArticles(text),
      onChange: (c) => this.change({ story: c }),
    });
    this.entity = new Picker({
      name: "entity",
      placeholder: "Find an entity…",
      prefix: "",
      empty: "No entity by that name",
      find: (text) => findEntities(text),
      onChange: (c) => this.change({ entity: c }),
    });
    this.scopeBody = h("div", { class: "rp-scope-body" });

    const dateInput = (bound: "from" | "to") => {
      const input = h("input", { type: "text", class: "date-input", name: bound, "aria-label": bound === "from" ? "From date" : "To date", placeholder: bound === "from" ? "From 2023-01" : "To 2023-12", spellcheck: "false", autocomplete: "off", maxlength: 10 });
      input.addEventListener("change", () => this.readDate(input, bound));
      return input;
    };
    this.fromInput = dateInput("from");
    this.toInput = dateInput("to");
    this.windowLink = h("button", { type: "button", class: "link-btn rp-window-link", "data-action": "use-window", hidden: true, onclick: () => this.useSharedWindow() });
    opts.window?.subscribe(() => this.renderWindowLink());

    this.titleInput = h("input", { type: "text", class: "text-input", name: "title", placeholder: "Named after the selection", "aria-label": "Report title", autocomplete: "off", maxlength: 200 });
    this.titleInput.addEventListener("input", () => this.change({ title: this.titleInput.value }));

    const sectionBoxes = SECTIONS.map((s) => {
      const box = h("input", { type: "checkbox", name: `section-${s.key}`, "data-section": s.key, checked: this.choices.sections[s.key] });
      box.addEventListener("change", () => this.change({ sections: { ...this.choices.sections, [s.key]: box.checked } as ReportSections }));
      return h("label", { class: "rp-check" }, box, s.label);
    });

    this.formError = h("p", { class: "rp-form-error", role: "alert", hidden: true });
    this.previewButton = h("button", { type: "button", class: "btn btn-primary btn-block", "data-action": "preview", onclick: () => void this.preview() }, icon("reports", 16), "Preview");

    this.formatSelect = h(
      "select",
      { class: "select rp-format", name: "format", "aria-label": "Export format" },
      ...(["Report", "Data"] as const).map((group) =>
        h("optgroup", { label: group === "Report" ? "Report" : "Data for other tools" }, ...FORMATS.filter((f) => f.group === group).map((f) => h("option", { value: f.id, title: f.hint }, f.label))),
      ),
    );
    this.formatSelect.addEventListener("change", () => this.renderFormat());
    this.bomBox = h("input", { type: "checkbox", name: "bom" });
    this.bomRow = h("label", { class: "rp-check rp-bom", title: "Excel reads UTF-8 CSV correctly only with a byte order mark" }, this.bomBox, "For Excel (UTF-8 with BOM)");
    this.exportButton = h("button", { type: "button", class: "btn btn-block", "data-action": "export", onclick: () => void this.export() }, icon("import", 16), "Export…");
    this.exportStatus = h("div", { class: "rp-export-status", "aria-live": "polite" });

    const side = h(
      "aside",
      { class: "rp-side", "aria-label": "Report options" },
      h(
        "section",
        { class: "rp-group" },
        h("h2", null, "Covers"),
        this.scopeTabs,
        this.scopeBody,
        h("div", { class: "rp-field" }, h("span", { class: "rp-label" }, "Dates"), h("div", { class: "date-range" }, this.fromInput, h("span", { class: "dash" }, "–"), this.toInput)),
        this.windowLink,
      ),
      h("section", { class: "rp-group" }, h("h2", null, "Title"), this.titleInput),
      h("section", { class: "rp-group" }, h("h2", null, "Sections"), h("div", { class: "rp-checks" }, ...sectionBoxes)),
      this.formError,
      this.previewButton,
      h("section", { class: "rp-group rp-export" }, h("h2", null, "Export"), this.formatSelect, this.bomRow, this.exportButton, this.exportStatus),
    );

    this.paneHead = h("div", { class: "rp-pane-head" });
    this.progress = h("div", { class: "progress indeterminate rp-progress", hidden: true, role: "progressbar", "aria-label": "Working" }, h("div", { class: "progress-fill" }));
    this.host = h("div", { class: "rp-host", "data-testid": "report-preview" });
    this.message = h("div", { class: "rp-message" });
    this.scroller = h("div", { class: "rp-scroll" }, this.message, this.host);
    this.linkBar = h("div", { class: "rp-link-bar", hidden: true, role: "status" });
    this.pane = h("section", { class: "rp-pane", "aria-label": "Report preview", "data-state": "empty" }, this.paneHead, this.progress, this.scroller, this.linkBar);
    this.el = h("div", { class: "view reports-view" }, side, this.pane);

    this.renderScope();
    this.renderFormat();
    this.renderWindowLink();
    this.renderPane("empty");
  }

  /** Shown: the first time, previews the whole library so there is something to read. */
  async refresh(): Promise<void> {
    this.renderWindowLink();
    if (!this.previewed && !this.previewing && this.pane.dataset.state === "empty") await this.preview();
  }

  /** A report on an article's story (the reader's "Report" button): chosen and previewed. */
  reportOnStory(storyId: number, label: string): void {
    this.story.set({ id: storyId, label });
    this.choices = { ...this.choices, scope: "story", story: { id: storyId, label } };
    this.renderScope();
    void this.preview();
  }

  // ---------- choices ----------

  private change(patch: Partial<ReportChoices>): void {
    this.choices = { ...this.choices, ...patch };
    this.formError.hidden = true;
    if (this.previewed) this.pane.classList.add("is-stale");
  }

  private setScope(scope: Scope): void {
    this.change({ scope });
    this.renderScope();
    if (scope === "search") this.queryInput.focus();
    else if (scope === "story" && !this.story.value) this.story.input.focus();
    else if (scope === "entity" && !this.entity.value) this.entity.input.focus();
  }

  private renderScope(): void {
    for (const b of this.scopeTabs.querySelectorAll<HTMLElement>("[data-scope]")) b.setAttribute("aria-pressed", String(b.dataset.scope === this.choices.scope));
    const scope = this.choices.scope;
    replace(
      this.scopeBody,
      scope === "library" ? h("p", { class: "rp-hint" }, "Every article in the library, narrowed by the dates below if you give them.") : null,
      scope === "search" ? this.queryInput : null,
      scope === "story" ? this.story.el : null,
      scope === "story" ? h("p", { class: "rp-hint" }, "The article you pick and the other versions of its story.") : null,
      scope === "entity" ? this.entity.el : null,
    );
  }

  private readDate(input: HTMLInputElement, bound: "from" | "to"): void {
    const value = dateBound(input.value, bound);
    input.classList.toggle("invalid", value === null);
    input.title = value === null ? "Write a year (2023), a month (2023-11) or a day (2023-11-22)" : "";
    if (value === null || value === this.choices[bound]) return;
    this.change({ [bound]: value });
  }

  private renderWindowLink(): void {
    const w = this.opts.window?.get();
    const set = !!w && (w.from !== null || w.to !== null);
    this.windowLink.hidden = !set;
    if (set) this.windowLink.textContent = `Use the timeline’s dates (${w.from ? formatDate(w.from) : "…"} – ${w.to ? formatDate(w.to) : "…"})`;
  }

  private useSharedWindow(): void {
    const w = this.opts.window?.get();
    if (!w) return;
    this.fromInput.value = w.from ?? "";
    this.toInput.value = w.to ?? "";
    this.fromInput.classList.remove("invalid");
    this.toInput.classList.remove("invalid");
    this.change({ from: w.from ?? "", to: w.to ?? "" });
  }

  private renderFormat(): void {
    const option = FORMATS.find((f) => f.id === this.formatSelect.value) ?? FORMATS[0];
    this.bomRow.hidden = option.format !== "csv";
    this.formatSelect.title = option.hint;
  }

  /** The request, or null after saying what is missing. */
  private request() {
    // A date typed but not yet confirmed with Tab or Enter still counts.
    this.readDate(this.fromInput, "from");
    this.readDate(this.toInput, "to");
    if (this.fromInput.classList.contains("invalid") || this.toInput.classList.contains("invalid")) {
      this.showFormError("Write dates as a year (2023), a month (2023-11) or a day (2023-11-22).");
      return null;
    }
    const r = toRequest(this.choices);
    if ("error" in r) {
      this.showFormError(r.error);
      return null;
    }
    return r.request;
  }

  private showFormError(message: string): void {
    this.formError.textContent = message;
    this.formError.hidden = false;
  }

  // ---------- preview ----------

  async preview(): Promise<void> {
    const request = this.request();
    if (!request) return;
    const token = ++this.previewToken;
    this.previewing = true;
    this.setBusy();
    this.renderPane("loading");
    try {
      const preview = await previewReport(request);
      if (token !== this.previewToken) return;
      attachReport(this.host, preview.html, { onExternalLink: (url) => this.showLink(url) });
      this.previewed = preview;
      this.pane.classList.remove("is-stale");
      this.scroller.scrollTop = 0;
      this.renderPane("ready");
    } catch (err) {
      if (token !== this.previewToken) return;
      this.renderPane("error", (err as Error).message || String(err));
    } finally {
      if (token === this.previewToken) {
        this.previewing = false;
        this.setBusy();
      }
    }
  }

  private renderPane(state: PaneState, error?: string): void {
    this.pane.dataset.state = state;
    this.pane.setAttribute("aria-busy", String(state === "loading"));
    this.linkBar.hidden = true;
    const p = this.previewed;
    if (state === "loading") {
      replace(this.paneHead, h("div", { class: "rp-pane-title" }, h("span", { class: "spinner" }), h("span", null, "Writing the report…")));
      this.host.classList.add("is-dim");
      this.message.hidden = !!p;
      replace(this.message, p ? null : h("p", { class: "muted" }, "Gathering the events, places, entities and sources…"));
      return;
    }
    this.host.classList.remove("is-dim");
    if (state === "error") {
      replace(this.paneHead, h("div", { class: "rp-pane-title" }, h("span", null, "Preview")));
      this.host.hidden = true;
      this.message.hidden = false;
      replace(this.message, h("div", { class: "rp-error", role: "alert" }, icon("alert", 18), h("div", null, h("strong", null, "Could not write the report"), h("p", null, error ?? "Unknown error"))));
      return;
    }
    if (state === "empty" || !p) {
      replace(this.paneHead, h("div", { class: "rp-pane-title" }, h("span", null, "Preview")));
      this.host.hidden = true;
      this.message.hidden = false;
      replace(this.message, h("div", { class: "rp-empty" }, h("div", { class: "placeholder-art" }, icon("reports", 30)), h("p", null, "Choose what the report covers, then Preview.")));
      return;
    }
    this.host.hidden = false;
    this.message.hidden = true;
    replace(
      this.paneHead,
      h("div", { class: "rp-pane-title" }, h("strong", { "data-testid": "report-title" }, p.title), h("span", { class: "muted rp-scope-text" }, p.scope)),
      h(
        "div",
        { class: "rp-counts", "data-testid": "report-counts" },
        h("span", null, plural(p.sources, "source")),
        h("span", null, plural(p.events, "event")),
        h("span", null, plural(p.places, "place")),
        h("span", null, plural(p.profiles, "profile")),
      ),
      h("span", { class: "rp-stale-note" }, "Options changed: preview again"),
    );
  }

  private showLink(url: string): void {
    replace(
      this.linkBar,
      icon("external", 15),
      h("span", { class: "rp-link-text" }, "Web links open outside Dossier: ", h("span", { class: "rp-link-url" }, url)),
      h("button", { type: "button", class: "icon-btn", "aria-label": "Close", onclick: () => (this.linkBar.hidden = true) }, icon("close", 14)),
    );
    this.linkBar.hidden = false;
  }

  // ---------- export ----------

  async export(): Promise<SavedExport | null> {
    const request = this.request();
    if (!request || this.exporting) return null;
    const option = FORMATS.find((f) => f.id === this.formatSelect.value) ?? FORMATS[0];
    this.exporting = true;
    this.setBusy();
    replace(this.exportStatus, h("div", { class: "rp-exporting" }, h("span", { class: "spinner" }), `Writing ${option.label}…`));
    this.exportStatus.dataset.state = "working";
    try {
      const saved = await exportReport(exportRequest(request, option, this.bomBox.checked));
      if (!saved) {
        // Cancelled in the dialog: nothing to say.
        replace(this.exportStatus);
        this.exportStatus.dataset.state = "cancelled";
        return null;
      }
      this.exportStatus.dataset.state = "saved";
      this.exportStatus.dataset.path = saved.path;
      replace(
        this.exportStatus,
        h(
          "div",
          { class: "rp-saved" },
          icon("check", 16),
          h("span", { class: "rp-saved-text", "data-testid": "export-saved" }, "Saved to ", h("span", { class: "rp-path", title: saved.path }, saved.path), ` (${formatSize(saved.bytes)})`),
          h("button", { type: "button", class: "btn btn-small", "data-action": "open-export", onclick: () => void this.openSaved() }, icon("external", 14), "Open"),
        ),
      );
      return saved;
    } catch (err) {
      this.exportStatus.dataset.state = "error";
      replace(this.exportStatus, h("div", { class: "rp-error rp-error-small", role: "alert" }, icon("alert", 16), h("span", null, `Could not export: ${(err as Error).message || String(err)}`)));
      return null;
    } finally {
      this.exporting = false;
      this.setBusy();
    }
  }

  private async openSaved(): Promise<void> {
    try {
      await openExport();
    } catch (err) {
      replace(this.exportStatus, h("div", { class: "rp-error rp-error-small", role: "alert" }, icon("alert", 16), h("span", null, `Could not open the file: ${(err as Error).message || String(err)}`)));
    }
  }

  private setBusy(): void {
    this.previewButton.disabled = this.previewing;
    this.exportButton.disabled = this.exporting;
    this.progress.hidden = !(this.previewing || this.exporting);
  }
}

async function findEntities(text: string): Promise<Suggestion[]> {
  if (!text) return [];
  const page = await listEntities({ text, limit: 8, sort: "mentions" });
  return page.rows.map((e) => ({ id: e.id, label: e.name, dot: `kind-dot kind-${e.kind.toLowerCase()}`, meta: plural(e.mention_count, "mention") }));
}

/** Articles by a search (or the latest, before anything is typed); the choice is the article's story. */
async function findArticles(text: string): Promise<Suggestion[]> {
  let rows: ArticleRow[];
  if (!text) rows = (await listArticles({ sort: "date_desc", limit: 8 })).rows;
  else {
    try {
      rows = (await searchArticles({ query: text, limit: 8 })).hits.map((hit) => hit.article);
    } catch {
      // Half a query ("\"Kataib") is not yet valid search syntax: no suggestions until it is.
      rows = [];
    }
  }
  // One suggestion per story: its versions make the same report.
  const seen = new Set<number>();
  return rows
    .filter((a) => !seen.has(a.story_id) && seen.add(a.story_id))
    .map((a) => ({
      id: a.story_id,
      label: a.title,
      meta: [a.outlet, formatDate(a.published), a.story_size > 1 ? `${a.story_size} versions` : null].filter(Boolean).join(" · "),
    }));
}
