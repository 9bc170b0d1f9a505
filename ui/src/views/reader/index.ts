// The reader: one article's text, drawn from its spans, with its details and
// where each came from, inline correction of title/date/outlet/authors, the
// original file, and the other versions of the same story.

import { h, replace } from "../../lib/dom";
import { baseName, formatAuthors, formatDate, isIsoDate } from "../../lib/format";
import { isDimmed, REGION_LABELS, segment, type Block, type Mark, type Run } from "../../lib/segments";
import { icon } from "../../components/icons";
import { correctArticle, getArticle, openOriginal, revealOriginal } from "../../ipc/library";
import { articleAnnotations } from "../../ipc/entities";
import type { ArticleAnnotations, ArticleCorrection, ArticleDetail, FieldSource } from "../../ipc/types";
import { toast } from "../../components/toast";

export interface ReaderOptions {
  onCorrected(detail: ArticleDetail): void;
  onOpenArticle(id: number): void;
  onFilterStory(storyId: number): void;
  /** A highlighted mention was clicked. */
  onOpenEntity?(entityId: number): void;
  /** "Report": a report on the article's story. */
  onReportStory?(storyId: number, title: string): void;
}

const KIND_LABEL: Record<string, string> = { PER: "Person", ORG: "Organisation", LOC: "Place", MISC: "Other name" };

/** The reader's highlights: entity mentions by type, dates with their resolved value. */
export function annotationMarks(a: ArticleAnnotations): Mark[] {
  const marks: Mark[] = [];
  for (const m of a.mentions) {
    if (m.entity_id === null) continue;
    const kind = m.entity_kind ?? m.label;
    marks.push({
      start: m.span.start,
      end: m.span.end,
      type: "entity",
      variant: kind,
      title: `${KIND_LABEL[kind] ?? kind}: ${m.entity_name ?? ""} (click to open)`,
      entityId: m.entity_id,
      id: m.mention_id,
    });
  }
  a.timexes.forEach((t, i) => {
    marks.push({ start: t.span.start, end: t.span.end, type: "time", variant: t.kind, title: describeTimex(t.kind, t.value), id: i });
  });
  return marks;
}

/** "2023-11-21TNI" → "DATE 2023-11-21 (night)": what the date was resolved to, for the hover. */
export function describeTimex(kind: string, value: string): string {
  const parts: Record<string, string> = { MO: "morning", AF: "afternoon", EV: "evening", NI: "night", DT: "daytime" };
  const m = /^(.*)T(MO|AF|EV|NI|DT)$/.exec(value);
  const shown = m ? `${m[1]} (${parts[m[2]]})` : value;
  const unresolved = /X/.test(value) ? " — unresolved: set the article's date to resolve it" : "";
  return `${kind.toLowerCase()}: ${shown}${unresolved}`;
}

const SOURCE_LABEL: Record<FieldSource, string> = { text: "From text", metadata: "From metadata", user: "Your edit" };
const SOURCE_HELP: Record<FieldSource, string> = {
  text: "Found in the article's text (a dateline or byline)",
  metadata: "Found in the file's metadata",
  user: "Set by you; re-analysis never overwrites it",
};

type Field = "title" | "published" | "outlet" | "authors";

export class ReaderView {
  readonly el: HTMLElement;
  private detail: ArticleDetail | null = null;
  private marks: Mark[] = [];
  /** A span to scroll to and flash after the next render (from an entity page). */
  private focusSpan: { start: number; end: number } | null = null;
  private editing = false;
  private showToken = 0;

  constructor(private opts: ReaderOptions) {
    this.el = h("section", { class: "reader-pane", "aria-label": "Reader" });
    this.renderPlaceholder();
  }

  get current(): ArticleDetail | null {
    return this.detail;
  }

