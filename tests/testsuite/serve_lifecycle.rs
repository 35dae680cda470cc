//! `serve` starting and stopping cleanly, and what a long session must not
//! drift from: the port is taken before anything is built (a busy port or a
//! bad `--host` touches no folder of a project another server is serving),
//! a folder that is not a project is refused as `build` refuses it,
//! `book.toml` cannot move the folders a running server serves, and the
//! search index updated after saves scores as a fresh build does.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use compendium::serve::engine::{ChangeKind, Engine};

use crate::support::{Run, Site, bin, spawn_serve};

/// Runs `compendium --root ROOT serve ARGS…`, which must exit by itself
/// within `limit`.
fn serve_exits(root: &Path, args: &[&str], limit: Duration) -> (Run, Duration) {
    let start = Instant::now();
    let mut child = Command::new(bin())
        .arg("--root")
        .arg(root)
        .arg("serve")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start compendium serve");
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let out = child.wait_with_output().expect("output");
            panic!("serve still running after {limit:?}: {}", String::from_utf8_lossy(&out.stderr));
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let elapsed = start.elapsed();
    (Run::from(child.wait_with_output().expect("output")), elapsed)
}

#[cfg(unix)]
fn inode(p: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt as _;
    std::fs::metadata(p).expect("metadata").ino()
}

#[test]
#[cfg(unix)]
fn a_busy_port_or_bad_host_fails_before_building_and_touches_nothing() {
    let site = Site::minimal();
    let (mut first, url, stderr) = spawn_serve(site.path(), &[], &[]);
    let port = url.trim_start_matches("http://127.0.0.1:").trim_end_matches('/').to_owned();
    assert!(port.parse::<u16>().is_ok(), "no URL ({url}); stderr:\n{}", stderr.lock().unwrap());
    let (build, index) = (inode(&site.path().join("site")), inode(&site.path().join("index")));
    let marker = std::fs::read(site.path().join("site/.compendium")).expect("marker");

    for args in [vec!["--port", port.as_str()], vec!["--host", "192.0.2.1", "--port", "0"]] {
        let (run, _) = serve_exits(site.path(), &args, Duration::from_secs(20));
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("cannot listen on"), "{}", run.stderr);
        assert!(run.stderr.contains("help:"), "{}", run.stderr);
        // No build ran: the running server's folders are the same folders.
        assert!(!run.stderr.contains("rebuilt"), "{}", run.stderr);
        assert_eq!(inode(&site.path().join("site")), build, "{args:?}: site/ was swapped");
        assert_eq!(inode(&site.path().join("index")), index, "{args:?}: index/ was swapped");
    }
    assert_eq!(std::fs::read(site.path().join("site/.compendium")).expect("marker"), marker);
    // Another port, the same project: refused before anything is built.
    let (run, _) = serve_exits(site.path(), &["--port", "0"], Duration::from_secs(20));
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("`compendium serve` is already running for"), "{}", run.stderr);
    assert_eq!(inode(&site.path().join("site")), build, "site/ was swapped");
    let _ = first.kill();
    let _ = first.wait();
    // Once it has stopped, the project may be served again.
    let (mut again, url, stderr) = spawn_serve(site.path(), &[], &[]);
    assert!(url.starts_with("http://127.0.0.1:"), "{url}: {}", stderr.lock().unwrap());
    let _ = again.kill();
    let _ = again.wait();

    // Alone, with nothing else to wait for: milliseconds, not a build.
    let other = Site::minimal();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port().to_string();
    let (run, _) = serve_exits(other.path(), &["--port", &port], Duration::from_secs(20));
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!other.path().join("site").exists(), "a build ran: {}", run.stderr);
    assert!(!other.path().join("index").exists(), "a build ran: {}", run.stderr);
}

#[test]
fn serve_outside_a_project_exits_1_and_creates_nothing() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let (run, _) = serve_exits(tmp.path(), &["--port", "0"], Duration::from_secs(20));
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("not a Compendium project"), "{}", run.stderr);
    assert!(!run.stderr.contains("still serving"), "{}", run.stderr);
    assert!(!run.stdout.contains("serving http"), "{}", run.stdout);
    let left: Vec<_> = std::fs::read_dir(tmp.path()).expect("list").collect();
    assert!(left.is_empty(), "serve created {left:?}");
}

