// Event curation: the forms' values → the `curate_event` operations, the
// merge picker's search, and the mock backend's round trips of all four
// operations (merge, split, edit, add), through the view too.

import { beforeEach, describe, expect, it, vi } from "vitest";
import { setBackend } from "../../ipc/backend";
import { mockBackend } from "../../ipc/mock";
import { curateEvent, getEvent, timeline } from "../../ipc/places";
import type { EventRow } from "../../ipc/types";
import { TimeWindow } from "../../lib/time-window";
import { addOp, editChanges, editOp, formValues, isIsoDate, mergeCandidates, renderAddForm, renderEditForm, renderMergePicker } from "./curate";
import { renderDetails } from "./details";
import { TimelineView } from "./index";

const row = (over: Partial<EventRow> = {}): EventRow => ({
  id: 1,
  kind: "airstrike",
  family: "violence",
  date: "2023-11-21TNI",
  precision: "part_of_day",
  first_day: "2023-11-21",
  last_day: "2023-11-22",
  place_id: 1,
  place_name: "Baghdad",
  lat: 33.3,
  lon: 44.4,
  actors: [],
  killed: 8,
  injured: null,
  source_count: 2,
  mention_count: 2,
  disagreement_count: 0,
  summary: "Airstrike in Baghdad",
  user_fields: [],
  manual: false,
  ...over,
});

const flush = () => new Promise((r) => setTimeout(r, 0));

