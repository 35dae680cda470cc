//! A collection, taxonomy or language named like a folder the build
//! writes itself (`changes/`, the "What changed" page) replaced that page
//! without a word; each is an error at the name.

use crate::support::*;

#[test]
fn a_collection_cannot_be_named_changes() {
    let s = Site::minimal();
    let schema = s.read("content/practices/_collection.yaml");
    s.write("content/changes/_collection.yaml", &schema);
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "content/changes:1:1: error: `changes` cannot be the name of a collection: the site uses that address for its own pages"
        ),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("help: rename the collection: `countries`"), "{}", r.stderr);
    assert_eq!(s.run(&["build"]).code, 1);
}

#[test]
fn a_taxonomy_cannot_take_a_folder_of_the_site() {
    for name in ["changes", "compare", "search", "countries", "data", "assets"] {
        let s = Site::minimal();
        let tax = s.read("content/_taxonomies.yaml");
        s.write(
            "content/_taxonomies.yaml",
            &format!("{tax}{name}:\n  title: T\n  terms:\n    a: {{label: A}}\n"),
        );
        let r = s.run(&["check"]);
        assert_eq!(r.code, 1, "{name}: {}", r.stderr);
        assert!(
            r.stderr.contains(&format!(
                "content/_taxonomies.yaml:9:1: error: `{name}` cannot be the name of a taxonomy"
            )),
            "{name}: {}",
            r.stderr
        );
    }
}

#[test]
fn a_language_cannot_take_the_changes_folder() {
    let s = Site::minimal();
    s.write(
        "book.toml",
        "[book]\ntitle = \"T\"\nlanguage = \"en\"\nlanguages = [\"en\", \"changes\"]\n",
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "book.toml:4:1: error: the pages in `changes` (listed in `languages`) would go in `changes/`, which is already the site's `changes/` folder"
        ),
        "{}",
        r.stderr
    );
}
