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
    /// A body's link `dest` to a page of the site whose existence hangs
    /// on the other records ([`Need`]).
    Page { dest: String, pos: Pos, need: Need },
    /// An alias in the folder of record `key`'s page (written `alias`,
    /// compared in lower case): taken when that record exists.
    AliasInRecord { alias: String, key: Key, pos: Pos },
    /// An alias that would replace a page of the site, `why`: always an
    /// error, said with the others (its record, kept, still has its
    /// aliases compared with the other records').
    AliasTaken { alias: String, why: String, pos: Pos },
}

/// What a body's link to a page needs of the site's records, known once
/// every file is read.
#[derive(Debug)]
pub(super) enum Need {
    /// Page `n` (2 or more) of `collection`'s listing, `size` records a
    /// page; `lang` is the language folder written (`fr/`, or empty).
    ListingPage { collection: String, n: usize, size: usize, lang: String },
    /// A page in the folder of record `key` (`regulations/x/nope/`): its
    /// folder holds its page and files only, so there is nothing when the
    /// record exists (when it does not, an alias may be there).
    InsideRecord { key: Key },
    /// A page no part of the site owns (`/old.html`, `/nope/`): only an
    /// alias (`file`, as [`super::aliases::alias_file`] names it) may be
    /// there, so it is checked only given the site's aliases.
    Unowned { file: String },
}

/// Why a page link fails: whether it is an error, the message's end and
/// the help.
struct PageFault {
    error: bool,
    what: String,
    help: String,
}

/// Whether `need` fails, given every key (and the aliases' files, when
/// known).
fn page_fault(
    need: &Need,
    known: &BTreeSet<Key>,
    aliases: Option<&BTreeSet<String>>,
) -> Option<PageFault> {
    match need {
        Need::ListingPage { collection, n, size, lang } => {
            // Drafts and records with errors count too: a page too many is
            // better than a false error (the build paginates published
            // records only).
            let from = Key::new(collection, "");
            let records = known.range(from..).take_while(|k| *k.collection == **collection).count();
            let pages = records.div_ceil(*size).max(1);
            (*n > pages).then(|| PageFault {
                error: true,
                what: format!(
                    "names page {n} of the `{collection}` listing, which has {pages} page(s) of \
                     {size} records"
                ),
                help: format!(
                    "link the listing's first page, /{lang}{collection}/: later pages change as \
                     records are added"
                ),
            })
        }
        Need::InsideRecord { key } => known.contains(key).then(|| PageFault {
            error: true,
            what: format!(
                "names no page of the site: the folder of `{key}` holds its page and files only"
            ),
            help: format!("link the record with @/{key} (a heading with @/{key}#ID)"),
        }),
        Need::Unowned { file } => {
            let aliases = aliases?;
            (!aliases.contains(file)).then(|| PageFault {
                error: false,
                what: "names no page the site publishes".to_owned(),
                help: "link a record with @/COLLECTION/ID, a listing with @/COLLECTION, a file \
                       with /PATH from the site's root (in static/); pages the build writes are \
                       /, /COLLECTION/, /TAXONOMY/TERM/, /countries/CODE/ and /search/"
                    .to_owned(),
            })
        }
    }
}

impl Pending {
    /// The field the reference is in (`body` for a link in the body).
    pub(super) fn field(&self) -> &str {
        match self {
            Pending::Exists { field, .. } | Pending::Bare { field, .. } => field,
            Pending::Page { .. } => "body",
            // Each alias is its own "field": a record's aliases are few
            // (32 at most), and each problem is said, none counted.
            Pending::AliasInRecord { alias, .. } | Pending::AliasTaken { alias, .. } => alias,
        }
    }

    /// Whether [`check_reference`] would fail it: cheap, for the
    /// references past the listed few, whose suggestions (a search over
    /// every key) no one reads.
    pub(super) fn is_broken(&self, known: &BTreeSet<Key>) -> bool {
        match self {
            Pending::Exists { key, .. } => !known.contains(key),
            Pending::Bare { .. } => true,
            Pending::Page { need, .. } => page_fault(need, known, None).is_some_and(|f| f.error),
            Pending::AliasInRecord { key, .. } => known.contains(key),
            Pending::AliasTaken { .. } => true,
        }
    }