#[test]
fn a_first_build_with_errors_does_not_claim_a_last_good_build() {
    let site = Site::minimal();
    site.write(
        "content/practices/single-window.md",
        "---\ntitle: Single window\nsummary: One place.\narea: customs\ncountries: [Kenya]\n---\nText.\n",
    );
    let (mut child, url, stderr) = spawn_serve(site.path(), &[], &[]);
    let text = || stderr.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let wait = |what: &str, check: &dyn Fn() -> bool| {
        crate::support::poll_until(what, Duration::from_secs(60), text, || check().then_some(()))
    };
    wait("the first build's errors", &|| text().contains("error(s)"));
    assert!(url.starts_with("http://127.0.0.1:"), "{}", text());
    assert!(!text().contains("still serving the last good build"), "{}", text());
    assert!(text().contains("there is no build to serve"), "{}", text());
    assert!(!site.path().join("site").exists(), "an empty build folder was made:\n{}", text());
    assert_eq!(get(&url, "practices/single-window/").0, 404);

    // Fixed: the first good build is served.
    site.write(
        "content/practices/single-window.md",
        "---\ntitle: Single window\nsummary: One place.\narea: customs\ncountries: [KEN]\n---\nText.\n",
    );
    wait("the fixed page", &|| get(&url, "practices/single-window/").0 == 200);
    let _ = child.kill();
    let _ = child.wait();
}

/// GET `path` under `url` (`http://127.0.0.1:PORT/`): the status and body.
fn get(url: &str, path: &str) -> (u16, String) {
    use std::io::{Read as _, Write as _};
    let authority = url.trim_start_matches("http://").trim_end_matches('/');
    let mut s = std::net::TcpStream::connect(authority).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(20))).expect("timeout");
    let request = format!("GET /{path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n\r\n");
    s.write_all(request.as_bytes()).expect("write");
    let mut reply = String::new();
    let _ = s.read_to_string(&mut reply);
    let status = reply.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (status, reply)
}

#[test]
fn book_toml_cannot_move_the_folders_while_serving() {
    let site = Site::minimal();
    let (mut engine, outcome) = Engine::start(site.path());
    assert!(!outcome.has_errors(), "{:?}", outcome.diagnostics);
    let before = crate::support::snapshot(&site.path().join("site"));
    for (key, folder) in [("build-dir", "public"), ("index-dir", "idx")] {
        site.write(
            "book.toml",
            &format!("[book]\ntitle = \"Moved\"\n\n[build]\n{key} = \"{folder}\"\n"),
        );
        let o = engine.apply(&[ChangeKind::Config]);
        let errors: Vec<_> = o
            .diagnostics
            .iter()
            .filter(|d| d.severity == compendium::core::diag::Severity::Error)
            .collect();
        assert_eq!(errors.len(), 1, "{errors:?}");
        let e = errors[0];
        assert_eq!((e.path.as_str(), e.line, e.col), ("book.toml", 5, 1), "{e:?}");
        assert!(e.message.contains(&format!("`{key}` changed while serving")), "{}", e.message);
        assert!(e.message.contains("start it again"), "{}", e.message);
        assert!(o.written.is_empty() && o.removed.is_empty(), "{o:?}");
        assert!(!site.path().join(folder).exists(), "{folder} was written to");
        assert_eq!(crate::support::snapshot(&site.path().join("site")), before);
    }
    // Set back: the errors go, and the site follows book.toml again.
    site.write("book.toml", "[book]\ntitle = \"Back\"\n");
    let o = engine.apply(&[ChangeKind::Config]);
    assert!(!o.has_errors(), "{:?}", o.diagnostics);
    assert!(site.read("site/index.html").contains("Back"));
}

/// A site of `n` records with bodies of different lengths, so that BM25's
/// field lengths matter.
fn many_records(s: &Site, n: usize) {
    for i in 0..n {
        let body: Vec<String> =
            (0..(20 + i * 7 % 130)).map(|w| format!("w{}", (i * 31 + w * 17) % 97)).collect();
        s.write(
            &format!("content/practices/r{i:03}.md"),
            &format!(
                "---\ntitle: Record {i} w{}\nsummary: Summary w{} w{}\narea: customs\n---\n{}\n",
                i % 13,
                i % 7,
                i % 29,
                body.join(" ")
            ),
        );
    }
}

