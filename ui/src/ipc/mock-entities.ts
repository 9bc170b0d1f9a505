// The entity commands of the in-memory mock backend: a small fixed list of
// names found in the mock articles by plain matching, with the same curation
// operations (and undo) as the core, so the Entities view can be exercised in
// unit tests and in a plain browser.

import type {
  Alias,
  ArticleAnnotations,
  ArticleDetail,
  ArticleTimex,
  Curation,
  CurationEntry,
  EntityDetail,
  EntityKind,
  EntityPage,
  EntityQuery,
  EntityRow,
  MentionInContext,
} from "./types";
import { utf8Length } from "../lib/utf8";

interface MockEntity {
  id: number;
  name: string;
  kind: EntityKind;
  name_source: "text" | "user";
  kind_source: "text" | "user";
  aliases: Alias[];
}

interface MockMention {
  mention_id: number;
  article_id: number;
  start: number;
  end: number;
  entity_id: number | null;
  surface: string;
}

const KNOWN: [string, EntityKind, string[]][] = [
  ["Iraq", "LOC", []],
  ["Baghdad", "LOC", []],
  ["Kataib Hezbollah", "ORG", []],
  ["Popular Mobilization Forces", "ORG", ["PMF"]],
  ["United States Central Command", "ORG", ["CENTCOM"]],
  ["United States", "LOC", ["U.S.", "US"]],
  ["Hillah", "LOC", []],
  ["Zumar", "LOC", []],
  ["Nineveh", "LOC", []],
  ["Mosul", "LOC", []],
  ["Makhmour", "LOC", []],
  ["Iran", "LOC", []],
];

const TIMES: [RegExp, ArticleTimex["kind"], string][] = [
  [/\bovernight\b/g, "DATE", "2023-11-21TNI"],
  [/\bsince Tuesday\b/g, "DATE", "2023-11-21"],
  [/\bWednesday\b/g, "DATE", "2023-11-22"],
  [/\bLast night\b/g, "DATE", "XXXX-XX-XXTNI"],
];

const key = (s: string) => s.toLowerCase().replace(/\./g, "").replace(/[-\s]+/g, " ").trim();

