//! One `serve` per project: a lock held while it runs.
//!
//! The lock is a file named by the project's path in a folder only the
//! user can write: `$XDG_RUNTIME_DIR`, or `compendium-UID` in the temporary
//! folder (made with mode 0700). A shared folder such as `/tmp` would let
//! any local user plant a symbolic link at the name (serve would create a
//! file where it points) or hold the lock and stop the user's preview. A
//! folder that is not the user's own and private is not used: serve then
//! runs without a lock, as when none can be made. The file is removed when
//! serve stops, while still locked, so that none pile up.

use std::path::Path;

/// The message of a second `serve` of the same project.
fn already_running(root: &Path) -> String {
    format!(
        "`compendium serve` is already running for `{}`: two previews would rewrite the \
         same build folder",
        root.display()
    )
}

/// The lock file's name for the project at `root` (canonical): the same
/// for every `serve` of it, whatever folder it is started from.
fn lock_name(root: &Path) -> String {
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(root.to_string_lossy().as_bytes());
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("compendium-serve-{hex}.lock")
}

/// A lock on the project at `root` held while `serve` runs (nothing is
/// written into the project). `Err` says why when another `serve` holds
/// it; a lock that cannot be made at all is no reason to refuse.
pub(super) fn lock_project(root: &Path) -> Result<Option<imp::Lock>, String> {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let name = lock_name(&root);
    match imp::lock_dir() {
        Some(dir) => imp::acquire(dir, &name).map_err(|imp::Held| already_running(&root)),
        None => Ok(None),
    }
}

#[cfg(target_os = "linux")]
pub(super) mod imp {
    use std::fs::File;
    use std::path::{Path, PathBuf};

    use rustix::fd::OwnedFd;
    use rustix::fs::{AtFlags, FileType, Mode, OFlags, Stat};
    use rustix::io::Errno;

    /// Another process holds the lock.
    pub struct Held;

    /// The lock: the open, locked file and the private folder it is in.
    pub struct Lock {
        dir: OwnedFd,
        name: String,
        file: File,
    }

    impl Drop for Lock {
        fn drop(&mut self) {
            // Removed while still held (the file closes after this): a
            // serve that opened the file just before and locks it once it
            // is released finds it no longer at the name and opens anew.
            if same_file(&self.file, &self.dir, &self.name) {
                let _ = rustix::fs::unlinkat(&self.dir, self.name.as_str(), AtFlags::empty());
            }
        }
    }

    fn same_file(file: &File, dir: &OwnedFd, name: &str) -> bool {
        let at = rustix::fs::statat(dir, name, AtFlags::SYMLINK_NOFOLLOW);
        match (rustix::fs::fstat(file), at) {
            (Ok(a), Ok(b)) => a.st_dev == b.st_dev && a.st_ino == b.st_ino,
            _ => false,
        }
    }

    /// The private folder the lock goes in: `$XDG_RUNTIME_DIR` when it is
    /// the user's own and private, else `TMP/compendium-UID`, made if
    /// missing. `None` (no lock) when neither is; a temporary folder
    /// someone else made or opened up is said, since it may be a trap.
    pub fn lock_dir() -> Option<OwnedFd> {
        let runtime = std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from);
        if let Some(dir) = runtime.filter(|d| d.is_absolute())
            && let Ok(fd) = private_dir(&dir)
        {
            return Some(fd);
        }
        let uid = rustix::process::geteuid().as_raw();
        let dir = std::env::temp_dir().join(format!("compendium-{uid}"));
        match rustix::fs::mkdir(&dir, Mode::RWXU) {
            Ok(()) | Err(Errno::EXIST) => {}
            Err(_) => return None,
        }
        match private_dir(&dir) {
            Ok(fd) => Some(fd),
            Err(Some(why)) => {
                eprintln!(
                    "warning: `{}` {why}: serve runs without its one-preview-per-project lock\n\
                     help: delete that folder (serve makes it again, private), or set \
                     XDG_RUNTIME_DIR to a folder only you can write",
                    dir.display()
                );
                None
            }
            Err(None) => None,
        }
    }

    /// Opens `dir` if it is a folder (not a link to one) owned by this
    /// user that no one else may write to. `Err(Some(why))` when it is
    /// not; `Err(None)` when it cannot be opened at all.
    pub fn private_dir(dir: &Path) -> Result<OwnedFd, Option<&'static str>> {
        let flags = OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::RDONLY | OFlags::CLOEXEC;
        let fd = match rustix::fs::open(dir, flags, Mode::empty()) {
            Ok(fd) => fd,
            // O_NOFOLLOW on a link, or O_DIRECTORY on something else.
            Err(Errno::LOOP | Errno::NOTDIR) => return Err(Some("is not a folder")),
            Err(_) => return Err(None),
        };
        let st: Stat = rustix::fs::fstat(&fd).map_err(|_| None)?;
        if FileType::from_raw_mode(st.st_mode) != FileType::Directory {
            return Err(Some("is not a folder"));
        }
        if st.st_uid != rustix::process::geteuid().as_raw() {
            return Err(Some("belongs to another user"));
        }
        if Mode::from_raw_mode(st.st_mode).intersects(Mode::WGRP | Mode::WOTH) {
            return Err(Some("may be written by other users"));
        }
        Ok(fd)
    }

    /// Locks the file `name` in the private folder `dir`: `Ok(None)` when
    /// it cannot be (a link or something else at the name, no space).
    pub fn acquire(dir: OwnedFd, name: &str) -> Result<Option<Lock>, Held> {
        // Each try that loses a race with a serve removing the file as it
        // stops opens it again; more than a few in a row is no lock.
        for _ in 0..8 {
            let flags = OFlags::CREATE | OFlags::RDWR | OFlags::NOFOLLOW | OFlags::CLOEXEC;
            let Ok(fd) = rustix::fs::openat(&dir, name, flags, Mode::RUSR | Mode::WUSR) else {
                return Ok(None);
            };
            let file = File::from(fd);
            match rustix::fs::fstat(&file) {
                Ok(st) if FileType::from_raw_mode(st.st_mode) == FileType::RegularFile => {}
                _ => return Ok(None),
            }
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => return Err(Held),
                Err(std::fs::TryLockError::Error(_)) => return Ok(None),
            }
            if same_file(&file, &dir, name) {
                // Files in $XDG_RUNTIME_DIR untouched for hours may be
                // cleaned up unless sticky: a removed lock would let a
                // second serve in.
                let _ = rustix::fs::fchmod(&file, Mode::RUSR | Mode::WUSR | Mode::SVTX);
                return Ok(Some(Lock { dir, name: name.to_owned(), file }));
            }
            // Locked after its holder removed it: a lock no one else sees.
            // Closing it releases it; the next try opens the name anew.
        }
        Ok(None)
    }
}

