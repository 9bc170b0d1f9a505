//! Events: the extractor's event mentions, merged across articles into events
//! with their sources, place, actors, figures and disagreements.
//!
//! `events` is derived data: [`rebuild_events`] recomputes it from every event
//! mention whenever mentions or places change (merging is linear in the number
//! of mentions, see `dossier_analysis::events::merge`).

use std::collections::{BTreeMap, HashMap};

use dossier_analysis::events::{
    date_range, disagreements, merge, DisagreementField, EventKind, FigureKind, MentionRecord,
    RoleKind,
};
use dossier_core::Span;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::articles::epoch_day;
use crate::places::GeoFilter;
use crate::{Result, Store, StoreError};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct EventRow {
    pub id: i64,
    pub kind: String,
    pub family: String,
    pub date: Option<String>,
    pub precision: String,
    pub first_day: Option<String>,
    pub last_day: Option<String>,
    pub place_id: Option<i64>,
    pub place_name: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub actors: Vec<String>,
    pub killed: Option<i64>,
    pub injured: Option<i64>,
    pub source_count: i64,
    pub mention_count: i64,
    pub disagreement_count: i64,
    pub summary: String,
    /// Fields the user set (kind, date, place, killed, injured, summary).
    pub user_fields: Vec<String>,
    /// Added by hand rather than found in an article.
    pub manual: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct EventSource {
    pub article_id: i64,
    pub title: String,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub sentence: String,
    pub sentence_start: usize,
    pub trigger: Span,
    /// Names the mention in curation (split): article and trigger span.
    pub mention_key: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct EventActor {
    pub name: String,
    pub role: String,
    pub entity_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SourcedValue {
    pub value: String,
    pub article_ids: Vec<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct EventDisagreement {
    pub field: String,
    pub values: Vec<SourcedValue>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FigureValues {
    pub kind: String,
    pub values: Vec<SourcedValue>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct EventDetail {
    pub event: EventRow,
    pub sources: Vec<EventSource>,
    pub actors: Vec<EventActor>,
    pub figures: Vec<FigureValues>,
    pub disagreements: Vec<EventDisagreement>,
}

/// Timeline filters: the geo filter (dates are the events' own) plus kind and place.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventFilter {
    pub geo: GeoFilter,
    /// An event kind (`airstrike`) or family (`violence`).
    pub kind: Option<String>,
    pub place_id: Option<i64>,
}

pub(crate) fn insert_event_mentions(
    tx: &Connection,
    article_id: i64,
    records: &[MentionRecord],
) -> Result<()> {
    let mut insert =
        tx.prepare_cached("INSERT INTO event_mentions (article_id, record) VALUES (?1, ?2)")?;
    for r in records {
        let mut r = r.clone();
        r.source = article_id.to_string();
        insert.execute(params![article_id, serde_json::to_string(&r)?])?;
    }
    Ok(())
}

/// Recomputes every event from the stored event mentions.
pub(crate) fn rebuild_events(tx: &Connection) -> Result<()> {
    let mut stmt = tx.prepare("SELECT id, article_id, record FROM event_mentions ORDER BY id")?;
    let mut ids = Vec::new();
    let mut records = Vec::new();
    for row in stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
        ))
    })? {
        let (id, article_id, json) = row?;
        if let Ok(mut record) = serde_json::from_str::<MentionRecord>(&json) {
            record.source = article_id.to_string();
            ids.push((id, article_id));
            records.push(record);
        }
    }
    drop(stmt);
    date_undated_from_their_story(tx, &ids, &mut records)?;
    tx.execute("DELETE FROM events", [])?;
    tx.execute("DELETE FROM event_entities", [])?;
    tx.execute("UPDATE event_mentions SET event_id = NULL", [])?;
    let keys: Vec<String> = ids
        .iter()
        .zip(&records)
        .map(|(&(_, article_id), r)| crate::event_decisions::mention_key(article_id, r))
        .collect();
    let mut events = merge(&records);
    crate::event_decisions::restructure(tx, &mut events, &records, &keys)?;
    let mut event_of_key: HashMap<String, i64> = HashMap::new();
    let mut set_event =
        tx.prepare_cached("UPDATE event_mentions SET event_id = ?2 WHERE id = ?1")?;
    let mut place_of = tx.prepare_cached(
        "SELECT p.id, p.name, p.lat, p.lon, p.kind FROM place_mentions pm JOIN places p ON p.id = pm.place_id \
         WHERE pm.article_id = ?1 AND pm.start = ?2 AND pm.end = ?3",
    )?;
    let mut entity_of = tx.prepare_cached(
        "SELECT entity_id FROM mentions WHERE article_id = ?1 AND start = ?2 AND end = ?3 AND entity_id IS NOT NULL",
    )?;
    let mut link_entity = tx.prepare_cached(
        "INSERT OR IGNORE INTO event_entities (event_id, entity_id, role) VALUES (?1, ?2, ?3)",
    )?;
    for (n, event) in events.iter().enumerate() {
        let event_id = n as i64 + 1;
        let members: Vec<&MentionRecord> = event.mentions.iter().map(|&i| &records[i]).collect();
        // Place: the most often named, preferring a town to a country.
        let mut places: BTreeMap<(bool, i64), (usize, String, f64, f64)> = BTreeMap::new();
        let mut actors: Vec<(String, RoleKind)> = Vec::new();
        for &i in &event.mentions {
            let (_, article_id) = ids[i];
            let m = &records[i].mention;
            if let Some(span) = m.place {
                if let Some((pid, name, lat, lon, kind)) = place_of
                    .query_row(
                        params![article_id, span.start as i64, span.end as i64],
                        |r| {
                            Ok((
                                r.get::<_, i64>(0)?,
                                r.get::<_, String>(1)?,
                                r.get(2)?,
                                r.get(3)?,
                                r.get::<_, String>(4)?,
                            ))
                        },
                    )
                    .optional()?
                {
                    let broad = matches!(kind.as_str(), "country" | "admin1" | "region");
                    places.entry((broad, pid)).or_insert((0, name, lat, lon)).0 += 1;
                }
            }
            for (role, name) in m.actors.iter().zip(&records[i].actor_names) {
                if !actors.iter().any(|(a, r)| a == name && *r == role.role) {
                    actors.push((name.clone(), role.role));
                }
                if let Some(entity) = entity_of
                    .query_row(
                        params![article_id, role.span.start as i64, role.span.end as i64],
                        |r| r.get::<_, i64>(0),
                    )
                    .optional()?
                {
                    link_entity.execute(params![event_id, entity, role_str(role.role)])?;
                }
            }
            set_event.execute(params![ids[i].0, event_id])?;
            event_of_key.insert(keys[i].clone(), event_id);
        }
        let place = places
            .iter()
            .max_by_key(|((broad, _), (count, ..))| (!*broad, *count))
            .map(|((_, pid), (_, name, lat, lon))| (*pid, name.clone(), *lat, *lon));
        let range = event.date.as_ref().and_then(date_range);
        let sources: std::collections::BTreeSet<&str> =
            members.iter().map(|r| r.source.as_str()).collect();
        let disputes = convert_disagreements(&disagreements(event, &records));
        let killed = consensus(&members, FigureKind::Killed);
        let injured = consensus(&members, FigureKind::Injured);
        actors.sort_by_key(|(_, r)| role_str(*r) != "agent");
        tx.execute(
            "INSERT INTO events (id, kind, family, date, precision, first_day, last_day, place_id, place_name, lat, lon, \
             actors, killed, injured, source_count, mention_count, disagreements, summary, anchor) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
            params![
                event_id,
                event.kind.as_str(),
                family_str(event.kind),
                event.date.as_ref().map(|d| d.value.clone()),
                event.date.as_ref().map(|d| json_name(&d.precision)).unwrap_or_else(|| "reported".into()),
                range.map(|(a, _)| epoch_day(a)),
                range.map(|(_, b)| epoch_day(b)),
                place.as_ref().map(|p| p.0),
                place.as_ref().map(|p| p.1.clone()),
                place.as_ref().map(|p| p.2),
                place.as_ref().map(|p| p.3),
                serde_json::to_string(&actors.iter().map(|(a, _)| a.clone()).collect::<Vec<_>>())?,
                killed,
                injured,
                sources.len() as i64,
                members.len() as i64,
                serde_json::to_string(&disputes)?,
                summary(event.kind, &actors, place.as_ref().map(|p| p.1.as_str())),
                keys[event.mentions[0]],
            ],
        )?;
    }
    crate::event_decisions::apply_edits_and_additions(tx, &event_of_key, events.len() as i64 + 1)?;
    crate::places::refresh_event_places(tx)
}

/// An article with no publication date that is a version of a dated story
/// (the same wire report from another outlet) was published about when the
/// story was: its events without a date expression take the story's first
/// publication date, as a reported date, so they can meet the same event
/// told by the dated versions.
fn date_undated_from_their_story(
    tx: &Connection,
    ids: &[(i64, i64)],
    records: &mut [MentionRecord],
) -> Result<()> {
    let mut story_day = tx.prepare_cached(
        "SELECT (SELECT min(s.published_day) FROM articles s WHERE s.story_id = a.story_id AND s.published_precision IN ('day', 'minute')) \
         FROM articles a WHERE a.id = ?1 AND a.published_day IS NULL",
    )?;
    let mut cache: HashMap<i64, Option<i32>> = HashMap::new();
    for (record, &(_, article_id)) in records.iter_mut().zip(ids) {
        if record
            .mention
            .date
            .as_ref()
            .is_some_and(|d| !d.value.is_empty())
        {
            continue;
        }
        let day = match cache.get(&article_id) {
            Some(day) => *day,
            None => {
                let day = story_day
                    .query_row([article_id], |r| r.get::<_, Option<i32>>(0))
                    .optional()?
                    .flatten();
                cache.insert(article_id, day);
                day
            }
        };
        if let Some(day) = day {
            let precision = record
                .mention
                .date
                .as_ref()
                .map_or(dossier_analysis::events::DatePrecision::Reported, |d| {
                    d.precision
                });
            record.mention.date = Some(dossier_analysis::events::EventDate {
                value: crate::articles::day_date(day).to_string(),
                precision,
                span: None,
            });
        }
    }
    Ok(())
}

fn role_str(role: RoleKind) -> &'static str {
    match role {
        RoleKind::Agent => "agent",
        RoleKind::Target => "target",
    }
}

