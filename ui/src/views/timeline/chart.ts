// The zoomable, pannable chart: vis-timeline (the peer build, whose styles
// come from the stylesheet file rather than injected <style> tags, which the
// app's CSP forbids). Items are drawn by a template that returns elements
// built with h(), never HTML strings, and carry data-event-id and a readable
// summary so that they can be found and tested. Clustering is ours
// (items.ts clusterItems): only the window and its neighbours are handed to
// vis-timeline, binned at the current zoom, so it draws a few hundred items
// whatever the number of events (its own `cluster` option took 2.5 s for 10,000).

import { Timeline, type TimelineOptions } from "vis-timeline";
import { DataSet } from "vis-data";
import "vis-timeline/styles/vis-timeline-graph2d.min.css";
import { h } from "../../lib/dom";
import { clusterItems, toIsoDay, type ClusterSpec, type GroupSpec, type ItemSpec } from "./items";

export interface ChartCallbacks {
  onSelect(eventId: number | null): void;
  /** The visible window moved; `byUser` when the user panned or zoomed. */
  onRangeChanged(start: Date, end: Date, byUser: boolean): void;
}

interface VisItem {
  id: string;
  group: string;
  start: Date;
  end?: Date;
  type: "point" | "range";
  className: string;
  content: string;
  spec?: ItemSpec;
  cluster?: ClusterSpec;
}

const DAY = 86_400_000;
/** Events closer than this many pixels in one row are drawn as one cluster. */
const BIN_PX = 60;
/** A bin with more events than this becomes a cluster. */
const MAX_PER_BIN = 2;

export class EventChart {
  readonly el: HTMLElement;
  private timeline: Timeline | null = null;
  private items = new DataSet<VisItem, "id">();
  private groups = new DataSet<{ id: string; content: string; order: number; className: string; spec: GroupSpec }, "id">();
  private byId = new Map<string, ItemSpec>();
  /** Every item, sorted by start; the DataSet holds the window's, clustered. */
  private specs: ItemSpec[] = [];
  private clusters = new Map<string, ClusterSpec>();
  private covered: { from: number; to: number; binMs: number } | null = null;
  private selectedIds: string[] = [];
  /** Milliseconds from setData to the end of the first redraw after it. */
  lastRenderMs: number | null = null;
  private renderStarted: number | null = null;
  /** vis-timeline fits itself once after its first redraw; a window asked for before that is applied after it. */
  private firstDrawn = false;
  private pendingWindow: [Date, Date] | null = null;

  constructor(private cb: ChartCallbacks) {
    this.el = h("div", { class: "tl-chart", "data-testid": "timeline-chart" });
  }

  /** Creates the chart once its element is in the document (vis measures it). */
  private ensure(): Timeline | null {
    if (this.timeline) return this.timeline;
    if (!this.el.isConnected) return null;
    const options: TimelineOptions = {
      height: "100%",
      orientation: { axis: "top", item: "top" },
      stack: true,
      selectable: true,
      multiselect: false,
      showCurrentTime: false,
      zoomMin: DAY * 2,
      zoomMax: DAY * 365 * 40,
      margin: { item: { horizontal: 4, vertical: 4 }, axis: 6 },
      groupOrder: "order",
      verticalScroll: true,
      zoomKey: "",
      template: (item: VisItem | undefined) => this.content(item),
      groupTemplate: (group: { spec: GroupSpec } | undefined) =>
        group ? h("span", { class: "tl-group-label" }, h("span", { class: "tl-group-name", title: group.spec.label }, group.spec.label), h("span", { class: "tl-group-count" }, group.spec.count.toLocaleString("en"))) : h("span"),
    };
    const timeline = new Timeline(this.el, this.items, this.groups, options);
    timeline.on("select", (props: { items: (string | number)[] }) => {
      const spec = props.items.length ? this.byId.get(String(props.items[0])) : undefined;
      this.cb.onSelect(spec ? spec.eventId : null);
    });
    timeline.on("click", (props: { item: string | number | null }) => {
      // A cluster is not an event: clicking one zooms in on it.
      const cluster = props.item != null ? this.clusters.get(String(props.item)) : undefined;
      if (cluster) this.zoomTo(cluster);
    });
    timeline.on("rangechange", () => this.rebinIfNeeded(false));
    timeline.on("rangechanged", (props: { start: Date; end: Date; byUser: boolean }) => {
      this.rebinIfNeeded(true);
      this.cb.onRangeChanged(props.start, props.end, props.byUser);
    });
    timeline.on("changed", () => {
      if (!this.firstDrawn && this.specs.length) {
        this.firstDrawn = true;
        const w = this.pendingWindow;
        this.pendingWindow = null;
        if (w) timeline.setWindow(w[0], w[1], { animation: false });
        this.rebin();
      }
      if (this.renderStarted != null) {
        this.lastRenderMs = performance.now() - this.renderStarted;
        this.renderStarted = null;
        this.el.setAttribute("data-render-ms", this.lastRenderMs.toFixed(0));
      }
    });
    this.timeline = timeline;
    return timeline;
  }

