//! The theme's favicon: linked from every page with a path that resolves
//! from that page's depth, in every language folder; `favicon.ico` at the
//! site root, where browsers ask for it; a site theme replaces it.

use std::path::{Component, Path, PathBuf};

use super::{multilingual, pages};
use crate::support::Site;

/// `link`, relative to the page at `rel` (from the site root), as a path
/// from the site root; `None` when it climbs above the root.
fn resolve(rel: &str, link: &str) -> Option<PathBuf> {
    let mut parts: Vec<&str> = rel.split('/').collect();
    parts.pop();
    for seg in link.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.iter().collect())
}

#[test]
fn every_page_links_a_favicon_that_exists_from_its_depth() {
    let dir = multilingual();
    let site = dir.join("site");
    let mut depths = std::collections::BTreeSet::new();
    for p in pages(dir) {
        assert_eq!(p.icons.len(), 2, "{}: icon links {:?}", p.rel, p.icons);
        for icon in &p.icons {
            let target = resolve(&p.rel, icon)
                .unwrap_or_else(|| panic!("{}: icon {icon} climbs above the site", p.rel));
            assert!(
                target.components().all(|c| matches!(c, Component::Normal(_))),
                "{}: {icon}",
                p.rel
            );
            assert!(site.join(&target).is_file(), "{}: icon {icon} does not exist", p.rel);
        }
        depths.insert(p.rel.matches('/').count());
    }
    // Pages at the root, in language folders and three folders down.
    assert!(depths.iter().copied().eq(0..=3), "{depths:?}");
    let ico = std::fs::read(site.join("favicon.ico")).expect("favicon.ico at the root");
    assert_eq!(&ico[..4], &[0, 0, 1, 0], "an ICO file");
    let svg = std::fs::read_to_string(site.join("assets/favicon.svg")).expect("favicon.svg");
    assert!(svg.starts_with("<svg") && svg.contains("viewBox"), "{svg}");
}

#[test]
fn a_site_theme_replaces_the_favicon() {
    let s = Site::minimal();
    s.write("book.toml", "[book]\ntitle = \"Test\"\n\n[build]\ntheme = \"mine\"\n");
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"><rect width=\"1\" height=\"1\"/></svg>\n";
    s.write("themes/mine/assets/favicon.svg", svg);
    s.write_bytes("themes/mine/assets/favicon.ico", b"\0\0\x01\0mine");
    let r = s.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(s.read("site/assets/favicon.svg"), svg);
    assert_eq!(std::fs::read(s.path().join("site/favicon.ico")).unwrap(), b"\0\0\x01\0mine");
    assert!(!Path::new(&s.path().join("site/assets/favicon.ico")).exists());
    let record = s.read("site/practices/single-window/index.html");
    assert!(record.contains("href=\"../../favicon.ico\""), "{record}");
    assert!(record.contains("href=\"../../assets/favicon.svg\""), "{record}");
}
