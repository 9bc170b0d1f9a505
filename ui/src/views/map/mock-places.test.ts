// The mock backend's place commands (what the Map view is developed against).

import { beforeEach, describe, expect, it } from "vitest";
import { setBackend } from "../../ipc/backend";
import { mockBackend } from "../../ipc/mock";
import { correctPlace, getPlace, listPlaces, placeCandidates } from "../../ipc/places";
import { listEntities } from "../../ipc/entities";

const names = async (q = {}) => (await listPlaces(q)).map((p) => p.name).sort();

describe("mock places", () => {
  beforeEach(() => setBackend(mockBackend({ seed: true })));

  it("lists the sample articles' places with their counts", async () => {
    const places = await listPlaces({});
    const by = new Map(places.map((p) => [p.name, p]));
    for (const n of ["Baghdad", "Hillah", "Mosul", "Zumar", "Makhmour", "Erbil Airport"]) expect(by.has(n), n).toBe(true);
    expect(by.has("Erbil"), "Erbil Airport is not also Erbil").toBe(false);
    const baghdad = by.get("Baghdad")!;
    expect(baghdad).toMatchObject({ lat: 33.31, lon: 44.37, country: "IQ", kind: "city", article_count: 2, event_count: 1 });
    expect(baghdad.mention_count).toBeGreaterThanOrEqual(2);
    expect(by.get("Iraq")!.kind).toBe("country");
  });

  it("filters by dates, story and entity", async () => {
    expect(await names({ from: "2023-12-01" })).not.toContain("Baghdad");
    expect(await names({ from: "2023-12-01" })).toContain("Hillah");
    expect(await names({ to: "2023-11-30" })).not.toContain("Hillah");
    expect(await names({ story_id: 1 })).toContain("Zumar");
    expect(await names({ story_id: 2 })).not.toContain("Zumar");
    const zumar = (await listEntities({ text: "Zumar" })).rows.find((e) => e.name === "Zumar")!;
    expect(await names({ entity_id: zumar.id })).toContain("Baghdad");
    expect(await names({ entity_id: zumar.id })).not.toContain("Hillah");
  });

  it("gives a place's articles and events, within the filter", async () => {
    const baghdad = (await listPlaces({})).find((p) => p.name === "Baghdad")!;
    const d = await getPlace(baghdad.id, {});
    expect(d.names).toEqual(["Baghdad"]);
    expect(d.user_corrected).toBe(false);
    expect(d.articles.map((a) => a.outlet).sort()).toEqual(["Reuters", "VOA"]);
    expect(d.events).toHaveLength(1);
    expect(d.events[0]).toMatchObject({ kind: "airstrike", place_id: baghdad.id, source_count: 2 });
    const later = await getPlace(baghdad.id, { from: "2023-12-01" });
    expect(later.articles).toEqual([]);
    expect(later.place.mention_count).toBe(0);
    await expect(getPlace(424242, {})).rejects.toMatchObject({ code: "not_found" });
  });

  it("offers other entries for a name and moves the place to the one picked", async () => {
    const baghdad = (await listPlaces({})).find((p) => p.name === "Baghdad")!;
    const candidates = await placeCandidates(baghdad.id);
    expect(candidates.map((c) => c.name)).toEqual(["Baghdad Governorate"]);
    await correctPlace({ name: "Baghdad", entry: candidates[0].entry });
    const after = await listPlaces({});
    expect(after.some((p) => p.name === "Baghdad")).toBe(false);
    const moved = after.find((p) => p.name === "Baghdad Governorate")!;
    expect(moved).toMatchObject({ kind: "admin1", article_count: 2 });
    expect((await getPlace(moved.id, {})).user_corrected).toBe(true);
  });

  it("drops a pin for a name", async () => {
    const id: unknown = await correctPlace({ name: "Hillah", lat: 32.5, lon: 44.4, label: "Hillah (HQ)" });
    const pin = (await listPlaces({})).find((p) => p.kind === "pin")!;
    expect(pin.id).toBe(id);
    expect(pin).toMatchObject({ name: "Hillah (HQ)", lat: 32.5, lon: 44.4, article_count: 1 });
    await expect(correctPlace({ name: "Hillah", lat: 120, lon: 0, label: "x" })).rejects.toMatchObject({ code: "invalid" });
    await expect(correctPlace({ name: "Atlantis", entry: 1 })).rejects.toMatchObject({ code: "not_found" });
  });

  it("gives generated articles thousands of places", async () => {
    setBackend(mockBackend({ generate: 3000 }));
    const places = await listPlaces({});
    expect(places.length).toBe(3000);
    expect(places.every((p) => p.lat > 20 && p.lat < 45 && p.lon > 25 && p.lon < 60)).toBe(true);
  });
});
