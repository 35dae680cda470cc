//! `compendium check`: every validation rule, with its exact position,
//! message and fix. Each test starts from `Site::minimal()` (valid) and
//! breaks one thing.

use crate::support::Site;

/// Runs `check` and asserts it fails with exactly `expected` on stderr
/// before the summary line (diagnostics and their `help:` lines).
#[track_caller]
fn assert_check(site: &Site, expected: &str) {
    let r = site.run(&["check"]);
    let body: Vec<&str> = r.stderr.lines().filter(|l| !l.starts_with("check ")).collect();
    assert_eq!(body.join("\n"), expected.trim_end(), "\nfull stderr:\n{}", r.stderr);
    assert_eq!(r.code, 1, "{}", r.stderr);
}

/// A valid practice record with extra front-matter lines.
fn practice(extra: &str) -> String {
    format!(
        "---\ntitle: Paperless trade\nsummary: Electronic trade documents.\narea: customs\n{extra}---\n\nBody.\n"
    )
}

#[test]
fn minimal_site_passes() {
    let s = Site::minimal();
    let r = s.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("check passed: 1 record"), "{}", r.stderr);
}

// --- book.toml -------------------------------------------------------------

#[test]
fn book_toml_unknown_key_has_hint() {
    let s = Site::minimal();
    s.write("book.toml", "[book]\ntitle = \"T\"\nbase_url = \"https://x.org\"\n");
    assert_check(
        &s,
        "book.toml:3:1: error: invalid book.toml: unknown field `base_url`, expected one of `title`, `description`, `language`, `authors`, `base-url`, `id`, `languages`, `translations`, `publisher`, `citation-style`\n  help: did you mean `base-url`?",
    );
}

#[test]
fn book_toml_missing_content_dir_names_the_key() {
    let s = Site::minimal();
    s.write("book.toml", "[build]\ncontent-dir = \"nope\"\n");
    assert_check(
        &s,
        "book.toml:2:1: error: the folder `nope` named by `content-dir` does not exist\n  help: create it, or set [build] content-dir to an existing folder",
    );
}

#[test]
fn book_toml_syntax_error_has_position() {
    let s = Site::minimal();
    s.write("book.toml", "[book]\ntitle = \"T\n");
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.starts_with("book.toml:2:"), "{}", r.stderr);
}

// --- schema files ----------------------------------------------------------

#[test]
fn folder_with_records_needs_collection_file() {
    let s = Site::minimal();
    s.write("content/notes/a.md", &practice(""));
    assert_check(
        &s,
        "content/notes/a.md:1:1: error: the folder `notes` holds records but no _collection.yaml, so it is no collection\n  help: move the records into a collection's folder, or add content/notes/_collection.yaml with at least a `title` to make `notes` a collection",
    );
}

/// A record saved in a misspelt collection's folder is told the collection
/// it was meant for, at the record (where a pull request shows it).
#[test]
fn a_misspelt_collection_folder_names_the_collection() {
    let s = Site::minimal();
    s.write("content/practice/b.md", &practice(""));
    s.write("content/practice/a.md", &practice(""));
    assert_check(
        &s,
        "content/practice/a.md:1:1: error: the folder `practice` holds records but no _collection.yaml, so it is no collection\n  help: did you mean the collection `practices`? Move the records into content/practices/, or add content/practice/_collection.yaml with at least a `title` to make `practice` a collection",
    );
}

/// A record copied into the wrong collection's folder is told where it
/// belongs, once, rather than given an "unknown field" error per field
/// (each advising to change the schema) and one per required field it
/// lacks; a single unknown field is still a typing mistake.
#[test]
fn a_record_in_the_wrong_collection_is_told_where_it_belongs() {
    let s = Site::minimal();
    s.write(
        "content/laws/_collection.yaml",
        "title: Laws\nsingular: Law\ndescription: Laws.\nfields:\n  enacted: {type: date, required: true}\n  authority: {type: string}\n  articles: {type: string}\n",
    );
    s.write(
        "content/practices/dpa.md",
        "---\ntitle: DPA\nsummary: A law.\nenacted: 2019-11-08\nauthority: ODPC\narticles: Part VI\n---\n\nText.\n",
    );
    assert_check(
        &s,
        "content/practices/dpa.md:4:1: error: `enacted`, `authority` and `articles` are fields of law records, not of practice records: this looks like a law record in the `practices` folder\n  help: move the file into content/laws/; if it is meant as a practice record, use the fields content/practices/_collection.yaml declares",
    );
    // One field of another collection is a typing mistake, said as such.
    s.write("content/practices/dpa.md", &practice("authority: ODPC\n"));
    let r = s.run(&["check"]);
    assert!(r.stderr.contains("unknown field `authority` in a practice record"), "{}", r.stderr);
}

