//! The browser index: what `search/index.html` loads to search with no
//! server, under `file://` as on a web host.
//!
//! `fetch` and module scripts are blocked under `file://`, so every file is
//! a classic script that hands its data to a global callback,
//! `CSI(name, data)`, defined by `search.js`. The index is split so that a
//! query loads only what it needs:
//!
//! - `search/meta.js` (fixed name, small): collections, facets, field
//!   statistics for BM25, ASCII-folding table, the first term of each
//!   chunk, and the names of every other file;
//! - `search/i/tHASH.js`: term chunks, terms in sorted order, each with its
//!   postings per field (record, term frequency, field-norm id: all BM25
//!   needs, so the browser ranks exactly as tantivy does);
//! - `search/i/pHASH.js`: the positions of the same terms, loaded only for
//!   phrases;
//! - `search/i/dN-HASH.js`: one file per document (title, key, summary,
//!   deflated body text for snippets, facet values), loaded only for the
//!   hits shown; `HASH` is that of the records' bucket (records
//!   `N / DOC_BUCKET`), so `meta.js` names them in a few bytes;
//! - `search/i/fN-HASH.js`: records per value of facet field N, loaded when
//!   filters are used or shown.
//!
//! Every file but `meta.js` and `search.js` is named by a hash of its
//! contents, so a host may cache them forever, and a change to a record
//! renames only the files it touches: chunk boundaries depend on the terms
//! around them, not on how full the chunks before them are (content-defined
//! chunking), so an edit does not shift every later chunk. [`Index`] keeps
//! the postings between changes for `serve`, which updates them record by
//! record; [`files`] is the whole index at once, and an updated [`Index`]
//! gives the same bytes as a fresh one. Pure: `(&Site) → files`.
//!
//! Documents are language versions ([`catalog::documents`]): document `N`
//! below the number of records is record `N`'s original, so a site without
//! translations has the index it always had; translations follow, and
//! `meta.js` then gives, per language, the records translated into it
//! (`tr`), which tells `search.js` each translation document's record and
//! each record's version in a page's language. With more than one site
//! language, `meta.js` also lists them (`sl`, the default first), for the
//! urls of each language's pages, and the site gets `search/versions.js`
//! (the version rules), which `search.js` loads only then: a one-language
//! site's first search loads none of it.

mod codec;
mod forms;

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};

use anyhow::Result;
use rayon::prelude::*;
use serde_json::json;
use sha2::{Digest, Sha256};
use tantivy::fieldnorm::FieldNormReader;

use self::codec::{FieldPostings, Posting, TermPostings};
use crate::model::Site;
use crate::output::OutputFile;
use crate::search::analysis::{self, Analyzers};
use crate::search::catalog::{self, Catalog};
use crate::search::schema::TEXT_FIELDS;
use crate::search::spelling;

/// Folder of the browser index in the site.
pub const DIR: &str = "search";

/// Folder of its content-named files.
const FILES: &str = "search/i";

/// A chunk holds at least this many bytes of postings before a term may
/// start the next one.
pub const CHUNK_MIN: usize = 6_000;

/// Past [`CHUNK_MIN`], a term starts a new chunk with a probability of its
/// entry's bytes over this, decided by a hash of the term (so the same terms
/// cut the same chunks): chunks average about `CHUNK_MIN + CHUNK_BYTES`.
pub const CHUNK_BYTES: usize = 6_000;

/// A term whose entry alone is this large gets a chunk of its own.
pub const CHUNK_ALONE: usize = 12_000;

/// No chunk grows past this many bytes but by a term of its own.
pub const CHUNK_MAX: usize = 24_000;

/// Most characters of a body kept in a record's file, for snippets.
pub const BODY_CHARS: usize = 20_000;

/// Records per name hash of their files.
pub const DOC_BUCKET: usize = 64;

/// Records analysed per parallel batch.
const BATCH: usize = 512;

