//! The browser index: what `search/index.html` loads to search with no
//! server, under `file://` as on a web host.
//!
//! `fetch` and module scripts are blocked under `file://`, so every file is
//! a classic script that hands its data to a global callback,
//! `CSI(name, data)`, defined by `search.js`. The index is split so that a
//! query loads only what it needs:
//!
//! - `search/meta.js` (fixed name, small): collections, facets, field
//!   statistics for BM25, ASCII-folding table, the first term of each
//!   chunk, and the names of every other file;
//! - `search/i/tHASH.js`: term chunks, terms in sorted order, each with its
//!   postings per field (record, term frequency, field-norm id: all BM25
//!   needs, so the browser ranks exactly as tantivy does);
//! - `search/i/pHASH.js`: the positions of the same terms, loaded only for
//!   phrases;
//! - `search/i/uHASH.js`: the whole postings of a term so common that its
//!   chunk (which holds it alone) gives only its head ([`tiers`]): every
//!   record holding it, the postings of those where it weighs most, and
//!   bounds on the rest. A first search ranks with heads and loads this
//!   file only when they leave the results shown, or their order, open,
//!   and the postings of its bands cannot settle them;
//!   the results are those of the whole postings either way;
//! - `search/i/bN-HASH.js`: the postings of band `N` of such a term's
//!   head, the records of it the head lists (a few kilobytes), loaded
//!   when some of them are among the records the head leaves open;
//! - `search/i/dN-HASH.js`: one file per document (title, key, summary,
//!   deflated body text for snippets, facet values), loaded only for the
//!   hits shown; `HASH` is that of the records' bucket (records
//!   `N / DOC_BUCKET`), so `meta.js` names them in a few bytes;
//! - `search/i/fN-HASH.js`: records per value of facet field N, loaded when
//!   filters are used or shown;
//! - `search/i/oHASH.js` and `nHASH.js`: the vocabulary ([`vocab`]), loaded
//!   only for near spellings of a word that matches nothing.
//!
//! Every file but `meta.js` and `search.js` is named by a hash of its
//! contents, so a host may cache them forever, and a change to a record
//! renames only the files it touches: chunk boundaries depend on the terms
//! around them, not on how full the chunks before them are (content-defined
//! chunking), so an edit does not shift every later chunk. [`Index`] keeps
//! the postings between changes for `serve`, which updates them record by
//! record; [`files`] is the whole index at once, and an updated [`Index`]
//! gives the same bytes as a fresh one. Pure: `(&Site) → files`.
//!
//! Documents are language versions ([`catalog::documents`]): document `N`
//! below the number of records is record `N`'s original, so a site without
//! translations has the index it always had; translations follow, and
//! `meta.js` then gives, per language, the records translated into it
//! (`tr`), which tells `search.js` each translation document's record and
//! each record's version in a page's language. With more than one site
//! language, `meta.js` also lists them (`sl`, the default first), for the
//! urls of each language's pages, and the site gets `search/versions.js`
//! (the version rules), which `search.js` loads only then: a one-language
//! site's first search loads none of it.
//!
//! The parts: `index` (the postings and statistics, built or updated),
//! `chunking` (where term chunks are cut), `tiers` (heads of common
//! terms), `naming` (content-hash names),
//! `emit` (every file, in order), `meta` (`meta.js`), `codec` (the bit
//! streams `search.js` decodes), `forms` (the stems table and the language
//! rules), `vocab` (the words near spellings come from) and `scripts` (the
//! shipped scripts, minified).
//!
//! [`catalog::documents`]: crate::search::catalog::documents

mod chunking;
mod codec;
mod emit;
mod forms;
mod index;
mod meta;
mod naming;
mod scripts;
mod tiers;
mod vocab;

pub use chunking::{CHUNK_ALONE, CHUNK_BYTES, CHUNK_MAX, CHUNK_MIN};
pub use emit::{Output, files};
pub use index::{Analysed, Index, analysed, every_form};
pub use scripts::{
    FACETS_SCRIPT, MORE_SCRIPT, SCRIPT, VERSIONS_SCRIPT, facets_script, more_script, script,
    versions_script,
};

use crate::search::schema::TEXT_FIELDS;

/// Folder of the browser index in the site.
pub const DIR: &str = "search";

/// Most characters of a body kept in a record's file, for snippets.
pub const BODY_CHARS: usize = 20_000;

/// Records per name hash of their files.
pub const DOC_BUCKET: usize = 64;

pub(crate) const NUM_FIELDS: usize = TEXT_FIELDS.len();
