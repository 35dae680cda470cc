//! Browser search: `search.js` (as shipped, minified) must analyse and rank
//! exactly like the command line, and `search/index.html?q=…` must find
//! records in headless Chromium, opened from `file://` and from a local
//! static server.
//!
//! These tests need `node` and `chromium` on the PATH (`.ci/run` installs
//! them); set `COMPENDIUM_BROWSER_TESTS=skip` to skip them on a machine
//! without.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use compendium::search::{Engine, Request};

use crate::support::{Site, eval_site, repo, snapshot};

/// `name` on the PATH; `None` (the test skips) when
/// `COMPENDIUM_BROWSER_TESTS=skip`, a panic when it is not installed.
pub(crate) fn tool(name: &str) -> Option<PathBuf> {
    if std::env::var("COMPENDIUM_BROWSER_TESTS").is_ok_and(|v| v == "skip") {
        eprintln!("skipped: COMPENDIUM_BROWSER_TESTS=skip");
        return None;
    }
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths).map(|p| p.join(name)).find(|p| p.is_file())
    });
    match found {
        Some(p) => Some(p),
        None => {
            panic!("`{name}` is not installed; install it or set COMPENDIUM_BROWSER_TESTS=skip")
        }
    }
}

/// The eval site copied and built; `None` without ../shared.
pub(crate) fn built_eval_site() -> Option<Site> {
    let site = Site::copy_of(&eval_site()?);
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    Some(site)
}

/// Runs the node driver in `mode` with `input` on stdin.
fn driver(node: &Path, site: &Path, mode: &str, input: &str) -> String {
    let mut child = Command::new(node)
        .arg(repo().join("tests/testsuite/browser/driver.js"))
        .arg(site.join("search/search.js"))
        .arg(site)
        .arg(mode)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run node");
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write stdin");
    let out = child.wait_with_output().expect("node output");
    assert!(out.status.success(), "node: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8")
}

/// Words to compare: every word of the evaluation site and the seeds, and
/// words that exercise each stemmer and spelling rule.
fn words(site: &Path) -> Vec<String> {
    let mut words: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    let mut texts: Vec<String> = Vec::new();
    for dir in [site.join("content"), repo().join("tests/seeds")] {
        for e in walkdir::WalkDir::new(dir).sort_by_file_name().into_iter().flatten() {
            if e.file_type().is_file() {
                texts.push(std::fs::read_to_string(e.path()).unwrap_or_default());
            }
        }
    }
    for t in &texts {
        for w in t.split(|c: char| c.is_whitespace() || c == '/' || c == '(' || c == ')') {
            if !w.is_empty() {
                words.insert(w.to_owned());
            }
        }
    }
    for w in "generously skies dying lying inning outing happily agreed feed proceed exceeded \
        succeeded emergency organisation organization universal communism past pasted hopping \
        hoping caresses ponies ties cries guided sky news howe generically archaeologist \
        pragmatically colourful favourite behavioural neighbourhood realising recognisable \
        analysed paralysed centred kilometres fibres catalogues dialogue programmes licences \
        cheques judgement ageing enrolment instalments sceptical manoeuvres advise enterprise \
        exercising promising noise raised crises premises hatred inbred macabre tours flour \
        détente Ærøskøbing straße İstanbul naïve façade coöperate ǅemal œuvre ½ ² Ⅻ 日本語 \
        e-commerce M-Pesa women's O’Brien cross-border-e-commerce-returns a--b x-"
        .split_whitespace()
    {
        words.insert(w.to_owned());
    }
    words.into_iter().collect()
}

#[test]
fn browser_analysis_matches_the_rust_analysis() {
    let Some(node) = tool("node") else { return };
    let Some(site) = built_eval_site() else { return };
    let words = words(site.path());
    let mut analyzer =
        compendium::search::analysis::Analyzer::new(compendium::search::analysis::Lang::English);
    let expected: Vec<Vec<String>> =
        words.iter().map(|w| analyzer.analyze(w).into_iter().map(|t| t.term).collect()).collect();
    let got: Vec<Vec<String>> = serde_json::from_str(&driver(
        &node,
        &site.path().join("site"),
        "analyze",
        &words.join("\n"),
    ))
    .expect("json");
    assert_eq!(got.len(), expected.len());
    let diffs: Vec<String> = words
        .iter()
        .zip(expected.iter().zip(&got))
        .filter(|(_, (e, g))| e != g)
        .map(|(w, (e, g))| format!("{w:?}: rust {e:?}, js {g:?}"))
        .collect();
    assert!(
        diffs.is_empty(),
        "{} of {} words differ:\n{}",
        diffs.len(),
        words.len(),
        diffs.join("\n")
    );
}

