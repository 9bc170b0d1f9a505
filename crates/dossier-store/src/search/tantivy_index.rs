//! The default search engine: a tantivy index in a directory beside the library.
//!
//! Chosen for speed at scale: block-max pruning keeps word queries at a few
//! milliseconds at a million articles, where SQLite FTS5 ranks every match.
//!
//! What is in the index: the article id (fast field, and indexed so an upsert can
//! delete the old version), one `text` field holding the title twice and the
//! body (analysed by [`super::analysis`], with positions for phrases; not
//! stored: snippets come from SQLite; one field so that a word is one term
//! scorer, see [`TITLE_WEIGHT`]), the outlet
//! (lower-cased, exact), the publication day (fast field: range filter, date sort)
//! and the story id.
//!
//! Prefixes (`escal*`) are expanded against the term dictionary: at most
//! [`MAX_PREFIX_EXPANSIONS`] terms, the most frequent ones, chosen among the first
//! [`MAX_PREFIX_SCAN`] dictionary entries per segment and field. Indexed terms are
//! stemmed ("escalation" is stored as "escal"), so a prefix longer than the stem
//! would miss it: the prefix also matches the stems of itself completed with
//! common English endings ([`COMPLETIONS`]: "escalat" + "e" → "escal"), which finds
//! "escalation" without letting "baghdadi*" match "baghdad".

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::ops::Bound;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tantivy::collector::sort_key::SortByStaticFastValue;
use tantivy::collector::{Count, TopDocs};
use tantivy::directory::error::LockError;
use tantivy::query::{
    BooleanQuery, ConstScoreQuery, EmptyQuery, Occur, PhrasePrefixQuery, PhraseQuery,
    Query as EngineQuery, RangeQuery, TermQuery,
};
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, STRING,
};
use tantivy::{
    DocAddress, Index, IndexReader, IndexWriter, Order, ReloadPolicy, Searcher, TantivyDocument,
    TantivyError, Term,
};

use super::analysis::{self, ANALYZER_NAME};
use super::seek_safe::SeekSafe;
use super::{
    IndexDoc, IndexHit, IndexResults, Query, SearchError, SearchFilter, SearchIndex, SearchSort,
};

/// Memory the writer may use before it flushes a segment to disk.
const WRITER_MEMORY_BYTES: usize = 50_000_000;
/// tantivy refuses less than 15 MB per indexing thread.
const MIN_MEMORY_PER_THREAD: usize = 15_000_000;
/// How long a write waits for another process to give the writer up, unless
/// the caller chose (`acquire_writer`).
pub const WRITER_WAIT: Duration = Duration::from_secs(10);
const WRITER_POLL: Duration = Duration::from_millis(50);
/// Most terms one prefix expands to; the most frequent are kept.
pub const MAX_PREFIX_EXPANSIONS: usize = 200;
/// Most dictionary entries read per prefix, segment and field, so `a*` stays cheap.
pub const MAX_PREFIX_SCAN: usize = 20_000;
/// Endings tried on a prefix to find the stems of words it begins (see module doc).
const COMPLETIONS: &[&str] = &[
    "e", "s", "es", "ed", "ing", "ion", "ions", "al", "ally", "ly", "y", "ies", "ation", "ations",
    "ive", "ity", "ment", "ness", "er", "ers", "ism", "ist",
];
/// How many times a title is written into the searched text: a word in the
/// title counts as much as that many in the body. One field rather than a
/// title field and a body field makes every word one term scorer, which is
/// what tantivy's block-max pruning of conjunctions and unions needs: at a
/// million articles, "airstrike Baghdad" took 38 ms on CPU (p95) with each
/// word a union over two fields, and 8 ms with one (BENCHMARKS.md).
const TITLE_WEIGHT: usize = 2;

const ID: &str = "id";
const TEXT: &str = "text";
const OUTLET: &str = "outlet";
const PUBLISHED_DAY: &str = "published_day";
const STORY_ID: &str = "story_id";

/// The schema's fields, looked up once.
#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    text: Field,
    outlet: Field,
    published_day: Field,
    story_id: Field,
}

