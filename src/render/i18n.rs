//! The interface text of pages in their language: labels, buttons,
//! headings, counts and dates.
//!
//! Strings come from the theme's `i18n/LANG.toml` files (Hugo's
//! convention): the built-in theme has the six UN languages, German,
//! Portuguese and Swedish, and a site's theme overrides single keys or
//! adds languages with files of the same names. A key is a string, or a
//! table of CLDR plural forms (`records = { one = "{count} record", other = "{count} records" }`).
//! A missing string falls back from `LANG` to its shorter tags (`zh-Hans`
//! → `zh`), then to English, then to the key itself. Plural categories,
//! digits, dates and language names come from CLDR (ICU4X, `cldr`).

mod cldr;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use jiff::civil::Date;

pub use cldr::CATEGORIES;

/// The language every other falls back to, and whose file lists every key.
pub const FALLBACK: &str = "en";

/// The key of a string file that names the CLDR locale for its dates and
/// numbers; not an interface string, so other languages need not have it.
pub const LOCALE_KEY: &str = "locale";

/// The built-in theme's string files, by language.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("ar", include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/i18n/ar.toml"))),
    ("de", include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/i18n/de.toml"))),
    ("en", include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/i18n/en.toml"))),
    ("es", include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/i18n/es.toml"))),
    ("fr", include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/i18n/fr.toml"))),
    ("pt", include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/i18n/pt.toml"))),
    ("ru", include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/i18n/ru.toml"))),
    ("sv", include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/i18n/sv.toml"))),
    ("zh", include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/i18n/zh.toml"))),
    (
        "zh-Hant",
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/i18n/zh-Hant.toml")),
    ),
];

/// One string: plain, or one form per plural category (`other` always).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Text(String),
    Plural(BTreeMap<String, String>),
}

impl Entry {
    /// The form for `category`, else `other`.
    fn form(&self, category: &str) -> &str {
        match self {
            Entry::Text(s) => s,
            Entry::Plural(forms) => {
                forms.get(category).or_else(|| forms.get("other")).map_or("", String::as_str)
            }
        }
    }
}

/// Interface strings by language.
#[derive(Debug, Clone, Default)]
pub struct I18n {
    /// Lower-cased language tag → key → string.
    strings: BTreeMap<String, BTreeMap<String, Entry>>,
    /// The site's default language, lower case: a key a page's language
    /// and English lack is looked up there, so that a string a theme gives
    /// only in the site's language shows on every page, not its key.
    default: Option<String>,
    cldr: Arc<cldr::Cldr>,
}

impl PartialEq for I18n {
    fn eq(&self, other: &I18n) -> bool {
        self.strings == other.strings
    }
}

/// A string file that does not parse, with where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl I18n {
    /// The built-in theme's strings, loaded once, for callers without a
    /// theme at hand.
    pub fn shared() -> &'static I18n {
        static BUILT_IN: std::sync::LazyLock<I18n> = std::sync::LazyLock::new(I18n::built_in);
        &BUILT_IN
    }

    /// The built-in theme's strings.
    pub fn built_in() -> I18n {
        let mut i18n = I18n::default();
        for (lang, text) in BUILT_IN {
            // The built-in files are checked by tests; a broken one would
            // leave its language on the fallback rather than stop builds.
            if let Ok(entries) = parse(text) {
                i18n.strings.insert(lang.to_ascii_lowercase(), entries);
            }
        }
        i18n
    }

    /// Looks keys a language and English lack up in `lang`, the site's
    /// default language.
    pub fn set_default_language(&mut self, lang: &str) {
        self.default = Some(lang.to_ascii_lowercase().replace('_', "-"));
    }

    /// Lays the strings of one file over these, key by key. `lang` is the
    /// file's stem (`fr` for `i18n/fr.toml`).
    pub fn overlay(&mut self, lang: &str, text: &str) -> Result<(), FileError> {
        let entries = parse(text)?;
        self.strings.entry(lang.to_ascii_lowercase()).or_default().extend(entries);
        Ok(())
    }

    /// The languages that have a string file.
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.strings.keys().map(String::as_str)
    }

    /// The keys of `lang`'s own file (no fallback), for completeness checks.
    pub fn keys(&self, lang: &str) -> Vec<(&str, &Entry)> {
        self.strings
            .get(&lang.to_ascii_lowercase())
            .map(|m| m.iter().map(|(k, v)| (k.as_str(), v)).collect())
            .unwrap_or_default()
    }

    /// The entry for `key` and the language it was found in.
    /// After English, the site's default language: a key no file of the
    /// page's language nor English has (a site theme's own, given only in
    /// the site's language) is not shown as the key itself. Looked at only
    /// when the others miss: this runs for every string of every page.
    fn lookup(&self, lang: &str, key: &str) -> Option<(&Entry, &str)> {
        let find = |l: String| {
            let (tag, strings) = self.strings.get_key_value(&l)?;
            strings.get(key).map(|e| (e, tag.as_str()))
        };
        chain(lang)
            .into_iter()
            .find_map(find)
            .or_else(|| self.default.as_deref().and_then(|d| chain(d).into_iter().find_map(find)))
    }

    /// `key` from `lang`'s own files only (its shorter tags, not English).
    fn own(&self, lang: &str, key: &str) -> Option<&str> {
        let english = crate::core::lang::primary(lang) == FALLBACK;
        chain(lang).into_iter().filter(|l| english || l != FALLBACK).find_map(|l| {
            match self.strings.get(&l)?.get(key)? {
                Entry::Text(s) => Some(s.as_str()),
                Entry::Plural(_) => None,
            }
        })
    }

    /// The CLDR locale whose plural rules, digits and dates `lang`'s pages
    /// use: the `locale` of the string file named exactly `lang` (English's
    /// says `en-GB`, the international usage of the UN), else `lang` itself,
    /// so that `en-US` pages get American dates.
    pub fn locale<'a>(&'a self, lang: &'a str) -> &'a str {
        match self.strings.get(&lang.to_ascii_lowercase()).and_then(|m| m.get(LOCALE_KEY)) {
            Some(Entry::Text(l)) if !l.is_empty() => l,
            _ => lang,
        }
    }

    /// The text of `key` in `lang` (falling back to the primary language,
    /// then English, then the key itself). A plural string gives its
    /// `other` form.
    pub fn text<'a>(&'a self, lang: &str, key: &'a str) -> Cow<'a, str> {
        match self.lookup(lang, key) {
            Some((e, found_in)) => isolated(lang, found_in, Cow::Borrowed(e.form("other"))),
            None => Cow::Borrowed(key),
        }
    }

    /// The text of `key` in `lang` (falling back as [`I18n::text`] does),
    /// or `None` when no file has it.
    pub fn get(&self, lang: &str, key: &str) -> Option<String> {
        self.lookup(lang, key).map(|(e, found_in)| {
            isolated(lang, found_in, Cow::Borrowed(e.form("other"))).into_owned()
        })
    }

    /// `key`'s text for `n` items in `lang`, with `{count}` replaced by
    /// the number as the language writes it.
    pub fn count(&self, lang: &str, key: &str, n: u64) -> String {
        self.format(lang, key, Some(n), &[])
    }

    /// `key` in `lang` with `{name}` placeholders replaced by `args`, and
    /// `{count}` by `count` (which also picks the plural form).
    pub fn format(
        &self,
        lang: &str,
        key: &str,
        count: Option<u64>,
        args: &[(&str, &str)],
    ) -> String {
        let Some((entry, found_in)) = self.lookup(lang, key) else { return key.to_owned() };
        // The forms are those of the language the string was found in.
        let locale = self.locale(found_in);
        let form = match count {
            Some(n) => entry.form(self.cldr.category(locale, n)),
            None => entry.form("other"),
        };
        let number = count.map(|n| self.cldr.number(locale, n));
        isolated(lang, found_in, Cow::Owned(fill(form, number.as_deref(), args))).into_owned()
    }

    /// A number as `lang` writes it (digits and grouping).
    pub fn number(&self, lang: &str, n: u64) -> String {
        self.cldr.number(self.locale(lang), n)
    }

    /// A whole number, negative or not, as `lang`'s pages write it
    /// (`12 500 000` in French), grouped from five digits: `2019` stays.
    pub fn integer(&self, lang: &str, n: i64) -> String {
        self.cldr.integer(self.locale(lang), n)
    }

    /// The plural category of `n` in `lang`: `zero`, `one`, `two`, `few`,
    /// `many` or `other`.
    pub fn plural_category(&self, lang: &str, n: u64) -> &'static str {
        self.cldr.category(self.locale(lang), n)
    }

    /// The plural categories `lang` distinguishes, in CLDR's order.
    pub fn plural_categories(&self, lang: &str) -> Vec<&'static str> {
        self.cldr.categories(self.locale(lang))
    }

    /// The forms of a plural `key` for `lang`'s pages, for scripts that
    /// count in the browser (`Intl.PluralRules` picks among them there).
    pub fn forms(&self, lang: &str, key: &str) -> BTreeMap<String, String> {
        match self.lookup(lang, key) {
            Some((Entry::Plural(forms), _)) => forms.clone(),
            Some((Entry::Text(s), _)) => BTreeMap::from([("other".to_owned(), s.clone())]),
            None => BTreeMap::from([("other".to_owned(), key.to_owned())]),
        }
    }

    /// The locale whose plural rules pick among `key`'s forms on `lang`'s
    /// pages: that of the language the string comes from (English's for a
    /// fallback: Japanese rules have only `other`, and would say "1 results").
    pub fn forms_locale<'a>(&'a self, lang: &'a str, key: &str) -> &'a str {
        match self.lookup(lang, key) {
            Some((_, found_in)) => self.locale(found_in),
            None => self.locale(lang),
        }
    }

    /// A date as `lang` writes it ("25 November 2015", "2015年11月25日").
    pub fn date(&self, lang: &str, d: Date) -> String {
        self.cldr.date(self.locale(lang), d).unwrap_or_else(|| d.to_string())
    }

    /// The name of `lang` in that language ("Français" for `fr`), for the
    /// language switcher: the theme's `language-name` string in that
    /// language's own file, else CLDR's, capitalised as a menu item is.
    pub fn language_name(&self, lang: &str) -> String {
        // A shorter tag's file (`es` for `es-419`) names another variety of
        // the language: CLDR's name of the whole tag, in itself, first.
        let own_file = self
            .strings
            .get(&lang.to_ascii_lowercase())
            .is_some_and(|m| m.contains_key("language-name"));
        let cldr = || self.cldr.language_name(lang, lang).map(|n| capitalise(&n));
        let variety = lang.contains(['-', '_']) && !own_file;
        variety
            .then(cldr)
            .flatten()
            .or_else(|| self.own(lang, "language-name").map(str::to_owned))
            .or_else(cldr)
            .unwrap_or_else(|| lang.to_owned())
    }

    /// The name of a country (ISO 3166-1 alpha-3) in `lang` from CLDR, or
    /// `None` for English, whose names are the standard's own short names
    /// (the datasets and the English pages use them), and for codes CLDR
    /// does not name.
    pub fn country_name(&self, lang: &str, alpha3: &str) -> Option<String> {
        crate::core::countries::page_name(lang, alpha3)
    }

    /// The name of language `tag` in language `lang`, for use in a
    /// sentence ("français" on a French page, "French" on an English one).
    pub fn language_name_in(&self, lang: &str, tag: &str) -> String {
        self.cldr.language_name(lang, tag).unwrap_or_else(|| self.language_name(tag))
    }
}

/// A string found in `found_in` for a page in `lang`: kept in its own
/// direction (LRI … PDI) when it is left-to-right text standing in on a
/// right-to-left page, which would otherwise show ".to search" for "to
/// search." (a site language without strings: `he`).
pub(crate) fn isolated<'a>(lang: &str, found_in: &str, text: Cow<'a, str>) -> Cow<'a, str> {
    use crate::core::lang::is_rtl;
    if is_rtl(lang) && !is_rtl(found_in) {
        Cow::Owned(format!("\u{2066}{text}\u{2069}"))
    } else {
        text
    }
}

