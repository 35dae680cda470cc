//! `record.extra`: a site theme reads a record's fields by name, as Zola's
//! `page.extra` and Hugo's `.Params`, with a branch per collection that
//! `check` and `build` both accept.

use crate::support::Site;

/// The theme's record page: fields by name, a branch for one collection,
/// an absent value tested and printed, a list looped over.
const RECORD: &str = r#"{% extends "base.html" %}{% block main %}
<p>TITLE[{{ record.extra.title }}]</p>
{% if record.collection == "laws" %}<p>OFFICIAL[<a href="{{ record.extra.official_url }}">{{ record.extra.official_url }}</a>]</p>
{% else %}<p>AREA[{{ record.extra.area }}] STAFF[{{ record.extra.staff }}] ACTIVE[{% if record.extra.active %}yes{% elif record.extra.active == false %}no{% else %}unknown{% endif %}]
WEBSITE[{% if record.extra.website %}{{ record.extra.website }}{% else %}none{% endif %}]
ADOPTED[{{ record.extra.adopted }}|{{ record.extra.adopted | format_date(lang=lang) }}]
BASIS[{% for k in record.extra.basis %}{{ k }};{% endfor %}] TOPICS[{% for t in record.extra.topics %}{{ t }};{% endfor %}]</p>
{% endif %}{% endblock main %}"#;

fn site() -> Site {
    let s = Site::minimal();
    s.write("book.toml", "[book]\ntitle = \"Test\"\n[build]\ntheme = \"mine\"\n");
    s.write("themes/mine/record.html", RECORD);
    s.write(
        "content/laws/_collection.yaml",
        "title: Laws\nsingular: Law\nfields:\n  official_url: {type: url, required: true}\n",
    );
    s.write(
        "content/laws/gdpr.md",
        "---\ntitle: GDPR\nsummary: Data protection.\nofficial_url: https://eur-lex.europa.eu/eli/reg/2016/679/oj?x=1&y=2\n---\n",
    );
    s.write(
        "content/practices/e-payments.md",
        "---\ntitle: E-payments\nsummary: Paying duties online.\narea: payments\nstaff: 12\nactive: false\nadopted: 2019-03-01\nwebsite: https://pay.example.org/\nbasis: [practices/single-window]\ntopics: [trade]\n---\n",
    );
    s
}

#[test]
fn a_theme_reads_fields_by_name_with_a_branch_per_collection() {
    let s = site();
    let check = s.run(&["check"]);
    assert_eq!(check.code, 0, "check: {}", check.stderr);
    let build = s.run(&["build"]);
    assert_eq!(build.code, 0, "build: {}", build.stderr);

    let law = s.read("site/laws/gdpr/index.html");
    assert!(law.contains("TITLE[GDPR]"), "{law}");
    // Escaped as any value is, and usable in an href.
    let url = "https://eur-lex.europa.eu/eli/reg/2016/679/oj?x=1&amp;y=2";
    assert!(law.contains(&format!("OFFICIAL[<a href=\"{url}\">{url}</a>]")), "{law}");

    let full = s.read("site/practices/e-payments/index.html");
    for want in [
        "AREA[payments]",
        "STAFF[12]",
        "ACTIVE[no]",
        "WEBSITE[https://pay.example.org/]",
        "ADOPTED[2019-03-01|1 March 2019]",
        "BASIS[practices/single-window;]",
        "TOPICS[trade;]",
    ] {
        assert!(full.contains(want), "{want} in {full}");
    }

    // Declared but absent: null, false in an `if`, printed as nothing.
    let bare = s.read("site/practices/single-window/index.html");
    for want in [
        "AREA[customs]",
        "STAFF[]",
        "ACTIVE[unknown]",
        "WEBSITE[none]",
        "ADOPTED[|]",
        "BASIS[]",
        "TOPICS[trade;]",
    ] {
        assert!(bare.contains(want), "{want} in {bare}");
    }
}

#[test]
fn a_field_of_another_collection_fails_at_the_template_in_check() {
    // Without the branch, the first record of `laws` has no `area`: `check`
    // renders it and says so, as `build` would.
    let s = site();
    s.write(
        "themes/mine/record.html",
        "{% extends \"base.html\" %}{% block main %}AREA[{{ record.extra.area }}]{% endblock main %}",
    );
    let check = s.run(&["check"]);
    assert_ne!(check.code, 0, "{}", check.stderr);
    assert!(check.stderr.contains("record.extra.area"), "{}", check.stderr);
}
