//! A record file's bytes through the real loading path, as `check` runs it:
//! the bytes are written as a record into a small site on disk, then
//! `pipeline::load` reads it (UTF-8 check, front-matter split for `.md`,
//! YAML with positions), validates it against the collection's schema
//! (every field type, ids, countries, terms, references, citations, the
//! Markdown nesting limit) and resolves the site; the diagnostics are
//! rendered in every format. When the record is valid its page and its
//! collection's listing are rendered as `build` does (Markdown to sanitised
//! HTML, templates, minification), and its search document is built.
//!
//! The first byte picks the form: bit 0 `.md` / `.yaml`, bit 1 the
//! collection (`practices` or `rules`). The rest is the file.

#![no_main]

mod common;

use compendium::render::Page;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, bytes)) = data.split_first() else { return };
    let root = common::base_root();
    let ext = if sel & 1 == 0 { "md" } else { "yaml" };
    let collection = if sel & 2 == 0 { "practices" } else { "rules" };
    let rel = format!("content/{collection}/fuzzed.{ext}");
    common::write(root, &rel, bytes);
    let loaded = common::check_and_render(root, |site, p| match p {
        Page::Record(k) => site.records.get(k).is_some_and(|r| r.path == rel),
        Page::Collection(c) => c == collection,
        _ => false,
    });
    if let Some(site) = &loaded.site {
        // The search side of the record: catalog entry and plain text.
        let (catalog, facets) = compendium::search::catalog::build(site);
        std::hint::black_box((&catalog, &facets));
        for r in site.records.values() {
            std::hint::black_box(compendium::markdown::to_text(&r.body.text()));
        }
    }
    let _ = std::fs::remove_file(root.join(&rel));
});
