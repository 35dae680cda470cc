//! The languages of `book.toml`: `languages` and the
//! `[book.translations.*]` tables checked against each other.

use crate::core::diag::{Diagnostic, Pos};

use super::{Book, CONFIG_FILE};

/// `languages` and `[book.translations.*]`: valid tags, the default among
/// the languages when they are listed, translations only for listed ones.
pub(super) fn check_languages(
    book: &Book,
    key_pos: &dyn Fn(&str, &str) -> Pos,
    diags: &mut Vec<Diagnostic>,
) {
    let pos = key_pos("book", "languages");
    let mut seen: Vec<String> = Vec::new();
    for l in &book.languages {
        if !crate::core::rules::is_language_tag(l) {
            diags.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    pos,
                    format!("`{l}` in `languages` is not a BCP 47 language tag"),
                )
                .with_help("use tags such as \"en\", \"fr\", \"zh\" or \"es-419\""),
            );
        } else if seen.contains(&l.to_ascii_lowercase()) {
            diags.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    pos,
                    format!("`{l}` is listed twice in `languages`"),
                )
                .with_help("list each language once"),
            );
        }
        seen.push(l.to_ascii_lowercase());
    }
    if !book.languages.is_empty() && !seen.contains(&book.language.to_ascii_lowercase()) {
        diags.push(
            Diagnostic::error(
                CONFIG_FILE,
                pos,
                format!("`languages` does not list the default language `{}`", book.language),
            )
            .with_help(format!(
                "add \"{}\" to `languages`, or set `language` to the one whose pages sit at the site root",
                book.language
            )),
        );
    }
    for lang in book.translations.keys() {
        if !book.has_language(lang) {
            diags.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    key_pos(&format!("book.translations.{lang}"), ""),
                    format!("[book.translations.{lang}] is for a language not in `languages`"),
                )
                .with_help(format!("add \"{lang}\" to `languages` in [book], or remove the table")),
            );
        }
    }
}
