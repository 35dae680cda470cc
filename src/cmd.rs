//! One module per command; each `run` returns the process exit code.

pub mod build;
pub mod check;
pub mod cite;
pub mod compare;
pub mod export;
pub mod new;
pub mod schema;
pub mod search;
pub mod serve;

use crate::core::diag::{Diagnostics, Format, report};

pub use crate::core::exit::{CONTENT_ERROR, OK, USAGE};

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
