//! Bytes (as lossy UTF-8) as a search query against a real index: the
//! repository's own knowledge base is loaded and indexed once per process
//! (`search::writer::write`, into a scratch folder), then each input runs
//! through `Engine::search` as `compendium search` does: the query parser
//! (`search/query.rs`), the plan (`search/plan.rs`: analysis, compounds,
//! phrases, the misspelling fallback), tantivy execution, facet counts,
//! snippets and notes. The first byte picks one of a few requests around
//! the query (a collection, a filter, the limit, a sort, the input as a
//! range filter's value or as the sort, several values of one field), as
//! the command line and `/api/search` can send them.

#![no_main]

mod common;

use std::path::Path;
use std::sync::OnceLock;

use compendium::search::{Engine, Request};
use libfuzzer_sys::fuzz_target;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let loaded = compendium::pipeline::load(&repo);
        let site = loaded.site.expect("the repository's content checks");
        let dir = common::scratch().keep();
        compendium::search::writer::write(&site, &dir).expect("index written");
        Engine::open(&dir).expect("index opens")
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&sel, bytes)) = data.split_first() else { return };
    let engine = engine();
    let query = String::from_utf8_lossy(bytes).into_owned();
    let mut req = Request { query, limit: 10, ..Request::default() };
    match sel % 8 {
        1 => req.collection = Some("regulations".into()),
        2 => req.filters.push(("topics".into(), "trade".into())),
        3 => req.limit = usize::from(sel),
        4 => req.sort = Some("-adopted".into()),
        // The input as a range (`search/range.rs`) and as a sort field.
        5 => req.filters.push(("adopted".into(), req.query.clone())),
        6 => req.sort = Some(req.query.clone()),
        7 => {
            req.filters.push(("status".into(), "in-force".into()));
            req.filters.push(("status".into(), "adopted".into()));
        }
        _ => {}
    }
    // Usage errors are answers, not bugs; only a panic or a hang is. The
    // engine turns a panic in tantivy into `Damaged` (search::guard), which
    // on this intact index is a bug: raised again so libFuzzer sees it.
    if let Err(compendium::search::Error::Damaged(_, why)) = engine.search(&req) {
        panic!("an intact index reported damage: {why}");
    }
});
