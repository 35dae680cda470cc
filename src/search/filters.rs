//! A query's filters as the engine applies them, the same rules as
//! `search.js`: the values asked of one field are alternatives (OR), the
//! fields must all match (AND), as Pagefind's `any` within a filter and
//! `all` across them; a period (`adopted:2016`, `adopted:2016..2018`) is a
//! value of its field, an alternative to the field's other periods and
//! values, while a bound open at one end (`adopted:>=2018`) must hold;
//! every excluded filter excludes. Filters restrict without scoring. Also
//! the sort a request asks for.

use std::ops::Bound;

use tantivy::Term;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption};

use crate::search::Error;
use crate::search::catalog::{self, Catalog, FacetInfo, FacetValue};
use crate::search::query::Filter;
use crate::search::range;
use crate::search::schema::Fields;

/// The filters of one request.
#[derive(Debug, Default)]
pub struct Filters {
    /// Positive value filters and periods by field, in the order first
    /// asked: any of them. A field whose values no record has has none (and
    /// matches nothing).
    pub groups: Vec<(String, Vec<Box<dyn Query>>)>,
    /// Ranges open at one end, all required.
    pub ranges: Vec<Box<dyn Query>>,
    /// What no hit may match.
    pub excluded: Vec<Box<dyn Query>>,
    /// Whether any positive filter was asked (even an impossible one).
    pub any_positive: bool,
    /// Whether a positive filter can match nothing.
    pub impossible: bool,
}

impl Filters {
    /// Reads `positive` and `excluded` filters, saying in `notes` which
    /// value no record has and which range cannot be read.
    pub fn new(
        catalog: &Catalog,
        fields: &Fields,
        positive: &[Filter],
        excluded: &[Filter],
        notes: &mut Vec<String>,
    ) -> Filters {
        let mut out = Filters { any_positive: !positive.is_empty(), ..Filters::default() };
        for (f, required) in
            positive.iter().map(|f| (f, true)).chain(excluded.iter().map(|f| (f, false)))
        {
            if let Some(ranged) = range_filter(catalog, fields, f) {
                // A field no record has a value of (`year` on a site
                // whose records give `adopted`): nothing to filter on.
                if catalog.range(&f.field).is_some_and(|(_, i)| i.span.is_none()) {
                    notes.push(empty_range_note(catalog, f));
                    out.impossible |= required;
                    continue;
                }
                match ranged {
                    Some((q, true)) if required => out.group(&f.field).push(q),
                    Some((q, _)) if required => out.ranges.push(q),
                    Some((q, _)) => out.excluded.push(q),
                    None => {
                        notes.push(range_note(catalog, f));
                        out.impossible |= required;
                    }
                }
                continue;
            }
            let term = value_term(catalog, fields, f);
            if term.is_none() {
                notes.push(format!("no record has {}={}", f.field, f.value));
                let members = member_notes(catalog, f);
                let listed = members.is_empty();
                notes.extend(members.into_iter().map(|(_, n)| n));
                match near_value(catalog, f) {
                    Some(near) => notes.push(near),
                    // Nothing near, no bloc: the values there are, when few.
                    None if listed => notes.extend(values_note(catalog, f)),
                    None => {}
                }
            } else if required {
                // A country records name that is also a member of blocs
                // they name: the blocs' records are not among its own, and
                // the note says how to add them (unless they are asked for).
                let asked = |bloc: &str| {
                    positive
                        .iter()
                        .any(|o| o.field == f.field && catalog::value_key(&o.value) == bloc)
                };
                notes.extend(
                    member_notes(catalog, f).into_iter().filter(|(b, _)| !asked(b)).map(|(_, n)| n),
                );
            }
            if !required {
                out.excluded.extend(term.map(constant));
                continue;
            }
            out.group(&f.field).extend(term.map(constant));
        }
        out.impossible |= out.groups.iter().any(|(_, terms)| terms.is_empty());
        out
    }

