//! `compendium serve`: build, serve the build folder on the loopback address,
//! watch the sources and rebuild what changed, reload open pages.
//!
//! Three parts, each in its own module: [`http`] (axum on tokio: static
//! files with strict path confinement, the live-reload event stream,
//! `/api/search`), [`watch`] (notify, debounced) and the
//! incremental [`engine`], driven from one rebuild
//! thread so that rebuilds never overlap (`rebuild`; the search indexes
//! follow in the background, `indexer`). A failed rebuild never stops the
//! server: the last good files stay on disk and the errors go to open pages.

mod api;
pub mod conn;
mod datasets;
pub mod engine;
mod handoff;
pub mod hosts;
pub mod http;
mod indexer;
pub mod live;
mod lock;
mod rebuild;
pub mod watch;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use tokio::sync::broadcast;

use crate::core::exit::{CONTENT_ERROR, OK, USAGE};
use crate::search;

use engine::Engine;
use indexer::Indexer;
use rebuild::{Watched, errors_json, rebuild_loop, report};
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
    /// Publish records with `draft: true` too.
    pub drafts: bool,
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
    /// serves the site under that path too. Follows `book.toml`.
    base_path: RwLock<Option<String>>,
    /// The folders of the site's languages other than the default (`he`):
    /// a missing page under one gets that language's `404.html`.
    lang_folders: RwLock<Vec<String>>,
    /// Set on Ctrl-C: the rebuild thread finishes the writes under way
    /// and stops.
    pub(crate) stopping: AtomicBool,
    /// Set when the rebuild thread has stopped (or never ran).
    pub(crate) stopped: AtomicBool,
    /// The reloads of the last [`RECENT`], for a page that was loading
    /// while one was sent ([`Shared::missed_since`]).
    recent: Mutex<std::collections::VecDeque<(Instant, Vec<String>)>>,
    /// The pages served lately (files of the build folder, newest last),
    /// and a count bumped when one is added: the rebuild thread renders
    /// queued pages that open browsers show first.
    viewed: Mutex<(u64, std::collections::VecDeque<String>)>,
}

/// How many pages served lately are rendered first.
const VIEWED_MAX: usize = 16;

/// How long reloads are kept for pages that connect after them: a page
/// connects as soon as it has loaded.
const RECENT: std::time::Duration = std::time::Duration::from_secs(30);

