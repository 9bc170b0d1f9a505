//! Training: a greedy averaged perceptron that learns from its own history
//! (the previous tags it predicted), with lazily updated averages.

use super::conll::Sentence;
use super::features::{sentence_features, DocHistory, SentenceFeatures};
use super::{best_allowed, bucket, decode_sentence, DocView, NerModel, Tag, NTAGS};

/// Accumulates perceptron updates and their running averages.
pub struct Trainer {
    bits: u32,
    /// Current (not averaged) weights, bucket-major.
    weights: Vec<f32>,
    totals: Vec<f64>,
    stamps: Vec<u32>,
    step: u32,
    rng: u64,
    /// Hashes of words seen once in the training data; their identity
    /// features are hidden half the time, so that the model learns to tag
    /// unseen names from shape, affixes and context.
    rare: std::collections::HashSet<u64>,
}

impl Trainer {
    pub fn new(bits: u32) -> Trainer {
        assert!((8..=26).contains(&bits), "bits out of range");
        let n = (1usize << bits) * NTAGS;
        Trainer {
            bits,
            weights: vec![0.0; n],
            totals: vec![0.0; n],
            stamps: vec![0; n],
            step: 1,
            rng: 0x2545_F491_4F6C_DD1D,
            rare: Default::default(),
        }
    }

    /// Marks the words seen once in `data` for word dropout.
    pub fn set_rare_words(&mut self, data: &[Sentence]) {
        let mut counts: std::collections::HashMap<u64, u32> = Default::default();
        for s in data {
            let toks: Vec<&str> = s.tokens.iter().map(String::as_str).collect();
            for h in sentence_features(&toks).lower {
                *counts.entry(h).or_default() += 1;
            }
        }
        self.rare = counts
            .into_iter()
            .filter(|&(_, c)| c <= 1)
            .map(|(h, _)| h)
            .collect();
    }

    fn next_rand(&mut self) -> u64 {
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        self.rng
    }

    fn add_scores(&self, feats: &[u64], scores: &mut [f32; NTAGS]) {
        for &h in feats {
            let b = bucket(self.bits, h);
            for (s, w) in scores.iter_mut().zip(&self.weights[b..b + NTAGS]) {
                *s += w;
            }
        }
    }

    fn update(&mut self, feats: &[u64], tag: usize, delta: f32) {
        for &h in feats {
            let j = bucket(self.bits, h) + tag;
            let w = &mut self.weights[j];
            self.totals[j] += (self.step - self.stamps[j]) as f64 * *w as f64;
            self.stamps[j] = self.step;
            *w += delta;
        }
    }

    /// Trains one sentence of a document; returns the number of tokens it
    /// got wrong.
    fn train_sentence(&mut self, sf: &SentenceFeatures, gold: &[Tag], view: &mut DocView) -> usize {
        let mut errors = 0;
        decode_sentence(sf, view, |i, dynamic, prev| {
            let mut own: Vec<u64> = sf.token(i).to_vec();
            if self.rare.contains(&sf.lower[i]) && self.next_rand() & 1 == 0 {
                // Hide the word itself (features 1 and 2: lower-cased and exact).
                own.drain(1..3);
            }
            let mut scores = [0f32; NTAGS];
            self.add_scores(&own, &mut scores);
            self.add_scores(dynamic, &mut scores);
            let guess = best_allowed(&scores, prev);
            let gold = gold[i];
            if guess != gold {
                errors += 1;
            }
            if guess != gold && gold.allowed_after(prev) {
                self.update(&own, gold.index(), 1.0);
                self.update(dynamic, gold.index(), 1.0);
                self.update(&own, guess.index(), -1.0);
                self.update(dynamic, guess.index(), -1.0);
            }
            self.step += 1;
            // Learn from its own history, as when tagging.
            guess
        });
        errors
    }