    /// Restricts to the records of any of `values` of facet `field`, as a
    /// group of its own, so that it holds beside any filter on the field:
    /// a query word that stands for the blocs it is a member of.
    pub fn require_any_of(
        &mut self,
        catalog: &Catalog,
        fields: &Fields,
        field: &str,
        values: &[&str],
    ) {
        let terms: Vec<Box<dyn Query>> = values
            .iter()
            .filter_map(|v| {
                value_term(
                    catalog,
                    fields,
                    &Filter { field: field.to_owned(), value: (*v).to_owned() },
                )
            })
            .map(constant)
            .collect();
        self.any_positive = true;
        self.impossible |= terms.is_empty();
        // No field has this name, so counts never take it for the field's own.
        self.groups.push((format!("{field}\u{0}member"), terms));
    }

    /// The alternatives of `field`'s group, added when new.
    fn group(&mut self, field: &str) -> &mut Vec<Box<dyn Query>> {
        let at = match self.groups.iter().position(|(f, _)| f == field) {
            Some(at) => at,
            None => {
                self.groups.push((field.to_owned(), Vec::new()));
                self.groups.len() - 1
            }
        };
        &mut self.groups[at].1
    }

    /// The clauses of every filter, leaving out the value group of `skip`
    /// (for the counts of that field's other values).
    pub fn clauses(&self, skip: Option<&str>) -> Vec<(Occur, Box<dyn Query>)> {
        let mut out: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (field, any) in &self.groups {
            if skip == Some(field.as_str()) {
                continue;
            }
            let q: Box<dyn Query> = match any.as_slice() {
                [one] => one.box_clone(),
                many => {
                    let any = many.iter().map(|q| (Occur::Should, q.box_clone())).collect();
                    Box::new(BooleanQuery::new(any))
                }
            };
            out.push((Occur::Must, q));
        }
        out.extend(self.ranges.iter().map(|q| (Occur::Must, q.box_clone())));
        out.extend(self.excluded.iter().map(|q| (Occur::MustNot, q.box_clone())));
        out
    }

    /// The facet fields with a value group (their counts are taken
    /// without it).
    pub fn grouped_facets<'a>(&'a self, catalog: &'a Catalog) -> impl Iterator<Item = usize> + 'a {
        self.groups.iter().filter_map(|(field, _)| catalog.facet(field).map(|(fi, _)| fi))
    }
}

/// A term query that restricts without scoring.
fn constant(term: Term) -> Box<dyn Query> {
    let q = TermQuery::new(term, IndexRecordOption::Basic);
    Box::new(ConstScoreQuery::new(Box::new(q), 0.0))
}

/// Whether `f` is a range filter, and then its query and whether it is a
/// period, closed at both ends (`None` inside when the range cannot be
/// read). On a field that is also a facet, only range syntax makes a
/// range; elsewhere a plain value is its whole period.
fn range_filter(
    catalog: &Catalog,
    fields: &Fields,
    f: &Filter,
) -> Option<Option<(Box<dyn Query>, bool)>> {
    let (ri, info) = catalog.range(&f.field)?;
    if catalog.facet(&f.field).is_some() && !range::is_range_syntax(&f.value) {
        return None;
    }
    Some(range::parse(&f.value, info.kind).map(|(lo, hi)| {
        let bound = |v| Term::from_field_i64(fields.ranges, range::pack(ri, v));
        let q = RangeQuery::new(Bound::Included(bound(lo)), Bound::Included(bound(hi)));
        let q: Box<dyn Query> = Box::new(ConstScoreQuery::new(Box::new(q), 0.0));
        (q, lo > -range::LIMIT && hi < range::LIMIT)
    }))
}

/// The term a value filter matches, or `None` when no record has the
/// value. Values match case-insensitively, by value or by label (`KEN`,
/// `ken` and `Kenya` all name Kenya).
fn value_term(catalog: &Catalog, fields: &Fields, f: &Filter) -> Option<Term> {
    let wanted = catalog::value_key(&f.value);
    if f.field == "collection" {
        let c = catalog
            .collections
            .iter()
            .find(|c| c.name == wanted || c.title.to_lowercase() == wanted)?;
        return Some(Term::from_field_text(fields.collection, &c.name));
    }
    let (_, facet) = catalog.facet(&f.field)?;
    let v = facet
        .values
        .iter()
        .find(|v| v.value == wanted)
        .or_else(|| facet.values.iter().find(|v| v.label.to_lowercase() == wanted))
        .or_else(|| facet.values.iter().find(|v| v.aliases.contains(&wanted)))
        .or_else(|| {
            // Typed without its accents (`Alianza del Pacifico`), as
            // words are searched.
            let wanted = loose(&wanted);
            facet.values.iter().find(|v| {
                loose(&v.value) == wanted
                    || loose(&v.label) == wanted
                    || v.aliases.iter().any(|a| loose(a) == wanted)
            })
        })?;
    Some(Term::from_facet(fields.facets, &Facet::from_path([f.field.as_str(), v.value.as_str()])))
}

