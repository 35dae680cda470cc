//! What search needs to know about the site besides the words: collections
//! (as ranges of record numbers), facet fields with their values and labels,
//! and the languages present. Built once from the [`Site`]; written beside
//! the tantivy index (`compendium.json`) and into the browser index, so that
//! `search` never has to load the content.
//!
//! Records are numbered (`ord`) in key order, which is also the browser
//! index's document order; a collection is therefore a contiguous range.
//!
//! Every language version of a record is a search document of its own
//! ([`documents`]): the originals first, numbered as their records, then
//! the translations, by language and then by record. A site without
//! translations has exactly one document per record, as before.

use crate::search::schema::NUM_TEXT_FIELDS;
use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde::{Deserialize, Serialize};

use crate::markdown;
use crate::model::{Record, Site, Translation, Value};
use crate::search::analysis::{self, Analyzers, Lang, Token};

/// Bumped whenever the index layout changes, so an old index asks for a rebuild.
pub const FORMAT: u32 = 5;

mod labels;
mod meta_words;
mod ranges;
mod values;
use meta_words::translation_meta;
pub use meta_words::{doc_changed, meta_text, same_words_elsewhere};
pub use ranges::{RangeInfo, all_ranges, record_ranges};
use values::{Names, value_label, value_names, with_aliases};

/// The file written beside the tantivy index.
pub const FILE: &str = crate::core::names::CATALOG;

/// A collection's records: `first .. first + count` in record order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollectionInfo {
    /// Folder name.
    pub name: String,
    /// Plural title.
    pub title: String,
    /// Singular noun.
    pub singular: String,
    /// First record number.
    pub first: u32,
    /// Number of records.
    pub count: u32,
}

/// One value of a facet field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetValue {
    /// The value as filters match it: lower case (`ken`, `in-force`, `upu`).
    pub value: String,
    /// What people read (`Kenya`, `in-force`, `UPU`).
    pub label: String,
    /// Records with it.
    pub count: u32,
    /// Other names a filter may give it, lower case: a term's aliases
    /// (`eu`), a country's alpha-2 code, everyday names and names in the
    /// site's languages (`cn`, `russia`, `chine`, `الصين`), an enum
    /// value's labels in them (`en vigueur`).
    /// Each names one value of the facet only, and none is another value
    /// or label.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// A bloc's member countries (lower-case alpha-3), so that a filter on
    /// a member no record names can point to the bloc's records.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<String>,
    /// Its label in the site's other languages, where the schema or the
    /// country names give one that differs (`search --lang fr`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
}

/// A facet field: declared as a facet by at least one collection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetInfo {
    /// The field name.
    pub field: String,
    /// Its label.
    pub label: String,
    /// Its label in the site's other languages, where the schema gives one.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
    /// Its values, by value.
    pub values: Vec<FacetValue>,
}

/// Everything about the site that search needs besides the words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalog {
    /// [`FORMAT`] when written.
    pub format: u32,
    /// Number of records.
    pub records: u32,
    /// Number of documents: records plus indexed translations.
    pub documents: u32,
    /// Analysis languages present (`en`, `fr`, `plain`), sorted.
    pub languages: Vec<String>,
    /// The site's languages, the default first (`search --lang` takes
    /// one of them; the default's pages sit at the root).
    pub site_languages: Vec<String>,
    /// Collections in key order.
    pub collections: Vec<CollectionInfo>,
    /// Facet fields, in the order collections declare them.
    pub facets: Vec<FacetInfo>,
    /// Range fields: the common ones first, then each collection's in the
    /// order it declares them.
    pub ranges: Vec<RangeInfo>,
    /// One-word field labels, without accents and case, with the filter
    /// field each names (`situacao` → `status`; see [`Catalog::filter_field`]).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub field_labels: BTreeMap<String, String>,
}

