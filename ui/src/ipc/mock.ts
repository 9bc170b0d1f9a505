// An in-memory backend with the same commands as the Rust shell, for unit
// tests and for working on the UI in a plain browser (`npm run dev`). It
// mimics the core closely enough to exercise the UI: paging, filters, search
// with UTF-8 byte-range highlights, corrections with sources, imports with
// progress and cancel.

import type { Backend, DragDropEvent } from "./backend";
import type {
  AppInfo,
  ArticleCorrection,
  ArticleDetail,
  ArticlePage,
  ArticleRow,
  FileOutcome,
  ImportProgress,
  ImportReport,
  ListRequest,
  OutletCount,
  RegionDto,
  SearchHit,
  SearchPage,
  SearchRequest,
} from "./types";
import { utf8Length } from "../lib/utf8";
import { entityMock } from "./mock-entities";
import { eventMock } from "./mock-events";
import { placeMock } from "./mock-places";
import { reportMock } from "./mock-reports";

interface MockArticle {
  detail: ArticleDetail;
}

export interface MockOptions {
  /** Start with the three sample articles. */
  seed?: boolean;
  /** Add this many generated articles (for list performance tests). */
  generate?: number;
  /** Milliseconds between files during a mock import. */
  importDelay?: number;
  /** Add this many synthetic events (for timeline scale tests). */
  events?: number;
}

const SAMPLES: { name: string; title: string; outlet: string; authors: string[]; published: string; text: string; story: number }[] = [
  {
    name: "000_0de35cad8aa68667.txt",
    title: "Iraq Condemns US Airstrikes That Killed Iran-Linked Militants",
    outlet: "VOA",
    authors: [],
    published: "2023-11-22",
    story: 1,
    text:
      "A US army soldier stands with his weapon at a military base in the Makhmour area near Mosul, Iraq, October 18, 2016.\n\n" +
      "Iraq Condemns US Airstrikes That Killed Iran-Linked Militants\n\nWednesday, 11/22/2023\n\n" +
      "Iraq says overnight US airstrikes south of Baghdad that killed eight members of Iran-aligned Iraqi armed group Kataib Hezbollah was a \"dangerous escalation.\"\n\n" +
      "Condemning the strikes, Baghdad said Wednesday that the operation was not coordinated with authorities.\n\n" +
      "The US has carried out two series of strikes in Iraq since Tuesday, a response to more than 60 attacks by Iran-linked militias in the region.\n\nMore News",
  },
  {
    name: "001_70233f100cf7bd15.txt",
    title: "Iraq says U.S. strikes a ‘dangerous escalation’",
    outlet: "Reuters",
    authors: ["Ahmed Rasheed", "Timour Azhari"],
    published: "2023-11-22",
    story: 1,
    text:
      "FILE PHOTO: Shi'ite Popular Mobilization Forces (PMF) are seen in Zumar, Nineveh province, Iraq. REUTERS/Ari Jalal\n\n" +
      "By Ahmed Rasheed and Timour Azhari\n\n" +
      " – Iraq’s government condemned overnight U.S. airstrikes south of Baghdad that killed eight members of Iran-aligned Iraqi armed group Kataib Hezbollah, saying they were a “dangerous escalation” not coordinated with authorities.\n\n" +
      "The U.S. has carried out two series of strikes in Iraq since Tuesday, in response to more than 60 attacks by Iran-aligned militias against forces in the region.",
  },
  {
    name: "003_01e3faa3e6340277.txt",
    title: "Iraq Condemns American Airstrike Targeting Kataib Hezbollah",
    outlet: "Atlas News",
    authors: [],
    published: "2023-12-26",
    story: 2,
    text:
      "Iraq Condemns American Airstrike Targeting Kataib Hezbollah\n\n" +
      "Unbiased & Unfiltered News Reporting for 12+ years. Editor-In-Chief of Atlas News.\n\nMore From Me\n\nWhat to Know:\n\n" +
      "The Iraqi Prime Ministers Office has condemned the American airstrike that targeted the headquarters of the Iran-backed Shia paramilitary group Kataib Hezbollah in Hillah, calling it a “a clear hostile act.”\n\n" +
      "Last night, the United States Central Command (CENTCOM) confirmed that American warplanes carried out airstrikes “against multiple facilities used by Kataib Hezbollah and affiliated groups in Iraq,” which was in retaliation to an explosive drone attack against the Erbil Airport that left three American servicemen wounded.",
  },
];

