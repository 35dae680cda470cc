//! `sitemap.xml` of each language's pages and, on a multilingual site,
//! `sitemap-index.xml` naming them all (sitemaps.org 0.9): only with
//! `base-url`, since a sitemap's URLs must be absolute.

use jiff::civil::Date;

use super::xml_escape;
use crate::model::{Key, Site};
use crate::output::OutputFile;
use crate::render::{Page, folder_url, lang_prefix, page_path_in};

/// The sitemap index's file (see [`sitemap_index`]).
pub const SITEMAP_INDEX: &str = "sitemap-index.xml";

/// `sitemap.xml` of `lang`'s pages (`fr/sitemap.xml`), when `base-url` is
/// set: the given pages that are folders' `index.html`, each with its
/// [`lastmod`] where it has one. On a multilingual site each URL lists its
/// versions in every language, itself included, with `xhtml:link
/// rel="alternate" hreflang` (Google's format), and `x-default` for the
/// default language's. A record's page counts as a version only in the
/// languages the record has a version in (its original's or a
/// translation); its pages in the other languages (the same text, which
/// name their own language's page as canonical) are not listed.
pub fn sitemap(site: &Site, lang: &str, pages: &[Page]) -> Option<OutputFile> {
    let base = site.project.config.book.base_url()?;
    let book = &site.project.config.book;
    let langs = site.languages();
    let multilingual = langs.len() > 1;
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"",
    );
    x.push_str(if multilingual {
        " xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n"
    } else {
        ">\n"
    });
    let url = |page: &Page, l: &str| format!("{base}{}", folder_url(&page_path_in(book, l, page)));
    // A record's page in a language it has no version in is its own
    // language's text again, whose URL it names as canonical: not listed.
    let canonical = |p: &Page| match p.first() {
        Page::Record(k) => site.records.get(k).is_none_or(|r| r.has_version(lang)),
        _ => true,
    };
    let mut pages: Vec<(String, &Page)> = pages
        .iter()
        .filter(|p| !multilingual || canonical(p))
        .map(|p| (page_path_in(book, lang, p), p))
        .filter(|(path, _)| path.ends_with("/index.html") || path == "index.html")
        .collect();
    pages.sort_unstable();
    // A listing's pages share its date: worked out once, not once a page.
    let mut dates: std::collections::HashMap<&Page, Option<Date>> = Default::default();
    for (_, page) in pages {
        let loc = xml_escape(&url(page, lang));
        // Elements in the order the sitemaps.org schema asks: loc, lastmod,
        // then those of other namespaces.
        let date = *dates.entry(page.first()).or_insert_with(|| lastmod(site, page.first()));
        let lastmod = match date {
            Some(d) => format!("<lastmod>{d}</lastmod>"),
            None => String::new(),
        };
        let versions: Vec<&str> = match page.first() {
            Page::Record(k) if multilingual => match site.records.get(k) {
                Some(r) => langs.iter().copied().filter(|l| r.has_version(l)).collect(),
                None => Vec::new(),
            },
            _ if multilingual => langs.clone(),
            _ => Vec::new(),
        };
        if versions.len() < 2 || !versions.iter().any(|l| l.eq_ignore_ascii_case(lang)) {
            x.push_str(&format!("  <url><loc>{loc}</loc>{lastmod}</url>\n"));
            continue;
        }
        x.push_str(&format!("  <url>\n    <loc>{loc}</loc>\n"));
        if !lastmod.is_empty() {
            x.push_str(&format!("    {lastmod}\n"));
        }
        for l in &versions {
            x.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                xml_escape(l),
                xml_escape(&url(page, l))
            ));
        }
        if versions.iter().any(|l| l.eq_ignore_ascii_case(&book.language)) {
            x.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>\n",
                xml_escape(&url(page, &book.language))
            ));
        }
        x.push_str("  </url>\n");
    }
    x.push_str("</urlset>\n");
    let prefix = lang_prefix(book, lang);
    Some(OutputFile::new(format!("{prefix}sitemap.xml"), x))
}

/// When `page`'s content last changed, as far as the records say: a
/// record's `updated` (else `date`); for a page that lists records (home,
/// listing, taxonomy, term, country pages), the newest of those it shows.
/// `None` for pages that show no dated record (search, 404, a listing of
/// undated records). The same in every language: translations carry no
/// dates of their own.
pub fn lastmod(site: &Site, page: &Page) -> Option<Date> {
    let newest = |keys: &mut dyn Iterator<Item = &Key>| {
        keys.filter_map(|k| site.records.get(k)).filter_map(|r| r.updated()).max()
    };
    match page {
        Page::Home => site.records.values().filter_map(|r| r.updated()).max(),
        Page::Collection(c) => newest(&mut site.listings.get(c)?.iter()),
        Page::Record(k) => site.records.get(k)?.updated(),
        Page::TaxonomyIndex(t) => newest(&mut site.terms.get(t)?.values().flatten()),
        Page::Term(t, id) => newest(&mut site.terms.get(t)?.get(id)?.iter()),
        Page::CountryIndex => newest(
            &mut site
                .countries
                .values()
                .flat_map(|c| c.direct.iter().chain(c.via.values().flatten())),
        ),
        Page::Country(code) => {
            let c = site.countries.get(code)?;
            newest(&mut c.direct.iter().chain(c.via.values().flatten()))
        }
        Page::NotFound | Page::Search | Page::Compare => None,
        // The newest commit it lists.
        Page::Changes => site.history.commits.first().map(|c| c.date),
        // The pages of a listing change together (a record added anywhere
        // shifts the later ones).
        Page::Paged(first, _) => lastmod(site, first),
    }
}

/// `sitemap-index.xml` on a multilingual site with `base-url`: a sitemap
/// index naming each language's sitemap, for `robots.txt` or a search
/// console to find them all from one address. Each sitemap's `lastmod` is
/// the newest record's date (every language lists every record).
pub fn sitemap_index(site: &Site) -> Option<OutputFile> {
    let base = site.project.config.book.base_url()?;
    let langs = site.languages();
    if langs.len() < 2 {
        return None;
    }
    let book = &site.project.config.book;
    let lastmod = match lastmod(site, &Page::Home) {
        Some(d) => format!("<lastmod>{d}</lastmod>"),
        None => String::new(),
    };
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for l in langs {
        let loc = format!("{base}{}sitemap.xml", lang_prefix(book, l));
        x.push_str(&format!("  <sitemap><loc>{}</loc>{lastmod}</sitemap>\n", xml_escape(&loc)));
    }
    x.push_str("</sitemapindex>\n");
    Some(OutputFile::new(SITEMAP_INDEX, x))
}
