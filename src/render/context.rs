//! Template contexts: one function per page kind, each a borrowing view of
//! the [`Site`] for one page. Every URL in a context is already relative to
//! the page it is for, so templates never build paths themselves.
//!
//! Field values reach templates as plain text and tera escapes them; the
//! only HTML is `body_html`, the sanitised Markdown body, and citations'
//! `html` (record pages' `cite.styles` and `record.sources`), escaped piece
//! by piece by [`crate::cite`].
//!
//! Each page is rendered once per site language ([`super::site_pages`]);
//! its context is in that language: collection, taxonomy, term and site
//! texts translated where the content translates them, interface text
//! from [`super::i18n`], and every record shown through its version in the
//! page's language. A record without one is shown in its own language and
//! never left out, and its item says so (`other_lang`).
//!
//! Variables of every page (`base.html` and anything extending it):
//! `root` (prefix back to the site root: `""`, `"../"`, …: the shared
//! files, `assets/`, `data/`, `search/`), `lang_root` (prefix to the root
//! of this language's pages: `root` plus `fr/`), `lang`, `dir` (`ltr` or
//! `rtl`), `languages` (this page in each site language, `{code, name,
//! url, href, current, has_version, alternate}`, `href` absolute when
//! `base-url` is set, `alternate` for `hreflang` links; empty on a
//! one-language site), `site_title`, `site_description`,
//! `page_path`, `has_search`, `search_url`, `home_url`, `feed_url` (this
//! language's feed), `canonical` (with `base-url`: the page's absolute
//! URL, or its own language's for a record not translated into this one),
//! `nav` (collections), `browse` (taxonomies and
//! countries) and `datasets`, the last three lists of `{title, url,
//! current, active}`; `description` for the meta tag where a page has one.
//! Pages that `[build] paginate` splits (listings, terms, countries, and
//! records by the records that link to them; see [`super::paging`]) also
//! have `pager` when they take more than one page, and pages after the
//! first `page_label` ("Page 2 of 9") for their title.
//! Per template:
//!
//! - `index.html`: `collections` (`{name, title, description, count, url}`),
//!   `recent` (items), `record_count`.
//! - `collection.html`: `collection` (`{name, title, singular, description,
//!   sort_label, count, url}`), `records` (items with `tags`, `chips` and
//!   `facets`),
//!   `facets` (`{name, label, values: [{value, label, count, url}], more,
//!   more_url}`: the 100 most used values, `more` left out, listed on
//!   `more_url`, the taxonomy's or the countries' page).
//! - `record.html`: `record` (`{key, id, title, summary, kind, collection,
//!   collection_title, collection_url, language, lang, dir, other_lang,
//!   lang_name, summary_lang, updated, fields, extra, sources, related,
//!   backlinks, backlinks_count, path}`; `language` is the original's, `lang` the shown title's),
//!   `body_html`, and `body_lang`/`body_dir` (the body shown may be the
//!   original's). A field is `{name, label, multiline, lang, values}`,
//!   `lang` set for translatable text (its version's language); `extra`
//!   maps every declared field's name to its value as the record holds it,
//!   `null` (a list field `[]`) when absent (see `context/extra.rs`). A source
//!   is `{title, url, publisher, date, locator, source_url, text, html}`
//!   (`text`/`html`: the source in `[book] citation-style`). `cite` (page 1
//!   only): `{styles: [{id, name, text, html}], downloads: [{name, file,
//!   mime, href}]}`, the downloads as `data:` URLs.
//! - `taxonomy.html` (also the country list): `taxonomy` (`{name, title}`),
//!   `terms` (`{id, label, description, count, url}`).
//! - `term.html`: `taxonomy` (`{name, title, url}`), `term` (`{id, label,
//!   description, aliases, members}`), `members` (`{code, name, url}`),
//!   `count`, `groups` (`{name, title, url, count, records}`, `count` over
//!   every page).
//! - `country.html`: `country` (`{code, name}`), `count`, `groups` (records
//!   naming it), `via` (`{id, label, url, groups}`: records through each
//!   bloc on this page, each record once over all sections), `blocs`
//!   (`{id, label, url}`: every bloc, on every page), `countries_url`.
//! - `views` (home, country list, listings and terms, page 1): HTML of
//!   the world map and charts ([`super::svg`]), placed as it is.
//! - `search.html`: `collections` (`{name, title, url, count, facets:
//!   [[name, label]]}`).
//! - `compare.html`: `collections` (`{name, title}`), `jurisdictions`
//!   (`{id, name, bloc, url}`), `matrices` (the static matrix per
//!   collection, see `context/compare.rs`), `countries_url`. Home and the
//!   country list have `compare_url`.
//! - `changes.html` (history from git): `changes` (`{id, short, date,
//!   summary, url, records, more}`, newest first: `url` the commit's page
//!   when `[history] repository-url` is set, `records` items, `more` how
//!   many records past those listed). Every page has `changes_url` and
//!   `changes_feed_url` when the site has them; a record page's `record`
//!   has `history` (`{first_published, last_changed, changes, count}`)
//!   when its files were committed.
//!
//! An item is `{key, url, title, summary, collection, kind, updated, lang,
//! dir, other_lang, lang_name, summary_lang, summary_dir,
//! summary_other_lang, sort_value, tags, chips, facets}` (`lang`… describe
//! the title; `other_lang` when it is not in the page's language; a chip
//! is `{text, title, before, after, label_shown}`, a facet value with its
//! field's label around it); a
//! date is `{iso, text}`, its text as the page's language writes it.

