//! A body link's `#anchor` (`@/regulations/eu-gdpr#article-46`, `#scope`):
//! checked once every body's headings are known, against the ids the
//! target's page in the link's language gives its headings (a
//! translation's own body, else the original's, which that page shows)
//! and the ids the built-in theme gives every record's page. A warning, as Zola's link
//! checker gives: the page is still there, only the jump is lost.

use std::collections::{BTreeMap, BTreeSet};

use crate::core::diag::{Diagnostic, Diagnostics, Pos, did_you_mean};
use crate::core::names::RECORD_PAGE_IDS;
use crate::model::Key;

/// Most heading ids a hint lists.
const IDS_SHOWN: usize = 8;

/// A link to `#fragment` of record `key`'s page, written at `pos`.
#[derive(Debug)]
pub(super) struct Anchor {
    pub key: Key,
    pub fragment: String,
    pub pos: Pos,
    pub dest: String,
    /// The language of the page the link leads to, lower case: the
    /// translation it is written in, or a `/fr/…` path's; `None` for the
    /// original's page.
    pub lang: Option<String>,
}

/// The heading ids of every record's body (language `None`) and of each
/// of its translations' bodies (by language, lower case).
#[derive(Debug, Default)]
pub(super) struct Headings(BTreeMap<(Key, Option<String>), BTreeSet<String>>);

impl Headings {
    pub(super) fn add(
        &mut self,
        key: &Key,
        lang: Option<&str>,
        ids: impl IntoIterator<Item = String>,
    ) {
        let at = (key.clone(), lang.map(str::to_ascii_lowercase));
        self.0.entry(at).or_default().extend(ids.into_iter().filter(|i| !i.is_empty()));
    }

    /// The ids of `key`'s page in `lang`: its translation's body where it
    /// has one, else the original's.
    fn of(&self, key: &Key, lang: Option<&str>) -> Option<&BTreeSet<String>> {
        let version = lang.and_then(|l| self.0.get(&(key.clone(), Some(l.to_owned()))));
        version.or_else(|| self.0.get(&(key.clone(), None)))
    }

    /// Warns, in `diags`, of each link in `links` (made in the file at
    /// `path`) to a heading its target's page lacks. A target that is no
    /// record was reported as such already.
    pub(super) fn check(
        &self,
        links: &[Anchor],
        known: &BTreeSet<Key>,
        path: &str,
        diags: &mut Diagnostics,
    ) {
        let none = BTreeSet::new();
        // At most a few a file, as the body's other checks say: a hostile
        // body of 25,000 `#x` links to a body of 30,000 headings would
        // otherwise compare every pair for "did you mean".
        let mut said = 0;
        for a in links {
            if said == crate::markdown::MAX_DROPPED {
                break;
            }
            // Footnotes' ids (`fn-1`, `fnref-1`) are the pages' too.
            let note = a.fragment.starts_with("fn-") || a.fragment.starts_with("fnref-");
            if !known.contains(&a.key) || note || theme_id(&a.fragment) {
                continue;
            }
            let ids = self.of(&a.key, a.lang.as_deref()).unwrap_or(&none);
            if ids.contains(&a.fragment) {
                continue;
            }
            said += 1;
            // Another language's version has it: the heading was
            // translated or left out of this one.
            let elsewhere: Vec<String> = self
                .0
                .range((a.key.clone(), None)..)
                .take_while(|((k, _), _)| *k == a.key)
                .filter(|(_, v)| v.contains(&a.fragment))
                .map(|((_, l), _)| l.as_deref().map_or("original".to_owned(), |l| format!("`{l}`")))
                .collect();
            let help = match did_you_mean(&a.fragment, ids.iter().map(String::as_str)) {
                _ if !elsewhere.is_empty() => format!(
                    "only its {} version has `#{}`: this link leads to the page of {}, \
                     whose body has no such heading; link that version's page or this one's \
                     heading",
                    elsewhere.join(", "),
                    a.fragment,
                    a.lang
                        .as_ref()
                        .map_or("the original".to_owned(), |l| format!("its `{l}` version"))
                ),
                Some(near) => format!("did you mean `#{near}`?"),
                None if ids.is_empty() => format!(
                    "`{}` has no headings in its body: link the page without `#{}`",
                    a.key, a.fragment
                ),
                None => {
                    let mut listed: Vec<String> =
                        ids.iter().take(IDS_SHOWN).map(|i| format!("`#{i}`")).collect();
                    if ids.len() > IDS_SHOWN {
                        listed.push(format!("and {} more", ids.len() - IDS_SHOWN));
                    }
                    format!("its headings' ids: {}", listed.join(", "))
                }
            };
            diags.push(
                Diagnostic::warning(
                    path,
                    a.pos,
                    match a.dest.starts_with('#') {
                        true => format!("`{}` in the body names no heading of this record", a.dest),
                        false => format!(
                            "`{}` in the body names `#{}`, which no heading of `{}`{} has",
                            a.dest,
                            a.fragment,
                            a.key,
                            match &a.lang {
                                Some(l)
                                    if self.0.contains_key(&(a.key.clone(), Some(l.clone()))) =>
                                    format!(" in its `{l}` version"),
                                _ => String::new(),
                            }
                        ),
                    },
                )
                .with_help(help),
            );
        }
    }
}

/// Whether the built-in theme gives every record's page `id`.
fn theme_id(id: &str) -> bool {
    RECORD_PAGE_IDS.iter().any(|t| match t.strip_suffix('*') {
        Some(prefix) => id.starts_with(prefix),
        None => *t == id,
    })
}

/// Warns of each id raw HTML gives an element that a heading of the body
/// or an element before it has: a page holds each id once, and a link to
/// `#id` lands on the first.
pub(super) fn check_raw_ids(
    path: &str,
    scan: &crate::markdown::Scan,
    pos: &dyn Fn(usize) -> Pos,
    diags: &mut Diagnostics,
) {
    use std::collections::HashSet;
    if scan.raw_ids.is_empty() {
        return;
    }
    let headings: HashSet<&str> = scan.anchors.iter().map(String::as_str).collect();
    let mut seen: HashSet<&str> = HashSet::with_capacity(scan.raw_ids.len());
    let mut said = 0;
    for (id, offset) in &scan.raw_ids {
        let heading = headings.contains(id.as_str());
        if !heading && seen.insert(id.as_str()) {
            continue;
        }
        said += 1;
        if said > crate::markdown::MAX_DROPPED {
            break;
        }
        let what = if heading { "a heading of the body" } else { "another element of the body" };
        let help = if heading {
            format!(
                "rename one: change this element's id, or give the heading an id of its own \
                 with `{{#{id}-heading}}` after its text"
            )
        } else {
            "rename one of them: links to `#id` land on the first".to_owned()
        };
        diags.push(
            Diagnostic::warning(
                path,
                pos(*offset),
                format!("the id `{id}` in the body's HTML is also the id of {what}"),
            )
            .with_help(help),
        );
    }
}
