//! A site per language (SPEC "Languages"): pages under `LANG/`, each in
//! its language and direction, records in their version in it or marked
//! with their own, links that stay in the language, `hreflang`
//! alternates, per-language feeds and sitemaps.

use crate::support::{Site, snapshot};

/// `Site::minimal()` in English, French and Arabic: one record translated
/// into French, one untranslated, one written in Spanish.
fn site() -> Site {
    let s = Site::minimal();
    s.write(
        "book.toml",
        "[book]\ntitle = \"Test\"\nbase-url = \"https://example.org/kb/\"\nlanguages = [\"en\", \"fr\", \"ar\"]\n\n[book.translations.fr]\ntitle = \"Essai\"\n\n[build]\nminify = false\n",
    );
    s.write(
        "content/practices/single-window.fr.md",
        "---\ntitle: Guichet unique\nsummary: Un seul endroit pour déposer les documents commerciaux.\n---\n\nUn **guichet unique** évite les doublons.\n",
    );
    s.write(
        "content/practices/paperless.md",
        "---\ntitle: Paperless trade\nsummary: Documents in electronic form.\narea: payments\ntopics: [trade]\nupdated: 2024-03-01\n---\n",
    );
    s.write(
        "content/practices/ventanilla.md",
        "---\ntitle: Ventanilla única\nsummary: Un solo lugar.\narea: customs\nlanguage: es\n---\n",
    );
    s
}

