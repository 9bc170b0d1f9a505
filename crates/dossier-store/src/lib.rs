//! The library: one SQLite file per library, and the search index derived from it.
//!
//! SQLite is the source of truth (WAL mode, foreign keys on, versioned
//! migrations). The full-text index lives beside it in `<library>.search/` and
//! can always be rebuilt from SQLite: articles whose entry is stale wait in
//! `search_queue`, which is drained after every write batch and on open, so a
//! crash between the two commits costs only re-indexing.

mod articles;
mod bundle;
mod curation;
mod entities;
mod error;
mod event_decisions;
mod events;
mod index_sync;
mod places;
mod schema;
pub mod search;
mod stories;
mod timexes;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use rusqlite::{Connection, OpenFlags};

pub use articles::{
    epoch_day, parse_user_date, Annotations, ArticleFilter, ArticleRecord, ArticleRow, Correction,
    FileWrite, Found, ListQuery, NewArticle, NewSource, SortOrder, SourceOutcome, ANALYSIS_VERSION,
};
pub use bundle::{restore_bundle, BundleError, BundleSummary, BUNDLE_FORMAT, BUNDLE_VERSION};
pub use curation::{Curation, CurationEntry};
pub use entities::{
    Alias, ArticleMention, EntityDetail, EntityQuery, EntityRow, EntitySort, MentionInContext,
    NewMention,
};
pub use error::{Result, StoreError};
pub use event_decisions::EventCuration;
pub use events::{
    EventActor, EventDetail, EventDisagreement, EventFilter, EventRow, EventSource, FigureValues,
    MergeReport, SourcedValue,
};
pub use places::{
    DoubtExample, GeoFilter, NewPlaceMention, PlaceCandidate, PlaceCorrection, PlaceDetail,
    PlaceDoubt, PlaceRow,
};
pub use schema::current_version as schema_version;
pub use timexes::{value_days, ArticleTimex, NewTimex};

use index_sync::open_index;
use search::SearchIndex;

/// Which engine serves full-text search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IndexKind {
    /// tantivy in `<library>.search/`: fast at a million articles.
    #[default]
    Tantivy,
    /// SQLite FTS5 in `<library>.fts`: simple, slower at scale.
    Fts5,
}

/// An open library.
pub struct Store {
    path: PathBuf,
    writer: Mutex<Connection>,
    reader: Mutex<Connection>,
    index: Box<dyn SearchIndex>,
}

impl Store {
    /// Opens (or creates) the library at `path` with the default search engine.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with(path, IndexKind::default())
    }

    pub fn open_with(path: &Path, kind: IndexKind) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Open {
                path: path.to_path_buf(),
                source: rusqlite::Error::ToSqlConversionFailure(Box::new(e)),
            })?;
        }
        let mut writer = open_connection(path, WRITER_CACHE_KB)?;
        // Another process (the app and a script) may write to the same library.
        // A deferred transaction that reads first and then writes cannot wait
        // for the other writer: SQLite fails it at once with "database is
        // locked". Taking the write lock at BEGIN makes it wait its turn, as
        // long as the other's longest transaction (an event merge at scale).
        writer.set_transaction_behavior(rusqlite::TransactionBehavior::Immediate);
        writer.busy_timeout(WRITER_BUSY_WAIT)?;
        schema::migrate(&mut writer, path)?;
        let reader = open_connection(path, READER_CACHE_KB)?;
        let (index, rebuilt) = open_index(path, kind)?;
        let store = Store {
            path: path.to_path_buf(),
            writer: Mutex::new(writer),
            reader: Mutex::new(reader),
            index,
        };
        if rebuilt {
            store.enqueue_all_for_index()?;
        }
        store.sync_index_if_free()?;
        // Derived events are repaired the same way: a crash between an
        // import's last batch and its final merge is caught up here.
        store.repair_events()?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn writer(&self) -> MutexGuard<'_, Connection> {
        self.writer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(crate) fn reader(&self) -> MutexGuard<'_, Connection> {
        self.reader
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(crate) fn index(&self) -> &dyn SearchIndex {
        self.index.as_ref()
    }

    /// `PRAGMA integrity_check` plus the store's own invariants; empty when all is well.
    pub fn check(&self) -> Result<Vec<String>> {
        let conn = self.reader();
        let mut problems = Vec::new();
        let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if integrity != "ok" {
            problems.push(format!("integrity_check: {integrity}"));
        }
        let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
        let fk: Vec<String> = stmt
            .query_map([], |r| {
                Ok(format!("foreign key broken in {}", r.get::<_, String>(0)?))
            })?
            .collect::<Result<_, _>>()?;
        problems.extend(fk);
        // Rows that break an invariant, counted: (query, what n of them means).
        let invariants = [
            (
                "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM articles s WHERE s.id = a.story_id)",
                "articles point to a story that does not exist",
            ),
            // A name the user has placed is never a doubt: its mentions are on the map.
            (
                "SELECT count(*) FROM place_doubts d JOIN place_corrections c ON c.key = d.key",
                "doubtful place mentions have a name the user placed",
            ),
            // A name the user says is not a place is neither drawn nor held.
            (
                "SELECT (SELECT count(*) FROM place_mentions m JOIN place_dismissals d ON d.key = m.key) \
                      + (SELECT count(*) FROM place_doubts m JOIN place_dismissals d ON d.key = m.key)",
                "place mentions have a name the user says is not a place",
            ),
        ];
        for (sql, what) in invariants {
            let n: i64 = conn.query_row(sql, [], |r| r.get(0))?;
            if n > 0 {
                problems.push(format!("{n} {what}"));
            }
        }
        drop(stmt);
        drop(conn);
        problems.extend(self.check_index()?);
        problems.extend(self.check_events()?);
        Ok(problems)
    }
}

/// SQLite page caches, in KiB. With SQLite's 2 MB default a batch
/// transaction spills to the WAL mid-transaction and per-file savepoints
/// journal to temp files; 32 MB for the writer avoids both, and the views'
/// queries walk indexes and read few pages each. The operating system caches
/// the file as well: at 10k articles a 64 MB writer cache imported no faster
/// (57.9 against 56.7 CPU s) and peaked 37 MB higher (BENCHMARKS.md, "Scale").
const WRITER_CACHE_KB: i64 = 32_768;
/// How long a write waits for another process' transaction to end.
const WRITER_BUSY_WAIT: std::time::Duration = std::time::Duration::from_secs(60);
const READER_CACHE_KB: i64 = 16_384;

fn open_connection(path: &Path, cache_kb: i64) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|source| StoreError::Open {
        path: path.to_path_buf(),
        source,
    })?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    // NORMAL in WAL mode loses at most the last transactions on power loss, never
    // consistency; FULL would fsync every batch for little gain.
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "cache_size", -cache_kb)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    // The import writes through some 30 statements per article; rusqlite's
    // default cache of 16 would prepare them again and again.
    conn.set_prepared_statement_cache_capacity(64);
    Ok(conn)
}

/// The index location derived from the library path.
pub fn index_path(library: &Path, kind: IndexKind) -> PathBuf {
    let suffix = match kind {
        IndexKind::Tantivy => ".search",
        IndexKind::Fts5 => ".fts",
    };
    let mut os = library.as_os_str().to_owned();
    os.push(suffix);
    PathBuf::from(os)
}
