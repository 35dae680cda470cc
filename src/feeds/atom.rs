//! `feed.xml`: an Atom feed (RFC 4287) of the most recently updated
//! records, one per site language.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use jiff::civil::Date;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use super::xml_escape;
use crate::config::Book;
use crate::model::{FieldType, Record, Site, Value};
use crate::output::OutputFile;
use crate::render::{Collation, lang_prefix};

/// How many entries `feed.xml` carries.
pub const FEED_ENTRIES: usize = 50;

/// What a URN's name part may hold as it is (RFC 8141, and the W3C feed
/// validator's reading of it); anything else is percent-encoded.
const NSS: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-');

/// `feed.xml` in `lang` (`fr/feed.xml`): an Atom feed of the
/// [`feed_records`], each in its version in `lang` where it has one, else
/// in its own language with `xml:lang` saying which. With `base-url`,
/// links are absolute and the feed's and entries' ids are their URLs;
/// without, links are relative to the feed and ids are URNs under
/// [`site_urn`].
pub fn feed(site: &Site, lang: &str) -> OutputFile {
    let book = &site.project.config.book;
    let prefix = lang_prefix(book, lang);
    // The language's own root: the site's, or its `LANG/` folder.
    let base = book.base_url().map(|b| format!("{b}{prefix}"));
    let urn = site_urn(book, lang);
    let recs = feed_records(site, lang);
    // A feed with no dated record still needs an `<updated>`: the epoch
    // (never the build's time: the same content gives the same bytes).
    let stamp = |d: Option<Date>| {
        d.map(|d| format!("{d}T00:00:00Z")).unwrap_or_else(|| "1970-01-01T00:00:00Z".into())
    };
    let updated = stamp(recs.iter().map(|(_, d)| *d).max());
    let head = Head {
        title: book.title_in(lang),
        subtitle: book.description_in(lang),
        link: base.clone().unwrap_or_else(|| "./".into()),
        file: "feed.xml",
        id: base.clone().unwrap_or_else(|| urn.clone()),
        updated,
    };
    let mut x = head.write(book, lang, base.as_deref());
    for (r, date) in recs {
        let rel = format!("{}/{}/", r.key.collection, r.key.id);
        let (href, id) = match &base {
            Some(b) => (format!("{b}{rel}"), format!("{b}{rel}")),
            None => (
                format!("{rel}index.html"),
                format!("{urn}:{}:{}", nss(&r.key.collection), nss(&r.key.id)),
            ),
        };
        let v = r.version(lang);
        let title_lang = v.field("title").map_or(r.language.as_str(), |(_, l)| l);
        if crate::core::lang::covers(lang, title_lang) {
            x.push_str("  <entry>\n");
        } else {
            x.push_str(&format!("  <entry xml:lang=\"{}\">\n", xml_escape(title_lang)));
        }
        x.push_str(&format!("    <title>{}</title>\n", xml_escape(v.title())));
        x.push_str(&format!("    <link href=\"{}\"/>\n", xml_escape(&href)));
        x.push_str(&format!("    <id>{}</id>\n", xml_escape(&id)));
        x.push_str(&format!("    <updated>{}</updated>\n", stamp(Some(date))));
        let summary_lang = v.field("summary").map_or(title_lang, |(_, l)| l);
        if summary_lang == title_lang {
            x.push_str(&format!("    <summary>{}</summary>\n", xml_escape(v.summary())));
        } else {
            x.push_str(&format!(
                "    <summary xml:lang=\"{}\">{}</summary>\n",
                xml_escape(summary_lang),
                xml_escape(v.summary())
            ));
        }
        if let Some(c) = site.schema.collections.get(&*r.key.collection) {
            x.push_str(&format!(
                "    <category term=\"{}\" label=\"{}\"/>\n",
                xml_escape(&c.name),
                xml_escape(c.singular_in(lang))
            ));
        }
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    OutputFile::new(format!("{prefix}feed.xml"), x)
}

/// What starts a feed: everything before its entries.
pub(super) struct Head<'a> {
    /// `<title>`.
    pub title: &'a str,
    /// `<subtitle>`, left out when empty.
    pub subtitle: &'a str,
    /// The page the feed is about.
    pub link: String,
    /// The feed's own file, for `rel="self"` with a base URL.
    pub file: &'a str,
    /// `<id>`.
    pub id: String,
    /// `<updated>`, RFC 3339.
    pub updated: String,
}

impl Head<'_> {
    /// The XML declaration and the feed's elements up to its entries, in
    /// `lang`; `base` is the language's root URL when `base-url` is set.
    pub(super) fn write(&self, book: &Book, lang: &str, base: Option<&str>) -> String {
        let mut x = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        x.push_str(&format!(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
            xml_escape(lang)
        ));
        x.push_str(&format!("  <title>{}</title>\n", xml_escape(self.title)));
        if !self.subtitle.is_empty() {
            x.push_str(&format!("  <subtitle>{}</subtitle>\n", xml_escape(self.subtitle)));
        }
        x.push_str(&format!("  <link href=\"{}\"/>\n", xml_escape(&self.link)));
        if let Some(b) = base {
            x.push_str(&format!(
                "  <link rel=\"self\" href=\"{}{}\"/>\n",
                xml_escape(b),
                xml_escape(self.file)
            ));
        }
        x.push_str(&format!("  <id>{}</id>\n", xml_escape(&self.id)));
        x.push_str(&format!("  <updated>{}</updated>\n", self.updated));
        let authors =
            if book.authors.is_empty() { vec![book.title.clone()] } else { book.authors.clone() };
        for a in &authors {
            x.push_str(&format!("  <author><name>{}</name></author>\n", xml_escape(a)));
        }
        x
    }
}