/// One language version of a record as search sees it.
#[derive(Debug, Clone)]
pub struct Doc<'a> {
    /// The record's number (shared by its versions).
    pub ord: u32,
    /// The record.
    pub record: &'a Record,
    /// The translation this document is, or `None` for the original.
    pub translation: Option<&'a Translation>,
    /// How its text is analysed: by the version's language.
    pub lang: Lang,
    /// The version's language tag (`en`, `fr`, `zh-Hans`).
    pub tag: &'a str,
    /// The indexed title: the version's own (a translation without one
    /// indexes none, rather than the original's words under its rules).
    pub title: &'a str,
    /// The indexed summary, likewise.
    pub summary: &'a str,
    /// Plain text of the Markdown body (a translation's own, or none).
    pub body: String,
    /// What results show of a translation where it gives no text of its
    /// own (the original's title, summary or body, as its page shows
    /// them); `None` for an original, which shows what it indexes.
    pub shown: Option<Shown<'a>>,
    /// Words that describe the record without being its text: term labels
    /// and aliases, country names, enum values, other short fields, source
    /// titles. A lower-weight field, so that `Universal Postal Union` finds
    /// what is tagged `upu`.
    pub meta: String,
    /// Lines of `meta` written in a language of their own (a country's name
    /// in each site language: `fr` `Chine`), which are also analysed by that
    /// language's rules, so that a query in it matches them as it matches
    /// text in it (French `Chine` is `chin`, as in a French body).
    pub names: Vec<(Lang, String)>,
    /// The countries the record names in its country fields: codes and
    /// names in every site language, one a line. Weighted nearly as a
    /// title ([`super::schema::TEXT_FIELDS`]): a country's name in
    /// `meta` weighed too little for `Brasil` or `中国` to find the
    /// country's records before those that mention it.
    pub places: String,
    /// Lines of `places` in a language of their own, as [`Doc::names`].
    pub place_names: Vec<(Lang, String)>,
    /// `(facet index, value index)` into the catalog.
    pub facets: Vec<(usize, usize)>,
}

/// A translation's title, summary and body text as its page shows them.
#[derive(Debug, Clone)]
pub struct Shown<'a> {
    /// Title.
    pub title: &'a str,
    /// Summary.
    pub summary: &'a str,
    /// Body as plain text.
    pub body: String,
}

impl Doc<'_> {
    /// The title results show.
    pub fn shown_title(&self) -> &str {
        self.shown.as_ref().map_or(self.title, |s| s.title)
    }
    /// The summary results show.
    pub fn shown_summary(&self) -> &str {
        self.shown.as_ref().map_or(self.summary, |s| s.summary)
    }
    /// The body text results show (for snippets).
    pub fn shown_body(&self) -> &str {
        self.shown.as_ref().map_or(&self.body, |s| &s.body)
    }

    /// [`tokens`](Self::tokens), and the distinct words of the texts for
    /// the vocabulary ([`crate::search::vocabulary::doc_words`]), collected
    /// as they are analysed.
    pub fn tokens_and_words(
        &self,
        analyzers: &mut Analyzers,
    ) -> ([(&str, Vec<Token>); NUM_TEXT_FIELDS], Vec<String>) {
        analyzers.get(self.lang).collect_words();
        let tokens = self.tokens(analyzers);
        let words = analyzers.get(self.lang).take_words();
        (tokens, crate::search::vocabulary::doc_words(words))
    }

    /// The analysed text fields, in [`super::schema::TEXT_FIELDS`] order,
    /// each by the rules of the version's language: what both the tantivy
    /// and the browser index take.
    pub fn tokens(&self, analyzers: &mut Analyzers) -> [(&str, Vec<Token>); NUM_TEXT_FIELDS] {
        let a = analyzers.get(self.lang);
        let (title, summary) = (self.title, self.summary);
        let t = a.analyze(title);
        let s = a.analyze(summary);
        let b = a.analyze(&self.body);
        let mut m = analysis::analyze_lines(a, &self.meta);
        let mut p = analysis::analyze_lines(a, &self.places);
        self.own_language_names(analyzers, (&self.meta, &self.names), &mut m);
        self.own_language_names(analyzers, (&self.places, &self.place_names), &mut p);
        [(title, t), (summary, s), (&self.body, b), (&self.meta, m), (&self.places, p)]
    }

    /// Appends to `meta`'s tokens each of [`Doc::names`] in another
    /// language than the version's, as that language analyses it; a
    /// position apart, like `meta`'s lines. Also where the terms are the
    /// same (`中国`, `Kenya`): a name is then a term twice, as one that
    /// its own language stems differently is two terms a query in that
    /// language asks for, so that the records of a country come before
    /// those whose text merely mentions it in either case.
    fn own_language_names(
        &self,
        analyzers: &mut Analyzers,
        (text, names): (&str, &[(Lang, String)]),
        meta: &mut Vec<Token>,
    ) {
        let mut position = meta.iter().map(|t| t.position + 1).max().unwrap_or(0);
        for (lang, name) in names {
            if *lang == self.lang {
                continue;
            }
            // The line's place in `meta`, for the tokens' offsets.
            let offset = text.split('\n').scan(0, |at, line| {
                let here = *at;
                *at += line.len() + 1;
                Some((here, line))
            });
            let Some((offset, _)) = offset.into_iter().find(|(_, line)| line == name) else {
                continue;
            };
            let own = analyzers.get(*lang).analyze(name);
            let start = own.first().map_or(0, |t| t.position);
            for mut t in own {
                t.position = t.position - start + position;
                t.from += offset;
                t.to += offset;
                meta.push(t);
            }
            position = meta.iter().map(|t| t.position + 1).max().unwrap_or(position) + 1;
        }
    }
}

