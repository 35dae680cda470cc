//! What feed readers and crawlers read: Atom ids with and without
//! `base-url` (and `[book] id`), the warning about relative feed links,
//! which records the feed picks when many share a date, sitemap
//! `lastmod`, and `robots.txt` (ours, or the theme's). Every feed and
//! sitemap is parsed as XML.

use std::collections::BTreeMap;

use compendium::serve::engine::{ChangeKind, Engine};

use crate::support::{Site, snapshot};

const ATOM: &str = "http://www.w3.org/2005/Atom";
const SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

#[track_caller]
fn built(s: &Site) -> crate::support::Run {
    let r = s.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r
}

/// [`Site::minimal`] with its record dated: a record with no date is no
/// feed entry.
fn dated() -> Site {
    let s = Site::minimal();
    let path = "content/practices/single-window.md";
    s.write(path, &s.read(path).replace("area: customs\n", "area: customs\nupdated: 2026-01-02\n"));
    s
}

/// A parsed Atom feed: its id, and each entry's id and title in order.
struct Feed {
    id: String,
    entries: Vec<(String, String)>,
}

#[track_caller]
fn feed(s: &Site, rel: &str) -> Feed {
    let text = s.read(rel);
    let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{rel}: {e}\n{text}"));
    let root = doc.root_element();
    assert!(root.has_tag_name((ATOM, "feed")), "{text}");
    let child = |n: roxmltree::Node, name: &str| {
        n.children()
            .find(|c| c.has_tag_name((ATOM, name)))
            .and_then(|c| c.text())
            .unwrap_or_else(|| panic!("no <{name}> in {text}"))
            .to_owned()
    };
    for name in ["title", "id", "updated"] {
        let _ = child(root, name);
    }
    let entries: Vec<(String, String)> = root
        .children()
        .filter(|c| c.has_tag_name((ATOM, "entry")))
        .map(|e| (child(e, "id"), child(e, "title")))
        .collect();
    Feed { id: child(root, "id"), entries }
}

/// A parsed sitemap: `loc` → `lastmod` (None when it has none), checking
/// that `lastmod` comes right after `loc` as the sitemaps.org schema asks.
#[track_caller]
fn sitemap(s: &Site, rel: &str) -> BTreeMap<String, Option<String>> {
    let text = s.read(rel);
    let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{rel}: {e}\n{text}"));
    let root = doc.root_element();
    assert!(root.has_tag_name((SITEMAP, "urlset")), "{text}");
    root.children()
        .filter(|n| n.is_element())
        .map(|url| {
            assert!(url.has_tag_name((SITEMAP, "url")), "{text}");
            let kids: Vec<roxmltree::Node> = url.children().filter(|n| n.is_element()).collect();
            assert!(kids[0].has_tag_name((SITEMAP, "loc")), "{text}");
            let lastmod = kids.get(1).filter(|n| n.has_tag_name((SITEMAP, "lastmod")));
            for later in kids.iter().skip(2) {
                assert!(!later.has_tag_name((SITEMAP, "lastmod")), "{text}");
            }
            (
                kids[0].text().unwrap_or_default().to_owned(),
                lastmod.and_then(|n| n.text()).map(str::to_owned),
            )
        })
        .collect()
}