/// Most reloads kept; past it, they are kept as one that reloads every page.
const RECENT_MAX: usize = 128;

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
            stopping: AtomicBool::new(false),
            stopped: AtomicBool::new(false),
            search: Mutex::new(None),
            hosts: hosts::Hosts::for_bind(bind),
            searches: http::Searches::per_core(),
            base_path: RwLock::new(None),
            lang_folders: RwLock::new(Vec::new()),
            recent: Mutex::new(Default::default()),
            viewed: Mutex::new(Default::default()),
        }
    }

    /// Notes that the page file `rel` (`/`-separated, in the build
    /// folder) was served.
    pub(crate) fn note_viewed(&self, rel: String) {
        let mut v = self.viewed.lock().unwrap_or_else(|e| e.into_inner());
        if v.1.back() == Some(&rel) {
            return;
        }
        v.1.retain(|p| *p != rel);
        v.1.push_back(rel);
        if v.1.len() > VIEWED_MAX {
            v.1.pop_front();
        }
        v.0 += 1;
    }

    /// The pages served lately, and a count that changes when they do.
    pub(crate) fn viewed(&self) -> (u64, std::collections::BTreeSet<String>) {
        let v = self.viewed.lock().unwrap_or_else(|e| e.into_inner());
        (v.0, v.1.iter().cloned().collect())
    }

    /// The reload a page that started loading `age` ago missed while it
    /// loaded and connected (a save written after its request, told before
    /// it listened): the files of every reload since then, or every page.
    pub fn missed_since(&self, age: std::time::Duration) -> Option<Message> {
        let since = Instant::now().checked_sub(age)?;
        let recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
        let mut files: Vec<String> = Vec::new();
        let mut any = false;
        for (_, paths) in recent.iter().filter(|(at, _)| *at >= since) {
            any = true;
            if paths.is_empty() {
                return Some(Message::Reload(Vec::new()));
            }
            files.extend(paths.iter().cloned());
        }
        files.sort();
        files.dedup();
        any.then_some(Message::Reload(files))
    }

    /// Takes the base path and the language folders from `book` (at
    /// start, and after a rebuild, which may follow a change of
    /// `base-url` or `languages`).
    pub fn set_book(&self, book: &crate::config::Book) {
        let base = Some(book.base_path()).filter(|p| p != "/");
        *self.base_path.write().unwrap_or_else(|e| e.into_inner()) = base;
        let folders = book
            .languages()
            .into_iter()
            .filter(|l| !l.eq_ignore_ascii_case(&book.language))
            .map(str::to_owned)
            .collect();
        *self.lang_folders.write().unwrap_or_else(|e| e.into_inner()) = folders;
    }

    /// The base URL's path when it is not `/` (see the field).
    pub fn base_path(&self) -> Option<String> {
        self.base_path.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The language folder a request path (from the site root, decoded or
    /// not) lies under, if any.
    pub fn lang_folder_of(&self, path: &str) -> Option<String> {
        let first = path.trim_start_matches('/').split('/').next()?;
        let folders = self.lang_folders.read().unwrap_or_else(|e| e.into_inner());
        folders.iter().find(|f| f.as_str() == first).cloned()
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
        let engine = match search::Engine::open(&self.index_dir) {
            Ok(e) => Arc::new(e),
            // Opened while serve's own update is between its commits (files
            // of the old segments going): the engine opened before still
            // answers (its files stay readable while open), and the next
            // request opens the index again.
            Err(e) => match &*cached {
                Some((_, old)) if !matches!(e, search::Error::NoIndex(_)) => return Ok(old.clone()),
                _ => return Err(e),
            },
        };
        *cached = Some((generation, engine.clone()));
        Ok(engine)
    }

    fn set_errors(&self, json: Option<String>) {
        let mut errors = self.errors.write().unwrap_or_else(|e| e.into_inner());
        *errors = json;
    }

    fn send(&self, m: Message) {
        if let Message::Reload(paths) = &m {
            let now = Instant::now();
            let mut recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
            while recent.front().is_some_and(|(at, _)| now.duration_since(*at) > RECENT) {
                recent.pop_front();
            }
            recent.push_back((now, paths.clone()));
            if recent.len() > RECENT_MAX {
                recent.clear();
                recent.push_back((now, Vec::new()));
            }
        }
        // No open page is not an error.
        let _ = self.events.send(m);
    }
}

/// Runs `serve` until the process is stopped.
pub fn run(root: &Path, opts: &Options) -> u8 {
    let start = Instant::now();
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
    if !hosts::is_loopback_name(&opts.host) {
        eprintln!(
            "warning: listening on `{}`: the preview is reachable from the network, \
             by anyone who can reach this machine (drafts and errors included); \
             leave out --host to serve on 127.0.0.1 only",
            opts.host
        );
    }
    // The port first: a busy port or a bad --host is found in milliseconds,
    // before a build that would swap the folders under a server already
    // running on this project.
    let listener =
        match runtime.block_on(tokio::net::TcpListener::bind((opts.host.as_str(), opts.port))) {
            Ok(l) => l,
            Err(e) => {
                eprintln!(
                    "error: cannot listen on {}:{}: {e}\n\
                     help: pick another port with --port (0 picks a free one), or stop the \
                     program using this one; --host takes an address or name of this machine",
                    opts.host, opts.port
                );
                return USAGE;
            }
        };
    // Not a project (or book.toml unreadable): fail like `build`, before
    // anything is watched or written; with no build folder known there is
    // nothing to serve.
    let project = match crate::config::Project::load(root) {
        Ok(p) => p,
        Err(ds) => {
            let mut diags = crate::core::diag::Diagnostics::new();
            diags.extend(ds);
            crate::core::diag::report(&diags, crate::core::diag::Format::Human);
            eprintln!(
                "serve failed: {} error(s); nothing was served or written",
                diags.error_count()
            );
            return CONTENT_ERROR;
        }
    };
    // One preview per project: two would rewrite the same build folder and
    // fight over the search index's lock. Held until the process ends.
    let _lock = match lock::lock_project(&project.root) {
        Ok(lock) => lock,
        Err(why) => {
            eprintln!(
                "error: {why}\n\
                 help: use the preview already running (its address is in its terminal), or \
                 stop it first"
            );
            return USAGE;
        }
    };
    // The theme's warnings, as `build` says them (a themes/ folder that
    // pages do not use, strings no template reads).
    let theme_warnings = crate::render::theme_strings::warnings(&project);
    if !theme_warnings.is_empty() {
        let mut diags = crate::core::diag::Diagnostics::new();
        diags.extend(theme_warnings);
        crate::core::diag::report(&diags, crate::core::diag::Format::Human);
    }
    // Files put in the build folder since the last build would be deleted
    // by the first rebuild, as by `build`: refused the same way.
    let foreign = crate::fingerprint::foreign_files(&project);
    if let Some(d) = crate::fingerprint::foreign_error(&project, &foreign) {
        let mut diags = crate::core::diag::Diagnostics::new();
        diags.push(d.with_help(
            "to publish a file with the site, put it in `static/`; otherwise delete it, or run \
             `build --force` once to replace the folder",
        ));
        crate::core::diag::report(&diags, crate::core::diag::Format::Human);
        eprintln!("serve failed: nothing was served or written");
        return CONTENT_ERROR;
    }
    // The address now, not after a first build that takes minutes on a
    // large site: the port is bound, and a browser opened at it waits in
    // the listen queue until the build is done.
    let root_url = match listener.local_addr() {
        Ok(addr) => format!("http://{addr}/"),
        Err(e) => {
            eprintln!("error: cannot read the server address: {e}");
            return CONTENT_ERROR;
        }
    };
    let base = Some(project.config.book.base_path()).filter(|p| p != "/");
    eprintln!("{}", rebuild::first_build_notice(&rebuild::site_url(&root_url, base.as_deref())));
    let watched = Watched::start(root);
    // A build folder `build` left up to date (same inputs, same program,
    // the same drafts setting, its output intact) is taken over as it is.
    let as_served = crate::config::Project { drafts: opts.drafts, ..project.clone() };
    let up_to_date =
        crate::fingerprint::check(&as_served, &crate::fingerprint::inputs(&as_served)).ok();
    // serve rewrites the build folder page by page: the next `build` must
    // not take it for the output of the last one. The engine leaves a
    // manifest of its own once it has written the folder, so that the
    // next `build` still refuses a file someone put there.
    crate::fingerprint::invalidate(&project);
    let (engine, outcome, reused) = match &up_to_date {
        Some(m) => Engine::start_reusing(root, opts.drafts, &m.files),
        None => {
            let (engine, outcome) = Engine::start_with(root, opts.drafts);
            (engine, outcome, false)
        }
    };
    if let Some(note) = engine.history_note() {
        eprintln!("note: {note}");
    }
    // The first build wrote the tantivy index for this site (or `build`
    // did, when its folder was taken over): later changes update it in
    // place against it.
    let initial_site = engine.site().map(|s| Arc::new(s.clone()));
    let mut shown = Vec::new();
    if reused {
        rebuild::report_diagnostics(&outcome, &mut shown);
        eprintln!(
            "{} is up to date with the last build: {} records, nothing rendered ({:.1?})",
            crate::core::diag::rel_path(&project.root, &project.build_dir),
            engine.site().map_or(0, |s| s.records.len()),
            start.elapsed()
        );
    } else {
        report(&outcome, start, &mut shown, rebuild::Served::of(&engine));
    }
    let build_dir = match canonical_build_dir(&engine.build_dir()) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return CONTENT_ERROR;
        }
    };
    let shared = Shared::new(build_dir, project.index_dir.clone(), &opts.host);
    shared.set_book(&project.config.book);
    let shared = Arc::new(shared);
    shared.set_errors(errors_json(&outcome.diagnostics));

    let code = runtime.block_on(async move {
        // Tests and scripts read this line to find the port, and to know
        // the first build is done.
        println!("serving {root_url}");
        // Under a base URL's path the pages are there (`/` answers too).
        let base = shared.base_path();
        let url = rebuild::site_url(&root_url, base.as_deref());
        if base.is_some() {
            println!("the site is at {url} (its base-url's path)");
        }
        let _ = std::io::stdout().flush();
        if opts.open
            && let Err(e) = opener::open_browser(&url)
        {
            eprintln!("warning: cannot open a browser: {e}");
        }
        let rebuild_shared = shared.clone();
        let (done, browser_rx) = std::sync::mpsc::channel();
        let indexer = Arc::new(Indexer {
            latest: handoff::Handoff::new(),
            indexed: Mutex::new(initial_site),
            installed: Mutex::new(None),
            whole: AtomicBool::new(false),
            done: Mutex::new(done),
        });
        let (index_shared, index_worker) = (shared.clone(), indexer.clone());
        std::thread::spawn(move || index_worker.run(&index_shared));
        let (made, made_rx) = std::sync::mpsc::channel();
        let datasets = Arc::new(datasets::Datasets::new(made));
        let datasets_worker = datasets.clone();
        std::thread::spawn(move || datasets_worker.run());
        let workers = rebuild::Workers { indexer, browser_rx, datasets, made_rx };
        std::thread::spawn(move || {
            // Said even if the loop panics: Ctrl-C must not wait for it.
            struct Stopped<'a>(&'a Shared);
            impl Drop for Stopped<'_> {
                fn drop(&mut self) {
                    self.0.stopped.store(true, Ordering::SeqCst);
                }
            }
            let _stopped = Stopped(&rebuild_shared);
            rebuild_loop(watched, engine, &rebuild_shared, &workers, shown);
        });
        let stopper = shared.clone();
        tokio::select! {
            served = conn::serve(listener, http::router(shared)) => match served {
                Ok(()) => OK,
                Err(e) => {
                    eprintln!("error: the server stopped: {e}");
                    CONTENT_ERROR
                }
            },
            () = stop_requested() => finish_writes(&stopper).await,
        }
    });
    // The writes are finished; a blocking task still waiting (the open
    // pages' event streams, a search) need not hold the process up.
    runtime.shutdown_timeout(std::time::Duration::from_millis(200));
    code
}

