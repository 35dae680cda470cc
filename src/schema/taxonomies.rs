//! `_taxonomies.yaml` → taxonomies and their terms (labels, aliases, bloc
//! members, translations).

use std::collections::BTreeMap;

use super::mapping::MapCheck;
use super::{check_name, label_of, translations};
use crate::core::diag::{Diagnostic, Diagnostics, Pos};
use crate::core::rules::is_id;
use crate::core::yaml::{Node, NodeKind};
use crate::load::YamlFile;
use crate::model::{Taxonomy, Term, TermText};

const TAXONOMY_KEYS: &[&str] = &["title", "description", "terms", "translations"];
const TERM_KEYS: &[&str] = &["label", "description", "aliases", "members", "translations"];

pub(super) fn taxonomies(
    file: &YamlFile,
    languages: &[String],
    diags: &mut Diagnostics,
) -> BTreeMap<String, Taxonomy> {
    let mut out = BTreeMap::new();
    if matches!(file.node.kind, NodeKind::Null) {
        return out;
    }
    let mc = MapCheck { path: &file.path, what: "_taxonomies.yaml" };
    for (name, v, pos) in mc.entries(&file.node, diags) {
        check_name(name, &file.path, pos, "taxonomy", diags);
        let tm = MapCheck { path: &file.path, what: "a taxonomy" };
        let mut tax = Taxonomy {
            name: name.to_owned(),
            title: label_of(name),
            terms: BTreeMap::new(),
            translations: BTreeMap::new(),
        };
        let mut has_terms = false;
        for (k, tv, kpos) in tm.entries(v, diags) {
            match k {
                "title" => tax.title = tm.string(k, tv, diags).unwrap_or(tax.title),
                "description" => {
                    let _ = tm.string(k, tv, diags);
                }
                "translations" => {
                    let parsed = translations::parse(&file.path, tv, &["title"], languages, diags);
                    for (lang, mut t) in parsed {
                        if let Some(title) = t.remove("title") {
                            tax.translations.insert(lang, title);
                        }
                    }
                }
                "terms" => {
                    has_terms = true;
                    let termm = MapCheck { path: &file.path, what: "`terms`" };
                    let mut names = BTreeMap::new();
                    for (id, def, ipos) in termm.entries(tv, diags) {
                        if let Some(term) = term(id, def, ipos, &file.path, languages, diags) {
                            shared_names(name, &term, (&file.path, ipos), &mut names, diags);
                            tax.terms.insert(id.to_owned(), term);
                        }
                    }
                }
                other => tm.unknown(other, kpos, TAXONOMY_KEYS, diags),
            }
        }
        if !has_terms && v.as_map().is_some() {
            diags.push(
                Diagnostic::error(&file.path, pos, format!("the taxonomy `{name}` has no `terms`"))
                    .with_help("add `terms:` with one `id: {label: …}` entry per term"),
            );
        }
        out.insert(name.to_owned(), tax);
    }
    out
}

/// How to declare `value` as a term of taxonomy `tax`, for a record that
/// names one that is not there: by that id, or, for a label typed where
/// an id goes (`Unknown Term`), by an id with the label beside it.
pub fn declaration_help(tax: &str, value: &str) -> String {
    if is_id(value) {
        return format!("declare `{value}` under `{tax}: terms:` in content/_taxonomies.yaml");
    }
    let id = crate::markdown::id_example(value);
    let label = value.replace('\\', "\\\\").replace('"', "\\\"");
    format!(
        "declare it under `{tax}: terms:` in content/_taxonomies.yaml by an id, \
         `{id}: {{label: \"{label}\"}}`, and write `{id}` here"
    )
}

