// The timeline view: events over time, grouped by family or by actor, on a
// zoomable, pannable chart (chart.ts) whose visible window is the shared
// TimeWindow (the map filters by it, and moving the map's window moves this
// one); filters (filters.ts); the selected event's page with its sources and
// their disagreements (details.ts); the user's curation of events (edit,
// merge, split, add: curate.ts), after which the core rebuilds the events, so
// the returned event is shown and the chart reloaded.

import { h, replace } from "../../lib/dom";
import { plural } from "../../lib/format";
import type { TimeWindow, Window } from "../../lib/time-window";
import { icon } from "../../components/icons";
import { curateEvent, getEvent, timeline } from "../../ipc/places";
import { getArticle } from "../../ipc/library";
import type { EventCuration, EventDetail, EventRow } from "../../ipc/types";
import { EventChart } from "./chart";
import { editOp, renderAddForm, renderEditForm, renderMergePicker, showFormError, type EditField } from "./curate";
import { renderDetails } from "./details";
import { FilterBar, toQuery, type TimelineFilter } from "./filters";
import { buildItems, dayAfter, isoDay, toIsoDay, type GroupBy } from "./items";
import "./timeline.css";

export interface TimelineViewOptions {
  window: TimeWindow;
  onOpenArticle(articleId: number, span: { start: number; end: number } | null): void;
  onShowPlace(placeId: number): void;
}

export class TimelineView {
  readonly el: HTMLElement;
  private chart: EventChart;
  private filters: FilterBar;
  private detailPane: HTMLElement;
  private countLine: HTMLElement;
  private groupButtons: HTMLButtonElement[];
  private groupBy: GroupBy = "family";
  private rows: EventRow[] = [];
  private undated: EventRow[] = [];
  private total = 0;
  private selected: number | null = null;
  private detail: EventDetail | null = null;
  private loadVersion = 0;
  private detailVersion = 0;
  private loadingDetail: number | null = null;
  private loaded = false;
  private fitted = false;
  private windowTimer = 0;
  private readonly windowListener = (w: Window) => this.applyWindow(w);

  constructor(readonly opts: TimelineViewOptions) {
    this.chart = new EventChart({
      onSelect: (id) => {
        if (id == null) return;
        void this.openEvent(id, false);
      },
      onRangeChanged: (start, end, byUser) => {
        if (!byUser) return;
        clearTimeout(this.windowTimer);
        this.windowTimer = window.setTimeout(() => {
          const last = new Date(end.getTime() - 1);
          this.opts.window.set({ from: toIsoDay(start), to: toIsoDay(last) }, this.windowListener);
        }, 200);
      },
    });
    this.filters = new FilterBar((f) => this.onFilter(f));
    this.countLine = h("div", { class: "tl-count", "aria-live": "polite", "data-testid": "timeline-count" });
    this.groupButtons = (["family", "actor"] as GroupBy[]).map((g) =>
      h(
        "button",
        { class: "kind-tab", type: "button", "data-group-by": g, "aria-pressed": String(g === this.groupBy), onclick: () => this.setGroupBy(g) },
        g === "family" ? "By type" : "By actor",
      ),
    );
    this.detailPane = h("aside", { class: "tl-detail-pane", "aria-label": "Event details", "data-testid": "event-details" });
    this.renderEmptyDetail();
    const toolbar = h(
      "div",
      { class: "toolbar tl-toolbar" },
      this.filters.el,
      h(
        "div",
        { class: "tl-controls" },
        h("div", { class: "kind-tabs", role: "group", "aria-label": "Group events" }, ...this.groupButtons),
        h("button", { class: "icon-btn", type: "button", title: "Zoom out", "aria-label": "Zoom out", onclick: () => this.chart.zoom(2.5) }, "−"),
        h("button", { class: "icon-btn", type: "button", title: "Zoom in", "aria-label": "Zoom in", onclick: () => this.chart.zoom(0.4) }, "+"),
        h("button", { class: "btn btn-small", type: "button", "data-action": "fit", title: "Show every event and clear the time window", onclick: () => this.fitAll() }, "Fit all"),
        h("button", { class: "btn btn-small", type: "button", "data-action": "add-event", title: "Add an event the articles report and the timeline missed", onclick: () => this.showAddForm() }, "Add event"),
      ),
    );
    const legend = h(
      "div",
      { class: "tl-legend", "aria-label": "How dates are drawn" },
      h("span", { class: "tl-legend-item" }, h("span", { class: "tl-key tl-key-point" }), "day"),
      h("span", { class: "tl-legend-item" }, h("span", { class: "tl-key tl-key-range" }), "week, month, year"),
      h("span", { class: "tl-legend-item" }, h("span", { class: "tl-key tl-key-reported" }), "report’s date only"),
      h("span", { class: "tl-legend-item" }, h("span", { class: "tl-key tl-key-earlier" }), "“earlier” than the report"),
      h("span", { class: "tl-legend-item" }, h("span", { class: "tl-key tl-key-cluster" }, "3"), "close together: click to zoom"),
    );
    this.el = h(
      "div",
      { class: "view timeline-view" },
      toolbar,
      h("div", { class: "tl-body" }, h("div", { class: "tl-main" }, h("div", { class: "tl-status" }, this.countLine, legend), this.chart.el), this.detailPane),
    );
    this.opts.window.subscribe(this.windowListener);
  }

