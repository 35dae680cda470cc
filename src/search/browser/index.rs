//! The index itself: every term's postings per field (record, term
//! frequency, field-norm id: all BM25 needs, so the browser ranks exactly
//! as tantivy does), each record's file data, and the statistics `meta.js`
//! gives. Built from a site, or record by record from what the index
//! writer hands over; kept by `serve` to follow changes record by record.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde_json::json;
use tantivy::fieldnorm::FieldNormReader;

use super::codec::{self, FieldPostings, Posting, TermPostings};
use super::{BODY_CHARS, DOC_BUCKET, NUM_FIELDS};
use crate::model::Site;
use crate::search::analysis::{self, Analyzers};
use crate::search::{catalog, vocabulary};

/// Records analysed per parallel batch.
const BATCH: usize = 512;

/// One field of a record: its field-norm id, its terms with their
/// positions, and its number of tokens.
type AnalysedField = (u8, Vec<(String, Vec<u32>)>, u64);

/// What one record contributes to the browser index.
pub struct Analysed {
    pub(super) fields: Vec<AnalysedField>,
    /// Its non-ASCII characters, lowercased, sorted, once each.
    pub(super) chars: Vec<char>,
    /// The data of its record file.
    pub(super) doc_file: String,
    /// Its folded words, if not written in English, sorted, once each
    /// (for the stems table, [`forms`](super::forms)).
    pub(super) forms: Vec<String>,
    /// Its words for the vocabulary ([`vocabulary::doc_words`]).
    pub(super) words: Vec<String>,
    /// Its language tag as written (`zh-CN`).
    pub(super) tag: String,
}

/// A term's postings, and its entries in a chunk once coded.
#[derive(Default)]
pub(super) struct Term {
    pub(super) postings: TermPostings,
    pub(super) coded: Option<Coded>,
}

pub(super) struct Coded {
    /// `"term","postings",` in a postings chunk.
    pub(super) entry: String,
    /// `"positions",` in a positions chunk.
    pub(super) positions: String,
    /// `["postings"]`, the `u` file of its chunk, when `entry` holds a head
    /// ([`tiers`](super::tiers)).
    pub(super) full: Option<String>,
    /// `["postings"]` of each listed band of the head, its chunk's `bN`
    /// files ([`tiers`](super::tiers)).
    pub(super) bands: Vec<String>,
    /// Hash of both, within this process: chunks whose terms' hashes are
    /// unchanged need not be hashed again.
    pub(super) id: u64,
}

/// The browser index of a site, kept so that it can follow changes.
pub struct Index {
    /// (FxHash: the build's hottest map, keyed by terms the index's own
    /// analysis made, so no one can choose keys that collide.)
    pub(super) terms: FxHashMap<String, Term>,
    /// Every term, in UTF-16 order (how JavaScript compares strings), once
    /// sorted: `false` after a [`push`](Self::push).
    pub(super) order: Vec<String>,
    pub(super) sorted: bool,
    /// Each record's file data, by record number (emptied once written, for
    /// the first `docs_written`).
    pub(super) docs: Vec<String>,
    /// How many records' files [`take_written_docs`](Self::take_written_docs)
    /// handed out already (whole buckets).
    pub(super) docs_written: usize,
    /// Each bucket's name hash; `None` once one of its records changed.
    pub(super) buckets: Vec<Option<String>>,
    pub(super) tokens: [u64; NUM_FIELDS],
    /// Non-ASCII characters of the content, with how many records hold each.
    pub(super) chars: BTreeMap<char, u32>,
    /// Words of the records not in English, with how many records hold each.
    pub(super) forms: HashMap<String, u32>,
    /// Every word of the records, with how many documents hold each.
    pub(super) vocab: vocabulary::Counts,
    /// The names of the last output's chunks, by the ids of their terms.
    pub(super) chunk_names: HashMap<u64, String>,
    /// Per language, the records translated into it
    /// ([`catalog::translation_lists`]): the translation documents, in order.
    pub(super) translations: Vec<(String, Vec<u32>)>,
    /// The documents' language tags, with how many documents have each
    /// (for `meta.js`'s `cv`).
    pub(super) tags: BTreeMap<String, u32>,
}

