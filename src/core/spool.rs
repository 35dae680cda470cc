//! A spool: an unnamed temporary file that holds byte strings written once
//! and read back by position, so that a build keeps its records' bodies
//! (most of a site's text) on disk instead of in memory. Writes and reads
//! are positional, so any number of threads can use one spool at once.
//!
//! A read that fails cannot stop the caller (a record's body is asked for
//! deep inside rendering): the spool notes the first failure, and the
//! build checks [`Spool::error`] before it puts its output in place.

use std::fs::File;
use std::io;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

/// See the module documentation.
#[derive(Debug)]
pub struct Spool {
    file: File,
    /// Where the next string goes.
    end: AtomicU64,
    /// The first read that failed, and why.
    error: OnceLock<String>,
}

/// Where a string was put: its offset and length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    at: u64,
    len: u32,
}

impl Spool {
    /// A spool in a new unnamed temporary file (removed by the system when
    /// the spool is dropped, or the process ends however it ends).
    pub fn new() -> io::Result<Spool> {
        Ok(Spool::with_file(tempfile::tempfile()?))
    }

    /// A spool whose reads all fail (a write-only file in `dir`): for
    /// tests of what a build does when bodies cannot be read back.
    #[cfg(test)]
    pub(crate) fn unreadable(dir: &std::path::Path) -> io::Result<Spool> {
        let path = dir.join("unreadable.spool");
        let file =
            std::fs::OpenOptions::new().write(true).create(true).truncate(true).open(path)?;
        Ok(Spool::with_file(file))
    }

    fn with_file(file: File) -> Spool {
        Spool { file, end: AtomicU64::new(0), error: OnceLock::new() }
    }

    /// Writes `bytes` (under 4 GiB) and says where they went.
    pub fn put(&self, bytes: &[u8]) -> io::Result<Slot> {
        let len = u32::try_from(bytes.len())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "too long for a spool"))?;
        let at = self.end.fetch_add(u64::from(len), Ordering::Relaxed);
        write_at(&self.file, bytes, at)?;
        Ok(Slot { at, len })
    }

    /// The bytes put at `slot`, or `None` (noted for [`error`](Self::error))
    /// when they cannot be read back.
    pub fn get(&self, slot: Slot) -> Option<Vec<u8>> {
        let mut buf = vec![0; slot.len as usize];
        match read_at(&self.file, &mut buf, slot.at) {
            Ok(()) => Some(buf),
            Err(e) => {
                let _ = self.error.set(e.to_string());
                None
            }
        }
    }

    /// Why the first read that failed did, if one did.
    pub fn error(&self) -> Option<&str> {
        self.error.get().map(String::as_str)
    }
}

#[cfg(unix)]
fn write_at(file: &File, bytes: &[u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, at)
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
}

#[cfg(windows)]
fn write_at(file: &File, mut bytes: &[u8], mut at: u64) -> io::Result<()> {
    while !bytes.is_empty() {
        match std::os::windows::fs::FileExt::seek_write(file, bytes, at)? {
            0 => return Err(io::ErrorKind::WriteZero.into()),
            n => (bytes, at) = (&bytes[n..], at + n as u64),
        }
    }
    Ok(())
}

#[cfg(windows)]
fn read_at(file: &File, mut buf: &mut [u8], mut at: u64) -> io::Result<()> {
    while !buf.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, buf, at)? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => (buf, at) = (&mut buf[n..], at + n as u64),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_come_back_from_any_thread() {
        let spool = Spool::new().unwrap();
        let slots: Vec<(Slot, Vec<u8>)> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..4u8)
                .map(|t| {
                    let spool = &spool;
                    s.spawn(move || {
                        (0..50u8)
                            .map(|i| {
                                let bytes = vec![t ^ i; usize::from(i) * 7];
                                (spool.put(&bytes).unwrap(), bytes)
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
        });
        for (slot, bytes) in slots {
            assert_eq!(spool.get(slot).unwrap(), bytes);
        }
        assert_eq!(spool.error(), None);
    }

    #[test]
    fn a_failed_read_is_noted_not_fatal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("spool");
        std::fs::write(&path, b"").unwrap();
        // Write-only: every read fails.
        let spool = Spool::with_file(File::options().write(true).open(&path).unwrap());
        let slot = spool.put(b"body").unwrap();
        assert_eq!(spool.get(slot), None);
        assert!(spool.error().is_some());
    }
}
