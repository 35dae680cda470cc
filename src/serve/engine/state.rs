//! What the engine keeps between batches: the last good site and theme,
//! the diagnostics by file, records waiting for errors elsewhere to be
//! fixed, queued work, and a hash of every file it wrote.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::plan::Readiness;
use super::{Outcome, Page, Reload, Route};
use crate::build::SiteWide;
use crate::config::Project;
use crate::core::diag::{Diagnostic, Pos, Severity, rel_path};
use crate::model::{Key, Record, Site};
use crate::render::Theme;

/// Where theme problems are filed among the diagnostics.
pub(super) const THEME_DIAG: &str = "themes";

/// The last good build and what is needed to patch it.
pub(super) struct Good {
    pub(super) site: Site,
    /// Shared with the site-wide job made from it.
    pub(super) theme: std::sync::Arc<Theme>,
    /// Record file (relative path) → key, for the records of `site`.
    pub(super) by_path: HashMap<String, Key>,
}

impl Good {
    /// The last good state of a freshly loaded site.
    pub(super) fn new(site: Site, theme: Theme) -> Good {
        let by_path = site.records.values().map(|r| (r.path.clone(), r.key.clone())).collect();
        Good { site, theme: std::sync::Arc::new(theme), by_path }
    }
}

/// The engine's state; see the module docs of [`super`].
pub struct Engine {
    pub(super) root: PathBuf,
    /// Whether drafts are published (`serve --drafts`).
    pub(super) drafts: bool,
    pub(super) good: Option<Good>,
    /// Current diagnostics by file.
    pub(super) diags: BTreeMap<String, Vec<Diagnostic>>,
    /// Whether `diags` were computed by the fast path from the last good
    /// build, so that the fast path may go on from them.
    pub(super) exact: bool,
    /// Valid records saved since the last good build, waiting for the errors
    /// elsewhere to be fixed: file → record (citations not yet filled).
    pub(super) staged: BTreeMap<String, Record>,
    /// Keys of record files added since the last good build (valid or not)
    /// and their files: they exist for other records' references.
    pub(super) added: BTreeMap<Key, String>,
    /// Bumped whenever the good site changes.
    pub(super) generation: u64,
    /// Pages still to re-render for changes already applied.
    pub(super) pending: BTreeSet<Page>,
    /// Those of `pending` to render before the others (the pages open
    /// browsers show, see [`Engine::prefer`]); one no longer pending is
    /// skipped.
    pub(super) first: BTreeSet<Page>,
    /// Site-wide files still to regenerate.
    pub(super) pending_wide: BTreeSet<SiteWide>,
    /// Whether the browser search index is left to the caller (see
    /// [`Engine::background_browser_index`]).
    pub(super) browser_elsewhere: bool,
    /// Each record's entry of `data/records.json`, as `export::json` prints
    /// it inside the array: re-made only for changed records.
    pub(super) json_cache: HashMap<Key, String>,
    /// Whether the site-wide files are made by the caller from a
    /// [`WideJob`](super::WideJob) (see [`Engine::background_site_wide`]).
    pub(super) wide_elsewhere: bool,
    /// Changes no site-wide job has been made for yet: `Some` once
    /// something changed.
    pub(super) wide_dirty: Option<super::Dirty>,
    /// Everything was written here since the last job: the next job makes
    /// every record's dataset entry anew (the job thread's entries are of
    /// an older site), without a job being made for it now.
    pub(super) wide_all_next: bool,
    /// A full write of everything was asked for (a `static/` file, the
    /// theme or book.toml changed) and not done, the content or theme
    /// having errors: the next full path writes everything, so that a
    /// `static/` file deleted meanwhile goes.
    pub(super) owed_all: bool,
    /// Site-wide files made elsewhere, waiting to be written a part at a
    /// time.
    pub(super) wide_ready: std::collections::VecDeque<(SiteWide, Vec<super::wide::WideFile>)>,
    /// What the site-wide files put in place hash to (what jobs need not
    /// write again).
    pub(super) wide_written: HashMap<String, u64>,
    /// The alias pages last written: those a change no longer makes go.
    pub(super) redirects: std::collections::BTreeSet<String>,
    /// Jobs made before this generation are dropped: everything was
    /// written since.
    pub(super) wide_floor: u64,
    /// What the pages of a listing share (its sorted records, facets),
    /// kept while the site and theme stay the same: the queued pages of a
    /// long listing are rendered a few at a time, and each slice would
    /// otherwise sort the whole listing again.
    pub(super) page_memo: std::sync::Arc<crate::render::paging::Memo>,
    /// Output file → hash of the bytes on disk; `None` until a build of ours
    /// is on disk (then the next one is a whole staged build).
    pub(super) written: Option<HashMap<String, u64>>,
    /// Bumped whenever the files of `written` change (a file added or
    /// removed, all of them replaced): the manifest `serve` leaves follows.
    pub(super) paths_changed: u64,
    /// `paths_changed` when the manifest was last written, and whether
    /// writing it succeeded.
    pub(super) manifest_kept: Option<(u64, bool)>,
    /// The content's git history, read once at start: every site loaded
    /// after gets it (commits made while serving show after a restart).
    pub(super) history: crate::history::Raw,
    /// The content, build and index folders of the project as it was at
    /// start: the server serves, watches and searches those, so a
    /// `book.toml` naming others is refused until `serve` is restarted.
    pub(super) folders: Option<Folders>,
}

