//! Template contexts: one function per page kind, each a borrowing view of
//! the [`Site`] for one page. Every URL in a context is already relative to
//! the page it is for, so templates never build paths themselves.
//!
//! Field values reach templates as plain text and tera escapes them; the
//! only HTML is `body_html`, the sanitised Markdown body.
//!
//! Variables of every page (`base.html` and anything extending it):
//! `root` (prefix back to the site root: `""`, `"../"`, …), `lang`,
//! `site_title`, `site_description`, `page_path`, `has_search`,
//! `search_url`, `home_url`, `feed_url`, `nav` (collections), `browse`
//! (taxonomies and countries) and `datasets`, the last three lists of
//! `{title, url, current, active}`; `description` for the meta tag where a
//! page has one. Per template:
//!
//! - `index.html`: `collections` (`{name, title, description, count, url}`),
//!   `recent` (items), `record_count`.
//! - `collection.html`: `collection` (`{name, title, singular, description,
//!   sort_label, count, url}`), `records` (items with `tags` and `facets`),
//!   `facets` (`{name, label, values: [{value, label, count, url}]}`).
//! - `record.html`: `record` (`{key, id, title, summary, kind, collection,
//!   collection_title, collection_url, language, updated, fields, sources,
//!   related, backlinks, path}`) and `body_html`.
//! - `taxonomy.html` (also the country list): `taxonomy` (`{name, title}`),
//!   `terms` (`{id, label, description, count, url}`).
//! - `term.html`: `taxonomy` (`{name, title, url}`), `term` (`{id, label,
//!   description, aliases, members}`), `members` (`{code, name, url}`),
//!   `count`, `groups` (`{name, title, url, records}`).
//! - `country.html`: `country` (`{code, name}`), `count`, `groups`, `via`
//!   (`{id, label, url, groups}`), `countries_url`.
//! - `search.html`: `collections` (`{name, title, url, count, facets:
//!   [[name, label]]}`).
//!
//! An item is `{key, url, title, summary, collection, kind, updated,
//! sort_value, tags, facets}`; a date is `{iso, text}`.

use std::borrow::Cow;
use std::collections::BTreeMap;

use anyhow::{Result, bail};
use jiff::civil::Date;
use serde::Serialize;
use tera::Context;

use crate::countries;
use crate::markdown;
use crate::model::{Citation, FieldDef, FieldType, Key, Record, Site, Value};
use crate::resolve::REGIONS;

use super::filters::{display_date, humanize};
use super::urls::{COUNTRIES, Urls, page_path};
use super::{Page, Theme};

/// How many records the home page lists as recently updated.
pub const RECENT: usize = 12;

/// Fields shown elsewhere on a record page than in its list of fields.
const NOT_LISTED: &[&str] = &["title", "summary", "language", "related", "updated"];

/// The context for `page`, and the template that renders it.
pub fn context(site: &Site, theme: &Theme, page: &Page) -> Result<(&'static str, Context)> {
    let path = page_path(page);
    let root = match (page, base_url(site)) {
        // A host serves 404.html at any depth, where relative links would
        // break; the base URL, when known, works from everywhere.
        (Page::NotFound, Some(base)) => base,
        _ => super::urls::root_of(&path),
    };
    let v = View { site, urls: Urls::new(root) };
    let mut ctx = Context::from_serialize(v.base(page, &path, theme.has_template("search.html")))
        .unwrap_or_default();
    match page {
        Page::Home => v.home(&mut ctx)?,
        Page::Collection(name) => v.collection(&mut ctx, name)?,
        Page::Record(key) => v.record(&mut ctx, key)?,
        Page::TaxonomyIndex(name) => v.taxonomy(&mut ctx, name)?,
        Page::Term(taxonomy, id) => v.term(&mut ctx, taxonomy, id)?,
        Page::CountryIndex => v.country_index(&mut ctx)?,
        Page::Country(code) => v.country(&mut ctx, code)?,
        Page::NotFound => {}
        Page::Search => v.search(&mut ctx)?,
    }
    Ok((page.template(), ctx))
}

/// `base-url` with a trailing `/`.
pub fn base_url(site: &Site) -> Option<String> {
    site.project.config.book.base_url()
}

/// Whether `taxonomy/id` has a page: a declared term that tags records.
pub fn has_term_page(site: &Site, taxonomy: &str, id: &str) -> bool {
    site.schema.taxonomies.get(taxonomy).is_some_and(|t| t.terms.contains_key(id))
        && site.terms.get(taxonomy).and_then(|m| m.get(id)).is_some_and(|v| !v.is_empty())
}

