//! Search over language versions: every version of a record is found in
//! its own language, a record is one hit, `--lang` shows its version in
//! that language (title, url, snippet, `lang`), and the browser ranks and
//! shows exactly what the command line does.
//!
//! The site is written here; its translations are added to the loaded
//! [`compendium::Site`] in Rust (as the loader makes them from `ID.LANG.md`
//! files), then both indexes are written as `build` writes them.

use std::path::Path;

use compendium::model::{Body, RecordFormat, Translation, Value};
use compendium::search::{Engine, Request, writer};

use crate::browser::{assert_same_ranking, marked, tool};
use crate::support::Site;

/// The site's languages besides English, as the records and translations
/// below are written; [`built_as`] may tag the same texts with other codes.
const LANGS: [&str; 3] = ["fr", "es", "ru"];

const COLLECTION: &str = "title: Regulations\nsingular: Regulation\ndescription: Laws.\nsort: title\nfacets: [jurisdiction]\nfields:\n  jurisdiction: {type: country, required: true}\n";

/// `(id, language, jurisdiction, title, summary, body)`.
const RECORDS: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "eu-ecommerce",
        "en",
        "DEU",
        "Electronic commerce directive",
        "Rules for online services and electronic commerce in the internal market.",
        "Information society services must tell users who they are.",
    ),
    (
        "fr-numerique",
        "fr",
        "FRA",
        "Loi pour la confiance dans l'économie numérique",
        "Encadre la responsabilité des hébergeurs et la publicité par courrier électronique.",
        "Les hébergeurs retirent les contenus illicites qui leur sont signalés.",
    ),
    (
        "ru-data",
        "ru",
        "RUS",
        "Федеральный закон о персональных данных",
        "Регулирует обработку персональных данных операторами.",
        "Операторы обязаны получать согласие субъектов персональных данных.",
    ),
    (
        "es-datos",
        "es",
        "ESP",
        "Ley de protección de datos personales",
        "Regula el tratamiento de datos personales y los derechos digitales.",
        "Los responsables del tratamiento deben informar a los interesados.",
    ),
    (
        "de-parcels",
        "en",
        "DEU",
        "Parcel delivery regulation",
        "Postal services deliver parcels ordered online within three days.",
        "Parcel lockers count as delivery points.",
    ),
];

/// `(id, language, title, summary, body)`.
const TRANSLATIONS: &[(&str, &str, &str, &str, Option<&str>)] = &[
    (
        "eu-ecommerce",
        "fr",
        "Directive sur le commerce électronique",
        "Règles pour les services en ligne et le commerce électronique dans le marché intérieur.",
        Some(
            "Les services de la société de l'information indiquent aux utilisateurs qui ils sont.",
        ),
    ),
    (
        "eu-ecommerce",
        "es",
        "Directiva sobre el comercio electrónico",
        "Normas para los servicios en línea y el comercio electrónico en el mercado interior.",
        None,
    ),
    (
        "fr-numerique",
        "en",
        "Law on confidence in the digital economy",
        "Sets the liability of hosting providers and of advertising by email.",
        None,
    ),
    (
        "ru-data",
        "en",
        "Federal law on personal data",
        "Regulates how operators process personal data.",
        Some("Operators must obtain the consent of data subjects."),
    ),
];

