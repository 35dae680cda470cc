//! Datasets and feeds: `data/records.json`, `data/COLLECTION.csv`,
//! `feed.xml`, `sitemap.xml`, and the `export` command's output. Pure
//! functions of the [`Site`]; the caller writes.

use std::io::Write;

use serde_json::{Map, Value as Json};

use crate::model::{Citation, Record, Site};
use crate::output::OutputFile;

/// How many entries `feed.xml` carries.
pub const FEED_ENTRIES: usize = 50;

/// One record as JSON: `key`, `collection`, `id`, every field under its own
/// name (dates `YYYY-MM-DD`), `body` as Markdown, `sources`, `language`.
pub fn record_json(r: &Record) -> Json {
    let mut m = Map::new();
    m.insert("key".into(), r.key.to_string().into());
    m.insert("collection".into(), r.key.collection.clone().into());
    m.insert("id".into(), r.key.id.clone().into());
    for (name, v) in &r.fields {
        m.insert(name.clone(), v.to_json());
    }
    m.insert("language".into(), r.language.clone().into());
    m.insert("body".into(), r.body.text().into());
    m.insert("sources".into(), r.sources.iter().map(citation_json).collect::<Vec<_>>().into());
    Json::Object(m)
}

fn citation_json(c: &Citation) -> Json {
    let mut m = Map::new();
    m.insert("title".into(), c.title.clone().into());
    let opt = |s: &Option<String>| s.clone().map(Json::from).unwrap_or(Json::Null);
    m.insert("url".into(), opt(&c.url));
    m.insert("publisher".into(), opt(&c.publisher));
    m.insert("date".into(), c.date.map(|d| Json::from(d.to_string())).unwrap_or(Json::Null));
    m.insert("locator".into(), opt(&c.locator));
    m.insert(
        "ref".into(),
        c.source.as_ref().map(|k| Json::from(k.to_string())).unwrap_or(Json::Null),
    );
    Json::Object(m)
}

fn selected<'a>(site: &'a Site, collection: Option<&'a str>) -> impl Iterator<Item = &'a Record> {
    // Listing order within each collection, collections by name.
    site.listings
        .iter()
        .filter(move |(c, _)| collection.is_none_or(|want| want == c.as_str()))
        .flat_map(|(_, keys)| keys.iter())
        .filter_map(|k| site.records.get(k))
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
            s.collect_seq(selected(self.0, self.1).map(record_json))
        }
    }
    serde_json::to_writer_pretty(&mut *w, &All(site, collection))?;
    w.write_all(b"\n")
}

