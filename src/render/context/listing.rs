//! A collection's listing and the pager of every paginated page.
//!
//! The listing's order and facet counts are over all of its records and
//! the same for each of its pages, so they are made once per language and
//! render ([`super::super::paging::Memo`]); each page then builds items
//! for its own records only.

use std::collections::BTreeMap;

use anyhow::{Result, bail};
use serde::Serialize;
use tera::Context;

use super::super::paging::{self, Prepared};
use super::*;

impl View<'_> {
    /// The listing's records in order and its facets with counts over all
    /// of them.
    fn prepare_collection(&self, name: &str) -> Result<Prepared> {
        let site = self.site;
        let Some(c) = site.schema.collections.get(name) else {
            bail!("there is no collection `{name}`")
        };
        let mut keys: Vec<&Key> =
            site.listings.get(name).map_or(&[][..], Vec::as_slice).iter().collect();
        // The listing is in the order of the originals by code points;
        // each language's page sorts by its collation and the versions
        // it shows (a translated title).
        let text = self.collation();
        keys.sort_by(|a, b| match (site.records.get(*a), site.records.get(*b)) {
            (Some(x), Some(y)) => self.compare(x, y, &c.sort, &text),
            _ => a.cmp(b),
        });
        keys.retain(|k| site.records.contains_key(*k));
        let facet_defs = facet_defs(c, &site.schema.common);
        // Counted by the value's text first: labels and links are looked
        // up once per distinct value, not once per record.
        let mut counts: Vec<BTreeMap<String, (usize, &Value)>> =
            facet_defs.iter().map(|_| BTreeMap::new()).collect();
        for r in keys.iter().filter_map(|k| site.records.get(*k)) {
            for (def, count) in facet_defs.iter().zip(counts.iter_mut()) {
                let Some(value) = r.fields.get(&def.name) else { continue };
                for v in value.items() {
                    count.entry(v.to_text()).or_insert((0, v)).0 += 1;
                }
            }
        }
        let facets: Vec<FacetView<'_>> = facet_defs
            .iter()
            .zip(counts)
            .map(|(def, values)| {
                let mut values: Vec<FacetValue> = values
                    .into_iter()
                    .map(|(key, (count, v))| {
                        let view = self.value(&def.ty, v);
                        FacetValue { value: key, label: view.text, count, url: view.url }
                    })
                    .collect();
                values.sort_by(|a, b| {
                    b.count.cmp(&a.count).then_with(|| text.compare(&a.label, &b.label))
                });
                let more = values.len().saturating_sub(super::FACET_VALUES);
                values.truncate(super::FACET_VALUES);
                let more_url = match def.ty.scalar() {
                    FieldType::Term(t) => Some(self.urls.taxonomy(t)),
                    FieldType::Country => Some(self.urls.countries()),
                    _ => None,
                }
                .filter(|_| more > 0);
                FacetView { name: &def.name, label: self.field_label(def), values, more, more_url }
            })
            .filter(|f| !f.values.is_empty())
            .collect();
        Ok(Prepared::new(
            vec![vec![(name.to_owned(), keys.into_iter().cloned().collect())]],
            serde_json::to_value(&facets).unwrap_or_default(),
        ))
    }

    pub(super) fn collection(&self, ctx: &mut Context, name: &str) -> Result<()> {
        #[derive(Serialize)]
        struct CollectionView<'a> {
            name: &'a str,
            title: &'a str,
            singular: &'a str,
            description: &'a str,
            /// The description's language and direction when it is the
            /// default language's, standing in for this page's.
            description_lang: Option<&'a str>,
            description_dir: &'static str,
            sort_label: String,
            count: usize,
            url: String,
        }
        let site = self.site;
        let Some(c) = site.schema.collections.get(name) else {
            bail!("there is no collection `{name}`")
        };
        let first = Page::Collection(name.to_owned());
        let prepared =
            self.memo.get(self.lang, self.urls.root(), &first, || self.prepare_collection(name))?;
        let total = prepared.total();
        let range = paging::window(site, self.number, total);
        let sort_def = c.field(&c.sort.field, &site.schema.common);
        let cards = self.cards(c);
        let mut records = Vec::with_capacity(range.len());
        for (_, keys, _) in prepared.slice(range).iter().flatten() {
            for key in *keys {
                let Some(r) = site.records.get(key) else { continue };
                let Some(mut item) = self.item(key) else { continue };
                item.facets = self.card(&cards, r, &mut item, true);
                records.push(item);
            }
        }
        let i18n = self.theme.i18n();
        let sort_label = match sort_def {
            Some(def) if c.sort.field != "title" => {
                // A year (the common `year` field) reads as a date.
                let scalar = match def.ty.scalar() {
                    FieldType::Int if def.name == "year" => &FieldType::Date,
                    t => t,
                };
                let order = match (scalar, c.sort.descending) {
                    (FieldType::Date, true) => "order-newest-first",
                    (FieldType::Date, false) => "order-oldest-first",
                    (FieldType::Int, true) => "order-highest-first",
                    (FieldType::Int, false) => "order-lowest-first",
                    (_, true) => "order-z-a",
                    (_, false) => "order-a-z",
                };
                i18n.text(self.lang, "sorted-by")
                    .replace("{field}", &in_sentence(&self.field_label(def), self.lang))
                    .replace("{order}", &i18n.text(self.lang, order))
            }
            _ => i18n.text(self.lang, "sorted-by-title").into_owned(),
        };
        let description = match self.own_text(c.description_in(self.lang), &c.description) {
            "" => {
                let count = i18n.count(self.lang, "records", total as u64);
                let titles = records.iter().map(|r| r.title);
                self.describe_records(c.title_in(self.lang), &count, titles)
            }
            own => own.to_owned(),
        };
        ctx.insert("description", &description);
        let default = site.project.config.book.language.as_str();
        let stand_in = (!c.description.is_empty()
            && self.own_text(c.description_in(self.lang), &c.description).is_empty())
        .then_some(default);
        ctx.insert(
            "collection",
            &CollectionView {
                name: &c.name,
                title: c.title_in(self.lang),
                singular: c.singular_in(self.lang),
                description: c.description_in(self.lang),
                description_lang: stand_in,
                description_dir: crate::core::lang::dir(stand_in.unwrap_or(self.lang)),
                sort_label,
                count: total,
                url: self.urls.collection(&c.name),
            },
        );
        ctx.insert("records", &records);
        ctx.insert("facets", &prepared.facets);
        Ok(())
    }

    /// The pager of a paginated page whose page 1 is `first`, when it has
    /// more than one page: `pager` (`{label, links, prev, next, current,
    /// count}`, each link `{text, url, current, gap, label}`, `prev` and
    /// `next` a URL or none), and on pages after the first `page_label`
    /// ("Page 2 of 9") for the title, which also starts the description.
    pub(super) fn pager(&self, ctx: &mut Context, first: &Page) -> Result<()> {
        #[derive(Serialize)]
        struct Link {
            text: String,
            url: String,
            current: bool,
            gap: bool,
            /// "Page 3", for screen readers.
            label: String,
        }
        let count = paging::page_count(self.site, first);
        if count < 2 {
            return Ok(());
        }
        let i18n = self.theme.i18n();
        let lang = self.lang;
        let current = self.number.min(count);
        let url = |n: usize| self.urls.page(&paging::nth(first, n));
        let links: Vec<Link> = paging::numbers(current, count)
            .into_iter()
            .map(|n| match n {
                Some(n) => Link {
                    text: i18n.number(lang, n as u64),
                    url: url(n),
                    current: n == current,
                    gap: false,
                    label: i18n.count(lang, "page-n", n as u64),
                },
                None => Link {
                    text: "…".into(),
                    url: String::new(),
                    current: false,
                    gap: true,
                    label: String::new(),
                },
            })
            .collect();
        let page_of = |n: usize| {
            i18n.format(
                lang,
                "page-n-of",
                Some(n as u64),
                &[("pages", &i18n.number(lang, count as u64))],
            )
        };
        ctx.insert(
            "pager",
            &serde_json::json!({
                "label": i18n.text(lang, "pagination"),
                "status": page_of(current),
                "links": links,
                "prev": (current > 1).then(|| url(current - 1)),
                "prev_text": i18n.text(lang, "previous-page"),
                "next_text": i18n.text(lang, "next-page"),
                "next": (current < count).then(|| url(current + 1)),
                "current": current,
                "count": count,
            }),
        );
        if current > 1 {
            let label = page_of(current);
            if let Some(tera::Value::String(d)) = ctx.get("description") {
                let d = i18n.format(lang, "meta-page", None, &[("page", &label), ("text", d)]);
                ctx.insert("description", &describe::clip(&d, describe::MAX_CHARS));
            }
            ctx.insert("page_label", &label);
        }
        Ok(())
    }
}

