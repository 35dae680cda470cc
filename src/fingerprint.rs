//! No-change rebuilds: `build` skips rendering when nothing it reads has
//! changed since the last successful build.
//!
//! The fingerprint is a SHA-256 over every input a build reads (book.toml,
//! every file under the content folder and the theme folder, by path and
//! bytes; the git history's status and HEAD commit) and over the program
//! itself (its version and the size and modification time of its
//! executable, so a rebuilt `compendium` with new templates or rendering
//! code never reuses an old site). Paths are relative to the project, so a
//! copy of it elsewhere has the same manifest. It is kept, with
//! the size of every file the build wrote, in the index folder, which is
//! swapped in together with the site; a build whose fingerprint matches and
//! whose output is intact writes nothing. Hashing the corpus costs about
//! what reading it does: the floor of any build.
//!
//! Intact means (see [`check`]): the manifest's own checksum holds; every
//! site file is there with its size and was not modified after the manifest
//! was written (the manifest is the last file a build writes, so a later
//! modification time means something else changed the file, whatever its
//! size: this catches a damaged browser index, `search/*.js`, at the cost of
//! the `stat` already made); every file of the index folder is there with
//! its size, the small ones (`meta.json`, the catalog, tantivy's file list)
//! with their SHA-256; and the tantivy index opens and passes its own
//! CRC-32 checksums ([`crate::search::Engine::open`]). At 10,000 records
//! (26 MB of index) this adds about 10 ms of CPU to a no-change build of
//! about 170 ms, and the index's pages to its peak memory (35 → 46 MB).

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::config::Project;
use crate::core::read_ahead;

/// The manifest's file name inside the index folder.
pub const FILE: &str = crate::core::names::BUILD_MANIFEST;

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

/// What the manifest file holds: the manifest, and the index folder's files
/// as the build wrote them.
#[derive(Serialize)]
struct StoredRef<'a> {
    manifest: &'a Manifest,
    index: Vec<IndexFile>,
}

/// [`StoredRef`] read back.
#[derive(Deserialize)]
struct Stored {
    manifest: Manifest,
    index: Vec<IndexFile>,
}

/// A file of the index folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct IndexFile {
    name: String,
    size: u64,
    /// For the files tantivy does not checksum itself (all but segment
    /// files); hex.
    sha256: Option<String>,
}

/// The fingerprint of the manifest `serve` leaves ([`write_served`]): no
/// build's inputs hash to it, so the next build renders everything, while
/// [`foreign_files`] still knows the files `serve` wrote from a publisher's.
pub const SERVED: &str = "served";

/// The manifest file starts with this, then the hex SHA-256 of the JSON
/// after the line, so that a damaged manifest is never trusted.
const CHECKSUM_PREFIX: &str = "sha256:";

