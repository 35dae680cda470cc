//! The repository side of [`super::read`]: finding the repository and the
//! content folder's place in it, and walking the commits.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use gix::ObjectId;
use gix::bstr::ByteSlice as _;
use gix::diff::tree::recorder::Change;
use gix::revision::walk::Sorting;
use gix::traverse::commit::simple::CommitTimeOrder;

use super::{Raw, is_record_path};
use crate::config::Project;
use crate::model::{Commit, HistoryStatus};

/// Where the content folder is: its path inside the repository (the tree
/// components to descend) and relative to the project root (the prefix of
/// record paths).
pub(super) struct Place {
    in_repo: Vec<String>,
    in_root: String,
}

/// The repository holding `project`'s content folder, HEAD's commit and
/// the content folder's place; or the status saying why there is no history.
pub(super) fn open(project: &Project) -> Result<(gix::Repository, ObjectId, Place), HistoryStatus> {
    let content = &project.content_dir;
    let mut repo = match gix::discover(content) {
        Ok(r) => r,
        // Any ancestor with a `.git` means a repository that cannot be read.
        Err(e) if has_git_above(content) => return Err(HistoryStatus::Unreadable(e.to_string())),
        Err(_) => return Err(HistoryStatus::NotARepository),
    };
    let unreadable = |e: &dyn std::fmt::Display| HistoryStatus::Unreadable(e.to_string());
    let Some(workdir) = repo.workdir() else {
        return Err(HistoryStatus::Unreadable("a bare repository has no content folder".into()));
    };
    let (workdir, content_abs) = match (workdir.canonicalize(), content.canonicalize()) {
        (Ok(w), Ok(c)) => (w, c),
        (Err(e), _) | (_, Err(e)) => return Err(unreadable(&e)),
    };
    // A content folder linked from elsewhere is not the repository's.
    let Ok(inside) = content_abs.strip_prefix(&workdir) else {
        return Err(HistoryStatus::NotARepository);
    };
    let in_repo: Vec<String> =
        inside.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    let in_root = crate::core::diag::rel_path(&project.root, content);
    if repo.is_shallow().map_err(|e| unreadable(&e))? {
        return Err(HistoryStatus::Shallow);
    }
    let head = match repo.head() {
        Ok(h) if h.is_unborn() => {
            return Err(HistoryStatus::Unreadable("the repository has no commit yet".into()));
        }
        Ok(h) => h,
        Err(e) => return Err(unreadable(&e)),
    };
    let Some(head) = head.id() else {
        return Err(HistoryStatus::Unreadable("HEAD names no commit".into()));
    };
    let head = head.detach();
    // The walk reads each commit twice (as a commit, then as a parent).
    repo.object_cache_size_if_unset(4 * 1024 * 1024);
    Ok((repo, head, Place { in_repo, in_root }))
}

fn has_git_above(dir: &Path) -> bool {
    let start = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    start.ancestors().any(|d| d.join(".git").exists())
}

/// Walks the commits reachable from `head`, newest first, into `raw`.
pub(super) fn walk(
    repo: &gix::Repository,
    head: ObjectId,
    place: &Place,
    raw: &mut Raw,
) -> Result<(), String> {
    let text = |e: &dyn std::fmt::Display| e.to_string();
    let walk = repo
        .rev_walk([head])
        .sorting(Sorting::ByCommitTime(CommitTimeOrder::NewestFirst))
        .all()
        .map_err(|e| text(&e))?;
    // Each commit's content tree is needed twice: as a commit, then as the
    // parent of the one before it in the walk.
    let mut content_trees: HashMap<ObjectId, Option<ObjectId>> = HashMap::new();
    let mut state = gix::diff::tree::State::default();
    // Older paths of files moved since (without changes), to their path now.
    let mut moved: HashMap<String, String> = HashMap::new();
    for info in walk {
        let info = info.map_err(|e| text(&e))?;
        let commit = info.object().map_err(|e| text(&e))?;
        let this = match content_trees.remove(&info.id) {
            Some(t) => t,
            None => content_tree(repo, commit.tree_id().map_err(|e| text(&e))?.detach(), place)?,
        };
        let parent = match info.parent_ids.first() {
            Some(p) => match content_trees.get(p) {
                Some(t) => *t,
                None => {
                    let tree = repo
                        .find_commit(*p)
                        .and_then(|c| c.tree_id().map(gix::Id::detach))
                        .map_err(|e| text(&e))?;
                    let t = content_tree(repo, tree, place)?;
                    content_trees.insert(*p, t);
                    t
                }
            },
            None => None,
        };
        if this == parent {
            continue;
        }
        let changes = diff(repo, parent, this, &mut state)?;
        let paths = record_changes(changes, place, &mut moved);
        if paths.is_empty() {
            continue;
        }
        let time = commit.time().map_err(|e| text(&e))?.seconds;
        let date = jiff::Timestamp::from_second(time)
            .map_err(|e| text(&e))?
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .date();
        let message = commit.message_raw_sloppy();
        let summary = message.lines().map(|l| l.trim()).find(|l| !l.is_empty()).unwrap_or(b"");
        let id = info.id.to_string();
        let commit = Commit {
            short: id.chars().take(7).collect(),
            id,
            time,
            date,
            // Shown on pages: nothing in it may turn the text around it.
            summary: crate::core::rules::shown_inert(&summary.to_str_lossy()),
            records: Vec::new(),
            removed: Vec::new(),
        };
        raw.push(commit, paths);
    }
    Ok(())
}

