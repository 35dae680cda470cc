//! One module per command; each `run` returns the process exit code.

pub mod build;
pub mod check;
pub mod export;
pub mod new;
pub mod schema;
pub mod search;
pub mod serve;

use std::io::Write as _;

use crate::diag::{self, Diagnostics, Format};

/// Exit code: success.
pub const OK: u8 = 0;
/// Exit code: content errors (or no index for `search`).
pub const CONTENT_ERROR: u8 = 1;
/// Exit code: usage errors.
pub const USAGE: u8 = 2;

/// Prints diagnostics to stderr in `format`, sorted.
pub fn report(diags: &Diagnostics, format: Format) {
    let sorted = diags.sorted();
    let text = diag::render(&sorted, format);
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes());
}

/// Loads book.toml, or prints its problems and returns how many errors
/// there were (every command starts here).
pub fn load_project(root: &std::path::Path) -> Result<crate::config::Project, usize> {
    crate::config::Project::load(root).map_err(|ds| {
        let mut diags = Diagnostics::new();
        diags.extend(ds);
        report(&diags, Format::Human);
        diags.error_count()
    })
}

/// Prints a one-line error to stderr in the diagnostic style.
pub fn error(message: impl std::fmt::Display) {
    eprintln!("error: {message}");
}
