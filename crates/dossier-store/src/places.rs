//! Places: article spans resolved to gazetteer entries, aggregated for the
//! map, and the user's corrections of where a name is.

use std::collections::{HashMap, HashSet};

use dossier_analysis::geo::{EntryId, Gazetteer};
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
    pub country: String,
    pub kind: String,
    pub lat: f64,
    pub lon: f64,
    pub population: u32,
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
    let mut corrected =
        tx.prepare_cached("SELECT place_id FROM place_corrections WHERE key = ?1")?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO place_mentions (article_id, start, end, surface, key, place_id, confidence) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for p in places {
        let surface = text.get(p.span.start..p.span.end).unwrap_or(&p.name);
        let k = key(surface);
        let place_id = match corrected
            .query_row([&k], |r| r.get::<_, i64>(0))
            .optional()?
        {
            Some(id) => id,
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

/// Recounts the events per place and date range (`event_place_days`), which
/// the map reads; called whenever `events` is rebuilt.
pub(crate) fn refresh_event_places(tx: &Connection) -> Result<()> {
    tx.execute("DELETE FROM event_place_days", [])?;
    tx.execute(
        "INSERT INTO event_place_days (first_day, last_day, place_id, events) \
         SELECT first_day, last_day, place_id, count(*) FROM events WHERE place_id IS NOT NULL GROUP BY 1, 2, 3",
        [],
    )?;
    Ok(())
}

/// Adds (`sign` 1) or takes away (`sign` -1) the given events' counts in
/// `event_places_days`: merging new mentions replaces a few events without
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
    Ok(())
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
        let mut args = Vec::new();
        let by_day = filter.entity_id.is_none() && filter.story_id.is_none();
        let mut clauses = if by_day {
            day_conditions(filter, "d.day", &mut args)
        } else {
            article_conditions(filter, &mut args)
        };
        if let Some(id) = only {
            args.push(rusqlite::types::Value::Integer(id));
            let column = if by_day { "d.place_id" } else { "p.id" };
            clauses.push(format!("{column} = ?{}", args.len()));
        }
        let conn = self.reader();
        // Filtered by dates alone, the per-day summary answers; an entity or a
        // story needs the articles themselves.
        let sql = if by_day {
            // Aggregated first, then joined: the summary is keyed by day, so
            // looking it up place by place would read it whole per place.
            format!(
                "SELECT p.id, p.name, p.country, p.kind, p.lat, p.lon, s.mentions, s.articles \
                 FROM (SELECT d.place_id, sum(d.mentions) AS mentions, sum(d.articles) AS articles \
                       FROM place_days d {} GROUP BY d.place_id) s \
                 JOIN places p ON p.id = s.place_id WHERE s.mentions > 0 ORDER BY s.mentions DESC",
                where_sql(&clauses)
            )
        } else {
            format!(
                "SELECT p.id, p.name, p.country, p.kind, p.lat, p.lon, count(*), count(DISTINCT pm.article_id) \
                 FROM place_mentions pm JOIN places p ON p.id = pm.place_id JOIN articles a ON a.id = pm.article_id \
                 {} GROUP BY p.id ORDER BY count(*) DESC",
                where_sql(&clauses)
            )
        };
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
        let names = self.place_names(id)?;
        let gaz = Gazetteer::builtin();
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for name in names {
            for e in candidates_for(gaz, &name) {
                if seen.insert(e.id) {
                    out.push(PlaceCandidate {
                        entry: e.id.0,
                        name: e.name.to_string(),
                        country: e.country.to_string(),
                        kind: e.kind.as_str().to_string(),
                        lat: e.lat,
                        lon: e.lon,
                        population: e.population,
                    });
                }
            }
        }
        out.sort_by_key(|c| std::cmp::Reverse(c.population));
        out.truncate(50);
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
        tx.execute(
            "INSERT INTO place_corrections (key, place_id, corrected_at) VALUES (?1, ?2, ?3) \
             ON CONFLICT (key) DO UPDATE SET place_id = excluded.place_id, corrected_at = excluded.corrected_at",
            params![k, place_id, now()],
        )?;
        tx.execute(
            "UPDATE place_mentions SET place_id = ?2 WHERE key = ?1",
            params![k, place_id],
        )?;
        crate::events::rebuild_events(&tx)?;
        tx.commit()?;
        Ok(place_id)
    }

    fn event_counts_by_place(&self, filter: &GeoFilter) -> Result<HashMap<i64, i64>> {
        let (clauses, args) = crate::events::event_conditions(filter);
        let conn = self.reader();
        let sql = if filter.entity_id.is_none() && filter.story_id.is_none() {
            // The same date conditions on the summary of events by place and dates.
            format!(
                "SELECT e.place_id, sum(e.events) FROM event_place_days e {} GROUP BY e.place_id",
                where_sql(&clauses)
            )
        } else {
            format!(
                "SELECT e.place_id, count(*) FROM events e {} GROUP BY e.place_id",
                where_sql(&[clauses, vec!["e.place_id IS NOT NULL".to_string()]].concat())
            )
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
