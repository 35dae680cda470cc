//! The compare page (`compare/index.html`) and the data its script loads,
//! in the page's language, from the selection in [`super::super::compare`].
//!
//! The page holds the form and a static matrix for readers without
//! JavaScript: per collection, each jurisdiction with records of its own,
//! their count (and how many more apply through its blocs) and its
//! [`MATRIX_VALUES`] most frequent values of each facet, so its size grows
//! with the number of jurisdictions, not of records. The script reads
//! `compare/data.js` (collections, fields, jurisdictions, counts) and, for
//! the jurisdictions chosen, `compare/d/COLLECTION/c-chn.js` (a country's
//! own records) or `b-ID.js` (a bloc's): classic scripts, which load from
//! `file://` where `fetch` does not. Such a file holds the distinct texts
//! of its values, then each record as `[id, title, lang or 0, [value per
//! field]]`, a value being a text's number from 1, a list of them, or 0
//! when the record has none; everything is text as the page shows it,
//! which the script puts in with `textContent` only.

use std::collections::BTreeMap;

use anyhow::Result;
use serde::Serialize;
use serde_json::{Value as Json, json};
use tera::Context;

use crate::model::{Collection, FieldType, Site};
use crate::output::OutputFile;
use crate::resolve::REGIONS;

use super::super::compare::{self, Entry, Jurisdiction, Scope};
use super::super::urls::{COMPARE, lang_prefix};
use super::{View, has_term_page};

/// How many values of a facet a cell of the static matrix shows, the most
/// frequent first.
pub const MATRIX_VALUES: usize = 3;

#[derive(Serialize)]
struct Choice {
    id: String,
    name: String,
    bloc: bool,
    url: Option<String>,
}

#[derive(Serialize)]
struct Matrix<'a> {
    name: &'a str,
    title: &'a str,
    url: String,
    facets: Vec<String>,
    rows: Vec<MatrixRow>,
}

#[derive(Serialize)]
struct MatrixRow {
    id: String,
    name: String,
    bloc: bool,
    url: Option<String>,
    count: usize,
    /// Blocs whose records apply too: `(name, count)`.
    via: Vec<(String, usize)>,
    /// One per facet.
    cells: Vec<Cell>,
}

#[derive(Serialize)]
struct Cell {
    /// `(value, count)`, the most frequent first, at most [`MATRIX_VALUES`].
    values: Vec<(String, usize)>,
    /// How many more values there are.
    more: usize,
}

impl<'a> View<'a> {
    /// The site's jurisdictions as the page lists them: blocs, then
    /// countries, each by name in the page's language.
    fn choices(&self, scope: &Scope<'_>) -> Vec<(Jurisdiction, Choice)> {
        let site = self.site;
        let text = self.collation();
        let mut out: Vec<(Jurisdiction, Choice)> = scope
            .jurisdictions()
            .into_iter()
            .map(|j| {
                let c = match &j {
                    Jurisdiction::Bloc(id) => Choice {
                        id: id.clone(),
                        name: site.term_label_in(REGIONS, id, self.lang).to_owned(),
                        bloc: true,
                        url: has_term_page(site, REGIONS, id).then(|| self.urls.term(REGIONS, id)),
                    },
                    Jurisdiction::Country(code) => Choice {
                        id: code.clone(),
                        name: self.country_name(code).into_owned(),
                        bloc: false,
                        url: Some(self.urls.country(code)),
                    },
                };
                (j, c)
            })
            .collect();
        out.sort_by(|(_, a), (_, b)| {
            b.bloc.cmp(&a.bloc).then_with(|| text.compare(&a.name, &b.name)).then(a.id.cmp(&b.id))
        });
        out
    }

    pub(super) fn compare_page(&self, ctx: &mut Context) -> Result<()> {
        let scope = Scope::new(self.site);
        let choices = self.choices(&scope);
        let collections = scope.collections();
        let main = scope.main_collection();
        let matrices: Vec<Matrix<'_>> =
            collections.iter().map(|c| self.matrix(&scope, c, &choices)).collect();
        let i18n = self.theme.i18n();
        let title = i18n.text(self.lang, "compare");
        let count = i18n.count(self.lang, "jurisdictions", choices.len() as u64);
        let description =
            self.describe_records(&title, &count, choices.iter().map(|(_, c)| c.name.as_str()));
        ctx.insert("description", &description);
        ctx.insert(
            "collections",
            &collections
                .iter()
                .map(|c| {
                    json!({
                        "name": c.name,
                        "title": c.title_in(self.lang),
                        "selected": Some(c.name.as_str()) == main,
                    })
                })
                .collect::<Vec<_>>(),
        );
        ctx.insert("jurisdictions", &choices.iter().map(|(_, c)| c).collect::<Vec<_>>());
        ctx.insert("matrices", &matrices);
        ctx.insert("matrix_values", &MATRIX_VALUES);
        ctx.insert("countries_url", &self.urls.countries());
        Ok(())
    }

