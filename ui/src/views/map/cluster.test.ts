// Grid clustering and marker sizes.

import { describe, expect, it } from "vitest";
import type { PlaceRow } from "../../ipc/types";
import { boundsOf, clusterPlaces, project, radii, radiusFor } from "./cluster";

const place = (id: number, name: string, lat: number, lon: number, mentions = 1, events = 0): PlaceRow => ({
  id,
  name,
  country: "IQ",
  kind: "city",
  lat,
  lon,
  mention_count: mentions,
  article_count: 1,
  event_count: events,
});

const IRAQ = [
  place(1, "Baghdad", 33.31, 44.37, 10, 2),
  place(2, "Hillah", 32.48, 44.42, 3, 1),
  place(3, "Mosul", 36.34, 43.13, 4),
  place(4, "Zumar", 36.63, 42.55, 1),
  place(5, "Erbil", 36.19, 44.01, 2, 1),
  place(6, "Gaza", 31.5, 34.47, 5, 3),
];

describe("project", () => {
  it("is Leaflet's Web Mercator at 256 px tiles", () => {
    expect(project(0, 0, 0)).toEqual([128, 128]);
    const [x, y] = project(85.0511287798, -180, 1);
    expect(x).toBeCloseTo(0);
    expect(y).toBeCloseTo(0);
    expect(project(0, 180, 2)[0]).toBeCloseTo(1024);
  });
});

describe("clusterPlaces", () => {
  it("groups nearby places when zoomed out and splits them when zoomed in", () => {
    const far = clusterPlaces(IRAQ, 2, "mentions");
    expect(far.length).toBeLessThan(IRAQ.length);
    expect(far.reduce((n, c) => n + c.places.length, 0)).toBe(IRAQ.length);
    const near = clusterPlaces(IRAQ, 9, "mentions");
    expect(near).toHaveLength(IRAQ.length);
    expect(near.map((c) => c.key).sort()).toEqual(["1", "2", "3", "4", "5", "6"]);
  });

  it("keeps Gaza apart from Iraq at a regional zoom, with Mosul and Zumar together", () => {
    const clusters = clusterPlaces(IRAQ, 5, "mentions");
    const of = (name: string) => clusters.find((c) => c.places.some((p) => p.name === name))!;
    expect(of("Gaza").places).toHaveLength(1);
    expect(of("Mosul")).toBe(of("Zumar"));
    expect(of("Baghdad")).not.toBe(of("Mosul"));
  });

  it("sums counts, weighs by the toggle and puts the centre among its places", () => {
    const [all] = clusterPlaces(IRAQ.slice(0, 5), 0, "events");
    expect(all.places).toHaveLength(5);
    expect(all.weight).toBe(4);
    expect(all.mentions).toBe(20);
    expect(all.events).toBe(4);
    expect(all.lat).toBeGreaterThan(32.48);
    expect(all.lat).toBeLessThan(36.63);
    expect(all.lon).toBeGreaterThan(42.55);
    expect(all.lon).toBeLessThan(44.42);
    expect(all.key.startsWith("c:")).toBe(true);
  });

  it("orders heaviest first and skips places without coordinates", () => {
    const rows = [...IRAQ, { ...place(7, "Nowhere", NaN, 0) }];
    const clusters = clusterPlaces(rows, 10, "mentions");
    expect(clusters).toHaveLength(6);
    expect(clusters[0].places[0].name).toBe("Baghdad");
    expect(clusterPlaces(rows, 10, "events")[0].places[0].name).toBe("Gaza");
  });

  it("keeps thousands of places to one circle per occupied cell", () => {
    const many: PlaceRow[] = [];
    for (let i = 0; i < 10_000; i++) many.push(place(i, `P${i}`, 25 + ((i * 7919) % 1500) / 100, 30 + ((i * 104729) % 2800) / 100));
    const clusters = clusterPlaces(many, 4, "mentions");
    expect(clusters.reduce((n, c) => n + c.places.length, 0)).toBe(10_000);
    // A 15° × 28° box at zoom 4 is about 200 × 330 px: a few dozen 44 px cells.
    expect(clusters.length).toBeLessThan(80);
  });
});

describe("radiusFor", () => {
  it("grows with the square root of the weight, within bounds", () => {
    expect(radiusFor(0, 100)).toBe(5);
    expect(radiusFor(100, 100)).toBe(22);
    expect(radiusFor(400, 100)).toBe(22);
    expect(radiusFor(25, 100)).toBeCloseTo(5 + 17 * 0.5, 1);
    expect(radiusFor(5, 0)).toBe(5);
  });

  it("sizes groups against groups and keeps them within their cell", () => {
    const clusters = clusterPlaces(IRAQ, 5, "mentions");
    const r = radii(clusters, 10);
    const group = clusters.find((c) => c.places.length > 1)!;
    expect(r.get(group)).toBe(19);
    const baghdad = clusters.find((c) => c.key === "1")!;
    expect(r.get(baghdad)).toBe(22);
    const gaza = clusters.find((c) => c.key === "6")!;
    expect(r.get(gaza)).toBeCloseTo(5 + 17 * Math.sqrt(0.5), 1);
  });
});

describe("boundsOf", () => {
  it("spans the places", () => {
    expect(boundsOf(IRAQ.slice(0, 4))).toEqual([
      [32.48, 42.55],
      [36.63, 44.42],
    ]);
  });
});
