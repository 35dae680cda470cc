//! A body link's `#anchor` (`@/regulations/eu-gdpr#article-46`, `#scope`):
//! checked once every body's headings are known, against the ids pages
//! give the target's headings in any of its languages and the ids the
//! built-in theme gives every record's page. A warning, as Zola's link
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
}

/// The heading ids of every record's body and its translations' bodies.
#[derive(Debug, Default)]
pub(super) struct Headings(BTreeMap<Key, BTreeSet<String>>);

impl Headings {
    pub(super) fn add(&mut self, key: &Key, ids: impl IntoIterator<Item = String>) {
        self.0.entry(key.clone()).or_default().extend(ids);
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
            let ids = self.0.get(&a.key).unwrap_or(&none);
            if ids.contains(&a.fragment) {
                continue;
            }
            said += 1;
            let help = match did_you_mean(&a.fragment, ids.iter().map(String::as_str)) {
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
                            "`{}` in the body names `#{}`, which no heading of `{}` has",
                            a.dest, a.fragment, a.key
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
