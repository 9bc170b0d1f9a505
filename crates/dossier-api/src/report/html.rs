//! The report as one self-contained HTML file: styles inline, drawings as
//! inline SVG, no script, and a content security policy that forbids loading
//! anything at all, so that it reads the same offline and cannot phone home.

use std::fmt::Write as _;

use super::text::{self, escape_xml as esc};
use super::{Figure, Report, ReportEvent};

const STYLE: &str = r#"
:root { color-scheme: light; }
body { font: 15px/1.5 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; color: #222b33; margin: 0; background: #f6f7f9; }
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
.fam-violence { background: #c0392b; } .fam-arrest { background: #7d3c98; } .fam-protest { background: #ca6f1e; }
.fam-statement { background: #2471a3; } .fam-cooperation { background: #1e8449; }
.profile { border: 1px solid #e3e6ea; border-radius: 6px; padding: 10px 14px; margin: 10px 0; }
.profile h3 { margin-top: 0; }
.kind { font-size: 12px; color: #6b7280; font-weight: normal; }
.dis li { margin: 2px 0; }
ol.sources li { margin: 4px 0; }
ol.sources li:target { background: #fff7d6; }
.cite a { text-decoration: none; }
@media print { body { background: #fff; } main { padding: 0; } h2 { break-after: avoid; } tr, .profile { break-inside: avoid; } }
"#;

pub fn render(r: &Report) -> String {
    let mut h = String::with_capacity(64 * 1024);
    let _ = write!(
        h,
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Dossier">
<title>{title}</title>
<style>{STYLE}</style>
</head>
<body>
<main>
<header>
<h1>{title}</h1>
<p class="scope">{scope}</p>
<p class="meta">Generated {generated} by Dossier from the analyst's local library.</p>
"#,
        title = esc(&r.title),
        scope = esc(&r.scope),
        generated = esc(&r.generated),
    );
    nav(&mut h, r);
    h.push_str("</header>\n");
    let s = r.sections;
    if s.summary {
        summary(&mut h, r);
    }
    if s.timeline {
        timeline(&mut h, r);
    }
    if s.map {
        map(&mut h, r);
    }
    if s.entities {
        entities(&mut h, r);
    }
    if s.disagreements {
        disagreements(&mut h, r);
    }
    if s.sources {
        sources(&mut h, r);
    }
    h.push_str("</main>\n</body>\n</html>\n");
    h
}

fn nav(h: &mut String, r: &Report) {
    let s = r.sections;
    let links = [
        (s.summary, "summary", "Summary"),
        (s.timeline, "timeline", "Timeline"),
        (s.map, "map", "Map"),
        (s.entities, "entities", "Entities"),
        (s.disagreements, "disagreements", "Disagreements"),
        (s.sources, "sources", "Sources"),
    ];
    h.push_str("<nav>");
    for (on, id, label) in links {
        if on {
            let _ = write!(h, r##"<a href="#{id}">{label}</a>"##);
        }
    }
    h.push_str("</nav>\n");
}

/// Source numbers as links into the source list: [1] [3].
fn cites(sources: &[usize], r: &Report) -> String {
    if !r.sections.sources {
        return esc(&text::cite_text(sources));
    }
    let links: Vec<String> = sources
        .iter()
        .map(|n| format!(r##"<a href="#src-{n}">{n}</a>"##))
        .collect();
    if links.is_empty() {
        String::new()
    } else {
        format!(r#"<span class="cite">[{}]</span>"#, links.join(", "))
    }
}

fn event_ref(e: &ReportEvent, r: &Report) -> String {
    if r.sections.timeline {
        format!(r##"<a href="#ev-{0}">E{0}</a>"##, e.number)
    } else {
        format!("E{}", e.number)
    }
}

/// The family as a class name (no style attributes: the app's preview shows
/// the report under a policy that forbids inline styles).
fn family_class(family: &str) -> &'static str {
    match family {
        "violence" => "violence",
        "arrest" => "arrest",
        "protest" => "protest",
        "statement" => "statement",
        "cooperation" => "cooperation",
        _ => "other",
    }
}

fn summary(h: &mut String, r: &Report) {
    h.push_str(r#"<section id="summary"><h2>Summary</h2>"#);
    for line in text::summary_lines(r) {
        let _ = write!(h, "<p>{}</p>", esc(&line));
    }
    h.push_str("</section>\n");
}

fn timeline(h: &mut String, r: &Report) {
    h.push_str(r#"<section id="timeline"><h2>Timeline</h2>"#);
    if r.events.is_empty() {
        let _ = write!(h, r#"<p class="muted">{}</p></section>"#, text::NO_EVENTS);
        return;
    }
    if let Some(fig) = r.timeline_figure() {
        let _ = write!(
            h,
            "<figure>{}<figcaption>{}</figcaption></figure>",
            fig.to_svg(),
            esc(&fig.caption)
        );
    }
    h.push_str("<table><thead><tr><th>#</th><th>Date</th><th>Event</th><th>Place</th><th>Actors</th><th>Casualties</th><th>Sources</th></tr></thead><tbody>");
    for e in &r.events {
        let _ = write!(
            h,
            r#"<tr id="ev-{n}"><td>E{n}</td><td>{date}</td><td><span class="family fam-{family}"></span><strong>{kind}</strong>{summary}{quote}</td><td>{place}</td><td>{actors}</td><td>{casualties}</td><td>{cites}</td></tr>"#,
            n = e.number,
            date = esc(&text::event_date(e)),
            family = family_class(&e.row.family),
            kind = esc(&text::kind(e)),
            summary = if e.row.summary.is_empty() {
                String::new()
            } else {
                format!("<br>{}", esc(&e.row.summary))
            },
            quote = e
                .quote
                .as_ref()
                .map(|q| format!(
                    r#"<div class="quote">“{}” {}</div>"#,
                    esc(&q.sentence),
                    cites(&[q.source], r)
                ))
                .unwrap_or_default(),
            place = esc(&text::place(e)),
            actors = esc(&text::actors(e)),
            casualties = esc(&text::casualties(e)),
            cites = cites(&e.sources, r),
        );
    }
    h.push_str("</tbody></table></section>\n");
}

fn map(h: &mut String, r: &Report) {
    h.push_str(r#"<section id="map"><h2>Map</h2>"#);
    match r.map_figure() {
        Some(fig) => map_figure_and_table(h, r, &fig),
        None => {
            let _ = write!(h, r#"<p class="muted">{}</p>"#, text::NO_PLACES);
        }
    }
    if let Some(line) = text::unplaced_line(r) {
        let _ = write!(h, r#"<p class="muted unplaced">{}</p>"#, esc(&line));
    }
    h.push_str("</section>\n");
}

fn map_figure_and_table(h: &mut String, r: &Report, fig: &Figure) {
    let _ = write!(
        h,
        "<figure>{}<figcaption>{}; circles sized by mentions and events.</figcaption></figure>",
        fig.to_svg(),
        esc(&fig.caption)
    );
    h.push_str(r#"<table><thead><tr><th>Place</th><th>Country</th><th>Latitude, longitude</th><th class="num">Mentions</th><th class="num">Events</th></tr></thead><tbody>"#);
    for p in &r.places {
        let _ = write!(
            h,
            r#"<tr><td>{}</td><td>{}</td><td>{:.4}, {:.4}</td><td class="num">{}</td><td class="num">{}</td></tr>"#,
            esc(&p.name),
            esc(&p.country),
            p.lat,
            p.lon,
            p.mention_count,
            p.event_count
        );
    }
    h.push_str("</tbody></table>");
}

fn entities(h: &mut String, r: &Report) {
    h.push_str(r#"<section id="entities"><h2>Entities</h2>"#);
    if r.profiles.is_empty() {
        let _ = write!(h, r#"<p class="muted">{}</p></section>"#, text::NO_ENTITIES);
        return;
    }
    let _ = write!(
        h,
        r#"<p class="muted">{}</p>"#,
        esc(&text::profiles_intro(r))
    );
    for p in &r.profiles {
        let _ = write!(
            h,
            r#"<div class="profile"><h3>{} <span class="kind">{}</span></h3>"#,
            esc(&p.entity.name),
            text::entity_kind(&p.entity.kind)
        );
        for fact in text::profile_facts(p) {
            let _ = write!(h, "<div>{}</div>", esc(&fact));
        }
        if !p.events.is_empty() {
            let refs: Vec<String> = p
                .events
                .iter()
                .filter_map(|n| r.events.get(n - 1))
                .map(|e| event_ref(e, r))
                .collect();
            let _ = write!(h, "<div>Events: {}</div>", refs.join(", "));
        }
        if let Some(q) = &p.quote {
            let _ = write!(
                h,
                r#"<div class="quote">“{}” {}</div>"#,
                esc(&q.sentence),
                cites(&[q.source], r)
            );
        }
        h.push_str("</div>");
    }
    h.push_str("</section>\n");
}

fn disagreements(h: &mut String, r: &Report) {
    h.push_str(r#"<section id="disagreements"><h2>Disagreements between sources</h2>"#);
    let disputed = text::disputed(r);
    if disputed.is_empty() {
        let _ = write!(h, r#"<p class="muted">{}</p></section>"#, text::ALL_AGREE);
        return;
    }
    for e in disputed {
        let _ = write!(
            h,
            "<h3>{} · {}</h3><ul class=\"dis\">",
            event_ref(e, r),
            esc(&text::event_heading(e))
        );
        for d in &e.disagreements {
            let values: Vec<String> = d
                .values
                .iter()
                .map(|(v, s)| format!("<strong>{}</strong> {}", esc(v), cites(s, r)))
                .collect();
            let _ = write!(
                h,
                "<li>{}: {}</li>",
                esc(&text::field_label(&d.field)),
                values.join(" · ")
            );
        }
        h.push_str("</ul>");
    }
    h.push_str("</section>\n");
}

fn sources(h: &mut String, r: &Report) {
    h.push_str(r#"<section id="sources"><h2>Sources</h2><ol class="sources">"#);
    for (i, a) in r.sources.iter().enumerate() {
        let mut citation = esc(&text::citation(a));
        match a.url.as_deref() {
            // Only web addresses become links: a `javascript:` URL from an
            // article's metadata must stay inert text.
            Some(url) if text::is_web_url(url) => {
                let _ = write!(citation, r#" <a href="{0}">{0}</a>"#, esc(url));
            }
            Some(url) => {
                let _ = write!(citation, " {}", esc(url));
            }
            None => {}
        }
        let _ = write!(h, r#"<li id="src-{}">{citation}</li>"#, i + 1);
    }
    h.push_str("</ol></section>\n");
}