impl Index {
    /// The index of `site`; `facets` is each record's from [`catalog::build`].
    pub fn new(site: &Site, facets: &[Vec<(usize, usize)>]) -> Index {
        let documents = catalog::documents(site);
        let mut index = Index::with_layout(documents.len(), catalog::translation_lists(site));
        for batch in documents.chunks(BATCH) {
            let analysed: Vec<Analysed> = batch
                .par_iter()
                .map_init(Analyzers::default, |analyzers, d| {
                    analyse(site, *d, facets_of(facets, d.ord), analyzers)
                })
                .collect();
            for a in analysed {
                index.push(a);
            }
        }
        index.sort_terms();
        index
    }

    /// An empty index for `records` records (no translations), to
    /// [`push`](Self::push) them into.
    pub fn with_capacity(records: usize) -> Index {
        Index::with_layout(records, Vec::new())
    }

    /// An empty index for `documents` documents, of which the last are the
    /// translations `translations` lists ([`catalog::translation_lists`]),
    /// to [`push`](Self::push) them into in [`catalog::documents`] order.
    pub fn with_layout(documents: usize, translations: Vec<(String, Vec<u32>)>) -> Index {
        let records = documents;
        Index {
            translations,
            terms: FxHashMap::default(),
            order: Vec::new(),
            sorted: true,
            docs: Vec::with_capacity(records),
            docs_written: 0,
            buckets: Vec::with_capacity(records.div_ceil(DOC_BUCKET)),
            tokens: [0; NUM_FIELDS],
            chars: BTreeMap::new(),
            forms: HashMap::new(),
            vocab: vocabulary::Counts::default(),
            chunk_names: HashMap::new(),
            tags: BTreeMap::new(),
        }
    }

    /// Adds the next document (numbered after those added before).
    pub fn push(&mut self, a: Analysed) {
        let ord = self.docs.len() as u32;
        self.sorted = false;
        self.count(&a, 1);
        for (fi, (norm, by_term, _)) in a.fields.into_iter().enumerate() {
            for (term, positions) in by_term {
                let t = self.terms.entry(term).or_default();
                t.postings[fi].push(&Posting { ord, norm, positions });
            }
        }
        self.docs.push(a.doc_file);
        if self.buckets.len() < self.docs.len().div_ceil(DOC_BUCKET) {
            self.buckets.push(None);
        }
    }

    /// Adds (`sign` 1) or takes away (-1) a record's token counts and
    /// characters.
    pub(super) fn count(&mut self, a: &Analysed, sign: i64) {
        for (fi, (_, _, tokens)) in a.fields.iter().enumerate() {
            self.tokens[fi] = self.tokens[fi].saturating_add_signed(sign * *tokens as i64);
        }
        for c in &a.chars {
            let n = self.chars.entry(*c).or_default();
            *n = n.saturating_add_signed(sign as i32);
            if *n == 0 {
                self.chars.remove(c);
            }
        }
        self.vocab.add(&a.words, sign as i32);
        let n = self.tags.entry(a.tag.clone()).or_default();
        *n = n.saturating_add_signed(sign as i32);
        if *n == 0 {
            self.tags.remove(&a.tag);
        }
        for w in &a.forms {
            let n = self.forms.entry(w.clone()).or_default();
            *n = n.saturating_add_signed(sign as i32);
            if *n == 0 {
                self.forms.remove(w);
            }
        }
    }

    pub(super) fn sort_terms(&mut self) {
        let mut order: Vec<String> = self.terms.keys().cloned().collect();
        order.par_sort_unstable_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
        self.order = order;
        self.sorted = true;
    }

