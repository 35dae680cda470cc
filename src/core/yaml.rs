//! YAML parsing into a tree where every node knows its line and column.
//!
//! Records are validated against schemas that collections declare at run
//! time, so we need a dynamic tree rather than typed structs, and every value
//! must carry its position for diagnostics. serde-saphyr deserialises through
//! serde into [`Spanned`] nodes and enforces budgets (alias expansion,
//! depth, node count) so hostile input fails fast. A key written twice is
//! reported at its second occurrence but does not stop the parse (the first
//! value is kept), so the rest of the file is still checked.

use std::collections::HashMap;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Budget, DuplicateKeyPolicy, Options, Spanned};

use crate::core::diag::Pos;

mod lost;
mod quotes;
mod tags;

pub use lost::lost_text;

/// Limits on one YAML document; exceeded limits are content errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YamlLimits {
    /// Deepest nesting of sequences and mappings.
    pub max_depth: usize,
    /// Most nodes (scalars and collections), counting alias expansions.
    pub max_nodes: usize,
    /// Most alias (`*name`) uses.
    pub max_aliases: usize,
}

impl Default for YamlLimits {
    fn default() -> Self {
        YamlLimits { max_depth: 32, max_nodes: 20_000, max_aliases: 200 }
    }
}

/// A parsed YAML value with the position of its first character.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub kind: NodeKind,
    /// Where it starts in the file (already offset for front matter).
    pub pos: Pos,
    /// A number's or boolean's text as written (`1.0`, `0x1F`, `True`), so
    /// that a hint to quote it, or a schema reading it as text, keeps it.
    pub written: Option<Box<str>>,
    /// Whether a string is a block scalar, and which.
    pub block: Block,
}

/// How a string was written, where it matters after parsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Block {
    /// Not a block scalar: plain, quoted, or no string.
    #[default]
    No,
    /// `|`: its lines are the file's lines from the node's position, each
    /// at its column, so a place in it has an exact position.
    Literal,
    /// `>`.
    Folded,
}

/// The value of a [`Node`].
#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    /// `~`, `null` or an empty value.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer that fits in `i64`.
    Int(i64),
    /// A float, or an integer too large for `i64`.
    Float(f64),
    /// Any other scalar, including dates such as `2023-07-07`.
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in document order.
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// A short name of the node's type for messages ("a list", "text", …).
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            NodeKind::Null => "nothing",
            NodeKind::Bool(_) => "a boolean",
            NodeKind::Int(_) => "an integer",
            NodeKind::Float(_) => "a number",
            NodeKind::Str(_) => "text",
            NodeKind::Seq(_) => "a list",
            NodeKind::Map(_) => "a mapping",
        }
    }

    /// The string value of a string scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The entries of a mapping.
    pub fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.kind {
            NodeKind::Map(m) => Some(m),
            _ => None,
        }
    }

    /// Any scalar as text (numbers and booleans as YAML writes them).
    pub fn scalar_text(&self) -> Option<String> {
        match &self.kind {
            NodeKind::Str(s) => Some(s.clone()),
            NodeKind::Int(_) | NodeKind::Float(_) | NodeKind::Bool(_)
                if let Some(w) = &self.written =>
            {
                Some(w.to_string())
            }
            NodeKind::Int(i) => Some(i.to_string()),
            NodeKind::Float(f) => Some(f.to_string()),
            NodeKind::Bool(b) => Some(b.to_string()),
            NodeKind::Null | NodeKind::Seq(_) | NodeKind::Map(_) => None,
        }
    }

    /// Looks a key up in a mapping whose keys are strings.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?.iter().find(|(k, _)| k.as_str() == Some(key)).map(|(_, v)| v)
    }
}

/// A YAML syntax or limit error at a position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// Where the parser stopped.
    pub pos: Pos,
    /// What went wrong.
    pub message: String,
    /// How to fix it, when known.
    pub help: Option<String>,
}

/// [`parse_keeping_going`] with a duplicate key as the error (the tests'
/// shorthand; the program reports duplicates beside the tree).
#[cfg(test)]
pub(crate) fn parse(text: &str, line_offset: u32, limits: YamlLimits) -> Result<Node, YamlError> {
    let (node, mut duplicates) = parse_keeping_going(text, line_offset, limits)?;
    if duplicates.is_empty() { Ok(node) } else { Err(duplicates.swap_remove(0)) }
}

