//! `[map]`: what the world map on listings is shaded by.

use serde::Deserialize;

use crate::core::diag::Pos;

/// `[map]` in `book.toml`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct MapConfig {
    /// A field (an enum, term, yes/no or text field, usually a facet)
    /// whose value shades each country on the map of every collection that
    /// has it, instead of its number of records. The home page and the
    /// country list, which mix collections, keep counts.
    pub facet: Option<String>,
    /// Where `facet` is written, for the diagnostic when no collection has
    /// such a field (checked once the schema is read).
    #[serde(skip)]
    pub facet_at: Pos,
}
