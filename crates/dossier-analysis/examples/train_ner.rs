//! Trains the NER model on CoNLL-2003 and writes it.
//!
//! cargo run --release -p dossier-analysis --example train_ner -- \
//!     [TRAIN] [DEV] [OUT] [EPOCHS] [BITS]
//! Defaults: ../shared/eval-data/conll2003/eng.train, eng.testa,
//! crates/dossier-analysis/data/ner.bin, 12 epochs, 20 bits.
//! The tagger reads a document twice (see `ner::NerModel::tag_document`); the
//! second pass is trained on first-pass tags from 5 models that each never
//! saw the document (`ner::train::jackknife`).
//! Words seen once have their identity features hidden half the time
//! (set NER_NO_DROPOUT=1 to turn that off). Run from the workspace root;
//! the result is deterministic.
//! The model of the best dev epoch is written. Never pass eng.testb as DEV.

use std::time::Instant;

use dossier_analysis::ner::conll::{parse_documents, Scores};
use dossier_analysis::ner::train::{jackknife, Trainer};
use dossier_analysis::ner::NerModel;

/// The second pass learns from first-pass tags that models trained on four
/// fifths of the documents gave the fifth they never saw.
const FOLDS: usize = 5;
const FOLD_EPOCHS: usize = 10;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize, d: &str| args.get(i).cloned().unwrap_or_else(|| d.to_string());
    let train_path = arg(0, "/work/shared/eval-data/conll2003/eng.train");
    let dev_path = arg(1, "/work/shared/eval-data/conll2003/eng.testa");
    let out = arg(2, "crates/dossier-analysis/data/ner.bin");
    let epochs: usize = arg(3, "12").parse().expect("EPOCHS");
    let bits: u32 = arg(4, "20").parse().expect("BITS");
    assert!(
        !dev_path.contains("testb"),
        "eng.testb is for final scores only"
    );

    let train = parse_documents(&std::fs::read_to_string(&train_path).expect("read TRAIN"));
    let dev = parse_documents(&std::fs::read_to_string(&dev_path).expect("read DEV"));
    let sentences = |docs: &[Vec<_>]| docs.iter().map(Vec::len).sum::<usize>();
    let ntok: usize = train.iter().flatten().map(|s| s.tokens.len()).sum();
    println!(
        "train: {} documents, {} sentences, {ntok} tokens; dev: {} documents, {} sentences",
        train.len(),
        sentences(&train),
        dev.len(),
        sentences(&dev)
    );

    let dropout = std::env::var_os("NER_NO_DROPOUT").is_none();
    let mut tr = Trainer::new(bits);
    if dropout {
        tr.set_rare_words(&train.concat());
    }
    let t = Instant::now();
    let first = jackknife(&train, FOLDS, FOLD_EPOCHS, bits, dropout);
    println!(
        "first-pass tags of the training documents from {FOLDS} models trained without them: {:.1}s",
        t.elapsed().as_secs_f64()
    );
    let mut best: Option<(f64, NerModel)> = None;
    for e in 1..=epochs {
        let t = Instant::now();
        let errors = tr.epoch(&train, Some(&first));
        let model = tr.averaged();
        let t2 = Instant::now();
        let mut sc = Scores::default();
        let mut dtok = 0;
        for doc in &dev {
            let toks: Vec<Vec<&str>> = doc
                .iter()
                .map(|s| s.tokens.iter().map(String::as_str).collect())
                .collect();
            dtok += toks.iter().map(Vec::len).sum::<usize>();
            for (s, pred) in doc.iter().zip(model.tag_document(&toks)) {
                sc.add(&s.tags, &pred);
            }
        }
        let rate = dtok as f64 / t2.elapsed().as_secs_f64();
        println!(
            "epoch {e}: train errors {errors}, {:.1}s; dev {} ({rate:.0} tok/s)",
            t.elapsed().as_secs_f64() - t2.elapsed().as_secs_f64(),
            sc.summary()
        );
        let f = sc.overall.f1();
        if best.as_ref().is_none_or(|b| f > b.0) {
            best = Some((f, model));
        }
    }
    let (f, model) = best.expect("at least one epoch");
    let bytes = model.to_bytes();
    std::fs::write(&out, &bytes).expect("write OUT");
    println!(
        "wrote {out}: {} bytes, dev F1 {:.2}",
        bytes.len(),
        100.0 * f
    );
}
