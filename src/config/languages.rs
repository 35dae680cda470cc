//! The languages of `book.toml`: `languages` and the
//! `[book.translations.*]` tables checked against each other.

use crate::core::diag::{Diagnostic, Pos};

use super::{Book, CONFIG_FILE};

/// Most languages a site may have: the UN's six, the EU's 24, with room;
/// a build's work grows with their square (every page links every
/// language's version of it), so a list of hundreds never finished.
pub const MAX_LANGUAGES: usize = 64;

/// `[book] language` is a BCP 47 tag.
pub(super) fn check_default_language(
    book: &Book,
    key_pos: &dyn Fn(&str, &str) -> Pos,
    diags: &mut Vec<Diagnostic>,
) {
    if !crate::core::rules::is_language_tag(&book.language) {
        diags.push(not_a_tag(&book.language, "language", key_pos("book", "language")));
    }
}

/// `value` of `key` is no BCP 47 tag: the tag meant where it is a
/// language's name or a locale (`"French"`, `"pt_BR"`), else examples.
fn not_a_tag(value: &str, key: &str, pos: Pos) -> Diagnostic {
    let help = match crate::core::lang::tag_for_name(value) {
        Some(meant) => format!("did you mean \"{meant}\"? Write the language's tag"),
        None => "use tags such as \"en\", \"fr\", \"zh\" or \"es-419\"".to_owned(),
    };
    Diagnostic::error(
        CONFIG_FILE,
        pos,
        format!("`{value}` in `{key}` is not a BCP 47 language tag"),
    )
    .with_help(help)
}

/// Each tag of `language` and `languages` in one spelling (`pt-br` is
/// `pt-BR`): folders, `lang` attributes and datasets do not move with the
/// case it was typed in.
pub(super) fn one_case(book: &mut Book) {
    let canonical = |t: &mut String| {
        if crate::core::rules::is_language_tag(t) {
            *t = crate::core::lang::canonical_case(t);
        }
    };
    canonical(&mut book.language);
    book.languages.iter_mut().for_each(canonical);
}

/// `languages` and `[book.translations.*]`: valid tags, the default among
/// the languages when they are listed, translations only for listed ones.
pub(super) fn check_languages(
    book: &Book,
    key_pos: &dyn Fn(&str, &str) -> Pos,
    item_pos: &dyn Fn(usize) -> Pos,
    diags: &mut Vec<Diagnostic>,
) {
    let pos = key_pos("book", "languages");
    if book.languages.len() > MAX_LANGUAGES {
        diags.push(
            Diagnostic::error(
                CONFIG_FILE,
                pos,
                format!(
                    "`languages` lists {} languages; a site has at most {MAX_LANGUAGES}",
                    book.languages.len()
                ),
            )
            .with_help(
                "each language is a copy of every page, and each page links every language's \
                 version of it: list the languages the site is translated into",
            ),
        );
        return;
    }
    let mut seen: Vec<String> = Vec::new();
    for (i, l) in book.languages.iter().enumerate() {
        if !crate::core::rules::is_language_tag(l) {
            diags.push(not_a_tag(l, "languages", item_pos(i)));
        } else if seen.contains(&l.to_ascii_lowercase()) {
            diags.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    item_pos(i),
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
        // Its own language's, or serving a variety (`es` for `es-419`).
        if book.languages().iter().any(|l| crate::core::lang::same_line(l, lang)) {
            continue;
        }
        let pos = key_pos(&format!("book.translations.{lang}"), "");
        let message = format!("[book.translations.{lang}] is for a language not in `languages`");
        diags.push(match crate::core::lang::meant_site_language(lang, &book.languages()) {
            Some(m) => Diagnostic::error(CONFIG_FILE, pos, message)
                .with_help(format!("did you mean [book.translations.{m}]?")),
            // A language left out for now: its texts wait.
            None if crate::core::rules::is_language_tag(lang) => {
                Diagnostic::warning(CONFIG_FILE, pos, format!("{message}: it is left out"))
                    .with_help(format!(
                        "add \"{lang}\" to `languages` in [book] to publish it, or remove the table"
                    ))
            }
            None => Diagnostic::error(CONFIG_FILE, pos, message)
                .with_help("name the table after a language tag of `languages`"),
        });
    }
}

/// Warnings for site languages CLDR does not know (`jp`, `xx-bogus`): a
/// valid tag's shape, but no language's, so pages get no plural rules,
/// dates or names of their own. A country's code gets its language as a
/// suggestion (`jp` → `ja`).
pub(super) fn unknown_languages(
    book: &Book,
    key_pos: &dyn Fn(&str, &str) -> Pos,
    item_pos: &dyn Fn(usize) -> Pos,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let listed = book.languages.iter().enumerate().map(|(i, l)| (l, "languages", Some(i)));
    for (l, key, item) in std::iter::once((&book.language, "language", None)).chain(listed) {
        let lang = crate::core::lang::primary(l);
        if !crate::core::rules::is_language_tag(l)
            || crate::core::lang::is_known_language(l)
            || out.iter().any(|(seen, _): &(String, Diagnostic)| *seen == lang)
        {
            continue;
        }
        let named = crate::core::lang::tag_for_name(l);
        let help = match (named, crate::core::lang::language_of_country(l)) {
            // A language's name (`english`, `Français`).
            (Some(meant), _) => {
                format!("did you mean \"{meant}\"? Write the language's tag, not its name")
            }
            (None, Some(meant)) => format!(
                "did you mean \"{meant}\"? `{lang}` is a country's code; a language tag starts \
                 with an ISO 639 language code"
            ),
            (None, None) => {
                "use an ISO 639 language code, such as \"ja\", \"ko\", \"hi\" or \"he\" \
                     (the IANA language subtag registry lists them)"
                    .to_owned()
            }
        };
        let d = Diagnostic::warning(
            CONFIG_FILE,
            item.map_or_else(|| key_pos("book", key), item_pos),
            format!(
                "`{l}` in `{key}` is not a language CLDR knows: its pages have no plural \
                 rules, numbers, dates or interface strings of their own"
            ),
        )
        .with_help(help);
        out.push((lang, d));
    }
    out.into_iter().map(|(_, d)| d).collect()
}