  /** Reloads the events (the view was shown, or the library changed). */
  async refresh(): Promise<void> {
    await this.load();
  }

  /** Selects an event and shows its page (from the map, or a click on the chart). */
  async openEvent(id: number, focus = true): Promise<void> {
    if (this.selected === id && (this.detail?.event.id === id || this.loadingDetail === id)) return;
    this.selected = id;
    this.loadingDetail = id;
    const version = ++this.detailVersion;
    this.chart.select(id, focus);
    replace(this.detailPane, h("div", { class: "tl-detail-loading muted" }, "Loading the event…"));
    let detail: EventDetail;
    try {
      detail = await getEvent(id);
    } catch (e) {
      if (version !== this.detailVersion) return;
      this.loadingDetail = null;
      const message = (e as { message?: string })?.message ?? String(e);
      replace(this.detailPane, h("div", { class: "tl-detail-empty" }, h("p", { class: "error-text" }, `This event could not be loaded: ${message}`)));
      return;
    }
    if (version !== this.detailVersion) return;
    this.showDetail(detail);
  }

  /** Shows an event's page (loaded, or returned by a curation). */
  private showDetail(detail: EventDetail): void {
    this.detailVersion++;
    this.loadingDetail = null;
    this.selected = detail.event.id;
    this.detail = detail;
    replace(
      this.detailPane,
      renderDetails(detail, {
        onOpenArticle: (articleId, span) => this.opts.onOpenArticle(articleId, span),
        onShowPlace: (placeId) => this.opts.onShowPlace(placeId),
        onClose: () => this.closeEvent(),
        curation: {
          onEdit: (slot) => this.toggleSlot(slot, "edit", () => this.editForm(detail, () => closeSlot(slot))),
          onMerge: (slot) =>
            this.toggleSlot(slot, "merge", () =>
              renderMergePicker(detail.event, this.rows, {
                onMerge: (other) => this.curate({ op: "merge", events: [detail.event.id, other.id] }),
                onCancel: () => closeSlot(slot),
              }),
            ),
          onSplit: (keys) =>
            this.curate({ op: "split", event: detail.event.id, mentions: keys }).catch((e) => {
              this.showCurationError(e);
              throw e;
            }),
        },
      }),
    );
    this.detailPane.querySelector(".tl-detail")?.append(
      h(
        "div",
        { class: "tl-detail-actions" },
        h("button", { class: "btn btn-small", type: "button", "data-action": "story", onclick: () => void this.filterByStoryOf(detail) }, "Only this story’s events"),
      ),
    );
    this.detailPane.scrollTop = 0;
  }

  /** Redraw times of a simulated pan, in milliseconds (benchmarks; see the dev scene `#bench`). */
  benchPan(steps = 40): number[] {
    return this.chart.benchPan(steps);
  }

  /** Filters the view to one entity's events (e.g. from an entity's page). */
  filterByEntity(id: number, name: string): void {
    this.filters.set({ entity: { id, name } });
  }

  /** Opens a form in the slot under the event's buttons, or closes it when it is open. */
  private toggleSlot(slot: HTMLElement, name: string, make: () => HTMLElement): void {
    if (slot.dataset.open === name) return closeSlot(slot);
    slot.dataset.open = name;
    const el = make();
    replace(slot, el);
    (el.querySelector("input, select, textarea") as HTMLElement | null)?.focus();
  }

  private editForm(detail: EventDetail, close: () => void): HTMLElement {
    return renderEditForm(detail.event, {
      onSave: async (changes) => {
        // Each edit rebuilds the events: the next one goes to the returned event's id.
        let id = detail.event.id;
        let last: EventDetail | null = null;
        for (const [i, c] of changes.entries()) {
          try {
            last = await curateEvent(editOp(id, c.field, c.value));
          } catch (e) {
            if (i === 0) throw e;
            this.afterCuration(last);
            this.showCurationError(e);
            return;
          }
          if (!last) break;
          id = last.event.id;
        }
        this.afterCuration(last);
      },
      onReset: (field: EditField) => this.curate(editOp(detail.event.id, field, null)),
      onCancel: close,
    });
  }

  private showAddForm(): void {
    this.detailVersion++;
    this.loadingDetail = null;
    const back = this.detail;
    const form = renderAddForm({
      onAdd: (op) => this.curate(op),
      onCancel: () => (back ? this.showDetail(back) : this.closeEvent()),
    });
    replace(this.detailPane, h("div", { class: "tl-detail" }, form));
    (form.querySelector("select") as HTMLElement | null)?.focus();
  }

  /** Sends a curation, then shows what it returns and reloads the chart. Rejects with the core's message. */
  private async curate(op: EventCuration): Promise<void> {
    this.afterCuration(await curateEvent(op));
  }

  private afterCuration(detail: EventDetail | null): void {
    if (detail) this.showDetail(detail);
    else this.closeEvent();
    void this.load();
  }