const OUTLETS = ["Reuters", "AP", "BBC", "Al Jazeera", "VOA", "The Guardian", "Le Monde", "Atlas News"];

/** Byte range of the first occurrence of `needle` in `text`, for mock regions. */
function byteRange(text: string, needle: string): [number, number] | null {
  const i = text.indexOf(needle);
  if (i < 0) return null;
  const start = utf8Length(text.slice(0, i));
  return [start, start + utf8Length(needle)];
}

export function mockBackend(options: MockOptions = {}): Backend & { articles: Map<number, MockArticle>; calls: string[] } {
  const articles = new Map<number, MockArticle>();
  const calls: string[] = [];
  let nextId = 1;
  let cancelFlag = false;
  let importing = false;
  const entities = entityMock(() => [...articles.values()].map((a) => a.detail));
  const events = eventMock(() => [...articles.values()].map((a) => a.detail));
  const places = placeMock(() => [...articles.values()].map((a) => a.detail), (d) => row(d), (id) => entities.mentionsOf(id));

  function add(a: (typeof SAMPLES)[number], id = nextId++): void {
    const regions: RegionDto[] = [];
    const mark = (needle: string, kind: RegionDto["kind"]) => {
      const r = byteRange(a.text, needle);
      if (r) regions.push({ start: r[0], end: r[1], kind });
    };
    mark(a.text.split("\n")[0], a.text.startsWith(a.title) ? "headline" : "caption");
    mark("More News", "boilerplate");
    mark("More From Me", "boilerplate");
    mark("What to Know:", "heading");
    if (a.authors.length) mark(`By ${a.authors.join(" and ")}`, "byline");
    articles.set(id, {
      detail: {
        id,
        title: { value: a.title, source: "text" },
        outlet: { value: a.outlet, source: "metadata" },
        authors: { value: a.authors, source: "text" },
        published: { value: a.published, source: "text" },
        published_precision: "day",
        date_note: null,
        url: null,
        language: "en",
        text: a.text,
        regions,
        sentences: [],
        story_id: a.story,
        story_articles: [],
        source_name: a.name,
        source_sha256: "0de35cad8aa68667".repeat(4),
        reader: "txt",
        imported_at: "2026-11-23T19:30:00Z",
        warnings: [],
      },
    });
    entities.index(articles.get(id)!.detail);
    if (SAMPLES.some((x) => x.name === a.name)) events.index();
  }

  if (options.seed) SAMPLES.forEach((s) => add(s));
  if (options.events) events.generate(options.events);
  for (let i = 0; i < (options.generate ?? 0); i++) {
    const day = 1 + (i % 28);
    const month = 1 + (Math.floor(i / 28) % 12);
    add({
      name: `generated-${i}.txt`,
      title: `Generated report ${i + 1} on regional security`,
      outlet: OUTLETS[i % OUTLETS.length],
      authors: i % 3 ? ["A. Writer"] : [],
      published: `${2015 + (i % 10)}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`,
      story: 1000 + i,
      text: `Generated report ${i + 1}.\n\nA strike near the border was reported on day ${day}.`,
    });
  }

  function row(d: ArticleDetail): ArticleRow {
    const size = [...articles.values()].filter((a) => a.detail.story_id === d.story_id).length;
    return {
      id: d.id,
      title: d.title.value,
      outlet: d.outlet?.value ?? null,
      authors: d.authors.value,
      published: d.published?.value ?? null,
      published_precision: d.published_precision,
      story_id: d.story_id,
      story_size: size,
      url: d.url,
      imported_at: d.imported_at,
    };
  }

  function filtered(req: { filter?: ListRequest["filter"] }): ArticleDetail[] {
    const f = req.filter ?? {};
    return [...articles.values()]
      .map((a) => a.detail)
      .filter((d) => !f.outlet || d.outlet?.value === f.outlet)
      .filter((d) => !f.from || (d.published?.value ?? "") >= f.from)
      .filter((d) => !f.to || (d.published?.value ?? "9999") <= f.to)
      .filter((d) => f.story_id == null || d.story_id === f.story_id)
      .filter((d) => f.entity_id == null || entities.mentionsOf(d.id).some((m) => m.entity_id === f.entity_id));
  }

  function sortRows(rows: ArticleDetail[], sort: string | null | undefined): ArticleDetail[] {
    const date = (d: ArticleDetail) => d.published?.value ?? "";
    const by = {
      date_desc: (a: ArticleDetail, b: ArticleDetail) => date(b).localeCompare(date(a)) || b.id - a.id,
      date_asc: (a: ArticleDetail, b: ArticleDetail) => date(a).localeCompare(date(b)) || a.id - b.id,
      title_asc: (a: ArticleDetail, b: ArticleDetail) => a.title.value.localeCompare(b.title.value),
      imported_desc: (a: ArticleDetail, b: ArticleDetail) => b.id - a.id,
    }[sort ?? "date_desc"];
    return by ? rows.sort(by) : rows;
  }

  const handlers: Record<string, (args: Record<string, unknown>) => unknown> = {
    app_info: (): AppInfo => ({
      library_path: "/home/analyst/.local/share/dossier/library.sqlite",
      stats: {
        Ok: {
          articles: articles.size,
          stories: new Set([...articles.values()].map((a) => a.detail.story_id)).size,
          outlets: new Set([...articles.values()].map((a) => a.detail.outlet?.value)).size,
          path: "library.sqlite",
        },
      },
      test_hooks: false,
      version: "0.1.0",
    }),
    list_articles: ({ req }): ArticlePage => {
      const r = req as ListRequest;
      const rows = sortRows(filtered(r), r.sort);
      const offset = r.offset ?? 0;
      const limit = r.limit || 100;
      return { total: rows.length, offset, rows: rows.slice(offset, offset + limit).map(row) };
    },
    search_articles: ({ req }): SearchPage => {
      const r = req as SearchRequest;
      const q = r.query.toLowerCase().replace(/^"|"$/g, "");
      const hits: SearchHit[] = [];
      for (const d of filtered(r)) {
        const i = d.text.toLowerCase().indexOf(q);
        if (i < 0) continue;
        const from = Math.max(0, d.text.lastIndexOf(" ", Math.max(0, i - 60)) + 1);
        const text = d.text.slice(from, Math.min(d.text.length, i + q.length + 120)).replace(/\n+/g, " ");
        const start = utf8Length(text.slice(0, i - from));
        hits.push({
          article: row(d),
          score: 1,
          snippet: { text: `…${text}…`, highlights: [[start + 3, start + 3 + utf8Length(d.text.slice(i, i + q.length))]] },
        });
      }
      const offset = r.offset ?? 0;
      return { total: hits.length, offset, hits: hits.slice(offset, offset + (r.limit || 100)) };
    },
    get_article: ({ id }) => {
      const a = articles.get(id as number);
      if (!a) throw { code: "not_found", message: `no article ${id}` };
      const d = a.detail;
      return { ...d, story_articles: filtered({ filter: { story_id: d.story_id } }).filter((x) => x.id !== d.id).map(row) };
    },
    correct_article: ({ id, correction }) => {
      const a = articles.get(id as number);
      if (!a) throw { code: "not_found", message: `no article ${id}` };
      const c = correction as ArticleCorrection;
      if (c.title) a.detail.title = { value: c.title, source: "user" };
      if (c.published) a.detail.published = { value: c.published, source: "user" };
      if (c.outlet) a.detail.outlet = { value: c.outlet, source: "user" };
      if (c.authors) a.detail.authors = { value: c.authors, source: "user" };
      return handlers.get_article({ id });
    },
    list_outlets: (): OutletCount[] => {
      const counts = new Map<string, number>();
      for (const a of articles.values()) if (a.detail.outlet) counts.set(a.detail.outlet.value, (counts.get(a.detail.outlet.value) ?? 0) + 1);
      return [...counts].map(([outlet, n]) => ({ outlet, articles: n })).sort((x, y) => y.articles - x.articles);
    },
    cancel_import: () => {
      const was = importing;
      cancelFlag = true;
      return was;
    },
    open_original: () => null,
    reveal_original: () => null,
    ...entities.handlers,
    ...events.handlers((id) => {
      try {
        return (entities.handlers.get_entity({ id }) as { entity: { name: string } }).entity.name;
      } catch {
        return null;
      }
    }),
    ...places.handlers,
    ...reportMock({
      articles: () => [...articles.values()].map((a) => a.detail),
      row: (d) => row(d),
      call: (command, args) => handlers[command](args),
      mentionsOf: (id) => entities.mentionsOf(id),
    }).handlers,
  };

  async function importPaths(paths: string[], channel: { send(p: ImportProgress): void }): Promise<ImportReport> {
    if (importing) throw { code: "import_running", message: "an import is already running" };
    importing = true;
    cancelFlag = false;
    const started = Date.now();
    const report: ImportReport = { files: [], articles_added: 0, already_in_library: 0, failed: 0, skipped: 0, cancelled: false, seconds: 0 };
    const files = paths.filter((p) => /\.(txt|md|html?|pdf|eml|mbox|docx|zip)$/i.test(p));
    for (const p of paths.filter((p) => !files.includes(p))) {
      report.files.push({ status: "skipped", path: p, reason: "not a format Dossier reads" });
      report.skipped++;
    }
    try {
      for (let i = 0; i < files.length; i++) {
        if (cancelFlag) {
          report.cancelled = true;
          break;
        }
        channel.send({ files_done: i, files_total: files.length, current: files[i], bytes_done: 0, bytes_total: 0 });
        await new Promise((r) => setTimeout(r, options.importDelay ?? 0));
        const name = files[i].split("/").pop()!;
        const sample = SAMPLES.find((s) => s.name === name);
        let outcome: FileOutcome;
        const existing = [...articles.values()].find((a) => a.detail.source_name === name);
        if (existing) {
          outcome = { status: "already_in_library", path: files[i], article_ids: [existing.detail.id] };
          report.already_in_library++;
        } else if (sample) {
          add(sample);
          outcome = { status: "added", path: files[i], article_ids: [nextId - 1] };
          report.articles_added++;
        } else if (/broken/.test(name)) {
          outcome = { status: "failed", path: files[i], reason: "the PDF has no text layer", kind: "no_text" };
          report.failed++;
        } else {
          add({ ...SAMPLES[0], name, title: `Imported ${name}`, story: 5000 + nextId });
          outcome = { status: "added", path: files[i], article_ids: [nextId - 1] };
          report.articles_added++;
        }
        report.files.push(outcome);
      }
      channel.send({ files_done: files.length, files_total: files.length, current: null, bytes_done: 0, bytes_total: 0 });
    } finally {
      importing = false;
    }
    report.seconds = (Date.now() - started) / 1000;
    return report;
  }

  const dragHandlers: ((e: DragDropEvent) => void)[] = [];

  return {
    articles,
    calls,
    async invoke<T>(command: string, args: Record<string, unknown> = {}): Promise<T> {
      calls.push(command);
      if (command === "import_paths") {
        return (await importPaths(args.paths as string[], args.onProgress as { send(p: ImportProgress): void })) as T;
      }
      const handler = handlers[command];
      if (!handler) throw { code: "unknown_command", message: `no command ${command}` };
      return structuredClone(handler(args)) as T;
    },
    channel<T>(onMessage: (m: T) => void) {
      return { send: onMessage };
    },
    async pickPaths(kind) {
      return kind === "folder" ? ["/home/analyst/articles"] : SAMPLES.map((s) => `/home/analyst/articles/${s.name}`);
    },
    async onDragDrop(handler) {
      dragHandlers.push(handler);
      return () => dragHandlers.splice(dragHandlers.indexOf(handler), 1);
    },
  };
}