/// The folders a project reads and writes, as `book.toml` named them at
/// start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Folders {
    content_dir: PathBuf,
    build_dir: PathBuf,
    index_dir: PathBuf,
}

impl Folders {
    /// The index folder, where the manifest goes.
    pub(super) fn index_dir(&self) -> &Path {
        &self.index_dir
    }

    pub(super) fn of(p: &Project) -> Folders {
        Folders {
            content_dir: p.content_dir.clone(),
            build_dir: p.build_dir.clone(),
            index_dir: p.index_dir.clone(),
        }
    }

    /// An error at the key of each folder `now` names differently: the
    /// server keeps the folders it started with.
    pub(super) fn changed(&self, now: &Project) -> Vec<Diagnostic> {
        let root = now.root.clone();
        // Read as every book.toml is (no link out, no device, bounded).
        let path = root.join(crate::config::CONFIG_FILE);
        let text = crate::core::confine::read_file(&root, &path, crate::config::MAX_CONFIG_BYTES)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        let now = Folders::of(now);
        [
            ("content-dir", &self.content_dir, &now.content_dir),
            ("build-dir", &self.build_dir, &now.build_dir),
            ("index-dir", &self.index_dir, &now.index_dir),
        ]
        .into_iter()
        .filter(|(_, was, is)| was != is)
        .map(|(key, was, _)| {
            let at = crate::config::key_position(&text, "build", key);
            let was = rel_path(&root, was);
            Diagnostic::error(
                crate::config::CONFIG_FILE,
                at,
                format!(
                    "`{key}` changed while serving; stop serve and start it again to use the \
                     new folder"
                ),
            )
            .with_help(format!(
                "until then serve keeps using `{was}`; set `{key}` back to it to go on editing"
            ))
        })
        .collect()
    }
}

impl Engine {
    /// Loads the project and builds it whole (a staged, atomic build, as
    /// `compendium build`). On content errors the previous build folder is
    /// left as it was and the outcome lists the errors.
    pub fn start(root: &Path) -> (Engine, Outcome) {
        Engine::start_with(root, false)
    }

    /// [`Engine::start`], publishing drafts when `drafts` is set.
    pub fn start_with(root: &Path, drafts: bool) -> (Engine, Outcome) {
        let mut engine = Engine::new(root, drafts);
        let outcome = engine.full(true, Instant::now(), &mut |_| {});
        (engine, outcome)
    }

    /// [`Engine::start_with`] on a build folder that `build` left up to
    /// date (`files`, every file it wrote, from its manifest; see
    /// [`crate::fingerprint::check`]): the content is loaded and the files
    /// on disk are hashed instead of rendered, which is what a save needs
    /// to go on from. Whether it did so is the third value; when it could
    /// not (content errors, a file that cannot be read), it built as
    /// `start_with` does.
    pub fn start_reusing(
        root: &Path,
        drafts: bool,
        files: &[(String, u64)],
    ) -> (Engine, Outcome, bool) {
        let mut engine = Engine::new(root, drafts);
        let start = Instant::now();
        if let Some(outcome) = engine.adopt(files, start) {
            return (engine, outcome, true);
        }
        let outcome = engine.full(true, start, &mut |_| {});
        (engine, outcome, false)
    }

    /// An engine that has built nothing yet.
    fn new(root: &Path, drafts: bool) -> Engine {
        // Absolute, like the paths watchers report, so that they compare.
        let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
        let project = Project::load(&root).ok();
        let history = project.as_ref().map(crate::history::read).unwrap_or_default();
        let folders = project.as_ref().map(Folders::of);
        Engine {
            root,
            drafts,
            good: None,
            diags: BTreeMap::new(),
            exact: false,
            staged: BTreeMap::new(),
            added: BTreeMap::new(),
            generation: 0,
            pending: BTreeSet::new(),
            first: BTreeSet::new(),
            pending_wide: BTreeSet::new(),
            json_cache: HashMap::new(),
            wide_elsewhere: false,
            wide_dirty: None,
            wide_all_next: false,
            owed_all: false,
            wide_ready: Default::default(),
            wide_written: HashMap::new(),
            redirects: Default::default(),
            wide_floor: 0,
            page_memo: Default::default(),
            browser_elsewhere: false,
            written: None,
            paths_changed: 0,
            manifest_kept: None,
            history,
            folders,
        }
    }

