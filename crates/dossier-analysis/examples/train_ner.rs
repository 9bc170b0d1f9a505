//! Trains the NER model on CoNLL-2003 and writes it.
//!
//! cargo run --release -p dossier-analysis --example train_ner -- \
//!     [TRAIN] [DEV] [OUT] [EPOCHS] [BITS]
//! Defaults: ../shared/eval-data/conll2003/eng.train, eng.testa,
//! crates/dossier-analysis/data/ner.bin, 12 epochs, 20 bits.
//! Words seen once have their identity features hidden half the time
//! (set NER_NO_DROPOUT=1 to turn that off). Run from the workspace root;
//! the result is deterministic.
//! The model of the best dev epoch is written. Never pass eng.testb as DEV.

use std::time::Instant;

use dossier_analysis::ner::conll::{parse, Scores};
use dossier_analysis::ner::train::Trainer;
use dossier_analysis::ner::NerModel;

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

    let train = parse(&std::fs::read_to_string(&train_path).expect("read TRAIN"));
    let dev = parse(&std::fs::read_to_string(&dev_path).expect("read DEV"));
    let ntok: usize = train.iter().map(|s| s.tokens.len()).sum();
    println!(
        "train: {} sentences, {ntok} tokens; dev: {} sentences",
        train.len(),
        dev.len()
    );

    let mut tr = Trainer::new(bits);
    if std::env::var_os("NER_NO_DROPOUT").is_none() {
        tr.set_rare_words(&train);
    }
    let mut best: Option<(f64, NerModel)> = None;
    for e in 1..=epochs {
        let t = Instant::now();
        let errors = tr.epoch(&train);
        let model = tr.averaged();
        let t2 = Instant::now();
        let mut sc = Scores::default();
        let mut dtok = 0;
        for s in &dev {
            let toks: Vec<&str> = s.tokens.iter().map(String::as_str).collect();
            dtok += toks.len();
            sc.add(&s.tags, &model.tag_tokens(&toks));
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
