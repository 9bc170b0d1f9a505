//! Articles: writing imported ones, reading them back, listing, and the user's corrections.

use chrono::{NaiveDate, Utc};
use dossier_core::{DatePrecision, DocDate, Document, FieldSource, Region, Span};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::entities::{self, NewMention};
use crate::places::NewPlaceMention;
use crate::stories::StoryKeys;
use crate::timexes::{self, NewTimex};
use crate::{Result, Store, StoreError};
use dossier_analysis::events::MentionRecord;
use dossier_analysis::link::LocalEntity;
use std::collections::{BTreeSet, HashSet};

/// One unit of original bytes (a file, an archive entry, an mbox message) and the
/// articles read from it.
#[derive(Debug)]
pub struct NewSource {
    pub sha256: String,
    pub name: String,
    pub path: Option<String>,
    pub reader: String,
    pub bytes: Vec<u8>,
    pub articles: Vec<NewArticle>,
}

impl NewSource {
    /// The path the user knows this source by (falls back to its name).
    fn display_name(&self) -> String {
        self.path.clone().unwrap_or_else(|| self.name.clone())
    }
}

/// An analysed article ready to store.
#[derive(Debug)]
pub struct NewArticle {
    pub document: Document,
    pub sentences: Vec<Span>,
    /// MinHash signature bytes and lookup keys, when the text is long enough.
    pub minhash: Option<(Vec<u8>, Vec<i64>)>,
    pub annotations: Annotations,
}

/// What analysis found in an article's text, all by byte span.
#[derive(Debug, Default, Clone)]
pub struct Annotations {
    pub mentions: Vec<NewMention>,
    /// The mentions grouped into the entities they name (indices into `mentions`).
    pub entities: Vec<LocalEntity>,
    pub timexes: Vec<NewTimex>,
    /// Toponyms resolved to gazetteer entries.
    pub places: Vec<NewPlaceMention>,
    /// Event mentions (their `source` is filled in with the article id).
    pub events: Vec<MentionRecord>,
}

/// The version of the analysis that wrote an article's annotations; articles
/// with an older one are re-analysed by [`Store::reanalyse_articles`]'s caller.
/// Raised whenever what the analysis writes changes for the same text: 3 held
/// doubtful places, 4 brought seas, rivers and landmarks into the gazetteer,
/// 5 tells degrees ("Allen, MD") from states and knows more seas and islands,
/// 6 holds namesake towns the article places elsewhere, moves country points and
/// names actors in full ("Iran-linked militias", not "Iran-linked").
pub const ANALYSIS_VERSION: i64 = 6;

/// A whole file's worth of sources, written all-or-nothing.
#[derive(Debug)]
pub struct FileWrite {
    /// SHA-256 of the whole file, remembered once every source is stored.
    pub file_sha256: String,
    pub name: String,
    pub sources: Vec<NewSource>,
    /// Whether every unit of the file was read; only then is the file marked as
    /// imported (so a later import retries the units that failed).
    pub complete: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceOutcome {
    Added { name: String, article_ids: Vec<i64> },
    AlreadyPresent { name: String, article_ids: Vec<i64> },
}

/// The fields as a reader found them, before any correction.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Found {
    pub title: String,
    pub title_source: Option<FieldSource>,
    pub outlet: Option<String>,
    #[serde(default)]
    pub outlet_source: Option<FieldSource>,
    pub authors: Vec<String>,
    #[serde(default)]
    pub authors_source: Option<FieldSource>,
    pub published: Option<DocDate>,
    pub published_source: Option<FieldSource>,
}

/// A user's correction of one field. `None` clears the correction.
#[derive(Debug, Clone, PartialEq)]
pub enum Correction {
    Title(Option<String>),
    Outlet(Option<String>),
    Authors(Option<Vec<String>>),
    Published(Option<DocDate>),
}

/// One row of the library list.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ArticleRow {
    pub id: i64,
    pub title: String,
    pub outlet: Option<String>,
    pub authors: Vec<String>,
    /// ISO date to its precision ("2023-11-22", "2023-11"), if known.
    pub published: Option<String>,
    pub published_precision: Option<DatePrecision>,
    pub story_id: i64,
    /// How many articles share this article's story (1 when it stands alone).
    pub story_size: i64,
    pub url: Option<String>,
    pub imported_at: String,
}

