//! A collection's `fields:` entries → [`FieldDef`]s: names, types (with
//! their values, taxonomy, target collection or item type) and labels.

use std::collections::{BTreeMap, HashSet};

use super::mapping::MapCheck;
use super::{SPECIAL_KEYS, label_of, translations};

/// Names the datasets (`data/records.json`, the CSV files, `export`) and
/// search filters give every record beside its fields: a field of the same
/// name would overwrite them (a record could claim another's key).
const DATASET_KEYS: &[&str] = &["key", "collection", "lang", "translated"];
use crate::core::diag::{Diagnostic, Diagnostics, Pos, did_you_mean};
use crate::core::yaml::Node;
use crate::model::{EnumValues, FieldDef, FieldType, Schema};

const FIELD_KEYS: &[&str] = &[
    "type",
    "required",
    "values",
    "taxonomy",
    "collection",
    "of",
    "label",
    "description",
    "translations",
    "value-labels",
];
const TYPES: &[&str] =
    &["string", "text", "int", "bool", "date", "url", "enum", "country", "term", "ref", "list"];

pub(super) fn field_def(
    name: &str,
    def: &Node,
    (pos, path): (Pos, &str),
    schema: &Schema,
    collections: &[&str],
    languages: &[String],
    diags: &mut Diagnostics,
) -> Option<FieldDef> {
    let valid_name = !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
    if !valid_name {
        diags.push(
            Diagnostic::error(path, pos, format!("`{name}` is not a valid field name"))
                .with_help("start with a lower-case letter; use letters, digits, `_` and `-`"),
        );
        return None;
    }
    if SPECIAL_KEYS.contains(&name) || ["title", "summary", "related", "language"].contains(&name) {
        diags.push(
            Diagnostic::error(
                path,
                pos,
                format!("`{name}` is a common field and cannot be redeclared"),
            )
            .with_help("remove it from `fields`; every record has it already"),
        );
        return None;
    }
    if DATASET_KEYS.contains(&name) {
        diags.push(
            Diagnostic::error(
                path,
                pos,
                format!(
                    "`{name}` cannot be the name of a field: datasets and search documents use \
                     it for every record's own `{name}`"
                ),
            )
            .with_help(format!("rename the field, e.g. `record_{name}`")),
        );
        return None;
    }
    let mut ty = field_type(name, def, path, schema, collections, diags, 0)?;
    let mut required = false;
    let mut label = label_of(name);
    let mut labelled = false;
    let mut description = None;
    let mut translations = BTreeMap::new();
    if let Some(map) = def.as_map() {
        let mc = MapCheck { path, what: "a field definition" };
        for (k, v) in map {
            match k.as_str() {
                Some("required") => required = mc.bool("required", v, diags).unwrap_or(false),
                Some("label") => {
                    if let Some(given) = mc.string("label", v, diags) {
                        (label, labelled) = (given, true);
                    }
                }
                Some("description") => description = mc.string("description", v, diags),
                Some("translations") => {
                    for (lang, t) in translations::field(path, v, languages, diags) {
                        if let Some(l) = t.label {
                            translations.insert(lang.clone(), l);
                        }
                        if let Some(vpos) = t.values_pos {
                            let labels = value_labels(name, &ty, t.values, (vpos, path), diags);
                            if let (FieldType::Enum(e), Some(labels)) = (ty.scalar_mut(), labels) {
                                e.translations.insert(lang, labels);
                            }
                        }
                    }
                }
                Some("value-labels") => {
                    let given = translations::labels(path, v, "`value-labels`", diags);
                    let labels = value_labels(name, &ty, given, (k.pos, path), diags);
                    if let (FieldType::Enum(e), Some(labels)) = (ty.scalar_mut(), labels) {
                        e.labels = labels;
                    }
                }
                _ => {}
            }
        }
    }
    // A redeclared common field (e.g. to make `countries` required) must keep its type.
    if let Some(common) = schema.common.iter().find(|f| f.name == name)
        && common.ty != ty
    {
        diags.push(
            Diagnostic::error(
                path,
                pos,
                format!(
                    "`{name}` is a common field of type {}; it cannot be redeclared as {}",
                    common.ty.describe(),
                    ty.describe()
                ),
            )
            .with_help("use another name for this field, or declare it with the common type"),
        );
        return None;
    }
    Some(FieldDef {
        name: name.to_owned(),
        ty,
        required,
        label,
        labelled,
        description,
        translations,
    })
}

