//! The compare view's selection, shared by the compare page and
//! `compendium compare` so that both show the same records in the same
//! order: which jurisdictions a site has (countries that records apply to,
//! and blocs: `regions` terms with members), what a name typed on the
//! command line means, which collections take part (those with a
//! `country` field whose records name a jurisdiction), the fields compared
//! (facets first) and the records of a collection that apply to a
//! jurisdiction, directly or through a bloc. Pure; no formatting.

mod report;

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::{FxHashMap, FxHashSet};

use crate::core::countries;
use crate::core::diag::did_you_mean;
use crate::model::{Collection, FieldDef, FieldType, Key, Site, Term};
use crate::resolve::REGIONS;

pub use report::{Report, report, text};

/// A country or a bloc.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Jurisdiction {
    /// By its upper-case ISO 3166-1 alpha-3 code.
    Country(String),
    /// By the id of its `regions` term.
    Bloc(String),
}

impl Jurisdiction {
    /// The id URLs and the command line use: `CHN`, `european-union`.
    pub fn id(&self) -> &str {
        match self {
            Jurisdiction::Country(c) | Jurisdiction::Bloc(c) => c,
        }
    }

    /// Whether it is a bloc.
    pub fn is_bloc(&self) -> bool {
        matches!(self, Jurisdiction::Bloc(_))
    }
}

/// One record in a jurisdiction's column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry<'s> {
    /// The record.
    pub key: &'s Key,
    /// The bloc it applies through (for a country), or `None` when it
    /// names the jurisdiction itself.
    pub via: Option<&'s str>,
}

/// The bloc `id`: a `regions` term with members.
pub fn bloc<'s>(site: &'s Site, id: &str) -> Option<&'s Term> {
    let term = site.schema.taxonomies.get(REGIONS)?.terms.get(id)?;
    (!term.members.is_empty()).then_some(term)
}

/// Who has which records, made once per site and language: the blocs'
/// own records (those naming the bloc in a `country` field: a record
/// merely tagged with a region in `regions` is about it, not its law).
pub struct Scope<'s> {
    site: &'s Site,
    /// Each bloc's records, sorted, for blocs that have some.
    blocs: BTreeMap<&'s str, Vec<&'s Key>>,
    /// Each record's place in its collection's listing, made once: every
    /// jurisdiction's column sorts by it.
    order: FxHashMap<&'s Key, usize>,
}

impl<'s> Scope<'s> {
    /// The scope of `site`.
    pub fn new(site: &'s Site) -> Scope<'s> {
        let order: FxHashMap<&Key, usize> = site
            .listings
            .values()
            .flat_map(|keys| keys.iter().enumerate().map(|(i, k)| (k, i)))
            .collect();
        let mut blocs = BTreeMap::new();
        // A region without members is a bloc too when records name it as
        // their jurisdiction (the African Union's own treaties, whose
        // members are left out because they bind only those that ratify).
        for term in site.schema.taxonomies.get(REGIONS).into_iter().flat_map(|t| t.terms.values()) {
            let keys: Vec<&Key> = own_records(site, &term.id).collect();
            if !keys.is_empty() {
                blocs.insert(term.id.as_str(), sorted(&order, keys));
            }
        }
        Scope { site, blocs, order }
    }

    /// The blocs `code` is a member of that have records, by id.
    pub fn blocs_of(&self, code: &str) -> Vec<&'s str> {
        let Some(regions) = self.site.schema.taxonomies.get(REGIONS) else { return Vec::new() };
        self.blocs
            .keys()
            .copied()
            .filter(|id| {
                regions.terms.get(*id).is_some_and(|t| t.members.iter().any(|m| m == code))
            })
            .collect()
    }

    /// Every jurisdiction: blocs with records (by id), then countries with
    /// records of their own or of one of their blocs (by code).
    pub fn jurisdictions(&self) -> Vec<Jurisdiction> {
        let mut out: Vec<Jurisdiction> =
            self.blocs.keys().map(|id| Jurisdiction::Bloc((*id).to_owned())).collect();
        let mut codes: BTreeSet<&str> = self
            .site
            .countries
            .iter()
            .filter(|(_, c)| !c.direct.is_empty())
            .map(|(code, _)| code.as_str())
            .collect();
        if let Some(regions) = self.site.schema.taxonomies.get(REGIONS) {
            for id in self.blocs.keys() {
                let members = regions.terms.get(*id).map_or(&[][..], |t| t.members.as_slice());
                codes.extend(members.iter().map(String::as_str));
            }
        }
        out.extend(codes.into_iter().map(|c| Jurisdiction::Country(c.to_owned())));
        out
    }

