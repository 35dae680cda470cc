//! The crate's layer order (issue #15): every `crate::NAME` a file under
//! `src/` names must be a module below its own in [`LAYERS`], so that the
//! top-level modules form no cycle and each can be read knowing only the
//! ones under it.

use std::fs;
use std::path::Path;

use crate::support;

/// The layers, lowest first: `(layer, its modules, why it sits there)`.
///
/// A module may use any module of a lower layer, and the modules listed
/// before it in its own layer (so the order within a layer is also the
/// order its siblings may use each other); nothing else.
const LAYERS: &[(&str, &[&str], &str)] = &[
    (
        "core",
        &["core"],
        "pure leaves (diagnostics, positions, language tags, path confinement, value rules, \
         countries, the YAML reader, reserved names): everything may use them, they use nothing",
    ),
    ("config", &["config"], "book.toml and the folder policy: read before any content"),
    ("model", &["model"], "the types a loaded site is made of, with the project they came from"),
    (
        "content",
        &["markdown", "load", "schema", "validate", "resolve", "history", "pipeline"],
        "from files to a checked, resolved `Site`, in the order the pipeline runs them; \
         `check` stops here",
    ),
    (
        "output",
        &["output", "cite", "render", "feeds", "export", "search", "fingerprint"],
        "what a `Site` becomes: written files, citations (used by pages), pages, feeds, \
         datasets, the search indexes, and the fingerprint that vouches for them all",
    ),
    ("build", &["build"], "a whole build, staged and swapped in"),
    (
        "serve",
        &["serve"],
        "the live preview: its engine re-renders what a save touched (`serve::engine`), it \
         watches, rebuilds and serves",
    ),
    (
        "commands",
        &["cli", "cmd"],
        "the command line: parses arguments, calls the library, prints and picks exit codes",
    ),
    ("root", &["lib", "main"], "the crate root declares every module and names none"),
];

/// `(layer index, rank within the whole table)` of a top-level module.
fn place(module: &str) -> Option<(usize, usize)> {
    let mut rank = 0;
    for (i, (_, modules, _)) in LAYERS.iter().enumerate() {
        for m in *modules {
            if *m == module {
                return Some((i, rank));
            }
            rank += 1;
        }
    }
    None
}

/// The top-level module a file under `src/` belongs to: `src/a.rs` and
/// `src/a/…` are `a`.
fn module_of(rel: &Path) -> String {
    let first = rel.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned());
    let first = first.unwrap_or_default();
    first.strip_suffix(".rs").unwrap_or(&first).to_owned()
}