describe("curation forms", () => {
  it("accepts ISO days, months and years only", () => {
    for (const ok of ["2023-11-21", "2023-11", "2023", "2024-02-29"]) expect(isIsoDate(ok)).toBe(true);
    for (const bad of ["", "21/11/2023", "2023-13", "2023-02-30", "2023-11-21TNI", "23"]) expect(isIsoDate(bad)).toBe(false);
  });

  it("starts from the event's values, its date as ISO text", () => {
    expect(formValues(row({ actors: ["United States", "Kataib Hezbollah"] }))).toEqual({ kind: "airstrike", date: "2023-11-21", place: "Baghdad", actors: "United States; Kataib Hezbollah", killed: "8", injured: "", summary: "Airstrike in Baghdad" });
    expect(formValues(row({ date: null, first_day: null, place_name: null, killed: null })).date).toBe("");
  });

  it("maps the changed fields to edits, in form order, and nothing for untouched ones", () => {
    const before = formValues(row());
    expect(editChanges(before, { ...before })).toEqual([]);
    expect(editChanges(before, { ...before, summary: "  New summary ", killed: "9", date: "2023-11" })).toEqual([
      { field: "date", value: "2023-11" },
      { field: "killed", value: "9" },
      { field: "summary", value: "New summary" },
    ]);
    // The core takes no empty value: a user's value is reset (null) with its own button.
    expect(() => editChanges(before, { ...before, place: "" })).toThrow(/Place: Not empty/);
    expect(() => editChanges(before, { ...before, killed: " " })).toThrow(/Killed: Not empty/);
    expect(() => editChanges(before, { ...before, date: "yesterday" })).toThrow(/Date/);
    expect(() => editChanges(before, { ...before, killed: "eight" })).toThrow(/Killed/);
    expect(() => editChanges(before, { ...before, summary: " " })).toThrow(/Summary/);
    expect(editOp(5, "killed", null)).toEqual({ op: "edit", event: 5, field: "killed", value: null });
  });

  it("maps the add form to an add operation", () => {
    const v = { kind: "protest", date: "2023-12", place: " Basra ", actors: "", summary: "", killed: "", injured: "4", articles: "3, 12" };
    expect(addOp(v)).toEqual({ op: "add", kind: "protest", date: "2023-12", place: "Basra", summary: "Protest in Basra", killed: null, injured: 4, article_ids: [3, 12] });
    expect(addOp({ ...v, place: "", articles: "", summary: "Rally" })).toMatchObject({ place: null, summary: "Rally", article_ids: [] });
    expect(() => addOp({ ...v, date: "" })).toThrow(/Date/);
    expect(() => addOp({ ...v, articles: "x" })).toThrow(/Articles/);
  });

  it("submits the edit form's changes and resets a user value with null", async () => {
    const onSave = vi.fn(async () => {});
    const onReset = vi.fn(async () => {});
    const form = renderEditForm(row({ user_fields: ["place"] }), { onSave, onReset, onCancel: vi.fn() });
    document.body.replaceChildren(form);
    const marked = [...form.querySelectorAll(".tl-user-mark")].map((m) => m.closest<HTMLElement>(".tl-form-row")!.dataset.field);
    expect(marked).toEqual(["place"]);
    (form.querySelector("[name=kind]") as HTMLSelectElement).value = "drone_attack";
    (form.querySelector("[name=injured]") as HTMLInputElement).value = "3";
    form.requestSubmit();
    expect(onSave).toHaveBeenCalledWith([
      { field: "kind", value: "drone_attack" },
      { field: "injured", value: "3" },
    ]);
    (form.querySelector("[data-action=reset]") as HTMLButtonElement).click();
    expect(onReset).toHaveBeenCalledWith("place");
  });

  it("shows a wrong value's error instead of saving", () => {
    const onSave = vi.fn(async () => {});
    const form = renderEditForm(row(), { onSave, onReset: vi.fn(async () => {}), onCancel: vi.fn() });
    (form.querySelector("[name=date]") as HTMLInputElement).value = "soon";
    form.requestSubmit();
    expect(onSave).not.toHaveBeenCalled();
    expect(form.querySelector<HTMLElement>(".tl-form-error")!.hidden).toBe(false);
  });

  it("sends the add form", () => {
    const onAdd = vi.fn(async () => {});
    const form = renderAddForm({ onAdd, onCancel: vi.fn() }, [7]);
    (form.querySelector("[name=date]") as HTMLInputElement).value = "2023-11-21";
    form.requestSubmit();
    expect(onAdd).toHaveBeenCalledWith({ op: "add", kind: "attack", date: "2023-11-21", place: null, summary: "Attack", killed: null, injured: null, article_ids: [7] });
  });

  it("finds other events to merge with by summary or date, nearest first", () => {
    const rows = [row(), row({ id: 2, summary: "Protest in Basra", first_day: "2023-11-25", date: "2023-11-25" }), row({ id: 3, summary: "Strike on Hillah", first_day: "2023-12-25", date: "2023-12-25" }), row({ id: 4, summary: "Strike near Baghdad", first_day: "2023-11-22", date: "2023-11-22" })];
    expect(mergeCandidates(rows[0], rows, "").map((r) => r.id)).toEqual([4, 2, 3]);
    expect(mergeCandidates(rows[0], rows, "strike").map((r) => r.id)).toEqual([4, 3]);
    expect(mergeCandidates(rows[0], rows, "2023-12").map((r) => r.id)).toEqual([3]);
    const onMerge = vi.fn(async () => {});
    const picker = renderMergePicker(rows[0], rows, { onMerge, onCancel: vi.fn() });
    const search = picker.querySelector("input")!;
    search.value = "basra";
    search.dispatchEvent(new Event("input"));
    const options = picker.querySelectorAll<HTMLButtonElement>(".tl-merge-option");
    expect(options).toHaveLength(1);
    options[0].click();
    expect(onMerge).toHaveBeenCalledWith(rows[1]);
  });

  it("marks the user's values and a hand-added event on the page, and splits a source's mentions", async () => {
    const source = (article_id: number, key: string) => ({ article_id, title: `T${article_id}`, outlet: null, published: null, sentence: "A strike.", sentence_start: 0, trigger: { start: 2, end: 8 }, mention_key: key });
    const onSplit = vi.fn(async () => {});
    const d = { event: row({ user_fields: ["killed", "date"], killed: 9 }), sources: [source(1, "1:2"), source(1, "1:40"), source(2, "2:2")], actors: [], figures: [{ kind: "killed", values: [{ value: "8", article_ids: [1, 2] }] }], disagreements: [] };
    const el = renderDetails(d, { onOpenArticle: vi.fn(), onShowPlace: vi.fn(), onClose: vi.fn(), curation: { onEdit: vi.fn(), onMerge: vi.fn(), onSplit } });
    expect(el.querySelectorAll(".tl-user-badge")).toHaveLength(2);
    const withActors = renderDetails({ ...d, event: row({ user_fields: ["actors"], actors: ["US Air Force", "Kataib Hezbollah"] }), actors: [{ name: "Kataib Hezbollah", role: "target", entity_id: null }] }, { onOpenArticle: vi.fn(), onShowPlace: vi.fn(), onClose: vi.fn() });
    expect([...withActors.querySelectorAll(".tl-actor")].map((a) => [a.textContent, a.className])).toEqual([["US Air Force", "tl-actor tl-named"], ["Kataib Hezbollah", "tl-actor tl-target"]]);
    expect(el.querySelector(".tl-figure")!.textContent).toBe("9");
    expect(el.querySelector(".tl-manual")).toBeNull();
    (el.querySelector("[data-action=split]") as HTMLButtonElement).click();
    expect(onSplit).toHaveBeenCalledWith(["1:2", "1:40"]);
    const manual = renderDetails({ ...d, event: row({ manual: true, user_fields: ["kind", "date", "summary"] }) }, { onOpenArticle: vi.fn(), onShowPlace: vi.fn(), onClose: vi.fn() });
    expect(manual.querySelector(".tl-manual")!.textContent).toBe("Added by you");
    expect(manual.querySelector(".tl-user-mark")).toBeNull();
    expect(manual.querySelector("[data-action=split], [data-action=edit]")).toBeNull();
  });
});