  private content(item: VisItem | undefined): HTMLElement {
    if (!item?.spec) {
      const c = item?.cluster;
      return h(
        "span",
        {
          class: "tl-cluster-label",
          "data-cluster-size": c?.count ?? 0,
          "data-group": c?.group,
          "data-from": c ? toIsoDay(c.from) : null,
          "data-to": c ? toIsoDay(new Date(c.to.getTime() - 1)) : null,
          "aria-label": c ? `${c.count} events close together: click to zoom in` : "",
          onclick: () => c && this.zoomTo(c),
        },
        (c?.count ?? 0).toLocaleString("en"),
      );
    }
    const s = item.spec;
    return h(
      "span",
      {
        class: "tl-label",
        "data-event-id": s.eventId,
        "data-shape": s.shape,
        "data-family": s.family,
        "data-kind": s.kind,
        "data-date": s.day,
        "data-sources": s.sources,
        "aria-label": s.label,
        // vis-timeline selects on pointer taps; a plain click (keyboard, tests) selects too.
        onclick: () => this.cb.onSelect(s.eventId),
      },
      s.summary,
    );
  }

  /** Replaces the items and groups; keeps the visible window unless `fit`. */
  setData(items: ItemSpec[], groups: GroupSpec[], fit: boolean, startedAt = performance.now()): void {
    this.renderStarted = startedAt;
    this.specs = [...items].sort((a, b) => a.start.getTime() - b.start.getTime());
    this.byId = new Map(items.map((i) => [i.id, i]));
    const timeline = this.ensure();
    this.groups.clear();
    this.groups.add(groups.map((g) => ({ id: g.id, content: "", order: g.order, className: g.className, spec: g })));
    if (timeline && fit && items.length) this.fit();
    this.covered = null;
    this.rebin();
  }

  /** The window's width in pixels (the chart's centre panel). */
  private width(): number {
    const center = this.el.querySelector<HTMLElement>(".vis-panel.vis-center");
    return center?.clientWidth || Math.max(400, this.el.clientWidth - 160);
  }

  /** Hands vis-timeline the items of the window and one window either side, clustered at this zoom. */
  private rebin(): void {
    const w = this.getWindow();
    if (!w) return;
    const span = Math.max(1, w.end.getTime() - w.start.getTime());
    const binMs = (span / this.width()) * BIN_PX;
    const from = w.start.getTime() - span;
    const to = w.end.getTime() + span;
    const { items, clusters } = clusterItems(this.specs, from, to, binMs, MAX_PER_BIN);
    this.clusters = new Map(clusters.map((c) => [c.id, c]));
    const next: VisItem[] = [
      ...items.map((s) => ({ id: s.id, group: s.group, start: s.start, ...(s.end ? { end: s.end } : {}), type: s.type, className: s.className, content: "", spec: s })),
      ...clusters.map((c) => ({ id: c.id, group: c.group, start: c.at, type: "point" as const, className: `tl-cluster tl-${c.family}`, content: "", cluster: c })),
    ];
    this.items.clear();
    this.items.add(next);
    this.covered = { from, to, binMs };
    const present = this.selectedIds.filter((id) => this.items.get(id) != null);
    this.timeline?.setSelection(present);
  }

  private rebinIfNeeded(settled: boolean): void {
    const w = this.getWindow();
    const c = this.covered;
    if (!w) return;
    if (!c) return this.rebin();
    const span = w.end.getTime() - w.start.getTime();
    const binMs = (span / this.width()) * BIN_PX;
    const outside = w.start.getTime() < c.from + span / 4 || w.end.getTime() > c.to - span / 4;
    const rescaled = binMs / c.binMs > 1.4 || c.binMs / binMs > 1.4;
    if (outside || (settled && rescaled) || (!settled && (binMs / c.binMs > 3 || c.binMs / binMs > 3))) this.rebin();
  }

