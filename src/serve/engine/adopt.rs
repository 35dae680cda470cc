//! Taking over, at start, a build folder that `build` left up to date: on
//! a large site rendering it all again is minutes before the first save can
//! be shown, while loading the content and hashing the files is seconds.

use std::collections::HashMap;
use std::time::Instant;

use rayon::prelude::*;

use super::state::{Good, group, has_error};
use super::write::{hash, redirect_paths};
use super::{Outcome, Route};
use crate::pipeline;
use crate::render::Theme;

impl super::Engine {
    /// Loads the content and hashes `files` (the build's, as its manifest
    /// lists them) where they are, so that later saves write only what
    /// differs from them. `None`, with nothing kept, when the content has
    /// errors, the theme does not load or a file cannot be read: the caller
    /// then builds everything.
    pub(super) fn adopt(&mut self, files: &[(String, u64)], start: Instant) -> Option<Outcome> {
        let loaded = pipeline::load_drafts(&self.root, self.drafts);
        let diagnostics = loaded.diagnostics.into_vec();
        let mut site = loaded.site?;
        if has_error(&diagnostics) {
            return None;
        }
        site.history = std::sync::Arc::new(self.history.for_records(&site.records));
        let theme = Theme::load(&site.project).ok()?;
        let build_dir = site.project.build_dir.clone();
        let written = files
            .par_iter()
            .map(|(path, _)| std::fs::read(build_dir.join(path)).map(|b| (path.clone(), hash(&b))))
            .collect::<std::io::Result<HashMap<String, u64>>>()
            .ok()?;
        // As after a whole build: nothing is queued, and the site-wide
        // files' next job makes every record's entries anew.
        self.diags = group(diagnostics);
        self.exact = true;
        self.redirects = redirect_paths(&site);
        self.wide_all_next = true;
        self.written = Some(written);
        self.paths_changed += 1;
        self.good = Some(Good::new(site, theme));
        self.generation += 1;
        self.wide_floor = self.generation;
        Some(self.outcome(Vec::new(), Vec::new(), Route::Full, start.elapsed()))
    }
}
