//! The map and charts of the home page, the country list, collection
//! listings and term pages (`views`, HTML for the template to place).
//!
//! Shown on page 1 only. What they count is summed once per page from the
//! site's indexes ([`Summary`], shared by every language); each language
//! then only looks up names and writes markup.

use std::collections::BTreeMap;
use std::sync::Arc;

use tera::Context;

use crate::model::{FieldDef, FieldType, Key, Value};
use crate::pipeline::can_shade;

use super::super::filters::escape_html as esc;
use super::super::svg::chart::{self, Bar, Chart, Layout};
use super::super::svg::map::{self, Class, Map, Shaded};
use super::super::svg::{CountrySummary, Summary, geo};
use super::*;

/// Fields a record's year comes from, the first it has; then the
/// collection's own date fields in declared order.
const YEAR_FIELDS: &[&str] = &["adopted", "year", "date"];

/// Most bars of the years chart (longer spans are grouped).
const MOST_YEARS: usize = 40;

/// Most bars of the terms chart (the most used terms).
const MOST_TERMS: usize = 12;

/// Count classes of the map.
const CLASSES: usize = 5;

/// Countries with records whose records give no value of the facet.
const NOT_STATED: &str = "#b8b8b8";

impl View<'_> {
    /// Puts `views` in `ctx` on the pages that have a map or charts.
    pub(super) fn views(&self, ctx: &mut Context, page: &Page) {
        if self.number > 1 {
            return;
        }
        let html = match page {
            Page::Home | Page::CountryIndex => self.map_html(&self.summary("all", || Summary {
                countries: self.countries(None, None),
                ..Default::default()
            })),
            Page::Collection(name) => {
                let s =
                    self.summary(&format!("collection:{name}"), || self.collection_summary(name));
                self.map_html(&s) + &self.charts_html(&s)
            }
            Page::Term(taxonomy, id) => {
                let s = self.summary(&format!("term:{taxonomy}/{id}"), || {
                    let keys = self.site.terms.get(taxonomy).and_then(|m| m.get(id));
                    let keys: Vec<&Key> = keys.into_iter().flatten().collect();
                    Summary {
                        years: self.years(&keys),
                        terms: self.terms(&keys, Some(taxonomy)),
                        ..Default::default()
                    }
                });
                self.charts_html(&s)
            }
            _ => String::new(),
        };
        if html.is_empty() {
            return;
        }
        let heading = self.theme.i18n().text(self.lang, "views-heading");
        ctx.insert(
            "views",
            &format!(
                "<section class=\"views\" aria-labelledby=\"views-heading\">\
                 <h2 id=\"views-heading\">{}</h2>{html}</section>",
                esc(&heading)
            ),
        );
    }

    fn summary(&self, key: &str, make: impl FnOnce() -> Summary) -> Arc<Summary> {
        self.memo.views.get(key, make)
    }

    fn collection_summary(&self, name: &str) -> Summary {
        let site = self.site;
        let facet =
            site.project.config.map.facet.as_deref().filter(|f| {
                site.field(name, f).is_some_and(|d| can_shade(&d.ty) && d.name != "title")
            });
        let keys: Vec<&Key> = site.listings.get(name).into_iter().flatten().collect();
        Summary {
            countries: self.countries(Some(name), facet),
            facet: facet.map(str::to_owned),
            years: self.years(&keys),
            terms: self.terms(&keys, None),
        }
    }

    /// Countries with records (of `collection` only, when given), with
    /// the value of `facet` most of them have.
    fn countries(&self, collection: Option<&str>, facet: Option<&str>) -> Vec<CountrySummary> {
        let site = self.site;
        let mut out = Vec::new();
        for (code, c) in &site.countries {
            let mut keys: Vec<&Key> = c
                .direct
                .iter()
                .chain(c.via.values().flatten())
                .filter(|k| collection.is_none_or(|name| &*k.collection == name))
                .collect();
            keys.sort();
            keys.dedup();
            if keys.is_empty() {
                continue;
            }
            // A country's own records decide its colour; those that apply
            // through its blocs only when its own state no value (a bloc's
            // many records would otherwise outvote the country's own law).
            let own: Vec<&Key> = c
                .direct
                .iter()
                .filter(|k| collection.is_none_or(|name| &*k.collection == name))
                .collect();
            let value = facet.and_then(|f| {
                self.most_frequent(&own, collection, f)
                    .or_else(|| self.most_frequent(&keys, collection, f))
            });
            out.push(CountrySummary { code: code.clone(), count: keys.len(), value });
        }
        out
    }

    /// The value of `facet` most of `keys` have; a tie goes to the one the
    /// legend lists last: schemas list an enum's values from the least to
    /// the most (`none`, `conditional`, `sectoral`, `broad`), and a country
    /// with one law of each is shaded by the furthest it goes, as policy
    /// trackers' maps are (India's payment-data rule is not hidden by a
    /// law that requires nothing).
    fn most_frequent(&self, keys: &[&Key], collection: Option<&str>, f: &str) -> Option<Value> {
        let site = self.site;
        let mut tally: BTreeMap<&Value, usize> = BTreeMap::new();
        for r in keys.iter().filter_map(|k| site.records.get(*k)) {
            let mut items: Vec<&Value> =
                r.fields.get(f).map(|v| v.items().iter().collect()).unwrap_or_default();
            items.dedup();
            for v in items {
                *tally.entry(v).or_default() += 1;
            }
        }
        let def = collection.and_then(|c| site.field(c, f));
        let best = tally
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| order(def, a.0).cmp(&order(def, b.0))));
        best.map(|(v, _)| (*v).clone())
    }

    /// Records per year: each record's first [`YEAR_FIELDS`] value, else
    /// its collection's first own date field it has.
    fn years(&self, keys: &[&Key]) -> Vec<(i32, usize)> {
        let site = self.site;
        let mut own_dates: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        let mut years: BTreeMap<i32, usize> = BTreeMap::new();
        for r in keys.iter().filter_map(|k| site.records.get(*k)) {
            let dates = own_dates.entry(&*r.key.collection).or_insert_with(|| {
                let c = site.schema.collections.get(&*r.key.collection);
                let own = c.into_iter().flat_map(|c| c.fields.iter());
                own.filter(|f| f.ty == FieldType::Date).map(|f| f.name.as_str()).collect()
            });
            let year = YEAR_FIELDS.iter().chain(dates.iter()).find_map(|f| match r.fields.get(f) {
                Some(Value::Date(d)) => Some(i32::from(d.year())),
                Some(Value::Int(y)) if (1..=9999).contains(y) => i32::try_from(*y).ok(),
                _ => None,
            });
            if let Some(y) = year {
                *years.entry(y).or_default() += 1;
            }
        }
        years.into_iter().collect()
    }

    /// Records per term of the first taxonomy the records' collection
    /// tags with (`topics` when it has it), other than `exclude`.
    fn terms(
        &self,
        keys: &[&Key],
        exclude: Option<&str>,
    ) -> Option<(String, Vec<(String, usize)>)> {
        let site = self.site;
        let first = keys.first()?;
        let taxonomy = self.term_taxonomy(&first.collection, exclude)?;
        let mut fields: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for r in keys.iter().filter_map(|k| site.records.get(*k)) {
            let names = fields.entry(&*r.key.collection).or_insert_with(|| {
                let c = site.schema.collections.get(&*r.key.collection);
                let all = c.into_iter().flat_map(|c| c.all_fields(&site.schema.common));
                all.filter(|f| matches!(f.ty.scalar(), FieldType::Term(t) if *t == taxonomy))
                    .map(|f| f.name.as_str())
                    .collect()
            });
            let mut ids: Vec<&str> = names
                .iter()
                .filter_map(|n| r.fields.get(n))
                .flat_map(|v| v.items())
                .filter_map(|v| match v {
                    Value::Str(s) => Some(s.as_str()),
                    _ => None,
                })
                .collect();
            ids.sort_unstable();
            ids.dedup();
            for id in ids {
                *counts.entry(id).or_default() += 1;
            }
        }
        let mut counts: Vec<(String, usize)> =
            counts.into_iter().map(|(id, n)| (id.to_owned(), n)).collect();
        counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        (!counts.is_empty()).then_some((taxonomy, counts))
    }

    /// `topics` when `collection` has a field of it, else the taxonomy of
    /// its first term facet, else of its first term field; never `exclude`.
    fn term_taxonomy(&self, collection: &str, exclude: Option<&str>) -> Option<String> {
        let site = self.site;
        let c = site.schema.collections.get(collection)?;
        let tax = |f: &FieldDef| match f.ty.scalar() {
            FieldType::Term(t) if Some(t.as_str()) != exclude => Some(t.clone()),
            _ => None,
        };
        let mut all = c.all_fields(&site.schema.common);
        let facets = c.facets.iter().filter_map(|n| c.field(n, &site.schema.common));
        c.all_fields(&site.schema.common)
            .filter_map(tax)
            .find(|t| t == "topics")
            .or_else(|| facets.filter_map(tax).next())
            .or_else(|| all.find_map(tax))
    }

    fn map_html(&self, s: &Summary) -> String {
        if s.countries.is_empty() {
            return String::new();
        }
        let i18n = self.theme.i18n();
        let lang = self.lang;
        let records = |n: usize| i18n.count(lang, "records", n as u64);
        let facet_def = s.facet.as_deref().and_then(|f| {
            self.site.schema.collections.values().find_map(|c| c.field(f, &self.site.schema.common))
        });
        let mut classes: Vec<Class> = Vec::new();
        let mut class_of: Vec<usize> = Vec::new();
        let mut values: Vec<String> = Vec::new();
        let (caption, legend_title, value_header);
        if let (Some(def), Some(_)) = (facet_def, &s.facet) {
            let label = self.field_label(def);
            caption = i18n.format(lang, "map-caption-facet", None, &[("field", &label)]);
            legend_title = label.clone().into_owned();
            value_header = label.into_owned();
            let mut legend: Vec<&Value> =
                s.countries.iter().filter_map(|c| c.value.as_ref()).collect();
            legend.sort_by(|a, b| order(Some(def), a).cmp(&order(Some(def), b)));
            legend.dedup();
            let shown = legend.len().min(map::CATEGORICAL.len());
            let shown = if shown < legend.len() { shown - 1 } else { shown };
            for (v, colour) in legend.iter().zip(map::CATEGORICAL).take(shown) {
                classes.push(Class { colour, label: self.value(&def.ty, v).text });
            }
            let other = classes.len();
            if shown < legend.len() {
                classes.push(Class {
                    colour: map::OTHER,
                    label: i18n.text(lang, "map-other-values").into_owned(),
                });
            }
            let not_stated = classes.len();
            if s.countries.iter().any(|c| c.value.is_none()) {
                classes.push(Class {
                    colour: NOT_STATED,
                    label: i18n.text(lang, "map-not-stated").into_owned(),
                });
            }
            for c in &s.countries {
                let (class, text) = match &c.value {
                    Some(v) => (
                        legend.iter().position(|l| *l == v).filter(|i| *i < shown).unwrap_or(other),
                        self.value(&def.ty, v).text,
                    ),
                    None => (not_stated, i18n.text(lang, "map-not-stated").into_owned()),
                };
                class_of.push(class);
                values.push(text);
            }
        } else {
            caption = i18n.text(lang, "map-caption").into_owned();
            legend_title = i18n.text(lang, "records-heading").into_owned();
            value_header = legend_title.clone();
            let counts: Vec<usize> = s.countries.iter().map(|c| c.count).collect();
            let ranges = map::quantiles(&counts, CLASSES);
            for ((low, high), colour) in ranges.iter().zip(map::sequential(ranges.len())) {
                let label = if low == high {
                    i18n.number(lang, *low as u64)
                } else {
                    let (low, high) =
                        (i18n.number(lang, *low as u64), i18n.number(lang, *high as u64));
                    i18n.format(lang, "number-range", None, &[("low", &low), ("high", &high)])
                };
                classes.push(Class { colour, label });
            }
            for c in &s.countries {
                class_of.push(map::class_of(&ranges, c.count));
                values.push(i18n.number(lang, c.count as u64));
            }
        }
        let mut countries: Vec<Shaded> = s
            .countries
            .iter()
            .zip(class_of)
            .zip(values)
            .map(|((c, class), value)| {
                let name = self.country_name(&c.code).into_owned();
                let title = match &s.facet {
                    Some(_) => i18n.format(
                        lang,
                        "map-country-value",
                        None,
                        &[
                            ("country", &name),
                            ("field", &legend_title),
                            ("value", &value),
                            ("records", &records(c.count)),
                        ],
                    ),
                    None => i18n.format(
                        lang,
                        "map-country-title",
                        None,
                        &[("country", &name), ("records", &records(c.count))],
                    ),
                };
                let url =
                    self.site.countries.contains_key(&c.code).then(|| self.urls.country(&c.code));
                Shaded { code: c.code.clone(), name, url, class, title, value }
            })
            .collect();
        let text = self.collation();
        countries.sort_by(|a, b| text.compare(&a.name, &b.name).then_with(|| a.code.cmp(&b.code)));
        let table_summary = i18n.text(lang, "view-data");
        let country = i18n.text(lang, "map-country");
        map::render(
            geo::world(),
            &Map {
                id: "map",
                caption: &caption,
                legend_title: &legend_title,
                classes,
                none_label: &i18n.text(lang, "map-no-records"),
                countries,
                table_summary: &table_summary,
                headers: [&country, &value_header],
            },
        )
    }

    fn charts_html(&self, s: &Summary) -> String {
        let i18n = self.theme.i18n();
        let lang = self.lang;
        let table_summary = i18n.text(lang, "view-data");
        let records_header = i18n.text(lang, "records-heading");
        let mut out = String::new();
        let total = |bars: &[Bar]| bars.iter().map(|b| b.value as u64).sum::<u64>();
        let peak = |bars: &[Bar]| {
            let max = bars.iter().map(|b| b.value).max().unwrap_or(0);
            bars.iter().find(|b| b.value == max).map(|b| b.label.clone()).unwrap_or_default()
        };
        let years = chart::years(&s.years, MOST_YEARS);
        if let (Some(first), Some(last)) = (years.first(), years.last()) {
            let bars: Vec<Bar> = years
                .iter()
                .map(|(label, n)| Bar {
                    label: label.clone(),
                    value: *n,
                    value_text: i18n.number(lang, *n as u64),
                    url: None,
                })
                .collect();
            let desc = i18n.format(
                lang,
                "chart-years-desc",
                None,
                &[
                    ("records", &i18n.count(lang, "records", total(&bars))),
                    ("first", &first.0),
                    ("last", &last.0),
                    ("peak", &peak(&bars)),
                ],
            );
            out.push_str(&chart::render(&Chart {
                id: "chart-years",
                title: &i18n.text(lang, "chart-years"),
                desc: &desc,
                headers: [&i18n.text(lang, "chart-year"), &records_header],
                table_summary: &table_summary,
                bars,
                layout: Layout::Columns,
            }));
        }
        if let Some((taxonomy, counts)) = &s.terms
            && let Some(t) = self.site.schema.taxonomies.get(taxonomy)
        {
            let bars: Vec<Bar> = counts
                .iter()
                .take(MOST_TERMS)
                .map(|(id, n)| Bar {
                    label: self.site.term_label_in(taxonomy, id, lang).to_owned(),
                    value: *n,
                    value_text: i18n.number(lang, *n as u64),
                    url: has_term_page(self.site, taxonomy, id)
                        .then(|| self.urls.term(taxonomy, id)),
                })
                .collect();
            let title = i18n.format(lang, "chart-terms", None, &[("taxonomy", t.title_in(lang))]);
            let desc = i18n.format(
                lang,
                "chart-terms-desc",
                Some(counts.len() as u64),
                &[("shown", &i18n.number(lang, bars.len() as u64)), ("peak", &peak(&bars))],
            );
            out.push_str(&chart::render(&Chart {
                id: "chart-terms",
                title: &title,
                desc: &desc,
                headers: [t.title_in(lang), &records_header],
                table_summary: &table_summary,
                bars,
                layout: Layout::Rows,
            }));
        }
        if out.is_empty() { out } else { format!("<div class=\"charts\">{out}</div>") }
    }
}

/// Where `v` sits in the legend: an enum's values in declared order, then
/// anything else in value order.
fn order<'v>(def: Option<&FieldDef>, v: &'v Value) -> (usize, &'v Value) {
    let position = match (def.map(|d| d.ty.scalar()), v) {
        (Some(FieldType::Enum(values)), Value::Str(s)) => values.iter().position(|x| x == s),
        _ => None,
    };
    (position.unwrap_or(usize::MAX), v)
}
