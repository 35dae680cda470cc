//! The rebuild thread: waits for saves, runs the incremental engine, reloads
//! open pages, and hands changed sites to the indexer.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use super::datasets::{Datasets, Made};
use super::engine::{self, ChangeKind, Engine, Installed, Outcome, Reload, Route};
use super::indexer::{BrowserIndex, Indexer};
use super::{Message, Shared, watch};
use crate::config::Project;
use crate::core::diag::{Diagnostic, Format, Severity};

/// Past this many changed files, pages are told to reload whatever they show
/// rather than sent the list.
const RELOAD_ALL_ABOVE: usize = 200;

/// The search indexes follow the content once no save came for this long:
/// both are updated in place in milliseconds, so this only gathers a burst
/// of saves (an editor's save-all) into one update.
const INDEX_AFTER: Duration = Duration::from_millis(250);

/// The watched folders (absolute, as the watcher reports paths) and the
/// watcher, when it could be started.
pub(super) struct Watched {
    root: PathBuf,
    content_dir: PathBuf,
    themes_dir: PathBuf,
    watch: Option<watch::Watch>,
}

impl Watched {
    /// Starts watching before the first build, so that a save during a long
    /// first build is not missed.
    pub(super) fn start(root: &Path) -> Watched {
        let project = Project::load(root).ok();
        let (content_dir, themes_dir) = match &project {
            Some(p) => (p.content_dir.clone(), p.root.join("themes")),
            None => (root.join("content"), root.join("themes")),
        };
        let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        let (root, content_dir, themes_dir) = (abs(root), abs(&content_dir), abs(&themes_dir));
        let watch = match watch::start(&root, &content_dir, &themes_dir) {
            Ok(w) => Some(w),
            Err(e) => {
                eprintln!("error: cannot watch for changes ({e:#}); serving without live rebuilds");
                None
            }
        };
        Watched { root, content_dir, themes_dir, watch }
    }
}

/// The threads that work for the rebuild thread, and what they hand back.
pub(super) struct Workers {
    pub(super) indexer: Arc<Indexer>,
    pub(super) browser_rx: Receiver<BrowserIndex>,
    pub(super) datasets: Arc<Datasets>,
    pub(super) made_rx: Receiver<Made>,
}

