//! `compendium serve`: build, serve the build folder on the loopback address,
//! watch the sources and rebuild what changed, reload open pages.
//!
//! Three parts, each in its own module: [`http`] (axum on tokio: static
//! files with strict path confinement, the live-reload event stream,
//! `/api/search`), [`watch`] (notify, debounced) and the
//! [`incremental`](crate::incremental) engine, driven from one rebuild
//! thread so that rebuilds never overlap. A failed rebuild never stops the
//! server: the last good files stay on disk and the errors go to open pages.

pub mod conn;
pub mod hosts;
pub mod http;
pub mod watch;

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use tokio::sync::broadcast;

use crate::config::Project;
use crate::core::diag::{Diagnostic, Format, Severity};
use crate::core::exit::{CONTENT_ERROR, OK, USAGE};
use crate::incremental::{self, ChangeKind, Engine, Installed, Outcome, Reload, Route};
use crate::model::Site;
use crate::output::Staging;
use crate::search::{self, Request};

/// Past this many changed files, pages are told to reload whatever they show
/// rather than sent the list.
const RELOAD_ALL_ABOVE: usize = 200;

/// The search indexes follow the content once no save came for this long:
/// both are updated in place in milliseconds, so this only gathers a burst
/// of saves (an editor's save-all) into one update.
const INDEX_AFTER: Duration = Duration::from_millis(250);

/// The most threads tokio's blocking pool may start (file reads, searches).
const MAX_BLOCKING_THREADS: usize = 16;

/// Options of `serve`.
#[derive(Debug, Clone)]
pub struct Options {
    /// Address to bind (`127.0.0.1` unless the user says otherwise).
    pub host: String,
    /// Port; 0 picks a free one.
    pub port: u16,
    /// Open the site in the default browser.
    pub open: bool,
}

/// A message to open pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// Reload pages whose file (relative to the build folder) is listed,
    /// or every page when the list is empty.
    Reload(Vec<String>),
    /// Swap stylesheets only.
    Css,
    /// The content has errors: show them (JSON array of diagnostics).
    Errors(String),
    /// The content is fine again: hide the errors.
    Ok,
}

/// State shared by the HTTP handlers and the rebuild thread.
pub struct Shared {
    /// The canonical build folder: nothing outside it is served.
    pub build_dir: PathBuf,
    /// The index folder (for `/api/search`).
    pub index_dir: PathBuf,
    /// Messages to open pages.
    pub events: broadcast::Sender<Message>,
    /// The current errors as JSON, when there are any.
    errors: RwLock<Option<String>>,
    /// Bumped each time the index folder is replaced.
    index_generation: AtomicU64,
    /// The open index and the generation it was opened at.
    search: Mutex<Option<(u64, Arc<search::Engine>)>>,
    /// The `Host` names requests may use.
    pub hosts: hosts::Hosts,
    /// The bound on concurrent searches.
    pub searches: http::Searches,
    /// The path of `base-url` when it is not `/` (`/kb/`): the 404 page
    /// links from there (hosts serve it at any depth), so the preview
    /// serves the site under that path too.
    pub base_path: Option<String>,
}

impl Shared {
    /// State for serving `build_dir` (canonical) and searching `index_dir`,
    /// answering the `Host` names of [`hosts::Hosts::for_bind`]`(bind)`.
    pub fn new(build_dir: PathBuf, index_dir: PathBuf, bind: &str) -> Shared {
        let (events, _) = broadcast::channel(64);
        Shared {
            build_dir,
            index_dir,
            events,
            errors: RwLock::new(None),
            index_generation: AtomicU64::new(0),
            search: Mutex::new(None),
            hosts: hosts::Hosts::for_bind(bind),
            searches: http::Searches::per_core(),
            base_path: None,
        }
    }

    /// What a page that just connected should be told.
    pub fn status_message(&self) -> Message {
        let errors = self.errors.read().unwrap_or_else(|e| e.into_inner());
        match &*errors {
            Some(json) => Message::Errors(json.clone()),
            None => Message::Ok,
        }
    }

    /// The search index, opened again after each rewrite.
    fn search_engine(&self) -> Result<Arc<search::Engine>, search::Error> {
        let generation = self.index_generation.load(Ordering::SeqCst);
        let mut cached = self.search.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((g, engine)) = &*cached
            && *g == generation
        {
            return Ok(engine.clone());
        }
        let engine = Arc::new(search::Engine::open(&self.index_dir)?);
        *cached = Some((generation, engine.clone()));
        Ok(engine)
    }

