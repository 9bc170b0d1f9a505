//! The command adapters the webview may call, one small function each. They
//! take JSON twins of the core's requests and return its answers unchanged;
//! the permission for each is generated in `build.rs` and granted in
//! `capabilities/main.json`.

mod import;
mod library;
mod original;

pub use import::{cancel_import, import_paths};
pub use library::{
    app_info, correct_article, get_article, list_articles, list_outlets, search_articles,
};
pub use original::{open_original, reveal_original};
