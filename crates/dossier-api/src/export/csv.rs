//! CSV for spreadsheet programs: RFC 4180 quoting, CRLF line ends, and a
//! guard against formula injection (a cell that starts with = + - @ or a tab
//! would run as a formula in Excel or LibreOffice, so it gets a leading ').

use super::{EntityExport, Places};
use crate::types::EventDetail;
use crate::ArticleRow;

fn cell(value: &str) -> String {
    let guarded = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

fn write_rows(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut out = header.iter().map(|h| cell(h)).collect::<Vec<_>>().join(",");
    out.push_str("\r\n");
    for row in rows {
        out.push_str(&row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// Events with ACLED-like columns.
pub(super) fn events(events: &[EventDetail]) -> String {
    write_rows(
        &[
            "event_id",
            "event_date",
            "date_precision",
            "first_day",
            "last_day",
            "event_type",
            "family",
            "actors",
            "location",
            "latitude",
            "longitude",
            "geo_precision",
            "fatalities",
            "injuries",
            "source_count",
            "sources",
            "disagreements",
            "notes",
        ],
        events.iter().map(|d| {
            let e = &d.event;
            let mut titles: Vec<String> = Vec::new();
            for s in &d.sources {
                let t = format!(
                    "{} ({})",
                    s.title,
                    s.outlet.as_deref().unwrap_or("no outlet")
                );
                if !titles.contains(&t) {
                    titles.push(t);
                }
            }
            let disputes: Vec<String> = d
                .disagreements
                .iter()
                .map(|x| {
                    let values: Vec<String> = x
                        .values
                        .iter()
                        .map(|v| format!("{} (articles {:?})", v.value, v.article_ids))
                        .collect();
                    format!("{}: {}", x.field, values.join(" vs "))
                })
                .collect();
            vec![
                e.id.to_string(),
                opt(e.date.clone()),
                e.precision.clone(),
                opt(e.first_day.clone()),
                opt(e.last_day.clone()),
                e.kind.clone(),
                e.family.clone(),
                e.actors.join("; "),
                opt(e.place_name.clone()),
                opt(e.lat),
                opt(e.lon),
                if e.place_id.is_some() {
                    "gazetteer".into()
                } else {
                    String::new()
                },
                opt(e.killed),
                opt(e.injured),
                e.source_count.to_string(),
                titles.join(" | "),
                disputes.join(" | "),
                e.summary.clone(),
            ]
        }),
    )
}

pub(super) fn entities(entities: &[EntityExport]) -> String {
    write_rows(
        &[
            "entity_id",
            "name",
            "type",
            "aliases",
            "mentions",
            "articles",
            "first_seen",
            "last_seen",
        ],
        entities.iter().map(|x| {
            let e = &x.entity;
            vec![
                e.id.to_string(),
                e.name.clone(),
                e.kind.clone(),
                x.aliases.join("; "),
                e.mention_count.to_string(),
                e.article_count.to_string(),
                opt(e.first_seen),
                opt(e.last_seen),
            ]
        }),
    )
}

pub(super) fn places(places: &Places) -> String {
    write_rows(
        &[
            "place_id",
            "name",
            "country",
            "kind",
            "latitude",
            "longitude",
            "mentions",
            "articles",
            "events",
        ],
        places.iter().map(|p| {
            vec![
                p.id.to_string(),
                p.name.clone(),
                p.country.clone(),
                p.kind.clone(),
                p.lat.to_string(),
                p.lon.to_string(),
                p.mention_count.to_string(),
                p.article_count.to_string(),
                p.event_count.to_string(),
            ]
        }),
    )
}

pub(super) fn sources(articles: &[ArticleRow]) -> String {
    write_rows(
        &[
            "article_id",
            "title",
            "outlet",
            "authors",
            "published",
            "url",
            "story_id",
        ],
        articles.iter().map(|a| {
            vec![
                a.id.to_string(),
                a.title.clone(),
                opt(a.outlet.clone()),
                a.authors.join("; "),
                opt(a.published.clone()),
                opt(a.url.clone()),
                a.story_id.to_string(),
            ]
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a, b"), "\"a, b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("+1"), "'+1");
        assert_eq!(cell("-2"), "'-2");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
    }
}
