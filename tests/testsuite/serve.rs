//! `serve`: the preview server (edit → page changes; errors keep the last
//! good page and are reported; recovery), path confinement against hostile
//! requests, live reload in a real browser, and the incremental engine's
//! output byte-for-byte against a fresh `build`.

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use compendium::serve::engine::{ChangeKind, Engine, Route};

use crate::support::{Site, bin, copy_dir, eval_site, snapshot};

/// How long anything may take before a test gives up (generous: CI shares
/// two cores with other builds).
const DEADLINE: Duration = Duration::from_secs(60);

/// The page of the minimal site's record, as served.
const RECORD_PAGE: &str = "practices/single-window/";

/// A running `compendium serve --port 0`, killed on drop.
struct Server {
    child: Child,
    url: String,
    stderr: Arc<Mutex<String>>,
    agent: ureq::Agent,
}

impl Server {
    fn start(site: &Path) -> Server {
        Server::start_env(site, &[])
    }

    fn start_env(site: &Path, env: &[(&str, &str)]) -> Server {
        let (child, url, stderr) = crate::support::spawn_serve(site, &[], env);
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(20)))
            .build()
            .into();
        let server = Server { child, url, stderr, agent };
        assert!(
            server.url.starts_with("http://127.0.0.1:"),
            "no URL printed; stderr:\n{}",
            server.stderr()
        );
        server
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// GET a path relative to the site root: status, content type, body.
    fn get(&self, path: &str) -> (u16, String, String) {
        let mut r = self.agent.get(format!("{}{path}", self.url)).call().expect("request");
        let ct =
            r.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
        let body = r.body_mut().read_to_string().unwrap_or_default();
        (r.status().as_u16(), ct, body)
    }

    /// The first live-reload event a page gets on connecting: the current
    /// state (`errors` with the diagnostics, or `ok`).
    fn status_event(&self) -> (String, String) {
        let r = self.agent.get(format!("{}__compendium/events", self.url)).call().expect("events");
        let mut lines = BufReader::new(r.into_body().into_reader()).lines();
        let (mut event, mut data) = (String::new(), String::new());
        for line in lines.by_ref().map_while(Result::ok) {
            if let Some(e) = line.strip_prefix("event:") {
                event = e.trim().to_owned();
            } else if let Some(d) = line.strip_prefix("data:") {
                data.push_str(d.trim_start());
            } else if line.is_empty() && !event.is_empty() {
                break;
            }
        }
        (event, data)
    }

    fn port(&self) -> u16 {
        let rest = self.url.trim_start_matches("http://127.0.0.1:");
        rest.trim_end_matches('/').parse().expect("port")
    }

    /// Sends raw bytes (paths no HTTP client would send) and returns the
    /// status line.
    /// The status line and headers of a raw request's answer.
    fn raw_head(&self, request: &str) -> String {
        let mut s = TcpStream::connect(("127.0.0.1", self.port())).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(20))).expect("timeout");
        s.write_all(request.as_bytes()).expect("write");
        let mut head = String::new();
        for line in BufReader::new(s).lines() {
            let line = line.unwrap_or_default();
            if line.trim().is_empty() {
                break;
            }
            head.push_str(line.trim());
            head.push('\n');
        }
        head
    }

    fn raw(&self, request: &str) -> String {
        let mut s = TcpStream::connect(("127.0.0.1", self.port())).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(20))).expect("timeout");
        s.write_all(request.as_bytes()).expect("write");
        let mut line = String::new();
        let _ = BufReader::new(s).read_line(&mut line);
        line.trim().to_owned()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Polls `check` until it returns `Some`, failing after [`DEADLINE`].
fn wait_for<T>(what: &str, server: &Server, check: impl FnMut() -> Option<T>) -> T {
    crate::support::poll_until(what, DEADLINE, || server.stderr(), check)
}

/// Saves a file the way many editors do: write a temporary, rename over.
fn save(path: &Path, text: &str) {
    let tmp = path.with_file_name(format!(
        ".{}.tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("x")
    ));
    std::fs::write(&tmp, text).expect("write temp");
    std::fs::rename(&tmp, path).expect("rename");
}

const RECORD: &str = "content/practices/single-window.md";

fn record_text(title: &str) -> String {
    format!(
        "---\ntitle: {title}\nsummary: One place to lodge trade documents.\narea: customs\ntopics: [trade]\ncountries: [KEN]\n---\n\nA **single window** lets traders submit documents once.\n"
    )
}

/// What shows a record's title while it is served.
fn served_record(server: &Server) -> (u16, String) {
    let (status, _, body) = server.get(RECORD_PAGE);
    if status == 404 {
        // Before record pages exist, the dataset is the served record.
        let (status, _, body) = server.get("data/records.json");
        return (status, body);
    }
    (status, body)
}

#[test]
fn edit_break_and_fix_a_record_while_serving() {
    let site = Site::minimal();
    let server = Server::start(site.path());
    let (status, body) = served_record(&server);
    assert_eq!(status, 200);
    assert!(body.contains("Single window"), "{body}");
    assert_eq!(server.status_event().0, "ok");

    // Edit: the served page shows the new title.
    save(&site.path().join(RECORD), &record_text("Single window for traders"));
    wait_for("the edit to be served", &server, || {
        let (status, body) = served_record(&server);
        (status == 200 && body.contains("Single window for traders")).then_some(())
    });

    // Break it: a country name instead of a code. The last good page stays,
    // with 200, and the error is reported to pages and on stderr.
    let broken = record_text("Broken title").replace("[KEN]", "[Kenya]");
    save(&site.path().join(RECORD), &broken);
    let data = wait_for("the error to be reported", &server, || {
        let (event, data) = server.status_event();
        (event == "errors").then_some(data)
    });
    let diags: Vec<serde_json::Value> = serde_json::from_str(&data).expect("diagnostics JSON");
    // Warnings (book.toml has no base-url) come along; the error is the record's.
    let first = diags.iter().find(|d| d["severity"] == "error").expect("an error");
    assert_eq!(first["path"], RECORD, "{data}");
    assert_eq!(first["line"], 6, "{data}");
    assert!(first["message"].as_str().unwrap_or("").contains("Kenya"), "{data}");
    // stderr is read by another thread: the status event can come first.
    wait_for("the error on stderr", &server, || {
        server.stderr().contains("content/practices/single-window.md:6:").then_some(())
    });
    let (status, body) = served_record(&server);
    assert_eq!(status, 200);
    assert!(body.contains("Single window for traders"), "last good page expected: {body}");
    assert!(!body.contains("Broken title"));

    // Fix it: the page recovers and the errors are gone.
    save(&site.path().join(RECORD), &record_text("Single window, fixed"));
    wait_for("recovery", &server, || {
        let (status, body) = served_record(&server);
        (status == 200 && body.contains("Single window, fixed")).then_some(())
    });
    // The status turns ok as the page is written, a moment after it is on
    // disk.
    wait_for("the errors to clear", &server, || (server.status_event().0 == "ok").then_some(()));
}

