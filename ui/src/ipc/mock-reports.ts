// The report commands of the in-memory mock backend: `preview_report` writes
// a small report shaped like the core's (crates/dossier-api/src/report/html.rs:
// a <style>, a <main> of sections, inline SVG drawings, citations [n] linking
// to #src-n, events #ev-n) from the mock's own articles, events and places;
// `export_report` pretends to save where a dialog would have put the file;
// `open_export` does nothing. It is a string for the preview to parse, so
// everything from an article is escaped here as the core escapes it.

import type {
  ArticleDetail,
  ArticleRow,
  EntityDetail,
  EventDetail,
  EventRow,
  ExportRequest,
  PlaceRow,
  ReportPreview,
  ReportRequest,
  SavedExport,
  TimelinePage,
} from "./types";

export interface ReportMockContext {
  articles(): ArticleDetail[];
  row(d: ArticleDetail): ArticleRow;
  /** Another mock command (timeline, get_event, list_places, get_entity). */
  call(command: string, args: Record<string, unknown>): unknown;
  mentionsOf(articleId: number): { entity_id: number | null }[];
}

const STYLE = `
:root { color-scheme: light; }
body { font: 15px/1.5 "DejaVu Sans", Helvetica, Arial, sans-serif; color: #222b33; margin: 0; background: #f6f7f9; }
main { max-width: 960px; margin: 0 auto; padding: 32px 40px 64px; background: #fff; }
h1 { font-size: 28px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 2px solid #222b33; }
h3 { font-size: 16px; margin: 18px 0 4px; }
.scope { font-size: 16px; color: #3d4650; margin: 0; }
.meta, .muted { color: #6b7280; font-size: 13px; }
nav { margin: 16px 0 0; font-size: 13px; }
nav a { margin-right: 14px; }
a { color: #1f5f99; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 8px 0; }
th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid #e3e6ea; }
th { background: #f1f3f5; font-weight: 600; }
td.num { text-align: right; white-space: nowrap; }
.quote { color: #4b5563; font-style: italic; margin-top: 2px; }
figure { margin: 12px 0; }
figure svg { max-width: 100%; height: auto; border: 1px solid #e3e6ea; }
figcaption { font-size: 12px; color: #6b7280; }
.family { display: inline-block; width: 9px; height: 9px; border-radius: 50%; margin-right: 5px; background: #6b7280; }
.fam-violence { background: #c0392b; } .fam-statement { background: #2471a3; }
.profile { border: 1px solid #e3e6ea; border-radius: 6px; padding: 10px 14px; margin: 10px 0; }
.profile h3 { margin-top: 0; }
.kind { font-size: 12px; color: #6b7280; font-weight: normal; }
ol.sources li { margin: 4px 0; }
ol.sources li:target { background: #fff7d6; }
.cite a { text-decoration: none; }
`;

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function day(iso: string | null): string {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})/.exec(iso) : null;
  return m ? `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}` : "undated";
}

function dayNumber(iso: string): number {
  const [y, m, d] = iso.slice(0, 10).split("-").map(Number);
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

function stem(title: string): string {
  const s = title.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/g, "").slice(0, 60);
  return s || "dossier-report";
}

const EXTENSIONS: Record<string, string> = { html: "html", pdf: "pdf", md: "md", docx: "docx", csv: "csv", json: "json", geojson: "geojson", ris: "ris", bibtex: "bib", csljson: "json" };

