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

use crate::core::diag::{Diagnostics, report_in};

pub use crate::core::exit::{CONTENT_ERROR, OK, USAGE};

/// Loads book.toml, or prints its problems and returns how many errors
/// there were (every command starts here).
pub fn load_project(root: &std::path::Path) -> Result<crate::config::Project, usize> {
    reported(root, crate::config::Project::load(root))
}

/// [`load_project`] for `build`, which checks the content too: a book.toml
/// value the content is read without is reported with the content's errors
/// (see [`crate::config::Project::load_lenient`]).
pub fn load_project_lenient(root: &std::path::Path) -> Result<crate::config::Project, usize> {
    reported(root, crate::config::Project::load_lenient(root))
}

fn reported(
    root: &std::path::Path,
    loaded: Result<crate::config::Project, Vec<crate::core::diag::Diagnostic>>,
) -> Result<crate::config::Project, usize> {
    loaded.map_err(|ds| {
        let mut diags = Diagnostics::new();
        diags.extend(ds);
        report_in(root, &diags);
        diags.error_count()
    })
}

/// Prints a one-line error to stderr in the diagnostic style.
pub fn error(message: impl std::fmt::Display) {
    eprintln!("error: {message}");
}

/// Whether writing to stdout failed because its reader went away
/// (`compendium export | head`): the reader has what it wanted, so the
/// command ends quietly, as `cat` or `rg` do. The CSV writer's errors carry
/// the pipe's inside their own.
pub fn broken_pipe(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    if e.kind() == BrokenPipe {
        return true;
    }
    let inner = e.get_ref().and_then(|i| i.downcast_ref::<csv::Error>());
    matches!(inner.map(csv::Error::kind), Some(csv::ErrorKind::Io(io)) if io.kind() == BrokenPipe)
}
