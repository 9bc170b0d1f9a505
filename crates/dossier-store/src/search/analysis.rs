//! How text becomes index terms: one definition, used by the tantivy index (when
//! indexing and when querying) and by snippets, so that highlighting agrees with
//! matching.
//!
//! Pipeline: split on anything that is not a letter or digit, drop absurdly long
//! tokens, lower-case, fold accents to ASCII ("Súdani" → "sudani"), then English
//! stemming ("strikes" → "strike"). Prefixes are matched against the folded but
//! unstemmed form (see [`fold`]).

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer, TokenStream,
};

/// Name under which the analyser is registered with tantivy.
pub(crate) const ANALYZER_NAME: &str = "dossier_en";

/// Tokens longer than this (in bytes) are dropped: they are base64, URLs or garbage,
/// and would only bloat the term dictionary.
const MAX_TOKEN_BYTES: usize = 40;

/// The analyser used for indexed text and for query words.
pub(crate) fn stemming_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// Same as [`stemming_analyzer`] without the stemmer: for prefixes, which must not
/// be stemmed ("strat*" is not "strat" the word).
pub(crate) fn folding_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The index terms for `text`, in order.
pub(crate) fn stems(text: &str) -> Vec<String> {
    collect_texts(&mut stemming_analyzer(), text)
}

/// `text` lower-cased and accent-folded, split into tokens, unstemmed.
pub(crate) fn fold(text: &str) -> Vec<String> {
    collect_texts(&mut folding_analyzer(), text)
}

fn collect_texts(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// One token of a text, with where it is and both its forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TextToken {
    /// Byte range in the original text.
    pub from: usize,
    pub to: usize,
    /// Lower-cased, accent-folded, unstemmed.
    pub folded: String,
    /// The index term.
    pub stem: String,
}

/// Tokens of `text` with byte offsets. The two analysers share tokenizer and
/// filters up to stemming, and the stemmer never drops tokens, so their streams
/// pair up one to one.
pub(crate) fn tokens_with_offsets(text: &str) -> Vec<TextToken> {
    let mut folding = folding_analyzer();
    let mut stemming = stemming_analyzer();
    let mut folded = folding.token_stream(text);
    let mut stemmed = stemming.token_stream(text);
    let mut out = Vec::new();
    while folded.advance() && stemmed.advance() {
        let token = folded.token();
        out.push(TextToken {
            from: token.offset_from,
            to: token.offset_to,
            folded: token.text.clone(),
            stem: stemmed.token().text.clone(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_fold_case_accents_and_inflection() {
        assert_eq!(
            stems("US Strikes on Súdani"),
            vec!["us", "strike", "on", "sudani"]
        );
    }

    #[test]
    fn fold_does_not_stem() {
        assert_eq!(fold("Escalations"), vec!["escalations"]);
    }

    #[test]
    fn offsets_point_into_the_original_text() {
        let text = "Al-Súdani said";
        let tokens = tokens_with_offsets(text);
        let words: Vec<&str> = tokens.iter().map(|t| &text[t.from..t.to]).collect();
        assert_eq!(words, vec!["Al", "Súdani", "said"]);
        assert_eq!(tokens[1].folded, "sudani");
    }
}