mod alternates;
mod changes;
mod compare;
mod describe;
mod extra;
mod items;
mod listing;
mod record;
mod search_labels;
mod terms;
mod views;

use std::borrow::Cow;
use std::collections::BTreeMap;

use anyhow::{Result, bail};
use jiff::civil::Date;
use serde::Serialize;
use tera::Context;

use crate::model::{FieldDef, FieldType, Key, Record, Site, Value};

use super::paging::Memo;
use super::urls::{COUNTRIES, Urls, lang_prefix, page_path};
use super::{Page, Theme};
use alternates::LangLink;
use items::{Chip, Item, ValueView};

/// How many records the home page lists as recently updated.
pub const RECENT: usize = 12;

/// Fields shown elsewhere on a record page than in its list of fields.
const NOT_LISTED: &[&str] = &["title", "summary", "language", "related", "updated"];

/// The context for `page` in `lang`, and the template that renders it.
pub fn context(
    site: &Site,
    theme: &Theme,
    lang: &str,
    page: &Page,
    memo: &Memo,
) -> Result<(&'static str, Context)> {
    let prefix = lang_prefix(&site.project.config.book, lang);
    let path = format!("{prefix}{}", page_path(page));
    let base = base_url(site);
    let root = match (page, &base) {
        // A host serves 404.html for a missing address at any depth, where
        // links relative to its own place would break: with a base URL,
        // they start from its path (`/kb/`), which works on any host that
        // serves the site there. Without one, see `not_found`.
        (Page::NotFound, Some(base)) => crate::core::links::url_path(base),
        _ => super::urls::root_of(&path),
    };
    let v = View {
        site,
        theme,
        lang,
        urls: Urls::new(root, &prefix),
        names: Default::default(),
        memo,
        number: page.number(),
    };
    let mut ctx = Context::from_serialize(v.base(page, &path, theme.has_template("search.html")))
        .unwrap_or_default();
    match page.first() {
        Page::Home => v.home(&mut ctx)?,
        Page::Collection(name) => v.collection(&mut ctx, name)?,
        Page::Record(key) => v.record(&mut ctx, key)?,
        Page::TaxonomyIndex(name) => v.taxonomy(&mut ctx, name)?,
        Page::Term(taxonomy, id) => v.term(&mut ctx, taxonomy, id)?,
        Page::CountryIndex => v.country_index(&mut ctx)?,
        Page::Country(code) => v.country(&mut ctx, code)?,
        Page::NotFound => v.not_found(&mut ctx, &path, base.is_none()),
        Page::Search => v.search(&mut ctx)?,
        Page::Compare => v.compare_page(&mut ctx)?,
        Page::Changes => v.changes_page(&mut ctx)?,
        Page::Paged(..) => bail!("a page of a page"),
    }
    // The compare page is linked from home and the list of countries.
    if matches!(page, Page::Home | Page::CountryIndex) && theme.has_template("compare.html") {
        ctx.insert("compare_url", &v.urls.page(&Page::Compare));
    }
    v.views(&mut ctx, page.first());
    if super::paging::is_paginated(page.first()) {
        v.pager(&mut ctx, page.first())?;
    }
    Ok((page.template(), ctx))
}

