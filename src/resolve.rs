//! Linking validated records into a [`Site`]: citations filled from source
//! records, listings sorted, backlinks, taxonomy terms and countries (with
//! what applies through blocs). Pure: no I/O, no diagnostics.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashSet};

use crate::config::Project;
use crate::core::countries;
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
            // Each record's sort strings lowercased once, not per comparison.
            let mut keys: Vec<SortKey<'_>> = records
                .values()
                .filter(|r| *r.key.collection == *c.name)
                .map(|r| SortKey::of(r, &c.sort))
                .collect();
            keys.sort_by(|a, b| a.cmp(b, c.sort.descending));
            (c.name.clone(), keys.into_iter().map(|k| k.key.clone()).collect())
        })
        .collect();

    let mut backlinks: BTreeMap<Key, Vec<Key>> = BTreeMap::new();
    let mut terms: TermIndex = BTreeMap::new();
    let mut countries_map: BTreeMap<String, CountryRecords> = BTreeMap::new();
    for r in records.values() {
        let c = contributions(&schema, r);
        for target in c.links {
            backlinks.entry(target).or_default().push(r.key.clone());
        }
        for (tax, term) in c.terms {
            push(terms.entry(tax).or_default().entry(term).or_default(), &r.key);
        }
        for code in c.countries {
            let entry = countries_map.entry(code.clone()).or_insert_with(|| country(&code));
            push(&mut entry.direct, &r.key);
        }
    }
    fill_via(&schema, &records, &terms, &mut countries_map);
    fill_tagged(&schema, &records, &terms, &mut countries_map);
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
    Site {
        project,
        schema,
        records,
        listings,
        backlinks,
        terms,
        countries: countries_map,
        history: Default::default(),
        spool: None,
    }
}

fn push(v: &mut Vec<Key>, k: &Key) {
    if v.last() != Some(k) {
        v.push(k.clone());
    }
}

fn country(code: &str) -> CountryRecords {
    CountryRecords {
        name: countries::name(code).unwrap_or_default().to_owned(),
        ..CountryRecords::default()
    }
}

/// Records that apply to a bloc apply to each of its member countries.
fn fill_via(
    schema: &Schema,
    records: &BTreeMap<Key, Record>,
    terms: &TermIndex,
    countries_map: &mut BTreeMap<String, CountryRecords>,
) {
    let (Some(regions), Some(tagged)) = (schema.taxonomies.get(REGIONS), terms.get(REGIONS)) else {
        return;
    };
    for (id, keys) in tagged {
        let Some(term) = regions.terms.get(id) else { continue };
        let keys = applying_through(keys, |k| {
            records.get(k).is_some_and(|r| names_as_country(schema, r, id))
        });
        if keys.is_empty() {
            continue;
        }
        for member in &term.members {
            let entry = countries_map.entry(member.clone()).or_insert_with(|| country(member));
            entry.via.insert(id.clone(), keys.clone());
        }
    }
}

/// [`CountryRecords::tagged`] of every country with records, afresh: for
/// each bloc, the records tagged with it that name no country and do not
/// name it where they name countries.
fn fill_tagged(
    schema: &Schema,
    records: &BTreeMap<Key, Record>,
    terms: &TermIndex,
    countries: &mut BTreeMap<String, CountryRecords>,
) {
    let named = naming_a_country(countries);
    for c in countries.values_mut() {
        c.tagged.clear();
    }
    let (Some(regions), Some(tagged)) = (schema.taxonomies.get(REGIONS), terms.get(REGIONS)) else {
        return;
    };
    for (id, keys) in tagged {
        let Some(term) = regions.terms.get(id) else { continue };
        if term.members.is_empty() {
            continue;
        }
        let merely = keys
            .iter()
            .filter(|k| !named.contains(*k))
            .filter(|k| !records.get(*k).is_some_and(|r| names_as_country(schema, r, id)))
            .count();
        if merely == 0 {
            continue;
        }
        for member in &term.members {
            if let Some(entry) = countries.get_mut(member) {
                entry.tagged.insert(id.clone(), merely);
            }
        }
    }
}

