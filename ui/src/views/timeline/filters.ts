// The timeline's filter bar: an entity picked by searching the entity
// database, an event kind or family, a place, a story; and the query the
// filters make. The visible time window is not a filter here: it is the
// chart's viewport, shared with the map through TimeWindow.

import { h, replace } from "../../lib/dom";
import { icon } from "../../components/icons";
import { listEntities } from "../../ipc/entities";
import type { EntityRow, EventRow, TimelineQuery } from "../../ipc/types";
import { FAMILIES, KINDS, kindLabel } from "./items";

export interface TimelineFilter {
  entity: { id: number; name: string } | null;
  /** An event kind ("airstrike") or a family ("violence"); the core takes either. */
  kind: string | null;
  place: { id: number; name: string } | null;
  story: { id: number; label: string } | null;
}

export const NO_FILTER: TimelineFilter = { entity: null, kind: null, place: null, story: null };

/** At most this many events in one view; the count line says when there are more. */
export const TIMELINE_LIMIT = 10_000;

export function toQuery(f: TimelineFilter): TimelineQuery {
  return {
    entity_id: f.entity?.id ?? null,
    kind: f.kind,
    place_id: f.place?.id ?? null,
    story_id: f.story?.id ?? null,
    offset: 0,
    limit: TIMELINE_LIMIT,
  };
}

/** Places the loaded events happen in, most eventful first. */
export function placeOptions(rows: readonly EventRow[]): { id: number; name: string; count: number }[] {
  const m = new Map<number, { id: number; name: string; count: number }>();
  for (const r of rows) {
    if (r.place_id == null) continue;
    const p = m.get(r.place_id) ?? { id: r.place_id, name: r.place_name ?? `Place ${r.place_id}`, count: 0 };
    p.count++;
    m.set(r.place_id, p);
  }
  return [...m.values()].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

export class FilterBar {
  readonly el: HTMLElement;
  private filter: TimelineFilter = NO_FILTER;
  private entityInput: HTMLInputElement;
  private suggestions: HTMLElement;
  private kindSelect: HTMLSelectElement;
  private placeSelect: HTMLSelectElement;
  private chips: HTMLElement;
  private places = new Map<number, { id: number; name: string; count: number }>();
  private searchTimer = 0;
  private searchVersion = 0;

  constructor(private onChange: (f: TimelineFilter) => void) {
    this.entityInput = h("input", {
      type: "search",
      class: "search-input",
      placeholder: "Filter by person, group, place…",
      "aria-label": "Filter events by entity",
      spellcheck: "false",
      autocomplete: "off",
      "data-testid": "timeline-entity",
    });
    this.suggestions = h("div", { class: "tl-suggestions", role: "listbox", hidden: true });
    this.entityInput.addEventListener("input", () => {
      clearTimeout(this.searchTimer);
      this.searchTimer = window.setTimeout(() => void this.suggest(this.entityInput.value.trim()), 150);
    });
    this.entityInput.addEventListener("keydown", (e) => {
      if (e.key === "Escape") this.hideSuggestions();
      if (e.key === "ArrowDown") (this.suggestions.querySelector("button") as HTMLButtonElement | null)?.focus();
    });
    this.entityInput.addEventListener("blur", () => window.setTimeout(() => {
      if (!this.suggestions.contains(document.activeElement)) this.hideSuggestions();
    }, 150));

    this.kindSelect = h("select", { class: "select", "aria-label": "Event kind", "data-testid": "timeline-kind" }, h("option", { value: "" }, "All kinds"));
    for (const f of FAMILIES) {
      const group = h("optgroup", { label: f.label }, h("option", { value: f.id }, `All ${f.label.toLowerCase()}`));
      for (const k of KINDS[f.id] ?? []) group.append(h("option", { value: k }, kindLabel(k)));
      this.kindSelect.append(group);
    }
    this.kindSelect.addEventListener("change", () => this.set({ kind: this.kindSelect.value || null }));

    this.placeSelect = h("select", { class: "select", "aria-label": "Place", "data-testid": "timeline-place" }, h("option", { value: "" }, "All places"));
    this.placeSelect.addEventListener("change", () => {
      const id = Number(this.placeSelect.value);
      const p = this.places.get(id);
      this.set({ place: p ? { id: p.id, name: p.name } : null });
    });

    this.chips = h("div", { class: "tl-chips" });
    this.el = h(
      "div",
      { class: "filters tl-filters" },
      h("div", { class: "search-box tl-entity-box" }, icon("search", 16, "icon search-icon"), this.entityInput, this.suggestions),
      this.kindSelect,
      this.placeSelect,
      this.chips,
    );
  }

  get value(): TimelineFilter {
    return this.filter;
  }

  set(patch: Partial<TimelineFilter>): void {
    this.filter = { ...this.filter, ...patch };
    this.render();
    this.onChange(this.filter);
  }

  /** Remembers the places of loaded events (without a place filter) for the place menu. */
  offerPlaces(rows: readonly EventRow[]): void {
    if (this.filter.place) return;
    this.places = new Map(placeOptions(rows).map((p) => [p.id, p]));
    this.render();
  }

  private render(): void {
    const f = this.filter;
    this.kindSelect.value = f.kind ?? "";
    const places = [...this.places.values()];
    if (f.place && !this.places.has(f.place.id)) places.unshift({ ...f.place, count: 0 });
    replace(
      this.placeSelect,
      h("option", { value: "" }, "All places"),
      ...places.map((p) => h("option", { value: p.id }, p.count ? `${p.name} (${p.count.toLocaleString("en")})` : p.name)),
    );
    this.placeSelect.value = f.place ? String(f.place.id) : "";
    const chip = (cls: string, label: string, clear: string, patch: Partial<TimelineFilter>) =>
      h("span", { class: `chip ${cls}` }, label, h("button", { class: "chip-x", type: "button", "aria-label": clear, onclick: () => this.set(patch) }, icon("close", 12)));
    replace(
      this.chips,
      f.entity ? chip("tl-chip-entity", f.entity.name, "Show events of every entity", { entity: null }) : null,
      f.story ? chip("tl-chip-story", f.story.label, "Show events of every story", { story: null }) : null,
    );
  }

  private async suggest(text: string): Promise<void> {
    const version = ++this.searchVersion;
    if (!text) return this.hideSuggestions();
    let rows: EntityRow[] = [];
    try {
      rows = (await listEntities({ text, sort: "mentions", offset: 0, limit: 8 })).rows;
    } catch {
      rows = [];
    }
    if (version !== this.searchVersion) return;
    replace(
      this.suggestions,
      ...(rows.length
        ? rows.map((r) =>
            h(
              "button",
              {
                class: "tl-suggestion",
                type: "button",
                role: "option",
                "data-entity-id": r.id,
                onclick: () => {
                  this.entityInput.value = "";
                  this.hideSuggestions();
                  this.set({ entity: { id: r.id, name: r.name } });
                },
              },
              h("span", { class: "tl-suggestion-name" }, r.name),
              h("span", { class: "tl-suggestion-meta muted" }, `${r.kind} · ${r.mention_count.toLocaleString("en")}`),
            ),
          )
        : [h("div", { class: "tl-suggestion-empty muted" }, "No entity by that name")]),
    );
    this.suggestions.hidden = false;
  }

  private hideSuggestions(): void {
    this.suggestions.hidden = true;
  }
}
