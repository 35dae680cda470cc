//! A record page's context: its fields, links, versions and body.

use anyhow::{Result, bail};
use serde::Serialize;
use tera::Context;

use super::*;

/// The "may be out of date" note: the last review, and the period in whole
/// years, else months, and days (each part zero when absent), for the
/// template to word in the page's language.
#[derive(Serialize)]
struct Stale {
    reviewed: items::DateView,
    years: i32,
    months: i32,
    days: i32,
}

impl View<'_> {
    /// An address in `r`'s body as this page writes it: read as from the
    /// record's page in the default language, given back relative to this
    /// one and in its language (`core::links`); `None` leaves it as written.
    /// `(base, folders)`: the site's base path and language folders;
    /// `folder`: the record file's ([`crate::core::links::record_folder`]).
    fn body_link(
        &self,
        r: &Record,
        (base, folders): (&str, &[&str]),
        folder: &str,
        dest: &str,
    ) -> Option<String> {
        use crate::core::links::{Target, target};
        let site = self.site;
        let is_collection = |c: &str| site.schema.collections.contains_key(c);
        let key = &r.key;
        match target(dest, (&key.collection, &key.id), folder, base, folders, &is_collection) {
            Target::Record { collection, id, suffix, .. } => {
                let k = Key::new(collection, id);
                site.records.contains_key(&k).then(|| format!("{}{suffix}", self.urls.record(&k)))
            }
            Target::Listing { collection, suffix } => is_collection(&collection)
                .then(|| format!("{}{suffix}", self.urls.collection(&collection))),
            Target::Page { path, suffix } => {
                Some(format!("{}{suffix}", self.urls.lang_file(&path)))
            }
            Target::Shared { path, suffix } => Some(format!("{}{path}{suffix}", self.urls.root())),
            Target::Outside | Target::Unchanged => None,
        }
    }

    /// See [`Stale`]: the last review is `updated`, else the last change
    /// in git (the same rule as `check`'s warnings).
    fn stale(&self, r: &Record) -> Option<Stale> {
        let (cutoff, p) = self.site.stale_cutoff(&r.key.collection)?;
        let reviewed = match r.fields.get("updated") {
            Some(Value::Date(d)) => d,
            Some(_) => return None,
            None => &self.site.history.last_changed(&r.key)?,
        };
        if *reviewed >= cutoff {
            return None;
        }
        let whole_years = p.months > 0 && p.months % 12 == 0;
        Some(Stale {
            reviewed: self.date(*reviewed),
            years: if whole_years { p.months / 12 } else { 0 },
            months: if whole_years { 0 } else { p.months },
            days: p.days,
        })
    }

    pub(super) fn record(&self, ctx: &mut Context, key: &Key) -> Result<()> {
        #[derive(Serialize)]
        struct RecordView<'a> {
            key: String,
            id: &'a str,
            title: &'a str,
            summary: &'a str,
            kind: &'a str,
            collection: &'a str,
            collection_title: &'a str,
            collection_url: String,
            language: &'a str,
            lang: &'a str,
            dir: &'static str,
            other_lang: bool,
            lang_name: String,
            summary_lang: &'a str,
            updated: Option<items::DateView>,
            /// Set when the record was last reviewed longer ago than its
            /// collection's `stale-after`.
            stale: Option<Stale>,
            /// history: when the record's files were committed.
            history: Option<super::changes::HistoryView<'a>>,
            fields: Vec<FieldView<'a>>,
            /// Every declared field by name, as the record holds it.
            extra: super::extra::Extra<'a>,
            sources: Vec<items::CitationView<'a>>,
            related: Vec<Item<'a>>,
            backlinks: Vec<Item<'a>>,
            /// Records that link here, on every page together.
            backlinks_count: usize,
            path: &'a str,
            /// A draft, published by `--drafts` to preview it.
            draft: bool,
        }
        let site = self.site;
        let Some(r) = site.records.get(key) else { bail!("there is no record `{key}`") };
        let Some(c) = site.schema.collections.get(&*key.collection) else {
            bail!("there is no collection `{}`", key.collection)
        };
        let version = self.version(r);
        let defs = c.fields.iter().chain(site.schema.common.iter());
        let mut fields = Vec::new();
        for def in defs {
            if NOT_LISTED.contains(&def.name.as_str()) {
                continue;
            }
            let Some((value, lang)) = version.field(&def.name) else { continue };
            if fields.iter().any(|f: &FieldView<'_>| f.name == def.name) {
                continue;
            }
            let text = matches!(def.ty.scalar(), FieldType::String | FieldType::Text);
            fields.push(FieldView {
                name: &def.name,
                label: self.field_label(def),
                multiline: matches!(def.ty.scalar(), FieldType::Text),
                lang: text.then_some(lang),
                values: value.items().iter().map(|v| self.value(&def.ty, v)).collect(),
            });
        }
        let related = match r.fields.get("related") {
            Some(v) => v
                .items()
                .iter()
                .filter_map(|v| match v {
                    Value::Ref(k) => self.item(k),
                    _ => None,
                })
                .collect(),
            None => Vec::new(),
        };
        let all_backlinks = site.backlinks.get(key).map_or(&[][..], Vec::as_slice);
        let range = super::super::paging::window(site, self.number, all_backlinks.len());
        let backlinks = all_backlinks
            .get(range)
            .unwrap_or_default()
            .iter()
            .filter_map(|k| self.item(k))
            .collect();
        let sources = r.sources.iter().map(|s| self.citation(s, &r.language)).collect();
        // Page 1 holds the record's text and its citations; later pages
        // only list backlinks.
        let cite = if self.number == 1 { self.cite(key) } else { None };
        ctx.insert("cite", &cite);
        let lang = version.field("title").map_or(r.language.as_str(), |(_, l)| l);
        let (body, body_lang) = version.body();
        // The summary, in whatever language it is shown in (a record not
        // translated into the page's language is shown in its own).
        let summary_lang = version.field("summary").map_or(lang, |(_, l)| l);
        let description = match version.summary().trim() {
            "" => version.title(),
            s => s,
        };
        ctx.insert("description", description);
        if self.is_other(summary_lang) {
            ctx.insert("description_lang", summary_lang);
        }
        ctx.insert(
            "record",
            &RecordView {
                key: key.to_string(),
                id: &key.id,
                title: version.title(),
                summary: version.summary(),
                kind: c.singular_in(self.lang),
                collection: &c.name,
                collection_title: c.title_in(self.lang),
                collection_url: self.urls.collection(&c.name),
                language: &r.language,
                lang,
                dir: crate::core::lang::dir(lang),
                other_lang: self.is_other(lang),
                lang_name: self.marker(lang),
                summary_lang,
                updated: r.updated().map(|d| self.date(d)),
                stale: self.stale(r),
                history: self.record_history(key),
                fields,
                extra: super::extra::Extra::of(c, &site.schema.common, &version),
                sources,
                related,
                backlinks,
                backlinks_count: all_backlinks.len(),
                draft: r.draft,
                path: &r.path,
            },
        );
        // The one piece of HTML a template receives, sanitised by `markdown`.
        let book = &self.site.project.config.book;
        let (base, folders) = (book.base_path(), book.other_languages());
        // mdBook-style links are read from the record file's folder.
        let folder = crate::core::links::record_folder(&r.path, &key.collection);
        let link = |dest: &str| self.body_link(r, (&base, &folders), &folder, dest);
        ctx.insert("body_html", &self.theme.markdown().to_html_with(&body.text(), &link));
        ctx.insert("body_lang", body_lang);
        ctx.insert("body_dir", crate::core::lang::dir(body_lang));
        Ok(())
    }
}