/// Values pasted from a word processor: the look-alike character is named
/// (the suggestion alone reads as the value); an address without its
/// scheme is given with it; a number written in text is given alone.
#[test]
fn lookalike_characters_missing_schemes_and_numbers_in_text_are_explained() {
    let s = Site::minimal();
    s.write(
        "content/practices/paperless.md",
        &practice("lead: \"KEN\\u00a0\"\nwebsite: www.example.org/act.pdf\nstaff: \"SDG 8\"\n"),
    );
    let r = s.run(&["check"]);
    assert!(r.stderr.contains("did you mean `KEN` (Kenya)? The value holds a no-break space (U+00A0), which looks like a space: type it again"), "{}", r.stderr);
    assert!(r.stderr.contains("help: write `https://www.example.org/act.pdf`"), "{}", r.stderr);
    assert!(r.stderr.contains("`staff` must be a whole number, not the text `SDG 8`\n  help: write the number alone, in digits: 8"), "{}", r.stderr);
    // A tab in a one-line field; the body may hold one.
    s.write(
        "content/practices/paperless.md",
        "---\ntitle: \"Paperless\\ttrade\"\nsummary: S.\narea: customs\n---\n\n\tcode\n",
    );
    let r = s.run(&["check"]);
    assert_eq!(r.errors().len(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("2:8: error: `title` holds a tab (U+0009)"), "{}", r.stderr);
}

/// A collection file that does not parse is its one error: the links,
/// references and citations into that collection are not each reported as
/// naming no collection, and a broken `sources/_collection.yaml` does not
/// fall back to the default sources schema (whose fields the records lack).
#[test]
fn broken_collection_file_is_one_error_not_a_cascade() {
    let s = Site::minimal();
    s.write("content/laws/_collection.yaml", "title: [Laws\n");
    s.write("content/laws/gdpr.md", "---\ntitle: GDPR\nsummary: A law.\n---\n\nText.\n");
    s.write("content/sources/_collection.yaml", "singular: Source\n");
    s.write(
        "content/sources/report.md",
        "---\ntitle: Report\nsummary: A report.\nyear: 2020\n---\n",
    );
    s.write(
        "content/practices/paperless.md",
        &practice("related: [laws/gdpr]\nsources:\n  - ref: sources/report\n").replace(
            "Body.",
            "See [the law](@/laws/gdpr.md), [the laws](@/laws) and [/laws/gdpr/](/laws/gdpr/).",
        ),
    );
    let r = s.run(&["check"]);
    let errors: Vec<&str> = r.stderr.lines().filter(|l| l.contains(": error:")).collect();
    assert_eq!(errors.len(), 2, "{}", r.stderr);
    assert!(
        errors[0].starts_with("content/laws/_collection.yaml:1:8: error: invalid YAML"),
        "{}",
        r.stderr
    );
    assert!(errors[1].starts_with("content/sources/_collection.yaml:"), "{}", r.stderr);
    assert!(!r.stderr.contains(": warning:"), "{}", r.stderr);
    assert_eq!(r.code, 1);
}

#[test]
fn collection_unknown_key_and_type() {
    let s = Site::minimal();
    s.write("content/practices/_collection.yaml", "title: Practices\nsrot: title\nfields:\n  area: {type: enum, values: [customs], required: true}\n  kind: {type: strng}\n");
    assert_check(
        &s,
        "content/practices/_collection.yaml:2:1: error: unknown key `srot` in _collection.yaml\n  help: did you mean `sort`?\n\
         content/practices/_collection.yaml:5:16: error: unknown field type `strng`\n  help: did you mean `string`?",
    );
}

#[test]
fn facet_and_sort_must_name_fields() {
    let s = Site::minimal();
    s.write("content/practices/_collection.yaml", "title: Practices\nsort: -adoptd\nfacets: [area, aera]\nfields:\n  area: {type: enum, values: [customs], required: true}\n  adopted: {type: date}\n");
    assert_check(
        &s,
        "content/practices/_collection.yaml:2:7: error: cannot sort by `adoptd`: it is not a field of this collection\n  help: did you mean `adopted`?\n\
         content/practices/_collection.yaml:3:16: error: the facet `aera` is not a field of this collection\n  help: did you mean `area`?",
    );
}

#[test]
fn enum_needs_values_and_term_needs_declared_taxonomy() {
    let s = Site::minimal();
    s.write("content/practices/_collection.yaml", "title: Practices\nfields:\n  area: {type: enum}\n  tags: {type: term, taxonomy: topicz}\n  see: {type: ref, collection: practises}\n");
    assert_check(
        &s,
        "content/practices/_collection.yaml:3:16: error: the enum field `area` lists no `values`\n  help: add e.g. `values: [draft, adopted, in-force]`\n\
         content/practices/_collection.yaml:4:32: error: the taxonomy `topicz` is not declared in _taxonomies.yaml\n  help: did you mean `topics`?\n\
         content/practices/_collection.yaml:5:32: error: there is no collection `practises`\n  help: did you mean `practices`?",
    );
}

#[test]
fn taxonomy_term_ids_and_bloc_members() {
    let s = Site::minimal();
    s.write("content/_taxonomies.yaml", "topics:\n  title: Topics\n  terms:\n    trade: {label: Trade}\n    Green_Trade: {label: Green}\nregions:\n  title: Regions\n  terms:\n    eu: {label: EU, members: [FRA, Germany]}\n");
    assert_check(
        &s,
        "content/_taxonomies.yaml:5:5: error: `Green_Trade` is not a valid term id\n  help: use lower-case letters, digits and single hyphens, e.g. `green-trade`\n\
         content/_taxonomies.yaml:9:36: error: `Germany` in `members` is not an ISO 3166-1 alpha-3 country code\n  help: did you mean `DEU`?",
    );
}

#[test]
fn reserved_collection_name() {
    let s = Site::minimal();
    s.write("content/search/_collection.yaml", "title: Search\n");
    assert_check(
        &s,
        "content/search:1:1: error: `search` cannot be the name of a collection: the site uses that address for its own pages\n  help: rename the collection: `countries`, `compare`, `search`, `assets`, `data`, `changes` are the site's own folders",
    );
}

// --- file level ------------------------------------------------------------

#[test]
fn invalid_file_name_id() {
    let s = Site::minimal();
    s.write("content/practices/Single_Window 2.md", &practice(""));
    assert_check(
        &s,
        "content/practices/Single_Window 2.md:1:1: error: the file name `Single_Window 2` is not a valid record id\n  help: ids use lower-case letters, digits and single hyphens: rename the file to `single-window-2`, or set `id: single-window-2`",
    );
}

#[test]
fn invalid_id_key() {
    let s = Site::minimal();
    s.write("content/practices/a.md", &practice("id: Bad Id\n"));
    assert_check(
        &s,
        "content/practices/a.md:5:5: error: `Bad Id` in `id` is not a valid record id\n  help: ids use lower-case letters, digits and single hyphens, e.g. `bad-id`",
    );
}

/// An id names a folder of the site: one too long for a file system's
/// name is an error of `check`, not of the build that cannot write it.
#[test]
fn an_id_too_long_for_a_folder_name() {
    let s = Site::minimal();
    let long = "y".repeat(256);
    s.write("content/practices/a.md", &practice(&format!("id: {long}\n")));
    assert_check(
        &s,
        &format!(
            "content/practices/a.md:5:5: error: the id `{long}` is 256 characters long, too long for a record id\n  help: an id names the record's folder in the site: shorten it to at most 200 characters"
        ),
    );
    // A title made into an id for a hint is cut to the length too.
    s.write("content/practices/a.md", &practice(&format!("id: {}\n", "Ab ".repeat(100))));
    let r = s.run(&["check"]);
    let hint = r.stderr.lines().find(|l| l.contains("e.g.")).unwrap_or_default().to_owned();
    let id = hint.rsplit('`').nth(1).unwrap_or_default();
    assert!(id.len() <= 200 && id.len() > 190 && id.ends_with("-ab"), "{hint}");
}

/// Records in a folder of a collection belong to it; a `_collection.yaml`
/// there would make no collection of its own, and `check` says so.
#[test]
fn a_collection_file_in_a_folder_of_a_collection_is_said_to_be_ignored() {
    let s = Site::minimal();
    s.write("content/practices/sub/_collection.yaml", "title: [unclosed\n");
    s.write("content/practices/sub/deeper.md", &practice("id: deeper\n"));
    let r = s.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("content/practices/sub/_collection.yaml:1:1: warning: this _collection.yaml is ignored: collections do not nest, so the records of this folder belong to `practices` and are published at `practices/ID/`"),
        "{}",
        r.stderr
    );
}

/// A field that names records of one collection gets no hint to name the
/// same id in another (which would be the next error), but is told why.
#[test]
fn a_reference_to_a_record_moved_to_another_collection_says_where_it_went() {
    let s = Site::minimal();
    s.write("content/guides/_collection.yaml", "title: Guides\n");
    s.write("content/guides/ports.md", "---\ntitle: Ports\nsummary: S.\n---\n");
    s.write("content/practices/a.md", &practice("basis: [practices/ports]\n"));
    let r = s.run(&["check"]);
    assert!(
        r.stderr.contains("`practices/ports` in `basis` names no existing record\n  help: `guides/ports` has this id, but `basis` names records of `practices` only"),
        "{}",
        r.stderr
    );
    // `related` names any collection: there the same id is the fix.
    s.write("content/practices/a.md", &practice("related: [practices/ports]\n"));
    let r = s.run(&["check"]);
    assert!(r.stderr.contains("did you mean `guides/ports`?"), "{}", r.stderr);
}

#[test]
fn duplicate_id_in_collection() {
    let s = Site::minimal();
    s.write("content/practices/z.md", &practice("id: single-window\n"));
    assert_check(
        &s,
        "content/practices/z.md:5:5: error: the id `single-window` is already used by content/practices/single-window.md\n  help: ids must be unique within a collection: rename this file or set another `id`",
    );
}

/// Two files named alike in two folders of a collection: which one a pull
/// request added is unknown, so the error is at both.
#[test]
fn a_duplicate_id_of_two_files_named_alike_is_said_at_both() {
    let s = Site::minimal();
    s.write("content/practices/2024/single-window.md", &practice(""));
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for at in [
        "content/practices/single-window.md:1:1: error: the id `single-window` is already used by content/practices/2024/single-window.md",
        "content/practices/2024/single-window.md:1:1: error: the id `single-window` is also used by content/practices/single-window.md",
    ] {
        assert!(r.stderr.contains(at), "{at}\n{}", r.stderr);
    }
}

#[test]
fn missing_front_matter() {
    let s = Site::minimal();
    s.write("content/practices/a.md", "# Just a heading\n");
    assert_check(
        &s,
        "content/practices/a.md:1:1: error: a Markdown record must start with YAML front matter\n  help: start the file with a line `---`, the fields (`title:`, `summary:`…), then another `---` line before the body",
    );
}

#[test]
fn unclosed_front_matter_points_at_opening_line() {
    let s = Site::minimal();
    s.write("content/practices/a.md", "---\ntitle: A\nsummary: B\n\nbody text\n");
    assert_check(
        &s,
        "content/practices/a.md:1:1: error: the front matter opened here is never closed\n  help: add a line `---` after the last field, before the Markdown body",
    );
}

