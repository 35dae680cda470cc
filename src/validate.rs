//! Raw records × schema → typed [`Record`]s, with a diagnostic for every
//! broken rule: ids, required fields, types, countries, terms, references,
//! citations.
//!
//! References are checked here, against the set of all keys, because here
//! the YAML positions are still at hand; `resolve` then only links. Each
//! file is validated as soon as it is parsed (its parse tree is dropped
//! right after), so a reference's target is noted with its position and
//! checked once every file's key is known.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashSet};

use jiff::civil::Date;

use crate::config::Project;
use crate::core::countries;
use crate::core::diag::{Diagnostic, Diagnostics, Note, Pos, did_you_mean};
use crate::core::rules;
use crate::core::yaml::{Node, NodeKind};
use crate::load::{self, Loaded, RawRecord};
use crate::model::{Collection, FieldDef, FieldType, Key, Record, RecordFormat, Schema, Value};
use crate::schema::SPECIAL_KEYS;
use crate::schema::mapping::MapCheck;

mod citations;
pub mod translation;

use crate::core::rules::{MAX_SUMMARY_CHARS, check_url, is_id, is_language_tag};

/// Most problems in one record that get a "did you mean" or a list of the
/// allowed values in their help line. Each suggestion is a pass over every
/// allowed value, so a record of 20 000 invalid values for an enum (or
/// taxonomy) of 20 000 took minutes, and listing the values in every help
/// line took gigabytes; past this many problems, help lines stay generic.
const MAX_SUGGESTIONS: usize = 100;

// Whether the record whose problems `diags` collects may still get suggestions.
fn may_suggest(diags: &Diagnostics) -> bool {
    diags.len() < MAX_SUGGESTIONS
}

// "allowed values: a, b, c", naming at most 30 so that a long enum does not
// make every help line as long as the enum.
fn allowed_values(values: &[String]) -> String {
    const SHOWN: usize = 30;
    let mut help = format!("allowed values: {}", values[..values.len().min(SHOWN)].join(", "));
    if values.len() > SHOWN {
        help.push_str(&format!(" and {} more (see _collection.yaml)", values.len() - SHOWN));
    }
    help
}

