// The map's filters and place lists.

import { describe, expect, it } from "vitest";
import type { PlaceRow } from "../../ipc/types";
import { NO_FILTER, countsLine, isFiltered, matchPlaces, rankPlaces, toGeoTimeFilter } from "./filter";

const row = (id: number, name: string, mentions: number, events: number): PlaceRow => ({
  id,
  name,
  country: "IQ",
  kind: "city",
  lat: 0,
  lon: 0,
  mention_count: mentions,
  article_count: 1,
  event_count: events,
});

describe("toGeoTimeFilter", () => {
  it("sends nulls for what is not set", () => {
    expect(toGeoTimeFilter(NO_FILTER)).toEqual({ from: null, to: null, entity_id: null, story_id: null });
    expect(isFiltered(NO_FILTER)).toBe(false);
  });

  it("carries the time window, the entity and the story", () => {
    const f = { window: { from: "2023-11-01", to: null }, entity: { id: 4, name: "Kataib Hezbollah" }, story: { id: 2, label: "Story 2" } };
    expect(toGeoTimeFilter(f)).toEqual({ from: "2023-11-01", to: null, entity_id: 4, story_id: 2 });
    expect(isFiltered(f)).toBe(true);
    expect(isFiltered({ ...NO_FILTER, window: { from: "", to: "" } })).toBe(false);
  });
});

describe("place lists", () => {
  const rows = [row(1, "Hillah", 1, 1), row(2, "Baghdad", 3, 1), row(3, "Erbil", 1, 2), row(4, "Al-Qā'im", 1, 0)];

  it("ranks by mentions or by events, then by name", () => {
    expect(rankPlaces(rows, "mentions").map((p) => p.name)).toEqual(["Baghdad", "Al-Qā'im", "Erbil", "Hillah"]);
    expect(rankPlaces(rows, "events").map((p) => p.name)).toEqual(["Erbil", "Baghdad", "Hillah", "Al-Qā'im"]);
  });

  it("finds places ignoring case and accents", () => {
    expect(matchPlaces(rows, "qaim").map((p) => p.name)).toEqual(["Al-Qā'im"]);
    expect(matchPlaces(rows, " BAGH ").map((p) => p.id)).toEqual([2]);
    expect(matchPlaces(rows, "")).toHaveLength(4);
  });

  it("says the counts in words", () => {
    expect(countsLine(rows[1])).toBe("3 mentions · 1 article · 1 event");
  });
});
