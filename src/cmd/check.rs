//! `compendium check`: validate only, write nothing.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Instant;

use crate::cmd::{CONTENT_ERROR, OK};
use crate::core::diag::{self, Format, github_summary};
use crate::pipeline;

/// The errors rendering one page of each of the site theme's templates
/// gives, each as a diagnostic at the template's line when tera says
/// where; templates `skip` says are left out.
fn sample_pages(
    site: &crate::model::Site,
    theme: &crate::render::Theme,
    skip: impl Fn(&str) -> bool,
) -> Vec<crate::core::diag::Diagnostic> {
    let dir = site.project.theme_dir.as_deref().unwrap_or(&site.project.root);
    let fallback = diag::rel_path(&site.project.root, dir);
    // A mistake in a file every page reads (`base.html`, a partial) fails
    // each template's page at that one place: said once.
    let mut seen = BTreeSet::new();
    crate::render::render_samples(site, theme, skip)
        .iter()
        .map(|e| crate::render::theme_error::render_diagnostic(e, &fallback))
        .filter(|d| seen.insert((d.path.clone(), d.line, d.col)))
        .map(|d| match d.help {
            Some(_) => d,
            None => d.with_help("fix the template; `build` fails on it too"),
        })
        .collect()
}

/// The theme without the site theme's files at `skip`, and without those
/// that then fail to load (a partial that includes one left out), which
/// are added to `skip`; `None` when it does not load at all.
fn stand_in_theme(
    site: &crate::model::Site,
    skip: &mut BTreeSet<String>,
) -> Option<crate::render::Theme> {
    // Each round leaves out at least one more file, and a theme has few.
    for _ in 0..16 {
        match crate::render::Theme::load_skipping(&site.project, skip) {
            Ok(theme) => return Some(theme),
            Err(e) => {
                let more = crate::render::theme_error::file_errors(&e);
                let before = skip.len();
                skip.extend(more.into_iter().map(|f| f.path.clone()));
                if skip.len() == before {
                    return None;
                }
            }
        }
    }
    None
}

/// How many annotations of each kind GitHub shows for a step.
const GITHUB_SHOWN: usize = 10;

/// Runs `check`; exit code 1 when any error was found (or, `strict`, any
/// warning).
pub fn run(root: &Path, format: Format, strict: bool, drafts: bool) -> u8 {
    let start = Instant::now();
    let mut loaded = pipeline::load_for_check(root, drafts);
    // The theme is checked as `build` loads it, once the project reads.
    let project = match &loaded.site {
        Some(site) => Some(site.project.clone()),
        None => crate::config::Project::load_lenient(root).ok(),
    };
    // `--strict` fails on warnings, so those that wait for the errors to
    // go (the feeds' `base-url`) are said now, not on the next run.
    if strict
        && loaded.site.is_none()
        && loaded.files > 0
        && let Some(w) = project.as_ref().and_then(|p| p.feed_warning.clone())
    {
        loaded.diagnostics.push(w);
    }
    if let Some(p) = &project {
        let (loaded_theme, refused) = match crate::render::Theme::checked(p) {
            Ok(theme) => (Some(theme), Vec::new()),
            Err(refused) => (None, refused),
        };
        // Strings, blocks and unused files are read from the theme's files,
        // so they are said beside what the theme's loading refuses.
        loaded.diagnostics.extend(crate::render::theme_strings::warnings(p));
        loaded.diagnostics.extend(crate::render::static_warnings(p));
        // Then, with the content checked clean: a site theme's templates
        // rendered once each, as `build` would, with the built-in theme's
        // files standing in for those refused (and leaving out the pages
        // that read one), and `static/` against what the build writes.
        let mut skip: BTreeSet<String> = refused.iter().map(|d| d.path.clone()).collect();
        loaded.diagnostics.extend(refused);
        let theme = match loaded_theme {
            Some(theme) => Some(theme),
            None => loaded.site.as_ref().and_then(|site| stand_in_theme(site, &mut skip)),
        };
        let dir = p.theme_dir.as_deref().map(|d| diag::rel_path(&p.root, d) + "/");
        let refused_names: BTreeSet<&str> =
            skip.iter().filter_map(|path| path.strip_prefix(dir.as_deref()?)).collect();
        if let Some(site) = &loaded.site
            && let Some(theme) = theme
        {
            if p.theme_dir.is_some() {
                let reads_refused = |t: &str| {
                    theme.dependencies(t).iter().any(|d| refused_names.contains(d.as_str()))
                };
                loaded.diagnostics.extend(sample_pages(site, &theme, reads_refused));
            }
            // With a refused file left out (a symbolic link in `static/`),
            // the rest of `static/` is still checked: every problem in one run.
            loaded.diagnostics.extend(crate::build::static_clash_diagnostics(site, &theme));
        }
    }
    let diags = &loaded.diagnostics;
    // Paths read from where the command runs (`kb/content/…` for `--root
    // kb`), so that a terminal opens them and GitHub finds the file of an
    // annotation in a repository that keeps its site in a folder.
    let from = match format {
        Format::Github => std::env::var_os("GITHUB_WORKSPACE").map(std::path::PathBuf::from),
        _ => None,
    }
    .or_else(|| std::env::current_dir().ok());
    let prefix = from.map(|f| diag::root_prefix(root, &f)).unwrap_or_default();
    let shown = diag::seen_from(diags.sorted(), &prefix);
    let failed = diags.has_errors() || (strict && diags.warning_count() > 0);
    let text = match format {
        Format::Json => diag::render_json(&shown, !failed),
        _ => diag::render(&shown, format),
    };
    // Machine-read output goes to stdout, like cargo's and eslint's, so
    // `check --format json > report.json` works and nothing else mixes in;
    // a report that cannot be written fails the run.
    let written = match format {
        Format::Json | Format::Github => crate::core::exit::print_out(&text),
        Format::Human => {
            eprint!("{text}");
            OK
        }
    };
    if format == Format::Github
        && let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty())
    {
        use std::io::Write as _;
        let summary = github_summary(&shown);
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
    // The summary goes to stderr, so `--format github`'s log says it too
    // (its annotations are on stdout).
    if format != Format::Json {
        let records = loaded.site.as_ref().map_or(0, |s| s.records.len());
        // Counted as shown (the same problem found twice is one), as
        // `--format json` counts them.
        let errors = shown.iter().filter(|d| d.severity == diag::Severity::Error).count();
        let warnings = shown.len() - errors;
        // GitHub shows ten annotations of each kind a step, and says
        // nothing of the rest.
        if format == Format::Github && errors.max(warnings) > GITHUB_SHOWN {
            eprintln!(
                "note: GitHub shows the first {GITHUB_SHOWN} annotations of each kind on the \
                 pull request; every one is listed in this log{}",
                if std::env::var_os("GITHUB_STEP_SUMMARY").is_some_and(|p| !p.is_empty()) {
                    " and in the job's summary"
                } else {
                    ""
                }
            );
        }
        if failed {
            eprintln!(
                "check failed: {errors} error(s), {warnings} warning(s){} in {} record file(s) ({:.0?})",
                if diags.has_errors() { "" } else { " (--strict fails on warnings)" },
                loaded.files,
                start.elapsed()
            );
        } else {
            // Records, and the files they are in (translations are files
            // of their own), which is what a failed check counts.
            let noun = if records == 1 { "record" } else { "records" };
            eprintln!(
                "check passed: {records} {noun}, {warnings} warning(s) in {} record file(s) ({:.0?})",
                loaded.files,
                start.elapsed()
            );
        }
    }
    if failed || written != OK { CONTENT_ERROR } else { OK }
}