describe("curation over the mock backend", () => {
  beforeEach(() => setBackend(mockBackend({ seed: true })));

  it("edits a field, marks it the user's, and clears it again", async () => {
    const before = await getEvent(1);
    expect(before.event.user_fields).toEqual([]);
    expect(before.sources.every((s) => s.mention_key)).toBe(true);
    let d = (await curateEvent({ op: "edit", event: 1, field: "killed", value: "9" }))!;
    expect(d.event).toMatchObject({ killed: 9, user_fields: ["killed"] });
    d = (await curateEvent({ op: "edit", event: d.event.id, field: "date", value: "2023-11" }))!;
    expect(d.event).toMatchObject({ date: "2023-11", precision: "month", first_day: "2023-11-01", last_day: "2023-11-30", user_fields: ["date", "killed"] });
    d = (await curateEvent({ op: "edit", event: d.event.id, field: "place", value: "Mosul" }))!;
    expect(d.event).toMatchObject({ place_id: 5, place_name: "Mosul" });
    d = (await curateEvent({ op: "edit", event: d.event.id, field: "actors", value: "US Air Force; Kataib Hezbollah" }))!;
    expect(d.event.actors).toEqual(["US Air Force", "Kataib Hezbollah"]);
    expect(d.actors.map((a) => [a.name, a.role])).toEqual([["US Air Force", "agent"], ["Kataib Hezbollah", "target"]]);
    d = (await curateEvent({ op: "edit", event: d.event.id, field: "killed", value: null }))!;
    expect(d.event).toMatchObject({ killed: 8, user_fields: ["actors", "date", "place"] });
    await expect(curateEvent({ op: "edit", event: d.event.id, field: "date", value: "soon" })).rejects.toMatchObject({ code: "invalid" });
  });

  it("splits a source out into its own event and merges it back", async () => {
    const before = await getEvent(1);
    const second = before.sources.filter((s) => s.article_id === before.sources[1].article_id);
    // As the core, the split returns the event split off.
    const split = (await curateEvent({ op: "split", event: 1, mentions: second.map((s) => s.mention_key) }))!;
    expect(split.sources.map((s) => s.mention_key)).toEqual(second.map((s) => s.mention_key));
    expect(split.event.summary).toBe(before.event.summary);
    const page = await timeline({});
    expect(page.total).toBe(7);
    const rest = await getEvent(1);
    expect(rest.sources.map((s) => s.mention_key)).toEqual([before.sources[0].mention_key]);
    await expect(curateEvent({ op: "split", event: 1, mentions: [before.sources[0].mention_key] })).rejects.toMatchObject({ code: "invalid" });
    const merged = (await curateEvent({ op: "merge", events: [rest.event.id, split.event.id] }))!;
    expect(merged.sources.map((s) => s.mention_key).sort()).toEqual(before.sources.map((s) => s.mention_key).sort());
    expect((await timeline({})).total).toBe(6);
  });

  it("adds an event by hand, with an article as its source", async () => {
    const d = (await curateEvent({ op: "add", kind: "protest", date: "2023-12-01", place: "Baghdad", summary: "Protest at the embassy", killed: null, injured: 2, article_ids: [1] }))!;
    expect(d.event).toMatchObject({ kind: "protest", family: "protest", manual: true, place_id: 1, injured: 2, summary: "Protest at the embassy", first_day: "2023-12-01" });
    expect(d.sources.map((s) => s.article_id)).toEqual([1]);
    expect((await timeline({})).events.some((e) => e.id === d.event.id)).toBe(true);
    await expect(curateEvent({ op: "add", kind: "picnic", date: "2023", place: null, summary: "x", killed: null, injured: null, article_ids: [] })).rejects.toMatchObject({ code: "invalid" });
  });
});

