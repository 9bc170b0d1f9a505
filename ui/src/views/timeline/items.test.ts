// EventRow → timeline items: how each precision is drawn, the groups by
// family and by actor, the labels, and the clustering the chart relies on.

import { describe, expect, it } from "vitest";
import type { EventRow } from "../../ipc/types";
import { buildItems, clusterItems, dateShape, formatEventDate, isoDay, toIsoDay, topActors } from "./items";

function ev(id: number, over: Partial<EventRow> = {}): EventRow {
  return {
    id,
    kind: "airstrike",
    family: "violence",
    date: "2023-11-21",
    precision: "day",
    first_day: "2023-11-21",
    last_day: "2023-11-21",
    place_id: null,
    place_name: null,
    lat: null,
    lon: null,
    actors: [],
    killed: null,
    injured: null,
    source_count: 1,
    mention_count: 1,
    disagreement_count: 0,
    summary: `Event ${id}`,
    ...over,
  };
}

describe("date shapes", () => {
  it("draws a day (or a night, or a time) as a point on that day", () => {
    const { items } = buildItems([ev(1), ev(2, { date: "2023-11-21TNI", precision: "part_of_day", last_day: "2023-11-22" })], "family");
    expect(items.map((i) => [i.type, i.shape, toIsoDay(i.start), i.end])).toEqual([
      ["point", "point", "2023-11-21", undefined],
      ["point", "point", "2023-11-21", undefined],
    ]);
  });

  it("draws a month as a range over the whole month, and a year over the year", () => {
    const { items } = buildItems(
      [
        ev(1, { date: "2023-11", precision: "month", first_day: "2023-11-01", last_day: "2023-11-30" }),
        ev(2, { date: "2023", precision: "year", first_day: "2023-01-01", last_day: "2023-12-31" }),
        ev(3, { date: "2023-W47", precision: "week", first_day: "2023-11-20", last_day: "2023-11-26" }),
      ],
      "family",
    );
    expect(items.map((i) => [i.type, toIsoDay(i.start), toIsoDay(i.end!)])).toEqual([
      ["range", "2023-11-01", "2023-12-01"],
      ["range", "2023-01-01", "2024-01-01"],
      ["range", "2023-11-20", "2023-11-27"],
    ]);
    expect(items[0].className).toContain("tl-shape-range");
  });

  it("marks a date that is only the publication date, and draws 'earlier' as the span before it", () => {
    const reported = ev(1, { date: "2023-11-22", precision: "reported", first_day: "2023-11-19", last_day: "2023-11-22" });
    const earlier = ev(2, { date: "2023-12-26", precision: "reported_earlier", first_day: "2023-09-27", last_day: "2023-12-26" });
    const { items } = buildItems([reported, earlier], "family");
    // The reported event sits on the publication day, hollow; not on the first day of its range.
    expect(items[0]).toMatchObject({ type: "point", shape: "reported" });
    expect(toIsoDay(items[0].start)).toBe("2023-11-22");
    expect(items[0].className).toContain("tl-shape-reported");
    expect(items[1]).toMatchObject({ type: "range", shape: "reported_earlier" });
    expect(toIsoDay(items[1].start)).toBe("2023-09-27");
    expect(dateShape({ precision: "reported_earlier", first_day: "2023-12-26", last_day: "2023-12-26" })).toBe("reported");
  });

  it("leaves undated events out and counts them", () => {
    const { items, undated } = buildItems([ev(1), ev(2, { date: null, first_day: null, last_day: null, precision: "reported" })], "family");
    expect(items.map((i) => i.eventId)).toEqual([1]);
    expect(undated.map((r) => r.id)).toEqual([2]);
  });

  it("writes dates as the sources give them", () => {
    expect(formatEventDate(ev(1, { date: "2023-11-21TNI", precision: "part_of_day" }))).toBe("21 Nov 2023, night");
    expect(formatEventDate(ev(1, { date: "2023-11", precision: "month" }))).toBe("Nov 2023");
    expect(formatEventDate(ev(1, { date: "2023-11-22", precision: "reported" }))).toBe("reported 22 Nov 2023");
    expect(formatEventDate(ev(1, { date: "2023-W47", precision: "week" }))).toBe("week 47 of 2023");
    expect(formatEventDate(ev(1, { date: null, first_day: null }))).toBe("undated");
  });

  it("reads ISO days as local days, so that a day stays that day on the axis", () => {
    const d = isoDay("2023-11-21TNI")!;
    expect([d.getFullYear(), d.getMonth(), d.getDate(), d.getHours()]).toEqual([2023, 10, 21, 0]);
    expect(isoDay("XXXX-XX-21")).toBeNull();
  });
});

