//! The parts of a page that show records: list items, field values,
//! citations, groups by collection, each in the page's language. A record
//! is shown through its version in that language ([`Record::version`]);
//! text that is not in the page's language says which it is, so that the
//! template can mark it (`lang`, `dir`, `other_lang`, `lang_name`).

use std::cmp::Ordering;
use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use crate::core::countries;
use crate::model::{Citation, FieldType, Key, Record, Sort, Value, Version};
use crate::resolve::REGIONS;

use super::super::Collation;
use super::super::filters::humanize;
use super::{View, has_term_page};

#[derive(Serialize)]
pub(super) struct DateView {
    iso: String,
    text: String,
}

/// A record in a list.
#[derive(Serialize)]
pub(super) struct Item<'a> {
    pub key: String,
    pub url: String,
    pub title: &'a str,
    pub summary: &'a str,
    pub collection: &'a str,
    pub kind: &'a str,
    pub updated: Option<DateView>,
    /// The language of the title shown (the version's), its direction,
    /// whether it differs from the page's, and its name for the marker.
    pub lang: &'a str,
    pub dir: &'static str,
    pub other_lang: bool,
    pub lang_name: String,
    /// The summary's language (a translation may give only a title), its
    /// direction, and whether it differs from the page's.
    pub summary_lang: &'a str,
    pub summary_dir: &'static str,
    pub summary_other_lang: bool,
    /// The listing's sort field, formatted, when it is not the title.
    pub sort_value: Option<String>,
    /// Labels of the record's facet values (listings only).
    pub tags: Vec<String>,
    /// The same values with their fields, for chips that say what they
    /// are (listings only).
    pub chips: Vec<Chip>,
    /// The record's facet values as JSON, for `filter.js` (listings only).
    pub facets: Option<String>,
}

/// A facet value on a listing's card with its field's label: `before`
/// and `after` are the label around the value as `field-value` puts them
/// in the page's language ("Data localisation: " and ""), `title` the
/// whole ("Data localisation: None"). `label_shown`: the label shows (an
/// enum, a number, a date, a yes or no: "None" says nothing alone) rather
/// than being only read out; never for the listing's first facet, nor for
/// names (countries, terms, records, text).
#[derive(Serialize)]
pub struct Chip {
    pub text: String,
    pub title: String,
    pub before: String,
    pub after: String,
    pub label_shown: bool,
}

/// One value of a field, ready to show.
#[derive(Serialize)]
pub(super) struct ValueView {
    pub text: String,
    pub url: Option<String>,
    pub external: bool,
    /// `YYYY-MM-DD` for dates, for `<time datetime>`.
    pub date: Option<String>,
    /// The language of `text` when it is not the page's (a term, an enum
    /// value or a record title with no translation into it), and its
    /// direction: the template marks it, as SPEC asks of such text.
    pub lang: Option<String>,
    pub dir: Option<&'static str>,
}

#[derive(Serialize)]
pub(super) struct CitationView<'a> {
    title: &'a str,
    url: Option<&'a str>,
    publisher: Option<&'a str>,
    date: Option<DateView>,
    locator: Option<&'a str>,
    /// The page of the `sources` record it refers to.
    source_url: Option<String>,
    /// The source in the site's `citation-style`, in the page's language,
    /// the title linked to `url`: text, and HTML escaped by `cite`.
    text: String,
    html: String,
}

#[derive(Serialize)]
pub(super) struct Group<'a> {
    name: &'a str,
    title: &'a str,
    url: String,
    /// How many records the group has on every page together.
    count: usize,
    pub records: Vec<Item<'a>>,
}

impl<'a> View<'a> {
    pub(super) fn date(&self, d: Date) -> DateView {
        DateView { iso: d.to_string(), text: self.theme.i18n().date(self.lang, d) }
    }

    /// Whether text in `text_lang` needs marking on this page.
    pub(super) fn is_other(&self, text_lang: &str) -> bool {
        !crate::core::lang::covers(self.lang, text_lang)
    }

    /// The name of `text_lang` for a marker, when it is not the page's
    /// (the name is only looked up where it is shown).
    pub(super) fn marker(&self, text_lang: &str) -> String {
        if self.is_other(text_lang) {
            self.names
                .borrow_mut()
                .entry(text_lang.to_owned())
                .or_insert_with(|| self.theme.i18n().language_name(text_lang))
                .clone()
        } else {
            String::new()
        }
    }

