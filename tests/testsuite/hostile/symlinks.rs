//! Symlinks out of the project: nothing outside the root is read, at any
//! level, and each link refused is named in a diagnostic.

#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::path::Path;

use crate::support::*;

/// A value that must never reach output: it stands for a secret outside
/// the project (a CI token, `~/.ssh`, `/etc/passwd`).
const SECRET: &str = "SECRET-5f1b9c";

/// A folder outside the project with a record, schema and taxonomy files
/// whose values are all the secret.
fn outside() -> tempfile::TempDir {
    let d = tempfile::tempdir().expect("temp dir");
    let rec = format!("---\ntitle: {SECRET}\nsummary: {SECRET}\narea: customs\n---\n{SECRET}\n");
    std::fs::write(d.path().join("leak.md"), &rec).expect("write");
    std::fs::create_dir_all(d.path().join("coll")).expect("mkdir");
    std::fs::write(d.path().join("coll/leak.md"), &rec).expect("write");
    std::fs::write(
        d.path().join("coll/_collection.yaml"),
        format!(
            "title: {SECRET}\nsingular: S\nfields:\n  area: {{type: enum, values: [customs]}}\n"
        ),
    )
    .expect("write");
    std::fs::write(
        d.path().join("taxonomies.yaml"),
        format!("topics:\n  title: {SECRET}\n  terms:\n    trade: {{label: {SECRET}}}\n"),
    )
    .expect("write");
    std::fs::write(d.path().join("base.html"), format!("<p>{SECRET}</p>")).expect("write");
    d
}

fn link(site: &Site, target: &Path, at: &str) {
    let at = site.path().join(at);
    std::fs::create_dir_all(at.parent().expect("parent")).expect("mkdir");
    symlink(target, at).expect("symlink");
}

/// `check` fails naming `path` as a link not followed, prints no secret, and
/// `build` writes nothing that holds it.
fn refused(site: &Site, path: &str) {
    let r = site.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!(
            "{path}:1:1: error: `{path}` is a symbolic link that is not followed"
        )),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("outside the project"), "{}", r.stderr);
    assert!(!r.stderr.contains(SECRET) && !r.stdout.contains(SECRET), "{}", r.stderr);
    let b = site.run(&["build"]);
    assert_eq!(b.code, 1, "{}", b.stderr);
    assert!(!b.stderr.contains(SECRET), "{}", b.stderr);
    no_secret_under(site.path());
}

fn no_secret_under(dir: &Path) {
    for (path, bytes) in snapshot(dir) {
        if path.starts_with("content/") || path.starts_with("themes/") {
            continue;
        }
        assert!(!String::from_utf8_lossy(&bytes).contains(SECRET), "{path} holds the secret");
    }
}

#[test]
fn a_symlinked_collection_folder_is_refused() {
    let out = outside();
    let s = Site::minimal();
    link(&s, &out.path().join("coll"), "content/leak");
    refused(&s, "content/leak");
}

#[test]
fn a_symlinked_sources_folder_is_refused() {
    let out = outside();
    let s = Site::minimal();
    link(&s, &out.path().join("coll"), "content/sources");
    refused(&s, "content/sources");
}

#[test]
fn symlinked_schema_files_are_refused() {
    let out = outside();
    let s = Site::minimal();
    std::fs::remove_file(s.path().join("content/_taxonomies.yaml")).expect("rm");
    link(&s, &out.path().join("taxonomies.yaml"), "content/_taxonomies.yaml");
    refused(&s, "content/_taxonomies.yaml");

    let s = Site::minimal();
    std::fs::create_dir_all(s.path().join("content/more")).expect("mkdir");
    s.write("content/more/a.md", "---\ntitle: A\nsummary: B\narea: customs\n---\n");
    link(&s, &out.path().join("coll/_collection.yaml"), "content/more/_collection.yaml");
    refused(&s, "content/more/_collection.yaml");
}

#[test]
fn a_symlinked_record_or_subfolder_is_refused_not_silently_ignored() {
    let out = outside();
    let s = Site::minimal();
    link(&s, &out.path().join("leak.md"), "content/practices/leak.md");
    refused(&s, "content/practices/leak.md");

    let s = Site::minimal();
    link(&s, &out.path().join("coll"), "content/practices/nested/deeper");
    refused(&s, "content/practices/nested/deeper");
}

#[test]
fn links_to_devices_and_loops_end_at_once() {
    let s = Site::minimal();
    link(&s, Path::new("/dev/zero"), "content/practices/zero.md");
    refused(&s, "content/practices/zero.md");

    let s = Site::minimal();
    let practices = s.path().join("content/practices");
    link(&s, &practices, "content/practices/loop");
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("content/practices/loop"), "{}", r.stderr);
}

#[test]
fn links_that_stay_inside_the_project_are_followed() {
    let s = Site::minimal();
    s.write(
        "shared/paperless.md",
        "---\ntitle: Paperless\nsummary: Linked from inside.\narea: customs\n---\n",
    );
    link(&s, &s.path().join("shared/paperless.md"), "content/practices/paperless.md");
    let r = s.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(s.read("site/practices/paperless/index.html").contains("Linked from inside."));
}

