//! Headings' ids: `{#id}` or slugged from their text, made unique in a
//! body with `-1`, `-2`… An id written with `{#id}` keeps it even when a
//! heading above would have slugged to it (that one gets the suffix), so a
//! link to `#id` lands where its writer meant. Pages and `check` give the
//! same ids, so that `check` can tell a link's `#anchor` that no heading has.

use std::collections::{HashMap, HashSet};

/// The id `{#id}` gives: as written where it is a plain id (letters,
/// digits, `-`, `_`, `.`, as Hugo and Zola keep `{#Custom_ID}` and
/// `{#sec-2.1}`, so old deep links still land), else slugged.
fn given_id(given: &str) -> String {
    let plain = given.starts_with(|c: char| c.is_ascii_alphabetic())
        && given.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if plain { given.to_owned() } else { super::heading_slug(given) }
}

#[derive(Debug, Default)]
pub(super) struct HeadingIds {
    pub(super) used: HashSet<String>,
    // The next suffix to try per base id. Without it the n-th heading of
    // the same text would retry suffixes 1..n: quadratic, and a body of
    // 30 000 empty headings (60 KB) took minutes to build.
    next_suffix: HashMap<String, usize>,
}

impl HeadingIds {
    /// The ids of a body's headings, each `(given, text)` in order: the
    /// first heading to give an id by `{#id}` has it, the others are made
    /// unique around those.
    pub(super) fn assign_all(&mut self, headings: &[(Option<String>, String)]) -> Vec<String> {
        let mut claimed: HashMap<String, usize> = HashMap::new();
        for (i, (given, _)) in headings.iter().enumerate() {
            if let Some(g) = given {
                let base = given_id(g);
                if !base.is_empty() {
                    claimed.entry(base).or_insert(i);
                }
            }
        }
        self.used.extend(claimed.keys().cloned());
        headings
            .iter()
            .enumerate()
            .map(|(i, (given, text))| {
                let base = given.as_deref().map(given_id);
                match base {
                    Some(b) if claimed.get(&b) == Some(&i) => b,
                    _ => self.assign(given.as_deref(), text),
                }
            })
            .collect()
    }

    /// The id of the next heading, `given` by `{#id}` or else from its `text`.
    pub(super) fn assign(&mut self, given: Option<&str>, text: &str) -> String {
        let base = given.map_or_else(|| super::heading_slug(text), given_id);
        let base = if base.is_empty() { "section".to_owned() } else { base };
        let mut unique = base.clone();
        let n = self.next_suffix.entry(base.clone()).or_insert(1);
        while !self.used.insert(unique.clone()) {
            unique = format!("{base}-{n}");
            *n += 1;
        }
        unique
    }
}