/// Keys and scores (to the bit) `query` gets from the index in `dir`.
fn scored(dir: &Path, query: &str) -> Vec<(String, u32)> {
    let engine = compendium::search::Engine::open(dir).expect("open index");
    let req = compendium::search::Request { query: query.into(), limit: 50, ..Default::default() };
    let hits = engine.search(&req).expect("search").hits;
    hits.into_iter().map(|h| (h.key, h.score.to_bits())).collect()
}

#[test]
fn the_index_updated_in_place_scores_as_a_fresh_build() {
    use compendium::search::writer;
    let s = Site::minimal();
    many_records(&s, 60);
    let load = || compendium::pipeline::load(s.path()).site.expect("valid site");
    let dir = s.path().join("index");
    let mut old = load();
    writer::write(&old, &dir).expect("write index");
    let queries = ["w5", "w12 w40", "record", "summary w3", "single window", "okapi", "zebra"];
    // Each edit brings a new word, searchable once the change is committed.
    let edits = [
        (
            "r010",
            "---\ntitle: Record 10 okapi\nsummary: Summary w3\narea: customs\n---\nw5 w5 w5 okapi\n",
            "okapi",
        ),
        (
            "r033",
            "---\ntitle: Record 33\nsummary: Summary w3 w5\narea: customs\n---\nw12 w40 zebra\n",
            "zebra",
        ),
        (
            "r010",
            "---\ntitle: Record 10\nsummary: Summary quokka\narea: customs\n---\nw5 \n",
            "quokka",
        ),
    ];
    for (n, (id, text, word)) in edits.into_iter().enumerate() {
        s.write(&format!("content/practices/{id}.md"), text);
        let new = load();
        let seen = std::sync::atomic::AtomicUsize::new(0);
        let committed = || {
            if !scored(&dir, word).is_empty() {
                seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            }
        };
        assert_eq!(writer::update_then(&old, &new, &dir, &committed).expect("update"), Some(1));
        assert_eq!(seen.into_inner(), 1, "`{word}` not searchable once committed");
        let fresh = s.path().join(format!("fresh-{n}"));
        writer::write(&new, &fresh).expect("fresh index");
        let mut differ = BTreeMap::new();
        for q in queries {
            let (a, b) = (scored(&dir, q), scored(&fresh, q));
            if a != b {
                differ.insert(q, (a, b));
            }
        }
        assert!(differ.is_empty(), "edit {n}: updated vs fresh: {differ:#?}");
        // Nothing deleted is left for BM25 to count, and no file is left over.
        let index = tantivy::Index::open_in_dir(&dir).expect("open");
        let metas = index.searchable_segment_metas().expect("metas");
        assert!(metas.iter().all(|m| !m.has_deletes()), "{metas:?}");
        assert_eq!(metas.iter().map(|m| m.num_docs()).sum::<u32>(), 61);
        old = new;
    }
}

