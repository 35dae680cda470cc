//! Checks on the shipped knowledge base in `content/`, beyond what
//! `compendium check` validates: every record cites a source with a locator,
//! every figure in a practice or programme record can be found in the seed
//! document it cites, the seed-to-record map in `content/_README.md` names
//! only existing records and every practice and programme, and each
//! collection has the agreed minimum number of records.
//!
//! The seed documents are copied verbatim into `tests/seeds/` so that these
//! tests do not depend on anything outside the repository.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// Source record ids (in `content/sources/`) and the seed file holding the
/// full text of each document, in `tests/seeds/`.
const SEEDS: &[(&str, &str)] = &[
    (
        "initiative-digital-economy-green-development",
        "initiative-digital-economy-green-development.txt",
    ),
    ("g20-digital-ministers-declaration-2021", "g20-digital-ministers-declaration-2021.md"),
    ("wsis-c7-ebusiness-2023", "wsis-c7-ebusiness-2023-itc-unctad-upu.md"),
];

/// Top-level fields of a practice or programme record whose digits are not figures taken
/// from the source: citations, cross-references (`related`, `regulations`,
/// `implements`, whose ids may contain years), edit dates, SDG numbers.
const NOT_FIGURES: &[&str] =
    &["sources", "related", "regulations", "implements", "updated", "sdgs", "language", "id"];

/// One record file of the knowledge base, parsed.
#[derive(Clone)]
struct Record {
    /// Path relative to the repository root, for messages.
    path: String,
    collection: String,
    /// The front matter (Markdown records) or the whole file (YAML records).
    data: Value,
    /// The Markdown body after the front matter; YAML records keep theirs in
    /// `data["body"]`.
    body: String,
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn relative(path: &Path) -> String {
    path.strip_prefix(repo_root()).unwrap_or(path).display().to_string()
}

/// Splits a Markdown record into its front matter and body.
fn split_front_matter(text: &str) -> Option<(&str, &str)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some((&rest[..offset], &rest[offset + line.len()..]));
        }
        offset += line.len();
    }
    None
}

/// Reads every record of every collection under `content/`.
fn load_records() -> Vec<Record> {
    let content = repo_root().join("content");
    let mut dirs: Vec<PathBuf> = fs::read_dir(&content)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", content.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.join("_collection.yaml").is_file())
        .collect();
    dirs.sort();

    let mut records = Vec::new();
    for dir in dirs {
        let collection = dir.file_name().unwrap().to_string_lossy().into_owned();
        let mut files: Vec<PathBuf> = fs::read_dir(&dir)
            .unwrap()
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| {
                let name = p.file_name().unwrap().to_string_lossy();
                // `ID.LANG.md` is a translation: it shares its original's
                // sources and is not a record of its own (SPEC "Languages").
                !name.starts_with('_')
                    && !name.starts_with('.')
                    && name.matches('.').count() == 1
                    && (name.ends_with(".md") || name.ends_with(".yaml") || name.ends_with(".yml"))
            })
            .collect();
        files.sort();
        for path in files {
            let text = fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            let (yaml, body) = if path.extension().is_some_and(|e| e == "md") {
                split_front_matter(&text).unwrap_or_else(|| {
                    panic!("{}: no front matter between --- lines", relative(&path))
                })
            } else {
                (text.as_str(), "")
            };
            let data: Value = serde_saphyr::from_str(yaml)
                .unwrap_or_else(|e| panic!("{}: invalid YAML: {e}", relative(&path)));
            records.push(Record {
                path: relative(&path),
                collection: collection.clone(),
                data,
                body: body.to_string(),
            });
        }
    }
    records
}

/// The `sources` entries of a record (an empty list when absent).
fn sources_of(record: &Record) -> Vec<&Value> {
    match record.data.get("sources") {
        Some(Value::Array(items)) => items.iter().collect(),
        _ => Vec::new(),
    }
}

/// The id of the `sources` record an entry refers to, if it uses `ref`.
fn source_ref(entry: &Value) -> Option<&str> {
    let target = entry.get("ref")?.as_str()?;
    Some(target.strip_prefix("sources/").unwrap_or(target))
}

