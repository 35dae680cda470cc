//! The content model: collections, taxonomies, records and the resolved site.
//!
//! Plain data, no I/O (but for record bodies a build keeps in a
//! [`spool`](crate::core::spool)). `schema` and `validate` build it from YAML; `resolve`
//! links it into a [`Site`]; `render`, `export` and `search` only read it.
//! Every map is a `BTreeMap` so that iteration, and hence output, is
//! deterministic.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use jiff::civil::Date;
use serde::Serialize;

use crate::config::Project;

mod body;
mod enums;
mod fields;
mod history;
mod stale;
mod value;
mod version;
pub use body::Body;
pub use enums::EnumValues;
pub use fields::Fields;
pub use history::{Commit, History, HistoryStatus, RECENT_COMMITS};
pub use stale::stale_after;
pub use value::{Value, facet_key};
pub use version::{Translation, Version};

/// A record's global key: `collection/id`. Cheap to clone (the site's
/// listings, terms, countries and backlinks hold millions of copies at
/// 100,000 records): both parts are shared, not copied.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Key {
    /// The collection's folder name.
    pub collection: std::sync::Arc<str>,
    /// The record's id within its collection.
    pub id: std::sync::Arc<str>,
}

impl Key {
    /// A key from its parts.
    pub fn new(collection: impl AsRef<str>, id: impl AsRef<str>) -> Self {
        Key { collection: collection.as_ref().into(), id: id.as_ref().into() }
    }

    /// Splits `collection/id`; `None` unless there is exactly one `/` with
    /// text on both sides.
    pub fn parse(s: &str) -> Option<Key> {
        let (c, i) = s.split_once('/')?;
        (!c.is_empty() && !i.is_empty() && !i.contains('/')).then(|| Key::new(c, i))
    }

    /// The record page, relative to the site root (`regulations/eu-gdpr/index.html`).
    pub fn page_path(&self) -> String {
        format!("{}/{}/index.html", self.collection, self.id)
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.collection, self.id)
    }
}

/// The type of a field, as `_collection.yaml` declares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldType {
    /// One line of plain text.
    String,
    /// Plain text that may span paragraphs.
    Text,
    /// Markdown (only the `body` field).
    Markdown,
    /// A whole number.
    Int,
    /// `true` / `false`.
    Bool,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// An absolute `http(s)://` or `mailto:` URL.
    Url,
    /// One of a fixed list of values (with their labels, if any).
    Enum(EnumValues),
    /// An ISO 3166-1 alpha-3 code, or a `regions` term id for a bloc.
    Country,
    /// A term of the named taxonomy.
    Term(String),
    /// A record: of the named collection, or of any collection when `None`
    /// (then the value must be a global key).
    Ref(Option<String>),
    /// A list of values of the inner type.
    List(Box<FieldType>),
}

impl FieldType {
    /// The element type: itself for scalars, the inner type for lists.
    pub fn scalar(&self) -> &FieldType {
        match self {
            FieldType::List(inner) => inner.scalar(),
            other => other,
        }
    }

    /// The element type, to change.
    pub fn scalar_mut(&mut self) -> &mut FieldType {
        match self {
            FieldType::List(inner) => inner.scalar_mut(),
            other => other,
        }
    }

    /// Whether values are written as YAML text (strings), not numbers,
    /// booleans or lists.
    pub fn is_text(&self) -> bool {
        !matches!(self, FieldType::Int | FieldType::Bool | FieldType::List(_))
    }

    /// Whether values are lists.
    pub fn is_list(&self) -> bool {
        matches!(self, FieldType::List(_))
    }

    /// Words for messages: "a date", "a list of country codes", …
    pub fn describe(&self) -> String {
        match self {
            FieldType::String => "a line of text".into(),
            FieldType::Text | FieldType::Markdown => "text".into(),
            FieldType::Int => "a whole number".into(),
            FieldType::Bool => "true or false".into(),
            FieldType::Date => "a date (YYYY-MM-DD)".into(),
            FieldType::Url => "an absolute URL".into(),
            FieldType::Enum(values) => format!("one of {}", values.join(", ")),
            FieldType::Country => "an ISO 3166-1 alpha-3 country code".into(),
            FieldType::Term(t) => format!("a term of the `{t}` taxonomy"),
            FieldType::Ref(Some(c)) => format!("a record of `{c}`"),
            FieldType::Ref(None) => "a record key (collection/id)".into(),
            FieldType::List(inner) => format!("a list of {}", inner.describe_plural()),
        }
    }

    fn describe_plural(&self) -> String {
        match self {
            FieldType::Enum(values) => format!("values from {}", values.join(", ")),
            FieldType::Country => "country codes".into(),
            FieldType::Term(t) => format!("`{t}` terms"),
            FieldType::Ref(Some(c)) => format!("`{c}` records"),
            FieldType::Ref(None) => "record keys".into(),
            other => other.describe(),
        }
    }
}

