//! What the catalog says of each facet value besides its key: the label
//! people read, and the other names (aliases, country codes) and members
//! a filter may use.

use std::collections::{BTreeMap, HashSet};

use super::{FacetValue, value_key};
use crate::core::countries;
use crate::model::{FieldType, Site, Value};

/// The display label of a facet value, as the default language's pages
/// name it (`المغرب`, `Morocco`): a schema's translation into that language
/// first, as for field labels (a schema written in English for a Russian
/// site may give `translations: {ru: …}`).
pub(super) fn value_label(site: &Site, ty: Option<&FieldType>, v: &Value) -> String {
    let lang = site.project.config.book.language.as_str();
    match (ty, v) {
        (Some(FieldType::Country | FieldType::Term(_) | FieldType::Enum(_)), Value::Str(s)) => {
            value_label_in(site, ty, s, lang).unwrap_or_else(|| s.clone())
        }
        (_, Value::Ref(k)) => {
            site.records.get(k).map(|r| r.title().to_owned()).unwrap_or_else(|| k.to_string())
        }
        _ => v.to_text(),
    }
}

/// Other names of a facet value, before [`with_aliases`] settles which
/// value each names.
#[derive(Debug, Clone, Default)]
pub(super) struct Names {
    /// Written by editors (a term's `aliases`): preferred.
    declared: Vec<String>,
    /// Derived (a country's alpha-2 code, everyday names and CLDR names in
    /// the site's languages; an enum value's labels in them).
    derived: Vec<String>,
    members: Vec<String>,
    /// Its label in the site's languages where it differs from `label`.
    labels: BTreeMap<String, String>,
}

/// The label of a facet value in `lang`, when one is known in it.
fn value_label_in(site: &Site, ty: Option<&FieldType>, s: &str, lang: &str) -> Option<String> {
    match ty? {
        FieldType::Country => countries::shown_name(lang, s)
            .or_else(|| Some(site.term_label_in(crate::resolve::REGIONS, s, lang).to_owned())),
        FieldType::Term(tax) => Some(site.term_label_in(tax, s, lang).to_owned()),
        // As pages show it: the value itself, humanized, where no label is given.
        FieldType::Enum(e) => {
            Some(e.label_in(s, lang).map_or_else(|| crate::render::humanize(s), str::to_owned))
        }
        _ => None,
    }
}

/// Other names of a facet value (`label` is its label in the site's
/// default language).
pub(super) fn value_names(site: &Site, ty: Option<&FieldType>, v: &Value, label: &str) -> Names {
    let Value::Str(s) = v else { return Names::default() };
    let labels: BTreeMap<String, String> = site
        .project
        .config
        .book
        .other_languages()
        .into_iter()
        .filter_map(|l| Some((l.to_owned(), value_label_in(site, ty, s, l)?)))
        .filter(|(_, t)| t != label)
        .collect();
    Names { labels, ..other_names(site, ty, s) }
}

fn other_names(site: &Site, ty: Option<&FieldType>, s: &str) -> Names {
    let taxonomy = match ty {
        Some(FieldType::Country) => {
            if let Some(iso) = countries::name(s) {
                // ISO's English name too, where the label is another's.
                let names = std::iter::once(iso.to_owned());
                return derived(names.chain(countries::names_in(s, site.languages())));
            }
            crate::resolve::REGIONS
        }
        Some(FieldType::Enum(e)) => {
            let labels = site.languages().into_iter().filter_map(|l| e.label_in(s, l));
            return derived(labels.map(str::to_owned));
        }
        Some(FieldType::Term(tax)) => tax.as_str(),
        _ => return Names::default(),
    };
    let Some(term) = site.schema.taxonomies.get(taxonomy).and_then(|t| t.terms.get(s)) else {
        return Names::default();
    };
    // Its labels in the site's languages (`topics=Локализация данных`), as
    // an enum value's are.
    let labels = site.languages().into_iter().map(|l| term.label_in(l).to_owned());
    Names {
        declared: term.aliases.iter().map(|a| value_key(a)).collect(),
        members: member_names(site, &term.members),
        ..derived(labels)
    }
}

/// A bloc's members as a filter may name one: each member's code, and
/// for a country its alpha-2 code and names in every site language
/// (`jurisdiction=Allemagne` says, as `jurisdiction=DEU` does, that
/// Germany is a member of the European Union), each once.
fn member_names(site: &Site, members: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for m in members {
        let names = countries::name(m).map(str::to_owned).into_iter();
        let names = names.chain(countries::names_in(m, site.languages()));
        for name in std::iter::once(m.clone()).chain(names).map(|n| value_key(&n)) {
            if !out.contains(&name) {
                out.push(name);
            }
        }
    }
    out
}

/// Derived names as filters match them, each once.
fn derived(names: impl Iterator<Item = String>) -> Names {
    let mut derived: Vec<String> = Vec::new();
    for name in names.map(|n| value_key(&n)) {
        if !derived.contains(&name) {
            derived.push(name);
        }
    }
    Names { derived, ..Names::default() }
}

/// A facet's values with the other names each may be given: declared
/// names before derived ones, each name kept by the first value (in value
/// order) that claims it, and none that is a value or a label, so a name
/// always means the value that value or label matching would give.
pub(super) fn with_aliases(vals: &BTreeMap<String, (String, u32, Names)>) -> Vec<FacetValue> {
    let mut taken: HashSet<String> = vals.keys().cloned().collect();
    taken.extend(vals.values().map(|(label, _, _)| value_key(label)));
    let mut aliases: Vec<Vec<String>> = vec![Vec::new(); vals.len()];
    for declared in [true, false] {
        for (i, (_, (_, _, names))) in vals.iter().enumerate() {
            let list = if declared { &names.declared } else { &names.derived };
            for name in list {
                if !name.is_empty() && taken.insert(name.clone()) {
                    aliases[i].push(name.clone());
                }
            }
        }
    }
    vals.iter()
        .zip(aliases)
        .map(|((value, (label, count, names)), mut aliases)| {
            aliases.sort();
            FacetValue {
                value: value.clone(),
                label: label.clone(),
                count: *count,
                aliases,
                members: names.members.clone(),
                labels: names.labels.clone(),
            }
        })
        .collect()
}
