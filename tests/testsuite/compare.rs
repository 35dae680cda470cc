//! The compare view (issue #16): `compendium compare` as text and JSON, its
//! errors, blocs' records shown for their members; the built page's static
//! matrix, data files and links; and in headless Chromium from `file://`,
//! the table built from the URL, chosen by keyboard, the URL round trip and
//! the page without JavaScript (`tests/a11y/compare.js`, playwright-core).

use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

use crate::browser::tool;
use crate::support::Site;

/// Two languages; a bloc (`eu`) with a law of its own and members; a
/// region without members; a region merely tagged (`g7`), whose members get
/// nothing from it; a title with markup; a collection naming no country.
fn site() -> Site {
    let s = Site::new();
    s.write("book.toml", "[book]\ntitle = \"Test\"\nlanguages = [\"en\", \"fr\"]\n");
    s.write(
        "content/_taxonomies.yaml",
        "regions:\n  title: Regions\n  terms:\n    eu: {label: European Union, aliases: [EU], members: [FRA, DEU], translations: {fr: {label: Union européenne}}}\n    africa: {label: Africa}\n    g7: {label: G7, members: [FRA, ITA]}\n",
    );
    s.write(
        "content/laws/_collection.yaml",
        "title: Laws\nsingular: Law\ndescription: Laws.\nsort: title\nfacets: [kind, where]\nfields:\n  where: {type: country, required: true, label: Jurisdiction}\n  kind: {type: enum, values: [law, decree], label: Kind}\n  note: {type: text}\n  adopted: {type: date}\n",
    );
    s.write(
        "content/laws/fr-a.yaml",
        "title: French law A\nsummary: s\nwhere: FRA\nkind: law\nadopted: 2020-01-02\n",
    );
    s.write(
        "content/laws/fr-b.yaml",
        "title: French decree B\nsummary: s\nwhere: FRA\nkind: decree\n",
    );
    s.write("content/laws/eu-x.yaml", "title: Union law X\nsummary: s\nwhere: eu\nkind: law\n");
    s.write(
        "content/laws/de-a.yaml",
        "title: \"German <script>alert(1)</script> law\"\nsummary: s\nwhere: DEU\nkind: decree\nnote: long text\n",
    );
    s.write("content/laws/us-g7.yaml", "title: US law\nsummary: s\nwhere: USA\nregions: [g7]\n");
    s.write(
        "content/notes/_collection.yaml",
        "title: Notes\nsingular: Note\ndescription: Notes.\nsort: title\nfields: {}\n",
    );
    s.write("content/notes/n.md", "---\ntitle: A note\nsummary: s\n---\n");
    s
}

fn built() -> Site {
    let s = site();
    let run = s.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    s
}