/// Everything stored about one article.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleRecord {
    pub row: ArticleRow,
    pub title_source: FieldSource,
    pub outlet_source: Option<FieldSource>,
    pub authors_source: Option<FieldSource>,
    pub published_source: Option<FieldSource>,
    pub language: Option<String>,
    pub text: String,
    pub regions: Vec<Region>,
    pub sentences: Vec<Span>,
    pub warnings: Vec<String>,
    pub found: Found,
    pub source_name: String,
    pub source_path: Option<String>,
    pub source_sha256: String,
    pub reader: String,
}

#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    /// Newest publication first (undated articles last).
    #[default]
    DateDesc,
    DateAsc,
    TitleAsc,
    ImportedDesc,
    /// Search only: best match first.
    Relevance,
}

/// Filters shared by listing and searching.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ArticleFilter {
    /// Exact outlet name, compared without regard to case.
    pub outlet: Option<String>,
    /// Inclusive bounds on the publication day (days since 1970-01-01).
    pub from_day: Option<i32>,
    pub to_day: Option<i32>,
    pub story_id: Option<i64>,
    /// Articles that mention this entity.
    #[serde(default)]
    pub entity_id: Option<i64>,
    /// Inclusive bounds on the days the article's date expressions talk about
    /// (days since 1970-01-01): "articles about the week of 20 November".
    #[serde(default)]
    pub mentions_from_day: Option<i32>,
    #[serde(default)]
    pub mentions_to_day: Option<i32>,
}

#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    pub filter: ArticleFilter,
    pub sort: SortOrder,
    pub offset: usize,
    pub limit: usize,
}

