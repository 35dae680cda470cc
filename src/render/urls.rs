//! Where each page lives and how pages link to each other.
//!
//! Every internal link is relative to the page it sits on and names its
//! file (`../../regulations/eu-gdpr/index.html`), so the site works opened
//! from disk (`file://`) as well as from any web host or sub-folder.

use crate::config::Book;
use crate::model::Key;

use super::Page;

/// The page's file, relative to the site root, `/`-separated.
pub fn page_path(page: &Page) -> String {
    match page {
        Page::Home => "index.html".into(),
        Page::Collection(c) => format!("{c}/index.html"),
        Page::Record(k) => k.page_path(),
        Page::TaxonomyIndex(t) => format!("{t}/index.html"),
        Page::Term(t, id) => format!("{t}/{id}/index.html"),
        Page::CountryIndex => format!("{COUNTRIES}/index.html"),
        Page::Country(code) => format!("{COUNTRIES}/{}/index.html", code.to_ascii_lowercase()),
        Page::NotFound => "404.html".into(),
        Page::Search => "search/index.html".into(),
        Page::Compare => format!("{COMPARE}/index.html"),
        Page::Changes => format!("{CHANGES}/index.html"),
        Page::Paged(first, n) => {
            let path = page_path(first);
            let folder = path.strip_suffix("index.html").unwrap_or(&path);
            format!("{folder}page/{n}/index.html")
        }
    }
}

/// The URL segment of country pages.
pub const COUNTRIES: &str = "countries";

/// The folder of the compare page and its data.
pub const COMPARE: &str = "compare";

/// The folder of the "What changed" page.
pub const CHANGES: &str = "changes";

/// The Atom feed of changes, beside each language's `feed.xml`.
pub const CHANGES_FEED: &str = "changes.xml";

/// The folder of `lang`'s pages, from the site root: `""` for the default
/// language (its pages sit at the root), `"fr/"` for the others. The tag
/// is written as `[book] languages` lists it.
pub fn lang_prefix(book: &Book, lang: &str) -> String {
    if lang.eq_ignore_ascii_case(&book.language) {
        return String::new();
    }
    let listed = book.languages().into_iter().find(|l| l.eq_ignore_ascii_case(lang));
    format!("{}/", listed.unwrap_or(lang))
}

/// A page's path as a folder's URL (`fr/regulations/x/`, `` for the
/// home page), as sitemaps, feeds and links from outside write it.
pub fn folder_url(path: &str) -> &str {
    path.strip_suffix("index.html").unwrap_or(path)
}

/// `page`'s file in `lang`, from the site root (`fr/regulations/x/index.html`).
pub fn page_path_in(book: &Book, lang: &str, page: &Page) -> String {
    format!("{}{}", lang_prefix(book, lang), page_path(page))
}

/// The relative prefix from a file at `path` back to the site root: `""`
/// at the top, `"../../"` two folders down.
pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// Builds links from one page: each method returns a URL relative to that
/// page, naming its file. Pages link to pages of their own language;
/// shared files (assets, datasets, the search index) have one copy at the
/// site root.
#[derive(Debug, Clone)]
pub struct Urls {
    root: String,
    /// `root` followed by the language's folder.
    lang_root: String,
}

impl Urls {
    /// Links from a page whose prefix back to the site root is `root`
    /// (relative such as `"../"`, or an absolute base URL ending in `/`),
    /// to pages of the language whose folder is `lang_prefix` (see
    /// [`lang_prefix`]).
    pub fn new(root: impl Into<String>, lang_prefix: &str) -> Urls {
        let root = root.into();
        Urls { lang_root: format!("{root}{lang_prefix}"), root }
    }

    /// The prefix back to the site root.
    pub fn root(&self) -> &str {
        &self.root
    }

    /// The prefix to the root of this language's pages.
    pub fn lang_root(&self) -> &str {
        &self.lang_root
    }

