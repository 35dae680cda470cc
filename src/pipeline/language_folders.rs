//! Each non-default language's pages go in a folder named after it
//! (`fr/`); one named like a collection, a taxonomy or a shared folder
//! would mix two sites' files (and case-insensitive file systems fold
//! case). Checked with the schema, so that `check` in a contributor's CI
//! fails where `build` would.

use crate::config::{Book, CONFIG_FILE};
use crate::core::diag::{Diagnostic, Diagnostics};
use crate::core::names::RESERVED_FOLDERS;
use crate::model::Schema;

/// A language whose folder is already taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clash {
    /// The language, as `languages` lists it.
    pub lang: String,
    /// What already has the folder.
    pub what: String,
}

impl Clash {
    /// What is wrong, and how to fix it.
    pub fn message(&self) -> (String, String) {
        let lang = &self.lang;
        (
            format!(
                "the pages in `{lang}` (listed in `languages`) would go in `{lang}/`, which is \
                 already {}",
                self.what
            ),
            format!("rename that collection or taxonomy, or drop `{lang}` from `languages`"),
        )
    }
}

/// Every language of `book` whose folder is taken, in `languages` order.
pub fn clashes(book: &Book, schema: &Schema) -> Vec<Clash> {
    let mut out = Vec::new();
    for lang in book.languages().into_iter().skip(1) {
        let clash = |name: &str| name.eq_ignore_ascii_case(lang);
        let what = if schema.collections.keys().any(|c| clash(c)) {
            format!("the folder of the collection `{lang}`")
        } else if schema.taxonomies.keys().any(|t| clash(t)) {
            format!("the folder of the taxonomy `{lang}`")
        } else if RESERVED_FOLDERS.iter().any(|f| clash(f)) {
            format!("the site's `{lang}/` folder")
        } else {
            continue;
        };
        out.push(Clash { lang: lang.to_owned(), what });
    }
    out
}

/// An error at `languages` in book.toml for each [`clashes`].
pub fn check(book: &Book, schema: &Schema, diags: &mut Diagnostics) {
    for c in clashes(book, schema) {
        let (message, help) = c.message();
        diags.push(Diagnostic::error(CONFIG_FILE, book.languages_at, message).with_help(help));
    }
}
