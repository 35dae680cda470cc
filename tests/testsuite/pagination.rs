//! Pagination (`[build] paginate`): listings, term, country and record
//! pages split into `…/page/N/index.html`, in order, with a pager whose
//! links resolve from disk; `paginate = 0` and bad values; the pages of
//! other languages; the listing's filters without JavaScript and, in
//! headless Chromium, across every page through the search page.

use std::path::Path;

use crate::support::Site;

/// The minimal site plus `n` practices (`Practice 01`…, alternately
/// `customs` and `payments`, each citing `single-window` in `basis`), with
/// `paginate` set when given (on line 6 of book.toml when `extra_book` is
/// empty).
fn site(n: usize, paginate: Option<&str>, extra_book: &str) -> Site {
    let s = Site::minimal();
    // Unminified, so that the tests read the markup as the theme writes it.
    let paginate = paginate.map(|p| format!("paginate = {p}\n")).unwrap_or_default();
    let book =
        format!("[book]\ntitle = \"Test\"\n{extra_book}\n[build]\nminify = false\n{paginate}");
    s.write("book.toml", &book);
    for i in 1..=n {
        let area = if i % 2 == 0 { "payments" } else { "customs" };
        s.write(
            &format!("content/practices/p{i:02}.md"),
            &format!(
                "---\ntitle: Practice {i:02}\nsummary: Number {i}.\narea: {area}\ntopics: [trade]\ncountries: [KEN]\nbasis: [single-window]\n---\nText.\n"
            ),
        );
    }
    s
}

fn built(s: &Site) {
    let run = s.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// The titles of the record items of a built page, in order.
fn titles(html: &str) -> Vec<String> {
    html.split("class=\"record-item-title\"")
        .skip(1)
        .filter_map(|part| {
            let a = part.find("<a ")?;
            let start = a + part[a..].find('>')? + 1;
            let end = start + part[start..].find("</a>")?;
            Some(part[start..end].to_owned())
        })
        .collect()
}

/// Every page of `first` (a path like `practices/index.html`) in order.
fn page_files(s: &Site, first: &str) -> Vec<String> {
    let folder = first.strip_suffix("index.html").unwrap_or(first);
    let mut out = vec![first.to_owned()];
    for n in 2.. {
        let p = format!("{folder}page/{n}/index.html");
        if !s.path().join("site").join(&p).is_file() {
            break;
        }
        out.push(p);
    }
    out
}

fn expected(n: usize) -> Vec<String> {
    let mut all: Vec<String> = (1..=n).map(|i| format!("Practice {i:02}")).collect();
    all.push("Single window".into());
    all
}

#[test]
fn pages_hold_every_record_in_order_and_no_more_than_paginate() {
    let s = site(10, Some("3"), "");
    built(&s);
    // 11 practices: pages of 3, 3, 3 and 2, for the listing, the term and
    // the country; `single-window` is cited by 10, so its links are paged.
    for first in ["practices/index.html", "topics/trade/index.html", "countries/ken/index.html"] {
        let pages = page_files(&s, first);
        assert_eq!(pages.len(), 4, "{first}: {pages:?}");
        let mut all = Vec::new();
        for p in &pages {
            let t = titles(&s.read(&format!("site/{p}")));
            assert!(!t.is_empty() && t.len() <= 3, "{p}: {t:?}");
            all.extend(t);
        }
        assert_eq!(all, expected(10), "{first}");
        let second = s.read(&format!("site/{}", pages[1]));
        assert!(second.contains("Page 2 of 4"), "{}", pages[1]);
        assert!(
            second.contains("<meta name=\"description\" content=\"Page 2 of 4: "),
            "{}",
            pages[1]
        );
    }
    let pages = page_files(&s, "practices/single-window/index.html");
    assert_eq!(pages.len(), 4, "{pages:?}");
    let first = s.read("site/practices/single-window/index.html");
    assert!(first.contains("Records that link here"));
    assert!(first.contains("(10)"), "the heading counts every page's links");
    let second = s.read(&format!("site/{}", pages[1]));
    assert!(!second.contains("record-body"), "later pages list links only");
    assert!(!s.path().join("site/practices/page/5").exists());
    // Facet counts are totals over every record, on every page.
    let later = s.read("site/practices/page/3/index.html");
    assert!(later.contains("(6)") && later.contains("(5)"), "facet counts");
}

/// The pager of every page: links that name existing files, one current
/// page, `rel` on previous and next.
#[test]
fn pager_links_resolve_from_disk() {
    let s = site(12, Some("2"), "");
    built(&s);
    let root = s.path().join("site");
    let mut checked = 0;
    for entry in walk(&root) {
        let html = std::fs::read_to_string(&entry).expect("read");
        let Some(start) = html.find("<nav class=\"pager\"") else { continue };
        let nav = &html[start..start + html[start..].find("</nav>").expect("nav end")];
        assert!(nav.contains("aria-label=\"Pages\""), "{}", entry.display());
        assert_eq!(nav.matches("aria-current=\"page\"").count(), 1, "{}", entry.display());
        let dir = entry.parent().expect("folder");
        for href in nav.split("href=\"").skip(1).map(|h| &h[..h.find('"').expect("quote")]) {
            assert!(href.ends_with("index.html") && !href.starts_with('/'), "{href}");
            let target = dir.join(href);
            assert!(target.is_file(), "{}: {href} does not resolve", entry.display());
        }
        let is_first = !entry.to_string_lossy().contains("/page/");
        assert_eq!(nav.contains("rel=\"prev\""), !is_first, "{}", entry.display());
        checked += 1;
    }
    // 13 records by 2: 7 pages each of listing, term, country; 12 links to
    // single-window: 6 pages.
    assert_eq!(checked, 7 * 3 + 6);
    let page7 = s.read("site/practices/page/7/index.html");
    assert!(!page7.contains("rel=\"next\""));
    assert!(page7.contains("…"), "a gap between 1 and 5");
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("read dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else if p.extension().is_some_and(|x| x == "html") {
            out.push(p);
        }
    }
    out.sort();
    out
}

