//! `serve`'s connections: what a client can hold. Each connection must
//! send its request head in time and take what is written to it, and only
//! so many are open at once; axum's own `serve` sets no such bounds.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::Semaphore;

use super::Shared;

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
        .serve_connection(io, service)
        // Live reload's WebSocket (`live`).
        .with_upgrades();
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
    let router = super::http::router(shared.clone());
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