/// The records that name a country of their own (directly, in a country
/// field).
fn naming_a_country(countries: &BTreeMap<String, CountryRecords>) -> HashSet<Key> {
    countries.values().flat_map(|c| c.direct.iter().cloned()).collect()
}

/// Of the records tagged with a bloc, those that apply to its members:
/// those naming the bloc where they name countries (`jurisdiction: eu`,
/// `countries: [KEN, european-union]`), as `compare` reads them. One that
/// has the bloc as a tag only is about the bloc ([`fill_tagged`]), or, when
/// it names a country of its own, about that country (China's law tagged
/// `regions: [g20]` is no law of Germany's).
fn applying_through(keys: &[Key], bloc_as_country: impl Fn(&Key) -> bool) -> Vec<Key> {
    keys.iter().filter(|k| bloc_as_country(k)).cloned().collect()
}

/// Whether `r` names `bloc` in one of its country fields.
fn names_as_country(schema: &Schema, r: &Record, bloc: &str) -> bool {
    let Some(c) = schema.collections.get(&*r.key.collection) else { return false };
    r.fields.iter().any(|(name, value)| {
        c.field(name, &schema.common).is_some_and(|d| matches!(d.ty.scalar(), FieldType::Country))
            && value.items().iter().any(|v| matches!(v, Value::Str(s) if s == bloc))
    })
}

/// What one record adds to the site's indexes: the records it links to
/// (not itself), its `(taxonomy, term)` pairs (blocs named in country fields
/// count as `regions` terms) and the countries it names directly, each in
/// field order without duplicates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contributions {
    /// Targets of `related` and `ref` fields, without the record itself.
    pub links: Vec<Key>,
    /// `(taxonomy, term id)` pairs.
    pub terms: Vec<(String, String)>,
    /// Alpha-3 codes named in country fields.
    pub countries: Vec<String>,
}

/// The [`Contributions`] of `r` under `schema`.
pub fn contributions(schema: &Schema, r: &Record) -> Contributions {
    let mut out = Contributions {
        links: r.links().into_iter().filter(|k| **k != r.key).cloned().collect(),
        ..Contributions::default()
    };
    let Some(collection) = schema.collections.get(&*r.key.collection) else { return out };
    // Seen before, in sets: `Vec::contains` made a record tagged with
    // 100,000 terms take 39 s.
    let mut seen_terms: HashSet<(&str, &str)> = HashSet::new();
    let mut seen_countries: HashSet<&str> = HashSet::new();
    for (name, value) in &r.fields {
        let Some(def) = collection.field(name, &schema.common) else { continue };
        for item in value.items() {
            let Value::Str(s) = item else { continue };
            let tax = match def.ty.scalar() {
                FieldType::Term(tax) => tax.as_str(),
                FieldType::Country if countries::is_alpha3(s) => {
                    if seen_countries.insert(s) {
                        out.countries.push(s.clone());
                    }
                    continue;
                }
                // A bloc named as a country: the record is about the region too.
                FieldType::Country => REGIONS,
                _ => continue,
            };
            if seen_terms.insert((tax, s)) {
                out.terms.push((tax.to_owned(), s.clone()));
            }
        }
    }
    out
}

/// One record's change for [`patch`]: the record before (by key) and after.
#[derive(Debug, Clone)]
pub struct Change {
    /// The key the record had in the site being patched, if it was there.
    pub old: Option<Key>,
    /// The validated record now, if the file still holds one; its citations
    /// must already be filled ([`fill_record_citations`]).
    pub new: Option<Record>,
}

