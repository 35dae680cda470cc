//! Translation files and translated schema texts: what `check` accepts and
//! the exact errors for what it refuses.

use crate::support::Site;

/// `Site::minimal()` with French and Arabic as site languages.
fn site() -> Site {
    let s = Site::minimal();
    s.write("book.toml", "[book]\ntitle = \"Test\"\nlanguages = [\"en\", \"fr\", \"ar\"]\n");
    s
}

#[track_caller]
fn errors(s: &Site) -> String {
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    r.stderr.lines().filter(|l| !l.starts_with("check ")).collect::<Vec<_>>().join("\n")
}

#[test]
fn translations_in_markdown_and_yaml_pass() {
    let s = site();
    s.write(
        "content/practices/single-window.fr.md",
        "---\ntitle: Guichet unique\nsummary: Un seul endroit pour déposer les documents commerciaux.\n---\n\nUn **guichet unique**.\n",
    );
    s.write("content/practices/single-window.ar.yaml", "title: النافذة الواحدة\nbody: |\n  نص\n");
    let r = s.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Translations are not records of their own.
    assert!(r.stderr.contains("check passed: 1 record"), "{}", r.stderr);
}

#[test]
fn a_fact_cannot_be_translated_and_an_unknown_key_gets_a_hint() {
    let s = site();
    s.write(
        "content/practices/single-window.fr.md",
        "---\ntitle: Guichet unique\narea: payments\ntopics: [trade]\nsumary: x\nid: autre\n---\n",
    );
    assert_eq!(
        errors(&s),
        "content/practices/single-window.fr.md:3:1: error: `area` cannot be translated: it is the same in every language\n  help: set `area` in the original `single-window` record and remove it here; a translation holds only `title`, `summary`, `body`\n\
content/practices/single-window.fr.md:4:1: error: `topics` cannot be translated: it is the same in every language\n  help: set `topics` in the original `single-window` record and remove it here; a translation holds only `title`, `summary`, `body`\n\
content/practices/single-window.fr.md:5:1: error: unknown field `sumary` in a translation\n  help: did you mean `summary`?\n\
content/practices/single-window.fr.md:6:1: error: `id` cannot be set in a translation: it comes from the file name `single-window.fr.md`\n  help: remove `id` here; the file `single-window.fr.*` translates record `single-window` into `fr`"
    );
}

#[test]
fn an_orphan_and_a_language_outside_the_site_are_errors_with_the_fix() {
    let s = site();
    s.write("content/practices/single-windw.fr.md", "---\ntitle: Guichet unique\n---\n");
    s.write("content/practices/single-window.de.md", "---\ntitle: Einheitliches Fenster\n---\n");
    assert_eq!(
        errors(&s),
        "content/practices/single-window.de.md:1:1: error: `single-window.de.md` is a translation into `de`, which is not one of the site's languages\n  help: add \"de\" to `languages` in book.toml's [book] (now \"en\", \"fr\", \"ar\"), or rename the file\n\
content/practices/single-windw.fr.md:1:1: error: `single-windw.fr.md` translates `single-windw`, but there is no record `single-windw` beside it\n  help: did you mean `single-window.fr.md`? A translation `ID.LANG.md` sits beside its original `ID.md` or `ID.yaml`"
    );
}

