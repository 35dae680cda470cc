//! What `compendium compare` prints: the selection of [`super`] as a
//! stable JSON document ([`Report`]) or as a text table ([`text`]). Values
//! are the records' own (as in `data/records.json`) in JSON, and words in
//! the language asked for (the site's default unless `--lang`) in the
//! table, with the compare page's interface strings.

use serde::Serialize;
use serde_json::Value as Json;
use unicode_width::{UnicodeWidthChar as _, UnicodeWidthStr as _};

use crate::model::{FieldDef, FieldType, Site, Value};
use crate::resolve::REGIONS;

use super::{Jurisdiction, Scope, fields};

/// The whole comparison, in the order it was asked for.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The jurisdictions compared, in the order given, each once.
    pub jurisdictions: Vec<JurisdictionView>,
    /// One per collection compared, in schema order.
    pub collections: Vec<CollectionView>,
}

/// A jurisdiction.
#[derive(Debug, Clone, Serialize)]
pub struct JurisdictionView {
    /// `CHN`, `european-union`.
    pub id: String,
    /// `country` or `bloc`.
    pub kind: &'static str,
    /// The ISO short name, or the bloc's label.
    pub name: String,
    /// A country's blocs with records (ids of `regions` terms listing it
    /// as a member), sorted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocs: Option<Vec<String>>,
    /// A bloc's members (alpha-3 codes), as the taxonomy lists them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub members: Option<Vec<String>>,
}

/// One collection side by side.
#[derive(Debug, Clone, Serialize)]
pub struct CollectionView {
    /// The folder name.
    pub name: String,
    /// Its title.
    pub title: String,
    /// The rows: facets first.
    pub fields: Vec<FieldView>,
    /// One per jurisdiction, in the order of `jurisdictions`.
    pub columns: Vec<Column>,
}

/// A row.
#[derive(Debug, Clone, Serialize)]
pub struct FieldView {
    /// The key in records.
    pub name: String,
    /// Its label.
    pub label: String,
    /// Whether it is one of the collection's facets.
    pub facet: bool,
}

/// A jurisdiction's records in one collection.
#[derive(Debug, Clone, Serialize)]
pub struct Column {
    /// The jurisdiction's id.
    pub jurisdiction: String,
    /// Its own records, then those of its blocs.
    pub records: Vec<RecordView>,
}

/// A record in a column.
#[derive(Debug, Clone, Serialize)]
pub struct RecordView {
    /// `collection/id`.
    pub key: String,
    /// Its title (the original's).
    pub title: String,
    /// Its page, from the site root.
    pub url: String,
    /// The bloc it applies through, or null when it names the jurisdiction.
    pub via: Option<String>,
    /// The values of the rows it has, as in `data/records.json`.
    pub fields: serde_json::Map<String, Json>,
}

/// The comparison of `js` in `collections` (each taking part; see
/// [`super::collections`]); a collection none of them has records in is
/// left out.
pub fn report(
    site: &Site,
    js: &[Jurisdiction],
    collections: &[&crate::model::Collection],
    lang: &str,
) -> Report {
    let scope = Scope::new(site);
    let jurisdictions = js
        .iter()
        .map(|j| {
            let (kind, blocs, members) = match j {
                Jurisdiction::Bloc(id) => {
                    ("bloc", None, Some(super::bloc(site, id).map(|t| t.members.clone())))
                }
                Jurisdiction::Country(code) => {
                    let blocs = scope.blocs_of(code).into_iter().map(str::to_owned).collect();
                    ("country", Some(blocs), None)
                }
            };
            JurisdictionView {
                id: j.id().to_owned(),
                kind,
                name: super::name_in(site, j, lang),
                blocs,
                members: members.map(Option::unwrap_or_default),
            }
        })
        .collect();
    let collections = collections
        .iter()
        .filter_map(|c| {
            let defs = fields(site, c);
            let columns: Vec<Column> = js
                .iter()
                .map(|j| Column {
                    jurisdiction: j.id().to_owned(),
                    records: scope
                        .entries(j, &c.name)
                        .into_iter()
                        .filter_map(|e| {
                            let r = site.records.get(e.key)?;
                            // In `lang` where a translation gives the field.
                            let v = r.version(lang);
                            let fields = defs
                                .iter()
                                .filter_map(|d| {
                                    Some((d.name.clone(), v.field(&d.name)?.0.to_json()))
                                })
                                .collect();
                            Some(RecordView {
                                key: e.key.to_string(),
                                title: v.title().to_owned(),
                                url: e.key.page_path(),
                                via: e.via.map(str::to_owned),
                                fields,
                            })
                        })
                        .collect(),
                })
                .collect();
            columns.iter().any(|col| !col.records.is_empty()).then(|| CollectionView {
                name: c.name.clone(),
                title: c.title_in(lang).to_owned(),
                fields: defs
                    .iter()
                    .map(|d| FieldView {
                        name: d.name.clone(),
                        label: crate::render::i18n::field_label(site, d, lang)
                            .unwrap_or_else(|| d.label.clone()),
                        facet: c.facets.contains(&d.name),
                    })
                    .collect(),
                columns,
            })
        })
        .collect();
    Report { jurisdictions, collections }
}

