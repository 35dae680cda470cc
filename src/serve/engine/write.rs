//! Rendering and writing: pages and site-wide files are rendered from the
//! good site, and only files whose bytes differ from what the engine last
//! wrote (their hashes are kept) are written; files no longer produced are
//! removed. Work that can wait is queued and done a slice at a time.

use std::collections::{BTreeSet, HashMap};
use std::hash::{Hash as _, Hasher as _};
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};

use super::{Engine, FLUSH_PAGES, Installed, Outcome, Page, Ready, Route, plan};
use crate::build::{self, SiteWide};
use crate::model::{Key, Site};
use crate::output::{OutputFile, Staging, replace_file};
use crate::render::{self, Theme};
use crate::search;

/// Marks an error as a template's that failed to render (not the disk's):
/// nothing was written, and it is reported at the template.
#[derive(Debug)]
pub(super) struct RenderFailed;

impl std::fmt::Display for RenderFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a page cannot be rendered")
    }
}

/// What a write step did: files written, files removed.
type Done = (Vec<String>, Vec<String>);

impl Engine {
    /// Renders and writes the pages of `keys` themselves (what the editor is
    /// looking at), calling `on_written` with what it wrote or removed, and
    /// queues the other `pages` and the site-wide files (datasets, feed,
    /// sitemap) for [`flush_step`](Self::flush_step): on a large site they
    /// take far longer, and a save that comes meanwhile goes first.
    pub(super) fn write_pages(
        &mut self,
        keys: &BTreeSet<Key>,
        pages: BTreeSet<Page>,
        start: Instant,
        on_written: Ready<'_>,
    ) -> Result<(Vec<String>, Vec<String>, Duration)> {
        let (first, rest) = plan::split_first(keys, pages);
        self.pending.extend(rest);
        for k in keys {
            self.json_cache.remove(k);
        }
        if self.wide_elsewhere {
            self.wide_dirty.get_or_insert_with(Default::default).keys.extend(keys.iter().cloned());
        } else if let Some(good) = &self.good {
            self.pending_wide.extend(plan::site_wide(&good.site, self.browser_elsewhere));
        }
        let (written, removed) = self.write_some(&first)?;
        let changed: Vec<String> = written.iter().chain(&removed).cloned().collect();
        on_written(&changed);
        Ok((written, removed, start.elapsed()))
    }

