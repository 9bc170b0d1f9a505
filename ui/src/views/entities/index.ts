// The entity database: a searchable, sortable list of people, organisations,
// places and other names on the left; the selected entity's page on the right
// with its aliases, related entities and the sentences that mention it, and
// the curation operations (rename, type, merge, split, alias, delete, undo).

import { h, replace } from "../../lib/dom";
import { formatDate, plural } from "../../lib/format";
import { utf8Slice } from "../../lib/utf8";
import { PagedSource } from "../../lib/paged";
import { VirtualList } from "../../components/virtual-list";
import { icon } from "../../components/icons";
import { toast } from "../../components/toast";
import { curateEntity, curationHistory, entityMentions, getEntity, listEntities, undoCuration } from "../../ipc/entities";
import type { Curation, CurationEntry, EntityDetail, EntityKind, EntityRow, EntitySort, MentionInContext } from "../../ipc/types";

const ROW = 58;
const MENTIONS_PAGE = 50;

export const KIND_NAMES: Record<EntityKind, string> = { PER: "Person", ORG: "Organisation", LOC: "Place", MISC: "Other" };
const KIND_TABS: [EntityKind | "", string][] = [
  ["", "All"],
  ["PER", "People"],
  ["ORG", "Organisations"],
  ["LOC", "Places"],
  ["MISC", "Other"],
];
const SORTS: [EntitySort, string][] = [
  ["mentions", "Most mentioned"],
  ["articles", "Most articles"],
  ["name", "Name A–Z"],
  ["last_seen", "Recently seen"],
  ["first_seen", "First seen"],
];

export interface EntitiesViewOptions {
  /** Opens an article in the library's reader, scrolled to a span. */
  onOpenArticle(articleId: number, span: { start: number; end: number }): void;
  /** Shows the library filtered to the articles that mention an entity. */
  onFilterLibrary(entity: EntityRow): void;
}

export class EntitiesView {
  readonly el: HTMLElement;
  private kind: EntityKind | "" = "";
  private text = "";
  private sort: EntitySort = "mentions";
  private source: PagedSource<EntityRow>;
  private list: VirtualList;
  private countLine: HTMLElement;
  private tabs: HTMLElement;
  private search: HTMLInputElement;
  private page: HTMLElement;
  private undoButton: HTMLButtonElement;
  private history: CurationEntry[] = [];
  private detail: EntityDetail | null = null;
  private mentions: MentionInContext[] = [];
  private selectedMentions = new Set<number>();
  private version = 0;
  private searchTimer = 0;
  /** Bumped by every `open`, so that a slower earlier request cannot win. */
  private openToken = 0;

