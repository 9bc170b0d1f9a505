//! Use cases shared by the CLI and the desktop app.
//!
//! Both front ends call these functions and nothing below them, so that a
//! behaviour (an import, a search, a correction) is written once. The types in
//! [`types`] are the JSON twins of the store's values.

mod analyse;
pub mod bench_load;
pub mod bundle;
pub mod corpus;
pub mod eval;
pub mod export;
mod import;
pub mod report;
pub mod types;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use chrono::{Datelike, NaiveDate};
use dossier_core::DocDate;
use dossier_store::search::{self, SearchFilter, SearchSort};
use dossier_store::{
    ArticleRecord, Correction, EventFilter, GeoFilter, ListQuery, Store, StoreError,
};

pub use dossier_store::{ArticleRow, IndexKind, SortOrder};
pub use import::plan_import;
use types::*;

/// An error a front end can show and branch on: `code` is stable, the message
/// is for people.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    code: &'static str,
    message: String,
}

impl ApiError {
    pub fn new(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
        }
    }

    /// One of `not_found`, `invalid_input`, `bad_query`, `schema_too_new`, `storage`.
    pub fn code(&self) -> &'static str {
        self.code
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> ApiError {
        let code = match &err {
            StoreError::NoSuchArticle(_)
            | StoreError::NoSuchEntity(_)
            | StoreError::NoSuchPlace(_)
            | StoreError::NoSuchEvent(_) => "not_found",
            StoreError::NothingToUndo => "invalid_input",
            StoreError::InvalidValue { .. } => "invalid_input",
            StoreError::SchemaTooNew { .. } => "schema_too_new",
            StoreError::Search(search::SearchError::Query(_)) => "bad_query",
            _ => "storage",
        };
        ApiError::new(code, err.to_string())
    }
}

/// Where the library lives when none is named: `$XDG_DATA_HOME/dossier/library.sqlite`.
pub fn default_library_path() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("dossier")
        .join("library.sqlite")
}

/// An open library. Cheap to share between threads (`Arc<Library>`).
pub struct Library {
    store: Store,
}

impl Library {
    /// Opens the library at `path`, creating it (and its folder) when missing.
    pub fn open(path: &Path) -> Result<Library, ApiError> {
        Library::open_with(path, IndexKind::default())
    }

    pub fn open_with(path: &Path, kind: IndexKind) -> Result<Library, ApiError> {
        Ok(Library {
            store: Store::open_with(path, kind)?,
        })
    }

