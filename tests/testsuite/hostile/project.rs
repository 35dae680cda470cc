//! A project a pull request can shape against the tool: book.toml that is
//! no plain file, field names that overwrite the datasets' own, language
//! folders that `check` passed and `build` refused.

use crate::support::*;

#[cfg(unix)]
#[test]
fn book_toml_is_read_by_the_rules_of_every_file() {
    // A link to /dev/zero used 8.5 GB in ten seconds; a FIFO hung.
    let outside = tempfile::tempdir().expect("temp dir");
    std::fs::write(outside.path().join("book.toml"), "[book]\ntitle = \"SECRET-77\"\n")
        .expect("write");
    for target in ["/dev/zero".into(), outside.path().join("book.toml")] {
        let site = Site::minimal();
        std::fs::remove_file(site.path().join("book.toml")).expect("remove");
        std::os::unix::fs::symlink(&target, site.path().join("book.toml")).expect("symlink");
        let r = site.run(&["check"]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(
            r.stderr.contains("book.toml:1:1: error: cannot read book.toml: it is a symbolic link that is not followed"),
            "{}",
            r.stderr
        );
        assert!(r.stderr.contains("help: make book.toml a plain file"), "{}", r.stderr);
        assert!(!r.stderr.contains("SECRET-77"), "{}", r.stderr);
    }
    let site = Site::minimal();
    std::fs::remove_file(site.path().join("book.toml")).expect("remove");
    let made = std::process::Command::new("mkfifo").arg(site.path().join("book.toml")).status();
    if made.is_ok_and(|s| s.success()) {
        let r = site.run(&["check"]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(r.stderr.contains("it is not a regular file"), "{}", r.stderr);
    }
    let site = Site::minimal();
    site.write("book.toml", &format!("# {}\n", "x".repeat(2 << 20)));
    let r = site.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("keep it under 1048576 bytes"), "{}", r.stderr);
}

#[test]
fn a_folder_with_neither_book_toml_nor_content_is_named_as_no_project() {
    let site = Site::new();
    std::fs::remove_file(site.path().join("book.toml")).expect("remove");
    std::fs::remove_dir(site.path().join("content")).expect("remove");
    let r = site.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("there is no book.toml and no `content` folder in"), "{}", r.stderr);
    assert!(r.stderr.contains("--root DIR"), "{}", r.stderr);
}

#[test]
fn fields_cannot_take_the_names_datasets_give_every_record() {
    let site = Site::minimal();
    let schema = site.read("content/practices/_collection.yaml");
    site.write(
        "content/practices/_collection.yaml",
        &format!("{schema}  key: {{type: string}}\n  collection: {{type: string}}\n  translated: {{type: string}}\n  lang: {{type: string}}\n"),
    );
    let r = site.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for name in ["key", "collection", "translated", "lang"] {
        assert!(
            r.stderr.contains(&format!("`{name}` cannot be the name of a field")),
            "{name}: {}",
            r.stderr
        );
    }
    assert!(r.stderr.contains("help: rename the field, e.g. `record_key`"), "{}", r.stderr);
}

#[test]
fn check_refuses_a_language_whose_folder_a_collection_has() {
    let site = Site::minimal();
    site.write(
        "book.toml",
        "[book]\ntitle = \"T\"\nlanguage = \"en\"\nlanguages = [\"en\", \"de\", \"Topics\"]\n",
    );
    let schema = site.read("content/practices/_collection.yaml");
    site.write("content/de/_collection.yaml", &schema);
    let r = site.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("book.toml:4:1: error: the pages in `de` (listed in `languages`) would go in `de/`, which is already the folder of the collection `de`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("which is already the folder of the taxonomy `Topics`"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("help: rename that collection or taxonomy"), "{}", r.stderr);
}

#[test]
fn files_a_collection_cannot_use_are_named_not_skipped() {
    let site = Site::minimal();
    let rec = site.read("content/practices/single-window.md");
    site.write("content/practices/upper.YAML", "title: U\nsummary: S\narea: customs\n");
    site.write("content/practices/long.markdown", &rec);
    site.write("content/practices/notes.txt", "notes");
    let r = site.run(&["check"]);
    // A file named like a record is one its author expects published.
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("content/practices/upper.YAML:1:1: error: this file is named like a record but is not read, so it is not published\n  help: record files end in .md, .yaml or .yml, in lower case: rename it to `upper.yaml`"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("rename it to `long.md`"), "{}", r.stderr);
    assert!(r.stderr.contains("content/practices/notes.txt:1:1: warning"), "{}", r.stderr);
    #[cfg(unix)]
    {
        let fifo = site.path().join("content/practices/pipe.md");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let r = site.run(&["check"]);
            assert_eq!(r.code, 1, "{}", r.stderr);
            assert!(
                r.stderr.contains("content/practices/pipe.md:1:1: error: not a regular file"),
                "{}",
                r.stderr
            );
        }
    }
}

