//! "Cite this entry": a record's citation data and its renderings, APA and
//! Chicago through hayagriva's CSL engine (`engine`), BibTeX, RIS and
//! CSL-JSON (`formats`). Everything here is a pure function of the loaded
//! [`Site`] and a language, so pages and `compendium cite` print the same
//! bytes for the same content; no access dates, which would change them
//! every day.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use jiff::civil::Date;

use crate::config::CitationStyle;
use crate::load::SOURCES;
use crate::model::{Citation, Key, Site, Value};

mod engine;
mod formats;
mod memo;
mod prune;
#[cfg(test)]
mod tests;

pub use formats::{bibtex, csl_json, ris};

/// What is cited, shaped like a CSL item.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CiteData {
    /// The item's id: `collection/id` for records.
    pub key: String,
    /// What kind of thing it is.
    pub kind: SourceKind,
    /// The title, in the language cited.
    pub title: String,
    /// The people or organisations responsible for it, in order: each its
    /// own creator in every format (`book.toml`'s `authors`).
    pub authors: Vec<String>,
    /// The site or work it is part of.
    pub container: Option<String>,
    /// Who published it.
    pub publisher: Option<String>,
    /// Its absolute http(s) URL.
    pub url: Option<String>,
    /// When it was published or last updated.
    pub date: Option<CiteDate>,
    /// The language of its title (BCP 47).
    pub language: Option<String>,
}

/// What a citation points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SourceKind {
    /// A record: an entry on the site's web pages.
    Entry,
    /// A cited document (`sources`): a report, a law, a page.
    Document,
    /// A cited web page without a publisher.
    Page,
}

/// A date as precise as the content gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CiteDate {
    /// A `year` field.
    Year(i32),
    /// A full date.
    Day(Date),
}

impl CiteDate {
    /// The year.
    pub fn year(self) -> i32 {
        match self {
            CiteDate::Year(y) => y,
            CiteDate::Day(d) => i32::from(d.year()),
        }
    }
}

/// A title cut into plain text and the words whose case is kept as
/// written (`true`): words with a capital letter after their first, of
/// mixed case (`MSMEs`, `iPhone`, `McDonald`) or all capitals (`AI`,
/// `ECOWAS`, `LDC5`), in a title that has lower-case letters.
/// CSL's title case leaves such words alone in mixed-case strings, where
/// hayagriva lowers mixed-case ones (`Msmes`), and all-capital ones at the
/// title's end, before `'s` or after a bracket (`Ai`, `Eu's`, `(Stap)`).
pub(crate) fn title_words(title: &str) -> Vec<(bool, &str)> {
    if !title.chars().any(char::is_lowercase) {
        return vec![(false, title)];
    }
    cut_words(title, |w, _| w.chars().skip(1).any(char::is_uppercase))
}

/// `title` cut into the words `kept` says to keep (`true`; given each word
/// and whether it is the title's first) and the text between them.
pub(crate) fn cut_words(title: &str, kept: impl Fn(&str, bool) -> bool) -> Vec<(bool, &str)> {
    let mut out: Vec<(bool, &str)> = Vec::new();
    let (mut plain_from, mut word, mut first) = (0, None, true);
    let ends = title.char_indices().map(|(i, c)| (i, Some(c))).chain([(title.len(), None)]);
    for (i, c) in ends {
        match (word, c.is_some_and(char::is_alphanumeric)) {
            (None, true) => word = Some(i),
            (Some(start), false) => {
                let w = &title[start..i];
                if kept(w, first) {
                    if plain_from < start {
                        out.push((false, &title[plain_from..start]));
                    }
                    out.push((true, w));
                    plain_from = i;
                }
                word = None;
                first = false;
            }
            _ => {}
        }
    }
    if plain_from < title.len() {
        out.push((false, &title[plain_from..]));
    }
    out
}

/// A formatted citation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Rendered {
    /// Plain text (what the copy button copies and `cite` prints).
    pub text: String,
    /// The same as HTML: every piece of text escaped, italics and links
    /// added here, so it may be written into a page unescaped.
    pub html: String,
}

