//! `compendium schema [COLLECTION] [--translation] [--markdown]`: JSON
//! Schema for editors and CI, of records or of translation files, as YAML
//! files or as Markdown front matter.

use std::path::Path;

use serde_json::json;

use crate::cmd::{CONTENT_ERROR, USAGE};
use crate::core::diag::report_in;
use crate::core::diag::{Diagnostics, did_you_mean};
use crate::model::RecordFormat;
use crate::{load, schema};

/// Prints the schema of one collection, or of all as `$defs` with `anyOf`.
/// Only the schema files need to be valid, not the records.
pub fn run(root: &Path, collection: Option<&str>, translation: bool, markdown: bool) -> u8 {
    let mut diags = Diagnostics::new();
    let Ok(project) = super::load_project(root) else { return CONTENT_ERROR };
    let loaded = load::scan(&project, &mut Diagnostics::new());
    let s = schema::build(&loaded, &mut diags);
    // Record errors do not matter here; schema-file errors do.
    let schema_errors: Vec<_> = diags
        .sorted()
        .into_iter()
        .filter(|d| {
            d.path.ends_with(load::COLLECTION_FILE) || d.path.ends_with(load::TAXONOMIES_FILE)
        })
        .collect();
    if schema_errors.iter().any(|d| d.severity == crate::core::diag::Severity::Error) {
        let mut only = Diagnostics::new();
        only.extend(schema_errors);
        report_in(root, &only);
        return CONTENT_ERROR;
    }
    let format = if markdown { RecordFormat::Markdown } else { RecordFormat::Yaml };
    let one = |c| {
        if translation {
            schema::json_schema_translation(&s, c, format)
        } else {
            schema::json_schema(&s, c, format)
        }
    };
    let out = match collection {
        Some(name) => match s.collections.get(name) {
            Some(c) => one(c),
            None => {
                let hint = did_you_mean(name, s.collections.keys().map(String::as_str))
                    .map(|n| format!(" (did you mean `{n}`?)"))
                    .unwrap_or_default();
                let known: Vec<&str> = s.collections.keys().map(String::as_str).collect();
                eprintln!(
                    "error: there is no collection `{name}`{hint}; known: {}",
                    known.join(", ")
                );
                return USAGE;
            }
        },
        None => {
            // The shared definitions once, beside the collections (whose
            // names cannot start with `_`); each collection's copy goes.
            let mut defs = schema::definitions(&s);
            for c in s.collections.values() {
                let mut one = one(c);
                if let Some(m) = one.as_object_mut() {
                    m.remove("$defs");
                }
                defs.insert(c.name.clone(), one);
            }
            let any: Vec<_> =
                s.collections.keys().map(|n| json!({"$ref": format!("#/$defs/{n}")})).collect();
            json!({"$schema": "https://json-schema.org/draft/2020-12/schema", "$defs": defs, "anyOf": any})
        }
    };
    let mut text = serde_json::to_string_pretty(&out).unwrap_or_default();
    text.push('\n');
    crate::core::exit::print_out(&text)
}
