//! The benchmark kit's one command (see BENCHMARKS.md).
//!
//! ```sh
//! cargo build --release --bins --examples
//! target/release/examples/bench [--sizes 1000,10000,100000] [--runs 3] [--out DIR]
//!     [--pagefind CMD|none] [--mdbook-max N] [--mdbook-runs N] [--anchors-max N]
//!     [--skip-serve] [--skip-search]
//! ```
//!
//! For each size N it generates a synthetic site (`examples/synth.rs`, the
//! same bytes every time), then measures, as whole processes started from
//! here and reaped with `wait4` (wall time, CPU time, peak memory):
//! `compendium check` (and again with the page cache dropped, where this
//! process may drop it), a full `build` into empty folders, a no-change
//! rebuild, the output size; `serve`'s save-to-served-page latency
//! (`examples/serve_bench.rs`); search in process, as a whole process and
//! the bytes a browser downloads per query (`examples/search_bench.rs`).
//! On the same records, in the same run, it times the anchors it finds:
//! Hugo (`hugo` on the PATH; Debian's package) on a site written by
//! `examples/to_hugo.rs`, plain and followed by Pagefind; mdBook (`mdbook`
//! on the PATH; crates.io) on a book written by `examples/to_mdbook.rs`;
//! and Pagefind (`--pagefind CMD`, default `npx --yes pagefind@1.6.0` when
//! `npx` exists) over Compendium's own built site. It prints the tables with
//! ratios and writes them to `OUT/results.md`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

struct Args {
    sizes: Vec<usize>,
    runs: usize,
    out: PathBuf,
    pagefind: Option<String>,
    mdbook_max: usize,
    mdbook_runs: usize,
    anchors_max: usize,
    serve: bool,
    search: bool,
}

fn args() -> Args {
    let mut a = Args {
        sizes: vec![1_000, 10_000, 100_000],
        runs: 3,
        out: std::env::temp_dir().join("compendium-bench"),
        pagefind: which("npx").map(|_| "npx --yes pagefind@1.6.0".to_owned()),
        mdbook_max: 10_000,
        mdbook_runs: 1,
        anchors_max: usize::MAX,
        serve: true,
        search: true,
    };
    let mut it = std::env::args().skip(1);
    while let Some(x) = it.next() {
        let mut val = || it.next().unwrap_or_else(|| usage(&format!("{x} needs a value")));
        match x.as_str() {
            "--sizes" => {
                a.sizes = val()
                    .split(',')
                    .map(|s| s.trim().replace('_', "").parse().unwrap_or_else(|_| usage(s)))
                    .collect();
            }
            "--runs" => a.runs = val().parse().unwrap_or_else(|_| usage("--runs")),
            "--out" => a.out = PathBuf::from(val()),
            "--pagefind" => {
                let v = val();
                a.pagefind = (v != "none").then_some(v);
            }
            "--mdbook-max" => {
                a.mdbook_max = val().parse().unwrap_or_else(|_| usage("--mdbook-max"))
            }
            "--mdbook-runs" => {
                a.mdbook_runs = val().parse().unwrap_or_else(|_| usage("--mdbook-runs"))
            }
            "--anchors-max" => {
                a.anchors_max = val().parse().unwrap_or_else(|_| usage("--anchors-max"))
            }
            "--skip-serve" => a.serve = false,
            "--skip-search" => a.search = false,
            _ => usage(&format!("unknown argument `{x}`")),
        }
    }
    a.runs = a.runs.max(1);
    a
}

fn usage(msg: &str) -> ! {
    eprintln!(
        "bench: {msg}\nusage: bench [--sizes 1000,10000,100000] [--runs 3] [--out DIR] \
         [--pagefind CMD|none] [--mdbook-max N] [--mdbook-runs N] [--anchors-max N] \
         [--skip-serve] [--skip-search]"
    );
    std::process::exit(2)
}

fn which(name: &str) -> Option<PathBuf> {
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths).map(|p| p.join(name)).find(|p| p.is_file())
}

