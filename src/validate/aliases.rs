//! `aliases`: a record's earlier addresses (Hugo's and Zola's `aliases`).
//! Each is published as a small page that sends readers on to the
//! record's page ([`crate::render::redirects`]), so that links, bookmarks
//! and citations made before a rename or a move keep working, on any
//! static host and from disk.

use std::collections::BTreeMap;

use crate::core::diag::{Diagnostic, Diagnostics, Pos};
use crate::core::names::{GENERATED_FILES, RESERVED_FOLDERS};
use crate::core::yaml::{Node, NodeKind};
use crate::load::RawRecord;
use crate::model::{Key, Record, Schema};

/// Most aliases a record may have.
const MAX_ALIASES: usize = 32;

/// The longest alias.
const MAX_CHARS: usize = 200;

/// The help every malformed alias of the record at `path` gets, with an
/// example in its own collection.
fn help(path: &str) -> String {
    let collection = path.rsplit('/').nth(1).unwrap_or("collection");
    format!(
        "write the record's old address as a path on this site, as the site's own links name \
         it: `aliases: [{collection}/old-id/]`"
    )
}

/// A record's `aliases`: each valid one as the file its redirect is
/// written to (see [`alias_file`]), with its place.
pub(super) fn parse(path: &str, node: &Node, diags: &mut Diagnostics) -> Vec<(String, Pos)> {
    let items: Vec<&Node> = match &node.kind {
        NodeKind::Null => return Vec::new(),
        NodeKind::Seq(items) => items.iter().collect(),
        _ => {
            diags.push(
                Diagnostic::error(
                    path,
                    node.pos,
                    format!("`aliases` must be a list of paths, not {}", node.type_name()),
                )
                .with_help(match node.scalar_text() {
                    Some(t) => format!("write it as a list: `aliases: [{t}]`"),
                    None => help(path),
                }),
            );
            return Vec::new();
        }
    };
    if items.len() > MAX_ALIASES {
        diags.push(
            Diagnostic::error(
                path,
                node.pos,
                format!(
                    "`aliases` lists {} paths; a record has at most {MAX_ALIASES}",
                    items.len()
                ),
            )
            .with_help("keep the addresses readers still use"),
        );
        return Vec::new();
    }
    let mut out: Vec<(String, Pos)> = Vec::new();
    for item in items {
        let Some(text) = item.as_str() else {
            diags.push(
                Diagnostic::error(
                    path,
                    item.pos,
                    format!("an alias must be a path, not {}", item.type_name()),
                )
                .with_help(help(path)),
            );
            continue;
        };
        match alias_file(text) {
            Ok(file) if out.iter().any(|(f, _)| *f == file) => diags.push(
                Diagnostic::error(path, item.pos, format!("`{text}` is listed twice in `aliases`"))
                    .with_help("remove this one"),
            ),
            Ok(file) => out.push((file, item.pos)),
            Err(why) => diags.push(
                Diagnostic::error(path, item.pos, format!("`{text}` is no alias: {why}"))
                    .with_help(help(path)),
            ),
        }
    }
    out
}

/// The file the redirect of `alias` is written to, relative to the site
/// root: `old/path/` and `/old/path` are `old/path/index.html`, a path
/// ending in `.html` that file. Why not, for an alias that is no path on
/// the site.
pub fn alias_file(alias: &str) -> Result<String, &'static str> {
    let a = alias.trim();
    if a.contains("://") || a.starts_with("//") {
        return Err("an alias is a path on this site, not an address");
    }
    if a.chars().count() > MAX_CHARS {
        return Err("it is longer than 200 characters");
    }
    // Invisible formatting (a right-to-left override, `x\u{202e}y`, shows
    // one path and is another) is refused like control characters.
    let invisible = |c: char| {
        matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}')
            || matches!(c, '\u{2060}'..='\u{2069}' | '\u{feff}')
    };
    if a.chars()
        .any(|c| c.is_whitespace() || c.is_control() || invisible(c) || "\\?#%\"'<>|*:".contains(c))
    {
        return Err(
            "a path has no spaces, invisible characters, `?`, `#`, `%`, quotes, `\\`, `|`, `*`, `:` or `<>`",
        );
    }
    let a = a.strip_prefix('/').unwrap_or(a);
    let segments: Vec<&str> = a.strip_suffix('/').unwrap_or(a).split('/').collect();
    if segments.iter().any(|s| s.is_empty() || s.starts_with('.')) {
        return Err("its folders are named (no `//`, `.` or `..`, nor a name starting with `.`)");
    }
    // Windows drops a name's last `.` and refuses its device names: a site
    // with one could not be copied there, and `a./` would be `a/`.
    if segments.iter().any(|s| s.ends_with('.')) {
        return Err("no folder or file name in it ends in `.`");
    }
    if segments.iter().any(|s| crate::core::names::is_windows_reserved(s)) {
        return Err(
            "it names a folder or file as a device that Windows reserves (`con`, `nul`, `aux`, \
             `prn`, `com1`, `lpt1`…)",
        );
    }
    let last = segments.last().copied().unwrap_or_default();
    let ext = last.to_ascii_lowercase();
    if !a.ends_with('/') && (ext.ends_with(".html") || ext.ends_with(".htm")) {
        return Ok(segments.join("/"));
    }
    Ok(format!("{}/index.html", segments.join("/")))
}

