//! Collecting what a query matched: the top records by score (ties to
//! record order), and, when records have several language versions (each
//! a document), every matched record once with its best version's score,
//! the facet counts of those records, and the version a language shows.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap, HashSet};

use tantivy::collector::{Collector, FacetCounts, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::TermQuery;
use tantivy::schema::{Facet, IndexRecordOption, Value as _};
use tantivy::{DocAddress, DocId, Score, SegmentReader, TantivyDocument, Term};

use crate::search::analysis::{Analyzers, Lang};
use crate::search::catalog::Catalog;
use crate::search::schema::Fields;
use crate::search::snippet::{self, Snippet};

/// A scored record during collection.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry {
    pub(crate) score: Score,
    pub(crate) ord: u64,
    pub(crate) address: DocAddress,
}

// Ordered worst first, so that a max-heap pops the worst: lower score, then
// later record.
impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        other.score.total_cmp(&self.score).then(self.ord.cmp(&other.ord))
    }
}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Entry {}

/// Top `limit` hits by score, ties to record order (tantivy's own top-docs
/// collector breaks ties by segment-local doc id, which is not stable).
#[derive(Clone)]
pub(crate) struct TopByScore {
    pub(crate) limit: usize,
}

pub(crate) struct TopSegment {
    limit: usize,
    segment: u32,
    ords: Column<u64>,
    heap: BinaryHeap<Entry>,
}

impl Collector for TopByScore {
    type Fruit = Vec<Entry>;
    type Child = TopSegment;