/// A tantivy index in one directory, with its single writer.
pub struct TantivyIndex {
    index: Index,
    fields: Fields,
    /// tantivy allows one writer per index, across processes (a lock file).
    /// It is taken at the first write and given back by `release_writer`, so
    /// that a script can search or import while the app has the library open.
    writer: Mutex<Option<IndexWriter>>,
    /// Reloaded after each commit, so searches see exactly the committed state,
    /// and when another process commits (tantivy watches `meta.json`).
    reader: IndexReader,
    /// Where the index lives, for messages.
    location: String,
}

fn engine_error(context: &str, error: impl std::fmt::Display) -> SearchError {
    SearchError::Engine(format!("{context}: {error}"))
}

fn build_schema() -> Schema {
    let mut builder = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(ANALYZER_NAME)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    builder.add_i64_field(ID, NumericOptions::default().set_indexed().set_fast());
    builder.add_text_field(TEXT, text);
    builder.add_text_field(OUTLET, STRING);
    builder.add_i64_field(PUBLISHED_DAY, NumericOptions::default().set_fast());
    builder.add_i64_field(STORY_ID, NumericOptions::default().set_indexed());
    builder.build()
}

fn lookup_fields(schema: &Schema) -> Result<Fields, SearchError> {
    let field = |name: &str| {
        schema
            .get_field(name)
            .map_err(|e| engine_error("search schema", e))
    };
    Ok(Fields {
        id: field(ID)?,
        text: field(TEXT)?,
        outlet: field(OUTLET)?,
        published_day: field(PUBLISHED_DAY)?,
        story_id: field(STORY_ID)?,
    })
}

fn indexing_threads() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    cores.clamp(1, WRITER_MEMORY_BYTES / MIN_MEMORY_PER_THREAD)
}

impl TantivyIndex {
    /// Opens the index in `dir`, creating it if `dir` holds none. Fails with
    /// [`SearchError::Unusable`] if the index there is corrupt or was built with
    /// another schema.
    pub fn open(dir: &Path) -> Result<TantivyIndex, SearchError> {
        let location = dir.display().to_string();
        let index = if dir.join("meta.json").exists() {
            open_existing(dir)?
        } else {
            create_fresh(dir)?
        };
        TantivyIndex::from_index(index, location)
    }

    /// Like [`open`](Self::open), but an unusable index is wiped and created anew.
    /// The flag is `true` when the index is new and empty and so must be refilled
    /// from SQLite.
    pub fn open_or_recreate(dir: &Path) -> Result<(TantivyIndex, bool), SearchError> {
        let existed = dir.join("meta.json").exists();
        match TantivyIndex::open(dir) {
            Ok(index) => Ok((index, !existed)),
            Err(SearchError::Unusable { .. }) if writer_lock_held(dir) => {
                // Another process (another version, reindexing with its own
                // schema) is writing it: wiping the files under its feet made
                // its commit fail. This process waits its turn instead.
                Err(SearchError::Busy {
                    path: dir.display().to_string(),
                })
            }
            Err(SearchError::Unusable { .. }) => {
                std::fs::remove_dir_all(dir)
                    .map_err(|e| engine_error(&format!("removing {}", dir.display()), e))?;
                Ok((TantivyIndex::open(dir)?, true))
            }
            Err(other) => Err(other),
        }
    }

    /// An index that lives in memory only, for tests.
    pub fn in_memory() -> Result<TantivyIndex, SearchError> {
        TantivyIndex::from_index(Index::create_in_ram(build_schema()), "memory".into())
    }

    fn from_index(index: Index, location: String) -> Result<TantivyIndex, SearchError> {
        index
            .tokenizers()
            .register(ANALYZER_NAME, analysis::stemming_analyzer());
        let fields = lookup_fields(&index.schema())?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()
            .map_err(|e| engine_error(&format!("opening a reader of {location}"), e))?;
        Ok(TantivyIndex {
            index,
            fields,
            writer: Mutex::new(None),
            reader,
            location,
        })
    }

