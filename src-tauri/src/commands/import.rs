//! Importing dropped or picked paths. The drop handler and the file dialog
//! both end here, so the GUI tests drive the same path a real drop takes.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use dossier_api::types::{ImportProgress, ImportReport};
use tauri::ipc::Channel;
use tauri::State;

use crate::error::IpcError;
use crate::state::AppState;

/// Progress messages are thinned to this interval (the first and last always
/// go out), so that a 100,000-file import does not flood the webview.
const PROGRESS_INTERVAL: Duration = Duration::from_millis(50);

/// Expands `paths` (folders walked, unsupported files listed as skipped) and
/// imports them on a blocking worker, reporting progress on `on_progress`.
#[tauri::command]
pub async fn import_paths(
    state: State<'_, AppState>,
    paths: Vec<PathBuf>,
    on_progress: Channel<ImportProgress>,
) -> Result<ImportReport, IpcError> {
    let library = state.library()?;
    let guard = state.begin_import()?;
    let cancel = guard.cancel.clone();
    let report = tauri::async_runtime::spawn_blocking(move || {
        let plan = dossier_api::plan_import(&paths);
        let last = Mutex::new(None::<Instant>);
        let progress = |p: &ImportProgress| {
            let mut last = last.lock().unwrap_or_else(|e| e.into_inner());
            let due = last.is_none_or(|t| t.elapsed() >= PROGRESS_INTERVAL);
            if due || p.files_done == p.files_total {
                *last = Some(Instant::now());
                // A closed channel (window reloaded) must not stop the import.
                let _ = on_progress.send(p.clone());
            }
        };
        library.import(&plan, &progress, &cancel)
    })
    .await
    .map_err(|e| IpcError::new("import_crashed", e.to_string()))?;
    drop(guard);
    Ok(report?)
}

/// Stops the running import after the current file; what finished stays.
/// Returns whether an import was running.
#[tauri::command]
pub fn cancel_import(state: State<'_, AppState>) -> bool {
    state.cancel_import()
}