/// A translation whose original has a name that is no id (a title from a
/// spreadsheet, `Kenya Data Act 2019.md`) is sent to that file, not to a
/// record whose long id only starts alike.
#[test]
fn an_orphan_whose_original_is_misnamed_is_sent_to_it() {
    let s = site();
    s.write(
        "content/practices/kenya-data-act-2017.md",
        "---\ntitle: Kenya 2017\nsummary: s\narea: customs\n---\n",
    );
    s.write(
        "content/practices/Kenya Data Act 2019.md",
        "---\ntitle: Kenya 2019\nsummary: s\narea: customs\n---\n",
    );
    s.write("content/practices/kenya-data-act-2019.fr.md", "---\ntitle: Kenya 2019\n---\n");
    s.write(
        "content/practices/kenya-electronic-signatures-decree-2022.fr.md",
        "---\ntitle: K\n---\n",
    );
    s.write(
        "content/practices/kenya-electronic-transactions-decree-2014.md",
        "---\ntitle: Kenya 2014\nsummary: s\narea: customs\n---\n",
    );
    let e = errors(&s);
    assert!(
        e.contains("kenya-data-act-2019.fr.md:1:1: error: `kenya-data-act-2019.fr.md` translates `kenya-data-act-2019`, but there is no record `kenya-data-act-2019` beside it\n  help: its original is the file `Kenya Data Act 2019` beside it, whose name is no id: rename that file `kenya-data-act-2019`, keeping its extension"),
        "{e}"
    );
    // Not "did you mean `kenya-electronic-transactions-decree-2014.fr.md`?"
    let decree = e
        .lines()
        .skip_while(|l| !l.contains("signatures-decree-2022.fr.md:1:1"))
        .nth(1)
        .unwrap_or("");
    assert!(
        decree.contains("add `content/practices/kenya-electronic-signatures-decree-2022.md`"),
        "{e}"
    );
}

#[test]
fn a_translation_into_the_records_own_language_or_twice_is_an_error() {
    let s = site();
    s.write("content/practices/single-window.en.md", "---\ntitle: Single window\n---\n");
    s.write("content/practices/single-window.fr.md", "---\ntitle: Guichet unique\n---\n");
    s.write("content/practices/single-window.fr.yaml", "title: Guichet unique\n");
    assert_eq!(
        errors(&s),
        "content/practices/single-window.en.md:1:1: error: `single-window.en.md` translates `practices/single-window` into `en`, the language the record is written in\n  help: edit content/practices/single-window.md itself, or set its `language` to the language it is written in\n\
content/practices/single-window.fr.yaml:1:1: error: `single-window.fr.yaml` is a second translation of `practices/single-window` into `fr`\n  help: keep one of content/practices/single-window.fr.md and content/practices/single-window.fr.yaml"
    );
}

/// A second translation into a language is said in the same run as the
/// errors of a broken one, not once those are mended.
#[test]
fn a_second_translation_is_said_beside_a_broken_ones_errors() {
    let s = site();
    s.write("content/practices/single-window.FR.md", "---\ntitle: Guichet unique\n---\n");
    s.write("content/practices/single-window.fr.md", "---\ntitle: Guichet\nsumary: x\n---\n");
    let e = errors(&s);
    assert!(
        e.contains("content/practices/single-window.fr.md:1:1: error: `single-window.fr.md` is a second translation of `single-window` into `fr`\n  help: keep one of content/practices/single-window.FR.md and content/practices/single-window.fr.md"),
        "{e}"
    );
    assert!(e.contains("unknown field `sumary`"), "{e}");
}

#[test]
fn translated_values_are_checked_like_the_originals() {
    let s = site();
    let long = "x".repeat(401);
    s.write(
        "content/practices/single-window.fr.md",
        &format!("---\ntitle: [a, b]\nsummary: {long}\n---\n"),
    );
    let e = errors(&s);
    assert!(e.contains("single-window.fr.md:2:8: error:"), "{e}");
    assert!(e.contains("single-window.fr.md:3:10: error:") && e.contains("400"), "{e}");
}

