//! Sources as BibTeX `@article` entries (the outlet as `journal`), with the
//! characters BibTeX treats specially escaped.

use super::date_parts;
use crate::ArticleRow;

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '{' | '}' | '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '\\' => out.push_str("\\textbackslash{}"),
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

pub(super) fn sources(articles: &[ArticleRow]) -> String {
    let mut out = String::new();
    for a in articles {
        let parts = date_parts(a.published.as_deref().unwrap_or(""));
        out.push_str(&format!("@article{{dossier{},\n", a.id));
        // Double braces keep the title's capitals as written.
        out.push_str(&format!("  title = {{{{{}}}}},\n", escape(&a.title)));
        if !a.authors.is_empty() {
            let authors: Vec<String> = a.authors.iter().map(|n| escape(n)).collect();
            out.push_str(&format!("  author = {{{}}},\n", authors.join(" and ")));
        }
        if let Some(outlet) = &a.outlet {
            out.push_str(&format!("  journal = {{{}}},\n", escape(outlet)));
        }
        if let Some(year) = parts.first() {
            out.push_str(&format!("  year = {{{year}}},\n"));
        }
        if let Some(month) = parts.get(1) {
            out.push_str(&format!("  month = {{{month}}},\n"));
        }
        if let Some(date) = &a.published {
            out.push_str(&format!(
                "  date = {{{}}},\n",
                date.get(..10).unwrap_or(date)
            ));
        }
        if let Some(url) = &a.url {
            out.push_str(&format!("  url = {{{}}},\n", escape(url)));
        }
        out.push_str("}\n\n");
    }
    out
}
