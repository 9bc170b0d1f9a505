//! A search engine on SQLite FTS5, in its own SQLite file (or in memory).
//!
//! Simpler and smaller than tantivy, but ranking a common word means scoring every
//! document that has it (172 ms at 1M articles), so it suits small libraries and
//! tests; it also proves that [`SearchIndex`] does not leak tantivy.
//!
//! Text goes into a contentless FTS5 table (`porter unicode61 remove_diacritics 2`:
//! Porter stemming, case and accent folding); filters and sort keys live in a side
//! table joined on the rowid. Writes are buffered and applied in one transaction at
//! [`commit`](SearchIndex::commit), so that, as with tantivy, nothing is visible
//! before it. The porter stemmer differs a little from tantivy's Snowball one, and
//! a prefix is matched against stems only (`escalat*` does not find "escalation").

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use rusqlite::{params, Connection, OpenFlags, Transaction};

use super::{
    IndexDoc, IndexHit, IndexResults, Query, SearchError, SearchFilter, SearchIndex, SearchSort,
};

/// Bumped when the tables below change; an index file with another version is rebuilt.
const FTS_SCHEMA_VERSION: i64 = 1;

const CREATE_TABLES: &str = "
    CREATE TABLE docs (
        id INTEGER PRIMARY KEY,
        outlet TEXT,
        day INTEGER,
        story_id INTEGER NOT NULL
    );
    CREATE INDEX docs_day ON docs(day);
    CREATE VIRTUAL TABLE fts USING fts5(
        title, body,
        content = '', contentless_delete = 1,
        tokenize = 'porter unicode61 remove_diacritics 2'
    );
";

/// Relative weights of the title and body columns in bm25.
const BM25: &str = "bm25(fts, 2.0, 1.0)";

/// A change waiting for the next commit.
enum Pending {
    Upsert(IndexDoc),
    Delete(i64),
}

struct State {
    conn: Connection,
    pending: Vec<Pending>,
}

/// An FTS5 index in one SQLite file.
pub struct Fts5Index {
    state: Mutex<State>,
    location: String,
}

fn sql_error(context: &str, error: rusqlite::Error) -> SearchError {
    SearchError::Engine(format!("{context}: {error}"))
}

impl Fts5Index {
    /// Opens the index file at `path`, creating it if missing. Fails with
    /// [`SearchError::Unusable`] if the file is not such an index or has another
    /// schema version.
    pub fn open(path: &Path) -> Result<Fts5Index, SearchError> {
        let location = path.display().to_string();
        let unusable = |reason: String| SearchError::Unusable {
            path: location.clone(),
            reason,
        };
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| unusable(e.to_string()))?;
        prepare_file(&conn).map_err(|e| unusable(e.to_string()))?;
        Fts5Index::from_connection(conn, location)
    }

    /// Like [`open`](Self::open), but an unusable file is deleted and created anew.
    /// The flag is `true` when the index is new and empty and must be refilled.
    pub fn open_or_recreate(path: &Path) -> Result<(Fts5Index, bool), SearchError> {
        let existed = path.exists();
        match Fts5Index::open(path) {
            Ok(index) => Ok((index, !existed)),
            Err(SearchError::Unusable { .. }) => {
                remove_database_files(path)?;
                Ok((Fts5Index::open(path)?, true))
            }
            Err(other) => Err(other),
        }
    }

    /// An index that lives in memory only, for tests.
    pub fn in_memory() -> Result<Fts5Index, SearchError> {
        let conn = Connection::open_in_memory().map_err(|e| sql_error("opening memory", e))?;
        Fts5Index::from_connection(conn, "memory".into())
    }

    fn from_connection(conn: Connection, location: String) -> Result<Fts5Index, SearchError> {
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| sql_error("reading the index version", e))?;
        if version == 0 {
            conn.execute_batch(CREATE_TABLES)
                .and_then(|()| conn.pragma_update(None, "user_version", FTS_SCHEMA_VERSION))
                .map_err(|e| sql_error(&format!("creating {location}"), e))?;
        } else if version != FTS_SCHEMA_VERSION {
            return Err(SearchError::Unusable {
                path: location,
                reason: format!("schema version {version}, expected {FTS_SCHEMA_VERSION}"),
            });
        }
        Ok(Fts5Index {
            state: Mutex::new(State {
                conn,
                pending: Vec::new(),
            }),
            location,
        })
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Journal settings; also the first read of the file, so garbage shows up here.
fn prepare_file(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })?;
    Ok(())
}

