//! `compendium search QUERY [--collection C] [--filter F=V]... [--sort [-]F] [--limit N] [--lang LANG] [--json]`:
//! queries the index `build` wrote; reads no content, but warns when a
//! content file changed since that build.

use std::io::IsTerminal as _;
use std::path::Path;

use crate::cli::{JsonArg, SearchArgs};
use crate::cmd::{CONTENT_ERROR, USAGE};
use crate::core::diag::printable;
use crate::search::{Engine, Error, JsonShape, Request, Response};

/// Runs the search; exit 1 when there is no index or it is damaged, 2 for
/// an unknown collection or filter field.
pub fn run(root: &Path, args: &SearchArgs) -> u8 {
    let Ok(project) = super::load_project(root) else { return CONTENT_ERROR };
    let rel = crate::core::diag::rel_path(&project.root, &project.index_dir);
    let engine = match Engine::open(&project.index_dir) {
        Ok(e) => e,
        Err(e) => {
            // Name the folder as the user knows it (relative to --root).
            eprintln!("error: {}", e.shown_as(&rel));
            return CONTENT_ERROR;
        }
    };
    // An empty query lists what the filters pick; with none, it asks for
    // nothing (it printed `No results for ""` and no reason).
    if args.query.trim().is_empty() && args.filters.is_empty() && args.collection.is_none() {
        eprintln!(
            "error: nothing to search for\n  help: give words to search for, or list records with --collection C or --filter FIELD=VALUE and an empty query"
        );
        return USAGE;
    }
    let req = Request {
        query: args.query.clone(),
        collection: args.collection.clone(),
        filters: args.filters.clone(),
        limit: args.limit as usize,
        lang: args.lang.clone(),
        sort: args.sort.clone(),
        offset: args.offset as usize,
    };
    let resp = match engine.search(&req) {
        Ok(r) => r,
        Err(Error::Usage(m)) => {
            eprintln!("error: {m}");
            return USAGE;
        }
        Err(e) => {
            eprintln!("error: {}", e.shown_as(&rel));
            return CONTENT_ERROR;
        }
    };
    // `*` or `(` alone: a usage mistake, as an empty query is (exit 2),
    // said as an error like it.
    let said = if resp.nothing_asked { "error" } else { "note" };
    for n in &resp.notes {
        eprintln!("{said}: {}", printable(n));
    }
    if resp.nothing_asked {
        return USAGE;
    }
    if let Some(changed) = crate::fingerprint::stale_index(&project) {
        eprintln!(
            "warning: `{}` changed after the last build: these results are from the index that \
             build wrote, and may be out of date\n  help: run `compendium build` to bring the \
             index up to date",
            printable(&changed)
        );
    }
    let stdout = std::io::stdout();
    // A terminal that says it shows no escapes (`TERM=dumb`: Emacs's
    // shell, some CI logs) gets none, as with NO_COLOR.
    let colour = stdout.is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::env::var_os("TERM").is_none_or(|t| t != "dumb");
    let text = match args.json {
        Some(JsonArg::Hits) => crate::search::json(&resp),
        Some(JsonArg::Full) => crate::search::json_as(&resp, &req, JsonShape::Full),
        None => human(&args.query, &resp, req.offset, colour),
    };
    crate::core::exit::print_out(&text)
}

/// The most characters of the query the header repeats.
const MAX_ECHOED: usize = 80;

const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const MARK: &str = "\x1b[1;33m";
const RESET: &str = "\x1b[0m";

