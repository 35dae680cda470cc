//! `check` and the JSON Schema that `schema` prints accept the same
//! records: the same mutated records go to `check --format json` and, read
//! by an independent YAML reader into JSON, to a JSON Schema validator (the
//! `jsonschema` crate, formats on, as editors and CI use it). Any record one
//! accepts and the other rejects fails the test.
//!
//! Left out are only the rules a schema cannot state: that a referenced
//! record exists and that an id is unique. So every well-formed reference
//! below names an existing record, and every `id` is distinct.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value as Json;

use crate::support::Site;

/// A collection with a field of every type, and the taxonomies the common
/// fields use; `sources` for citations by `ref`.
fn site() -> Site {
    let s = Site::new();
    s.write("book.toml", "[book]\ntitle = \"Agreement\"\nlanguages = [\"en\", \"fr\"]\n");
    s.write(
        "content/_taxonomies.yaml",
        "topics:\n  title: Topics\n  terms:\n    trade: {label: Trade, aliases: [commerce]}\n    data: {label: Data}\n\
         regions:\n  title: Regions\n  terms:\n    g20: {label: G20, members: [FRA, DEU]}\n\
         organisations:\n  title: Organisations\n  terms:\n    unctad: {label: UNCTAD}\n",
    );
    s.write(
        "content/practices/_collection.yaml",
        "title: Practices\nsingular: Practice\ndescription: Good practices.\nfields:\n\
         \x20 area: {type: enum, values: [customs, payments, \"2020\"], required: true}\n\
         \x20 kinds: {type: list, of: string, required: true}\n\
         \x20 code: {type: string}\n\
         \x20 notes: {type: text}\n\
         \x20 adopted: {type: date}\n\
         \x20 lead: {type: country}\n\
         \x20 basis: {type: list, of: {type: ref, collection: practices}}\n\
         \x20 website: {type: url}\n\
         \x20 staff: {type: int}\n\
         \x20 active: {type: bool}\n\
         \x20 theme: {type: term, taxonomy: topics}\n\
         \x20 tags: {type: list, of: string}\n",
    );
    s.write("content/practices/base-a.md", &md(BASE));
    s.write(
        "content/sources/_collection.yaml",
        "title: Sources\nsingular: Source\ndescription: Documents cited.\nfields:\n  publisher: {type: string}\n  url: {type: url}\n",
    );
    s.write(
        "content/sources/wto-report.md",
        "---\ntitle: WTO report\nsummary: A report.\npublisher: WTO\nurl: https://wto.org/r\n---\n",
    );
    s
}

/// A valid record's fields, one per line.
const BASE: &str = "title: Base title\nsummary: A summary.\narea: customs\nkinds: [one]\n";

fn md(fields: &str) -> String {
    format!("---\n{fields}---\n\nBody text.\n")
}

