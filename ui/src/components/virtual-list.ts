// A list that only has DOM rows for what is on screen (plus a margin), with a
// fixed row height, so that 100,000 rows scroll as smoothly as 10. Rows are
// pooled and re-filled by `renderRow`.

export interface VirtualListOptions {
  rowHeight: number;
  /** Fills `el` for row `index`; `el` is reused across indices. */
  renderRow(el: HTMLElement, index: number): void;
  /** Called when a row is activated (click or Enter). */
  onActivate?(index: number): void;
  overscan?: number;
  className?: string;
  label?: string;
}

export class VirtualList {
  readonly el: HTMLElement;
  private spacer: HTMLElement;
  private rows = new Map<number, HTMLElement>();
  private count = 0;
  private frame = 0;
  selected = -1;

  constructor(private opts: VirtualListOptions) {
    this.el = document.createElement("div");
    this.el.className = `vlist ${opts.className ?? ""}`.trim();
    this.el.tabIndex = 0;
    this.el.setAttribute("role", "listbox");
    if (opts.label) this.el.setAttribute("aria-label", opts.label);
    this.spacer = document.createElement("div");
    this.spacer.className = "vlist-spacer";
    this.el.appendChild(this.spacer);
    this.el.addEventListener("scroll", () => this.schedule());
    this.el.addEventListener("click", (e) => {
      const row = (e.target as HTMLElement).closest<HTMLElement>(".vlist-row");
      if (row) this.activate(Number(row.dataset.index));
    });
    this.el.addEventListener("keydown", (e) => this.onKey(e));
    if (typeof ResizeObserver !== "undefined") {
      new ResizeObserver(() => this.schedule()).observe(this.el);
    }
  }

  /** Sets the number of rows and redraws. */
  setCount(count: number): void {
    this.count = count;
    this.spacer.style.height = `${count * this.opts.rowHeight}px`;
    if (this.selected >= count) this.selected = -1;
    this.refresh();
  }

  /** Changes the row height (search hits are taller than plain rows). */
  setRowHeight(rowHeight: number): void {
    if (rowHeight === this.opts.rowHeight) return;
    this.opts.rowHeight = rowHeight;
    for (const row of this.rows.values()) row.remove();
    this.rows.clear();
    this.setCount(this.count);
  }

  /** Re-renders the visible rows (e.g. after a page of data arrived). */
  refresh(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.render();
  }

  scrollToTop(): void {
    this.el.scrollTop = 0;
  }

  select(index: number, scroll = true): void {
    this.selected = index;
    if (scroll) this.scrollIntoView(index);
    this.refresh();
  }

  /** The range of rows currently drawn, for tests. */
  drawn(): number[] {
    return [...this.rows.keys()].sort((a, b) => a - b);
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private render(): void {
    const { rowHeight, overscan = 6 } = this.opts;
    const height = this.el.clientHeight || 800;
    const first = Math.max(0, Math.floor(this.el.scrollTop / rowHeight) - overscan);
    const last = Math.min(this.count, Math.ceil((this.el.scrollTop + height) / rowHeight) + overscan);
    // Recycle rows that left the window.
    const free: HTMLElement[] = [];
    for (const [i, row] of this.rows) {
      if (i < first || i >= last) {
        this.rows.delete(i);
        free.push(row);
      }
    }
    for (let i = first; i < last; i++) {
      let row = this.rows.get(i);
      if (!row) {
        row = free.pop() ?? this.newRow();
        this.rows.set(i, row);
      }
      row.dataset.index = String(i);
      row.style.transform = `translateY(${i * rowHeight}px)`;
      row.classList.toggle("selected", i === this.selected);
      row.setAttribute("aria-selected", String(i === this.selected));
      this.opts.renderRow(row, i);
    }
    for (const row of free) row.remove();
  }

  private newRow(): HTMLElement {
    const row = document.createElement("div");
    row.className = "vlist-row";
    row.setAttribute("role", "option");
    row.style.height = `${this.opts.rowHeight}px`;
    this.el.appendChild(row);
    return row;
  }

  private activate(index: number): void {
    if (!(index >= 0 && index < this.count)) return;
    this.select(index, false);
    this.opts.onActivate?.(index);
  }

  private scrollIntoView(index: number): void {
    const { rowHeight } = this.opts;
    const top = index * rowHeight;
    if (top < this.el.scrollTop) this.el.scrollTop = top;
    else if (top + rowHeight > this.el.scrollTop + this.el.clientHeight) {
      this.el.scrollTop = top + rowHeight - this.el.clientHeight;
    }
  }

  private onKey(e: KeyboardEvent): void {
    if (!this.count) return;
    const page = Math.max(1, Math.floor(this.el.clientHeight / this.opts.rowHeight) - 1);
    const moves: Record<string, number> = {
      ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, j: 1, k: -1,
    };
    let next: number | null = null;
    if (e.key in moves) next = Math.max(0, this.selected) + (this.selected < 0 ? 0 : moves[e.key]);
    else if (e.key === "Home") next = 0;
    else if (e.key === "End") next = this.count - 1;
    else if (e.key === "Enter" && this.selected >= 0) next = this.selected;
    if (next === null) return;
    e.preventDefault();
    next = Math.min(this.count - 1, Math.max(0, next));
    this.scrollIntoView(next);
    this.activate(next);
  }
}