/// `lang` as the site tags it: [`LANGS`] mapped to `langs`.
fn tag<'a>(lang: &'a str, langs: &[&'a str; 3]) -> &'a str {
    LANGS.iter().position(|l| *l == lang).map_or(lang, |i| langs[i])
}

/// The site's files on disk, with [`LANGS`] tagged as `langs`.
fn write_site_as(langs: &[&str; 3]) -> Site {
    let site = Site::new();
    site.write(
        "book.toml",
        &format!(
            "[book]\ntitle = \"Test\"\nlanguage = \"en\"\nlanguages = [\"en\", \"{}\", \"{}\", \"{}\"]\n",
            langs[0], langs[1], langs[2]
        ),
    );
    site.write("content/regulations/_collection.yaml", COLLECTION);
    for (id, lang, country, title, summary, body) in RECORDS {
        let lang = tag(lang, langs);
        site.write(
            &format!("content/regulations/{id}.md"),
            &format!(
                "---\ntitle: \"{title}\"\nsummary: \"{summary}\"\nlanguage: {lang}\njurisdiction: {country}\n---\n{body}\n"
            ),
        );
    }
    site
}

fn write_site() -> Site {
    write_site_as(&LANGS)
}

/// The loaded site with `translations` added to its records.
fn load(root: &Path, translations: &[(&str, &str, &str, &str, Option<&str>)]) -> compendium::Site {
    load_as(root, translations, &LANGS)
}

/// [`load`], with [`LANGS`] tagged as `langs`.
fn load_as(
    root: &Path,
    translations: &[(&str, &str, &str, &str, Option<&str>)],
    langs: &[&str; 3],
) -> compendium::Site {
    let loaded = compendium::pipeline::load(root);
    let mut site = loaded.site.unwrap_or_else(|| panic!("{:?}", loaded.diagnostics));
    for (id, lang, title, summary, body) in translations {
        let lang = &tag(lang, langs);
        let key = compendium::Key::new("regulations", *id);
        let record = site.records.get_mut(&key).expect("record");
        let mut fields = compendium::model::Fields::new();
        fields.insert("title", Value::Str((*title).to_owned()));
        fields.insert("summary", Value::Str((*summary).to_owned()));
        record.translations.insert(
            (*lang).to_owned(),
            Translation {
                lang: (*lang).to_owned(),
                path: format!("content/regulations/{id}.{lang}.md"),
                format: RecordFormat::Markdown,
                fields,
                body: body.map(Body::new),
                body_links: Vec::new(),
            },
        );
    }
    site
}

/// Writes the tantivy index into `root/index` and the browser index into
/// `root/site`, as `build` does.
fn write_indexes(site: &compendium::Site, root: &Path) {
    let out = root.join("site");
    let sink = |files: Vec<compendium::output::OutputFile>| -> anyhow::Result<()> {
        for f in files {
            let p = out.join(&f.path);
            std::fs::create_dir_all(p.parent().expect("parent"))?;
            std::fs::write(p, &f.bytes)?;
        }
        Ok(())
    };
    let _ = std::fs::remove_dir_all(root.join("index"));
    let _ = std::fs::remove_dir_all(&out);
    writer::write_indexes(site, &root.join("index"), Some(&sink)).expect("write indexes");
}

/// A built multilingual site: `(scratch folder, engine)`.
fn built() -> (Site, Engine) {
    built_as(&LANGS)
}

/// [`built`], with [`LANGS`] tagged as `langs`.
fn built_as(langs: &[&str; 3]) -> (Site, Engine) {
    let dir = write_site_as(langs);
    let site = load_as(dir.path(), TRANSLATIONS, langs);
    write_indexes(&site, dir.path());
    let engine = Engine::open(&dir.path().join("index")).expect("open");
    (dir, engine)
}

fn req(query: &str, lang: Option<&str>) -> Request {
    Request {
        query: query.to_owned(),
        limit: 10,
        lang: lang.map(str::to_owned),
        ..Request::default()
    }
}

#[test]
fn a_query_finds_records_through_their_versions_in_its_language() {
    let (_dir, engine) = built();
    for (query, key) in [
        ("commerce électronique", "regulations/eu-ecommerce"),
        ("comercio electrónico", "regulations/eu-ecommerce"),
        ("hosting providers liability", "regulations/fr-numerique"),
        ("hébergeurs", "regulations/fr-numerique"),
        ("персональных данных", "regulations/ru-data"),
        ("consent of data subjects", "regulations/ru-data"),
        ("datos personales", "regulations/es-datos"),
    ] {
        let got = engine.search(&req(query, None)).expect("search");
        assert_eq!(got.hits.first().map(|h| h.key.as_str()), Some(key), "{query}: {got:?}");
    }
}

#[test]
fn lang_shows_each_hit_in_that_language() {
    let (_dir, engine) = built();
    // Found through its French translation; shown in French with --lang fr.
    let fr = engine.search(&req("commerce électronique", Some("fr"))).expect("search");
    let hit = &fr.hits[0];
    assert_eq!(hit.title, "Directive sur le commerce électronique");
    assert_eq!(hit.url, "fr/regulations/eu-ecommerce/index.html");
    assert_eq!(hit.lang, "fr");
    assert!(hit.snippet.text.contains("services en ligne"), "{:?}", hit.snippet);
    assert!(!hit.snippet.highlights.is_empty(), "{:?}", hit.snippet);
    // Facet values are named in the language too (country names from CLDR).
    let label = |r: &compendium::search::Response| {
        r.facets.iter().flat_map(|f| f.values.iter().map(|v| v.0.clone())).collect::<Vec<_>>()
    };
    assert_eq!(label(&fr), ["Allemagne"], "{:?}", fr.facets);
    // Without --lang: the default language's version and page, at the root.
    let en = engine.search(&req("commerce électronique", None)).expect("search");
    assert_eq!(label(&en), ["Germany"], "{:?}", en.facets);
    assert_eq!(en.hits[0].title, "Electronic commerce directive");
    assert_eq!(en.hits[0].url, "regulations/eu-ecommerce/index.html");
    assert_eq!(en.hits[0].lang, "en");
    // A French original is shown as itself in French, through its English
    // translation in English; a language with no version shows the original.
    let q = "hébergeurs publicité";
    let hit = &engine.search(&req(q, Some("FR"))).expect("search").hits[0];
    assert_eq!(
        (hit.title.as_str(), hit.lang.as_str()),
        ("Loi pour la confiance dans l'économie numérique", "fr")
    );
    assert_eq!(hit.url, "fr/regulations/fr-numerique/index.html");
    let q = "digital economy";
    let hit = &engine.search(&req(q, Some("en"))).expect("search").hits[0];
    assert_eq!(hit.title, "Law on confidence in the digital economy");
    let hit = &engine.search(&req("confiance", Some("es"))).expect("search").hits[0];
    assert_eq!(
        (hit.lang.as_str(), hit.url.as_str()),
        ("fr", "es/regulations/fr-numerique/index.html")
    );
    // A translation without a body shows the original's body in snippets.
    let hit = &engine.search(&req("comercio", Some("es"))).expect("search").hits[0];
    assert_eq!(hit.title, "Directiva sobre el comercio electrónico");
    assert!(hit.snippet.text.contains("Information society"), "{:?}", hit.snippet);
    // Not a site language: a usage error naming the known ones.
    let err = engine.search(&req("data", Some("de"))).expect_err("unknown language");
    assert!(err.to_string().contains("en, fr, es, ru"), "{err}");
}

/// A record found only through another version than the page's shows that
/// version (title, snippet with the match, `lang`, and its own page), as a
/// search engine shows the page that holds the words; found through the
/// page's own version too, it shows the page's.
#[test]
fn a_hit_found_only_in_another_version_keeps_the_page_and_shows_that_snippet() {
    let (_dir, engine) = built();
    // Only the French translation's body says "utilisateurs": the hit keeps
    // the page's version (title, page) with the French snippet, said so.
    for (lang, title, url) in [
        (None, "Electronic commerce directive", "regulations/eu-ecommerce/index.html"),
        (Some("en"), "Electronic commerce directive", "regulations/eu-ecommerce/index.html"),
        (
            Some("es"),
            "Directiva sobre el comercio electrónico",
            "es/regulations/eu-ecommerce/index.html",
        ),
    ] {
        let got = engine.search(&req("utilisateurs", lang)).expect("search");
        let hit = &got.hits[0];
        assert_eq!(hit.key, "regulations/eu-ecommerce", "{lang:?}");
        assert_eq!(
            (hit.title.as_str(), hit.lang.as_str(), hit.url.as_str()),
            (title, lang.unwrap_or("en"), url),
            "{lang:?}"
        );
        assert_eq!(hit.snippet_lang.as_deref(), Some("fr"), "{lang:?}");
        assert!(
            marked(&hit.snippet).contains("<mark>utilisateurs</mark>"),
            "{lang:?}: {:?}",
            hit.snippet
        );
    }
    // On the French page it is the French version, with its own snippet.
    let hit = &engine.search(&req("utilisateurs", Some("fr"))).expect("search").hits[0];
    assert_eq!((hit.lang.as_str(), hit.snippet_lang.as_deref()), ("fr", None));
    // An English translation without a body shows its French original's
    // body, which holds "hébergeurs": it stays the English version.
    let hit = &engine.search(&req("hébergeurs", Some("en"))).expect("search").hits[0];
    assert_eq!(
        (hit.lang.as_str(), hit.url.as_str()),
        ("en", "regulations/fr-numerique/index.html")
    );
    assert!(marked(&hit.snippet).contains("<mark>hébergeurs</mark>"), "{:?}", hit.snippet);
    // The page's version holding a word keeps it, even where another
    // version scores higher ("commerce" is in the English summary too).
    let hit = &engine.search(&req("commerce électronique", None)).expect("search").hits[0];
    assert_eq!(
        (hit.lang.as_str(), hit.url.as_str()),
        ("en", "regulations/eu-ecommerce/index.html")
    );
    assert!(!hit.snippet.highlights.is_empty(), "{:?}", hit.snippet);
}

#[test]
fn a_record_is_one_hit_counted_once() {
    let (_dir, engine) = built();
    // "electronic"/"électronique" is in the English, French and Spanish
    // versions of eu-ecommerce (and in fr-numerique's French original).
    for query in ["electronique", "électronique", "jurisdiction:deu", "services"] {
        let got = engine.search(&req(query, None)).expect("search");
        let mut keys: Vec<&str> = got.hits.iter().map(|h| h.key.as_str()).collect();
        let n = keys.len();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), n, "{query}: {:?}", got.hits);
        assert_eq!(got.total, n, "{query}");
    }
    let got = engine.search(&req("services", None)).expect("search");
    let jurisdiction = got.facets.iter().find(|f| f.field == "jurisdiction").expect("facet");
    let total: u64 = jurisdiction.values.iter().map(|(_, n, _)| n).sum();
    assert_eq!(total, got.total as u64, "{:?}", got.facets);
    // Filters keep working on records found through a translation.
    let mut r = req("commerce", Some("fr"));
    r.filters.push(("jurisdiction".into(), "DEU".into()));
    let got = engine.search(&r).expect("search");
    assert_eq!(
        got.hits.iter().map(|h| h.key.as_str()).collect::<Vec<_>>(),
        ["regulations/eu-ecommerce"]
    );
    r.filters[0].1 = "FRA".into();
    r.query = "directive".into();
    assert_eq!(engine.search(&r).expect("search").total, 0);
}

