// A window onto a long result list that loads pages on demand, so that the
// library list stays fast at 100,000 articles: only the pages that scroll
// into view are fetched, and only a bounded number are kept.

export interface Page<T> {
  total: number;
  items: T[];
}

export class PagedSource<T> {
  private pages = new Map<number, T[]>();
  private pending = new Set<number>();
  private generation = 0;
  total: number | null = null;
  error: unknown = null;

  constructor(
    private fetchPage: (offset: number, limit: number) => Promise<Page<T>>,
    private onChange: () => void,
    readonly pageSize = 100,
    private maxPages = 40,
  ) {}

  /** The item at `index` if its page is loaded; otherwise starts loading it. */
  get(index: number): T | undefined {
    const page = Math.floor(index / this.pageSize);
    const rows = this.pages.get(page);
    if (rows) {
      // Map order is insertion order: re-insert to mark the page as recently used.
      this.pages.delete(page);
      this.pages.set(page, rows);
      return rows[index - page * this.pageSize];
    }
    this.load(page);
    return undefined;
  }

  /** Index of the first loaded item matching `pred`, or -1 (pages not loaded are not searched). */
  findLoaded(pred: (item: T) => boolean): number {
    for (const [page, rows] of this.pages) {
      const i = rows.findIndex(pred);
      if (i >= 0) return page * this.pageSize + i;
    }
    return -1;
  }

  /** Loads the first page; resolves when the total is known. */
  async start(): Promise<void> {
    await this.load(0);
  }

  /** Forgets everything, e.g. after an import or a correction. */
  reset(): void {
    this.generation++;
    this.pages.clear();
    this.pending.clear();
    this.total = null;
    this.error = null;
  }

  private async load(page: number): Promise<void> {
    if (this.pending.has(page)) return;
    this.pending.add(page);
    const generation = this.generation;
    try {
      const result = await this.fetchPage(page * this.pageSize, this.pageSize);
      if (generation !== this.generation) return; // a newer query replaced this one
      this.total = result.total;
      this.pages.set(page, result.items);
      while (this.pages.size > this.maxPages) {
        const oldest = this.pages.keys().next().value as number;
        this.pages.delete(oldest);
      }
    } catch (err) {
      if (generation !== this.generation) return;
      this.error = err;
    } finally {
      if (generation === this.generation) this.pending.delete(page);
    }
    this.onChange();
  }
}