/// `text` lower case without its accents (marks after canonical
/// decomposition): `Resolução` is `resolucao`. `search-more.js` (`loose`)
/// does the same.
pub fn loose(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization as _;
    text.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase()
}

/// The note on a range filter of a field no record has a value of, with
/// the first range field records do have (`updated` last). `search-more.js`
/// (`rangeNote`) words it the same.
fn empty_range_note(catalog: &Catalog, f: &Filter) -> String {
    // `updated` (when the record was last edited) is the last resort.
    let with = || catalog.ranges.iter().filter(|r| r.span.is_some());
    match with().find(|r| r.field != "updated").or_else(|| with().next()) {
        Some(r) => {
            format!("no record has a value of {}; did you mean {}:{}?", f.field, r.field, f.value)
        }
        None => format!("no record has a value of {}", f.field),
    }
}

/// The note on a range filter that matches nothing: bounds written the
/// wrong way round (`2020..2010`) are said so, with the range meant.
fn range_note(catalog: &Catalog, f: &Filter) -> String {
    if let Some(swapped) =
        catalog.range(&f.field).and_then(|(_, i)| range::reversed(&f.value, i.kind))
    {
        return format!(
            "\"{}\" is an empty range of {}: its start is after its end (did you mean {swapped}?)",
            f.value, f.field
        );
    }
    format!("cannot read \"{}\" as a range of {} (e.g. 2018..2023, >=2020)", f.value, f.field)
}

/// The note on a filter written with no value (`year:`), with an example
/// from the index: the field's first value, or the span of its values.
/// `search.js` (`valuelessNote`) says the same.
pub fn valueless_note(catalog: &Catalog, field: &str) -> String {
    let example = if field == "collection" {
        catalog.collections.first().map(|c| c.name.clone())
    } else if let Some((_, facet)) = catalog.facet(field) {
        facet.values.first().map(|v| v.value.clone())
    } else {
        catalog.range(field).and_then(|(_, r)| {
            let (lo, hi) = r.span?;
            // A date range reads best in years (`2019..2021`).
            Some(match r.kind {
                range::Kind::Date => format!("{}..{}", lo / 10_000, hi / 10_000),
                range::Kind::Int => format!("{lo}..{hi}"),
            })
        })
    };
    match example {
        Some(v) => format!("{field}: needs a value after the colon, e.g. {field}:{v}"),
        None => format!("{field}: needs a value after the colon"),
    }
}

/// For a value no record has, the value of the field nearest to it (by
/// its value or label, in edits as near spellings count them; the first
/// of the nearest), as a note: `jurisdiction=Chnia` meant `chn` (China).
/// `search.js` (`nearValue`) does the same.
fn near_value(catalog: &Catalog, f: &Filter) -> Option<String> {
    let (_, facet) = catalog.facet(&f.field)?;
    let wanted = f.value.trim().to_lowercase();
    let max = crate::search::plan::max_edits(wanted.chars().count());
    let mut best: Option<(usize, &catalog::FacetValue)> = None;
    for v in &facet.values {
        let d = [&v.value, &v.label]
            .iter()
            .filter_map(|t| crate::search::plan::edit_distance(&wanted, &t.to_lowercase(), max))
            .min();
        if let Some(d) = d
            && best.is_none_or(|(b, _)| d < b)
        {
            best = Some((d, v));
        }
    }
    let (_, v) = best?;
    let label =
        if v.label.to_lowercase() == v.value { String::new() } else { format!(" ({})", v.label) };
    Some(format!("did you mean {}={}{label}?", f.field, v.value))
}

/// Most values [`values_note`] lists.
pub const LISTED_VALUES: usize = 12;