    /// Runs `write` with the index's writer, taking it first if this process
    /// does not hold it. Fails with [`SearchError::Busy`] when another process
    /// holds it for longer than [`WRITER_WAIT`].
    fn with_writer<T>(
        &self,
        write: impl FnOnce(&mut IndexWriter) -> Result<T, SearchError>,
    ) -> Result<T, SearchError> {
        let mut slot = self.writer_slot();
        if slot.is_none() {
            *slot = Some(self.take_writer(WRITER_WAIT)?);
        }
        write(slot.as_mut().expect("the writer was just taken"))
    }

    fn writer_slot(&self) -> MutexGuard<'_, Option<IndexWriter>> {
        // A panic while holding the lock leaves at worst uncommitted changes, which
        // the next commit or a rebuild settles.
        self.writer.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn take_writer(&self, wait: Duration) -> Result<IndexWriter, SearchError> {
        let location = &self.location;
        let give_up_at = Instant::now() + wait;
        let writer = loop {
            match self
                .index
                .writer_with_num_threads(indexing_threads(), WRITER_MEMORY_BYTES)
            {
                Ok(writer) => break writer,
                Err(TantivyError::LockFailure(LockError::LockBusy, _)) => {
                    if Instant::now() >= give_up_at {
                        return Err(SearchError::Busy {
                            path: location.clone(),
                        });
                    }
                    std::thread::sleep(WRITER_POLL);
                }
                Err(e) => {
                    return Err(engine_error(
                        &format!("opening the writer of {location}"),
                        e,
                    ))
                }
            }
        };
        // A process killed mid-commit leaves files that no meta.json names:
        // the segments and deletes it was writing. Deletes go to
        // `<segment>.<opstamp>.del`, and the next process, starting from the
        // same opstamp and redoing the same work, needs that very name; tantivy
        // never overwrites a file, so every later commit failed and the
        // library could not be opened. tantivy collects unnamed files only
        // after a commit, so they are collected here, before the first one.
        writer
            .garbage_collect_files()
            .wait()
            .map_err(|e| engine_error(&format!("removing leftovers in {location}"), e))?;
        Ok(writer)
    }

    fn to_document(&self, doc: &IndexDoc) -> TantivyDocument {
        let f = self.fields;
        let mut out = TantivyDocument::default();
        out.add_i64(f.id, doc.id);
        for _ in 0..TITLE_WEIGHT {
            out.add_text(f.text, &doc.title);
        }
        out.add_text(f.text, &doc.body);
        if let Some(outlet) = &doc.outlet {
            out.add_text(f.outlet, outlet.to_lowercase());
        }
        if let Some(day) = doc.published_day {
            out.add_i64(f.published_day, i64::from(day));
        }
        out.add_i64(f.story_id, doc.story_id);
        out
    }
}

/// Whether a process holds the index's writer: tantivy locks this file
/// (an exclusive `flock`) for as long as its writer lives.
fn writer_lock_held(dir: &Path) -> bool {
    let Ok(file) = std::fs::File::open(dir.join(".tantivy-writer.lock")) else {
        return false;
    };
    matches!(file.try_lock(), Err(std::fs::TryLockError::WouldBlock))
}

fn open_existing(dir: &Path) -> Result<Index, SearchError> {
    let unusable = |reason: String| SearchError::Unusable {
        path: dir.display().to_string(),
        reason,
    };
    let index = Index::open_in_dir(dir).map_err(|e| unusable(e.to_string()))?;
    if index.schema() != build_schema() {
        return Err(unusable("built by another version (schema differs)".into()));
    }
    // Opening reads only meta.json; touching every segment now finds missing or
    // truncated files here rather than at the first search.
    index
        .searchable_segments()
        .and_then(|segments| {
            segments
                .iter()
                .try_for_each(|s| tantivy::SegmentReader::open(s).map(drop))
        })
        .map_err(|e| unusable(e.to_string()))?;
    Ok(index)
}

fn create_fresh(dir: &Path) -> Result<Index, SearchError> {
    let context = format!("creating the search index in {}", dir.display());
    if dir.exists() {
        // Leftovers without meta.json are no index; start clean.
        std::fs::remove_dir_all(dir).map_err(|e| engine_error(&context, e))?;
    }
    std::fs::create_dir_all(dir).map_err(|e| engine_error(&context, e))?;
    Index::create_in_dir(dir, build_schema()).map_err(|e| engine_error(&context, e))
}