#[test]
fn without_base_url_feed_ids_name_the_site_and_the_language() {
    let s = dated();
    s.write("book.toml", "[book]\ntitle = \"Trade Rules: A Compendium\"\n");
    built(&s);
    let f = feed(&s, "site/feed.xml");
    assert_eq!(f.id, "urn:compendium:trade-rules-a-compendium:en");
    assert_eq!(
        f.entries,
        [(
            "urn:compendium:trade-rules-a-compendium:en:practices:single-window".to_owned(),
            "Single window".to_owned()
        )]
    );
    // Another site (another title) has other ids; the same site keeps its
    // ids from build to build.
    let first = s.read("site/feed.xml");
    assert_eq!(s.run(&["build", "--force"]).code, 0);
    assert_eq!(s.read("site/feed.xml"), first);
    let other = dated();
    other.write("book.toml", "[book]\ntitle = \"Data Flows\"\n");
    built(&other);
    assert_eq!(feed(&other, "site/feed.xml").id, "urn:compendium:data-flows:en");

    // `[book] id` names the site instead, and each language's feed has
    // its own ids; a title in another script still gives valid ids.
    s.write(
        "book.toml",
        "[book]\ntitle = \"数字贸易汇编\"\nid = \"dtc\"\nlanguages = [\"en\", \"zh\"]\n",
    );
    built(&s);
    let en = feed(&s, "site/feed.xml");
    let zh = feed(&s, "site/zh/feed.xml");
    assert_eq!(en.id, "urn:compendium:dtc:en");
    assert_eq!(zh.id, "urn:compendium:dtc:zh");
    assert_eq!(zh.entries[0].0, "urn:compendium:dtc:zh:practices:single-window");
    s.write("book.toml", "[book]\ntitle = \"数字贸易汇编\"\n");
    built(&s);
    let id = feed(&s, "site/feed.xml").id;
    assert!(id.starts_with("urn:compendium:%E6%95%B0"), "{id}");
    assert!(id.bytes().all(|b| b.is_ascii_alphanumeric() || b":%-".contains(&b)), "{id}");
}

#[test]
fn a_record_is_dated_by_its_collections_dates_or_left_out() {
    let s = Site::minimal();
    s.write(
        "content/practices/adopted.md",
        "---\ntitle: Adopted\nsummary: Dated by its own field.\narea: payments\nadopted: 2024-05-06\n---\n",
    );
    built(&s);
    let text = s.read("site/feed.xml");
    let f = feed(&s, "site/feed.xml");
    // The undated record is no entry (a reader would date it 1970).
    assert_eq!(f.entries.iter().map(|e| e.1.as_str()).collect::<Vec<_>>(), ["Adopted"], "{text}");
    assert!(text.contains("<updated>2024-05-06T00:00:00Z</updated>"), "{text}");
    assert!(!text.contains("1970"), "{text}");
}

#[test]
fn with_base_url_feed_ids_are_the_urls_as_before() {
    let s = dated();
    s.write(
        "book.toml",
        "[book]\ntitle = \"Test\"\nid = \"ignored-here\"\nbase-url = \"https://example.org/kb\"\nlanguages = [\"en\", \"fr\"]\n",
    );
    built(&s);
    let en = feed(&s, "site/feed.xml");
    assert_eq!(en.id, "https://example.org/kb/");
    assert_eq!(en.entries[0].0, "https://example.org/kb/practices/single-window/");
    let fr = feed(&s, "site/fr/feed.xml");
    assert_eq!(fr.id, "https://example.org/kb/fr/");
    assert_eq!(fr.entries[0].0, "https://example.org/kb/fr/practices/single-window/");
}

#[test]
fn a_bad_site_id_is_an_error_at_its_key() {
    let s = Site::minimal();
    s.write("book.toml", "[book]\ntitle = \"Test\"\n  id = \"My KB\"\n");
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("book.toml:3:3: error: `My KB` is not a valid site id"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("help: use at most 64 lower-case letters"), "{}", r.stderr);
    let long = "a".repeat(65);
    s.write("book.toml", &format!("[book]\nid = \"{long}\"\n"));
    assert_eq!(s.run(&["check"]).code, 1);
    // A base-url with a line break would start a new rule in robots.txt.
    s.write("book.toml", "[book]\nbase-url = \"https://example.org/a\\nDisallow: /\"\n");
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("book.toml:2:1: error: base-url"), "{}", r.stderr);
}