/// The source with comments and the insides of strings blanked (lines
/// kept, so positions hold): a doc link to a higher module, or a message
/// naming one, is no dependency.
fn code_only(src: &str) -> String {
    let chars: Vec<char> = src.chars().collect();
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            // Block comments nest in Rust.
            let mut depth = 0usize;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
        } else if c == 'r'
            && (next == Some('"') || next == Some('#'))
            && !(i > 0 && is_ident(chars[i - 1]))
        {
            // A raw string, `r"…"` or `r#"…"#`: ends at a quote and as many `#`.
            let hashes = chars[i + 1..].iter().take_while(|c| **c == '#').count();
            if chars.get(i + 1 + hashes) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            out.push('"');
            i += 2 + hashes;
            while i < chars.len() {
                let closes = chars[i] == '"'
                    && chars[i + 1..].iter().take(hashes).filter(|c| **c == '#').count() == hashes;
                if closes {
                    out.push('"');
                    i += 1 + hashes;
                    break;
                }
                out.push(blank(chars[i]));
                i += 1;
            }
        } else if c == '"' {
            out.push('"');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if let Some(&d) = chars.get(i) {
                    out.push(blank(d));
                }
                i += 1;
            }
            out.push('"');
            i += 1;
        } else if c == '\'' && next == Some('"') {
            // The char literal `'"'` opens no string.
            out.push_str("' ");
            i += 2;
        } else if c == '\'' && next == Some('\\') {
            // An escaped char literal (`'\"'`, `'\''`): up to its closing quote.
            out.push_str("' ");
            i += 3;
            while i < chars.len() && chars[i] != '\'' {
                out.push(' ');
                i += 1;
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Every top-level module `code` names through `crate::`: `crate::a::b`,
/// and each item of a group, `crate::{a, b::c, d::{e, f}}`. With the byte
/// offset of each, and the text named.
fn crate_refs(code: &str) -> Vec<(usize, String, String)> {
    let mut refs = Vec::new();
    let mut from = 0;
    while let Some(i) = code[from..].find("crate::") {
        let at = from + i;
        from = at + "crate::".len();
        // `$crate::` and `my_crate::` are other paths.
        if code[..at].chars().next_back().is_some_and(|c| is_ident(c) || c == '$') {
            continue;
        }
        let rest = &code[from..];
        if let Some(group) = rest.strip_prefix('{') {
            // The group's top-level items, up to its closing brace.
            let (mut depth, mut item) = (0usize, String::new());
            let mut items = Vec::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        items.push(std::mem::take(&mut item));
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
            items.push(item);
            for item in items {
                let item = item.trim();
                let name: String = item.chars().take_while(|c| is_ident(*c)).collect();
                if !name.is_empty() {
                    refs.push((at, name, format!("crate::{{… {item} …}}")));
                }
            }
        } else {
            let name: String = rest.chars().take_while(|c| is_ident(*c)).collect();
            let path: String = rest.chars().take_while(|c| is_ident(*c) || *c == ':').collect();
            // `crate::a::{b, c}`: the group is shown, not its items.
            let path = if path.ends_with("::") { format!("{path}{{…}}") } else { path };
            if !name.is_empty() {
                refs.push((at, name, format!("crate::{path}")));
            }
        }
    }
    refs
}

/// Every reference under `src` that breaks the order, as
/// `file:line: MODULE (layer) uses NAME (layer): the text`.
fn violations(src: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(src).sort_by_file_name() {
        let entry = entry.expect("walk src");
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(src).expect("under src");
        let shown = format!("src/{}", rel.to_string_lossy().replace('\\', "/"));
        let module = module_of(rel);
        let Some((layer, rank)) = place(&module) else {
            found.push(format!("{shown}: module `{module}` is in no layer of the table"));
            continue;
        };
        let text = fs::read_to_string(path).expect("read source");
        let code = code_only(&text);
        for (at, name, what) in crate_refs(&code) {
            // The crate root itself (`crate::Diagnostic`, `crate::{self}`), and
            // the module's own items.
            if name == module || name == "self" || name.starts_with(char::is_uppercase) {
                continue;
            }
            let line = code[..at].matches('\n').count() + 1;
            let Some((their_layer, their_rank)) = place(&name) else {
                found.push(format!("{shown}:{line}: `{what}`: `{name}` is in no layer"));
                continue;
            };
            if their_rank > rank {
                let how = if their_layer == layer {
                    "a later sibling of its own layer"
                } else {
                    "a higher layer"
                };
                found.push(format!(
                    "{shown}:{line}: `{module}` ({}) uses `{what}`, {how} ({})",
                    LAYERS[layer].0, LAYERS[their_layer].0
                ));
            }
        }
    }
    found
}

/// The tree checked: this checkout's `src/`, or `COMPENDIUM_LAYERS_SRC` (to
/// audit another tree, such as an older commit's, with the same table).
fn src_dir() -> std::path::PathBuf {
    std::env::var_os("COMPENDIUM_LAYERS_SRC")
        .map_or_else(|| support::repo().join("src"), std::path::PathBuf::from)
}

#[test]
fn every_use_of_crate_follows_the_layer_order() {
    let found = violations(&src_dir());
    assert!(
        found.is_empty(),
        "{} reference(s) break the layer order (tests/testsuite/layers.rs):\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn every_layer_module_exists() {
    let src = src_dir();
    for (layer, modules, _) in LAYERS {
        for m in *modules {
            let exists = src.join(format!("{m}.rs")).is_file() || src.join(m).is_dir();
            assert!(exists, "layer `{layer}` names `{m}`, which src/ does not hold");
        }
    }
}

#[test]
fn the_checker_sees_groups_paths_and_skips_comments() {
    let code = code_only(
        "use crate::{a, b::{c, d}, e::f};\n// crate::hidden\nlet x = crate::g::h(\"// crate::s\");\n/* crate::blocked */ y();\n",
    );
    let names: Vec<String> = crate_refs(&code).into_iter().map(|(_, n, _)| n).collect();
    assert_eq!(names, ["a", "b", "e", "g"]);
    assert!(!code.contains("hidden") && !code.contains("blocked") && !code.contains("crate::s"));
    // A raw string and a quote as a char are no code either.
    let code =
        code_only("let a = r#\"crate::x \" still\"#; let b = '\"'; let c = '\\\"'; crate::y();");
    let names: Vec<String> = crate_refs(&code).into_iter().map(|(_, n, _)| n).collect();
    assert_eq!(names, ["y"]);
}

/// Inside `search`, the browser index is made from what the writer hands
/// it (`writer` uses `browser`), so `browser` must not use `writer` back:
/// the analysis both take is `catalog::Doc::tokens`.
#[test]
fn the_browser_index_does_not_use_the_index_writer() {
    let src = src_dir().join("search");
    let mut found = Vec::new();
    let files = walkdir::WalkDir::new(src.join("browser")).into_iter().filter_map(Result::ok);
    for path in std::iter::once(src.join("browser.rs")).chain(files.map(|e| e.into_path())) {
        let Ok(text) = fs::read_to_string(&path) else { continue };
        let code = code_only(&text);
        for (n, line) in code.lines().enumerate() {
            if line.contains("search::writer") || line.contains("super::writer") {
                found.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(found.is_empty(), "search::browser uses search::writer:\n{}", found.join("\n"));
}