impl SearchIndex for TantivyIndex {
    fn upsert(&self, docs: &[IndexDoc]) -> Result<(), SearchError> {
        self.with_writer(|writer| {
            for doc in docs {
                writer.delete_term(Term::from_field_i64(self.fields.id, doc.id));
                writer
                    .add_document(self.to_document(doc))
                    .map_err(|e| engine_error(&format!("indexing article {}", doc.id), e))?;
            }
            Ok(())
        })
    }

    fn delete(&self, ids: &[i64]) -> Result<(), SearchError> {
        self.with_writer(|writer| {
            for &id in ids {
                writer.delete_term(Term::from_field_i64(self.fields.id, id));
            }
            Ok(())
        })
    }

    fn commit(&self) -> Result<(), SearchError> {
        self.with_writer(|writer| {
            writer
                .commit()
                .map_err(|e| engine_error(&format!("committing {}", self.location), e))
        })?;
        self.reader
            .reload()
            .map_err(|e| engine_error(&format!("reloading {}", self.location), e))
    }

    fn search(
        &self,
        query: &Query,
        filter: &SearchFilter,
        sort: SearchSort,
        offset: usize,
        limit: usize,
    ) -> Result<IndexResults, SearchError> {
        let searcher = self.reader.searcher();
        let Some(text_query) = self.compile(query, &searcher)? else {
            return Ok(IndexResults::default());
        };
        let Some(filters) = self.filter_clauses(filter) else {
            return Ok(IndexResults::default());
        };
        // Unwrapped when nothing filters, so that tantivy sees the words'
        // own conjunction or union and can prune it.
        let full: Box<dyn EngineQuery> = if filters.is_empty() {
            text_query
        } else {
            let mut clauses = vec![(Occur::Must, text_query)];
            clauses.extend(filters.into_iter().map(|f| (Occur::Must, f)));
            Box::new(BooleanQuery::new(clauses))
        };
        let fail = |e| engine_error(&format!("searching {}", self.location), e);
        // TopDocs allocates for offset + limit: keep both within the index size.
        let docs = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
        let (offset, limit) = (offset.min(docs), limit.min(docs));
        if limit == 0 {
            let total = searcher.search(&full, &Count).map_err(fail)?;
            return Ok(IndexResults {
                total,
                hits: Vec::new(),
            });
        }
        let page = TopDocs::with_limit(limit).and_offset(offset);
        let (total, scored) = match sort {
            SearchSort::Relevance if has_phrase(query) => {
                // A phrase cannot be pruned: ranking visits every match
                // anyway, so it counts them in the same pass (the second
                // pass took a third of a phrase query at a million articles).
                searcher
                    .search(&full, &(Count, page.order_by_score()))
                    .map_err(fail)?
            }
            SearchSort::Relevance => {
                // Counting in the same pass as ranking would visit every match and
                // switch off block-max WAND; counting apart, unscored, is far cheaper
                // (about 0.3 ms against 6 ms for two near-universal words at 100k).
                let top = searcher
                    .search(&full, &page.order_by_score())
                    .map_err(fail)?;
                (full.count(&searcher).map_err(fail)?, top)
            }
            SearchSort::DateDesc | SearchSort::DateAsc => {
                let order = if sort == SearchSort::DateDesc {
                    Order::Desc
                } else {
                    Order::Asc
                };
                // Date order visits every match anyway, so the count is free here.
                // Not scoring saves about a third; hits carry score 0.
                let by_date = (
                    SortByStaticFastValue::<i64>::for_field(PUBLISHED_DAY),
                    order,
                );
                let (total, dated) = searcher
                    .search(&full, &(Count, page.order_by(by_date)))
                    .map_err(fail)?;
                (total, dated.into_iter().map(|(_, at)| (0.0, at)).collect())
            }
        };
        let hits = self.hits_with_ids(&searcher, scored)?;
        Ok(IndexResults { total, hits })
    }

