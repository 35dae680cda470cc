//! A record page's context: its fields, links, versions and body.

use anyhow::{Result, bail};
use serde::Serialize;
use tera::Context;

use super::*;

impl View<'_> {
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
            /// history: when the record's files were committed.
            history: Option<super::changes::HistoryView<'a>>,
            fields: Vec<FieldView<'a>>,
            sources: Vec<items::CitationView<'a>>,
            related: Vec<Item<'a>>,
            backlinks: Vec<Item<'a>>,
            /// Records that link here, on every page together.
            backlinks_count: usize,
            path: &'a str,
        }
        let site = self.site;
        let Some(r) = site.records.get(key) else { bail!("there is no record `{key}`") };
        let Some(c) = site.schema.collections.get(&key.collection) else {
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
        let sources = r.sources.iter().map(|s| self.citation(s)).collect();
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
                history: self.record_history(key),
                fields,
                sources,
                related,
                backlinks,
                backlinks_count: all_backlinks.len(),
                path: &r.path,
            },
        );
        // The one piece of HTML a template receives, sanitised by `markdown`.
        ctx.insert("body_html", &markdown::to_html(&body.text()));
        ctx.insert("body_lang", body_lang);
        ctx.insert("body_dir", crate::core::lang::dir(body_lang));
        Ok(())
    }
}