#[test]
fn a_symlinked_theme_file_is_refused() {
    let out = outside();
    let s = Site::minimal();
    s.write("book.toml", "[book]\ntitle = \"Test\"\n[build]\ntheme = \"t\"\n");
    link(&s, &out.path().join("base.html"), "themes/t/base.html");
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("themes/t/base.html"), "{}", r.stderr);
    assert!(r.stderr.contains("outside the project"), "{}", r.stderr);
    assert!(!r.stderr.contains(SECRET), "{}", r.stderr);
    no_secret_under(s.path());
}

/// CI checkouts keep a token in `.git/config`: a link into a hidden folder
/// is refused even though it stays inside the project.
#[test]
fn links_into_hidden_folders_are_refused() {
    let s = Site::minimal();
    s.write(".git/config", &format!("[http]\n\textraheader = AUTHORIZATION: basic {SECRET}\n"));
    link(&s, &s.path().join(".git/config"), "content/practices/config.yaml");
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("content/practices/config.yaml:1:1: error:"), "{}", r.stderr);
    assert!(r.stderr.contains("a hidden file or folder"), "{}", r.stderr);
    assert!(!r.stderr.contains(SECRET), "{}", r.stderr);
}

/// A no-change build sees links as `load` does: a link out added after a
/// good build is reported, and an edit through a link inside is rebuilt.
#[test]
fn a_no_change_build_sees_links() {
    let out = outside();
    let s = Site::minimal();
    s.write("shared/paperless.md", "---\ntitle: Paperless\nsummary: First.\narea: customs\n---\n");
    link(&s, &s.path().join("shared/paperless.md"), "content/practices/paperless.md");
    assert_eq!(s.run(&["build"]).code, 0);
    s.write("shared/paperless.md", "---\ntitle: Paperless\nsummary: Second.\narea: customs\n---\n");
    let r = s.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("up to date"), "{}", r.stderr);
    assert!(s.read("site/practices/paperless/index.html").contains("Second."));
    link(&s, &out.path().join("coll"), "content/leak");
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("`content/leak` is a symbolic link"), "{}", r.stderr);
}

/// A refused theme file does not hide `static/`'s: both folders' links
/// are reported in the one run, by `check` and by `build`.
#[test]
fn refused_links_in_the_theme_and_static_are_reported_together() {
    let out = outside();
    let s = Site::minimal();
    s.write("book.toml", "[book]\ntitle = \"Test\"\n[build]\ntheme = \"t\"\n");
    link(&s, &out.path().join("base.html"), "themes/t/assets/a.css");
    link(&s, &out.path().join("leak.md"), "static/x.txt");
    for cmd in ["check", "build"] {
        let r = s.run(&[cmd]);
        assert_eq!(r.code, 1, "{cmd}: {}", r.stderr);
        for at in ["themes/t/assets/a.css", "static/x.txt"] {
            assert!(
                r.stderr.contains(&format!("{at}:1:1: error: the symbolic link is not followed")),
                "{cmd} {at}: {}",
                r.stderr
            );
        }
        assert!(!r.stderr.contains(SECRET), "{}", r.stderr);
    }
    no_secret_under(s.path());
}

/// A link to nothing (a file left on the machine the link was made on) is
/// an error at the link that says so, once, from the project root.
#[test]
fn a_dangling_link_is_an_error_at_the_link() {
    let s = Site::minimal();
    s.write("book.toml", "[book]\ntitle = \"Test\"\n[build]\ntheme = \"t\"\n");
    link(&s, Path::new("/nonexistent-9c1f/robots.txt"), "themes/t/robots.txt");
    link(&s, &s.path().join("gone.png"), "static/img/logo.png");
    for cmd in ["check", "build"] {
        let r = s.run(&[cmd]);
        assert_eq!(r.code, 1, "{cmd}: {}", r.stderr);
        for (at, to) in [
            ("themes/t/robots.txt", "/nonexistent-9c1f/robots.txt".to_owned()),
            ("static/img/logo.png", s.path().join("gone.png").display().to_string()),
        ] {
            let said = format!(
                "{at}:1:1: error: the symbolic link points to `{to}`, which does not exist"
            );
            assert!(r.stderr.contains(&said), "{cmd} {at}: {}", r.stderr);
        }
        assert!(r.stderr.contains("replace the link with the file itself"), "{}", r.stderr);
        assert!(!r.stderr.contains("IO error for operation"), "{}", r.stderr);
        assert!(!r.stderr.contains("os error 2"), "{}", r.stderr);
    }
}

/// A link that leads back to a folder above it is an error at the link,
/// not a walk without end.
#[test]
fn a_link_loop_in_the_theme_is_an_error_at_the_link() {
    let s = Site::minimal();
    s.write("book.toml", "[book]\ntitle = \"Test\"\n[build]\ntheme = \"t\"\n");
    s.write("themes/t/assets/site.css", "body{}");
    link(&s, &s.path().join("themes/t"), "themes/t/assets/up");
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "themes/t/assets/up:1:1: error: the symbolic link leads round in a loop (back to \
             `themes/t`)"
        ),
        "{}",
        r.stderr
    );
}