/// Hex digits of a content hash in a file name (40 bits: no two files of a
/// site, nor a file and an old one a browser cached, share a name).
const NAME_HEX: usize = 10;

pub(crate) const NUM_FIELDS: usize = TEXT_FIELDS.len();

/// One field of a record: its field-norm id, its terms with their
/// positions, and its number of tokens.
type AnalysedField = (u8, Vec<(String, Vec<u32>)>, u64);

/// What one record contributes to the browser index.
pub struct Analysed {
    fields: Vec<AnalysedField>,
    /// Its non-ASCII characters, lowercased, sorted, once each.
    chars: Vec<char>,
    /// The data of its record file.
    doc_file: String,
    /// Its folded words, if not written in English, sorted, once each
    /// (for the stems table, [`forms`]).
    forms: Vec<String>,
}

/// A term's postings, and its entries in a chunk once coded.
#[derive(Default)]
struct Term {
    postings: TermPostings,
    coded: Option<Coded>,
}

struct Coded {
    /// `"term","postings",` in a postings chunk.
    entry: String,
    /// `"positions",` in a positions chunk.
    positions: String,
    /// Hash of both, within this process: chunks whose terms' hashes are
    /// unchanged need not be hashed again.
    id: u64,
}

/// The browser index of a site, kept so that it can follow changes.
pub struct Index {
    terms: HashMap<String, Term>,
    /// Every term, in UTF-16 order (how JavaScript compares strings), once
    /// sorted: `false` after a [`push`](Self::push).
    order: Vec<String>,
    sorted: bool,
    /// Each record's file data, by record number (emptied once written, for
    /// the first `docs_written`).
    docs: Vec<String>,
    /// How many records' files [`take_written_docs`](Self::take_written_docs)
    /// handed out already (whole buckets).
    docs_written: usize,
    /// Each bucket's name hash; `None` once one of its records changed.
    buckets: Vec<Option<String>>,
    tokens: [u64; NUM_FIELDS],
    /// Non-ASCII characters of the content, with how many records hold each.
    chars: BTreeMap<char, u32>,
    /// Words of the records not in English, with how many records hold each.
    forms: HashMap<String, u32>,
    /// The names of the last output's chunks, by the ids of their terms.
    chunk_names: HashMap<u64, (String, String)>,
    /// Per language, the records translated into it
    /// ([`catalog::translation_lists`]): the translation documents, in order.
    translations: Vec<(String, Vec<u32>)>,
}

/// What [`Index::output`] gives.
pub struct Output {
    /// Every file of the index, paths relative to the site root, sorted.
    pub paths: Vec<String>,
    /// The files to write: all but those the caller said it has, content
    /// files before `meta.js`, which names them.
    pub files: Vec<OutputFile>,
}

/// The names `meta.js` gives the content files.
struct Names {
    boundaries: Vec<String>,
    postings: Vec<String>,
    positions: Vec<String>,
    buckets: Vec<String>,
    facets: Vec<String>,
}

