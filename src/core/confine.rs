//! The one rule for what a run may read: a path is read only when it
//! resolves, symlinks followed, to a place inside the project root.
//!
//! A pull request can add a symlink anywhere (a collection folder, a schema
//! file, a record, a theme); following one out of the root would publish
//! the outside file's bytes in pages, datasets and indexes, and print them
//! in CI logs. Symlinks that stay inside the root are followed as usual,
//! except into hidden files and folders (`.git`, `.env`, `.github`): CI
//! checkouts keep credentials in `.git/config`, and hidden files are never
//! content.

use std::io;
use std::path::{Path, PathBuf};

/// The most bytes one published file of `static/` or of a page bundle may
/// have: each is held in memory while written, like a theme's assets.
pub const MAX_STATIC_BYTES: u64 = 64 * 1024 * 1024;

/// The project root, resolved once.
#[derive(Debug, Clone)]
pub struct Root {
    canon: PathBuf,
}

/// Why a path may not be read.
#[derive(Debug)]
pub enum Refused {
    /// It resolves to this place outside the root.
    Outside(PathBuf),
    /// It resolves inside the root, to this hidden file or folder.
    Hidden(PathBuf),
    /// It cannot be resolved (missing, a broken link, no permission).
    Unresolved(io::Error),
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::Outside(to) => {
                write!(f, "it resolves to `{}`, outside the project", to.display())
            }
            Refused::Hidden(to) => {
                write!(f, "it resolves to `{}`, a hidden file or folder", to.display())
            }
            Refused::Unresolved(e) => write!(f, "it cannot be resolved ({e})"),
        }
    }
}

impl Root {
    /// Resolves `root` (which must exist).
    pub fn new(root: &Path) -> io::Result<Root> {
        Ok(Root { canon: root.canonicalize()? })
    }

    /// The resolved root.
    pub fn path(&self) -> &Path {
        &self.canon
    }

    /// `Ok` with the resolved path when `path` lies inside the root.
    pub fn resolve(&self, path: &Path) -> Result<PathBuf, Refused> {
        let canon = path.canonicalize().map_err(Refused::Unresolved)?;
        let Ok(rel) = canon.strip_prefix(&self.canon) else {
            return Err(Refused::Outside(canon));
        };
        if rel.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.')) {
            return Err(Refused::Hidden(rel.to_path_buf()));
        }
        Ok(canon)
    }

    /// Whether `path` is a symlink (itself, not what it points to).
    pub fn is_link(path: &Path) -> bool {
        path.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink())
    }
}

/// Why a file could not be read by [`read_file`].
#[derive(Debug)]
pub enum ReadError {
    /// There is no such file.
    Missing,
    /// A symlink that leads outside the root or into a hidden file.
    Refused(Refused),
    /// A folder, FIFO or device: reading one would fail, block or never end.
    NotRegular,
    /// Over the size limit: its size.
    TooLarge(u64),
    /// Within the limit when looked at, over it by the end of the read.
    Grew,
    /// Any other failure.
    Io(io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Missing => write!(f, "it does not exist"),
            ReadError::Refused(why) => {
                write!(f, "it is a symbolic link that is not followed: {why}")
            }
            ReadError::NotRegular => write!(f, "it is not a regular file"),
            ReadError::TooLarge(n) => write!(f, "it has {n} bytes"),
            ReadError::Grew => write!(f, "it grew while it was read"),
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

/// Reads `path` under `root` by the same rules as every content file: a
/// symlink only when it resolves inside the root and not into a hidden
/// file, only a regular file (a FIFO would block, `/dev/zero` never ends),
/// and no more than `max_bytes` (a file growing while read is cut there
/// and refused).
pub fn read_file(root: &Path, path: &Path, max_bytes: u64) -> Result<Vec<u8>, ReadError> {
    use std::io::Read as _;
    if Root::is_link(path) {
        let r = Root::new(root).map_err(ReadError::Io)?;
        r.resolve(path).map_err(ReadError::Refused)?;
    }
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(ReadError::Missing),
        Err(e) => return Err(ReadError::Io(e)),
    };
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    if meta.len() > max_bytes {
        return Err(ReadError::TooLarge(meta.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    std::fs::File::open(path)
        .and_then(|f| f.take(max_bytes.saturating_add(1)).read_to_end(&mut bytes))
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > max_bytes {
        return Err(ReadError::Grew);
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn links_inside_are_followed_and_links_out_are_refused() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "s").unwrap();
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("a")).unwrap();
        std::fs::write(root.path().join("a/f"), "x").unwrap();
        std::os::unix::fs::symlink(root.path().join("a"), root.path().join("in")).unwrap();
        std::os::unix::fs::symlink(outside.path(), root.path().join("out")).unwrap();
        let r = Root::new(root.path()).unwrap();
        assert!(r.resolve(&root.path().join("in/f")).is_ok());
        assert!(matches!(r.resolve(&root.path().join("out/secret")), Err(Refused::Outside(_))));
        assert!(matches!(r.resolve(&root.path().join("a/../out")), Err(Refused::Outside(_))));
        assert!(matches!(r.resolve(&root.path().join("missing")), Err(Refused::Unresolved(_))));
        std::fs::create_dir(root.path().join(".git")).unwrap();
        std::fs::write(root.path().join(".git/config"), "token").unwrap();
        std::os::unix::fs::symlink(root.path().join(".git/config"), root.path().join("cfg"))
            .unwrap();
        assert!(matches!(r.resolve(&root.path().join("cfg")), Err(Refused::Hidden(_))));
        assert!(Root::is_link(&root.path().join("out")));
        assert!(!Root::is_link(&root.path().join("a")));
    }
    #[cfg(unix)]
    #[test]
    fn read_file_refuses_links_out_pipes_devices_and_large_files() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "s").unwrap();
        let root = tempfile::tempdir().unwrap();
        let p = |n: &str| root.path().join(n);
        std::fs::write(p("ok"), "hello").unwrap();
        assert_eq!(read_file(root.path(), &p("ok"), 5).unwrap(), b"hello");
        assert!(matches!(read_file(root.path(), &p("ok"), 4), Err(ReadError::TooLarge(5))));
        assert!(matches!(read_file(root.path(), &p("none"), 9), Err(ReadError::Missing)));
        std::os::unix::fs::symlink(outside.path().join("secret"), p("out")).unwrap();
        assert!(matches!(
            read_file(root.path(), &p("out"), 9),
            Err(ReadError::Refused(Refused::Outside(_)))
        ));
        std::os::unix::fs::symlink("/dev/zero", p("zero")).unwrap();
        assert!(matches!(read_file(root.path(), &p("zero"), 9), Err(ReadError::Refused(_))));
        std::os::unix::fs::symlink(p("ok"), p("in")).unwrap();
        assert_eq!(read_file(root.path(), &p("in"), 9).unwrap(), b"hello");
        let fifo = p("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            assert!(matches!(read_file(root.path(), &fifo, 9), Err(ReadError::NotRegular)));
        }
        std::fs::create_dir(p("dir")).unwrap();
        assert!(matches!(read_file(root.path(), &p("dir"), 9), Err(ReadError::NotRegular)));
    }
}
