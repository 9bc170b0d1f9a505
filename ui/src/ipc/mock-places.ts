// The place commands of the in-memory mock backend: a tiny gazetteer matched
// against the mock articles by plain name matching, filters by time window,
// entity and story, candidates for a name and the user's corrections (another
// entry or a pin), so the Map view works in unit tests and in a plain browser.
// Generated articles (`#generate=N`) each get a synthetic place, to try the
// map with thousands of places.

import type {
  ArticleDetail,
  ArticleRow,
  EventRow,
  GeoTimeFilter,
  PlaceCandidate,
  PlaceCorrection,
  PlaceDetail,
  PlaceDoubt,
  PlaceRow,
} from "./types";

interface Entry extends Omit<PlaceCandidate, "division"> {
  aliases: string[];
  division?: string;
}

const GAZETTEER: Entry[] = [
  { entry: 1, name: "Baghdad", country: "IQ", kind: "city", lat: 33.31, lon: 44.37, population: 7216000, aliases: [] },
  { entry: 2, name: "Baghdad Governorate", country: "IQ", kind: "admin1", lat: 33.33, lon: 44.43, population: 8126755, aliases: ["Baghdad"] },
  { entry: 3, name: "Hillah", division: "Babil", country: "IQ", kind: "city", lat: 32.48, lon: 44.42, population: 289709, aliases: ["al-Hillah", "Al Hillah", "Hilla"] },
  { entry: 4, name: "Erbil", country: "IQ", kind: "city", lat: 36.19, lon: 44.01, population: 932800, aliases: ["Arbil", "Irbil"] },
  { entry: 5, name: "Erbil Governorate", country: "IQ", kind: "admin1", lat: 36.4, lon: 44.3, population: 1854778, aliases: ["Erbil"] },
  { entry: 6, name: "Erbil Airport", country: "IQ", kind: "landmark", lat: 36.24, lon: 43.96, population: 0, aliases: ["Erbil airport", "Erbil International Airport"] },
  { entry: 7, name: "Mosul", division: "Nineveh", country: "IQ", kind: "city", lat: 36.34, lon: 43.13, population: 1739800, aliases: [] },
  { entry: 8, name: "Zumar", country: "IQ", kind: "city", lat: 36.63, lon: 42.55, population: 20000, aliases: [] },
  { entry: 9, name: "Makhmour", country: "IQ", kind: "city", lat: 35.78, lon: 43.58, population: 30000, aliases: ["Makhmur"] },
  { entry: 10, name: "Jurf al-Sakhar", country: "IQ", kind: "city", lat: 32.87, lon: 44.17, population: 0, aliases: ["Jurf al-Nasr", "Jurf Al Sakhar"] },
  { entry: 11, name: "Kirkuk", country: "IQ", kind: "city", lat: 35.47, lon: 44.39, population: 601433, aliases: [] },
  { entry: 12, name: "Kirkuk Governorate", country: "IQ", kind: "admin1", lat: 35.33, lon: 44.1, population: 1597876, aliases: ["Kirkuk"] },
  { entry: 13, name: "Gaza", country: "PS", kind: "city", lat: 31.5, lon: 34.47, population: 410000, aliases: ["Gaza City"] },
  { entry: 14, name: "Gaza Strip", country: "PS", kind: "region", lat: 31.42, lon: 34.37, population: 2098000, aliases: ["Gaza"] },
  { entry: 15, name: "Nineveh Governorate", country: "IQ", kind: "admin1", lat: 36.22, lon: 42.45, population: 3729998, aliases: ["Nineveh", "Ninawa"] },
  { entry: 16, name: "Ain al-Asad Air Base", country: "IQ", kind: "landmark", lat: 33.8, lon: 42.44, population: 0, aliases: ["Ain al-Asad", "Al Asad Airbase"] },
  { entry: 17, name: "Iraq", country: "IQ", kind: "country", lat: 33, lon: 44, population: 40000000, aliases: [] },
  { entry: 18, name: "Iran", country: "IR", kind: "country", lat: 32, lon: 53, population: 84000000, aliases: [] },
  { entry: 19, name: "Syria", country: "SY", kind: "country", lat: 35, lon: 38.5, population: 17500000, aliases: [] },
  { entry: 20, name: "Nineveh", division: "Nineveh", country: "IQ", kind: "landmark", lat: 36.36, lon: 43.15, population: 0, aliases: ["Nineveh"] },
];

