//! A theme folder the site does not use.
//!
//! Pages use the built-in theme unless `[build] theme` names a folder of
//! `themes/`. A Hugo or Zola user who copies `themes/default/` (or writes
//! `themes/mine/`) and edits it, without naming it, sees none of the edits
//! and no error; `check` and `build` say why. The shipped knowledge base
//! keeps the built-in theme's sources in `themes/default/`: a file equal to
//! the built-in one it mirrors changes nothing, so it is not reported.

use std::path::Path;

use crate::config::{CONFIG_FILE, Project};
use std::collections::{BTreeMap, BTreeSet};

use crate::core::diag::{Diagnostic, Pos, did_you_mean, rel_path};

use super::i18n::BUILT_IN;
use super::theme::{DEFAULT_PREFIX, Theme};

/// The folder themes live in, under the project root.
const THEMES: &str = "themes";

/// One warning per folder of `themes/` holding a file that would change the
/// pages, when `book.toml` names no theme.
pub fn warnings(project: &Project) -> Vec<Diagnostic> {
    if project.theme_dir.is_some() {
        return Vec::new();
    }
    let Ok(entries) = std::fs::read_dir(project.root.join(THEMES)) else { return Vec::new() };
    let mut folders: Vec<_> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| Some((e.file_name().to_str()?.to_owned(), e.path())))
        .filter(|(name, _)| !name.starts_with('.'))
        .collect();
    folders.sort();
    folders
        .into_iter()
        .filter_map(|(name, dir)| {
            let (first, count) = changed_files(project, &name, &dir)?;
            let (what, verb) = match count {
                1 => ("this file".to_owned(), ("differs", "is")),
                n => (
                    format!("this file and {} more of `{THEMES}/{name}/`", n - 1),
                    ("differ", "are"),
                ),
            };
            let edited = if name == "default" {
                format!(" {} from the built-in theme but", verb.0)
            } else {
                String::new()
            };
            Some(
                Diagnostic::warning(
                    first,
                    Pos::default(),
                    format!(
                        "{what}{edited} {} not used: {CONFIG_FILE} names no theme, so pages use \
                         the built-in one",
                        verb.1
                    ),
                )
                .with_help(format!(
                    "add `theme = \"{name}\"` under `[build]` in {CONFIG_FILE} to use \
                     `{THEMES}/{name}/` (its files override the built-in theme's one by one), \
                     or delete the folder"
                )),
            )
        })
        .collect()
}

/// The first file (path from the root) of a theme folder that would change
/// the pages, and how many do: every file, except in a `default` folder,
/// where a file equal to the built-in one of its name changes nothing (and
/// files the built-in theme does not have as theme files, such as the
/// search scripts it compiles in elsewhere, are not compared).
fn changed_files(project: &Project, name: &str, dir: &Path) -> Option<(String, usize)> {
    let max = project.config.limits.max_file_bytes;
    let walk = walkdir::WalkDir::new(dir).sort_by_file_name().into_iter();
    let mut first = None;
    let mut count = 0;
    for entry in walk
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .flatten()
        .filter(|e| e.file_type().is_file())
    {
        let Ok(inner) = entry.path().strip_prefix(dir) else { continue };
        let inner = inner.to_string_lossy().replace('\\', "/");
        if name == "default" {
            let built_in = Theme::built_in_file(&inner).or_else(|| {
                let lang = inner.strip_prefix("i18n/")?.strip_suffix(".toml")?;
                BUILT_IN.iter().find(|(l, _)| *l == lang).map(|(_, t)| t.as_bytes())
            });
            let changed = match built_in {
                Some(bytes) => crate::core::confine::read_file(&project.root, entry.path(), max)
                    .map_or(true, |b| b != bytes),
                None => inner.ends_with(".html"),
            };
            if !changed {
                continue;
            }
        }
        count += 1;
        first.get_or_insert_with(|| rel_path(&project.root, entry.path()));
    }
    Some((first?, count))
}

