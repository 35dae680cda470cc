//! Text a valid document drops without telling: ` #` after a plain value
//! starts a comment (`title: Amendment #2 to the Data Act` is `Amendment`),
//! and `&` at its start an anchor (`summary: &amp; rules` is `rules`).
//! Both are YAML, and both are how a spreadsheet's text loses words on its
//! way into a record: warned about, with the value quoted as the fix. And
//! the parse errors a value's first character causes (`**bold**` is read
//! as an alias), said as such.

use std::collections::BTreeMap;

use super::YamlError;
use crate::core::diag::Pos;

/// Warnings for a parsed document's text that no value holds: a comment
/// whose `#` is glued to what follows it on a plain value's line, and an
/// anchor no alias uses. Parses again only text holding `#` or `&`.
pub fn lost_text(text: &str, line_offset: u32) -> Vec<YamlError> {
    use granit_parser::{Event, Options, Parser, ScalarStyle};
    if memchr::memchr2(b'#', b'&', text.as_bytes()).is_none() {
        return Vec::new();
    }
    let mut options = Options::default();
    options.emit_anchor_events = true;
    options.set_emit_comments(true);
    let mut out = Vec::new();
    // The line the last value ends on, where it was a plain one.
    let mut plain_end: Option<usize> = None;
    let mut anchors: BTreeMap<usize, (usize, usize, String)> = BTreeMap::new();
    // Anchors of mappings and lists (`<<: &d {…}`): YAML's structure, not
    // a value's lost text (their events come before their anchor's).
    let mut structural: std::collections::BTreeSet<usize> = std::collections::BTreeSet::new();
    for item in Parser::new_from_str_with_options(text, options) {
        let Ok((event, span)) = item else { return Vec::new() };
        match event {
            Event::MappingStart(_, id, _) | Event::SequenceStart(_, id, _) if id > 0 => {
                structural.insert(id);
            }
            _ => {}
        }
        match event {
            Event::Scalar(_, style, _, _) => {
                plain_end = (style == ScalarStyle::Plain).then(|| span.end.line());
            }
            Event::Comment(payload, _)
                if plain_end == Some(span.start.line())
                    && payload.starts_with(|c: char| !c.is_whitespace() && c != '#') =>
            {
                let line = line_of(text, span.start.line());
                out.push(YamlError {
                    pos: pos(span.start.line(), span.start.col(), line_offset),
                    message: format!(
                        "`#{}` is read as a YAML comment, not as part of the value",
                        payload.trim_end()
                    ),
                    help: Some(quote_help(line, "to keep it")),
                });
            }
            Event::Anchor(id, name) if !structural.contains(&id) => {
                anchors.insert(id, (span.start.line(), span.start.col(), name.into_owned()));
            }
            Event::Alias(id) => {
                anchors.remove(&id);
            }
            _ => {}
        }
    }
    for (line, col, name) in anchors.into_values() {
        out.push(YamlError {
            pos: pos(line, col, line_offset),
            message: format!(
                "`&{name}` is read as a YAML anchor, which is not part of the value, and no \
                 alias uses it"
            ),
            help: Some(quote_help(line_of(text, line), "if it is text")),
        });
    }
    out.sort_by_key(|e| (e.pos.line, e.pos.col));
    out
}

/// A parse error caused by a plain value's first character, which YAML
/// reads as syntax: `*` an alias (Markdown's `**bold**`), `&` an anchor,
/// `@` and `` ` `` reserved, `%` a directive. The error's line (1-based,
/// in `text`) and the one above it are looked at; the position is the
/// value's, and the help the line with the value quoted.
pub(super) fn indicator_mistake(text: &str, error_line: u32) -> Option<(Pos, String, String)> {
    let at = usize::try_from(error_line).ok()?;
    for n in [at, at.saturating_sub(1)] {
        let line = line_of(text, n);
        let Some((key, value)) = line.trim_start().split_once(": ") else { continue };
        let value = value.trim_start();
        let what = match value.chars().next() {
            Some('*') => "which YAML reads as an alias (a reference to an anchor, `&name`)",
            Some('&') => "which YAML reads as an anchor (`&name`)",
            Some('@' | '`') => "a character YAML reserves at the start of a value",
            Some('%') => "which YAML reads as a directive",
            _ => continue,
        };
        let first = value.chars().next().unwrap_or(' ');
        // `value` ends `line`: the text before it gives its column.
        let col = line[..line.len() - value.len()].chars().count() + 1;
        let shown: String = value.chars().take(24).collect();
        let message = format!("invalid YAML: `{key}` starts with `{first}`, {what}: `{shown}`");
        let pos = Pos::new(u32::try_from(n).ok()?, u32::try_from(col).ok()?);
        return Some((pos, message, quote_help(line, "to keep it as text")));
    }
    None
}