/// Values tried in every field: right and wrong types, empty values, lists
/// where one value is expected and back, bad dates, URLs, codes, terms,
/// references (to existing records or malformed), limits.
fn values() -> Vec<String> {
    let mut v: Vec<String> = [
        "12345",
        "true",
        "false",
        "1.5",
        "2.0",
        "-3",
        "0",
        "1",
        "7",
        "17",
        "18",
        "2023",
        "1e3",
        "\"\"",
        "\"   \"",
        "\"\\u3000\"",
        "~",
        "",
        "[]",
        "[~]",
        "[\"\"]",
        "{a: 1}",
        "[[KEN]]",
        "Plain text",
        "\"line one\\nline two\"",
        "\"trailing\\n\"",
        "\"2020\"",
        "2020",
        "2023-07-07",
        "\"2023-02-30\"",
        "2023-7-7",
        "\"2023-07-07 \"",
        "\"２０２３-07-07\"",
        "https://example.org/a",
        "HTTPS://example.org",
        "ftp://example.org",
        "\"https://exa mple.org\"",
        "mailto:a@b.org",
        "\"mailto:\"",
        "https://localhost:8080",
        "https://example",
        "\"https://example.org/\\u00a0\"",
        "KEN",
        "ken",
        "[KEN, g20]",
        "g20",
        "[KEN, KEN]",
        "Kenya",
        "[KEN, ~]",
        "trade",
        "[trade]",
        "commerce",
        "[trade, data]",
        "customs",
        "Customs",
        "payments",
        "[customs, payments]",
        "practices/base-a",
        "base-a",
        "[practices/base-a]",
        "\"Not A Ref\"",
        "practices/Base-A",
        "sources/wto-report",
        "[sources/wto-report]",
        "regulations/x",
        "practices/",
        "en",
        "fr-CA",
        "english",
        "en_US",
        "zh-Hant-TW",
        "[1, 17]",
        "[1, 1]",
        "[0]",
        "[1, \"2\"]",
        "[one, two]",
        "[one, one]",
        "[one, \"\"]",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.push("x".repeat(400));
    v.push("x".repeat(401));
    v.push(format!("\"{}\"", "é".repeat(401)));
    v
}

/// Fields of `practices` and the common ones.
const FIELDS: &[&str] = &[
    "title",
    "summary",
    "area",
    "kinds",
    "code",
    "notes",
    "adopted",
    "lead",
    "basis",
    "website",
    "staff",
    "active",
    "theme",
    "tags",
    "countries",
    "regions",
    "organisations",
    "topics",
    "sdgs",
    "year",
    "date",
    "updated",
    "language",
    "related",
];

/// `BASE` with `field` set to `value` (`None`: removed).
fn with(field: &str, value: Option<&str>) -> String {
    let mut out = String::new();
    let mut set = false;
    for line in BASE.lines() {
        if line.split(':').next() == Some(field) {
            set = true;
            if let Some(v) = value {
                out.push_str(&format!("{field}: {v}\n"));
            }
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    if !set && let Some(v) = value {
        out.push_str(&format!("{field}: {v}\n"));
    }
    out
}

/// One written record: its path and what it is.
struct Case {
    path: String,
    markdown: bool,
    translation: bool,
    fields: String,
}

/// Writes every case into `site`: records as `.md` and `.yaml`, and
/// translations of a valid original of their own.
fn cases(site: &Site) -> Vec<Case> {
    let mut record_fields: Vec<String> = Vec::new();
    for f in FIELDS {
        for v in values() {
            record_fields.push(with(f, Some(&v)));
        }
        record_fields.push(with(f, None));
    }
    for extra in ["colour: red", "\"1\": x", "Title: Capitalised"] {
        record_fields.push(format!("{BASE}{extra}\n"));
    }
    let ids = ["Bad_Id", "123", "~", "\"\"", "[a]", "\"a b\""];
    for id in ids {
        record_fields.push(format!("{BASE}id: {id}\n"));
    }
    for body in ["Text", "~", "5", "[a]", "\"\""] {
        record_fields.push(format!("{BASE}body: {body}\n"));
    }
    for src in [
        "~",
        "[]",
        "T",
        "[T]",
        "[~]",
        "{title: T}",
        "[{title: T}]",
        "[{title: \"\"}]",
        "[{title: 5}]",
        "[{title: ~, ref: sources/wto-report}]",
        "[{ref: sources/wto-report}]",
        "[{ref: wto-report}]",
        "[{ref: \"Not A Ref\"}]",
        "[{ref: practices/base-a}]",
        "[{url: \"https://x.org\"}]",
        "[{title: T, url: \"ftp://x.org\"}]",
        "[{title: T, url: \"\"}]",
        "[{title: T, url: ~}]",
        "[{title: T, date: \"2023-02-30\"}]",
        "[{title: T, date: 2023-07-07}]",
        "[{title: T, date: ~}]",
        "[{title: T, publisher: 5}]",
        "[{title: T, publisher: ~}]",
        "[{title: T, locator: \"\"}]",
        "[{title: T, locator: ~}]",
        "[{title: T, locator: p. 4}]",
        "[{title: T, extra: 1}]",
        "[{}]",
    ] {
        record_fields.push(format!("{BASE}sources: {src}\n"));
    }

    let mut out = Vec::new();
    for (i, fields) in record_fields.iter().enumerate() {
        // Valid ids differ from record to record (uniqueness is not the
        // schema's to check); invalid ones may repeat.
        for (markdown, ext) in [(true, "md"), (false, "yaml")] {
            let path = format!("content/practices/r{i}-{ext}.{ext}");
            let text = if markdown { md(fields) } else { fields.clone() };
            site.write(&path, &text);
            out.push(Case { path, markdown, translation: false, fields: fields.clone() });
        }
    }

    let mut translation_fields: Vec<String> = Vec::new();
    for f in ["title", "summary", "code", "notes", "tags", "kinds", "area", "staff"] {
        for v in values() {
            translation_fields.push(format!("{f}: {v}\n"));
        }
    }
    for extra in ["id: x", "language: fr", "sources: []", "colour: red", "body: Texte", "body: 5"] {
        translation_fields.push(format!("title: Titre\n{extra}\n"));
    }
    translation_fields.push(String::new());
    for (i, fields) in translation_fields.iter().enumerate() {
        for (markdown, ext) in [(true, "md"), (false, "yaml")] {
            site.write(&format!("content/practices/t{i}-{ext}.md"), &md(BASE));
            let path = format!("content/practices/t{i}-{ext}.fr.{ext}");
            let text = if markdown { md(fields) } else { fields.clone() };
            site.write(&path, &text);
            out.push(Case { path, markdown, translation: true, fields: fields.clone() });
        }
    }
    out
}

/// The four schemas of `practices`: (markdown, translation) → validator.
fn validators(site: &Site) -> BTreeMap<(bool, bool), jsonschema::Validator> {
    let mut out = BTreeMap::new();
    for markdown in [false, true] {
        for translation in [false, true] {
            let mut args = vec!["schema", "practices"];
            if markdown {
                args.push("--markdown");
            }
            if translation {
                args.push("--translation");
            }
            let r = site.run(&args);
            assert_eq!(r.code, 0, "{}", r.stderr);
            let schema: Json = serde_json::from_str(&r.stdout).expect("schema JSON");
            let v = jsonschema::options()
                .with_draft(jsonschema::Draft::Draft202012)
                .should_validate_formats(true)
                .build(&schema)
                .unwrap_or_else(|e| panic!("the schema does not compile: {e}\n{}", r.stdout));
            out.insert((markdown, translation), v);
        }
    }
    out
}

/// The file's YAML (a Markdown file's front matter) as JSON, read by
/// serde-saphyr straight into serde_json, not through Compendium's tree.
fn as_json(fields: &str) -> Json {
    if fields.trim().is_empty() {
        return Json::Object(Default::default());
    }
    serde_saphyr::from_str::<Json>(fields).unwrap_or_else(|e| panic!("YAML {fields:?}: {e}"))
}

#[test]
fn check_and_the_json_schema_accept_the_same_records() {
    let site = site();
    let cases = cases(&site);
    let r = site.run(&["check", "--format", "json"]);
    let report: Json = serde_json::from_str(&r.stdout).expect("check's JSON report");
    let mut rejected: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for d in report["diagnostics"].as_array().expect("diagnostics") {
        if d["severity"] == "error" {
            let path = d["path"].as_str().unwrap_or_default().to_owned();
            rejected.entry(path).or_default().push(d["message"].as_str().unwrap_or("").into());
        }
    }
    let known: BTreeSet<&str> = cases.iter().map(|c| c.path.as_str()).collect();
    let strays: Vec<_> = rejected.keys().filter(|p| !known.contains(p.as_str())).collect();
    assert!(strays.is_empty(), "errors outside the mutated files: {strays:?}\n{rejected:#?}");

    let validators = validators(&site);
    let mut disagree = Vec::new();
    let (mut accepted, mut refused, mut existence) = (0, 0, 0);
    for c in &cases {
        let v = &validators[&(c.markdown, c.translation)];
        let doc = as_json(&c.fields);
        let by_schema = v.is_valid(&doc);
        let errors = rejected.get(&c.path);
        // A well-formed reference to no record: the schema cannot know, so
        // it must accept, and `check` alone refuses.
        let only_existence =
            errors.is_some_and(|e| e.iter().all(|m| m.ends_with("names no existing record")));
        let by_check = errors.is_none() || only_existence;
        match (errors.is_none(), only_existence) {
            (true, _) => accepted += 1,
            (false, true) => existence += 1,
            (false, false) => refused += 1,
        }
        if by_schema != by_check {
            let why: Vec<String> = v.iter_errors(&doc).map(|e| e.to_string()).take(3).collect();
            disagree.push(format!(
                "{} ({}): check {}, schema {}\n  {:?}\n  check: {:?}\n  schema: {why:?}",
                c.path,
                c.fields.trim().replace('\n', " | "),
                if by_check { "accepts" } else { "rejects" },
                if by_schema { "accepts" } else { "rejects" },
                doc,
                errors,
            ));
        }
    }
    println!(
        "{} records: check accepts {accepted}, rejects {refused}, and {existence} only for naming no record",
        cases.len()
    );
    assert!(accepted > 300 && refused > 1000, "the cases test both sides");
    assert!(
        disagree.is_empty(),
        "{} of {} records judged differently:\n{}",
        disagree.len(),
        cases.len(),
        disagree.join("\n")
    );
}
