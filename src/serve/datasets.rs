//! The thread that makes the site-wide files (datasets, feeds, sitemaps,
//! compare data) after a save, so that the rebuild thread only writes
//! them (see [`engine::make_wide`]).

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::mpsc::Sender;

use super::engine::{self, WideJob};
use super::handoff::Handoff;

/// The files of one job, by part, and the job's generation.
pub(super) type Made = (u64, Vec<engine::WidePart>);

/// Runs the latest job handed to it; a job waiting when a newer one comes
/// is folded into it (its changed records are kept).
pub(super) struct Datasets {
    job: Handoff<WideJob>,
    done: Mutex<Sender<Made>>,
}

impl Datasets {
    pub(super) fn new(done: Sender<Made>) -> Datasets {
        Datasets { job: Handoff::new(), done: Mutex::new(done) }
    }

    pub(super) fn submit(&self, job: WideJob) {
        self.job.give(job, |older, mut newer| {
            newer.absorb(older);
            newer
        });
    }

    /// Makes jobs' files, forever (until the rebuild thread is gone).
    pub(super) fn run(&self) {
        super::indexer::lower_priority(super::indexer::DATASETS_NICE);
        let mut cache = HashMap::new();
        loop {
            let job = self.job.take();
            let made = engine::make_wide(&job, &mut cache);
            let sent = self.done.lock().map(|tx| tx.send((job.generation, made)).is_ok());
            if !matches!(sent, Ok(true)) {
                return;
            }
        }
    }
}
