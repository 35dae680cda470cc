//! Whether an index folder can be trusted before and while it is read: a
//! damaged index is an error naming the folder and the way out (`build
//! --force`), never a crash. tantivy's checksums are checked for every
//! segment file, and the sizes it allocates by are checked against the bytes
//! that hold them, since a failed allocation aborts past any guard.

use std::collections::HashSet;
use std::path::Path;

use tantivy::{Index, IndexReader};

use crate::search::catalog::{self, Catalog};
use crate::search::{Error, guard};

/// Sizes that tantivy allocates by before reading, checked against the
/// bytes that hold them. Damage that keeps the checksums (recomputed, or
/// in a file tantivy does not checksum) could otherwise make an allocation
/// fail, which aborts the process: no guard catches it. Found by the
/// `index` fuzz target: a facet dictionary's term count sizes the facet
/// collector's table (27 GB asked for).
pub(super) fn plausible(reader: &IndexReader) -> Result<(), String> {
    for (i, segment) in reader.searcher().segment_readers().iter().enumerate() {
        let facets = segment.facet_reader("facets").map_err(|e| describe(&e))?;
        let dict = facets.facet_dict();
        // Every term takes at least one byte of its dictionary.
        if dict.num_terms() as u64 > dict.num_bytes().get_bytes() {
            return Err(format!(
                "segment {i}'s facet dictionary counts {} terms in {} bytes",
                dict.num_terms(),
                dict.num_bytes().get_bytes()
            ));
        }
    }
    Ok(())
}

/// Whether `dir` holds something only an index writes (so a missing
/// `meta.json` is damage, not "no index yet").
pub(super) fn holds_index_files(dir: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else { return false };
    entries.flatten().any(|e| {
        let name = e.file_name();
        let name = name.to_string_lossy();
        name == catalog::FILE || name == ".managed.json" || is_segment_file(&name)
    })
}

/// A tantivy segment file: 32 hex digits (the segment id), a dot, a component.
pub(crate) fn is_segment_file(name: &str) -> bool {
    name.split_once('.')
        .is_some_and(|(id, _)| id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The catalog beside the index: missing or unreadable is damage, another
/// [`catalog::FORMAT`] is another version.
pub(super) fn read_catalog(dir: &Path, shown: &str) -> Result<Catalog, Error> {
    let damaged_because = |why: String| Error::Damaged(shown.to_owned(), why);
    let name = catalog::FILE;
    let bytes = match std::fs::read(dir.join(name)) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(damaged_because(format!("`{name}` is missing")));
        }
        Err(e) => return Err(Error::Index(shown.to_owned(), format!("`{name}`: {e}"))),
    };
    let value: serde_json::Value = serde_json::from_slice(&bytes)
        .map_err(|e| damaged_because(format!("`{name}` is not valid JSON: {e}")))?;
    if value.get("format").and_then(serde_json::Value::as_u64) != Some(u64::from(catalog::FORMAT)) {
        return Err(Error::Outdated(shown.to_owned()));
    }
    serde_json::from_value(value).map_err(|e| damaged_because(format!("`{name}`: {e}")))
}

/// Checks every file of the index's segments against the CRC-32 tantivy
/// keeps in its footer; `Err` names the first that is missing or damaged.
/// (`Index::validate_checksum` checks only the files `.managed.json`
/// lists, which may itself be damaged, and stops at a missing one with a
/// less telling error.)
pub(super) fn verify_checksums(index: &Index, dir: &Path) -> Result<(), String> {
    let metas = index.load_metas().map_err(|e| format!("`meta.json`: {e}"))?;
    // A segment without deletes has no delete file, though its name is listed.
    let deletes: HashSet<std::path::PathBuf> = metas
        .segments
        .iter()
        .filter(|s| s.has_deletes())
        .map(|s| s.relative_path(tantivy::index::SegmentComponent::Delete))
        .collect();
    let mut files: Vec<std::path::PathBuf> = metas
        .list_segment_files()
        .into_iter()
        .filter(|p| !p.to_string_lossy().ends_with(".del") || deletes.contains(p))
        .collect();
    files.sort();
    for file in &files {
        let name = file.display();
        if !dir.join(file).is_file() {
            return Err(format!("`{name}` is missing"));
        }
        // A file shorter than tantivy's footer panics its footer reader.
        match guard::run(|| index.directory().validate_checksum(file)) {
            Ok(Ok(true)) => {}
            Ok(Ok(false)) => return Err(format!("`{name}` fails its checksum")),
            Ok(Err(e)) => return Err(describe(&tantivy::TantivyError::from(e))),
            Err(_) => return Err(format!("`{name}` is too short to be an index file")),
        }
    }
    Ok(())
}

/// An error from tantivy as [`Error::Damaged`], or [`Error::Index`] when the
/// index could not be read at all (permissions, locks): a rebuild would
/// not help there.
pub(super) fn classify(shown: &str, e: &tantivy::TantivyError) -> Error {
    use tantivy::TantivyError as T;
    use tantivy::directory::error::OpenReadError as R;
    let denied = |io: &std::io::Error| io.kind() == std::io::ErrorKind::PermissionDenied;
    let access = match e {
        T::IoError(io) | T::OpenReadError(R::IoError { io_error: io, .. }) => denied(io),
        T::OpenDirectoryError(_) | T::LockFailure(..) => true,
        _ => false,
    };
    if access { Error::Index(shown.to_owned(), e.to_string()) } else { damaged(shown, e) }
}

/// A read error met while searching: the index opened and passed its
/// checksums, so any error decoding it means damage.
pub(super) fn damaged(shown: &str, e: &tantivy::TantivyError) -> Error {
    Error::Damaged(shown.to_owned(), describe(e))
}

/// tantivy's error in a sentence, naming the file when it names one.
pub(super) fn describe(e: &tantivy::TantivyError) -> String {
    use tantivy::TantivyError as T;
    use tantivy::directory::error::OpenReadError as R;
    let text = match e {
        T::OpenReadError(R::FileDoesNotExist(p)) => format!("`{}` is missing", p.display()),
        T::OpenReadError(R::IoError { io_error, filepath }) => {
            format!("`{}`: {io_error}", filepath.display())
        }
        other => other.to_string(),
    };
    // tantivy quotes a whole damaged `meta.json` after "Content:"; a line
    // of the reason is enough.
    let text = text.split(" Content:").next().unwrap_or_default();
    let line = text.lines().next().unwrap_or_default();
    if line.chars().count() > MAX_REASON {
        format!("{}…", line.chars().take(MAX_REASON).collect::<String>())
    } else {
        line.to_owned()
    }
}

/// The longest reason quoted in a "damaged" message, in characters.
const MAX_REASON: usize = 240;