/// Why the last build's output cannot be reused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stale {
    /// No manifest, or the inputs changed: an ordinary rebuild.
    Changed,
    /// The output (site, browser index, tantivy index or the manifest) was
    /// damaged or changed since; the reason names the file.
    Damaged(String),
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
    let statics = project.root.join(crate::config::STATIC_DIR);
    if statics.is_dir() {
        dirs.push(("static", statics));
    }
    let root = crate::core::confine::Root::new(&project.root).ok();
    for (label, dir) in dirs {
        // Unreadable entries change the fingerprint through their name, so
        // a build that would report them is never skipped. Links are
        // followed as `load` follows them (only inside the project); the
        // others count by name, and their targets are never read.
        let mut refused = Vec::new();
        let walk = walkdir::WalkDir::new(&dir).follow_links(true).sort_by_file_name();
        let walk = walk.into_iter().filter_entry(|e| {
            let out =
                e.path_is_symlink() && root.as_ref().is_none_or(|r| r.resolve(e.path()).is_err());
            if out {
                let rel = e.path().strip_prefix(&dir).unwrap_or(e.path());
                refused.push((format!("{label}/!link {}", rel.display()), dir.clone()));
            }
            !out
        });
        for entry in walk {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    let rel = e.path().strip_prefix(&dir).unwrap_or(e.path());
                    files.push((format!("{label}/{}", rel.display()), e.path().to_path_buf()));
                }
                // A pipe, socket or device is an error `load` reports:
                // counted by name (never opened), so its build is not skipped.
                Ok(e) if !e.file_type().is_dir() => {
                    let rel = e.path().strip_prefix(&dir).unwrap_or(e.path());
                    files.push((format!("{label}/!special {}", rel.display()), dir.clone()));
                }
                Ok(_) => {}
                // By relative path and kind: walkdir's message names the
                // absolute path, which would differ between two copies.
                Err(e) => {
                    let rel = e.path().map(|p| p.strip_prefix(&dir).unwrap_or(p).display());
                    let rel = rel.map(|r| r.to_string()).unwrap_or_default();
                    let kind = e.io_error().map(|io| format!("{:?}", io.kind()));
                    let why = kind.unwrap_or_else(|| "loop".into());
                    files.push((format!("{label}/!{rel} {why}"), dir.clone()));
                }
            }
        }
        files.append(&mut refused);
    }
    // Files are hashed in parallel (read ahead, for a cold disk), then
    // combined in path order.
    let dated = std::sync::atomic::AtomicBool::new(project.config.check.staleness.is_some());
    let max_bytes = project.config.limits.max_file_bytes;
    let digests = read_ahead::par_map(
        &files,
        |(_, path)| path.as_path(),
        max_bytes,
        |(name, path)| {
            let mut h = Sha256::new();
            h.update(name.as_bytes());
            h.update([0]);
            // Streamed, except the schema files it searches: a theme asset
            // may be large (the theme's loader refuses it, with its name).
            let read = if name.ends_with(crate::load::COLLECTION_FILE) {
                fs::read(path).map(|bytes| {
                    if bytes.windows(STALE_KEY.len()).any(|w| w == STALE_KEY) {
                        dated.store(true, std::sync::atomic::Ordering::Relaxed);
                    }
                    h.update(&bytes)
                })
            } else {
                fs::File::open(path).and_then(|mut f| std::io::copy(&mut f, &mut h)).map(drop)
            };
            if let Err(e) = read {
                h.update(format!("unreadable: {e}").as_bytes());
            }
            let digest: [u8; 32] = h.finalize().into();
            digest
        },
    );
    let mut all = Sha256::new();
    all.update(env!("CARGO_PKG_VERSION").as_bytes());
    all.update(program_identity().as_bytes());
    // Output folders relative to the project: two copies of one project in
    // different folders have the same manifest (the index folder is the
    // same bytes wherever it is built).
    let rel = |p: &Path| crate::core::diag::rel_path(&project.root, p);
    all.update(format!("{}|{}", rel(&project.build_dir), rel(&project.index_dir)));
    // history: pages show the commits reachable from HEAD, so a new commit
    // (or a repository that appeared or went) renders again. An unreadable
    // repository's reason may name its absolute path: only its kind counts.
    let (status, head) = crate::history::probe(project);
    let status = match status {
        crate::model::HistoryStatus::Unreadable(_) => "Unreadable".to_owned(),
        s => format!("{s:?}"),
    };
    all.update(format!("history|{status}|{}", head.unwrap_or_default()));
    // `build --drafts` publishes records a plain build leaves out.
    all.update(format!("drafts|{}", project.drafts));
    for d in &digests {
        all.update(d);
    }
    // Staleness notes depend on the date: a site that sets `stale-after`
    // renders again on a new day.
    if dated.into_inner() {
        all.update(format!("today {}", project.today));
    }
    all.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

const STALE_KEY: &[u8] = b"stale-after";

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

