//! What history from git costs a build (#17): full release builds of a
//! synthetic site in a git repository where every record was changed by
//! three commits, with `[history]` on and off.
//!
//! ```sh
//! cargo build --release --bins --examples
//! target/release/examples/history_bench [--src /tmp/s10k] [--runs 3] [--out DIR]
//! ```
//!
//! It copies `book.toml` and `content/` of `--src` (a site made by
//! `examples/synth.rs`; left untouched) into `OUT/site`, makes a repository
//! there with the `git` program (only this benchmark runs it; Compendium
//! reads the repository with gix): the first commit adds every file, the
//! second and third each change every record file (a line appended). Then,
//! alternating, it times `compendium build --timings` into empty folders
//! with history on (the default) and off (`[history] enabled = false`,
//! written into book.toml for those runs only), as whole processes reaped
//! with `wait4` (wall and CPU time, peak memory), and prints the medians,
//! the overhead, and the `history (git)` stage's own time.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

struct Run {
    wall: f64,
    cpu: f64,
    rss_mb: f64,
    /// The `history (git)` stage, in ms, when the build printed it.
    stage_ms: Option<f64>,
}

fn main() {
    let mut src = PathBuf::from("/tmp/s10k");
    let mut runs = 3usize;
    let mut out = std::env::temp_dir().join("compendium-history-bench");
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let v = it.next().unwrap_or_else(|| fail(&format!("{a} needs a value")));
        match a.as_str() {
            "--src" => src = PathBuf::from(v),
            "--runs" => runs = v.parse().unwrap_or_else(|_| fail("--runs takes a number")),
            "--out" => out = PathBuf::from(v),
            _ => fail(&format!("unknown option {a}")),
        }
    }
    let bin = std::env::current_exe()
        .ok()
        .and_then(|p| Some(p.parent()?.parent()?.join("compendium")))
        .filter(|p| p.is_file())
        .unwrap_or_else(|| fail("build the binary first: cargo build --release --bins --examples"));
    let site = out.join("site");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&site).unwrap_or_else(|e| fail(&format!("{}: {e}", site.display())));
    std::fs::copy(src.join("book.toml"), site.join("book.toml"))
        .unwrap_or_else(|e| fail(&format!("{}: {e}", src.display())));
    copy_dir(&src.join("content"), &site.join("content"));
    let records = record_files(&site.join("content"));
    eprintln!("{} record files from {}", records.len(), src.display());

    let started = Instant::now();
    git(&site, &["init", "-q", "-b", "main"], None);
    for (n, date) in
        [(1, "2024-01-10T12:00:00Z"), (2, "2024-02-20T12:00:00Z"), (3, "2024-03-30T12:00:00Z")]
    {
        if n > 1 {
            for f in &records {
                let mut text = std::fs::read_to_string(f).unwrap_or_default();
                text.push('\n');
                std::fs::write(f, text).unwrap_or_else(|e| fail(&format!("{}: {e}", f.display())));
            }
        }
        git(&site, &["add", "-A"], None);
        git(&site, &["commit", "-q", "-m", &format!("Revision {n} of every record")], Some(date));
    }
    eprintln!("repository of 3 commits made in {:.1?}", started.elapsed());

    let book = std::fs::read_to_string(site.join("book.toml")).unwrap_or_default();
    let (mut on, mut off) = (Vec::new(), Vec::new());
    for i in 0..runs {
        for enabled in [true, false] {
            let text = if enabled {
                book.clone()
            } else {
                format!("{book}\n[history]\nenabled = false\n")
            };
            std::fs::write(site.join("book.toml"), text).unwrap_or_else(|e| fail(&e.to_string()));
            let _ = std::fs::remove_dir_all(site.join("site"));
            let _ = std::fs::remove_dir_all(site.join("index"));
            let mut cmd = Command::new(&bin);
            cmd.arg("--root").arg(&site).args(["build", "--timings"]);
            let r = measure(&mut cmd).unwrap_or_else(|e| fail(&e));
            eprintln!(
                "run {}: history {}: {:.2} s wall, {:.2} s CPU, {:.0} MB{}",
                i + 1,
                if enabled { "on " } else { "off" },
                r.wall,
                r.cpu,
                r.rss_mb,
                r.stage_ms.map(|ms| format!(", history stage {ms:.1} ms")).unwrap_or_default()
            );
            if enabled { on.push(r) } else { off.push(r) }
        }
    }
    std::fs::write(site.join("book.toml"), book).unwrap_or_else(|e| fail(&e.to_string()));
    let med = |v: &[Run], f: fn(&Run) -> f64| median(v.iter().map(f).collect());
    let (on_wall, off_wall) = (med(&on, |r| r.wall), med(&off, |r| r.wall));
    let (on_cpu, off_cpu) = (med(&on, |r| r.cpu), med(&off, |r| r.cpu));
    let stage = median(on.iter().filter_map(|r| r.stage_ms).collect());
    println!(
        "| {} records, 3 commits each, {runs} runs | history on | history off | overhead |",
        records.len()
    );
    println!("|---|---|---|---|");
    println!(
        "| full build, wall (median) | {on_wall:.2} s | {off_wall:.2} s | {:+.1} % |",
        (on_wall / off_wall - 1.0) * 100.0
    );
    println!(
        "| full build, CPU (median) | {on_cpu:.2} s | {off_cpu:.2} s | {:+.1} % |",
        (on_cpu / off_cpu - 1.0) * 100.0
    );
    println!(
        "| peak memory (median) | {:.0} MB | {:.0} MB | |",
        med(&on, |r| r.rss_mb),
        med(&off, |r| r.rss_mb)
    );
    println!("| `history (git)` stage (median, beside loading) | {stage:.1} ms | – | |");
}