pub use compare::files as compare_files;

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
    theme: &'a Theme,
    /// The page's language.
    lang: &'a str,
    urls: Urls,
    /// Language names already looked up for markers (a listing may mark
    /// thousands of records with a handful of languages).
    names: std::cell::RefCell<BTreeMap<String, String>>,
    /// What the pages of a paginated page share, made once per render.
    memo: &'a Memo,
    /// The page's number among the pages of a paginated page (1 for others).
    number: usize,
}

/// Variables every page has.
#[derive(Serialize)]
struct Base<'a> {
    root: &'a str,
    lang_root: &'a str,
    lang: &'a str,
    /// `ltr` or `rtl`, for `<html dir>`.
    dir: &'static str,
    languages: Vec<LangLink>,
    site_title: &'a str,
    site_description: &'a str,
    page_path: &'a str,
    has_search: bool,
    search_url: String,
    home_url: String,
    feed_url: String,
    /// With `base-url`: this page's absolute URL (as the sitemap writes
    /// it), or, for a record page in a language the record has no version
    /// in (the same text as its own language's page), that page's.
    canonical: Option<String>,
    /// history: the "What changed" page and this language's feed of
    /// changes, when the site has them.
    changes_url: Option<String>,
    changes_feed_url: Option<String>,
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
struct FieldView<'a> {
    name: &'a str,
    label: Cow<'a, str>,
    multiline: bool,
    /// The language of translatable text (string and text fields).
    lang: Option<&'a str>,
    values: Vec<ValueView>,
}

#[derive(Serialize)]
struct FacetView<'a> {
    name: &'a str,
    label: Cow<'a, str>,
    /// The most used values, at most [`FACET_VALUES`].
    values: Vec<FacetValue>,
    /// How many values are left out, and the page that lists them all (a
    /// taxonomy's, the countries'), when there is one.
    more: usize,
    more_url: Option<String>,
}

/// Most values a listing's facet shows: a vocabulary of hundreds made each
/// page of a listing half a megabyte and its filter column a long scroll;
/// the rest are on the taxonomy's page, and the search page filters by any.
const FACET_VALUES: usize = 100;

#[derive(Serialize)]
struct FacetValue {
    /// The value as `data-facets` and the URL hash hold it.
    value: String,
    label: String,
    count: usize,
    /// Its term or country page, when there is one.
    url: Option<String>,
}

