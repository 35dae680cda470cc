//! Querying the prebuilt index: the engine behind `compendium search`.
//!
//! Ranking: every required word or phrase must match (in the title, summary,
//! body or meta field); a record's score is the sum, over those words, of
//! BM25 in each field times the field's boost ([`schema::TEXT_FIELDS`]).
//! Filters and the collection restrict without scoring. A word that matches
//! nothing anywhere is taken as misspelt and replaced by the nearest terms
//! that start with the same letter ([`plan::max_edits`]). Ties go to record
//! order, so results are deterministic. `search.js` computes the same.
//!
//! Language versions: every version of a record (the original and each
//! translation) is a document of its own, scored on its own as above (all
//! required words in that version; an excluded word leaves out the record,
//! whichever of its versions has it). A record matches when one of its
//! versions does; its score
//! is the highest of its versions' scores, and a record appears once, ranked
//! by that score, ties to record order. `total` and facet counts count
//! records. What a hit shows (title, url, snippet) is the record's version
//! in the requested language ([`Request::lang`], else the site's default),
//! chosen as its page chooses it ([`crate::model::Record::version`]), which
//! need not be the version that matched.

use std::collections::HashSet;
use std::path::Path;
use std::sync::OnceLock;

use tantivy::collector::{Count, FacetCollector};
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query};
use tantivy::schema::{Facet, Value as _};
use tantivy::{Index, IndexReader, ReloadPolicy, Score};

use crate::search::Error;
use crate::search::analysis::{Analyzers, Lang};
use crate::search::catalog::Catalog;
use crate::search::collect::{self, ByRecord, Matched, TopByScore};
use crate::search::filters::{self, Filters, unknown};
use crate::search::guard;
use crate::search::integrity::{
    classify, damaged, holds_index_files, plausible, read_catalog, verify_checksums,
};
use crate::search::plan::{self, Unit};
use crate::search::query::{self, Filter, Part};
use crate::search::schema::{self, Fields, TEXT_FIELDS};
use crate::search::{function_words, range, vocabulary, writer};

mod exclude;
mod near;
mod plain_seek;
mod types;
mod units;

use exclude::Excluded;
pub use types::{FacetCount, Hit, Request, Response, Sorted};

/// An open index.
pub struct Engine {
    /// The index folder, for messages.
    dir: String,
    /// The index folder.
    path: std::path::PathBuf,
    /// Its vocabulary, read on first use (near spellings).
    vocabulary: OnceLock<Result<Vec<vocabulary::Entry>, String>>,
    reader: IndexReader,
    fields: Fields,
    catalog: Catalog,
    /// Why the index is no longer trusted: a read of it panicked, so what
    /// tantivy held in memory may be half-updated (see [`guard`]).
    broken: OnceLock<String>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine").field("records", &self.catalog.records).finish()
    }
}

impl Engine {
    /// Opens the index in `dir`, after checking every file tantivy wrote
    /// against the CRC-32 in its footer (tantivy's own checksums: each
    /// segment file's bytes are read once, which costs about 1 ms per 10 MB
    /// of index) and reading the catalog.
    ///
    /// # Errors
    /// [`Error::NoIndex`] when there is none, [`Error::Outdated`] when it was
    /// written by a different version, [`Error::Damaged`] when a file is
    /// missing, fails its checksum or cannot be decoded, [`Error::Index`]
    /// when it cannot be read at all (permissions).
    pub fn open(dir: &Path) -> Result<Engine, Error> {
        let shown = dir.display().to_string();
        guard::run(|| open_checked(dir, &shown)).unwrap_or_else(|panic| {
            Err(Error::Damaged(shown.clone(), format!("reading it failed: {panic}")))
        })
    }

    /// The catalog read with the index.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The fields a query can filter by, in the browser's order.
    fn filter_names(&self) -> impl Iterator<Item = &str> {
        std::iter::once("collection")
            .chain(self.catalog.facets.iter().map(|f| f.field.as_str()))
            // A range no record has a value of is not offered (`year` on a
            // site whose records give `adopted`).
            .chain(
                self.catalog.ranges.iter().filter(|f| f.span.is_some()).map(|f| f.field.as_str()),
            )
    }

