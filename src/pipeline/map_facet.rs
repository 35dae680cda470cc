//! `[map] facet` checked against the schema: it must name a field some
//! collection has, of a kind whose values can shade a map.

use crate::config::{CONFIG_FILE, MapConfig};
use crate::core::diag::{Diagnostic, Diagnostics, did_you_mean};
use crate::model::{FieldType, Schema};

/// Whether a field of type `ty` can shade the map: a few distinct values
/// (enums, terms, yes/no, short text, numbers), not dates, links, prose,
/// countries or records.
pub fn can_shade(ty: &FieldType) -> bool {
    matches!(
        ty.scalar(),
        FieldType::Enum(_)
            | FieldType::Term(_)
            | FieldType::Bool
            | FieldType::String
            | FieldType::Int
    )
}

/// An error at `[map] facet` when no collection has a field of that name
/// that can shade the map, with the nearest name or the names that can.
pub fn check(map: &MapConfig, schema: &Schema, diags: &mut Diagnostics) {
    let Some(facet) = &map.facet else { return };
    let fields = || {
        // A title is text too, but one per record.
        schema
            .collections
            .values()
            .flat_map(|c| c.all_fields(&schema.common))
            .filter(|f| can_shade(&f.ty) && f.name != "title")
    };
    if fields().any(|f| f.name == *facet) {
        return;
    }
    let named = schema
        .collections
        .values()
        .flat_map(|c| c.all_fields(&schema.common))
        .find(|f| f.name == *facet);
    // The field may be one of a collection whose file is broken: that
    // file's errors are the ones to fix first.
    if named.is_none() && !schema.collections_unreadable.is_empty() {
        return;
    }
    let message = match named {
        Some(f) => format!(
            "`[map] facet` names `{facet}`, which is {}: its values cannot shade a map",
            f.ty.describe()
        ),
        None => format!("`[map] facet` names `{facet}`, which no collection has"),
    };
    let mut candidates: Vec<&str> = schema
        .collections
        .values()
        .flat_map(|c| c.facets.iter())
        .filter(|name| fields().any(|f| f.name == **name))
        .map(String::as_str)
        .collect();
    candidates.sort_unstable();
    candidates.dedup();
    // The facets are what readers filter by: the names a hint lists.
    let help = did_you_mean(facet, fields().map(|f| f.name.as_str()))
        .filter(|_| named.is_none())
        .map(|s| format!("did you mean `{s}`?"));
    let help = help.unwrap_or_else(|| {
        if candidates.is_empty() {
            "name an enum or term field of a collection, or remove `[map] facet`".to_owned()
        } else {
            let list: Vec<String> = candidates.iter().map(|c| format!("`{c}`")).collect();
            format!("facets that can shade the map: {}", list.join(", "))
        }
    });
    diags.push(Diagnostic::error(CONFIG_FILE, map.facet_at, message).with_help(help));
}
