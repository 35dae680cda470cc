//! Machine-readable output on stdout; every value error names its field.

use crate::support::*;

#[test]
fn check_json_and_github_go_to_stdout() {
    let s = Site::minimal();
    s.write("content/practices/a.md", "---\ntitle: A\nsummary: S\narea: custom\n---\n");
    let r = s.run(&["check", "--format", "json"]);
    assert_eq!(r.code, 1);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON on stdout");
    assert_eq!(v["errors"], 1);
    assert!(!r.stderr.contains("\"diagnostics\""), "{}", r.stderr);
    let g = s.run(&["check", "--format", "github"]);
    assert!(
        g.stdout.starts_with("::error file=content/practices/a.md,line=4,col=7"),
        "{}",
        g.stdout
    );
    // A clean run is still one JSON document.
    let ok = Site::minimal().run(&["check", "--format", "json"]);
    assert_eq!(ok.code, 0);
    let v: serde_json::Value = serde_json::from_str(&ok.stdout).expect("JSON on stdout");
    assert_eq!(v["errors"], 0);
    // So is a broken book.toml.
    let bad = Site::minimal();
    bad.write("book.toml", "[build]\nminify = \"yes\"\n");
    let b = bad.run(&["check", "--format", "json"]);
    assert_eq!(b.code, 1);
    let v: serde_json::Value = serde_json::from_str(&b.stdout).expect("JSON on stdout");
    assert!(v["errors"].as_u64() >= Some(1));
}

/// Each line of the record sets one field to a bad value; the message at
/// that line must name the field (a GitHub annotation shows the message
/// without the source line).
#[test]
fn every_value_error_names_its_field() {
    let s = Site::minimal();
    let fields = [
        "adopted: 2019-13-45",
        "website: ftp//nowhere",
        "lead: Kenya",
        "countries: [KEN, Atlantis]",
        "topics: [tarde]",
        "area: custom",
        "basis: [practices/nope]",
        "related: [single-window]",
        "sdgs: [18]",
        "language: english!",
        "year: 23",
        "staff: lots",
        "active: maybe",
    ];
    s.write(
        "content/practices/a.md",
        &format!("---\ntitle: A\nsummary: S\n{}\n---\n", fields.join("\n")),
    );
    let r = s.run(&["check", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let diags = v["diagnostics"].as_array().expect("diagnostics");
    for (i, line) in fields.iter().enumerate() {
        let field = line.split(':').next().expect("field");
        let at: Vec<&str> = diags
            .iter()
            .filter(|d| d["line"] == i + 4)
            .filter_map(|d| d["message"].as_str())
            .collect();
        assert!(!at.is_empty(), "no error for {line}: {diags:?}");
        for m in at {
            assert!(m.contains(&format!("`{field}`")), "{m:?} does not name `{field}`");
        }
    }
}

/// A value quoted in a message cannot drive the terminal, forge a
/// diagnostic line, or put HTML into the GitHub step summary.
#[test]
fn values_in_messages_are_printed_inert() {
    let s = Site::minimal();
    s.write(
        "content/practices/a.yaml",
        "title: A\nsummary: S\narea: \"x\\e[2J\\e]0;owned\\a\\u202Eevil\\nforged.md:1:1: error: fake <img src=x onerror=alert(1)>\"\n",
    );
    let (out, md) = s.check_github();
    let gh = out.stdout;
    assert!(!gh.contains('\u{1b}') && !gh.contains('\u{202e}'), "{gh:?}");
    assert!(!gh.lines().any(|l| l.starts_with("forged.md")), "{gh}");
    assert!(gh.lines().all(|l| l.starts_with("::")), "{gh}");
    // Markdown and HTML in a value are escaped: `\<img` renders as text.
    assert!(md.contains("\\<img"), "{md}");
    assert!(md.match_indices('<').all(|(i, _)| md[..i].ends_with('\\')), "{md}");
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1);
    assert!(!r.stderr.contains('\u{1b}') && !r.stderr.contains('\u{7}'), "{:?}", r.stderr);
    assert!(!r.stderr.lines().any(|l| l.starts_with("forged.md")), "{}", r.stderr);
    assert!(r.stderr.contains("\\u{1b}[2J"), "{}", r.stderr);
}
