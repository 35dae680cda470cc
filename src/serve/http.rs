//! The HTTP side of `serve`: static files from the build folder (and
//! nothing outside it), the live-reload event stream and client script, and
//! `/api/search`. Connections are served by [`super::conn`], which bounds
//! what a client can hold.
//!
//! Request paths are resolved here, not by a generic static-file service,
//! because confinement is the contract: decode once, refuse `..`, `.`,
//! dotfiles, backslashes, NUL and drive prefixes, then canonicalize and
//! require the result to stay under the canonical build folder (which also
//! refuses symlinks pointing out of it) before anything else, redirects
//! included. Handlers never panic on request input.
//!
//! Every request first passes the `Host` check (DNS rebinding: a page on
//! another site must not read the preview through a name it controls), and
//! every response carries `X-Content-Type-Options: nosniff`. Searches are CPU
//! work: at most one per core runs, a bounded number wait, and beyond that
//! the answer is 503 with `Retry-After`.

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{RawQuery, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, Uri, Version, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::{self, Stream, StreamExt as _};
use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};
use tokio::sync::Semaphore;
use tokio::sync::broadcast::error::RecvError;

use super::{Message, Shared};

/// The path of the event stream that open pages listen to.
pub const EVENTS_PATH: &str = "/__compendium/events";
/// The path of the search API (answered under `base-url`'s path too).
pub const SEARCH_PATH: &str = "/api/search";
/// The path of the live-reload client script.
pub const CLIENT_PATH: &str = "/__compendium/reload.js";
/// The tag added before `</body>` of every HTML page `serve` answers with.
pub const CLIENT_TAG: &str = "<script src=\"/__compendium/reload.js\"></script>";
/// The same for the 404 page, which has no file of its own to wait for: it
/// reloads on any change (the page may exist now).
pub const CLIENT_TAG_ANY: &str =
    "<script src=\"/__compendium/reload.js\" data-reload=\"any\"></script>";

/// The live-reload client: reloads the page, swaps stylesheets, shows and
/// hides the error overlay.
const CLIENT_JS: &str = include_str!("client.js");

/// Searches waiting for a core beyond this are answered 503 at once.
pub const MAX_QUEUED_SEARCHES: usize = 256;
/// A search that waited this long for a core is answered 503.
pub const SEARCH_QUEUE_WAIT: Duration = Duration::from_secs(30);

/// Bounds the searches: each is CPU work on tokio's blocking pool, which
/// would otherwise start a thread per waiting search (up to 512), each with
/// its own allocator heap and search buffers.
pub struct Searches {
    running: Arc<Semaphore>,
    /// Searches admitted (waiting or running).
    admitted: AtomicUsize,
    max_admitted: usize,
}

impl Searches {
    /// `cores` searches at once, and [`MAX_QUEUED_SEARCHES`] waiting.
    pub fn new(cores: usize) -> Searches {
        let cores = cores.max(1);
        Searches {
            running: Arc::new(Semaphore::new(cores)),
            admitted: AtomicUsize::new(0),
            max_admitted: cores + MAX_QUEUED_SEARCHES,
        }
    }

    /// One search per available core.
    pub fn per_core() -> Searches {
        Searches::new(std::thread::available_parallelism().map_or(2, usize::from))
    }

    /// A place in the queue, or `None` when it is full.
    fn admit(&self) -> Option<Admitted<'_>> {
        let mut n = self.admitted.load(Ordering::SeqCst);
        loop {
            if n >= self.max_admitted {
                return None;
            }
            match self.admitted.compare_exchange(n, n + 1, Ordering::SeqCst, Ordering::SeqCst) {
                Ok(_) => return Some(Admitted(&self.admitted)),
                Err(now) => n = now,
            }
        }
    }
}

/// A search admitted; leaving the queue (answered, or the client gone)
/// frees the place.
struct Admitted<'a>(&'a AtomicUsize);

impl Drop for Admitted<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The routes of the preview server, behind the `Host` check, every answer
/// with `nosniff`.
pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .route(super::live::LIVE_PATH, get(super::live::live))
        .route(CLIENT_PATH, get(client))
        .route(SEARCH_PATH, get(search).fallback(search_method))
        .fallback(static_file)
        .layer(middleware::from_fn_with_state(shared.clone(), check_host))
        .layer(middleware::map_response(nosniff))
        .with_state(shared)
}

