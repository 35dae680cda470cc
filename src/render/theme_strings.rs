//! Warnings about the interface strings a site gets, for `check` and
//! `build`: site languages the theme has no strings for (their pages would
//! silently show English), keys of a site theme's string file that
//! nothing reads (a typo such as `serch-help` leaves the English text) or
//! that a template reads but no file defines, and a site theme's templates
//! that no page renders (`about.html`: there are no custom pages).

use std::path::Path;

use crate::config::{CONFIG_FILE, Project};
use crate::core::diag::{Diagnostic, Pos, did_you_mean, rel_path};

use super::i18n::{BUILT_IN, FALLBACK, I18n, LOCALE_KEY};

/// Every warning about `project`'s interface strings (none when its theme
/// does not load: that error is reported instead).
pub fn warnings(project: &Project) -> Vec<Diagnostic> {
    let theme = project.theme_dir.as_deref();
    let files = theme.map(|t| string_files(project, t)).unwrap_or_default();
    let mut out = super::theme_unused::warnings(project);
    if let Some(d) = missing_languages(project, &files) {
        out.push(d);
    }
    if let Some(t) = theme {
        let templates = template_sources(project, t);
        let english = I18n::built_in();
        let mut known: Vec<&str> = english.keys(FALLBACK).into_iter().map(|(k, _)| k).collect();
        known.push(LOCALE_KEY);
        // The site theme's own English file defines keys for its templates:
        // another language's file may translate them (a key of it no
        // template reads is reported once, in the English file).
        // Each string file's keys and each template's reads, found once.
        let parsed: Vec<Option<Vec<(String, Pos)>>> =
            files.iter().map(|(_, _, t)| keys_at(t)).collect();
        let all_parse = parsed.iter().all(Option::is_some);
        let keys: Vec<Vec<(String, Pos)>> =
            parsed.into_iter().map(Option::unwrap_or_default).collect();
        let reads: Vec<Vec<(String, Pos)>> = templates.iter().map(|(_, t)| keys_read(t)).collect();
        let is_english = |lang: &str| lang.eq_ignore_ascii_case(FALLBACK);
        let own: Vec<&str> = files
            .iter()
            .zip(&keys)
            .filter(|((l, _, _), _)| is_english(l))
            .flat_map(|(_, k)| k.iter().map(|(key, _)| key.as_str()))
            .collect();
        let read: Vec<&str> = reads.iter().flatten().map(|(k, _)| k.as_str()).collect();
        for ((lang, path, _), file_keys) in files.iter().zip(&keys) {
            let english_file = is_english(lang);
            for (key, pos) in file_keys {
                let quoted = [format!("\"{key}\""), format!("'{key}'")];
                if known.contains(&key.as_str())
                    || (!english_file && own.contains(&key.as_str()))
                    || templates.iter().any(|(_, t)| quoted.iter().any(|q| t.contains(q.as_str())))
                {
                    continue;
                }
                let candidates = known.iter().chain(&read).copied();
                let help = match did_you_mean(key, candidates) {
                    Some(k) => format!("did you mean `{k}`?"),
                    None => "the keys pages read are those of the built-in theme's \
                             i18n/en.toml; a key of your own must be read by one of the \
                             theme's templates"
                        .to_owned(),
                };
                out.push(
                    Diagnostic::warning(
                        path.clone(),
                        *pos,
                        format!("no template reads the string `{key}`: it is never shown"),
                    )
                    .with_help(help),
                );
            }
        }
        out.extend(unused_templates(&templates, t, project));
        out.extend(super::theme_unused::stray_blocks(&templates, t, project));
        out.extend(super::theme_unused::ignored_files(project, t));
        // And the other way: a template asking for a key no file defines
        // shows the key itself on its pages (`report-eror:`). Not while a
        // string file does not parse: its keys are unknown, and the error
        // that it does not parse is said.
        let defined: Vec<&str> = keys.iter().flatten().map(|(k, _)| k.as_str()).collect();
        for ((path, _), template_reads) in templates.iter().zip(&reads).filter(|_| all_parse) {
            for (key, pos) in template_reads {
                if known.contains(&key.as_str()) || defined.contains(&key.as_str()) {
                    continue;
                }
                let candidates = known.iter().chain(&defined).copied();
                let help = match did_you_mean(key, candidates) {
                    Some(k) => format!("did you mean `{k}`?"),
                    None => format!(
                        "add `{key} = \"…\"` to the theme's i18n/en.toml (and its other \
                         languages' files), or read one of the built-in keys"
                    ),
                };
                out.push(
                    Diagnostic::warning(
                        path.clone(),
                        *pos,
                        format!(
                            "the template reads the string `{key}`, which no string file \
                             defines: its pages show `{key}` instead"
                        ),
                    )
                    .with_help(help),
                );
            }
        }
    }
    out
}

