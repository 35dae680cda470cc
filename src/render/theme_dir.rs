//! Reading a site's theme folder: confined to the project, and bounded
//! (a theme comes in pull requests too; a 500 MB asset was read whole).

use std::path::Path;

use anyhow::{Context, Result, bail};

use super::theme::{ROBOTS, i18n_lang};
use crate::core::confine::ReadError;

/// The most bytes one theme asset may have (content's highest
/// `max-file-bytes`): assets are read whole and written from memory.
pub const MAX_ASSET_BYTES: u64 = crate::config::MAX_LIMITS.max_file_bytes;

/// The most bytes a theme's assets may have in all.
pub const MAX_ASSETS_BYTES: u64 = 128 * 1024 * 1024;

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
    let confined = crate::core::confine::Root::new(root)
        .with_context(|| format!("cannot resolve the project folder `{}`", root.display()))?;
    let mut out = Vec::new();
    let mut assets_bytes = 0u64;
    let mut refused = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.') {
                return false;
            }
            if e.path_is_symlink()
                && let Err(why) = confined.resolve(e.path())
            {
                refused.push(format!("`{}` ({why})", crate::core::diag::rel_path(root, e.path())));
                return false;
            }
            true
        });
    let entries: Vec<_> = walker.collect();
    if !refused.is_empty() {
        bail!(
            "the theme has symbolic links that are not followed: {}; Compendium reads nothing \
             outside the project folder: replace each link with the file itself, or remove it",
            refused.join(", ")
        );
    }
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot read the theme `{}`", dir.display()))?;
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
            bail!("theme file `{}` has a name that is not valid UTF-8", entry.path().display());
        };
        let is_asset = name.starts_with("assets/");
        if !is_asset && !name.ends_with(".html") && i18n_lang(&name).is_none() && name != ROBOTS {
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
                bail!(
                    "the theme file `{shown}` is larger than {max} bytes, the most it may have: {help}"
                )
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
