//! The tantivy schema, built in one place; code holds on to [`Fields`]
//! instead of looking fields up by name.

use tantivy::schema::{
    FAST, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions,
};

use crate::search::analysis::TOKENIZER;

/// The searchable text fields, in scoring order, with their BM25 boosts.
/// The browser index uses the same order and boosts.
pub const TEXT_FIELDS: [(&str, f32); 4] =
    [("title", 3.0), ("summary", 2.0), ("body", 1.0), ("meta", 0.75)];

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
    /// Title, summary, body (plain text) and meta, in [`TEXT_FIELDS`] order.
    pub text: [Field; 4],
    /// `/field/value` facets (lower-case values).
    pub facets: Field,
    /// `updated`, else `date`.
    pub updated: Field,
    /// `date`.
    pub date: Field,
    /// `year`.
    pub year: Field,
}

impl Fields {
    /// The title field.
    pub fn title(&self) -> Field {
        self.text[0]
    }
    /// The summary field.
    pub fn summary(&self) -> Field {
        self.text[1]
    }
    /// The body field.
    pub fn body(&self) -> Field {
        self.text[2]
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
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(TOKENIZER)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let stored = TextOptions::default().set_indexing_options(indexing.clone()).set_stored();
    let unstored = TextOptions::default().set_indexing_options(indexing);
    let text = [
        b.add_text_field(TEXT_FIELDS[0].0, stored.clone()),
        b.add_text_field(TEXT_FIELDS[1].0, stored.clone()),
        b.add_text_field(TEXT_FIELDS[2].0, stored),
        b.add_text_field(TEXT_FIELDS[3].0, unstored),
    ];
    let facets = b.add_facet_field("facets", FacetOptions::default());
    let updated = b.add_date_field("updated", INDEXED | FAST | STORED);
    let date = b.add_date_field("date", INDEXED | FAST | STORED);
    let year = b.add_i64_field("year", INDEXED | FAST | STORED);
    (b.build(), Fields { key, ord, collection, id, lang, text, facets, updated, date, year })
}