#[test]
fn a_translation_of_a_translation_is_an_error() {
    let site = Site::minimal();
    site.write("book.toml", "[book]\ntitle = \"T\"\nlanguages = [\"en\", \"fr\", \"ar\"]\n");
    site.write(
        "content/practices/single-window.fr.md",
        "---\ntitle: Guichet unique\n---\nTexte.\n",
    );
    site.write("content/practices/single-window.fr.ar.md", "---\ntitle: نافذة\n---\nنص.\n");
    let r = site.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("error: `single-window.fr.ar.md` translates `single-window.fr`, which is itself a translation (into `fr`)\n  help: a translation translates the original: name it `single-window.ar.md`"),
        "{}",
        r.stderr
    );
}

#[test]
fn addresses_with_invisible_or_direction_changing_characters_are_refused() {
    let site = Site::minimal();
    site.write(
        "content/practices/single-window.md",
        "---\ntitle: Single window\nsummary: S.\narea: customs\nwebsite: \"https://a.example/\u{202e}fdp.exe\"\n---\nText.\n",
    );
    let r = site.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("invisible or direction-changing character"), "{}", r.stderr);
}

#[test]
fn a_body_cannot_take_the_ids_of_the_themes_page() {
    // `## Main` gave a second `id="main"` (the skip link's target), and
    // `{#cite-apa}` took the citation copy button's target.
    let site = Site::minimal();
    site.write(
        "content/practices/single-window.md",
        "---\ntitle: Single window\nsummary: S.\narea: customs\n---\n## Main\n\n# Copy {#cite-apa}\n\n<div id=\"search-results\">raw</div>\n\n## Background\n",
    );
    let r = site.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page = site.read("site/practices/single-window/index.html");
    for id in ["main", "cite-apa"] {
        assert_eq!(page.matches(&format!("id=\"{id}\"")).count(), 1, "{id}: {page}");
        assert!(page.contains(&format!("id=\"section-{id}\"")), "{id}: {page}");
    }
    assert!(page.contains("id=\"section-search-results\""), "{page}");
    assert!(page.contains("id=\"background\""), "{page}");
}

#[test]
fn a_region_cannot_take_a_country_codes_id() {
    // A region `ken` made `compare KEN` show the bloc instead of Kenya.
    let site = Site::minimal();
    site.write(
        "content/_taxonomies.yaml",
        "topics:\n  title: Topics\n  terms:\n    trade: Trade\nregions:\n  title: Regions\n  terms:\n    ken: {label: East, members: [KEN, UGA]}\n    au: {label: African Union, members: [KEN, NGA]}\n    gcc: {label: GCC, members: [SAU]}\n",
    );
    let r = site.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("error: the region `ken` has the id of a country code (`KEN`, Kenya)"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("the region `au` has the id of a country code (`AU`, Australia)"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("help: rename the region, e.g. `ken-region`"), "{}", r.stderr);
    assert!(!r.stderr.contains("`gcc`"), "{}", r.stderr);
}

#[cfg(unix)]
#[test]
fn a_link_to_nothing_is_named_by_its_project_path() {
    let site = Site::minimal();
    std::os::unix::fs::symlink("/nonexistent/x.md", site.path().join("content/practices/gone.md"))
        .expect("symlink");
    let r = site.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("content/practices/gone.md:1:1: error: cannot read: it is a symbolic link to nothing (its target does not exist)"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("help: point the link at a file in the project"), "{}", r.stderr);
    assert!(!r.stderr.contains(&site.path().display().to_string()), "{}", r.stderr);
}

#[test]
fn a_direction_override_in_a_title_is_warned_of() {
    let site = Site::minimal();
    site.write(
        "content/practices/single-window.md",
        "---\ntitle: \"Hello \u{202e}evil\u{202c} world\"\nsummary: S.\narea: customs\n---\nText.\n",
    );
    let r = site.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("content/practices/single-window.md:2:8: warning: `title` holds U+202E, a direction override"),
        "{}",
        r.stderr
    );
}