describe("curation in the view", () => {
  let view: TimelineView;
  beforeEach(async () => {
    setBackend(mockBackend({ seed: true }));
    view = new TimelineView({ window: new TimeWindow(), onOpenArticle: vi.fn(), onShowPlace: vi.fn() });
    await view.refresh();
    await view.openEvent(1);
  });
  const pane = () => view.el.querySelector("[data-testid=event-details]")!;
  const until = async (cond: () => unknown) => {
    for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(cond()).toBeTruthy();
  };

  it("saves the edit form's changes one after the other and shows the rebuilt event", async () => {
    (pane().querySelector("[data-action=edit]") as HTMLButtonElement).click();
    const form = pane().querySelector("[data-testid=event-edit]") as HTMLFormElement;
    (form.querySelector("[name=killed]") as HTMLInputElement).value = "9";
    (form.querySelector("[name=summary]") as HTMLTextAreaElement).value = "Strikes south of Baghdad";
    form.requestSubmit();
    await until(() => pane().querySelector(".tl-detail-title")?.textContent === "Strikes south of Baghdad");
    expect(pane().querySelector("[data-testid=event-edit]")).toBeNull();
    expect(pane().querySelectorAll(".tl-user-badge")).toHaveLength(2);
  });

  it("splits a source out from its card, and adds an event from the toolbar", async () => {
    (pane().querySelectorAll("[data-action=split]")[1] as HTMLButtonElement).click();
    await until(() => pane().querySelectorAll(".tl-source").length === 1);
    await until(() => view.el.querySelector("[data-testid=timeline-count]")!.textContent === "7 events");
    (view.el.querySelector("[data-action=add-event]") as HTMLButtonElement).click();
    const form = pane().querySelector("[data-testid=event-add]") as HTMLFormElement;
    (form.querySelector("[name=date]") as HTMLInputElement).value = "2023-12";
    form.requestSubmit();
    await until(() => pane().querySelector(".tl-manual"));
    await until(() => view.el.querySelector("[data-testid=timeline-count]")!.textContent === "8 events");
    await flush();
  });
});