    fn clear(&self) -> Result<(), SearchError> {
        let fail = |e| engine_error(&format!("clearing {}", self.location), e);
        self.with_writer(|writer| {
            // delete_all_documents drops committed segments only; documents still
            // in the indexing buffer would survive it.
            writer.rollback().map_err(fail)?;
            writer.delete_all_documents().map_err(fail)?;
            writer.commit().map_err(fail)
        })?;
        self.reader.reload().map_err(fail)
    }

    fn doc_count(&self) -> Result<u64, SearchError> {
        Ok(self.reader.searcher().num_docs())
    }

    fn acquire_writer(&self, wait: Duration) -> Result<(), SearchError> {
        let mut slot = self.writer_slot();
        if slot.is_none() {
            *slot = Some(self.take_writer(wait)?);
        }
        Ok(())
    }

    fn release_writer(&self) -> Result<(), SearchError> {
        let Some(writer) = self.writer_slot().take() else {
            return Ok(());
        };
        // Merges run on the writer's threads after a commit; waiting for them
        // hands over an index no thread of this process still changes.
        writer
            .wait_merging_threads()
            .map_err(|e| engine_error(&format!("finishing merges in {}", self.location), e))
    }
}

impl TantivyIndex {
    /// Article ids for hits, read from the `id` fast field.
    fn hits_with_ids(
        &self,
        searcher: &Searcher,
        scored: Vec<(f32, DocAddress)>,
    ) -> Result<Vec<IndexHit>, SearchError> {
        let mut columns = HashMap::new();
        let mut hits = Vec::with_capacity(scored.len());
        for (score, at) in scored {
            let column = match columns.entry(at.segment_ord) {
                Entry::Occupied(known) => known.into_mut(),
                Entry::Vacant(slot) => slot.insert(
                    searcher
                        .segment_reader(at.segment_ord)
                        .fast_fields()
                        .i64(ID)
                        .map_err(|e| engine_error("reading article ids", e))?,
                ),
            };
            let id = column
                .first(at.doc_id)
                .ok_or_else(|| SearchError::Engine(format!("document {at:?} has no article id")))?;
            hits.push(IndexHit { id, score });
        }
        Ok(hits)
    }

    /// Filter clauses, scoring nothing; `None` when the filter can match nothing.
    fn filter_clauses(&self, filter: &SearchFilter) -> Option<Vec<Box<dyn EngineQuery>>> {
        let f = self.fields;
        let mut out: Vec<Box<dyn EngineQuery>> = Vec::new();
        if let Some(outlet) = &filter.outlet {
            let term = Term::from_field_text(f.outlet, &outlet.to_lowercase());
            out.push(Box::new(TermQuery::new(term, IndexRecordOption::Basic)));
        }
        if let Some(story) = filter.story_id {
            let term = Term::from_field_i64(f.story_id, story);
            out.push(Box::new(TermQuery::new(term, IndexRecordOption::Basic)));
        }
        if let (Some(from), Some(to)) = (filter.from_day, filter.to_day) {
            if from > to {
                return None;
            }
        }
        if filter.from_day.is_some() || filter.to_day.is_some() {
            let bound = |day: Option<i32>| match day {
                Some(d) => Bound::Included(Term::from_field_i64(f.published_day, i64::from(d))),
                None => Bound::Unbounded,
            };
            out.push(Box::new(RangeQuery::new(
                bound(filter.from_day),
                bound(filter.to_day),
            )));
        }
        Some(
            out.into_iter()
                .map(|q| Box::new(ConstScoreQuery::new(q, 0.0)) as Box<dyn EngineQuery>)
                .collect(),
        )
    }

