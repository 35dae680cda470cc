//! Shared by the fuzz targets: a tiny site on disk (in `/dev/shm` when it
//! exists, so the file system costs little) and the `check` entry point run
//! over it, with every output format of the diagnostics, then rendering of
//! the pages the fuzzed file feeds.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use compendium::Site;
use compendium::core::diag::{self, Format};
use compendium::pipeline::{self, Loaded};
use compendium::render::{self, Page, Theme};

pub const BOOK: &str = "[book]\ntitle = \"Fuzz\"\nlanguage = \"en\"\n";

pub const TAXONOMIES: &str = "\
topics:
  title: Topics
  terms:
    trade: {label: Trade, aliases: [commerce]}
    payments: {label: Payments, description: Paying across borders.}
regions:
  title: Regions
  terms:
    european-union: {label: European Union, members: [FRA, DEU]}
organisations:
  title: Organisations
  terms:
    upu: {label: UPU, aliases: [Universal Postal Union]}
";

pub const PRACTICES: &str = "\
title: Practices
singular: Practice
description: Good practices.
sort: title
facets: [area, topics, lead]
fields:
  area: {type: enum, values: [customs, payments], required: true}
  adopted: {type: date}
  lead: {type: country}
  basis: {type: list, of: {type: ref, collection: practices}}
  rules: {type: list, of: {type: ref, collection: rules}}
  website: {type: url}
  staff: {type: int}
  active: {type: bool}
  notes: {type: text, label: Notes}
  owner: {type: term, taxonomy: organisations}
";

pub const RULES: &str = "\
title: Rules
singular: Rule
sort: -adopted
facets: [jurisdiction, status]
fields:
  jurisdiction: {type: country, required: true}
  status: {type: enum, values: [draft, in-force], required: true}
  adopted: {type: date}
  implements: {type: list, of: {type: ref, collection: practices}}
";

pub const PRACTICE: &str = "---
title: Single window
summary: One place to lodge trade documents.
area: customs
topics: [trade]
countries: [KEN, european-union]
sources:
  - {ref: sources/declaration, locator: paragraph 4}
related: [rules/psd2]
---

A **single window** lets traders submit documents once.

## Key points {#key}

- one
- [x] two[^1]

[^1]: a note
";

pub const RULE: &str = "\
title: Payment services directive
summary: Strong customer authentication.
jurisdiction: european-union
status: in-force
adopted: 2015-11-25
implements: [single-window]
";

pub const SOURCE: &str = "\
title: The declaration
summary: A ministerial declaration.
publisher: G20
date: 2021-08-05
url: https://example.org/declaration
";

/// A scratch folder, preferably in memory.
pub fn scratch() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir()
        && let Ok(d) = tempfile::Builder::new().prefix("compendium-fuzz-").tempdir_in(shm)
    {
        return d;
    }
    tempfile::tempdir().expect("temp dir")
}

/// Writes `text` to `root/rel`, creating folders.
pub fn write(root: &Path, rel: &str, text: impl AsRef<[u8]>) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, text).expect("write");
}

/// The base site: two collections, sources, taxonomies, one record each.
pub fn base_site(root: &Path) {
    write(root, "book.toml", BOOK);
    write(root, "content/_taxonomies.yaml", TAXONOMIES);
    write(root, "content/practices/_collection.yaml", PRACTICES);
    write(root, "content/practices/single-window.md", PRACTICE);
    write(root, "content/rules/_collection.yaml", RULES);
    write(root, "content/rules/psd2.yaml", RULE);
    write(root, "content/sources/declaration.yaml", SOURCE);
}

/// What `check` does (load, validate, resolve, report in every format),
/// then what `build` renders for the pages `pages` picks.
pub fn check_and_render(root: &Path, pages: impl Fn(&Site, &Page) -> bool) -> Loaded {
    let loaded = pipeline::load(root);
    let sorted = loaded.diagnostics.sorted();
    for format in [Format::Human, Format::Json, Format::Github] {
        std::hint::black_box(diag::render(&sorted, format));
    }
    std::hint::black_box(diag::github_summary(&sorted));
    if let Some(site) = &loaded.site {
        let theme = theme();
        for page in render::pages(site, theme).iter().filter(|p| pages(site, p)) {
            // Each page in every site language, as `build` renders them. A
            // page that cannot render is a bug only if it panics; the build
            // reports the error.
            for lang in site.languages() {
                let _ = std::hint::black_box(render::render_page(site, theme, lang, page));
            }
        }
    }
    loaded
}

/// The built-in theme, compiled once per process.
pub fn theme() -> &'static Theme {
    static THEME: std::sync::OnceLock<Theme> = std::sync::OnceLock::new();
    THEME.get_or_init(|| Theme::built_in().expect("built-in theme"))
}

/// The base site's scratch folder, made on first use and kept for the
/// whole fuzzing process (each target writes its fuzzed file into it).
pub fn base_root() -> &'static Path {
    static ROOT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    ROOT.get_or_init(|| site_root(base_site))
}

/// A scratch site that lives for the whole fuzzing process.
pub fn site_root(init: impl FnOnce(&Path)) -> PathBuf {
    let dir = scratch();
    init(dir.path());
    // Kept for the process: libFuzzer exits without running destructors.
    dir.keep()
}
