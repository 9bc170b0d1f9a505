//! Training: a greedy averaged perceptron that learns from its own history
//! (the previous tags it predicted), with lazily updated averages.

use super::conll::Sentence;
use super::features::{history_features, sentence_features};
use super::{best_allowed, bucket, NerModel, Tag, NTAGS};

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

    /// Trains one sentence; returns the number of tokens it got wrong.
    pub fn train_sentence(&mut self, s: &Sentence) -> usize {
        let toks: Vec<&str> = s.tokens.iter().map(String::as_str).collect();
        let sf = sentence_features(&toks);
        let mut tags: Vec<Tag> = Vec::with_capacity(toks.len());
        let mut errors = 0;
        for i in 0..toks.len() {
            let prev = tags.last().copied();
            let p1 = prev.map_or(0, |t| t.index() as u64 + 1);
            let p2 = if i >= 2 {
                tags[i - 2].index() as u64 + 1
            } else {
                0
            };
            let hist = history_features(&sf, i, p1, p2);
            let mut own: Vec<u64> = sf.token(i).to_vec();
            if self.rare.contains(&sf.lower[i]) && self.next_rand() & 1 == 0 {
                // Hide the word itself (features 1 and 2: lower-cased and exact).
                own.drain(1..3);
            }
            let mut scores = [0f32; NTAGS];
            self.add_scores(&own, &mut scores);
            self.add_scores(&hist, &mut scores);
            let guess = best_allowed(&scores, prev);
            let gold = s.tags[i];
            if guess != gold {
                errors += 1;
            }
            if guess != gold && gold.allowed_after(prev) {
                self.update(&own, gold.index(), 1.0);
                self.update(&hist, gold.index(), 1.0);
                self.update(&own, guess.index(), -1.0);
                self.update(&hist, guess.index(), -1.0);
            }
            self.step += 1;
            // Learn from its own history, as when tagging.
            tags.push(guess);
        }
        errors
    }

    /// One pass over `data` in a shuffled order; returns the token error count.
    pub fn epoch(&mut self, data: &[Sentence]) -> usize {
        let mut order: Vec<usize> = (0..data.len()).collect();
        for i in (1..order.len()).rev() {
            let r = self.next_rand();
            order.swap(i, (r % (i as u64 + 1)) as usize);
        }
        order.iter().map(|&i| self.train_sentence(&data[i])).sum()
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
            tr.epoch(&data);
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
