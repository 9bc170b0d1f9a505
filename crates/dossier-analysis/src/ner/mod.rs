//! Named-entity recognition: PER, ORG, LOC and MISC mentions in English news.
//!
//! A greedy left-to-right averaged perceptron over hashed features (words,
//! shapes, affixes and a ±2 context window, plus the two previous tags), with
//! IOB2 tags and the constraint that `I-X` only follows `B-X` or `I-X`.
//! A document is read twice (Ratinov and Roth 2009): the first pass also sees
//! how each capitalised word was labelled earlier in the document, the second
//! how the first pass labelled it anywhere in it (`features::DocHistory`).
//! The model is a fixed-size weight table (`2^bits` buckets × 9 tags), stored
//! sparsely (a bitmap of used buckets, then their weights as little-endian
//! i16 with one scale factor) behind a versioned header.

pub mod conll;
pub mod features;
pub mod names;
pub mod tokenize;
pub mod train;

use dossier_core::Span;
use features::{
    history_features, sentence_features, DocHistory, DocPass, SentenceFeatures, FEATURE_VERSION,
};

/// An entity type.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "UPPERCASE")]
pub enum Label {
    Per,
    Org,
    Loc,
    Misc,
}

impl Label {
    pub const ALL: [Label; 4] = [Label::Per, Label::Org, Label::Loc, Label::Misc];

    pub fn as_str(self) -> &'static str {
        match self {
            Label::Per => "PER",
            Label::Org => "ORG",
            Label::Loc => "LOC",
            Label::Misc => "MISC",
        }
    }

    pub fn parse(s: &str) -> Option<Label> {
        Some(match s {
            "PER" => Label::Per,
            "ORG" => Label::Org,
            "LOC" => Label::Loc,
            "MISC" => Label::Misc,
            _ => return None,
        })
    }
}

/// An IOB2 tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tag {
    O,
    B(Label),
    I(Label),
}

/// The number of tags.
pub const NTAGS: usize = 9;

impl Tag {
    pub fn index(self) -> usize {
        match self {
            Tag::O => 0,
            Tag::B(l) => 1 + 2 * l as usize,
            Tag::I(l) => 2 + 2 * l as usize,
        }
    }

    pub fn from_index(i: usize) -> Tag {
        if i == 0 {
            return Tag::O;
        }
        let l = Label::ALL[(i - 1) / 2];
        if i % 2 == 1 {
            Tag::B(l)
        } else {
            Tag::I(l)
        }
    }

    pub fn label(self) -> Option<Label> {
        match self {
            Tag::O => None,
            Tag::B(l) | Tag::I(l) => Some(l),
        }
    }

    /// Parses `O`, `B-X`, `I-X` (also `E-`, `S-`, `L-`, `U-` as B/I).
    pub fn parse(s: &str) -> Option<Tag> {
        if s == "O" {
            return Some(Tag::O);
        }
        let (p, l) = s.split_once('-')?;
        let l = Label::parse(l)?;
        Some(match p {
            "B" | "S" | "U" => Tag::B(l),
            "I" | "E" | "L" => Tag::I(l),
            _ => return None,
        })
    }

    pub fn to_iob2(self) -> String {
        match self {
            Tag::O => "O".into(),
            Tag::B(l) => format!("B-{}", l.as_str()),
            Tag::I(l) => format!("I-{}", l.as_str()),
        }
    }

    /// May this tag follow `prev`?
    #[inline]
    pub fn allowed_after(self, prev: Option<Tag>) -> bool {
        match self {
            Tag::I(l) => matches!(prev, Some(Tag::B(p)) | Some(Tag::I(p)) if p == l),
            _ => true,
        }
    }
}

/// One entity mention: a byte span of the text and its type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntityMention {
    pub span: Span,
    pub label: Label,
}

/// Groups IOB2 tags into `(start, end, label)` token ranges (end exclusive).
/// A stray `I-X` opens a new entity.
pub fn chunks(tags: &[Tag]) -> Vec<(usize, usize, Label)> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, Label)> = None;
    for (i, &t) in tags.iter().enumerate() {
        match t {
            Tag::I(l) if matches!(cur, Some((_, c)) if c == l) => {}
            _ => {
                if let Some((s, l)) = cur.take() {
                    out.push((s, i, l));
                }
                if let Some(l) = t.label() {
                    cur = Some((i, l));
                }
            }
        }
    }
    if let Some((s, l)) = cur {
        out.push((s, tags.len(), l));
    }
    out
}