/// Reads, parses and validates every record file of `loaded` whose
/// collection exists. Records with errors are left out of the result; their
/// problems, and those of files that could not be read, go to `diags`.
pub fn validate(
    loaded: &Loaded,
    schema: &Schema,
    project: &Project,
    diags: &mut Diagnostics,
) -> BTreeMap<Key, Record> {
    let files = load::read_records(project, loaded, |collection, path, raw, mut d| {
        let Some(raw) = raw else {
            // Its key still counts as existing, so references to it do not
            // produce a second, misleading error.
            let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
            let key = stem.filter(|s| is_id(s)).map(|s| Key::new(collection, s));
            return File::without_record(String::new(), key, true, d);
        };
        if !schema.collections.contains_key(&raw.collection) {
            return File::without_record(raw.path, None, false, d);
        }
        if let Some((base, lang)) = translation::split_stem(&raw.stem) {
            let (base, lang) = (base.to_owned(), lang.to_owned());
            let ctx = Ctx::new(schema, None, project);
            let mut raw = raw;
            let body = raw.body.as_mut().map(|(b, _)| std::mem::take(b));
            let parsed = ctx.translation(&raw, body, (&base, &lang), project, &mut d);
            let mut f = File::without_record(raw.path, None, false, d);
            f.translation = parsed;
            return f;
        }
        let Some((key, pos)) = own_key(&raw, &mut d) else {
            // References to it are notes of this one error, not errors of
            // their own (one bad id made five errors).
            let meant = meant_keys(&raw);
            let id_error = d.len().checked_sub(1);
            let mut f = File::without_record(raw.path, None, false, d);
            f.broken = Some((meant, id_error.unwrap_or(0)));
            return f;
        };
        let ctx = Ctx::new(schema, None, project);
        let mut rd = Diagnostics::new();
        let mut raw = raw;
        let body = raw.body.as_mut().map(|(b, _)| std::mem::take(b));
        let record = ctx.record(&raw, body, key.clone(), &mut rd);
        File {
            path: raw.path,
            key: Some((key, pos)),
            unreadable: false,
            record,
            read_diags: d.into_vec(),
            diags: rd.into_vec(),
            pending: ctx.pending.into_inner(),
            translation: None,
            broken: None,
        }
    });
    // Every record file's folder and stem, valid or not, to tell an orphan
    // translation from one whose original has errors of its own.
    let originals: Vec<(String, String)> = loaded
        .record_files
        .iter()
        .map(|(_, p)| {
            let rel = crate::core::diag::rel_path(&project.root, p);
            let rel = std::path::Path::new(&rel);
            let dir = rel.parent().map(|d| d.to_string_lossy().replace('\\', "/"));
            let stem = rel.file_stem().map(|s| s.to_string_lossy().into_owned());
            (dir.unwrap_or_default(), stem.unwrap_or_default())
        })
        .collect();
    // Keys: the first file (in path order) to claim one holds it.
    let mut holder: BTreeMap<Key, &str> = BTreeMap::new();
    let mut known: BTreeSet<Key> = BTreeSet::new();
    let mut taken = vec![false; files.len()];
    for (i, f) in files.iter().enumerate() {
        match &f.key {
            Some((key, pos)) if !f.unreadable => {
                if let Some(first) = holder.get(key) {
                    diags.push(
                        Diagnostic::error(&f.path, *pos, format!("the id `{}` is already used by {first}", key.id))
                            .with_help("ids must be unique within a collection: rename this file or set another `id`"),
                    );
                    taken[i] = true;
                } else {
                    holder.insert(key.clone(), &f.path);
                    known.insert(key.clone());
                }
            }
            Some((key, _)) => {
                known.insert(key.clone());
            }
            None => {}
        }
    }
    // The keys that files with an invalid id most likely meant, and which
    // file: a reference to one is a note of that file's id error.
    let mut broken: BTreeMap<Key, usize> = BTreeMap::new();
    for (i, f) in files.iter().enumerate() {
        for k in f.broken.iter().flat_map(|(meant, _)| meant) {
            if !known.contains(k) {
                broken.entry(k.clone()).or_insert(i);
            }
        }
    }
    let mut notes: BTreeMap<usize, Vec<Note>> = BTreeMap::new();
    let mut checked = Vec::with_capacity(files.len());
    for (f, taken) in files.iter().zip(&taken) {
        if *taken {
            checked.push((Vec::new(), false));
            continue;
        }
        let mut d = Diagnostics::new();
        // Every reference is checked, no short cut: all problems are reported.
        let mut failed = 0;
        for p in &f.pending {
            let cause = match p {
                Pending::Exists { key, pos, field, .. } if !known.contains(key) => {
                    broken.get(key).map(|i| (*i, key, *pos, field))
                }
                _ => None,
            };
            match cause {
                Some((i, key, pos, field)) => {
                    failed += 1;
                    let note = Note::new(
                        &f.path,
                        pos,
                        format!("`{key}` in `{field}` refers to this record"),
                    );
                    notes.entry(i).or_default().push(note);
                }
                None => failed += usize::from(!check_reference(p, &known, schema, &f.path, &mut d)),
            }
        }
        checked.push((d.into_vec(), failed == 0));
    }
    let mut out = BTreeMap::new();
    let mut translations = Vec::new();
    for (i, ((f, taken), (ref_diags, ok))) in files.into_iter().zip(taken).zip(checked).enumerate()
    {
        translations.extend(f.translation);
        let mut read_diags = f.read_diags;
        if let (Some((_, at)), Some(mut n)) = (f.broken, notes.remove(&i))
            && let Some(cause) = read_diags.get_mut(at)
        {
            n.sort();
            cause.notes = n;
        }
        diags.extend(read_diags);
        if taken {
            // Its record's problems wait until it has an id of its own.
            continue;
        }
        diags.extend(f.diags);
        diags.extend(ref_diags);
        if let Some(r) = f.record.filter(|_| ok) {
            out.insert(r.key.clone(), r);
        }
    }
    translation::attach(translations, &mut out, &originals, diags);
    out
}

/// One record file, validated but for its references' targets.
struct File {
    path: String,
    /// The key it claims and where (the `id` value, or the file's start).
    key: Option<(Key, Pos)>,
    /// It could not be read or parsed.
    unreadable: bool,
    record: Option<Record>,
    /// Problems reading it and with its id: reported whatever its key.
    read_diags: Vec<Diagnostic>,
    /// Problems with the record: reported when it holds its key.
    diags: Vec<Diagnostic>,
    pending: Vec<Pending>,
    /// A translation file, checked, to attach to its original.
    translation: Option<translation::Parsed>,
    /// Its id is invalid: the keys references to it probably use, and the
    /// index of the id's error in `read_diags`.
    broken: Option<(Vec<Key>, usize)>,
}

