//! For unit tests of the later stages: a site loaded from files written
//! into a temporary folder.

use std::path::Path;
use std::sync::Arc;

use crate::core::spool::Spool;
use crate::model::Site;
use crate::validate::Bodies;

/// Writes `files` (`(path, text)`, relative to the project root) into a
/// new temporary folder and loads it; the folder lives as long as the
/// returned guard. Panics, naming the diagnostics, when the site does not
/// load.
pub(crate) fn site_from(files: &[(&str, &str)]) -> (tempfile::TempDir, Site) {
    let dir = tempfile::tempdir().expect("temporary folder");
    for (rel, text) in files {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("create folder");
        std::fs::write(p, text).expect("write");
    }
    let loaded = super::load(dir.path());
    let Some(site) = loaded.site else {
        panic!("the site does not load: {:?}", loaded.diagnostics)
    };
    (dir, site)
}

/// Loads the project at `root` as `build` does, its bodies put in `spool`.
pub(crate) fn load_spooled(root: &Path, spool: Spool) -> Site {
    let loaded = super::load_with(root, Bodies::Spool(Arc::new(spool)), false);
    let Some(site) = loaded.site else {
        panic!("the site does not load: {:?}", loaded.diagnostics)
    };
    site
}
