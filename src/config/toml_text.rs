//! book.toml as text: parsed into a [`Config`] by serde, and read again
//! for what diagnostics need (where a key is written, which table holds an
//! error, the keys each table knows for "did you mean").

use serde::Deserialize;

use super::{CONFIG_FILE, Config, limits};
use crate::core::diag::{Diagnostic, Pos, did_you_mean};
use crate::core::source::LineIndex;

/// Known keys per table, for "did you mean" hints on unknown keys.
const KNOWN: &[(&str, &[&str])] = &[
    ("", &["book", "build", "limits", "map", "check", "history"]),
    ("map", &["facet"]),
    ("book.translations.*", &["title", "description", "publisher"]),
    ("check", &["stale-after"]),
    ("history", &["enabled", "repository-url", "max-changes"]),
    (
        "book",
        &[
            "title",
            "description",
            "language",
            "authors",
            "base-url",
            "id",
            "languages",
            "translations",
            "publisher",
            "citation-style",
        ],
    ),
    (
        "build",
        &[
            "content-dir",
            "build-dir",
            "index-dir",
            "theme",
            "minify",
            "paginate",
            "reviewed-static",
        ],
    ),
    (
        "limits",
        &[
            "max-file-bytes",
            "yaml-max-depth",
            "yaml-max-nodes",
            "yaml-max-aliases",
            "markdown-max-depth",
        ],
    ),
];

/// Parses book.toml's text into a [`Config`], with positioned diagnostics:
/// every error of the file, not only serde's first.
pub fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
    match parse_recovering(text) {
        Ok((config, errors)) if errors.is_empty() => Ok(config),
        Ok((_, errors)) => Err(errors.into_iter().map(|e| e.diagnostic).collect()),
        Err(errors) => Err(errors),
    }
}

/// A value book.toml could not take, dropped so that the rest of the file
/// is read: its diagnostic and the table path of its key.
pub struct Dropped {
    pub diagnostic: Diagnostic,
    pub path: Vec<String>,
}

/// Most values dropped before giving up: each retry deserialises the file again.
const MAX_DROPPED: usize = 64;

/// Parses book.toml, dropping each value serde refuses (a wrong type, an
/// unknown key) and trying again, so that one run reports every such
/// error (as Cargo does) and the content can still be checked with the
/// rest. `Err` when the file is not TOML at all: every syntax error.
pub fn parse_recovering(text: &str) -> Result<(Config, Vec<Dropped>), Vec<Diagnostic>> {
    let ix = LineIndex::new(text);
    let (mut root, syntax) = toml::de::DeTable::parse_recoverable(text);
    if !syntax.is_empty() {
        return Err(syntax.iter().map(|e| diagnostic(text, &ix, e, &[], false)).collect());
    }
    let mut dropped = not_tables(text, &ix, root.get_mut());
    loop {
        let de = toml::de::Deserializer::from(root.clone());
        let e = match Config::deserialize(de) {
            Ok(config) => {
                // Retries meet the errors in the order of the keys, not of the file.
                dropped.sort_by_key(|d| (d.diagnostic.line, d.diagnostic.col));
                return Ok((config, dropped));
            }
            Err(e) => e,
        };
        let at = e.span().map_or(0, |s| s.start);
        let path = entry_at(root.get_ref(), at);
        let d = diagnostic(text, &ix, &e, &path, is_list(root.get_ref(), &path));
        // An error no entry holds cannot be dropped: report what is known.
        if path.is_empty() || dropped.len() >= MAX_DROPPED || !remove(root.get_mut(), &path) {
            dropped.push(Dropped { diagnostic: d, path });
            return Err(dropped.into_iter().map(|e| e.diagnostic).collect());
        }
        dropped.push(Dropped { diagnostic: d, path });
    }
}

// The tables book.toml has, each with how to write it when it is not one
// (serde would name its Rust type, or read a list as the table's values
// in order: `limits = [1]` as `max-file-bytes = 1`).
const TABLE_HELP: &str = "write the header [TABLE] on a line of its own, and its keys on the \
                          lines under it (README: book.toml)";
const LANGUAGE_HELP: &str = "write the texts in LANG as a table: the header \
                             [book.translations.LANG] on a line of its own, then title = \"…\" \
                             (and description, publisher) on the lines under it";

