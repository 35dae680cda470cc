//! Linking validated records into a [`Site`]: citations filled from source
//! records, listings sorted, backlinks, taxonomy terms and countries (with
//! what applies through blocs). Pure: no I/O, no diagnostics.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use crate::config::Project;
use crate::countries;
use crate::model::{CountryRecords, FieldType, Key, Record, Schema, Site, Sort, TermIndex, Value};

/// The taxonomy whose terms may stand for blocs in country fields.
pub const REGIONS: &str = "regions";

/// Links records into a site.
pub fn resolve(project: Project, schema: Schema, mut records: BTreeMap<Key, Record>) -> Site {
    fill_citations(&mut records);
    let listings = schema
        .collections
        .values()
        .map(|c| {
            let mut keys: Vec<&Record> =
                records.values().filter(|r| r.key.collection == c.name).collect();
            keys.sort_by(|a, b| compare(a, b, &c.sort));
            (c.name.clone(), keys.into_iter().map(|r| r.key.clone()).collect())
        })
        .collect();

    let mut backlinks: BTreeMap<Key, Vec<Key>> = BTreeMap::new();
    let mut terms: TermIndex = BTreeMap::new();
    let mut countries_map: BTreeMap<String, CountryRecords> = BTreeMap::new();
    for r in records.values() {
        for target in r.links() {
            if *target != r.key {
                backlinks.entry(target.clone()).or_default().push(r.key.clone());
            }
        }
        let Some(collection) = schema.collections.get(&r.key.collection) else { continue };
        for (name, value) in &r.fields {
            let Some(def) = collection.field(name, &schema.common) else { continue };
            for item in value.items() {
                let Value::Str(s) = item else { continue };
                match def.ty.scalar() {
                    FieldType::Term(tax) => push(
                        terms.entry(tax.clone()).or_default().entry(s.clone()).or_default(),
                        &r.key,
                    ),
                    FieldType::Country if countries::is_alpha3(s) => {
                        let entry =
                            countries_map.entry(s.clone()).or_insert_with(|| CountryRecords {
                                name: countries::name(s).unwrap_or_default().to_owned(),
                                ..CountryRecords::default()
                            });
                        push(&mut entry.direct, &r.key);
                    }
                    // A bloc named as a country: the record is about the region too.
                    FieldType::Country => push(
                        terms.entry(REGIONS.into()).or_default().entry(s.clone()).or_default(),
                        &r.key,
                    ),
                    _ => {}
                }
            }
        }
    }
    if let (Some(regions), Some(tagged)) = (schema.taxonomies.get(REGIONS), terms.get(REGIONS)) {
        for (id, keys) in tagged {
            let Some(term) = regions.terms.get(id) else { continue };
            for member in &term.members {
                let entry = countries_map.entry(member.clone()).or_insert_with(|| CountryRecords {
                    name: countries::name(member).unwrap_or_default().to_owned(),
                    ..CountryRecords::default()
                });
                entry.via.insert(id.clone(), keys.clone());
            }
        }
    }
    for v in backlinks.values_mut() {
        v.sort();
        v.dedup();
    }
    for by_term in terms.values_mut() {
        for v in by_term.values_mut() {
            v.sort();
            v.dedup();
        }
    }
    Site { project, schema, records, listings, backlinks, terms, countries: countries_map }
}

fn push(v: &mut Vec<Key>, k: &Key) {
    if v.last() != Some(k) {
        v.push(k.clone());
    }
}

/// Title, URL, publisher and date of a `sources` record.
type SourceInfo = (String, Option<String>, Option<String>, Option<jiff::civil::Date>);

/// Copies title, URL, publisher and date from `sources` records into the
/// citations that `ref` them, keeping whatever the citation gives itself.
fn fill_citations(records: &mut BTreeMap<Key, Record>) {
    let sources: BTreeMap<Key, SourceInfo> = records
        .values()
        .filter(|r| r.key.collection == crate::load::SOURCES)
        .map(|r| {
            let url =
                ["url", "official_url"].iter().find_map(|f| r.fields.get(*f)).map(Value::to_text);
            let publisher = r.fields.get("publisher").map(Value::to_text);
            let date = match r.fields.get("date") {
                Some(Value::Date(d)) => Some(*d),
                _ => None,
            };
            (r.key.clone(), (r.title().to_owned(), url, publisher, date))
        })
        .collect();
    for r in records.values_mut() {
        for c in &mut r.sources {
            let Some((title, url, publisher, date)) =
                c.source.as_ref().and_then(|k| sources.get(k))
            else {
                continue;
            };
            if c.title.is_empty() {
                c.title = title.clone();
            }
            c.url = c.url.take().or_else(|| url.clone());
            c.publisher = c.publisher.take().or_else(|| publisher.clone());
            c.date = c.date.or(*date);
        }
    }
}

/// Listing order: by the sort field (records without it last), then title,
/// then id, so the order is total and stable.
fn compare(a: &Record, b: &Record, sort: &Sort) -> Ordering {
    let by_field = match (a.fields.get(&sort.field), b.fields.get(&sort.field)) {
        (Some(x), Some(y)) => {
            let o = compare_values(x, y);
            if sort.descending { o.reverse() } else { o }
        }
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    by_field
        .then_with(|| a.title().to_lowercase().cmp(&b.title().to_lowercase()))
        .then_with(|| a.key.cmp(&b.key))
}

fn compare_values(x: &Value, y: &Value) -> Ordering {
    match (x, y) {
        (Value::Str(a), Value::Str(b)) => {
            a.to_lowercase().cmp(&b.to_lowercase()).then_with(|| a.cmp(b))
        }
        _ => x.cmp(y),
    }
}
