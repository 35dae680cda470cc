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

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash as _, Hasher as _};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};

use crate::build::{self, SiteWide};
use crate::config::{CONFIG_FILE, Project};
use crate::core::diag::{Diagnostic, Diagnostics, Severity, rel_path};
use crate::model::{Key, Record, Site};
use crate::output::{OutputFile, Staging, replace_file};
use crate::render::{self, Theme};
use crate::resolve::{self, Change as RecordChange};
use crate::{load, pipeline, search, validate};

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

pub use crate::render::Page;

/// How many queued pages one [`Engine::flush_step`] renders.
pub const FLUSH_PAGES: usize = 4;

/// Where theme problems are filed among the diagnostics.
const THEME_DIAG: &str = "themes";

/// Called after each step of writing with the output files (relative
/// paths) that step wrote or removed, so that open pages can reload as soon
/// as their own file is on disk.
pub type Ready<'a> = &'a mut dyn FnMut(&[String]);

/// The last good build and what is needed to patch it.
struct Good {
    site: Site,
    theme: Theme,
    /// Record file (relative path) → key, for the records of `site`.
    by_path: HashMap<String, Key>,
}

/// The engine's state; see the module docs.
pub struct Engine {
    root: PathBuf,
    good: Option<Good>,
    /// Current diagnostics by file.
    diags: BTreeMap<String, Vec<Diagnostic>>,
    /// Whether `diags` were computed by the fast path from the last good
    /// build, so that the fast path may go on from them.
    exact: bool,
    /// Valid records saved since the last good build, waiting for the errors
    /// elsewhere to be fixed: file → record (citations not yet filled).
    staged: BTreeMap<String, Record>,
    /// Keys of record files added since the last good build (valid or not)
    /// and their files: they exist for other records' references.
    added: BTreeMap<Key, String>,
    /// Bumped whenever the good site changes.
    generation: u64,
    /// Pages still to re-render for changes already applied.
    pending: BTreeSet<Page>,
    /// Site-wide files still to regenerate.
    pending_wide: BTreeSet<SiteWide>,
    /// Whether the browser search index is left to the caller (see
    /// [`Engine::background_browser_index`]).
    browser_elsewhere: bool,
    /// Each record's entry of `data/records.json`, as `export::json` prints
    /// it inside the array: re-made only for changed records.
    json_cache: HashMap<Key, String>,
    /// Output file → hash of the bytes on disk; `None` until a build of ours
    /// is on disk (then the next one is a whole staged build).
    written: Option<HashMap<String, u64>>,
}

impl Engine {
    /// Loads the project and builds it whole (a staged, atomic build, as
    /// `compendium build`). On content errors the previous build folder is
    /// left as it was and the outcome lists the errors.
    pub fn start(root: &Path) -> (Engine, Outcome) {
        // Absolute, like the paths watchers report, so that they compare.
        let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
        let mut engine = Engine {
            root,
            good: None,
            diags: BTreeMap::new(),
            exact: false,
            staged: BTreeMap::new(),
            added: BTreeMap::new(),
            generation: 0,
            pending: BTreeSet::new(),
            pending_wide: BTreeSet::new(),
            json_cache: HashMap::new(),
            browser_elsewhere: false,
            written: None,
        };
        let outcome = engine.full(true, Instant::now(), &mut |_| {});
        (engine, outcome)
    }

    /// The last good site, if any build succeeded.
    pub fn site(&self) -> Option<&Site> {
        self.good.as_ref().map(|g| &g.site)
    }

    /// A number that changes whenever the last good site does.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The build folder of the last good project, or the default under root.
    pub fn build_dir(&self) -> PathBuf {
        match &self.good {
            Some(g) => g.site.project.build_dir.clone(),
            None => match Project::load(&self.root) {
                Ok(p) => p.build_dir,
                Err(_) => self.root.join("site"),
            },
        }
    }

