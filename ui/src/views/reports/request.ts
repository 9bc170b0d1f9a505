// What the Reports view asks for, without the DOM: the user's choices as a
// ReportRequest (or the reason they are not one yet), the export formats the
// picker offers, and the saved file's size in words.

import type { DataFormat, ExportData, ExportRequest, ReportFormat, ReportRequest, ReportSections } from "../../ipc/types";

export type Scope = "library" | "search" | "story" | "entity";

export interface ReportChoices {
  scope: Scope;
  query: string;
  story: { id: number; label: string } | null;
  entity: { id: number; label: string } | null;
  /** Inclusive ISO days, "" for an open end. */
  from: string;
  to: string;
  title: string;
  sections: ReportSections;
}

export const SECTIONS: { key: keyof ReportSections; label: string }[] = [
  { key: "summary", label: "Summary" },
  { key: "timeline", label: "Timeline" },
  { key: "map", label: "Map" },
  { key: "entities", label: "Entity profiles" },
  { key: "disagreements", label: "Disagreements" },
  { key: "sources", label: "Sources" },
];

export const ALL_SECTIONS: ReportSections = { summary: true, timeline: true, map: true, entities: true, disagreements: true, sources: true };

export function initialChoices(): ReportChoices {
  return { scope: "library", query: "", story: null, entity: null, from: "", to: "", title: "", sections: { ...ALL_SECTIONS } };
}

/** The request for these choices, or what is missing in words. */
export function toRequest(c: ReportChoices): { request: ReportRequest } | { error: string } {
  const selection: ReportRequest["selection"] = {};
  if (c.scope === "search") {
    if (!c.query.trim()) return { error: "Write what to search for, or report on the whole library." };
    selection.query = c.query.trim();
  } else if (c.scope === "story") {
    if (!c.story) return { error: "Find an article: the report covers its story (the article and its other versions)." };
    selection.story_id = c.story.id;
  } else if (c.scope === "entity") {
    if (!c.entity) return { error: "Find the entity to report on." };
    selection.entity_id = c.entity.id;
  }
  if (c.from && c.to && c.from > c.to) return { error: "The window ends before it starts." };
  if (c.from) selection.from = c.from;
  if (c.to) selection.to = c.to;
  if (!Object.values(c.sections).some(Boolean)) return { error: "Tick at least one section." };
  return { request: { title: c.title.trim() || null, selection, sections: { ...c.sections } } };
}

export interface FormatOption {
  id: string;
  label: string;
  group: "Report" | "Data";
  format: ReportFormat | DataFormat;
  data: ExportData | null;
  /** What the option writes, for its tooltip. */
  hint: string;
}

export const FORMATS: FormatOption[] = [
  { id: "html", label: "HTML report", group: "Report", format: "html", data: null, hint: "One self-contained file: opens offline in any browser" },
  { id: "pdf", label: "PDF report", group: "Report", format: "pdf", data: null, hint: "For printing and handing over; selectable text" },
  { id: "md", label: "Markdown report", group: "Report", format: "md", data: null, hint: "Plain text with headings, for notes and wikis" },
  { id: "docx", label: "Word report (.docx)", group: "Report", format: "docx", data: null, hint: "To edit in Word or LibreOffice" },
  { id: "events-csv", label: "Events: CSV", group: "Data", format: "csv", data: "events", hint: "ACLED-like columns, one event a row" },
  { id: "events-json", label: "Events: JSON", group: "Data", format: "json", data: "events", hint: "The events with their sources" },
  { id: "entities-csv", label: "Entities: CSV", group: "Data", format: "csv", data: "entities", hint: "Names, types, aliases and counts" },
  { id: "entities-json", label: "Entities: JSON", group: "Data", format: "json", data: "entities", hint: "Names, types, aliases and counts" },
  { id: "places-csv", label: "Places: CSV", group: "Data", format: "csv", data: "places", hint: "Names, coordinates and counts" },
  { id: "places-json", label: "Places: JSON", group: "Data", format: "json", data: "places", hint: "Names, coordinates and counts" },
  { id: "places-geojson", label: "Places: GeoJSON", group: "Data", format: "geojson", data: null, hint: "For QGIS or geojson.io" },
  { id: "sources-csv", label: "Sources: CSV", group: "Data", format: "csv", data: "sources", hint: "One article a row" },
  { id: "sources-json", label: "Sources: JSON", group: "Data", format: "json", data: "sources", hint: "One article an object" },
  { id: "sources-ris", label: "Sources: RIS", group: "Data", format: "ris", data: null, hint: "For Zotero, EndNote, Mendeley" },
  { id: "sources-bibtex", label: "Sources: BibTeX", group: "Data", format: "bibtex", data: null, hint: "For LaTeX and reference managers" },
  { id: "sources-csljson", label: "Sources: CSL-JSON", group: "Data", format: "csljson", data: null, hint: "For Zotero and Pandoc citations" },
];

export function exportRequest(report: ReportRequest, option: FormatOption, bom: boolean): ExportRequest {
  const request: ExportRequest = { report, format: option.format };
  if (option.data) request.data = option.data;
  if (option.format === "csv" && bom) request.bom = true;
  return request;
}

/** 512 → "512 bytes", 18 000 → "18 KB", 2 400 000 → "2.3 MB". */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? "byte" : "bytes"}`;
  const kb = bytes / 1024;
  if (kb < 1024) return `${kb < 10 ? kb.toFixed(1).replace(/\.0$/, "") : Math.round(kb).toLocaleString("en-US")} KB`;
  return `${(kb / 1024).toFixed(1).replace(/\.0$/, "")} MB`;
}
