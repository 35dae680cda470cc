//! Reading many small files ahead of their readers.
//!
//! A site is thousands of small files. Read one after another from a disk
//! whose cache is cold (a fresh CI checkout), each read waits on the disk
//! in turn: `check` of 100,000 records took 13–15 s cold against 5.6 s
//! warm. [`par_map`] walks the list on its own thread and asks the
//! kernel to start reading each file (`posix_fadvise(WILLNEED)`), without
//! waiting and without copying anything into the process, so that many
//! reads are in flight while the readers parse: 7.2 s cold. It stays a
//! bounded distance ahead of the readers (in files and in bytes), so a
//! very large site does not push its own first files out of the cache,
//! and it looks at fewer and fewer files while it finds them in the cache
//! already (a checkout just written, a second run), so that a warm run
//! costs no more than before.
//!
//! On systems other than Linux the walk does nothing.

use std::collections::VecDeque;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

/// How many files the walk may be ahead of the readers.
const AHEAD_FILES: usize = 4096;

/// How many bytes the walk may be ahead of the readers.
const AHEAD_BYTES: u64 = 128 << 20;

/// How the readers tell the walk how far they are, and the walk stops.
#[derive(Debug, Default)]
struct ReadAhead {
    /// How many files of the list the readers are done with (all of those
    /// before this index).
    done: AtomicUsize,
    stop: AtomicBool,
}

/// `f` of each of `items` in parallel, in their order, while a thread
/// reads ahead the file `path` names for each (at most `max_bytes` of it).
/// Items are taken a batch at a time in that order, the order the walk
/// goes in: a parallel iterator over all of them would start halfway
/// through the list as well as at its start.
pub fn par_map<I, T>(
    items: &[I],
    path: impl Fn(&I) -> &Path + Send + Sync,
    max_bytes: u64,
    f: impl Fn(&I) -> T + Send + Sync,
) -> Vec<T>
where
    I: Sync,
    T: Send,
{
    use rayon::prelude::*;
    ReadAhead::run(
        items.len(),
        |i| path(&items[i]),
        max_bytes,
        |ahead| {
            let mut out = Vec::with_capacity(items.len());
            for batch in items.chunks(BATCH) {
                out.par_extend(batch.par_iter().map(&f));
                ahead.done(out.len());
            }
            out
        },
    )
}

/// Items mapped per parallel batch (see [`par_map`]).
const BATCH: usize = 1024;

impl ReadAhead {
    /// Runs `read` while a thread reads ahead the files `path(0..count)`,
    /// in that order, at most `max_bytes` of each. `read` reports its
    /// progress through [`ReadAhead::done`].
    fn run<'p, R>(
        count: usize,
        path: impl Fn(usize) -> &'p Path + Send + Sync,
        max_bytes: u64,
        read: impl FnOnce(&ReadAhead) -> R,
    ) -> R {
        let ahead = ReadAhead::default();
        if !SUPPORTED || count < 2 {
            return read(&ahead);
        }
        std::thread::scope(|s| {
            let walk = s.spawn(|| ahead.walk(count, &path, max_bytes));
            // Stops the walk however `read` ends: were it to panic, the
            // scope would otherwise wait for ever on a walk waiting for
            // readers.
            let stop = Stop(&ahead.stop);
            let out = read(&ahead);
            drop(stop);
            // The walk only gives advice: however it ended, the result
            // stands.
            let _ = walk.join();
            out
        })
    }

    /// The readers are done with every file before `index`.
    fn done(&self, index: usize) {
        self.done.fetch_max(index, Ordering::Relaxed);
    }

    fn walk<'p>(&self, count: usize, path: &impl Fn(usize) -> &'p Path, max_bytes: u64) {
        // The files advised and not yet read: (index, bytes).
        let mut pending: VecDeque<(usize, u64)> = VecDeque::new();
        let mut pending_bytes = 0u64;
        // Files found already in the cache (the usual case: a checkout
        // just written, a second run) are passed over more and more
        // sparsely, up to one in MAX_STRIDE, so that a warm run pays for
        // few opens; the first file not in the cache brings back every
        // file.
        let mut stride = 1;
        let mut i = 0;
        while i < count {
            // Waits while far enough ahead of the readers.
            let done = loop {
                if self.stop.load(Ordering::Relaxed) {
                    return;
                }
                let done = self.done.load(Ordering::Relaxed);
                while pending.front().is_some_and(|&(j, _)| j < done) {
                    if let Some((_, b)) = pending.pop_front() {
                        pending_bytes -= b;
                    }
                }
                if i < done || (pending.len() < AHEAD_FILES && pending_bytes < AHEAD_BYTES) {
                    break done;
                }
                std::thread::sleep(Duration::from_millis(1));
            };
            if i < done {
                // The readers got there first.
                i = done;
                continue;
            }
            match advise(path(i), max_bytes) {
                Advised::Cached => stride = (stride * 2).min(MAX_STRIDE),
                Advised::Reading(bytes) => {
                    stride = 1;
                    pending.push_back((i, bytes));
                    pending_bytes += bytes;
                }
                Advised::Nothing => stride = 1,
            }
            i += stride;
        }
    }
}

/// At most one file in this many is looked at while files are found in
/// the cache.
const MAX_STRIDE: usize = 64;

/// What [`advise`] did with a file.
#[derive(Debug, PartialEq)]
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
enum Advised {
    /// Its start is in the cache already: nothing asked.
    Cached,
    /// Asked the kernel to read this many bytes.
    Reading(u64),
    /// Not a regular file, or it cannot be opened.
    Nothing,
}

