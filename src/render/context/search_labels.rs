//! The search page's words for what the browser index labels once, in the
//! site's default language (`search/meta.js` serves every page language):
//! collection titles and singulars, field labels, and facet values as the
//! record pages show them (country names, term labels and enum values in
//! the page's language). `search.js` shows these and reads the index's for
//! everything else, so a Chinese search page says 法规 · 中国, not
//! Regulation · China.

use std::collections::BTreeMap;

use serde::Serialize;

use super::View;

/// `search_labels` (see the module's comment); values keyed as the index
/// keys them ([`crate::model::facet_key`]).
#[derive(Serialize, Default)]
pub(super) struct SearchLabels {
    /// Collection → [title, singular].
    c: BTreeMap<String, [String; 2]>,
    /// Field → label.
    f: BTreeMap<String, String>,
    /// Facet field → value key → label.
    v: BTreeMap<String, BTreeMap<String, String>>,
}

/// The search page's help examples, from the site's own fields:
/// `filter`, a facet and its most common value (`jurisdiction:KEN`), and
/// `range`, a date field and the years its values span
/// (`adopted:2018..2023`). A site without either gets a placeholder, not
/// another site's field.
#[derive(Serialize)]
pub(super) struct SearchExamples {
    filter: String,
    range: String,
}

impl View<'_> {
    pub(super) fn search_examples(&self) -> SearchExamples {
        let (filter, range) =
            self.memo.search_examples.get_or_init(|| self.find_examples()).clone();
        SearchExamples { filter, range }
    }

    /// `(filter, range)` for [`SearchExamples`], from the records.
    fn find_examples(&self) -> (String, String) {
        use crate::model::{FieldType, Value};
        let site = self.site;
        // Candidates: every facet, and every date field but `updated`; the
        // one most records give wins, so the example finds something.
        let mut facets: BTreeMap<&str, BTreeMap<String, usize>> = BTreeMap::new();
        let mut dates: BTreeMap<&str, (usize, i16, i16)> = BTreeMap::new();
        for c in site.schema.collections.values() {
            for f in &c.facets {
                facets.entry(f.as_str()).or_default();
            }
            for d in c.all_fields(&site.schema.common) {
                if matches!(d.ty.scalar(), FieldType::Date) && d.name != "updated" {
                    dates.entry(d.name.as_str()).or_insert((0, i16::MAX, i16::MIN));
                }
            }
        }
        for r in site.records.values() {
            for (f, counts) in facets.iter_mut() {
                for item in r.fields.get(f).map(|v| v.items()).unwrap_or_default() {
                    *counts.entry(item.to_text()).or_default() += 1;
                }
            }
            for (f, (n, lo, hi)) in dates.iter_mut() {
                for item in r.fields.get(f).map(|v| v.items()).unwrap_or_default() {
                    if let Value::Date(d) = item {
                        *n += 1;
                        *lo = (*lo).min(d.year());
                        *hi = (*hi).max(d.year());
                    }
                }
            }
        }
        // A one-word value (one with spaces would need quotes), the most
        // common of the facet whose most common value is most common.
        let filter = facets
            .iter()
            .filter_map(|(f, counts)| {
                let (v, n) = counts
                    .iter()
                    .filter(|(v, _)| !v.contains(char::is_whitespace))
                    .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))?;
                Some((*n, format!("{f}:{v}")))
            })
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
            .map_or_else(|| "field:value".to_owned(), |(_, e)| e);
        let range = dates
            .iter()
            .filter(|(_, (n, _, _))| *n > 0)
            .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.0.cmp(a.0)))
            .map_or_else(
                || "field:2018..2023".to_owned(),
                |(f, (_, lo, hi))| format!("{f}:{lo}..{}", if lo < hi { *hi } else { lo + 5 }),
            );
        (filter, range)
    }

    pub(super) fn search_labels(&self) -> SearchLabels {
        let site = self.site;
        let mut out = SearchLabels::default();
        for c in site.schema.collections.values() {
            out.c.insert(
                c.name.clone(),
                [c.title_in(self.lang).to_owned(), c.singular_in(self.lang).to_owned()],
            );
            for def in c.all_fields(&site.schema.common) {
                out.f.entry(def.name.clone()).or_insert_with(|| self.field_label(def).into_owned());
            }
        }
        for r in site.records.values() {
            let Some(c) = site.schema.collections.get(&*r.key.collection) else { continue };
            for f in &c.facets {
                let (Some(def), Some(v)) = (c.field(f, &site.schema.common), r.fields.get(f))
                else {
                    continue;
                };
                let values = out.v.entry(f.clone()).or_default();
                for item in v.items() {
                    let k = crate::model::facet_key(&item.to_text());
                    if !k.is_empty() && !values.contains_key(&k) {
                        values.insert(k, self.value(def.ty.scalar(), item).text);
                    }
                }
            }
        }
        out
    }
}