/// The error of an alias that would replace `why`.
pub(super) fn taken_error(path: &str, pos: Pos, file: &str, why: &str) -> Diagnostic {
    Diagnostic::error(path, pos, format!("the alias `{file}` is taken: {why}"))
        .with_help("remove it, or name the old address of this record only")
}

impl super::Ctx<'_> {
    /// Each alias of `raw` that would replace a page of the site, checked
    /// in its own file, so that a record with another error (a malformed
    /// alias among them) has every one said in the same run: one that
    /// the schema and the languages tell at once, one in a record's
    /// folder once every key is known. [`check_site`] says the rest
    /// (aliases that two records share).
    pub(super) fn check_aliases(&self, raw: &RawRecord, diags: &mut Diagnostics) {
        let Some(NodeKind::Seq(items)) = raw.fields.get(crate::schema::ALIASES).map(|n| &n.kind)
        else {
            return;
        };
        let languages = self.project.config.book.languages();
        let mut seen: Vec<String> = Vec::new();
        for item in items.iter().take(MAX_ALIASES) {
            let Some(Ok(file)) = item.as_str().map(alias_file) else { continue };
            if seen.contains(&file) {
                continue;
            }
            let lower = file.to_lowercase();
            let parts: Vec<&str> = lower.split('/').collect();
            // Noted as references are, so that the record is kept for
            // [`check_site`] to compare its other aliases with the others'.
            if let Some(why) = site_clash(&parts, self.schema, &languages) {
                let p = super::references::Pending::AliasTaken {
                    alias: file.clone(),
                    why,
                    pos: item.pos,
                };
                self.reference_target(p, &raw.path, diags);
            } else if let [c, id, _, ..] = parts.as_slice()
                && self.schema.collections.contains_key(*c)
            {
                let key = Key::new(c, id);
                let p = super::references::Pending::AliasInRecord {
                    alias: file.clone(),
                    key,
                    pos: item.pos,
                };
                self.reference_target(p, &raw.path, diags);
            }
            seen.push(file);
        }
    }
}

/// Aliases that would replace each other (two records', or the same path
/// in other letters), each an error at its place; those that would replace
/// a page of the site are said by [`super::Ctx::check_aliases`].
/// `failed` are records whose references did not resolve: not published
/// this run, their aliases are checked as if they were.
pub fn check_site(
    records: &BTreeMap<Key, Record>,
    failed: &BTreeMap<Key, Record>,
    schema: &Schema,
    languages: &[&str],
    diags: &mut Diagnostics,
) {
    scan(records, failed, schema, languages, false, &mut |d| diags.push(d));
}

/// The aliases the build writes, each with its record (the first in key
/// order to claim it): those [`check_site`] finds no fault with, whose
/// faults go to `fault`.
pub fn accepted<'r>(
    records: &'r BTreeMap<Key, Record>,
    schema: &Schema,
    languages: &[&str],
    fault: &mut dyn FnMut(Diagnostic),
) -> BTreeMap<&'r str, &'r Key> {
    static NONE: BTreeMap<Key, Record> = BTreeMap::new();
    scan(records, &NONE, schema, languages, true, fault)
}

