//! Reading `content/`: find collections and records, split front matter,
//! parse YAML. The only stage that reads content from disk.
//!
//! Files are read in parallel; every problem becomes a diagnostic and the
//! walk goes on, so one run reports all of them.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::config::Project;
use crate::core::confine::{MAX_STATIC_BYTES, Root};
use crate::core::diag::{Diagnostic, Diagnostics, Pos, did_you_mean, rel_path};
use crate::core::read_ahead;
use crate::core::yaml::Node;
use crate::model::RecordFormat;

mod active;
mod bundle;
mod front_matter;
mod not_records;
mod read;

pub use bundle::{bundle_dir, bundle_files, bundle_of, is_bundle_file, record_stem};
pub use front_matter::{FrontMatter, FrontMatterError, split_front_matter};
use not_records::{
    SECTION_FILE, bundle_page_clash, io_help, not_a_record, section_file, unread_top_file,
};
pub use read::read_text;
use read::{read_record, read_yaml_file};

/// The schema file of a collection.
pub const COLLECTION_FILE: &str = "_collection.yaml";
/// The taxonomies file at the top of `content/`.
pub const TAXONOMIES_FILE: &str = "_taxonomies.yaml";
/// The collection whose records others cite with `ref: sources/ID`; it may
/// omit `_collection.yaml`.
pub const SOURCES: &str = "sources";

/// A parsed YAML file (schema or record front matter) and where it lives.
#[derive(Debug, Clone)]
pub struct YamlFile {
    /// Path relative to the root, `/`-separated.
    pub path: String,
    /// The parsed document.
    pub node: Node,
}

/// A record file, parsed but not validated.
#[derive(Debug, Clone)]
pub struct RawRecord {
    /// The collection (folder) it is in.
    pub collection: String,
    /// Path relative to the root, `/`-separated.
    pub path: String,
    /// The file name without extension (the id unless `id` is given).
    pub stem: String,
    /// Markdown with front matter, or pure YAML.
    pub format: RecordFormat,
    /// The front matter, or the whole YAML file: a mapping.
    pub fields: Node,
    /// For Markdown, the body text and the line it starts on.
    pub body: Option<(String, u32)>,
}

/// A collection folder found under `content/`.
#[derive(Debug, Clone)]
pub struct CollectionDir {
    /// The folder name.
    pub name: String,
    /// Its `_collection.yaml`, when present and parsed.
    pub schema: Option<YamlFile>,
    /// Whether it has a `_collection.yaml` (parsed or not): a `sources`
    /// folder without one gets the default schema, one whose file is
    /// broken does not.
    pub has_file: bool,
    /// Relative path of the folder, for diagnostics.
    pub path: String,
}

/// What `content/` holds: the schema files, parsed, and the record files
/// found (read later, one at a time, by [`read_records`]).
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// `_taxonomies.yaml`, when present and parsed.
    pub taxonomies: Option<YamlFile>,
    /// `_taxonomies.yaml` is present but could not be read or parsed.
    pub taxonomies_unreadable: bool,
    /// Collections in name order.
    pub collections: Vec<CollectionDir>,
    /// Record files in path order: (collection, path).
    pub record_files: Vec<(String, PathBuf)>,
    /// The site's languages (book.toml's), which schema translations are
    /// checked against.
    pub languages: Vec<String>,
}

impl Loaded {
    /// Record files found, parsed or not.
    pub fn files(&self) -> usize {
        self.record_files.len()
    }
}

/// Reads and parses every record file of `loaded` in parallel, handing each
/// to `each` as soon as it is parsed (`None` when it cannot be read or
/// parsed: the reason is in the diagnostics passed along), and returns what
/// `each` made, in path order. A file's parse tree lives only while `each`
/// runs, so a large site never holds every tree at once.
pub fn read_records<T, F>(project: &Project, loaded: &Loaded, each: F) -> Vec<T>
where
    T: Send,
    F: Fn(&str, &Path, Option<RawRecord>, Diagnostics) -> T + Sync,
{
    let limits = project.config.limits.yaml();
    let max_bytes = project.config.limits.max_file_bytes;
    // Read ahead of the parsers, for a cold disk.
    read_ahead::par_map(
        &loaded.record_files,
        |(_, path)| path.as_path(),
        max_bytes,
        |(c, path)| {
            let mut d = Diagnostics::new();
            let dir = project.content_dir.join(c);
            let rec = read_record(&project.root, c, &dir, path, max_bytes, limits, &mut d);
            each(c, path, rec, d)
        },
    )
}

