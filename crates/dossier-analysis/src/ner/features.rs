//! Feature extraction: every feature is a 64-bit hash of a template id and its
//! value; the model folds it into a fixed-size weight table.
//!
//! Static features (the words and shapes around a token) are computed once per
//! sentence; the history features (previous tags) are added while decoding.

/// Bumped whenever the features change, so that an old model file is refused.
pub const FEATURE_VERSION: u32 = 4;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn fnv(bytes: &[u8]) -> u64 {
    let mut h = FNV_OFFSET;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// Combines two hashes (order matters).
#[inline]
pub fn mix(a: u64, b: u64) -> u64 {
    let x = (a ^ b.rotate_left(23)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x ^ (x >> 29)
}

#[inline]
fn tmpl(id: u64, value: u64) -> u64 {
    mix(id.wrapping_mul(0xff51_afd7_ed55_8ccd), value)
}

/// Word clusters (`data/clusters.txt`, built by `data/make_clusters.py` from
/// GloVe vectors): lower-cased word hash → (coarse, fine) cluster.
fn clusters() -> &'static std::collections::HashMap<u64, (u16, u16)> {
    static MAP: std::sync::OnceLock<std::collections::HashMap<u64, (u16, u16)>> =
        std::sync::OnceLock::new();
    MAP.get_or_init(|| {
        let text = include_str!("../../data/clusters.txt");
        let mut map = std::collections::HashMap::with_capacity(100_000);
        for line in text.lines() {
            let mut it = line.split(' ');
            let (Some(w), Some(a), Some(b)) = (it.next(), it.next(), it.next()) else {
                continue;
            };
            if let (Ok(a), Ok(b)) = (a.parse(), b.parse()) {
                map.entry(fnv(w.as_bytes())).or_insert((a, b));
            }
        }
        map
    })
}

const NO_CLUSTER: (u16, u16) = (u16::MAX, u16::MAX);

/// The word shape: upper → X, lower → x, digit → d, others kept; runs collapsed.
pub fn shape(word: &str) -> String {
    let mut out = String::new();
    let mut last = '\0';
    for c in word.chars() {
        let m = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if m != last {
            out.push(m);
            last = m;
        }
    }
    out
}

fn is_cap(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_uppercase())
}

/// Per-token values that the static features and the history features share.
pub struct SentenceFeatures {
    /// Static feature hashes of all tokens, flat.
    pub feats: Vec<u64>,
    /// `feats[offsets[i]..offsets[i + 1]]` are token i's.
    pub offsets: Vec<usize>,
    /// Hash of each token's lower-cased word.
    pub lower: Vec<u64>,
    /// Hash of each token's shape.
    pub shape: Vec<u64>,
    /// Whether each token has an upper-case letter: only such words carry
    /// their labels from one sentence of a document to the next.
    pub cap: Vec<bool>,
}

impl SentenceFeatures {
    pub fn token(&self, i: usize) -> &[u64] {
        &self.feats[self.offsets[i]..self.offsets[i + 1]]
    }
}

const PAD_L2: u64 = 0x1111;
const PAD_L1: u64 = 0x2222;
const PAD_R1: u64 = 0x3333;
const PAD_R2: u64 = 0x4444;

/// The hash at position `k` of a sentence, or a padding marker for the two
/// positions either side of it (window features look two words out).
fn padded(values: &[u64], k: isize) -> u64 {
    let n = values.len();
    if k < -1 {
        PAD_L2
    } else if k < 0 {
        PAD_L1
    } else if k as usize > n {
        PAD_R2
    } else if k as usize >= n {
        PAD_R1
    } else {
        values[k as usize]
    }
}

