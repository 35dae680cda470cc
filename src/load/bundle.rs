//! Page bundles, as Hugo and Zola have them: a folder of a collection
//! holding a record file named `index` (`practices/x/index.md`) and the
//! files its body shows (`practices/x/diagram.png`). The record is named
//! by its folder (`x`; `index.fr.md` translates it), and its files are
//! published beside its page (`practices/x/diagram.png`), where the body's
//! `![Diagram](diagram.png)` finds them from every language's page.

use std::path::{Path, PathBuf};

use crate::config::Project;
use crate::core::diag::rel_path;

/// The stem of a bundle's record file, in any language (`index.fr.md`).
const INDEX: &str = "index";

/// The folder of record file `path` when it is a bundle's `index` file in
/// a folder below the collection folder `collection_dir` (a collection's
/// own `index.md` is a record named `index`). Both paths from the same
/// place (absolute, or both from the project root).
pub fn bundle_dir<'a>(collection_dir: &Path, path: &'a Path) -> Option<&'a Path> {
    let stem = path.file_stem()?.to_str()?;
    let parent = path.parent()?;
    (stem.split('.').next() == Some(INDEX)
        && parent != collection_dir
        && parent.starts_with(collection_dir))
    .then_some(parent)
}

/// The stem naming the record file at `path` in `collection_dir`: its name
/// less the extension, or, for a bundle's `index` file, its folder's name
/// with the language kept (`x/index.fr.md` is `x.fr`).
pub fn record_stem(collection_dir: &Path, path: &Path) -> String {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let Some(folder) = bundle_dir(collection_dir, path).and_then(Path::file_name) else {
        return stem;
    };
    let folder = folder.to_string_lossy();
    match stem.split_once('.') {
        Some((_, lang)) => format!("{folder}.{lang}"),
        None => folder.into_owned(),
    }
}

/// The bundle folder (absolute) of the record file `rel` (from the project
/// root) of `collection`, when it is a bundle's `index` file.
pub fn bundle_of(project: &Project, collection: &str, rel: &str) -> Option<PathBuf> {
    let content = rel_path(&project.root, &project.content_dir);
    let dir = Path::new(&content).join(collection);
    bundle_dir(&dir, Path::new(rel)).map(|d| project.root.join(d))
}

/// Whether a file of a bundle folder is published with it: not a record
/// file, nor hidden or a note (`_x`), nor an editor's leftover.
pub fn is_bundle_file(name: &str) -> bool {
    !(name.starts_with('_')
        || name.starts_with('.')
        || crate::core::names::is_editor_leftover(name)
        || super::is_record_ext(Path::new(name)))
}

/// The files a bundle folder publishes, by `/`-separated path from it,
/// sorted: those of its folders too, but a folder that is a bundle of its
/// own (holds an `index` record file). Links are followed only inside
/// the project; others are left out (`check` reports them).
pub fn bundle_files(project: &Project, dir: &Path) -> Vec<(String, PathBuf)> {
    let Ok(root) = crate::core::confine::Root::new(&project.root) else {
        return Vec::new();
    };
    let walk = walkdir::WalkDir::new(dir).min_depth(1).follow_links(true).sort_by_file_name();
    let walk = walk.into_iter().filter_entry(|e| {
        let name = e.file_name().to_string_lossy();
        if e.file_type().is_dir() {
            let nested = ["md", "yaml", "yml"]
                .iter()
                .any(|x| e.path().join(format!("{INDEX}.{x}")).is_file());
            return !name.starts_with(['_', '.']) && !nested && root.resolve(e.path()).is_ok();
        }
        is_bundle_file(&name) && root.resolve(e.path()).is_ok()
    });
    walk.flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?;
            let parts: Vec<&str> = rel.iter().map(|c| c.to_str()).collect::<Option<_>>()?;
            Some((parts.join("/"), e.into_path()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bundle_index_is_named_by_its_folder() {
        let c = Path::new("content/practices");
        assert_eq!(record_stem(c, Path::new("content/practices/x/index.md")), "x");
        assert_eq!(record_stem(c, Path::new("content/practices/x/index.fr.md")), "x.fr");
        assert_eq!(record_stem(c, Path::new("content/practices/a/b/index.yaml")), "b");
        // A collection's own `index.md` is the record `index`.
        assert_eq!(record_stem(c, Path::new("content/practices/index.md")), "index");
        assert_eq!(record_stem(c, Path::new("content/practices/x/other.md")), "other");
        assert_eq!(record_stem(c, Path::new("content/practices/x/indexes.md")), "indexes");
        assert!(bundle_dir(c, Path::new("content/practices/x/index.md")).is_some());
        assert!(bundle_dir(c, Path::new("content/practices/index.md")).is_none());
    }

    #[test]
    fn records_notes_and_hidden_files_are_not_published() {
        assert!(is_bundle_file("diagram.png"));
        assert!(is_bundle_file("report.pdf"));
        for n in ["index.md", "notes.yaml", "a.yml", "_draft.png", ".DS_Store", "x.png~"] {
            assert!(!is_bundle_file(n), "{n}");
        }
    }
}