#[test]
fn paginate_zero_keeps_one_page_and_the_default_keeps_small_sites_whole() {
    for paginate in [Some("0"), None] {
        let s = site(10, paginate, "");
        built(&s);
        let listing = s.read("site/practices/index.html");
        assert_eq!(titles(&listing), expected(10), "{paginate:?}");
        assert!(!listing.contains("class=\"pager\""));
        assert!(!listing.contains("data-across"), "filters stay on the page");
        assert!(!s.path().join("site/practices/page").exists());
    }
}

#[test]
fn a_bad_paginate_is_an_error_with_its_place_and_help() {
    for (value, message) in [("-1", "`paginate` is -1"), ("\"ten\"", "invalid type")] {
        let s = site(1, Some(value), "");
        let run = s.run(&["check"]);
        assert_ne!(run.code, 0, "{value}");
        assert!(run.stderr.contains("book.toml:6:"), "{value}: {}", run.stderr);
        assert!(run.stderr.contains(message), "{value}: {}", run.stderr);
        assert!(run.stderr.contains("help: set paginate to a whole number"), "{}", run.stderr);
    }
    let s = site(1, Some("100001"), "");
    assert!(s.run(&["build"]).stderr.contains("from 1 to 10000"));
}

#[test]
fn every_language_has_its_pages() {
    let s = site(4, Some("2"), "languages = [\"en\", \"fr\", \"ar\"]\n");
    built(&s);
    for (lang, label, next) in [("fr", "Pages", "Suivant"), ("ar", "الصفحات", "التالي")]
    {
        let page = s.read(&format!("site/{lang}/practices/page/2/index.html"));
        assert!(page.contains(&format!("aria-label=\"{label}\"")), "{lang}");
        assert!(
            page.contains(&format!(
                "href=\"../../../../{lang}/practices/page/3/index.html\" rel=\"next\">{next}"
            )),
            "{lang}: {page}"
        );
        assert!(
            page.contains(&format!("href=\"../../../../{lang}/practices/index.html\"")),
            "{lang}"
        );
        // Its versions in the other languages are its own page 2.
        assert!(
            page.contains("hreflang=\"en\" href=\"../../../../practices/page/2/index.html\""),
            "{lang}"
        );
        assert_eq!(titles(&page).len(), 2);
    }
    assert!(s.read("site/ar/practices/page/2/index.html").contains("dir=\"rtl\""));
    assert!(s.path().join("site/fr/topics/trade/page/3/index.html").is_file());
    assert!(s.path().join("site/ar/countries/ken/page/3/index.html").is_file());
}