#[test]
fn in_place_updates_replace_every_version() {
    let dir = write_site();
    let old = load(dir.path(), TRANSLATIONS);
    let mut changed: Vec<_> = TRANSLATIONS.to_vec();
    changed[0].2 = "Directive relative au négoce électronique";
    let new = load(dir.path(), &changed);
    let mut more = changed.clone();
    more.push(("de-parcels", "fr", "Règlement sur la livraison des colis", "Les colis.", None));
    let newer = load(dir.path(), &more);
    write_indexes(&old, dir.path());
    let index = dir.path().join("index");
    assert_eq!(writer::update(&old, &new, &index).expect("update"), Some(1));
    let engine = Engine::open(&index).expect("open");
    let got = engine.search(&req("négoce", Some("fr"))).expect("search");
    assert_eq!(got.hits.len(), 1);
    assert_eq!(got.hits[0].title, "Directive relative au négoce électronique");
    // The other versions are there once each.
    let got = engine.search(&req("comercio", None)).expect("search");
    assert_eq!(got.total, 1);
    assert_eq!(engine.search(&req("services", None)).expect("search").total, 2);

    // The browser index follows the same change to the same bytes as a
    // fresh one.
    let (_, old_facets) = compendium::search::catalog::build(&old);
    let (catalog, new_facets) = compendium::search::catalog::build(&new);
    let mut browser = compendium::search::browser::Index::new(&old, &old_facets);
    assert!(browser.update((&old, &old_facets), (&new, &new_facets)));
    let updated = browser
        .output(
            &catalog,
            &new_facets,
            &compendium::search::catalog::all_ranges(&catalog, &new),
            &|_| false,
        )
        .files;
    let fresh = compendium::search::browser::files(&new).expect("files");
    assert!(updated == fresh, "an updated browser index differs from a fresh one");
    // A translation added changes the layout: made anew.
    let (_, newer_facets) = compendium::search::catalog::build(&newer);
    assert!(!browser.update((&new, &new_facets), (&newer, &newer_facets)));
    assert_eq!(writer::update(&new, &newer, &index).expect("update"), Some(1));
    let engine = Engine::open(&index).expect("open");
    let got = engine.search(&req("colis", Some("fr"))).expect("search");
    assert_eq!(
        got.hits.first().map(|h| h.title.as_str()),
        Some("Règlement sur la livraison des colis")
    );
}

