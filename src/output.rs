//! Writing output atomically.
//!
//! A build is staged in a fresh sibling folder and swapped in only when it is
//! complete, so a failed build leaves the previous site and index exactly as
//! they were (mdBook wipes its output first; we do not). Every folder a
//! build writes carries a [`MARKER`], locked while a run writes it: the next
//! run removes the staging folders of killed runs ([`sweep`]), and `config`
//! refuses to replace a folder without one.

use std::fs;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the site root, `/`-separated, no `..`.
    pub path: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

impl OutputFile {
    /// A file from a path and anything byte-like.
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        OutputFile { path: path.into(), bytes: bytes.into() }
    }
}

/// The marker file a build writes into the site and index folders it makes:
/// a folder without it (and not recognisably an older build's) is never
/// replaced. While a run writes a staging folder, it holds an exclusive
/// lock on the folder's marker, which tells a later run that the folder is
/// in use and not the leftover of a killed build.
pub const MARKER: &str = crate::core::names::MARKER;

const MARKER_TEXT: &str = "This folder was made by Compendium, whose next build replaces it \
                           whole: keep nothing else here.\n";

/// A leftover without a marker (from a version before markers, or a run
/// killed in the instant between making a staging folder and its marker)
/// is removed only when this old, so that a staging folder being created
/// right now is never taken for one.
const UNMARKED_STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(60);

/// A staging folder beside `target`, removed on drop unless committed.
#[derive(Debug)]
pub struct Staging {
    // Dropped (the folder removed) before the lock below is released.
    dir: Option<tempfile::TempDir>,
    target: PathBuf,
    /// Every file written, with its size (for the build manifest).
    written: std::sync::Mutex<Vec<(String, u64)>>,
    /// The locked marker inside the staging folder.
    _lock: fs::File,
}

/// What a committed staging folder left behind.
#[derive(Debug, Default)]
pub struct Committed {
    /// The previous folder, when it could not be removed after the swap (the
    /// next build's [`sweep`] removes it), and why.
    pub leftover: Option<(PathBuf, String)>,
}

impl Staging {
    /// Creates `.NAME.tmp-XXXX` beside `target` (same file system, so the
    /// final rename is atomic), after removing the staging folders of
    /// killed runs there (see [`sweep`]).
    pub fn new(target: &Path) -> Result<Staging> {
        let (parent, name) = parent_and_name(target);
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create `{}`", parent.display()))?;
        // A leftover only costs disk space: never a reason to fail a build.
        let _ = sweep(target);
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.tmp-"))
            .tempdir_in(parent)
            .with_context(|| format!("cannot create a staging folder in `{}`", parent.display()))?;
        let lock = lock_marker(dir.path(), true)?;
        Ok(Staging {
            dir: Some(dir),
            target: target.to_path_buf(),
            written: Default::default(),
            _lock: lock,
        })
    }

    /// The staging folder's path.
    pub fn path(&self) -> &Path {
        self.dir.as_ref().map(|d| d.path()).unwrap_or(&self.target)
    }

    /// Writes `files` into the staging folder.
    pub fn write_all(&self, files: &[OutputFile]) -> Result<()> {
        files.iter().try_for_each(|f| self.write(f))
    }

    /// Writes the file at `path` in the staging folder with `write`, through
    /// a buffer: for large files made piece by piece (datasets), which are
    /// then never whole in memory.
    pub fn write_with(
        &self,
        path: &str,
        write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<()> {
        let full = self.path().join(checked_rel(path)?);
        if let Some(parent) = full.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create `{}`", parent.display()))?;
        }
        let file = fs::File::create(&full)
            .with_context(|| format!("cannot create `{}`", full.display()))?;
        let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
        write(&mut out)
            .and_then(|()| out.flush())
            .with_context(|| format!("cannot write `{}`", full.display()))?;
        let size = fs::metadata(&full).map(|m| m.len()).unwrap_or(0);
        if let Ok(mut w) = self.written.lock() {
            w.push((path.to_owned(), size));
        }
        Ok(())
    }

    /// Writes one file into the staging folder.
    pub fn write(&self, file: &OutputFile) -> Result<()> {
        write_file(&self.path().join(checked_rel(&file.path)?), &file.bytes)?;
        if let Ok(mut w) = self.written.lock() {
            w.push((file.path.clone(), file.bytes.len() as u64));
        }
        Ok(())
    }