    /// Runs a search.
    ///
    /// # Errors
    /// [`Error::Usage`] for an unknown collection or filter field;
    /// [`Error::Damaged`] when the index cannot be decoded (a panic in
    /// tantivy's readers is caught here, and the engine stays "damaged"
    /// after it).
    pub fn search(&self, req: &Request) -> Result<Response, Error> {
        if let Some(why) = self.broken.get() {
            return Err(Error::Damaged(self.dir.clone(), why.clone()));
        }
        let mut resp = guard::run(|| self.search_unguarded(req)).unwrap_or_else(|panic| {
            let why = self.broken.get_or_init(|| format!("reading it failed: {panic}"));
            Err(Error::Damaged(self.dir.clone(), why.clone()))
        })?;
        // Each note once (a word typed 300 times is one misspelling), as
        // `search.js` says them.
        let mut seen = HashSet::new();
        resp.notes.retain(|n| seen.insert(n.clone()));
        Ok(resp)
    }

    fn search_unguarded(&self, req: &Request) -> Result<Response, Error> {
        let searcher = self.reader.searcher();
        let langs = self.catalog.langs();
        let mut analyzers = Analyzers::default();
        let mut notes: Vec<String> = Vec::new();
        let index_err = |e: tantivy::TantivyError| damaged(&self.dir, &e);
        let page_lang = match &req.lang {
            None => self.catalog.default_language().to_owned(),
            Some(l) => match self.catalog.site_language(l.trim()) {
                Some(l) => l.to_owned(),
                None => {
                    return Err(Error::Usage(unknown(
                        "site language",
                        l,
                        self.catalog.site_languages.iter().map(String::as_str),
                    )));
                }
            },
        };
        // Translations make several documents per record, collapsed here.
        let collapse = self.catalog.documents > self.catalog.records;

        // Filters: from the command line (checked), then from the query.
        let mut filters: Vec<Filter> = Vec::new();
        if let Some(c) = &req.collection {
            if self.catalog.collection(c).is_none() {
                return Err(Error::Usage(unknown(
                    "collection",
                    c,
                    self.catalog.collections.iter().map(|c| c.name.as_str()),
                )));
            }
            filters.push(Filter { field: "collection".into(), value: c.clone() });
        }
        for (field, value) in &req.filters {
            let field = field.trim().to_lowercase();
            let Some(field) = self.catalog.filter_field(&field).map(str::to_owned) else {
                return Err(Error::Usage(unknown(
                    "facet, date or number field",
                    &field,
                    self.catalog
                        .facets
                        .iter()
                        .map(|f| f.field.as_str())
                        .chain(self.catalog.ranges.iter().map(|f| f.field.as_str())),
                )));
            };
            filters.push(Filter { field, value: value.clone() });
        }
        let sort = filters::sort(&self.catalog, req.sort.as_deref())?;
        // A label is read as its field's name (`situação:` is `status:`).
        let mut parsed =
            query::parse(&req.query, |f| self.catalog.filter_field(f).map(str::to_owned));
        if parsed.or_written {
            notes.push(query::OR_NOTE.into());
        }
        notes.extend(parsed.valueless.iter().map(|f| filters::valueless_note(&self.catalog, f)));
        let text_fields: Vec<&str> = TEXT_FIELDS
            .iter()
            .map(|(n, _)| *n)
            .filter(|n| !matches!(*n, "meta" | "places"))
            .collect();
        for part in parsed.required.iter_mut().chain(parsed.excluded.iter_mut()) {
            if let Part::Word(w) = part
                && let Some((note, instead)) =
                    query::not_a_filter(w, self.filter_names(), &text_fields)
            {
                notes.push(note);
                if let Some(value) = instead {
                    *w = value.to_owned();
                }
            }
        }
        function_words::leave_out(
            &mut parsed.required,
            &page_lang,
            self.catalog.default_language(),
        );
        filters.extend(parsed.filters.iter().cloned());
        // Nothing but words to match: when nothing matches, it is the words.
        let words_only =
            filters.is_empty() && parsed.excluded_filters.is_empty() && parsed.excluded.is_empty();
        let mut filters = Filters::new(
            &self.catalog,
            &self.fields,
            &filters,
            &parsed.excluded_filters,
            &mut notes,
        );
        let mut impossible = filters.impossible;

        let mut highlight: HashSet<String> = HashSet::new();
        // Required units, and whether each may still take near spellings.
        let mut unmatched: Vec<&str> = Vec::new();
        let mut members = Vec::new();
        // The languages a reader may be typing in (plan::unit).
        let typed_in =
            [Lang::from_bcp47(&page_lang), Lang::from_bcp47(self.catalog.default_language())];
        let mut units = self.required_units(
            &searcher,
            &parsed.required,
            (&langs, &typed_in, &mut analyzers),
            &mut notes,
            &mut unmatched,
            &mut members,
        )?;
        for (field, values) in &members {
            let values: Vec<&str> = values.iter().map(String::as_str).collect();
            filters.require_any_of(&self.catalog, &self.fields, field, &values);
            impossible |= filters.impossible;
        }
        // A word no record contains, even misspelt, would empty the results;
        // questions bring such words ("what does the G20 *say* about …").
        // Drop them and say so, as long as other words remain.
        if !unmatched.is_empty() {
            let words = unmatched.iter().map(|w| format!("`{w}`")).collect::<Vec<_>>().join(", ");
            if units.is_empty() {
                notes.push(format!("no record contains {words}"));
                impossible = true;
            } else {
                notes.push(format!("no record contains {words}; searched without it"));
            }
        }
        let excluded: Vec<Unit> = parsed
            .excluded
            .iter()
            .filter_map(|p| plan::unit(p, &langs, &typed_in, &mut analyzers))
            .collect();
        let excluded = self.exclusions(&searcher, excluded).map_err(index_err)?;
        if units.is_empty() && !filters.any_positive {
            // Words no record contains were said above.
            if unmatched.is_empty() && parsed.valueless.is_empty() && !req.query.trim().is_empty() {
                notes.push(nothing_to_search(
                    !excluded.is_empty() || !parsed.excluded_filters.is_empty(),
                ));
                return Ok(Response { notes, nothing_asked: true, ..Response::default() });
            }
            return Ok(Response { notes, ..Response::default() });
        }
        if impossible {
            return Ok(Response { notes, ..Response::default() });
        }

        let top = TopByScore { limit: req.limit.max(1).saturating_add(req.offset) };
        // Sorting by a field needs every match, as do translations (one
        // hit per record).
        let every = collapse || sort.is_some();
        let run = |units: &[(Unit, bool)], combine: Combine| {
            let query = self.query(&filters, None, units, &excluded, combine);
            if every {
                let best = searcher.search(&query, &ByRecord).map_err(index_err)?;
                Ok(Matched::Records(best))
            } else {
                let mut facet_collector = FacetCollector::for_field("facets");
                for f in &self.catalog.facets {
                    facet_collector.add_facet(Facet::from_path([f.field.as_str()]));
                }
                let collectors = (top.clone(), facet_collector, Count);
                let (best, counts, total) =
                    searcher.search(&query, &collectors).map_err(index_err)?;
                Ok(Matched::Docs(best, counts, total))
            }
        };
        let mut combine = Combine::All;
        let mut matched = run(&units, Combine::All)?;
        // Nothing has every word: a misspelling may be a word the index has
        // elsewhere ("form" for "from"). Let each word also match its near
        // spellings and try once more.
        if matched.total() == 0 {
            // Each unit's own terms, kept apart from the near spellings.
            let own: Vec<usize> = units.iter().map(|(u, _)| u.terms.len()).collect();
            let mut expanded = false;
            for (unit, expandable) in &mut units {
                if !*expandable {
                    continue;
                }
                let near = self
                    .near_index_terms(&searcher, &unit.terms, unit.edits())
                    .map_err(index_err)?;
                for t in near {
                    if !unit.terms.contains(&t) {
                        unit.terms.push(t);
                        expanded = true;
                    }
                }
            }
            if expanded {
                matched = run(&units, Combine::All)?;
                if matched.total() > 0 {
                    notes.push("no record contains every word; showing near spellings".into());
                }
            }
            // Near spellings that found no record with every word are not
            // carried into the search for most of the words: a word records
            // contain is searched as it is (`proteção` is no `protection`).
            if matched.total() == 0 {
                for ((unit, _), n) in units.iter_mut().zip(own) {
                    unit.terms.truncate(n);
                }
            }
        }
        let split = plan::split_parts(&units);
        if matched.total() == 0 && split.len() > 1 {
            // Still no record has every word: rank those with the most of
            // them first (each word found adds COVERAGE), then by BM25;
            // a CJK word counts its parts (bigrams) as words.
            units = split;
            matched = run(&units, Combine::Most)?;
            combine = Combine::Most;
            if matched.total() > 0 {
                notes.push(
                    "no record contains all the words; showing those with the most of them".into(),
                );
            }
        }
        if matched.total() == 0 && words_only {
            units::say_unmatched(&parsed.required, &unmatched, &mut notes);
        }
        let total = matched.total();
        // Each hit's value of the field it is sorted by.
        let mut sorted_by = std::collections::HashMap::new();
        let (best, mut counts) = match matched {
            Matched::Docs(best, facet_counts, _) => {
                let counts = self
                    .catalog
                    .facets
                    .iter()
                    .map(|f| {
                        facet_counts
                            .get(Facet::from_path([f.field.as_str()]))
                            .filter_map(|(facet, n)| {
                                Some((facet.to_path().last().map(|s| s.to_string())?, n))
                            })
                            .collect()
                    })
                    .collect();
                (best, counts)
            }
            Matched::Records(mut all) => {
                let counts =
                    collect::record_facets(&self.catalog, &searcher, &all).map_err(index_err)?;
                match sort {
                    Some((ri, descending)) => {
                        sorted_by = collect::sort_by_range(&searcher, &mut all, ri, descending)
                            .map_err(index_err)?;
                    }
                    None => all.sort(),
                }
                all.truncate(top.limit);
                (all, counts)
            }
        };
        // A filtered field counts its values without its own filter, so
        // that its other values can be added (OR) with what they would add.
        for fi in filters.grouped_facets(&self.catalog) {
            let field = self.catalog.facets[fi].field.as_str();
            let query = self.query(&filters, Some(field), &units, &excluded, combine);
            let all = searcher.search(&query, &ByRecord).map_err(index_err)?;
            let mut these =
                collect::record_facets(&self.catalog, &searcher, &all).map_err(index_err)?;
            if let Some(c) = counts.get_mut(fi) {
                *c = std::mem::take(&mut these[fi]);
            }
        }
        for (unit, _) in &units {
            highlight.extend(unit.all_terms().into_iter().map(str::to_owned));
        }

        let mut hits = Vec::with_capacity(best.len());
        for e in best.into_iter().skip(req.offset).take(req.limit) {
            let sorted = sort.and_then(|(ri, _)| {
                let range = self.catalog.ranges.get(ri)?;
                let value = sorted_by.get(&e.address).map(|v| range::shown(range.kind, *v));
                let label = range.labels.get(&page_lang).unwrap_or(&range.label).clone();
                let number = range.kind == range::Kind::Int;
                Some(Sorted { field: range.field.clone(), label, value, number })
            });
            let shown = if collapse {
                collect::version_in(&self.fields, &searcher, e.address, &page_lang)
                    .map_err(index_err)?
            } else {
                e.address
            };
            let mut version =
                collect::shown(&self.fields, &searcher, shown, &highlight, &mut analyzers)
                    .map_err(index_err)?;
            // A record found through another version than the page's keeps
            // the page's title and page; when the page's version holds none
            // of the words in its title, summary or body, the snippet is
            // the matched version's, which says why it was found.
            let mut snippet_lang = None;
            if shown != e.address && !version.holds {
                let matched =
                    collect::shown(&self.fields, &searcher, e.address, &highlight, &mut analyzers)
                        .map_err(index_err)?;
                if matched.holds {
                    let tag = matched.doc.get_first(self.fields.tag).and_then(|v| v.as_str());
                    snippet_lang = tag.map(str::to_owned);
                    version.snippet = matched.snippet;
                }
            }
            let collect::Shown { doc, snippet, .. } = version;
            let text =
                |field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or("").to_owned();
            let tag = text(self.fields.tag);
            let (collection, id, key) =
                (text(self.fields.collection), text(self.fields.id), text(self.fields.key));
            hits.push(Hit {
                url: self.catalog.url(&key, &page_lang),
                key,
                collection,
                id,
                title: text(self.fields.title()),
                lang: tag,
                // With the most of the words, the words found rank first
                // (COVERAGE each); the score shown is the BM25 part.
                score: if matches!(combine, Combine::Most) { e.score % COVERAGE } else { e.score },
                snippet,
                snippet_lang,
                sorted,
            });
        }
        let collation = crate::render::Collation::new(&page_lang);
        let facets = self
            .catalog
            .facets
            .iter()
            .zip(counts)
            .filter_map(|(f, counts): (_, Vec<(String, u64)>)| {
                let mut values: Vec<(String, u64, String)> = counts
                    .into_iter()
                    .map(|(key, n)| {
                        let label = f
                            .values
                            .iter()
                            .find(|v| v.value == key)
                            .map(|v| v.labels.get(&page_lang).unwrap_or(&v.label).clone())
                            .unwrap_or_else(|| key.clone());
                        (label, n, key)
                    })
                    .collect();
                // Ties by the labels in the language's collation (`Égypte`
                // among the `E`s), as the pages sort them.
                values.sort_by(|a, b| {
                    b.1.cmp(&a.1)
                        .then_with(|| collation.compare(&a.0, &b.0))
                        .then_with(|| a.0.cmp(&b.0))
                });
                (!values.is_empty()).then(|| FacetCount {
                    field: f.field.clone(),
                    label: f.labels.get(&page_lang).unwrap_or(&f.label).clone(),
                    values,
                })
            })
            .collect();
        Ok(Response { hits, total, facets, notes, lang: page_lang, nothing_asked: false })
    }