  constructor(private opts: EntitiesViewOptions) {
    this.search = h("input", { type: "search", class: "search-input", placeholder: "Find an entity or alias", "aria-label": "Find an entity", spellcheck: "false", autocomplete: "off" });
    this.search.addEventListener("input", () => {
      clearTimeout(this.searchTimer);
      this.searchTimer = window.setTimeout(() => this.set({ text: this.search.value.trim() }), 150);
    });
    const sortSelect = h("select", { class: "select", "aria-label": "Sort entities" }, ...SORTS.map(([v, label]) => h("option", { value: v }, label)));
    sortSelect.addEventListener("change", () => this.set({ sort: sortSelect.value as EntitySort }));
    this.tabs = h("div", { class: "kind-tabs", role: "tablist" });
    this.undoButton = h("button", { class: "btn btn-small btn-ghost", type: "button", "data-action": "undo", disabled: true, onclick: () => void this.undo() }, icon("undo", 15), "Undo");
    this.countLine = h("div", { class: "list-count", "aria-live": "polite" });
    this.source = new PagedSource<EntityRow>(
      async (offset, limit) => {
        const page = await listEntities({ kind: this.kind || null, text: this.text || null, sort: this.sort, offset, limit });
        return { total: page.total, items: page.rows };
      },
      () => this.onData(),
    );
    this.list = new VirtualList({
      rowHeight: ROW,
      label: "Entities",
      className: "entity-list",
      renderRow: (el, i) => this.renderRow(el, i),
      onActivate: (i) => {
        const row = this.source.get(i);
        if (row) void this.open(row.id);
      },
    });
    this.page = h("section", { class: "entity-page reader-pane", "aria-label": "Entity" });
    this.renderPagePlaceholder();
    const toolbar = h(
      "header",
      { class: "toolbar" },
      h("label", { class: "search-box" }, icon("search", 17, "icon search-icon"), this.search),
      h("div", { class: "filters" }, this.tabs, sortSelect, this.undoButton),
    );
    const listPane = h("section", { class: "list-pane" }, this.countLine, this.list.el);
    this.el = h("div", { class: "view entities-view" }, toolbar, h("div", { class: "library-body" }, listPane, this.page));
    this.el.addEventListener("keydown", (e) => {
      const target = e.target as HTMLElement;
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "z" && !target.closest("input, textarea")) {
        e.preventDefault();
        void this.undo();
      }
    });
    this.renderTabs();
  }

  /** Reloads the list and the history (on showing the view, after an import). */
  async refresh(): Promise<void> {
    this.version++;
    this.source.reset();
    await Promise.all([this.source.start(), this.loadHistory()]);
    if (this.detail) await this.open(this.detail.entity.id, false);
  }

  /** Opens one entity's page (from the reader, or a related entity). */
  async open(id: number, resetMentions = true): Promise<void> {
    const token = ++this.openToken;
    try {
      const [detail, mentions] = await Promise.all([getEntity(id), entityMentions(id, 0, MENTIONS_PAGE)]);
      if (token !== this.openToken) return;
      this.detail = detail;
      if (resetMentions) this.selectedMentions.clear();
      this.mentions = mentions;
      this.renderPage();
      this.version++;
      this.list.refresh();
    } catch (err) {
      if (token !== this.openToken) return;
      this.detail = null;
      replace(this.page, h("div", { class: "reader-placeholder" }, h("p", { class: "error-text" }, `Could not open the entity: ${(err as Error).message}`)));
    }
  }

  private set(patch: Partial<{ kind: EntityKind | ""; text: string; sort: EntitySort }>): void {
    if (patch.kind !== undefined) this.kind = patch.kind;
    if (patch.text !== undefined) this.text = patch.text;
    if (patch.sort !== undefined) this.sort = patch.sort;
    this.renderTabs();
    this.list.selected = -1;
    this.list.scrollToTop();
    this.version++;
    this.source.reset();
    void this.source.start();
  }

  private renderTabs(): void {
    replace(
      this.tabs,
      ...KIND_TABS.map(([kind, label]) =>
        h("button", { class: `kind-tab${kind === this.kind ? " active" : ""}`, type: "button", role: "tab", "aria-selected": kind === this.kind ? "true" : "false", "data-kind": kind || "all", onclick: () => this.set({ kind }) }, label),
      ),
    );
  }

  private onData(): void {
    const total = this.source.total ?? 0;
    if (this.source.error) {
      replace(this.countLine, h("span", { class: "error-text" }, `Could not load entities: ${(this.source.error as Error).message}`));
    } else {
      replace(this.countLine, plural(total, "entity", "entities"), this.text ? ` match “${this.text}”` : "");
    }
    this.list.setCount(total);
    // Show the first entity unless one was asked for (from the reader).
    if (!this.detail && this.openToken === 0 && total > 0) {
      const first = this.source.get(0);
      if (first) void this.open(first.id);
    }
  }

  private renderRow(el: HTMLElement, index: number): void {
    const row = this.source.get(index);
    const selected = this.detail?.entity.id;
    const key = row ? `${this.version}:${row.id}:${row.id === selected}` : "loading";
    if (el.dataset.key === key) return;
    el.dataset.key = key;
    if (!row) {
      replace(el, h("div", { class: "row-skeleton" }, h("span", { class: "sk sk-title" })));
      return;
    }
    el.dataset.id = String(row.id);
    el.classList.toggle("current", row.id === selected);
    replace(
      el,
      h("div", { class: "row-head" }, h("span", { class: `kind-dot kind-${row.kind.toLowerCase()}`, title: KIND_NAMES[row.kind] }), h("div", { class: "row-title entity-name" }, row.name)),
      h("div", { class: "row-meta" }, h("span", null, plural(row.mention_count, "mention")), h("span", null, plural(row.article_count, "article")), row.last_seen ? h("span", null, formatDate(row.last_seen, "day")) : null),
    );
  }

  private renderPagePlaceholder(): void {
    replace(this.page, h("div", { class: "reader-placeholder" }, icon("entities", 30, "icon placeholder-icon"), h("p", null, "Import articles to see the people, organisations and places they mention.")));
  }

  private renderPage(): void {
    const d = this.detail;
    if (!d) return this.renderPagePlaceholder();
    const e = d.entity;
    const seen = e.first_seen && e.last_seen ? (e.first_seen === e.last_seen ? formatDate(e.first_seen, "day") : `${formatDate(e.first_seen, "day")} – ${formatDate(e.last_seen, "day")}`) : "undated articles";
    const kindSelect = h("select", { class: "select select-small", "aria-label": "Type", "data-action": "set-kind" }, ...(Object.keys(KIND_NAMES) as EntityKind[]).map((k) => h("option", { value: k }, KIND_NAMES[k])));
    kindSelect.value = e.kind;
    kindSelect.addEventListener("change", () => void this.curate({ op: "set_kind", entity: e.id, kind: kindSelect.value as EntityKind }, `Now a ${KIND_NAMES[kindSelect.value as EntityKind].toLowerCase()}.`));

    const actions = h(
      "div",
      { class: "reader-actions" },
      h("button", { class: "btn btn-small", type: "button", "data-action": "rename", onclick: () => this.showForm("rename") }, icon("edit", 15), "Rename"),
      kindSelect,
      h("button", { class: "btn btn-small", type: "button", "data-action": "merge", onclick: () => this.showForm("merge") }, icon("merge", 15), "Merge…"),
      h("button", { class: "btn btn-small", type: "button", "data-action": "alias", onclick: () => this.showForm("alias") }, icon("plus", 15), "Add alias"),
      h("button", { class: "btn btn-small btn-ghost btn-danger", type: "button", "data-action": "delete", title: "Delete this entity and never suggest its names again", onclick: () => void this.remove() }, icon("trash", 15), "Delete"),
    );
    const aliases = d.aliases.filter((a) => a.strength !== "derived");
    replace(
      this.page,
      h(
        "article",
        { class: "reader entity", "data-entity-id": String(e.id) },
        h("div", { class: "reader-top" }, actions),
        h(
          "header",
          { class: "reader-head" },
          h("div", { class: "reader-kicker" }, h("span", { class: `kind-dot kind-${e.kind.toLowerCase()}` }), KIND_NAMES[e.kind], d.kind_source === "user" ? h("span", { class: "src src-user" }, "Your edit") : null),
          h("h1", { class: "reader-title entity-title" }, e.name, d.name_source === "user" ? h("span", { class: "src src-user" }, "Your name") : null),
          h(
            "div",
            { class: "reader-byline" },
            `${plural(e.mention_count, "mention")} in `,
            h("button", { class: "link-btn", type: "button", "data-action": "show-articles", onclick: () => this.opts.onFilterLibrary(e) }, plural(e.article_count, "article")),
            `  ·  ${seen}`,
          ),
        ),
        h("div", { class: "entity-form-slot" }),
        h("section", { class: "entity-section" }, h("h2", null, "Also written as"), aliases.length ? h("div", { class: "alias-list" }, ...aliases.map((a) => h("span", { class: `alias alias-${a.strength}`, title: a.strength === "user" ? "Added by you" : "Written so in an article" }, a.alias))) : h("p", { class: "muted" }, "No other names.")),
        d.related.length
          ? h(
              "section",
              { class: "entity-section" },
              h("h2", null, "Mentioned with"),
              h("div", { class: "related-list" }, ...d.related.slice(0, 16).map(([r, n]) => h("button", { class: "related", type: "button", title: `${plural(n, "shared article")}`, onclick: () => void this.open(r.id) }, h("span", { class: `kind-dot kind-${r.kind.toLowerCase()}` }), r.name, h("span", { class: "related-n" }, String(n))))),
            )
          : null,
        this.mentionSection(),
      ),
    );
  }

  private mentionSection(): HTMLElement {
    const d = this.detail!;
    const splitButton = h("button", { class: "btn btn-small", type: "button", "data-action": "split", disabled: this.selectedMentions.size === 0, onclick: () => this.showForm("split") }, icon("split", 15), "Split selected…");
    const items = this.mentions.map((m) => {
      const box = h("input", { type: "checkbox", "aria-label": "Select this mention to split it out", checked: this.selectedMentions.has(m.mention_id) });
      box.addEventListener("change", () => {
        if (box.checked) this.selectedMentions.add(m.mention_id);
        else this.selectedMentions.delete(m.mention_id);
        splitButton.disabled = this.selectedMentions.size === 0;
      });
      return h(
        "li",
        { class: "mention", "data-mention-id": String(m.mention_id) },
        box,
        h(
          "button",
          { class: "mention-body", type: "button", title: "Open the article at this sentence", onclick: () => this.opts.onOpenArticle(m.article_id, m.span) },
          sentenceWithMark(m),
          h("span", { class: "mention-source" }, [m.outlet, m.published ? formatDate(m.published, "day") : "Undated", m.title].filter(Boolean).join("  ·  ")),
        ),
      );
    });
    const more =
      this.mentions.length < d.entity.mention_count
        ? h("button", { class: "btn btn-ghost btn-small", type: "button", onclick: () => void this.moreMentions() }, `Show more (${this.mentions.length} of ${d.entity.mention_count})`)
        : null;
    return h("section", { class: "entity-section" }, h("div", { class: "section-head" }, h("h2", null, "Sentences that mention it"), splitButton), h("ul", { class: "mention-list" }, ...items), more);
  }

  private async moreMentions(): Promise<void> {
    if (!this.detail) return;
    const next = await entityMentions(this.detail.entity.id, this.mentions.length, MENTIONS_PAGE);
    this.mentions.push(...next);
    this.renderPage();
  }

  /** Rename, merge, alias and split ask for one value in a small inline form. */
  private showForm(kind: "rename" | "merge" | "alias" | "split"): void {
    const d = this.detail;
    const slot = this.page.querySelector(".entity-form-slot");
    if (!d || !slot) return;
    const input = h("input", { class: "text-input", name: kind, autocomplete: "off", spellcheck: "false" });
    const results = h("ul", { class: "merge-results" });
    const labels = { rename: "New name", merge: "Merge another entity into this one", alias: "Another name for it", split: "Name of the new entity" };
    const submitLabel = { rename: "Rename", merge: "", alias: "Add alias", split: "Split out" };
    if (kind === "rename") input.value = d.entity.name;
    if (kind === "split") input.value = d.entity.name;
    if (kind === "merge") {
      input.placeholder = "Type a name";
      let timer = 0;
      input.addEventListener("input", () => {
        clearTimeout(timer);
        timer = window.setTimeout(() => void this.mergeCandidates(input.value.trim(), results), 120);
      });
    }
    const form = h(
      "form",
      { class: `entity-form edit-form details form-${kind}` },
      h("label", { class: "edit-row" }, h("span", { class: "edit-label" }, labels[kind]), input),
      kind === "merge" ? results : null,
      h(
        "div",
        { class: "edit-actions" },
        h("button", { class: "btn btn-ghost", type: "button", onclick: () => replace(slot) }, "Cancel"),
        submitLabel[kind] ? h("button", { class: "btn btn-primary", type: "submit" }, submitLabel[kind]) : null,
      ),
    );
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const value = input.value.trim();
      if (!value) return;
      if (kind === "rename") void this.curate({ op: "rename", entity: d.entity.id, name: value }, `Renamed to ${value}.`);
      if (kind === "alias") void this.curate({ op: "add_alias", entity: d.entity.id, alias: value }, `${value} now links to ${d.entity.name}.`);
      if (kind === "split") void this.curate({ op: "split", entity: d.entity.id, mentions: [...this.selectedMentions], name: value }, `Split into ${value}.`);
    });
    form.addEventListener("keydown", (e) => {
      if (e.key === "Escape") replace(slot);
    });
    replace(slot, form);
    input.focus();
    if (kind === "merge") void this.mergeCandidates("", results);
  }

  private async mergeCandidates(text: string, results: HTMLElement): Promise<void> {
    const d = this.detail;
    if (!d) return;
    const page = await listEntities({ text: text || null, kind: text ? null : d.entity.kind, sort: "mentions", limit: 8 });
    const rows = page.rows.filter((r) => r.id !== d.entity.id);
    replace(
      results,
      ...rows.map((r) =>
        h(
          "li",
          null,
          h("span", { class: `kind-dot kind-${r.kind.toLowerCase()}` }),
          h("span", { class: "merge-name" }, r.name),
          h("span", { class: "muted" }, plural(r.mention_count, "mention")),
          h("button", { class: "btn btn-small", type: "button", "data-action": "merge-into", "data-id": String(r.id), onclick: () => void this.curate({ op: "merge", into: d.entity.id, from: [r.id] }, `Merged ${r.name} into ${d.entity.name}.`) }, "Merge into this"),
        ),
      ),
      rows.length ? null : h("li", { class: "muted" }, "No other entity by that name."),
    );
  }

  private async remove(): Promise<void> {
    const d = this.detail;
    if (!d) return;
    const ok = window.confirm(`Delete “${d.entity.name}”? Its ${plural(d.entity.mention_count, "mention")} will no longer be highlighted and the name will not be suggested again. You can undo this.`);
    if (!ok) return;
    await this.curate({ op: "delete", entity: d.entity.id }, `Deleted ${d.entity.name}.`);
  }

  private async curate(op: Curation, message: string): Promise<void> {
    try {
      const next = await curateEntity(op);
      toast(`${message} Undo with Ctrl Z.`);
      this.detail = null;
      await this.refresh();
      if (next) await this.open(next.entity.id);
      else this.renderPagePlaceholder();
    } catch (err) {
      toast((err as Error).message, "error");
    }
  }

  private async undo(): Promise<void> {
    if (!this.history.length) return;
    try {
      const undone = await undoCuration();
      toast(`Undone: ${undone}.`);
      await this.refresh();
    } catch (err) {
      toast((err as Error).message, "error");
    }
  }

  private async loadHistory(): Promise<void> {
    try {
      this.history = await curationHistory();
    } catch {
      this.history = [];
    }
    this.undoButton.disabled = this.history.length === 0;
    this.undoButton.title = this.history.length ? `Undo: ${this.history[0].description} (Ctrl Z)` : "Nothing to undo";
  }
}

/** The sentence with the mention itself marked (byte spans → text). */
function sentenceWithMark(m: MentionInContext): HTMLElement {
  const start = m.span.start - m.sentence_start;
  const end = m.span.end - m.sentence_start;
  return h(
    "span",
    { class: "mention-sentence" },
    utf8Slice(m.sentence, 0, start).trimStart(),
    h("mark", null, utf8Slice(m.sentence, start, end)),
    utf8Slice(m.sentence, end).trimEnd(),
  );
}
