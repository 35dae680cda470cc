//! One `serve` per project: a lock held while it runs.

use std::path::Path;

/// A lock on the project at `root` held while `serve` runs: a file in the
/// system's temporary folder named by the project's path (nothing is
/// written into the project). `Err` says why when another `serve` holds
/// it; a lock that cannot be made at all is no reason to refuse.
pub(super) fn lock_project(root: &Path) -> Result<Option<std::fs::File>, String> {
    use sha2::Digest as _;
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let digest = sha2::Sha256::digest(root.to_string_lossy().as_bytes());
    let name: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    let path = std::env::temp_dir().join(format!("compendium-serve-{name}.lock"));
    let Ok(file) = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(&path)
    else {
        return Ok(None);
    };
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(std::fs::TryLockError::WouldBlock) => Err(format!(
            "`compendium serve` is already running for `{}`: two previews would rewrite the \
             same build folder",
            root.display()
        )),
        Err(std::fs::TryLockError::Error(_)) => Ok(None),
    }
}
