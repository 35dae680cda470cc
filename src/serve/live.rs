//! Live reload over a WebSocket, as Hugo's and Zola's preview servers
//! send it. A browser keeps at most six HTTP/1.1 connections open to one
//! host, and an event stream holds one for as long as its page is open:
//! the seventh tab of the preview waited for ever, and so did a search
//! from an open one. WebSocket connections are not counted against that
//! limit. The event stream (`/__compendium/events`) stays for tools.
//!
//! A WebSocket is not bound by the same-origin policy as an event stream
//! read by `fetch` is: a page on another site could open one to the
//! preview and read the content's error messages. So a handshake whose
//! `Origin` is not the preview's own is refused.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::{self, WebSocket, WebSocketUpgrade};
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tokio::sync::broadcast::error::RecvError;

use super::{Message, Shared};

/// The path open pages connect to.
pub const LIVE_PATH: &str = "/__compendium/live";

/// The largest message or frame a client may send (pongs and closes are
/// far smaller).
const MAX_INCOMING: usize = 4096;

/// How often an idle connection is pinged: a page that went away is found
/// by the failed write (see `conn::WRITE_STALL`).
const PING_EVERY: Duration = Duration::from_secs(15);

/// An event's name and data, as both the event stream and the WebSocket
/// send them.
pub fn event(m: &Message) -> (&'static str, String) {
    match m {
        Message::Reload(paths) => {
            let data = if paths.is_empty() {
                "\"*\"".to_owned()
            } else {
                serde_json::to_string(paths).unwrap_or_else(|_| "\"*\"".to_owned())
            };
            ("reload", data)
        }
        Message::Css => ("css", "css".to_owned()),
        Message::Errors(json) => ("errors", json.clone()),
        Message::Ok => ("ok", "ok".to_owned()),
    }
}

/// How long ago the page connecting started loading, from `?age=MS` in
/// the address it connects to (its `performance.now()`): it is told the
/// reloads it missed since (see [`Shared::missed_since`]). At most a minute.
pub fn age(query: Option<&str>) -> Option<Duration> {
    let ms: u64 = query?.split('&').find_map(|kv| kv.strip_prefix("age="))?.parse().ok()?;
    Some(Duration::from_millis(ms.min(60_000)))
}

/// The upgrade to a live-reload WebSocket, for a page of the preview only.
pub async fn live(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    upgrade: WebSocketUpgrade,
) -> Response {
    if !same_origin(&headers) {
        return (StatusCode::FORBIDDEN, "live reload is for the preview's own pages")
            .into_response();
    }
    // Pages send nothing: a client's message is never worth tungstenite's
    // default 64 MiB buffer (eight such clients held 750 MB).
    upgrade
        .max_message_size(MAX_INCOMING)
        .max_frame_size(MAX_INCOMING)
        .on_upgrade(move |socket| send_events(socket, shared, age(query.as_deref())))
}

/// Whether the handshake comes from a page of the host it addresses (or
/// from a program, which sends no `Origin`). The `Host` itself was checked
/// before (`hosts`).
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else { return true };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    let origin = origin.to_str().unwrap_or("");
    origin.strip_prefix("http://").is_some_and(|o| !host.is_empty() && o.eq_ignore_ascii_case(host))
}

/// Sends the current state, then every event, as `{"event", "data"}`
/// text frames, until the page goes.
async fn send_events(mut socket: WebSocket, shared: Arc<Shared>, age: Option<Duration>) {
    let mut rx = shared.events.subscribe();
    let frame = |m: &Message| {
        let (name, data) = event(m);
        ws::Message::Text(serde_json::json!({ "event": name, "data": data }).to_string().into())
    };
    // A page that connects (or reconnects after a restart) learns the
    // current state at once: the overlay survives reloads.
    if socket.send(frame(&shared.status_message())).await.is_err() {
        return;
    }
    // And what it missed while it loaded (subscribed first: nothing falls
    // between the two).
    if let Some(m) = age.and_then(|a| shared.missed_since(a))
        && socket.send(frame(&m)).await.is_err()
    {
        return;
    }
    let mut ping = tokio::time::interval(PING_EVERY);
    ping.tick().await;
    loop {
        let out = tokio::select! {
            m = rx.recv() => match m {
                Ok(m) => frame(&m),
                // Missed messages: reloading is always correct.
                Err(RecvError::Lagged(_)) => frame(&Message::Reload(Vec::new())),
                Err(RecvError::Closed) => return,
            },
            _ = ping.tick() => ws::Message::Ping(Default::default()),
            incoming = socket.recv() => match incoming {
                Some(Ok(ws::Message::Close(_)) | Err(_)) | None => return,
                // Pages send nothing else; pongs and the like are dropped.
                Some(Ok(_)) => continue,
            },
        };
        if socket.send(out).await.is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_previews_own_pages_connect() {
        let headers = |host: &str, origin: Option<&str>| {
            let mut h = HeaderMap::new();
            h.insert(header::HOST, host.parse().unwrap());
            if let Some(o) = origin {
                h.insert(header::ORIGIN, o.parse().unwrap());
            }
            h
        };
        assert!(same_origin(&headers("127.0.0.1:3000", Some("http://127.0.0.1:3000"))));
        assert!(same_origin(&headers("localhost:3000", Some("http://LOCALHOST:3000"))));
        assert!(same_origin(&headers("127.0.0.1:3000", None)));
        for other in ["https://evil.example", "http://127.0.0.1:3001", "null", "file://"] {
            assert!(!same_origin(&headers("127.0.0.1:3000", Some(other))), "{other}");
        }
    }
}
