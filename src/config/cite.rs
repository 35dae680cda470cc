//! `[book] citation-style`.

use serde::Deserialize;

/// `[book] citation-style`: a style the citation engine renders.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum CitationStyle {
    /// APA 7th edition, reference-list form.
    #[default]
    Apa,
    /// Chicago 18th edition (notes and bibliography), bibliography form.
    Chicago,
}