/// Binaries built beside this example (`target/release/`).
fn sibling(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("current exe");
    let examples = exe.parent().expect("examples folder").to_path_buf();
    let candidate = examples.join(name);
    if candidate.is_file() {
        return candidate;
    }
    examples.parent().expect("target folder").join(name)
}

/// One finished process.
#[derive(Clone, Copy, Debug)]
struct Run {
    wall: f64,
    cpu: f64,
    peak_mib: f64,
    ok: bool,
}

/// Runs `cmd` to the end; its own wall time, CPU time (user + system, its
/// children included) and peak resident memory, from `wait4`.
fn measure(cmd: &mut Command) -> Run {
    cmd.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("cannot start {cmd:?}: {e}");
            return Run { wall: 0.0, cpu: 0.0, peak_mib: 0.0, ok: false };
        }
    };
    // Drain stderr on a thread so a chatty process cannot block on a full pipe.
    let stderr = child.stderr.take();
    let drain = std::thread::spawn(move || {
        let mut s = String::new();
        if let Some(mut e) = stderr {
            let _ = std::io::Read::read_to_string(&mut e, &mut s);
        }
        s
    });
    let mut status = 0;
    // SAFETY: rusage is plain data; wait4 fills it for our own child.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut ru) };
    let wall = start.elapsed().as_secs_f64();
    let err = drain.join().unwrap_or_default();
    let ok = r == pid && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    if !ok {
        eprintln!("{cmd:?} failed:\n{}", err.lines().rev().take(8).collect::<Vec<_>>().join("\n"));
    }
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Run {
        wall,
        cpu: secs(ru.ru_utime) + secs(ru.ru_stime),
        peak_mib: ru.ru_maxrss as f64 / 1024.0,
        ok,
    }
}

/// `runs` measured runs of `make()`, each after `prepare()` (not timed).
fn repeat(runs: usize, prepare: &mut dyn FnMut(), make: &mut dyn FnMut() -> Command) -> Vec<Run> {
    (0..runs)
        .map(|_| {
            prepare();
            measure(&mut make())
        })
        .collect()
}

/// Median and spread of one figure.
struct Stat {
    median: f64,
    min: f64,
    max: f64,
}

fn stat(runs: &[Run], f: impl Fn(&Run) -> f64) -> Option<Stat> {
    let mut v: Vec<f64> = runs.iter().filter(|r| r.ok).map(f).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    let median = if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 };
    Some(Stat { median, min: v[0], max: v[n - 1] })
}

fn secs(s: &Option<Stat>) -> String {
    match s {
        Some(s) if s.max < 1.0 => {
            format!("{:.0} ms ({:.0}–{:.0})", s.median * 1e3, s.min * 1e3, s.max * 1e3)
        }
        Some(s) => format!("{:.2} s ({:.2}–{:.2})", s.median, s.min, s.max),
        None => "failed".into(),
    }
}

fn mib(s: &Option<Stat>) -> String {
    s.as_ref().map_or("failed".into(), |s| format!("{:.0} MiB", s.median))
}

/// One row of a results table: wall, CPU, peak memory.
fn row(out: &mut String, name: &str, runs: &[Run]) {
    let _ = writeln!(
        out,
        "| {name} | {} | {} | {} |",
        secs(&stat(runs, |r| r.wall)),
        secs(&stat(runs, |r| r.cpu)),
        mib(&stat(runs, |r| r.peak_mib))
    );
}

fn ratio(a: &[Run], b: &[Run], f: impl Fn(&Run) -> f64 + Copy) -> String {
    match (stat(a, f), stat(b, f)) {
        (Some(x), Some(y)) if y.median > 0.0 => format!("{:.2}", x.median / y.median),
        _ => "–".into(),
    }
}