// Each table of book.toml written as another kind of value (`book = "x"`,
// `[[book]]`, `[book.translations] fr = "x"`), removed from `root` so that
// the rest is read, with its diagnostic.
fn not_tables(text: &str, ix: &LineIndex, root: &mut toml::de::DeTable<'_>) -> Vec<Dropped> {
    let mut out = Vec::new();
    let tops = KNOWN.iter().find(|(t, _)| t.is_empty()).map_or(&[][..], |(_, k)| *k);
    for top in tops {
        not_table(text, ix, root, &[], top, TABLE_HELP, &mut out);
    }
    let Some(toml::de::DeValue::Table(book)) = root.get_mut("book").map(|v| v.get_mut()) else {
        return out;
    };
    not_table(text, ix, book, &["book"], "translations", TABLE_HELP, &mut out);
    let Some(toml::de::DeValue::Table(langs)) = book.get_mut("translations").map(|v| v.get_mut())
    else {
        return out;
    };
    let names: Vec<String> = langs.keys().map(|k| k.get_ref().to_string()).collect();
    for lang in &names {
        not_table(text, ix, langs, &["book", "translations"], lang, LANGUAGE_HELP, &mut out);
    }
    out
}

// `key` of `table` (at `path`), said and removed when it is not a table.
fn not_table(
    text: &str,
    ix: &LineIndex,
    table: &mut toml::de::DeTable<'_>,
    path: &[&str],
    key: &str,
    help: &str,
    out: &mut Vec<Dropped>,
) {
    use toml::de::DeValue;
    let Some(value) = table.get(key) else { return };
    let kind = match value.get_ref() {
        DeValue::Table(_) => return,
        DeValue::String(_) => "a string",
        DeValue::Integer(_) | DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "true or false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(items) if items.iter().any(|i| i.get_ref().is_table()) => {
            "a list of tables ([[…]])"
        }
        DeValue::Array(_) => "a list",
    };
    let pos = ix.pos(text, value.span().start);
    let full: Vec<String> = path.iter().chain([&key]).map(|p| (*p).to_owned()).collect();
    let name = full.join(".");
    let said = match path {
        [] => format!("`{key}` is {kind}, not a table"),
        _ => format!("`{key}` in [{}] is {kind}, not a table", path.join(".")),
    };
    let help = help.replace("TABLE", &name).replace("LANG", key);
    out.push(Dropped {
        diagnostic: Diagnostic::error(CONFIG_FILE, pos, format!("invalid book.toml: {said}"))
            .with_help(help),
        path: full,
    });
    table.remove(key);
}

// The diagnostic of a toml error, naming the key it is about.
fn diagnostic(
    text: &str,
    ix: &LineIndex,
    e: &toml::de::Error,
    path: &[String],
    in_list: bool,
) -> Diagnostic {
    let start = e.span().map(|s| s.start).unwrap_or(0);
    let pos = e.span().map(|s| ix.pos(text, s.start)).unwrap_or(Pos::START);
    let msg = plain_types(e.message().trim());
    if msg == "duplicate key" {
        return duplicate(text, pos, e.span().unwrap_or(0..0));
    }
    let unknown = msg.strip_prefix("unknown field `").and_then(|r| r.split('`').next());
    // serde's type errors name the value, not the key it was given for.
    let said = match path.split_last() {
        Some((key, table)) if unknown.is_none() && !table.is_empty() => {
            format!("`{key}` in [{}]: {msg}", table.join("."))
        }
        Some((key, _)) if unknown.is_none() => format!("`{key}`: {msg}"),
        _ => msg.clone(),
    };
    let limit = path.get(1).filter(|_| path.len() == 2 && path[0] == "limits");
    let mut d = match limit {
        // A limit out of its range, at its key, as other values' checks are.
        Some(key) if limits::out_of_range(&msg) => {
            let at = find_key(text, "limits", key);
            let at = if at == Pos::START { pos } else { at };
            Diagnostic::error(CONFIG_FILE, at, format!("`{key}` is {msg}"))
        }
        _ => Diagnostic::error(CONFIG_FILE, pos, format!("invalid book.toml: {said}")),
    };
    if path.len() == 2 && path[0] == "build" && path[1] == "paginate" {
        d = d.with_help(PAGINATE_HELP);
    } else if let Some(help) = limit.and_then(|k| limits::help(k)) {
        d = d.with_help(help);
    } else if path.is_empty() {
        // Not TOML: the parser's "expected" names tokens, not values.
        if let Some(help) = syntax_help(&msg) {
            d = d.with_help(help);
        }
    } else if let Some(help) = type_help(&msg, path.last().map_or("key", String::as_str), in_list) {
        d = d.with_help(help);
    }
    if let Some(unknown) = unknown {
        let mut table = table_at(text, start);
        // A header naming tables book.toml does not have
        // (`[markup.goldmark.renderer]`): the key is the first of them, in
        // the table before it.
        if let Some(i) = table.split('.').position(|t| t == unknown) {
            table = table.split('.').take(i).collect::<Vec<_>>().join(".");
        }
        // Each language's texts take the same keys, whatever the language.
        let known_as =
            if table.starts_with("book.translations.") { "book.translations.*" } else { &table };
        let known = KNOWN.iter().find(|(t, _)| *t == known_as).map(|(_, k)| *k).unwrap_or(&[]);
        // Hugo's and Zola's settings, written at the top, say where they go.
        let migrated = table.is_empty().then(|| super::migrate::key_help(unknown)).flatten();
        let help = match (did_you_mean(unknown, known.iter().copied()), migrated) {
            (Some(s), _) => format!("did you mean `{s}`?"),
            (None, Some(m)) => m.to_owned(),
            (None, None) if table.is_empty() => format!("known tables are {}", list(known)),
            (None, None) => format!("[{table}] takes {}", list(known)),
        };
        d = d.with_help(help);
    }
    d
}

