//! The search index's documents as newline-delimited JSON, for search
//! engines that run on many machines (`export --format ndjson|opensearch`):
//! the same language versions, text and facets the tantivy index holds,
//! made by the same [`catalog`] functions, so moving a site onto such an
//! engine changes no content.
//!
//! - [`Flavor::Lines`]: one document per line, which Meilisearch
//!   (`POST /indexes/NAME/documents` with `Content-Type:
//!   application/x-ndjson`) and Quickwit (`quickwit index ingest`)
//!   take as they are; `doc_id` is the primary key.
//! - [`Flavor::Bulk`]: OpenSearch's and Elasticsearch's `_bulk` body, an
//!   `{"index": {"_index": NAME, "_id": ID}}` action line before each
//!   document.

use std::io::{self, Write};

use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Map, Value as Json, json};

use super::catalog::{self, Catalog};
use crate::model::{Record, Site};

/// Which bulk format to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Flavor {
    /// One JSON document per line.
    Lines,
    /// `_bulk` action and document lines, into the index named here.
    Bulk {
        /// The target index.
        index: String,
    },
}

/// The fields every document carries (`null` when a record has no value),
/// the tantivy schema's fields under the same names
/// (its stored `*_text` copies are `title`, `summary` and `body`), plus
/// `doc_id` and the page's `url`.
pub const FIELDS: &[&str] = &[
    "doc_id",
    "key",
    "ord",
    "collection",
    "id",
    "lang",
    "tag",
    "original",
    "url",
    "title",
    "summary",
    "body",
    "meta",
    "places",
    "facets",
    "updated",
    "date",
    "year",
    "ranges",
];

/// Writes every search document (of one collection, or all) in `flavor`,
/// streaming: a batch of documents is in memory at a time.
pub fn write(
    site: &Site,
    collection: Option<&str>,
    flavor: &Flavor,
    out: &mut dyn Write,
) -> io::Result<()> {
    let (catalog, facets) = catalog::build(site);
    let documents: Vec<catalog::DocRef<'_>> = catalog::documents(site)
        .into_iter()
        .filter(|d| collection.is_none_or(|c| c == &*d.record.key.collection))
        .collect();
    // Made in parallel a batch at a time, written in document order.
    for batch in documents.chunks(BATCH) {
        let lines: Vec<io::Result<Vec<u8>>> = batch
            .par_iter()
            .map(|d| {
                let mine = facets.get(d.ord as usize).cloned().unwrap_or_default();
                let doc = catalog::version_doc(site, *d, mine);
                let value = document(site, &catalog, &doc);
                let mut line = Vec::new();
                if let Flavor::Bulk { index } = flavor {
                    let action = json!({ "index": { "_index": index, "_id": value.doc_id } });
                    serde_json::to_writer(&mut line, &action)?;
                    line.push(b'\n');
                }
                serde_json::to_writer(&mut line, &value)?;
                line.push(b'\n');
                Ok(line)
            })
            .collect();
        for line in lines {
            out.write_all(&line?)?;
        }
    }
    Ok(())
}

/// Documents made at a time: enough to keep the cores busy, few enough
/// that a large site's export is never whole in memory.
const BATCH: usize = 512;

/// Whether OpenSearch and Elasticsearch accept `name` as an index name:
/// lower case, at most 255 bytes, none of `\ / * ? " < > | , #`, spaces or
/// `:`, not starting with `-`, `_` or `+`, and not `.` or `..`.
pub fn check_index_name(name: &str) -> Result<(), &'static str> {
    if name.is_empty() || name.len() > 255 {
        return Err("an index name has 1 to 255 bytes");
    }
    if name == "." || name == ".." || name.starts_with(['-', '_', '+']) {
        return Err("an index name cannot be `.` or `..` or start with -, _ or +");
    }
    if name.chars().any(|c| c.is_uppercase() || c.is_whitespace() || "\\/*?\"<>|,#:".contains(c)) {
        return Err(
            "an index name is lower case, without spaces or any of \\ / * ? \" < > | , # :",
        );
    }
    Ok(())
}

/// A document's id: collection, record id and language tag joined by `_`,
/// which none of them contains (ids are lower-case letters, digits and
/// hyphens), and which Meilisearch accepts in a primary key.
pub fn doc_id(record: &Record, tag: &str) -> String {
    format!("{}_{}_{}", record.key.collection, record.key.id, tag)
}

/// One search document as written; field names are [`FIELDS`].
#[derive(Serialize)]
struct Document<'a> {
    doc_id: String,
    key: String,
    ord: u32,
    collection: &'a str,
    id: &'a str,
    lang: &'static str,
    tag: &'a str,
    original: bool,
    url: String,
    title: &'a str,
    summary: &'a str,
    body: &'a str,
    meta: &'a str,
    places: &'a str,
    /// Facet field → values, as filters match them (lower case).
    facets: Map<String, Json>,
    updated: Option<String>,
    date: Json,
    year: Json,
    /// Every date or number field → its value(s), for range filters and
    /// sorting.
    ranges: Map<String, Json>,
}

fn document<'a>(site: &Site, catalog: &Catalog, doc: &'a catalog::Doc<'a>) -> Document<'a> {
    let r = doc.record;
    let mut facets = Map::new();
    for (fi, vi) in &doc.facets {
        let Some(f) = catalog.facets.get(*fi) else { continue };
        let Some(v) = f.values.get(*vi) else { continue };
        let values = facets.entry(f.field.clone()).or_insert_with(|| Json::Array(Vec::new()));
        if let Json::Array(list) = values {
            list.push(v.value.clone().into());
        }
    }
    let mut ranges = Map::new();
    for (fi, _) in catalog::record_ranges(catalog, site, r) {
        let Some(f) = catalog.ranges.get(fi) else { continue };
        if let Some(v) = r.fields.get(&f.field) {
            ranges.insert(f.field.clone(), v.to_json());
        }
    }
    let field_json = |name: &str| r.fields.get(name).map_or(Json::Null, |v| v.to_json());
    // The page that shows this version: its language's, when that is a
    // site language, else the default language's.
    let page_lang = catalog.site_language(doc.tag).unwrap_or(catalog.default_language());
    let path = catalog.url(&r.key.to_string(), page_lang);
    let url = match site.project.config.book.base_url() {
        // On the web, the address pages give as canonical (`…/x/`).
        Some(base) => format!("{base}{}", crate::render::folder_url(&path)),
        None => path,
    };
    Document {
        doc_id: doc_id(r, doc.tag),
        key: r.key.to_string(),
        ord: doc.ord,
        collection: &r.key.collection,
        id: &r.key.id,
        lang: doc.lang.code(),
        tag: doc.tag,
        original: doc.translation.is_none(),
        url,
        title: doc.shown_title(),
        summary: doc.shown_summary(),
        body: doc.shown_body(),
        meta: &doc.meta,
        places: &doc.places,
        facets,
        updated: r.updated().map(|d| d.to_string()),
        date: field_json("date"),
        year: field_json("year"),
        ranges,
    }
}