async fn nosniff(mut r: Response) -> Response {
    set(&mut r, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    r
}

/// Answers only requests addressed to an allowed host (see [`Hosts`](super::hosts::Hosts)). An
/// absolute request URI's authority stands for the `Host` header (RFC 9112
/// 3.2.2); an HTTP/1.1 request without either, or with two `Host` headers,
/// is malformed (400).
async fn check_host(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let mut values = req.headers().get_all(header::HOST).iter();
    let host = match (req.uri().authority(), values.next(), values.next()) {
        (Some(authority), _, _) => Ok(Some(authority.as_str().rsplit('@').next().unwrap_or(""))),
        (None, Some(v), None) => v.to_str().map(Some).map_err(|_| "the Host header is not text"),
        (None, None, _) => Ok(None),
        (None, Some(_), Some(_)) => Err("the request has two Host headers"),
    };
    let refused = |status: StatusCode, message: String| {
        let mut r = (status, message).into_response();
        set(&mut r, header::CONTENT_TYPE, "text/plain; charset=utf-8");
        r
    };
    match host {
        Ok(Some(h)) if shared.hosts.allows(h) => next.run(req).await,
        Ok(Some(_)) => refused(
            StatusCode::FORBIDDEN,
            "403 Forbidden: this preview answers only to localhost, 127.0.0.1 and [::1] \
             (and the --host it was started with), against DNS rebinding. To reach it under \
             another name, start it with `compendium serve --host NAME`.\n"
                .to_owned(),
        ),
        // HTTP/1.0 had no Host header: no browser sends such a request.
        Ok(None) if req.version() <= Version::HTTP_10 => next.run(req).await,
        Ok(None) => {
            refused(StatusCode::BAD_REQUEST, "400 Bad Request: no Host header\n".to_owned())
        }
        Err(m) => refused(StatusCode::BAD_REQUEST, format!("400 Bad Request: {m}\n")),
    }
}

async fn client() -> Response {
    let mut r = CLIENT_JS.into_response();
    set(&mut r, header::CONTENT_TYPE, "text/javascript; charset=utf-8");
    set(&mut r, header::CACHE_CONTROL, "no-cache");
    r
}

async fn events(
    State(shared): State<Arc<Shared>>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let rx = shared.events.subscribe();
    // A page that connects (or reconnects after a restart) learns the
    // current state at once: the overlay survives reloads; and the reloads
    // it missed while it loaded.
    let first = shared.status_message();
    let missed = super::live::age(query.as_deref()).and_then(|a| shared.missed_since(a));
    let rest = stream::unfold(rx, |mut rx| async move {
        let m = match rx.recv().await {
            Ok(m) => m,
            // Missed messages: reloading is always correct.
            Err(RecvError::Lagged(_)) => Message::Reload(Vec::new()),
            Err(RecvError::Closed) => return None,
        };
        Some((Ok(to_event(&m)), rx))
    });
    let stream = stream::once(async move { Ok(to_event(&first)) })
        .chain(stream::iter(missed.map(|m| Ok(to_event(&m)))))
        .chain(rest);
    Sse::new(stream).keep_alive(KeepAlive::default())
}

fn to_event(m: &Message) -> Event {
    let (name, data) = super::live::event(m);
    Event::default().event(name).data(data)
}

async fn search(State(shared): State<Arc<Shared>>, RawQuery(query): RawQuery) -> Response {
    let params = match query.as_deref().map(form_urlencoded_pairs).transpose() {
        Ok(params) => params.unwrap_or_default(),
        Err(name) => {
            let message = format!("`{name}` is not UTF-8 text once decoded");
            return api_error(StatusCode::BAD_REQUEST, &message);
        }
    };
    let (status, body) = match bounded_search(&shared, params).await {
        Ok(Ok(json)) => (StatusCode::OK, json),
        Ok(Err((status, message))) => (status, serde_json::json!({ "error": message }).to_string()),
        Err(busy) => {
            let mut r = (StatusCode::SERVICE_UNAVAILABLE, busy).into_response();
            set(&mut r, header::RETRY_AFTER, "1");
            set(&mut r, header::CONTENT_TYPE, "application/json; charset=utf-8");
            set(&mut r, header::CACHE_CONTROL, "no-store");
            return r;
        }
    };
    let mut r = (status, body).into_response();
    set(&mut r, header::CONTENT_TYPE, "application/json; charset=utf-8");
    set(&mut r, header::CACHE_CONTROL, "no-cache");
    r
}

/// Runs a search on the blocking pool once a core is free; `Err` (the
/// body of a 503) when too many wait or the wait is too long.
async fn bounded_search(
    shared: &Arc<Shared>,
    params: Vec<(String, String)>,
) -> Result<Result<String, (StatusCode, String)>, String> {
    const BUSY: &str = "{\"error\":\"too many searches at once: try again in a moment\"}";
    let Some(_place) = shared.searches.admit() else { return Err(BUSY.to_owned()) };
    let core =
        tokio::time::timeout(SEARCH_QUEUE_WAIT, shared.searches.running.clone().acquire_owned());
    let Ok(Ok(core)) = core.await else { return Err(BUSY.to_owned()) };
    let shared = shared.clone();
    // The core is held until the search ends, even when the client has gone.
    let result = tokio::task::spawn_blocking(move || {
        let _core = core;
        super::api::search(&shared, &params)
    })
    .await;
    Ok(result
        .unwrap_or_else(|_| Err((StatusCode::INTERNAL_SERVER_ERROR, "search failed".to_owned()))))
}

/// Splits `a=1&b=x+y` into decoded pairs (`+` is a space in query
/// strings); `Err` names a parameter that is not UTF-8 once decoded (its
/// bytes would have been searched as U+FFFD).
fn form_urlencoded_pairs(q: &str) -> Result<Vec<(String, String)>, String> {
    let dec = |s: &str| {
        percent_decode_str(&s.replace('+', " ")).decode_utf8().map(std::borrow::Cow::into_owned)
    };
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            let key = dec(k).map_err(|_| String::from_utf8_lossy(k.as_bytes()).into_owned())?;
            let value = dec(v).map_err(|_| key.clone())?;
            Ok((key, value))
        })
        .collect()
}

