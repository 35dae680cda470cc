//! `[build] reviewed-static`: files of `static/` whose warnings the
//! maintainers have read. Each entry is a path inside `static/` as the
//! file is published (`_redirects`, `/_redirects`: a leading `/` is the
//! site's root), matched exactly, so one naming no file silences nothing.

use std::path::Path;

use super::{CONFIG_FILE, STATIC_DIR};
use crate::core::diag::{Diagnostic, Pos, did_you_mean};

/// Files of `static/` looked at for "did you mean": a bound on the walk.
const MAX_LISTED: usize = 100_000;

/// How an entry is written.
const WRITE: &str = "write the file's path inside static/, with `/` between folders, as it is \
                     published, e.g. reviewed-static = [\"_redirects\", \"downloads/report.html\"]";

/// Errors for entries that are no path inside `static/` (`..`, a drive,
/// `\`, nothing) and warnings for entries naming no file there, at each
/// entry's place (`item_pos`).
pub(super) fn check_reviewed(
    root: &Path,
    entries: &[String],
    item_pos: &dyn Fn(usize) -> Pos,
) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let (mut errors, mut warnings) = (Vec::new(), Vec::new());
    if entries.is_empty() {
        return (errors, warnings);
    }
    let files = static_files(&root.join(STATIC_DIR));
    for (i, entry) in entries.iter().enumerate() {
        let at = item_pos(i);
        let shown = entry.escape_debug().to_string();
        let error = |why: String| {
            Diagnostic::error(CONFIG_FILE, at, format!("`{shown}` in `reviewed-static` {why}"))
                .with_help(WRITE)
        };
        let bytes = entry.as_bytes();
        if crate::core::rules::is_blank(entry) {
            errors.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    at,
                    format!("entry {} of `reviewed-static` is empty", i + 1),
                )
                .with_help("remove the empty entry"),
            );
        } else if entry.split(['/', '\\']).any(|part| part == "..") {
            errors.push(error("leaves static/ (`..`): only files of static/ are published".into()));
        } else if bytes.get(1) == Some(&b':') && bytes.first().is_some_and(u8::is_ascii_alphabetic)
        {
            errors.push(error("is a path on this computer, not inside static/".into()));
        } else if entry.contains('\\') {
            errors.push(error("has `\\`: the paths of static/ are written with `/`".into()));
        } else {
            let name = entry.trim_start_matches('/');
            let Some(files) = &files else {
                warnings.push(
                    Diagnostic::warning(
                        CONFIG_FILE,
                        at,
                        format!("`{shown}` in `reviewed-static` names no file: there is no static/ folder"),
                    )
                    .with_help("remove the entry, or add the file to static/"),
                );
                continue;
            };
            if files.iter().any(|(f, dir)| f == name && !dir) {
                continue;
            }
            let why = if files.iter().any(|(f, dir)| f == name.trim_end_matches('/') && *dir) {
                "names a folder: its files' warnings are matched one by one".to_owned()
            } else {
                format!("names no file of static/ (`static/{name}`)")
            };
            let candidates = files.iter().filter(|(_, dir)| !dir).map(|(f, _)| f.as_str());
            let help = match did_you_mean(name, candidates) {
                Some(meant) => format!("did you mean \"{meant}\"?"),
                None if entry.starts_with('/') => format!(
                    "entries are paths inside static/ (a leading `/` is the site's root), not \
                     paths on this computer: remove the entry, or {WRITE}"
                ),
                None => format!("remove the entry, or {WRITE}"),
            };
            warnings.push(
                Diagnostic::warning(
                    CONFIG_FILE,
                    at,
                    format!("`{shown}` in `reviewed-static` {why}"),
                )
                .with_help(help),
            );
        }
    }
    (errors, warnings)
}

// Each file and folder under `dir` (its path inside it, with `/`, and
// whether a folder), links not followed; `None` when there is no `dir`.
fn static_files(dir: &Path) -> Option<Vec<(String, bool)>> {
    if !dir.is_dir() {
        return None;
    }
    let walk = walkdir::WalkDir::new(dir).min_depth(1).follow_links(false).sort_by_file_name();
    let files = walk
        .into_iter()
        .filter_map(Result::ok)
        .take(MAX_LISTED)
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?;
            let parts: Vec<_> = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect();
            Some((parts.join("/"), e.file_type().is_dir()))
        })
        .collect();
    Some(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(root: &Path, entries: &[&str]) -> (Vec<String>, Vec<String>) {
        let entries: Vec<String> = entries.iter().map(|e| (*e).to_owned()).collect();
        let (e, w) = check_reviewed(root, &entries, &|i| Pos::new(i as u32 + 2, 3));
        let text = |d: Vec<Diagnostic>| {
            d.into_iter()
                .map(|d| {
                    format!("{}:{} {} | {}", d.line, d.col, d.message, d.help.unwrap_or_default())
                })
                .collect()
        };
        (text(e), text(w))
    }

    #[test]
    fn entries_name_files_of_static() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("static/docs")).expect("mkdir");
        std::fs::write(dir.path().join("static/_redirects"), "").expect("write");
        std::fs::write(dir.path().join("static/docs/a.html"), "").expect("write");
        let (errors, warnings) = said(
            dir.path(),
            &[
                "_redirects",
                "/docs/a.html",
                "_redirect",
                "docs",
                "/etc/passwd",
                "../book.toml",
                "",
                "C:/x",
                "a\\b",
            ],
        );
        assert_eq!(warnings.len(), 3, "{warnings:#?}");
        assert!(
            warnings[0].starts_with("4:3 `_redirect`")
                && warnings[0].contains("did you mean \"_redirects\"?")
        );
        assert!(warnings[1].contains("names a folder"), "{}", warnings[1]);
        assert!(
            warnings[2].contains("`static/etc/passwd`")
                && warnings[2].contains("not paths on this computer")
        );
        assert_eq!(errors.len(), 4, "{errors:#?}");
        assert!(errors[0].starts_with("7:3 `../book.toml` in `reviewed-static` leaves static/"));
        assert!(errors[1].contains("entry 7 of `reviewed-static` is empty"));
        assert!(errors[2].contains("a path on this computer") && errors[3].contains("has `\\`"));
    }

    #[test]
    fn without_a_static_folder_every_entry_names_nothing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (errors, warnings) = said(dir.path(), &["_headers"]);
        assert!(errors.is_empty() && warnings[0].contains("there is no static/ folder"));
        assert_eq!(said(dir.path(), &[]), (vec![], vec![]));
    }
}