/// Why a model file was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError(pub String);

impl std::fmt::Display for ModelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NER model: {}", self.0)
    }
}

impl std::error::Error for ModelError {}

const MAGIC: &[u8; 4] = b"DNER";
const FORMAT_VERSION: u32 = 2;

/// The tagger: a hashed weight table of quantised weights (the true weight
/// is `weights[i] × scale`; tagging compares integer sums, scale-free).
#[derive(Debug, Clone, PartialEq)]
pub struct NerModel {
    bits: u32,
    scale: f32,
    /// `(1 << bits) * NTAGS` weights, bucket-major.
    weights: Vec<i16>,
}

#[inline]
pub(crate) fn bucket(bits: u32, h: u64) -> usize {
    ((h >> 7) as usize & ((1usize << bits) - 1)) * NTAGS
}

impl NerModel {
    /// An all-zero model with `2^bits` feature buckets.
    pub fn zeros(bits: u32) -> NerModel {
        assert!((8..=26).contains(&bits), "bits out of range");
        NerModel {
            bits,
            scale: 1.0,
            weights: vec![0; (1usize << bits) * NTAGS],
        }
    }

    /// Quantises real-valued weights (`(1 << bits) * NTAGS`, bucket-major).
    pub(crate) fn from_f32(bits: u32, weights: &[f32]) -> NerModel {
        assert_eq!(weights.len(), (1usize << bits) * NTAGS);
        let max = weights.iter().fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let weights = weights
            .iter()
            .map(|w| (w / scale).round().clamp(-32767.0, 32767.0) as i16)
            .collect();
        NerModel {
            bits,
            scale,
            weights,
        }
    }