#[test]
fn browser_ranking_matches_the_command_line() {
    let Some(node) = tool("node") else { return };
    let Some(site) = built_eval_site() else { return };
    let Some(eval) = eval_site() else { return };
    let mut requests: Vec<Request> = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .from_path(eval.join("queries.tsv"))
        .expect("queries.tsv");
    for row in reader.records() {
        let row = row.expect("row");
        let mut req = Request { query: row[0].to_owned(), limit: 10, ..Request::default() };
        for f in row[1].split_whitespace() {
            if let Some((k, v)) = f.split_once('=') {
                if k == "collection" {
                    req.collection = Some(v.to_owned());
                } else {
                    req.filters.push((k.to_owned(), v.to_owned()));
                }
            }
        }
        requests.push(req);
    }
    for q in [
        "payment",
        "the",
        "e-money",
        "mobile-money",
        "digital adress",
        "\"cooling-off period\"",
        "\"e-commerce\" law",
        "consumer -\"online shopping\"",
        "reviews collection:regulations",
        "jurisdiction:kenya",
        "topics:\"Consumer rights\" online",
        "women -jurisdiction:IND",
        "prioritise",
        "programme",
        "*",
        "\"\"\"",
        "-",
        "日本語",
        "U.S.",
        "zzzzzzzzz",
        // Questions: words no record contains are dropped; when no record
        // has every word, those with the most of them come first.
        "zzzzzzzzz mobile money",
        "what does the EU say about strong customer authentication for card payments",
        "how do postal services help women sell abroad",
        "parcel lockers mobile money",
    ] {
        requests.push(Request { query: q.to_owned(), limit: 10, ..Request::default() });
    }
    assert_same_ranking(&node, site.path(), &requests);
}

/// A misspelling that is a word of another record: nothing has every word
/// until the near spellings are let in, in the browser as on the command line.
#[test]
fn browser_retries_with_near_spellings_like_the_command_line() {
    let Some(node) = tool("node") else { return };
    let site = Site::minimal();
    site.write(
        "content/practices/cleaning.md",
        "---\ntitle: Cleaning\nsummary: A windaw cleaning guide.\narea: customs\n---\n",
    );
    assert_eq!(site.run(&["build"]).code, 0);
    let requests: Vec<Request> = ["single windaw", "windaw", "singel window", "cleaning window"]
        .iter()
        .map(|q| Request { query: (*q).to_owned(), limit: 10, ..Request::default() })
        .collect();
    assert_same_ranking(&node, site.path(), &requests);
    let engine = Engine::open(&site.path().join("index")).expect("open index");
    let got = engine.search(&requests[0]).expect("search");
    assert_eq!(got.hits.first().map(|h| h.key.as_str()), Some("practices/single-window"));
}

/// Runs `requests` through the engine and through `search.js` under node,
/// and asserts the same hits in the same order with the same scores.
fn assert_same_ranking(node: &Path, root: &Path, requests: &[Request]) {
    let engine = Engine::open(&root.join("index")).expect("open index");
    let js_requests: Vec<serde_json::Value> = requests
        .iter()
        .map(|r| {
            serde_json::json!({
                "query": r.query, "collection": r.collection, "limit": r.limit,
                "filters": r.filters.iter().map(|(k, v)| [k, v]).collect::<Vec<_>>(),
            })
        })
        .collect();
    let js: Vec<serde_json::Value> = serde_json::from_str(&driver(
        node,
        &root.join("site"),
        "search",
        &serde_json::to_string(&js_requests).expect("json"),
    ))
    .expect("json");
    for (req, js) in requests.iter().zip(&js) {
        let rust = engine.search(req).expect("search");
        let js_hits = js["hits"].as_array().expect("hits");
        let rust_keys: Vec<&str> = rust.hits.iter().map(|h| h.key.as_str()).collect();
        let js_keys: Vec<&str> = js_hits.iter().map(|h| h["key"].as_str().unwrap_or("")).collect();
        assert_eq!(js_keys, rust_keys, "{:?}", req.query);
        assert_eq!(js["total"].as_u64(), Some(rust.total as u64), "{:?}", req.query);
        for (h, j) in rust.hits.iter().zip(js_hits) {
            let (a, b) = (f64::from(h.score), j["score"].as_f64().unwrap_or(-1.0));
            assert!(
                (a - b).abs() <= 1e-4 * a.abs().max(1.0),
                "{:?} {}: {a} vs {b}",
                req.query,
                h.key
            );
        }
    }
}

