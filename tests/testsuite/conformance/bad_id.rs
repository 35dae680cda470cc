//! A record with an invalid `id:` is one error; the records that refer to
//! it get notes of that error, not errors of their own.

use serde_json::Value as Json;

use crate::support::Site;

fn site() -> Site {
    let s = Site::minimal();
    // `EU GDPR` is not an id; the others refer to the file's name, which is
    // what the author meant. (A reference that is no id itself, such as
    // `practices/EU GDPR`, is an error of its own.)
    s.write(
        "content/practices/eu-gdpr.md",
        "---\nid: EU GDPR\ntitle: GDPR\nsummary: Data protection.\narea: customs\n---\n",
    );
    for (i, field) in [
        "basis: [eu-gdpr]",
        "basis: [practices/eu-gdpr]",
        "related: [practices/eu-gdpr]",
        "basis: eu-gdpr",
    ]
    .iter()
    .enumerate()
    {
        s.write(
            &format!("content/practices/ref-{i}.md"),
            &format!("---\ntitle: Ref {i}\nsummary: Refers.\narea: customs\n{field}\n---\n"),
        );
    }
    s
}

#[test]
fn one_bad_id_is_one_error_with_the_references_as_notes() {
    let s = site();
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let errors = r.errors();
    assert_eq!(errors.len(), 1, "one error expected:\n{}", r.stderr);
    assert!(errors[0].starts_with("content/practices/eu-gdpr.md:2:5: error:"), "{}", r.stderr);
    for i in 0..4 {
        assert!(
            r.stderr.contains(&format!("  note: content/practices/ref-{i}.md:5:")),
            "note for ref-{i} expected:\n{}",
            r.stderr
        );
    }
    assert!(r.stderr.contains("check failed: 1 error(s)"), "{}", r.stderr);

    let j = s.run(&["check", "--format", "json"]);
    let report: Json = serde_json::from_str(&j.stdout).expect("JSON");
    assert_eq!(report["errors"], 1, "{}", j.stdout);
    let d = &report["diagnostics"][0];
    let notes = d["notes"].as_array().expect("notes");
    assert_eq!(notes.len(), 4, "{}", j.stdout);
    assert_eq!(notes[0]["path"], "content/practices/ref-0.md");
    assert_eq!(notes[0]["line"], 5);
    assert!(notes[0]["message"].as_str().unwrap_or("").contains("refers to this record"));

    let (g, md) = s.check_github();
    let stdout = g.stdout;
    assert_eq!(stdout.matches("::error ").count(), 1, "{stdout}");
    assert_eq!(stdout.matches("::notice file=content/practices/ref-").count(), 4, "{stdout}");
    assert_eq!(md.matches("<br>note: `content/practices/ref-").count(), 4, "{md}");
}

#[test]
fn fixing_the_id_leaves_no_error_and_a_missing_record_is_still_an_error() {
    let s = site();
    s.write(
        "content/practices/eu-gdpr.md",
        "---\ntitle: GDPR\nsummary: Data protection.\narea: customs\n---\n",
    );
    s.write(
        "content/practices/ref-3.md",
        "---\ntitle: Ref 3\nsummary: Refers.\narea: customs\n---\n",
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // A reference to a record nobody tried to write stays an error.
    s.write(
        "content/practices/ref-9.md",
        "---\ntitle: Ref 9\nsummary: Refers.\narea: customs\nrelated: [practices/nope]\n---\n",
    );
    let r = s.run(&["check"]);
    assert_eq!(r.errors().len(), 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("`practices/nope` in `related` names no existing record"),
        "{}",
        r.stderr
    );
}
