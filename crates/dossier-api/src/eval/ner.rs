//! Writes NER predictions over a CoNLL file in the scorer's format
//! (`token gold pred`, IOB2, blank line between sentences), keeping the gold
//! tokenisation, so that `python3 ../shared/eval-tools/ner_score.py PRED`
//! measures the tagger. Each `-DOCSTART-` document is tagged as one article,
//! as the product tags an article: the tagger uses what it found elsewhere
//! in the document.

use std::io::{self, Write};
use std::path::Path;

use dossier_analysis::ner::conll::{parse_documents, Scores};
use dossier_analysis::ner::NerModel;

/// Tags every document of the CoNLL file `conll` with `model` and writes
/// `token gold pred` lines to `out`. Returns Dossier's own entity-level
/// scores (the Python scorer is the reference).
pub fn write_ner_predictions(
    conll: &Path,
    model: &NerModel,
    out: &mut dyn Write,
) -> io::Result<Scores> {
    let text = std::fs::read_to_string(conll)?;
    let mut scores = Scores::default();
    for doc in parse_documents(&text) {
        let sentences: Vec<Vec<&str>> = doc
            .iter()
            .map(|s| s.tokens.iter().map(String::as_str).collect())
            .collect();
        for ((s, toks), pred) in doc
            .iter()
            .zip(&sentences)
            .zip(model.tag_document(&sentences))
        {
            scores.add(&s.tags, &pred);
            for ((tok, gold), p) in toks.iter().zip(&s.tags).zip(&pred) {
                writeln!(out, "{tok} {} {}", gold.to_iob2(), p.to_iob2())?;
            }
            writeln!(out)?;
        }
    }
    Ok(scores)
}

/// [`write_ner_predictions`] with the model built into Dossier.
pub fn write_builtin_ner_predictions(conll: &Path, out: &mut dyn Write) -> io::Result<Scores> {
    write_ner_predictions(conll, NerModel::builtin(), out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_token_gold_pred_in_gold_tokenisation() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tiny.conll");
        std::fs::write(
            &path,
            "-DOCSTART- -X- -X- O\n\nPeter NNP I-NP I-PER\nvisited VBD I-VP O\nBaghdad NNP I-NP I-LOC\n. . O O\n\nHe PRP I-NP O\nleft VBD I-VP O\n",
        )
        .unwrap();
        let mut out = Vec::new();
        let scores = write_ner_predictions(&path, NerModel::builtin(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 8, "{text}");
        assert_eq!(lines[4], "");
        assert!(lines[0].starts_with("Peter B-PER "));
        assert!(lines[2].starts_with("Baghdad B-LOC "));
        assert!(lines[3].starts_with(". O "));
        for l in lines.iter().filter(|l| !l.is_empty()) {
            assert_eq!(l.split(' ').count(), 3, "{l}");
        }
        assert_eq!(scores.overall.gold, 2);
    }
}