describe("groups", () => {
  it("groups by family in a fixed order, with counts, and hides empty families", () => {
    const { groups, items } = buildItems(
      [ev(1), ev(2, { kind: "condemnation", family: "statement" }), ev(3), ev(4, { kind: "protest", family: "protest" })],
      "family",
    );
    expect(groups.map((g) => [g.id, g.label, g.count])).toEqual([
      ["family:violence", "Violence", 2],
      ["family:protest", "Protests", 1],
      ["family:statement", "Statements", 1],
    ]);
    expect(items.find((i) => i.eventId === 2)!.group).toBe("family:statement");
    expect(items.find((i) => i.eventId === 2)!.className).toContain("tl-statement");
  });

  it("groups by actor: one row per frequent actor, an event in each of its actors' rows", () => {
    const rows = [
      ev(1, { actors: ["United States", "Kataib Hezbollah"] }),
      ev(2, { actors: ["United States"] }),
      ev(3, { actors: ["Hamas"] }),
      ev(4, { actors: [] }),
    ];
    expect(topActors(rows, 2)).toEqual(["United States", "Hamas"]);
    const { items, groups } = buildItems(rows, "actor", 2);
    expect(groups.map((g) => [g.label, g.count])).toEqual([
      ["United States", 2],
      ["Hamas", 1],
      ["No actor named", 1],
    ]);
    // Event 1's other actor has no row of its own here, so it is drawn once, under the US.
    expect(items.filter((i) => i.eventId === 1).map((i) => i.group)).toEqual(["actor:United States"]);
    const both = buildItems(rows, "actor", 3).items.filter((i) => i.eventId === 1);
    expect(both.map((i) => i.group).sort()).toEqual(["actor:Kataib Hezbollah", "actor:United States"]);
    expect(new Set(both.map((i) => i.id)).size).toBe(2);
  });

  it("writes a readable label with the figures and the number of sources", () => {
    const { items } = buildItems([ev(1, { summary: "Airstrike by United States on Kataib Hezbollah in Baghdad", killed: 8, source_count: 2, date: "2023-11-21TNI", precision: "part_of_day" })], "family");
    expect(items[0].label).toBe("Airstrike by United States on Kataib Hezbollah in Baghdad · 21 Nov 2023, night · 8 killed · 2 sources");
  });
});

describe("clustering", () => {
  const day = (iso: string) => isoDay(iso)!;
  const rows = Array.from({ length: 50 }, (_, i) => ev(i + 1, { date: `2023-01-${String(1 + (i % 28)).padStart(2, "0")}` }));
  const specs = buildItems(rows, "family").items.sort((a, b) => a.start.getTime() - b.start.getTime());

  it("turns crowded bins into clusters and keeps sparse ones as events", () => {
    const year = 365 * 86_400_000;
    const wide = clusterItems(specs, day("2022-01-01").getTime(), day("2024-01-01").getTime(), year, 2);
    expect(wide.items).toHaveLength(0);
    expect(wide.clusters.reduce((n, c) => n + c.count, 0)).toBe(50);
    expect(wide.clusters[0]).toMatchObject({ group: "family:violence", family: "violence" });
    const week = clusterItems(specs, day("2022-01-01").getTime(), day("2024-01-01").getTime(), 7 * 86_400_000, 2);
    expect(week.clusters.length).toBeGreaterThan(0);
    expect(week.clusters.every((c) => c.count > 2)).toBe(true);
    // Zoomed in past a day per bin: events of one day cannot be parted by zooming, so none cluster.
    const close = clusterItems(specs, day("2022-01-01").getTime(), day("2024-01-01").getTime(), 86_400_000 / 2, 2);
    expect(close.clusters).toHaveLength(0);
    expect(close.items).toHaveLength(50);
  });

  it("only hands over the window's items, with ranges reaching into it", () => {
    const long = buildItems([ev(99, { date: "2022", precision: "year", first_day: "2022-01-01", last_day: "2023-12-31" })], "family").items;
    const all = [...long, ...specs].sort((a, b) => a.start.getTime() - b.start.getTime());
    const out = clusterItems(all, day("2023-01-10").getTime(), day("2023-01-12").getTime(), 3_600_000, 2);
    expect(out.items.map((i) => i.eventId).sort((a, b) => a - b)).toEqual([10, 11, 38, 39, 99]);
  });
});
