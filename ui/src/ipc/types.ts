// TypeScript twins of the JSON types in crates/dossier-api/src/types.rs and
// src-tauri/src/error.rs. Hand-written for now (the core types carry no
// ts-rs/specta derive yet); keep field names identical to the Rust ones.

export type DatePrecision = "year" | "month" | "day" | "minute";
export type FieldSource = "text" | "metadata" | "user";
export type RegionKind =
  | "headline"
  | "byline"
  | "dateline"
  | "caption"
  | "boilerplate"
  | "heading"
  | "quote"
  | "list_item";

export interface ImportProgress {
  files_done: number;
  files_total: number;
  current: string | null;
  bytes_done: number;
  bytes_total: number;
}

export type FileOutcome =
  | { status: "added"; path: string; article_ids: number[] }
  | { status: "already_in_library"; path: string; article_ids: number[] }
  | { status: "failed"; path: string; reason: string; kind: string }
  | { status: "skipped"; path: string; reason: string };

export interface ImportReport {
  files: FileOutcome[];
  articles_added: number;
  already_in_library: number;
  failed: number;
  skipped: number;
  cancelled: boolean;
  seconds: number;
}

export interface ArticleRow {
  id: number;
  title: string;
  outlet: string | null;
  authors: string[];
  published: string | null;
  published_precision: DatePrecision | null;
  story_id: number;
  story_size: number;
  url: string | null;
  imported_at: string;
}

export type SortOrder = "date_desc" | "date_asc" | "title_asc" | "imported_desc" | "relevance";

export interface ArticleFilter {
  outlet?: string | null;
  from?: string | null;
  to?: string | null;
  story_id?: number | null;
  /** Articles that mention this entity. */
  entity_id?: number | null;
  /** ISO dates the article's own date expressions talk about. */
  about_from?: string | null;
  about_to?: string | null;
}

export interface ListRequest {
  filter?: ArticleFilter;
  sort?: SortOrder;
  offset?: number;
  limit?: number;
}

export interface ArticlePage {
  total: number;
  offset: number;
  rows: ArticleRow[];
}

export interface SearchRequest {
  query: string;
  filter?: ArticleFilter;
  sort?: SortOrder | null;
  offset?: number;
  limit?: number;
}

/** `highlights` are UTF-8 byte ranges into `text`. */
export interface Snippet {
  text: string;
  highlights: [number, number][];
}

export interface SearchHit {
  article: ArticleRow;
  score: number;
  snippet: Snippet;
}

export interface SearchPage {
  total: number;
  offset: number;
  hits: SearchHit[];
}

export interface Sourced<T> {
  value: T;
  source: FieldSource;
}

export interface RegionDto {
  start: number;
  end: number;
  kind: RegionKind;
}

export interface ArticleDetail {
  id: number;
  title: Sourced<string>;
  outlet: Sourced<string> | null;
  authors: Sourced<string[]>;
  published: Sourced<string> | null;
  published_precision: DatePrecision | null;
  date_note: string | null;
  url: string | null;
  language: string | null;
  text: string;
  regions: RegionDto[];
  sentences: [number, number][];
  story_id: number;
  story_articles: ArticleRow[];
  source_name: string;
  source_sha256: string;
  reader: string;
  imported_at: string;
  warnings: string[];
}

/** `undefined`/`null` leaves a field alone; "" (or []) returns it to what analysis found. */
export interface ArticleCorrection {
  title?: string | null;
  outlet?: string | null;
  authors?: string[] | null;
  published?: string | null;
}

export interface OutletCount {
  outlet: string;
  articles: number;
}

export interface LibraryStats {
  articles: number;
  stories: number;
  outlets: number;
  path: string;
}

/** The error every command rejects with. Branch on `code`, never on `message`. */
export interface IpcErrorBody {
  code: string;
  message: string;
}

export interface AppInfo {
  library_path: string;
  stats: { Ok: LibraryStats } | { Err: IpcErrorBody };
  test_hooks: boolean;
  version: string;
}

export type EntityKind = "PER" | "ORG" | "LOC" | "MISC";
export type EntitySort = "mentions" | "articles" | "name" | "first_seen" | "last_seen";