    /// The whole query: filters (not scored), the units, exclusions. With
    /// `Combine::All` every unit is required; with `Combine::Most` a record
    /// needs one, and each unit it has adds [`COVERAGE`] to its score.
    fn query(
        &self,
        filters: &Filters,
        skip: Option<&str>,
        units: &[(Unit, bool)],
        excluded: &Excluded,
        combine: Combine,
    ) -> BooleanQuery {
        let mut clauses = filters.clauses(skip);
        match combine {
            Combine::All => {
                clauses.extend(units.iter().map(|(u, _)| (Occur::Must, self.unit_query(u))));
            }
            Combine::Most => {
                let mut any: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for (unit, _) in units {
                    let q = self.unit_query(unit);
                    let covered = ConstScoreQuery::new(q.box_clone(), COVERAGE);
                    any.push((Occur::Should, Box::new(covered)));
                    any.push((Occur::Should, q));
                }
                clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
            }
        }
        clauses.extend(excluded.clauses(|u| self.unit_query(u)));
        // Only exclusions (a filtered field's counts without its own
        // filter, say) start from every record, not from none.
        if clauses.iter().all(|(occur, _)| *occur == Occur::MustNot) {
            clauses.push((Occur::Must, Box::new(tantivy::query::AllQuery)));
        }
        BooleanQuery::new(clauses)
    }
}

