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

impl View<'_> {
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
