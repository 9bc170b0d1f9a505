//! Full-text search: one small interface, [`SearchIndex`], in front of the engine.
//!
//! SQLite stays the source of truth; an index is derived data that can be wiped and
//! rebuilt from it at any time. The query language ([`query`]) and the snippets
//! ([`snippet`]) belong to us, not to an engine, so that the engine can change:
//! - [`tantivy_index::TantivyIndex`], the default: fast at a million articles;
//! - [`fts5_index::Fts5Index`], SQLite FTS5: small libraries and tests.
//!
//! Both pass the same behavioural test suite (`tests` below).

mod analysis;
pub mod fts5_index;
pub mod query;
mod seek_safe;
pub mod snippet;
pub mod tantivy_index;

pub use query::{Query, QueryError};
pub use snippet::{snippet, Snippet};

/// What an index knows about one article: enough to match, filter and sort, and
/// nothing it would need to show (snippets are made from the text in SQLite).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexDoc {
    /// The article id in SQLite.
    pub id: i64,
    pub title: String,
    pub body: String,
    /// Matched exactly but without regard to case.
    pub outlet: Option<String>,
    /// Publication day, in days since 1970-01-01.
    pub published_day: Option<i32>,
    pub story_id: i64,
}

/// Restricts a search; every field that is set must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchFilter {
    /// Exact outlet name, case-insensitive.
    pub outlet: Option<String>,
    /// First day included (days since 1970-01-01). Articles without a date are
    /// excluded as soon as either bound is set.
    pub from_day: Option<i32>,
    /// Last day included.
    pub to_day: Option<i32>,
    pub story_id: Option<i64>,
}

/// Order of search results.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SearchSort {
    /// Best match first.
    #[default]
    Relevance,
    /// Newest first; undated articles last. Ties in an engine-defined order.
    DateDesc,
    /// Oldest first; undated articles last. Ties in an engine-defined order.
    DateAsc,
}

/// One matching article.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IndexHit {
    pub id: i64,
    /// Engine-specific relevance; higher is better. Only comparable within one
    /// result list; may be 0 when results are sorted by date (tantivy skips scoring).
    pub score: f32,
}

/// One page of results.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IndexResults {
    /// How many articles match in all (exact).
    pub total: usize,
    /// The requested page, in the requested order.
    pub hits: Vec<IndexHit>,
}

/// Why a search index operation failed.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("invalid search query: {0}")]
    Query(#[from] QueryError),
    /// The index cannot be read or is from an incompatible version: wipe and rebuild it.
    #[error("search index {path} is unusable ({reason}); it must be rebuilt")]
    Unusable { path: String, reason: String },
    /// Another process (the app, or a script's import) is writing to the
    /// index. What waits for indexing stays queued in SQLite; whichever
    /// process writes next catches it up.
    #[error("search index {path} is being written by another Dossier process")]
    Busy { path: String },
    #[error("search engine error: {0}")]
    Engine(String),
}

/// A full-text index over articles. Writes become visible to searches (and
/// durable) only at [`commit`](SearchIndex::commit).
pub trait SearchIndex: Send + Sync {
    /// Adds documents, replacing any with the same id.
    fn upsert(&self, docs: &[IndexDoc]) -> Result<(), SearchError>;
    /// Removes documents by id; unknown ids are ignored.
    fn delete(&self, ids: &[i64]) -> Result<(), SearchError>;
    /// Makes pending changes durable and visible to searches.
    fn commit(&self) -> Result<(), SearchError>;
    /// The `limit` results after the first `offset`, and the total number of matches.
    fn search(
        &self,
        query: &Query,
        filter: &SearchFilter,
        sort: SearchSort,
        offset: usize,
        limit: usize,
    ) -> Result<IndexResults, SearchError>;
    /// Removes every document, pending changes included; immediate and durable.
    fn clear(&self) -> Result<(), SearchError>;
    /// Number of committed documents.
    fn doc_count(&self) -> Result<u64, SearchError>;
    /// Takes the right to write, waiting up to `wait` for another process to
    /// give it up ([`SearchError::Busy`] after that). Writes take it themselves
    /// when needed; this lets a caller choose how long to wait.
    fn acquire_writer(&self, wait: std::time::Duration) -> Result<(), SearchError> {
        let _ = wait;
        Ok(())
    }
    /// Lets other processes write: an engine that allows one writer at a time
    /// gives it up until the next write. Committed state is unaffected.
    fn release_writer(&self) -> Result<(), SearchError> {
        Ok(())
    }
}

/// Parses `text` and searches `index`: the one call a caller with a user's query
/// string needs. A malformed query is a [`SearchError::Query`].
pub fn search_text(
    index: &dyn SearchIndex,
    text: &str,
    filter: &SearchFilter,
    sort: SearchSort,
    offset: usize,
    limit: usize,
) -> Result<IndexResults, SearchError> {
    let query = Query::parse(text)?;
    index.search(&query, filter, sort, offset, limit)
}

#[cfg(test)]
mod tests;
