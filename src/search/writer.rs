//! Writes the tantivy index of a site into a folder (the caller's staging
//! folder): one `IndexWriter`, one commit, then the catalog beside it.
//!
//! Documents are analysed in parallel, batch by batch, and indexed in
//! record order by one tantivy thread, with no merges in the background,
//! so that the same records give the same segments; [`settle`] then names
//! each segment after what it holds (tantivy names them with random
//! UUIDs), and the index is the same bytes from build to build, as the
//! site is. (Two indexing threads took the records as they were scheduled:
//! the same documents, split differently between segments each build.)
//!
//! [`settle`]: crate::search::settle

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

use anyhow::{Context, Result};
use rayon::prelude::*;
use tantivy::index::SegmentId;
use tantivy::schema::Facet;
use tantivy::{DateTime, Index, IndexWriter, TantivyDocument};

use crate::model::{Site, Value};
use crate::output::{self, OutputFile};
use crate::search::analysis::{self, Analyzers, TOKENIZER, TermStreamTokenizer, Token};
use crate::search::browser;
use crate::search::catalog::{self, Catalog, Doc};
use crate::search::guard;
use crate::search::schema::{self, Fields};
use crate::search::vocabulary;

/// Records analysed per parallel batch: bounds memory on large sites.
const BATCH: usize = 256;

/// Indexing memory, shared by the indexing threads; tantivy flushes a
/// segment when a thread's share is used up. A flush briefly needs about
/// as much again, at the end of a build when the browser index's postings
/// are largest, so the budget is small: 5 segments at 10,000 records (2
/// with 200 MB), searched as fast, and 70 MB off the peak at 100,000.
const MEMORY_BUDGET: usize = 40_000_000;

/// Indexing threads for a whole index: one, so that records reach the
/// segments in order (see the module's comment).
const INDEX_THREADS: usize = 1;

/// Registers the analysis on an index, under the name the schema uses.
pub fn register(index: &Index) {
    index.tokenizers().register(
        TOKENIZER,
        tantivy::tokenizer::TextAnalyzer::from(TermStreamTokenizer::default()),
    );
}

/// Writes the index of `site` into the folder `dir` (empty or missing).
pub fn write(site: &Site, dir: &Path) -> Result<()> {
    write_indexes(site, dir, None)
}

/// Where the browser index's files go as they are made.
pub type Sink<'a> = &'a (dyn Fn(Vec<OutputFile>) -> Result<()> + Sync);

/// Writes the index of `site` into the folder `dir` (empty or missing) and,
/// with a `browser` sink, makes the browser index from the same analysis of
/// each record, handing its files to the sink as they are made (record
/// files a bucket at a time, so no record's text is held to the end).
pub fn write_indexes(site: &Site, dir: &Path, browser: Option<Sink<'_>>) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    let (schema, fields) = schema::build();
    let index = Index::create_in_dir(dir, schema)
        .with_context(|| format!("cannot create a search index in `{}`", dir.display()))?;
    register(&index);
    let mut writer: IndexWriter<TantivyDocument> = index
        .writer_with_num_threads(INDEX_THREADS, MEMORY_BUDGET)
        .context("cannot open the search index writer")?;
    // Merging in the background picks segments as threads finish them.
    writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
    let (catalog, facets) = catalog::build(site);
    // Every language version is a document; the browser index numbers them
    // in this order (originals first).
    let documents = catalog::documents(site);
    let mut browser_index = browser
        .map(|_| browser::Index::with_layout(documents.len(), catalog::translation_lists(site)));
    let mut words = vocabulary::Counts::default();
    let every_form = browser::every_form(site);
    for batch in documents.chunks(BATCH) {
        type Made = (TantivyDocument, Option<browser::Analysed>, Vec<String>);
        let docs: Vec<Made> = batch
            .par_iter()
            .map_init(Analyzers::default, |analyzers, d| {
                let mine = facets.get(d.ord as usize).cloned().unwrap_or_default();
                let doc = catalog::version_doc(site, *d, mine);
                let (tokens, words) = doc.tokens_and_words(analyzers);
                // Counted here for both indexes, not by the browser index.
                let analysed =
                    browser.map(|_| browser::analysed(&doc, &tokens, Vec::new(), every_form));
                let ranges = catalog::record_ranges(&catalog, site, d.record);
                (document(&fields, &catalog, &doc, tokens, &ranges), analysed, words)
            })
            .collect();
        // Counted in parallel, then merged: one lookup per word of every
        // document on the indexing thread was a twentieth of the index's time.
        let counted = docs
            .par_iter()
            .fold(vocabulary::Counts::default, |mut c, (_, _, w)| {
                c.add(w, 1);
                c
            })
            .reduce(vocabulary::Counts::default, vocabulary::Counts::merged);
        words = vocabulary::Counts::merged(words, counted);
        for (d, analysed, _) in docs {
            writer.add_document(d).context("cannot add a record to the search index")?;
            if let (Some(b), Some(a)) = (browser_index.as_mut(), analysed) {
                b.push(a);
            }
        }
        if let (Some(b), Some(sink)) = (browser_index.as_mut(), browser) {
            sink(b.take_written_docs(false))?;
        }
    }
    // tantivy's indexing memory is given back before the browser index
    // codes its terms, so that the two peaks do not add up.
    writer.commit().context("cannot commit the search index")?;
    writer.wait_merging_threads().context("cannot finish the search index")?;
    crate::search::settle::settle(dir)?;
    let entries = words.entries(&catalog.langs());
    vocabulary::write(dir, &entries)?;
    if let (Some(mut b), Some(sink)) = (browser_index, browser) {
        sink(b.take_written_docs(true))?;
        b.write_out(&catalog, &facets, &catalog::all_ranges(&catalog, site), &entries, sink)?;
    }
    let json = serde_json::to_vec_pretty(&catalog).context("cannot serialise the catalog")?;
    output::write_file(&dir.join(catalog::FILE), &json)?;
    Ok(())
}

