//! The HTTP side of `serve`: static files from the build folder (and
//! nothing outside it), the live-reload event stream and client script, and
//! `/api/search`, behind a connection loop that bounds what a client can
//! hold.
//!
//! Request paths are resolved here, not by a generic static-file service,
//! because confinement is the contract: decode once, refuse `..`, `.`,
//! backslashes, NUL and drive prefixes, then canonicalize and require the
//! result to stay under the canonical build folder (which also refuses
//! symlinks pointing out of it). Handlers never panic on request input.
//!
//! Every request first passes the `Host` check (DNS rebinding: a page on
//! another site must not read the preview through a name it controls), and
//! every response carries `X-Content-Type-Options: nosniff`. Searches are CPU
//! work: at most one per core runs, a bounded number wait, and beyond that
//! the answer is 503 with `Retry-After`. Connections that send no complete
//! request head in time, or stop reading what is written to them, are
//! closed.

use std::convert::Infallible;
use std::net::{IpAddr, Ipv6Addr};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
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
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::Semaphore;
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

/// A connection must send a complete request head within this long, from
/// its start and again after each answer (so an idle keep-alive connection
/// is closed too). Browsers send heads in one go; only a stalled or
/// hostile client (slowloris) takes longer.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// A write the client does not take for this long closes the connection
/// (a client that stops reading). The event stream writes a keep-alive at
/// least every 15 s, which a live page takes at once.
pub const WRITE_STALL: Duration = Duration::from_secs(30);
/// Open connections beyond this wait to be accepted (each holds a file
/// descriptor and buffers).
pub const MAX_CONNECTIONS: usize = 512;
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

/// Which `Host` names the server answers to: loopback names always (a DNS
/// name an attacker controls can be pointed at 127.0.0.1, but the browser
/// still sends that name), plus the `--host` it was started with. When it
/// listens on every address (`0.0.0.0`, `::`), any IP address too: a request
/// by address involves no DNS, so it cannot be rebinding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hosts {
    extra: Option<String>,
    any_ip: bool,
}

impl Hosts {
    /// The names allowed when listening on `bind` (the `--host` value).
    pub fn for_bind(bind: &str) -> Hosts {
        let name =
            normalize(bind.strip_prefix('[').and_then(|b| b.strip_suffix(']')).unwrap_or(bind));
        if is_loopback_name(&name) {
            return Hosts { extra: None, any_ip: false };
        }
        if name.parse::<IpAddr>().is_ok_and(|ip| ip.is_unspecified()) {
            return Hosts { extra: None, any_ip: true };
        }
        Hosts { extra: Some(name), any_ip: false }
    }

    /// Whether a request naming `host` (a `Host` header value or a request
    /// URI's authority: name or address, optional port) is answered.
    pub fn allows(&self, host: &str) -> bool {
        let Some(name) = host_name(host) else { return false };
        if is_loopback_name(&name) {
            return true;
        }
        let ip = name.parse::<IpAddr>().ok();
        if self.any_ip && ip.is_some() {
            return true;
        }
        match (&self.extra, ip) {
            (Some(extra), Some(ip)) => extra.parse::<IpAddr>().is_ok_and(|e| e == ip),
            (Some(extra), None) => *extra == name,
            (None, _) => false,
        }
    }
}

/// Lower case, without the final dot of a fully qualified name.
fn normalize(name: &str) -> String {
    let name = name.to_ascii_lowercase();
    name.strip_suffix('.').map(str::to_owned).unwrap_or(name)
}

/// `localhost`, `127.x.x.x`, `::1` (and `::ffff:127.x.x.x`).
pub fn is_loopback_name(name: &str) -> bool {
    let name = normalize(name.strip_prefix('[').and_then(|n| n.strip_suffix(']')).unwrap_or(name));
    name == "localhost"
        || match name.parse::<IpAddr>() {
            Ok(IpAddr::V4(ip)) => ip.is_loopback(),
            Ok(IpAddr::V6(ip)) => {
                ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
            }
            Err(_) => false,
        }
}

