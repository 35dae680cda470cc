//! `compendium serve`: see [`crate::serve`].

use std::path::Path;

use crate::serve::{self, Options};

/// Runs `serve` until the process is stopped; returns an exit code only when
/// the server cannot start or stops on its own.
pub fn run(root: &Path, opts: &Options) -> u8 {
    serve::run(root, opts)
}