/// Ctrl-C, or (on Unix) SIGTERM.
async fn stop_requested() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    // Without a handler the default (stop at once) stays.
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// Lets the rebuild under way finish its writes before the process ends:
/// stopped halfway, a save's pages were left part old, part new, with
/// nothing to say so. A second Ctrl-C stops at once.
async fn finish_writes(shared: &Shared) -> u8 {
    shared.stopping.store(true, Ordering::SeqCst);
    let mut said = false;
    let start = std::time::Instant::now();
    let mut second = std::pin::pin!(tokio::signal::ctrl_c());
    while !shared.stopped.load(Ordering::SeqCst) {
        // Said only when there are writes to wait for: an idle rebuild
        // thread notices within a few polls.
        if !said && start.elapsed() > std::time::Duration::from_millis(300) {
            eprintln!("stopping: finishing the writes under way (Ctrl-C again to stop at once)");
            said = true;
        }
        tokio::select! {
            () = tokio::time::sleep(std::time::Duration::from_millis(50)) => {}
            _ = &mut second => {
                eprintln!("stopped during a rebuild: run `compendium build` to make the build folder whole");
                return CONTENT_ERROR;
            }
        }
    }
    OK
}

/// The build folder, canonical (confinement compares against it). When it
/// does not exist yet (the first build failed), its nearest existing
/// ancestor is resolved instead and the rest joined on, so that nothing is
/// created before a build succeeds.
fn canonical_build_dir(dir: &Path) -> Result<PathBuf, String> {
    let mut existing = dir;
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut out = existing
        .canonicalize()
        .map_err(|e| format!("cannot resolve `{}`: {e}", existing.display()))?;
    out.extend(rest.iter().rev());
    Ok(out)
}