impl<'a> View<'a> {
    /// A field's label in the page's language: the schema's translation,
    /// else the theme's string for a common field, else the schema's label.
    fn field_label<'d>(&self, def: &'d FieldDef) -> Cow<'d, str> {
        if let Some(l) = def.label_in(self.lang) {
            return Cow::Borrowed(l);
        }
        if let Some(t) = super::i18n::taxonomy_title(self.site, def, self.lang) {
            return Cow::Owned(t.to_owned());
        }
        super::i18n::common_label_key(def, &self.site.schema.common)
            .and_then(|key| self.theme.i18n().get(self.lang, &key))
            .map_or_else(|| self.stand_in(&def.label), Cow::Owned)
    }

    /// `text` of the default language standing in for this page's: on a
    /// right-to-left page, a left-to-right text keeps its own order (LRI …
    /// PDI, as the theme's English strings do): `Adopted:` is not `:Adopted`.
    fn stand_in<'t>(&self, text: &'t str) -> Cow<'t, str> {
        if text.is_empty() {
            return Cow::Borrowed(text);
        }
        let default = &self.site.project.config.book.language;
        super::i18n::isolated(self.lang, default, Cow::Borrowed(text))
    }

    /// `text` (a site's or a collection's description in this page's
    /// language) when it is in that language, or empty when it fell back
    /// to `original`, the default language's: the page then describes
    /// itself in its own words rather than in another language.
    fn own_text<'t>(&self, text: &'t str, original: &str) -> &'t str {
        let default = self.lang.eq_ignore_ascii_case(&self.site.project.config.book.language);
        if default || text != original { text } else { "" }
    }

    /// A country's name in the page's language: CLDR's, else the ISO short
    /// name, else the code.
    fn country_name(&self, code: &'a str) -> Cow<'a, str> {
        if let Some(n) = self.theme.i18n().country_name(self.lang, code) {
            return Cow::Owned(n);
        }
        match self.site.countries.get(code) {
            Some(c) if !c.name.is_empty() => Cow::Borrowed(&c.name),
            _ => Cow::Borrowed(crate::core::countries::name(code).unwrap_or(code)),
        }
    }

    fn base<'b>(&'b self, page: &Page, path: &'b str, has_search: bool) -> Base<'b> {
        let site = self.site;
        let book = &site.project.config.book;
        let section = match page.first() {
            Page::Collection(c) => Some(c.as_str()),
            Page::Record(k) => Some(&*k.collection),
            Page::TaxonomyIndex(t) | Page::Term(t, _) => Some(t.as_str()),
            Page::CountryIndex | Page::Country(_) => Some(COUNTRIES),
            _ => None,
        };
        let nav = site
            .schema
            .collections
            .values()
            .map(|c| Link {
                title: Cow::Borrowed(c.title_in(self.lang)),
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
                title: Cow::Borrowed(t.title_in(self.lang)),
                url: self.urls.taxonomy(&t.name),
                current: matches!(page, Page::TaxonomyIndex(n) if *n == t.name),
                active: section == Some(t.name.as_str()),
            })
            .collect();
        let i18n = self.theme.i18n();
        browse.push(Link {
            title: i18n.text(self.lang, "countries"),
            url: self.urls.countries(),
            current: matches!(page, Page::CountryIndex),
            active: section == Some(COUNTRIES),
        });
        let mut datasets = vec![Link {
            title: i18n.text(self.lang, "all-records-json"),
            url: self.urls.file("data/records.json"),
            current: false,
            active: false,
        }];
        datasets.extend(site.schema.collections.values().map(|c| Link {
            title: Cow::Owned(
                i18n.text(self.lang, "dataset-csv").replace("{title}", c.title_in(self.lang)),
            ),
            url: self.urls.file(&format!("data/{}.csv", c.name)),
            current: false,
            active: false,
        }));
        Base {
            root: self.urls.root(),
            lang_root: self.urls.lang_root(),
            lang: self.lang,
            dir: crate::core::lang::dir(self.lang),
            languages: self.languages(page),
            site_title: book.title_in(self.lang),
            site_description: book.description_in(self.lang),
            page_path: path,
            has_search,
            search_url: self.urls.page(&Page::Search),
            home_url: self.urls.home(),
            feed_url: self.urls.lang_file("feed.xml"),
            canonical: self.canonical(page),
            changes_url: super::has_changes_page(site, self.theme)
                .then(|| self.urls.page(&Page::Changes)),
            changes_feed_url: site
                .history
                .is_shown()
                .then(|| self.urls.lang_file(super::urls::CHANGES_FEED)),
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
            /// The site's language where the description is its text
            /// standing in for the page's (as a listing's lead says it).
            description_lang: Option<&'a str>,
            description_dir: &'static str,
            count: usize,
            url: String,
        }
        let site = self.site;
        let default = site.project.config.book.language.as_str();
        let collections: Vec<CollectionCard<'_>> = site
            .schema
            .collections
            .values()
            .map(|c| {
                let stand_in = (!c.description.is_empty()
                    && self.own_text(c.description_in(self.lang), &c.description).is_empty())
                .then_some(default);
                CollectionCard {
                    name: &c.name,
                    title: c.title_in(self.lang),
                    description: c.description_in(self.lang),
                    description_lang: stand_in,
                    description_dir: crate::core::lang::dir(stand_in.unwrap_or(self.lang)),
                    count: site.listings.get(&c.name).map_or(0, Vec::len),
                    url: self.urls.collection(&c.name),
                }
            })
            .collect();
        let mut dated: Vec<(&Record, Date)> =
            site.records.values().filter_map(|r| Some((r, r.updated()?))).collect();
        dated.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.key.cmp(&b.0.key)));
        let recent: Vec<Item<'_>> =
            dated.iter().take(RECENT).filter_map(|(r, _)| self.item(&r.key)).collect();
        let book = &site.project.config.book;
        let description = match self.own_text(book.description_in(self.lang), &book.description) {
            "" => {
                let i18n = self.theme.i18n();
                let count = i18n.count(self.lang, "records", site.records.len() as u64);
                let titles = collections.iter().map(|c| c.title);
                self.describe_records(book.title_in(self.lang), &count, titles)
            }
            own => own.to_owned(),
        };
        ctx.insert("description", &description);
        ctx.insert("collections", &collections);
        ctx.insert("recent", &recent);
        ctx.insert("record_count", &site.records.len());
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
                title: c.title_in(self.lang),
                url: self.urls.collection(&c.name),
                count: site.listings.get(&c.name).map_or(0, Vec::len),
                facets: c
                    .facets
                    .iter()
                    .filter_map(|f| c.field(f, &site.schema.common))
                    .map(|d| (d.name.as_str(), self.field_label(d)))
                    .collect(),
            })
            .collect();
        let i18n = self.theme.i18n();
        let total = collections.iter().map(|c| c.count as u64).sum();
        let count = i18n.count(self.lang, "search-count-records", total);
        let titles = collections.iter().map(|c| c.title);
        let description =
            self.describe_records(site.project.config.book.title_in(self.lang), &count, titles);
        ctx.insert("description", &description);
        ctx.insert("collections", &collections);
        let labels = serde_json::to_value(self.search_labels()).unwrap_or_default();
        ctx.insert("search_labels", &super::filters::script_json(&labels));
        ctx.insert("search_examples", &self.search_examples());
        Ok(())
    }

    /// The 404 page, `path` from the site root (`fr/404.html`). Hosts serve
    /// it for a missing address at any depth. With a base URL its links
    /// start from the base's path (see [`context`]). Without one
    /// (`relative`) they are relative to its own place, which is right when
    /// it is opened there (from disk, or at `/404.html`), and the template
    /// gets `root_markers` for a small script that finds the site's root in
    /// the address shown and sets `<base href>` to the 404 page's folder
    /// there: the folder names the site's root holds (collections,
    /// taxonomies, language folders, shared files), first match from the
    /// left, else the host's root. A site hosted in a sub-folder should set
    /// `base-url` for its 404 page to work without JavaScript.
    fn not_found(&self, ctx: &mut Context, path: &str, relative: bool) {
        let i18n = self.theme.i18n();
        ctx.insert("description", &i18n.text(self.lang, "page-not-found-text"));
        if !relative {
            return;
        }
        let site = self.site;
        let book = &site.project.config.book;
        let mut top: Vec<String> = site
            .schema
            .collections
            .keys()
            .chain(site.schema.taxonomies.keys())
            .cloned()
            .chain(super::SHARED_FOLDERS.iter().map(|f| (*f).to_owned()))
            .chain(
                super::has_changes_page(site, self.theme).then(|| super::urls::CHANGES.to_owned()),
            )
            .chain(
                site.languages()
                    .into_iter()
                    .map(|l| lang_prefix(book, l).trim_end_matches('/').to_owned()),
            )
            .filter(|f| !f.is_empty())
            .collect();
        top.sort();
        top.dedup();
        let markers = serde_json::json!({ "self": path, "top": top });
        ctx.insert("root_markers", &super::filters::script_json(&markers));
    }
}
