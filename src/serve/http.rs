//! The HTTP side of `serve`: static files from the build folder (and
//! nothing outside it), the live-reload event stream and client script, and
//! `/api/search`.
//!
//! Request paths are resolved here, not by a generic static-file service,
//! because confinement is the contract: decode once, refuse `..`, `.`,
//! backslashes, NUL and drive prefixes, then canonicalize and require the
//! result to stay under the canonical build folder (which also refuses
//! symlinks pointing out of it). Handlers never panic on request input.

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::{self, Stream, StreamExt as _};
use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};
use tokio::sync::broadcast::error::RecvError;

use super::{Message, Shared};

/// The path of the event stream that open pages listen to.
pub const EVENTS_PATH: &str = "/__compendium/events";
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

/// The routes of the preview server.
pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .route(CLIENT_PATH, get(client))
        .route("/api/search", get(search))
        .fallback(static_file)
        .with_state(shared)
}

async fn client() -> Response {
    let mut r = CLIENT_JS.into_response();
    set(&mut r, header::CONTENT_TYPE, "text/javascript; charset=utf-8");
    set(&mut r, header::CACHE_CONTROL, "no-cache");
    r
}

async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let rx = shared.events.subscribe();
    // A page that connects (or reconnects after a restart) learns the
    // current state at once: the overlay survives reloads.
    let first = shared.status_message();
    let rest = stream::unfold(rx, |mut rx| async move {
        let m = match rx.recv().await {
            Ok(m) => m,
            // Missed messages: reloading is always correct.
            Err(RecvError::Lagged(_)) => Message::Reload(Vec::new()),
            Err(RecvError::Closed) => return None,
        };
        Some((Ok(to_event(&m)), rx))
    });
    let stream = stream::once(async move { Ok(to_event(&first)) }).chain(rest);
    Sse::new(stream).keep_alive(KeepAlive::default())
}

fn to_event(m: &Message) -> Event {
    match m {
        Message::Reload(paths) => {
            let data = if paths.is_empty() {
                "\"*\"".to_owned()
            } else {
                serde_json::to_string(paths).unwrap_or_else(|_| "\"*\"".to_owned())
            };
            Event::default().event("reload").data(data)
        }
        Message::Css => Event::default().event("css").data("css"),
        Message::Errors(json) => Event::default().event("errors").data(json.as_str()),
        Message::Ok => Event::default().event("ok").data("ok"),
    }
}

async fn search(State(shared): State<Arc<Shared>>, RawQuery(query): RawQuery) -> Response {
    let params: Vec<(String, String)> =
        query.as_deref().map(form_urlencoded_pairs).unwrap_or_default();
    let shared = shared.clone();
    let result = tokio::task::spawn_blocking(move || super::search(&shared, &params)).await;
    let (status, body) = match result {
        Ok(Ok(json)) => (StatusCode::OK, json),
        Ok(Err((status, message))) => (status, serde_json::json!({ "error": message }).to_string()),
        Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, "{\"error\":\"search failed\"}".to_owned()),
    };
    let mut r = (status, body).into_response();
    set(&mut r, header::CONTENT_TYPE, "application/json; charset=utf-8");
    set(&mut r, header::CACHE_CONTROL, "no-cache");
    r
}

/// Splits `a=1&b=x+y` into decoded pairs (`+` is a space in query strings).
fn form_urlencoded_pairs(q: &str) -> Vec<(String, String)> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            let dec =
                |s: &str| percent_decode_str(&s.replace('+', " ")).decode_utf8_lossy().into_owned();
            (dec(k), dec(v))
        })
        .collect()
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
    let resolved = tokio::task::spawn_blocking(move || resolve(&root, &path))
        .await
        .unwrap_or(Resolved::NotFound);
    match resolved {
        Resolved::File(p) => match tokio::fs::read(&p).await {
            Ok(bytes) => file_response(StatusCode::OK, &p, bytes, head, CLIENT_TAG),
            Err(_) => not_found(&shared, head).await,
        },
        Resolved::Redirect(location) => {
            let mut r = StatusCode::MOVED_PERMANENTLY.into_response();
            if let Ok(v) = HeaderValue::from_str(&location) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            r
        }
        Resolved::NotFound => not_found(&shared, head).await,
    }
}

async fn not_found(shared: &Shared, head: bool) -> Response {
    let page = shared.build_dir.join("404.html");
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
    set(&mut r, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
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
/// must be canonical. Decodes once, refuses any `.`/`..` segment,
/// backslash, NUL or `:` (drive prefixes), maps folders to `index.html`,
/// and canonicalizes the result, which must stay under `root` (symlinks
/// out of the build folder are refused).
pub fn resolve(root: &Path, raw: &str) -> Resolved {
    let Ok(decoded) = percent_decode_str(raw).decode_utf8() else { return Resolved::NotFound };
    if !decoded.starts_with('/') || decoded.contains(['\\', '\0', ':']) {
        return Resolved::NotFound;
    }
    let mut segments = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" => {}
            "." | ".." => return Resolved::NotFound,
            s => segments.push(s),
        }
    }
    let mut candidate = root.to_path_buf();
    candidate.extend(&segments);
    let Ok(meta) = std::fs::metadata(&candidate) else { return Resolved::NotFound };
    if meta.is_dir() {
        if !decoded.ends_with('/') {
            // Built from the checked segments, never from the raw path, so
            // that `//evil.example` cannot become an off-site redirect.
            let mut to = String::from("/");
            for s in &segments {
                to.extend(utf8_percent_encode(s, SEGMENT));
                to.push('/');
            }
            return Resolved::Redirect(to);
        }
        candidate.push("index.html");
    }
    match candidate.canonicalize() {
        Ok(c) if c.starts_with(root) && c.is_file() => Resolved::File(c),
        _ => Resolved::NotFound,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(root.join("regulations/eu-gdpr")).unwrap();
        std::fs::write(root.join("index.html"), "home").unwrap();
        std::fs::write(root.join("regulations/eu-gdpr/index.html"), "gdpr").unwrap();
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
    fn content_types() {
        assert_eq!(content_type(Path::new("a/index.html")), "text/html; charset=utf-8");
        assert_eq!(content_type(Path::new("x.CSS")), "text/css; charset=utf-8");
        assert_eq!(content_type(Path::new("x.png")), "image/png");
        assert_eq!(content_type(Path::new("x.unknownext")), "application/octet-stream");
    }
}