    /// Translates our query tree into tantivy's; `None` when nothing in it can
    /// match (e.g. every word was dropped by the analyser).
    fn compile(
        &self,
        query: &Query,
        searcher: &Searcher,
    ) -> Result<Option<Box<dyn EngineQuery>>, SearchError> {
        Ok(match query {
            Query::Word(text) | Query::Phrase(text) => self.words_query(&analysis::stems(text)),
            Query::Prefix(text) => self.prefix_query(text, searcher)?,
            Query::And(children) => {
                let mut clauses = Vec::new();
                for child in children {
                    let (occur, inner) = match child {
                        Query::Not(inner) => (Occur::MustNot, inner.as_ref()),
                        positive => (Occur::Must, positive),
                    };
                    if let Some(compiled) = self.compile(inner, searcher)? {
                        clauses.push((occur, compiled));
                    }
                }
                clauses
                    .iter()
                    .any(|(occur, _)| *occur == Occur::Must)
                    .then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn EngineQuery>)
            }
            Query::Or(children) => {
                let mut clauses = Vec::new();
                for child in children {
                    if let Some(compiled) = self.compile(child, searcher)? {
                        clauses.push((Occur::Should, compiled));
                    }
                }
                (!clauses.is_empty())
                    .then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn EngineQuery>)
            }
            // The parser only puts `Not` under `And`.
            Query::Not(_) => None,
        })
    }

    /// One term, or a phrase when a word analyses into several tokens.
    fn words_query(&self, stems: &[String]) -> Option<Box<dyn EngineQuery>> {
        match stems {
            [] => None,
            [single] => Some(Box::new(TermQuery::new(
                Term::from_field_text(self.fields.text, single),
                IndexRecordOption::WithFreqs,
            ))),
            several => {
                let phrase: Box<dyn EngineQuery> = Box::new(PhraseQuery::new(
                    several
                        .iter()
                        .map(|s| Term::from_field_text(self.fields.text, s))
                        .collect(),
                ));
                Some(Box::new(SeekSafe(phrase)))
            }
        }
    }

    fn prefix_query(
        &self,
        text: &str,
        searcher: &Searcher,
    ) -> Result<Option<Box<dyn EngineQuery>>, SearchError> {
        let folded = analysis::fold(text);
        let Some(last) = folded.last() else {
            return Ok(None);
        };
        if folded.len() > 1 {
            // "al-sud*": the leading tokens as a phrase, the last one as a prefix.
            let stems = analysis::stems(text);
            let field = self.fields.text;
            let mut terms: Vec<Term> = stems[..stems.len() - 1]
                .iter()
                .map(|s| Term::from_field_text(field, s))
                .collect();
            terms.push(Term::from_field_text(field, last));
            let mut query = PhrasePrefixQuery::new(terms);
            query.set_max_expansions(MAX_PREFIX_EXPANSIONS as u32);
            return Ok(Some(Box::new(query)));
        }
        let stems = stems_of_completions(last);
        let terms = expand_prefix(searcher, self.fields.text, last, &stems)?;
        Ok(Some(if terms.is_empty() {
            Box::new(EmptyQuery)
        } else {
            Box::new(BooleanQuery::new(
                terms
                    .into_iter()
                    .map(|t| {
                        let q: Box<dyn EngineQuery> =
                            Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs));
                        (Occur::Should, q)
                    })
                    .collect(),
            ))
        }))
    }
}

/// Whether a query holds a phrase (quoted, or a word the analyser splits,
/// such as "al-Sudani"), which tantivy cannot prune.
fn has_phrase(query: &Query) -> bool {
    match query {
        Query::Word(text) | Query::Phrase(text) => analysis::stems(text).len() > 1,
        Query::Prefix(text) => analysis::fold(text).len() > 1,
        Query::And(children) | Query::Or(children) => children.iter().any(has_phrase),
        Query::Not(_) => false,
    }
}

