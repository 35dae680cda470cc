//! Search: the tantivy index `build` writes, the `search` command's engine,
//! and the browser index that `search/index.html` queries under `file://`.
//!
//! One analysis ([`analysis`]) feeds all three, so the command line and the
//! browser find and rank the same records.

pub mod analysis;
pub mod browser;
pub mod bulk;
pub mod catalog;
pub mod collect;
pub mod engine;
pub mod filters;
pub mod function_words;
pub mod guard;
pub mod integrity;
pub mod plan;
pub mod query;
pub mod range;
pub mod read_only;
pub mod schema;
pub mod settle;
pub mod snippet;
pub mod spelling;
pub mod vocabulary;
pub mod writer;

use serde::Serialize;

pub use engine::{Engine, Hit, Request, Response, Sorted};

/// Why a search could not run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No index where book.toml says it is.
    #[error("there is no search index in `{0}`; run `compendium build` first")]
    NoIndex(String),
    /// An index from another version of Compendium.
    #[error(
        "the search index in `{0}` was written by another version; run `compendium build` again"
    )]
    Outdated(String),
    /// The index is there but cannot be read (permissions, I/O).
    #[error("cannot read the search index `{0}`: {1}")]
    Index(String, String),
    /// The index is damaged: a checksum, a missing or truncated file, or a
    /// reader that failed on its bytes. `serve` answers it with a 5xx.
    #[error("the search index in `{0}` is damaged ({1}); run `compendium build --force`")]
    Damaged(String, String),
    /// A request naming a collection or field that does not exist.
    #[error("{0}")]
    Usage(String),
}

impl Error {
    /// The same error naming the index folder as `shown` (for instance
    /// relative to `--root`, as the user knows it).
    #[must_use]
    pub fn shown_as(self, shown: &str) -> Error {
        match self {
            Error::NoIndex(_) => Error::NoIndex(shown.to_owned()),
            Error::Outdated(_) => Error::Outdated(shown.to_owned()),
            Error::Index(_, why) => Error::Index(shown.to_owned(), why),
            Error::Damaged(_, why) => Error::Damaged(shown.to_owned(), why),
            Error::Usage(m) => Error::Usage(m),
        }
    }
}

/// One hit as `search --json` shows it.
#[derive(Serialize)]
struct JsonHit<'a> {
    key: &'a str,
    collection: &'a str,
    id: &'a str,
    title: &'a str,
    url: &'a str,
    lang: &'a str,
    score: f64,
    snippet: &'a str,
    /// Only when the snippet is another version's (see `Hit::snippet_lang`).
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet_lang: Option<&'a str>,
    /// Only when sorted by a field: `{"field": "adopted", "value": "2024-03-22"}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    sorted: Option<JsonSorted<'a>>,
}

#[derive(Serialize)]
struct JsonSorted<'a> {
    field: &'a str,
    /// A number for a number field, a `YYYY-MM-DD` string for a date.
    value: Option<serde_json::Value>,
}

/// `search --json=full` and `/api/search?format=full`: the hits with what
/// the command line tells a person beside them.
#[derive(Serialize)]
struct JsonFull<'a> {
    /// Records matched in all, beyond the page of hits.
    total: usize,
    offset: usize,
    limit: usize,
    /// The site language the hits are shown in.
    lang: &'a str,
    hits: Vec<JsonHit<'a>>,
    /// Each facet's value counts over every match, most first.
    facets: Vec<JsonFacet<'a>>,
    /// What the search did with the query: words left out, near spellings
    /// taken, filters that match nothing and why.
    notes: &'a [String],
}

#[derive(Serialize)]
struct JsonFacet<'a> {
    field: &'a str,
    label: &'a str,
    values: Vec<JsonCount<'a>>,
}

#[derive(Serialize)]
struct JsonCount<'a> {
    /// The label, in the language asked for (as it always was).
    value: &'a str,
    count: u64,
    /// The value as `--filter`, datasets and hits' fields write it
    /// (`european-union` for "European Union").
    id: &'a str,
}

/// How `search --json` and `/api/search` write an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum JsonShape {
    /// One array of hits, best first.
    #[default]
    Hits,
    /// An object: `total`, `offset`, `limit`, `lang`, `hits`, `facets`, `notes`.
    Full,
}

/// `search --json` and `serve`'s `/api/search` in `shape`.
pub fn json_as(resp: &Response, req: &crate::search::Request, shape: JsonShape) -> String {
    let mut s = match shape {
        JsonShape::Hits => serde_json::to_string_pretty(&json_hits(resp)),
        JsonShape::Full => serde_json::to_string_pretty(&JsonFull {
            total: resp.total,
            offset: req.offset,
            limit: req.limit,
            lang: &resp.lang,
            hits: json_hits(resp),
            facets: resp
                .facets
                .iter()
                .map(|f| JsonFacet {
                    field: &f.field,
                    label: &f.label,
                    values: f
                        .values
                        .iter()
                        .map(|(value, count, id)| JsonCount { value, count: *count, id })
                        .collect(),
                })
                .collect(),
            notes: &resp.notes,
        }),
    }
    .unwrap_or_else(|_| "[]".into());
    s.push('\n');
    s
}

/// `search --json` and `serve`'s `/api/search`: one array of hits, best first.
pub fn json(resp: &Response) -> String {
    json_as(resp, &crate::search::Request::default(), JsonShape::Hits)
}

fn json_hits(resp: &Response) -> Vec<JsonHit<'_>> {
    resp.hits
        .iter()
        .map(|h| JsonHit {
            key: &h.key,
            collection: &h.collection,
            id: &h.id,
            title: &h.title,
            url: &h.url,
            lang: &h.lang,
            // Four decimals: enough to order, and stable across platforms.
            score: (f64::from(h.score) * 1e4).round() / 1e4,
            snippet: &h.snippet.text,
            snippet_lang: h.snippet_lang.as_deref(),
            sorted: h.sorted.as_ref().map(|s| JsonSorted {
                field: &s.field,
                value: s.value.as_deref().map(|v| match v.parse::<i64>() {
                    Ok(n) if s.number => n.into(),
                    _ => v.into(),
                }),
            }),
        })
        .collect()
}
