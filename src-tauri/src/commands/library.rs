//! Reading and correcting the library: list, search, one article, outlets.
//! `(async)` runs each query on the async runtime, never on the UI thread.

use dossier_api::types::{
    ArticleCorrection, ArticleDetail, ArticlePage, LibraryStats, ListRequest, OutletCount,
    SearchPage, SearchRequest,
};
use serde::Serialize;
use tauri::State;

use crate::error::IpcError;
use crate::state::AppState;

/// What the window needs to know at start.
#[derive(Debug, Serialize)]
pub struct AppInfo {
    pub library_path: String,
    /// The library's counts, or why it could not be opened.
    pub stats: Result<LibraryStats, IpcError>,
    pub test_hooks: bool,
    pub version: &'static str,
}

/// Describes the open library (or the error that kept it closed).
#[tauri::command(async)]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    AppInfo {
        library_path: state.library_path.display().to_string(),
        stats: state.library().and_then(|lib| Ok(lib.stats()?)),
        test_hooks: state.test_hooks,
        version: env!("CARGO_PKG_VERSION"),
    }
}

/// One page of the library list, filtered and sorted by the core.
#[tauri::command(async)]
pub fn list_articles(
    state: State<'_, AppState>,
    req: ListRequest,
) -> Result<ArticlePage, IpcError> {
    Ok(state.library()?.list(&req)?)
}

/// One page of full-text search hits with highlighted snippets.
#[tauri::command(async)]
pub fn search_articles(
    state: State<'_, AppState>,
    req: SearchRequest,
) -> Result<SearchPage, IpcError> {
    Ok(state.library()?.search(&req)?)
}

/// Everything the reader view shows of one article.
#[tauri::command(async)]
pub fn get_article(state: State<'_, AppState>, id: i64) -> Result<ArticleDetail, IpcError> {
    Ok(state.library()?.article(id)?)
}

/// Stores the user's correction of title, date, outlet or authors.
#[tauri::command(async)]
pub fn correct_article(
    state: State<'_, AppState>,
    id: i64,
    correction: ArticleCorrection,
) -> Result<ArticleDetail, IpcError> {
    Ok(state.library()?.correct_article(id, &correction)?)
}

/// Outlets with their article counts, for the outlet filter.
#[tauri::command(async)]
pub fn list_outlets(state: State<'_, AppState>) -> Result<Vec<OutletCount>, IpcError> {
    Ok(state.library()?.outlets()?)
}