/// Computes the static features of a sentence.
pub fn sentence_features(tokens: &[&str]) -> SentenceFeatures {
    let n = tokens.len();
    let lowers: Vec<String> = tokens.iter().map(|t| t.to_lowercase()).collect();
    let lower: Vec<u64> = lowers.iter().map(|w| fnv(w.as_bytes())).collect();
    let exact: Vec<u64> = tokens.iter().map(|w| fnv(w.as_bytes())).collect();
    let shapes: Vec<String> = tokens.iter().map(|t| shape(t)).collect();
    let shape_h: Vec<u64> = shapes.iter().map(|s| fnv(s.as_bytes())).collect();
    let letters = tokens
        .iter()
        .filter(|t| t.chars().any(|c| c.is_alphabetic()))
        .count();
    let upper = tokens
        .iter()
        .filter(|t| t.chars().any(|c| c.is_alphabetic()) && !t.chars().any(|c| c.is_lowercase()))
        .count();
    let all_caps_sentence = letters >= 2 && upper * 10 >= letters * 8;

    let lw = |k: isize| padded(&lower, k);
    let sh = |k: isize| padded(&shape_h, k);

    let cmap = clusters();
    let cl: Vec<(u16, u16)> = lower
        .iter()
        .map(|h| cmap.get(h).copied().unwrap_or(NO_CLUSTER))
        .collect();
    let fine = |k: isize| -> u64 {
        if k < 0 || k as usize >= n {
            PAD_L1
        } else {
            cl[k as usize].1 as u64
        }
    };
    let mut feats = Vec::with_capacity(n * 48);
    let mut offsets = Vec::with_capacity(n + 1);
    for i in 0..n {
        offsets.push(feats.len());
        let k = i as isize;
        let w = tokens[i];
        feats.push(tmpl(0, 0));
        feats.push(tmpl(1, lower[i]));
        feats.push(tmpl(2, exact[i]));
        feats.push(tmpl(3, lw(k - 1)));
        feats.push(tmpl(4, lw(k + 1)));
        feats.push(tmpl(5, lw(k - 2)));
        feats.push(tmpl(6, lw(k + 2)));
        feats.push(tmpl(7, sh(k)));
        feats.push(tmpl(8, sh(k - 1)));
        feats.push(tmpl(9, sh(k + 1)));
        feats.push(tmpl(10, mix(mix(sh(k - 1), sh(k)), sh(k + 1))));
        feats.push(tmpl(11, mix(lw(k - 1), lower[i])));
        feats.push(tmpl(12, mix(lower[i], lw(k + 1))));
        feats.push(tmpl(13, mix(lw(k - 1), sh(k))));
        feats.push(tmpl(14, mix(sh(k), lw(k + 1))));
        feats.push(tmpl(15, mix(sh(k - 2), sh(k - 1))));
        feats.push(tmpl(16, mix(sh(k + 1), sh(k + 2))));
        feats.push(tmpl(17, mix(lw(k - 2), lw(k - 1))));
        feats.push(tmpl(18, mix(lw(k + 1), lw(k + 2))));
        feats.push(tmpl(19, if i + 1 < n { exact[i + 1] } else { PAD_R1 }));
        feats.push(tmpl(47, if i > 0 { exact[i - 1] } else { PAD_L1 }));
        feats.push(tmpl(60, cl[i].0 as u64));
        feats.push(tmpl(61, cl[i].1 as u64));
        feats.push(tmpl(62, fine(k - 1)));
        feats.push(tmpl(63, fine(k + 1)));
        feats.push(tmpl(64, mix(cl[i].1 as u64, shape_h[i])));
        feats.push(tmpl(65, mix(fine(k - 1), cl[i].1 as u64)));
        // Affixes of the lower-cased word.
        let lw_str = &lowers[i];
        let cs: Vec<(usize, char)> = lw_str.char_indices().collect();
        let m = cs.len();
        for a in 1..=4.min(m) {
            let end = if a < m { cs[a].0 } else { lw_str.len() };
            feats.push(tmpl(20 + a as u64, fnv(&lw_str.as_bytes()[..end])));
            let start = cs[m - a].0;
            feats.push(tmpl(30 + a as u64, fnv(&lw_str.as_bytes()[start..])));
        }
        // Flags.
        let cap = is_cap(w);
        if i == 0 {
            feats.push(tmpl(40, shape_h[i]));
        }
        if all_caps_sentence {
            feats.push(tmpl(41, lower[i]));
            feats.push(tmpl(42, 1));
        }
        if cap {
            let prev_cap = i > 0 && is_cap(tokens[i - 1]);
            let next_cap = i + 1 < n && is_cap(tokens[i + 1]);
            feats.push(tmpl(
                43,
                (prev_cap as u64) * 2 + next_cap as u64 + 4 * (i == 0) as u64,
            ));
        }
        if w.contains('-') {
            feats.push(tmpl(44, 1));
        }
        if w.chars().count() == 1 {
            feats.push(tmpl(45, exact[i]));
        }
        feats.push(tmpl(46, (w.chars().count().min(8)) as u64));
    }
    offsets.push(feats.len());
    SentenceFeatures {
        feats,
        offsets,
        lower,
        shape: shape_h,
        cap: tokens
            .iter()
            .map(|t| t.chars().any(char::is_uppercase))
            .collect(),
    }
}

/// How the tagger labelled capitalised words in a document, per spelling
/// (case-folded, so that a headline in capitals and the body share it): the
/// non-local features of Ratinov and Roth (2009). A name is usually written
/// out in full, in an unambiguous context, once; its other mentions are
/// shorter or sit in vaguer contexts, and inherit that reading.
#[derive(Debug, Default, Clone)]
pub struct DocHistory {
    /// Counts of O, PER, ORG, LOC, MISC (`label_slot`) per lower-cased word hash.
    seen: std::collections::HashMap<u64, [u16; 5]>,
}