    fn set_errors(&self, json: Option<String>) {
        let mut errors = self.errors.write().unwrap_or_else(|e| e.into_inner());
        *errors = json;
    }

    fn send(&self, m: Message) {
        // No open page is not an error.
        let _ = self.events.send(m);
    }
}

/// Answers `/api/search?q=…[&collection=C][&filter=FIELD=VALUE]…[&limit=N][&lang=LANG]`
/// with what `search --json` prints; `Err` holds the status and a message.
pub(crate) fn search(
    shared: &Shared,
    params: &[(String, String)],
) -> Result<String, (StatusCode, String)> {
    let bad = |m: String| (StatusCode::BAD_REQUEST, m);
    let mut req = Request { query: String::new(), limit: 10, ..Request::default() };
    for (k, v) in params {
        match k.as_str() {
            "q" => req.query = v.clone(),
            "collection" if !v.is_empty() => req.collection = Some(v.clone()),
            "lang" if !v.is_empty() => req.lang = Some(v.clone()),
            "filter" => match v.split_once('=') {
                Some((f, val)) if !f.is_empty() => req.filters.push((f.to_owned(), val.to_owned())),
                _ => return Err(bad(format!("`filter` must be FIELD=VALUE, not `{v}`"))),
            },
            "limit" => match v.parse::<usize>() {
                Ok(n) if (1..=100_000).contains(&n) => req.limit = n,
                _ => {
                    return Err(bad(format!(
                        "`limit` must be a number from 1 to 100000, not `{v}`"
                    )));
                }
            },
            _ => {}
        }
    }
    if req.query.trim().is_empty() && req.filters.is_empty() && req.collection.is_none() {
        return Err(bad("give a query: /api/search?q=WORDS".to_owned()));
    }
    let engine = shared.search_engine().map_err(|e| {
        let status = match e {
            search::Error::NoIndex(_) => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        (status, e.to_string())
    })?;
    match engine.search(&req) {
        Ok(resp) => Ok(search::json(&resp)),
        Err(search::Error::Usage(m)) => Err(bad(m)),
        Err(e) => Err((StatusCode::INTERNAL_SERVER_ERROR, e.to_string())),
    }
}

/// Rewrites the search indexes in the background after content changes, so
/// that saving a record never waits for them: the tantivy index (written
/// into the index folder here) and the browser index (handed back to the
/// rebuild thread, which owns the build folder). Both are updated in place
/// when the change allows: only the changed records are analysed again,
/// and only the browser index files they touch are handed back. The latest
/// site wins, and intermediate ones are skipped.
struct Indexer {
    latest: Mutex<Option<(u64, Arc<Site>)>>,
    /// The site the tantivy index on disk was written for, when known.
    indexed: Mutex<Option<Arc<Site>>>,
    /// The browser index files in the build folder (as last installed).
    installed: Mutex<Option<BTreeSet<String>>>,
    /// The next browser index is handed back whole (set when an install
    /// found files missing).
    whole: AtomicBool,
    wake: Condvar,
    done: Mutex<std::sync::mpsc::Sender<BrowserIndex>>,
}

/// A browser index made from the site of a generation.
type BrowserIndex = (u64, anyhow::Result<search::browser::Output>);

/// The browser index as the indexer keeps it between changes, with the site
/// (and its facets) it was made from.
struct Browser {
    index: search::browser::Index,
    site: Arc<Site>,
    facets: Vec<Vec<(usize, usize)>>,
}

impl Browser {
    fn new(site: Arc<Site>) -> Browser {
        let (_, facets) = search::catalog::build(&site);
        Browser { index: search::browser::Index::new(&site, &facets), site, facets }
    }

    /// Follows `site`: `(index, its catalog, how)`.
    fn follow(
        this: Option<Browser>,
        site: &Arc<Site>,
    ) -> (Browser, search::catalog::Catalog, &'static str) {
        let (catalog, facets) = search::catalog::build(site);
        if let Some(mut b) = this
            && b.index.update((&b.site, &b.facets), (site, &facets))
        {
            b.site = site.clone();
            b.facets = facets;
            return (b, catalog, "updated");
        }
        let index = search::browser::Index::new(site, &facets);
        (Browser { index, site: site.clone(), facets }, catalog, "remade")
    }
}

impl Indexer {
    fn submit(&self, generation: u64, site: Arc<Site>) {
        let mut latest = self.latest.lock().unwrap_or_else(|e| e.into_inner());
        *latest = Some((generation, site));
        self.wake.notify_one();
    }

    fn run(&self, shared: &Shared) {
        // The build at start wrote the browser index of the first site: keep
        // its postings, so that the first save is an update too.
        let mut browser: Option<Browser> = None;
        let first = self.indexed.lock().unwrap_or_else(|e| e.into_inner()).clone();
        if let Some(site) = first {
            let mut b = Browser::new(site);
            let (catalog, _) = search::catalog::build(&b.site);
            let out = b.index.output(&catalog, &b.facets, &|_| true);
            let mut installed = self.installed.lock().unwrap_or_else(|e| e.into_inner());
            installed.get_or_insert_with(|| out.paths.into_iter().collect());
            browser = Some(b);
        }
        loop {
            let (generation, site) = {
                let mut latest = self.latest.lock().unwrap_or_else(|e| e.into_inner());
                loop {
                    if let Some(s) = latest.take() {
                        break s;
                    }
                    latest = self.wake.wait(latest).unwrap_or_else(|e| e.into_inner());
                }
            };
            let start = Instant::now();
            let previous = self.indexed.lock().unwrap_or_else(|e| e.into_inner()).take();
            // One analysis thread (plus tantivy's writer): the other core
            // stays free for the next save.
            let result = rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .build()
                .map_err(anyhow::Error::from)
                .and_then(|pool| {
                    pool.install(|| {
                        // The tantivy index first, in place when the change
                        // allows: /api/search follows a save within
                        // milliseconds.
                        let dir = &site.project.index_dir;
                        let updated = match &previous {
                            Some(old) => {
                                search::writer::update(old, &site, dir).unwrap_or_else(|e| {
                                    eprintln!("warning: rewriting the search index: {e:#}");
                                    None
                                })
                            }
                            None => None,
                        };
                        let how = match updated {
                            Some(n) => format!("{n} record(s) updated in place"),
                            None => {
                                let staging = Staging::new(dir)?;
                                search::writer::write_staged(&site, &staging, None)?;
                                staging.commit()?;
                                "rewritten".to_owned()
                            }
                        };
                        shared.index_generation.fetch_add(1, Ordering::SeqCst);
                        eprintln!("search index {how} in {:.1?}", start.elapsed());

                        let started = Instant::now();
                        let (mut b, catalog, how) = Browser::follow(browser.take(), &site);
                        let whole = self.whole.swap(false, Ordering::SeqCst);
                        let installed =
                            self.installed.lock().unwrap_or_else(|e| e.into_inner()).clone();
                        let have =
                            |p: &str| !whole && installed.as_ref().is_some_and(|i| i.contains(p));
                        let out = b.index.output(&catalog, &b.facets, &have);
                        browser = Some(b);
                        eprintln!(
                            "browser index {how}: {} of {} file(s) new in {:.1?}",
                            out.files.len(),
                            out.paths.len(),
                            started.elapsed()
                        );
                        let done = self.done.lock().unwrap_or_else(|e| e.into_inner());
                        let _ = done.send((generation, Ok(out)));
                        anyhow::Ok(())
                    })
                });
            match result {
                Ok(()) => *self.indexed.lock().unwrap_or_else(|e| e.into_inner()) = Some(site),
                Err(e) => eprintln!("warning: cannot update the search index: {e:#}"),
            }
        }
    }

    /// An install of the browser index wrote `paths`.
    fn installed(&self, paths: BTreeSet<String>) {
        *self.installed.lock().unwrap_or_else(|e| e.into_inner()) = Some(paths);
    }

    /// An install found files missing: make the index of `site` again, whole.
    fn resend_whole(&self, generation: u64, site: Arc<Site>) {
        self.whole.store(true, Ordering::SeqCst);
        let mut latest = self.latest.lock().unwrap_or_else(|e| e.into_inner());
        latest.get_or_insert((generation, site));
        self.wake.notify_one();
    }
}

/// Runs `serve` until the process is stopped.
pub fn run(root: &Path, opts: &Options) -> u8 {
    let start = Instant::now();
    let watched = Watched::start(root);
    // serve rewrites the build folder page by page: the next `build` must
    // not take it for the output of the last one.
    let project = Project::load(root).ok();
    if let Some(p) = &project {
        crate::fingerprint::invalidate(p);
    }
    let (engine, outcome) = Engine::start(root);
    // The first build wrote the tantivy index for this site: later changes
    // update it in place against it.
    let initial_site = engine.site().map(|s| Arc::new(s.clone()));
    let mut shown = Vec::new();
    report(&outcome, start, &mut shown);
    let build_dir = engine.build_dir();
    if let Err(e) = std::fs::create_dir_all(&build_dir) {
        eprintln!("error: cannot create `{}`: {e}", build_dir.display());
        return CONTENT_ERROR;
    }
    let build_dir = match build_dir.canonicalize() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: cannot resolve `{}`: {e}", build_dir.display());
            return CONTENT_ERROR;
        }
    };
    let index_dir = project.as_ref().map_or_else(|| root.join("index"), |p| p.index_dir.clone());
    let mut shared = Shared::new(build_dir, index_dir, &opts.host);
    shared.base_path = project
        .as_ref()
        .and_then(|p| p.config.book.base_url())
        .map(|b| crate::render::urls::url_path(&b))
        .filter(|p| p != "/");
    let shared = Arc::new(shared);
    shared.set_errors(errors_json(&outcome.diagnostics));

    // The blocking pool runs file reads and searches (those bounded by
    // `Searches`); tokio's default of 512 threads lets a burst of requests
    // start hundreds of threads, each with its own allocator heap.
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .max_blocking_threads(MAX_BLOCKING_THREADS)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the server runtime: {e}");
            return CONTENT_ERROR;
        }
    };
    runtime.block_on(async move {
        if !hosts::is_loopback_name(&opts.host) {
            eprintln!(
                "warning: listening on `{}`: the preview is reachable from the network, \
                 by anyone who can reach this machine (drafts and errors included); \
                 leave out --host to serve on 127.0.0.1 only",
                opts.host
            );
        }
        let listener = match tokio::net::TcpListener::bind((opts.host.as_str(), opts.port)).await {
            Ok(l) => l,
            Err(e) => {
                eprintln!("error: cannot listen on {}:{}: {e}", opts.host, opts.port);
                return USAGE;
            }
        };
        let url = match listener.local_addr() {
            Ok(addr) => format!("http://{addr}/"),
            Err(e) => {
                eprintln!("error: cannot read the server address: {e}");
                return CONTENT_ERROR;
            }
        };
        // Tests and scripts read this line to find the port.
        println!("serving {url}");
        let _ = std::io::stdout().flush();
        if opts.open
            && let Err(e) = opener::open_browser(&url)
        {
            eprintln!("warning: cannot open a browser: {e}");
        }
        let rebuild_shared = shared.clone();
        let (done, browser_rx) = std::sync::mpsc::channel();
        let indexer = Arc::new(Indexer {
            latest: Mutex::new(None),
            indexed: Mutex::new(initial_site),
            installed: Mutex::new(None),
            whole: AtomicBool::new(false),
            wake: Condvar::new(),
            done: Mutex::new(done),
        });
        let (index_shared, index_worker) = (shared.clone(), indexer.clone());
        std::thread::spawn(move || index_worker.run(&index_shared));
        std::thread::spawn(move || {
            rebuild_loop(watched, engine, &rebuild_shared, &indexer, &browser_rx, shown)
        });
        match conn::serve(listener, http::router(shared)).await {
            Ok(()) => OK,
            Err(e) => {
                eprintln!("error: the server stopped: {e}");
                CONTENT_ERROR
            }
        }
    })
}