    /// Brings the index, made for `old`, up to date with `new`, re-analysing
    /// only the records whose file or terms changed. `false` when records
    /// were added or removed (every record number after them would shift)
    /// or the schema changed: make a [`new`](Self::new) one then.
    pub fn update(
        &mut self,
        old: (&Site, &[Vec<(usize, usize)>]),
        new: (&Site, &[Vec<(usize, usize)>]),
    ) -> bool {
        let ((old, old_facets), (new, new_facets)) = (old, new);
        let layout = catalog::translation_lists(new);
        if !catalog::same_words_elsewhere(old, new)
            || !old.records.keys().eq(new.records.keys())
            || layout != self.translations
            || self.docs.len() != catalog::documents(new).len()
            || self.docs_written > 0
        {
            return false;
        }
        // Each changed record's documents: its original's and its
        // translations', numbered as the layout (unchanged) numbers them.
        let old_docs = catalog::documents(old);
        let changed: Vec<(u32, catalog::DocRef<'_>, catalog::DocRef<'_>)> = catalog::documents(new)
            .into_iter()
            .zip(old_docs)
            .enumerate()
            .filter(|(_, (n, o))| {
                let ord = n.ord as usize;
                old_facets.get(ord) != new_facets.get(ord)
                    || catalog::doc_changed(o.record, n.record)
            })
            .map(|(doc, (n, o))| (doc as u32, n, o))
            .collect();
        let analysed: Vec<(u32, Analysed, Analysed)> = changed
            .par_iter()
            .map_init(Analyzers::default, |analyzers, (doc, n, o)| {
                let before = analyse(old, *o, facets_of(old_facets, o.ord), analyzers);
                let after = analyse(new, *n, facets_of(new_facets, n.ord), analyzers);
                (*doc, before, after)
            })
            .collect();
        // Per term, the records whose postings of it changed, and their new
        // postings by field. A term of a changed record whose postings are
        // the same (most of a record's words, after an edit elsewhere in
        // it) is left alone, coded chunk and all.
        let mut edits: HashMap<String, (Vec<u32>, [Vec<Posting>; NUM_FIELDS])> = HashMap::new();
        for (ord, before, after) in analysed {
            self.count(&before, -1);
            self.count(&after, 1);
            for (term, (was, now)) in pair_terms(&before, &after) {
                if was == now {
                    continue;
                }
                let (ords, added) = edits.entry(term.to_owned()).or_default();
                ords.push(ord);
                for (fi, p) in now.into_iter().enumerate() {
                    if let Some((norm, positions)) = p {
                        added[fi].push(Posting { ord, norm, positions: positions.to_vec() });
                    }
                }
            }
            self.docs[ord as usize] = after.doc_file;
            if let Some(b) = self.buckets.get_mut(ord as usize / DOC_BUCKET) {
                *b = None;
            }
        }
        let mut terms_changed = false;
        for (term, (ords, mut added)) in edits {
            let t = self.terms.entry(term.clone()).or_insert_with(|| {
                terms_changed = true;
                Term::default()
            });
            for (field, added) in t.postings.iter_mut().zip(&mut added) {
                if field.count == 0 && added.is_empty() {
                    continue;
                }
                let mut postings = field.decode();
                let before = postings.len();
                postings.retain(|p| !ords.contains(&p.ord));
                if before == postings.len() && added.is_empty() {
                    continue;
                }
                postings.append(added);
                postings.sort_by_key(|p| p.ord);
                *field = FieldPostings::from_postings(&postings);
            }
            t.coded = None;
            if t.postings.iter().all(|f| f.count == 0) {
                self.terms.remove(&term);
                terms_changed = true;
            }
        }
        if terms_changed {
            self.sort_terms();
        }
        true
    }
}

/// A record's postings of a term: per field, its norm id and positions.
type Fields<'a> = [Option<(u8, &'a [u32])>; NUM_FIELDS];

fn by_term(a: &Analysed) -> BTreeMap<&str, Fields<'_>> {
    let mut out: BTreeMap<&str, Fields<'_>> = BTreeMap::new();
    for (fi, (norm, terms, _)) in a.fields.iter().enumerate() {
        for (term, positions) in terms {
            out.entry(term.as_str()).or_insert([None; NUM_FIELDS])[fi] = Some((*norm, positions));
        }
    }
    out
}

/// Each term of either of a record's versions: `(term, (before, after))`,
/// with no fields on the side that lacks it.
fn pair_terms<'a>(
    before: &'a Analysed,
    after: &'a Analysed,
) -> Vec<(&'a str, (Fields<'a>, Fields<'a>))> {
    let mut after = by_term(after);
    let mut pairs: Vec<_> = by_term(before)
        .into_iter()
        .map(|(term, was)| (term, (was, after.remove(term).unwrap_or([None; NUM_FIELDS]))))
        .collect();
    pairs.extend(after.into_iter().map(|(term, now)| (term, ([None; NUM_FIELDS], now))));
    pairs
}

