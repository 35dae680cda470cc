//! Accessibility in a real browser: axe-core in headless Chromium on every
//! kind of page (home, listing, record, taxonomy, term, country, compare,
//! search with results, 404), opened from `file://` and from a local static server, with
//! no serious or critical violations, a `lang` on every page and no sideways
//! scrolling at 320 CSS pixels; and the search UI and facet filters used by
//! keyboard alone.
//!
//! The browser side is `tests/a11y/check.js` (playwright-core driving
//! Debian's `chromium`, axe-core injected into each page). It needs
//! `npm ci --prefix tests/a11y` (`.ci/run` does it); set
//! `COMPENDIUM_BROWSER_TESTS=skip` to skip these tests on a machine without
//! Chromium. `COMPENDIUM_A11Y_SCREENSHOTS=DIR` saves PNGs of the home and
//! search pages there.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

use crate::browser::{built_eval_site, tool};
use crate::support::{Site, copy_dir, repo};

/// node, chromium and the checker script; `None` to skip. Panics, saying
/// what to run, when the npm packages are not installed.
pub(crate) fn tools() -> Option<(PathBuf, PathBuf, PathBuf)> {
    let node = tool("node")?;
    let chromium = tool("chromium")?;
    let dir = repo().join("tests/a11y");
    install_packages(&dir);
    for package in ["playwright-core", "axe-core"] {
        assert!(
            dir.join("node_modules").join(package).join("package.json").is_file(),
            "tests/a11y/node_modules/{package} is missing: run `npm ci --prefix tests/a11y` \
             (or set COMPENDIUM_BROWSER_TESTS=skip)"
        );
    }
    Some((node, chromium, dir.join("check.js")))
}

/// Runs `npm ci` in `tests/a11y` once per test run when its packages are
/// missing, so that a plain `cargo test` on a fresh machine needs nothing
/// more (the versions are those of the committed package-lock.json).
fn install_packages(dir: &Path) {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        if dir.join("node_modules/axe-core/package.json").is_file()
            && dir.join("node_modules/playwright-core/package.json").is_file()
        {
            return;
        }
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--prefix"])
            .arg(dir)
            .status();
        if !status.as_ref().is_ok_and(|s| s.success()) {
            eprintln!("`npm ci --prefix tests/a11y` failed: {status:?}");
        }
    });
}

/// A page to check: its file under the site, the query string, and whether
/// it is the search page (wait for results) with its filter panel open.
struct Page {
    name: &'static str,
    file: &'static str,
    query: &'static str,
    search: bool,
    filters: bool,
    screenshot: Option<&'static str>,
}

const fn page(name: &'static str, file: &'static str) -> Page {
    Page { name, file, query: "", search: false, filters: false, screenshot: None }
}