impl Rendered {
    fn plain(text: &str) -> Rendered {
        Rendered { text: text.to_owned(), html: engine::escape(text) }
    }
}

/// A stable ASCII BibTeX key for a record: `collection:id`, anything
/// outside `[A-Za-z0-9_-]` made `-`.
pub fn bibtex_key(key: &Key) -> String {
    let clean = |s: &str| -> String {
        s.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '-' }).collect()
    };
    format!("{}:{}", clean(&key.collection), clean(&key.id))
}

/// The record's citation data in `lang` (a site language). A record of
/// the `sources` collection is a document the site describes, and is cited
/// as that document ([`document_data`]) when it says who issued it, when
/// or where. Any other record is an entry of the site: its title in that
/// language, the site's publisher as author and publisher, the site title
/// as container, its page's absolute URL when `base-url` is set, and its
/// `updated` (else `date`, else `year`) date.
pub fn record_data(site: &Site, key: &Key, lang: &str) -> Option<CiteData> {
    let record = site.records.get(key)?;
    if let Some(document) = document_data(site, key, lang) {
        return Some(document);
    }
    let book = &site.project.config.book;
    let version = record.version(lang);
    let title_lang = version.field("title").map_or(record.language.as_str(), |(_, l)| l);
    let org = book.publisher_in(lang);
    let date = record.updated().map(CiteDate::Day).or_else(|| match record.fields.get("year") {
        Some(Value::Int(y)) => i32::try_from(*y).ok().map(CiteDate::Year),
        _ => None,
    });
    Some(CiteData {
        key: key.to_string(),
        kind: SourceKind::Entry,
        title: version.title().to_owned(),
        authors: book.authors_in(lang),
        container: Some(book.title_in(lang).to_owned()),
        publisher: Some(org),
        url: page_url(site, key, lang),
        date,
        language: Some(title_lang.to_owned()),
    })
}

/// A `sources` record cited as the document itself, exactly as a record
/// that cites it with `ref:` cites it in its Sources list (the fields
/// `resolve` copies: `publisher`, `url` or `official_url`, `date`, else
/// `year`), with the record's page URL when the document has none of its
/// own. Its `updated` is when the site reviewed the record, not when the
/// document was issued, and the site's editors did not write it.
///
/// None for a record of another collection, and for a source that gives
/// none of publisher, date, year or URL: nothing would then tell the
/// document apart from an anonymous undated one, so it is cited as the
/// site's entry about it, by the editors who wrote that.
fn document_data(site: &Site, key: &Key, lang: &str) -> Option<CiteData> {
    let record = site.records.get(key).filter(|r| &*r.key.collection == SOURCES)?;
    let (title, url, publisher, date, year) = crate::resolve::source_info(record);
    let citation = Citation {
        title,
        url,
        publisher,
        date,
        year: if date.is_some() { None } else { year },
        locator: None,
        source: Some(key.clone()),
    };
    // `source_data` drops a blank publisher and a URL that is no web address.
    let mut data = source_data(site, &citation, lang, &record.language);
    if data.publisher.is_none() && data.date.is_none() && data.url.is_none() {
        return None;
    }
    if data.url.is_none() {
        data.url = page_url(site, key, lang);
    }
    Some(data)
}

/// The absolute URL of a record's page in `lang`, when `base-url` is set.
fn page_url(site: &Site, key: &Key, lang: &str) -> Option<String> {
    let book = &site.project.config.book;
    book.base_url().map(|base| {
        // A site language's pages sit under its folder, the default's
        // at the root (as render::lang_prefix, which sits above this
        // module), and a record's page is its folder's index.
        let prefix = if lang.eq_ignore_ascii_case(&book.language) {
            String::new()
        } else {
            let listed = book.languages().into_iter().find(|l| l.eq_ignore_ascii_case(lang));
            format!("{}/", listed.unwrap_or(lang))
        };
        format!("{base}{prefix}{}/{}/", key.collection, key.id)
    })
}

