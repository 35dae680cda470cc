//! Browser search: `search.js` (as shipped, minified) must analyse and rank
//! exactly like the command line, filter (several values of a field, date
//! and number ranges), sort and count facet values like it, and
//! `search/index.html?q=…` must find records in headless Chromium, opened
//! from `file://` and from a local static server; its filter panel and sort
//! control are used by keyboard (`tests/a11y/filters.js`).
//!
//! These tests need `node` and `chromium` on the PATH (`.ci/run` installs
//! them), and playwright-core (`npm ci --prefix tests/a11y`, run when
//! missing); set `COMPENDIUM_BROWSER_TESTS=skip` to skip them on a machine
//! without. `COMPENDIUM_SCREENSHOTS=DIR` keeps PNGs of the filtered search
//! page in English and Arabic (`docs/screenshots/search-filters-*.png`).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use compendium::search::{Engine, Request};

use crate::support::{Site, eval_site, repo, snapshot};

/// `name` on the PATH; `None` (the test skips) when
/// `COMPENDIUM_BROWSER_TESTS=skip`, a panic when it is not installed.
pub(crate) fn tool(name: &str) -> Option<PathBuf> {
    if std::env::var("COMPENDIUM_BROWSER_TESTS").is_ok_and(|v| v == "skip") {
        eprintln!("skipped: COMPENDIUM_BROWSER_TESTS=skip");
        return None;
    }
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths).map(|p| p.join(name)).find(|p| p.is_file())
    });
    match found {
        Some(p) => Some(p),
        None => {
            panic!("`{name}` is not installed; install it or set COMPENDIUM_BROWSER_TESTS=skip")
        }
    }
}

/// The eval site copied and built; `None` without ../shared.
pub(crate) fn built_eval_site() -> Option<Site> {
    let site = Site::copy_of(&eval_site()?);
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    Some(site)
}

/// Runs the node driver in `mode` with `input` on stdin.
pub(crate) fn driver(node: &Path, site: &Path, mode: &str, input: &str) -> String {
    let mut child = Command::new(node)
        .arg(repo().join("tests/testsuite/browser/driver.js"))
        .arg(site.join("search/search.js"))
        .arg(site)
        .arg(mode)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run node");
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write stdin");
    let out = child.wait_with_output().expect("node output");
    assert!(out.status.success(), "node: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8")
}

/// Words to compare: every word of the evaluation site and the seeds, and
/// words that exercise each stemmer and spelling rule.
///
/// No CJK or Arabic script here: an index without them does not load the
/// browser's rules for them (`search-lang.js`), which
/// `browser_analysis_matches_the_rust_analysis_in_every_language` tests.
fn words(site: &Path) -> Vec<String> {
    let mut words: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    let mut texts: Vec<String> = Vec::new();
    for dir in [site.join("content"), repo().join("tests/seeds")] {
        for e in walkdir::WalkDir::new(dir).sort_by_file_name().into_iter().flatten() {
            if e.file_type().is_file() {
                texts.push(std::fs::read_to_string(e.path()).unwrap_or_default());
            }
        }
    }
    for t in &texts {
        for w in t.split(|c: char| c.is_whitespace() || c == '/' || c == '(' || c == ')') {
            if !w.is_empty() {
                words.insert(w.to_owned());
            }
        }
    }
    for w in "generously skies dying lying inning outing happily agreed feed proceed exceeded \
        succeeded emergency organisation organization universal communism past pasted hopping \
        hoping caresses ponies ties cries guided sky news howe generically archaeologist \
        pragmatically colourful favourite behavioural neighbourhood realising recognisable \
        analysed paralysed centred kilometres fibres catalogues dialogue programmes licences \
        cheques judgement ageing enrolment instalments sceptical manoeuvres advise enterprise \
        exercising promising noise raised crises premises hatred inbred macabre tours flour \
        détente Ærøskøbing straße İstanbul naïve façade coöperate ǅemal œuvre ½ ² Ⅻ \
        e-commerce M-Pesa women's O’Brien cross-border-e-commerce-returns a--b x- \
        SMEs MSMEs NGOs LDCs 3Ds IDs Ms DNS SMEs-led SMES \
        U.S. U.S.A. e.g. E.U Mr. 2.0 a.b x.y2 é.ü U.S.-led"
        .split_whitespace()
    {
        words.insert(w.to_owned());
    }
    words.into_iter().collect()
}

#[test]
fn browser_analysis_matches_the_rust_analysis() {
    let Some(node) = tool("node") else { return };
    let Some(site) = built_eval_site() else { return };
    let words = words(site.path());
    let mut analyzer =
        compendium::search::analysis::Analyzer::new(compendium::search::analysis::Lang::English);
    let expected: Vec<Vec<String>> =
        words.iter().map(|w| analyzer.analyze(w).into_iter().map(|t| t.term).collect()).collect();
    let got: Vec<Vec<String>> = serde_json::from_str(&driver(
        &node,
        &site.path().join("site"),
        "analyze",
        &words.join("\n"),
    ))
    .expect("json");
    assert_eq!(got.len(), expected.len());
    let diffs: Vec<String> = words
        .iter()
        .zip(expected.iter().zip(&got))
        .filter(|(_, (e, g))| e != g)
        .map(|(w, (e, g))| format!("{w:?}: rust {e:?}, js {g:?}"))
        .collect();
    assert!(
        diffs.is_empty(),
        "{} of {} words differ:\n{}",
        diffs.len(),
        words.len(),
        diffs.join("\n")
    );
}

/// Text that exercises the script rules: the edges of every CJK range,
/// mixed runs, Arabic vowel marks, tatweel, letter variants and digits,
/// Persian letters, Cyrillic and Greek capitals.
fn script_edge_texts() -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for &(lo, hi) in compendium::search::analysis::script::CJK {
        let at = |c: u32| char::from_u32(c).map(String::from).unwrap_or_default();
        // Each edge between Latin letters, and the two sides of each edge joined.
        out.push(format!("a{}b{}{}c{}{}", at(lo - 1), at(lo), at(lo + 1), at(hi), at(hi + 1)));
        out.push(format!("{}{}{}", at(lo - 1), at(lo), at(hi)));
    }
    for t in [
        "日本語 中华人民共和国电子商务法 GDPR第5条 第五条規定 e-商务 個人情報のPDF ｶﾀｶﾅ 々 〇 𠀀𠀁",
        "الْمَحْكَمَةُ المحـــكمة أحمد إسلام آمن ٱلله مستشفى مدرسة ١٢٣ ۴۵۶ ـ کتابی ۀ ہ ے",
        "ЗАКОН О ЗАЩИТЕ Ёлка ΝΌΜΟΣ ΣΟΦΊΑ Straße İstanbul ǅemal",
        // Combining marks inside words: a virama, vowel signs, a lone mark.
        "हस्तांतरण संरक्षण தமிழ் বাংলা ಕನ್ನಡ a\u{301}b \u{301}x",
        // Scripts without spaces and with marks: clusters' bigrams.
        "พระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล ข้อมูล ก ข้ ำ ກົດໝາຍ ច្បាប់ ဥပဒေ PDPAข้อมูล",
        // Hebrew points and cantillation, maqaf; Indic digits.
        "הַגָּנַת הַפְּרָטִיּוּת בַּמִּשְׁפָּט תל־אביב ׃ २५० ৩ ௧௦ ൯",
        // Groups of thousands (`25.326` is also `25326`), and what is none.
        "Ley 25.326, Lei 13,709/2018 y 25.326.000 o 2.0, 1,5, 1234.567 3.1416 10.000a 1.000€ ١.٢٣٤",
    ] {
        out.extend(t.split_whitespace().map(str::to_owned));
        out.push(t.to_owned());
    }
    out
}

/// The browser's analysis in every language of a multilingual index, term
/// and position, against the Rust analysers: English and unstemmed text on
/// any words, the other stemmers on the words the index holds (the stems
/// table's; see `browser/forms.rs` for words outside it).
#[test]
fn browser_analysis_matches_the_rust_analysis_in_every_language() {
    use compendium::search::analysis::{Analyzer, Lang};
    let Some(node) = tool("node") else { return };
    let site = crate::languages::analysis::multilingual_site();
    let mut native: Vec<String> = Vec::new();
    for (_, _, title, summary, body) in crate::languages::analysis::RECORDS {
        for text in [title, summary, body] {
            native.extend(text.split_whitespace().map(str::to_owned));
            native.push((*text).to_owned());
        }
    }
    let edges = script_edge_texts();
    // Words no record holds: the browser stems them itself (its stems
    // table knows the records' words only), with their articles.
    let arabic_unseen: Vec<String> = [
        "الترخيص",
        "بالترخيص",
        "والترخيص",
        "كالمعطيات",
        "فالحماية",
        "الحمايه",
        "للمنشات",
        "والالكترونيه",
    ]
    .map(str::to_owned)
    .to_vec();
    let mut lines: Vec<(String, String)> = Vec::new();
    for lang in ["en", "plain", "ar", "de", "es", "fr", "pt", "ru"] {
        let extra = match lang {
            "en" | "plain" => &edges[..],
            "ar" => &arabic_unseen[..],
            _ => &[][..],
        };
        for w in native.iter().chain(extra) {
            lines.push((lang.to_owned(), w.clone()));
        }
    }
    let input: Vec<String> = lines.iter().map(|(l, w)| format!("{l}\t{w}")).collect();
    let got: Vec<Vec<(String, u32)>> = serde_json::from_str(&driver(
        &node,
        &site.path().join("site"),
        "analyze-langs",
        &input.join("\n"),
    ))
    .expect("json");
    assert_eq!(got.len(), lines.len());
    let mut diffs = Vec::new();
    for ((lang, text), js) in lines.iter().zip(&got) {
        let l = if lang == "plain" { Lang::Plain } else { Lang::from_bcp47(lang) };
        let rust: Vec<(String, u32)> =
            Analyzer::new(l).analyze(text).into_iter().map(|t| (t.term, t.position)).collect();
        if &rust != js {
            diffs.push(format!("{lang} {text:?}: rust {rust:?}, js {js:?}"));
        }
    }
    assert!(diffs.is_empty(), "{} of {} differ:\n{}", diffs.len(), lines.len(), diffs.join("\n"));
}