/// Brings the index in `dir`, written for `old`, up to date with `new` in
/// place: each record whose document changed is deleted by key (which
/// deletes all of its versions) and all its versions are added again under
/// the same record number. Returns how many
/// records were updated, or `None` when the change needs the index written
/// anew: records added or removed (record numbers, which break ties, would
/// shift) or a changed schema (taxonomies, fields). The catalog beside the
/// index (facet values and counts) is rewritten when it changed.
///
/// BM25's statistics (document frequencies, field lengths) count deleted
/// documents, so once the change is committed (searchable) the segments
/// that held changed records are written again whole, in a second commit:
/// the index then holds no deleted document and gives the scores a fresh
/// build of the same records gives.
///
/// A damaged index (see [`crate::search::Engine::open`]) is written anew
/// rather than patched, and so is one whose update panicked in tantivy
/// (caught by [`guard`]): `serve`'s indexing thread never dies of it.
pub fn update(old: &Site, new: &Site, dir: &Path) -> Result<Option<usize>> {
    update_then(old, new, dir, &|| {})
}

/// [`update`], calling `committed` once the changed records are committed
/// (searchable), before the segments they touched are written again whole
/// (which makes scores exact): `serve` opens the index again then, so that
/// a new word is found at once.
pub fn update_then(
    old: &Site,
    new: &Site,
    dir: &Path,
    committed: &dyn Fn(),
) -> Result<Option<usize>> {
    if !catalog::same_words_elsewhere(old, new) || !old.records.keys().eq(new.records.keys()) {
        return Ok(None);
    }
    if crate::search::Engine::open(dir).is_err() {
        return Ok(None);
    }
    guard::run(|| update_in_place(old, new, dir, committed)).unwrap_or(Ok(None))
}