/// The name or address of a `Host` value (`name`, `name:port`, `1.2.3.4`,
/// `[::1]:8080`), normalized; `None` when it is malformed.
fn host_name(value: &str) -> Option<String> {
    let (name, port) = match value.strip_prefix('[') {
        Some(rest) => {
            let (inside, after) = rest.split_once(']')?;
            let port = if after.is_empty() { "" } else { after.strip_prefix(':')? };
            inside.parse::<Ipv6Addr>().ok()?;
            (inside, port)
        }
        None => value.split_once(':').unwrap_or((value, "")),
    };
    let port_ok = port.len() <= 5 && port.bytes().all(|b| b.is_ascii_digit());
    let name_ok = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b':'));
    (port_ok && name_ok).then(|| normalize(name))
}

/// The routes of the preview server, behind the `Host` check, every answer
/// with `nosniff`.
pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .route(CLIENT_PATH, get(client))
        .route("/api/search", get(search))
        .fallback(static_file)
        .layer(middleware::from_fn_with_state(shared.clone(), check_host))
        .layer(middleware::map_response(nosniff))
        .with_state(shared)
}

async fn nosniff(mut r: Response) -> Response {
    set(&mut r, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    r
}

/// Answers only requests addressed to an allowed host (see [`Hosts`]). An
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

/// Serves `router` on `listener` until accepting fails for good: HTTP/1.1
/// connections with a deadline for each request head ([`HEADER_TIMEOUT`],
/// also between requests) and for each write ([`WRITE_STALL`]), at most
/// [`MAX_CONNECTIONS`] at once.
pub async fn serve(listener: tokio::net::TcpListener, router: Router) -> std::io::Result<()> {
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        let Ok(slot) = slots.clone().acquire_owned().await else { return Ok(()) };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) if is_connection_error(&e) => continue,
            Err(e) => {
                // Out of file descriptors and the like: wait, as axum and
                // hyper's examples do, rather than spin or stop serving.
                eprintln!("warning: cannot accept a connection: {e}");
                tokio::time::sleep(Duration::from_millis(200)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        tokio::spawn(async move {
            connection(stream, router).await;
            drop(slot);
        });
    }
}

fn is_connection_error(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(e.kind(), ConnectionRefused | ConnectionAborted | ConnectionReset)
}

/// Serves one connection (any byte stream) until it closes or times out.
async fn connection<I>(io: I, router: Router)
where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let service = hyper_util::service::TowerToHyperService::new(router);
    let io = hyper_util::rt::TokioIo::new(Stalls::new(io, WRITE_STALL));
    let conn = hyper::server::conn::http1::Builder::new()
        .timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT)
        // A client may end its side once the request is sent (`nc -N`,
        // scripts): it still gets the answer.
        .half_close(true)
        .serve_connection(io, service);
    // Errors are the client's (malformed request, timeout, reset): hyper
    // has answered what could be answered.
    let _ = conn.await;
}

/// Sends `request` (raw bytes, as a client would) over one in-memory
/// connection to the server's request handling, exactly as a TCP connection
/// is served, and returns the bytes written back (capped at 1 MB; the event
/// stream, which never ends, after its first event). For tests and the
/// `serve_request` fuzz target.
pub fn exchange(shared: &Arc<Shared>, request: &[u8]) -> Vec<u8> {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else {
        return Vec::new();
    };
    let router = router(shared.clone());
    rt.block_on(async move {
        let (client, server) = tokio::io::duplex(64 * 1024);
        let task = tokio::spawn(connection(server, router));
        let (mut client, mut sender) = tokio::io::split(client);
        // Written beside the reading: pipelined requests may be answered
        // before the last is sent, and the buffers are small.
        let request = request.to_vec();
        let writer = tokio::spawn(async move {
            let _ = sender.write_all(&request).await;
            // End of input: hyper answers what it got, then sees the end.
            let _ = sender.shutdown().await;
        });
        let mut out = Vec::new();
        let mut buf = [0u8; 8192];
        loop {
            // Longer than a fuzzer's hang limit: a request the server sits on
            // is reported, not cut short here.
            let read = tokio::time::timeout(Duration::from_secs(30), client.read(&mut buf)).await;
            match read {
                Ok(Ok(n)) if n > 0 => out.extend_from_slice(&buf[..n]),
                _ => break,
            }
            let head_end = out.windows(4).position(|w| w == b"\r\n\r\n");
            let streaming = head_end.is_some_and(|i| {
                String::from_utf8_lossy(&out[..i])
                    .to_ascii_lowercase()
                    .contains("text/event-stream")
            });
            if out.len() > 1 << 20 || (streaming && head_end.is_some_and(|i| out.len() > i + 4)) {
                break;
            }
        }
        drop(client);
        writer.abort();
        task.abort();
        out
    })
}

