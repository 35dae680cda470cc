//! Search benchmark: index build time, query latency in process and as a
//! whole `compendium search` process, and the bytes a first-visit browser
//! downloads to show results, beside Pagefind indexing the same built site.
//!
//! ```text
//! cargo build --release --bin compendium --example synth --example search_bench
//! target/release/examples/synth 10000 /tmp/s10k
//! target/release/examples/search_bench /tmp/s10k --pagefind "npx --yes pagefind@1.6.0"
//! ```
//!
//! SITE is any project root (book.toml). The benchmark builds it (site and
//! index), so use a copy you can overwrite. Browser bytes need `chromium`;
//! the Pagefind comparison needs `--pagefind CMD` (run as `CMD --site
//! SITE/site`), and writes `SITE/site/pagefind/` and
//! `SITE/site/pagefind-bench.html`. See docs/search-bench.md.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use compendium::model::{Site, Value};
use compendium::search::{Engine, Request, browser, writer};

struct Args {
    root: PathBuf,
    pagefind: Option<String>,
    chromium: String,
    queries: Vec<String>,
}

fn args() -> Args {
    let mut it = std::env::args().skip(1);
    let mut a = Args {
        root: PathBuf::new(),
        pagefind: None,
        chromium: "chromium".into(),
        queries: Vec::new(),
    };
    while let Some(x) = it.next() {
        match x.as_str() {
            "--pagefind" => a.pagefind = it.next(),
            "--chromium" => a.chromium = it.next().unwrap_or_default(),
            "--query" => a.queries.extend(it.next()),
            _ => a.root = PathBuf::from(x),
        }
    }
    if a.root.as_os_str().is_empty() {
        eprintln!("usage: search_bench SITE [--pagefind CMD] [--chromium BIN] [--query Q]...");
        std::process::exit(2);
    }
    a
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn kb(n: u64) -> String {
    format!("{:.1} kB", n as f64 / 1000.0)
}

/// Words of a text worth querying: alphabetic, 4+ letters.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_lowercase)
        .collect()
}

/// A deterministic mix of queries drawn from evenly spaced records: single
/// words, pairs, phrases, a misspelling, and a facet filter.
fn query_mix(site: &Site, n: usize) -> Vec<Request> {
    let records: Vec<_> = site.records.values().collect();
    let mut out = Vec::new();
    if records.is_empty() {
        return out;
    }
    let step = (records.len() / n.max(1)).max(1);
    for (i, r) in records.iter().step_by(step).take(n).enumerate() {
        let mut w = words(r.title());
        w.extend(words(r.summary()));
        if w.len() < 3 {
            continue;
        }
        let query = match i % 5 {
            0 => w[0].clone(),
            1 => format!("{} {}", w[0], w[1]),
            2 => format!("\"{} {}\"", w[w.len() - 2], w[w.len() - 1]),
            3 => {
                let long = w.iter().max_by_key(|x| x.len()).cloned().unwrap_or_default();
                let mut chars: Vec<char> = long.chars().collect();
                chars.remove(chars.len() / 2);
                format!("{} {}", chars.into_iter().collect::<String>(), w[1])
            }
            _ => format!("{} {} {}", w[0], w[1], w[2]),
        };
        let mut req = Request { query, limit: 10, ..Request::default() };
        if i % 7 == 0
            && let Some(c) = site.schema.collections.get(&*r.key.collection)
            && let Some(f) = c.facets.first()
            && let Some(v) = r.fields.get(f)
            && let Some(Value::Str(s)) = v.items().first()
        {
            req.filters.push((f.clone(), s.clone()));
        }
        out.push(req);
    }
    out
}

