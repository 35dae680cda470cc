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
