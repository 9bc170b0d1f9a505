//! Store errors. Each names the library file or the offending value.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    #[error("library {} uses schema version {found}; this version of Dossier reads up to {supported}: update Dossier to open it", .path.display())]
    SchemaTooNew {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error("cannot open library {}: {source}", .path.display())]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("no article with id {0}")]
    NoSuchArticle(i64),
    #[error("no entity with id {0}")]
    NoSuchEntity(i64),
    #[error("no place with id {0}")]
    NoSuchPlace(i64),
    #[error("no event with id {0}")]
    NoSuchEvent(i64),
    #[error("nothing to undo")]
    NothingToUndo,
    #[error("invalid value for {field}: {message}")]
    InvalidValue {
        field: &'static str,
        message: String,
    },
    #[error("search index: {0}")]
    Search(#[from] crate::search::SearchError),
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
