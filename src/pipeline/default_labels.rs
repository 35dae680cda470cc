//! On a site whose default language is not English, a collection's fields
//! and enum values that no label names in that language: pages show them
//! as their names in words ("Launched", "Planned") among the default
//! language's text, which an editor following the README's example (fields
//! with a type only) learns only by reading every page.

use crate::config::Project;
use crate::core::diag::{Diagnostic, Diagnostics, Pos, rel_path};
use crate::model::{FieldType, Schema};

/// Most names listed in one warning.
const SHOWN: usize = 8;

/// A warning per collection with such fields or values.
pub fn check(project: &Project, schema: &Schema, diags: &mut Diagnostics) {
    let lang = project.config.book.language.as_str();
    let primary = lang.split(['-', '_']).next().unwrap_or(lang);
    if primary.eq_ignore_ascii_case("en") {
        return;
    }
    for (name, c) in &schema.collections {
        let mut unnamed: Vec<String> = Vec::new();
        for f in &c.fields {
            if !f.labelled && f.label_in(lang).is_none() {
                unnamed.push(format!("`{}`", f.name));
            }
            if let FieldType::Enum(e) = f.ty.scalar() {
                let values = e.values.iter().filter(|v| e.label_in(v, lang).is_none());
                unnamed.extend(values.map(|v| format!("`{}: {v}`", f.name)));
            }
        }
        if unnamed.is_empty() {
            continue;
        }
        let file = project.content_dir.join(name).join(crate::load::COLLECTION_FILE);
        let more = unnamed.len().saturating_sub(SHOWN);
        let mut listed = unnamed.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
        if more > 0 {
            listed.push_str(&format!(" and {more} more"));
        }
        let have = if unnamed.len() == 1 { "has" } else { "have" };
        diags.push(
            Diagnostic::warning(
                rel_path(&project.root, &file),
                Pos::START,
                format!(
                    "the site's language is `{lang}`, but {listed} {have} no label in it: pages \
                     show their names in words, in English"
                ),
            )
            .with_help(format!(
                "give each field `label:` in `{lang}` (or `translations: {{{lang}: {{label: …}}}}`), \
                 and each enum value a label under `value-labels:`"
            )),
        );
    }
}