/// What a browser downloads to show `page` of `site` at first: the page and
/// the scripts, stylesheets and icons it names (local files only).
fn first_load(site: &Path, page: &str) -> Option<(u64, usize)> {
    let path = site.join(page);
    let html = std::fs::read_to_string(&path).ok()?;
    let dir = path.parent()?;
    let mut bytes = html.len() as u64;
    let mut files = 1;
    let mut rest = html.as_str();
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        let attr = if tag.starts_with("script") {
            "src=\""
        } else if tag.starts_with("link")
            && (tag.contains("rel=\"stylesheet\"") || tag.contains("rel=\"icon\""))
        {
            "href=\""
        } else {
            continue;
        };
        let Some(from) = tag.find(attr).map(|i| i + attr.len()) else { continue };
        let url = &tag[from..from + tag[from..].find('"').unwrap_or(0)];
        let url = url.split(['?', '#']).next().unwrap_or("");
        if url.is_empty() || url.contains("//") || url.starts_with("data:") {
            continue;
        }
        if let Ok(m) = std::fs::metadata(dir.join(url)) {
            bytes += m.len();
            files += 1;
        }
    }
    Some((bytes, files))
}

/// Bytes of the world map on the home page (`<svg class="map-svg" …</svg>`).
fn map_bytes(site: &Path) -> Option<usize> {
    let html = std::fs::read_to_string(site.join("index.html")).ok()?;
    let start = html.find("<svg class=\"map-svg\"")?;
    let end = html[start..].find("</svg>")? + "</svg>".len();
    Some(end)
}

fn dir_bytes(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum()
}

/// The kernel's switch that drops the page cache (Linux; root only).
const DROP_CACHES: &str = "/proc/sys/vm/drop_caches";

fn can_drop_caches() -> bool {
    std::fs::OpenOptions::new().write(true).open(DROP_CACHES).is_ok()
}

/// Writes what is cached to disk, then drops the page cache, dentries and
/// inodes.
fn drop_caches() {
    let _ = Command::new("sync").status();
    let _ = std::fs::write(DROP_CACHES, "3\n");
}

fn rm(path: &Path) {
    if path.exists() {
        std::fs::remove_dir_all(path)
            .unwrap_or_else(|e| panic!("cannot remove {}: {e}", path.display()));
    }
}

/// Runs a helper example and returns its standard output.
fn output_of(cmd: &mut Command) -> String {
    match cmd.stdin(Stdio::null()).stderr(Stdio::inherit()).output() {
        Ok(o) => String::from_utf8_lossy(&o.stdout).into_owned(),
        Err(e) => format!("(cannot run {cmd:?}: {e})"),
    }
}

/// The first line of `text` that contains `needle`.
fn line_with<'a>(text: &'a str, needle: &str) -> &'a str {
    text.lines().find(|l| l.contains(needle)).unwrap_or("(not measured)")
}

fn program(cmdline: &str) -> Command {
    let mut parts = cmdline.split_whitespace();
    let mut c = Command::new(parts.next().unwrap_or("true"));
    c.args(parts);
    c
}

