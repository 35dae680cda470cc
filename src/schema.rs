//! `_collection.yaml` and `_taxonomies.yaml` → [`Schema`], and JSON Schema
//! for editors.
//!
//! Schema files are checked as strictly as records: unknown keys, unknown
//! types, facets that name no field and terms that break the id rule are all
//! diagnostics with positions.

use std::collections::BTreeMap;

use crate::core::diag::{Diagnostic, Diagnostics, Pos};
use crate::core::rules::is_id;
use crate::load::{Loaded, SOURCES};
use crate::model::{Collection, FieldDef, FieldType, Schema, Sort};

mod collection;
mod fields;
mod json;
pub(crate) mod mapping;
mod taxonomies;
mod translations;

use collection::collection;
pub use json::{definitions, json_schema, json_schema_translation};
pub use taxonomies::declaration_help;
use taxonomies::taxonomies;

/// Names that pages already use at the top of the site; collections and
/// taxonomies may not take them (every one of
/// [`crate::core::names::RESERVED_FOLDERS`], and the files at the root).
pub const RESERVED: &[&str] = &[
    "assets",
    "changes",
    "compare",
    "countries",
    "data",
    "search",
    "404.html",
    "index.html",
    "feed.xml",
    "sitemap.xml",
];

/// A record's earlier addresses, each published as a redirect to its page
/// (Hugo's and Zola's `aliases`).
pub const ALIASES: &str = "aliases";

/// Keys with meaning of their own in records, outside the typed fields.
pub const SPECIAL_KEYS: &[&str] = &["id", "body", "sources", DRAFT, ALIASES];

/// The fields every record has, beside `id`, `body`, `sources`, `draft`
/// and `aliases`.
pub fn common_fields() -> Vec<FieldDef> {
    let f = |name: &str, ty: FieldType, required: bool, description: &str| FieldDef {
        name: name.to_owned(),
        ty,
        required,
        label: label_of(name),
        description: Some(description.to_owned()),
        translations: BTreeMap::new(),
        labelled: false,
    };
    let list = |t: FieldType| FieldType::List(Box::new(t));
    vec![
        f("title", FieldType::String, true, "The record's title."),
        f("summary", FieldType::Text, true, "Plain text, at most 400 characters."),
        f(
            "countries",
            list(FieldType::Country),
            false,
            "ISO 3166-1 alpha-3 codes, or ids of `regions` terms for blocs.",
        ),
        f(
            "regions",
            list(FieldType::Term("regions".into())),
            false,
            "Terms of the `regions` taxonomy.",
        ),
        f(
            "organisations",
            list(FieldType::Term("organisations".into())),
            false,
            "Terms of the `organisations` taxonomy.",
        ),
        f(
            "topics",
            list(FieldType::Term("topics".into())),
            false,
            "Terms of the `topics` taxonomy.",
        ),
        f("sdgs", list(FieldType::Int), false, "Sustainable Development Goals, 1 to 17."),
        f("year", FieldType::Int, false, "The year the record is about."),
        f("date", FieldType::Date, false, "The date the record is about."),
        f("updated", FieldType::Date, false, "When the record was last updated."),
        f("language", FieldType::String, false, "BCP 47 language tag; defaults to book.toml's."),
        f(
            "related",
            list(FieldType::Ref(None)),
            false,
            "Global keys (collection/id) of related records.",
        ),
    ]
}

/// The common field that keeps a record unpublished (Hugo's and Zola's
/// `draft`).
pub const DRAFT: &str = "draft";