/// The judged multilingual queries, and more, rank the same in the browser.
#[test]
fn browser_ranking_matches_the_command_line_in_every_language() {
    let Some(node) = tool("node") else { return };
    let site = crate::languages::analysis::multilingual_site();
    let judged: Vec<Request> = crate::languages::analysis::QUERIES
        .iter()
        .map(|(q, _)| Request { query: (*q).to_owned(), limit: 10, ..Request::default() })
        .collect();
    assert_same_top_hit(&node, site.path(), &judged);
    let mut queries: Vec<&str> = Vec::new();
    queries.extend([
        "\"电子商务经营者\"",
        "中华人民共和国",
        "电商",
        "法",
        "-个人 本法",
        "个人信息 protection",
        "الْبَيَانَات",
        "نظام",
        "потребитолей",
        "responsabilite",
        // Misspelt words of several languages, and words that begin so.
        "informaton",
        "protecton donnees",
        "electronqiue",
        "commerse",
        "comerc*",
        "datos pers*",
        "\"commerce électronique\"",
        "datos -personales",
        "tratamento dados",
        // Elided articles go (query.rs without_elision).
        "l'économie numérique",
        "l’électronique",
        "qu'il données",
        "Pflichten",
        "single window",
        "regulations",
        // Words of the records, as they are written.
        "Закон потребителями",
        "hébergeurs électronique",
        "protección datos personales",
        "Proteção Dados Pessoais",
        "Geschäftsverkehr Diensteanbieter",
        "التجارية الإلكترونية",
        // An excluded word leaves out every version of its record.
        "collection:best-practices -data",
        "collection:programmes -women",
        "electronic -données",
        "-电子 collection:regulations",
        // CJK sentences: the records with most of their bigrams.
        "个人信息的保护",
        "個人情報保護の法律",
        "개인정보가",
        "\"个人信息的保护\"",
        // Full-width and half-width forms, as input methods type them.
        "ＧＤＰＲ",
        "\u{ff02}电子商务\u{ff02}",
        "collection\u{ff1a}regulations 电子",
        // Zero-width spaces and presentation forms, as a copy from a web
        // page or a PDF leaves them.
        "dat\u{200b}os personales",
        "电子\u{200b}商务",
        "ﺍﻟﺘﺠﺎﺭﻳﺔ ﺍﻹﻟﻜﺘﺮﻭﻧﻴﺔ",
    ]);
    let requests: Vec<Request> = queries
        .iter()
        .map(|q| Request { query: (*q).to_owned(), limit: 10, ..Request::default() })
        .collect();
    assert_same_ranking(&node, site.path(), &requests);
}

#[test]
fn browser_ranking_matches_the_command_line() {
    let Some(node) = tool("node") else { return };
    let Some(site) = built_eval_site() else { return };
    let Some(eval) = eval_site() else { return };
    let mut requests: Vec<Request> = Vec::new();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .from_path(eval.join("queries.tsv"))
        .expect("queries.tsv");
    for row in reader.records() {
        let row = row.expect("row");
        let mut req = Request { query: row[0].to_owned(), limit: 10, ..Request::default() };
        for f in row[1].split_whitespace() {
            if let Some((k, v)) = f.split_once('=') {
                if k == "collection" {
                    req.collection = Some(v.to_owned());
                } else {
                    req.filters.push((k.to_owned(), v.to_owned()));
                }
            }
        }
        requests.push(req);
    }
    for q in [
        "payment",
        "the",
        // Words in capitals are acronyms, never words typed half-way.
        "PAYM",
        "Paym",
        "PAYM mobile",
        "e-money",
        "mobile-money",
        // Misspelt compounds: near spellings of the glued form.
        "e-comerce",
        "mobile-mony",
        "e-xqzv",
        "digital adress",
        // Misspelt words: near spellings from the vocabulary's words.
        "consuer",
        "protectino rights",
        "secruity",
        "advertisign",
        "informaton",
        "wmen",
        // Words that begin so.
        "mob*",
        "consum* protect*",
        "qqq*",
        // Words nowhere that begin words: as if typed `word*`.
        "mobil",
        "consu protectio",
        "advertis mob",
        "-mob* money",
        "\"cooling-off period\"",
        "\"e-commerce\" law",
        "consumer -\"online shopping\"",
        "reviews collection:regulations",
        "jurisdiction:kenya",
        "topics:\"Consumer rights\" online",
        "women -jurisdiction:IND",
        "prioritise",
        "programme",
        "*",
        "\"\"\"",
        "-",
        "日本語",
        "U.S.",
        "zzzzzzzzz",
        // Questions: words no record contains are dropped; when no record
        // has every word, those with the most of them come first.
        "zzzzzzzzz mobile money",
        "what does the EU say about strong customer authentication for card payments",
        "how do postal services help women sell abroad",
        "parcel lockers mobile money",
        // Other engines' operators: NOT excludes, AND and OR are left out.
        "consumer NOT reviews",
        "payment OR mobile",
        "women AND digital NOT jurisdiction:IND",
        "NOT",
        "OR AND",
    ] {
        requests.push(Request { query: q.to_owned(), limit: 10, ..Request::default() });
    }
    assert_same_ranking(&node, site.path(), &requests);
}

/// Filters on several values of one field, ranges, excluded ranges and
/// sorts: the same hits in the same order, the same notes and the same
/// (live) facet counts in the browser as on the command line.
#[test]
fn browser_filters_and_sorts_match_the_command_line() {
    let Some(node) = tool("node") else { return };
    let Some(site) = built_eval_site() else { return };
    let req = |q: &str, sort: Option<&str>| Request {
        query: q.to_owned(),
        limit: 10,
        sort: sort.map(str::to_owned),
        ..Request::default()
    };
    let mut requests: Vec<Request> = [
        "jurisdiction:KEN jurisdiction:IND",
        "payment jurisdiction:KEN jurisdiction:IND",
        "jurisdiction:KEN jurisdiction:IND status:in-force",
        // One value no record has: said, and the other still matches.
        "jurisdiction:KEN jurisdiction:nowhere",
        "jurisdiction:nowhere jurisdiction:elsewhere",
        // A value nothing is near: the field's values, when few.
        "status:bogus",
        "collection:bogus payment",
        "collection:regulations collection:programmes payment",
        "adopted:2015..2020",
        "adopted:>=2019",
        "adopted:>2018",
        "adopted:<=2013-03",
        "adopted:2020",
        "adopted:2015-11..2018-08-31 consumer",
        "adopted:>=2018 adopted:<2021",
        // Periods are alternatives; an open bound still holds.
        "adopted:2016 adopted:2020",
        "adopted:2016 adopted:2020 adopted:>=2019",
        "payment adopted:2015..2016 adopted:2021 -adopted:2021-06",
        "launched:<2015",
        "launched:2016..2017 women",
        "launched:>=2016",
        "payment -adopted:..2010",
        "consumer -launched:2017 -jurisdiction:IND",
        "adopted:1900..1910",
        // Other names of a value: a country's alpha-2 code and everyday
        // name, a term's alias.
        "jurisdiction:CN",
        "jurisdiction:\"united states\" payment",
        "jurisdiction:us jurisdiction:ke",
        // Words written like filters on fields that are none.
        "title:payment",
        "jurisdicton:KEN payment",
        // Ranges that cannot be read: nothing, and a note.
        "adopted:soon",
        "adopted:2021..2019",
        "payment -adopted:2020-13",
        "launched:>=20x6",
        // Filters written with no value: said, with an example.
        "adopted:",
        "payment jurisdiction:",
        "collection: payment",
    ]
    .iter()
    .map(|q| req(q, None))
    .collect();
    for (q, sort) in [
        ("payment", "-adopted"),
        ("payment", "adopted"),
        ("women", "-launched"),
        ("women", "launched"),
        ("digital", "-launched"),
        ("jurisdiction:KEN jurisdiction:IND jurisdiction:CHN", "-adopted"),
        ("consumer", "relevance"),
        ("collection:programmes", " -Launched "),
        ("mobile money", "-adopted"),
    ] {
        requests.push(req(q, Some(sort)));
    }
    // The command line's repeated --filter: values of one field are alternatives.
    requests.push(Request {
        filters: vec![
            ("jurisdiction".into(), "KEN".into()),
            ("jurisdiction".into(), "IND".into()),
            ("adopted".into(), ">=2011".into()),
        ],
        ..req("", None)
    });
    requests.push(Request {
        filters: vec![("adopted".into(), "2016".into()), ("adopted".into(), "2020".into())],
        ..req("", None)
    });
    requests.push(Request {
        collection: Some("regulations".into()),
        ..req("collection:programmes women", Some("-launched"))
    });
    // The judged filter queries (tests/fixtures/eval-filters.tsv), as the
    // command line's test runs them.
    for case in crate::search::filter_cases() {
        let mut r = req(&case.query, (!case.sort.is_empty()).then_some(case.sort.as_str()));
        r.limit = 50;
        for f in &case.filters {
            let (field, value) = f.split_once('=').expect("FIELD=VALUE");
            match field {
                "collection" => r.collection = Some(value.to_owned()),
                _ => r.filters.push((field.to_owned(), value.to_owned())),
            }
        }
        requests.push(r);
    }
    assert_same_ranking(&node, site.path(), &requests);
    // The cases above mean what they say: the union, the window, the order.
    let engine = Engine::open(&site.path().join("index")).expect("open index");
    let keys = |r: &Request| -> Vec<String> {
        let r = Request { limit: 1000, ..r.clone() };
        engine.search(&r).expect("search").hits.into_iter().map(|h| h.key).collect()
    };
    let (ken, ind) = (keys(&req("jurisdiction:KEN", None)), keys(&req("jurisdiction:IND", None)));
    let both = keys(&req("jurisdiction:KEN jurisdiction:IND", None));
    assert!(!ken.is_empty() && !ind.is_empty() && ken != ind);
    assert_eq!(both.len(), ken.iter().chain(&ind).collect::<std::collections::BTreeSet<_>>().len());
    assert_eq!(keys(&req("jurisdiction:KEN jurisdiction:nowhere", None)), ken);
    let window = keys(&req("adopted:>=2018 adopted:<2021", None));
    assert_eq!(window.len(), 2, "{window:?}");
    let sorted = keys(&req("collection:programmes", Some("-launched")));
    assert!(sorted.len() > 5, "{sorted:?}");
    // A sort the index cannot give (an old bookmark): relevance, and a note.
    let js = js_search(
        &node,
        site.path(),
        &[
            serde_json::json!({"query": "payment", "limit": 10, "sort": "-bogus"}),
            serde_json::json!({"query": "payment", "limit": 10}),
        ],
    );
    assert_eq!(js[0]["hits"], js[1]["hits"]);
    assert!(
        js[0]["notes"].as_array().is_some_and(|n| n.contains(&"cannot sort by bogus".into())),
        "{}",
        js[0]
    );
}

