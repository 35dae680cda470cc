//! `translations:` in `_collection.yaml` and `_taxonomies.yaml`: a
//! collection's, taxonomy's or term's texts by language.

use std::collections::BTreeMap;

use super::mapping::MapCheck;
use crate::core::diag::{Diagnostic, Diagnostics, Pos};
use crate::core::yaml::Node;

/// Reads `translations: {LANG: {KEY: text}}` where each KEY is one of
/// `keys`; every language must be one of the site's `languages`.
pub fn parse(
    path: &str,
    node: &Node,
    keys: &[&str],
    languages: &[String],
    diags: &mut Diagnostics,
) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for (site_lang, texts) in languages_of(path, node, languages, diags) {
        let tm = MapCheck { path, what: "a translation" };
        let mut map = BTreeMap::new();
        for (k, v, kpos) in tm.entries(texts, diags) {
            if keys.contains(&k) {
                if let Some(s) = tm.string(k, v, diags).filter(|s| !s.trim().is_empty()) {
                    map.insert(k.to_owned(), s);
                }
            } else {
                tm.unknown(k, kpos, keys, diags);
            }
        }
        out.insert(site_lang, map);
    }
    out
}

/// A field's `translations: {LANG: {label, values: {VALUE: label}}}`.
#[derive(Default)]
pub struct FieldTexts<'n> {
    /// The field's label.
    pub label: Option<String>,
    /// Its enum values' labels, with the position of each value's key
    /// (checked against the values by the caller).
    pub values: Vec<(&'n str, String, Pos)>,
    /// Where `values:` was written.
    pub values_pos: Option<Pos>,
}

/// Reads a field's `translations`; every language must be one of the
/// site's `languages`.
pub fn field<'n>(
    path: &str,
    node: &'n Node,
    languages: &[String],
    diags: &mut Diagnostics,
) -> BTreeMap<String, FieldTexts<'n>> {
    const KEYS: &[&str] = &["label", "values"];
    let mut out = BTreeMap::new();
    for (site_lang, texts) in languages_of(path, node, languages, diags) {
        let tm = MapCheck { path, what: "a translation" };
        let mut t = FieldTexts::default();
        for (k, v, kpos) in tm.entries(texts, diags) {
            match k {
                "label" => t.label = tm.string(k, v, diags).filter(|s| !s.trim().is_empty()),
                "values" => {
                    t.values_pos = Some(kpos);
                    t.values = labels(path, v, "a translation's `values`", diags);
                }
                _ => tm.unknown(k, kpos, KEYS, diags),
            }
        }
        out.insert(site_lang, t);
    }
    out
}

/// A mapping of enum values to their labels (`value-labels`, a
/// translation's `values`): each entry with its key's position; blank
/// labels are dropped.
pub fn labels<'n>(
    path: &str,
    node: &'n Node,
    what: &str,
    diags: &mut Diagnostics,
) -> Vec<(&'n str, String, Pos)> {
    let mc = MapCheck { path, what };
    let mut out = Vec::new();
    for (k, v, kpos) in mc.entries(node, diags) {
        if let Some(s) = mc.string(k, v, diags).filter(|s| !s.trim().is_empty()) {
            out.push((k, s, kpos));
        }
    }
    out
}

/// The entries of a `translations:` mapping whose key is one of the site's
/// `languages` (spelt as `languages` spells it); the others are reported.
fn languages_of<'n>(
    path: &str,
    node: &'n Node,
    languages: &[String],
    diags: &mut Diagnostics,
) -> Vec<(String, &'n Node)> {
    use crate::core::lang::{is_other_variety, meant_site_language, same_line};
    let mut out = Vec::new();
    let mc = MapCheck { path, what: "`translations`" };
    let entries = mc.entries(node, diags);
    let exact = |site: &str| entries.iter().any(|(l, _, _)| l.eq_ignore_ascii_case(site));
    for &(lang, texts, pos) in &entries {
        // Its own language, else one it is a variety of or that is a
        // variety of it (`es` serves `es-419` pages, `fr-FR` `fr` ones)
        // where the mapping has nothing in that language itself.
        let site_lang = languages
            .iter()
            .find(|l| l.eq_ignore_ascii_case(lang))
            .or_else(|| languages.iter().find(|l| same_line(l, lang) && !exact(l)));
        let Some(site_lang) = site_lang else {
            let site: Vec<&str> = languages.iter().map(String::as_str).collect();
            let meant = meant_site_language(lang, &site);
            // Another variety of a site language (`pt-PT` beside `pt-BR`,
            // `zh-Hans` beside `zh-Hant`) is a language left out, not a typo.
            // So is one whose site variety has texts of its own (`es`
            // beside `es-419`): those serve its pages.
            let variety = meant.is_some_and(|m| is_other_variety(lang, m) || same_line(lang, m));
            let help = if let Some(m) = meant.filter(|_| !variety) {
                format!("did you mean `{m}`?")
            } else if crate::core::rules::is_language_tag(lang) {
                // A language the site leaves out for now (its translators
                // behind): its texts wait, said once a file, not an error
                // at each of hundreds of labels.
                diags.push_once(
                    Diagnostic::warning(
                        path,
                        pos,
                        format!(
                            "`{lang}` is not one of the site's languages: this file's `{lang}` \
                             translations are left out"
                        ),
                    )
                    .with_help(format!(
                        "add \"{lang}\" to `languages` in book.toml's [book] (now \"{}\") to \
                         publish them, or remove them",
                        languages.join("\", \"")
                    )),
                );
                continue;
            } else {
                "translations are keyed by language tags such as `fr`, `ar` or `zh`".to_owned()
            };
            diags.push(
                Diagnostic::error(
                    path,
                    pos,
                    format!("`{lang}` in `translations` is not one of the site's languages"),
                )
                .with_help(help),
            );
            continue;
        };
        out.push((site_lang.clone(), texts));
    }
    out
}