    pub fn path(&self) -> &Path {
        self.store.path()
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Imports the planned files. `progress` is called after each batch;
    /// setting `cancel` stops after the files under way (what finished stays).
    pub fn import(
        &self,
        plan: &ImportPlan,
        progress: &(dyn Fn(&ImportProgress) + Sync),
        cancel: &AtomicBool,
    ) -> Result<ImportReport, ApiError> {
        import::run_import(&self.store, plan, progress, cancel, import::Analysis::Full)
    }

    /// [`Library::import`] without entity, time, place and event analysis
    /// (sentences and near-duplicate fingerprints only), for `dossier bench`
    /// to measure reading, storing and indexing apart. The articles get no
    /// annotations; not for libraries people use.
    #[doc(hidden)]
    pub fn import_storage_only(
        &self,
        plan: &ImportPlan,
        progress: &(dyn Fn(&ImportProgress) + Sync),
        cancel: &AtomicBool,
    ) -> Result<ImportReport, ApiError> {
        import::run_import(
            &self.store,
            plan,
            progress,
            cancel,
            import::Analysis::StorageOnly,
        )
    }

    /// Plans and imports paths in one call (files and folders).
    pub fn import_paths(
        &self,
        paths: &[PathBuf],
        progress: &(dyn Fn(&ImportProgress) + Sync),
    ) -> Result<ImportReport, ApiError> {
        self.import(&plan_import(paths), progress, &AtomicBool::new(false))
    }

    pub fn list(&self, req: &ListRequest) -> Result<ArticlePage, ApiError> {
        let query = ListQuery {
            filter: store_filter(&req.filter)?,
            sort: req.sort,
            offset: req.offset,
            limit: req.limit,
        };
        let (total, rows) = self.store.list(&query)?;
        Ok(ArticlePage {
            total,
            offset: req.offset,
            rows,
        })
    }

    /// Full-text search with highlighted snippets.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchPage, ApiError> {
        let query = search::Query::parse(&req.query)
            .map_err(|e| ApiError::new("bad_query", format!("invalid search query: {e}")))?;
        let filter = store_filter(&req.filter)?;
        let by_annotations = filter.entity_id.is_some()
            || filter.mentions_from_day.is_some()
            || filter.mentions_to_day.is_some();
        let annotation_filter = filter.clone();
        let filter = SearchFilter {
            outlet: filter.outlet,
            from_day: filter.from_day,
            to_day: filter.to_day,
            story_id: filter.story_id,
        };
        let sort = match req.sort.unwrap_or(SortOrder::Relevance) {
            SortOrder::DateDesc => SearchSort::DateDesc,
            SortOrder::DateAsc => SearchSort::DateAsc,
            _ => SearchSort::Relevance,
        };
        let limit = if req.limit == 0 {
            20
        } else {
            req.limit.min(1000)
        };
        // The search index knows text, dates, outlets and stories; entity and
        // mentioned-date filters are applied to its best hits in SQLite.
        let results = if by_annotations {
            let mut all = self
                .store
                .search(&query, &filter, sort, 0, ANNOTATION_FILTER_WINDOW)?;
            let ids: Vec<i64> = all.hits.iter().map(|h| h.id).collect();
            let keep = self.store.filter_ids(&ids, &annotation_filter)?;
            all.hits.retain(|h| keep.contains(&h.id));
            all.total = all.hits.len();
            all.hits = all.hits.into_iter().skip(req.offset).take(limit).collect();
            all
        } else {
            self.store
                .search(&query, &filter, sort, req.offset, limit)?
        };
        let ids: Vec<i64> = results.hits.iter().map(|h| h.id).collect();
        // The index may briefly know an article SQLite no longer has; pair rows
        // with hits by id so that one missing row cannot shift the others.
        let mut rows: std::collections::HashMap<i64, ArticleRow> = self
            .store
            .rows_by_ids(&ids)?
            .into_iter()
            .map(|row| (row.id, row))
            .collect();
        let mut hits = Vec::with_capacity(ids.len());
        for hit in &results.hits {
            let Some(row) = rows.remove(&hit.id) else {
                continue;
            };
            let text = self.store.article_text(row.id)?;
            let snippet = search::snippet(&text, &query, 240);
            hits.push(SearchHit {
                article: row,
                score: hit.score,
                snippet: Snippet {
                    text: snippet.text,
                    highlights: snippet.highlights,
                },
            });
        }
        Ok(SearchPage {
            total: results.total,
            offset: req.offset,
            hits,
        })
    }

    pub fn article(&self, id: i64) -> Result<ArticleDetail, ApiError> {
        let record = self.store.article(id)?;
        let story = ListQuery {
            filter: dossier_store::ArticleFilter {
                story_id: Some(record.row.story_id),
                ..Default::default()
            },
            sort: SortOrder::DateAsc,
            offset: 0,
            limit: 50,
        };
        let (_, siblings) = self.store.list(&story)?;
        Ok(detail(
            record,
            siblings.into_iter().filter(|r| r.id != id).collect(),
        ))
    }

