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
}