/// [`update`] of an index that opened with its checksums.
fn update_in_place(
    old: &Site,
    new: &Site,
    dir: &Path,
    committed: &dyn Fn(),
) -> Result<Option<usize>> {
    let (catalog, facets) = catalog::build(new);
    let changed_both: Vec<(usize, &crate::model::Record, &crate::model::Record)> = new
        .records
        .values()
        .zip(old.records.values())
        .enumerate()
        .filter(|(_, (n, o))| catalog::doc_changed(o, n))
        .map(|(ord, (n, o))| (ord, n, o))
        .collect();
    if changed_both.is_empty() {
        return Ok(Some(0));
    }
    // The vocabulary follows the changed records' words; one that cannot be
    // read is made anew with the whole index.
    let Ok(entries) = vocabulary::read(dir) else { return Ok(None) };
    let mut counts = vocabulary::Counts::from_entries(&entries);
    for (ord, n, o) in &changed_both {
        counts.add(&version_words(old, *ord, o).concat(), -1);
        counts.add(&version_words(new, *ord, n).concat(), 1);
    }
    let changed: Vec<(usize, &crate::model::Record)> =
        changed_both.iter().map(|(ord, n, _)| (*ord, *n)).collect();
    let index = Index::open_in_dir(dir)
        .with_context(|| format!("cannot open the search index in `{}`", dir.display()))?;
    let (schema, fields) = schema::build();
    if index.schema() != schema {
        return Ok(None);
    }
    register(&index);
    let before: HashSet<SegmentId> = index
        .searchable_segment_ids()
        .context("cannot read the search index")?
        .into_iter()
        .collect();
    let mut writer: IndexWriter<TantivyDocument> = index
        .writer_with_num_threads(1, UPDATE_MEMORY_BUDGET)
        .context("cannot open the search index writer")?;
    // A merge of segments with deletes would estimate field lengths (see
    // below), and one in the background could outlive this call.
    writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
    let mut analyzers = Analyzers::default();
    for (ord, record) in &changed {
        writer.delete_term(tantivy::Term::from_field_text(fields.key, &record.key.to_string()));
        add_record(&mut writer, &mut analyzers, (&fields, &catalog, &facets), new, *ord, record)?;
    }
    writer.commit().context("cannot commit the search index")?;
    committed();
    // BM25's statistics count the replaced versions until their segment is
    // gone, and merging a segment with deletes only estimates its field
    // lengths (from lossy field norms): so the segments that lost documents,
    // and the one just written, are written again from the site, whole,
    // and the old ones (every document deleted) are dropped. The index then
    // holds no deleted document and scores as a fresh build does; segments
    // without changes are left alone, so a large site's whole index is not
    // rewritten for one record.
    let rewrite: HashSet<SegmentId> = index
        .searchable_segment_metas()
        .context("cannot read the search index")?
        .iter()
        .filter(|m| m.has_deletes() || !before.contains(&m.id()))
        .map(|m| m.id())
        .collect();
    let reader: tantivy::IndexReader = index
        .reader_builder()
        .reload_policy(tantivy::ReloadPolicy::Manual)
        .try_into()
        .context("cannot read the search index")?;
    let mut keys: BTreeSet<String> = BTreeSet::new();
    for segment in reader.searcher().segment_readers() {
        if !rewrite.contains(&segment.segment_id()) {
            continue;
        }
        let inverted =
            segment.inverted_index(fields.key).context("cannot read the search index")?;
        let mut terms = inverted.terms().stream().context("cannot read the search index")?;
        while terms.advance() {
            keys.insert(String::from_utf8_lossy(terms.key()).into_owned());
        }
    }
    drop(reader);
    let by_key: HashMap<String, (usize, &crate::model::Record)> =
        new.records.values().enumerate().map(|(ord, r)| (r.key.to_string(), (ord, r))).collect();
    let mut again: Vec<(usize, &crate::model::Record)> = Vec::new();
    for key in &keys {
        writer.delete_term(tantivy::Term::from_field_text(fields.key, key));
        again.extend(by_key.get(key).copied());
    }
    // In record order, as a build adds them.
    again.sort_by_key(|(ord, _)| *ord);
    for (ord, record) in again {
        add_record(&mut writer, &mut analyzers, (&fields, &catalog, &facets), new, ord, record)?;
    }
    writer.commit().context("cannot commit the search index")?;
    writer.garbage_collect_files().wait().context("cannot tidy the search index")?;
    writer.wait_merging_threads().context("cannot finish the search index")?;
    // Not settled (see `settle`) as a build's is: the next `build` writes
    // the index anew (serve clears the fingerprint), and renaming every
    // segment would pull files from under searches opening it meanwhile.
    // Rewritten when its bytes differ from the file's (cheaper than making
    // the old site's catalog again to compare).
    let json = serde_json::to_vec_pretty(&catalog).context("cannot serialise the catalog")?;
    let file = dir.join(catalog::FILE);
    if std::fs::read(&file).ok().as_deref() != Some(json.as_slice()) {
        output::atomic_write(&file, &json)?;
    }
    let entries = counts.entries(&catalog.langs());
    vocabulary::write(dir, &entries)?;
    Ok(Some(changed.len()))
}

/// The words of each indexed version of `record` (record number `ord` of
/// `site`), as [`write_indexes`] counts them.
fn version_words(site: &Site, ord: usize, record: &crate::model::Record) -> Vec<Vec<String>> {
    let mut analyzers = Analyzers::default();
    let versions = std::iter::once(None).chain(catalog::indexed_translations(record).map(Some));
    versions
        .map(|translation| {
            let d = catalog::DocRef { ord: ord as u32, record, translation };
            catalog::version_doc(site, d, Vec::new()).tokens_and_words(&mut analyzers).1
        })
        .collect()
}