fn field_type(
    name: &str,
    def: &Node,
    path: &str,
    schema: &Schema,
    collections: &[&str],
    diags: &mut Diagnostics,
    depth: u8,
) -> Option<FieldType> {
    // Shorthand: `adopted: date`.
    if let Some(t) = def.as_str() {
        return match t {
            "enum" | "term" | "ref" | "list" => {
                diags.push(
                    Diagnostic::error(
                        path,
                        def.pos,
                        format!("the type `{t}` needs more: write `{{type: {t}, …}}`"),
                    )
                    .with_help(match t {
                        "enum" => "e.g. {type: enum, values: [draft, adopted]}",
                        "term" => "e.g. {type: term, taxonomy: topics}",
                        "ref" => "e.g. {type: ref, collection: best-practices}",
                        _ => "e.g. {type: list, of: {type: country}}",
                    }),
                );
                None
            }
            _ => simple_type(t).or_else(|| {
                unknown_type(t, def.pos, path, diags);
                None
            }),
        };
    }
    let mc = MapCheck { path, what: "a field definition" };
    let entries = mc.entries(def, diags);
    let mut ty_name = None;
    let mut values = None;
    let mut taxonomy = None;
    let mut collection = None;
    let mut of = None;
    for (k, v, kpos) in &entries {
        match *k {
            "type" => ty_name = mc.string("type", v, diags).map(|s| (s, v.pos)),
            "values" => values = Some((mc.strings("values", v, diags), v.pos)),
            "taxonomy" => taxonomy = mc.string("taxonomy", v, diags).map(|s| (s, v.pos)),
            "collection" => collection = mc.string("collection", v, diags).map(|s| (s, v.pos)),
            "of" => of = Some(*v),
            "required" | "label" | "description" | "translations" | "value-labels" => {
                if depth > 0 {
                    diags.push(Diagnostic::error(
                        path,
                        *kpos,
                        format!("`{k}` belongs on the list field, not inside `of`"),
                    ));
                }
            }
            other => mc.unknown(other, *kpos, FIELD_KEYS, diags),
        }
    }
    let Some((ty_name, tpos)) = ty_name else {
        if def.as_map().is_some() {
            diags.push(
                Diagnostic::error(path, def.pos, format!("the field `{name}` has no `type`"))
                    .with_help(format!("add `type:` with one of {}", TYPES.join(", "))),
            );
        }
        return None;
    };
    match ty_name.as_str() {
        "enum" => {
            let Some((values, vpos)) = values else {
                diags.push(
                    Diagnostic::error(
                        path,
                        tpos,
                        format!("the enum field `{name}` lists no `values`"),
                    )
                    .with_help("add e.g. `values: [draft, adopted, in-force]`"),
                );
                return None;
            };
            if values.is_empty() {
                diags.push(Diagnostic::error(
                    path,
                    vpos,
                    format!("the enum field `{name}` lists no `values`"),
                ));
                return None;
            }
            let mut seen = Vec::new();
            // Repeats are looked up in a set: `seen.contains` was quadratic,
            // 16 s of `check` for 100 000 values (with raised YAML limits).
            let mut unique: HashSet<&str> = HashSet::with_capacity(values.len());
            for (v, p) in &values {
                if !unique.insert(v.as_str()) {
                    diags.push(
                        Diagnostic::error(path, *p, format!("`{v}` is listed twice in `values`"))
                            .with_help("remove the repeated value"),
                    );
                }
                seen.push(v.clone());
            }
            Some(FieldType::Enum(EnumValues::new(seen)))
        }
        "term" => {
            let Some((t, p)) = taxonomy else {
                diags.push(
                    Diagnostic::error(
                        path,
                        tpos,
                        format!("the term field `{name}` names no `taxonomy`"),
                    )
                    .with_help("add e.g. `taxonomy: topics`"),
                );
                return None;
            };
            // A `_taxonomies.yaml` that does not parse said so already.
            if schema.taxonomies_unreadable {
                return Some(FieldType::Term(t));
            }
            if !schema.taxonomies.contains_key(&t) {
                diags.push(
                    Diagnostic::error(path, p, format!("the taxonomy `{t}` is not declared in _taxonomies.yaml"))
                        .with_help_opt(did_you_mean(&t, schema.taxonomies.keys().map(String::as_str)).map(|s| format!("did you mean `{s}`?")).or_else(|| Some(format!("declare `{t}:` with `title` and `terms` in content/_taxonomies.yaml")))),
                );
                return None;
            }
            Some(FieldType::Term(t))
        }
        "ref" => {
            let Some((c, p)) = collection else {
                diags.push(
                    Diagnostic::error(
                        path,
                        tpos,
                        format!("the ref field `{name}` names no `collection`"),
                    )
                    .with_help("add e.g. `collection: best-practices`"),
                );
                return None;
            };
            if !collections.contains(&c.as_str()) {
                diags.push(
                    Diagnostic::error(path, p, format!("there is no collection `{c}`"))
                        .with_help_opt(
                            did_you_mean(&c, collections.iter().copied())
                                .map(|s| format!("did you mean `{s}`?")),
                        ),
                );
                return None;
            }
            Some(FieldType::Ref(Some(c)))
        }
        "list" => {
            let Some(of) = of else {
                diags.push(
                    Diagnostic::error(path, tpos, format!("the list field `{name}` has no `of`"))
                        .with_help("add e.g. `of: {type: country}`"),
                );
                return None;
            };
            if depth > 0 {
                diags.push(
                    Diagnostic::error(path, tpos, "lists of lists are not supported")
                        .with_help("use a list of scalar values"),
                );
                return None;
            }
            let inner = field_type(name, of, path, schema, collections, diags, depth + 1)?;
            if inner.is_list() {
                diags.push(Diagnostic::error(path, of.pos, "lists of lists are not supported"));
                return None;
            }
            Some(FieldType::List(Box::new(inner)))
        }
        other => simple_type(other).or_else(|| {
            unknown_type(other, tpos, path, diags);
            None
        }),
    }
}

