// The user's curation of events: the edit form (kind, date, place, figures,
// summary, each field the user set marked and resettable), the form of an
// event added by hand, and the merge picker. The form → operation mapping is
// pure (editChanges, addOp) so it is testable without the DOM; index.ts sends
// the operations (`curate_event`) and shows the rebuilt event.

import { h } from "../../lib/dom";
import type { EventCuration, EventRow } from "../../ipc/types";
import { FAMILIES, KINDS, formatEventDate, kindLabel } from "./items";

export type EditField = "kind" | "date" | "place" | "actors" | "killed" | "injured" | "summary";
export const EDIT_FIELDS: EditField[] = ["kind", "date", "place", "actors", "killed", "injured", "summary"];
const LABELS: Record<EditField, string> = { kind: "Kind", date: "Date", place: "Place", actors: "Actors", killed: "Killed", injured: "Injured", summary: "Summary" };

export type FormValues = Record<EditField, string>;

/** "2023-11-21", "2023-11" or "2023", a real day or month. */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(s);
  if (!m) return false;
  if (!m[2]) return true;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return false;
  if (!m[3]) return true;
  const day = Number(m[3]);
  return day >= 1 && day <= new Date(Date.UTC(Number(m[1]), month, 0)).getUTCDate();
}

/** The form's starting values for an event: its date as ISO text ("2023-11-21TNI" → "2023-11-21"). */
export function formValues(e: EventRow): FormValues {
  const iso = e.date ? /^\d{4}(-\d{2}(-\d{2})?)?/.exec(e.date)?.[0] : undefined;
  return {
    kind: e.kind,
    date: iso ?? e.first_day ?? "",
    place: e.place_name ?? "",
    actors: e.actors.join("; "),
    killed: e.killed == null ? "" : String(e.killed),
    injured: e.injured == null ? "" : String(e.injured),
    summary: e.summary,
  };
}

/** What is wrong with a field's value, or null (`optional`: empty is fine, as in the add form). */
export function fieldError(field: EditField, value: string, optional = false): string | null {
  const v = value.trim();
  if (!v && field !== "kind" && field !== "date") {
    if (optional) return null;
    return field === "summary" ? "Say what happened." : "Not empty: to go back to what the sources say, use “Use the sources’”.";
  }
  switch (field) {
    case "kind":
      return Object.values(KINDS).some((ks) => ks.includes(v)) ? null : "Choose a kind.";
    case "date":
      return isIsoDate(v) ? null : "A date as 2023-11-21, 2023-11 or 2023.";
    case "killed":
    case "injured":
      return /^\d+$/.test(v) ? null : "A whole number.";
    default:
      return null;
  }
}

/**
 * The edits a submitted form makes: each changed field with its new value
 * (trimmed), in form order. Throws the first invalid field's message (the
 * core takes no empty value: a user's value is cleared with null instead).
 */
export function editChanges(before: FormValues, after: FormValues): { field: EditField; value: string }[] {
  const changes: { field: EditField; value: string }[] = [];
  for (const field of EDIT_FIELDS) {
    const value = after[field].trim();
    if (value === before[field].trim()) continue;
    const error = fieldError(field, value);
    if (error) throw new Error(`${LABELS[field]}: ${error}`);
    changes.push({ field, value });
  }
  return changes;
}

/** One edit as the operation on an event (its id changes after each operation). */
export function editOp(event: number, field: EditField, value: string | null): EventCuration {
  return { op: "edit", event, field, value };
}

/** The `add` operation of the add form, or an error for the first invalid field. */
export function addOp(v: FormValues & { articles: string }): EventCuration {
  for (const field of ["kind", "date", "killed", "injured"] as EditField[]) {
    const error = fieldError(field, v[field], true);
    if (error) throw new Error(`${LABELS[field]}: ${error}`);
  }
  const ids = v.articles.split(/[\s,]+/).filter(Boolean);
  if (ids.some((x) => !/^\d+$/.test(x))) throw new Error("Articles: their ids, separated by commas.");
  const num = (s: string) => (s.trim() === "" ? null : Number(s.trim()));
  const place = v.place.trim() || null;
  return {
    op: "add",
    kind: v.kind.trim(),
    date: v.date.trim(),
    place,
    summary: v.summary.trim() || `${kindLabel(v.kind.trim())}${place ? ` in ${place}` : ""}`,
    killed: num(v.killed),
    injured: num(v.injured),
    article_ids: ids.map(Number),
  };
}