/// Stems of `prefix` + a common ending that do not themselves start with `prefix`
/// (those are found by the dictionary scan anyway).
fn stems_of_completions(prefix: &str) -> Vec<String> {
    let mut out: Vec<String> = COMPLETIONS
        .iter()
        .filter_map(|ending| {
            let mut stems = analysis::stems(&format!("{prefix}{ending}"));
            (stems.len() == 1).then(|| stems.remove(0))
        })
        .filter(|stem| !stem.starts_with(prefix))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The most frequent terms of `field` that start with `prefix` or equal one of
/// `exact` (bounded, see the module comment).
fn expand_prefix(
    searcher: &Searcher,
    field: Field,
    prefix: &str,
    exact: &[String],
) -> Result<Vec<Term>, SearchError> {
    let fail = |e: std::io::Error| engine_error("reading the term dictionary", e);
    let mut doc_freqs: HashMap<Vec<u8>, u64> = HashMap::new();
    for segment in searcher.segment_readers() {
        let inverted = segment
            .inverted_index(field)
            .map_err(|e| engine_error("opening the term dictionary", e))?;
        let dictionary = inverted.terms();
        let mut stream = dictionary
            .range()
            .ge(prefix.as_bytes())
            .into_stream()
            .map_err(fail)?;
        let mut scanned = 0;
        while scanned < MAX_PREFIX_SCAN && stream.advance() {
            if !stream.key().starts_with(prefix.as_bytes()) {
                break;
            }
            *doc_freqs.entry(stream.key().to_vec()).or_default() +=
                u64::from(stream.value().doc_freq);
            scanned += 1;
        }
        for term in exact {
            if let Some(info) = dictionary.get(term.as_bytes()).map_err(fail)? {
                *doc_freqs.entry(term.as_bytes().to_vec()).or_default() += u64::from(info.doc_freq);
            }
        }
    }
    let mut ranked: Vec<(Vec<u8>, u64)> = doc_freqs.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked.truncate(MAX_PREFIX_EXPANSIONS);
    Ok(ranked
        .into_iter()
        .filter_map(|(bytes, _)| String::from_utf8(bytes).ok())
        .map(|text| Term::from_field_text(field, &text))
        .collect())
}

impl std::fmt::Debug for TantivyIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TantivyIndex")
            .field("location", &self.location)
            .finish()
    }
}

/// A quick latency probe, run by hand (not a timed test):
/// `cargo test -p dossier-store perf_probe -- --ignored --nocapture`
/// (dependencies are optimised even in the dev profile).
#[cfg(test)]
mod perf_probe {
    use std::time::{Duration, Instant};

    use super::*;

