//! Wording every report format shares: dates, figures, actors, citations.
//! One place, so that the HTML, PDF, Markdown and DOCX say the same thing.

use super::{Profile, Report, ReportEvent};
use crate::ArticleRow;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// "22 Nov 2023", "Nov 2023" or "2023" for an ISO date of that precision; any
/// other text (a week, a season) as it is.
pub fn format_date(iso: &str) -> String {
    // A time of day after the date: "2023-11-21TNI" is the night of the 21st.
    if let Some((date, time)) = iso.split_once('T') {
        let when = match time {
            "MO" => "morning".to_string(),
            "MI" => "midday".to_string(),
            "AF" => "afternoon".to_string(),
            "EV" => "evening".to_string(),
            "NI" => "night".to_string(),
            t => t.get(..5).unwrap_or(t).to_string(),
        };
        return format!("{}, {when}", format_date(date));
    }
    let parts: Vec<&str> = iso.split('-').collect();
    let month = |m: &str| {
        m.parse::<usize>()
            .ok()
            .and_then(|m| MONTHS.get(m.wrapping_sub(1)))
    };
    match parts.as_slice() {
        [y, m, d] if d.len() <= 2 => match (month(m), d.parse::<u32>()) {
            (Some(m), Ok(d)) => format!("{d} {m} {y}"),
            _ => iso.to_string(),
        },
        [y, m] => match month(m) {
            Some(m) => format!("{m} {y}"),
            None => iso.to_string(),
        },
        _ => iso.to_string(),
    }
}

/// "1 Nov 2023 – 30 Nov 2023", "from 1 Nov 2023", "until 30 Nov 2023".
pub fn day_range(from: Option<&str>, to: Option<&str>) -> String {
    match (from, to) {
        (Some(f), Some(t)) if f == t => format_date(f),
        (Some(f), Some(t)) => format!("{} – {}", format_date(f), format_date(t)),
        (Some(f), None) => format!("from {}", format_date(f)),
        (None, Some(t)) => format!("until {}", format_date(t)),
        (None, None) => String::new(),
    }
}

pub fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// An event's date as a reader wants it, with its precision when not a day.
pub fn event_date(e: &ReportEvent) -> String {
    let row = &e.row;
    match (&row.date, &row.first_day, &row.last_day) {
        (_, Some(f), Some(l)) if f != l && row.precision != "day" => {
            format!("{} ({})", day_range(Some(f), Some(l)), row.precision)
        }
        (Some(d), _, _) => format_date(d),
        (None, Some(f), _) => format_date(f),
        _ => "undated".to_string(),
    }
}

/// "8 killed, 2 injured", or empty.
pub fn casualties(e: &ReportEvent) -> String {
    let mut parts = Vec::new();
    if let Some(k) = e.row.killed {
        parts.push(format!("{k} killed"));
    }
    if let Some(i) = e.row.injured {
        parts.push(format!("{i} injured"));
    }
    parts.join(", ")
}