// A key or a table written twice: toml says "duplicate key" at the second,
// whose name is the text the error spans.
fn duplicate(text: &str, pos: Pos, span: std::ops::Range<usize>) -> Diagnostic {
    let name = text.get(span.clone()).unwrap_or("").trim_matches(['"', '\'']);
    let line_start = text.get(..span.start).and_then(|t| t.rfind('\n')).map_or(0, |i| i + 1);
    let head = text.get(line_start..span.end).unwrap_or("").trim_start();
    let (message, help) = if let Some(table) = head.strip_prefix('[') {
        // `[book]` twice, or `[book.a]` after `a.b = …` in [book].
        let table = table.trim_start_matches('[').trim();
        (
            format!("[{table}] is written twice"),
            format!(
                "a [table] may appear once in a file: move the keys under the second \
                 [{table}] into the first, and remove its header"
            ),
        )
    } else {
        let table = table_at(text, span.start);
        let place = if table.is_empty() {
            "at the top of the file".to_owned()
        } else {
            format!("in [{table}]")
        };
        (
            format!("`{name}` is written twice {place}"),
            "a key may appear once in a table: keep the value you mean, and remove the other"
                .to_owned(),
        )
    };
    Diagnostic::error(CONFIG_FILE, pos, format!("invalid book.toml: {message}")).with_help(help)
}

// The key path of the innermost entry (key through value) holding byte
// `at`. A table's span is its header only, so its entries are searched
// whatever its span.
fn entry_at(table: &toml::de::DeTable<'_>, at: usize) -> Vec<String> {
    for (k, v) in table.iter() {
        if let toml::de::DeValue::Table(inner) = v.get_ref() {
            let below = entry_at(inner, at);
            if !below.is_empty() {
                return std::iter::once(k.get_ref().to_string()).chain(below).collect();
            }
        }
        let (ks, vs) = (k.span(), v.span());
        let within = |r: &std::ops::Range<usize>| r.start <= at && at < r.end.max(r.start + 1);
        if within(&ks) || within(&vs) || (ks.start <= at && at < vs.end) {
            return vec![k.get_ref().to_string()];
        }
    }
    Vec::new()
}

// Whether the value at `path` is a list (the error is then in an item).
fn is_list(table: &toml::de::DeTable<'_>, path: &[String]) -> bool {
    let Some((first, rest)) = path.split_first() else { return false };
    match (table.get(first.as_str()).map(|v| v.get_ref()), rest.is_empty()) {
        (Some(toml::de::DeValue::Array(_)), true) => true,
        (Some(toml::de::DeValue::Table(inner)), false) => is_list(inner, rest),
        _ => false,
    }
}

// Removes the entry at `path`; false when it is not there.
fn remove(table: &mut toml::de::DeTable<'_>, path: &[String]) -> bool {
    match path {
        [] => false,
        [key] => table.remove(key.as_str()).is_some(),
        [key, rest @ ..] => match table.get_mut(key.as_str()).map(|v| v.get_mut()) {
            // A path ends in a scalar when the value itself is wrong.
            Some(toml::de::DeValue::Table(inner)) => {
                remove(inner, rest) || table.remove(key.as_str()).is_some()
            }
            _ => table.remove(key.as_str()).is_some(),
        },
    }
}

pub(super) const PAGINATE_HELP: &str = "set paginate to a whole number of records per page from 1 to 10000 (default 100), or 0 to put every record on one page";

