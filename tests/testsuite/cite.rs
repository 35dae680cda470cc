//! "Cite this entry" (issue #17): `compendium cite` against citations
//! written by hand from the APA 7 and Chicago 17 rules (a web page of an
//! organisation: APA 9.16 and 10.16, Chicago 14.206), BibTeX parsed back
//! with the `biblatex` crate, the record page's citation block and its
//! `data:` downloads decoded back to the command's output, and errors.

use biblatex::{Bibliography, ChunksExt, PermissiveType};
use serde_json::Value;

use crate::support::Site;

const NBSP: char = '\u{a0}';

/// A site with `base-url` and a publisher, in English and French: a record
/// with an `updated` date, a source with a URL and one by `ref`, and a
/// French translation; a record without any date.
fn site() -> Site {
    let s = Site::new();
    s.write(
        "book.toml",
        "[book]\ntitle = \"Trade Atlas\"\npublisher = \"Atlas Editorial Board\"\nauthors = [\"Someone Else\"]\nbase-url = \"https://example.org/atlas\"\nlanguages = [\"en\", \"fr\"]\n\n[book.translations.fr]\ntitle = \"Atlas du commerce\"\n",
    );
    s.write(
        "content/laws/_collection.yaml",
        "title: Laws\nsingular: Law\ndescription: Laws.\nsort: title\nfields:\n  year: {type: int}\n",
    );
    s.write(
        "content/sources/_collection.yaml",
        "title: Sources\nsingular: Source\ndescription: Documents.\nsort: title\nfields:\n  publisher: {type: string}\n  url: {type: url}\n",
    );
    s.write(
        "content/sources/yearbook.md",
        "---\ntitle: Trade yearbook\nsummary: s\npublisher: Statistics Office\nurl: https://stats.example.org/yearbook\ndate: 2022-01-31\n---\n",
    );
    s.write(
        "content/laws/data-act.md",
        "---\ntitle: Data transfer act\nsummary: Rules for moving data.\ndate: 2019-07-01\nupdated: 2024-03-05\nyear: 2018\nsources:\n  - title: \"Trade statistics <2023> & more\"\n    url: https://stats.example.org/2023\n    publisher: Statistics Office\n    date: 2023-06-01\n    locator: Table 4\n  - {ref: sources/yearbook, locator: \"p. 12\"}\n---\n\nBody.\n",
    );
    s.write(
        "content/laws/data-act.fr.md",
        "---\ntitle: Loi sur les transferts de données\nsummary: Des règles.\n---\n",
    );
    s.write(
        "content/laws/customs-rules.md",
        "---\ntitle: Customs rules for small traders\nsummary: s\n---\n",
    );
    s
}

/// No `base-url`, no `publisher`: the authors are cited; a `year` field
/// is the only date.
fn plain_site() -> Site {
    let s = Site::new();
    s.write("book.toml", "[book]\ntitle = \"Test Site\"\nauthors = [\"Research Unit\"]\n");
    s.write(
        "content/reports/_collection.yaml",
        "title: Reports\nsingular: Report\ndescription: Reports.\nsort: title\nfields:\n  year: {type: int}\n",
    );
    s.write(
        "content/reports/yearly.md",
        "---\ntitle: Yearly review\nsummary: s\nyear: 2019\n---\n",
    );
    s
}

fn cite(s: &Site, args: &[&str]) -> String {
    let mut all = vec!["cite"];
    all.extend_from_slice(args);
    let run = s.run(&all);
    assert_eq!(run.code, 0, "cite {args:?}: {}", run.stderr);
    run.stdout
}

#[test]
fn apa_matches_the_hand_made_references() {
    let s = site();
    assert_eq!(
        cite(&s, &["laws/data-act"]),
        "Atlas Editorial Board. (2024, March 5). Data transfer act. Trade Atlas. https://example.org/atlas/laws/data-act/\n"
    );
    // No date: "n.d." (APA 9.17); a bare id names the record.
    assert_eq!(
        cite(&s, &["customs-rules", "--style", "apa"]),
        "Atlas Editorial Board. (n.d.). Customs rules for small traders. Trade Atlas. https://example.org/atlas/laws/customs-rules/\n"
    );
    // Without base-url there is no URL; a year alone is the date; the
    // authors stand in for a publisher.
    assert_eq!(
        cite(&plain_site(), &["reports/yearly"]),
        "Research Unit. (2019). Yearly review. Test Site.\n"
    );
}

