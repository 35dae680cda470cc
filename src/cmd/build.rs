//! `compendium build`: validate, render, write the site and index atomically
//! (the work is [`crate::build`]'s; this prints what it did).

use std::path::Path;
use std::time::Instant;

use crate::build::{Left, PARALLEL_STAGES, build_timed};
use crate::cmd::{CONTENT_ERROR, OK};
use crate::core::diag::{self, Diagnostics, Format};
use crate::core::timings::Timings;
use crate::{fingerprint, output, pipeline};

/// Runs `build`: nothing is written unless the whole build succeeds.
pub fn run(root: &Path, show_timings: bool, force: bool, drafts: bool) -> u8 {
    let start = Instant::now();
    let timings = Timings::new(show_timings);
    let project = match super::load_project_lenient(root) {
        Ok(p) => crate::config::Project { drafts, ..p },
        Err(errors) => {
            eprintln!(
                "build failed: {errors} error(s); the previous site and index were left as they were"
            );
            return CONTENT_ERROR;
        }
    };
    // Before anything else (a no-change build included): what a killed
    // build left beside the output folders.
    for dir in [&project.build_dir, &project.index_dir] {
        match output::sweep(dir) {
            Ok(done) => {
                for p in done {
                    eprintln!(
                        "removed `{}`, left by an interrupted build",
                        diag::rel_path(&project.root, &p)
                    );
                }
            }
            Err(e) => eprintln!("warning: {e:#}; the next build tries again"),
        }
    }
    // Files someone put in the build folder since the last build: the
    // build replaces the folder whole, so they would be lost. Refused
    // (as a folder Compendium did not make is), unless `--force`.
    let foreign = fingerprint::foreign_files(&project);
    if let Some(d) = fingerprint::foreign_error(&project, &foreign) {
        if !force {
            eprint!("{}", diag::render(&diag::seen_from_cwd(root, vec![d]), Format::Human));
            eprintln!("build failed; the previous site and index were left as they were");
            return CONTENT_ERROR;
        }
        eprintln!(
            "warning: removing {} file(s) from `{}` that the build did not write (`--force`)",
            foreign.len(),
            diag::rel_path(&project.root, &project.build_dir)
        );
    }
    // Nothing read has changed and the output is intact: nothing to write.
    // `--force` skips only that check: it still writes the manifest, so the
    // next plain build is up to date.
    let fingerprint = timings.time("fingerprint", || fingerprint::inputs(&project));
    // A book.toml value error fails below, with the content's errors.
    let fresh = force || !project.setting_errors.is_empty();
    let reuse = match (!fresh).then(|| fingerprint::check(&project, &fingerprint)) {
        Some(Ok(m)) => Some(m),
        Some(Err(fingerprint::Stale::Damaged(why))) => {
            eprintln!("note: {why}; rendering everything again");
            None
        }
        Some(Err(fingerprint::Stale::Changed)) | None => None,
    };
    if let Some(m) = reuse {
        // What the skipped build said about history, once.
        let (status, _) = crate::history::probe(&project);
        let note = crate::model::History { status, ..Default::default() }.note();
        if let Some(note) = note {
            eprintln!("note: {note}");
        }
        eprint!("{}", m.warnings);
        eprintln!(
            "{} is up to date: {} records, nothing changed since the last build \
             (`build --force` renders everything again) ({:.2?})",
            diag::rel_path(&project.root, &project.build_dir),
            m.records,
            start.elapsed()
        );
        if show_timings {
            eprint!("{}", timings.table(PARALLEL_STAGES));
        }
        return OK;
    }
    // Strings the theme lacks or nobody reads: warnings, kept with the
    // manifest like the content's.
    let mut diags = Diagnostics::new();
    diags.extend(crate::render::theme_strings::warnings(&project));
    diags.extend(crate::render::static_warnings(&project));
    let loaded = pipeline::load_project_timed(project, diags, &timings);
    // Kept with the manifest as the root reads them; printed as the
    // working folder does, as `check` prints them.
    let warnings = diag::render(&loaded.diagnostics.sorted(), Format::Human);
    let shown = diag::seen_from_cwd(root, loaded.diagnostics.sorted());
    eprint!("{}", diag::render(&shown, Format::Human));
    // Not a warning (`check` stays clean): one line, when pages cannot show
    // history.
    if let Some(note) = loaded.site.as_ref().and_then(|s| s.history.note()) {
        eprintln!("note: {note}");
    }
    let Some(site) = loaded.site else {
        eprintln!(
            "build failed: {} error(s); the previous site and index were left as they were",
            loaded.diagnostics.error_count()
        );
        return CONTENT_ERROR;
    };
    let manifest = (fingerprint, warnings);
    match build_timed(&site, &timings, Some(&manifest)) {
        Ok(built) => {
            let rel = |p: &Path| diag::rel_path(&site.project.root, p);
            for w in &built.warnings {
                eprintln!("warning: {w}");
            }
            eprintln!(
                "built {} records into {} files in {} ({:.2?})",
                site.records.len(),
                built.files,
                rel(&site.project.build_dir),
                start.elapsed()
            );
            if show_timings {
                eprint!("{}", timings.table(PARALLEL_STAGES));
            }
            OK
        }
        Err(failed) => {
            let rel = |p: &Path| diag::rel_path(&site.project.root, p);
            let left = match failed.left {
                Left::AsTheyWere => "the previous site and index were left as they were".to_owned(),
                Left::NewIndexOldSite => format!(
                    "the search index in {} is the new one, but the site in {} is still the \
                     previous one; the next build writes both again",
                    rel(&site.project.index_dir),
                    rel(&site.project.build_dir)
                ),
            };
            // `static/` files where the build writes: each at its file.
            if let Some(clashes) = failed.error.downcast_ref::<crate::build::StaticClashes>() {
                let all = clashes.0.clone();
                eprint!("{}", diag::render(&diag::seen_from_cwd(root, all), Format::Human));
                eprintln!("build failed: {} error(s); {left}", clashes.0.len());
                return CONTENT_ERROR;
            }
            // A broken theme file is a diagnostic at its line and column.
            let files = crate::render::theme_error::file_errors(&failed.error);
            match files.first() {
                Some(_) => {
                    let all = files.iter().map(|f| f.diagnostic()).collect();
                    eprint!("{}", diag::render(&diag::seen_from_cwd(root, all), Format::Human));
                    eprintln!("build failed; {left}");
                }
                // A page a template cannot render: at the template's line.
                None if format!("{:#}", failed.error).contains("Failed to render") => {
                    let d = crate::render::theme_error::render_diagnostic(&failed.error, "themes");
                    let d = d.with_help(
                        "fix the template; `check` renders the first page of each template and \
                         the first record of each collection, so an error on another page (a \
                         branch only some pages take) shows here only",
                    );
                    eprint!("{}", diag::render(&diag::seen_from_cwd(root, vec![d]), Format::Human));
                    eprintln!("build failed; {left}");
                }
                None => eprintln!("error: {:#}\nbuild failed; {left}", failed.error),
            }
            CONTENT_ERROR
        }
    }
}