/** Names the mock resolves by default (the most likely entry for each written form). */
const DEFAULT: Record<string, number> = {
  Baghdad: 1,
  Hillah: 3,
  "al-Hillah": 3,
  Erbil: 4,
  "Erbil Airport": 6,
  "Erbil airport": 6,
  Mosul: 7,
  Zumar: 8,
  Makhmour: 9,
  "Jurf al-Sakhar": 10,
  Kirkuk: 11,
  Gaza: 13,
  Nineveh: 15,
  "Ain al-Asad": 16,
  Iraq: 17,
  Iran: 18,
  Syria: 19,
};

/**
 * Names the mock holds as doubtful, as the core holds a guess it is unsure of:
 * off the map, listed for the user, until corrected. (The real resolver is
 * sure of "Nineveh province"; the mock needs one doubt to show the panel.)
 */
const DOUBTFUL = new Set(["Nineveh"]);

/** Fixed events, shown when their place is in the library. */
const EVENTS: (Omit<EventRow, "place_id" | "lat" | "lon" | "source_count"> & { entry: number; articles: string[] })[] = [
  {
    id: 1,
    kind: "airstrike",
    family: "violence",
    date: "2023-11-21TNI",
    precision: "part_of_day",
    first_day: "2023-11-21",
    last_day: "2023-11-22",
    place_name: "Baghdad",
    actors: ["United States", "Kataib Hezbollah"],
    killed: 8,
    injured: null,
    mention_count: 4,
    disagreement_count: 0,
    summary: "US airstrikes south of Baghdad killed eight Kataib Hezbollah members",
    entry: 1,
    articles: ["000_0de35cad8aa68667.txt", "001_70233f100cf7bd15.txt"],
  },
  {
    id: 2,
    kind: "airstrike",
    family: "violence",
    date: "2023-12-25TNI",
    precision: "part_of_day",
    first_day: "2023-12-25",
    last_day: "2023-12-26",
    place_name: "Hillah",
    actors: ["United States", "Kataib Hezbollah"],
    killed: null,
    injured: null,
    mention_count: 2,
    disagreement_count: 0,
    summary: "American airstrike on Kataib Hezbollah headquarters in Hillah",
    entry: 3,
    articles: ["003_01e3faa3e6340277.txt"],
  },
];

const PIN_BASE = 900_000;
const GENERATED_BASE = 500_000;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Longest names first: "Erbil Airport" is not also "Erbil". */
const PATTERNS: [string, RegExp][] = Object.keys(DEFAULT)
  .sort((a, b) => b.length - a.length)
  .map((name) => [name, new RegExp(`(?<![\\w-])${escapeRe(name)}(?![\\w-])`, "g")]);

/** Where a generated article's synthetic place is: spread over the Middle East, stable per index. */
function generatedPlace(i: number): PlaceRow {
  const k = i % 4000;
  const rand = (seed: number) => {
    const x = Math.sin(seed * 12.9898 + 78.233) * 43758.5453;
    return x - Math.floor(x);
  };
  return {
    id: GENERATED_BASE + k,
    name: `Site ${k + 1}`,
    country: "",
    kind: "city",
    lat: Math.round((24 + rand(k + 1) * 18) * 1000) / 1000,
    lon: Math.round((30 + rand(k + 7001) * 28) * 1000) / 1000,
    mention_count: 0,
    article_count: 0,
    event_count: 0,
  };
}

