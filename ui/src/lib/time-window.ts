// The time window the timeline and the map share: moving one filters the other.

export interface Window {
  /** Inclusive ISO days, or null for open ends. */
  from: string | null;
  to: string | null;
}

export class TimeWindow {
  private current: Window = { from: null, to: null };
  private listeners = new Set<(w: Window) => void>();

  get(): Window {
    return this.current;
  }

  /** Sets the window and tells every other listener (`source` is not told). */
  set(w: Window, source?: (w: Window) => void): void {
    if (w.from === this.current.from && w.to === this.current.to) return;
    this.current = { ...w };
    for (const l of this.listeners) if (l !== source) l(this.current);
  }

  subscribe(listener: (w: Window) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