fn facet_defs<'c>(c: &'c crate::model::Collection, common: &'c [FieldDef]) -> Vec<&'c FieldDef> {
    c.facets.iter().filter_map(|f| c.field(f, common)).collect()
}

/// A label inside a sentence ("sorted by date adopted"): its words in
/// lower case, except words of kept case (`GDPR`, `eCommerce`) and in a
/// language that capitalises its nouns ("sortiert nach Verabschiedet am").
fn in_sentence(label: &str, lang: &str) -> String {
    let primary = lang.split(['-', '_']).next().unwrap_or(lang).to_ascii_lowercase();
    if NOUNS_CAPITALISED.contains(&primary.as_str()) {
        return label.to_owned();
    }
    label
        .split_inclusive(|c: char| !c.is_alphanumeric())
        .map(|word| {
            if word.chars().skip(1).any(char::is_uppercase) {
                word.to_owned()
            } else {
                word.to_lowercase()
            }
        })
        .collect()
}

/// Languages whose nouns start with a capital letter wherever they stand:
/// German and the languages written like it (Luxembourgish, Swiss and Low
/// German, Bavarian).
const NOUNS_CAPITALISED: &[&str] = &["de", "lb", "gsw", "nds", "bar"];

/// What every card of one collection's records shows besides the item:
/// its facets with each label around a value, and the sort field.
pub(super) struct Cards<'s> {
    facets: Vec<&'s FieldDef>,
    labels: Vec<(String, String, bool)>,
    sort: Option<&'s FieldDef>,
    sort_field: &'s str,
}