/// The snake_case JSON name of a serde enum value.
pub(crate) fn json_name<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn family_str(kind: EventKind) -> String {
    json_name(&kind.family())
}

/// The figure most sources give (the larger on a tie); the disagreement is
/// listed beside it.
fn consensus(members: &[&MentionRecord], kind: FigureKind) -> Option<i64> {
    let mut votes: HashMap<u32, usize> = HashMap::new();
    for m in members {
        if let Some(f) = m.mention.figure(kind) {
            *votes.entry(f.value).or_default() += 1;
        }
    }
    votes
        .into_iter()
        .max_by_key(|&(value, n)| (n, value))
        .map(|(value, _)| value as i64)
}

fn convert_disagreements(
    found: &[dossier_analysis::events::Disagreement],
) -> Vec<EventDisagreement> {
    found
        .iter()
        // Values that every source gives alike ("Baghdad" and "Jurf
        // al-Sakhar" both in each report) are detail, not a dispute.
        .filter(|d| {
            d.values
                .windows(2)
                .any(|w| sorted(&w[0].sources) != sorted(&w[1].sources))
        })
        .map(|d| EventDisagreement {
            field: match d.field {
                DisagreementField::Figure(kind) => kind.as_str().to_string(),
                DisagreementField::Date => "date".into(),
                DisagreementField::Place => "place".into(),
            },
            values: d
                .values
                .iter()
                .map(|v| SourcedValue {
                    value: v.value.clone(),
                    article_ids: v.sources.iter().filter_map(|s| s.parse().ok()).collect(),
                })
                .collect(),
        })
        .collect()
}