    /// The collections that take part, in schema order: those with a field
    /// of type `country` some of whose records apply to a jurisdiction.
    pub fn collections(&self) -> Vec<&'s Collection> {
        let site = self.site;
        let mut named: BTreeSet<&str> = BTreeSet::new();
        let direct = site.countries.values().flat_map(|c| c.direct.iter());
        for k in direct.chain(self.blocs.values().flatten().copied()) {
            named.insert(&k.collection);
        }
        site.schema
            .collections
            .values()
            .filter(|c| named.contains(c.name.as_str()))
            .filter(|c| {
                c.all_fields(&site.schema.common).any(|f| *f.ty.scalar() == FieldType::Country)
            })
            .collect()
    }

    /// The collection the page opens on: the one whose records name a
    /// jurisdiction most often (regulations, on a site of laws and
    /// programmes), the first in schema order on a tie.
    pub fn main_collection(&self) -> Option<&'s str> {
        let site = self.site;
        let mut named: BTreeMap<&str, BTreeSet<&crate::model::Key>> = BTreeMap::new();
        let direct = site.countries.values().flat_map(|c| c.direct.iter());
        for k in direct.chain(self.blocs.values().flatten().copied()) {
            named.entry(&k.collection).or_default().insert(k);
        }
        let mut best: Option<(&'s str, usize)> = None;
        for c in self.collections() {
            let n = named.get(c.name.as_str()).map_or(0, BTreeSet::len);
            if best.is_none_or(|(_, b)| n > b) {
                best = Some((c.name.as_str(), n));
            }
        }
        best.map(|(name, _)| name)
    }

    /// The records of `collection` that apply to `j`, in the collection's
    /// listing order: for a country, those naming it first, then those of
    /// each bloc it is a member of (by bloc id), each record once; for a
    /// bloc, those naming it.
    pub fn entries(&self, j: &Jurisdiction, collection: &str) -> Vec<Entry<'s>> {
        let ours = |k: &&Key| &*k.collection == collection;
        // Each bloc's list is sorted once, in `new`: a bloc's records are
        // in every member's column.
        let of_bloc = |id: &str| self.blocs.get(id).into_iter().flatten().copied().filter(ours);
        match j {
            Jurisdiction::Bloc(id) => of_bloc(id).map(|key| Entry { key, via: None }).collect(),
            Jurisdiction::Country(code) => {
                let direct = self.site.countries.get(code).map(|c| c.direct.iter().filter(ours));
                let direct = sorted(&self.order, direct.into_iter().flatten().collect());
                let mut seen: FxHashSet<&Key> = direct.iter().copied().collect();
                let mut out: Vec<Entry<'s>> =
                    direct.into_iter().map(|key| Entry { key, via: None }).collect();
                for bloc in self.blocs_of(code) {
                    // A record naming both the country and its bloc shows once.
                    for key in of_bloc(bloc).filter(|k| seen.insert(k)) {
                        out.push(Entry { key, via: Some(bloc) });
                    }
                }
                out
            }
        }
    }
}

/// `keys` in their listings' order (unlisted last, by key), each once.
fn sorted<'s>(order: &FxHashMap<&Key, usize>, mut keys: Vec<&'s Key>) -> Vec<&'s Key> {
    keys.sort_by_key(|k| (order.get(k).copied().unwrap_or(usize::MAX), *k));
    keys.dedup();
    keys
}

/// Whether record `key` names `id` in one of its `country` fields.
/// The records that name the region `id` in a `country` field: its own
/// law, not records merely tagged with it.
fn own_records<'s>(site: &'s Site, id: &'s str) -> impl Iterator<Item = &'s Key> {
    let tagged = site.terms.get(REGIONS).and_then(|m| m.get(id));
    tagged.into_iter().flatten().filter(move |k| names_in_country_field(site, k, id))
}

