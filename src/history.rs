//! Record history from git: the commits that changed each record file (or a
//! translation of it), read with `gix` (pure Rust) from the repository the
//! content folder is in. The `git` program is never run.
//!
//! [`read`] walks the commits reachable from HEAD, newest first by commit
//! time, and diffs each commit's content folder against its first
//! parent's by tree ids only (no file is read): a commit that did not touch
//! the content folder costs one tree lookup. Paths are kept relative to
//! the project root, as [`crate::model::Record::path`] writes them;
//! [`Raw::for_records`] then gives each record the changes of its files.
//! A file moved without changing its bytes (a rename git records as a
//! deletion and an addition of the same blob) keeps its history; a file
//! moved and edited in one commit starts afresh.
//!
//! The result depends only on the commits (HEAD) and the content, never on
//! the clock or the working tree's uncommitted changes (a record counts as
//! removed when its file is gone from the content folder). Outside a
//! repository, in a shallow clone (first-published dates would be wrong),
//! or with `[history] enabled = false`, there is no history and pages show
//! the records' `updated` field.

mod walk;

use std::collections::{BTreeMap, HashMap};

use crate::config::Project;
use crate::model::{Commit, History, HistoryStatus, Key, RECENT_COMMITS, Record};

/// History as read from the repository, by file path: what does not depend
/// on the records (`serve` reads it once, at start, and gives it to every
/// site it loads after).
#[derive(Debug, Clone, Default)]
pub struct Raw {
    /// Whether it was read.
    pub status: HistoryStatus,
    /// HEAD's commit (hex), when there is one.
    pub head: Option<String>,
    /// Commits that changed a record file, newest first (without records).
    commits: Vec<Commit>,
    /// Record file, relative to the project root, `/`-separated → indexes
    /// into `commits`, newest first.
    paths: HashMap<String, Vec<u32>>,
    /// The project root, where a file no published record holds may still
    /// be (a draft's): no removal then.
    root: std::path::PathBuf,
}

/// Reads the history of `project`'s content folder (see the module's
/// documentation). Never fails: a repository that cannot be read gives a
/// status saying why.
pub fn read(project: &Project) -> Raw {
    if !project.config.history.enabled {
        return Raw::default();
    }
    let (repo, head, place) = match walk::open(project) {
        Ok(opened) => opened,
        Err(status) => return Raw { status, ..Raw::default() },
    };
    let mut raw = Raw {
        status: HistoryStatus::Full,
        head: Some(head.to_string()),
        root: project.root.clone(),
        ..Raw::default()
    };
    if let Err(why) = walk::walk(&repo, head, &place, &mut raw) {
        return Raw { status: HistoryStatus::Unreadable(why), head: raw.head, ..Raw::default() };
    }
    raw
}

/// What a build's output depends on in the repository, cheaply (no walk):
/// the status and HEAD's commit. [`crate::fingerprint`] hashes it, so that
/// a new commit renders again.
pub fn probe(project: &Project) -> (HistoryStatus, Option<String>) {
    if !project.config.history.enabled {
        return (HistoryStatus::Off, None);
    }
    match walk::open(project) {
        Ok((_, head, _)) => (HistoryStatus::Full, Some(head.to_string())),
        Err(status) => (status, None),
    }
}

impl Raw {
    /// The site's history: each record's changes are those of its file and
    /// its translations' files.
    pub fn for_records(&self, records: &BTreeMap<Key, Record>) -> History {
        let mut commits = self.commits.clone();
        let mut by_key = BTreeMap::new();
        let recent = commits.len().min(RECENT_COMMITS);
        for r in records.values() {
            let files = std::iter::once(&r.path).chain(r.translations.values().map(|t| &t.path));
            let mut ids: Vec<u32> =
                files.filter_map(|p| self.paths.get(p)).flatten().copied().collect();
            if ids.is_empty() {
                continue;
            }
            // Indexes follow the walk: smaller is newer.
            ids.sort_unstable();
            ids.dedup();
            for i in ids.iter().map(|i| *i as usize).filter(|i| *i < recent) {
                // Records come in key order: each list ends up sorted.
                commits[i].records.push(r.key.clone());
            }
            by_key.insert(r.key.clone(), ids);
        }
        self.gone_files(records, &mut commits[..recent]);
        History { status: self.status.clone(), head: self.head.clone(), commits, records: by_key }
    }

    /// The recent commits' changes to files no record holds now: a
    /// translation removed or moved away counts as a change of its record
    /// (`ID.LANG.md`), a record file as the record's removal, in the
    /// newest commit that touched it (the one that removed it).
    fn gone_files(&self, records: &BTreeMap<Key, Record>, recent: &mut [Commit]) {
        let held: std::collections::HashSet<&str> = records
            .values()
            .flat_map(|r| std::iter::once(&r.path).chain(r.translations.values().map(|t| &t.path)))
            .map(String::as_str)
            .collect();
        for (path, ids) in &self.paths {
            let Some(&newest) = ids.iter().min() else { continue };
            if held.contains(path.as_str()) || newest as usize >= recent.len() {
                continue;
            }
            let Some(key) = key_of(path) else { continue };
            if self.root.join(path).exists() {
                // A draft, or a file with errors: not removed.
                continue;
            }
            let base = key.id.rsplit_once('.').map(|(b, _)| Key::new(&key.collection, b));
            match base.filter(|b| records.contains_key(b)) {
                Some(b) => {
                    let n = recent.len();
                    for i in ids.iter().map(|i| *i as usize).filter(|i| *i < n) {
                        let list = &mut recent[i].records;
                        if let Err(at) = list.binary_search(&b) {
                            list.insert(at, b.clone());
                        }
                    }
                }
                None if !records.contains_key(&key) => {
                    recent[newest as usize].removed.push(key.to_string());
                }
                None => {}
            }
        }
        // The paths came in hash order.
        for c in recent {
            c.removed.sort();
        }
    }

    /// Records one commit's changed record files (already deduplicated).
    fn push(&mut self, commit: Commit, paths: impl IntoIterator<Item = String>) {
        let Ok(index) = u32::try_from(self.commits.len()) else { return };
        self.commits.push(commit);
        for p in paths {
            self.paths.entry(p).or_default().push(index);
        }
    }
}

/// The key a record file's path names: its folder (the collection) and
/// its name without the extension (a translation's keeps `.LANG`).
fn key_of(path: &str) -> Option<Key> {
    let (folder, file) = path.rsplit_once('/')?;
    let collection = folder.rsplit('/').next()?;
    let (stem, _) = file.rsplit_once('.')?;
    Some(Key::new(collection, stem))
}

/// Whether a path inside the content folder (`/`-separated) names a record
/// or translation file as `load` finds them: `.md`, `.yaml` or `.yml`, with
/// no part starting with `_` or `.`.
fn is_record_path(path: &str) -> bool {
    let ext_ok = [".md", ".yaml", ".yml"].iter().any(|e| path.ends_with(e));
    ext_ok && !path.split('/').any(|part| part.starts_with('_') || part.starts_with('.'))
}

#[cfg(test)]
mod tests;
