//! A search document's `meta` words: what a record is tagged with (its
//! countries by their names in every site language, its terms by label and
//! alias, its blocs, enum values, cited sources), found by queries but not
//! shown as text.

use std::collections::BTreeSet;

use crate::core::countries;
use crate::model::{FieldType, Record, Site, Translation, Value};
use crate::resolve::REGIONS;
use crate::search::analysis::Lang;

/// The `meta` text of a translation: its other translated fields, and the
/// labels (and aliases' translations) of the record's terms in its
/// language where the taxonomy translates them.
pub(super) fn translation_meta(site: &Site, record: &Record, t: &Translation) -> String {
    let mut parts: Vec<String> = Vec::new();
    for (name, value) in &t.fields {
        if matches!(name, "title" | "summary") {
            continue;
        }
        for item in value.items() {
            if let Value::Str(s) = item {
                parts.push(s.clone());
            }
        }
    }
    for (name, value) in &record.fields {
        let Some(def) = site.field(&record.key.collection, name) else { continue };
        let FieldType::Term(tax) = def.ty.scalar() else { continue };
        for item in value.items() {
            if let Value::Str(id) = item
                && let Some(term) = site.schema.taxonomies.get(tax).and_then(|x| x.terms.get(id))
            {
                let label = term.label_in(&t.lang);
                if label != term.label {
                    parts.push(label.to_owned());
                }
            }
        }
    }
    let mut seen = BTreeSet::new();
    parts.retain(|p| seen.insert(p.clone()));
    parts.join("\n")
}

/// Whether a record's document differs between two versions of a site
/// with the same schema and languages ([`same_words_elsewhere`]). Its words
/// from elsewhere come from the schema (term labels and aliases, region
/// members), the site's languages (the names of its countries in each) or
/// are held in the record itself (`resolve` fills cited sources' titles
/// into its citations), so comparing the records is enough: no `meta` text
/// is made for the records that did not change.
pub fn doc_changed(o: &Record, n: &Record) -> bool {
    n != o
}

/// Whether two versions of a site give a record's document the same words
/// from outside the record: the same schema and site languages. When not,
/// an index is remade rather than updated record by record.
pub fn same_words_elsewhere(old: &Site, new: &Site) -> bool {
    old.schema == new.schema && old.languages() == new.languages()
}

/// Whether `name` is an alias a taxonomy term declares, case aside.
fn is_declared_alias(site: &Site, name: &str) -> bool {
    site.schema
        .taxonomies
        .values()
        .flat_map(|t| t.terms.values())
        .any(|term| term.aliases.iter().any(|a| a.eq_ignore_ascii_case(name)))
}

/// What a record is tagged with, as two searched texts.
#[derive(Debug, Default)]
pub struct Tags {
    /// [`Doc::meta`].
    pub meta: String,
    /// [`Doc::names`].
    pub names: Vec<(Lang, String)>,
    /// [`Doc::places`].
    pub places: String,
    /// [`Doc::place_names`].
    pub place_names: Vec<(Lang, String)>,
}

