import { describe, expect, it, vi } from "vitest";
import { PagedSource } from "./paged";

const flush = () => new Promise((r) => setTimeout(r, 0));

describe("PagedSource", () => {
  it("fetches only the pages that are asked for, once", async () => {
    const fetch = vi.fn(async (offset: number, limit: number) => ({
      total: 100_000,
      items: Array.from({ length: limit }, (_, i) => offset + i),
    }));
    const src = new PagedSource(fetch, () => {}, 100);
    await src.start();
    expect(src.total).toBe(100_000);
    expect(src.get(5)).toBe(5);
    expect(src.get(54_321)).toBeUndefined();
    expect(src.get(54_399)).toBeUndefined();
    await flush();
    expect(src.get(54_321)).toBe(54_321);
    expect(fetch.mock.calls.map((c) => c[0])).toEqual([0, 54_300]);
  });

  it("keeps a bounded number of pages", async () => {
    const fetch = vi.fn(async (offset: number, limit: number) => ({ total: 10_000, items: Array.from({ length: limit }, (_, i) => offset + i) }));
    const src = new PagedSource(fetch, () => {}, 10, 3);
    for (let p = 0; p < 6; p++) {
      src.get(p * 10);
      await flush();
    }
    expect(src.get(0)).toBeUndefined(); // evicted, being fetched again
  });

  it("drops answers to a query that was replaced", async () => {
    let resolve!: (v: { total: number; items: string[] }) => void;
    const src = new PagedSource<string>(
      () => new Promise((r) => (resolve = r)),
      () => {},
    );
    src.get(0);
    const stale = resolve;
    src.reset();
    stale({ total: 1, items: ["old"] });
    await flush();
    expect(src.total).toBeNull();
  });
});
