//! book.toml as text: parsed into a [`Config`] by serde, and read again
//! for what diagnostics need (where a key is written, which table holds an
//! error, the keys each table knows for "did you mean").

use super::{CONFIG_FILE, Config};
use crate::core::diag::{Diagnostic, Pos, did_you_mean};
use crate::core::source::LineIndex;

/// Known keys per table, for "did you mean" hints on unknown keys.
const KNOWN: &[(&str, &[&str])] = &[
    ("", &["book", "build", "limits", "map", "check", "history"]),
    ("map", &["facet"]),
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
    ("build", &["content-dir", "build-dir", "index-dir", "theme", "minify", "paginate"]),
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

/// Parses book.toml's text into a [`Config`], with positioned diagnostics.
pub fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
    toml::from_str::<Config>(text).map_err(|e| {
        let ix = LineIndex::new(text);
        let pos = e.span().map(|s| ix.pos(text, s.start)).unwrap_or(Pos::START);
        let msg = e.message().trim().to_owned();
        let mut d = Diagnostic::error(CONFIG_FILE, pos, format!("invalid book.toml: {msg}"));
        let start = e.span().map(|s| s.start).unwrap_or(0);
        if table_at(text, start) == "build" && key_of_line(text, start) == "paginate" {
            d = d.with_help(PAGINATE_HELP);
        }
        if let Some(unknown) = msg.strip_prefix("unknown field `").and_then(|r| r.split('`').next())
        {
            let table = table_at(text, e.span().map(|s| s.start).unwrap_or(0));
            let known = KNOWN.iter().find(|(t, _)| *t == table).map(|(_, k)| *k).unwrap_or(&[]);
            let help = match did_you_mean(unknown, known.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None if table.is_empty() => format!("known tables are {}", list(known)),
                None => format!("[{table}] takes {}", list(known)),
            };
            d = d.with_help(help);
        }
        vec![d]
    })
}

pub(super) const PAGINATE_HELP: &str = "set paginate to a whole number of records per page from 1 to 10000 (default 100), or 0 to put every record on one page";

// The key written on the line holding byte `offset` ("" when none).
fn key_of_line(text: &str, offset: usize) -> &str {
    // A span off a character boundary finds no key rather than panicking.
    let start = text.get(..offset).unwrap_or("").rfind('\n').map_or(0, |i| i + 1);
    let line = text.get(start..).unwrap_or("").lines().next().unwrap_or("");
    line.split('=').next().unwrap_or("").trim()
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
