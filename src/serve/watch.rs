//! Watching `content/`, `themes/` and `book.toml` for `serve`.
//!
//! Native notifications (inotify, FSEvents, …) through `notify`, with its
//! polling watcher as the fallback when they cannot be set up (or when
//! `COMPENDIUM_POLL=1`). Events are debounced here rather than by a generic
//! debouncer because the whole save-to-page budget is tens of
//! milliseconds: a batch ends when no event came for [`QUIET`]. Within a
//! batch only paths count, not event kinds: after the burst settles, the
//! file system is what it is, which makes editors' write-temp-then-rename
//! saves, vim's backup dance and deletes all look the same (Zola keeps the
//! last event per path for the same reason).
//!
//! A recursive watch dies with its folder: when `content/` or `themes/` is
//! deleted and made again (`git checkout` of another branch does this),
//! nothing under the new folder would be seen. So each call to
//! [`Watch::batch`] also looks whether those folders are still the ones
//! being watched (same inode), and watches a new one again; the caller is
//! told, through [`Watch::rearmed`], so that it can read everything again.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use notify::{Event, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher as _};

/// A batch ends when no event arrived for this long.
pub const QUIET: Duration = Duration::from_millis(8);
/// How long a batch in which a file disappeared waits for it to come back.
pub const GONE_GRACE: Duration = Duration::from_millis(40);
/// A batch never waits longer than this after its first event, so a stream
/// of writes (a `git checkout`) still rebuilds now and then.
pub const MAX_WAIT: Duration = Duration::from_millis(300);
/// How often the polling fallback looks.
pub const POLL_INTERVAL: Duration = Duration::from_millis(250);

/// What waiting for changes gave.
#[derive(Debug)]
pub enum Batch {
    /// A settled batch of changed paths (possibly empty: only ignorable
    /// files changed).
    Paths(BTreeSet<PathBuf>),
    /// Nothing changed within the wait.
    Timeout,
    /// The watcher is gone.
    Closed,
}

/// A running watcher and the stream of its raw events.
pub struct Watch {
    // Kept alive for as long as events are wanted; dropping it stops them.
    watcher: Box<dyn notify::Watcher + Send>,
    rx: Receiver<notify::Result<Event>>,
    /// Whether this is the polling fallback.
    pub polling: bool,
    /// The folders watched recursively.
    trees: Vec<Tree>,
    /// Folders watched again since the last [`rearmed`](Watch::rearmed),
    /// each with what happened to it.
    rearmed: Vec<(PathBuf, Rearmed)>,
    /// Paths created, removed or renamed in the current batch.
    moved: BTreeSet<PathBuf>,
    /// The project's `static/`, whose hidden files are published.
    statics: PathBuf,
}

/// A folder watched recursively, and which folder (by identity) the watch
/// is on.
struct Tree {
    path: PathBuf,
    watching: Option<Identity>,
    /// Said once that it is gone (until it comes back).
    told_gone: bool,
}

/// What happened to a folder watched anew.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rearmed {
    /// Deleted and made again (a `git checkout`) while watched.
    Replaced,
    /// Made again after it was said to be gone.
    Back,
    /// Made where there was none when `serve` started (`themes/`).
    Made,
}

impl Rearmed {
    /// What happened, for the line `serve` prints.
    pub fn said(self) -> &'static str {
        match self {
            Rearmed::Replaced => "was replaced (deleted and made again): watching it again",
            Rearmed::Back => "came back: watching it again",
            Rearmed::Made => "was made: watching it",
        }
    }
}

/// What tells a folder from another made at the same path.
type Identity = (u64, u64);

#[cfg(unix)]
fn identity(path: &Path) -> Option<Identity> {
    use std::os::unix::fs::MetadataExt as _;
    let m = std::fs::metadata(path).ok().filter(std::fs::Metadata::is_dir)?;
    Some((m.dev(), m.ino()))
}

/// Without inodes, only a folder that was seen gone is noticed as new.
#[cfg(not(unix))]
fn identity(path: &Path) -> Option<Identity> {
    path.is_dir().then_some((0, 0))
}

/// Starts watching `root/book.toml` (through `root`, non-recursively, so an
/// editor's rename over it is seen), `content_dir` and `themes_dir`.
pub fn start(root: &Path, content_dir: &Path, themes_dir: &Path) -> Result<Watch> {
    let force_poll = std::env::var_os("COMPENDIUM_POLL").is_some_and(|v| v == "1");
    // `static/` too: watched from when it appears, like the others.
    let statics = root.join(crate::config::STATIC_DIR);
    let trees = [content_dir, themes_dir, statics.as_path()];
    if !force_poll {
        let (tx, rx) = channel();
        let native = RecommendedWatcher::new(tx, notify::Config::default())
            .map_err(anyhow::Error::from)
            .and_then(|w| Watch::new(Box::new(w), rx, false, root, &trees));
        match native {
            Ok(w) => return Ok(w),
            Err(e) => eprintln!("warning: native file watching failed ({e:#}); polling instead"),
        }
    }
    let (tx, rx) = channel();
    // File times have one-second resolution here, so two saves of the same
    // size within a second would look unchanged: compare contents too.
    let config =
        notify::Config::default().with_poll_interval(POLL_INTERVAL).with_compare_contents(true);
    let w = PollWatcher::new(tx, config).context("cannot start the polling watcher")?;
    Watch::new(Box::new(w), rx, true, root, &trees)
}