  async show(id: number, focus: { start: number; end: number } | null = null): Promise<void> {
    const token = ++this.showToken;
    this.el.classList.add("loading");
    try {
      const [detail, annotations] = await Promise.all([getArticle(id), articleAnnotations(id).catch(() => null)]);
      if (token !== this.showToken) return;
      this.detail = detail;
      this.marks = annotations ? annotationMarks(annotations) : [];
      this.focusSpan = focus;
      this.editing = false;
      this.render();
      this.el.scrollTop = 0;
      this.scrollToFocus();
    } catch (err) {
      if (token !== this.showToken) return;
      replace(this.el, h("div", { class: "reader-placeholder" }, h("p", { class: "error-text" }, `Could not open the article: ${(err as Error).message}`)));
    } finally {
      if (token === this.showToken) this.el.classList.remove("loading");
    }
  }

  clear(): void {
    this.detail = null;
    this.renderPlaceholder();
  }

  private renderPlaceholder(): void {
    replace(
      this.el,
      h(
        "div",
        { class: "reader-placeholder" },
        icon("library", 30, "icon placeholder-icon"),
        h("p", null, "Select an article to read it."),
        h("p", { class: "muted" }, "Use ↑ and ↓ to move through the list, Ctrl F to search."),
      ),
    );
  }

  private render(): void {
    const d = this.detail;
    if (!d) return this.renderPlaceholder();
    const dateText = d.published ? formatDate(d.published.value, d.published_precision, true) : "";
    const byline = [dateText, d.authors.value.length ? `By ${formatAuthors(d.authors.value)}` : ""].filter(Boolean).join("  ·  ");

    const actions = h(
      "div",
      { class: "reader-actions" },
      h("button", { class: "btn btn-small", type: "button", onclick: () => this.startEdit(), disabled: this.editing, "data-action": "edit" }, icon("edit", 15), "Edit details"),
      h("button", { class: "btn btn-small", type: "button", onclick: () => this.original("open"), title: `Open ${d.source_name} with its default application` }, icon("external", 15), "Open original"),
      h("button", { class: "btn btn-small btn-ghost", type: "button", onclick: () => this.original("reveal"), title: "Show the original file in the file manager" }, icon("folder", 15)),
      this.opts.onReportStory
        ? h("button", { class: "btn btn-small btn-ghost", type: "button", "data-action": "report-story", title: "A report on this story: this article and its other versions", onclick: () => this.opts.onReportStory?.(d.story_id, d.title.value || "Untitled") }, icon("reports", 15))
        : null,
    );

    const head = h(
      "header",
      { class: "reader-head" },
      d.outlet ? h("div", { class: "reader-kicker" }, d.outlet.value) : null,
      h("h1", { class: "reader-title" }, d.title.value || "Untitled"),
      byline ? h("div", { class: "reader-byline" }, byline) : null,
      !d.published && d.date_note ? h("div", { class: "reader-note" }, icon("alert", 14), d.date_note) : null,
    );

    replace(
      this.el,
      h(
        "article",
        { class: "reader", "data-article-id": String(d.id) },
        h("div", { class: "reader-top" }, actions),
        head,
        this.editing ? this.editForm(d) : this.detailsCard(d),
        this.siblings(d),
        this.textBody(d),
        this.footer(d),
      ),
    );
    if (this.editing) this.el.querySelector<HTMLInputElement>(".edit-form input")?.focus();
  }

  private detailsCard(d: ArticleDetail): HTMLElement {
    const row = (label: string, value: string, source: FieldSource | null, field?: Field) =>
      h(
        "div",
        { class: "detail-row", "data-field": field ?? null },
        h("dt", null, label),
        h("dd", { class: value ? "" : "muted" }, value || "—"),
        h("dd", { class: "detail-source" }, source ? h("span", { class: `src src-${source}`, title: SOURCE_HELP[source] }, SOURCE_LABEL[source]) : null),
      );
    return h(
      "dl",
      { class: "details" },
      row("Title", d.title.value, d.title.source, "title"),
      row("Published", d.published ? formatDate(d.published.value, d.published_precision) : d.date_note ?? "", d.published?.source ?? null, "published"),
      row("Outlet", d.outlet?.value ?? "", d.outlet?.source ?? null, "outlet"),
      row("Authors", formatAuthors(d.authors.value), d.authors.value.length ? d.authors.source : null, "authors"),
      d.url ? row("URL", d.url, null) : null,
    );
  }