export function entityMock(articles: () => ArticleDetail[]) {
  let entities = new Map<number, MockEntity>();
  let mentions: MockMention[] = [];
  let killed = new Set<string>();
  const undo: { description: string; at: string; state: string }[] = [];
  let nextEntity = 1;
  let nextMention = 1;

  function entityFor(surface: string, kind: EntityKind): MockEntity | null {
    const k = key(surface);
    if (killed.has(k)) return null;
    for (const e of entities.values()) if (e.aliases.some((a) => a.key === k)) return e;
    const e: MockEntity = { id: nextEntity++, name: surface, kind, name_source: "text", kind_source: "text", aliases: [{ alias: surface, key: k, strength: "name" }] };
    entities.set(e.id, e);
    return e;
  }

  /** Finds the known names in a newly added article. */
  function index(d: ArticleDetail): void {
    const taken: [number, number][] = [];
    for (const [name, kind, aliases] of KNOWN) {
      for (const surface of [name, ...aliases]) {
        const re = new RegExp(`(?<![\\w.])${surface.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w])`, "g");
        for (let m = re.exec(d.text); m; m = re.exec(d.text)) {
          const s = m.index;
          const e = s + surface.length;
          if (taken.some(([a, b]) => s < b && e > a)) continue;
          taken.push([s, e]);
          const canonical = entityFor(name, kind);
          if (canonical && !canonical.aliases.some((a) => a.key === key(surface))) canonical.aliases.push({ alias: surface, key: key(surface), strength: "name" });
          const start = utf8Length(d.text.slice(0, s));
          mentions.push({ mention_id: nextMention++, article_id: d.id, start, end: start + utf8Length(surface), entity_id: canonical?.id ?? null, surface });
        }
      }
    }
  }

  function row(e: MockEntity): EntityRow {
    const mine = mentions.filter((m) => m.entity_id === e.id);
    const dates = [...new Set(mine.map((m) => articles().find((a) => a.id === m.article_id)?.published?.value ?? ""))].filter(Boolean).sort();
    return {
      id: e.id,
      name: e.name,
      kind: e.kind,
      mention_count: mine.length,
      article_count: new Set(mine.map((m) => m.article_id)).size,
      first_seen: dates[0] ?? null,
      last_seen: dates[dates.length - 1] ?? null,
    };
  }

  function detail(id: number): EntityDetail {
    const e = entities.get(id);
    if (!e) throw { code: "not_found", message: `no entity with id ${id}` };
    const mine = new Set(mentions.filter((m) => m.entity_id === id).map((m) => m.article_id));
    const shared = new Map<number, Set<number>>();
    for (const m of mentions) {
      if (m.entity_id === null || m.entity_id === id || !mine.has(m.article_id)) continue;
      if (!shared.has(m.entity_id)) shared.set(m.entity_id, new Set());
      shared.get(m.entity_id)!.add(m.article_id);
    }
    const related = [...shared].map(([rid, arts]) => [row(entities.get(rid)!), arts.size] as [EntityRow, number]).sort((a, b) => b[1] - a[1]);
    return { entity: row(e), name_source: e.name_source, kind_source: e.kind_source, aliases: e.aliases, related };
  }

  function snapshot(description: string): void {
    undo.push({ description, at: "2026-11-23T20:00:00Z", state: JSON.stringify({ entities: [...entities.values()], mentions, killed: [...killed] }) });
  }

  function curate(op: Curation): EntityDetail | null {
    const get = (id: number) => {
      const e = entities.get(id);
      if (!e) throw { code: "not_found", message: `no entity with id ${id}` };
      return e;
    };
    switch (op.op) {
      case "rename": {
        const e = get(op.entity);
        snapshot(`rename '${e.name}' to '${op.name}'`);
        e.name = op.name;
        e.name_source = "user";
        e.aliases.push({ alias: op.name, key: key(op.name), strength: "user" });
        return detail(e.id);
      }
      case "set_kind": {
        const e = get(op.entity);
        snapshot(`make '${e.name}' ${op.kind}`);
        e.kind = op.kind;
        e.kind_source = "user";
        return detail(e.id);
      }
      case "merge": {
        const into = get(op.into);
        snapshot(`merge ${op.from.map((f) => `'${get(f).name}'`).join(", ")} into '${into.name}'`);
        for (const f of op.from) {
          into.aliases.push(...get(f).aliases.map((a) => ({ ...a, strength: "user" as const })));
          for (const m of mentions) if (m.entity_id === f) m.entity_id = into.id;
          entities.delete(f);
        }
        return detail(into.id);
      }
      case "split": {
        const e = get(op.entity);
        snapshot(`split ${op.mentions.length} mention(s) of '${e.name}' into '${op.name}'`);
        const created: MockEntity = { id: nextEntity++, name: op.name, kind: e.kind, name_source: "user", kind_source: "text", aliases: [{ alias: op.name, key: key(op.name), strength: "user" }] };
        entities.set(created.id, created);
        for (const m of mentions) if (op.mentions.includes(m.mention_id) && m.entity_id === e.id) m.entity_id = created.id;
        return detail(created.id);
      }
      case "delete": {
        const e = get(op.entity);
        snapshot(`delete '${e.name}'`);
        for (const a of e.aliases) killed.add(a.key);
        for (const m of mentions) if (m.entity_id === e.id) m.entity_id = null;
        entities.delete(e.id);
        return null;
      }
      case "add_alias": {
        const e = get(op.entity);
        snapshot(`add alias '${op.alias}' to '${e.name}'`);
        const k = key(op.alias);
        e.aliases.push({ alias: op.alias, key: k, strength: "user" });
        for (const m of mentions) if (key(m.surface) === k) m.entity_id = e.id;
        killed.delete(k);
        return detail(e.id);
      }
    }
  }

  const handlers: Record<string, (args: Record<string, unknown>) => unknown> = {
    list_entities: ({ query }): EntityPage => {
      const q = query as EntityQuery;
      const text = key(q.text ?? "");
      const sorts: Record<string, (a: EntityRow, b: EntityRow) => number> = {
        mentions: (a, b) => b.mention_count - a.mention_count || a.id - b.id,
        articles: (a, b) => b.article_count - a.article_count || b.mention_count - a.mention_count,
        name: (a, b) => a.name.localeCompare(b.name),
        first_seen: (a, b) => (a.first_seen ?? "9").localeCompare(b.first_seen ?? "9"),
        last_seen: (a, b) => (b.last_seen ?? "").localeCompare(a.last_seen ?? ""),
      };
      const rows = [...entities.values()]
        .filter((e) => !q.kind || e.kind === q.kind)
        .filter((e) => !text || key(e.name).includes(text) || e.aliases.some((a) => a.key.startsWith(text)))
        .map(row)
        .filter((r) => r.mention_count > 0)
        .sort(sorts[q.sort ?? "mentions"]);
      const offset = q.offset ?? 0;
      return { total: rows.length, offset, rows: rows.slice(offset, offset + (q.limit || 100)) };
    },
    get_entity: ({ id }) => detail(id as number),
    entity_mentions: ({ id, offset, limit }): MentionInContext[] =>
      mentions
        .filter((m) => m.entity_id === id)
        .slice(offset as number, (offset as number) + (limit as number))
        .map((m) => {
          const d = articles().find((a) => a.id === m.article_id)!;
          return { mention_id: m.mention_id, article_id: d.id, title: d.title.value, outlet: d.outlet?.value ?? null, published: d.published?.value ?? null, sentence: d.text, sentence_start: 0, span: { start: m.start, end: m.end } };
        }),
    curate_entity: ({ op }) => curate(op as Curation),
    // The mock's articles are always analysed by the current version.
    reanalyse_library: () => 0,
    undo_curation: () => {
      const last = undo.pop();
      if (!last) throw { code: "invalid_input", message: "nothing to undo" };
      const state = JSON.parse(last.state) as { entities: MockEntity[]; mentions: MockMention[]; killed: string[] };
      entities = new Map(state.entities.map((e) => [e.id, e]));
      mentions = state.mentions;
      killed = new Set(state.killed);
      return last.description;
    },
    curation_history: (): CurationEntry[] => [...undo].reverse().map((u, i) => ({ id: undo.length - i, description: u.description, at: u.at })),
    article_annotations: ({ id }): ArticleAnnotations => {
      const d = articles().find((a) => a.id === id);
      if (!d) throw { code: "not_found", message: `no article ${id}` };
      const timexes: ArticleTimex[] = [];
      for (const [re, kind, value] of TIMES) {
        for (const m of d.text.matchAll(re)) {
          const start = utf8Length(d.text.slice(0, m.index));
          timexes.push({ span: { start, end: start + utf8Length(m[0]) }, kind, value, first_day: null, last_day: null });
        }
      }
      return {
        mentions: mentions
          .filter((m) => m.article_id === id)
          .map((m) => {
            const e = m.entity_id === null ? null : entities.get(m.entity_id) ?? null;
            return { mention_id: m.mention_id, span: { start: m.start, end: m.end }, label: e?.kind ?? "MISC", entity_id: e?.id ?? null, entity_name: e?.name ?? null, entity_kind: e?.kind ?? null };
          }),
        timexes,
      };
    },
  };

  return { index, handlers, mentionsOf: (articleId: number) => mentions.filter((m) => m.article_id === articleId) };
}