    /// Current diagnostics, sorted by file and position.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut all: Vec<Diagnostic> = self.diags.values().flatten().cloned().collect();
        all.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
        all
    }

    fn has_errors(&self) -> bool {
        self.diags.values().flatten().any(|d| d.severity == Severity::Error)
    }

    /// Applies a batch of changes (deduplicated by the caller or not).
    /// Applies a batch of changes and does all the work they queue, so that
    /// the build folder is complete when it returns.
    pub fn apply(&mut self, changes: &[ChangeKind]) -> Outcome {
        let mut o = self.apply_with(changes, &mut |_| {});
        let (written, removed) = self.flush(&mut |_| {});
        o.written.extend(written);
        o.removed.extend(removed);
        o.diagnostics = self.diagnostics();
        if o.reload == Reload::None && !(o.written.is_empty() && o.removed.is_empty()) {
            o.reload = Reload::Page;
        }
        o
    }

    /// Applies a batch of changes: writes the changed records' own pages at
    /// once (calling `pages_ready` with what was written) and queues the
    /// rest for [`flush_step`](Self::flush_step).
    pub fn apply_with(&mut self, changes: &[ChangeKind], pages_ready: Ready<'_>) -> Outcome {
        let start = Instant::now();
        let mut records = BTreeSet::new();
        let mut everything = false;
        let mut templates = false;
        let mut assets_only = true;
        for c in changes {
            match c {
                ChangeKind::Record(p) => {
                    assets_only = false;
                    records.insert(p.clone());
                }
                ChangeKind::Schema | ChangeKind::Config => {
                    assets_only = false;
                    everything = true;
                }
                ChangeKind::Template(_) => {
                    assets_only = false;
                    templates = true;
                }
                ChangeKind::Asset(_) => {}
            }
        }
        if changes.is_empty() {
            return self.outcome(Vec::new(), Vec::new(), Route::Fast, start.elapsed());
        }
        if assets_only && self.exact && !self.has_errors() && self.good.is_some() {
            return self.assets(start);
        }
        if !everything
            && !templates
            && !records.is_empty()
            && let Some(outcome) = self.fast(&records, start, pages_ready)
        {
            return outcome;
        }
        let only_templates = changes.iter().all(|c| matches!(c, ChangeKind::Template(_)));
        if only_templates
            && self.exact
            && !self.has_errors()
            && let Some(outcome) = self.templates(start)
        {
            return outcome;
        }
        self.full(everything || templates || records.is_empty(), start, pages_ready)
    }

    /// Only templates changed: reload the theme and queue the pages whose
    /// template reads a changed one (extends, includes or imports it), for
    /// [`flush_step`](Self::flush_step); the content is not read again.
    /// `None` when a template was added or removed (the full path then).
    fn templates(&mut self, start: Instant) -> Option<Outcome> {
        let good = self.good.as_ref()?;
        let theme = match Theme::load(&good.site.project) {
            Ok(t) => t,
            Err(e) => return Some(self.theme_error(&e, start)),
        };
        let changed = good.theme.changed_templates(&theme)?;
        let mut reads: HashMap<&'static str, bool> = HashMap::new();
        let pages: Vec<Page> = render::pages(&good.site, &theme)
            .into_iter()
            .filter(|p| {
                *reads.entry(p.template()).or_insert_with(|| {
                    theme.dependencies(p.template()).iter().any(|t| changed.contains(t))
                })
            })
            .collect();
        if let Some(good) = self.good.as_mut() {
            good.theme = theme;
        }
        self.diags.remove(THEME_DIAG);
        self.pending.extend(pages);
        Some(self.outcome(Vec::new(), Vec::new(), Route::Fast, start.elapsed()))
    }

    /// Only theme assets changed: reload the theme and write its assets;
    /// stylesheets alone are swapped in open pages without a reload.
    fn assets(&mut self, start: Instant) -> Outcome {
        let Some(good) = self.good.as_mut() else {
            return self.outcome(Vec::new(), Vec::new(), Route::Fast, start.elapsed());
        };
        let theme = match Theme::load(&good.site.project) {
            Ok(t) => t,
            Err(e) => return self.theme_error(&e, start),
        };
        let files = theme.assets();
        good.theme = theme;
        let build_dir = good.site.project.build_dir.clone();
        let produced: BTreeSet<String> = files.iter().map(|f| f.path.clone()).collect();
        let result = self.write_changed(&build_dir, files).and_then(|written| {
            let stale: Vec<String> = self
                .written
                .as_ref()
                .map(|w| {
                    w.keys()
                        .filter(|p| p.starts_with("assets/") && !produced.contains(*p))
                        .cloned()
                        .collect()
                })
                .unwrap_or_default();
            let mut removed = Vec::new();
            for p in stale {
                if self.remove(&build_dir, &p)? {
                    removed.push(p);
                }
            }
            Ok((written, removed))
        });
        self.diags.remove(THEME_DIAG);
        match result {
            Ok((written, removed)) => {
                let css = written.iter().chain(&removed).all(|p| p.ends_with(".css"));
                let mut o = self.outcome(written, removed, Route::Fast, start.elapsed());
                if css && o.reload == Reload::Page {
                    o.reload = Reload::Css;
                }
                o
            }
            Err(e) => self.io_error(e, Route::Fast, start),
        }
    }

    /// A theme that cannot be loaded is reported like content errors: the
    /// last good build stays.
    fn theme_error(&mut self, e: &anyhow::Error, start: Instant) -> Outcome {
        let d = Diagnostic::error(THEME_DIAG, crate::core::diag::Pos::START, format!("{e:#}"));
        self.diags.insert(THEME_DIAG.to_owned(), vec![d]);
        self.exact = false;
        self.outcome(Vec::new(), Vec::new(), Route::Full, start.elapsed())
    }

    fn outcome(
        &self,
        written: Vec<String>,
        removed: Vec<String>,
        route: Route,
        pages_done: Duration,
    ) -> Outcome {
        let reload =
            if written.is_empty() && removed.is_empty() { Reload::None } else { Reload::Page };
        Outcome { written, removed, diagnostics: self.diagnostics(), reload, route, pages_done }
    }

    /// The fast path; `None` when the batch needs the full one.
    fn fast(
        &mut self,
        files: &BTreeSet<PathBuf>,
        start: Instant,
        pages_ready: Ready<'_>,
    ) -> Option<Outcome> {
        if !self.exact {
            return None;
        }
        let good = self.good.as_ref()?;
        let project = &good.site.project;
        let schema = &good.site.schema;
        // Read and check keys of every file first: one file needing the full
        // path sends the whole batch there.
        let mut read: Vec<(String, Key, Option<load::RawRecord>, Vec<Diagnostic>)> = Vec::new();
        for path in files {
            let rel = rel_path(&project.root, path);
            let collection = record_collection(&project.content_dir, path)?;
            // A translation (`ID.LANG.md`) changes a record it does not
            // name as its own key: the full path loads it with its original.
            if is_translation_file(path) {
                return None;
            }
            if collection == load::SOURCES || !schema.collections.contains_key(&collection) {
                return None;
            }
            if !path.is_file() {
                return None;
            }
            let mut d = Diagnostics::new();
            let raw = load::record(project, &collection, path, &mut d);
            let claimed = match &raw {
                Some(r) => validate::claimed_key(r)?,
                None => {
                    let stem = path.file_stem()?.to_string_lossy().into_owned();
                    crate::core::rules::is_id(&stem).then(|| Key::new(&collection, stem))?
                }
            };
            // A translated record's translations are attached by the full
            // path (`validate`), which also re-checks them against it.
            if good.site.records.get(&claimed).is_some_and(|r| !r.translations.is_empty()) {
                return None;
            }
            match good.by_path.get(&rel) {
                Some(old) if *old == claimed => {}
                Some(_) => return None,
                None => {
                    // A new file must bring a key nobody else holds, and keep
                    // the key it brought when it was first seen.
                    let taken = good.site.records.contains_key(&claimed)
                        || self.added.get(&claimed).is_some_and(|p| *p != rel)
                        || self.added.iter().any(|(k, p)| *p == rel && *k != claimed);
                    if taken || read.iter().any(|(_, k, _, _)| *k == claimed) {
                        return None;
                    }
                }
            }
            read.push((rel, claimed, raw, d.into_vec()));
        }
        let mut known: BTreeSet<Key> = good.site.records.keys().cloned().collect();
        known.extend(self.added.keys().cloned());
        known.extend(read.iter().map(|(_, k, _, _)| k.clone()));
        for (rel, key, raw, mut d) in read {
            if !good.by_path.contains_key(&rel) {
                self.added.insert(key.clone(), rel.clone());
            }
            let mut sink = Diagnostics::new();
            let record = raw.and_then(|raw| {
                validate::validate_one(&raw, key, schema, &known, project, &mut sink)
            });
            d.extend(sink.into_vec());
            if d.is_empty() {
                self.diags.remove(&rel);
            } else {
                self.diags.insert(rel.clone(), d);
            }
            match record {
                Some(r) if !self.diags.get(&rel).is_some_and(|d| has_error(d)) => {
                    self.staged.insert(rel, r);
                }
                _ => {
                    self.staged.remove(&rel);
                }
            }
        }
        if self.has_errors() {
            return Some(self.outcome(Vec::new(), Vec::new(), Route::Fast, start.elapsed()));
        }
        Some(self.apply_staged(start, pages_ready))
    }

    /// Patches the last good site with the staged records and writes what
    /// they touch. Runs only when the content has no errors.
    fn apply_staged(&mut self, start: Instant, pages_ready: Ready<'_>) -> Outcome {
        let staged = std::mem::take(&mut self.staged);
        self.added.clear();
        let Some(good) = self.good.as_mut() else {
            return self.outcome(Vec::new(), Vec::new(), Route::Fast, start.elapsed());
        };
        let keys: BTreeSet<Key> = staged.values().map(|r| r.key.clone()).collect();
        let mut pages = affected_pages(&good.site, &keys);
        let countries_before: BTreeSet<String> = good.site.countries.keys().cloned().collect();
        let mut changes = Vec::new();
        for (rel, mut record) in staged {
            resolve::fill_record_citations(&mut record, &good.site.records);
            let old = good.by_path.insert(rel, record.key.clone());
            changes.push(RecordChange { old, new: Some(record) });
        }
        resolve::patch(&mut good.site, changes);
        self.generation += 1;
        pages.extend(affected_pages(&good.site, &keys));
        let countries_after: BTreeSet<String> = good.site.countries.keys().cloned().collect();
        pages.extend(country_pages(&good.site, &countries_before, &countries_after));
        let result = self.write_pages(&keys, pages, start, pages_ready);
        match result {
            Ok((written, removed, pages_done)) => {
                self.outcome(written, removed, Route::Fast, pages_done)
            }
            Err(e) => self.io_error(e, Route::Fast, start),
        }
    }

    /// Renders and writes the pages of `keys` themselves (what the editor is
    /// looking at), calling `on_written` with what it wrote or removed, and
    /// queues the other `pages` and the site-wide files (datasets, feed,
    /// sitemap) for [`flush_step`](Self::flush_step): on a large site they
    /// take far longer, and a save that comes meanwhile goes first.
    fn write_pages(
        &mut self,
        keys: &BTreeSet<Key>,
        pages: BTreeSet<Page>,
        start: Instant,
        on_written: Ready<'_>,
    ) -> Result<(Vec<String>, Vec<String>, Duration)> {
        let (first, rest): (BTreeSet<Page>, BTreeSet<Page>) =
            pages.into_iter().partition(|p| matches!(p, Page::Record(k) if keys.contains(k)));
        self.pending.extend(rest);
        for k in keys {
            self.json_cache.remove(k);
        }
        if let Some(good) = &self.good {
            let elsewhere = self.browser_elsewhere;
            self.pending_wide.extend(
                build::site_wide_parts(&good.site)
                    .into_iter()
                    .filter(|p| !(elsewhere && *p == SiteWide::BrowserIndex)),
            );
        }
        let (written, removed) = self.write_some(&first)?;
        let changed: Vec<String> = written.iter().chain(&removed).cloned().collect();
        on_written(&changed);
        Ok((written, removed, start.elapsed()))
    }

    /// Renders `pages` of the good site and writes those whose bytes
    /// changed; removes the files of those that no longer exist.
    fn write_some(&mut self, pages: &BTreeSet<Page>) -> Result<(Vec<String>, Vec<String>)> {
        let Some(good) = &self.good else { return Ok((Vec::new(), Vec::new())) };
        let build_dir = good.site.project.build_dir.clone();
        let (files, gone) = render_pages(&good.site, &good.theme, pages)?;
        let written = self.write_changed(&build_dir, files)?;
        let mut removed = Vec::new();
        for path in gone {
            if self.remove(&build_dir, &path)? {
                removed.push(path);
            }
        }
        Ok((written, removed))
    }

    /// Leaves the browser search index to the caller after the fast path:
    /// it analyses every record (seconds on a large site), so `serve` makes
    /// it on another thread from a copy of [`site`](Self::site) and hands
    /// it back with [`install_browser_index`](Self::install_browser_index).
    pub fn background_browser_index(&mut self, on: bool) {
        self.browser_elsewhere = on;
    }

    /// Writes a browser search index made from the site of `generation`
    /// (see [`generation`](Self::generation)): its new files, then removes
    /// those of the index it replaces. One made from an older site is
    /// dropped. The files it left out, saying they were there, must be in
    /// the build folder; when one is not (an index written meanwhile by a
    /// whole rebuild removed it), nothing is written and the caller makes
    /// the index again in full.
    pub fn install_browser_index(
        &mut self,
        generation: u64,
        index: search::browser::Output,
    ) -> Installed {
        if generation != self.generation || self.good.is_none() {
            return Installed::Stale;
        }
        let new: BTreeSet<&str> = index.files.iter().map(|f| f.path.as_str()).collect();
        let on_disk = |p: &String| self.written.as_ref().is_some_and(|w| w.contains_key(p));
        if !index.paths.iter().all(|p| new.contains(p.as_str()) || on_disk(p)) {
            return Installed::Incomplete;
        }
        let start = Instant::now();
        let build_dir = self.build_dir();
        let produced: BTreeSet<String> = index.paths.into_iter().collect();
        let outcome =
            match self.write_part(&build_dir, &SiteWide::BrowserIndex, &produced, index.files) {
                Ok((written, removed)) => {
                    self.outcome(written, removed, Route::Fast, start.elapsed())
                }
                Err(e) => self.io_error(e, Route::Fast, start),
            };
        Installed::Done(outcome, produced)
    }

    /// Whether queued work remains (pages that show changed records, and
    /// the site-wide files).
    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty() || !self.pending_wide.is_empty()
    }

    /// Does a slice of the queued work: up to [`FLUSH_PAGES`] pages, or,
    /// once they are done, one site-wide file. `serve` calls it between
    /// saves, so that a new save never waits for more than one slice.
    pub fn flush_step(&mut self, on_written: Ready<'_>) -> Outcome {
        let start = Instant::now();
        let result = if self.pending.is_empty() {
            let part = self.pending_wide.pop_first();
            match (&self.good, part) {
                (Some(good), Some(part)) => {
                    let build_dir = good.site.project.build_dir.clone();
                    let files = match &part {
                        SiteWide::Records => {
                            Ok(vec![records_json(&good.site, &mut self.json_cache)])
                        }
                        part => build::site_wide_part(&good.site, &good.theme, part),
                    };
                    files.and_then(|files| {
                        let produced = files.iter().map(|f| f.path.clone()).collect();
                        self.write_part(&build_dir, &part, &produced, files)
                    })
                }
                _ => Ok((Vec::new(), Vec::new())),
            }
        } else {
            let step: BTreeSet<Page> =
                std::iter::from_fn(|| self.pending.pop_first()).take(FLUSH_PAGES).collect();
            self.write_some(&step)
        };
        match result {
            Ok((written, removed)) => {
                let changed: Vec<String> = written.iter().chain(&removed).cloned().collect();
                on_written(&changed);
                self.outcome(written, removed, Route::Fast, start.elapsed())
            }
            Err(e) => self.io_error(e, Route::Fast, start),
        }
    }

    /// Does all queued work.
    pub fn flush(&mut self, on_written: Ready<'_>) -> (Vec<String>, Vec<String>) {
        let (mut written, mut removed) = (Vec::new(), Vec::new());
        while self.has_pending() {
            let o = self.flush_step(&mut *on_written);
            written.extend(o.written);
            removed.extend(o.removed);
        }
        (written, removed)
    }

    /// Writes the files of one site-wide part; for the browser index, also
    /// removes the files of the index it replaces (those not `produced`).
    fn write_part(
        &mut self,
        build_dir: &Path,
        part: &SiteWide,
        produced: &BTreeSet<String>,
        files: Vec<OutputFile>,
    ) -> Result<(Vec<String>, Vec<String>)> {
        let written = self.write_changed(build_dir, files)?;
        let mut removed = Vec::new();
        if *part == SiteWide::BrowserIndex {
            let stale: Vec<String> = self
                .written
                .as_ref()
                .map(|w| {
                    w.keys()
                        .filter(|p| build::is_browser_index_file(p) && !produced.contains(*p))
                        .cloned()
                        .collect()
                })
                .unwrap_or_default();
            for p in stale {
                if self.remove(build_dir, &p)? {
                    removed.push(p);
                }
            }
            removed.sort();
        }
        Ok((written, removed))
    }

    fn write_changed(&mut self, build_dir: &Path, files: Vec<OutputFile>) -> Result<Vec<String>> {
        let written = self.written.get_or_insert_with(HashMap::new);
        let mut out = Vec::new();
        for f in files {
            let h = hash(&f.bytes);
            if written.get(&f.path) == Some(&h) {
                continue;
            }
            replace_file(&build_dir.join(&f.path), &f.bytes)?;
            written.insert(f.path.clone(), h);
            out.push(f.path);
        }
        Ok(out)
    }

    /// Removes one output file and the folders it leaves empty.
    fn remove(&mut self, build_dir: &Path, rel: &str) -> Result<bool> {
        let Some(written) = self.written.as_mut() else { return Ok(false) };
        if written.remove(rel).is_none() {
            return Ok(false);
        }
        let path = build_dir.join(rel);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("cannot remove `{}`", path.display())),
        }
        let mut dir = path.parent();
        while let Some(d) = dir {
            if d == build_dir || std::fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
        Ok(true)
    }

    fn io_error(&mut self, e: anyhow::Error, route: Route, start: Instant) -> Outcome {
        // The disk no longer matches what we believe: next time, build whole.
        self.written = None;
        self.exact = false;
        let d = Diagnostic::error(
            rel_path(&self.root, &self.build_dir()),
            crate::core::diag::Pos::START,
            format!("{e:#}"),
        );
        self.diags.insert(String::new(), vec![d]);
        self.outcome(Vec::new(), Vec::new(), route, start.elapsed())
    }

    /// The full path: reload content from disk. `all` re-renders every page
    /// (schema, configuration or theme changed); otherwise only pages
    /// showing records that differ from the last good build.
    fn full(&mut self, all: bool, start: Instant, pages_ready: Ready<'_>) -> Outcome {
        self.staged.clear();
        self.added.clear();
        let loaded = pipeline::load(&self.root);
        self.diags = group(loaded.diagnostics.into_vec());
        let Some(site) = loaded.site else {
            self.exact = false;
            return self.outcome(Vec::new(), Vec::new(), Route::Full, start.elapsed());
        };
        let theme = match Theme::load(&site.project) {
            Ok(t) => t,
            Err(e) => return self.theme_error(&e, start),
        };
        self.exact = true;
        // Any record may differ: start the dataset cache afresh.
        self.json_cache.clear();
        let by_path = site.records.values().map(|r| (r.path.clone(), r.key.clone())).collect();
        let new = Good { site, theme, by_path };
        let old = self.good.take();
        let plan = match (&self.written, &old) {
            (Some(_), Some(old))
                if !all
                    && old.site.schema == new.site.schema
                    && old.site.project.config == new.site.project.config =>
            {
                let keys: BTreeSet<Key> = old
                    .site
                    .records
                    .keys()
                    .chain(new.site.records.keys())
                    .filter(|k| old.site.records.get(*k) != new.site.records.get(*k))
                    .cloned()
                    .collect();
                let mut pages = affected_pages(&old.site, &keys);
                pages.extend(affected_pages(&new.site, &keys));
                let before: BTreeSet<String> = old.site.countries.keys().cloned().collect();
                let after: BTreeSet<String> = new.site.countries.keys().cloned().collect();
                pages.extend(country_pages(&new.site, &before, &after));
                Some((keys, pages))
            }
            _ => None,
        };
        self.good = Some(new);
        self.generation += 1;
        drop(old);
        let result = match plan {
            Some((keys, pages)) => self.write_pages(&keys, pages, start, pages_ready),
            None if self.written.is_some() => self.write_all(start, pages_ready),
            None => self.build_staged(start),
        };
        match result {
            Ok((written, removed, pages_done)) => {
                self.outcome(written, removed, Route::Full, pages_done)
            }
            Err(e) => self.io_error(e, Route::Full, start),
        }
    }

    /// Renders everything and writes what changed, removing files that are
    /// no longer produced.
    fn write_all(
        &mut self,
        start: Instant,
        on_written: Ready<'_>,
    ) -> Result<(Vec<String>, Vec<String>, Duration)> {
        let Some(good) = &self.good else { return Ok((Vec::new(), Vec::new(), start.elapsed())) };
        let build_dir = good.site.project.build_dir.clone();
        let files = build::outputs(&good.site, &good.theme)?;
        self.pending.clear();
        self.pending_wide.clear();
        let produced: BTreeSet<String> = files.iter().map(|f| f.path.clone()).collect();
        let written = self.write_changed(&build_dir, files)?;
        let stale: Vec<String> = self
            .written
            .as_ref()
            .map(|w| w.keys().filter(|p| !produced.contains(*p)).cloned().collect())
            .unwrap_or_default();
        let mut removed = Vec::new();
        for p in stale {
            if self.remove(&build_dir, &p)? {
                removed.push(p);
            }
        }
        removed.sort();
        let changed: Vec<String> = written.iter().chain(&removed).cloned().collect();
        on_written(&changed);
        Ok((written, removed, start.elapsed()))
    }

    /// A whole build (site and search index) staged beside the build and
    /// index folders and swapped in, as `compendium build` does: used when
    /// we do not know what is on disk.
    fn build_staged(&mut self, start: Instant) -> Result<(Vec<String>, Vec<String>, Duration)> {
        let Some(good) = &self.good else { return Ok((Vec::new(), Vec::new(), start.elapsed())) };
        let files = build::outputs(&good.site, &good.theme)?;
        self.pending.clear();
        self.pending_wide.clear();
        let staging = Staging::new(&good.site.project.build_dir)?;
        staging.write_all(&files)?;
        // As `build`: the search index is staged too, and both are swapped
        // in only once both are complete.
        let index = Staging::new(&good.site.project.index_dir)?;
        crate::search::writer::write_staged(&good.site, &index, None)?;
        staging.commit()?;
        index.commit()?;
        let written: HashMap<String, u64> =
            files.iter().map(|f| (f.path.clone(), hash(&f.bytes))).collect();
        let paths = files.into_iter().map(|f| f.path).collect();
        self.written = Some(written);
        Ok((paths, Vec::new(), start.elapsed()))
    }
}