/// [`Engine::open`] inside the guard.
fn open_checked(dir: &Path, shown: &str) -> Result<Engine, Error> {
    let damaged_because = |why: String| Error::Damaged(shown.to_owned(), why);
    if !dir.join("meta.json").is_file() {
        // A folder with other index files but no `meta.json` lost it.
        return Err(if holds_index_files(dir) {
            damaged_because("`meta.json` is missing".into())
        } else {
            Error::NoIndex(shown.to_owned())
        });
    }
    let catalog = read_catalog(dir, shown)?;
    let index = super::read_only::Searching::open(dir)
        .map_err(tantivy::TantivyError::from)
        .and_then(Index::open)
        .map_err(|e| classify(shown, &e))?;
    let (schema, fields) = schema::build();
    if index.schema() != schema {
        // The catalog says this version wrote the index: its schema was
        // changed afterwards.
        return Err(damaged_because("`meta.json` does not hold this version's schema".into()));
    }
    verify_checksums(&index, dir).map_err(damaged_because)?;
    writer::register(&index);
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
        .map_err(|e: tantivy::TantivyError| classify(shown, &e))?;
    plausible(&reader).map_err(damaged_because)?;
    // An index of this catalog format always has its vocabulary.
    if !dir.join(vocabulary::FILE).is_file() {
        return Err(damaged_because(format!("`{}` is missing", vocabulary::FILE)));
    }
    Ok(Engine {
        dir: shown.to_owned(),
        path: dir.to_owned(),
        vocabulary: OnceLock::new(),
        reader,
        fields,
        catalog,
        broken: OnceLock::new(),
    })
}

/// How the required units of a query combine.
#[derive(Debug, Clone, Copy)]
enum Combine {
    /// Every unit must match (the query language's meaning).
    All,
    /// At least one; records with more of them rank first.
    Most,
}

/// Why a query without words or filters to match finds nothing (as
/// `search.js` says it).
fn nothing_to_search(excludes: bool) -> String {
    if excludes {
        "nothing to search for: the query only excludes; add a word or a filter to search for"
            .into()
    } else {
        "nothing to search for: the query has no words".into()
    }
}

/// What each query word found adds to a record's score when no record has
/// them all: far above any BM25 sum, so more words found always ranks first.
pub const COVERAGE: Score = 1000.0;
