//! Every page has a meta description, written from what it shows, in its
//! language; records keep their summary (marked with its language when it
//! is not the page's).

use std::collections::BTreeMap;
use std::path::Path;

use super::{PageInfo, multilingual, pages, shipped};
use crate::support::Site;

/// The most characters a composed description has.
const MAX_CHARS: usize = 160;

/// The top-level keys of `content/_taxonomies.yaml`: the taxonomies.
fn taxonomies(dir: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join("content/_taxonomies.yaml")).unwrap_or_default();
    text.lines()
        .filter(|l| !l.starts_with([' ', '#', '\t']) && l.trim_end().ends_with(':'))
        .map(|l| l.trim_end().trim_end_matches(':').to_owned())
        .collect()
}

/// Checks every page of a built multilingual site whose default language
/// is `default` and whose other languages are `others`.
fn assert_described(dir: &Path, default: &str, others: &[&str]) {
    let all = pages(dir);
    assert!(all.len() > 100, "{} pages", all.len());
    let taxonomies = taxonomies(dir);
    let by_path: BTreeMap<&str, &PageInfo> = all.iter().map(|p| (p.rel.as_str(), p)).collect();
    let mut problems = Vec::new();
    // Description → pages, per language.
    let mut seen: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
    for p in &all {
        let Some(text) = p.description.as_deref().filter(|d| !d.trim().is_empty()) else {
            problems.push(format!("{}: no meta description", p.rel));
            continue;
        };
        let (lang, path) = match p.rel.split_once('/') {
            Some((l, rest)) if others.contains(&l) => (l, rest),
            _ => (default, p.rel.as_str()),
        };
        if !p.lang.eq_ignore_ascii_case(lang) {
            problems.push(format!("{}: <html lang={}> in the {lang} folder", p.rel, p.lang));
        }
        // Text in another language than the page's says which.
        if let Some(other) = &p.description_lang
            && other.eq_ignore_ascii_case(lang)
        {
            problems.push(format!("{}: description marked lang={other}, the page's own", p.rel));
        }
        // The same text as the default language's page is the same
        // language, and says so (a record written in Russian is marked on
        // the English page, not on the Russian one).
        if lang != default
            && let Some(original) = by_path.get(path)
            && original.description.as_deref() == Some(text)
        {
            let here = p.description_lang.as_deref().unwrap_or(lang);
            let there = original.description_lang.as_deref().unwrap_or(default);
            if !here.eq_ignore_ascii_case(there) {
                problems.push(format!("{}: in {here} here, in {there} on {path}: {text}", p.rel));
            }
        }
        let first = path.split('/').next().unwrap_or("");
        let composed = path == "404.html"
            || first == "countries"
            || first == "search"
            || taxonomies.iter().any(|t| t == first);
        if composed && text.chars().count() > MAX_CHARS {
            problems.push(format!("{}: {} characters: {text}", p.rel, text.chars().count()));
        }
        seen.entry((lang, text)).or_default().push(&p.rel);
    }
    for ((lang, text), at) in &seen {
        if at.len() > 1 {
            problems.push(format!("{lang}: {} pages share \"{text}\": {at:?}", at.len()));
        }
    }
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn every_page_of_the_shipped_site_describes_itself_in_its_language() {
    assert_described(shipped(), "en", &["fr", "es", "ar", "zh", "ru"]);
}

#[test]
fn every_page_of_the_multilingual_fixture_describes_itself_in_its_language() {
    assert_described(multilingual(), "en", &["fr", "es", "ar", "zh", "ru"]);
}

/// The description of the page at `rel` of a built scratch site.
fn description(s: &Site, rel: &str) -> PageInfo {
    let all = pages(s.path());
    all.into_iter().find(|p| p.rel == rel).unwrap_or_else(|| panic!("no page {rel}"))
}

#[test]
fn descriptions_name_what_the_page_shows_and_are_escaped() {
    let s = Site::minimal();
    s.write(
        "book.toml",
        "[book]\ntitle = \"Test\"\nlanguages = [\"en\", \"fr\", \"zh\"]\n\n[book.translations.fr]\ntitle = \"Essai\"\n",
    );
    let hostile = "Quote \" & <script>alert(1)</script>";
    s.write(
        "content/practices/hostile.md",
        &format!(
            "---\ntitle: '{hostile}'\nsummary: 'Summary \"quoted\" <b>bold</b>'\narea: customs\ntopics: [trade]\ncountries: [KEN]\n---\n"
        ),
    );
    s.write(
        "content/practices/single-window.fr.md",
        "---\ntitle: Guichet unique\nsummary: Un seul endroit pour déposer les documents.\n---\n",
    );
    let r = s.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let raw = s.read("site/topics/trade/index.html");
    assert!(!raw.contains("<script>alert"), "unescaped title in {raw}");

    let d = |rel: &str| description(&s, rel).description.unwrap_or_default();
    // Lists in the order the page shows them (by title).
    assert_eq!(
        d("topics/trade/index.html"),
        format!("Trade (Topics) — 2 records: {hostile}; Single window")
    );
    assert_eq!(
        d("countries/ken/index.html"),
        format!("Kenya — 2 records: {hostile}; Single window")
    );
    assert_eq!(d("countries/index.html"), "Countries: Kenya");
    assert_eq!(d("topics/index.html"), "Topics: Trade");
    // No description in book.toml: the home page says what it holds.
    assert_eq!(d("index.html"), "Test — 2 records: Practices");
    assert_eq!(d("search/index.html"), "Test — Search 2 records: Practices");
    assert_eq!(d("practices/index.html"), "Good practices.");
    assert_eq!(d("practices/hostile/index.html"), "Summary \"quoted\" <b>bold</b>");
    assert!(d("404.html").starts_with("There is no page at this address."));

    // In French: the interface's words, the French version's summary, and
    // the untranslated record's summary marked as English.
    assert_eq!(d("fr/index.html"), "Essai — 2 fiches\u{a0}: Practices");
    assert_eq!(
        d("fr/countries/ken/index.html"),
        format!("Kenya — 2 fiches\u{a0}: Guichet unique\u{a0}; {hostile}")
    );
    // The collection's description is not translated: the page describes
    // itself in French instead.
    assert_eq!(
        d("fr/practices/index.html"),
        format!("Practices — 2 fiches\u{a0}: Guichet unique\u{a0}; {hostile}")
    );
    let fr = description(&s, "fr/practices/single-window/index.html");
    assert_eq!(fr.description.as_deref(), Some("Un seul endroit pour déposer les documents."));
    assert_eq!(fr.description_lang, None);
    let untranslated = description(&s, "fr/practices/hostile/index.html");
    assert_eq!(untranslated.description_lang.as_deref(), Some("en"));
    assert_eq!(
        d("zh/countries/ken/index.html"),
        format!("肯尼亚（2 条记录）：{hostile}；Single window")
    );
}

#[test]
fn long_lists_are_cut_at_a_word_within_the_limit() {
    let s = Site::minimal();
    for i in 0..40 {
        s.write(
            &format!("content/practices/p{i:02}.md"),
            &format!(
                "---\ntitle: Practice number {i:02} with a rather long title\nsummary: S {i}.\narea: customs\ntopics: [trade]\n---\n"
            ),
        );
    }
    let r = s.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let d = description(&s, "topics/trade/index.html").description.unwrap_or_default();
    assert!(
        d.starts_with("Trade (Topics) — 41 records: Practice number 00 with a rather long title; "),
        "{d}"
    );
    assert!(d.chars().count() <= MAX_CHARS, "{} characters: {d}", d.chars().count());
    assert!(d.ends_with('…'), "{d}");
    // Cut between words of the full text, with nothing dangling.
    let titles: Vec<String> =
        (0..40).map(|i| format!("Practice number {i:02} with a rather long title")).collect();
    let full = format!("Trade (Topics) — 41 records: {}; Single window", titles.join("; "));
    let kept = d.trim_end_matches('…');
    assert!(full.starts_with(kept), "{d}");
    assert!(full[kept.len()..].starts_with([' ', ';']), "cut inside a word: {d}");
    assert!(!kept.ends_with([' ', ';']), "{d}");
}
