//! `search`: the command, its JSON, its errors, and its quality on the
//! judged queries of the shared evaluation site.

use std::collections::BTreeMap;

use crate::support::{Site, eval_site};

/// One judged query of `queries.tsv`.
struct Judged {
    query: String,
    filters: Vec<String>,
    relevant: Vec<String>,
    kind: String,
}

fn judged(path: &std::path::Path) -> Vec<Judged> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .has_headers(true)
        .from_path(path)
        .expect("queries.tsv");
    reader
        .records()
        .map(|r| {
            let r = r.expect("row");
            let field = |i: usize| r.get(i).unwrap_or("").to_owned();
            Judged {
                query: field(0),
                filters: field(1).split_whitespace().map(str::to_owned).collect(),
                relevant: field(2).split_whitespace().map(str::to_owned).collect(),
                kind: field(3),
            }
        })
        .collect()
}

/// Runs `search --json --limit 10` for a judged row; the keys in rank order.
fn ranked(site: &Site, j: &Judged) -> Vec<String> {
    cli_keys(site, &j.query, &j.filters, "", 10)
}

/// Runs `search QUERY --json` with `filters` (`FIELD=VALUE`, or
/// `collection=C` for `--collection`), `--sort` when `sort` is not empty
/// and `--limit`; the keys in rank order.
fn cli_keys(site: &Site, query: &str, filters: &[String], sort: &str, limit: usize) -> Vec<String> {
    let mut args: Vec<String> = vec![
        "search".into(),
        query.to_owned(),
        "--limit".into(),
        limit.to_string(),
        "--json".into(),
    ];
    for f in filters {
        match f.strip_prefix("collection=") {
            Some(c) => args.extend(["--collection".into(), c.to_owned()]),
            None => args.extend(["--filter".into(), f.clone()]),
        }
    }
    if !sort.is_empty() {
        args.extend(["--sort".into(), sort.to_owned()]);
    }
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = site.run(&argv);
    assert_eq!(run.code, 0, "{argv:?}: {}", run.stderr);
    let hits: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).expect("json");
    hits.iter().map(|h| h["key"].as_str().unwrap_or("").to_owned()).collect()
}

