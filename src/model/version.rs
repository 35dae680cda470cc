//! A record's language versions: its translations (`ID.LANG.md`) and the
//! record as shown in one language.

use super::{Body, Key, Record, RecordFormat, Value, translation};

/// A record's translation: the file `ID.LANG.md` or `ID.LANG.yaml` beside
/// the original. It holds only translatable fields (`title`, `summary`,
/// the collection's `string` and `text` fields) and perhaps a body;
/// everything else comes from the original.
#[derive(Debug, Clone, PartialEq)]
pub struct Translation {
    /// The language, as a site language (`fr`).
    pub lang: String,
    /// Its file, relative to the project root, `/`-separated.
    pub path: String,
    /// How it was written.
    pub format: RecordFormat,
    /// The translated fields.
    pub fields: super::Fields,
    /// The translated body, when it has one.
    pub body: Option<Body>,
    /// The records its body links to ([`super::Record::body_links`]).
    pub body_links: Vec<Key>,
}

/// A record as shown in one language: the translation's fields where it
/// has them, the original's otherwise. Each part says its language, so a
/// page can mark text that is not in the page's language.
#[derive(Debug, Clone, Copy)]
pub struct Version<'a> {
    /// The record.
    pub record: &'a Record,
    /// The translation used, if any.
    pub translation: Option<&'a Translation>,
}

impl<'a> Version<'a> {
    /// The version's language: the translation's, else the original's.
    pub fn lang(&self) -> &'a str {
        self.translation.map(|t| t.lang.as_str()).unwrap_or(&self.record.language)
    }

    /// Whether this is the original (no translation used).
    pub fn is_original(&self) -> bool {
        self.translation.is_none()
    }

    /// A field's value and the language it is written in.
    pub fn field(&self, name: &str) -> Option<(&'a Value, &'a str)> {
        if let Some(t) = self.translation
            && let Some(v) = t.fields.get(name)
        {
            return Some((v, t.lang.as_str()));
        }
        self.record.fields.get(name).map(|v| (v, self.record.language.as_str()))
    }

    /// A string field, translated where the translation has it, or "".
    pub fn str(&self, name: &str) -> &'a str {
        match self.field(name) {
            Some((Value::Str(s), _)) => s,
            _ => "",
        }
    }

    /// The title.
    pub fn title(&self) -> &'a str {
        self.str("title")
    }

    /// The summary.
    pub fn summary(&self) -> &'a str {
        self.str("summary")
    }

    /// The body and its language: the translation's when it has one.
    pub fn body(&self) -> (&'a Body, &'a str) {
        match self.translation.and_then(|t| t.body.as_ref().map(|b| (b, t.lang.as_str()))) {
            Some(b) => b,
            None => (&self.record.body, &self.record.language),
        }
    }
}

impl Record {
    /// The record in `lang`: the original when it is written in `lang`,
    /// else the translation into `lang`, else the original (whose
    /// [`Version::lang`] then differs from `lang`).
    pub fn version(&self, lang: &str) -> Version<'_> {
        if crate::core::lang::covers(lang, &self.language) {
            return Version { record: self, translation: None };
        }
        Version { record: self, translation: translation(&self.translations, lang) }
    }

    /// Whether the record can be read in `lang` (original or translation).
    pub fn has_version(&self, lang: &str) -> bool {
        crate::core::lang::covers(lang, &self.language)
            || translation(&self.translations, lang).is_some()
    }

    /// Every version: the original first, then translations by language.
    pub fn versions(&self) -> impl Iterator<Item = Version<'_>> {
        std::iter::once(Version { record: self, translation: None }).chain(
            self.translations.values().map(|t| Version { record: self, translation: Some(t) }),
        )
    }
}