/// Typical browser queries: the two longest words of evenly spaced titles.
fn typical(site: &Site, n: usize) -> Vec<String> {
    let records: Vec<_> = site.records.values().collect();
    let step = (records.len() / (n + 1)).max(1);
    records
        .iter()
        .skip(step)
        .step_by(step)
        .take(n)
        .filter_map(|r| {
            let mut w = words(r.title());
            w.sort_by_key(|x| std::cmp::Reverse(x.len()));
            w.dedup();
            (w.len() >= 2).then(|| format!("{} {}", w[0], w[1]))
        })
        .fold(Vec::new(), |mut v: Vec<String>, q| {
            if !v.contains(&q) {
                v.push(q);
            }
            v
        })
}

/// A static file server that records what it served.
struct Server {
    port: u16,
    log: Arc<Mutex<Vec<(String, u64)>>>,
}

fn serve(dir: PathBuf) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let log: Arc<Mutex<Vec<(String, u64)>>> = Arc::default();
    let shared = log.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let dir = dir.clone();
            let log = shared.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(&stream);
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    return;
                }
                let raw = line.split_whitespace().nth(1).unwrap_or("/").to_owned();
                let path = raw.split('?').next().unwrap_or("/").trim_start_matches('/').to_owned();
                let mut file = dir.join(&path);
                if file.is_dir() {
                    file = file.join("index.html");
                }
                let ok = !path.contains("..") && file.is_file();
                let body = if ok { std::fs::read(&file).unwrap_or_default() } else { Vec::new() };
                let kind = match file.extension().and_then(|e| e.to_str()) {
                    Some("html") => "text/html; charset=utf-8",
                    Some("js") => "text/javascript; charset=utf-8",
                    Some("css") => "text/css",
                    Some("json") => "application/json",
                    Some("pagefind") => "application/wasm",
                    _ => "application/octet-stream",
                };
                let status = if ok { "200 OK" } else { "404 Not Found" };
                let mut s = &stream;
                let _ = write!(
                    s,
                    "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = s.write_all(&body);
                if ok && let Ok(mut l) = log.lock() {
                    l.push((path, body.len() as u64));
                }
            });
        }
    });
    Server { port, log }
}

