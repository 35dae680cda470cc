//! Reading a site's theme folder: confined to the project, and bounded
//! (a theme comes in pull requests too; a 500 MB asset was read whole).

use std::path::Path;

use anyhow::{Context, Result};

use super::theme::{ROBOTS, i18n_lang};
use crate::core::confine::{ReadError, Root};
use crate::core::diag::Pos;

use super::theme_error::{FileError, Kind};

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

/// What a folder holds, and an error at each of its files that cannot be
/// used: one run reports them all.
type Found<T> = (Vec<T>, Vec<FileError>);

/// A folder's files by `/`-separated relative path, and its errors.
pub(super) type Read = Found<(String, Vec<u8>)>;

/// The files of a site's theme folder, by `/`-separated relative path:
/// `.html` templates anywhere outside `assets/`, every file inside it, the
/// string files and a top-level `robots.txt`.
/// Hidden files (editor swap files, `.DS_Store`) are skipped. Symlinks are
/// followed only where they resolve inside the project `root`: a theme
/// file linked from outside would publish that file.
/// Templates, string files and `robots.txt` get content's `max_bytes`;
/// assets [`MAX_ASSET_BYTES`] each and [`MAX_ASSETS_BYTES`] in all, since
/// each is held in memory (twice while written).
/// `Err` only when the project folder itself cannot be resolved.
pub(super) fn read_theme_dir(root: &Path, dir: &Path, max_bytes: u64) -> Result<Read> {
    // Hidden files and an editor's leftovers (`style.css~`) are no part
    // of the theme: never published, as in `static/`.
    let skip = |name: &str| name.starts_with('.') || crate::core::names::is_editor_leftover(name);
    let (entries, mut errors) = confined_files(root, dir, &skip)?;
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
                errors.push(too_large(&shown, max, help));
                continue;
            }
            Err(e) => {
                errors.push(unreadable(shown, &e));
                continue;
            }
        };
        if is_asset {
            assets_bytes += bytes.len() as u64;
            if assets_bytes > MAX_ASSETS_BYTES {
                errors.push(at_file(
                    shown,
                    format!(
                        "the theme's assets are larger than {MAX_ASSETS_BYTES} bytes in all (at \
                         this file): make them smaller, or publish the largest elsewhere"
                    ),
                ));
                break;
            }
        }
        out.push((name, bytes));
    }
    Ok((out, errors))
}

/// An error at the file `shown` (from the project root) as a whole.
fn at_file(shown: String, message: String) -> FileError {
    FileError { path: shown, pos: Pos::START, message, kind: Kind::File }
}

/// The file at `shown` that [`crate::core::confine::read_file`] refused,
/// saying why and what to do.
fn unreadable(shown: String, e: &ReadError) -> FileError {
    let message = match e {
        ReadError::NotRegular => not_regular(),
        ReadError::Refused(why) => refused_link(why),
        ReadError::Missing => {
            "the file went away while it was read: run again once nothing is moving files"
                .to_owned()
        }
        _ => format!("cannot read the file ({e}): check its permissions, or remove it"),
    };
    at_file(shown, message)
}

/// What is said of a FIFO, socket or device, in the words content's is.
fn not_regular() -> String {
    "not a regular file (a pipe, socket or device): replace it with the file itself, or remove it"
        .to_owned()
}

/// What is said of a symlink that leads out of the project.
fn refused_link(why: &crate::core::confine::Refused) -> String {
    format!(
        "the symbolic link is not followed ({why}): Compendium reads nothing outside the \
         project folder; replace the link with the file itself, or remove it"
    )
}

/// A file over its size limit, as an error at the file (`shown`, from the
/// project root), the limit in MiB as people size files.
fn too_large(shown: &str, max: u64, help: &str) -> FileError {
    let size = if max.is_multiple_of(1024 * 1024) {
        format!("{} MiB", max / (1024 * 1024))
    } else {
        format!("{max} bytes")
    };
    at_file(
        shown.to_owned(),
        format!("the file is larger than {size}, the most it may have: {help}"),
    )
}

pub use crate::core::confine::MAX_STATIC_BYTES;

/// The most bytes `static/` may have in all.
pub const MAX_STATICS_BYTES: u64 = 512 * 1024 * 1024;

/// Files of `static/` that are no content: a file manager's and an
/// editor's leftovers, and a repository inside it. Other hidden files are
/// published (`.nojekyll`, `.well-known/security.txt`).
pub(super) fn not_static(name: &str) -> bool {
    matches!(name, ".git" | ".hg" | ".svn") || crate::core::names::is_editor_leftover(name)
}