/// One declared field of a collection (or a common field).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldDef {
    /// The key in records.
    pub name: String,
    /// Its type.
    pub ty: FieldType,
    /// Whether every record must give it.
    pub required: bool,
    /// A human label for pages; defaults to the name in words.
    pub label: String,
    /// Whether the schema wrote `label:` (a label in the site's language,
    /// even where it reads as the default would: `Status` in German).
    pub labelled: bool,
    /// A description for editors (JSON Schema, `new`).
    pub description: Option<String>,
    /// `translations: {LANG: {label}}`: the label by language.
    pub translations: BTreeMap<String, String>,
}

impl FieldDef {
    /// The label in `lang`, when the schema translates it.
    pub fn label_in(&self, lang: &str) -> Option<&str> {
        translation(&self.translations, lang).map(String::as_str)
    }

    /// Whether the field may be given in a translation: text written in a
    /// language (`string` and `text` fields, or lists of them), not the
    /// record's `language` itself.
    pub fn translatable(&self) -> bool {
        self.name != "language" && matches!(self.ty.scalar(), FieldType::String | FieldType::Text)
    }
}

/// How a listing is sorted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sort {
    /// The field name.
    pub field: String,
    /// Descending when the schema wrote a leading `-`.
    pub descending: bool,
}

/// A collection: a folder under `content/` with a `_collection.yaml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collection {
    /// The folder name, which is also the URL segment and key prefix.
    pub name: String,
    /// Plural title ("Cross-border data-flow regulations").
    pub title: String,
    /// Singular noun ("Regulation").
    pub singular: String,
    /// A sentence for the listing page.
    pub description: String,
    /// Listing order.
    pub sort: Sort,
    /// Fields offered as filters, in declared order.
    pub facets: Vec<String>,
    /// Fields of this collection beyond the common ones, in declared order.
    pub fields: Vec<FieldDef>,
    /// Fields declared with an invalid definition (already reported):
    /// records may use them without a second, misleading error.
    pub broken_fields: Vec<String>,
    /// `translations: {LANG: {title, singular, description}}`.
    pub translations: BTreeMap<String, CollectionText>,
    /// `stale-after`: its own staleness rule, or `None` for book.toml's.
    pub stale_after: Option<crate::core::period::Staleness>,
}

/// A collection's texts in another language; what is missing falls back
/// to the original.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CollectionText {
    /// Plural title.
    pub title: Option<String>,
    /// Singular noun.
    pub singular: Option<String>,
    /// The listing's sentence.
    pub description: Option<String>,
}

/// The entry for `lang` in a translations map (case-insensitive).
pub fn translation<'a, T>(map: &'a BTreeMap<String, T>, lang: &str) -> Option<&'a T> {
    map.get(lang).or_else(|| map.iter().find(|(l, _)| l.eq_ignore_ascii_case(lang)).map(|(_, t)| t))
}

impl Collection {
    /// Every field of its records: the common ones it does not redeclare,
    /// then its own, in declared order.
    pub fn all_fields<'a>(&'a self, common: &'a [FieldDef]) -> impl Iterator<Item = &'a FieldDef> {
        common
            .iter()
            .filter(move |f| !self.fields.iter().any(|o| o.name == f.name))
            .chain(self.fields.iter())
    }

    /// The title in `lang`.
    pub fn title_in(&self, lang: &str) -> &str {
        translation(&self.translations, lang)
            .and_then(|t| t.title.as_deref())
            .unwrap_or(&self.title)
    }

    /// The singular noun in `lang`.
    pub fn singular_in(&self, lang: &str) -> &str {
        translation(&self.translations, lang)
            .and_then(|t| t.singular.as_deref())
            .unwrap_or(&self.singular)
    }

    /// The description in `lang`.
    pub fn description_in(&self, lang: &str) -> &str {
        translation(&self.translations, lang)
            .and_then(|t| t.description.as_deref())
            .unwrap_or(&self.description)
    }

    /// The definition of `name`: an own field, else a common one.
    pub fn field<'a>(&'a self, name: &str, common: &'a [FieldDef]) -> Option<&'a FieldDef> {
        self.fields
            .iter()
            .find(|f| f.name == name)
            .or_else(|| common.iter().find(|f| f.name == name))
    }
}

/// A term of a taxonomy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Term {
    /// The id records use (`paperless-trade`).
    pub id: String,
    /// Display label ("Paperless trade").
    pub label: String,
    /// A sentence about the term.
    pub description: Option<String>,
    /// Search synonyms: a search for an alias finds records tagged with the term.
    pub aliases: Vec<String>,
    /// Member countries (alpha-3), for blocs such as the European Union.
    pub members: Vec<String>,
    /// `translations: {LANG: {label, description}}`.
    pub translations: BTreeMap<String, TermText>,
}