  private editForm(d: ArticleDetail): HTMLElement {
    const input = (name: Field, label: string, value: string, placeholder = "") =>
      h(
        "label",
        { class: "edit-row" },
        h("span", { class: "edit-label" }, label),
        h("input", { class: "text-input", name, value, placeholder, spellcheck: name === "title" ? "true" : "false", autocomplete: "off" }),
      );
    const error = h("div", { class: "edit-error", role: "alert" });
    const form = h(
      "form",
      { class: "edit-form details" },
      input("title", "Title", d.title.value),
      input("published", "Published", d.published?.value ?? "", "YYYY-MM-DD"),
      input("outlet", "Outlet", d.outlet?.value ?? ""),
      input("authors", "Authors", d.authors.value.join("; "), "Separate names with ;"),
      h("p", { class: "edit-hint" }, "Dates may be a year, a month (2023-11) or a day (2023-11-22). Empty a field to go back to what Dossier found."),
      error,
      h(
        "div",
        { class: "edit-actions" },
        h("button", { class: "btn btn-ghost", type: "button", onclick: () => this.cancelEdit() }, "Cancel"),
        h("button", { class: "btn btn-primary", type: "submit" }, "Save"),
      ),
    );
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      void this.save(form, error);
    });
    form.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        e.preventDefault();
        this.cancelEdit();
      }
    });
    return form;
  }

  private startEdit(): void {
    this.editing = true;
    this.render();
  }

  private cancelEdit(): void {
    this.editing = false;
    this.render();
  }

  private async save(form: HTMLFormElement, error: HTMLElement): Promise<void> {
    const d = this.detail;
    if (!d) return;
    const value = (name: Field) => (form.elements.namedItem(name) as HTMLInputElement).value.trim();
    const correction: ArticleCorrection = {};
    if (value("title") !== d.title.value) correction.title = value("title");
    if (value("published") !== (d.published?.value ?? "")) {
      if (value("published") && !isIsoDate(value("published"))) {
        error.textContent = "Write the date as 2023-11-22, 2023-11 or 2023.";
        return;
      }
      correction.published = value("published");
    }
    if (value("outlet") !== (d.outlet?.value ?? "")) correction.outlet = value("outlet");
    const authors = value("authors").split(/\s*;\s*/).filter(Boolean);
    if (authors.join(";") !== d.authors.value.join(";")) correction.authors = authors;
    if (Object.keys(correction).length === 0) return this.cancelEdit();
    try {
      this.detail = await correctArticle(d.id, correction);
      this.editing = false;
      this.render();
      toast("Saved. Your correction is kept across re-imports.");
      this.opts.onCorrected(this.detail);
    } catch (err) {
      error.textContent = (err as Error).message;
    }
  }

  private siblings(d: ArticleDetail): HTMLElement | null {
    if (!d.story_articles.length) return null;
    return h(
      "section",
      { class: "siblings" },
      h(
        "div",
        { class: "siblings-head" },
        h("h2", null, icon("stack", 15), `Also reported as (${d.story_articles.length})`),
        h("button", { class: "link-btn", type: "button", onclick: () => this.opts.onFilterStory(d.story_id) }, "Show story in list"),
      ),
      h(
        "ul",
        null,
        ...d.story_articles.map((a) =>
          h(
            "li",
            null,
            h(
              "button",
              { class: "sibling", type: "button", onclick: () => this.opts.onOpenArticle(a.id) },
              h("span", { class: `sibling-outlet${a.outlet ? "" : " none"}` }, a.outlet ?? "No outlet"),
              h("span", { class: "sibling-title" }, a.title),
              h("span", { class: "sibling-date" }, formatDate(a.published, a.published_precision)),
            ),
          ),
        ),
      ),
    );
  }

  private scrollToFocus(): void {
    const f = this.focusSpan;
    if (!f) return;
    const el = this.el.querySelector<HTMLElement>(`[data-span="${f.start}-${f.end}"]`);
    if (!el) return;
    el.classList.add("focused");
    el.scrollIntoView({ block: "center" });
  }

  private textBody(d: ArticleDetail): HTMLElement {
    const body = h("div", { class: "reader-text", lang: d.language ?? null });
    body.addEventListener("click", (e) => {
      const mark = (e.target as HTMLElement).closest<HTMLElement>(".mark-entity");
      if (mark?.dataset.entityId) this.opts.onOpenEntity?.(Number(mark.dataset.entityId));
    });
    for (const block of segment(d.text, d.regions, this.marks)) body.appendChild(renderBlock(block));
    if (!body.childElementCount) body.appendChild(h("p", { class: "muted" }, "This article has no text."));
    return body;
  }

  private footer(d: ArticleDetail): HTMLElement {
    return h(
      "footer",
      { class: "reader-foot" },
      d.warnings.length
        ? h("div", { class: "warnings" }, h("h3", null, icon("alert", 14), "Import notes"), h("ul", null, ...d.warnings.map((w) => h("li", null, w))))
        : null,
      h(
        "dl",
        { class: "file-facts" },
        h("dt", null, "File"),
        h("dd", null, baseName(d.source_name)),
        h("dt", null, "Read as"),
        h("dd", null, d.reader),
        h("dt", null, "Imported"),
        h("dd", null, formatDate(d.imported_at.slice(0, 16), "minute")),
        h("dt", null, "SHA-256"),
        h("dd", { class: "mono", title: d.source_sha256 }, d.source_sha256.slice(0, 16) + "…"),
      ),
    );
  }

  private async original(how: "open" | "reveal"): Promise<void> {
    if (!this.detail) return;
    try {
      await (how === "open" ? openOriginal(this.detail.id) : revealOriginal(this.detail.id));
    } catch (err) {
      toast(`Could not open the original file: ${(err as Error).message}`, "error");
    }
  }
}