/// Waits for changes and rebuilds, forever (or until the watcher dies).
pub(super) fn rebuild_loop(
    watched: Watched,
    mut engine: Engine,
    shared: &Shared,
    workers: &Workers,
    mut shown: Vec<Diagnostic>,
) {
    let Watched { root, content_dir, themes_dir, watch } = watched;
    let Some(mut watch) = watch else {
        engine.keep_manifest();
        return;
    };
    let Workers { indexer, browser_rx, datasets, made_rx } = workers;
    engine.background_browser_index(true);
    engine.background_site_wide(true);
    let mut had_errors = !outcome_ok(&engine.diagnostics());
    let mut indexed = engine.generation();
    let mut last_change = Instant::now();
    let mut catching_up: Option<Instant> = None;
    // Theme files edited in a folder pages do not use, said once each.
    let mut unused_said: std::collections::HashSet<PathBuf> = Default::default();
    let mut caught_up_files = 0;
    // The pages served lately as last handed to the engine.
    let mut viewed_seen = 0;
    loop {
        // Queued work (pages that show a changed record, datasets) is done
        // a slice at a time, looking for saves in between; the search index
        // is rewritten only once the editor has paused.
        // A browser index made meanwhile is written between saves, like
        // the rest (one made from an older site is dropped).
        while let Ok((generation, index)) = browser_rx.try_recv() {
            let index = match index {
                Ok(index) => index,
                Err(e) => {
                    eprintln!("warning: cannot make the browser search index: {e:#}");
                    continue;
                }
            };
            match engine.install_browser_index(generation, index) {
                Installed::Done(o, paths) => {
                    indexer.installed(paths);
                    // Only the search pages read the index's files: other
                    // open pages keep their place.
                    if !o.written.is_empty()
                        && let Some(site) = engine.site()
                    {
                        let book = &site.project.config.book;
                        let search = crate::render::Page::Search;
                        let pages: Vec<String> = site
                            .languages()
                            .iter()
                            .map(|l| crate::render::page_path_in(book, l, &search))
                            .collect();
                        reload(shared, &pages);
                    }
                }
                Installed::Stale => {}
                Installed::Incomplete => {
                    if let Some(site) = engine.site() {
                        indexer.resend_whole(engine.generation(), Arc::new(site.clone()));
                    }
                }
            }
        }
        // Site-wide files made on the datasets thread are written a part
        // at a time, like the queued pages.
        while let Ok((generation, made)) = made_rx.try_recv() {
            engine.install_wide(generation, made);
        }
        // Stopping (Ctrl-C): what a save queued is written out (site-wide
        // files may still come from their thread), then the loop ends, so
        // the build folder is whole when the process ends.
        if shared.stopping.load(std::sync::atomic::Ordering::SeqCst) {
            if !engine.has_pending() {
                engine.keep_manifest();
                return;
            }
            let o = engine.flush_step(&mut |_| {});
            if o.written.is_empty() && o.removed.is_empty() {
                std::thread::sleep(Duration::from_millis(20));
            }
            continue;
        }
        let wait = if engine.has_pending() {
            Some(Duration::ZERO)
        } else if engine.generation() != indexed {
            Some(INDEX_AFTER)
        } else {
            // Look now and then for a browser index coming back.
            Some(Duration::from_millis(100))
        };
        let paths = match watch.batch(wait) {
            watch::Batch::Paths(p) => p,
            watch::Batch::Closed => {
                engine.keep_manifest();
                return;
            }
            watch::Batch::Timeout if engine.has_pending() => {
                // The indexes have their own thread: they need not wait for
                // the other pages and the datasets.
                if last_change.elapsed() >= INDEX_AFTER {
                    submit_index(&mut engine, &mut indexed, indexer, datasets);
                }
                let since = *catching_up.get_or_insert_with(Instant::now);
                let (seen, viewed) = shared.viewed();
                if seen != viewed_seen {
                    viewed_seen = seen;
                    engine.prefer(&viewed);
                }
                let o = engine.flush_step(&mut |changed| reload(shared, changed));
                caught_up_files += o.written.len() + o.removed.len();
                if !engine.has_pending() {
                    eprintln!(
                        "caught up: {caught_up_files} more file(s) (other pages, datasets) in {:.1?}",
                        since.elapsed()
                    );
                    catching_up = None;
                    caught_up_files = 0;
                }
                // Queued pages that hit an error already reported (one
                // broken template, many pages) say nothing more.
                if o.has_errors() && o.diagnostics != shown {
                    report(&o, Instant::now(), &mut shown, Served::of(&engine));
                    let errors = errors_json(&o.diagnostics);
                    shared.set_errors(errors.clone());
                    if let Some(json) = errors {
                        had_errors = true;
                        shared.send(Message::Errors(json));
                    }
                }
                continue;
            }
            watch::Batch::Timeout => {
                // Idle: the files written so far, for the next `build`.
                engine.keep_manifest();
                if last_change.elapsed() >= INDEX_AFTER {
                    submit_index(&mut engine, &mut indexed, indexer, datasets);
                }
                continue;
            }
        };
        let start = Instant::now();
        let theme_files: Vec<&PathBuf> =
            paths.iter().filter(|p| p.starts_with(&themes_dir) && p.is_file()).collect();
        if let Some(site) = engine.site().filter(|_| !theme_files.is_empty()) {
            // The theme book.toml names now (saved in this batch, or
            // before the last good build), not the last good build's.
            let now = crate::config::Project::load(&root).ok();
            let theme = match &now {
                Some(p) => p.config.build.theme.as_deref(),
                None => site.project.config.build.theme.as_deref(),
            };
            for p in theme_files {
                if !uses_theme_file(&themes_dir, theme, p) && unused_said.insert(p.clone()) {
                    let rel = crate::core::diag::rel_path(&root, p);
                    eprintln!(
                        "warning: `{rel}` changed, but pages do not use it: {}",
                        why_unused(theme)
                    );
                }
            }
        }
        let mut changes: Vec<ChangeKind> = paths
            .iter()
            .filter(|p| !is_known_folder(&engine, &content_dir, p))
            .filter_map(|p| {
                engine::classify(&root, &content_dir, &themes_dir, p).or_else(|| {
                    vanished_folder(&engine, &root, &content_dir, p).then_some(ChangeKind::Schema)
                })
            })
            .collect();
        // A folder made again (a `git checkout`): its files arrived before
        // its watch did, so read everything again.
        for (dir, what) in watch.rearmed() {
            eprintln!(
                "`{}` {} and reading everything again",
                crate::core::diag::rel_path(&root, &dir),
                what.said()
            );
            changes.push(ChangeKind::Config);
        }
        changes.sort();
        changes.dedup();
        if changes.is_empty() {
            continue;
        }
        last_change = Instant::now();
        // Pages still queued count from this save on ("caught up … in").
        catching_up = None;
        caught_up_files = 0;
        // A whole re-render takes as long as `build`: said before, not
        // only after minutes of silence.
        if changes.iter().any(|c| matches!(c, ChangeKind::Schema | ChangeKind::Config)) {
            eprintln!(
                "settings, a schema or the theme's folders changed: reading the content again \
                 and rendering every page (as long as `build` takes)"
            );
        }
        let outcome = engine.apply_with(&changes, &mut |changed| {
            // Something was written, so the content is good: say so, and
            // reload the pages that changed as soon as they are on disk.
            shared.set_errors(None);
            if had_errors {
                shared.send(Message::Ok);
                had_errors = false;
                // Pages showed the last good build (or none, when `serve`
                // started with errors): all of them reload.
                if changed.is_empty() {
                    shared.send(Message::Reload(Vec::new()));
                }
            }
            reload(shared, changed);
        });
        report(&outcome, start, &mut shown, Served::of(&engine));
        // What the batch queued: the pages open browsers show go first.
        let (seen, viewed) = shared.viewed();
        viewed_seen = seen;
        engine.prefer(&viewed);
        if let Some(site) = engine.site() {
            let before = shared.base_path();
            shared.set_book(&site.project.config.book);
            let now = shared.base_path();
            if now != before {
                // The pages link from the new path now; so does the server.
                println!("the site is now at {} (base-url's path)", now.as_deref().unwrap_or("/"));
            }
        }
        let errors = errors_json(&outcome.diagnostics);
        shared.set_errors(errors.clone());
        match errors {
            Some(json) => {
                had_errors = true;
                shared.send(Message::Errors(json));
            }
            None => {
                if had_errors {
                    // Fixed with nothing written as it went (a full
                    // rebuild after starting with errors): every page
                    // reloads, as it shows a build from before the fix.
                    shared.send(Message::Ok);
                    shared.send(Message::Reload(Vec::new()));
                    had_errors = false;
                }
                match outcome.reload {
                    Reload::Css => shared.send(Message::Css),
                    // Theme assets (scripts, images) are used by every page.
                    Reload::Page
                        if outcome.route == Route::Fast
                            && outcome.written.iter().all(|p| p.starts_with("assets/")) =>
                    {
                        shared.send(Message::Reload(Vec::new()))
                    }
                    _ => {}
                }
            }
        }
    }
}

