//! Bytes as a collection's `_collection.yaml`, as `check` reads it: written
//! into a small site on disk (beside a record of that collection and one of
//! another collection that references it), then `pipeline::load` parses it
//! with positions, builds the schema (`schema::build`: titles, sort, facets,
//! field types, enum values, reference targets, reserved names), validates
//! the records against it and resolves the site; the diagnostics are
//! rendered in every format. When the site is valid, the listing, the
//! record pages and the home page are rendered and the search catalog built
//! (facets come from the schema), and the JSON Schema for editors printed.

#![no_main]

mod common;

use compendium::model::RecordFormat;
use compendium::render::Page;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let root = common::base_root();
    common::write(root, "content/practices/_collection.yaml", data);
    let loaded = common::check_and_render(root, |_, p| {
        matches!(p, Page::Home | Page::Collection(_) | Page::Record(_))
    });
    if let Some(site) = &loaded.site {
        std::hint::black_box(compendium::search::catalog::build(site));
        for c in site.schema.collections.values() {
            for format in [RecordFormat::Yaml, RecordFormat::Markdown] {
                std::hint::black_box(compendium::schema::json_schema(&site.schema, c, format));
            }
        }
    }
});