#[test]
fn a_broken_template_is_one_error_at_its_file() {
    let site = Site::minimal();
    many_records(&site, 12);
    crate::support::copy_dir(
        &crate::support::repo().join("themes/default"),
        &site.path().join("themes/mine"),
    );
    site.write("book.toml", "[book]\ntitle = \"Themed\"\n\n[build]\ntheme = \"mine\"\n");
    let (mut engine, outcome) = Engine::start(site.path());
    assert!(!outcome.has_errors(), "{:?}", outcome.diagnostics);
    let template = site.path().join("themes/mine/record.html");
    let good = std::fs::read_to_string(&template).expect("record.html");
    let errors = |o: &compendium::serve::engine::Outcome| -> Vec<(String, u32, u32, String)> {
        o.diagnostics
            .iter()
            .filter(|d| d.severity == compendium::core::diag::Severity::Error)
            .map(|d| (d.path.clone(), d.line, d.col, d.message.clone()))
            .collect()
    };
    let before = crate::support::snapshot(&site.path().join("site"));

    // A runtime error in every record page: one error, at the template.
    let mut lines: Vec<&str> = good.lines().collect();
    let broken = format!("{}{{{{ nosuchvar.x }}}}", lines[3]);
    lines[3] = &broken;
    std::fs::write(&template, lines.join("\n")).expect("write");
    let o = engine.apply(&[ChangeKind::Template(template.clone())]);
    let e = errors(&o);
    assert_eq!(e.len(), 1, "{e:#?}");
    // tera does not say where; the variable's first use in the template.
    let col = good.lines().nth(3).map_or(0, |l| l.chars().count()) as u32 + 4;
    assert_eq!((e[0].0.as_str(), e[0].1, e[0].2), ("themes/mine/record.html", 4, col), "{e:?}");
    assert!(e[0].3.contains("nosuchvar") && !e[0].3.contains("-->"), "{e:?}");
    assert!(!e[0].3.contains("practices/"), "the page is not part of the error: {e:?}");
    assert_eq!(crate::support::snapshot(&site.path().join("site")), before);

    // A syntax error: at tera's line and column.
    let mut lines: Vec<&str> = good.lines().collect();
    let broken = format!("{}{{{{ x | }}}}", lines[3]);
    // tera points after the `|`, where a filter name is missing.
    let col = broken.chars().count() as u32 - 1;
    lines[3] = &broken;
    std::fs::write(&template, lines.join("\n")).expect("write");
    let o = engine.apply(&[ChangeKind::Template(template.clone())]);
    let e = errors(&o);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert_eq!((e[0].0.as_str(), e[0].1, e[0].2), ("themes/mine/record.html", 4, col), "{e:?}");
    assert!(e[0].3.contains("does not parse"), "{e:?}");

    // Fixed: no error, and the site is as it was.
    std::fs::write(&template, &good).expect("write");
    let o = engine.apply(&[ChangeKind::Template(template.clone())]);
    assert!(errors(&o).is_empty(), "{:?}", o.diagnostics);
    assert_eq!(crate::support::snapshot(&site.path().join("site")), before);
}

/// Ctrl-C while a save's rebuild is writing lets it finish: the build
/// folder is whole (every page from the new book.toml), not part old,
/// part new; the process then ends by itself.
#[test]
#[cfg(unix)]
fn ctrl_c_during_a_rebuild_leaves_the_build_folder_whole() {
    let site = Site::minimal();
    for i in 0..150 {
        site.write(
            &format!("content/practices/p{i:03}.md"),
            &format!("---\ntitle: Practice {i}\nsummary: s\narea: customs\n---\n\nText {i}.\n"),
        );
    }
    let (mut child, url, stderr) = spawn_serve(site.path(), &[], &[]);
    assert!(url.starts_with("http://"), "{}", stderr.lock().unwrap());
    let book = std::fs::read_to_string(site.path().join("book.toml")).expect("book.toml");
    let renamed = book.replacen("title = \"", "title = \"Renamed ", 1);
    assert_ne!(renamed, book, "{book}");
    site.write("book.toml", &renamed);
    std::thread::sleep(Duration::from_millis(600));
    let status = Command::new("kill").arg("-INT").arg(child.id().to_string()).status();
    assert!(status.is_ok_and(|s| s.success()));
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        assert!(start.elapsed() < Duration::from_secs(60), "{}", stderr.lock().unwrap());
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut old = Vec::new();
    for entry in walkdir::WalkDir::new(site.path().join("site")).into_iter().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "html")
            && !std::fs::read_to_string(path).unwrap_or_default().contains("Renamed ")
        {
            old.push(path.display().to_string());
        }
    }
    // Either the save was seen (every page renamed) or not at all.
    assert!(
        old.is_empty() || old.len() > 150,
        "{} pages left old: {:?}",
        old.len(),
        &old[..old.len().min(5)]
    );
}