#[test]
fn invalid_utf8_at_line_of_bad_byte() {
    let s = Site::minimal();
    s.write_bytes(
        "content/practices/a.yaml",
        b"title: A\nsummary: B\narea: customs\nbody: caf\xe9 au lait\n",
    );
    assert_check(
        &s,
        "content/practices/a.yaml:4:10: error: invalid UTF-8: the byte 0xE9 here is `é` in Windows-1252 (Latin-1), which the file seems to be saved in\n  help: save the file as UTF-8 (in Notepad: File → Save as → Encoding: UTF-8; in VS Code: the encoding in the status bar → Save with Encoding → UTF-8)",
    );
}

#[test]
fn tab_is_reported_at_the_tab() {
    let s = Site::minimal();
    s.write("content/practices/a.yaml", "title: A\nsummary: B\n\tarea: customs\n");
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1);
    let first = r.errors()[0];
    assert!(
        first.starts_with("content/practices/a.yaml:3:1: error: invalid YAML:"),
        "{}",
        r.stderr
    );
    assert!(first.contains("tab"), "{first}");
    assert!(r.stderr.contains("help: indent with spaces"), "{}", r.stderr);
}

#[test]
fn repeated_key_at_second_occurrence() {
    let s = Site::minimal();
    s.write("content/practices/a.md", &practice("topics: [trade]\narea: payments\n"));
    assert_check(
        &s,
        "content/practices/a.md:6:1: error: invalid YAML: duplicate mapping key: area (first set at line 4, column 1)\n  help: remove one of the two `area` entries; each key may appear once, and the first value is the one checked",
    );
}

#[test]
fn record_must_be_a_mapping() {
    let s = Site::minimal();
    s.write("content/practices/a.yaml", "- just\n- a list\n");
    assert_check(
        &s,
        "content/practices/a.yaml:1:1: error: a record must be a mapping of fields, not a list\n  help: write one `field: value` per line, starting with `title:`",
    );
}

#[test]
fn oversized_file_is_refused_fast() {
    let s = Site::minimal();
    s.write("book.toml", "[limits]\nmax-file-bytes = 1000\n");
    s.write("content/practices/big.md", &practice(&format!("owner: {}\n", "x".repeat(2000))));
    let size = std::fs::metadata(s.path().join("content/practices/big.md")).expect("meta").len();
    assert_check(
        &s,
        &format!(
            "content/practices/big.md:1:1: error: the file is {size} bytes, over the limit of 1000 bytes\n  help: split it into several records, or raise [limits] max-file-bytes in book.toml"
        ),
    );
}

#[test]
fn alias_bomb_is_refused_with_the_limit() {
    let s = Site::minimal();
    let mut y = String::from("title: Bomb\nsummary: x\narea: customs\na: &a [x,x,x,x,x,x,x,x,x]\n");
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for w in names.windows(2) {
        y.push_str(&format!("{}: &{} [{}]\n", w[1], w[1], vec![format!("*{}", w[0]); 9].join(",")));
    }
    s.write("content/practices/bomb.yaml", &y);
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1);
    let e = r.errors().join("\n");
    assert!(e.starts_with("content/practices/bomb.yaml:"), "{}", r.stderr);
    assert!(e.contains("more than 20000 YAML values") || e.contains("alias uses"), "{}", r.stderr);
    assert!(r.stderr.contains("help: records need at most"), "{}", r.stderr);
}