/// How many unknown values in one `value-labels` (or translation) get a
/// "did you mean" hint.
const MAX_HINTS: usize = 20;

/// Labels for an enum field's values (`value-labels`, or a translation's
/// `values`) checked against them: a label for a value the field does not
/// list is an error at its key, with a hint; `None` when the field is not
/// an enum (reported at `at`).
fn value_labels(
    name: &str,
    ty: &FieldType,
    given: Vec<(&str, String, Pos)>,
    at: (Pos, &str),
    diags: &mut Diagnostics,
) -> Option<BTreeMap<String, String>> {
    let (pos, path) = at;
    let FieldType::Enum(values) = ty.scalar() else {
        diags.push(
            Diagnostic::error(
                path,
                pos,
                format!("`{name}` is not an enum field: only enum values take labels"),
            )
            .with_help("remove the value labels, or make the field `type: enum` with `values`"),
        );
        return None;
    };
    let known: HashSet<&str> = values.iter().map(String::as_str).collect();
    let mut out = BTreeMap::new();
    // Each hint compares with every value: only the first few unknown
    // values get one, so thousands of them against thousands of values
    // (with raised YAML limits) cannot take minutes.
    let mut hints = 0;
    for (value, label, kpos) in given {
        if known.contains(value) {
            out.insert(value.to_owned(), label);
            continue;
        }
        hints += 1;
        let suggestion = if hints <= MAX_HINTS {
            did_you_mean(value, values.iter().map(String::as_str))
        } else {
            None
        };
        let help = match suggestion {
            Some(s) => format!("did you mean `{s}`?"),
            None if values.len() > 10 => {
                format!("the values of `{name}` begin {}, …", values[..10].join(", "))
            }
            None => format!("the values of `{name}` are {}", values.join(", ")),
        };
        diags.push(
            Diagnostic::error(
                path,
                kpos,
                format!("`{value}` is not one of the values of `{name}`, so it takes no label"),
            )
            .with_help(help),
        );
    }
    Some(out)
}

fn simple_type(t: &str) -> Option<FieldType> {
    Some(match t {
        "string" => FieldType::String,
        "text" => FieldType::Text,
        "int" => FieldType::Int,
        "bool" => FieldType::Bool,
        "date" => FieldType::Date,
        "url" => FieldType::Url,
        "country" => FieldType::Country,
        _ => return None,
    })
}

fn unknown_type(t: &str, pos: Pos, path: &str, diags: &mut Diagnostics) {
    let help = match did_you_mean(t, TYPES.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("types are {}", TYPES.join(", ")),
    };
    diags.push(Diagnostic::error(path, pos, format!("unknown field type `{t}`")).with_help(help));
}