/// A collection folder moved out of the project sends one event for the
/// folder, not one per file: its records must go all the same; and a link
/// out of the project, refused, clears when it is removed.
#[test]
fn a_folder_moved_out_or_a_refused_link_removed_is_seen() {
    let site = Site::minimal();
    site.write("content/cases/_collection.yaml", "title: Cases\nsingular: Case\ndescription: C.\n");
    site.write("content/cases/pilot.md", "---\ntitle: Pilot\nsummary: quokkaword pilot.\n---\n");
    let (mut child, url, stderr) = spawn_serve(site.path(), &[], &[]);
    let context = || stderr.lock().map(|s| s.clone()).unwrap_or_default();
    assert_eq!(get(&url, "cases/pilot/").0, 200, "{}", context());
    let away = tempfile::tempdir().expect("tempdir");
    std::fs::rename(site.path().join("content/cases"), away.path().join("cases")).expect("mv");
    crate::support::poll_until("the moved records to go", Duration::from_secs(30), context, || {
        (get(&url, "cases/pilot/").0 == 404).then_some(())
    });
    #[cfg(unix)]
    {
        let link = site.path().join("content/practices/out");
        std::os::unix::fs::symlink("/etc", &link).expect("symlink");
        crate::support::poll_until("the link's error", Duration::from_secs(30), context, || {
            context().contains("practices/out").then_some(())
        });
        let said = context().len();
        std::fs::remove_file(&link).expect("rm link");
        // A rebuild, which clears the error (it failed before the fix).
        crate::support::poll_until("the error to clear", Duration::from_secs(30), context, || {
            context().get(said..).is_some_and(|s| s.contains("rebuilt")).then_some(())
        });
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// `serve` takes over a build folder `build` left up to date instead of
/// rendering it all again (minutes on a large site): the files stay as
/// they are, and a save after writes what a fresh build would.
#[test]
fn serve_takes_over_an_up_to_date_build() {
    let site = Site::minimal();
    let root = site.path();
    // Built in this process, so that the build's fingerprint (which names
    // the program) is the one this process computes.
    assert_eq!(compendium::cmd::build::run(root, false, false, false), 0, "build");
    let project = compendium::Project::load(root).expect("project");
    let manifest =
        compendium::fingerprint::check(&project, &compendium::fingerprint::inputs(&project))
            .expect("an up-to-date build");
    let mtimes = |dir: &Path| -> BTreeMap<String, std::time::SystemTime> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let when = e.metadata().expect("metadata").modified().expect("mtime");
                (e.path().display().to_string(), when)
            })
            .collect()
    };
    let before = mtimes(&root.join("site"));
    let (mut engine, outcome, reused) = Engine::start_reusing(root, false, &manifest.files);
    assert!(reused, "{:?}", outcome.diagnostics);
    assert!(outcome.written.is_empty() && outcome.removed.is_empty());
    assert_eq!(mtimes(&root.join("site")), before, "a file was written again");

    // A save: what a fresh build writes, no more and no less.
    let record = root.join("content/practices/single-window.md");
    let text = std::fs::read_to_string(&record).expect("read");
    std::fs::write(&record, text.replace("title: Single window", "title: Single window, edited"))
        .expect("write");
    let o = engine.apply(&[ChangeKind::Record(record)]);
    assert!(!o.has_errors(), "{:?}", o.diagnostics);
    assert!(o.written.iter().any(|p| p == "practices/single-window/index.html"), "{:?}", o.written);
    crate::serve::assert_same_as_fresh_build(root, engine.site(), "a save after taking over");

    // The server says so, and takes its first save as usual.
    let site = Site::minimal();
    let build = Command::new(bin()).arg("--root").arg(site.path()).arg("build").output();
    assert!(build.expect("build").status.success());
    let (mut child, _url, stderr) = spawn_serve(site.path(), &[], &[]);
    let context = || stderr.lock().map(|s| s.clone()).unwrap_or_default();
    crate::support::poll_until(
        "the take-over to be said",
        Duration::from_secs(60),
        context,
        || context().contains("site is up to date with the last build: 1 records").then_some(()),
    );
    let said = context();
    let _ = child.kill();
    let _ = child.wait();
    assert!(!said.contains("rebuilt"), "{said}");
}

