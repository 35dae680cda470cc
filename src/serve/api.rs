//! `/api/search`'s parameters read into a search, and its answer: what
//! `search --json` prints, or a status and a message.

use axum::http::StatusCode;

use super::Shared;
use crate::search::{self, Request};

/// Answers `/api/search?q=…[&collection=C][&filter=FIELD=VALUE]…[&sort=[-]FIELD][&limit=N][&lang=LANG]`
/// with what `search --json` prints; `Err` holds the status and a message.
pub(crate) fn search(
    shared: &Shared,
    params: &[(String, String)],
) -> Result<String, (StatusCode, String)> {
    let bad = |m: String| (StatusCode::BAD_REQUEST, m);
    let mut req = Request { query: String::new(), limit: 10, ..Request::default() };
    let mut shape = search::JsonShape::Hits;
    let mut seen: Vec<&str> = Vec::new();
    for (k, v) in params {
        // One of each, but `filter` (repeatable): a second `q` was taken
        // silently, the first lost.
        if k != "filter" && seen.contains(&k.as_str()) {
            return Err(bad(format!("`{k}` is given twice; give it once")));
        }
        seen.push(k);
        match k.as_str() {
            "q" => req.query = v.clone(),
            "collection" if !v.is_empty() => req.collection = Some(v.clone()),
            "lang" if !v.is_empty() => req.lang = Some(v.clone()),
            "sort" if !v.is_empty() => req.sort = Some(v.clone()),
            "filter" => match v.split_once('=') {
                Some((f, val)) if !f.is_empty() => req.filters.push((f.to_owned(), val.to_owned())),
                _ => return Err(bad(format!("`filter` must be FIELD=VALUE, not `{v}`"))),
            },
            "limit" => match v.parse::<usize>() {
                Ok(n) if (1..=100_000).contains(&n) => req.limit = n,
                _ => {
                    return Err(bad(format!(
                        "`limit` must be a number from 1 to 100000, not `{v}`"
                    )));
                }
            },
            "offset" => match v.parse::<usize>() {
                Ok(n) if n <= 1_000_000 => req.offset = n,
                _ => {
                    return Err(bad(format!(
                        "`offset` must be a number from 0 to 1000000, not `{v}`"
                    )));
                }
            },
            "format" => match v.as_str() {
                "" | "hits" => shape = search::JsonShape::Hits,
                "full" => shape = search::JsonShape::Full,
                _ => return Err(bad(format!("`format` must be `hits` or `full`, not `{v}`"))),
            },
            "collection" | "lang" | "sort" => {}
            // A dashboard's `page=2` was ignored, and page 1 came again.
            _ => {
                return Err(bad(format!(
                    "unknown parameter `{k}`: the parameters are q, collection, filter, sort, \
                     limit, offset, lang and format"
                )));
            }
        }
    }
    if req.query.trim().is_empty() && req.filters.is_empty() && req.collection.is_none() {
        return Err(bad("give a query: /api/search?q=WORDS".to_owned()));
    }
    let engine = shared.search_engine().map_err(|e| {
        let status = match e {
            search::Error::NoIndex(_) => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        (status, e.to_string())
    })?;
    match engine.search(&req) {
        Ok(resp) if resp.nothing_asked => Err(bad(resp.notes.join("; "))),
        Ok(resp) => Ok(search::json_as(&resp, &req, shape)),
        Err(search::Error::Usage(m)) => Err(bad(m)),
        Err(e) => Err((StatusCode::INTERNAL_SERVER_ERROR, e.to_string())),
    }
}