    /// The line to print when pages cannot show history (see
    /// [`crate::model::History::note`]).
    pub fn history_note(&self) -> Option<String> {
        crate::model::History { status: self.history.status.clone(), ..Default::default() }.note()
    }

    /// The last good site, if any build succeeded.
    pub fn site(&self) -> Option<&Site> {
        self.good.as_ref().map(|g| &g.site)
    }

    /// A number that changes whenever the last good site does.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The build folder of the last good project, or the default under root.
    pub fn build_dir(&self) -> PathBuf {
        match &self.good {
            Some(g) => g.site.project.build_dir.clone(),
            None => match Project::load(&self.root) {
                Ok(p) => p.build_dir,
                Err(_) => self.root.join("site"),
            },
        }
    }

    /// Current diagnostics, sorted by file and position.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut all: Vec<Diagnostic> = self.diags.values().flatten().cloned().collect();
        all.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
        all
    }

    pub fn has_errors(&self) -> bool {
        self.diags.values().flatten().any(|d| d.severity == Severity::Error)
    }

    /// Whether an error is filed at `rel` (a `/`-separated path from the
    /// root) or at a file under it.
    pub fn has_error_at(&self, rel: &str) -> bool {
        let under = format!("{}/", rel.trim_end_matches('/'));
        self.diags
            .values()
            .flatten()
            .any(|d| d.severity == Severity::Error && (d.path == rel || d.path.starts_with(&under)))
    }

    /// Puts the queued pages whose files are among `viewed` (the pages
    /// open browsers asked for lately) first: after a template edit queues
    /// every page, the one being looked at is rendered in the next slice
    /// rather than after thousands of others.
    pub fn prefer(&mut self, viewed: &BTreeSet<String>) {
        let Some(good) = &self.good else { return };
        if self.pending.is_empty() || viewed.is_empty() {
            return;
        }
        let langs = good.site.languages();
        let shown = |p: &Page| langs.iter().any(|l| viewed.contains(&p.path_in(&good.site, l)));
        let wanted: Vec<Page> = self.pending.iter().filter(|p| shown(p)).cloned().collect();
        self.first.extend(wanted);
    }

    /// What [`plan`](super::plan::plan) needs to know of the state.
    pub(super) fn readiness(&self) -> Readiness {
        Readiness { good: self.good.is_some(), exact: self.exact, errors: self.has_errors() }
    }

    /// Leaves the browser search index to the caller after the fast path:
    /// it analyses every record (seconds on a large site), so `serve` makes
    /// it on another thread from a copy of [`site`](Self::site) and hands
    /// it back with [`install_browser_index`](Self::install_browser_index).
    pub fn background_browser_index(&mut self, on: bool) {
        self.browser_elsewhere = on;
    }

    /// Whether queued work remains (pages that show changed records, and
    /// the site-wide files).
    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty() || !self.pending_wide.is_empty() || !self.wide_ready.is_empty()
    }

    /// Leaves the site-wide files (datasets, feeds, sitemaps, compare
    /// data) to the caller: it takes a [`WideJob`](super::WideJob) with
    /// [`Engine::wide_job`], makes the files on another thread with
    /// [`make_wide`](super::make_wide) and hands them back with
    /// [`Engine::install_wide`]. The largest take hundreds of milliseconds
    /// to make, and a save arriving meanwhile would wait for them.
    pub fn background_site_wide(&mut self, on: bool) {
        self.wide_elsewhere = on;
    }

    pub(super) fn outcome(
        &self,
        written: Vec<String>,
        removed: Vec<String>,
        route: Route,
        pages_done: Duration,
    ) -> Outcome {
        let reload =
            if written.is_empty() && removed.is_empty() { Reload::None } else { Reload::Page };
        let queued = self.pending.len();
        let diagnostics = self.diagnostics();
        Outcome { written, removed, diagnostics, reload, route, pages_done, queued }
    }

    /// A theme that cannot be loaded is reported like content errors: the
    /// last good build stays.
    pub(super) fn theme_error(&mut self, e: &anyhow::Error, start: Instant) -> Outcome {
        let files = crate::render::theme_error::file_errors(e);
        let all = if files.len() > 1 {
            files.into_iter().map(|f| f.diagnostic()).collect()
        } else {
            vec![theme_diagnostic(e)]
        };
        self.diags.insert(THEME_DIAG.to_owned(), all);
        self.exact = false;
        self.outcome(Vec::new(), Vec::new(), Route::Full, start.elapsed())
    }

    /// A template failed to render a page: an error at the template, once
    /// however many pages it breaks (the pages still queued try it too, and
    /// add only errors not seen yet). Nothing was written, so what is on
    /// disk is still known.
    fn render_error(&mut self, e: &anyhow::Error, route: Route, start: Instant) -> Outcome {
        let d = theme_diagnostic(e);
        let known = self.diags.entry(THEME_DIAG.to_owned()).or_default();
        if !known.contains(&d) {
            known.push(d);
        }
        self.exact = false;
        self.outcome(Vec::new(), Vec::new(), route, start.elapsed())
    }

    pub(super) fn io_error(&mut self, e: anyhow::Error, route: Route, start: Instant) -> Outcome {
        if e.downcast_ref::<super::write::RenderFailed>().is_some() {
            return self.render_error(&e, route, start);
        }
        // The disk no longer matches what we believe: next time, build whole.
        self.written = None;
        self.paths_changed += 1;
        self.exact = false;
        let d = Diagnostic::error(
            rel_path(&self.root, &self.build_dir()),
            Pos::START,
            format!("{e:#}"),
        );
        self.diags.insert(String::new(), vec![d]);
        self.outcome(Vec::new(), Vec::new(), route, start.elapsed())
    }
}

