//! The build manifest (`index/build-manifest.json`): written by every
//! build, `--force` included, and the same bytes wherever the project is;
//! and the one `serve` leaves, naming the files it wrote.

use std::time::Duration;

use crate::support::{self, Site, poll_until, spawn_serve};

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

/// Starts `serve` on `s` and waits until it has left its manifest (the
/// build's is removed as it starts).
fn serve_until_manifest(
    s: &Site,
) -> (std::process::Child, std::sync::Arc<std::sync::Mutex<String>>) {
    let (child, url, stderr) = spawn_serve(s.path(), &[], &[]);
    let said = || stderr.lock().map(|e| e.clone()).unwrap_or_default();
    assert!(url.starts_with("http://"), "{}", said());
    let manifest = s.path().join("index/build-manifest.json");
    poll_until("serve's manifest", Duration::from_secs(60), said, || {
        manifest.is_file().then_some(())
    });
    (child, stderr)
}

/// `serve` rewrites the build folder behind the build's manifest: it
/// leaves one of its own naming what it wrote, so that after it stops (even
/// killed) the next build still tells a file put in the site from its own.
#[test]
fn after_serve_a_file_put_in_the_site_is_still_refused() {
    let s = Site::minimal();
    assert_eq!(s.run(&["build"]).code, 0);
    let (mut child, _) = serve_until_manifest(&s);
    // Stopped at once, as a crash or `kill -9` would.
    let _ = child.kill();
    let _ = child.wait();
    s.write("site/CNAME", "kb.example.org\n");
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("`site/CNAME`: not written by the build"), "{}", r.stderr);
    assert!(r.stderr.contains("put it in `static/`"), "{}", r.stderr);
    assert_eq!(s.read("site/CNAME"), "kb.example.org\n");
    let forced = s.run(&["build", "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert!(!s.path().join("site/CNAME").exists());
    assert!(s.run(&["build"]).stderr.contains("is up to date"));
}

/// A temporary file a write stopped halfway left (`serve` killed while
/// it replaced a dataset) is the build's own: the next build replaces it
/// with the rest of the folder, where a publisher's file is refused.
#[test]
#[cfg(unix)]
fn a_temporary_file_left_by_a_stopped_serve_is_not_a_publishers_file() {
    let s = Site::minimal();
    assert_eq!(s.run(&["build"]).code, 0);
    let (mut child, _) = serve_until_manifest(&s);
    let _ = child.kill();
    let _ = child.wait();
    s.write("site/data/.compendium-tmp-Ab12Cd", "half a dataset");
    s.write("site/.compendium-tmp-Ef34Gh", "half a sitemap");
    let r = s.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!s.path().join("site/data/.compendium-tmp-Ab12Cd").exists());
    assert!(!s.path().join("site/.compendium-tmp-Ef34Gh").exists());
    // Another dotted name is still someone's file.
    s.write("site/.tmpXy12", "a publisher's");
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("`site/.tmpXy12`: not written by the build"), "{}", r.stderr);
}

/// Pages `serve` wrote for a record saved while it ran are its own: the
/// next build takes none of them for a publisher's file.
#[test]
#[cfg(unix)]
fn pages_serve_wrote_for_a_new_record_are_not_foreign_after_it_stops() {
    let s = Site::minimal();
    assert_eq!(s.run(&["build"]).code, 0);
    let (mut child, stderr) = serve_until_manifest(&s);
    let said = || stderr.lock().map(|e| e.clone()).unwrap_or_default();
    s.write(
        "content/practices/e-payments.md",
        "---\ntitle: E-payments\nsummary: Paying duties online.\narea: payments\n---\n",
    );
    let page = s.path().join("site/practices/e-payments/index.html");
    poll_until("the new record's page", Duration::from_secs(60), said, || {
        page.is_file().then_some(())
    });
    // Ctrl-C.
    let status =
        std::process::Command::new("kill").arg("-INT").arg(child.id().to_string()).status();
    assert!(status.is_ok_and(|s| s.success()));
    let start = std::time::Instant::now();
    while child.try_wait().expect("wait").is_none() {
        assert!(start.elapsed() < Duration::from_secs(60), "{}", said());
        std::thread::sleep(Duration::from_millis(20));
    }
    let r = s.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("not written by the build"), "{}", r.stderr);
    assert!(page.is_file());
}
