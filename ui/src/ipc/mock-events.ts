// The event commands of the in-memory mock backend (`timeline`, `get_event`):
// the events of the three sample articles as the core finds them (the
// Baghdad strikes reported by 000 and 001, the Hillah strike and the Erbil
// drone attack from 003, the statements around them), plus a generator of
// synthetic events, some with disagreeing sources, for scale tests, and the
// user's curation (`curate_event`: merge, split, edit, add; ids stay stable
// here, where the core renumbers).

import type {
  ArticleDetail,
  EventActor,
  EventCuration,
  EventDetail,
  EventDisagreement,
  EventRow,
  EventSource,
  SourcedValue,
  TimelinePage,
  TimelineQuery,
} from "./types";
import { utf8Length } from "../lib/utf8";

/** Places the mock events happen in (ids shared with whatever mocks the map uses). */
export const MOCK_PLACES: { id: number; name: string; country: string; lat: number; lon: number }[] = [
  { id: 1, name: "Baghdad", country: "IQ", lat: 33.3406, lon: 44.4009 },
  { id: 2, name: "Jurf al-Sakhar", country: "IQ", lat: 32.8833, lon: 44.1167 },
  { id: 3, name: "Hillah", country: "IQ", lat: 32.4637, lon: 44.4196 },
  { id: 4, name: "Erbil", country: "IQ", lat: 36.1912, lon: 44.0092 },
  { id: 5, name: "Mosul", country: "IQ", lat: 36.335, lon: 43.1189 },
  { id: 6, name: "Kirkuk", country: "IQ", lat: 35.4681, lon: 44.3922 },
  { id: 7, name: "Ain al-Asad", country: "IQ", lat: 33.8, lon: 42.4417 },
  { id: 8, name: "Gaza", country: "PS", lat: 31.5017, lon: 34.4668 },
  { id: 9, name: "Damascus", country: "SY", lat: 33.5138, lon: 36.2765 },
  { id: 10, name: "Beirut", country: "LB", lat: 33.8938, lon: 35.5018 },
];

const FAMILY_OF: Record<string, string> = {
  airstrike: "violence", drone_attack: "violence", missile_attack: "violence", rocket_attack: "violence",
  shelling: "violence", armed_clash: "violence", bombing: "violence", killing: "violence", attack: "violence",
  arrest: "arrest", abduction: "arrest", protest: "protest", riot: "protest",
  condemnation: "statement", threat: "statement", meeting: "cooperation", agreement: "cooperation", ceasefire: "cooperation",
};

/** One sample article's report of an event: a sentence of its text and the trigger in it. */
interface SampleReport {
  article: string;
  sentence: string;
  trigger: string;
  figures?: Record<string, string>;
}

interface SampleEvent {
  key: string;
  kind: string;
  date: string | null;
  precision: string;
  first_day: string | null;
  last_day: string | null;
  place: number | null;
  actors: EventActor[];
  reports: SampleReport[];
}

const US: EventActor = { name: "United States", role: "agent", entity_id: null };
const KH: EventActor = { name: "Kataib Hezbollah", role: "target", entity_id: null };
const IRAQ: EventActor = { name: "Iraq", role: "agent", entity_id: null };

