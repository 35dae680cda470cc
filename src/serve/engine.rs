//! The incremental engine behind `serve`: it keeps the last good [`Site`]
//! and a hash of every file it wrote, and turns a batch of file changes into
//! the least work that gives exactly the bytes a full `build` would.
//!
//! It owns no thread, socket or watcher (those are `serve`'s), and it writes
//! only into the build folder. While content has errors it writes nothing:
//! the last good build stays on disk and the errors are returned instead.
//!
//! Two paths, chosen per batch:
//! - **fast**: every change is a record file saved under a collection of the
//!   current schema, keeping the key it had (or a new file with a new key).
//!   Only those files are read and validated (a record's validity depends on
//!   its file, the schema and the set of keys, and the set of keys did not
//!   change); the site is patched ([`resolve::patch`]); only the pages that
//!   show those records are re-rendered.
//! - **full**: anything else (deleted or renamed records, changed ids,
//!   `sources` records, schema, taxonomies, `book.toml`, or any change while
//!   the content is in an error state the fast path did not produce) reloads
//!   content from disk; pages of records that differ are re-rendered, or all
//!   pages when the schema, configuration or theme changed. Only files whose
//!   bytes changed are written, and files no longer produced are removed.
//!
//! The parts: [`classify`] names what a changed path is; `state` is what
//! the engine keeps between batches; `plan` decides, without touching the
//! disk, which path a batch takes and which pages and files it touches;
//! `apply` reads, validates and patches; `write` renders and writes (or
//! removes) files, hashing what is on disk; `manifest` leaves, for the next
//! `build`, the list of the files it wrote.
//!
//! [`Site`]: crate::model::Site
//! [`resolve::patch`]: crate::resolve::patch

mod adopt;
mod apply;
mod classify;
mod manifest;
mod plan;
mod state;
mod wide;
mod write;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;

use crate::core::diag::{Diagnostic, Severity};

pub use crate::render::Page;
pub use classify::{classify, is_config, is_translation_file, record_collection};
pub use plan::{affected_pages, page_exists};
pub use state::Engine;
pub use wide::{Dirty, Part as WidePart, WideFile, WideJob, make_wide};

/// What changed on disk, as the watcher classifies it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// A record file under a collection folder (saved, created or removed).
    Record(PathBuf),
    /// `_collection.yaml`, `_taxonomies.yaml`, a folder, or any other file
    /// under `content/` that is not a record: the schema may have changed.
    Schema,
    /// A template of the theme.
    Template(PathBuf),
    /// A stylesheet or other asset of the theme.
    Asset(PathBuf),
    /// `book.toml`.
    Config,
}

/// How open pages should refresh after a rebuild.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reload {
    /// Nothing on disk changed.
    None,
    /// Only stylesheets changed: swap them without reloading the page.
    Css,
    /// Reload the page.
    Page,
}

/// Which path a rebuild took (for logs and benchmarks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// Only the changed records were read and their pages re-rendered.
    Fast,
    /// Content was reloaded from disk.
    Full,
}

/// What one rebuild did.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Output files written (changed bytes), relative to the build folder.
    pub written: Vec<String>,
    /// Output files removed.
    pub removed: Vec<String>,
    /// Every current diagnostic, sorted; errors mean nothing was written.
    pub diagnostics: Vec<Diagnostic>,
    /// How open pages should refresh.
    pub reload: Reload,
    /// Which path was taken.
    pub route: Route,
    /// Time until the changed record pages were on disk (the rest, such as
    /// datasets, follows in the same call).
    pub pages_done: Duration,
    /// Pages left queued (rendered a few at a time between saves): after a
    /// template edit, every page that uses it.
    pub queued: usize,
}

/// What [`Engine::install_browser_index`] did.
#[derive(Debug)]
pub enum Installed {
    /// Wrote it; the set is every file of the index now in the build folder.
    Done(Outcome, BTreeSet<String>),
    /// It was made from an older site: dropped.
    Stale,
    /// Files it left out are not in the build folder: make it in full.
    Incomplete,
}

impl Outcome {
    /// Whether the content has errors (and the last good build is kept).
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }
}

/// How many queued pages one [`Engine::flush_step`] renders.
pub const FLUSH_PAGES: usize = 4;

/// Called after each step of writing with the output files (relative
/// paths) that step wrote or removed, so that open pages can reload as soon
/// as their own file is on disk.
pub type Ready<'a> = &'a mut dyn FnMut(&[String]);