    /// Stores the user's corrections; each is kept as the user's and survives
    /// re-import and re-analysis. An empty value clears the user's value.
    pub fn correct_article(
        &self,
        id: i64,
        c: &ArticleCorrection,
    ) -> Result<ArticleDetail, ApiError> {
        let mut corrections = Vec::new();
        if let Some(title) = &c.title {
            corrections.push(Correction::Title(Some(title.clone())));
        }
        if let Some(outlet) = &c.outlet {
            corrections.push(Correction::Outlet(Some(outlet.clone())));
        }
        if let Some(authors) = &c.authors {
            corrections.push(Correction::Authors(Some(authors.clone())));
        }
        if let Some(date) = &c.published {
            let date = date.trim();
            let value = if date.is_empty() {
                None
            } else {
                Some(dossier_store::parse_user_date(date)?)
            };
            corrections.push(Correction::Published(value));
        }
        for correction in &corrections {
            match correction {
                Correction::Published(date) => {
                    let effective = date.or(self.store.article(id)?.found.published);
                    let doc = self.analysed_document(id)?;
                    let (timexes, events) =
                        analyse::retime(&doc.entity_text(), &doc.analysis_text(), effective);
                    self.store
                        .correct_with(id, correction, Some((&timexes, &events)))?;
                }
                _ => self.store.correct(id, correction)?,
            }
        }
        self.article(id)
    }

    pub fn outlets(&self) -> Result<Vec<OutletCount>, ApiError> {
        Ok(self
            .store
            .outlets()?
            .into_iter()
            .map(|(outlet, articles)| OutletCount { outlet, articles })
            .collect())
    }

    pub fn stats(&self) -> Result<LibraryStats, ApiError> {
        let (articles, stories, outlets) = self.store.counts()?;
        Ok(LibraryStats {
            articles,
            stories,
            outlets,
            path: self.path().display().to_string(),
        })
    }

    /// The article as analysis sees it: its text and marked regions.
    fn analysed_document(&self, id: i64) -> Result<dossier_core::Document, ApiError> {
        let record = self.store.article(id)?;
        Ok(dossier_core::Document {
            text: record.text,
            regions: record.regions,
            ..Default::default()
        })
    }

    /// A page of the entity list.
    pub fn entities(&self, query: &EntityQuery) -> Result<EntityPage, ApiError> {
        let (total, rows) = self.store.entities(query)?;
        Ok(EntityPage {
            total,
            offset: query.offset,
            rows,
        })
    }

    pub fn entity(&self, id: i64) -> Result<EntityDetail, ApiError> {
        Ok(self.store.entity(id)?)
    }

    /// Entities known by a name or alias, most mentioned first.
    pub fn find_entities(&self, name: &str) -> Result<Vec<EntityRow>, ApiError> {
        Ok(self.store.find_entities(name)?)
    }