#[test]
fn filters_link_to_term_pages_without_javascript_and_hand_over_with_it() {
    let s = site(6, Some("3"), "base-url = \"https://example.org/kb/\"\n");
    built(&s);
    for p in ["site/practices/index.html", "site/practices/page/2/index.html"] {
        let html = s.read(p);
        let up = if p.contains("/page/") { "../../../" } else { "../" };
        // Without JavaScript: facet values link to their term pages.
        assert!(
            html.contains(&format!(
                "<span class=\"no-js\"><a href=\"{up}topics/trade/index.html\">Trade</a>"
            )),
            "{p}"
        );
        // With it: a form that asks the search page for every record.
        assert!(
            html.contains(&format!("action=\"{up}search/index.html\" method=\"get\" data-across")),
            "{p}"
        );
        assert!(
            html.contains("<input type=\"hidden\" name=\"collection\" value=\"practices\">"),
            "{p}"
        );
        assert!(html.contains("name=\"area\" value=\"payments\""), "{p}");
    }
    // The sitemap lists every page.
    let sitemap = s.read("site/sitemap.xml");
    for n in 2..=3 {
        assert!(
            sitemap.contains(&format!("<loc>https://example.org/kb/practices/page/{n}/</loc>"))
        );
    }
}

#[test]
fn serve_rewrites_every_page_when_records_come_and_go() {
    use compendium::serve::engine::{ChangeKind, Engine};
    let s = site(5, Some("2"), "");
    let root = s.path();
    let (mut engine, outcome) = Engine::start(root);
    assert!(!outcome.has_errors(), "{:?}", outcome.diagnostics);
    // A new record first in the order: every page shifts, and one more.
    let added = root.join("content/practices/p00.md");
    std::fs::write(&added, "---\ntitle: Practice 00\nsummary: Zero.\narea: customs\ntopics: [trade]\ncountries: [KEN]\nbasis: [single-window]\n---\n").expect("write");
    let o = engine.apply(&[ChangeKind::Record(added.clone())]);
    assert!(!o.has_errors(), "{:?}", o.diagnostics);
    crate::serve::assert_same_as_fresh_build(root, engine.site(), "a record added");
    assert!(root.join("site/practices/page/4/index.html").is_file());
    // Two removed: the last page goes.
    std::fs::remove_file(&added).expect("remove");
    std::fs::remove_file(root.join("content/practices/p05.md")).expect("remove");
    let o = engine.apply(&[
        ChangeKind::Record(added),
        ChangeKind::Record(root.join("content/practices/p05.md")),
    ]);
    assert!(!o.has_errors(), "{:?}", o.diagnostics);
    crate::serve::assert_same_as_fresh_build(root, engine.site(), "records removed");
    assert!(root.join("site/practices/page/3/index.html").is_file());
    assert!(!root.join("site/practices/page/4/index.html").exists());
}

