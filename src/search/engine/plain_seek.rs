//! A wrapper that keeps excluded phrases' scorers to plain forward seeks.

use tantivy::query::Query;
use tantivy::{DocId, Score, SegmentReader};

/// An excluded unit's query, whose scorers answer tantivy's exclusion
/// probes (`seek_danger`) with the plain `DocSet` default. tantivy 0.27's
/// phrase scorer asserts that a probe never lies behind its current
/// document, but an exclusion probes exactly there whenever the excluded
/// phrase's next match is past the candidate: with debug assertions on,
/// `trade -"trade data"`-like queries panicked (found by the `query` fuzz
/// target), and without them the probe's answer is not specified. The
/// default seeks only forward and reports what it finds.
#[derive(Debug)]
pub(super) struct PlainSeek(pub(super) Box<dyn Query>);

impl Clone for PlainSeek {
    fn clone(&self) -> Self {
        PlainSeek(self.0.box_clone())
    }
}

impl Query for PlainSeek {
    fn weight(
        &self,
        enable_scoring: tantivy::query::EnableScoring<'_>,
    ) -> tantivy::Result<Box<dyn tantivy::query::Weight>> {
        Ok(Box::new(PlainSeekWeight(self.0.weight(enable_scoring)?)))
    }
}

struct PlainSeekWeight(Box<dyn tantivy::query::Weight>);

impl tantivy::query::Weight for PlainSeekWeight {
    fn scorer(
        &self,
        reader: &SegmentReader,
        boost: Score,
    ) -> tantivy::Result<Box<dyn tantivy::query::Scorer>> {
        Ok(Box::new(PlainSeekScorer(self.0.scorer(reader, boost)?)))
    }

    fn explain(
        &self,
        reader: &SegmentReader,
        doc: DocId,
    ) -> tantivy::Result<tantivy::query::Explanation> {
        self.0.explain(reader, doc)
    }
}

struct PlainSeekScorer(Box<dyn tantivy::query::Scorer>);

impl tantivy::DocSet for PlainSeekScorer {
    fn advance(&mut self) -> DocId {
        self.0.advance()
    }
    fn seek(&mut self, target: DocId) -> DocId {
        self.0.seek(target)
    }
    // `seek_danger` deliberately left to the default (see `PlainSeek`).
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

impl tantivy::query::Scorer for PlainSeekScorer {
    fn score(&mut self) -> Score {
        self.0.score()
    }
}