    /// The files written so far, in path order.
    pub fn written(&self) -> Vec<(String, u64)> {
        let mut w = self.written.lock().map(|w| w.clone()).unwrap_or_default();
        w.sort();
        w
    }

    /// Replaces `target` with the staging folder, then removes the previous
    /// folder. On an error, `target` is what it was before.
    pub fn commit(self) -> Result<Committed> {
        Ok(self.swap()?.finish())
    }

    /// Replaces `target` with the staging folder, keeping the previous
    /// folder until [`Swapped::finish`] removes it or [`Swapped::undo`]
    /// puts it back. On an error, `target` is what it was before.
    pub fn swap(mut self) -> Result<Swapped> {
        let Some(dir) = self.dir.take() else { bail!("staging folder already committed") };
        let staged = dir.keep();
        match swap_in(&staged, &self.target) {
            Ok((old, previous)) => Ok(Swapped {
                target: self.target.clone(),
                old,
                _previous: previous,
                _staging: self,
            }),
            Err(e) => {
                let _ = remove_tree(&staged);
                Err(e)
            }
        }
    }
}

/// A staging folder swapped in, the previous folder kept aside.
#[derive(Debug)]
pub struct Swapped {
    target: PathBuf,
    /// Where the previous folder is (none when there was none).
    old: Option<PathBuf>,
    // The locks on both folders' markers, held until the previous folder
    // is removed or back.
    _previous: Option<fs::File>,
    _staging: Staging,
}

impl Swapped {
    /// Removes the previous folder.
    pub fn finish(self) -> Committed {
        let leftover = self
            .old
            .as_ref()
            .and_then(|old| remove_tree(old).err().map(|e| (old.clone(), e.to_string())));
        Committed { leftover }
    }

    /// Puts the previous folder back (or, when there was none, removes the
    /// new one) and removes the new one.
    pub fn undo(self) -> Result<()> {
        let (parent, name) = parent_and_name(&self.target);
        let new = match &self.old {
            Some(old) => match exchange(old, &self.target)? {
                true => old.clone(),
                false => {
                    let aside = parent.join(format!(".{name}.old-{}-undo", std::process::id()));
                    fs::rename(&self.target, &aside)?;
                    fs::rename(old, &self.target)?;
                    aside
                }
            },
            None => {
                let aside = parent.join(format!(".{name}.old-{}-undo", std::process::id()));
                fs::rename(&self.target, &aside)?;
                aside
            }
        };
        let _ = remove_tree(&new);
        Ok(())
    }
}

fn parent_and_name(target: &Path) -> (&Path, String) {
    let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    (parent, name)
}

/// Opens (with `create`, makes) the marker in `dir` and locks it
/// exclusively, waiting for another run that holds it.
fn lock_marker(dir: &Path, create: bool) -> Result<fs::File> {
    let path = dir.join(MARKER);
    let file = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(create)
        .truncate(false)
        .open(&path)
        .with_context(|| format!("cannot create `{}`", path.display()))?;
    // A file system without locks only loses the protection of a folder in
    // use against a sweep by a concurrent run; a sweep there skips every
    // folder whose marker it cannot lock either.
    let _ = file.lock();
    if file.metadata().is_ok_and(|m| m.len() == 0) {
        (&file)
            .write_all(MARKER_TEXT.as_bytes())
            .with_context(|| format!("cannot write `{}`", path.display()))?;
    }
    Ok(file)
}

