//! A record filed in the wrong collection: a regulation copied into
//! `programmes/` has several fields its collection does not declare, all of
//! them declared by another one. Said once, at the first of them, with the
//! folder it belongs in, rather than as one "unknown field" per field (each
//! advising to change the schema) and a "missing required field" for every
//! field of the collection it is not.

use crate::core::diag::{Diagnostic, Pos};
use crate::core::yaml::Node;
use crate::model::{Collection, Schema};
use crate::schema::SPECIAL_KEYS;

/// Fewer unknown fields than this are typing mistakes, said one by one.
const AT_LEAST: usize = 2;

/// The collection a record of `collection` whose fields are `fields` seems
/// to belong to, and its error; `None` when its unknown fields are not
/// (all) another collection's.
pub(super) fn misfiled<'s>(
    path: &str,
    collection: &Collection,
    schema: &'s Schema,
    fields: &Node,
) -> Option<(&'s Collection, Vec<String>, Diagnostic)> {
    let entries = fields.as_map()?;
    let known = |c: &Collection, name: &str| {
        c.field(name, &schema.common).is_some()
            || SPECIAL_KEYS.contains(&name)
            || c.broken_fields.iter().any(|f| f == name)
    };
    let unknown: Vec<(&str, Pos)> = entries
        .iter()
        .filter_map(|(k, _)| Some((k.as_str()?, k.pos)))
        .filter(|(name, _)| !known(collection, name))
        .collect();
    if unknown.len() < AT_LEAST {
        return None;
    }
    // Every unknown field declared there, and (to tell two candidates
    // apart) the one whose required fields the record has the most of.
    let written = |name: &str| entries.iter().any(|(k, _)| k.as_str() == Some(name));
    let home = schema
        .collections
        .values()
        .filter(|c| c.name != collection.name)
        .filter(|c| unknown.iter().all(|(name, _)| c.field(name, &schema.common).is_some()))
        .max_by_key(|c| {
            let has = c.all_fields(&schema.common).filter(|f| f.required && written(&f.name));
            // Ties go to the first by name (max_by_key keeps the last).
            (has.count(), std::cmp::Reverse(c.name.clone()))
        })?;
    let names: Vec<String> = unknown.iter().map(|(n, _)| (*n).to_owned()).collect();
    let mut shown: Vec<String> = names.iter().take(3).map(|n| format!("`{n}`")).collect();
    let last = match names.len().saturating_sub(3) {
        0 => shown.pop().unwrap_or_default(),
        n => format!("{n} more"),
    };
    let (this, there) = (collection.singular.to_lowercase(), home.singular.to_lowercase());
    let error = Diagnostic::error(
        path,
        unknown[0].1,
        format!(
            "{} and {last} are fields of {there} records, not of {this} records: this looks like a \
             {there} record in the `{}` folder",
            shown.join(", "),
            collection.name
        ),
    )
    .with_help(format!(
        "move the file into content/{}/; if it is meant as {} {this} record, use the fields \
         content/{}/_collection.yaml declares",
        home.name,
        if this.starts_with(['a', 'e', 'i', 'o']) { "an" } else { "a" },
        collection.name
    ));
    Some((home, names, error))
}
