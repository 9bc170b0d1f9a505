// The full-window hint shown while files are dragged over the window.

import { h, replace } from "../lib/dom";
import type { DropState } from "../lib/drop";
import { icon } from "./icons";

export class DropOverlay {
  readonly el = h("div", { class: "drop-overlay", hidden: true, "aria-hidden": "true" });

  render(state: DropState): void {
    this.el.hidden = !state.dragging;
    if (!state.dragging) return;
    replace(
      this.el,
      h(
        "div",
        { class: "drop-overlay-card" },
        icon("import", 36),
        h("p", { class: "drop-overlay-title" }, state.count > 1 ? `Drop to import ${state.count} items` : "Drop to import"),
        h("p", { class: "drop-overlay-sub" }, "Files and folders are read on this computer."),
      ),
    );
  }
}