/// Parses one YAML document. `line_offset` is added to every line (front
/// matter starts below its opening `---`). Returns with the tree every key
/// written a second time in the same mapping (the tree keeps the first value), so that
/// a record's other mistakes are reported in the same run.
pub fn parse_keeping_going(
    text: &str,
    line_offset: u32,
    limits: YamlLimits,
) -> Result<(Node, Vec<YamlError>), YamlError> {
    let mut budget = Budget::default();
    budget.max_depth = limits.max_depth;
    budget.max_nodes = limits.max_nodes;
    budget.max_aliases = limits.max_aliases;
    // Not its ratio of aliases to anchors as well: it refused one anchor
    // used 100 times as "more than 200 alias uses". The limits on values
    // (expansions counted) and aliases already stop alias bombs.
    budget.enforce_alias_anchor_ratio = false;
    budget.max_documents = 1;
    let mut options = Options::default();
    options.budget = Some(budget);
    // Duplicates reach the visitor, which keeps the first and notes the rest.
    options.duplicate_keys = DuplicateKeyPolicy::PassThrough;
    // Under-indented flow and quoted continuation lines are invalid YAML 1.2.
    options.strict_indentation = true;
    // YAML 1.2's booleans only: `y`, `no`, `on` stay text, as every YAML 1.2
    // reader (editors, the JSON Schema's users) reads them; `country: NO`
    // is Norway, and `values: [x, y]` two letters.
    options.strict_booleans = true;
    // `.nan`, `1e400`: as text (kept as written, `convert`), which a number
    // field then refuses naming itself, rather than a parse error naming
    // neither field nor fix.
    options.non_finite_float_policy = serde_saphyr::NonFiniteFloatPolicy::AsString;
    match serde_saphyr::from_str_with_options::<Option<Spanned<Raw>>>(text, options) {
        Ok(Some(_)) if let Some(e) = tags::first_tag(text, line_offset) => Err(e),
        Ok(Some(root)) => {
            let mut duplicates = Vec::new();
            let node = convert(root, text, line_offset, &mut duplicates);
            Ok((node, duplicates))
        }
        // An empty document is an empty mapping's worth of nothing.
        Ok(None) => Ok((
            Node {
                kind: NodeKind::Null,
                pos: Pos::new(1 + line_offset, 1),
                written: None,
                block: Block::No,
            },
            Vec::new(),
        )),
        Err(err) => {
            let mut e = convert_error(&err, line_offset, limits);
            // YAML forbids tabs in indentation, but the scanner reports where
            // it gave up (often the end of the previous line, or a confusing
            // "mapping values" error). A tab in the indentation up to the
            // error line is almost always the cause: point at the tab itself.
            let error_line = e.pos.line.saturating_sub(line_offset);
            if let Some(pos) = first_indent_tab(text, error_line + 1) {
                e.pos = Pos::new(pos.line + line_offset, pos.col);
                if !e.message.contains("tab") {
                    e.message = "invalid YAML: a tab in indentation".to_owned();
                }
                e.help =
                    Some("indent with spaces; YAML does not allow tabs for indentation".to_owned());
            }
            // A value's first character read as syntax, where the parser's
            // own words say nothing better (a limit's message stays).
            let generic = e.help.is_none() || e.message.contains("unknown anchor");
            if let Some((pos, message, help)) = flow_mistake(text, error_line)
                .or_else(|| generic.then(|| lost::indicator_mistake(text, error_line)).flatten())
                .or_else(|| quotes::quote_mistake(text, error_line, &e.message))
                .or_else(|| quotes::indent_mistake(text, error_line, &e.message))
            {
                e.pos = Pos::new(pos.line + line_offset, pos.col);
                e.message = message;
                e.help = Some(help);
            }
            Err(e)
        }
    }
}

