//! Keeping the derived search index in step with SQLite.

use std::path::Path;
use std::time::Duration;

use rusqlite::OptionalExtension;

use crate::search::tantivy_index::WRITER_WAIT;
use crate::search::{IndexDoc, SearchError, SearchIndex};
use crate::{index_path, IndexKind, Result, Store};

/// Articles indexed per index commit while draining the queue.
const SYNC_BATCH: usize = 2_000;

/// Opens the index beside the library; `true` when it had to be created anew
/// (missing, corrupt, or from an incompatible version) and so must be refilled.
pub(crate) fn open_index(library: &Path, kind: IndexKind) -> Result<(Box<dyn SearchIndex>, bool)> {
    let dir = index_path(library, kind);
    Ok(match kind {
        IndexKind::Tantivy => {
            let (index, recreated) =
                crate::search::tantivy_index::TantivyIndex::open_or_recreate(&dir)?;
            (Box::new(index), recreated)
        }
        IndexKind::Fts5 => {
            let (index, recreated) = crate::search::fts5_index::Fts5Index::open_or_recreate(&dir)?;
            (Box::new(index), recreated)
        }
    })
}

impl Store {
    /// Queues every article for indexing (after the index was recreated).
    pub(crate) fn enqueue_all_for_index(&self) -> Result<()> {
        self.writer().execute(
            "INSERT OR IGNORE INTO search_queue (article_id) SELECT id FROM articles",
            [],
        )?;
        Ok(())
    }

    /// Rebuilds the search index from SQLite, the source of truth.
    pub fn rebuild_index(&self) -> Result<usize> {
        self.index().clear()?;
        self.index().commit()?;
        self.enqueue_all_for_index()?;
        let done = self.sync_index()?;
        if !self.queued_for_index(1)?.is_empty() {
            // Another process took the writer between the clear and the refill.
            return Err(SearchError::Busy {
                path: format!("beside {}", self.path.display()),
            }
            .into());
        }
        Ok(done)
    }

    /// Indexes every queued article, then removes it from the queue, and lets
    /// other processes write to the index again. Returns how many were
    /// indexed. Safe to call at any time; a crash midway repeats work but never
    /// loses it. If another process keeps the index's writer for
    /// [`WRITER_WAIT`], the queue is left for it: it drains the whole queue,
    /// this process' articles included, at its next catch-up.
    pub fn sync_index(&self) -> Result<usize> {
        let done = self.drain_index_queue(WRITER_WAIT)?;
        self.index().release_writer()?;
        Ok(done)
    }

    /// [`sync_index`](Self::sync_index) for the middle of a long import: keeps
    /// the writer (giving it back after each catch-up would wait for merges
    /// every few seconds) and does not wait for another process to give it up.
    pub fn sync_index_keeping_writer(&self) -> Result<usize> {
        self.drain_index_queue(Duration::ZERO)
    }

    /// At open: catches up only if no other process is writing to the index
    /// (a search run by a script while the app imports must not wait for it).
    pub(crate) fn sync_index_if_free(&self) -> Result<usize> {
        let done = self.drain_index_queue(Duration::ZERO)?;
        self.index().release_writer()?;
        Ok(done)
    }

    fn drain_index_queue(&self, wait: Duration) -> Result<usize> {
        let mut done = 0;
        if self.queued_for_index(1)?.is_empty() {
            return Ok(done);
        }
        match self.index().acquire_writer(wait) {
            Err(SearchError::Busy { .. }) => return Ok(done),
            other => other?,
        }
        loop {
            let ids = self.queued_for_index(SYNC_BATCH)?;
            if ids.is_empty() {
                return Ok(done);
            }
            let (docs, gone) = self.index_docs(&ids)?;
            if !gone.is_empty() {
                self.index().delete(&gone)?;
            }
            self.index().upsert(&docs)?;
            self.index().commit()?;
            self.dequeue(&ids)?;
            done += docs.len();
        }
    }

    /// What `check` reports about the search index: once the queue is
    /// drained, it must hold exactly one entry per article.
    pub(crate) fn check_index(&self) -> Result<Vec<String>> {
        let (articles, queued): (i64, i64) = self.reader().query_row(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM search_queue)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let indexed = self.index().doc_count()?;
        let mut problems = Vec::new();
        if queued > 0 {
            problems.push(format!("{queued} articles wait to be indexed"));
        } else if indexed != articles as u64 {
            problems.push(format!(
                "the search index holds {indexed} articles, the library {articles}"
            ));
        }
        Ok(problems)
    }

    fn queued_for_index(&self, limit: usize) -> Result<Vec<i64>> {
        let conn = self.reader();
        let mut stmt = conn
            .prepare_cached("SELECT article_id FROM search_queue ORDER BY article_id LIMIT ?1")?;
        let ids = stmt
            .query_map([limit as i64], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// Index documents for the ids that still exist, and the ids that do not.
    fn index_docs(&self, ids: &[i64]) -> Result<(Vec<IndexDoc>, Vec<i64>)> {
        let conn = self.reader();
        let mut stmt = conn.prepare_cached(
            "SELECT title, text, outlet, published_day, story_id FROM articles WHERE id = ?1",
        )?;
        let mut docs = Vec::with_capacity(ids.len());
        let mut gone = Vec::new();
        for &id in ids {
            let row = stmt
                .query_row([id], |r| {
                    Ok(IndexDoc {
                        id,
                        title: r.get(0)?,
                        body: r.get(1)?,
                        outlet: r.get(2)?,
                        published_day: r.get(3)?,
                        story_id: r.get(4)?,
                    })
                })
                .optional()?;
            match row {
                Some(doc) => docs.push(doc),
                None => gone.push(id),
            }
        }
        Ok((docs, gone))
    }

    fn dequeue(&self, ids: &[i64]) -> Result<()> {
        let mut conn = self.writer();
        let tx = conn.transaction()?;
        {
            let mut stmt = tx.prepare_cached("DELETE FROM search_queue WHERE article_id = ?1")?;
            for id in ids {
                stmt.execute([id])?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}

impl Store {
    /// Runs a parsed query against the index: ids and scores, best first.
    pub fn search(
        &self,
        query: &crate::search::Query,
        filter: &crate::search::SearchFilter,
        sort: crate::search::SearchSort,
        offset: usize,
        limit: usize,
    ) -> Result<crate::search::IndexResults> {
        Ok(self.index().search(query, filter, sort, offset, limit)?)
    }
}
