//! The user's decisions about events (merge, split, edit, add by hand), stored
//! by stable mention keys and re-applied every time `events` is rebuilt.

use std::collections::{HashMap, HashSet};

use dossier_analysis::events::{
    date_range, DatePrecision, Event, EventDate, EventKind, MentionRecord,
};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::articles::epoch_day;
use crate::entities::now;
use crate::events::json_name;
use crate::{Result, Store, StoreError};

/// One curation operation on events. Event ids change with every rebuild;
/// the store turns them into mention keys when the decision is recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum EventCuration {
    /// These events are one.
    Merge { events: Vec<i64> },
    /// These mentions (`EventSource::mention_key`) are an event of their own.
    Split { event: i64, mentions: Vec<String> },
    /// The user's value for a field (`None` clears it): kind, date, place,
    /// actors (names separated by ";"), killed, injured or summary.
    Edit {
        event: i64,
        field: String,
        value: Option<String>,
    },
    /// An event no article states the way the extractor reads.
    Add {
        kind: String,
        date: String,
        place: Option<String>,
        summary: String,
        killed: Option<i64>,
        injured: Option<i64>,
        #[serde(default)]
        article_ids: Vec<i64>,
    },
}

const FIELDS: &[&str] = &[
    "kind", "date", "place", "actors", "killed", "injured", "summary",
];

/// A stored decision: the operation and the mention keys it is about.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Decision {
    keys: Vec<String>,
    #[serde(default)]
    field: Option<String>,
    #[serde(default)]
    value: Option<String>,
    #[serde(default)]
    added: Option<EventCuration>,
}

/// The key of an event mention: its article and trigger span.
pub(crate) fn mention_key(article_id: i64, record: &MentionRecord) -> String {
    let t = record.mention.trigger;
    format!("{article_id}:{}:{}", t.start, t.end)
}

fn load(tx: &Connection) -> Result<Vec<(i64, String, Decision)>> {
    let mut stmt = tx.prepare("SELECT id, op, payload FROM event_decisions ORDER BY id")?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, op, json)| serde_json::from_str(&json).ok().map(|d| (id, op, d)))
        .collect())
}

/// Applies the merges and splits to the merged events, in the order decided.
pub(crate) fn restructure(
    tx: &Connection,
    events: &mut Vec<Event>,
    records: &[MentionRecord],
    keys: &[String],
) -> Result<()> {
    let index: HashMap<&str, usize> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    for (_, op, d) in load(tx)? {
        let members: HashSet<usize> = d
            .keys
            .iter()
            .filter_map(|k| index.get(k.as_str()).copied())
            .collect();
        if members.is_empty() {
            continue;
        }
        match op.as_str() {
            "merge" => {
                let (joined, rest): (Vec<Event>, Vec<Event>) = std::mem::take(events)
                    .into_iter()
                    .partition(|e| e.mentions.iter().any(|m| members.contains(m)));
                *events = rest;
                if !joined.is_empty() {
                    let all: Vec<usize> = joined.into_iter().flat_map(|e| e.mentions).collect();
                    events.push(event_of(all, records));
                }
            }
            "split" => {
                for e in events.iter_mut() {
                    e.mentions.retain(|m| !members.contains(m));
                }
                events.retain(|e| !e.mentions.is_empty());
                events.push(event_of(members.into_iter().collect(), records));
            }
            _ => {}
        }
    }
    for e in events.iter_mut().filter(|e| e.mentions.len() > 1) {
        e.mentions.sort_unstable();
    }
    Ok(())
}

/// An event made of the given mentions: the most specific kind they give and
/// the most precise explicit date (else the first reported one).
fn event_of(mut mentions: Vec<usize>, records: &[MentionRecord]) -> Event {
    mentions.sort_unstable();
    let kinds: Vec<EventKind> = mentions.iter().map(|&i| records[i].mention.kind).collect();
    let kind = kinds
        .iter()
        .copied()
        .find(|k| !k.is_generic())
        .unwrap_or(kinds[0]);
    let dates: Vec<&EventDate> = mentions
        .iter()
        .filter_map(|&i| records[i].mention.date.as_ref())
        .collect();
    let date = dates
        .iter()
        .filter(|d| !d.precision.is_reported())
        .max_by_key(|d| d.precision)
        .or_else(|| dates.first())
        .map(|d| (*d).clone());
    Event {
        kind,
        date,
        mentions,
    }
}