fn remove_database_files(path: &Path) -> Result<(), SearchError> {
    for suffix in ["", "-wal", "-shm"] {
        let mut os = path.as_os_str().to_owned();
        os.push(suffix);
        match std::fs::remove_file(&os) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(SearchError::Engine(format!(
                    "removing {}: {e}",
                    Path::new(&os).display()
                )))
            }
        }
    }
    Ok(())
}

fn delete_doc(tx: &Transaction<'_>, id: i64) -> rusqlite::Result<()> {
    tx.prepare_cached("DELETE FROM fts WHERE rowid = ?1")?
        .execute([id])?;
    tx.prepare_cached("DELETE FROM docs WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}

fn insert_doc(tx: &Transaction<'_>, doc: &IndexDoc) -> rusqlite::Result<()> {
    tx.prepare_cached("INSERT INTO fts (rowid, title, body) VALUES (?1, ?2, ?3)")?
        .execute(params![doc.id, doc.title, doc.body])?;
    tx.prepare_cached("INSERT INTO docs (id, outlet, day, story_id) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![
            doc.id,
            doc.outlet.as_ref().map(|o| o.to_lowercase()),
            doc.published_day,
            doc.story_id
        ])?;
    Ok(())
}

fn apply(conn: &mut Connection, pending: &[Pending]) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    for change in pending {
        match change {
            Pending::Delete(id) => delete_doc(&tx, *id)?,
            Pending::Upsert(doc) => {
                delete_doc(&tx, doc.id)?;
                insert_doc(&tx, doc)?;
            }
        }
    }
    tx.commit()
}

impl SearchIndex for Fts5Index {
    fn upsert(&self, docs: &[IndexDoc]) -> Result<(), SearchError> {
        let mut state = self.state();
        state
            .pending
            .extend(docs.iter().cloned().map(Pending::Upsert));
        Ok(())
    }

    fn delete(&self, ids: &[i64]) -> Result<(), SearchError> {
        let mut state = self.state();
        state
            .pending
            .extend(ids.iter().copied().map(Pending::Delete));
        Ok(())
    }

    fn commit(&self) -> Result<(), SearchError> {
        let mut state = self.state();
        let pending = std::mem::take(&mut state.pending);
        apply(&mut state.conn, &pending)
            .map_err(|e| sql_error(&format!("committing {}", self.location), e))
    }

