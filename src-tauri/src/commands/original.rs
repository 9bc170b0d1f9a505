//! The article's original file, as imported. The store keeps its bytes; to
//! open it, they are written to the app's cache folder and handed to the
//! system's default application (or shown in the file manager). Opening
//! happens here in Rust, so the webview needs no opener or file permission.

use std::path::{Path, PathBuf};

use tauri::{AppHandle, Manager, State};
use tauri_plugin_opener::OpenerExt;

use crate::error::IpcError;
use crate::state::AppState;

/// Opens the original file with the system's default application.
#[tauri::command(async)]
pub fn open_original(app: AppHandle, state: State<'_, AppState>, id: i64) -> Result<(), IpcError> {
    let path = write_original(&app, &state, id)?;
    app.opener()
        .open_path(path.to_string_lossy(), None::<&str>)
        .map_err(|e| IpcError::new("open_failed", e.to_string()))
}

/// Shows the original file (a copy in the cache folder) in the file manager.
#[tauri::command(async)]
pub fn reveal_original(
    app: AppHandle,
    state: State<'_, AppState>,
    id: i64,
) -> Result<(), IpcError> {
    let path = write_original(&app, &state, id)?;
    app.opener()
        .reveal_item_in_dir(&path)
        .map_err(|e| IpcError::new("open_failed", e.to_string()))
}

fn write_original(app: &AppHandle, state: &AppState, id: i64) -> Result<PathBuf, IpcError> {
    let (name, bytes) = state.library()?.original(id)?;
    let dir = app
        .path()
        .app_cache_dir()?
        .join("originals")
        .join(id.to_string());
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(safe_file_name(&name));
    std::fs::write(&path, bytes)?;
    Ok(path)
}

/// The last component of a stored name, so that a name like `../../x` cannot
/// write outside the cache folder.
fn safe_file_name(name: &str) -> String {
    let base = Path::new(name)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let cleaned: String = base
        .chars()
        .map(|c| {
            if c == '/' || c == '\\' || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    if cleaned.is_empty() || cleaned == "." || cleaned == ".." {
        "original".to_owned()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::safe_file_name;

    #[test]
    fn names_stay_inside_the_cache_folder() {
        assert_eq!(safe_file_name("report.html"), "report.html");
        assert_eq!(safe_file_name("../../etc/passwd"), "passwd");
        assert_eq!(safe_file_name("a\\b.txt"), "a_b.txt");
        assert_eq!(safe_file_name(".."), "original");
        assert_eq!(safe_file_name(""), "original");
        assert_eq!(safe_file_name("archive.zip/inner.txt"), "inner.txt");
    }
}
