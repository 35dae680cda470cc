//! The build manifest (`index/build-manifest.json`): written by every
//! build, `--force` included, and the same bytes wherever the project is.

use crate::support::{self, Site};

#[test]
fn a_forced_build_writes_the_manifest_so_the_next_build_is_up_to_date() {
    let s = Site::minimal();
    assert_eq!(s.run(&["build"]).code, 0);
    let forced = s.run(&["build", "--force"]);
    assert!(forced.stderr.contains("built "), "{}", forced.stderr);
    assert!(s.path().join("index/build-manifest.json").is_file(), "--force left no manifest");
    let again = s.run(&["build"]);
    assert!(again.stderr.contains("is up to date"), "{}", again.stderr);
}

#[test]
fn two_copies_of_one_project_have_the_same_manifest() {
    let a = Site::minimal();
    let b = Site::new();
    support::copy_dir(a.path(), b.path());
    for s in [&a, &b] {
        let r = s.run(&["build"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    assert_eq!(a.read("index/build-manifest.json"), b.read("index/build-manifest.json"));
    // And the copy is up to date after a move, as it would be in place.
    let r = b.run(&["build"]);
    assert!(r.stderr.contains("is up to date"), "{}", r.stderr);
}

/// A file the build did not write, put in the site or index folder since
/// (a stray upload), makes the next build render again, which leaves it
/// out: a deploy publishes what a fresh build makes, never more.
#[test]
fn a_file_the_build_did_not_write_makes_it_render_again() {
    let s = Site::minimal();
    assert_eq!(s.run(&["build"]).code, 0);
    // In the index folder: the build's own, rendered again.
    s.write("index/extra.bin", "x");
    let r = s.run(&["build"]);
    assert!(
        r.stderr.contains(
            "note: `index/extra.bin` is not one the build wrote; rendering everything again"
        ),
        "{}",
        r.stderr
    );
    assert!(!s.path().join("index/extra.bin").exists());
    assert!(s.run(&["build"]).stderr.contains("is up to date"));
    // In the site: perhaps a publisher's (a CNAME), so refused rather than
    // deleted, until `--force` (static_files.rs).
    for stray in ["site/stray.html", "site/old/index.html"] {
        s.write(stray, "x");
        let r = s.run(&["build"]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(r.stderr.contains(&format!("`{stray}`: not written by the build")), "{}", r.stderr);
        assert!(s.path().join(stray).exists(), "{stray}");
        assert_eq!(s.run(&["build", "--force"]).code, 0);
        assert!(!s.path().join(stray).exists(), "{stray}");
        assert!(s.run(&["build"]).stderr.contains("is up to date"));
    }
}