/// A term's texts in another language.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TermText {
    /// Display label.
    pub label: Option<String>,
    /// A sentence about the term.
    pub description: Option<String>,
}

impl Term {
    /// The label in `lang`.
    pub fn label_in(&self, lang: &str) -> &str {
        translation(&self.translations, lang)
            .and_then(|t| t.label.as_deref())
            .unwrap_or(&self.label)
    }

    /// The description in `lang`.
    pub fn description_in(&self, lang: &str) -> Option<&str> {
        translation(&self.translations, lang)
            .and_then(|t| t.description.as_deref())
            .or(self.description.as_deref())
    }
}

/// A controlled vocabulary from `_taxonomies.yaml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taxonomy {
    /// Its name (`topics`), also its URL segment.
    pub name: String,
    /// Display title ("Topics").
    pub title: String,
    /// Terms by id.
    pub terms: BTreeMap<String, Term>,
    /// `translations: {LANG: {title}}`: the title by language.
    pub translations: BTreeMap<String, String>,
}

impl Taxonomy {
    /// The title in `lang`.
    pub fn title_in(&self, lang: &str) -> &str {
        self.translated_title(lang).unwrap_or(&self.title)
    }

    /// The title's own translation into `lang`, if `_taxonomies.yaml`
    /// gives one.
    pub fn translated_title(&self, lang: &str) -> Option<&str> {
        translation(&self.translations, lang).map(String::as_str)
    }

    /// The term `name` names by its label or one of its aliases, case
    /// aside (`EU` for `european-union`).
    pub fn term_named(&self, name: &str) -> Option<&Term> {
        let lower = name.trim().to_lowercase();
        self.terms.values().find(|t| {
            t.label.to_lowercase() == lower || t.aliases.iter().any(|a| a.to_lowercase() == lower)
        })
    }
}

/// All collections and taxonomies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Schema {
    /// Collections by folder name.
    pub collections: BTreeMap<String, Collection>,
    /// Taxonomies by name.
    pub taxonomies: BTreeMap<String, Taxonomy>,
    /// `_taxonomies.yaml` is there but could not be read: its own errors
    /// stand for every use of its taxonomies, which are not reported again.
    pub taxonomies_unreadable: bool,
    /// Collections whose `_collection.yaml` could not be read or made no
    /// collection: its own errors stand for every reference into them
    /// (a link to `regulations/x` while `regulations` is broken), which are
    /// not reported again.
    pub collections_unreadable: BTreeSet<String>,
    /// The fields every record has (`title`, `summary`, `countries`, …).
    pub common: Vec<FieldDef>,
}

/// A citation of a source document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Citation {
    /// The source's title.
    pub title: String,
    /// Where to read it.
    pub url: Option<String>,
    /// Who published it.
    pub publisher: Option<String>,
    /// When.
    pub date: Option<Date>,
    /// The year alone, without a `date`: a `sources` record's `year`.
    pub year: Option<i32>,
    /// The paragraph, page or section cited.
    pub locator: Option<String>,
    /// The `sources` record it came from (`ref: sources/ID`).
    pub source: Option<Key>,
}

/// Whether a record was written as Markdown with front matter or as YAML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordFormat {
    /// `.md`
    Markdown,
    /// `.yaml` / `.yml`
    Yaml,
}

/// A validated record.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// `collection/id`.
    pub key: Key,
    /// Its file, relative to the project root, `/`-separated.
    pub path: String,
    /// How it was written.
    pub format: RecordFormat,
    /// Every field given, common and own, by name (not `body` or `sources`).
    pub fields: Fields,
    /// The Markdown body (empty when none).
    pub body: Body,
    /// Citations, with `ref:` entries already filled from the source record.
    pub sources: Vec<Citation>,
    /// BCP 47 language (the record's, or book.toml's default).
    pub language: String,
    /// Translations by language (as the file name gives it, `ID.LANG.md`).
    pub translations: BTreeMap<String, Translation>,
    /// `draft: true`: checked, published only by `build --drafts` (a
    /// publishing flag, not data: no page, dataset or index shows it).
    pub draft: bool,
    /// The records its body links to (`@/COLLECTION/ID`, or a path to a
    /// record's page), in order, each once: they count as links, as
    /// Zola's backlinks count a page's links.
    pub body_links: Vec<Key>,
    /// Its earlier addresses (`aliases`), as the files their redirects are
    /// written to (`best-practices/old-id/index.html`), with their places.
    pub aliases: Vec<(String, crate::core::diag::Pos)>,
}

