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
use std::collections::{BTreeMap, BTreeSet};

use crate::config::Project;
use crate::core::diag::{Diagnostic, Diagnostics, Note, Pos};
use crate::core::rules::is_id;
use crate::core::yaml::{Node, NodeKind};
use crate::load::{self, Loaded, RawRecord};
use crate::model::{Key, Record, Schema};

pub mod aliases;
mod anchors;
mod body_links;
mod citations;
mod dates;
mod elsewhere;
mod file;
mod language;
mod number_text;
mod record;
mod references;
pub mod translation;
mod value;

use file::{File, packed};
use references::{MAX_BROKEN, Pending, check_reference_with};
use value::not_text;

/// Reads, parses and validates every record file of `loaded` whose
/// collection exists. Records with errors are left out of the result; their
/// problems, and those of files that could not be read, go to `diags`.
pub fn validate(
    loaded: &Loaded,
    schema: &Schema,
    project: &Project,
    bodies: Bodies,
    diags: &mut Diagnostics,
) -> BTreeMap<Key, Record> {
    let mut files = load::read_records(project, loaded, |collection, path, raw, mut d| {
        let Some(raw) = raw else {
            // Its key still counts as existing, so references to it do not
            // produce a second, misleading error.
            let stem = load::record_stem(&project.content_dir.join(collection), path);
            let key = Some(stem).filter(|s| is_id(s)).map(|s| Key::new(collection, s));
            return File::without_record(String::new(), key, true, d);
        };
        if !schema.collections.contains_key(&raw.collection) {
            return File::without_record(raw.path, None, false, d);
        }
        if let Some((base, lang)) = translation::split_stem(&raw.stem) {
            let (base, lang) = (base.to_owned(), lang.to_owned());
            let ctx = Ctx { bodies: bodies.clone(), ..Ctx::new(schema, None, project) };
            let mut raw = raw;
            let body = raw.body.as_mut().map(|(b, _)| std::mem::take(b));
            // Its page shows its own body, headings or none, where it has one.
            let own_body = body.as_ref().is_some_and(|b| !b.trim().is_empty());
            let parsed = ctx.translation(&raw, body, (&base, &lang), project, &mut d);
            let mut f = File::without_record(raw.path, None, false, d);
            f.failed_translation = parsed.is_none();
            f.translation = parsed;
            let key = Key::new(&raw.collection, &base);
            let ids = ctx.headings.into_inner();
            f.headings = own_body.then(|| (key, Some(lang.to_ascii_lowercase()), ids.join("\n")));
            // Its links lead to the pages of its language.
            f.anchors = ctx.anchors.into_inner();
            for a in &mut f.anchors {
                a.lang.get_or_insert_with(|| lang.to_ascii_lowercase());
            }
            // Its body's links to records are checked as an original's are.
            f.pending = ctx.pending.into_inner();
            return f;
        }
        let Some((key, pos)) = own_key(&raw, &mut d) else {
            // References to it are notes of this one error, not errors of
            // their own (one bad id made five errors).
            let meant = meant_keys(&raw);
            let id_error = d.len().checked_sub(1);
            // Its fields are still checked, under the key it most likely
            // meant, so that one run names every problem of the file.
            let ctx = Ctx { bodies: Bodies::Drop, ..Ctx::new(schema, None, project) };
            let stand_in = meant.iter().find(|k| is_id(&k.id)).cloned();
            let stand_in = stand_in.unwrap_or_else(|| Key::new(&raw.collection, "record"));
            let mut rd = Diagnostics::new();
            let mut raw = raw;
            let body = raw.body.as_mut().map(|(b, _)| std::mem::take(b));
            ctx.record(&raw, body, stand_in, &mut rd);
            let mut f = File::without_record(raw.path, None, false, d);
            f.broken = Some((meant, id_error.unwrap_or(0)));
            f.diags = rd.into_vec();
            f.pending = ctx.pending.into_inner();
            f.anchors = ctx.anchors.into_inner();
            return f;
        };
        let ctx = Ctx { bodies: bodies.clone(), ..Ctx::new(schema, None, project) };
        let mut rd = Diagnostics::new();
        let mut raw = raw;
        let body = raw.body.as_mut().map(|(b, _)| std::mem::take(b));
        let record = ctx.record(&raw, body, key.clone(), &mut rd);
        File {
            path: raw.path,
            key: Some((key.clone(), pos)),
            unreadable: false,
            record,
            read_diags: d.into_vec(),
            diags: rd.into_vec(),
            pending: ctx.pending.into_inner(),
            headings: packed(key.clone(), ctx.headings.into_inner()),
            anchors: ctx.anchors.into_inner(),
            translation: None,
            broken: None,
            failed_translation: false,
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
    // Keys: a file named by its key's id holds it (an `id:` copying
    // another file's name is the one to change), else the first file in
    // path order to claim it.
    let mut holder: BTreeMap<Key, (&str, Pos, bool)> = BTreeMap::new();
    let mut known: BTreeSet<Key> = BTreeSet::new();
    let mut taken = vec![false; files.len()];
    let content = crate::core::diag::rel_path(&project.root, &project.content_dir);
    let named_so = |f: &File| {
        f.key.as_ref().is_some_and(|(k, _)| {
            let dir = std::path::Path::new(&content).join(&*k.collection);
            load::record_stem(&dir, std::path::Path::new(&f.path)) == *k.id
        })
    };
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by_key(|i| !named_so(&files[*i]));
    for i in order {
        let f = &files[i];
        match &f.key {
            Some((key, pos)) if !f.unreadable => {
                if let Some((first, first_pos, first_named)) = holder.get(key) {
                    let help = "ids must be unique within a collection: rename this file or set \
                                another `id`";
                    diags.push(
                        Diagnostic::error(
                            &f.path,
                            *pos,
                            format!("the id `{}` is already used by {first}", key.id),
                        )
                        .with_help(help),
                    );
                    // Two files named alike in different folders: which one
                    // a pull request added is not known, so both are said
                    // (an annotation shows on the changed file).
                    if *first_named && named_so(f) {
                        diags.push(
                            Diagnostic::error(
                                *first,
                                *first_pos,
                                format!("the id `{}` is also used by {}", key.id, f.path),
                            )
                            .with_help(help),
                        );
                    }
                    taken[i] = true;
                } else {
                    holder.insert(key.clone(), (&f.path, *pos, named_so(f)));
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
    // Drafts are checked like any record, then left out; a published
    // record may not refer to one (its link would be broken).
    let drafts: BTreeSet<Key> = files
        .iter()
        .filter(|_| !project.drafts)
        .filter_map(|f| f.record.as_ref())
        .filter(|r| r.draft)
        .map(|r| r.key.clone())
        .collect();
    // The headings of the records some link's `#anchor` names: the rest
    // are dropped (at 100,000 records, kept whole, they were 80 MB).
    let named: BTreeSet<Key> =
        files.iter().flat_map(|f| &f.anchors).map(|a| a.key.clone()).collect();
    let mut headings = anchors::Headings::default();
    for f in &mut files {
        if let Some((key, lang, ids)) = f.headings.take()
            && named.contains(&key)
        {
            headings.add(&key, lang.as_deref(), ids.split('\n').map(str::to_owned));
        }
    }
    let owned = references::alias_files(files.iter().filter_map(|f| f.record.as_ref()));
    let mut notes: BTreeMap<usize, Vec<Note>> = BTreeMap::new();
    let mut checked = Vec::with_capacity(files.len());
    for (f, taken) in files.iter().zip(&taken) {
        if *taken {
            checked.push((Vec::new(), false));
            continue;
        }
        let mut d = Diagnostics::new();
        // Every reference is checked, no short cut: all problems are
        // reported (the first few of a field's listed, the rest counted).
        let mut failed = 0;
        let mut listed: BTreeMap<&str, usize> = BTreeMap::new();
        let mut unlisted: BTreeMap<&str, (crate::core::diag::Pos, usize)> = BTreeMap::new();
        let from_draft = f.key.as_ref().is_some_and(|(k, _)| drafts.contains(k));
        for p in &f.pending {
            if let Pending::Exists { key, pos, field, .. } = p
                && !from_draft
                && drafts.contains(key)
            {
                failed += 1;
                d.push(
                    Diagnostic::error(
                        &f.path,
                        *pos,
                        format!(
                            "`{key}` in `{field}` is a draft (`{}: true`), which is not \
                             published: the link would be broken",
                            crate::schema::DRAFT
                        ),
                    )
                    .with_help(
                        "publish it (remove `draft: true`), or refer to it from drafts only; \
                         `build --drafts` and `serve --drafts` publish drafts to preview them",
                    ),
                );
                continue;
            }
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
                None => {
                    // A field's broken references past the first few are
                    // counted, not listed: 20,000 links in one body made
                    // 20,000 errors (and GitHub annotations).
                    let field = p.field();
                    let shown = listed.entry(field).or_insert(0);
                    if *shown < MAX_BROKEN {
                        if !check_reference_with(p, &known, Some(&owned), schema, &f.path, &mut d) {
                            failed += 1;
                            *shown += 1;
                        }
                    } else if p.is_broken(&known) {
                        failed += 1;
                        unlisted.entry(field).or_insert((p.pos(), 0)).1 += 1;
                    }
                }
            }
        }
        for (field, (pos, n)) in unlisted {
            d.push(
                Diagnostic::error(
                    &f.path,
                    pos,
                    format!("{n} more reference(s) in `{field}` name no record, not listed here"),
                )
                .with_help("fix the ones above and check again: each run lists the first five"),
            );
        }
        headings.check(&f.anchors, &known, &f.path, &mut d);
        checked.push((d.into_vec(), failed == 0));
    }
    let mut out = BTreeMap::new();
    let mut unpublished = BTreeMap::new();
    let mut translations = Vec::new();
    // Every translation file, valid or not: a second one into a language
    // is said in the same run as a broken file's own errors.
    let translation_files: Vec<String> = files
        .iter()
        .filter(|f| f.translation.is_some() || f.failed_translation)
        .map(|f| f.path.clone())
        .collect();
    for (i, ((f, taken), (ref_diags, ok))) in files.into_iter().zip(taken).zip(checked).enumerate()
    {
        translations.extend(f.translation);
        if f.failed_translation {
            diags.extend(translation::orphan(&f.path, &originals));
            diags.extend(translation::same_name(&f.path, &translation_files));
        }
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
        match f.record.filter(|r| !drafts.contains(&r.key)) {
            Some(r) if ok => {
                out.insert(r.key.clone(), r);
            }
            // Only its references failed: its aliases are said in the same
            // run as they are.
            Some(r) if !r.aliases.is_empty() => {
                unpublished.insert(r.key.clone(), r);
            }
            _ => {}
        }
    }
    translation::attach(translations, &mut out, &originals, std::path::Path::new(&content), diags);
    aliases::check_site(&out, &unpublished, schema, &project.config.book.languages(), diags);
    out
}

/// Whether a raw record says `draft: true` (what `serve` reads before it
/// validates: a draft goes the full way, which leaves it out).
pub fn is_draft_raw(raw: &RawRecord) -> bool {
    raw.fields.get(crate::schema::DRAFT).is_some_and(|n| matches!(n.kind, NodeKind::Bool(true)))
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
    if id.len() > crate::core::rules::MAX_ID_BYTES && crate::core::rules::is_id_shaped(&id) {
        let what = if from_file { "the file name" } else { "the id" };
        diags.push(
            Diagnostic::error(
                &raw.path,
                pos,
                format!("{what} `{id}` is {} characters long, too long for a record id", id.len()),
            )
            .with_help(format!(
                "an id names the record's folder in the site: shorten it to at most {} characters{}",
                crate::core::rules::MAX_ID_BYTES,
                if from_file { " (rename the file, or set a shorter `id:`)" } else { "" }
            )),
        );
        return None;
    }
    if !is_id(&id) {
        let suggestion = crate::markdown::id_example(&id);
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
    if crate::core::names::is_windows_reserved(&id) {
        let what = if from_file { "the file name" } else { "the id" };
        diags.push(
            Diagnostic::error(
                &raw.path,
                pos,
                format!("{what} `{id}` is a device name that Windows reserves"),
            )
            .with_help(format!(
                "the record's folder in the site could not be created on Windows (nor the \
                 repository checked out there): {}, e.g. `{id}-record`",
                if from_file {
                    "rename the file, or set another `id:`"
                } else {
                    "choose another id"
                }
            )),
        );
        return None;
    }
    Some((Key::new(&raw.collection, id), pos))
}

/// What one file is checked against, and the references it makes
/// whose targets are checked later.
struct Ctx<'a> {
    schema: &'a Schema,
    /// All keys, to check references at once; `None` notes them in
    /// `pending` for the caller to check.
    known: Option<&'a BTreeSet<Key>>,
    pending: RefCell<Vec<Pending>>,
    /// The ids pages give the body's headings, and its links to
    /// `#anchor`s, checked once every body's headings are known.
    headings: RefCell<Vec<String>>,
    anchors: RefCell<Vec<anchors::Anchor>>,
    /// The records the body links to ([`Record::body_links`]).
    body_links: RefCell<Vec<Key>>,
    default_language: &'a str,
    max_depth: usize,
    /// Per collection that can go stale: the earliest current review date
    /// and the period behind it.
    stale: BTreeMap<String, (jiff::civil::Date, crate::core::period::Period)>,
    /// The day of the run, which no review date may be after.
    today: jiff::civil::Date,
    /// Whether records keep their bodies (compressed); [`Bodies`].
    bodies: Bodies,
    /// The base URL's path (`/kb/`), and the site's language folders (its
    /// languages but the default): how a body's links are read.
    base_path: String,
    language_folders: Vec<String>,
    /// Where a body's files may be: the project's `static/` folder and the
    /// site theme's folder (whose `assets/` is published).
    static_dir: std::path::PathBuf,
    theme_dir: Option<std::path::PathBuf>,
    /// The project, for a page bundle's files (beside its record file).
    project: &'a Project,
}

/// Whether and where validated records keep their Markdown bodies:
/// `check` reads each body while validating it and never again, so it
/// drops them instead of compressing them (at 100,000 records, a tenth of
/// its time); a build keeps them in a spool on disk.
#[derive(Debug, Clone)]
pub enum Bodies {
    /// In memory (compressed).
    Keep,
    /// Not at all.
    Drop,
    /// In this spool (compressed).
    Spool(std::sync::Arc<crate::core::spool::Spool>),
}

impl Bodies {
    /// `text` as a record holds it.
    fn of(&self, text: &str) -> crate::model::Body {
        match self {
            Bodies::Keep => crate::model::Body::new(text),
            Bodies::Drop => crate::model::Body::default(),
            Bodies::Spool(spool) => crate::model::Body::spooled(text, spool),
        }
    }
}

impl<'a> Ctx<'a> {
    fn new(schema: &'a Schema, known: Option<&'a BTreeSet<Key>>, project: &'a Project) -> Self {
        Ctx {
            schema,
            known,
            bodies: Bodies::Keep,
            pending: RefCell::new(Vec::new()),
            headings: RefCell::new(Vec::new()),
            anchors: RefCell::new(Vec::new()),
            body_links: RefCell::new(Vec::new()),
            default_language: &project.config.book.language,
            max_depth: project.config.limits.markdown_max_depth,
            today: project.today,
            base_path: project.config.book.base_path(),
            static_dir: project.root.join(crate::config::STATIC_DIR),
            theme_dir: project.theme_dir.clone(),
            project,
            language_folders: project
                .config
                .book
                .other_languages()
                .into_iter()
                .map(str::to_owned)
                .collect(),
            stale: schema
                .collections
                .values()
                .filter_map(|c| {
                    let p = crate::model::stale_after(project, Some(c))?;
                    Some((c.name.clone(), (p.cutoff(project.today)?, p)))
                })
                .collect(),
        }
    }
}