/// Finds the collections and record files under `content/` and parses the
/// schema files (`_collection.yaml`, `_taxonomies.yaml`); records are read
/// by [`read_records`].
pub fn scan(project: &Project, diags: &mut Diagnostics) -> Loaded {
    let root = &project.root;
    let content = &project.content_dir;
    let limits = project.config.limits.yaml();
    let max_bytes = project.config.limits.max_file_bytes;
    let mut loaded = Loaded {
        languages: project.config.book.languages().into_iter().map(str::to_owned).collect(),
        ..Loaded::default()
    };

    let tax_path = content.join(TAXONOMIES_FILE);
    if tax_path.is_file() {
        loaded.taxonomies = read_yaml_file(root, &tax_path, max_bytes, limits, diags);
        loaded.taxonomies_unreadable = loaded.taxonomies.is_none();
    }

    let mut record_files: Vec<(String, PathBuf)> = Vec::new();
    let top = match sorted_entries(content) {
        Ok(t) => t,
        Err(e) => {
            diags.push(Diagnostic::error(
                rel_path(root, content),
                Pos::START,
                format!("cannot read the content folder: {e}"),
            ));
            return loaded;
        }
    };
    // The collections' names, for a folder whose name is near one.
    let collections: Vec<String> =
        top.iter().filter(|p| p.join(COLLECTION_FILE).is_file()).map(|p| file_name(p)).collect();
    for path in top {
        let name = file_name(&path);
        if name.starts_with('_') || name.starts_with('.') {
            if path.is_file() && is_record_ext(&path) {
                diags.extend(unread_top_file(root, &path, &name));
            }
            continue;
        }
        if path.is_file() {
            // An error, not a warning: a contributor's record left here
            // would pass CI and never be published.
            if is_record_ext(&path) {
                diags.push(
                    Diagnostic::error(
                        rel_path(root, &path),
                        Pos::START,
                        "this file is outside any collection, so it is not published",
                    )
                    .with_help(
                        "move it into a collection's folder (a folder of the content folder \
                         with a _collection.yaml), or start its name with `_` to keep it as a \
                         note that is never published",
                    ),
                );
            }
            continue;
        }
        if !path.is_dir() {
            continue;
        }
        if Root::is_link(&path) && !inside(root, &path, diags) {
            continue;
        }
        let schema_path = path.join(COLLECTION_FILE);
        let has_file = schema_path.is_file();
        let schema = if has_file {
            read_yaml_file(root, &schema_path, max_bytes, limits, diags)
        } else {
            None
        };
        let mut has_records = false;
        // Links are followed only where they resolve inside the root; the
        // others are refused before the walk enters them.
        let mut refused: Vec<PathBuf> = Vec::new();
        // A `_collection.yaml` in a folder of a collection: collections do
        // not nest (Hugo's and Zola's sections do), which is said.
        let mut nested: Vec<PathBuf> = Vec::new();
        // Hugo's and Zola's section files, which nothing reads here.
        let mut sections: Vec<PathBuf> = Vec::new();
        // Page bundles' folders, and the files below the collection's own
        // folder that are not records (a bundle's, or stray).
        let mut bundles: std::collections::HashSet<PathBuf> = Default::default();
        let mut others: Vec<PathBuf> = Vec::new();
        let walk = WalkDir::new(&path)
            .min_depth(1)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                let n = e.file_name().to_string_lossy();
                if n.starts_with('_') || n.starts_with('.') {
                    if e.depth() > 1 && n == COLLECTION_FILE {
                        nested.push(e.path().to_path_buf());
                    }
                    if n == SECTION_FILE && e.file_type().is_file() {
                        sections.push(e.path().to_path_buf());
                    }
                    return false;
                }
                if e.path_is_symlink() && confine(root, e.path()).is_err() {
                    refused.push(e.path().to_path_buf());
                    return false;
                }
                true
            });
        for entry in walk {
            match entry {
                Ok(e) if e.file_type().is_file() && is_record_ext(e.path()) => {
                    has_records = true;
                    if let Some(dir) = bundle_dir(&path, e.path()) {
                        bundles.insert(dir.to_path_buf());
                    }
                    record_files.push((name.clone(), e.into_path()));
                }
                // Perhaps a bundle's file: known once the walk has seen
                // every `index` record file.
                Ok(e)
                    if e.file_type().is_file()
                        && e.depth() > 1
                        && !crate::core::names::is_editor_leftover(
                            &e.file_name().to_string_lossy(),
                        ) =>
                {
                    others.push(e.into_path())
                }
                Ok(e) if e.file_type().is_dir() => {}
                // An open editor's swap file is no reason to fail `--strict`.
                Ok(e)
                    if crate::core::names::is_editor_leftover(&e.file_name().to_string_lossy()) => {
                }
                Ok(e) => diags.push(not_a_record(root, e.path(), e.file_type().is_file())),
                // Following a link fails before the filter above sees its
                // name: Emacs's lock file `.#x.md` is a link to nothing
                // while a buffer has unsaved changes.
                Err(e)
                    if e.path().and_then(Path::file_name).is_some_and(|n| {
                        let n = n.to_string_lossy();
                        n.starts_with(['.', '_']) || crate::core::names::is_editor_leftover(&n)
                    }) => {}
                Err(e) => {
                    let p = e
                        .path()
                        .map(|p| rel_path(root, p))
                        .unwrap_or_else(|| rel_path(root, &path));
                    // walkdir's own message repeats the absolute path.
                    let (why, help) = match e.io_error() {
                        Some(io) if io.kind() == std::io::ErrorKind::NotFound => (
                            "it is a symbolic link to nothing (its target does not exist)"
                                .to_owned(),
                            "point the link at a file in the project, or remove it",
                        ),
                        Some(io) => (io.to_string(), io_help(io)),
                        None if e.loop_ancestor().is_some() => (
                            "it is a symbolic link to a folder that holds it".to_owned(),
                            "remove the link: it would be walked for ever",
                        ),
                        None => (e.to_string(), "check the file's permissions"),
                    };
                    diags.push(
                        Diagnostic::error(p, Pos::START, format!("cannot read: {why}"))
                            .with_help(help),
                    );
                }
            }
        }
        for p in others {
            // Its folders, nearest first, looked up: a scan of every
            // bundle per file was quadratic on a site of bundles.
            match p.ancestors().skip(1).take_while(|a| *a != path).find(|a| bundles.contains(*a)) {
                Some(b) if p.parent() == Some(b) && file_name(&p) == "index.html" => {
                    diags.push(bundle_page_clash(root, &p));
                }
                // A page, or a drawing with a script, would run as the site.
                Some(_) if active::needs_check(&p) => diags.extend(active::check(root, &p)),
                // Published as it is, so `build` would refuse it: said here.
                Some(_) if p.metadata().is_ok_and(|m| m.len() > MAX_STATIC_BYTES) => {
                    diags.push(
                        Diagnostic::error(
                            rel_path(root, &p),
                            Pos::START,
                            format!(
                                "this page bundle's file is larger than {MAX_STATIC_BYTES} bytes, the most a published file may have"
                            ),
                        )
                        .with_help("make it smaller, or publish it elsewhere and link to it"),
                    );
                }
                // A near-miss record name (`x.markdown`) is said in a
                // bundle too: its author meant a record.
                Some(_) => diags.extend(
                    Some(not_a_record(root, &p, true))
                        .filter(|d| d.severity == crate::core::diag::Severity::Error),
                ),
                None => diags.push(not_a_record(root, &p, true)),
            }
        }
        for p in refused {
            inside(root, &p, diags);
        }
        for p in sections {
            diags.push(section_file(root, &p, Some(&name)));
        }
        for p in nested {
            diags.push(
                Diagnostic::warning(
                    rel_path(root, &p),
                    Pos::START,
                    format!(
                        "this {COLLECTION_FILE} is ignored: collections do not nest, so the \
                         records of this folder belong to `{name}` and are published at \
                         `{name}/ID/`"
                    ),
                )
                .with_help(format!(
                    "delete it, or move its folder beside `{name}` in the content folder to make \
                     it a collection of its own"
                )),
            );
        }
        if !has_file && name != SOURCES {
            if has_records {
                // At its first record, which a pull request's annotations
                // can show; a misspelt collection's name is said first.
                let first = record_files.iter().find(|(c, _)| *c == name).map(|(_, p)| p);
                let at = rel_path(root, first.unwrap_or(&path));
                let near = did_you_mean(&name, collections.iter().map(String::as_str));
                let folder = rel_path(root, &path);
                let help = match near {
                    Some(c) => format!(
                        "did you mean the collection `{c}`? Move the records into {}/{c}/, or add {folder}/{COLLECTION_FILE} with at least a `title` to make `{name}` a collection",
                        rel_path(root, content)
                    ),
                    None => format!(
                        "move the records into a collection's folder, or add {folder}/{COLLECTION_FILE} with at least a `title` to make `{name}` a collection"
                    ),
                };
                diags.push(
                    Diagnostic::error(at, Pos::START, format!("the folder `{name}` holds records but no {COLLECTION_FILE}, so it is no collection"))
                        .with_help(help),
                );
            }
            record_files.retain(|(c, _)| *c != name);
            continue;
        }
        loaded.collections.push(CollectionDir {
            name,
            schema,
            has_file,
            path: rel_path(root, &path),
        });
    }

    loaded.record_files = record_files;
    loaded
}