    /// The model shipped with Dossier (`data/ner.bin`, built by
    /// `examples/train_ner.rs`), decoded once per process.
    pub fn builtin() -> &'static NerModel {
        static MODEL: std::sync::OnceLock<NerModel> = std::sync::OnceLock::new();
        MODEL.get_or_init(|| {
            NerModel::from_bytes(include_bytes!("../../data/ner.bin"))
                .expect("the embedded NER model matches this build")
        })
    }

    pub fn bits(&self) -> u32 {
        self.bits
    }

    #[inline]
    fn add_scores(&self, feats: &[u64], scores: &mut [i32; NTAGS]) {
        for &h in feats {
            let b = bucket(self.bits, h);
            let w = &self.weights[b..b + NTAGS];
            for t in 0..NTAGS {
                scores[t] += w[t] as i32;
            }
        }
    }

    /// Tags one sentence's tokens, as a document of its own.
    pub fn tag_tokens(&self, tokens: &[&str]) -> Vec<Tag> {
        self.tag_document(&[tokens.to_vec()])
            .pop()
            .unwrap_or_default()
    }

    /// Tags the sentences of one document (an article). A first pass reads
    /// them in order, each informed by the labels given to the same words in
    /// the sentences before it; a second pass tags them again knowing how the
    /// first pass labelled each capitalised word anywhere in the document.
    pub fn tag_document(&self, sentences: &[Vec<&str>]) -> Vec<Vec<Tag>> {
        let sfs: Vec<SentenceFeatures> = sentences.iter().map(|s| sentence_features(s)).collect();
        let first = self.first_pass(&sfs);
        let all = DocHistory::from_tags(&sfs, &first);
        sfs.iter()
            .zip(&first)
            .map(|(sf, f)| {
                self.tag_sentence(
                    sf,
                    &mut DocView::Stacked {
                        all: &all,
                        first: f,
                    },
                )
            })
            .zip(sentences)
            .map(|(mut t, s)| {
                extend_arabic_articles(s, &mut t);
                t
            })
            .collect()
    }

    /// Tags a document's sentences in order, each informed by the labels
    /// given in the sentences before it.
    pub(crate) fn first_pass(&self, sfs: &[SentenceFeatures]) -> Vec<Vec<Tag>> {
        let mut online = DocHistory::default();
        sfs.iter()
            .map(|sf| self.tag_sentence(sf, &mut DocView::Online(&mut online)))
            .collect()
    }

    fn tag_sentence(&self, sf: &SentenceFeatures, view: &mut DocView) -> Vec<Tag> {
        decode_sentence(sf, view, |i, dynamic, prev| {
            let mut scores = [0i32; NTAGS];
            self.add_scores(sf.token(i), &mut scores);
            self.add_scores(dynamic, &mut scores);
            best_allowed(&scores, prev)
        })
    }

    /// Finds the entity mentions in raw text, sentence by sentence; then one
    /// name written the same way gets the type most of its mentions have.
    pub fn entities(&self, text: &str) -> Vec<EntityMention> {
        let mut spans: Vec<Vec<Span>> = Vec::new();
        let mut words: Vec<Vec<std::borrow::Cow<str>>> = Vec::new();
        for sent in crate::sentences::split(text) {
            let s: Vec<Span> = tokenize::tokenize(&text[sent.start..sent.end])
                .into_iter()
                .map(|s| Span::new(s.start + sent.start, s.end + sent.start))
                .collect();
            // The training news is ASCII: curly quotes would make "Shi’ite" an
            // unknown word.
            words.push(
                s.iter()
                    .map(|s| ascii_quotes(&text[s.start..s.end]))
                    .collect(),
            );
            spans.push(s);
        }
        let sentences: Vec<Vec<&str>> = words
            .iter()
            .map(|w| w.iter().map(|t| t.as_ref()).collect())
            .collect();
        let mut out = Vec::new();
        for (spans, tags) in spans.iter().zip(self.tag_document(&sentences)) {
            for (s, e, label) in chunks(&tags) {
                out.push(EntityMention {
                    span: Span::new(spans[s].start, spans[e - 1].end),
                    label,
                });
            }
        }
        harmonise(text, &mut out);
        names::correct(text, &mut out);
        harmonise(text, &mut out);
        out
    }

    /// Serialises the model: `DNER`, format version, feature version, bits,
    /// scale (f32); then a bitmap of the `2^bits` buckets that hold a non-zero
    /// weight (bit `b % 8` of byte `b / 8`), then the 9 little-endian i16
    /// weights of each such bucket in order. Weights are `i16 × scale`.
    pub fn to_bytes(&self) -> Vec<u8> {
        let nb = 1usize << self.bits;
        let mut out = Vec::with_capacity(20 + nb / 8);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&FEATURE_VERSION.to_le_bytes());
        out.extend_from_slice(&self.bits.to_le_bytes());
        out.extend_from_slice(&self.scale.to_le_bytes());
        let q = &self.weights;
        let mut bitmap = vec![0u8; nb.div_ceil(8)];
        let mut packed = Vec::new();
        for (b, ws) in q.chunks_exact(NTAGS).enumerate() {
            if ws.iter().any(|&w| w != 0) {
                bitmap[b / 8] |= 1 << (b % 8);
                for w in ws {
                    packed.extend_from_slice(&w.to_le_bytes());
                }
            }
        }
        out.extend_from_slice(&bitmap);
        out.extend_from_slice(&packed);
        out
    }

    /// Reads a model written by [`NerModel::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<NerModel, ModelError> {
        let err = |m: &str| ModelError(m.to_string());
        if bytes.len() < 20 || &bytes[..4] != MAGIC {
            return Err(err("not a Dossier NER model"));
        }
        let u32_at = |o: usize| u32::from_le_bytes(bytes[o..o + 4].try_into().unwrap());
        if u32_at(4) != FORMAT_VERSION {
            return Err(ModelError(format!(
                "unsupported format version {}",
                u32_at(4)
            )));
        }
        if u32_at(8) != FEATURE_VERSION {
            return Err(ModelError(format!(
                "model built for feature version {}, this build has {}",
                u32_at(8),
                FEATURE_VERSION
            )));
        }
        let bits = u32_at(12);
        if !(8..=26).contains(&bits) {
            return Err(err("bad table size"));
        }
        let scale = f32::from_le_bytes(bytes[16..20].try_into().unwrap());
        let nb = 1usize << bits;
        let bitmap = bytes
            .get(20..20 + nb.div_ceil(8))
            .ok_or_else(|| err("truncated model"))?;
        let used: usize = bitmap.iter().map(|b| b.count_ones() as usize).sum();
        let packed = &bytes[20 + bitmap.len()..];
        if packed.len() != used * NTAGS * 2 {
            return Err(err("truncated or oversized model"));
        }
        let mut weights = vec![0i16; nb * NTAGS];
        let mut chunks = packed.chunks_exact(2);
        for b in 0..nb {
            if bitmap[b / 8] & (1 << (b % 8)) != 0 {
                for w in &mut weights[b * NTAGS..(b + 1) * NTAGS] {
                    let c = chunks.next().expect("counted above");
                    *w = i16::from_le_bytes([c[0], c[1]]);
                }
            }
        }
        Ok(NerModel {
            bits,
            scale,
            weights,
        })
    }
}

