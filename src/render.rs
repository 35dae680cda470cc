//! Rendering the site: the page plan, tera templates, minification.
//!
//! Pure: [`pages`] lists every page of a [`Site`], [`render_page`] turns one
//! into bytes in one of the site's languages, and [`render_site`] does them
//! all, in every language (in parallel), plus the theme's assets. The
//! default language's pages sit at the site root, every other language's
//! under `LANG/` with the same layout ([`urls::lang_prefix`]). Nothing here touches the file system except
//! [`Theme::load`], so `serve` can re-render just the pages a change affects.

mod collation;
pub mod compare;
mod context;
mod filters;
pub mod i18n;
mod minify;
pub mod paging;
pub mod redirects;
mod sandbox;
mod svg;
mod theme;
mod theme_check;
mod theme_dir;
mod theme_statics;
pub use theme_dir::MAX_STATIC_BYTES;
pub use theme_statics::static_warnings;
pub mod theme_error;
mod theme_growth;
mod theme_refuse;
pub mod theme_strings;
mod theme_unused;
pub mod urls;

use anyhow::{Context as _, Result};
use rayon::prelude::*;

use crate::model::{Key, Site};
use crate::output::OutputFile;

pub use collation::Collation;
pub use context::{base_url, compare_files, has_term_page};
pub use filters::{display_date, escape_html, humanize};
pub use theme::{ROBOTS, Theme};
pub use urls::{folder_url, lang_prefix, page_path, page_path_in};

/// One page of the built site.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Page {
    /// `index.html`.
    Home,
    /// `COLLECTION/index.html`: the listing with facet filters.
    Collection(String),
    /// `COLLECTION/ID/index.html`.
    Record(Key),
    /// `TAXONOMY/index.html`: its terms with counts.
    TaxonomyIndex(String),
    /// `TAXONOMY/TERM/index.html` (taxonomy, term id).
    Term(String, String),
    /// `countries/index.html`.
    CountryIndex,
    /// `countries/ken/index.html`, from the upper-case alpha-3 code.
    Country(String),
    /// `404.html`.
    NotFound,
    /// `search/index.html`, when the theme has `search.html`.
    Search,
    /// `compare/index.html`: jurisdictions side by side, when the theme
    /// has `compare.html` (see [`compare`]).
    Compare,
    /// `changes/index.html`: "What changed", the newest commits and the
    /// records each touched, when the site has history from git and the
    /// theme has `changes.html`.
    Changes,
    /// Page `n` (2 or more) of a listing, term or country page whose
    /// records `[build] paginate` splits (see [`paging`]):
    /// `regulations/page/2/index.html`. Page 1 is the page itself.
    Paged(Box<Page>, usize),
}

impl Page {
    /// The page's file in the default language, relative to the site root.
    pub fn path(&self) -> String {
        urls::page_path(self)
    }

    /// The page's file in `lang`, relative to the site root.
    pub fn path_in(&self, site: &Site, lang: &str) -> String {
        urls::page_path_in(&site.project.config.book, lang, self)
    }

    /// The theme template that renders it.
    pub fn template(&self) -> &'static str {
        match self {
            Page::Home => "index.html",
            Page::Collection(_) => "collection.html",
            Page::Record(_) => "record.html",
            Page::TaxonomyIndex(_) | Page::CountryIndex => "taxonomy.html",
            Page::Term(..) => "term.html",
            Page::Country(_) => "country.html",
            Page::NotFound => "404.html",
            Page::Search => "search.html",
            Page::Compare => "compare.html",
            Page::Changes => "changes.html",
            Page::Paged(first, _) => first.template(),
        }
    }

    /// Page 1 of this page: itself, or what [`Page::Paged`] is a page of.
    pub fn first(&self) -> &Page {
        match self {
            Page::Paged(first, _) => first.first(),
            p => p,
        }
    }

    /// This page's number among the pages of [`Page::first`], from 1.
    pub fn number(&self) -> usize {
        match self {
            Page::Paged(_, n) => *n,
            _ => 1,
        }
    }
}

