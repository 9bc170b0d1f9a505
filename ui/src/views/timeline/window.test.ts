// The shared time window: the map moving it moves the chart, and the user
// panning the chart writes it (vis-timeline running in jsdom).

import { describe, expect, it } from "vitest";
import { setBackend } from "../../ipc/backend";
import { mockBackend } from "../../ipc/mock";
import { TimeWindow } from "../../lib/time-window";
import { TimelineView } from "./index";
import { toIsoDay } from "./items";

describe("timeline and the shared time window", () => {
  it("follows the window the map sets, and writes the window the user pans to", async () => {
    setBackend(mockBackend({ seed: true }));
    const window = new TimeWindow();
    const view = new TimelineView({ window, onOpenArticle: () => {}, onShowPlace: () => {} });
    document.body.replaceChildren(view.el);
    await view.refresh();
    const chart = (view as unknown as { chart: { getWindow(): { start: Date; end: Date } | null; ready: boolean } }).chart;
    expect(chart.ready).toBe(true);

    const fromMap = () => {};
    window.subscribe(fromMap);
    window.set({ from: "2023-11-01", to: "2023-11-30" }, fromMap);
    const w = chart.getWindow()!;
    expect([toIsoDay(w.start), toIsoDay(new Date(w.end.getTime() - 1))]).toEqual(["2023-11-01", "2023-11-30"]);

    // A pan by the user (vis-timeline reports rangechanged with byUser) reaches the map after a pause.
    const seen: unknown[] = [];
    window.subscribe((x) => seen.push(x));
    const cb = (view as unknown as { chart: { cb: { onRangeChanged(s: Date, e: Date, byUser: boolean): void } } }).chart.cb;
    cb.onRangeChanged(new Date(2023, 11, 1), new Date(2024, 0, 1), true);
    await new Promise((r) => setTimeout(r, 300));
    expect(window.get()).toEqual({ from: "2023-12-01", to: "2023-12-31" });
    expect(seen).toHaveLength(1);
    // Moves the program makes (fit, following the map) are not written back.
    cb.onRangeChanged(new Date(2020, 0, 1), new Date(2021, 0, 1), false);
    await new Promise((r) => setTimeout(r, 300));
    expect(window.get()).toEqual({ from: "2023-12-01", to: "2023-12-31" });
  });
});
