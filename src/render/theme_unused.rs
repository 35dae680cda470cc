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
use crate::core::diag::{Diagnostic, Pos, rel_path};

use super::i18n::BUILT_IN;
use super::theme::Theme;

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