const SAMPLE_EVENTS: SampleEvent[] = [
  {
    key: "baghdad-strikes",
    kind: "airstrike",
    date: "2023-11-21TNI",
    precision: "part_of_day",
    first_day: "2023-11-21",
    last_day: "2023-11-22",
    place: 1,
    actors: [US, KH],
    reports: [
      {
        article: "000_0de35cad8aa68667.txt",
        sentence: "Iraq says overnight US airstrikes south of Baghdad that killed eight members of Iran-aligned Iraqi armed group Kataib Hezbollah was a \"dangerous escalation.\"",
        trigger: "airstrikes",
        figures: { killed: "8" },
      },
      {
        article: "001_70233f100cf7bd15.txt",
        sentence: "Iraq’s government condemned overnight U.S. airstrikes south of Baghdad that killed eight members of Iran-aligned Iraqi armed group Kataib Hezbollah, saying they were a “dangerous escalation” not coordinated with authorities.",
        trigger: "airstrikes",
        figures: { killed: "8" },
      },
    ],
  },
  {
    key: "baghdad-condemnation",
    kind: "condemnation",
    date: "2023-11-22",
    precision: "day",
    first_day: "2023-11-22",
    last_day: "2023-11-22",
    place: null,
    actors: [IRAQ, { name: "United States", role: "target", entity_id: null }],
    reports: [
      { article: "000_0de35cad8aa68667.txt", sentence: "Condemning the strikes, Baghdad said Wednesday that the operation was not coordinated with authorities.", trigger: "Condemning" },
      {
        article: "001_70233f100cf7bd15.txt",
        sentence: "Iraq’s government condemned overnight U.S. airstrikes south of Baghdad that killed eight members of Iran-aligned Iraqi armed group Kataib Hezbollah, saying they were a “dangerous escalation” not coordinated with authorities.",
        trigger: "condemned",
      },
    ],
  },
  {
    key: "militia-attacks",
    kind: "attack",
    date: "2023-11-22",
    precision: "reported",
    first_day: "2023-11-19",
    last_day: "2023-11-22",
    place: null,
    actors: [{ name: "Iran-linked militias", role: "agent", entity_id: null }],
    reports: [
      {
        article: "000_0de35cad8aa68667.txt",
        sentence: "The US has carried out two series of strikes in Iraq since Tuesday, a response to more than 60 attacks by Iran-linked militias in the region.",
        trigger: "attacks",
        figures: { attacks: "more than 60" },
      },
      {
        article: "001_70233f100cf7bd15.txt",
        sentence: "The U.S. has carried out two series of strikes in Iraq since Tuesday, in response to more than 60 attacks by Iran-aligned militias against forces in the region.",
        trigger: "attacks",
        figures: { attacks: "more than 60" },
      },
    ],
  },
  {
    key: "hillah-strike",
    kind: "airstrike",
    date: "2023-12-25TNI",
    precision: "part_of_day",
    first_day: "2023-12-25",
    last_day: "2023-12-26",
    place: 3,
    actors: [{ name: "United States Central Command", role: "agent", entity_id: null }, KH],
    reports: [
      {
        article: "003_01e3faa3e6340277.txt",
        sentence: "The Iraqi Prime Ministers Office has condemned the American airstrike that targeted the headquarters of the Iran-backed Shia paramilitary group Kataib Hezbollah in Hillah, calling it a “a clear hostile act.”",
        trigger: "airstrike",
      },
    ],
  },
  {
    key: "hillah-condemnation",
    kind: "condemnation",
    date: "2023-12-26",
    precision: "reported",
    first_day: "2023-12-23",
    last_day: "2023-12-26",
    place: null,
    actors: [{ name: "Iraqi Prime Ministers Office", role: "agent", entity_id: null }, { name: "United States", role: "target", entity_id: null }],
    reports: [
      {
        article: "003_01e3faa3e6340277.txt",
        sentence: "The Iraqi Prime Ministers Office has condemned the American airstrike that targeted the headquarters of the Iran-backed Shia paramilitary group Kataib Hezbollah in Hillah, calling it a “a clear hostile act.”",
        trigger: "condemned",
      },
    ],
  },
  {
    key: "erbil-drone",
    kind: "drone_attack",
    date: "2023-12-26",
    precision: "reported_earlier",
    first_day: "2023-09-27",
    last_day: "2023-12-26",
    place: 4,
    actors: [{ name: "Erbil Airport", role: "target", entity_id: null }],
    reports: [
      {
        article: "003_01e3faa3e6340277.txt",
        sentence: "Last night, the United States Central Command (CENTCOM) confirmed that American warplanes carried out airstrikes “against multiple facilities used by Kataib Hezbollah and affiliated groups in Iraq,” which was in retaliation to an explosive drone attack against the Erbil Airport that left three American servicemen wounded.",
        trigger: "drone attack",
        figures: { injured: "3" },
      },
    ],
  },
];

/** What the sources say about an event, before the user's edits. */
interface EventBase {
  kind: string;
  date: string | null;
  precision: string;
  first_day: string | null;
  last_day: string | null;
  place: number | null;
  actors: EventActor[];
}

type Report = EventSource & { figures?: Record<string, string> };

