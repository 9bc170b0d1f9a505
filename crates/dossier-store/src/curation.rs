//! The user's corrections of the entity database: rename, change type, merge,
//! split, delete (kill list) and add an alias, each undoable.
//!
//! Every operation runs in one transaction that also records, in
//! `curation_log`, the rows it changed as they were before; undo writes them
//! back. The decisions themselves are stored where re-analysis and later
//! imports consult them (see `entities.rs`): user aliases, kills, splits kept
//! apart, mention overrides, and `*_source = 'user'` columns.

use std::collections::HashSet;

use dossier_analysis::link::key;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::entities::{self, move_entity, now};
use crate::{Result, Store, StoreError};

/// One curation operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Curation {
    Rename {
        entity: i64,
        name: String,
    },
    SetKind {
        entity: i64,
        kind: String,
    },
    /// Moves every mention and alias of `from` into `into`.
    Merge {
        into: i64,
        from: Vec<i64>,
    },
    /// Moves the given mentions of `entity` to a new entity called `name`.
    Split {
        entity: i64,
        mentions: Vec<i64>,
        name: String,
    },
    /// Removes the entity and never links its names again.
    Delete {
        entity: i64,
    },
    /// The entity is also known as `alias`; mentions written so join it.
    AddAlias {
        entity: i64,
        alias: String,
    },
}

/// A recorded operation, newest first in [`Store::curation_history`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CurationEntry {
    pub id: i64,
    pub description: String,
    pub at: String,
}

/// The rows an operation changed, as they were before it.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Before {
    entities: Vec<EntitySnapshot>,
    aliases: Vec<(String, i64, String, String)>,
    /// (mention id, entity id before)
    mentions: Vec<(i64, Option<i64>)>,
    /// (article id, start, end, entity before or none)
    overrides: Vec<(i64, i64, i64, Option<i64>)>,
    created: Vec<i64>,
    kills_added: Vec<String>,
    kills_removed: Vec<(String, String)>,
    apart_added: Vec<(i64, i64)>,
}

#[derive(Debug, Serialize, Deserialize)]
struct EntitySnapshot {
    id: i64,
    name: String,
    name_source: String,
    kind: String,
    kind_source: String,
    created_at: String,
}

const KINDS: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];

impl Store {
    /// Applies one curation operation. Returns the entity the user should see
    /// next: the renamed, retyped or merged one, the new one of a split, or none
    /// after a delete.
    pub fn curate(&self, op: &Curation) -> Result<Option<i64>> {
        let mut conn = self.writer();
        let tx = conn.transaction()?;
        let mut before = Before::default();
        let description = describe(&tx, op)?;
        let shown = apply(&tx, op, &mut before)?;
        let touched = touched(&before);
        entities::refresh_stats(&tx, &touched)?;
        tx.execute(
            "INSERT INTO curation_log (op, before, at) VALUES (?1, ?2, ?3)",
            params![description, serde_json::to_string(&before)?, now()],
        )?;
        tx.commit()?;
        Ok(shown)
    }