/// A warning for each file of the site theme `theme` that the build does
/// not read (a theme's files are its templates, `assets/`, `i18n/LANG.toml`
/// and `robots.txt`): a Hugo or Zola user's `favicon.ico` or `style.css`
/// beside the templates is otherwise left out in silence. At most
/// [`MAX_IGNORED`].
pub fn ignored_files(project: &Project, theme: &Path) -> Vec<Diagnostic> {
    let walk = walkdir::WalkDir::new(theme).sort_by_file_name().into_iter();
    let name = theme.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let mut out = Vec::new();
    let mut scripts: Vec<String> = Vec::new();
    for entry in walk
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .flatten()
        .filter(|e| e.file_type().is_file())
    {
        let Ok(inner) = entry.path().strip_prefix(theme) else { continue };
        let inner = inner.to_string_lossy().replace('\\', "/");
        let read = super::theme_dir::is_read(&inner);
        // A theme's own papers (Zola's and Hugo's themes ship them).
        let file = inner.rsplit('/').next().unwrap_or(&inner);
        let upper = file.to_ascii_uppercase();
        let papers = ["README", "LICENSE", "LICENCE", "COPYING", "CHANGELOG", "NOTICE"]
            .iter()
            .any(|p| upper.starts_with(p))
            || upper.ends_with(".MD")
            || ["theme.toml", "screenshot.png", "thumbnail.png"].contains(&file);
        if read || papers {
            continue;
        }
        if super::theme_dir::is_search_script(&inner) {
            scripts.push(rel_path(&project.root, entry.path()));
            continue;
        }
        if out.len() == MAX_IGNORED {
            break;
        }
        let help = if file.ends_with(".toml") && inner.starts_with("i18n/") {
            "a string file is named after a language tag: i18n/fr.toml, i18n/pt-BR.toml".to_owned()
        } else {
            format!(
                "a theme's files are its templates (*.html), assets/ (published under assets/, \
                 favicon.ico at the site's root), i18n/LANG.toml and robots.txt: to publish this \
                 one, move it to `{THEMES}/{name}/assets/{file}`"
            )
        };
        out.push(
            Diagnostic::warning(
                rel_path(&project.root, entry.path()),
                Pos::default(),
                "this theme file is not read: pages and the site do not use it",
            )
            .with_help(help),
        );
    }
    // A copy of the built-in theme has them all: one warning says it.
    if let Some(first) = scripts.first() {
        let what = match scripts.len() {
            1 => "this search script is".to_owned(),
            n => format!("this search script and {} more are", n - 1),
        };
        out.push(
            Diagnostic::warning(
                first.clone(),
                Pos::default(),
                format!(
                    "{what} not read: the search scripts are built in, written with the index \
                     they read"
                ),
            )
            .with_help(
                "change the search page through the theme's search.html and its styles; remove \
                 the copies to silence this",
            ),
        );
    }
    out
}

/// Most files [`ignored_files`] reports.
const MAX_IGNORED: usize = 10;
/// Blocks a site template that extends another defines at its top level
/// but no template it extends has (`{% block mian %}` for `main`): tera
/// renders only the parent's blocks, so the block's content never shows,
/// and nothing else says so. `templates`: the site theme's templates
/// (path from the project root, source), in the theme folder `theme`.
pub fn stray_blocks(
    templates: &[(String, String)],
    theme: &Path,
    project: &Project,
) -> Vec<Diagnostic> {
    let prefix = rel_path(&project.root, theme);
    let name_of =
        |path: &str| path.strip_prefix(&prefix).unwrap_or(path).trim_start_matches('/').to_owned();
    // Every template by name: the site's, then the built-in ones it does
    // not replace, and all built-in ones under `default/`.
    let mut parsed: BTreeMap<String, tera::Template> = BTreeMap::new();
    for (path, source) in templates {
        let name = name_of(path);
        if let Ok(t) = tera::Template::new(&name, None, source) {
            parsed.insert(name, t);
        }
    }
    for name in Theme::built_in_names().filter(|n| n.ends_with(".html")) {
        let Some(source) = Theme::built_in_file(name).and_then(|b| std::str::from_utf8(b).ok())
        else {
            continue;
        };
        for as_name in [name.to_owned(), format!("{DEFAULT_PREFIX}{name}")] {
            if !parsed.contains_key(&as_name)
                && let Ok(t) = tera::Template::new(&as_name, None, source)
            {
                parsed.insert(as_name, t);
            }
        }
    }
    let mut out = Vec::new();
    for (path, source) in templates {
        let Some(child) = parsed.get(&name_of(path)) else { continue };
        // The blocks of everything it extends (a loop is an error of its own).
        let mut known: BTreeSet<&str> = BTreeSet::new();
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let mut up = child.parent.as_deref();
        while let Some(name) = up.filter(|n| seen.insert(n)) {
            let Some(parent) = parsed.get(name) else { break };
            known.extend(parent.blocks.keys().map(String::as_str));
            up = parent.parent.as_deref();
        }
        let Some(parent) = child.parent.as_deref().filter(|_| !known.is_empty()) else { continue };
        for node in &child.ast {
            let tera::ast::Node::Block(_, block, _) = node else { continue };
            if known.contains(block.name.as_str()) {
                continue;
            }
            let at =
                regex::Regex::new(&format!(r"\{{%-?\s*block\s+{}\b", regex::escape(&block.name)))
                    .ok()
                    .and_then(|re| re.find(source))
                    .map_or(Pos::START, |m| super::theme_check::pos_at(source, m.start()));
            let list: Vec<&str> = known.iter().copied().collect();
            let help = match did_you_mean(&block.name, known.iter().copied()) {
                Some(near) => {
                    format!("did you mean `{near}`? The blocks `{parent}` has: {}", list.join(", "))
                }
                None => format!("the blocks `{parent}` has: {}", list.join(", ")),
            };
            out.push(
                Diagnostic::warning(
                    path.clone(),
                    at,
                    format!(
                        "`{parent}` has no block `{}`: what this block holds is never shown",
                        block.name
                    ),
                )
                .with_help(help),
            );
        }
    }
    out.extend(lost_blocks(templates, &parsed, &name_of));
    out
}

