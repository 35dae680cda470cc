//! Search quality in six languages: the judged queries of
//! `tests/fixtures/multilingual/queries.tsv`, each typed into its language's
//! search (`search --json --lang LANG` on the command line, and
//! `LANG/search/index.html` in headless Chromium from `file://`), with
//! MRR@10 and recall@10 per page language and overall. The bar is 0.9 for
//! both overall, for both the command line and the browser, and
//! [`PAGE_FLOOR`] on every language's page.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::browser::{dump_dom, results_of, tool};
use crate::support::{Site, repo};

/// The issue's bar: MRR@10 and recall@10 over all judged queries.
const BAR: f64 = 0.9;
/// Each search page's floor, so that one language cannot fall behind
/// unnoticed. Below `BAR` for now: Russian is at 0.857, because Snowball's
/// Russian stemmer cuts some forms of one word to different stems
/// (`подпись` → `подп`, `подписи` → `подпис`; `защите` → `защ`, `защита`
/// → `защит`), the same on the command line and in the browser.
const PAGE_FLOOR: f64 = 0.85;
/// Headless Chromium processes run at once.
const BROWSERS: usize = 3;

/// One judged query.
struct Judged {
    query: String,
    /// The search page it is typed into.
    lang: String,
    /// The language it is written in.
    written: String,
    filters: Vec<(String, String)>,
    relevant: Vec<String>,
    kind: String,
}

fn fixture() -> PathBuf {
    repo().join("tests/fixtures/multilingual")
}

fn judged(path: &Path) -> Vec<Judged> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .has_headers(true)
        .from_path(path)
        .expect("queries.tsv");
    let headers = reader.headers().expect("header").clone();
    let col = |name: &str| {
        headers.iter().position(|h| h == name).unwrap_or_else(|| panic!("no `{name}` column"))
    };
    let (q, l, w, f, r, k) =
        (col("query"), col("lang"), col("written"), col("filters"), col("relevant"), col("kind"));
    reader
        .records()
        .map(|row| {
            let row = row.expect("row");
            let field = |i: usize| row.get(i).unwrap_or("").to_owned();
            Judged {
                query: field(q),
                lang: field(l),
                written: field(w),
                filters: field(f)
                    .split_whitespace()
                    .filter_map(|x| x.split_once('='))
                    .map(|(a, b)| (a.to_owned(), b.to_owned()))
                    .collect(),
                relevant: field(r).split_whitespace().map(str::to_owned).collect(),
                kind: field(k),
            }
        })
        .collect()
}

/// Reciprocal rank of the first relevant key in the top 10, and the share of
/// relevant keys found there.
fn score(got: &[String], relevant: &[String]) -> (f64, f64) {
    let top = &got[..got.len().min(10)];
    let rr = top
        .iter()
        .position(|k| relevant.contains(k))
        .map(|p| 1.0 / (p as f64 + 1.0))
        .unwrap_or(0.0);
    let found = relevant.iter().filter(|k| top.contains(k)).count();
    (rr, found as f64 / relevant.len().max(1) as f64)
}

/// Sums of reciprocal rank and recall, and the count, per group.
#[derive(Default)]
struct Tally(BTreeMap<String, (f64, f64, usize)>);

impl Tally {
    fn add(&mut self, group: &str, rr: f64, rec: f64) {
        let e = self.0.entry(group.to_owned()).or_default();
        e.0 += rr;
        e.1 += rec;
        e.2 += 1;
    }

    fn means(&self) -> Vec<(String, f64, f64, usize)> {
        self.0
            .iter()
            .map(|(g, (rr, rec, n))| (g.clone(), rr / *n as f64, rec / *n as f64, *n))
            .collect()
    }
}

