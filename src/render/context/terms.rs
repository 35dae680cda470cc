//! The pages of taxonomies, terms and countries: each lists the records
//! tagged with a term or naming a country, grouped by collection, in the
//! page's language.

use anyhow::{Result, bail};
use serde::Serialize;
use tera::Context;

use crate::model::Key;
use crate::resolve::REGIONS;

use super::super::Page;
use super::super::paging::{self, Prepared};
use super::super::urls::COUNTRIES;
use super::{View, has_term_page};

#[derive(Serialize)]
struct TermView<'a> {
    id: &'a str,
    label: std::borrow::Cow<'a, str>,
    description: Option<&'a str>,
    /// The default language's description standing in for the page's:
    /// marked as such, for screen readers (as on the term's own page).
    #[serde(skip_serializing_if = "Option::is_none")]
    description_lang: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description_dir: Option<&'static str>,
    count: usize,
    url: String,
}

impl View<'_> {
    pub(super) fn taxonomy(&self, ctx: &mut Context, name: &str) -> Result<()> {
        let site = self.site;
        let Some(t) = site.schema.taxonomies.get(name) else {
            bail!("there is no taxonomy `{name}`")
        };
        let default_lang = site.project.config.book.language.as_str();
        let mut terms: Vec<TermView<'_>> = t
            .terms
            .values()
            .filter(|term| has_term_page(site, name, &term.id))
            .map(|term| {
                let description = term.description_in(self.lang);
                let stand_in = (!self.lang.eq_ignore_ascii_case(default_lang)
                    && description.is_some()
                    && description == term.description.as_deref())
                .then_some(default_lang);
                TermView {
                    id: &term.id,
                    label: term.label_in(self.lang).into(),
                    description,
                    description_lang: stand_in,
                    description_dir: stand_in.map(crate::core::lang::dir),
                    count: site.terms.get(name).and_then(|m| m.get(&term.id)).map_or(0, Vec::len),
                    url: self.urls.term(name, &term.id),
                }
            })
            .collect();
        // By the label readers see, in their language's order (as Hugo's
        // and Zola's taxonomy pages list terms by name).
        let text = self.collation();
        terms.sort_by(|a, b| text.compare(&a.label, &b.label).then_with(|| a.id.cmp(b.id)));
        let description = self.describe_terms(t.title_in(self.lang), &terms);
        ctx.insert("description", &description);
        ctx.insert(
            "taxonomy",
            &serde_json::json!({ "name": t.name, "title": t.title_in(self.lang) }),
        );
        ctx.insert("terms", &terms);
        Ok(())
    }

    /// "Topics: Trade; Data protection; …", the terms that tag most
    /// records first.
    fn describe_terms(&self, title: &str, terms: &[TermView<'_>]) -> String {
        let mut by_count: Vec<&TermView<'_>> = terms.iter().collect();
        by_count.sort_by(|a, b| {
            b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)).then_with(|| a.id.cmp(b.id))
        });
        self.describe_list(title, by_count.iter().map(|t| t.label.as_ref()))
    }

    pub(super) fn country_index(&self, ctx: &mut Context) -> Result<()> {
        let mut terms: Vec<TermView<'_>> = self
            .site
            .countries
            .iter()
            .map(|(code, c)| TermView {
                id: code,
                label: self.country_name(code),
                description: None,
                description_lang: None,
                description_dir: None,
                count: country_keys(c).len(),
                url: self.urls.country(code),
            })
            .collect();
        let text = self.collation();
        terms.sort_by(|a, b| text.compare(&a.label, &b.label).then_with(|| a.id.cmp(b.id)));
        let title = self.theme.i18n().text(self.lang, "countries");
        ctx.insert("description", &self.describe_terms(&title, &terms));
        ctx.insert("taxonomy", &serde_json::json!({ "name": COUNTRIES, "title": title }));
        ctx.insert("terms", &terms);
        Ok(())
    }

    pub(super) fn term(&self, ctx: &mut Context, taxonomy: &str, id: &str) -> Result<()> {
        #[derive(Serialize)]
        struct Member {
            code: String,
            name: String,
            url: Option<String>,
        }
        let site = self.site;
        let Some(t) = site.schema.taxonomies.get(taxonomy) else {
            bail!("there is no taxonomy `{taxonomy}`")
        };
        let Some(term) = t.terms.get(id) else { bail!("there is no term `{taxonomy}/{id}`") };
        let keys: &[Key] =
            site.terms.get(taxonomy).and_then(|m| m.get(id)).map_or(&[], Vec::as_slice);
        let members: Vec<Member> = term
            .members
            .iter()
            .map(|code| Member {
                code: code.clone(),
                name: self.country_name(code).into_owned(),
                url: site.countries.contains_key(code).then(|| self.urls.country(code)),
            })
            .collect();
        let lang = self.lang;
        let first = Page::Term(taxonomy.to_owned(), id.to_owned());
        let prepared = self.memo.get(lang, self.urls.root(), &first, || {
            Ok(Prepared::new(vec![self.runs(keys.iter())], serde_json::Value::Null))
        })?;
        let range = paging::window(site, self.number, prepared.total());
        let shown = prepared.slice(range);
        let groups = self.groups_of(shown.first().map_or(&[][..], Vec::as_slice));
        let count = self.theme.i18n().count(lang, "records", keys.len() as u64);
        let titles = groups.iter().flat_map(|g| g.records.iter().map(|r| r.title));
        // The same term may be in two taxonomies (a bloc is a region and an
        // organisation): the taxonomy tells their pages apart.
        let i18n = self.theme.i18n();
        let about = i18n.format(
            lang,
            "meta-term",
            None,
            &[("term", term.label_in(lang)), ("taxonomy", t.title_in(lang))],
        );
        let description = self.describe_records(&about, &count, titles);
        ctx.insert("description", &description);
        ctx.insert(
            "taxonomy",
            &serde_json::json!({ "name": t.name, "title": t.title_in(lang), "url": self.urls.taxonomy(&t.name) }),
        );
        let default_lang = self.site.project.config.book.language.as_str();
        let fallback_lang = (!lang.eq_ignore_ascii_case(default_lang)
            && term.description.is_some()
            && term.description_in(lang) == term.description.as_deref())
        .then_some(default_lang);
        ctx.insert(
            "term",
            &serde_json::json!({
                "id": term.id,
                "label": term.label_in(lang),
                "description": term.description_in(lang),
                // The default language's description standing in for this
                // page's: marked as such, for screen readers.
                "description_lang": fallback_lang,
                "description_dir": crate::core::lang::dir(default_lang),
                "aliases": term.aliases,
                "members": term.members,
            }),
        );
        ctx.insert("members", &members);
        ctx.insert("count", &keys.len());
        ctx.insert("groups", &groups);
        Ok(())
    }

    pub(super) fn country(&self, ctx: &mut Context, code: &str) -> Result<()> {
        #[derive(Serialize)]
        struct Via<'a> {
            id: &'a str,
            label: &'a str,
            url: Option<String>,
            groups: Vec<super::items::Group<'a>>,
        }
        let site = self.site;
        let Some(c) = site.countries.get(code) else {
            bail!("no record names the country `{code}`")
        };
        let via: Vec<Via<'_>> = c
            .via
            .keys()
            .map(|bloc| Via {
                id: bloc,
                label: site.term_label_in(REGIONS, bloc, self.lang),
                url: has_term_page(site, REGIONS, bloc).then(|| self.urls.term(REGIONS, bloc)),
                groups: Vec::new(),
            })
            .collect();
        let first = Page::Country(code.to_owned());
        let prepared = self.memo.get(self.lang, self.urls.root(), &first, || {
            // Each record once, in the first section that holds it (as
            // `compare` lists them): named directly, else through its first bloc.
            let mut seen: std::collections::BTreeSet<&Key> = c.direct.iter().collect();
            let mut sections = vec![self.runs(c.direct.iter())];
            for keys in c.via.values() {
                sections.push(self.runs(keys.iter().filter(|k| seen.insert(k))));
            }
            Ok(Prepared::new(sections, serde_json::Value::Null))
        })?;
        // Every bloc the country's records come through, for the status
        // line of every page; `via` holds the sections of this page.
        let blocs: Vec<serde_json::Value> = via
            .iter()
            .map(|v| serde_json::json!({ "id": v.id, "label": v.label, "url": v.url }))
            .collect();
        let range = paging::window(site, self.number, prepared.total());
        let mut shown = prepared.slice(range).into_iter();
        let groups = self.groups_of(&shown.next().unwrap_or_default());
        // Each bloc's section on the pages that hold some of its records.
        let via: Vec<Via<'_>> = via
            .into_iter()
            .zip(shown)
            .filter(|(_, runs)| !runs.is_empty())
            .map(|(v, runs)| Via { groups: self.groups_of(&runs), ..v })
            .collect();
        let name = self.country_name(code);
        let total = prepared.distinct();
        let count = self.theme.i18n().count(self.lang, "records", total as u64);
        // In the order the page shows them, each once.
        let mut seen = std::collections::BTreeSet::new();
        let titles = groups
            .iter()
            .chain(via.iter().flat_map(|v| v.groups.iter()))
            .flat_map(|g| g.records.iter())
            .filter(|r| seen.insert(r.key.as_str()))
            .map(|r| r.title);
        let description = self.describe_records(&name, &count, titles);
        ctx.insert("description", &description);
        ctx.insert("country", &serde_json::json!({ "code": code, "name": name }));
        ctx.insert("count", &total);
        ctx.insert("groups", &groups);
        ctx.insert("via", &via);
        ctx.insert("blocs", &blocs);
        // Records about a bloc as a whole (tagged with it, naming no
        // country): not this country's, so not listed or counted here;
        // a line to the bloc's page says how many.
        let tagged: Vec<serde_json::Value> = c
            .tagged
            .iter()
            .map(|(bloc, n)| {
                let label = site.term_label_in(REGIONS, bloc, self.lang);
                let text = self.theme.i18n().format(
                    self.lang,
                    "country-tagged",
                    Some(*n as u64),
                    &[("group", label)],
                );
                let url = has_term_page(site, REGIONS, bloc).then(|| self.urls.term(REGIONS, bloc));
                serde_json::json!({ "id": bloc, "label": label, "count": n, "text": text, "url": url })
            })
            .collect();
        ctx.insert("tagged", &tagged);
        ctx.insert("countries_url", &self.urls.countries());
        Ok(())
    }
}

/// Every record a country page shows, direct or through a bloc, once.
fn country_keys(c: &crate::model::CountryRecords) -> Vec<&Key> {
    let mut all: Vec<&Key> = c.direct.iter().chain(c.via.values().flatten()).collect();
    all.sort();
    all.dedup();
    all
}
