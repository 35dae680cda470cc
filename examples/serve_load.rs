//! `/api/search` under load: peak memory, threads and latency of
//! `compendium serve` while many searches arrive at once.
//!
//! ```sh
//! cargo build --release --bin compendium --example serve_load --example synth
//! target/release/examples/synth 2000 /tmp/s2k
//! target/release/examples/serve_load /tmp/s2k [--requests N] [--concurrency C] [--bin PATH]
//! ```
//!
//! Copies SITE (a folder with `book.toml`) to a temporary folder, starts
//! `compendium serve --port 0` on the copy (the release binary beside this
//! example, or `--bin PATH`, e.g. one built from an older commit) and waits
//! until `/api/search` answers. Then C client threads (default 200), each
//! with its own keep-alive connection, send N requests in all (default
//! 2,000) to `http://127.0.0.1:PORT/api/search?q=…`, with queries of one to
//! three words drawn deterministically from the records' titles. A sampler
//! reads the server's `/proc/PID/status` every 10 ms. The run stops by
//! itself: every request has a 60 s timeout and no new request starts after
//! `--max-secs` (default 300).
//!
//! Prints the server's resident memory before the load, its peak during
//! the load (`VmHWM`, reset just before the load through
//! `/proc/PID/clear_refs`, and the largest sampled `VmRSS`), its memory 2 s
//! after the load, the largest thread count seen, the status counts, and the
//! latency (p50, p99, max) of the answered requests. Linux only (it reads
//! `/proc`). A documented command, not a timed test: numbers depend on the
//! machine.

#[path = "common/serve.rs"]
mod serve_child;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Args {
    site: PathBuf,
    requests: usize,
    concurrency: usize,
    bin: PathBuf,
    max_secs: u64,
}

fn parse_args() -> Args {
    let usage =
        "usage: serve_load SITE [--requests N] [--concurrency C] [--bin PATH] [--max-secs S]";
    let mut it = std::env::args().skip(1);
    let (mut site, mut requests, mut concurrency, mut bin, mut max_secs) =
        (None, 2000, 200, None, 300);
    while let Some(a) = it.next() {
        let mut value = |name: &str| {
            it.next().unwrap_or_else(|| {
                eprintln!("{name} needs a value\n{usage}");
                std::process::exit(2)
            })
        };
        let number = |name: &str, v: String| -> usize {
            v.parse().unwrap_or_else(|_| {
                eprintln!("{name} must be a number, not `{v}`\n{usage}");
                std::process::exit(2)
            })
        };
        match a.as_str() {
            "--requests" => requests = number("--requests", value("--requests")),
            "--concurrency" => concurrency = number("--concurrency", value("--concurrency")),
            "--max-secs" => max_secs = number("--max-secs", value("--max-secs")) as u64,
            "--bin" => bin = Some(PathBuf::from(value("--bin"))),
            s if !s.starts_with('-') && site.is_none() => site = Some(PathBuf::from(s)),
            s => {
                eprintln!("unknown argument `{s}`\n{usage}");
                std::process::exit(2)
            }
        }
    }
    let Some(site) = site else {
        eprintln!("{usage}");
        std::process::exit(2)
    };
    Args {
        site,
        requests: requests.max(1),
        concurrency: concurrency.clamp(1, 1000),
        bin: bin.unwrap_or_else(compendium_bin),
        max_secs,
    }
}

/// What `/proc/PID/status` says about memory and threads.
#[derive(Debug, Default, Clone, Copy)]
struct Status {
    rss_kb: u64,
    hwm_kb: u64,
    threads: u64,
}

fn status(pid: u32) -> Option<Status> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let mut s = Status::default();
    for line in text.lines() {
        let field = |l: &str| -> u64 {
            l.split_whitespace().nth(1).and_then(|n| n.parse().ok()).unwrap_or(0)
        };
        if line.starts_with("VmRSS:") {
            s.rss_kb = field(line);
        } else if line.starts_with("VmHWM:") {
            s.hwm_kb = field(line);
        } else if line.starts_with("Threads:") {
            s.threads = field(line);
        }
    }
    Some(s)
}