/// Scores every query's ranking (`ranked[i]` for `rows[i]`), prints the
/// report and returns the failures of the bar (empty when it is met).
fn evaluate(what: &str, rows: &[Judged], ranked: &[Vec<String>]) -> Vec<String> {
    let (mut by_lang, mut by_written, mut by_kind, mut all) =
        (Tally::default(), Tally::default(), Tally::default(), Tally::default());
    let mut misses = String::new();
    for (j, got) in rows.iter().zip(ranked) {
        let (rr, rec) = score(got, &j.relevant);
        by_lang.add(&j.lang, rr, rec);
        by_written.add(&j.written, rr, rec);
        by_kind.add(&j.kind, rr, rec);
        all.add("all", rr, rec);
        if rr < 1.0 || rec < 1.0 {
            misses.push_str(&format!(
                "    [{}] {:?} ({}): rr {rr:.2} recall {rec:.2}; got {got:?}\n",
                j.lang, j.query, j.kind
            ));
        }
    }
    let mut failures = Vec::new();
    let overall = all.means();
    for (_, mrr, recall, n) in &overall {
        eprintln!("{what}: MRR@10 {mrr:.3}  recall@10 {recall:.3}  ({n} queries)");
        if *mrr < BAR || *recall < BAR {
            failures.push(format!("{what} overall: MRR@10 {mrr:.3}, recall@10 {recall:.3}"));
        }
    }
    for (title, tally, judged) in
        [("page", &by_lang, true), ("written in", &by_written, false), ("kind", &by_kind, false)]
    {
        for (g, mrr, recall, n) in tally.means() {
            let flag = if judged && (mrr < BAR || recall < BAR) { "  (below 0.9)" } else { "" };
            eprintln!("  {title} {g:<16} MRR {mrr:.3}  recall {recall:.3}  ({n}){flag}");
            if judged && (mrr < PAGE_FLOOR || recall < PAGE_FLOOR) {
                failures.push(format!("{what} [{g}]: MRR@10 {mrr:.3}, recall@10 {recall:.3}"));
            }
        }
    }
    eprint!("{misses}");
    failures
}

/// The site copied and built, after `check` passes.
fn built() -> Site {
    let site = Site::copy_of(&fixture());
    let check = site.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    site
}

/// The global keys of a JSON hit list, in rank order.
fn keys_of(json: &str) -> Vec<String> {
    let hits: Vec<serde_json::Value> = serde_json::from_str(json).expect("json");
    hits.iter().map(|h| h["key"].as_str().unwrap_or("").to_owned()).collect()
}

#[test]
fn judged_queries_on_the_command_line() {
    let rows = judged(&fixture().join("queries.tsv"));
    assert!(rows.len() >= 60, "{} judged queries", rows.len());
    let site = built();
    let mut without_lang = false;
    let ranked: Vec<Vec<String>> = rows
        .iter()
        .map(|j| {
            let mut args: Vec<String> = vec![
                "search".into(),
                j.query.clone(),
                "--limit".into(),
                "10".into(),
                "--json".into(),
                "--lang".into(),
                j.lang.clone(),
            ];
            for (field, value) in &j.filters {
                match field.as_str() {
                    "collection" => args.extend(["--collection".into(), value.clone()]),
                    _ => args.extend(["--filter".into(), format!("{field}={value}")]),
                }
            }
            let argv: Vec<&str> = args.iter().map(String::as_str).collect();
            let mut run = site.run(&argv);
            // Until `--lang` exists the numbers are still worth printing: measure
            // without it, and fail below.
            if run.code == 2 && run.stderr.contains("--lang") {
                without_lang = true;
                run = site.run(&argv[..5].iter().chain(&argv[7..]).copied().collect::<Vec<_>>());
            }
            assert_eq!(run.code, 0, "{:?}: {}", j.query, run.stderr);
            keys_of(&run.stdout)
        })
        .collect();
    let failures = evaluate("command line", &rows, &ranked);
    assert!(!without_lang, "`search --lang LANG` is not supported (measured without it)");
    assert!(failures.is_empty(), "below the bar:\n{}", failures.join("\n"));
}

/// `s` percent-encoded for a URL's query string.
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The record keys linked from a results list, in order: the last two path
/// segments before `index.html` of each link into a collection.
fn linked_keys(results: &str, collections: &[String]) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for part in results.split("href=\"").skip(1) {
        let href = part.split('"').next().unwrap_or("");
        let segs: Vec<&str> =
            href.trim_end_matches("index.html").split('/').filter(|s| !s.is_empty()).collect();
        if let [.., c, id] = segs.as_slice()
            && collections.iter().any(|x| x == c)
        {
            let key = format!("{c}/{id}");
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
    }
    keys
}