#[cfg(not(target_os = "linux"))]
pub(super) mod imp {
    //! Elsewhere the temporary folder is usually the user's own already
    //! (macOS's `$TMPDIR`, Windows' `%TEMP%`): the lock is made there, and
    //! left there (without `openat` and `O_NOFOLLOW` at hand, removing it
    //! could not be made safe against a serve starting as this one stops).

    use std::fs::File;
    use std::path::PathBuf;

    /// Another process holds the lock.
    pub struct Held;

    /// The open, locked file (released when closed).
    pub struct Lock {
        _file: File,
    }

    pub fn lock_dir() -> Option<PathBuf> {
        Some(std::env::temp_dir())
    }

    pub fn acquire(dir: PathBuf, name: &str) -> Result<Option<Lock>, Held> {
        let path = dir.join(name);
        let Ok(file) =
            std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(&path)
        else {
            return Ok(None);
        };
        match file.try_lock() {
            Ok(()) => Ok(Some(Lock { _file: file })),
            Err(std::fs::TryLockError::WouldBlock) => Err(Held),
            Err(std::fs::TryLockError::Error(_)) => Ok(None),
        }
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use std::os::unix::fs::PermissionsExt as _;
    use std::path::Path;

    use super::imp::{Held, acquire, private_dir};

    fn private(dir: &Path) -> rustix::fd::OwnedFd {
        private_dir(dir).unwrap_or_else(|e| panic!("{} refused: {e:?}", dir.display()))
    }

    #[test]
    fn a_second_lock_of_the_same_name_is_refused_until_the_first_is_dropped() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let first = acquire(private(tmp.path()), "p.lock").ok().flatten().expect("first lock");
        assert!(matches!(acquire(private(tmp.path()), "p.lock"), Err(Held)));
        // Another project's name is another lock.
        assert!(matches!(acquire(private(tmp.path()), "q.lock"), Ok(Some(_))));
        assert!(tmp.path().join("p.lock").is_file());
        drop(first);
        assert!(!tmp.path().join("p.lock").exists(), "the lock file was left behind");
        let again = acquire(private(tmp.path()), "p.lock").ok().flatten();
        assert!(again.is_some(), "not taken again once released");
    }

    #[test]
    fn a_link_at_the_lock_name_is_not_followed() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let target = tmp.path().join("elsewhere");
        std::os::unix::fs::symlink(&target, tmp.path().join("p.lock")).expect("symlink");
        assert!(matches!(acquire(private(tmp.path()), "p.lock"), Ok(None)));
        assert!(!target.exists(), "a file was made where the link points");
        assert!(tmp.path().join("p.lock").is_symlink(), "the link was replaced");
    }

    #[test]
    fn only_a_private_folder_of_ones_own_is_used() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let open = tmp.path().join("open");
        std::fs::create_dir(&open).expect("mkdir");
        std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o777)).expect("chmod");
        assert_eq!(private_dir(&open).err(), Some(Some("may be written by other users")));
        std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o775)).expect("chmod");
        assert_eq!(private_dir(&open).err(), Some(Some("may be written by other users")));
        std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        assert!(private_dir(&open).is_ok());
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(&open, &link).expect("symlink");
        assert_eq!(private_dir(&link).err(), Some(Some("is not a folder")));
        let file = tmp.path().join("file");
        std::fs::write(&file, "").expect("write");
        assert_eq!(private_dir(&file).err(), Some(Some("is not a folder")));
        assert_eq!(private_dir(&tmp.path().join("missing")).err(), Some(None));
    }
}
