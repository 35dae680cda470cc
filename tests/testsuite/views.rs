//! The world map and charts (issue #16) on built sites: the map on the home
//! page, the country list and listings, with a link and a `<title>` per
//! country with records, a legend and a table; shaded by a facet from
//! `book.toml`, whose name is checked; bars that match the counts.

use crate::support::Site;

/// The minimal site, unminified, with `extra` appended to book.toml, and
/// five practices: three for Kenya (adopted 2019, 2021, 2021), one for
/// the European Union (France and Germany through the bloc), one without
/// a country or a date.
fn site(extra: &str) -> Site {
    let s = Site::minimal();
    s.write("book.toml", &format!("[book]\ntitle = \"Test\"\n\n[build]\nminify = false\n{extra}"));
    s.write(
        "content/_taxonomies.yaml",
        "topics:\n  title: Topics\n  terms:\n    trade: {label: Trade & <b>goods</b>}\n    data: {label: Data}\nregions:\n  title: Regions\n  terms:\n    european-union: {label: European Union, members: [FRA, DEU]}\n",
    );
    let records = [
        ("k1", "customs", "2019-05-01", "[KEN]", "[trade, data]"),
        ("k2", "customs", "2021-01-01", "[KEN]", "[trade]"),
        ("k3", "payments", "2021-06-30", "[KEN]", "[trade]"),
        ("eu", "payments", "", "[european-union]", "[data]"),
        ("none", "payments", "", "[]", "[]"),
    ];
    for (id, area, adopted, countries, topics) in records {
        let adopted =
            if adopted.is_empty() { String::new() } else { format!("adopted: {adopted}\n") };
        s.write(
            &format!("content/practices/{id}.md"),
            &format!(
                "---\ntitle: Practice {id}\nsummary: About {id}.\narea: {area}\n{adopted}countries: {countries}\ntopics: {topics}\n---\nText.\n"
            ),
        );
    }
    s
}

