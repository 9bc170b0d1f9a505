//! Writes NER predictions over a CoNLL file in the scorer's format
//! (`token gold pred`, IOB2, blank line between sentences), keeping the gold
//! tokenisation, so that `python3 ../shared/eval-tools/ner_score.py PRED`
//! measures the tagger.

use std::io::{self, Write};
use std::path::Path;

use dossier_analysis::ner::conll::{parse, Scores};
use dossier_analysis::ner::NerModel;

/// Tags every sentence of the CoNLL file `conll` with `model` and writes
/// `token gold pred` lines to `out`. Returns Dossier's own entity-level
/// scores (the Python scorer is the reference).
pub fn write_ner_predictions(
    conll: &Path,
    model: &NerModel,
    out: &mut dyn Write,
) -> io::Result<Scores> {
    let text = std::fs::read_to_string(conll)?;
    let mut scores = Scores::default();
    for s in parse(&text) {
        let toks: Vec<&str> = s.tokens.iter().map(String::as_str).collect();
        let pred = model.tag_tokens(&toks);
        scores.add(&s.tags, &pred);
        for ((tok, gold), p) in toks.iter().zip(&s.tags).zip(&pred) {
            writeln!(out, "{tok} {} {}", gold.to_iob2(), p.to_iob2())?;
        }
        writeln!(out)?;
    }
    Ok(scores)
}
