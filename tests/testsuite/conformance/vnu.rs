//! The W3C Nu Html Checker (`vnu.jar`, from npm at the version pinned in
//! `tests/vnu/package-lock.json`) over every page, stylesheet and SVG of a
//! built site, in one JVM per site: no error and no warning.
//!
//! It needs Java (Debian: `default-jre-headless`) and `npm ci --prefix
//! tests/vnu --ignore-scripts` (`.ci/run` does both). Without them the
//! tests say so and pass, except under CI (`CI=true`), where they fail.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use super::{evaluation, multilingual, shipped};
use crate::support::repo;

/// `java` and `vnu.jar`, or `None` (with a message) when either is missing
/// outside CI.
fn checker() -> Option<(PathBuf, PathBuf)> {
    let dir = repo().join("tests/vnu");
    let jar = dir.join("node_modules/vnu-jar/build/dist/vnu.jar");
    install(&dir, &jar);
    let java = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths).map(|p| p.join("java")).find(|p| p.is_file())
    });
    match (java, jar.is_file()) {
        (Some(java), true) => Some((java, jar)),
        (java, _) => {
            let missing = if java.is_none() {
                "java is not installed (apt-get install default-jre-headless)"
            } else {
                "tests/vnu/node_modules has no vnu.jar (npm ci --prefix tests/vnu --ignore-scripts)"
            };
            assert!(std::env::var("CI").map_or(true, |v| v != "true"), "CI=true but {missing}");
            eprintln!("skipped: {missing}");
            None
        }
    }
}

/// Runs `npm ci` in `tests/vnu` once per test run when the jar is missing
/// and npm is there. Install scripts stay off: the package's own would
/// download a Java runtime, and Debian's is used instead.
fn install(dir: &Path, jar: &Path) {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        if jar.is_file() {
            return;
        }
        let status = Command::new("npm")
            .args(["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--prefix"])
            .arg(dir)
            .status();
        if !status.as_ref().is_ok_and(|s| s.success()) {
            eprintln!("`npm ci --prefix tests/vnu` failed: {status:?}");
        }
    });
}

/// The files of a built site the checker reads: pages, stylesheets and
/// SVG images, relative to `site/`, sorted.
fn checked_files(site: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(site)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(site).ok()?.to_string_lossy().replace('\\', "/");
            [".html", ".css", ".svg"].iter().any(|x| rel.ends_with(x)).then_some(rel)
        })
        .collect();
    files.sort();
    files
}

/// Runs the checker over every page, stylesheet and SVG under `site`, in
/// one JVM: each error and warning (where it is and what it says), and the
/// files checked; `None` when the checker is not installed.
fn check(site: &Path) -> Option<(Vec<String>, Vec<String>)> {
    let (java, jar) = checker()?;
    let files = checked_files(site);
    let out = Command::new(java)
        .arg("-jar")
        .arg(jar)
        .args(["--format", "json", "--also-check-css", "--also-check-svg"])
        .args(files.iter().map(|f| format!("./{f}")))
        .current_dir(site)
        .output()
        .expect("run java -jar vnu.jar");
    // The report goes to stderr.
    let report: Value = serde_json::from_slice(&out.stderr).unwrap_or_else(|e| {
        panic!("vnu printed no JSON report ({e}):\n{}", String::from_utf8_lossy(&out.stderr))
    });
    let messages = report["messages"].as_array().cloned().unwrap_or_default();
    let problems: Vec<String> = messages
        .iter()
        // Plain "info" messages are neither errors nor warnings.
        .filter(|m| m["type"] != "info" || m["subType"] == "warning")
        // The checker guesses a page's language from its text, with a
        // detector seeded once per run: the country index, a list of
        // country names, was once taken for Italian and is not otherwise
        // (the same bytes passed on the next run). A guess about a list of
        // names is no finding; the guess stays on every other page.
        .filter(|m| {
            let guess = m["message"]
                .as_str()
                .is_some_and(|t| t.starts_with("This document appears to be written in"));
            let names = m["url"].as_str().is_some_and(|u| u.contains("countries/"));
            !(guess && names)
        })
        .map(|m| {
            let kind = m["subType"].as_str().or(m["type"].as_str()).unwrap_or("?");
            let url = m["url"].as_str().unwrap_or("?");
            let file = url.rsplit_once("/./").map_or(url, |(_, f)| f);
            format!(
                "{file}:{}:{}: {kind}: {}\n    {}",
                m["lastLine"],
                m["firstColumn"].as_u64().or(m["lastColumn"].as_u64()).unwrap_or(0),
                m["message"].as_str().unwrap_or(""),
                m["extract"].as_str().unwrap_or("").replace('\n', " "),
            )
        })
        .collect();
    assert!(
        problems.is_empty() == out.status.success(),
        "vnu exited with {} and reported {problems:?}",
        out.status
    );
    Some((problems, files))
}

/// Checks every page, stylesheet and SVG of the built site in `dir`: no
/// error, no warning.
fn assert_valid(dir: &Path) {
    let Some((problems, files)) = check(&dir.join("site")) else { return };
    assert!(files.iter().filter(|f| f.ends_with(".html")).count() > 50, "{files:?}");
    assert!(files.iter().any(|f| f.ends_with(".css")) && files.iter().any(|f| f.ends_with(".svg")));
    assert!(
        problems.is_empty(),
        "the W3C checker reports {} problem(s) in {} files:\n{}",
        problems.len(),
        files.len(),
        problems.join("\n")
    );
}

/// The check itself: a page with a misnested tag and a stylesheet with an
/// unknown property are reported, with file and message.
#[test]
fn w3c_checker_reports_what_is_wrong_and_where() {
    let s = crate::support::Site::minimal();
    s.write("book.toml", "[book]\ntitle = \"Test\"\n\n[build]\ntheme = \"broken\"\n");
    s.write(
        "themes/broken/404.html",
        "{% extends \"base.html\" %}{% block main %}<p><div>x</p>{% endblock main %}",
    );
    s.write("themes/broken/assets/extra.css", "a { colr: red }\n");
    let r = s.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let Some((problems, _)) = check(&s.path().join("site")) else { return };
    let all = problems.join("\n");
    assert!(all.contains("404.html:") && all.contains("Unclosed element “div”"), "{all}");
    assert!(all.contains("assets/extra.css:") && all.contains("colr"), "{all}");
    assert!(!all.contains("index.html:"), "only the broken files: {all}");
}

#[test]
fn w3c_checker_passes_the_evaluation_site() {
    if let Some(dir) = evaluation() {
        assert_valid(dir);
    }
}

#[test]
fn w3c_checker_passes_the_shipped_site() {
    assert_valid(shipped());
}

#[test]
fn w3c_checker_passes_the_multilingual_fixture() {
    assert_valid(multilingual());
}
