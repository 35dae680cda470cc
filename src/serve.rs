//! `compendium serve`: build, serve the build folder on the loopback address,
//! watch the sources and rebuild what changed, reload open pages.
//!
//! Three parts, each in its own module: [`http`] (axum on tokio: static
//! files with strict path confinement, the live-reload event stream,
//! `/api/search`), [`watch`] (notify, debounced) and the
//! [`incremental`](crate::incremental) engine, driven from one rebuild
//! thread so that rebuilds never overlap. A failed rebuild never stops the
//! server: the last good files stay on disk and the errors go to open pages.

pub mod http;
pub mod watch;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Instant;

use axum::http::StatusCode;
use tokio::sync::broadcast;

use crate::cmd::{CONTENT_ERROR, OK, USAGE};
use crate::config::Project;
use crate::diag::{Diagnostic, Format, Severity};
use crate::incremental::{self, ChangeKind, Engine, Outcome, Reload, Route};

/// Past this many changed files, pages are told to reload whatever they show
/// rather than sent the list.
const RELOAD_ALL_ABOVE: usize = 200;

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
}

impl Shared {
    /// What a page that just connected should be told.
    pub fn status_message(&self) -> Message {
        let errors = self.errors.read().unwrap_or_else(|e| e.into_inner());
        match &*errors {
            Some(json) => Message::Errors(json.clone()),
            None => Message::Ok,
        }
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

/// Answers `/api/search` like `search --json`; `Err` holds the status and a
/// message.
pub(crate) fn search(
    shared: &Shared,
    params: &[(String, String)],
) -> Result<String, (StatusCode, String)> {
    let _ = (shared, params);
    Err((StatusCode::SERVICE_UNAVAILABLE, "this build has no search index".to_owned()))
}

/// Runs `serve` until the process is stopped.
pub fn run(root: &Path, opts: &Options) -> u8 {
    let start = Instant::now();
    let (engine, outcome) = Engine::start(root);
    report(&outcome, start);
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
    let project = Project::load(root).ok();
    let index_dir = project.as_ref().map_or_else(|| root.join("index"), |p| p.index_dir.clone());
    let (events, _) = broadcast::channel(64);
    let shared = Arc::new(Shared { build_dir, index_dir, events, errors: RwLock::new(None) });
    shared.set_errors(errors_json(&outcome.diagnostics));

    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the server runtime: {e}");
            return CONTENT_ERROR;
        }
    };
    runtime.block_on(async move {
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
        let root = root.to_path_buf();
        std::thread::spawn(move || rebuild_loop(&root, engine, &rebuild_shared));
        match axum::serve(listener, http::router(shared)).await {
            Ok(()) => OK,
            Err(e) => {
                eprintln!("error: the server stopped: {e}");
                CONTENT_ERROR
            }
        }
    })
}

/// Waits for changes and rebuilds, forever (or until the watcher dies).
fn rebuild_loop(root: &Path, mut engine: Engine, shared: &Shared) {
    let project = Project::load(root).ok();
    let (content_dir, themes_dir) = match &project {
        Some(p) => (p.content_dir.clone(), p.root.join("themes")),
        None => (root.join("content"), root.join("themes")),
    };
    // Paths are compared with what the watcher reports, which is absolute.
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (root, content_dir, themes_dir) = (abs(root), abs(&content_dir), abs(&themes_dir));
    let watch = match watch::start(&root, &content_dir, &themes_dir) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot watch for changes ({e:#}); serving without live rebuilds");
            return;
        }
    };
    let mut had_errors = !outcome_ok(&engine.diagnostics());
    while let Some(paths) = watch.next_batch() {
        let start = Instant::now();
        let mut changes: Vec<ChangeKind> = paths
            .iter()
            .filter_map(|p| incremental::classify(&root, &content_dir, &themes_dir, p))
            .collect();
        changes.sort();
        changes.dedup();
        if changes.is_empty() {
            continue;
        }
        let outcome = engine.apply_with(&changes, &mut |changed| {
            // Something was written, so the content is good: say so, and
            // reload the pages that changed as soon as they are on disk.
            shared.set_errors(None);
            if had_errors {
                shared.send(Message::Ok);
                had_errors = false;
            }
            if !changed.is_empty() {
                let all = changed.len() > RELOAD_ALL_ABOVE;
                shared.send(Message::Reload(if all { Vec::new() } else { changed.to_vec() }));
            }
        });
        report(&outcome, start);
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

fn report(outcome: &Outcome, start: Instant) {
    let mut diags = crate::diag::Diagnostics::new();
    diags.extend(outcome.diagnostics.iter().cloned());
    crate::cmd::report(&diags, Format::Human);
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
