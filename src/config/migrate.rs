//! What a Hugo or Zola user brings: their settings file, and their keys
//! written at the top of book.toml. Said with where the setting lives here.

use std::path::Path;

use super::CONFIG_FILE;
use crate::core::diag::{Diagnostic, Pos};

/// Other generators' settings files, which Compendium does not read.
const FOREIGN: &[&str] = &[
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "config.yml",
    "config.json",
];

/// A warning when the project at `root` has no book.toml but another
/// generator's settings file: its settings are not read.
pub(super) fn foreign_config(root: &Path) -> Option<Diagnostic> {
    if root.join(CONFIG_FILE).exists() {
        return None;
    }
    let found = FOREIGN.iter().find(|f| root.join(f).is_file())?;
    Some(
        Diagnostic::warning(
            *found,
            Pos::START,
            format!(
                "`{found}` is not read: Compendium's settings are in {CONFIG_FILE}, and this \
                 project has none, so every setting is its default"
            ),
        )
        .with_help(
            "write book.toml with the settings you need: [book] title, base-url, language; \
             [build] theme, paginate (README: book.toml)",
        ),
    )
}

/// Where a Hugo or Zola setting written at the top of book.toml (or a
/// table of theirs) lives in book.toml, if it has a place.
pub(super) fn key_help(key: &str) -> Option<&'static str> {
    let help = match key.to_ascii_lowercase().replace('_', "").as_str() {
        "title" => "write it in [book]: title = \"…\"",
        "baseurl" => "write it in [book] as base-url = \"https://example.org/kb/\"",
        "description" => "write it in [book]: description = \"…\"",
        "languagecode" | "defaultcontentlanguage" | "defaultlanguage" => {
            "write the site's language in [book]: language = \"en\""
        }
        "languages" => {
            "write the site's languages in [book]: languages = [\"en\", \"fr\"], and each \
             language's title in [book.translations.fr]"
        }
        "author" | "authors" => "write it in [book]: authors = [\"…\"]",
        "theme" => "write it in [build]: theme = \"NAME\" (a folder of themes/)",
        "paginate" | "pagination" | "paginatorsize" => {
            "write it in [build]: paginate = 50 (records per listing page)"
        }
        "publishdir" | "outputdir" => "write it in [build]: build-dir = \"public\"",
        "contentdir" => "write it in [build]: content-dir = \"content\"",
        "taxonomies" => "taxonomies and their terms are declared in content/_taxonomies.yaml",
        "markup" | "markdown" => {
            "Markdown is read one way here (CommonMark with tables, footnotes and heading ids; raw \
             HTML sanitised): remove this table"
        }
        "menu" | "menus" => {
            "the built-in theme's menu lists the collections; a site theme's base.html may add \
             links"
        }
        "params" | "extra" => {
            "a site theme reads its own strings from themes/NAME/i18n/LANG.toml; remove this table"
        }
        "buildfuture" | "builddrafts" | "drafts" => {
            "drafts are `draft: true` in a record, published by `build --drafts`"
        }
        _ => return None,
    };
    Some(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hugo_and_zola_keys_say_where_they_go() {
        assert!(key_help("baseURL").is_some_and(|h| h.contains("base-url")));
        assert!(key_help("base_url").is_some_and(|h| h.contains("base-url")));
        assert!(key_help("languageCode").is_some_and(|h| h.contains("language =")));
        assert!(key_help("theme").is_some_and(|h| h.contains("[build]")));
        assert!(key_help("zebra").is_none());
    }

    #[test]
    fn another_generators_settings_file_is_said_without_a_book_toml() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert!(foreign_config(dir.path()).is_none());
        std::fs::write(dir.path().join("hugo.toml"), "title = 'x'\n").expect("write");
        let d = foreign_config(dir.path()).expect("said");
        assert!(d.message.contains("`hugo.toml` is not read"), "{}", d.message);
        std::fs::write(dir.path().join(CONFIG_FILE), "").expect("write");
        assert!(foreign_config(dir.path()).is_none());
    }
}
