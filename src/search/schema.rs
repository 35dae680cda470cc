//! The tantivy schema, built in one place; code holds on to [`Fields`]
//! instead of looking fields up by name.

use tantivy::schema::{
    FAST, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions,
};

use crate::search::analysis::TOKENIZER;

/// The searchable text fields, in scoring order, with their BM25 boosts.
/// The browser index uses the same order and boosts.
/// The name of [`Fields::ranges`], for its fast-field column.
pub const RANGES: &str = "ranges";

pub const TEXT_FIELDS: [(&str, f32); NUM_TEXT_FIELDS] =
    [("title", 3.0), ("summary", 2.0), ("body", 1.0), ("meta", 0.75), ("places", 2.0)];

/// How many [`TEXT_FIELDS`] there are.
pub const NUM_TEXT_FIELDS: usize = 5;

/// Handles of every field.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// `collection/id`, stored, exact.
    pub key: Field,
    /// Record number in key order (fast), for stable tie-breaking.
    pub ord: Field,
    /// The collection's folder name, exact.
    pub collection: Field,
    /// The record id, exact.
    pub id: Field,
    /// The analysis language code (`en`, `fr`, `plain`), for snippets.
    pub lang: Field,
    /// The version's language tag (`en`, `fr`, `zh-Hans`), stored.
    pub tag: Field,
    /// 1 for a record's original, 0 for a translation, stored: which
    /// version `search --lang` shows (see [`crate::model::Record::version`]).
    pub original: Field,
    /// Title, summary, body (plain text) and meta, in [`TEXT_FIELDS`] order:
    /// indexed from pre-analysed tokens, not stored.
    pub text: [Field; NUM_TEXT_FIELDS],
    /// Title, summary and body as plain text, stored only: for results and
    /// snippets. (A stored pre-tokenized field would also store its tokens,
    /// as JSON, which made the doc store many times the text's size.)
    pub stored: [Field; 3],
    /// `/field/value` facets (lower-case values).
    pub facets: Field,
    /// `updated`, else `date`.
    pub updated: Field,
    /// `date`.
    pub date: Field,
    /// `year`.
    pub year: Field,
    /// Every value of the range fields, [`crate::search::range::pack`]ed:
    /// one multi-valued column serves every range filter and sort.
    pub ranges: Field,
}

impl Fields {
    /// The stored title.
    pub fn title(&self) -> Field {
        self.stored[0]
    }
    /// The stored summary.
    pub fn summary(&self) -> Field {
        self.stored[1]
    }
    /// The stored body (plain text).
    pub fn body(&self) -> Field {
        self.stored[2]
    }
    /// The meta field.
    pub fn meta(&self) -> Field {
        self.text[3]
    }
}

/// The schema and its fields.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let key = b.add_text_field("key", STRING | STORED);
    let ord = b.add_u64_field("ord", FAST | STORED);
    let collection = b.add_text_field("collection", STRING | STORED);
    let id = b.add_text_field("id", STRING | STORED);
    let lang = b.add_text_field("lang", STRING | STORED);
    let tag = b.add_text_field("tag", STRING | STORED);
    let original = b.add_u64_field("original", STORED);
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(TOKENIZER)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let indexed = TextOptions::default().set_indexing_options(indexing);
    let text = TEXT_FIELDS.map(|(name, _)| b.add_text_field(name, indexed.clone()));
    let stored = ["title_text", "summary_text", "body_text"].map(|n| b.add_text_field(n, STORED));
    let facets = b.add_facet_field("facets", FacetOptions::default());
    let updated = b.add_date_field("updated", INDEXED | FAST | STORED);
    let date = b.add_date_field("date", INDEXED | FAST | STORED);
    let year = b.add_i64_field("year", INDEXED | FAST | STORED);
    let ranges = b.add_i64_field(RANGES, INDEXED | FAST);
    (
        b.build(),
        Fields {
            key,
            ord,
            collection,
            id,
            lang,
            tag,
            original,
            text,
            stored,
            facets,
            updated,
            date,
            year,
            ranges,
        },
    )
}
