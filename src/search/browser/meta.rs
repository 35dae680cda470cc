//! `search/meta.js`, the one file of fixed name: what a first query needs
//! before any other (collections, facets, field statistics for BM25, the
//! folding table, the first term of each chunk) and the names of every
//! other file.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::json;

use super::{DOC_BUCKET, NUM_FIELDS, codec};
use crate::search::analysis;
use crate::search::catalog::{self, Catalog};
use crate::search::schema::TEXT_FIELDS;
use crate::search::spelling;

/// The names `meta.js` gives the content files.
pub(super) struct Names {
    pub(super) boundaries: Vec<String>,
    pub(super) postings: Vec<String>,
    pub(super) positions: Vec<String>,
    pub(super) buckets: Vec<String>,
    pub(super) facets: Vec<String>,
}

pub(super) fn meta(
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
    let mut all: BTreeSet<char> =
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