#[test]
fn serves_only_the_build_folder() {
    let site = Site::minimal();
    site.write("secret.txt", "top secret");
    let server = Server::start(site.path());
    #[cfg(unix)]
    {
        let build = site.path().join("site");
        std::os::unix::fs::symlink(site.path().join("secret.txt"), build.join("link.txt"))
            .expect("symlink");
    }
    let abs = format!("{}", site.path().join("secret.txt").display());
    let hostile = [
        "/../secret.txt".to_owned(),
        "/data/../../secret.txt".to_owned(),
        "/%2e%2e/secret.txt".to_owned(),
        "/%2E%2E%2Fsecret.txt".to_owned(),
        "/..%5Csecret.txt".to_owned(),
        "/..\\secret.txt".to_owned(),
        "/link.txt".to_owned(),
        "/%00".to_owned(),
        "/C:/secret.txt".to_owned(),
        format!("/{abs}"),
        format!("/..{abs}"),
        abs.clone(),
        "http://127.0.0.1/../secret.txt".to_owned(),
        "*".to_owned(),
        "/%ff%fe%fd".to_owned(),
    ];
    for path in &hostile {
        let status = server
            .raw(&format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
        assert!(
            status.starts_with("HTTP/1.1 404") || status.starts_with("HTTP/1.1 400"),
            "{path}: {status}"
        );
    }
    // Still alive and answering, with the right types and a 404 page.
    let (status, ct, body) = server.get("data/records.json");
    assert_eq!(status, 200);
    assert_eq!(ct, "application/json; charset=utf-8");
    assert!(!body.contains("top secret"));
    let (status, ct, body) = server.get("no/such/page");
    assert_eq!(status, 404);
    assert!(ct.starts_with("text/html"), "{ct}");
    assert!(body.contains("/__compendium/reload.js"), "404 page gets the live-reload client");
    let (status, ct, body) = server.get("__compendium/reload.js");
    assert_eq!((status, ct.as_str()), (200, "text/javascript; charset=utf-8"));
    assert!(body.contains("EventSource"));
    let status = server.raw(
        "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    );
    assert!(status.starts_with("HTTP/1.1 405"), "{status}");
    // The build output itself never carries the client.
    for (path, bytes) in snapshot(&site.path().join("site")) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("__compendium"), "{path} carries the live-reload client");
    }
}

