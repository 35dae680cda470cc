//! `export --format ndjson|opensearch` (#17): the search index's documents
//! for engines that run on many machines; each line parses, the documents
//! are the index's (one per language version), and each carries every
//! field the tantivy schema indexes.

use std::collections::BTreeSet;

use compendium::search::bulk::FIELDS;
use serde_json::Value;

use crate::support::Site;

/// The minimal site with a second record, a French translation and a
/// base URL.
fn site() -> Site {
    let s = Site::minimal();
    s.write(
        "book.toml",
        "[book]\ntitle = \"Test\"\nid = \"trade-kb\"\nbase-url = \"https://example.org/kb/\"\nlanguages = [\"en\", \"fr\"]\n",
    );
    s.write("content/practices/e-invoicing.yaml", "title: E-invoicing\nsummary: \"Invoices, electronically.\"\narea: payments\nadopted: 2021-03-04\nupdated: 2024-02-01\ntopics: [trade]\ncountries: [KEN, european-union]\nbody: |\n  Some *Markdown*.\n");
    s.write(
        "content/practices/e-invoicing.fr.md",
        "---\ntitle: Facturation électronique\nsummary: Des factures, électroniquement.\n---\n\nDu *Markdown*.\n",
    );
    s
}

fn lines(stdout: &str) -> Vec<Value> {
    stdout.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

#[test]
fn ndjson_holds_the_index_documents_with_every_indexed_field() {
    let s = site();
    let r = s.run(&["export", "--format", "ndjson"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let docs = lines(&r.stdout);
    // Two records, one translated: three documents, as the index holds.
    let b = s.run(&["build"]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    let catalog: Value =
        serde_json::from_str(&s.read("index/compendium.json")).expect("catalog json");
    assert_eq!(catalog["documents"].as_u64(), Some(docs.len() as u64));
    assert_eq!(docs.len(), 3);
    // Every field of the tantivy schema, under its own name (the stored
    // `*_text` copies are `title`, `summary` and `body`), on every line.
    let (schema, _) = compendium::search::schema::build();
    let indexed: BTreeSet<String> = schema
        .fields()
        .map(|(_, entry)| entry.name().trim_end_matches("_text").to_owned())
        .collect();
    for d in &docs {
        let keys: BTreeSet<String> = d.as_object().expect("object").keys().cloned().collect();
        assert_eq!(keys, FIELDS.iter().map(|f| f.to_string()).collect(), "{d}");
        for name in &indexed {
            assert!(keys.contains(name), "`{name}` missing from {d}");
        }
    }
    let ids: BTreeSet<&str> = docs.iter().filter_map(|d| d["doc_id"].as_str()).collect();
    assert_eq!(ids.len(), 3, "ids are unique: {ids:?}");
    let fr = docs.iter().find(|d| d["tag"] == "fr").expect("the French version");
    assert_eq!(fr["doc_id"], "practices_e-invoicing_fr");
    assert_eq!(fr["key"], "practices/e-invoicing");
    assert_eq!(fr["original"], false);
    assert_eq!(fr["lang"], "fr");
    assert_eq!(fr["title"], "Facturation électronique");
    assert_eq!(fr["body"], "Du Markdown.");
    // The canonical address, as sitemaps and feeds give it.
    assert_eq!(fr["url"], "https://example.org/kb/fr/practices/e-invoicing/");
    // A translation holds the record's countries too.
    assert!(fr["places"].as_str().is_some_and(|m| m.contains("Kenya")), "{fr}");
    let en = docs.iter().find(|d| d["doc_id"] == "practices_e-invoicing_en").expect("original");
    assert_eq!(en["original"], true);
    assert_eq!(en["url"], "https://example.org/kb/practices/e-invoicing/");
    assert_eq!(en["facets"]["area"], serde_json::json!(["payments"]));
    assert_eq!(en["facets"]["topics"], serde_json::json!(["trade"]));
    assert_eq!(en["updated"], "2024-02-01");
    assert_eq!(en["ranges"]["adopted"], "2021-03-04");
    // Countries and the blocs it names in `places`, topics in `meta`.
    assert!(en["places"].as_str().is_some_and(|m| m.contains("Kenya")), "{en}");
    assert!(en["places"].as_str().is_some_and(|m| m.contains("European Union")), "{en}");
    assert!(en["meta"].as_str().is_some_and(|m| m.contains("Trade")), "{en}");
    // One collection only.
    let r = s.run(&["export", "--format", "ndjson", "--collection", "practices"]);
    assert_eq!(lines(&r.stdout).len(), 3);
}

#[test]
fn opensearch_bulk_names_the_index_and_each_id() {
    let s = site();
    let r = s.run(&["export", "--format", "opensearch"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let all = lines(&r.stdout);
    assert_eq!(all.len(), 6, "an action line before each of three documents");
    for pair in all.chunks(2) {
        let (action, doc) = (&pair[0], &pair[1]);
        assert_eq!(action["index"]["_index"], "trade-kb", "[book] id by default");
        assert_eq!(action["index"]["_id"], doc["doc_id"]);
    }
    let r = s.run(&["export", "--format", "elasticsearch", "--index", "kb-2026"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(lines(&r.stdout)[0]["index"]["_index"], "kb-2026");
    for bad in ["Trade", "a b", "_x", "a/b"] {
        let r = s.run(&["export", "--format", "opensearch", "--index", bad]);
        assert_eq!(r.code, 2, "{bad}: {}", r.stderr);
        assert!(r.stdout.is_empty());
    }
    let r = s.run(&["export", "--format", "json", "--index", "kb"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--index names the target of `--format opensearch` only"));
}
