//! A query wrapper that works around a tantivy 0.27 precondition: its phrase
//! scorer assumes `seek_danger` is never asked about a document behind it,
//! but an exclusion (`word -"two words"`) asks about the first document of
//! what it filters, which can be behind the phrase's first match. The
//! wrapper's scorer delegates everything except `seek_danger`, for which it
//! keeps tantivy's default (seek only forward, then compare), correct for
//! any target.

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term};

#[derive(Debug)]
pub(crate) struct SeekSafe(pub(crate) Box<dyn Query>);

impl Clone for SeekSafe {
    fn clone(&self) -> SeekSafe {
        SeekSafe(self.0.box_clone())
    }
}

impl Query for SeekSafe {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(SeekSafeWeight(self.0.weight(scoring)?)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.0.query_terms(visitor)
    }
}

struct SeekSafeWeight(Box<dyn Weight>);

impl Weight for SeekSafeWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(SeekSafeScorer(self.0.scorer(reader, boost)?)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.0.explain(reader, doc)
    }
}

struct SeekSafeScorer(Box<dyn Scorer>);

impl DocSet for SeekSafeScorer {
    fn advance(&mut self) -> DocId {
        self.0.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.0.seek(target)
    }

    fn doc(&self) -> DocId {
        self.0.doc()
    }

    fn size_hint(&self) -> u32 {
        self.0.size_hint()
    }

    fn cost(&self) -> u64 {
        self.0.cost()
    }
}

impl Scorer for SeekSafeScorer {
    fn score(&mut self) -> Score {
        self.0.score()
    }
}
