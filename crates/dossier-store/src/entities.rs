//! The entity database: linking an article's mentions to library-wide entities,
//! keeping their counts, and reading them back for the views.
//!
//! Linking goes through `entity_aliases`: each local entity of an article (see
//! `dossier_analysis::link`) looks up its keys; a user alias wins, then a name
//! written so before, then a surname derived from a full name. Keys the user
//! killed are never linked. When one article shows that two entities found
//! separately are one ("CENTCOM" here, "US Central Command" there, both in a
//! third article) they are merged, unless the user split them apart.

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::{NaiveDate, Utc};
use dossier_analysis::link::{is_acronym, key, LocalEntity};
use dossier_analysis::ner::Label;
use dossier_core::Span;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::{Result, Store, StoreError};

/// One mention as the tagger found it.
#[derive(Debug, Clone, PartialEq)]
pub struct NewMention {
    pub span: Span,
    pub label: Label,
}

/// A row of the entity list.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct EntityRow {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub mention_count: i64,
    pub article_count: i64,
    /// Publication dates of the first and last article mentioning it.
    pub first_seen: Option<NaiveDate>,
    pub last_seen: Option<NaiveDate>,
}

/// One name an entity is known by.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Alias {
    pub alias: String,
    pub key: String,
    /// user | name | derived
    pub strength: String,
}

/// An entity with its aliases and the entities mentioned in the same articles.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct EntityDetail {
    pub entity: EntityRow,
    pub name_source: String,
    pub kind_source: String,
    pub aliases: Vec<Alias>,
    /// Co-occurring entities with the number of articles shared, most first.
    pub related: Vec<(EntityRow, i64)>,
}

/// A mention with the sentence around it, for an entity's page.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MentionInContext {
    pub mention_id: i64,
    pub article_id: i64,
    pub title: String,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub sentence: String,
    /// Byte offset of the sentence in the article text.
    pub sentence_start: usize,
    /// The mention's span in the article text.
    pub span: Span,
}