/// The last build's manifest, when it was made from `fingerprint` and its
/// output is intact (see the module's documentation); otherwise why not.
///
/// # Errors
/// [`Stale::Changed`] when there is no manifest or the inputs changed,
/// [`Stale::Damaged`] when the output was damaged or changed since.
pub fn check(project: &Project, fingerprint: &str) -> Result<Manifest, Stale> {
    let path = project.index_dir.join(FILE);
    let shown = |p: &Path| crate::core::diag::rel_path(&project.root, p);
    let damaged = |p: &Path, why: &str| Stale::Damaged(format!("`{}` {why}", shown(p)));
    let bytes = fs::read(&path).map_err(|_| Stale::Changed)?;
    let written = fs::metadata(&path).and_then(|m| m.modified()).map_err(|_| Stale::Changed)?;
    let stored = parse(&bytes).ok_or_else(|| damaged(&path, "is damaged"))?;
    if stored.manifest.fingerprint != fingerprint {
        return Err(Stale::Changed);
    }
    let files = &stored.manifest.files;
    // A file the build did not write (a stray upload) would be published
    // by the next deploy and gone after the next change: a fresh build's
    // output has none. Looked for while the files are checked.
    // A temporary file of ours was left by a write stopped halfway.
    let ours = |p: &str| {
        p == crate::core::names::MARKER
            || crate::output::is_temp_file(p)
            || files.binary_search_by(|(f, _)| f.as_str().cmp(p)).is_ok()
    };
    let (site, foreign) = std::thread::scope(|scope| {
        let foreign = scope.spawn(|| foreign_file(&project.build_dir, &ours));
        let site = on_wide_pool(files.len(), || {
            files.par_iter().try_for_each(|(file, size)| {
                let p = project.build_dir.join(file);
                match fs::metadata(&p) {
                    Ok(m) if m.is_file() && m.len() == *size => {
                        // Equal times are the same build: the clock is
                        // coarser than the time between the last writes.
                        if m.modified().is_ok_and(|t| t <= written) {
                            Ok(())
                        } else {
                            Err(damaged(&p, "was modified after the last build"))
                        }
                    }
                    Ok(_) => Err(damaged(&p, "was changed since the last build")),
                    Err(_) => Err(damaged(&p, "is missing")),
                }
            })
        });
        (site, foreign.join().ok().flatten())
    });
    site?;
    if let Some(p) = foreign {
        return Err(damaged(&p, "is not one the build wrote"));
    }
    let names: std::collections::HashSet<&str> =
        stored.index.iter().map(|f| f.name.as_str()).chain([FILE]).collect();
    // tantivy's lock files come and go with any reader (see `index_files`).
    let known =
        |p: &str| names.contains(p) || p.ends_with(".lock") || p == crate::core::names::MARKER;
    if let Some(p) = foreign_file(&project.index_dir, &known) {
        return Err(damaged(&p, "is not one the build wrote"));
    }
    for f in &stored.index {
        let p = project.index_dir.join(&f.name);
        let bytes = match (&f.sha256, fs::metadata(&p)) {
            (_, Err(_)) => return Err(damaged(&p, "is missing")),
            (_, Ok(m)) if !m.is_file() || m.len() != f.size => {
                return Err(damaged(&p, "was changed since the last build"));
            }
            (None, Ok(_)) => continue,
            (Some(_), Ok(_)) => fs::read(&p).map_err(|_| damaged(&p, "cannot be read"))?,
        };
        if f.sha256 != Some(sha256_hex(&bytes)) {
            return Err(damaged(&p, "was changed since the last build"));
        }
    }
    // The index's own checksums, and that it opens: what `search` does.
    if let Err(e) = crate::search::Engine::open(&project.index_dir) {
        let dir = shown(&project.index_dir);
        return Err(Stale::Damaged(match e {
            // The reason alone: the build about to run is the way out.
            crate::search::Error::Damaged(_, why) => format!("`{dir}` is damaged: {why}"),
            e => e.shown_as(&dir).to_string(),
        }));
    }
    Ok(stored.manifest)
}

/// The first file under `dir` (in path order) that `ours` does not know
/// by its `/`-separated path; folders alone are no file. The walk is
/// unsorted (sorting each folder doubled its time): the first is chosen
/// among those found.
/// The files of the build folder that the last build did not write
/// (a `CNAME`, a folder of PDFs a publisher put there), sorted: the next
/// build replaces the folder whole and would delete them. Empty when
/// there is no readable manifest to tell (then nothing is known).
pub fn foreign_files(project: &Project) -> Vec<std::path::PathBuf> {
    let Ok(bytes) = fs::read(project.index_dir.join(FILE)) else { return Vec::new() };
    let Some(stored) = parse(&bytes) else { return Vec::new() };
    let files = &stored.manifest.files;
    // A temporary file of ours was left by a write stopped halfway.
    let ours = |p: &str| {
        p == crate::core::names::MARKER
            || crate::output::is_temp_file(p)
            || files.binary_search_by(|(f, _)| f.as_str().cmp(p)).is_ok()
    };
    let mut out: Vec<std::path::PathBuf> = strays(&project.build_dir, &ours).collect();
    out.sort();
    out
}