#[test]
fn book_languages_are_checked() {
    let s = Site::minimal();
    s.write(
        "book.toml",
        "[book]\ntitle = \"T\"\nlanguage = \"en\"\nlanguages = [\"fr\", \"xx_1\", \"fr\"]\n\n[book.translations.de]\ntitle = \"T\"\n",
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for want in [
        // Each at its item: the list may be long, or span lines.
        "book.toml:4:20: error: `xx_1` in `languages` is not a BCP 47 language tag",
        "book.toml:4:28: error: `fr` is listed twice in `languages`",
        "book.toml:4:1: error: `languages` does not list the default language `en`",
        "book.toml:6:1: warning: [book.translations.de] is for a language not in `languages`: it is left out",
    ] {
        assert!(r.stderr.contains(want), "missing {want:?} in\n{}", r.stderr);
    }
    // A list of hundreds (a build's work grows with their square) is
    // refused by `check`, as by `build`, at once.
    let many: Vec<String> = std::iter::once("\"en\"".to_owned())
        .chain((0..400).map(|i| format!("\"x{i:03}\"")))
        .collect();
    s.write("book.toml", &format!("[book]\ntitle = \"T\"\nlanguages = [{}]\n", many.join(", ")));
    for cmd in ["check", "build"] {
        let r = s.run(&[cmd]);
        assert_eq!(r.code, 1, "{cmd}: {}", r.stderr);
        assert!(
            r.stderr.contains(
                "book.toml:3:1: error: `languages` lists 401 languages; a site has at most 64"
            ),
            "{cmd}: {}",
            r.stderr
        );
    }
}

#[test]
fn schema_translations_are_checked() {
    let s = site();
    s.write("content/_taxonomies.yaml", "topics:\n  title: Topics\n  translations: {fr: {title: Thèmes}, de: {title: Themen}}\n  terms:\n    trade:\n      label: Trade\n      translations: {fr: {label: Commerce, desc: x}}\n");
    s.write(
        "content/practices/_collection.yaml",
        "title: Practices\nsingular: Practice\nsort: title\nfields:\n  area: {type: enum, values: [customs, payments], required: true}\ntranslations:\n  fr: {title: Pratiques, singulr: Pratique}\n",
    );
    s.write(
        "content/practices/single-window.md",
        "---\ntitle: Single window\nsummary: s\narea: customs\ntopics: [trade]\n---\n",
    );
    assert_eq!(
        errors(&s),
        "content/_taxonomies.yaml:3:39: warning: `de` is not one of the site's languages: this file's `de` translations are left out\n  help: add \"de\" to `languages` in book.toml's [book] (now \"en\", \"fr\", \"ar\") to publish them, or remove them\n\
content/_taxonomies.yaml:7:44: error: unknown key `desc` in a translation\n  help: did you mean `description`?\n\
content/practices/_collection.yaml:7:26: error: unknown key `singulr` in a translation\n  help: did you mean `singular`?"
    );
}

/// A schema's and book.toml's translations into a language serve the site's
/// variety of it (`es` for `es-419`) where there is none of that variety
/// itself; another variety beside the site's (`pt-PT` beside `pt-BR`) is
/// a language left out, not a misspelling of the site's. Tags are written
/// in one case whatever book.toml's (`pt-br` is `pt-BR`).
#[test]
fn translations_into_a_language_serve_the_sites_variety_of_it() {
    let s = Site::minimal();
    s.write(
        "book.toml",
        "[book]\ntitle = \"T\"\nlanguage = \"en\"\nlanguages = [\"en\", \"es-419\", \"pt-br\"]\n\n[book.translations.es]\ntitle = \"Compendio\"\n",
    );
    s.write(
        "content/practices/_collection.yaml",
        "title: Practices\nsingular: Practice\nsort: title\nfields:\n  area: {type: enum, values: [customs, payments], required: true, translations: {es: {label: Ámbito}, pt-PT: {label: Área}}}\n",
    );
    let r = s.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("warning: `pt-PT` is not one of the site's languages: this file's `pt-PT` translations are left out"),
        "{}",
        r.stderr
    );
    let page = s.read("site/es-419/practices/single-window/index.html");
    assert!(page.contains("<dt>Ámbito</dt>"), "{page}");
    assert!(page.contains("Compendio"), "{page}");
    let page = s.read("site/pt-BR/practices/single-window/index.html");
    assert!(!page.contains("Área"), "{page}");
    // A record's translation into the other variety: not to be renamed
    // into the site's, which would publish it as that variety.
    s.write(
        "content/practices/single-window.pt-PT.md",
        "---\ntitle: Balcão único\n---\n\nTexto.\n",
    );
    let r = s.run(&["check"]);
    assert!(
        r.stderr.contains("help: add \"pt-PT\" to `languages` in book.toml's [book] (now \"en\", \"es-419\", \"pt-BR\"); rename it `single-window.pt-BR.md` only if its text is written in `pt-BR`"),
        "{}",
        r.stderr
    );
}