fn sorted(sources: &[String]) -> Vec<&str> {
    let mut v: Vec<&str> = sources.iter().map(String::as_str).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// "Airstrike on Kataib Hezbollah in Jurf al-Sakhar".
fn summary(kind: EventKind, actors: &[(String, RoleKind)], place: Option<&str>) -> String {
    let label = kind.as_str().replace('_', " ");
    let mut s = format!("{}{}", label[..1].to_uppercase(), &label[1..]);
    if let Some((agent, _)) = actors.iter().find(|(_, r)| *r == RoleKind::Agent) {
        s.push_str(&format!(" by {agent}"));
    }
    if let Some((target, _)) = actors.iter().find(|(_, r)| *r == RoleKind::Target) {
        s.push_str(&format!(" on {target}"));
    }
    if let Some(place) = place {
        s.push_str(&format!(" in {place}"));
    }
    s
}

/// SQL conditions on `e` (events) for a geo filter, with their arguments.
pub(crate) fn event_conditions(filter: &GeoFilter) -> (Vec<String>, Vec<rusqlite::types::Value>) {
    use rusqlite::types::Value;
    let mut clauses = Vec::new();
    let mut args = Vec::new();
    if let Some(from) = filter.from_day {
        args.push(Value::Integer(from as i64));
        clauses.push(format!("e.last_day >= ?{}", args.len()));
    }
    if let Some(to) = filter.to_day {
        args.push(Value::Integer(to as i64));
        clauses.push(format!("e.first_day <= ?{}", args.len()));
    }
    if let Some(entity) = filter.entity_id {
        args.push(Value::Integer(entity));
        clauses.push(format!(
            "e.id IN (SELECT event_id FROM event_entities WHERE entity_id = ?{})",
            args.len()
        ));
    }
    if let Some(story) = filter.story_id {
        args.push(Value::Integer(story));
        clauses.push(format!(
            "e.id IN (SELECT em.event_id FROM event_mentions em JOIN articles a ON a.id = em.article_id WHERE a.story_id = ?{})",
            args.len()
        ));
    }
    (clauses, args)
}

/// An event mention's article id and record, with its article's title,
/// outlet, date and text.
type SourceRow = (i64, String, String, Option<String>, Option<String>, String);

const EVENT_COLUMNS: &str = "e.id, e.kind, e.family, e.date, e.precision, e.first_day, e.last_day, e.place_id, \
     e.place_name, e.lat, e.lon, e.actors, e.killed, e.injured, e.source_count, e.mention_count, e.disagreements, e.summary, \
     e.user_fields, e.anchor";

fn event_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<EventRow> {
    let actors: String = r.get(11)?;
    let disputes: String = r.get(16)?;
    let disputes: Vec<serde_json::Value> = serde_json::from_str(&disputes).unwrap_or_default();
    Ok(EventRow {
        id: r.get(0)?,
        kind: r.get(1)?,
        family: r.get(2)?,
        date: r.get(3)?,
        precision: r.get(4)?,
        first_day: r
            .get::<_, Option<i32>>(5)?
            .map(|d| crate::articles::day_date(d).to_string()),
        last_day: r
            .get::<_, Option<i32>>(6)?
            .map(|d| crate::articles::day_date(d).to_string()),
        place_id: r.get(7)?,
        place_name: r.get(8)?,
        lat: r.get(9)?,
        lon: r.get(10)?,
        actors: serde_json::from_str(&actors).unwrap_or_default(),
        killed: r.get(12)?,
        injured: r.get(13)?,
        source_count: r.get(14)?,
        mention_count: r.get(15)?,
        disagreement_count: disputes.len() as i64,
        summary: r.get(17)?,
        user_fields: serde_json::from_str(&r.get::<_, String>(18)?).unwrap_or_default(),
        manual: r.get::<_, String>(19)?.starts_with("manual:"),
    })
}

/// How many stored event mentions belong to no event. `rebuild_events` gives
/// every mention it can read an event, so after it this is zero; an import
/// writes mentions batch by batch and merges events once at its end, so a
/// crash in between leaves mentions waiting here.
fn mentions_without_event(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM event_mentions WHERE event_id IS NULL",
        [],
        |r| r.get(0),
    )?)
}