/// Applies changed records to a resolved site so that it equals what
/// [`resolve`] gives for the new set of records, touching only the entries
/// the changed records are in (the serve loop's fast path).
///
/// Callers must not pass records of the `sources` collection: other records'
/// citations are filled from those, so a change there needs a full resolve.
pub fn patch(site: &mut Site, changes: Vec<Change>) {
    // Take every old contribution out first, then put every new one in, so
    // that changes touching the same entries compose.
    let mut blocs: BTreeSet<String> = BTreeSet::new();
    for change in &changes {
        let Some(old) = change.old.as_ref().and_then(|k| site.records.remove(k)) else { continue };
        if let Some(list) = site.listings.get_mut(&*old.key.collection) {
            list.retain(|k| *k != old.key);
        }
        let c = contributions(&site.schema, &old);
        blocs.extend(c.terms.iter().filter(|(t, _)| t == REGIONS).map(|(_, id)| id.clone()));
        for target in &c.links {
            if let Some(v) = site.backlinks.get_mut(target) {
                remove_sorted(v, &old.key);
                if v.is_empty() {
                    site.backlinks.remove(target);
                }
            }
        }
        for (tax, term) in &c.terms {
            if let Some(by_term) = site.terms.get_mut(tax) {
                if let Some(v) = by_term.get_mut(term) {
                    remove_sorted(v, &old.key);
                    if v.is_empty() {
                        by_term.remove(term);
                    }
                }
                if by_term.is_empty() {
                    site.terms.remove(tax);
                }
            }
        }
        for code in &c.countries {
            if let Some(entry) = site.countries.get_mut(code) {
                remove_sorted(&mut entry.direct, &old.key);
            }
        }
    }
    let added: Vec<Key> =
        changes.iter().filter_map(|c| c.new.as_ref().map(|r| r.key.clone())).collect();
    for change in changes {
        if let Some(new) = change.new {
            site.records.insert(new.key.clone(), new);
        }
    }
    for key in &added {
        let Some(r) = site.records.get(key) else { continue };
        if let (Some(list), Some(c)) =
            (site.listings.get_mut(&*key.collection), site.schema.collections.get(&*key.collection))
        {
            let at = list.partition_point(|k| {
                site.records.get(k).is_some_and(|x| compare(x, r, &c.sort) == Ordering::Less)
            });
            list.insert(at, key.clone());
        }
        let c = contributions(&site.schema, r);
        blocs.extend(c.terms.iter().filter(|(t, _)| t == REGIONS).map(|(_, id)| id.clone()));
        for target in c.links {
            insert_sorted(site.backlinks.entry(target).or_default(), key);
        }
        for (tax, term) in c.terms {
            insert_sorted(site.terms.entry(tax).or_default().entry(term).or_default(), key);
        }
        for code in c.countries {
            let entry = site.countries.entry(code.clone()).or_insert_with(|| country(&code));
            insert_sorted(&mut entry.direct, key);
        }
    }
    // What applies through the blocs these records name, for each member
    // (only those blocs: a big bloc's list, copied to every member, is the
    // costliest part of a full resolve).
    if let Some(regions) = site.schema.taxonomies.get(REGIONS) {
        for bloc in &blocs {
            let Some(term) = regions.terms.get(bloc) else { continue };
            let keys = site
                .terms
                .get(REGIONS)
                .and_then(|t| t.get(bloc))
                .map(|v| {
                    applying_through(v, |k| {
                        site.records.get(k).is_some_and(|r| names_as_country(&site.schema, r, bloc))
                    })
                })
                .filter(|v| !v.is_empty());
            for member in &term.members {
                match keys {
                    Some(ref keys) => {
                        let entry =
                            site.countries.entry(member.clone()).or_insert_with(|| country(member));
                        entry.via.insert(bloc.clone(), keys.clone());
                    }
                    None => {
                        if let Some(entry) = site.countries.get_mut(member) {
                            entry.via.remove(bloc);
                        }
                    }
                }
            }
        }
    }
    site.countries.retain(|_, e| !e.direct.is_empty() || !e.via.is_empty());
    fill_tagged(&site.schema, &site.records, &site.terms, &mut site.countries);
}

fn insert_sorted(v: &mut Vec<Key>, k: &Key) {
    if let Err(at) = v.binary_search(k) {
        v.insert(at, k.clone());
    }
}

fn remove_sorted(v: &mut Vec<Key>, k: &Key) {
    if let Ok(at) = v.binary_search(k) {
        v.remove(at);
    }
}