    /// A record in this page's language.
    pub(super) fn version(&self, r: &'a Record) -> Version<'a> {
        r.version(self.lang)
    }

    /// A record as a list entry.
    pub(super) fn item(&self, key: &Key) -> Option<Item<'a>> {
        let r = self.site.records.get(key)?;
        let c = self.site.schema.collections.get(&*key.collection)?;
        let v = self.version(r);
        let lang = v.field("title").map_or(r.language.as_str(), |(_, l)| l);
        let summary_lang = v.field("summary").map_or(lang, |(_, l)| l);
        Some(Item {
            key: key.to_string(),
            url: self.urls.record(key),
            title: v.title(),
            summary: v.summary(),
            collection: &c.name,
            kind: c.singular_in(self.lang),
            updated: r.updated().map(|d| self.date(d)),
            lang,
            dir: crate::core::lang::dir(lang),
            other_lang: self.is_other(lang),
            lang_name: self.marker(lang),
            summary_lang,
            summary_dir: crate::core::lang::dir(summary_lang),
            summary_other_lang: self.is_other(summary_lang),
            sort_value: None,
            tags: Vec::new(),
            chips: Vec::new(),
            facets: None,
        })
    }

    /// Listing order in this page's language: [`crate::resolve::compare`]
    /// on the shown version (the translated title, or a translated sort
    /// field), so a French listing sorted by title follows the French
    /// titles.
    pub(super) fn compare(
        &self,
        a: &Record,
        b: &Record,
        sort: &Sort,
        text: &Collation,
    ) -> Ordering {
        let (va, vb) = (a.version(self.lang), b.version(self.lang));
        let by_field = match (va.field(&sort.field), vb.field(&sort.field)) {
            (Some((x, _)), Some((y, _))) => {
                let o = match (x, y) {
                    (Value::Str(x), Value::Str(y)) => text.compare(x, y).then_with(|| x.cmp(y)),
                    _ => x.cmp(y),
                };
                if sort.descending { o.reverse() } else { o }
            }
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        by_field.then_with(|| text.compare(va.title(), vb.title())).then_with(|| a.key.cmp(&b.key))
    }

    /// How this page orders text (see [`Collation`]).
    pub(super) fn collation(&self) -> Collation {
        Collation::new(self.lang)
    }

    /// `keys` by collection (in collection order), each run in its
    /// collection's `sort` (by the title shown, by default): the order of a
    /// term or country page's groups.
    pub(super) fn runs<'k>(&self, keys: impl Iterator<Item = &'k Key>) -> Vec<(String, Vec<Key>)> {
        let mut by: BTreeMap<&str, Vec<&Record>> = BTreeMap::new();
        for k in keys {
            if let Some(r) = self.site.records.get(k) {
                by.entry(
                    self.site
                        .schema
                        .collections
                        .get(&*k.collection)
                        .map_or("", |c| c.name.as_str()),
                )
                .or_default()
                .push(r);
            }
        }
        let text = self.collation();
        by.into_iter()
            .filter(|(name, _)| self.site.schema.collections.contains_key(*name))
            .map(|(name, mut recs)| {
                // In the collection's own order, as its listing shows them
                // (Hugo's and Zola's term pages follow their section's).
                if let Some(c) = self.site.schema.collections.get(name)
                    && c.sort.field != "title"
                {
                    recs.sort_by(|a, b| self.compare(a, b, &c.sort, &text));
                    let mut keys: Vec<Key> = recs.into_iter().map(|r| r.key.clone()).collect();
                    keys.dedup();
                    return (name.to_owned(), keys);
                }
                // Each title folded once, not once per comparison.
                let mut titled: Vec<(String, &Record)> =
                    recs.drain(..).map(|r| (r.version(self.lang).title().to_owned(), r)).collect();
                titled.sort_by(|(ta, a), (tb, b)| {
                    text.compare(ta, tb).then_with(|| a.key.cmp(&b.key))
                });
                let mut keys: Vec<Key> = titled.into_iter().map(|(_, r)| r.key.clone()).collect();
                keys.dedup();
                (name.to_owned(), keys)
            })
            .collect()
    }