#[test]
fn browser_index_is_deterministic_and_small() {
    let Some(site) = built_eval_site() else { return };
    let first = snapshot(&site.path().join("site/search"));
    assert_eq!(site.run(&["build"]).code, 0);
    let second = snapshot(&site.path().join("site/search"));
    assert_eq!(first.keys().collect::<Vec<_>>(), second.keys().collect::<Vec<_>>());
    assert!(first == second, "the browser index differs between two builds");
    assert!(first.contains_key("meta.js") && first.contains_key("search.js"));
    // Every index file is a classic script handing data to CSI, so it loads under file://.
    for (path, bytes) in &first {
        if path.ends_with(".js") && path != "search.js" {
            assert!(bytes.starts_with(b"CSI(\""), "{path}");
        }
    }
}

/// Serves `dir` on 127.0.0.1 until the process ends; returns the port.
fn serve(dir: PathBuf) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let dir = dir.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(&stream);
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    return;
                }
                let path = line.split_whitespace().nth(1).unwrap_or("/");
                let path = path.split('?').next().unwrap_or("/").trim_start_matches('/');
                let file = dir.join(path);
                let mut stream = &stream;
                let ok = !path.contains("..") && file.is_file();
                let body = if ok {
                    std::fs::read(&file).unwrap_or_default()
                } else {
                    b"not found".to_vec()
                };
                let kind = match file.extension().and_then(|e| e.to_str()) {
                    Some("html") => "text/html; charset=utf-8",
                    Some("js") => "text/javascript; charset=utf-8",
                    _ => "application/octet-stream",
                };
                let status = if ok { "200 OK" } else { "404 Not Found" };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(&body);
            });
        }
    });
    port
}

/// The DOM of `url` after its scripts ran, from headless Chromium.
fn dump_dom(chromium: &Path, url: &str) -> String {
    let profile = tempfile::tempdir().expect("profile");
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-dev-shm-usage",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(["--virtual-time-budget=15000", "--dump-dom", url])
        .output()
        .expect("run chromium");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn results_of(dom: &str) -> &str {
    let start = dom.find("id=\"search-results\"").unwrap_or(dom.len());
    let end = dom[start..].find("</ol>").map(|e| start + e).unwrap_or(dom.len());
    &dom[start..end]
}

#[test]
fn chromium_finds_records_from_file_and_from_a_server() {
    let Some(chromium) = tool("chromium") else { return };
    let Some(site) = built_eval_site() else { return };
    let out = site.path().join("site");
    let page = out.join("search/index.html");
    let cases = [
        ("parcel%20lockers", "../best-practices/parcel-lockers-and-pickup-points/index.html"),
        ("Universal%20Postal%20Union", "../programmes/upu-ecom-at-africa/index.html"),
        ("%22strong%20customer%20authentication%22", "../regulations/eu-psd2/index.html"),
        ("withdrawl%20right", "../regulations/eu-consumer-rights-directive/index.html"),
    ];
    let port = serve(out.clone());
    for (q, expected) in cases {
        for url in [
            format!("file://{}?q={q}", page.display()),
            format!("http://127.0.0.1:{port}/search/index.html?q={q}"),
        ] {
            let dom = dump_dom(&chromium, &url);
            let results = results_of(&dom);
            assert!(
                results.contains(&format!("href=\"{expected}\"")),
                "{url}: expected a link to {expected}; results: {results}\nstatus: {}",
                dom.find("search-status").map(|i| &dom[i..(i + 300).min(dom.len())]).unwrap_or("")
            );
            // Snippets mark the matched words with <mark>, built from text nodes.
            assert!(results.contains("<mark>"), "{url}: no highlighted snippet");
        }
    }
}
