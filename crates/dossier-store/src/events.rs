//! Events: the extractor's event mentions, merged across articles into events
//! with their sources, place, actors, figures and disagreements.
//!
//! `events` is derived data: [`rebuild_events`] recomputes it from every event
//! mention whenever mentions or places change (merging is linear in the number
//! of mentions, see `dossier_analysis::events::merge`).

use std::collections::{BTreeMap, HashMap};

use dossier_analysis::events::{
    date_range, disagreements, merge, DisagreementField, Event, EventKind, FigureKind,
    MentionRecord, MergeKeys, RoleKind,
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
    let (ids, mut records) = load_mentions(tx, "1")?;
    date_undated_from_their_story(tx, &ids, &mut records)?;
    tx.execute("DELETE FROM events", [])?;
    tx.execute("DELETE FROM event_entities", [])?;
    tx.execute("DELETE FROM event_mention_keys", [])?;
    tx.execute("UPDATE event_mentions SET event_id = NULL", [])?;
    write_merge_keys(tx, &ids, &records)?;
    let keys = mention_keys(&ids, &records);
    let mut events = merge(&records);
    crate::event_decisions::restructure(tx, &mut events, &records, &keys)?;
    let event_of_key = write_events(tx, &events, &ids, &records, &keys, 1)?;
    crate::event_decisions::apply_edits_and_additions(
        tx,
        &event_of_key,
        Some(events.len() as i64 + 1),
    )?;
    crate::places::refresh_event_places(tx)
}

/// What [`merge_new_events`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MergeReport {
    /// Mentions that waited for an event.
    pub new_mentions: usize,
    /// Stored events taken apart and merged again with them.
    pub events_reopened: usize,
    /// Whether every event was rebuilt instead.
    pub full: bool,
}

/// Gives the mentions that wait for an event (an import's) their events,
/// touching only the stored events they could join: those whose mentions
/// share an actor or place name with them and lie near in time (the blocks
/// merging compares within, `MergeKeys`). Those events are taken apart and
/// merged again together with the new mentions; every other event keeps its
/// id and rows. When no mention has an event yet, it is the full rebuild.
///
/// The result can differ from a full rebuild's only where merging's order
/// would: a stored event not near any new mention is not reconsidered.
pub(crate) fn merge_new_events(tx: &Connection) -> Result<MergeReport> {
    merge_waiting(tx, next_event_id(tx)?)
}

/// One above the highest event id: new events take ids above every stored
/// and reopened one, so that an id never names two events in turn.
fn next_event_id(tx: &Connection) -> Result<i64> {
    Ok(
        tx.query_row("SELECT coalesce(max(id), 0) + 1 FROM events", [], |r| {
            r.get(0)
        })?,
    )
}

/// [`merge_new_events`], new events numbered from `first_id` at least.
fn merge_waiting(tx: &Connection, first_id: i64) -> Result<MergeReport> {
    let waiting = mentions_without_event(tx)? as usize;
    if waiting == 0 {
        return Ok(MergeReport::default());
    }
    let merged: i64 = tx.query_row(
        "SELECT count(*) FROM event_mentions WHERE event_id IS NOT NULL",
        [],
        |r| r.get(0),
    )?;
    if merged == 0 {
        rebuild_events(tx)?;
        return Ok(MergeReport {
            new_mentions: waiting,
            events_reopened: 0,
            full: true,
        });
    }
    let (new_ids, mut new_records) = load_mentions(tx, "event_id IS NULL")?;
    date_undated_from_their_story(tx, &new_ids, &mut new_records)?;
    write_merge_keys(tx, &new_ids, &new_records)?;
    let reopened = events_near(tx, &new_records)?;
    let reopened = with_decided_partners(tx, reopened)?;
    let (mut ids, mut records) = mentions_of_events(tx, &reopened)?;
    ids.extend(new_ids);
    records.extend(new_records);
    // Merging reads an article's mentions in text order (anaphora).
    let mut order: Vec<usize> = (0..ids.len()).collect();
    order.sort_by_key(|&i| ids[i].0);
    let ids: Vec<(i64, i64)> = order.iter().map(|&i| ids[i]).collect();
    let records: Vec<MentionRecord> = order.iter().map(|&i| records[i].clone()).collect();

    crate::places::count_event_places(tx, &reopened, -1)?;
    remove_events(tx, &reopened)?;
    let keys = mention_keys(&ids, &records);
    let mut events = merge(&records);
    crate::event_decisions::restructure(tx, &mut events, &records, &keys)?;
    let first_id = first_id.max(next_event_id(tx)?);
    let event_of_key = write_events(tx, &events, &ids, &records, &keys, first_id)?;
    crate::event_decisions::apply_edits_and_additions(tx, &event_of_key, None)?;
    let written: Vec<i64> = (first_id..first_id + events.len() as i64).collect();
    crate::places::count_event_places(tx, &written, 1)?;
    Ok(MergeReport {
        new_mentions: waiting,
        events_reopened: reopened.len(),
        full: false,
    })
}