/// Digit sequences in `text`, as numbers are written in the documents:
/// thousands separators are dropped ("2,450" gives "2450") and an ISO date
/// ("2023-05-10") gives only its year.
fn numbers_in(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let digit_at = |i: usize| chars.get(i).is_some_and(|c| c.is_ascii_digit());
    let mut numbers = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let mut number = String::new();
        while i < chars.len() {
            if chars[i].is_ascii_digit() {
                number.push(chars[i]);
                i += 1;
            } else if chars[i] == ',' && (1..=3).all(|k| digit_at(i + k)) && !digit_at(i + 4) {
                i += 1;
            } else {
                break;
            }
        }
        let is_iso_date = number.len() == 4
            && chars.get(i) == Some(&'-')
            && digit_at(i + 1)
            && digit_at(i + 2)
            && chars.get(i + 3) == Some(&'-')
            && digit_at(i + 4)
            && digit_at(i + 5)
            && !digit_at(i + 6);
        if is_iso_date {
            i += 6;
        }
        numbers.push(number);
    }
    numbers
}

/// Every string and number inside `value`, as text.
fn collect_text(value: &Value, out: &mut String) {
    match value {
        Value::String(s) => {
            out.push_str(s);
            out.push('\n');
        }
        Value::Number(n) => {
            out.push_str(&n.to_string());
            out.push('\n');
        }
        Value::Array(items) => items.iter().for_each(|v| collect_text(v, out)),
        Value::Object(map) => map.values().for_each(|v| collect_text(v, out)),
        Value::Bool(_) | Value::Null => {}
    }
}