/// A style's rendering of a record (`cite.styles`).
#[derive(Serialize)]
struct CiteStyleView {
    /// `apa` or `chicago` (element ids).
    id: &'static str,
    /// "APA", "Chicago".
    name: &'static str,
    text: String,
    /// Escaped by `cite` (see [`crate::cite::Rendered`]): safe as is.
    html: String,
}

/// A data download (`cite.downloads`): the file inline as a `data:` URL,
/// so that citations add no file per record to the site.
#[derive(Serialize)]
struct CiteDownload {
    name: &'static str,
    file: String,
    mime: &'static str,
    href: String,
}

/// `cite`: `{styles: [{id, name, text, html}], downloads: [{name, file,
/// mime, href}]}`, the site's `citation-style` first.
#[derive(Serialize)]
struct CiteView {
    styles: Vec<CiteStyleView>,
    downloads: Vec<CiteDownload>,
}

impl View<'_> {
    fn cite(&self, key: &Key) -> Option<CiteView> {
        use crate::cite;
        use crate::config::CitationStyle;
        let data = cite::record_data(self.site, key, self.lang)?;
        let mut order =
            [(CitationStyle::Apa, "apa", "APA"), (CitationStyle::Chicago, "chicago", "Chicago")];
        if self.site.project.config.book.citation_style == CitationStyle::Chicago {
            order.reverse();
        }
        let styles = order
            .into_iter()
            .map(|(style, id, name)| {
                let r = cite::render(&data, style, self.lang);
                CiteStyleView { id, name, text: r.text, html: r.html }
            })
            .collect();
        let data_url = |mime: &str, body: &str| {
            let encoded = percent_encoding::utf8_percent_encode(body, DATA_URL);
            format!("data:{mime};charset=utf-8,{encoded}")
        };
        let file = |ext: &str| format!("{}.{ext}", key.id);
        let bib = cite::bibtex(&data, &cite::bibtex_key(key));
        let downloads = vec![
            CiteDownload {
                name: "BibTeX",
                file: file("bib"),
                mime: "application/x-bibtex",
                href: data_url("application/x-bibtex", &bib),
            },
            CiteDownload {
                name: "RIS",
                file: file("ris"),
                mime: "application/x-research-info-systems",
                href: data_url("application/x-research-info-systems", &cite::ris(&data)),
            },
            CiteDownload {
                name: "CSL-JSON",
                file: file("json"),
                mime: "application/vnd.citationstyles.csl+json",
                href: data_url("application/vnd.citationstyles.csl+json", &cite::csl_json(&data)),
            },
        ];
        Some(CiteView { styles, downloads })
    }
}

/// What a `data:` URL's body escapes: everything but RFC 3986's
/// unreserved characters.
const DATA_URL: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');
