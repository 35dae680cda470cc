//! Stage timings for `build --timings`: where a build spends its time, so
//! that BENCHMARKS.md can say what bounds each stage without a profiler.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Wall-clock time per named stage, in the order stages finished.
#[derive(Debug, Default)]
pub struct Timings {
    enabled: bool,
    stages: Mutex<Vec<(&'static str, Duration)>>,
}

impl Timings {
    /// Timings that record only when `enabled` (otherwise every call is free).
    pub fn new(enabled: bool) -> Self {
        Timings { enabled, stages: Mutex::new(Vec::new()) }
    }

    /// Runs `f`, recording its wall time under `name`.
    pub fn time<T>(&self, name: &'static str, f: impl FnOnce() -> T) -> T {
        if !self.enabled {
            return f();
        }
        let start = Instant::now();
        let out = f();
        self.record(name, start.elapsed());
        out
    }

    /// Records `elapsed` under `name`.
    pub fn record(&self, name: &'static str, elapsed: Duration) {
        if self.enabled
            && let Ok(mut s) = self.stages.lock()
        {
            s.push((name, elapsed));
        }
    }

    /// The stages as a table (empty when disabled). Stages that ran at the
    /// same time as others are marked `∥`, so their times do not add up.
    pub fn table(&self, parallel: &[&str]) -> String {
        let Ok(stages) = self.stages.lock() else { return String::new() };
        let mut out = String::new();
        for (name, d) in stages.iter() {
            let mark = if parallel.contains(name) { " ∥" } else { "" };
            out.push_str(&format!("  {:<28} {:>9.1} ms{mark}\n", name, d.as_secs_f64() * 1e3));
        }
        out
    }
}
