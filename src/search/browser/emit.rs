//! Writing the index out: every content file (term and position chunks,
//! record files by bucket, facet lists, the language files), then the
//! scripts and `meta.js`, which names them; as a list of files for `serve`
//! (leaving out those it already has) or streamed to a build's sink.

use std::collections::{BTreeMap, HashMap};

use anyhow::Result;

use super::chunking::{Cutter, concat, mix, shortest_after};
use super::index::{Coded, Index};
use super::meta::{Names, meta};
use super::naming::{content_file, content_hash, content_path, put_file};
use super::scripts::{facets_script, more_script, script, versions_script};
use super::{DIR, DOC_BUCKET, codec, forms, vocab};
use crate::model::Site;
use crate::output::OutputFile;
use crate::search::catalog::{self, Catalog, FacetValue};
use crate::search::vocabulary::Entry;

/// What the files are made of besides the index: the catalog, each
/// record's facet values and range values, the vocabulary's entries.
type Inputs<'a> = (&'a Catalog, &'a [Vec<(usize, usize)>], &'a [Vec<(usize, i64)>], &'a [Entry]);

/// What [`Index::output`] gives.
pub struct Output {
    /// Every file of the index, paths relative to the site root, sorted.
    pub paths: Vec<String>,
    /// The files to write: all but those the caller said it has, content
    /// files before `meta.js`, which names them.
    pub files: Vec<OutputFile>,
}

/// Every file of the browser index, paths relative to the site root.
pub fn files(site: &Site) -> Result<Vec<OutputFile>> {
    let (catalog, facets) = catalog::build(site);
    let mut index = Index::new(site, &facets);
    let ranges = catalog::all_ranges(&catalog, site);
    Ok(index.output(&catalog, &facets, &ranges, &|_| false).files)
}

impl Index {
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

    /// The files of the index. `have(path)` says whether the caller already
    /// has a content-named file (so it is the same bytes): those are named
    /// in [`Output::paths`] but not made again.
    pub fn output(
        &mut self,
        catalog: &Catalog,
        facets: &[Vec<(usize, usize)>],
        ranges: &[Vec<(usize, i64)>],
        have: &dyn Fn(&str) -> bool,
    ) -> Output {
        let mut files: Vec<OutputFile> = Vec::new();
        let entries = self.vocab.entries(&catalog.langs());
        let paths = self.emit((catalog, facets, ranges, &entries), have, false, &mut |f| {
            files.push(f);
            Ok(())
        });
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Output { paths: paths.unwrap_or_default(), files }
    }

    /// Writes the whole index through `sink`, a chunk at a time, dropping
    /// each term's postings once coded and its coded entries once written:
    /// what a build does, which keeps no index to update (at 100,000
    /// records, the coded chunks alone are 150 MB). `entries`: the
    /// vocabulary's, counted by the caller, made once for both indexes.
    pub fn write_out(
        mut self,
        catalog: &Catalog,
        facets: &[Vec<(usize, usize)>],
        ranges: &[Vec<(usize, i64)>],
        entries: &[Entry],
        sink: &dyn Fn(Vec<OutputFile>) -> Result<()>,
    ) -> Result<()> {
        self.emit((catalog, facets, ranges, entries), &|_| false, true, &mut |f| sink(vec![f]))
            .map(drop)
    }

