//! The front half of every command: book.toml → content → validated,
//! resolved [`Site`], with every diagnostic of the run.

use std::path::Path;

use crate::config::Project;
use crate::core::diag::Diagnostics;
use crate::core::timings::Timings;
use crate::model::Site;
use crate::{load, resolve, schema, validate};

mod map_facet;
#[cfg(test)]
pub(crate) mod testing;
pub use map_facet::can_shade;

/// What loading a project produced.
#[derive(Debug)]
pub struct Loaded {
    /// The site, when there were no errors.
    pub site: Option<Site>,
    /// Every problem found, errors and warnings.
    pub diagnostics: Diagnostics,
    /// Record files found (valid or not).
    pub files: usize,
}

/// Loads, validates and resolves the project at `root`.
pub fn load(root: &Path) -> Loaded {
    let mut diags = Diagnostics::new();
    let project = match Project::load(root) {
        Ok(p) => p,
        Err(ds) => {
            diags.extend(ds);
            return Loaded { site: None, diagnostics: diags, files: 0 };
        }
    };
    load_project(project, diags)
}

/// Loads, validates and resolves an already configured project.
pub fn load_project(project: Project, diags: Diagnostics) -> Loaded {
    load_project_timed(project, diags, &Timings::default())
}

/// [`load_project`], recording each stage's time in `timings`.
pub fn load_project_timed(project: Project, mut diags: Diagnostics, timings: &Timings) -> Loaded {
    let loaded = timings.time("find files", || load::scan(&project, &mut diags));
    let schema = schema::build(&loaded, &mut diags);
    map_facet::check(&project.config.map, &schema, &mut diags);
    // Each record file is parsed and validated in one go, its parse tree
    // dropped as soon as its record is made.
    let records = timings.time("read + parse + validate", || {
        validate::validate(&loaded, &schema, &project, &mut diags)
    });
    let files = loaded.files();
    if diags.has_errors() {
        return Loaded { site: None, diagnostics: diags, files };
    }
    let site = timings.time("resolve", || resolve::resolve(project, schema, records));
    // Only a good site with records makes feeds worth warning about (and
    // errors come first).
    if !site.records.is_empty()
        && let Some(w) = &site.project.feed_warning
    {
        diags.push(w.clone());
    }
    Loaded { site: Some(site), diagnostics: diags, files }
}
