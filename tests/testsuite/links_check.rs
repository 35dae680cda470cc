//! `check` (and `build`, which validates alike) refuses body links to
//! pages the build does not publish, Zola's `@/` links to no collection,
//! and says every alias problem of a record in one run; a link to a file
//! another record's page bundle publishes passes.

use crate::support::Site;

fn site() -> Site {
    let s = Site::minimal();
    s.write(
        "book.toml",
        "[book]\ntitle = \"Test\"\nlanguages = [\"en\", \"fr\"]\nbase-url = \"https://example.org/\"\n\n[build]\npaginate = 1\n",
    );
    s.write(
        "content/practices/e-payments/index.md",
        "---\ntitle: E-payments\nsummary: Paying online.\narea: payments\n---\n\n![Flow](flow.svg)\n",
    );
    s.write("content/practices/e-payments/flow.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    s
}

fn record(s: &Site, body: &str) {
    s.write(
        "content/practices/links.md",
        &format!("---\ntitle: Links\nsummary: Links.\narea: customs\n---\n\n{body}\n"),
    );
}

/// The diagnostic line at `prefix` (`path:line:col: severity:`) and its help.
fn at<'a>(stderr: &'a str, prefix: &str) -> &'a str {
    let start = stderr.find(prefix).unwrap_or_else(|| panic!("{prefix}:\n{stderr}"));
    let rest = &stderr[start..];
    let end = rest.match_indices('\n').nth(1).map_or(rest.len(), |(i, _)| i);
    &rest[..end]
}

#[test]
fn root_paths_to_pages_the_build_does_not_write_are_errors() {
    let s = site();
    record(
        &s,
        "[f](/practices/single-window/nope/) [g](/topics/nope/) [h](/countries/zzz/)\n\
         [j](/practices/page/9/) [ee](/Practices/) [k](/fr/practices/page/1/) [l](/countries/FRA/)\n\
         [m](/search/x/)",
    );
    for args in [&["check"][..], &["build"]] {
        let r = s.run(args);
        assert_eq!(r.code, 1, "{}", r.stderr);
    }
    let r = s.run(&["check"]);
    let e = r.stderr.as_str();
    let f = "content/practices/links.md";
    assert!(
        at(e, &format!("{f}:7:1: error:"))
            .contains("folder of `practices/single-window` holds its page")
    );
    assert!(at(e, &format!("{f}:7:37: error:")).contains("names no term `nope` of `topics`"));
    assert!(at(e, &format!("{f}:7:56: error:")).contains("`zzz` is no ISO 3166 alpha-3 code"));
    // Three records on pages of one: page 9 is past the last.
    let j = at(e, &format!("{f}:8:1: error:"));
    assert!(j.contains("page 9 of the `practices` listing, which has 3 page(s)"), "{j}");
    assert!(j.contains("help: link the listing's first page, /practices/"), "{j}");
    assert!(at(e, &format!("{f}:8:25: error:")).contains("help: did you mean /practices/?"));
    assert!(at(e, &format!("{f}:8:43: error:")).contains("help: link /fr/practices/"));
    assert!(at(e, &format!("{f}:8:70: error:")).contains("help: did you mean /countries/fra/?"));
    assert!(at(e, &format!("{f}:9:1: error:")).contains("nothing below /search/"));
    assert_eq!(r.errors().len(), 8, "{e}");
}

