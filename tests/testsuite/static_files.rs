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
    // A file inside a folder only the build writes, where no file of its
    // goes yet, is refused too (`check` always said so; `build` wrote it).
    s.write("static/search/extra.js", "x");
    // `check` and `build` name each at its file, all in one run; one
    // symbolic link refused in `static/` hides none of the others.
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/passwd", s.path().join("static/leak.txt")).expect("link");
    let files = [
        "static/index.html:1:1: error:",
        "static/fr/feed.xml:1:1: error:",
        "static/search/meta.js:1:1: error:",
        "static/search/extra.js:1:1: error:",
    ];
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for f in files {
        assert!(r.errors().iter().any(|l| l.starts_with(f)), "{f}: {}", r.stderr);
    }
    #[cfg(unix)]
    {
        assert!(r.stderr.contains("static/leak.txt:1:1: error:"), "{}", r.stderr);
        std::fs::remove_file(s.path().join("static/leak.txt")).expect("unlink");
    }
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for f in files {
        assert!(r.errors().iter().any(|l| l.starts_with(f)), "{f}: {}", r.stderr);
    }
    assert!(r.stderr.contains("would replace a file or folder the build writes"), "{}", r.stderr);
    assert!(r.stderr.contains("build failed: 4 error(s)"), "{}", r.stderr);
    assert!(!r.stderr.contains("robots.txt"), "{}", r.stderr);
    // The previous site is as it was.
    assert!(!s.read("site/index.html").contains("mine"));
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
        assert!(
            r.stderr.contains(
                "static/mirror:1:1: error: the link points into the build or index folder"
            ),
            "{cmd}: {}",
            r.stderr
        );
    }
}

