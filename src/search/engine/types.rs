//! What a search asks ([`Request`]) and answers ([`Response`]).

use crate::search::snippet::Snippet;

/// What to search for.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// The query, in the query language ([`query`]).
    pub query: String,
    /// Only this collection.
    pub collection: Option<String>,
    /// `FIELD=VALUE` filters on facets and ranges: values of one field
    /// are alternatives, fields all required ([`crate::search::filters`]).
    pub filters: Vec<(String, String)>,
    /// Most hits returned.
    pub limit: usize,
    /// The site language whose version and page each hit shows; `None`:
    /// the site's default language.
    pub lang: Option<String>,
    /// `FIELD` or `-FIELD`: hits by a range field, ascending or
    /// descending, instead of by relevance; `None` (or `relevance`): by
    /// relevance.
    pub sort: Option<String>,
    /// Hits skipped before the first returned: the next page of `limit`
    /// starts at `offset + limit`.
    pub offset: usize,
}

/// One result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// `collection/id`.
    pub key: String,
    /// Collection.
    pub collection: String,
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// The record's page in the requested language, relative to the site
    /// root.
    pub url: String,
    /// The language of the version shown (its title; its snippet too,
    /// unless `snippet_lang` says otherwise): the requested language's.
    pub lang: String,
    /// BM25 score (0 when only filters matched).
    pub score: f32,
    /// Passage around the matched words.
    pub snippet: Snippet,
    /// The language of the snippet when it is another version's: the
    /// shown version holds none of the words in its title, summary or
    /// body, and that one does, so its snippet says why the record was
    /// found while its title and page stay in the reader's language.
    pub snippet_lang: Option<String>,
    /// When hits are sorted by a field: it, and this hit's value of it.
    pub sorted: Option<Sorted>,
}

/// The field hits are sorted by, and one hit's value of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sorted {
    /// The field.
    pub field: String,
    /// Its label in the language of the search.
    pub label: String,
    /// The value the order went by (`2024-03-22`, `12`); `None` when the
    /// record has none (such records come last).
    pub value: Option<String>,
    /// Whether the field is a number (the value is one in JSON).
    pub number: bool,
}

/// Counts of one facet's values among all hits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetCount {
    /// The field.
    pub field: String,
    /// Its label.
    pub label: String,
    /// `(value label, count, value)`, most frequent first: the label in
    /// the language asked for, the value as filters and datasets write it.
    pub values: Vec<(String, u64, String)>,
}

/// The answer to a [`Request`].
#[derive(Debug, Clone, Default)]
pub struct Response {
    /// The best hits, best first.
    pub hits: Vec<Hit>,
    /// How many records matched in all.
    pub total: usize,
    /// Facet value counts over all matching records.
    pub facets: Vec<FacetCount>,
    /// Notes for the user: words ignored, misspellings assumed, unknown values.
    pub notes: Vec<String>,
    /// The site language the hits are shown in ([`Request::lang`] or the
    /// default); a hit whose [`Hit::lang`] it does not cover has no
    /// version in it.
    pub lang: String,
    /// The query asked for nothing (`*`, `(`, only excluded words): said in
    /// a note; the command line exits 2 for it, as for an empty query.
    pub nothing_asked: bool,
}