/// Actors with their roles where known: "US military (actor); Kataib Hezbollah (target)".
pub fn actors(e: &ReportEvent) -> String {
    if e.actors.is_empty() {
        return e.row.actors.join("; ");
    }
    e.actors
        .iter()
        .map(|a| {
            if a.role.is_empty() {
                a.name.clone()
            } else {
                format!("{} ({})", a.name, a.role)
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

pub fn kind(e: &ReportEvent) -> String {
    capitalise(&e.row.kind.replace('_', " "))
}

pub fn place(e: &ReportEvent) -> String {
    e.row.place_name.clone().unwrap_or_default()
}

/// A source's citation without its URL: outlet, authors, title, date (each
/// writer adds the URL its own way).
pub fn citation(a: &ArticleRow) -> String {
    let mut parts = Vec::new();
    if let Some(o) = &a.outlet {
        parts.push(o.clone());
    }
    if !a.authors.is_empty() {
        parts.push(a.authors.join(", "));
    }
    parts.push(format!("“{}”", a.title));
    parts.push(
        a.published
            .as_deref()
            .map(format_date)
            .unwrap_or_else(|| "undated".into()),
    );
    let mut s = parts.join(". ");
    s.push('.');
    s
}

/// Whether a URL may become a clickable link (http or https only).
pub fn is_web_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// The summary as sentences: counts, time span, sources.
pub fn summary_lines(r: &Report) -> Vec<String> {
    let s = &r.summary;
    let mut lines = vec![format!(
        "{} in {} from {}; {}, {}, {}.",
        count(s.articles, "article", "articles"),
        count(s.stories, "story", "stories"),
        count(s.outlets.len(), "outlet", "outlets"),
        count(s.events, "event", "events"),
        count(s.entities, "entity", "entities"),
        count(s.places, "place", "places"),
    )];
    if let Some((a, b)) = &s.published {
        lines.push(format!("Published {}.", day_range(Some(a), Some(b))));
    }
    if let Some((a, b)) = &s.events_span {
        lines.push(format!("Events dated {}.", day_range(Some(a), Some(b))));
    }
    if s.killed > 0 || s.injured > 0 {
        lines.push(format!(
            "Casualties reported across the events: {} killed, {} injured.",
            s.killed, s.injured
        ));
    }
    if s.disputed_events > 0 {
        lines.push(format!(
            "Sources disagree on {} of the events (see Disagreements).",
            s.disputed_events
        ));
    }
    if !s.outlets.is_empty() {
        let outlets: Vec<String> = s
            .outlets
            .iter()
            .map(|(o, n)| format!("{o} ({n})"))
            .collect();
        lines.push(format!("Outlets: {}.", outlets.join(", ")));
    }
    lines
}

/// Text made safe inside XML and HTML, attributes included: article text is
/// untrusted and must never become markup.
pub fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are not allowed in XML 1.0 at all.
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

pub const NO_EVENTS: &str = "No events in this selection.";
pub const NO_PLACES: &str = "No places in this selection.";
pub const NO_ENTITIES: &str = "No entities in this selection.";
pub const ALL_AGREE: &str = "The sources of every event agree on its figures, date and place.";

/// "Not on the map: Springfield (2 mentions), Lancaster (1 mention); …", or
/// nothing when every place name of the selection is placed.
pub fn unplaced_line(r: &Report) -> Option<String> {
    const SHOWN: usize = 20;
    if r.unplaced.is_empty() {
        return None;
    }
    let mut names: Vec<String> = r
        .unplaced
        .iter()
        .take(SHOWN)
        .map(|(name, n)| format!("{name} ({})", count(*n as usize, "mention", "mentions")))
        .collect();
    if r.unplaced.len() > SHOWN {
        names.push(format!("and {} more", r.unplaced.len() - SHOWN));
    }
    Some(format!(
        "Not on the map, as the articles do not say which place they mean: {}.",
        names.join(", ")
    ))
}

pub fn profiles_intro(r: &Report) -> String {
    format!(
        "The {} most mentioned of {} entities in the selection.",
        r.profiles.len(),
        r.summary.entities
    )
}

/// The facts of a profile that carry no links: counts, aliases, roles, company.
pub fn profile_facts(p: &Profile) -> Vec<String> {
    let mut facts = vec![format!(
        "{} in this selection; {} in the library",
        count(p.mentions, "mention", "mentions"),
        count(p.entity.article_count as usize, "article", "articles")
    )];
    if !p.aliases.is_empty() {
        facts.push(format!("Also written: {}", p.aliases.join(", ")));
    }
    if !p.roles.is_empty() {
        let roles: Vec<String> = p
            .roles
            .iter()
            .map(|(role, n)| format!("{role} ×{n}"))
            .collect();
        facts.push(format!("Roles in events: {}", roles.join(", ")));
    }
    if !p.related.is_empty() {
        facts.push(format!("Appears with: {}", p.related.join(", ")));
    }
    facts
}

pub fn entity_kind(kind: &str) -> &'static str {
    match kind {
        "PER" => "person",
        "ORG" => "organisation",
        "LOC" => "place",
        _ => "other",
    }
}

/// The events whose sources disagree.
pub fn disputed(r: &Report) -> Vec<&ReportEvent> {
    r.events
        .iter()
        .filter(|e| !e.disagreements.is_empty())
        .collect()
}

/// "Airstrike · 22 Nov 2023 · Jurf al-Sakhar", for a heading after the event's number.
pub fn event_heading(e: &ReportEvent) -> String {
    let mut parts = vec![kind(e), event_date(e)];
    let place = place(e);
    if !place.is_empty() {
        parts.push(place);
    }
    parts.join(" · ")
}

/// "1 article", "3 articles".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Source numbers as text: "[1, 3]".
pub fn cite_text(sources: &[usize]) -> String {
    if sources.is_empty() {
        return String::new();
    }
    let numbers: Vec<String> = sources.iter().map(|n| n.to_string()).collect();
    format!("[{}]", numbers.join(", "))
}

/// What a disagreement's field is called in prose.
pub fn field_label(field: &str) -> String {
    capitalise(&field.replace('_', " "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_at_their_precision() {
        assert_eq!(format_date("2023-11-22"), "22 Nov 2023");
        assert_eq!(format_date("2023-11"), "Nov 2023");
        assert_eq!(format_date("2023"), "2023");
        assert_eq!(format_date("2023-W47"), "2023-W47");
        assert_eq!(format_date("2023-11-21TNI"), "21 Nov 2023, night");
        assert_eq!(format_date("2023-11-21T14:30"), "21 Nov 2023, 14:30");
        assert_eq!(day_range(Some("2023-11-01"), None), "from 1 Nov 2023");
    }
}