struct View<'a> {
    site: &'a Site,
    urls: Urls,
}

/// Variables every page has.
#[derive(Serialize)]
struct Base<'a> {
    root: &'a str,
    lang: &'a str,
    site_title: &'a str,
    site_description: &'a str,
    page_path: &'a str,
    has_search: bool,
    search_url: String,
    home_url: String,
    feed_url: String,
    nav: Vec<Link<'a>>,
    browse: Vec<Link<'a>>,
    datasets: Vec<Link<'a>>,
}

#[derive(Serialize)]
struct Link<'a> {
    title: Cow<'a, str>,
    url: String,
    /// The link is to this very page.
    current: bool,
    /// The link is to the section this page belongs to.
    active: bool,
}

#[derive(Serialize)]
struct DateView {
    iso: String,
    text: String,
}

impl DateView {
    fn new(d: Date) -> DateView {
        DateView { iso: d.to_string(), text: display_date(d) }
    }
}

/// A record in a list.
#[derive(Serialize)]
struct Item<'a> {
    key: String,
    url: String,
    title: &'a str,
    summary: &'a str,
    collection: &'a str,
    kind: &'a str,
    updated: Option<DateView>,
    /// The listing's sort field, formatted, when it is not the title.
    sort_value: Option<String>,
    /// Labels of the record's facet values (listings only).
    tags: Vec<String>,
    /// The record's facet values as JSON, for `filter.js` (listings only).
    facets: Option<String>,
}

/// One value of a field, ready to show.
#[derive(Serialize)]
struct ValueView {
    text: String,
    url: Option<String>,
    external: bool,
    /// `YYYY-MM-DD` for dates, for `<time datetime>`.
    date: Option<String>,
}

#[derive(Serialize)]
struct FieldView<'a> {
    name: &'a str,
    label: Cow<'a, str>,
    multiline: bool,
    values: Vec<ValueView>,
}

#[derive(Serialize)]
struct CitationView<'a> {
    title: &'a str,
    url: Option<&'a str>,
    publisher: Option<&'a str>,
    date: Option<DateView>,
    locator: Option<&'a str>,
    /// The page of the `sources` record it refers to.
    source_url: Option<String>,
}

#[derive(Serialize)]
struct Group<'a> {
    name: &'a str,
    title: &'a str,
    url: String,
    records: Vec<Item<'a>>,
}

#[derive(Serialize)]
struct FacetView<'a> {
    name: &'a str,
    label: Cow<'a, str>,
    values: Vec<FacetValue>,
}

#[derive(Serialize)]
struct FacetValue {
    /// The value as `data-facets` and the URL hash hold it.
    value: String,
    label: String,
    count: usize,
    /// Its term or country page, when there is one.
    url: Option<String>,
}

#[derive(Serialize)]
struct TermView<'a> {
    id: &'a str,
    label: &'a str,
    description: Option<&'a str>,
    count: usize,
    url: String,
}

impl<'a> View<'a> {
    fn base<'b>(&'b self, page: &Page, path: &'b str, has_search: bool) -> Base<'b> {
        let site = self.site;
        let book = &site.project.config.book;
        let section = match page {
            Page::Collection(c) => Some(c.as_str()),
            Page::Record(k) => Some(k.collection.as_str()),
            Page::TaxonomyIndex(t) | Page::Term(t, _) => Some(t.as_str()),
            Page::CountryIndex | Page::Country(_) => Some(COUNTRIES),
            _ => None,
        };
        let nav = site
            .schema
            .collections
            .values()
            .map(|c| Link {
                title: Cow::Borrowed(&c.title),
                url: self.urls.collection(&c.name),
                current: matches!(page, Page::Collection(n) if *n == c.name),
                active: section == Some(c.name.as_str()),
            })
            .collect();
        let mut browse: Vec<Link<'b>> = site
            .schema
            .taxonomies
            .values()
            .map(|t| Link {
                title: Cow::Borrowed(&t.title),
                url: self.urls.taxonomy(&t.name),
                current: matches!(page, Page::TaxonomyIndex(n) if *n == t.name),
                active: section == Some(t.name.as_str()),
            })
            .collect();
        browse.push(Link {
            title: Cow::Borrowed("Countries"),
            url: self.urls.countries(),
            current: matches!(page, Page::CountryIndex),
            active: section == Some(COUNTRIES),
        });
        let mut datasets = vec![Link {
            title: Cow::Borrowed("All records (JSON)"),
            url: self.urls.file("data/records.json"),
            current: false,
            active: false,
        }];
        datasets.extend(site.schema.collections.values().map(|c| Link {
            title: Cow::Owned(format!("{} (CSV)", c.title)),
            url: self.urls.file(&format!("data/{}.csv", c.name)),
            current: false,
            active: false,
        }));
        Base {
            root: self.urls.root(),
            lang: &book.language,
            site_title: &book.title,
            site_description: &book.description,
            page_path: path,
            has_search,
            search_url: self.urls.page(&Page::Search),
            home_url: self.urls.home(),
            feed_url: self.urls.file("feed.xml"),
            nav,
            browse,
            datasets,
        }
    }

