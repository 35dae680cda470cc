//! Whole numbers as each page's language writes them (CLDR through ICU4X):
//! grouped on record pages and in listings' sort values, a year never;
//! datasets keep the number itself.

use crate::support::Site;

fn site() -> Site {
    let s = Site::new();
    s.write(
        "book.toml",
        "[book]\ntitle = \"Test\"\nlanguage = \"fr\"\nlanguages = [\"fr\", \"en\", \"ar\", \"zh-Hans\"]\n\n[build]\nminify = false\n",
    );
    s.write(
        "content/projets/_collection.yaml",
        "title: Projets\nsingular: Projet\ndescription: Des projets.\nsort: -budget\nfields:\n  budget: {type: int, label: Budget}\n  started: {type: int}\n",
    );
    s.write(
        "content/projets/port.md",
        "---\ntitle: Port\nsummary: Un port.\nbudget: 12500000\nstarted: 2021\nyear: 2019\n---\n",
    );
    s
}

#[test]
fn whole_numbers_are_grouped_as_each_language_writes_them_but_years() {
    let s = site();
    let r = s.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let nnbsp = "12\u{202f}500\u{202f}000";
    for (page, want) in [
        ("site/projets/port/index.html", nnbsp),
        ("site/en/projets/port/index.html", "12,500,000"),
        ("site/zh-Hans/projets/port/index.html", "12,500,000"),
        // CLDR's default numbering system for `ar` is Latin digits (as
        // browsers' `Intl.NumberFormat("ar")`, which the search page uses).
        ("site/ar/projets/port/index.html", "<dd>12,500,000</dd>"),
    ] {
        let html = s.read(page);
        assert!(html.contains(want), "{page}: {html}");
        assert!(!html.contains("12500000"), "{page}: {html}");
    }
    // A year is a year: `2019`, not `2 019`, in any field.
    let fr = s.read("site/projets/port/index.html");
    assert!(fr.contains(">2019<") && fr.contains(">2021<"), "{fr}");
    let en = s.read("site/en/projets/port/index.html");
    assert!(en.contains(">2019<") && en.contains(">2021<"), "{en}");
    // The listing sorted by it shows it grouped too.
    let listing = s.read("site/projets/index.html");
    assert!(listing.contains(&format!("Budget\u{a0}: {nnbsp}")), "{listing}");
    // Datasets and `search --json` keep the number itself.
    let data = s.read("site/data/records.json");
    assert!(data.contains("12500000"), "{data}");
    let run = s.run(&["search", "port", "--json"]);
    assert!(!run.stdout.contains('\u{202f}'), "{}", run.stdout);
}
