//! `_collection.yaml` → [`Collection`]: its titles and translations, sort
//! order and facets, each checked against the fields it declares.

use std::collections::BTreeMap;

use super::fields::field_def;
use super::mapping::MapCheck;
use super::{label_of, translations};
use crate::core::diag::{Diagnostic, Diagnostics, did_you_mean};
use crate::load::YamlFile;
use crate::model::{Collection, CollectionText, FieldType, Schema, Sort};

const COLLECTION_KEYS: &[&str] = &[
    "title",
    "singular",
    "description",
    "sort",
    "facets",
    "fields",
    "translations",
    "stale-after",
];

pub(super) fn collection(
    name: &str,
    file: &YamlFile,
    schema: &Schema,
    collections: &[&str],
    languages: &[String],
    diags: &mut Diagnostics,
) -> Option<Collection> {
    let mc = MapCheck { path: &file.path, what: "_collection.yaml" };
    let entries = mc.entries(&file.node, diags);
    file.node.as_map()?;
    let mut c = Collection {
        name: name.to_owned(),
        title: String::new(),
        singular: String::new(),
        description: String::new(),
        sort: Sort { field: "title".into(), descending: false },
        facets: Vec::new(),
        fields: Vec::new(),
        broken_fields: Vec::new(),
        translations: BTreeMap::new(),
        // Sources are documents of their date, not content to review: they
        // never go stale unless their own `stale-after` says so.
        stale_after: (name == crate::load::SOURCES)
            .then_some(crate::core::period::Staleness::Never),
    };
    let mut sort_at = None;
    let mut facets_at = Vec::new();
    let mut has_title = false;
    for (key, v, kpos) in entries {
        match key {
            "title" => {
                has_title = true;
                c.title = mc.string(key, v, diags).unwrap_or_default();
            }
            "singular" => c.singular = mc.string(key, v, diags).unwrap_or_default(),
            "description" => c.description = mc.string(key, v, diags).unwrap_or_default(),
            "sort" => {
                if let Some(s) = mc.string(key, v, diags) {
                    let (field, descending) = match s.strip_prefix('-') {
                        Some(f) => (f.to_owned(), true),
                        None => (s.clone(), false),
                    };
                    c.sort = Sort { field, descending };
                    sort_at = Some(v.pos);
                }
            }
            "facets" => facets_at = mc.strings(key, v, diags),
            "stale-after" => {
                if let Some(text) = mc.string(key, v, diags) {
                    match crate::core::period::Staleness::parse(&text) {
                        Ok(s) => c.stale_after = Some(s),
                        Err(why) => diags.push(
                            Diagnostic::error(&file.path, v.pos, format!("stale-after: {why}"))
                                .with_help(crate::config::STALE_AFTER_HELP),
                        ),
                    }
                }
            }
            "translations" => {
                let keys = ["title", "singular", "description"];
                for (lang, mut t) in translations::parse(&file.path, v, &keys, languages, diags) {
                    let text = CollectionText {
                        title: t.remove("title"),
                        singular: t.remove("singular"),
                        description: t.remove("description"),
                    };
                    c.translations.insert(lang, text);
                }
            }
            "fields" => {
                let fm = MapCheck { path: &file.path, what: "`fields`" };
                for (fname, def, fpos) in fm.entries(v, diags) {
                    let at = (fpos, file.path.as_str());
                    match field_def(fname, def, at, schema, collections, languages, diags) {
                        Some(fd) => c.fields.push(fd),
                        None => c.broken_fields.push(fname.to_owned()),
                    }
                }
            }
            other => mc.unknown(other, kpos, COLLECTION_KEYS, diags),
        }
    }
    if !has_title || c.title.trim().is_empty() {
        diags.push(
            Diagnostic::error(&file.path, file.node.pos, "_collection.yaml needs a `title`")
                .with_help(format!("add e.g. `title: {}`", label_of(name))),
        );
    }
    if c.singular.is_empty() {
        c.singular = label_of(name.strip_suffix('s').unwrap_or(name));
    }
    let all_names: Vec<String> = c
        .fields
        .iter()
        .map(|f| f.name.clone())
        .chain(schema.common.iter().map(|f| f.name.clone()))
        .collect();
    for (facet, pos) in facets_at {
        match c.field(&facet, &schema.common) {
            // Declared, but its definition is wrong: that error says so.
            None if c.broken_fields.contains(&facet) => {}
            None => diags.push(
                Diagnostic::error(
                    &file.path,
                    pos,
                    format!("the facet `{facet}` is not a field of this collection"),
                )
                .with_help_opt(
                    did_you_mean(&facet, all_names.iter().map(String::as_str))
                        .map(|s| format!("did you mean `{s}`?")),
                ),
            ),
            Some(fd) if !facetable(fd.ty.scalar()) => diags.push(
                Diagnostic::error(
                    &file.path,
                    pos,
                    format!("`{facet}` ({}) cannot be a facet", fd.ty.describe()),
                )
                .with_help("facets are enum, term, country, ref, bool, int or string fields"),
            ),
            Some(_) if c.facets.contains(&facet) => {
                diags.push(Diagnostic::error(
                    &file.path,
                    pos,
                    format!("the facet `{facet}` is listed twice"),
                ));
            }
            Some(_) => c.facets.push(facet),
        }
    }
    if let Some(pos) = sort_at {
        match c.field(&c.sort.field, &schema.common) {
            None if c.broken_fields.contains(&c.sort.field) => {}
            None => diags.push(
                Diagnostic::error(
                    &file.path,
                    pos,
                    format!(
                        "cannot sort by `{}`: it is not a field of this collection",
                        c.sort.field
                    ),
                )
                .with_help_opt(
                    did_you_mean(&c.sort.field, all_names.iter().map(String::as_str))
                        .map(|s| format!("did you mean `{s}`?")),
                ),
            ),
            Some(fd) if fd.ty.is_list() => diags.push(
                Diagnostic::error(
                    &file.path,
                    pos,
                    format!("cannot sort by `{}`: it holds a list", c.sort.field),
                )
                .with_help("sort by a field with one value, such as a date or the title"),
            ),
            Some(_) => {}
        }
    }
    Some(c)
}

fn facetable(t: &FieldType) -> bool {
    matches!(
        t,
        FieldType::Enum(_)
            | FieldType::Term(_)
            | FieldType::Country
            | FieldType::Ref(_)
            | FieldType::Bool
            | FieldType::Int
            | FieldType::String
    )
}