#[test]
fn serves_under_base_url_path_and_redirects_folders_there() {
    let site = Site::minimal();
    site.write("book.toml", "[book]\ntitle = \"Test\"\nbase-url = \"https://example.org/kb/\"\n");
    let server = Server::start(site.path());
    let (status, _, body) = server.get("kb/practices/");
    assert_eq!(status, 200);
    assert!(body.contains("Single window"), "{body}");
    // The live-reload script knows the base path, to name the page's file
    // as the server's reload events do (without it).
    assert!(body.contains("reload.js\" data-base=\"/kb/\""), "{body}");
    let (_, _, root) = server.get("practices/");
    assert!(root.contains("reload.js\"></script>"), "{root}");
    let ask = |path: &str| {
        server.raw_head(&format!(
            "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        ))
    };
    // A folder asked for without its slash keeps the base path and the query.
    let head = ask("/kb/practices?q=x");
    assert!(head.starts_with("HTTP/1.1 301"), "{head}");
    assert!(head.to_lowercase().contains("location: /kb/practices/?q=x\n"), "{head}");
    // At the root, as before.
    let head = ask("/practices");
    assert!(head.to_lowercase().contains("location: /practices/\n"), "{head}");
    // The base path itself without its slash is the home page's folder.
    let head = ask("/kb");
    assert!(head.starts_with("HTTP/1.1 301"), "{head}");
    assert!(head.to_lowercase().contains("location: /kb/\n"), "{head}");
    assert!(ask("/k").starts_with("HTTP/1.1 404"));
}

/// `/api/search` answers under base-url's path as the pages do, and at the
/// root as before: the same answer at both.
#[test]
fn api_search_answers_under_the_base_url_path_too() {
    let site = Site::minimal();
    site.write(
        "book.toml",
        "[book]\ntitle = \"Test\"\nbase-url = \"https://example.org/tracker/\"\n",
    );
    let server = Server::start(site.path());
    let (status, ct, under) = server.get("tracker/api/search?q=single+window");
    assert_eq!(status, 200, "{under}");
    assert_eq!(ct, "application/json; charset=utf-8");
    let hits: serde_json::Value = serde_json::from_str(&under).expect("JSON");
    assert_eq!(hits[0]["key"], "practices/single-window", "{under}");
    let (status, _, root) = server.get("api/search?q=single+window");
    assert_eq!(status, 200, "{root}");
    assert_eq!(under, root);
    // Its errors are the API's (JSON), not the 404 page.
    let (status, ct, body) = server.get("tracker/api/search");
    assert_eq!((status, ct.as_str()), (400, "application/json; charset=utf-8"), "{body}");
    assert!(body.contains("give a query"), "{body}");
    // Only that path: its neighbours are pages, missing ones.
    assert_eq!(server.get("tracker/api/searches?q=x").0, 404);
    assert_eq!(server.get("tracker/tracker/api/search?q=x").0, 404);
}

#[test]
fn a_base_url_changed_while_serving_moves_the_site() {
    let site = Site::minimal();
    site.write("book.toml", "[book]\ntitle = \"Test\"\nbase-url = \"https://example.org/kb/\"\n");
    let server = Server::start(site.path());
    assert_eq!(server.get("kb/practices/").0, 200);
    site.write("book.toml", "[book]\ntitle = \"Test\"\nbase-url = \"https://example.org/docs/\"\n");
    // The pages link from the new path, and the server answers there.
    wait_for("the site under /docs/", &server, || {
        let (status, _, body) = server.get("docs/practices/");
        (status == 200 && body.contains("data-base=\"/docs/\"")).then_some(())
    });
    assert_eq!(server.get("docs/assets/style.css").0, 200);
}

/// Edits through the engine (as `serve` does) and compares the build folder
/// with a fresh `build` of the same content, byte for byte.
pub(crate) fn assert_same_as_fresh_build(
    site: &Path,
    engine_site: Option<&compendium::Site>,
    what: &str,
) {
    let fresh = tempfile::tempdir().expect("temp dir");
    copy_dir(&site.join("content"), &fresh.path().join("content"));
    std::fs::copy(site.join("book.toml"), fresh.path().join("book.toml")).expect("book.toml");
    if site.join("themes").is_dir() {
        copy_dir(&site.join("themes"), &fresh.path().join("themes"));
    }
    let out = Command::new(bin())
        .arg("--root")
        .arg(fresh.path())
        .arg("build")
        .output()
        .expect("run build");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // The patched site itself equals a freshly resolved one.
    if let Some(patched) = engine_site {
        let loaded = compendium::pipeline::load(fresh.path());
        let fresh_site = loaded.site.expect("fresh site");
        assert!(patched.records == fresh_site.records, "{what}: records differ");
        assert_eq!(patched.listings, fresh_site.listings, "{what}: listings");
        assert_eq!(patched.backlinks, fresh_site.backlinks, "{what}: backlinks");
        assert_eq!(patched.terms, fresh_site.terms, "{what}: terms");
        assert_eq!(patched.countries, fresh_site.countries, "{what}: countries");
    }
    let got = snapshot(&site.join("site"));
    let want = snapshot(&fresh.path().join("site"));
    let got_paths: Vec<&String> = got.keys().collect();
    let want_paths: Vec<&String> = want.keys().collect();
    assert_eq!(got_paths, want_paths, "{what}: different files");
    for (path, bytes) in &want {
        assert!(got.get(path) == Some(bytes), "{what}: `{path}` differs from a fresh build");
    }
}

fn edit(site: &Path, rel: &str, f: impl FnOnce(&str) -> String) -> PathBuf {
    let path = site.join(rel);
    let text = std::fs::read_to_string(&path).expect("read record");
    std::fs::write(&path, f(&text)).expect("write record");
    path
}

/// An engine started on a copy of the eval site (`None`, with a note, when
/// the fixture is not beside the checkout).
fn engine_on_eval_copy() -> Option<(tempfile::TempDir, Engine)> {
    let Some(eval) = eval_site() else {
        eprintln!("skipped: ../shared/fixtures/eval-site is not beside the checkout");
        return None;
    };
    let tmp = tempfile::tempdir().expect("temp dir");
    copy_dir(&eval, tmp.path());
    let (engine, outcome) = Engine::start(tmp.path());
    assert!(!outcome.has_errors(), "{:?}", outcome.diagnostics);
    Some((tmp, engine))
}

#[test]
fn incremental_rebuilds_match_a_fresh_build() {
    let Some((tmp, mut engine)) = engine_on_eval_copy() else { return };
    let root = tmp.path();
    let site = engine.site().expect("site").clone();
    // A record that links and is linked to, with terms and countries.
    let linked = site
        .records
        .values()
        .filter(|r| &*r.key.collection != "sources")
        .find(|r| !r.links().is_empty() && site.backlinks.contains_key(&r.key))
        .or_else(|| site.records.values().find(|r| !r.links().is_empty()))
        .expect("a record with links");
    let rel = linked.path.clone();

    let fast = |engine: &mut Engine, path: PathBuf, what: &str| {
        let o = engine.apply(&[ChangeKind::Record(path)]);
        assert!(!o.has_errors(), "{what}: {:?}", o.diagnostics);
        assert_eq!(o.route, Route::Fast, "{what}");
        assert_same_as_fresh_build(root, engine.site(), what);
    };

    // Title (listing order, pages that show it), then summary and body.
    let path = edit(root, &rel, |t| t.replacen("title: ", "title: Zz renamed ", 1));
    fast(&mut engine, path, "title change");
    let path = edit(root, &rel, |t| format!("{t}\n\nAn added closing paragraph.\n"));
    fast(&mut engine, path, "body change");

    // Break it, then fix it: nothing is written while broken.
    let before = snapshot(&root.join("site"));
    let good = std::fs::read_to_string(root.join(&rel)).expect("read");
    let path = edit(root, &rel, |t| t.replacen("title: ", "title: [unclosed ", 1));
    let o = engine.apply(&[ChangeKind::Record(path.clone())]);
    assert!(o.has_errors());
    assert!(o.written.is_empty());
    assert_eq!(snapshot(&root.join("site")), before, "a broken record changed the build");
    std::fs::write(&path, &good).expect("restore");
    let o = engine.apply(&[ChangeKind::Record(path)]);
    assert!(!o.has_errors(), "{:?}", o.diagnostics);
    assert_same_as_fresh_build(root, engine.site(), "after a fix");

    // A new record in the same collection, then its removal (full path).
    let dir = root.join(&rel).parent().map(Path::to_path_buf).expect("folder");
    let new_path = dir.join("zz-a-new-record.yaml");
    let mut text = std::fs::read_to_string(root.join(&rel)).expect("read");
    if rel.ends_with(".md") {
        // Make a YAML record from the front matter.
        let fm = text.split("---").nth(1).unwrap_or("").to_owned();
        text = fm;
    }
    let text: String =
        text.lines().filter(|l| !l.starts_with("id:")).collect::<Vec<_>>().join("\n");
    std::fs::write(&new_path, format!("{text}\n")).expect("write new");
    fast(&mut engine, new_path.clone(), "new record");
    std::fs::remove_file(&new_path).expect("remove");
    let o = engine.apply(&[ChangeKind::Record(new_path)]);
    assert_eq!(o.route, Route::Full);
    assert_same_as_fresh_build(root, engine.site(), "removed record");
}

/// Runs the site-wide job the engine asks for, as `serve`'s datasets
/// thread does, and hands the files back.
fn run_wide_job(engine: &mut Engine) -> bool {
    let Some(site) = engine.site().cloned() else { return false };
    let Some(job) = engine.wide_job(Arc::new(site)) else { return false };
    let made = compendium::serve::engine::make_wide(&job, &mut Default::default());
    engine.install_wide(job.generation, made);
    engine.flush(&mut |_| {});
    true
}

#[test]
fn site_wide_files_made_on_another_thread_match_a_fresh_build() {
    let Some((tmp, mut engine)) = engine_on_eval_copy() else { return };
    let root = tmp.path();
    engine.background_site_wide(true);
    assert!(!run_wide_job(&mut engine), "no job before a change");
    let site = engine.site().expect("site").clone();
    let rel = site
        .records
        .values()
        .find(|r| &*r.key.collection != "sources")
        .expect("a record")
        .path
        .clone();

    // The datasets keep the old title until the job's files are put in place.
    let path = edit(root, &rel, |t| t.replacen("title: ", "title: Zz datasets ", 1));
    let o = engine.apply(&[ChangeKind::Record(path)]);
    assert!(!o.has_errors(), "{:?}", o.diagnostics);
    let records =
        || std::fs::read_to_string(root.join("site/data/records.json")).expect("records.json");
    assert!(!records().contains("Zz datasets"), "made on the rebuild thread");
    assert!(run_wide_job(&mut engine));
    assert!(records().contains("Zz datasets"));
    assert_same_as_fresh_build(root, engine.site(), "after a background job");
    assert!(!run_wide_job(&mut engine), "nothing changed since");

    // A job made before everything was written again (here: book.toml
    // changed) is dropped, not written over the newer files.
    let path = edit(root, &rel, |t| t.replacen("title: Zz datasets ", "title: Zz stale ", 1));
    engine.apply(&[ChangeKind::Record(path)]);
    let site = engine.site().cloned().expect("site");
    let job = engine.wide_job(Arc::new(site)).expect("a job");
    let made = compendium::serve::engine::make_wide(&job, &mut Default::default());
    let path = edit(root, &rel, |t| t.replacen("title: Zz stale ", "title: Zz final ", 1));
    let book = edit(root, "book.toml", |t| format!("{t}\n"));
    let o = engine.apply(&[ChangeKind::Record(path), ChangeKind::Config]);
    assert!(!o.has_errors(), "{:?}", o.diagnostics);
    let _ = book;
    engine.install_wide(job.generation, made);
    engine.flush(&mut |_| {});
    assert!(records().contains("Zz final"));
    assert!(!records().contains("Zz stale"));
    // Files served from the build folder are readable by all, as a build's.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(root.join("site/data/records.json"))
            .expect("meta")
            .permissions()
            .mode();
        let fresh = tempfile::NamedTempFile::new().expect("tmp");
        std::fs::write(fresh.path().with_extension("x"), "x").expect("write");
        let want =
            std::fs::metadata(fresh.path().with_extension("x")).expect("meta").permissions().mode();
        let _ = std::fs::remove_file(fresh.path().with_extension("x"));
        assert_eq!(mode & 0o777, want & 0o777, "records.json mode");
    }
    assert_same_as_fresh_build(root, engine.site(), "after a dropped job");
}

/// Chromium, when installed.
fn chromium() -> Option<PathBuf> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
}