/// The `meta` and `places` texts of a record (see [`Doc::meta`] and
/// [`Doc::places`]), and their lines in a language of their own.
pub fn meta_text(site: &Site, record: &Record) -> Tags {
    let mut parts: Vec<String> = Vec::new();
    let mut names: Vec<(Lang, String)> = Vec::new();
    let mut places: Vec<String> = Vec::new();
    let mut place_names: Vec<(Lang, String)> = Vec::new();
    let mut tagged_regions: BTreeSet<&str> = BTreeSet::new();
    parts.push(record.key.id.to_string());
    let cname = &record.key.collection;
    // What the record is (its collection's singular, "Practice"), in every
    // site language: `practices on paperless trade` finds the practice
    // whose text never says "practice". Only the singular: a title's other
    // words ("postal and payment practices") would tag every record.
    if let Some(c) = site.schema.collections.get(&**cname) {
        let default = Lang::from_bcp47(&site.project.config.book.language);
        parts.push(c.singular.clone());
        names.push((default, c.singular.clone()));
        for (lang, t) in &c.translations {
            if let Some(singular) = &t.singular {
                parts.push(singular.clone());
                names.push((Lang::from_bcp47(lang), singular.clone()));
            }
        }
    }
    let languages = site.languages();
    for (name, value) in &record.fields {
        if matches!(name, "title" | "summary" | "language") {
            continue;
        }
        let Some(def) = site.field(cname, name) else { continue };
        for item in value.items() {
            match (def.ty.scalar(), item) {
                (FieldType::Country, Value::Str(s)) => match countries::name(s) {
                    Some(n) => {
                        // A country: its code, ISO name, alpha-2 code (`CN`,
                        // as filters read it) and everyday names (`Turkey`,
                        // `Viet Nam`), and its name in every
                        // site language as pages show it (CLDR's: `Chine`,
                        // `الصين`, `中国`), in `places`, which weighs
                        // nearly as much as a title: `Brasil` finds
                        // Brazil's laws before a record that mentions it.
                        places.push(s.clone());
                        places.push(n.to_owned());
                        // Not a code an editor gave a term as its alias: `AU`
                        // is the African Union where the taxonomy says so
                        // (as filters read it), not Australia.
                        places.extend(
                            countries::places_names(s)
                                .filter(|n| n.len() > 2 || !is_declared_alias(site, n))
                                .map(str::to_owned),
                        );
                        for l in &languages {
                            if let Some(n) = countries::name_in(l, s) {
                                place_names.push((Lang::from_bcp47(l), n.clone()));
                                places.push(n);
                            }
                        }
                    }
                    None => {
                        places.push(s.clone());
                        push_term(site, REGIONS, s, &mut places, &mut place_names);
                        tagged_regions.insert(s.as_str());
                    }
                },
                // A region or bloc the record is tagged with is a place, as a
                // country is: `Mercosur` finds the records tagged with it
                // before one whose body says a country is not a member.
                (FieldType::Term(tax), Value::Str(s)) if tax == REGIONS => {
                    push_term(site, tax, s, &mut places, &mut place_names);
                    tagged_regions.insert(s.as_str());
                }
                (FieldType::Term(tax), Value::Str(s)) => {
                    push_term(site, tax, s, &mut parts, &mut names)
                }
                // An enum value as written and as each site language's
                // pages label it: `abrogé` finds the French version of a
                // `repealed` record as `repealed` finds the English one.
                (FieldType::Enum(e), Value::Str(s)) => {
                    parts.push(s.clone());
                    // Only labels that add words: `In force` for `in-force`
                    // says nothing new (and each line costs an analysis).
                    let plain = s.replace(['-', '_'], " ").to_lowercase();
                    let default = e.label(s).filter(|l| l.to_lowercase() != plain);
                    if let Some(label) = default {
                        parts.push(label.to_owned());
                    }
                    for (lang, labels) in &e.translations {
                        if let Some(label) = labels.get(s.as_str())
                            && label.to_lowercase() != plain
                            && Some(label.as_str()) != default
                        {
                            parts.push(label.clone());
                            names.push((Lang::from_bcp47(lang), label.clone()));
                        }
                    }
                }
                // An address is one word as written: the link a reader
                // pastes from a memo finds the record that gives it.
                (FieldType::String | FieldType::Url, Value::Str(s)) => {
                    parts.push(s.clone());
                }
                (FieldType::Int, Value::Int(i)) if name == "sdgs" => parts.push(format!("SDG {i}")),
                _ => {}
            }
        }
    }
    // Blocs reached through a member country are tagged too (resolve's term
    // index), as words of `meta`: a member's own law is less about the bloc
    // than a record that names the bloc.
    if let Some(regions) = site.terms.get(REGIONS) {
        for (id, keys) in regions {
            if !tagged_regions.contains(id.as_str()) && keys.binary_search(&record.key).is_ok() {
                push_term(site, REGIONS, id, &mut parts, &mut names);
            }
        }
    }
    for c in &record.sources {
        parts.push(c.title.clone());
        if let Some(p) = &c.publisher {
            parts.push(p.clone());
        }
        if let Some(u) = &c.url {
            parts.push(u.clone());
        }
    }
    Tags {
        meta: distinct(parts).join("\n"),
        names: distinct(names),
        places: distinct(places).join("\n"),
        place_names: distinct(place_names),
    }
}

/// `items`, each once, in order.
fn distinct<T: Ord + Clone>(mut items: Vec<T>) -> Vec<T> {
    let mut seen = BTreeSet::new();
    items.retain(|p| seen.insert(p.clone()));
    items
}

fn push_term(
    site: &Site,
    taxonomy: &str,
    id: &str,
    parts: &mut Vec<String>,
    names: &mut Vec<(Lang, String)>,
) {
    match site.schema.taxonomies.get(taxonomy).and_then(|t| t.terms.get(id)) {
        Some(term) => {
            parts.push(term.label.clone());
            parts.extend(term.aliases.iter().cloned());
            // The label is in the site's language: read by its rules too on
            // a record in another (a German label on a Swedish record).
            let default = Lang::from_bcp47(&site.project.config.book.language);
            names.push((default, term.label.clone()));
            // Its labels in the other languages too, so that a query typed in
            // one (`توطين البيانات`) finds the records tagged with it that
            // have no translation into it; pages show those labels already.
            // Each is also read by its language's rules, as a country's
            // name is: Russian `персональных данных` is found by
            // `персональные данные`, as in a Russian body.
            for (lang, t) in &term.translations {
                if let Some(label) = &t.label {
                    parts.push(label.clone());
                    names.push((Lang::from_bcp47(lang), label.clone()));
                }
            }
        }
        None => parts.push(id.to_owned()),
    }
}
