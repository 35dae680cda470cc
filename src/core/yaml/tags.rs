//! Explicit YAML tags, refused: serde-saphyr resolves them (`!!binary`
//! decoded, `!!int "3"` a number, `!custom` dropped) without telling, so a
//! document holding `!` is read again by its parser for the tags alone.

use super::YamlError;
use crate::core::diag::Pos;

/// The first explicit tag of a valid document (`!!binary`, `!!int "3"`,
/// `!custom`), as an error. A tag changes what a value reads as while its
/// text stays: `!!binary aGVsbG8=` is `hello` on the page but base64 in the
/// pull request a reviewer reads. Only text holding `!` is parsed again.
pub(super) fn first_tag(text: &str, line_offset: u32) -> Option<YamlError> {
    use granit_parser::{Event, Parser};
    memchr::memchr(b'!', text.as_bytes())?;
    for item in Parser::new_from_str(text) {
        let Ok((event, span)) = item else { return None };
        let tag = match event {
            Event::Scalar(_, _, _, tag)
            | Event::SequenceStart(_, _, tag)
            | Event::MappingStart(_, _, tag) => tag,
            _ => None,
        };
        if let Some(tag) = tag {
            let core = tag.handle() == "tag:yaml.org,2002:";
            let written =
                if core { format!("!!{}", tag.suffix()) } else { format!("!{}", tag.suffix()) };
            let line = u32::try_from(span.start.line()).unwrap_or(u32::MAX);
            // The event starts at its value: point at the tag before it.
            let text_line = text.lines().nth(span.start.line().saturating_sub(1)).unwrap_or("");
            let value_at: usize =
                text_line.chars().take(span.start.col()).map(char::len_utf8).sum();
            let col = match text_line.get(..value_at).and_then(|b| b.rfind(&written)) {
                Some(at) => text_line[..at].chars().count() + 1,
                None => span.start.col() + 1,
            };
            let col = u32::try_from(col).unwrap_or(u32::MAX);
            // `summary: !Important: …` is text that begins with `!`, not a
            // tag to remove: its fix is quotes.
            let help = match (core, super::lost::quoted(text_line)) {
                (false, Some(q)) => format!(
                    "if `{}` is text, quote the value: {q}; else remove the tag: a tag makes a \
                     value read as something other than what reviewers see",
                    written.escape_debug()
                ),
                _ => "remove the tag and write the value as plain text, a number or a list: a tag \
                      makes a value read as something other than what reviewers see"
                    .to_owned(),
            };
            return Some(YamlError {
                pos: Pos::new(line.saturating_add(line_offset), col),
                message: format!("the YAML tag `{}` is not read here", written.escape_debug()),
                help: Some(help),
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::yaml::{YamlLimits, parse};

    fn p(s: &str) -> Result<crate::core::yaml::Node, YamlError> {
        parse(s, 0, YamlLimits::default())
    }

    #[test]
    fn tags_are_refused_where_they_are_written() {
        for (text, tag, col) in [
            ("title: !!binary aGVsbG8=\n", "!!binary", 8),
            ("a: 1\nn: !!int \"3\"\n", "!!int", 4),
            ("t: [x, !custom y]\n", "!custom", 8),
            ("m: !!map {a: 1}\n", "!!map", 4),
        ] {
            let e = p(text).unwrap_err();
            assert_eq!(e.message, format!("the YAML tag `{tag}` is not read here"), "{text}");
            assert_eq!(e.pos.col, col, "{text}");
        }
        // `!` in text is no tag.
        assert!(p("title: \"Hello! World\"\nb: Wow!\nc: |\n  !not a tag\n").is_ok());
    }
}