/// A JSON error answer of the API: `{"error": …}`, as its other errors.
fn api_error(status: StatusCode, message: &str) -> Response {
    let body = serde_json::json!({ "error": message }).to_string();
    let mut r = (status, body).into_response();
    set(&mut r, header::CONTENT_TYPE, "application/json; charset=utf-8");
    set(&mut r, header::CACHE_CONTROL, "no-store");
    r
}

/// Another method than GET or HEAD at `/api/search`.
async fn search_method() -> Response {
    let mut r = api_error(
        StatusCode::METHOD_NOT_ALLOWED,
        "the search API answers GET: /api/search?q=WORDS",
    );
    set(&mut r, header::ALLOW, "GET, HEAD");
    r
}

async fn static_file(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut r = (StatusCode::METHOD_NOT_ALLOWED, "405 Method Not Allowed\n").into_response();
        set(&mut r, header::ALLOW, "GET, HEAD");
        return r;
    }
    let head = method == Method::HEAD;
    let root = shared.build_dir.clone();
    let path = uri.path().to_owned();
    let base = shared.base_path();
    // `/api/search` answers under the base path too, as the pages do: the
    // route cannot say so, since the base path follows `book.toml`.
    if base.as_deref().and_then(|b| path.strip_prefix(b))
        == Some(SEARCH_PATH.trim_start_matches('/'))
    {
        return search(State(shared), RawQuery(uri.query().map(str::to_owned))).await;
    }
    // The same base path for the 404 page and the reload script.
    let asked_base = base.clone();
    let resolved = tokio::task::spawn_blocking(move || match resolve(&root, &path) {
        // The site also answers under base-url's path, where the 404 page
        // links to it (see `Shared::base_path`).
        Resolved::NotFound => match base.as_deref().and_then(|b| path.strip_prefix(b)) {
            // A folder's redirect stays under the base path it was asked by.
            Some(rest) => match resolve(&root, &format!("/{rest}")) {
                Resolved::Redirect(to) => {
                    Resolved::Redirect(format!("{}{}", base.as_deref().unwrap_or("/"), &to[1..]))
                }
                other => other,
            },
            // `/kb` for base path `/kb/`: the site's home, as a folder is.
            None if base
                .as_deref()
                .is_some_and(|b| b.len() > 1 && b.strip_suffix('/') == Some(&path)) =>
            {
                Resolved::Redirect(base.clone().unwrap_or_default())
            }
            None => Resolved::NotFound,
        },
        found => found,
    })
    .await
    .unwrap_or(Resolved::NotFound);
    // The path from the site root, for the 404 page of its language.
    let site_path = match asked_base.as_deref().and_then(|b| uri.path().strip_prefix(b)) {
        Some(rest) => rest,
        None => uri.path(),
    };
    let lang = shared.lang_folder_of(site_path);
    match resolved {
        Resolved::File(p) => match tokio::fs::read(&p).await {
            Ok(bytes) => {
                // A page being looked at is rendered first after a save.
                if !head
                    && p.extension().is_some_and(|e| e == "html")
                    && let Ok(rel) = p.strip_prefix(&shared.build_dir)
                {
                    shared.note_viewed(rel.to_string_lossy().replace('\\', "/"));
                }
                // A page asked for under the base path knows its file in
                // the build folder only without it.
                let under_base = asked_base.as_deref().filter(|b| uri.path().starts_with(b));
                let tag = match under_base {
                    Some(b) => client_tag_under(b),
                    None => CLIENT_TAG.to_owned(),
                };
                file_response(StatusCode::OK, &p, bytes, head, &tag)
            }
            Err(_) => not_found(&shared, lang.as_deref(), head).await,
        },
        Resolved::Redirect(location) => {
            let mut r = StatusCode::MOVED_PERMANENTLY.into_response();
            if let Ok(v) = HeaderValue::from_str(&with_query(&location, uri.query())) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            r
        }
        // A script's typo (`/api/search/`, `/api/find`) gets JSON, not the
        // site's 404 page, unless the site has pages there.
        Resolved::NotFound if site_path.starts_with("/api/") => api_error(
            StatusCode::NOT_FOUND,
            &format!("no API at `{site_path}`: the search API is /api/search?q=WORDS"),
        ),
        Resolved::NotFound => not_found(&shared, lang.as_deref(), head).await,
    }
}