/// A query with nothing to match says why, once (not "no record contains"
/// and "no words" together), in the browser as on the command line.
#[test]
fn a_query_with_nothing_to_match_says_why_once() {
    let Some(node) = tool("node") else { return };
    let site = Site::minimal();
    site.write(
        "content/practices/e-payments.md",
        "---\ntitle: E-payments\nsummary: Paying duties online.\narea: payments\nadopted: 2019-05-02\n---\n",
    );
    assert_eq!(site.run(&["build"]).code, 0);
    let engine = Engine::open(&site.path().join("index")).expect("open index");
    let cases = [
        ("-window", "only excludes"),
        ("-area:customs", "only excludes"),
        ("qzxvkj", "no record contains"),
        ("* (", "has no words"),
        // Longer than any indexed word: in no record, not "no words".
        ("internationalisationsbestrebungenundmehrwerte", "no record contains"),
        ("adopted:2021-02-29", "cannot read"),
        // Not "has no words": the filter is said to need a value.
        ("adopted:", "adopted: needs a value after the colon"),
        // A common field no record has a value of: said, with one records have.
        ("year:2024", "no record has a value of year; did you mean adopted:2024?"),
    ];
    let requests: Vec<serde_json::Value> =
        cases.iter().map(|(q, _)| serde_json::json!({"query": q, "limit": 10})).collect();
    let js = js_search(&node, site.path(), &requests);
    for ((query, why), js) in cases.iter().zip(&js) {
        let req = Request { query: (*query).into(), limit: 10, ..Default::default() };
        let rust = engine.search(&req).expect("search");
        assert!(rust.hits.is_empty(), "{query}");
        assert_eq!(rust.notes.len(), 1, "{query}: {:?}", rust.notes);
        assert!(rust.notes[0].contains(why), "{query}: {:?}", rust.notes);
        let notes = js["notes"].as_array().expect("notes");
        assert_eq!(notes.len(), 1, "{query}: {js}");
        assert!(notes[0].as_str().is_some_and(|n| n.contains(why)), "{query}: {js}");
        assert_eq!(js["hits"].as_array().map(Vec::len), Some(0), "{query}: {js}");
    }
}

/// Each note of search.js carries its i18n key and values (`said`), which
/// the page says in its language: every key is in every language of the
/// built-in theme and in the search page's list of texts, and the English
/// text filled with the values is the English note, word for word.
#[test]
fn browser_notes_can_be_said_in_every_language() {
    let Some(node) = tool("node") else { return };
    let site = Site::minimal();
    assert_eq!(site.run(&["build"]).code, 0);
    let theme = repo().join("themes/default");
    let langs: Vec<(String, toml::Table)> = ["en", "fr", "es", "ar", "zh", "ru"]
        .iter()
        .map(|l| {
            let text = std::fs::read_to_string(theme.join(format!("i18n/{l}.toml"))).expect("i18n");
            ((*l).to_owned(), text.parse::<toml::Table>().expect("toml"))
        })
        .collect();
    let page = std::fs::read_to_string(theme.join("search.html")).expect("search.html");
    // search.js and the rules it loads with a colon or a rare query.
    let script = ["search.js", "search-more.js"]
        .map(|f| std::fs::read_to_string(theme.join("assets").join(f)).expect(f))
        .concat();
    // Every key the script names, said or not by the queries below.
    let named: std::collections::BTreeSet<&str> = script
        .match_indices("'search-note")
        .filter_map(|(i, _)| script[i + 1..].split('\'').next())
        .chain(["search-notes"])
        .collect();
    assert!(named.len() >= 12, "{named:?}");
    for key in &named {
        assert!(page.contains(&format!("\"{key}\"")), "search.html does not pass `{key}`");
        for (lang, table) in &langs {
            assert!(table.contains_key(*key), "`{key}` is missing from {lang}.toml");
        }
    }
    let en = &langs[0].1;
    let requests = [
        serde_json::json!({"query": "window", "limit": 10, "sort": "-bogus"}),
        serde_json::json!({"query": "adopted:soon", "limit": 10}),
        serde_json::json!({"query": "area:nowhere", "limit": 10}),
        serde_json::json!({"query": "windw", "limit": 10}),
        serde_json::json!({"query": "qzxvkj", "limit": 10}),
        serde_json::json!({"query": "window qzxvkj", "limit": 10}),
        serde_json::json!({"query": "* (", "limit": 10}),
        serde_json::json!({"query": "-window", "limit": 10}),
        serde_json::json!({"query": "wi*", "limit": 10}),
        serde_json::json!({"query": "window-single", "limit": 10}),
        serde_json::json!({"query": "window", "limit": 10, "filters": [["area", "custom"]]}),
        serde_json::json!({"query": "window area:", "limit": 10}),
        serde_json::json!({"query": "year:2024", "limit": 10}),
        serde_json::json!({"query": "país:KEN window", "limit": 10}),
    ];
    let js = js_search(&node, site.path(), &requests);
    let mut keys = std::collections::BTreeSet::new();
    for (req, res) in requests.iter().zip(&js) {
        let notes = res["notes"].as_array().expect("notes");
        let said = res["said"].as_array().expect("said");
        assert_eq!(notes.len(), said.len(), "{req}: {res}");
        assert!(!said.is_empty(), "{req}: {res}");
        for (note, s) in notes.iter().zip(said) {
            let key = s["key"].as_str().expect("key");
            keys.insert(key.to_owned());
            let mut text = en[key].as_str().expect("a text").to_owned();
            for (name, value) in s["vars"].as_object().expect("vars") {
                let value = match value {
                    serde_json::Value::Array(words) => words
                        .iter()
                        .map(|w| format!("\u{201c}{}\u{201d}", w.as_str().unwrap_or_default()))
                        .collect::<Vec<_>>()
                        .join(", "),
                    v => v.as_str().map_or_else(|| v.to_string(), str::to_owned),
                };
                text = text.replace(&format!("{{{name}}}"), &value);
            }
            assert_eq!(note.as_str(), Some(text.as_str()), "{req}");
        }
    }
    assert!(keys.len() >= 8, "{keys:?}");
}

/// search.js reads a range filter's value exactly as range.rs does.
#[test]
fn browser_reads_ranges_like_the_command_line() {
    use compendium::search::range::{self, Kind};
    let Some(node) = tool("node") else { return };
    let site = Site::minimal();
    assert_eq!(site.run(&["build"]).code, 0);
    // `|`-separated (one is empty).
    let values: Vec<&str> = concat!(
        "2018..2023| 2018-05 .. 2018-06-15 |>=2020|>2020|<2020|<=2020-02|..2019|2019..|",
        "2021|2021-07-04|>= 2019-06|< 2019||..|...|2023..2018|2018...2020|>=2018..2020|",
        "20|2020-13|2020-00|2020-1|2020-01-32|2020-01-00|x..y|>|<=|=2020|2020-01-01-01|",
        "１２３４|٢٠٢٠|>=-|-5..+5|>10|<-10|1.5|--1|+7|007|999999999999|-999999999999|",
        "9999999999999|..-999999999999|>999999999999|a|5..4|>=+|5 .. 9",
    )
    .split('|')
    .collect();
    let mut lines: Vec<(Kind, &str)> = Vec::new();
    for kind in [Kind::Date, Kind::Int] {
        lines.extend(values.iter().map(|v| (kind, *v)));
    }
    let input: Vec<String> = lines.iter().map(|(k, v)| format!("{}\t{v}", k.name())).collect();
    let got: Vec<Option<(i64, i64)>> =
        serde_json::from_str(&driver(&node, &site.path().join("site"), "range", &input.join("\n")))
            .expect("json");
    assert_eq!(got.len(), lines.len());
    let diffs: Vec<String> = lines
        .iter()
        .zip(&got)
        .filter(|((k, v), js)| range::parse(v, *k) != **js)
        .map(|((k, v), js)| {
            format!("{} {v:?}: rust {:?}, js {js:?}", k.name(), range::parse(v, *k))
        })
        .collect();
    assert!(diffs.is_empty(), "{} of {} differ:\n{}", diffs.len(), lines.len(), diffs.join("\n"));
}

/// The first ten hits of `query`, as a request.
fn first_ten(query: &str) -> Request {
    Request { query: query.to_owned(), limit: 10, ..Request::default() }
}

/// Asserts the same ranking of `queries` in both engines on the built
/// `site`, and gives its engine for further questions.
fn same_ranking_of(node: &Path, site: &Site, queries: &[&str]) -> Engine {
    let requests: Vec<Request> = queries.iter().map(|q| first_ten(q)).collect();
    assert_same_ranking(node, site.path(), &requests);
    Engine::open(&site.path().join("index")).expect("open index")
}