    /// Makes the index's files, handing each to `put` (content files before
    /// `meta.js`, which names them; none the caller said it `have`s), and
    /// returns every file's path, sorted. `consume`: see [`write_out`](Self::write_out).
    fn emit(
        &mut self,
        (catalog, facets, ranges, entries): Inputs<'_>,
        have: &dyn Fn(&str) -> bool,
        consume: bool,
        put: &mut dyn FnMut(OutputFile) -> Result<()>,
    ) -> Result<Vec<String>> {
        if !self.sorted {
            self.sort_terms();
        }
        // Terms are coded a window at a time and each chunk written once
        // cut, so that a build never holds every coded entry at once.
        let mut out = Chunks::default();
        let mut cutter = Cutter::default();
        let n = self.order.len();
        let mut w = 0;
        while w < n {
            let end = self.code_window(w);
            self.code_terms(w..end, consume);
            for i in w..end {
                let term = &self.order[i];
                let coded = self.terms.get(term).and_then(|t| t.coded.as_ref());
                let (len, alone) = coded.map_or((0, false), |c| (c.entry.len(), c.full.is_some()));
                if let Some(range) = cutter.next(i, term, len, alone) {
                    self.put_chunk(range, &mut out, have, consume, put)?;
                }
            }
            w = end;
        }
        if let Some(range) = cutter.finish(n) {
            self.put_chunk(range, &mut out, have, consume, put)?;
        }
        let Chunks { mut names, mut paths, chunk_names } = out;
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
        for (i, data) in range_files(catalog, ranges).into_iter().enumerate() {
            let hash = content_hash([data.as_bytes()]);
            let name = format!("r{i}-{hash}");
            paths.push(content_path(&name));
            put_file(put, have, name, &data)?;
            names.ranges.push(hash);
        }

        let (mut languages, lang_paths) =
            forms::emit(&self.forms, &self.chars, &catalog.languages, have, put)?;
        paths.extend(lang_paths);
        // Field labels as filter names (`situacao:`), in a file of their own
        // that a query with a colon loads with `search/more.js`: a
        // multilingual site's would weigh on every first search in meta.js.
        if !catalog.field_labels.is_empty() {
            let data = serde_json::to_string(&catalog.field_labels).unwrap_or_else(|_| "{}".into());
            let hash = content_hash([data.as_bytes()]);
            let name = format!("l{hash}");
            paths.push(content_path(&name));
            put_file(put, have, name, &data)?;
            languages.push(("lh", serde_json::json!(hash)));
        }
        if let Some((root, vocab_paths)) = vocab::emit(entries, have, put)? {
            languages.push(("vw", root));
            paths.extend(vocab_paths);
        }
        if let Some(cv) = super::meta::covered(&catalog.site_languages, self.tags.keys()) {
            languages.push(("cv", cv));
        }
        let script = OutputFile::new(format!("{DIR}/search.js"), script());
        let meta = OutputFile::new(
            format!("{DIR}/meta.js"),
            format!(
                "CSI(\"meta\",{});\n",
                meta(catalog, &names, &self.tokens, &self.chars, &self.translations, languages)
            ),
        );
        let facets = OutputFile::new(format!("{DIR}/facets.js"), facets_script());
        let more = OutputFile::new(format!("{DIR}/more.js"), more_script());
        paths.extend([meta.path.clone(), script.path.clone(), facets.path.clone()]);
        paths.push(more.path.clone());
        put(facets)?;
        put(more)?;
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

    /// Writes the chunk of the terms `range` of [`order`](Self::order)
    /// (coded), noting its name and paths in `out`; `consume` drops its
    /// terms' coded entries once written.
    fn put_chunk(
        &mut self,
        range: std::ops::Range<usize>,
        out: &mut Chunks,
        have: &dyn Fn(&str) -> bool,
        consume: bool,
        put: &mut dyn FnMut(OutputFile) -> Result<()>,
    ) -> Result<()> {
        let coded: Vec<&Coded> = self.order[range.clone()]
            .iter()
            .filter_map(|t| self.terms.get(t)?.coded.as_ref())
            .collect();
        let id = coded.iter().fold(range.len() as u64, |h, c| mix(h ^ c.id));
        let prev = if range.start == 0 { "" } else { &self.order[range.start - 1] };
        out.names.boundaries.push(shortest_after(prev, &self.order[range.start]));
        // A chunk's files share one name, hashed over the terms (`t`),
        // their positions (`p`) and, for a term with a head (alone in its
        // chunk), its whole postings (`u`); its bands' postings (`bN-`)
        // are not hashed, being what the head lists picked out of `u`.
        let full = coded.iter().find_map(|c| c.full.as_deref());
        let bands: &[String] = coded.iter().find(|c| c.full.is_some()).map_or(&[], |c| &c.bands);
        let cached = self.chunk_names.get(&id).filter(|h| {
            have(&content_path(&format!("t{h}")))
                && have(&content_path(&format!("p{h}")))
                && (full.is_none() || have(&content_path(&format!("u{h}"))))
                && (0..bands.len()).all(|b| have(&content_path(&format!("b{b}-{h}"))))
        });
        let h = match cached {
            Some(h) => h.clone(),
            None => {
                let t_data = format!("[{}]", concat(coded.iter().map(|c| c.entry.as_str())));
                let p_data = format!("[{}]", concat(coded.iter().map(|c| c.positions.as_str())));
                let u_data = full.unwrap_or("");
                let h = content_hash([t_data.as_bytes(), p_data.as_bytes(), u_data.as_bytes()]);
                if full.is_some() {
                    put_file(put, have, format!("u{h}"), u_data)?;
                }
                for (b, data) in bands.iter().enumerate() {
                    put_file(put, have, format!("b{b}-{h}"), data)?;
                }
                for (name, data) in [(format!("t{h}"), t_data), (format!("p{h}"), p_data)] {
                    put_file(put, have, name, &data)?;
                }
                h
            }
        };
        if full.is_some() {
            out.paths.push(content_path(&format!("u{h}")));
        }
        out.paths.extend((0..bands.len()).map(|b| content_path(&format!("b{b}-{h}"))));
        if consume {
            for term in &self.order[range] {
                if let Some(t) = self.terms.get_mut(term) {
                    t.coded = None;
                }
            }
        }
        out.paths.push(content_path(&format!("t{h}")));
        out.paths.push(content_path(&format!("p{h}")));
        out.names.postings.push(h.clone());
        out.chunk_names.insert(id, h);
        Ok(())
    }
}

/// The chunks written so far: their names for `meta.js`, their paths, and
/// their names by the ids of their terms (see [`Index::chunk_names`]).
#[derive(Default)]
struct Chunks {
    names: Names,
    paths: Vec<String>,
    chunk_names: HashMap<u64, String>,
}

/// Per facet field: for each of its values (catalog order), the records
/// with it (see [`codec::encode_records`]).
pub(super) fn facet_files(catalog: &Catalog, per_doc: &[Vec<(usize, usize)>]) -> Vec<String> {
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
        .zip(&catalog.facets)
        .map(|(values, facet)| {
            let mut parts: Vec<String> =
                values.iter().map(|ords| format!("\"{}\"", codec::encode_records(ords))).collect();
            // Then the values' other names and members, where any has them:
            // `{"a": [[value number, [names]]], "m": [[value number, [members]]]}`.
            let named = |pick: fn(&FacetValue) -> &Vec<String>| -> Vec<serde_json::Value> {
                let with = facet.values.iter().enumerate().filter(|(_, v)| !pick(v).is_empty());
                with.map(|(vi, v)| serde_json::json!([vi, pick(v)])).collect()
            };
            let (aliases, members) = (named(|v| &v.aliases), named(|v| &v.members));
            if !aliases.is_empty() || !members.is_empty() {
                parts.push(serde_json::json!({"a": aliases, "m": members}).to_string());
            }
            format!("[{}]", parts.join(","))
        })
        .collect()
}

/// Per range field: each value records have, ascending, with the records
/// that have it (`[[value, "records"], …]`, records as in facet files).
pub(super) fn range_files(catalog: &Catalog, per_record: &[Vec<(usize, i64)>]) -> Vec<String> {
    let mut by_value: Vec<BTreeMap<i64, Vec<u32>>> = vec![BTreeMap::new(); catalog.ranges.len()];
    for (ord, values) in per_record.iter().enumerate() {
        for (fi, v) in values {
            if let Some(f) = by_value.get_mut(*fi) {
                let ords = f.entry(*v).or_default();
                if ords.last() != Some(&(ord as u32)) {
                    ords.push(ord as u32);
                }
            }
        }
    }
    by_value
        .into_iter()
        .map(|values| {
            let pairs: Vec<String> = values
                .iter()
                .map(|(v, ords)| format!("[{v},\"{}\"]", codec::encode_records(ords)))
                .collect();
            format!("[{}]", pairs.join(","))
        })
        .collect()
}