/// Runs `check.js MODE CONFIG` on a built site; the JSON report.
fn check(mode: &str, site: &Path, config: Value) -> Value {
    let (node, chromium, script) = tools().expect("tools");
    let mut config = config;
    config["chromium"] = json!(chromium);
    config["site"] = json!(site.join("site"));
    config["screenshots"] = json!(std::env::var("COMPENDIUM_A11Y_SCREENSHOTS").ok());
    let out = Command::new(node)
        .arg(script)
        .arg(mode)
        .arg(config.to_string())
        .output()
        .expect("run node tests/a11y/check.js");
    assert!(
        out.status.success(),
        "tests/a11y/check.js {mode} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("check.js prints JSON")
}

/// Runs axe on `pages` of the built `site` and fails with every serious or
/// critical violation, page by page; lesser ones are printed.
fn assert_accessible(site: &Path, pages: &[Page]) {
    for p in pages {
        assert!(site.join("site").join(p.file).is_file(), "the site has no {}", p.file);
    }
    let config = json!({
        "pages": pages.iter().map(|p| json!({
            "name": p.name,
            "path": p.file,
            // Served, a folder's index.html is asked for by the folder; the
            // 404 page by a path that does not exist.
            "served": if p.name == "404" { "no-such-page".to_owned() } else { p.file.trim_end_matches("index.html").to_owned() },
            "query": p.query,
            "search": p.search,
            "openFilters": p.filters,
            "screenshot": p.screenshot,
        })).collect::<Vec<_>>(),
    });
    let report = check("axe", site, config);
    let reports = report["pages"].as_array().expect("pages");
    // Each page from file:// wide and narrow, and served wide.
    assert_eq!(reports.len(), pages.len() * 3, "{report}");
    // Problems, and lesser axe findings, page by page.
    let mut failures: Vec<String> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    for r in reports {
        let (mut bad, mut minor) = (Vec::new(), Vec::new());
        if let Some(e) = r["error"].as_str() {
            bad.push(format!("could not be checked: {e}"));
        }
        for e in r["errors"].as_array().into_iter().flatten() {
            bad.push(format!("script error: {e}"));
        }
        let expected_status = if r["name"] == "404" && r["base"] == "http" { 404 } else { 200 };
        if r["base"] == "http" && r["error"].is_null() && r["status"] != expected_status {
            bad.push(format!("HTTP status {}, not {expected_status}", r["status"]));
        }
        if r["lang"].as_str().is_none_or(|l| l.trim().is_empty()) {
            bad.push("<html> has no lang".to_owned());
        }
        if r["passes"].as_u64().unwrap_or(0) < 10 {
            bad.push(format!("axe passed only {} rules: did it run?", r["passes"]));
        }
        if pages.iter().any(|p| p.name == r["name"] && p.search)
            && r["results"].as_u64().unwrap_or(0) == 0
        {
            bad.push("no search results shown".to_owned());
        }
        if let Some(flow) = r.get("reflow").filter(|f| !f.is_null()) {
            if flow["scrollWidth"].as_u64() > flow["width"].as_u64() {
                bad.push(format!(
                    "scrolls sideways (WCAG 1.4.10): {}px of content in {}px; sticking out: {}",
                    flow["scrollWidth"], flow["width"], flow["wide"]
                ));
            }
        } else if r["width"].as_u64() == Some(320) {
            bad.push("no reflow measurement".to_owned());
        }
        for v in r["violations"].as_array().into_iter().flatten() {
            let impact = v["impact"].as_str().unwrap_or("unknown");
            let targets: Vec<String> = v["nodes"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|n| format!("      at {}", n["target"].as_str().unwrap_or("?")))
                .collect();
            let line = format!(
                "[{impact}] {}: {} ({})\n{}",
                v["id"].as_str().unwrap_or("?"),
                v["help"].as_str().unwrap_or(""),
                v["helpUrl"].as_str().unwrap_or(""),
                targets.join("\n")
            );
            if matches!(impact, "serious" | "critical") { bad.push(line) } else { minor.push(line) }
        }
        let at = format!(
            "{} page ({} at {}px): {}",
            r["name"].as_str().unwrap_or("?"),
            r["base"].as_str().unwrap_or("?"),
            r["width"],
            r["url"].as_str().unwrap_or("?")
        );
        if !bad.is_empty() {
            failures.push(format!("{at}\n    {}", bad.join("\n    ")));
        }
        if !minor.is_empty() {
            notes.push(format!("{at}\n    {}", minor.join("\n    ")));
        }
    }
    if !notes.is_empty() {
        eprintln!("axe, moderate and minor (not failing):\n{}", notes.join("\n"));
    }
    assert!(
        failures.is_empty(),
        "accessibility problems on {} page(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn axe_finds_no_serious_violations_on_the_evaluation_site() {
    if tools().is_none() {
        return;
    }
    let Some(site) = built_eval_site() else { return };
    let pages = [
        Page { screenshot: Some("home"), ..page("home", "index.html") },
        page("listing", "regulations/index.html"),
        // A Markdown table, facets and links to related records.
        page("record", "regulations/eu-psd2/index.html"),
        page("taxonomy", "topics/index.html"),
        page("term", "topics/e-payments/index.html"),
        page("countries", "countries/index.html"),
        page("country", "countries/ken/index.html"),
        Page {
            query: "q=parcel%20lockers",
            search: true,
            screenshot: Some("search"),
            ..page("search", "search/index.html")
        },
        Page {
            query: "q=payment",
            search: true,
            filters: true,
            ..page("search with filters open", "search/index.html")
        },
        page("404", "404.html"),
    ];
    assert_accessible(site.path(), &pages);
}

/// The shipped knowledge base: records citing sources with locators,
/// backlinks, tables, and countries reached through regional blocs.
#[test]
fn axe_finds_no_serious_violations_on_the_shipped_knowledge_base() {
    if tools().is_none() {
        return;
    }
    let site = Site::new();
    std::fs::copy(repo().join("book.toml"), site.path().join("book.toml")).expect("book.toml");
    copy_dir(&repo().join("content"), &site.path().join("content"));
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pages = [
        page("home", "index.html"),
        page("listing", "programmes/index.html"),
        // The world map shaded by `[map] facet`, and charts (issue #16).
        page("listing with a facet map", "regulations/index.html"),
        page("countries", "countries/index.html"),
        page("record", "programmes/itc-shetrades-accelerator-programme/index.html"),
        page("source", "sources/wsis-c7-ebusiness-2023/index.html"),
        page("taxonomy", "transfer-mechanisms/index.html"),
        page("term", "topics/capacity-building/index.html"),
        page("country", "countries/deu/index.html"),
        // The compare page: its matrix, then a comparison built from the URL.
        page("compare", "compare/index.html"),
        Page {
            query: "j=CHN,FRA,european-union&c=regulations",
            ..page("compare with a table", "compare/index.html")
        },
        Page {
            query: "q=digital%20skills",
            search: true,
            filters: true,
            ..page("search", "search/index.html")
        },
    ];
    assert_accessible(site.path(), &pages);
}

/// The theme fixture built as an Arabic (right-to-left) or a Chinese site:
/// translated interface, records in four languages, the other-language
/// ones marked. `COMPENDIUM_A11Y_SCREENSHOTS` keeps PNGs of them.
fn assert_accessible_in(lang: &str, shots: [&'static str; 3]) {
    let site = Site::theme_languages_built(lang);
    let pages = [
        Page { screenshot: Some(shots[0]), ..page("home", "index.html") },
        Page { screenshot: Some(shots[1]), ..page("listing", "regulations/index.html") },
        Page { screenshot: Some(shots[2]), ..page("record", "regulations/sau-pdpl/index.html") },
        page("record in another language", "regulations/chn-pipl/index.html"),
        page("taxonomy", "topics/index.html"),
        page("country", "countries/chn/index.html"),
        Page { query: "j=CHN,SAU&c=regulations", ..page("compare", "compare/index.html") },
        Page { query: "q=personal", search: true, ..page("search", "search/index.html") },
        page("404", "404.html"),
    ];
    assert_accessible(site.path(), &pages);
}

#[test]
fn axe_finds_no_serious_violations_on_an_arabic_site() {
    if tools().is_none() {
        return;
    }
    assert_accessible_in("ar", ["ar-home", "ar-listing", "ar-record"]);
}

#[test]
fn axe_finds_no_serious_violations_on_a_chinese_site() {
    if tools().is_none() {
        return;
    }
    assert_accessible_in("zh", ["zh-home", "zh-listing", "zh-record"]);
}

#[test]
fn search_and_filters_work_by_keyboard_alone() {
    if tools().is_none() {
        return;
    }
    let Some(site) = built_eval_site() else { return };
    let report = check(
        "keyboard",
        site.path(),
        json!({ "query": "parcel lockers", "facetQuery": "payment", "listing": "regulations" }),
    );
    let journeys = report["journeys"].as_array().expect("journeys");
    let names = [
        "search page",
        "home page",
        "search facets",
        "more results",
        "slash key",
        "listing facets",
    ];
    let mut failures: Vec<String> = Vec::new();
    for base in ["file", "http"] {
        for name in names {
            let Some(j) = journeys.iter().find(|j| j["name"] == name && j["base"] == base) else {
                failures.push(format!("{name} ({base}): not run"));
                continue;
            };
            let steps: Vec<&str> =
                j["steps"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
            let log = format!("\n    keys:\n      {}", steps.join("\n      "));
            if j["ok"] != true {
                failures.push(format!("{name} ({base}): {}", j["error"].as_str().unwrap_or("?")));
                continue;
            }
            for e in j["errors"].as_array().into_iter().flatten() {
                failures.push(format!("{name} ({base}): script error {e}{log}"));
            }
            for u in j["unseen"].as_array().into_iter().flatten() {
                failures.push(format!("{name} ({base}): focus not visible on {u}{log}"));
            }
            let result = &j["result"];
            match name {
                "search page" | "home page" => {
                    let url = result["landed"]["url"].as_str().unwrap_or("");
                    if !url.ends_with("/best-practices/parcel-lockers-and-pickup-points/index.html")
                    {
                        failures.push(format!("{name} ({base}): landed on {url}{log}"));
                    }
                    if !result["announced"].as_str().unwrap_or("").ends_with("results.") {
                        failures.push(format!(
                            "{name} ({base}): announced {}{log}",
                            result["announced"]
                        ));
                    }
                }
                "search facets" => {
                    if !result["filtered"]
                        .as_str()
                        .is_some_and(|q| q.starts_with("payment ") && q.contains(':'))
                    {
                        failures.push(format!(
                            "{name} ({base}): the filter made the query {}{log}",
                            result["filtered"]
                        ));
                    }
                }
                "slash key" => {
                    if result["value"] != "a/b" {
                        failures.push(format!("{name} ({base}): {}{log}", result["value"]));
                    }
                }
                "more results" => {
                    if result["shown"].as_u64().unwrap_or(0) == 0 {
                        failures.push(format!("{name} ({base}): no results before \"More\"{log}"));
                    }
                }
                _ => {
                    if !result["status"].as_str().is_some_and(|s| s.ends_with("records match")) {
                        failures.push(format!("{name} ({base}): status {}{log}", result["status"]));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "keyboard use of search:\n{}", failures.join("\n"));
}
