//! Field, collection and record names key the listing's and the compare
//! page's scripts: one named like a property of Object's prototype
//! (`constructor`, `__proto__`) threw, and the page's filters or table
//! never came. In headless Chromium from `file://`.

use crate::browser::{dump_dom, tool};
use crate::support::*;

/// The minimal site with a facet field `constructor` and a record whose
/// id is `constructor`, built.
fn built() -> Site {
    let s = Site::minimal();
    let schema = s
        .read("content/practices/_collection.yaml")
        .replace("facets: [area, topics]", "facets: [area, topics, constructor]");
    s.write(
        "content/practices/_collection.yaml",
        &format!("{schema}  constructor: {{type: enum, values: [yes-one, no-one]}}\n"),
    );
    let first = s.read("content/practices/single-window.md");
    s.write(
        "content/practices/single-window.md",
        &first.replace("area: customs\n", "area: customs\nconstructor: yes-one\n"),
    );
    s.write(
        "content/practices/constructor.md",
        "---\ntitle: Constructor\nsummary: A record with an awkward id.\narea: payments\ncountries: [FRA]\n---\n\nBody.\n",
    );
    let r = s.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    s
}

/// The text of the element with `id` in `dom`.
fn text_of<'d>(dom: &'d str, id: &str) -> &'d str {
    let at = dom.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no #{id}: {dom}"));
    let start = at + dom[at..].find('>').expect(">") + 1;
    &dom[start..start + dom[start..].find('<').expect("<")]
}

#[test]
fn listing_filters_work_with_a_field_named_constructor() {
    let Some(chromium) = tool("chromium") else { return };
    let s = built();
    let page = s.path().join("site/practices/index.html");
    for (hash, status) in [
        ("#constructor=yes-one", "1 of 2 records match"),
        ("#__proto__=x&constructor=yes-one", "1 of 2 records match"),
        ("#area=payments", "1 of 2 records match"),
        // Not a box: nothing is checked.
        ("#toString=x&hasOwnProperty=y", "2 records"),
    ] {
        let dom = dump_dom(&chromium, &format!("file://{}{hash}", page.display()));
        assert_eq!(text_of(&dom, "filter-status"), status, "{hash}");
    }
}

#[test]
fn compare_treats_prototype_names_as_unknown_ids() {
    let Some(chromium) = tool("chromium") else { return };
    let s = built();
    let page = s.path().join("site/compare/index.html");
    let url = |q: &str| format!("file://{}{q}", page.display());
    for (q, left_out) in [
        ("?j=KEN,constructor&c=practices", "constructor"),
        ("?j=__proto__,toString&c=constructor", "__proto__, toString"),
    ] {
        let dom = dump_dom(&chromium, &url(q));
        // Said, as text, and left out.
        assert_eq!(
            text_of(&dom, "compare-status"),
            format!(
                "{left_out}: no country or bloc has this code or name, left out of the comparison. Choose at least two jurisdictions."
            ),
            "{q}"
        );
    }
    // A country no record applies to is a column of "–", as the command
    // line shows it, and said; a code that is none is left out.
    let dom = dump_dom(&chromium, &url("?j=KEN,can,XXX&c=practices"));
    let status = text_of(&dom, "compare-status");
    assert!(
        status.starts_with("XXX: no country or bloc has this code or name, left out of the comparison. No record applies to Canada."),
        "{status}"
    );
    assert!(dom.contains("<th scope=\"col\">Canada</th>"), "{dom}");
    // An unknown collection leaves the first; the record `constructor` shows.
    for q in ["?j=KEN,FRA&c=__proto__", "?j=KEN,FRA&c=hasOwnProperty"] {
        let dom = dump_dom(&chromium, &url(q));
        assert_eq!(text_of(&dom, "compare-status"), "2 records", "{q}: {dom}");
        assert!(dom.contains("href=\"../practices/constructor/index.html\""), "{q}: {dom}");
    }
}