fn main() {
    let a = args();
    let compendium = sibling("compendium");
    for bin in ["synth", "to_hugo", "to_mdbook", "serve_bench", "search_bench"] {
        if !sibling(bin).is_file() {
            usage(&format!("`{bin}` is not built: run `cargo build --release --bins --examples`"));
        }
    }
    let hugo = which("hugo");
    let mdbook = which("mdbook");
    std::fs::create_dir_all(&a.out).expect("create output folder");
    let mut report = String::new();
    let _ = writeln!(
        report,
        "# Compendium benchmarks\n\n{} cores; {} run(s) per figure, median (min–max); \
         wall time, CPU time (user + system) and peak resident memory of each whole process.\n",
        std::thread::available_parallelism().map_or(1, |p| p.get()),
        a.runs
    );
    let version = |bin: &Path, arg: &str| {
        let out = Command::new(bin).arg(arg).output();
        out.map(|o| String::from_utf8_lossy(&o.stdout).lines().next().unwrap_or("").to_owned())
            .unwrap_or_default()
    };
    let _ = writeln!(
        report,
        "Anchors: Hugo: {}; mdBook: {}; Pagefind: {}.\n",
        hugo.as_deref().map_or("not installed".into(), |h| version(h, "version")),
        mdbook.as_deref().map_or("not installed".into(), |m| version(m, "--version")),
        a.pagefind.as_deref().unwrap_or("not run")
    );

    for &n in &a.sizes {
        eprintln!("== {n} records");
        let site = a.out.join(format!("site-{n}"));
        let gen_ok = Command::new(sibling("synth"))
            .arg(n.to_string())
            .arg(&site)
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        assert!(gen_ok, "synth failed");
        let input_bytes = dir_bytes(&site.join("content"));
        let root = |c: &mut Command| {
            c.arg("--root").arg(&site);
        };
        let comp = |args: &[&str]| {
            let mut c = Command::new(&compendium);
            root(&mut c);
            c.args(args);
            c
        };
        let (site_dir, index_dir) = (site.join("site"), site.join("index"));

        eprintln!("   check");
        let check = repeat(a.runs, &mut || {}, &mut || comp(&["check"]));
        // As after a reboot, or on a CI runner with a restored cache:
        // where the kernel lets this process drop its page cache (root on
        // Linux), check again with nothing of the site in memory.
        let check_cold = if can_drop_caches() {
            eprintln!("   check, page cache dropped");
            repeat(a.runs, &mut drop_caches, &mut || comp(&["check"]))
        } else {
            Vec::new()
        };
        eprintln!("   build");
        let build = repeat(
            a.runs,
            &mut || {
                rm(&site_dir);
                rm(&index_dir);
            },
            &mut || comp(&["build"]),
        );
        let (site_bytes, index_bytes) = (dir_bytes(&site_dir), dir_bytes(&index_dir));
        let site_files = walkdir::WalkDir::new(&site_dir).into_iter().flatten().count();
        let compare_load = first_load(&site_dir, "compare/index.html");
        let map = map_bytes(&site_dir);
        eprintln!("   no-change rebuild");
        let nochange = repeat(a.runs, &mut || {}, &mut || comp(&["build"]));

        let mut hugo_plain = Vec::new();
        let mut hugo_pagefind = Vec::new();
        let anchors = n <= a.anchors_max;
        let pagefind = a.pagefind.as_ref().filter(|_| anchors);
        if let Some(h) = hugo.as_ref().filter(|_| anchors) {
            eprintln!("   hugo");
            let hsite = a.out.join(format!("hugo-{n}"));
            let conv = Command::new(sibling("to_hugo")).arg(&site).arg(&hsite).status();
            assert!(conv.is_ok_and(|s| s.success()), "to_hugo failed");
            let public = hsite.join("public");
            hugo_plain = repeat(a.runs, &mut || rm(&public), &mut || {
                let mut c = Command::new(h);
                c.arg("--quiet").arg("--source").arg(&hsite);
                c
            });
            if let Some(pf) = pagefind {
                // Hugo, then Pagefind over its output: one process each, added up.
                for _ in 0..a.runs {
                    rm(&public);
                    let mut c = Command::new(h);
                    let first = measure(c.arg("--quiet").arg("--source").arg(&hsite));
                    let second = measure(program(pf).arg("--site").arg(&public));
                    hugo_pagefind.push(Run {
                        wall: first.wall + second.wall,
                        cpu: first.cpu + second.cpu,
                        peak_mib: first.peak_mib.max(second.peak_mib),
                        ok: first.ok && second.ok,
                    });
                }
            }
        }
        let mut mdbook_runs = Vec::new();
        if let Some(m) = mdbook.as_ref().filter(|_| anchors && n <= a.mdbook_max) {
            eprintln!("   mdbook");
            let book = a.out.join(format!("mdbook-{n}"));
            let conv = Command::new(sibling("to_mdbook")).arg(&site).arg(&book).status();
            assert!(conv.is_ok_and(|s| s.success()), "to_mdbook failed");
            // mdBook takes minutes at 10,000 chapters: one run unless asked.
            mdbook_runs = repeat(a.mdbook_runs.max(1), &mut || rm(&book.join("book")), &mut || {
                let mut c = Command::new(m);
                c.arg("build").arg(&book);
                c
            });
        }
        let mut pagefind_runs = Vec::new();
        if let Some(pf) = pagefind {
            eprintln!("   pagefind over compendium's site");
            pagefind_runs = repeat(a.runs, &mut || rm(&site_dir.join("pagefind")), &mut || {
                let mut c = program(pf);
                c.arg("--site").arg(&site_dir);
                c
            });
            rm(&site_dir.join("pagefind"));
        }

        let serve = if a.serve {
            eprintln!("   serve");
            output_of(Command::new(sibling("serve_bench")).arg(&site).args(["20", "1000"]))
        } else {
            String::new()
        };
        let search = if a.search {
            eprintln!("   search");
            let mut c = Command::new(sibling("search_bench"));
            c.arg(&site);
            if let Some(pf) = pagefind {
                c.args(["--pagefind", pf]);
            }
            output_of(&mut c)
        } else {
            String::new()
        };

        let mut t = String::new();
        let _ = writeln!(
            t,
            "## {n} records\n\nInput: {:.1} MB of content. Output: {:.1} MB site in {site_files} files, \
             {:.1} MB tantivy index.\n",
            input_bytes as f64 / 1e6,
            site_bytes as f64 / 1e6,
            index_bytes as f64 / 1e6
        );
        if let Some((bytes, files)) = compare_load {
            let _ = writeln!(
                t,
                "Compare page first load: {:.1} kB in {files} files (page, scripts, stylesheet, icons).",
                bytes as f64 / 1e3
            );
        }
        if let Some(bytes) = map {
            let _ =
                writeln!(t, "World map on the home page: {:.1} kB of SVG.\n", bytes as f64 / 1e3);
        }
        let _ = writeln!(t, "| command | wall | CPU | peak memory |\n|---|---|---|---|");
        row(&mut t, "`compendium check`", &check);
        if !check_cold.is_empty() {
            row(&mut t, "`compendium check`, page cache dropped first", &check_cold);
        }
        row(&mut t, "`compendium build` (site + tantivy + browser index, minified)", &build);
        row(&mut t, "`compendium build`, nothing changed", &nochange);
        if !hugo_plain.is_empty() {
            row(&mut t, "Hugo, plain build (no search index)", &hugo_plain);
        }
        if !hugo_pagefind.is_empty() {
            row(&mut t, "Hugo + Pagefind", &hugo_pagefind);
        }
        if !mdbook_runs.is_empty() {
            row(&mut t, "mdBook build (with its search index)", &mdbook_runs);
        }
        if !pagefind_runs.is_empty() {
            row(&mut t, "Pagefind over Compendium's site", &pagefind_runs);
        }
        let _ = writeln!(t, "\nRatios (medians, same run):\n");
        let wall = |r: &Run| r.wall;
        let peak = |r: &Run| r.peak_mib;
        let _ = writeln!(t, "- no-change rebuild / full build: {}", ratio(&nochange, &build, wall));
        if !hugo_plain.is_empty() {
            let _ = writeln!(
                t,
                "- Compendium build / Hugo plain build: {} (wall), {} (peak memory)",
                ratio(&build, &hugo_plain, wall),
                ratio(&build, &hugo_plain, peak)
            );
        }
        if !hugo_pagefind.is_empty() {
            let _ = writeln!(
                t,
                "- Compendium build / (Hugo + Pagefind): {} (wall)",
                ratio(&build, &hugo_pagefind, wall)
            );
        }
        if !mdbook_runs.is_empty() {
            let _ = writeln!(
                t,
                "- Compendium build / mdBook build: {} (wall)",
                ratio(&build, &mdbook_runs, wall)
            );
        }
        if a.serve {
            let _ = writeln!(t, "\nserve:\n");
            for needle in ["save to served page", "save to /api/search", "save to browser index"] {
                let _ = writeln!(t, "- {}", line_with(&serve, needle));
            }
        }
        if a.search {
            let _ = writeln!(t, "\nsearch:\n");
            for needle in ["In process", "Whole process", "Median: Compendium"] {
                let _ = writeln!(t, "- {}", line_with(&search, needle).trim());
            }
        }
        t.push('\n');
        print!("{t}");
        report.push_str(&t);
        std::fs::write(a.out.join("results.md"), &report).expect("write results");
    }
    eprintln!("wrote {}", a.out.join("results.md").display());
}