/// Days since 1970-01-01, the unit of date filters and sorting.
pub fn epoch_day(date: NaiveDate) -> i32 {
    (date - NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid epoch")).num_days() as i32
}

/// The date a day number stands for (the inverse of [`epoch_day`]).
pub(crate) fn day_date(day: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid epoch") + chrono::Duration::days(day as i64)
}

fn now() -> String {
    Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

const ROW_COLUMNS: &str =
    "a.id, a.title, a.outlet, a.authors, a.published, a.published_precision, a.story_id, \
     (SELECT count(*) FROM articles s WHERE s.story_id = a.story_id), a.url, a.imported_at";

fn article_row(r: &Row<'_>) -> rusqlite::Result<ArticleRow> {
    let authors: String = r.get(3)?;
    let precision: Option<String> = r.get(5)?;
    Ok(ArticleRow {
        id: r.get(0)?,
        title: r.get(1)?,
        outlet: r.get(2)?,
        authors: serde_json::from_str(&authors).unwrap_or_default(),
        published: r.get(4)?,
        published_precision: precision.as_deref().and_then(DatePrecision::parse),
        story_id: r.get(6)?,
        story_size: r.get::<_, Option<i64>>(7)?.unwrap_or(1),
        url: r.get(8)?,
        imported_at: r.get(9)?,
    })
}

impl Store {
    /// Whether a whole file with these bytes was imported before.
    pub fn is_file_imported(&self, file_sha256: &str) -> Result<bool> {
        let conn = self.reader();
        let found = conn
            .query_row(
                "SELECT 1 FROM imported_files WHERE sha256 = ?1",
                [file_sha256],
                |_| Ok(()),
            )
            .optional()?;
        Ok(found.is_some())
    }

    /// Article ids stored from a file imported before (for the "already in library" report).
    pub fn articles_of_file(&self, file_sha256: &str) -> Result<Vec<i64>> {
        let conn = self.reader();
        let mut stmt = conn.prepare_cached(
            "SELECT a.id FROM articles a JOIN sources s ON s.id = a.source_id WHERE s.file_sha256 = ?1 ORDER BY a.id",
        )?;
        let ids = stmt
            .query_map([file_sha256], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// Writes several files in one transaction, each inside its own savepoint so
    /// that one file's failure leaves the others (and the library) intact. Returns
    /// one result per file, in order. The search index catches up at the next
    /// [`Store::sync_index`]: the caller decides how often, since an index commit
    /// costs far more than a SQLite one.
    pub fn write_files(&self, files: Vec<FileWrite>) -> Result<Vec<Result<Vec<SourceOutcome>>>> {
        let mut conn = self.writer();
        let mut tx = conn.transaction()?;
        let mut results = Vec::with_capacity(files.len());
        // New rows get ids above every existing one (INTEGER PRIMARY KEY;
        // entity ids are AUTOINCREMENT and never reused).
        let (first_new, first_new_entity): (i64, i64) = tx.query_row(
            "SELECT (SELECT coalesce(max(id), 0) + 1 FROM articles), \
             (SELECT coalesce(max(id), 0) + 1 FROM entities)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let mut touched = entities::Touched {
            first_new_entity,
            ..Default::default()
        };
        let mut story_keys = StoryKeys::default();
        for file in files {
            let mut sp = tx.savepoint()?;
            match write_file(&sp, &file, &mut touched, &mut story_keys) {
                Ok(outcomes) => {
                    sp.commit()?;
                    story_keys.keep_file();
                    results.push(Ok(outcomes));
                }
                Err(err) => {
                    sp.rollback()?;
                    sp.commit()?;
                    story_keys.drop_file();
                    results.push(Err(err));
                }
            }
        }
        story_keys.store(&tx)?;
        entities::refresh_after_import(&tx, first_new, &touched.merged)?;
        tx.commit()?;
        Ok(results)
    }

    /// One article with everything stored about it.
    pub fn article(&self, id: i64) -> Result<ArticleRecord> {
        let conn = self.reader();
        let sql = format!(
            "SELECT {ROW_COLUMNS}, a.title_source, a.outlet_source, a.authors_source, a.published_source, \
             a.language, a.text, a.regions, a.sentences, a.warnings, a.found, s.name, s.path, s.sha256, s.reader \
             FROM articles a JOIN sources s ON s.id = a.source_id WHERE a.id = ?1"
        );
        conn.query_row(&sql, [id], |r| {
            let source = |i: usize| -> rusqlite::Result<Option<FieldSource>> {
                Ok(r.get::<_, Option<String>>(i)?
                    .as_deref()
                    .and_then(FieldSource::parse))
            };
            let json = |i: usize| -> rusqlite::Result<String> { r.get(i) };
            Ok(ArticleRecord {
                row: article_row(r)?,
                title_source: source(10)?.unwrap_or(FieldSource::Metadata),
                outlet_source: source(11)?,
                authors_source: source(12)?,
                published_source: source(13)?,
                language: r.get(14)?,
                text: r.get(15)?,
                regions: serde_json::from_str(&json(16)?).unwrap_or_default(),
                sentences: serde_json::from_str(&json(17)?).unwrap_or_default(),
                warnings: serde_json::from_str(&json(18)?).unwrap_or_default(),
                found: serde_json::from_str(&json(19)?).unwrap_or_default(),
                source_name: r.get(20)?,
                source_path: r.get(21)?,
                source_sha256: r.get(22)?,
                reader: r.get(23)?,
            })
        })
        .optional()?
        .ok_or(StoreError::NoSuchArticle(id))
    }

    /// Rows for the given ids, in the given order (ids that do not exist are left out).
    pub fn rows_by_ids(&self, ids: &[i64]) -> Result<Vec<ArticleRow>> {
        let conn = self.reader();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {ROW_COLUMNS} FROM articles a WHERE a.id = ?1"
        ))?;
        let mut rows = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(row) = stmt.query_row([id], article_row).optional()? {
                rows.push(row);
            }
        }
        Ok(rows)
    }

    /// The text of an article (for snippets).
    pub fn article_text(&self, id: i64) -> Result<String> {
        let conn = self.reader();
        conn.query_row("SELECT text FROM articles WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?
        .ok_or(StoreError::NoSuchArticle(id))
    }

    /// A page of the library list and the number of matching articles.
    pub fn list(&self, query: &ListQuery) -> Result<(usize, Vec<ArticleRow>)> {
        let (where_sql, args) = filter_sql(&query.filter);
        let limit = if query.limit == 0 {
            100
        } else {
            query.limit.min(10_000)
        };
        let conn = self.reader();
        let count = |extra: &str| -> Result<usize> {
            let sql = format!(
                "SELECT count(*) FROM articles a {}",
                and_where(&where_sql, extra)
            );
            let n: i64 = conn.query_row(&sql, rusqlite::params_from_iter(&args), |r| r.get(0))?;
            Ok(n as usize)
        };
        let page = |extra: &str,
                    order: &str,
                    offset: usize,
                    limit: usize|
         -> Result<Vec<ArticleRow>> {
            let sql = format!(
                "SELECT {ROW_COLUMNS} FROM articles a {} ORDER BY {order} LIMIT {limit} OFFSET {offset}",
                and_where(&where_sql, extra)
            );
            let mut stmt = conn.prepare_cached(&sql)?;
            let rows = stmt
                .query_map(rusqlite::params_from_iter(&args), article_row)?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows)
        };
        let total = count("")?;
        let date_order = match query.sort {
            SortOrder::DateDesc | SortOrder::Relevance => Some("a.published_day DESC, a.id DESC"),
            SortOrder::DateAsc => Some("a.published_day ASC, a.id ASC"),
            SortOrder::TitleAsc => None,
            SortOrder::ImportedDesc => None,
        };
        let Some(order) = date_order else {
            let order = if query.sort == SortOrder::TitleAsc {
                "a.title COLLATE NOCASE ASC, a.id ASC"
            } else {
                "a.id DESC"
            };
            return Ok((total, page("", order, query.offset, limit)?));
        };
        // Undated articles come last in both directions. Listing the dated ones
        // and then the undated ones lets each part walk the date index instead of
        // sorting the whole table.
        let dated = count("a.published_day IS NOT NULL")?;
        let mut rows = Vec::with_capacity(limit);
        if query.offset < dated {
            rows = page("a.published_day IS NOT NULL", order, query.offset, limit)?;
        }
        if rows.len() < limit {
            let offset = query.offset.saturating_sub(dated);
            rows.extend(page(
                "a.published_day IS NULL",
                "a.id DESC",
                offset,
                limit - rows.len(),
            )?);
        }
        Ok((total, rows))
    }

    /// Outlets with their article counts, most articles first.
    pub fn outlets(&self) -> Result<Vec<(String, i64)>> {
        let conn = self.reader();
        let mut stmt = conn.prepare(
            "SELECT outlet, count(*) FROM articles WHERE outlet IS NOT NULL GROUP BY outlet COLLATE NOCASE \
             ORDER BY count(*) DESC, outlet",
        )?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// (articles, stories, outlets) in the library.
    pub fn counts(&self) -> Result<(i64, i64, i64)> {
        let conn = self.reader();
        Ok(conn.query_row(
            "SELECT count(*), count(DISTINCT story_id), count(DISTINCT outlet COLLATE NOCASE) FROM articles",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?)
    }

    /// The original bytes an article was read from, with their file name.
    pub fn original(&self, id: i64) -> Result<(String, Vec<u8>)> {
        let conn = self.reader();
        conn.query_row(
            "SELECT s.name, s.bytes FROM articles a JOIN sources s ON s.id = a.source_id WHERE a.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or(StoreError::NoSuchArticle(id))
    }

    /// Stores the user's correction of one field and updates the effective value.
    /// The correction is kept apart from what the reader found, so re-analysis and
    /// re-import never overwrite it, and clearing it restores the found value.
    pub fn correct(&self, id: i64, correction: &Correction) -> Result<()> {
        self.correct_with(id, correction, None)
    }

    /// [`Store::correct`], also replacing the article's temporal expressions in
    /// the same transaction: a new publication date re-resolves "yesterday".
    pub fn correct_with(
        &self,
        id: i64,
        correction: &Correction,
        retimed: Option<(&[NewTimex], &[MentionRecord])>,
    ) -> Result<()> {
        let mut conn = self.writer();
        let tx = conn.transaction()?;
        let found: String = tx
            .query_row("SELECT found FROM articles WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or(StoreError::NoSuchArticle(id))?;
        let found: Found = serde_json::from_str(&found)?;
        let (field, value) = correction_value(correction)?;
        match value {
            Some(json) => tx.execute(
                "INSERT INTO article_corrections (article_id, field, value, corrected_at) VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT (article_id, field) DO UPDATE SET value = excluded.value, corrected_at = excluded.corrected_at",
                params![id, field, json, now()],
            )?,
            None => tx.execute("DELETE FROM article_corrections WHERE article_id = ?1 AND field = ?2", params![id, field])?,
        };
        apply_effective_fields(&tx, id, &found)?;
        if let Some((timexes, events)) = retimed {
            timexes::replace_timexes(&tx, id, timexes)?;
            // The article's events lose their old mentions; they and the
            // events near the new ones are merged again.
            let had = events_of_article(&tx, id)?;
            tx.execute("DELETE FROM event_mentions WHERE article_id = ?1", [id])?;
            crate::events::insert_event_mentions(&tx, id, events)?;
            crate::events::reopen_events(&tx, &had)?;
        }
        // First and last seen follow the publication date.
        entities::refresh_stats(&tx, &entities::entities_of_article(&tx, id)?)?;
        tx.execute(
            "INSERT OR IGNORE INTO search_queue (article_id) VALUES (?1)",
            [id],
        )?;
        tx.commit()?;
        drop(conn);
        self.sync_index()?;
        Ok(())
    }

    /// Those of `ids` that pass `filter`.
    pub fn filter_ids(&self, ids: &[i64], filter: &ArticleFilter) -> Result<HashSet<i64>> {
        let (where_sql, mut args) = filter_sql(filter);
        args.push(rusqlite::types::Value::Text(serde_json::to_string(ids)?));
        let sql = format!(
            "SELECT a.id FROM articles a {}",
            and_where(
                &where_sql,
                &format!("a.id IN (SELECT value FROM json_each(?{}))", args.len())
            )
        );
        let conn = self.reader();
        let mut stmt = conn.prepare(&sql)?;
        let kept = stmt
            .query_map(rusqlite::params_from_iter(&args), |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(kept)
    }

    /// Up to `limit` articles whose annotations come from an older analysis.
    pub fn stale_articles(&self, limit: usize) -> Result<Vec<i64>> {
        let conn = self.reader();
        let mut stmt = conn.prepare_cached(
            "SELECT id FROM articles WHERE analysis_version < ?1 ORDER BY id LIMIT ?2",
        )?;
        let ids = stmt
            .query_map(params![ANALYSIS_VERSION, limit as i64], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// How many articles need re-analysis.
    pub fn count_stale(&self) -> Result<i64> {
        let conn = self.reader();
        Ok(conn.query_row(
            "SELECT count(*) FROM articles WHERE analysis_version < ?1",
            [ANALYSIS_VERSION],
            |r| r.get(0),
        )?)
    }

    /// Marks every article for re-analysis (after a model update, or on request).
    pub fn mark_all_stale(&self) -> Result<()> {
        self.writer()
            .execute("UPDATE articles SET analysis_version = 0", [])?;
        Ok(())
    }

    /// Replaces the annotations of several articles in one transaction. The
    /// user's decisions (aliases, kills, splits, names, types) are kept: the new
    /// mentions are linked through them. Entities left with no mention that the
    /// user never touched are removed. Undo history ends here, since it refers
    /// to the mentions being replaced.
    ///
    /// Only the events the articles' old mentions belonged to, and those near
    /// their new mentions, are merged again: re-analysing a library batch by
    /// batch must not rebuild every event per batch.
    pub fn reanalyse_articles(&self, items: &[(i64, Annotations)]) -> Result<()> {
        let mut conn = self.writer();
        let tx = conn.transaction()?;
        let mut touched = entities::Touched::default();
        let mut had_events = BTreeSet::new();
        for (id, annotations) in items {
            touched.ids.extend(entities::entities_of_article(&tx, *id)?);
            had_events.extend(events_of_article(&tx, *id)?);
            let text: Option<String> = tx
                .query_row("SELECT text FROM articles WHERE id = ?1", [id], |r| {
                    r.get(0)
                })
                .optional()?;
            let Some(text) = text else { continue };
            for table in [
                "mentions",
                "timexes",
                "place_mentions",
                "place_doubts",
                "event_mentions",
            ] {
                tx.execute(&format!("DELETE FROM {table} WHERE article_id = ?1"), [id])?;
            }
            write_annotations(&tx, *id, &text, annotations, &mut touched)?;
            tx.execute(
                "UPDATE articles SET analysis_version = ?2 WHERE id = ?1",
                params![id, ANALYSIS_VERSION],
            )?;
        }
        entities::refresh_stats(&tx, &touched.ids)?;
        entities::remove_unused(&tx, &touched.ids)?;
        crate::events::reopen_events(&tx, &had_events.into_iter().collect::<Vec<_>>())?;
        tx.execute("DELETE FROM curation_log", [])?;
        tx.commit()?;
        Ok(())
    }
}

/// The events an article's stored event mentions belong to.
fn events_of_article(tx: &Connection, id: i64) -> Result<Vec<i64>> {
    let mut stmt = tx.prepare_cached(
        "SELECT DISTINCT event_id FROM event_mentions WHERE article_id = ?1 AND event_id IS NOT NULL",
    )?;
    let events = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(events)
}

fn correction_value(correction: &Correction) -> Result<(&'static str, Option<String>)> {
    let non_empty = |s: &Option<String>| {
        s.as_ref()
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    Ok(match correction {
        Correction::Title(v) => (
            "title",
            non_empty(v)
                .map(|v| serde_json::to_string(&v))
                .transpose()?,
        ),
        Correction::Outlet(v) => (
            "outlet",
            non_empty(v)
                .map(|v| serde_json::to_string(&v))
                .transpose()?,
        ),
        Correction::Authors(v) => {
            let cleaned = v.as_ref().map(|names| {
                names
                    .iter()
                    .map(|n| n.trim().to_string())
                    .filter(|n| !n.is_empty())
                    .collect::<Vec<_>>()
            });
            (
                "authors",
                cleaned
                    .filter(|n| !n.is_empty())
                    .map(|n| serde_json::to_string(&n))
                    .transpose()?,
            )
        }
        Correction::Published(v) => (
            "published",
            v.map(|d| serde_json::to_string(&d)).transpose()?,
        ),
    })
}

/// Recomputes an article's effective fields: the user's value where one exists,
/// else what the reader found.
fn apply_effective_fields(tx: &Connection, id: i64, found: &Found) -> Result<()> {
    let fields = EffectiveFields::of(tx, id, found)?;
    tx.prepare_cached(
        "UPDATE articles SET title = ?2, title_source = ?3, outlet = ?4, outlet_source = ?5, authors = ?6, \
         authors_source = ?7, published = ?8, published_precision = ?9, published_source = ?10, published_day = ?11 \
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        fields.title,
        fields.title_source,
        fields.outlet,
        fields.outlet_source,
        fields.authors,
        fields.authors_source,
        fields.published,
        fields.published_precision,
        fields.published_source,
        fields.published_day,
    ])?;
    Ok(())
}

/// The values of an article's effective columns, as they are stored.
struct EffectiveFields {
    title: String,
    title_source: Option<&'static str>,
    outlet: Option<String>,
    outlet_source: Option<&'static str>,
    /// JSON array.
    authors: String,
    authors_source: Option<&'static str>,
    published: Option<String>,
    published_precision: Option<&'static str>,
    published_source: Option<&'static str>,
    published_day: Option<i32>,
}

impl EffectiveFields {
    /// The user's correction of each field where there is one, else what the
    /// reader found.
    fn of(tx: &Connection, id: i64, found: &Found) -> Result<EffectiveFields> {
        let mut stmt = tx
            .prepare_cached("SELECT field, value FROM article_corrections WHERE article_id = ?1")?;
        let corrections: Vec<(String, String)> = stmt
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let user = |field: &str| {
            corrections
                .iter()
                .find(|(f, _)| f == field)
                .map(|(_, v)| v.as_str())
        };
        let user_src = Some(FieldSource::User.as_str());

        let (title, title_source) = match user("title") {
            Some(v) => (serde_json::from_str::<String>(v)?, user_src),
            None => (
                found.title.clone(),
                Some(found.title_source.unwrap_or(FieldSource::Metadata).as_str()),
            ),
        };
        let (outlet, outlet_source) = match user("outlet") {
            Some(v) => (Some(serde_json::from_str::<String>(v)?), user_src),
            None => (
                found.outlet.clone(),
                found.outlet.as_ref().map(|_| {
                    found
                        .outlet_source
                        .unwrap_or(FieldSource::Metadata)
                        .as_str()
                }),
            ),
        };
        let (authors, authors_source) = match user("authors") {
            Some(v) => (serde_json::from_str::<Vec<String>>(v)?, user_src),
            None => (
                found.authors.clone(),
                (!found.authors.is_empty()).then(|| {
                    found
                        .authors_source
                        .unwrap_or(FieldSource::Metadata)
                        .as_str()
                }),
            ),
        };
        let (published, published_source) = match user("published") {
            Some(v) => (Some(serde_json::from_str::<DocDate>(v)?), user_src),
            None => (
                found.published,
                found.published_source.map(FieldSource::as_str),
            ),
        };
        Ok(EffectiveFields {
            title,
            title_source,
            outlet,
            outlet_source,
            authors: serde_json::to_string(&authors)?,
            authors_source,
            published: published.map(|d| d.to_string()),
            published_precision: published.map(|d| d.precision.as_str()),
            published_source,
            published_day: published.map(|d| epoch_day(d.date)),
        })
    }
}

fn write_file(
    tx: &Connection,
    file: &FileWrite,
    touched: &mut entities::Touched,
    story_keys: &mut StoryKeys,
) -> Result<Vec<SourceOutcome>> {
    let mut outcomes = Vec::with_capacity(file.sources.len());
    for source in &file.sources {
        outcomes.push(write_source(
            tx,
            &file.file_sha256,
            source,
            touched,
            story_keys,
        )?);
    }
    if file.complete {
        tx.prepare_cached(
            "INSERT OR IGNORE INTO imported_files (sha256, name, imported_at) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![file.file_sha256, file.name, now()])?;
    }
    Ok(outcomes)
}

fn write_source(
    tx: &Connection,
    file_sha256: &str,
    source: &NewSource,
    touched: &mut entities::Touched,
    story_keys: &mut StoryKeys,
) -> Result<SourceOutcome> {
    let existing: Option<i64> = tx
        .prepare_cached("SELECT id FROM sources WHERE sha256 = ?1")?
        .query_row([&source.sha256], |r| r.get(0))
        .optional()?;
    if let Some(source_id) = existing {
        let mut stmt = tx.prepare("SELECT id FROM articles WHERE source_id = ?1 ORDER BY part")?;
        let ids = stmt
            .query_map([source_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        return Ok(SourceOutcome::AlreadyPresent {
            name: source.display_name(),
            article_ids: ids,
        });
    }
    let imported_at = now();
    tx.prepare_cached(
        "INSERT INTO sources (sha256, file_sha256, name, path, reader, size, bytes, imported_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        source.sha256,
        file_sha256,
        source.name,
        source.path,
        source.reader,
        source.bytes.len() as i64,
        source.bytes,
        imported_at
    ])?;
    let source_id = tx.last_insert_rowid();
    let mut ids = Vec::with_capacity(source.articles.len());
    for (part, article) in source.articles.iter().enumerate() {
        ids.push(insert_article(
            tx,
            source_id,
            part,
            article,
            &imported_at,
            touched,
            story_keys,
        )?);
    }
    Ok(SourceOutcome::Added {
        name: source.display_name(),
        article_ids: ids,
    })
}

fn insert_article(
    tx: &Connection,
    source_id: i64,
    part: usize,
    article: &NewArticle,
    imported_at: &str,
    touched: &mut entities::Touched,
    story_keys: &mut StoryKeys,
) -> Result<i64> {
    let doc = &article.document;
    let title = doc
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| "(untitled)".to_string());
    let text_source = |value: &str| origin(value, &doc.text);
    let found = Found {
        title_source: Some(text_source(&title)),
        title,
        outlet: doc.outlet.clone(),
        outlet_source: doc.outlet.as_deref().map(text_source),
        authors: doc.authors.clone(),
        authors_source: (!doc.authors.is_empty())
            .then(|| {
                doc.authors
                    .iter()
                    .all(|a| text_source(a) == FieldSource::Text)
            })
            .map(|in_text| {
                if in_text {
                    FieldSource::Text
                } else {
                    FieldSource::Metadata
                }
            }),
        published: doc.published,
        published_source: doc.published.and(doc.published_source),
    };
    // The row is written once, whole: its id is the next rowid, as SQLite
    // would give it, so that the effective fields and the story are known
    // first. Written bare and then updated twice, the row (text included) was
    // rewritten and journalled three times.
    let id: i64 = tx
        .prepare_cached("SELECT coalesce(max(id), 0) + 1 FROM articles")?
        .query_row([], |r| r.get(0))?;
    let fields = EffectiveFields::of(tx, id, &found)?;
    let story = story_keys.assign_story(tx, id, article.minhash.as_ref())?;
    tx.prepare_cached(
        "INSERT INTO articles (id, source_id, part, title, title_source, outlet, outlet_source, authors, \
         authors_source, published, published_precision, published_source, published_day, url, language, text, \
         regions, sentences, warnings, found, story_id, minhash, imported_at, analysis_version) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, \
         ?22, ?23, ?24)",
    )?
    .execute(params![
        id,
        source_id,
        part as i64,
        fields.title,
        fields.title_source,
        fields.outlet,
        fields.outlet_source,
        fields.authors,
        fields.authors_source,
        fields.published,
        fields.published_precision,
        fields.published_source,
        fields.published_day,
        doc.url,
        doc.language,
        doc.text,
        serde_json::to_string(&doc.regions)?,
        serde_json::to_string(&article.sentences.iter().map(|s| (s.start, s.end)).collect::<Vec<_>>())?,
        serde_json::to_string(&doc.warnings)?,
        serde_json::to_string(&found)?,
        story,
        article.minhash.as_ref().map(|(sig, _)| sig.as_slice()),
        imported_at,
        ANALYSIS_VERSION,
    ])?;
    write_annotations(tx, id, &doc.text, &article.annotations, touched)?;
    tx.prepare_cached("INSERT OR IGNORE INTO search_queue (article_id) VALUES (?1)")?
        .execute([id])?;
    Ok(id)
}

fn write_annotations(
    tx: &Connection,
    id: i64,
    text: &str,
    annotations: &Annotations,
    touched: &mut entities::Touched,
) -> Result<()> {
    entities::link_article(
        tx,
        id,
        text,
        &annotations.mentions,
        &annotations.entities,
        touched,
    )?;
    timexes::insert_timexes(tx, id, &annotations.timexes)?;
    crate::places::insert_place_mentions(tx, id, text, &annotations.places)?;
    crate::places::count_article_places(tx, id)?;
    crate::events::insert_event_mentions(tx, id, &annotations.events)
}

/// Where a found value came from: the article's text when it appears there
/// (a headline, a byline; a title cut short with "…" counts by its beginning),
/// else the file's metadata (meta tags, e-mail headers, document properties).
fn origin(value: &str, text: &str) -> FieldSource {
    let value = value.trim().trim_end_matches('…').trim_end();
    if !value.is_empty() && text.contains(value) {
        FieldSource::Text
    } else {
        FieldSource::Metadata
    }
}

/// Adds `extra` to a `WHERE ...` clause (or starts one).
fn and_where(where_sql: &str, extra: &str) -> String {
    match (where_sql.is_empty(), extra.is_empty()) {
        (_, true) => where_sql.to_string(),
        (true, false) => format!("WHERE {extra}"),
        (false, false) => format!("{where_sql} AND {extra}"),
    }
}

/// SQL conditions on `a` (articles) for a filter; their arguments are pushed to `args`.
pub(crate) fn filter_clauses(
    filter: &ArticleFilter,
    args: &mut Vec<rusqlite::types::Value>,
) -> Vec<String> {
    use rusqlite::types::Value;
    let mut clauses = Vec::new();
    if let Some(outlet) = &filter.outlet {
        args.push(Value::Text(outlet.clone()));
        clauses.push(format!("a.outlet = ?{} COLLATE NOCASE", args.len()));
    }
    if let Some(from) = filter.from_day {
        args.push(Value::Integer(from as i64));
        clauses.push(format!("a.published_day >= ?{}", args.len()));
    }
    if let Some(to) = filter.to_day {
        args.push(Value::Integer(to as i64));
        clauses.push(format!("a.published_day <= ?{}", args.len()));
    }
    if let Some(story) = filter.story_id {
        args.push(Value::Integer(story));
        clauses.push(format!("a.story_id = ?{}", args.len()));
    }
    if let Some(entity) = filter.entity_id {
        args.push(Value::Integer(entity));
        clauses.push(format!(
            "a.id IN (SELECT article_id FROM mentions WHERE entity_id = ?{})",
            args.len()
        ));
    }
    if filter.mentions_from_day.is_some() || filter.mentions_to_day.is_some() {
        args.push(Value::Integer(
            filter.mentions_from_day.unwrap_or(i32::MIN) as i64
        ));
        let from = args.len();
        args.push(Value::Integer(
            filter.mentions_to_day.unwrap_or(i32::MAX) as i64
        ));
        // A value overlaps the window when it starts before the window ends and
        // ends after it starts.
        clauses.push(format!(
            "a.id IN (SELECT article_id FROM timexes WHERE first_day <= ?{} AND last_day >= ?{from})",
            args.len()
        ));
    }
    clauses
}

fn filter_sql(filter: &ArticleFilter) -> (String, Vec<rusqlite::types::Value>) {
    let mut args = Vec::new();
    let clauses = filter_clauses(filter, &mut args);
    let sql = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    (sql, args)
}

/// Parses the date forms the user may type into a correction.
pub fn parse_user_date(s: &str) -> Result<DocDate> {
    DocDate::parse_iso(s).ok_or_else(|| StoreError::InvalidValue {
        field: "date",
        message: format!("'{s}' is not a date; use 2023-11-22, 2023-11, 2023 or 2023-11-22T06:00"),
    })
}