fn built(s: &Site) {
    let run = s.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

fn page(s: &Site, rel: &str) -> String {
    s.read(&format!("site/{rel}"))
}

/// The `<a>` of a country on a map: its link and title.
fn country_link(url: &str, title: &str) -> String {
    format!("<a href=\"{url}\" tabindex=\"-1\"><title>{title}</title><path fill=\"#")
}

#[test]
fn the_map_links_each_country_with_records_and_has_a_legend_and_a_table() {
    let s = site("");
    built(&s);
    // single-window (from the minimal site) and k1–k3 name Kenya.
    let home = page(&s, "index.html");
    assert!(home.contains(&country_link("countries/ken/index.html", "Kenya: 4 records")), "{home}");
    // Blocs shade their members.
    assert!(home.contains(&country_link("countries/fra/index.html", "France: 1 record")));
    assert!(home.contains(&country_link("countries/deu/index.html", "Germany: 1 record")));
    assert!(home.contains("role=\"group\" aria-labelledby=\"map-caption\""));
    assert!(home.contains("<figcaption id=\"map-caption\">Records by country</figcaption>"));
    // Two classes (1 and 4 records) and the neutral one.
    let legend = home.split("class=\"map-legend\"").nth(1).unwrap().split("</div>").next().unwrap();
    assert_eq!(legend.matches("<li>").count(), 3, "{legend}");
    assert!(legend.contains("No records"));
    assert!(home.contains(
        "<tr><th scope=\"row\"><a href=\"countries/ken/index.html\">Kenya</a></th><td>4</td></tr>"
    ));
    // Countries without records are drawn, neutral and unlinked.
    assert!(home.matches("<path d=\"M").count() > 150);
    let svg = home.split("<svg class=\"map-svg\"").nth(1).unwrap().split("</svg>").next().unwrap();
    assert_eq!(svg.matches("<a href=").count(), 3);
    assert!(svg.len() < 150_000, "{}", svg.len());
    let table = home.split("<tbody>").nth(1).unwrap().split("</tbody>").next().unwrap();
    assert_eq!(table.matches("<tr>").count(), 3);

    let countries = page(&s, "countries/index.html");
    assert!(countries.contains(&country_link("../countries/ken/index.html", "Kenya: 4 records")));
    let listing = page(&s, "practices/index.html");
    assert!(listing.contains(&country_link("../countries/ken/index.html", "Kenya: 4 records")));
}

#[test]
fn a_listing_map_counts_only_its_own_collection() {
    let s = site("");
    s.write(
        "content/notes/_collection.yaml",
        "title: Notes\nsingular: Note\ndescription: d\nsort: title\nfields: {}\n",
    );
    s.write("content/notes/n.md", "---\ntitle: Note\nsummary: s\ncountries: [BRA]\n---\nText.\n");
    built(&s);
    let home = page(&s, "index.html");
    assert!(home.contains(&country_link("countries/bra/index.html", "Brazil: 1 record")));
    let practices = page(&s, "practices/index.html");
    assert!(!practices.contains("countries/bra/"));
    let notes = page(&s, "notes/index.html");
    assert!(notes.contains(&country_link("../countries/bra/index.html", "Brazil: 1 record")));
    assert!(!notes.contains("countries/ken/"));
    // No dates and no topics: no charts.
    assert!(!notes.contains("class=\"chart\""));
}

#[test]
fn a_facet_from_book_toml_shades_the_listing_map() {
    let s = site("\n[map]\nfacet = \"area\"\n");
    built(&s);
    let listing = page(&s, "practices/index.html");
    // Kenya: customs three times (single-window, k1, k2), payments once.
    assert!(
        listing.contains(&country_link(
            "../countries/ken/index.html",
            "Kenya, Area: Customs (4 records)"
        )),
        "{listing}"
    );
    assert!(listing.contains(&country_link(
        "../countries/fra/index.html",
        "France, Area: Payments (1 record)"
    )));
    assert!(listing.contains("<figcaption id=\"map-caption\">Area by country</figcaption>"));
    // Legend in the enum's declared order, each its own colour.
    let legend =
        listing.split("class=\"map-legend\"").nth(1).unwrap().split("</div>").next().unwrap();
    let customs = legend.find("Customs").unwrap();
    assert!(customs < legend.find("Payments").unwrap());
    assert!(legend.contains("#e69f00") && legend.contains("#56b4e9"), "{legend}");
    assert!(listing.contains(
        "<th scope=\"row\"><a href=\"../countries/ken/index.html\">Kenya</a></th><td>Customs</td>"
    ));
    // The home page mixes collections: it keeps counts.
    let home = page(&s, "index.html");
    assert!(home.contains(&country_link("countries/ken/index.html", "Kenya: 4 records")));
}

#[test]
fn an_unknown_or_unfit_map_facet_is_an_error_at_its_key() {
    let s = site("\n[map]\nfacet = \"aera\"\n");
    let run = s.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("book.toml:8:1: error: `[map] facet` names `aera`, which no collection has"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("help: did you mean `area`?"), "{}", run.stderr);

    let s = site("\n[map]\nfacet = \"adopted\"\n");
    let run = s.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "book.toml:8:1: error: `[map] facet` names `adopted`, which is a date (YYYY-MM-DD): its values cannot shade a map"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("help: facets that can shade the map: `area`, `topics`"),
        "{}",
        run.stderr
    );

    let s = site("\n[map]\nfacets = \"area\"\n");
    let run = s.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("did you mean `facet`?"), "{}", run.stderr);
}

