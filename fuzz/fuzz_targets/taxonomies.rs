//! Bytes as `content/_taxonomies.yaml`, as `check` reads it: written into a
//! small site on disk whose records use `topics`, `regions` (also through
//! country fields naming a bloc) and `organisations` terms, then
//! `pipeline::load` parses it with positions, builds the taxonomies (terms,
//! labels, aliases, region members), validates the records' terms against
//! them and resolves the site (term index, countries); diagnostics are
//! rendered in every format. When the site is valid, the taxonomy, term and
//! country pages are rendered and the search catalog built (aliases feed it).

#![no_main]

mod common;

use compendium::render::Page;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let root = common::base_root();
    common::write(root, "content/_taxonomies.yaml", data);
    let loaded = common::check_and_render(root, |_, p| {
        matches!(
            p,
            Page::TaxonomyIndex(_)
                | Page::Term(..)
                | Page::CountryIndex
                | Page::Country(_)
                | Page::Record(_)
        )
    });
    if let Some(site) = &loaded.site {
        std::hint::black_box(compendium::search::catalog::build(site));
    }
});