    fn home(&self, ctx: &mut Context) -> Result<()> {
        #[derive(Serialize)]
        struct CollectionCard<'a> {
            name: &'a str,
            title: &'a str,
            description: &'a str,
            count: usize,
            url: String,
        }
        let site = self.site;
        let collections: Vec<CollectionCard<'_>> = site
            .schema
            .collections
            .values()
            .map(|c| CollectionCard {
                name: &c.name,
                title: &c.title,
                description: &c.description,
                count: site.listings.get(&c.name).map_or(0, Vec::len),
                url: self.urls.collection(&c.name),
            })
            .collect();
        let mut dated: Vec<(&Record, Date)> =
            site.records.values().filter_map(|r| Some((r, r.updated()?))).collect();
        dated.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.key.cmp(&b.0.key)));
        let recent: Vec<Item<'_>> =
            dated.iter().take(RECENT).filter_map(|(r, _)| self.item(&r.key)).collect();
        ctx.insert("description", &site.project.config.book.description);
        ctx.insert("collections", &collections);
        ctx.insert("recent", &recent);
        ctx.insert("record_count", &site.records.len());
        Ok(())
    }

    fn collection(&self, ctx: &mut Context, name: &str) -> Result<()> {
        #[derive(Serialize)]
        struct CollectionView<'a> {
            name: &'a str,
            title: &'a str,
            singular: &'a str,
            description: &'a str,
            sort_label: String,
            count: usize,
            url: String,
        }
        let site = self.site;
        let Some(c) = site.schema.collections.get(name) else {
            bail!("there is no collection `{name}`")
        };
        let keys: &[Key] = site.listings.get(name).map_or(&[], Vec::as_slice);
        let facet_defs: Vec<&FieldDef> =
            c.facets.iter().filter_map(|f| c.field(f, &site.schema.common)).collect();
        let sort_def = c.field(&c.sort.field, &site.schema.common);
        let mut counts: Vec<BTreeMap<String, FacetValue>> =
            facet_defs.iter().map(|_| BTreeMap::new()).collect();
        let mut records = Vec::with_capacity(keys.len());
        for key in keys {
            let Some(r) = site.records.get(key) else { continue };
            let Some(mut item) = self.item(key) else { continue };
            let mut json = serde_json::Map::new();
            for (def, count) in facet_defs.iter().zip(counts.iter_mut()) {
                let Some(value) = r.fields.get(&def.name) else { continue };
                let mut values = Vec::new();
                for v in value.items() {
                    let view = self.value(&def.ty, v);
                    let key = v.to_text();
                    let entry = count.entry(key.clone()).or_insert_with(|| FacetValue {
                        value: key.clone(),
                        label: view.text.clone(),
                        count: 0,
                        url: view.url.clone(),
                    });
                    entry.count += 1;
                    item.tags.push(view.text);
                    values.push(serde_json::Value::String(key));
                }
                json.insert(def.name.clone(), values.into());
            }
            item.facets = Some(serde_json::Value::Object(json).to_string());
            if c.sort.field != "title"
                && let (Some(def), Some(v)) = (sort_def, r.fields.get(&c.sort.field))
            {
                let text: Vec<String> =
                    v.items().iter().map(|i| self.value(&def.ty, i).text).collect();
                item.sort_value = Some(format!("{}: {}", field_label(def), text.join(", ")));
            }
            records.push(item);
        }
        let facets: Vec<FacetView<'_>> = facet_defs
            .iter()
            .zip(counts)
            .map(|(def, values)| {
                let mut values: Vec<FacetValue> = values.into_values().collect();
                values.sort_by(|a, b| {
                    b.count
                        .cmp(&a.count)
                        .then_with(|| a.label.to_lowercase().cmp(&b.label.to_lowercase()))
                });
                FacetView { name: &def.name, label: field_label(def), values }
            })
            .filter(|f| !f.values.is_empty())
            .collect();
        let sort_label = match sort_def {
            Some(def) if c.sort.field != "title" => {
                let order = match (def.ty.scalar(), c.sort.descending) {
                    (FieldType::Date, true) => "newest first",
                    (FieldType::Date, false) => "oldest first",
                    (FieldType::Int, true) => "highest first",
                    (FieldType::Int, false) => "lowest first",
                    (_, true) => "Z to A",
                    (_, false) => "A to Z",
                };
                format!("sorted by {}, {order}", field_label(def).to_lowercase())
            }
            _ => "sorted by title".into(),
        };
        ctx.insert("description", &c.description);
        ctx.insert(
            "collection",
            &CollectionView {
                name: &c.name,
                title: &c.title,
                singular: &c.singular,
                description: &c.description,
                sort_label,
                count: records.len(),
                url: self.urls.collection(&c.name),
            },
        );
        ctx.insert("records", &records);
        ctx.insert("facets", &facets);
        Ok(())
    }

    fn record(&self, ctx: &mut Context, key: &Key) -> Result<()> {
        #[derive(Serialize)]
        struct RecordView<'a> {
            key: String,
            id: &'a str,
            title: &'a str,
            summary: &'a str,
            kind: &'a str,
            collection: &'a str,
            collection_title: &'a str,
            collection_url: String,
            language: &'a str,
            updated: Option<DateView>,
            fields: Vec<FieldView<'a>>,
            sources: Vec<CitationView<'a>>,
            related: Vec<Item<'a>>,
            backlinks: Vec<Item<'a>>,
            path: &'a str,
        }
        let site = self.site;
        let Some(r) = site.records.get(key) else { bail!("there is no record `{key}`") };
        let Some(c) = site.schema.collections.get(&key.collection) else {
            bail!("there is no collection `{}`", key.collection)
        };
        let defs = c.fields.iter().chain(site.schema.common.iter());
        let mut fields = Vec::new();
        for def in defs {
            if NOT_LISTED.contains(&def.name.as_str()) {
                continue;
            }
            let Some(value) = r.fields.get(&def.name) else { continue };
            if fields.iter().any(|f: &FieldView<'_>| f.name == def.name) {
                continue;
            }
            fields.push(FieldView {
                name: &def.name,
                label: field_label(def),
                multiline: matches!(def.ty.scalar(), FieldType::Text),
                values: value.items().iter().map(|v| self.value(&def.ty, v)).collect(),
            });
        }
        let related = match r.fields.get("related") {
            Some(v) => v
                .items()
                .iter()
                .filter_map(|v| match v {
                    Value::Ref(k) => self.item(k),
                    _ => None,
                })
                .collect(),
            None => Vec::new(),
        };
        let backlinks = site
            .backlinks
            .get(key)
            .map(|ks| ks.iter().filter_map(|k| self.item(k)).collect())
            .unwrap_or_default();
        let sources = r.sources.iter().map(|s| self.citation(s)).collect();
        ctx.insert("description", r.summary());
        ctx.insert(
            "record",
            &RecordView {
                key: key.to_string(),
                id: &key.id,
                title: r.title(),
                summary: r.summary(),
                kind: &c.singular,
                collection: &c.name,
                collection_title: &c.title,
                collection_url: self.urls.collection(&c.name),
                language: &r.language,
                updated: r.updated().map(DateView::new),
                fields,
                sources,
                related,
                backlinks,
                path: &r.path,
            },
        );
        // The one piece of HTML a template receives, sanitised by `markdown`.
        ctx.insert("body_html", &markdown::to_html(&r.body.text()));
        Ok(())
    }

    fn taxonomy(&self, ctx: &mut Context, name: &str) -> Result<()> {
        let site = self.site;
        let Some(t) = site.schema.taxonomies.get(name) else {
            bail!("there is no taxonomy `{name}`")
        };
        let terms: Vec<TermView<'_>> = t
            .terms
            .values()
            .filter(|term| has_term_page(site, name, &term.id))
            .map(|term| TermView {
                id: &term.id,
                label: &term.label,
                description: term.description.as_deref(),
                count: site.terms.get(name).and_then(|m| m.get(&term.id)).map_or(0, Vec::len),
                url: self.urls.term(name, &term.id),
            })
            .collect();
        ctx.insert("taxonomy", &serde_json::json!({ "name": t.name, "title": t.title }));
        ctx.insert("terms", &terms);
        Ok(())
    }

    fn country_index(&self, ctx: &mut Context) -> Result<()> {
        let mut terms: Vec<TermView<'_>> = self
            .site
            .countries
            .iter()
            .map(|(code, c)| TermView {
                id: code,
                label: if c.name.is_empty() { code } else { &c.name },
                description: None,
                count: country_keys(c).len(),
                url: self.urls.country(code),
            })
            .collect();
        terms.sort_by(|a, b| {
            a.label.to_lowercase().cmp(&b.label.to_lowercase()).then_with(|| a.id.cmp(b.id))
        });
        ctx.insert("taxonomy", &serde_json::json!({ "name": COUNTRIES, "title": "Countries" }));
        ctx.insert("terms", &terms);
        Ok(())
    }

    fn term(&self, ctx: &mut Context, taxonomy: &str, id: &str) -> Result<()> {
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
                name: countries::name(code).unwrap_or(code).to_owned(),
                url: site.countries.contains_key(code).then(|| self.urls.country(code)),
            })
            .collect();
        ctx.insert("description", &term.description);
        ctx.insert(
            "taxonomy",
            &serde_json::json!({ "name": t.name, "title": t.title, "url": self.urls.taxonomy(&t.name) }),
        );
        ctx.insert("term", term);
        ctx.insert("members", &members);
        ctx.insert("count", &keys.len());
        ctx.insert("groups", &self.groups(keys.iter()));
        Ok(())
    }

    fn country(&self, ctx: &mut Context, code: &str) -> Result<()> {
        #[derive(Serialize)]
        struct Via<'a> {
            id: &'a str,
            label: &'a str,
            url: Option<String>,
            groups: Vec<Group<'a>>,
        }
        let site = self.site;
        let Some(c) = site.countries.get(code) else {
            bail!("no record names the country `{code}`")
        };
        let via: Vec<Via<'_>> = c
            .via
            .iter()
            .map(|(bloc, keys)| Via {
                id: bloc,
                label: site.term_label(REGIONS, bloc),
                url: has_term_page(site, REGIONS, bloc).then(|| self.urls.term(REGIONS, bloc)),
                groups: self.groups(keys.iter()),
            })
            .collect();
        let name = if c.name.is_empty() { code } else { &c.name };
        ctx.insert("country", &serde_json::json!({ "code": code, "name": name }));
        ctx.insert("count", &country_keys(c).len());
        ctx.insert("groups", &self.groups(c.direct.iter()));
        ctx.insert("via", &via);
        ctx.insert("countries_url", &self.urls.countries());
        Ok(())
    }

    fn search(&self, ctx: &mut Context) -> Result<()> {
        #[derive(Serialize)]
        struct SearchCollection<'a> {
            name: &'a str,
            title: &'a str,
            url: String,
            count: usize,
            facets: Vec<(&'a str, Cow<'a, str>)>,
        }
        let site = self.site;
        let collections: Vec<SearchCollection<'_>> = site
            .schema
            .collections
            .values()
            .map(|c| SearchCollection {
                name: &c.name,
                title: &c.title,
                url: self.urls.collection(&c.name),
                count: site.listings.get(&c.name).map_or(0, Vec::len),
                facets: c
                    .facets
                    .iter()
                    .filter_map(|f| c.field(f, &site.schema.common))
                    .map(|d| (d.name.as_str(), field_label(d)))
                    .collect(),
            })
            .collect();
        ctx.insert("collections", &collections);
        Ok(())
    }

    /// Records grouped by collection (in collection order), each group by title.
    fn groups<'k>(&self, keys: impl Iterator<Item = &'k Key>) -> Vec<Group<'a>> {
        let mut by: BTreeMap<&str, Vec<&Record>> = BTreeMap::new();
        for k in keys {
            if let Some(r) = self.site.records.get(k) {
                by.entry(
                    self.site.schema.collections.get(&k.collection).map_or("", |c| c.name.as_str()),
                )
                .or_default()
                .push(r);
            }
        }
        by.into_iter()
            .filter_map(|(name, mut recs)| {
                let c = self.site.schema.collections.get(name)?;
                recs.sort_by(|a, b| {
                    a.title()
                        .to_lowercase()
                        .cmp(&b.title().to_lowercase())
                        .then_with(|| a.key.cmp(&b.key))
                });
                recs.dedup_by(|a, b| a.key == b.key);
                Some(Group {
                    name: &c.name,
                    title: &c.title,
                    url: self.urls.collection(&c.name),
                    records: recs.iter().filter_map(|r| self.item(&r.key)).collect(),
                })
            })
            .collect()
    }

    /// A record as a list entry.
    fn item(&self, key: &Key) -> Option<Item<'a>> {
        let r = self.site.records.get(key)?;
        let c = self.site.schema.collections.get(&key.collection)?;
        Some(Item {
            key: key.to_string(),
            url: self.urls.record(key),
            title: r.title(),
            summary: r.summary(),
            collection: &c.name,
            kind: &c.singular,
            updated: r.updated().map(DateView::new),
            sort_value: None,
            tags: Vec::new(),
            facets: None,
        })
    }

    /// One value of a field of type `ty` (or of its list's element type).
    fn value(&self, ty: &FieldType, v: &Value) -> ValueView {
        let site = self.site;
        let text = |t: String| ValueView { text: t, url: None, external: false, date: None };
        let link = |t: &str, url: Option<String>| ValueView {
            text: t.to_owned(),
            url,
            external: false,
            date: None,
        };
        match (ty.scalar(), v) {
            (_, Value::Date(d)) => {
                ValueView { date: Some(d.to_string()), ..text(display_date(*d)) }
            }
            (_, Value::Ref(k)) => match site.records.get(k) {
                Some(r) => link(r.title(), Some(self.urls.record(k))),
                None => text(k.to_string()),
            },
            (_, Value::Bool(b)) => text(if *b { "Yes" } else { "No" }.into()),
            (_, Value::Int(i)) => text(i.to_string()),
            (_, Value::List(items)) => {
                text(items.iter().map(|i| self.value(ty, i).text).collect::<Vec<_>>().join(", "))
            }
            (FieldType::Url, Value::Str(s)) => {
                // Validation admits only http(s) and mailto; check again so a
                // hole there cannot become a `javascript:` link here.
                let lower = s.to_ascii_lowercase();
                let safe = ["http://", "https://", "mailto:"].iter().any(|p| lower.starts_with(p));
                ValueView {
                    text: s.clone(),
                    url: safe.then(|| s.clone()),
                    external: safe,
                    date: None,
                }
            }
            (FieldType::Enum(_), Value::Str(s)) => text(humanize(s)),
            (FieldType::Country, Value::Str(s)) => {
                if let Some(c) = site.countries.get(s) {
                    link(if c.name.is_empty() { s } else { &c.name }, Some(self.urls.country(s)))
                } else if let Some(name) = countries::name(s) {
                    text(name.to_owned())
                } else {
                    let url = has_term_page(site, REGIONS, s).then(|| self.urls.term(REGIONS, s));
                    link(site.term_label(REGIONS, s), url)
                }
            }
            (FieldType::Term(t), Value::Str(s)) => {
                let url = has_term_page(site, t, s).then(|| self.urls.term(t, s));
                link(site.term_label(t, s), url)
            }
            (_, Value::Str(s)) => text(s.clone()),
        }
    }

    fn citation<'c>(&self, c: &'c Citation) -> CitationView<'c> {
        let safe = |u: &'c String| {
            let lower = u.to_ascii_lowercase();
            (lower.starts_with("http://") || lower.starts_with("https://")).then_some(u.as_str())
        };
        CitationView {
            title: &c.title,
            url: c.url.as_ref().and_then(safe),
            publisher: c.publisher.as_deref(),
            date: c.date.map(DateView::new),
            locator: c.locator.as_deref(),
            source_url: c
                .source
                .as_ref()
                .filter(|k| self.site.records.contains_key(k))
                .map(|k| self.urls.record(k)),
        }
    }
}

/// A field's label for pages.
fn field_label(def: &FieldDef) -> Cow<'_, str> {
    match def.name.as_str() {
        "sdgs" => Cow::Borrowed("Sustainable Development Goals"),
        _ => Cow::Borrowed(&def.label),
    }
}

/// Every record a country page shows, direct or through a bloc, once.
fn country_keys(c: &crate::model::CountryRecords) -> Vec<&Key> {
    let mut all: Vec<&Key> = c.direct.iter().chain(c.via.values().flatten()).collect();
    all.sort();
    all.dedup();
    all
}
