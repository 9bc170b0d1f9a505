// The map view (to be built): places on an offline basemap.

import { h } from "../../lib/dom";
import type { TimeWindow } from "../../lib/time-window";

export interface MapViewOptions {
  window: TimeWindow;
  onOpenArticle(articleId: number): void;
  onOpenEvent(eventId: number): void;
}

export class MapView {
  readonly el: HTMLElement;
  constructor(readonly opts: MapViewOptions) {
    this.el = h("div", { class: "view map-view" });
  }
  async refresh(): Promise<void> {}
}