/// [`foreign_files`] as an error at the first of them, naming up to five,
/// with where such a file belongs; `None` when there are none.
pub fn foreign_error(
    project: &Project,
    foreign: &[std::path::PathBuf],
) -> Option<crate::core::diag::Diagnostic> {
    let first = foreign.first()?;
    let rel = |p: &Path| crate::core::diag::rel_path(&project.root, p);
    let shown: Vec<String> = foreign.iter().take(5).map(|p| format!("`{}`", rel(p))).collect();
    let more = match foreign.len() {
        n if n > 5 => format!(" and {} more", n - 5),
        _ => String::new(),
    };
    let site = rel(&project.build_dir);
    let inside =
        first.strip_prefix(&project.build_dir).ok().map(|p| p.to_string_lossy().replace('\\', "/"));
    let mut example = inside.unwrap_or_else(|| "CNAME".to_owned());
    // Where `static/` may not go (`search/`, `feed.xml`): a folder of its own.
    if crate::core::names::only_the_build_writes(&example) {
        let name = example.rsplit('/').next().unwrap_or("file").to_owned();
        example = format!("files/{name}");
    }
    let they = if foreign.len() == 1 { "it" } else { "they" };
    Some(
        crate::core::diag::Diagnostic::error(
            rel(first),
            crate::core::diag::Pos::START,
            format!(
                "{}{more}: not written by the build, which replaces `{site}` whole: {they} would \
                 be deleted",
                shown.join(", ")
            ),
        )
        .with_help(format!(
            "to publish a file with the site, put it in `static/` (`static/{example}` is \
             published as `{site}/{example}`); otherwise delete it, or run `build --force` to \
             replace the folder anyway"
        )),
    )
}

fn foreign_file(dir: &Path, ours: &dyn Fn(&str) -> bool) -> Option<std::path::PathBuf> {
    strays(dir, ours).min()
}

/// The files under `dir` that `ours` (given each one's `/`-separated path
/// from `dir`) does not claim.
fn strays<'a>(
    dir: &'a Path,
    ours: &'a dyn Fn(&str) -> bool,
) -> impl Iterator<Item = std::path::PathBuf> + 'a {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .filter(move |e| {
            let rel = e.path().strip_prefix(dir).map(|r| r.to_string_lossy().replace('\\', "/"));
            rel.is_ok_and(|r| !ours(&r))
        })
        .map(walkdir::DirEntry::into_path)
}

/// Runs `f` (a parallel walk over `count` files' metadata) on more threads
/// than there are cores when there are many files: with the disk's cache
/// cold, each look at a file waits on the disk rather than the processor,
/// and more of them in flight at once finish sooner (218,000 output files
/// at 100,000 records: 9.6 s on two threads, 3.7 s on sixteen).
fn on_wide_pool<R: Send>(count: usize, f: impl FnOnce() -> R + Send) -> R {
    const THREADS: usize = 16;
    const WORTH_IT: usize = 4096;
    if count < WORTH_IT {
        return f();
    }
    match rayon::ThreadPoolBuilder::new().num_threads(THREADS).build() {
        Ok(pool) => pool.install(f),
        Err(_) => f(),
    }
}