/// Removes the staging folders that killed runs left beside `target`
/// (`.NAME.tmp-*`, `.NAME.old-*`): those whose marker no running process
/// holds, and unmarked ones older than a minute. When `target` itself is
/// missing because a run was killed between moving it aside and moving the
/// new one in (systems without an atomic exchange), the folder moved aside
/// is put back instead. Returns the folders removed or restored.
pub fn sweep(target: &Path) -> Result<Vec<PathBuf>> {
    let (parent, name) = parent_and_name(target);
    let (tmp, old) = (format!(".{name}.tmp-"), format!(".{name}.old-"));
    let Ok(entries) = fs::read_dir(parent) else { return Ok(Vec::new()) };
    let mut found: Vec<(std::time::SystemTime, PathBuf, bool)> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            let is_old = n.starts_with(&old);
            (is_old || n.starts_with(&tmp)).then(|| {
                let mtime =
                    e.metadata().and_then(|m| m.modified()).unwrap_or(std::time::UNIX_EPOCH);
                (mtime, e.path(), is_old)
            })
        })
        .collect();
    // Newest first: the one to put back when several were moved aside.
    found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let mut done = Vec::new();
    for (mtime, path, is_old) in found {
        let _held = match fs::File::open(path.join(MARKER)) {
            Ok(f) => match f.try_lock() {
                Ok(()) => Some(f),
                // A running process is writing it.
                Err(_) => continue,
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let age = std::time::SystemTime::now().duration_since(mtime).unwrap_or_default();
                if age < UNMARKED_STALE_AFTER && !(is_old && target.symlink_metadata().is_err()) {
                    continue;
                }
                None
            }
            Err(_) => continue,
        };
        if is_old && target.symlink_metadata().is_err() {
            fs::rename(&path, target).with_context(|| {
                format!("cannot put `{}` back as `{}`", path.display(), target.display())
            })?;
        } else {
            remove_tree(&path).with_context(|| format!("cannot remove `{}`", path.display()))?;
        }
        done.push(path);
    }
    Ok(done)
}

/// Moves `staged` into `target`; returns where the previous folder went
/// and the lock on its marker.
fn swap_in(staged: &Path, target: &Path) -> Result<(Option<PathBuf>, Option<fs::File>)> {
    let (parent, name) = parent_and_name(target);
    let existing = match target.symlink_metadata() {
        Ok(m) if m.is_dir() => true,
        Ok(_) => bail!("refusing to replace `{}`: it is not a folder", target.display()),
        Err(_) => false,
    };
    if !existing {
        fs::rename(staged, target)
            .with_context(|| format!("cannot move the new build into `{}`", target.display()))?;
        return Ok((None, None));
    }
    // Held until the previous folder is gone: a sweep by another run must
    // not take it for a leftover while it is being replaced or removed.
    let previous = lock_marker(target, true)?;
    let old = match exchange(staged, target) {
        // The staging folder's name now holds the previous folder.
        Ok(true) => staged.to_path_buf(),
        Ok(false) => {
            let old = parent.join(format!(
                ".{name}.old-{}-{}",
                std::process::id(),
                staged.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
            ));
            fs::rename(target, &old)
                .with_context(|| format!("cannot move `{}` aside", target.display()))?;
            if let Err(e) = fs::rename(staged, target) {
                return match fs::rename(&old, target) {
                    Ok(()) => Err(e).with_context(|| {
                        format!("cannot move the new build into `{}`", target.display())
                    }),
                    Err(back) => Err(e).with_context(|| {
                        format!(
                            "cannot move the new build into `{}`, nor the previous one back \
                             ({back}): it is in `{}`, and the next build puts it back",
                            target.display(),
                            old.display()
                        )
                    }),
                };
            }
            old
        }
        Err(e) => {
            return Err(e)
                .with_context(|| format!("cannot move the new build into `{}`", target.display()));
        }
    };
    Ok((Some(old), Some(previous)))
}

/// Exchanges the folders `a` and `b` in one step where the system can
/// (Linux's `renameat2` with `RENAME_EXCHANGE`), so that `b` is never
/// missing; `Ok(false)` where it cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        // An old kernel or a file system without it.
        Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<bool> {
    Ok(false)
}

/// Threads that delete an old build: deleting waits on the disk far more
/// than on the processor (on a file system that discards deleted blocks,
/// removing a 10,000-record site one file at a time takes 20 s; eight at a
/// time, 4 s).
const REMOVERS: usize = 8;