/// `lang`, its shorter tags, then English: where a string is looked for.
fn chain(lang: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut tag = lang.to_ascii_lowercase().replace('_', "-");
    while !tag.is_empty() {
        out.push(tag.clone());
        match tag.rfind('-') {
            Some(i) => tag.truncate(i),
            None => break,
        }
    }
    // Chinese of Taiwan, Hong Kong and Macao is written in Traditional
    // characters: `zh-TW` reads `zh-Hant`'s strings before `zh`'s.
    let traditional = ["zh-tw", "zh-hk", "zh-mo"].iter().any(|t| out.iter().any(|l| l == t))
        && !out.iter().any(|l| l.starts_with("zh-hant") || l.starts_with("zh-hans"));
    if traditional && let Some(at) = out.iter().position(|l| l == "zh") {
        out.insert(at, "zh-hant".to_owned());
    }
    if !out.iter().any(|l| l == FALLBACK) {
        out.push(FALLBACK.to_owned());
    }
    out
}

/// Replaces `{count}` and `{name}` placeholders; unknown ones stay.
fn fill(form: &str, count: Option<&str>, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(form.len() + 16);
    let mut rest = form;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let name = &after[..close];
        let value = if name == "count" {
            count
        } else {
            args.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
        };
        match value {
            Some(v) => out.push_str(v),
            None => out.push_str(&rest[open..open + close + 2]),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// The placeholders of a string (`{count}`, `{query}`), sorted, once each.
/// A field's label in `lang` where no theme is at hand (the search
/// catalog, `compare`'s report): the schema's translation, else for a
/// common field the schema leaves unlabelled the built-in theme's string
/// (`field-topics`: `المواضيع`), as the pages label it; `None` when
/// neither has one.
pub fn field_label(
    site: &crate::model::Site,
    def: &crate::model::FieldDef,
    lang: &str,
) -> Option<String> {
    if let Some(l) = def.label_in(lang) {
        return Some(l.to_owned());
    }
    if let Some(t) = taxonomy_title(site, def, lang) {
        return Some(t.to_owned());
    }
    let key = common_label_key(def, &site.schema.common)?;
    I18n::shared().own(lang, &key).map(str::to_owned)
}

/// A common term field's label from its taxonomy (`topics: {title:
/// Subject areas, translations: {he: נושאים}}`), as the taxonomy's own
/// page and the footer name it: its title's translation into `lang`, or
/// in the site's language, its title. `None` for any other field, or
/// where the theme's string is the one to show.
pub fn taxonomy_title<'s>(
    site: &'s crate::model::Site,
    def: &crate::model::FieldDef,
    lang: &str,
) -> Option<&'s str> {
    let crate::model::FieldType::Term(name) = def.ty.scalar() else { return None };
    common_label_key(def, &site.schema.common)?;
    let taxonomy = site.schema.taxonomies.get(name)?;
    taxonomy
        .translated_title(lang)
        .or_else(|| (lang == site.project.config.book.language).then_some(taxonomy.title.as_str()))
}