#[test]
fn every_record_cites_a_source_with_a_locator() {
    let records = load_records();
    let source_ids: BTreeSet<String> = records
        .iter()
        .filter(|r| r.collection == "sources")
        .map(|r| Path::new(&r.path).file_stem().unwrap().to_string_lossy().into_owned())
        .collect();

    let mut failures = Vec::new();
    for record in records.iter().filter(|r| r.collection != "sources") {
        let sources = sources_of(record);
        if sources.is_empty() {
            failures.push(format!("{}: no `sources` entry", record.path));
        }
        for (n, entry) in sources.iter().enumerate() {
            let locator = entry.get("locator").and_then(Value::as_str).unwrap_or("");
            if locator.trim().is_empty() {
                failures.push(format!("{}: sources[{n}] has no `locator`", record.path));
            }
            match source_ref(entry) {
                Some(id) if !source_ids.contains(id) => failures.push(format!(
                    "{}: sources[{n}] refers to `sources/{id}`, which does not exist",
                    record.path
                )),
                Some(_) => {}
                None => {
                    if entry.get("title").and_then(Value::as_str).unwrap_or("").is_empty() {
                        failures.push(format!(
                            "{}: sources[{n}] has neither `ref` nor `title`",
                            record.path
                        ));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} problem(s):\n{}", failures.len(), failures.join("\n"));
}

/// The collections whose figures must be found in the seed documents they
/// cite: practices and programmes are drawn from the seeds alone.
const SEED_DRAWN: &[&str] = &["best-practices", "programmes"];

/// Checks that every figure (a number of two or more digits) in `records` of
/// the seed-drawn collections appears in a seed document the record cites.
/// Returns how many figures were checked and one message per failure.
fn unmatched_figures(records: &[Record]) -> (usize, Vec<String>) {
    let seeds_dir = repo_root().join("tests").join("seeds");
    let mut failures = Vec::new();
    let mut checked = 0;
    for record in records.iter().filter(|r| SEED_DRAWN.contains(&r.collection.as_str())) {
        // The seed documents this record cites.
        let mut seed_numbers = BTreeSet::new();
        let mut cited = Vec::new();
        for entry in sources_of(record) {
            let Some(id) = source_ref(entry) else { continue };
            let Some((_, file)) = SEEDS.iter().find(|(seed_id, _)| *seed_id == id) else {
                continue;
            };
            if cited.contains(file) {
                continue;
            }
            let path = seeds_dir.join(file);
            let text = fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            seed_numbers.extend(numbers_in(&text));
            cited.push(*file);
        }
        if cited.is_empty() {
            failures.push(format!(
                "{}: cites none of the seed documents, so its figures cannot be checked",
                record.path
            ));
            continue;
        }

        // Every field except citations and metadata, plus the body.
        let mut text = String::new();
        if let Value::Object(fields) = &record.data {
            for (key, value) in fields {
                if !NOT_FIGURES.contains(&key.as_str()) {
                    collect_text(value, &mut text);
                }
            }
        }
        text.push_str(&record.body);

        let mut reported = BTreeSet::new();
        for number in numbers_in(&text).into_iter().filter(|n| n.len() >= 2) {
            checked += 1;
            if !seed_numbers.contains(&number) && reported.insert(number.clone()) {
                failures.push(format!(
                    "{}: the number {number} does not appear in {}",
                    record.path,
                    cited.join(" or ")
                ));
            }
        }
    }
    (checked, failures)
}

#[test]
fn practice_and_programme_figures_appear_in_the_cited_seed_documents() {
    let records = load_records();
    for collection in SEED_DRAWN {
        assert!(
            records.iter().any(|r| r.collection == *collection),
            "content/{collection} has no records"
        );
    }
    let (checked, failures) = unmatched_figures(&records);
    assert!(checked > 0, "no figures found in content/best-practices or content/programmes");
    assert!(failures.is_empty(), "{} problem(s):\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn a_figure_missing_from_the_seed_is_reported_in_a_practice_and_a_programme() {
    let records = load_records();
    for collection in SEED_DRAWN {
        let mut record = records
            .iter()
            .find(|r| r.collection == *collection && !r.body.is_empty())
            .cloned()
            .unwrap_or_else(|| panic!("no Markdown record in content/{collection}"));
        // 987,654,321 is in none of the seeds.
        record.body.push_str("\nIt reached 987,654,321 people.\n");
        let (_, failures) = unmatched_figures(std::slice::from_ref(&record));
        assert!(
            failures.iter().any(|f| f.contains("987654321")),
            "{}: an invented figure was not reported: {failures:?}",
            record.path
        );
    }
}

/// Record names (`collection/id`) written in backticks in `text`.
fn record_names_in(text: &str) -> BTreeSet<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .filter(|s| {
            s.split_once('/').is_some_and(|(collection, id)| {
                ["best-practices", "programmes", "regulations", "sources"].contains(&collection)
                    && !id.is_empty()
                    && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            })
        })
        .map(str::to_string)
        .collect()
}

/// `collection/id` of a record, as the seed-to-record map writes it.
fn record_name(record: &Record) -> String {
    let stem = Path::new(&record.path).file_stem().unwrap().to_string_lossy().into_owned();
    format!("{}/{stem}", record.collection)
}

#[test]
fn the_seed_to_record_map_names_existing_records_and_every_practice_and_programme() {
    let map_path = repo_root().join("content").join("_README.md");
    let map = fs::read_to_string(&map_path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", map_path.display()));
    let named = record_names_in(&map);
    let records = load_records();
    let existing: BTreeSet<String> = records.iter().map(record_name).collect();

    let mut failures = Vec::new();
    for name in named.difference(&existing) {
        failures.push(format!("content/_README.md names `{name}`, which does not exist"));
    }
    for record in records.iter().filter(|r| SEED_DRAWN.contains(&r.collection.as_str())) {
        let name = record_name(record);
        if !named.contains(&name) {
            failures.push(format!(
                "{}: not in the seed-to-record map in content/_README.md",
                record.path
            ));
        }
    }
    for (id, _) in SEEDS {
        if !named.contains(&format!("sources/{id}")) {
            failures.push(format!("content/_README.md has no section for `sources/{id}`"));
        }
    }
    assert!(failures.is_empty(), "{} problem(s):\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn record_names_are_read_from_backticks() {
    let text =
        "| a | `best-practices/paperless-trade`, `programmes/x-1` |\n`src/main.rs` `sources/`";
    let names: Vec<String> = record_names_in(text).into_iter().collect();
    assert_eq!(names, ["best-practices/paperless-trade", "programmes/x-1"]);
}

#[test]
fn collections_have_their_minimum_number_of_records() {
    let records = load_records();
    let minimums =
        [("best-practices", 30), ("programmes", 20), ("regulations", 15), ("sources", 3)];
    let mut failures = Vec::new();
    for (collection, minimum) in minimums {
        let count = records.iter().filter(|r| r.collection == collection).count();
        if count < minimum {
            failures.push(format!(
                "content/{collection}: {count} record(s), at least {minimum} expected"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn numbers_are_read_as_the_documents_write_them() {
    assert_eq!(numbers_in("over 2,450 participants"), ["2450"]);
    assert_eq!(numbers_in("100,000 course enrollments"), ["100000"]);
    assert_eq!(numbers_in("on 2023-05-10 in Geneva"), ["2023"]);
    assert_eq!(numbers_in("Mongolia, Peru, 34 eT Readies"), ["34"]);
    assert_eq!(numbers_in("1,2345 and 12,34"), ["1", "2345", "12", "34"]);
    assert_eq!(numbers_in("10-12 May 2023"), ["10", "12", "2023"]);
}