/// Every page of the site: home, listings, records, taxonomies and the
/// terms in use, countries, 404, and search when the theme has a
/// `search.html` template. In a fixed order, for reproducible builds.
pub fn pages(site: &Site, theme: &Theme) -> Vec<Page> {
    let mut out = vec![Page::Home];
    for c in site.schema.collections.keys() {
        out.extend(paging::all(site, Page::Collection(c.clone())));
    }
    for k in site.records.keys() {
        out.extend(paging::all(site, Page::Record(k.clone())));
    }
    for t in site.schema.taxonomies.values() {
        out.push(Page::TaxonomyIndex(t.name.clone()));
        for id in t.terms.keys().filter(|id| has_term_page(site, &t.name, id)) {
            out.extend(paging::all(site, Page::Term(t.name.clone(), id.clone())));
        }
    }
    out.push(Page::CountryIndex);
    for c in site.countries.keys() {
        out.extend(paging::all(site, Page::Country(c.clone())));
    }
    out.push(Page::NotFound);
    if theme.has_template("search.html") {
        out.push(Page::Search);
    }
    if theme.has_template("compare.html") {
        out.push(Page::Compare);
    }
    if has_changes_page(site, theme) {
        out.push(Page::Changes);
    }
    out
}

/// Whether the site has a "What changed" page ([`Page::Changes`]): it has
/// history from git, the theme a `changes.html`, and no collection or
/// taxonomy already has the folder `changes/` (a name the page does not
/// reserve: sites that had it keep building).
pub fn has_changes_page(site: &Site, theme: &Theme) -> bool {
    let taken = |name: &String| name.eq_ignore_ascii_case(urls::CHANGES);
    site.history.is_shown()
        && theme.has_template("changes.html")
        && !site.schema.collections.keys().any(taken)
        && !site.schema.taxonomies.keys().any(taken)
}

/// Every page of the site in every one of its languages, the default
/// language first: the same plan ([`pages`]) for each. An error when a
/// language's folder would be one the site already uses (see
/// [`check_language_folders`]).
pub fn site_pages<'s>(site: &'s Site, theme: &Theme) -> Result<Vec<(&'s str, Page)>> {
    check_language_folders(site)?;
    let plan = pages(site, theme);
    Ok(site
        .languages()
        .into_iter()
        .flat_map(|lang| plan.iter().map(move |p| (lang, p.clone())))
        .collect())
}

/// Folders at the site root that are not a language's: the default
/// language's sections and the shared files.
pub(crate) use crate::core::names::SHARED_FOLDERS;

/// Each non-default language's pages go in a folder named after it; one
/// named like a collection, a taxonomy or a shared folder would mix two
/// sites' files. `check` reports it at book.toml's `languages`
/// ([`crate::pipeline::language_folders`]); a site made otherwise (tests,
/// `serve`'s edits) is refused here too.
pub fn check_language_folders(site: &Site) -> Result<()> {
    match crate::pipeline::language_folders::clashes(&site.project.config.book, &site.schema)
        .first()
    {
        Some(c) => {
            let (message, help) = c.message();
            anyhow::bail!("book.toml: {message}; {help}")
        }
        None => Ok(()),
    }
}

/// Renders the first page of each template in every site language and
/// keeps nothing: what `check` runs so that a template error tera finds
/// only while rendering (a variable no page has, a filter given the wrong
/// type) fails a contributor's CI, not the deploy's `build`. Each
/// template's first error, as `build` would report it; templates `skip`
/// says are left out (they read one `check` refused).
pub fn render_samples(
    site: &Site,
    theme: &Theme,
    skip: impl Fn(&str) -> bool,
) -> Vec<anyhow::Error> {
    let plan = pages(site, theme);
    let mut seen = std::collections::BTreeSet::new();
    // The first page of each template, and of `record.html` and
    // `collection.html` the first of each collection: a theme branches on
    // it (`{% if record.collection == "regulations" %}`).
    let firsts: Vec<&Page> = plan
        .iter()
        .filter(|p| {
            let collection = match p {
                Page::Record(key) => Some(&*key.collection),
                Page::Collection(c) => Some(c.as_str()),
                _ => None,
            };
            !skip(p.template()) && seen.insert((p.template(), collection))
        })
        .collect();
    let memo = paging::Memo::default();
    // One error a template (its first page that fails, in any language),
    // so that one run names every template that is wrong.
    let mut failed = std::collections::BTreeSet::new();
    let mut errors = Vec::new();
    for lang in site.languages() {
        for page in &firsts {
            if failed.contains(page.template()) {
                continue;
            }
            if let Err(e) = render_page_with(site, theme, lang, page, &memo) {
                failed.insert(page.template());
                errors.push(e);
            }
        }
    }
    errors
}

/// Renders one page in `lang` (minified when `[build] minify` is on: the
/// theme's templates were, when it loaded).
pub fn render_page(site: &Site, theme: &Theme, lang: &str, page: &Page) -> Result<OutputFile> {
    render_page_with(site, theme, lang, page, &paging::Memo::default())
}

