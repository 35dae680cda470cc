//! Zola's `@/` links that name no collection: a term's or a country's
//! page, a record in another language's folder. Each is an error saying
//! what to write instead: pages would show the address as written, a link
//! to nowhere. The home page (`@/`, `@/_index.md`) links as `/` does.

use super::super::Ctx;
use crate::core::diag::{Diagnostic, Diagnostics, Pos, did_you_mean};

impl Ctx<'_> {
    /// Checks `dest` when it is an `@/` link to no collection (`true`:
    /// said, nothing more to check); a collection that cannot be read is
    /// left to the error at its `_collection.yaml`.
    pub(super) fn check_at_link(
        &self,
        file: &str,
        dest: &str,
        pos: Pos,
        diags: &mut Diagnostics,
    ) -> bool {
        let Some(rest) = dest.trim().strip_prefix("@/") else { return false };
        let (path, suffix) = match rest.find(['#', '?']) {
            Some(i) => rest.split_at(i),
            None => (rest, ""),
        };
        let path = path.trim_matches('/');
        // A record's file names its page (`x.md` is `x/`).
        let page =
            [".md", ".yaml", ".yml"].iter().find_map(|x| path.strip_suffix(x)).unwrap_or(path);
        let (first, after) = path.split_once('/').unwrap_or((path, ""));
        let after_page = page.split_once('/').map_or("", |(_, a)| a);
        if self.schema.collections.contains_key(first)
            || self.schema.collections_unreadable.contains(first)
        {
            return false;
        }
        let (message, help) = match (first, after) {
            // Zola's home page: linked as `/` is (core::links).
            ("" | "_index.md" | "index.md" | "_index" | "index", "") => return true,
            // `@/practises` is a listing's typo: `core::links` names it
            // a listing, whose check says the nearest.
            (_, "") => return false,
            (t, _) if self.schema.taxonomies.contains_key(t) => {
                let term = after_page;
                (
                    format!("`{dest}` in the body names no collection `{t}`: `{t}` is a taxonomy"),
                    format!(
                        "link the term's page from the site's root: [text](/{t}/{term}/{suffix})"
                    ),
                )
            }
            ("countries", _) => (
                format!("`{dest}` in the body names no collection `countries`"),
                format!(
                    "link the country's page from the site's root, by its alpha-3 code in lower \
                     case: [text](/countries/{}/{suffix})",
                    after_page.to_ascii_lowercase()
                ),
            ),
            (lang, _) if self.language_folders.iter().any(|l| l.eq_ignore_ascii_case(lang)) => (
                format!(
                    "`{dest}` in the body names no collection `{lang}`: `{lang}` is a language"
                ),
                format!(
                    "@/{after} links the record's page in each page's own language; to link \
                     its `{lang}` page from every page, write /{lang}/{after_page}/{suffix}"
                ),
            ),
            (c, _) => {
                let names = self.schema.collections.keys().map(String::as_str);
                let help = match did_you_mean(c, names) {
                    Some(n) => format!("did you mean @/{n}/{after}{suffix}?"),
                    None => format!(
                        "the collections are {}",
                        self.schema
                            .collections
                            .keys()
                            .map(|c| format!("`{c}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                (format!("`{dest}` in the body names no collection `{c}`"), help)
            }
        };
        diags.push(Diagnostic::error(file, pos, message).with_help(help));
        true
    }
}