/// A mention as the reader highlights it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ArticleMention {
    pub mention_id: i64,
    pub span: Span,
    pub label: String,
    pub entity_id: Option<i64>,
    pub entity_name: Option<String>,
    pub entity_kind: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum EntitySort {
    #[default]
    Mentions,
    Articles,
    Name,
    FirstSeen,
    LastSeen,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct EntityQuery {
    /// PER, ORG, LOC or MISC.
    pub kind: Option<String>,
    /// Part of a name or alias.
    pub text: Option<String>,
    #[serde(default)]
    pub sort: EntitySort,
    #[serde(default)]
    pub offset: usize,
    #[serde(default)]
    pub limit: usize,
}

pub(crate) const ENTITY_COLUMNS: &str =
    "e.id, e.name, e.kind, e.mention_count, e.article_count, e.first_day, e.last_day";

pub(crate) fn entity_row(r: &Row<'_>) -> rusqlite::Result<EntityRow> {
    Ok(EntityRow {
        id: r.get(0)?,
        name: r.get(1)?,
        kind: r.get(2)?,
        mention_count: r.get(3)?,
        article_count: r.get(4)?,
        first_seen: r.get::<_, Option<i32>>(5)?.map(crate::articles::day_date),
        last_seen: r.get::<_, Option<i32>>(6)?.map(crate::articles::day_date),
    })
}

pub(crate) fn now() -> String {
    Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Entities a write changed, refreshed once per transaction.
#[derive(Debug, Default)]
pub(crate) struct Touched {
    /// Every entity whose mentions changed.
    pub(crate) ids: HashSet<i64>,
    /// Those that took in the mentions of an entity older than this write (a
    /// merge found by an article): their counts are no longer their old ones
    /// plus the new articles', so they are recounted whole.
    pub(crate) merged: HashSet<i64>,
    /// Entities with ids from this one on were created by this write (ids
    /// are never reused): all their mentions are new ones.
    pub(crate) first_new_entity: i64,
}

/// Links and stores one article's mentions. Entities whose counts changed are
/// added to `touched` (refreshed once per transaction by [`refresh_stats`] or
/// [`refresh_after_import`]).
pub(crate) fn link_article(
    tx: &Connection,
    article_id: i64,
    text: &str,
    mentions: &[NewMention],
    locals: &[LocalEntity],
    touched: &mut Touched,
) -> Result<()> {
    let killed = killed_keys(tx, locals)?;
    let overrides = mention_overrides(tx, article_id)?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO mentions (article_id, start, end, label, key, entity_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for local in locals {
        let live: BTreeSet<String> = local.keys.difference(&killed).cloned().collect();
        let entity = if live.is_empty() {
            None
        } else {
            Some(entity_for(tx, local, &live, touched)?)
        };
        if let Some(id) = entity {
            remember_aliases(tx, id, text, mentions, local, &live)?;
            touched.ids.insert(id);
        }
        for &i in &local.mentions {
            let m = &mentions[i];
            let surface = &text[m.span.start..m.span.end];
            let k = key(surface);
            let linked = match overrides.get(&(m.span.start, m.span.end)) {
                Some(&user_choice) => Some(user_choice),
                None if killed.contains(&k) => None,
                None => entity,
            };
            if let Some(id) = linked {
                touched.ids.insert(id);
            }
            insert.execute(params![
                article_id,
                m.span.start as i64,
                m.span.end as i64,
                m.label.as_str(),
                k,
                linked
            ])?;
        }
    }
    Ok(())
}

fn killed_keys(tx: &Connection, locals: &[LocalEntity]) -> Result<BTreeSet<String>> {
    let mut stmt = tx.prepare_cached("SELECT 1 FROM entity_kills WHERE key = ?1")?;
    let mut killed = BTreeSet::new();
    for k in locals.iter().flat_map(|l| l.keys.iter()) {
        if stmt.exists([k])? {
            killed.insert(k.clone());
        }
    }
    Ok(killed)
}

fn mention_overrides(tx: &Connection, article_id: i64) -> Result<HashMap<(usize, usize), i64>> {
    let mut stmt = tx.prepare_cached(
        "SELECT start, end, entity_id FROM mention_overrides WHERE article_id = ?1",
    )?;
    let rows = stmt
        .query_map([article_id], |r| {
            Ok((
                (r.get::<_, i64>(0)? as usize, r.get::<_, i64>(1)? as usize),
                r.get(2)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

/// An alias row that matched a key, with what is needed to choose among matches.
struct Candidate {
    entity_id: i64,
    strength: String,
    kind: String,
    mentions: i64,
    single_word_only: bool,
}

/// The entity a local entity belongs to, created when none fits.
fn entity_for(
    tx: &Connection,
    local: &LocalEntity,
    keys: &BTreeSet<String>,
    touched: &mut Touched,
) -> Result<i64> {
    let label = local.label.as_str();
    let fits = |c: &Candidate| c.strength == "user" || compatible(&c.kind, label);
    let direct: Vec<Candidate> = candidates(tx, keys)?.into_iter().filter(fits).collect();
    if let Some(best) = strongest(&direct, "user") {
        return Ok(best);
    }
    let named: Vec<i64> = distinct_ids(direct.iter().filter(|c| c.strength == "name"));
    if let Some(&first) = named.first() {
        return merge_found_duplicates(tx, local, &named, touched).map(|id| id.unwrap_or(first));
    }
    if let Some(best) = strongest(&direct, "derived") {
        improve_name(tx, best, local)?;
        return Ok(best);
    }
    // A full name seen for the first time, where earlier articles only wrote
    // the surname: "Sudani" becomes "Mohammed Shia Al-Sudani".
    let by_surname: Vec<Candidate> = candidates(tx, &local.derived_keys)?
        .into_iter()
        .filter(|c| c.strength == "name" && c.single_word_only && c.kind == label)
        .collect();
    if let [only] = &by_surname[..] {
        improve_name(tx, only.entity_id, local)?;
        return Ok(only.entity_id);
    }
    create_entity(tx, &local.name, label)
}

fn candidates(tx: &Connection, keys: &BTreeSet<String>) -> Result<Vec<Candidate>> {
    let mut stmt = tx.prepare_cached(
        "SELECT a.entity_id, a.strength, e.kind, e.mention_count, \
         NOT EXISTS (SELECT 1 FROM entity_aliases b WHERE b.entity_id = a.entity_id AND b.strength <> 'derived' AND instr(b.key, ' ') > 0) \
         FROM entity_aliases a JOIN entities e ON e.id = a.entity_id WHERE a.key = ?1",
    )?;
    let mut out = Vec::new();
    for k in keys {
        let rows = stmt.query_map([k], |r| {
            Ok(Candidate {
                entity_id: r.get(0)?,
                strength: r.get(1)?,
                kind: r.get(2)?,
                mentions: r.get(3)?,
                single_word_only: r.get(4)?,
            })
        })?;
        for row in rows {
            out.push(row?);
        }
    }
    Ok(out)
}

/// The most mentioned entity among candidates of one strength.
fn strongest(candidates: &[Candidate], strength: &str) -> Option<i64> {
    candidates
        .iter()
        .filter(|c| c.strength == strength)
        .max_by_key(|c| (c.mentions, -c.entity_id))
        .map(|c| c.entity_id)
}

fn distinct_ids<'a>(candidates: impl Iterator<Item = &'a Candidate>) -> Vec<i64> {
    let mut by_mentions: Vec<(i64, i64)> = Vec::new();
    for c in candidates {
        if !by_mentions.iter().any(|(id, _)| *id == c.entity_id) {
            by_mentions.push((c.entity_id, c.mentions));
        }
    }
    by_mentions.sort_by_key(|&(id, n)| (-n, id));
    by_mentions.into_iter().map(|(id, _)| id).collect()
}

/// Entities found separately that this article shows to be one are merged into
/// the most mentioned, except pairs the user split apart. Returns the entity
/// the local one links to.
fn merge_found_duplicates(
    tx: &Connection,
    local: &LocalEntity,
    ids: &[i64],
    touched: &mut Touched,
) -> Result<Option<i64>> {
    let into = ids[0];
    for &other in &ids[1..] {
        if !kept_apart(tx, into, other)? {
            move_entity(tx, other, into)?;
            if other < touched.first_new_entity {
                touched.merged.insert(into);
            }
        }
    }
    improve_name(tx, into, local)?;
    Ok(Some(into))
}

pub(crate) fn kept_apart(tx: &Connection, a: i64, b: i64) -> Result<bool> {
    Ok(tx
        .prepare_cached("SELECT 1 FROM entity_apart WHERE a = ?1 AND b = ?2")?
        .exists(params![a.min(b), a.max(b)])?)
}

/// Moves every mention, alias and override of `from` to `into` and deletes
/// `from`.
pub(crate) fn move_entity(tx: &Connection, from: i64, into: i64) -> Result<()> {
    tx.execute(
        "UPDATE mentions SET entity_id = ?2 WHERE entity_id = ?1",
        params![from, into],
    )?;
    tx.execute(
        "INSERT OR IGNORE INTO entity_aliases (key, entity_id, alias, strength) \
         SELECT key, ?2, alias, strength FROM entity_aliases WHERE entity_id = ?1",
        params![from, into],
    )?;
    tx.execute(
        "UPDATE mention_overrides SET entity_id = ?2 WHERE entity_id = ?1",
        params![from, into],
    )?;
    tx.execute("DELETE FROM entities WHERE id = ?1", [from])?;
    Ok(())
}

/// Whether an entity typed `kind` may take a mention the tagger typed `label`:
/// the same type, or either one MISC (the tagger's least certain type).
fn compatible(kind: &str, label: &str) -> bool {
    kind == label || kind == "MISC" || label == "MISC"
}

fn create_entity(tx: &Connection, name: &str, kind: &str) -> Result<i64> {
    tx.execute(
        "INSERT INTO entities (name, kind, created_at) VALUES (?1, ?2, ?3)",
        params![name, kind, now()],
    )?;
    Ok(tx.last_insert_rowid())
}

/// A name the user did not choose gives way to a fuller one: an acronym to the
/// words ("PMF" → "Popular Mobilization Forces"), a surname to the full name.
/// Between names equally full the alphabetical first wins, so that the name
/// does not depend on which article the parallel import stored first
/// ("Iraqi Popular Mobilization Forces" and "Shi'ite Popular Mobilization
/// Forces" used to swap from one run to the next).
fn improve_name(tx: &Connection, id: i64, local: &LocalEntity) -> Result<()> {
    let (name, source): (String, String) = tx
        .prepare_cached("SELECT name, name_source FROM entities WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let fullness = |n: &str| {
        (
            !is_acronym(n),
            n.split_whitespace().count(),
            std::cmp::Reverse(n.to_string()),
        )
    };
    if source != "user" && fullness(&local.name) > fullness(&name) {
        tx.execute(
            "UPDATE entities SET name = ?2 WHERE id = ?1",
            params![id, local.name],
        )?;
    }
    Ok(())
}

fn remember_aliases(
    tx: &Connection,
    id: i64,
    text: &str,
    mentions: &[NewMention],
    local: &LocalEntity,
    live: &BTreeSet<String>,
) -> Result<()> {
    let mut insert = tx.prepare_cached(
        "INSERT OR IGNORE INTO entity_aliases (key, entity_id, alias, strength) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut seen = HashSet::new();
    for &i in &local.mentions {
        let span = mentions[i].span;
        let surface = text[span.start..span.end].trim();
        let k = key(surface);
        if live.contains(&k) && seen.insert(k.clone()) {
            insert.execute(params![k, id, surface, "name"])?;
        }
    }
    for k in &local.derived_keys {
        insert.execute(params![k, id, k, "derived"])?;
    }
    Ok(())
}

/// Recomputes the counts and first/last seen days of the given entities.
pub(crate) fn refresh_stats(tx: &Connection, ids: &HashSet<i64>) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "UPDATE entities SET \
           mention_count = (SELECT count(*) FROM mentions WHERE entity_id = ?1), \
           article_count = (SELECT count(DISTINCT article_id) FROM mentions WHERE entity_id = ?1), \
           first_day = (SELECT min(a.published_day) FROM mentions m JOIN articles a ON a.id = m.article_id WHERE m.entity_id = ?1), \
           last_day = (SELECT max(a.published_day) FROM mentions m JOIN articles a ON a.id = m.article_id WHERE m.entity_id = ?1) \
         WHERE id = ?1",
    )?;
    for id in ids {
        stmt.execute([id])?;
    }
    refresh_kind(tx, ids)
}

/// Sets each entity's type to the one the tagger gives most of its mentions,
/// unless the user chose one.
fn refresh_kind(tx: &Connection, ids: &HashSet<i64>) -> Result<()> {
    let mut kind = tx.prepare_cached(
        "UPDATE entities SET kind = coalesce((SELECT label FROM mentions WHERE entity_id = ?1 \
         GROUP BY label ORDER BY count(*) DESC, min(id) LIMIT 1), kind) \
         WHERE id = ?1 AND kind_source <> 'user'",
    )?;
    for id in ids {
        kind.execute([id])?;
    }
    Ok(())
}

/// Brings entity counts up to date after new articles (ids from `first_new`
/// on) were written: each entity's counts grow by what the new articles'
/// mentions add, computed from those mentions alone, so a batch costs what it
/// wrote and not what the library holds (recounting an entity named in every
/// article made imports slow down as the library grew). Entities in `merged`
/// took in another entity's older mentions and are recounted whole. The type
/// is recounted only for entities that some new mention gives another type,
/// since votes for the leading type cannot change the majority.
pub(crate) fn refresh_after_import(
    tx: &Connection,
    first_new: i64,
    merged: &HashSet<i64>,
) -> Result<()> {
    let mut deltas = tx.prepare_cached(
        "SELECT m.entity_id, count(*), count(DISTINCT m.article_id), min(a.published_day), \
         max(a.published_day), sum(m.label <> e.kind) FROM mentions m \
         JOIN articles a ON a.id = m.article_id JOIN entities e ON e.id = m.entity_id \
         WHERE m.article_id >= ?1 GROUP BY m.entity_id",
    )?;
    type Delta = (i64, i64, i64, Option<i32>, Option<i32>, i64);
    let rows: Vec<Delta> = deltas
        .query_map([first_new], |r| {
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
    let mut grow = tx.prepare_cached(
        "UPDATE entities SET mention_count = mention_count + ?2, article_count = article_count + ?3, \
           first_day = min(coalesce(first_day, ?4), coalesce(?4, first_day)), \
           last_day = max(coalesce(last_day, ?5), coalesce(?5, last_day)) \
         WHERE id = ?1",
    )?;
    let mut recount_kind = HashSet::new();
    for (id, mentions, articles, first, last, other_kinds) in rows {
        if merged.contains(&id) {
            continue;
        }
        // With no dated new article the days stay as they were (coalesce).
        grow.execute(params![id, mentions, articles, first, last])?;
        if other_kinds > 0 {
            recount_kind.insert(id);
        }
    }
    refresh_stats(tx, merged)?;
    refresh_kind(tx, &recount_kind)
}

/// The entities an article mentions (for refreshing after a date correction).
pub(crate) fn entities_of_article(tx: &Connection, article_id: i64) -> Result<HashSet<i64>> {
    let mut stmt = tx.prepare_cached(
        "SELECT DISTINCT entity_id FROM mentions WHERE article_id = ?1 AND entity_id IS NOT NULL",
    )?;
    let ids = stmt
        .query_map([article_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

fn entity_sort_sql(sort: EntitySort) -> &'static str {
    match sort {
        EntitySort::Mentions => "e.mention_count DESC, e.id",
        EntitySort::Articles => "e.article_count DESC, e.mention_count DESC, e.id",
        EntitySort::Name => "e.name COLLATE NOCASE, e.id",
        EntitySort::FirstSeen => "e.first_day IS NULL, e.first_day, e.id",
        EntitySort::LastSeen => "e.last_day IS NULL, e.last_day DESC, e.id",
    }
}

impl Store {
    /// A page of the entity list and the number of matching entities. Entities
    /// with no linked mention left (every mention split away) are not listed.
    pub fn entities(&self, query: &EntityQuery) -> Result<(usize, Vec<EntityRow>)> {
        use rusqlite::types::Value;
        let mut clauses = vec!["e.mention_count > 0".to_string()];
        let mut args: Vec<Value> = Vec::new();
        if let Some(kind) = query.kind.as_deref().filter(|k| !k.is_empty()) {
            args.push(Value::Text(kind.to_ascii_uppercase()));
            clauses.push(format!("e.kind = ?{}", args.len()));
        }
        if let Some(text) = query
            .text
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            args.push(Value::Text(format!("%{}%", like_escape(text))));
            let name_arg = args.len();
            args.push(Value::Text(format!("{}%", like_escape(&key(text)))));
            clauses.push(format!(
                "(e.name LIKE ?{name_arg} ESCAPE '\\' OR e.id IN \
                 (SELECT entity_id FROM entity_aliases WHERE key LIKE ?{} ESCAPE '\\'))",
                args.len()
            ));
        }
        let where_sql = format!("WHERE {}", clauses.join(" AND "));
        let limit = if query.limit == 0 {
            100
        } else {
            query.limit.min(10_000)
        };
        let conn = self.reader();
        let total: i64 = conn.query_row(
            &format!("SELECT count(*) FROM entities e {where_sql}"),
            rusqlite::params_from_iter(&args),
            |r| r.get(0),
        )?;
        let sql = format!(
            "SELECT {ENTITY_COLUMNS} FROM entities e {where_sql} ORDER BY {} LIMIT {limit} OFFSET {}",
            entity_sort_sql(query.sort),
            query.offset
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(&args), entity_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok((total as usize, rows))
    }

    /// Entities known by this name (any alias), most mentioned first.
    pub fn find_entities(&self, name: &str) -> Result<Vec<EntityRow>> {
        let conn = self.reader();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT DISTINCT {ENTITY_COLUMNS} FROM entity_aliases a JOIN entities e ON e.id = a.entity_id \
             WHERE a.key = ?1 ORDER BY (a.strength = 'derived'), e.mention_count DESC"
        ))?;
        let rows = stmt
            .query_map([key(name)], entity_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// One entity with its aliases and related entities.
    pub fn entity(&self, id: i64) -> Result<EntityDetail> {
        let conn = self.reader();
        let (entity, name_source, kind_source) = conn
            .query_row(
                &format!("SELECT {ENTITY_COLUMNS}, e.name_source, e.kind_source FROM entities e WHERE e.id = ?1"),
                [id],
                |r| Ok((entity_row(r)?, r.get(7)?, r.get(8)?)),
            )
            .optional()?
            .ok_or(StoreError::NoSuchEntity(id))?;
        let mut stmt = conn.prepare_cached(
            "SELECT alias, key, strength FROM entity_aliases WHERE entity_id = ?1 \
             ORDER BY strength = 'derived', alias COLLATE NOCASE",
        )?;
        let aliases = stmt
            .query_map([id], |r| {
                Ok(Alias {
                    alias: r.get(0)?,
                    key: r.get(1)?,
                    strength: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        // Bounded to the entity's latest articles so that a name in every
        // article does not scan the whole library.
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {ENTITY_COLUMNS}, count(DISTINCT m2.article_id) AS shared \
             FROM (SELECT DISTINCT article_id FROM mentions WHERE entity_id = ?1 ORDER BY article_id DESC LIMIT 2000) m1 \
             JOIN mentions m2 ON m2.article_id = m1.article_id \
             JOIN entities e ON e.id = m2.entity_id \
             WHERE m2.entity_id <> ?1 GROUP BY e.id ORDER BY shared DESC, e.mention_count DESC LIMIT 25"
        ))?;
        let related = stmt
            .query_map([id], |r| Ok((entity_row(r)?, r.get(7)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(EntityDetail {
            entity,
            name_source,
            kind_source,
            aliases,
            related,
        })
    }

    /// A page of an entity's mentions, newest articles first, each with its sentence.
    pub fn entity_mentions(
        &self,
        id: i64,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<MentionInContext>> {
        let conn = self.reader();
        let mut stmt = conn.prepare_cached(
            "SELECT m.id, m.article_id, m.start, m.end, a.title, a.outlet, a.published, a.text, a.sentences \
             FROM mentions m JOIN articles a ON a.id = m.article_id WHERE m.entity_id = ?1 \
             ORDER BY a.published_day IS NULL, a.published_day DESC, m.article_id DESC, m.start \
             LIMIT ?2 OFFSET ?3",
        )?;
        let rows = stmt.query_map(params![id, limit.max(1) as i64, offset as i64], |r| {
            let span = Span::new(r.get::<_, i64>(2)? as usize, r.get::<_, i64>(3)? as usize);
            let text: String = r.get(7)?;
            let sentences: String = r.get(8)?;
            let sentences: Vec<(usize, usize)> =
                serde_json::from_str(&sentences).unwrap_or_default();
            let (start, end) = sentences
                .iter()
                .copied()
                .find(|&(s, e)| s <= span.start && span.end <= e)
                .unwrap_or((span.start, span.end));
            Ok(MentionInContext {
                mention_id: r.get(0)?,
                article_id: r.get(1)?,
                title: r.get(4)?,
                outlet: r.get(5)?,
                published: r.get(6)?,
                sentence: text.get(start..end).unwrap_or_default().to_string(),
                sentence_start: start,
                span,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The mentions of one article in text order, with the entity each names.
    pub fn article_mentions(&self, article_id: i64) -> Result<Vec<ArticleMention>> {
        let conn = self.reader();
        let mut stmt = conn.prepare_cached(
            "SELECT m.id, m.start, m.end, m.label, e.id, e.name, e.kind FROM mentions m \
             LEFT JOIN entities e ON e.id = m.entity_id WHERE m.article_id = ?1 ORDER BY m.start",
        )?;
        let rows = stmt.query_map([article_id], |r| {
            Ok(ArticleMention {
                mention_id: r.get(0)?,
                span: Span::new(r.get::<_, i64>(1)? as usize, r.get::<_, i64>(2)? as usize),
                label: r.get(3)?,
                entity_id: r.get(4)?,
                entity_name: r.get(5)?,
                entity_kind: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Escapes `%`, `_` and the escape character itself for a LIKE pattern.
fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// Deletes those of `ids` that no mention names any more and that hold no
/// decision of the user (a name, a type, an alias, a split).
pub(crate) fn remove_unused(tx: &Connection, ids: &HashSet<i64>) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "DELETE FROM entities WHERE id = ?1 AND name_source <> 'user' AND kind_source <> 'user' \
         AND NOT EXISTS (SELECT 1 FROM mentions WHERE entity_id = ?1) \
         AND NOT EXISTS (SELECT 1 FROM entity_aliases WHERE entity_id = ?1 AND strength = 'user') \
         AND NOT EXISTS (SELECT 1 FROM mention_overrides WHERE entity_id = ?1) \
         AND NOT EXISTS (SELECT 1 FROM entity_apart WHERE a = ?1 OR b = ?1)",
    )?;
    for id in ids {
        stmt.execute([id])?;
    }
    Ok(())
}
