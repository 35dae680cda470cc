//! The front half of every command: book.toml → content → validated,
//! resolved [`Site`], with every diagnostic of the run.

use std::path::Path;
use std::sync::Arc;

use crate::config::Project;
use crate::core::diag::Diagnostics;
use crate::core::spool::Spool;
use crate::core::timings::Timings;
use crate::model::Site;
use crate::validate::Bodies;
use crate::{history, load, resolve, schema, validate};

mod default_labels;
pub mod language_folders;
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
    load_with(root, Bodies::Keep, false)
}

/// [`load`], publishing drafts when `drafts` is set (`serve --drafts`).
pub fn load_drafts(root: &Path, drafts: bool) -> Loaded {
    load_with(root, Bodies::Keep, drafts)
}

fn load_with(root: &Path, bodies: Bodies, drafts: bool) -> Loaded {
    let mut diags = Diagnostics::new();
    let project = match Project::load_lenient(root) {
        Ok(p) => Project { drafts, ..p },
        Err(ds) => {
            diags.extend(ds);
            return Loaded { site: None, diagnostics: diags, files: 0 };
        }
    };
    load_content(project, diags, &Timings::default(), false, bodies)
}

/// What `check` runs: [`load`], then, when some collection can go stale
/// (`stale-after`), the records' history, to warn about records without
/// `updated` whose last change in git is older than their period (records
/// with `updated` are judged by it in `validate`, at its line). Its records
/// have no bodies ([`Bodies::Drop`]): `check` renders nothing. Drafts are
/// checked either way; `drafts` says whether published records may refer
/// to them, as `build --drafts` would publish them.
pub fn load_for_check(root: &Path, drafts: bool) -> Loaded {
    let mut loaded = load_with(root, Bodies::Drop, drafts);
    if let Some(site) = &mut loaded.site
        && site.schema.collections.keys().any(|c| site.stale_cutoff(c).is_some())
    {
        site.history = Arc::new(history::read(&site.project).for_records(&site.records));
        stale_by_history(site, &mut loaded.diagnostics);
    }
    loaded
}

fn stale_by_history(site: &Site, diags: &mut Diagnostics) {
    for r in site.records.values() {
        if r.fields.get("updated").is_some() {
            continue;
        }
        let Some((cutoff, period)) = site.stale_cutoff(&r.key.collection) else { continue };
        let Some(changed) = site.history.last_changed(&r.key) else { continue };
        if changed < cutoff {
            diags.push(
                crate::core::diag::Diagnostic::warning(
                    &r.path,
                    crate::core::diag::Pos::START,
                    format!(
                        "last changed on {changed} (in git), more than {period} ago, and there \
                         is no `updated:` date: the record may be out of date"
                    ),
                )
                .with_help(
                    "check it against its sources, then add `updated:` with the date of that review",
                ),
            );
        }
    }
}

/// Loads, validates and resolves an already configured project, without
/// its history (`check`, `export`: nothing they print shows it).
pub fn load_project(project: Project, diags: Diagnostics) -> Loaded {
    load_content(project, diags, &Timings::default(), false, Bodies::Keep)
}

/// The stage that reads history from git, beside the content's.
pub const HISTORY_STAGE: &str = "history (git)";

/// [`load_project`] with the records' history from git ([`history`]),
/// read on its own thread while the content loads, recording each stage's
/// time in `timings` (what `build` runs).
///
/// Record bodies go to a [`Spool`] on disk (in memory if no temporary file
/// can be made): a build reads each a few times and holds none.
pub fn load_project_timed(project: Project, diags: Diagnostics, timings: &Timings) -> Loaded {
    let bodies = Spool::new().map_or(Bodies::Keep, |s| Bodies::Spool(Arc::new(s)));
    load_content(project, diags, timings, true, bodies)
}

fn load_content(
    project: Project,
    mut diags: Diagnostics,
    timings: &Timings,
    with_history: bool,
    bodies: Bodies,
) -> Loaded {
    std::thread::scope(|s| {
        let reader = with_history.then(|| {
            let p = project.clone();
            s.spawn(move || timings.time(HISTORY_STAGE, || history::read(&p)))
        });
        let mut loaded = load_site(project, &mut diags, timings, bodies);
        if let (Some(site), Some(reader)) = (&mut loaded.0, reader) {
            // A reader that panicked leaves the site without history, as
            // outside a repository.
            let raw = reader.join().unwrap_or_else(|_| history::Raw::default());
            site.history = Arc::new(raw.for_records(&site.records));
        }
        Loaded { site: loaded.0, diagnostics: diags, files: loaded.1 }
    })
}

fn load_site(
    project: Project,
    diags: &mut Diagnostics,
    timings: &Timings,
    bodies: Bodies,
) -> (Option<Site>, usize) {
    // book.toml's value errors and warnings, with the content's (the
    // errors stop the build below, after the content is checked).
    diags.extend(project.setting_errors.iter().cloned());
    diags.extend(project.setting_warnings.iter().cloned());
    let loaded = timings.time("find files", || load::scan(&project, diags));
    let schema = schema::build(&loaded, diags);
    map_facet::check(&project.config.map, &schema, diags);
    language_folders::check(&project.config.book, &schema, diags);
    default_labels::check(&project, &schema, diags);
    // Each record file is parsed and validated in one go, its parse tree
    // dropped as soon as its record is made.
    let records = timings.time("read + parse + validate", || {
        validate::validate(&loaded, &schema, &project, bodies.clone(), diags)
    });
    let files = loaded.files();
    if diags.has_errors() {
        return (None, files);
    }
    let mut site = timings.time("resolve", || resolve::resolve(project, schema, records));
    if let Bodies::Spool(spool) = bodies {
        site.spool = Some(spool);
    }
    // Only a good site with records makes feeds worth warning about (and
    // errors come first; `check --strict` says it with them).
    if !site.records.is_empty()
        && let Some(w) = &site.project.feed_warning
    {
        diags.push(w.clone());
    }
    (Some(site), files)
}