    /// Groups of some records of runs (see [`runs`](Self::runs)): `(collection,
    /// records shown, records of the run in all)`.
    pub(super) fn groups_of(&self, runs: &[(&str, &[Key], usize)]) -> Vec<Group<'a>> {
        runs.iter()
            .filter_map(|(name, keys, count)| {
                let c = self.site.schema.collections.get(*name)?;
                // Cards as the collection's listing shows them: a country's
                // or a term's page says each record's status and date too.
                let cards = self.cards(c);
                let records = keys
                    .iter()
                    .filter_map(|k| {
                        let r = self.site.records.get(k)?;
                        let mut item = self.item(k)?;
                        self.card(&cards, r, &mut item, false);
                        Some(item)
                    })
                    .collect();
                Some(Group {
                    name: &c.name,
                    title: c.title_in(self.lang),
                    url: self.urls.collection(&c.name),
                    count: *count,
                    records,
                })
            })
            .collect()
    }

    /// One value of a field of type `ty` (or of its list's element type).
    pub(super) fn value(&self, ty: &FieldType, v: &Value) -> ValueView {
        let site = self.site;
        let i18n = self.theme.i18n();
        let text = |t: String| ValueView {
            text: t,
            url: None,
            external: false,
            date: None,
            lang: None,
            dir: None,
        };
        let link = |t: &str, url: Option<String>| ValueView { url, ..text(t.to_owned()) };
        // A label the schema does not translate into the page's language
        // is the default language's.
        let default = site.project.config.book.language.as_str();
        let in_lang = |view: ValueView, lang: &str| match self.is_other(lang) {
            true => ValueView {
                lang: Some(lang.to_owned()),
                dir: Some(crate::core::lang::dir(lang)),
                ..view
            },
            false => view,
        };
        let term_lang = |tax: &str, id: &str| {
            let term = site.schema.taxonomies.get(tax).and_then(|t| t.terms.get(id));
            let translated = term.is_none_or(|t| {
                crate::model::translation(&t.translations, self.lang)
                    .is_some_and(|x| x.label.is_some())
            });
            if translated { self.lang } else { default }
        };
        match (ty.scalar(), v) {
            (_, Value::Date(d)) => {
                ValueView { date: Some(d.to_string()), ..text(i18n.date(self.lang, *d)) }
            }
            (_, Value::Ref(k)) => match site.records.get(k) {
                Some(r) => {
                    let v = self.version(r);
                    let lang = v.field("title").map_or(r.language.as_str(), |(_, l)| l);
                    in_lang(link(v.title(), Some(self.urls.record(k))), lang)
                }
                None => text(k.to_string()),
            },
            (_, Value::Bool(b)) => text(i18n.text(self.lang, if *b { "yes" } else { "no" }).into()),
            // As the page's language writes numbers (`12 500 000`, `۷۴` on a
            // Persian page), grouped from five digits only: a whole number
            // may be a year or a law's number, which no one writes `2,019`.
            (_, Value::Int(i)) => text(i18n.integer(self.lang, *i)),
            (_, Value::List(items)) => {
                text(items.iter().map(|i| self.value(ty, i).text).collect::<Vec<_>>().join(", "))
            }
            (FieldType::Url, Value::Str(s)) => {
                // Validation admits only http(s) and mailto; check again so a
                // hole there cannot become a `javascript:` link here.
                let lower = s.to_ascii_lowercase();
                let safe = ["http://", "https://", "mailto:"].iter().any(|p| lower.starts_with(p));
                ValueView { url: safe.then(|| s.clone()), external: safe, ..text(s.clone()) }
            }
            (FieldType::Enum(e), Value::Str(s)) => {
                let shown =
                    text(e.label_in(s, self.lang).map_or_else(|| humanize(s), str::to_owned));
                let translated = crate::model::translation(&e.translations, self.lang)
                    .is_some_and(|t| t.contains_key(s.as_str()));
                // Untranslated, it is the default language's label, or the
                // value in words (the schema's, in that language too).
                if translated { shown } else { in_lang(shown, default) }
            }
            (FieldType::Country, Value::Str(s)) => {
                if site.countries.contains_key(s) {
                    link(&self.country_name(s), Some(self.urls.country(s)))
                } else if countries::name(s).is_some() {
                    text(self.country_name(s).into_owned())
                } else {
                    let url = has_term_page(site, REGIONS, s).then(|| self.urls.term(REGIONS, s));
                    in_lang(
                        link(site.term_label_in(REGIONS, s, self.lang), url),
                        term_lang(REGIONS, s),
                    )
                }
            }
            (FieldType::Term(t), Value::Str(s)) => {
                let url = has_term_page(site, t, s).then(|| self.urls.term(t, s));
                in_lang(link(site.term_label_in(t, s, self.lang), url), term_lang(t, s))
            }
            (_, Value::Str(s)) => text(s.clone()),
        }
    }

    /// A source of a record written in `written_in`.
    pub(super) fn citation<'c>(&self, c: &'c Citation, written_in: &str) -> CitationView<'c> {
        let safe = |u: &'c String| {
            let lower = u.to_ascii_lowercase();
            (lower.starts_with("http://") || lower.starts_with("https://")).then_some(u.as_str())
        };
        let data = crate::cite::source_data(self.site, c, self.lang, written_in);
        let style = self.site.project.config.book.citation_style;
        let rendered = crate::cite::render_linked(&data, style, self.lang);
        CitationView {
            text: rendered.text,
            html: rendered.html,
            title: &c.title,
            url: c.url.as_ref().and_then(safe),
            publisher: c.publisher.as_deref(),
            date: c.date.map(|d| self.date(d)),
            locator: c.locator.as_deref(),
            source_url: c
                .source
                .as_ref()
                .filter(|k| self.site.records.contains_key(k))
                .map(|k| self.urls.record(k)),
        }
    }
}