fn names_in_country_field(site: &Site, key: &Key, id: &str) -> bool {
    let Some(r) = site.records.get(key) else { return false };
    r.fields.iter().any(|(name, value)| {
        site.field(&key.collection, name).is_some_and(|d| *d.ty.scalar() == FieldType::Country)
            && value.items().iter().any(|v| matches!(v, crate::model::Value::Str(s) if s == id))
    })
}

/// [`Scope::jurisdictions`] of `site`.
pub fn jurisdictions(site: &Site) -> Vec<Jurisdiction> {
    Scope::new(site).jurisdictions()
}

/// [`Scope::collections`] of `site`.
pub fn collections(site: &Site) -> Vec<&Collection> {
    Scope::new(site).collections()
}

/// The fields compared, one row each: the collection's facets in declared
/// order, then its other fields (common ones first); not the title (the
/// records are the first row), nor text meant to be read rather than
/// compared (summary, multi-line text, the body), nor the record's
/// language, update date and related records.
pub fn fields<'s>(site: &'s Site, c: &'s Collection) -> Vec<&'s FieldDef> {
    const LEFT_OUT: &[&str] = &["title", "summary", "language", "updated", "related"];
    let common = &site.schema.common;
    let shown = |f: &&FieldDef| {
        !LEFT_OUT.contains(&f.name.as_str())
            && !matches!(f.ty.scalar(), FieldType::Text | FieldType::Markdown)
    };
    let mut out: Vec<&FieldDef> =
        c.facets.iter().filter_map(|name| c.field(name, common)).filter(shown).collect();
    for f in c.all_fields(common).filter(shown) {
        if !out.iter().any(|o| o.name == f.name) {
            out.push(f);
        }
    }
    out
}

/// [`Scope::entries`] of `site`.
pub fn entries<'s>(site: &'s Site, j: &Jurisdiction, collection: &str) -> Vec<Entry<'s>> {
    Scope::new(site).entries(j, collection)
}

/// Why a name given on the command line is no jurisdiction, and the
/// nearest one, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unknown {
    /// The name as given.
    pub given: String,
    /// The nearest jurisdiction's id and name.
    pub suggestion: Option<(String, String)>,
}

impl std::fmt::Display for Unknown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "`{}` is neither a country (ISO 3166-1 code or name) nor a bloc of this site",
            self.given.escape_debug()
        )?;
        match &self.suggestion {
            Some((id, name)) if id != name => write!(f, "; did you mean `{id}` ({name})?"),
            Some((id, _)) => write!(f, "; did you mean `{id}`?"),
            None => Ok(()),
        }
    }
}

/// The jurisdiction `text` names, case aside: a bloc's id, label or alias
/// (in any language the site translates it into), or a country's alpha-3
/// or alpha-2 code or name (ISO's, or CLDR's in a site language, as pages
/// show it: `Chine`, `日本`). A country no record applies to is still one
/// (its column is empty).
pub fn find(site: &Site, text: &str) -> Result<Jurisdiction, Unknown> {
    let t = text.trim();
    let lower = t.to_lowercase();
    let blocs = site.schema.taxonomies.get(REGIONS).into_iter().flat_map(|t| t.terms.values());
    for term in blocs.filter(|t| !t.members.is_empty() || own_records(site, &t.id).next().is_some())
    {
        let names = std::iter::once(term.label.as_str())
            .chain(term.aliases.iter().map(String::as_str))
            .chain(term.translations.values().filter_map(|tr| tr.label.as_deref()));
        if term.id.eq_ignore_ascii_case(t) || names.into_iter().any(|n| n.to_lowercase() == lower) {
            return Ok(Jurisdiction::Bloc(term.id.clone()));
        }
    }
    if let Some(code) = countries::lookup_in(t, site.languages()) {
        return Ok(Jurisdiction::Country(code.to_owned()));
    }
    Err(Unknown { given: t.to_owned(), suggestion: nearest(site, t) })
}