/// A headless Chromium with a DevTools port, killed on drop.
struct Browser {
    child: Child,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One DevTools session on a page target.
struct DevTools {
    ws: tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<TcpStream>>,
    next_id: u64,
}

impl DevTools {
    /// Evaluates `expr` in the page; `None` while the page is between
    /// documents (reloading) or on any protocol error.
    fn eval(&mut self, expr: &str) -> Option<serde_json::Value> {
        self.next_id += 1;
        let id = self.next_id;
        let msg = serde_json::json!({
            "id": id,
            "method": "Runtime.evaluate",
            "params": {"expression": expr, "returnByValue": true},
        });
        self.ws.send(tungstenite::Message::Text(msg.to_string().into())).ok()?;
        loop {
            let tungstenite::Message::Text(text) = self.ws.read().ok()? else { continue };
            let v: serde_json::Value = serde_json::from_str(text.as_str()).ok()?;
            if v["id"] == id {
                if v.get("error").is_some() || v["result"].get("exceptionDetails").is_some() {
                    return None;
                }
                return Some(v["result"]["result"]["value"].clone());
            }
        }
    }
}

type LiveSocket = tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<TcpStream>>;

/// A live-reload socket to `server`, sent with `origin` (none: a program).
fn live_socket(
    server: &Server,
    origin: Option<&str>,
) -> Result<LiveSocket, Box<tungstenite::Error>> {
    live_socket_at(server, origin, "")
}

/// [`live_socket`] with a query (`?age=MS`).
fn live_socket_at(
    server: &Server,
    origin: Option<&str>,
    query: &str,
) -> Result<LiveSocket, Box<tungstenite::Error>> {
    use tungstenite::client::IntoClientRequest as _;
    let host = server.url.trim_start_matches("http://").trim_end_matches('/');
    let mut request =
        format!("ws://{host}/__compendium/live{query}").into_client_request().expect("request");
    if let Some(o) = origin {
        request.headers_mut().insert("Origin", o.parse().expect("origin"));
    }
    let (ws, _) = tungstenite::connect(request).map_err(Box::new)?;
    if let tungstenite::stream::MaybeTlsStream::Plain(s) = ws.get_ref() {
        s.set_read_timeout(Some(Duration::from_secs(30))).expect("read timeout");
    }
    Ok(ws)
}

/// The next event on `ws`; pings come every 15 s, so a deadline (not the
/// read timeout) fails a test whose event never comes.
fn next_event(ws: &mut LiveSocket) -> serde_json::Value {
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        assert!(std::time::Instant::now() < deadline, "no event within 60 s");
        if let tungstenite::Message::Text(t) = ws.read().expect("frame") {
            return serde_json::from_str(t.as_str()).expect("JSON");
        }
    }
}

/// Live reload over a WebSocket, which browsers do not count against
/// their six connections to a host (an event stream per tab held them
/// all): the state first, then each change; a page of another site is
/// refused the handshake.
#[test]
fn live_reload_speaks_websocket_to_the_previews_own_pages() {
    let site = Site::minimal();
    let server = Server::start(site.path());
    match live_socket(&server, Some("https://evil.example")).map_err(|e| *e) {
        Err(tungstenite::Error::Http(r)) => assert_eq!(r.status(), 403),
        other => panic!("a foreign page connected: {:?}", other.map(|_| ())),
    }
    let own = server.url.trim_end_matches('/').to_owned();
    let mut ws = live_socket(&server, Some(&own)).expect("handshake");
    assert_eq!(next_event(&mut ws)["event"], "ok");
    save(&site.path().join(RECORD), &record_text("Single window over a socket"));
    let reload = next_event(&mut ws);
    assert_eq!(reload["event"], "reload", "{reload}");
    assert!(reload["data"].as_str().is_some_and(|d| d.contains("single-window")), "{reload}");
    // Pages send nothing: a client's large message ends its connection.
    ws.send(tungstenite::Message::Text("x".repeat(100_000).into())).expect("send");
    let ended = (0..20).any(|_| match ws.read() {
        Ok(tungstenite::Message::Close(_)) | Err(_) => true,
        Ok(_) => false,
    });
    assert!(ended, "the connection stayed open");
}