fn pos(line: usize, col: usize, line_offset: u32) -> Pos {
    let line = u32::try_from(line).unwrap_or(u32::MAX).saturating_add(line_offset);
    Pos::new(line, u32::try_from(col + 1).unwrap_or(u32::MAX))
}

/// Line `n` (1-based) of `text`.
fn line_of(text: &str, n: usize) -> &str {
    text.lines().nth(n.saturating_sub(1)).unwrap_or("")
}

/// "quote the value {why}", with the line written so where it is one
/// `key: value` (`title: "Amendment #2 to the Data Act"`).
pub(super) fn quote_help(line: &str, why: &str) -> String {
    match quoted(line) {
        Some(q) => format!("quote the value {why}: {q}"),
        None => format!("quote the value {why}, in double quotes"),
    }
}

/// `key: value` with its value in double quotes (`"` and `\` escaped), or
/// `None` for a line that is no such pair (a list item, a quoted value).
pub(crate) fn quoted(line: &str) -> Option<String> {
    let indent = &line[..line.len() - line.trim_start().len()];
    let (key, value) = line.trim_start().split_once(": ")?;
    let value = value.trim();
    let simple_key = !key.is_empty() && !key.contains(['"', '\'', '#', '[', '{']);
    if !simple_key || value.is_empty() || value.starts_with(['"', '\'', '|', '>']) {
        return None;
    }
    let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
    Some(format!("{indent}{key}: \"{escaped}\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_glued_comment_and_an_unused_anchor_are_warned_about() {
        let text = "title: Amendment #2 to the Data Act\nsummary: &amp; other rules apply.\narea: customs # a comment\nkind: \"#1\"\n";
        let w = lost_text(text, 1);
        assert_eq!(w.len(), 2, "{w:?}");
        assert_eq!((w[0].pos.line, w[0].pos.col), (2, 18));
        assert_eq!(
            w[0].message,
            "`#2 to the Data Act` is read as a YAML comment, not as part of the value"
        );
        assert_eq!(
            w[0].help.as_deref(),
            Some("quote the value to keep it: title: \"Amendment #2 to the Data Act\"")
        );
        assert_eq!((w[1].pos.line, w[1].pos.col), (3, 10));
        assert!(w[1].message.starts_with("`&amp;` is read as a YAML anchor"), "{}", w[1].message);
        // An anchor on a mapping or a list is structure, used or not.
        assert!(lost_text("a:\n  <<: &d {stage: pilot}\n  b: &l [1, 2]\n", 0).is_empty());
        assert_eq!(
            w[1].help.as_deref(),
            Some("quote the value if it is text: summary: \"&amp; other rules apply.\"")
        );
    }

    #[test]
    fn a_value_starting_with_yaml_syntax_is_shown_quoted() {
        let text = "title: T\nsummary: **Key rule:** data stays.\n";
        let (pos, message, help) = indicator_mistake(text, 2).expect("found");
        assert_eq!((pos.line, pos.col), (2, 10));
        assert!(
            message.contains("`summary` starts with `*`, which YAML reads as an alias"),
            "{message}"
        );
        assert_eq!(
            help,
            "quote the value to keep it as text: summary: \"**Key rule:** data stays.\""
        );
        assert!(indicator_mistake("title: @gov Data Act\n", 1).is_some());
        assert!(indicator_mistake("title: plain\n", 1).is_none());
    }

    #[test]
    fn used_anchors_block_text_and_spaced_comments_are_fine() {
        let text = "a: &x [1, 2]\nb: *x\nbody: |\n  # Heading #1\n  Text & more.\nc: plain # note\nd: 'quoted' #x\n";
        assert!(lost_text(text, 0).is_empty(), "{:?}", lost_text(text, 0));
    }
}