/// Stops `child` (serving `url`) as Ctrl-C does and waits for it to end by
/// itself.
#[cfg(target_os = "linux")]
fn interrupt(child: &mut std::process::Child, url: &str, context: impl Fn() -> String) {
    // An answer first: the server takes Ctrl-C once it has started
    // serving; just before, the signal stops it at once.
    assert_eq!(get(url, "").0, 200, "{}", context());
    let status = Command::new("kill").arg("-INT").arg(child.id().to_string()).status();
    assert!(status.is_ok_and(|s| s.success()));
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        assert!(start.elapsed() < Duration::from_secs(60), "did not stop: {}", context());
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The files in `dir`, by name.
#[cfg(target_os = "linux")]
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The one-serve-per-project lock lives in `$XDG_RUNTIME_DIR`, refuses a
/// second serve of the project, and is gone once serve has stopped.
#[test]
#[cfg(target_os = "linux")]
fn the_lock_is_in_the_runtime_folder_and_removed_on_exit() {
    let site = Site::minimal();
    let runtime = tempfile::tempdir().expect("temp dir");
    let env = [("XDG_RUNTIME_DIR", runtime.path().to_str().expect("UTF-8 path"))];
    let (mut child, url, stderr) = spawn_serve(site.path(), &[], &env);
    let context = || stderr.lock().map(|s| s.clone()).unwrap_or_default();
    assert!(url.starts_with("http://127.0.0.1:"), "{}", context());
    let held = names(runtime.path());
    assert!(
        held.len() == 1 && held[0].starts_with("compendium-serve-") && held[0].ends_with(".lock"),
        "{held:?}"
    );
    let second = Command::new(bin())
        .env("XDG_RUNTIME_DIR", runtime.path())
        .arg("--root")
        .arg(site.path())
        .args(["serve", "--port", "0"])
        .output()
        .expect("second serve");
    let second = Run::from(second);
    assert_eq!(second.code, 2, "{}", second.stderr);
    assert!(
        second.stderr.contains("`compendium serve` is already running for"),
        "{}",
        second.stderr
    );
    interrupt(&mut child, &url, context);
    assert_eq!(names(runtime.path()), Vec::<String>::new(), "the lock was left behind");
}

/// Without `$XDG_RUNTIME_DIR`, the lock goes in a folder of the user's own
/// in the temporary folder, made private; one someone else could write to
/// is not used (serve runs, without a lock, and says so).
#[test]
#[cfg(target_os = "linux")]
fn the_lock_falls_back_to_a_private_folder_of_ones_own() {
    use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
    let site = Site::minimal();
    let tmp = tempfile::tempdir().expect("temp dir");
    let uid = std::fs::metadata(tmp.path()).expect("metadata").uid();
    let env = [("XDG_RUNTIME_DIR", ""), ("TMPDIR", tmp.path().to_str().expect("UTF-8 path"))];
    let own = tmp.path().join(format!("compendium-{uid}"));

    let (mut child, url, stderr) = spawn_serve(site.path(), &[], &env);
    let context = || stderr.lock().map(|s| s.clone()).unwrap_or_default();
    assert!(url.starts_with("http://127.0.0.1:"), "{}", context());
    let mode = std::fs::symlink_metadata(&own).expect("the private folder").mode();
    assert_eq!(mode & 0o777, 0o700, "{mode:o}");
    assert_eq!(names(&own).len(), 1, "{:?}", names(&own));
    interrupt(&mut child, &url, context);
    assert_eq!(names(&own), Vec::<String>::new(), "the lock was left behind");

    // Opened up to others (a folder someone else made would be too).
    std::fs::set_permissions(&own, std::fs::Permissions::from_mode(0o777)).expect("chmod");
    let (mut child, url, stderr) = spawn_serve(site.path(), &[], &env);
    let context = || stderr.lock().map(|s| s.clone()).unwrap_or_default();
    assert!(url.starts_with("http://127.0.0.1:"), "{}", context());
    assert_eq!(names(&own), Vec::<String>::new(), "a lock was made in an open folder");
    assert!(context().contains("may be written by other users"), "{}", context());
    assert!(context().contains("runs without its one-preview-per-project lock"), "{}", context());
    let _ = child.kill();
    let _ = child.wait();
}

/// The address is said (on stderr) as soon as the port is bound, before
/// the first build, which takes minutes on a large site; stdout's
/// `serving URL` line still comes once the build is done.
#[test]
fn the_address_is_said_before_the_first_build() {
    let site = Site::minimal();
    site.write(
        "book.toml",
        "[book]\ntitle = \"Test\"\nbase-url = \"https://example.org/tracker/\"\n",
    );
    let (mut child, url, stderr) = spawn_serve(site.path(), &[], &[]);
    let context = || stderr.lock().map(|s| s.clone()).unwrap_or_default();
    assert!(url.starts_with("http://127.0.0.1:"), "{}", context());
    crate::support::poll_until(
        "the first build's report",
        Duration::from_secs(60),
        context,
        || context().contains("rebuilt (").then_some(()),
    );
    let said = context();
    let _ = child.kill();
    let _ = child.wait();
    let notice = format!("the preview will answer at {url}tracker/ once the first build is done");
    let at = said.find(&notice).unwrap_or_else(|| panic!("no `{notice}`:\n{said}"));
    assert!(at < said.find("rebuilt (").expect("the report"), "{said}");
}
