//! What a reader makes of a file: text, metadata and the regions of the text.

use serde::{Deserialize, Serialize};

use crate::{DocDate, Span};

/// One article read from a file (a file may hold several: an mbox, a zip).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// The article as the user reads it: paragraphs separated by blank lines.
    /// Captions and boilerplate stay in the text (nothing is lost) and are marked
    /// in `regions` so that analysis can skip them.
    pub text: String,
    pub title: Option<String>,
    pub authors: Vec<String>,
    /// The outlet or site that published the article ("Reuters", "Al-Monitor").
    pub outlet: Option<String>,
    pub published: Option<DocDate>,
    /// Where `published` came from; `None` when there is no date.
    pub published_source: Option<crate::FieldSource>,
    pub url: Option<String>,
    /// BCP 47 language tag when the file says so ("en", "en-US").
    pub language: Option<String>,
    /// Parts of `text` that are not article body (headline, byline, captions, ...).
    pub regions: Vec<Region>,
    /// For files holding several articles, the byte range of this article's
    /// original bytes within the file (an mbox message); `None` for the whole file.
    pub part: Option<(usize, usize)>,
    /// Things the reader recovered from ("bad Date header ignored"): not failures.
    pub warnings: Vec<String>,
}

/// A marked part of a document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Region {
    pub span: Span,
    pub kind: RegionKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegionKind {
    Headline,
    Byline,
    Dateline,
    Caption,
    Boilerplate,
    /// A section heading inside the body; part of the body.
    Heading,
    /// A block quotation inside the body; part of the body.
    Quote,
    /// A list item inside the body; part of the body.
    ListItem,
}

impl RegionKind {
    /// Whether text in this region belongs to the body that analysis reads.
    pub fn is_body(self) -> bool {
        matches!(
            self,
            RegionKind::Heading | RegionKind::Quote | RegionKind::ListItem
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RegionKind::Headline => "headline",
            RegionKind::Byline => "byline",
            RegionKind::Dateline => "dateline",
            RegionKind::Caption => "caption",
            RegionKind::Boilerplate => "boilerplate",
            RegionKind::Heading => "heading",
            RegionKind::Quote => "quote",
            RegionKind::ListItem => "list_item",
        }
    }

    pub fn parse(s: &str) -> Option<RegionKind> {
        Some(match s {
            "headline" => RegionKind::Headline,
            "byline" => RegionKind::Byline,
            "dateline" => RegionKind::Dateline,
            "caption" => RegionKind::Caption,
            "boilerplate" => RegionKind::Boilerplate,
            "heading" => RegionKind::Heading,
            "quote" => RegionKind::Quote,
            "list_item" => RegionKind::ListItem,
            _ => return None,
        })
    }
}

impl Document {
    /// The text analysis reads: `text` with every non-body region blanked out by
    /// spaces, so that offsets into it are offsets into `text`.
    pub fn analysis_text(&self) -> String {
        self.text_without(|kind| !kind.is_body())
    }

    /// The text entities are found in: the body plus photo captions, which
    /// name real people and places ("Makhmour near Mosul") even though their
    /// dates (when a photo was taken) are not the story's. Headlines stay
    /// blanked: written in title case, they read to the tagger as one long
    /// name, and the body repeats their entities anyway.
    pub fn entity_text(&self) -> String {
        self.text_without(|kind| !kind.is_body() && kind != RegionKind::Caption)
    }

    fn text_without(&self, blank: impl Fn(RegionKind) -> bool) -> String {
        let mut bytes = self.text.clone().into_bytes();
        for region in self.regions.iter().filter(|r| blank(r.kind)) {
            let end = region.span.end.min(bytes.len());
            for b in &mut bytes[region.span.start.min(end)..end] {
                if *b != b'\n' {
                    *b = b' ';
                }
            }
        }
        // Blanking whole regions keeps UTF-8 valid only if regions fall on char
        // boundaries; fall back to lossless text otherwise.
        String::from_utf8(bytes).unwrap_or_else(|_| self.text.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn analysis_text_blanks_captions_but_keeps_offsets() {
        let doc = Document {
            text: "FILE PHOTO: smoke. REUTERS\n\nStrikes hit Baghdad.".into(),
            regions: vec![Region {
                span: Span::new(0, 26),
                kind: RegionKind::Caption,
            }],
            ..Document::default()
        };
        let analysed = doc.analysis_text();
        assert_eq!(analysed.len(), doc.text.len());
        assert!(analysed.starts_with("                          \n\nStrikes"));
        assert_eq!(&analysed[28..], "Strikes hit Baghdad.");
    }
}