#[test]
fn a_site_without_translations_has_the_browser_index_it_had() {
    let dir = write_site();
    let site = load(dir.path(), &[]);
    let files = compendium::search::browser::files(&site).expect("files");
    let meta = files.iter().find(|f| f.path == "search/meta.js").expect("meta.js");
    let meta = String::from_utf8_lossy(&meta.bytes);
    assert!(!meta.contains("\"tr\"") && meta.contains("\"n\":5,"), "{meta}");
    // Languages are listed for the urls of each language's pages.
    assert!(meta.contains("\"sl\":[\"en\",\"fr\",\"es\",\"ru\"]"), "{meta}");
    let doc = files.iter().find(|f| f.path.starts_with("search/i/d0-")).expect("doc 0");
    assert!(!String::from_utf8_lossy(&doc.bytes).contains("\"g\""));
}

/// The browser ranks and shows versions as the command line does: on the
/// site tagged with languages both analyse alike (no stemmer: Polish,
/// Swahili, Vietnamese), which tests the versions' layout, collapsing,
/// filters and urls by themselves.
#[test]
fn the_browser_ranks_and_shows_versions_like_the_command_line() {
    browser_parity(&["pl", "sw", "vi"]);
}

/// The same with French, Spanish and Russian, which the browser matches
/// like the command line once it stems them (the analysis part of issue 13).
#[test]
fn the_browser_ranks_and_shows_stemmed_versions_like_the_command_line() {
    browser_parity(&LANGS);
}

