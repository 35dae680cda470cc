//! Both engines alike on what a search-quality test of a French, Spanish
//! and Russian site found apart: a Russian word typed with `е` for the
//! records' `ё` (`елка` for `ёлка`), near spellings from a stem no record
//! holds (`отчетность`), text stored decomposed (NFD, as macOS tools and
//! PDF copies write it), and phrases between typographic quotation marks.

use compendium::search::{Engine, Request};

use crate::browser::{assert_same_ranking, tool};
use crate::support::Site;

fn request(query: &str, lang: &str) -> Request {
    Request {
        query: query.to_owned(),
        limit: 10,
        lang: Some(lang.to_owned()),
        ..Request::default()
    }
}

/// The keys of the hits of `query` in `lang`, best first.
fn keys_of(engine: &Engine, query: &str, lang: &str) -> Vec<String> {
    engine.search(&request(query, lang)).expect("search").hits.into_iter().map(|h| h.key).collect()
}

fn site() -> Site {
    let site = Site::minimal();
    site.write(
        "book.toml",
        "[book]\ntitle = \"T\"\nlanguage = \"fr\"\nlanguages = [\"fr\", \"es\", \"ru\"]\n",
    );
    site.write(
        "content/practices/yolka.md",
        "---\ntitle: Цифровая ёлка\nlanguage: ru\nsummary: Акция к украшению школьной ёлки. Участники получают отчёт о привычках.\narea: customs\n---\n",
    );
    site.write(
        "content/practices/otchety.md",
        "---\ntitle: Подготовка отчётов\nlanguage: ru\nsummary: Обучение и подготовка отчётов о передаче данных; их безопасность и ответственность.\narea: customs\n---\n",
    );
    site.write(
        "content/practices/nfd.md",
        "---\ntitle: \"Se\u{301}curite\u{301} des e\u{301}changes des E\u{301}tats co\u{302}tiers\"\nlanguage: fr\nsummary: \"Un guide publie\u{301} cet e\u{301}te\u{301}.\"\narea: customs\n---\n",
    );
    site.write(
        "content/practices/donnees.md",
        "---\ntitle: La protection des données\nlanguage: fr\nsummary: Protection des données personnelles et données de protection civile.\narea: customs\n---\n",
    );
    assert_eq!(site.run(&["build"]).code, 0);
    site
}

#[test]
fn both_engines_find_e_for_yo_near_stems_decomposed_text_and_quoted_phrases() {
    let Some(node) = tool("node") else { return };
    let site = site();
    let requests: Vec<Request> = [
        ("елка", "ru"),
        ("елки", "ru"),
        ("ёлкой", "ru"),
        ("елкой", "ru"),
        ("Ёлка", "ru"),
        ("отчетность", "ru"),
        ("отчётность", "ru"),
        ("sécurité", "fr"),
        ("été", "fr"),
        ("États côtiers", "fr"),
        ("\"protection des données\"", "fr"),
        ("«protection des données»", "fr"),
        ("« protection des données »", "fr"),
        ("“protection des données”", "fr"),
        ("„protection des données“", "fr"),
        ("«données protection»", "fr"),
        ("-«protection civile» données", "fr"),
    ]
    .iter()
    .map(|(q, l)| request(q, l))
    .collect();
    assert_same_ranking(&node, site.path(), &requests);
    let engine = Engine::open(&site.path().join("index")).expect("open index");
    let keys = |q: &str, l: &str| keys_of(&engine, q, l);
    for q in ["елка", "елки", "елкой", "ёлкой"] {
        assert_eq!(keys(q, "ru"), ["practices/yolka"], "{q}");
    }
    let near = engine.search(&request("отчетность", "ru")).expect("search");
    assert_eq!(near.hits.len(), 2, "{:?}", near.notes);
    assert!(near.notes.iter().any(|n| n.contains("near spellings")), "{:?}", near.notes);
    for q in ["sécurité", "été", "États côtiers"] {
        assert_eq!(keys(q, "fr"), ["practices/nfd"], "{q}");
    }
    let said = engine.search(&request("côtiers", "fr")).expect("search");
    assert!(said.notes.is_empty(), "{:?}", said.notes);
    // Typographic quotes make a phrase as `"` does: not the words in
    // another order, and an excluded phrase leaves its records out.
    for q in ["«protection des données»", "“protection des données”", "„protection des données“"]
    {
        assert_eq!(keys(q, "fr"), keys("\"protection des données\"", "fr"), "{q}");
    }
    assert_eq!(keys("«protection des données»", "fr"), ["practices/donnees"]);
    assert!(keys("«données protection»", "fr").is_empty());
    assert!(keys("-«protection civile» données", "fr").is_empty());
}

/// An enum value's label in each site language is a word of the record:
/// `abrogé` finds the `repealed` record as `repealed` does, in both
/// engines (an analyst on a French site typed the label the pages show).
#[test]
fn enum_labels_in_every_language_are_found_in_both_engines() {
    let Some(node) = tool("node") else { return };
    let site = Site::new();
    site.write("book.toml", "[book]\ntitle = \"T\"\nlanguages = [\"en\", \"fr\"]\n");
    site.write(
        "content/laws/_collection.yaml",
        "title: Laws\nsingular: Law\ndescription: Laws.\nsort: title\nfacets: [status]\nfields:\n  status: {type: enum, values: [in-force, repealed], value-labels: {in-force: In force}, translations: {fr: {label: Statut, values: {in-force: En vigueur, repealed: Abrogé}}}}\n",
    );
    site.write("content/laws/old.yaml", "title: Old transfer law\nsummary: s\nstatus: repealed\n");
    site.write("content/laws/new.yaml", "title: New transfer law\nsummary: s\nstatus: in-force\n");
    assert_eq!(site.run(&["build"]).code, 0);
    let requests: Vec<Request> =
        [("abrogé", "fr"), ("abrogée", "fr"), ("vigueur", "fr"), ("repealed", "en")]
            .iter()
            .map(|(q, l)| request(q, l))
            .collect();
    assert_same_ranking(&node, site.path(), &requests);
    let engine = Engine::open(&site.path().join("index")).expect("open index");
    let keys = |q: &str, l: &str| keys_of(&engine, q, l);
    assert_eq!(keys("abrogé", "fr"), ["laws/old"]);
    assert_eq!(keys("vigueur", "fr"), ["laws/new"]);
    assert_eq!(keys("repealed", "en"), ["laws/old"]);
}