/// [`render_page`], sharing with the other pages of one render what the
/// pages of a paginated page have in common (`memo`): give every page of a
/// render the same one.
pub fn render_page_with(
    site: &Site,
    theme: &Theme,
    lang: &str,
    page: &Page,
    memo: &paging::Memo,
) -> Result<OutputFile> {
    let path = page.path_in(site, lang);
    let html = context::context(site, theme, lang, page, memo)
        .and_then(|(template, ctx)| theme.render(template, &ctx))
        .with_context(|| format!("cannot render {} (`{path}`)", describe(page)))?;
    Ok(OutputFile::new(path, html.into_bytes()))
}

/// Renders every page in every language in parallel, plus the theme's
/// assets under `assets/`; sorted by path.
pub fn render_site(site: &Site, theme: &Theme) -> Result<Vec<OutputFile>> {
    let pages = site_pages(site, theme)?;
    let memo = paging::Memo::default();
    let mut files: Vec<OutputFile> = pages
        .par_iter()
        .map(|(lang, p)| render_page_with(site, theme, lang, p, &memo))
        .collect::<Result<_>>()?;
    files.extend(theme.assets());
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn describe(page: &Page) -> String {
    match page {
        Page::Home => "the home page".into(),
        Page::Collection(c) => format!("the listing of `{c}`"),
        Page::Record(k) => format!("record `{k}`"),
        Page::TaxonomyIndex(t) => format!("the `{t}` taxonomy page"),
        Page::Term(t, id) => format!("the page of term `{t}/{id}`"),
        Page::CountryIndex => "the list of countries".into(),
        Page::Country(c) => format!("the page of country `{c}`"),
        Page::NotFound => "the 404 page".into(),
        Page::Search => "the search page".into(),
        Page::Compare => "the compare page".into(),
        Page::Changes => "the What changed page".into(),
        Page::Paged(first, n) => format!("page {n} of {}", describe(first)),
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
                "topics:\n  title: Topics\n  terms:\n    trade: {label: Trade}\n    unused: {label: Unused}\n",
            ),
            (
                "content/notes/_collection.yaml",
                "title: Notes\nsingular: Note\ndescription: d\nsort: title\nfields: {}\n",
            ),
            (
                "content/notes/a.md",
                "---\ntitle: A\nsummary: s\ntopics: [trade]\ncountries: [KEN]\n---\nBody *text*.\n",
            ),
        ])
    }

    #[test]
    fn plan_lists_every_page_once() {
        let (_dir, site) = site();
        let theme = Theme::built_in().unwrap();
        let paths: Vec<String> = pages(&site, &theme).iter().map(Page::path).collect();
        for p in [
            "index.html",
            "notes/index.html",
            "notes/a/index.html",
            "topics/index.html",
            "topics/trade/index.html",
            "countries/index.html",
            "countries/ken/index.html",
            "404.html",
        ] {
            assert!(paths.iter().any(|x| x == p), "{p} missing from {paths:?}");
        }
        assert!(!paths.iter().any(|x| x.contains("unused")), "{paths:?}");
        let mut unique = paths.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), paths.len());
    }

    #[test]
    fn a_language_folder_cannot_be_a_collections() {
        let (_dir, mut site) = site();
        site.project.config.book.languages = vec!["en".into(), "fr".into()];
        let theme = Theme::built_in().unwrap();
        let plan = site_pages(&site, &theme).unwrap();
        assert_eq!(plan.len(), 2 * pages(&site, &theme).len());
        assert!(
            plan.iter().any(|(l, p)| *l == "fr" && p.path_in(&site, l) == "fr/notes/a/index.html")
        );
        site.project.config.book.languages = vec!["en".into(), "Notes".into()];
        let e = format!("{:#}", site_pages(&site, &theme).unwrap_err());
        assert!(e.starts_with("book.toml: the pages in `Notes`"), "{e}");
        assert!(e.contains("the folder of the collection `Notes`"), "{e}");
        site.project.config.book.languages = vec!["en".into(), "data".into()];
        let e = format!("{:#}", site_pages(&site, &theme).unwrap_err());
        assert!(e.contains("the site's `data/` folder"), "{e}");
    }

    #[test]
    fn render_errors_name_the_page() {
        let (_dir, site) = site();
        let theme = Theme::built_in().unwrap();
        let e =
            render_page(&site, &theme, "en", &Page::Record(Key::new("notes", "nope"))).unwrap_err();
        let msg = format!("{e:#}");
        assert!(msg.contains("notes/nope"), "{msg}");
        let ok = render_page(&site, &theme, "en", &Page::Record(Key::new("notes", "a"))).unwrap();
        let html = String::from_utf8(ok.bytes).unwrap();
        assert!(html.contains("<em>text</em>"), "{html}");
        assert!(html.contains("../../topics/trade/index.html"), "{html}");
    }
}