/// The aliases no other page or alias has; `site_faults`: whether one
/// that would replace a page of the site goes to `fault` too (it is left
/// out either way).
fn scan<'r>(
    records: &'r BTreeMap<Key, Record>,
    failed: &'r BTreeMap<Key, Record>,
    schema: &Schema,
    languages: &[&str],
    site_faults: bool,
    fault: &mut dyn FnMut(Diagnostic),
) -> BTreeMap<&'r str, &'r Key> {
    let mut taken: BTreeMap<&str, &Key> = BTreeMap::new();
    // By lower case too: Windows and macOS do not tell `Old/` from `old/`,
    // so one would replace the other there.
    let mut folded: BTreeMap<String, (&str, &Key)> = BTreeMap::new();
    let mut all: Vec<&Record> = records.values().chain(failed.values()).collect();
    all.sort_by(|a, b| a.key.cmp(&b.key));
    for r in all {
        for (file, pos) in &r.aliases {
            if let Some(why) = clash(file, records, schema, languages) {
                if site_faults {
                    fault(taken_error(&r.path, *pos, file, &why));
                }
                continue;
            }
            let shared = folded.get(&file.to_lowercase()).and_then(|(other, k)| {
                Some(match *other == file.as_str() {
                    true => format!("`{k}` has it too"),
                    false if *k == &r.key => return None,
                    false => format!(
                        "`{k}` has `{other}`, the same path where case is not told apart \
                         (Windows, macOS)"
                    ),
                })
            });
            match shared {
                Some(why) => fault(taken_error(&r.path, *pos, file, &why)),
                None => {
                    taken.insert(file, &r.key);
                    folded.entry(file.to_lowercase()).or_insert((file, &r.key));
                }
            }
        }
    }
    taken
}

/// What page of the site `file` would replace, if any.
fn clash(
    file: &str,
    records: &BTreeMap<Key, Record>,
    schema: &Schema,
    languages: &[&str],
) -> Option<String> {
    // The site's own paths are lower case: an alias in other letters
    // replaces one where case is not told apart (Windows, macOS).
    let lower = file.to_lowercase();
    let parts: Vec<&str> = lower.split('/').collect();
    if let Some(why) = site_clash(&parts, schema, languages) {
        return Some(why);
    }
    match parts.as_slice() {
        [first, second, rest @ ..]
            if !rest.is_empty() && records.contains_key(&Key::new(first, second)) =>
        {
            Some(match rest == ["index.html"] {
                true => format!("it is the page of `{first}/{second}`"),
                // A page bundle's files are published there.
                false => format!(
                    "it is inside the folder of `{first}/{second}`'s page, which holds its files"
                ),
            })
        }
        _ => None,
    }
}

/// What page of the site the alias file `parts` (lower case, split at
/// `/`) would replace, as the schema and the languages tell without the
/// records: a generated file, a folder the build writes, a language's
/// folder, a listing or its pages.
fn site_clash(parts: &[&str], schema: &Schema, languages: &[&str]) -> Option<String> {
    let first = parts.first().copied().unwrap_or_default();
    // `feed.xml/` too: its page would be a folder where the build writes
    // the file, in every language.
    if first == "index.html" || GENERATED_FILES.contains(&first) || first.starts_with("sitemap") {
        return Some(format!("the build writes `{first}`"));
    }
    if RESERVED_FOLDERS.contains(&first) || schema.taxonomies.contains_key(first) {
        return Some(format!("the build writes the folder `{first}/`"));
    }
    if languages.iter().any(|l| l.eq_ignore_ascii_case(first)) {
        return Some(format!(
            "`{first}/` holds the pages in that language (each alias redirects in every language)"
        ));
    }
    if schema.collections.contains_key(first) {
        let second = parts.get(1).copied().unwrap_or_default();
        if parts.len() == 2 || second == "page" {
            return Some(format!("the listing of `{first}` is written there"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::alias_file;

    #[test]
    fn aliases_are_paths_on_the_site() {
        assert_eq!(
            alias_file("best-practices/old/").as_deref(),
            Ok("best-practices/old/index.html")
        );
        assert_eq!(
            alias_file("/best-practices/old").as_deref(),
            Ok("best-practices/old/index.html")
        );
        assert_eq!(alias_file("old-page.html").as_deref(), Ok("old-page.html"));
        assert_eq!(alias_file("a/b.html/").as_deref(), Ok("a/b.html/index.html"));
        for bad in [
            "",
            "/",
            "https://example.org/x",
            "//host/x",
            "a/../b",
            "a//b",
            "./a",
            "a/.git",
            "a b",
            "a?x=1",
            "a#top",
            "a%2e",
            "C:\\x",
            "<script>",
        ] {
            assert!(alias_file(bad).is_err(), "{bad:?}");
        }
        assert!(alias_file(&"a/".repeat(101)).is_err());
    }
}