#[test]
fn the_cli_prints_a_table_with_the_blocs_records_marked() {
    let s = site();
    let run = s.run(&["compare", "FRA", "germany", "--collection", "laws"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = &run.stdout;
    assert!(out.starts_with("Laws (laws)\n"), "{out}");
    assert!(out.contains("France (FRA)") && out.contains("Germany (DEU)"), "{out}");
    // The two own records, numbered, then the bloc's, marked.
    assert!(out.contains("1. French decree B") && out.contains("2. French law A"), "{out}");
    // Worded as the compare page words it.
    assert!(out.contains("3. Union law X; Through European"), "{out}");
    assert!(out.contains("Records "), "{out}");
    assert!(out.contains("Kind ") && out.contains("1. Decree") && out.contains("2. Law"), "{out}");
    // No escape sequences, and the title's markup is text.
    assert!(out.contains("<script>alert(1)</script>"), "{out}");
    // Rows none of them has are left out; text fields are not compared.
    assert!(!out.contains("Note"), "{out}");
    let again = s.run(&["compare", "FRA", "germany", "--collection", "laws"]);
    assert_eq!(again.stdout, run.stdout, "deterministic");
}

/// The table in another language (`--lang`, or a site whose default it
/// is) has the compare page's words in it, none of English.
#[test]
fn the_cli_table_speaks_the_language_asked_for() {
    let s = site();
    let run = s.run(&["compare", "FRA", "DEU", "--collection", "laws", "--lang", "FR"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = &run.stdout;
    assert!(out.contains("Fiches ") && !out.contains("Records"), "{out}");
    // (The cell wraps its words.)
    assert!(out.contains("Union law X\u{a0}; Union européenne (en"), "{out}");
    assert!(out.contains("tant que membre)") && out.contains("2 janvier 2020"), "{out}");
    assert!(!out.contains("Through") && out.contains("Allemagne (DEU)"), "{out}");
    // The default language's when the site's default is French.
    s.write(
        "book.toml",
        "[book]\ntitle = \"Test\"\nlanguage = \"fr\"\nlanguages = [\"fr\", \"en\"]\n",
    );
    let default = s.run(&["compare", "FRA", "DEU", "--collection", "laws"]);
    assert_eq!(default.stdout, run.stdout);
    // A language the site does not have: as `search --lang` says it.
    let bad = s.run(&["compare", "FRA", "DEU", "--lang", "fra"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(
        bad.stderr.contains("there is no site language `fra` (did you mean `fr`?)"),
        "{}",
        bad.stderr
    );
}

/// A translation's text fields are the compare table's in its language,
/// as on the record pages: the CLI's table and JSON, and the page's data.
#[test]
fn translated_fields_are_compared_in_the_language_asked_for() {
    let s = site();
    s.write(
        "content/laws/_collection.yaml",
        "title: Laws\nsingular: Law\ndescription: Laws.\nsort: title\nfields:\n  where: {type: country, required: true, label: Jurisdiction}\n  kind: {type: enum, values: [law, decree], label: Kind}\n  note: {type: text}\n  adopted: {type: date}\n  authority: {type: string}\n",
    );
    s.write(
        "content/laws/de-a.yaml",
        "title: German law\nsummary: s\nwhere: DEU\nauthority: long text\n",
    );
    s.write("content/laws/de-a.fr.yaml", "title: Loi allemande\nauthority: texte long\n");
    let run = s.run(&["compare", "FRA", "DEU", "--collection", "laws", "--lang", "fr"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("texte long") && !run.stdout.contains("long text"),
        "{}",
        run.stdout
    );
    let json = s.run(&["compare", "FRA", "DEU", "--lang", "fr", "--json"]);
    assert!(json.stdout.contains("\"authority\": \"texte long\""), "{}", json.stdout);
    assert!(json.stdout.contains("\"title\": \"Loi allemande\""), "{}", json.stdout);
    let en = s.run(&["compare", "FRA", "DEU", "--collection", "laws"]);
    assert!(en.stdout.contains("long text") && !en.stdout.contains("texte long"), "{}", en.stdout);
    assert_eq!(s.run(&["build"]).code, 0);
    assert!(s.read("site/fr/compare/d/laws/c-deu.js").contains("texte long"));
    assert!(s.read("site/compare/d/laws/c-deu.js").contains("long text"));
}

/// Jurisdictions none of whose records there are: said in the language
/// asked for, from the theme's strings, as the rest of the table is.
#[test]
fn no_records_for_the_jurisdictions_is_said_in_the_language_asked_for() {
    let s = site();
    for (lang, said) in [
        ("en", "No records apply to these jurisdictions.\n"),
        ("fr", "Aucune fiche ne concerne ces juridictions.\n"),
    ] {
        let run = s.run(&["compare", "JPN", "BRA", "--lang", lang]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(run.stdout, said, "{lang}");
    }
    // A site theme may word it otherwise.
    s.write(
        "book.toml",
        "[book]\ntitle = \"Test\"\nlanguages = [\"en\", \"fr\"]\n[build]\ntheme = \"mine\"\n",
    );
    s.write("themes/mine/i18n/en.toml", "compare-none-apply = \"Nothing to compare.\"\n");
    let run = s.run(&["compare", "JPN", "BRA"]);
    assert_eq!(run.stdout, "Nothing to compare.\n", "{}", run.stderr);
}

#[test]
fn the_cli_prints_stable_json() {
    let s = site();
    let run = s.run(&["compare", "fr", "EU", "usa", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(
        v["jurisdictions"],
        json!([
            {"id": "FRA", "kind": "country", "name": "France", "blocs": ["eu"]},
            {"id": "eu", "kind": "bloc", "name": "European Union", "members": ["FRA", "DEU"]},
            {"id": "USA", "kind": "country", "name": "United States of America", "blocs": []},
        ])
    );
    // Only collections with records of these jurisdictions.
    let collections = v["collections"].as_array().expect("collections");
    assert_eq!(collections.len(), 1, "{v:#}");
    let laws = &collections[0];
    assert_eq!(laws["name"], "laws");
    assert_eq!(laws["fields"][0], json!({"name": "kind", "label": "Kind", "facet": true}));
    assert_eq!(laws["fields"][1]["name"], "where");
    let names: Vec<&str> =
        laws["fields"].as_array().unwrap().iter().filter_map(|f| f["name"].as_str()).collect();
    assert!(names.contains(&"adopted") && !names.contains(&"note") && !names.contains(&"title"));
    let fra = &laws["columns"][0];
    assert_eq!(fra["jurisdiction"], "FRA");
    assert_eq!(
        fra["records"][1],
        json!({
            "key": "laws/fr-a", "title": "French law A", "url": "laws/fr-a/index.html",
            "via": null, "fields": {"kind": "law", "where": "FRA", "adopted": "2020-01-02"},
        })
    );
    assert_eq!(fra["records"][2]["key"], "laws/eu-x");
    assert_eq!(fra["records"][2]["via"], "eu");
    assert_eq!(laws["columns"][1]["records"].as_array().map(Vec::len), Some(1));
    // A region merely tagged on a record is no bloc law of its members.
    let usa = laws["columns"][2]["records"].as_array().expect("usa");
    assert_eq!(usa.len(), 1);
    assert_eq!(usa[0]["via"], Value::Null);
}

#[test]
fn unknown_jurisdictions_and_collections_are_usage_errors_that_suggest() {
    let s = site();
    let run = s.run(&["compare", "FRA", "Germny"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("`Germny` is neither a country")
            && run.stderr.contains("did you mean `DEU` (Germany)?"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
    let run = s.run(&["compare", "FRA", "europan union"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("did you mean `eu` (European Union)?"), "{}", run.stderr);
    // A region without members is no bloc.
    let run = s.run(&["compare", "FRA", "africa"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    let run = s.run(&["compare", "FRA", "DEU", "--collection", "lawz"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("did you mean `laws`?"), "{}", run.stderr);
    let run = s.run(&["compare", "FRA", "DEU", "--collection", "notes"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no record of `notes` names a country"), "{}", run.stderr);
    // One is not a comparison, nor one named three ways.
    // One says where its records are instead (clap said "2 values required").
    let run = s.run(&["compare", "FRA"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("`FRA` names one jurisdiction: a comparison needs two or more different ones; for one jurisdiction's records, open its page (countries/fra/), or search"),
        "{}",
        run.stderr
    );
    let run = s.run(&["compare", "FRA", "fr", "France"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr
            .contains("all name one jurisdiction: a comparison needs two or more different ones"),
        "{}",
        run.stderr
    );
}

/// A country named as the pages show it in any site language (CLDR's
/// names), with a suggestion for a near miss in one of them.
#[test]
fn countries_are_named_in_any_site_language() {
    let s = site();
    let run = s.run(&["compare", "Allemagne", "france", "--collection", "laws"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("France (FRA)") && run.stdout.contains("Germany (DEU)"));
    // Union européenne is the bloc's French label; Allemagne and DEU one country.
    let run = s.run(&["compare", "Union européenne", "Allemagne", "DEU"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = s.run(&["compare", "FRA", "Allemange"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("did you mean `DEU` (Germany)?"), "{}", run.stderr);
    // Spanish is not one of this site's languages.
    let run = s.run(&["compare", "FRA", "Alemania"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    // A Japanese site: its pages' names, in Japanese.
    s.write(
        "book.toml",
        "[book]\ntitle = \"Test\"\nlanguage = \"ja\"\nlanguages = [\"ja\", \"fr\"]\n",
    );
    s.write("content/laws/jp.yaml", "title: JP law\nsummary: s\nwhere: JPN\nkind: law\n");
    s.write("content/laws/kr.yaml", "title: KR law\nsummary: s\nwhere: KOR\nkind: decree\n");
    let run = s.run(&["compare", "日本", "韓国", "--collection", "laws"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("日本 (JPN)") && run.stdout.contains("JP law"), "{}", run.stdout);
    assert!(run.stdout.contains("KR law"), "{}", run.stdout);
    let run = s.run(&["compare", "日本", "Corée"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
}

#[test]
fn the_page_has_a_static_matrix_data_files_and_links_in_every_language() {
    let s = built();
    let page = s.read("site/compare/index.html");
    assert!(page.contains("<h1>Compare jurisdictions</h1>"), "{page}");
    assert!(
        page.contains(
            r#"<caption id="matrix-laws"><a href="../laws/index.html">Laws</a></caption>"#
        )
    );
    assert!(page.contains(r#"<th scope="col">Jurisdiction</th><th scope="col">Records</th><th scope="col">Kind</th>"#), "{page}");
    // The bloc first, then countries with records of their own, by name;
    // Italy (only a tagged region) and the empty notes are not there.
    let row = |url: &str, name: &str| format!(r#"<th scope="row"><a href="{url}">{name}</a></th>"#);
    let eu = page.find(&row("../regions/eu/index.html", "European Union")).expect("eu row");
    let fra = page.find(&row("../countries/fra/index.html", "France")).expect("fra row");
    let deu = page.find(&row("../countries/deu/index.html", "Germany")).expect("deu row");
    assert!(eu < fra && fra < deu, "{page}");
    assert!(!page.contains("Italy") && !page.contains("matrix-notes"), "{page}");
    // France: 2 records of its own, 1 through the EU; its kinds counted.
    let fra_row = &page[fra..page[fra..].find("</tr>").map_or(page.len(), |e| fra + e)];
    assert!(
        fra_row
            .contains("<td>2<br><span class=\"compare-via\">+1 through European Union</span></td>"),
        "{fra_row}"
    );
    assert!(fra_row.contains("<li>Decree (1)</li><li>Law (1)</li>"), "{fra_row}");
    // The form waits for the script; the data is beside the page.
    assert!(page.contains(r#"<form id="compare-form" class="compare-form" hidden>"#));
    assert!(page.contains(r#"<script src="data.js" defer></script>"#));
    assert!(page.contains(r#"<input type="checkbox" name="j" value="eu"> European Union"#));
    let data = s.read("site/compare/data.js");
    assert!(data.starts_with("window.compendiumCompare={"), "{data}");
    let chunk = s.read("site/compare/d/laws/c-deu.js");
    assert!(chunk.starts_with("compendiumCompareChunk(\"laws\",\"DEU\","), "{chunk}");
    assert!(
        chunk.contains("German <script>alert(1)<\\/script> law")
            || chunk.contains("German <script>alert(1)</script> law"),
        "{chunk}"
    );
    assert!(s.path().join("site/compare/d/laws/b-eu.js").is_file());
    assert!(!s.path().join("site/compare/d/laws/c-ita.js").exists());
    // Linked from home and the list of countries.
    let link = r#"<a href="compare/index.html">Compare jurisdictions side by side</a>"#;
    assert!(s.read("site/index.html").contains(link));
    assert!(
        s.read("site/countries/index.html")
            .contains(r#"<a href="../compare/index.html">Compare jurisdictions side by side</a>"#)
    );
    // French: its own strings, labels and data.
    let fr = s.read("site/fr/compare/index.html");
    assert!(fr.contains("<h1>Comparer les juridictions</h1>"), "{fr}");
    assert!(
        fr.contains(r#"<a href="../../fr/regions/eu/index.html">Union européenne</a>"#),
        "{fr}"
    );
    assert!(s.read("site/fr/compare/data.js").contains("\"records\":\"../../fr/\""));
}

/// The DOM of `url` after its scripts ran.
fn dump_dom(chromium: &Path, url: &str) -> String {
    let profile = tempfile::tempdir().expect("profile");
    let mut cmd = Command::new(chromium);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-dev-shm-usage",
    ])
    .arg(format!("--user-data-dir={}", profile.path().display()));
    let out =
        cmd.args(["--virtual-time-budget=10000", "--dump-dom", url]).output().expect("chromium");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn chromium_builds_the_table_from_the_url() {
    let Some(chromium) = tool("chromium") else { return };
    let s = built();
    let page = s.path().join("site/compare/index.html");
    let dom = dump_dom(&chromium, &format!("file://{}?j=fra,EU,deu&c=laws", page.display()));
    let table =
        dom.find("compare-chosen").map(|i| &dom[i..]).unwrap_or_else(|| panic!("no table: {dom}"));
    assert!(
        table.contains(
            "<caption id=\"compare-caption\">Laws: France, European Union, Germany</caption>"
        ),
        "{table}"
    );
    assert!(
        table.contains(r#"<th scope="col"><a href="../countries/fra/index.html">France</a></th>"#),
        "{table}"
    );
    assert!(
        table.contains(r#"<th scope="row">Records</th>"#)
            && table.contains(r#"<th scope="row">Kind</th>"#)
    );
    assert!(table.contains(r#"<a href="../laws/eu-x/index.html">Union law X</a> <span class="compare-via">Through European Union</span>"#), "{table}");
    // Record text is text, never markup.
    assert!(table.contains("German &lt;script&gt;alert(1)&lt;/script&gt; law"), "{table}");
    assert!(!dom.contains("<script>alert(1)"), "{dom}");
    assert!(dom.contains(r#"<section id="compare-matrix" class="compare-matrix" aria-labelledby="compare-matrix-heading" hidden="">"#), "{dom}");
}

#[test]
fn chromium_chooses_by_keyboard_the_url_round_trips_and_no_javascript_shows_the_matrix() {
    let Some((node, chromium, check)) = crate::a11y::tools() else { return };
    let dir = check.parent().expect("tests/a11y");
    let s = built();
    let config = json!({
        "chromium": chromium,
        "page": s.path().join("site/fr/compare/index.html"),
        "choose": ["DEU", "eu", "FRA"],
        "collection": "laws",
        "find": "eta",
    });
    let out = Command::new(node)
        .arg(dir.join("compare.js"))
        .arg(config.to_string())
        .output()
        .expect("node");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let r: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(r["errors"], json!([]), "{r:#}");
    assert_eq!(r["before"], "Choisissez au moins deux juridictions.", "{r:#}");
    let chosen = &r["chosen"];
    assert_eq!(
        chosen["columns"],
        json!(["Champ", "Allemagne", "Union européenne", "France"]),
        "{r:#}"
    );
    assert_eq!(chosen["search"], "?j=DEU,eu,FRA&c=laws", "{r:#}");
    assert_eq!(chosen["checked"], json!(["eu", "DEU", "FRA"]), "{r:#}");
    assert_eq!(chosen["matrixHidden"], true);
    assert!(
        chosen["links"].as_array().unwrap().iter().any(|l| l == "../../fr/laws/eu-x/index.html"),
        "{r:#}"
    );
    let via = "Union européenne (en tant que membre)";
    assert_eq!(chosen["via"], json!([via, via]), "{r:#}");
    // Opened again from its address, the same comparison.
    for k in ["caption", "columns", "rows", "links", "via", "checked", "collection", "search"] {
        assert_eq!(r["reopened"][k], chosen[k], "{k}: {r:#}");
    }
    // "eta" finds États-Unis, accents aside; the ticked ones stay.
    assert_eq!(r["found"], json!(["eu", "DEU", "USA", "FRA"]), "{r:#}");
    // Tab from the search reaches the match, not a ticked box before it.
    assert_eq!(r["tabbed"], "USA", "{r:#}");
    let bare = &r["noScript"];
    assert_eq!(bare["matrix"], true, "{r:#}");
    assert_eq!(bare["form"], false, "{r:#}");
    assert_eq!(bare["captions"], json!(["Laws"]), "{r:#}");
    assert_eq!(
        bare["rows"],
        json!(["Union européenne", "Allemagne", "États-Unis", "France"]),
        "{r:#}"
    );
}

/// The finder: a code matches from its start ("EU" is the European Union,
/// not DEU), a name at the start of a word (accents aside, after a
/// hyphen), not inside one; Enter ticks the only match, never more, and
/// stays on the page with the text selected for the next name.
#[test]
fn chromium_finder_matches_codes_and_word_starts_and_enter_picks_the_only_match() {
    let Some((node, chromium, check)) = crate::a11y::tools() else { return };
    let dir = check.parent().expect("tests/a11y");
    let s = built();
    let config = json!({
        "chromium": chromium,
        "page": s.path().join("site/fr/compare/index.html"),
        "choose": ["DEU", "FRA"],
        "collection": "laws",
        "finder": ["EU", "us", "uni", "magne", "ALL", "etat"],
    });
    let out = Command::new(node)
        .arg(dir.join("compare.js"))
        .arg(config.to_string())
        .output()
        .expect("node");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let r: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(r["errors"], json!([]), "{r:#}");
    let steps = r["finder"].as_array().expect("finder");
    let step = |i: usize, shown: Value, checked: Value| {
        let s = &steps[i];
        assert_eq!(s["shown"], shown, "{}: {s:#}", s["typed"]);
        assert_eq!(s["checked"], checked, "{}: {s:#}", s["typed"]);
        assert_eq!(s["samePage"], true, "{}: Enter left the page: {s:#}", s["typed"]);
        assert_eq!(s["focused"], true, "{s:#}");
    };
    // "EU": the bloc's id and alias, "européenne"; not DEU.
    step(0, json!(["eu"]), json!(["eu"]));
    assert_eq!(steps[0]["selected"], true, "{r:#}");
    assert_eq!(steps[0]["said"], "1 juridiction correspond.", "{r:#}");
    // "us": USA's code, and no name with "us" inside a word.
    step(1, json!(["eu", "USA"]), json!(["eu", "USA"]));
    // "uni": Union européenne and États-Unis (after the hyphen): two, so
    // Enter ticks nothing new.
    step(2, json!(["eu", "USA"]), json!(["eu", "USA"]));
    // Inside a word is no match ("Allemagne"); the ticked ones stay.
    step(3, json!(["eu", "USA"]), json!(["eu", "USA"]));
    assert_eq!(steps[3]["said"], "Aucune juridiction ne correspond à « magne ».", "{r:#}");
    // A word's start, whatever its case, picks Allemagne.
    step(4, json!(["eu", "DEU", "USA"]), json!(["eu", "DEU", "USA"]));
    // Accents aside: "etat" is États-Unis, already ticked: Enter leaves it so.
    step(5, json!(["eu", "DEU", "USA"]), json!(["eu", "DEU", "USA"]));
    assert!(r["finderUrl"].as_str().unwrap().ends_with("?j=eu,USA,DEU&c=laws"), "{r:#}");
}