/// The files of the project's `static/` folder (Hugo's and Zola's), by
/// `/`-separated relative path, to publish at the same place under the
/// site's root: `static/CNAME` is `site/CNAME`. Confined and bounded as a
/// theme's files are. `Err` only when the project folder itself cannot be
/// resolved.
pub(super) fn read_static_dir(root: &Path, dir: &Path, outputs: &[&Path]) -> Result<Read> {
    // A link into the build or index folder would publish the last build
    // inside the next, a level deeper each time.
    let outputs: Vec<std::path::PathBuf> =
        outputs.iter().map(|p| p.canonicalize().unwrap_or_else(|_| p.to_path_buf())).collect();
    let confined = Root::new(root)
        .with_context(|| format!("cannot resolve the project folder `{}`", root.display()))?;
    // Every file's problem, each at its file, reported together.
    let mut errors: Vec<FileError> = Vec::new();
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if entry.path_is_symlink()
            && let Ok(target) = confined.resolve(entry.path())
            && outputs.iter().any(|o| target.starts_with(o))
        {
            errors.push(at_file(
                crate::core::diag::rel_path(root, entry.path()),
                "the link points into the build or index folder, which would publish each build \
                 inside the next: remove the link"
                    .to_owned(),
            ));
        }
    }
    let (entries, refused) = confined_files(root, dir, &not_static)?;
    errors.extend(refused);
    let mut out = Vec::new();
    let mut total = 0u64;
    for (entry, name) in entries {
        let shown = crate::core::diag::rel_path(root, entry.path());
        let bytes = match crate::core::confine::read_file(root, entry.path(), MAX_STATIC_BYTES) {
            Ok(b) => b,
            Err(ReadError::TooLarge(_) | ReadError::Grew) => {
                let help = "make it smaller, or publish it elsewhere and link to it";
                errors.push(too_large(&shown, MAX_STATIC_BYTES, help));
                continue;
            }
            Err(e) => {
                errors.push(unreadable(shown, &e));
                continue;
            }
        };
        total += bytes.len() as u64;
        if total > MAX_STATICS_BYTES {
            errors.push(at_file(
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
    Ok((out, errors))
}

/// The files under `dir` with their `/`-separated names, sorted, leaving
/// out entries `skip` names (at any depth below `dir`), and an error at
/// each entry that is no file to read: a symlink that leads out of the
/// project `root` (a file linked from outside would publish that file) or
/// to nothing, a FIFO, socket or device (never opened: reading one would
/// block or never end), an entry that cannot be read.
/// `Err` only when the project folder itself cannot be resolved.
pub(super) fn confined_files(
    root: &Path,
    dir: &Path,
    skip: &dyn Fn(&str) -> bool,
) -> Result<Found<(walkdir::DirEntry, String)>> {
    let confined = Root::new(root)
        .with_context(|| format!("cannot resolve the project folder `{}`", root.display()))?;
    let shown = |p: &Path| crate::core::diag::rel_path(root, p);
    let mut errors = Vec::new();
    let walker =
        walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name().into_iter().filter_entry(
            |e| {
                if e.depth() > 0 && skip(&e.file_name().to_string_lossy()) {
                    return false;
                }
                if e.path_is_symlink()
                    && let Err(why) = confined.resolve(e.path())
                {
                    errors.push(at_file(shown(e.path()), refused_link(&why)));
                    return false;
                }
                true
            },
        );
    let walked: Vec<_> = walker.collect();
    let mut out = Vec::new();
    for entry in walked {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                errors.push(walk_error(root, dir, &e));
                continue;
            }
        };
        let kind = entry.file_type();
        if kind.is_dir() {
            continue;
        }
        if !kind.is_file() {
            errors.push(at_file(shown(entry.path()), not_regular()));
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let Some(name) = rel
            .components()
            .map(|c| c.as_os_str().to_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
            .map(|parts| parts.join("/"))
        else {
            errors.push(at_file(
                shown(entry.path()),
                "the file's name is not valid UTF-8, which a web address cannot name: rename it"
                    .to_owned(),
            ));
            continue;
        };
        out.push((entry, name));
    }
    Ok((out, errors))
}

/// A walk's error as an error at the entry it names (`dir` itself when it
/// names none): a symlink to nothing, a loop of links, a folder that
/// cannot be listed.
fn walk_error(root: &Path, dir: &Path, e: &walkdir::Error) -> FileError {
    let path = e.path().unwrap_or(dir);
    let shown = crate::core::diag::rel_path(root, path);
    if let Some(ancestor) = e.loop_ancestor() {
        let back = crate::core::diag::rel_path(root, ancestor);
        return at_file(
            shown,
            format!(
                "the symbolic link leads round in a loop (back to `{back}`): point it at a file, \
                 or remove it"
            ),
        );
    }
    let io = e.io_error();
    if Root::is_link(path) {
        // Followed, the link's target cannot be looked at: it is missing
        // (often a file outside the project, on the machine it was made on).
        let target = std::fs::read_link(path)
            .map_or_else(|_| "?".to_owned(), |t| t.to_string_lossy().into_owned());
        let message = if io.is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound) {
            format!(
                "the symbolic link points to `{target}`, which does not exist (Compendium \
                 follows links only to files inside the project): replace the link with the \
                 file itself, or remove it"
            )
        } else {
            let why = io.map_or_else(|| e.to_string(), ToString::to_string);
            format!(
                "the symbolic link to `{target}` cannot be followed ({why}): replace the link \
                 with the file itself, or remove it"
            )
        };
        return at_file(shown, message);
    }
    let why = io.map_or_else(|| e.to_string(), ToString::to_string);
    at_file(shown, format!("cannot read it ({why}): check its permissions, or remove it"))
}