/// A value that starts with `[` or `{` is a YAML list or mapping: a title
/// such as `[Draft] Data law`, or a bracket left open, fails on the same or
/// the next line with a message about keys or indentation. When the line of
/// the error (or the one above it) holds such a value, say that instead.
fn flow_mistake(text: &str, error_line: u32) -> Option<(Pos, String, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let at = usize::try_from(error_line).ok()?;
    // The error's line (1-based), then the one above it.
    for i in [at.checked_sub(1), at.checked_sub(2)].into_iter().flatten() {
        let Some(line) = lines.get(i) else { continue };
        let body = line.trim_start().trim_start_matches("- ");
        let Some((key, rest)) = body.split_once(": ") else { continue };
        let value = rest.trim();
        let Some(open) = value.chars().next().filter(|c| *c == '[' || *c == '{') else {
            continue;
        };
        let close = if open == '[' { ']' } else { '}' };
        // Where the bracket closes, quotes aside (a rough scan: enough to
        // tell "never" from "then more text follows").
        let (mut depth, mut quote, mut end) = (0i32, None::<char>, None);
        for (j, c) in value.char_indices() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, c) if c == open => depth += 1,
                (None, c) if c == close => {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(j);
                        break;
                    }
                }
                _ => {}
            }
        }
        // The value's column, in characters as every position is.
        let start = line.len() - rest.trim_start().len();
        let col = line.get(..start).map_or(1, |p| p.chars().count() + 1);
        let pos = Pos::new(u32::try_from(i + 1).ok()?, u32::try_from(col).ok()?);
        // Shortened: a hostile value of 100,000 brackets was echoed whole.
        let shown: String = if value.chars().count() > 60 {
            value.chars().take(57).chain("…".chars()).collect()
        } else {
            value.to_owned()
        };
        let quoted = format!("{key}: \"{}\"", shown.replace('"', "\\\""));
        // A bracket closed with nothing after it is fine: the line above may
        // hold the one left open (`stage: [operational` then `topics: [x]`).
        return match end {
            Some(j)
                if !value[j + 1..].trim().is_empty() && !value[j + 1..].trim().starts_with('#') =>
            {
                Some((
                    pos,
                    format!(
                        "invalid YAML: `{open}` starts a list or mapping, and text follows its `{close}`"
                    ),
                    format!("quote the value to keep the brackets as text: {quoted}"),
                ))
            }
            None => Some((
                pos,
                format!("invalid YAML: `{open}` starts a list or mapping that is never closed"),
                format!(
                    "close it with `{close}`, or quote the value to keep the bracket as text: {quoted}"
                ),
            )),
            Some(_) => continue,
        };
    }
    None
}

// The first tab in a line's leading white space (or right after a `- `
// indicator), on lines up to `to_line` (1-based).
fn first_indent_tab(text: &str, to_line: u32) -> Option<Pos> {
    for (i, line) in text.lines().enumerate().take(to_line as usize) {
        let lead: String =
            line.chars().take_while(|c| *c == ' ' || *c == '\t' || *c == '-').collect();
        if let Some(c) = lead.find('\t') {
            let col = line[..c].chars().count() + 1;
            return Some(Pos::new(u32::try_from(i + 1).ok()?, u32::try_from(col).ok()?));
        }
    }
    None
}

fn convert_error(err: &serde_saphyr::Error, line_offset: u32, limits: YamlLimits) -> YamlError {
    let pos = err
        .location()
        .filter(|l| l.line() > 0)
        .map(|l| Pos::new(clamp(l.line()) + line_offset, clamp(l.column()).max(1)))
        .unwrap_or(Pos::new(1 + line_offset, 1));
    let mut opts = serde_saphyr::RenderOptions::default();
    opts.snippets = serde_saphyr::SnippetMode::Off;
    let rendered = err.render_with_options(opts);
    let message = clean_message(&rendered, limits);
    let help = help_for(&message, limits);
    YamlError { pos, message: format!("invalid YAML: {message}"), help }
}