export function reportMock(ctx: ReportMockContext) {
  function gather(req: ReportRequest) {
    const sel = req.selection ?? {};
    const q = sel.query?.trim().toLowerCase().replace(/^"|"$/g, "");
    const articles = ctx
      .articles()
      .filter((d) => !q || d.text.toLowerCase().includes(q) || d.title.value.toLowerCase().includes(q))
      .filter((d) => sel.story_id == null || d.story_id === sel.story_id)
      .filter((d) => sel.entity_id == null || ctx.mentionsOf(d.id).some((m) => m.entity_id === sel.entity_id))
      .filter((d) => !sel.from || (d.published?.value ?? "") >= sel.from)
      .filter((d) => !sel.to || (d.published?.value ?? "9999") <= `${sel.to}\uffff`)
      .sort((a, b) => (a.published?.value ?? "").localeCompare(b.published?.value ?? "") || a.id - b.id);
    const ids = new Set(articles.map((a) => a.id));
    const page = ctx.call("timeline", { query: { from: sel.from ?? null, to: sel.to ?? null, entity_id: sel.entity_id ?? null, story_id: sel.story_id ?? null } }) as TimelinePage;
    const events: { row: EventRow; detail: EventDetail; cites: number[] }[] = [];
    const sources: ArticleDetail[] = [];
    const cite = (id: number) => {
      let i = sources.findIndex((s) => s.id === id);
      if (i < 0) {
        const a = articles.find((x) => x.id === id);
        if (!a) return null;
        sources.push(a);
        i = sources.length - 1;
      }
      return i + 1;
    };
    for (const row of page.events) {
      const detail = ctx.call("get_event", { id: row.id }) as EventDetail;
      const cites = [...new Set(detail.sources.filter((s) => ids.has(s.article_id)).map((s) => cite(s.article_id)!))].sort((a, b) => a - b);
      if (cites.length) events.push({ row, detail, cites });
    }
    for (const a of articles) cite(a.id);
    const places = (ctx.call("list_places", { query: { from: sel.from ?? null, to: sel.to ?? null, entity_id: sel.entity_id ?? null, story_id: sel.story_id ?? null } }) as PlaceRow[])
      .filter((p) => p.mention_count > 0)
      .sort((a, b) => b.mention_count - a.mention_count);
    const counts = new Map<number, number>();
    for (const a of articles) for (const m of ctx.mentionsOf(a.id)) if (m.entity_id != null) counts.set(m.entity_id, (counts.get(m.entity_id) ?? 0) + 1);
    const profiles = [...counts]
      .sort((x, y) => y[1] - x[1])
      .slice(0, req.max_entities || 6)
      .map(([id, n]) => ({ detail: ctx.call("get_entity", { id }) as EntityDetail, mentions: n }));
    return { articles, events, sources, places, profiles, entityCount: counts.size };
  }

  function scopeOf(req: ReportRequest): string {
    const s = req.selection ?? {};
    const parts: string[] = [];
    if (s.query) parts.push(`Search “${s.query}”`);
    if (s.story_id != null) parts.push(`Story ${s.story_id}`);
    if (s.entity_id != null) {
      try {
        parts.push(`Entity ${(ctx.call("get_entity", { id: s.entity_id }) as EntityDetail).entity.name}`);
      } catch {
        parts.push(`Entity ${s.entity_id}`);
      }
    }
    if (s.from || s.to) parts.push(`${s.from ?? "…"} to ${s.to ?? "…"}`);
    return parts.length ? parts.join(", ") : "The whole library";
  }

  function timelineSvg(events: { row: EventRow }[]): string {
    const dated = events.filter((e) => e.row.first_day);
    if (!dated.length) return "";
    const days = dated.map((e) => dayNumber(e.row.first_day!));
    const lo = Math.min(...days) - 1;
    const hi = Math.max(...days) + 1;
    const x = (d: number) => 40 + ((d - lo) / (hi - lo)) * 800;
    const marks = dated
      .map((e, i) => {
        const cx = x(dayNumber(e.row.first_day!)).toFixed(1);
        const cy = 50 + (i % 4) * 22;
        const fill = e.row.family === "violence" ? "#c0392b" : "#2471a3";
        return `<line x1="${cx}" y1="${cy}" x2="${cx}" y2="150" stroke="#c9ced6"/><circle cx="${cx}" cy="${cy}" r="6" fill="${fill}"/><text x="${Number(cx) + 9}" y="${cy + 4}" font-size="11" fill="#222b33">E${i + 1}</text>`;
      })
      .join("");
    return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 880 180" width="880" height="180" role="img" aria-label="Timeline of events"><rect width="880" height="180" fill="#ffffff"/><line x1="40" y1="150" x2="840" y2="150" stroke="#222b33"/><text x="40" y="170" font-size="11" fill="#6b7280">${esc(day(dated[0].row.first_day))}</text><text x="840" y="170" font-size="11" fill="#6b7280" text-anchor="end">${esc(day(dated[dated.length - 1].row.first_day))}</text>${marks}</svg>`;
  }

  function mapSvg(places: PlaceRow[]): string {
    if (!places.length) return "";
    const lats = places.map((p) => p.lat);
    const lons = places.map((p) => p.lon);
    const [minLat, maxLat, minLon, maxLon] = [Math.min(...lats) - 1, Math.max(...lats) + 1, Math.min(...lons) - 1, Math.max(...lons) + 1];
    const x = (lon: number) => 20 + ((lon - minLon) / (maxLon - minLon || 1)) * 840;
    const y = (lat: number) => 20 + ((maxLat - lat) / (maxLat - minLat || 1)) * 380;
    const marks = places
      .map((p) => `<circle cx="${x(p.lon).toFixed(1)}" cy="${y(p.lat).toFixed(1)}" r="${(4 + Math.sqrt(p.mention_count) * 3).toFixed(1)}" fill="#c0392b" fill-opacity="0.55" stroke="#7b241c"/><text x="${(x(p.lon) + 10).toFixed(1)}" y="${(y(p.lat) + 4).toFixed(1)}" font-size="12" fill="#222b33">${esc(p.name)}</text>`)
      .join("");
    return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 880 420" width="880" height="420" role="img" aria-label="Map of places"><rect width="880" height="420" fill="#dfe9f2"/><path d="M60 60 L820 40 L840 380 L40 400 Z" fill="#f3efe4" stroke="#b9b2a0"/>${marks}</svg>`;
  }

  function render(req: ReportRequest): ReportPreview {
    const g = gather(req);
    const s = req.sections;
    const title = req.title?.trim() || (req.selection && Object.values(req.selection).some((v) => v != null && v !== "") ? `Report: ${scopeOf(req)}` : "Dossier report");
    const cites = (ns: number[]) => (s.sources ? `<span class="cite">[${ns.map((n) => `<a href="#src-${n}">${n}</a>`).join(", ")}]</span>` : `[${ns.join(", ")}]`);
    const out: string[] = [];
    out.push(
      `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">\n<title>${esc(title)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n<main>\n<header>\n<h1>${esc(title)}</h1>\n<p class="scope">${esc(scopeOf(req))}</p>\n<p class="meta">Generated 2026-11-23 19:30 UTC by Dossier from the analyst's local library.</p>\n<nav>`,
    );
    for (const [on, id, label] of [[s.summary, "summary", "Summary"], [s.timeline, "timeline", "Timeline"], [s.map, "map", "Map"], [s.entities, "entities", "Entities"], [s.disagreements, "disagreements", "Disagreements"], [s.sources, "sources", "Sources"]] as const) {
      if (on) out.push(`<a href="#${id}">${label}</a>`);
    }
    out.push("</nav>\n</header>\n");
    if (s.summary) {
      const outlets = new Map<string, number>();
      for (const a of g.articles) outlets.set(a.outlet?.value ?? "unknown outlet", (outlets.get(a.outlet?.value ?? "unknown outlet") ?? 0) + 1);
      const killed = g.events.reduce((n, e) => n + (e.row.killed ?? 0), 0);
      const first = g.articles[0]?.published?.value ?? null;
      const last = g.articles[g.articles.length - 1]?.published?.value ?? null;
      out.push(`<section id="summary"><h2>Summary</h2>`);
      out.push(`<p>${g.articles.length} articles from ${outlets.size} outlets (${esc([...outlets].map(([o, n]) => `${o} ${n}`).join(", "))}), published ${esc(day(first))} to ${esc(day(last))}.</p>`);
      out.push(`<p>${g.events.length} events, ${g.entityCount} entities and ${g.places.length} places; ${killed} killed in the events reported.</p>`);
      out.push("</section>\n");
    }
    if (s.timeline) {
      out.push(`<section id="timeline"><h2>Timeline</h2>`);
      if (!g.events.length) out.push(`<p class="muted">No events in this selection.</p>`);
      else {
        out.push(`<figure>${timelineSvg(g.events)}<figcaption>Events by date, E1 to E${g.events.length}.</figcaption></figure>`);
        out.push("<table><thead><tr><th>#</th><th>Date</th><th>Event</th><th>Place</th><th>Actors</th><th>Casualties</th><th>Sources</th></tr></thead><tbody>");
        g.events.forEach((e, i) => {
          const q = e.detail.sources[0];
          const quote = q ? `<div class="quote">“${esc(q.sentence)}” ${cites([g.sources.findIndex((a) => a.id === q.article_id) + 1].filter((n) => n > 0))}</div>` : "";
          out.push(
            `<tr id="ev-${i + 1}"><td>E${i + 1}</td><td>${esc(day(e.row.first_day))}</td><td><span class="family fam-${esc(e.row.family)}"></span><strong>${esc(e.row.kind.replace(/_/g, " "))}</strong><br>${esc(e.row.summary)}${quote}</td><td>${esc(e.row.place_name ?? "not given")}</td><td>${esc(e.row.actors.join(", "))}</td><td>${e.row.killed != null ? `${e.row.killed} killed` : ""}</td><td>${cites(e.cites)}</td></tr>`,
          );
        });
        out.push("</tbody></table>");
      }
      out.push("</section>\n");
    }
    if (s.map) {
      out.push(`<section id="map"><h2>Map</h2>`);
      if (!g.places.length) out.push(`<p class="muted">No places in this selection.</p>`);
      else {
        out.push(`<figure>${mapSvg(g.places)}<figcaption>${g.places.length} places; circles sized by mentions and events.</figcaption></figure>`);
        out.push(`<table><thead><tr><th>Place</th><th>Country</th><th>Latitude, longitude</th><th class="num">Mentions</th><th class="num">Events</th></tr></thead><tbody>`);
        for (const p of g.places) out.push(`<tr><td>${esc(p.name)}</td><td>${esc(p.country)}</td><td>${p.lat.toFixed(4)}, ${p.lon.toFixed(4)}</td><td class="num">${p.mention_count}</td><td class="num">${p.event_count}</td></tr>`);
        out.push("</tbody></table>");
      }
      out.push("</section>\n");
    }
    if (s.entities) {
      out.push(`<section id="entities"><h2>Entities</h2><p class="muted">The ${g.profiles.length} most mentioned of ${g.entityCount} entities in the selection.</p>`);
      for (const p of g.profiles) {
        const e = p.detail.entity;
        const kind = { PER: "person", ORG: "organisation", LOC: "place", MISC: "other" }[e.kind];
        const aliases = [...new Set(p.detail.aliases.map((a) => a.alias))].filter((n) => n !== e.name);
        out.push(`<div class="profile"><h3>${esc(e.name)} <span class="kind">${kind}</span></h3><div>${p.mentions} mentions in this selection; ${e.article_count} articles in the library</div>${aliases.length ? `<div>Also written: ${esc(aliases.join(", "))}</div>` : ""}</div>`);
      }
      out.push("</section>\n");
    }
    if (s.disagreements) {
      const disputed = g.events.filter((e) => e.detail.disagreements.length);
      out.push(`<section id="disagreements"><h2>Disagreements between sources</h2>`);
      if (!disputed.length) out.push(`<p class="muted">The sources of every event agree on its figures, date and place.</p>`);
      for (const e of disputed) {
        const n = g.events.indexOf(e) + 1;
        out.push(`<h3><a href="#ev-${n}">E${n}</a> · ${esc(e.row.kind)}</h3><ul class="dis">`);
        for (const d of e.detail.disagreements) {
          out.push(`<li>${esc(d.field)}: ${d.values.map((v) => `<strong>${esc(v.value)}</strong> ${cites(v.article_ids.map((id) => g.sources.findIndex((a) => a.id === id) + 1).filter((x) => x > 0))}`).join(" · ")}</li>`);
        }
        out.push("</ul>");
      }
      out.push("</section>\n");
    }
    if (s.sources) {
      out.push(`<section id="sources"><h2>Sources</h2><ol class="sources">`);
      g.sources.forEach((a, i) => {
        const r = ctx.row(a);
        const who = r.authors.length ? `${r.authors.join(", ")}. ` : "";
        const url = r.url && /^https?:\/\//i.test(r.url) ? ` <a href="${esc(r.url)}">${esc(r.url)}</a>` : r.url ? ` ${esc(r.url)}` : "";
        out.push(`<li id="src-${i + 1}">${esc(`${who}“${r.title}”. ${r.outlet ?? "Unknown outlet"}, ${day(r.published)}.`)}${url}</li>`);
      });
      out.push("</ol></section>\n");
    }
    out.push("</main>\n</body>\n</html>\n");
    return {
      html: out.join(""),
      title,
      scope: scopeOf(req),
      events: g.events.length,
      sources: g.sources.length,
      places: g.places.length,
      profiles: g.profiles.length,
    };
  }

  let last: string | null = null;
  const handlers: Record<string, (args: Record<string, unknown>) => unknown> = {
    preview_report: ({ request }): ReportPreview => render(request as ReportRequest),
    export_report: ({ request }): SavedExport | null => {
      const r = request as ExportRequest;
      const ext = EXTENSIONS[r.format];
      if (!ext) throw { code: "invalid_input", message: `unknown format '${r.format}'` };
      const preview = render(r.report);
      const name = r.format in { html: 1, pdf: 1, md: 1, docx: 1 } ? stem(preview.title) : `dossier-${r.data ?? (r.format === "geojson" ? "places" : r.format === "csv" || r.format === "json" ? "events" : "sources")}`;
      last = `/home/analyst/Documents/${name}.${ext}`;
      return { path: last, bytes: r.format === "html" ? new TextEncoder().encode(preview.html).length : 18_000 + preview.html.length };
    },
    open_export: () => {
      if (!last) throw { code: "not_found", message: "nothing has been exported yet" };
      return null;
    },
  };
  return { handlers };
}