#[test]
fn chicago_matches_the_hand_made_bibliography_entries() {
    let s = site();
    assert_eq!(
        cite(&s, &["laws/data-act", "--style", "chicago"]),
        "Atlas Editorial Board. “Data Transfer Act.” Trade Atlas, March 5, 2024. https://example.org/atlas/laws/data-act/.\n"
    );
    assert_eq!(
        cite(&s, &["laws/customs-rules", "--style", "chicago"]),
        "Atlas Editorial Board. “Customs Rules for Small Traders.” Trade Atlas. https://example.org/atlas/laws/customs-rules/.\n"
    );
    assert_eq!(
        cite(&plain_site(), &["yearly", "--style", "chicago"]),
        "Research Unit. “Yearly Review.” Test Site, 2019.\n"
    );
    // In French: the translated title (not title-cased: French titles
    // take sentence case), the site's French title, French quotes with
    // no-break spaces, the date as French writes it, the French page.
    assert_eq!(
        cite(&s, &["laws/data-act", "--style", "chicago", "--lang", "fr"]),
        format!(
            "Atlas Editorial Board. «{NBSP}Loi sur les transferts de données{NBSP}». Atlas du commerce, 5 mars 2024. https://example.org/atlas/fr/laws/data-act/.\n"
        )
    );
}

#[test]
fn bibtex_matches_the_hand_made_entry_and_parses_back() {
    let s = site();
    let bib = cite(&s, &["laws/data-act", "--style", "bibtex"]);
    assert_eq!(
        bib,
        "@misc{laws:data-act,\nauthor = {{Atlas Editorial Board}},\nyear = {2024},\nmonth = {03},\nday = {05},\nhowpublished = {Trade Atlas},\nlanguage = {en},\npublisher = {Atlas Editorial Board},\ntitle = {Data transfer act},\nurl = {https://example.org/atlas/laws/data-act/},\n}\n"
    );
    let parsed = Bibliography::parse(&bib).expect("BibTeX parses");
    let e = parsed.get("laws:data-act").expect("the entry, by its key");
    assert_eq!(e.title().expect("title").format_verbatim(), "Data transfer act");
    let authors = e.author().expect("author");
    assert_eq!(authors.len(), 1, "one corporate author, not split: {authors:?}");
    assert_eq!(authors[0].name, "Atlas Editorial Board");
    assert_eq!(e.url().expect("url"), "https://example.org/atlas/laws/data-act/");
    let PermissiveType::Typed(date) = e.date().expect("date") else { panic!("a typed date") };
    assert_eq!(format!("{date:?}").matches("2024").count(), 1, "{date:?}");
    assert_eq!(e.get("month").map(|m| m.format_verbatim()), Some("03".into()));

    // French, and a site without base-url and with a year only.
    let fr = cite(&s, &["laws/data-act", "--style", "bibtex", "--lang", "fr"]);
    let parsed = Bibliography::parse(&fr).expect("parses");
    let e = parsed.get("laws:data-act").expect("entry");
    assert_eq!(e.title().expect("title").format_verbatim(), "Loi sur les transferts de données");
    assert_eq!(e.url().expect("url"), "https://example.org/atlas/fr/laws/data-act/");
    let plain = cite(&plain_site(), &["reports/yearly", "--style", "bibtex"]);
    assert_eq!(
        plain,
        "@misc{reports:yearly,\nauthor = {{Research Unit}},\nyear = {2019},\nhowpublished = {Test Site},\nlanguage = {en},\npublisher = {Research Unit},\ntitle = {Yearly review},\n}\n"
    );
    let parsed = Bibliography::parse(&plain).expect("parses");
    assert!(parsed.get("reports:yearly").expect("entry").url().is_err(), "no url without base-url");
}

