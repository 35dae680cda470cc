//! Excluded words (`-China`). A record whose any version holds one is left
//! out whole: the Chinese translation of China's law never writes "China".

use std::collections::HashSet;
use std::sync::Arc;

use tantivy::query::doc_predicate_query::{DocPredicateQuery, FunctionPredicate};
use tantivy::query::{BooleanQuery, Occur, Query};

use super::Engine;
use super::plain_seek::PlainSeek;
use crate::search::collect::ByRecord;
use crate::search::plan::Unit;

impl Engine {
    /// What excluded words leave out. A record whose any version holds an
    /// excluded word is left out whole: `-China` must not keep China's laws
    /// through their Chinese translation, which never writes "China". Where
    /// there are translations, that takes the records (by number) that any
    /// version of holds a word; otherwise each document is its record.
    pub(super) fn exclusions(
        &self,
        searcher: &tantivy::Searcher,
        units: Vec<Unit>,
    ) -> tantivy::Result<Excluded> {
        if units.is_empty() || self.catalog.documents <= self.catalog.records {
            return Ok(Excluded { units, records: None });
        }
        let any: Vec<(Occur, Box<dyn Query>)> = units
            .iter()
            .map(|u| (Occur::Should, Box::new(PlainSeek(self.unit_query(u))) as Box<dyn Query>))
            .collect();
        let found = searcher.search(&BooleanQuery::new(any), &ByRecord)?;
        let records: HashSet<u64> = found.iter().map(|e| e.ord).collect();
        Ok(Excluded { units, records: Some(Arc::new(records)) })
    }
}

/// Excluded words, and where translations make versions of one record
/// several documents, the records any version of which holds one.
pub(super) struct Excluded {
    units: Vec<Unit>,
    records: Option<Arc<HashSet<u64>>>,
}

impl Excluded {
    pub(super) fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    /// The clauses that leave out what the words exclude.
    pub(super) fn clauses(
        &self,
        unit_query: impl Fn(&Unit) -> Box<dyn Query>,
    ) -> Vec<(Occur, Box<dyn Query>)> {
        match &self.records {
            Some(records) if records.is_empty() => Vec::new(),
            Some(records) => vec![(Occur::MustNot, records_query(Arc::clone(records)))],
            None => self
                .units
                .iter()
                .map(|u| (Occur::MustNot, Box::new(PlainSeek(unit_query(u))) as Box<dyn Query>))
                .collect(),
        }
    }
}

/// The documents of the records numbered in `records` (every version).
fn records_query(records: Arc<HashSet<u64>>) -> Box<dyn Query> {
    let predicate = FunctionPredicate::from(move |reader: &tantivy::SegmentReader| {
        let ords = reader.fast_fields().u64("ord")?;
        let records = Arc::clone(&records);
        Ok(move |doc: tantivy::DocId| ords.first(doc).is_some_and(|o| records.contains(&o)))
    });
    Box::new(DocPredicateQuery::from(predicate))
}
