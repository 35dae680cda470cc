//! Reading a site's theme folder: confined to the project, and bounded
//! (a theme comes in pull requests too; a 500 MB asset was read whole).

use std::path::Path;

use anyhow::{Context, Result, bail};

use super::theme::{ROBOTS, i18n_lang};
use crate::core::confine::ReadError;
use crate::core::diag::Pos;

use super::theme_error::{FileError, FileErrors, Kind, file_errors};

/// The most bytes one theme asset may have (content's highest
/// `max-file-bytes`): assets are read whole and written from memory.
pub const MAX_ASSET_BYTES: u64 = crate::config::MAX_LIMITS.max_file_bytes;

/// The most bytes a theme's assets may have in all.
pub const MAX_ASSETS_BYTES: u64 = 128 * 1024 * 1024;

/// Whether the theme file at `name` (a `/`-separated path in the theme
/// folder) is one the build reads: a template, an asset, a string file or
/// `robots.txt`.
pub(super) fn is_read(name: &str) -> bool {
    (name.starts_with("assets/") && !is_search_script(name))
        || name.ends_with(".html")
        || i18n_lang(name).is_some()
        || name == ROBOTS
}

/// Whether `name` is one of the browser search's scripts (`assets/search.js`,
/// `assets/search-facets.js`, …): they are built in, written with the index
/// they read (`search/search.js`), so a theme's copy is neither read nor
/// published.
pub(super) fn is_search_script(name: &str) -> bool {
    name == "assets/search.js" || (name.starts_with("assets/search-") && name.ends_with(".js"))
}

/// The files of a site's theme folder, by `/`-separated relative path:
/// `.html` templates anywhere outside `assets/`, every file inside it, the
/// string files and a top-level `robots.txt`.
/// Hidden files (editor swap files, `.DS_Store`) are skipped. Symlinks are
/// followed only where they resolve inside the project `root`: a theme
/// file linked from outside would publish that file.
/// Templates, string files and `robots.txt` get content's `max_bytes`;
/// assets [`MAX_ASSET_BYTES`] each and [`MAX_ASSETS_BYTES`] in all, since
/// each is held in memory (twice while written).
pub(super) fn read_theme_dir(
    root: &Path,
    dir: &Path,
    max_bytes: u64,
) -> Result<Vec<(String, Vec<u8>)>> {
    // Hidden files and an editor's leftovers (`style.css~`) are no part
    // of the theme: never published, as in `static/`.
    let skip = |name: &str| name.starts_with('.') || crate::core::names::is_editor_leftover(name);
    let entries = confined_files(root, dir, "the theme", &skip)?;
    let mut out = Vec::new();
    let mut assets_bytes = 0u64;
    for (entry, name) in entries {
        let is_asset = name.starts_with("assets/");
        if !is_read(&name) {
            continue;
        }
        let shown = crate::core::diag::rel_path(root, entry.path());
        let (max, help) = if is_asset {
            (MAX_ASSET_BYTES, "make it smaller, or publish it elsewhere and link to it")
        } else {
            (max_bytes, "split it, or raise [limits] max-file-bytes in book.toml")
        };
        let bytes = match crate::core::confine::read_file(root, entry.path(), max) {
            Ok(b) => b,
            Err(ReadError::TooLarge(_) | ReadError::Grew) => {
                return Err(too_large(&shown, max, help));
            }
            Err(e) => bail!("cannot read the theme file `{shown}`: {e}"),
        };
        if is_asset {
            assets_bytes += bytes.len() as u64;
            if assets_bytes > MAX_ASSETS_BYTES {
                bail!(
                    "the theme's assets are larger than {MAX_ASSETS_BYTES} bytes in all (at \
                     `{shown}`): make them smaller, or publish the largest elsewhere"
                );
            }
        }
        out.push((name, bytes));
    }
    Ok(out)
}

/// A file over its size limit, as an error at the file (`shown`, from the
/// project root), the limit in MiB as people size files.
fn too_large(shown: &str, max: u64, help: &str) -> anyhow::Error {
    let size = if max.is_multiple_of(1024 * 1024) {
        format!("{} MiB", max / (1024 * 1024))
    } else {
        format!("{max} bytes")
    };
    let message = format!("the file is larger than {size}, the most it may have: {help}");
    anyhow::Error::new(FileError {
        path: shown.to_owned(),
        pos: Pos::START,
        message,
        kind: Kind::File,
    })
}

pub use crate::core::confine::MAX_STATIC_BYTES;

/// The most bytes `static/` may have in all.
pub const MAX_STATICS_BYTES: u64 = 512 * 1024 * 1024;

/// Files of `static/` that are no content: a file manager's and an
/// editor's leftovers, and a repository inside it. Other hidden files are
/// published (`.nojekyll`, `.well-known/security.txt`).
fn not_static(name: &str) -> bool {
    matches!(name, ".git" | ".hg" | ".svn") || crate::core::names::is_editor_leftover(name)
}

