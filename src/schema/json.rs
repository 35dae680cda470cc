//! JSON Schema (draft 2020-12) for editors and CI validators: of a
//! collection's records, and of its translation files, as YAML files or as
//! Markdown front matter.
//!
//! It accepts what `check` accepts, apart from what a schema cannot know
//! (that a referenced record exists, that an id is unique): the value rules
//! come from [`rules`], and `tests/testsuite/conformance` feeds the same
//! records to both and fails on any disagreement.

use serde_json::{Value as Json, json};

/// Names of the shared definitions under `$defs`: they start with `_`,
/// which no collection name can, so the schema of every collection
/// (`schema` without COLLECTION) can hold them beside the collections.
const EMPTY: &str = "_empty";
const TEXT: &str = "_text";
const LINE: &str = "_line";
const COUNTRY: &str = "_country";

use crate::core::rules::{self, Bounds};
use crate::load::SOURCES;
use crate::model::{Collection, FieldDef, FieldType, RecordFormat, Schema};

/// JSON Schema for the records of one collection written as `format`
/// (YAML records may hold `body`; Markdown front matter may not).
pub fn json_schema(schema: &Schema, collection: &Collection, format: RecordFormat) -> Json {
    let mut props = serde_json::Map::new();
    props.insert(
        "id".into(),
        json!({
            "type": "string",
            "pattern": rules::ID_PATTERN,
            "maxLength": rules::MAX_ID_BYTES,
            "patternErrorMessage": "lower-case letters, digits and single hyphens",
            "description": "Defaults to the file name."
        }),
    );
    if format == RecordFormat::Yaml {
        props.insert("body".into(), body());
    }
    props.insert(
        crate::schema::DRAFT.into(),
        json!({
            "type": "boolean",
            "description": "A draft is checked but not published, unless built with --drafts."
        }),
    );
    props.insert(
        crate::schema::ALIASES.into(),
        json!({
            "type": "array",
            "items": { "type": "string", "minLength": 1, "maxLength": 200 },
            "maxItems": 32,
            "description": "Earlier addresses of the record's page (old/path/), each published as a page that sends readers on."
        }),
    );
    props.insert("sources".into(), sources(schema));
    let mut required = Vec::new();
    for f in collection.all_fields(&schema.common) {
        props.insert(f.name.clone(), property(schema, f));
        if f.required {
            required.push(f.name.clone());
        }
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": collection.singular,
        "description": collection.description,
        "type": "object",
        "properties": props,
        "required": required,
        "additionalProperties": false,
        "$defs": definitions(schema)
    })
}

/// The definitions the properties refer to: an empty value, text that is
/// not blank, one line of it, and a country code (or bloc).
pub fn definitions(schema: &Schema) -> serde_json::Map<String, Json> {
    let mut defs = serde_json::Map::new();
    defs.insert(
        EMPTY.into(),
        json!({
            "description": "Left empty: the field counts as absent.",
            "anyOf": [{"type": "null"}, {"type": "string", "pattern": *rules::BLANK_PATTERN}]
        }),
    );
    defs.insert(
        TEXT.into(),
        json!({"type": "string", "pattern": *rules::NOT_BLANK_PATTERN, "patternErrorMessage": "not blank"}),
    );
    defs.insert(
        LINE.into(),
        json!({
            "$ref": format!("#/$defs/{TEXT}"),
            "pattern": *rules::ONE_LINE_PATTERN,
            "patternErrorMessage": "one line: no line breaks"
        }),
    );
    let mut codes: Vec<String> = rust_iso3166::ALL_ALPHA3.iter().map(|s| s.to_string()).collect();
    if let Some(regions) = schema.taxonomies.get("regions") {
        codes.extend(regions.terms.keys().cloned());
    }
    defs.insert(
        COUNTRY.into(),
        json!({
            "description": "An ISO 3166-1 alpha-3 code, or the id of a `regions` term for a bloc.",
            "type": "string",
            "enum": codes
        }),
    );
    defs
}

fn reference(name: &str) -> Json {
    json!({"$ref": format!("#/$defs/{name}")})
}

/// JSON Schema for the translation files of one collection: only the
/// translatable fields (and `body` in YAML), none required.
pub fn json_schema_translation(
    schema: &Schema,
    collection: &Collection,
    format: RecordFormat,
) -> Json {
    let mut props = serde_json::Map::new();
    if format == RecordFormat::Yaml {
        props.insert("body".into(), body());
    }
    for f in collection.all_fields(&schema.common).filter(|f| f.translatable()) {
        // What a translation leaves out comes from the original.
        let optional = FieldDef { required: false, ..f.clone() };
        props.insert(f.name.clone(), property(schema, &optional));
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": format!("{} (translation)", collection.singular),
        "description": format!(
            "A translation ID.LANG.md or ID.LANG.yaml of a {} record: only text fields; the rest comes from the original.",
            collection.singular.to_lowercase()
        ),
        "type": "object",
        "properties": props,
        "additionalProperties": false,
        "$defs": definitions(schema)
    })
}

fn body() -> Json {
    json!({
        "type": ["string", "null"],
        "description": "Markdown (YAML files only; Markdown files put it after the front matter)."
    })
}