    /// A shared file by its path from the site root (`data/records.json`,
    /// `assets/style.css`).
    pub fn file(&self, path: &str) -> String {
        format!("{}{path}", self.root)
    }

    /// A file of this language by its path from the language's root
    /// (`feed.xml`).
    pub fn lang_file(&self, path: &str) -> String {
        format!("{}{path}", self.lang_root)
    }

    /// A page.
    pub fn page(&self, page: &Page) -> String {
        self.lang_file(&page_path(page))
    }

    /// The home page.
    pub fn home(&self) -> String {
        self.lang_file("index.html")
    }

    /// A collection's listing.
    pub fn collection(&self, name: &str) -> String {
        format!("{}{name}/index.html", self.lang_root)
    }

    /// A record's page.
    pub fn record(&self, key: &Key) -> String {
        self.lang_file(&key.page_path())
    }

    /// A taxonomy's list of terms.
    pub fn taxonomy(&self, name: &str) -> String {
        format!("{}{name}/index.html", self.lang_root)
    }

    /// A term's page.
    pub fn term(&self, taxonomy: &str, id: &str) -> String {
        format!("{}{taxonomy}/{id}/index.html", self.lang_root)
    }

    /// The list of countries.
    pub fn countries(&self) -> String {
        format!("{}{COUNTRIES}/index.html", self.lang_root)
    }

    /// A country's page, from its alpha-3 code.
    pub fn country(&self, alpha3: &str) -> String {
        format!("{}{COUNTRIES}/{}/index.html", self.lang_root, alpha3.to_ascii_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_folders_name_the_folders_pages_use() {
        // A language folder is refused by that list, below `render`.
        for f in [COUNTRIES, COMPARE, "search", "assets", "data"] {
            assert!(crate::core::names::SHARED_FOLDERS.contains(&f), "{f}");
        }
        // Collections, taxonomies and languages refuse these.
        for f in [COUNTRIES, COMPARE, CHANGES, "search", "assets", "data"] {
            assert!(crate::core::names::RESERVED_FOLDERS.contains(&f), "{f}");
        }
    }

    #[test]
    fn roots_follow_depth() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("regulations/index.html"), "../");
        assert_eq!(root_of("regulations/eu-gdpr/index.html"), "../../");
        assert_eq!(root_of("fr/regulations/eu-gdpr/index.html"), "../../../");
    }

    #[test]
    fn languages_other_than_the_default_have_a_folder() {
        let book = Book {
            language: "en".into(),
            languages: vec!["en".into(), "fr".into(), "zh-Hans".into()],
            ..Book::default()
        };
        assert_eq!(lang_prefix(&book, "en"), "");
        assert_eq!(lang_prefix(&book, "EN"), "");
        assert_eq!(lang_prefix(&book, "zh-hans"), "zh-Hans/");
        assert_eq!(page_path_in(&book, "fr", &Page::Search), "fr/search/index.html");
        assert_eq!(page_path_in(&book, "en", &Page::NotFound), "404.html");
    }

    #[test]
    fn links_name_their_file() {
        let u = Urls::new("../../", "");
        assert_eq!(
            u.record(&Key::new("regulations", "eu-gdpr")),
            "../../regulations/eu-gdpr/index.html"
        );
        assert_eq!(u.country("KEN"), "../../countries/ken/index.html");
        let fr = Urls::new("../../../", "fr/");
        assert_eq!(fr.record(&Key::new("r", "x")), "../../../fr/r/x/index.html");
        assert_eq!(fr.file("assets/style.css"), "../../../assets/style.css");
        assert_eq!(fr.lang_file("feed.xml"), "../../../fr/feed.xml");
        assert_eq!(
            page_path(&Page::Term("topics".into(), "trade".into())),
            "topics/trade/index.html"
        );
        let second = Page::Paged(Box::new(Page::Country("ITA".into())), 2);
        assert_eq!(page_path(&second), "countries/ita/page/2/index.html");
        assert_eq!(fr.page(&second), "../../../fr/countries/ita/page/2/index.html");
    }
}