fn stemmed(tag: &str) -> bool {
    !matches!(
        compendium::search::analysis::Lang::from_bcp47(tag),
        compendium::search::analysis::Lang::Plain
    )
}

fn browser_parity(langs: &[&str; 3]) {
    let Some(node) = tool("node") else { return };
    let (dir, _engine) = built_as(langs);
    let mut requests = Vec::new();
    for q in [
        "commerce électronique",
        "comercio electrónico",
        "hosting providers liability",
        "hébergeurs",
        "utilisateurs",
        "персональных данных",
        "данных",
        "datos personales",
        "services",
        "electronique",
        "electronic commerce -directive",
        "\"commerce électronique\"",
        "jurisdiction:deu",
        "services jurisdiction:deu",
        "services -jurisdiction:deu",
        "collection:regulations",
        "parcels online",
        "comerce",
        "zzzz services",
    ]
    // A misspelt word in a stemmed language other than English is the one
    // place the browser may differ: it has no Snowball stemmer, so it guesses
    // the stem of a word no record contains (browser/forms.rs).
    .into_iter()
    .filter(|q| *q != "comerce" || !langs.iter().any(|l| stemmed(l)))
    {
        for lang in [None, Some("en"), Some(langs[0]), Some(langs[1]), Some(langs[2])] {
            requests.push(req(q, lang));
        }
    }
    assert_same_ranking(&node, dir.path(), &requests);
}

/// The site on disk with its translations as `ID.LANG.md` files.
fn write_site_with_files() -> Site {
    let site = write_site();
    for (id, lang, title, summary, body) in TRANSLATIONS {
        site.write(
            &format!("content/regulations/{id}.{lang}.md"),
            &format!(
                "---\ntitle: \"{title}\"\nsummary: \"{summary}\"\n---\n{}\n",
                body.unwrap_or("")
            ),
        );
    }
    site
}