/// A search document: a record (by number) and which of its versions.
#[derive(Debug, Clone, Copy)]
pub struct DocRef<'a> {
    /// The record's number.
    pub ord: u32,
    /// The record.
    pub record: &'a Record,
    /// The translation, or `None` for the original.
    pub translation: Option<&'a Translation>,
}

/// The translations that are versions of their own: not those into a
/// language the original is already written in (its page would show the
/// original, so the translation is never shown).
pub fn indexed_translations(record: &Record) -> impl Iterator<Item = &Translation> {
    record.translations.values().filter(|t| !crate::core::lang::covers(&t.lang, &record.language))
}

/// Every search document in document order: each record's original (so a
/// document number below the number of records is that record's), then
/// the translations by language (in [`translation_lists`] order), each
/// language's in record order.
pub fn documents(site: &Site) -> Vec<DocRef<'_>> {
    let mut out: Vec<DocRef<'_>> = site
        .records
        .values()
        .enumerate()
        .map(|(ord, record)| DocRef { ord: ord as u32, record, translation: None })
        .collect();
    let mut by_lang: BTreeMap<&str, Vec<DocRef<'_>>> = BTreeMap::new();
    for (ord, record) in site.records.values().enumerate() {
        for t in indexed_translations(record) {
            by_lang.entry(t.lang.as_str()).or_default().push(DocRef {
                ord: ord as u32,
                record,
                translation: Some(t),
            });
        }
    }
    out.extend(by_lang.into_values().flatten());
    out
}

/// Per translation language (sorted), the records translated into it, in
/// record order: the translation documents' layout, which the browser
/// index ships so that it can tell each document's record.
pub fn translation_lists(site: &Site) -> Vec<(String, Vec<u32>)> {
    let mut by_lang: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    for (ord, record) in site.records.values().enumerate() {
        for t in indexed_translations(record) {
            by_lang.entry(t.lang.as_str()).or_default().push(ord as u32);
        }
    }
    by_lang.into_iter().map(|(l, ords)| (l.to_owned(), ords)).collect()
}

impl Catalog {
    /// The site language `lang` names (case-insensitive), as the site
    /// spells it.
    pub fn site_language(&self, lang: &str) -> Option<&str> {
        self.site_languages.iter().find(|l| l.eq_ignore_ascii_case(lang)).map(String::as_str)
    }

    /// The default language (whose pages sit at the site root).
    pub fn default_language(&self) -> &str {
        self.site_languages.first().map_or("en", String::as_str)
    }

    /// The url of record `key`'s page in `lang`, relative to the site
    /// root: `COLLECTION/ID/index.html` in the default language,
    /// `LANG/COLLECTION/ID/index.html` in another.
    pub fn url(&self, key: &str, lang: &str) -> String {
        if lang.eq_ignore_ascii_case(self.default_language()) {
            format!("{key}/index.html")
        } else {
            format!("{lang}/{key}/index.html")
        }
    }

    /// The facet field called `name`.
    pub fn facet(&self, name: &str) -> Option<(usize, &FacetInfo)> {
        self.facets.iter().enumerate().find(|(_, f)| f.field == name)
    }

    /// The range field `name` and its number.
    pub fn range(&self, name: &str) -> Option<(usize, &RangeInfo)> {
        self.ranges.iter().enumerate().find(|(_, f)| f.field == name)
    }

    /// The collection called `name`.
    pub fn collection(&self, name: &str) -> Option<&CollectionInfo> {
        self.collections.iter().find(|c| c.name == name)
    }

    /// The analysis languages.
    pub fn langs(&self) -> Vec<Lang> {
        let mut langs: Vec<Lang> = self.languages.iter().map(|l| lang_of_code(l)).collect();
        if langs.is_empty() {
            langs.push(Lang::English);
        }
        langs.sort();
        langs.dedup();
        langs
    }
}