/// Hands the indexer the engine's site when it changed since the last one
/// handed (`indexed` is that one's generation).
/// The datasets thread gets the same copy, with what changed.
fn submit_index(engine: &mut Engine, indexed: &mut u64, indexer: &Indexer, datasets: &Datasets) {
    if engine.generation() != *indexed
        && let Some(site) = engine.site()
    {
        *indexed = engine.generation();
        // A copy: the engine patches its own on the next save.
        let site = Arc::new(site.clone());
        indexer.submit(*indexed, Arc::clone(&site));
        if let Some(job) = engine.wide_job(site) {
            datasets.submit(job);
        }
    }
}

/// Whether `path`, a file under `themes_dir`, is in the folder of the
/// site's `theme`.
fn uses_theme_file(themes_dir: &Path, theme: Option<&str>, path: &Path) -> bool {
    let folder = path.strip_prefix(themes_dir).ok().and_then(|r| r.iter().next());
    folder.is_some_and(|f| Some(f.to_string_lossy().as_ref()) == theme)
}

/// Why a theme file the site does not use changes nothing.
fn why_unused(theme: Option<&str>) -> String {
    match theme {
        Some(t) => format!("book.toml's [build] theme is \"{t}\""),
        None => "book.toml names no theme, so pages use the built-in one (add `theme = \"NAME\"` \
                 under [build] to use themes/NAME/)"
            .to_owned(),
    }
}

