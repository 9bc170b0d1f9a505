//! Places: article spans resolved to gazetteer entries, aggregated for the
//! map, and the user's corrections of where a name is.

use std::collections::{HashMap, HashSet};

use dossier_analysis::geo::{EntryId, Gazetteer, DOUBTFUL_BELOW};
use dossier_analysis::link::key;
use dossier_core::Span;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::articles::ArticleRow;
use crate::entities::now;
use crate::events::EventRow;
use crate::{Result, Store, StoreError};

/// A toponym as the resolver placed it, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPlaceMention {
    pub span: Span,
    pub entry: u32,
    pub name: String,
    pub country: String,
    pub kind: String,
    pub lat: f64,
    pub lon: f64,
    pub confidence: f32,
}

/// Filters of the map (and the timeline): inclusive days since 1970-01-01.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GeoFilter {
    pub from_day: Option<i32>,
    pub to_day: Option<i32>,
    pub entity_id: Option<i64>,
    pub story_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PlaceRow {
    pub id: i64,
    pub name: String,
    pub country: String,
    pub kind: String,
    pub lat: f64,
    pub lon: f64,
    pub mention_count: i64,
    pub article_count: i64,
    pub event_count: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PlaceDetail {
    pub place: PlaceRow,
    pub names: Vec<String>,
    pub user_corrected: bool,
    pub articles: Vec<ArticleRow>,
    pub events: Vec<EventRow>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PlaceCandidate {
    pub entry: u32,
    pub name: String,
    /// The first-level division it lies in ("Illinois"), empty when none:
    /// what tells ten Springfields apart.
    pub division: String,
    pub country: String,
    pub kind: String,
    pub lat: f64,
    pub lon: f64,
    pub population: u32,
}

/// A name the resolver could not place with confidence, waiting for the
/// user: where it guessed, what else the name may mean, and one sentence that
/// uses it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PlaceDoubt {
    /// The name as written (its most confident mention's spelling).
    pub name: String,
    pub mention_count: i64,
    pub article_count: i64,
    /// The resolver's best guess, first of `candidates`.
    pub guess: u32,
    /// The guess, then the other entries the name may mean, most populous first.
    pub candidates: Vec<PlaceCandidate>,
    pub example: DoubtExample,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DoubtExample {
    pub article_id: i64,
    pub title: String,
    /// The sentence holding the mention, as plain text.
    pub sentence: String,
}

/// The user's choice for a name: another gazetteer entry, or a pin.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum PlaceCorrection {
    Entry {
        name: String,
        entry: u32,
    },
    Pin {
        name: String,
        lat: f64,
        lon: f64,
        label: String,
    },
}

pub(crate) fn insert_place_mentions(
    tx: &Connection,
    article_id: i64,
    text: &str,
    places: &[NewPlaceMention],
) -> Result<()> {
    // What the user said of a name, in one lookup per mention: not a place,
    // or where it is.
    let mut users_word = tx.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM place_dismissals WHERE key = ?1), \
                (SELECT place_id FROM place_corrections WHERE key = ?1)",
    )?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO place_mentions (article_id, start, end, surface, key, place_id, confidence) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut hold = tx.prepare_cached(
        "INSERT INTO place_doubts (article_id, start, end, surface, key, entry, confidence) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for p in places {
        let surface = text.get(p.span.start..p.span.end).unwrap_or(&p.name);
        let k = key(surface);
        let (dismissed, corrected) = users_word.query_row([&k], |r| {
            Ok((r.get::<_, bool>(0)?, r.get::<_, Option<i64>>(1)?))
        })?;
        if dismissed {
            continue;
        }
        let place_id = match corrected {
            Some(id) => id,
            // A guess is held for the user, not drawn; once the user has
            // said where the name is (above), it is no longer a guess.
            None if p.confidence < DOUBTFUL_BELOW => {
                hold.execute(params![
                    article_id,
                    p.span.start as i64,
                    p.span.end as i64,
                    surface,
                    k,
                    p.entry,
                    p.confidence as f64
                ])?;
                continue;
            }
            None => place_for_entry(tx, p)?,
        };
        insert.execute(params![
            article_id,
            p.span.start as i64,
            p.span.end as i64,
            surface,
            k,
            place_id,
            p.confidence as f64
        ])?;
    }
    Ok(())
}

fn place_for_entry(tx: &Connection, p: &NewPlaceMention) -> Result<i64> {
    if let Some(id) = tx
        .prepare_cached("SELECT id FROM places WHERE entry = ?1")?
        .query_row([p.entry], |r| r.get(0))
        .optional()?
    {
        return Ok(id);
    }
    tx.execute(
        "INSERT INTO places (entry, name, country, kind, lat, lon) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![p.entry, p.name, p.country, p.kind, p.lat, p.lon],
    )?;
    Ok(tx.last_insert_rowid())
}

/// The entries a written name may mean; a facility the gazetteer lacks
/// ("Erbil Airport") falls back to its town ("Erbil").
fn candidates_for(gaz: &Gazetteer, name: &str) -> Vec<dossier_analysis::geo::Entry> {
    let words: Vec<&str> = name.split_whitespace().collect();
    (1..=words.len())
        .rev()
        .map(|n| gaz.candidates(&words[..n].join(" ")))
        .find(|found| !found.is_empty())
        .unwrap_or_default()
}