  private showCurationError(e: unknown): void {
    const error = h("p", { class: "error-text tl-form-error", role: "alert" });
    showFormError(error, e);
    const slot = this.detailPane.querySelector(".tl-curate-slot");
    if (slot) replace(slot, error);
  }

  private closeEvent(): void {
    this.selected = null;
    this.detail = null;
    this.loadingDetail = null;
    this.detailVersion++;
    this.chart.select(null, false);
    this.renderEmptyDetail();
  }

  private async filterByStoryOf(detail: EventDetail): Promise<void> {
    const first = detail.sources[0];
    if (!first) return;
    try {
      const article = await getArticle(first.article_id);
      this.filters.set({ story: { id: article.story_id, label: `Story of “${article.title.value}”` } });
    } catch {
      /* the article is gone: nothing to filter by */
    }
  }

  /** The events without a date, which the chart cannot draw, as a list to open. */
  private showUndated(): void {
    this.selected = null;
    this.detail = null;
    this.detailVersion++;
    this.chart.select(null, false);
    replace(
      this.detailPane,
      h(
        "div",
        { class: "tl-undated", "data-testid": "undated-events" },
        h("h2", { class: "tl-undated-title" }, `${plural(this.undated.length, "event")} without a date`),
        h(
          "p",
          { class: "muted" },
          "Neither their sentences nor their articles give a date. Setting an undated article’s publication date in the reader dates what it reports as news of that day.",
        ),
        h(
          "ul",
          { class: "tl-undated-list" },
          ...this.undated.map((row) =>
            h(
              "li",
              null,
              h("button", { class: "link-btn", type: "button", "data-event-id": String(row.id), onclick: () => void this.openEvent(row.id, false) }, row.summary || row.kind),
              row.place_name ? h("span", { class: "muted" }, ` · ${row.place_name}`) : null,
            ),
          ),
        ),
      ),
    );
  }

  private renderEmptyDetail(): void {
    replace(
      this.detailPane,
      h(
        "div",
        { class: "tl-detail-empty" },
        icon("timeline", 28, "icon placeholder-icon"),
        h("p", { class: "tl-detail-empty-title" }, "Select an event"),
        h("p", { class: "muted" }, "Its date, place, actors and figures, and every source that reports it, with the sentence, appear here."),
      ),
    );
  }

  private onFilter(_f: TimelineFilter): void {
    void this.load();
  }

  private setGroupBy(g: GroupBy): void {
    if (g === this.groupBy) return;
    this.groupBy = g;
    for (const b of this.groupButtons) b.setAttribute("aria-pressed", String(b.dataset.groupBy === g));
    this.draw(false);
  }

  private async load(): Promise<void> {
    const version = ++this.loadVersion;
    const filter = this.filters.value;
    this.countLine.textContent = "Loading events…";
    let page;
    try {
      page = await timeline(toQuery(filter));
    } catch (e) {
      if (version !== this.loadVersion) return;
      const message = (e as { message?: string })?.message ?? String(e);
      replace(this.countLine, h("span", { class: "error-text" }, `The events could not be loaded: ${message}`));
      return;
    }
    if (version !== this.loadVersion) return;
    this.rows = page.events;
    this.total = page.total;
    this.filters.offerPlaces(this.rows);
    this.loaded = true;
    this.draw(!this.fitted);
  }

  private draw(fit: boolean): void {
    const started = performance.now();
    const { items, groups, undated } = buildItems(this.rows, this.groupBy);
    const w = this.opts.window.get();
    const hasWindow = w.from != null && w.to != null;
    this.chart.setData(items, groups, fit && !hasWindow, started);
    if (this.chart.ready) {
      if (fit) {
        this.fitted = true;
        if (hasWindow) this.applyWindow(w);
      }
      if (this.selected != null) this.chart.select(this.selected, false);
    }
    this.undated = undated;
    const parts = [this.rows.length ? plural(this.total, "event") : "No events"];
    if (this.total > this.rows.length) parts.push(`the first ${this.rows.length.toLocaleString("en")} shown: filter to see the rest`);
    const count = parts.join(" · ");
    if (undated.length) {
      replace(
        this.countLine,
        `${count} · `,
        h(
          "button",
          { class: "link-btn", type: "button", "data-action": "list-undated", title: "List the events the chart cannot place", onclick: () => this.showUndated() },
          `${undated.length.toLocaleString("en")} without a date`,
        ),
        " not drawn",
      );
    } else {
      this.countLine.textContent = count;
    }
    this.el.classList.toggle("tl-empty", this.loaded && !this.rows.length);
  }

  /** The map (or anyone else) moved the shared window: show it. */
  private applyWindow(w: Window): void {
    const from = isoDay(w.from);
    const to = isoDay(w.to);
    if (from && to) this.chart.setWindow(from, dayAfter(to));
    else if (!w.from && !w.to) this.chart.fit();
  }

  private fitAll(): void {
    this.chart.fit();
    this.opts.window.set({ from: null, to: null }, this.windowListener);
  }
}

function closeSlot(slot: HTMLElement): void {
  replace(slot);
  delete slot.dataset.open;
}
