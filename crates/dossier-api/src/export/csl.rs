//! Sources as CSL-JSON (`article-newspaper` items), which Zotero and every
//! CSL citation processor read.

use serde_json::json;

use super::date_parts;
use crate::{ApiError, ArticleRow};

pub(super) fn sources(articles: &[ArticleRow]) -> Result<String, ApiError> {
    let items: Vec<serde_json::Value> = articles
        .iter()
        .map(|a| {
            let mut item = json!({
                "id": format!("dossier-{}", a.id),
                "type": "article-newspaper",
                "title": a.title,
            });
            if !a.authors.is_empty() {
                item["author"] = a.authors.iter().map(|n| json!({ "literal": n })).collect();
            }
            if let Some(outlet) = &a.outlet {
                item["container-title"] = json!(outlet);
            }
            if let Some(date) = &a.published {
                item["issued"] = json!({ "date-parts": [date_parts(date)] });
            }
            if let Some(url) = &a.url {
                item["URL"] = json!(url);
            }
            item
        })
        .collect();
    serde_json::to_string_pretty(&items)
        .map(|s| s + "\n")
        .map_err(|e| ApiError::new("storage", e.to_string()))
}
