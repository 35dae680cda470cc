//! The site header in headless Chromium (`tests/a11y/header.js`,
//! playwright-core): the language switcher keeps the search, a listing's
//! filters and a comparison as they are when it is followed, and is the
//! plain page without JavaScript; the collections' nav shows every
//! collection at 360 CSS pixels, left to right and right to left, wrapping
//! rather than scrolling sideways, and keeps one line on a wide screen.

use std::process::Command;

use serde_json::{Value, json};

use crate::support::Site;

/// Three languages (one right to left); collections with long titles, one
/// of laws with an enum and a country facet.
fn site() -> Site {
    let s = Site::new();
    s.write(
        "book.toml",
        "[book]\ntitle = \"Test\"\nlanguages = [\"en\", \"fr\", \"ar\"]\n\n[build]\nminify = false\n",
    );
    s.write(
        "content/laws/_collection.yaml",
        "title: Digital trade and digital economy best practices and laws\nsingular: Law\ndescription: Laws.\nsort: title\nfacets: [kind, where]\nfields:\n  where: {type: country, required: true, label: Jurisdiction}\n  kind: {type: enum, values: [law, decree], label: Kind}\ntranslations:\n  fr: {title: Bonnes pratiques et lois du commerce numérique et de l'économie numérique}\n  ar: {title: أفضل الممارسات والقوانين في مجال التجارة الرقمية والاقتصاد الرقمي}\n",
    );
    for (id, title, kind, place) in [
        ("fr-a", "French data law", "law", "FRA"),
        ("fr-b", "French data decree", "decree", "FRA"),
        ("de-a", "German data decree", "decree", "DEU"),
        ("us-a", "United States data law", "law", "USA"),
    ] {
        s.write(
            &format!("content/laws/{id}.yaml"),
            &format!("title: {title}\nsummary: About {title}.\nwhere: {place}\nkind: {kind}\n"),
        );
    }
    for (name, title) in [
        ("programmes", "Capacity-building programmes and technical assistance activities"),
        ("sources", "Source documents"),
        ("notes", "Notes"),
    ] {
        s.write(
            &format!("content/{name}/_collection.yaml"),
            &format!(
                "title: {title}\nsingular: Item\ndescription: Items.\nsort: title\nfields: {{}}\n"
            ),
        );
        s.write(&format!("content/{name}/one.md"), "---\ntitle: One\nsummary: s\n---\n");
    }
    let run = s.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    s
}

fn drive(s: &Site) -> Option<Value> {
    let (node, chromium, check) = crate::a11y::tools()?;
    let dir = check.parent().expect("tests/a11y");
    let mut config = json!({
        "chromium": chromium,
        "site": s.path().join("site"),
        "other": "fr",
        "query": ["law", "decree"],
        "listing": "laws",
        "facet": ["kind", "decree"],
        "compare": ["FRA", "DEU"],
        "tick": "USA",
        "layout": ["index.html", "ar/index.html", "laws/index.html"],
    });
    if let Ok(d) = std::env::var("COMPENDIUM_SCREENSHOTS") {
        config["screenshots"] = json!(d);
    }
    let out = Command::new(node)
        .arg(dir.join("header.js"))
        .arg(config.to_string())
        .output()
        .expect("node");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    Some(serde_json::from_slice(&out.stdout).expect("json"))
}

#[test]
fn the_language_switcher_keeps_the_search_the_filters_and_the_comparison_and_the_nav_wraps() {
    let s = site();
    let Some(r) = drive(&s) else { return };
    assert_eq!(r["errors"], json!([]), "{r:#}");
    // What the page was opened with, and what the reader did since.
    assert_eq!(r["searchHrefAtLoad"], "../fr/search/index.html?q=law", "{r:#}");
    assert_eq!(r["search"]["url"], "fr/search/index.html?q=decree", "{r:#}");
    assert_eq!(r["search"]["box"], "decree", "{r:#}");
    assert_eq!(r["listingHash"], "#kind=decree", "{r:#}");
    assert_eq!(r["listing"]["url"], "fr/laws/index.html#kind=decree", "{r:#}");
    assert_eq!(r["listing"]["checked"], json!(["kind=decree"]), "{r:#}");
    assert_eq!(r["compare"]["url"], "fr/compare/index.html?j=FRA,DEU,USA&c=laws", "{r:#}");
    assert_eq!(r["compare"]["checked"], json!(["DEU", "USA", "FRA"]), "{r:#}");
    assert_eq!(r["noScriptHref"], "../fr/search/index.html", "{r:#}");

    // Every collection in sight on a phone, left to right and right to
    // left; nothing scrolls sideways.
    let layout = r["layout"].as_object().expect("layout");
    for page in ["index.html", "ar/index.html", "laws/index.html"] {
        for width in [360, 1280] {
            let m = &layout[&format!("{page}@{width}")];
            let links = m["links"].as_array().expect("links");
            assert_eq!(links.len(), 4, "{page}@{width}: {m:#}");
            assert!(m["overflow"].as_i64().unwrap() <= 0, "{page}@{width} scrolls: {m:#}");
            assert!(m["pageOverflow"].as_i64().unwrap() <= 0, "{page}@{width}: {m:#}");
            for l in links {
                assert!(
                    l["left"].as_i64().unwrap() >= 0 && l["right"].as_i64().unwrap() <= width,
                    "{page}@{width}: {} is off-screen: {m:#}",
                    l["text"]
                );
                assert_eq!(l["seen"], true, "{page}@{width}: {} is hidden: {m:#}", l["text"]);
            }
            let tops: std::collections::BTreeSet<i64> =
                links.iter().map(|l| l["top"].as_i64().unwrap()).collect();
            if width == 360 {
                assert!(tops.len() > 1, "{page}@360: one line: {m:#}");
            }
        }
    }
}
