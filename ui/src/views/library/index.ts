// The library view: filters and search on top, a virtualised list of
// articles (or search hits) on the left, the reader on the right.

import { h, replace } from "../../lib/dom";
import { dateBound, formatAuthors, formatDate, plural } from "../../lib/format";
import { renderHighlighted } from "../../lib/highlight";
import { PagedSource } from "../../lib/paged";
import { VirtualList } from "../../components/virtual-list";
import { icon } from "../../components/icons";
import { listArticles, listOutlets, searchArticles } from "../../ipc/library";
import type { ArticleFilter, ArticleRow, SearchHit, SortOrder } from "../../ipc/types";
import { ReaderView } from "../reader";

const LIST_ROW = 86;
const SEARCH_ROW = 126;

type Item = { kind: "row"; row: ArticleRow } | { kind: "hit"; hit: SearchHit };

export interface LibraryQuery {
  text: string;
  outlet: string;
  from: string;
  to: string;
  storyId: number | null;
  /** Articles that mention this entity (with its name for the chip). */
  entity: { id: number; name: string } | null;
  /** Whether the date range filters publication or the dates articles talk about. */
  dateMode: "published" | "about";
  sort: SortOrder;
}

export interface LibraryViewOptions {
  onImportFiles(): void;
  onImportFolder(): void;
  onOpenEntity(id: number): void;
  /** The reader's "Report" button: a report on an article's story. */
  onReportStory?(storyId: number, title: string): void;
}

export class LibraryView {
  readonly el: HTMLElement;
  readonly search: HTMLInputElement;
  private query: LibraryQuery = { text: "", outlet: "", from: "", to: "", storyId: null, entity: null, dateMode: "published", sort: "date_desc" };
  private source: PagedSource<Item>;
  private list: VirtualList;
  private listPane: HTMLElement;
  private countLine: HTMLElement;
  private outletSelect: HTMLSelectElement;
  private sortSelect: HTMLSelectElement;
  private fromInput: HTMLInputElement;
  private toInput: HTMLInputElement;
  private storyChip: HTMLElement;
  private entityChip: HTMLElement;
  private dateMode: HTMLSelectElement;
  private emptyState: HTMLElement;
  private noResults: HTMLElement;
  private body: HTMLElement;
  private reader: ReaderView;
  private searchTimer = 0;
  /** Bumped on every refresh, so that pooled rows redraw changed data. */
  private version = 0;
  /** Whether the library has any article at all (decides the empty state). */
  private libraryEmpty = true;