/** Draws one block; runs that belong to another region than the block get a span. */
export function renderBlock(block: Block): HTMLElement {
  const kind = block.region;
  const tag = kind === "heading" ? "h3" : kind === "quote" ? "blockquote" : "p";
  const el = document.createElement(tag);
  el.className = kind ? `blk blk-${kind.replace("_", "-")}` : "blk";
  if (isDimmed(kind)) {
    el.title = `${REGION_LABELS[kind!]}: not part of the article's body`;
    const label = document.createElement("span");
    label.className = "blk-label";
    label.textContent = REGION_LABELS[kind!];
    el.appendChild(label);
  }
  for (const run of block.runs) {
    const inner = run.mark ? renderMark(run) : document.createTextNode(run.text);
    if (run.region && run.region !== kind) {
      const span = document.createElement("span");
      span.className = `run run-${run.region.replace("_", "-")}${isDimmed(run.region) ? " dim" : ""}`;
      span.appendChild(inner);
      el.appendChild(span);
    } else {
      el.appendChild(inner);
    }
  }
  return el;
}

/** A highlighted mention or date: text only, with its meaning on hover. */
function renderMark(run: Run): HTMLElement {
  const m = run.mark!;
  const span = document.createElement("span");
  span.className = `mark mark-${m.type} mark-${m.variant.toLowerCase()}`;
  span.textContent = run.text;
  span.title = m.title;
  span.dataset.span = `${m.start}-${m.end}`;
  if (m.type === "entity" && m.entityId != null) {
    span.dataset.entityId = String(m.entityId);
    span.dataset.mentionId = String(m.id);
    span.tabIndex = 0;
    span.setAttribute("role", "link");
  } else {
    span.dataset.value = m.title;
  }
  return span;
}