/// Removes the folder `root` and everything in it: its files from several
/// threads, then its folders, deepest first, and its marker last, so that
/// a run killed half-way leaves a folder the next [`sweep`] knows for a
/// leftover.
fn remove_tree(root: &Path) -> std::io::Result<()> {
    // A link is removed, never what it points to.
    if crate::core::confine::Root::is_link(root) {
        return gone(fs::remove_file(root));
    }
    let marker = root.join(MARKER);
    let mut files = Vec::new();
    let mut dirs: Vec<(usize, PathBuf)> = Vec::new();
    for entry in walkdir::WalkDir::new(root).follow_links(false).follow_root_links(false) {
        let entry = match entry {
            Ok(e) => e,
            // Another run removing the same leftover got there first.
            Err(e) if e.io_error().is_some_and(|e| e.kind() == ErrorKind::NotFound) => continue,
            Err(e) => return Err(std::io::Error::other(e)),
        };
        if entry.file_type().is_dir() {
            dirs.push((entry.depth(), entry.into_path()));
        } else if entry.path() != marker {
            files.push(entry.into_path());
        }
    }
    let in_parallel = |paths: &[PathBuf], remove: fn(&Path) -> std::io::Result<()>| {
        let per = paths.len().div_ceil(REMOVERS).max(1);
        std::thread::scope(|s| {
            let workers: Vec<_> = paths
                .chunks(per)
                .map(|chunk| s.spawn(move || chunk.iter().try_for_each(|p| remove(p))))
                .collect();
            workers.into_iter().try_for_each(|w| {
                w.join().unwrap_or_else(|_| Err(std::io::Error::other("a removing thread failed")))
            })
        })
    };
    in_parallel(&files, |p| gone(fs::remove_file(p)))?;
    dirs.sort_by_key(|d| std::cmp::Reverse(d.0));
    // Folders of one depth hold none of each other.
    for level in dirs.chunk_by(|a, b| a.0 == b.0).filter(|l| l[0].0 > 0) {
        let paths: Vec<PathBuf> = level.iter().map(|(_, p)| p.clone()).collect();
        in_parallel(&paths, |p| gone(fs::remove_dir(p)))?;
    }
    gone(fs::remove_file(&marker))?;
    gone(fs::remove_dir(root))
}

// Something already removed is removed.
fn gone(r: std::io::Result<()>) -> std::io::Result<()> {
    match r {
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
        r => r,
    }
}

/// Rejects output paths that could escape the output folder.
fn checked_rel(path: &str) -> Result<&Path> {
    let p = Path::new(path);
    let ok =
        !path.is_empty() && p.components().all(|c| matches!(c, std::path::Component::Normal(_)));
    if !ok {
        bail!("refusing to write output file with unsafe path `{path}`");
    }
    Ok(p)
}

/// Writes one file, creating its folders.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create `{}`", parent.display()))?;
    }
    let mut f =
        fs::File::create(path).with_context(|| format!("cannot create `{}`", path.display()))?;
    f.write_all(bytes).with_context(|| format!("cannot write `{}`", path.display()))?;
    Ok(())
}

/// How the temporary files of [`atomic_write`], [`replace_file`] and
/// [`prepare_file`] begin: a process stopped between writing one and
/// renaming it (`serve` killed during a save) leaves it in the build
/// folder, where the next build must know it for its own rather than a
/// publisher's file.
pub const TEMP_PREFIX: &str = ".compendium-tmp-";

/// Whether the last segment of `/`-separated `path` is one of our
/// temporary files ([`TEMP_PREFIX`]).
pub fn is_temp_file(path: &str) -> bool {
    path.rsplit('/').next().is_some_and(|name| name.starts_with(TEMP_PREFIX))
}

/// `bytes` in a new temporary file in `path`'s folder (made if missing),
/// readable as `fs::write` makes a file (0666 less the umask), not
/// tempfile's owner-only 0600: a published build folder must be readable.
fn temp_beside(path: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile> {
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(parent).with_context(|| format!("cannot create `{}`", parent.display()))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder
        .tempfile_in(parent)
        .with_context(|| format!("cannot create a temporary file in `{}`", parent.display()))?;
    tmp.write_all(bytes).with_context(|| format!("cannot write `{}`", path.display()))?;
    Ok(tmp)
}

/// Writes one file atomically: a temporary file in the same folder, synced,
/// then renamed over `path`.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = temp_beside(path, bytes)?;
    tmp.as_file().sync_data().with_context(|| format!("cannot sync `{}`", path.display()))?;
    tmp.persist(path).with_context(|| format!("cannot replace `{}`", path.display()))?;
    Ok(())
}

/// Replaces one file atomically for readers (a temporary file in the same
/// folder, renamed over `path`) but without syncing it to disk: for
/// `serve`'s previews, where a crash loses nothing that the next build
/// would not write again, and syncing tens of megabytes of datasets on
/// every save would cost more than the save.
pub fn replace_file(path: &Path, bytes: &[u8]) -> Result<()> {
    prepare_file(path, bytes)?.put()
}

/// `bytes` written beside `path` under a temporary name, to be put in its
/// place later with [`Prepared::put`] (a rename) or dropped (removed):
/// the slow part of replacing a large file, done where it waits for no one.
pub fn prepare_file(path: &Path, bytes: &[u8]) -> Result<Prepared> {
    Ok(Prepared { tmp: temp_beside(path, bytes)?, path: path.to_path_buf() })
}