  private zoomTo(c: ClusterSpec): void {
    const pad = Math.max((c.to.getTime() - c.from.getTime()) * 0.15, DAY * 2);
    this.timeline?.setWindow(new Date(c.from.getTime() - pad), new Date(c.to.getTime() + pad * 2), { animation: false });
  }

  /** Shows every item, with room on the right for the labels of the last points. */
  fit(): void {
    if (!this.timeline || !this.specs.length) return;
    let min = Infinity;
    let max = -Infinity;
    for (const s of this.specs) {
      min = Math.min(min, s.start.getTime());
      max = Math.max(max, (s.end ?? s.start).getTime());
    }
    const span = Math.max(max - min, DAY * 14);
    // Room on the right for the last points' labels (about 300 pixels).
    const right = (span * 300) / Math.max(200, this.width() - 320);
    this.setWindow(new Date(min - span * 0.03), new Date(max + right));
  }

  setWindow(start: Date, end: Date): void {
    if (!this.timeline) return;
    if (!this.firstDrawn) this.pendingWindow = [start, end];
    this.timeline.setWindow(start, end, { animation: false });
  }

  getWindow(): { start: Date; end: Date } | null {
    if (!this.timeline) return null;
    const w = this.timeline.getWindow();
    return { start: new Date(w.start), end: new Date(w.end) };
  }

  zoomAround(time: Date, factor: number): void {
    const w = this.getWindow();
    if (!w) return;
    const half = ((w.end.getTime() - w.start.getTime()) * factor) / 2;
    this.timeline?.setWindow(new Date(time.getTime() - half), new Date(time.getTime() + half), { animation: true });
  }

  zoom(factor: number): void {
    const w = this.getWindow();
    if (!w) return;
    this.zoomAround(new Date((w.start.getTime() + w.end.getTime()) / 2), factor);
  }

  /** Selects an event's items (all its rows) and, with `focus`, zooms to it if it is out of view or in a cluster. */
  select(eventId: number | null, focus: boolean): void {
    if (!this.timeline) return;
    this.selectedIds = eventId == null ? [] : this.specs.filter((s) => s.eventId === eventId).map((s) => s.id);
    this.timeline.setSelection(this.selectedIds.filter((id) => this.items.get(id) != null));
    if (!focus || !this.selectedIds.length) return;
    const spec = this.byId.get(this.selectedIds[0])!;
    const w = this.getWindow();
    const drawn = this.selectedIds.some((id) => this.items.get(id) != null);
    const inView = w && spec.start >= w.start && spec.start <= w.end;
    if (drawn && inView) return;
    const end = spec.end ?? spec.start;
    const span = Math.max(end.getTime() - spec.start.getTime(), DAY * 20);
    this.setWindow(new Date(spec.start.getTime() - span / 2), new Date(end.getTime() + span));
    this.rebin();
    this.timeline.setSelection(this.selectedIds.filter((id) => this.items.get(id) != null));
  }

  /**
   * Pans the window by a tenth of its width `steps` times, redrawing each
   * time, and returns the milliseconds each redraw took (for benchmarks).
   */
  benchPan(steps: number): number[] {
    const timeline = this.timeline;
    const w = this.getWindow();
    if (!timeline || !w) return [];
    const width = w.end.getTime() - w.start.getTime();
    const out: number[] = [];
    for (let i = 1; i <= steps; i++) {
      const t0 = performance.now();
      const shift = (width / 10) * (i % 20 < 10 ? i % 10 : 10 - (i % 10));
      timeline.setWindow(new Date(w.start.getTime() + shift), new Date(w.end.getTime() + shift), { animation: false });
      timeline.redraw();
      out.push(performance.now() - t0);
    }
    timeline.setWindow(w.start, w.end, { animation: false });
    return out;
  }

  /** Whether the chart exists (it waits until its element is in the document). */
  get ready(): boolean {
    return this.ensure() !== null;
  }

  destroy(): void {
    this.timeline?.destroy();
    this.timeline = null;
  }
}
