//! `static/`: its files are published as they are at the site's root
//! (Hugo's and Zola's), rebuilt when they change, refused where the build
//! writes a file itself; body links to files are checked against it.

use compendium::serve::engine::{ChangeKind, Engine, Route};

use crate::support::Site;

fn site() -> Site {
    let s = Site::minimal();
    s.write("book.toml", "[book]\ntitle = \"Test\"\nlanguages = [\"en\", \"fr\"]\nbase-url = \"https://example.org/kb/\"\n");
    s.write("static/CNAME", "kb.example.org\n");
    s.write("static/.nojekyll", "");
    s.write("static/.well-known/security.txt", "Contact: mailto:a@example.org\n");
    s.write("static/images/map.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    s.write("static/.DS_Store", "junk");
    s.write("static/images/map.svg~", "editor backup");
    s
}

#[test]
fn static_files_are_published_at_the_site_root() {
    let s = site();
    let r = s.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = s.path().join("site");
    assert_eq!(s.read("site/CNAME"), "kb.example.org\n");
    for f in [".nojekyll", ".well-known/security.txt", "images/map.svg"] {
        assert!(out.join(f).is_file(), "{f}");
    }
    for f in [".DS_Store", "images/map.svg~"] {
        assert!(!out.join(f).exists(), "{f}");
    }
    // A changed static file is a change: the build is not up to date.
    s.write("static/CNAME", "docs.example.org\n");
    let r = s.run(&["build"]);
    assert!(!r.stderr.contains("up to date"), "{}", r.stderr);
    assert_eq!(s.read("site/CNAME"), "docs.example.org\n");
}

#[test]
fn a_static_file_where_the_build_writes_is_an_error() {
    let s = site();
    assert_eq!(s.run(&["build"]).code, 0);
    s.write("static/index.html", "<p>mine</p>");
    s.write("static/fr/feed.xml", "<feed/>");
    s.write("static/search/meta.js", "x");
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for f in ["`static/index.html`", "`static/fr/feed.xml`", "`static/search/meta.js`"] {
        assert!(r.stderr.contains(f), "{f}: {}", r.stderr);
    }
    assert!(r.stderr.contains("would replace a file the build writes"), "{}", r.stderr);
    assert!(!r.stderr.contains("robots.txt"), "{}", r.stderr);
    // The previous site is as it was.
    assert!(!s.read("site/index.html").contains("mine"));
    // `check` finds them too, each at its file.
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for f in [
        "static/index.html:1:1: error:",
        "static/fr/feed.xml:1:1: error:",
        "static/search/meta.js:1:1: error:",
    ] {
        assert!(r.errors().iter().any(|l| l.starts_with(f)), "{f}: {}", r.stderr);
    }
}

#[cfg(unix)]
#[test]
fn a_static_link_into_the_build_folder_is_refused() {
    let s = site();
    assert_eq!(s.run(&["build"]).code, 0);
    std::os::unix::fs::symlink(s.path().join("site"), s.path().join("static/mirror"))
        .expect("link");
    for cmd in ["check", "build"] {
        let r = s.run(&[cmd]);
        assert_eq!(r.code, 1, "{cmd}: {}", r.stderr);
        assert!(r.stderr.contains("links into the build or index folder"), "{cmd}: {}", r.stderr);
    }
}

#[test]
fn body_links_to_files_are_checked_against_static_and_the_theme() {
    let s = site();
    s.write("themes/mine/assets/logo.png", "png");
    s.write("static/my files/a b.png", "png");
    s.write(
        "book.toml",
        "[book]\ntitle = \"Test\"\nbase-url = \"https://example.org/kb/\"\n[build]\ntheme = \"mine\"\n",
    );
    s.write(
        "content/practices/e-payments.md",
        "---\ntitle: E-payments\nsummary: Paying online.\narea: payments\n---\n\n\
         ![Map](/images/map.svg) ![Logo](/assets/logo.png) ![Style](/assets/style.css)\n\
         [Data](/data/records.json) [Feed](/feed.xml)\n\
         ![Chart](/images/chart.png) [Report](/files/report.pdf)\n\n\
         ![Spaced](/my%20files/a%20b.png)\n",
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let w: Vec<&str> =
        r.errors().into_iter().filter(|l| l.contains("names no file the site publishes")).collect();
    assert_eq!(w.len(), 2, "{}", r.stderr);
    assert!(
        w[0].starts_with("content/practices/e-payments.md:9:1: warning: `/images/chart.png`"),
        "{w:?}"
    );
    assert!(
        w[1].starts_with("content/practices/e-payments.md:9:29: warning: `/files/report.pdf`"),
        "{w:?}"
    );
    assert!(r.stderr.contains("put the file at `static/files/report.pdf`"), "{}", r.stderr);
}

#[test]
fn serve_copies_static_files_as_they_change() {
    let s = site();
    let root = s.path();
    let (mut engine, outcome) = Engine::start(root);
    assert!(!outcome.has_errors(), "{:?}", outcome.diagnostics);
    assert!(root.join("site/CNAME").is_file());
    s.write("static/files/report.pdf", "%PDF");
    let o = engine.apply(&[ChangeKind::Config]);
    assert!(!o.has_errors(), "{:?}", o.diagnostics);
    assert_eq!(o.route, Route::Full);
    assert!(root.join("site/files/report.pdf").is_file());
    std::fs::remove_file(root.join("static/CNAME")).expect("remove");
    let o = engine.apply(&[ChangeKind::Config]);
    assert!(!o.has_errors(), "{:?}", o.diagnostics);
    assert!(!root.join("site/CNAME").exists());
    // A static file's problem is filed under `static`, not the theme.
    s.write("static/index.html", "<p>mine</p>");
    let o = engine.apply(&[ChangeKind::Config]);
    let d = o.diagnostics.iter().find(|d| d.message.contains("static/index.html")).expect("said");
    assert_eq!(d.path, "static", "{d:?}");
    assert!(!d.help.as_deref().unwrap_or("").contains("theme"), "{d:?}");
}