#[test]
fn ris_and_csl_json_carry_the_same_data() {
    let s = site();
    assert_eq!(
        cite(&s, &["laws/data-act", "--style", "ris"]),
        "TY  - ELEC\r\nTI  - Data transfer act\r\nAU  - Atlas Editorial Board\r\nT2  - Trade Atlas\r\nPB  - Atlas Editorial Board\r\nPY  - 2024\r\nDA  - 2024/03/05/\r\nUR  - https://example.org/atlas/laws/data-act/\r\nLA  - en\r\nER  - \r\n"
    );
    let json: Value =
        serde_json::from_str(&cite(&s, &["laws/data-act", "--style", "csl-json", "--lang", "fr"]))
            .expect("CSL-JSON is JSON");
    let item = &json[0];
    assert_eq!(item["id"], "laws/data-act");
    assert_eq!(item["type"], "webpage");
    assert_eq!(item["title"], "Loi sur les transferts de données");
    assert_eq!(item["author"][0]["literal"], "Atlas Editorial Board");
    assert_eq!(item["publisher"], "Atlas Editorial Board");
    assert_eq!(item["container-title"], "Atlas du commerce");
    assert_eq!(item["issued"]["date-parts"], serde_json::json!([[2024, 3, 5]]));
    assert_eq!(item["URL"], "https://example.org/atlas/fr/laws/data-act/");
    assert_eq!(item["language"], "fr");
    let none: Value =
        serde_json::from_str(&cite(&s, &["customs-rules", "--style", "csl-json"])).expect("JSON");
    assert!(none[0].get("issued").is_none(), "no date, no `issued`: {none}");
}