fn mb(kb: u64) -> String {
    format!("{:.0} MB", kb as f64 / 1024.0)
}

fn main() {
    let args = parse_args();
    assert!(args.bin.is_file(), "no compendium binary at {}", args.bin.display());
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path().join("site-copy");
    serve_child::copy_sources(&args.site, &root);
    let queries = queries(&root);
    assert!(!queries.is_empty(), "no record titles found under {}", root.display());

    let started = Instant::now();
    let (mut child, url) = serve_child::start(Path::new(&args.bin), &root);
    let pid = child.id();
    assert!(url.starts_with("http://127.0.0.1:"), "serve printed no URL");
    let agent = || -> ureq::Agent {
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into()
    };
    // The first build wrote the index; wait until it answers.
    let probe = agent();
    let first = format!("{url}api/search?q={}", queries[0]);
    let deadline = Instant::now() + Duration::from_secs(600);
    while !probe.get(&first).call().is_ok_and(|r| r.status() == 200) {
        assert!(Instant::now() < deadline, "/api/search never answered 200");
        std::thread::sleep(Duration::from_millis(100));
    }
    // Let the start-up settle (the indexer thread, the first browser index).
    std::thread::sleep(Duration::from_secs(3));
    let before = status(pid).expect("server status");
    println!(
        "server ready in {:.1?}: {} resident (peak so far {}), {} threads",
        started.elapsed(),
        mb(before.rss_kb),
        mb(before.hwm_kb),
        before.threads
    );
    // Reset VmHWM so that it gives the peak of the load alone.
    let reset = std::fs::write(format!("/proc/{pid}/clear_refs"), "5").is_ok();

    let stop = Arc::new(AtomicBool::new(false));
    let peak = Arc::new(Mutex::new(Status::default()));
    let sampler = {
        let (stop, peak) = (stop.clone(), peak.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::SeqCst) {
                if let Some(s) = status(pid) {
                    let mut p = peak.lock().unwrap_or_else(|e| e.into_inner());
                    p.rss_kb = p.rss_kb.max(s.rss_kb);
                    p.hwm_kb = p.hwm_kb.max(s.hwm_kb);
                    p.threads = p.threads.max(s.threads);
                }
                std::thread::sleep(Duration::from_millis(10));
            }
        })
    };

    let next = Arc::new(AtomicUsize::new(0));
    let results: Arc<Mutex<Vec<(String, Duration)>>> = Arc::new(Mutex::new(Vec::new()));
    let queries = Arc::new(queries);
    let load_start = Instant::now();
    let give_up = load_start + Duration::from_secs(args.max_secs);
    let workers: Vec<_> = (0..args.concurrency)
        .map(|_| {
            let (next, results, queries, url) =
                (next.clone(), results.clone(), queries.clone(), url.clone());
            let agent = agent();
            let total = args.requests;
            std::thread::spawn(move || {
                let mut mine = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= total || Instant::now() >= give_up {
                        break;
                    }
                    let q = &queries[i % queries.len()];
                    let t = Instant::now();
                    let outcome = match agent.get(format!("{url}api/search?q={q}")).call() {
                        Ok(mut r) => {
                            let _ = r.body_mut().read_to_vec();
                            r.status().as_u16().to_string()
                        }
                        Err(e) => format!("error ({})", error_kind(&e)),
                    };
                    mine.push((outcome, t.elapsed()));
                }
                results.lock().unwrap_or_else(|e| e.into_inner()).extend(mine);
            })
        })
        .collect();
    for w in workers {
        let _ = w.join();
    }
    let load_time = load_start.elapsed();
    std::thread::sleep(Duration::from_secs(2));
    let after = status(pid).unwrap_or_default();
    stop.store(true, Ordering::SeqCst);
    let _ = sampler.join();
    let _ = child.kill();
    let _ = child.wait();

    let peak = *peak.lock().unwrap_or_else(|e| e.into_inner());
    let results = results.lock().unwrap_or_else(|e| e.into_inner());
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (s, _) in results.iter() {
        *counts.entry(s.as_str()).or_default() += 1;
    }
    let mut ok: Vec<Duration> =
        results.iter().filter(|(s, _)| s == "200").map(|(_, d)| *d).collect();
    ok.sort();
    let mut all: Vec<Duration> = results.iter().map(|(_, d)| *d).collect();
    all.sort();
    let pct = |v: &[Duration], p: f64| -> String {
        if v.is_empty() {
            return "-".to_owned();
        }
        let i = ((v.len() as f64 * p).ceil() as usize).clamp(1, v.len()) - 1;
        format!("{:.1} ms", v[i].as_secs_f64() * 1e3)
    };
    println!(
        "load: {} requests, {} at once, in {:.1?} ({:.0} requests/s)",
        results.len(),
        args.concurrency,
        load_time,
        results.len() as f64 / load_time.as_secs_f64()
    );
    let counts: Vec<String> = counts.iter().map(|(s, n)| format!("{s}: {n}")).collect();
    println!("status counts: {}", counts.join(", "));
    println!(
        "latency of 200s: p50 {}, p99 {}, max {}; of all answers: p50 {}, p99 {}",
        pct(&ok, 0.50),
        pct(&ok, 0.99),
        pct(&ok, 1.0),
        pct(&all, 0.50),
        pct(&all, 0.99)
    );
    let hwm = if reset { mb(peak.hwm_kb) } else { "n/a (clear_refs refused)".to_owned() };
    println!(
        "server memory: {} before, peak during the load {} (VmHWM) / {} (largest VmRSS sample), {} 2 s after",
        mb(before.rss_kb),
        hwm,
        mb(peak.rss_kb),
        mb(after.rss_kb)
    );
    println!(
        "server threads: {} before, at most {} during the load, {} 2 s after",
        before.threads, peak.threads, after.threads
    );
}