/// A theme's broken templates and `static/`'s refused files are reported
/// in one run, each at its own file (a pull request's annotations land
/// on the files it changed).
#[test]
fn theme_and_static_problems_are_reported_together_at_their_files() {
    let s = site();
    s.write("book.toml", "[book]\ntitle = \"Test\"\n[build]\ntheme = \"mine\"\n");
    s.write("themes/mine/country.html", "{% if x %}unclosed");
    s.write("themes/mine/record.html", "{{ page.title | nosuchfilter }}");
    std::os::unix::fs::symlink("/etc/passwd", s.path().join("static/pw.txt")).expect("link");
    std::fs::create_dir(s.path().join("site")).expect("site");
    std::os::unix::fs::symlink(s.path().join("site"), s.path().join("static/mirror"))
        .expect("link");
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for at in [
        "themes/mine/country.html:1:19: error: the template does not parse",
        "themes/mine/record.html:1:17: error: the filter `nosuchfilter` does not exist",
        "static/pw.txt:1:1: error: the symbolic link is not followed",
        "static/mirror:1:1: error: the link points into the build or index folder",
    ] {
        assert!(r.stderr.contains(at), "{at}\n{}", r.stderr);
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

/// A page bundle, as Hugo and Zola have them: `practices/e-payments/index.md`
/// is the record `e-payments` (its translation `index.fr.md`), and the
/// files beside it are published beside its page, where the body's
/// relative addresses find them from every language's page.
fn bundle_site() -> Site {
    let s = site();
    s.write(
        "content/practices/e-payments/index.md",
        "---\ntitle: E-payments\nsummary: Paying online.\narea: payments\n---\n\n\
         ![Flow](flow.svg) [Report](files/report.pdf) ![Lost](lost.png)\n",
    );
    s.write(
        "content/practices/e-payments/index.fr.md",
        "---\ntitle: Paiements\n---\n\n![Flux](flow.svg)\n",
    );
    s.write("content/practices/e-payments/flow.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    s.write("content/practices/e-payments/files/report.pdf", "%PDF");
    s.write("content/practices/e-payments/_notes.txt", "editors only");
    s.write("content/practices/e-payments/.DS_Store", "junk");
    s
}

#[test]
fn a_page_bundle_is_a_record_named_by_its_folder_with_its_files_beside_its_page() {
    let s = bundle_site();
    let r = s.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("check passed: 2 records"), "{}", r.stderr);
    // The files it holds are no strays; a missing one is said, once.
    assert!(!r.stderr.contains("is not a record and is ignored"), "{}", r.stderr);
    let w: Vec<&str> = r.errors().into_iter().filter(|l| l.contains(": warning:")).collect();
    assert_eq!(w.len(), 1, "{}", r.stderr);
    assert!(w[0].starts_with("content/practices/e-payments/index.md:7:46:"), "{w:?}");
    assert!(
        r.stderr.contains("put the file at `content/practices/e-payments/lost.png`"),
        "{}",
        r.stderr
    );
    assert!(w[0].contains("`lost.png`"), "{w:?}");
    assert_eq!(s.run(&["build"]).code, 0);
    assert_eq!(s.read("site/practices/e-payments/files/report.pdf"), "%PDF");
    assert!(s.path().join("site/practices/e-payments/flow.svg").is_file());
    for f in ["_notes.txt", ".DS_Store", "index.md", "index.fr.md"] {
        assert!(!s.path().join("site/practices/e-payments").join(f).exists(), "{f}");
    }
    // Each language's page finds the one copy.
    assert!(
        s.read("site/practices/e-payments/index.html")
            .contains("src=\"../../practices/e-payments/flow.svg\"")
    );
    let fr = s.read("site/fr/practices/e-payments/index.html");
    assert!(fr.contains("Paiements"), "{fr}");
    assert!(fr.contains("src=\"../../../practices/e-payments/flow.svg\""), "{fr}");
}

#[test]
fn a_page_bundles_index_html_is_refused_and_two_bundles_do_not_clash() {
    let s = bundle_site();
    s.write(
        "content/practices/single-window/index.md",
        "---\ntitle: Single window, again\nsummary: A bundle.\narea: customs\n---\n\nText.\n",
    );
    s.write(
        "content/practices/other/index.md",
        "---\ntitle: Other\nsummary: Another bundle.\narea: customs\n---\n\nText.\n",
    );
    s.write("content/practices/other/index.html", "<p>mine</p>");
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let e: Vec<&str> = r.errors().into_iter().filter(|l| l.contains(": error:")).collect();
    // The bundle `single-window` meets the record file of that name (said
    // at both, which of them is new being unknown); the bundles
    // `e-payments` and `other` meet nothing.
    assert_eq!(e.len(), 3, "{}", r.stderr);
    assert!(r.stderr.contains("content/practices/other/index.html:1:1: error: a page bundle's `index.html` would replace its record's page"), "{}", r.stderr);
    assert!(r.stderr.contains("content/practices/single-window/index.md:1:1: error: the id `single-window` is also used by content/practices/single-window.md"), "{}", r.stderr);
}

/// A page bundle is a contributor's folder published on the site's own
/// address: a page in it, or a drawing with a script, would run as the
/// site, so `check` refuses them where the script is; a plain drawing
/// is published as it is.
#[test]
fn a_page_bundles_pages_and_scripted_drawings_are_refused() {
    let s = bundle_site();
    let dir = "content/practices/e-payments";
    s.write(&format!("{dir}/evil.html"), "<script>alert(document.cookie)</script>");
    s.write(
        &format!("{dir}/files/x.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <rect onload=\"alert(2)\"/>\n</svg>",
    );
    s.write(
        &format!("{dir}/map.xml"),
        "<x>\n<h:script xmlns:h=\"http://www.w3.org/1999/xhtml\">alert(1)</h:script></x>",
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for at in [
        "content/practices/e-payments/evil.html:1:1: error: a `.html` file in a page bundle",
        "content/practices/e-payments/files/x.svg:2:9: error: it holds an event handler (`onload`)",
        "content/practices/e-payments/map.xml:2:1: error: it holds a `<script>` element",
    ] {
        assert!(r.stderr.contains(at), "{at}\n{}", r.stderr);
    }
    assert!(r.stderr.contains("most drawing programs export a plain SVG"), "{}", r.stderr);
    assert_eq!(s.run(&["build"]).code, 1);
    assert!(!s.path().join("site/practices/e-payments/evil.html").exists());
}

#[test]
fn serve_publishes_a_page_bundles_files_as_they_come_and_go() {
    let s = bundle_site();
    let root = s.path();
    let (mut engine, outcome) = Engine::start(root);
    assert!(!outcome.has_errors(), "{:?}", outcome.diagnostics);
    assert!(root.join("site/practices/e-payments/flow.svg").is_file());
    // A new file of a bundle.
    s.write("content/practices/e-payments/lost.png", "png");
    let o = engine.apply(&[ChangeKind::Config]);
    assert!(!o.has_errors(), "{:?}", o.diagnostics);
    assert!(root.join("site/practices/e-payments/lost.png").is_file());
    // A new bundle, saved alone, takes the full path and brings its files.
    s.write("content/practices/kiosk/photo.jpg", "jpg");
    let index = root.join("content/practices/kiosk/index.md");
    s.write(
        "content/practices/kiosk/index.md",
        "---\ntitle: Kiosk\nsummary: A kiosk.\narea: customs\n---\n\n![Photo](photo.jpg)\n",
    );
    let o = engine.apply(&[ChangeKind::Record(index.clone())]);
    assert!(!o.has_errors(), "{:?}", o.diagnostics);
    assert!(root.join("site/practices/kiosk/index.html").is_file());
    assert!(root.join("site/practices/kiosk/photo.jpg").is_file());
    // An edit of a known bundle's record keeps its files.
    s.write(
        "content/practices/kiosk/index.md",
        "---\ntitle: Kiosk two\nsummary: A kiosk.\narea: customs\n---\n\n![Photo](photo.jpg)\n",
    );
    let o = engine.apply(&[ChangeKind::Record(index.clone())]);
    assert!(!o.has_errors(), "{:?}", o.diagnostics);
    assert!(s.read("site/practices/kiosk/index.html").contains("Kiosk two"));
    assert!(root.join("site/practices/kiosk/photo.jpg").is_file());
    // A bundle that goes takes its files with it.
    std::fs::remove_file(&index).expect("remove");
    let o = engine.apply(&[ChangeKind::Record(index)]);
    assert!(!o.has_errors(), "{:?}", o.diagnostics);
    assert!(!root.join("site/practices/kiosk/index.html").exists());
    assert!(!root.join("site/practices/kiosk/photo.jpg").exists());
}

/// A file a publisher drops into the build folder (a `CNAME`, a folder of
/// PDFs) was deleted by the next build, which replaces the folder whole:
/// now `build` refuses, naming the files and pointing to `static/`, and
/// `--force` replaces the folder anyway.
#[test]
fn files_put_in_the_build_folder_are_not_deleted_silently() {
    let s = Site::minimal();
    assert_eq!(s.run(&["build"]).code, 0);
    // One in a folder only the build writes: the help does not send it to
    // `static/search/`, which is refused too.
    s.write("site/search/extra.js", "x");
    let r = s.run(&["build"]);
    assert!(
        r.stderr.contains("`static/files/extra.js` is published as `site/files/extra.js`"),
        "{}",
        r.stderr
    );
    std::fs::remove_file(s.path().join("site/search/extra.js")).expect("remove");
    s.write("site/CNAME", "kb.example.org\n");
    s.write("site/pdfs/annual-report.pdf", "%PDF-1.4");
    for _ in 0..2 {
        let r = s.run(&["build"]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(
            r.stderr.contains("site/CNAME:1:1: error: `site/CNAME`, `site/pdfs/annual-report.pdf`: not written by the build")
                && r.stderr.contains("`static/CNAME` is published as `site/CNAME`")
                && r.stderr.contains("build --force"),
            "{}",
            r.stderr
        );
        assert_eq!(s.read("site/pdfs/annual-report.pdf"), "%PDF-1.4");
    }
    // A content change does not slip past it either.
    s.write(
        "content/practices/second.md",
        "---\ntitle: Second\nsummary: Two.\narea: customs\n---\nMore.\n",
    );
    assert_eq!(s.run(&["build"]).code, 1);
    let r = s.run(&["build", "--force"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("removing 2 file(s)"), "{}", r.stderr);
    assert!(!s.path().join("site/CNAME").exists());
    assert_eq!(s.run(&["build"]).code, 0);
}

/// `static/` is the maintainers' own folder, published as it is: a page
/// or drawing with a script, a server's configuration or a program there
/// is published, but warned about at the file, so that `check --strict`
/// fails a pull request that adds one. A plain page (a site-verification
/// file) is no warning.
#[test]
fn scripts_server_files_and_programs_in_static_are_warned_about() {
    let s = site();
    s.write("static/google1234.html", "google-site-verification: google1234.html");
    s.write("static/about.html", "<!doctype html><title>About</title><p>Hello.</p>");
    s.write("static/evil.html", "<p>Hi</p>\n<script>fetch('/x?'+document.cookie)</script>");
    s.write(
        "static/images/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <rect onload=\"alert(1)\"/>\n</svg>",
    );
    s.write("static/a/link.html", "<a href=\"java&#x09;script:alert(1)\">x</a>");
    s.write("static/.htaccess", "AddType text/html .png\n");
    s.write("static/docs/Web.config", "<configuration/>");
    s.write("static/_headers", "/*\n  X-Frame-Options: ALLOWALL\n");
    s.write("static/_redirects", "/* https://evil.example 302\n");
    s.write("static/files/_redirects", "a copy, not read by the host");
    s.write("static/upload.php", "<?php system($_GET['c']);");
    let expected = [
        "static/evil.html:2:1: warning: it holds a `<script>` element: a browser runs it as the \
         site itself (with its cookies and storage) when the page is opened",
        "static/images/logo.svg:2:9: warning: it holds an event handler (`onload`): a browser \
         runs it as the site itself (with its cookies and storage) when the drawing is opened \
         on its own",
        "static/a/link.html:1:10: warning: it holds an address that runs a script or opens a \
         page (`javascript:`)",
        "static/.htaccess:1:1: warning: Apache reads `.htaccess` as the configuration of its \
         folder",
        "static/docs/Web.config:1:1: warning: IIS and Azure App Service read `web.config`",
        "static/_headers:1:1: warning: Netlify and Cloudflare Pages read `_headers`",
        "static/_redirects:1:1: warning: Netlify and Cloudflare Pages read `_redirects`",
        "static/upload.php:1:1: warning: a `.php` file is a program",
    ];
    let r = s.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let warned: Vec<&str> = r.errors().into_iter().filter(|l| l.contains(": warning:")).collect();
    for w in expected {
        assert!(warned.iter().any(|l| l.starts_with(w)), "{w}\n{}", r.stderr);
    }
    assert_eq!(warned.len(), expected.len(), "{}", r.stderr);
    assert!(r.stderr.contains("`static/` is published as it is, unchecked"), "{}", r.stderr);
    assert_eq!(s.run(&["check", "--strict"]).code, 1);
    // Published as they are, and said by `build` too.
    let b = s.run(&["build"]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    assert!(b.stderr.contains("static/evil.html:2:1: warning:"), "{}", b.stderr);
    assert!(b.stderr.contains("static/.htaccess:1:1: warning:"), "{}", b.stderr);
    assert!(s.read("site/evil.html").contains("<script>"));
    assert!(s.path().join("site/.htaccess").is_file());
    // A Netlify site's own `_headers` and `_redirects`, once reviewed, are
    // listed in book.toml and no longer fail `--strict`; the rest still do.
    s.write(
        "book.toml",
        "[book]\ntitle = \"Test\"\nlanguages = [\"en\", \"fr\"]\nbase-url = \"https://example.org/kb/\"\n[build]\nreviewed-static = [\"_headers\", \"/_redirects\"]\n",
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        !r.stderr.contains("static/_headers:") && !r.stderr.contains("static/_redirects:"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("static/evil.html:2:1: warning:"), "{}", r.stderr);
}

/// Every HTML file under `dir`, by path.
fn pages(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if entry.path().extension().is_some_and(|e| e == "html") {
            out.push(entry.path().to_path_buf());
        }
    }
    out
}

#[test]
fn pages_run_under_a_content_security_policy_of_self() {
    // A host's `script-src 'self'; style-src 'self'` blocks inline scripts
    // and styles: a listing's filters stayed hidden, the search form
    // unstyled. Data blocks (`application/json`) are not run, so allowed.
    let s = Site::minimal();
    s.write(
        "book.toml",
        "[book]\ntitle = \"T\"\nbase-url = \"https://example.org/kb/\"\nlanguages = [\"en\", \"fr\"]\n",
    );
    assert_eq!(s.run(&["build"]).code, 0);
    let inline_script = regex::Regex::new(r"<script(?:\s[^>]*)?>").expect("regex");
    let site = s.path().join("site");
    let all = pages(&site);
    assert!(all.len() > 10, "{all:?}");
    for page in all {
        let html = std::fs::read_to_string(&page).expect("read");
        for tag in inline_script.find_iter(&html).map(|m| m.as_str()) {
            assert!(
                tag.contains(" src=") || tag.contains("type=\"application/json\""),
                "{}: {tag}",
                page.display()
            );
        }
        assert!(!html.contains("<style"), "{}", page.display());
        assert!(!html.contains(" style=\""), "{}", page.display());
    }
    let has_js = s.read("site/assets/has-js.js");
    assert!(has_js.contains("className"), "{has_js}");
    let listing = s.read("site/practices/index.html");
    assert!(listing.contains("assets/has-js.js\"></script>"), "{listing}");
}

#[test]
fn a_static_file_where_a_bundle_file_alias_or_folder_goes_fails_check_as_build() {
    // Each passed `check` and failed the deploy's `build`, two with the
    // OS's "Is a directory" at a staging folder's path.
    let s = Site::minimal();
    s.write(
        "content/practices/e-payments/index.md",
        "---\ntitle: E-payments\nsummary: Paying online.\narea: payments\naliases: [CNAME]\n---\n\n![Flow](flow.svg)\n",
    );
    s.write("content/practices/e-payments/flow.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    s.write("static/practices/e-payments/flow.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    s.write("static/CNAME", "kb.example.org\n");
    s.write("static/topics", "a file where the topics folder goes\n");
    let check = s.run(&["check"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    for f in
        ["static/practices/e-payments/flow.svg:1:1:", "static/CNAME:1:1:", "static/topics:1:1:"]
    {
        assert!(check.stderr.contains(f), "{f}: {}", check.stderr);
    }
    let build = s.run(&["build"]);
    assert_eq!(build.code, 1, "{}", build.stderr);
    assert!(
        build.stderr.contains("would replace a file or folder the build writes"),
        "{}",
        build.stderr
    );
    assert!(!build.stderr.contains("Is a directory"), "{}", build.stderr);
    assert!(!build.stderr.contains(".site.tmp"), "{}", build.stderr);
}