/** Other events to merge with, matching a search of their summary or date, nearest in time first. */
export function mergeCandidates(current: EventRow, rows: EventRow[], query: string, limit = 30): EventRow[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const day = (r: EventRow) => Date.parse(r.first_day ?? "") || 0;
  const at = day(current);
  return rows
    .filter((r) => r.id !== current.id)
    .filter((r) => {
      const text = `${r.summary} ${r.date ?? ""} ${r.first_day ?? ""} ${formatEventDate(r)} ${r.place_name ?? ""}`.toLowerCase();
      return words.every((w) => text.includes(w));
    })
    .sort((a, b) => Math.abs(day(a) - at) - Math.abs(day(b) - at) || a.id - b.id)
    .slice(0, limit);
}

// ---- DOM ----

function kindSelect(value: string): HTMLSelectElement {
  const select = h("select", { class: "select tl-form-input", name: "kind" });
  for (const f of FAMILIES) {
    const group = h("optgroup", { label: f.label });
    for (const k of KINDS[f.id] ?? []) group.append(h("option", { value: k }, kindLabel(k)));
    select.append(group);
  }
  if (value && ![...select.options].some((o) => o.value === value)) select.append(h("option", { value }, kindLabel(value)));
  select.value = value;
  return select;
}

function input(field: EditField, value: string): HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement {
  if (field === "kind") return kindSelect(value);
  if (field === "summary") {
    const t = h("textarea", { class: "text-input tl-form-input tl-form-textarea", name: field, rows: 3 });
    t.value = value;
    return t;
  }
  const numeric = field === "killed" || field === "injured";
  const el = h("input", {
    class: "text-input tl-form-input",
    name: field,
    type: "text",
    inputmode: numeric ? "numeric" : null,
    placeholder: field === "date" ? "2023-11-21, 2023-11 or 2023" : field === "place" ? "none" : field === "actors" ? "names separated by ;" : numeric ? "unknown" : null,
    autocomplete: "off",
  });
  el.value = value;
  return el;
}

function formOf(fields: EditField[], values: FormValues, mark: (f: EditField) => Node | null) {
  const inputs = new Map<EditField, HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>();
  const rows = fields.map((field) => {
    const el = input(field, values[field]);
    inputs.set(field, el);
    const id = `tl-form-${field}-${Math.random().toString(36).slice(2, 8)}`;
    el.id = id;
    return h(
      "div",
      { class: "tl-form-row", "data-field": field },
      h("label", { class: "tl-form-label", for: id }, LABELS[field]),
      el,
      mark(field),
    );
  });
  const read = (): FormValues => {
    const v = { ...values };
    for (const [f, el] of inputs) v[f] = el.value;
    return v;
  };
  return { rows, read, inputs };
}

function formShell(title: string, rows: Node[], submitLabel: string, onCancel: () => void, onSubmit: (error: HTMLElement, submit: HTMLButtonElement) => void) {
  const error = h("p", { class: "error-text tl-form-error", role: "alert", hidden: true });
  const submit = h("button", { class: "btn btn-small btn-primary", type: "submit", "data-action": "save" }, submitLabel);
  return h(
    "form",
    {
      class: "tl-form",
      onsubmit: (ev: Event) => {
        ev.preventDefault();
        onSubmit(error, submit);
      },
    },
    h("h3", { class: "tl-form-title" }, title),
    ...rows,
    error,
    h(
      "div",
      { class: "tl-form-buttons" },
      submit,
      h("button", { class: "btn btn-small btn-ghost", type: "button", "data-action": "cancel", onclick: () => onCancel() }, "Cancel"),
    ),
  );
}

/** Shows an error on a form (the promise of a save failed or the values are wrong). */
export function showFormError(error: HTMLElement, e: unknown): void {
  error.textContent = (e as { message?: string })?.message ?? String(e);
  error.hidden = false;
}

/** A user value's mark: "Your edit", and in a form a button to go back to the sources' value. */
export function userMark(onReset?: () => void): HTMLElement {
  return h(
    "span",
    { class: "tl-user-mark" },
    h("span", { class: "tl-user-badge", title: "You set this value: it replaces what the sources say" }, "Your edit"),
    onReset
      ? h("button", { class: "link-btn tl-user-reset", type: "button", "data-action": "reset", title: "Forget your value and use the sources’ again", onclick: () => onReset() }, "Use the sources’")
      : null,
  );
}

export interface EditFormCallbacks {
  /** Saves the changed fields; rejects with a message to show. */
  onSave(changes: { field: EditField; value: string }[]): Promise<void>;
  /** Clears the user's value of a field (value: null). */
  onReset(field: EditField): Promise<void>;
  onCancel(): void;
}

