// The import card: progress while files are read (files done / total and the
// current file, with Cancel), then the summary: added, already in library,
// failed with reasons, skipped.

import { h, replace } from "../lib/dom";
import { baseName, plural } from "../lib/format";
import { summarize, type ImportSummary } from "../lib/drop";
import type { FileOutcome, ImportProgress, ImportReport } from "../ipc/types";
import { icon } from "./icons";

export class ImportPanel {
  readonly el: HTMLElement;
  private onCancel: (() => void) | null = null;

  constructor() {
    this.el = h("aside", { class: "import-panel", hidden: true, "aria-live": "polite", "aria-label": "Import" });
  }

  /** Shows the panel in its "starting" state; `cancel` is wired to the button. */
  start(pathCount: number, cancel: () => void): void {
    this.onCancel = cancel;
    this.el.hidden = false;
    this.el.dataset.state = "running";
    this.progress({ files_done: 0, files_total: 0, current: null, bytes_done: 0, bytes_total: 0 }, pathCount);
  }

  progress(p: ImportProgress, pathCount = 0): void {
    const total = p.files_total;
    const fraction = total > 0 ? p.files_done / total : 0;
    const bar = h("div", { class: "progress", role: "progressbar", "aria-valuemin": "0", "aria-valuemax": String(total), "aria-valuenow": String(p.files_done) });
    const fill = h("div", { class: "progress-fill" });
    fill.style.width = `${Math.round(fraction * 1000) / 10}%`;
    if (total === 0) bar.classList.add("indeterminate");
    bar.appendChild(fill);
    replace(
      this.el,
      h(
        "div",
        { class: "import-head" },
        h("span", { class: "spinner", "aria-hidden": "true" }),
        h("h2", null, total ? `Importing ${plural(total, "file")}` : `Looking at ${plural(pathCount || 1, "item")}…`),
      ),
      bar,
      h(
        "div",
        { class: "import-status" },
        h("span", { class: "import-count" }, total ? `${p.files_done.toLocaleString("en-US")} of ${total.toLocaleString("en-US")}` : ""),
        h("span", { class: "import-current", title: p.current ?? "" }, p.current ? baseName(p.current) : ""),
      ),
      h(
        "div",
        { class: "import-actions" },
        h("button", { class: "btn btn-small", type: "button", "data-action": "cancel-import", onclick: () => this.cancel() }, "Cancel"),
      ),
    );
  }

  private cancel(): void {
    const button = this.el.querySelector<HTMLButtonElement>("[data-action=cancel-import]");
    if (button) {
      button.disabled = true;
      button.textContent = "Cancelling…";
    }
    this.onCancel?.();
  }

  /** Replaces the progress with the summary of `report`. */
  finish(report: ImportReport): ImportSummary {
    const s = summarize(report);
    this.el.dataset.state = "done";
    const failedOrSkipped = s.failed.length + s.skipped.length > 0;
    const group = (title: string, cls: string, items: FileOutcome[], open: boolean) =>
      items.length
        ? h(
            "details",
            { class: `import-group ${cls}`, open },
            h("summary", null, h("span", { class: "group-title" }, title), h("span", { class: "group-count" }, items.length.toLocaleString("en-US"))),
            h("ul", null, ...items.slice(0, 500).map((f) => outcomeItem(f)), items.length > 500 ? h("li", { class: "muted" }, `and ${items.length - 500} more`) : null),
          )
        : null;
    replace(
      this.el,
      h(
        "div",
        { class: "import-head" },
        h("span", { class: `import-badge ${s.failed.length ? "warn" : "ok"}` }, icon(s.failed.length ? "alert" : "check", 15)),
        h("h2", null, s.cancelled ? "Import cancelled" : "Import finished"),
        h("button", { class: "icon-btn", type: "button", "aria-label": "Close", "data-action": "close-import", onclick: () => this.hide() }, icon("close", 16)),
      ),
      h("p", { class: "import-summary-line" }, s.headline),
      h(
        "div",
        { class: "import-groups" },
        group("Failed", "g-failed", s.failed, true),
        group("Added", "g-added", s.added, !failedOrSkipped && s.added.length <= 12),
        group("Already in library", "g-already", s.already, false),
        group("Skipped", "g-skipped", s.skipped, s.failed.length === 0),
      ),
    );
    return s;
  }

  /** Shows an error that stopped the import before it began. */
  fail(message: string): void {
    this.el.hidden = false;
    this.el.dataset.state = "done";
    replace(
      this.el,
      h(
        "div",
        { class: "import-head" },
        h("span", { class: "import-badge warn" }, icon("alert", 15)),
        h("h2", null, "Import did not start"),
        h("button", { class: "icon-btn", type: "button", "aria-label": "Close", onclick: () => this.hide() }, icon("close", 16)),
      ),
      h("p", { class: "import-summary-line" }, message),
    );
  }

  hide(): void {
    this.el.hidden = true;
  }
}

function outcomeItem(f: FileOutcome): HTMLElement {
  const name = h("span", { class: "file-name", title: f.path }, baseName(f.path));
  if (f.status === "failed" || f.status === "skipped") {
    return h("li", null, name, h("span", { class: "file-reason" }, f.reason));
  }
  const n = f.article_ids.length;
  return h("li", null, name, n > 1 ? h("span", { class: "file-reason" }, plural(n, "article")) : null);
}