fn fail(msg: &str) -> ! {
    eprintln!("history_bench: {msg}");
    std::process::exit(2)
}

fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn git(dir: &Path, args: &[&str], date: Option<&str>) {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir).args(["-c", "user.name=Bench", "-c", "user.email=bench@example.org"]);
    cmd.args(args);
    if let Some(d) = date {
        cmd.env("GIT_AUTHOR_DATE", d).env("GIT_COMMITTER_DATE", d);
    }
    match cmd.status() {
        Ok(s) if s.success() => {}
        other => fail(&format!("git {args:?}: {other:?}")),
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from).sort_by_file_name() {
        let e = e.unwrap_or_else(|e| fail(&e.to_string()));
        let rel = e.path().strip_prefix(from).unwrap_or(e.path());
        let dest = to.join(rel);
        let done = if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest)
        } else {
            std::fs::copy(e.path(), &dest).map(|_| ())
        };
        done.unwrap_or_else(|err| fail(&format!("{}: {err}", dest.display())));
    }
}

/// Every record file under `content` (not schema files).
fn record_files(content: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(content)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            let name = e.file_name().to_string_lossy();
            !name.starts_with('_') && [".md", ".yaml", ".yml"].iter().any(|x| name.ends_with(x))
        })
        .map(|e| e.into_path())
        .collect()
}

/// Runs `cmd` to the end: wall time, CPU time (user + system, children
/// included) and peak resident memory from `wait4`, and the history stage
/// from its `--timings` table.
fn measure(cmd: &mut Command) -> Result<Run, String> {
    cmd.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => return Err(format!("cannot start {cmd:?}: {e}")),
    };
    let mut pipe = child.stderr.take();
    let drain = std::thread::spawn(move || {
        let mut s = String::new();
        if let Some(p) = pipe.as_mut() {
            use std::io::Read as _;
            let _ = p.read_to_string(&mut s);
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
    if !(r == pid && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        return Err(format!("{cmd:?} failed:\n{err}"));
    }
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    let stage_ms = err
        .lines()
        .find(|l| l.trim_start().starts_with("history (git)"))
        .and_then(|l| l.split_whitespace().rev().find_map(|w| w.parse::<f64>().ok()));
    Ok(Run {
        wall,
        cpu: secs(ru.ru_utime) + secs(ru.ru_stime),
        rss_mb: ru.ru_maxrss as f64 / 1024.0,
        stage_ms,
    })
}