/** The inline edit form of an event. */
export function renderEditForm(e: EventRow, cb: EditFormCallbacks): HTMLFormElement {
  const before = formValues(e);
  const userFields = new Set(e.user_fields ?? []);
  let form: HTMLFormElement;
  const { rows, read } = formOf(EDIT_FIELDS, before, (f) =>
    userFields.has(f) && !e.manual
      ? userMark(() => {
          void cb.onReset(f).catch((err) => showFormError(form.querySelector(".tl-form-error") as HTMLElement, err));
        })
      : null,
  );
  form = formShell("Correct this event", rows, "Save", cb.onCancel, (error, submit) => {
    let changes;
    try {
      changes = editChanges(before, read());
    } catch (err) {
      showFormError(error, err);
      return;
    }
    if (!changes.length) return cb.onCancel();
    submit.disabled = true;
    cb.onSave(changes).catch((err) => {
      submit.disabled = false;
      showFormError(error, err);
    });
  });
  form.dataset.testid = "event-edit";
  return form;
}

/** The form of an event added by hand. */
export function renderAddForm(cb: { onAdd(op: EventCuration): Promise<void>; onCancel(): void }, articleIds: number[] = []): HTMLFormElement {
  const start: FormValues = { kind: "attack", date: "", place: "", actors: "", killed: "", injured: "", summary: "" };
  const { rows, read } = formOf(["kind", "date", "place", "summary", "killed", "injured"], start, () => null);
  const articles = h("input", { class: "text-input tl-form-input", name: "articles", type: "text", placeholder: "optional, e.g. 12, 40", autocomplete: "off" });
  articles.value = articleIds.join(", ");
  articles.id = "tl-form-articles";
  rows.push(h("div", { class: "tl-form-row", "data-field": "articles" }, h("label", { class: "tl-form-label", for: articles.id }, "Article ids"), articles));
  const summary = rows.find((r) => r.dataset.field === "summary")?.querySelector("textarea");
  if (summary) summary.placeholder = "What happened (by default, the kind and the place)";
  const form = formShell("Add an event", rows, "Add event", cb.onCancel, (error, submit) => {
    let op;
    try {
      op = addOp({ ...read(), articles: articles.value });
    } catch (err) {
      showFormError(error, err);
      return;
    }
    submit.disabled = true;
    cb.onAdd(op).catch((err) => {
      submit.disabled = false;
      showFormError(error, err);
    });
  });
  form.classList.add("tl-add-form");
  form.dataset.testid = "event-add";
  return form;
}

/** The merge picker: the other loaded events, searchable; picking one merges. */
export function renderMergePicker(current: EventRow, rows: EventRow[], cb: { onMerge(other: EventRow): Promise<void>; onCancel(): void }): HTMLElement {
  const list = h("ul", { class: "tl-merge-list", role: "list" });
  const error = h("p", { class: "error-text tl-form-error", role: "alert", hidden: true });
  const search = h("input", { class: "text-input tl-form-input", type: "search", placeholder: "Search by summary or date", "aria-label": "Search the events", autocomplete: "off" });
  const fill = () => {
    const found = mergeCandidates(current, rows, search.value);
    list.replaceChildren(
      ...found.map((r) =>
        h(
          "li",
          null,
          h(
            "button",
            {
              class: "tl-merge-option",
              type: "button",
              "data-event-id": r.id,
              onclick: (ev: Event) => {
                (ev.currentTarget as HTMLButtonElement).disabled = true;
                cb.onMerge(r).catch((err) => {
                  (ev.currentTarget as HTMLButtonElement | null)?.removeAttribute("disabled");
                  showFormError(error, err);
                });
              },
            },
            h("span", { class: `tl-family-dot tl-${r.family}`, "aria-hidden": "true" }),
            h("span", { class: "tl-merge-text" }, h("span", { class: "tl-merge-summary" }, r.summary), h("span", { class: "tl-merge-date muted" }, formatEventDate(r))),
          ),
        ),
      ),
    );
    if (!found.length) list.append(h("li", { class: "tl-merge-empty muted" }, rows.length > 1 ? "No other event matches." : "No other event is loaded."));
  };
  search.addEventListener("input", fill);
  fill();
  return h(
    "div",
    { class: "tl-form tl-merge", "data-testid": "event-merge" },
    h("h3", { class: "tl-form-title" }, "Merge with another event"),
    h("p", { class: "tl-form-hint muted" }, "The same event, reported apart: its sources join these."),
    search,
    list,
    error,
    h("div", { class: "tl-form-buttons" }, h("button", { class: "btn btn-small btn-ghost", type: "button", "data-action": "cancel", onclick: () => cb.onCancel() }, "Cancel")),
  );
}