/// The events reported by the articles that name a place written so (`key`):
/// the only events a change to that name can move.
fn events_of_articles_naming(tx: &Connection, k: &str) -> Result<Vec<i64>> {
    let mut stmt = tx.prepare(
        "SELECT DISTINCT em.event_id FROM place_mentions pm JOIN event_mentions em ON em.article_id = pm.article_id \
         WHERE pm.key = ?1 AND em.event_id IS NOT NULL",
    )?;
    let ids = stmt
        .query_map([k], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// The gazetteer entries some of `names` may mean, most populous first.
fn name_candidates(names: &[String]) -> Vec<PlaceCandidate> {
    let gaz = Gazetteer::builtin();
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for name in names {
        for e in candidates_for(gaz, name) {
            if seen.insert(e.id) {
                out.push(candidate_of(gaz, &e));
            }
        }
    }
    out.sort_by_key(|c| std::cmp::Reverse(c.population));
    out.truncate(50);
    out
}

fn candidate_of(gaz: &Gazetteer, e: &dossier_analysis::geo::Entry) -> PlaceCandidate {
    PlaceCandidate {
        entry: e.id.0,
        name: e.name.to_string(),
        division: gaz
            .parent(e)
            .map(|p| p.name.to_string())
            .unwrap_or_default(),
        country: e.country.to_string(),
        kind: e.kind.as_str().to_string(),
        lat: e.lat,
        lon: e.lon,
        population: e.population,
    }
}

/// The sentence of `text` that holds `span`, on one line.
fn sentence_around(text: &str, span: Span) -> String {
    let sentence = dossier_analysis::sentences::split(text)
        .into_iter()
        .find(|s| s.start <= span.start && span.start < s.end)
        .and_then(|s| text.get(s.start..s.end))
        .unwrap_or("");
    sentence.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// SQL conditions on `a` (articles) for a geo filter, with their arguments.
pub(crate) fn article_conditions(
    filter: &GeoFilter,
    args: &mut Vec<rusqlite::types::Value>,
) -> Vec<String> {
    let filter = crate::ArticleFilter {
        from_day: filter.from_day,
        to_day: filter.to_day,
        entity_id: filter.entity_id,
        story_id: filter.story_id,
        ..Default::default()
    };
    crate::articles::filter_clauses(&filter, args)
}

/// Counts a newly written article's place mentions into the summaries per
/// entity (`entity_places`, `entity_place_days`): each entity it mentions
/// gets the article's mentions of each place it names, and the article once
/// per place. Called once its annotations are all written; from then on the
/// triggers of migration 0007 keep its rows exact as mentions move or go.
pub(crate) fn count_article_places(tx: &Connection, article_id: i64) -> Result<()> {
    const PAIRS: &str = "FROM (SELECT DISTINCT entity_id FROM mentions WHERE article_id = ?1 AND entity_id IS NOT NULL) e, \
         (SELECT place_id, count(*) AS n FROM place_mentions WHERE article_id = ?1 GROUP BY place_id) p WHERE true";
    tx.prepare_cached(&format!(
        "INSERT INTO entity_places (entity_id, place_id, mentions, articles) \
         SELECT e.entity_id, p.place_id, p.n, 1 {PAIRS} \
         ON CONFLICT (entity_id, place_id) DO UPDATE SET \
         mentions = mentions + excluded.mentions, articles = articles + 1"
    ))?
    .execute([article_id])?;
    tx.prepare_cached(&format!(
        "INSERT INTO entity_place_days (entity_id, day, place_id, mentions, articles) \
         SELECT e.entity_id, coalesce((SELECT published_day FROM articles WHERE id = ?1), {UNDATED_DAY}), \
         p.place_id, p.n, 1 {PAIRS} \
         ON CONFLICT (entity_id, day, place_id) DO UPDATE SET \
         mentions = mentions + excluded.mentions, articles = articles + 1"
    ))?
    .execute([article_id])?;
    Ok(())
}

/// Undated articles are counted under this day in `place_days`.
const UNDATED_DAY: i64 = -1_000_000;

/// SQL conditions on a publication-day column for a geo filter's dates.
/// Undated articles are left out as soon as either bound is set, as in
/// [`article_conditions`].
fn day_conditions(
    filter: &GeoFilter,
    column: &str,
    args: &mut Vec<rusqlite::types::Value>,
) -> Vec<String> {
    use rusqlite::types::Value;
    let mut clauses = Vec::new();
    if filter.from_day.is_some() || filter.to_day.is_some() {
        args.push(Value::Integer(UNDATED_DAY));
        clauses.push(format!("{column} > ?{}", args.len()));
    }
    if let Some(from) = filter.from_day {
        args.push(Value::Integer(from as i64));
        clauses.push(format!("{column} >= ?{}", args.len()));
    }
    if let Some(to) = filter.to_day {
        args.push(Value::Integer(to as i64));
        clauses.push(format!("{column} <= ?{}", args.len()));
    }
    clauses
}

/// Recounts the event summaries the map reads: events per place and date
/// range (`event_place_days`), per place (`event_place_totals`), and per
/// entity and place, with and without dates (`entity_event_places`,
/// `entity_event_place_days`); called whenever every event is rebuilt.
pub(crate) fn refresh_event_places(tx: &Connection) -> Result<()> {
    tx.execute("DELETE FROM event_place_days", [])?;
    tx.execute(
        "INSERT INTO event_place_days (first_day, last_day, place_id, events) \
         SELECT first_day, last_day, place_id, count(*) FROM events WHERE place_id IS NOT NULL GROUP BY 1, 2, 3",
        [],
    )?;
    tx.execute("DELETE FROM event_place_totals", [])?;
    tx.execute(
        "INSERT INTO event_place_totals (place_id, events) \
         SELECT place_id, count(*) FROM events WHERE place_id IS NOT NULL GROUP BY 1",
        [],
    )?;
    tx.execute("DELETE FROM entity_event_place_days", [])?;
    tx.execute(
        "INSERT INTO entity_event_place_days (entity_id, first_day, last_day, place_id, events) \
         SELECT ee.entity_id, e.first_day, e.last_day, e.place_id, count(*) \
         FROM (SELECT DISTINCT event_id, entity_id FROM event_entities) ee JOIN events e ON e.id = ee.event_id \
         WHERE e.place_id IS NOT NULL GROUP BY 1, 2, 3, 4",
        [],
    )?;
    tx.execute("DELETE FROM entity_event_places", [])?;
    tx.execute(
        "INSERT INTO entity_event_places (entity_id, place_id, events) \
         SELECT entity_id, place_id, sum(events) FROM entity_event_place_days GROUP BY 1, 2",
        [],
    )?;
    Ok(())
}

/// Adds (`sign` 1) or takes away (`sign` -1) the given events in the
/// summaries of events per place and per entity and place
/// (`event_place_totals`, `entity_event_places`, `entity_event_place_days`),
/// so that replacing a few events does not recount them all. Call it with -1
/// while the events and their `event_entities` rows are still stored, and
/// with 1 once the new ones and their `event_entities` rows are written (an
/// event's entities are those rows, each entity once whatever its roles).
/// [`count_event_places`] calls it with the same events.
pub(crate) fn count_event_summaries(tx: &Connection, events: &[i64], sign: i64) -> Result<()> {
    type Days = (Option<i64>, Option<i64>);
    let mut of_event = tx.prepare_cached(
        "SELECT first_day, last_day, place_id FROM events WHERE id = ?1 AND place_id IS NOT NULL",
    )?;
    let mut entities_of =
        tx.prepare_cached("SELECT DISTINCT entity_id FROM event_entities WHERE event_id = ?1")?;
    let mut by_place: HashMap<i64, i64> = HashMap::new();
    let mut by_entity: HashMap<(i64, i64), i64> = HashMap::new();
    let mut by_entity_days: HashMap<(i64, Days, i64), i64> = HashMap::new();
    for &event in events {
        let Some((first, last, place)) = of_event
            .query_row([event], |r| {
                Ok((
                    r.get::<_, Option<i64>>(0)?,
                    r.get::<_, Option<i64>>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })
            .optional()?
        else {
            continue;
        };
        *by_place.entry(place).or_default() += sign;
        let entities: Vec<i64> = entities_of
            .query_map([event], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for entity in entities {
            *by_entity.entry((entity, place)).or_default() += sign;
            *by_entity_days
                .entry((entity, (first, last), place))
                .or_default() += sign;
        }
    }
    let mut add_place = tx.prepare_cached(
        "INSERT INTO event_place_totals (place_id, events) VALUES (?1, ?2) \
         ON CONFLICT (place_id) DO UPDATE SET events = events + excluded.events",
    )?;
    for (place, n) in by_place {
        add_place.execute(params![place, n])?;
    }
    let mut add_entity = tx.prepare_cached(
        "INSERT INTO entity_event_places (entity_id, place_id, events) VALUES (?1, ?2, ?3) \
         ON CONFLICT (entity_id, place_id) DO UPDATE SET events = events + excluded.events",
    )?;
    for ((entity, place), n) in by_entity {
        add_entity.execute(params![entity, place, n])?;
    }
    let mut update = tx.prepare_cached(
        "UPDATE entity_event_place_days SET events = events + ?5 \
         WHERE entity_id = ?1 AND first_day IS ?2 AND last_day IS ?3 AND place_id = ?4",
    )?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO entity_event_place_days (entity_id, first_day, last_day, place_id, events) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut drop_empty = tx.prepare_cached(
        "DELETE FROM entity_event_place_days \
         WHERE entity_id = ?1 AND first_day IS ?2 AND last_day IS ?3 AND place_id = ?4 AND events <= 0",
    )?;
    for ((entity, (first, last), place), n) in by_entity_days {
        if update.execute(params![entity, first, last, place, n])? == 0 {
            insert.execute(params![entity, first, last, place, n])?;
        }
        if n < 0 {
            drop_empty.execute(params![entity, first, last, place])?;
        }
    }
    Ok(())
}

/// The most days an event's date range spans beyond its first (none when
/// no event is dated). An event ending on or after `from` then starts on or
/// after `from` minus this, which bounds a window's walk of a date index
/// from below (read at once from `events_by_span`). An event's first and
/// last day are both set or both unset.
pub(crate) fn longest_event_span(conn: &Connection) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT max(last_day - first_day) FROM events")?
        .query_row([], |r| r.get(0))?)
}

/// Adds (`sign` 1) or takes away (`sign` -1) the given events' counts in
/// `event_places_days`, and through [`count_event_summaries`] in the other
/// event summaries: merging new mentions replaces a few events without
/// recounting them all.
pub(crate) fn count_event_places(tx: &Connection, events: &[i64], sign: i64) -> Result<()> {
    let mut of_event = tx.prepare_cached(
        "SELECT first_day, last_day, place_id FROM events WHERE id = ?1 AND place_id IS NOT NULL",
    )?;
    let mut counts: HashMap<(Option<i64>, Option<i64>, i64), i64> = HashMap::new();
    for &event in events {
        if let Some(key) = of_event
            .query_row([event], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?
        {
            *counts.entry(key).or_default() += sign;
        }
    }
    let mut update = tx.prepare_cached(
        "UPDATE event_place_days SET events = events + ?4 \
         WHERE first_day IS ?1 AND last_day IS ?2 AND place_id = ?3",
    )?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO event_place_days (first_day, last_day, place_id, events) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut drop_empty = tx.prepare_cached(
        "DELETE FROM event_place_days WHERE first_day IS ?1 AND last_day IS ?2 AND place_id = ?3 AND events <= 0",
    )?;
    for ((first, last, place), n) in counts {
        if update.execute(params![first, last, place, n])? == 0 {
            insert.execute(params![first, last, place, n])?;
        }
        if n < 0 {
            drop_empty.execute(params![first, last, place])?;
        }
    }
    count_event_summaries(tx, events, sign)
}

fn where_sql(clauses: &[String]) -> String {
    if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    }
}

impl Store {
    /// The places the filtered articles mention, with mention, article and
    /// event counts (events by their own dates).
    pub fn places(&self, filter: &GeoFilter) -> Result<Vec<PlaceRow>> {
        self.place_rows(filter, None)
    }

    /// The aggregated rows of the filtered places, or of one place.
    fn place_rows(&self, filter: &GeoFilter, only: Option<i64>) -> Result<Vec<PlaceRow>> {
        use rusqlite::types::Value;
        let mut args = Vec::new();
        let dated = filter.from_day.is_some() || filter.to_day.is_some();
        // Each way of filtering has a summary with one row per place (and
        // day, when dates are asked for) that answers it, except a story,
        // whose few articles are counted themselves. Each gives
        // (place_id, mentions, articles).
        // The one place asked for, on the given column.
        let only_place = |column: &str, clauses: &mut Vec<String>, args: &mut Vec<Value>| {
            if let Some(id) = only {
                args.push(Value::Integer(id));
                clauses.push(format!("{column} = ?{}", args.len()));
            }
        };
        let counts = match (filter.story_id, filter.entity_id) {
            (Some(_), _) => {
                let mut clauses = article_conditions(filter, &mut args);
                only_place("pm.place_id", &mut clauses, &mut args);
                format!(
                    "SELECT pm.place_id, count(*) AS mentions, count(DISTINCT pm.article_id) AS articles \
                     FROM place_mentions pm JOIN articles a ON a.id = pm.article_id {} GROUP BY pm.place_id",
                    where_sql(&clauses)
                )
            }
            (None, Some(entity)) if dated => {
                args.push(Value::Integer(entity));
                let mut clauses = vec![format!("d.entity_id = ?{}", args.len())];
                clauses.extend(day_conditions(filter, "d.day", &mut args));
                only_place("d.place_id", &mut clauses, &mut args);
                format!(
                    "SELECT d.place_id, sum(d.mentions) AS mentions, sum(d.articles) AS articles \
                     FROM entity_place_days d {} GROUP BY d.place_id",
                    where_sql(&clauses)
                )
            }
            (None, Some(entity)) => {
                args.push(Value::Integer(entity));
                let mut clauses = vec![format!("d.entity_id = ?{}", args.len())];
                only_place("d.place_id", &mut clauses, &mut args);
                format!(
                    "SELECT d.place_id, d.mentions, d.articles FROM entity_places d {}",
                    where_sql(&clauses)
                )
            }
            // Aggregated first, then joined: the summary is keyed by day, so
            // looking it up place by place would read it whole per place.
            (None, None) if dated => {
                let mut clauses = day_conditions(filter, "d.day", &mut args);
                only_place("d.place_id", &mut clauses, &mut args);
                format!(
                    "SELECT d.place_id, sum(d.mentions) AS mentions, sum(d.articles) AS articles \
                     FROM place_days d {} GROUP BY d.place_id",
                    where_sql(&clauses)
                )
            }
            (None, None) => {
                let mut clauses = Vec::new();
                only_place("d.place_id", &mut clauses, &mut args);
                format!(
                    "SELECT d.place_id, d.mentions, d.articles FROM place_totals d {}",
                    where_sql(&clauses)
                )
            }
        };
        let sql = format!(
            "SELECT p.id, p.name, p.country, p.kind, p.lat, p.lon, s.mentions, s.articles \
             FROM ({counts}) s JOIN places p ON p.id = s.place_id WHERE s.mentions > 0 \
             ORDER BY s.mentions DESC, p.id"
        );
        let conn = self.reader();
        let mut stmt = conn.prepare(&sql)?;
        let mut rows: Vec<PlaceRow> = stmt
            .query_map(rusqlite::params_from_iter(&args), |r| {
                Ok(PlaceRow {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    country: r.get(2)?,
                    kind: r.get(3)?,
                    lat: r.get(4)?,
                    lon: r.get(5)?,
                    mention_count: r.get(6)?,
                    article_count: r.get(7)?,
                    event_count: 0,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        drop(stmt);
        drop(conn);
        let counts = self.event_counts_by_place(filter)?;
        for row in &mut rows {
            row.event_count = counts.get(&row.id).copied().unwrap_or(0);
        }
        Ok(rows)
    }

    /// One place with the filtered articles that mention it and its events.
    pub fn place(&self, id: i64, filter: &GeoFilter) -> Result<PlaceDetail> {
        let mut place = self
            .place_rows(&GeoFilter::default(), Some(id))?
            .pop()
            .ok_or(StoreError::NoSuchPlace(id))?;
        let names = self.place_names(id)?;
        let conn = self.reader();
        let user_corrected = conn
            .prepare_cached("SELECT 1 FROM place_corrections WHERE place_id = ?1")?
            .exists([id])?;
        let mut args = vec![rusqlite::types::Value::Integer(id)];
        let mut clauses = article_conditions(filter, &mut args);
        clauses.push("pm.place_id = ?1".into());
        let sql = format!(
            "SELECT DISTINCT pm.article_id FROM place_mentions pm JOIN articles a ON a.id = pm.article_id {} \
             ORDER BY a.published_day DESC LIMIT 200",
            where_sql(&clauses)
        );
        let mut stmt = conn.prepare(&sql)?;
        let ids: Vec<i64> = stmt
            .query_map(rusqlite::params_from_iter(&args), |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        drop(stmt);
        drop(conn);
        let articles = self.rows_by_ids(&ids)?;
        place.article_count = articles.len() as i64;
        let events = self.events_at_place(id, filter)?;
        Ok(PlaceDetail {
            place,
            names,
            user_corrected,
            articles,
            events,
        })
    }

    /// How the articles write a place's name.
    fn place_names(&self, id: i64) -> Result<Vec<String>> {
        let conn = self.reader();
        let names = conn
            .prepare_cached(
                "SELECT DISTINCT surface FROM place_mentions WHERE place_id = ?1 ORDER BY surface",
            )?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(names)
    }

    /// Other gazetteer entries the place's names could mean, most populous first.
    pub fn place_candidates(&self, id: i64) -> Result<Vec<PlaceCandidate>> {
        Ok(name_candidates(&self.place_names(id)?))
    }

    /// The held names of some articles with their mentions there, most
    /// mentioned first (a report's "not on the map" line).
    pub fn doubt_names_in(&self, article_ids: &[i64]) -> Result<Vec<(String, i64)>> {
        let conn = self.reader();
        let mut by_key: HashMap<String, (String, i64)> = HashMap::new();
        // Bound parameters in chunks well under SQLite's limit.
        for chunk in article_ids.chunks(500) {
            let marks = vec!["?"; chunk.len()].join(",");
            let mut stmt = conn.prepare(&format!(
                "SELECT key, min(surface), count(*) FROM place_doubts \
                 WHERE article_id IN ({marks}) GROUP BY key"
            ))?;
            let rows = stmt.query_map(rusqlite::params_from_iter(chunk), |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })?;
            for row in rows {
                let (k, name, n) = row?;
                let slot = by_key.entry(k).or_insert((name, 0));
                slot.1 += n;
            }
        }
        let mut names: Vec<(String, i64)> = by_key.into_values().collect();
        names.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(names)
    }

    /// The names held as doubtful, most mentioned first, at most `limit`.
    pub fn place_doubts(&self, limit: usize) -> Result<Vec<PlaceDoubt>> {
        let conn = self.reader();
        // With max(), SQLite takes the other bare columns from the row that
        // holds the maximum: the most confident mention of each name.
        let mut stmt = conn.prepare_cached(
            "SELECT d.n, d.articles, d.surface, d.entry, d.article_id, d.start, d.end, \
                    a.title, a.text \
             FROM (SELECT key, count(*) AS n, count(DISTINCT article_id) AS articles, \
                          max(confidence), surface, entry, article_id, start, end \
                   FROM place_doubts GROUP BY key ORDER BY n DESC, surface LIMIT ?1) d \
             JOIN articles a ON a.id = d.article_id \
             ORDER BY d.n DESC, d.surface",
        )?;
        let rows = stmt.query_map([limit as i64], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, u32>(3)?,
                r.get::<_, i64>(4)?,
                Span::new(r.get::<_, i64>(5)? as usize, r.get::<_, i64>(6)? as usize),
                r.get::<_, String>(7)?,
                r.get::<_, String>(8)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (mentions, articles, name, guess, article_id, span, title, text) = row?;
            // The guess first, even when it is a village too small to be
            // among the name's most populous namesakes.
            let mut candidates = name_candidates(std::slice::from_ref(&name));
            let guessed = match candidates.iter().position(|c| c.entry == guess) {
                Some(i) => Some(candidates.remove(i)),
                None => Gazetteer::builtin()
                    .entry(EntryId(guess))
                    .map(|e| candidate_of(Gazetteer::builtin(), &e)),
            };
            candidates.splice(0..0, guessed);
            out.push(PlaceDoubt {
                name,
                mention_count: mentions,
                article_count: articles,
                guess,
                candidates,
                example: DoubtExample {
                    article_id,
                    title,
                    sentence: sentence_around(&text, span),
                },
            });
        }
        Ok(out)
    }

    /// Stores the user's choice for a name and moves every mention written so
    /// (past ones now, future ones as they are imported) to that place.
    /// Returns the place id.
    pub fn correct_place(&self, correction: &PlaceCorrection) -> Result<i64> {
        let mut conn = self.writer();
        let tx = conn.transaction()?;
        let (name, place_id) = match correction {
            PlaceCorrection::Entry { name, entry } => {
                let e = Gazetteer::builtin().entry(EntryId(*entry)).ok_or_else(|| {
                    StoreError::InvalidValue {
                        field: "entry",
                        message: format!("no gazetteer entry {entry}"),
                    }
                })?;
                let p = NewPlaceMention {
                    span: Span::new(0, 0),
                    entry: e.id.0,
                    name: e.name.to_string(),
                    country: e.country.to_string(),
                    kind: e.kind.as_str().to_string(),
                    lat: e.lat,
                    lon: e.lon,
                    confidence: 1.0,
                };
                (name, place_for_entry(&tx, &p)?)
            }
            PlaceCorrection::Pin {
                name,
                lat,
                lon,
                label,
            } => {
                if !(-90.0..=90.0).contains(lat) || !(-180.0..=180.0).contains(lon) {
                    return Err(StoreError::InvalidValue {
                        field: "pin",
                        message: format!("{lat}, {lon} is not on the map"),
                    });
                }
                // One pin per spot: the same pin given for several ways of
                // writing the name is one place.
                let existing: Option<i64> = tx
                    .query_row(
                        "SELECT id FROM places WHERE entry IS NULL AND name = ?1 AND lat = ?2 AND lon = ?3",
                        params![label, lat, lon],
                        |r| r.get(0),
                    )
                    .optional()?;
                let id = match existing {
                    Some(id) => id,
                    None => {
                        tx.execute(
                            "INSERT INTO places (entry, name, country, kind, lat, lon) VALUES (NULL, ?1, '', 'pin', ?2, ?3)",
                            params![label, lat, lon],
                        )?;
                        tx.last_insert_rowid()
                    }
                };
                (name, id)
            }
        };
        let k = key(name);
        // Placing a name the user had dismissed takes it back; its earlier
        // mentions return with the articles' next analysis.
        tx.execute("DELETE FROM place_dismissals WHERE key = ?1", [&k])?;
        tx.execute(
            "INSERT INTO place_corrections (key, place_id, corrected_at) VALUES (?1, ?2, ?3) \
             ON CONFLICT (key) DO UPDATE SET place_id = excluded.place_id, corrected_at = excluded.corrected_at",
            params![k, place_id, now()],
        )?;
        tx.execute(
            "UPDATE place_mentions SET place_id = ?2 WHERE key = ?1",
            params![k, place_id],
        )?;
        // The name's held guesses are now the user's answer.
        tx.execute(
            "INSERT INTO place_mentions (article_id, start, end, surface, key, place_id, confidence) \
             SELECT article_id, start, end, surface, key, ?2, 1.0 FROM place_doubts WHERE key = ?1",
            params![k, place_id],
        )?;
        tx.execute("DELETE FROM place_doubts WHERE key = ?1", [&k])?;
        // Only the events reported by articles that name the place can change
        // place; merging reads the coordinates analysis gave, not these.
        let touched = events_of_articles_naming(&tx, &k)?;
        crate::events::reopen_events(&tx, &touched)?;
        tx.commit()?;
        Ok(place_id)
    }

    /// The user says a name is not a place: its mentions leave the map and
    /// the unsure places, now and in future imports and re-analyses, and a
    /// location given for it before is forgotten. Returns how many mentions
    /// were taken off.
    pub fn dismiss_place_name(&self, name: &str) -> Result<usize> {
        let k = key(name);
        if k.is_empty() {
            return Err(StoreError::InvalidValue {
                field: "name",
                message: "an empty name".into(),
            });
        }
        let mut conn = self.writer();
        let tx = conn.transaction()?;
        tx.execute(
            "INSERT INTO place_dismissals (key, dismissed_at) VALUES (?1, ?2) \
             ON CONFLICT (key) DO UPDATE SET dismissed_at = excluded.dismissed_at",
            params![k, now()],
        )?;
        tx.execute("DELETE FROM place_corrections WHERE key = ?1", [&k])?;
        let touched = events_of_articles_naming(&tx, &k)?;
        let drawn = tx.execute("DELETE FROM place_mentions WHERE key = ?1", [&k])?;
        let held = tx.execute("DELETE FROM place_doubts WHERE key = ?1", [&k])?;
        crate::events::reopen_events(&tx, &touched)?;
        tx.commit()?;
        Ok(drawn + held)
    }

    /// Events per place for a filter, each event by its own dates.
    fn event_counts_by_place(&self, filter: &GeoFilter) -> Result<HashMap<i64, i64>> {
        use rusqlite::types::Value;
        let conn = self.reader();
        let dated = filter.from_day.is_some() || filter.to_day.is_some();
        // The date conditions on a summary of events by date range, bounded
        // below by the longest event so that the walk of its date index
        // starts near the window.
        let date_clauses = |args: &mut Vec<Value>| -> Result<Vec<String>> {
            let mut clauses = Vec::new();
            if let Some(from) = filter.from_day {
                args.push(Value::Integer(from as i64));
                clauses.push(format!("e.last_day >= ?{}", args.len()));
                if let Some(span) = longest_event_span(&conn)? {
                    args.push(Value::Integer(from as i64 - span));
                    clauses.push(format!("e.first_day >= ?{}", args.len()));
                }
            }
            if let Some(to) = filter.to_day {
                args.push(Value::Integer(to as i64));
                clauses.push(format!("e.first_day <= ?{}", args.len()));
            }
            Ok(clauses)
        };
        let mut args = Vec::new();
        let sql = match (filter.story_id, filter.entity_id) {
            (Some(_), _) => {
                let (clauses, found) = crate::events::event_conditions(filter);
                args = found;
                format!(
                    "SELECT e.place_id, count(*) FROM events e {} GROUP BY e.place_id",
                    where_sql(&[clauses, vec!["e.place_id IS NOT NULL".to_string()]].concat())
                )
            }
            (None, Some(entity)) if dated => {
                args.push(Value::Integer(entity));
                let mut clauses = vec!["e.entity_id = ?1".to_string()];
                clauses.extend(date_clauses(&mut args)?);
                format!(
                    "SELECT e.place_id, sum(e.events) FROM entity_event_place_days e {} GROUP BY e.place_id",
                    where_sql(&clauses)
                )
            }
            (None, Some(entity)) => {
                args.push(Value::Integer(entity));
                "SELECT place_id, events FROM entity_event_places WHERE entity_id = ?1".to_string()
            }
            // The same date conditions on the summary of events by place and dates.
            (None, None) if dated => format!(
                "SELECT e.place_id, sum(e.events) FROM event_place_days e {} GROUP BY e.place_id",
                where_sql(&date_clauses(&mut args)?)
            ),
            (None, None) => "SELECT place_id, events FROM event_place_totals".to_string(),
        };
        let mut stmt = conn.prepare(&sql)?;
        let counts = stmt
            .query_map(rusqlite::params_from_iter(&args), |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(counts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::curation::Curation;
    use crate::events::EventFilter;

    type Rows = Vec<Vec<i64>>;

    fn rows(conn: &Connection, sql: &str) -> Rows {
        let mut stmt = conn.prepare(sql).unwrap();
        let n = stmt.column_count();
        let mut out: Rows = stmt
            .query_map([], |r| {
                (0..n)
                    .map(|i| Ok(r.get::<_, Option<i64>>(i)?.unwrap_or(i64::MIN)))
                    .collect()
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        out.sort();
        out
    }

    /// Every map summary beside the same counts taken from the mentions,
    /// articles and events themselves (rows that count nothing left out).
    fn assert_summaries_exact(store: &Store, when: &str) {
        let conn = store.reader();
        let mentioned =
            "SELECT DISTINCT article_id, entity_id FROM mentions WHERE entity_id IS NOT NULL";
        let pairs = [
            (
                "place_days",
                "SELECT day, place_id, mentions, articles FROM place_days WHERE mentions <> 0 OR articles <> 0",
                "SELECT coalesce(a.published_day, -1000000), pm.place_id, count(*), count(DISTINCT pm.article_id) \
                 FROM place_mentions pm JOIN articles a ON a.id = pm.article_id GROUP BY 1, 2"
                    .to_string(),
            ),
            (
                "place_totals",
                "SELECT place_id, mentions, articles FROM place_totals WHERE mentions <> 0 OR articles <> 0",
                "SELECT place_id, count(*), count(DISTINCT article_id) FROM place_mentions GROUP BY 1"
                    .to_string(),
            ),
            (
                "entity_places",
                "SELECT entity_id, place_id, mentions, articles FROM entity_places WHERE mentions <> 0 OR articles <> 0",
                format!(
                    "SELECT me.entity_id, pm.place_id, count(*), count(DISTINCT pm.article_id) \
                     FROM ({mentioned}) me JOIN place_mentions pm ON pm.article_id = me.article_id GROUP BY 1, 2"
                ),
            ),
            (
                "entity_place_days",
                "SELECT entity_id, day, place_id, mentions, articles FROM entity_place_days WHERE mentions <> 0 OR articles <> 0",
                format!(
                    "SELECT me.entity_id, coalesce(a.published_day, -1000000), pm.place_id, count(*), count(DISTINCT pm.article_id) \
                     FROM ({mentioned}) me JOIN place_mentions pm ON pm.article_id = me.article_id \
                     JOIN articles a ON a.id = me.article_id GROUP BY 1, 2, 3"
                ),
            ),
            (
                "event_place_days",
                "SELECT first_day, last_day, place_id, sum(events) FROM event_place_days GROUP BY 1, 2, 3 HAVING sum(events) <> 0",
                "SELECT first_day, last_day, place_id, count(*) FROM events WHERE place_id IS NOT NULL GROUP BY 1, 2, 3"
                    .to_string(),
            ),
            (
                "event_place_totals",
                "SELECT place_id, events FROM event_place_totals WHERE events <> 0",
                "SELECT place_id, count(*) FROM events WHERE place_id IS NOT NULL GROUP BY 1".to_string(),
            ),
            (
                "entity_event_places",
                "SELECT entity_id, place_id, events FROM entity_event_places WHERE events <> 0",
                "SELECT ee.entity_id, e.place_id, count(*) FROM (SELECT DISTINCT event_id, entity_id FROM event_entities) ee \
                 JOIN events e ON e.id = ee.event_id WHERE e.place_id IS NOT NULL GROUP BY 1, 2"
                    .to_string(),
            ),
            (
                "entity_event_place_days",
                "SELECT entity_id, first_day, last_day, place_id, sum(events) FROM entity_event_place_days \
                 GROUP BY 1, 2, 3, 4 HAVING sum(events) <> 0",
                "SELECT ee.entity_id, e.first_day, e.last_day, e.place_id, count(*) \
                 FROM (SELECT DISTINCT event_id, entity_id FROM event_entities) ee \
                 JOIN events e ON e.id = ee.event_id WHERE e.place_id IS NOT NULL GROUP BY 1, 2, 3, 4"
                    .to_string(),
            ),
        ];
        for (table, summary, counted) in pairs {
            assert_eq!(
                rows(&conn, summary),
                rows(&conn, &counted),
                "{table} {when}"
            );
        }
    }

    /// What the map shows for a filter, counted from the mentions and
    /// events themselves (the queries the summaries replaced).
    fn places_counted(store: &Store, filter: &GeoFilter) -> Vec<(i64, i64, i64, i64)> {
        let mut args = Vec::new();
        let clauses = article_conditions(filter, &mut args);
        let conn = store.reader();
        let mut stmt = conn
            .prepare(&format!(
                "SELECT pm.place_id, count(*), count(DISTINCT pm.article_id) FROM place_mentions pm \
                 JOIN articles a ON a.id = pm.article_id {} GROUP BY 1",
                where_sql(&clauses)
            ))
            .unwrap();
        let counted: Vec<(i64, i64, i64)> = stmt
            .query_map(rusqlite::params_from_iter(&args), |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let (clauses, args) = crate::events::event_conditions(filter);
        let clauses = [clauses, vec!["e.place_id IS NOT NULL".to_string()]].concat();
        let events: HashMap<i64, i64> = conn
            .prepare(&format!(
                "SELECT e.place_id, count(*) FROM events e {} GROUP BY 1",
                where_sql(&clauses)
            ))
            .unwrap()
            .query_map(rusqlite::params_from_iter(&args), |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let mut out: Vec<_> = counted
            .into_iter()
            .map(|(p, m, a)| (p, m, a, events.get(&p).copied().unwrap_or(0)))
            .collect();
        out.sort();
        out
    }

    fn filters(store: &Store) -> Vec<GeoFilter> {
        let entities: Vec<i64> = store
            .reader()
            .prepare("SELECT id FROM entities")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let windows = [
            (None, None),
            (Some(100), Some(100)),
            (Some(99), Some(130)),
            (Some(101), None),
            (None, Some(100)),
            (Some(-5), Some(400)),
        ];
        let mut out = Vec::new();
        for entity in std::iter::once(None).chain(entities.into_iter().map(Some)) {
            for (from_day, to_day) in windows {
                out.push(GeoFilter {
                    from_day,
                    to_day,
                    entity_id: entity,
                    story_id: None,
                });
            }
        }
        out.push(GeoFilter {
            story_id: Some(1),
            ..Default::default()
        });
        out
    }

    /// The map and the timeline's kind filter answer exactly what counting
    /// the mentions and events themselves answers.
    fn assert_queries_exact(store: &Store, when: &str) {
        assert_summaries_exact(store, when);
        for filter in filters(store) {
            let mut shown: Vec<_> = store
                .places(&filter)
                .unwrap()
                .into_iter()
                .map(|p| (p.id, p.mention_count, p.article_count, p.event_count))
                .collect();
            shown.sort();
            assert_eq!(
                shown,
                places_counted(store, &filter),
                "map {when}, {filter:?}"
            );
            for kind in ["airstrike", "violence", "protest", "riot", "nothing"] {
                let (total, events) = store
                    .timeline(
                        &EventFilter {
                            geo: filter.clone(),
                            kind: Some(kind.into()),
                            place_id: None,
                        },
                        0,
                        0,
                    )
                    .unwrap();
                let (mut clauses, mut args) = crate::events::event_conditions(&filter);
                args.push(rusqlite::types::Value::Text(kind.into()));
                clauses.push(format!("(e.kind = ?{0} OR e.family = ?{0})", args.len()));
                let ids: Vec<i64> = store
                    .reader()
                    .prepare(&format!(
                        "SELECT e.id FROM events e {} ORDER BY e.first_day IS NULL, e.first_day, e.id",
                        where_sql(&clauses)
                    ))
                    .unwrap()
                    .query_map(rusqlite::params_from_iter(&args), |r| r.get(0))
                    .unwrap()
                    .map(Result::unwrap)
                    .collect();
                let shown: Vec<i64> = events.iter().map(|e| e.id).collect();
                assert_eq!(
                    (total, shown),
                    (ids.len(), ids),
                    "timeline {when}, {kind}, {filter:?}"
                );
            }
        }
    }

    /// Three articles on days 100, 100 and 130 (and one undated), three
    /// entities, three places, and events linked to entities and places.
    fn library(dir: &std::path::Path) -> Store {
        let store = Store::open(&dir.join("l.sqlite")).unwrap();
        store
            .writer()
            .execute_batch(
                "INSERT INTO sources (id, sha256, file_sha256, name, reader, size, bytes, imported_at)
                 VALUES (1, 's', 's', 'a.txt', 'txt', 1, x'00', 'now');
                 INSERT INTO articles (id, source_id, part, title, title_source, text, found, story_id, imported_at, published_day)
                 VALUES (1, 1, 0, 'a', 'text', 'x', '{}', 1, 'now', 100), (2, 1, 1, 'b', 'text', 'x', '{}', 1, 'now', 100),
                        (3, 1, 2, 'c', 'text', 'x', '{}', 3, 'now', 130), (4, 1, 3, 'd', 'text', 'x', '{}', 4, 'now', NULL);
                 INSERT INTO entities (id, name, kind, created_at)
                 VALUES (1, 'Kataib Hezbollah', 'ORG', 'now'), (2, 'KH', 'ORG', 'now'), (3, 'CENTCOM', 'ORG', 'now');
                 INSERT INTO places (id, entry, name, country, kind, lat, lon)
                 VALUES (1, NULL, 'Baghdad', 'IQ', 'pin', 33.3, 44.4), (2, NULL, 'Hillah', 'IQ', 'pin', 32.5, 44.4),
                        (3, NULL, 'Erbil', 'IQ', 'pin', 36.2, 44.0);
                 INSERT INTO mentions (article_id, start, end, label, key, entity_id) VALUES
                     (1, 0, 1, 'ORG', 'kataib hezbollah', 1), (1, 2, 3, 'ORG', 'kataib hezbollah', 1),
                     (1, 4, 5, 'ORG', 'centcom', 3), (2, 0, 1, 'ORG', 'kh', 2), (2, 2, 3, 'ORG', 'centcom', 3),
                     (3, 0, 1, 'ORG', 'kataib hezbollah', 1), (4, 0, 1, 'ORG', 'kh', 2), (4, 1, 2, 'ORG', 'gone', NULL);
                 INSERT INTO place_mentions (article_id, start, end, surface, key, place_id, confidence) VALUES
                     (1, 10, 11, 'Baghdad', 'baghdad', 1, 1), (1, 12, 13, 'Baghdad', 'baghdad', 1, 1),
                     (1, 14, 15, 'Hilla', 'hilla', 2, 1), (2, 10, 11, 'Baghdad', 'baghdad', 1, 1),
                     (3, 10, 11, 'Hilla', 'hilla', 2, 1), (3, 12, 13, 'Erbil', 'erbil', 3, 1),
                     (4, 10, 11, 'Erbil', 'erbil', 3, 1);
                 INSERT INTO events (id, kind, family, precision, first_day, last_day, place_id, actors, source_count,
                                     mention_count, disagreements, summary) VALUES
                     (1, 'airstrike', 'violence', 'day', 100, 100, 1, '[]', 1, 1, '[]', ''),
                     (2, 'airstrike', 'violence', 'day', 129, 131, 2, '[]', 1, 1, '[]', ''),
                     (3, 'protest', 'protest', 'year', 0, 364, 1, '[]', 1, 1, '[]', ''),
                     (4, 'riot', 'protest', 'day', 100, 100, 3, '[]', 1, 1, '[]', ''),
                     (5, 'bombing', 'violence', 'reported', NULL, NULL, 3, '[]', 1, 1, '[]', ''),
                     (6, 'attack', 'violence', 'day', 101, 101, NULL, '[]', 1, 1, '[]', '');
                 INSERT INTO event_entities (event_id, entity_id, role) VALUES
                     (1, 1, 'agent'), (1, 1, 'target'), (1, 3, 'agent'), (2, 2, 'target'), (3, 1, 'agent'),
                     (5, 3, 'agent'), (6, 1, 'agent');",
            )
            .unwrap();
        {
            // As the write path does once an article's annotations are in.
            let conn = store.writer();
            for article in 1..=4 {
                count_article_places(&conn, article).unwrap();
            }
            refresh_event_places(&conn).unwrap();
        }
        store
    }

    #[test]
    fn summaries_follow_imports_and_curation() {
        let dir = tempfile::tempdir().unwrap();
        let store = library(dir.path());
        assert_queries_exact(&store, "after writing");

        store
            .curate(&Curation::Merge {
                into: 1,
                from: vec![2],
            })
            .unwrap();
        assert_queries_exact(&store, "after a merge");
        store.undo().unwrap();
        assert_queries_exact(&store, "after undoing the merge");
        store.curate(&Curation::Delete { entity: 3 }).unwrap();
        assert_queries_exact(&store, "after deleting an entity");

        // A corrected date, then an article's annotations replaced.
        store
            .writer()
            .execute_batch(
                "UPDATE articles SET published_day = 131 WHERE id = 1;
                 UPDATE articles SET published_day = NULL WHERE id = 3;
                 UPDATE articles SET published_day = 100 WHERE id = 4;",
            )
            .unwrap();
        assert_queries_exact(&store, "after date corrections");
        store
            .writer()
            .execute_batch(
                "DELETE FROM mentions WHERE article_id = 2;
                 DELETE FROM place_mentions WHERE article_id = 2;
                 INSERT INTO place_mentions (article_id, start, end, surface, key, place_id, confidence)
                 VALUES (2, 10, 11, 'Erbil', 'erbil', 3, 1);
                 INSERT INTO mentions (article_id, start, end, label, key, entity_id)
                 VALUES (2, 0, 1, 'ORG', 'kataib hezbollah', 1);",
            )
            .unwrap();
        count_article_places(&store.writer(), 2).unwrap();
        assert_queries_exact(&store, "after re-analysis of an article");

        // A place correction moves mentions, then rebuilds the events (here
        // from no event mentions: none are left).
        store
            .correct_place(&PlaceCorrection::Pin {
                name: "Hilla".into(),
                lat: 32.48,
                lon: 44.42,
                label: "Hillah".into(),
            })
            .unwrap();
        assert_queries_exact(&store, "after a place correction and a rebuild");
    }

    #[test]
    fn replaced_events_are_counted_out_and_in() {
        let dir = tempfile::tempdir().unwrap();
        let store = library(dir.path());
        {
            let conn = store.writer();
            // What a merge of new mentions does: the events it reopens are
            // counted out while stored, removed, merged again and counted in.
            count_event_places(&conn, &[1, 3, 5, 99], -1).unwrap();
            conn.execute_batch(
                "DELETE FROM events WHERE id IN (1, 3, 5);
                 DELETE FROM event_entities WHERE event_id IN (1, 3, 5);
                 INSERT INTO events (id, kind, family, precision, first_day, last_day, place_id, actors, source_count,
                                     mention_count, disagreements, summary) VALUES
                     (7, 'airstrike', 'violence', 'day', 100, 100, 2, '[]', 2, 2, '[]', ''),
                     (8, 'protest', 'protest', 'month', 90, 119, 1, '[]', 1, 1, '[]', '');
                 INSERT INTO event_entities (event_id, entity_id, role) VALUES
                     (7, 1, 'agent'), (7, 2, 'target'), (7, 2, 'agent'), (8, 3, 'agent');",
            )
            .unwrap();
            count_event_places(&conn, &[7, 8], 1).unwrap();
        }
        assert_queries_exact(&store, "after replacing events");
    }
}