export interface EntityRow {
  id: number;
  name: string;
  kind: EntityKind;
  mention_count: number;
  article_count: number;
  /** ISO dates of the first and last article mentioning it. */
  first_seen: string | null;
  last_seen: string | null;
}

export interface EntityQuery {
  kind?: EntityKind | null;
  text?: string | null;
  sort?: EntitySort;
  offset?: number;
  limit?: number;
}

export interface EntityPage {
  total: number;
  offset: number;
  rows: EntityRow[];
}

export interface Alias {
  alias: string;
  key: string;
  /** user: added by you; name: written so in an article; derived: a surname. */
  strength: "user" | "name" | "derived";
}

export interface EntityDetail {
  entity: EntityRow;
  name_source: "text" | "user";
  kind_source: "text" | "user";
  aliases: Alias[];
  /** Co-occurring entities with the number of shared articles. */
  related: [EntityRow, number][];
}

/** Byte span into an article's text. */
export interface Span {
  start: number;
  end: number;
}

export interface MentionInContext {
  mention_id: number;
  article_id: number;
  title: string;
  outlet: string | null;
  published: string | null;
  sentence: string;
  sentence_start: number;
  span: Span;
}

export type Curation =
  | { op: "rename"; entity: number; name: string }
  | { op: "set_kind"; entity: number; kind: EntityKind }
  | { op: "merge"; into: number; from: number[] }
  | { op: "split"; entity: number; mentions: number[]; name: string }
  | { op: "delete"; entity: number }
  | { op: "add_alias"; entity: number; alias: string };

export interface CurationEntry {
  id: number;
  description: string;
  at: string;
}

export interface ArticleMention {
  mention_id: number;
  span: Span;
  label: EntityKind;
  entity_id: number | null;
  entity_name: string | null;
  entity_kind: EntityKind | null;
}

export interface ArticleTimex {
  span: Span;
  kind: "DATE" | "TIME" | "DURATION" | "SET";
  value: string;
  first_day: number | null;
  last_day: number | null;
}

export interface ArticleAnnotations {
  mentions: ArticleMention[];
  timexes: ArticleTimex[];
}

/** Filters shared by the map and the timeline; dates are inclusive ISO days. */
export interface GeoTimeFilter {
  from?: string | null;
  to?: string | null;
  entity_id?: number | null;
  story_id?: number | null;
}

/** A place some article mentions, with how much is said and happened there. */
export interface PlaceRow {
  id: number;
  name: string;
  /** ISO 3166-1 alpha-2, empty for regions spanning countries. */
  country: string;
  /** city | admin1 | country | landmark | region | pin */
  kind: string;
  lat: number;
  lon: number;
  mention_count: number;
  article_count: number;
  event_count: number;
}

export interface PlaceDetail {
  place: PlaceRow;
  /** How the articles write it ("Hillah", "al-Hillah"). */
  names: string[];
  /** Whether the user chose this place's location. */
  user_corrected: boolean;
  articles: ArticleRow[];
  events: EventRow[];
}

/** Another gazetteer entry a place's name could mean. */
export interface PlaceCandidate {
  entry: number;
  name: string;
  /** The first-level division it lies in ("Illinois"), "" when none. */
  division: string;
  country: string;
  kind: string;
  lat: number;
  lon: number;
  population: number;
}

/** A name the resolver could not place with confidence: held off the map until the user says where it is. */
export interface PlaceDoubt {
  name: string;
  mention_count: number;
  article_count: number;
  /** The resolver's likeliest entry, first of `candidates`. */
  guess: number;
  candidates: PlaceCandidate[];
  example: { article_id: number; title: string; sentence: string };
}

/** The user's choice for a name: another gazetteer entry, or a pin. */
export type PlaceCorrection = { name: string; entry: number } | { name: string; lat: number; lon: number; label: string };

export interface TimelineQuery extends GeoTimeFilter {
  kind?: string | null;
  place_id?: number | null;
  offset?: number;
  limit?: number;
}

/** year | month | week | day | part_of_day | time | reported | reported_earlier */
export type EventPrecision = string;