/// Tells open pages showing one of `changed` to reload.
fn reload(shared: &Shared, changed: &[String]) {
    if !changed.is_empty() {
        let all = changed.len() > RELOAD_ALL_ABOVE;
        shared.send(Message::Reload(if all { Vec::new() } else { changed.to_vec() }));
    }
}

/// The content folder or a collection folder of the last good site: the
/// polling watcher reports them whenever a file in them comes or goes, which
/// the file's own event already says. Other folders (a collection moved
/// in, a folder removed) still count, as schema changes.
fn is_known_folder(engine: &Engine, content_dir: &Path, path: &Path) -> bool {
    if !path.is_dir() {
        return false;
    }
    if path == content_dir {
        return true;
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    path.parent() == Some(content_dir)
        && engine.site().is_some_and(|s| s.schema.collections.contains_key(name))
}

/// Whether `path`, gone from the content folder and named like no file it
/// reads, was a folder that mattered: one records were read from (moved
/// out of the project, it sends one event, not one per file), a folder of
/// the content folder, or one an error names (a link out of the project,
/// refused, then removed). Its records must go. Any other path (the
/// temporary file `sed -i` renames over a record) is nothing: taken for a
/// folder while the content has errors, it sent the fix of a typo down
/// the path that renders every page.
fn vanished_folder(engine: &Engine, root: &Path, content_dir: &Path, path: &Path) -> bool {
    if !path.starts_with(content_dir) || path.symlink_metadata().is_ok() {
        return false;
    }
    if path.parent() == Some(content_dir) {
        return true;
    }
    // Records and diagnostics keep their paths from the root, `/`-separated.
    let Some(folder) = path.strip_prefix(root).ok().and_then(|p| p.to_str()) else { return false };
    let folder = folder.replace('\\', "/");
    if engine.has_error_at(&folder) {
        return true;
    }
    let folder = format!("{folder}/");
    engine.site().is_some_and(|site| site.records.values().any(|r| r.path.starts_with(&folder)))
}

fn outcome_ok(diags: &[Diagnostic]) -> bool {
    !diags.iter().any(|d| d.severity == Severity::Error)
}

/// The diagnostics as JSON for the overlay, when any is an error.
pub(super) fn errors_json(diags: &[Diagnostic]) -> Option<String> {
    if outcome_ok(diags) {
        return None;
    }
    Some(serde_json::to_string(diags).unwrap_or_else(|_| "[]".to_owned()))
}

/// What is served while the content has errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Served {
    /// The last good build of this run.
    LastGood,
    /// No build of this run succeeded; the folder holds an earlier one.
    Earlier,
    /// No build at all: every address is a 404.
    Nothing,
}

impl Served {
    pub(super) fn of(engine: &Engine) -> Served {
        if engine.site().is_some() {
            Served::LastGood
        } else if engine.build_dir().join(crate::output::MARKER).is_file() {
            Served::Earlier
        } else {
            Served::Nothing
        }
    }
}

/// Prints an outcome's diagnostics, unless they are those last `shown`:
/// warnings are not printed again on every save.
pub(super) fn report_diagnostics(outcome: &Outcome, shown: &mut Vec<Diagnostic>) {
    if outcome.diagnostics != *shown {
        let mut diags = crate::core::diag::Diagnostics::new();
        diags.extend(outcome.diagnostics.iter().cloned());
        crate::core::diag::report(&diags, Format::Human);
        shown.clone_from(&outcome.diagnostics);
    }
}