interface StoredEvent {
  base: EventBase;
  reports: Report[];
  /** The user's values by field (kind, date, place, actors, killed, injured, summary). */
  user: Record<string, string>;
  manual: boolean;
  row: EventRow;
  sources: EventSource[];
  actors: EventActor[];
  figures: { kind: string; values: SourcedValue[] }[];
  disagreements: EventDisagreement[];
}

/** A mention's key, stable across rebuilds: the article and the trigger's offset. */
export function mentionKey(articleId: number, triggerStart: number): string {
  return `${articleId}:${triggerStart}`;
}

/** "2023-11-21" | "2023-11" | "2023" → its precision and days, or null when it is not such a date. */
export function isoDateRange(date: string): { precision: string; first_day: string; last_day: string } | null {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(date);
  if (!m) return null;
  const y = Number(m[1]);
  if (!m[2]) return { precision: "year", first_day: `${m[1]}-01-01`, last_day: `${m[1]}-12-31` };
  const mo = Number(m[2]);
  if (mo < 1 || mo > 12) return null;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (!m[3]) return { precision: "month", first_day: `${m[1]}-${m[2]}-01`, last_day: `${m[1]}-${m[2]}-${String(days)}` };
  const d = Number(m[3]);
  if (d < 1 || d > days) return null;
  return { precision: "day", first_day: date, last_day: date };
}

/** The event as shown: the sources' values, the user's over them. */
function build(id: number, st: Omit<StoredEvent, "row" | "sources" | "actors" | "figures" | "disagreements">): StoredEvent {
  const u = st.user;
  const e = { ...st.base };
  if (u.kind != null) e.kind = u.kind;
  if (u.actors != null) {
    // Names separated by ";": the sources' actors keep their role, a new name is an agent.
    const names = [...new Set(u.actors.split(";").map((n) => n.trim()).filter(Boolean))];
    e.actors = names.map((name) => e.actors.find((a) => a.name === name) ?? { name, role: "agent", entity_id: null });
  }
  if (u.date != null) {
    const r = isoDateRange(u.date);
    if (r) Object.assign(e, { date: u.date, ...r });
  }
  let placeName: string | null = null;
  if (u.place != null) {
    const known = MOCK_PLACES.find((p) => p.name.toLowerCase() === u.place.trim().toLowerCase());
    e.place = known?.id ?? null;
    placeName = known ? null : u.place.trim() || null;
  }
  const { figures, disagreements } = figuresOf(st.reports);
  const sources = st.reports.map(({ figures: _f, ...s }) => s);
  const r = row(id, e, sources, figures, disagreements);
  if (placeName) r.place_name = placeName;
  if (u.summary != null) r.summary = u.summary;
  else if (placeName) r.summary = summary(e.kind, e.actors, placeName);
  for (const f of ["killed", "injured"] as const) if (u[f] != null) r[f] = Number(u[f]);
  r.user_fields = Object.keys(u).sort();
  r.manual = st.manual;
  return { ...st, row: r, sources, actors: e.actors, figures, disagreements };
}

function summary(kind: string, actors: EventActor[], place: string | null): string {
  const label = kind.replace(/_/g, " ");
  let s = label.charAt(0).toUpperCase() + label.slice(1);
  const agent = actors.find((a) => a.role === "agent");
  const target = actors.find((a) => a.role === "target");
  if (agent) s += ` by ${agent.name}`;
  if (target) s += ` on ${target.name}`;
  if (place) s += ` in ${place}`;
  return s;
}

/** Figures with the sources giving each value, and the kinds where they differ. */
function figuresOf(reports: { article_id: number; figures?: Record<string, string> }[]) {
  const byKind = new Map<string, Map<string, number[]>>();
  for (const r of reports) {
    for (const [kind, value] of Object.entries(r.figures ?? {})) {
      const values = byKind.get(kind) ?? new Map<string, number[]>();
      byKind.set(kind, values);
      values.set(value, [...(values.get(value) ?? []), r.article_id]);
    }
  }
  const figures = [...byKind].map(([kind, values]) => ({ kind, values: [...values].map(([value, article_ids]) => ({ value, article_ids })) }));
  const disagreements: EventDisagreement[] = figures.filter((f) => f.values.length > 1).map((f) => ({ field: f.kind, values: f.values }));
  return { figures, disagreements };
}

