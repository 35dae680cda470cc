//! What refuses a site theme's templates, each at its template and place,
//! all found in one pass: chains of `extends` that loop, recursion among
//! macros and includes, names tera does not have, and templates whose
//! memory can grow without bound.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{Result, bail};
use tera::Tera;

use crate::core::diag::Pos;

use super::theme::{Origin, Theme};
use super::theme_check::{self, Unit};
use super::theme_error::FileError;

/// What refuses a template: (template, where in it, what is wrong).
pub type Refusal = (String, Pos, String);

/// Templates whose `extends` chain comes back to a template already on it
/// (`base.html` extending `base.html`). tera recurses without end on a
/// chain that loops back short of where it started, so these are found
/// before tera sees the templates. `overriding`: the site templates that
/// replace a built-in one, which the help points at (`default/NAME`).
pub fn find_loops(
    parsed: &[(&str, &tera::Template, &str)],
    overriding: &BTreeSet<String>,
) -> Vec<Refusal> {
    let parent: BTreeMap<&str, &str> =
        parsed.iter().filter_map(|(n, t, _)| Some((*n, t.parent.as_deref()?))).collect();
    let source: BTreeMap<&str, &str> = parsed.iter().map(|(n, _, s)| (*n, *s)).collect();
    let mut out = Vec::new();
    let mut reported: BTreeSet<&str> = BTreeSet::new();
    for (name, _, _) in parsed {
        // Walk up from `name`; a loop is reported once, at the template
        // whose `extends` closes it.
        let mut chain: Vec<&str> = vec![name];
        let mut at = *name;
        while let Some(&up) = parent.get(at) {
            if let Some(i) = chain.iter().position(|c| *c == up) {
                if !reported.contains(at) {
                    reported.extend(chain[i..].iter().copied());
                    let shown: Vec<String> = chain[i..]
                        .iter()
                        .chain(std::iter::once(&up))
                        .map(|n| format!("`{n}`"))
                        .collect();
                    let mut what = if at == up {
                        format!("the template extends itself (`{up}`)")
                    } else {
                        format!("the templates extend each other: {}", shown.join(" -> "))
                    };
                    if at == up && overriding.contains(up) {
                        what.push_str(&format!(
                            "; to build on the built-in `{up}`, write {{% extends \"default/{up}\" %}}"
                        ));
                    }
                    let pos = source.get(at).map_or(Pos::START, |s| theme_check::quoted_at(s, up));
                    out.push((at.to_owned(), pos, what));
                }
                break;
            }
            chain.push(up);
            at = up;
        }
    }
    out
}

/// Recursion, unknown names and unbounded growth in the compiled theme,
/// each at its template (`sources`: each template's text, for positions).
pub fn find_refused(tera: &Tera, sources: &BTreeMap<String, String>) -> Vec<Refusal> {
    let mut out = Vec::new();
    if let Some(cycle) = theme_check::find_cycle(tera)
        && let Some(Unit::Top(first) | Unit::Macro(first, _) | Unit::Imports(first)) = cycle.first()
    {
        let what = theme_check::explain(&cycle, |name| format!("`{name}`"));
        // At the include, import or call that leads to the next step.
        let pos = sources.get(first).map_or(Pos::START, |src| match cycle.get(1) {
            Some(Unit::Top(next) | Unit::Imports(next)) => theme_check::quoted_at(src, next),
            Some(Unit::Macro(_, name)) => {
                theme_check::first_use(src, &format!("the function `{name}`"))
            }
            None => Pos::START,
        });
        out.push((first.clone(), pos, what));
    }
    for (name, what) in theme_check::find_unknown(tera) {
        let pos = sources.get(&name).map_or(Pos::START, |src| theme_check::first_use(src, &what));
        let near_template = what.starts_with("the included template").then(|| {
            let name = what.split('`').nth(1).unwrap_or("");
            crate::core::diag::did_you_mean(name, tera.templates.keys().map(String::as_str))
                .map(|n| format!("did you mean `{n}`?"))
        });
        let what = match near_template.flatten().or_else(|| instead(&what)) {
            Some(hint) => format!("{what}: {hint}"),
            None => what,
        };
        out.push((name, pos, what));
    }
    for (name, why) in super::theme_growth::find_all(tera) {
        let pos = sources.get(&name).map_or(Pos::START, |src| growth_at(src, &why));
        out.push((name, pos, format!("the template can use memory without bound: {why}")));
    }
    out
}