impl Store {
    /// Recomputes the events from every stored event mention.
    pub fn rebuild_events(&self) -> Result<()> {
        let mut conn = self.writer();
        let tx = conn.transaction()?;
        rebuild_events(&tx)?;
        tx.commit()?;
        Ok(())
    }

    /// Rebuilds the events when some mentions wait for one (an import that
    /// was killed before its final merge); `true` when it did. Called on open,
    /// like the search index's catch-up: the re-run import of a crashed one
    /// finds every file already stored and would not merge events again.
    pub(crate) fn repair_events(&self) -> Result<bool> {
        let mut conn = self.writer();
        let tx = conn.transaction()?;
        if mentions_without_event(&tx)? == 0 {
            return Ok(false);
        }
        rebuild_events(&tx)?;
        tx.commit()?;
        Ok(true)
    }

    /// What `check` reports about the derived events.
    pub(crate) fn check_events(&self) -> Result<Vec<String>> {
        let waiting = mentions_without_event(&self.reader())?;
        Ok((waiting > 0)
            .then(|| format!("{waiting} event mentions belong to no event (events not rebuilt)"))
            .into_iter()
            .collect())
    }

    /// Events in date order (undated last) and how many match.
    pub fn timeline(
        &self,
        filter: &EventFilter,
        offset: usize,
        limit: usize,
    ) -> Result<(usize, Vec<EventRow>)> {
        use rusqlite::types::Value;
        let (mut clauses, mut args) = event_conditions(&filter.geo);
        if let Some(kind) = filter.kind.as_deref().filter(|k| !k.is_empty()) {
            args.push(Value::Text(kind.to_string()));
            clauses.push(format!("(e.kind = ?{0} OR e.family = ?{0})", args.len()));
        }
        if let Some(place) = filter.place_id {
            args.push(Value::Integer(place));
            clauses.push(format!("e.place_id = ?{}", args.len()));
        }
        let where_sql = if clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", clauses.join(" AND "))
        };
        let conn = self.reader();
        let total: i64 = conn.query_row(
            &format!("SELECT count(*) FROM events e {where_sql}"),
            rusqlite::params_from_iter(&args),
            |r| r.get(0),
        )?;
        let limit = if limit == 0 {
            10_000
        } else {
            limit.min(100_000)
        };
        // Dated events first, in date order, then the undated ones: each part
        // walks the date index instead of sorting every event.
        let part = |extra: &str,
                    order: &str,
                    offset: usize,
                    limit: usize|
         -> Result<Vec<EventRow>> {
            let where_sql = if where_sql.is_empty() {
                format!("WHERE {extra}")
            } else {
                format!("{where_sql} AND {extra}")
            };
            let sql = format!(
                "SELECT {EVENT_COLUMNS} FROM events e {where_sql} ORDER BY {order} LIMIT {limit} OFFSET {offset}"
            );
            let mut stmt = conn.prepare(&sql)?;
            let rows = stmt
                .query_map(rusqlite::params_from_iter(&args), event_row)?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        };
        let mut rows = part(
            "e.first_day IS NOT NULL",
            "e.first_day, e.id",
            offset,
            limit,
        )?;
        if rows.len() < limit {
            let dated: i64 = conn.query_row(
                &format!(
                    "SELECT count(*) FROM events e {} e.first_day IS NOT NULL",
                    if where_sql.is_empty() {
                        "WHERE".to_string()
                    } else {
                        format!("{where_sql} AND")
                    }
                ),
                rusqlite::params_from_iter(&args),
                |r| r.get(0),
            )?;
            let skip = offset.saturating_sub(dated as usize);
            rows.extend(part(
                "e.first_day IS NULL",
                "e.id",
                skip,
                limit - rows.len(),
            )?);
        }
        Ok((total as usize, rows))
    }

    pub(crate) fn events_at_place(
        &self,
        place_id: i64,
        filter: &GeoFilter,
    ) -> Result<Vec<EventRow>> {
        let filter = EventFilter {
            geo: filter.clone(),
            kind: None,
            place_id: Some(place_id),
        };
        Ok(self.timeline(&filter, 0, 200)?.1)
    }

    /// One event with its sources (the sentences that report it), actors,
    /// figures with who gave them, and disagreements.
    pub fn event(&self, id: i64) -> Result<EventDetail> {
        let conn = self.reader();
        let event = conn
            .query_row(
                &format!("SELECT {EVENT_COLUMNS} FROM events e WHERE e.id = ?1"),
                [id],
                event_row,
            )
            .optional()?
            .ok_or(StoreError::NoSuchEvent(id))?;
        let disputes: String = conn.query_row(
            "SELECT disagreements FROM events WHERE id = ?1",
            [id],
            |r| r.get(0),
        )?;
        let disagreements: Vec<EventDisagreement> =
            serde_json::from_str(&disputes).unwrap_or_default();
        let mut stmt = conn.prepare_cached(
            "SELECT em.article_id, em.record, a.title, a.outlet, a.published, a.text FROM event_mentions em \
             JOIN articles a ON a.id = em.article_id WHERE em.event_id = ?1 ORDER BY a.published_day, em.id",
        )?;
        let mut entity_of = conn.prepare_cached(
            "SELECT entity_id FROM mentions WHERE article_id = ?1 AND start = ?2 AND end = ?3 AND entity_id IS NOT NULL",
        )?;
        let mut sources = Vec::new();
        let mut actors: Vec<EventActor> = Vec::new();
        let mut figures: BTreeMap<String, Vec<SourcedValue>> = BTreeMap::new();
        let rows: Vec<SourceRow> = stmt
            .query_map([id], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        for (article_id, record, title, outlet, published, text) in rows {
            let Ok(record) = serde_json::from_str::<MentionRecord>(&record) else {
                continue;
            };
            let m = &record.mention;
            sources.push(EventSource {
                article_id,
                title,
                outlet,
                published,
                sentence: text
                    .get(m.sentence.start..m.sentence.end)
                    .unwrap_or_default()
                    .to_string(),
                sentence_start: m.sentence.start,
                trigger: m.trigger,
                mention_key: crate::event_decisions::mention_key(article_id, &record),
            });
            for (role, name) in m.actors.iter().zip(&record.actor_names) {
                let role_name = role_str(role.role).to_string();
                if actors
                    .iter()
                    .any(|a| &a.name == name && a.role == role_name)
                {
                    continue;
                }
                let entity_id = entity_of
                    .query_row(
                        params![article_id, role.span.start as i64, role.span.end as i64],
                        |r| r.get(0),
                    )
                    .optional()?;
                actors.push(EventActor {
                    name: name.clone(),
                    role: role_name,
                    entity_id,
                });
            }
            for f in &m.figures {
                let value = match f.approx {
                    Some(q) => format!("{} {}", q.as_str().replace('_', " "), f.value),
                    None => f.value.to_string(),
                };
                let values = figures.entry(f.kind.as_str().to_string()).or_default();
                match values.iter_mut().find(|v| v.value == value) {
                    Some(v) if !v.article_ids.contains(&article_id) => {
                        v.article_ids.push(article_id)
                    }
                    Some(_) => {}
                    None => values.push(SourcedValue {
                        value,
                        article_ids: vec![article_id],
                    }),
                }
            }
        }
        // An event added by hand cites whole articles.
        let manual: Option<String> = conn
            .query_row(
                "SELECT manual_articles FROM events WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        let cited: Vec<i64> = manual
            .as_deref()
            .and_then(|j| serde_json::from_str(j).ok())
            .unwrap_or_default();
        drop(stmt);
        drop(entity_of);
        drop(conn);
        for row in self.rows_by_ids(&cited)? {
            sources.push(EventSource {
                article_id: row.id,
                title: row.title,
                outlet: row.outlet,
                published: row.published,
                sentence: String::new(),
                sentence_start: 0,
                trigger: Span::new(0, 0),
                mention_key: String::new(),
            });
        }
        Ok(EventDetail {
            event,
            sources,
            actors,
            figures: figures
                .into_iter()
                .map(|(kind, values)| FigureValues { kind, values })
                .collect(),
            disagreements,
        })
    }
}