    fn for_segment(&self, segment: u32, reader: &SegmentReader) -> tantivy::Result<TopSegment> {
        Ok(TopSegment {
            limit: self.limit,
            segment,
            ords: reader.fast_fields().u64("ord")?,
            heap: BinaryHeap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Vec<Entry>>) -> tantivy::Result<Vec<Entry>> {
        let mut all: Vec<Entry> = fruits.into_iter().flatten().collect();
        all.sort();
        all.truncate(self.limit);
        Ok(all)
    }
}

impl SegmentCollector for TopSegment {
    type Fruit = Vec<Entry>;

    fn collect(&mut self, doc: DocId, score: Score) {
        let e = Entry {
            score,
            ord: self.ords.first(doc).unwrap_or(u64::MAX),
            address: DocAddress::new(self.segment, doc),
        };
        if self.heap.len() < self.limit {
            self.heap.push(e);
        } else if self.heap.peek().is_some_and(|worst| e < *worst) {
            self.heap.pop();
            self.heap.push(e);
        }
    }

    fn harvest(self) -> Vec<Entry> {
        self.heap.into_sorted_vec()
    }
}

/// What a query matched: without translations, the best documents (one
/// per record) with tantivy's facet counts and count; with them, every
/// matched record's best version ([`ByRecord`]).
pub(crate) enum Matched {
    Docs(Vec<Entry>, FacetCounts, usize),
    Records(Vec<Entry>),
}

impl Matched {
    /// Records matched.
    pub(crate) fn total(&self) -> usize {
        match self {
            Matched::Docs(_, _, n) => *n,
            Matched::Records(all) => all.len(),
        }
    }
}

/// Every matched record once, with its best-scoring version's score (ties
/// between versions go to the first document): what ranks a record whose
/// versions are separate documents. Unordered.
pub(crate) struct ByRecord;

pub(crate) struct ByRecordSegment {
    segment: u32,
    ords: Column<u64>,
    best: HashMap<u64, Entry>,
}

/// Keeps the better of two versions' entries for their record.
fn keep_best(best: &mut HashMap<u64, Entry>, e: Entry) {
    match best.entry(e.ord) {
        std::collections::hash_map::Entry::Vacant(v) => {
            v.insert(e);
        }
        std::collections::hash_map::Entry::Occupied(mut o) => {
            if e.score > o.get().score {
                o.insert(e);
            }
        }
    }
}

impl Collector for ByRecord {
    type Fruit = Vec<Entry>;
    type Child = ByRecordSegment;

    fn for_segment(&self, segment: u32, reader: &SegmentReader) -> tantivy::Result<Self::Child> {
        Ok(ByRecordSegment {
            segment,
            ords: reader.fast_fields().u64("ord")?,
            best: Default::default(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Vec<Entry>>) -> tantivy::Result<Vec<Entry>> {
        let mut best = HashMap::new();
        for e in fruits.into_iter().flatten() {
            keep_best(&mut best, e);
        }
        Ok(best.into_values().collect())
    }
}

impl SegmentCollector for ByRecordSegment {
    type Fruit = Vec<Entry>;

    fn collect(&mut self, doc: DocId, score: Score) {
        let e = Entry {
            score,
            ord: self.ords.first(doc).unwrap_or(u64::MAX),
            address: DocAddress::new(self.segment, doc),
        };
        keep_best(&mut self.best, e);
    }

    fn harvest(self) -> Vec<Entry> {
        self.best.into_values().collect()
    }
}

/// Facet value counts over the matched records (one document each):
/// per catalog facet, `(value, records)`. Every version carries its
/// record's facets, so any matched version's values are the record's.
pub(crate) fn record_facets(
    catalog: &Catalog,
    searcher: &tantivy::Searcher,
    records: &[Entry],
) -> tantivy::Result<Vec<Vec<(String, u64)>>> {
    let mut counts: Vec<std::collections::BTreeMap<String, u64>> =
        vec![Default::default(); catalog.facets.len()];
    let mut by_segment: std::collections::BTreeMap<u32, Vec<DocId>> = Default::default();
    for e in records {
        by_segment.entry(e.address.segment_ord).or_default().push(e.address.doc_id);
    }
    for (segment, docs) in by_segment {
        let reader = searcher.segment_reader(segment).facet_reader("facets")?;
        // Segment term ordinal → (facet index, value), decoded once.
        let mut known: HashMap<u64, Option<(usize, String)>> = Default::default();
        let mut facet = Facet::root();
        for doc in docs {
            for ord in reader.facet_ords(doc) {
                let value = match known.entry(ord) {
                    std::collections::hash_map::Entry::Occupied(o) => o.into_mut(),
                    std::collections::hash_map::Entry::Vacant(v) => {
                        reader.facet_from_ord(ord, &mut facet)?;
                        let path = facet.to_path();
                        v.insert(match path.as_slice() {
                            [field, value] => {
                                catalog.facet(field).map(|(fi, _)| (fi, (*value).to_owned()))
                            }
                            _ => None,
                        })
                    }
                };
                if let Some((fi, value)) = value
                    && let Some(c) = counts.get_mut(*fi)
                {
                    *c.entry(value.clone()).or_default() += 1;
                }
            }
        }
    }
    Ok(counts.into_iter().map(|c| c.into_iter().collect()).collect())
}

/// The document of the version of `matched`'s record that a page in
/// `lang` shows: the original when it is written in `lang`, else the
/// translation into `lang`, else the original.
pub(crate) fn version_in(
    fields: &Fields,
    searcher: &tantivy::Searcher,
    matched: DocAddress,
    lang: &str,
) -> tantivy::Result<DocAddress> {
    let doc: TantivyDocument = searcher.doc(matched)?;
    let Some(key) = doc.get_first(fields.key).and_then(|v| v.as_str()) else {
        return Ok(matched);
    };
    let query = TermQuery::new(Term::from_field_text(fields.key, key), IndexRecordOption::Basic);
    let mut versions: Vec<DocAddress> =
        searcher.search(&query, &tantivy::collector::DocSetCollector)?.into_iter().collect();
    versions.sort();
    let (mut original, mut translation) = (None, None);
    for address in versions {
        let d: TantivyDocument = searcher.doc(address)?;
        let tag = d.get_first(fields.tag).and_then(|v| v.as_str()).unwrap_or("");
        if d.get_first(fields.original).and_then(|v| v.as_u64()) == Some(1) {
            if crate::core::lang::covers(lang, tag) {
                return Ok(address);
            }
            original = Some(address);
        } else if tag.eq_ignore_ascii_case(lang) {
            translation = Some(address);
        }
    }
    Ok(translation.or(original).unwrap_or(matched))
}

/// A version as a hit shows it: its document and its snippet.
pub(crate) struct Shown {
    pub(crate) doc: TantivyDocument,
    pub(crate) snippet: Snippet,
    /// Whether its title, summary or body holds one of the words.
    pub(crate) holds: bool,
}

/// Document `address` with its snippet for the query's `terms`, analysed
/// in the version's own language.
pub(crate) fn shown(
    fields: &Fields,
    searcher: &tantivy::Searcher,
    address: DocAddress,
    terms: &HashSet<String>,
    analyzers: &mut Analyzers,
) -> tantivy::Result<Shown> {
    let doc: TantivyDocument = searcher.doc(address)?;
    let text = |field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or("");
    let lang = text(fields.lang);
    let lang = if lang == "plain" { Lang::Plain } else { Lang::from_bcp47(lang) };
    let analyzer = analyzers.get(lang);
    let snippet = snippet::make(text(fields.summary()), text(fields.body()), terms, analyzer);
    let holds = !snippet.highlights.is_empty()
        || analyzer.analyze(text(fields.title())).iter().any(|t| terms.contains(&t.term));
    Ok(Shown { doc, snippet, holds })
}

/// Sorts `records` by their values of range field `field` (smallest first,
/// or largest first when `descending`: a record's smallest value sorts it
/// ascending, its largest descending), records without one last, ties by
/// score and then record order as [`Entry`] orders them.
pub(crate) fn sort_by_range(
    searcher: &tantivy::Searcher,
    records: &mut [Entry],
    field: usize,
    descending: bool,
) -> tantivy::Result<HashMap<tantivy::DocAddress, i64>> {
    let mut columns: HashMap<u32, Column<i64>> = HashMap::new();
    let mut keyed: Vec<(Option<i64>, Entry)> = Vec::with_capacity(records.len());
    for e in records.iter() {
        let segment = e.address.segment_ord;
        let column = match columns.entry(segment) {
            std::collections::hash_map::Entry::Occupied(o) => o.into_mut(),
            std::collections::hash_map::Entry::Vacant(v) => v.insert(
                searcher
                    .segment_reader(segment)
                    .fast_fields()
                    .i64(crate::search::schema::RANGES)?,
            ),
        };
        let values = column
            .values_for_doc(e.address.doc_id)
            .map(crate::search::range::unpack)
            .filter(|(f, _)| *f == field)
            .map(|(_, v)| v);
        let key = if descending { values.max() } else { values.min() };
        keyed.push((key, *e));
    }
    keyed.sort_by(|(ka, a), (kb, b)| {
        let by_value = match (ka, kb) {
            (Some(x), Some(y)) if descending => y.cmp(x),
            (Some(x), Some(y)) => x.cmp(y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        by_value.then_with(|| a.cmp(b))
    });
    let mut sorted_by = HashMap::new();
    for (slot, (key, e)) in records.iter_mut().zip(keyed) {
        if let Some(k) = key {
            sorted_by.insert(e.address, k);
        }
        *slot = e;
    }
    Ok(sorted_by)
}