/// Every file of the browser index, paths relative to the site root.
pub fn files(site: &Site) -> Result<Vec<OutputFile>> {
    let (catalog, facets) = catalog::build(site);
    let mut index = Index::new(site, &facets);
    Ok(index.output(&catalog, &facets, &|_| false).files)
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
            terms: HashMap::new(),
            order: Vec::new(),
            sorted: true,
            docs: Vec::with_capacity(records),
            docs_written: 0,
            buckets: Vec::with_capacity(records.div_ceil(DOC_BUCKET)),
            tokens: [0; NUM_FIELDS],
            chars: BTreeMap::new(),
            forms: HashMap::new(),
            chunk_names: HashMap::new(),
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

    /// The files of the records added since the last call, for every whole
    /// bucket (and, when `last`, the final partial one), so that a build
    /// writes them at once instead of holding every record's text: their
    /// data is dropped from the index, which then can no longer
    /// [`update`](Self::update).
    pub fn take_written_docs(&mut self, last: bool) -> Vec<OutputFile> {
        let mut files = Vec::new();
        while self.docs_written < self.docs.len() {
            let end = (self.docs_written + DOC_BUCKET).min(self.docs.len());
            if end - self.docs_written < DOC_BUCKET && !last {
                break;
            }
            let b = self.docs_written / DOC_BUCKET;
            let hash = self.bucket_hash(b).to_owned();
            for ord in self.docs_written..end {
                let data = std::mem::take(&mut self.docs[ord]);
                files.push(content_file(format!("d{ord}-{hash}"), &data));
            }
            self.docs_written = end;
        }
        files
    }

    /// The name hash of bucket `b`, computed once.
    fn bucket_hash(&mut self, b: usize) -> &str {
        let first = b * DOC_BUCKET;
        let docs = &self.docs[first..(first + DOC_BUCKET).min(self.docs.len())];
        self.buckets[b].get_or_insert_with(|| {
            let ords: Vec<String> = (first..first + docs.len()).map(|o| o.to_string()).collect();
            content_hash(ords.iter().zip(docs).flat_map(|(o, d)| [o.as_bytes(), d.as_bytes()]))
        })
    }

    /// Adds (`sign` 1) or takes away (-1) a record's token counts and
    /// characters.
    fn count(&mut self, a: &Analysed, sign: i64) {
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
        for w in &a.forms {
            let n = self.forms.entry(w.clone()).or_default();
            *n = n.saturating_add_signed(sign as i32);
            if *n == 0 {
                self.forms.remove(w);
            }
        }
    }

    fn sort_terms(&mut self) {
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
        if old.schema != new.schema
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

    /// The files of the index. `have(path)` says whether the caller already
    /// has a content-named file (so it is the same bytes): those are named
    /// in [`Output::paths`] but not made again.
    pub fn output(
        &mut self,
        catalog: &Catalog,
        facets: &[Vec<(usize, usize)>],
        have: &dyn Fn(&str) -> bool,
    ) -> Output {
        let mut files: Vec<OutputFile> = Vec::new();
        let paths = self.emit(catalog, facets, have, false, &mut |f| {
            files.push(f);
            Ok(())
        });
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Output { paths: paths.unwrap_or_default(), files }
    }

    /// Writes the whole index through `sink`, a chunk at a time, dropping
    /// each term's postings once coded and its coded entries once written:
    /// what a build does, which keeps no index to update (at 100,000
    /// records, the coded chunks alone are 150 MB).
    pub fn write_out(
        mut self,
        catalog: &Catalog,
        facets: &[Vec<(usize, usize)>],
        sink: &dyn Fn(Vec<OutputFile>) -> Result<()>,
    ) -> Result<()> {
        self.emit(catalog, facets, &|_| false, true, &mut |f| sink(vec![f])).map(drop)
    }

    /// Makes the index's files, handing each to `put` (content files before
    /// `meta.js`, which names them; none the caller said it `have`s), and
    /// returns every file's path, sorted. `consume`: see [`write_out`](Self::write_out).
    fn emit(
        &mut self,
        catalog: &Catalog,
        facets: &[Vec<(usize, usize)>],
        have: &dyn Fn(&str) -> bool,
        consume: bool,
        put: &mut dyn FnMut(OutputFile) -> Result<()>,
    ) -> Result<Vec<String>> {
        if !self.sorted {
            self.sort_terms();
        }
        self.code_terms(consume);
        let mut paths: Vec<String> = Vec::new();
        let mut names = Names {
            boundaries: Vec::new(),
            postings: Vec::new(),
            positions: Vec::new(),
            buckets: Vec::new(),
            facets: Vec::new(),
        };

        let mut chunk_names = HashMap::new();
        for range in self.chunks() {
            let coded: Vec<&Coded> = self.order[range.clone()]
                .iter()
                .filter_map(|t| self.terms[t].coded.as_ref())
                .collect();
            let id = coded.iter().fold(range.len() as u64, |h, c| mix(h ^ c.id));
            let prev = if range.start == 0 { "" } else { &self.order[range.start - 1] };
            names.boundaries.push(shortest_after(prev, &self.order[range.start]));
            let cached = self.chunk_names.get(&id).filter(|(t, p)| {
                have(&content_path(&format!("t{t}"))) && have(&content_path(&format!("p{p}")))
            });
            let (t, p) = match cached {
                Some(names) => names.clone(),
                None => {
                    let t_data = format!("[{}]", concat(coded.iter().map(|c| c.entry.as_str())));
                    let p_data =
                        format!("[{}]", concat(coded.iter().map(|c| c.positions.as_str())));
                    let (t, p) =
                        (content_hash([t_data.as_bytes()]), content_hash([p_data.as_bytes()]));
                    for (name, data) in [(format!("t{t}"), t_data), (format!("p{p}"), p_data)] {
                        put_file(put, have, name, &data)?;
                    }
                    (t, p)
                }
            };
            if consume {
                for term in &self.order[range] {
                    if let Some(t) = self.terms.get_mut(term) {
                        t.coded = None;
                    }
                }
            }
            paths.push(content_path(&format!("t{t}")));
            paths.push(content_path(&format!("p{p}")));
            names.postings.push(t.clone());
            names.positions.push(p.clone());
            chunk_names.insert(id, (t, p));
        }
        self.chunk_names = chunk_names;

        for b in 0..self.docs.len().div_ceil(DOC_BUCKET) {
            let first = b * DOC_BUCKET;
            let end = (first + DOC_BUCKET).min(self.docs.len());
            let hash = self.bucket_hash(b).to_owned();
            for ord in first..end {
                let name = format!("d{ord}-{hash}");
                paths.push(content_path(&name));
                if ord >= self.docs_written {
                    put_file(put, have, name, &self.docs[ord])?;
                }
            }
            names.buckets.push(hash);
        }

        for (i, data) in facet_files(catalog, facets).into_iter().enumerate() {
            let hash = content_hash([data.as_bytes()]);
            let name = format!("f{i}-{hash}");
            paths.push(content_path(&name));
            put_file(put, &|_| false, name, &data)?;
            names.facets.push(hash);
        }

        let (languages, lang_paths) =
            forms::emit(&self.forms, &self.chars, &catalog.languages, have, put)?;
        paths.extend(lang_paths);
        let script = OutputFile::new(format!("{DIR}/search.js"), script());
        let meta = OutputFile::new(
            format!("{DIR}/meta.js"),
            format!(
                "CSI(\"meta\",{});\n",
                meta(catalog, &names, &self.tokens, &self.chars, &self.translations, languages)
            ),
        );
        let facets = OutputFile::new(format!("{DIR}/facets.js"), facets_script());
        paths.extend([meta.path.clone(), script.path.clone(), facets.path.clone()]);
        put(facets)?;
        if catalog.site_languages.len() > 1 || !self.translations.is_empty() {
            let versions = OutputFile::new(format!("{DIR}/versions.js"), versions_script());
            paths.push(versions.path.clone());
            put(versions)?;
        }
        put(meta)?;
        put(script)?;
        paths.sort();
        paths.dedup();
        Ok(paths)
    }

    /// Codes every term not coded since it last changed; `consume` drops
    /// each term's postings once coded.
    fn code_terms(&mut self, consume: bool) {
        self.terms.par_iter_mut().filter(|(_, t)| t.coded.is_none()).for_each(|(term, t)| {
            let (postings, positions) = codec::encode_term(&t.postings);
            let entry = format!("{},\"{postings}\",", js_string(term));
            let positions = format!("\"{positions}\",");
            let mut h = std::hash::DefaultHasher::new();
            (&entry, &positions).hash(&mut h);
            t.coded = Some(Coded { entry, positions, id: h.finish() });
            if consume {
                t.postings = TermPostings::default();
            }
        });
    }

    /// The chunks, as ranges of [`order`](Self::order). Where a chunk ends
    /// depends on its own terms only (their entries' sizes and hashes), so
    /// that changing one term moves at most the boundaries next to it.
    fn chunks(&self) -> Vec<std::ops::Range<usize>> {
        let len = |i: usize| self.terms[&self.order[i]].coded.as_ref().map_or(0, |c| c.entry.len());
        let mut out = Vec::new();
        let (mut start, mut bytes) = (0, 0);
        for i in 0..self.order.len() {
            let n = len(i);
            let cut = i > 0
                && (n >= CHUNK_ALONE
                    || len(i - 1) >= CHUNK_ALONE
                    || bytes + n > CHUNK_MAX
                    || (bytes >= CHUNK_MIN && cuts(&self.order[i], n)));
            if cut {
                out.push(start..i);
                (start, bytes) = (i, 0);
            }
            bytes += n;
        }
        if start < self.order.len() {
            out.push(start..self.order.len());
        }
        out
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

/// Whether `term`, whose entry has `bytes` bytes, starts a chunk (past the
/// smallest size): with a probability of `bytes / CHUNK_BYTES`, by a hash of
/// the term that is the same on every machine and in every version.
fn cuts(term: &str, bytes: usize) -> bool {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in term.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    let h = mix(h) >> 32;
    h * (CHUNK_BYTES as u64) < (bytes as u64) << 32
}

/// A 64-bit finaliser (splitmix64's).
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

fn concat<'a>(parts: impl Iterator<Item = &'a str>) -> String {
    let mut s: String = parts.collect();
    if s.ends_with(',') {
        s.pop();
    }
    s
}

fn content_path(name: &str) -> String {
    format!("{FILES}/{name}.js")
}

/// The first [`NAME_HEX`] hex digits of the SHA-256 of `parts`.
fn content_hash<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> String {
    let mut hasher = Sha256::new();
    for p in parts {
        hasher.update((p.len() as u64).to_le_bytes());
        hasher.update(p);
    }
    let digest = hasher.finalize();
    let mut s: String =
        digest.iter().take(NAME_HEX.div_ceil(2)).map(|b| format!("{b:02x}")).collect();
    s.truncate(NAME_HEX);
    s
}

fn put_file(
    put: &mut dyn FnMut(OutputFile) -> Result<()>,
    have: &dyn Fn(&str) -> bool,
    name: String,
    data: &str,
) -> Result<()> {
    if have(&content_path(&name)) {
        return Ok(());
    }
    put(content_file(name, data))
}

/// The content file `name`: its data, wrapped in the call that hands it to
/// `search.js` (files opened from disk cannot be fetched, only loaded as
/// scripts).
fn content_file(name: String, data: &str) -> OutputFile {
    OutputFile::new(content_path(&name), format!("CSI(\"{name}\",{data});\n"))
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
    analysed(&doc, &doc.tokens(analyzers))
}

/// What a record gives the browser index, from its analysed fields
/// ([`catalog::Doc::tokens`], which the tantivy index takes too).
pub fn analysed(doc: &catalog::Doc<'_>, fields: &[(&str, Vec<analysis::Token>)]) -> Analysed {
    let mut chars = Vec::new();
    let mut forms = Vec::new();
    // The stems table's words: from every record with text in another
    // language than English (its own or a translation's), none on an
    // English-only site.
    let collect = doc.lang != analysis::Lang::English || !doc.record.translations.is_empty();
    let mut out = Vec::with_capacity(NUM_FIELDS);
    for (text, tokens) in fields {
        if collect {
            analysis::words(text, &mut forms);
        }
        chars.extend(text.chars().filter(|c| !c.is_ascii()).flat_map(char::to_lowercase));
        let norm = FieldNormReader::fieldnorm_to_id(tokens.len() as u32);
        let mut by_term: HashMap<&str, Vec<u32>> = HashMap::new();
        for t in tokens {
            by_term.entry(t.term.as_str()).or_default().push(t.position);
        }
        let mut by_term: Vec<(String, Vec<u32>)> = by_term
            .into_iter()
            .map(|(t, mut p)| {
                p.sort_unstable();
                (t.to_owned(), p)
            })
            .collect();
        by_term.sort();
        out.push((norm, by_term, tokens.len() as u64));
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
    Analysed { fields: out, chars, doc_file, forms }
}

/// Per facet field: for each of its values (catalog order), the records
/// with it (see [`codec::encode_records`]).
fn facet_files(catalog: &Catalog, per_doc: &[Vec<(usize, usize)>]) -> Vec<String> {
    let mut lists: Vec<Vec<Vec<u32>>> =
        catalog.facets.iter().map(|f| vec![Vec::new(); f.values.len()]).collect();
    for (ord, facets) in per_doc.iter().enumerate() {
        for (fi, vi) in facets {
            if let Some(l) = lists.get_mut(*fi).and_then(|f| f.get_mut(*vi)) {
                l.push(ord as u32);
            }
        }
    }
    lists
        .into_iter()
        .map(|values| {
            let encoded: Vec<String> =
                values.iter().map(|ords| format!("\"{}\"", codec::encode_records(ords))).collect();
            format!("[{}]", encoded.join(","))
        })
        .collect()
}

/// The shortest prefix of `term` (whole characters) that sorts after
/// `prev`, in UTF-16 order; chunk boundaries need no more.
fn shortest_after(prev: &str, term: &str) -> String {
    let mut p = String::new();
    for c in term.chars() {
        p.push(c);
        if p.encode_utf16().cmp(prev.encode_utf16()) == std::cmp::Ordering::Greater {
            return p;
        }
    }
    term.to_owned()
}

fn js_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn meta(
    catalog: &Catalog,
    names: &Names,
    total_tokens: &[u64; NUM_FIELDS],
    fold_chars: &BTreeMap<char, u32>,
    translations: &[(String, Vec<u32>)],
    languages: Vec<(&str, serde_json::Value)>,
) -> String {
    // Folding table: what queries are likely to hold (Latin letters with
    // accents, super- and subscripts, number forms, ligatures), plus every
    // other non-ASCII character of the content.
    let mut fold = String::new();
    let typed = [
        '\u{a0}'..='\u{24f}',
        '\u{1e00}'..='\u{1eff}',
        '\u{2070}'..='\u{209f}',
        '\u{2150}'..='\u{218f}',
        '\u{fb00}'..='\u{fb06}',
    ];
    let mut all: std::collections::BTreeSet<char> =
        typed.into_iter().flatten().flat_map(char::to_lowercase).collect();
    all.extend(fold_chars.keys().copied());
    let mut pairs: Vec<(String, String)> = Vec::new();
    for c in all {
        let f = analysis::fold_char(c);
        if f != c.to_string() {
            pairs.push((c.to_string(), f));
        }
    }
    for (c, f) in &pairs {
        fold.push_str(c);
        fold.push_str(f);
        fold.push(' ');
    }
    let facets: Vec<serde_json::Value> = catalog
        .facets
        .iter()
        .map(|f| {
            let values: Vec<serde_json::Value> =
                f.values.iter().map(|v| json!([v.value, v.label, v.count])).collect();
            json!([f.field, f.label, values])
        })
        .collect();
    let collections: Vec<serde_json::Value> = catalog
        .collections
        .iter()
        .map(|c| json!([c.name, c.title, c.singular, c.first, c.count]))
        .collect();
    let fields: Vec<serde_json::Value> = TEXT_FIELDS.iter().map(|(n, b)| json!([n, b])).collect();
    let pairs: Vec<[&str; 2]> = spelling::PAIRS.iter().map(|(b, a)| [*b, *a]).collect();
    let mut meta = json!({
        "v": catalog::FORMAT,
        "n": catalog.documents,
        "fields": fields,
        "tokens": total_tokens,
        "langs": catalog.languages,
        "fold": fold,
        "pairs": pairs,
        "collections": collections,
        "facets": facets,
        "chunks": names.boundaries,
        "th": names.postings,
        "ph": names.positions,
        "db": DOC_BUCKET,
        "dh": names.buckets,
        "fh": names.facets,
    });
    // Only multilingual sites carry these, so that a one-language site's
    // first query loads no more than before.
    if !translations.is_empty() {
        meta["tr"] = translations
            .iter()
            .map(|(lang, ords)| json!([lang, codec::encode_records(ords)]))
            .collect();
    }
    if catalog.site_languages.len() > 1 || !translations.is_empty() {
        meta["sl"] = json!(catalog.site_languages);
    }
    if let Some(m) = meta.as_object_mut() {
        m.extend(languages.into_iter().map(|(k, v)| (k.to_owned(), v)));
    }
    meta.to_string()
}

/// The browser search script, as the theme ships it.
pub const SCRIPT: &str = include_str!("../../themes/default/assets/search.js");

/// The version rules of a site with several languages, which `search.js`
/// loads from `search/versions.js` only on such a site.
pub const VERSIONS_SCRIPT: &str = include_str!("../../themes/default/assets/search-versions.js");

/// The filter panel of the search page, which `search.js` loads from
/// `search/facets.js` when the panel is first opened: a first search
/// downloads none of it.
pub const FACETS_SCRIPT: &str = include_str!("../../themes/default/assets/search-facets.js");

/// [`SCRIPT`] minified and mangled with oxc: it is part of what a first
/// visit downloads, so every byte counts. Falls back to the source if oxc
/// cannot parse it (a test makes sure it can).
pub fn script() -> String {
    static MINIFIED: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    MINIFIED.get_or_init(|| minify(SCRIPT)).clone()
}

/// [`VERSIONS_SCRIPT`] minified, likewise.
pub fn versions_script() -> String {
    static MINIFIED: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    MINIFIED.get_or_init(|| minify(VERSIONS_SCRIPT)).clone()
}

/// [`FACETS_SCRIPT`] minified, likewise.
pub fn facets_script() -> String {
    static MINIFIED: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    MINIFIED.get_or_init(|| minify(FACETS_SCRIPT)).clone()
}

/// `source` minified and mangled (itself if oxc cannot parse it).
fn minify(source: &str) -> String {
    use oxc_minifier::{CompressOptions, MangleOptions, Minifier, MinifierOptions};
    let allocator = oxc_allocator::Allocator::default();
    let parsed = oxc_parser::Parser::new(&allocator, source, oxc_span::SourceType::cjs()).parse();
    if !parsed.errors.is_empty() {
        return source.to_owned();
    }
    let mut program = parsed.program;
    let options = MinifierOptions {
        mangle: Some(MangleOptions::default()),
        compress: Some(CompressOptions::safest()),
    };
    let ret = Minifier::new(options).minify(&allocator, &mut program);
    let code = oxc_codegen::Codegen::new()
        .with_options(oxc_codegen::CodegenOptions::minify())
        .with_scoping(ret.scoping)
        .build(&program)
        .code;
    format!("{code}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_scripts_minify() {
        for (source, minified) in [
            (SCRIPT, script()),
            (VERSIONS_SCRIPT, versions_script()),
            (FACETS_SCRIPT, facets_script()),
        ] {
            assert!(minified.len() < source.len() * 2 / 3, "oxc did not minify a script");
        }
        for v in [versions_script(), facets_script()] {
            assert!(v.starts_with("CSI(") && v[4..].starts_with(['"', '\'', '`']), "{v}");
        }
    }

    #[test]
    fn boundaries_are_short() {
        assert_eq!(shortest_after("", "apple"), "a");
        assert_eq!(shortest_after("apple", "apricot"), "apr");
        assert_eq!(shortest_after("ab", "abc"), "abc");
    }
}
