//! `new`, `schema` and `export`.

use crate::support::Site;

#[test]
fn new_stubs_required_fields_and_prints_the_path() {
    let s = Site::minimal();
    let r = s.run_inside(&["new", "practices", "Electronic Invoices: a guide"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout.trim(), "content/practices/electronic-invoices-a-guide.md");
    let text = s.read("content/practices/electronic-invoices-a-guide.md");
    assert!(text.starts_with("---\ntitle: \"Electronic Invoices: a guide\"\n"), "{text}");
    assert!(text.contains("\nsummary: \"\"  # required: text\n"), "{text}");
    assert!(text.contains("\narea: \"\"  # required: one of customs, payments\n"), "{text}");
    assert!(text.contains("\n# adopted: a date (YYYY-MM-DD)\n"), "{text}");
    // The stub parses; check then names exactly the fields left to fill.
    let c = s.run(&["check"]);
    assert_eq!(c.code, 1);
    let errors = c.errors();
    assert_eq!(errors.len(), 3, "{}", c.stderr);
    assert!(
        errors[0].ends_with(".md:3:10: error: `summary` is required but empty"),
        "{}",
        c.stderr
    );
    assert!(errors[1].ends_with(".md:4:7: error: `area` is required but empty"), "{}", c.stderr);
    // And the body to write: published as it is, the stub's text would show.
    assert!(
        errors[2].contains("error: the body still holds the text `compendium new` wrote"),
        "{}",
        c.stderr
    );
    // A second record with the same title is refused, not overwritten.
    let again = s.run(&["new", "practices", "Electronic invoices, a guide"]);
    assert_eq!(again.code, 1, "{}", again.stderr);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
}

/// An id is taken by a record that sets it with `id:`, and by a file of
/// the same name in another case (one file on macOS and Windows); editors'
/// leftovers beside records are passed over, even by `check --strict`.
#[test]
fn new_sees_ids_set_inside_records_and_check_passes_over_swap_files() {
    let s = Site::minimal();
    s.write(
        "content/practices/something.md",
        "---\nid: foo-bar\ntitle: Foo\nsummary: S.\narea: customs\n---\n\nText.\n",
    );
    let r = s.run(&["new", "practices", "Foo Bar"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("a record `practices/foo-bar` already exists")
            && r.stderr.contains("content/practices/something.md"),
        "{}",
        r.stderr
    );
    s.write("content/practices/Upper.md", "---\ntitle: U\n---\n");
    let r = s.run(&["new", "practices", "Upper"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("content/practices/Upper.md"), "{}", r.stderr);
    std::fs::remove_file(s.path().join("content/practices/Upper.md")).expect("remove");
    for leftover in ["something.md~", "#something.md#", "something.md.bak", "4913"] {
        s.write(&format!("content/practices/{leftover}"), "x");
    }
    // Emacs's lock file: a link to nothing while a buffer is unsaved.
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        "me@host.42:1700000000",
        s.path().join("content/practices/.#something.md"),
    )
    .expect("symlink");
    s.write("book.toml", "[book]\ntitle = \"T\"\nbase-url = \"https://example.org/\"\n");
    let r = s.run(&["check", "--strict"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("not a record"), "{}", r.stderr);
}

#[test]
fn new_in_unknown_collection_is_a_usage_error() {
    let s = Site::minimal();
    let r = s.run(&["new", "practises", "X"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("did you mean `practices`?"), "{}", r.stderr);
}

#[test]
fn new_refuses_what_check_would() {
    let s = Site::minimal();
    s.write("book.toml", "[book]\ntitle = \"T\"\nlanguages = [\"en\", \"fr\"]\n");
    let r = s.run(&["new", "practices", "two\nlines"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("the title has a line break"), "{}", r.stderr);
    // A title in another script: its letters spelt in Latin (Zola's slug).
    let r = s.run_inside(&["new", "practices", "Закон 152-ФЗ"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout.trim(), "content/practices/zakon-152-fz.md");
    // Taken: the way out is another id.
    let r = s.run(&["new", "practices", "ЗАКОН 152 ФЗ"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("give this one another id with --id"), "{}", r.stderr);
    // A title with no letter or digit: an example id in the collection's words.
    s.write(
        "content/practices/practice-1.md",
        "---\ntitle: One\nsummary: S.\narea: customs\n---\n",
    );
    let r = s.run(&["new", "practices", "!!! ???"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("e.g. --id practice-2"), "{}", r.stderr);
    // A translation into the language the record is written in.
    let r = s.run(&["new", "practices", "single-window", "--lang", "en"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("is written in `en`: it needs no translation into `en`"),
        "{}",
        r.stderr
    );
    // A title too long for a file name gives a shorter id, cut at a hyphen.
    let long = "word ".repeat(58);
    let r = s.run_inside(&["new", "practices", &long]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let id =
        r.stdout.trim().trim_start_matches("content/practices/").trim_end_matches(".md").to_owned();
    assert!(id.len() <= 80 && id.starts_with("word-word") && !id.ends_with('-'), "{id}");
    // What check refuses is not written: a title over its limit, an id
    // Windows reserves, a title a record has already (as another file).
    let r = s.run(&["new", "practices", &"word ".repeat(100)]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("over the limit of 300"), "{}", r.stderr);
    let r = s.run(&["new", "practices", "CON"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("e.g. --id con-record"), "{}", r.stderr);
    let r = s.run(&["new", "practices", "one"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "`practices` already has a record titled `one`: content/practices/practice-1.md"
        ),
        "{}",
        r.stderr
    );
    // A translation's title names its record too, with --lang or without.
    s.write("content/practices/practice-1.fr.md", "---\ntitle: Guichet unique électronique\n---\n");
    for args in [
        &["new", "practices", "Guichet unique électronique"][..],
        &["new", "practices", "guichet unique électronique", "--lang", "fr"][..],
    ] {
        let r = s.run(args);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(
            r.stderr.contains("is the title of a translation of `practices/practice-1`: content/practices/practice-1.fr.md"),
            "{}",
            r.stderr
        );
    }
    assert!(!s.path().join("content/practices/guichet-unique-electronique.md").exists());
    let r = s.run(&["new", "practices", "x", "--id", &"a".repeat(300)]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("file names hold at most 200"), "{}", r.stderr);
    // A title whose id is taken, with --lang: the way to translate it.
    let r = s.run(&["new", "practices", "Single window!", "--lang", "fr"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stderr.contains(
            "help: to translate that record: compendium new practices single-window --lang fr"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn schema_describes_fields() {
    let s = Site::minimal();
    let r = s.run(&["schema", "practices"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(v["$schema"], "https://json-schema.org/draft/2020-12/schema");
    let p = &v["properties"];
    assert_eq!(p["area"]["enum"], serde_json::json!(["customs", "payments"]));
    // Optional fields may be left empty (`~`, `""`): their type is the
    // first choice of an `anyOf`; a list also takes a single value.
    assert_eq!(p["adopted"]["anyOf"][0]["format"], "date");
    assert_eq!(p["adopted"]["anyOf"][1]["$ref"], "#/$defs/_empty");
    assert_eq!(p["topics"]["anyOf"][0]["anyOf"][0]["enum"], serde_json::json!(["trade"]));
    assert_eq!(p["topics"]["anyOf"][0]["anyOf"][1]["items"]["enum"], serde_json::json!(["trade"]));
    assert_eq!(p["topics"]["title"], "Topics");
    assert_eq!(p["summary"]["maxLength"], 400);
    assert_eq!(p["summary"]["$ref"], "#/$defs/_text");
    assert_eq!(p["title"]["$ref"], "#/$defs/_line");
    assert!(v["$defs"]["_empty"].is_object());
    assert_eq!(p["lead"]["anyOf"][0]["$ref"], "#/$defs/_country");
    let lead = v["$defs"]["_country"]["enum"].as_array().expect("countries");
    assert!(lead.iter().any(|c| c == "KEN"));
    assert!(lead.iter().any(|c| c == "european-union"));
    assert!(p["body"].is_object());
    let md = s.run(&["schema", "practices", "--markdown"]);
    let md: serde_json::Value = serde_json::from_str(&md.stdout).expect("json");
    assert!(md["properties"]["body"].is_null(), "front matter has no body");
    assert_eq!(v["required"], serde_json::json!(["title", "summary", "area"]));
    assert_eq!(v["additionalProperties"], false);
    let all = s.run(&["schema"]);
    let v: serde_json::Value = serde_json::from_str(&all.stdout).expect("json");
    assert!(v["$defs"]["practices"].is_object());
    assert!(v["$defs"]["practices"]["$defs"].is_null(), "shared definitions once, at the root");
    let all = jsonschema::validator_for(&v).expect("the whole schema compiles");
    let record =
        serde_json::json!({"title": "T", "summary": "S", "area": "customs", "topics": "trade"});
    assert!(all.is_valid(&record));
    assert!(!all.is_valid(&serde_json::json!({"title": "T", "summary": "", "area": "customs"})));
}

#[test]
fn export_json_and_csv() {
    let s = Site::minimal();
    s.write("content/practices/e-invoicing.yaml", "title: E-invoicing\nsummary: \"Invoices, electronically.\"\narea: payments\nadopted: 2021-03-04\ntopics: [trade]\ncountries: [KEN, european-union]\nbody: |\n  Some *Markdown*.\nsources:\n  - {title: Report, url: https://example.org/r, locator: p. 4}\n");
    let r = s.run(&["export", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let recs = v.as_array().expect("array");
    assert_eq!(recs.len(), 2);
    // Listing order (by title).
    assert_eq!(recs[0]["key"], "practices/e-invoicing");
    assert_eq!(recs[0]["collection"], "practices");
    assert_eq!(recs[0]["id"], "e-invoicing");
    assert_eq!(recs[0]["adopted"], "2021-03-04");
    assert_eq!(recs[0]["countries"], serde_json::json!(["KEN", "european-union"]));
    assert_eq!(recs[0]["body"], "Some *Markdown*.\n");
    assert_eq!(recs[0]["sources"][0]["locator"], "p. 4");
    let c = s.run(&["export", "--format", "csv", "--collection", "practices"]);
    assert_eq!(c.code, 0, "{}", c.stderr);
    let mut rdr = csv::Reader::from_reader(c.stdout.as_bytes());
    let headers = rdr.headers().expect("headers").clone();
    assert_eq!(&headers[0], "key");
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 2);
    let col = |name: &str| headers.iter().position(|h| h == name).expect(name);
    assert_eq!(&rows[0][col("countries")], "KEN; european-union");
    assert_eq!(&rows[0][col("summary")], "Invoices, electronically.");
    assert_eq!(&rows[0][col("sources")], "Report (p. 4) <https://example.org/r>");
    // A `.md` record's body starts at its text, not at the blank line after
    // the front matter, in both formats.
    let md = "A **single window** lets traders submit documents once.\n";
    assert_eq!(recs[1]["body"], md);
    assert_eq!(&rows[1][col("body")], md);
}

#[test]
fn export_refuses_invalid_content() {
    let s = Site::minimal();
    s.write("content/practices/bad.md", "---\ntitle: x\n---\n");
    let r = s.run(&["export", "--format", "json"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.is_empty());
    assert!(
        r.stderr.contains("content/practices/bad.md:2:1: error: missing required field"),
        "{}",
        r.stderr
    );
}

/// A reader that goes away (`compendium export | head`) ends the command
/// quietly with success, as `cat` or `rg` do, whatever the format.
/// A query's words given apart are a usage error that says to quote them.
#[test]
fn a_query_given_as_several_arguments_is_told_to_quote_it() {
    let site = Site::minimal();
    let r = site.run(&["search", "single", "window"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("quote it, compendium search \"data privacy\""), "{}", r.stderr);
}

#[test]
fn a_closed_pipe_ends_a_command_quietly() {
    let site = Site::minimal();
    for args in [
        &["export", "--format", "csv"][..],
        &["export", "--format", "json"],
        &["search", "single"],
        &["cite", "single-window"],
        &["schema"],
        &["new", "practices", "Piped"],
    ] {
        let mut child = std::process::Command::new(crate::support::bin())
            .arg("--root")
            .arg(site.path())
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn");
        // The read end is closed before the command writes.
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("wait");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("Broken pipe"), "{args:?}: {stderr}");
        if args[0] != "search" {
            assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        }
    }
}

/// Output that cannot be written (a full disk) fails the command with a
/// message, never a panic, and a report `check` could not write fails CI.
#[test]
fn a_full_disk_fails_a_command_without_a_panic() {
    let site = Site::minimal();
    if !std::path::Path::new("/dev/full").exists() {
        return;
    }
    // A stderr that cannot take the messages does not stop a build.
    let out = std::process::Command::new(crate::support::bin())
        .arg("--root")
        .arg(site.path())
        .arg("build")
        .stderr(std::fs::OpenOptions::new().write(true).open("/dev/full").expect("/dev/full"))
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    for args in [&["schema"][..], &["check", "--format", "json"], &["search", "single"]] {
        let full = || std::fs::OpenOptions::new().write(true).open("/dev/full").expect("/dev/full");
        let out = std::process::Command::new(crate::support::bin())
            .arg("--root")
            .arg(site.path())
            .args(args)
            .stdout(full())
            .stderr(std::process::Stdio::piped())
            .output()
            .expect("run");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains("error: cannot write to stdout"), "{args:?}: {stderr}");
    }
}

/// Text a record holds reaches the terminal inert: control characters in
/// a field are refused by `check`, and `search` writes any in a body as
/// `\u{..}`, so that a record cannot recolour or retitle the terminal.
#[test]
fn records_cannot_drive_the_terminal() {
    let site = Site::minimal();
    site.write(
        "content/practices/probe.md",
        "---\ntitle: \"Probe \\e[31mred\"\nsummary: s\narea: customs\n---\n\nBody.\n",
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("probe.md:2:8: error: `title` holds U+001B, a control character"),
        "{}",
        run.stderr
    );
    site.write(
        "content/practices/probe.md",
        "---\ntitle: Probe\nsummary: s\narea: customs\n---\n\nProbe body \u{1b}]0;pwned\u{7} and \u{1b}[31mred\u{202e}.\n",
    );
    assert_eq!(site.run(&["build"]).code, 0);
    let run = site.run(&["search", "probe"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains('\u{1b}') && !run.stdout.contains('\u{202e}'), "{:?}", run.stdout);
    assert!(run.stdout.contains("\\u{1b}]0;pwned\\u{7}"), "{}", run.stdout);
    let run = site.run(&["search", "probe \u{1b}[2J"]);
    assert!(
        !run.stdout.contains('\u{1b}') && !run.stderr.contains('\u{1b}'),
        "{} {}",
        run.stdout,
        run.stderr
    );
}

#[test]
fn export_names_the_collections_there_are() {
    let site = Site::minimal();
    let run = site.run(&["export", "--format", "csv", "--collection", "practises"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "there is no collection `practises` (did you mean `practices`?); known: practices"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn new_prints_a_path_the_shell_that_ran_it_can_open() {
    let s = Site::minimal();
    // From elsewhere (--root /tmp/…): the whole path.
    let r = s.run(&["new", "practices", "From elsewhere"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let printed = std::path::PathBuf::from(r.stdout.trim());
    assert!(printed.is_absolute() && printed.is_file(), "{}", r.stdout);
    // From the site's parent (--root NAME): NAME/content/….
    let parent = s.path().parent().expect("parent");
    let name = s.path().file_name().expect("name").to_string_lossy().into_owned();
    let out = std::process::Command::new(crate::support::bin())
        .current_dir(parent)
        .args(["--root", &name, "new", "practices", "From the parent"])
        .output()
        .expect("run");
    let printed = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    assert_eq!(printed, format!("{name}/content/practices/from-the-parent.md"));
    assert!(parent.join(&printed).is_file());
}
