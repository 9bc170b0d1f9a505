// The timeline view (to be built): events over time, with their sources.

import { h } from "../../lib/dom";
import type { TimeWindow } from "../../lib/time-window";

export interface TimelineViewOptions {
  window: TimeWindow;
  onOpenArticle(articleId: number, span: { start: number; end: number } | null): void;
  onShowPlace(placeId: number): void;
}

export class TimelineView {
  readonly el: HTMLElement;
  constructor(readonly opts: TimelineViewOptions) {
    this.el = h("div", { class: "view timeline-view" });
  }
  async refresh(): Promise<void> {}
  async openEvent(_id: number): Promise<void> {}
}