/// One warning naming every site language that has no string file (nor a
/// shorter tag's: `zh-Hans` uses `zh`), so its pages show English.
fn missing_languages(project: &Project, files: &[(String, String, String)]) -> Option<Diagnostic> {
    let book = &project.config.book;
    let has = |tag: &str| {
        BUILT_IN.iter().any(|(l, _)| l.eq_ignore_ascii_case(tag))
            || files.iter().any(|(l, _, _)| l.eq_ignore_ascii_case(tag))
    };
    let missing: Vec<&str> = book
        .languages()
        .into_iter()
        .filter(|l| crate::core::lang::primary(l) != FALLBACK)
        // An unknown tag (`jp`) has a warning of its own at its key.
        .filter(|l| crate::core::lang::is_known_language(l))
        .filter(|l| {
            let mut tag = l.to_ascii_lowercase();
            loop {
                if has(&tag) {
                    return false;
                }
                match tag.rfind('-') {
                    Some(i) => tag.truncate(i),
                    None => return true,
                }
            }
        })
        .collect();
    if missing.is_empty() {
        return None;
    }
    let english = I18n::built_in();
    let named: Vec<String> = missing
        .iter()
        .map(|l| format!("{} (`{l}`)", english.language_name_in(FALLBACK, l)))
        .collect();
    let files: Vec<String> = missing.iter().map(|l| format!("i18n/{l}.toml")).collect();
    let (folder, set_theme) = match &project.theme_dir {
        Some(t) => (rel_path(&project.root, t), String::new()),
        None => ("themes/mine".to_owned(), "set `theme = \"mine\"` in [build] and ".to_owned()),
    };
    Some(
        Diagnostic::warning(
            CONFIG_FILE,
            book.languages_at,
            format!(
                "the theme has no interface strings in {}: their pages show English labels, \
                 buttons and messages",
                named.join(", ")
            ),
        )
        .with_help(format!(
            "{set_theme}add {} under `{folder}/`, each a translated copy of the built-in \
             theme's i18n/en.toml (themes/default/i18n/en.toml in Compendium's repository); \
             keys a file leaves out stay English",
            files.join(", ")
        )),
    )
}

/// The site theme's string files: (language, path from the root, text).
fn string_files(project: &Project, theme: &Path) -> Vec<(String, String, String)> {
    let dir = theme.join("i18n");
    let Ok(entries) = std::fs::read_dir(&dir) else { return Vec::new() };
    let mut out: Vec<(String, String, String)> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_owned();
            let lang = name.strip_suffix(".toml")?.to_owned();
            if lang.starts_with('.') {
                return None;
            }
            let text = read(project, &e.path())?;
            Some((lang, rel_path(&project.root, &e.path()), text))
        })
        .collect();
    out.sort();
    out
}

/// The site theme's templates (its `.html` files outside `assets/`): (path
/// from the root, source).
fn template_sources(project: &Project, theme: &Path) -> Vec<(String, String)> {
    let walk = walkdir::WalkDir::new(theme).sort_by_file_name().into_iter();
    walk.filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .flatten()
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html"))
        .filter(|e| !e.path().strip_prefix(theme).is_ok_and(|r| r.starts_with("assets")))
        .filter_map(|e| Some((rel_path(&project.root, e.path()), read(project, e.path())?)))
        .collect()
}