/// The mention keys of each merge and split decision: the mentions whose
/// events must be merged again together for the decision to apply whole.
pub(crate) fn decided_key_groups(tx: &Connection) -> Result<Vec<Vec<String>>> {
    Ok(load(tx)?
        .into_iter()
        .filter(|(_, op, _)| matches!(op.as_str(), "merge" | "split"))
        .map(|(_, _, d)| d.keys)
        .collect())
}

/// Writes the user's field values over the rebuilt events and, given the
/// next free id, inserts the events added by hand (a full rebuild; merging
/// new mentions leaves them in place). `event_of_key` maps mention keys to
/// rebuilt ids.
pub(crate) fn apply_edits_and_additions(
    tx: &Connection,
    event_of_key: &HashMap<String, i64>,
    next_id: Option<i64>,
) -> Result<()> {
    let add_manual = next_id.is_some();
    let mut next_id = next_id.unwrap_or_default();
    let mut manual: HashMap<String, i64> = HashMap::new();
    let mut values: HashMap<(i64, String), Option<String>> = HashMap::new();
    let mut order: Vec<(i64, String)> = Vec::new();
    for (id, op, d) in load(tx)? {
        match op.as_str() {
            "add" if add_manual => {
                if let Some(EventCuration::Add {
                    kind,
                    date,
                    place,
                    summary,
                    killed,
                    injured,
                    article_ids,
                }) = &d.added
                {
                    let key = format!("manual:{id}");
                    insert_manual(
                        tx,
                        next_id,
                        &key,
                        kind,
                        date,
                        place.as_deref(),
                        summary,
                        *killed,
                        *injured,
                        article_ids,
                    )?;
                    manual.insert(key, next_id);
                    next_id += 1;
                }
            }
            "edit" => {
                let event = d
                    .keys
                    .iter()
                    .find_map(|k| event_of_key.get(k).or_else(|| manual.get(k)).copied());
                if let (Some(event), Some(field)) = (event, d.field.clone()) {
                    if !values.contains_key(&(event, field.clone())) {
                        order.push((event, field.clone()));
                    }
                    values.insert((event, field), d.value.clone());
                }
            }
            _ => {}
        }
    }
    for (event, field) in order {
        if let Some(Some(value)) = values.get(&(event, field.clone())) {
            set_field(tx, event, &field, value)?;
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn insert_manual(
    tx: &Connection,
    id: i64,
    key: &str,
    kind: &str,
    date: &str,
    place: Option<&str>,
    summary: &str,
    killed: Option<i64>,
    injured: Option<i64>,
    article_ids: &[i64],
) -> Result<()> {
    let kind = EventKind::parse(kind).unwrap_or(EventKind::Attack);
    let (precision, range) = parse_date(date).unwrap_or((DatePrecision::Day, None));
    tx.execute(
        "INSERT INTO events (id, kind, family, date, precision, first_day, last_day, place_id, place_name, lat, lon, \
         actors, killed, injured, source_count, mention_count, disagreements, summary, anchor, user_fields, manual_articles) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL, ?8, NULL, NULL, '[]', ?9, ?10, ?11, 0, '[]', ?12, ?13, ?14, ?15)",
        params![
            id,
            kind.as_str(),
            json_name(&kind.family()),
            date,
            json_name(&precision),
            range.map(|r| epoch_day(r.0)),
            range.map(|r| epoch_day(r.1)),
            place,
            killed,
            injured,
            article_ids.len() as i64,
            summary,
            key,
            serde_json::to_string(&FIELDS)?,
            serde_json::to_string(article_ids)?,
        ],
    )?;
    Ok(())
}

/// `2023`, `2023-11` or `2023-11-21`: its precision and the days it covers.
fn parse_date(
    value: &str,
) -> Option<(
    DatePrecision,
    Option<(chrono::NaiveDate, chrono::NaiveDate)>,
)> {
    let precision = match value.len() {
        4 => DatePrecision::Year,
        7 => DatePrecision::Month,
        10 => DatePrecision::Day,
        _ => return None,
    };
    let date = EventDate {
        value: value.to_string(),
        precision,
        span: None,
    };
    let range = date_range(&date)?;
    Some((precision, Some(range)))
}

fn set_field(tx: &Connection, event: i64, field: &str, value: &str) -> Result<()> {
    match field {
        "kind" => {
            let Some(kind) = EventKind::parse(value) else {
                return Ok(());
            };
            tx.execute(
                "UPDATE events SET kind = ?2, family = ?3 WHERE id = ?1",
                params![event, kind.as_str(), json_name(&kind.family())],
            )?;
        }
        "date" => {
            let Some((precision, range)) = parse_date(value) else {
                return Ok(());
            };
            tx.execute(
                "UPDATE events SET date = ?2, precision = ?3, first_day = ?4, last_day = ?5 WHERE id = ?1",
                params![event, value, json_name(&precision), range.map(|r| epoch_day(r.0)), range.map(|r| epoch_day(r.1))],
            )?;
        }
        "place" => {
            let known: Option<(i64, f64, f64)> = tx
                .query_row(
                    "SELECT id, lat, lon FROM places WHERE name = ?1 COLLATE NOCASE ORDER BY id LIMIT 1",
                    [value],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            tx.execute(
                "UPDATE events SET place_name = ?2, place_id = ?3, lat = ?4, lon = ?5 WHERE id = ?1",
                params![event, value, known.map(|k| k.0), known.map(|k| k.1), known.map(|k| k.2)],
            )?;
        }
        "killed" | "injured" => {
            let Ok(n) = value.trim().parse::<i64>() else {
                return Ok(());
            };
            tx.execute(
                &format!("UPDATE events SET {field} = ?2 WHERE id = ?1"),
                params![event, n],
            )?;
        }
        "summary" => {
            tx.execute(
                "UPDATE events SET summary = ?2 WHERE id = ?1",
                params![event, value],
            )?;
        }
        "actors" => {
            // Names separated by ";" (a name may hold a comma).
            let names: Vec<&str> = value
                .split(';')
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .collect();
            tx.execute(
                "UPDATE events SET actors = ?2 WHERE id = ?1",
                params![event, serde_json::to_string(&names)?],
            )?;
        }
        _ => return Ok(()),
    }
    tx.execute(
        "UPDATE events SET user_fields = json_insert(user_fields, '$[#]', ?2) \
         WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM json_each(user_fields) WHERE value = ?2)",
        params![event, field],
    )?;
    Ok(())
}

fn invalid(field: &'static str, message: impl Into<String>) -> StoreError {
    StoreError::InvalidValue {
        field,
        message: message.into(),
    }
}

impl Store {
    /// Records a decision about events, rebuilds them, and returns the id of
    /// the event it produced (none when nothing is left to show).
    pub fn curate_event(&self, op: &EventCuration) -> Result<Option<i64>> {
        let mut conn = self.writer();
        let tx = conn.transaction()?;
        let (name, decision) = match op {
            EventCuration::Merge { events } => {
                if events.len() < 2 {
                    return Err(invalid("merge", "choose at least two events"));
                }
                let mut keys = Vec::new();
                for &e in events {
                    keys.extend(keys_of_event(&tx, e)?);
                }
                (
                    "merge",
                    Decision {
                        keys,
                        field: None,
                        value: None,
                        added: None,
                    },
                )
            }
            EventCuration::Split { event, mentions } => {
                let own = keys_of_event(&tx, *event)?;
                let keys: Vec<String> = mentions
                    .iter()
                    .filter(|m| own.contains(m))
                    .cloned()
                    .collect();
                if keys.is_empty() || keys.len() == own.len() {
                    return Err(invalid(
                        "split",
                        "choose some, not all, of the event's mentions",
                    ));
                }
                (
                    "split",
                    Decision {
                        keys,
                        field: None,
                        value: None,
                        added: None,
                    },
                )
            }
            EventCuration::Edit {
                event,
                field,
                value,
            } => {
                if !FIELDS.contains(&field.as_str()) {
                    return Err(invalid(
                        "field",
                        format!("'{field}' is not one of {}", FIELDS.join(", ")),
                    ));
                }
                if let Some(v) = value {
                    validate_field(field, v)?;
                }
                let keys = keys_of_event(&tx, *event)?;
                (
                    "edit",
                    Decision {
                        keys,
                        field: Some(field.clone()),
                        value: value.clone(),
                        added: None,
                    },
                )
            }
            EventCuration::Add { kind, date, .. } => {
                validate_field("kind", kind)?;
                validate_field("date", date)?;
                (
                    "add",
                    Decision {
                        keys: Vec::new(),
                        field: None,
                        value: None,
                        added: Some(op.clone()),
                    },
                )
            }
        };
        tx.execute(
            "INSERT INTO event_decisions (op, payload, at) VALUES (?1, ?2, ?3)",
            params![name, serde_json::to_string(&decision)?, now()],
        )?;
        let decision_id = tx.last_insert_rowid();
        let involved = match op {
            EventCuration::Merge { events } => events.clone(),
            EventCuration::Split { event, .. } | EventCuration::Edit { event, .. } => vec![*event],
            EventCuration::Add { .. } => Vec::new(),
        };
        crate::events::reopen_events(&tx, &involved)?;
        if matches!(op, EventCuration::Add { .. }) {
            reinsert_manual_events(&tx)?;
        }
        let anchor = match op {
            EventCuration::Add { .. } => Some(format!("manual:{decision_id}")),
            _ => decision.keys.first().cloned(),
        };
        let shown = match anchor {
            Some(key) if key.starts_with("manual:") => tx
                .query_row("SELECT id FROM events WHERE anchor = ?1", [&key], |r| {
                    r.get(0)
                })
                .optional()?,
            Some(key) => event_of_key(&tx, &key)?,
            None => None,
        };
        tx.commit()?;
        Ok(shown)
    }
}

fn validate_field(field: &str, value: &str) -> Result<()> {
    let ok = match field {
        "kind" => EventKind::parse(value).is_some(),
        "date" => parse_date(value).is_some(),
        "killed" | "injured" => value.trim().parse::<u32>().is_ok(),
        _ => !value.trim().is_empty(),
    };
    if ok {
        Ok(())
    } else {
        Err(invalid(
            "event",
            format!("'{value}' is not a valid {field}"),
        ))
    }
}

/// Deletes the events added by hand and inserts them again from their
/// decisions with the user's edits, after every other event: what a new
/// addition, or an edit of one, needs without rebuilding every event.
pub(crate) fn reinsert_manual_events(tx: &Connection) -> Result<()> {
    let old: Vec<i64> = tx
        .prepare("SELECT id FROM events WHERE anchor LIKE 'manual:%'")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    crate::places::count_event_places(tx, &old, -1)?;
    tx.execute("DELETE FROM events WHERE anchor LIKE 'manual:%'", [])?;
    let first: i64 = tx.query_row("SELECT coalesce(max(id), 0) + 1 FROM events", [], |r| {
        r.get(0)
    })?;
    apply_edits_and_additions(tx, &HashMap::new(), Some(first))?;
    let new: Vec<i64> = tx
        .prepare("SELECT id FROM events WHERE id >= ?1")?
        .query_map([first], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    crate::places::count_event_places(tx, &new, 1)
}

/// The mention keys of an event as it is now (or its manual key).
fn keys_of_event(tx: &Connection, event: i64) -> Result<Vec<String>> {
    let anchor: String = tx
        .query_row("SELECT anchor FROM events WHERE id = ?1", [event], |r| {
            r.get(0)
        })
        .optional()?
        .ok_or(StoreError::NoSuchEvent(event))?;
    if anchor.starts_with("manual:") {
        return Ok(vec![anchor]);
    }
    let mut stmt = tx.prepare_cached(
        "SELECT article_id, record FROM event_mentions WHERE event_id = ?1 ORDER BY id",
    )?;
    let rows = stmt
        .query_map([event], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .filter_map(|(a, json)| {
            serde_json::from_str::<MentionRecord>(&json)
                .ok()
                .map(|r| mention_key(a, &r))
        })
        .collect())
}

/// The rebuilt event a mention key belongs to.
pub(crate) fn event_of_key(tx: &Connection, key: &str) -> Result<Option<i64>> {
    let mut parts = key.split(':').map(|p| p.parse::<i64>().ok());
    let (Some(Some(article)), Some(Some(start)), Some(Some(end))) =
        (parts.next(), parts.next(), parts.next())
    else {
        return Ok(None);
    };
    let mut stmt =
        tx.prepare_cached("SELECT record, event_id FROM event_mentions WHERE article_id = ?1")?;
    let rows = stmt
        .query_map([article], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Option<i64>>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows.into_iter().find_map(|(json, event)| {
        let r: MentionRecord = serde_json::from_str(&json).ok()?;
        (r.mention.trigger.start as i64 == start && r.mention.trigger.end as i64 == end)
            .then_some(event)?
    }))
}