/// The other way round: built-in page templates the site does not replace,
/// whose chain reaches a site template (a `base.html` written from scratch)
/// that lacks a block they fill. What they hold is never shown: with
/// `main`, every such page is published empty, an error; another block
/// (`scripts`, `head`) a warning.
fn lost_blocks(
    templates: &[(String, String)],
    parsed: &BTreeMap<String, tera::Template>,
    name_of: &dyn Fn(&str) -> String,
) -> Vec<Diagnostic> {
    let site: BTreeMap<String, &str> =
        templates.iter().map(|(path, _)| (name_of(path), path.as_str())).collect();
    // (site template, block) → the built-in templates that fill it.
    let mut lost: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
    // The built-in templates pages use: those the site does not replace,
    // and those under `default/` a site template extends (its own
    // `record.html` on `default/record.html`, on its own `base.html`).
    let mut reached: BTreeSet<&str> = BTreeSet::new();
    for name in site.keys() {
        let mut up = parsed.get(name).and_then(|t| t.parent.as_deref());
        while let Some(n) = up.filter(|n| reached.insert(*n)) {
            up = parsed.get(n).and_then(|t| t.parent.as_deref());
        }
    }
    let built_in = Theme::built_in_names().filter(|n| n.ends_with(".html"));
    let mut candidates: Vec<&str> =
        reached.iter().copied().filter(|n| n.starts_with(DEFAULT_PREFIX)).collect();
    for n in built_in {
        if !site.contains_key(n) {
            candidates.push(n);
        }
    }
    for name in candidates {
        let Some((name, child)) = parsed.get_key_value(name) else { continue };
        let name = name.as_str();
        let (mut known, mut seen) = (BTreeSet::new(), BTreeSet::new());
        let mut first_site: Option<&str> = None;
        let mut up = child.parent.as_deref();
        while let Some(n) = up.filter(|n| seen.insert(*n)) {
            let Some((key, parent)) = parsed.get_key_value(n) else { break };
            if first_site.is_none() && site.contains_key(n) {
                first_site = Some(key.as_str());
            }
            known.extend(parent.blocks.keys().map(String::as_str));
            up = parent.parent.as_deref();
        }
        // A loop (`base.html` extending itself) is an error of its own.
        if up.is_some_and(|n| seen.contains(n)) {
            continue;
        }
        let Some(at) = first_site else { continue };
        for node in &child.ast {
            if let tera::ast::Node::Block(_, block, _) = node
                && !known.contains(block.name.as_str())
            {
                lost.entry((at, block.name.as_str())).or_default().push(name);
            }
        }
    }
    let blocks = |name: &str| {
        let mut b: Vec<&str> = parsed
            .get(&format!("{DEFAULT_PREFIX}{name}"))
            .map(|t| t.blocks.keys().map(String::as_str).collect())
            .unwrap_or_default();
        b.sort_unstable();
        b.join(", ")
    };
    lost.into_iter()
        .filter_map(|((at, block), children)| {
            let path = site.get(at)?;
            let list = children.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ");
            let fill = if children.len() == 1 { "fills" } else { "fill" };
            let (severity, what) = match block {
                "main" => (crate::core::diag::Severity::Error, "are published empty"),
                _ => (crate::core::diag::Severity::Warning, "lose what it holds"),
            };
            let message = format!(
                "the built-in {list} {fill} the block `{block}`, which this template (and what \
                 it extends) lacks: their pages {what}"
            );
            let help = format!(
                "add `{{% block {block} %}}{{% endblock {block} %}}` where it goes, or replace \
                 those templates too; the built-in `{at}` has the blocks {}",
                blocks(at)
            );
            let mut d =
                Diagnostic::warning((*path).to_owned(), Pos::START, message).with_help(help);
            d.severity = severity;
            Some(d)
        })
        .collect()
}
