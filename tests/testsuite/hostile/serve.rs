//! `serve` against hostile clients and pages (defect 4 of #12: bounded
//! searches, the `Host` check against DNS rebinding, `nosniff` on every
//! answer, idle and slow connections closed, a warning when listening beyond
//! loopback) and the watcher surviving a replaced `content/` or `themes/`
//! (defect 5). The load itself (peak memory, latency) is measured by
//! `examples/serve_load.rs`, not here: tests assert no timings.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::*;

/// How long anything may take before a test gives up (CI shares two cores).
const DEADLINE: Duration = Duration::from_secs(60);

const RECORD: &str = "content/practices/single-window.md";
const RECORD_PAGE: &str = "practices/single-window/";

/// A running `compendium serve --port 0 ARGS…`, killed on drop.
struct Server {
    child: Child,
    port: u16,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    fn start(site: &Path, args: &[&str]) -> Server {
        Server::start_with(site, args, &[])
    }

    /// With `env` added to serve's environment.
    #[cfg(target_os = "linux")]
    fn start_env(site: &Path, env: &[(&str, &str)]) -> Server {
        Server::start_with(site, &[], env)
    }

    fn start_with(site: &Path, args: &[&str], env: &[(&str, &str)]) -> Server {
        let (child, url, stderr) = spawn_serve(site, args, env);
        let port = url
            .trim_start_matches("http://127.0.0.1:")
            .trim_end_matches('/')
            .parse()
            .unwrap_or_else(|_| {
                panic!("no URL printed ({url}); stderr:\n{}", stderr.lock().unwrap())
            });
        Server { child, port, stderr }
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn connect(&self) -> TcpStream {
        let s = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        s.set_read_timeout(Some(DEADLINE)).expect("timeout");
        s
    }

    /// Sends a raw request (which should say `Connection: close`) and
    /// returns the status code, the head (lower case) and the body.
    fn raw(&self, request: &str) -> (u16, String, String) {
        let mut s = self.connect();
        s.write_all(request.as_bytes()).expect("write");
        let mut reply = Vec::new();
        let _ = s.read_to_end(&mut reply);
        parse_reply(&reply)
    }

    /// `GET path` with `Host: host`.
    fn get_as(&self, host: &str, path: &str) -> (u16, String, String) {
        self.raw(&format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"))
    }

    fn get(&self, path: &str) -> (u16, String, String) {
        self.get_as(&format!("127.0.0.1:{}", self.port), path)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn parse_reply(reply: &[u8]) -> (u16, String, String) {
    let text = String::from_utf8_lossy(reply);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, head.to_ascii_lowercase(), body.to_owned())
}

/// Polls `check` until it returns `Some`, failing after [`DEADLINE`].
fn wait_for<T>(what: &str, server: &Server, check: impl FnMut() -> Option<T>) -> T {
    crate::support::poll_until(what, DEADLINE, || server.stderr(), check)
}

fn record_text(title: &str) -> String {
    format!(
        "---\ntitle: {title}\nsummary: One place to lodge trade documents.\narea: customs\ntopics: [trade]\ncountries: [KEN]\n---\n\nA **single window** lets traders submit documents once.\n"
    )
}

/// The minimal site with `n` more records of some prose, so that a search
/// has work to do.
fn site_with_records(n: usize) -> Site {
    let site = Site::minimal();
    let words = [
        "customs",
        "window",
        "trade",
        "payments",
        "documents",
        "border",
        "agency",
        "declaration",
        "electronic",
        "single",
        "certificate",
        "origin",
        "inspection",
        "risk",
        "tariff",
    ];
    for i in 0..n {
        let mut body = String::new();
        for j in 0..400 {
            body.push_str(words[(i * 7 + j * 3 + j / 5) % words.len()]);
            body.push(if j % 12 == 11 { '.' } else { ' ' });
        }
        site.write(
            &format!("content/practices/practice-{i}.md"),
            &format!(
                "---\ntitle: Practice {i} on {} {}\nsummary: A practice.\narea: customs\ntopics: [trade]\n---\n\n{body}\n",
                words[i % words.len()],
                words[(i + 3) % words.len()]
            ),
        );
    }
    site
}

/// Threads of a process, from `/proc`.
#[cfg(target_os = "linux")]
fn threads(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status.lines().find_map(|l| l.strip_prefix("Threads:")).and_then(|n| n.trim().parse().ok())
}

/// A burst of concurrent searches does not start a thread per search (it
/// started up to 512, each holding memory): every one is answered, 200, or
/// 503 with `Retry-After` when too many wait, and the thread count stays
/// bounded.
#[cfg(target_os = "linux")]
#[test]
fn a_burst_of_searches_is_bounded() {
    let site = site_with_records(60);
    let server = Server::start(site.path(), &[]);
    wait_for("the search API", &server, || {
        (server.get("/api/search?q=customs").0 == 200).then_some(())
    });
    let pid = server.child.id();
    let idle = threads(pid).expect("thread count");

    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let sampler = {
        let done = done.clone();
        std::thread::spawn(move || {
            let mut most = 0;
            while !done.load(std::sync::atomic::Ordering::SeqCst) {
                most = most.max(threads(pid).unwrap_or(0));
                std::thread::sleep(Duration::from_millis(5));
            }
            most
        })
    };
    let port = server.port;
    let queries = ["customs+window", "trade+documents", "border+agency", "risk", "tariff+origin"];
    let clients: Vec<_> = (0..120)
        .map(|i| {
            std::thread::spawn(move || {
                let mut answers = Vec::new();
                for k in 0..3 {
                    let q = queries[(i + k) % queries.len()];
                    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
                        answers.push((0, String::new()));
                        continue;
                    };
                    let _ = s.set_read_timeout(Some(DEADLINE));
                    let _ = s.write_all(
                        format!(
                            "GET /api/search?q={q} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                        )
                        .as_bytes(),
                    );
                    let mut reply = Vec::new();
                    let _ = s.read_to_end(&mut reply);
                    let (status, head, _) = parse_reply(&reply);
                    answers.push((status, head));
                }
                answers
            })
        })
        .collect();
    let answers: Vec<(u16, String)> =
        clients.into_iter().flat_map(|c| c.join().expect("client")).collect();
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    let most = sampler.join().expect("sampler");

    let ok = answers.iter().filter(|(s, _)| *s == 200).count();
    for (status, head) in &answers {
        match status {
            200 => {}
            503 => assert!(head.contains("retry-after:"), "a 503 without Retry-After:\n{head}"),
            _ => panic!("a search was answered {status}:\n{head}\nstderr:\n{}", server.stderr()),
        }
    }
    assert!(ok > 0, "no search answered");
    // At rest the server has its runtime, watcher and rebuild threads; a
    // bounded pool adds a few. Unbounded, 120 clients meant about 120 more.
    assert!(
        most <= idle + 24,
        "{most} threads during the burst ({idle} at rest): searches are not bounded"
    );
}

/// DNS rebinding: a page on `evil.example`, once the name points at
/// 127.0.0.1, must not read the preview (pages, drafts' errors, search).
#[test]
fn requests_for_other_hosts_are_refused() {
    let site = Site::minimal();
    let server = Server::start(site.path(), &[]);
    let port = server.port;
    for host in [
        format!("localhost:{port}"),
        "localhost".to_owned(),
        "LOCALHOST:80".to_owned(),
        format!("127.0.0.1:{port}"),
        "127.1.2.3".to_owned(),
        format!("[::1]:{port}"),
        "[::1]".to_owned(),
    ] {
        let (status, _, body) = server.get_as(&host, "/");
        assert_eq!(status, 200, "Host: {host}\n{body}");
    }
    for host in [
        "evil.example".to_owned(),
        format!("evil.example:{port}"),
        "localhost.evil.example".to_owned(),
        "127.0.0.1.evil.example".to_owned(),
        format!("10.0.0.1:{port}"),
        "0.0.0.0".to_owned(),
        "[::2]".to_owned(),
    ] {
        for path in ["/", "/api/search?q=window", "/__compendium/events", "/__compendium/reload.js"]
        {
            let (status, head, body) = server.get_as(&host, path);
            assert_eq!(status, 403, "Host: {host} {path}\n{head}\n{body}");
            assert!(body.contains("localhost"), "the refusal says what is answered: {body}");
            assert!(!body.contains("Single window"), "{body}");
        }
    }
    // An absolute request URI names the host, whatever the Host header says.
    let (status, _, _) = server.raw(&format!(
        "GET http://evil.example:{port}/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    ));
    assert_eq!(status, 403);
    // HTTP/1.1 needs exactly one Host.
    let (status, _, _) = server.raw("GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
    assert_eq!(status, 400);
    let (status, _, _) = server.raw(
        "GET / HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
    );
    assert!(status == 400 || status == 403, "two Host headers: {status}");
}

/// `--host NAME` adds that name to the loopback ones.
#[test]
fn the_host_given_is_answered_too() {
    let site = Site::minimal();
    let server = Server::start(site.path(), &["--host", "127.0.0.1"]);
    assert_eq!(server.get_as("localhost", "/").0, 200);
    assert_eq!(server.get_as("evil.example", "/").0, 403);
    drop(server);
    // `localhost` resolves to the loopback address: a name, allowed as such.
    let site = Site::minimal();
    let mut child = Command::new(bin())
        .arg("--root")
        .arg(site.path())
        .args(["serve", "--port", "0", "--host", "localhost"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start");
    let mut out = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    let _ = out.read_line(&mut line);
    let _ = child.kill();
    let _ = child.wait();
    let mut err = String::new();
    let _ = child.stderr.take().expect("stderr").read_to_string(&mut err);
    assert!(line.starts_with("serving http://"), "{line}\n{err}");
    assert!(!err.contains("reachable from the network"), "{err}");
}

/// Listening beyond loopback is said on stderr. The address is a
/// documentation one (TEST-NET-1), which cannot be bound here: the warning
/// comes before binding, and no socket is ever opened beyond loopback.
#[test]
fn listening_beyond_loopback_is_warned_about() {
    let site = Site::minimal();
    let run = site.run(&["serve", "--port", "0", "--host", "192.0.2.1"]);
    assert_ne!(run.code, 0, "binding a documentation address cannot succeed");
    assert!(run.stderr.contains("warning:"), "{}", run.stderr);
    assert!(run.stderr.contains("reachable from the network"), "{}", run.stderr);
    assert!(run.stderr.contains("192.0.2.1"), "{}", run.stderr);
}

/// Every answer says `X-Content-Type-Options: nosniff`, so that no browser
/// runs a JSON answer, a record file or an error as a script or page.
#[test]
fn every_answer_says_nosniff() {
    let site = Site::minimal();
    site.write("content/practices/notes.txt", "not a record");
    let server = Server::start(site.path(), &[]);
    wait_for("the search API", &server, || {
        (server.get("/api/search?q=window").0 == 200).then_some(())
    });
    let host = format!("127.0.0.1:{}", server.port);
    let mut seen = std::collections::BTreeSet::new();
    for request in [
        format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        format!("HEAD / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        format!("GET /data/records.json HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        format!("GET /no/such/page HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        format!("GET /practices HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        format!("GET /api/search?q=window HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        format!("GET /api/search HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        format!(
            "GET /api/search?limit=0&q=x HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ),
        format!(
            "POST /api/search HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        ),
        format!(
            "GET /__compendium/reload.js HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ),
        format!(
            "POST / HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        ),
        format!("DELETE /x HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        "GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n".to_owned(),
        format!("GET /../book.toml HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
    ] {
        let (status, head, _) = server.raw(&request);
        assert!(status > 0, "no answer to {request:?}");
        seen.insert(status);
        assert!(
            head.contains("x-content-type-options: nosniff"),
            "{}: no nosniff\n{head}",
            request.lines().next().unwrap_or("")
        );
    }
    for status in [200, 301, 400, 403, 404, 405] {
        assert!(seen.contains(&status), "no {status} among {seen:?}: the cases above changed");
    }
    // The event stream never ends: read its head only.
    let mut s = server.connect();
    s.write_all(format!("GET /__compendium/events HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes())
        .expect("write");
    let head = read_head(&mut s);
    assert!(head.contains("text/event-stream"), "{head}");
    assert!(head.contains("x-content-type-options: nosniff"), "{head}");
}

/// Reads a response head (lower case) from a connection that stays open.
fn read_head(s: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match s.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => break,
        }
    }
    String::from_utf8_lossy(&head).to_ascii_lowercase()
}

/// Whether the server closed `s` (end of stream, or reset) before our own
/// read timeout ([`DEADLINE`]) ran out.
fn closed_by_server(s: &mut TcpStream) -> bool {
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return false;
            }
            Err(_) => return true,
        }
    }
}

/// A client that opens connections and sends nothing, or half a request
/// head, or stays connected after an answer, does not hold them for ever
/// (slowloris: each holds a task, buffers and a file descriptor). The
/// live-reload stream, which is an answer in progress, stays open.
#[test]
fn idle_and_slow_connections_are_closed_but_live_reload_stays() {
    let site = Site::minimal();
    let server = Server::start(site.path(), &[]);
    let host = format!("127.0.0.1:{}", server.port);

    let mut silent = server.connect();
    let mut slow = server.connect();
    slow.write_all(format!("GET / HTTP/1.1\r\nHost: {host}\r\nX-Slow: ").as_bytes())
        .expect("write");
    let mut kept = server.connect();
    kept.write_all(format!("GET /api/search?q=window HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes())
        .expect("write");
    let mut events = server.connect();
    events
        .write_all(format!("GET /__compendium/events HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes())
        .expect("write");
    let head = read_head(&mut events);
    assert!(head.contains("text/event-stream"), "{head}");

    assert!(closed_by_server(&mut silent), "a connection that sent nothing stayed open");
    assert!(closed_by_server(&mut slow), "a connection that sent half a head stayed open");
    assert!(closed_by_server(&mut kept), "an idle keep-alive connection stayed open");

    // The event stream outlived them all: a save still reaches it.
    std::fs::write(site.path().join(RECORD), record_text("Single window, still live"))
        .expect("edit");
    events.set_read_timeout(Some(DEADLINE)).expect("timeout");
    let mut seen = String::new();
    let mut buf = [0u8; 4096];
    let start = Instant::now();
    while !seen.contains("event: reload") && !seen.contains("event:reload") {
        assert!(start.elapsed() < DEADLINE, "no reload event:\n{seen}\n{}", server.stderr());
        match events.read(&mut buf) {
            Ok(n) if n > 0 => seen.push_str(&String::from_utf8_lossy(&buf[..n])),
            other => panic!("the event stream ended ({other:?}):\n{seen}\n{}", server.stderr()),
        }
    }
}

/// `git checkout` of another branch deletes `content/` and makes it again:
/// the watch on the old folder is gone, and nothing was rebuilt again.
#[test]
fn live_reload_survives_content_being_replaced() {
    let site = Site::minimal();
    let server = Server::start(site.path(), &[]);
    let content = site.path().join("content");
    let moved = site.path().join("content-old");
    assert_eq!(server.get(&format!("/{RECORD_PAGE}")).0, 200);

    // Deleted, then made again with another title (as git does it: the
    // folder goes, then comes back file by file).
    std::fs::rename(&content, &moved).expect("move content away");
    std::fs::remove_dir_all(&moved).expect("delete content");
    std::thread::sleep(Duration::from_millis(500));
    copy_dir(&Site::minimal().path().join("content"), &content);
    std::fs::write(site.path().join(RECORD), record_text("Single window after checkout"))
        .expect("write");
    wait_for("the rebuild after content/ came back", &server, || {
        let (status, _, body) = server.get(&format!("/{RECORD_PAGE}"));
        (status == 200 && body.contains("Single window after checkout")).then_some(())
    });
    assert!(server.stderr().contains("watching it again"), "{}", server.stderr());

    // And the new folder is watched: a later save is seen.
    std::thread::sleep(Duration::from_millis(300));
    std::fs::write(site.path().join(RECORD), record_text("Single window, saved later"))
        .expect("write");
    wait_for("a save in the new content/", &server, || {
        let (status, _, body) = server.get(&format!("/{RECORD_PAGE}"));
        (status == 200 && body.contains("Single window, saved later")).then_some(())
    });
}

/// The same for `themes/` (replaced by a checkout, or by a tool that
/// writes a new folder and renames it into place).
#[test]
fn live_reload_survives_themes_being_replaced() {
    let site = Site::minimal();
    site.write("book.toml", "[book]\ntitle = \"Test\"\n[build]\ntheme = \"custom\"\n");
    site.write("themes/custom/assets/extra.css", "body { color: red }");
    let server = Server::start(site.path(), &[]);
    assert!(server.get("/assets/extra.css").2.contains("red"));

    let fresh = site.path().join("themes-new");
    std::fs::create_dir_all(fresh.join("custom/assets")).expect("mkdir");
    std::fs::write(fresh.join("custom/assets/extra.css"), "body { color: blue }").expect("write");
    let old = site.path().join("themes-old");
    std::fs::rename(site.path().join("themes"), &old).expect("move away");
    std::fs::rename(&fresh, site.path().join("themes")).expect("move in");
    std::fs::remove_dir_all(&old).expect("delete");
    wait_for("the new theme folder", &server, || {
        server.get("/assets/extra.css").2.contains("blue").then_some(())
    });
    std::thread::sleep(Duration::from_millis(300));
    std::fs::write(site.path().join("themes/custom/assets/extra.css"), "body { color: green }")
        .expect("write");
    wait_for("a save in the new themes/", &server, || {
        server.get("/assets/extra.css").2.contains("green").then_some(())
    });
}

/// A symbolic link planted where serve's lock goes is not followed: no
/// file is made where it points, the link stays, and serve runs without
/// a lock. The same for a link planted as its private folder.
#[test]
#[cfg(target_os = "linux")]
fn a_link_planted_at_the_lock_is_not_followed() {
    use std::os::unix::fs::MetadataExt as _;
    let site = Site::minimal();
    let runtime = tempfile::tempdir().expect("temp dir");
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let env = [("XDG_RUNTIME_DIR", runtime.path().to_str().expect("UTF-8 path"))];
    // The lock's name, from a serve that held it.
    let (mut child, url, stderr) = spawn_serve(site.path(), &[], &env);
    let list = |dir: &Path| -> Vec<std::path::PathBuf> {
        std::fs::read_dir(dir).expect("list").map(|e| e.expect("entry").path()).collect()
    };
    let held = list(runtime.path());
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(held.len(), 1, "{held:?}; {url}: {}", stderr.lock().unwrap());
    let _ = std::fs::remove_file(&held[0]);
    let target = elsewhere.path().join("planted");
    std::os::unix::fs::symlink(&target, &held[0]).expect("symlink");
    let server = Server::start_env(site.path(), &env);
    assert_eq!(server.get("/").0, 200, "{}", server.stderr());
    drop(server);
    assert!(!target.exists(), "serve made a file where the planted link points");
    assert!(held[0].is_symlink(), "the planted link was replaced");

    // A link as the private folder in the temporary folder.
    let tmp = tempfile::tempdir().expect("temp dir");
    let uid = std::fs::metadata(tmp.path()).expect("metadata").uid();
    std::os::unix::fs::symlink(elsewhere.path(), tmp.path().join(format!("compendium-{uid}")))
        .expect("symlink");
    let env = [("XDG_RUNTIME_DIR", ""), ("TMPDIR", tmp.path().to_str().expect("UTF-8 path"))];
    let server = Server::start_env(site.path(), &env);
    assert_eq!(server.get("/").0, 200, "{}", server.stderr());
    assert!(server.stderr().contains("is not a folder"), "{}", server.stderr());
    drop(server);
    assert_eq!(list(elsewhere.path()), Vec::<std::path::PathBuf>::new());
}