    /// Where it is written.
    pub(super) fn pos(&self) -> Pos {
        match self {
            Pending::Exists { pos, .. }
            | Pending::Bare { pos, .. }
            | Pending::Page { pos, .. }
            | Pending::AliasInRecord { pos, .. }
            | Pending::AliasTaken { pos, .. } => *pos,
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
    check_reference_with(p, known, None, schema, path, diags)
}

/// Every alias's redirect file (`old-page/index.html`): a body's link to
/// a path no other part of the site writes may be one.
pub(super) fn alias_files<'a>(
    records: impl Iterator<Item = &'a crate::model::Record>,
) -> BTreeSet<String> {
    records.flat_map(|r| r.aliases.iter().map(|(file, _)| file.clone())).collect()
}

/// [`check_reference`], given also the files of every record's aliases
/// (`old/index.html`): then a body's link to a path no part of the site
/// owns is checked too (without them it cannot be told from an alias).
pub(super) fn check_reference_with(
    p: &Pending,
    known: &BTreeSet<Key>,
    aliases: Option<&BTreeSet<String>>,
    schema: &Schema,
    path: &str,
    diags: &mut Diagnostics,
) -> bool {
    match p {
        Pending::Page { dest, pos, need } => {
            let Some(fault) = page_fault(need, known, aliases) else { return true };
            let message = format!("`{dest}` in the body {}", fault.what);
            diags.push(
                match fault.error {
                    true => Diagnostic::error(path, *pos, message),
                    false => Diagnostic::warning(path, *pos, message),
                }
                .with_help(fault.help),
            );
            !fault.error
        }
        Pending::AliasInRecord { alias, key, pos } => {
            if !known.contains(key) {
                return true;
            }
            let why = match alias.to_lowercase() == format!("{key}/index.html") {
                true => format!("it is the page of `{key}`"),
                // A page bundle's files are published there.
                false => {
                    format!("it is inside the folder of `{key}`'s page, which holds its files")
                }
            };
            diags.push(super::aliases::taken_error(path, *pos, alias, &why));
            false
        }
        Pending::AliasTaken { alias, why, pos } => {
            diags.push(super::aliases::taken_error(path, *pos, alias, why));
            false
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> BTreeSet<Key> {
        ["a", "b", "c"].iter().map(|i| Key::new("regs", i)).chain([Key::new("z", "x")]).collect()
    }

    #[test]
    fn page_links_fail_as_the_records_tell() {
        let k = known();
        let page = |n| Need::ListingPage { collection: "regs".into(), n, size: 2, lang: "".into() };
        assert!(page_fault(&page(2), &k, None).is_none());
        let past = page_fault(&page(3), &k, None).map(|f| (f.error, f.what));
        assert_eq!(
            past,
            Some((
                true,
                "names page 3 of the `regs` listing, which has 2 page(s) of 2 records".into()
            ))
        );
        let inside = |id| Need::InsideRecord { key: Key::new("regs", id) };
        assert!(page_fault(&inside("a"), &k, None).is_some_and(|f| f.error));
        // No such record: an alias may be there.
        assert!(page_fault(&inside("old"), &k, None).is_none());
        // A path no part of the site owns is an alias's or nothing, said
        // (as a warning) only given the aliases.
        let unowned = Need::Unowned { file: "old/index.html".into() };
        assert!(page_fault(&unowned, &k, None).is_none());
        let aliases: BTreeSet<String> = ["old/index.html".to_owned()].into();
        assert!(page_fault(&unowned, &k, Some(&aliases)).is_none());
        let other = Need::Unowned { file: "nope.html".into() };
        assert!(page_fault(&other, &k, Some(&aliases)).is_some_and(|f| !f.error));
    }
}