/// The jurisdiction nearest to `text`: the site's own first (codes, bloc
/// ids and labels, country names in every site language), then any
/// country's ISO name or name in a site language.
fn nearest(site: &Site, text: &str) -> Option<(String, String)> {
    let languages = site.languages();
    let mut names: Vec<(String, Jurisdiction)> = Vec::new();
    for j in jurisdictions(site) {
        names.push((j.id().to_owned(), j.clone()));
        names.push((name(site, &j), j.clone()));
        match &j {
            Jurisdiction::Country(code) => {
                for l in &languages {
                    names.extend(countries::name_in(l, code).map(|n| (n, j.clone())));
                }
            }
            Jurisdiction::Bloc(id) => {
                for l in &languages {
                    names.push((site.term_label_in(REGIONS, id, l).to_owned(), j.clone()));
                }
            }
        }
    }
    let own = did_you_mean(text, names.iter().map(|(n, _)| n.as_str()));
    let j = match own {
        Some(best) => names.iter().find(|(n, _)| n == best).map(|(_, j)| j.clone()),
        None => countries::suggest_in(text, languages.iter().copied())
            .map(|c| Jurisdiction::Country(c.to_owned())),
    }?;
    Some((j.id().to_owned(), name(site, &j)))
}

/// A jurisdiction's name in the site's default language, as its pages
/// give it: the bloc's label; a country's ISO short name in English, its
/// CLDR name in another language (`中国` on a Chinese site).
pub fn name(site: &Site, j: &Jurisdiction) -> String {
    name_in(site, j, &site.project.config.book.language)
}