/// The watched folders (absolute, as the watcher reports paths) and the
/// watcher, when it could be started.
struct Watched {
    root: PathBuf,
    content_dir: PathBuf,
    themes_dir: PathBuf,
    watch: Option<watch::Watch>,
}

impl Watched {
    /// Starts watching before the first build, so that a save during a long
    /// first build is not missed.
    fn start(root: &Path) -> Watched {
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

/// Waits for changes and rebuilds, forever (or until the watcher dies).
fn rebuild_loop(
    watched: Watched,
    mut engine: Engine,
    shared: &Shared,
    indexer: &Indexer,
    browser_rx: &std::sync::mpsc::Receiver<BrowserIndex>,
    mut shown: Vec<Diagnostic>,
) {
    let Watched { root, content_dir, themes_dir, watch } = watched;
    let Some(mut watch) = watch else { return };
    engine.background_browser_index(true);
    let mut had_errors = !outcome_ok(&engine.diagnostics());
    let mut indexed = engine.generation();
    let mut last_change = Instant::now();
    let mut catching_up: Option<Instant> = None;
    let mut caught_up_files = 0;
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
                    reload(shared, &o.written);
                }
                Installed::Stale => {}
                Installed::Incomplete => {
                    if let Some(site) = engine.site() {
                        indexer.resend_whole(engine.generation(), Arc::new(site.clone()));
                    }
                }
            }
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
            watch::Batch::Closed => return,
            watch::Batch::Timeout if engine.has_pending() => {
                // The indexes have their own thread: they need not wait for
                // the other pages and the datasets.
                if last_change.elapsed() >= INDEX_AFTER {
                    submit_index(&engine, &mut indexed, indexer);
                }
                let since = *catching_up.get_or_insert_with(Instant::now);
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
                if o.has_errors() {
                    report(&o, Instant::now(), &mut shown);
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
                submit_index(&engine, &mut indexed, indexer);
                continue;
            }
        };
        let start = Instant::now();
        let mut changes: Vec<ChangeKind> = paths
            .iter()
            .filter(|p| !is_known_folder(&engine, &content_dir, p))
            .filter_map(|p| incremental::classify(&root, &content_dir, &themes_dir, p))
            .collect();
        // A folder made again (a `git checkout`): its files arrived before
        // its watch did, so read everything again.
        for dir in watch.rearmed() {
            eprintln!(
                "`{}` was replaced (deleted and made again): watching it again and rebuilding",
                dir.display()
            );
            changes.push(ChangeKind::Config);
        }
        changes.sort();
        changes.dedup();
        if changes.is_empty() {
            continue;
        }
        last_change = Instant::now();
        let outcome = engine.apply_with(&changes, &mut |changed| {
            // Something was written, so the content is good: say so, and
            // reload the pages that changed as soon as they are on disk.
            shared.set_errors(None);
            if had_errors {
                shared.send(Message::Ok);
                had_errors = false;
            }
            reload(shared, changed);
        });
        report(&outcome, start, &mut shown);
        let errors = errors_json(&outcome.diagnostics);
        shared.set_errors(errors.clone());
        match errors {
            Some(json) => {
                had_errors = true;
                shared.send(Message::Errors(json));
            }
            None => {
                if had_errors {
                    shared.send(Message::Ok);
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
fn submit_index(engine: &Engine, indexed: &mut u64, indexer: &Indexer) {
    if engine.generation() != *indexed
        && let Some(site) = engine.site()
    {
        *indexed = engine.generation();
        // A copy: the engine patches its own on the next save.
        indexer.submit(*indexed, Arc::new(site.clone()));
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

fn outcome_ok(diags: &[Diagnostic]) -> bool {
    !diags.iter().any(|d| d.severity == Severity::Error)
}

/// The diagnostics as JSON for the overlay, when any is an error.
fn errors_json(diags: &[Diagnostic]) -> Option<String> {
    if outcome_ok(diags) {
        return None;
    }
    Some(serde_json::to_string(diags).unwrap_or_else(|_| "[]".to_owned()))
}

fn report(outcome: &Outcome, start: Instant, shown: &mut Vec<Diagnostic>) {
    let mut diags = crate::core::diag::Diagnostics::new();
    diags.extend(outcome.diagnostics.iter().cloned());
    // Warnings that were already printed are not printed on every save.
    if outcome.diagnostics != *shown {
        crate::core::diag::report(&diags, Format::Human);
        shown.clone_from(&outcome.diagnostics);
    }
    if outcome.has_errors() {
        eprintln!(
            "rebuild failed: {} error(s); still serving the last good build",
            diags.error_count()
        );
    } else {
        eprintln!(
            "rebuilt ({:?}): {} file(s) written, {} removed; pages in {:.1?}, all in {:.1?}",
            outcome.route,
            outcome.written.len(),
            outcome.removed.len(),
            outcome.pages_done,
            start.elapsed()
        );
    }
}
