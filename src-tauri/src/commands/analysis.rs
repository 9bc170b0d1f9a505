//! The entity database (list, one entity, its mentions, curation and undo),
//! the annotations the reader highlights, and the map's places and the
//! timeline's events.

use dossier_api::types::{
    ArticleAnnotations, Curation, CurationEntry, EntityDetail, EntityPage, EntityQuery,
    EventCuration, EventDetail, GeoQuery, MentionInContext, PlaceCandidate, PlaceCorrection,
    PlaceDetail, PlaceDoubt, PlaceRow, ReanalyseProgress, TimelinePage, TimelineQuery,
};
use std::sync::atomic::AtomicBool;
use tauri::ipc::Channel;
use tauri::State;

use crate::error::IpcError;
use crate::state::AppState;

/// One page of the entity list, filtered and sorted by the core.
#[tauri::command(async)]
pub fn list_entities(
    state: State<'_, AppState>,
    query: EntityQuery,
) -> Result<EntityPage, IpcError> {
    Ok(state.library()?.entities(&query)?)
}

/// One entity with its aliases and related entities.
#[tauri::command(async)]
pub fn get_entity(state: State<'_, AppState>, id: i64) -> Result<EntityDetail, IpcError> {
    Ok(state.library()?.entity(id)?)
}

/// A page of the sentences that mention an entity.
#[tauri::command(async)]
pub fn entity_mentions(
    state: State<'_, AppState>,
    id: i64,
    offset: usize,
    limit: usize,
) -> Result<Vec<MentionInContext>, IpcError> {
    Ok(state.library()?.entity_mentions(id, offset, limit)?)
}

/// Rename, retype, merge, split, alias or delete; returns the entity to show next.
#[tauri::command(async)]
pub fn curate_entity(
    state: State<'_, AppState>,
    op: Curation,
) -> Result<Option<EntityDetail>, IpcError> {
    Ok(state.library()?.curate(&op)?)
}

/// Undoes the last curation operation; returns what was undone.
#[tauri::command(async)]
pub fn undo_curation(state: State<'_, AppState>) -> Result<String, IpcError> {
    Ok(state.library()?.undo()?)
}

/// The curation operations that can be undone, newest first.
#[tauri::command(async)]
pub fn curation_history(state: State<'_, AppState>) -> Result<Vec<CurationEntry>, IpcError> {
    Ok(state.library()?.curation_history()?)
}

/// The entity mentions and date expressions of one article.
#[tauri::command(async)]
pub fn article_annotations(
    state: State<'_, AppState>,
    id: i64,
) -> Result<ArticleAnnotations, IpcError> {
    Ok(state.library()?.annotations(id)?)
}

/// Re-analyses articles analysed by an older version, keeping corrections.
#[tauri::command]
pub async fn reanalyse_library(
    state: State<'_, AppState>,
    on_progress: Channel<ReanalyseProgress>,
) -> Result<usize, IpcError> {
    let library = state.library()?;
    tauri::async_runtime::spawn_blocking(move || {
        library.reanalyse(
            false,
            &|p| {
                let _ = on_progress.send(p.clone());
            },
            &AtomicBool::new(false),
        )
    })
    .await
    .map_err(|e| IpcError::new("reanalyse_crashed", e.to_string()))?
    .map_err(IpcError::from)
}

/// The places the filtered articles mention, for the map.
#[tauri::command(async)]
pub fn list_places(state: State<'_, AppState>, query: GeoQuery) -> Result<Vec<PlaceRow>, IpcError> {
    Ok(state.library()?.places(&query)?)
}

/// One place with its articles and events.
#[tauri::command(async)]
pub fn get_place(
    state: State<'_, AppState>,
    id: i64,
    query: GeoQuery,
) -> Result<PlaceDetail, IpcError> {
    Ok(state.library()?.place(id, &query)?)
}

/// Other gazetteer entries a place's names could mean.
#[tauri::command(async)]
pub fn place_candidates(
    state: State<'_, AppState>,
    id: i64,
) -> Result<Vec<PlaceCandidate>, IpcError> {
    Ok(state.library()?.place_candidates(id)?)
}

/// Names held off the map until the user says where they are.
#[tauri::command(async)]
pub fn place_doubts(state: State<'_, AppState>, limit: usize) -> Result<Vec<PlaceDoubt>, IpcError> {
    Ok(state.library()?.place_doubts(limit)?)
}

/// The user says a name is not a place; returns the mentions taken off.
#[tauri::command(async)]
pub fn dismiss_place_name(state: State<'_, AppState>, name: String) -> Result<usize, IpcError> {
    Ok(state.library()?.dismiss_place_name(&name)?)
}

/// Stores where the user says a name is (another entry, or a pin).
#[tauri::command(async)]
pub fn correct_place(
    state: State<'_, AppState>,
    correction: PlaceCorrection,
) -> Result<i64, IpcError> {
    Ok(state.library()?.correct_place(&correction)?)
}

/// Events in date order, filtered.
#[tauri::command(async)]
pub fn timeline(
    state: State<'_, AppState>,
    query: TimelineQuery,
) -> Result<TimelinePage, IpcError> {
    Ok(state.library()?.timeline(&query)?)
}

/// One event with its sources, actors, figures and disagreements.
#[tauri::command(async)]
pub fn get_event(state: State<'_, AppState>, id: i64) -> Result<EventDetail, IpcError> {
    Ok(state.library()?.event(id)?)
}

/// Merges, splits, edits or adds an event; returns the event to show next.
#[tauri::command(async)]
pub fn curate_event(
    state: State<'_, AppState>,
    op: EventCuration,
) -> Result<Option<EventDetail>, IpcError> {
    Ok(state.library()?.curate_event(&op)?)
}
