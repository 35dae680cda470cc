//! What a changed path is to the engine: a record, the schema, a template,
//! a theme asset, `book.toml`, or nothing it reads.

use std::path::Path;

use super::ChangeKind;
use crate::config::{CONFIG_FILE, STATIC_DIR};
use crate::load;

/// The collection a record file belongs to: the first folder under the
/// content folder. `None` for files that are not records.
pub fn record_collection(content_dir: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(content_dir).ok()?;
    let mut parts = rel.components();
    let first = parts.next()?.as_os_str().to_str()?.to_owned();
    // A file directly in content/ is not a record.
    parts.next()?;
    let hidden = rel.components().any(|c| {
        let s = c.as_os_str().to_string_lossy();
        s.starts_with('_') || s.starts_with('.')
    });
    (!hidden && load::is_record_file(path)).then_some(first)
}

/// Whether `path` is a record's translation, `ID.LANG.md` or
/// `ID.LANG.yaml`: record ids hold no dot, so a dot left in the stem is
/// the language's.
pub fn is_translation_file(path: &Path) -> bool {
    path.file_stem().and_then(|s| s.to_str()).is_some_and(|s| s.contains('.'))
}

/// Whether `path` is a file a page bundle may publish: in a folder of a
/// collection's folder, with a name a bundle publishes.
fn is_bundle_candidate(content_dir: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(content_dir) else {
        return false;
    };
    let hidden = rel.iter().any(|c| c.to_string_lossy().starts_with(['_', '.']));
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    rel.iter().count() > 2 && !hidden && load::is_bundle_file(&name)
}

/// Whether `path` is `book.toml` of the project at `root`.
pub fn is_config(root: &Path, path: &Path) -> bool {
    path == root.join(CONFIG_FILE)
}

/// Reads a batch of changed paths (absolute) into change kinds, dropping
/// files that cannot matter (editor temporaries are dropped by the watcher).
pub fn classify(
    project_root: &Path,
    content_dir: &Path,
    themes_dir: &Path,
    path: &Path,
) -> Option<ChangeKind> {
    // `static/` is copied whole by the full path (a file there may clash
    // with any output); as rare as a book.toml edit.
    if is_config(project_root, path) || path.starts_with(project_root.join(STATIC_DIR)) {
        return Some(ChangeKind::Config);
    }
    if path.starts_with(content_dir) {
        if record_collection(content_dir, path).is_some() {
            return Some(ChangeKind::Record(path.to_path_buf()));
        }
        // Schema files (and their near-miss names, which `load` warns
        // about), record files where no record may be, and folders change
        // the structure. Anything else, such as the temporary file `sed -i`
        // renames over a record, is no content: `load` ignores it too.
        let yaml = matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml" | "md"));
        if yaml || path.is_dir() {
            return Some(ChangeKind::Schema);
        }
        // A file in a folder of a collection may be a page bundle's,
        // published beside its record's page: copied by the full path, as
        // `static/` is.
        return is_bundle_candidate(content_dir, path).then_some(ChangeKind::Config);
    }
    if let Ok(rel) = path.strip_prefix(themes_dir) {
        // themes/NAME/assets/… are copied as they are; every other file of a
        // theme is a template (or a folder holding them).
        let is_asset = rel.components().nth(1).is_some_and(|c| c.as_os_str() == "assets");
        return Some(if is_asset {
            ChangeKind::Asset(path.to_path_buf())
        } else {
            ChangeKind::Template(path.to_path_buf())
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classify_paths() {
        let root = Path::new("/r");
        let (content, themes) = (root.join("content"), root.join("themes"));
        let c = |p: &str| classify(root, &content, &themes, Path::new(p));
        assert_eq!(c("/r/book.toml"), Some(ChangeKind::Config));
        assert_eq!(c("/r/static/CNAME"), Some(ChangeKind::Config));
        assert_eq!(c("/r/static/img/a.png"), Some(ChangeKind::Config));
        // A page bundle's file; not one beside a collection's records.
        assert_eq!(c("/r/content/practices/x/diagram.png"), Some(ChangeKind::Config));
        assert_eq!(c("/r/content/practices/diagram.png"), None);
        assert_eq!(c("/r/content/practices/x/.diagram.png.swp"), None);
        assert_eq!(c("/r/content/p/a.md"), Some(ChangeKind::Record("/r/content/p/a.md".into())));
        assert_eq!(
            c("/r/content/p/sub/a.yml"),
            Some(ChangeKind::Record("/r/content/p/sub/a.yml".into()))
        );
        assert_eq!(c("/r/content/p/_collection.yaml"), Some(ChangeKind::Schema));
        assert_eq!(c("/r/content/_taxonomies.yaml"), Some(ChangeKind::Schema));
        assert_eq!(c("/r/content/p/notes.txt"), None);
        assert_eq!(c("/r/content/p/sedX1b2c3"), None);
        assert_eq!(c("/r/content/p/.hidden.md"), Some(ChangeKind::Schema));
        assert_eq!(
            c("/r/themes/t/record.html"),
            Some(ChangeKind::Template("/r/themes/t/record.html".into()))
        );
        assert_eq!(
            c("/r/themes/t/assets/style.css"),
            Some(ChangeKind::Asset("/r/themes/t/assets/style.css".into()))
        );
        assert_eq!(c("/r/site/index.html"), None);
        assert_eq!(c("/r/README.md"), None);
        assert!(is_translation_file(Path::new("/r/content/p/a.fr.md")));
        assert!(is_translation_file(Path::new("/r/content/p/a.zh-Hans.yaml")));
        assert!(!is_translation_file(Path::new("/r/content/p/a.md")));
    }
}