/// The id of the content folder's tree in the commit whose tree is `tree`
/// (`None` when the commit has no such folder).
fn content_tree(
    repo: &gix::Repository,
    tree: ObjectId,
    place: &Place,
) -> Result<Option<ObjectId>, String> {
    let mut id = tree;
    for part in &place.in_repo {
        let t = repo.find_tree(id).map_err(|e| e.to_string())?;
        let next =
            t.find_entry(part.as_str()).filter(|e| e.mode().is_tree()).map(|e| e.oid().to_owned());
        match next {
            Some(n) => id = n,
            None => return Ok(None),
        }
    }
    Ok(Some(id))
}

/// The changes between two content trees (either may be missing), by tree
/// ids: unchanged folders are skipped whole, and no file is read.
fn diff(
    repo: &gix::Repository,
    old: Option<ObjectId>,
    new: Option<ObjectId>,
    state: &mut gix::diff::tree::State,
) -> Result<Vec<Change>, String> {
    let data = |id: Option<ObjectId>| -> Result<Vec<u8>, String> {
        match id {
            Some(id) => repo.find_tree(id).map(|t| t.detach().data).map_err(|e| e.to_string()),
            None => Ok(Vec::new()),
        }
    };
    let (old, new) = (data(old)?, data(new)?);
    let kind = repo.object_hash();
    let mut recorder = gix::diff::tree::Recorder::default();
    gix::diff::tree(
        gix::objs::TreeRefIter::from_bytes(&old, kind),
        gix::objs::TreeRefIter::from_bytes(&new, kind),
        state,
        &repo.objects,
        &mut recorder,
    )
    .map_err(|e| e.to_string())?;
    Ok(recorder.records)
}

/// The record files (relative to the project root, under their path now)
/// that `changes` touched, each once, sorted. A blob deleted at one path
/// and added at another in the same commit was moved: its older changes
/// count under the new path (`moved` carries that to older commits).
fn record_changes(
    changes: Vec<Change>,
    place: &Place,
    moved: &mut HashMap<String, String>,
) -> BTreeSet<String> {
    let mut added: BTreeMap<ObjectId, String> = BTreeMap::new();
    let mut deleted: Vec<(ObjectId, String)> = Vec::new();
    let mut touched: Vec<String> = Vec::new();
    for change in changes {
        let (path, oid, what) = match change {
            Change::Addition { entry_mode, oid, path, .. } if entry_mode.is_blob() => {
                (path, oid, 1)
            }
            Change::Deletion { entry_mode, oid, path, .. } if entry_mode.is_blob() => {
                (path, oid, 2)
            }
            Change::Modification { entry_mode, oid, previous_oid, path, .. }
                if entry_mode.is_blob() && oid != previous_oid =>
            {
                (path, oid, 0)
            }
            _ => continue,
        };
        let Ok(path) = path.to_str() else { continue };
        if !is_record_path(path) {
            continue;
        }
        let full = if place.in_root.is_empty() || place.in_root == "." {
            path.to_owned()
        } else {
            format!("{}/{path}", place.in_root)
        };
        match what {
            1 => {
                added.entry(oid).or_insert_with(|| full.clone());
            }
            2 => deleted.push((oid, full.clone())),
            _ => {}
        }
        touched.push(full);
    }
    // Newer commits came first: a path a newer commit moved away from
    // already maps to where the file is now.
    let now = |p: &str, moved: &HashMap<String, String>| moved.get(p).cloned();
    for (oid, from) in deleted {
        if let Some(to) = added.get(&oid) {
            let target = now(to, moved).unwrap_or_else(|| to.clone());
            moved.insert(from, target);
        }
    }
    touched.into_iter().map(|p| now(&p, moved).unwrap_or(p)).collect()
}
