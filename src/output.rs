//! Writing output atomically.
//!
//! A build is staged in a fresh sibling folder and swapped in only when it is
//! complete, so a failed build leaves the previous site and index exactly as
//! they were (mdBook wipes its output first; we do not).

use std::fs;
use std::io::Write;
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

/// A staging folder beside `target`, removed on drop unless committed.
#[derive(Debug)]
pub struct Staging {
    dir: Option<tempfile::TempDir>,
    target: PathBuf,
    /// Every file written, with its size (for the build manifest).
    written: std::sync::Mutex<Vec<(String, u64)>>,
}

impl Staging {
    /// Creates `.NAME.tmp-XXXX` beside `target` (same file system, so the
    /// final rename is atomic).
    pub fn new(target: &Path) -> Result<Staging> {
        let parent =
            target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create `{}`", parent.display()))?;
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.tmp-"))
            .tempdir_in(parent)
            .with_context(|| format!("cannot create a staging folder in `{}`", parent.display()))?;
        Ok(Staging { dir: Some(dir), target: target.to_path_buf(), written: Default::default() })
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

    /// Replaces `target` with the staging folder. The old folder is moved
    /// aside first and restored if the second rename fails.
    pub fn commit(mut self) -> Result<()> {
        let Some(dir) = self.dir.take() else { bail!("staging folder already committed") };
        let staged = dir.keep();
        swap_in(&staged, &self.target)
    }
}

fn swap_in(staged: &Path, target: &Path) -> Result<()> {
    let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let old = if target.exists() {
        let old = tempfile::Builder::new()
            .prefix(&format!(".{name}.old-"))
            .tempdir_in(parent)
            .with_context(|| format!("cannot create a folder in `{}`", parent.display()))?
            .keep();
        // rename() onto an existing empty directory replaces it on Unix.
        fs::rename(target, &old)
            .with_context(|| format!("cannot move `{}` aside", target.display()))?;
        Some(old)
    } else {
        None
    };
    if let Err(e) = fs::rename(staged, target) {
        if let Some(old) = &old {
            let _ = fs::rename(old, target);
        }
        let _ = fs::remove_dir_all(staged);
        return Err(e)
            .with_context(|| format!("cannot move the new build into `{}`", target.display()));
    }
    if let Some(old) = old {
        remove_tree(&old).with_context(|| format!("cannot remove `{}`", old.display()))?;
    }
    Ok(())
}

/// Threads that delete an old build: deleting waits on the disk far more
/// than on the processor (on a file system that discards deleted blocks,
/// removing a 10,000-record site one file at a time takes 20 s; eight at a
/// time, 4 s).
const REMOVERS: usize = 8;

/// Removes the folder `root` and everything in it: its files from several
/// threads, then its folders, deepest first.
fn remove_tree(root: &Path) -> std::io::Result<()> {
    let mut files = Vec::new();
    let mut dirs: Vec<(usize, PathBuf)> = Vec::new();
    for entry in walkdir::WalkDir::new(root).follow_links(false) {
        let entry = entry.map_err(std::io::Error::other)?;
        if entry.file_type().is_dir() {
            dirs.push((entry.depth(), entry.into_path()));
        } else {
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
    in_parallel(&files, |p| fs::remove_file(p))?;
    dirs.sort_by_key(|d| std::cmp::Reverse(d.0));
    // Folders of one depth hold none of each other.
    for level in dirs.chunk_by(|a, b| a.0 == b.0) {
        let paths: Vec<PathBuf> = level.iter().map(|(_, p)| p.clone()).collect();
        in_parallel(&paths, |p| fs::remove_dir(p))?;
    }
    Ok(())
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

/// Writes one file atomically: a temporary file in the same folder, synced,
/// then renamed over `path`.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> Result<()> {
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(parent).with_context(|| format!("cannot create `{}`", parent.display()))?;
    let mut tmp = tempfile::NamedTempFile::new_in(parent)
        .with_context(|| format!("cannot create a temporary file in `{}`", parent.display()))?;
    tmp.write_all(bytes).with_context(|| format!("cannot write `{}`", path.display()))?;
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
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(parent).with_context(|| format!("cannot create `{}`", parent.display()))?;
    let mut tmp = tempfile::NamedTempFile::new_in(parent)
        .with_context(|| format!("cannot create a temporary file in `{}`", parent.display()))?;
    tmp.write_all(bytes).with_context(|| format!("cannot write `{}`", path.display()))?;
    tmp.persist(path).with_context(|| format!("cannot replace `{}`", path.display()))?;
    Ok(())
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
}