impl File {
    fn without_record(path: String, key: Option<Key>, unreadable: bool, d: Diagnostics) -> File {
        let key = key.map(|k| (k, Pos::START));
        File {
            path,
            key,
            unreadable,
            record: None,
            read_diags: d.into_vec(),
            diags: Vec::new(),
            pending: Vec::new(),
            translation: None,
            broken: None,
        }
    }
}

/// "`key` must be text" for a value YAML reads as something else (a
/// number, `true`, a list): quoting a number or boolean makes it text;
/// `otherwise` says what else to do.
fn not_text(path: &str, key: &str, v: &Node, otherwise: &str) -> Diagnostic {
    let help = match v.scalar_text() {
        Some(t) => format!("put it in quotes: `{key}: \"{t}\"`"),
        None => format!("give `{key}` as text, or {otherwise}"),
    };
    Diagnostic::error(path, v.pos, format!("`{key}` must be text, not {}", v.type_name()))
        .with_help(help)
}

/// The keys other records probably use for `raw`, whose id is invalid: the
/// id as written, its slug and the file name.
fn meant_keys(raw: &RawRecord) -> Vec<Key> {
    let written = raw.fields.get("id").and_then(Node::scalar_text);
    let mut ids: Vec<String> = written.iter().cloned().collect();
    ids.extend(written.as_deref().map(crate::markdown::slug));
    ids.push(raw.stem.clone());
    ids.push(crate::markdown::slug(&raw.stem));
    ids.sort();
    ids.dedup();
    ids.into_iter().filter(|i| !i.is_empty()).map(|i| Key::new(&raw.collection, i)).collect()
}

/// The key a raw record claims (its `id`, else its file name), when that is
/// a valid id; whether another file holds it too is not checked.
pub fn claimed_key(raw: &RawRecord) -> Option<Key> {
    own_key(raw, &mut Diagnostics::new()).map(|(key, _)| key)
}

/// Validates one record under `key` against the schema and the set of all
/// keys, exactly as [`validate`] does for each record: a record's result
/// depends only on its own file, the schema and `known`.
pub fn validate_one(
    raw: &RawRecord,
    key: Key,
    schema: &Schema,
    known: &BTreeSet<Key>,
    project: &Project,
    diags: &mut Diagnostics,
) -> Option<Record> {
    let ctx = Ctx::new(schema, Some(known), project);
    let body = raw.body.as_ref().map(|(b, _)| b.clone());
    ctx.record(raw, body, key, diags)
}

/// The key a record claims and where, or `None` (with the reason in
/// `diags`) when its id is not text or not a valid id.
fn own_key(raw: &RawRecord, diags: &mut Diagnostics) -> Option<(Key, Pos)> {
    let (id, pos, from_file) = match raw.fields.get("id") {
        Some(n) => match &n.kind {
            NodeKind::Str(s) => (s.clone(), n.pos, false),
            _ => {
                diags.push(not_text(&raw.path, "id", n, "remove `id` to use the file name"));
                return None;
            }
        },
        None => (raw.stem.clone(), Pos::START, true),
    };
    if !is_id(&id) {
        let suggestion = crate::markdown::slug(&id);
        let d = if from_file {
            Diagnostic::error(&raw.path, pos, format!("the file name `{id}` is not a valid record id"))
                .with_help(format!("ids use lower-case letters, digits and single hyphens: rename the file to `{suggestion}`, or set `id: {suggestion}`"))
        } else {
            Diagnostic::error(&raw.path, pos, format!("`{id}` in `id` is not a valid record id"))
                .with_help(format!(
                    "ids use lower-case letters, digits and single hyphens, e.g. `{suggestion}`"
                ))
        };
        diags.push(d);
        return None;
    }
    Some((Key::new(&raw.collection, id), pos))
}

/// A reference whose target's existence is checked once all keys are known.
#[derive(Debug)]
enum Pending {
    /// `key` must name an existing record.
    Exists { key: Key, pos: Pos, suggest: bool, field: String },
    /// A bare id where a global key was needed: always an error, whose help
    /// names the keys with that id.
    Bare { id: String, pos: Pos, field: String },
}

