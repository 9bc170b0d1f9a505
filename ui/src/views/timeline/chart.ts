// The zoomable, pannable chart: vis-timeline (the peer build, whose styles
// come from the stylesheet file rather than injected <style> tags, which the
// app's CSP forbids). Items are drawn by a template that returns elements
// built with h(), never HTML strings, and carry data-event-id and a readable
// summary so that they can be found and tested. Overlapping items cluster.

import { Timeline, type TimelineOptions } from "vis-timeline";
import { DataSet } from "vis-data";
import "vis-timeline/styles/vis-timeline-graph2d.min.css";
import { h } from "../../lib/dom";
import type { GroupSpec, ItemSpec } from "./items";

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
  spec: ItemSpec;
}

const DAY = 86_400_000;

export class EventChart {
  readonly el: HTMLElement;
  private timeline: Timeline | null = null;
  private items = new DataSet<VisItem, "id">();
  private groups = new DataSet<{ id: string; content: string; order: number; className: string; spec: GroupSpec }, "id">();
  private byId = new Map<string, ItemSpec>();
  /** Milliseconds from setData to the end of the first redraw after it. */
  lastRenderMs: number | null = null;
  private renderStarted: number | null = null;

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
      cluster: { maxItems: 3, titleTemplate: "{count} events: click to zoom in", showStipes: true, fitOnDoubleClick: true },
      template: (item: VisItem | undefined, _element: HTMLElement, data: { uiItems?: unknown[] } | undefined) => this.content(item, data),
      groupTemplate: (group: { spec: GroupSpec } | undefined) =>
        group ? h("span", { class: "tl-group-label" }, h("span", { class: "tl-group-name" }, group.spec.label), h("span", { class: "tl-group-count" }, group.spec.count.toLocaleString("en"))) : h("span"),
    };
    const timeline = new Timeline(this.el, this.items, this.groups, options);
    timeline.on("select", (props: { items: (string | number)[] }) => {
      const spec = props.items.length ? this.byId.get(String(props.items[0])) : undefined;
      this.cb.onSelect(spec ? spec.eventId : null);
    });
    timeline.on("click", (props: { item: string | number | null; time: Date; what?: string }) => {
      // A cluster is not an event: clicking one zooms in on it.
      if (props.item != null && !this.byId.has(String(props.item))) this.zoomAround(props.time, 1 / 4);
    });
    timeline.on("rangechanged", (props: { start: Date; end: Date; byUser: boolean }) => this.cb.onRangeChanged(props.start, props.end, props.byUser));
    timeline.on("changed", () => {
      if (this.renderStarted != null) {
        this.lastRenderMs = performance.now() - this.renderStarted;
        this.renderStarted = null;
        this.el.setAttribute("data-render-ms", this.lastRenderMs.toFixed(0));
      }
    });
    this.timeline = timeline;
    return timeline;
  }

  private content(item: VisItem | undefined, data: { uiItems?: unknown[] } | undefined): HTMLElement {
    if (!item || data?.uiItems) {
      const n = data?.uiItems?.length ?? 0;
      return h("span", { class: "tl-cluster-label", "data-cluster-size": n }, n.toLocaleString("en"));
    }
    const s = item.spec;
    return h(
      "span",
      {
        class: "tl-label",
        "data-event-id": s.eventId,
        "data-shape": s.shape,
        "data-family": s.family,
        "aria-label": s.label,
      },
      s.summary,
    );
  }

  /** Replaces the items and groups; keeps the visible window unless `fit`. */
  setData(items: ItemSpec[], groups: GroupSpec[], fit: boolean): void {
    this.renderStarted = performance.now();
    this.byId = new Map(items.map((i) => [i.id, i]));
    const timeline = this.ensure();
    this.items.clear();
    this.groups.clear();
    this.groups.add(groups.map((g) => ({ id: g.id, content: "", order: g.order, className: g.className, spec: g })));
    this.items.add(
      items.map((s) => ({
        id: s.id,
        group: s.group,
        start: s.start,
        ...(s.end ? { end: s.end } : {}),
        type: s.type,
        className: s.className,
        content: "",
        spec: s,
      })),
    );
    if (timeline && fit && items.length) this.fit();
  }

  /** Shows every item, with room on the right for the labels of the last points. */
  fit(): void {
    if (!this.timeline || !this.items.length) return;
    let min = Infinity;
    let max = -Infinity;
    for (const s of this.byId.values()) {
      min = Math.min(min, s.start.getTime());
      max = Math.max(max, (s.end ?? s.start).getTime());
    }
    const span = Math.max(max - min, DAY * 14);
    this.timeline.setWindow(new Date(min - span * 0.04), new Date(max + span * 0.3), { animation: false });
  }

  setWindow(start: Date, end: Date): void {
    this.timeline?.setWindow(start, end, { animation: false });
  }

  getWindow(): { start: Date; end: Date } | null {
    if (!this.timeline) return null;
    const w = this.timeline.getWindow();
    return { start: new Date(w.start), end: new Date(w.end) };
  }

  private zoomAround(time: Date, factor: number): void {
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

  /** Selects an event's items (all its rows) and brings the first into view. */
  select(eventId: number | null, focus: boolean): void {
    if (!this.timeline) return;
    const ids = eventId == null ? [] : [...this.byId.values()].filter((s) => s.eventId === eventId).map((s) => s.id);
    this.timeline.setSelection(ids);
    if (focus && ids.length) {
      const spec = this.byId.get(ids[0])!;
      const w = this.getWindow();
      const inView = w && spec.start >= w.start && spec.start <= w.end;
      if (!inView) this.timeline.moveTo(spec.start, { animation: false });
    }
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