    /// Undoes the last curation operation; returns its description.
    pub fn undo(&self) -> Result<String> {
        let mut conn = self.writer();
        let tx = conn.transaction()?;
        let (id, description, before): (i64, String, String) = tx
            .query_row(
                "SELECT id, op, before FROM curation_log ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?
            .ok_or(StoreError::NothingToUndo)?;
        let before: Before = serde_json::from_str(&before)?;
        restore(&tx, &before)?;
        entities::refresh_stats(&tx, &touched(&before))?;
        tx.execute("DELETE FROM curation_log WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(description)
    }

    /// The operations that can be undone, newest first.
    pub fn curation_history(&self, limit: usize) -> Result<Vec<CurationEntry>> {
        let conn = self.reader();
        let mut stmt =
            conn.prepare_cached("SELECT id, op, at FROM curation_log ORDER BY id DESC LIMIT ?1")?;
        let rows = stmt
            .query_map([limit as i64], |r| {
                Ok(CurationEntry {
                    id: r.get(0)?,
                    description: r.get(1)?,
                    at: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}

fn touched(before: &Before) -> HashSet<i64> {
    before
        .entities
        .iter()
        .map(|e| e.id)
        .chain(before.created.iter().copied())
        .collect()
}

fn entity_name(tx: &Connection, id: i64) -> Result<String> {
    tx.query_row("SELECT name FROM entities WHERE id = ?1", [id], |r| {
        r.get(0)
    })
    .optional()?
    .ok_or(StoreError::NoSuchEntity(id))
}

/// What the history shows for an operation, written before it runs.
fn describe(tx: &Connection, op: &Curation) -> Result<String> {
    Ok(match op {
        Curation::Rename { entity, name } => {
            format!("rename '{}' to '{name}'", entity_name(tx, *entity)?)
        }
        Curation::SetKind { entity, kind } => {
            format!("make '{}' {kind}", entity_name(tx, *entity)?)
        }
        Curation::Merge { into, from } => {
            let names = from
                .iter()
                .map(|id| entity_name(tx, *id).map(|n| format!("'{n}'")))
                .collect::<Result<Vec<_>>>()?;
            format!(
                "merge {} into '{}'",
                names.join(", "),
                entity_name(tx, *into)?
            )
        }
        Curation::Split {
            entity,
            mentions,
            name,
        } => format!(
            "split {} mention(s) of '{}' into '{name}'",
            mentions.len(),
            entity_name(tx, *entity)?
        ),
        Curation::Delete { entity } => format!("delete '{}'", entity_name(tx, *entity)?),
        Curation::AddAlias { entity, alias } => {
            format!("add alias '{alias}' to '{}'", entity_name(tx, *entity)?)
        }
    })
}

fn apply(tx: &Connection, op: &Curation, before: &mut Before) -> Result<Option<i64>> {
    match op {
        Curation::Rename { entity, name } => rename(tx, *entity, name, before),
        Curation::SetKind { entity, kind } => set_kind(tx, *entity, kind, before),
        Curation::Merge { into, from } => merge(tx, *into, from, before),
        Curation::Split {
            entity,
            mentions,
            name,
        } => split(tx, *entity, mentions, name, before),
        Curation::Delete { entity } => delete(tx, *entity, before),
        Curation::AddAlias { entity, alias } => add_alias(tx, *entity, alias, before),
    }
}

fn non_empty<'a>(field: &'static str, value: &'a str) -> Result<&'a str> {
    let value = value.trim();
    if value.is_empty() || key(value).is_empty() {
        return Err(StoreError::InvalidValue {
            field,
            message: "must not be empty".into(),
        });
    }
    Ok(value)
}

fn rename(tx: &Connection, id: i64, name: &str, before: &mut Before) -> Result<Option<i64>> {
    let name = non_empty("name", name)?;
    snapshot(tx, &[id], before)?;
    tx.execute(
        "UPDATE entities SET name = ?2, name_source = 'user' WHERE id = ?1",
        params![id, name],
    )?;
    // The new name is a name future articles should link here too.
    upsert_user_alias(tx, id, name)?;
    Ok(Some(id))
}

fn set_kind(tx: &Connection, id: i64, kind: &str, before: &mut Before) -> Result<Option<i64>> {
    let kind = kind.trim().to_ascii_uppercase();
    if !KINDS.contains(&kind.as_str()) {
        return Err(StoreError::InvalidValue {
            field: "type",
            message: format!("'{kind}' is not one of PER, ORG, LOC, MISC"),
        });
    }
    snapshot(tx, &[id], before)?;
    tx.execute(
        "UPDATE entities SET kind = ?2, kind_source = 'user' WHERE id = ?1",
        params![id, kind],
    )?;
    Ok(Some(id))
}

fn merge(tx: &Connection, into: i64, from: &[i64], before: &mut Before) -> Result<Option<i64>> {
    let from: Vec<i64> = from.iter().copied().filter(|&f| f != into).collect();
    if from.is_empty() {
        return Err(StoreError::InvalidValue {
            field: "merge",
            message: "choose at least one other entity to merge".into(),
        });
    }
    let mut all = vec![into];
    all.extend(&from);
    snapshot(tx, &all, before)?;
    for f in from {
        // The user confirmed these names belong together: they now link here
        // whatever type the tagger gives them.
        tx.execute(
            "UPDATE entity_aliases SET strength = 'user' WHERE entity_id = ?1 AND strength = 'name'",
            [f],
        )?;
        tx.execute(
            "DELETE FROM entity_apart WHERE (a = ?1 AND b = ?2) OR (a = ?2 AND b = ?1)",
            params![into, f],
        )?;
        move_entity(tx, f, into)?;
    }
    Ok(Some(into))
}

fn split(
    tx: &Connection,
    id: i64,
    mention_ids: &[i64],
    name: &str,
    before: &mut Before,
) -> Result<Option<i64>> {
    let name = non_empty("name", name)?;
    snapshot(tx, &[id], before)?;
    let moved = mentions_of(tx, id, mention_ids)?;
    if moved.is_empty() {
        return Err(StoreError::InvalidValue {
            field: "split",
            message: "choose mentions of this entity to split out".into(),
        });
    }
    let kind: String = tx.query_row("SELECT kind FROM entities WHERE id = ?1", [id], |r| {
        r.get(0)
    })?;
    tx.execute(
        "INSERT INTO entities (name, name_source, kind, created_at) VALUES (?1, 'user', ?2, ?3)",
        params![name, kind, now()],
    )?;
    let new = tx.last_insert_rowid();
    before.created.push(new);
    for (mention, article, start, end) in &moved {
        let previous: Option<i64> = tx
            .query_row(
                "SELECT entity_id FROM mention_overrides WHERE article_id = ?1 AND start = ?2 AND end = ?3",
                params![article, start, end],
                |r| r.get(0),
            )
            .optional()?;
        before.overrides.push((*article, *start, *end, previous));
        tx.execute(
            "INSERT INTO mention_overrides (article_id, start, end, entity_id) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (article_id, start, end) DO UPDATE SET entity_id = excluded.entity_id",
            params![article, start, end, new],
        )?;
        tx.execute(
            "UPDATE mentions SET entity_id = ?2 WHERE id = ?1",
            params![mention, new],
        )?;
    }
    move_keys_no_longer_used(tx, id, new)?;
    upsert_user_alias(tx, new, name)?;
    let pair = (id.min(new), id.max(new));
    tx.execute(
        "INSERT OR IGNORE INTO entity_apart (a, b) VALUES (?1, ?2)",
        params![pair.0, pair.1],
    )?;
    before.apart_added.push(pair);
    Ok(Some(new))
}

/// (mention id, article id, start, end) of those `ids` that belong to `entity`.
fn mentions_of(tx: &Connection, entity: i64, ids: &[i64]) -> Result<Vec<(i64, i64, i64, i64)>> {
    let mut stmt = tx.prepare_cached(
        "SELECT id, article_id, start, end FROM mentions WHERE id = ?1 AND entity_id = ?2",
    )?;
    let mut out = Vec::new();
    for id in ids {
        if let Some(row) = stmt
            .query_row(params![id, entity], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .optional()?
        {
            out.push(row);
        }
    }
    Ok(out)
}

/// After a split, a way of writing the name that only the new entity still
/// uses is its alias now (so future articles writing it link there).
fn move_keys_no_longer_used(tx: &Connection, old: i64, new: i64) -> Result<()> {
    tx.execute(
        "UPDATE entity_aliases SET entity_id = ?2, strength = 'user' WHERE entity_id = ?1 \
         AND strength <> 'derived' \
         AND key IN (SELECT key FROM mentions WHERE entity_id = ?2) \
         AND key NOT IN (SELECT key FROM mentions WHERE entity_id = ?1)",
        params![old, new],
    )?;
    Ok(())
}

fn delete(tx: &Connection, id: i64, before: &mut Before) -> Result<Option<i64>> {
    snapshot(tx, &[id], before)?;
    let mut stmt = tx.prepare(
        "SELECT key, alias FROM entity_aliases WHERE entity_id = ?1 AND strength <> 'derived'",
    )?;
    let names: Vec<(String, String)> = stmt
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (k, alias) in names {
        let added = tx.execute(
            "INSERT OR IGNORE INTO entity_kills (key, name, killed_at) VALUES (?1, ?2, ?3)",
            params![k, alias, now()],
        )?;
        if added == 1 {
            before.kills_added.push(k);
        }
    }
    tx.execute(
        "UPDATE mentions SET entity_id = NULL WHERE entity_id = ?1",
        [id],
    )?;
    tx.execute("DELETE FROM entities WHERE id = ?1", [id])?;
    Ok(None)
}

fn add_alias(tx: &Connection, id: i64, alias: &str, before: &mut Before) -> Result<Option<i64>> {
    let alias = non_empty("alias", alias)?;
    let k = key(alias);
    let mut stmt = tx.prepare(
        "SELECT DISTINCT entity_id FROM entity_aliases WHERE key = ?1 AND entity_id <> ?2 \
         UNION SELECT DISTINCT entity_id FROM mentions WHERE key = ?1 AND entity_id <> ?2",
    )?;
    let others: Vec<i64> = stmt
        .query_map(params![k, id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut all = vec![id];
    all.extend(&others);
    snapshot(tx, &all, before)?;
    // Mentions of a killed name written so come back, as this entity.
    let mut unlinked =
        tx.prepare("SELECT id FROM mentions WHERE key = ?1 AND entity_id IS NULL")?;
    let unlinked: Vec<i64> = unlinked
        .query_map([&k], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    before
        .mentions
        .extend(unlinked.into_iter().map(|m| (m, None)));
    if let Some(name) = tx
        .query_row("SELECT name FROM entity_kills WHERE key = ?1", [&k], |r| {
            r.get::<_, String>(0)
        })
        .optional()?
    {
        tx.execute("DELETE FROM entity_kills WHERE key = ?1", [&k])?;
        before.kills_removed.push((k.clone(), name));
    }
    tx.execute(
        "DELETE FROM entity_aliases WHERE key = ?1 AND entity_id <> ?2",
        params![k, id],
    )?;
    tx.execute(
        "UPDATE mentions SET entity_id = ?2 WHERE key = ?1 AND (entity_id IS NULL OR entity_id <> ?2)",
        params![k, id],
    )?;
    upsert_user_alias(tx, id, alias)?;
    Ok(Some(id))
}

fn upsert_user_alias(tx: &Connection, id: i64, alias: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO entity_aliases (key, entity_id, alias, strength) VALUES (?1, ?2, ?3, 'user') \
         ON CONFLICT (key, entity_id) DO UPDATE SET strength = 'user', alias = excluded.alias",
        params![key(alias), id, alias],
    )?;
    Ok(())
}

/// Records the entities, their aliases and their mentions' links.
fn snapshot(tx: &Connection, ids: &[i64], before: &mut Before) -> Result<()> {
    let mut entity = tx.prepare_cached(
        "SELECT id, name, name_source, kind, kind_source, created_at FROM entities WHERE id = ?1",
    )?;
    let mut aliases = tx.prepare_cached(
        "SELECT key, entity_id, alias, strength FROM entity_aliases WHERE entity_id = ?1",
    )?;
    let mut mentions = tx.prepare_cached("SELECT id FROM mentions WHERE entity_id = ?1")?;
    for &id in ids {
        let row = entity
            .query_row([id], |r| {
                Ok(EntitySnapshot {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    name_source: r.get(2)?,
                    kind: r.get(3)?,
                    kind_source: r.get(4)?,
                    created_at: r.get(5)?,
                })
            })
            .optional()?
            .ok_or(StoreError::NoSuchEntity(id))?;
        before.entities.push(row);
        for a in aliases.query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))? {
            before.aliases.push(a?);
        }
        for m in mentions.query_map([id], |r| r.get::<_, i64>(0))? {
            before.mentions.push((m?, Some(id)));
        }
    }
    Ok(())
}

/// Writes an operation's before image back.
fn restore(tx: &Connection, before: &Before) -> Result<()> {
    for e in &before.entities {
        tx.execute(
            "INSERT INTO entities (id, name, name_source, kind, kind_source, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, name_source = excluded.name_source, \
             kind = excluded.kind, kind_source = excluded.kind_source",
            params![e.id, e.name, e.name_source, e.kind, e.kind_source, e.created_at],
        )?;
        tx.execute("DELETE FROM entity_aliases WHERE entity_id = ?1", [e.id])?;
    }
    for (k, id, alias, strength) in &before.aliases {
        tx.execute(
            "INSERT OR REPLACE INTO entity_aliases (key, entity_id, alias, strength) VALUES (?1, ?2, ?3, ?4)",
            params![k, id, alias, strength],
        )?;
    }
    for (mention, entity) in &before.mentions {
        tx.execute(
            "UPDATE mentions SET entity_id = ?2 WHERE id = ?1",
            params![mention, entity],
        )?;
    }
    for (article, start, end, previous) in &before.overrides {
        match previous {
            Some(e) => tx.execute(
                "INSERT OR REPLACE INTO mention_overrides (article_id, start, end, entity_id) VALUES (?1, ?2, ?3, ?4)",
                params![article, start, end, e],
            )?,
            None => tx.execute(
                "DELETE FROM mention_overrides WHERE article_id = ?1 AND start = ?2 AND end = ?3",
                params![article, start, end],
            )?,
        };
    }
    for id in &before.created {
        tx.execute("DELETE FROM entities WHERE id = ?1", [id])?;
    }
    for k in &before.kills_added {
        tx.execute("DELETE FROM entity_kills WHERE key = ?1", [k])?;
    }
    for (k, name) in &before.kills_removed {
        tx.execute(
            "INSERT OR IGNORE INTO entity_kills (key, name, killed_at) VALUES (?1, ?2, ?3)",
            params![k, name, now()],
        )?;
    }
    for (a, b) in &before.apart_added {
        tx.execute(
            "DELETE FROM entity_apart WHERE a = ?1 AND b = ?2",
            params![a, b],
        )?;
    }
    Ok(())
}