#[test]
fn check_and_build_warn_that_a_feed_without_base_url_has_relative_links() {
    let s = dated();
    s.write("book.toml", "# The test site.\n[book]\ntitle = \"Test\"\n");
    let r = s.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.errors(),
        ["book.toml:2:1: warning: `base-url` is not set: the links in the feeds are relative, \
          which most feed readers cannot follow, and no sitemap.xml or robots.txt is written"],
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("help: set `base-url` in [book]"), "{}", r.stderr);
    assert!(r.stderr.contains("check passed: 1 record, 1 warning(s)"), "{}", r.stderr);
    let b = built(&s);
    assert_eq!(b.errors().len(), 1, "{}", b.stderr);
    // A relative link, resolved against the feed's own address.
    assert!(
        s.read("site/feed.xml").contains("<link href=\"practices/single-window/index.html\"/>")
    );

    // With base-url, or with no records to put in a feed: no warning.
    s.write("book.toml", "[book]\ntitle = \"Test\"\nbase-url = \"https://example.org/\"\n");
    let r = s.run(&["check"]);
    assert!(r.errors().is_empty(), "{}", r.stderr);
    let empty = Site::new();
    let r = empty.run(&["check"]);
    assert!(r.errors().is_empty(), "{}", r.stderr);

    // A multilingual site is told its hreflang alternates are relative too.
    s.write("book.toml", "[book]\ntitle = \"Test\"\nlanguages = [\"en\", \"fr\"]\n");
    let r = s.run(&["check"]);
    assert_eq!(r.errors().len(), 1, "{}", r.stderr);
    assert!(
        r.errors()[0]
            .ends_with("hreflang alternates are relative too, which search engines ignore"),
        "{}",
        r.stderr
    );
}

/// A site where every record was updated the same day: `notes` has no
/// date fields, `rules` declares `adopted` and `in_force`.
fn same_day_site(notes: usize) -> Site {
    let s = Site::new();
    s.write("content/notes/_collection.yaml", "title: Notes\nsingular: Note\n");
    s.write(
        "content/rules/_collection.yaml",
        "title: Rules\nsingular: Rule\nfields:\n  adopted: {type: date}\n  in_force: {type: date}\n",
    );
    // Titles sort the other way round from the ids.
    for i in 0..notes {
        s.write(
            &format!("content/notes/n{i:03}.md"),
            &format!(
                "---\ntitle: Note {:03}\nsummary: A note.\nupdated: 2024-05-01\n---\n",
                notes - i
            ),
        );
    }
    let rule = |id: &str, title: &str, extra: &str| {
        s.write(
            &format!("content/rules/{id}.md"),
            &format!("---\ntitle: {title}\nsummary: A rule.\nupdated: 2024-05-01\n{extra}---\n"),
        );
    };
    rule("r1", "Rule old", "adopted: 2019-01-01\n");
    rule("r2", "Rule new", "adopted: 2023-06-01\n");
    rule("r3", "Rule same day, later in force", "adopted: 2023-06-01\nin_force: 2024-01-01\n");
    rule("r4", "Rule undated", "");
    s
}

#[test]
fn the_feed_breaks_ties_on_updated_by_declared_dates_then_title() {
    let s = same_day_site(60);
    // One record updated later than all the rest comes first whatever its dates.
    s.write(
        "content/notes/latest.md",
        "---\ntitle: Zzz latest\nsummary: Newest.\nupdated: 2024-06-01\n---\n",
    );
    built(&s);
    let f = feed(&s, "site/feed.xml");
    let titles: Vec<&str> = f.entries.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(titles.len(), 50);
    assert_eq!(
        titles[..5],
        ["Zzz latest", "Rule same day, later in force", "Rule new", "Rule old", "Note 001"]
    );
    // Undated records after the dated ones, by title (not by id or
    // collection): the notes' ids run the other way.
    assert_eq!(titles[49], "Note 046");
    assert!(!titles.contains(&"Rule undated"), "{titles:?}");
    // With fewer records than the feed holds, every one, in the same order.
    let small = same_day_site(3);
    built(&small);
    let titles: Vec<String> =
        feed(&small, "site/feed.xml").entries.into_iter().map(|e| e.1).collect();
    assert_eq!(
        titles,
        [
            "Rule same day, later in force",
            "Rule new",
            "Rule old",
            "Note 001",
            "Note 002",
            "Note 003",
            "Rule undated"
        ]
    );
}