// serde names Rust's integer types; a book.toml author knows numbers.
fn plain_types(msg: &str) -> String {
    let mut out = msg.to_owned();
    // A number past any type's range: too large, not of the wrong kind.
    if let Some(at) = out.find("` as i128") {
        out.replace_range(at..at + "` as i128".len(), "`, too large");
        out = out.replacen("invalid type: integer", "invalid value: integer", 1);
    }
    for t in ["u64", "usize", "u32", "u8", "u16"] {
        out = out.replace(&format!("expected {t}"), "expected a whole number of 0 or more");
    }
    for t in ["i64", "i32"] {
        out = out.replace(&format!("expected {t}"), "expected a whole number");
    }
    // serde's words for TOML's kinds of value.
    for (serde_word, toml_word) in [
        ("unknown variant", "unknown value"),
        (": sequence", ": list"),
        ("a sequence", "a list"),
        (": map", ": table"),
        ("a map", "a table"),
    ] {
        out = out.replace(serde_word, toml_word);
    }
    out
}

// How to mend a line that is not TOML.
fn syntax_help(msg: &str) -> Option<String> {
    let m = msg.to_lowercase();
    Some(if m.contains("unclosed") || m.contains("expected `]`") {
        "close the list, or the [table] header, with `]`".to_owned()
    } else if m.contains("string") {
        "close the string with the quote it opened with, and write control characters as \
         escapes (\\t, \\n, \\u0007)"
            .to_owned()
    } else if let Some(expected) = msg.split("expected ").nth(1) {
        format!("TOML expects {expected} here; see https://toml.io for the syntax")
    } else {
        return None;
    })
}

// How to write a value of the type serde expected.
fn type_help(msg: &str, key: &str, in_list: bool) -> Option<String> {
    let expected = msg.split("expected ").nth(1)?;
    Some(if in_list && expected.starts_with("a string") {
        format!("write each item of {key} in double quotes, e.g. {key} = [\"...\", \"...\"]")
    } else if expected.starts_with("a string") {
        format!("write the value in double quotes, e.g. {key} = \"...\"")
    } else if expected.starts_with("a list") {
        format!("write a list in square brackets, e.g. {key} = [\"...\"]")
    } else if expected.starts_with("a boolean") {
        format!("write {key} = true or {key} = false, without quotes")
    } else if expected.starts_with("a whole number") {
        format!(
            "write a whole number without quotes after `{key} =` (the README gives its default)"
        )
    } else if expected.starts_with('`') {
        format!("set {key} to one of {expected}")
    } else {
        return None;
    })
}

fn list(keys: &[&str]) -> String {
    keys.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
}

// The `[table]` header in force at byte `offset` ("" before any header).
fn table_at(text: &str, offset: usize) -> String {
    let mut table = String::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if at > offset {
            break;
        }
        let t = line.trim();
        if t.starts_with('[') && !t.starts_with("[[") {
            let name = t.trim_matches(|c| c == '[' || c == ']').trim().to_owned();
            if offset < at + line.len() {
                // The error is in the header itself: the key belongs to the parent table.
                return name.rsplit_once('.').map(|(p, _)| p.to_owned()).unwrap_or_default();
            }
            table = name;
        }
        at += line.len();
    }
    table
}

/// Where each item of the list `key` of `[table]` is in book.toml's
/// `text`, so that a message about one language of several points at it;
/// none when the list is not there as written.
pub(super) fn find_items(text: &str, table: &str, key: &str) -> Vec<Pos> {
    let (root, _) = toml::de::DeTable::parse_recoverable(text);
    let mut t = root.get_ref();
    for part in table.split('.') {
        match t.get(part).map(|v| v.get_ref()) {
            Some(toml::de::DeValue::Table(inner)) => t = inner,
            _ => return Vec::new(),
        }
    }
    let Some(toml::de::DeValue::Array(items)) = t.get(key).map(|v| v.get_ref()) else {
        return Vec::new();
    };
    let ix = LineIndex::new(text);
    items.iter().map(|item| ix.pos(text, item.span().start)).collect()
}

// Best-effort position of `key` in `[table]`, for diagnostics on valid TOML.
pub(super) fn find_key(text: &str, table: &str, key: &str) -> Pos {
    let ix = LineIndex::new(text);
    let mut current = String::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        if t.starts_with('[') {
            current = t.trim_matches(|c| c == '[' || c == ']').trim().to_owned();
            // An empty key asks for the table's own header.
            if key.is_empty() && current == table {
                let lead = line.len() - line.trim_start().len();
                return ix.pos(text, offset + lead);
            }
        } else if current == table {
            let k = t.split('=').next().unwrap_or("").trim();
            if k == key {
                let lead = line.len() - line.trim_start().len();
                return ix.pos(text, offset + lead);
            }
        }
        offset += line.len();
    }
    Pos::START
}