/// Takes the given events apart and merges their mentions again with the
/// events near them, the user's decisions applied: what a curation of events
/// needs. Events added by hand are left to `reinsert_manual_events`.
pub(crate) fn reopen_events(tx: &Connection, events: &[i64]) -> Result<()> {
    let mut manual = false;
    let mut regular = Vec::new();
    for &event in events {
        let anchor: Option<String> = tx
            .query_row("SELECT anchor FROM events WHERE id = ?1", [event], |r| {
                r.get(0)
            })
            .optional()?;
        match anchor {
            Some(a) if a.starts_with("manual:") => manual = true,
            Some(_) => regular.push(event),
            None => {}
        }
    }
    let first_id = next_event_id(tx)?;
    crate::places::count_event_places(tx, &regular, -1)?;
    remove_events(tx, &regular)?;
    merge_waiting(tx, first_id)?;
    if manual {
        crate::event_decisions::reinsert_manual_events(tx)?;
    }
    Ok(())
}

/// Mentions as merging takes them: (mention id, article id) beside each
/// record, whose source is its article.
type Mentions = (Vec<(i64, i64)>, Vec<MentionRecord>);

/// The mentions matching `condition` (SQL on `event_mentions`), in id order.
fn load_mentions(tx: &Connection, condition: &str) -> Result<Mentions> {
    let mut stmt = tx.prepare(&format!(
        "SELECT id, article_id, record FROM event_mentions WHERE {condition} ORDER BY id"
    ))?;
    let mut found = (Vec::new(), Vec::new());
    push_mentions(&mut stmt, [], &mut found)?;
    Ok(found)
}