/// What new users typed on a multilingual site, the same in both engines:
/// a word of a language without a stemmer that another language's
/// ending rules would wrongly cut (`przekazywania` is no form of
/// `przekazywanie` to the Portuguese stemmer), Turkish capitals (`İ`), and
/// a compound no record writes (`e-signature`), searched for by its parts.
#[test]
fn browser_agrees_on_foreign_words_turkish_capitals_and_compound_parts() {
    let Some(node) = tool("node") else { return };
    let site = Site::minimal();
    site.write("book.toml", "[book]\ntitle = \"T\"\nlanguages = [\"en\", \"pt\", \"tr\"]\n");
    site.write(
        "content/practices/transfers.md",
        "---\ntitle: Przekazywanie danych\nlanguage: pt\nsummary: Transferências de dados pessoais para a Europa e a América.\narea: customs\n---\n\nKişisel verilerin yurt dışına aktarılması; İstanbul ve İzmir.\n",
    );
    site.write(
        "content/practices/signatures.md",
        "---\ntitle: Electronic signature law\nsummary: Recognising signatures in e-commerce.\narea: payments\n---\n",
    );
    assert_eq!(site.run(&["build"]).code, 0);
    let engine = same_ranking_of(
        &node,
        &site,
        &[
            "przekazywania danych",
            "przekazywanie",
            "istanbul",
            "İSTANBUL",
            "IZMIR",
            "e-signature law",
            "e-signature",
        ],
    );
    let keys = |q: &str| -> Vec<String> {
        engine.search(&first_ten(q)).expect("search").hits.into_iter().map(|h| h.key).collect()
    };
    assert_eq!(keys("istanbul"), keys("İstanbul"));
    assert_eq!(keys("İSTANBUL"), ["practices/transfers"]);
    let parts = engine.search(&first_ten("e-signature")).expect("search");
    assert_eq!(parts.hits.first().map(|h| h.key.as_str()), Some("practices/signatures"));
    assert!(parts.notes.iter().any(|n| n.contains("its parts")), "{:?}", parts.notes);
}

/// A term's label in another site language is a filter value, as an enum
/// value's is, in both engines.
#[test]
fn translated_term_labels_filter_in_both_engines() {
    let Some(node) = tool("node") else { return };
    let site = Site::minimal();
    site.write("book.toml", "[book]\ntitle = \"T\"\nlanguages = [\"en\", \"ru\", \"pt\"]\n");
    site.write(
        "content/_taxonomies.yaml",
        "topics:\n  title: Topics\n  terms:\n    trade: {label: Trade, aliases: [commerce], translations: {ru: {label: Торговля}, pt: {label: Comércio exterior}}}\n",
    );
    assert_eq!(site.run(&["build"]).code, 0);
    // A label typed without its accents names the value too.
    let engine = same_ranking_of(
        &node,
        &site,
        &[
            "topics:Торговля",
            "topics:торговля window",
            "topics:Trade",
            "topics:\"comercio EXTERIOR\"",
        ],
    );
    for q in ["topics:Торговля", "topics:\"comercio exterior\""] {
        let got = engine.search(&first_ten(q)).expect("search");
        assert_eq!(
            got.hits.first().map(|h| h.key.as_str()),
            Some("practices/single-window"),
            "{q}"
        );
    }
}

/// A field's label in any site language names it in a filter, in the
/// browser (`meta.js` `fl`, read by `search/more.js`) as on the command line.
#[test]
fn field_labels_are_filter_names_in_both_engines() {
    let Some(node) = tool("node") else { return };
    let site = crate::search::labelled_fields();
    let queries = [
        "país:BRA",
        "jurisdição:bra",
        "situação:derogada ley",
        "Situacion:vigente",
        "vigência:2024",
        "ley -pais:ARG",
    ];
    let engine = same_ranking_of(&node, &site, &queries);
    for q in queries {
        let got = engine.search(&first_ten(q)).expect("search");
        assert_eq!(got.hits.len(), 1, "{q}: {:?}", got.notes);
    }
}

/// A misspelling that is a word of another record: nothing has every word
/// until the near spellings are let in, in the browser as on the command line.
#[test]
fn browser_retries_with_near_spellings_like_the_command_line() {
    let Some(node) = tool("node") else { return };
    let site = Site::minimal();
    site.write(
        "content/practices/cleaning.md",
        "---\ntitle: Cleaning\nsummary: A windaw cleaning guide.\narea: customs\n---\n",
    );
    assert_eq!(site.run(&["build"]).code, 0);
    let requests: Vec<Request> = ["single windaw", "windaw", "singel window", "cleaning window"]
        .iter()
        .map(|q| Request { query: (*q).to_owned(), limit: 10, ..Request::default() })
        .collect();
    assert_same_ranking(&node, site.path(), &requests);
    let engine = Engine::open(&site.path().join("index")).expect("open index");
    let got = engine.search(&requests[0]).expect("search");
    assert_eq!(got.hits.first().map(|h| h.key.as_str()), Some("practices/single-window"));
}

/// A near spelling is named as the records write it (`réglementation`,
/// `protección`), not as folded for matching, in both engines.
#[test]
fn near_spellings_are_named_as_the_records_write_them() {
    let Some(node) = tool("node") else { return };
    let site = Site::minimal();
    site.write("book.toml", "[book]\ntitle = \"T\"\nlanguages = [\"en\", \"fr\", \"es\"]\n");
    site.write(
        "content/practices/donnees.md",
        "---\ntitle: Réglementation des données\nlanguage: fr\nsummary: La réglementation française.\narea: customs\n---\n",
    );
    site.write(
        "content/practices/proteccion.md",
        "---\ntitle: Protección de datos\nlanguage: es\nsummary: Ley de protección.\narea: customs\n---\n",
    );
    assert_eq!(site.run(&["build"]).code, 0);
    let engine = same_ranking_of(&node, &site, &["reglementaton", "donnes", "proteccon"]);
    for (query, shown) in
        [("reglementaton", "réglementation"), ("donnes", "données"), ("proteccon", "protección")]
    {
        let got = engine.search(&first_ten(query)).expect("search");
        assert!(
            got.notes.iter().any(|n| n.contains(&format!("`{shown}`"))),
            "{query}: {:?}",
            got.notes
        );
        let js = js_search(&node, site.path(), &[serde_json::json!({"query": query, "limit": 10})]);
        let notes = js[0]["notes"].to_string();
        assert!(notes.contains(&format!("\u{201c}{shown}\u{201d}")), "{query}: {notes}");
    }
}

/// A number no record holds is no misspelling of one it does (`27001` of
/// `2001`, `14118` of `14117`): it is left out with a note, in both engines.
#[test]
fn numbers_are_never_taken_for_misspellings() {
    let Some(node) = tool("node") else { return };
    let site = Site::minimal();
    site.write(
        "content/practices/order.md",
        "---\ntitle: Executive Order 14117\nsummary: Signed in 2001 under standard 27002.\narea: customs\n---\n",
    );
    assert_eq!(site.run(&["build"]).code, 0);
    let queries =
        ["27001", "Executive Order 14118", "standard 27003", "Executiv Order", "country:order"];
    let engine = same_ranking_of(&node, &site, &queries);
    let got = |q: &str| engine.search(&first_ten(q)).expect("search");
    assert!(got("27001").hits.is_empty(), "{:?}", got("27001").notes);
    let order = got("Executive Order 14118");
    assert_eq!(order.hits.len(), 1);
    assert!(
        order.notes.iter().any(|n| n.contains("no record contains `14118`")),
        "{:?}",
        order.notes
    );
    // Words are still corrected.
    assert_eq!(got("Executiv Order").hits.len(), 1);
}

/// The same first hit from the engine and from `search.js`: for queries
/// with inflections no record holds, whose stems the browser guesses (see
/// `browser/forms.rs`), so that scores may differ.
/// `search.js`'s answers under node to `requests` on the site built in `root`.
fn js_search(node: &Path, root: &Path, requests: &[serde_json::Value]) -> Vec<serde_json::Value> {
    let input = serde_json::to_string(requests).expect("json");
    serde_json::from_str(&driver(node, &root.join("site"), "search", &input)).expect("json")
}

fn assert_same_top_hit(node: &Path, root: &Path, requests: &[Request]) {
    let engine = Engine::open(&root.join("index")).expect("open index");
    let js_requests: Vec<serde_json::Value> =
        requests.iter().map(|r| serde_json::json!({"query": r.query, "limit": r.limit})).collect();
    let js = js_search(node, root, &js_requests);
    for (req, js) in requests.iter().zip(&js) {
        let rust = engine.search(req).expect("search");
        let js_first = js["hits"][0]["key"].as_str();
        assert_eq!(js_first, rust.hits.first().map(|h| h.key.as_str()), "{:?}", req.query);
    }
}

/// A snippet as the search page shows it, its marked words in `<mark>`.
pub(crate) fn marked(s: &compendium::search::snippet::Snippet) -> String {
    let mut out = String::new();
    let mut at = 0;
    for &(from, to) in &s.highlights {
        out.push_str(&s.text[at..from]);
        out.push_str("<mark>");
        out.push_str(&s.text[from..to]);
        out.push_str("</mark>");
        at = to;
    }
    out.push_str(&s.text[at..]);
    out
}