fn lang_of_code(code: &str) -> Lang {
    if code == "plain" { Lang::Plain } else { Lang::from_bcp47(code) }
}

/// Whether two field types hold values of one kind: terms of one
/// taxonomy, or both enums (whatever their values), countries, dates….
fn same_kind(a: &crate::model::FieldType, b: &crate::model::FieldType) -> bool {
    use crate::model::FieldType;
    match (a, b) {
        (FieldType::Term(x), FieldType::Term(y)) => x == y,
        (FieldType::Ref(x), FieldType::Ref(y)) => x == y,
        _ => std::mem::discriminant(a) == std::mem::discriminant(b),
    }
}

/// A value as filters match it.
pub fn value_key(v: &str) -> String {
    crate::model::facet_key(v)
}

/// The catalog, and each record's facet values (`(facet, value)` indexes
/// into the catalog), in record order.
pub fn build(site: &Site) -> (Catalog, Vec<Vec<(usize, usize)>>) {
    // Facet fields in declaration order, first come first served.
    let mut facet_fields: Vec<String> = Vec::new();
    // The type of each where a collection first makes it a facet.
    let mut facet_types: Vec<Option<&crate::model::FieldType>> = Vec::new();
    for c in site.schema.collections.values() {
        for f in &c.facets {
            if !facet_fields.contains(f) {
                facet_fields.push(f.clone());
                facet_types.push(site.field(&c.name, f).map(|d| d.ty.scalar()));
            }
        }
    }
    let mut values: Vec<BTreeMap<String, (String, u32, Names)>> =
        vec![BTreeMap::new(); facet_fields.len()];
    let mut labels: Vec<String> = facet_fields.iter().map(|f| crate::schema::label_of(f)).collect();
    let mut field_labels: Vec<BTreeMap<String, String>> = vec![BTreeMap::new(); facet_fields.len()];
    let mut labelled_by: Vec<&str> = vec![""; facet_fields.len()];
    let mut collections: Vec<CollectionInfo> = Vec::new();
    let mut languages: BTreeSet<String> = BTreeSet::new();
    let mut per_doc: Vec<Vec<(usize, String)>> = Vec::with_capacity(site.records.len());
    let mut documents = site.records.len() as u32;

    for (ord, record) in site.records.values().enumerate() {
        let ord = ord as u32;
        let cname: &str = &record.key.collection;
        match collections.last_mut() {
            Some(last) if last.name == cname => last.count += 1,
            _ => {
                let c = site.schema.collections.get(cname);
                collections.push(CollectionInfo {
                    name: cname.to_owned(),
                    title: c.map_or_else(|| cname.to_owned(), |c| c.title.clone()),
                    singular: c.map_or_else(|| cname.to_owned(), |c| c.singular.clone()),
                    first: ord,
                    count: 1,
                });
            }
        }
        languages.insert(Lang::from_bcp47(&record.language).code().to_owned());
        for t in indexed_translations(record) {
            languages.insert(Lang::from_bcp47(&t.lang).code().to_owned());
            documents += 1;
        }
        let mut mine = Vec::new();
        // Values this record already counted, looked up in a set: scanning
        // `mine` made a record with a long list facet quadratic.
        let mut counted: HashSet<(usize, String)> = HashSet::new();
        if let Some(c) = site.schema.collections.get(cname) {
            // Every facet field the collection has, a facet of its own or
            // not: a filter on `regions` finds the records of each
            // collection with the field (its own facets are what its
            // listing offers).
            for (fi, f) in facet_fields.iter().enumerate() {
                let Some(def) = site.field(cname, f) else { continue };
                // A field of the same name but another kind (a long text
                // `status` beside an enum facet `status`) is not that facet.
                if !c.facets.contains(f)
                    && !facet_types[fi].is_some_and(|t| same_kind(t, def.ty.scalar()))
                {
                    continue;
                }
                // Once per collection and facet (records come collection by
                // collection), not per record.
                if labelled_by[fi] != cname && c.facets.contains(f) {
                    labelled_by[fi] = cname;
                    let book = &site.project.config.book;
                    let label_in = |l: &str| crate::render::i18n::field_label(site, def, l);
                    labels[fi] = label_in(&book.language).unwrap_or_else(|| def.label.clone());
                    // Each language's as its pages label the field: the
                    // schema's own label where it has no translation.
                    field_labels[fi] = book
                        .other_languages()
                        .into_iter()
                        .map(|l| (l.to_owned(), label_in(l).unwrap_or_else(|| def.label.clone())))
                        .filter(|(_, t)| *t != labels[fi])
                        .collect();
                }
                let Some(v) = record.fields.get(f) else { continue };
                let ty = site.field(cname, f).map(|d| d.ty.scalar().clone());
                for item in v.items() {
                    let text = item.to_text();
                    let key = value_key(&text).replace('\0', "");
                    if key.is_empty() {
                        continue;
                    }
                    let e = values[fi].entry(key.clone()).or_insert_with(|| {
                        let label = value_label(site, ty.as_ref(), item);
                        let names = value_names(site, ty.as_ref(), item, &label);
                        (label, 0, names)
                    });
                    if counted.insert((fi, key.clone())) {
                        e.1 += 1;
                        mine.push((fi, key));
                    }
                }
            }
        }
        per_doc.push(mine);
    }

    let facets: Vec<FacetInfo> = facet_fields
        .iter()
        .zip(labels.into_iter().zip(field_labels))
        .zip(&values)
        .map(|((field, (label, labels)), vals)| FacetInfo {
            field: field.clone(),
            label,
            labels,
            values: with_aliases(vals),
        })
        .collect();

    let doc_facets = per_doc
        .into_iter()
        .map(|mine| {
            mine.into_iter()
                .filter_map(|(fi, key)| {
                    let vi = facets[fi].values.binary_search_by(|v| v.value.cmp(&key)).ok()?;
                    Some((fi, vi))
                })
                .collect()
        })
        .collect();

    let ranges = ranges::fields(site);
    let filter_fields: Vec<&str> = facet_fields
        .iter()
        .map(String::as_str)
        .chain(ranges.iter().filter(|r| r.span.is_some()).map(|r| r.field.as_str()))
        .collect();
    let field_labels = labels::field_labels(site, &filter_fields);
    let catalog = Catalog {
        format: FORMAT,
        records: site.records.len() as u32,
        documents,
        languages: languages.into_iter().collect(),
        site_languages: site.languages().into_iter().map(str::to_owned).collect(),
        collections,
        facets,
        ranges,
        field_labels,
    };
    (catalog, doc_facets)
}

