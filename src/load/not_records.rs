//! What a collection's walk says of a file it does not read as a record:
//! a near-miss name, a device, or one it cannot read, and why.

use std::path::Path;

use super::COLLECTION_FILE;
use crate::core::diag::{Diagnostic, Pos, rel_path};

/// A file in a collection that is no record, named rather than skipped
/// in silence: a near-miss extension (`.YAML`, `.markdown`) is a record
/// its author expects to see; a FIFO or device is refused (reading one
/// would block or never end).
pub(super) fn not_a_record(root: &Path, path: &Path, regular: bool) -> Diagnostic {
    let rel = rel_path(root, path);
    if !regular {
        return Diagnostic::error(
            &rel,
            Pos::START,
            "not a regular file (a pipe, socket or device)",
        )
        .with_help("replace it with a record file, or remove it");
    }
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    let near = match ext.as_str() {
        "md" | "markdown" | "mdown" | "mkd" => Some("md"),
        "yaml" | "yml" => Some("yaml"),
        _ => None,
    };
    match (near, path.file_stem()) {
        // Its author meant a record: passing CI without it would lose it.
        (Some(e), Some(stem)) => Diagnostic::error(
            &rel,
            Pos::START,
            "this file is named like a record but is not read, so it is not published",
        )
        .with_help(format!(
            "record files end in .md, .yaml or .yml, in lower case: rename it to `{}.{e}`",
            stem.to_string_lossy()
        )),
        _ => Diagnostic::warning(&rel, Pos::START, "this file is not a record and is ignored")
            .with_help(
                "record files end in .md, .yaml or .yml; a record's images and other files go \
                 in a folder of their own with the record as its `index.md` (a page bundle, \
                 published beside the record's page), or in `static/`",
            ),
    }
}

/// What to do about a file the walk cannot read, by why: a permission, a
/// loop of symbolic links, a path longer than the file system allows.
pub(super) fn io_help(io: &std::io::Error) -> &'static str {
    // std names neither error of its own on stable Rust.
    #[cfg(target_os = "linux")]
    match rustix::io::Errno::from_io_error(io) {
        Some(rustix::io::Errno::LOOP) => {
            return "its symbolic links lead round in a loop: point it at a file, or remove it";
        }
        Some(rustix::io::Errno::NAMETOOLONG) => {
            return "its path is longer than the file system allows: move it up, or shorten the \
                    folders' names";
        }
        _ => {}
    }
    if io.kind() == std::io::ErrorKind::PermissionDenied {
        "check the file's permissions"
    } else {
        "check that the file can be read, or remove it"
    }
}

/// Hugo's and Zola's section file, which a migrated site brings along.
pub(super) const SECTION_FILE: &str = "_index.md";

/// The error for a page bundle's `index.html`, which would replace the
/// record's page published at the same place.
pub(super) fn bundle_page_clash(root: &Path, path: &Path) -> Diagnostic {
    Diagnostic::error(
        rel_path(root, path),
        Pos::START,
        "a page bundle's `index.html` would replace its record's page, published at the same place",
    )
    .with_help("rename it, or move it into a folder of the bundle")
}

/// The warning for a section file at `path`, in `collection` or the
/// content folder: its title and text would be lost without a word.
pub(super) fn section_file(root: &Path, path: &Path, collection: Option<&str>) -> Diagnostic {
    let help = match collection {
        Some(c) => format!(
            "a collection's title and description are in content/{c}/{COLLECTION_FILE}; move \
             them there, and its text into records (a name starting with `_` keeps a note \
             unpublished: rename it, e.g. `_notes.md`, to keep it so)"
        ),
        None => "the site's title and description are in book.toml ([book] title, \
                 description); a name starting with `_` keeps a note unpublished: rename it, \
                 e.g. `_notes.md`, to keep it so"
            .to_owned(),
    };
    Diagnostic::warning(
        rel_path(root, path),
        Pos::START,
        "`_index.md` (Hugo's and Zola's section page) is not read: nothing of it is published",
    )
    .with_help(help)
}

/// What is said of a file of the content folder whose name starts with
/// `_` (kept unpublished): nothing for a note, but a near-miss of
/// `_taxonomies.yaml` (`_taxonomies.yml`) or a Hugo section file would
/// otherwise be ignored in silence.
pub(super) fn unread_top_file(root: &Path, path: &Path, name: &str) -> Option<Diagnostic> {
    if name == SECTION_FILE {
        return Some(section_file(root, path, None));
    }
    let near_miss = name.starts_with("_taxonom") || name.starts_with("_collection");
    (near_miss && name != super::TAXONOMIES_FILE).then(|| {
        Diagnostic::warning(rel_path(root, path), Pos::START, format!("`{name}` is ignored"))
            .with_help(format!("name it `{}`", super::TAXONOMIES_FILE))
    })
}