/// Adds every indexed version of `record` (record number `ord` of `site`).
fn add_record(
    writer: &mut IndexWriter<TantivyDocument>,
    analyzers: &mut Analyzers,
    (fields, catalog, facets): (&Fields, &Catalog, &[Vec<(usize, usize)>]),
    site: &Site,
    ord: usize,
    record: &crate::model::Record,
) -> Result<()> {
    let ranges = catalog::record_ranges(catalog, site, record);
    let versions = std::iter::once(None).chain(catalog::indexed_translations(record).map(Some));
    for translation in versions {
        let d = catalog::DocRef { ord: ord as u32, record, translation };
        let doc = catalog::version_doc(site, d, facets.get(ord).cloned().unwrap_or_default());
        let tokens = doc.tokens(analyzers);
        writer
            .add_document(document(fields, catalog, &doc, tokens, &ranges))
            .context("cannot add a record to the search index")?;
    }
    Ok(())
}

/// Indexing memory for an in-place update of a few records.
const UPDATE_MEMORY_BUDGET: usize = 15_000_000;

fn document(
    fields: &Fields,
    catalog: &Catalog,
    doc: &Doc<'_>,
    tokens: [(&str, Vec<Token>); crate::search::schema::NUM_TEXT_FIELDS],
    ranges: &[(usize, i64)],
) -> TantivyDocument {
    let r = doc.record;
    let mut d = TantivyDocument::default();
    d.add_text(fields.key, r.key.to_string());
    d.add_u64(fields.ord, u64::from(doc.ord));
    d.add_text(fields.collection, &r.key.collection);
    d.add_text(fields.id, &r.key.id);
    d.add_text(fields.lang, doc.lang.code());
    d.add_text(fields.tag, doc.tag);
    d.add_u64(fields.original, u64::from(doc.translation.is_none()));
    d.add_text(fields.title(), doc.shown_title());
    d.add_text(fields.summary(), doc.shown_summary());
    d.add_text(fields.body(), doc.shown_body());
    for (field, (_, tokens)) in fields.text.iter().zip(tokens) {
        d.add_text(*field, analysis::term_stream(&tokens));
    }
    for (fi, vi) in &doc.facets {
        let (Some(f), Some(v)) =
            (catalog.facets.get(*fi), catalog.facets.get(*fi).and_then(|f| f.values.get(*vi)))
        else {
            continue;
        };
        d.add_facet(fields.facets, Facet::from_path([f.field.as_str(), v.value.as_str()]));
    }
    for (fi, v) in ranges {
        d.add_i64(fields.ranges, crate::search::range::pack(*fi, *v));
    }
    if let Some(date) = r.updated().and_then(to_datetime) {
        d.add_date(fields.updated, date);
    }
    if let Some(Value::Date(date)) = r.fields.get("date")
        && let Some(dt) = to_datetime(*date)
    {
        d.add_date(fields.date, dt);
    }
    if let Some(Value::Int(y)) = r.fields.get("year") {
        d.add_i64(fields.year, *y);
    }
    d
}

fn to_datetime(d: jiff::civil::Date) -> Option<DateTime> {
    let epoch = jiff::civil::Date::new(1970, 1, 1).ok()?;
    Some(DateTime::from_timestamp_secs(d.duration_since(epoch).as_secs()))
}

/// Writes the index into `staging`, keeping the files a project keeps in
/// its index folder besides the index (a `README`, `.gitignore`), which
/// would otherwise vanish when the staging folder replaces it.
/// With a `browser` sink, also makes the browser index (see
/// [`write_indexes`]).
pub fn write_staged(
    site: &Site,
    staging: &output::Staging,
    browser: Option<Sink<'_>>,
) -> Result<()> {
    write_indexes(site, staging.path(), browser)?;
    let Ok(entries) = std::fs::read_dir(&site.project.index_dir) else { return Ok(()) };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let keep = name.starts_with("README") || name == ".gitignore" || name == ".gitkeep";
        if keep && entry.file_type().is_ok_and(|t| t.is_file()) {
            let bytes = std::fs::read(entry.path())
                .with_context(|| format!("cannot read `{}`", entry.path().display()))?;
            output::write_file(&staging.path().join(&name), &bytes)?;
        }
    }
    Ok(())
}
