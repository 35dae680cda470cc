//! Other generators' template directives in a body's text (Hugo's
//! shortcodes, Zola's, mdBook's `{{#include}}`): a migrated page keeps
//! them as text, which pages show, so `check` says where they are.

use super::MAX_DROPPED;

/// The template directives of other generators in a run of `text` (its
/// source from byte `start` of `md`): Hugo's shortcodes, Zola's, mdBook's
/// `{{#include}}`. A migrated page keeps them as text, which pages show.
pub(super) fn find(
    text: &str,
    md: &str,
    start: usize,
    out: &mut Vec<(String, &'static str, usize)>,
) {
    const OPENERS: [(&str, &str, &str); 5] = [
        ("{{<", ">}}", "Hugo"),
        ("{{%", "%}}", "Hugo"),
        ("{{#", "}}", "mdBook"),
        ("{%", "%}", "Zola"),
        ("{{", "}}", "Zola"),
    ];
    let mut rest = text;
    // Where in the source the next one is looked for.
    let mut from = start;
    while let Some(at) = rest.find('{') {
        if out.len() >= MAX_DROPPED {
            return;
        }
        let here = &rest[at..];
        let found = OPENERS.iter().find(|(open, ..)| here.starts_with(open));
        let Some((open, close, generator)) = found else {
            rest = &here[1..];
            continue;
        };
        // Zola's `{{ name(…) }}` is a call; a `{{ word }}` elsewhere is text.
        let after = here[open.len()..].trim_start();
        let is_call = *open != "{{"
            || after.find('(').is_some_and(|p| {
                p > 0 && after[..p].chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            });
        if is_call {
            // As written (the text has smart punctuation's quotes), to its
            // closing mark or the end of its line, at most 80 bytes.
            let offset = md.get(from..).and_then(|m| m.find(*open)).map_or(from, |i| from + i);
            let source = md.get(offset..).unwrap_or(here);
            let line = source.find('\n').unwrap_or(source.len());
            let closed = source[..line].find(*close).map(|c| c + close.len());
            let end = closed.unwrap_or(line).min(80);
            let end = (0..=end).rev().find(|i| source.is_char_boundary(*i)).unwrap_or(0);
            out.push((source[..end].trim_end().to_owned(), generator, offset));
            from = offset + open.len();
            rest = &here[open.len()..];
        } else {
            rest = &here[1..];
        }
    }
}