#[test]
fn unknown_records_and_languages_are_usage_errors_with_hints() {
    let s = site();
    let run = s.run(&["cite", "laws/data-ac"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("there is no record `laws/data-ac` (did you mean `laws/data-act`?)"),
        "{}",
        run.stderr
    );
    // A wrong collection before a right id.
    let run = s.run(&["cite", "rules/data-act"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("(did you mean `laws/data-act`?)"), "{}", run.stderr);
    let run = s.run(&["cite", "customs"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("did you mean `laws/customs-rules`?"), "{}", run.stderr);
    let run = s.run(&["cite", "laws/data-act", "--lang", "de"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("`de` is not one of the site's languages (en, fr)"),
        "{}",
        run.stderr
    );
    let run = s.run(&["cite", "laws/data-act", "--style", "mla"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    // Content that does not load is a content error.
    s.write("content/laws/broken.md", "---\ntitle: [unclosed\n---\n");
    assert_eq!(s.run(&["cite", "laws/data-act"]).code, 1);
}

/// The `data:` URL of a download on a page, decoded.
fn download(page: &str, mime: &str) -> String {
    let start = format!("data:{mime};charset=utf-8,");
    // Tera escapes `/` in attributes; the minifier may keep it so.
    let page = page.replace("&#x2F;", "/").replace("&#47;", "/");
    let at = page.find(&start).unwrap_or_else(|| panic!("no {mime} download"));
    let rest = &page[at + start.len()..];
    let end = rest.find(['"', '\'', ' ', '>']).expect("end of the URL");
    percent_encoding::percent_decode_str(&rest[..end]).decode_utf8().expect("UTF-8").into_owned()
}

/// The text of `html` without its tags.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
}

/// The "Cite this entry" block of the built page `page` of `key` in
/// `lang`: both styles' text is `compendium cite`'s, with a copy button
/// each, and each download decodes to the command's output.
fn assert_page_cites_as_the_command(s: &Site, key: &str, lang: &str, page: &str) {
    let html = s.read(page);
    let block = &html[html.find("class=\"record-cite\"").expect("the cite section")..];
    let block = &block[..block.find("</section>").expect("its end")];
    let apa = cite(s, &[key, "--style", "apa", "--lang", lang]);
    let chicago = cite(s, &[key, "--style", "chicago", "--lang", lang]);
    let text = text_of(block);
    assert!(text.contains(apa.trim_end()), "{key} {lang}: APA not in {text}");
    assert!(text.contains(chicago.trim_end()), "{key} {lang}: Chicago not in {text}");
    assert!(block.contains("<i>"), "APA's title in italics: {block}");
    assert_eq!(block.matches("cite-copy").count(), 2, "a copy button per style");
    for (mime, style) in [
        ("application/x-bibtex", "bibtex"),
        ("application/x-research-info-systems", "ris"),
        ("application/vnd.citationstyles.csl+json", "csl-json"),
    ] {
        let expected = cite(s, &[key, "--style", style, "--lang", lang]);
        assert_eq!(download(block, mime), expected, "{key} {lang} {style}");
    }
    assert!(html.contains("assets/cite.js"), "the copy script on record pages");
    assert!(!html.contains("<script>"), "no inline script");
}

#[test]
fn the_record_page_shows_the_citations_and_its_downloads_decode_to_the_commands_output() {
    let s = site();
    let run = s.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (lang, page) in
        [("en", "site/laws/data-act/index.html"), ("fr", "site/fr/laws/data-act/index.html")]
    {
        assert_page_cites_as_the_command(&s, "laws/data-act", lang, page);
    }
    let csl: Value = serde_json::from_str(&download(
        &s.read("site/laws/data-act/index.html"),
        "application/vnd.citationstyles.csl+json",
    ))
    .expect("CSL-JSON");
    for field in ["id", "type", "title", "author", "container-title", "issued", "URL", "language"] {
        assert!(csl[0].get(field).is_some(), "CSL-JSON lacks {field}: {csl}");
    }
    assert!(!s.read("site/index.html").contains("cite.js"), "only record pages load the script");
    assert!(s.path().join("site/assets/cite.js").is_file());
}

#[test]
fn sources_are_cited_in_the_same_style_with_their_links_and_locators() {
    let s = site();
    let run = s.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = s.read("site/laws/data-act/index.html");
    let list = &html[html.find("class=\"sources\"").expect("the sources list")..];
    let list = &list[..list.find("</ol>").expect("its end")];
    let text = text_of(list);
    // A report by an organisation (APA 10.4): the year only, the title in
    // italics, the publisher not repeated after the author, then the URL.
    assert!(
        text.contains("Statistics Office. (2023). Trade statistics <2023> & more. https://stats.example.org/2023 (Table 4)"),
        "{text}"
    );
    assert!(list.contains("&lt;2023&gt; &amp; more"), "the title escaped: {list}");
    assert!(
        list.contains("https://stats.example.org/2023\" rel=\"noopener\"><i>Trade statistics")
            || list.contains("https://stats.example.org/2023 rel=noopener><i>Trade statistics"),
        "the title links to the source: {list}"
    );
    // A `ref` source: its record's data, and the link to its page.
    assert!(
        text.contains(
            "Statistics Office. (2022). Trade yearbook. https://stats.example.org/yearbook (p. 12)"
        ),
        "{text}"
    );
    assert!(list.contains("sources/yearbook/index.html"), "about this source: {list}");
}

/// A `sources` record dated by its `year` alone is cited with it, not as
/// undated.
#[test]
fn a_source_with_only_a_year_is_cited_with_it() {
    let s = site();
    s.write(
        "content/sources/yearbook.md",
        "---\ntitle: Trade yearbook\nsummary: s\npublisher: Statistics Office\nurl: https://stats.example.org/yearbook\nyear: 2024\n---\n",
    );
    let run = s.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = s.read("site/laws/data-act/index.html");
    let list = &html[html.find("class=\"sources\"").expect("the sources list")..];
    let text = text_of(&list[..list.find("</ol>").expect("its end")]);
    assert!(text.contains("Statistics Office. (2024). Trade yearbook."), "{text}");
    assert!(!text.contains("n.d."), "{text}");
}

/// A publisher translated in `[book.translations.LANG]` is who a citation
/// in that language names.
#[test]
fn a_translated_publisher_is_cited_in_its_language() {
    let s = site();
    s.write(
        "book.toml",
        "[book]\ntitle = \"Trade Atlas\"\npublisher = \"Atlas Editorial Board\"\nlanguages = [\"en\", \"fr\"]\n\n[book.translations.fr]\ntitle = \"Atlas du commerce\"\npublisher = \"Comité de rédaction de l'Atlas\"\n",
    );
    let fr = cite(&s, &["laws/data-act", "--lang", "fr"]);
    assert!(fr.starts_with("Comité de rédaction de l'Atlas."), "{fr}");
    let en = cite(&s, &["laws/data-act"]);
    assert!(en.starts_with("Atlas Editorial Board."), "{en}");
}

/// A draft is named as one, by its id alone, by collection/id, or as a
/// page bundle: not "there is no record".
#[test]
fn citing_a_draft_says_it_is_a_draft() {
    let s = Site::minimal();
    let draft = "---\ntitle: Draft\nsummary: Not yet.\narea: customs\ndraft: true\n---\n";
    s.write("content/practices/draft-one.md", draft);
    s.write("content/practices/draft-two/index.md", draft);
    for name in ["draft-one", "practices/draft-one", "draft-two", "practices/draft-two"] {
        let r = s.run(&["cite", name]);
        assert_ne!(r.code, 0, "{name}");
        assert!(r.stderr.contains("but it is a draft (`draft: true`)"), "{name}: {}", r.stderr);
    }
    let r = s.run(&["cite", "draft-three"]);
    assert!(r.stderr.contains("there is no record `draft-three`"), "{}", r.stderr);
}

/// `site()` whose `sources` records say who issued each document and when,
/// reviewed by the site long after (`updated: 2026-11-23`): one with its own
/// URL and day, one with a year and no URL (and a French title), one with a
/// URL alone, one with none of these.
fn documents_site() -> Site {
    let s = site();
    s.write(
        "content/sources/yearbook.md",
        "---\ntitle: Trade yearbook\nsummary: s\npublisher: Statistics Office\nurl: https://stats.example.org/yearbook\ndate: 2022-01-31\nupdated: 2026-11-23\n---\n",
    );
    s.write(
        "content/sources/survey.md",
        "---\ntitle: Customs survey of small traders\nsummary: s\npublisher: Customs Agency\nyear: 2019\nupdated: 2026-11-23\n---\n",
    );
    s.write("content/sources/survey.fr.md", "---\ntitle: Enquête douanière\n---\n");
    s.write(
        "content/sources/notice.md",
        "---\ntitle: Port notice\nsummary: s\nurl: https://port.example.org/notice\nupdated: 2026-11-23\n---\n",
    );
    s.write(
        "content/sources/memo.md",
        "---\ntitle: Untitled memo\nsummary: s\nupdated: 2026-11-23\n---\n",
    );
    s
}

/// No format of a document's citation names the site's editors, its
/// title or the date the site reviewed the record.
fn assert_not_the_entry(out: &str) {
    for entry in ["Atlas Editorial Board", "Trade Atlas", "2026"] {
        assert!(!out.contains(entry), "`{entry}` in a document's citation: {out}");
    }
}

/// A record of `sources` is cited as the document it describes (a report
/// by an organisation, APA 10.4, Chicago 14.116): its publisher as author,
/// its own date (the year in both styles, the day in the data formats),
/// its own URL; not the site's editors, the site as container or the
/// record's `updated` date.
#[test]
fn a_source_record_is_cited_as_the_document_in_every_format() {
    let s = documents_site();
    let key = "sources/yearbook";
    let apa = cite(&s, &[key, "--style", "apa"]);
    assert_eq!(
        apa,
        "Statistics Office. (2022). Trade yearbook. https://stats.example.org/yearbook\n"
    );
    let chicago = cite(&s, &[key, "--style", "chicago"]);
    assert_eq!(
        chicago,
        "Statistics Office. Trade Yearbook. 2022. https://stats.example.org/yearbook.\n"
    );
    // The document's URL is the same in every language.
    assert_eq!(cite(&s, &[key, "--lang", "fr"]), apa);
    let bib = cite(&s, &[key, "--style", "bibtex"]);
    assert_eq!(
        bib,
        "@misc{sources:yearbook,\nauthor = {{Statistics Office}},\nyear = {2022},\nmonth = {01},\nday = {31},\nlanguage = {en},\npublisher = {Statistics Office},\ntitle = {Trade yearbook},\nurl = {https://stats.example.org/yearbook},\n}\n"
    );
    let parsed = Bibliography::parse(&bib).expect("BibTeX parses");
    let e = parsed.get("sources:yearbook").expect("the entry, by its key");
    assert_eq!(e.author().expect("author")[0].name, "Statistics Office");
    assert_eq!(e.url().expect("url"), "https://stats.example.org/yearbook");
    assert!(e.get("howpublished").is_none(), "not published by the site: {bib}");
    let ris = cite(&s, &[key, "--style", "ris"]);
    assert_eq!(
        ris,
        "TY  - RPRT\r\nTI  - Trade yearbook\r\nAU  - Statistics Office\r\nPB  - Statistics Office\r\nPY  - 2022\r\nDA  - 2022/01/31/\r\nUR  - https://stats.example.org/yearbook\r\nLA  - en\r\nER  - \r\n"
    );
    let json = cite(&s, &[key, "--style", "csl-json"]);
    let csl: Value = serde_json::from_str(&json).expect("CSL-JSON is JSON");
    assert_eq!(
        csl,
        serde_json::json!([{
            "id": "sources/yearbook",
            "type": "report",
            "title": "Trade yearbook",
            "author": [{ "literal": "Statistics Office" }],
            "publisher": "Statistics Office",
            "issued": { "date-parts": [[2022, 1, 31]] },
            "URL": "https://stats.example.org/yearbook",
            "language": "en",
        }])
    );
    for out in [&apa, &chicago, &bib, &ris, &json] {
        assert_not_the_entry(out);
    }
}

/// A document without a URL of its own is cited at its record's page, in
/// the language cited; a year alone is its date.
#[test]
fn a_source_without_its_own_url_is_cited_at_its_page_by_its_year() {
    let s = documents_site();
    let key = "sources/survey";
    assert_eq!(
        cite(&s, &[key]),
        "Customs Agency. (2019). Customs survey of small traders. https://example.org/atlas/sources/survey/\n"
    );
    assert_eq!(
        cite(&s, &[key, "--lang", "fr"]),
        "Customs Agency. (2019). Enquête douanière. https://example.org/atlas/fr/sources/survey/\n"
    );
    assert_eq!(
        cite(&s, &[key, "--style", "chicago"]),
        "Customs Agency. Customs Survey of Small Traders. 2019. https://example.org/atlas/sources/survey/.\n"
    );
    let bib = cite(&s, &[key, "--style", "bibtex", "--lang", "fr"]);
    assert_eq!(
        bib,
        "@misc{sources:survey,\nauthor = {{Customs Agency}},\nyear = {2019},\nlanguage = {fr},\npublisher = {Customs Agency},\ntitle = {Enquête douanière},\nurl = {https://example.org/atlas/fr/sources/survey/},\n}\n"
    );
    let ris = cite(&s, &[key, "--style", "ris"]);
    assert_eq!(
        ris,
        "TY  - RPRT\r\nTI  - Customs survey of small traders\r\nAU  - Customs Agency\r\nPB  - Customs Agency\r\nPY  - 2019\r\nUR  - https://example.org/atlas/sources/survey/\r\nLA  - en\r\nER  - \r\n"
    );
    let json = cite(&s, &[key, "--style", "csl-json"]);
    let csl: Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(csl[0]["type"], "report");
    assert_eq!(csl[0]["author"], serde_json::json!([{ "literal": "Customs Agency" }]));
    assert_eq!(csl[0]["issued"], serde_json::json!({ "date-parts": [[2019]] }));
    assert_eq!(csl[0]["URL"], "https://example.org/atlas/sources/survey/");
    assert!(csl[0].get("container-title").is_none(), "{csl}");
    for out in [&bib, &ris, &json] {
        assert_not_the_entry(out);
    }
}

/// A source that gives a URL alone is a web page at that URL, undated; one
/// that gives none of publisher, date, year or URL says nothing that tells
/// the document apart, so the page's own entry is what is cited.
#[test]
fn a_source_with_a_url_alone_is_a_page_and_one_with_nothing_is_the_entry() {
    let s = documents_site();
    assert_eq!(
        cite(&s, &["sources/notice"]),
        "Port notice. (n.d.). https://port.example.org/notice\n"
    );
    assert_eq!(
        cite(&s, &["sources/notice", "--style", "chicago"]),
        "“Port Notice.” https://port.example.org/notice.\n"
    );
    let ris = cite(&s, &["sources/notice", "--style", "ris"]);
    assert!(ris.starts_with("TY  - ELEC\r\n") && !ris.contains("AU  -"), "{ris}");
    assert_not_the_entry(&ris);
    assert_eq!(
        cite(&s, &["sources/memo"]),
        "Atlas Editorial Board. (2026, November 23). Untitled memo. Trade Atlas. https://example.org/atlas/sources/memo/\n"
    );
    let csl: Value =
        serde_json::from_str(&cite(&s, &["sources/memo", "--style", "csl-json"])).expect("JSON");
    assert_eq!(csl[0]["type"], "webpage");
    assert_eq!(csl[0]["container-title"], "Trade Atlas");
}

/// The source's page cites it as the Sources list of a record citing it
/// does (without the locator), and its downloads are the command's.
#[test]
fn a_source_page_cites_the_document_as_the_sources_lists_do() {
    let s = documents_site();
    let run = s.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_page_cites_as_the_command(
        &s,
        "sources/yearbook",
        "en",
        "site/sources/yearbook/index.html",
    );
    assert_page_cites_as_the_command(
        &s,
        "sources/survey",
        "fr",
        "site/fr/sources/survey/index.html",
    );
    let html = s.read("site/sources/yearbook/index.html");
    let block = &html[html.find("class=\"record-cite\"").expect("the cite section")..];
    let block = text_of(&block[..block.find("</section>").expect("its end")]);
    assert_not_the_entry(&block);
    let citing = s.read("site/laws/data-act/index.html");
    let list = &citing[citing.find("class=\"sources\"").expect("the sources list")..];
    let listed = text_of(&list[..list.find("</ol>").expect("its end")]);
    let own = cite(&s, &["sources/yearbook"]);
    assert!(listed.contains(&format!("{} (p. 12)", own.trim_end())), "{own} not in {listed}");
}

/// The shipped knowledge base's G20 declaration: its ministers and 2021,
/// not the site's editors and the day it was reviewed.
#[test]
fn the_shipped_g20_declaration_is_cited_as_the_ministers_2021_document() {
    let s = Site::new();
    std::fs::copy(crate::support::repo().join("book.toml"), s.path().join("book.toml"))
        .expect("book.toml");
    crate::support::copy_dir(&crate::support::repo().join("content"), &s.path().join("content"));
    let key = "sources/g20-digital-ministers-declaration-2021";
    let apa = cite(&s, &[key]);
    assert!(
        apa.starts_with("G20 Digital Ministers (Italian G20 Presidency). (2021). Declaration of G20 Digital Ministers: "),
        "{apa}"
    );
    let csl: Value = serde_json::from_str(&cite(&s, &[key, "--style", "csl-json"])).expect("JSON");
    assert_eq!(csl[0]["issued"], serde_json::json!({ "date-parts": [[2021, 8, 5]] }));
    for style in ["apa", "chicago", "bibtex", "ris", "csl-json"] {
        let out = cite(&s, &[key, "--style", style]);
        assert!(!out.contains("Compendium editors") && !out.contains("2026"), "{style}: {out}");
    }
}
