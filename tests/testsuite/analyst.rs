//! What a policy analyst asks of a built site, in both search engines:
//! a country by the name English writers use, a member of a bloc sent to
//! where the bloc's own law sits, listings in the reader's alphabet.

use compendium::search::{Engine, Request};

use crate::browser::{assert_same_ranking, tool};
use crate::support::Site;

/// Rules of three countries and of a bloc, and one record tagged with the
/// bloc as a region: the bloc's law sits under `jurisdiction`.
fn rules_site(languages: &str) -> Site {
    let site = Site::minimal();
    site.write("book.toml", &format!("[book]\ntitle = \"T\"\nlanguages = [{languages}]\n"));
    site.write(
        "content/rules/_collection.yaml",
        "title: Rules\nsingular: Rule\ndescription: Rules.\nfacets: [regions, jurisdiction]\nfields:\n  jurisdiction: {type: country, required: true}\n  regions: {type: list, of: {type: term, taxonomy: regions}}\n",
    );
    for (id, title, j) in [
        ("tur", "Personal data law", "TUR"),
        ("vnm", "Cybersecurity decree", "VNM"),
        ("gbr", "Data protection act", "GBR"),
        ("eu-one", "Data regulation", "european-union"),
        ("eu-two", "Data act", "european-union"),
    ] {
        site.write(
            &format!("content/rules/{id}.md"),
            &format!("---\ntitle: {title}\nsummary: Rules.\njurisdiction: {j}\n---\n\nTransfers of data.\n"),
        );
    }
    site.write(
        "content/rules/forum.md",
        "---\ntitle: Forum\nsummary: A forum.\njurisdiction: KEN\nregions: [european-union]\n---\n\nA forum.\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    site
}

#[test]
fn everyday_country_names_find_the_countrys_records_in_both_engines() {
    let site = rules_site("\"en\"");
    let engine = Engine::open(&site.path().join("index")).expect("open index");
    for (query, want) in [
        ("Turkey", "rules/tur"),
        ("Viet Nam", "rules/vnm"),
        ("Vietnam", "rules/vnm"),
        ("UK", "rules/gbr"),
    ] {
        let got = engine
            .search(&Request { query: query.into(), limit: 10, ..Request::default() })
            .expect("search");
        assert_eq!(
            got.hits.first().map(|h| h.key.as_str()),
            Some(want),
            "{query}: {:?}",
            got.notes
        );
    }
    // `America` names more than the United States: not a place of its records.
    assert!(!compendium::core::countries::places_names("USA").any(|n| n == "america"));
    let Some(node) = tool("node") else { return };
    let requests: Vec<Request> = ["Turkey", "Viet Nam", "Germany", "Germany data"]
        .iter()
        .map(|q| Request { query: (*q).into(), limit: 10, ..Request::default() })
        .collect();
    assert_same_ranking(&node, site.path(), &requests);
}

#[test]
fn a_member_is_sent_to_the_field_that_holds_its_blocs_records() {
    let site = rules_site("\"en\"");
    let engine = Engine::open(&site.path().join("index")).expect("open index");
    let got = engine
        .search(&Request { query: "Germany".into(), limit: 10, ..Request::default() })
        .expect("search");
    // The records of the bloc's own law, not the one tagged with the bloc
    // as a region (the forum, jurisdiction KEN).
    let mut keys: Vec<&str> = got.hits.iter().map(|h| h.key.as_str()).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["rules/eu-one", "rules/eu-two"], "{:?}", got.notes);
    assert!(
        got.notes.contains(
            &"no record contains `Germany`; showing the records of what it is a member of: \
              European Union (jurisdiction:european-union)"
                .to_owned()
        ),
        "{:?}",
        got.notes
    );
    // With other words, within those records; a two-letter code stays a word.
    let got = engine
        .search(&Request { query: "Germany forum".into(), limit: 10, ..Request::default() })
        .expect("search");
    assert!(got.hits.is_empty(), "{:?}", got.hits);
    let got = engine
        .search(&Request { query: "data DE".into(), limit: 10, ..Request::default() })
        .expect("search");
    assert!(!got.notes.iter().any(|n| n.contains("member")), "{:?}", got.notes);
}

#[test]
fn listings_and_term_lists_follow_the_default_languages_collation() {
    let site = Site::minimal();
    site.write("book.toml", "[book]\ntitle = \"T\"\nlanguage = \"zh\"\n");
    site.write(
        "content/_taxonomies.yaml",
        "topics:\n  title: 主题\n  terms:\n    a-trade: {label: 贸易}\n    b-customs: {label: 海关}\n    c-data: {label: 数据}\n",
    );
    site.write("content/practices/single-window.md", "---\ntitle: 中国单一窗口\nsummary: 摘要。\narea: customs\ntopics: [a-trade, b-customs, c-data]\n---\n\n正文。\n");
    site.write(
        "content/practices/beijing.md",
        "---\ntitle: 北京通关\nsummary: 摘要。\narea: customs\n---\n\n正文。\n",
    );
    site.write(
        "content/practices/shanghai.md",
        "---\ntitle: 上海港\nsummary: 摘要。\narea: customs\n---\n\n正文。\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let order = |page: &str, words: &[&'static str]| -> Vec<&'static str> {
        let html = site.read(page);
        // The page's own list, not its description in <head>.
        let html = &html[html.find("<main").unwrap_or(0)..];
        let mut at: Vec<(usize, &'static str)> =
            words.iter().map(|w| (html.find(w).unwrap_or(usize::MAX), *w)).collect();
        at.sort();
        at.into_iter().map(|(_, w)| w).collect()
    };
    // Pinyin: běi, shàng, zhōng; hǎi, mào, shù.
    assert_eq!(
        order("site/practices/index.html", &["中国单一窗口", "北京通关", "上海港"]),
        ["北京通关", "上海港", "中国单一窗口"]
    );
    assert_eq!(
        order("site/topics/index.html", &["贸易", "海关", "数据"]),
        ["海关", "贸易", "数据"]
    );
}