/// Macro calls whose file does not define the macro: a site's
/// `macros.html` that replaces the built-in one without `groups`, which
/// the built-in `term.html` calls. tera finds these only when a page
/// renders. Blamed on the macro file where it is the site's and the
/// caller built-in (the caller cannot be edited), one refusal naming every
/// macro it lacks; otherwise on the call.
pub fn missing_macros(
    tera: &Tera,
    sources: &BTreeMap<String, String>,
    is_site: &dyn Fn(&str) -> bool,
) -> Vec<Refusal> {
    let mut names: Vec<&String> = tera.templates.keys().collect();
    names.sort();
    // A site's macro file → the macros built-in templates need of it, and who.
    let mut lacking: BTreeMap<&str, BTreeMap<&str, BTreeSet<&str>>> = BTreeMap::new();
    let mut out = Vec::new();
    for caller in names {
        let tpl = &tera.templates[caller];
        for (ns, name) in theme_check::macro_calls(tpl) {
            let file = match ns {
                "self" => caller.as_str(),
                _ => match tpl.imported_macro_files.iter().find(|(_, n)| n == ns) {
                    Some((f, _)) => f.as_str(),
                    None => continue,
                },
            };
            let Some(defining) = tera.templates.get(file) else { continue };
            if defining.macros.contains_key(name) {
                continue;
            }
            if is_site(file) && !is_site(caller) {
                lacking.entry(file).or_default().entry(name).or_default().insert(caller);
            } else {
                let call = format!("{ns}::{name}");
                let pos = sources.get(caller).map_or(Pos::START, |src| {
                    src.find(&call).map_or(Pos::START, |at| theme_check::pos_at(src, at))
                });
                out.push((caller.clone(), pos, format!("the macro `{call}` is not in `{file}`")));
            }
        }
    }
    for (file, macros) in lacking {
        let list: Vec<String> = macros
            .iter()
            .map(|(m, callers)| {
                let by: Vec<String> = callers.iter().map(|c| format!("`{c}`")).collect();
                format!("`{m}` (called by {})", by.join(", "))
            })
            .collect();
        out.push((
            file.to_owned(),
            Pos::START,
            format!(
                "this file replaces the built-in `{file}` without macros built-in templates call: \
                 {}; copy them from the built-in one (themes/default/{file} in Compendium's \
                 sources), or replace the templates that call them too",
                list.join("; ")
            ),
        ));
    }
    out
}

/// What is wrong with template `name` at `pos`: added to `refused` at
/// its file and place for a site theme's template; an error naming the
/// built-in one (a defect of the program, not of the site) otherwise.
pub(super) fn refuse(
    templates: &BTreeMap<String, Origin>,
    name: &str,
    pos: Pos,
    what: String,
    refused: &mut Vec<FileError>,
) -> Result<()> {
    match templates.get(name) {
        Some(Origin::Site(path)) => {
            refused.push(FileError::new(path, pos, &what));
            Ok(())
        }
        origin => {
            let shown = origin.map_or(format!("`{name}`"), |o| o.describe(name));
            bail!("theme template {shown}: {what}")
        }
    }
}

/// The site theme's templates that replace a built-in one of the same
/// name (`base.html`): extending that name from itself means the
/// built-in one, which is `default/NAME`.
pub(super) fn templates_overriding(templates: &BTreeMap<String, Origin>) -> BTreeSet<String> {
    templates
        .iter()
        .filter(|(name, origin)| {
            matches!(origin, Origin::Site(_)) && Theme::built_in_file(name).is_some()
        })
        .map(|(name, _)| name.clone())
        .collect()
}

/// Where in `source` what [`super::theme_growth`] says (`why`) starts: the
/// `set` it names, or the first `range(`.
fn growth_at(source: &str, why: &str) -> Pos {
    let set = why.strip_prefix("`{% set ").and_then(|rest| rest.split(' ').next());
    let found = match set {
        Some(key) => {
            regex::Regex::new(&format!(r"\{{%-?\s*set(?:_global)?\s+{}\s*=", regex::escape(key)))
                .ok()
                .and_then(|re| re.find(source))
                .map(|m| m.start())
        }
        None if why.contains("`range`") => source.find("range("),
        None => None,
    };
    found.map_or(Pos::START, |at| theme_check::pos_at(source, at))
}

/// What to write instead of a filter or function a designer expects from
/// tera's documentation or from Jinja and Hugo, which Compendium's
/// templates do not have.
fn instead(what: &str) -> Option<String> {
    let name = what.split('`').nth(1)?;
    let filter = what.starts_with("the filter");
    if !filter && !what.starts_with("the function") {
        return None;
    }
    let hint = match name {
        "date" if filter => "write `format_date(lang=lang)`, which writes a date as the page's \
                             language does"
            .to_owned(),
        "now" | "get_random" => "a page is the same bytes from the same content, so templates \
                                 have no clock and no random numbers"
            .to_owned(),
        "slugify" | "filesizeformat" if filter => format!(
            "Compendium's templates do not have tera's optional `{name}` (the README's Themes \
             section lists what they have)"
        ),
        _ => {
            let known: &[&str] = if filter { FILTERS } else { FUNCTIONS };
            let near = SYNONYMS.iter().find(|(from, _)| *from == name).map(|(_, to)| *to).or_else(
                || {
                    // Closer than `did_you_mean` asks: a made-up name is
                    // better left without a guess than sent to `filter`.
                    known
                        .iter()
                        .map(|k| (strsim::jaro_winkler(name, k), *k))
                        .filter(|(score, _)| *score >= 0.9)
                        .max_by(|a, b| a.0.total_cmp(&b.0))
                        .map(|(_, k)| k)
                },
            )?;
            format!("did you mean `{near}`?")
        }
    };
    Some(hint)
}