#[test]
fn new_with_lang_writes_a_translation_stub_or_a_record_in_that_language() {
    let s = site();
    let r = s.run_inside(&["new", "practices", "single-window", "--lang", "fr"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout.trim(), "content/practices/single-window.fr.md");
    let stub = s.read("content/practices/single-window.fr.md");
    assert!(stub.contains("title: \"\"  # Single window\n"), "{stub}");
    assert!(stub.contains("summary: \"\"  # One place to lodge trade documents.\n"), "{stub}");
    assert!(!stub.contains("area") && !stub.contains("topics"), "{stub}");
    // The stub parses, and its blank fields are ones left out (they come
    // from the original); check names only the body still to translate,
    // which an untouched stub would publish.
    let c = s.run(&["check"]);
    assert_eq!(c.code, 1, "{}", c.stderr);
    let errors: Vec<&str> = c.errors().into_iter().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(errors.len(), 1, "{}", c.stderr);
    assert!(errors[0].contains("single-window.fr.md:"), "{}", c.stderr);
    assert!(
        errors[0].contains("the body still holds the text `compendium new` wrote"),
        "{}",
        c.stderr
    );
    // By title too; a second translation into the same language is refused.
    let again = s.run(&["new", "practices", "Single Window", "--lang", "fr"]);
    assert_eq!(again.code, 1, "{}", again.stderr);
    assert!(again.stderr.contains("already has a translation into `fr`"), "{}", again.stderr);
    let de = s.run(&["new", "practices", "single-window", "--lang", "de"]);
    assert_eq!(de.code, 2, "{}", de.stderr);
    assert!(de.stderr.contains("add \"de\" to `languages`"), "{}", de.stderr);
    // A title naming no record: a new record written in that language.
    // Its id spelt in Latin letters (pinyin), as Zola's slugs are, or given.
    let zh = s.run_inside(&["new", "practices", "电子商务法", "--lang", "zh"]);
    assert_eq!(zh.code, 0, "{}", zh.stderr);
    assert_eq!(zh.stdout.trim(), "content/practices/dian-zi-shang-wu-fa.md");
    let text = s.read("content/practices/dian-zi-shang-wu-fa.md");
    assert!(text.contains("title: \"电子商务法\"\nlanguage: zh\n"), "{text}");
    let zh = s.run(&["new", "practices", "电子签名法", "--lang", "zh", "--id", "cn-esignature"]);
    assert_eq!(zh.code, 0, "{}", zh.stderr);
    let text = s.read("content/practices/cn-esignature.md");
    assert!(text.contains("title: \"电子签名法\"\nlanguage: zh\n"), "{text}");
}

#[test]
fn schema_for_translation_files_lists_only_text_fields() {
    let s = site();
    let r = s.run(&["schema", "practices", "--translation"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    let props = v["properties"].as_object().expect("properties");
    let mut names: Vec<&str> = props.keys().map(String::as_str).collect();
    names.sort();
    assert_eq!(names, ["body", "summary", "title"]);
    assert_eq!(v["additionalProperties"], false);
    assert!(v.get("required").is_none(), "{v}");
}

#[test]
fn export_gives_one_row_per_language_version() {
    let s = site();
    s.write(
        "content/practices/single-window.fr.md",
        "---\ntitle: Guichet unique\n---\n\nUn **guichet unique**.\n",
    );
    let r = s.run(&["export", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    let rows = rows.as_array().expect("array");
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(
        (rows[0]["key"].as_str(), rows[0]["lang"].as_str()),
        (Some("practices/single-window"), Some("en"))
    );
    assert_eq!(rows[1]["key"], "practices/single-window");
    assert_eq!(rows[1]["lang"], "fr");
    assert_eq!(rows[1]["title"], "Guichet unique");
    // Facts and untranslated text come from the original.
    assert_eq!(rows[1]["summary"], "One place to lodge trade documents.");
    assert_eq!(rows[1]["area"], "customs");
    assert_eq!(rows[1]["translated"], serde_json::json!(["title", "body"]));
    assert!(rows[1]["body"].as_str().is_some_and(|b| b.contains("guichet unique")));
    let csv = s.run(&["export", "--format", "csv"]).stdout;
    let mut lines = csv.lines();
    assert!(
        lines.next().is_some_and(|h| h.starts_with("\"key\",\"collection\",\"id\",\"lang\",")),
        "{csv}"
    );
    let rows: Vec<&str> = lines.filter(|l| l.starts_with("\"practices/single-window\"")).collect();
    assert_eq!(rows.len(), 2, "{csv}");
    assert!(rows[1].contains("\"fr\"") && rows[1].contains("\"Guichet unique\""), "{csv}");
}

#[test]
fn field_labels_are_translated_by_the_schema_and_common_ones_by_the_theme() {
    let s = site();
    s.write(
        "content/practices/_collection.yaml",
        "title: Practices\nsingular: Practice\nsort: title\nfields:\n  area:\n    type: enum\n    values: [customs, payments]\n    translations: {fr: {label: Domaine}, ar: {label: المجال}}\n",
    );
    let r = s.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let fr = s.read("site/fr/practices/single-window/index.html");
    assert!(fr.contains("<dt>Domaine</dt>"), "{fr}");
    assert!(fr.contains("<dt>Pays</dt>") && fr.contains("<dt>Thèmes</dt>"), "{fr}");
    let en = s.read("site/practices/single-window/index.html");
    assert!(en.contains("<dt>Area</dt>") && en.contains("<dt>Countries</dt>"), "{en}");
    // A label for a language the site does not have waits (a warning at
    // its key); one of a variety of a site language serves it (`FR-fr`
    // on the `fr` pages).
    s.write(
        "content/practices/_collection.yaml",
        "title: Practices\nsingular: Practice\nsort: title\nfields:\n  area:\n    type: enum\n    values: [customs, payments]\n    translations: {de: {label: Bereich}, FR-fr: {label: Domaine}}\n",
    );
    let e = s.run(&["check"]).stderr;
    assert!(e.contains("_collection.yaml:8:20: warning: `de` is not one of the site's languages: this file's `de` translations are left out"), "{e}");
    assert!(!e.contains("error"), "{e}");
    assert_eq!(s.run(&["build"]).code, 0);
    let fr = s.read("site/fr/practices/single-window/index.html");
    assert!(fr.contains("<dt>Domaine</dt>"), "{fr}");
}

#[test]
fn enum_values_are_shown_by_their_labels_in_the_page_language() {
    let s = site();
    s.write(
        "content/practices/_collection.yaml",
        "title: Practices\nsingular: Practice\nsort: title\nfacets: [area, tools]\nfields:\n  area:\n    type: enum\n    values: [customs, e-payments, wsis-c7]\n    value-labels: {customs: Customs and borders, wsis-c7: WSIS C7}\n    translations: {fr: {label: Domaine, values: {customs: Douanes et frontières}}, ar: {label: المجال}}\n  tools:\n    type: list\n    of: {type: enum, values: [msmes, laws]}\n    value-labels: {msmes: MSMEs}\n    translations: {fr: {values: {msmes: MPME}}}\n",
    );
    s.write(
        "content/practices/single-window.md",
        "---\ntitle: Single window\nsummary: One place to lodge trade documents.\narea: customs\ntools: [msmes, laws]\n---\n\nText.\n",
    );
    s.write(
        "content/practices/pay.md",
        "---\ntitle: Pay\nsummary: Payments.\narea: wsis-c7\n---\n\nText.\n",
    );
    let r = s.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // French: the French label, else the default label, else the value in words.
    let fr = s.read("site/fr/practices/single-window/index.html");
    assert!(fr.contains("<dt>Domaine</dt>"), "{fr}");
    assert!(fr.contains("Douanes et frontières"), "{fr}");
    // An untranslated value is the default language's, and marked so.
    assert!(fr.contains("<li>MPME</li><li><span lang=\"en\" dir=\"ltr\">Laws</span></li>"), "{fr}");
    assert!(!fr.contains("Customs and borders"), "{fr}");
    let fr_pay = s.read("site/fr/practices/pay/index.html");
    assert!(fr_pay.contains("WSIS C7"), "{fr_pay}");
    // Arabic translates the field's label but no value: the default labels.
    let ar = s.read("site/ar/practices/single-window/index.html");
    assert!(ar.contains("<dt>المجال</dt>") && ar.contains("Customs and borders"), "{ar}");
    let en_span = |t: &str| format!("<li><span lang=\"en\" dir=\"ltr\">{t}</span></li>");
    assert!(ar.contains(&format!("{}{}", en_span("MSMEs"), en_span("Laws"))), "{ar}");
    let en = s.read("site/practices/single-window/index.html");
    assert!(en.contains("Customs and borders") && en.contains("<li>MSMEs</li>"), "{en}");
    // The listing's filter buttons and the search page's facet labels too.
    let list = s.read("site/fr/practices/index.html");
    assert!(list.contains("Douanes et frontières") && !list.contains(">Customs<"), "{list}");
    let search = s.read("site/fr/search/index.html");
    assert!(search.contains("Douanes et fronti"), "{search}");
    // The command line's facets show the default label; a filter names a
    // value by its value or its label.
    let run = s.run(&["search", "window", "--filter", "area=Customs and borders"]);
    assert!(run.stdout.starts_with("1 result"), "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("Customs and borders (1)"), "{}", run.stdout);
    // Datasets keep the raw values.
    let json = s.run(&["export", "--format", "json"]).stdout;
    assert!(json.contains("\"customs\"") && !json.contains("Douanes"), "{json}");
}

#[test]
fn a_label_for_a_value_the_field_does_not_list_is_an_error_with_a_hint() {
    let s = site();
    s.write(
        "content/practices/_collection.yaml",
        "title: Practices\nsingular: Practice\nsort: title\nfields:\n  area:\n    type: enum\n    values: [customs, payments]\n    value-labels: {custom: Customs}\n    translations: {fr: {values: {paymnts: Paiements}}, de: {values: {customs: Zoll}}}\n  note: {type: string, value-labels: {a: A}}\n  tools: {type: list, of: {type: enum, values: [a], value-labels: {a: A}}}\n",
    );
    let e = errors(&s);
    assert!(
        e.contains("_collection.yaml:8:20: error: `custom` is not one of the values of `area`, so it takes no label"),
        "{e}"
    );
    assert!(e.contains("did you mean `customs`?"), "{e}");
    assert!(
        e.contains("_collection.yaml:9:34: error: `paymnts` is not one of the values of `area`"),
        "{e}"
    );
    assert!(e.contains("did you mean `payments`?"), "{e}");
    assert!(e.contains("`de` is not one of the site's languages"), "{e}");
    assert!(e.contains("_collection.yaml:10:24: error: `note` is not an enum field"), "{e}");
    assert!(e.contains("`value-labels` belongs on the list field, not inside `of`"), "{e}");
}

/// A term's description that another language's page shows in the
/// default language is marked so on the taxonomy's page too (it was on
/// the term's own page only), so a screen reader reads it in English.
#[test]
fn a_stand_in_term_description_is_marked_on_the_taxonomy_page() {
    let s = site();
    s.write(
        "content/_taxonomies.yaml",
        "topics:\n  title: Topics\n  terms:\n    trade:\n      label: Trade\n      description: Trade in goods and services.\n      translations: {fr: {label: Commerce, description: Le commerce des biens.}}\n",
    );
    let r = s.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // A run of its own inside the list's paragraph, which keeps the
    // page's alignment (a `dir` on the paragraph set it to the left).
    let stand_in = "<p><span lang=\"en\" dir=\"ltr\">Trade in goods and services.</span></p>";
    let ar = s.read("site/ar/topics/index.html");
    assert!(ar.contains(stand_in), "{ar}");
    let fr = s.read("site/fr/topics/index.html");
    assert!(fr.contains("<p>Le commerce des biens.</p>"), "{fr}");
    let en = s.read("site/topics/index.html");
    assert!(en.contains("<p>Trade in goods and services.</p>"), "{en}");
}