/// [`CLIENT_TAG`] for a page served under the base path `base` (`/kb/`),
/// which the script takes off the page's address to name its file.
fn client_tag_under(base: &str) -> String {
    let base = crate::core::escape::html(base);
    format!("<script src=\"{CLIENT_PATH}\" data-base=\"{base}\"></script>")
}

/// The 404 page of `lang`'s folder (a site language other than the
/// default, see [`Shared::lang_folder_of`]) when it has one, else the
/// root's.
async fn not_found(shared: &Shared, lang: Option<&str>, head: bool) -> Response {
    let root = shared.build_dir.clone();
    let lang = lang.map(|l| format!("/{l}/404.html"));
    let page = tokio::task::spawn_blocking(move || {
        let own = lang.and_then(|p| match resolve(&root, &p) {
            Resolved::File(f) => Some(f),
            _ => None,
        });
        own.unwrap_or_else(|| root.join("404.html"))
    })
    .await
    .unwrap_or_else(|_| shared.build_dir.join("404.html"));
    match tokio::fs::read(&page).await {
        Ok(bytes) => file_response(StatusCode::NOT_FOUND, &page, bytes, head, CLIENT_TAG_ANY),
        Err(_) => {
            let body = "<!doctype html><html lang=\"en\"><title>Not found</title><body><h1>Not found</h1><p>No page at this address.</p></body></html>";
            let page = Path::new("404.html");
            file_response(StatusCode::NOT_FOUND, page, body.into(), head, CLIENT_TAG_ANY)
        }
    }
}

fn file_response(
    status: StatusCode,
    path: &Path,
    bytes: Vec<u8>,
    head: bool,
    tag: &str,
) -> Response {
    let ct = content_type(path);
    let bytes = if ct.starts_with("text/html") { inject(bytes, tag) } else { bytes };
    let len = bytes.len();
    let body = if head { Body::empty() } else { Body::from(bytes) };
    let mut r = (status, body).into_response();
    set(&mut r, header::CONTENT_TYPE, ct);
    if let Ok(v) = HeaderValue::from_str(&len.to_string()) {
        r.headers_mut().insert(header::CONTENT_LENGTH, v);
    }
    // Previews change all the time: browsers must revalidate every load.
    set(&mut r, header::CACHE_CONTROL, "no-cache");
    r
}

