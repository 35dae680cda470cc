//! An enum field's values and the labels pages show for them.

use std::collections::BTreeMap;

use super::translation;

/// An enum field's values, in the schema's order, with the labels pages
/// show for them: `value-labels: {VALUE: label}` and a field's
/// `translations: {LANG: {values: {VALUE: label}}}`. It reads as the slice
/// of values, so code that only checks values need not know about labels.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnumValues {
    /// The allowed values.
    pub values: Vec<String>,
    /// Value → label in the default language.
    pub labels: BTreeMap<String, String>,
    /// Language → value → label.
    pub translations: BTreeMap<String, BTreeMap<String, String>>,
}

impl EnumValues {
    /// Values without labels.
    pub fn new(values: Vec<String>) -> Self {
        EnumValues { values, ..EnumValues::default() }
    }

    /// The label of `value` in the default language, when the schema gives one.
    pub fn label(&self, value: &str) -> Option<&str> {
        self.labels.get(value).map(String::as_str)
    }

    /// The value whose label, in any language, is `text` (case aside), and
    /// that label: a record that gives `Gesetz` means `law`.
    pub fn labelled(&self, text: &str) -> Option<(&str, &str)> {
        let text = text.trim().to_lowercase();
        std::iter::once(&self.labels)
            .chain(self.translations.values())
            .flat_map(|labels| labels.iter())
            .find(|(_, label)| label.to_lowercase() == text)
            .map(|(value, label)| (value.as_str(), label.as_str()))
    }

    /// The label of `value` in `lang`: its translation, else the default
    /// label; `None` when the schema labels it in neither (pages then show
    /// the value in words, `render::humanize`).
    pub fn label_in(&self, value: &str, lang: &str) -> Option<&str> {
        translation(&self.translations, lang)
            .and_then(|t| t.get(value))
            .map(String::as_str)
            .or_else(|| self.label(value))
    }
}

impl std::ops::Deref for EnumValues {
    type Target = [String];

    fn deref(&self) -> &[String] {
        &self.values
    }
}
