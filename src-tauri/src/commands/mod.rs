//! The command adapters the webview may call, one small function each. They
//! take JSON twins of the core's requests and return its answers unchanged;
//! the permission for each is generated in `build.rs` and granted in
//! `capabilities/main.json`.
//!
//! `tauri::generate_handler!` needs each command by its defining module's
//! path (it looks for macros generated beside the function), so the modules
//! are public rather than re-exported.

pub mod analysis;
pub mod import;
pub mod library;
pub mod original;
pub mod report;
