//! Rendering the site: the page plan, tera templates, minification.
//!
//! Pure: [`pages`] lists every page of a [`Site`], [`render_page`] turns one
//! into bytes, and [`render_site`] does them all (in parallel) plus the
//! theme's assets. Nothing here touches the file system except
//! [`Theme::load`], so `serve` can re-render just the pages a change affects.

mod context;
mod filters;
mod minify;
mod theme;
pub mod urls;

use anyhow::{Context as _, Result};
use rayon::prelude::*;

use crate::model::{Key, Site};
use crate::output::OutputFile;

pub use context::{base_url, has_term_page};
pub use filters::{display_date, escape_html, humanize};
pub use theme::Theme;
pub use urls::page_path;

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
}

impl Page {
    /// The page's file relative to the site root.
    pub fn path(&self) -> String {
        urls::page_path(self)
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
        }
    }
}

/// Every page of the site: home, listings, records, taxonomies and the
/// terms in use, countries, 404, and search when the theme has a
/// `search.html` template. In a fixed order, for reproducible builds.
pub fn pages(site: &Site, theme: &Theme) -> Vec<Page> {
    let mut out = vec![Page::Home];
    out.extend(site.schema.collections.keys().map(|c| Page::Collection(c.clone())));
    out.extend(site.records.keys().map(|k| Page::Record(k.clone())));
    for t in site.schema.taxonomies.values() {
        out.push(Page::TaxonomyIndex(t.name.clone()));
        out.extend(
            t.terms
                .keys()
                .filter(|id| has_term_page(site, &t.name, id))
                .map(|id| Page::Term(t.name.clone(), id.clone())),
        );
    }
    out.push(Page::CountryIndex);
    out.extend(site.countries.keys().map(|c| Page::Country(c.clone())));
    out.push(Page::NotFound);
    if theme.has_template("search.html") {
        out.push(Page::Search);
    }
    out
}

/// Renders one page (minified when `[build] minify` is on).
pub fn render_page(site: &Site, theme: &Theme, page: &Page) -> Result<OutputFile> {
    let path = page.path();
    let html = context::context(site, theme, page)
        .and_then(|(template, ctx)| theme.render(template, &ctx))
        .with_context(|| format!("cannot render {} (`{path}`)", describe(page)))?;
    let bytes = if site.project.config.build.minify {
        minify::minify(html.as_bytes())
    } else {
        html.into_bytes()
    };
    Ok(OutputFile::new(path, bytes))
}

/// Renders every page in parallel, plus the theme's assets under
/// `assets/`; sorted by path.
pub fn render_site(site: &Site, theme: &Theme) -> Result<Vec<OutputFile>> {
    let pages = pages(site, theme);
    let mut files: Vec<OutputFile> =
        pages.par_iter().map(|p| render_page(site, theme, p)).collect::<Result<_>>()?;
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, Site) {
        let dir = tempfile::tempdir().unwrap();
        let w = |rel: &str, text: &str| {
            let p = dir.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        };
        w("book.toml", "[book]\ntitle = \"T\"\n");
        w(
            "content/_taxonomies.yaml",
            "topics:\n  title: Topics\n  terms:\n    trade: {label: Trade}\n    unused: {label: Unused}\n",
        );
        w(
            "content/notes/_collection.yaml",
            "title: Notes\nsingular: Note\ndescription: d\nsort: title\nfields: {}\n",
        );
        w(
            "content/notes/a.md",
            "---\ntitle: A\nsummary: s\ntopics: [trade]\ncountries: [KEN]\n---\nBody *text*.\n",
        );
        let loaded = crate::pipeline::load(dir.path());
        let site = loaded.site.unwrap();
        (dir, site)
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
    fn render_errors_name_the_page() {
        let (_dir, site) = site();
        let theme = Theme::built_in().unwrap();
        let e = render_page(&site, &theme, &Page::Record(Key::new("notes", "nope"))).unwrap_err();
        let msg = format!("{e:#}");
        assert!(msg.contains("notes/nope"), "{msg}");
        let ok = render_page(&site, &theme, &Page::Record(Key::new("notes", "a"))).unwrap();
        let html = String::from_utf8(ok.bytes).unwrap();
        assert!(html.contains("<em>text</em>"), "{html}");
        assert!(html.contains("../../topics/trade/index.html"), "{html}");
    }
}
