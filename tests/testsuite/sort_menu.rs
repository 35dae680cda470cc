//! The search page's sort menu offers the orders of the fields its
//! results' collections have, not every range field of the site.

use crate::browser::{dump_dom, tool};
use crate::support::Site;

fn sort_options(dom: &str) -> Vec<String> {
    let start = dom.find("id=\"search-sort\"").unwrap_or(dom.len());
    let end = dom[start..].find("</select>").map_or(dom.len(), |e| start + e);
    dom[start..end]
        .split("<option value=\"")
        .skip(1)
        .filter_map(|o| o.split('"').next())
        .map(str::to_owned)
        .collect()
}

#[test]
fn sort_menu_follows_the_collections_of_the_results() {
    let Some(chromium) = tool("chromium") else { return };
    let site = Site::new();
    site.write("book.toml", "[book]\ntitle = \"Test\"\n");
    site.write(
        "content/laws/_collection.yaml",
        "title: Laws\nsingular: Law\nfields:\n  adopted: {type: date}\n",
    );
    site.write(
        "content/courses/_collection.yaml",
        "title: Courses\nsingular: Course\nfields:\n  launched: {type: date}\n",
    );
    site.write(
        "content/laws/trade-act.md",
        "---\ntitle: Trade act\nsummary: A law on trade.\nadopted: 2020-01-02\n---\n\nTrade rules.\n",
    );
    site.write(
        "content/courses/trade-course.md",
        "---\ntitle: Trade course\nsummary: A course on trade.\nlaunched: 2021-03-04\n---\n\nTrade lessons.\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = site.path().join("site/search/index.html");
    let options =
        |q: &str| sort_options(&dump_dom(&chromium, &format!("file://{}?q={q}", page.display())));
    let both = options("trade");
    for o in ["-adopted", "adopted", "-launched", "launched"] {
        assert!(both.iter().any(|x| x == o), "{o} missing: {both:?}");
    }
    let laws = options("trade%20collection:laws");
    assert!(laws.iter().any(|x| x == "-adopted"), "{laws:?}");
    assert!(!laws.iter().any(|x| x.ends_with("launched")), "{laws:?}");
}

/// A year is ordered as a date for a reader: "newest first", not "highest
/// first", in the search page's menu and on a listing sorted by it.
#[test]
fn a_year_sorts_newest_first() {
    let site = Site::new();
    site.write("book.toml", "[book]\ntitle = \"Test\"\n");
    site.write(
        "content/laws/_collection.yaml",
        "title: Laws\nsingular: Law\nsort: -year\nfields: {}\n",
    );
    site.write(
        "content/laws/trade-act.md",
        "---\ntitle: Trade act\nsummary: A law on trade.\nyear: 2020\n---\n\nTrade rules.\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let listing = site.read("site/laws/index.html");
    assert!(listing.contains("newest first"), "{listing}");
    assert!(!listing.contains("highest first"), "{listing}");
    let Some(chromium) = tool("chromium") else { return };
    let page = site.path().join("site/search/index.html");
    let dom = dump_dom(&chromium, &format!("file://{}?q=trade", page.display()));
    let start = dom.find("id=\"search-sort\"").unwrap_or(0);
    let menu = &dom[start..];
    assert!(menu.contains("Year (newest first)"), "{menu}");
    assert!(!menu.contains("Year (highest first)"), "{menu}");
}