#[test]
fn deep_nesting_is_refused() {
    let s = Site::minimal();
    s.write(
        "content/practices/deep.yaml",
        &format!(
            "title: Deep\nsummary: x\narea: customs\nx: {}{}\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        ),
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1);
    assert!(r.errors()[0].starts_with("content/practices/deep.yaml:4:"), "{}", r.stderr);
    assert!(r.stderr.contains("yaml-max-depth"), "{}", r.stderr);
}

#[test]
fn deeply_nested_markdown_is_refused_at_its_line() {
    let s = Site::minimal();
    s.write(
        "content/practices/q.md",
        &format!("{}\n{}\n", practice("").trim_end(), ">".repeat(200_000)),
    );
    s.write(
        "content/practices/h.yaml",
        &format!("title: H\nsummary: S\narea: customs\nbody: \"{}\"\n", "<div>".repeat(100_000)),
    );
    assert_check(
        &s,
        "content/practices/h.yaml:4:7: error: the body nests blocks or HTML elements more than 64 deep (at least 65)\n  help: flatten the quotes, lists or HTML (each level of a list counts twice: the list and its item); raise [limits] markdown-max-depth in book.toml if this is real content\n\
         content/practices/q.md:8:65: error: the body nests blocks or HTML elements more than 64 deep (at least 65)\n  help: flatten the quotes, lists or HTML (each level of a list counts twice: the list and its item); raise [limits] markdown-max-depth in book.toml if this is real content",
    );
}

#[test]
fn more_than_one_document() {
    let s = Site::minimal();
    s.write("content/practices/a.yaml", "title: A\nsummary: B\narea: customs\n---\ntitle: C\n");
    assert_check(
        &s,
        "content/practices/a.yaml:4:1: error: invalid YAML: more than one YAML document in one file\n  help: a record is one YAML document: remove the extra `---` line",
    );
}

// --- fields ------------------------------------------------------------------

#[test]
fn missing_required_fields() {
    let s = Site::minimal();
    s.write("content/practices/a.md", "---\ntitle: A\n---\n");
    assert_check(
        &s,
        "content/practices/a.md:2:1: error: missing required field `area`\n  help: add `area:` with one of customs, payments\n\
         content/practices/a.md:2:1: error: missing required field `summary`\n  help: add `summary:` with text",
    );
}

#[test]
fn summary_length() {
    let s = Site::minimal();
    s.write(
        "content/practices/a.yaml",
        &format!("title: A\nsummary: {}\narea: customs\n", "é".repeat(401)),
    );
    assert_check(
        &s,
        "content/practices/a.yaml:2:10: error: the summary is 401 characters long, over the limit of 400\n  help: shorten it to two or three sentences; details belong in the body",
    );
}

#[test]
fn unknown_field_has_hint() {
    let s = Site::minimal();
    s.write("content/practices/a.md", &practice("topic: [trade]\nzzzz: 1\n"));
    assert_check(
        &s,
        "content/practices/a.md:5:1: error: unknown field `topic` in a practice record\n  help: did you mean `topics`?\n\
         content/practices/a.md:6:1: error: unknown field `zzzz` in a practice record\n  help: declare `zzzz` under `fields` in content/practices/_collection.yaml, or remove it",
    );
}

#[test]
fn scalar_types() {
    let s = Site::minimal();
    s.write("content/practices/a.md", &practice("staff: \"12\"\nactive: maybe\nadopted: 2023-02-30\nwebsite: javascript:alert(1)\nyear: 23\n"));
    assert_check(
        &s,
        "content/practices/a.md:5:8: error: `staff` must be a whole number, not text\n  help: remove the quotes: 12\n\
         content/practices/a.md:6:9: error: `active` must be true or false, not text\n  help: write true or false, without quotes\n\
         content/practices/a.md:7:10: error: `2023-02-30` in `adopted` is not a valid date\n  help: February 2023 has 28 days: check the day\n\
         content/practices/a.md:8:10: error: `javascript:alert(1)` in `website` is not a valid URL: only http, https and mailto links are allowed\n  help: give an absolute address such as https://example.org/page\n\
         content/practices/a.md:9:7: error: 23 in `year` is not a four-digit year\n  help: write the year in full, e.g. 2023",
    );
}

#[test]
fn date_given_as_year() {
    let s = Site::minimal();
    s.write("content/practices/a.md", &practice("adopted: 2019\n"));
    assert_check(
        &s,
        "content/practices/a.md:5:10: error: `adopted` must be a full date, not the number 2019\n  help: write the exact day (2019-MM-DD), or use `year: 2019` when only the year is known",
    );
}

#[test]
fn enum_value_with_hint() {
    let s = Site::minimal();
    s.write("content/practices/a.md", "---\ntitle: A\nsummary: B\narea: custom\n---\n");
    assert_check(
        &s,
        "content/practices/a.md:4:7: error: `custom` is not an allowed value of `area`\n  help: did you mean `customs`?",
    );
}

#[test]
fn country_names_and_alpha2_get_alpha3_hint() {
    let s = Site::minimal();
    s.write(
        "content/practices/a.md",
        &practice("countries: [Kenya, KE, european-union, XYZ]\nlead: south korea\n"),
    );
    assert_check(
        &s,
        "content/practices/a.md:5:13: error: `Kenya` in `countries` is not an ISO 3166-1 alpha-3 country code or a region\n  help: did you mean `KEN` (Kenya)?\n\
         content/practices/a.md:5:20: error: `KE` in `countries` is not an ISO 3166-1 alpha-3 country code or a region\n  help: did you mean `KEN` (Kenya)?\n\
         content/practices/a.md:5:40: error: `XYZ` in `countries` is not an ISO 3166-1 alpha-3 country code or a region\n  help: use an ISO 3166-1 alpha-3 code such as KEN, or the id of a `regions` term for a bloc\n\
         content/practices/a.md:6:7: error: `south korea` in `lead` is not an ISO 3166-1 alpha-3 country code or a region\n  help: did you mean `KOR` (Korea (Republic of))?",
    );
}

#[test]
fn unknown_term_is_reported_at_the_term() {
    let s = Site::minimal();
    s.write("content/practices/a.md", &practice("topics: [trade, tarde, Commerce]\n"));
    assert_check(
        &s,
        "content/practices/a.md:5:17: error: `tarde` in `topics` is not a term of the `topics` taxonomy\n  help: did you mean `trade`?\n\
         content/practices/a.md:5:24: error: `Commerce` in `topics` is not a term of the `topics` taxonomy\n  help: did you mean `trade`?",
    );
}

/// A label typed where a term's id goes, near none: the help declares it
/// by an id, with the label beside it, as `_taxonomies.yaml` takes it.
#[test]
fn a_label_for_an_unknown_term_is_declared_by_an_id() {
    let s = Site::minimal();
    s.write("content/practices/a.md", &practice("topics: [Digital Identity Wallets]\n"));
    assert_check(
        &s,
        "content/practices/a.md:5:10: error: `Digital Identity Wallets` in `topics` is not a term of the `topics` taxonomy\n  help: declare it under `topics: terms:` in content/_taxonomies.yaml by an id, `digital-identity-wallets: {label: \"Digital Identity Wallets\"}`, and write `digital-identity-wallets` here",
    );
}

#[test]
fn term_of_undeclared_taxonomy() {
    let s = Site::minimal();
    s.write("content/practices/a.md", &practice("organisations: [unctad]\n"));
    assert_check(
        &s,
        "content/practices/a.md:5:17: error: `organisations` uses the taxonomy `organisations`, which _taxonomies.yaml does not declare\n  help: declare `organisations:` with its `terms` in content/_taxonomies.yaml",
    );
}

/// A spreadsheet's `Null` placeholder is YAML's null: a required field
/// says so, with the quotes that keep it as the word.
#[test]
fn a_required_field_written_null_names_the_null() {
    let s = Site::minimal();
    s.write(
        "content/practices/a.md",
        &practice("").replace("title: Paperless trade", "title: Null"),
    );
    let r = s.run(&["check"]);
    assert!(
        r.stderr.contains("error: `title` is required but `Null` is YAML's null, no value\n  help: put it in quotes if it is text: `title: \"Null\"`"),
        "{}",
        r.stderr
    );
}

#[test]
fn sdgs_and_language() {
    let s = Site::minimal();
    s.write("content/practices/a.md", &practice("sdgs: [5, 18]\nlanguage: english!\n"));
    assert_check(
        &s,
        "content/practices/a.md:5:11: error: 18 in `sdgs` is not a Sustainable Development Goal\n  help: SDGs are numbered 1 to 17\n\
         content/practices/a.md:6:11: error: `english!` in `language` is not a BCP 47 language tag\n  help: use a tag such as `en`, `fr` or `es-419`",
    );
}

#[test]
fn duplicate_list_value() {
    let s = Site::minimal();
    s.write("content/practices/a.md", &practice("topics: [trade, trade]\n"));
    assert_check(
        &s,
        "content/practices/a.md:5:17: error: `trade` is listed twice in `topics`\n  help: remove the repeated value",
    );
}

#[test]
fn related_and_ref_targets_must_exist() {
    let s = Site::minimal();
    s.write("content/practices/a.md", &practice("related: [practices/single-windw, single-window, nowhere/x]\nbasis: [single-window, practices/nope]\n"));
    assert_check(
        &s,
        "content/practices/a.md:5:11: error: `practices/single-windw` in `related` names no existing record\n  help: did you mean `practices/single-window`?\n\
         content/practices/a.md:5:35: error: `single-window` in `related` is not a global key (collection/id)\n  help: did you mean `practices/single-window`?\n\
         content/practices/a.md:5:50: error: `nowhere/x` in `related` names no collection `nowhere`\n  help: the collections are `practices`\n\
         content/practices/a.md:6:24: error: `practices/nope` in `basis` names no existing record\n  help: check the id, or add that record",
    );
}

/// A record renamed keeping its old id as a part (`gen-21` →
/// `gen-21-renamed`) is what a link to the old id is pointed to, not an
/// id a letter away that is another record (`gen-12`).
#[test]
fn a_link_to_a_renamed_record_suggests_its_new_id() {
    let s = Site::minimal();
    s.write("content/practices/gen-12.md", &practice(""));
    s.write("content/practices/gen-21-renamed.md", &practice(""));
    s.write("content/practices/a.md", &practice("related: [practices/gen-21]\n"));
    assert_check(
        &s,
        "content/practices/a.md:5:11: error: `practices/gen-21` in `related` names no existing record\n  help: did you mean `practices/gen-21-renamed`?",
    );
}

#[test]
fn references_are_checked_once_every_file_is_read() {
    // Files are validated one at a time as they are parsed; whether a
    // reference's target exists is only known once all are read. A target
    // that comes later in path order, one whose file cannot be parsed, and
    // one held by a duplicate all behave as when every file was read first.
    let s = Site::minimal();
    s.write(
        "content/practices/a.md",
        &practice(
            "related: [practices/zz-later, practices/broken, practices/single-window]
",
        ),
    );
    s.write("content/practices/zz-later.md", &practice(""));
    s.write(
        "content/practices/broken.md",
        "---
title: [unclosed
---
",
    );
    // The duplicate's own problems are not reported until it has an id of its own.
    s.write(
        "content/practices/zz-copy.md",
        &practice(
            "id: single-window
not-a-field: 1
",
        ),
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let out = r.stderr.lines().filter(|l| l.contains(": error: ")).collect::<Vec<_>>().join("\n");
    assert!(!out.contains("names no existing record"), "{out}");
    assert!(out.contains("content/practices/broken.md:"), "{out}");
    assert!(
        out.contains(
            "content/practices/zz-copy.md:5:5: error: the id `single-window` is already used"
        ),
        "{out}"
    );
    assert!(!out.contains("not-a-field"), "{out}");
    assert_eq!(out.lines().count(), 2, "{out}");
}

#[test]
fn ref_to_other_collection() {
    let s = Site::minimal();
    s.write("content/rules/_collection.yaml", "title: Rules\n");
    s.write("content/rules/r.md", "---\ntitle: R\nsummary: S\n---\n");
    s.write("content/practices/a.md", &practice("basis: [rules/r]\n"));
    assert_check(
        &s,
        "content/practices/a.md:5:9: error: `basis` must name a record of `practices`, not of `rules`\n  help: use a field that refers to `rules`, or `related`",
    );
}

#[test]
fn sources_rules() {
    let s = Site::minimal();
    s.write(
        "content/sources/g20.md",
        "---\ntitle: G20 declaration\nsummary: The 2021 declaration.\npublisher: G20\n---\n",
    );
    s.write(
        "content/practices/a.md",
        &practice("sources:\n  - {title: A, locator: p1, pages: 3}\n  - {locator: p2}\n  - {ref: sources/g21, locator: para 3}\n  - {ref: sources/g20, locator: para 3}\n"),
    );
    assert_check(
        &s,
        "content/practices/a.md:6:29: error: unknown key `pages` in a source\n  help: a source takes `title`, `url`, `publisher`, `date`, `year`, `locator`, `ref`\n\
         content/practices/a.md:7:5: error: a source needs a `title`, or a `ref` to a record of `sources`\n  help: e.g. `- {title: G20 Digital Ministers Declaration, url: …, locator: paragraph 12}`\n\
         content/practices/a.md:8:11: error: `sources/g21` in `ref` names no existing record\n  help: did you mean `sources/g20`?",
    );
}

#[test]
fn body_in_markdown_front_matter() {
    let s = Site::minimal();
    s.write("content/practices/a.md", &practice("body: text\n"));
    assert_check(
        &s,
        "content/practices/a.md:5:1: error: `body` in front matter: a Markdown record's body is the text after the front matter\n  help: move the text below the closing `---` line",
    );
}

#[test]
fn no_cascade_from_unparsable_record() {
    // A record that fails to parse still exists for references.
    let s = Site::minimal();
    s.write("content/practices/b.md", "---\ntitle: [unclosed\n---\n");
    s.write("content/practices/a.md", &practice("related: [practices/b]\n"));
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.errors().len(), 1, "{}", r.stderr);
    assert!(r.errors()[0].starts_with("content/practices/b.md:"), "{}", r.stderr);
}

// --- the run as a whole ------------------------------------------------------

#[test]
fn all_errors_of_a_run_are_reported_sorted() {
    let s = Site::minimal();
    s.write("content/practices/b.md", "---\ntitle: B\nsummary: S\narea: nope\n---\n");
    s.write(
        "content/practices/a.md",
        "---\ntitle: A\nsummary: S\narea: customs\ncountries: [Kenya]\n---\n",
    );
    s.write("content/practices/c.yaml", "title: C\n");
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1);
    let paths: Vec<&str> = r.errors().iter().map(|l| l.split(':').next().unwrap_or("")).collect();
    assert_eq!(
        paths,
        [
            "content/practices/a.md",
            "content/practices/b.md",
            "content/practices/c.yaml",
            "content/practices/c.yaml"
        ],
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("check failed: 4 error(s), 0 warning(s) in 4 record file(s)"),
        "{}",
        r.stderr
    );
}

#[test]
fn json_format() {
    let s = Site::minimal();
    s.write("content/practices/a.md", "---\ntitle: A\nsummary: S\narea: custom\n---\n");
    let r = s.run(&["check", "--format", "json"]);
    assert_eq!(r.code, 1);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json on stdout");
    assert_eq!(v["errors"], 1);
    assert_eq!(v["passed"], false);
    let d = &v["diagnostics"][0];
    assert_eq!(d["path"], "content/practices/a.md");
    assert_eq!(d["line"], 4);
    assert_eq!(d["col"], 7);
    assert_eq!(d["severity"], "error");
    assert_eq!(d["message"], "`custom` is not an allowed value of `area`");
    assert_eq!(d["help"], "did you mean `customs`?");
    assert_eq!(r.stderr, "", "machine output alone: nothing on stderr");
}

#[test]
fn machine_formats_report_book_toml_errors_on_stdout_too() {
    let s = Site::minimal();
    s.write("book.toml", "[book]\ntitle = \"T\"\nbase_url = \"https://x.org\"\n");
    let r = s.run(&["check", "--format", "json"]);
    assert_eq!(r.code, 1);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json on stdout");
    assert_eq!(v["diagnostics"][0]["path"], "book.toml", "{}", r.stdout);
    assert_eq!(v["diagnostics"][0]["line"], 3, "{}", r.stdout);
    let g = s.run(&["check", "--format", "github"]);
    assert!(g.stdout.starts_with("::error file=book.toml,line=3,"), "{}", g.stdout);
}

#[test]
fn github_format_and_step_summary() {
    let s = Site::minimal();
    for i in 0..12 {
        s.write(
            &format!("content/practices/p{i:02}.md"),
            "---\ntitle: A\nsummary: S\narea: custom\n---\n",
        );
    }
    let (out, md) = s.check_github();
    assert_eq!(out.code, 1);
    let stdout = out.stdout;
    let first = stdout.lines().next().unwrap_or("");
    assert_eq!(
        first,
        "::error file=content/practices/p00.md,line=4,col=7,title=compendium check::`custom` is not an allowed value of `area`%0Ahelp: did you mean `customs`?"
    );
    assert_eq!(stdout.lines().filter(|l| l.starts_with("::error")).count(), 12);
    // The log says how it went, and that GitHub shows ten annotations.
    assert!(out.stderr.contains("check failed: 12 error(s), 0 warning(s)"), "{}", out.stderr);
    assert!(out.stderr.contains("GitHub shows the first 10 annotations"), "{}", out.stderr);
    assert!(md.starts_with("## compendium check: 12 error(s), 0 warning(s)"), "{md}");
    assert_eq!(md.matches("| error | `content/practices/p").count(), 12, "{md}");
}

#[test]
fn usage_errors_exit_2() {
    let s = Site::minimal();
    assert_eq!(s.run(&["check", "--format", "xml"]).code, 2);
    assert_eq!(s.run(&["frobnicate"]).code, 2);
    assert_eq!(s.run(&["export", "--format", "json", "--collection", "nope"]).code, 2);
}

#[test]
fn warnings_do_not_fail() {
    let s = Site::minimal();
    s.write("content/practices/notes.txt", "notes");
    let r = s.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("notes.txt:1:1: warning: this file is not a record"), "{}", r.stderr);
}