/// The files of the project's `static/` folder (Hugo's and Zola's), by
/// `/`-separated relative path, to publish at the same place under the
/// site's root: `static/CNAME` is `site/CNAME`. Confined and bounded as a
/// theme's files are.
pub(super) fn read_static_dir(
    root: &Path,
    dir: &Path,
    outputs: &[&Path],
) -> Result<Vec<(String, Vec<u8>)>> {
    // A link into the build or index folder would publish the last build
    // inside the next, a level deeper each time.
    let outputs: Vec<std::path::PathBuf> =
        outputs.iter().map(|p| p.canonicalize().unwrap_or_else(|_| p.to_path_buf())).collect();
    let confined = crate::core::confine::Root::new(root)
        .with_context(|| format!("cannot resolve the project folder `{}`", root.display()))?;
    // Every file's problem, each at its file, reported together.
    let mut errors: Vec<FileError> = Vec::new();
    let at = |shown: String, message: String| FileError {
        path: shown,
        pos: Pos::START,
        message,
        kind: Kind::File,
    };
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if entry.path_is_symlink()
            && let Ok(target) = confined.resolve(entry.path())
            && outputs.iter().any(|o| target.starts_with(o))
        {
            errors.push(at(
                crate::core::diag::rel_path(root, entry.path()),
                "the link points into the build or index folder, which would publish each build \
                 inside the next: remove the link"
                    .to_owned(),
            ));
        }
    }
    let entries = match confined_files(root, dir, "the static folder", &not_static) {
        Ok(entries) => entries,
        Err(e) => {
            errors.extend(file_errors(&e).into_iter().cloned());
            if errors.is_empty() {
                return Err(e);
            }
            return Err(FileErrors::into_error(errors));
        }
    };
    let mut out = Vec::new();
    let mut total = 0u64;
    for (entry, name) in entries {
        let shown = crate::core::diag::rel_path(root, entry.path());
        let bytes = match crate::core::confine::read_file(root, entry.path(), MAX_STATIC_BYTES) {
            Ok(b) => b,
            Err(ReadError::TooLarge(_) | ReadError::Grew) => {
                let e = too_large(
                    &shown,
                    MAX_STATIC_BYTES,
                    "make it smaller, or publish it elsewhere and link to it",
                );
                errors.extend(file_errors(&e).into_iter().cloned());
                continue;
            }
            Err(e) => {
                errors.push(at(shown, format!("cannot read the file: {e}")));
                continue;
            }
        };
        total += bytes.len() as u64;
        if total > MAX_STATICS_BYTES {
            errors.push(at(
                shown,
                format!(
                    "the static folder holds more than {MAX_STATICS_BYTES} bytes (at this file): \
                     publish the largest files elsewhere and link to them"
                ),
            ));
            break;
        }
        out.push((name, bytes));
    }
    if !errors.is_empty() {
        return Err(FileErrors::into_error(errors));
    }
    Ok(out)
}

/// The regular files under `dir` with their `/`-separated names, sorted,
/// leaving out entries `skip` names (at any depth below `dir`). Symlinks
/// are followed only where they resolve inside the project `root`: a file
/// linked from outside would publish that file. `what` names the folder
/// in messages.
fn confined_files(
    root: &Path,
    dir: &Path,
    what: &str,
    skip: &dyn Fn(&str) -> bool,
) -> Result<Vec<(walkdir::DirEntry, String)>> {
    let confined = crate::core::confine::Root::new(root)
        .with_context(|| format!("cannot resolve the project folder `{}`", root.display()))?;
    let mut refused = Vec::new();
    let walker =
        walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name().into_iter().filter_entry(
            |e| {
                if e.depth() > 0 && skip(&e.file_name().to_string_lossy()) {
                    return false;
                }
                if e.path_is_symlink()
                    && let Err(why) = confined.resolve(e.path())
                {
                    refused.push(FileError {
                        path: crate::core::diag::rel_path(root, e.path()),
                        pos: Pos::START,
                        message: format!(
                            "the symbolic link is not followed ({why}): Compendium reads nothing \
                         outside the project folder; replace the link with the file itself, or \
                         remove it"
                        ),
                        kind: Kind::File,
                    });
                    return false;
                }
                true
            },
        );
    let entries: Vec<_> = walker.collect();
    if !refused.is_empty() {
        return Err(FileErrors::into_error(refused));
    }
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot read {what} `{}`", dir.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let Some(name) = rel
            .components()
            .map(|c| c.as_os_str().to_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
            .map(|parts| parts.join("/"))
        else {
            bail!("`{}` in {what} has a name that is not valid UTF-8", entry.path().display());
        };
        out.push((entry, name));
    }
    Ok(out)
}