/// MRR@10 and recall@10 on the evaluation site's judged queries, overall and
/// per kind. The bar: MRR@10 ≥ 0.85 and recall@10 ≥ 0.90.
#[test]
fn eval_site_mrr_and_recall() {
    let Some(eval) = eval_site() else {
        eprintln!("skipped: ../shared/fixtures/eval-site is not beside the checkout");
        return;
    };
    let site = Site::copy_of(&eval);
    let built = site.run(&["build"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let rows = judged(&eval.join("queries.tsv"));
    assert!(!rows.is_empty());
    let mut per_kind: BTreeMap<String, (f64, f64, usize)> = BTreeMap::new();
    let (mut mrr, mut recall) = (0.0, 0.0);
    let mut report = String::new();
    for j in &rows {
        let got = ranked(&site, j);
        let rr = got
            .iter()
            .position(|k| j.relevant.contains(k))
            .map(|p| 1.0 / (p as f64 + 1.0))
            .unwrap_or(0.0);
        let found = j.relevant.iter().filter(|k| got.contains(k)).count();
        let rec = found as f64 / j.relevant.len().max(1) as f64;
        mrr += rr;
        recall += rec;
        let e = per_kind.entry(j.kind.clone()).or_default();
        e.0 += rr;
        e.1 += rec;
        e.2 += 1;
        if rr < 1.0 || rec < 1.0 {
            report.push_str(&format!(
                "  {:?} [{}]: rr {rr:.2} recall {rec:.2}; got {got:?}\n",
                j.query, j.kind
            ));
        }
    }
    let n = rows.len() as f64;
    let (mrr, recall) = (mrr / n, recall / n);
    eprintln!("MRR@10 {mrr:.3}  recall@10 {recall:.3}  ({} queries)", rows.len());
    for (kind, (rr, rec, count)) in &per_kind {
        let c = *count as f64;
        eprintln!("  {kind:<17} MRR {:.3}  recall {:.3}  ({count})", rr / c, rec / c);
    }
    eprint!("{report}");
    assert!(mrr >= 0.85, "MRR@10 {mrr:.3} < 0.85");
    assert!(recall >= 0.90, "recall@10 {recall:.3} < 0.90");
}

#[test]
fn missing_index_exits_1_and_says_to_build() {
    let site = Site::minimal();
    let run = site.run(&["search", "window"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("run `compendium build`"), "{}", run.stderr);
    assert!(run.stderr.contains("`index`"), "{}", run.stderr);
}

#[test]
fn json_hits_have_the_contract_shape() {
    let site = Site::minimal();
    assert_eq!(site.run(&["build"]).code, 0);
    let run = site.run(&["search", "single windows", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let hits: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(hits.len(), 1);
    let h = hits[0].as_object().expect("object");
    let keys: Vec<&str> = h.keys().map(String::as_str).collect();
    for k in ["key", "collection", "id", "title", "url", "score", "snippet"] {
        assert!(keys.contains(&k), "{k} missing in {h:?}");
    }
    assert_eq!(h["key"], "practices/single-window");
    assert_eq!(h["url"], "practices/single-window/index.html");
    assert!(h["score"].as_f64().is_some_and(|s| s > 0.0));
    assert!(h["snippet"].as_str().is_some_and(|s| s.contains("single window")), "{h:?}");
}

#[test]
fn aliases_filters_and_collections() {
    let site = Site::minimal();
    assert_eq!(site.run(&["build"]).code, 0);
    let keys = |args: &[&str]| -> Vec<String> {
        let mut argv = vec!["search"];
        argv.extend_from_slice(args);
        argv.push("--json");
        let run = site.run(&argv);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        let hits: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).expect("json");
        hits.iter().map(|h| h["key"].as_str().unwrap_or("").to_owned()).collect()
    };
    let one = vec!["practices/single-window".to_owned()];
    // `commerce` is an alias of the `trade` topic; Kenya is the record's country.
    assert_eq!(keys(&["commerce"]), one);
    assert_eq!(keys(&["kenya documents"]), one);
    assert_eq!(keys(&["documents", "--filter", "area=CUSTOMS"]), one);
    assert_eq!(keys(&["documents area:customs"]), one);
    assert_eq!(keys(&["documents -area:customs"]), Vec::<String>::new());
    assert_eq!(keys(&["documents", "--collection", "practices"]), one);
    assert_eq!(keys(&["documents", "--filter", "area=payments"]), Vec::<String>::new());
    assert_eq!(keys(&["documnets"]), one);
    assert_eq!(keys(&["documents -window"]), Vec::<String>::new());
}

#[test]
fn unknown_collection_or_filter_field_is_a_usage_error() {
    let site = Site::minimal();
    assert_eq!(site.run(&["build"]).code, 0);
    let run = site.run(&["search", "x", "--collection", "practises"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("did you mean `practices`"), "{}", run.stderr);
    let run = site.run(&["search", "x", "--filter", "aera=customs"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("did you mean `area`"), "{}", run.stderr);
    let run = site.run(&["search", "x", "--filter", "nonsense"]);
    assert_eq!(run.code, 2);
    let run = site.run(&["search", " "]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("error: nothing to search for\n  help: give words"),
        "{}",
        run.stderr
    );
    // With a filter, an empty query lists what it picks.
    let run = site.run(&["search", "", "--filter", "area=customs"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("single-window"), "{}", run.stdout);
}

#[test]
fn hostile_queries_never_panic() {
    let site = Site::minimal();
    assert_eq!(site.run(&["build"]).code, 0);
    let long = "word ".repeat(2_000);
    let longer = "x".repeat(10_000);
    for q in [
        "\"\"\"",
        "-",
        "field:",
        "area:",
        "area:\"",
        "*",
        "(",
        ")",
        "\\",
        "日本語",
        "\u{202e}",
        "",
        " ",
        "-\"\"",
        "\"a",
        long.as_str(),
        longer.as_str(),
        "a:b:c",
        "---",
        "-area:",
    ] {
        for extra in [&[][..], &["--json"][..]] {
            let mut argv = vec!["search", q];
            argv.extend_from_slice(extra);
            let run = site.run(&argv);
            // An empty query with no filter asks for nothing: a usage error,
            // and so does one of no words (`*`, `(`), which says so.
            let nothing = run.stderr.contains("nothing to search for");
            assert!(!matches!(q, "*" | "(") || nothing, "{q:?}: {}", run.stderr);
            let code = if q.trim().is_empty() || nothing { 2 } else { 0 };
            assert_eq!(run.code, code, "{q:?}: {}", run.stderr);
            assert!(!run.stderr.contains("panicked"), "{q:?}: {}", run.stderr);
        }
    }
}

#[test]
fn a_failed_build_leaves_the_index_alone() {
    let site = Site::minimal();
    site.write("index/README.md", "The prebuilt index.\n");
    assert_eq!(site.run(&["build"]).code, 0);
    assert_eq!(site.read("index/README.md"), "The prebuilt index.\n");
    let before = crate::support::snapshot(&site.path().join("index"));
    site.write("content/practices/broken.md", "---\ntitle: Broken\n---\n");
    assert_eq!(site.run(&["build"]).code, 1);
    assert_eq!(crate::support::snapshot(&site.path().join("index")), before);
    assert_eq!(site.run(&["search", "window", "--json"]).code, 0);
}

/// Questions bring words no record contains, and words no record has all of:
/// the search drops the first with a note, and ranks by how many words a
/// record contains when no record has them all, instead of answering nothing.
#[test]
fn questions_still_find_records() {
    let s = Site::minimal();
    s.write("content/practices/sandboxes.md", "---\ntitle: Regulatory sandboxes\nsummary: Let firms test products under supervision.\narea: customs\n---\n\nSandboxes let regulators learn.\n");
    s.write("content/practices/foresight.md", "---\ntitle: Strategic foresight\nsummary: Regulators scan the horizon.\narea: customs\n---\n\nAgile regulation uses foresight.\n");
    assert_eq!(s.run(&["build"]).code, 0);
    // `zebra` is in no record: dropped, with a note on stderr.
    let r = s.run(&["search", "regulatory sandboxes zebra", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let hits: Vec<serde_json::Value> = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["key"], "practices/sandboxes");
    assert!(r.stderr.contains("no record contains `zebra`; searched without it"), "{}", r.stderr);
    // No record has both `sandboxes` and `foresight`: both come back, the
    // one with more of the words first.
    let r = s.run(&["search", "sandboxes regulators foresight", "--json"]);
    let hits: Vec<serde_json::Value> = serde_json::from_str(&r.stdout).expect("json");
    let keys: Vec<&str> = hits.iter().filter_map(|h| h["key"].as_str()).collect();
    assert_eq!(keys, ["practices/foresight", "practices/sandboxes"], "{}", r.stderr);
    assert!(r.stderr.contains("no record contains all the words"), "{}", r.stderr);
    // When every word matches somewhere together, all-words semantics hold.
    let r = s.run(&["search", "sandboxes regulators", "--json"]);
    let hits: Vec<serde_json::Value> = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(hits.len(), 1);
}

/// `U.S.` is `US`, whichever a record writes; a Spanish stem that is an
/// English function word (`Canada` is `can` to Spanish's stemmer) finds
/// no English record that merely says "can".
#[test]
fn dotted_acronyms_and_other_languages_stems() {
    let s = Site::minimal();
    s.write("book.toml", "[book]\ntitle = \"Test\"\nlanguages = [\"en\", \"es\"]\n");
    s.write("content/practices/usa.md", "---\ntitle: US export controls\nsummary: Rules for chips.\narea: customs\ncountries: [CAN]\n---\n\nThe U.S. rules.\n");
    s.write("content/practices/eu.md", "---\ntitle: E.U. data rules\nsummary: Firms can move data.\narea: customs\n---\n\nMembers can apply them.\n");
    assert_eq!(s.run(&["build"]).code, 0);
    let keys = |q: &str| keys_found(&s.path().join("index"), q);
    assert_eq!(keys("U.S."), ["practices/usa"]);
    assert_eq!(keys("US"), ["practices/usa"]);
    assert_eq!(keys("EU"), ["practices/eu"]);
    assert_eq!(keys("e.u."), ["practices/eu"]);
    assert_eq!(keys("Canada"), ["practices/usa"]);
}

/// Near spellings tried for a query no record has every word of are not
/// kept for the search for most of the words: a word records contain is
/// searched as written there (`contract` finds no `contact`).
#[test]
fn near_spellings_that_find_nothing_are_not_kept() {
    let s = Site::minimal();
    for (id, text) in [
        ("a", "Model contract terms"),
        ("b", "Contact points for traders"),
        ("c", "Zebra crossings"),
    ] {
        s.write(
            &format!("content/practices/{id}.md"),
            &format!("---\ntitle: {text}\nsummary: {text}.\narea: customs\n---\n\n{text}.\n"),
        );
    }
    assert_eq!(s.run(&["build"]).code, 0);
    let mut found = keys_found(&s.path().join("index"), "contract zebra");
    found.sort();
    assert_eq!(found, ["practices/a", "practices/c"]);
}

/// The keys `query` finds in the index in `dir`.
fn keys_found(dir: &std::path::Path, query: &str) -> Vec<String> {
    let engine = compendium::search::Engine::open(dir).expect("open index");
    let req = compendium::search::Request { query: query.into(), limit: 10, ..Default::default() };
    engine.search(&req).expect("search").hits.into_iter().map(|h| h.key).collect()
}

#[test]
fn the_index_updates_a_changed_record_in_place_and_rewrites_otherwise() {
    use compendium::search::writer;
    let s = Site::minimal();
    s.write(
        "content/practices/paperless.md",
        "---\ntitle: Paperless trade\nsummary: Electronic documents.\narea: customs\n---\nBody.\n",
    );
    let load = || compendium::pipeline::load(s.path()).site.expect("valid site");
    let dir = s.path().join("index");
    let old = load();
    writer::write(&old, &dir).expect("write index");
    assert_eq!(keys_found(&dir, "lodge"), ["practices/single-window"]);

    // One record's words change: only it is replaced.
    s.write(
        "content/practices/single-window.md",
        "---\ntitle: Single window\nsummary: One portal for zebras.\narea: customs\n---\nText.\n",
    );
    let new = load();
    assert_eq!(writer::update(&old, &new, &dir).expect("update"), Some(1));
    assert!(keys_found(&dir, "lodge").is_empty());
    assert_eq!(keys_found(&dir, "zebras"), ["practices/single-window"]);
    assert_eq!(keys_found(&dir, "paperless"), ["practices/paperless"]);
    assert_eq!(writer::update(&new, &new, &dir).expect("no change"), Some(0));

    // A term's label is in other records' documents: they change with it.
    s.write(
        "content/practices/single-window.md",
        "---\ntitle: Single window\nsummary: One portal for zebras.\narea: customs\ntopics: [trade]\n---\nText.\n",
    );
    let tagged = load();
    assert_eq!(writer::update(&new, &tagged, &dir).expect("update"), Some(1));
    // Its facet counts changed: the catalog beside the index is a fresh one.
    let fresh = s.path().join("fresh-index");
    writer::write(&tagged, &fresh).expect("fresh index");
    assert_eq!(s.read("index/compendium.json"), s.read("fresh-index/compendium.json"));
    // So is its vocabulary: a misspelling of the new word finds it.
    assert_eq!(s.read("index/words.tsv"), s.read("fresh-index/words.tsv"));
    assert_eq!(keys_found(&dir, "zebrras"), ["practices/single-window"]);
    assert_eq!(keys_found(&dir, "topics:trade"), keys_found(&fresh, "topics:trade"));
    s.write("content/_taxonomies.yaml", "topics:\n  title: Topics\n  terms:\n    trade: {label: Trade, aliases: [okapis]}\nregions:\n  title: Regions\n  terms:\n    european-union: {label: European Union, members: [FRA, DEU]}\n");
    let relabelled = load();
    // The schema holds the taxonomies: a whole rewrite.
    assert_eq!(writer::update(&tagged, &relabelled, &dir).expect("update"), None);

    // A new record shifts record numbers: a whole rewrite too.
    s.write(
        "content/practices/another.md",
        "---\ntitle: Another\nsummary: More.\narea: payments\n---\n",
    );
    assert_eq!(writer::update(&relabelled, &load(), &dir).expect("update"), None);
}

/// A misspelt word finds the records of the word it meant, from the words
/// the records are written in (not from their stems: `consuer` is two
/// edits from the stem `consum`, one from the word `consumer`), and says
/// so; `word*` finds the words that begin so.
#[test]
fn misspellings_find_the_word_meant_and_a_star_finds_words_that_begin_so() {
    let Some(eval) = eval_site() else { return };
    let site = Site::copy_of(&eval);
    assert_eq!(site.run(&["build"]).code, 0);
    let all = |q: &str| cli_keys(&site, q, &[], "", 100);
    for (typo, word) in [
        ("consuer", "consumer"),
        ("protectino", "protection"),
        ("secruity", "security"),
        ("moeny", "money"),
        ("advertisign", "advertising"),
    ] {
        let mut found = all(typo);
        let mut meant = all(word);
        assert!(!meant.is_empty(), "{word}");
        found.sort();
        meant.sort();
        assert_eq!(found, meant, "{typo} as {word}");
        let run = site.run(&["search", typo]);
        assert!(run.stderr.contains("showing near spellings"), "{typo}: {}", run.stderr);
    }
    // `mob*`: mobile, and any other word beginning so.
    let star = all("mob*");
    for key in all("mobile") {
        assert!(star.contains(&key), "{key} in {star:?}");
    }
    // The star of a word no record begins with finds nothing, and says so.
    assert!(all("qqq*").is_empty());
    // A word nowhere that begins words (typed half-way) finds them, as
    // its star does, and says so; a misspelling still finds near spellings.
    for half in ["paymen", "protectio", "consu"] {
        assert_eq!(all(half), all(&format!("{half}*")), "{half}");
        let run = site.run(&["search", half]);
        assert!(run.stderr.contains("showing words that begin with it"), "{half}: {}", run.stderr);
    }
    let run = site.run(&["search", "consuer"]);
    assert!(run.stderr.contains("showing near spellings"), "{}", run.stderr);
}

/// A deterministic record text: `n` words from a vocabulary of pseudo-words.
fn words(seed: u64, n: usize) -> String {
    let mut x = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    let syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi", "pe", "su"];
    (0..n)
        .map(|_| {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let w = (x >> 33) % 3000;
            let (a, b, c) = (w % 10, (w / 10) % 10, (w / 100) % 30);
            format!("{}{}{}", syllables[a as usize], syllables[b as usize], c)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_browser_index_follows_edits_with_the_bytes_of_a_fresh_one_and_renames_only_what_changed() {
    use compendium::search::{browser, catalog};
    let s = Site::minimal();
    for i in 0..200 {
        let area = if i % 3 == 0 { "payments" } else { "customs" };
        s.write(
            &format!("content/practices/r{i:03}.md"),
            &format!(
                "---\ntitle: Record {i} {}\nsummary: {}\narea: {area}\n---\n{}\n",
                words(i, 3),
                words(i + 1000, 12),
                words(i + 2000, 150)
            ),
        );
    }
    let load = || compendium::pipeline::load(s.path()).site.expect("valid site");
    let fresh = |site: &compendium::model::Site| -> BTreeMap<String, Vec<u8>> {
        browser::files(site).expect("files").into_iter().map(|f| (f.path, f.bytes)).collect()
    };
    let old = load();
    let (_, old_facets) = catalog::build(&old);
    let mut index = browser::Index::new(&old, &old_facets);
    let (catalog_old, _) = catalog::build(&old);
    let first =
        index.output(&catalog_old, &old_facets, &catalog::all_ranges(&catalog_old, &old), &|_| {
            false
        });
    let before = fresh(&old);
    assert_eq!(first.paths, before.keys().cloned().collect::<Vec<_>>());
    let chunks = before.keys().filter(|p| p.starts_with("search/i/t")).count();
    assert!(chunks >= 5, "a site this size has several chunks, got {chunks}");

    // Edits of different kinds: one word swapped for a new one, words
    // dropped and a title shortened, a facet value, a title; each time the
    // update gives a fresh index's bytes. A one-word swap touches two terms:
    // their chunks, and the boundaries next to them at most, are renamed.
    let body = |i: u64| words(i + 2000, 150);
    let swapped = body(50).replacen(' ', " okapiword ", 1);
    let swapped = swapped.split_once(" okapiword ").map(|(_, rest)| format!("okapiword {rest}"));
    let edits = [
        (
            "r050",
            format!(
                "---\ntitle: Record 50 {}\nsummary: {}\narea: customs\n---\n{}\n",
                words(50, 3),
                words(1050, 12),
                swapped.expect("swapped")
            ),
            Some(4),
        ),
        (
            "r120",
            format!(
                "---\ntitle: Record 120\nsummary: {}\narea: customs\n---\n{}\n",
                words(1120, 12),
                words(2120, 140)
            ),
            None,
        ),
        (
            "r090",
            format!(
                "---\ntitle: Record 90 {}\nsummary: {}\narea: customs\n---\n{}\n",
                words(90, 3),
                words(1090, 12),
                body(90)
            ),
            None,
        ),
        (
            "r007",
            format!(
                "---\ntitle: Renamed seven\nsummary: {}\narea: customs\n---\n{}\n",
                words(1007, 12),
                body(7)
            ),
            None,
        ),
    ];
    let mut prev_site = old;
    let mut prev = (before, first.paths);
    for (id, text, most_chunks) in edits {
        s.write(&format!("content/practices/{id}.md"), &text);
        let new = load();
        let (catalog_new, new_facets) = catalog::build(&new);
        let (_, prev_facets) = catalog::build(&prev_site);
        assert!(index.update((&prev_site, &prev_facets), (&new, &new_facets)), "{id}");
        let had: std::collections::BTreeSet<String> = prev.1.iter().cloned().collect();
        let out = index.output(
            &catalog_new,
            &new_facets,
            &catalog::all_ranges(&catalog_new, &new),
            &|p| had.contains(p),
        );
        let after = fresh(&new);
        assert_eq!(out.paths, after.keys().cloned().collect::<Vec<_>>(), "{id}: the same files");
        for f in &out.files {
            assert_eq!(
                after.get(&f.path),
                Some(&f.bytes),
                "{id}: {} has a fresh one's bytes",
                f.path
            );
        }
        // What was not written is what the previous index had, byte for byte.
        for p in &out.paths {
            if !out.files.iter().any(|f| &f.path == p) {
                assert_eq!(prev.0.get(p), after.get(p), "{id}: {p} is unchanged");
            }
        }
        let written_chunks = out.files.iter().filter(|f| f.path.starts_with("search/i/t")).count();
        assert!(written_chunks >= 1, "{id}: its words' chunks are new");
        if let Some(most) = most_chunks {
            assert!(written_chunks <= most, "{id}: {written_chunks} of {chunks} chunks rewritten");
        }
        let docs = out.files.iter().filter(|f| f.path.starts_with("search/i/d")).count();
        assert!(
            docs <= browser::DOC_BUCKET,
            "{id}: one bucket of record files renamed, not {docs}"
        );
        prev_site = new;
        prev = (after, out.paths);
    }

    // Nothing changed: only meta.js, search.js and the facet files.
    let (catalog_same, facets_same) = catalog::build(&prev_site);
    assert!(index.update((&prev_site, &facets_same), (&prev_site, &facets_same)));
    let had: std::collections::BTreeSet<String> = prev.1.iter().cloned().collect();
    let out = index.output(
        &catalog_same,
        &facets_same,
        &catalog::all_ranges(&catalog_same, &prev_site),
        &|p| had.contains(p),
    );
    assert!(
        out.files
            .iter()
            .all(|f| !f.path.starts_with("search/i/t") && !f.path.starts_with("search/i/d"))
    );

    // A new record shifts record numbers: the caller makes a new index.
    s.write("content/practices/a-new.md", "---\ntitle: New\nsummary: New.\narea: customs\n---\n");
    let added = load();
    let (_, added_facets) = catalog::build(&added);
    assert!(!index.update((&prev_site, &facets_same), (&added, &added_facets)));
}

/// One row of `tests/fixtures/eval-filters.tsv`: a query with filters (and
/// perhaps a sort) over the evaluation site, judged by reading the records'
/// fields: the exact records it must give (in order when sorted).
pub(crate) struct FilterCase {
    pub(crate) query: String,
    /// `FIELD=VALUE` (or `collection=C`), as `--filter` takes them.
    pub(crate) filters: Vec<String>,
    /// `""`, `FIELD` or `-FIELD`.
    pub(crate) sort: String,
    pub(crate) expected: Vec<String>,
    pub(crate) kind: String,
}

pub(crate) fn filter_cases() -> Vec<FilterCase> {
    let path = crate::support::repo().join("tests/fixtures/eval-filters.tsv");
    let mut reader =
        csv::ReaderBuilder::new().delimiter(b'\t').from_path(path).expect("eval-filters.tsv");
    reader
        .records()
        .map(|r| {
            let r = r.expect("row");
            let field = |i: usize| r.get(i).unwrap_or("").to_owned();
            let words = |i: usize| field(i).split_whitespace().map(str::to_owned).collect();
            FilterCase {
                query: field(0),
                filters: words(1),
                sort: field(2),
                expected: words(3),
                kind: field(4),
            }
        })
        .collect()
}

#[test]
fn judged_filter_queries_give_exactly_their_records() {
    let Some(eval) = eval_site() else {
        eprintln!("skipped: ../shared/fixtures/eval-site is not beside the checkout");
        return;
    };
    let site = Site::copy_of(&eval);
    assert_eq!(site.run(&["build"]).code, 0);
    let cases = filter_cases();
    assert!(cases.len() >= 12);
    for kind in ["multi-value", "range", "excluded-range", "sorted"] {
        assert!(cases.iter().any(|c| c.kind == kind), "no {kind} case");
    }
    for c in &cases {
        let mut got = cli_keys(&site, &c.query, &c.filters, &c.sort, 50);
        let mut want = c.expected.clone();
        if c.sort.is_empty() {
            got.sort();
            want.sort();
        }
        assert_eq!(got, want, "{:?} {:?} sort {:?} [{}]", c.query, c.filters, c.sort, c.kind);
    }
}

/// A site of dated, numbered records for filters and sorting.
fn dated_site() -> Site {
    let site = Site::minimal();
    let rows = [
        ("a-customs", "customs", "2016-03-01", "5", "[KEN]"),
        ("b-payments", "payments", "2019-11-20", "40", "[IND]"),
        ("c-customs", "customs", "2021-06-30", "12", "[IND]"),
        ("d-payments", "payments", "", "", "[KEN, IND]"),
    ];
    for (id, area, adopted, staff, countries) in rows {
        let mut text = format!(
            "---\ntitle: Trade {id}\nsummary: Trade rules {id}.\narea: {area}\ncountries: {countries}\n"
        );
        if !adopted.is_empty() {
            text.push_str(&format!("adopted: {adopted}\nstaff: {staff}\n"));
        }
        text.push_str("---\n\nTrade documents.\n");
        site.write(&format!("content/practices/{id}.md"), &text);
    }
    assert_eq!(site.run(&["build"]).code, 0);
    site
}

fn search_json(site: &Site, args: &[&str]) -> (Vec<String>, String) {
    let mut argv = vec!["search"];
    argv.extend_from_slice(args);
    argv.push("--json");
    let run = site.run(&argv);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    let hits: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).expect("json");
    (hits.iter().map(|h| h["key"].as_str().unwrap_or("").to_owned()).collect(), run.stderr)
}

#[test]
fn values_of_one_field_are_alternatives_and_fields_all_apply() {
    let site = dated_site();
    let keys = |args: &[&str]| search_json(&site, args).0;
    assert_eq!(keys(&["rules", "--filter", "area=customs", "--filter", "area=payments"]).len(), 4);
    assert_eq!(
        keys(&["rules area:customs area:payments", "--filter", "staff=>10"]),
        ["practices/b-payments", "practices/c-customs"]
    );
    // One value nobody has leaves the others; all unknown gives none.
    let (found, notes) = search_json(&site, &["rules area:customs area:nothing"]);
    assert_eq!(found.len(), 2);
    assert!(notes.contains("no record has area=nothing"), "{notes}");
    assert!(keys(&["rules area:nothing area:none"]).is_empty());
    // Nothing near a value no record has: the field's values, when few.
    let (found, notes) = search_json(&site, &["rules area:zzzzzz"]);
    assert!(found.is_empty());
    assert!(notes.contains("the values of area are customs, payments"), "{notes}");
    let (_, notes) = search_json(&site, &["rules area:custom"]);
    assert!(
        notes.contains("did you mean area=customs?") && !notes.contains("the values of"),
        "{notes}"
    );
}

#[test]
fn ranges_on_dates_and_numbers_in_the_query_and_on_the_command_line() {
    let site = dated_site();
    let keys = |args: &[&str]| {
        let mut k = search_json(&site, args).0;
        k.sort();
        k
    };
    let all_dated = ["practices/a-customs", "practices/b-payments", "practices/c-customs"];
    assert_eq!(keys(&["rules adopted:2016..2021"]), all_dated);
    assert_eq!(keys(&["rules", "--filter", "adopted=2016..2021"]), all_dated);
    assert_eq!(keys(&["rules adopted:2019"]), ["practices/b-payments"]);
    // Arabic-Indic and Persian digits, as an Arabic or Persian keyboard types them.
    assert_eq!(keys(&["rules adopted:٢٠١٩"]), ["practices/b-payments"]);
    assert_eq!(keys(&["rules", "--filter", "adopted=۲۰۱۹..۲۰۲۰"]), ["practices/b-payments"]);
    assert_eq!(keys(&["rules adopted:2019-11"]), ["practices/b-payments"]);
    assert_eq!(keys(&["rules adopted:>2019"]), ["practices/c-customs"]);
    assert_eq!(keys(&["rules adopted:<2019-11-20"]), ["practices/a-customs"]);
    assert_eq!(
        keys(&["rules adopted:..2019-11-20"]),
        ["practices/a-customs", "practices/b-payments"]
    );
    assert_eq!(keys(&["rules adopted:>=2017 adopted:<2021"]), ["practices/b-payments"]);
    // Periods are values of their field: alternatives, as values are; a
    // bound open at one end still must hold.
    let either = ["practices/a-customs", "practices/c-customs"];
    assert_eq!(keys(&["rules adopted:2016 adopted:2021"]), either);
    assert_eq!(keys(&["rules", "--filter", "adopted=2016", "--filter", "adopted=2021"]), either);
    assert_eq!(keys(&["rules adopted:2016 adopted:2021 adopted:>=2020"]), ["practices/c-customs"]);
    assert_eq!(
        keys(&["rules staff:5 staff:40..50"]),
        ["practices/a-customs", "practices/b-payments"]
    );
    assert_eq!(keys(&["rules staff:5..12"]), ["practices/a-customs", "practices/c-customs"]);
    // An excluded range keeps the records without the field.
    assert_eq!(keys(&["rules -adopted:..2020"]), ["practices/c-customs", "practices/d-payments"]);
    // What cannot be read as a range says so and finds nothing.
    let (found, notes) = search_json(&site, &["rules adopted:2019..2016"]);
    assert!(found.is_empty());
    assert!(notes.contains("\"2019..2016\" is an empty range of adopted"), "{notes}");
    let (found, notes) = search_json(&site, &["rules", "--filter", "staff=lots"]);
    assert!(found.is_empty());
    assert!(notes.contains("as a range of staff"), "{notes}");
}

#[test]
fn hits_sort_by_a_date_or_number_with_records_without_one_last() {
    let site = dated_site();
    let keys = |args: &[&str]| search_json(&site, args).0;
    assert_eq!(
        keys(&["rules", "--sort", "-adopted"]),
        [
            "practices/c-customs",
            "practices/b-payments",
            "practices/a-customs",
            "practices/d-payments"
        ]
    );
    assert_eq!(
        keys(&["rules", "--sort", "staff"]),
        [
            "practices/a-customs",
            "practices/c-customs",
            "practices/b-payments",
            "practices/d-payments"
        ]
    );
    assert_eq!(keys(&["rules", "--sort", "relevance"]).len(), 4);
    // Each hit says the value the order went by (none for the last).
    let run = site.run(&["search", "rules", "--sort", "-adopted", "--json"]);
    let hits: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let sorted: Vec<&serde_json::Value> =
        hits.as_array().expect("hits").iter().map(|h| &h["sorted"]).collect();
    assert_eq!(sorted[0]["field"], "adopted", "{}", run.stdout);
    assert!(sorted[0]["value"].as_str().is_some_and(|v| v.len() == 10), "{}", run.stdout);
    assert!(sorted[3]["value"].is_null(), "{}", run.stdout);
    let run = site.run(&["search", "rules", "--sort", "staff"]);
    assert!(run.stdout.contains("practices/a-customs · Staff: "), "{}", run.stdout);
    let run = site.run(&["search", "rules", "--json"]);
    assert!(!run.stdout.contains("\"sorted\""), "{}", run.stdout);
    let run = site.run(&["search", "rules", "--sort", "adoptd"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("did you mean `adopted`"), "{}", run.stderr);
    let run = site.run(&["search", "rules", "--sort", "area"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn a_filtered_facet_still_counts_its_other_values() {
    let site = dated_site();
    let run = site.run(&["search", "rules", "--filter", "area=customs"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Two customs records are shown; the area facet still offers payments
    // (2 records), which a second --filter area=payments would add.
    assert!(run.stdout.starts_with("2 results"), "{}", run.stdout);
    let area = run.stdout.lines().find(|l| l.contains("[area]")).expect("area counts");
    // Enum values are shown by their labels (here the values in words).
    assert!(area.contains("Customs (2)") && area.contains("Payments (2)"), "{area}");
    let topics = run.stdout.lines().find(|l| l.contains("[topics]"));
    assert!(topics.is_none_or(|l| !l.contains("(3)")), "{topics:?}");
}

/// A filter may name a value by its other names (a country's alpha-2 code
/// or everyday name, a term's alias); a member country no record names
/// points to its bloc's records; a range written backwards and a word
/// written like a filter on a field that is none are said so.
#[test]
fn filters_read_other_names_and_say_what_went_wrong() {
    let site = Site::minimal();
    site.write(
        "content/rules/_collection.yaml",
        "title: Rules\nsingular: Rule\ndescription: Rules.\nfacets: [jurisdiction, topics]\nfields:\n  jurisdiction: {type: country, required: true}\n  adopted: {type: date}\n",
    );
    site.write("content/rules/gdpr.md", "---\ntitle: Data rules\nsummary: EU.\njurisdiction: european-union\nadopted: 2016-04-27\n---\n\nData transfers.\n");
    site.write("content/rules/cnil.md", "---\ntitle: French data rules\nsummary: France.\njurisdiction: FRA\ntopics: [trade]\nadopted: 2018-06-20\n---\n\nData transfers in France.\n");
    site.write(
        "content/rules/pipl.md",
        "---\ntitle: Chinese data rules\nsummary: China.\njurisdiction: CHN\n---\n\nData transfers from China.\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (filter, want) in [
        ("jurisdiction=CN", "rules/pipl"),
        ("jurisdiction=china", "rules/pipl"),
        ("jurisdiction=fr", "rules/cnil"),
        ("jurisdiction=European Union", "rules/gdpr"),
        ("topics=commerce", "rules/cnil"),
    ] {
        let (found, notes) =
            search_json(&site, &["data", "--collection", "rules", "--filter", filter]);
        assert_eq!(found, [want], "{filter}: {notes}");
        assert!(!notes.contains("no record has"), "{filter}: {notes}");
    }
    let (found, notes) = search_json(&site, &["data", "--filter", "jurisdiction=DEU"]);
    assert!(found.is_empty());
    assert!(notes.contains("no record has jurisdiction=DEU"), "{notes}");
    assert!(
        notes.contains("DEU is a member of European Union: jurisdiction:european-union"),
        "{notes}"
    );
    // A value no record has: the nearest one, as near spellings count.
    let (found, notes) = search_json(&site, &["data", "--filter", "jurisdiction=Chnia"]);
    assert!(found.is_empty());
    assert!(notes.contains("did you mean jurisdiction=chn (China)?"), "{notes}");
    let (found, notes) = search_json(&site, &["data", "--filter", "adopted=2020..2010"]);
    assert!(found.is_empty());
    assert!(notes.contains("\"2020..2010\" is an empty range of adopted"), "{notes}");
    assert!(notes.contains("did you mean 2010..2020?"), "{notes}");
    // A text field's name: the word, searched for in every field.
    let (found, notes) = search_json(&site, &["title:data"]);
    assert!(notes.contains("there is no filter title:"), "{notes}");
    assert!(notes.contains("searched for `data` as words"), "{notes}");
    assert_eq!(found, search_json(&site, &["data"]).0);
    let (_, notes) = search_json(&site, &["jurisdicton:FRA data"]);
    assert!(notes.contains("did you mean jurisdiction:?"), "{notes}");
    // A name that is no filter nor near one (`country:`, `lang:`): its
    // value as words, and the filters there are.
    let (found, notes) = search_json(&site, &["country:data"]);
    assert!(notes.contains("there is no filter country: (the filters are collection, "), "{notes}");
    assert_eq!(found, search_json(&site, &["data"]).0);
    // Other engines' operators: NOT excludes; OR is said to be none.
    let (found, notes) = search_json(&site, &["data rules NOT China"]);
    assert!(!found.is_empty() && !found.contains(&"rules/pipl".to_owned()), "{found:?}");
    assert!(!notes.contains("OR is not"), "{notes}");
    let (_, notes) = search_json(&site, &["France OR China"]);
    assert!(notes.contains("OR is not an operator here"), "{notes}");
}

/// An excluded word leaves out a record whichever of its versions holds
/// it: `-China` must not keep China's law through its French translation,
/// which writes "Chine".
#[test]
fn an_excluded_word_leaves_out_every_version_of_its_record() {
    let site = Site::minimal();
    site.write("book.toml", "[book]\ntitle = \"T\"\nlanguages = [\"en\", \"fr\"]\n");
    site.write("content/practices/china-law.md", "---\ntitle: China data law\nsummary: Rules in China.\narea: customs\n---\n\nChina regulates transfers.\n");
    site.write("content/practices/china-law.fr.md", "---\ntitle: Loi chinoise\nsummary: Règles en Chine.\n---\n\nLa Chine encadre les transferts.\n");
    site.write("content/practices/kenya-law.md", "---\ntitle: Kenya data law\nsummary: Rules in Kenya.\narea: customs\n---\n\nKenya regulates transfers.\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for query in ["area:customs -China", "law -china", "transfers -\"China regulates\""] {
        let (found, notes) = search_json(&site, &[query]);
        assert!(!found.contains(&"practices/china-law".to_owned()), "{query}: {found:?} {notes}");
        assert!(found.contains(&"practices/kenya-law".to_owned()), "{query}: {found:?} {notes}");
    }
    // Only its French version holds "Chine": the record goes all the same.
    let (found, _) = search_json(&site, &["area:customs -Chine"]);
    assert!(!found.contains(&"practices/china-law".to_owned()), "{found:?}");
}

/// A term's label in another language finds the records tagged with it,
/// also those with no translation into that language.
#[test]
fn a_terms_label_in_any_language_finds_its_records() {
    let site = Site::minimal();
    site.write("book.toml", "[book]\ntitle = \"T\"\nlanguages = [\"en\", \"fr\", \"ar\"]\n");
    site.write(
        "content/_taxonomies.yaml",
        "topics:\n  title: Topics\n  terms:\n    trade: {label: Trade, aliases: [commerce]}\n    localisation: {label: Data localisation, translations: {fr: {label: Localisation des données}, ar: {label: توطين البيانات}}}\n",
    );
    site.write(
        "content/practices/storage-rules.md",
        "---\ntitle: Storage rules\nsummary: Where servers must be.\narea: customs\ntopics: [localisation]\n---\n\nServers stay at home.\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for query in ["توطين البيانات", "\"localisation des données\"", "data localisation"]
    {
        let (found, notes) = search_json(&site, &[query]);
        assert_eq!(found, ["practices/storage-rules"], "{query}: {notes}");
    }
}

/// A site in English, French, Arabic and Chinese: two laws of China, one
/// of France whose body (and its translations' bodies) mention China once,
/// one of Kenya and four more; a `status` enum labelled in English and
/// French.
pub(crate) fn countries_in_every_language() -> Site {
    let site = Site::new();
    site.write(
        "book.toml",
        "[book]\ntitle = \"T\"\nlanguages = [\"en\", \"fr\", \"ar\", \"zh\"]\n",
    );
    site.write(
        "content/laws/_collection.yaml",
        "title: Laws\nsingular: Law\ndescription: Laws.\nsort: title\nfacets: [jurisdiction, status]\nfields:\n  jurisdiction: {type: country, required: true}\n  status:\n    type: enum\n    values: [in-force, draft]\n    value-labels: {in-force: In force, draft: Draft}\n    translations: {fr: {values: {in-force: En vigueur, draft: Projet}}}\n",
    );
    site.write(
        "content/laws/cyber.md",
        "---\ntitle: Cybersecurity law\nsummary: Operators of critical infrastructure store data locally.\njurisdiction: CHN\nstatus: in-force\n---\n\nPersonal data stays on servers at home.\n",
    );
    site.write(
        "content/laws/pipl.md",
        "---\ntitle: Personal information protection law\nsummary: Consent and security assessments.\njurisdiction: CHN\nstatus: draft\n---\n\nTransfers abroad need a security assessment.\n",
    );
    site.write(
        "content/laws/clauses.md",
        "---\ntitle: Standard contractual clauses\nsummary: Transfers to third countries.\njurisdiction: FRA\nstatus: in-force\n---\n\nExporters sign clauses; China has clauses of its own.\n\nExporters and importers sign the clauses before personal data leaves the country, keep records of each transfer, assess the laws of the country of destination, and suspend transfers when the importer can no longer comply.\n",
    );
    // Translations that mention China once in their body, as the shipped
    // EU clauses' French version does.
    site.write(
        "content/laws/clauses.fr.md",
        "---\ntitle: Clauses contractuelles types\nsummary: Transferts vers des pays tiers.\n---\n\nLes exportateurs signent des clauses ; la Chine a ses propres clauses.\n\nLes exportateurs et les importateurs signent les clauses avant que les données personnelles ne quittent le pays, tiennent un registre de chaque transfert, évaluent le droit du pays de destination et suspendent les transferts lorsque l'importateur ne peut plus s'y conformer.\n",
    );
    site.write(
        "content/laws/clauses.ar.md",
        "---\ntitle: البنود التعاقدية النموذجية\nsummary: النقل إلى بلدان ثالثة.\n---\n\nيوقع المصدرون البنود، ولدى الصين بنودها الخاصة.\n\nيوقع المصدرون والمستوردون البنود قبل أن تغادر البيانات الشخصية البلد، ويحتفظون بسجل لكل عملية نقل، ويقيّمون قوانين بلد المقصد، ويعلّقون عمليات النقل عندما يتعذر على المستورد الامتثال.\n",
    );
    site.write(
        "content/laws/clauses.zh.md",
        "---\ntitle: 标准合同条款\nsummary: 向第三国传输。\n---\n\n出口方签署条款；中国有自己的条款。\n\n出口方和进口方在个人数据离开本国之前签署条款，保存每次传输的记录，评估目的地国家的法律，并在进口方无法遵守时暂停传输。\n",
    );
    site.write(
        "content/laws/kenya.md",
        "---\ntitle: Data protection act\nsummary: Kenya's act.\njurisdiction: KEN\nstatus: in-force\n---\n\nRegistration of controllers.\n",
    );
    for (code, name) in [("IND", "India"), ("BRA", "Brazil"), ("JPN", "Japan"), ("USA", "USA")] {
        site.write(
            &format!("content/laws/{}.md", name.to_lowercase()),
            &format!("---\ntitle: {name} data rules\nsummary: Rules on personal data.\njurisdiction: {code}\n---\n\nControllers register and report breaches.\n"),
        );
    }
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    site
}

/// A country's name in another language ranks its records above one whose
/// body says that name twice: names are a `places` field weighted as a
/// summary is, not a word of `meta` among many.
#[test]
fn a_countrys_name_outranks_a_body_that_repeats_it() {
    let site = countries_in_every_language();
    site.write(
        "content/laws/note.md",
        "---\ntitle: Mercosur note\nsummary: Trade notes.\njurisdiction: FRA\n---\n\nLe Brésil et le Brésil. البرازيل والبرازيل.\n",
    );
    assert_eq!(site.run(&["build"]).code, 0);
    for query in ["Brésil", "البرازيل", "brazil"] {
        let (found, notes) = search_json(&site, &[query]);
        assert_eq!(
            found.first().map(String::as_str),
            Some("laws/brazil"),
            "{query}: {found:?} {notes}"
        );
    }
}

/// A country's name as the site's pages show it in any of its languages
/// (CLDR's) finds the records of that country, above a record that only
/// mentions it; and names the country in a filter.
#[test]
fn a_countrys_name_in_any_site_language_finds_its_records_first() {
    let site = countries_in_every_language();
    let china = ["laws/cyber", "laws/pipl"];
    for query in ["Chine", "chine", "الصين", "中国", "China"] {
        let (found, notes) = search_json(&site, &[query]);
        assert_eq!(found.len(), 3, "{query}: {found:?} {notes}");
        let mut first: Vec<&str> = found[..2].iter().map(String::as_str).collect();
        first.sort();
        assert_eq!(first, china, "{query}: {found:?}");
        assert_eq!(found[2], "laws/clauses", "{query}");
    }
    // Kenya in French and Arabic (never in the pages' body text).
    for query in ["Kenya", "كينيا", "肯尼亚"] {
        assert_eq!(search_json(&site, &[query]).0, ["laws/kenya"], "{query}");
    }
    // Filters by those names, as --filter and in the query.
    for args in [
        &["", "--filter", "jurisdiction=Chine"][..],
        &["", "--filter", "jurisdiction=الصين"],
        &["jurisdiction:中国"],
        &["jurisdiction:chine"],
        &["law", "--filter", "jurisdiction=CN"],
    ] {
        let (mut found, notes) = search_json(&site, args);
        found.sort();
        assert_eq!(found, china, "{args:?}: {notes}");
        assert!(!notes.contains("no record has"), "{args:?}: {notes}");
    }
    // Only the site's languages: Russian is none of them.
    let (found, notes) = search_json(&site, &["", "--filter", "jurisdiction=Китай"]);
    assert!(found.is_empty() && notes.contains("no record has"), "{found:?} {notes}");
    // The catalog keeps each name once, and not where it is the label.
    let catalog: serde_json::Value =
        serde_json::from_str(&site.read("index/compendium.json")).expect("catalog");
    let values = &catalog["facets"][0]["values"];
    let chn = values.as_array().unwrap().iter().find(|v| v["value"] == "chn").expect("chn");
    let aliases: Vec<&str> =
        chn["aliases"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
    for name in ["cn", "chine", "الصين", "中国"] {
        assert!(aliases.contains(&name), "{aliases:?}");
    }
    assert!(!aliases.contains(&"china") && !aliases.contains(&"китай"), "{aliases:?}");
}

/// An enum value's label in any site language is a filter value, as its
/// default label is.
#[test]
fn an_enum_values_label_in_any_site_language_filters() {
    let site = countries_in_every_language();
    for filter in ["status=En vigueur", "status=en vigueur", "status=In force", "status=in-force"] {
        let (mut found, notes) = search_json(&site, &["", "--filter", filter]);
        found.sort();
        assert_eq!(found, ["laws/clauses", "laws/cyber", "laws/kenya"], "{filter}: {notes}");
    }
    let (found, notes) = search_json(&site, &["status:Projet"]);
    assert_eq!(found, ["laws/pipl"], "{notes}");
    let (found, notes) = search_json(&site, &["status:\"en vigueur\" jurisdiction:Chine"]);
    assert_eq!(found, ["laws/cyber"], "{notes}");
}

/// A reader without write permission on the index folder (another user,
/// a read-only mount) searches it: tantivy's lock file is not needed
/// where no writer can run. Run where the tests are root and `runuser`
/// can drop to `nobody`; elsewhere there is no such reader to be.
#[test]
fn an_index_the_reader_cannot_write_is_searched() {
    let runuser = std::path::Path::new("/usr/sbin/runuser");
    let root = std::process::Command::new("id").arg("-u").output();
    if !runuser.exists() || !root.is_ok_and(|o| o.stdout.starts_with(b"0\n")) {
        return;
    }
    let site = Site::minimal();
    assert_eq!(site.run(&["build"]).code, 0);
    let chmod = |mode: &str| {
        let done = std::process::Command::new("chmod").args(["-R", mode]).arg(site.path()).status();
        assert!(done.is_ok_and(|s| s.success()));
    };
    chmod("a+rX,a-w");
    let out = std::process::Command::new(runuser)
        .args(["-u", "nobody", "--"])
        .arg(crate::support::bin())
        .arg("--root")
        .arg(site.path())
        .args(["search", "single window"])
        .output()
        .expect("runuser");
    chmod("u+w");
    let (stdout, stderr) =
        (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    // `nobody` may not reach the test binary's folder: then nothing is shown.
    if stderr.contains("Permission denied") && !stderr.contains("index") {
        return;
    }
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stdout.contains("practices/single-window"), "{stdout}");
}

/// A term's label in the site's language is read by that language's rules
/// on a record written in another: a German query's inflected form finds a
/// Swedish record tagged with the term, in both engines (the browser's
/// stems table has the label's words).
#[test]
fn a_default_language_label_on_a_record_in_another_language_is_stemmed_as_its_language() {
    let s = Site::minimal();
    s.write(
        "book.toml",
        "[book]\ntitle = \"T\"\nlanguage = \"de\"\nlanguages = [\"de\", \"sv\"]\n",
    );
    s.write(
        "content/_taxonomies.yaml",
        "topics:\n  title: Themen\n  terms:\n    transfers: {label: Übermittlungen in Drittländer}\n",
    );
    s.write(
        "content/practices/single-window.md",
        "---\ntitle: Dataskyddslag\nsummary: Svensk lag.\nlanguage: sv\narea: customs\ntopics: [transfers]\n---\n\nLagen kompletterar förordningen.\n",
    );
    s.write(
        "content/practices/bdsg.md",
        "---\ntitle: Bundesdatenschutzgesetz\nsummary: Die Übermittlung von Daten.\narea: customs\n---\n\nText.\n",
    );
    assert_eq!(s.run(&["build"]).code, 0);
    // `ue` for `ü`: German's rules read it so, and the word is in a record.
    let r = s.run(&["search", "Uebermittlung", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("practices/bdsg"), "{}", r.stdout);
    assert!(r.stdout.contains("practices/single-window"), "{}", r.stdout);
}

/// An address a record gives (a `url` field, a source's `url`) is a word
/// as written: pasted from a memo, it finds the record, in both engines.
#[test]
fn an_address_a_record_gives_finds_it() {
    let site = Site::minimal();
    site.write(
        "content/practices/portal.md",
        "---\ntitle: Portal\nsummary: A trade portal.\narea: customs\nwebsite: https://portal.example.org/trade/entry?id=7\n---\n\nText.\n",
    );
    site.write("content/sources/_collection.yaml", "title: Sources\nsingular: Source\n");
    site.write(
        "content/sources/report.md",
        "---\ntitle: Report\nsummary: A report.\nyear: 2020\n---\n",
    );
    site.write(
        "content/practices/cited.md",
        "---\ntitle: Cited\nsummary: It cites.\narea: customs\nsources:\n  - ref: sources/report\n    url: https://docs.example.org/report.pdf\n---\n",
    );
    let built = site.run(&["build"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let keys = |q: &str| search_json(&site, &[q]).0;
    assert_eq!(keys("https://portal.example.org/trade/entry?id=7"), ["practices/portal"]);
    assert_eq!(keys("https://docs.example.org/report.pdf"), ["practices/cited"]);
    let Some(node) = crate::browser::tool("node") else { return };
    let requests: Vec<compendium::search::Request> =
        ["https://portal.example.org/trade/entry?id=7", "https://docs.example.org/report.pdf"]
            .iter()
            .map(|q| compendium::search::Request {
                query: (*q).to_owned(),
                limit: 10,
                ..compendium::search::Request::default()
            })
            .collect();
    crate::browser::assert_same_ranking(&node, site.path(), &requests);
}

/// A filter on a facet finds the records of every collection with that
/// field, but only where the field is of the facet's kind: a free-text
/// field of the same name elsewhere is not that facet.
#[test]
fn a_facet_filter_skips_a_same_named_field_of_another_kind() {
    let site = Site::minimal();
    site.write(
        "content/laws/_collection.yaml",
        "title: Laws\nsingular: Law\ndescription: L.\nfacets: [stage]\nfields:\n  stage: {type: enum, values: [draft, final]}\n",
    );
    site.write(
        "content/notes/_collection.yaml",
        "title: Notes\nsingular: Note\ndescription: N.\nfields:\n  stage: {type: text}\n  kind: {type: enum, values: [draft, final]}\n",
    );
    site.write("content/laws/a.md", "---\ntitle: A law\nsummary: S.\nstage: draft\n---\n");
    site.write("content/notes/b.md", "---\ntitle: A note\nsummary: S.\nstage: draft\n---\n");
    let built = site.run(&["build"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    assert_eq!(search_json(&site, &["", "--filter", "stage=draft"]).0, ["laws/a"]);
}

/// A Spanish site with a Portuguese translation whose fields are labelled
/// in both.
pub(crate) fn labelled_fields() -> Site {
    let site = Site::new();
    site.write(
        "book.toml",
        "[book]\ntitle = \"T\"\nlanguage = \"es\"\nlanguages = [\"es\", \"pt\"]\n",
    );
    site.write(
        "content/leyes/_collection.yaml",
        "title: Leyes\nsingular: Ley\ndescription: Leyes.\nsort: title\nfacets: [jurisdiccion, estado]\nfields:\n  jurisdiccion: {type: country, required: true, label: País, translations: {pt: {label: Jurisdição}}}\n  estado:\n    type: enum\n    values: [vigente, derogada]\n    label: Situación\n    translations: {pt: {label: Situação}}\n  vigencia: {type: date, label: Vigencia, translations: {pt: {label: Vigência}}}\n",
    );
    site.write(
        "content/leyes/uno.md",
        "---\ntitle: Ley de datos\nsummary: Datos personales.\njurisdiccion: ARG\nestado: vigente\nvigencia: 2020-01-01\n---\n\nTexto.\n",
    );
    site.write(
        "content/leyes/dos.md",
        "---\ntitle: Ley de comercio\nsummary: Comercio electrónico.\njurisdiccion: BRA\nestado: derogada\nvigencia: 2024-06-01\n---\n\nTexto.\n",
    );
    assert_eq!(site.run(&["build"]).code, 0);
    site
}

/// The label a page shows a field by, in any site language and with or
/// without its accents, names the field in a filter, in `--filter` and in
/// `--sort`; the printed order says the label, not the field's name.
#[test]
fn a_fields_label_in_any_site_language_is_a_filter_name() {
    let site = labelled_fields();
    for args in [
        &["país:BRA"][..],
        &["pais:BRA"],
        &["jurisdição:BRA"],
        &["situação:derogada"],
        &["Situacion:derogada"],
        &["vigência:2024"],
        &["", "--filter", "país=BRA"],
        &["ley -situación:vigente"],
    ] {
        let (found, notes) = search_json(&site, args);
        assert_eq!(found, ["leyes/dos"], "{args:?}: {notes}");
        assert!(!notes.contains("there is no filter"), "{args:?}: {notes}");
    }
    let out = site.run(&["search", "ley", "--sort", "-vigência", "--lang", "pt"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("· Vigência: 2024-06-01"), "{}", out.stdout);
    let out = site.run(&["search", "ley", "--sort", "vigencia"]);
    assert!(out.stdout.contains("· Vigencia: 2020-01-01"), "{}", out.stdout);
    // The browser reads the labels from a file meta.js names, loaded with
    // search/more.js; not from meta.js, which every first search loads.
    let meta = site.read("site/search/meta.js");
    assert!(!meta.contains("situacao") && meta.contains("\"lh\":"), "{meta}");
}

/// A bloc a record is tagged with weighs as a country does: its records
/// come before one whose body only mentions the bloc.
#[test]
fn a_bloc_tag_outranks_a_body_that_mentions_it() {
    let site = Site::new();
    site.write("book.toml", "[book]\ntitle = \"T\"\n");
    site.write(
        "content/_taxonomies.yaml",
        "regions:\n  title: Regions\n  terms:\n    mercosur: {label: Mercosur, members: [ARG, BRA, PRY, URY]}\n",
    );
    site.write(
        "content/laws/_collection.yaml",
        "title: Laws\nsingular: Law\ndescription: Laws.\nsort: title\nfields:\n  jurisdiction: {type: country, required: true}\n",
    );
    site.write(
        "content/laws/panama.md",
        "---\ntitle: Panama data law\nsummary: Personal data in Panama.\njurisdiction: PAN\n---\n\nPanama is not a member of Mercosur.\n",
    );
    site.write(
        "content/laws/brazil.md",
        "---\ntitle: General data protection law\nsummary: Personal data in Brazil.\njurisdiction: BRA\nregions: [mercosur]\n---\n\nControllers, processors and the national authority.\n",
    );
    assert_eq!(site.run(&["build"]).code, 0, "{}", site.run(&["check"]).stderr);
    let (found, notes) = search_json(&site, &["Mercosur"]);
    assert_eq!(found.first().map(String::as_str), Some("laws/brazil"), "{found:?} {notes}");
}

/// `search` answers from the index the last build wrote, and says so when
/// a content file changed since; a file touched without a change, or an
/// index rebuilt, says nothing.
#[test]
fn search_warns_when_the_content_changed_after_the_build() {
    let site = dated_site();
    let quiet = site.run(&["search", "rules"]);
    assert_eq!(quiet.code, 0, "{}", quiet.stderr);
    assert!(!quiet.stderr.contains("warning:"), "{}", quiet.stderr);
    // Same bytes, a newer time: nothing to say.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let path = site.path().join("content/practices/a-customs.md");
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, &text).expect("touch");
    assert!(!site.run(&["search", "rules"]).stderr.contains("warning:"));
    std::fs::write(&path, text.replace("Trade a-customs", "Zebra a-customs")).expect("edit");
    let stale = site.run(&["search", "zebra"]);
    assert_eq!(stale.code, 0, "{}", stale.stderr);
    assert!(
        stale
            .stderr
            .contains("warning: `content/practices/a-customs.md` changed after the last build")
            && stale.stderr.contains("run `compendium build`"),
        "{}",
        stale.stderr
    );
    assert_eq!(site.run(&["build"]).code, 0);
    let fresh = site.run(&["search", "zebra"]);
    assert!(
        !fresh.stderr.contains("warning:") && fresh.stdout.contains("a-customs"),
        "{}",
        fresh.stderr
    );
}

/// A record is found by what it is, its collection's singular in any site
/// language: `practices on single windows` finds the practice whose text
/// never says "practice" (it found only records that did), and the
/// French singular finds it too.
#[test]
fn a_record_is_found_by_its_collections_singular() {
    let site = Site::minimal();
    site.write("book.toml", "[book]\ntitle = \"T\"\nlanguages = [\"en\", \"fr\"]\n");
    site.write(
        "content/practices/_collection.yaml",
        "title: Practices\nsingular: Practice\ntranslations: {fr: {title: Pratiques, singular: Pratique}}\nfields:\n  area: {type: enum, values: [customs, payments]}\n",
    );
    site.write(
        "content/practices/other.md",
        "---\ntitle: Window cleaning\nsummary: Glass panes.\n---\n\nA window.\n",
    );
    site.write(
        "content/regulations/_collection.yaml",
        "title: Regulations\nsingular: Regulation\nfields: {}\n",
    );
    // The law says "single window" more: without the singular, the
    // practice's missing word was dropped and the law came first.
    site.write(
        "content/practices/single-window.md",
        "---\ntitle: Trade portal\nsummary: One place to lodge trade documents.\n---\n\nA single window lets traders submit documents once.\n",
    );
    site.write(
        "content/regulations/window-law.md",
        "---\ntitle: Single window law\nsummary: The single window for all trade documents.\n---\n\nA single window for trade. The single window is run by customs.\n",
    );
    let built = site.run(&["build"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let keys = cli_keys(&site, "practices on single windows", &[], "", 10);
    assert_eq!(keys.first().map(String::as_str), Some("practices/single-window"), "{keys:?}");
    let fr = cli_keys(&site, "pratiques guichet single window", &[], "", 10);
    assert_eq!(fr.first().map(String::as_str), Some("practices/single-window"), "{fr:?}");
}