/// Adds the readable mentions a query of (id, article_id, record) returns.
fn push_mentions(
    stmt: &mut rusqlite::Statement<'_>,
    params: impl rusqlite::Params,
    into: &mut Mentions,
) -> Result<()> {
    let rows = stmt.query_map(params, |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    for row in rows {
        let (id, article_id, json) = row?;
        if let Some(record) = parse_record(article_id, &json) {
            into.0.push((id, article_id));
            into.1.push(record);
        }
    }
    Ok(())
}

fn parse_record(article_id: i64, json: &str) -> Option<MentionRecord> {
    let mut record = serde_json::from_str::<MentionRecord>(json).ok()?;
    record.source = article_id.to_string();
    Some(record)
}

fn mention_keys(ids: &[(i64, i64)], records: &[MentionRecord]) -> Vec<String> {
    ids.iter()
        .zip(records)
        .map(|(&(_, article_id), r)| crate::event_decisions::mention_key(article_id, r))
        .collect()
}

/// Files each mention under its merge keys (see `MergeKeys`).
fn write_merge_keys(tx: &Connection, ids: &[(i64, i64)], records: &[MentionRecord]) -> Result<()> {
    let mut insert = tx.prepare_cached(
        "INSERT INTO event_mention_keys (mention_id, family, name, wide, first_day, last_day)          VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (&(id, _), record) in ids.iter().zip(records) {
        let keys = MergeKeys::of(record);
        let family = json_name(&keys.family);
        for name in &keys.names {
            insert.execute(params![
                id,
                family,
                name,
                keys.wide(),
                keys.range.map(|r| r.0),
                keys.range.map(|r| r.1),
            ])?;
        }
    }
    Ok(())
}

/// The stored events with a mention that shares a merge block with one of
/// `records` (see `MergeKeys::near_days`), in id order.
fn events_near(tx: &Connection, records: &[MentionRecord]) -> Result<Vec<i64>> {
    // Narrow stored mentions near the range, then wide ones within a year.
    let mut dated = tx.prepare_cached(
        "SELECT DISTINCT em.event_id FROM event_mention_keys k JOIN event_mentions em ON em.id = k.mention_id \
         WHERE k.family = ?1 AND k.name = ?2 AND k.wide = ?3 AND k.first_day BETWEEN ?4 AND ?5 AND k.last_day >= ?6 \
         AND em.event_id IS NOT NULL",
    )?;
    let mut undated = tx.prepare_cached(
        "SELECT DISTINCT em.event_id FROM event_mention_keys k JOIN event_mentions em ON em.id = k.mention_id \
         WHERE k.family = ?1 AND k.name = ?2 AND k.first_day IS NULL AND em.event_id IS NOT NULL",
    )?;
    let mut found = std::collections::BTreeSet::new();
    for record in records {
        let keys = MergeKeys::of(record);
        let family = json_name(&keys.family);
        for name in &keys.names {
            let Some((start, end)) = keys.range else {
                for id in undated.query_map(params![family, name], |r| r.get::<_, i64>(0))? {
                    found.insert(id?);
                }
                continue;
            };
            for stored_wide in [false, true] {
                let near = MergeKeys::near_days(stored_wide || keys.wide());
                // A stored range starts at most its own width before it ends.
                let earliest_start = if stored_wide {
                    i64::MIN
                } else {
                    start - near - MergeKeys::NARROW_SPAN_DAYS
                };
                let ids = dated.query_map(
                    params![
                        family,
                        name,
                        stored_wide,
                        earliest_start,
                        end + near,
                        start - near
                    ],
                    |r| r.get::<_, i64>(0),
                )?;
                for id in ids {
                    found.insert(id?);
                }
            }
        }
    }
    Ok(found.into_iter().collect())
}

/// `events` plus every event the user's merge and split decisions tie to
/// them, so that a decision is applied whole or not at all.
fn with_decided_partners(tx: &Connection, events: Vec<i64>) -> Result<Vec<i64>> {
    let decided = crate::event_decisions::decided_key_groups(tx)?;
    if decided.is_empty() {
        return Ok(events);
    }
    let mut groups: Vec<Vec<i64>> = Vec::new();
    for keys in decided {
        let mut group = Vec::new();
        for key in &keys {
            if let Some(event) = crate::event_decisions::event_of_key(tx, key)? {
                group.push(event);
            }
        }
        groups.push(group);
    }
    let mut set: std::collections::BTreeSet<i64> = events.into_iter().collect();
    // Groups can chain (a merge touching a split): repeat until nothing grows.
    loop {
        let before = set.len();
        for group in &groups {
            if group.iter().any(|e| set.contains(e)) {
                set.extend(group.iter().copied());
            }
        }
        if set.len() == before {
            break;
        }
    }
    Ok(set.into_iter().collect())
}

/// The mentions of the given events, as [`load_mentions`] gives them.
fn mentions_of_events(tx: &Connection, events: &[i64]) -> Result<Mentions> {
    let mut stmt =
        tx.prepare_cached("SELECT id, article_id, record FROM event_mentions WHERE event_id = ?1")?;
    let mut found = (Vec::new(), Vec::new());
    for &event in events {
        push_mentions(&mut stmt, [event], &mut found)?;
    }
    Ok(found)
}

/// Deletes events (and their actor links), leaving their mentions waiting.
fn remove_events(tx: &Connection, events: &[i64]) -> Result<()> {
    let mut unlink =
        tx.prepare_cached("UPDATE event_mentions SET event_id = NULL WHERE event_id = ?1")?;
    let mut delete_links = tx.prepare_cached("DELETE FROM event_entities WHERE event_id = ?1")?;
    let mut delete = tx.prepare_cached("DELETE FROM events WHERE id = ?1")?;
    for &event in events {
        unlink.execute([event])?;
        delete_links.execute([event])?;
        delete.execute([event])?;
    }
    Ok(())
}

/// Writes merged events with ids from `first_id`, links their mentions and
/// actors, and returns the event of each mention key.
fn write_events(
    tx: &Connection,
    events: &[Event],
    ids: &[(i64, i64)],
    records: &[MentionRecord],
    keys: &[String],
    first_id: i64,
) -> Result<HashMap<String, i64>> {
    let mut event_of_key: HashMap<String, i64> = HashMap::new();
    let mut set_event =
        tx.prepare_cached("UPDATE event_mentions SET event_id = ?2 WHERE id = ?1")?;
    let mut place_of = tx.prepare_cached(
        "SELECT p.id, p.name, p.lat, p.lon, p.kind FROM place_mentions pm JOIN places p ON p.id = pm.place_id \
         WHERE pm.article_id = ?1 AND pm.start = ?2 AND pm.end = ?3",
    )?;
    let mut entity_of = tx.prepare_cached(ACTOR_ENTITY)?;
    let mut link_entity = tx.prepare_cached(
        "INSERT OR IGNORE INTO event_entities (event_id, entity_id, role) VALUES (?1, ?2, ?3)",
    )?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO events (id, kind, family, date, precision, first_day, last_day, place_id, place_name, lat, lon, \
         actors, killed, injured, source_count, mention_count, disagreements, summary, anchor) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
    )?;
    for (n, event) in events.iter().enumerate() {
        let event_id = first_id + n as i64;
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
                if !actors
                    .iter()
                    .any(|(a, r)| same_actor(a, name) && *r == role.role)
                {
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
        let disputes = convert_disagreements(&disagreements(event, records));
        let killed = consensus(&members, FigureKind::Killed);
        let injured = consensus(&members, FigureKind::Injured);
        actors.sort_by_key(|(_, r)| role_str(*r) != "agent");
        insert.execute(params![
            event_id,
            event.kind.as_str(),
            family_str(event.kind),
            event.date.as_ref().map(|d| d.value.clone()),
            event
                .date
                .as_ref()
                .map(|d| json_name(&d.precision))
                .unwrap_or_else(|| "reported".into()),
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
        ])?;
    }
    Ok(event_of_key)
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
/// The entity an actor names: the longest entity mention inside the actor's
/// words, which may be wider than the mention ("Iraqi government" for the
/// tagger's "Iraqi").
const ACTOR_ENTITY: &str =
    "SELECT entity_id FROM mentions WHERE article_id = ?1 AND start >= ?2 AND end <= ?3 \
     AND entity_id IS NOT NULL ORDER BY end - start DESC, start LIMIT 1";

/// "US", "U.S." and "United States" are one actor: an event lists it once,
/// as first written.
fn same_actor(a: &str, b: &str) -> bool {
    a == b || dossier_analysis::events::actor_key(a) == dossier_analysis::events::actor_key(b)
}

fn summary(kind: EventKind, actors: &[(String, RoleKind)], place: Option<&str>) -> String {
    let label = kind.as_str().replace('_', " ");
    let mut s = format!("{}{}", label[..1].to_uppercase(), &label[1..]);
    let find = |role: RoleKind| {
        actors
            .iter()
            .find(|(_, r)| *r == role)
            .map(|(name, _)| dossier_analysis::events::demonym_title(name).unwrap_or(name.as_str()))
    };
    let by = find(RoleKind::Agent)
        .map(|a| format!(" by {a}"))
        .unwrap_or_default();
    let to = find(RoleKind::Target)
        .map(|t| format!(" {} {t}", target_preposition(kind)))
        .unwrap_or_default();
    // "Killing of Soleimani by …", but "Airstrike by US on Kataib Hezbollah".
    if target_preposition(kind) == "of" {
        s.push_str(&to);
        s.push_str(&by);
    } else {
        s.push_str(&by);
        s.push_str(&to);
    }
    if let Some(place) = place {
        s.push_str(&format!(" in {place}"));
    }
    s
}

/// How English joins an event to what it was done to: an airstrike *on* a
/// group, the killing *of* a commander, a meeting *with* a minister.
fn target_preposition(kind: EventKind) -> &'static str {
    match kind {
        EventKind::Killing | EventKind::Abduction | EventKind::Arrest | EventKind::Condemnation => {
            "of"
        }
        EventKind::Meeting
        | EventKind::Agreement
        | EventKind::Ceasefire
        | EventKind::ArmedClash => "with",
        EventKind::Protest | EventKind::Riot | EventKind::Threat => "against",
        _ => "on",
    }
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

/// Events spanning at most this many days (a day, a week, a month: nearly
/// all) are found from this many days before a window; the longer ones
/// (a year, a season) have their own index (migration 0010).
const SHORT_SPAN: i64 = 31;

/// The timeline's conditions other than the window's lower walk bound:
/// window, entity, story, kind and place.
fn timeline_conditions(
    conn: &Connection,
    filter: &EventFilter,
) -> Result<(Vec<String>, Vec<rusqlite::types::Value>)> {
    use rusqlite::types::Value;
    let (mut clauses, mut args) = event_conditions(&filter.geo);
    if let Some(kind) = filter.kind.as_deref().filter(|k| !k.is_empty()) {
        args.push(Value::Text(kind.to_string()));
        // A name is a kind ("airstrike"), a family ("violence") or both
        // ("protest"): when only one column holds it, that column's
        // date index answers alone.
        let holds = |column: &str| -> Result<bool> {
            Ok(conn
                .prepare_cached(&format!("SELECT 1 FROM events WHERE {column} = ?1 LIMIT 1"))?
                .exists([kind])?)
        };
        let clause = match (holds("kind")?, holds("family")?) {
            (_, false) => "e.kind = ?{0}",
            (false, true) => "e.family = ?{0}",
            (true, true) => "(e.kind = ?{0} OR e.family = ?{0})",
        };
        clauses.push(clause.replace("{0}", &args.len().to_string()));
    }
    if let Some(place) = filter.place_id {
        args.push(Value::Integer(place));
        clauses.push(format!("e.place_id = ?{}", args.len()));
    }
    Ok((clauses, args))
}

/// An entity's timeline. The links carry their events' days (migration
/// 0011): the entity's events in the window are one index range; the events
/// table is read only for the other filters and the page.
fn entity_timeline(
    conn: &Connection,
    filter: &EventFilter,
    entity: i64,
    offset: usize,
    limit: usize,
) -> Result<(usize, Vec<EventRow>)> {
    use rusqlite::types::Value;
    let rest = EventFilter {
        geo: GeoFilter {
            entity_id: None,
            from_day: None,
            to_day: None,
            ..filter.geo.clone()
        },
        ..filter.clone()
    };
    let (mut clauses, mut args) = timeline_conditions(conn, &rest)?;
    let join = if clauses.is_empty() {
        ""
    } else {
        "JOIN events e ON e.id = ee.event_id"
    };
    args.push(Value::Integer(entity));
    clauses.push(format!("ee.entity_id = ?{}", args.len()));
    if let Some(from) = filter.geo.from_day {
        args.push(Value::Integer(i64::from(from)));
        clauses.push(format!("ee.last_day >= ?{}", args.len()));
    }
    if let Some(to) = filter.geo.to_day {
        args.push(Value::Integer(i64::from(to)));
        clauses.push(format!("ee.first_day <= ?{}", args.len()));
    }
    let sql = format!(
        "SELECT ee.first_day, ee.event_id FROM event_entities ee {join} WHERE {}",
        clauses.join(" AND ")
    );
    let mut keys = day_id_pairs(conn, &sql, &args)?;
    keys.sort_unstable_by_key(|&(day, id)| (day.is_none(), day, id));
    // An entity in two roles of one event is linked twice.
    keys.dedup_by_key(|k| k.1);
    Ok((keys.len(), page_of(conn, &keys, offset, limit)?))
}

/// A window's timeline, in two walks of date indexes: events spanning at
/// most [`SHORT_SPAN`] days from that many days before the window, the
/// longer ones through their partial index (migration 0010).
fn window_timeline(
    conn: &Connection,
    filter: &EventFilter,
    from: i64,
    offset: usize,
    limit: usize,
) -> Result<(usize, Vec<EventRow>)> {
    let (clauses, args) = timeline_conditions(conn, filter)?;
    let longest = crate::places::longest_event_span(conn)?.unwrap_or(0);
    let parts = [
        format!(
            "e.last_day - e.first_day <= {SHORT_SPAN} AND e.first_day >= {}",
            from - SHORT_SPAN
        ),
        format!(
            "e.last_day - e.first_day > {SHORT_SPAN} AND e.first_day >= {}",
            from - longest
        ),
    ];
    // A window and nothing else is counted from the per-day counts
    // (migration 0012) rather than by walking its events.
    let only_window =
        filter.kind.is_none() && filter.place_id.is_none() && filter.geo.story_id.is_none();
    let mut total = match only_window {
        true => count_window(conn, from, filter.geo.to_day, longest)?,
        false => 0,
    };
    let mut keys = Vec::new();
    for part in parts {
        let mut part_clauses = clauses.clone();
        part_clauses.push(part);
        let where_sql = part_clauses.join(" AND ");
        if !only_window {
            total += conn.query_row(
                &format!("SELECT count(*) FROM events e WHERE {where_sql}"),
                rusqlite::params_from_iter(&args),
                |r| r.get::<_, i64>(0),
            )? as usize;
        }
        keys.extend(day_id_pairs(
            conn,
            &format!(
                "SELECT e.first_day, e.id FROM events e WHERE {where_sql} ORDER BY e.first_day, e.id LIMIT {}",
                offset + limit
            ),
            &args,
        )?);
    }
    keys.sort_unstable();
    Ok((total, page_of(conn, &keys, offset, limit)?))
}

/// Any other timeline: the date index walked from its start, then the
/// undated events.
fn walked_timeline(
    conn: &Connection,
    filter: &EventFilter,
    offset: usize,
    limit: usize,
) -> Result<(usize, Vec<EventRow>)> {
    let (clauses, args) = timeline_conditions(conn, filter)?;
    let where_sql = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    // The whole library is the dated events' per-day counts and the
    // undated ones (an event has both days or neither).
    let total: i64 = if clauses.is_empty() {
        conn.query_row(
            "SELECT (SELECT coalesce(sum(events), 0) FROM event_day_counts) \
             + (SELECT count(*) FROM events WHERE first_day IS NULL)",
            [],
            |r| r.get(0),
        )?
    } else {
        conn.query_row(
            &format!("SELECT count(*) FROM events e {where_sql}"),
            rusqlite::params_from_iter(&args),
            |r| r.get(0),
        )?
    };
    // Dated events first, in date order, then the undated ones: each part
    // walks the date index instead of sorting every event.
    let part = |extra: &str, order: &str, offset: usize, limit: usize| -> Result<Vec<EventRow>> {
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

/// The events of `keys[offset..offset + limit]`, in that order.
fn page_of(
    conn: &Connection,
    keys: &[(Option<i64>, i64)],
    offset: usize,
    limit: usize,
) -> Result<Vec<EventRow>> {
    let page: Vec<i64> = keys.iter().skip(offset).take(limit).map(|k| k.1).collect();
    events_by_id(conn, &page)
}

/// How many events overlap the window from `from` to `to` (open when
/// `None`), from `event_day_counts`: only rows whose first day lies within
/// the longest span before the window are read.
fn count_window(conn: &Connection, from: i64, to: Option<i32>, longest: i64) -> Result<usize> {
    let to = to.map_or(i64::MAX, i64::from);
    let n: i64 = conn
        .prepare_cached(
            "SELECT coalesce(sum(events), 0) FROM event_day_counts \
             WHERE first_day >= ?1 AND first_day <= ?2 AND last_day >= ?3",
        )?
        .query_row(params![from - longest, to, from], |r| r.get(0))?;
    Ok(n as usize)
}

/// (first day, id) of the events a query selects, in its order.
fn day_id_pairs(
    conn: &Connection,
    sql: &str,
    args: &[rusqlite::types::Value],
) -> Result<Vec<(Option<i64>, i64)>> {
    let mut stmt = conn.prepare(sql)?;
    let pairs = stmt
        .query_map(rusqlite::params_from_iter(args), |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(pairs)
}

/// The events with these ids, in this order.
fn events_by_id(conn: &Connection, ids: &[i64]) -> Result<Vec<EventRow>> {
    let mut found: HashMap<i64, EventRow> = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let list = chunk
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let mut stmt = conn.prepare(&format!(
            "SELECT {EVENT_COLUMNS} FROM events e WHERE e.id IN ({list})"
        ))?;
        for row in stmt.query_map([], event_row)? {
            let row = row?;
            found.insert(row.id, row);
        }
    }
    Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
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
    // Only counted here: skipping the values is cheaper than building them.
    let disputes: Vec<serde::de::IgnoredAny> = serde_json::from_str(&disputes).unwrap_or_default();
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
        Ok(self.merge_new_events()?.new_mentions > 0)
    }

    /// Gives the event mentions that wait for an event theirs, reopening only
    /// the events near them (see [`merge_new_events`]); what an import calls
    /// when its articles are stored.
    pub fn merge_new_events(&self) -> Result<MergeReport> {
        self.merge_events_waiting(1)
    }

    /// [`Store::merge_new_events`] once at least `at_least` mentions wait: a
    /// long import merges in large steps, which bounds its memory without
    /// reopening the same events over and over.
    pub fn merge_events_waiting(&self, at_least: usize) -> Result<MergeReport> {
        let mut conn = self.writer();
        if (mentions_without_event(&conn)? as usize) < at_least.max(1) {
            return Ok(MergeReport::default());
        }
        let tx = conn.transaction()?;
        let report = merge_new_events(&tx)?;
        tx.commit()?;
        Ok(report)
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
    ///
    /// Three ways to the page, by what the filter holds (each measured at a
    /// million articles, BENCHMARKS.md): an entity's events are found through
    /// `event_entities` and sorted; a window's through the date index in two
    /// walks, one for events spanning at most `SHORT_SPAN` days (nearly
    /// all) from that many days before the window, one for the few longer
    /// ones through their own index; anything else walks the date index from
    /// its start. The first two collect (day, id) pairs from the indexes and
    /// read only the page's rows.
    pub fn timeline(
        &self,
        filter: &EventFilter,
        offset: usize,
        limit: usize,
    ) -> Result<(usize, Vec<EventRow>)> {
        let conn = self.reader();
        let limit = if limit == 0 {
            10_000
        } else {
            limit.min(100_000)
        };
        if let Some(entity) = filter.geo.entity_id {
            entity_timeline(&conn, filter, entity, offset, limit)
        } else if let Some(from) = filter.geo.from_day {
            window_timeline(&conn, filter, i64::from(from), offset, limit)
        } else {
            walked_timeline(&conn, filter, offset, limit)
        }
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
        let mut entity_of = conn.prepare_cached(ACTOR_ENTITY)?;
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
                let entity_id: Option<i64> = entity_of
                    .query_row(
                        params![article_id, role.span.start as i64, role.span.end as i64],
                        |r| r.get(0),
                    )
                    .optional()?;
                // One chip per entity: "U.S." and "US" are both the United
                // States. Names of two entities stay apart even when the
                // merge counts them as one actor ("Baghdad" and "Iraqi"), so
                // that each entity's profile lists the event.
                let listed = |a: &EventActor| match (a.entity_id, entity_id) {
                    (Some(x), Some(y)) => x == y,
                    _ => same_actor(&a.name, name),
                };
                if actors.iter().any(|a| a.role == role_name && listed(a)) {
                    continue;
                }
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