/// The manifest file's contents, when its checksum holds.
fn parse(bytes: &[u8]) -> Option<Stored> {
    let rest = bytes.strip_prefix(CHECKSUM_PREFIX.as_bytes())?;
    let newline = rest.iter().position(|b| *b == b'\n')?;
    let (sum, json) = (&rest[..newline], &rest[newline + 1..]);
    if sum != sha256_hex(json).as_bytes() {
        return None;
    }
    serde_json::from_slice(json).ok()
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Writes `manifest` into the (staged) index folder `dir`, once the index
/// is complete there: it records the index folder's files too.
pub fn write(dir: &Path, manifest: &Manifest) -> Result<()> {
    let index = index_files(dir)?;
    crate::output::write_file(&dir.join(FILE), &stored_bytes(manifest, index)?)
}

/// The manifest `serve` leaves in the index folder `dir` while it runs and
/// after it stops: `files` are those of the build folder it wrote
/// (`/`-separated paths, sorted; their sizes are not known, so 0), and the
/// fingerprint is [`SERVED`]. `serve` changes the build folder and the
/// index behind a build's manifest, so the next build never takes them for
/// its own output, but it still refuses a file put in the build folder
/// since ([`foreign_files`]) instead of deleting it unseen. Replaced
/// atomically: the index folder is live, and a reader must never see half
/// of it (a damaged manifest is one nothing is known from).
///
/// # Errors
/// When the file cannot be written.
pub fn write_served(dir: &Path, files: Vec<(String, u64)>) -> Result<()> {
    let manifest =
        Manifest { fingerprint: SERVED.to_owned(), records: 0, warnings: String::new(), files };
    crate::output::replace_file(&dir.join(FILE), &stored_bytes(&manifest, Vec::new())?)
}

/// The manifest file's bytes: the checksum line, then the JSON.
fn stored_bytes(manifest: &Manifest, index: Vec<IndexFile>) -> Result<Vec<u8>> {
    let json = serde_json::to_vec(&StoredRef { manifest, index })
        .context("cannot serialise the build manifest")?;
    let mut bytes = format!("{CHECKSUM_PREFIX}{}\n", sha256_hex(&json)).into_bytes();
    bytes.extend_from_slice(&json);
    Ok(bytes)
}

/// The files of the index folder `dir` but the manifest and tantivy's lock
/// files (empty, and made or removed by any reader or writer).
fn index_files(dir: &Path) -> Result<Vec<IndexFile>> {
    let mut files = Vec::new();
    let entries = fs::read_dir(dir).with_context(|| format!("cannot list `{}`", dir.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot list `{}`", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == FILE || name.ends_with(".lock") || !entry.file_type().is_ok_and(|t| t.is_file())
        {
            continue;
        }
        let path = entry.path();
        let size = entry.metadata().with_context(|| format!("cannot read `{}`", path.display()))?;
        // Segment files carry tantivy's CRC-32, checked when the index is
        // opened; hashing them again would double the cost.
        let sha256 = if crate::search::integrity::is_segment_file(&name) {
            None
        } else {
            let bytes =
                fs::read(&path).with_context(|| format!("cannot read `{}`", path.display()))?;
            Some(sha256_hex(&bytes))
        };
        files.push(IndexFile { name, size: size.len(), sha256 });
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(files)
}

/// Removes the manifest, so that the next `build` renders everything: for
/// `serve`, which changes the build folder behind the manifest's back (and
/// leaves its own, [`write_served`], once it has written the folder).
pub fn invalidate(project: &Project) {
    let _ = fs::remove_file(project.index_dir.join(FILE));
}

/// A file of the content (or `book.toml`) changed since the build that
/// wrote the search index, as shown from the project root: what `search`
/// warns of, as it answers from that index. Cheap while nothing changed:
/// only when a file's time is after the index's manifest are the inputs'
/// bytes compared with the build's fingerprint (a checkout or `touch`
/// that changes no byte says nothing). `None` without a manifest (an
/// index copied without one) or under `serve`, which keeps the index
/// current itself.
pub fn stale_index(project: &Project) -> Option<String> {
    let path = project.index_dir.join(FILE);
    let built = fs::metadata(&path).and_then(|m| m.modified()).ok()?;
    let book = project.root.join(crate::config::CONFIG_FILE);
    let newer = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).is_ok_and(|t| t > built);
    let changed = if newer(&book) {
        book
    } else {
        walkdir::WalkDir::new(&project.content_dir)
            .into_iter()
            .flatten()
            .map(walkdir::DirEntry::into_path)
            .find(|p| newer(p))?
    };
    let stored = parse(&fs::read(&path).ok()?)?;
    let fingerprint = stored.manifest.fingerprint;
    (fingerprint != SERVED && fingerprint != inputs(project))
        .then(|| crate::core::diag::rel_path(&project.root, &changed))
}