#[test]
fn chart_bars_match_the_counts() {
    let s = site("");
    built(&s);
    let listing = page(&s, "practices/index.html");
    // Years from 2019 to 2021, the year between at 0.
    for (year, n) in [("2019", 1), ("2020", 0), ("2021", 2)] {
        assert!(listing.contains(&format!("<g><title>{year}: {n}</title><rect")), "{year}");
        assert!(listing.contains(&format!("<tr><th scope=\"row\">{year}</th><td>{n}</td></tr>")));
    }
    let heights: Vec<f64> = listing
        .split("<g><title>20")
        .skip(1)
        .map(|g| g.split("height=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(heights.len(), 3);
    assert_eq!(heights[0] * 2.0, heights[2]);
    assert_eq!(heights[1], 0.0);
    // Topics: trade tags 4 (single-window, k1–k3), data 2; labels escaped.
    assert!(
        listing.contains("<g><title>Trade &amp; &lt;b&gt;goods&lt;&#x2F;b&gt;: 4</title>")
            || listing.contains("<g><title>Trade &amp; &lt;b&gt;goods&lt;/b&gt;: 4</title>"),
        "{listing}"
    );
    assert!(listing.contains("<g><title>Data: 2</title>"));
    assert!(!listing.contains("<b>goods"));
    assert!(
        listing.contains("role=\"img\" aria-labelledby=\"chart-years-title chart-years-desc\"")
    );
    assert!(listing.contains("<desc id=\"chart-years-desc\">Bar chart of 3 records by year, from 2019 to 2021; the most in 2021.</desc>"), "{listing}");
    // A term's page charts its records by year (and by another taxonomy).
    let term = page(&s, "topics/data/index.html");
    assert!(term.contains("<g><title>2019: 1</title>"), "{term}");
    assert!(!term.contains("class=\"map\""));
}

#[test]
fn only_the_first_page_of_a_listing_has_the_views() {
    let s = site("paginate = 2\n");
    built(&s);
    assert!(page(&s, "practices/index.html").contains("class=\"views\""));
    assert!(!page(&s, "practices/page/2/index.html").contains("class=\"views\""));
}

#[test]
fn a_site_without_countries_or_dates_has_no_views() {
    let s = Site::minimal();
    s.write(
        "content/practices/single-window.md",
        "---\ntitle: Single window\nsummary: s\narea: customs\n---\nText.\n",
    );
    built(&s);
    for p in ["index.html", "countries/index.html", "practices/index.html"] {
        assert!(!page(&s, p).contains("class=\"views\""), "{p}");
    }
}

#[test]
fn views_are_in_the_pages_language() {
    let s = site("");
    s.write(
        "book.toml",
        "[book]\ntitle = \"Test\"\nlanguages = [\"en\", \"ar\"]\n\n[build]\nminify = false\n",
    );
    built(&s);
    let ar = page(&s, "ar/index.html");
    assert!(ar.contains("السجلات حسب البلد"), "{ar}");
    assert!(ar.contains("/index.html\" tabindex=\"-1\"><title>كينيا: "), "{ar}");
    let listing = page(&s, "ar/practices/index.html");
    assert!(listing.contains("direction=\"ltr\""));
}

#[test]
fn a_country_is_shaded_by_its_own_records_before_its_blocs() {
    let s = site("\n[map]\nfacet = \"area\"\n");
    for (id, area, countries) in [
        ("eu2", "customs", "[european-union]"),
        ("eu3", "customs", "[european-union]"),
        ("fra", "payments", "[FRA]"),
    ] {
        s.write(
            &format!("content/practices/{id}.md"),
            &format!("---\ntitle: Practice {id}\nsummary: About {id}.\narea: {area}\ncountries: {countries}\n---\nText.\n"),
        );
    }
    built(&s);
    let listing = page(&s, "practices/index.html");
    // France's own law says payments, though two of the EU's three say
    // customs; Germany has none of its own, so the EU's decide.
    assert!(
        listing.contains(&country_link(
            "../countries/fra/index.html",
            "France, Area: Payments (4 records)"
        )),
        "{listing}"
    );
    assert!(
        listing.contains(&country_link(
            "../countries/deu/index.html",
            "Germany, Area: Customs (3 records)"
        )),
        "{listing}"
    );
}

/// A record that names its own country and has a bloc as a tag only is
/// that country's: China's law tagged `regions: [g20]` does not apply to
/// Germany (as `compare` reads it); a record that names the bloc where it
/// names countries applies to its members.
#[test]
fn a_record_naming_its_country_does_not_apply_to_the_rest_of_a_tagged_bloc() {
    let s = site("");
    s.write(
        "content/practices/kenya-tagged.md",
        "---\ntitle: Kenya tagged EU\nsummary: S.\narea: customs\ncountries: [KEN]\nregions: [european-union]\n---\n",
    );
    s.write(
        "content/practices/kenya-eu.md",
        "---\ntitle: Kenya and the EU\nsummary: S.\narea: customs\ncountries: [KEN, european-union]\n---\n",
    );
    built(&s);
    let deu = page(&s, "countries/deu/index.html");
    assert!(deu.contains("Practice eu") && deu.contains("Kenya and the EU"), "{deu}");
    assert!(!deu.contains("Kenya tagged EU"), "{deu}");
    let ken = page(&s, "countries/ken/index.html");
    assert!(ken.contains("Kenya tagged EU") && ken.contains("Kenya and the EU"), "{ken}");
}