/// Loads `url` in a fresh headless Chromium (a first visit) and returns the
/// DOM after its scripts ran.
fn visit(chromium: &str, url: &str) -> Option<String> {
    let profile = tempfile::tempdir().ok()?;
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-dev-shm-usage",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(["--virtual-time-budget=120000", "--dump-dom", url])
        .output()
        .ok()?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn gzip_len(bytes: &[u8]) -> u64 {
    // Deflate at gzip's default level plus gzip's 18 bytes of header and trailer.
    let mut out = vec![0; zlib_rs::compress_bound(bytes.len()) + 16];
    let config = zlib_rs::DeflateConfig { level: 6, window_bits: -15, ..Default::default() };
    let (written, _) = zlib_rs::compress_slice(&mut out, bytes, config);
    written.len() as u64 + 18
}

/// Bytes served for one visit: (raw, gzip, files), for paths passing `keep`.
fn tally(server: &Server, site_dir: &Path, keep: impl Fn(&str) -> bool) -> (u64, u64, usize) {
    let log = server.log.lock().map(|l| l.clone()).unwrap_or_default();
    let mut raw = 0;
    let mut gz = 0;
    let mut n = 0;
    for (path, len) in log.iter().filter(|(p, _)| keep(p)) {
        raw += len;
        gz += std::fs::read(site_dir.join(path)).map(|b| gzip_len(&b)).unwrap_or(*len);
        n += 1;
    }
    (raw, gz, n)
}

fn clear(server: &Server) {
    if let Ok(mut l) = server.log.lock() {
        l.clear();
    }
}

fn url_escape(q: &str) -> String {
    q.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

const PAGEFIND_PAGE: &str = r#"<!doctype html><html><head><meta charset="utf-8"><title>pagefind bench</title></head><body><pre id="out">waiting</pre>
<script type="module">
const p = new URLSearchParams(location.search);
const pagefind = await import('./pagefind/pagefind.js');
await pagefind.init();
const search = await pagefind.search(p.get('q'));
const data = await Promise.all(search.results.slice(0, +p.get('n')).map(r => r.data()));
document.getElementById('out').textContent = 'done ' + search.results.length + ' ' + data.length;
</script></body></html>
"#;

fn main() {
    let a = args();
    let mut report = String::new();
    let mut line = |s: String| {
        println!("{s}");
        report.push_str(&s);
        report.push('\n');
    };

    let t = Instant::now();
    let loaded = compendium::pipeline::load(&a.root);
    let Some(site) = loaded.site else {
        eprintln!("the site has content errors; run `compendium check`");
        std::process::exit(1);
    };
    let load = t.elapsed();
    let n = site.records.len();
    line(format!("# Search benchmark: {} ({n} records)\n", a.root.display()));
    line(format!(
        "machine: {} cores; load + validate: {}\n",
        std::thread::available_parallelism().map_or(1, |p| p.get()),
        secs(load)
    ));

    // Index build, in process.
    let scratch = tempfile::tempdir().expect("temp dir");
    let t = Instant::now();
    writer::write(&site, &scratch.path().join("index")).expect("tantivy index");
    let tantivy_time = t.elapsed();
    let t = Instant::now();
    let files = browser::files(&site).expect("browser index");
    let browser_time = t.elapsed();
    let browser_bytes: u64 = files.iter().map(|f| f.bytes.len() as u64).sum();
    let index_bytes: u64 = walkdir::WalkDir::new(scratch.path().join("index"))
        .into_iter()
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum();
    let browser_count = files.len();
    drop(files);
    let t = Instant::now();
    let pages = compendium::build::build(&site).expect("build");
    let build_time = t.elapsed();
    line("## Index build\n".into());
    line("| step | time | size |\n|---|---|---|".into());
    line(format!(
        "| tantivy index (analysis + indexing + commit) | {} | {} |",
        secs(tantivy_time),
        kb(index_bytes)
    ));
    line(format!(
        "| browser index (`search/`) | {} | {} in {} files |",
        secs(browser_time),
        kb(browser_bytes),
        browser_count
    ));
    line(format!(
        "| whole `build` (pages, datasets, both indexes) | {} | {pages} files |\n",
        secs(build_time)
    ));

    // Queries in process.
    let engine = Engine::open(&site.project.index_dir).expect("open index");
    let mix = query_mix(&site, 200);
    for r in &mix {
        let _ = engine.search(r);
    }
    let mut times = Vec::new();
    let mut hits = 0;
    for _ in 0..3 {
        for r in &mix {
            let t = Instant::now();
            let res = engine.search(r).expect("search");
            times.push(t.elapsed());
            hits += res.total;
        }
    }
    times.sort();
    line("## Query latency\n".into());
    line(format!(
        "In process (`Engine::search`, top 10 with snippets and facet counts), {} queries x 3: median {}, p99 {}, max {} (mean {:.0} hits per query).\n",
        mix.len(),
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.99)),
        ms(percentile(&times, 1.0)),
        hits as f64 / times.len().max(1) as f64
    ));
    let bin = std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().and_then(|d| d.parent()).map(|d| d.join("compendium")))
        .filter(|p| p.is_file());
    if let Some(bin) = bin {
        let mut times = Vec::new();
        for r in mix.iter().take(40) {
            let mut cmd = Command::new(&bin);
            cmd.arg("--root").arg(&a.root).args(["search", &r.query, "--json"]);
            for (f, v) in &r.filters {
                cmd.args(["--filter", &format!("{f}={v}")]);
            }
            let t = Instant::now();
            let out = cmd.output().expect("run compendium");
            times.push(t.elapsed());
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        }
        times.sort();
        line(format!(
            "Whole process (`compendium search QUERY --json`), {} queries: median {}, p99 {}.\n",
            times.len(),
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.99))
        ));
    }

    // Browser bytes.
    let site_dir = site.project.build_dir.clone();
    let queries = if a.queries.is_empty() { typical(&site, 5) } else { a.queries.clone() };
    if Command::new(&a.chromium).arg("--version").output().is_err() {
        line(format!("(no `{}`: browser bytes not measured)", a.chromium));
        return;
    }
    let pagefind_time = a.pagefind.as_ref().map(|cmd| {
        let mut parts = cmd.split_whitespace();
        let prog = parts.next().unwrap_or("pagefind");
        let t = Instant::now();
        let out = Command::new(prog).args(parts).arg("--site").arg(&site_dir).output();
        let ok = out.as_ref().is_ok_and(|o| o.status.success());
        if !ok {
            eprintln!(
                "pagefind failed: {:?}",
                out.map(|o| String::from_utf8_lossy(&o.stderr).into_owned())
            );
        }
        std::fs::write(site_dir.join("pagefind-bench.html"), PAGEFIND_PAGE)
            .expect("write bench page");
        (t.elapsed(), ok)
    });
    let server = serve(site_dir.clone());
    line("## First-visit bytes (10 results shown)\n".into());
    line("Counted by the static server that served them; raw bytes (what `file://` reads) and gzip (what a compressing host sends).\n".into());
    line("| query | hits | Compendium: search files (JS + index) | Compendium: page HTML + CSS | Pagefind API (JS + wasm + index + 10 fragments) |".into());
    line("|---|---|---|---|---|".into());
    let mut ours_all = Vec::new();
    let mut theirs_all = Vec::new();
    for q in &queries {
        clear(&server);
        let dom = visit(
            &a.chromium,
            &format!("http://127.0.0.1:{}/search/index.html?q={}", server.port, url_escape(q)),
        )
        .unwrap_or_default();
        let found = dom.matches("class=\"search-hit\"").count();
        let status = dom
            .split("id=\"search-status\"")
            .nth(1)
            .and_then(|s| s.split('>').nth(1))
            .and_then(|s| s.split('<').next())
            .unwrap_or("")
            .to_owned();
        let ours =
            tally(&server, &site_dir, |p| p.starts_with("search/") && p != "search/index.html");
        let page = tally(&server, &site_dir, |p| p == "search/index.html" || p.ends_with(".css"));
        ours_all.push(ours.0);
        let theirs = match &pagefind_time {
            Some((_, true)) => {
                clear(&server);
                let dom = visit(
                    &a.chromium,
                    &format!(
                        "http://127.0.0.1:{}/pagefind-bench.html?n=10&q={}",
                        server.port,
                        url_escape(q)
                    ),
                )
                .unwrap_or_default();
                let t = tally(&server, &site_dir, |p| p.starts_with("pagefind/"));
                if dom.contains("done ") {
                    theirs_all.push(t.0);
                    format!("{} raw, {} gzip ({} files)", kb(t.0), kb(t.1), t.2)
                } else {
                    "did not finish".into()
                }
            }
            _ => "not run".into(),
        };
        line(format!(
            "| `{q}` | {} ({found} shown) | {} raw, {} gzip ({} files) | {} raw, {} gzip | {theirs} |",
            status.trim(),
            kb(ours.0),
            kb(ours.1),
            ours.2,
            kb(page.0),
            kb(page.1),
        ));
    }
    ours_all.sort();
    theirs_all.sort();
    let med = |v: &[u64]| v.get(v.len() / 2).copied().unwrap_or(0);
    if theirs_all.is_empty() {
        line(format!("\nMedian: Compendium {} (search files).", kb(med(&ours_all))));
    } else {
        line(format!(
            "\nMedian: Compendium {} (search files), Pagefind {} (API only; its default UI adds pagefind-ui.js and pagefind-ui.css: {}).",
            kb(med(&ours_all)),
            kb(med(&theirs_all)),
            kb(["pagefind/pagefind-ui.js", "pagefind/pagefind-ui.css"]
                .iter()
                .filter_map(|p| std::fs::metadata(site_dir.join(p)).ok())
                .map(|m| m.len())
                .sum())
        ));
    }
    if let Some((t, _)) = pagefind_time {
        line(format!("Pagefind indexing the built site: {}.", secs(t)));
    }
    let _ = std::fs::write(a.root.join("search-bench.md"), report);
}