/// Title, URL, publisher, date and year of a `sources` record.
pub(crate) type SourceInfo =
    (String, Option<String>, Option<String>, Option<jiff::civil::Date>, Option<i32>);

/// Copies title, URL, publisher and date from `sources` records into the
/// citations that `ref` them, keeping whatever the citation gives itself.
fn fill_citations(records: &mut BTreeMap<Key, Record>) {
    let sources: BTreeMap<Key, SourceInfo> = records
        .values()
        .filter(|r| &*r.key.collection == crate::load::SOURCES)
        .map(|r| (r.key.clone(), source_info(r)))
        .collect();
    for r in records.values_mut() {
        fill(r, |k| sources.get(k).cloned());
    }
}

/// Fills one record's `ref:` citations from the `sources` records of
/// `records`, as [`resolve`] does for all of them.
pub fn fill_record_citations(r: &mut Record, records: &BTreeMap<Key, Record>) {
    fill(r, |k| {
        records.get(k).filter(|s| &*s.key.collection == crate::load::SOURCES).map(source_info)
    });
}

/// [`SourceInfo`] of `r`: its `url` (else `official_url`), `publisher`,
/// `date` and `year`, as citations that `ref` it and its own cite them.
pub(crate) fn source_info(r: &Record) -> SourceInfo {
    let url = ["url", "official_url"].iter().find_map(|f| r.fields.get(f)).map(Value::to_text);
    let publisher = r.fields.get("publisher").map(Value::to_text);
    let date = match r.fields.get("date") {
        Some(Value::Date(d)) => Some(*d),
        _ => None,
    };
    // A source dated by its year only (`year: 2024`) is cited so, not as
    // undated.
    let year = match r.fields.get("year") {
        Some(Value::Int(y)) => i32::try_from(*y).ok(),
        _ => None,
    };
    (r.title().to_owned(), url, publisher, date, year)
}

fn fill(r: &mut Record, source: impl Fn(&Key) -> Option<SourceInfo>) {
    for c in &mut r.sources {
        let Some((title, url, publisher, date, year)) = c.source.as_ref().and_then(&source) else {
            continue;
        };
        if c.title.is_empty() {
            c.title = title;
        }
        c.url = c.url.take().or(url);
        c.publisher = c.publisher.take().or(publisher);
        c.date = c.date.or(date);
        c.year = if c.date.is_some() { None } else { c.year.or(year) };
    }
}

/// Listing order: by the sort field (records without it last), then title,
/// then id, so the order is total and stable.
pub fn compare(a: &Record, b: &Record, sort: &Sort) -> Ordering {
    SortKey::of(a, sort).cmp(&SortKey::of(b, sort), sort.descending)
}

/// What a record sorts by in a listing, its strings lowercased.
struct SortKey<'r> {
    /// The sort field's value, and its lowercase form for a string.
    field: Option<(&'r Value, Option<String>)>,
    title: String,
    key: &'r Key,
}

impl<'r> SortKey<'r> {
    fn of(r: &'r Record, sort: &Sort) -> SortKey<'r> {
        let field = r.fields.get(&sort.field).map(|v| {
            let lower = match v {
                Value::Str(s) => Some(s.to_lowercase()),
                _ => None,
            };
            (v, lower)
        });
        SortKey { field, title: r.title().to_lowercase(), key: &r.key }
    }

    /// Strings case-insensitively first (then as written); other values
    /// by their own order.
    fn cmp(&self, other: &SortKey<'_>, descending: bool) -> Ordering {
        let by_field = match (&self.field, &other.field) {
            (Some(x), Some(y)) => {
                let o = match (x, y) {
                    ((Value::Str(a), Some(la)), (Value::Str(b), Some(lb))) => {
                        la.cmp(lb).then_with(|| a.cmp(b))
                    }
                    ((a, _), (b, _)) => a.cmp(b),
                };
                if descending { o.reverse() } else { o }
            }
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        by_field.then_with(|| self.title.cmp(&other.title)).then_with(|| self.key.cmp(other.key))
    }
}