impl Watch {
    fn new(
        mut watcher: Box<dyn notify::Watcher + Send>,
        rx: Receiver<notify::Result<Event>>,
        polling: bool,
        root: &Path,
        trees: &[&Path],
    ) -> Result<Watch> {
        watcher
            .watch(root, RecursiveMode::NonRecursive)
            .with_context(|| format!("cannot watch `{}`", root.display()))?;
        let mut w = Watch {
            watcher,
            rx,
            polling,
            trees: Vec::new(),
            rearmed: Vec::new(),
            moved: BTreeSet::new(),
            statics: root.join(crate::config::STATIC_DIR),
        };
        for path in trees {
            let mut tree = Tree { path: path.to_path_buf(), watching: None, told_gone: false };
            if let Some(id) = identity(path) {
                w.watcher
                    .watch(path, RecursiveMode::Recursive)
                    .with_context(|| format!("cannot watch `{}`", path.display()))?;
                tree.watching = Some(id);
            }
            w.trees.push(tree);
        }
        Ok(w)
    }

    /// The watched folders that were replaced, came back or were made, and
    /// are watched (again) since the last call: what is in them was not
    /// seen arrive.
    pub fn rearmed(&mut self) -> Vec<(PathBuf, Rearmed)> {
        std::mem::take(&mut self.rearmed)
    }

    /// Watches again each folder that is no longer the one watched: it, or
    /// a folder above it, was created, removed or renamed in this batch, or
    /// its identity changed (a file system may give a new folder the inode
    /// number of the one just deleted, hence both). Returns whether one was.
    fn rearm(&mut self) -> bool {
        let mut any = false;
        let moved = std::mem::take(&mut self.moved);
        for tree in &mut self.trees {
            let now = identity(&tree.path);
            let replaced = moved.iter().any(|p| tree.path.starts_with(p));
            if now == tree.watching && !(replaced && now.is_some()) {
                continue;
            }
            // The old watch is gone with its folder (or still on a folder
            // moved away): drop it either way.
            let was_watched = tree.watching.take().is_some();
            if was_watched {
                let _ = self.watcher.unwatch(&tree.path);
            }
            if now.is_none() {
                if !tree.told_gone {
                    eprintln!("`{}` is gone: watching for it to come back", tree.path.display());
                    tree.told_gone = true;
                }
                continue;
            }
            match self.watcher.watch(&tree.path, RecursiveMode::Recursive) {
                Ok(()) => {
                    let what = match (was_watched, tree.told_gone) {
                        (true, _) => Rearmed::Replaced,
                        (false, true) => Rearmed::Back,
                        (false, false) => Rearmed::Made,
                    };
                    tree.watching = now;
                    tree.told_gone = false;
                    self.rearmed.push((tree.path.clone(), what));
                    any = true;
                }
                // Tried again on the next batch.
                Err(e) => eprintln!("warning: cannot watch `{}`: {e}", tree.path.display()),
            }
        }
        any
    }

    /// Blocks until a batch of changes has settled; returns the paths that
    /// changed (editor temporaries dropped), or `None` when the watcher is
    /// gone. An empty set means only ignorable files changed.
    pub fn next_batch(&mut self) -> Option<BTreeSet<PathBuf>> {
        match self.batch(None) {
            Batch::Paths(p) => Some(p),
            Batch::Timeout | Batch::Closed => None,
        }
    }

    /// Like [`next_batch`](Self::next_batch), waiting at most `wait` for the
    /// first event (`Some(Duration::ZERO)`: only look). A watched folder
    /// found replaced makes a batch even without events (see
    /// [`rearmed`](Self::rearmed)).
    pub fn batch(&mut self, wait: Option<Duration>) -> Batch {
        let batch = self.collect_batch(wait);
        let rearmed = self.rearm();
        match batch {
            Batch::Timeout if rearmed => Batch::Paths(BTreeSet::new()),
            b => b,
        }
    }

