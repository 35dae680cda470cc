//! What a data pipeline reads from the command line: large whole numbers
//! kept exact through search, JSON with the total, facets and notes, pages
//! of hits.

use serde_json::Value;

use crate::support::Site;

/// A collection of measures with a budget in US dollars.
fn budgets(values: &[(&str, &str)]) -> Site {
    let site = Site::new();
    site.write(
        "content/measures/_collection.yaml",
        "title: Measures\nsingular: Measure\ndescription: Measures.\nfacets: [stage]\nfields:\n  stage: {type: enum, values: [planned, done]}\n  budget: {type: int}\n",
    );
    for (id, budget) in values {
        site.write(
            &format!("content/measures/{id}.md"),
            &format!(
                "---\ntitle: Measure {id}\nsummary: A trade measure.\nstage: planned\nbudget: {budget}\n---\n\nA trade measure.\n"
            ),
        );
    }
    site
}

fn json(site: &Site, args: &[&str]) -> Value {
    let run = site.run(args);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    serde_json::from_str(&run.stdout).expect("JSON")
}

#[test]
fn budgets_past_half_a_trillion_sort_and_filter_exactly() {
    let site = budgets(&[
        ("a", "500000000000"),
        ("b", "600000000000"),
        ("c", "1000000000000"),
        ("d", "-600000000000"),
        ("e", "12000000"),
    ]);
    assert_eq!(site.run(&["build"]).code, 0);
    let hits =
        json(&site, &["search", "", "--collection", "measures", "--sort", "-budget", "--json"]);
    let order: Vec<(&str, i64)> = hits
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| (h["id"].as_str().unwrap_or(""), h["sorted"]["value"].as_i64().unwrap_or(0)))
        .collect();
    assert_eq!(
        order,
        [
            ("c", 1_000_000_000_000),
            ("b", 600_000_000_000),
            ("a", 500_000_000_000),
            ("e", 12_000_000),
            ("d", -600_000_000_000)
        ]
    );
    let ids = |filter: &str| -> Vec<String> {
        let hits = json(&site, &["search", "", "--filter", filter, "--json"]);
        let mut ids: Vec<String> = hits
            .as_array()
            .expect("hits")
            .iter()
            .map(|h| h["id"].as_str().unwrap_or("").to_owned())
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(ids("budget=0..600000000000"), ["a", "b", "e"]);
    assert_eq!(ids("budget=>=549755813888"), ["b", "c"]);
    assert_eq!(ids("budget=0..10000000000000000000"), ["a", "b", "c", "e"]);
}

#[test]
fn whole_numbers_past_what_search_or_i64_holds_are_said() {
    let site = budgets(&[("a", "-9223372036854775809"), ("b", "9000000000000000")]);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("-9223372036854775809 in `budget` is too large a whole number"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("9000000000000000 in `budget` is past what search can filter and sort on"),
        "{}",
        run.stderr
    );
}

#[test]
fn full_json_carries_the_total_facets_notes_and_pages() {
    let site = budgets(&[("a", "1"), ("b", "2"), ("c", "3"), ("d", "4"), ("e", "5")]);
    assert_eq!(site.run(&["build"]).code, 0);
    let full = json(&site, &["search", "trade zebras", "--limit", "2", "--json=full"]);
    assert_eq!(full["total"], 5);
    assert_eq!(full["limit"], 2);
    assert_eq!(full["offset"], 0);
    assert_eq!(full["hits"].as_array().map(Vec::len), Some(2));
    assert_eq!(full["facets"][0]["field"], "stage");
    assert_eq!(full["facets"][0]["values"][0]["count"], 5);
    assert!(
        full["notes"].as_array().is_some_and(|n| n
            .iter()
            .any(|n| n.as_str().is_some_and(|n| n.contains("searched without it")))),
        "{full}"
    );
    // Pages of two: every record once, in order.
    let all =
        json(&site, &["search", "", "--collection", "measures", "--sort", "budget", "--json"]);
    let mut paged = Vec::new();
    for offset in ["0", "2", "4"] {
        let page = json(
            &site,
            &[
                "search",
                "",
                "--collection",
                "measures",
                "--sort",
                "budget",
                "--limit",
                "2",
                "--offset",
                offset,
                "--json",
            ],
        );
        paged.extend(page.as_array().cloned().unwrap_or_default());
    }
    assert_eq!(Value::Array(paged), all);
    // The human output numbers a later page from where it starts.
    let run =
        site.run(&["search", "", "--collection", "measures", "--limit", "2", "--offset", "2"]);
    assert!(run.stdout.starts_with("5 records, showing 3–4:"), "{}", run.stdout);
    assert!(run.stdout.contains("\n 3. "), "{}", run.stdout);
}

#[test]
fn a_record_without_a_body_has_no_stray_separator_in_its_snippet() {
    let site = Site::new();
    site.write(
        "content/measures/_collection.yaml",
        "title: Measures\nsingular: Measure\ndescription: Measures.\nfields: {}\n",
    );
    site.write(
        "content/measures/a.md",
        "---\ntitle: Planned\nsummary: Planned measure with no text\n---\n",
    );
    assert_eq!(site.run(&["build"]).code, 0);
    let hits = json(&site, &["search", "planned", "--json"]);
    assert_eq!(hits[0]["snippet"], "Planned measure with no text", "{hits}");
}
