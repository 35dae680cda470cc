//! Staleness: `[check] stale-after` and a collection's own `stale-after`
//! make `check` warn (never fail) about records last reviewed too long ago,
//! in every output format, and record pages say they may be out of date.
//! Runs are pinned to a date with `SOURCE_DATE_EPOCH`.

use std::process::Command;

use crate::support::{Run, Site, bin};

/// 4 December 2026, 12:00 UTC.
const NOW: &str = "1796385600";

fn run_at(site: &Site, args: &[&str]) -> Run {
    let out = Command::new(bin())
        .arg("--root")
        .arg(site.path())
        .args(args)
        .env("SOURCE_DATE_EPOCH", NOW)
        .env_remove("GITHUB_STEP_SUMMARY")
        .output()
        .expect("run compendium");
    Run::from(out)
}

/// The minimal site with `stale-after` in book.toml, a record reviewed on
/// `reviewed`, and one reviewed recently.
fn site(stale_after: &str, reviewed: &str) -> Site {
    let s = Site::minimal();
    s.write(
        "book.toml",
        &format!(
            "[book]\ntitle = \"Test\"\nbase-url = \"https://example.org/\"\n\n[check]\nstale-after = \"{stale_after}\"\n"
        ),
    );
    s.write(
        "content/practices/old.md",
        &format!(
            "---\ntitle: Old practice\nsummary: Reviewed long ago.\narea: customs\nupdated: {reviewed}\n---\n\nText.\n"
        ),
    );
    s.write(
        "content/practices/fresh.md",
        "---\ntitle: Fresh practice\nsummary: Reviewed lately.\narea: customs\nupdated: 2026-10-01\n---\n\nText.\n",
    );
    s
}

#[test]
fn check_warns_about_records_reviewed_longer_ago_than_stale_after() {
    let s = site("18 months", "2025-06-03");
    let r = run_at(&s, &["check"]);
    assert_eq!(r.code, 0, "a warning, not an error: {}", r.stderr);
    assert_eq!(
        r.errors(),
        [
            "content/practices/old.md:5:10: warning: last reviewed on 2025-06-03, more than 18 months ago: the record may be out of date"
        ],
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("set `updated:` to the date of that review"), "{}", r.stderr);
    assert!(r.stderr.contains("check passed: 3 records, 1 warning(s)"), "{}", r.stderr);
    // One day later in the record's life is still current: 18 months
    // before 4 December 2026 is 4 June 2025.
    let s = site("18 months", "2025-06-04");
    let r = run_at(&s, &["check"]);
    assert!(r.errors().is_empty(), "{}", r.stderr);
}

#[test]
fn stale_warnings_in_json_and_github_formats() {
    let s = site("1 year", "2024-01-15");
    let r = run_at(&s, &["check", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).expect("check --format json");
    assert_eq!(json["errors"], 0);
    assert_eq!(json["warnings"], 1);
    let d = &json["diagnostics"][0];
    assert_eq!(d["path"], "content/practices/old.md");
    assert_eq!((d["line"].as_u64(), d["col"].as_u64()), (Some(5), Some(10)));
    assert_eq!(d["severity"], "warning");
    assert_eq!(
        d["message"],
        "last reviewed on 2024-01-15, more than 1 year ago: the record may be out of date"
    );
    let r = run_at(&s, &["check", "--format", "github"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let line = r.stdout.lines().chain(r.stderr.lines()).find(|l| l.starts_with("::warning"));
    let line = line.unwrap_or_else(|| panic!("no annotation: {}{}", r.stdout, r.stderr));
    assert!(line.starts_with("::warning file=content/practices/old.md,line=5,col=10,"), "{line}");
    assert!(line.contains("more than 1 year ago"), "{line}");
}

#[test]
fn a_collection_sets_its_own_period_or_never() {
    let s = site("5 years", "2024-01-15");
    let r = run_at(&s, &["check"]);
    assert!(r.errors().is_empty(), "{}", r.stderr);
    let yaml = s.read("content/practices/_collection.yaml");
    s.write("content/practices/_collection.yaml", &format!("{yaml}stale-after: 6 months\n"));
    let r = run_at(&s, &["check"]);
    assert_eq!(r.errors().len(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("more than 6 months ago"), "{}", r.stderr);
    s.write("content/practices/_collection.yaml", &format!("{yaml}stale-after: never\n"));
    let r = run_at(&s, &["check"]);
    assert!(r.errors().is_empty(), "{}", r.stderr);
}

#[test]
fn bad_periods_are_errors_at_their_key() {
    let s = site("soon", "2024-01-15");
    let r = run_at(&s, &["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("book.toml:6:1: error: stale-after: `soon` is not a length of time"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("e.g. \"18 months\""), "{}", r.stderr);
    let s = site("2 years", "2024-01-15");
    let yaml = s.read("content/practices/_collection.yaml");
    s.write("content/practices/_collection.yaml", &format!("{yaml}stale-after: 12 hours\n"));
    let r = run_at(&s, &["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "_collection.yaml:14:14: error: stale-after: `12 hours` is shorter than whole days"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn record_pages_say_they_may_be_out_of_date() {
    let s = site("18 months", "2024-05-02");
    let r = run_at(&s, &["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let old = s.read("site/practices/old/index.html");
    assert!(
        old.contains(
            r#"<p class="notice stale-notice" role="note">Last reviewed on 2 May 2024, more than 18 months ago: this record may be out of date.</p>"#
        ),
        "{old}"
    );
    let fresh = s.read("site/practices/fresh/index.html");
    assert!(!fresh.contains("stale-notice"), "{fresh}");
    // Without `stale-after`, nothing is ever stale.
    s.write("book.toml", "[book]\ntitle = \"Test\"\nbase-url = \"https://example.org/\"\n");
    let r = run_at(&s, &["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!s.read("site/practices/old/index.html").contains("stale-notice"));
}

/// Source documents are of their date: a `sources/` collection with its own
/// `_collection.yaml` but no `stale-after` never goes stale under
/// book.toml's period; one that sets a period does.
#[test]
fn source_documents_do_not_go_stale_unless_their_collection_says_so() {
    let s = site("18 months", "2026-10-01");
    s.write(
        "content/sources/_collection.yaml",
        "title: Sources\nsingular: Source\ndescription: Documents.\nfields:\n  publisher: {type: string}\n",
    );
    s.write(
        "content/sources/report.md",
        "---\ntitle: A report\nsummary: Old.\npublisher: A body\nupdated: 2019-01-01\n---\n\nText.\n",
    );
    let r = run_at(&s, &["check"]);
    assert!(r.errors().is_empty(), "{}", r.stderr);
    s.write(
        "content/sources/_collection.yaml",
        "title: Sources\nsingular: Source\ndescription: Documents.\nstale-after: 5 years\nfields:\n  publisher: {type: string}\n",
    );
    let r = run_at(&s, &["check"]);
    assert_eq!(r.errors().len(), 1, "{}", r.stderr);
    assert!(
        r.errors()[0].starts_with("content/sources/report.md:5:10: warning: last reviewed"),
        "{}",
        r.stderr
    );
}
