//! See `hostile/mod.rs`: what a killed build leaves beside the output
//! folders is removed by the next build (never what a running one is
//! writing), and a failed build says what it left.

use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};

use crate::support::*;

/// Names in the project folder starting with `.site.` or `.index.`.
fn staging_folders(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".site.") || n.starts_with(".index."))
        .collect();
    names.sort();
    names
}

/// What a `kill -9` leaves: a staging folder with pages and its marker.
fn leftover(s: &Site, name: &str, marked: bool) {
    s.write(&format!("{name}/practices/x/index.html"), "<p>half a site</p>");
    s.write(&format!("{name}/data/records.json"), "[");
    if marked {
        s.write(&format!("{name}/.compendium"), "made by Compendium\n");
    }
}

fn age(dir: &Path, by: Duration) {
    let when = SystemTime::now() - by;
    fs::File::open(dir).unwrap().set_modified(when).unwrap();
}

#[test]
fn the_next_build_removes_what_a_killed_build_left() {
    let s = Site::minimal();
    assert_eq!(s.run(&["build"]).code, 0);
    let site = snapshot(&s.path().join("site"));
    leftover(&s, ".site.tmp-k1ll3d", true);
    leftover(&s, ".index.tmp-k1ll3d", true);
    leftover(&s, ".site.old-k1ll3d", true);
    // Left by a version without markers, an hour ago.
    leftover(&s, ".index.old-0ld", false);
    age(&s.path().join(".index.old-0ld"), Duration::from_secs(3600));
    // Nothing changed: the build has nothing to write, and still cleans up.
    let r = s.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("up to date"), "{}", r.stderr);
    assert_eq!(staging_folders(s.path()), Vec::<String>::new(), "{}", r.stderr);
    assert!(
        r.stderr.contains("removed `.site.tmp-k1ll3d`, left by an interrupted build"),
        "{}",
        r.stderr
    );
    assert_eq!(snapshot(&s.path().join("site")), site);
    // A build that writes cleans up too.
    leftover(&s, ".site.tmp-again", true);
    let r = s.run(&["build", "--force"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(staging_folders(s.path()), Vec::<String>::new(), "{}", r.stderr);
}

#[test]
fn a_folder_another_run_is_writing_is_left_alone() {
    let s = Site::minimal();
    assert_eq!(s.run(&["build"]).code, 0);
    // A running build holds the lock on its staging folder's marker.
    leftover(&s, ".site.tmp-running", true);
    let marker = fs::File::open(s.path().join(".site.tmp-running/.compendium")).unwrap();
    marker.lock().unwrap();
    // A new unmarked one may be a staging folder made an instant ago.
    leftover(&s, ".index.tmp-justnow", false);
    let r = s.run(&["build", "--force"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(staging_folders(s.path()), [".index.tmp-justnow", ".site.tmp-running"]);
    assert!(s.path().join(".site.tmp-running/practices/x/index.html").is_file());
    drop(marker);
    age(&s.path().join(".index.tmp-justnow"), Duration::from_secs(3600));
    let r = s.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(staging_folders(s.path()), Vec::<String>::new(), "{}", r.stderr);
}

/// A folder in `dir` whose path is longer than the system allows, so that
/// removing a tree holding it fails even as root.
#[cfg(unix)]
fn unremovable(dir: &Path) {
    let name = "d".repeat(250);
    let ok = std::process::Command::new("bash")
        .current_dir(dir)
        .args([
            "-c",
            &format!("for i in $(seq 20); do mkdir {name} && cd -P {name} || exit 1; done"),
        ])
        .status()
        .unwrap()
        .success();
    assert!(ok);
}

#[cfg(unix)]
#[test]
fn a_failure_after_the_swap_says_what_was_left() {
    let s = Site::minimal();
    assert_eq!(s.run(&["build"]).code, 0);
    // The previous index cannot be removed once the new one is in.
    unremovable(&s.path().join("index"));
    s.write(
        "content/practices/second.md",
        "---\ntitle: Second\nsummary: Two.\narea: customs\n---\n",
    );
    let r = s.run(&["build"]);
    // Both the new site and the new index are in place: that is a
    // success, with a warning naming what is left over.
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("left as it was"), "{}", r.stderr);
    assert!(
        r.stderr.contains("warning: cannot remove the previous build in `.index."),
        "{}",
        r.stderr
    );
    assert!(s.path().join("site/practices/second/index.html").is_file());
    let found = s.run(&["search", "Second"]);
    assert!(found.stdout.contains("Second"), "{found:?}");
}

#[test]
fn a_site_that_cannot_be_swapped_in_after_the_index_leaves_both_as_they_were() {
    let s = Site::minimal();
    assert_eq!(s.run(&["build"]).code, 0);
    let files = |dir: &str| {
        let mut m = snapshot(&s.path().join(dir));
        m.remove(".compendium");
        m
    };
    let (site, index) = (files("site"), files("index"));
    // The site's marker cannot be opened: the new index goes in, the new
    // site cannot, and the previous index is put back.
    fs::remove_file(s.path().join("site/.compendium")).unwrap();
    fs::create_dir(s.path().join("site/.compendium")).unwrap();
    s.write(
        "content/practices/second.md",
        "---\ntitle: Second\nsummary: Two.\narea: customs\n---\n",
    );
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("build failed; the previous site and index were left as they were"),
        "{}",
        r.stderr
    );
    assert_eq!(files("site"), site);
    assert_eq!(files("index"), index);
    assert_eq!(staging_folders(s.path()), Vec::<String>::new());
    // Repaired, the next build writes both.
    fs::remove_dir(s.path().join("site/.compendium")).unwrap();
    let r = s.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("up to date"), "{}", r.stderr);
    assert!(s.path().join("site/practices/second/index.html").is_file());
    assert!(s.run(&["search", "Second"]).stdout.contains("Second"));
}
