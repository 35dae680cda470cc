//! What a pull request's author is told: every problem of a file in one
//! run, at its exact place, with a fix that works when applied as written.

use crate::support::Site;

/// The diagnostics of `check` (stderr less the summary line) and its code.
fn check(s: &Site, args: &[&str]) -> (String, i32) {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    let r = s.run(&all);
    let body: Vec<&str> = r.stderr.lines().filter(|l| !l.starts_with("check ")).collect();
    (body.join("\n"), r.code)
}

fn multilingual() -> Site {
    let s = Site::minimal();
    s.write("book.toml", "[book]\ntitle = \"Test\"\nlanguages = [\"en\", \"fr\", \"ja\"]\n");
    s
}

#[test]
fn a_bad_id_does_not_hide_the_files_other_errors() {
    let s = Site::minimal();
    s.write(
        "content/practices/Bad Name.md",
        "---\ntitle: T\nsummary: S.\narea: custom\nbasis: [practices/nope]\n---\n\nBody.\n",
    );
    let (out, code) = check(&s, &[]);
    assert_eq!(code, 1);
    for want in [
        "content/practices/Bad Name.md:1:1: error: the file name `Bad Name` is not a valid record id",
        "content/practices/Bad Name.md:4:7: error: `custom` is not an allowed value of `area`",
        "content/practices/Bad Name.md:5:9: error: `practices/nope` in `basis` names no existing record",
    ] {
        assert!(out.contains(want), "{want}\n{out}");
    }
}

#[test]
fn a_translations_links_to_missing_records_are_errors() {
    let s = multilingual();
    s.write(
        "content/practices/single-window.fr.md",
        "---\ntitle: Guichet unique\n---\n\n[a](@/practices/single-window) [b](@/practices/nope) [c](../gone/).\n",
    );
    let (out, code) = check(&s, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(
            "single-window.fr.md:5:32: error: `practices/nope` in `body` names no existing record"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "single-window.fr.md:5:54: error: `practices/gone` in `body` names no existing record"
        ),
        "{out}"
    );
    assert!(!out.contains("practices/single-window` in"), "{out}");
}

#[test]
fn an_orphan_translation_is_said_with_its_other_errors() {
    let s = multilingual();
    s.write("content/practices/ghost.fr.md", "---\ntitle: |\n  a\n  b\n---\n\nCorps.\n");
    let (out, _) = check(&s, &[]);
    assert!(out.contains("ghost.fr.md:1:1: error: `ghost.fr.md` translates `ghost`, but there is no record `ghost` beside it"), "{out}");
    assert!(out.contains("ghost.fr.md:3:3: error: `title` must be one line"), "{out}");
}

#[test]
fn a_country_code_for_a_language_is_pointed_to_the_language() {
    let s = multilingual();
    s.write(
        "content/practices/single-window.jp.md",
        "---\ntitle: シングルウィンドウ\n---\n\n本文。\n",
    );
    let (out, _) = check(&s, &[]);
    assert!(out.contains("help: did you mean `single-window.ja.md`? Rename the file"), "{out}");
}

#[test]
fn a_yaml_bodys_problems_are_at_their_own_lines() {
    let s = Site::minimal();
    s.write(
        "content/practices/cc.yaml",
        "title: T\nsummary: S.\narea: customs\nbody: |\n  [x](@/practices/nope)\n\n    [y](@/practices/nope)\n",
    );
    let (out, _) = check(&s, &[]);
    let lines: Vec<&str> = out.lines().filter(|l| l.contains("names no existing record")).collect();
    assert_eq!(
        lines,
        [
            "content/practices/cc.yaml:5:3: error: `practices/nope` in `body` names no existing record",
            "content/practices/cc.yaml:7:5: error: `practices/nope` in `body` names no existing record",
        ],
        "{out}"
    );
    // The summary counts what it shows.
    let r = s.run(&["check"]);
    assert!(r.stderr.contains("check failed: 2 error(s)"), "{}", r.stderr);
}

