// The selected event's page: kind, date with its precision, place, actors
// with their roles, figures, disagreements between sources side by side (each
// value with the sources that give it), and every source with its sentence and
// the trigger marked, opening the article at that sentence. Text only.
// With curation callbacks: the user's values marked, "Edit" and "Merge with…"
// (whose forms index.ts puts in the slot under them), and "Not this event" on
// each source.

import { h } from "../../lib/dom";
import { formatDate, plural } from "../../lib/format";
import { utf8Slice } from "../../lib/utf8";
import type { EventDetail, EventSource, SourcedValue, Span } from "../../ipc/types";
import { userMark } from "./curate";
import { familyLabel, formatEventDate, kindLabel, precisionLabel } from "./items";

export interface CurationCallbacks {
  /** Show the edit form in `slot`. */
  onEdit(slot: HTMLElement): void;
  /** Show the merge picker in `slot`. */
  onMerge(slot: HTMLElement): void;
  /** These mentions are not this event. */
  onSplit(mentionKeys: string[]): Promise<void>;
}

export interface DetailsCallbacks {
  onOpenArticle(articleId: number, span: Span | null): void;
  onShowPlace(placeId: number): void;
  onClose(): void;
  curation?: CurationCallbacks;
}

const FIELD_LABELS: Record<string, string> = {
  killed: "Killed",
  injured: "Injured",
  arrested: "Arrested",
  displaced: "Displaced",
  attacks: "Attacks",
  date: "Date",
  place: "Place",
};

export function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? kindLabel(field);
}

/** "Reuters" or, without an outlet, the title: what names a source in one word or a few. */
export function sourceName(s: Pick<EventSource, "outlet" | "title">): string {
  return s.outlet || s.title;
}

/** The sentence split around its trigger (byte spans, article offsets). */
export function sentenceParts(s: EventSource): [string, string, string] {
  const rel = (n: number) => Math.max(0, n - s.sentence_start);
  const a = rel(s.trigger.start);
  const b = Math.max(a, rel(s.trigger.end));
  return [utf8Slice(s.sentence, 0, a), utf8Slice(s.sentence, a, b), utf8Slice(s.sentence, b)];
}