/// The theme string that labels a common field (`field-countries`), or
/// none for a collection's own fields, whose labels the schema gives.
pub fn common_label_key(
    def: &crate::model::FieldDef,
    common: &[crate::model::FieldDef],
) -> Option<String> {
    let plain = common.iter().any(|c| c.name == def.name && c.label == def.label);
    plain.then(|| format!("field-{}", def.name))
}

pub fn placeholders(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = s;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        out.push(after[..close].to_owned());
        rest = &after[close + 1..];
    }
    out.sort();
    out.dedup();
    out
}

/// First letter upper-cased ("français" → "Français"), as CLDR's
/// `uiListOrMenu` context does for language names in menus.
fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Parses one string file: keys to strings or to tables of plural forms.
fn parse(text: &str) -> Result<BTreeMap<String, Entry>, FileError> {
    let at = |offset: usize, message: String| {
        let before = &text[..offset.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        FileError { line, column, message }
    };
    let table: BTreeMap<String, toml::Spanned<toml::Value>> =
        toml::from_str(text).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            at(offset, e.message().trim().to_owned())
        })?;
    let mut out = BTreeMap::new();
    for (key, spanned) in table {
        let offset = spanned.span().start;
        let entry = match spanned.into_inner() {
            toml::Value::String(s) => Entry::Text(s),
            toml::Value::Table(forms) => {
                let mut plural = BTreeMap::new();
                for (category, form) in forms {
                    if !CATEGORIES.contains(&category.as_str()) {
                        // At the form's name where it is written after the
                        // key (a table keeps no places of its own).
                        let form_at = text.get(offset..).and_then(|t| t.find(category.as_str()));
                        return Err(at(
                            form_at.map_or(offset, |f| offset + f),
                            format!(
                                "`{key}` has a form `{category}`, which is not a plural \
                                 category; use {}",
                                CATEGORIES.join(", ")
                            ),
                        ));
                    }
                    let toml::Value::String(form) = form else {
                        return Err(at(offset, format!("`{key}.{category}` must be a string")));
                    };
                    plural.insert(category, form);
                }
                if !plural.contains_key("other") {
                    return Err(at(
                        offset,
                        format!("`{key}` has no `other` form; every plural string needs one"),
                    ));
                }
                Entry::Plural(plural)
            }
            other => {
                return Err(at(
                    offset,
                    format!(
                        "`{key}` is {}; a string is text in quotes, or a table of plural \
                         forms such as {{ one = \"{{count}} record\", other = \"{{count}} records\" }}",
                        with_article(other.type_str())
                    ),
                ));
            }
        };
        out.insert(key, entry);
    }
    Ok(out)
}

/// "an integer", "a table": a TOML type named in a sentence.
fn with_article(kind: &str) -> String {
    let vowel = kind.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {kind}", if vowel { "an" } else { "a" })
}

#[cfg(test)]
#[path = "i18n/tests.rs"]
mod tests;