fn clamp(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

// serde-saphyr prefixes "error: line N column M: " and may suffix advice
// about its own options; our diagnostics carry the position themselves.
fn clean_message(rendered: &str, limits: YamlLimits) -> String {
    let first = rendered.lines().next().unwrap_or(rendered).trim();
    let mut msg = first.strip_prefix("error:").unwrap_or(first).trim();
    if let Some(rest) = msg.strip_prefix("line ")
        && let Some(idx) = rest.find(": ")
        && rest[..idx].contains("column")
    {
        msg = &rest[idx + 2..];
    }
    let msg = msg.split(", set DuplicateKeyPolicy").next().unwrap_or(msg);
    // An anchor used inside itself (`a: &x [*x]`) in the parser's words.
    if msg.contains("recursive references") {
        return "an alias (`*name`) is used inside the anchor (`&name`) it refers to".to_owned();
    }
    // Our diagnostics carry the position; drop the parser's own copy of it.
    let msg = match msg.find(" at line ") {
        Some(i) if msg[i..].contains("column") => &msg[..i],
        _ => msg,
    };
    // Budget breaches print a Debug struct; name the limit in words instead.
    if msg.contains("budget breached") {
        return budget_message(msg, limits);
    }
    msg.trim_end_matches('.').to_owned()
}

fn budget_message(msg: &str, limits: YamlLimits) -> String {
    if msg.contains("Nodes") {
        format!(
            "more than {} YAML values (an alias bomb, or a document far larger than a record)",
            limits.max_nodes
        )
    } else if msg.contains("Alias") {
        format!("more than {} alias uses", limits.max_aliases)
    } else if msg.contains("Depth") {
        format!("nesting deeper than {} levels", limits.max_depth)
    } else if msg.contains("Documents") {
        "more than one YAML document in one file".to_owned()
    } else if msg.contains("Events") {
        "far more YAML than a record holds (an alias bomb, or a document far larger than a record)"
            .to_owned()
    } else {
        format!(
            "a parsing limit was exceeded ({})",
            msg.trim_start_matches("budget breached: ").trim()
        )
    }
}

fn help_for(message: &str, limits: YamlLimits) -> Option<String> {
    let m = message.to_lowercase();
    let help = if m.contains("duplicate mapping key") {
        "remove one of the two entries; each key may appear once".to_owned()
    } else if m.contains("tab") {
        "indent with spaces; YAML does not allow tabs for indentation".to_owned()
    } else if m.contains("yaml values") || m.contains("alias uses") {
        format!(
            "records need at most {} values and {} aliases; raise [limits] yaml-max-nodes / yaml-max-aliases in book.toml if this is real content",
            limits.max_nodes, limits.max_aliases
        )
    } else if m.contains("more than one yaml document") {
        "a record is one YAML document: remove the extra `---` line".to_owned()
    } else if m.contains("inside the anchor") {
        "an alias repeats a value defined before it: write the value out, or use an anchor \
         defined outside it"
            .to_owned()
    } else if m.contains("far more yaml") {
        format!(
            "records need at most {} values and {} aliases; lower [limits] yaml-max-nodes or yaml-max-aliases in book.toml, or remove the aliases",
            limits.max_nodes, limits.max_aliases
        )
    } else if m.contains("recursion") || m.contains("depth") || m.contains("nesting") {
        format!(
            "records nest at most {} levels; raise [limits] yaml-max-depth in book.toml if this is real content",
            limits.max_depth
        )
    } else if m.contains("more than one") || m.contains("multiple documents") {
        "a record is one YAML document: remove the extra `---` line".to_owned()
    } else if m.contains("surrogate") {
        "write the character itself, or one escape for it: \\U0001F600 (eight hex digits), not a \
         pair of \\u escapes"
            .to_owned()
    } else if m.contains("simple key") {
        "a key is a field's name: keep it on one line, under 1,024 characters, followed by `: `"
            .to_owned()
    } else if m.contains("unknown anchor") {
        "define the anchor (`&name`) before using it (`*name`)".to_owned()
    } else if m.contains("colon") || m.contains("mapping values") {
        "quote values that contain `: `, e.g. title: \"Trade: a guide\"".to_owned()
    } else if m.contains("flow mapping") {
        "in `{…}`, entries are separated by `, ` and a value holding `: `, `,` or `}` is \
         quoted: {label: \"Kenya: privacy\"}"
            .to_owned()
    } else if m.contains("flow sequence") {
        "in `[…]`, items are separated by `, ` and an item holding `, `, `: ` or `]` is \
         quoted: [\"Trade, and more\", b]"
            .to_owned()
    } else if m.contains("'-' indicator") || m.contains("block collection") {
        "the lines of a list and of each of its items line up: indent this line as the one \
         above it (a `- ` item's fields start where its first field does)"
            .to_owned()
    } else if m.contains("block mapping") {
        "a field's line starts in the same column as the fields beside it: check this line's \
         indentation, and quote a value that starts with `[`, `{`, `*`, `&`, `!`, `|`, `>` or `@`"
            .to_owned()
    } else {
        return None;
    };
    Some(help)
}

fn convert(
    raw: Spanned<Raw>,
    text: &str,
    line_offset: u32,
    duplicates: &mut Vec<YamlError>,
) -> Node {
    let loc = raw.referenced;
    let pos = if loc.line() == 0 {
        Pos::new(1 + line_offset, 1)
    } else {
        Pos::new(clamp(loc.line()) + line_offset, clamp(loc.column()).max(1))
    };
    let mut written = None;
    let mut block = Block::No;
    let kind = match raw.value {
        // Kept where written (`Null`, `~`): a spreadsheet's placeholder a
        // required field's message then names.
        Raw::Null => {
            written = written_at(text, loc);
            NodeKind::Null
        }
        Raw::Bool(b) => {
            written = written_at(text, loc);
            NodeKind::Bool(b)
        }
        // YAML 1.2's core schema has no `_` in numbers (1.1 had): `1_000`
        // is text, as the JSON Schema and editors read it.
        Raw::Int(i) => {
            written = written_at(text, loc);
            match written.as_deref() {
                Some(w) if w.contains('_') => NodeKind::Str(w.to_owned()),
                _ => NodeKind::Int(i),
            }
        }
        Raw::Float(f) => {
            written = written_at(text, loc);
            match written.as_deref() {
                Some(w) if w.contains('_') => NodeKind::Str(w.to_owned()),
                _ => NodeKind::Float(f),
            }
        }
        // A non-finite float arrives as `.inf`: the text as written instead.
        Raw::Str(s) if matches!(s.as_str(), ".nan" | ".inf" | "-.inf") => {
            NodeKind::Str(written_at(text, loc).map_or(s, String::from))
        }
        Raw::Str(s) => {
            block = block_style(text, loc);
            NodeKind::Str(s)
        }
        Raw::Seq(items) => NodeKind::Seq(
            items.into_iter().map(|n| convert(n, text, line_offset, duplicates)).collect(),
        ),
        Raw::Map(entries) => {
            let mut seen: HashMap<KeyId, Pos> = HashMap::new();
            let mut kept = Vec::with_capacity(entries.len());
            for (k, v) in entries {
                let key = convert(k, text, line_offset, duplicates);
                let id = KeyId::of(&key);
                if let Some(first) = id.as_ref().and_then(|id| seen.get(id)) {
                    duplicates.push(duplicate_key(&key, *first));
                    continue;
                }
                if let Some(id) = id {
                    seen.insert(id, key.pos);
                }
                kept.push((key, convert(v, text, line_offset, duplicates)));
            }
            NodeKind::Map(kept)
        }
    };
    Node { kind, pos, written, block }
}

/// The block style of the scalar at `loc` (`|`, `|-`, `>+2`, after a tag
/// or an anchor) whose text starts on the line after the indicator.
fn block_style(text: &str, loc: serde_saphyr::Location) -> Block {
    let Some(from) = loc.span().byte_offset().and_then(|b| usize::try_from(b).ok()) else {
        return Block::No;
    };
    let Some(before) = text.get(..from) else { return Block::No };
    let Some(line_start) = before.rfind('\n') else { return Block::No };
    if !before[line_start + 1..].bytes().all(|b| b == b' ') {
        return Block::No;
    }
    let above = before[..line_start].rsplit('\n').next().unwrap_or("");
    // A comment after the indicator (`body: | # notes`) is not the value.
    let above = match above.find(" #") {
        Some(i) => &above[..i],
        None => above,
    };
    let last = above.trim_end().rsplit([' ', '\t']).next().unwrap_or("");
    let indicators = |rest: &str| {
        rest.len() <= 2 && rest.bytes().all(|b| matches!(b, b'+' | b'-' | b'1'..=b'9'))
    };
    match last.split_at_checked(1) {
        Some(("|", rest)) if indicators(rest) => Block::Literal,
        Some((">", rest)) if indicators(rest) => Block::Folded,
        _ => Block::No,
    }
}

/// A scalar key's identity: YAML compares keys by value, so `11` and `0xB`
/// are the same key and `"11"` another. Collections as keys are left alone.
#[derive(PartialEq, Eq, Hash)]
enum KeyId {
    Null,
    Bool(bool),
    Int(i64),
    Float(u64),
    Str(String),
}

impl KeyId {
    fn of(key: &Node) -> Option<KeyId> {
        Some(match &key.kind {
            NodeKind::Null => KeyId::Null,
            NodeKind::Bool(b) => KeyId::Bool(*b),
            NodeKind::Int(i) => KeyId::Int(*i),
            NodeKind::Float(f) if !f.is_nan() => KeyId::Float(f.to_bits()),
            NodeKind::Str(s) => KeyId::Str(s.clone()),
            NodeKind::Float(_) | NodeKind::Seq(_) | NodeKind::Map(_) => return None,
        })
    }
}

fn duplicate_key(key: &Node, first: Pos) -> YamlError {
    let name = key.scalar_text().unwrap_or_default();
    YamlError {
        pos: key.pos,
        message: format!(
            "invalid YAML: duplicate mapping key: {name} (first set at line {}, column {})",
            first.line, first.col
        ),
        help: Some(format!(
            "remove one of the two `{name}` entries; each key may appear once, and the first value is the one checked"
        )),
    }
}

/// The source text of a plain scalar at `loc`, when the parser gives its
/// bytes and they are one short line (anything else is no number's text).
fn written_at(text: &str, loc: serde_saphyr::Location) -> Option<Box<str>> {
    let span = loc.span();
    let from = usize::try_from(span.byte_offset()?).ok()?;
    let len = usize::try_from(span.byte_len()?).ok()?;
    let s = text.get(from..from.checked_add(len)?)?.trim();
    (!s.is_empty() && s.len() <= 64 && !s.contains(['\n', '\r'])).then(|| s.into())
}

/// The serde-facing tree; converted to [`Node`] right after parsing.
#[derive(Debug)]
enum Raw {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<Raw>>),
    Map(Vec<(Spanned<Raw>, Spanned<Raw>)>),
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        d.deserialize_any(RawVisitor)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Raw, E> {
        Ok(Raw::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Raw, E> {
        Ok(Raw::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Raw, E> {
        Ok(i64::try_from(v).map(Raw::Int).unwrap_or(Raw::Float(v as f64)))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Raw, E> {
        Ok(i64::try_from(v).map(Raw::Int).unwrap_or(Raw::Float(v as f64)))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Raw, E> {
        Ok(i64::try_from(v).map(Raw::Int).unwrap_or(Raw::Float(v as f64)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Raw, E> {
        Ok(Raw::Float(v))
    }
    fn visit_char<E: de::Error>(self, v: char) -> Result<Raw, E> {
        Ok(Raw::Str(v.to_string()))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Raw, E> {
        Ok(Raw::Str(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Raw, E> {
        Ok(Raw::Str(v))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Raw, E> {
        Ok(Raw::Str(String::from_utf8_lossy(v).into_owned()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Raw::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Raw::Map(entries))
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Raw, A::Error> {
        // Tagged values (`!tag value`) arrive as enums; keep the value, drop the tag.
        let (_tag, variant): (Spanned<Raw>, _) = data.variant()?;
        de::VariantAccess::newtype_variant::<Raw>(variant)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<Node, YamlError> {
        parse(s, 0, YamlLimits::default())
    }

    #[test]
    fn positions_are_one_based() {
        let n = p("title: x\ncountries: [KEN, Kenya]\n").unwrap();
        let c = n.get("countries").unwrap();
        let NodeKind::Seq(items) = &c.kind else { panic!("not a seq") };
        assert_eq!(items[1].pos, Pos::new(2, 18));
    }

    #[test]
    fn booleans_are_yaml_1_2s_and_scalars_keep_their_text() {
        let n = p("a: yes\nb: No\nc: y\nd: off\ne: True\nf: false\n").unwrap();
        for (k, text) in [("a", "yes"), ("b", "No"), ("c", "y"), ("d", "off")] {
            assert_eq!(n.get(k).unwrap().kind, NodeKind::Str(text.into()), "{k}");
        }
        assert_eq!(n.get("e").unwrap().kind, NodeKind::Bool(true));
        assert_eq!(n.get("f").unwrap().kind, NodeKind::Bool(false));
        assert_eq!(n.get("e").unwrap().scalar_text().as_deref(), Some("True"));
        // Front matter: the text is found below an offset too.
        let n = parse("x: 1.0\ny: [0x1F, 1e3]  # c\n", 3, YamlLimits::default()).unwrap();
        assert_eq!(n.get("x").unwrap().scalar_text().as_deref(), Some("1.0"));
        let NodeKind::Seq(items) = &n.get("y").unwrap().kind else { panic!("not a seq") };
        let texts: Vec<_> = items.iter().filter_map(Node::scalar_text).collect();
        assert_eq!(texts, ["0x1F", "1e3"]);
    }

    #[test]
    fn a_bracket_that_starts_a_value_is_explained() {
        let e = p("summary: s\ntitle: [Draft] Data law\n").unwrap_err();
        assert_eq!(e.pos, Pos::new(2, 8));
        assert!(e.message.contains("text follows its `]`"), "{}", e.message);
        assert_eq!(
            e.help.as_deref(),
            Some("quote the value to keep the brackets as text: title: \"[Draft] Data law\"")
        );
        let e = parse("title: [unclosed\nsummary: s\n", 1, YamlLimits::default()).unwrap_err();
        assert_eq!(e.pos, Pos::new(2, 8));
        assert!(e.message.contains("never closed"), "{}", e.message);
        // Left open above a list that closes: the open one is said.
        let e = p("title: t\nstage: [operational\ntopics: [x]\n").unwrap_err();
        assert_eq!(e.pos, Pos::new(2, 8), "{}", e.message);
        assert!(e.message.contains("never closed"), "{}", e.message);
        // A list over two lines is fine, and an error elsewhere is not blamed on it.
        assert!(p("topics: [a,\n  b]\ntitle: x\n").is_ok());
        let e = p("topics: [a,\n  b]\n  bad: indent\n").unwrap_err();
        assert!(!e.message.contains("starts a list"), "{}", e.message);
    }

    #[test]
    fn line_offset_applies() {
        let n = p("a: 1\n").unwrap();
        assert_eq!(n.get("a").unwrap().pos, Pos::new(1, 4));
        let n = parse("a: 1\n", 1, YamlLimits::default()).unwrap();
        assert_eq!(n.get("a").unwrap().pos, Pos::new(2, 4));
    }

    #[test]
    fn duplicate_key_at_second_occurrence() {
        let e = p("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(e.pos, Pos::new(3, 1));
        assert!(e.message.contains("duplicate") && e.message.contains("line 1"), "{}", e.message);
    }

    #[test]
    fn every_duplicate_key_is_reported_and_the_first_value_kept() {
        let text = "a: 1\nb: {x: 1, x: 2}\na: 3\n11: p\n0xB: q\n'11': r\n";
        let (n, dups) = parse_keeping_going(text, 2, YamlLimits::default()).unwrap();
        let at: Vec<_> = dups.iter().map(|e| e.pos).collect();
        assert_eq!(at, [Pos::new(4, 11), Pos::new(5, 1), Pos::new(7, 1)], "{dups:?}");
        assert_eq!(n.get("a").unwrap().kind, NodeKind::Int(1));
        assert_eq!(n.get("b").unwrap().get("x").unwrap().kind, NodeKind::Int(1));
        // `11` and `0xB` are one key; the quoted `'11'` is text, another.
        assert_eq!(n.as_map().unwrap().len(), 4);
    }

    #[test]
    fn tab_at_the_tab() {
        let e = p("a: 1\nb:\n\tc: 2\n").unwrap_err();
        assert_eq!(e.pos, Pos::new(3, 1));
        let e = p("title: Four\nsummary: x\n  \tarea: customs\n").unwrap_err();
        assert_eq!(e.pos, Pos::new(3, 3), "{e:?}");
        assert!(!e.message.contains("line"), "{}", e.message);
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut s = String::from("a: &a [x,x,x,x,x,x,x,x,x]\n");
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
        for w in names.windows(2) {
            let r = format!("*{}", w[0]);
            s.push_str(&format!("{}: &{} [{}]\n", w[1], w[1], vec![r; 9].join(",")));
        }
        let e = p(&s).unwrap_err();
        assert!(e.help.is_some(), "{e:?}");
    }

    #[test]
    fn the_alias_limit_is_the_number_of_uses() {
        let doc = |n: usize| format!("a: &s x\nb: [{}]\n", vec!["*s"; n].join(", "));
        assert!(p(&doc(200)).is_ok());
        let e = p(&doc(201)).unwrap_err();
        assert!(e.message.contains("more than 200 alias uses"), "{e:?}");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let s = format!("a: {}{}", "[".repeat(5000), "]".repeat(5000));
        assert!(p(&s).is_err());
    }

    #[test]
    fn dates_stay_strings() {
        let n = p("d: 2023-07-07\n").unwrap();
        assert_eq!(n.get("d").unwrap().as_str(), Some("2023-07-07"));
    }
}
