//! What the validators and clients users run say about Compendium's output
//! and `check` (issue #14): the JSON Schema against `check`, one bad id
//! reported once; a meta description on every page, in its language; a
//! favicon linked at every depth; a 404 page whose links work wherever a
//! host serves it; and the W3C Nu Html Checker with no error and no
//! warning on the evaluation site, the shipped knowledge base and the
//! multilingual fixture.
//!
//! The three sites are built once per test run into the target folder's
//! scratch space (replaced by the next run, kept after a failure for a
//! look), and shared by the tests of pages here.

mod bad_id;
mod describe;
mod favicon;
mod not_found;
mod schema_agreement;
mod vnu;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::build::{html_files, tags};
use crate::support::{bin, copy_dir, eval_site, repo};

/// Copies a site's `book.toml` and `content/` from `src` into a scratch
/// folder named `name`, builds it, and returns the folder.
fn build_into(name: &str, src: &Path) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("conformance").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("content")).expect("scratch folder");
    std::fs::copy(src.join("book.toml"), dir.join("book.toml")).expect("book.toml");
    copy_dir(&src.join("content"), &dir.join("content"));
    let out = Command::new(bin()).arg("--root").arg(&dir).arg("build").output().expect("build");
    assert!(out.status.success(), "build of {name}: {}", String::from_utf8_lossy(&out.stderr));
    dir
}

/// The shipped knowledge base (the repository's `content/`), built.
fn shipped() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| build_into("shipped", &repo()))
}

/// `tests/fixtures/multilingual`, built: six languages, records in others.
fn multilingual() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| build_into("multilingual", &repo().join("tests/fixtures/multilingual")))
}

/// The shared evaluation site, built, when `../shared` is beside the checkout.
fn evaluation() -> Option<&'static Path> {
    static SITE: OnceLock<Option<PathBuf>> = OnceLock::new();
    SITE.get_or_init(|| {
        let src = eval_site();
        if src.is_none() {
            eprintln!("skipped: ../shared/fixtures/eval-site is not beside the checkout");
        }
        src.map(|s| build_into("eval", &s))
    })
    .as_deref()
}

/// One HTML page of a built site: its path from the site root, its
/// language (`<html lang>`), and its meta description with that
/// element's own `lang`, when it has one.
struct PageInfo {
    rel: String,
    lang: String,
    description: Option<String>,
    description_lang: Option<String>,
    /// `href` of each `<link rel=icon>`.
    icons: Vec<String>,
}

/// Every HTML page under `site/` of a built site.
fn pages(dir: &Path) -> Vec<PageInfo> {
    let root = dir.join("site");
    html_files(&root)
        .into_iter()
        .map(|file| {
            let rel =
                file.strip_prefix(&root).expect("prefix").to_string_lossy().replace('\\', "/");
            let html = std::fs::read_to_string(&file).expect("read page");
            let mut page = PageInfo {
                rel,
                lang: String::new(),
                description: None,
                description_lang: None,
                icons: Vec::new(),
            };
            for tag in tags(&html) {
                match tag.name.as_str() {
                    "html" => page.lang = tag.attr("lang").unwrap_or("").to_owned(),
                    "meta" if tag.attr("name") == Some("description") => {
                        assert!(page.description.is_none(), "{}: two descriptions", page.rel);
                        page.description = tag.attr("content").map(str::to_owned);
                        page.description_lang = tag.attr("lang").map(str::to_owned);
                    }
                    "link" if tag.attr("rel") == Some("icon") => {
                        page.icons.push(tag.attr("href").unwrap_or("").to_owned());
                    }
                    _ => {}
                }
            }
            page
        })
        .collect()
}