/// A page that started loading before a save's reload was sent, and
/// connected after, is told of it (it may show the content from before):
/// pages connect with their age; one loaded after the save is not.
#[test]
fn a_page_connecting_after_a_reload_it_missed_is_told_of_it() {
    let site = Site::minimal();
    let server = Server::start(site.path());
    let mut listening = live_socket(&server, None).expect("handshake");
    assert_eq!(next_event(&mut listening)["event"], "ok");
    save(&site.path().join(RECORD), &record_text("Single window, saved while loading"));
    assert_eq!(next_event(&mut listening)["event"], "reload");
    // Loading for the last minute: the save fell in it.
    let mut late = live_socket_at(&server, None, "?age=60000").expect("handshake");
    assert_eq!(next_event(&mut late)["event"], "ok");
    let missed = next_event(&mut late);
    assert_eq!(missed["event"], "reload", "{missed}");
    assert!(missed["data"].as_str().is_some_and(|d| d.contains("single-window")), "{missed}");
    // Once the pages the save touched are all written (the listing and
    // the term pages after the record's) and told of...
    if let tungstenite::stream::MaybeTlsStream::Plain(s) = listening.get_ref() {
        s.set_read_timeout(Some(Duration::from_secs(3))).expect("read timeout");
    }
    while listening.read().is_ok() {}
    // ...a page loaded just now missed nothing, and is told nothing after
    // the state.
    let mut fresh = live_socket_at(&server, None, "?age=0").expect("handshake");
    assert_eq!(next_event(&mut fresh)["event"], "ok");
    if let tungstenite::stream::MaybeTlsStream::Plain(s) = fresh.get_ref() {
        s.set_read_timeout(Some(Duration::from_secs(1))).expect("read timeout");
    }
    match fresh.read() {
        Err(tungstenite::Error::Io(e)) => assert!(
            matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut),
            "{e}"
        ),
        other => panic!("a page loaded after the save was told {other:?}"),
    }
}

/// A theme folder pages do not use: `serve` says so at start, as `build`
/// does, and when one of its files is edited (the edit changes nothing).
#[test]
fn serve_says_an_edited_theme_folder_is_not_used() {
    let site = Site::minimal();
    site.write("themes/mine/record.html", "{% extends \"base.html\" %}");
    let server = Server::start(site.path());
    assert!(
        server.stderr().contains("themes/mine/record.html:1:1: warning:"),
        "{}",
        server.stderr()
    );
    save(&site.path().join("themes/mine/record.html"), "{% extends \"base.html\" %}<!-- x -->");
    wait_for("the edit's warning", &server, || {
        server
            .stderr()
            .contains("warning: `themes/mine/record.html` changed, but pages do not use it")
            .then_some(())
    });
}

/// A new record remakes the browser index, which only the search page
/// reads: other open pages are not told to reload for it.
#[test]
fn a_remade_browser_index_reloads_the_search_page_only() {
    let site = Site::minimal();
    let server = Server::start(site.path());
    let mut ws = live_socket(&server, None).expect("handshake");
    assert_eq!(next_event(&mut ws)["event"], "ok");
    save(
        &site.path().join("content/practices/new-one.md"),
        "---\ntitle: New one\nsummary: S.\narea: customs\n---\n",
    );
    let mut told = Vec::new();
    loop {
        let e = next_event(&mut ws);
        assert_eq!(e["event"], "reload", "{e}");
        let data = e["data"].as_str().unwrap_or_default().to_owned();
        assert_ne!(data, "\"*\"", "every page reloaded after {told:?}");
        told.push(data.clone());
        // The index's own reload (the page flush names the search page
        // too, with the others it re-rendered).
        if data == "[\"search/index.html\"]" {
            break;
        }
    }
}

/// `serve` started with an error: the fix reloads every page (they show
/// a build from before it), not only clears the overlay.
#[test]
fn fixing_the_errors_serve_started_with_reloads_the_pages() {
    let site = Site::minimal();
    site.write(RECORD, "---\nsummary: no title\narea: customs\n---\n");
    let server = Server::start(site.path());
    let mut ws = live_socket(&server, None).expect("handshake");
    assert_eq!(next_event(&mut ws)["event"], "errors");
    save(&site.path().join(RECORD), &record_text("Single window fixed"));
    let (ok, reload) = (next_event(&mut ws), next_event(&mut ws));
    assert_eq!(ok["event"], "ok", "{ok}");
    assert_eq!(reload["event"], "reload", "{reload}");
}

#[test]
fn open_page_reloads_itself_after_a_save() {
    let Some(chromium) = chromium() else {
        assert!(
            std::env::var("CI").map_or(true, |v| v != "true"),
            "CI=true but Chromium is not installed (apt-get install chromium)"
        );
        eprintln!("skipped: Chromium is not installed (apt-get install chromium)");
        return;
    };
    let site = Site::minimal();
    let server = Server::start(site.path());
    let page = format!("{}{RECORD_PAGE}", server.url);
    let profile = tempfile::tempdir().expect("profile dir");
    let child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-default-browser-check",
            "--remote-debugging-port=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(&page)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let browser = Browser { child, _profile: profile };
    let port_file = browser._profile.path().join("DevToolsActivePort");
    let port: u16 = wait_for("Chromium's DevTools port", &server, || {
        std::fs::read_to_string(&port_file).ok()?.lines().next()?.trim().parse().ok()
    });
    let ws_url = wait_for("the page target", &server, || {
        let mut r = server.agent.get(format!("http://127.0.0.1:{port}/json/list")).call().ok()?;
        let targets: serde_json::Value =
            serde_json::from_str(&r.body_mut().read_to_string().ok()?).ok()?;
        targets.as_array()?.iter().find_map(|t| {
            (t["type"] == "page" && t["url"].as_str()?.starts_with(&server.url))
                .then(|| t["webSocketDebuggerUrl"].as_str().map(str::to_owned))?
        })
    });
    let (ws, _) = tungstenite::connect(ws_url.as_str()).expect("DevTools websocket");
    let mut tools = DevTools { ws, next_id: 0 };
    // The page is loaded and its live-reload stream is open.
    wait_for("the live-reload connection", &server, || {
        let open = tools
            .eval("!!(window.__compendiumReload && window.__compendiumReload.readyState === 1)")?;
        (open == true).then_some(())
    });
    // A value only this document has: a reload loses it.
    assert_eq!(
        tools.eval("window.__compendiumTestMarker = 'before-save'"),
        Some("before-save".into())
    );
    save(&site.path().join(RECORD), &record_text("Single window reloaded"));
    wait_for("the page to reload itself", &server, || {
        let gone = tools.eval(
            "document.readyState === 'complete' && window.__compendiumTestMarker === undefined",
        )?;
        (gone == true).then_some(())
    });
    // When record pages exist, the reloaded page shows the saved title.
    if server.get(RECORD_PAGE).0 == 200 {
        wait_for("the new title in the page", &server, || {
            let shown = tools.eval("document.body.innerText.includes('Single window reloaded')")?;
            (shown == true).then_some(())
        });
    }
    drop(tools);
    drop(browser);
}