export interface EventRow {
  id: number;
  /** airstrike, drone_attack, ... (docs/events.md) */
  kind: string;
  /** violence | arrest | protest | statement | cooperation */
  family: string;
  /** The TIMEX3 value or ISO date, as precise as the sources give it. */
  date: string | null;
  precision: EventPrecision;
  /** First and last ISO day the date covers (a month covers the month). */
  first_day: string | null;
  last_day: string | null;
  place_id: number | null;
  place_name: string | null;
  lat: number | null;
  lon: number | null;
  actors: string[];
  killed: number | null;
  injured: number | null;
  source_count: number;
  mention_count: number;
  disagreement_count: number;
  /** "Airstrike on Kataib Hezbollah in Jurf al-Sakhar" */
  summary: string;
  /** Fields the user set ("kind", "date", "place", "actors", "killed", "injured", "summary"); the core always sends it. */
  user_fields?: string[];
  /** Added by hand (an `add` curation); the core always sends it. */
  manual?: boolean;
}

export interface TimelinePage {
  total: number;
  events: EventRow[];
}

/** One article's report of an event: the sentence, with the trigger. */
export interface EventSource {
  article_id: number;
  title: string;
  outlet: string | null;
  published: string | null;
  sentence: string;
  sentence_start: number;
  trigger: Span;
  /** Names this mention across rebuilds (what a `split` curation lists). */
  mention_key: string;
}

export interface EventActor {
  name: string;
  role: "agent" | "target";
  entity_id: number | null;
}

export interface SourcedValue {
  value: string;
  article_ids: number[];
}

export interface EventDisagreement {
  /** killed | injured | arrested | displaced | attacks | date | place */
  field: string;
  values: SourcedValue[];
}

export interface EventDetail {
  event: EventRow;
  sources: EventSource[];
  actors: EventActor[];
  /** Each figure kind with the values the sources give. */
  figures: { kind: string; values: SourcedValue[] }[];
  disagreements: EventDisagreement[];
}

/** The user's correction of the events (the core rebuilds them: ids change after each). */
export type EventCuration =
  /** Merge these events into one. */
  | { op: "merge"; events: number[] }
  /** These mentions (EventSource.mention_key) become their own event. */
  | { op: "split"; event: number; mentions: string[] }
  /** Set a field (actors: names separated by ";"); null clears the user's value. */
  | { op: "edit"; event: number; field: "kind" | "date" | "place" | "actors" | "killed" | "injured" | "summary"; value: string | null }
  /** An event the user adds by hand. */
  | { op: "add"; kind: string; date: string; place: string | null; summary: string; killed: number | null; injured: number | null; article_ids: number[] };

/** The part of the library a report or an export covers; nothing set is the whole library. */
export interface ReportSelection {
  /** A search query (the search box's syntax). */
  query?: string | null;
  story_id?: number | null;
  entity_id?: number | null;
  /** Inclusive ISO dates of any precision (2023, 2023-11, 2023-11-22). */
  from?: string | null;
  to?: string | null;
}

export interface ReportSections {
  summary: boolean;
  timeline: boolean;
  map: boolean;
  entities: boolean;
  disagreements: boolean;
  sources: boolean;
}

export interface ReportRequest {
  /** Empty or null: a title naming the selection. */
  title?: string | null;
  selection: ReportSelection;
  sections: ReportSections;
  /** How many entity profiles at most (0: the core's default). Never null: the core reads a number. */
  max_entities?: number;
}

/** The report as self-contained HTML, with what it holds. */
export interface ReportPreview {
  html: string;
  title: string;
  /** The selection in words. */
  scope: string;
  events: number;
  sources: number;
  places: number;
  profiles: number;
}

/** Report formats, and data formats with the rows they hold. */
export type ReportFormat = "html" | "pdf" | "md" | "docx";
export type DataFormat = "csv" | "json" | "geojson" | "ris" | "bibtex" | "csljson";
export type ExportData = "events" | "entities" | "places" | "sources";

export interface ExportRequest {
  report: ReportRequest;
  format: ReportFormat | DataFormat;
  /** The rows a data format holds (csv and json need it; the others have one kind). */
  data?: ExportData | null;
  /** CSV only: start with a UTF-8 byte order mark for spreadsheet programs. */
  bom?: boolean;
}

export interface SavedExport {
  path: string;
  bytes: number;
}
