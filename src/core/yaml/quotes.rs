//! Parse errors a quoted value causes, said at the quote: the parser gives
//! up on a later line ("invalid indentation in multiline quoted scalar")
//! when a value's quote is not closed on its line, and on the text after
//! a closing quote that was meant to be inside the value. And a field
//! indented under one whose value is on its line ("mapping values are not
//! allowed"), which no quoting mends.

use crate::core::diag::Pos;

/// The position, message and help for a parse error `message` at line
/// `error_line` (1-based, in `text`) caused by a quoted value, if it is one.
pub(super) fn quote_mistake(
    text: &str,
    error_line: u32,
    message: &str,
) -> Option<(Pos, String, String)> {
    let at = usize::try_from(error_line).ok()?;
    let lines: Vec<&str> = text.lines().collect();
    if message.contains("multiline quoted scalar") || message.contains("while scanning a quoted") {
        // The nearest line above the error whose quoted value does not close
        // on it.
        for n in (1..at.min(lines.len() + 1)).rev() {
            let line = lines.get(n - 1)?;
            let Some((key, value, col)) = key_value(line) else { continue };
            let Some(q) = value.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                continue;
            };
            if closes_at(value, q).is_some() {
                continue;
            }
            let shown: String = value.chars().take(40).collect();
            let message = format!(
                "invalid YAML: `{q}` opens the value of `{key}` and is not closed on its line: `{shown}`"
            );
            let help = format!(
                "close the quote on the same line ({key}: {shown}{q}), or indent the lines the \
                 value goes on over further than `{key}`"
            );
            return Some((pos(n, col)?, message, help));
        }
        return None;
    }
    if message.contains("trailing content after") {
        let line = lines.get(at.checked_sub(1)?)?;
        let (key, value, col) = key_value(line)?;
        let q = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        closes_at(value, q)?;
        // The whole value as text, in single quotes (a `'` doubled).
        let whole = format!("'{}'", value.trim_end().replace('\'', "''"));
        let message = format!(
            "invalid YAML: the value of `{key}` ends at its closing `{q}`, and text follows it"
        );
        let help = format!(
            "a value that starts with a quote is only what the quotes hold: quote all of it, \
             {key}: {whole}"
        );
        return Some((pos(at, col)?, message, help));
    }
    None
}

/// A `key: value` line indented deeper than the `key: value` line above
/// it, whose value is on its line: YAML reads it as more of that value.
pub(super) fn indent_mistake(
    text: &str,
    error_line: u32,
    message: &str,
) -> Option<(Pos, String, String)> {
    if !message.contains("mapping values") {
        return None;
    }
    let at = usize::try_from(error_line).ok()?;
    let lines: Vec<&str> = text.lines().collect();
    let line = lines.get(at.checked_sub(1)?)?;
    let above = lines[..at - 1]
        .iter()
        .rev()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))?;
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let (key, _, _) = key_value(line)?;
    let (over, value, _) = key_value(above)?;
    if indent(line) <= indent(above) || value.trim().is_empty() || over == "-" || key == "-" {
        return None;
    }
    let message =
        format!("invalid YAML: `{key}` is indented under `{over}`, whose value is on its own line");
    let help = format!("start `{key}` in the same column as `{over}`");
    Some((pos(at, indent(line) + 1)?, message, help))
}

/// `key: value` on a line (or a list item's `- key: value`, `- value`), the
/// value's 1-based column in characters.
fn key_value(line: &str) -> Option<(String, &str, usize)> {
    let body = line.trim_start();
    let body = body.strip_prefix("- ").unwrap_or(body);
    let (key, value) = match body.split_once(": ") {
        Some((k, v)) if !k.contains(['"', '\'']) => (k.trim().to_owned(), v.trim_start()),
        _ if line.trim_start().starts_with("- ") => ("-".to_owned(), body.trim_start()),
        _ => return None,
    };
    let col = line[..line.len() - value.len()].chars().count() + 1;
    Some((key, value, col))
}

/// Where the quoted value starting `value` closes (the byte after the
/// closing quote), if on this line: `\"` escapes in double quotes, `''` in
/// single ones.
fn closes_at(value: &str, q: char) -> Option<usize> {
    let mut chars = value.char_indices().skip(1).peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' if q == '"' => {
                chars.next();
            }
            c if c == q => {
                if q == '\'' && chars.peek().is_some_and(|(_, n)| *n == '\'') {
                    chars.next();
                    continue;
                }
                return Some(i + 1);
            }
            _ => {}
        }
    }
    None
}

fn pos(line: usize, col: usize) -> Option<Pos> {
    Some(Pos::new(u32::try_from(line).ok()?, u32::try_from(col).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_open_quote_is_said_where_it_opens() {
        let text = "title: T\nsummary: \"sin cerrar\njurisdiction: ARG\n";
        let (p, m, h) =
            quote_mistake(text, 3, "invalid indentation in multiline quoted scalar").expect("said");
        assert_eq!((p.line, p.col), (2, 10));
        assert!(m.contains("`\"` opens the value of `summary`"), "{m}");
        assert!(h.contains("summary: \"sin cerrar\""), "{h}");
        // Closed quotes above are not it; an escaped quote does not close.
        let text = "title: \"a \\\" b\"\nsummary: 'it''s\nx: y\n";
        let (p, m, _) = quote_mistake(text, 3, "multiline quoted scalar").expect("said");
        assert_eq!((p.line, p.col), (2, 10), "{m}");
        let text = "title: \"a \\\"\nx: y\n";
        assert_eq!(quote_mistake(text, 2, "multiline quoted scalar").map(|x| x.0.line), Some(1));
    }

    #[test]
    fn a_field_indented_under_a_value_is_said() {
        let text = "title: D\n  summary: s\n";
        let (p, m, h) = indent_mistake(text, 2, "mapping values are not allowed").expect("said");
        assert_eq!((p.line, p.col), (2, 3));
        assert!(m.contains("`summary` is indented under `title`"), "{m}");
        assert_eq!(h, "start `summary` in the same column as `title`");
        // A mapping's own fields are indented under its key: no such mistake.
        assert!(indent_mistake("a:\n  b: c\n", 2, "mapping values").is_none());
    }

    #[test]
    fn text_after_a_closing_quote_gets_the_whole_value_quoted() {
        let text = "title: T\nsummary: \"Safe\" harbour, it's\n";
        let (p, m, h) =
            quote_mistake(text, 2, "invalid trailing content after double-quoted").expect("said");
        assert_eq!((p.line, p.col), (2, 10));
        assert!(m.contains("ends at its closing `\"`"), "{m}");
        assert!(h.ends_with("summary: '\"Safe\" harbour, it''s'"), "{h}");
        assert!(quote_mistake("a: b\n", 1, "something else").is_none());
    }
}