/// A `sources` entry's citation data in `lang`: a document by its
/// publisher; a `ref` source takes its record's title in `lang`. The
/// title's language is its version's, or for a title written in the entry,
/// `written_in` (the citing record's): a screen reader reads an English
/// title on a French page in English, and only English titles take
/// Chicago's title case.
pub fn source_data(site: &Site, citation: &Citation, lang: &str, written_in: &str) -> CiteData {
    let (title, title_lang) = citation
        .source
        .as_ref()
        .and_then(|k| site.records.get(k))
        .map(|r| r.version(lang))
        .and_then(|v| v.field("title").map(|(_, l)| (v.title(), l)))
        .filter(|(t, _)| !t.trim().is_empty())
        .unwrap_or((&citation.title, written_in));
    let url = citation.url.as_ref().filter(|u| is_web_url(u)).cloned();
    let publisher = citation.publisher.clone().filter(|p| !p.trim().is_empty());
    CiteData {
        key: citation.source.as_ref().map_or_else(|| "source".to_owned(), Key::to_string),
        kind: if publisher.is_none() && url.is_some() {
            SourceKind::Page
        } else {
            SourceKind::Document
        },
        title: title.to_owned(),
        authors: publisher.iter().cloned().collect(),
        container: None,
        publisher,
        url,
        date: citation.date.map(CiteDate::Day).or(citation.year.map(CiteDate::Year)),
        language: Some(title_lang.to_owned()),
    }
}

/// Whether `url` may be a link: only http(s), whatever validation let in.
pub fn is_web_url(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// `data` as `style`'s reference-list entry in `lang` (CSL terms and
/// dates in that language, `en-US` when hayagriva has no locale for it).
pub fn render(data: &CiteData, style: CitationStyle, lang: &str) -> Rendered {
    let engine = |d: &CiteData| engine::try_render(d, style, lang, None);
    memo::render(data, style, lang, engine)
        .unwrap_or_else(|| engine::render(data, style, lang, None))
}

/// As [`render`], with the title linking to the data's URL (a source in
/// a Sources list).
///
/// Many records cite the same few documents (`ref` sources), so these
/// renderings are kept for the process: each is made once per language.
pub fn render_linked(data: &CiteData, style: CitationStyle, lang: &str) -> Rendered {
    type Cache = Mutex<HashMap<(CiteData, CitationStyle, String), Rendered>>;
    /// Enough for every source of a large site; past it, renderings are
    /// made each time rather than held.
    const MAX_KEPT: usize = 50_000;
    static KEPT: OnceLock<Cache> = OnceLock::new();
    let cache = KEPT.get_or_init(Cache::default);
    let key = (data.clone(), style, lang.to_owned());
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return hit;
    }
    let made = engine::render(data, style, lang, data.url.as_deref().filter(|u| is_web_url(u)));
    if let Ok(mut c) = cache.lock()
        && c.len() < MAX_KEPT
    {
        c.insert(key, made.clone());
    }
    made
}

/// The CSL locale `lang` is rendered with.
pub fn locale_for(lang: &str) -> String {
    engine::locale_for(lang)
}

/// What `compendium cite` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// A style's text.
    Style(CitationStyle),
    /// BibTeX.
    Bibtex,
    /// RIS.
    Ris,
    /// CSL-JSON.
    CslJson,
}

/// The record `key` in `lang` as `output`, ending in a newline.
pub fn print(site: &Site, key: &Key, lang: &str, output: Output) -> Option<String> {
    let data = record_data(site, key, lang)?;
    Some(match output {
        Output::Style(style) => format!("{}\n", render(&data, style, lang).text),
        Output::Bibtex => bibtex(&data, &bibtex_key(key)),
        Output::Ris => ris(&data),
        Output::CslJson => csl_json(&data),
    })
}