/// Arabic names keep a lower-case article ("Jurf al-Sakhar", "Ain al-Asad"),
/// which CoNLL's English news rarely shows: such a token continues the entity
/// before it.
fn extend_arabic_articles(tokens: &[&str], tags: &mut [Tag]) {
    const ARTICLES: &[&str] = &[
        "al-", "el-", "ad-", "ar-", "as-", "ash-", "at-", "az-", "an-", "ibn-", "bin-", "abu-",
    ];
    for i in 1..tokens.len() {
        let t = tokens[i];
        let Some(rest) = ARTICLES.iter().find_map(|a| t.strip_prefix(a)) else {
            continue;
        };
        if tags[i] == Tag::O && rest.chars().next().is_some_and(char::is_uppercase) {
            if let Some(l) = tags[i - 1].label() {
                tags[i] = Tag::I(l);
            }
        }
    }
}

fn ascii_quotes(token: &str) -> std::borrow::Cow<'_, str> {
    if token.contains(['’', '‘', '“', '”']) {
        token
            .replace(['’', '‘'], "'")
            .replace(['“', '”'], "\"")
            .into()
    } else {
        token.into()
    }
}

/// Document-level consistency: every mention of one surface string takes the
/// label most of them have (a tie keeps each mention's own).
pub fn harmonise(text: &str, mentions: &mut [EntityMention]) {
    use std::collections::HashMap;
    let mut votes: HashMap<&str, [u32; 4]> = HashMap::new();
    for m in mentions.iter() {
        votes.entry(&text[m.span.start..m.span.end]).or_default()[m.label as usize] += 1;
    }
    for m in mentions.iter_mut() {
        let v = votes[&text[m.span.start..m.span.end]];
        let max = *v.iter().max().expect("four labels");
        if v.iter().filter(|&&c| c == max).count() == 1 {
            let best = v.iter().position(|&c| c == max).expect("a maximum");
            m.label = Label::ALL[best];
        }
    }
}

/// What the tagger knows of the rest of the document while it tags a sentence.
pub(crate) enum DocView<'a> {
    /// First pass: the labels given so far, which this sentence adds to.
    Online(&'a mut DocHistory),
    /// Second pass: the first pass's labels over the whole document, and
    /// this sentence's own first-pass tags (left out of its counts).
    Stacked {
        all: &'a DocHistory,
        first: &'a [Tag],
    },
}

/// Tags a sentence left to right: `choose` picks token `i`'s tag from its
/// static features and the `dynamic` ones computed here (previous tags and
/// what the document says), given the previous tag.
pub(crate) fn decode_sentence(
    sf: &SentenceFeatures,
    view: &mut DocView,
    mut choose: impl FnMut(usize, &[u64], Option<Tag>) -> Tag,
) -> Vec<Tag> {
    let n = sf.lower.len();
    let mut tags: Vec<Tag> = Vec::with_capacity(n);
    let mut dynamic = Vec::with_capacity(16);
    for i in 0..n {
        let prev = tags.last().copied();
        let code = |t: Option<&Tag>| t.map_or(0, |t| t.index() as u64 + 1);
        let prev2 = if i >= 2 { code(tags.get(i - 2)) } else { 0 };
        dynamic.clear();
        dynamic.extend_from_slice(&history_features(sf, i, code(prev.as_ref()), prev2));
        match view {
            DocView::Online(history) => history.features(sf, i, None, DocPass::First, &mut dynamic),
            DocView::Stacked { all, first } => {
                all.features(sf, i, Some(first[i]), DocPass::Second, &mut dynamic)
            }
        }
        let tag = choose(i, &dynamic, prev);
        if let DocView::Online(history) = view {
            history.record(sf, i, tag);
        }
        tags.push(tag);
    }
    tags
}