/// In headless Chromium, the listing's form (as a browser submits it) opens
/// the search page listing every matching record, beyond the listing's
/// first page, with the filters named.
#[test]
fn chromium_filters_reach_records_beyond_the_first_page() {
    let Some(chromium) = crate::browser::tool("chromium") else { return };
    let s = site(9, Some("3"), "");
    built(&s);
    let listing = s.read("site/practices/index.html");
    assert!(!listing.contains("Practice 08"), "Practice 08 is on a later page");
    let search = s.path().join("site/search/index.html");
    let url = format!("file://{}?collection=practices&area=payments", search.display());
    let dom = crate::browser::dump_dom(&chromium, &url);
    let results = crate::browser::results_of(&dom);
    for i in [2, 4, 6, 8] {
        assert!(results.contains(&format!("practices/p{i:02}/index.html")), "p{i:02}: {results}");
    }
    assert!(!results.contains("p01/index.html"), "customs only matched: {results}");
    assert!(dom.contains("4 results"), "{}", &dom[dom.find("search-status").unwrap_or(0)..][..300]);
    assert!(dom.contains("Filters: Collection: Practices; "), "filters named");
    // Values of one facet are alternatives.
    let url =
        format!("file://{}?collection=practices&area=payments&area=customs", search.display());
    let dom = crate::browser::dump_dom(&chromium, &url);
    assert!(
        dom.contains("10 results"),
        "{}",
        &dom[dom.find("search-status").unwrap_or(0)..][..300]
    );
}

#[test]
fn a_country_page_shows_each_record_once_and_names_every_bloc_on_every_page() {
    let s = site(0, Some("2"), "");
    s.write(
        "content/_taxonomies.yaml",
        "topics:\n  title: Topics\n  terms:\n    trade: {label: Trade}\nregions:\n  title: Regions\n  terms:\n    bloc-one: {label: Bloc One, members: [KEN, UGA]}\n    bloc-two: {label: Bloc Two, members: [KEN, TZA]}\n",
    );
    for (id, countries) in [
        ("a", "[KEN, bloc-one, bloc-two]"),
        ("b", "[KEN]"),
        ("c", "[bloc-one]"),
        ("d", "[bloc-two]"),
    ] {
        s.write(
            &format!("content/practices/{id}.md"),
            &format!("---\ntitle: Record {id}\nsummary: S.\narea: customs\ncountries: {countries}\n---\nText.\n"),
        );
    }
    built(&s);
    let pages = page_files(&s, "countries/ken/index.html");
    let mut listed = Vec::new();
    for p in &pages {
        let html = s.read(&format!("site/{p}"));
        listed.extend(titles(&html));
        // The status line is the country's, not the page's.
        assert!(
            html.contains(
                "5 records apply to this country, directly or through Bloc One, Bloc Two"
            ),
            "{p}: {html}"
        );
    }
    // Named directly (a, b and the minimal site's source), then through
    // each bloc what is not yet shown.
    assert_eq!(
        listed,
        ["Record a", "Record b", "Single window", "Record c", "Record d"],
        "{pages:?}"
    );
}

/// A facet of more values than a listing shows: the most used, and a link
/// to the taxonomy's page for the rest, so that a large vocabulary does
/// not make every page of the listing half a megabyte.
#[test]
fn a_facet_of_hundreds_of_values_shows_the_most_used_and_links_the_rest() {
    let s = site(0, Some("50"), "");
    let terms: String =
        (0..=130).map(|i| format!("    t{i:03}: {{label: Term {i:03}}}\n")).collect();
    s.write(
        "content/_taxonomies.yaml",
        &format!("topics:\n  title: Topics\n  terms:\n    trade: {{label: Trade}}\n{terms}"),
    );
    for i in 1..=130 {
        // t000 in every record, the others in one each (and `trade` in the
        // minimal site's own record): 132 values.
        s.write(
            &format!("content/practices/p{i:03}.md"),
            &format!(
                "---\ntitle: P {i:03}\nsummary: S.\narea: customs\ntopics: [t000, t{i:03}]\n---\n"
            ),
        );
    }
    built(&s);
    let html = s.read("site/practices/index.html");
    let topics =
        html.split("<legend>Topics</legend>").nth(1).and_then(|t| t.split("</fieldset>").next());
    let topics = topics.expect("the topics facet");
    assert_eq!(topics.matches("type=\"checkbox\"").count(), 100, "{topics}");
    assert!(topics.contains("value=\"t000\""), "the most used is shown");
    assert!(
        topics
            .contains("<p class=\"facet-more\"><a href=\"../topics/index.html\">+32 more</a></p>"),
        "{topics}"
    );
}