export function renderDetails(d: EventDetail, cb: DetailsCallbacks): HTMLElement {
  const e = d.event;
  const userSet = new Set(e.manual ? [] : (e.user_fields ?? []));
  const mark = (field: string) => (userSet.has(field) ? userMark() : null);
  const byArticle = new Map<number, EventSource>();
  for (const s of d.sources) if (!byArticle.has(s.article_id)) byArticle.set(s.article_id, s);

  const sourceChips = (v: SourcedValue) =>
    h(
      "ul",
      { class: "tl-value-sources" },
      ...v.article_ids.map((id) => {
        const s = byArticle.get(id);
        return h(
          "li",
          null,
          h(
            "button",
            { class: "link-btn tl-source-ref", type: "button", "data-article-id": id, title: s ? s.title : `Article ${id}`, onclick: () => cb.onOpenArticle(id, s ? s.trigger : null) },
            s ? sourceName(s) : `Article ${id}`,
          ),
        );
      }),
    );

  const head = h(
    "header",
    { class: "tl-detail-head" },
    h(
      "div",
      { class: "tl-detail-kicker" },
      h("span", { class: `tl-family-dot tl-${e.family}`, "aria-hidden": "true" }),
      `${familyLabel(e.family)} · ${kindLabel(e.kind)}`,
      mark("kind"),
      e.manual ? h("span", { class: "tl-user-badge tl-manual", title: "You added this event" }, "Added by you") : null,
      h("button", { class: "icon-btn tl-detail-close", type: "button", title: "Close", "aria-label": "Close the event", onclick: () => cb.onClose() }, "×"),
    ),
    h("h2", { class: "tl-detail-title" }, e.summary),
    userSet.has("summary") ? h("p", { class: "tl-detail-summary-mark" }, mark("summary")) : null,
    h(
      "p",
      { class: "tl-detail-date" },
      h("span", { class: "tl-date-value" }, formatEventDate(e)),
      h("span", { class: `tl-precision tl-precision-${e.precision}`, title: precisionHint(e.precision) }, precisionLabel(e.precision)),
      mark("date"),
    ),
    e.first_day && e.last_day && e.first_day !== e.last_day
      ? h("p", { class: "tl-detail-range muted" }, `Between ${formatDate(e.first_day)} and ${formatDate(e.last_day)}`)
      : null,
  );

  const facts = h("dl", { class: "tl-facts" });
  const fact = (label: string, ...value: (Node | string | null)[]) => {
    facts.append(h("dt", null, label), h("dd", null, ...value));
  };
  if (e.place_id != null && e.place_name) {
    const placeId = e.place_id;
    fact("Place", h("button", { class: "link-btn tl-place", type: "button", "data-place-id": placeId, title: "Show on the map", onclick: () => cb.onShowPlace(placeId) }, e.place_name), mark("place"));
  } else fact("Place", h("span", { class: e.place_name ? null : "muted" }, e.place_name || "not given"), mark("place"));

  const agents = d.actors.filter((a) => a.role === "agent");
  const targets = d.actors.filter((a) => a.role === "target");
  if (userSet.has("actors")) {
    // The user's list: each name with its role when the sources give one.
    const role = (name: string) => d.actors.find((a) => a.name === name)?.role;
    const chips = e.actors.map((name) => h("span", { class: `tl-actor tl-${role(name) ?? "named"}`, "data-role": role(name) ?? null }, name));
    fact("Actors", ...(chips.length ? chips : [h("span", { class: "muted" }, "none")]), mark("actors"));
  }
  else if (agents.length) fact("By", ...agents.map((a) => h("span", { class: "tl-actor tl-agent", "data-role": "agent" }, a.name)));
  if (!userSet.has("actors") && targets.length) fact(e.family === "cooperation" ? "With" : "Against", ...targets.map((a) => h("span", { class: "tl-actor tl-target", "data-role": "target" }, a.name)));
  if (!userSet.has("actors") && !d.actors.length) fact("Actors", h("span", { class: "muted" }, "none named"));

  const disputed = new Set(d.disagreements.map((x) => x.field));
  // A figure the user set (or one of an event added by hand) replaces the sources'.
  const own = (["killed", "injured"] as const).filter((k) => userSet.has(k) || (e.manual && e[k] != null));
  for (const k of own) fact(fieldLabel(k), h("span", { class: "tl-figure" }, e[k] == null ? "unknown" : String(e[k])), mark(k));
  for (const f of d.figures) {
    if (disputed.has(f.kind) || (own as string[]).includes(f.kind)) continue;
    const v = f.values[0];
    if (!v) continue;
    fact(fieldLabel(f.kind), h("span", { class: "tl-figure" }, v.value), h("span", { class: "muted tl-figure-agree" }, ` · ${v.article_ids.length === 1 ? "1 source" : `${v.article_ids.length} sources agree`}`));
  }
  fact("Reports", `${plural(e.source_count, "source")}, ${plural(e.mention_count, "mention")}`);

  const disagreements = d.disagreements.length
    ? h(
        "section",
        { class: "tl-section tl-disagreements", "data-testid": "disagreements" },
        h("h3", null, "Sources disagree"),
        ...d.disagreements.map((x) =>
          h(
            "div",
            { class: "tl-disagreement", "data-field": x.field },
            h("div", { class: "tl-disagreement-field" }, fieldLabel(x.field)),
            h(
              "div",
              { class: "tl-disagreement-values" },
              ...x.values.map((v) =>
                h(
                  "div",
                  { class: "tl-disagreement-value", "data-value": v.value },
                  h("div", { class: "tl-value" }, x.field === "date" ? formatEventDate({ date: v.value, precision: "", first_day: null, last_day: null }) : v.value),
                  h("div", { class: "tl-value-count muted" }, plural(v.article_ids.length, "source")),
                  sourceChips(v),
                ),
              ),
            ),
          ),
        ),
      )
    : null;

  // One card per article; an article that reports the event more than once shows each sentence.
  const articles = new Map<number, EventSource[]>();
  for (const s of d.sources) articles.set(s.article_id, [...(articles.get(s.article_id) ?? []), s]);
  const sources = h(
    "section",
    { class: "tl-section" },
    h("h3", null, `Sources (${articles.size})`),
    h(
      "ol",
      { class: "tl-sources", "data-testid": "event-sources" },
      ...[...articles.values()].map((mentions) => {
        const s = mentions[0];
        return h(
          "li",
          { class: "tl-source", "data-article-id": s.article_id },
          h(
            "div",
            { class: "tl-source-meta" },
            h("span", { class: "tl-source-outlet" }, s.outlet ?? "No outlet"),
            s.published ? h("span", { class: "tl-source-date" }, formatDate(s.published)) : null,
            mentions.length > 1 ? h("span", { class: "tl-source-mentions" }, `${mentions.length} mentions`) : null,
            cb.curation && articles.size > 1
              ? h(
                  "button",
                  {
                    class: "link-btn tl-split",
                    type: "button",
                    "data-action": "split",
                    title: "This article reports another event: make it an event of its own",
                    onclick: (ev: Event) => {
                      const b = ev.currentTarget as HTMLButtonElement;
                      b.disabled = true;
                      cb.curation!.onSplit(mentions.map((m) => m.mention_key)).catch(() => (b.disabled = false));
                    },
                  },
                  "Not this event",
                )
              : null,
          ),
          h("div", { class: "tl-source-title" }, s.title),
          ...mentions.map((m) => {
            const [before, trigger, after] = sentenceParts(m);
            return h(
              "div",
              { class: "tl-mention" },
              h("blockquote", { class: "tl-sentence" }, before, trigger ? h("mark", { class: "tl-trigger" }, trigger) : null, after),
              h(
                "button",
                { class: "btn btn-small btn-ghost tl-open-source", type: "button", "data-action": "open-source", onclick: () => cb.onOpenArticle(m.article_id, m.trigger) },
                "Open at this sentence",
              ),
            );
          }),
        );
      }),
    ),
  );

  let curate: HTMLElement | null = null;
  if (cb.curation) {
    const c = cb.curation;
    const slot = h("div", { class: "tl-curate-slot" });
    curate = h(
      "div",
      { class: "tl-curate" },
      h(
        "div",
        { class: "tl-curate-bar" },
        h("button", { class: "btn btn-small", type: "button", "data-action": "edit", title: "Correct the kind, date, place, figures or summary", onclick: () => c.onEdit(slot) }, "Edit"),
        h("button", { class: "btn btn-small", type: "button", "data-action": "merge", title: "The same event as another one: merge them", onclick: () => c.onMerge(slot) }, "Merge with…"),
      ),
      slot,
    );
  }

  return h("div", { class: "tl-detail", "data-event-id": e.id }, head, facts, curate, disagreements, sources);
}

function precisionHint(p: string): string {
  switch (p) {
    case "reported":
      return "No date is given for the event: this is the date of the report, and the event happened on or shortly before it.";
    case "reported_earlier":
      return "The report says the event is older than the news, without a date: it happened some time before the publication date.";
    case "month":
    case "year":
    case "week":
      return "The sources give only the " + p + "; the timeline draws the whole " + p + ".";
    default:
      return "The sources give the " + precisionLabel(p) + ".";
  }
}
