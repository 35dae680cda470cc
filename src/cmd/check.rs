//! `compendium check`: validate only, write nothing.

use std::path::Path;
use std::time::Instant;

use crate::cmd::{CONTENT_ERROR, OK, report};
use crate::diag::{Format, github_summary};
use crate::pipeline;

/// Runs `check`; exit code 1 when any error was found.
pub fn run(root: &Path, format: Format) -> u8 {
    let start = Instant::now();
    let loaded = pipeline::load(root);
    let diags = &loaded.diagnostics;
    report(diags, format);
    if format == Format::Github
        && let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY")
    {
        use std::io::Write as _;
        let summary = github_summary(&diags.sorted());
        let written = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .and_then(|mut f| f.write_all(summary.as_bytes()));
        if let Err(e) = written {
            eprintln!(
                "warning: cannot write GITHUB_STEP_SUMMARY ({}): {e}",
                Path::new(&path).display()
            );
        }
    }
    if format == Format::Human {
        let records = loaded.site.as_ref().map_or(0, |s| s.records.len());
        if diags.has_errors() {
            eprintln!(
                "check failed: {} error(s), {} warning(s) in {} record file(s) ({:.0?})",
                diags.error_count(),
                diags.warning_count(),
                loaded.files,
                start.elapsed()
            );
        } else {
            eprintln!(
                "check passed: {records} records, {} warning(s) ({:.0?})",
                diags.warning_count(),
                start.elapsed()
            );
        }
    }
    if diags.has_errors() { CONTENT_ERROR } else { OK }
}