/// A connection whose writes fail once the peer has taken nothing for
/// `limit`.
struct Stalls<I> {
    io: I,
    limit: Duration,
    since: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl<I> Stalls<I> {
    fn new(io: I, limit: Duration) -> Stalls<I> {
        Stalls { io, limit, since: None }
    }

    /// The inner write is pending: pending too, or an error past the limit.
    fn pending<T>(&mut self, cx: &mut Context<'_>) -> Poll<std::io::Result<T>> {
        let limit = self.limit;
        let timer = self.since.get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
        match timer.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "the client stopped reading",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }

    fn progress<T>(
        &mut self,
        cx: &mut Context<'_>,
        p: Poll<std::io::Result<T>>,
    ) -> Poll<std::io::Result<T>> {
        match p {
            Poll::Pending => self.pending(cx),
            ready => {
                self.since = None;
                ready
            }
        }
    }
}

impl<I: AsyncRead + Unpin> AsyncRead for Stalls<I> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_read(cx, buf)
    }
}

impl<I: AsyncWrite + Unpin> AsyncWrite for Stalls<I> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let this = self.get_mut();
        let p = Pin::new(&mut this.io).poll_write(cx, buf);
        this.progress(cx, p)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let this = self.get_mut();
        let p = Pin::new(&mut this.io).poll_write_vectored(cx, bufs);
        this.progress(cx, p)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        let p = Pin::new(&mut this.io).poll_flush(cx);
        this.progress(cx, p)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
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
        super::search(&shared, &params)
    })
    .await;
    Ok(result
        .unwrap_or_else(|_| Err((StatusCode::INTERNAL_SERVER_ERROR, "search failed".to_owned()))))
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
    fn host_names() {
        let local = Hosts::for_bind("127.0.0.1");
        for ok in [
            "localhost",
            "localhost:3000",
            "LocalHost.:3000",
            "127.0.0.1",
            "127.0.0.1:8080",
            "127.255.0.9:1",
            "[::1]",
            "[::1]:3000",
            "[::ffff:127.0.0.1]:80",
            "localhost:",
        ] {
            assert!(local.allows(ok), "{ok}");
        }
        for bad in [
            "",
            "evil.example",
            "evil.example:3000",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "10.0.0.1",
            "0.0.0.0:3000",
            "[::2]",
            "::1",
            "[::1",
            "[::1]x",
            "localhost:3000:1",
            "localhost:99999999",
            "localhost:abc",
            "local host",
            "user@localhost",
        ] {
            assert!(!local.allows(bad), "{bad}");
        }
        assert_eq!(Hosts::for_bind("localhost"), local);
        assert_eq!(Hosts::for_bind("::1"), local);
        assert_eq!(Hosts::for_bind("[::1]"), local);
        let named = Hosts::for_bind("Preview.Example");
        assert!(named.allows("preview.example:3000") && named.allows("localhost"));
        assert!(!named.allows("other.example") && !named.allows("192.168.1.2"));
        let lan = Hosts::for_bind("192.168.1.2");
        assert!(lan.allows("192.168.1.2:3000") && !lan.allows("192.168.1.3"));
        let v6 = Hosts::for_bind("fe80::1");
        assert!(v6.allows("[fe80:0::1]:3000") && !v6.allows("[fe80::2]"));
        // Every address: any address (no DNS, no rebinding), still no names.
        for any in ["0.0.0.0", "::", "[::]"] {
            let all = Hosts::for_bind(any);
            assert!(
                all.allows("192.168.1.2:3000")
                    && all.allows("[fe80::1]")
                    && all.allows("localhost")
            );
            assert!(!all.allows("evil.example"), "{any}");
        }
        assert!(
            is_loopback_name("127.0.0.1")
                && is_loopback_name("[::1]")
                && is_loopback_name("LOCALHOST")
        );
        assert!(
            !is_loopback_name("0.0.0.0")
                && !is_loopback_name("::")
                && !is_loopback_name("example.org")
        );
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