  constructor(private opts: LibraryViewOptions) {
    this.search = h("input", {
      type: "search",
      class: "search-input",
      placeholder: "Search articles",
      "aria-label": "Search articles",
      spellcheck: "false",
      autocomplete: "off",
    });
    this.search.addEventListener("input", () => this.onSearchInput());
    this.search.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && this.search.value) {
        e.preventDefault();
        this.search.value = "";
        this.onSearchInput(true);
      } else if (e.key === "Enter") {
        this.onSearchInput(true);
      } else if (e.key === "ArrowDown") {
        e.preventDefault();
        this.list.el.focus();
        if (this.list.selected < 0) this.list.select(0);
      }
    });

    this.outletSelect = h("select", { class: "select", "aria-label": "Outlet" });
    this.outletSelect.addEventListener("change", () => this.set({ outlet: this.outletSelect.value }));
    this.sortSelect = h("select", { class: "select", "aria-label": "Sort" });
    this.sortSelect.addEventListener("change", () => this.set({ sort: this.sortSelect.value as SortOrder }));
    // Plain text, not type=date: analysts filter by year or month as often as
    // by day ("2023", "2023-11"), and WebKitGTK's date field shows today's date
    // as if it were a filter.
    const dateInput = (label: string, placeholder: string, bound: "from" | "to") => {
      const input = h("input", { type: "text", class: "date-input", "aria-label": label, placeholder, spellcheck: "false", autocomplete: "off", maxlength: 10 });
      input.addEventListener("change", () => {
        const value = dateBound(input.value, bound);
        input.classList.toggle("invalid", value === null);
        input.title = value === null ? "Write a year (2023), a month (2023-11) or a day (2023-11-22)" : "";
        if (value !== null && value !== this.query[bound]) this.set({ [bound]: value });
      });
      return input;
    };
    this.fromInput = dateInput("Published from", "From 2023-01", "from");
    this.toInput = dateInput("Published to", "To 2023-12", "to");
    this.storyChip = h("span", { class: "chip chip-story", hidden: true });
    this.entityChip = h("span", { class: "chip chip-entity", hidden: true });
    this.dateMode = h(
      "select",
      { class: "select select-mode", "aria-label": "Which dates", title: "Filter by publication date, or by the dates the articles write about" },
      h("option", { value: "published" }, "Published"),
      h("option", { value: "about" }, "Talks about"),
    );
    this.dateMode.addEventListener("change", () => this.set({ dateMode: this.dateMode.value as LibraryQuery["dateMode"] }));

    this.countLine = h("div", { class: "list-count", "aria-live": "polite" });

    this.source = new PagedSource<Item>((offset, limit) => this.fetch(offset, limit), () => this.onData());
    this.list = new VirtualList({
      rowHeight: LIST_ROW,
      label: "Articles",
      className: "article-list",
      renderRow: (el, i) => this.renderRow(el, i),
      onActivate: (i) => this.openAt(i),
    });
    this.noResults = h("div", { class: "no-results", hidden: true });
    this.listPane = h("section", { class: "list-pane" }, this.countLine, this.list.el, this.noResults);

    this.reader = new ReaderView({
      onCorrected: () => this.refresh(),
      onOpenArticle: (id) => void this.openArticle(id),
      onFilterStory: (storyId) => this.set({ storyId }),
      onOpenEntity: (id) => this.opts.onOpenEntity(id),
      onReportStory: this.opts.onReportStory ? (storyId, title) => this.opts.onReportStory?.(storyId, title) : undefined,
    });

    this.emptyState = this.buildEmptyState();
    this.body = h("div", { class: "library-body" }, this.listPane, this.reader.el);

    const toolbar = h(
      "header",
      { class: "toolbar" },
      h("label", { class: "search-box" }, icon("search", 17, "icon search-icon"), this.search, h("kbd", { class: "kbd-hint" }, "Ctrl F")),
      h("div", { class: "filters" }, this.outletSelect, h("div", { class: "date-range" }, this.dateMode, this.fromInput, h("span", { class: "dash" }, "–"), this.toInput), this.sortSelect, this.storyChip, this.entityChip),
    );
    this.el = h("div", { class: "view library-view" }, toolbar, this.body, this.emptyState);
    this.renderSortOptions();
  }

  /** Reloads counts, outlets and the list (after an import or a correction). */
  async refresh(): Promise<void> {
    this.version++;
    this.source.reset();
    await Promise.all([this.source.start(), this.loadOutlets()]);
  }

  focusSearch(): void {
    this.search.focus();
    this.search.select();
  }

  /** Opens an article in the reader (scrolled to `span`, if given) and selects its row if it is listed. */
  openArticle(id: number, span: { start: number; end: number } | null = null): Promise<void> {
    const index = this.source.findLoaded((item) => (item.kind === "row" ? item.row.id : item.hit.article.id) === id);
    if (index >= 0) this.list.select(index, true);
    return this.reader.show(id, span);
  }

  /** Shows only the articles that mention an entity. */
  filterByEntity(id: number, name: string): void {
    this.set({ entity: { id, name } });
  }

  private set(patch: Partial<LibraryQuery>): void {
    const searching = (patch.text ?? this.query.text).trim() !== "";
    const wasSearching = this.query.text.trim() !== "";
    this.query = { ...this.query, ...patch };
    if (searching !== wasSearching) {
      // Entering search sorts by relevance; leaving it goes back to newest first.
      this.query.sort = searching ? "relevance" : "date_desc";
    }
    this.renderSortOptions();
    this.renderStoryChip();
    this.renderEntityChip();
    this.list.selected = -1;
    this.list.scrollToTop();
    void this.refresh();
  }

  private onSearchInput(now = false): void {
    clearTimeout(this.searchTimer);
    const apply = () => {
      if (this.search.value.trim() !== this.query.text.trim() || now) this.set({ text: this.search.value });
    };
    if (now) apply();
    else this.searchTimer = window.setTimeout(apply, 160);
  }

  private filter(): ArticleFilter {
    const q = this.query;
    const about = q.dateMode === "about";
    return {
      outlet: q.outlet || null,
      from: about ? null : q.from || null,
      to: about ? null : q.to || null,
      about_from: about ? q.from || null : null,
      about_to: about ? q.to || null : null,
      story_id: q.storyId,
      entity_id: q.entity?.id ?? null,
    };
  }

  private async fetch(offset: number, limit: number): Promise<{ total: number; items: Item[] }> {
    const text = this.query.text.trim();
    if (text) {
      const page = await searchArticles({ query: text, filter: this.filter(), sort: this.query.sort, offset, limit });
      return { total: page.total, items: page.hits.map((hit) => ({ kind: "hit", hit }) as Item) };
    }
    const page = await listArticles({ filter: this.filter(), sort: this.query.sort, offset, limit });
    return { total: page.total, items: page.rows.map((row) => ({ kind: "row", row }) as Item) };
  }

  private onData(): void {
    const total = this.source.total ?? 0;
    const searching = this.query.text.trim() !== "";
    const filtered = searching || !!(this.query.outlet || this.query.from || this.query.to || this.query.storyId || this.query.entity);
    if (!filtered) this.libraryEmpty = total === 0;
    this.el.classList.toggle("is-empty", this.libraryEmpty && !filtered);
    this.el.classList.toggle("is-searching", searching);
    this.list.el.classList.toggle("search-results", searching);
    this.list.setRowHeight(searching ? SEARCH_ROW : LIST_ROW);

    if (this.source.error) {
      const err = this.source.error as Error;
      replace(this.countLine, h("span", { class: "error-text" }, `Could not load the library: ${err.message}`));
    } else if (searching) {
      replace(this.countLine, `${plural(total, "result")} for “${this.query.text.trim()}”`);
    } else {
      replace(this.countLine, plural(total, "article"), filtered ? " match the filters" : "");
    }
    this.noResults.hidden = !(total === 0 && filtered && !this.source.error);
    if (!this.noResults.hidden) {
      replace(
        this.noResults,
        h("p", { class: "no-results-title" }, searching ? "No articles match this search." : "No articles match these filters."),
        h("button", { class: "btn btn-ghost", type: "button", onclick: () => this.clearAll() }, "Clear search and filters"),
      );
    }
    this.list.setCount(total);
  }

  private clearAll(): void {
    this.search.value = "";
    this.outletSelect.value = "";
    this.fromInput.value = "";
    this.toInput.value = "";
    this.set({ text: "", outlet: "", from: "", to: "", storyId: null, entity: null });
  }

  private renderRow(el: HTMLElement, index: number): void {
    const item = this.source.get(index);
    const key = item ? `${this.version}:${item.kind}:${item.kind === "row" ? item.row.id : item.hit.article.id}` : "loading";
    if (el.dataset.key === key) return;
    el.dataset.key = key;
    if (!item) {
      replace(el, h("div", { class: "row-skeleton" }, h("span", { class: "sk sk-title" }), h("span", { class: "sk sk-meta" })));
      return;
    }
    const row = item.kind === "row" ? item.row : item.hit.article;
    el.dataset.id = String(row.id);
    const meta = h("div", { class: "row-meta" });
    if (row.outlet) meta.appendChild(h("span", { class: "row-outlet" }, row.outlet));
    if (row.published) meta.appendChild(h("span", { class: "row-date" }, formatDate(row.published, row.published_precision)));
    else meta.appendChild(h("span", { class: "row-date undated" }, "Undated"));
    if (row.authors.length) meta.appendChild(h("span", { class: "row-authors" }, formatAuthors(row.authors)));
    const story =
      row.story_size > 1
        ? h(
            "button",
            {
              class: "story-badge",
              type: "button",
              title: "Show every version of this story",
              onclick: (e: Event) => {
                e.stopPropagation();
                this.set({ storyId: row.story_id });
              },
            },
            icon("stack", 13),
            `${row.story_size} versions`,
          )
        : null;
    const children: (Node | null)[] = [h("div", { class: "row-head" }, h("div", { class: "row-title" }, row.title || "Untitled"), story), meta];
    if (item.kind === "hit") {
      const snip = h("div", { class: "row-snippet" });
      snip.appendChild(renderHighlighted(item.hit.snippet.text, item.hit.snippet.highlights));
      children.push(snip);
    }
    replace(el, ...children);
  }

  private openAt(index: number): void {
    const item = this.source.get(index);
    if (!item) return;
    void this.reader.show(item.kind === "row" ? item.row.id : item.hit.article.id);
  }

  private async loadOutlets(): Promise<void> {
    try {
      const outlets = await listOutlets();
      const current = this.query.outlet;
      replace(
        this.outletSelect,
        h("option", { value: "" }, "All outlets"),
        ...outlets.map((o) => h("option", { value: o.outlet }, `${o.outlet} (${o.articles.toLocaleString("en-US")})`)),
      );
      this.outletSelect.value = current;
    } catch {
      // The list shows the error; an empty outlet menu is enough here.
    }
  }

  private renderSortOptions(): void {
    const searching = this.query.text.trim() !== "";
    const options: [SortOrder, string][] = [
      ...(searching ? ([["relevance", "Best match"]] as [SortOrder, string][]) : []),
      ["date_desc", "Newest first"],
      ["date_asc", "Oldest first"],
      ...(searching ? [] : ([["title_asc", "Title A–Z"], ["imported_desc", "Recently imported"]] as [SortOrder, string][])),
    ];
    if (!options.some(([v]) => v === this.query.sort)) this.query.sort = options[0][0];
    replace(this.sortSelect, ...options.map(([v, label]) => h("option", { value: v }, label)));
    this.sortSelect.value = this.query.sort;
  }

  private renderStoryChip(): void {
    const id = this.query.storyId;
    this.storyChip.hidden = id === null;
    if (id !== null) {
      replace(
        this.storyChip,
        icon("stack", 13),
        "One story",
        h("button", { class: "chip-x", type: "button", "aria-label": "Show all stories", onclick: () => this.set({ storyId: null }) }, icon("close", 12)),
      );
    }
  }

  private renderEntityChip(): void {
    const e = this.query.entity;
    this.entityChip.hidden = e === null;
    if (e !== null) {
      replace(
        this.entityChip,
        icon("entities", 13),
        `Mentions ${e.name}`,
        h("button", { class: "chip-x", type: "button", "aria-label": "Show all articles", onclick: () => this.set({ entity: null }) }, icon("close", 12)),
      );
    }
  }

  private buildEmptyState(): HTMLElement {
    const choose = h("button", { class: "link-btn", type: "button", onclick: () => this.opts.onImportFiles() }, "choose files…");
    return h(
      "div",
      { class: "empty-state" },
      h(
        "div",
        { class: "drop-target" },
        h("div", { class: "drop-art" }, icon("import", 34)),
        h("h1", { class: "empty-title" }, "Drop articles here, or ", choose),
        h(
          "p",
          { class: "empty-sub" },
          "Plain text, Markdown, saved web pages, PDF, e-mail, Word documents and ZIP archives of them. Whole folders work too.",
        ),
        h(
          "div",
          { class: "empty-actions" },
          h("button", { class: "btn btn-primary", type: "button", onclick: () => this.opts.onImportFiles() }, icon("file", 16), "Choose files…"),
          h("button", { class: "btn", type: "button", onclick: () => this.opts.onImportFolder() }, icon("folder", 16), "Choose a folder…"),
        ),
        h("p", { class: "empty-privacy" }, "Everything stays on this computer. Dossier never goes online."),
      ),
    );
  }
}
