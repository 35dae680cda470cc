//! Drafts (`draft: true`): checked like any record, left out of the site,
//! its index, feeds and datasets unless built with `--drafts`; a published
//! record may not refer to one; `serve` takes a record out when it becomes
//! a draft and keeps an edited draft out.

use compendium::serve::engine::{ChangeKind, Engine, Route};

use crate::serve::assert_same_as_fresh_build;
use crate::support::Site;

const DRAFT: &str = "content/practices/e-payments.md";

fn site() -> Site {
    let s = Site::minimal();
    s.write("book.toml", "[book]\ntitle = \"Test\"\nbase-url = \"https://example.org/\"\n");
    s.write(
        DRAFT,
        "---\ntitle: E-payments\nsummary: Paying duties online.\narea: payments\ndraft: true\n---\n\nMobile money for duties.\n",
    );
    s
}

#[test]
fn drafts_are_checked_but_not_published_unless_asked() {
    let s = site();
    let r = s.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!s.path().join("site/practices/e-payments").exists());
    for file in
        ["site/practices/index.html", "site/feed.xml", "site/sitemap.xml", "site/data/records.json"]
    {
        assert!(!s.read(file).contains("e-payments"), "{file}");
    }
    let found = s.run(&["search", "mobile money"]);
    assert!(!found.stdout.contains("E-payments"), "{}", found.stdout);
    // `cite` says why there is nothing to cite.
    let cite = s.run(&["cite", "practices/e-payments"]);
    assert_eq!(cite.code, 2, "{}", cite.stderr);
    assert!(cite.stderr.contains("it is a draft (`draft: true`)"), "{}", cite.stderr);
    // Published on request; the build is not "up to date" from the last.
    let r = s.run(&["build", "--drafts"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("up to date"), "{}", r.stderr);
    let page = s.read("site/practices/e-payments/index.html");
    assert!(page.contains("class=\"notice draft-notice\""), "the page says it is a draft");
    assert!(!s.read("site/practices/single-window/index.html").contains("draft-notice"));
    assert!(s.run(&["search", "mobile money"]).stdout.contains("E-payments"));
    // A draft's own mistakes are reported all the same.
    s.write(DRAFT, &s.read(DRAFT).replace("area: payments", "area: paymnets"));
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("content/practices/e-payments.md:4:7: error:"), "{}", r.stderr);
}

#[test]
fn a_published_record_may_not_refer_to_a_draft() {
    let s = site();
    s.write(
        "content/practices/customs.md",
        "---\ntitle: Customs\nsummary: Borders.\narea: customs\nbasis: [e-payments]\n---\n\nSee [payments](@/practices/e-payments).\n",
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let errors: Vec<&str> = r.errors().into_iter().filter(|l| l.contains("is a draft")).collect();
    assert_eq!(errors.len(), 2, "{}", r.stderr);
    assert!(errors[0].starts_with("content/practices/customs.md:5:9: error:"), "{errors:?}");
    assert!(errors[1].starts_with("content/practices/customs.md:8:5: error:"), "{errors:?}");
    assert!(r.stderr.contains("`build --drafts`"), "{}", r.stderr);
    // Published with it, or from another draft, it is fine.
    assert_eq!(s.run(&["check", "--drafts"]).code, 0);
    assert_eq!(s.run(&["build", "--drafts"]).code, 0);
    s.write(
        "content/practices/customs.md",
        &s.read("content/practices/customs.md").replace("basis:", "draft: true\nbasis:"),
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn serve_takes_a_record_out_when_it_becomes_a_draft() {
    let s = site();
    let root = s.path();
    let (mut engine, outcome) = Engine::start(root);
    assert!(!outcome.has_errors(), "{:?}", outcome.diagnostics);
    let single = "content/practices/single-window.md";
    // Edited while a draft: checked, still out, the fast way.
    s.write(DRAFT, &s.read(DRAFT).replace("Mobile money", "Mobile wallets"));
    let o = engine.apply(&[ChangeKind::Record(root.join(DRAFT))]);
    assert!(!o.has_errors(), "{:?}", o.diagnostics);
    assert_eq!(o.route, Route::Fast);
    assert!(!root.join("site/practices/e-payments").exists());
    assert_same_as_fresh_build(root, engine.site(), "draft edited");
    // A published record made a draft leaves the site.
    s.write(single, &s.read(single).replace("area: customs", "area: customs\ndraft: true"));
    let o = engine.apply(&[ChangeKind::Record(root.join(single))]);
    assert!(!o.has_errors(), "{:?}", o.diagnostics);
    assert!(!root.join("site/practices/single-window").exists());
    assert_same_as_fresh_build(root, engine.site(), "made a draft");
    // Published again, it is back.
    s.write(single, &s.read(single).replace("draft: true\n", ""));
    let o = engine.apply(&[ChangeKind::Record(root.join(single))]);
    assert!(!o.has_errors(), "{:?}", o.diagnostics);
    assert!(root.join("site/practices/single-window/index.html").is_file());
    assert_same_as_fresh_build(root, engine.site(), "published again");
    // With --drafts, drafts are pages.
    let (engine, outcome) = Engine::start_with(root, true);
    assert!(!outcome.has_errors(), "{:?}", outcome.diagnostics);
    assert!(engine.site().expect("site").records.keys().any(|k| &*k.id == "e-payments"));
}