#[test]
fn incremental_edits_of_links_terms_and_blocs_match_a_fresh_build() {
    let site = Site::minimal();
    site.write(
        "content/practices/customs-portal.md",
        "---\ntitle: Customs portal\nsummary: Lodge declarations online.\narea: customs\nbasis: [single-window]\ntopics: [trade]\n---\n\nBody.\n",
    );
    let root = site.path();
    let (mut engine, outcome) = Engine::start(root);
    assert!(!outcome.has_errors(), "{:?}", outcome.diagnostics);
    let mut step = |rel: &str, text: &str, what: &str| {
        let path = root.join(rel);
        std::fs::write(&path, text).expect("write");
        let o = engine.apply(&[ChangeKind::Record(path)]);
        assert!(!o.has_errors(), "{what}: {:?}", o.diagnostics);
        assert_eq!(o.route, Route::Fast, "{what}");
        assert_same_as_fresh_build(root, engine.site(), what);
    };
    // A bloc instead of a country: KEN's page goes, FRA and DEU get pages
    // through the European Union, whose term page appears.
    step(RECORD, &record_text("Single window").replace("[KEN]", "[european-union, UGA]"), "bloc");
    // The last record with a topic drops it: the term page goes.
    let no_topic = record_text("Single window")
        .replace("[KEN]", "[european-union]")
        .replace("topics: [trade]\n", "");
    step(RECORD, &no_topic, "topic dropped");
    step(
        "content/practices/customs-portal.md",
        "---\ntitle: A customs portal\nsummary: Lodge declarations online.\narea: payments\nbasis: [single-window]\n---\n\nBody.\n",
        "linking record renamed, its topic dropped",
    );
    // A new record linking to both.
    step(
        "content/practices/trade-hub.yaml",
        "title: Trade hub\nsummary: Everything in one place.\narea: customs\nbasis: [single-window, customs-portal]\ntopics: [trade]\ncountries: [DEU]\n",
        "new linking record",
    );
    // The bloc's last record leaves it: FRA and DEU pages go (DEU stays,
    // named directly by the trade hub).
    step(RECORD, &record_text("Single window"), "bloc dropped");
    // Removing a link.
    step(
        "content/practices/trade-hub.yaml",
        "title: Trade hub\nsummary: Everything in one place.\narea: customs\nbasis: [customs-portal]\n",
        "link removed",
    );
}

#[test]
fn api_search_answers_like_search_json_and_follows_edits() {
    let site = Site::minimal();
    let server = Server::start(site.path());
    let (status, ct, body) = server.get("api/search?q=single+window");
    assert_eq!(status, 200, "{body}");
    assert_eq!(ct, "application/json; charset=utf-8");
    let hits: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(hits[0]["key"], "practices/single-window", "{body}");
    assert_eq!(hits[0]["url"], "practices/single-window/index.html", "{body}");
    // The same as the command line's --json.
    let cli = site.run(&["search", "single window", "--json"]);
    assert_eq!(cli.code, 0, "{}", cli.stderr);
    assert_eq!(cli.stdout, body);
    assert_eq!(server.get("api/search").0, 400);
    assert_eq!(server.get("api/search?q=x&limit=nope").0, 400);
    assert_eq!(server.get("api/search?q=x&filter=oops").0, 400);

    // The index follows a save.
    save(&site.path().join(RECORD), &record_text("Single window for zebras"));
    wait_for("the index to find the new title", &server, || {
        let (status, _, body) = server.get("api/search?q=zebras");
        (status == 200 && body.contains("practices/single-window")).then_some(())
    });
    // In place: the edited record's document replaced, not the whole index.
    wait_for("the in-place index update to be reported", &server, || {
        server.stderr().contains("search index 1 record(s) updated in place").then_some(())
    });
    // And so does the browser index, updated in place too: the record's
    // postings replaced, its files renamed, the rest left as they were.
    wait_for("the browser index to hold the new word", &server, || {
        let files = snapshot(&site.path().join("site/search"));
        files.values().any(|b| String::from_utf8_lossy(b).contains("zebra")).then_some(())
    });
    wait_for("the browser index update to be reported", &server, || {
        server.stderr().contains("browser index updated: ").then_some(())
    });
    let fresh = tempfile::tempdir().expect("temp dir");
    copy_dir(&site.path().join("content"), &fresh.path().join("content"));
    std::fs::copy(site.path().join("book.toml"), fresh.path().join("book.toml")).expect("copy");
    let out =
        Command::new(bin()).arg("--root").arg(fresh.path()).arg("build").output().expect("build");
    assert!(out.status.success());
    wait_for("the browser index to equal a fresh build's", &server, || {
        (snapshot(&site.path().join("site/search")) == snapshot(&fresh.path().join("site/search")))
            .then_some(())
    });
}