    fn collect_batch(&mut self, wait: Option<Duration>) -> Batch {
        let first = match wait {
            None => self.rx.recv().map_err(|_| Batch::Closed),
            Some(d) => self.rx.recv_timeout(d).map_err(|e| match e {
                RecvTimeoutError::Timeout => Batch::Timeout,
                RecvTimeoutError::Disconnected => Batch::Closed,
            }),
        };
        let first = match first {
            Ok(ev) => ev,
            Err(b) => return b,
        };
        let mut paths = BTreeSet::new();
        collect(first, &mut paths, &mut self.moved, &self.statics);
        let deadline = Instant::now() + MAX_WAIT;
        let mut grace = true;
        loop {
            let now = Instant::now();
            if now >= deadline {
                break;
            }
            match self.rx.recv_timeout(QUIET.min(deadline - now)) {
                Ok(ev) => collect(ev, &mut paths, &mut self.moved, &self.statics),
                Err(RecvTimeoutError::Timeout) => {
                    // A file that is gone may be mid-save (vim renames the
                    // original away, then writes anew): give it one more
                    // moment before a rebuild drops its page.
                    if grace && paths.iter().any(|p| !p.exists()) {
                        grace = false;
                        if let Ok(ev) = self.rx.recv_timeout(GONE_GRACE) {
                            collect(ev, &mut paths, &mut self.moved, &self.statics);
                        }
                        continue;
                    }
                    break;
                }
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        Batch::Paths(paths)
    }
}

/// Adds the paths of `ev` to `paths`, and to `moved` when they were
/// created, removed or renamed.
fn collect(
    ev: notify::Result<Event>,
    paths: &mut BTreeSet<PathBuf>,
    moved: &mut BTreeSet<PathBuf>,
    statics: &Path,
) {
    let Ok(ev) = ev else { return };
    // Reads and metadata-only touches change nothing we render.
    if matches!(ev.kind, EventKind::Access(_)) {
        return;
    }
    if matches!(
        ev.kind,
        EventKind::Create(_)
            | EventKind::Remove(_)
            | EventKind::Modify(notify::event::ModifyKind::Name(_))
    ) {
        moved.extend(ev.paths.iter().cloned());
    }
    paths.extend(ev.paths.into_iter().filter(|p| !is_ignored(p, statics)));
}

/// Editor temporaries, backups and hidden files
/// ([`crate::core::names::is_editor_leftover`]), and anything hidden but
/// under `statics` (the project's `static/`), whose hidden files a build
/// publishes (`.nojekyll`, `.well-known/`).
pub fn is_ignored(path: &Path, statics: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else { return true };
    (name.starts_with('.') && !path.starts_with(statics))
        || name.starts_with('#')
        || crate::core::names::is_editor_leftover(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A replaced folder is watched again, for the native watcher and the
    /// polling one; the caller learns it once.
    #[test]
    fn a_replaced_folder_is_watched_again() {
        for poll in [false, true] {
            let tmp = tempfile::tempdir().unwrap();
            let root = tmp.path().canonicalize().unwrap();
            let (content, themes) = (root.join("content"), root.join("themes"));
            std::fs::create_dir_all(content.join("p")).unwrap();
            let (tx, rx) = channel();
            let watcher: Box<dyn notify::Watcher + Send> = if poll {
                let config = notify::Config::default().with_poll_interval(POLL_INTERVAL);
                Box::new(PollWatcher::new(tx, config).unwrap())
            } else {
                Box::new(RecommendedWatcher::new(tx, notify::Config::default()).unwrap())
            };
            let mut w = Watch::new(watcher, rx, poll, &root, &[&content, &themes]).unwrap();
            let deadline = Instant::now() + Duration::from_secs(20);
            let (mut changed, mut rearmed) = (BTreeSet::new(), BTreeSet::new());
            let mut next = |w: &mut Watch| {
                assert!(Instant::now() < deadline, "timed out (polling: {poll})");
                if let Batch::Paths(p) = w.batch(Some(Duration::from_millis(50))) {
                    changed.extend(p);
                }
                rearmed.extend(w.rearmed());
                (changed.clone(), rearmed.clone())
            };
            std::fs::remove_dir_all(&content).unwrap();
            std::fs::create_dir_all(content.join("p")).unwrap();
            std::fs::create_dir_all(&themes).unwrap();
            // `themes` is new (never watched), `content` replaced.
            while !next(&mut w).1.contains(&(themes.clone(), Rearmed::Made)) {}
            // A poller watches by path, so a folder made again under the
            // same inode number (which happens) needs no new watch: only
            // the native watcher must say it re-armed `content`.
            while !poll && !next(&mut w).1.contains(&(content.clone(), Rearmed::Replaced)) {}
            let record = content.join("p/new.md");
            std::fs::write(&record, "x").unwrap();
            while !next(&mut w).0.contains(&record) {}
        }
    }

    #[test]
    fn editor_temporaries_are_ignored() {
        for p in [
            "content/r/.gdpr.md.swp",
            "content/r/gdpr.md~",
            "content/r/4913",
            "content/r/#gdpr.md#",
            "content/r/.#gdpr.md",
            "content/r/gdpr.md___jb_tmp___",
            "content/r/.tmpAb12",
            "content/r/gdpr.md.swx",
            "static/.x.css.swp",
        ] {
            assert!(is_ignored(Path::new(p), Path::new("static")), "{p}");
        }
        for p in ["content/r/gdpr.md", "book.toml", "themes/default/style.css", "static/.nojekyll"]
        {
            assert!(!is_ignored(Path::new(p), Path::new("static")), "{p}");
        }
        // A project inside a folder named `static` publishes only its own.
        let statics = Path::new("/srv/static/kb/static");
        assert!(is_ignored(Path::new("/srv/static/kb/content/r/.notes.md"), statics));
        assert!(!is_ignored(Path::new("/srv/static/kb/static/.nojekyll"), statics));
    }
}