    /// The static matrix of one collection.
    fn matrix(
        &self,
        scope: &Scope<'a>,
        c: &'a Collection,
        choices: &[(Jurisdiction, Choice)],
    ) -> Matrix<'a> {
        let site = self.site;
        let facets: Vec<_> = c
            .facets
            .iter()
            .filter_map(|f| c.field(f, &site.schema.common))
            .filter(|f| *f.ty.scalar() != FieldType::Country)
            .collect();
        let mut rows = Vec::new();
        for (j, choice) in choices {
            let entries = scope.entries(j, &c.name);
            let own: Vec<&Entry<'_>> = entries.iter().filter(|e| e.via.is_none()).collect();
            let mut via: BTreeMap<&str, usize> = BTreeMap::new();
            for e in entries.iter().filter_map(|e| e.via) {
                *via.entry(e).or_default() += 1;
            }
            // A country with only its blocs' records has the bloc's row:
            // rows grow with jurisdictions that have records of their own.
            if own.is_empty() {
                continue;
            }
            let records: Vec<&crate::model::Record> =
                own.iter().filter_map(|e| site.records.get(e.key)).collect();
            let mut cells = Vec::new();
            for def in &facets {
                // Counted by value, then each distinct value shown once:
                // formatting every record's values cost most of the page.
                let mut raw: BTreeMap<&crate::model::Value, usize> = BTreeMap::new();
                for r in &records {
                    let Some(v) = r.fields.get(&def.name) else {
                        continue;
                    };
                    for item in v.items() {
                        *raw.entry(item).or_default() += 1;
                    }
                }
                let mut counts: BTreeMap<String, usize> = BTreeMap::new();
                for (item, n) in raw {
                    *counts.entry(self.value(&def.ty, item).text).or_default() += n;
                }
                let mut values: Vec<(String, usize)> = counts.into_iter().collect();
                values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                let more = values.len().saturating_sub(MATRIX_VALUES);
                values.truncate(MATRIX_VALUES);
                cells.push(Cell { values, more });
            }
            rows.push(MatrixRow {
                id: choice.id.clone(),
                name: choice.name.clone(),
                bloc: choice.bloc,
                url: choice.url.clone(),
                count: own.len(),
                via: via
                    .into_iter()
                    .map(|(b, n)| (site.term_label_in(REGIONS, b, self.lang).to_owned(), n))
                    .collect(),
                cells,
            });
        }
        Matrix {
            name: &c.name,
            title: c.title_in(self.lang),
            url: self.urls.collection(&c.name),
            facets: facets.iter().map(|f| self.field_label(f).into_owned()).collect(),
            rows,
        }
    }

    /// `compare/data.js` and the record files of every collection and
    /// jurisdiction (see the module docs), paths from the site root.
    pub(super) fn compare_files(&self) -> Vec<OutputFile> {
        let site = self.site;
        let folder = format!("{}{COMPARE}", lang_prefix(&site.project.config.book, self.lang));
        let scope = Scope::new(site);
        let choices = self.choices(&scope);
        let collections = scope.collections();
        let mut files = Vec::new();
        let mut counts: Vec<BTreeMap<&str, usize>> = vec![BTreeMap::new(); choices.len()];
        // Each distinct value of a field is formatted once, not per record.
        let mut shown: BTreeMap<(usize, usize, &crate::model::Value), String> = BTreeMap::new();
        for (ci, c) in collections.iter().enumerate() {
            let defs = compare::fields(site, c);
            for ((j, choice), n) in choices.iter().zip(counts.iter_mut()) {
                let mut dict = Dict::default();
                let own: Vec<Json> = scope
                    .entries(j, &c.name)
                    .into_iter()
                    .filter(|e| e.via.is_none())
                    .filter_map(|e| {
                        let r = site.records.get(e.key)?;
                        let v = self.version(r);
                        let lang = v.field("title").map_or(r.language.as_str(), |(_, l)| l);
                        let mut text = |di: usize, ty: &FieldType, v: &'a crate::model::Value| {
                            let t =
                                shown.entry((ci, di, v)).or_insert_with(|| self.value(ty, v).text);
                            dict.index(t.clone())
                        };
                        let values: Vec<Json> = defs
                            .iter()
                            .enumerate()
                            // In the page's language where a translation gives it.
                            .map(|(di, def)| match v.field(&def.name).map(|(x, _)| x) {
                                None => json!(0),
                                Some(value) if def.ty.is_list() => {
                                    value.items().iter().map(|i| text(di, &def.ty, i)).collect()
                                }
                                Some(value) => text(di, &def.ty, value),
                            })
                            .collect();
                        let lang = if self.is_other(lang) { json!(lang) } else { json!(0) };
                        Some(json!([r.key.id, v.title(), lang, values]))
                    })
                    .collect();
                if own.is_empty() {
                    continue;
                }
                n.insert(&c.name, own.len());
                let script = format!(
                    "compendiumCompareChunk({},{},{},{});\n",
                    Json::from(c.name.as_str()),
                    Json::from(choice.id.as_str()),
                    Json::from(dict.texts),
                    Json::from(own)
                );
                files.push(OutputFile::new(
                    format!("{folder}/{}", chunk_path(&c.name, j)),
                    script.into_bytes(),
                ));
            }
        }
        let jurisdictions: Vec<Json> = choices
            .iter()
            .zip(&counts)
            .map(|((j, c), n)| {
                let blocs: Vec<&str> = match j {
                    Jurisdiction::Country(code) => scope.blocs_of(code),
                    Jurisdiction::Bloc(_) => Vec::new(),
                };
                json!({ "id": c.id, "name": c.name, "bloc": c.bloc, "url": c.url, "blocs": blocs, "n": n, "a": other_names(site, j) })
            })
            .collect();
        // Countries no record applies to, by code, with their names: one
        // asked for in the address is a column of "–", as `compendium
        // compare` shows it, and a code that is none is said to be none.
        let taken: std::collections::BTreeSet<&str> =
            choices.iter().map(|(_, c)| c.id.as_str()).collect();
        let none: serde_json::Map<String, Json> = rust_iso3166::ALL
            .iter()
            .filter(|c| !taken.contains(c.alpha3))
            .map(|c| (c.alpha3.to_owned(), json!(self.country_name(c.alpha3))))
            .collect();
        let index = json!({
            "none": none,
            "records": self.urls.lang_root(),
            "collections": collections.iter().map(|c| json!({
                "name": c.name,
                "title": c.title_in(self.lang),
                "fields": compare::fields(site, c).iter().map(|f| self.field_label(f)).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "jurisdictions": jurisdictions,
        });
        files.push(OutputFile::new(
            format!("{folder}/data.js"),
            format!("window.compendiumCompare={index};\n").into_bytes(),
        ));
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

/// The distinct texts of a record file, each written once: a value is its
/// number from 1 (0 stays "none"). Country names, terms and enum labels
/// repeat in every record; this halves a large jurisdiction's file.
#[derive(Default)]
struct Dict {
    texts: Vec<String>,
    numbers: std::collections::HashMap<String, usize>,
}

impl Dict {
    fn index(&mut self, text: String) -> Json {
        let next = self.texts.len() + 1;
        let n = *self.numbers.entry(text.clone()).or_insert(next);
        if n == next {
            self.texts.push(text);
        }
        Json::from(n)
    }
}

/// A record file's path from the compare folder: `d/regulations/c-chn.js`,
/// `d/regulations/b-european-union.js` (the prefix keeps a bloc id from
/// meeting a country code).
pub fn chunk_path(collection: &str, j: &Jurisdiction) -> String {
    match j {
        Jurisdiction::Country(code) => format!("d/{collection}/c-{}.js", code.to_ascii_lowercase()),
        Jurisdiction::Bloc(id) => format!("d/{collection}/b-{id}.js"),
    }
}

/// The compare page's data files in `lang` (see the module docs).
pub fn files(site: &Site, theme: &super::super::Theme, lang: &str) -> Vec<OutputFile> {
    let prefix = lang_prefix(&site.project.config.book, lang);
    let path = format!("{prefix}{COMPARE}/index.html");
    let memo = super::super::paging::Memo::default();
    let v = View {
        site,
        theme,
        lang,
        urls: super::Urls::new(super::super::urls::root_of(&path), &prefix),
        names: Default::default(),
        memo: &memo,
        number: 1,
    };
    v.compare_files()
}

/// The other names a visitor may give a jurisdiction in the page's `j=`
/// or its search box, as `compendium compare` takes them: a country's
/// alpha-2 code, everyday name and names in the site's languages; a bloc's
/// labels and aliases.
fn other_names(site: &Site, j: &Jurisdiction) -> Vec<String> {
    use crate::core::countries;
    let mut out: Vec<String> = Vec::new();
    let mut add = |n: &str| {
        if !n.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(n)) {
            out.push(n.to_owned());
        }
    };
    match j {
        Jurisdiction::Country(code) => {
            if let Some(c) = rust_iso3166::from_alpha3(code) {
                add(c.alpha2);
                add(c.name);
            }
            countries::names_in(code, site.languages()).for_each(|n| add(&n));
        }
        Jurisdiction::Bloc(id) => {
            for l in site.languages() {
                add(site.term_label_in(REGIONS, id, l));
            }
            let term = site.schema.taxonomies.get(REGIONS).and_then(|t| t.terms.get(id));
            for a in term.map(|t| t.aliases.as_slice()).unwrap_or_default() {
                add(a);
            }
        }
    }
    out
}