/// The filters a template can use: tera's own (without its optional
/// `builtins`) and Compendium's.
const FILTERS: &[&str] = &[
    "abs",
    "addslashes",
    "as_str",
    "capitalize",
    "concat",
    "default",
    "escape",
    "escape_xml",
    "filter",
    "first",
    "float",
    "format_date",
    "get",
    "group_by",
    "humanize",
    "indent",
    "int",
    "join",
    "json_encode",
    "last",
    "length",
    "linebreaksbr",
    "lower",
    "map",
    "nth",
    "pluralize",
    "replace",
    "reverse",
    "round",
    "safe",
    "slice",
    "sort",
    "spaceless",
    "split",
    "striptags",
    "title",
    "trim",
    "trim_end",
    "trim_end_matches",
    "trim_start",
    "trim_start_matches",
    "truncate",
    "unique",
    "upper",
    "urlencode",
    "urlencode_strict",
    "wordcount",
];

/// The functions a template can use.
const FUNCTIONS: &[&str] = &["get_env", "i18n_json", "language_name", "range", "t", "throw"];

/// Names from other template languages, and what they are called here.
const SYNONYMS: &[(&str, &str)] = &[
    ("uppercase", "upper"),
    ("lowercase", "lower"),
    ("len", "length"),
    ("count", "length"),
    ("size", "length"),
    ("strip", "trim"),
    ("jsonify", "json_encode"),
    ("tojson", "json_encode"),
    ("translate", "t"),
    ("i18n", "t"),
];

/// `template` and every template it extends, includes or imports, at
/// any depth, in `sources` (see [`super::Theme::dependencies`]).
pub(super) fn dependencies(sources: &BTreeMap<String, String>, template: &str) -> BTreeSet<String> {
    static TAG: std::sync::OnceLock<Option<regex::Regex>> = std::sync::OnceLock::new();
    let tag = TAG.get_or_init(|| {
        regex::Regex::new(r#"\{%-?\s*(?:extends|include|import)\s+(\[[^\]]*\]|"[^"]*"|'[^']*')"#)
            .ok()
    });
    let mut seen = BTreeSet::new();
    let mut todo = vec![template.to_owned()];
    while let Some(name) = todo.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let (Some(source), Some(tag)) = (sources.get(&name), tag) else { continue };
        for m in tag.captures_iter(source) {
            let names = m.get(1).map_or("", |g| g.as_str());
            for quoted in names.split(',') {
                let n = quoted.trim().trim_matches(|c| c == '[' || c == ']').trim();
                let n = n.trim_matches(|c| c == '"' || c == '\'');
                if !n.is_empty() {
                    todo.push(n.to_owned());
                }
            }
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(files: &[(&'static str, &'static str)]) -> Vec<tera::Template> {
        files.iter().map(|(n, s)| tera::Template::new(n, None, s).expect("parses")).collect()
    }

    fn loops(files: &[(&'static str, &'static str)], overriding: &[&str]) -> Vec<Refusal> {
        let templates = parsed(files);
        let with: Vec<(&str, &tera::Template, &str)> =
            templates.iter().zip(files).map(|(t, (n, s))| (*n, t, *s)).collect();
        find_loops(&with, &overriding.iter().map(|s| (*s).to_owned()).collect())
    }

    #[test]
    fn a_template_extending_itself_is_refused_with_the_way_to_the_built_in_one() {
        let got = loops(
            &[
                ("base.html", "{# mine #}\n{% extends \"base.html\" %}"),
                ("record.html", "{% extends \"base.html\" %}"),
            ],
            &["base.html"],
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!((got[0].0.as_str(), got[0].1), ("base.html", Pos::new(2, 12)));
        assert!(got[0].2.contains("extends itself"), "{}", got[0].2);
        assert!(got[0].2.contains("{% extends \"default/base.html\" %}"), "{}", got[0].2);
    }

    #[test]
    fn templates_extending_each_other_are_one_refusal() {
        let got = loops(
            &[
                ("a.html", "{% extends \"b.html\" %}"),
                ("b.html", "{% extends \"a.html\" %}"),
                ("c.html", "{% extends \"a.html\" %}"),
            ],
            &[],
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].2.contains("`a.html` -> `b.html` -> `a.html`"), "{}", got[0].2);
        assert!(!got[0].2.contains("default/"), "{}", got[0].2);
    }

    #[test]
    fn missing_names_get_what_to_write_instead() {
        let hint = |what: &str| instead(what).unwrap_or_default();
        assert!(hint("the filter `date` does not exist").contains("format_date"));
        assert!(hint("the function `now` does not exist").contains("no clock"));
        assert_eq!(hint("the filter `uppercase` does not exist"), "did you mean `upper`?");
        assert_eq!(hint("the filter `lenght` does not exist"), "did you mean `length`?");
        assert_eq!(instead("the filter `zzzz` does not exist"), None);
        assert_eq!(instead("the test `lenght` does not exist"), None);
    }
}