/// A file written under a temporary name beside where it goes.
#[derive(Debug)]
pub struct Prepared {
    tmp: tempfile::NamedTempFile,
    path: PathBuf,
}

impl Prepared {
    /// Renames it into place.
    pub fn put(self) -> Result<()> {
        let Prepared { tmp, path } = self;
        tmp.persist(&path).with_context(|| format!("cannot replace `{}`", path.display()))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_paths_are_refused() {
        for p in ["../x", "/etc/passwd", "a/../../b", ""] {
            assert!(checked_rel(p).is_err(), "{p}");
        }
        assert!(checked_rel("a/b/index.html").is_ok());
    }

    #[test]
    fn an_old_tree_goes_whole_and_links_out_of_it_are_not_followed() {
        let tmp = tempfile::tempdir().unwrap();
        let old = tmp.path().join("old");
        for i in 0..50 {
            let d = old.join(format!("c{}/r{i}", i % 3));
            fs::create_dir_all(&d).unwrap();
            fs::write(d.join("index.html"), "x").unwrap();
        }
        fs::create_dir_all(old.join("empty/deeper")).unwrap();
        let outside = tmp.path().join("outside");
        fs::create_dir_all(&outside).unwrap();
        fs::write(outside.join("keep"), "k").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&outside, old.join("c0/link")).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&outside, tmp.path().join("root-link")).unwrap();
        #[cfg(unix)]
        remove_tree(&tmp.path().join("root-link")).unwrap();
        remove_tree(&old).unwrap();
        assert!(!old.exists());
        assert_eq!(fs::read_to_string(outside.join("keep")).unwrap(), "k");
    }

    #[test]
    fn staging_swaps_and_drops() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("site");
        fs::create_dir_all(&target).unwrap();
        fs::write(target.join("old.html"), "old").unwrap();
        // A dropped staging leaves the old site alone.
        {
            let s = Staging::new(&target).unwrap();
            s.write_all(&[OutputFile::new("new.html", "new")]).unwrap();
        }
        assert!(target.join("old.html").exists());
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
        let s = Staging::new(&target).unwrap();
        s.write_all(&[OutputFile::new("a/new.html", "new")]).unwrap();
        s.commit().unwrap();
        assert!(!target.join("old.html").exists());
        assert_eq!(fs::read_to_string(target.join("a/new.html")).unwrap(), "new");
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn sweep_removes_unheld_leftovers_and_puts_a_moved_aside_folder_back() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("site");
        let leftover = |name: &str| {
            let d = tmp.path().join(name);
            fs::create_dir_all(d.join("a")).unwrap();
            fs::write(d.join("a/page.html"), name).unwrap();
            fs::write(d.join(MARKER), "m").unwrap();
            d
        };
        leftover(".site.tmp-dead");
        let held = leftover(".site.tmp-live");
        let lock = fs::File::open(held.join(MARKER)).unwrap();
        lock.lock().unwrap();
        leftover(".site.old-previous");
        leftover(".other.tmp-x");
        // `site` is missing: a run was killed between its two renames.
        let mut done = sweep(&target).unwrap();
        done.sort();
        assert_eq!(done.len(), 2, "{done:?}");
        assert_eq!(fs::read_to_string(target.join("a/page.html")).unwrap(), ".site.old-previous");
        assert!(!tmp.path().join(".site.tmp-dead").exists());
        assert!(held.join("a/page.html").exists());
        assert!(tmp.path().join(".other.tmp-x").exists());
        drop(lock);
        assert_eq!(sweep(&target).unwrap(), vec![held.clone()]);
        assert!(!held.exists());
    }

    #[test]
    fn a_swap_can_be_undone() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("index");
        fs::create_dir_all(&target).unwrap();
        fs::write(target.join("old"), "old").unwrap();
        let s = Staging::new(&target).unwrap();
        s.write(&OutputFile::new("new", "new")).unwrap();
        let swapped = s.swap().unwrap();
        assert!(target.join("new").exists());
        swapped.undo().unwrap();
        assert_eq!(fs::read_to_string(target.join("old")).unwrap(), "old");
        assert!(!target.join("new").exists());
        let names: Vec<_> =
            fs::read_dir(tmp.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(names, ["index"]);
    }
}