/// The comparison as text tables, one per collection, `width` characters
/// wide at most (columns wrap their words): the records numbered in the
/// first row, then one row per field any of them has; a record of a bloc
/// says so. Rows of a column of several records give each value with its
/// record's number. Words are in `lang`, the interface's from `i18n` as
/// the compare page has them.
pub fn text(
    site: &Site,
    report: &Report,
    width: usize,
    (i18n, lang): (&crate::render::i18n::I18n, &str),
) -> String {
    let mut out = String::new();
    let key = |r: &RecordView| crate::model::Key::parse(&r.key);
    let record = |r: &RecordView| key(r).and_then(|k| site.records.get(&k));
    let names: Vec<String> =
        report.jurisdictions.iter().map(|j| format!("{} ({})", j.name, j.id)).collect();
    if report.collections.is_empty() {
        out.push_str(&clean(&i18n.text(lang, "compare-none-apply")));
        out.push('\n');
    }
    for c in &report.collections {
        out.push_str(&clean(&format!("{} ({})\n\n", c.title, c.name)));
        let mut rows: Vec<(String, Vec<String>)> = Vec::new();
        let mut head = vec![String::new()];
        head.extend(names.iter().cloned());
        let records: Vec<String> = c
            .columns
            .iter()
            .map(|col| {
                let lines: Vec<String> = col
                    .records
                    .iter()
                    .enumerate()
                    .map(|(i, r)| {
                        let via = r.via.as_deref().map_or(String::new(), |b| {
                            let group = site.term_label_in(REGIONS, b, lang);
                            let through =
                                i18n.format(lang, "country-through", None, &[("group", group)]);
                            format!("{}{through}", i18n.text(lang, "meta-separator"))
                        });
                        let title = record(r).map_or(r.title.as_str(), |x| x.version(lang).title());
                        format!("{}. {title}{via}", i + 1)
                    })
                    .collect();
                if lines.is_empty() { "–".to_owned() } else { lines.join("\n") }
            })
            .collect();
        rows.push((i18n.text(lang, "records-heading").into_owned(), records));
        for f in &c.fields {
            let def = site.field(&c.name, &f.name);
            let cells: Vec<Option<String>> = c
                .columns
                .iter()
                .map(|col| {
                    let given: Vec<(usize, String)> = col
                        .records
                        .iter()
                        .enumerate()
                        .filter_map(|(i, r)| {
                            let v = record(r)?.version(lang).field(&f.name)?.0;
                            // An empty list is no value: "–", as a field left out.
                            let text = value_text(site, def, v, (i18n, lang));
                            (!text.is_empty()).then_some((i + 1, text))
                        })
                        .collect();
                    match given.as_slice() {
                        [] => None,
                        [(_, v)] if col.records.len() == 1 => Some(v.clone()),
                        _ => Some(
                            given
                                .iter()
                                .map(|(n, v)| format!("{n}. {v}"))
                                .collect::<Vec<_>>()
                                .join("\n"),
                        ),
                    }
                })
                .collect();
            if cells.iter().any(Option::is_some) {
                let cells = cells.into_iter().map(|c| c.unwrap_or_else(|| "–".into())).collect();
                rows.push((f.label.clone(), cells));
            }
        }
        out.push_str(&table(&head, &rows, width));
        out.push('\n');
    }
    out
}

/// A value in words: labels of terms, enums and blocs, country names,
/// the titles of referenced records.
fn value_text(
    site: &Site,
    def: Option<&FieldDef>,
    v: &Value,
    (i18n, lang): (&crate::render::i18n::I18n, &str),
) -> String {
    let ty = def.map(|d| d.ty.scalar());
    match (ty, v) {
        (_, Value::List(items)) => items
            .iter()
            .map(|i| value_text(site, def, i, (i18n, lang)))
            .collect::<Vec<_>>()
            .join(", "),
        (Some(FieldType::Term(t)), Value::Str(s)) => site.term_label_in(t, s, lang).to_owned(),
        (Some(FieldType::Enum(e)), Value::Str(s)) => {
            e.label_in(s, lang).map_or_else(|| super::super::humanize(s), str::to_owned)
        }
        // As `lang`'s pages name it.
        (Some(FieldType::Country), Value::Str(s)) => {
            match crate::core::countries::shown_name(lang, s) {
                Some(n) => n,
                None => site.term_label_in(REGIONS, s, lang).to_owned(),
            }
        }
        (_, Value::Ref(k)) => {
            site.records.get(k).map_or(k.to_string(), |r| r.version(lang).title().to_owned())
        }
        (_, Value::Bool(b)) => i18n.text(lang, if *b { "yes" } else { "no" }).into_owned(),
        (_, Value::Date(d)) => i18n.date(lang, *d),
        // As the pages write it (`12 500 000`, `2019`).
        (_, Value::Int(i)) => i18n.integer(lang, *i),
        _ => v.to_text(),
    }
}

