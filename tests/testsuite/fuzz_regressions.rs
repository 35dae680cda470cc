//! Inputs that made Compendium panic, hang or take time out of proportion
//! to their size, found during the fuzzing work (`fuzz/`, docs/fuzzing.md):
//! by the fuzz targets, or by probing the paths they exercise. Each test
//! writes the input into a scratch site and runs the command concerned.
//!
//! The one time bound, [`HANG_GUARD`], is a hang detector, not a benchmark
//! (as libFuzzer's `-timeout` is): a debug build on a loaded 2-core machine
//! does each of these in a few seconds, and the unfixed code took minutes.

use std::time::{Duration, Instant};

use crate::support::Site;

/// Longer than this and the run counts as hung (see the module comment).
const HANG_GUARD: Duration = Duration::from_secs(90);

/// Runs `check` within [`HANG_GUARD`] and asserts it found exactly one error.
fn check_with_one_error(site: &Site) -> crate::support::Run {
    let start = Instant::now();
    let run = site.run(&["check"]);
    assert!(start.elapsed() < HANG_GUARD, "check took {:?}", start.elapsed());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.errors().len(), 1, "{:?}", run.errors());
    run
}

/// The front matter of a valid record of `Site::minimal`'s `practices`.
const FRONT: &str = "---\ntitle: Fuzzed\nsummary: A fuzzed record.\narea: customs\n---\n";

// 30 000 empty headings (60 KB): each heading id retried every suffix
// taken before it, so `build` spent minutes (220 s) in Markdown rendering.
// Found by probing the `record` target's render path (`markdown::to_html`).
#[test]
fn many_same_headings_build_in_linear_time() {
    let site = Site::minimal();
    site.write("content/practices/headings.md", &format!("{FRONT}{}", "#\n".repeat(30_000)));
    let start = Instant::now();
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(start.elapsed() < HANG_GUARD, "build took {:?}", start.elapsed());
    let page = site.read("site/practices/headings/index.html");
    assert!(page.contains("section-29999"), "the last heading has its own id");
}

// `<b/` 300 000 times in a raw HTML block: the nesting check searched for
// the next `>` from every `<`, so `check` took 20 s on a 900 KB body.
// Found by probing the `record` target's validation path
// (`markdown::nesting_exceeds`).
#[test]
fn many_unclosed_html_tags_check_in_linear_time() {
    let site = Site::minimal();
    site.write("content/practices/tags.md", &format!("{FRONT}<div>{}\n", "<b/".repeat(300_000)));
    let run = check_with_one_error(&site);
    let errors = run.errors();
    assert!(
        errors[0].starts_with("content/practices/tags.md:6:")
            && errors[0].contains("nests blocks or HTML elements more than 64 deep"),
        "{errors:?}"
    );
    assert!(run.stderr.contains("help: flatten"), "{}", run.stderr);
}

// A long list of distinct strings: repeats were looked for by comparing
// each item with every earlier one, so 20 000 items (the default YAML node
// limit) cost a second of `check` and 100 000 (with the limit raised) half
// a minute. Found by reading the validation code while the fuzzers ran
// (the fuzzed schema has no list of strings); the repeat is still reported
// at the repeated item.
#[test]
fn long_lists_are_checked_for_repeats_in_linear_time() {
    let site = Site::minimal();
    site.write(
        "book.toml",
        "[book]\ntitle = \"Test\"\n[limits]\nyaml-max-nodes = 200000\nmax-file-bytes = 4000000\n",
    );
    site.write(
        "content/practices/_collection.yaml",
        "title: Practices\nfields:\n  area: {type: enum, values: [customs, payments], required: true}\n  tags: {type: list, of: {type: string}}\n",
    );
    let tags: Vec<String> = (0..100_000).map(|i| format!("v{i}")).collect();
    site.write(
        "content/practices/tags.yaml",
        &format!(
            "title: Tags\nsummary: Many tags.\narea: customs\ntags: [{}, v7]\n",
            tags.join(",")
        ),
    );
    let run = check_with_one_error(&site);
    let errors = run.errors();
    assert!(errors[0].contains("`v7` is listed twice in `tags`"), "{errors:?}");
    assert!(errors[0].starts_with("content/practices/tags.yaml:4:"), "{errors:?}");
}

