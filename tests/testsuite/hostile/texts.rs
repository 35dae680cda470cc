//! Texts from book.toml and schema files go into every page and into
//! `cite`'s output, as record fields do: control characters in them were
//! written raw (an escape sequence rewrote the terminal of whoever ran
//! `cite`). They are errors at their position now, and `cite` prints
//! through the filter `search` uses. `base-url` without a host, with a
//! query or fragment, a bad port or `..` made every absolute URL broken.

use crate::support::*;

fn errors_of(s: &Site) -> String {
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    r.stderr
}

#[test]
fn book_texts_refuse_control_characters_at_their_key() {
    let s = Site::minimal();
    s.write(
        "book.toml",
        "[book]\ntitle = \"Digital\\u001b]0;PWNED\\u0007 Trade\"\ndescription = \"ok\"\nauthors = [\"A\", \"B\\u007f\"]\npublisher = \"P\\u0085\"\nlanguages = [\"en\", \"fr\"]\n[book.translations.fr]\ntitle = \"Titre\\u0001\"\n",
    );
    let e = errors_of(&s);
    for line in [
        "book.toml:2:1: error: `title` holds U+001B, a control character",
        "book.toml:4:17: error: entry 2 of `authors` holds U+007F, a control character",
        "book.toml:5:1: error: `publisher` holds U+0085, a control character",
        "book.toml:8:1: error: `translations.fr.title` holds U+0001, a control character",
    ] {
        assert!(e.contains(line), "{line}\n{e}");
    }
    assert!(e.contains("help: remove it: control characters show as nothing on pages"), "{e}");
    assert!(!e.contains('\u{1b}'), "printed raw: {e}");
    assert_eq!(s.run(&["build"]).code, 1);
    assert_eq!(s.run(&["cite", "practices/single-window"]).code, 1);
}

#[test]
fn schema_titles_and_labels_refuse_control_characters() {
    let s = Site::minimal();
    let schema = s.read("content/practices/_collection.yaml");
    let schema = schema
        .replace("title: Practices", "title: \"Prac\\ttices\\e[41m\"")
        .replace(
            "area: {type: enum, values: [customs, payments], required: true}",
            "area: {type: enum, values: [customs, payments], required: true, label: \"Ar\\x07ea\", value-labels: {customs: \"Cus\\x9btoms\"}}",
        );
    s.write("content/practices/_collection.yaml", &schema);
    s.write(
        "content/_taxonomies.yaml",
        "topics:\n  title: Topics\n  terms:\n    trade: \"Tr\\x1bade\"\nregions:\n  title: Regions\n  terms:\n    european-union: {label: \"E\\x01U\", members: [FRA, DEU]}\n",
    );
    let e = errors_of(&s);
    for line in [
        "content/practices/_collection.yaml:1:8: error: `title` holds U+001B, a control character",
        "content/practices/_collection.yaml:7:74: error: `label` holds U+0007, a control character",
        "`customs` holds U+009B, a control character",
        "content/_taxonomies.yaml:4:12: error: the label holds U+001B, a control character",
        "content/_taxonomies.yaml:8:29: error: `label` holds U+0001, a control character",
    ] {
        assert!(e.contains(line), "{line}\n{e}");
    }
}

#[test]
fn cite_prints_no_direction_override_raw() {
    let s = Site::minimal();
    let rec = s.read("content/practices/single-window.md");
    s.write(
        "content/practices/single-window.md",
        &rec.replace("title: Single window", "title: \"Single \\u202Ewindow\""),
    );
    // A warning, as before; `cite` still prints the record.
    let r = s.run(&["cite", "practices/single-window"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        !r.stdout.contains('\u{202e}') && r.stdout.contains("Single \\u{202e}window"),
        "{}",
        r.stdout
    );
    let r = s.run(&["cite", "practices/single-window", "--style", "ris"]);
    assert!(r.stdout.contains("\r\n") && !r.stdout.contains('\u{202e}'), "{:?}", r.stdout);
    let r = s.run(&["cite", "practices/single-window", "--style", "csl-json"]);
    assert!(!r.stdout.contains('\u{202e}'), "{}", r.stdout);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("still JSON");
    assert_eq!(v[0]["title"], "Single \u{202e}window");
}

#[test]
fn base_url_needs_a_host_and_nothing_after_the_path() {
    for (url, why) in [
        ("http://", "has no host name"),
        ("https://example.org/kb/?x=1", "has a query or fragment"),
        ("https://example.org/kb#top", "has a query or fragment"),
        ("https://example.org:70000/", "is not a valid URL"),
        ("https://example.org/a/../kb/", "has a `.` or `..` segment"),
    ] {
        let s = Site::minimal();
        s.write("book.toml", &format!("[book]\ntitle = \"T\"\nbase-url = \"{url}\"\n"));
        let e = errors_of(&s);
        assert!(e.contains(&format!("book.toml:3:1: error: base-url `{url}` {why}")), "{url}: {e}");
        assert!(e.contains("help: "), "{e}");
    }
}