#[test]
fn root_paths_to_pages_the_build_writes_pass() {
    let s = site();
    s.write("static/about/index.html", "<!doctype html><title>About</title>");
    record(
        &s,
        "[a](/practices/) [b](/practices/page/3/) [c](/fr/practices/page/2/) [d](/topics/trade/)\n\
         [e](/countries/ken/) [f](/countries/) [g](/search/) [h](/compare/) [i](/fr/)\n\
         [j](/practices/single-window/page/2/) [k](/about/) [l](/404.html) [m](/topics/)\n\
         [u](/practices/e-payments/flow.svg)",
    );
    let r = s.run(&["check", "--strict"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.errors().is_empty(), "{}", r.stderr);
}

#[test]
fn zola_links_to_no_collection_say_what_to_write() {
    let s = site();
    record(
        &s,
        "[home](@/) [z](@/_index.md) [t](@/topics/trade) [c](@/countries/KEN)\n\
         [fr](@/fr/practices/single-window) [case](@/practices/Single-Window)",
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let e = r.stderr.as_str();
    let f = "content/practices/links.md";
    // Zola's home page links each language's home.
    assert!(!e.contains(&format!("{f}:7:1:")) && !e.contains(&format!("{f}:7:12:")), "{e}");
    let t = at(e, &format!("{f}:7:29: error:"));
    assert!(t.contains("names no collection `topics`"), "{t}");
    assert!(
        t.contains("help: link the term's page from the site's root: [text](/topics/trade/)"),
        "{t}"
    );
    assert!(at(e, &format!("{f}:7:49: error:")).contains("[text](/countries/ken/)"));
    let fr = at(e, &format!("{f}:8:1: error:"));
    assert!(
        fr.contains("`@/fr/practices/single-window` in the body names no collection `fr`"),
        "{fr}"
    );
    assert!(fr.contains("write /fr/practices/single-window/"), "{fr}");
    let case = at(e, &format!("{f}:8:36: error:"));
    assert!(case.contains("did you mean `practices/single-window`?"), "{case}");
    assert_eq!(r.errors().len(), 4, "{e}");
    record(&s, "[home](@/) [z](@/_index.md#top)");
    assert_eq!(s.run(&["build"]).code, 0);
    let en = s.read("site/practices/links/index.html");
    assert!(en.contains("<a href=\"../../index.html\">home</a>"), "{en}");
    assert!(en.contains("<a href=\"../../index.html#top\">z</a>"), "{en}");
    let fr = s.read("site/fr/practices/links/index.html");
    assert!(fr.contains("<a href=\"../../../fr/index.html\">home</a>"), "{fr}");
}

#[test]
fn every_alias_problem_of_a_record_is_said_in_one_run() {
    let s = site();
    s.write(
        "content/practices/old.md",
        "---\ntitle: Old\nsummary: O.\narea: customs\naliases: [practices/E-Payments/, \
         fr/old/, robots.txt, feed.xml, 404.html, assets/x.css, practices/page/2/, \
         .well-known/x.html, old-name/]\n---\n\nText.\n",
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let lines: Vec<&str> =
        r.errors().into_iter().filter(|l| l.starts_with("content/practices/old.md:5:")).collect();
    assert_eq!(lines.len(), 8, "{}", r.stderr);
    assert!(lines[0].contains(
        "`practices/E-Payments/index.html` is taken: it is the page of `practices/e-payments`"
    ));
    assert!(lines[7].contains("`.well-known/x.html` is no alias"));
    assert_eq!(r.stderr.matches("\n  help: ").count(), 8, "{}", r.stderr);
    // Once that one is fixed, no more are found: none was held back.
    let fixed = s.read("content/practices/old.md").replace(", .well-known/x.html", "");
    s.write("content/practices/old.md", &fixed);
    let again = s.run(&["check"]);
    assert_eq!(again.errors().len(), 7, "{}", again.stderr);
}

#[test]
fn a_root_path_nothing_writes_is_a_warning_unless_an_alias_owns_it() {
    let s = site();
    s.write(
        "content/practices/single-window.md",
        "---\ntitle: Single window\nsummary: One place.\narea: customs\naliases: [old-window/]\n---\n\nText.\n",
    );
    record(&s, "[a](/no-such-page/) [b](/old-window/) [c](/fr/nope/)");
    let r = s.run(&["check"]);
    let e = r.stderr.as_str();
    let f = "content/practices/links.md";
    assert!(
        at(e, &format!("{f}:7:1: warning:")).contains("names no page the site publishes"),
        "{e}"
    );
    assert!(
        at(e, &format!("{f}:7:39: warning:")).contains("names no page the site publishes"),
        "{e}"
    );
    assert!(!e.contains(&format!("{f}:7:22:")), "{e}");
    assert_eq!(r.code, 0, "{e}");
    assert_eq!(s.run(&["check", "--strict"]).code, 1);
}