/// Checks a reference against the set of all keys; `false` (with the
/// reason in `diags`) when it names no record.
fn check_reference(
    p: &Pending,
    known: &BTreeSet<Key>,
    schema: &Schema,
    path: &str,
    diags: &mut Diagnostics,
) -> bool {
    match p {
        Pending::Exists { key, pos, suggest, field } => {
            if known.contains(key) {
                return true;
            }
            if !schema.collections.contains_key(&key.collection) {
                let names = schema.collections.keys().map(String::as_str);
                let help = match did_you_mean(&key.collection, names) {
                    Some(c) => format!("did you mean `{c}/{}`?", key.id),
                    None => format!(
                        "the collections are {}",
                        schema
                            .collections
                            .keys()
                            .map(|c| format!("`{c}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                diags.push(
                    Diagnostic::error(
                        path,
                        *pos,
                        format!("`{key}` in `{field}` names no collection `{}`", key.collection),
                    )
                    .with_help(help),
                );
                return false;
            }
            let ids =
                known.iter().filter(|k| k.collection == key.collection).map(|k| k.id.as_str());
            let help = suggest
                .then(|| did_you_mean(&key.id, ids))
                .flatten()
                .map(|id| format!("did you mean `{}/{id}`?", key.collection));
            diags.push(
                Diagnostic::error(
                    path,
                    *pos,
                    format!("`{key}` in `{field}` names no existing record"),
                )
                .with_help_opt(help.or_else(|| Some("check the id, or add that record".into()))),
            );
            false
        }
        Pending::Bare { id, pos, field } => {
            let help = match known.iter().find(|k| k.id == *id) {
                Some(k) => format!("did you mean `{k}`?"),
                None => "write the global key, collection/id, e.g. regulations/eu-gdpr".into(),
            };
            diags.push(
                Diagnostic::error(
                    path,
                    *pos,
                    format!("`{id}` in `{field}` is not a global key (collection/id)"),
                )
                .with_help(help),
            );
            false
        }
    }
}

struct Ctx<'a> {
    schema: &'a Schema,
    /// All keys, to check references at once; `None` notes them in
    /// `pending` for the caller to check.
    known: Option<&'a BTreeSet<Key>>,
    pending: RefCell<Vec<Pending>>,
    default_language: &'a str,
    max_depth: usize,
}

impl<'a> Ctx<'a> {
    fn new(schema: &'a Schema, known: Option<&'a BTreeSet<Key>>, project: &'a Project) -> Self {
        Ctx {
            schema,
            known,
            pending: RefCell::new(Vec::new()),
            default_language: &project.config.book.language,
            max_depth: project.config.limits.markdown_max_depth,
        }
    }

    /// Checks `p` now when all keys are known, else keeps it for later;
    /// `false` when it is already known to fail.
    fn reference_target(&self, p: Pending, path: &str, diags: &mut Diagnostics) -> bool {
        match self.known {
            Some(known) => check_reference(&p, known, self.schema, path, diags),
            None => {
                let fails = matches!(p, Pending::Bare { .. });
                self.pending.borrow_mut().push(p);
                !fails
            }
        }
    }
}

impl Ctx<'_> {
    /// `raw` validated into a record; `body` is its Markdown body (taken
    /// out of `raw`, which keeps the line it starts on).
    fn record(
        &self,
        raw: &RawRecord,
        body: Option<String>,
        key: Key,
        diags: &mut Diagnostics,
    ) -> Option<Record> {
        let collection = self.schema.collections.get(&raw.collection)?;
        let path = raw.path.as_str();
        let before = diags.error_count();
        let mut fields = BTreeMap::new();
        let mut body = body.unwrap_or_default();
        let mut sources = Vec::new();
        let mc = MapCheck { path, what: "a record" };
        for (name, node, kpos) in mc.entries(&raw.fields, diags) {
            match name {
                "id" => {}
                "body" => match raw.format {
                    RecordFormat::Markdown => diags.push(
                        Diagnostic::error(path, kpos, "`body` in front matter: a Markdown record's body is the text after the front matter")
                            .with_help("move the text below the closing `---` line"),
                    ),
                    RecordFormat::Yaml => match &node.kind {
                        NodeKind::Str(s) => body = s.clone(),
                        NodeKind::Null => {}
                        _ => diags.push(
                            Diagnostic::error(path, node.pos, format!("`body` must be Markdown text, not {}", node.type_name()))
                                .with_help("write `body: |` and the Markdown indented below it"),
                        ),
                    },
                },
                "sources" => sources = self.citations(path, node, diags),
                _ => match collection.field(name, &self.schema.common) {
                    Some(def) => {
                        if let Some(v) = self.value(path, def, &def.ty, node, diags) {
                            self.extra_checks(path, def, node, &v, diags);
                            fields.insert(name.to_owned(), v);
                        }
                    }
                    None if collection.broken_fields.iter().any(|f| f == name) => {}
                    None => {
                        let names = collection.fields.iter().map(|f| f.name.as_str()).chain(self.schema.common.iter().map(|f| f.name.as_str())).chain(SPECIAL_KEYS.iter().copied());
                        let help = match may_suggest(diags).then(|| did_you_mean(name, names)).flatten() {
                            Some(s) => format!("did you mean `{s}`?"),
                            None => format!("declare `{name}` under `fields` in content/{}/_collection.yaml, or remove it", collection.name),
                        };
                        diags.push(Diagnostic::error(path, kpos, format!("unknown field `{name}` in a {} record", collection.singular.to_lowercase())).with_help(help));
                    }
                },
            }
        }
        for def in self.required(collection) {
            if !fields.contains_key(&def.name) && raw.fields.get(&def.name).is_none() {
                diags.push(
                    Diagnostic::error(
                        path,
                        raw.fields.pos,
                        format!("missing required field `{}`", def.name),
                    )
                    .with_help(format!(
                        "add `{}:` with {}",
                        def.name,
                        def.ty.describe()
                    )),
                );
            }
        }
        self.check_body_nesting(raw, &body, diags);
        if diags.error_count() > before {
            return None;
        }
        let language = match fields.get("language") {
            Some(Value::Str(l)) => l.clone(),
            _ => self.default_language.to_owned(),
        };
        Some(Record {
            key,
            path: raw.path.clone(),
            format: raw.format,
            fields,
            body: crate::model::Body::new(&body),
            sources,
            language,
            translations: BTreeMap::new(),
        })
    }

    fn check_body_nesting(&self, raw: &RawRecord, body: &str, diags: &mut Diagnostics) {
        let Some((depth, offset)) = crate::markdown::nesting_exceeds(body, self.max_depth) else {
            return;
        };
        let pos = match &raw.body {
            // Markdown records: the exact line in the file.
            Some((_, first_line)) => {
                let p = crate::core::source::LineIndex::new(body).pos(body, offset);
                Pos::new(first_line + p.line - 1, p.col)
            }
            // YAML records: the `body` value.
            None => raw.fields.get("body").map(|n| n.pos).unwrap_or(Pos::START),
        };
        diags.push(
            Diagnostic::error(&raw.path, pos, format!("the body nests blocks or HTML elements more than {} deep (at least {depth})", self.max_depth))
                .with_help("flatten the quotes, lists or HTML; raise [limits] markdown-max-depth in book.toml if this is real content"),
        );
    }

    fn required<'a>(&'a self, c: &'a Collection) -> impl Iterator<Item = &'a FieldDef> {
        c.all_fields(&self.schema.common).filter(|f| f.required)
    }

    /// Rules beyond the type: summary length, SDG range, language tags.
    fn extra_checks(
        &self,
        path: &str,
        def: &FieldDef,
        node: &Node,
        v: &Value,
        diags: &mut Diagnostics,
    ) {
        match (def.name.as_str(), v) {
            ("summary", Value::Str(s)) => {
                let n = s.chars().count();
                if n > MAX_SUMMARY_CHARS {
                    diags.push(
                        Diagnostic::error(path, node.pos, format!("the summary is {n} characters long, over the limit of {MAX_SUMMARY_CHARS}"))
                            .with_help("shorten it to two or three sentences; details belong in the body"),
                    );
                }
            }
            ("sdgs", Value::List(items)) => {
                let nodes = seq_items(node);
                for (i, item) in items.iter().enumerate() {
                    if let Value::Int(n) = item
                        && !(1..=17).contains(n)
                    {
                        let pos = nodes.get(i).map(|n| n.pos).unwrap_or(node.pos);
                        diags.push(
                            Diagnostic::error(
                                path,
                                pos,
                                format!("{n} in `sdgs` is not a Sustainable Development Goal"),
                            )
                            .with_help("SDGs are numbered 1 to 17"),
                        );
                    }
                }
            }
            ("language", Value::Str(l)) if !is_language_tag(l) => diags.push(
                Diagnostic::error(
                    path,
                    node.pos,
                    format!("`{l}` in `language` is not a BCP 47 language tag"),
                )
                .with_help("use a tag such as `en`, `fr` or `es-419`"),
            ),
            ("year", Value::Int(y)) if !(1000..=9999).contains(y) => diags.push(
                Diagnostic::error(
                    path,
                    node.pos,
                    format!("{y} in `year` is not a four-digit year"),
                )
                .with_help("write the year in full, e.g. 2023"),
            ),
            _ => {}
        }
    }

    fn value(
        &self,
        path: &str,
        def: &FieldDef,
        ty: &FieldType,
        node: &Node,
        diags: &mut Diagnostics,
    ) -> Option<Value> {
        // `""` is how stubs and editors leave a value out: treat it as empty
        // (JSON Schema: see json.rs, which accepts the same).
        let blank = matches!(&node.kind, NodeKind::Str(s) if rules::is_blank(s));
        if matches!(node.kind, NodeKind::Null) || blank {
            if def.required {
                diags.push(
                    Diagnostic::error(
                        path,
                        node.pos,
                        format!("`{}` is required but empty", def.name),
                    )
                    .with_help(format!("give {}", ty.describe())),
                );
            }
            return None;
        }
        let err = |diags: &mut Diagnostics, msg: String, help: Option<String>| {
            diags.push(Diagnostic::error(path, node.pos, msg).with_help_opt(help));
            None
        };
        match ty {
            FieldType::List(inner) => {
                let items = seq_items(node);
                if items.is_empty() && def.required {
                    return err(
                        diags,
                        format!("`{}` is required but empty", def.name),
                        Some(format!("list at least one: {}", ty.describe())),
                    );
                }
                let mut out = Vec::with_capacity(items.len());
                // Repeats are found by the items' text (one text per value
                // within a list of one type): `out.contains` made a list of
                // 20 000 distinct strings quadratic (a second of `check`).
                let mut seen: HashSet<String> = HashSet::with_capacity(items.len());
                let mut ok = true;
                for item in items {
                    if matches!(&item.kind, NodeKind::Null)
                        || matches!(&item.kind, NodeKind::Str(s) if rules::is_blank(s))
                    {
                        diags.push(
                            Diagnostic::error(
                                path,
                                item.pos,
                                format!("an empty item in `{}`", def.name),
                            )
                            .with_help("remove the empty item"),
                        );
                        ok = false;
                        continue;
                    }
                    match self.value(path, def, inner, item, diags) {
                        Some(v) => {
                            if !seen.insert(v.to_text()) {
                                diags.push(
                                    Diagnostic::error(
                                        path,
                                        item.pos,
                                        format!(
                                            "`{}` is listed twice in `{}`",
                                            v.to_text(),
                                            def.name
                                        ),
                                    )
                                    .with_help("remove the repeated value"),
                                );
                                ok = false;
                            } else {
                                out.push(v);
                            }
                        }
                        None => ok = false,
                    }
                }
                ok.then_some(Value::List(out))
            }
            _ if matches!(node.kind, NodeKind::Seq(_) | NodeKind::Map(_)) => err(
                diags,
                format!("`{}` must be {}, not {}", def.name, ty.describe(), node.type_name()),
                matches!(node.kind, NodeKind::Seq(_))
                    .then(|| "give one value; this field is not a list".to_owned()),
            ),
            // Text-valued types take YAML text only: `title: true` is a
            // boolean to every YAML reader (and to the JSON Schema).
            _ if ty.is_text()
                && *ty != FieldType::Date
                && !matches!(node.kind, NodeKind::Str(_)) =>
            {
                diags.push(not_text(path, &def.name, node, "remove it"));
                None
            }
            FieldType::String | FieldType::Text | FieldType::Markdown => {
                let s = node.scalar_text()?;
                if *ty == FieldType::String && !rules::is_one_line(&s) {
                    return err(
                        diags,
                        format!("`{}` must be one line", def.name),
                        Some("remove the line breaks, or use a `text` field".into()),
                    );
                }
                Some(Value::Str(s))
            }
            FieldType::Int => match node.kind {
                NodeKind::Int(i) => Some(Value::Int(i)),
                // JSON Schema's integers include 2.0 (and 1e3); a YAML reader
                // hands those over as floats.
                NodeKind::Float(f)
                    if f.fract() == 0.0 && f >= i64::MIN as f64 && f < i64::MAX as f64 =>
                {
                    Some(Value::Int(f as i64))
                }
                NodeKind::Float(f) if f.fract() == 0.0 => {
                    err(diags, format!("{f} in `{}` is too large a number", def.name), None)
                }
                NodeKind::Str(ref s) if s.trim().parse::<i64>().is_ok() => err(
                    diags,
                    format!("`{}` must be a whole number, not text", def.name),
                    Some(format!("remove the quotes: {}", s.trim())),
                ),
                _ => err(
                    diags,
                    format!("`{}` must be a whole number, not {}", def.name, node.type_name()),
                    None,
                ),
            },
            FieldType::Bool => match node.kind {
                NodeKind::Bool(b) => Some(Value::Bool(b)),
                _ => err(
                    diags,
                    format!("`{}` must be true or false, not {}", def.name, node.type_name()),
                    Some("write true or false, without quotes".into()),
                ),
            },
            FieldType::Date => match &node.kind {
                NodeKind::Str(s) => match parse_date(s) {
                    Some(d) => Some(Value::Date(d)),
                    None => err(
                        diags,
                        format!("`{s}` in `{}` is not a valid date", def.name),
                        Some("write dates as YYYY-MM-DD, e.g. 2023-07-07".into()),
                    ),
                },
                NodeKind::Int(y) => err(
                    diags,
                    format!("`{}` must be a full date, not the number {y}", def.name),
                    Some(format!("write {y}-01-01 or the exact day, or use `year: {y}`")),
                ),
                _ => err(
                    diags,
                    format!("`{}` must be a date (YYYY-MM-DD), not {}", def.name, node.type_name()),
                    None,
                ),
            },
            FieldType::Url => {
                let s = node.scalar_text()?;
                match check_url(&s) {
                    Ok(()) => Some(Value::Str(s)),
                    Err(why) => err(
                        diags,
                        format!("`{s}` in `{}` is not a valid URL: {why}", def.name),
                        Some("give an absolute address such as https://example.org/page".into()),
                    ),
                }
            }
            FieldType::Enum(values) => {
                let s = node.scalar_text()?;
                if values.contains(&s) {
                    return Some(Value::Str(s));
                }
                let help = if !may_suggest(diags) {
                    format!(
                        "use one of the `values` that _collection.yaml gives for `{}`",
                        def.name
                    )
                } else {
                    match did_you_mean(&s, values.iter().map(String::as_str)) {
                        Some(v) => format!("did you mean `{v}`?"),
                        None => allowed_values(values),
                    }
                };
                err(diags, format!("`{s}` is not an allowed value of `{}`", def.name), Some(help))
            }
            FieldType::Country => {
                let s = node.scalar_text()?;
                if countries::is_alpha3(&s) {
                    return Some(Value::Str(s));
                }
                let regions = self.schema.taxonomies.get("regions");
                if regions.is_some_and(|r| r.terms.contains_key(&s)) {
                    return Some(Value::Str(s));
                }
                let help = countries::suggest(&s)
                    .map(|c| format!("did you mean `{c}`?"))
                    .or_else(|| regions.filter(|_| may_suggest(diags)).and_then(|r| did_you_mean(&s, r.terms.keys().map(String::as_str))).map(|t| format!("did you mean the region `{t}`?")))
                    .unwrap_or_else(|| "use an ISO 3166-1 alpha-3 code such as KEN, or the id of a `regions` term for a bloc".into());
                err(
                    diags,
                    format!(
                        "`{s}` in `{}` is not an ISO 3166-1 alpha-3 country code or a region",
                        def.name
                    ),
                    Some(help),
                )
            }
            FieldType::Term(tax) => {
                let s = node.scalar_text()?;
                let Some(taxonomy) = self.schema.taxonomies.get(tax) else {
                    return err(
                        diags,
                        format!(
                            "`{}` uses the taxonomy `{tax}`, which _taxonomies.yaml does not declare",
                            def.name
                        ),
                        Some(format!(
                            "declare `{tax}:` with its `terms` in content/_taxonomies.yaml"
                        )),
                    );
                };
                if taxonomy.terms.contains_key(&s) {
                    return Some(Value::Str(s));
                }
                let lower = s.to_lowercase();
                let suggest = may_suggest(diags);
                let by_label = suggest
                    .then(|| {
                        taxonomy.terms.values().find(|t| {
                            t.label.to_lowercase() == lower
                                || t.aliases.iter().any(|a| a.to_lowercase() == lower)
                        })
                    })
                    .flatten();
                let help = match by_label.map(|t| t.id.as_str()).or_else(|| {
                    suggest
                        .then(|| did_you_mean(&s, taxonomy.terms.keys().map(String::as_str)))
                        .flatten()
                }) {
                    Some(id) => format!("did you mean `{id}`?"),
                    None => {
                        format!("declare `{s}` under `{tax}: terms:` in content/_taxonomies.yaml")
                    }
                };
                err(
                    diags,
                    format!("`{s}` in `{}` is not a term of the `{tax}` taxonomy", def.name),
                    Some(help),
                )
            }
            FieldType::Ref(target) => {
                let s = node.scalar_text()?;
                self.reference(path, def, target.as_deref(), &s, node.pos, diags).map(Value::Ref)
            }
        }
    }

    fn reference(
        &self,
        path: &str,
        def: &FieldDef,
        target: Option<&str>,
        s: &str,
        pos: Pos,
        diags: &mut Diagnostics,
    ) -> Option<Key> {
        let key = match (Key::parse(s), target) {
            (Some(k), Some(c)) if k.collection != c => {
                diags.push(
                    Diagnostic::error(
                        path,
                        pos,
                        format!(
                            "`{}` must name a record of `{c}`, not of `{}`",
                            def.name, k.collection
                        ),
                    )
                    .with_help(format!(
                        "use a field that refers to `{}`, or `related`",
                        k.collection
                    )),
                );
                return None;
            }
            (Some(k), _) => k,
            (None, Some(c)) => Key::new(c, s),
            (None, None) => {
                self.reference_target(
                    Pending::Bare { id: s.to_owned(), pos, field: def.name.clone() },
                    path,
                    diags,
                );
                return None;
            }
        };
        if !is_id(&key.id) || !is_id(&key.collection) {
            let help = match target {
                Some(c) => format!(
                    "write an id of `{c}` (lower-case letters, digits and single hyphens), or its key `{c}/ID`"
                ),
                None => "write a record's key, collection/id, e.g. regulations/eu-gdpr".into(),
            };
            diags.push(
                Diagnostic::error(path, pos, format!("`{s}` in `{}` is not a record id", def.name))
                    .with_help(help),
            );
            return None;
        }
        let suggest = may_suggest(diags);
        let field = def.name.clone();
        self.reference_target(
            Pending::Exists { key: key.clone(), pos, suggest, field },
            path,
            diags,
        )
        .then_some(key)
    }
}

fn seq_items(node: &Node) -> &[Node] {
    match &node.kind {
        NodeKind::Seq(items) => items,
        // A single value where a list is expected counts as a one-item list.
        _ => std::slice::from_ref(node),
    }
}

/// Parses `YYYY-MM-DD` strictly.
pub fn parse_date(s: &str) -> Option<Date> {
    if !crate::core::rules::is_date_shaped(s) {
        return None;
    }
    let y: i16 = s[0..4].parse().ok()?;
    let m: i8 = s[5..7].parse().ok()?;
    let d: i8 = s[8..10].parse().ok()?;
    Date::new(y, m, d).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_urls() {
        assert!(parse_date("2023-07-07").is_some());
        assert!(parse_date("2023-02-30").is_none());
        assert!(parse_date("2023-7-7").is_none());
        assert!(parse_date("2023-+1-01").is_none());
        assert!(parse_date(" 2023-07-07").is_none());
        assert!(parse_date("２０２３-07-07").is_none());
        assert!(check_url("https://unctad.org/x?y#z").is_ok());
        assert!(check_url("mailto:a@b.org").is_ok());
        assert!(check_url("javascript:alert(1)").is_err());
        assert!(check_url("https://").is_err());
        assert!(check_url("www.x.org").is_err());
    }
}
