//! See `hostile/mod.rs`: `build-dir` and `index-dir` are folders of their
//! own (never content, themes, `.git`, the project folder, the other output
//! folder, a symlink, or an existing folder a build did not make), and
//! content and themes are read only from inside the project.

use std::fs;
use std::path::Path;

use crate::support::*;

/// A site with `[build]` lines `build`, a theme, a `.git` folder and a
/// finished first build; returns it with the snapshot of the material a
/// bad output folder would destroy.
fn site_with(build: &str) -> (Site, std::collections::BTreeMap<String, Vec<u8>>) {
    let s = Site::minimal();
    s.write("themes/custom/page.html", "{% extends \"base.html\" %}");
    s.write(".git/HEAD", "ref: refs/heads/main\n");
    s.write(".git/objects/ab/cdef", "object");
    s.write("docs/guide.md", "# Our own guide\n");
    s.write("book.toml", &format!("[book]\ntitle = \"Test\"\n\n[build]\n{build}\n"));
    let material = snapshot(s.path())
        .into_iter()
        .filter(|(p, _)| !p.starts_with("site/") && !p.starts_with("index/"))
        .collect();
    (s, material)
}

/// `build` (and `check`) with `line` under `[build]` fail with a book.toml
/// error containing `needle` at the key (line 5, or `at`), with a help
/// line, and the project's material is untouched.
fn refused(line: &str, needle: &str) {
    refused_at(line, "book.toml:5:1: error: ", needle)
}

fn refused_at(line: &str, at: &str, needle: &str) {
    let (s, before) = site_with(line);
    for cmd in ["build", "check"] {
        let r = s.run(&[cmd]);
        assert_eq!(r.code, 1, "{cmd} with {line}: {}", r.stderr);
        let e = r.errors();
        let hit = e.iter().find(|l| l.starts_with(at) && l.contains(needle));
        assert!(hit.is_some(), "{cmd} with {line}: no error with {needle:?}:\n{}", r.stderr);
        assert!(r.stderr.contains("  help: "), "{}", r.stderr);
    }
    let after: std::collections::BTreeMap<_, _> = snapshot(s.path())
        .into_iter()
        .filter(|(p, _)| !p.starts_with("site/") && !p.starts_with("index/"))
        .collect();
    assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>(), "{line}");
    assert!(before == after, "{line}: the project's files changed");
}

#[test]
fn the_git_folder_is_never_an_output_folder() {
    refused("build-dir = \".git\"", "`build-dir = \".git\"` is the repository's `.git` folder");
    refused("index-dir = \".git/x\"", "lies inside the repository's `.git` folder");
}

/// `.github/workflows`, `.vscode`, `.husky`: a pull request setting the
/// build folder there placed its `static/` files as a workflow or a hook.
#[test]
fn a_hidden_folder_is_never_an_output_folder() {
    refused("build-dir = \".github/workflows\"", "lies in the hidden folder `.github`");
    refused("index-dir = \"out/.husky\"", "lies in the hidden folder `.husky`");
}

#[test]
fn themes_are_never_an_output_folder() {
    refused("build-dir = \"themes\"", "is the themes folder");
    refused("index-dir = \"themes/custom\"", "lies inside the themes folder");
}

#[test]
fn content_is_never_an_output_folder() {
    refused("build-dir = \"content/practices\"", "lies inside the content folder");
    refused("index-dir = \"content\"", "is the content folder");
}

#[test]
fn an_output_folder_holding_content_is_refused() {
    let s = Site::minimal();
    fs::rename(s.path().join("content"), s.path().join("data")).unwrap();
    fs::create_dir_all(s.path().join("out")).unwrap();
    fs::rename(s.path().join("data"), s.path().join("out/content")).unwrap();
    s.write("book.toml", "[build]\ncontent-dir = \"out/content\"\nbuild-dir = \"out\"\n");
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("book.toml:3:1: error: `build-dir = \"out\"` holds the content folder"),
        "{}",
        r.stderr
    );
    assert!(s.path().join("out/content/practices/single-window.md").is_file());
}

#[test]
fn the_project_folder_is_never_an_output_folder() {
    refused("build-dir = \".\"", "is the project folder itself");
    refused("index-dir = \"\"", "`index-dir` is empty");
}