    /// Renders `pages` of the good site and writes those whose bytes
    /// changed; removes the files of those that no longer exist.
    fn write_some(&mut self, pages: &BTreeSet<Page>) -> Result<Done> {
        let Some(good) = &self.good else { return Ok((Vec::new(), Vec::new())) };
        let build_dir = good.site.project.build_dir.clone();
        let (files, gone) = render_pages(&good.site, &good.theme, pages, &self.page_memo)
            .map_err(|e| e.context(RenderFailed))?;
        let written = self.write_changed(&build_dir, files)?;
        let removed = self.remove_all(&build_dir, gone)?;
        Ok((written, removed))
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

    /// Does a slice of the queued work: up to [`FLUSH_PAGES`] pages, or,
    /// once they are done, one site-wide file. `serve` calls it between
    /// saves, so that a new save never waits for more than one slice.
    pub fn flush_step(&mut self, on_written: Ready<'_>) -> Outcome {
        let start = Instant::now();
        let ready = if self.pending.is_empty() { self.wide_ready.pop_front() } else { None };
        let result = if let Some((part, files)) = ready {
            let build_dir = self.build_dir();
            let produced = files.iter().map(|f| f.path.clone()).collect();
            self.put_wide(files)
                .and_then(|written| self.after_part(&build_dir, &part, &produced, written))
        } else if self.pending.is_empty() {
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
            let mut step = BTreeSet::new();
            while step.len() < FLUSH_PAGES
                && let Some(p) = self.first.pop_first()
            {
                if self.pending.remove(&p) {
                    step.insert(p);
                }
            }
            let more = FLUSH_PAGES - step.len();
            step.extend(std::iter::from_fn(|| self.pending.pop_first()).take(more));
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
    pub fn flush(&mut self, on_written: Ready<'_>) -> Done {
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
    ) -> Result<Done> {
        let written = self.write_changed(build_dir, files)?;
        self.after_part(build_dir, part, produced, written)
    }

    /// After the files of `part` were `written`: for the browser index and
    /// the compare data, removes the files of the last ones not `produced`
    /// this time.
    fn after_part(
        &mut self,
        build_dir: &Path,
        part: &SiteWide,
        produced: &BTreeSet<String>,
        written: Vec<String>,
    ) -> Result<Done> {
        let mut removed = Vec::new();
        if *part == SiteWide::BrowserIndex {
            let stale = plan::stale(self.written.iter().flat_map(|w| w.keys()), |p| {
                build::is_browser_index_file(p) && !produced.contains(p)
            });
            removed = self.remove_all(build_dir, stale)?;
        }
        if let (SiteWide::Compare(lang), Some(good)) = (part, &self.good) {
            let site = &good.site;
            let stale = plan::stale(self.written.iter().flat_map(|w| w.keys()), |p| {
                build::is_compare_file(site, lang, p) && !produced.contains(p)
            });
            removed = self.remove_all(build_dir, stale)?;
        }
        if *part == SiteWide::Redirects {
            let gone: Vec<String> = self.redirects.difference(produced).cloned().collect();
            removed = self.remove_all(build_dir, gone)?;
            self.redirects = produced.clone();
        }
        Ok((written, removed))
    }

    /// Writes those of `files` whose bytes differ from what is on disk;
    /// returns their paths.
    pub(super) fn write_changed(
        &mut self,
        build_dir: &Path,
        files: Vec<OutputFile>,
    ) -> Result<Vec<String>> {
        let written = self.written.get_or_insert_with(HashMap::new);
        let mut out = Vec::new();
        for f in files {
            let h = hash(&f.bytes);
            if written.get(&f.path) == Some(&h) {
                continue;
            }
            replace_file(&build_dir.join(&f.path), &f.bytes)?;
            if written.insert(f.path.clone(), h).is_none() {
                self.paths_changed += 1;
            }
            out.push(f.path);
        }
        Ok(out)
    }

    /// Removes each of `paths` that we wrote; returns those removed.
    pub(super) fn remove_all(
        &mut self,
        build_dir: &Path,
        paths: Vec<String>,
    ) -> Result<Vec<String>> {
        let mut removed = Vec::new();
        for p in paths {
            if self.remove(build_dir, &p)? {
                removed.push(p);
            }
        }
        Ok(removed)
    }

    /// Removes one output file and the folders it leaves empty.
    fn remove(&mut self, build_dir: &Path, rel: &str) -> Result<bool> {
        // A site-wide file made elsewhere is no longer on disk either: a
        // later job that makes the same bytes must write it again (an
        // un-drafted record's compare data).
        self.wide_written.remove(rel);
        let Some(written) = self.written.as_mut() else { return Ok(false) };
        if written.remove(rel).is_none() {
            return Ok(false);
        }
        self.paths_changed += 1;
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

    /// Renders everything and writes what changed, removing files that are
    /// no longer produced.
    pub(super) fn write_all(
        &mut self,
        start: Instant,
        on_written: Ready<'_>,
    ) -> Result<(Vec<String>, Vec<String>, Duration)> {
        // Lent out while its pages are written a batch at a time (writing
        // needs the engine), and put back whatever happens.
        let Some(good) = self.good.take() else {
            return Ok((Vec::new(), Vec::new(), start.elapsed()));
        };
        let build_dir = good.site.project.build_dir.clone();
        let result = self.write_all_of(&good, &build_dir);
        self.good = Some(good);
        let (written, produced) = result?;
        let stale =
            plan::stale(self.written.iter().flat_map(|w| w.keys()), |p| !produced.contains(p));
        let removed = self.remove_all(&build_dir, stale)?;
        let changed: Vec<String> = written.iter().chain(&removed).cloned().collect();
        on_written(&changed);
        Ok((written, removed, start.elapsed()))
    }

    /// Renders and writes every file of `good`'s site as `build` makes
    /// them, pages [`WHOLE_BATCH`] at a time (a whole site's pages held at
    /// once took 2.2 GB at 8,000 records in six languages, ten times what
    /// `build` needs); returns the files written and every path made.
    fn write_all_of(
        &mut self,
        good: &super::state::Good,
        build_dir: &Path,
    ) -> Result<(Vec<String>, BTreeSet<String>)> {
        use rayon::prelude::*;
        let (site, theme) = (&good.site, &*good.theme);
        self.pending.clear();
        self.pending_wide.clear();
        self.wide_ready.clear();
        self.wide_dirty = None;
        self.wide_all_next = true;
        self.wide_written.clear();
        self.wide_floor = self.generation;
        self.redirects = redirect_paths(site);
        let pages = render::site_pages(site, theme).map_err(|e| e.context(RenderFailed))?;
        let memo = render::paging::Memo::default();
        let mut produced = BTreeSet::new();
        let mut written = Vec::new();
        for batch in pages.chunks(WHOLE_BATCH) {
            let files = batch
                .par_iter()
                .map(|(lang, p)| render::render_page_with(site, theme, lang, p, &memo))
                .collect::<Result<Vec<_>>>()
                .map_err(|e| e.context(RenderFailed))?;
            produced.extend(files.iter().map(|f| f.path.clone()));
            written.extend(self.write_changed(build_dir, files)?);
        }
        let mut rest = theme.assets();
        rest.extend(build::site_wide(site, theme).map_err(|e| e.context(RenderFailed))?);
        // As `build::outputs` fails, for the error to be filed as it was.
        rest.extend(build::bundles(site).map_err(|e| e.context(RenderFailed))?);
        produced.extend(rest.iter().map(|f| f.path.clone()));
        let statics = build::statics(theme, produced.iter().map(String::as_str))
            .map_err(|e| e.context(RenderFailed))?;
        rest.extend(statics);
        produced.extend(rest.iter().map(|f| f.path.clone()));
        written.extend(self.write_changed(build_dir, rest)?);
        Ok((written, produced))
    }

    /// A whole build (site and search index) staged beside the build and
    /// index folders and swapped in, as `compendium build` does: used when
    /// we do not know what is on disk.
    pub(super) fn build_staged(
        &mut self,
        start: Instant,
    ) -> Result<(Vec<String>, Vec<String>, Duration)> {
        let Some(good) = &self.good else { return Ok((Vec::new(), Vec::new(), start.elapsed())) };
        let files = build::outputs(&good.site, &good.theme).map_err(|e| e.context(RenderFailed))?;
        self.pending.clear();
        self.pending_wide.clear();
        self.wide_ready.clear();
        self.wide_dirty = None;
        self.wide_all_next = true;
        self.wide_written.clear();
        self.wide_floor = self.generation;
        self.redirects = redirect_paths(&good.site);
        let staging = Staging::new(&good.site.project.build_dir)?;
        staging.write_all(&files)?;
        // As `build`: the search index is staged too, and both are swapped
        // in only once both are complete.
        let index = Staging::new(&good.site.project.index_dir)?;
        search::writer::write_staged(&good.site, &index, None)?;
        staging.commit()?;
        index.commit()?;
        let written: HashMap<String, u64> =
            files.iter().map(|f| (f.path.clone(), hash(&f.bytes))).collect();
        let paths = files.into_iter().map(|f| f.path).collect();
        self.written = Some(written);
        self.paths_changed += 1;
        Ok((paths, Vec::new(), start.elapsed()))
    }
}

/// Pages a whole re-render of `serve` holds at once.
const WHOLE_BATCH: usize = 1024;

/// Whether a file changed since we wrote it. SipHash, not a faster
/// table hash: a collision would leave a stale file in the build, and the
/// largest files (`data/records.json`, 70 MB at 10,000 records) are
/// hashed on the datasets thread, where the time is nobody's wait.
pub(super) fn hash(bytes: &[u8]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// `data/records.json` as `export::json` prints it, from cached entries:
/// on a large site, serialising every record again on each save costs
/// hundreds of milliseconds.
pub(super) fn records_json(site: &Site, cache: &mut HashMap<Key, String>) -> OutputFile {
    let mut out = String::from("[");
    let mut first = true;
    // Listing order within each collection, collections by name, as export.
    for key in site.listings.values().flatten() {
        let Some(r) = site.records.get(key) else { continue };
        let entry = cache.entry(key.clone()).or_insert_with(|| {
            // One entry per language version; one level deeper, as inside
            // the array (strings hold no raw newlines: JSON escapes them).
            let entries: Vec<String> = crate::export::record_json(site, r)
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

/// Renders those of `pages` that exist in `site` (in parallel), in every
/// site language, and names the output files of those that no longer do.
fn render_pages(
    site: &Site,
    theme: &Theme,
    pages: &BTreeSet<Page>,
    memo: &render::paging::Memo,
) -> Result<(Vec<OutputFile>, Vec<String>)> {
    use rayon::prelude::*;
    let (live, gone) = plan::live_and_gone(site, theme, pages);
    let files = live
        .par_iter()
        .map(|(lang, p)| render::render_page_with(site, theme, lang, p, memo))
        .collect::<Result<Vec<_>>>()?;
    Ok((files, gone))
}

/// The alias pages a whole build of `site` writes.
pub(super) fn redirect_paths(site: &crate::model::Site) -> BTreeSet<String> {
    crate::render::redirects::redirects(site).into_iter().map(|f| f.path).collect()
}
