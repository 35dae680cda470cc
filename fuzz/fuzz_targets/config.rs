//! Bytes as `book.toml`, as every command reads it: written into a small
//! site on disk, then `config::Project::load` parses it (TOML, unknown keys
//! with "did you mean", folders, base URL, language tag, limits) and, when
//! it loads, `check` runs under it (the limits it sets apply to parsing the
//! records) and the home page and record pages are rendered with the book's
//! title, description and language.
//!
//! A configuration that points `content-dir` or the theme outside the
//! scratch site is loaded but not run further: reading the whole machine's
//! files is what such a book.toml asks for, not a bug.

#![no_main]

mod common;

use compendium::config::Project;
use compendium::core::diag::Diagnostics;
use compendium::render::{self, Page};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let root = common::base_root();
    common::write(root, "book.toml", data);
    let project = match Project::load(root) {
        Ok(p) => p,
        Err(diags) => {
            let mut d = Diagnostics::new();
            d.extend(diags);
            let sorted = d.sorted();
            for format in
                [compendium::core::diag::Format::Human, compendium::core::diag::Format::Json]
            {
                std::hint::black_box(compendium::core::diag::render(&sorted, format));
            }
            return;
        }
    };
    let inside = |p: &std::path::Path| {
        p.strip_prefix(root).is_ok_and(|r| {
            r.components().all(|c| {
                matches!(c, std::path::Component::Normal(_) | std::path::Component::CurDir)
            })
        })
    };
    if !inside(&project.content_dir) || !project.theme_dir.as_deref().is_none_or(inside) {
        return;
    }
    let loaded = compendium::pipeline::load_project(project, Diagnostics::new());
    if let Some(site) = &loaded.site {
        let theme = common::theme();
        for page in render::pages(site, theme) {
            if matches!(page, Page::Home | Page::Record(_)) {
                // In every language the book declares, as `build` renders them.
                for lang in site.languages() {
                    let _ = std::hint::black_box(render::render_page(site, theme, lang, &page));
                }
            }
        }
    }
});
