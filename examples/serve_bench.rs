//! Save-to-page latency of `compendium serve`, and a full `build` for
//! comparison.
//!
//! ```sh
//! cargo build --release --bin compendium --example serve_bench
//! cargo run --release --example serve_bench -- SITE [EDITS] [PAUSE_MS]
//! ```
//!
//! Copies SITE (a folder with `book.toml`) to a temporary folder, times
//! three full `compendium build`s of it, then starts `compendium serve
//! --port 0` on the copy and, EDITS times (default 20), PAUSE_MS apart
//! (default 1000, an editor's quick re-save; the server may still be
//! catching up on datasets from the previous save), rewrites one record
//! with a new title and polls over HTTP until the new title is on its
//! page, then until `/api/search` finds the new title's word (the tantivy
//! index updated), then until `search/meta.js` is renewed (the browser
//! index updated). Prints each time, then the medians and the worsts; the
//! search figures include the pause `serve` waits for more saves before
//! indexing. Uses only the
//! release binary next to this example and plain HTTP on the loopback.

#[path = "common/serve.rs"]
mod serve_child;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(site) = args.first().map(PathBuf::from) else {
        eprintln!("usage: serve_bench SITE [EDITS] [PAUSE_MS]");
        std::process::exit(2);
    };
    let edits: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(20);
    let pause = Duration::from_millis(args.get(2).and_then(|n| n.parse().ok()).unwrap_or(1000));
    let bin = compendium_bin();
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path().join("site-copy");
    serve_child::copy_sources(&site, &root);

    // The comparison: what Zola and mdBook do on every change.
    let mut builds = Vec::new();
    for _ in 0..3 {
        let start = Instant::now();
        let out = Command::new(&bin)
            .arg("--root")
            .arg(&root)
            .args(["build", "--force"])
            .output()
            .expect("build");
        assert!(out.status.success(), "build failed: {}", String::from_utf8_lossy(&out.stderr));
        builds.push(start.elapsed());
    }
    builds.sort();
    println!("full build: median {:.0?} (3 runs: {builds:.0?})", builds[1]);

    let (collection, record) = pick_record(&root);
    let id = record.file_stem().and_then(|s| s.to_str()).expect("stem").to_owned();
    let text = std::fs::read_to_string(&record).expect("read record");
    let id = declared_id(&text).unwrap_or(id);
    let page = format!("{collection}/{id}/");
    println!("record: {} ({page})", record.display());

    let (mut child, url) = serve_child::start(Path::new(&bin), &root);
    assert!(!url.is_empty(), "serve printed no URL");
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into();
    let get = |path: &str| -> String {
        match agent.get(format!("{url}{path}")).call() {
            Ok(mut r) => r.body_mut().read_to_string().unwrap_or_default(),
            Err(_) => String::new(),
        }
    };
    assert!(!get(&page).is_empty(), "the record page is not served");

    // Wait for `done`, polling every millisecond; the time since `start`.
    let until = |start: Instant, what: &str, done: &dyn Fn() -> bool| {
        let deadline = start + Duration::from_secs(120);
        while !done() {
            assert!(Instant::now() < deadline, "{what} never happened");
            std::thread::sleep(Duration::from_millis(1));
        }
        start.elapsed()
    };
    let (mut pages, mut searches, mut browsers) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..edits {
        std::thread::sleep(pause);
        // A word no edit shares letters with by position, so that the
        // search's misspelling fallback cannot find the previous one's.
        let word: String =
            (0..10u64).map(|j| char::from(b'a' + ((i as u64 * 7 + j * 3) % 26) as u8)).collect();
        let marker = format!("Benchmark edit {i} {word}");
        let edited = retitle(&text, &marker);
        let meta = get("search/meta.js");
        let start = Instant::now();
        std::fs::write(&record, &edited).expect("write record");
        let page_t = until(start, "the page", &|| get(&page).contains(&marker));
        let query = format!("api/search?q={word}");
        let search_t = until(start, "the search API", &|| get(&query).contains(&id));
        let browser_t = until(start, "the browser index", &|| get("search/meta.js") != meta);
        println!(
            "edit {i:2}: page {:.1} ms, /api/search {:.1} ms, browser index {:.1} ms",
            page_t.as_secs_f64() * 1e3,
            search_t.as_secs_f64() * 1e3,
            browser_t.as_secs_f64() * 1e3
        );
        pages.push(page_t);
        searches.push(search_t);
        browsers.push(browser_t);
    }
    let _ = child.kill();
    let _ = child.wait();
    for (what, mut times) in [
        ("served page", pages),
        ("/api/search finding the new title", searches),
        ("browser index holding it (search/meta.js renewed)", browsers),
    ] {
        times.sort();
        let median = (times[(times.len() - 1) / 2] + times[times.len() / 2]) / 2;
        println!(
            "save to {what}, {} edits {} ms apart: median {:.1} ms, worst {:.1} ms",
            times.len(),
            pause.as_millis(),
            median.as_secs_f64() * 1e3,
            times.last().map_or(0.0, |t| t.as_secs_f64() * 1e3)
        );
    }
}

/// The release `compendium` beside this example (`target/release/`).
fn compendium_bin() -> PathBuf {
    let exe = std::env::current_exe().expect("current exe");
    let dir = exe.parent().and_then(Path::parent).expect("target dir");
    let bin = dir.join("compendium");
    assert!(bin.is_file(), "build it first: cargo build --release --bin compendium");
    bin
}

/// The first record (by path) of the first collection that is not `sources`.
fn pick_record(root: &Path) -> (String, PathBuf) {
    let content = root.join("content");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&content)
        .expect("content")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("_collection.yaml").is_file())
        .collect();
    dirs.sort();
    for dir in dirs {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("collection")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                !name.starts_with(['_', '.'])
                    && matches!(p.extension().and_then(|e| e.to_str()), Some("md" | "yaml" | "yml"))
            })
            .collect();
        files.sort();
        if let Some(f) = files.into_iter().next() {
            let name = dir.file_name().and_then(|n| n.to_str()).expect("name").to_owned();
            return (name, f);
        }
    }
    panic!("no record found under {}", content.display());
}

fn declared_id(text: &str) -> Option<String> {
    text.lines().find_map(|l| l.strip_prefix("id:")).map(|s| s.trim().trim_matches('"').to_owned())
}

/// Replaces the record's top-level `title:` line.
fn retitle(text: &str, title: &str) -> String {
    let mut done = false;
    text.lines()
        .map(|l| {
            if !done && l.starts_with("title:") {
                done = true;
                format!("title: {title}")
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}
