//! Helpers shared by the integration tests: scratch sites and running the binary.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The `compendium` binary built for these tests.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_compendium"))
}

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shared evaluation site, when the checkout has `../shared` beside it.
pub fn eval_site() -> Option<PathBuf> {
    let p = repo().join("../shared/fixtures/eval-site");
    p.is_dir().then_some(p)
}

/// A scratch site in a temporary folder, removed on drop.
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    /// An empty site with a book.toml.
    pub fn new() -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::write(dir.path().join("book.toml"), "[book]\ntitle = \"Test\"\n")
            .expect("write book.toml");
        fs::create_dir_all(dir.path().join("content")).expect("content dir");
        Site { dir }
    }

    /// A copy of a fixture folder (relative to `tests/testsuite/`, or absolute).
    pub fn copy_of(fixture: &Path) -> Site {
        let src = if fixture.is_absolute() {
            fixture.to_path_buf()
        } else {
            repo().join("tests/testsuite").join(fixture)
        };
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(&src, dir.path());
        Site { dir }
    }

    /// A minimal valid site: one collection `practices` with one record, and
    /// a `topics` taxonomy.
    /// The theme fixture (records in Arabic, Chinese, French and English)
    /// with `[book] language = lang`, built.
    pub fn theme_languages_built(lang: &str) -> Site {
        let site = Site::copy_of(&repo().join("tests/fixtures/theme-languages"));
        let book =
            site.read("book.toml").replace("language = \"ar\"", &format!("language = \"{lang}\""));
        site.write("book.toml", &book);
        let run = site.run(&["build"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        site
    }

    pub fn minimal() -> Site {
        let s = Site::new();
        s.write("content/_taxonomies.yaml", "topics:\n  title: Topics\n  terms:\n    trade: {label: Trade, aliases: [commerce]}\nregions:\n  title: Regions\n  terms:\n    european-union: {label: European Union, members: [FRA, DEU]}\n");
        s.write(
            "content/practices/_collection.yaml",
            "title: Practices\nsingular: Practice\ndescription: Good practices.\nsort: title\nfacets: [area, topics]\nfields:\n  area: {type: enum, values: [customs, payments], required: true}\n  adopted: {type: date}\n  lead: {type: country}\n  basis: {type: list, of: {type: ref, collection: practices}}\n  website: {type: url}\n  staff: {type: int}\n  active: {type: bool}\n",
        );
        s.write("content/practices/single-window.md", "---\ntitle: Single window\nsummary: One place to lodge trade documents.\narea: customs\ntopics: [trade]\ncountries: [KEN]\n---\n\nA **single window** lets traders submit documents once.\n");
        s
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file under the site, creating folders.
    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let p = self.path().join(rel);
        fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        fs::write(p, text).expect("write");
        self
    }

    /// Writes raw bytes.
    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) -> &Self {
        let p = self.path().join(rel);
        fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        fs::write(p, bytes).expect("write");
        self
    }

    /// Reads a file under the site.
    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path().join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// Runs `check --format github` with `$GITHUB_STEP_SUMMARY` set: the
    /// run, and the step summary it wrote (empty when none).
    pub fn check_github(&self) -> (Run, String) {
        let summary = self.path().join("step-summary.md");
        let out = Command::new(bin())
            .arg("--root")
            .arg(self.path())
            .args(["check", "--format", "github"])
            .env("GITHUB_STEP_SUMMARY", &summary)
            .output()
            .expect("run compendium");
        let md = fs::read_to_string(&summary).unwrap_or_default();
        (Run::from(out), md)
    }

    /// Runs `compendium --root SITE ARGS…`.
    pub fn run(&self, args: &[&str]) -> Run {
        let out = Command::new(bin())
            .arg("--root")
            .arg(self.path())
            .args(args)
            .output()
            .expect("run compendium");
        Run::from(out)
    }

    /// Runs the binary from inside the site's folder, as an editor does.
    pub fn run_inside(&self, args: &[&str]) -> Run {
        let out = Command::new(bin())
            .current_dir(self.path())
            .args(args)
            .output()
            .expect("run compendium");
        Run::from(out)
    }
}

/// A finished run of the binary.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Run {
    /// Diagnostic lines (`path:line:col: error: …`) of stderr.
    pub fn errors(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
            .collect()
    }
}

/// Recursively copies `src` into `dst`.
pub fn copy_dir(src: &Path, dst: &Path) {
    for entry in walkdir::WalkDir::new(src).sort_by_file_name() {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(src).expect("prefix");
        let target = dst.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).expect("mkdir");
        } else if entry.file_type().is_file() {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Every file under `dir` with its bytes, by relative path. A file that
/// goes between the listing and the reading (a server renaming the files
/// it updates while a test polls) is left out: callers that poll compare
/// again until the folder holds still.
pub fn snapshot(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel =
                e.path().strip_prefix(dir).expect("prefix").to_string_lossy().replace('\\', "/");
            match fs::read(e.path()) {
                Ok(bytes) => Some((rel, bytes)),
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => None,
                Err(err) => panic!("read {rel}: {err}"),
            }
        })
        .collect()
}

/// Starts `compendium --root SITE serve --port 0 ARGS…` with `env` added,
/// and waits for the URL it prints (`http://127.0.0.1:PORT/`; empty when it
/// printed none). Its stderr is collected as it comes; stdout is drained so
/// that the server never blocks on a full pipe. The caller kills the child.
pub fn spawn_serve(
    site: &Path,
    args: &[&str],
    env: &[(&str, &str)],
) -> (std::process::Child, String, std::sync::Arc<std::sync::Mutex<String>>) {
    use std::io::{BufRead as _, BufReader, Read as _};
    use std::process::Stdio;
    let mut child = Command::new(bin())
        .envs(env.iter().copied())
        .arg("--root")
        .arg(site)
        .args(["serve", "--port", "0"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start compendium serve");
    let stderr = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let pipe = child.stderr.take().expect("stderr");
    let sink = stderr.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines().map_while(Result::ok) {
            let mut s = sink.lock().unwrap_or_else(|e| e.into_inner());
            s.push_str(&line);
            s.push('\n');
        }
    });
    let mut out = BufReader::new(child.stdout.take().expect("stdout"));
    let mut url = String::new();
    let mut line = String::new();
    while out.read_line(&mut line).unwrap_or(0) > 0 {
        if let Some(u) = line.trim().strip_prefix("serving ") {
            url = u.to_owned();
            break;
        }
        line.clear();
    }
    std::thread::spawn(move || {
        let mut rest = Vec::new();
        let _ = out.read_to_end(&mut rest);
    });
    (child, url, stderr)
}

/// Polls `check` until it returns `Some`, failing after `deadline` with
/// `what` and `context()` (a server's stderr, say).
pub fn poll_until<T>(
    what: &str,
    deadline: std::time::Duration,
    context: impl Fn() -> String,
    mut check: impl FnMut() -> Option<T>,
) -> T {
    let start = std::time::Instant::now();
    loop {
        if let Some(v) = check() {
            return v;
        }
        assert!(start.elapsed() < deadline, "timed out waiting for {what}; stderr:\n{}", context());
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}