/// "transfer_mechanisms" → "Transfer mechanisms"; the acronyms a field
/// name writes in lower case in capitals ("official_url" → "Official
/// URL", "gdp_share" → "GDP share").
pub fn label_of(name: &str) -> String {
    const ACRONYMS: &[&str] = &[
        "ai", "api", "csv", "eu", "gdp", "html", "ict", "id", "iso", "json", "msme", "oecd", "pdf",
        "sdg", "sme", "uri", "url", "wto",
    ];
    let words: Vec<String> = name
        .split(['_', '-', ' '])
        .filter(|w| !w.is_empty())
        .map(|w| {
            if ACRONYMS.contains(&w) {
                return w.to_uppercase();
            }
            // A plural: `urls` → `URLs`.
            match w.strip_suffix('s').filter(|one| ACRONYMS.contains(one)) {
                Some(one) => format!("{}s", one.to_uppercase()),
                None => w.to_owned(),
            }
        })
        .collect();
    let words = words.join(" ");
    let mut c = words.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Builds the schema from the loaded schema files.
pub fn build(loaded: &Loaded, diags: &mut Diagnostics) -> Schema {
    let mut schema = Schema {
        common: common_fields(),
        taxonomies_unreadable: loaded.taxonomies_unreadable,
        ..Schema::default()
    };
    if let Some(file) = &loaded.taxonomies {
        schema.taxonomies = taxonomies(file, &loaded.languages, diags);
    }
    // Collections first by name so `ref` fields can name any of them.
    let names: Vec<&str> = loaded.collections.iter().map(|c| c.name.as_str()).collect();
    for dir in &loaded.collections {
        let collection = match &dir.schema {
            Some(file) => collection(&dir.name, file, &schema, &names, &loaded.languages, diags),
            None if dir.name == SOURCES && !dir.has_file => Some(default_sources()),
            None => None,
        };
        if let Some(c) = collection {
            check_name(&dir.name, &dir.path, Pos::START, "collection", diags);
            if let Some(file) = &loaded.taxonomies
                && schema.taxonomies.contains_key(&dir.name)
            {
                diags.push(
                    Diagnostic::error(
                        &file.path,
                        file.node.get(&dir.name).map(|n| n.pos).unwrap_or(Pos::START),
                        format!("the taxonomy `{}` has the same name as a collection", dir.name),
                    )
                    .with_help("rename one of them: both would be published at the same address"),
                );
            }
            schema.collections.insert(dir.name.clone(), c);
        } else {
            schema.collections_unreadable.insert(dir.name.clone());
        }
    }
    schema
}

fn check_name(name: &str, path: &str, pos: Pos, what: &str, diags: &mut Diagnostics) {
    if RESERVED.contains(&name) {
        diags.push(
            Diagnostic::error(path, pos, format!("`{name}` cannot be the name of a {what}: the site uses that address for its own pages"))
                .with_help(format!(
                    "rename the {what}: {} are the site's own folders",
                    crate::core::names::RESERVED_FOLDERS
                        .iter()
                        .map(|f| format!("`{f}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
        );
    } else if !is_id(name) {
        diags.push(
            Diagnostic::error(path, pos, format!("`{name}` is not a valid {what} name")).with_help(
                "use lower-case letters, digits and single hyphens, e.g. `best-practices`",
            ),
        );
    } else if crate::core::names::is_windows_reserved(name) {
        diags.push(
            Diagnostic::error(
                path,
                pos,
                format!("`{name}` is a device name that Windows reserves"),
            )
            .with_help(format!("rename the {what}: its folder could not be created on Windows")),
        );
    }
}

/// The schema of a `sources/` folder that has no `_collection.yaml`.
pub fn default_sources() -> Collection {
    let f = |name: &str, ty: FieldType| FieldDef {
        name: name.into(),
        label: label_of(name),
        ty,
        required: false,
        description: None,
        translations: BTreeMap::new(),
        labelled: false,
    };
    Collection {
        name: SOURCES.into(),
        title: "Sources".into(),
        singular: "Source".into(),
        description: "The documents that records cite.".into(),
        sort: Sort { field: "title".into(), descending: false },
        facets: vec!["publisher".into()],
        fields: vec![f("publisher", FieldType::String), f("url", FieldType::Url)],
        broken_fields: Vec::new(),
        translations: BTreeMap::new(),
        // Sources are documents of their date, not content to review.
        stale_after: Some(crate::core::period::Staleness::Never),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn reserved_names_hold_every_folder_the_build_writes() {
        for f in crate::core::names::RESERVED_FOLDERS {
            assert!(super::RESERVED.contains(f), "{f}");
        }
    }

    #[test]
    fn labels_from_names_write_acronyms_in_capitals() {
        use super::label_of;
        assert_eq!(label_of("transfer_mechanisms"), "Transfer mechanisms");
        assert_eq!(label_of("official_url"), "Official URL");
        assert_eq!(label_of("msmes-reached"), "MSMEs reached");
        assert_eq!(label_of("id"), "ID");
        assert_eq!(label_of("idea"), "Idea");
        assert_eq!(label_of("aid_budget"), "Aid budget");
        assert_eq!(label_of(""), "");
    }
}