fn set(r: &mut Response, name: header::HeaderName, value: &'static str) {
    r.headers_mut().insert(name, HeaderValue::from_static(value));
}

/// The Content-Type for a file, with `charset=utf-8` for text.
pub fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json; charset=utf-8",
        Some("xml") => "application/xml; charset=utf-8",
        Some("csv") => "text/csv; charset=utf-8",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("wasm") => "application/wasm",
        _ => mime_guess::from_path(path).first_raw().unwrap_or("application/octet-stream"),
    }
}

/// Adds the live-reload client before the last `</body>` (any case), or at
/// the end when the page has none (minifiers may drop it).
pub fn inject(mut html: Vec<u8>, tag: &str) -> Vec<u8> {
    let needle = b"</body";
    let at = html.windows(needle.len()).rposition(|w| w.eq_ignore_ascii_case(needle));
    match at {
        Some(i) => {
            html.splice(i..i, tag.bytes());
        }
        None => html.extend_from_slice(tag.as_bytes()),
    }
    html
}

/// Where a request path leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// A file under the build folder (canonical path).
    File(PathBuf),
    /// A folder asked for without its trailing slash: redirect there so
    /// that the page's relative links resolve.
    Redirect(String),
    /// Nothing to serve: the 404 page.
    NotFound,
}

/// Characters to escape in a path segment of a redirect.
const SEGMENT: &AsciiSet =
    &CONTROLS.add(b' ').add(b'"').add(b'#').add(b'%').add(b'<').add(b'>').add(b'?').add(b'`');

/// Maps a request path (still percent-encoded) to a file under `root`, which
/// must be canonical. Decodes once, refuses any `.`/`..` segment, dotfile
/// (the build folder's marker), backslash, NUL or `:` (drive prefixes),
/// and canonicalizes the result, which must stay under `root` (symlinks
/// out of the build folder are refused) before anything else is decided,
/// so that not even a redirect tells what lies outside. Folders map to
/// `index.html`; a file asked for as a folder (`style.css/`) is not found,
/// as static hosts answer.
pub fn resolve(root: &Path, raw: &str) -> Resolved {
    // An encoded slash (`/regulations%2fbra-lgpd/`) is no separator to a
    // static host: served as one, the page's relative links would break.
    let lower = raw.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") {
        return Resolved::NotFound;
    }
    let Ok(decoded) = percent_decode_str(raw).decode_utf8() else { return Resolved::NotFound };
    if !decoded.starts_with('/') || decoded.contains(['\\', '\0', ':']) {
        return Resolved::NotFound;
    }
    let mut segments = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" => {}
            s if is_hidden(s) => return Resolved::NotFound,
            s => segments.push(s),
        }
    }
    let mut candidate = root.to_path_buf();
    candidate.extend(&segments);
    let Some(found) = confined(root, &candidate) else { return Resolved::NotFound };
    let slash = decoded.ends_with('/');
    if found.is_dir() {
        let index = confined(root, &found.join("index.html")).filter(|i| i.is_file());
        // A folder without a page (`/assets`) is no page: no redirect to a 404.
        if !slash && index.is_some() {
            // Built from the checked segments, never from the raw path, so
            // that `//evil.example` cannot become an off-site redirect.
            let mut to = String::from("/");
            for s in &segments {
                to.extend(utf8_percent_encode(s, SEGMENT));
                to.push('/');
            }
            return Resolved::Redirect(to);
        }
        return match index {
            Some(index) if slash => Resolved::File(index),
            _ => Resolved::NotFound,
        };
    }
    if found.is_file() && !slash { Resolved::File(found) } else { Resolved::NotFound }
}

/// `path` canonicalized, when it exists, stays under `root` and names no
/// dotfile there (a symlink to the marker).
fn confined(root: &Path, path: &Path) -> Option<PathBuf> {
    let c = path.canonicalize().ok()?;
    let rel = c.strip_prefix(root).ok()?;
    let hidden = rel.components().any(|part| is_hidden(&part.as_os_str().to_string_lossy()));
    (!hidden).then_some(c)
}

/// A name `serve` does not serve: a dotfile (the build folder's marker),
/// except `.well-known`, which `static/` publishes for hosts (RFC 8615:
/// `security.txt`) and a preview should show as they do.
fn is_hidden(name: &str) -> bool {
    name.starts_with('.') && name != ".well-known"
}

