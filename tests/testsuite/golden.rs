//! Golden output: the SHA-256 of every file `build` writes for two fixture
//! sites, against manifests committed in `tests/golden/`. A refactor that
//! should change nothing proves it here, byte for byte.
//!
//! The site folder is compared whole (pages, assets, feeds, data and the
//! browser index under `search/`), and of the index folder the catalog
//! (`compendium.json`). Not the rest of it: tantivy names its segment files
//! with random UUIDs and splits documents between segments by which of its
//! threads took them, so two builds of the same site differ there, and
//! `build-manifest.json` holds the executable's modification time;
//! `search`'s tests cover what the index answers.
//!
//! `COMPENDIUM_BLESS=1 cargo test --test testsuite golden` rewrites the
//! manifests after an intended change of output.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::support::{self, Site};

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// `site/relative/path → hex SHA-256` of every file of the site, and the
/// index folder's catalog as `index/compendium.json`.
fn digests(root: &Path) -> BTreeMap<String, String> {
    let mut all: BTreeMap<String, String> = support::snapshot(&root.join("site"))
        .into_iter()
        .map(|(path, bytes)| (format!("site/{path}"), hex_sha256(&bytes)))
        .collect();
    let catalog = "index/compendium.json";
    let bytes = fs::read(root.join(catalog)).unwrap_or_else(|e| panic!("{catalog}: {e}"));
    all.insert(catalog.to_owned(), hex_sha256(&bytes));
    all
}

/// The manifest's text: `SHA256  path` lines sorted by path (sha256sum's format).
fn render(digests: &BTreeMap<String, String>) -> String {
    digests.iter().map(|(path, hex)| format!("{hex}  {path}\n")).collect()
}

fn parse(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter_map(|l| l.split_once("  "))
        .map(|(hex, path)| (path.to_string(), hex.to_string()))
        .collect()
}

/// Builds `site` and compares its output with `tests/golden/NAME.sha256`
/// (or rewrites that file under `COMPENDIUM_BLESS=1`).
fn check_golden(name: &str, site: &Site) {
    let _ = fs::remove_dir_all(site.path().join("site"));
    let _ = fs::remove_dir_all(site.path().join("index"));
    let r = site.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let got = digests(site.path());
    assert!(!got.is_empty(), "the build wrote no site");
    let file = support::repo().join("tests/golden").join(format!("{name}.sha256"));
    if std::env::var_os("COMPENDIUM_BLESS").is_some_and(|v| v == "1") {
        fs::create_dir_all(file.parent().expect("parent")).expect("mkdir tests/golden");
        fs::write(&file, render(&got)).expect("write the manifest");
        return;
    }
    let text = fs::read_to_string(&file).unwrap_or_else(|e| {
        panic!("{}: {e} (COMPENDIUM_BLESS=1 writes it)", file.display());
    });
    let want = parse(&text);
    let added: Vec<&String> = got.keys().filter(|p| !want.contains_key(*p)).collect();
    let removed: Vec<&String> = want.keys().filter(|p| !got.contains_key(*p)).collect();
    let changed: Vec<&String> =
        got.iter().filter(|(p, h)| want.get(*p).is_some_and(|w| w != *h)).map(|(p, _)| p).collect();
    assert!(
        added.is_empty() && removed.is_empty() && changed.is_empty(),
        "{name}: the output differs from {}\nadded: {added:#?}\nremoved: {removed:#?}\nchanged: {changed:#?}\n\
         (after an intended change: COMPENDIUM_BLESS=1 cargo test --test testsuite golden)",
        file.display()
    );
}

#[test]
fn eval_site_output_matches_the_golden_manifest() {
    let Some(eval) = support::eval_site() else {
        eprintln!("skipped: ../shared/fixtures/eval-site is not beside the checkout");
        return;
    };
    check_golden("eval-site", &Site::copy_of(&eval));
}

#[test]
fn multilingual_output_matches_the_golden_manifest() {
    let fixture = support::repo().join("tests/fixtures/multilingual");
    check_golden("multilingual", &Site::copy_of(&fixture));
}
