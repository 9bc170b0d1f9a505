//! Sources as RIS, the tagged format Zotero, EndNote and Mendeley import:
//! one `TY  - NEWS` record per article, `ER  - ` closing it.

use super::date_parts;
use crate::ArticleRow;

pub(super) fn sources(articles: &[ArticleRow]) -> String {
    let mut out = String::new();
    for a in articles {
        let mut tag = |t: &str, v: &str| {
            let v = v.replace(['\r', '\n'], " ");
            if !v.trim().is_empty() {
                out.push_str(&format!("{t}  - {}\r\n", v.trim()));
            }
        };
        tag("TY", "NEWS");
        tag("TI", &a.title);
        for author in &a.authors {
            tag("AU", author);
        }
        if let Some(outlet) = &a.outlet {
            tag("T2", outlet);
        }
        if let Some(date) = &a.published {
            let parts = date_parts(date);
            tag(
                "PY",
                &parts.first().map(|y| y.to_string()).unwrap_or_default(),
            );
            tag(
                "DA",
                &parts
                    .iter()
                    .map(|p| format!("{p:02}"))
                    .collect::<Vec<_>>()
                    .join("/"),
            );
        }
        if let Some(url) = &a.url {
            tag("UR", url);
        }
        tag("ID", &format!("dossier-{}", a.id));
        out.push_str("ER  - \r\n\r\n");
    }
    out
}