fn term(
    id: &str,
    def: &Node,
    pos: Pos,
    path: &str,
    languages: &[String],
    diags: &mut Diagnostics,
) -> Option<Term> {
    if !is_id(id) {
        diags.push(
            Diagnostic::error(path, pos, format!("`{id}` is not a valid term id")).with_help(
                format!(
                    "use lower-case letters, digits and single hyphens, e.g. `{}`",
                    crate::markdown::id_example(id)
                ),
            ),
        );
        return None;
    }
    let mut t = Term {
        id: id.to_owned(),
        label: label_of(id),
        description: None,
        aliases: Vec::new(),
        members: Vec::new(),
        translations: BTreeMap::new(),
    };
    let mc = MapCheck { path, what: "a term" };
    // Shorthand: `paperless-trade: Paperless trade`.
    if let Some(label) = def.scalar_text() {
        mc.text("the label", &label, def.pos, crate::core::rules::MAX_TITLE_CHARS, diags);
        t.label = label;
        return Some(t);
    }
    if matches!(def.kind, NodeKind::Null) {
        return Some(t);
    }
    for (k, v, kpos) in mc.entries(def, diags) {
        match k {
            "label" => t.label = mc.string(k, v, diags).unwrap_or(t.label),
            "description" => t.description = mc.string(k, v, diags),
            "aliases" => {
                for (alias, apos) in mc.strings(k, v, diags) {
                    if t.aliases.iter().any(|a| a.eq_ignore_ascii_case(&alias)) {
                        diags.push(twice(path, apos, &alias, "aliases"));
                    } else {
                        t.aliases.push(alias);
                    }
                }
            }
            "translations" => {
                for (lang, mut tt) in
                    translations::parse(path, v, &["label", "description"], languages, diags)
                {
                    let text = TermText {
                        label: tt.remove("label"),
                        description: tt.remove("description"),
                    };
                    t.translations.insert(lang, text);
                }
            }
            "members" => {
                for (code, cpos) in mc.strings(k, v, diags) {
                    if t.members.contains(&code) {
                        diags.push(twice(path, cpos, &code, "members"));
                    } else if crate::core::countries::is_alpha3(&code) {
                        t.members.push(code);
                    } else {
                        diags.push(
                            Diagnostic::error(
                                path,
                                cpos,
                                format!("`{code}` in `members` is not an ISO 3166-1 alpha-3 country code"),
                            )
                            .with_help(members_help(&code)),
                        );
                    }
                }
            }
            other => mc.unknown(other, kpos, TERM_KEYS, diags),
        }
    }
    // A region stands where a country code may (`countries`, `compare`):
    // one with a code's id would hide that country.
    let upper = id.to_ascii_uppercase();
    let code = match upper.len() {
        3 if crate::core::countries::is_alpha3(&upper) => Some(upper.clone()),
        2 => crate::core::countries::lookup(&upper).map(str::to_owned),
        _ => None,
    };
    if let (false, Some(code)) = (t.members.is_empty(), code) {
        diags.push(
            Diagnostic::error(
                path,
                pos,
                format!(
                    "the region `{id}` has the id of a country code (`{upper}`, {}): a country \
                     field or `compare {upper}` could not tell them apart",
                    crate::core::countries::name(&code).unwrap_or(&code)
                ),
            )
            .with_help(format!("rename the region, e.g. `{id}-region`")),
        );
        return None;
    }
    Some(t)
}

// A value written twice in a list: the second is the mistake (a copy or
// a typo of another value), so it is where the error points.
/// Warns when `term`'s id, label or an alias names an earlier term of
/// `taxonomy` too (`names`: each folded name and the term it names): a
/// filter or query naming it (`topics:shared`) finds one term's records
/// only, and which one is not the reader's to know.
fn shared_names(
    taxonomy: &str,
    term: &Term,
    (path, at): (&str, Pos),
    names: &mut BTreeMap<String, String>,
    diags: &mut Diagnostics,
) {
    let mine = [term.id.as_str(), term.label.as_str()].into_iter();
    let mut warned = false;
    for name in mine.chain(term.aliases.iter().map(String::as_str)) {
        let folded = name.to_lowercase();
        match names.get(&folded) {
            Some(other) if *other != term.id && !warned => {
                warned = true;
                diags.push(
                    Diagnostic::warning(
                        path,
                        at,
                        format!(
                            "`{name}` names two terms of `{taxonomy}`: `{other}` and `{}`",
                            term.id
                        ),
                    )
                    .with_help(
                        "a filter or query naming it finds only one of them: give each term \
                         labels and aliases of its own",
                    ),
                );
            }
            Some(_) => {}
            None => {
                names.insert(folded, term.id.clone());
            }
        }
    }
}

/// How to mend `code`, which is no country code, in a bloc's `members`.
fn members_help(code: &str) -> String {
    use crate::core::countries;
    if let Some(help) = countries::withdrawn_help(code) {
        return help;
    }
    if let Some(s) = countries::suggest(code) {
        return format!("did you mean `{s}`?");
    }
    if is_id(code) && code.len() > 3 {
        // A bloc's id, most likely: blocs hold countries only.
        return format!(
            "members are countries, not blocs: list the country codes of `{code}` themselves"
        );
    }
    "use ISO 3166-1 alpha-3 codes such as KEN or FRA".into()
}

fn twice(path: &str, at: Pos, value: &str, list: &str) -> Diagnostic {
    Diagnostic::error(path, at, format!("`{value}` is listed twice in `{list}`"))
        .with_help("remove this one")
}