#[test]
fn judged_queries_in_chromium_from_file() {
    let Some(chromium) = tool("chromium") else { return };
    let rows = judged(&fixture().join("queries.tsv"));
    let site = built();
    let out = site.path().join("site");
    let collections: Vec<String> = std::fs::read_dir(fixture().join("content"))
        .expect("content")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let default = "en";
    let page_of = |lang: &str| {
        let prefix = if lang == default { String::new() } else { format!("{lang}/") };
        out.join(format!("{prefix}search/index.html"))
    };
    let missing: std::collections::BTreeSet<String> = rows
        .iter()
        .map(|j| page_of(&j.lang))
        .filter(|p| !p.is_file())
        .map(|p| p.strip_prefix(&out).unwrap_or(&p).display().to_string())
        .collect();
    let rank = |j: &Judged| -> Vec<String> {
        let page = page_of(&j.lang);
        // A missing page counts as no results, so that the report still
        // shows the other languages; the test fails below.
        if !page.is_file() {
            return Vec::new();
        }
        // Filters go into the query as `field:value`, as a reader types them.
        let mut q = j.query.clone();
        for (field, value) in &j.filters {
            q.push_str(&format!(" {field}:{value}"));
        }
        let url = format!("file://{}?q={}", page.display(), encode(&q));
        let dom = dump_dom(&chromium, &url);
        linked_keys(results_of(&dom), &collections)
    };
    // Chromium mostly waits (start-up, virtual time), so a few run at once,
    // each taking every BROWSERS-th query.
    let mut ranked: Vec<Vec<String>> = vec![Vec::new(); rows.len()];
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..BROWSERS)
            .map(|t| {
                let rank = &rank;
                let rows = &rows;
                s.spawn(move || {
                    (t..rows.len())
                        .step_by(BROWSERS)
                        .map(|i| (i, rank(&rows[i])))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            for (i, keys) in h.join().expect("browser thread") {
                ranked[i] = keys;
            }
        }
    });
    let failures = evaluate("chromium", &rows, &ranked);
    assert!(missing.is_empty(), "search pages missing: {missing:?}");
    assert!(failures.is_empty(), "below the bar:\n{}", failures.join("\n"));
}

/// The judgements name records that exist, and pages of the site's languages.
#[test]
fn judged_queries_name_records_and_site_languages() {
    let rows = judged(&fixture().join("queries.tsv"));
    let book = std::fs::read_to_string(fixture().join("book.toml")).expect("book.toml");
    for j in &rows {
        assert!(
            book.contains(&format!("\"{}\"", j.lang)),
            "{:?}: {} is not a site language",
            j.query,
            j.lang
        );
        assert!(
            !j.relevant.is_empty() && !j.kind.is_empty() && !j.written.is_empty(),
            "{:?}",
            j.query
        );
        for key in &j.relevant {
            let base = fixture().join("content").join(key);
            assert!(
                base.with_extension("md").is_file() || base.with_extension("yaml").is_file(),
                "{:?}: no record {key}",
                j.query
            );
        }
    }
}

#[test]
fn scoring_and_link_parsing() {
    let rel = vec!["a/x".to_owned(), "a/y".to_owned()];
    let got = vec!["b/z".to_owned(), "a/y".to_owned()];
    assert_eq!(score(&got, &rel), (0.5, 0.5));
    assert_eq!(score(&[], &rel), (0.0, 0.0));
    let html = r#"<li><a href="../regulations/eu-gdpr/index.html">x</a> <a href="../../fr/topics/data/">t</a>
        <a href="../regulations/eu-gdpr/index.html">again</a><a href="../best-practices/p/index.html">"#;
    let colls = vec!["regulations".to_owned(), "best-practices".to_owned()];
    assert_eq!(linked_keys(html, &colls), vec!["regulations/eu-gdpr", "best-practices/p"]);
    assert_eq!(encode("é x:1"), "%C3%A9%20x%3A1");
}
