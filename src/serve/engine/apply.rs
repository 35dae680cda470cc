//! Carrying out a batch: the [`plan`](super::plan) picks the path, and
//! each path reads what it must (record files, the theme, or all content),
//! updates the state and hands pages and files to `write`.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Instant;

use super::plan::{self, FullWrite, Held, Plan};
use super::state::{Good, THEME_DIAG, group, has_error};
use super::{ChangeKind, Outcome, Ready, Reload, Route};
use crate::core::diag::{Diagnostic, Diagnostics, rel_path};
use crate::model::Key;
use crate::render::Theme;
use crate::resolve::{self, Change as RecordChange};
use crate::{load, pipeline, validate};

/// A saved record file the fast path read: its path, the key it claims,
/// its record, the problems reading it, and whether it is a draft that
/// stays out of the site.
type Saved = (String, Key, Option<load::RawRecord>, Vec<Diagnostic>, bool);

impl super::Engine {
    /// Applies a batch of changes (deduplicated by the caller or not) and
    /// does all the work they queue, so that the build folder is complete
    /// when it returns.
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
        let plan = plan::plan(changes, self.readiness());
        let tried = match &plan {
            Plan::Nothing => {
                return self.outcome(Vec::new(), Vec::new(), Route::Fast, start.elapsed());
            }
            Plan::Assets => return self.assets(start),
            Plan::Fast(files) => self.fast(files, start, &mut *pages_ready),
            Plan::Templates => self.templates(start),
            Plan::Full { all } => return self.full(*all, start, pages_ready),
        };
        match tried {
            Some(outcome) => outcome,
            None => self.full(plan.fallback_all(), start, pages_ready),
        }
    }

    /// Only templates changed: reload the theme and queue the pages whose
    /// template reads a changed one, for [`flush_step`](Self::flush_step);
    /// the content is not read again. `None` when a template was added or
    /// removed (the full path then).
    fn templates(&mut self, start: Instant) -> Option<Outcome> {
        let good = self.good.as_ref()?;
        let theme = match Theme::load(&good.site.project) {
            Ok(t) => t,
            Err(e) => return Some(self.theme_error(&e, start)),
        };
        let pages = plan::template_pages(&good.site, &good.theme, &theme)?;
        if let Some(good) = self.good.as_mut() {
            good.theme = std::sync::Arc::new(theme);
        }
        self.page_memo = Default::default();
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
        good.theme = std::sync::Arc::new(theme);
        self.page_memo = Default::default();
        let build_dir = good.site.project.build_dir.clone();
        let produced: BTreeSet<String> = files.iter().map(|f| f.path.clone()).collect();
        let result = self.write_changed(&build_dir, files).and_then(|written| {
            let stale = plan::stale(self.written.iter().flat_map(|w| w.keys()), |p| {
                p.starts_with("assets/") && !produced.contains(p)
            });
            let removed = self.remove_all(&build_dir, stale)?;
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

    /// The fast path; `None` when the batch needs the full one.
    fn fast(
        &mut self,
        files: &BTreeSet<PathBuf>,
        start: Instant,
        pages_ready: Ready<'_>,
    ) -> Option<Outcome> {
        let good = self.good.as_ref()?;
        let project = &good.site.project;
        let schema = &good.site.schema;
        // Read and check keys of every file first: one file needing the full
        // path sends the whole batch there.
        let mut read: Vec<Saved> = Vec::new();
        for path in files {
            let rel = rel_path(&project.root, path);
            let collection = plan::fast_collection(&project.content_dir, path, |c| {
                schema.collections.contains_key(c)
            })?;
            if !path.is_file() {
                return None;
            }
            let mut d = Diagnostics::new();
            let raw = load::record(project, &collection, path, &mut d);
            let claimed = match &raw {
                Some(r) => validate::claimed_key(r)?,
                None => {
                    let stem = load::record_stem(&project.content_dir.join(&collection), path);
                    crate::core::rules::is_id(&stem).then(|| Key::new(&collection, stem))?
                }
            };
            // A new page bundle brings files to publish: the full path
            // copies them (an edit of a known one moves none).
            if !good.by_path.contains_key(&rel)
                && load::bundle_dir(&project.content_dir.join(&collection), path).is_some()
            {
                return None;
            }
            let held = match good.site.records.get(&claimed) {
                None => Held::No,
                Some(r) if r.translations.is_empty() => Held::Plain,
                Some(_) => Held::Translated,
            };
            // A draft is checked, not published: one that was published
            // leaves the site the full way (where records referring to it
            // are errors); one that was not stays out.
            let draft = !project.drafts && raw.as_ref().is_some_and(validate::is_draft_raw);
            if draft && held != Held::No {
                return None;
            }
            let batch: Vec<&Key> = read.iter().map(|(_, k, ..)| k).collect();
            if !plan::admit(&rel, &claimed, held, &good.by_path, &self.added, &batch) {
                return None;
            }
            // Translations are checked against the record's language (none
            // may be in it): a record whose language changes has them
            // attached again the full way.
            if held == Held::Translated {
                let language = raw
                    .as_ref()
                    .and_then(|r| r.fields.get("language"))
                    .and_then(crate::core::yaml::Node::scalar_text)
                    .map_or_else(
                        || project.config.book.language.clone(),
                        |l| crate::core::lang::canonical_case(&l),
                    );
                if good.site.records.get(&claimed).is_none_or(|r| r.language != language) {
                    return None;
                }
            }
            read.push((rel, claimed, raw, d.into_vec(), draft));
        }
        // A new record may be what another file's error asks for (a
        // reference to it): that file is checked again the full way.
        let adds =
            read.iter().any(|(rel, _, _, _, draft)| !draft && !good.by_path.contains_key(rel));
        let batch: BTreeSet<&str> = read.iter().map(|(rel, ..)| rel.as_str()).collect();
        if adds && self.diags.iter().any(|(f, d)| !batch.contains(f.as_str()) && has_error(d)) {
            return None;
        }
        let mut known: BTreeSet<Key> = good.site.records.keys().cloned().collect();
        known.extend(self.added.keys().cloned());
        known.extend(read.iter().filter(|r| !r.4).map(|(_, k, ..)| k.clone()));
        for (rel, key, raw, mut d, draft) in read {
            if !draft && !good.by_path.contains_key(&rel) {
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
                Some(mut r) if !draft && !self.diags.get(&rel).is_some_and(|d| has_error(d)) => {
                    // Its translations, whose files did not change.
                    if let Some(old) = good.site.records.get(&r.key) {
                        r.translations.clone_from(&old.translations);
                    }
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
        let mut pages = plan::affected_pages(&good.site, &keys);
        let countries_before: BTreeSet<String> = good.site.countries.keys().cloned().collect();
        let mut changes = Vec::new();
        for (rel, mut record) in staged {
            resolve::fill_record_citations(&mut record, &good.site.records);
            let old = good.by_path.insert(rel, record.key.clone());
            changes.push(RecordChange { old, new: Some(record) });
        }
        resolve::patch(&mut good.site, changes);
        self.generation += 1;
        self.page_memo = Default::default();
        pages.extend(plan::affected_pages(&good.site, &keys));
        let countries_after: BTreeSet<String> = good.site.countries.keys().cloned().collect();
        pages.extend(plan::country_pages(&good.site, &countries_before, &countries_after));
        match self.write_pages(&keys, pages, start, pages_ready) {
            Ok((written, removed, pages_done)) => {
                self.outcome(written, removed, Route::Fast, pages_done)
            }
            Err(e) => self.io_error(e, Route::Fast, start),
        }
    }

    /// The full path: reload content from disk. `all` re-renders every page
    /// (schema, configuration or theme changed); otherwise only pages
    /// showing records that differ from the last good build.
    pub(super) fn full(&mut self, all: bool, start: Instant, pages_ready: Ready<'_>) -> Outcome {
        self.staged.clear();
        self.added.clear();
        // Until this one writes, everything stays owed (see `owed_all`).
        let all = all || self.owed_all;
        self.owed_all = all;
        // The server serves, watches and searches the folders it started
        // with: a book.toml naming others is an error until restarted, and
        // nothing is written to the new ones.
        if let (Some(folders), Ok(now)) = (&self.folders, crate::config::Project::load(&self.root))
        {
            let moved = folders.changed(&now);
            if !moved.is_empty() {
                self.diags = group(moved);
                self.exact = false;
                return self.outcome(Vec::new(), Vec::new(), Route::Full, start.elapsed());
            }
        }
        let loaded = pipeline::load_drafts(&self.root, self.drafts);
        self.diags = group(loaded.diagnostics.into_vec());
        let Some(mut site) = loaded.site else {
            self.exact = false;
            return self.outcome(Vec::new(), Vec::new(), Route::Full, start.elapsed());
        };
        site.history = std::sync::Arc::new(self.history.for_records(&site.records));
        let theme = match Theme::load(&site.project) {
            Ok(t) => t,
            Err(e) => return self.theme_error(&e, start),
        };
        self.exact = true;
        // Any record may differ: start the dataset cache afresh.
        self.json_cache.clear();
        self.wide_dirty.get_or_insert_with(Default::default).all = true;
        self.owed_all = false;
        let new = Good::new(site, theme);
        let old = self.good.take();
        let how =
            plan::full_write(old.as_ref().map(|g| &g.site), &new.site, self.written.is_some(), all);
        self.good = Some(new);
        self.generation += 1;
        self.page_memo = Default::default();
        drop(old);
        let result = match how {
            FullWrite::Pages(keys, pages) => self.write_pages(&keys, pages, start, pages_ready),
            FullWrite::All => self.write_all(start, pages_ready),
            FullWrite::Staged => self.build_staged(start),
        };
        match result {
            Ok((written, removed, pages_done)) => {
                self.outcome(written, removed, Route::Full, pages_done)
            }
            Err(e) => self.io_error(e, Route::Full, start),
        }
    }
}