/// The id of the site's feed in `lang` without `base-url`, and the prefix
/// of its entries' ids (`…:COLLECTION:ID`): `urn:compendium:SITE:LANG`,
/// SITE being `[book] id` or else a slug of the title. Ids stay the same
/// from build to build, and differ between sites and between languages,
/// as Atom asks (RFC 4287 §4.2.6).
pub fn site_urn(book: &Book, lang: &str) -> String {
    let site = match &book.id {
        Some(id) => nss(id),
        None => title_slug(&book.title),
    };
    format!("urn:compendium:{site}:{}", nss(&lang.to_ascii_lowercase()))
}

/// `title` lower-cased, each run of characters other than letters and
/// digits made one hyphen, non-ASCII letters percent-encoded: "Digital
/// Trade Compendium" is `digital-trade-compendium`, and a title in
/// another script stays distinct. `site` for a title with no letter or
/// digit.
fn title_slug(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() { "site".to_owned() } else { nss(slug) }
}

pub(super) fn nss(s: &str) -> String {
    utf8_percent_encode(s, NSS).to_string()
}

/// The records `feed.xml` in `lang` carries, at most [`FEED_ENTRIES`],
/// newest first, with the date each is given: `updated` (else `date`,
/// else the newest of its collection's own date fields; a record with
/// none is left out); records updated the same day
/// by the dates their collection declares (`date` and its own date
/// fields, in declared order, each newest first), so that a collection's
/// name never decides; then by title in `lang`'s collation (as the
/// listings sort), then by key.
pub fn feed_records<'a>(site: &'a Site, lang: &str) -> Vec<(&'a Record, Date)> {
    struct Candidate<'a> {
        updated: Date,
        dates: Vec<Date>,
        title: &'a str,
        record: &'a Record,
    }
    // Per collection, its date fields but `updated` (the first key).
    let date_fields: BTreeMap<&str, Vec<&str>> = site
        .schema
        .collections
        .values()
        .map(|c| {
            let names = c
                .all_fields(&site.schema.common)
                .filter(|f| *f.ty.scalar() == FieldType::Date && f.name != "updated")
                .map(|f| f.name.as_str())
                .collect();
            (c.name.as_str(), names)
        })
        .collect();
    let mut candidates: Vec<Candidate> = site
        .records
        .values()
        .filter_map(|r| {
            let names = date_fields.get(&*r.key.collection).map_or(&[][..], Vec::as_slice);
            // The newest date of each field (a list of dates has several).
            let dates: Vec<Date> = names
                .iter()
                .filter_map(|n| r.fields.get(n))
                .filter_map(|v| {
                    v.items()
                        .iter()
                        .filter_map(|i| match i {
                            Value::Date(d) => Some(*d),
                            _ => None,
                        })
                        .max()
                })
                .collect();
            // Undated but for its collection's own date fields: the newest.
            // No date at all: not in the feed (as Zola leaves undated pages
            // out); a reader would show it as posted in 1970.
            let updated = r.updated().or_else(|| dates.iter().max().copied())?;
            Some(Candidate { updated, dates, title: r.version(lang).title(), record: r })
        })
        .collect();
    let collation = Collation::new(lang);
    let order = |a: &Candidate, b: &Candidate| -> Ordering {
        b.updated
            .cmp(&a.updated)
            .then_with(|| b.dates.cmp(&a.dates))
            .then_with(|| collation.compare(a.title, b.title))
            .then_with(|| a.title.cmp(b.title))
            .then_with(|| a.record.key.cmp(&b.record.key))
    };
    // Only the newest are put in order: a large site's titles are not all
    // collated against each other.
    if candidates.len() > FEED_ENTRIES {
        candidates.select_nth_unstable_by(FEED_ENTRIES - 1, order);
        candidates.truncate(FEED_ENTRIES);
    }
    candidates.sort_by(order);
    candidates.into_iter().map(|c| (c.record, c.updated)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_make_stable_distinct_urn_safe_slugs() {
        assert_eq!(title_slug("Digital Trade Compendium"), "digital-trade-compendium");
        assert_eq!(title_slug("  Trade -- & Data (2024)! "), "trade-data-2024");
        assert_eq!(title_slug("Économie numérique"), "%C3%A9conomie-num%C3%A9rique");
        assert_ne!(title_slug("数字贸易汇编"), title_slug("数字贸易"));
        assert!(title_slug("数字贸易汇编").bytes().all(|b| b.is_ascii_alphanumeric() || b == b'%'));
        assert_eq!(title_slug("!!!"), "site");
        assert_eq!(title_slug(""), "site");
    }

    #[test]
    fn the_site_urn_takes_the_book_id_else_the_title_and_the_language() {
        let mut book = Book { title: "Trade Rules".into(), ..Book::default() };
        assert_eq!(site_urn(&book, "en"), "urn:compendium:trade-rules:en");
        assert_eq!(site_urn(&book, "zh-Hant"), "urn:compendium:trade-rules:zh-hant");
        book.id = Some("tr".into());
        assert_eq!(site_urn(&book, "fr"), "urn:compendium:tr:fr");
    }
}
