//! References between records: a key's form is checked as it is read, its
//! target once every file's key is known (or at once, given all keys).

use std::collections::BTreeSet;

use super::Ctx;
use super::value::may_suggest;
use crate::core::diag::{Diagnostic, Diagnostics, Pos, did_you_mean};
use crate::core::rules::is_id_shaped;
use crate::model::{FieldDef, Key, Schema};

/// A reference whose target's existence is checked once all keys are known.
#[derive(Debug)]
pub(super) enum Pending {
    /// `key` must name an existing record; `fixed` when the field names
    /// records of `key`'s collection only (so the same id in another one
    /// is no fix).
    Exists { key: Key, pos: Pos, suggest: bool, field: String, fixed: bool },
    /// A bare id where a global key was needed: always an error, whose help
    /// names the keys with that id.
    Bare { id: String, pos: Pos, field: String },
}

impl Pending {
    /// The field the reference is in (`body` for a link in the body).
    pub(super) fn field(&self) -> &str {
        match self {
            Pending::Exists { field, .. } | Pending::Bare { field, .. } => field,
        }
    }

    /// Whether [`check_reference`] would fail it: cheap, for the
    /// references past the listed few, whose suggestions (a search over
    /// every key) no one reads.
    pub(super) fn is_broken(&self, known: &BTreeSet<Key>) -> bool {
        match self {
            Pending::Exists { key, .. } => !known.contains(key),
            Pending::Bare { .. } => true,
        }
    }

    /// Where it is written.
    pub(super) fn pos(&self) -> Pos {
        match self {
            Pending::Exists { pos, .. } | Pending::Bare { pos, .. } => *pos,
        }
    }
}

/// How many broken references of one field of a file are listed; the
/// rest are counted in one more error.
pub(super) const MAX_BROKEN: usize = 5;

/// Checks a reference against the set of all keys; `false` (with the
/// reason in `diags`) when it names no record.
pub(super) fn check_reference(
    p: &Pending,
    known: &BTreeSet<Key>,
    schema: &Schema,
    path: &str,
    diags: &mut Diagnostics,
) -> bool {
    match p {
        Pending::Exists { key, pos, suggest, field, fixed } => {
            if known.contains(key) {
                return true;
            }
            if !schema.collections.contains_key(&*key.collection) {
                if schema.collections_unreadable.contains(&*key.collection) {
                    return false;
                }
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
            // The same id written otherwise (case, spaces, a file's
            // extension), the same id in another collection, a near id.
            let wanted = plain_id(&key.id);
            let same =
                known.iter().find(|k| k.collection == key.collection && plain_id(&k.id) == wanted);
            let elsewhere =
                known.iter().find(|k| k.collection != key.collection && plain_id(&k.id) == wanted);
            let ids = known.iter().filter(|k| k.collection == key.collection).map(|k| &*k.id);
            let moved = |k: &Key| {
                format!(
                    "`{k}` has this id, but `{field}` names records of `{}` only: name one of \
                     those, or move the link to `related`",
                    key.collection
                )
            };
            let help = same
                .map(|k| format!("did you mean `{k}`?"))
                .or_else(|| {
                    elsewhere
                        .map(|k| if *fixed { moved(k) } else { format!("did you mean `{k}`?") })
                })
                .or_else(|| {
                    // Renamed keeping the old id as a part (`x` → `x-2016`,
                    // `old-x`): that record, when it is the only one, before
                    // an id a letter or two away that is another record.
                    let (head, tail) = (format!("{}-", key.id), format!("-{}", key.id));
                    let mut grown = known.iter().filter(|k| {
                        k.collection == key.collection
                            && (k.id.starts_with(&head) || k.id.ends_with(&tail))
                    });
                    match (grown.next(), grown.next()) {
                        (Some(k), None) => Some(format!("did you mean `{k}`?")),
                        _ => None,
                    }
                })
                .or_else(|| {
                    suggest
                        .then(|| did_you_mean(&key.id, ids))
                        .flatten()
                        .map(|id| format!("did you mean `{}/{id}`?", key.collection))
                });
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
            let help = match known.iter().find(|k| *k.id == **id) {
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

impl Ctx<'_> {
    pub(super) fn reference(
        &self,
        path: &str,
        def: &FieldDef,
        target: Option<&str>,
        s: &str,
        pos: Pos,
        diags: &mut Diagnostics,
    ) -> Option<Key> {
        let key = match (Key::parse(s), target) {
            (Some(k), Some(c)) if &*k.collection != c => {
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
        if !is_id_shaped(&key.id) || !is_id_shaped(&key.collection) {
            // Written as a file (`Single-Window.md`): the key it stands for.
            let (c, id) = (plain_id(&key.collection), plain_id(&key.id));
            let meant = (is_id_shaped(&c) && is_id_shaped(&id))
                .then(|| format!("did you mean `{c}/{id}`?"));
            let help = match (meant, target) {
                (Some(m), _) => m,
                (None, Some(c)) => format!(
                    "write an id of `{c}` (lower-case letters, digits and single hyphens), or its key `{c}/ID`"
                ),
                (None, None) => {
                    "write a record's key, collection/id, e.g. regulations/eu-gdpr".into()
                }
            };
            diags.push(
                Diagnostic::error(path, pos, format!("`{s}` in `{}` is not a record id", def.name))
                    .with_help(help),
            );
            return None;
        }
        // The record itself (its file's id, in a folder of its collection).
        let file = path.rsplit('/').next().unwrap_or(path);
        let own_id = file.split('.').next().unwrap_or(file);
        if *key.id == *own_id && path.split('/').any(|part| part == &*key.collection) {
            diags.push(
                Diagnostic::warning(
                    path,
                    pos,
                    format!("`{key}` in `{}` is this record itself", def.name),
                )
                .with_help("remove it: the page links to itself, and no other record is named"),
            );
        }
        let suggest = may_suggest(diags);
        let field = def.name.clone();
        self.reference_target(
            Pending::Exists { key: key.clone(), pos, suggest, field, fixed: target.is_some() },
            path,
            diags,
        )
        .then_some(key)
    }

    /// Checks `p` now when all keys are known, else keeps it for later;
    /// `false` when it is already known to fail.
    pub(super) fn reference_target(&self, p: Pending, path: &str, diags: &mut Diagnostics) -> bool {
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

/// An id as a key would write it: trimmed, without a record file's
/// extension, lower-case (`Single-Window.md` is `single-window`).
fn plain_id(id: &str) -> String {
    let id = id.trim();
    let id = [".md", ".yaml", ".yml"].iter().find_map(|e| id.strip_suffix(e)).unwrap_or(id);
    id.to_lowercase()
}