impl<'s> View<'s> {
    /// [`Cards`] of collection `c` in the page's language: once per list.
    pub(super) fn cards(&self, c: &'s crate::model::Collection) -> Cards<'s> {
        let site = self.site;
        let facets = facet_defs(c, &site.schema.common);
        // Each facet's label around a value, and whether it shows.
        let labels = facets
            .iter()
            .enumerate()
            .map(|(i, def)| {
                let label = self.field_label(def);
                let whole = self.theme.i18n().format(
                    self.lang,
                    "field-value",
                    None,
                    &[("field", &label), ("value", "\u{1}")],
                );
                let (before, after) = whole.split_once('\u{1}').unwrap_or((&whole, ""));
                let named = matches!(
                    def.ty.scalar(),
                    FieldType::Country
                        | FieldType::Term(_)
                        | FieldType::Ref(_)
                        | FieldType::String
                        | FieldType::Text
                        | FieldType::Url
                );
                (before.to_owned(), after.to_owned(), i > 0 && !named)
            })
            .collect();
        let sort = (c.sort.field != "title")
            .then(|| c.field(&c.sort.field, &site.schema.common))
            .flatten();
        Cards { facets, labels, sort, sort_field: &c.sort.field }
    }

    /// Fills `item`'s chips, tags and sort value for record `r` as its
    /// collection's listing shows them; with `json`, returns its facet
    /// values as JSON, for `filter.js` (a listing's only).
    pub(super) fn card(
        &self,
        cards: &Cards<'_>,
        r: &Record,
        item: &mut Item<'_>,
        with_json: bool,
    ) -> Option<String> {
        let mut json = serde_json::Map::new();
        let mut shown: std::collections::HashSet<String> = std::collections::HashSet::new();
        for (def, (before, after, label_shown)) in cards.facets.iter().zip(&cards.labels) {
            let Some(value) = r.fields.get(&def.name) else { continue };
            let mut values = Vec::new();
            for v in value.items() {
                // Each label once: an enum value and a term may read the
                // same ("Single window" twice).
                let text = self.value(&def.ty, v).text;
                if shown.insert(text.clone()) {
                    item.chips.push(Chip {
                        title: format!("{before}{text}{after}"),
                        text: text.clone(),
                        before: before.clone(),
                        after: after.clone(),
                        label_shown: *label_shown,
                    });
                    item.tags.push(text);
                }
                if with_json {
                    values.push(serde_json::Value::String(v.to_text()));
                }
            }
            if with_json {
                json.insert(def.name.clone(), values.into());
            }
        }
        if let (Some(def), Some((v, _))) = (cards.sort, self.version(r).field(cards.sort_field)) {
            let text: Vec<String> = v.items().iter().map(|i| self.value(&def.ty, i).text).collect();
            let (label, text) = (self.field_label(def), text.join(", "));
            // `Adopted: 27 July 2016`, `实施日期：2027年6月30日`.
            item.sort_value = Some(self.theme.i18n().format(
                self.lang,
                "field-value",
                None,
                &[("field", &label), ("value", &text)],
            ));
        }
        with_json.then(|| serde_json::Value::Object(json).to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::in_sentence;

    #[test]
    fn labels_in_a_sentence_keep_acronyms_and_german_nouns() {
        assert_eq!(in_sentence("Date Adopted", "en"), "date adopted");
        assert_eq!(in_sentence("GDPR article", "fr"), "GDPR article");
        assert_eq!(in_sentence("Verabschiedet am", "de-CH"), "Verabschiedet am");
        assert_eq!(in_sentence("Дата принятия", "ru"), "дата принятия");
    }
}