#[test]
fn template_and_stylesheet_edits_match_a_fresh_build() {
    let site = Site::minimal();
    site.write("book.toml", "[book]\ntitle = \"Test\"\n[build]\ntheme = \"custom\"\n");
    let record_tpl = "themes/custom/record.html";
    site.write(
        record_tpl,
        "{% extends \"base.html\" %}{% block main %}<h1>ONE {{ record.title }}</h1>{% endblock main %}",
    );
    site.write("themes/custom/assets/extra.css", "body { color: red }");
    let root = site.path();
    let (mut engine, outcome) = Engine::start(root);
    assert!(!outcome.has_errors(), "{:?}", outcome.diagnostics);

    // A template: every page that uses it is re-rendered.
    site.write(
        record_tpl,
        "{% extends \"base.html\" %}{% block main %}<h1>TWO {{ record.title }}</h1>{% endblock main %}",
    );
    let o = engine.apply(&[ChangeKind::Template(root.join(record_tpl))]);
    assert!(!o.has_errors(), "{:?}", o.diagnostics);
    assert!(o.written.iter().any(|p| p == "practices/single-window/index.html"), "{:?}", o.written);
    assert!(site.read("site/practices/single-window/index.html").contains("TWO Single window"));
    assert_same_as_fresh_build(root, engine.site(), "template edit");

    // A broken template keeps the last good pages and reports the file.
    site.write(
        record_tpl,
        "{% extends \"base.html\" %}{% block main %}{% if %}{% endblock main %}",
    );
    let before = snapshot(&root.join("site"));
    let o = engine.apply(&[ChangeKind::Template(root.join(record_tpl))]);
    assert!(o.has_errors());
    // At the template's file, line and column, as tera gives them.
    assert!(
        o.diagnostics.iter().any(|d| (d.path.as_str(), d.line, d.col) == (record_tpl, 1, 48)),
        "{:?}",
        o.diagnostics
    );
    assert_eq!(snapshot(&root.join("site")), before);
    site.write(
        record_tpl,
        "{% extends \"base.html\" %}{% block main %}<h1>TWO {{ record.title }}</h1>{% endblock main %}",
    );
    let o = engine.apply(&[ChangeKind::Template(root.join(record_tpl))]);
    assert!(!o.has_errors(), "{:?}", o.diagnostics);

    // A template only listings use: only they are rendered again, and the
    // content is not read again.
    let listing_tpl = "themes/custom/collection.html";
    site.write(
        listing_tpl,
        "{% extends \"base.html\" %}{% block main %}<h1>LISTING</h1>{% endblock main %}",
    );
    let o = engine.apply(&[ChangeKind::Template(root.join(listing_tpl))]);
    assert!(!o.has_errors(), "{:?}", o.diagnostics);
    assert_eq!(o.written, vec!["practices/index.html".to_owned()]);
    assert!(site.read("site/practices/index.html").contains("LISTING"));
    assert_same_as_fresh_build(root, engine.site(), "listing template edit");
    // The base template: every page.
    site.write(
        "themes/custom/base.html",
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/base.html"))
            .expect("base.html")
            .replace("</body>", "<p>EDITED BASE</p></body>"),
    );
    let o = engine.apply(&[ChangeKind::Template(root.join("themes/custom/base.html"))]);
    assert!(!o.has_errors(), "{:?}", o.diagnostics);
    assert!(
        o.written.iter().any(|p| p == "index.html")
            && o.written.iter().any(|p| p == "practices/index.html")
            && o.written.iter().any(|p| p == "404.html"),
        "{:?}",
        o.written
    );
    assert_same_as_fresh_build(root, engine.site(), "base template edit");

    // A stylesheet: only it is written, and pages swap it in place.
    site.write("themes/custom/assets/extra.css", "body { color: blue }");
    let o = engine.apply(&[ChangeKind::Asset(root.join("themes/custom/assets/extra.css"))]);
    assert!(!o.has_errors(), "{:?}", o.diagnostics);
    assert_eq!(o.written, vec!["assets/extra.css".to_owned()]);
    assert_eq!(o.reload, compendium::serve::engine::Reload::Css);
    assert_same_as_fresh_build(root, engine.site(), "stylesheet edit");
}

#[test]
fn vim_style_saves_and_the_polling_fallback_are_seen() {
    let site = Site::minimal();
    let path = site.path().join(RECORD);
    for poll in ["0", "1"] {
        let mut server = Server::start_env(site.path(), &[("COMPENDIUM_POLL", poll)]);
        // vim: probe file, rename the original to a backup, write anew,
        // remove the backup; plus a swap file that must be ignored.
        let title = format!("Single window, vim {poll}");
        let dir = path.parent().expect("dir");
        std::fs::write(dir.join("4913"), "").expect("probe");
        std::fs::remove_file(dir.join("4913")).expect("probe");
        std::fs::write(dir.join(".single-window.md.swp"), "swap").expect("swap");
        let backup = dir.join("single-window.md~");
        std::fs::rename(&path, &backup).expect("backup");
        std::fs::write(&path, record_text(&title)).expect("write");
        std::fs::remove_file(&backup).expect("remove backup");
        wait_for(&format!("the vim-style save (COMPENDIUM_POLL={poll})"), &server, || {
            let (status, _, body) = server.get(RECORD_PAGE);
            (status == 200 && body.contains(&title)).then_some(())
        });
        std::fs::remove_file(dir.join(".single-window.md.swp")).expect("swap");
        assert!(!server.stderr().contains("error:"), "{}", server.stderr());
        let _ = server.child.kill();
    }
}

/// [`run_wide_job`] with the datasets thread's cache kept from job to job,
/// as `serve` keeps it.
fn run_wide_job_keeping(
    engine: &mut Engine,
    cache: &mut std::collections::HashMap<compendium::model::Key, String>,
) {
    let Some(site) = engine.site().cloned() else { return };
    let Some(job) = engine.wide_job(Arc::new(site)) else { return };
    let made = compendium::serve::engine::make_wide(&job, cache);
    engine.install_wide(job.generation, made);
    engine.flush(&mut |_| {});
}

/// Three sequences an editor met in `serve`, each matching a fresh build:
/// a record added that another file's error asked for; the datasets after
/// a whole rebuild (the job thread's entries were of the older site); and
/// the compare data of a collection whose only record stops being a draft.
#[test]
fn errors_cleared_by_a_new_record_whole_rebuilds_and_undrafting_match_a_fresh_build() {
    let Some((tmp, mut engine)) = engine_on_eval_copy() else { return };
    let root = tmp.path();
    engine.background_site_wide(true);
    let mut cache = std::collections::HashMap::new();
    let a = "content/regulations/aus-australian-consumer-law.yaml";
    let b = "content/regulations/bra-decree-7962-2013.md";

    // A whole rebuild (book.toml changed with a record): the next job
    // after a save of another record makes the first's entry anew.
    let path = edit(root, a, |t| t.replacen("title: ", "title: Zz one ", 1));
    engine.apply(&[ChangeKind::Record(path)]);
    run_wide_job_keeping(&mut engine, &mut cache);
    let path = edit(root, a, |t| t.replacen("title: Zz one ", "title: Zz two ", 1));
    edit(root, "book.toml", |t| format!("{t}\n"));
    let o = engine.apply(&[ChangeKind::Record(path), ChangeKind::Config]);
    assert_eq!(o.route, Route::Full);
    run_wide_job_keeping(&mut engine, &mut cache);
    let path = edit(root, b, |t| t.replacen("title: ", "title: Zz other ", 1));
    let o = engine.apply(&[ChangeKind::Record(path)]);
    assert_eq!(o.route, Route::Fast);
    run_wide_job_keeping(&mut engine, &mut cache);
    assert_same_as_fresh_build(root, engine.site(), "a save after a whole rebuild");

    // A link to a record not yet written is an error; writing it clears it.
    let path = edit(root, b, |t| format!("{t}\nSee [the new one](@/regulations/zz-new).\n"));
    let o = engine.apply(&[ChangeKind::Record(path)]);
    assert!(o.has_errors(), "{:?}", o.diagnostics);
    let new = root.join("content/regulations/zz-new.yaml");
    let text = std::fs::read_to_string(root.join(a)).expect("read");
    std::fs::write(&new, text.replacen("title: Zz two ", "title: Zz new ", 1)).expect("write");
    let o = engine.apply(&[ChangeKind::Record(new)]);
    assert!(!o.has_errors(), "{:?}", o.diagnostics);
    run_wide_job_keeping(&mut engine, &mut cache);
    assert_same_as_fresh_build(root, engine.site(), "the record an error asked for");

    // A collection whose only record is a draft, then is not.
    std::fs::create_dir_all(root.join("content/laws")).expect("mkdir");
    std::fs::copy(
        root.join("content/regulations/_collection.yaml"),
        root.join("content/laws/_collection.yaml"),
    )
    .expect("copy");
    let law = root.join("content/laws/ken-law.yaml");
    let text = std::fs::read_to_string(root.join(a))
        .expect("read")
        .replace("related: [best-practices/fair-online-reviews]", "related: []");
    std::fs::write(&law, &text).expect("write");
    let o = engine.apply(&[ChangeKind::Schema, ChangeKind::Record(law.clone())]);
    assert!(!o.has_errors(), "{:?}", o.diagnostics);
    run_wide_job_keeping(&mut engine, &mut cache);
    assert!(root.join("site/compare/d/laws").is_dir(), "the collection's compare data");
    // Its compare data written by a job (a save), then gone with the draft.
    let text = text.replacen("title: Zz two ", "title: Zz law ", 1);
    std::fs::write(&law, &text).expect("write");
    assert_eq!(engine.apply(&[ChangeKind::Record(law.clone())]).route, Route::Fast);
    run_wide_job_keeping(&mut engine, &mut cache);
    std::fs::write(&law, format!("draft: true\n{text}")).expect("write");
    let o = engine.apply(&[ChangeKind::Record(law.clone())]);
    assert!(!o.has_errors(), "{:?}", o.diagnostics);
    run_wide_job_keeping(&mut engine, &mut cache);
    assert_same_as_fresh_build(root, engine.site(), "a collection of one draft");
    std::fs::write(&law, &text).expect("write");
    let o = engine.apply(&[ChangeKind::Record(law)]);
    assert!(!o.has_errors(), "{:?}", o.diagnostics);
    run_wide_job_keeping(&mut engine, &mut cache);
    assert_same_as_fresh_build(root, engine.site(), "its record no longer a draft");
}