#[test]
fn search_lang_on_the_command_line_and_in_serve() {
    let site = write_site_with_files();
    let build = site.run(&["build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let run = site.run(&["search", "commerce électronique", "--lang", "fr", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let hits: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(hits[0]["key"], "regulations/eu-ecommerce", "{}", run.stdout);
    assert_eq!(hits[0]["title"], "Directive sur le commerce électronique");
    assert_eq!(hits[0]["url"], "fr/regulations/eu-ecommerce/index.html");
    assert_eq!(hits[0]["lang"], "fr");
    let keys: std::collections::BTreeSet<&str> =
        hits.iter().filter_map(|h| h["key"].as_str()).collect();
    assert_eq!(keys.len(), hits.len(), "one hit per record: {}", run.stdout);
    // The human output shows the French title too.
    let human = site.run(&["search", "commerce électronique", "--lang", "fr"]);
    assert!(human.stdout.contains("Directive sur le commerce électronique"), "{}", human.stdout);
    // A hit with no French version says the language it is shown in.
    let human = site.run(&["search", "datos personales", "--lang", "fr"]);
    assert!(human.stdout.contains("regulations/es-datos [es]"), "{}", human.stdout);
    let human = site.run(&["search", "datos personales", "--lang", "es"]);
    assert!(!human.stdout.contains("[es]"), "{}", human.stdout);
    // A language the site does not have: a usage error naming those it has.
    let bad = site.run(&["search", "commerce", "--lang", "de"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(
        bad.stderr.contains("there is no site language `de`")
            && bad.stderr.contains("en, fr, es, ru"),
        "{}",
        bad.stderr
    );

    // serve answers /api/search?lang=fr with what `search --lang fr --json` prints.
    let (mut child, url, stderr) = crate::support::spawn_serve(site.path(), &[], &[]);
    assert!(
        url.starts_with("http://127.0.0.1:"),
        "{}",
        stderr.lock().map(|s| s.clone()).unwrap_or_default()
    );
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(std::time::Duration::from_secs(20)))
        .build()
        .into();
    let get = |path: &str| {
        let mut r = agent.get(format!("{url}{path}")).call().expect("request");
        (r.status().as_u16(), r.body_mut().read_to_string().unwrap_or_default())
    };
    let (status, body) = get("api/search?q=commerce+%C3%A9lectronique&lang=fr");
    let (bad_status, bad_body) = get("api/search?q=commerce&lang=de");
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(status, 200, "{body}");
    assert_eq!(body, run.stdout);
    assert_eq!(bad_status, 400, "{bad_body}");
}

/// In Chromium, from `file://`: the default language's search page shows
/// each hit's default-language version and marks one in another language;
/// a French search page (as `fr/search/index.html` is made: the same page
/// one folder deeper, `<html lang=fr>`) shows French versions and links
/// the French pages, from the one index at the site root.
#[test]
fn search_pages_show_their_languages_versions_in_chromium() {
    let Some(chromium) = tool("chromium") else { return };
    let site = write_site_with_files();
    let build = site.run(&["build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let out = site.path().join("site");
    assert!(out.join("search/versions.js").is_file());
    let root_page = std::fs::read_to_string(out.join("search/index.html")).expect("search page");
    if !out.join("fr/search/index.html").is_file() {
        let fr = root_page.replace("\"../", "\"../../").replace("=../", "=../../");
        let fr = fr.replacen("<html lang=en", "<html lang=fr", 1).replacen(
            "<html lang=\"en\"",
            "<html lang=\"fr\"",
            1,
        );
        site.write("site/fr/search/index.html", &fr);
    }
    let dom = crate::browser::dump_dom(
        &chromium,
        &format!("file://{}?q=datos%20personales", out.join("search/index.html").display()),
    );
    let results = crate::browser::results_of(&dom);
    assert!(results.contains("href=\"../regulations/es-datos/index.html\""), "{results}");
    assert!(results.contains("lang=\"es\"") && results.contains("search-lang"), "{results}");
    let dom = crate::browser::dump_dom(
        &chromium,
        &format!(
            "file://{}?q=commerce%20%C3%A9lectronique",
            out.join("fr/search/index.html").display()
        ),
    );
    let results = crate::browser::results_of(&dom);
    assert!(results.contains("href=\"../../fr/regulations/eu-ecommerce/index.html\""), "{results}");
    assert!(results.contains("Directive sur le commerce électronique"), "{results}");
}

/// A country no record names stands for its blocs on a French search page
/// too, and the note names each bloc as the French pages do (the index's
/// labels are the default language's).
#[test]
fn the_bloc_note_names_blocs_in_the_pages_language_in_chromium() {
    let Some(chromium) = tool("chromium") else { return };
    let s = Site::new();
    s.write("book.toml", "[book]\ntitle = \"T\"\nlanguages = [\"en\", \"fr\"]\n");
    s.write(
        "content/_taxonomies.yaml",
        "regions:\n  title: Regions\n  terms:\n    eu: {label: European Union, members: [FRA, ESP], translations: {fr: {label: Union européenne}}}\n",
    );
    s.write("content/laws/_collection.yaml", COLLECTION);
    s.write("content/laws/eu-x.yaml", "title: Union law\nsummary: s\njurisdiction: eu\n");
    s.write("content/laws/fr-x.yaml", "title: French law\nsummary: s\njurisdiction: FRA\n");
    let run = s.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = s.path().join("site/fr/search/index.html");
    assert!(page.is_file());
    let dom = crate::browser::dump_dom(&chromium, &format!("file://{}?q=Espagne", page.display()));
    assert!(dom.contains("Union européenne (jurisdiction:eu)"), "{dom}");
    assert!(!dom.contains("European Union (jurisdiction"), "{dom}");
    assert!(crate::browser::results_of(&dom).contains("fr/laws/eu-x/index.html"), "{dom}");
}
