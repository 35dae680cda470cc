//! Site-wide files made away from the engine's thread.
//!
//! `data/records.json` alone takes 150–800 ms to make at 10,000 records,
//! a sitemap or a CSV around 100 ms: done between saves on the thread that
//! renders the saved page, each was a wait for the next save. With
//! [`Engine::background_site_wide`] on, the engine only says what changed
//! ([`Engine::wide_job`]); `serve` makes the files on its index thread,
//! from a snapshot of the site ([`make_wide`]), and hands them back
//! ([`Engine::install_wide`]) to be written a part at a time, as before.
//! Jobs run in order and only the latest waiting one runs, so files from
//! an older site are never written after those of a newer one.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use anyhow::Result;

use super::Engine;
use super::plan;
use crate::build::{self, SiteWide};
use crate::model::{Key, Site};
use crate::output::{Prepared, prepare_file};
use crate::render::Theme;

/// What changed since the last job: the records whose dataset entries
/// must be made again, or all of them.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Dirty {
    pub all: bool,
    pub keys: BTreeSet<Key>,
}

impl Dirty {
    /// Both changes: for a job that replaces one not yet run.
    pub fn merge(&mut self, other: Dirty) {
        self.all |= other.all;
        self.keys.extend(other.keys);
    }
}

/// The site-wide files of one site to make.
pub struct WideJob {
    pub generation: u64,
    pub site: Arc<Site>,
    pub theme: Arc<Theme>,
    pub parts: Vec<SiteWide>,
    pub dirty: Dirty,
    /// What the site-wide files on disk hash to, as far as the engine
    /// knows: a file that did not change is not written again.
    pub on_disk: Arc<HashMap<String, u64>>,
}

impl WideJob {
    /// Takes in a job that was waiting, not yet run: this one has the
    /// newer site, and both jobs' changes.
    pub fn absorb(&mut self, older: WideJob) {
        self.dirty.merge(older.dirty);
    }
}

/// A site-wide file made by a job: its hash and, unless the job saw it
/// unchanged, its bytes already written under a temporary name beside
/// where it goes (writing 70 MB takes a tenth of a second: the engine's
/// thread only renames it into place).
#[derive(Debug)]
pub struct WideFile {
    pub path: String,
    pub hash: u64,
    pub file: Option<Prepared>,
}

/// One part's files, or why it could not be made.
pub type Part = (SiteWide, Result<Vec<WideFile>>);

/// Makes the files of `job`, keeping `cache` (each record's entry of
/// `data/records.json`) from job to job.
pub fn make_wide(job: &WideJob, cache: &mut HashMap<Key, String>) -> Vec<Part> {
    if job.dirty.all {
        cache.clear();
    }
    for k in &job.dirty.keys {
        cache.remove(k);
    }
    let build_dir = &job.site.project.build_dir;
    job.parts
        .iter()
        .map(|part| {
            let files = match part {
                SiteWide::Records => Ok(vec![super::write::records_json(&job.site, cache)]),
                part => build::site_wide_part(&job.site, &job.theme, part),
            };
            let prepared = files.and_then(|files| {
                files
                    .into_iter()
                    .map(|f| {
                        let hash = super::write::hash(&f.bytes);
                        let file = if job.on_disk.get(&f.path) == Some(&hash) {
                            None
                        } else {
                            Some(prepare_file(&build_dir.join(&f.path), &f.bytes)?)
                        };
                        Ok(WideFile { path: f.path, hash, file })
                    })
                    .collect()
            });
            (part.clone(), prepared)
        })
        .collect()
}

impl Engine {
    /// The site-wide files to make for what changed since the last job,
    /// from `site` (a snapshot of [`Engine::site`]); `None` when nothing
    /// changed or they are made here.
    pub fn wide_job(&mut self, site: Arc<Site>) -> Option<WideJob> {
        if !self.wide_elsewhere {
            return None;
        }
        let good = self.good.as_ref()?;
        let mut dirty = self.wide_dirty.take()?;
        dirty.all |= std::mem::take(&mut self.wide_all_next);
        Some(WideJob {
            generation: self.generation,
            parts: plan::site_wide(&site, self.browser_elsewhere),
            site,
            theme: Arc::clone(&good.theme),
            dirty,
            on_disk: Arc::new(self.wide_written.clone()),
        })
    }

    /// Queues the files a job made, to be put in place by
    /// [`flush_step`](Self::flush_step) a part at a time. Those of a job
    /// made before everything was last written are dropped; a part that
    /// failed is reported on the standard error and left as it was.
    pub fn install_wide(&mut self, generation: u64, made: Vec<Part>) {
        if generation < self.wide_floor || self.good.is_none() {
            return;
        }
        // A newer job's files replace those of an older one still queued.
        let newer: BTreeSet<&SiteWide> = made.iter().map(|(p, _)| p).collect();
        self.wide_ready.retain(|(p, _)| !newer.contains(p));
        for (part, files) in made {
            match files {
                Ok(files) => self.wide_ready.push_back((part, files)),
                Err(e) => eprintln!("warning: cannot make {part:?}: {e:#}"),
            }
        }
    }

    /// Puts the files of a part made elsewhere in place; returns their
    /// paths (those that changed).
    pub(super) fn put_wide(&mut self, files: Vec<WideFile>) -> Result<Vec<String>> {
        let written = self.written.get_or_insert_with(HashMap::new);
        let mut out = Vec::new();
        for f in files {
            self.wide_written.insert(f.path.clone(), f.hash);
            if written.get(&f.path) == Some(&f.hash) {
                continue;
            }
            let Some(file) = f.file else {
                // The job thought it unchanged, but what is on disk is not
                // what it was told: the next job makes every file anew.
                self.wide_written.clear();
                self.wide_dirty.get_or_insert_with(Default::default);
                continue;
            };
            file.put()?;
            if written.insert(f.path.clone(), f.hash).is_none() {
                self.paths_changed += 1;
            }
            out.push(f.path);
        }
        Ok(out)
    }
}
