//! Where each page lives and how pages link to each other.
//!
//! Every internal link is relative to the page it sits on and names its
//! file (`../../regulations/eu-gdpr/index.html`), so the site works opened
//! from disk (`file://`) as well as from any web host or sub-folder.

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
    }
}

/// The URL segment of country pages.
pub const COUNTRIES: &str = "countries";

/// The relative prefix from a file at `path` back to the site root: `""`
/// at the top, `"../../"` two folders down.
pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// Builds links from one page: each method returns a URL relative to that
/// page, naming its file.
#[derive(Debug, Clone)]
pub struct Urls {
    root: String,
}

impl Urls {
    /// Links from a page whose prefix back to the site root is `root`
    /// (relative such as `"../"`, or an absolute base URL ending in `/`).
    pub fn new(root: impl Into<String>) -> Urls {
        Urls { root: root.into() }
    }

    /// The prefix back to the site root.
    pub fn root(&self) -> &str {
        &self.root
    }

    /// Any file by its path from the site root (`feed.xml`, `assets/style.css`).
    pub fn file(&self, path: &str) -> String {
        format!("{}{path}", self.root)
    }

    /// A page.
    pub fn page(&self, page: &Page) -> String {
        self.file(&page_path(page))
    }

    /// The home page.
    pub fn home(&self) -> String {
        self.file("index.html")
    }

    /// A collection's listing.
    pub fn collection(&self, name: &str) -> String {
        format!("{}{name}/index.html", self.root)
    }

    /// A record's page.
    pub fn record(&self, key: &Key) -> String {
        self.file(&key.page_path())
    }

    /// A taxonomy's list of terms.
    pub fn taxonomy(&self, name: &str) -> String {
        format!("{}{name}/index.html", self.root)
    }

    /// A term's page.
    pub fn term(&self, taxonomy: &str, id: &str) -> String {
        format!("{}{taxonomy}/{id}/index.html", self.root)
    }

    /// The list of countries.
    pub fn countries(&self) -> String {
        format!("{}{COUNTRIES}/index.html", self.root)
    }

    /// A country's page, from its alpha-3 code.
    pub fn country(&self, alpha3: &str) -> String {
        format!("{}{COUNTRIES}/{}/index.html", self.root, alpha3.to_ascii_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_follow_depth() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("regulations/index.html"), "../");
        assert_eq!(root_of("regulations/eu-gdpr/index.html"), "../../");
    }

    #[test]
    fn links_name_their_file() {
        let u = Urls::new("../../");
        assert_eq!(
            u.record(&Key::new("regulations", "eu-gdpr")),
            "../../regulations/eu-gdpr/index.html"
        );
        assert_eq!(u.country("KEN"), "../../countries/ken/index.html");
        assert_eq!(
            page_path(&Page::Term("topics".into(), "trade".into())),
            "topics/trade/index.html"
        );
    }
}