/// Runs `requests` through the engine and through `search.js` under node,
/// and asserts the same hits in the same order with the same scores, and
/// the same version shown (title, language, page url) in the request's
/// language.
pub(crate) fn assert_same_ranking(node: &Path, root: &Path, requests: &[Request]) {
    let engine = Engine::open(&root.join("index")).expect("open index");
    let js_requests: Vec<serde_json::Value> = requests
        .iter()
        .map(|r| {
            serde_json::json!({
                "query": r.query, "collection": r.collection, "limit": r.limit, "lang": r.lang,
                "filters": r.filters.iter().map(|(k, v)| [k, v]).collect::<Vec<_>>(),
                "sort": r.sort,
            })
        })
        .collect();
    let js = js_search(node, root, &js_requests);
    for (req, js) in requests.iter().zip(&js) {
        let rust = engine.search(req).expect("search");
        let js_hits = js["hits"].as_array().expect("hits");
        let rust_keys: Vec<&str> = rust.hits.iter().map(|h| h.key.as_str()).collect();
        let js_keys: Vec<&str> = js_hits.iter().map(|h| h["key"].as_str().unwrap_or("")).collect();
        assert_eq!(js_keys, rust_keys, "{:?}", req.query);
        assert_eq!(js["total"].as_u64(), Some(rust.total as u64), "{:?}", req.query);
        for (h, j) in rust.hits.iter().zip(js_hits) {
            let (a, b) = (f64::from(h.score), j["score"].as_f64().unwrap_or(-1.0));
            assert!(
                (a - b).abs() <= 1e-4 * a.abs().max(1.0),
                "{:?} {}: {a} vs {b}",
                req.query,
                h.key
            );
            let shown = (j["title"].as_str(), j["lang"].as_str(), j["url"].as_str());
            assert_eq!(
                shown,
                (Some(h.title.as_str()), Some(h.lang.as_str()), Some(h.url.as_str())),
                "{:?} {} in {:?}",
                req.query,
                h.key,
                req.lang
            );
            assert_eq!(
                j["snippet"].as_str(),
                Some(marked(&h.snippet).as_str()),
                "{:?} {}: the snippet",
                req.query,
                h.key
            );
            assert_eq!(
                j["snippet_lang"].as_str(),
                h.snippet_lang.as_deref(),
                "{:?} {}: the snippet's language",
                req.query,
                h.key
            );
        }
        // The filters' notes word for word, and the filter panel's value
        // counts (search/facets.js) as the engine's facet counts.
        let filter_notes = |notes: &[String]| -> Vec<String> {
            notes
                .iter()
                .filter(|n| {
                    n.starts_with("no record has ")
                        || n.starts_with("did you mean ")
                        || n.starts_with("cannot read ")
                        || n.contains(" is an empty range of ")
                        || n.contains(" is a member of ")
                        || n.starts_with("the values of ")
                        || n.starts_with("OR is not an operator")
                })
                // The page quotes words as “this”, the command line as `this`.
                .map(|n| n.replace(['\u{201c}', '\u{201d}'], "`"))
                .collect()
        };
        let js_notes: Vec<String> = serde_json::from_value(js["notes"].clone()).expect("notes");
        assert_eq!(filter_notes(&js_notes), filter_notes(&rust.notes), "{:?}", req.query);
        // The browser's engine names values in the default language (its
        // page shows them in the page's, from `search_labels`); the
        // command line in the language asked for: compared without one.
        let default_facets = match req.lang {
            Some(_) => {
                engine.search(&Request { lang: None, ..req.clone() }).expect("search").facets
            }
            None => rust.facets.clone(),
        };
        let mut rust_counts: Vec<(String, String, u64)> = default_facets
            .iter()
            .flat_map(|f| f.values.iter().map(|(l, n, _)| (f.field.clone(), l.clone(), *n)))
            .filter(|c| c.2 > 0)
            .collect();
        let js_facets: Vec<(String, Vec<(String, u64)>)> =
            serde_json::from_value(js["facets"].clone()).expect("facets");
        let mut js_counts: Vec<(String, String, u64)> = js_facets
            .into_iter()
            .flat_map(|(field, values)| values.into_iter().map(move |(l, n)| (field.clone(), l, n)))
            .collect();
        rust_counts.sort();
        js_counts.sort();
        assert_eq!(js_counts, rust_counts, "facet counts of {:?} {:?}", req.query, req.filters);
    }
}

/// A country no record names that belongs to a bloc records name: both
/// say where its records are, and the bloc's other names find it.
#[test]
fn browser_points_from_a_member_to_its_bloc_as_the_command_line_does() {
    let Some(node) = tool("node") else { return };
    let Some(fixture) = eval_site() else { return };
    let site = Site::copy_of(&fixture);
    let taxonomies =
        std::fs::read_to_string(site.path().join("content/_taxonomies.yaml")).expect("taxonomies");
    let bloc =
        "    eac: {label: East African Community, aliases: [EAC], members: [KEN, UGA, TZA, BDI]}\n";
    site.write(
        "content/_taxonomies.yaml",
        &taxonomies.replacen(
            "    global: {label: Global}\n",
            &format!("    global: {{label: Global}}\n{bloc}"),
            1,
        ),
    );
    site.write(
        "content/regulations/eac-payments-act.md",
        "---\ntitle: EAC payment systems act\nsummary: EAC.\njurisdiction: eac\ninstrument: law\nstatus: draft\n---\n\nCross-border payments.\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let engine = Engine::open(&site.path().join("index")).expect("open index");
    let got = engine
        .search(&Request {
            query: "payments jurisdiction:UGA".into(),
            limit: 10,
            ..Request::default()
        })
        .expect("search");
    assert!(got.hits.is_empty());
    assert!(
        got.notes
            .iter()
            .any(|n| n == "UGA is a member of East African Community: jurisdiction:eac"),
        "{:?}",
        got.notes
    );
    // A word that names such a country says where its records are, instead
    // of offering near spellings.
    let got = engine
        .search(&Request { query: "Burundi".into(), limit: 10, ..Request::default() })
        .expect("search");
    assert!(
        got.notes.iter().any(|n| n
            == "no record contains `Burundi`; showing the records of what it is a member of: \
                East African Community (jurisdiction:eac)"),
        "{:?}",
        got.notes
    );
    assert!(!got.hits.is_empty(), "{:?}", got.notes);
    assert!(!got.notes.iter().any(|n| n.contains("near spellings")), "{:?}", got.notes);
    // A member records name directly: its own records, and a note on the
    // bloc's, unless the bloc is asked for too.
    let notes = |q: &str| {
        engine
            .search(&Request { query: q.into(), limit: 10, ..Request::default() })
            .expect("search")
            .notes
    };
    let kenya = notes("jurisdiction:KEN");
    assert!(
        kenya.iter().any(|n| n == "KEN is a member of East African Community: jurisdiction:eac"),
        "{kenya:?}"
    );
    let both = notes("jurisdiction:KEN jurisdiction:eac");
    assert!(!both.iter().any(|n| n.contains("is a member of")), "{both:?}");
    let requests: Vec<Request> = [
        "payments jurisdiction:UGA",
        "jurisdiction:tza",
        "jurisdiction:EAC",
        "jurisdiction:KEN",
        "jurisdiction:KEN jurisdiction:eac",
        "payments -jurisdiction:KEN",
        "jurisdiction:\"east african community\"",
        // A member by its name or alpha-2 code, as a filter and as a word.
        "jurisdiction:Burundi",
        "jurisdiction:BI",
        "Burundi",
        "payments Burundi",
    ]
    .iter()
    .map(|q| Request { query: (*q).to_owned(), limit: 10, ..Request::default() })
    .collect();
    assert_same_ranking(&node, site.path(), &requests);
}

#[test]
fn browser_index_is_deterministic_and_small() {
    let Some(site) = built_eval_site() else { return };
    let first = snapshot(&site.path().join("site/search"));
    assert_eq!(site.run(&["build"]).code, 0);
    let second = snapshot(&site.path().join("site/search"));
    assert_eq!(first.keys().collect::<Vec<_>>(), second.keys().collect::<Vec<_>>());
    assert!(first == second, "the browser index differs between two builds");
    assert!(first.contains_key("meta.js") && first.contains_key("search.js"));
    // Every index file is a classic script handing data to CSI, so it loads under file://.
    for (path, bytes) in &first {
        if path.ends_with(".js") && path != "search.js" {
            let quoted = bytes.starts_with(b"CSI(") && matches!(bytes.get(4), Some(b'"' | b'`'));
            assert!(quoted, "{path}");
        }
    }
}

/// Serves `dir` on 127.0.0.1 until the process ends; returns the port.
fn serve(dir: PathBuf) -> u16 {
    serve_with(dir, Vec::new())
}

/// [`serve`], answering a request for exactly `path` (with its query, as
/// `/search/meta.js`) with the bytes given, as a cache would.
fn serve_with(dir: PathBuf, cached: Vec<(String, Vec<u8>)>) -> u16 {
    let cached = std::sync::Arc::new(cached);
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let dir = dir.clone();
            let cached = cached.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(&stream);
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    return;
                }
                let asked = line.split_whitespace().nth(1).unwrap_or("/");
                let path = asked.split('?').next().unwrap_or("/").trim_start_matches('/');
                let file = dir.join(path);
                let mut stream = &stream;
                let ok = !path.contains("..") && file.is_file();
                let held = cached.iter().find(|(p, _)| p == asked).map(|(_, b)| b.clone());
                // As static hosts do: the site's 404 page for a missing address.
                let body = if let Some(bytes) = held {
                    bytes
                } else if ok {
                    std::fs::read(&file).unwrap_or_default()
                } else {
                    std::fs::read(dir.join("404.html")).unwrap_or_else(|_| b"not found".to_vec())
                };
                let kind = match file.extension().and_then(|e| e.to_str()) {
                    _ if !ok => "text/html; charset=utf-8",
                    Some("html") => "text/html; charset=utf-8",
                    Some("js") => "text/javascript; charset=utf-8",
                    _ => "application/octet-stream",
                };
                let status = if ok { "200 OK" } else { "404 Not Found" };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(&body);
            });
        }
    });
    port
}

