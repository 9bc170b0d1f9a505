// The Map view's panels over the mock backend (headless: jsdom cannot draw the map).

import { beforeEach, describe, expect, it, vi } from "vitest";
import { setBackend } from "../../ipc/backend";
import { mockBackend } from "../../ipc/mock";
import { TimeWindow } from "../../lib/time-window";
import { MapView } from "./index";

const until = async (cond: () => unknown, ms = 2000) => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 5));
  }
};

const listed = (view: MapView) => [...view.el.querySelectorAll(".map-places li[data-place]")].map((li) => li.getAttribute("data-place"));

describe("MapView", () => {
  let view: MapView;
  let window: TimeWindow;
  const onOpenArticle = vi.fn();
  const onOpenEvent = vi.fn();

  beforeEach(async () => {
    document.body.replaceChildren();
    setBackend(mockBackend({ seed: true }));
    window = new TimeWindow();
    onOpenArticle.mockReset();
    onOpenEvent.mockReset();
    view = new MapView({ window, onOpenArticle, onOpenEvent, headless: true });
    document.body.appendChild(view.el);
    await view.refresh();
  });

  it("lists the places heaviest first and credits the data", () => {
    const names = listed(view);
    expect(names).toEqual(expect.arrayContaining(["Baghdad", "Hillah", "Mosul", "Erbil Airport"]));
    expect(names.indexOf("Baghdad")).toBeLessThan(names.indexOf("Hillah"));
    expect(view.el.querySelector(".map-credit")!.textContent).toBe("Basemap: Natural Earth · Places: GeoNames (CC BY 4.0)");
  });

  it("opens a place with its events and articles, which open", async () => {
    (view.el.querySelector('.map-places li[data-place="Baghdad"] button') as HTMLButtonElement).click();
    await until(() => view.el.querySelector(".map-article"));
    expect(view.el.querySelector(".map-place-title")!.textContent).toBe("Baghdad");
    const articles = [...view.el.querySelectorAll<HTMLButtonElement>(".map-article .map-row")];
    expect(articles).toHaveLength(2);
    articles[0].click();
    expect(onOpenArticle).toHaveBeenCalledWith(Number(articles[0].dataset.articleId));
    const event = view.el.querySelector("[data-event-id]") as HTMLButtonElement;
    // The date as precise as the sources give it, as the timeline writes it.
    expect(event.textContent).toContain("21 Nov 2023, night · airstrike");
    event.click();
    expect(onOpenEvent).toHaveBeenCalledWith(1);
  });

  it("corrects a place to another candidate", async () => {
    (view.el.querySelector('.map-places li[data-place="Baghdad"] button') as HTMLButtonElement).click();
    await until(() => view.el.querySelector("[data-action=candidates]"));
    (view.el.querySelector("[data-action=candidates]") as HTMLButtonElement).click();
    await until(() => view.el.querySelector(".map-candidate"));
    (view.el.querySelector(".map-candidate") as HTMLButtonElement).click();
    await until(() => view.el.querySelector(".map-place-title")?.textContent === "Baghdad Governorate");
    expect(view.el.querySelector(".map-place-meta .src-user")).not.toBeNull();
  });

  it("keeps an unsure name off the map until the user places it", async () => {
    expect(listed(view)).not.toContain("Nineveh Governorate");
    const link = view.el.querySelector("[data-action=doubts]") as HTMLButtonElement;
    expect(link.textContent).toContain("1 unsure place");
    link.click();
    const row = view.el.querySelector('.map-doubt[data-doubt="Nineveh"]')!;
    expect(row.querySelector(".map-doubt-sentence")!.textContent).toContain("Nineveh province");
    (row.querySelector(".map-doubt-example") as HTMLButtonElement).click();
    expect(onOpenArticle).toHaveBeenCalledWith(Number((row.querySelector(".map-doubt-example") as HTMLElement).dataset.articleId));
    const candidates = [...row.querySelectorAll<HTMLButtonElement>(".map-candidate")];
    expect(candidates.map((c) => c.querySelector(".map-candidate-name")!.firstChild!.textContent)).toEqual(["Nineveh Governorate", "Nineveh"]);
    expect(candidates[0].textContent).toContain("likeliest");
    candidates[0].click();
    // Placed: the map opens the place it went to, and nothing is left unsure.
    await until(() => view.el.querySelector(".map-place-title")?.textContent === "Nineveh Governorate");
    (view.el.querySelector("[data-action=back]") as HTMLButtonElement).click();
    expect(listed(view)).toContain("Nineveh Governorate");
    expect(view.el.querySelector("[data-action=doubts]")).toBeNull();
  });

  it("takes a name that is not a place off the map and the unsure list", async () => {
    (view.el.querySelector("[data-action=doubts]") as HTMLButtonElement).click();
    (view.el.querySelector('.map-doubt[data-doubt="Nineveh"] [data-action=not-a-place]') as HTMLButtonElement).click();
    await until(() => !view.el.querySelector(".map-doubt"));
    expect(view.el.querySelector(".map-doubts")!.textContent).toContain("Nothing left to place.");

    (view.el.querySelector("[data-action=back]") as HTMLButtonElement).click();
    (view.el.querySelector('.map-places li[data-place="Mosul"] button') as HTMLButtonElement).click();
    await until(() => view.el.querySelector("[data-action=not-a-place]"));
    (view.el.querySelector("[data-action=not-a-place]") as HTMLButtonElement).click();
    await until(() => listed(view).length > 0 && !listed(view).includes("Mosul"));
    expect(listed(view)).toContain("Baghdad");
  });

  it("follows the shared time window both ways", async () => {
    window.set({ from: "2023-12-01", to: null });
    await until(() => !listed(view).includes("Baghdad"));
    expect(listed(view)).toContain("Hillah");
    expect((view.el.querySelector("input[data-bound=from]") as HTMLInputElement).value).toBe("2023-12-01");

    const to = view.el.querySelector("input[data-bound=to]") as HTMLInputElement;
    const from = view.el.querySelector("input[data-bound=from]") as HTMLInputElement;
    from.value = "2023";
    from.dispatchEvent(new Event("change"));
    to.value = "2023-11";
    to.dispatchEvent(new Event("change"));
    expect(window.get()).toEqual({ from: "2023-01-01", to: "2023-11-30" });
    await until(() => listed(view).includes("Baghdad") && !listed(view).includes("Hillah"));

    to.value = "2023-13";
    to.dispatchEvent(new Event("change"));
    expect(to.classList.contains("invalid")).toBe(true);
    expect(window.get().to).toBe("2023-11-30");
  });

  it("filters by an entity found in the search box, and by a story", async () => {
    const input = view.el.querySelector(".map-entity-input") as HTMLInputElement;
    input.value = "Zumar";
    input.dispatchEvent(new Event("input"));
    await until(() => view.el.querySelector(".map-entity-results button"));
    (view.el.querySelector(".map-entity-results button") as HTMLButtonElement).click();
    await until(() => !listed(view).includes("Hillah"));
    expect(view.el.querySelector(".chip-entity")!.textContent).toContain("Zumar");
    (view.el.querySelector(".chip-entity .chip-x") as HTMLButtonElement).click();
    await until(() => listed(view).includes("Hillah"));

    view.filterByStory(2, "Story 2");
    await until(() => !listed(view).includes("Baghdad"));
    expect(listed(view)).toContain("Hillah");
  });

  it("opens a place asked for from elsewhere (the timeline)", async () => {
    view.el.remove();
    await view.showPlace(3);
    expect(view.el.querySelector(".map-place-title")).toBeNull();
    document.body.appendChild(view.el);
    await view.refresh();
    await until(() => view.el.querySelector(".map-place-title")?.textContent === "Hillah");
  });

  it("says when no place matches", async () => {
    window.set({ from: "2030", to: null });
    await until(() => listed(view).length === 0);
    expect(view.el.querySelector(".map-status")!.textContent).toContain("No places match these filters");
  });
});