/// A jurisdiction's name as `lang`'s pages give it (see [`name`]).
pub fn name_in(site: &Site, j: &Jurisdiction, lang: &str) -> String {
    match j {
        Jurisdiction::Bloc(id) => site.term_label_in(REGIONS, id, lang).to_owned(),
        Jurisdiction::Country(code) => {
            countries::shown_name(lang, code).unwrap_or_else(|| code.clone())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, Site) {
        crate::pipeline::testing::site_from(&[
            ("book.toml", "[book]\ntitle = \"T\"\n"),
            (
                "content/_taxonomies.yaml",
                "regions:\n  title: Regions\n  terms:\n    eu: {label: European Union, aliases: [EU], members: [FRA, DEU]}\n    africa: {label: Africa}\n    g7: {label: G7, members: [FRA, ITA]}\n",
            ),
            (
                "content/laws/_collection.yaml",
                "title: Laws\nsingular: Law\ndescription: d\nsort: title\nfacets: [kind]\nfields:\n  where: {type: country, required: true}\n  kind: {type: enum, values: [law, decree]}\n  note: {type: text}\n",
            ),
            ("content/laws/b.yaml", "title: B\nsummary: s\nwhere: FRA\nkind: law\n"),
            ("content/laws/a.yaml", "title: A\nsummary: s\nwhere: FRA\nkind: decree\n"),
            ("content/laws/eu.yaml", "title: C\nsummary: s\nwhere: eu\n"),
            ("content/laws/both.yaml", "title: D\nsummary: s\nwhere: FRA\ncountries: [eu]\n"),
            // About the G7, not a law of it: no bloc records for its members.
            ("content/laws/g7.yaml", "title: E\nsummary: s\nwhere: USA\nregions: [g7]\n"),
            (
                "content/notes/_collection.yaml",
                "title: Notes\nsingular: Note\ndescription: d\nsort: title\nfields: {}\n",
            ),
            ("content/notes/n.md", "---\ntitle: A note\nsummary: s\n---\n"),
        ])
    }

    #[test]
    fn blocs_then_countries_and_the_collections_that_name_them() {
        let (_d, site) = site();
        let ids: Vec<String> = jurisdictions(&site).iter().map(|j| j.id().to_owned()).collect();
        assert_eq!(ids, ["eu", "DEU", "FRA", "USA"]);
        let names: Vec<&str> = collections(&site).iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["laws"]);
        let c = &site.schema.collections["laws"];
        let rows: Vec<&str> = fields(&site, c).iter().map(|f| f.name.as_str()).collect();
        assert_eq!(rows[0], "kind");
        assert!(rows.contains(&"where") && !rows.contains(&"note") && !rows.contains(&"title"));
    }

    #[test]
    fn a_country_gets_its_blocs_records_labelled() {
        let (_d, site) = site();
        let fra = entries(&site, &Jurisdiction::Country("FRA".into()), "laws");
        let shown: Vec<(String, Option<&str>)> =
            fra.iter().map(|e| (e.key.id.to_string(), e.via)).collect();
        assert_eq!(
            shown,
            [
                ("a".into(), None),
                ("b".into(), None),
                ("both".into(), None),
                ("eu".into(), Some("eu"))
            ]
        );
        let deu = entries(&site, &Jurisdiction::Country("DEU".into()), "laws");
        assert!(deu.iter().all(|e| e.via == Some("eu")) && deu.len() == 2);
        assert_eq!(entries(&site, &Jurisdiction::Bloc("eu".into()), "laws").len(), 2);
        assert!(entries(&site, &Jurisdiction::Country("KEN".into()), "laws").is_empty());
        assert!(entries(&site, &Jurisdiction::Country("ITA".into()), "laws").is_empty());
    }

    #[test]
    fn names_codes_and_blocs_are_found_and_typos_get_a_suggestion() {
        let (_d, site) = site();
        let c = |s: &str| Jurisdiction::Country(s.into());
        assert_eq!(find(&site, "fra"), Ok(c("FRA")));
        assert_eq!(find(&site, "DE"), Ok(c("DEU")));
        assert_eq!(find(&site, "germany"), Ok(c("DEU")));
        assert_eq!(find(&site, "Kenya"), Ok(c("KEN")));
        assert_eq!(find(&site, "EU"), Ok(Jurisdiction::Bloc("eu".into())));
        assert_eq!(find(&site, "european union"), Ok(Jurisdiction::Bloc("eu".into())));
        // A region without members is no bloc, unless records name it as
        // their jurisdiction.
        assert!(find(&site, "africa").is_err());
        let (_dir, au) = crate::pipeline::testing::site_from(&[
            ("book.toml", "[book]\ntitle = \"T\"\n"),
            (
                "content/_taxonomies.yaml",
                "regions:\n  title: Regions\n  terms:\n    african-union: {label: African Union}\n",
            ),
            (
                "content/laws/_collection.yaml",
                "title: Laws\nsingular: Law\nfields:\n  where: {type: country, required: true}\n",
            ),
            ("content/laws/malabo.yaml", "title: M\nsummary: s\nwhere: african-union\n"),
        ]);
        let bloc = Jurisdiction::Bloc("african-union".into());
        assert_eq!(find(&au, "African Union"), Ok(bloc.clone()));
        assert!(jurisdictions(&au).contains(&bloc));
        let e = find(&site, "Frnace").unwrap_err();
        assert_eq!(e.suggestion, Some(("FRA".into(), "France".into())));
        assert!(e.to_string().contains("did you mean `FRA` (France)?"), "{e}");
        let e = find(&site, "Keyna").unwrap_err();
        assert_eq!(e.suggestion, Some(("KEN".into(), "Kenya".into())));
        let e = find(&site, "\u{1b}[2J zzzzzzzz").unwrap_err();
        assert_eq!(e.suggestion, None);
        assert!(!e.to_string().contains('\u{1b}'), "{e}");
    }

    #[test]
    fn countries_are_found_by_their_names_in_the_site_languages() {
        let c = |s: &str| Jurisdiction::Country(s.into());
        let (_d, english) = site();
        assert!(find(&english, "Allemagne").is_err());
        let (_dir, site) = crate::pipeline::testing::site_from(&[
            (
                "book.toml",
                "[book]\ntitle = \"T\"\nlanguage = \"ja\"\nlanguages = [\"ja\", \"fr\"]\n",
            ),
            (
                "content/laws/_collection.yaml",
                "title: Laws\nsingular: Law\nfields:\n  where: {type: country, required: true}\n",
            ),
            ("content/laws/a.yaml", "title: A\nsummary: s\nwhere: FRA\n"),
            ("content/laws/b.yaml", "title: B\nsummary: s\nwhere: DEU\n"),
        ]);
        assert_eq!(find(&site, "日本"), Ok(c("JPN")));
        assert_eq!(find(&site, "韓国"), Ok(c("KOR")));
        assert_eq!(find(&site, "allemagne"), Ok(c("DEU")));
        assert_eq!(find(&site, "Germany"), Ok(c("DEU")));
        // A name in a language the site does not have is none.
        assert!(find(&site, "Alemania").is_err());
        // Near misses in a site language: the site's own jurisdictions,
        // then any country.
        // Named as the default language's pages name them.
        let e = find(&site, "Allemagn").unwrap_err();
        assert_eq!(e.suggestion, Some(("DEU".into(), "ドイツ".into())));
        let e = find(&site, "Espagn").unwrap_err();
        assert_eq!(e.suggestion, Some(("ESP".into(), "スペイン".into())));
    }
}