// An enum of 100 000 values (YAML limits raised): repeated values were
// looked for by comparing each with every earlier one, 16 s of `check` for
// one 700 KB `_collection.yaml`. Found by probing the `collection` target's
// schema path; the repeat is still reported at the repeated value.
#[test]
fn long_enums_are_checked_for_repeats_in_linear_time() {
    let site = Site::minimal();
    site.write(
        "book.toml",
        "[book]\ntitle = \"Test\"\n[limits]\nyaml-max-nodes = 200000\nmax-file-bytes = 4000000\n",
    );
    let values: Vec<String> = (0..100_000).map(|i| format!("v{i}")).collect();
    site.write(
        "content/practices/_collection.yaml",
        &format!(
            "title: Practices\nfields:\n  area: {{type: enum, values: [customs, payments, {}, v7]}}\n",
            values.join(",")
        ),
    );
    let run = check_with_one_error(&site);
    let errors = run.errors();
    assert!(
        errors[0].starts_with("content/practices/_collection.yaml:3:")
            && errors[0].contains("`v7` is listed twice in `values`"),
        "{errors:?}"
    );
    assert!(run.stderr.contains("help: remove the repeated value"), "{}", run.stderr);
}

// 10 000 invalid values for a list-of-enum field whose enum has 10 000
// values: every problem searched all the values for a "did you mean", so
// `check` took minutes (4 000 × 4 000 already took 4 s in a release
// build) and, where nothing was close, listed every value in its help
// line. Found by reading the validation code after the probes above (it
// needs two large files, which no single-file target produces). Now only
// the first problems of a record get suggestions; all are still reported.
#[test]
fn many_invalid_values_of_a_long_enum_check_quickly() {
    let site = Site::minimal();
    site.write(
        "book.toml",
        "[book]\ntitle = \"Test\"\n[limits]\nyaml-max-nodes = 200000\nmax-file-bytes = 4000000\n",
    );
    let kinds: Vec<String> = (0..10_000).map(|i| format!("kind{i}")).collect();
    site.write(
        "content/practices/_collection.yaml",
        &format!(
            "title: Practices\nfields:\n  area: {{type: enum, values: [customs, payments], required: true}}\n  kinds: {{type: list, of: {{type: enum, values: [{}]}}}}\n",
            kinds.join(",")
        ),
    );
    let bad: Vec<String> = (0..10_000).map(|i| format!("bad{i}")).collect();
    site.write(
        "content/practices/kinds.yaml",
        &format!("title: Kinds\nsummary: Bad kinds.\narea: customs\nkinds: [{}]\n", bad.join(",")),
    );
    let start = Instant::now();
    let run = site.run(&["check"]);
    assert!(start.elapsed() < HANG_GUARD, "check took {:?}", start.elapsed());
    assert_eq!(run.code, 1, "{}", &run.stderr[..run.stderr.len().min(2000)]);
    let errors = run.errors();
    assert_eq!(errors.len(), 10_000);
    assert!(errors[0].starts_with("content/practices/kinds.yaml:4:"), "{}", errors[0]);
    assert!(errors.iter().all(|e| e.contains("is not an allowed value of `kinds`")));
    assert!(
        run.stderr
            .contains("help: use one of the `values` that _collection.yaml gives for `kinds`"),
        "past the first problems, help lines stay generic"
    );
    assert!(run.stderr.len() < 5_000_000, "{} bytes of diagnostics", run.stderr.len());
}

// An excluded phrase whose words are in a record but not side by side:
// tantivy's phrase scorer asserts that an exclusion never probes behind its
// current document, which an exclusion does, so a debug build panicked on
// `window -"documents window"`. Found by the `query` fuzz target (crash
// inputs such as `-c\0Rus…Federation\0` with `--collection regulations`:
// `\0` splits the excluded word into a phrase).
#[test]
fn excluded_phrases_that_match_nowhere_do_not_panic() {
    let site = Site::minimal();
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (query, hits) in [
        ("window -\"documents window\"", 1),
        ("window -\"single window\"", 0),
        ("-\"documents window\" single", 1),
    ] {
        let run = site.run(&["search", query, "--json"]);
        assert_eq!(run.code, 0, "{query}: {}", run.stderr);
        let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
        assert_eq!(json.as_array().map(Vec::len), Some(hits), "{query}: {}", run.stdout);
    }
}