impl Record {
    /// A string field (`title`, `summary`, enum values…), or "".
    pub fn str(&self, name: &str) -> &str {
        match self.fields.get(name) {
            Some(Value::Str(s)) => s,
            _ => "",
        }
    }

    /// The title.
    pub fn title(&self) -> &str {
        self.str("title")
    }

    /// The summary.
    pub fn summary(&self) -> &str {
        self.str("summary")
    }

    /// `updated`, else `date`.
    pub fn updated(&self) -> Option<Date> {
        match self.fields.get("updated").or_else(|| self.fields.get("date")) {
            Some(Value::Date(d)) => Some(*d),
            _ => None,
        }
    }

    /// Every `ref`/`related` target, body link and cited source, once each.
    pub fn links(&self) -> Vec<&Key> {
        let mut out: Vec<&Key> = Vec::new();
        let mut seen: std::collections::HashSet<&Key> = std::collections::HashSet::new();
        let refs = self.fields.values().flat_map(|v| v.items()).filter_map(|item| match item {
            Value::Ref(k) => Some(k),
            _ => None,
        });
        let bodies = self.translations.values().flat_map(|t| &t.body_links);
        // A `sources` record it cites (`ref:`): the source's page lists the
        // records that cite it, as any record's lists those linking to it.
        let cited = self.sources.iter().filter_map(|c| c.source.as_ref());
        for k in refs.chain(&self.body_links).chain(bodies).chain(cited) {
            if seen.insert(k) {
                out.push(k);
            }
        }
        out
    }
}

/// Records that apply to a country, directly or through a bloc.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CountryRecords {
    /// The ISO short name.
    pub name: String,
    /// Records naming the country in a country field.
    pub direct: Vec<Key>,
    /// Records naming a bloc (a `regions` term listing it as a member) in
    /// a country field, by bloc id: the bloc's law applies to its members.
    pub via: BTreeMap<String, Vec<Key>>,
    /// How many records are merely tagged with a bloc and name no country
    /// (a G20 best practice is about the G20, not China's law), by bloc
    /// id: its members' pages point to the bloc's page for them, as
    /// `compare` leaves them out.
    pub tagged: BTreeMap<String, usize>,
}

/// Records tagged with one taxonomy term.
pub type TermIndex = BTreeMap<String, BTreeMap<String, Vec<Key>>>;

/// The resolved site: records linked to each other and to their terms. It is
/// what every output (pages, datasets, search index) is made from.
#[derive(Debug, Clone)]
pub struct Site {
    /// The project it was loaded from.
    pub project: Project,
    /// Collections, taxonomies and common fields.
    pub schema: Schema,
    /// Every record by key.
    pub records: BTreeMap<Key, Record>,
    /// Each collection's records in its listing order.
    pub listings: BTreeMap<String, Vec<Key>>,
    /// For each record, the records that link to it (`related` or `ref`), sorted.
    pub backlinks: BTreeMap<Key, Vec<Key>>,
    /// taxonomy → term → records tagged with it (in any field of that
    /// taxonomy, and for `regions`, country fields naming the bloc), sorted.
    pub terms: TermIndex,
    /// alpha-3 code (upper case) → records.
    pub countries: BTreeMap<String, CountryRecords>,
    /// The records' history from git (shared: `serve` keeps the one it read
    /// at start through every patch and reload).
    pub history: std::sync::Arc<History>,
    /// Where the records' bodies are, when not in memory (a build's): a
    /// build checks that every body read back before putting its output in
    /// place.
    pub spool: Option<std::sync::Arc<crate::core::spool::Spool>>,
}

impl Site {
    /// The definition of `field` in `collection` (own or common).
    pub fn field(&self, collection: &str, field: &str) -> Option<&FieldDef> {
        let c = self.schema.collections.get(collection)?;
        c.field(field, &self.schema.common)
    }

    /// The site's languages, the default first.
    pub fn languages(&self) -> Vec<&str> {
        self.project.config.book.languages()
    }

    /// The label of a term in `lang`, or the id when unknown.
    pub fn term_label_in<'a>(&'a self, taxonomy: &str, id: &'a str, lang: &str) -> &'a str {
        self.schema
            .taxonomies
            .get(taxonomy)
            .and_then(|t| t.terms.get(id))
            .map(|t| t.label_in(lang))
            .unwrap_or(id)
    }

    /// The label of a term, or the id when unknown.
    pub fn term_label<'a>(&'a self, taxonomy: &str, id: &'a str) -> &'a str {
        self.schema
            .taxonomies
            .get(taxonomy)
            .and_then(|t| t.terms.get(id))
            .map(|t| t.label.as_str())
            .unwrap_or(id)
    }
}
