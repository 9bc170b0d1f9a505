//! Entry point of the Dossier desktop app: opens the library, registers the
//! plugins and the command adapters, and shows the window.
//!
//! Everything the app does lives in `dossier-api`; this crate only adapts it to
//! the webview (see `commands/`).

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod error;
mod navigation;
mod state;

fn main() {
    let state = state::AppState::from_env();
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(navigation::guard())
        .manage(state)
        .manage(commands::report::Exports::default())
        .invoke_handler(tauri::generate_handler![
            commands::library::app_info,
            commands::library::list_articles,
            commands::library::search_articles,
            commands::library::get_article,
            commands::library::correct_article,
            commands::library::list_outlets,
            commands::import::import_paths,
            commands::import::cancel_import,
            commands::original::open_original,
            commands::original::reveal_original,
            commands::analysis::list_entities,
            commands::analysis::get_entity,
            commands::analysis::entity_mentions,
            commands::analysis::curate_entity,
            commands::analysis::undo_curation,
            commands::analysis::curation_history,
            commands::analysis::article_annotations,
            commands::analysis::reanalyse_library,
            commands::analysis::list_places,
            commands::analysis::get_place,
            commands::analysis::place_candidates,
            commands::analysis::place_doubts,
            commands::analysis::dismiss_place_name,
            commands::analysis::correct_place,
            commands::analysis::timeline,
            commands::analysis::get_event,
            commands::analysis::curate_event,
            commands::report::preview_report,
            commands::report::export_report,
            commands::report::open_export,
        ])
        .run(tauri::generate_context!())
        .expect("error while running the Dossier window");
}