/// Reads one record file of `collection` (`path` absolute or relative to the
/// working folder): the single-file path `serve` takes when one record is
/// saved. `None` when it cannot be read or parsed; the reason is in `diags`.
pub fn record(
    project: &Project,
    collection: &str,
    path: &Path,
    diags: &mut Diagnostics,
) -> Option<RawRecord> {
    // The watcher names any path under the content folder, links included.
    if !inside(&project.root, path, diags) {
        return None;
    }
    let limits = project.config.limits.yaml();
    read_record(
        &project.root,
        collection,
        &project.content_dir.join(collection),
        path,
        project.config.limits.max_file_bytes,
        limits,
        diags,
    )
}

/// Whether a file name is a record file (`.md`, `.yaml`, `.yml`, not
/// starting with `_` or `.`).
pub fn is_record_file(path: &Path) -> bool {
    let name = file_name(path);
    !(name.starts_with('_') || name.starts_with('.')) && is_record_ext(path)
}

/// Whether `path` resolves inside the project `root`; when it does not, an
/// error naming it is pushed (nothing outside the project is ever read:
/// see [`crate::core::confine`]).
fn inside(root: &Path, path: &Path, diags: &mut Diagnostics) -> bool {
    match confine(root, path) {
        Ok(()) => true,
        // A missing file is reported by whoever reads it, as before.
        Err(crate::core::confine::Refused::Unresolved(_)) if !Root::is_link(path) => true,
        Err(why) => {
            let what =
                if Root::is_link(path) { "a symbolic link" } else { "under a symbolic link" };
            diags.push(
                Diagnostic::error(
                    rel_path(root, path),
                    Pos::START,
                    format!("`{}` is {what} that is not followed: {why}", rel_path(root, path)),
                )
                .with_help(
                    "Compendium reads nothing outside the project folder, nor hidden files: replace the link \
                     with the files themselves, or remove it",
                ),
            );
            false
        }
    }
}

