//! Datasets: `data/records.json`, `data/COLLECTION.csv`, and the `export`
//! command's output. Pure functions of the [`Site`]; the caller writes.
//! (Feeds and sitemaps are [`crate::feeds`].)

use std::io::Write;

use serde_json::{Map, Value as Json};

use crate::model::{Citation, Record, Site, Version};

/// One record as JSON, one object per language version (the original
/// first, then its translations by language): see [`version_json`].
pub fn record_json(site: &Site, r: &Record) -> Vec<Json> {
    r.versions().map(|v| version_json(site, &v)).collect()
}

/// One language version as JSON: `key` (the original's), `collection`,
/// `id`, `lang` (this version's language), every field its collection
/// declares under its own name, `null` where the record has none (`[]` for
/// a list field; CSV has an empty cell: one shape per collection; dates
/// `YYYY-MM-DD`; text fields from the translation where it gives them),
/// `language` (the original's), `translated` (the fields, `body` included,
/// that this version translates; empty for the original), `body` as
/// Markdown, `sources`.
pub fn version_json(site: &Site, v: &Version<'_>) -> Json {
    let r = v.record;
    let mut m = Map::new();
    m.insert("key".into(), r.key.to_string().into());
    m.insert("collection".into(), r.key.collection.to_string().into());
    m.insert("id".into(), r.key.id.to_string().into());
    m.insert("lang".into(), v.lang().into());
    for name in r.fields.keys().chain(v.translation.iter().flat_map(|t| t.fields.keys())) {
        if let Some((value, _)) = v.field(name) {
            m.insert(name.to_owned(), value.to_json());
        }
    }
    if let Some(c) = site.schema.collections.get(&*r.key.collection) {
        // A list field the record leaves out is an empty list, as one
        // written `[]` is: one shape a column, for pandas and R.
        for f in c.all_fields(&site.schema.common) {
            let none = if f.ty.is_list() { Json::Array(Vec::new()) } else { Json::Null };
            m.entry(f.name.clone()).or_insert(none);
        }
    }
    m.insert("language".into(), r.language.clone().into());
    m.insert("translated".into(), translated(v).into());
    m.insert("body".into(), body_text(v).into());
    m.insert("sources".into(), r.sources.iter().map(citation_json).collect::<Vec<_>>().into());
    Json::Object(m)
}

/// The body as Markdown, without the blank lines between the front matter
/// and the text (kept in the record for line numbers, noise in a dataset).
fn body_text(v: &Version<'_>) -> String {
    let text = v.body().0.text();
    // From the start of the first line that is not blank, so that an
    // indented first line keeps its indentation.
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        if !line.trim().is_empty() {
            break;
        }
        start += line.len();
    }
    if start == 0 { text } else { text[start..].to_owned() }
}

fn translated(v: &Version<'_>) -> Vec<String> {
    let Some(t) = v.translation else { return Vec::new() };
    let mut names: Vec<String> = t.fields.keys().map(str::to_owned).collect();
    if t.body.is_some() {
        names.push("body".into());
    }
    names
}

fn citation_json(c: &Citation) -> Json {
    let mut m = Map::new();
    m.insert("title".into(), c.title.clone().into());
    let opt = |s: &Option<String>| s.clone().map(Json::from).unwrap_or(Json::Null);
    m.insert("url".into(), opt(&c.url));
    m.insert("publisher".into(), opt(&c.publisher));
    m.insert("date".into(), c.date.map(|d| Json::from(d.to_string())).unwrap_or(Json::Null));
    // A source dated by its year alone (where there is no `date`).
    m.insert(
        "year".into(),
        c.year.filter(|_| c.date.is_none()).map(Json::from).unwrap_or(Json::Null),
    );
    m.insert("locator".into(), opt(&c.locator));
    m.insert(
        "ref".into(),
        c.source.as_ref().map(|k| Json::from(k.to_string())).unwrap_or(Json::Null),
    );
    Json::Object(m)
}

fn selected<'a>(site: &'a Site, collection: Option<&'a str>) -> impl Iterator<Item = Version<'a>> {
    // Listing order within each collection, collections by name; each
    // record's versions together, the original first.
    site.listings
        .iter()
        .filter(move |(c, _)| collection.is_none_or(|want| want == c.as_str()))
        .flat_map(|(_, keys)| keys.iter())
        .filter_map(|k| site.records.get(k))
        .flat_map(Record::versions)
}

/// The records (of one collection, or all) as one pretty JSON array.
pub fn json(site: &Site, collection: Option<&str>) -> String {
    let mut out = Vec::new();
    // Writing into memory cannot fail, and serde_json writes UTF-8.
    let _ = write_json(site, collection, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// [`json`], written to `w` record by record: neither a copy of every
/// record's JSON nor the whole text is ever held in memory.
pub fn write_json(site: &Site, collection: Option<&str>, w: &mut dyn Write) -> std::io::Result<()> {
    struct All<'a>(&'a Site, Option<&'a str>);
    impl serde::Serialize for All<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_seq(selected(self.0, self.1).map(|v| version_json(self.0, &v)))
        }
    }
    serde_json::to_writer_pretty(&mut *w, &All(site, collection))?;
    w.write_all(b"\n")
}

