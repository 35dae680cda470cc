//! `aliases`: a record's earlier addresses, each a page in every site
//! language that sends readers on to the record's page (Hugo's and Zola's
//! `aliases`); bad and taken ones are errors at their place; `serve`
//! writes and removes them as a build would.

use crate::support::Site;

fn site() -> Site {
    let s = Site::minimal();
    s.write("book.toml", "[book]\ntitle = \"T\"\nlanguages = [\"en\", \"fr\"]\n");
    s.write(
        "content/practices/single-window.md",
        "---\ntitle: Single window\nsummary: S.\narea: customs\naliases: [practices/one-window/, /old.html]\n---\nText.\n",
    );
    s
}

#[test]
fn an_alias_is_a_page_sending_readers_on_in_every_language() {
    let s = site();
    let run = s.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let en = s.read("site/practices/one-window/index.html");
    assert!(
        en.contains(
            "<meta http-equiv=\"refresh\" content=\"0; url=../../practices/single-window/index.html\">"
        ),
        "{en}"
    );
    assert!(
        en.contains("<link rel=\"canonical\" href=\"../../practices/single-window/index.html\">")
    );
    assert!(en.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(en.contains("<title>Single window</title>"));
    let fr = s.read("site/fr/old.html");
    assert!(fr.contains("url=../fr/practices/single-window/index.html\""), "{fr}");
    // Not a page of the site: neither in the sitemap nor searched.
    s.write("book.toml", "[book]\ntitle = \"T\"\nbase-url = \"https://example.org/kb/\"\n");
    assert_eq!(s.run(&["build"]).code, 0);
    let en = s.read("site/practices/one-window/index.html");
    assert!(
        en.contains(
            "<link rel=\"canonical\" href=\"https://example.org/kb/practices/single-window/\">"
        ),
        "{en}"
    );
    assert!(!s.read("site/sitemap.xml").contains("one-window"));
    assert!(!s.path().join("site/fr").exists());
}

#[test]
fn bad_and_taken_aliases_are_errors_at_their_place() {
    let s = site();
    s.write(
        "content/practices/other.md",
        "---\ntitle: Other\nsummary: S.\narea: customs\naliases: [practices/single-window/, search/, practices/page/2/, fr/x/, \"a b\", \"https://x.org/y\", practices/one-window]\n---\n",
    );
    s.write(
        "content/practices/third.md",
        "---\ntitle: Third\nsummary: S.\narea: customs\naliases: old-page\n---\n",
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for want in [
        "other.md:5:72: error: `a b` is no alias: a path has no spaces",
        "other.md:5:79: error: `https://x.org/y` is no alias: an alias is a path on this site, not an address",
        "third.md:5:10: error: `aliases` must be a list of paths, not text\n  help: write it as a list: `aliases: [old-page]`",
    ] {
        assert!(r.stderr.contains(want), "missing {want:?} in\n{}", r.stderr);
    }
    // Once each is a path, what it would replace.
    s.write(
        "content/practices/other.md",
        "---\ntitle: Other\nsummary: S.\narea: customs\naliases: [practices/single-window/, search/, practices/page/2/, fr/x/, practices/one-window]\n---\n",
    );
    s.write("content/practices/third.md", "---\ntitle: Third\nsummary: S.\narea: customs\n---\n");
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for want in [
        "other.md:5:11: error: the alias `practices/single-window/index.html` is taken: it is the page of `practices/single-window`",
        "other.md:5:37: error: the alias `search/index.html` is taken: the build writes the folder `search/`",
        "other.md:5:46: error: the alias `practices/page/2/index.html` is taken: the listing of `practices` is written there",
        "other.md:5:65: error: the alias `fr/x/index.html` is taken: `fr/` holds the pages in that language",
        "single-window.md:5:11: error: the alias `practices/one-window/index.html` is taken: `practices/other` has it too",
    ] {
        assert!(r.stderr.contains(want), "missing {want:?} in\n{}", r.stderr);
    }
}

/// An alias naming a file the build writes at the top (`feed.xml/` would
/// be a folder there) or a static file's place is found by `check`, not
/// first by a build that cannot write it.
#[test]
fn aliases_over_generated_and_static_files_are_found_by_check() {
    let s = site();
    s.write(
        "content/practices/other.md",
        "---\ntitle: Other\nsummary: S.\narea: customs\naliases: [feed.xml, favicon.ico, sitemap-index.xml]\n---\n",
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for file in ["feed.xml", "favicon.ico", "sitemap-index.xml"] {
        let want = format!("the alias `{file}/index.html` is taken: the build writes `{file}`");
        assert!(r.stderr.contains(&want), "missing {want:?} in\n{}", r.stderr);
    }
    s.write("content/practices/other.md", "---\ntitle: Other\nsummary: S.\narea: customs\n---\n");
    s.write("static/old.html", "mine");
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("static/old.html:1:1: error: this static file is where the build writes the redirect of an alias of `practices/single-window`"),
        "{}",
        r.stderr
    );
    assert_eq!(s.run(&["build"]).code, 1);
}

/// An alias into a record's page folder (where a page bundle's files are
/// published) is taken; and a record whose links are broken has its
/// aliases checked in the same run, not after the links are mended.
#[test]
fn aliases_into_a_page_folder_and_of_a_record_with_broken_links_are_said_at_once() {
    let s = site();
    s.write(
        "content/practices/bun/index.md",
        "---\ntitle: Bun\nsummary: S.\narea: customs\n---\n![f](f.svg)\n",
    );
    s.write("content/practices/bun/f.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    s.write(
        "content/practices/other.md",
        "---\ntitle: Other\nsummary: S.\narea: customs\naliases: [/practices/bun/f.svg, /search/]\n---\n[x](@/practices/nope)\n",
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for want in [
        "other.md:5:11: error: the alias `practices/bun/f.svg/index.html` is taken: it is inside the folder of `practices/bun`'s page",
        "the alias `search/index.html` is taken",
        "`practices/nope` in `body` names no existing record",
    ] {
        assert!(r.stderr.contains(want), "missing {want:?} in\n{}", r.stderr);
    }
}

/// A page bundle's file over the size a published file may have is said
/// by `check`, at the file, as a static file's is.
#[test]
fn a_page_bundle_file_too_large_to_publish_is_said_by_check() {
    let s = site();
    s.write(
        "content/practices/bun/index.md",
        "---\ntitle: Bun\nsummary: S.\narea: customs\n---\nText.\n",
    );
    let big =
        std::fs::File::create(s.path().join("content/practices/bun/video.mp4")).expect("create");
    big.set_len(compendium::core::confine::MAX_STATIC_BYTES + 1).expect("sparse file");
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "content/practices/bun/video.mp4:1:1: error: this page bundle's file is larger than"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn serve_writes_and_removes_alias_pages_as_a_build_would() {
    use compendium::serve::engine::{ChangeKind, Engine};
    let s = site();
    let root = s.path();
    let (mut engine, outcome) = Engine::start(root);
    assert!(!outcome.has_errors(), "{:?}", outcome.diagnostics);
    assert!(root.join("site/fr/practices/one-window/index.html").is_file());
    let record = root.join("content/practices/single-window.md");
    std::fs::write(
        &record,
        "---\ntitle: Single window\nsummary: S.\narea: customs\naliases: [practices/sw/]\n---\nText.\n",
    )
    .expect("write");
    let o = engine.apply(&[ChangeKind::Record(record)]);
    assert!(!o.has_errors(), "{:?}", o.diagnostics);
    crate::serve::assert_same_as_fresh_build(root, engine.site(), "an alias renamed");
    assert!(root.join("site/practices/sw/index.html").is_file());
    assert!(!root.join("site/practices/one-window").exists());
    assert!(!root.join("site/old.html").exists());
}

/// What Windows and macOS cannot keep apart or create: an alias that is
/// a page of the site in other letters (`Search/`, `INDEX.HTML`), two
/// records' aliases differing in case alone, a device name, a name ending
/// in `.`, a right-to-left override; and a record id Windows reserves.
#[test]
fn aliases_and_ids_that_windows_or_macos_would_lose_are_errors() {
    let s = site();
    s.write(
        "content/practices/other.md",
        "---\ntitle: Other\nsummary: S.\narea: customs\naliases: [Search/, INDEX.HTML, Practices/Single-Window/, Moved/]\n---\n",
    );
    s.write(
        "content/practices/third.md",
        "---\ntitle: Third\nsummary: S.\narea: customs\naliases: [moved/]\n---\n",
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for want in [
        "the alias `Search/index.html` is taken: the build writes the folder `search/`",
        "the alias `INDEX.HTML` is taken: the build writes `index.html`",
        "the alias `Practices/Single-Window/index.html` is taken: it is the page of `practices/single-window`",
        "the alias `moved/index.html` is taken: `practices/other` has `Moved/index.html`, the same path where case is not told apart",
    ] {
        assert!(r.stderr.contains(want), "missing {want:?} in\n{}", r.stderr);
    }
    s.write(
        "content/practices/other.md",
        "---\ntitle: Other\nsummary: S.\narea: customs\naliases: [nul/, com1.txt, a./, \"x\\u202Ey/\"]\n---\n",
    );
    s.write("content/practices/con.md", "---\ntitle: Con\nsummary: S.\narea: customs\n---\n");
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for want in [
        "`nul/` is no alias: it names a folder or file as a device that Windows reserves",
        "`com1.txt` is no alias: it names a folder or file as a device that Windows reserves",
        "`a./` is no alias: no folder or file name in it ends in `.`",
        "is no alias: a path has no spaces, invisible characters",
        "con.md:1:1: error: the file name `con` is a device name that Windows reserves",
    ] {
        assert!(r.stderr.contains(want), "missing {want:?} in\n{}", r.stderr);
    }
}