/// Which document features a pass emits: the first pass sees only earlier
/// sentences, the second the first pass's labels over the whole document,
/// and the two evidences deserve different weights.
#[derive(Debug, Clone, Copy)]
pub enum DocPass {
    First = 70,
    Second = 80,
}

fn label_slot(tag: super::Tag) -> usize {
    tag.label().map_or(0, |l| l as usize + 1)
}

impl DocHistory {
    /// Records the tag given to token `i`.
    pub fn record(&mut self, sf: &SentenceFeatures, i: usize, tag: super::Tag) {
        if sf.cap[i] {
            let c = &mut self.seen.entry(sf.lower[i]).or_default()[label_slot(tag)];
            *c = c.saturating_add(1);
        }
    }

    /// The history of a whole document from its sentences' tags.
    pub fn from_tags(sfs: &[SentenceFeatures], tags: &[Vec<super::Tag>]) -> DocHistory {
        let mut h = DocHistory::default();
        for (sf, ts) in sfs.iter().zip(tags) {
            for (i, &t) in ts.iter().enumerate() {
                h.record(sf, i, t);
            }
        }
        h
    }

    /// Pushes token `i`'s document features onto `out`: the share of each
    /// label among the other mentions of its spelling, and the majority
    /// label. `own`, the tag this very token was given, if recorded, is left
    /// out of the counts.
    pub fn features(
        &self,
        sf: &SentenceFeatures,
        i: usize,
        own: Option<super::Tag>,
        pass: DocPass,
        out: &mut Vec<u64>,
    ) {
        if !sf.cap[i] {
            return;
        }
        let Some(mut counts) = self.seen.get(&sf.lower[i]).copied() else {
            return;
        };
        if let Some(t) = own {
            counts[label_slot(t)] = counts[label_slot(t)].saturating_sub(1);
        }
        let total: u32 = counts.iter().map(|&c| c as u32).sum();
        if total == 0 {
            return;
        }
        let base = pass as u64;
        for (slot, &c) in counts.iter().enumerate() {
            if c > 0 {
                out.push(tmpl(base, slot as u64 * 4 + share_bucket(c as u32, total)));
            }
        }
        let majority = (0..5)
            .max_by_key(|&slot| (counts[slot], 5 - slot))
            .expect("five slots");
        out.push(tmpl(base + 1, majority as u64));
    }
}

/// A label's share of a word's mentions in four steps: all, at least half,
/// at least a quarter, less.
fn share_bucket(count: u32, total: u32) -> u64 {
    if count == total {
        3
    } else if 2 * count >= total {
        2
    } else if 4 * count >= total {
        1
    } else {
        0
    }
}

/// History features of token `i` given the two previous tags (tag index + 1, 0 for none).
#[inline]
pub fn history_features(sf: &SentenceFeatures, i: usize, prev: u64, prev2: u64) -> [u64; 4] {
    [
        tmpl(50, prev),
        tmpl(51, prev * 16 + prev2),
        tmpl(52, mix(prev, sf.lower[i])),
        tmpl(53, mix(prev, sf.shape[i])),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert_eq!(shape("Al-Sudani"), "Xx-Xx");
        assert_eq!(shape("CENTCOM"), "X");
        assert_eq!(shape("1,200"), "d,d");
    }

    #[test]
    fn features_are_deterministic_and_contextual() {
        let a = sentence_features(&["Baghdad", "is", "big"]);
        let b = sentence_features(&["Baghdad", "is", "big"]);
        let c = sentence_features(&["Baghdad", "was", "big"]);
        assert_eq!(a.feats, b.feats);
        assert_eq!(a.offsets.len(), 4);
        // Token 0's right-context features differ, its word features do not.
        assert_ne!(a.token(0), c.token(0));
        assert_eq!(a.token(0)[1], c.token(0)[1]);
    }

    #[test]
    fn document_history_counts_other_capitalised_mentions() {
        use super::super::{Label, Tag};
        let sf = sentence_features(&["Austin", "met", "Austin"]);
        let mut h = DocHistory::default();
        h.record(&sf, 0, Tag::B(Label::Per));
        h.record(&sf, 1, Tag::O);
        let mut out = Vec::new();
        // Its own label left out, the first "Austin" has no other mention.
        h.features(&sf, 0, Some(Tag::B(Label::Per)), DocPass::Second, &mut out);
        assert!(out.is_empty());
        // The second one has: all PER (one share, one majority feature).
        h.features(&sf, 2, None, DocPass::Second, &mut out);
        assert_eq!(out.len(), 2);
        let mut first = Vec::new();
        h.features(&sf, 2, None, DocPass::First, &mut first);
        assert_ne!(out, first, "each pass has its own weights");
        // Lower-case words are not recorded.
        h.features(&sf, 1, None, DocPass::First, &mut out);
        assert_eq!(out.len(), 2);
    }
}