#[test]
fn sitemaps_give_each_page_the_date_of_the_newest_record_it_shows() {
    let s = Site::minimal();
    s.write(
        "book.toml",
        "[book]\ntitle = \"Test\"\nbase-url = \"https://example.org/kb/\"\nlanguages = [\"en\", \"fr\"]\n",
    );
    s.write(
        "content/practices/single-window.md",
        "---\ntitle: Single window\nsummary: One place.\narea: customs\ntopics: [trade]\ncountries: [KEN]\nupdated: 2024-03-05\n---\n",
    );
    s.write(
        "content/practices/old-rule.md",
        "---\ntitle: Old rule\nsummary: Older.\narea: payments\ntopics: [trade]\ncountries: [european-union]\ndate: 2021-02-03\n---\n",
    );
    s.write(
        "content/practices/undated.md",
        "---\ntitle: Undated\nsummary: No date.\narea: payments\n---\n",
    );
    built(&s);
    let base = "https://example.org/kb/";
    for (prefix, file) in [("", "site/sitemap.xml"), ("fr/", "site/fr/sitemap.xml")] {
        let map = sitemap(&s, file);
        let at = |path: &str| {
            map.get(&format!("{base}{prefix}{path}"))
                .unwrap_or_else(|| panic!("{path} not in {file}: {map:?}"))
                .as_deref()
        };
        // Record pages in the languages the records are written in only
        // (a French page of an English record names the English one as
        // canonical).
        if prefix.is_empty() {
            assert_eq!(at("practices/single-window/"), Some("2024-03-05"));
            // `date` when there is no `updated`.
            assert_eq!(at("practices/old-rule/"), Some("2021-02-03"));
            assert_eq!(at("practices/undated/"), None);
        } else {
            assert!(!map.keys().any(|k| k.contains("/fr/practices/single-window/")), "{map:?}");
        }
        for page in ["", "practices/", "topics/", "topics/trade/", "countries/"] {
            assert_eq!(at(page), Some("2024-03-05"), "{page}");
        }
        // A country and a bloc's term page show only the older record.
        assert_eq!(at("countries/fra/"), Some("2021-02-03"));
        assert_eq!(at("regions/european-union/"), Some("2021-02-03"));
        assert_eq!(at("countries/ken/"), Some("2024-03-05"));
        assert_eq!(at("search/"), None);
    }
    let index = s.read("site/sitemap-index.xml");
    assert!(
        index.contains(
            "<sitemap><loc>https://example.org/kb/fr/sitemap.xml</loc><lastmod>2024-03-05</lastmod></sitemap>"
        ),
        "{index}"
    );
}