#[test]
fn one_line_written_as_a_block_keeps_no_line_break() {
    let s = Site::minimal();
    s.write(
        "content/practices/block.yaml",
        "title: |\n  Block title\nsummary: >\n  Folded summary.\narea: customs\n",
    );
    let r = s.run(&["export", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("\"title\": \"Block title\""), "{}", r.stdout);
    assert!(r.stdout.contains("\"summary\": \"Folded summary.\""), "{}", r.stdout);
}

#[test]
fn the_file_named_by_an_id_keeps_it() {
    let s = Site::minimal();
    s.write(
        "content/practices/aaa.md",
        "---\nid: single-window\ntitle: T\nsummary: S.\narea: customs\n---\n\nB.\n",
    );
    let (out, _) = check(&s, &[]);
    assert!(
        out.starts_with("content/practices/aaa.md:2:5: error: the id `single-window` is already used by content/practices/single-window.md"),
        "{out}"
    );
}

#[test]
fn a_file_of_static_below_a_records_page_is_found() {
    let s = Site::minimal();
    s.write(
        "content/practices/single-window.md",
        "---\ntitle: Single window\nsummary: S.\narea: customs\n---\n\n![Map](map.png)\n",
    );
    let (out, _) = check(&s, &[]);
    assert!(
        out.contains("help: put the file at `static/practices/single-window/map.png`"),
        "{out}"
    );
    s.write("static/practices/single-window/map.png", "png");
    let (out, _) = check(&s, &[]);
    assert!(!out.contains("map.png"), "{out}");
}

#[test]
fn strict_says_the_warnings_that_wait_for_errors() {
    let s = Site::minimal();
    s.write("content/practices/bad.md", "---\ntitle: T\nsummary: S.\narea: nope\n---\n\nB.\n");
    let (plain, _) = check(&s, &[]);
    assert!(!plain.contains("base-url"), "{plain}");
    let (strict, _) = check(&s, &["--strict"]);
    assert!(strict.contains("warning: `base-url` is not set"), "{strict}");
}

#[test]
fn empty_yaml_toml_front_matter_and_underscored_numbers() {
    let s = Site::minimal();
    s.write("content/practices/empty.yaml", "# nothing yet\n");
    s.write("content/practices/toml.md", "+++\ntitle = \"T\"\n+++\n\nB.\n");
    s.write(
        "content/practices/num.md",
        "---\ntitle: T\nsummary: S.\narea: customs\nstaff: 1_000\n---\n\nB.\n",
    );
    let (out, _) = check(&s, &[]);
    assert!(out.contains("empty.yaml:1:1: error: the file holds no fields"), "{out}");
    assert!(!out.contains("empty.yaml:1:1: error: missing required"), "{out}");
    assert!(out.contains("toml.md:1:1: error: the front matter is TOML (`+++`)"), "{out}");
    assert!(
        out.contains("num.md:5:8: error: `staff` must be a whole number, not the text `1_000`\n  help: write it without separators: 1000"),
        "{out}"
    );
}

/// A spreadsheet's amounts in a whole-number field: the help gives a
/// number only when the text reads as one for certain (it gave `1` for
/// `$1,000`, which an editor fixing rows would have typed in).
#[test]
fn spreadsheet_amounts_get_the_right_number_or_none() {
    let s = Site::minimal();
    let cases = [
        ("$1,000", "write the number alone, in digits: 1000"),
        ("\"€1.250.000,00\"", "write the number alone, in digits: 1250000"),
        ("1.250.000", "write it without separators: 1250000"),
        ("1,000.50", "`staff` holds whole numbers and this has a fraction"),
        ("10k", "write the whole amount in digits alone"),
        ("2,5 million", "write the whole amount in digits alone"),
        ("(5000)", "write the whole amount in digits alone"),
    ];
    for (i, (value, _)) in cases.iter().enumerate() {
        s.write(
            &format!("content/practices/n{i}.md"),
            &format!("---\ntitle: T{i}\nsummary: S.\narea: customs\nstaff: {value}\n---\n\nB.\n"),
        );
    }
    let (out, _) = check(&s, &[]);
    for (i, (_, help)) in cases.iter().enumerate() {
        let at = out
            .find(&format!("n{i}.md:5:8: error: `staff` must be a whole number"))
            .unwrap_or_else(|| panic!("n{i}: {out}"));
        let next = out[at..].lines().nth(1).unwrap_or("");
        assert!(next.contains(help), "n{i}: {help}\n{out}");
    }
}

/// A spreadsheet's other habits: a date as its serial number, a month
/// without its day, Kosovo's user-assigned code.
#[test]
fn spreadsheet_dates_and_user_assigned_codes_get_their_fix() {
    let s = Site::minimal();
    s.write(
        "content/practices/serial.md",
        "---\ntitle: T\nsummary: S.\narea: customs\nadopted: 43831\n---\n\nB.\n",
    );
    s.write(
        "content/practices/month.md",
        "---\ntitle: T2\nsummary: S.\narea: customs\nadopted: 2020-01\n---\n\nB.\n",
    );
    s.write(
        "content/practices/kosovo.md",
        "---\ntitle: T3\nsummary: S.\narea: customs\nlead: XKX\n---\n\nB.\n",
    );
    let (out, _) = check(&s, &[]);
    for want in [
        "43831 looks like a spreadsheet's serial number for 2020-01-01",
        "a date needs its day: write 2020-01-DD with the day, or use `year: 2020`",
        "`XKX` is what the EU and the World Bank write for Kosovo",
        "`xkx: {label: Kosovo, aliases: [XKX]}`",
    ] {
        assert!(out.contains(want), "{want}\n{out}");
    }
}

#[test]
fn a_country_named_in_a_site_language_gets_its_code() {
    let s = multilingual();
    s.write(
        "content/practices/single-window.md",
        "---\ntitle: T\nsummary: S.\narea: customs\nlead: 日本\n---\n\nB.\n",
    );
    let (out, _) = check(&s, &[]);
    assert!(out.contains("help: did you mean `JPN` ("), "{out}");
}
