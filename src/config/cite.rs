//! `[book] citation-style`.

use serde::{Deserialize, Deserializer};

/// `[book] citation-style`: a style the citation engine renders.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum CitationStyle {
    /// APA 7th edition, reference-list form.
    #[default]
    Apa,
    /// Chicago 18th edition (notes and bibliography), bibliography form.
    Chicago,
}

/// The names `citation-style` takes, as written in book.toml.
const NAMES: &[&str] = &["apa", "chicago"];

// Read as a string: serde's derived enum takes a table too (`{ apa = 1 }`),
// and toml's messages for one name no type a book.toml author writes.
impl<'de> Deserialize<'de> for CitationStyle {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        match name.as_str() {
            "apa" => Ok(CitationStyle::Apa),
            "chicago" => Ok(CitationStyle::Chicago),
            _ => Err(serde::de::Error::unknown_variant(&name, NAMES)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_style_is_one_of_its_names_as_a_string() {
        let read = |v: &str| toml::from_str::<std::collections::BTreeMap<String, CitationStyle>>(v);
        assert_eq!(
            read("s = \"chicago\"").ok().and_then(|m| m.get("s").copied()),
            Some(CitationStyle::Chicago)
        );
        let e = read("s = \"mla\"").err().map(|e| e.message().to_owned()).unwrap_or_default();
        assert!(e.contains("unknown variant `mla`, expected `apa` or `chicago`"), "{e}");
        let e = read("s = { apa = 1 }").err().map(|e| e.message().to_owned()).unwrap_or_default();
        assert!(e.contains("expected a string"), "{e}");
    }
}
