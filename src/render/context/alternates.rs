//! A page's other addresses: its versions in the site's languages (the
//! switcher and `hreflang` alternates) and, with `base-url`, its canonical
//! URL, both in the sitemap's folder form.

use serde::Serialize;

use super::super::Page;
use super::super::urls::{folder_url, page_path_in};
use super::{View, base_url};

/// This page in one of the site's languages.
#[derive(Serialize)]
pub(super) struct LangLink {
    /// The language tag, for `hreflang` and `lang`.
    code: String,
    /// The language's name in itself ("Français").
    name: String,
    /// Relative to this page.
    url: String,
    /// Absolute when `base-url` is set (`hreflang` links want that),
    /// else `url`.
    href: String,
    /// This page's own language.
    current: bool,
    /// The page's record has a version in that language (always true on
    /// pages that are not a record's).
    has_version: bool,
    /// For `<link rel=alternate hreflang>`: a version of this page's
    /// content, when this page is one too (alternates must be reciprocal).
    alternate: bool,
}

impl View<'_> {
    /// See [`Base::canonical`].
    pub(super) fn canonical(&self, page: &Page) -> Option<String> {
        let site = self.site;
        // The 404 page is served at every missing address: no URL is its.
        if matches!(page, Page::NotFound) {
            return None;
        }
        let base = base_url(site)?;
        let lang = match page.first() {
            Page::Record(k) => match site.records.get(k) {
                Some(r) if !r.has_version(self.lang) => {
                    site.languages().into_iter().find(|l| r.has_version(l)).unwrap_or(self.lang)
                }
                _ => self.lang,
            },
            _ => self.lang,
        };
        let path = page_path_in(&site.project.config.book, lang, page);
        Some(format!("{base}{}", folder_url(&path)))
    }

    /// `page` in each of the site's languages; none on a one-language site.
    pub(super) fn languages(&self, page: &Page) -> Vec<LangLink> {
        let site = self.site;
        let langs = site.languages();
        if langs.len() < 2 {
            return Vec::new();
        }
        let book = &site.project.config.book;
        let base = base_url(site);
        let record = match page.first() {
            Page::Record(k) => site.records.get(k),
            _ => None,
        };
        langs
            .into_iter()
            .map(|code| {
                let path = page_path_in(book, code, page);
                LangLink {
                    code: code.to_owned(),
                    name: self.theme.i18n().language_name(code),
                    url: self.urls.file(&path),
                    // The sitemap's and the feeds' form of the URL.
                    href: match &base {
                        Some(b) => format!("{b}{}", folder_url(&path)),
                        None => self.urls.file(&path),
                    },
                    current: code.eq_ignore_ascii_case(self.lang),
                    has_version: record.is_none_or(|r| r.has_version(code)),
                    alternate: record
                        .is_none_or(|r| r.has_version(code) && r.has_version(self.lang)),
                }
            })
            .collect()
    }
}
