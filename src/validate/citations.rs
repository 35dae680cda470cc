//! `sources:`: a record's citations, each a title (and URL, publisher,
//! date) or a `ref:` to a record of `sources/`, with a locator.

use std::collections::BTreeMap;

use super::Ctx;
use crate::core::diag::{Diagnostic, Diagnostics};
use crate::core::rules;
use crate::core::yaml::{Node, NodeKind};
use crate::load::SOURCES;
use crate::model::{Citation, FieldDef, FieldType, Value};
use crate::schema::mapping::MapCheck;

const CITATION_KEYS: &[&str] = &["title", "url", "publisher", "date", "year", "locator", "ref"];

impl Ctx<'_> {
    /// The citations of `sources:` (already-reported problems leave an
    /// item out).
    pub(super) fn citations(
        &self,
        path: &str,
        node: &Node,
        diags: &mut Diagnostics,
    ) -> Vec<Citation> {
        let items = match &node.kind {
            NodeKind::Seq(items) => items.as_slice(),
            NodeKind::Null => return Vec::new(),
            _ => {
                diags.push(
                    Diagnostic::error(path, node.pos, format!("`sources` must be a list, not {}", node.type_name()))
                        .with_help("write `sources:` then `- {title: …, url: …, locator: …}` or `- {ref: sources/ID, locator: …}`"),
                );
                return Vec::new();
            }
        };
        let mc = MapCheck { path, what: "a source" };
        let url_def = FieldDef {
            name: "url".into(),
            ty: FieldType::Url,
            required: false,
            label: "URL".into(),
            description: None,
            translations: BTreeMap::new(),
            labelled: false,
        };
        let date_def = FieldDef {
            name: "date".into(),
            ty: FieldType::Date,
            required: false,
            label: "Date".into(),
            description: None,
            translations: BTreeMap::new(),
            labelled: false,
        };
        let year_def = FieldDef {
            name: "year".into(),
            ty: FieldType::Int,
            required: false,
            label: "Year".into(),
            description: None,
            translations: BTreeMap::new(),
            labelled: false,
        };
        let mut out = Vec::new();
        for item in items {
            let mut c = Citation::default();
            let mut has_title = false;
            // A `ref` into a `sources` folder whose file is broken: not
            // checked, and no reason to ask for a title.
            let mut unchecked = false;
            let before = diags.error_count();
            for (k, v, kpos) in mc.entries(item, diags) {
                match k {
                    "title" => {
                        has_title = true;
                        c.title = text(path, k, v, diags).unwrap_or_default();
                        if rules::is_blank(&c.title) && matches!(v.kind, NodeKind::Str(_)) {
                            diags.push(
                                Diagnostic::error(path, v.pos, "the `title` of a source is empty")
                                    .with_help("give the cited document's title, or remove `title` and give a `ref`"),
                            );
                        }
                    }
                    "url" => {
                        c.url = self
                            .value(path, &url_def, &FieldType::Url, v, diags)
                            .map(|v| v.to_text())
                    }
                    "publisher" => c.publisher = text(path, k, v, diags),
                    "date" => {
                        c.date = match self.value(path, &date_def, &FieldType::Date, v, diags) {
                            Some(Value::Date(d)) => Some(d),
                            _ => None,
                        }
                    }
                    // A report known by its year alone: `(2019)`, not a
                    // made-up first of January.
                    "year" => {
                        c.year = match self.value(path, &year_def, &FieldType::Int, v, diags) {
                            Some(Value::Int(y)) => i32::try_from(y).ok(),
                            _ => None,
                        }
                    }
                    "locator" => {
                        c.locator = text(path, k, v, diags).filter(|s| !rules::is_blank(s))
                    }
                    "ref" => {
                        if !self.schema.collections.contains_key(SOURCES) {
                            // A broken sources/_collection.yaml said so.
                            if self.schema.collections_unreadable.contains(SOURCES) {
                                unchecked = true;
                                continue;
                            }
                            diags.push(
                                Diagnostic::error(path, v.pos, "`ref` names a source record, but there is no `sources` collection")
                                    .with_help("add content/sources/ with one record per source document, or give `title` and `url` instead"),
                            );
                            continue;
                        }
                        let def = FieldDef {
                            name: "ref".into(),
                            ty: FieldType::Ref(Some(SOURCES.into())),
                            required: false,
                            label: String::new(),
                            description: None,
                            translations: BTreeMap::new(),
                            labelled: false,
                        };
                        if let Some(s) = text(path, k, v, diags) {
                            c.source = self.reference(path, &def, Some(SOURCES), &s, v.pos, diags);
                        }
                    }
                    other => mc.unknown(other, kpos, CITATION_KEYS, diags),
                }
            }
            if item.as_map().is_some()
                && !has_title
                && !unchecked
                && c.source.is_none()
                && diags.error_count() == before
            {
                diags.push(
                    Diagnostic::error(path, item.pos, "a source needs a `title`, or a `ref` to a record of `sources`")
                        .with_help("e.g. `- {title: G20 Digital Ministers Declaration, url: …, locator: paragraph 12}`"),
                );
            }
            if diags.error_count() == before && item.as_map().is_some() {
                out.push(c);
            }
        }
        // Held for the site's life: no room for more.
        out.shrink_to_fit();
        out
    }
}

/// A source's text value: YAML text only, as its JSON Schema says.
fn text(path: &str, key: &str, v: &Node, diags: &mut Diagnostics) -> Option<String> {
    if let NodeKind::Str(s) = &v.kind {
        return Some(s.clone());
    }
    diags.push(super::value::not_text(path, key, v, "remove it"));
    None
}
