//! The search indexes rebuilt in the background after a save: the tantivy
//! index in place, the browser index handed back to the rebuild thread.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use super::Shared;
use super::handoff::Handoff;
use crate::model::Site;
use crate::output::Staging;
use crate::search;

/// Rewrites the search indexes in the background after content changes, so
/// that saving a record never waits for them: the tantivy index (written
/// into the index folder here) and the browser index (handed back to the
/// rebuild thread, which owns the build folder). Both are updated in place
/// when the change allows: only the changed records are analysed again,
/// and only the browser index files they touch are handed back. The latest
/// site wins, and intermediate ones are skipped.
pub(super) struct Indexer {
    pub(super) latest: Handoff<(u64, Arc<Site>)>,
    /// The site the tantivy index on disk was written for, when known.
    pub(super) indexed: Mutex<Option<Arc<Site>>>,
    /// The browser index files in the build folder (as last installed).
    pub(super) installed: Mutex<Option<BTreeSet<String>>>,
    /// The next browser index is handed back whole (set when an install
    /// found files missing).
    pub(super) whole: AtomicBool,
    pub(super) done: Mutex<std::sync::mpsc::Sender<BrowserIndex>>,
}

/// A browser index made from the site of a generation.
pub(super) type BrowserIndex = (u64, anyhow::Result<search::browser::Output>);

/// The browser index as the indexer keeps it between changes, with the site
/// (and its facets) it was made from.
struct Browser {
    index: search::browser::Index,
    site: Arc<Site>,
    facets: Vec<Vec<(usize, usize)>>,
}

impl Browser {
    fn new(site: Arc<Site>) -> Browser {
        let (_, facets) = search::catalog::build(&site);
        Browser { index: search::browser::Index::new(&site, &facets), site, facets }
    }

    /// Follows `site`: `(index, its catalog, how)`.
    fn follow(
        this: Option<Browser>,
        site: &Arc<Site>,
    ) -> (Browser, search::catalog::Catalog, &'static str) {
        let (catalog, facets) = search::catalog::build(site);
        if let Some(mut b) = this
            && b.index.update((&b.site, &b.facets), (site, &facets))
        {
            b.site = site.clone();
            b.facets = facets;
            return (b, catalog, "updated");
        }
        let index = search::browser::Index::new(site, &facets);
        (Browser { index, site: site.clone(), facets }, catalog, "remade")
    }
}

impl Indexer {
    pub(super) fn submit(&self, generation: u64, site: Arc<Site>) {
        self.latest.give((generation, site), |_, newer| newer);
    }

    pub(super) fn run(&self, shared: &Shared) {
        // The build at start wrote the browser index of the first site: keep
        // its postings, so that the first save is an update too.
        let mut browser: Option<Browser> = None;
        let first = self.indexed.lock().unwrap_or_else(|e| e.into_inner()).clone();
        if let Some(site) = first {
            let mut b = Browser::new(site);
            let (catalog, _) = search::catalog::build(&b.site);
            let ranges = search::catalog::all_ranges(&catalog, &b.site);
            let out = b.index.output(&catalog, &b.facets, &ranges, &|_| true);
            let mut installed = self.installed.lock().unwrap_or_else(|e| e.into_inner());
            installed.get_or_insert_with(|| out.paths.into_iter().collect());
            browser = Some(b);
        }
        lower_priority(INDEX_NICE);
        loop {
            let (generation, site) = self.latest.take();
            let start = Instant::now();
            let previous = self.indexed.lock().unwrap_or_else(|e| e.into_inner()).take();
            // One analysis thread (plus tantivy's writer): the other core
            // stays free for the next save.
            let result = rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .build()
                .map_err(anyhow::Error::from)
                .and_then(|pool| {
                    pool.install(|| {
                        // The tantivy index first, in place when the change
                        // allows: /api/search follows a save within
                        // milliseconds.
                        let dir = &site.project.index_dir;
                        let updated = match &previous {
                            Some(old) => {
                                // Searchable once committed: /api/search
                                // opens it again then, and again once the
                                // touched segments are written whole.
                                let committed = || {
                                    shared.index_generation.fetch_add(1, Ordering::SeqCst);
                                };
                                search::writer::update_then(old, &site, dir, &committed)
                                    .unwrap_or_else(|e| {
                                        eprintln!("warning: rewriting the search index: {e:#}");
                                        None
                                    })
                            }
                            None => None,
                        };
                        let how = match updated {
                            Some(n) => format!("{n} record(s) updated in place"),
                            None => {
                                let staging = Staging::new(dir)?;
                                search::writer::write_staged(&site, &staging, None)?;
                                staging.commit()?;
                                "rewritten".to_owned()
                            }
                        };
                        shared.index_generation.fetch_add(1, Ordering::SeqCst);
                        eprintln!("search index {how} in {:.1?}", start.elapsed());

                        let started = Instant::now();
                        let (mut b, catalog, how) = Browser::follow(browser.take(), &site);
                        let whole = self.whole.swap(false, Ordering::SeqCst);
                        let installed =
                            self.installed.lock().unwrap_or_else(|e| e.into_inner()).clone();
                        let have =
                            |p: &str| !whole && installed.as_ref().is_some_and(|i| i.contains(p));
                        let ranges = search::catalog::all_ranges(&catalog, &b.site);
                        let out = b.index.output(&catalog, &b.facets, &ranges, &have);
                        browser = Some(b);
                        eprintln!(
                            "browser index {how}: {} of {} file(s) new in {:.1?}",
                            out.files.len(),
                            out.paths.len(),
                            started.elapsed()
                        );
                        let done = self.done.lock().unwrap_or_else(|e| e.into_inner());
                        let _ = done.send((generation, Ok(out)));
                        anyhow::Ok(())
                    })
                });
            match result {
                Ok(()) => *self.indexed.lock().unwrap_or_else(|e| e.into_inner()) = Some(site),
                Err(e) => eprintln!("warning: cannot update the search index: {e:#}"),
            }
        }
    }

    /// An install of the browser index wrote `paths`.
    pub(super) fn installed(&self, paths: BTreeSet<String>) {
        *self.installed.lock().unwrap_or_else(|e| e.into_inner()) = Some(paths);
    }

    /// An install found files missing: make the index of `site` again, whole.
    pub(super) fn resend_whole(&self, generation: u64, site: Arc<Site>) {
        self.whole.store(true, Ordering::SeqCst);
        // A site already waiting is as new or newer: it is made whole.
        self.latest.give((generation, site), |waiting, _| waiting);
    }
}

/// The index thread's nice value: below the rebuild thread, which renders
/// the page the editor waits for.
pub(super) const INDEX_NICE: i32 = 10;

/// The datasets thread's: below the index thread too, since a search that
/// finds the edit matters more while editing than a fresh CSV file.
pub(super) const DATASETS_NICE: i32 = 15;

/// Lowers the calling thread's CPU priority to `nice`, and so that of the
/// threads it starts (tantivy's writers, the analysis pool): on two cores,
/// background work after a save must not slow the page being edited.
pub(super) fn lower_priority(nice: i32) {
    #[cfg(target_os = "linux")]
    {
        // Linux gives each thread its own nice value.
        let _ = rustix::process::setpriority_process(Some(rustix::thread::gettid()), nice);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = nice;
}