#[test]
fn robots_txt_points_at_the_sitemap_only_with_base_url() {
    let s = Site::minimal();
    built(&s);
    assert!(!s.path().join("site/robots.txt").exists());

    s.write("book.toml", "[book]\ntitle = \"Test\"\nbase-url = \"https://example.org/kb\"\n");
    built(&s);
    assert_eq!(
        s.read("site/robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://example.org/kb/sitemap.xml\n"
    );
    // A multilingual site names its sitemap index, which names the rest.
    s.write(
        "book.toml",
        "[book]\ntitle = \"Test\"\nbase-url = \"https://example.org/\"\nlanguages = [\"en\", \"ar\"]\n",
    );
    built(&s);
    assert_eq!(
        s.read("site/robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://example.org/sitemap-index.xml\n"
    );
    assert!(s.path().join("site/sitemap-index.xml").is_file());
}

#[test]
fn a_robots_txt_in_the_theme_is_kept_instead_of_ours() {
    let s = Site::minimal();
    let theirs = "User-agent: *\nDisallow: /drafts/\n";
    s.write("themes/own/robots.txt", theirs);
    for book in [
        "[book]\ntitle = \"Test\"\nbase-url = \"https://example.org/\"\n[build]\ntheme = \"own\"\n",
        "[book]\ntitle = \"Test\"\n[build]\ntheme = \"own\"\n",
    ] {
        s.write("book.toml", book);
        built(&s);
        assert_eq!(s.read("site/robots.txt"), theirs, "{book}");
    }
}

#[test]
fn serve_rewrites_feeds_sitemaps_and_robots_as_a_fresh_build_would() {
    let s = Site::minimal();
    s.write(
        "book.toml",
        "[book]\ntitle = \"Test\"\nbase-url = \"https://example.org/\"\nlanguages = [\"en\", \"fr\"]\n[build]\ntheme = \"own\"\n",
    );
    s.write(
        "themes/own/404.html",
        "{% extends \"base.html\" %}{% block main %}404{% endblock main %}",
    );
    let root = s.path();
    let (mut engine, outcome) = Engine::start(root);
    assert!(!outcome.has_errors(), "{:?}", outcome.diagnostics);

    // A record's date: its page's lastmod, the listing's, the feed.
    let record = root.join("content/practices/single-window.md");
    s.write(
        "content/practices/single-window.md",
        &s.read("content/practices/single-window.md")
            .replace("---\n\n", "updated: 2025-01-02\n---\n\n"),
    );
    let o = engine.apply(&[ChangeKind::Record(record)]);
    assert!(!o.has_errors(), "{:?}", o.diagnostics);
    assert!(s.read("site/fr/sitemap.xml").contains("<lastmod>2025-01-02</lastmod>"));
    same_as_fresh(&s, "a record's date");

    // The theme's own robots.txt replaces ours, and ours comes back.
    let theirs = root.join("themes/own/robots.txt");
    s.write("themes/own/robots.txt", "User-agent: *\nDisallow: /\n");
    let o = engine.apply(&[ChangeKind::Template(theirs.clone())]);
    assert!(!o.has_errors(), "{:?}", o.diagnostics);
    assert_eq!(s.read("site/robots.txt"), "User-agent: *\nDisallow: /\n");
    same_as_fresh(&s, "a theme robots.txt added");
    std::fs::remove_file(&theirs).expect("remove");
    engine.apply(&[ChangeKind::Template(theirs)]);
    assert!(s.read("site/robots.txt").contains("Sitemap: https://example.org/sitemap-index.xml"));
    same_as_fresh(&s, "a theme robots.txt removed");

    // Without base-url: no robots.txt or sitemaps, URN ids.
    s.write(
        "book.toml",
        "[book]\ntitle = \"Test\"\nlanguages = [\"en\", \"fr\"]\n[build]\ntheme = \"own\"\n",
    );
    let o = engine.apply(&[ChangeKind::Config]);
    assert!(!o.has_errors(), "{:?}", o.diagnostics);
    assert!(o.removed.iter().any(|p| p == "robots.txt"), "{:?}", o.removed);
    assert!(s.read("site/fr/feed.xml").contains("<id>urn:compendium:test:fr</id>"));
    same_as_fresh(&s, "base-url removed");
}

/// The build folder of `s` equals a fresh `build` of a copy of its
/// content, configuration and theme.
#[track_caller]
fn same_as_fresh(s: &Site, what: &str) {
    let fresh = Site::new();
    crate::support::copy_dir(&s.path().join("content"), &fresh.path().join("content"));
    crate::support::copy_dir(&s.path().join("themes"), &fresh.path().join("themes"));
    fresh.write("book.toml", &s.read("book.toml"));
    built(&fresh);
    let (got, want) = (snapshot(&s.path().join("site")), snapshot(&fresh.path().join("site")));
    assert_eq!(got.keys().collect::<Vec<_>>(), want.keys().collect::<Vec<_>>(), "{what}");
    for (path, bytes) in &want {
        assert!(got.get(path) == Some(bytes), "{what}: `{path}` differs from a fresh build");
    }
}
