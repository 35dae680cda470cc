//! The catalog's range fields: every `date` or `int` field, with the span
//! of values records have, and each record's values of them
//! ([`crate::search::range`] says how they compare and filter).

use serde::{Deserialize, Serialize};

use super::Catalog;
use crate::model::{Record, Site};
use crate::search::range;

/// A field that range filters and sorting apply to: every `date` or `int`
/// field of any collection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RangeInfo {
    /// The field name.
    pub field: String,
    /// Its label in the site's language.
    pub label: String,
    /// Its label in the site's other languages, where it differs.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub labels: std::collections::BTreeMap<String, String>,
    /// Dates or numbers.
    pub kind: range::Kind,
    /// The smallest and largest value records have ([`range::encode`]),
    /// or `None` when none has one.
    pub span: Option<(i64, i64)>,
    /// The collections whose records have a value, sorted: the search
    /// page offers to sort by the field only when results come from one.
    #[serde(default)]
    pub collections: Vec<String>,
}

/// The range fields of `site`, the common fields first, then each
/// collection's in the order it declares them; a name declared with two
/// kinds keeps the first.
pub(super) fn fields(site: &Site) -> Vec<RangeInfo> {
    let mut out: Vec<RangeInfo> = Vec::new();
    let declared = site
        .schema
        .common
        .iter()
        .chain(site.schema.collections.values().flat_map(|c| c.fields.iter()));
    for def in declared {
        if let Some(kind) = range::Kind::of(&def.ty)
            && !out.iter().any(|r| r.field == def.name)
            && out.len() < range::MAX_FIELDS
        {
            // As pages label it, in each language (facets' are the same).
            let book = &site.project.config.book;
            let label_in = |l: &str| {
                crate::render::i18n::field_label(site, def, l).unwrap_or_else(|| def.label.clone())
            };
            let label = label_in(&book.language);
            let labels = book
                .other_languages()
                .into_iter()
                .map(|l| (l.to_owned(), label_in(l)))
                .filter(|(_, t)| *t != label)
                .collect();
            out.push(RangeInfo {
                field: def.name.clone(),
                label,
                labels,
                kind,
                span: None,
                collections: Vec::new(),
            });
        }
    }
    for record in site.records.values() {
        for (fi, v) in values_of(site, record, &out) {
            let field = &mut out[fi];
            field.span = Some(field.span.map_or((v, v), |(lo, hi)| (lo.min(v), hi.max(v))));
            let name: &str = &record.key.collection;
            if let Err(at) = field.collections.binary_search_by(|c| c.as_str().cmp(name)) {
                field.collections.insert(at, name.to_owned());
            }
        }
    }
    out
}

/// `record`'s values of the catalog's range fields: `(field number,
/// value)`, by field, each field's values sorted.
pub fn record_ranges(catalog: &Catalog, site: &Site, record: &Record) -> Vec<(usize, i64)> {
    values_of(site, record, &catalog.ranges)
}

/// [`record_ranges`] of every record, by record number.
pub fn all_ranges(catalog: &Catalog, site: &Site) -> Vec<Vec<(usize, i64)>> {
    site.records.values().map(|r| values_of(site, r, &catalog.ranges)).collect()
}

fn values_of(site: &Site, record: &Record, fields: &[RangeInfo]) -> Vec<(usize, i64)> {
    let mut out = Vec::new();
    for (fi, f) in fields.iter().enumerate() {
        // A value counts only where the record's collection gives the
        // field this kind (`year` may be a date in one, a number in another).
        let Some(def) = site.field(&record.key.collection, &f.field) else { continue };
        if range::Kind::of(&def.ty) != Some(f.kind) {
            continue;
        }
        if let Some(v) = record.fields.get(&f.field) {
            out.extend(range::values(f.kind, v).into_iter().map(|v| (fi, v)));
        }
    }
    out
}
