//! Field labels as filter names: a reader types the label a page shows
//! (`situação:revogado`, `país:BRA`), not the schema's field name.

use std::collections::{BTreeMap, BTreeSet};

use super::Catalog;
use crate::model::Site;
use crate::search::filters::loose;

/// Each one-word label of a filter field (`fields`: the facets' and
/// ranges' names), in every site language and as the schema writes it,
/// without accents and case (`situacao`), with the field it names. A label
/// that is a field's own name, or that two fields share, is left out: a
/// field's name always means that field, and an ambiguous label means
/// neither.
pub(super) fn field_labels(site: &Site, fields: &[&str]) -> BTreeMap<String, String> {
    // Names a query reads otherwise: fields, and the text fields that
    // `title:data` searches as words.
    let names: BTreeSet<String> = fields
        .iter()
        .copied()
        .chain(["collection", "title", "summary", "body"])
        .map(loose)
        .collect();
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    let mut ambiguous: BTreeSet<String> = BTreeSet::new();
    let languages = site.languages();
    let defs = site
        .schema
        .common
        .iter()
        .chain(site.schema.collections.values().flat_map(|c| c.fields.iter()))
        .filter(|d| fields.contains(&d.name.as_str()));
    for def in defs {
        let labels = languages
            .iter()
            .filter_map(|l| crate::render::i18n::field_label(site, def, l))
            .chain([def.label.clone()]);
        for label in labels {
            let key = loose(label.trim());
            if key.is_empty() || key.chars().any(char::is_whitespace) || names.contains(&key) {
                continue;
            }
            match out.get(&key) {
                Some(field) if *field != def.name => {
                    ambiguous.insert(key);
                }
                Some(_) => {}
                None => {
                    out.insert(key, def.name.clone());
                }
            }
        }
    }
    out.retain(|k, _| !ambiguous.contains(k));
    out
}

impl Catalog {
    /// The filter field `name` (lower case) names: `collection`, a facet's
    /// or a range's name, or one of their labels in any site language
    /// (`país`, `situacao`).
    pub fn filter_field<'a>(&'a self, name: &'a str) -> Option<&'a str> {
        if name == "collection" || self.facet(name).is_some() || self.range(name).is_some() {
            return Some(name);
        }
        // `vigência:` is `vigencia:`, as a value is read without accents.
        let loose = crate::search::filters::loose(name);
        if let Some((_, f)) = self.facet(&loose) {
            return Some(&f.field);
        }
        if let Some((_, r)) = self.range(&loose) {
            return Some(&r.field);
        }
        self.field_labels.get(&loose).map(String::as_str)
    }
}