function row(
  id: number,
  e: { kind: string; date: string | null; precision: string; first_day: string | null; last_day: string | null; place: number | null; actors: EventActor[] },
  sources: EventSource[],
  figures: { kind: string; values: SourcedValue[] }[],
  disagreements: EventDisagreement[],
): EventRow {
  const place = MOCK_PLACES.find((p) => p.id === e.place) ?? null;
  const first = (kind: string) => {
    const f = figures.find((x) => x.kind === kind);
    const n = f ? Number(f.values[0].value) : NaN;
    return Number.isFinite(n) ? n : null;
  };
  return {
    id,
    kind: e.kind,
    family: FAMILY_OF[e.kind] ?? "violence",
    date: e.date,
    precision: e.precision,
    first_day: e.first_day,
    last_day: e.last_day,
    place_id: place?.id ?? null,
    place_name: place?.name ?? null,
    lat: place?.lat ?? null,
    lon: place?.lon ?? null,
    actors: [...new Set(e.actors.map((a) => a.name))],
    killed: first("killed"),
    injured: first("injured"),
    source_count: new Set(sources.map((s) => s.article_id)).size,
    mention_count: sources.length,
    disagreement_count: disagreements.length,
    summary: summary(e.kind, e.actors, place?.name ?? null),
    user_fields: [],
    manual: false,
  };
}

const KINDS = Object.keys(FAMILY_OF);
const ACTORS = ["United States", "Kataib Hezbollah", "Iraq", "Israel", "Hamas", "Hezbollah", "Islamic State", "Popular Mobilization Forces", "Syria", "Iran", "Turkey", "PKK", "Houthis", "Police", "Protesters"];

/** A small deterministic PRNG, so that generated events are the same on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** Ids of events the user split off or added (kept when the samples are re-indexed). */
const CURATED_BASE = 700001;

