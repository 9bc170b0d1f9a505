//! Entry point of the Dossier desktop app: opens the library, registers the
//! plugins and the command adapters, and shows the window.
//!
//! Everything the app does lives in `dossier-api`; this crate only adapts it to
//! the webview (see `commands/`).

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod error;
mod state;

fn main() {
    let state = state::AppState::from_env();
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(state)
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
            commands::entities::list_entities,
            commands::entities::get_entity,
            commands::entities::entity_mentions,
            commands::entities::curate_entity,
            commands::entities::undo_curation,
            commands::entities::curation_history,
            commands::entities::article_annotations,
            commands::entities::reanalyse_library,
        ])
        .run(tauri::generate_context!())
        .expect("error while running the Dossier window");
}