#[test]
fn a_record_that_would_not_be_published_fails() {
    let s = Site::minimal();
    s.write("content/stray.md", "---\ntitle: x\n---\n");
    s.write("content/_notes.md", "kept out on purpose");
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "content/stray.md:1:1: error: this file is outside any collection, so it is not published"
        ),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("_notes.md"), "{}", r.stderr);
}

#[test]
fn yaml_test_suite_never_panics_or_hangs() {
    // Every case of the public YAML test suite, as a record and as front
    // matter, gets an answer: exit 0 or 1, never a crash. Invalid inputs are
    // rejected as YAML.
    let Some(eval) = crate::support::eval_site() else {
        eprintln!("skipped: ../shared is not beside this checkout");
        return;
    };
    let cases = eval.join("../yaml-test-suite/cases");
    let s = Site::new();
    s.write("book.toml", "[book]\ntitle = \"T\"\nlanguages = [\"en\", \"fr\"]\n");
    s.write("content/c/_collection.yaml", "title: C\n");
    let mut entries: Vec<_> = std::fs::read_dir(&cases)
        .expect("cases")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for (i, case) in entries.iter().enumerate() {
        let bytes = std::fs::read(case).expect("read case");
        s.write_bytes(&format!("content/c/r{i}.yaml"), &bytes);
        let mut md = b"---\n".to_vec();
        md.extend_from_slice(&bytes);
        md.extend_from_slice(b"\n---\nbody\n");
        s.write_bytes(&format!("content/c/m{i}.md"), &md);
        // As translation files too (of r{i} and m{i}), read by their own path.
        s.write_bytes(&format!("content/c/r{i}.fr.yaml"), &bytes);
        s.write_bytes(&format!("content/c/m{i}.fr.md"), &md);
    }
    let r = s.run(&["check", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json report");
    let diags = v["diagnostics"].as_array().expect("array");
    for (i, case) in entries.iter().enumerate() {
        if !case.to_string_lossy().ends_with(".error.yaml") {
            continue;
        }
        let rec = format!("content/c/r{i}.yaml");
        let rejected = diags.iter().any(|d| {
            d["path"] == rec.as_str()
                && d["message"].as_str().is_some_and(|m| {
                    m.starts_with("invalid YAML")
                        || m.starts_with("invalid UTF-8")
                        || m.starts_with("a record must be a mapping")
                })
        });
        assert!(rejected, "invalid YAML accepted: {}", case.display());
    }
}

#[test]
fn yaml_1_1_booleans_are_text_and_hints_keep_what_was_written() {
    // `values: [x, y]` became `[x, true]`, `title: No` was refused, and a
    // hint to quote `1.0` said `"1"`.
    let site = Site::minimal();
    let schema = site.read("content/practices/_collection.yaml");
    site.write(
        "content/practices/_collection.yaml",
        &format!("{schema}  size: {{type: enum, values: [x, y, n]}}\n  code: {{type: string}}\n"),
    );
    site.write(
        "content/practices/no.md",
        "---\ntitle: No\nsummary: Norway's practice.\narea: customs\nsize: y\ncountries: [NOR]\n---\nText.\n",
    );
    let r = site.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let schema = site.run(&["schema", "practices"]);
    assert!(
        schema.stdout.contains("\"y\"") && !schema.stdout.contains("true,"),
        "{}",
        schema.stdout
    );
    site.write(
        "content/practices/bad.md",
        "---\ntitle: Bad\nsummary: 0x1F\narea: customs\nactive: yes\ncode: 1.0\n---\nText.\n",
    );
    let r = site.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("help: put it in quotes: `summary: \"0x1F\"`"), "{}", r.stderr);
    assert!(r.stderr.contains("help: put it in quotes: `code: \"1.0\"`"), "{}", r.stderr);
    assert!(
        r.stderr.contains("help: write `active: true`: YAML 1.2 reads `yes` as text"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_taxonomies_file_that_does_not_parse_is_one_error_not_one_per_use() {
    let site = Site::minimal();
    site.write("content/_taxonomies.yaml", "topics:\n  title: Topics\n  terms: [trade\n");
    let r = site.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.errors().len(), 1, "{}", r.stderr);
    assert!(r.errors()[0].starts_with("content/_taxonomies.yaml:"), "{}", r.stderr);
    // A country written as a name is no region of the broken file, whose
    // ids are lower-case: its error is not held back until the next push.
    site.write("content/practices/single-window.md", &practice("lead: Kenya\n"));
    let r = site.run(&["check"]);
    assert_eq!(r.errors().len(), 2, "{}", r.stderr);
    assert!(r.stderr.contains("`Kenya` in `lead` is not"), "{}", r.stderr);
}

/// Paths read from where `check` runs: `--root kb` names `kb/content/…`,
/// so a terminal opens them and GitHub finds an annotation's file in a
/// repository that keeps its site in a folder (from its workspace).
#[test]
fn paths_read_from_where_check_runs() {
    let s = Site::minimal();
    s.write("content/practices/bad.md", "---\ntitle: Bad\nsummary: s\narea: nowhere\n---\n");
    let parent = s.path().parent().expect("parent");
    let name = s.path().file_name().expect("name").to_string_lossy().into_owned();
    let run = |args: &[&str], workspace: Option<&std::path::Path>| {
        let mut cmd = std::process::Command::new(crate::support::bin());
        cmd.current_dir(parent).arg("--root").arg(&name).args(args);
        match workspace {
            Some(w) => cmd.env("GITHUB_WORKSPACE", w),
            None => cmd.env_remove("GITHUB_WORKSPACE"),
        };
        let out = cmd.output().expect("run");
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (_, stderr) = run(&["check"], None);
    assert!(stderr.contains(&format!("{name}/content/practices/bad.md:4:7: error")), "{stderr}");
    let (stdout, _) = run(&["check", "--format", "github"], Some(parent));
    assert!(stdout.contains(&format!("file={name}/content/practices/bad.md,line=4")), "{stdout}");
    // From the site itself (or outside the workspace), paths stay as they were.
    let (stdout, _) = run(&["check", "--format", "github"], Some(s.path()));
    assert!(stdout.contains("file=content/practices/bad.md,line=4"), "{stdout}");
    // Every command that reads the content names the file the same way.
    for args in [&["build"][..], &["export", "--format", "csv"], &["cite", "single-window"]] {
        let (_, stderr) = run(args, None);
        assert!(
            stderr.contains(&format!("{name}/content/practices/bad.md:4:7: error")),
            "{args:?}: {stderr}"
        );
    }
}

/// Contributors' usual slips get the fix that fits: a bloc by its alias,
/// a list written as one text with commas or semicolons (a spreadsheet's
/// and the CSV datasets' way), a day the month lacks, an
/// empty file.
#[test]
fn usual_slips_get_the_fix_that_fits() {
    let s = Site::minimal();
    s.write(
        "content/practices/_collection.yaml",
        "title: Practices\nsingular: Practice\ndescription: Good practices.\nfacets: [area, topics]\nfields:\n  area: {type: enum, values: [customs, payments], required: true}\n  adopted: {type: date}\n  lead: {type: country}\n  areas: {type: list, of: {type: enum, values: [customs, payments]}}\n",
    );
    s.write(
        "content/_taxonomies.yaml",
        "topics:\n  title: Topics\n  terms:\n    trade: {label: Trade}\n    tax: {label: Tax}\nregions:\n  title: Regions\n  terms:\n    european-union: {label: European Union, aliases: [EU], members: [FRA, DEU]}\n",
    );
    s.write(
        "content/practices/slips.md",
        "---\ntitle: Slips\nsummary: s\narea: customs\nlead: EU\ntopics: trade, tax\nareas: customs; payments\nadopted: 2023-02-30\n---\n",
    );
    s.write("content/practices/empty.md", "  \n");
    let run = s.run(&["check"]);
    assert_eq!(run.code, 1);
    for want in [
        "slips.md:5:7: error: `EU` in `lead` is not an ISO 3166-1 alpha-3 country code or a region\n  help: did you mean the region `european-union`?",
        "help: `topics` is a list: write `[trade, tax]`",
        "help: `areas` is a list: write `[customs, payments]`",
        "help: February 2023 has 28 days: check the day",
        "empty.md:1:1: error: the file is empty",
    ] {
        assert!(run.stderr.contains(want), "{want}\n{}", run.stderr);
    }
}

/// A `<style>` or a comment left open hides the rest of the body from
/// pages (and search): an error at where it opens, saying how to close it.
#[test]
fn a_style_or_comment_left_open_is_an_error() {
    let s = Site::minimal();
    s.write(
        "content/practices/open.md",
        "---\ntitle: Open\nsummary: s\narea: customs\n---\n\nFirst.\n\nInline <style> left open.\n\n## Important\n\nImportant text.\n",
    );
    s.write(
        "content/practices/todo.md",
        "---\ntitle: Todo\nsummary: s\narea: customs\n---\n\nFirst.\n\n<!-- TODO fix this\n\nImportant text.\n",
    );
    let run = s.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for want in [
        "open.md:9:8: error: `<style>` is never closed: pages lose the rest of the body (4 line(s) after it)",
        "help: close it with `</style>` where it should end",
        "todo.md:9:1: error: the comment `<!--` is never closed",
        "help: close it with `-->` where it should end",
    ] {
        assert!(run.stderr.contains(want), "{want}\n{}", run.stderr);
    }
}

/// The other elements whose text runs to the end of a body when never
/// closed: a `<template>` loses it, a `<textarea>` (or `<title>`, `<xmp>`,
/// `<iframe>`…) shows it as raw markup, an `<svg>` can swallow it. Each
/// was a warning ("is removed from pages") that `check` passed.
#[test]
fn a_template_textarea_or_svg_left_open_is_an_error() {
    let s = Site::minimal();
    for (name, html) in [("tpl", "<template>x"), ("ta", "<textarea>x"), ("svg", "<svg><title>x")] {
        s.write(
            &format!("content/practices/{name}.md"),
            &format!("---\ntitle: {name}\nsummary: s\narea: customs\n---\n\nFirst.\n\n{html}\n\n## After\n\nAfter text.\n"),
        );
    }
    let run = s.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for want in [
        "tpl.md:9:1: error: `<template>` is never closed: pages lose the rest of the body (4 line(s) after it)",
        "ta.md:9:1: error: `<textarea>` is never closed: pages show the rest of the body (4 line(s) after it) as raw markup",
        "svg.md:9:1: error: `<svg>` is never closed: pages can lose the rest of the body",
        "help: close it with `</svg>` where it should end",
    ] {
        assert!(run.stderr.contains(want), "{want}\n{}", run.stderr);
    }
    // Closed, each is only removed (a warning), as before.
    s.write(
        "content/practices/svg.md",
        "---\ntitle: svg\nsummary: s\narea: customs\n---\n\nFirst.\n\n<svg><title>x</title></svg>\n\nAfter text.\n",
    );
    let run = s.run(&["check"]);
    assert!(!run.stderr.contains("svg.md:9:1: error"), "{}", run.stderr);
}

/// `[text]()` links to the page itself: a warning at the link.
#[test]
fn a_link_without_an_address_is_a_warning() {
    let s = Site::minimal();
    s.write(
        "content/practices/empty.md",
        "---\ntitle: Empty\nsummary: s\narea: customs\n---\n\nSee [the law]() here.\n",
    );
    let run = s.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("empty.md:7:5: warning: the link has no address: it points at this page"),
        "{}",
        run.stderr
    );
}

/// What pages will drop from a body is a warning at its line, so that a
/// contributor's embed or link does not vanish in silence.
#[test]
fn what_pages_drop_is_a_warning() {
    let s = Site::minimal();
    s.write(
        "content/practices/embed.md",
        "---\ntitle: Embed\nsummary: s\narea: customs\n---\n\nA video: <iframe src=\"https://e.org/v\"></iframe>\n\n[Run](javascript:go()) and [read](https://e.org) <kbd>Ctrl</kbd>.\n\n<a href=\"javascript:x()\" onclick=\"y()\">z</a>\n",
    );
    let run = s.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("embed.md:7:10: warning: `<iframe>` is removed from pages"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("embed.md:9:1: warning: the address `javascript:go()` is removed from pages"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("kbd") && !run.stderr.contains("https://e.org"), "{}", run.stderr);
    // In raw HTML too: a refused address, an event handler.
    assert!(
        run.stderr.contains(
            "embed.md:11:10: warning: the address `javascript:x()` is removed from pages"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("embed.md:11:26: warning: the `onclick` attribute is removed from pages"),
        "{}",
        run.stderr
    );
}

/// Past the five listed, `check` says how many more things a body loses;
/// an entity-encoded `javascript:` is one of them; footnotes defined twice
/// or cited nowhere are said; an e-mail autolink is an address.
#[test]
fn a_body_is_told_what_it_loses_beyond_the_first_five() {
    let s = Site::minimal();
    let drops = [
        "<a href=\"java&#x09;script:x()\">y</a>",
        "<script>a</script>",
        "<form></form>",
        "<object></object>",
        "<embed>",
        "[t](tel:+1)",
        "<iframe></iframe>",
        "Claim[^n]. Write to <desk@example.org>.",
        "[^n]: One.",
        "[^n]: Two.",
        "[^lone]: Three.",
    ];
    let body = drops.join("\n\n");
    s.write(
        "content/practices/drops.md",
        &format!("---\ntitle: D\nsummary: s\narea: customs\n---\n\n{body}"),
    );
    let run = s.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let removed = run.stderr.matches("is removed from pages").count();
    assert_eq!(removed, 5, "{}", run.stderr);
    assert!(run.stderr.contains("2 more removed from this body are not listed"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("drops.md:7:10: warning: the address `java&#x09;script:x()` is removed"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("drops.md:25:1: warning: the footnote `[^n]` is defined again"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("drops.md:27:1: warning: no text cites the footnote `[^lone]`"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("desk@example.org"), "{}", run.stderr);
    assert_eq!(s.run(&["build"]).code, 0);
    let page = s.read("site/practices/drops/index.html");
    assert!(page.contains("href=\"mailto:desk@example.org\""), "{page}");
    assert_eq!(page.matches("id=\"fn-n\"").count(), 1, "{page}");
}

/// A record that gives a value's label (as pages show it, in any of the
/// site's languages) is told the value it stands for.
#[test]
fn a_values_label_is_answered_with_the_value() {
    let s = Site::minimal();
    s.write(
        "book.toml",
        "[book]\ntitle = \"T\"\nlanguage = \"de\"\nlanguages = [\"de\", \"en\"]\n",
    );
    s.write(
        "content/practices/_collection.yaml",
        "title: Praktiken\nfields:\n  area:\n    type: enum\n    values: [customs, in-force]\n    \
         value-labels: {customs: Zoll, in-force: In Kraft}\n    \
         translations: {en: {values: {customs: Customs}}}\n",
    );
    s.write(
        "content/practices/single-window.md",
        "---\ntitle: A\nsummary: B\narea: in kraft\n---\n",
    );
    s.write("content/practices/b.md", "---\ntitle: C\nsummary: D\narea: Customs\n---\n");
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("did you mean `in-force` (In Kraft)?"), "{}", r.stderr);
    assert!(r.stderr.contains("did you mean `customs` (Customs)?"), "{}", r.stderr);
}

/// Mistakes a contributor makes, each reported in the same run as the
/// others of its list, with the fix spelled out.
#[test]
fn every_mistake_of_a_list_and_the_fix_each_needs() {
    let s = Site::minimal();
    s.write(
        "content/practices/paperless.md",
        &practice(
            "sdgs: [18, 19, 1, 1]\nlanguage: jp\nadopted: 20240131\nbasis: [Single-Window.md]\nrelated: [practices/singlewindow]\n",
        ),
    );
    s.write("content/practices/other.md", &practice("sdgs: 1e3\nlanguage: english\n"));
    s.write(
        "content/practices/stub.md",
        &practice("").replace("Body.", "Write the body in Markdown here."),
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for want in [
        // Out of range, both, although the list also repeats a value.
        "paperless.md:5:8: error: 18 in `sdgs` is not a Sustainable Development Goal",
        "paperless.md:5:12: error: 19 in `sdgs` is not a Sustainable Development Goal",
        "paperless.md:5:19: error: `1` is listed twice in `sdgs`",
        "other.md:5:7: error: 1000 in `sdgs` is not a Sustainable Development Goal",
        "paperless.md:6:11: warning: `jp` in `language` is not a language CLDR knows",
        "help: did you mean `ja`? `jp` is a country's code",
        "other.md:6:11: warning: `english` in `language` is not a language CLDR knows",
        "help: did you mean `en`? Write the language's tag, not its name",
        "help: write it with dashes: 2024-01-31",
        "`Single-Window.md` in `basis` is not a record id\n  help: did you mean `practices/single-window`?",
        "`practices/singlewindow` in `related` names no existing record\n  help: did you mean `practices/single-window`?",
        "stub.md:7:1: error: the body still holds the text `compendium new` wrote",
    ] {
        assert!(r.stderr.contains(want), "{want}\n{}", r.stderr);
    }
}

/// A language's name in book.toml gets its tag, as in a record.
#[test]
fn a_language_named_in_book_toml_gets_its_tag() {
    let s = Site::minimal();
    s.write("book.toml", "[book]\ntitle = \"T\"\nlanguage = \"english\"\n");
    let r = s.run(&["check"]);
    assert!(
        r.stderr.contains(
            "book.toml:3:1: warning: `english` in `language` is not a language CLDR knows"
        ) && r.stderr.contains("help: did you mean \"en\"? Write the language's tag, not its name"),
        "{}",
        r.stderr
    );
}

/// Lists with a value twice, a record naming itself, and a withdrawn
/// country code: each said where it is written, with what to write.
#[test]
fn duplicates_self_references_and_withdrawn_codes() {
    let s = Site::minimal();
    s.write(
        "content/_taxonomies.yaml",
        "topics:\n  title: Topics\n  terms:\n    trade: {label: Trade, aliases: [commerce, Commerce]}\n    goods: {label: Goods, aliases: [COMMERCE]}\nregions:\n  title: Regions\n  terms:\n    european-union: {label: European Union, members: [FRA, DEU, FRA, DDR]}\n",
    );
    s.write(
        "content/practices/single-window.md",
        "---\ntitle: Single window\nsummary: S.\narea: customs\ntopics: [trade]\ncountries: [ANT]\nbasis: [single-window]\n---\n",
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for want in [
        "_taxonomies.yaml:4:47: error: `Commerce` is listed twice in `aliases`",
        "_taxonomies.yaml:9:65: error: `FRA` is listed twice in `members`",
        // A name two terms share: a filter by it finds one term's records.
        "_taxonomies.yaml:5:5: warning: `COMMERCE` names two terms of `topics`: `trade` and `goods`",
        "`DDR` (German Democratic Republic) was withdrawn from ISO 3166-1 in 1990: use `DEU`",
        "single-window.md:6:13: error: `ANT` in `countries` is not an ISO 3166-1 alpha-3 country code or a region\n  help: `ANT` (Netherlands Antilles) was withdrawn",
        "single-window.md:7:9: warning: `practices/single-window` in `basis` is this record itself",
    ] {
        assert!(r.stderr.contains(want), "{want}\n{}", r.stderr);
    }
}

/// A title as long as a paragraph is an error (the schema says so too); a
/// review date after today, which would keep a record from ever going
/// stale, is a warning.
#[test]
fn overlong_titles_and_future_reviews() {
    let s = Site::minimal();
    let long = "Trade ".repeat(60);
    s.write(
        "content/practices/single-window.md",
        &format!("---\ntitle: {long}\nsummary: S.\narea: customs\nupdated: 2999-01-01\n---\n"),
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "single-window.md:2:8: error: the title is 359 characters long, over the limit of 300"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("single-window.md:5:10: warning: `updated` is 2999-01-01, after today"),
        "{}",
        r.stderr
    );
    let schema = s.run(&["schema", "practices"]);
    assert!(schema.stdout.contains("\"maxLength\": 300"), "{}", schema.stdout);
}

/// An image with no text alternative (WCAG 1.1.1) is a warning at its
/// position, in Markdown or raw HTML; `alt=""` marks a decorative one.
#[test]
fn an_image_without_a_text_alternative_is_a_warning() {
    let s = Site::minimal();
    s.write(
        "content/practices/a.md",
        "---\ntitle: Paperless trade\nsummary: Electronic trade documents.\narea: customs\n---\n\n![](map.png) ![A map](map.png)\n\n<img src=\"x.png\"> <img src=\"y.png\" alt=\"\">\n",
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let w: Vec<&str> = r.errors().into_iter().filter(|l| l.contains("text alternative")).collect();
    assert_eq!(w.len(), 2, "{}", r.stderr);
    assert!(w[0].starts_with("content/practices/a.md:7:1: warning:"), "{}", r.stderr);
    assert!(w[1].starts_with("content/practices/a.md:9:1: warning:"), "{}", r.stderr);
}

/// A record saved on Windows keeps no `\r` in the datasets (pages never
/// showed one); one saved as UTF-16 (Notepad's "Unicode") is named so,
/// with how to save it as UTF-8, with or without its byte-order mark.
#[test]
fn windows_line_ends_and_utf16_files() {
    let s = Site::minimal();
    s.write(
        "content/practices/crlf.md",
        "---\r\ntitle: Crlf\r\nsummary: S.\r\narea: customs\r\n---\r\n\r\nOne line.\r\nTwo lines.\r\n",
    );
    assert_eq!(s.run(&["build"]).code, 0);
    let json = s.read("site/data/records.json");
    assert!(json.contains("One line.\\nTwo lines."), "{json}");
    assert!(!json.contains("\\r"), "{json}");
    let csv = s.read("site/data/practices.csv");
    assert!(csv.contains("One line.\nTwo lines.") && !csv.contains("One line.\r"), "{csv}");
    let utf16 = |bom: bool| -> Vec<u8> {
        let text = "---\ntitle: Wide\nsummary: S.\narea: customs\n---\n";
        let mut out: Vec<u8> = if bom { vec![0xff, 0xfe] } else { Vec::new() };
        out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        out
    };
    for (bom, name) in [(true, "wide"), (false, "wide-plain")] {
        s.write_bytes(&format!("content/practices/{name}.md"), &utf16(bom));
    }
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for name in ["wide", "wide-plain"] {
        assert!(
            r.stderr.contains(&format!(
                "content/practices/{name}.md:1:1: error: the file is UTF-16, not UTF-8"
            )),
            "{}",
            r.stderr
        );
    }
}

/// A number out of a limit's range says so in plain words, not Rust's
/// type names, and suggests no value that would be a limit of its own.
#[test]
fn book_toml_limits_out_of_range_are_said_plainly() {
    let s = Site::minimal();
    for (value, want) in [
        ("-1", "book.toml:4:1: error: `max-file-bytes` is -1, below its minimum of 1"),
        ("99999999999999999999", "integer `99999999999999999999`, too large"),
    ] {
        s.write(
            "book.toml",
            &format!("[book]\ntitle = \"T\"\n[limits]\nmax-file-bytes = {value}\n"),
        );
        let r = s.run(&["check"]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(r.stderr.contains(want), "{}", r.stderr);
        assert!(!r.stderr.contains("i128") && !r.stderr.contains("= 10"), "{}", r.stderr);
    }
}

/// A byte-order mark pasted into a title is warned of at the title.
#[test]
fn a_byte_order_mark_inside_a_title_is_warned_of() {
    let s = Site::minimal();
    s.write(
        "content/practices/bom.md",
        "---\ntitle: \"Zero\u{feff}bom\"\nsummary: S.\narea: customs\n---\n",
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("content/practices/bom.md:2:8: warning: `title` holds U+FEFF"),
        "{}",
        r.stderr
    );
}

/// A page migrated from Hugo or Zola with its front matter: each of their
/// keys is told what it is here, not "did you mean" a look-alike
/// (`resources` is no `sources`).
#[test]
fn another_generators_keys_say_what_they_are_here() {
    let s = Site::minimal();
    s.write(
        "content/practices/old.md",
        &practice("lastmod: 2024-01-01\nslug: old-page\nresources: []\ntags: [trade]\npublishDate: 2024-01-01\ntranslationKey: a\ntoc: true\n"),
    );
    s.write(
        "content/practices/more.md",
        "---\ntitle: More\narea: customs\n---\n\nThe summary part.\n\n<!--more-->\n\nThe rest.\n",
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for want in [
        "unknown field `lastmod` in a practice record\n  help: the date a record was last changed is `updated` here",
        "unknown field `slug` in a practice record\n  help: a record's address is its id",
        "unknown field `resources` in a practice record\n  help: files a record shows are published beside its page from a page bundle",
        "unknown field `tags` in a practice record\n  help: terms are a taxonomy's field here",
        "unknown field `publishDate` in a practice record\n  help: a record's date is `date`",
        "unknown field `translationKey` in a practice record\n  help: a translation is paired with its record by its file's name",
        "unknown field `toc` in a practice record\n  help: every record's page is made by the theme's record.html",
        "missing required field `summary`\n  help: add `summary:` with plain text; `<!--more-->` is not read here: the text before it (17 characters) may be the summary",
    ] {
        assert!(r.stderr.contains(want), "missing {want:?} in\n{}", r.stderr);
    }
}

/// Hugo's and Zola's section files come along with a migrated site; their
/// title and text would be lost without a word.
#[test]
fn a_section_file_from_hugo_or_zola_is_said_to_be_unread() {
    let s = Site::minimal();
    s.write("content/_index.md", "+++\ntitle = \"Home\"\n+++\nWelcome.\n");
    s.write("content/practices/_index.md", "---\ntitle: Practices\n---\nAbout practices.\n");
    s.write("content/practices/_notes.md", "A note of the editors.\n");
    let r = s.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let warned: Vec<&str> =
        r.stderr.lines().filter(|l| l.contains(": warning:") && l.contains("_index.md")).collect();
    assert_eq!(warned.len(), 2, "{}", r.stderr);
    assert!(!r.stderr.contains("_notes.md:"), "{}", r.stderr);
    assert!(warned[0].starts_with("content/_index.md:1:1: warning: `_index.md` (Hugo's and Zola's section page) is not read"), "{}", r.stderr);
    assert!(warned[1].starts_with("content/practices/_index.md:1:1: warning:"), "{}", r.stderr);
    assert!(r.stderr.contains("content/practices/_collection.yaml"), "{}", r.stderr);
}
