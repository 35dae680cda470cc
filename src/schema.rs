//! `_collection.yaml` and `_taxonomies.yaml` → [`Schema`], and JSON Schema
//! for editors.
//!
//! Schema files are checked as strictly as records: unknown keys, unknown
//! types, facets that name no field and terms that break the id rule are all
//! diagnostics with positions.

use std::collections::{BTreeMap, HashSet};

use crate::core::diag::{Diagnostic, Diagnostics, Pos, did_you_mean};
use crate::core::rules::is_id;
use crate::core::yaml::{Node, NodeKind};
use crate::load::{Loaded, SOURCES, YamlFile};
use crate::model::{Collection, CollectionText, FieldDef, FieldType, Schema, Sort};

mod json;
mod taxonomies;
use taxonomies::taxonomies;
mod translations;
pub use json::{definitions, json_schema, json_schema_translation};

/// Names that pages already use at the top of the site; collections and
/// taxonomies may not take them.
pub const RESERVED: &[&str] =
    &["assets", "countries", "data", "search", "404.html", "index.html", "feed.xml", "sitemap.xml"];

/// Keys with meaning of their own in records, outside the typed fields.
pub const SPECIAL_KEYS: &[&str] = &["id", "body", "sources"];

/// The fields every record has, beside `id`, `body` and `sources`.
pub fn common_fields() -> Vec<FieldDef> {
    let f = |name: &str, ty: FieldType, required: bool, description: &str| FieldDef {
        name: name.to_owned(),
        ty,
        required,
        label: label_of(name),
        description: Some(description.to_owned()),
        translations: BTreeMap::new(),
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

/// "transfer_mechanisms" → "Transfer mechanisms".
pub fn label_of(name: &str) -> String {
    let words = name.replace(['_', '-'], " ");
    let mut c = words.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Builds the schema from the loaded schema files.
pub fn build(loaded: &Loaded, diags: &mut Diagnostics) -> Schema {
    let mut schema = Schema { common: common_fields(), ..Schema::default() };
    if let Some(file) = &loaded.taxonomies {
        schema.taxonomies = taxonomies(file, &loaded.languages, diags);
    }
    // Collections first by name so `ref` fields can name any of them.
    let names: Vec<&str> = loaded.collections.iter().map(|c| c.name.as_str()).collect();
    for dir in &loaded.collections {
        let collection = match &dir.schema {
            Some(file) => collection(&dir.name, file, &schema, &names, &loaded.languages, diags),
            None if dir.name == SOURCES => Some(default_sources()),
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
        }
    }
    schema
}

fn check_name(name: &str, path: &str, pos: Pos, what: &str, diags: &mut Diagnostics) {
    if RESERVED.contains(&name) {
        diags.push(
            Diagnostic::error(path, pos, format!("`{name}` cannot be the name of a {what}: the site uses that address for its own pages"))
                .with_help(format!("rename the {what}")),
        );
    } else if !is_id(name) {
        diags.push(
            Diagnostic::error(path, pos, format!("`{name}` is not a valid {what} name")).with_help(
                "use lower-case letters, digits and single hyphens, e.g. `best-practices`",
            ),
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
    }
}

/// Reads a mapping's entries, reporting non-string and unknown keys.
pub(crate) struct MapCheck<'a> {
    pub path: &'a str,
    pub what: &'a str,
}

impl MapCheck<'_> {
    /// The entries of `node` keyed by string, or a diagnostic.
    pub fn entries<'n>(
        &self,
        node: &'n Node,
        diags: &mut Diagnostics,
    ) -> Vec<(&'n str, &'n Node, Pos)> {
        let Some(map) = node.as_map() else {
            diags.push(Diagnostic::error(
                self.path,
                node.pos,
                format!("{} must be a mapping, not {}", self.what, node.type_name()),
            ));
            return Vec::new();
        };
        let mut out = Vec::new();
        for (k, v) in map {
            match k.as_str() {
                Some(s) => out.push((s, v, k.pos)),
                None => diags.push(Diagnostic::error(
                    self.path,
                    k.pos,
                    format!("keys in {} must be text, not {}", self.what, k.type_name()),
                )),
            }
        }
        out
    }

    /// Reports a key that is not in `known`, with a hint.
    pub fn unknown(&self, key: &str, pos: Pos, known: &[&str], diags: &mut Diagnostics) {
        let help = match did_you_mean(key, known.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!(
                "{} takes {}",
                self.what,
                known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
            ),
        };
        diags.push(
            Diagnostic::error(self.path, pos, format!("unknown key `{key}` in {}", self.what))
                .with_help(help),
        );
    }

    /// A string value, or a diagnostic.
    pub fn string(&self, key: &str, v: &Node, diags: &mut Diagnostics) -> Option<String> {
        match &v.kind {
            NodeKind::Str(s) => Some(s.clone()),
            NodeKind::Int(_) | NodeKind::Float(_) | NodeKind::Bool(_) => v.scalar_text(),
            _ => {
                diags.push(Diagnostic::error(
                    self.path,
                    v.pos,
                    format!("`{key}` must be text, not {}", v.type_name()),
                ));
                None
            }
        }
    }

    /// A list of strings (a single string counts as a one-item list).
    pub fn strings(&self, key: &str, v: &Node, diags: &mut Diagnostics) -> Vec<(String, Pos)> {
        match &v.kind {
            NodeKind::Seq(items) => items
                .iter()
                .filter_map(|i| match i.scalar_text() {
                    Some(s) => Some((s, i.pos)),
                    None => {
                        diags.push(Diagnostic::error(
                            self.path,
                            i.pos,
                            format!("items of `{key}` must be text, not {}", i.type_name()),
                        ));
                        None
                    }
                })
                .collect(),
            NodeKind::Null => Vec::new(),
            _ => match v.scalar_text() {
                Some(s) => vec![(s, v.pos)],
                None => {
                    diags.push(Diagnostic::error(
                        self.path,
                        v.pos,
                        format!("`{key}` must be a list, not {}", v.type_name()),
                    ));
                    Vec::new()
                }
            },
        }
    }

    /// A boolean, or a diagnostic.
    pub fn bool(&self, key: &str, v: &Node, diags: &mut Diagnostics) -> Option<bool> {
        match v.kind {
            NodeKind::Bool(b) => Some(b),
            _ => {
                diags.push(Diagnostic::error(
                    self.path,
                    v.pos,
                    format!("`{key}` must be true or false, not {}", v.type_name()),
                ));
                None
            }
        }
    }
}

const COLLECTION_KEYS: &[&str] =
    &["title", "singular", "description", "sort", "facets", "fields", "translations"];
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
];
const TYPES: &[&str] =
    &["string", "text", "int", "bool", "date", "url", "enum", "country", "term", "ref", "list"];

fn collection(
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

fn field_def(
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
    let ty = field_type(name, def, path, schema, collections, diags, 0)?;
    let mut required = false;
    let mut label = label_of(name);
    let mut description = None;
    let mut translations = BTreeMap::new();
    if let Some(map) = def.as_map() {
        let mc = MapCheck { path, what: "a field definition" };
        for (k, v) in map {
            match k.as_str() {
                Some("required") => required = mc.bool("required", v, diags).unwrap_or(false),
                Some("label") => label = mc.string("label", v, diags).unwrap_or(label),
                Some("description") => description = mc.string("description", v, diags),
                Some("translations") => {
                    for (lang, mut t) in translations::parse(path, v, &["label"], languages, diags)
                    {
                        if let Some(l) = t.remove("label") {
                            translations.insert(lang, l);
                        }
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
    Some(FieldDef { name: name.to_owned(), ty, required, label, description, translations })
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
            "required" | "label" | "description" | "translations" => {
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
            Some(FieldType::Enum(seen))
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