    const DOCS: usize = 100_000;
    const VOCABULARY: usize = 50_000;
    const BODY_WORDS: usize = 300;

    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn unit(&mut self) -> f64 {
            (self.next() >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    /// Distinct pronounceable words; the rank in this list is the Zipf rank.
    fn vocabulary() -> Vec<String> {
        let syllables: Vec<String> = "bdfgklmnprstvz"
            .chars()
            .flat_map(|c| "aeiou".chars().map(move |v| format!("{c}{v}")))
            .collect();
        let mut words = Vec::with_capacity(VOCABULARY);
        let mut n = 0usize;
        while words.len() < VOCABULARY {
            let (mut k, mut word) = (n, String::new());
            loop {
                word.push_str(&syllables[k % syllables.len()]);
                k /= syllables.len();
                if k == 0 {
                    break;
                }
            }
            word.push('x'); // keeps the stemmer from folding words together
            words.push(word);
            n += 1;
        }
        words
    }

    /// Zipf (s = 1) cumulative distribution over ranks.
    fn zipf_cdf() -> Vec<f64> {
        let mut acc = 0.0;
        let mut cdf: Vec<f64> = (1..=VOCABULARY)
            .map(|r| {
                acc += 1.0 / r as f64;
                acc
            })
            .collect();
        let total = acc;
        cdf.iter_mut().for_each(|c| *c /= total);
        cdf
    }

    fn text(rng: &mut Rng, words: &[String], cdf: &[f64], n: usize) -> String {
        (0..n)
            .map(|_| {
                let u = rng.unit();
                words[cdf.partition_point(|&c| c < u).min(words.len() - 1)].as_str()
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn percentile(sorted: &[Duration], p: f64) -> Duration {
        sorted[((sorted.len() - 1) as f64 * p).round() as usize]
    }

    fn time(runs: usize, mut f: impl FnMut()) -> (Duration, Duration) {
        f();
        let mut samples: Vec<Duration> = (0..runs)
            .map(|_| {
                let start = Instant::now();
                f();
                start.elapsed()
            })
            .collect();
        samples.sort();
        (percentile(&samples, 0.5), percentile(&samples, 0.95))
    }

    #[test]
    #[ignore = "perf probe, run by hand"]
    fn perf_probe() {
        let dir = tempfile::tempdir().unwrap();
        let index = TantivyIndex::open(&dir.path().join("probe.search")).unwrap();
        let (words, cdf) = (vocabulary(), zipf_cdf());
        let mut rng = Rng(0x2545_F491_4F6C_DD1D);
        let outlets = ["Reuters", "AP", "AFP", "BBC", "Al Jazeera"];
        let started = Instant::now();
        for chunk in 0..DOCS / 2_000 {
            let docs: Vec<IndexDoc> = (0..2_000)
                .map(|i| {
                    let id = (chunk * 2_000 + i) as i64;
                    IndexDoc {
                        id,
                        title: text(&mut rng, &words, &cdf, 8),
                        body: text(&mut rng, &words, &cdf, BODY_WORDS),
                        outlet: Some(outlets[id as usize % outlets.len()].into()),
                        published_day: Some(18_000 + (id % 2_000) as i32),
                        story_id: id / 3,
                    }
                })
                .collect();
            index.upsert(&docs).unwrap();
            index.commit().unwrap();
        }
        eprintln!("indexed {DOCS} docs in {:?}", started.elapsed());
        let size: u64 = std::fs::read_dir(dir.path().join("probe.search"))
            .unwrap()
            .filter_map(|e| e.ok()?.metadata().ok())
            .map(|m| m.len())
            .sum();
        eprintln!("index size {} MB", size / 1_000_000);
        eprintln!(
            "segments: {}",
            index.reader.searcher().segment_readers().len()
        );

        let w = |rank: usize| words[rank - 1].clone();
        let queries = [
            ("two common words", format!("{} {}", w(1), w(3))),
            ("two mid words", format!("{} {}", w(50), w(200))),
            ("rare word", w(20_000)),
            ("common phrase", format!("\"{} {}\"", w(1), w(2))),
            ("OR of mid words", format!("{} OR {}", w(30), w(100))),
            ("prefix", format!("{}*", &w(7)[..3])),
            ("common NOT mid", format!("{} -{}", w(2), w(40))),
        ];
        let none = SearchFilter::default();
        let outlet = SearchFilter {
            outlet: Some("reuters".into()),
            from_day: Some(18_500),
            to_day: Some(19_000),
            ..Default::default()
        };
        for (name, text) in &queries {
            let query = Query::parse(text).unwrap();
            let total = index
                .search(&query, &none, SearchSort::Relevance, 0, 20)
                .unwrap()
                .total;
            let (p50, p95) = time(60, || {
                index
                    .search(&query, &none, SearchSort::Relevance, 0, 20)
                    .unwrap();
            });
            let (d50, d95) = time(30, || {
                index
                    .search(&query, &none, SearchSort::DateDesc, 0, 20)
                    .unwrap();
            });
            let (f50, f95) = time(30, || {
                index
                    .search(&query, &outlet, SearchSort::Relevance, 0, 20)
                    .unwrap();
            });
            // The same page without the exact total, to see what counting costs.
            let searcher = index.reader.searcher();
            let compiled = index.compile(&query, &searcher).unwrap().unwrap();
            let (t50, t95) = time(60, || {
                searcher
                    .search(&*compiled, &TopDocs::with_limit(20).order_by_score())
                    .unwrap();
            });
            let (c50, c95) = time(60, || {
                compiled.count(&searcher).unwrap();
            });
            let date_only = (
                SortByStaticFastValue::<i64>::for_field(PUBLISHED_DAY),
                Order::Desc,
            );
            let (o50, o95) = time(30, || {
                searcher
                    .search(
                        &*compiled,
                        &TopDocs::with_limit(20).order_by(date_only.clone()),
                    )
                    .unwrap();
            });
            eprintln!(
                "{name:18} count only p50 {c50:9.2?} p95 {c95:9.2?} | date-only sort (no score) p50 {o50:9.2?} p95 {o95:9.2?}"
            );
            eprintln!(
                "{name:18} {text:28} total {total:6}  relevance+count p50 {p50:9.2?} p95 {p95:9.2?} | \
                 top-20 only p50 {t50:9.2?} p95 {t95:9.2?} | date sort p50 {d50:9.2?} p95 {d95:9.2?} | \
                 filtered p50 {f50:9.2?} p95 {f95:9.2?}"
            );
        }
    }
}
