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
            commands::app_info,
            commands::list_articles,
            commands::search_articles,
            commands::get_article,
            commands::correct_article,
            commands::list_outlets,
            commands::import_paths,
            commands::cancel_import,
            commands::open_original,
            commands::reveal_original,
        ])
        .run(tauri::generate_context!())
        .expect("error while running the Dossier window");
}