fn confine(root: &Path, path: &Path) -> Result<(), crate::core::confine::Refused> {
    let root = Root::new(root).map_err(crate::core::confine::Refused::Unresolved)?;
    root.resolve(path).map(|_| ())
}

fn sorted_entries(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut v: Vec<PathBuf> =
        std::fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).collect();
    v.sort();
    Ok(v)
}

fn file_name(p: &Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

fn is_record_ext(p: &Path) -> bool {
    matches!(p.extension().and_then(|e| e.to_str()), Some("md" | "yaml" | "yml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_split() {
        let fm = split_front_matter("---\ntitle: x\n---\nbody\n").unwrap();
        assert_eq!(fm.yaml, "title: x\n");
        assert_eq!(fm.yaml_line, 2);
        assert_eq!(fm.body, "body\n");
        assert_eq!(fm.body_line, 4);
        let fm = split_front_matter("---\r\na: 1\r\n---\r\n").unwrap();
        assert_eq!(fm.yaml, "a: 1\r\n");
        assert_eq!(fm.body, "");
        assert_eq!(split_front_matter("title: x\n"), Err(FrontMatterError::Missing));
        assert_eq!(split_front_matter("---\ntitle: x\n"), Err(FrontMatterError::Unclosed));
        assert_eq!(split_front_matter(""), Err(FrontMatterError::Missing));
    }
}