/// The DOM of `url` after its scripts ran, from headless Chromium.
pub(crate) fn dump_dom(chromium: &Path, url: &str) -> String {
    let profile = tempfile::tempdir().expect("profile");
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-dev-shm-usage",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(["--virtual-time-budget=15000", "--dump-dom", url])
        .output()
        .expect("run chromium");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub(crate) fn results_of(dom: &str) -> &str {
    let start = dom.find("id=\"search-results\"").unwrap_or(dom.len());
    let end = dom[start..].find("</ol>").map(|e| start + e).unwrap_or(dom.len());
    &dom[start..end]
}

/// The count in the label of the listing filter `field`=`value`, as the
/// page shows it after its scripts ran: `(6)` gives 6.
fn listed_count(dom: &str, field: &str, value: &str) -> Option<u64> {
    let input = dom.find(&format!("name=\"{field}\" value=\"{value}\""))?;
    let label = input + dom[input..].find("<label")?;
    let end = label + dom[label..].find("</label>")?;
    let span = label + dom[label..end].find("class=\"count\"")?;
    dom[span..end].chars().filter(char::is_ascii_digit).collect::<String>().parse().ok()
}

#[test]
fn listing_filter_counts_follow_the_other_fields_filters() {
    let Some(chromium) = tool("chromium") else { return };
    let Some(site) = built_eval_site() else { return };
    let page = site.path().join("site/regulations/index.html");
    let plain = dump_dom(&chromium, &format!("file://{}", page.display()));
    let laws = dump_dom(&chromium, &format!("file://{}#instrument=law", page.display()));
    let count = |dom: &str, f: &str, v: &str| {
        listed_count(dom, f, v).unwrap_or_else(|| panic!("no count for {f}={v}"))
    };
    // Its own field's values are alternatives: their counts stay.
    assert_eq!(count(&laws, "instrument", "directive"), count(&plain, "instrument", "directive"));
    assert_eq!(count(&laws, "instrument", "law"), 6);
    // Another field's count is that of the laws holding the value, never
    // more than the six laws shown.
    assert!(laws.contains("6 of 14 records match"), "{laws}");
    assert!(count(&laws, "status", "in-force") <= 6);
    assert!(count(&plain, "status", "in-force") > 6);
    let covers = ["distance-selling", "delivery", "licensing", "payment-services", "e-money"];
    assert!(covers.iter().any(|v| count(&laws, "covers", v) < count(&plain, "covers", v)));
    assert!(covers.iter().all(|v| count(&laws, "covers", v) <= count(&plain, "covers", v)));
    // The search page's form of an address (a field given twice) and a
    // value's label tick the same boxes as `#instrument=law,directive`.
    let both = count(&plain, "instrument", "law") + count(&plain, "instrument", "directive");
    let expected = format!("{both} of 14 records match");
    for hash in [
        "instrument=law,directive",
        "instrument=law&instrument=directive",
        "instrument=Law&instrument=DIRECTIVE",
    ] {
        let dom = dump_dom(&chromium, &format!("file://{}#{hash}", page.display()));
        assert!(
            dom.contains(&expected),
            "{hash}: {}",
            &dom[dom.find("records match").map_or(0, |i| i.saturating_sub(40))..]
                [..60.min(dom.len())]
        );
    }
}

#[test]
fn chromium_finds_records_from_file_and_from_a_server() {
    let Some(chromium) = tool("chromium") else { return };
    let Some(site) = built_eval_site() else { return };
    let out = site.path().join("site");
    let page = out.join("search/index.html");
    let cases = [
        ("parcel%20lockers", "../best-practices/parcel-lockers-and-pickup-points/index.html"),
        ("Universal%20Postal%20Union", "../programmes/upu-ecom-at-africa/index.html"),
        ("%22strong%20customer%20authentication%22", "../regulations/eu-psd2/index.html"),
        ("withdrawl%20right", "../regulations/eu-consumer-rights-directive/index.html"),
        // A range filter: search/more.js loads before the query is read.
        ("authentication%20year%3A2015..2016", "../regulations/eu-psd2/index.html"),
    ];
    let port = serve(out.clone());
    for (q, expected) in cases {
        for url in [
            format!("file://{}?q={q}", page.display()),
            format!("http://127.0.0.1:{port}/search/index.html?q={q}"),
        ] {
            let dom = dump_dom(&chromium, &url);
            let results = results_of(&dom);
            assert!(
                results.contains(&format!("href=\"{expected}\"")),
                "{url}: expected a link to {expected}; results: {results}\nstatus: {}",
                dom.find("search-status").map(|i| &dom[i..(i + 300).min(dom.len())]).unwrap_or("")
            );
            // Snippets mark the matched words with <mark>, built from text nodes.
            assert!(results.contains("<mark>"), "{url}: no highlighted snippet");
        }
    }
}

/// A deploy while a cache (a CDN, the browser's) still holds the last
/// build's `search/meta.js`: the chunk files it names are gone. Search asks
/// for `meta.js` anew, past the cache, instead of failing every query.
#[test]
fn a_cached_meta_js_from_the_last_build_does_not_break_search() {
    let Some(chromium) = tool("chromium") else { return };
    let s = crate::support::Site::minimal();
    assert_eq!(s.run(&["build"]).code, 0);
    let stale = std::fs::read(s.path().join("site/search/meta.js")).expect("meta.js");
    s.write(
        "content/practices/paperless-trade.md",
        "---\ntitle: Paperless trade\nsummary: Electronic documents for traders.\narea: customs\n---\nTraders lodge documents once.\n",
    );
    assert_eq!(s.run(&["build"]).code, 0);
    assert_ne!(std::fs::read(s.path().join("site/search/meta.js")).expect("meta.js"), stale);
    let port = serve_with(s.path().join("site"), vec![("/search/meta.js".to_owned(), stale)]);
    let dom =
        dump_dom(&chromium, &format!("http://127.0.0.1:{port}/search/index.html?q=documents"));
    let results = results_of(&dom);
    assert!(
        results.contains("paperless-trade/index.html")
            && results.contains("single-window/index.html"),
        "{results}\n{}",
        dom.find("search-status").map(|i| &dom[i..(i + 300).min(dom.len())]).unwrap_or("")
    );
}

/// The 404 page, served for an address deeper in the site, takes its
/// links from the site's root on its own host, however the address starts
/// (`//other.host/…` would otherwise make the page's base that host).
#[test]
fn the_404_page_resolves_its_links_on_its_own_host() {
    let Some(chromium) = tool("chromium") else { return };
    let Some(site) = built_eval_site() else { return };
    let port = serve(site.path().join("site"));
    let own = format!("http://127.0.0.1:{port}/");
    for path in
        ["best-practices/nowhere/", "/evil.example/best-practices/x", "/%5Cevil.example/x/y"]
    {
        let dom = dump_dom(&chromium, &format!("{own}{path}"));
        let base = dom.split("<base href=\"").nth(1).and_then(|b| b.split('"').next());
        let Some(base) = base else { panic!("{path}: no base element: {dom}") };
        assert!(base.starts_with(&own), "{path}: the base is {base}");
        assert!(!base[own.len()..].starts_with('/'), "{path}: the base is {base}");
    }
}

/// Chinese and Arabic queries typed into the search page find their records
/// in headless Chromium from `file://`, with the matched words marked.
#[test]
fn chromium_finds_chinese_and_arabic_records() {
    let Some(chromium) = tool("chromium") else { return };
    let site = crate::languages::analysis::multilingual_site();
    let page = site.path().join("site/search/index.html");
    for (q, expected, marked) in [
        ("%E7%94%B5%E5%AD%90%E5%95%86%E5%8A%A1", "cn-ecommerce-law", "<mark>电子商务</mark>"),
        ("%D8%AD%D9%85%D8%A7%D9%8A%D8%A9", "sa-pdpl", "<mark>"),
        // The page's first query, found by its stem: the stems table loads first.
        (
            "%D0%BF%D0%BE%D1%82%D1%80%D0%B5%D0%B1%D0%B8%D1%82%D0%B5%D0%BB%D0%B5%D0%B9",
            "ru-consumer",
            "<mark>потребителями</mark>",
        ),
        ("h%C3%A9bergeur", "fr-lcen", "<mark>hébergeurs</mark>"),
    ] {
        let url = format!("file://{}?q={q}", page.display());
        let dom = dump_dom(&chromium, &url);
        let results = results_of(&dom);
        assert!(
            results.contains(&format!("practices/{expected}/index.html")),
            "{url}: expected {expected}; results: {results}"
        );
        assert!(results.contains(marked), "{url}: {marked} not in {results}");
    }
}

/// Runs `tests/a11y/filters.js` (playwright-core) on the search page of the
/// built `site` with `config`; its report. `COMPENDIUM_SCREENSHOTS=DIR`
/// saves the page, panel open and sort chosen, as DIR/`shot`.
fn filters_journey(
    site: &Path,
    config: &serde_json::Value,
    shot: &str,
) -> Option<serde_json::Value> {
    let (node, chromium, check) = crate::a11y::tools()?;
    let dir = check.parent().expect("tests/a11y");
    let mut config = config.clone();
    config["chromium"] = serde_json::json!(chromium);
    config["page"] = serde_json::json!(site.join("site/search/index.html"));
    config["shot"] = serde_json::json!(
        std::env::var_os("COMPENDIUM_SCREENSHOTS").map(|d| PathBuf::from(d).join(shot))
    );
    let out = Command::new(node)
        .arg(dir.join("filters.js"))
        .arg(config.to_string())
        .output()
        .expect("node");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    Some(serde_json::from_slice(&out.stdout).expect("json"))
}

/// The first number of a status line ("12 results." or "١٢ نتيجة.").
fn count_in(status: &serde_json::Value) -> Option<usize> {
    let digits: String = status
        .as_str()?
        .chars()
        .map(|c| match c {
            '\u{660}'..='\u{669}' => char::from(b'0' + (c as u32 - 0x660) as u8),
            c => c,
        })
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == ',')
        .filter(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// The page's journey (`filters_journey`) on `site`, checked against the
/// engine: two values of `facet` pressed both stay pressed and show their
/// union, the other values' counts unchanged (live counts); the range's
/// inputs write one `field:A..B` token, then `field:>=A`; the sort select
/// puts `sort` in the address, orders the results as the engine does, and
/// the address opened afresh shows the same.
fn assert_filters_journey(site: &Path, config: &serde_json::Value, r: &serde_json::Value) {
    use serde_json::json;
    let text = |k: &str| config[k].as_str().unwrap_or("").to_owned();
    let (query, facet, sort) = (text("query"), text("facet"), text("sort"));
    let range = &config["range"];
    let (field, from, to) = (
        range["field"].as_str().unwrap_or(""),
        range["from"].as_str().unwrap_or(""),
        range["to"].as_str().unwrap_or(""),
    );
    let sort = sort.as_str();
    let engine = Engine::open(&site.join("index")).expect("open index");
    let search = |q: &str, sort: Option<&str>| {
        let req = Request {
            query: q.to_owned(),
            limit: 1000,
            sort: sort.map(str::to_owned),
            ..Request::default()
        };
        engine.search(&req).expect("search")
    };
    // The first ten hits' links, as the page writes them.
    let links = |q: &str, sort: Option<&str>| -> serde_json::Value {
        json!(
            search(q, sort)
                .hits
                .iter()
                .take(10)
                .map(|h| format!("../{}", h.url))
                .collect::<Vec<_>>()
        )
    };
    let shown = |step: &serde_json::Value| {
        let q = step["box"].as_str().unwrap_or("").to_owned();
        let res = search(&q, None);
        // Arabic says one or two results in words: then the links show them all.
        match count_in(&step["status"]) {
            Some(n) => assert_eq!(n, res.total, "{q:?}: {r:#}"),
            None => assert!(res.total <= 2, "{q:?}: {r:#}"),
        }
        assert_eq!(step["links"], links(&q, None), "{q:?}: {r:#}");
        q
    };
    assert_eq!(r["errors"], json!([]), "{r:#}");
    assert_eq!(r["sortShown"], true, "{r:#}");
    let options = r["options"].as_array().expect("options");
    assert_eq!(options[0][0], "", "{r:#}");
    assert!(options.iter().any(|o| o[0] == sort), "{r:#}");
    // Two values of one facet.
    let values: Vec<&str> =
        r["values"].as_array().expect("values").iter().filter_map(|v| v.as_str()).collect();
    assert_eq!(values.len(), 2, "{r:#}");
    let pressed = |step: &serde_json::Value| -> Vec<String> {
        step["buttons"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|b| b["pressed"] == "true")
            .filter_map(|b| b["value"].as_str().map(str::to_owned))
            .collect()
    };
    let counts = |step: &serde_json::Value| -> Vec<(String, String)> {
        step["buttons"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|b| (b["value"].to_string(), b["text"].to_string()))
            .collect()
    };
    assert!(pressed(&r["before"]).is_empty(), "{r:#}");
    let one = shown(&r["one"]);
    assert_eq!(one, format!("{query} {facet}:{}", values[0]).trim(), "{r:#}");
    assert_eq!(pressed(&r["one"]), vec![values[0]], "{r:#}");
    assert_eq!(counts(&r["one"]), counts(&r["before"]), "live counts: {r:#}");
    assert_eq!(r["one"]["focus"], values[0], "{r:#}");
    let two = shown(&r["two"]);
    assert_eq!(two, format!("{one} {facet}:{}", values[1]), "{r:#}");
    assert_eq!(pressed(&r["two"]), vec![values[0], values[1]], "{r:#}");
    assert_eq!(counts(&r["two"]), counts(&r["before"]), "live counts: {r:#}");
    assert_eq!(r["two"]["focus"], values[1], "{r:#}");
    let keys = |q: &str| {
        search(q, None).hits.into_iter().map(|h| h.key).collect::<std::collections::BTreeSet<_>>()
    };
    let union: std::collections::BTreeSet<String> =
        keys(&one).union(&keys(&format!("{query} {facet}:{}", values[1]))).cloned().collect();
    assert_eq!(keys(&two), union, "{r:#}");
    assert!(union.len() > keys(&one).len(), "{r:#}");
    // The range's two inputs.
    assert_eq!(r["rangeFound"], true, "{r:#}");
    let ranged = shown(&r["range"]);
    assert_eq!(ranged, format!("{two} {field}:{from}..{to}"), "{r:#}");
    assert!(r["range"]["focus"].as_str().is_some_and(|f| f.ends_with("-to")), "{r:#}");
    let opened = shown(&r["from"]);
    assert_eq!(opened, format!("{two} {field}:>={from}"), "{r:#}");
    assert_eq!(r["fromValues"], json!([from, ""]), "{r:#}");
    // The sort, and the address opened afresh.
    let sorted = &r["sorted"];
    assert_eq!(sorted["sort"], sort, "{r:#}");
    assert!(
        sorted["search"].as_str().is_some_and(|s| s.contains(&format!("sort={sort}"))),
        "{r:#}"
    );
    assert_eq!(sorted["links"], links(&opened, Some(sort)), "{r:#}");
    assert_ne!(sorted["links"], r["from"]["links"], "the sort changed nothing: {r:#}");
    let reopened = &r["reopened"];
    for k in ["box", "links", "sort", "search", "status"] {
        assert_eq!(reopened[k], sorted[k], "{k}: {r:#}");
    }
}

#[test]
fn chromium_filters_two_values_of_a_facet_a_range_and_a_sort() {
    let Some(site) = built_eval_site() else { return };
    let config = serde_json::json!({
        "query": "payment", "facet": "collection", "sort": "-adopted",
        "range": {"field": "adopted", "label": "Adopted", "from": "2012", "to": "2019"},
    });
    let Some(r) = filters_journey(site.path(), &config, "search-filters-en.png") else { return };
    assert_filters_journey(site.path(), &config, &r);
}

/// Filters handed over by a listing of several pages (`?collection=…&status=…`)
/// show pressed in the panel, and pressing one drops it from the address
/// and the search, keeping the others. Parameters that name no field (a
/// newsletter's `utm_source`, `fbclid`) are no filters: read as ones, they
/// emptied a shared search.
#[test]
fn chromium_filters_handed_over_in_the_address_show_pressed() {
    let Some(site) = built_eval_site() else { return };
    let config = serde_json::json!({
        "handed": {"search": "collection=regulations&instrument=law&utm_source=newsletter&fbclid=IwAR0", "field": "instrument", "value": "law"},
    });
    let Some(r) = filters_journey(site.path(), &config, "search-handed.png") else { return };
    assert_eq!(r["errors"], serde_json::json!([]), "{r:#}");
    let pressed = |step: &serde_json::Value, value: &str| {
        step["buttons"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|b| b["value"] == value)
            .map(|b| b["pressed"].clone())
    };
    assert_eq!(pressed(&r["handedBefore"], "law"), Some("true".into()), "{r:#}");
    assert_eq!(pressed(&r["handedAfter"], "law"), Some("false".into()), "{r:#}");
    assert_eq!(r["handedAfter"]["search"], "?collection=regulations", "{r:#}");
    let note = r["handedNote"].as_str().unwrap_or("");
    assert!(note.contains("Collection: ") && !note.contains("Instrument"), "{note}: {r:#}");
    assert!(!note.contains("utm_source") && !note.contains("fbclid"), "{note}: {r:#}");
    let engine = Engine::open(&site.path().join("index")).expect("open index");
    let all = |filters: Vec<(String, String)>| {
        let req = Request {
            query: String::new(),
            collection: Some("regulations".into()),
            limit: 1000,
            filters,
            ..Request::default()
        };
        engine.search(&req).expect("search").total
    };
    let regulations = all(Vec::new());
    assert_eq!(count_in(&r["handedAfter"]["status"]), Some(regulations), "{r:#}");
    let laws = all(vec![("instrument".into(), "law".into())]);
    assert_eq!(count_in(&r["handedBefore"]["status"]), Some(laws), "{r:#}");
    assert!(laws < regulations, "{r:#}");
}

/// A range that leaves no record, applied by keyboard, keeps the filter
/// panel and the focus on the field: hiding the panel dropped the focus to
/// the page, and the reader had to find the query to undo the filter.
#[test]
fn chromium_a_filter_leaving_nothing_keeps_the_panel_and_the_focus() {
    let Some(site) = built_eval_site() else { return };
    let config = serde_json::json!({"nothing": {"search": "q=payment", "from": "3000"}});
    let Some(r) = filters_journey(site.path(), &config, "search-nothing.png") else { return };
    assert_eq!(r["errors"], serde_json::json!([]), "{r:#}");
    let n = &r["nothing"];
    assert!(n["status"].as_str().unwrap_or("").starts_with("No results"), "{r:#}");
    assert_eq!(n["hidden"], false, "{r:#}");
    assert!(!n["field"].as_str().unwrap_or("").is_empty(), "{r:#}");
    assert_eq!(n["focused"], n["field"], "{r:#}");
}

/// A facet of more values than the panel lists ends in "+N more", which,
/// pressed by keyboard, lists the rest (every value stays reachable) and
/// focuses the first of them.
#[test]
fn chromium_facet_values_past_the_twelfth_are_behind_more() {
    let site = Site::minimal();
    site.write(
        "content/practices/_collection.yaml",
        "title: Practices\nfacets: [area, lead]\nfields:\n  area: {type: enum, values: [customs, payments], required: true}\n  lead: {type: country}\n",
    );
    let codes = [
        "ARG", "AUS", "BRA", "CAN", "CHN", "DEU", "FRA", "GBR", "IND", "IDN", "ITA", "JPN", "KOR",
        "MEX",
    ];
    for (i, code) in codes.iter().enumerate() {
        // The first ones lead more records: the order the panel lists is fixed.
        for n in 0..=(codes.len() - i) / 5 {
            site.write(
                &format!("content/practices/p{i}-{n}.md"),
                &format!(
                    "---\ntitle: Practice {i} {n}\nsummary: S.\narea: customs\nlead: {code}\n---\n"
                ),
            );
        }
    }
    assert_eq!(site.run(&["build"]).code, 0);
    let config = serde_json::json!({"more": {"search": "collection=practices", "field": "lead"}});
    let Some(r) = filters_journey(site.path(), &config, "search-more.png") else { return };
    assert_eq!(r["errors"], serde_json::json!([]), "{r:#}");
    let values = |step: &serde_json::Value| -> Vec<String> {
        step["buttons"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|b| b["value"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    let before = values(&r["moreBefore"]);
    // Twelve values, then the button (its value empty) saying how many more.
    assert_eq!(before.len(), 13, "{r:#}");
    assert_eq!(before.last().map(String::as_str), Some(""), "{r:#}");
    let more = r["moreBefore"]["buttons"][12]["text"].as_str().unwrap_or_default();
    assert_eq!(more, "+2 more", "{r:#}");
    let after = values(&r["moreAfter"]);
    assert_eq!(after.len(), codes.len(), "{r:#}");
    assert!(!after.contains(&String::new()), "{r:#}");
    // Focus on the first value the button brought.
    let focus = r["moreAfter"]["focus"].as_str().unwrap_or_default().to_owned();
    assert!(after.iter().position(|v| *v == focus) == Some(12), "{focus}: {r:#}");
}

/// The same on the Arabic (right-to-left) theme site, oldest first, the
/// range's start typed in Arabic-Indic digits.
#[test]
fn chromium_filters_and_sorts_on_an_arabic_site() {
    if tool("chromium").is_none() {
        return;
    }
    let site = Site::theme_languages_built("ar");
    let config = serde_json::json!({
        // Newest first: the first two countries, in the page's (Arabic)
        // names, are China and Saudi Arabia, adopted in that order in 2021.
        "query": "collection:regulations", "facet": "jurisdiction", "sort": "-adopted",
        "range": {"field": "adopted", "label": "Adopted", "from": "1970", "to": "2022", "typed": "١٩٧٠"},
    });
    let Some(r) = filters_journey(site.path(), &config, "search-filters-ar.png") else { return };
    assert_filters_journey(site.path(), &config, &r);
}

/// A site of 9,000 short records over a small vocabulary, so that its
/// common words get heads (`search/browser/tiers.rs`): a first search must
/// give the command line's hits, scores, order and counts whether the
/// heads settle it (alone or with the postings of some of their bands) or
/// it falls back to whole postings, and the heads must settle some
/// searches without any whole postings, some through band files.
#[test]
fn browser_heads_of_common_words_rank_like_the_command_line() {
    let Some(node) = tool("node") else { return };
    const WORDS: [&str; 24] = [
        "customs",
        "window",
        "payment",
        "mobile",
        "postal",
        "parcel",
        "tariff",
        "border",
        "digital",
        "signature",
        "identity",
        "export",
        "import",
        "logistics",
        "standard",
        "sandbox",
        "privacy",
        "transfer",
        "consumer",
        "dispute",
        "license",
        "vendor",
        "audit",
        "carrier",
    ];
    let site = Site::minimal();
    let mut state: u64 = 7;
    let mut next = move |n: usize| {
        state =
            state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        // Skewed: low word numbers are the common ones.
        let x = ((state >> 33) % 1_000_000) as f64 / 1_000_000.0;
        ((x * x * n as f64) as usize).min(n - 1)
    };
    for i in 0..9_000 {
        let mut pick = |k: usize| -> String {
            (0..k).map(|_| WORDS[next(WORDS.len())]).collect::<Vec<_>>().join(" ")
        };
        let (title, summary, body) = (pick(3), pick(6), pick(60 + i % 40));
        let area = if i % 3 == 0 { "payments" } else { "customs" };
        site.write(
            &format!("content/practices/p{i}.md"),
            &format!(
                "---\ntitle: {title} {i}\nsummary: {summary}\narea: {area}\nadopted: 20{:02}-01-01\n---\n\n{body}\n",
                10 + i % 15
            ),
        );
    }
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let heads = std::fs::read_dir(site.path().join("site/search/i"))
        .expect("index files")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with('u'))
        .count();
    assert!(heads >= 5, "{heads} terms with heads");
    let mut requests: Vec<Request> = Vec::new();
    let mut add = |query: String, limit: usize| {
        requests.push(Request { query, limit, ..Request::default() });
    };
    for (i, w) in WORDS.iter().enumerate().take(12) {
        add(w.to_string(), 10);
        add(format!("{w} {}", WORDS[(i * 7 + 3) % 12]), 10);
        add(format!("{w} {} {}", WORDS[(i + 1) % 12], WORDS[(i + 5) % 24]), 10);
    }
    add("customs window".into(), 40);
    add("\"customs window\"".into(), 10);
    add("customs -window".into(), 10);
    add("custom windw".into(), 10);
    add("payment zzzzzz".into(), 10);
    let mut filtered = Request { query: "payment mobile".into(), limit: 10, ..Request::default() };
    filtered.filters.push(("area".into(), "customs".into()));
    requests.push(filtered);
    let mut sorted = Request { query: "postal parcel".into(), limit: 10, ..Request::default() };
    sorted.sort = Some("-adopted".into());
    requests.push(sorted);
    assert_same_ranking(&node, site.path(), &requests);
    let plain: Vec<serde_json::Value> =
        requests.iter().map(|r| serde_json::json!({"query": r.query, "limit": r.limit})).collect();
    let js = js_search(&node, site.path(), &plain);
    let no = serde_json::json!(false);
    let settled = js.iter().filter(|r| r["whole"] == no).count();
    // The most common word alone: its head holds its ten best records.
    assert_eq!(js[0]["whole"], no, "{:?} needed whole postings", plain[0]);
    assert!(settled >= 3, "only {settled} of {} searches settled by heads", js.len());
    assert!(settled < js.len(), "no search needed whole postings: the fallback is untested");
    // Some settle once the bands of the records left open are exact.
    let by_bands = js.iter().filter(|r| r["whole"] == no && r["bands"] != no).count();
    assert!(by_bands >= 1, "no search settled through band files");
}

/// The search page labels results in its own language, as record pages
/// do: the index holds one set of labels (the site's default language's),
/// and a Chinese page said `Regulation · China · in-force`.
#[test]
fn chromium_labels_results_in_the_pages_language() {
    let Some(chromium) = tool("chromium") else { return };
    for (lang, country, status) in [("zh", "中国", "In force"), ("fr", "Chine", "In force")] {
        let site = Site::theme_languages_built(lang);
        let page = site.path().join("site/search/index.html");
        let dom = dump_dom(&chromium, &format!("file://{}?q=2021", page.display()));
        let results = results_of(&dom);
        let meta = results
            .split("class=\"search-meta\">")
            .skip(1)
            .map(|m| m.split('<').next().unwrap_or(""))
            .find(|m| m.contains(country))
            .unwrap_or_else(|| panic!("{lang}: no result labelled {country}: {results}"));
        assert!(meta.contains(status) && !meta.contains("in-force"), "{lang}: {meta}");
        assert!(!meta.contains("China"), "{lang}: {meta}");
    }
}

/// A country's name in any site language, as a query and as a filter
/// value, and an enum value's French label as one: the browser finds and
/// ranks what the command line does.
#[test]
fn browser_knows_countries_and_labels_in_every_site_language() {
    let Some(node) = tool("node") else { return };
    let site = crate::search::countries_in_every_language();
    let req = |q: &str, filters: &[(&str, &str)], lang: Option<&str>| Request {
        query: q.to_owned(),
        limit: 10,
        filters: filters.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
        lang: lang.map(str::to_owned),
        ..Request::default()
    };
    let requests = [
        req("Chine", &[], Some("fr")),
        req("الصين", &[], Some("ar")),
        req("中国", &[], Some("zh")),
        req("China", &[], None),
        req("كينيا", &[], None),
        req("jurisdiction:中国", &[], None),
        req("jurisdiction:chine law", &[], None),
        req("", &[("jurisdiction", "Chine")], None),
        req("", &[("jurisdiction", "الصين")], Some("ar")),
        req("", &[("status", "En vigueur")], Some("fr")),
        req("status:Projet", &[], None),
        req("", &[("jurisdiction", "Китай")], None),
    ];
    assert_same_ranking(&node, site.path(), &requests);
    let js = js_search(&node, site.path(), &[serde_json::json!({"query": "الصين", "limit": 10})]);
    let keys: Vec<&str> =
        js[0]["hits"].as_array().unwrap().iter().map(|h| h["key"].as_str().unwrap()).collect();
    assert_eq!(keys.len(), 3, "{keys:?}");
    assert_eq!(keys[2], "laws/clauses", "{keys:?}");
}

/// A query's function words go in both engines alike, in the page's
/// language and the default one, while another word remains.
#[test]
fn function_words_are_left_out_alike_in_both_engines() {
    let Some(node) = tool("node") else { return };
    let site = Site::minimal();
    site.write(
        "book.toml",
        "[book]\ntitle = \"Test\"\nlanguages = [\"en\", \"fr\"]\nbase-url = \"https://example.org/\"\n",
    );
    site.write(
        "content/practices/e-payments.md",
        "---\ntitle: Mobile payments\nsummary: Paying duties by phone.\narea: payments\n---\n\nTraders pay duties by mobile money in the US.\n",
    );
    site.write(
        "content/practices/e-payments.fr.md",
        "---\ntitle: Paiements mobiles\nsummary: Payer les droits par téléphone.\n---\n\nLes commerçants paient les droits de douane.\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let queries = [
        ("single window for traders", None),
        ("documents for the traders", None),
        ("the who", None),
        ("\"by mobile\" of", None),
        ("payments in the US", None),
        ("for", None),
        ("paiements des commerçants", Some("fr")),
        // (Not "des" here: the command line reads it as French "de", which
        // the browser cannot know of a word no record holds.)
        ("paiements les commerçants", None),
        ("les droits de douane for", Some("fr")),
        ("window*", None),
    ];
    let requests: Vec<Request> = queries
        .iter()
        .map(|(q, lang)| Request {
            query: (*q).to_owned(),
            limit: 10,
            lang: lang.map(str::to_owned),
            ..Request::default()
        })
        .collect();
    assert_same_ranking(&node, site.path(), &requests);
    let engine = Engine::open(&site.path().join("index")).expect("open index");
    let keys = |r: &Request| -> Vec<String> {
        engine.search(r).expect("search").hits.into_iter().map(|h| h.key).collect()
    };
    // "for" is in neither record: it no longer empties the results.
    assert_eq!(keys(&requests[0]), ["practices/single-window"]);
    // French function words go on the French page only.
    assert_eq!(keys(&requests[6]), ["practices/e-payments"]);
    let english_page = engine.search(&requests[7]).expect("search");
    assert_eq!(english_page.hits.len(), 1);
    let french_page = engine.search(&Request { lang: Some("fr".into()), ..requests[7].clone() });
    assert!(english_page.hits[0].score > french_page.expect("search").hits[0].score);
}

/// A term's label in another language is read by that language's rules,
/// as a country's name is: the Russian nominative finds the genitive
/// label, in both engines.
#[test]
fn translated_term_labels_are_stemmed_in_their_language() {
    let Some(node) = tool("node") else { return };
    let site = Site::minimal();
    site.write(
        "book.toml",
        "[book]\ntitle = \"Test\"\nlanguages = [\"en\", \"ru\"]\nbase-url = \"https://example.org/\"\n",
    );
    site.write(
        "content/_taxonomies.yaml",
        "topics:\n  title: Topics\n  terms:\n    trade: {label: Trade}\n    privacy:\n      label: Personal data protection\n      translations: {ru: {label: Защита персональных данных}}\n",
    );
    site.write(
        "content/practices/e-payments.md",
        "---\ntitle: Mobile payments\nsummary: Paying duties by phone.\narea: payments\ntopics: [privacy]\n---\n\nTraders pay duties by mobile money.\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let requests: Vec<Request> = ["персональные данные", "данные", "защита персональных данных"]
        .iter()
        .map(|q| Request {
            query: (*q).to_owned(),
            limit: 10,
            lang: Some("ru".into()),
            ..Request::default()
        })
        .collect();
    assert_same_ranking(&node, site.path(), &requests);
    let engine = Engine::open(&site.path().join("index")).expect("open index");
    for r in &requests {
        let keys: Vec<String> =
            engine.search(r).expect("search").hits.into_iter().map(|h| h.key).collect();
        assert_eq!(keys, ["practices/e-payments"], "{:?}", r.query);
    }
}