#[inline]
fn best_allowed<S: PartialOrd + Copy>(scores: &[S; NTAGS], prev: Option<Tag>) -> Tag {
    let mut best: Option<(usize, S)> = None;
    for (t, &s) in scores.iter().enumerate() {
        if Tag::from_index(t).allowed_after(prev) && best.is_none_or(|(_, b)| s > b) {
            best = Some((t, s));
        }
    }
    Tag::from_index(best.map_or(0, |(t, _)| t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_indices_round_trip() {
        for i in 0..NTAGS {
            assert_eq!(Tag::from_index(i).index(), i);
            assert_eq!(
                Tag::parse(&Tag::from_index(i).to_iob2()),
                Some(Tag::from_index(i))
            );
        }
    }

    #[test]
    fn chunking() {
        use Label::*;
        let tags = [
            Tag::B(Per),
            Tag::I(Per),
            Tag::O,
            Tag::I(Loc),
            Tag::B(Loc),
            Tag::I(Org),
        ];
        assert_eq!(
            chunks(&tags),
            vec![(0, 2, Per), (3, 4, Loc), (4, 5, Loc), (5, 6, Org)]
        );
    }

    #[test]
    fn harmonise_takes_the_majority() {
        let text = "Erbil Erbil Erbil Hillah Hillah";
        let m = |s, e, label| EntityMention {
            span: Span::new(s, e),
            label,
        };
        let mut ms = vec![
            m(0, 5, Label::Loc),
            m(6, 11, Label::Per),
            m(12, 17, Label::Loc),
            m(18, 24, Label::Per),
            m(25, 31, Label::Loc),
        ];
        harmonise(text, &mut ms);
        let labels: Vec<Label> = ms.iter().map(|m| m.label).collect();
        use Label::*;
        assert_eq!(labels, [Loc, Loc, Loc, Per, Loc]);
    }

    #[test]
    fn serialisation_refuses_garbage() {
        assert!(NerModel::from_bytes(b"nope").is_err());
        let mut b = NerModel::zeros(8).to_bytes();
        b.pop();
        assert!(NerModel::from_bytes(&b).is_err());
    }

    fn found(text: &str) -> Vec<(String, Label)> {
        NerModel::builtin()
            .entities(text)
            .iter()
            .map(|e| (text[e.span.start..e.span.end].to_string(), e.label))
            .collect()
    }

    fn has(found: &[(String, Label)], name: &str, label: Label) -> bool {
        found.iter().any(|(n, l)| n == name && *l == label)
    }

    #[test]
    fn builtin_model_on_seed_sentences() {
        use Label::*;
        let text = "Mohammed Shia Al-Sudani met CENTCOM officials in Baghdad.";
        let f = found(text);
        assert_eq!(
            f,
            vec![
                ("Mohammed Shia Al-Sudani".to_string(), Per),
                ("CENTCOM".to_string(), Org),
                ("Baghdad".to_string(), Loc)
            ]
        );
        let f =
            found("Qassem Soleimani, the commander of the IRGC's Quds Force, was killed in 2020.");
        assert!(
            has(&f, "Qassem Soleimani", Per) && has(&f, "IRGC", Org),
            "{f:?}"
        );
        let f = found(
            "Islamic State fighters remain active near Kirkuk, Mosul, Makhmour and Zumar in Nineveh province.",
        );
        for place in ["Kirkuk", "Mosul", "Makhmour", "Zumar", "Nineveh"] {
            assert!(has(&f, place, Loc), "{place}: {f:?}");
        }
        let f = found("US strikes south of Baghdad killed eight Kataib Hezbollah members, the Popular Mobilization Forces said.");
        assert!(
            has(&f, "Kataib Hezbollah", Org) && has(&f, "Popular Mobilization Forces", Org),
            "{f:?}"
        );
        let f = found("A drone attacked Erbil airport, and a strike hit Hillah on Wednesday.");
        assert!(has(&f, "Erbil", Loc) && has(&f, "Hillah", Loc), "{f:?}");
        let f = found("Rockets were fired at Ain al-Asad air base in western Iraq.");
        assert!(has(&f, "Ain al-Asad", Loc) && has(&f, "Iraq", Loc), "{f:?}");
        let f = found("US Central Command said the strikes killed members of the Popular Mobilization Forces.");
        assert!(
            has(&f, "US Central Command", Org) && has(&f, "Popular Mobilization Forces", Org),
            "{f:?}"
        );
        let f = found("Hamas and Israel have fought in Gaza since October, while militias in Syria and Iraq attacked US forces.");
        assert!(has(&f, "Hamas", Org), "{f:?}");
        for place in ["Gaza", "Syria", "Iraq", "Israel"] {
            assert!(has(&f, place, Loc), "{place}: {f:?}");
        }
    }
}
