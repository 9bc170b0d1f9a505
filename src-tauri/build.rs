//! Generates the Tauri context and one permission per app command, so that the
//! capability file can grant the window exactly the commands it calls.

const COMMANDS: &[&str] = &[
    "app_info",
    "list_articles",
    "search_articles",
    "get_article",
    "correct_article",
    "list_outlets",
    "import_paths",
    "cancel_import",
    "open_original",
    "reveal_original",
    "list_entities",
    "get_entity",
    "entity_mentions",
    "curate_entity",
    "undo_curation",
    "curation_history",
    "article_annotations",
    "reanalyse_library",
    "list_places",
    "get_place",
    "place_candidates",
    "place_doubts",
    "dismiss_place_name",
    "correct_place",
    "timeline",
    "get_event",
    "curate_event",
    "preview_report",
    "export_report",
    "open_export",
];

fn main() {
    // The frontend is embedded by `generate_context!`; without this a rebuilt
    // `ui/dist` would not rebuild the app, which would ship a stale window.
    println!("cargo:rerun-if-changed=../ui/dist");
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run tauri-build");
}