export function placeMock(
  articles: () => ArticleDetail[],
  row: (d: ArticleDetail) => ArticleRow,
  mentionsOf: (articleId: number) => { entity_id: number | null }[],
) {
  /** The user's choices, by written name. */
  const corrections = new Map<string, { entry: number } | { pin: PlaceRow }>();
  let nextPin = PIN_BASE;
  /** Names the user says are not places. */
  const dismissed = new Set<string>();

  function resolve(name: string): PlaceRow | null {
    if (dismissed.has(name)) return null;
    const c = corrections.get(name);
    if (!c && DOUBTFUL.has(name)) return null;
    if (c && "pin" in c) return { ...c.pin, mention_count: 0, article_count: 0, event_count: 0 };
    const id = c ? c.entry : DEFAULT[name];
    const e = GAZETTEER.find((g) => g.entry === id);
    if (!e) return null;
    return { id: e.entry, name: e.name, country: e.country, kind: e.kind, lat: e.lat, lon: e.lon, mention_count: 0, article_count: 0, event_count: 0 };
  }

  function inWindow(day: string | null | undefined, f: GeoTimeFilter): boolean {
    if (f.from && (!day || day < f.from)) return false;
    if (f.to && (!day || day > f.to)) return false;
    return true;
  }

  function selected(f: GeoTimeFilter): ArticleDetail[] {
    return articles()
      .filter((d) => inWindow(d.published?.value?.slice(0, 10), f))
      .filter((d) => f.story_id == null || d.story_id === f.story_id)
      .filter((d) => f.entity_id == null || mentionsOf(d.id).some((m) => m.entity_id === f.entity_id));
  }

  interface Tally {
    place: PlaceRow;
    names: Set<string>;
    articles: Set<number>;
    events: EventRow[];
  }

  function tally(f: GeoTimeFilter): Map<number, Tally> {
    const out = new Map<number, Tally>();
    const bump = (place: PlaceRow, name: string, articleId: number, n: number) => {
      let t = out.get(place.id);
      if (!t) out.set(place.id, (t = { place, names: new Set(), articles: new Set(), events: [] }));
      t.place.mention_count += n;
      t.names.add(name);
      t.articles.add(articleId);
    };
    const chosen = selected(f);
    for (const d of chosen) {
      const gen = /^generated-(\d+)\./.exec(d.source_name);
      if (gen) {
        const p = generatedPlace(Number(gen[1]));
        bump(out.get(p.id)?.place ?? p, p.name, d.id, 1);
        continue;
      }
      let text = d.text;
      for (const [name, re] of PATTERNS) {
        const n = text.match(re)?.length ?? 0;
        if (!n) continue;
        text = text.replace(re, (m) => " ".repeat(m.length));
        const place = resolve(name);
        if (place) bump(out.get(place.id)?.place ?? place, name, d.id, n);
      }
    }
    const sourceNames = new Set(chosen.map((d) => d.source_name));
    for (const ev of EVENTS) {
      const sources = ev.articles.filter((n) => sourceNames.has(n));
      if (!sources.length) continue;
      if (f.from && (ev.last_day ?? "") < f.from) continue;
      if (f.to && (ev.first_day ?? "9999") > f.to) continue;
      const place = [...out.values()].find((t) => [...t.names].includes(ev.place_name ?? ""))?.place;
      if (!place) continue;
      const { entry: _entry, articles: _articles, ...rest } = ev;
      out.get(place.id)!.events.push({ ...rest, place_id: place.id, lat: place.lat, lon: place.lon, source_count: sources.length });
    }
    for (const t of out.values()) {
      t.place.article_count = t.articles.size;
      t.place.event_count = t.events.length;
    }
    return out;
  }

  function find(id: number): Tally {
    const t = tally({}).get(id);
    if (!t) throw { code: "not_found", message: `no place ${id}` };
    return t;
  }

  const handlers: Record<string, (args: Record<string, unknown>) => unknown> = {
    list_places: ({ query }): PlaceRow[] => [...tally((query ?? {}) as GeoTimeFilter).values()].map((t) => t.place),
    get_place: ({ id, query }): PlaceDetail => {
      const all = find(id as number);
      const t = tally((query ?? {}) as GeoTimeFilter).get(id as number);
      const byId = new Map(articles().map((d) => [d.id, d]));
      return {
        place: t?.place ?? { ...all.place, mention_count: 0, article_count: 0, event_count: 0 },
        names: [...all.names],
        user_corrected: [...all.names].some((n) => corrections.has(n)),
        articles: [...(t?.articles ?? [])].map((a) => row(byId.get(a)!)),
        events: t?.events ?? [],
      };
    },
    place_candidates: ({ id }): PlaceCandidate[] => {
      const t = find(id as number);
      const names = new Set([...t.names].map((n) => n.toLowerCase()));
      return GAZETTEER.filter((g) => g.entry !== id && [g.name, ...g.aliases].some((n) => names.has(n.toLowerCase())))
        .sort((a, b) => b.population - a.population)
        .map(({ aliases: _aliases, ...c }) => ({ division: "", ...c }));
    },
    place_doubts: ({ limit }): PlaceDoubt[] => {
      const out: PlaceDoubt[] = [];
      for (const name of DOUBTFUL) {
        if (corrections.has(name) || dismissed.has(name)) continue;
        const re = PATTERNS.find(([n]) => n === name)![1];
        const hits = articles()
          .map((d) => ({ d, n: d.text.match(re)?.length ?? 0 }))
          .filter((x) => x.n > 0);
        if (!hits.length) continue;
        const first = hits[0].d;
        const once = new RegExp(re.source);
        const sentence = first.text.split(/(?<=[.!?])\s+|\n+/).find((s) => once.test(s)) ?? "";
        const guess = DEFAULT[name];
        const candidates = GAZETTEER.filter((g) => [g.name, ...g.aliases].includes(name))
          .sort((a, b) => Number(b.entry === guess) - Number(a.entry === guess) || b.population - a.population)
          .map(({ aliases: _aliases, ...c }) => ({ division: "", ...c }));
        out.push({
          name,
          mention_count: hits.reduce((s, x) => s + x.n, 0),
          article_count: hits.length,
          guess,
          candidates,
          example: { article_id: first.id, title: first.title.value, sentence: sentence.trim() },
        });
      }
      return out.slice(0, (limit as number) ?? 100);
    },
    dismiss_place_name: ({ name }): number => {
      const n = name as string;
      const re = PATTERNS.find(([written]) => written === n)?.[1];
      const mentions = re ? articles().reduce((s, d) => s + (d.text.match(re)?.length ?? 0), 0) : 0;
      dismissed.add(n);
      corrections.delete(n);
      return mentions;
    },
    /** Returns the id of the place the name now points to, as the core does. */
    correct_place: ({ correction }): number => {
      const c = correction as PlaceCorrection;
      if (!(c.name in DEFAULT)) throw { code: "not_found", message: `no place is written “${c.name}”` };
      dismissed.delete(c.name);
      if ("entry" in c) {
        if (!GAZETTEER.some((g) => g.entry === c.entry)) throw { code: "not_found", message: `no gazetteer entry ${c.entry}` };
        corrections.set(c.name, { entry: c.entry });
        return c.entry;
      } else {
        if (!(Math.abs(c.lat) <= 90 && Math.abs(c.lon) <= 180)) throw { code: "invalid", message: "a pin must be on the map" };
        const id = nextPin++;
        corrections.set(c.name, {
          pin: { id, name: c.label || c.name, country: "", kind: "pin", lat: c.lat, lon: c.lon, mention_count: 0, article_count: 0, event_count: 0 },
        });
        return id;
      }
    },
  };
  return { handlers };
}
