// The drop handler's logic, kept free of the DOM and of IPC so it can be
// unit-tested: which dropped paths become an import request, and how an
// import report reads as a summary. Folders are expanded (and unsupported
// files listed as skipped) by the core's `plan_import`, which the import
// command calls on exactly these paths.

import type { FileOutcome, ImportReport } from "../ipc/types";

/** File types the import dialog offers; the core decides what it can read. */
export const IMPORT_EXTENSIONS = [
  "txt", "md", "markdown", "html", "htm", "xhtml", "pdf", "eml", "mbox", "docx", "zip",
] as const;

/**
 * Turns dropped or picked paths into the list the import command receives:
 * blanks removed, duplicates (also `a/` vs `a`) removed, order kept.
 * Returns null when nothing is left to import.
 */
export function importRequest(paths: readonly string[]): string[] | null {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of paths) {
    const path = raw.trim();
    if (!path) continue;
    const key = path.length > 1 ? path.replace(/[\\/]+$/, "") : path;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(path);
  }
  return out.length ? out : null;
}

/** What the drop overlay shows, driven by the window's drag events. */
export type DropState = { dragging: false } | { dragging: true; count: number };

export function nextDropState(
  state: DropState,
  event: { type: "enter"; paths: string[] } | { type: "over" } | { type: "drop" } | { type: "leave" },
): DropState {
  switch (event.type) {
    case "enter":
      return { dragging: true, count: event.paths.length };
    case "over":
      return state.dragging ? state : { dragging: true, count: 0 };
    case "drop":
    case "leave":
      return { dragging: false };
  }
}

/** An import report grouped for the summary panel. */
export interface ImportSummary {
  added: Extract<FileOutcome, { status: "added" }>[];
  already: Extract<FileOutcome, { status: "already_in_library" }>[];
  failed: Extract<FileOutcome, { status: "failed" }>[];
  skipped: Extract<FileOutcome, { status: "skipped" }>[];
  articlesAdded: number;
  cancelled: boolean;
  /** One line for the panel's heading. */
  headline: string;
}

export function summarize(report: ImportReport): ImportSummary {
  const s: ImportSummary = {
    added: [],
    already: [],
    failed: [],
    skipped: [],
    articlesAdded: report.articles_added,
    cancelled: report.cancelled,
    headline: "",
  };
  for (const f of report.files) {
    if (f.status === "added") s.added.push(f);
    else if (f.status === "already_in_library") s.already.push(f);
    else if (f.status === "failed") s.failed.push(f);
    else s.skipped.push(f);
  }
  const n = report.articles_added;
  const parts = [n === 1 ? "1 article added" : `${n.toLocaleString("en-US")} articles added`];
  if (s.already.length) parts.push(`${s.already.length.toLocaleString("en-US")} already in library`);
  if (s.failed.length) parts.push(`${s.failed.length.toLocaleString("en-US")} failed`);
  if (s.skipped.length) parts.push(`${s.skipped.length.toLocaleString("en-US")} skipped`);
  s.headline = (report.cancelled ? "Import cancelled: " : "") + parts.join(" · ");
  return s;
}