#[test]
fn one_output_folder_never_holds_the_other() {
    refused_at(
        "build-dir = \"out\"\nindex-dir = \"out/index\"",
        "book.toml:6:1: error: ",
        "`index-dir = \"out/index\"` lies inside the build folder",
    );
    let (s, _) = site_with("build-dir = \"out/site\"\nindex-dir = \"out\"");
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "book.toml:5:1: error: `build-dir = \"out/site\"` lies inside the index folder"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn an_existing_folder_a_build_did_not_make_is_refused() {
    refused(
        "build-dir = \"docs\"",
        "`build-dir = \"docs\"` names a folder that Compendium did not make",
    );
    refused("index-dir = \"docs\"", "names a folder that Compendium did not make");
    refused("build-dir = \"book.toml\"", "names a file, not a folder");
    let (s, _) = site_with("build-dir = \"docs\"");
    let r = s.run(&["build"]);
    assert!(r.stderr.contains("move it or pick another folder"), "{}", r.stderr);
    assert_eq!(s.read("docs/guide.md"), "# Our own guide\n");
}

#[test]
fn a_build_marks_what_it_makes_and_replaces_it_again() {
    let (s, _) = site_with("build-dir = \"public\"\nindex-dir = \"search-index\"");
    let r = s.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(s.read("public/.compendium").contains("Compendium"));
    assert!(s.read("search-index/.compendium").contains("Compendium"));
    s.write(
        "content/practices/second.md",
        "---\ntitle: Second\nsummary: Two.\narea: customs\n---\n",
    );
    let r = s.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(s.path().join("public/practices/second/index.html").is_file());
}

#[test]
fn folders_built_before_the_marker_are_still_replaced() {
    // What earlier versions left: a site with the files every build
    // writes, an index folder with its manifest (or only a README).
    let s = Site::minimal();
    assert_eq!(s.run(&["build"]).code, 0);
    for dir in ["site", "index"] {
        fs::remove_file(s.path().join(dir).join(".compendium")).unwrap();
    }
    let r = s.run(&["build", "--force"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    fs::remove_dir_all(s.path().join("index")).unwrap();
    s.write("index/README.md", "The search index is built here.\n");
    let r = s.run(&["build", "--force"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(s.read("index/README.md"), "The search index is built here.\n");
    assert!(s.path().join("index/.compendium").is_file());
}

#[cfg(unix)]
#[test]
fn a_symlinked_output_folder_is_refused_and_what_it_points_to_kept() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("precious.txt"), "keep me").unwrap();
    for (key, link_to) in [("build-dir", outside.path().to_path_buf()), ("index-dir", ".".into())] {
        let (s, _) = site_with(&format!("{key} = \"out\""));
        std::os::unix::fs::symlink(&link_to, s.path().join("out")).unwrap();
        let r = s.run(&["build"]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(
            r.stderr.contains(&format!("book.toml:5:1: error: `{key} = \"out\"` is a symlink")),
            "{}",
            r.stderr
        );
        assert!(s.path().join("content/practices/single-window.md").is_file());
    }
    // A parent that links out of the project.
    let (s, _) = site_with("build-dir = \"out/site\"");
    std::os::unix::fs::symlink(outside.path(), s.path().join("out")).unwrap();
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("outside the project"), "{}", r.stderr);
    // A parent that links into content.
    let (s, _) = site_with("build-dir = \"out/practices\"");
    std::os::unix::fs::symlink(s.path().join("content"), s.path().join("out")).unwrap();
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("is the content folder")
            || r.stderr.contains("lies inside the content folder"),
        "{}",
        r.stderr
    );
    assert!(s.path().join("content/practices/single-window.md").is_file());
    assert_eq!(fs::read_to_string(outside.path().join("precious.txt")).unwrap(), "keep me");
    assert_eq!(fs::read_dir(outside.path()).unwrap().count(), 1);
}

#[test]
fn output_folders_outside_the_project_are_refused() {
    refused("build-dir = \"../x\"", "is not a folder inside the project");
    refused("index-dir = \"/tmp/compendium-index\"", "is not a folder inside the project");
}

#[test]
fn content_outside_the_project_is_refused() {
    // A valid content folder in another scratch folder beside this one.
    let elsewhere = Site::minimal();
    let name = elsewhere.path().file_name().unwrap().to_string_lossy().into_owned();
    for content in
        [format!("../{name}/content"), elsewhere.path().join("content").display().to_string()]
    {
        let s = Site::minimal();
        assert!(s.path().join(&content).is_dir());
        s.write("book.toml", &format!("[build]\ncontent-dir = \"{content}\"\n"));
        let r = s.run(&["check"]);
        assert_eq!(r.code, 1, "{content}: {}", r.stderr);
        assert!(r.stderr.contains("book.toml:2:1: error: `content-dir = "), "{}", r.stderr);
        assert!(r.stderr.contains("is not a folder inside the project"), "{}", r.stderr);
    }
}

#[cfg(unix)]
#[test]
fn content_or_a_theme_linked_from_outside_is_refused() {
    let elsewhere = Site::minimal();
    elsewhere.write("themes/dark/page.html", "{% extends \"base.html\" %}");
    let s = Site::minimal();
    fs::remove_dir_all(s.path().join("content")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path().join("content"), s.path().join("content")).unwrap();
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("error: `content-dir = \"content\"` cannot be read: it resolves to"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("outside the project"), "{}", r.stderr);

    let s = Site::minimal();
    fs::create_dir_all(s.path().join("themes")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path().join("themes/dark"), s.path().join("themes/dark"))
        .unwrap();
    s.write("book.toml", "[build]\ntheme = \"dark\"\n");
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("book.toml:2:1: error: theme `dark` cannot be read"), "{}", r.stderr);
    assert!(!s.path().join("site").exists());
}

#[test]
fn every_folder_problem_is_reported_at_once() {
    let (s, _) = site_with("build-dir = \".git\"\nindex-dir = \"themes\"\ncontent-dir = \"../c\"");
    s.write("book.toml", "[book]\nlanguage = \"??\"\n\n[build]\nbuild-dir = \".git\"\nindex-dir = \"themes\"\ncontent-dir = \"../c\"\n");
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let e = r.errors();
    assert_eq!(e.len(), 4, "{}", r.stderr);
    for at in ["book.toml:2:1:", "book.toml:5:1:", "book.toml:6:1:", "book.toml:7:1:"] {
        assert!(e.iter().any(|l| l.starts_with(at)), "{at}: {}", r.stderr);
    }
}

#[test]
fn serve_does_not_write_a_refused_folder_either() {
    let (s, before) = site_with("build-dir = \"themes\"");
    let (_engine, outcome) = compendium::serve::engine::Engine::start(s.path());
    assert!(
        outcome
            .diagnostics
            .iter()
            .any(|d| d.path == "book.toml" && d.message.contains("is the themes folder")),
        "{:?}",
        outcome.diagnostics
    );
    let after = snapshot(s.path());
    for (path, bytes) in &before {
        assert_eq!(after.get(path), Some(bytes), "{path}");
    }
    assert!(!Path::new(&s.path().join("themes/.compendium")).exists());
}