    /// One pass over `docs` in a shuffled order of documents, each read from
    /// its start as when tagging; returns the token error count. With
    /// `first`, the first-pass tags of every document made by models that
    /// never saw it (see [`jackknife`]), each document is also trained as a
    /// second pass.
    pub fn epoch(&mut self, docs: &[Vec<Sentence>], first: Option<&[Vec<Vec<Tag>>]>) -> usize {
        let mut order: Vec<usize> = (0..docs.len()).collect();
        for i in (1..order.len()).rev() {
            let r = self.next_rand();
            order.swap(i, (r % (i as u64 + 1)) as usize);
        }
        let mut errors = 0;
        for &d in &order {
            let sfs = document_features(&docs[d]);
            let mut online = DocHistory::default();
            for (sf, s) in sfs.iter().zip(&docs[d]) {
                let mut view = DocView::Online(&mut online);
                errors += self.train_sentence(sf, &s.tags, &mut view);
            }
            if let Some(first) = first {
                let all = DocHistory::from_tags(&sfs, &first[d]);
                for ((sf, s), f) in sfs.iter().zip(&docs[d]).zip(&first[d]) {
                    let mut view = DocView::Stacked {
                        all: &all,
                        first: f,
                    };
                    self.train_sentence(sf, &s.tags, &mut view);
                }
            }
        }
        errors
    }

    /// The averaged model (training can continue afterwards).
    pub fn averaged(&self) -> NerModel {
        let t = self.step as f64;
        let weights: Vec<f32> = self
            .weights
            .iter()
            .zip(&self.totals)
            .zip(&self.stamps)
            .map(|((&w, &tot), &st)| ((tot + (self.step - st) as f64 * w as f64) / t) as f32)
            .collect();
        NerModel::from_f32(self.bits, &weights)
    }
}

fn document_features(doc: &[Sentence]) -> Vec<SentenceFeatures> {
    doc.iter()
        .map(|s| {
            let toks: Vec<&str> = s.tokens.iter().map(String::as_str).collect();
            sentence_features(&toks)
        })
        .collect()
}

/// First-pass tags for every document of `docs`, each made by a model
/// trained for `epochs` on the other `folds - 1` parts of the data and never
/// on the document itself: the second pass must learn how far to trust a
/// first pass on unseen text, not one that has learnt the answers.
pub fn jackknife(
    docs: &[Vec<Sentence>],
    folds: usize,
    epochs: usize,
    bits: u32,
    dropout: bool,
) -> Vec<Vec<Vec<Tag>>> {
    let mut first: Vec<Vec<Vec<Tag>>> = vec![Vec::new(); docs.len()];
    for k in 0..folds {
        let held_out = |d: usize| d % folds == k;
        let rest: Vec<Vec<Sentence>> = (0..docs.len())
            .filter(|&d| !held_out(d))
            .map(|d| docs[d].clone())
            .collect();
        let mut tr = Trainer::new(bits);
        if dropout {
            tr.set_rare_words(&rest.concat());
        }
        for _ in 0..epochs {
            tr.epoch(&rest, None);
        }
        let model = tr.averaged();
        for d in (0..docs.len()).filter(|&d| held_out(d)) {
            let sfs = document_features(&docs[d]);
            first[d] = model.first_pass(&sfs);
        }
    }
    first
}

#[cfg(test)]
mod tests {
    use super::super::conll::parse;
    use super::super::Label;
    use super::*;

    const TINY: &str = "\
Sudani x x B-PER\nmet x x O\nofficials x x O\nin x x O\nBaghdad x x B-LOC\n. x x O\n\n\
Soleimani x x B-PER\nvisited x x O\nMosul x x B-LOC\n. x x O\n\n\
Hamas x x B-ORG\nattacked x x O\nGaza x x B-LOC\n. x x O\n\n\
Kataib x x B-ORG\nHezbollah x x I-ORG\nfighters x x O\nleft x x O\nErbil x x B-LOC\n. x x O\n";

    #[test]
    fn learns_a_tiny_corpus_and_round_trips() {
        let data = parse(TINY);
        let mut tr = Trainer::new(12);
        for _ in 0..10 {
            tr.epoch(std::slice::from_ref(&data), None);
        }
        let m = tr.averaged();
        for s in &data {
            let toks: Vec<&str> = s.tokens.iter().map(String::as_str).collect();
            assert_eq!(m.tag_tokens(&toks), s.tags);
        }
        let back = NerModel::from_bytes(&m.to_bytes()).unwrap();
        assert_eq!(back.bits(), 12);
        let toks = ["Kataib", "Hezbollah", "fighters", "left", "Erbil", "."];
        assert_eq!(back.tag_tokens(&toks), m.tag_tokens(&toks));
        let ents = back.entities("Kataib Hezbollah fighters left Erbil.");
        assert_eq!(ents.len(), 2);
        assert_eq!(ents[0].label, Label::Org);
        assert_eq!((ents[0].span.start, ents[0].span.end), (0, 16));
        assert_eq!(ents[1].label, Label::Loc);
    }
}