fn error_kind(e: &ureq::Error) -> &'static str {
    match e {
        ureq::Error::Timeout(_) => "timeout",
        ureq::Error::Io(_) => "io",
        ureq::Error::ConnectionFailed => "connection failed",
        _ => "other",
    }
}

/// One- to three-word queries from the records' titles, in a fixed order.
fn queries(root: &Path) -> Vec<String> {
    let mut titles = Vec::new();
    for entry in walkdir::WalkDir::new(root.join("content")).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        let p = entry.path();
        if !matches!(p.extension().and_then(|e| e.to_str()), Some("md" | "yaml" | "yml"))
            || p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('_'))
        {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(p) else { continue };
        if let Some(t) = text.lines().find_map(|l| l.strip_prefix("title:")) {
            titles.push(t.trim().trim_matches(['"', '\'']).to_owned());
        }
    }
    let mut out = Vec::new();
    for (i, title) in titles.iter().enumerate() {
        let words: Vec<String> = title
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() > 3)
            .map(str::to_lowercase)
            .collect();
        if words.is_empty() {
            continue;
        }
        let take = 1 + i % 3;
        let start = i % words.len();
        let q: Vec<&str> = words
            .iter()
            .cycle()
            .skip(start)
            .take(take.min(words.len()))
            .map(String::as_str)
            .collect();
        out.push(
            percent_encoding::utf8_percent_encode(&q.join(" "), percent_encoding::NON_ALPHANUMERIC)
                .to_string(),
        );
    }
    out
}

/// The release `compendium` beside this example (`target/release/`).
fn compendium_bin() -> PathBuf {
    let exe = std::env::current_exe().expect("current exe");
    let dir = exe.parent().and_then(Path::parent).expect("target dir");
    dir.join("compendium")
}
