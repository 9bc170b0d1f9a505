//! CoNLL-2003 column text (`token POS chunk NER`) and entity-level scoring.
//! Parses text the caller has read; opens no file.

use super::{chunks, Label, Tag};

/// One sentence: tokens and their gold tags (converted to IOB2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub tokens: Vec<String>,
    pub tags: Vec<Tag>,
}

/// Parses CoNLL column text; the last column is the tag (IOB1 or IOB2).
/// `-DOCSTART-` lines are skipped; unknown tags become `O`.
pub fn parse(text: &str) -> Vec<Sentence> {
    parse_documents(text).into_iter().flatten().collect()
}

/// Parses CoNLL column text into documents (each opened by a `-DOCSTART-`
/// line), because the tagger reads a whole article: what it found in one
/// sentence informs the next.
pub fn parse_documents(text: &str) -> Vec<Vec<Sentence>> {
    let mut docs: Vec<Vec<Sentence>> = Vec::new();
    let mut out = Vec::new();
    let mut cur = Sentence {
        tokens: Vec::new(),
        tags: Vec::new(),
    };
    let flush = |cur: &mut Sentence, out: &mut Vec<Sentence>| {
        if !cur.tokens.is_empty() {
            cur.tags = to_iob2(&cur.tags);
            out.push(std::mem::replace(
                cur,
                Sentence {
                    tokens: Vec::new(),
                    tags: Vec::new(),
                },
            ));
        }
    };
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with("-DOCSTART-") {
            flush(&mut cur, &mut out);
            if line.starts_with("-DOCSTART-") && !out.is_empty() {
                docs.push(std::mem::take(&mut out));
            }
            continue;
        }
        let mut cols = line.split_whitespace();
        let tok = cols.next().unwrap_or_default();
        let tag = cols.next_back().unwrap_or("O");
        cur.tokens.push(tok.to_string());
        cur.tags.push(Tag::parse(tag).unwrap_or(Tag::O));
    }
    flush(&mut cur, &mut out);
    if !out.is_empty() {
        docs.push(out);
    }
    docs
}

/// IOB1 → IOB2: an `I-X` that does not continue an X entity becomes `B-X`.
pub fn to_iob2(tags: &[Tag]) -> Vec<Tag> {
    let mut out: Vec<Tag> = Vec::with_capacity(tags.len());
    for &t in tags {
        let prev = out.last().copied();
        out.push(match t {
            Tag::I(l) if !t.allowed_after(prev) => Tag::B(l),
            _ => t,
        });
    }
    out
}

/// Entity-level counts for one type (or all).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub gold: usize,
    pub pred: usize,
    pub correct: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        if self.pred == 0 {
            0.0
        } else {
            self.correct as f64 / self.pred as f64
        }
    }
    pub fn recall(&self) -> f64 {
        if self.gold == 0 {
            0.0
        } else {
            self.correct as f64 / self.gold as f64
        }
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// Conlleval-style exact-match scores: per label (PER, ORG, LOC, MISC) and overall.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scores {
    pub per_label: [Counts; 4],
    pub overall: Counts,
}

impl Scores {
    /// Adds one sentence's gold and predicted tags.
    pub fn add(&mut self, gold: &[Tag], pred: &[Tag]) {
        let g = chunks(gold);
        let p = chunks(pred);
        for &(_, _, l) in &g {
            self.per_label[l as usize].gold += 1;
            self.overall.gold += 1;
        }
        for c in &p {
            self.per_label[c.2 as usize].pred += 1;
            self.overall.pred += 1;
            if g.contains(c) {
                self.per_label[c.2 as usize].correct += 1;
                self.overall.correct += 1;
            }
        }
    }

    pub fn summary(&self) -> String {
        let mut s = format!(
            "F1 {:.2} (P {:.2} R {:.2})",
            100.0 * self.overall.f1(),
            100.0 * self.overall.precision(),
            100.0 * self.overall.recall()
        );
        for l in Label::ALL {
            s.push_str(&format!(
                " {} {:.2}",
                l.as_str(),
                100.0 * self.per_label[l as usize].f1()
            ));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_iob1() {
        let s = parse("-DOCSTART- -X- -X- O\n\nEU NNP I-NP I-ORG\nrejects VBZ I-VP O\nGerman JJ I-NP I-MISC\n\nA x x I-PER\nB x x B-PER\n");
        assert_eq!(s.len(), 2);
        assert_eq!(
            s[0].tags,
            vec![Tag::B(Label::Org), Tag::O, Tag::B(Label::Misc)]
        );
        assert_eq!(s[1].tags, vec![Tag::B(Label::Per), Tag::B(Label::Per)]);
        let mut sc = Scores::default();
        sc.add(&s[0].tags, &[Tag::B(Label::Org), Tag::O, Tag::O]);
        assert_eq!(
            sc.overall,
            Counts {
                gold: 2,
                pred: 1,
                correct: 1
            }
        );
    }

    #[test]
    fn documents_split_at_docstart() {
        let docs = parse_documents(
            "-DOCSTART- -X- -X- O\n\nA x x B-PER\n\nb x x O\n\n-DOCSTART- -X- -X- O\n\nC x x B-LOC\n",
        );
        assert_eq!(docs.len(), 2);
        assert_eq!((docs[0].len(), docs[1].len()), (2, 1));
        assert_eq!(parse("A x x B-PER\n\nb x x O\n").len(), 2);
    }
}
