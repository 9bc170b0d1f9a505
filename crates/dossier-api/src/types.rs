//! The values the CLI and the desktop app exchange with the core. They are the
//! JSON twins of the store's rows: stable field names, serde-serialisable.

use std::path::PathBuf;

use dossier_core::{DatePrecision, FieldSource, RegionKind};
pub use dossier_store::{ArticleRow, SortOrder};
use serde::{Deserialize, Serialize};

/// Progress of an import, reported after each file (and at start and end).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ImportProgress {
    pub files_done: usize,
    pub files_total: usize,
    /// The file being read now, if any.
    pub current: Option<String>,
    pub bytes_done: u64,
    pub bytes_total: u64,
}

/// What happened to one file (or archive entry / mailbox message) during an import.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum FileOutcome {
    Added {
        path: String,
        article_ids: Vec<i64>,
    },
    AlreadyInLibrary {
        path: String,
        article_ids: Vec<i64>,
    },
    Failed {
        path: String,
        reason: String,
        kind: String,
    },
    /// Found while walking a folder but not a format Dossier reads.
    Skipped {
        path: String,
        reason: String,
    },
}

/// The summary an import ends with.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ImportReport {
    pub files: Vec<FileOutcome>,
    pub articles_added: usize,
    pub already_in_library: usize,
    pub failed: usize,
    pub skipped: usize,
    pub cancelled: bool,
    pub seconds: f64,
}

/// What the import is asked to read: the expansion of dropped/picked paths.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct ImportPlan {
    /// Files that will be read, folders expanded.
    pub files: Vec<PathBuf>,
    /// Paths that will not be read, with the reason.
    pub skipped: Vec<(PathBuf, String)>,
}

/// Filters shared by listing and searching.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ArticleFilter {
    pub outlet: Option<String>,
    /// Inclusive ISO dates (`2023-11-01`).
    pub from: Option<String>,
    pub to: Option<String>,
    pub story_id: Option<i64>,
    /// Articles that mention this entity.
    #[serde(default)]
    pub entity_id: Option<i64>,
    /// Inclusive ISO dates the article's own date expressions talk about
    /// ("what was written about 21 November"), whatever its publication date.
    #[serde(default)]
    pub about_from: Option<String>,
    #[serde(default)]
    pub about_to: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ListRequest {
    #[serde(default)]
    pub filter: ArticleFilter,
    #[serde(default)]
    pub sort: SortOrder,
    #[serde(default)]
    pub offset: usize,
    /// At most this many rows; 0 means 100.
    #[serde(default)]
    pub limit: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ArticlePage {
    pub total: usize,
    pub offset: usize,
    pub rows: Vec<ArticleRow>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SearchRequest {
    pub query: String,
    #[serde(default)]
    pub filter: ArticleFilter,
    /// `Relevance` (default for search), `DateDesc` or `DateAsc`.
    #[serde(default)]
    pub sort: Option<SortOrder>,
    #[serde(default)]
    pub offset: usize,
    #[serde(default)]
    pub limit: usize,
}

/// A piece of text with the byte ranges to highlight in it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    /// `(start, end)` UTF-8 byte ranges into `text`.
    pub highlights: Vec<(usize, usize)>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SearchHit {
    pub article: ArticleRow,
    pub score: f32,
    pub snippet: Snippet,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SearchPage {
    pub total: usize,
    pub offset: usize,
    pub hits: Vec<SearchHit>,
}

/// A field value with where it came from.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Sourced<T> {
    pub value: T,
    pub source: FieldSource,
}

/// Everything the reader view shows of one article.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ArticleDetail {
    pub id: i64,
    pub title: Sourced<String>,
    pub outlet: Option<Sourced<String>>,
    pub authors: Sourced<Vec<String>>,
    pub published: Option<Sourced<String>>,
    pub published_precision: Option<DatePrecision>,
    /// Why there is no date, when there is none ("no date in the text; set it").
    pub date_note: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    pub text: String,
    pub regions: Vec<RegionDto>,
    pub sentences: Vec<(usize, usize)>,
    pub story_id: i64,
    /// Other articles in the same story.
    pub story_articles: Vec<ArticleRow>,
    pub source_name: String,
    pub source_sha256: String,
    pub reader: String,
    pub imported_at: String,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct RegionDto {
    pub start: usize,
    pub end: usize,
    pub kind: RegionKind,
}

/// A user's correction of article fields; `None` leaves a field as it is.
/// An empty string (or empty list) clears the user's value for that field,
/// returning it to what analysis found.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ArticleCorrection {
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub authors: Option<Vec<String>>,
    /// ISO date (`2023-11-22`, `2023-11`, `2023`, `2023-11-22T06:00`).
    pub published: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OutletCount {
    pub outlet: String,
    pub articles: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LibraryStats {
    pub articles: i64,
    pub stories: i64,
    pub outlets: i64,
    pub path: String,
}

pub use dossier_store::{
    Alias, ArticleMention, ArticleTimex, Curation, CurationEntry, EntityDetail, EntityQuery,
    EntityRow, EntitySort, MentionInContext,
};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EntityPage {
    pub total: usize,
    pub offset: usize,
    pub rows: Vec<EntityRow>,
}

/// What the reader highlights in an article.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ArticleAnnotations {
    pub mentions: Vec<ArticleMention>,
    pub timexes: Vec<ArticleTimex>,
}

/// Progress of re-analysing the library.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ReanalyseProgress {
    pub done: usize,
    pub total: usize,
}

pub use dossier_store::{
    EventActor, EventCuration, EventDetail, EventDisagreement, EventRow, EventSource, FigureValues,
    PlaceCandidate, PlaceCorrection, PlaceDetail, PlaceDoubt, PlaceRow, SourcedValue,
};

/// Filters of the map and the timeline: inclusive ISO dates (`2023-11`,
/// `2023-11-22`), an entity, a story.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct GeoQuery {
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
    #[serde(default)]
    pub entity_id: Option<i64>,
    #[serde(default)]
    pub story_id: Option<i64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TimelineQuery {
    #[serde(flatten)]
    pub geo: GeoQuery,
    /// An event kind (`airstrike`) or family (`violence`).
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub place_id: Option<i64>,
    #[serde(default)]
    pub offset: usize,
    /// At most this many events; 0 means 10,000.
    #[serde(default)]
    pub limit: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TimelinePage {
    pub total: usize,
    pub events: Vec<EventRow>,
}