/// The search view of record number `ord`'s original; `facets` comes
/// from [`build`]. Made one at a time because the plain-text body of every
/// record at once would not fit in memory on a large site.
pub fn doc<'a>(site: &Site, ord: u32, record: &'a Record, facets: Vec<(usize, usize)>) -> Doc<'a> {
    let tags = meta_text(site, record);
    Doc {
        ord,
        record,
        translation: None,
        lang: Lang::from_bcp47(&record.language),
        tag: &record.language,
        title: record.title(),
        summary: record.summary(),
        body: markdown::to_text(&record.body.text()),
        shown: None,
        meta: tags.meta,
        names: tags.names,
        places: tags.places,
        place_names: tags.place_names,
        facets,
    }
}

/// The search view of a document ([`documents`]): the original as
/// [`doc`] makes it, or a translation, which indexes only its own text
/// (analysed by its language) and shows the original's where it has none.
/// Facets are the original record's.
pub fn version_doc<'a>(site: &Site, d: DocRef<'a>, facets: Vec<(usize, usize)>) -> Doc<'a> {
    let Some(t) = d.translation else { return doc(site, d.ord, d.record, facets) };
    let own = |name: &str| match t.fields.get(name) {
        Some(Value::Str(s)) => s.as_str(),
        _ => "",
    };
    let version = d.record.version(&t.lang);
    let tags = meta_text(site, d.record);
    let body = t.body.as_ref().map(|b| markdown::to_text(&b.text())).unwrap_or_default();
    let shown_body =
        if t.body.is_some() { body.clone() } else { markdown::to_text(&d.record.body.text()) };
    Doc {
        ord: d.ord,
        record: d.record,
        translation: Some(t),
        lang: Lang::from_bcp47(&t.lang),
        tag: &t.lang,
        title: own("title"),
        summary: own("summary"),
        body,
        shown: Some(Shown { title: version.title(), summary: version.summary(), body: shown_body }),
        meta: translation_meta(site, d.record, t),
        names: Vec::new(),
        // The record's countries, in every language, as the original's:
        // `China 数据出境` finds the Chinese version, which holds both.
        places: tags.places,
        place_names: tags.place_names,
        facets,
    }
}