/// A redirect's target with the request's query kept (`/search?q=x` →
/// `/search/?q=x`). `location` is a path from [`resolve`] (one `/`, then a
/// non-empty segment), so the result stays a same-origin path.
pub fn with_query(location: &str, query: Option<&str>) -> String {
    match query {
        Some(q) if !q.is_empty() => format!("{location}?{q}"),
        _ => location.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::conn::exchange;

    fn site() -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(root.join("regulations/eu-gdpr")).unwrap();
        std::fs::write(root.join("index.html"), "home").unwrap();
        std::fs::write(root.join("regulations/eu-gdpr/index.html"), "gdpr").unwrap();
        std::fs::write(root.join("regulations/index.html"), "listing").unwrap();
        std::fs::create_dir_all(root.join("assets")).unwrap();
        std::fs::write(root.join("style.css"), "a{}").unwrap();
        std::fs::write(tmp.path().join("secret.txt"), "secret").unwrap();
        let root = root.canonicalize().unwrap();
        (tmp, root)
    }

    #[test]
    fn files_folders_and_redirects() {
        let (_t, root) = site();
        assert_eq!(resolve(&root, "/"), Resolved::File(root.join("index.html")));
        assert_eq!(resolve(&root, "/style.css"), Resolved::File(root.join("style.css")));
        assert_eq!(
            resolve(&root, "/regulations/eu-gdpr/"),
            Resolved::File(root.join("regulations/eu-gdpr/index.html"))
        );
        assert_eq!(
            resolve(&root, "/regulations/eu-gdpr"),
            Resolved::Redirect("/regulations/eu-gdpr/".into())
        );
        assert_eq!(resolve(&root, "//regulations"), Resolved::Redirect("/regulations/".into()));
        assert_eq!(resolve(&root, "/missing"), Resolved::NotFound);
        // A folder without a page is not found, not sent on to a 404.
        assert_eq!(resolve(&root, "/assets"), Resolved::NotFound);
        assert_eq!(resolve(&root, "/assets/"), Resolved::NotFound);
    }

    #[test]
    fn nothing_outside_the_build_folder() {
        let (tmp, root) = site();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(tmp.path().join("secret.txt"), root.join("link.txt"))
                .unwrap();
            std::os::unix::fs::symlink(tmp.path(), root.join("up")).unwrap();
        }
        let hostile = [
            "/../secret.txt",
            "/regulations/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/regulations/%2e%2e/%2e%2e/secret.txt",
            "/..%2fsecret.txt",
            "/%2e%2e%2fsecret.txt",
            "/..\\secret.txt",
            "/%5c..%5csecret.txt",
            "/link.txt",
            "/up/secret.txt",
            "/./index.html",
            "/index.html%00.css",
            "/C:/Windows/win.ini",
            "/c:%5cwindows",
            "/%ff%fe",
            "%2fetc%2fpasswd",
            "/%252e%252e/secret.txt",
            "/regulations%2feu-gdpr/",
            "/regulations%2Feu-gdpr/index.html",
            "",
            "*",
        ];
        for p in hostile {
            assert_eq!(resolve(&root, p), Resolved::NotFound, "{p}");
        }
        let abs = format!("/{}", tmp.path().join("secret.txt").display());
        assert_eq!(resolve(&root, &abs), Resolved::NotFound);
    }

    #[test]
    fn no_dotfiles_no_files_as_folders_no_redirects_out() {
        let (tmp, root) = site();
        std::fs::write(root.join(".compendium"), "marker").unwrap();
        std::fs::create_dir_all(root.join(".hidden")).unwrap();
        std::fs::write(root.join(".hidden/index.html"), "hidden").unwrap();
        for p in ["/.compendium", "/%2ecompendium", "/.hidden/", "/.hidden", "/style.css/"] {
            assert_eq!(resolve(&root, p), Resolved::NotFound, "{p}");
        }
        std::fs::create_dir_all(root.join(".well-known")).unwrap();
        std::fs::write(root.join(".well-known/security.txt"), "Contact: x").unwrap();
        let found = resolve(&root, "/.well-known/security.txt");
        assert!(matches!(found, Resolved::File(_)), "{found:?}");
        #[cfg(unix)]
        {
            // Folders outside, linked from inside: not even a redirect says
            // they exist.
            std::fs::create_dir_all(tmp.path().join("outside")).unwrap();
            std::fs::write(tmp.path().join("outside/index.html"), "out").unwrap();
            std::os::unix::fs::symlink(tmp.path().join("outside"), root.join("outdir")).unwrap();
            std::os::unix::fs::symlink(root.join(".compendium"), root.join("marker.txt")).unwrap();
            for p in ["/outdir", "/outdir/", "/outdir/index.html", "/marker.txt"] {
                assert_eq!(resolve(&root, p), Resolved::NotFound, "{p}");
            }
        }
    }

    #[test]
    fn redirects_keep_the_query_and_stay_on_the_site() {
        let (_t, shared) = shared();
        let location = |req: &str| {
            let reply = String::from_utf8_lossy(&exchange(&shared, req.as_bytes())).into_owned();
            assert!(reply.starts_with("HTTP/1.1 301"), "{req:?}\n{reply}");
            reply
                .lines()
                .find_map(|l| l.strip_prefix("location: "))
                .map(str::to_owned)
                .unwrap_or_else(|| panic!("no location: {reply}"))
        };
        let get = |path: &str| format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assert_eq!(location(&get("/regulations?q=data")), "/regulations/?q=data");
        assert_eq!(
            location(&get("/regulations?q=a%20b&x=%2F%2Fevil")),
            "/regulations/?q=a%20b&x=%2F%2Fevil"
        );
        assert_eq!(location(&get("//regulations?q=x")), "/regulations/?q=x");
        assert_eq!(location(&get("/regulations?")), "/regulations/");
        assert_eq!(location(&get("/regulations")), "/regulations/");
        assert_eq!(with_query("/a/", Some("//evil.example")), "/a/?//evil.example");
    }

    #[test]
    fn client_goes_before_the_last_body_end() {
        let out = inject(b"<html><body>x</BODY></html>".to_vec(), CLIENT_TAG);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!("<html><body>x{CLIENT_TAG}</BODY></html>")
        );
        let out = inject(b"<p>no body end".to_vec(), CLIENT_TAG);
        assert!(String::from_utf8(out).unwrap().ends_with(CLIENT_TAG));
    }

    #[test]
    fn searches_wait_in_a_bounded_queue() {
        let s = Searches::new(2);
        let places: Vec<_> = (0..2 + MAX_QUEUED_SEARCHES).map(|_| s.admit()).collect();
        assert!(places.iter().all(Option::is_some));
        assert!(s.admit().is_none(), "the queue is full");
        drop(places);
        assert!(s.admit().is_some(), "places are freed");
        assert_eq!(s.running.available_permits(), 2);
    }

    fn shared() -> (tempfile::TempDir, Arc<Shared>) {
        let (tmp, root) = site();
        std::fs::write(root.join("404.html"), "<html><body>missing</body></html>").unwrap();
        std::fs::write(root.join("data.json"), "{}").unwrap();
        let shared = Shared::new(root, tmp.path().join("no-index"), "127.0.0.1");
        (tmp, Arc::new(shared))
    }

    /// Hostile requests through the whole request handling (hyper's parser,
    /// the Host check, the routes), as the `serve_request` fuzz target sends
    /// them: each gets an answer or a closed connection, never a panic, and
    /// every answer of ours says nosniff.
    #[test]
    fn hostile_requests_are_answered() {
        let (_t, shared) = shared();
        let status = |reply: &[u8]| -> u16 {
            let text = String::from_utf8_lossy(reply);
            text.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
        };
        let ours = |req: &str, want: u16| {
            let reply = exchange(&shared, req.as_bytes());
            let text = String::from_utf8_lossy(&reply).to_ascii_lowercase();
            assert_eq!(status(&reply), want, "{req:?}\n{text}");
            assert!(text.contains("x-content-type-options: nosniff"), "{req:?}\n{text}");
            text
        };
        ours("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", 200);
        ours("GET /regulations/eu-gdpr HTTP/1.1\r\nHost: localhost\r\n\r\n", 301);
        ours("GET /../secret.txt HTTP/1.1\r\nHost: localhost\r\n\r\n", 404);
        ours("GET /%2e%2e/secret.txt HTTP/1.1\r\nHost: 127.0.0.1:1\r\n\r\n", 404);
        ours("GET / HTTP/1.1\r\nHost: evil.example\r\n\r\n", 403);
        ours("GET / HTTP/1.1\r\n\r\n", 400);
        ours("GET / HTTP/1.0\r\n\r\n", 200);
        ours("GET http://evil.example/ HTTP/1.1\r\nHost: localhost\r\n\r\n", 403);
        ours("GET http://localhost/data.json HTTP/1.1\r\nHost: evil.example\r\n\r\n", 200);
        ours("GET / HTTP/1.1\r\nHost: localhost\r\nHost: localhost\r\n\r\n", 400);
        let reply = exchange(&shared, b"GET / HTTP/1.1\r\nHost: local\xffhost\r\n\r\n");
        assert_eq!(status(&reply), 400, "{}", String::from_utf8_lossy(&reply));
        ours("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3\r\n\r\nabc", 405);
        ours("GET /api/search HTTP/1.1\r\nHost: localhost\r\n\r\n", 400);
        ours("GET /api/search?q=%ff%00&limit=-1 HTTP/1.1\r\nHost: localhost\r\n\r\n", 400);
        ours("GET /api/search?q=x&filter== HTTP/1.1\r\nHost: localhost\r\n\r\n", 400);
        // A script's mistakes get JSON saying what is wrong, not silence,
        // an empty body or the site's 404 page.
        for (request, code, says) in [
            ("GET /api/search?q=x&page=2", 400, "unknown parameter `page`"),
            ("GET /api/search?q=x&q=y", 400, "`q` is given twice"),
            ("GET /api/search?q=%FF%FE", 400, "not UTF-8"),
            ("GET /api/search?q=x&offset=-1", 400, "`offset` must be"),
            ("GET /api/search?q=x&format=xml", 400, "`format` must be"),
            ("POST /api/search?q=x", 405, "answers GET"),
            ("GET /api/search/?q=x", 404, "the search API is /api/search"),
        ] {
            let reply = ours(&format!("{request} HTTP/1.1\r\nHost: localhost\r\n\r\n"), code);
            assert!(reply.contains("application/json"), "{request}: {reply}");
            assert!(reply.contains(&says.to_ascii_lowercase()), "{request}: {reply}");
        }
        // No index here: the search itself answers 503.
        ours("GET /api/search?q=gdpr HTTP/1.1\r\nHost: localhost\r\n\r\n", 503);
        ours("GET /__compendium/reload.js HTTP/1.1\r\nHost: localhost\r\n\r\n", 200);
        let events = ours("GET /__compendium/events HTTP/1.1\r\nHost: localhost\r\n\r\n", 200);
        assert!(events.contains("text/event-stream"), "{events}");
        // Malformed at the HTTP level: hyper answers (400, 431, 505…) or
        // closes; nothing else is expected of it.
        for raw in [
            &b""[..],
            b"\r\n\r\n",
            b"GET",
            b"GET / HTTP/1.1\r\nHost: localhost\r\n",
            b"\x00\xff\xfe garbage\r\n\r\n",
            b"GET /\x00 HTTP/1.1\r\nHost: localhost\r\n\r\n",
            b"GET / HTTP/9.9\r\nHost: localhost\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: -1\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
        ] {
            let reply = exchange(&shared, raw);
            let s = status(&reply);
            assert!(reply.is_empty() || (400..600).contains(&s) || s == 200, "{raw:?}: {s}");
        }
        // Pipelined: answers outgrow the connection's buffers while the
        // requests are still being sent.
        let many = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".repeat(600);
        let reply = String::from_utf8_lossy(&exchange(&shared, many.as_bytes())).into_owned();
        assert_eq!(reply.matches("HTTP/1.1 200").count(), 600);
        let long = format!("GET /{} HTTP/1.1\r\nHost: localhost\r\n\r\n", "a/".repeat(40_000));
        let s = status(&exchange(&shared, long.as_bytes()));
        assert!(s == 0 || s == 404 || s == 414 || s == 431 || s == 400, "{s}");
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type(Path::new("a/index.html")), "text/html; charset=utf-8");
        assert_eq!(content_type(Path::new("x.CSS")), "text/css; charset=utf-8");
        assert_eq!(content_type(Path::new("x.png")), "image/png");
        assert_eq!(content_type(Path::new("x.unknownext")), "application/octet-stream");
    }
}