/// The values of `f`'s field, when it has at most [`LISTED_VALUES`]: said
/// for a value no record has and none is near (`status:bogus`).
/// `search/more.js` (`valueNotes`) says the same.
fn values_note(catalog: &Catalog, f: &Filter) -> Option<String> {
    let values: Vec<&str> = if f.field == "collection" {
        catalog.collections.iter().map(|c| c.name.as_str()).collect()
    } else {
        catalog.facet(&f.field)?.1.values.iter().map(|v| v.value.as_str()).collect()
    };
    (!values.is_empty() && values.len() <= LISTED_VALUES)
        .then(|| format!("the values of {} are {}", f.field, values.join(", ")))
}

/// For a query word no record holds that a bloc's members include (a
/// country that records name only through a bloc: `Germany`, `Allemagne`):
/// the facet whose blocs that have it hold the most records (where the
/// bloc's own law sits: `jurisdiction` for `Germany`, not the one record
/// tagged `regions=european-union`), the first such facet on a tie, with
/// those blocs in value order. Not for a word under three letters: `de`
/// or `it` is more often a word than Germany's or Italy's code.
/// `search-more.js` (`wordBlocs`) does the same.
pub fn word_blocs<'c>(catalog: &'c Catalog, word: &str) -> Option<(&'c str, Vec<&'c FacetValue>)> {
    let wanted = catalog::value_key(word);
    if wanted.chars().count() < 3 {
        return None;
    }
    let mut best: Option<(u64, &FacetInfo)> = None;
    for facet in &catalog.facets {
        let held: u64 = facet
            .values
            .iter()
            .filter(|v| v.members.contains(&wanted))
            .map(|v| u64::from(v.count))
            .sum();
        if held > 0 && best.is_none_or(|(most, _)| held > most) {
            best = Some((held, facet));
        }
    }
    let (_, facet) = best?;
    Some((&facet.field, facet.values.iter().filter(|v| v.members.contains(&wanted)).collect()))
}

/// The blocs among the field's values that the value (an alpha-3 code) is
/// a member of, each with its note: the records of the European Union for
/// `jurisdiction=DEU`. Blocs in value order.
fn member_notes(catalog: &Catalog, f: &Filter) -> Vec<(String, String)> {
    let Some((_, facet)) = catalog.facet(&f.field) else { return Vec::new() };
    let wanted = catalog::value_key(&f.value);
    facet
        .values
        .iter()
        .filter(|v| v.members.contains(&wanted))
        .map(|v| {
            let note = format!("{} is a member of {}: {}:{}", f.value, v.label, f.field, v.value);
            (v.value.clone(), note)
        })
        .collect()
}

/// The sort a request asks for: the range field's number and whether
/// descending, or `None` for relevance.
pub fn sort(catalog: &Catalog, sort: Option<&str>) -> Result<Option<(usize, bool)>, Error> {
    let Some(s) = sort.map(str::trim).filter(|s| !s.is_empty() && *s != "relevance") else {
        return Ok(None);
    };
    let (name, descending) = match s.strip_prefix('-') {
        Some(n) => (n.trim().to_lowercase(), true),
        None => (s.to_lowercase(), false),
    };
    // A range's label names it too (`--sort -vigencia`), as in a filter.
    let field = catalog.filter_field(&name).unwrap_or(&name);
    match catalog.range(field) {
        Some((ri, _)) => Ok(Some((ri, descending))),
        // `-relevance`: relevance has one order, the best first.
        None if name == "relevance" => Err(Error::Usage(
            "`--sort -relevance`: relevance has one order, the best match first; write `--sort \
             relevance` (or leave --sort out), or sort by a date or number field"
                .into(),
        )),
        None => Err(Error::Usage(unknown(
            "date or number field to sort by",
            &name,
            std::iter::once("relevance").chain(catalog.ranges.iter().map(|f| f.field.as_str())),
        ))),
    }
}

/// The message of a name that is not one of `known`, with the nearest.
pub(crate) fn unknown<'a>(what: &str, name: &str, known: impl Iterator<Item = &'a str>) -> String {
    // Each once: a field that is a facet and a range was listed twice.
    let mut known: Vec<&str> = known.collect();
    let mut seen = std::collections::HashSet::new();
    known.retain(|k| seen.insert(*k));
    let hint = crate::core::diag::did_you_mean(name, known.iter().copied())
        .map(|n| format!(" (did you mean `{n}`?)"))
        .unwrap_or_default();
    format!("there is no {what} `{name}`{hint}; known: {}", known.join(", "))
}