/// A record with a translation: saving its own file keeps the fast path
/// (its translation's file did not change), and the pages in both
/// languages are what a fresh build writes; a change of its language
/// attaches the translation again the full way.
#[test]
fn a_translated_records_own_file_takes_the_fast_path() {
    let site = Site::minimal();
    let root = site.path();
    site.write("book.toml", "[book]\ntitle = \"Test\"\nlanguages = [\"en\", \"fr\"]\n");
    site.write(
        "content/practices/single-window.fr.md",
        "---\ntitle: Guichet unique\nsummary: Un seul guichet.\n---\n\nUn **guichet unique**.\n",
    );
    let (mut engine, outcome) = Engine::start(root);
    assert!(!outcome.has_errors(), "{:?}", outcome.diagnostics);
    let path = edit(root, RECORD, |t| t.replace("title: Single window", "title: One window"));
    let o = engine.apply(&[ChangeKind::Record(path)]);
    assert!(!o.has_errors(), "{:?}", o.diagnostics);
    assert_eq!(o.route, Route::Fast);
    let fr = engine.site().and_then(|s| s.records.values().next()).map(|r| r.translations.len());
    assert_eq!(fr, Some(1), "the translation is kept");
    assert_same_as_fresh_build(root, engine.site(), "a translated record's title");
    // Written in French now: its French translation is in its own language.
    let path =
        edit(root, RECORD, |t| t.replace("title: One window", "title: One window\nlanguage: fr"));
    let o = engine.apply(&[ChangeKind::Record(path)]);
    assert_eq!(o.route, Route::Full);
    assert!(o.has_errors(), "the translation is into the record's own language now");
}

/// After a template edit queues many pages, those open browsers show are
/// rendered in the next slice, before the others.
#[test]
fn the_pages_being_looked_at_are_rendered_first() {
    let site = Site::minimal();
    site.write("book.toml", "[book]\ntitle = \"Test\"\n[build]\ntheme = \"custom\"\n");
    let record_tpl = "themes/custom/record.html";
    let tpl = |word: &str| {
        format!(
            "{{% extends \"base.html\" %}}{{% block main %}}<h1>{word} {{{{ record.title }}}}</h1>{{% endblock main %}}"
        )
    };
    site.write(record_tpl, &tpl("ONE"));
    for i in 0..12 {
        site.write(
            &format!("content/practices/a{i:02}.md"),
            "---\ntitle: A\nsummary: S.\narea: customs\n---\n",
        );
    }
    let root = site.path();
    let (mut engine, outcome) = Engine::start(root);
    assert!(!outcome.has_errors(), "{:?}", outcome.diagnostics);
    site.write(record_tpl, &tpl("TWO"));
    let o = engine.apply_with(&[ChangeKind::Template(root.join(record_tpl))], &mut |_| {});
    assert!(o.queued >= 13, "every record page is queued: {}", o.queued);
    let page = "practices/single-window/index.html";
    engine.prefer(&[page.to_owned()].into_iter().collect());
    let o = engine.flush_step(&mut |_| {});
    assert!(o.written.iter().any(|p| p == page), "{:?}", o.written);
    assert!(site.read(&format!("site/{page}")).contains("TWO Single window"));
    let (written, _) = engine.flush(&mut |_| {});
    assert!(!written.iter().any(|p| p == page), "rendered once");
    assert_same_as_fresh_build(root, engine.site(), "pages rendered first");
}

/// A `static/` file deleted while the content has an error goes with the
/// build that follows the fix, though that change is only a record's.
#[test]
fn a_static_file_deleted_while_the_content_is_broken_goes_once_it_is_fixed() {
    let site = crate::support::Site::minimal();
    site.write("static/p2.txt", "hello");
    let root = site.path();
    let (mut engine, outcome) = Engine::start(root);
    assert!(!outcome.has_errors(), "{:?}", outcome.diagnostics);
    assert!(root.join("site/p2.txt").is_file());
    let broken = root.join("content/practices/broken.yaml");
    std::fs::write(&broken, "broken: [\n").expect("write");
    let o = engine.apply(&[ChangeKind::Record(broken.clone())]);
    assert!(o.has_errors());
    std::fs::remove_file(root.join("static/p2.txt")).expect("remove");
    let o = engine.apply(&[ChangeKind::Config]);
    assert!(o.has_errors());
    std::fs::remove_file(&broken).expect("remove");
    let o = engine.apply(&[ChangeKind::Record(broken)]);
    assert!(!o.has_errors(), "{:?}", o.diagnostics);
    assert!(!root.join("site/p2.txt").exists(), "the deleted static file is still published");
}
