// The offline basemap: Natural Earth shapes become countries with label points.

import { describe, expect, it } from "vitest";
import topology from "world-atlas/countries-50m.json";
import { countriesFrom, labelsAt, readColors } from "./basemap";
import { project } from "./cluster";

describe("basemap", () => {
  const countries = countriesFrom(topology);

  it("has the world's countries with names and labels inside their bounds", () => {
    expect(countries.length).toBeGreaterThan(200);
    const iraq = countries.find((c) => c.name === "Iraq")!;
    expect(iraq.label[0]).toBeGreaterThan(31);
    expect(iraq.label[0]).toBeLessThan(36);
    expect(iraq.label[1]).toBeGreaterThan(42);
    expect(iraq.label[1]).toBeLessThan(46);
    for (const c of countries) {
      const lon = c.label[1] < c.box[0] ? c.label[1] + 360 : c.label[1];
      expect(lon, c.name).toBeGreaterThanOrEqual(c.box[0] - 1e-9);
      expect(lon, c.name).toBeLessThanOrEqual(c.box[2] + 1e-9);
    }
    const russia = countries.find((c) => c.name === "Russia")!;
    expect(russia.label[1]).toBeGreaterThan(60);
    expect(russia.label[1]).toBeLessThan(120);
  });

  it("draws shapes cut by the antimeridian without a line across the world", () => {
    const rings = (name: string) => countries.find((c) => c.name === name)!.feature.geometry.coordinates.flat();
    for (const c of countries)
      for (const ring of c.feature.geometry.coordinates.flat())
        for (let i = 1; i < ring.length; i++) expect(Math.abs(ring[i][0] - ring[i - 1][0]), c.name).toBeLessThanOrEqual(180);
    // Chukotka, east of 180°, is drawn on both edges of the world.
    const russia = rings("Russia").flat();
    expect(russia.some(([x, y]) => x > 180 && y > 60)).toBe(true);
    expect(russia.some(([x, y]) => x < -180 && y > 60)).toBe(true);
    // Fiji's islands on either side of 180° stay close together.
    const fiji = countries.find((c) => c.name === "Fiji")!.feature.geometry.coordinates;
    for (const poly of fiji) {
      const xs = poly[0].map((p) => p[0]);
      expect(Math.max(...xs) - Math.min(...xs)).toBeLessThan(5);
    }
    // Antarctica goes round the South Pole and is closed along it.
    const antarctica = rings("Antarctica").flat();
    expect(antarctica.some(([, y]) => y === -90)).toBe(true);
    // Shapes that do not cross are left as they were.
    const iraq = countries.find((c) => c.name === "Iraq")!.feature.geometry.coordinates;
    expect(iraq.length).toBe(1);
  });

  it("labels more countries as the map zooms in, never overlapping", () => {
    const world = labelsAt(countries, 2);
    const region = labelsAt(countries, 6);
    expect(world.map((c) => c.name)).toContain("Russia");
    expect(world.map((c) => c.name)).not.toContain("Lebanon");
    expect(region.length).toBeGreaterThan(world.length);
    expect(region.map((c) => c.name)).toEqual(expect.arrayContaining(["Iraq", "Syria", "Lebanon"]));
    const boxes = region.map((c) => {
      const [x, y] = project(c.label[0], c.label[1], 6);
      const w = c.name.length * 7.2 + 4;
      return [x - w / 2, y - 9, x + w / 2, y + 9];
    });
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i], boxes[j]];
        expect(a[0] < b[2] && a[2] > b[0] && a[1] < b[3] && a[3] > b[1], `${region[i].name} / ${region[j].name}`).toBe(false);
      }
  });

  it("reads its colours from CSS variables, with fallbacks", () => {
    const el = document.createElement("div");
    el.style.setProperty("--map-land", "#123456");
    document.body.appendChild(el);
    const colors = readColors(el);
    expect(colors.land).toBe("#123456");
    expect(colors.sea).toMatch(/^#/);
  });
});
