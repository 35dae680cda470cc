//! `translations:` in `_collection.yaml` and `_taxonomies.yaml`: a
//! collection's, taxonomy's or term's texts by language.

use std::collections::BTreeMap;

use super::mapping::MapCheck;
use crate::core::diag::{Diagnostic, Diagnostics};
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
    let mc = MapCheck { path, what: "`translations`" };
    for (lang, texts, pos) in mc.entries(node, diags) {
        let site_lang = languages.iter().find(|l| l.eq_ignore_ascii_case(lang));
        let Some(site_lang) = site_lang else {
            let help = if crate::core::rules::is_language_tag(lang) {
                format!(
                    "add \"{lang}\" to `languages` in book.toml's [book] (now \"{}\"), or remove this entry",
                    languages.join("\", \"")
                )
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
        out.insert(site_lang.clone(), map);
    }
    out
}
