// The timeline view over the mock backend: the sample events load, filters
// make the query, selecting an event shows both sources of the Baghdad
// strikes, and "Fit all" clears the shared time window.

import { beforeEach, describe, expect, it, vi } from "vitest";
import { setBackend } from "../../ipc/backend";
import { mockBackend } from "../../ipc/mock";
import { TimeWindow } from "../../lib/time-window";
import { toQuery, NO_FILTER } from "./filters";
import { TimelineView } from "./index";

const until = async (cond: () => unknown, ms = 2000) => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe("timeline view", () => {
  let mock: ReturnType<typeof mockBackend>;
  let view: TimelineView;
  let window: TimeWindow;
  const onOpenArticle = vi.fn();
  const onShowPlace = vi.fn();

  beforeEach(async () => {
    mock = mockBackend({ seed: true });
    setBackend(mock);
    window = new TimeWindow();
    onOpenArticle.mockReset();
    onShowPlace.mockReset();
    // Not attached to the document: the chart (which measures its element) waits, the rest works.
    view = new TimelineView({ window, onOpenArticle, onShowPlace });
    await view.refresh();
  });

  const count = () => view.el.querySelector("[data-testid=timeline-count]")!.textContent;

  it("loads the sample events", () => {
    expect(count()).toBe("6 events");
    expect(mock.calls).toContain("timeline");
  });

  it("shows the Baghdad strikes with their two sources and no disagreement", async () => {
    await view.openEvent(1);
    const d = view.el.querySelector("[data-testid=event-details]")!;
    expect(d.querySelector(".tl-detail-title")!.textContent).toBe("Airstrike by United States on Kataib Hezbollah in Baghdad");
    expect([...d.querySelectorAll(".tl-source-title")].map((t) => t.textContent)).toEqual([
      "Iraq Condemns US Airstrikes That Killed Iran-Linked Militants",
      "Iraq says U.S. strikes a ‘dangerous escalation’",
    ]);
    expect([...d.querySelectorAll(".tl-source mark")].map((m) => m.textContent)).toEqual(["airstrikes", "airstrikes"]);
    expect(d.querySelector("[data-testid=disagreements]")).toBeNull();
    expect(d.querySelector(".tl-figure")!.textContent).toBe("8");
    // The trigger span points into the article: opening it goes to the sentence.
    (d.querySelectorAll("[data-action=open-source]")[1] as HTMLButtonElement).click();
    const [articleId, span] = onOpenArticle.mock.calls[0];
    const text = mock.articles.get(articleId)!.detail.text;
    expect(new TextDecoder().decode(new TextEncoder().encode(text).slice(span.start, span.end))).toBe("airstrikes");
    (d.querySelector(".tl-place") as HTMLButtonElement).click();
    expect(onShowPlace).toHaveBeenCalledWith(1);
  });

  it("filters by kind or family through the query", async () => {
    const kind = view.el.querySelector("[data-testid=timeline-kind]") as HTMLSelectElement;
    kind.value = "statement";
    kind.dispatchEvent(new Event("change"));
    await until(() => count() === "2 events");
    kind.value = "drone_attack";
    kind.dispatchEvent(new Event("change"));
    await until(() => count() === "1 event");
  });

  it("filters by place from the places of the loaded events", async () => {
    const place = view.el.querySelector("[data-testid=timeline-place]") as HTMLSelectElement;
    expect([...place.options].map((o) => o.textContent)).toEqual(["All places", "Baghdad (1)", "Erbil (1)", "Hillah (1)"]);
    place.value = [...place.options].find((o) => o.textContent === "Hillah (1)")!.value;
    place.dispatchEvent(new Event("change"));
    await until(() => count() === "1 event");
  });

  it("filters by an entity found by searching the entity database", async () => {
    const input = view.el.querySelector("[data-testid=timeline-entity]") as HTMLInputElement;
    input.value = "Kataib";
    input.dispatchEvent(new Event("input"));
    await until(() => view.el.querySelector(".tl-suggestion"));
    (view.el.querySelector(".tl-suggestion") as HTMLButtonElement).click();
    await until(() => count() === "2 events");
    expect(view.el.querySelector(".tl-chip-entity")!.textContent).toContain("Kataib Hezbollah");
    (view.el.querySelector(".tl-chip-entity .chip-x") as HTMLButtonElement).click();
    await until(() => count() === "6 events");
  });

  it("filters by the story of an event's first source", async () => {
    await view.openEvent(4);
    (view.el.querySelector("[data-action=story]") as HTMLButtonElement).click();
    await until(() => view.el.querySelector(".tl-chip-story"));
    await until(() => count() === "3 events");
  });

  it("clears the shared time window with Fit all", () => {
    window.set({ from: "2023-11-01", to: "2023-11-30" });
    (view.el.querySelector("[data-action=fit]") as HTMLButtonElement).click();
    expect(window.get()).toEqual({ from: null, to: null });
  });

  it("makes the query from the filters", () => {
    expect(toQuery(NO_FILTER)).toEqual({ entity_id: null, kind: null, place_id: null, story_id: null, offset: 0, limit: 10_000 });
    expect(toQuery({ entity: { id: 3, name: "x" }, kind: "violence", place: { id: 9, name: "y" }, story: { id: 2, label: "z" } })).toMatchObject({
      entity_id: 3,
      kind: "violence",
      place_id: 9,
      story_id: 2,
    });
  });

  it("lists the events without a date, which the chart cannot draw, and opens them", async () => {
    // One seed event loses its date, as events of an undated article do.
    const undated = { ...mock, invoke: async <T,>(command: string, args?: Record<string, unknown>): Promise<T> => {
      const result = await mock.invoke<T>(command, args);
      if (command !== "timeline") return result;
      const page = result as unknown as { events: Record<string, unknown>[] };
      page.events = page.events.map((e) => (e.id === 2 ? { ...e, date: null, precision: "reported", first_day: null, last_day: null } : e));
      return result;
    } };
    setBackend(undated);
    const v = new TimelineView({ window, onOpenArticle, onShowPlace });
    await v.refresh();
    const line = v.el.querySelector("[data-testid=timeline-count]")!;
    expect(line.textContent).toBe("6 events · 1 without a date not drawn");
    (line.querySelector("[data-action=list-undated]") as HTMLButtonElement).click();
    const list = v.el.querySelector("[data-testid=undated-events]")!;
    expect(list.querySelector(".tl-undated-title")!.textContent).toBe("1 event without a date");
    const open = list.querySelector("[data-event-id]") as HTMLButtonElement;
    expect(open.dataset.eventId).toBe("2");
    open.click();
    await until(() => v.el.querySelector(".tl-detail-title"));
    expect(v.el.querySelector("[data-testid=undated-events]")).toBeNull();
  });

  it("generates synthetic events in the mock for scale tests", async () => {
    const big = mockBackend({ events: 2000 });
    setBackend(big);
    const v = new TimelineView({ window: new TimeWindow(), onOpenArticle, onShowPlace });
    await v.refresh();
    expect(v.el.querySelector("[data-testid=timeline-count]")!.textContent).toBe("2,000 events");
  });
});