/// The record a command line names: `collection/id`, or an id alone when
/// one collection has it. The error says what was meant when it can.
pub fn find(site: &Site, name: &str) -> Result<Key, String> {
    let name = name.trim();
    if let Some(key) = Key::parse(name)
        && site.records.contains_key(&key)
    {
        return Ok(key);
    }
    if !name.contains('/') {
        let matching: Vec<&Key> = site.records.keys().filter(|k| &*k.id == name).collect();
        match matching.as_slice() {
            [one] => return Ok((*one).clone()),
            [] => {}
            many => {
                let list = many.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
                return Err(format!("`{name}` is the id of several records ({list}): name one"));
            }
        }
    }
    // A draft's file is there, but no published record (none whose `id`
    // differs from its file's name, either): say so.
    // `draft-one` alone is looked for in every collection.
    let root = &site.project.root;
    let (collections, id): (Vec<&str>, &str) = match name.split_once('/') {
        Some((c, id)) => (vec![c], id),
        None => (site.schema.collections.keys().map(String::as_str).collect(), name),
    };
    let unpublished = |c: &str| {
        let dir = site.project.content_dir.join(c);
        ["md", "yaml", "yml"].iter().any(|x| {
            // A record file, or a page bundle's.
            [dir.join(format!("{id}.{x}")), dir.join(id).join(format!("index.{x}"))].iter().any(
                |file| {
                    let rel = crate::core::diag::rel_path(root, file);
                    file.is_file() && !site.records.values().any(|r| r.path == rel)
                },
            )
        })
    };
    if crate::core::rules::is_id(id)
        && collections.iter().any(|c| crate::core::rules::is_id(c) && unpublished(c))
    {
        return Err(format!(
            "`{name}` is not published: its file is there, but it is a draft (`{}: true`), \
             which nothing cites until it is published",
            crate::schema::DRAFT
        ));
    }
    let keys: Vec<String> = site.records.keys().map(Key::to_string).collect();
    let ids = site.records.keys().map(|k| &*k.id);
    let close = crate::core::diag::did_you_mean(name, keys.iter().map(String::as_str))
        .map(str::to_owned)
        .or_else(|| {
            let id = crate::core::diag::did_you_mean(name, ids)?;
            site.records.keys().find(|k| &*k.id == id).map(Key::to_string)
        });
    let lower = name.to_ascii_lowercase();
    // A wrong collection before a right id (`laws/eu-gdpr`): the records
    // with that id.
    let same_id: Vec<String> = name
        .rsplit_once('/')
        .map(|(_, id)| {
            site.records.keys().filter(|k| &*k.id == id).map(|k| format!("`{k}`")).collect()
        })
        .unwrap_or_default();
    // Else a part of an id (`gdpr` for `eu-gdpr`): the first few with it.
    let guesses: Vec<String> = match close {
        _ if !same_id.is_empty() => same_id,
        Some(k) => vec![format!("`{k}`")],
        None if lower.len() >= 3 => keys
            .iter()
            .filter(|k| k.contains(lower.as_str()))
            .take(3)
            .map(|k| format!("`{k}`"))
            .collect(),
        None => Vec::new(),
    };
    let hint = if guesses.is_empty() {
        match keys.first() {
            Some(k) => format!(" (write collection/id, e.g. `{k}`)"),
            None => " (the site has no records)".to_owned(),
        }
    } else {
        format!(" (did you mean {}?)", guesses.join(" or "))
    };
    Err(format!("there is no record `{name}`{hint}"))
}

/// The site language a command line asks for (case aside), or the
/// default one.
pub fn language<'a>(site: &'a Site, asked: Option<&str>) -> Result<&'a str, String> {
    let langs = site.languages();
    let Some(asked) = asked else { return Ok(&site.project.config.book.language) };
    if let Some(l) = langs.iter().find(|l| l.eq_ignore_ascii_case(asked)) {
        return Ok(l);
    }
    let hint = crate::core::diag::did_you_mean(asked, langs.iter().copied())
        .map_or_else(String::new, |s| format!(" (did you mean `{s}`?)"));
    Err(format!("`{asked}` is not one of the site's languages ({}){hint}", langs.join(", ")))
}