/// Record `ord`'s facet values, from [`catalog::build`]'s list.
fn facets_of(facets: &[Vec<(usize, usize)>], ord: u32) -> Vec<(usize, usize)> {
    facets.get(ord as usize).cloned().unwrap_or_default()
}

fn analyse(
    site: &Site,
    d: catalog::DocRef<'_>,
    facets: Vec<(usize, usize)>,
    analyzers: &mut Analyzers,
) -> Analysed {
    let doc = catalog::version_doc(site, d, facets);
    let (tokens, words) = doc.tokens_and_words(analyzers);
    analysed(&doc, &tokens, words, every_form(site))
}

/// Whether the stems table takes every record's words: when a site
/// language has a stemmer but is not English (see [`analysed`]).
pub fn every_form(site: &Site) -> bool {
    site.languages().into_iter().any(|l| {
        let lang = analysis::Lang::from_bcp47(l);
        matches!(lang, analysis::Lang::Stemmed(_)) && lang != analysis::Lang::English
    })
}

/// What a record gives the browser index, from its analysed fields
/// ([`catalog::Doc::tokens`], which the tantivy index takes too) and its
/// words ([`catalog::Doc::words`]).
pub fn analysed(
    doc: &catalog::Doc<'_>,
    fields: &[(&str, Vec<analysis::Token>)],
    words: Vec<String>,
    every_form: bool,
) -> Analysed {
    let mut chars = Vec::new();
    let mut forms = Vec::new();
    // The stems table's words: from every record with text in another
    // language than English (its own or a translation's), and on a site
    // with a stemmed language but English, from every record (`every_form`,
    // [`every_form`]): a query word of an English record (`localised`) has
    // French and Spanish stems on the command line too, which the browser
    // would otherwise guess. None on an English-only site.
    let collect =
        every_form || doc.lang != analysis::Lang::English || !doc.record.translations.is_empty();
    let mut out = Vec::with_capacity(NUM_FIELDS);
    for (text, tokens) in fields {
        if collect {
            analysis::words(text, &mut forms);
        }
        chars.extend(text.chars().filter(|c| !c.is_ascii()).flat_map(char::to_lowercase));
        let norm = FieldNormReader::fieldnorm_to_id(tokens.len() as u32);
        // Grouped by hashing, then only the distinct terms sorted: a body's
        // thousand tokens have a few hundred terms, and sorting every token
        // by its text was a twentieth of a build.
        let mut at: FxHashMap<&str, usize> = FxHashMap::default();
        let mut by_term: Vec<(String, Vec<u32>)> = Vec::new();
        for t in tokens {
            let i = *at.entry(t.term.as_str()).or_insert_with(|| {
                by_term.push((t.term.clone(), Vec::new()));
                by_term.len() - 1
            });
            if let Some((_, positions)) = by_term.get_mut(i) {
                positions.push(t.position);
            }
        }
        by_term.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        for (_, positions) in &mut by_term {
            // Tokens come in position order; this is for any that do not.
            if !positions.is_sorted() {
                positions.sort_unstable();
            }
        }
        out.push((norm, by_term, tokens.len() as u64));
    }
    // Names in a language of their own (a country's, in each site
    // language) are indexed by its rules: the table gives the browser their
    // stems too, also from a record that is English only.
    for (_, name) in &doc.names {
        analysis::words(name, &mut forms);
    }
    chars.sort_unstable();
    chars.dedup();
    forms.sort_unstable();
    forms.dedup();
    let r = doc.record;
    let body: String = doc.shown_body().chars().take(BODY_CHARS).collect();
    let mut doc_file = json!({
        "k": r.key.to_string(),
        "t": doc.shown_title(),
        "s": doc.shown_summary(),
        "z": codec::deflate(&body),
        "l": doc.lang.code(),
        "f": doc.facets,
    });
    // The version's language tag, where the analysis code does not say it
    // (`pt-BR`, `ja`): for the `lang` of a result in another language.
    if doc.tag != doc.lang.code() {
        doc_file["g"] = json!(doc.tag);
    }
    let doc_file = doc_file.to_string();
    Analysed { fields: out, chars, doc_file, forms, words, tag: doc.tag.to_owned() }
}