    /// The one entity a name means, or a message listing the candidates.
    pub fn resolve_entity(&self, name_or_id: &str) -> Result<EntityRow, ApiError> {
        if let Ok(id) = name_or_id.trim().parse::<i64>() {
            return Ok(self.store.entity(id)?.entity);
        }
        let found = self.find_entities(name_or_id)?;
        match &found[..] {
            [] => Err(ApiError::new(
                "not_found",
                format!("no entity is called '{name_or_id}'"),
            )),
            [one] => Ok(one.clone()),
            [first, second, ..] if first.mention_count > 0 && second.mention_count == 0 => {
                Ok(first.clone())
            }
            many => Err(ApiError::new(
                "invalid_input",
                format!(
                    "'{name_or_id}' may be any of: {}; give the id",
                    many.iter()
                        .map(|e| format!(
                            "{} ({} {}, id {})",
                            e.name, e.kind, e.mention_count, e.id
                        ))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        }
    }

    /// A page of an entity's mentions with their sentences.
    pub fn entity_mentions(
        &self,
        id: i64,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<MentionInContext>, ApiError> {
        Ok(self
            .store
            .entity_mentions(id, offset, limit.clamp(1, 500))?)
    }

    /// Applies a curation operation; returns the entity to show next, if any.
    pub fn curate(&self, op: &Curation) -> Result<Option<EntityDetail>, ApiError> {
        match self.store.curate(op)? {
            Some(id) => Ok(Some(self.store.entity(id)?)),
            None => Ok(None),
        }
    }

    /// Undoes the last curation operation; returns what was undone.
    pub fn undo(&self) -> Result<String, ApiError> {
        Ok(self.store.undo()?)
    }

    pub fn curation_history(&self) -> Result<Vec<CurationEntry>, ApiError> {
        Ok(self.store.curation_history(50)?)
    }

    /// The mentions and date expressions the reader highlights.
    pub fn annotations(&self, id: i64) -> Result<ArticleAnnotations, ApiError> {
        Ok(ArticleAnnotations {
            mentions: self.store.article_mentions(id)?,
            timexes: self.store.article_timexes(id)?,
        })
    }

    /// Re-analyses articles whose annotations are older than this version of
    /// Dossier (or all of them with `all`), keeping every user correction.
    /// Returns how many were re-analysed.
    pub fn reanalyse(
        &self,
        all: bool,
        progress: &dyn Fn(&ReanalyseProgress),
        cancel: &AtomicBool,
    ) -> Result<usize, ApiError> {
        if all {
            self.store.mark_all_stale()?;
        }
        let total = self.store.count_stale()? as usize;
        let mut done = 0;
        progress(&ReanalyseProgress { done, total });
        while !cancel.load(std::sync::atomic::Ordering::Relaxed) {
            let ids = self.store.stale_articles(REANALYSE_BATCH)?;
            if ids.is_empty() {
                break;
            }
            let items = ids
                .iter()
                .map(|&id| {
                    let published = self.store.article(id)?.row.published;
                    let published = published.as_deref().and_then(DocDate::parse_iso);
                    let doc = self.analysed_document(id)?;
                    let annotations =
                        analyse::annotate(&doc.entity_text(), &doc.analysis_text(), published);
                    Ok((id, annotations))
                })
                .collect::<Result<Vec<_>, ApiError>>()?;
            self.store.reanalyse_articles(&items)?;
            done += items.len();
            progress(&ReanalyseProgress { done, total });
        }
        Ok(done)
    }

    /// The places the filtered articles mention, for the map.
    pub fn places(&self, query: &GeoQuery) -> Result<Vec<PlaceRow>, ApiError> {
        Ok(self.store.places(&geo_filter(query)?)?)
    }

    pub fn place(&self, id: i64, query: &GeoQuery) -> Result<PlaceDetail, ApiError> {
        Ok(self.store.place(id, &geo_filter(query)?)?)
    }

    pub fn place_candidates(&self, id: i64) -> Result<Vec<PlaceCandidate>, ApiError> {
        Ok(self.store.place_candidates(id)?)
    }

    /// The user says a name is not a place; returns the mentions taken off.
    pub fn dismiss_place_name(&self, name: &str) -> Result<usize, ApiError> {
        Ok(self.store.dismiss_place_name(name)?)
    }

    /// The held names of some articles with their mentions there.
    pub fn doubt_names_in(&self, article_ids: &[i64]) -> Result<Vec<(String, i64)>, ApiError> {
        Ok(self.store.doubt_names_in(article_ids)?)
    }

    /// The names the resolver could not place with confidence (held off the
    /// map until the user says where they are), most mentioned first.
    pub fn place_doubts(&self, limit: usize) -> Result<Vec<PlaceDoubt>, ApiError> {
        Ok(self.store.place_doubts(limit)?)
    }

    /// Stores where the user says a name is; returns the place id.
    pub fn correct_place(&self, correction: &PlaceCorrection) -> Result<i64, ApiError> {
        Ok(self.store.correct_place(correction)?)
    }

    /// Events in date order, filtered.
    pub fn timeline(&self, query: &TimelineQuery) -> Result<TimelinePage, ApiError> {
        let filter = EventFilter {
            geo: geo_filter(&query.geo)?,
            kind: query.kind.clone(),
            place_id: query.place_id,
        };
        let (total, events) = self.store.timeline(&filter, query.offset, query.limit)?;
        Ok(TimelinePage { total, events })
    }

    pub fn event(&self, id: i64) -> Result<EventDetail, ApiError> {
        Ok(self.store.event(id)?)
    }

    /// Merges, splits, edits or adds an event; the decision is kept as the
    /// user's and re-applied whenever events are rebuilt. Returns the event
    /// to show next (ids change with every rebuild).
    pub fn curate_event(&self, op: &EventCuration) -> Result<Option<EventDetail>, ApiError> {
        match self.store.curate_event(op)? {
            Some(id) => Ok(Some(self.store.event(id)?)),
            None => Ok(None),
        }
    }

    /// The original file an article came from: its name and bytes.
    pub fn original(&self, id: i64) -> Result<(String, Vec<u8>), ApiError> {
        Ok(self.store.original(id)?)
    }
}

fn detail(record: ArticleRecord, story_articles: Vec<ArticleRow>) -> ArticleDetail {
    let row = record.row;
    let date_note = row.published.is_none().then(|| {
        "No publication date was found in the text or the file's metadata; set it to resolve relative dates.".to_string()
    });
    ArticleDetail {
        id: row.id,
        title: Sourced {
            value: row.title,
            source: record.title_source,
        },
        outlet: row
            .outlet
            .zip(record.outlet_source)
            .map(|(value, source)| Sourced { value, source }),
        authors: Sourced {
            value: row.authors,
            source: record
                .authors_source
                .unwrap_or(dossier_core::FieldSource::Text),
        },
        published: row
            .published
            .zip(record.published_source)
            .map(|(value, source)| Sourced { value, source }),
        published_precision: row.published_precision,
        date_note,
        url: row.url,
        language: record.language,
        text: record.text,
        regions: record
            .regions
            .iter()
            .map(|r| RegionDto {
                start: r.span.start,
                end: r.span.end,
                kind: r.kind,
            })
            .collect(),
        sentences: record.sentences.iter().map(|s| (s.start, s.end)).collect(),
        story_id: row.story_id,
        story_articles,
        source_name: record.source_name,
        source_sha256: record.source_sha256,
        reader: record.reader,
        imported_at: row.imported_at,
        warnings: record.warnings,
    }
}

/// The map's and timeline's ISO-date filter in the store's day numbers.
fn geo_filter(query: &GeoQuery) -> Result<GeoFilter, ApiError> {
    let f = store_filter(&ArticleFilter {
        from: query.from.clone(),
        to: query.to.clone(),
        ..Default::default()
    })?;
    Ok(GeoFilter {
        from_day: f.from_day,
        to_day: f.to_day,
        entity_id: query.entity_id,
        story_id: query.story_id,
    })
}

/// Articles re-analysed per transaction.
const REANALYSE_BATCH: usize = 200;

/// How many of the best search hits an entity or mentioned-date filter looks at.
const ANNOTATION_FILTER_WINDOW: usize = 5_000;

/// Converts the front end's ISO-string filter into the store's day numbers.
/// `from` takes the first day of a month or year, `to` the last.
fn store_filter(filter: &ArticleFilter) -> Result<dossier_store::ArticleFilter, ApiError> {
    let day = |s: &Option<String>, end: bool| -> Result<Option<i32>, ApiError> {
        let Some(s) = s.as_deref().map(str::trim).filter(|s| !s.is_empty()) else {
            return Ok(None);
        };
        let date = DocDate::parse_iso(s).ok_or_else(|| {
            ApiError::new(
                "invalid_input",
                format!("'{s}' is not a date; use 2023-11-22, 2023-11 or 2023"),
            )
        })?;
        let day = if end { last_day(date) } else { date.date };
        Ok(Some(dossier_store::epoch_day(day)))
    };
    Ok(dossier_store::ArticleFilter {
        outlet: filter.outlet.clone().filter(|o| !o.trim().is_empty()),
        from_day: day(&filter.from, false)?,
        to_day: day(&filter.to, true)?,
        story_id: filter.story_id,
        entity_id: filter.entity_id,
        mentions_from_day: day(&filter.about_from, false)?,
        mentions_to_day: day(&filter.about_to, true)?,
    })
}

fn last_day(date: DocDate) -> NaiveDate {
    use dossier_core::DatePrecision::*;
    let d = date.date;
    match date.precision {
        Year => NaiveDate::from_ymd_opt(d.year(), 12, 31).unwrap_or(d),
        Month => {
            let (y, m) = if d.month() == 12 {
                (d.year() + 1, 1)
            } else {
                (d.year(), d.month() + 1)
            };
            NaiveDate::from_ymd_opt(y, m, 1)
                .and_then(|n| n.pred_opt())
                .unwrap_or(d)
        }
        Day | Minute => d,
    }
}