/// `sources:`: a list of citations, each a title or a `ref` to a record of
/// `sources` (offered only when that collection exists).
fn sources(schema: &Schema) -> Json {
    let mut props = serde_json::Map::new();
    props.insert("title".into(), reference(TEXT));
    props.insert("url".into(), optional(scalar(schema, &FieldType::Url, Bounds::default())));
    props.insert("publisher".into(), json!({"type": "string"}));
    props.insert("date".into(), optional(scalar(schema, &FieldType::Date, Bounds::default())));
    props.insert(
        "year".into(),
        json!({"type": "integer", "description": "The year, for a document known by its year alone."}),
    );
    props.insert(
        "locator".into(),
        json!({"type": "string", "description": "Paragraph, page or section cited."}),
    );
    let mut needs = vec![json!({"required": ["title"]})];
    if schema.collections.contains_key(SOURCES) {
        props.insert(
            "ref".into(),
            json!({
                "type": "string",
                "pattern": rules::ref_pattern(SOURCES),
                "description": "A record of the sources collection."
            }),
        );
        needs.push(json!({"required": ["ref"]}));
    }
    let citation = json!({
        "type": "object",
        "properties": props,
        "additionalProperties": false,
        "anyOf": needs
    });
    json!({"anyOf": [{"type": "null"}, {"type": "array", "items": citation}]})
}

/// One field's schema: its value's, with its label and description. An
/// optional field may also be left empty (`~` or `""`), as `check` allows;
/// a list field also takes a single value, as a one-item list.
fn property(schema: &Schema, f: &FieldDef) -> Json {
    let bounds = rules::bounds(&f.name);
    let mut s = match &f.ty {
        FieldType::List(inner) => {
            let item = scalar(schema, inner, bounds);
            let min_items = usize::from(f.required);
            let list =
                json!({"type": "array", "items": item, "uniqueItems": true, "minItems": min_items});
            json!({"anyOf": [item, list]})
        }
        ty => scalar(schema, ty, bounds),
    };
    if !f.required {
        s = optional(s);
    }
    if let Json::Object(m) = &mut s {
        m.insert("title".into(), f.label.clone().into());
        if let Some(d) = &f.description {
            m.insert("description".into(), d.clone().into());
        }
    }
    s
}

/// `s`, or nothing: `~`, or text that is only white space.
fn optional(s: Json) -> Json {
    json!({"anyOf": [s, reference(EMPTY)]})
}

/// The schema of one (non-list) value of type `ty`.
fn scalar(schema: &Schema, ty: &FieldType, bounds: Bounds) -> Json {
    let mut s = match ty {
        FieldType::String => reference(LINE),
        FieldType::Text | FieldType::Markdown => reference(TEXT),
        FieldType::Int => json!({"type": "integer", "minimum": i64::MIN, "maximum": i64::MAX}),
        FieldType::Bool => json!({"type": "boolean"}),
        FieldType::Date => json!({
            "type": "string",
            "format": "date",
            "pattern": rules::DATE_PATTERN,
            "patternErrorMessage": "a date: YYYY-MM-DD"
        }),
        FieldType::Url => json!({
            "type": "string",
            "pattern": *rules::URL_PATTERN,
            "patternErrorMessage": "an absolute http(s):// URL with a host name, or mailto:"
        }),
        FieldType::Enum(e) => json!({"type": "string", "enum": e.values}),
        FieldType::Country => reference(COUNTRY),
        FieldType::Term(t) => {
            let ids: Vec<&String> =
                schema.taxonomies.get(t).map(|t| t.terms.keys().collect()).unwrap_or_default();
            json!({"type": "string", "enum": ids})
        }
        FieldType::Ref(Some(c)) => json!({
            "type": "string",
            "pattern": rules::ref_pattern(c),
            "description": format!("A record id of `{c}`, or its global key `{c}/ID`.")
        }),
        FieldType::Ref(None) => json!({
            "type": "string",
            "pattern": rules::key_pattern(schema.collections.keys().map(String::as_str)),
            "patternErrorMessage": "a record key: collection/id"
        }),
        // Lists of lists are not declared (`of:` names a scalar type).
        FieldType::List(inner) => scalar(schema, inner, bounds),
    };
    if let Json::Object(m) = &mut s {
        if let Some(min) = bounds.minimum {
            m.insert("minimum".into(), min.into());
        }
        if let Some(max) = bounds.maximum {
            m.insert("maximum".into(), max.into());
        }
        if let Some(n) = bounds.max_chars {
            m.insert("maxLength".into(), n.into());
        }
    }
    if let Some(p) = bounds.pattern {
        patterns(&mut s, p);
    }
    s
}

/// Adds `pattern` to `s`; a second one goes under `allOf` (a schema object
/// holds one `pattern`, and every one must match).
fn patterns(s: &mut Json, pattern: &str) {
    let Json::Object(m) = s else { return };
    if !m.contains_key("pattern") {
        m.insert("pattern".into(), pattern.into());
        return;
    }
    let all = m.entry("allOf").or_insert_with(|| json!([]));
    if let Json::Array(a) = all {
        a.push(json!({"pattern": pattern}));
    }
}
