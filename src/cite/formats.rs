//! Data formats reference managers import: BibTeX through the `biblatex`
//! crate (its escaping and date fields), RIS and CSL-JSON written here
//! (no maintained crate writes them; both are a few tagged fields).

use biblatex::{Chunk, EntryType, Spanned};
use serde_json::{Map, Value as Json, json};

use super::{CiteData, CiteDate, SourceKind};

/// `data` as one BibTeX `@misc` entry under `key`, ending in a newline.
pub fn bibtex(data: &CiteData, key: &str) -> String {
    let mut e = biblatex::Entry::new(key.to_owned(), EntryType::Misc);
    let normal = |s: &str| vec![Spanned::zero(Chunk::Normal(one_line(s)))];
    // An organisation in braces is one name to BibTeX, never "Family,
    // Given" or initials.
    let verbatim = |s: &str| vec![Spanned::zero(Chunk::Verbatim(one_line(s)))];
    // Words of kept case in braces (`{MSMEs}`, `{EU}`, `{General}`), which
    // styles that lower titles leave alone.
    let title = one_line(&data.title);
    let title = kept_case_words(&title)
        .into_iter()
        .map(|(kept, part)| {
            let part = part.to_owned();
            Spanned::zero(if kept { Chunk::Verbatim(part) } else { Chunk::Normal(part) })
        })
        .collect();
    e.set("title", title);
    if !data.authors.is_empty() {
        // Each name in braces, whole (an organisation's own "and" is no
        // separator), the names joined by BibTeX's " and ".
        let mut chunks = Vec::new();
        for (i, a) in data.authors.iter().enumerate() {
            if i > 0 {
                chunks.push(Spanned::zero(Chunk::Normal(" and ".to_owned())));
            }
            chunks.extend(verbatim(a));
        }
        e.set("author", chunks);
    }
    if let Some(c) = &data.container {
        e.set("howpublished", normal(c));
    }
    if let Some(p) = &data.publisher {
        e.set("publisher", normal(p));
    }
    if let Some(u) = &data.url {
        e.set("url", normal(u));
    }
    if let Some(l) = &data.language {
        e.set("language", normal(l));
    }
    let date = match data.date {
        Some(CiteDate::Day(d)) => Some(d.to_string()),
        Some(CiteDate::Year(y)) if (0..=9999).contains(&y) => Some(format!("{y:04}")),
        _ => None,
    };
    if let Some(d) = &date {
        e.set("date", normal(d));
    }
    // The date is the only field BibTeX output can reject, and ours is
    // always well formed; drop it rather than the entry if not.
    let out = e.to_bibtex_string().unwrap_or_else(|_| {
        e.remove("date");
        e.to_biblatex_string()
    });
    let mut out: String = tex_specials(&out).split_inclusive('\n').map(literal_braces).collect();
    out.push('\n');
    out
}

/// `line` (one field: [`one_line`] keeps each value on one) with its
/// literal braces, escaped `\{` and `\}`, spelt `\textbraceleft{}` and
/// `\textbraceright{}` when they do not pair up: BibTeX counts every
/// brace, escaped or not, so a title's lone `}` would end the field early
/// and its lone `{` run it into the next.
fn literal_braces(line: &str) -> std::borrow::Cow<'_, str> {
    let mut depth = 0i32;
    let mut balanced = true;
    let mut bytes = line.bytes();
    while let Some(b) = bytes.next() {
        // After `tex_specials` a backslash starts an escape (`\{`, `\%`) or
        // a command (`\textbackslash{}`, whose braces pair up).
        if b == b'\\' {
            match bytes.next() {
                Some(b'{') => depth += 1,
                Some(b'}') => depth -= 1,
                _ => {}
            }
            balanced &= depth >= 0;
        }
    }
    if balanced && depth == 0 {
        return line.into();
    }
    line.replace("\\{", "\\textbraceleft{}").replace("\\}", "\\textbraceright{}").into()
}