/// Text safe for a terminal: no control characters (escape sequences,
/// carriage returns) and no bidirectional overrides, newlines kept.
fn clean(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
        .map(|c| if c.is_control() && c != '\n' { ' ' } else { c })
        .collect()
}

/// `rows` under `head`, each cell's lines wrapped to its column's width.
fn table(head: &[String], rows: &[(String, Vec<String>)], width: usize) -> String {
    let n = head.len().saturating_sub(1).max(1);
    let label_w = rows.iter().map(|(l, _)| l.width()).max().unwrap_or(0).clamp(6, 24);
    let col_w = (width.saturating_sub(label_w + 3 * n) / n).max(14);
    let widths: Vec<usize> =
        std::iter::once(label_w).chain(std::iter::repeat_n(col_w, n)).collect();
    let line = |cells: Vec<&str>| {
        let wrapped: Vec<Vec<String>> =
            cells.iter().zip(&widths).map(|(c, w)| wrap(&clean(c), *w)).collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
        let mut out = String::new();
        for i in 0..height {
            let parts: Vec<String> = wrapped
                .iter()
                .zip(&widths)
                .map(|(lines, w)| {
                    let t = lines.get(i).map_or("", String::as_str);
                    format!("{t}{}", " ".repeat(w.saturating_sub(t.width())))
                })
                .collect();
            out.push_str(parts.join(" │ ").trim_end());
            out.push('\n');
        }
        out
    };
    let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
    let mut out = line(head.iter().map(String::as_str).collect());
    for (label, cells) in rows {
        out.push_str(&rule.join("─┼─"));
        out.push('\n');
        let mut all = vec![label.as_str()];
        all.extend(cells.iter().map(String::as_str));
        out.push_str(&line(all));
    }
    out
}

/// `text`'s lines wrapped at spaces to `width` columns of a terminal (a
/// Chinese or Japanese character takes two); a longer word, or a run of
/// text without spaces, is cut.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    for para in text.split('\n') {
        let mut cur = String::new();
        for word in para.split(' ').filter(|w| !w.is_empty()) {
            let mut word = word.to_owned();
            while word.width() > width {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                let (head, rest) = split_at_width(&word, width);
                out.push(head.to_owned());
                word = rest.to_owned();
            }
            let len = cur.width();
            if len > 0 && len + 1 + word.width() > width {
                out.push(std::mem::take(&mut cur));
            }
            if !cur.is_empty() {
                cur.push(' ');
            }
            cur.push_str(&word);
        }
        out.push(cur);
    }
    out
}

/// `s` cut after as many characters as fit in `width` columns (at least
/// one, so that a column narrower than a wide character still advances).
fn split_at_width(s: &str, width: usize) -> (&str, &str) {
    let mut used = 0;
    for (i, c) in s.char_indices() {
        let w = c.width().unwrap_or(0);
        if used + w > width && i > 0 {
            return s.split_at(i);
        }
        used += w;
    }
    (s, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_take_two_columns() {
        // Six Chinese characters are twelve columns: cut at eight.
        assert_eq!(wrap("个人信息保护", 8), ["个人信息", "保护"]);
        assert_eq!(wrap("数据 出境", 5), ["数据", "出境"]);
        let t = table(&["".into(), "中国".into()], &[("法律".into(), vec!["个人信息".into()])], 40);
        let lines: Vec<&str> = t.lines().collect();
        // The rule under the header lines up with the cells' separator.
        let bar = |l: &str| l.find('│').map(|i| l[..i].width());
        assert_eq!(bar(lines[0]), bar(lines[2]), "{t}");
    }

    #[test]
    fn words_wrap_and_long_ones_are_cut() {
        assert_eq!(wrap("a bb ccc", 4), ["a bb", "ccc"]);
        assert_eq!(wrap("abcdefgh x", 3), ["abc", "def", "gh", "x"]);
        assert_eq!(wrap("1. a\n2. b", 10), ["1. a", "2. b"]);
    }

    #[test]
    fn a_table_has_a_rule_between_rows_and_no_terminal_controls() {
        let head = vec![String::new(), "A".into(), "B".into()];
        let rows = vec![("Kind".to_owned(), vec!["x\u{1b}[2J".to_owned(), "y\u{202e}z".into()])];
        let t = table(&head, &rows, 40);
        assert!(!t.contains('\u{1b}') && !t.contains('\u{202e}'), "{t}");
        assert!(t.contains("─┼─") && t.contains("Kind   │ x [2J"), "{t}");
    }
}