/// The records as CSV: a header row, then one row per language version
/// (as [`version_json`]), lists joined with `; `. Columns are `key,
/// collection, id, lang`, the common fields, each collection's own fields
/// in declared order, then `language`, `translated`, `sources` and `body`.
pub fn csv(site: &Site, collection: Option<&str>) -> String {
    let mut out = Vec::new();
    let _ = write_csv(site, collection, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// [`csv`], written to `w` row by row.
pub fn write_csv(site: &Site, collection: Option<&str>, w: &mut dyn Write) -> std::io::Result<()> {
    let mut columns: Vec<String> =
        vec!["key".into(), "collection".into(), "id".into(), "lang".into()];
    columns.extend(site.schema.common.iter().map(|f| f.name.clone()));
    for c in site.schema.collections.values().filter(|c| collection.is_none_or(|w| w == c.name)) {
        for f in &c.fields {
            if !columns.contains(&f.name) {
                columns.push(f.name.clone());
            }
        }
    }
    columns.retain(|c| c != "language");
    columns.extend(["language".into(), "translated".into(), "sources".into(), "body".into()]);
    // Every cell quoted, as OWASP recommends against formula injection.
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(w);
    w.write_record(columns.iter().map(|c| defuse(c).into_owned()))?;
    for v in selected(site, collection) {
        let r = v.record;
        let row: Vec<String> = columns
            .iter()
            .map(|c| match c.as_str() {
                "key" => r.key.to_string(),
                "collection" => r.key.collection.to_string(),
                "id" => r.key.id.to_string(),
                "lang" => v.lang().to_owned(),
                "language" => r.language.clone(),
                "translated" => list_cell(translated(&v)),
                "body" => body_text(&v),
                "sources" => list_cell(r.sources.iter().map(citation_text)),
                other => v.field(other).map(|(value, _)| cell(value)).unwrap_or_default(),
            })
            .map(|cell| defuse(&cell).into_owned())
            .collect();
        w.write_record(&row)?;
    }
    w.flush()
}

/// A value as a CSV cell: a list's items joined with `; `.
fn cell(value: &crate::model::Value) -> String {
    match value {
        crate::model::Value::List(items) => list_cell(items.iter().map(|i| i.to_text())),
        other => other.to_text(),
    }
}

/// Items joined with `; `, each item's own `;` and `\` escaped with a
/// backslash (`a\; b`), so that splitting the cell on unescaped `;` gives
/// the items back however they are written.
fn list_cell<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> String {
    let escaped: Vec<String> = items
        .into_iter()
        .map(|i| {
            let i = i.as_ref();
            if i.contains([';', '\\']) {
                i.replace('\\', "\\\\").replace(';', "\\;")
            } else {
                i.to_owned()
            }
        })
        .collect();
    escaped.join("; ")
}

/// A cell a spreadsheet will not run as a formula: text starting with `=`,
/// `+`, `-`, `@`, a tab or a carriage return gets a leading `'` (OWASP's
/// CSV injection advice), unless it is a plain number such as `-5`.
/// Contributors write these fields, and most readers of the datasets open
/// them in a spreadsheet. Text starting with `'` gets one too, so that a
/// program reading the file takes off a leading `'` wherever there is one
/// and has the value as written (`=x` and `'=x` stay apart).
pub fn defuse(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']);
    if risky && !is_plain_number(cell) { format!("'{cell}").into() } else { cell.into() }
}

fn is_plain_number(s: &str) -> bool {
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let frac = parts.next();
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// A source in one CSV cell: `Title (locator), Publisher, date <url>
/// [sources/ID]`, each part where it is known (the JSON keeps them apart).
fn citation_text(c: &Citation) -> String {
    let mut s = c.title.clone();
    if let Some(l) = &c.locator {
        s.push_str(&format!(" ({l})"));
    }
    if let Some(p) = &c.publisher {
        s.push_str(&format!(", {p}"));
    }
    match (c.date, c.year) {
        (Some(d), _) => s.push_str(&format!(", {d}")),
        (None, Some(y)) => s.push_str(&format!(", {y}")),
        (None, None) => {}
    }
    if let Some(u) = &c.url {
        s.push_str(&format!(" <{u}>"));
    }
    if let Some(k) = &c.source {
        s.push_str(&format!(" [{k}]"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::{citation_text, defuse, list_cell};
    use crate::model::{Citation, Key};

    #[test]
    fn a_source_cell_keeps_its_publisher_date_and_source_record() {
        let c = Citation {
            title: "Initiative".into(),
            url: Some("https://example.org/i".into()),
            publisher: Some("Participants".into()),
            date: None,
            year: Some(2021),
            locator: Some("para. 5".into()),
            source: Some(Key::new("sources", "initiative")),
        };
        assert_eq!(
            citation_text(&c),
            "Initiative (para. 5), Participants, 2021 <https://example.org/i> [sources/initiative]"
        );
        let bare =
            Citation { url: None, publisher: None, year: None, locator: None, source: None, ..c };
        assert_eq!(citation_text(&bare), "Initiative");
    }

    #[test]
    fn a_lists_items_split_back_on_unescaped_semicolons() {
        assert_eq!(list_cell(["alpha", "gamma"]), "alpha; gamma");
        assert_eq!(list_cell(["alpha; beta", "c\\d", "e"]), "alpha\\; beta; c\\\\d; e");
        assert_eq!(list_cell(Vec::<String>::new()), "");
    }

    #[test]
    fn cells_that_start_a_formula_are_defused_and_numbers_are_kept() {
        for risky in [
            "=HYPERLINK(\"x\")",
            "+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\r=1",
            "-",
            "+",
            "'=x",
            "'quoted",
        ] {
            assert_eq!(defuse(risky), format!("'{risky}"), "{risky:?}");
        }
        for safe in ["-5", "+12", "-3.25", "42", "plain text", "", " =1", "quoted'"] {
            assert_eq!(defuse(safe), safe, "{safe:?}");
        }
    }
}
