//! `static/` and a site theme's folder in a pull request: a FIFO, socket
//! or device there is an error at the file, found without opening it (a
//! FIFO opened blocks the run for good).

#![cfg(unix)]

use crate::support::*;

/// A site with the theme `t` (one asset, a template, a string file) and a
/// file in `static/`.
fn themed() -> Site {
    let s = Site::minimal();
    s.write("book.toml", "[book]\ntitle = \"Test\"\n[build]\ntheme = \"t\"\n");
    s.write("themes/t/assets/site.css", "body{}");
    s.write("static/CNAME", "kb.example.org\n");
    s
}

/// Makes a FIFO at `rel`; `false` where `mkfifo` is missing.
fn fifo(s: &Site, rel: &str) -> bool {
    let at = s.path().join(rel);
    std::fs::create_dir_all(at.parent().expect("parent")).expect("mkdir");
    std::process::Command::new("mkfifo").arg(&at).status().is_ok_and(|st| st.success())
}

const NOT_REGULAR: &str = "error: not a regular file (a pipe, socket or device)";

#[test]
fn pipes_and_sockets_in_static_and_the_theme_are_errors_at_the_file() {
    let s = themed();
    let pipes = [
        "static/pipe.txt",
        "themes/t/assets/p.css",
        "themes/t/record.html",
        "themes/t/i18n/fr.toml",
    ];
    for p in pipes {
        if !fifo(&s, p) {
            return;
        }
    }
    // A socket, as a local server leaves one.
    let _socket =
        std::os::unix::net::UnixListener::bind(s.path().join("static/sock")).expect("socket");
    for cmd in ["check", "build"] {
        let r = s.run(&[cmd]);
        assert_eq!(r.code, 1, "{cmd}: {}", r.stderr);
        for p in pipes.iter().chain(&["static/sock"]) {
            assert!(
                r.stderr.contains(&format!("{p}:1:1: {NOT_REGULAR}")),
                "{cmd} {p}: {}",
                r.stderr
            );
        }
        assert!(r.stderr.contains("replace it with the file itself, or remove it"), "{}", r.stderr);
    }
    assert!(!s.path().join("site").exists());
}

/// A link inside the project to a FIFO is the FIFO: refused the same way.
#[test]
fn a_link_to_a_pipe_inside_the_project_is_refused() {
    let s = themed();
    if !fifo(&s, "pipes/p") {
        return;
    }
    std::os::unix::fs::symlink(s.path().join("pipes/p"), s.path().join("static/p.txt"))
        .expect("link");
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains(&format!("static/p.txt:1:1: {NOT_REGULAR}")), "{}", r.stderr);
}

/// A pipe added after a build is not "up to date": the next build reads
/// the folders again and refuses it (the fingerprint counted regular files
/// only).
#[test]
fn a_pipe_added_after_a_build_is_not_up_to_date() {
    let s = themed();
    let r = s.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    if !fifo(&s, "static/pipe.txt") {
        return;
    }
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains(&format!("static/pipe.txt:1:1: {NOT_REGULAR}")), "{}", r.stderr);
}
