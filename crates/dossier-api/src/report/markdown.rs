//! The report as Markdown (GitHub-flavoured tables). The drawings are SVG data
//! URIs, which most Markdown viewers show and which keep the file single.

use std::fmt::Write as _;

use super::text::{self, escape_xml};
use super::Report;

pub fn render(r: &Report) -> String {
    let mut m = String::new();
    let _ = writeln!(m, "# {}\n", inline(&r.title));
    let _ = writeln!(m, "**{}**  ", inline(&r.scope));
    let _ = writeln!(m, "Generated {} by Dossier.\n", r.generated);
    let s = r.sections;
    if s.summary {
        m.push_str("## Summary\n\n");
        for line in text::summary_lines(r) {
            let _ = writeln!(m, "{}\n", inline(&line));
        }
    }
    if s.timeline {
        timeline(&mut m, r);
    }
    if s.map {
        map(&mut m, r);
    }
    if s.entities {
        entities(&mut m, r);
    }
    if s.disagreements {
        disagreements(&mut m, r);
    }
    if s.sources {
        m.push_str("## Sources\n\n");
        for (i, a) in r.sources.iter().enumerate() {
            let url = a
                .url
                .as_deref()
                .map(|u| format!(" <{}>", u.replace(['<', '>', ' '], "")))
                .unwrap_or_default();
            let _ = writeln!(
                m,
                "{}. <a id=\"src-{}\"></a>{}{}",
                i + 1,
                i + 1,
                inline(&text::citation(a)),
                url
            );
        }
        m.push('\n');
    }
    m
}

/// Text that cannot start Markdown or HTML markup: article text is untrusted.
fn inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '<' | '>' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn cites(sources: &[usize], r: &Report) -> String {
    if !r.sections.sources {
        return text::cite_text(sources);
    }
    let links: Vec<String> = sources.iter().map(|n| format!("[{n}](#src-{n})")).collect();
    if links.is_empty() {
        String::new()
    } else {
        format!("\\[{}\\]", links.join(", "))
    }
}

fn image(fig: &super::Figure) -> String {
    use base64::Engine as _;
    let data = base64::engine::general_purpose::STANDARD.encode(fig.to_svg());
    format!(
        "![{}](data:image/svg+xml;base64,{data})\n\n",
        escape_xml(&fig.caption).replace(['[', ']'], "")
    )
}

fn timeline(m: &mut String, r: &Report) {
    m.push_str("## Timeline\n\n");
    if r.events.is_empty() {
        let _ = writeln!(m, "{}\n", text::NO_EVENTS);
        return;
    }
    if let Some(fig) = r.timeline_figure() {
        m.push_str(&image(&fig));
    }
    m.push_str("| # | Date | Event | Place | Actors | Casualties | Sources |\n|---|---|---|---|---|---|---|\n");
    for e in &r.events {
        let mut what = format!("**{}**", inline(&text::kind(e)));
        if !e.row.summary.is_empty() {
            let _ = write!(what, ": {}", inline(&e.row.summary));
        }
        if let Some(q) = &e.quote {
            let _ = write!(
                what,
                "<br>*“{}”* {}",
                inline(&q.sentence),
                cites(&[q.source], r)
            );
        }
        let _ = writeln!(
            m,
            "| <a id=\"ev-{n}\"></a>E{n} | {} | {what} | {} | {} | {} | {} |",
            inline(&text::event_date(e)),
            inline(&text::place(e)),
            inline(&text::actors(e)),
            text::casualties(e),
            cites(&e.sources, r),
            n = e.number,
        );
    }
    m.push('\n');
}

fn map(m: &mut String, r: &Report) {
    map_and_places(m, r);
    if let Some(line) = text::unplaced_line(r) {
        let _ = writeln!(m, "\n_{}_\n", inline(&line));
    }
}

fn map_and_places(m: &mut String, r: &Report) {
    m.push_str("## Map\n\n");
    let Some(fig) = r.map_figure() else {
        let _ = writeln!(m, "{}\n", text::NO_PLACES);
        return;
    };
    m.push_str(&image(&fig));
    m.push_str(
        "| Place | Country | Latitude, longitude | Mentions | Events |\n|---|---|---|--:|--:|\n",
    );
    for p in &r.places {
        let _ = writeln!(
            m,
            "| {} | {} | {:.4}, {:.4} | {} | {} |",
            inline(&p.name),
            inline(&p.country),
            p.lat,
            p.lon,
            p.mention_count,
            p.event_count
        );
    }
    m.push('\n');
}

fn entities(m: &mut String, r: &Report) {
    m.push_str("## Entities\n\n");
    if r.profiles.is_empty() {
        let _ = writeln!(m, "{}\n", text::NO_ENTITIES);
        return;
    }
    let _ = writeln!(m, "{}\n", text::profiles_intro(r));
    for p in &r.profiles {
        let _ = writeln!(
            m,
            "### {} ({})\n",
            inline(&p.entity.name),
            text::entity_kind(&p.entity.kind)
        );
        for fact in text::profile_facts(p) {
            let _ = writeln!(m, "- {}", inline(&fact));
        }
        if !p.events.is_empty() {
            let refs: Vec<String> = p
                .events
                .iter()
                .map(|n| format!("[E{n}](#ev-{n})"))
                .collect();
            let _ = writeln!(m, "- Events: {}", refs.join(", "));
        }
        if let Some(q) = &p.quote {
            let _ = writeln!(m, "\n> “{}” {}", inline(&q.sentence), cites(&[q.source], r));
        }
        m.push('\n');
    }
}

fn disagreements(m: &mut String, r: &Report) {
    m.push_str("## Disagreements between sources\n\n");
    let disputed = text::disputed(r);
    if disputed.is_empty() {
        let _ = writeln!(m, "{}\n", text::ALL_AGREE);
        return;
    }
    for e in disputed {
        let _ = writeln!(
            m,
            "### E{} · {}\n",
            e.number,
            inline(&text::event_heading(e))
        );
        for d in &e.disagreements {
            let values: Vec<String> = d
                .values
                .iter()
                .map(|(v, s)| format!("**{}** {}", inline(v), cites(s, r)))
                .collect();
            let _ = writeln!(
                m,
                "- {}: {}",
                text::field_label(&d.field),
                values.join(" · ")
            );
        }
        m.push('\n');
    }
}