/// A site theme's template that is not one of the built-in theme's and
/// that no template includes, imports or extends: no page uses it.
fn unused_templates(
    templates: &[(String, String)],
    theme: &Path,
    project: &Project,
) -> Vec<Diagnostic> {
    let built_in: Vec<&str> = super::theme::Theme::built_in_names().collect();
    let prefix = rel_path(&project.root, theme);
    let mut out = Vec::new();
    for (path, _) in templates {
        let name = path.strip_prefix(&prefix).unwrap_or(path).trim_start_matches('/');
        let quoted = [format!("\"{name}\""), format!("'{name}'")];
        let used = templates
            .iter()
            .any(|(p, src)| p != path && quoted.iter().any(|q| src.contains(q.as_str())));
        if built_in.contains(&name) || used {
            continue;
        }
        // By stem: `about` is no misspelt `country`.
        let stems = built_in.iter().filter_map(|n| n.strip_suffix(".html"));
        let help = match did_you_mean(name.trim_end_matches(".html"), stems) {
            Some(n) => format!(
                "did you mean `{n}.html`? A site theme's template replaces the built-in one of the same name"
            ),
            None => format!(
                "a site theme's template replaces the built-in one of the same name ({}), or is \
                 included by one of them; a page of its own is not made from a template \
                 (write it as a record of a collection instead)",
                built_in
                    .iter()
                    .filter(|n| n.ends_with(".html"))
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        out.push(
            Diagnostic::warning(
                path.clone(),
                Pos::START,
                format!("no page uses the template `{name}`"),
            )
            .with_help(help),
        );
    }
    out
}

/// The keys a template reads with a literal name, `t(key="…")`, with
/// where each name starts.
fn keys_read(source: &str) -> Vec<(String, Pos)> {
    let mut out = Vec::new();
    for (n, line) in source.lines().enumerate() {
        let mut from = 0;
        while let Some(at) = line[from..].find("t(key=") {
            let start = from + at;
            from = start + 6;
            // `t(`, not `set(` or `count(`.
            let before = line[..start].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let rest = &line[from..];
            let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                continue;
            };
            let Some(end) = rest[1..].find(q) else { continue };
            let col = line[..from + 1].chars().count() + 1;
            out.push((rest[1..1 + end].to_owned(), Pos::new(n as u32 + 1, col as u32)));
        }
    }
    out
}

/// A file's text, read as the theme loader does (confined to the project).
fn read(project: &Project, path: &Path) -> Option<String> {
    let max = project.config.limits.max_file_bytes;
    let bytes = crate::core::confine::read_file(&project.root, path, max).ok()?;
    String::from_utf8(bytes).ok()
}

/// The top-level keys of a string file with where each is written; `None`
/// when it does not parse (the theme's load reports that).
fn keys_at(text: &str) -> Option<Vec<(String, Pos)>> {
    let table = toml::from_str::<toml::Table>(text).ok()?;
    let mut out = Vec::new();
    for key in table.keys() {
        // The line that starts with the key (bare or quoted), as written.
        let at = text.lines().enumerate().find_map(|(i, line)| {
            let t = line.trim_start();
            let rest = t
                .strip_prefix(key.as_str())
                .or_else(|| t.strip_prefix(&format!("\"{key}\"")))
                .or_else(|| t.strip_prefix(&format!("'{key}'")))?;
            let col = line.chars().count() - t.chars().count() + 1;
            rest.trim_start().starts_with('=').then_some(Pos::new(i as u32 + 1, col as u32))
        });
        out.push((key.clone(), at.unwrap_or(Pos::START)));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_found_where_they_are_written() {
        let text =
            "search = \"x\"\n  serch-help = \"y\"\n\"a b\" = { one = \"1\", other = \"n\" }\n";
        let keys = keys_at(text).unwrap_or_default();
        let at = |k: &str| keys.iter().find(|(key, _)| key == k).map(|(_, p)| (p.line, p.col));
        assert_eq!(at("search"), Some((1, 1)));
        assert_eq!(at("serch-help"), Some((2, 3)));
        assert_eq!(at("a b"), Some((3, 1)));
        assert!(keys_at("search = ").is_none());
    }

    #[test]
    fn literal_keys_read_by_templates_are_found() {
        let src = "<p>{{ t(key=\"go-home\", lang=lang) }}</p>\n  {{ t(key='x') }} {% set t(key=y) %}{{ at(key=\"no\") }}";
        let got: Vec<_> = keys_read(src).into_iter().map(|(k, p)| (k, p.line, p.col)).collect();
        assert_eq!(got, [("go-home".to_owned(), 1, 14), ("x".to_owned(), 2, 13)]);
    }
}