pub(super) fn has_error(d: &[Diagnostic]) -> bool {
    d.iter().any(|d| d.severity == Severity::Error)
}

/// Diagnostics by the file they are about.
pub(super) fn group(diags: Vec<Diagnostic>) -> BTreeMap<String, Vec<Diagnostic>> {
    let mut out: BTreeMap<String, Vec<Diagnostic>> = BTreeMap::new();
    for d in diags {
        out.entry(d.path.clone()).or_default().push(d);
    }
    out
}

/// A theme error as a diagnostic at the template it names (`theme
/// template `themes/x/record.html` is broken`, or a render error ending in
/// its origin, `(`themes/x/record.html`)`) and at tera's ` --> line:col`
/// when it gives one; worded without the page that hit it, so that the
/// same error in many pages is one. Elsewhere (a cycle of templates, the
/// built-in theme) it is filed under `themes`, at its start.
pub(super) fn theme_diagnostic(e: &anyhow::Error) -> Diagnostic {
    // The project's `static/` folder is read with the theme, but its
    // problems are its files', not a template's.
    let cause = e.root_cause().to_string();
    let folder = crate::config::STATIC_DIR;
    if cause.contains(&format!("`{folder}/")) || cause.starts_with(&format!("the {folder} folder"))
    {
        return Diagnostic::error(folder, Pos::START, cause).with_help(format!(
            "fix or remove the file in `{folder}/`; the last good pages are served until then"
        ));
    }
    let d = crate::render::theme_error::render_diagnostic(e, THEME_DIAG);
    if d.help.is_some() {
        return d;
    }
    d.with_help(
        "fix the theme file; the last good pages are served until then, and the pages that use \
         it are rendered again when it is saved",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag(text: &str) -> (String, u32, u32, String) {
        let d = theme_diagnostic(&anyhow::anyhow!(text.to_owned()));
        (d.path, d.line, d.col, d.message)
    }

    #[test]
    fn theme_errors_are_filed_at_their_template() {
        let render = "a page cannot be rendered: cannot render record `a/b` (`a/b/index.html`): \
                      Failed to render 'record.html': Variable `x` not found (`themes/t/record.html`)";
        let (path, line, col, message) = diag(render);
        assert_eq!((path.as_str(), line, col), ("themes/t/record.html", 1, 1));
        assert_eq!(message, "Failed to render 'record.html': Variable `x` not found");
        let parse = "theme template `themes/t/a.html` is broken:  --> 4:24\n  |\n4 | {{ x | }}\n  |\n  \
                     = expected an identifier";
        let (path, line, col, message) = diag(parse);
        assert_eq!((path.as_str(), line, col), ("themes/t/a.html", 4, 24));
        assert_eq!(message, "the template does not parse: expected an identifier");
        // The built-in theme has no file to name; odd text never panics.
        let built_in = "cannot render x (`x/index.html`): Failed to render 'a.html': y \
                        (built-in theme file `a.html`)";
        assert_eq!(diag(built_in).0, THEME_DIAG);
        for odd in ["", "`)", " (`)", "theme template `", "--> ", "--> 9:", "--> :1", "é (`é`)"] {
            let _ = diag(odd);
        }
    }
}
