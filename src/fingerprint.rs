//! No-change rebuilds: `build` skips rendering when nothing it reads has
//! changed since the last successful build.
//!
//! The fingerprint is a SHA-256 over every input a build reads (book.toml,
//! every file under the content folder and the theme folder, by path and
//! bytes) and over the program itself (its version and the size and
//! modification time of its executable, so a rebuilt `compendium` with new
//! templates or rendering code never reuses an old site). It is kept, with
//! the size of every file the build wrote, in the index folder, which is
//! swapped in together with the site; a build whose fingerprint matches and
//! whose output files are all still there, with their sizes, writes nothing.
//! Hashing the corpus costs about what reading it does: the floor of any
//! build.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::config::Project;

/// The manifest's file name inside the index folder.
pub const FILE: &str = "build-manifest.json";

/// What the last successful build read and wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`inputs`] of that build.
    pub fingerprint: String,
    /// Records built.
    pub records: usize,
    /// The warnings it printed, replayed when the build is skipped.
    pub warnings: String,
    /// Every file of the site, `/`-separated relative path and size.
    pub files: Vec<(String, u64)>,
}

/// The fingerprint of everything `build` reads for `project`.
pub fn inputs(project: &Project) -> String {
    let mut files: Vec<(String, std::path::PathBuf)> = Vec::new();
    let book = project.root.join("book.toml");
    if book.is_file() {
        files.push(("book.toml".into(), book));
    }
    let mut dirs = vec![("content", project.content_dir.clone())];
    if let Some(t) = &project.theme_dir {
        dirs.push(("theme", t.clone()));
    }
    for (label, dir) in dirs {
        // Unreadable entries change the fingerprint through their name, so
        // a build that would report them is never skipped.
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    let rel = e.path().strip_prefix(&dir).unwrap_or(e.path());
                    files.push((format!("{label}/{}", rel.display()), e.path().to_path_buf()));
                }
                Ok(_) => {}
                Err(e) => files.push((format!("{label}/!{e}"), dir.clone())),
            }
        }
    }
    // Files are hashed in parallel, then combined in path order.
    let digests: Vec<[u8; 32]> = files
        .par_iter()
        .map(|(name, path)| {
            let mut h = Sha256::new();
            h.update(name.as_bytes());
            h.update([0]);
            match fs::read(path) {
                Ok(bytes) => h.update(&bytes),
                Err(e) => h.update(format!("unreadable: {e}").as_bytes()),
            }
            h.finalize().into()
        })
        .collect();
    let mut all = Sha256::new();
    all.update(env!("CARGO_PKG_VERSION").as_bytes());
    all.update(program_identity().as_bytes());
    all.update(format!("{}|{}", project.build_dir.display(), project.index_dir.display()));
    for d in &digests {
        all.update(d);
    }
    all.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The running executable's size and modification time ("" when unknown,
/// which still fingerprints the same program the same way).
fn program_identity() -> String {
    let meta = std::env::current_exe().and_then(fs::metadata);
    match meta {
        Ok(m) => {
            let mtime = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{}:{mtime}", m.len())
        }
        Err(_) => String::new(),
    }
}

/// The last build's manifest, when it was made from `fingerprint` and every
/// file it wrote is still in the build folder with the same size.
pub fn up_to_date(project: &Project, fingerprint: &str) -> Option<Manifest> {
    let bytes = fs::read(project.index_dir.join(FILE)).ok()?;
    let manifest: Manifest = serde_json::from_slice(&bytes).ok()?;
    if manifest.fingerprint != fingerprint {
        return None;
    }
    let intact = manifest.files.par_iter().all(|(path, size)| {
        fs::metadata(project.build_dir.join(path)).is_ok_and(|m| m.is_file() && m.len() == *size)
    });
    intact.then_some(manifest)
}

/// Writes `manifest` into the (staged) index folder `dir`.
pub fn write(dir: &Path, manifest: &Manifest) -> Result<()> {
    let json = serde_json::to_vec(manifest).context("cannot serialise the build manifest")?;
    crate::output::write_file(&dir.join(FILE), &json)
}

/// Removes the manifest, so that the next `build` renders everything: for
/// `serve`, which changes the build folder behind the manifest's back.
pub fn invalidate(project: &Project) {
    let _ = fs::remove_file(project.index_dir.join(FILE));
}