export function eventMock(articles: () => ArticleDetail[]) {
  const events = new Map<number, StoredEvent>();
  let nextId = 1;
  let curatedId = CURATED_BASE;

  /** Rebuilds the sample events from the sample articles in the library (called after each import). */
  function index(): void {
    for (const id of [...events.keys()]) if (id < CURATED_BASE) events.delete(id);
    const byName = new Map(articles().map((a) => [a.source_name, a]));
    SAMPLE_EVENTS.forEach((e, i) => {
      const sources: (EventSource & { figures?: Record<string, string> })[] = [];
      for (const r of e.reports) {
        const a = byName.get(r.article);
        if (!a) continue;
        const at = a.text.indexOf(r.sentence);
        const sentenceStart = at >= 0 ? utf8Length(a.text.slice(0, at)) : 0;
        const trig = r.sentence.indexOf(r.trigger);
        const tStart = sentenceStart + utf8Length(r.sentence.slice(0, Math.max(0, trig)));
        sources.push({
          article_id: a.id,
          title: a.title.value,
          outlet: a.outlet?.value ?? null,
          published: a.published?.value ?? null,
          sentence: r.sentence,
          sentence_start: sentenceStart,
          trigger: { start: tStart, end: tStart + utf8Length(r.trigger) },
          mention_key: mentionKey(a.id, tStart),
          figures: r.figures,
        });
      }
      if (!sources.length) return;
      const id = i + 1;
      const { key: _k, reports: _r, ...base } = e;
      events.set(id, build(id, { base, reports: sources, user: {}, manual: false }));
    });
  }

  /**
   * Adds `n` synthetic events (ids from 900001) spread over 2014–2024, with a
   * mix of precisions, 1–4 sources each and now and then a disagreeing toll.
   */
  function generate(n: number, seed = 7): void {
    const rand = rng(seed);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
    const start = Date.UTC(2014, 0, 1);
    const span = Date.UTC(2024, 11, 31) - start;
    for (let i = 0; i < n; i++) {
      const id = 900001 + i;
      const kind = pick(KINDS);
      const day = new Date(start + Math.floor(rand() * (span / 86_400_000)) * 86_400_000);
      const r = rand();
      let date: string, precision: string, first: string, last: string;
      if (r < 0.6) {
        precision = "day";
        date = first = last = iso(day);
      } else if (r < 0.7) {
        precision = "part_of_day";
        date = `${iso(day)}TNI`;
        first = iso(day);
        last = iso(new Date(day.getTime() + 86_400_000));
      } else if (r < 0.8) {
        precision = "month";
        date = iso(day).slice(0, 7);
        first = `${date}-01`;
        last = iso(new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 0)));
      } else if (r < 0.83) {
        precision = "year";
        date = iso(day).slice(0, 4);
        first = `${date}-01-01`;
        last = `${date}-12-31`;
      } else {
        precision = "reported";
        date = last = iso(day);
        first = iso(new Date(day.getTime() - 3 * 86_400_000));
      }
      const place = rand() < 0.8 ? pick(MOCK_PLACES).id : null;
      const agent = pick(ACTORS);
      let target = pick(ACTORS);
      if (target === agent) target = ACTORS[(ACTORS.indexOf(agent) + 1) % ACTORS.length];
      const actors: EventActor[] = [
        { name: agent, role: "agent", entity_id: null },
        ...(rand() < 0.7 ? [{ name: target, role: "target" as const, entity_id: null }] : []),
      ];
      const nSources = 1 + Math.floor(rand() * rand() * 4);
      const violent = FAMILY_OF[kind] === "violence";
      const toll = violent && rand() < 0.6 ? 1 + Math.floor(rand() * 30) : null;
      const disputed = toll != null && nSources > 1 && rand() < 0.25;
      const sources: (EventSource & { figures?: Record<string, string> })[] = [];
      for (let s = 0; s < nSources; s++) {
        const value = toll == null ? undefined : String(disputed && s === nSources - 1 ? toll + 1 + Math.floor(rand() * 5) : toll);
        const sentence = `${kind.replace(/_/g, " ")} reported near ${MOCK_PLACES[(id + s) % MOCK_PLACES.length].name}${value ? `, killing ${value}` : ""}.`;
        sources.push({
          article_id: 100000 + i * 4 + s,
          title: `Generated report ${i + 1}.${s + 1}`,
          outlet: ["Reuters", "AP", "BBC", "Al Jazeera", "VOA"][(i + s) % 5],
          published: last,
          sentence,
          sentence_start: 0,
          trigger: { start: 0, end: utf8Length(kind.replace(/_/g, " ")) },
          mention_key: mentionKey(100000 + i * 4 + s, 0),
          figures: value ? { killed: value } : undefined,
        });
      }
      const base = { kind, date, precision, first_day: first, last_day: last, place, actors };
      events.set(id, build(id, { base, reports: sources, user: {}, manual: false }));
    }
    nextId = Math.max(nextId, 900001 + n);
  }

  function matches(e: StoredEvent, q: TimelineQuery, entityName: (id: number) => string | null): boolean {
    const r = e.row;
    if (q.kind && r.kind !== q.kind && r.family !== q.kind) return false;
    if (q.place_id != null && r.place_id !== q.place_id) return false;
    if (q.from && (r.last_day ?? "") < q.from) return false;
    if (q.to && (r.first_day ?? "9999") > q.to) return false;
    if (q.entity_id != null) {
      const name = entityName(q.entity_id);
      if (!name || !r.actors.some((a) => a === name || a.includes(name))) return false;
    }
    if (q.story_id != null) {
      const ids = new Set(articles().filter((a) => a.story_id === q.story_id).map((a) => a.id));
      if (!e.sources.some((s) => ids.has(s.article_id))) return false;
    }
    return true;
  }

  function handlers(entityName: (id: number) => string | null): Record<string, (args: Record<string, unknown>) => unknown> {
    return {
      timeline: (args): TimelinePage => {
        const q = (args.query ?? {}) as TimelineQuery;
        const all = [...events.values()]
          .filter((e) => matches(e, q, entityName))
          .map((e) => e.row)
          .sort((a, b) => (a.first_day ?? "9999").localeCompare(b.first_day ?? "9999") || a.id - b.id);
        const offset = q.offset ?? 0;
        const limit = q.limit || 10_000;
        return { total: all.length, events: all.slice(offset, offset + limit) };
      },
      get_event: (args): EventDetail => detailOf(get(Number(args.id))),
      curate_event: (args): EventDetail | null => {
        const id = curate(args.op as EventCuration);
        return id == null ? null : detailOf(get(id));
      },
    };
  }

  function get(id: number): StoredEvent {
    const e = events.get(id);
    if (!e) throw { code: "not_found", message: `no event ${String(id)}` };
    return e;
  }

  function detailOf(e: StoredEvent): EventDetail {
    return { event: e.row, sources: e.sources, actors: e.actors, figures: e.figures, disagreements: e.disagreements };
  }

  const invalid = (message: string) => ({ code: "invalid", message });

  /** Applies a curation; the id of the event to show, or null. */
  function curate(op: EventCuration): number | null {
    switch (op.op) {
      case "merge": {
        const ids = [...new Set(op.events)];
        if (ids.length < 2) throw invalid("merge needs two events or more");
        const all = ids.map(get);
        const [keep, ...rest] = all;
        const reports = [...keep.reports];
        const seen = new Set(reports.map((r) => r.mention_key));
        for (const e of rest) for (const r of e.reports) if (!seen.has(r.mention_key)) (seen.add(r.mention_key), reports.push(r));
        const actors = [...keep.base.actors];
        for (const e of rest) for (const a of e.base.actors) if (!actors.some((b) => b.name === a.name && b.role === a.role)) actors.push(a);
        const user = Object.assign({}, ...[...rest].reverse().map((e) => e.user), keep.user) as Record<string, string>;
        for (const id of ids.slice(1)) events.delete(id);
        events.set(ids[0], build(ids[0], { base: { ...keep.base, actors }, reports, user, manual: all.some((e) => e.manual) }));
        return ids[0];
      }
      case "split": {
        const e = get(op.event);
        const keys = new Set(op.mentions);
        const out = e.reports.filter((r) => keys.has(r.mention_key));
        const stay = e.reports.filter((r) => !keys.has(r.mention_key));
        if (!out.length || !stay.length) throw invalid("choose some, not all, of the event's mentions");
        const id = curatedId++;
        events.set(id, build(id, { base: e.base, reports: out, user: {}, manual: false }));
        events.set(op.event, build(op.event, { ...e, reports: stay }));
        // As the core: the event of the first key named, i.e. the one split off.
        return id;
      }
      case "edit": {
        const e = get(op.event);
        const user = { ...e.user };
        if (op.value == null) delete user[op.field];
        else {
          const v = op.value.trim();
          // As the core: a known kind, an ISO date, a whole number, anything else not empty.
          const ok =
            op.field === "kind" ? !!FAMILY_OF[v] : op.field === "date" ? !!isoDateRange(v) : op.field === "killed" || op.field === "injured" ? /^\d+$/.test(v) : v !== "";
          if (!ok) throw invalid(`'${op.value}' is not a valid ${op.field}`);
          user[op.field] = v;
        }
        events.set(op.event, build(op.event, { ...e, user }));
        return op.event;
      }
      case "add": {
        const range = isoDateRange(op.date);
        if (!FAMILY_OF[op.kind]) throw invalid(`not a kind: ${op.kind}`);
        if (!range) throw invalid(`not a date: ${op.date}`);
        const byId = new Map(articles().map((a) => [a.id, a]));
        const reports: Report[] = op.article_ids.map((aid) => {
          const a = byId.get(aid);
          if (!a) throw invalid(`no article ${aid}`);
          const sentence = a.text.split("\n").find((l) => l.trim()) ?? a.title.value;
          return { article_id: aid, title: a.title.value, outlet: a.outlet?.value ?? null, published: a.published?.value ?? null, sentence, sentence_start: 0, trigger: { start: 0, end: 0 }, mention_key: `manual:${curatedId}:${aid}` };
        });
        const user: Record<string, string> = { kind: op.kind, date: op.date, summary: op.summary.trim() || summary(op.kind, [], op.place) };
        if (op.place != null) user.place = op.place;
        if (op.killed != null) user.killed = String(op.killed);
        if (op.injured != null) user.injured = String(op.injured);
        const id = curatedId++;
        events.set(id, build(id, { base: { kind: op.kind, date: op.date, ...range, place: null, actors: [] }, reports, user, manual: true }));
        return id;
      }
    }
  }

  return { index, generate, handlers, events };
}