fn has_error(d: &[Diagnostic]) -> bool {
    d.iter().any(|d| d.severity == Severity::Error)
}

fn group(diags: Vec<Diagnostic>) -> BTreeMap<String, Vec<Diagnostic>> {
    let mut out: BTreeMap<String, Vec<Diagnostic>> = BTreeMap::new();
    for d in diags {
        out.entry(d.path.clone()).or_default().push(d);
    }
    out
}

fn hash(bytes: &[u8]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// The collection a record file belongs to: the first folder under the
/// content folder. `None` for files that are not records.
pub fn record_collection(content_dir: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(content_dir).ok()?;
    let mut parts = rel.components();
    let first = parts.next()?.as_os_str().to_str()?.to_owned();
    // A file directly in content/ is not a record.
    parts.next()?;
    let hidden = rel.components().any(|c| {
        let s = c.as_os_str().to_string_lossy();
        s.starts_with('_') || s.starts_with('.')
    });
    (!hidden && load::is_record_file(path)).then_some(first)
}

/// Whether `path` is a record's translation, `ID.LANG.md` or
/// `ID.LANG.yaml`: record ids hold no dot, so a dot left in the stem is
/// the language's.
pub fn is_translation_file(path: &Path) -> bool {
    path.file_stem().and_then(|s| s.to_str()).is_some_and(|s| s.contains('.'))
}

/// Whether `path` is `book.toml` of the project at `root`.
pub fn is_config(root: &Path, path: &Path) -> bool {
    path == root.join(CONFIG_FILE)
}

/// The pages that show any of `keys` in `site`: each record's own page, the
/// pages of records it links to and that link to it (they show its title),
/// its collection's listing, its terms and their taxonomy indexes, its
/// countries (directly or through a bloc) and the country index, and home;
/// listings, terms and countries with all their pages.
pub fn affected_pages(site: &Site, keys: &BTreeSet<Key>) -> BTreeSet<Page> {
    let mut pages = BTreeSet::new();
    if keys.is_empty() {
        return pages;
    }
    pages.insert(Page::Home);
    // The search page shows each collection's record count.
    pages.insert(Page::Search);
    for key in keys {
        // A record's later pages list records that link to it, under its title.
        pages.extend(all_pages(site, Page::Record(key.clone())));
        pages.extend(all_pages(site, Page::Collection(key.collection.clone())));
        let Some(r) = site.records.get(key) else { continue };
        let c = resolve::contributions(&site.schema, r);
        for target in c.links {
            pages.extend(all_pages(site, Page::Record(target)));
        }
        if let Some(back) = site.backlinks.get(key) {
            pages.extend(back.iter().cloned().map(Page::Record));
        }
        for (tax, term) in c.terms {
            if tax == resolve::REGIONS
                && let Some(t) = site.schema.taxonomies.get(&tax).and_then(|t| t.terms.get(&term))
            {
                for m in &t.members {
                    pages.extend(all_pages(site, Page::Country(m.clone())));
                }
                pages.insert(Page::CountryIndex);
            }
            pages.insert(Page::TaxonomyIndex(tax.clone()));
            pages.extend(all_pages(site, Page::Term(tax, term)));
        }
        if !c.countries.is_empty() {
            pages.insert(Page::CountryIndex);
        }
        for code in c.countries {
            pages.extend(all_pages(site, Page::Country(code)));
        }
    }
    pages
}

/// Every page of a listing, term or country page in `site`: a record added,
/// removed or re-sorted shifts the records of every later page, and may
/// change how many pages there are (affected pages are taken from the site
/// before and after a change, so pages that go are named too).
fn all_pages(site: &Site, first: Page) -> Vec<Page> {
    render::paging::all(site, first)
}

/// `data/records.json` as `export::json` prints it, from cached entries:
/// on a large site, serialising every record again on each save costs
/// hundreds of milliseconds.
fn records_json(site: &Site, cache: &mut HashMap<Key, String>) -> OutputFile {
    let mut out = String::from("[");
    let mut first = true;
    // Listing order within each collection, collections by name, as export.
    for key in site.listings.values().flatten() {
        let Some(r) = site.records.get(key) else { continue };
        let entry = cache.entry(key.clone()).or_insert_with(|| {
            // One entry per language version; one level deeper, as inside
            // the array (strings hold no raw newlines: JSON escapes them).
            let entries: Vec<String> = crate::export::record_json(r)
                .iter()
                .map(|v| serde_json::to_string_pretty(v).unwrap_or_else(|_| "null".to_owned()))
                .map(|pretty| format!("  {}", pretty.replace('\n', "\n  ")))
                .collect();
            entries.join(",\n")
        });
        out.push_str(if first { "\n" } else { ",\n" });
        out.push_str(entry);
        first = false;
    }
    out.push_str(if first { "]\n" } else { "\n]\n" });
    OutputFile::new("data/records.json", out)
}

/// Country pages whose existence changed between two sites, and what links
/// to them: the country index and the pages of blocs listing them as members.
fn country_pages(site: &Site, before: &BTreeSet<String>, after: &BTreeSet<String>) -> Vec<Page> {
    let changed: BTreeSet<&String> = before.symmetric_difference(after).collect();
    if changed.is_empty() {
        return Vec::new();
    }
    let mut out = vec![Page::CountryIndex];
    for c in &changed {
        out.extend(all_pages(site, Page::Country((*c).clone())));
    }
    if let Some(regions) = site.schema.taxonomies.get(resolve::REGIONS) {
        for term in regions.terms.values() {
            if term.members.iter().any(|m| changed.contains(m)) {
                out.push(Page::TaxonomyIndex(resolve::REGIONS.to_owned()));
                out.extend(all_pages(
                    site,
                    Page::Term(resolve::REGIONS.to_owned(), term.id.clone()),
                ));
            }
        }
    }
    out
}

/// Renders those of `pages` that exist in `site` (in parallel), in every
/// site language (each page is in all of them), and names the output files
/// of those that no longer do.
fn render_pages(
    site: &Site,
    theme: &Theme,
    pages: &BTreeSet<Page>,
) -> Result<(Vec<OutputFile>, Vec<String>)> {
    use rayon::prelude::*;
    let (live, gone): (Vec<&Page>, Vec<&Page>) =
        pages.iter().partition(|p| page_exists(site, theme, p));
    let langs = site.languages();
    let live: Vec<(&str, &Page)> =
        live.into_iter().flat_map(|p| langs.iter().map(move |l| (*l, p))).collect();
    let memo = render::paging::Memo::default();
    let files = live
        .par_iter()
        .map(|(lang, p)| render::render_page_with(site, theme, lang, p, &memo))
        .collect::<Result<Vec<_>>>()?;
    let gone = gone.into_iter().flat_map(|p| langs.iter().map(|l| p.path_in(site, l))).collect();
    Ok((files, gone))
}

/// Whether [`render::pages`] lists `page`, without listing them all (which
/// costs milliseconds on a large site, on every save).
pub fn page_exists(site: &Site, theme: &Theme, page: &Page) -> bool {
    match page {
        Page::Home | Page::CountryIndex | Page::NotFound => true,
        Page::Collection(c) => site.schema.collections.contains_key(c),
        Page::Record(k) => site.records.contains_key(k),
        Page::TaxonomyIndex(t) => site.schema.taxonomies.contains_key(t),
        Page::Term(t, id) => render::has_term_page(site, t, id),
        Page::Country(c) => site.countries.contains_key(c),
        Page::Search => theme.has_template("search.html"),
        Page::Paged(first, n) => {
            *n >= 2
                && *n <= render::paging::page_count(site, first)
                && page_exists(site, theme, first)
        }
    }
}

/// Reads a batch of changed paths (absolute) into change kinds, dropping
/// files that cannot matter (editor temporaries are dropped by the watcher).
pub fn classify(
    project_root: &Path,
    content_dir: &Path,
    themes_dir: &Path,
    path: &Path,
) -> Option<ChangeKind> {
    if is_config(project_root, path) {
        return Some(ChangeKind::Config);
    }
    if path.starts_with(content_dir) {
        if record_collection(content_dir, path).is_some() {
            return Some(ChangeKind::Record(path.to_path_buf()));
        }
        // Schema files (and their near-miss names, which `load` warns
        // about), record files where no record may be, and folders change
        // the structure. Anything else, such as the temporary file `sed -i`
        // renames over a record, is no content: `load` ignores it too.
        let yaml = matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml" | "md"));
        return (yaml || path.is_dir()).then_some(ChangeKind::Schema);
    }
    if let Ok(rel) = path.strip_prefix(themes_dir) {
        // themes/NAME/assets/… are copied as they are; every other file of a
        // theme is a template (or a folder holding them).
        let is_asset = rel.components().nth(1).is_some_and(|c| c.as_os_str() == "assets");
        return Some(if is_asset {
            ChangeKind::Asset(path.to_path_buf())
        } else {
            ChangeKind::Template(path.to_path_buf())
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_exists_agrees_with_the_page_list() {
        let dir = tempfile::tempdir().unwrap();
        let w = |rel: &str, text: &str| {
            let p = dir.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        };
        w("book.toml", "[book]\ntitle = \"T\"\n");
        w(
            "content/_taxonomies.yaml",
            "topics:\n  title: Topics\n  terms:\n    trade: {label: Trade}\n    unused: {label: Unused}\nregions:\n  title: Regions\n  terms:\n    eu: {label: EU, members: [FRA]}\n",
        );
        w("content/p/_collection.yaml", "title: P\nsingular: P\n");
        w(
            "content/p/a.md",
            "---\ntitle: A\nsummary: S.\ntopics: [trade]\ncountries: [eu, KEN]\n---\n",
        );
        let site = pipeline::load(dir.path()).site.unwrap();
        let theme = Theme::load(&site.project).unwrap();
        let listed: BTreeSet<Page> = render::pages(&site, &theme).into_iter().collect();
        let mut candidates = listed.clone();
        candidates.extend([
            Page::Term("topics".into(), "unused".into()),
            Page::Term("nope".into(), "x".into()),
            Page::Country("DEU".into()),
            Page::Record(Key::new("p", "missing")),
            Page::Collection("nope".into()),
            Page::TaxonomyIndex("nope".into()),
        ]);
        for p in &candidates {
            assert_eq!(page_exists(&site, &theme, p), listed.contains(p), "{p:?}");
        }
    }

    #[test]
    fn classify_paths() {
        let root = Path::new("/r");
        let (content, themes) = (root.join("content"), root.join("themes"));
        let c = |p: &str| classify(root, &content, &themes, Path::new(p));
        assert_eq!(c("/r/book.toml"), Some(ChangeKind::Config));
        assert_eq!(c("/r/content/p/a.md"), Some(ChangeKind::Record("/r/content/p/a.md".into())));
        assert_eq!(
            c("/r/content/p/sub/a.yml"),
            Some(ChangeKind::Record("/r/content/p/sub/a.yml".into()))
        );
        assert_eq!(c("/r/content/p/_collection.yaml"), Some(ChangeKind::Schema));
        assert_eq!(c("/r/content/_taxonomies.yaml"), Some(ChangeKind::Schema));
        assert_eq!(c("/r/content/p/notes.txt"), None);
        assert_eq!(c("/r/content/p/sedX1b2c3"), None);
        assert_eq!(c("/r/content/p/.hidden.md"), Some(ChangeKind::Schema));
        assert_eq!(
            c("/r/themes/t/record.html"),
            Some(ChangeKind::Template("/r/themes/t/record.html".into()))
        );
        assert_eq!(
            c("/r/themes/t/assets/style.css"),
            Some(ChangeKind::Asset("/r/themes/t/assets/style.css".into()))
        );
        assert_eq!(c("/r/site/index.html"), None);
        assert_eq!(c("/r/README.md"), None);
        assert!(is_translation_file(Path::new("/r/content/p/a.fr.md")));
        assert!(is_translation_file(Path::new("/r/content/p/a.zh-Hans.yaml")));
        assert!(!is_translation_file(Path::new("/r/content/p/a.md")));
    }
}
