//! Reports and data exports. The webview asks for a preview (HTML it parses
//! inertly and shows in a shadow root) and for an export; the save dialog is opened here in
//! Rust, so the webview never names a path it could write to, and "open" opens
//! only the file the user just saved.

use std::path::PathBuf;
use std::sync::Mutex;

use dossier_api::export::{ExportData, ExportFormat, ExportOptions};
use dossier_api::report::{ReportFormat, ReportRequest};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

use crate::error::IpcError;
use crate::state::AppState;

/// The file the user last exported: the only one `open_export` opens.
#[derive(Default)]
pub struct Exports {
    last: Mutex<Option<PathBuf>>,
}

#[derive(Serialize)]
pub struct ReportPreview {
    pub html: String,
    pub title: String,
    pub scope: String,
    pub events: usize,
    pub sources: usize,
    pub places: usize,
    pub profiles: usize,
}

/// What to export: a report format (html, pdf, md, docx) or a data format
/// (csv, json, geojson, ris, bibtex, csljson) with the rows it holds.
#[derive(Deserialize)]
pub struct ExportRequest {
    pub report: ReportRequest,
    pub format: String,
    #[serde(default)]
    pub data: Option<String>,
    #[serde(default)]
    pub bom: bool,
}

#[derive(Serialize)]
pub struct SavedExport {
    pub path: String,
    pub bytes: usize,
}

/// The report as HTML, for the preview.
#[tauri::command(async)]
pub fn preview_report(
    state: State<'_, AppState>,
    request: ReportRequest,
) -> Result<ReportPreview, IpcError> {
    let report = state.library()?.report(&request)?;
    let html = String::from_utf8(report.render(ReportFormat::Html)?)
        .map_err(|e| IpcError::new("storage", e.to_string()))?;
    Ok(ReportPreview {
        html,
        title: report.title.clone(),
        scope: report.scope.clone(),
        events: report.events.len(),
        sources: report.sources.len(),
        places: report.places.len(),
        profiles: report.profiles.len(),
    })
}

/// Renders the export, asks where to save it, and writes it there; `None`
/// when the user cancels the dialog.
#[tauri::command(async)]
pub fn export_report(
    app: AppHandle,
    state: State<'_, AppState>,
    exports: State<'_, Exports>,
    request: ExportRequest,
) -> Result<Option<SavedExport>, IpcError> {
    let library = state.library()?;
    let (bytes, extension, title) = match ReportFormat::parse(&request.format) {
        Some(format) => {
            let report = library.report(&request.report)?;
            (report.render(format)?, format.extension(), report.title)
        }
        None => {
            let format = ExportFormat::parse(&request.format).ok_or_else(|| {
                IpcError::new(
                    "invalid_input",
                    format!("unknown format '{}'", request.format),
                )
            })?;
            let data = match &request.data {
                Some(d) => ExportData::parse(d)
                    .ok_or_else(|| IpcError::new("invalid_input", format!("unknown data '{d}'")))?,
                None => format.default_data(),
            };
            let bytes = library.export(
                format,
                data,
                &request.report.selection,
                ExportOptions { bom: request.bom },
            )?;
            let name = format!("dossier-{}", format!("{data:?}").to_lowercase());
            (bytes, data_extension(format), name)
        }
    };
    let suggested = format!("{}.{extension}", file_stem(&title));
    let Some(path) = choose_path(&app, &state, &suggested, extension)? else {
        return Ok(None);
    };
    write_atomically(&path, &bytes)?;
    *exports.last.lock().unwrap_or_else(|e| e.into_inner()) = Some(path.clone());
    Ok(Some(SavedExport {
        path: path.to_string_lossy().into_owned(),
        bytes: bytes.len(),
    }))
}

/// Opens the file just exported with the system's default application.
#[tauri::command(async)]
pub fn open_export(app: AppHandle, exports: State<'_, Exports>) -> Result<(), IpcError> {
    let last = exports
        .last
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    let path = last.ok_or_else(|| IpcError::new("not_found", "nothing has been exported yet"))?;
    app.opener()
        .open_path(path.to_string_lossy(), None::<&str>)
        .map_err(|e| IpcError::new("open_failed", e.to_string()))
}

fn data_extension(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Csv => "csv",
        ExportFormat::Json => "json",
        ExportFormat::Geojson => "geojson",
        ExportFormat::Ris => "ris",
        ExportFormat::Bibtex => "bib",
        ExportFormat::Csljson => "json",
    }
}

/// The native save dialog. Under the GUI tests (which cannot drive a native
/// dialog) `DOSSIER_TEST_SAVE_DIR` names the folder to save in instead.
fn choose_path(
    app: &AppHandle,
    state: &AppState,
    suggested: &str,
    extension: &str,
) -> Result<Option<PathBuf>, IpcError> {
    if state.test_hooks {
        if let Some(dir) = std::env::var_os("DOSSIER_TEST_SAVE_DIR") {
            return Ok(Some(PathBuf::from(dir).join(suggested)));
        }
    }
    let chosen = app
        .dialog()
        .file()
        .set_title("Export")
        .set_file_name(suggested)
        .add_filter(extension.to_uppercase(), &[extension])
        .blocking_save_file();
    match chosen {
        Some(file) => file
            .into_path()
            .map(Some)
            .map_err(|e| IpcError::new("invalid_input", e.to_string())),
        None => Ok(None),
    }
}

/// Writes beside the target and renames, so that a crash or a full disk never
/// leaves half a report where a good one was.
fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> Result<(), IpcError> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let temp = dir.join(format!(
        ".{}.part",
        path.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default()
    ));
    std::fs::write(&temp, bytes)?;
    std::fs::rename(&temp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })?;
    Ok(())
}

/// A file name from a title: letters, digits and dashes.
fn file_stem(title: &str) -> String {
    let mut stem = String::new();
    for c in title.chars() {
        if c.is_alphanumeric() {
            stem.extend(c.to_lowercase());
        } else if !stem.ends_with('-') && !stem.is_empty() {
            stem.push('-');
        }
    }
    let stem: String = stem.trim_end_matches('-').chars().take(60).collect();
    if stem.is_empty() {
        "dossier-report".into()
    } else {
        stem
    }
}

#[cfg(test)]
mod tests {
    use super::file_stem;

    #[test]
    fn file_names_come_from_titles() {
        assert_eq!(
            file_stem("Strikes in Iraq, November 2023"),
            "strikes-in-iraq-november-2023"
        );
        assert_eq!(file_stem("../../etc"), "etc");
        assert_eq!(file_stem("¿?"), "dossier-report");
    }
}