#[track_caller]
fn built(s: &Site) {
    let r = s.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn every_language_has_every_page_in_its_language_and_direction() {
    let s = site();
    built(&s);
    for (prefix, lang) in [("", "en"), ("fr/", "fr"), ("ar/", "ar")] {
        for page in [
            "index.html",
            "practices/index.html",
            "practices/single-window/index.html",
            "topics/index.html",
            "topics/trade/index.html",
            "countries/index.html",
            "countries/ken/index.html",
            "search/index.html",
            "404.html",
        ] {
            let html = s.read(&format!("site/{prefix}{page}"));
            let dir = if lang == "ar" { " dir=\"rtl\"" } else { "" };
            assert!(
                html.contains(&format!("<html lang=\"{lang}\"{dir}>")),
                "{prefix}{page}: {}",
                &html[..200.min(html.len())]
            );
        }
        assert!(s.path().join(format!("site/{prefix}feed.xml")).is_file());
        assert!(s.path().join(format!("site/{prefix}sitemap.xml")).is_file());
    }
    // Shared files have one copy, at the root.
    for shared in ["assets", "data", "search/meta.js"] {
        assert!(!s.path().join("site/fr").join(shared).exists(), "fr/{shared}");
    }
    let fr = s.read("site/fr/index.html");
    assert!(fr.contains("<title>Essai</title>"), "{fr}");
    assert!(fr.contains("href=\"../assets/style.css\""), "{fr}");
}

#[test]
fn records_show_their_version_or_their_own_language_marked() {
    let s = site();
    built(&s);
    let page = s.read("site/fr/practices/single-window/index.html");
    assert!(page.contains("<h1>Guichet unique</h1>"), "{page}");
    assert!(page.contains("<strong>guichet unique</strong>"), "{page}");
    // The French version is in the page's language: nothing to mark.
    assert!(page.contains("<article class=\"record\">"), "{page}");

    let listing = s.read("site/fr/practices/index.html");
    // The list itself (the meta description names titles too).
    let listing = &listing[listing.find("<main").expect("main")..];
    // Every record is listed in every language, none dropped.
    for title in ["Guichet unique", "Paperless trade", "Ventanilla única"] {
        assert!(listing.contains(title), "{title} missing: {listing}");
    }
    let item = |title: &str| {
        let at = listing.find(title).unwrap_or_else(|| panic!("{title}: {listing}"));
        let start = listing[..at].rfind("<li class=\"record-item\"").expect("item");
        listing[start..at].to_owned()
    };
    assert!(item("Paperless trade").contains("lang=\"en\" dir=\"ltr\""), "{}", item("Paperless"));
    assert!(item("Ventanilla única").contains("lang=\"es\""), "{}", item("Ventanilla"));
    assert!(!item("Guichet unique").contains("lang="), "{}", item("Guichet"));
    // Sorted by the titles shown in French.
    let pos = |t: &str| listing.find(t).unwrap_or(usize::MAX);
    assert!(pos("Guichet unique") < pos("Paperless trade"), "{listing}");
    assert!(pos("Paperless trade") < pos("Ventanilla única"), "{listing}");

    // Untranslated, in Arabic: the English original, marked, left to right.
    let ar = s.read("site/ar/practices/paperless/index.html");
    assert!(ar.contains("<h1 lang=\"en\" dir=\"ltr\">Paperless trade</h1>"), "{ar}");
    assert!(ar.contains("class=\"notice lang-notice\""), "{ar}");
    // In English, the English original and the Spanish record marked.
    let en = s.read("site/practices/index.html");
    assert!(en.contains("Single window") && !en.contains("Guichet"), "{en}");
}

/// `href` from the page at `page` (both from the site root), resolved.
fn resolve(page: &str, href: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in href.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

#[test]
fn links_inside_a_language_stay_in_it() {
    let s = site();
    built(&s);
    let pages = snapshot(&s.path().join("site/fr"));
    let mut checked = 0;
    for (rel, bytes) in &pages {
        if !rel.ends_with(".html") || rel == "404.html" {
            continue;
        }
        let page = format!("fr/{rel}");
        let html = String::from_utf8_lossy(bytes);
        for tag in html.split('<').skip(1) {
            let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
            for attr in ["href=\"", "src=\"", "action=\""] {
                let Some(at) = tag.find(attr) else { continue };
                let value = &tag[at + attr.len()..];
                let url = &value[..value.find('"').unwrap_or(0)];
                // `data:` links are the citation downloads (#17).
                if url.starts_with("https:")
                    || url.starts_with("data:")
                    || url.starts_with('#')
                    || url.is_empty()
                {
                    continue;
                }
                let target = resolve(&page, url);
                let shared = ["assets/", "data/", "search/search.js", "favicon.ico"]
                    .iter()
                    .any(|p| target.starts_with(p));
                // Only the language switcher leaves the language.
                let switcher = tag.contains("hreflang=");
                assert!(
                    target.starts_with("fr/") || shared || switcher,
                    "{page} links out of fr/: <{tag}>"
                );
                assert!(
                    s.path().join("site").join(&target).is_file(),
                    "{page} links to a missing file: {url} ({target})"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "{checked}");
    let search = s.read("site/fr/search/index.html");
    assert!(
        search.contains("data-root=\"../../\"") && search.contains("<html lang=\"fr\""),
        "{search}"
    );
}

#[test]
fn pages_link_their_versions_with_hreflang() {
    let s = site();
    built(&s);
    let fr = s.read("site/fr/practices/single-window/index.html");
    for (l, url) in [
        ("en", "https://example.org/kb/practices/single-window/"),
        ("fr", "https://example.org/kb/fr/practices/single-window/"),
    ] {
        assert!(
            fr.contains(&format!("<link rel=\"alternate\" hreflang=\"{l}\" href=\"{url}\">")),
            "{fr}"
        );
    }
    assert!(
        fr.contains("<link rel=\"alternate\" hreflang=\"x-default\" href=\"https://example.org/kb/practices/single-window/\">"),
        "{fr}"
    );
    // Not translated into Arabic: the Arabic page is not a version of it.
    assert!(!fr.contains("<link rel=\"alternate\" hreflang=\"ar\""), "{fr}");
    // Open Graph names a territory (CLDR's likely one), and the other
    // versions as alternates, not the Arabic page that is none.
    assert!(fr.contains("<meta property=\"og:locale\" content=\"fr_FR\">"), "{fr}");
    assert!(fr.contains("<meta property=\"og:locale:alternate\" content=\"en_US\">"), "{fr}");
    assert!(!fr.contains("content=\"ar_EG\""), "{fr}");
    // Its own URL as the sitemap and feeds write it.
    assert!(
        fr.contains(
            "<link rel=\"canonical\" href=\"https://example.org/kb/fr/practices/single-window/\">"
        ),
        "{fr}"
    );
    // The visible switcher names each language in itself, and links
    // relatively (it works from file://).
    assert!(
        fr.contains(
            "href=\"../../../ar/practices/single-window/index.html\" lang=\"ar\" hreflang=\"ar\""
        ),
        "{fr}"
    );
    assert!(
        fr.contains("aria-current=\"page\">fr<") || fr.contains("aria-current=\"page\">Français<"),
        "{fr}"
    );
    let home = s.read("site/ar/index.html");
    for l in ["en", "fr", "ar"] {
        assert!(home.contains(&format!("<link rel=\"alternate\" hreflang=\"{l}\"")), "{home}");
    }
}

#[test]
fn feeds_and_sitemaps_per_language_with_alternates() {
    let s = site();
    // Dated, as a feed's entries are.
    for rel in ["content/practices/single-window.md", "content/practices/ventanilla.md"] {
        s.write(rel, &s.read(rel).replacen("\n---\n", "\nupdated: 2024-01-02\n---\n", 1));
    }
    built(&s);
    let feed = s.read("site/fr/feed.xml");
    assert!(feed.contains("xml:lang=\"fr\""), "{feed}");
    assert!(feed.contains("<title>Essai</title>"), "{feed}");
    assert!(feed.contains("<title>Guichet unique</title>"), "{feed}");
    assert!(
        feed.contains("<link href=\"https://example.org/kb/fr/practices/single-window/\"/>"),
        "{feed}"
    );
    assert!(feed.contains("<entry xml:lang=\"en\">\n    <title>Paperless trade</title>"), "{feed}");
    assert!(feed.contains("<entry xml:lang=\"es\">"), "{feed}");
    assert!(
        feed.contains("<link rel=\"self\" href=\"https://example.org/kb/fr/feed.xml\"/>"),
        "{feed}"
    );
    let en = s.read("site/feed.xml");
    assert!(en.contains("<title>Single window</title>") && !en.contains("Guichet"), "{en}");
    assert!(!en.contains("<entry xml:lang=\"en\">"), "{en}");
    let head = s.read("site/fr/index.html");
    assert!(
        head.contains("type=\"application/atom+xml\" title=\"Essai\" href=\"../fr/feed.xml\""),
        "{head}"
    );

    let map = s.read("site/fr/sitemap.xml");
    assert!(map.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""), "{map}");
    assert!(
        map.contains(
            "  <url>\n    <loc>https://example.org/kb/fr/practices/single-window/</loc>\n    <lastmod>2024-01-02</lastmod>\n    <xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/kb/practices/single-window/\"/>\n    <xhtml:link rel=\"alternate\" hreflang=\"fr\" href=\"https://example.org/kb/fr/practices/single-window/\"/>\n    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"https://example.org/kb/practices/single-window/\"/>\n  </url>\n"
        ),
        "{map}"
    );
    // Pages that are not records have a version in every language.
    assert!(
        map.contains("hreflang=\"ar\" href=\"https://example.org/kb/ar/practices/\"/>"),
        "{map}"
    );
    // An untranslated record's French page is the English text again: not
    // listed, and it names the English page as canonical.
    assert!(!map.contains("https://example.org/kb/fr/practices/paperless/"), "{map}");
    let paperless = s.read("site/fr/practices/paperless/index.html");
    assert!(
        paperless.contains(
            "<link rel=\"canonical\" href=\"https://example.org/kb/practices/paperless/\">"
        ),
        "{paperless}"
    );
    assert!(!map.contains("404"), "{map}");
    let index = s.read("site/sitemap-index.xml");
    for l in ["", "fr/", "ar/"] {
        assert!(
            index.contains(&format!("<loc>https://example.org/kb/{l}sitemap.xml</loc>")),
            "{index}"
        );
    }
}

#[test]
fn a_one_language_site_has_no_language_folders_or_alternates() {
    let s = Site::minimal();
    s.write("book.toml", "[book]\ntitle = \"Test\"\nbase-url = \"https://example.org/\"\n\n[build]\nminify = false\n");
    built(&s);
    let files = snapshot(&s.path().join("site"));
    assert!(
        files.keys().all(|p| !p.starts_with("fr/") && !p.starts_with("en/")),
        "{:?}",
        files.keys()
    );
    assert!(!files.contains_key("sitemap-index.xml"));
    let home = s.read("site/index.html");
    assert!(home.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"), "{home}");
    assert!(!home.contains("hreflang") && !home.contains("site-languages"), "{home}");
    let map = s.read("site/sitemap.xml");
    assert!(!map.contains("xhtml"), "{map}");
    assert!(
        map.contains("  <url><loc>https://example.org/practices/single-window/</loc></url>\n"),
        "{map}"
    );
    let feed = s.read("site/feed.xml");
    assert!(
        feed.contains("<id>https://example.org/</id>")
            && !feed.contains("xml:lang=\"en\">\n    <title>"),
        "{feed}"
    );
}

#[test]
fn builds_are_deterministic_in_every_language() {
    let s = site();
    built(&s);
    let first = snapshot(&s.path().join("site"));
    let r = s.run(&["build", "--force"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(first == snapshot(&s.path().join("site")));
}

/// The build folder of `s` equals a fresh `build` of a copy of it.
#[track_caller]
fn same_as_fresh_build(s: &Site, what: &str) {
    let fresh = Site::new();
    crate::support::copy_dir(&s.path().join("content"), &fresh.path().join("content"));
    fresh.write("book.toml", &s.read("book.toml"));
    built(&fresh);
    let (got, want) = (snapshot(&s.path().join("site")), snapshot(&fresh.path().join("site")));
    assert_eq!(got.keys().collect::<Vec<_>>(), want.keys().collect::<Vec<_>>(), "{what}");
    for (path, bytes) in &want {
        assert!(got.get(path) == Some(bytes), "{what}: `{path}` differs from a fresh build");
    }
}

#[test]
fn serve_re_renders_a_records_pages_in_every_language() {
    use compendium::serve::engine::{ChangeKind, Engine, Route};
    let s = site();
    let (mut engine, outcome) = Engine::start(s.path());
    assert!(!outcome.has_errors(), "{:?}", outcome.diagnostics);

    // An untranslated record: the fast path, its pages in every language.
    let path = s.path().join("content/practices/paperless.md");
    s.write(
        "content/practices/paperless.md",
        &s.read("content/practices/paperless.md").replace("Paperless trade", "Paperless commerce"),
    );
    let o = engine.apply(&[ChangeKind::Record(path)]);
    assert_eq!(o.route, Route::Fast);
    for page in [
        "practices/paperless/index.html",
        "fr/practices/paperless/index.html",
        "ar/practices/paperless/index.html",
        "fr/practices/index.html",
        "ar/feed.xml",
    ] {
        assert!(o.written.iter().any(|w| w == page), "{page} not written: {:?}", o.written);
        assert!(s.read(&format!("site/{page}")).contains("Paperless commerce"), "{page}");
    }
    same_as_fresh_build(&s, "an untranslated record edited");

    // A translation: the record it translates, in its language.
    let path = s.path().join("content/practices/single-window.fr.md");
    s.write(
        "content/practices/single-window.fr.md",
        &s.read("content/practices/single-window.fr.md")
            .replace("Guichet unique", "Guichet électronique unique"),
    );
    let o = engine.apply(&[ChangeKind::Record(path)]);
    assert!(!o.has_errors(), "{:?}", o.diagnostics);
    assert!(
        s.read("site/fr/practices/single-window/index.html")
            .contains("<h1>Guichet électronique unique</h1>")
    );
    same_as_fresh_build(&s, "a translation edited");

    // A new translation, into Arabic.
    let path = s.path().join("content/practices/paperless.ar.md");
    s.write("content/practices/paperless.ar.md", "---\ntitle: التجارة اللاورقية\n---\n");
    let o = engine.apply(&[ChangeKind::Record(path)]);
    assert!(!o.has_errors(), "{:?}", o.diagnostics);
    let ar = s.read("site/ar/practices/paperless/index.html");
    assert!(ar.contains("<article class=\"record\">") && ar.contains("التجارة اللاورقية"), "{ar}");
    same_as_fresh_build(&s, "a translation added");
}

/// A common term field is labelled as its taxonomy names itself: its
/// title in the site's language (an editor's "Subject areas"), its
/// title's translation where `_taxonomies.yaml` gives one, else the
/// theme's string, as the taxonomy's own page and the footer name it.
#[test]
fn a_term_field_is_labelled_by_its_taxonomys_title_in_each_language() {
    let s = site();
    s.write("content/_taxonomies.yaml", "topics:\n  title: Subject areas\n  translations:\n    fr: {title: Domaines}\n  terms:\n    trade: {label: Trade, aliases: [commerce]}\nregions:\n  title: Regions\n  terms:\n    european-union: {label: European Union, members: [FRA, DEU]}\n");
    built(&s);
    let label = |page: &str| {
        let html = s.read(page);
        let at = html.find("field field-topics\"").expect("a topics field");
        let dt = at + html[at..].find("<dt>").expect("its label") + "<dt>".len();
        let rest = &html[dt..];
        rest[..rest.find('<').expect("end")].trim().to_owned()
    };
    assert_eq!(label("site/practices/paperless/index.html"), "Subject areas");
    assert_eq!(label("site/fr/practices/paperless/index.html"), "Domaines");
    assert_eq!(label("site/ar/practices/paperless/index.html"), "المواضيع");
}