/// Sets its flag when dropped, unwinding included.
struct Stop<'a>(&'a AtomicBool);

impl Drop for Stop<'_> {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

#[cfg(target_os = "linux")]
const SUPPORTED: bool = true;
#[cfg(not(target_os = "linux"))]
const SUPPORTED: bool = false;

/// Asks the kernel to read up to `max_bytes` of the regular file at
/// `path`, unless its start is in the cache already.
#[cfg(target_os = "linux")]
fn advise(path: &Path, max_bytes: u64) -> Advised {
    use rustix::fs::{Advice, Mode, OFlags};
    // Only regular files are opened: opening a FIFO or a device can block
    // or have effects. Non-blocking all the same, in case the file was
    // replaced since.
    let Ok(meta) = std::fs::metadata(path) else { return Advised::Nothing };
    if !meta.is_file() {
        return Advised::Nothing;
    }
    let flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::NOCTTY | OFlags::CLOEXEC;
    let Ok(fd) = rustix::fs::open(path, flags, Mode::empty()) else { return Advised::Nothing };
    if in_cache(&fd) {
        return Advised::Cached;
    }
    let len = meta.len().min(max_bytes);
    match std::num::NonZeroU64::new(len) {
        Some(n) if rustix::fs::fadvise(&fd, 0, Some(n), Advice::WillNeed).is_ok() => {
            Advised::Reading(len)
        }
        _ => Advised::Nothing,
    }
}

/// Whether the file's first byte is in the cache: a read that must not
/// wait for the disk (`RWF_NOWAIT`) succeeds, or the file system cannot
/// take such a read and keeps its files in memory (tmpfs, ramfs: without
/// this, a site on /dev/shm had every file looked at). False where that
/// cannot be told (an empty file, a kernel before 4.14).
#[cfg(target_os = "linux")]
fn in_cache(fd: &rustix::fd::OwnedFd) -> bool {
    const IN_MEMORY: [u32; 2] = [0x0102_1994, 0x8584_58f6];
    let mut byte = [0u8; 1];
    let mut bufs = [std::io::IoSliceMut::new(&mut byte)];
    match rustix::io::preadv2(fd, &mut bufs, 0, rustix::io::ReadWriteFlags::NOWAIT) {
        Ok(n) => n == 1,
        Err(rustix::io::Errno::AGAIN) => false,
        Err(_) => rustix::fs::fstatfs(fd)
            .ok()
            .and_then(|fs| u32::try_from(fs.f_type).ok())
            .is_some_and(|t| IN_MEMORY.contains(&t)),
    }
}

#[cfg(not(target_os = "linux"))]
fn advise(_: &Path, _: u64) -> Advised {
    Advised::Nothing
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    #[test]
    fn the_readers_result_stands_and_odd_files_are_passed_over() {
        let dir = tempfile::tempdir().unwrap();
        let mut paths = Vec::new();
        for i in 0..50 {
            let p = dir.path().join(format!("{i}.md"));
            std::fs::write(&p, format!("file {i}")).unwrap();
            paths.push(p);
        }
        // A folder, a missing file and (where there are FIFOs) a FIFO,
        // which would block an ordinary open for reading.
        paths.push(dir.path().to_path_buf());
        paths.push(dir.path().join("missing.md"));
        #[cfg(unix)]
        {
            let fifo = dir.path().join("fifo.md");
            let made = std::process::Command::new("mkfifo").arg(&fifo).status();
            if made.is_ok_and(|s| s.success()) {
                paths.push(fifo);
            }
        }
        let total = ReadAhead::run(
            paths.len(),
            |i| paths[i].as_path(),
            1 << 20,
            |ahead| {
                let mut read = 0;
                for (i, p) in paths.iter().enumerate() {
                    if p.extension().is_some_and(|e| e == "md") && p.is_file() {
                        read += std::fs::read(p).unwrap().len();
                    }
                    ahead.done(i + 1);
                }
                read
            },
        );
        assert_eq!(total, (0..50).map(|i| format!("file {i}").len()).sum::<usize>());
        // Just written, so in the cache where that can be told.
        if SUPPORTED {
            assert!(matches!(advise(&paths[0], 1 << 20), Advised::Cached | Advised::Reading(6)));
        }
        assert_eq!(advise(dir.path(), 1 << 20), Advised::Nothing);
        assert_eq!(advise(&dir.path().join("missing.md"), 1 << 20), Advised::Nothing);
    }

    /// One small file, and more entries than the walk may be ahead of
    /// its readers (the same file over and over), so that a walk that
    /// waited for readers who are gone would never end.
    fn many_of_one_file() -> (tempfile::TempDir, PathBuf, usize) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        std::fs::write(&p, "x").unwrap();
        (dir, p, AHEAD_FILES * 3)
    }

    #[test]
    fn a_reader_that_panics_is_not_waited_for() {
        let (_dir, p, n) = many_of_one_file();
        let got = std::panic::catch_unwind(|| {
            ReadAhead::run(n, |_| p.as_path(), 1 << 20, |_| -> usize { panic!("a reader's bug") })
        });
        assert!(got.is_err());
    }

    #[test]
    fn the_walk_stops_when_the_readers_stop_early() {
        let (_dir, p, n) = many_of_one_file();
        let out = ReadAhead::run(n, |_| p.as_path(), 1 << 20, |_| 7);
        assert_eq!(out, 7);
    }
}