/// The records as CSV: a header row, lists joined with `; `. Columns are
/// `key, collection, id`, the common fields, each collection's own fields in
/// declared order, then `language`, `sources` and `body`.
pub fn csv(site: &Site, collection: Option<&str>) -> String {
    let mut out = Vec::new();
    let _ = write_csv(site, collection, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// [`csv`], written to `w` row by row.
pub fn write_csv(site: &Site, collection: Option<&str>, w: &mut dyn Write) -> std::io::Result<()> {
    let mut columns: Vec<String> = vec!["key".into(), "collection".into(), "id".into()];
    columns.extend(site.schema.common.iter().map(|f| f.name.clone()));
    for c in site.schema.collections.values().filter(|c| collection.is_none_or(|w| w == c.name)) {
        for f in &c.fields {
            if !columns.contains(&f.name) {
                columns.push(f.name.clone());
            }
        }
    }
    columns.retain(|c| c != "language");
    columns.extend(["language".into(), "sources".into(), "body".into()]);
    // Every cell quoted, as OWASP recommends against formula injection.
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Always)
        .from_writer(w);
    w.write_record(columns.iter().map(|c| defuse(c).into_owned()))?;
    for r in selected(site, collection) {
        let row: Vec<String> = columns
            .iter()
            .map(|c| match c.as_str() {
                "key" => r.key.to_string(),
                "collection" => r.key.collection.clone(),
                "id" => r.key.id.clone(),
                "language" => r.language.clone(),
                "body" => r.body.text(),
                "sources" => r.sources.iter().map(citation_text).collect::<Vec<_>>().join("; "),
                other => r.fields.get(other).map(|v| v.to_text()).unwrap_or_default(),
            })
            .map(|cell| defuse(&cell).into_owned())
            .collect();
        w.write_record(&row)?;
    }
    w.flush()
}

/// A cell a spreadsheet will not run as a formula: text starting with `=`,
/// `+`, `-`, `@`, a tab or a carriage return gets a leading `'` (OWASP's
/// CSV injection advice), unless it is a plain number such as `-5`.
/// Contributors write these fields, and most readers of the datasets open
/// them in a spreadsheet.
pub fn defuse(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
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

fn citation_text(c: &Citation) -> String {
    let mut s = c.title.clone();
    if let Some(l) = &c.locator {
        s.push_str(&format!(" ({l})"));
    }
    if let Some(u) = &c.url {
        s.push_str(&format!(" <{u}>"));
    }
    s
}

/// Escapes text for XML content and attribute values.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

fn base_url(site: &Site) -> Option<String> {
    site.project.config.book.base_url()
}

/// `feed.xml`: an Atom feed of the most recently updated records. Links are
/// absolute when `base-url` is set, else relative to the feed.
pub fn feed(site: &Site) -> OutputFile {
    let base = base_url(site);
    let mut recs: Vec<&Record> = site.records.values().collect();
    recs.sort_by(|a, b| b.updated().cmp(&a.updated()).then_with(|| a.key.cmp(&b.key)));
    recs.truncate(FEED_ENTRIES);
    let stamp = |d: Option<jiff::civil::Date>| {
        d.map(|d| format!("{d}T00:00:00Z")).unwrap_or_else(|| "1970-01-01T00:00:00Z".into())
    };
    let updated = stamp(recs.iter().filter_map(|r| r.updated()).max());
    let book = &site.project.config.book;
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        xml_escape(&book.language)
    ));
    x.push_str(&format!("  <title>{}</title>\n", xml_escape(&book.title)));
    if !book.description.is_empty() {
        x.push_str(&format!("  <subtitle>{}</subtitle>\n", xml_escape(&book.description)));
    }
    let site_url = base.clone().unwrap_or_else(|| "./".into());
    x.push_str(&format!("  <link href=\"{}\"/>\n", xml_escape(&site_url)));
    if let Some(b) = &base {
        x.push_str(&format!("  <link rel=\"self\" href=\"{}feed.xml\"/>\n", xml_escape(b)));
    }
    x.push_str(&format!(
        "  <id>{}</id>\n",
        xml_escape(&base.clone().unwrap_or_else(|| "urn:compendium:site".into()))
    ));
    x.push_str(&format!("  <updated>{updated}</updated>\n"));
    let authors =
        if book.authors.is_empty() { vec![book.title.clone()] } else { book.authors.clone() };
    for a in &authors {
        x.push_str(&format!("  <author><name>{}</name></author>\n", xml_escape(a)));
    }
    for r in recs {
        let rel = format!("{}/{}/", r.key.collection, r.key.id);
        let href = match &base {
            Some(b) => format!("{b}{rel}"),
            None => format!("{rel}index.html"),
        };
        let id = match &base {
            Some(b) => format!("{b}{rel}"),
            None => format!("urn:compendium:{}", r.key),
        };
        x.push_str("  <entry>\n");
        x.push_str(&format!("    <title>{}</title>\n", xml_escape(r.title())));
        x.push_str(&format!("    <link href=\"{}\"/>\n", xml_escape(&href)));
        x.push_str(&format!("    <id>{}</id>\n", xml_escape(&id)));
        x.push_str(&format!("    <updated>{}</updated>\n", stamp(r.updated())));
        x.push_str(&format!("    <summary>{}</summary>\n", xml_escape(r.summary())));
        if let Some(c) = site.schema.collections.get(&r.key.collection) {
            x.push_str(&format!(
                "    <category term=\"{}\" label=\"{}\"/>\n",
                xml_escape(&c.name),
                xml_escape(&c.singular)
            ));
        }
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    OutputFile::new("feed.xml", x)
}

/// `sitemap.xml` for the given pages (paths ending in `index.html`), when
/// `base-url` is set.
pub fn sitemap(site: &Site, pages: &[&str]) -> Option<OutputFile> {
    let base = base_url(site)?;
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut pages: Vec<&str> = pages.to_vec();
    pages.sort_unstable();
    for p in pages {
        let loc = p.strip_suffix("index.html").unwrap_or(p);
        x.push_str(&format!("  <url><loc>{}</loc></url>\n", xml_escape(&format!("{base}{loc}"))));
    }
    x.push_str("</urlset>\n");
    Some(OutputFile::new("sitemap.xml", x))
}

#[cfg(test)]
mod tests {
    use super::defuse;

    #[test]
    fn cells_that_start_a_formula_are_defused_and_numbers_are_kept() {
        for risky in
            ["=HYPERLINK(\"x\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\r=1", "-", "+"]
        {
            assert_eq!(defuse(risky), format!("'{risky}"), "{risky:?}");
        }
        for safe in ["-5", "+12", "-3.25", "42", "plain text", "", " =1", "'quoted"] {
            assert_eq!(defuse(safe), safe, "{safe:?}");
        }
    }
}