/// The human output: title, key, snippet with matches marked, facet counts.
/// Without a terminal, marks are left out rather than shown as codes.
pub fn human(query: &str, resp: &Response, offset: usize, colour: bool) -> String {
    // Every text is the contributors' (or the query's): control characters
    // and direction overrides in it are written as `\u{..}`, so that a
    // record cannot recolour or retitle the terminal that prints it.
    let paint = |code: &str, s: &str| {
        let s = printable(s);
        if colour { format!("{code}{s}{RESET}") } else { s }
    };
    let mut out = String::new();
    // Quoted as written: a query that holds quotes (a phrase, or a lone
    // `"`) goes in backticks, so that its own quotes still pair.
    let listing = query.trim().is_empty();
    // A long query (a pasted paragraph) is echoed by its start.
    let mut query = printable(query);
    if query.chars().count() > MAX_ECHOED {
        query = query.chars().take(MAX_ECHOED - 1).chain(['…']).collect();
    }
    let query = if query.contains('"') { format!("`{query}`") } else { format!("\"{query}\"") };
    if resp.hits.is_empty() && offset > 0 && resp.total > 0 {
        // A page past the last: say how many there are.
        out.push_str(&format!("{} matched; --offset {offset} is past the last.\n", resp.total));
        return out;
    }
    if resp.hits.is_empty() {
        out.push_str(&if listing {
            "No records.\n".to_owned()
        } else {
            format!("No results for {query}.\n")
        });
        return out;
    }
    let shown = resp.hits.len();
    let total = resp.total;
    // No words: the records the filters pick, in their order, not a ranking.
    let (from, to) = (offset + 1, offset + shown);
    out.push_str(&match (listing, shown < total, total) {
        // A later page (`--offset`) says where it starts.
        (true, _, _) if offset > 0 => format!("{total} records, showing {from}–{to}:\n\n"),
        (false, _, _) if offset > 0 => {
            format!("{total} results for {query}, showing {from}–{to}:\n\n")
        }
        (true, true, _) => format!("{total} records, showing the first {shown}:\n\n"),
        (true, false, 1) => "1 record:\n\n".to_owned(),
        (true, false, _) => format!("{total} records:\n\n"),
        // Sorted by a field, the first are not the best matches.
        (false, true, _) if resp.hits.iter().any(|h| h.sorted.is_some()) => {
            format!("{total} results for {query}, showing the first {shown}:\n\n")
        }
        (false, true, _) => format!("{total} results for {query}, showing the best {shown}:\n\n"),
        (false, false, 1) => format!("1 result for {query}:\n\n"),
        (false, false, _) => format!("{total} results for {query}:\n\n"),
    });
    for (i, h) in resp.hits.iter().enumerate() {
        out.push_str(&format!("{:>2}. {}\n", offset + i + 1, paint(BOLD, &h.title)));
        // A hit with no version in the language asked for says which it is in.
        let other = if resp.lang.is_empty() || crate::core::lang::covers(&resp.lang, &h.lang) {
            String::new()
        } else {
            format!(" [{}]", printable(&h.lang))
        };
        // Sorted by a field: the value the order went by.
        let sorted = match &h.sorted {
            Some(s) => format!(" · {}: {}", s.label, s.value.as_deref().unwrap_or("none")),
            None => String::new(),
        };
        out.push_str(&format!("    {}\n", paint(DIM, &format!("{}{other}{sorted}", h.key))));
        // Another version's snippet says its language, as the hit's does.
        let mut snippet = match &h.snippet_lang {
            Some(l) => paint(DIM, &format!("[{}] ", printable(l))),
            None => String::new(),
        };
        let mut at = 0;
        for (a, b) in &h.snippet.highlights {
            snippet.push_str(&printable(&h.snippet.text[at..*a]));
            snippet.push_str(&paint(MARK, &h.snippet.text[*a..*b]));
            at = *b;
        }
        snippet.push_str(&printable(&h.snippet.text[at..]));
        out.push_str(&format!("    {snippet}\n\n"));
    }
    if !resp.facets.is_empty() {
        out.push_str(&paint(BOLD, "Refine with --filter FIELD=VALUE:"));
        out.push('\n');
        for f in &resp.facets {
            let values: Vec<String> = f
                .values
                .iter()
                .take(8)
                .map(|(label, n, _)| format!("{} ({n})", printable(label)))
                .collect();
            let more = if f.values.len() > 8 {
                format!(", … {} more", f.values.len() - 8)
            } else {
                String::new()
            };
            out.push_str(&format!(
                "  {} [{}]: {}{more}\n",
                printable(&f.label),
                printable(&f.field),
                values.join(", ")
            ));
        }
    }
    out
}