/// `title` cut into words whose case a BibTeX style must keep and the
/// text between them. Titles are written in sentence case, so a capital
/// past the first word's first letter is a name's or an acronym's (`EU
/// General Data Protection Regulation`): styles that set titles in
/// sentence case (APA's, `plain`'s `change.case$`) would print "Eu
/// general data protection regulation" without the braces, as Zotero's
/// and Better BibTeX's exports avoid.
fn kept_case_words(title: &str) -> Vec<(bool, &str)> {
    super::cut_words(title, |w, first| {
        w.chars().skip(1).any(char::is_uppercase) || (!first && w.chars().any(char::is_uppercase))
    })
}

/// The crate writes a text's `~` and `^` as `\~` and `\^`, which TeX reads
/// as accents on the next letter (`\~n` is ñ), and a backslash as `\\`,
/// which TeX reads as a line break; the characters themselves are
/// `\textasciitilde{}`, `\textasciicircum{}` and `\textbackslash{}`.
fn tex_specials(bib: &str) -> String {
    let mut out = String::with_capacity(bib.len());
    let mut chars = bib.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('~') => out.push_str("\\textasciitilde{}"),
            Some('^') => out.push_str("\\textasciicircum{}"),
            Some('\\') => out.push_str("\\textbackslash{}"),
            Some(next) => {
                out.push('\\');
                out.push(next);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// `data` as one RIS record (tagged lines, CRLF as the format asks).
pub fn ris(data: &CiteData) -> String {
    let mut lines: Vec<(&str, String)> = Vec::new();
    let ty = match data.kind {
        SourceKind::Entry | SourceKind::Page => "ELEC",
        SourceKind::Document => "RPRT",
    };
    lines.push(("TY", ty.to_owned()));
    lines.push(("TI", one_line(&data.title)));
    for a in &data.authors {
        lines.push(("AU", one_line(a)));
    }
    if let Some(c) = &data.container {
        lines.push(("T2", one_line(c)));
    }
    if let Some(p) = &data.publisher {
        lines.push(("PB", one_line(p)));
    }
    if let Some(d) = data.date {
        lines.push(("PY", format!("{:04}", d.year())));
        if let CiteDate::Day(d) = d {
            lines.push(("DA", format!("{:04}/{:02}/{:02}/", d.year(), d.month(), d.day())));
        }
    }
    if let Some(u) = &data.url {
        lines.push(("UR", one_line(u)));
    }
    if let Some(l) = &data.language {
        lines.push(("LA", one_line(l)));
    }
    lines.push(("ER", String::new()));
    lines.iter().map(|(tag, value)| format!("{tag}  - {value}\r\n")).collect()
}

/// `data` as a CSL-JSON document: an array holding one item.
pub fn csl_json(data: &CiteData) -> String {
    let mut item = Map::new();
    item.insert("id".into(), data.key.clone().into());
    let ty = match data.kind {
        SourceKind::Entry | SourceKind::Page => "webpage",
        SourceKind::Document => "report",
    };
    item.insert("type".into(), ty.into());
    item.insert("title".into(), data.title.clone().into());
    if !data.authors.is_empty() {
        let names: Vec<Json> = data.authors.iter().map(|a| json!({ "literal": a })).collect();
        item.insert("author".into(), Json::Array(names));
    }
    if let Some(c) = &data.container {
        item.insert("container-title".into(), c.clone().into());
    }
    if let Some(p) = &data.publisher {
        item.insert("publisher".into(), p.clone().into());
    }
    if let Some(d) = data.date {
        let parts = match d {
            CiteDate::Year(y) => json!([[y]]),
            CiteDate::Day(d) => json!([[d.year(), d.month(), d.day()]]),
        };
        item.insert("issued".into(), json!({ "date-parts": parts }));
    }
    if let Some(u) = &data.url {
        item.insert("URL".into(), u.clone().into());
    }
    if let Some(l) = &data.language {
        item.insert("language".into(), l.clone().into());
    }
    let mut out =
        serde_json::to_string_pretty(&Json::Array(vec![Json::Object(item)])).unwrap_or_default();
    out.push('\n');
    out
}

/// Line breaks would end a RIS line or split a BibTeX field's meaning.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
