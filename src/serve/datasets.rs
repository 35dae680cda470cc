//! The thread that makes the site-wide files (datasets, feeds, sitemaps,
//! compare data) after a save, so that the rebuild thread only writes
//! them (see [`engine::make_wide`]).

use std::collections::HashMap;
use std::sync::mpsc::Sender;
use std::sync::{Condvar, Mutex};

use super::engine::{self, WideJob};

/// The files of one job, by part, and the job's generation.
pub(super) type Made = (u64, Vec<engine::WidePart>);

/// Runs the latest job handed to it; a job waiting when a newer one comes
/// is folded into it (its changed records are kept).
pub(super) struct Datasets {
    job: Mutex<Option<WideJob>>,
    wake: Condvar,
    done: Mutex<Sender<Made>>,
}

impl Datasets {
    pub(super) fn new(done: Sender<Made>) -> Datasets {
        Datasets { job: Mutex::new(None), wake: Condvar::new(), done: Mutex::new(done) }
    }

    pub(super) fn submit(&self, mut job: WideJob) {
        let mut waiting = self.job.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(older) = waiting.take() {
            job.absorb(older);
        }
        *waiting = Some(job);
        self.wake.notify_one();
    }

    /// Makes jobs' files, forever (until the rebuild thread is gone).
    pub(super) fn run(&self) {
        super::indexer::lower_priority(super::indexer::DATASETS_NICE);
        let mut cache = HashMap::new();
        loop {
            let job = {
                let mut waiting = self.job.lock().unwrap_or_else(|e| e.into_inner());
                loop {
                    if let Some(job) = waiting.take() {
                        break job;
                    }
                    waiting = self.wake.wait(waiting).unwrap_or_else(|e| e.into_inner());
                }
            };
            let made = engine::make_wide(&job, &mut cache);
            let sent = self.done.lock().map(|tx| tx.send((job.generation, made)).is_ok());
            if !matches!(sent, Ok(true)) {
                return;
            }
        }
    }
}