/// The site's address on the server at `root` (`http://ADDR/`): under
/// base-url's `base` path when it has one (`/` answers too).
pub(super) fn site_url(root: &str, base: Option<&str>) -> String {
    match base {
        Some(base) => format!("{}{base}", root.trim_end_matches('/')),
        None => root.to_owned(),
    }
}

/// Said (on stderr) once the port is bound, before the first build, which
/// takes minutes at 100,000 records: the address without the wait. The
/// server answers after the build (a browser opened early waits for it),
/// and stdout's `serving URL` line, which scripts wait for, comes then.
pub(super) fn first_build_notice(url: &str) -> String {
    format!("building the site: the preview will answer at {url} once the first build is done")
}

/// Prints what a rebuild did, and on errors what is served meanwhile.
pub(super) fn report(
    outcome: &Outcome,
    start: Instant,
    shown: &mut Vec<Diagnostic>,
    served: Served,
) {
    report_diagnostics(outcome, shown);
    if outcome.has_errors() {
        let n = outcome.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
        match served {
            Served::LastGood => {
                eprintln!("rebuild failed: {n} error(s); still serving the last good build");
            }
            Served::Earlier => eprintln!(
                "build failed: {n} error(s); serving the build folder as an earlier build left \
                 it until they are fixed"
            ),
            Served::Nothing => eprintln!(
                "build failed: {n} error(s); there is no build to serve (every page is a 404) \
                 until they are fixed"
            ),
        }
    } else {
        // Pages a template edit queued are still to come: "0 written" alone
        // reads as if the edit changed nothing.
        let queued = match outcome.queued {
            0 => String::new(),
            n => format!("; {n} more page(s) being rendered, a few at a time between saves"),
        };
        eprintln!(
            "rebuilt ({:?}): {} file(s) written, {} removed; pages in {:.1?}, all in {:.1?}{queued}",
            outcome.route,
            outcome.written.len(),
            outcome.removed.len(),
            outcome.pages_done,
            start.elapsed()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_said_before_the_first_build_is_the_site_s() {
        assert_eq!(site_url("http://127.0.0.1:4000/", None), "http://127.0.0.1:4000/");
        let under = site_url("http://127.0.0.1:4000/", Some("/tracker/"));
        assert_eq!(under, "http://127.0.0.1:4000/tracker/");
        let notice = first_build_notice(&under);
        assert!(notice.contains("http://127.0.0.1:4000/tracker/ once"), "{notice}");
        // Scripts take a line starting `serving ` for the server being up.
        assert!(!notice.starts_with("serving "), "{notice}");
    }

    /// A path gone while the content has errors is a folder that mattered
    /// only when an error names it: the temporary file `sed -i` renames
    /// over a record is nothing, so fixing a typo is not a whole rebuild.
    #[test]
    fn a_vanished_path_counts_only_when_it_held_records_or_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::path::absolute(dir.path()).unwrap();
        let write = |rel: &str, text: &str| {
            let p = root.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        };
        write("book.toml", "[book]\ntitle = \"T\"\n");
        write("content/c/_collection.yaml", "title: C\nsingular: C\ndescription: C.\n");
        write("content/c/good.md", "---\ntitle: Good\nsummary: Good.\n---\n");
        write("content/c/bad.md", "---\ntitle: [broken\n---\n");
        let (engine, _) = Engine::start(&root);
        assert!(engine.has_errors());
        let content = root.join("content");
        let gone = |rel: &str| vanished_folder(&engine, &root, &content, &root.join(rel));
        assert!(!gone("content/c/sedX1b2c3"), "an editor's temporary file");
        assert!(!gone("content/c/notes"), "a folder nothing was read from");
        std::fs::remove_file(root.join("content/c/bad.md")).unwrap();
        assert!(gone("content/c/bad.md"), "the file an error is filed at");
        std::fs::rename(root.join("content/c"), root.join("c")).unwrap();
        assert!(gone("content/c"), "a folder of the content folder");
    }
}