    fn search(
        &self,
        query: &Query,
        filter: &SearchFilter,
        sort: SearchSort,
        offset: usize,
        limit: usize,
    ) -> Result<IndexResults, SearchError> {
        let expression = match_expression(query);
        let outlet = filter.outlet.as_ref().map(|o| o.to_lowercase());
        let conditions = "fts MATCH ?1
            AND (?2 IS NULL OR d.outlet = ?2)
            AND (?3 IS NULL OR d.day >= ?3)
            AND (?4 IS NULL OR d.day <= ?4)
            AND (?5 IS NULL OR d.story_id = ?5)";
        let order = match sort {
            SearchSort::Relevance => format!("{BM25}, d.id"),
            SearchSort::DateDesc => format!("d.day IS NULL, d.day DESC, {BM25}, d.id"),
            SearchSort::DateAsc => format!("d.day IS NULL, d.day ASC, {BM25}, d.id"),
        };
        let state = self.state();
        let fail = |e| sql_error(&format!("searching {} for {expression}", self.location), e);
        let args = params![
            expression,
            outlet,
            filter.from_day,
            filter.to_day,
            filter.story_id
        ];
        let total: i64 = state
            .conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM fts JOIN docs d ON d.id = fts.rowid WHERE {conditions}"
            ))
            .and_then(|mut stmt| stmt.query_row(args, |r| r.get(0)))
            .map_err(fail)?;
        let page_sql = format!(
            "SELECT d.id, {BM25} FROM fts JOIN docs d ON d.id = fts.rowid
             WHERE {conditions} ORDER BY {order} LIMIT ?6 OFFSET ?7"
        );
        let mut stmt = state.conn.prepare_cached(&page_sql).map_err(fail)?;
        let hits = stmt
            .query_map(
                params![
                    expression,
                    outlet,
                    filter.from_day,
                    filter.to_day,
                    filter.story_id,
                    i64::try_from(limit).unwrap_or(i64::MAX),
                    i64::try_from(offset).unwrap_or(i64::MAX)
                ],
                |r| {
                    Ok(IndexHit {
                        id: r.get(0)?,
                        // bm25() is lower-is-better; flip it to match the trait.
                        score: -(r.get::<_, f64>(1)? as f32),
                    })
                },
            )
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .map_err(fail)?;
        Ok(IndexResults {
            total: usize::try_from(total).unwrap_or(0),
            hits,
        })
    }

    fn clear(&self) -> Result<(), SearchError> {
        let mut state = self.state();
        state.pending.clear();
        state
            .conn
            .execute_batch("BEGIN; DELETE FROM fts; DELETE FROM docs; COMMIT;")
            .map_err(|e| sql_error(&format!("clearing {}", self.location), e))
    }

    fn doc_count(&self) -> Result<u64, SearchError> {
        let count: i64 = self
            .state()
            .conn
            .query_row("SELECT count(*) FROM docs", [], |r| r.get(0))
            .map_err(|e| sql_error("counting documents", e))?;
        Ok(u64::try_from(count).unwrap_or(0))
    }
}

/// FTS5 MATCH syntax for a query. Every word is quoted, so nothing a user types can
/// be read as FTS5 syntax (column filters, `NEAR`, `^`, keywords).
pub(crate) fn match_expression(query: &Query) -> String {
    match query {
        Query::Word(text) | Query::Phrase(text) => quoted(text),
        Query::Prefix(text) => format!("{} *", quoted(text)),
        Query::And(children) => {
            let positives: Vec<String> = children
                .iter()
                .filter(|c| !matches!(c, Query::Not(_)))
                .map(|c| format!("({})", match_expression(c)))
                .collect();
            let mut out = positives.join(" AND ");
            for child in children {
                if let Query::Not(inner) = child {
                    out = format!("({out}) NOT ({})", match_expression(inner));
                }
            }
            out
        }
        Query::Or(children) => children
            .iter()
            .map(|c| format!("({})", match_expression(c)))
            .collect::<Vec<_>>()
            .join(" OR "),
        // Never at the top (the parser refuses it); match nothing if it were.
        Query::Not(_) => "\"\"".into(),
    }
}

fn quoted(text: &str) -> String {
    // FTS5 reads its query as a C string: a NUL would end it mid-quote.
    format!("\"{}\"", text.replace('"', "\"\"").replace('\0', " "))
}

impl std::fmt::Debug for Fts5Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fts5Index")
            .field("location", &self.location)
            .finish()
    }
}

#[cfg(test)]
mod unit_tests {
    use super::*;

    #[test]
    fn match_expression_quotes_everything() {
        let q = Query::parse("a \"b c\" d* -e (f OR g)").unwrap();
        assert_eq!(
            match_expression(&q),
            "((\"a\") AND (\"b c\") AND (\"d\" *) AND ((\"f\") OR (\"g\"))) NOT (\"e\")"
        );
    }

    #[test]
    fn fts5_syntax_in_words_is_inert() {
        let q = Query::parse("title:x NEAR ^y").unwrap();
        assert_eq!(
            match_expression(&q),
            "(\"title:x\") AND (\"NEAR\") AND (\"^y\")"
        );
    }
}
