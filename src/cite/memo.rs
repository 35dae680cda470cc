//! Record citations without a CSL run each: a record's citation differs
//! from its neighbours' only in its title, key (inside its URL) and year.
//! So each style renders, once per language and everything else about the
//! entry, two probe entries whose title, key and year are made-up
//! markers; the first rendering, cut at the markers, is a template, kept
//! when filling it with the second probe's values gives the second
//! rendering exactly. A record whose title might be treated by its
//! characters rather than as a whole (quotes, edge punctuation, runs of
//! spaces) goes through the engine, as does anything a template does not
//! reproduce.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use hayagriva::lang::{Case, CaseFolder, TitleCase};

use super::{CiteData, CiteDate, Rendered};
use crate::config::CitationStyle;
use crate::core::escape::html as escape;

/// The two probes' markers. Every text case CSL has changes each title
/// (a lower-case first word on the stopword list, an upper-case letter
/// inside a word, periods and a colon), so a style that transforms titles
/// in any way the template does not model shows it.
const TITLES: [&str; 2] =
    ["of qzxv-wqjk: the ZQXV zq.xv Zqxv by", "for wkjq-vqzx: an WKJQ wk.jq Wkjq in"];
const KEYS: [&str; 2] = ["kqzx/qzxk", "vjwq/wjqv"];
/// Leap years, so that every real day exists in them.
const YEARS: [i32; 2] = [1836, 1784];

/// Past this many templates, renderings go through the engine.
const MAX_KEPT: usize = 20_000;

/// A rendering cut where the probe's values were.
#[derive(Debug)]
struct Template {
    text: Vec<Piece>,
    html: Vec<Piece>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Literal(String),
    Title,
    /// The title in the title case hayagriva gives a title inside a text
    /// element (its last word is not looked up: the case changes after it).
    TitleCased,
    Key,
    Year,
}

/// The values a template is filled with.
struct Values<'a> {
    title: &'a str,
    key: &'a str,
    year: Option<i32>,
}

/// `data` rendered from a template, or None when it must go through the
/// engine (`render` is the engine: how a probe is rendered).
pub(super) fn render(
    data: &CiteData,
    style: CitationStyle,
    lang: &str,
    engine: impl Fn(&CiteData) -> Option<Rendered>,
) -> Option<Rendered> {
    // A right-to-left title on a left-to-right page isolates every part
    // of the citation (engine.rs), which the Latin probes do not.
    if !crate::core::lang::is_rtl(lang) && crate::core::lang::has_rtl_letters(&data.title) {
        return None;
    }
    let values = eligible(data)?;
    type Cache = Mutex<HashMap<(CitationStyle, String, CiteData), Option<Arc<Template>>>>;
    static KEPT: OnceLock<Cache> = OnceLock::new();
    let cache = KEPT.get_or_init(Cache::default);
    let first = probe(data, &values, 0)?;
    let key = (style, lang.to_owned(), first.clone());
    let known = cache.lock().ok()?.get(&key).cloned();
    let template = match known {
        Some(t) => t?,
        None => {
            let made = make(data, &values, &first, &engine).map(Arc::new);
            let mut c = cache.lock().ok()?;
            if c.len() < MAX_KEPT {
                c.insert(key, made.clone());
            }
            made?
        }
    };
    Some(template.fill(&values))
}

/// The template for entries like `data`, when the probes agree.
fn make(
    data: &CiteData,
    values: &Values,
    first: &CiteData,
    engine: &impl Fn(&CiteData) -> Option<Rendered>,
) -> Option<Template> {
    let a = engine(first)?;
    let b = engine(&probe(data, values, 1)?)?;
    let probe_values =
        |i: usize| Values { title: TITLES[i], key: KEYS[i], year: values.year.map(|_| YEARS[i]) };
    let (va, vb) = (probe_values(0), probe_values(1));
    let template = Template { text: cut(&a.text, &va, false), html: cut(&a.html, &va, true) };
    (template.fill(&vb) == b).then_some(template)
}

/// `data` with the probe's markers for its title, key and year.
fn probe(data: &CiteData, values: &Values, i: usize) -> Option<CiteData> {
    let url = match &data.url {
        None => None,
        Some(u) => {
            let stem = u.strip_suffix('/')?.strip_suffix(values.key)?;
            Some(format!("{stem}{}/", KEYS[i]))
        }
    };
    let date = match data.date {
        None => None,
        Some(CiteDate::Year(_)) => Some(CiteDate::Year(YEARS[i])),
        Some(CiteDate::Day(day)) => {
            let year = i16::try_from(YEARS[i]).ok()?;
            Some(CiteDate::Day(jiff::civil::Date::new(year, day.month(), day.day()).ok()?))
        }
    };
    Some(CiteData {
        key: KEYS[i].to_owned(),
        title: TITLES[i].to_owned(),
        url,
        date,
        ..data.clone()
    })
}

/// The values of `data` a template fills in, when nothing else about them
/// can change how a style treats them.
fn eligible(data: &CiteData) -> Option<Values<'_>> {
    let title = data.title.as_str();
    let edges = title.chars().next().zip(title.chars().next_back());
    let (first, last) = edges?;
    // Punctuation at either end meets the style's own (a period after a
    // title ending in one); a title without letters is taken for an affix.
    let plain_edges = first.is_alphanumeric() && last.is_alphanumeric();
    let has_letter = title.chars().any(char::is_alphabetic);
    // Quotes inside quotes turn round; runs of spaces are tidied away.
    let quoteless = !title.chars().any(|c| {
        matches!(c, '"' | '\'' | '`' | '‘' | '’' | '‚' | '‛' | '“' | '”' | '„' | '‟' | '«' | '»')
            || matches!(c, '‹' | '›' | '「' | '」' | '『' | '』' | '〝' | '〞' | '＂' | '＇')
    });
    let spacing = !title.contains("  ")
        && !title.chars().any(|c| c.is_control() || (c.is_whitespace() && c != ' '));
    let untidy = title.contains(",)") || title.contains(", )");
    // Title case keeps upper-case words only when the title has lower-case
    // letters, counted over more than the title inside a citation.
    let cased = !title.chars().any(char::is_uppercase) || title.chars().any(char::is_lowercase);
    if !(plain_edges && has_letter && quoteless && spacing && !untidy && cased) {
        return None;
    }
    let key_ok = data.key.split_once('/').is_some_and(|(c, i)| {
        [c, i].iter().all(|p| {
            p.starts_with(|c: char| c.is_ascii_alphanumeric())
                && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
    });
    if !key_ok {
        return None;
    }
    let year = match data.date {
        None => None,
        Some(d) => Some(d.year()).filter(|y| (1000..=9999).contains(y)),
    };
    if data.date.is_some() && year.is_none() {
        return None;
    }
    // APA drops a lone "Retrieved" word where an undated page's URL
    // follows, which could take a title's last word with it.
    if data.date.is_none() && data.url.is_some() {
        return None;
    }
    Some(Values { title, key: &data.key, year })
}

/// `rendered` cut at the markers of `values`.
fn cut(rendered: &str, values: &Values, html: bool) -> Vec<Piece> {
    let title_cased = title_case(values.title);
    let year = values.year.map(|y| y.to_string());
    let mut markers: Vec<(String, Piece)> = vec![
        (values.title.to_owned(), Piece::Title),
        (title_cased, Piece::TitleCased),
        (values.key.to_owned(), Piece::Key),
    ];
    if let Some(y) = year {
        markers.push((y, Piece::Year));
    }
    if html {
        for (m, _) in &mut markers {
            *m = escape(m);
        }
    }
    let mut pieces = Vec::new();
    let mut rest = rendered;
    loop {
        let next = markers
            .iter()
            .filter_map(|(m, p)| rest.find(m.as_str()).map(|at| (at, m.len(), p)))
            .min_by_key(|&(at, len, _)| (at, std::cmp::Reverse(len)));
        let Some((at, len, piece)) = next else { break };
        if at > 0 {
            pieces.push(Piece::Literal(rest[..at].to_owned()));
        }
        pieces.push(piece.clone());
        rest = &rest[at + len..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Literal(rest.to_owned()));
    }
    pieces
}

impl Template {
    /// Whether the style puts the title in title case.
    fn cases_title(&self) -> bool {
        [&self.text, &self.html].iter().any(|p| p.contains(&Piece::TitleCased))
    }

    /// The rendering of `values`, text and HTML (the title cased once for
    /// both, where the style cases it).
    fn fill(&self, values: &Values) -> Rendered {
        let cased = if self.cases_title() { title_case(values.title) } else { String::new() };
        Rendered {
            text: fill(&self.text, values, &cased, false),
            html: fill(&self.html, values, &cased, true),
        }
    }
}

fn fill(pieces: &[Piece], values: &Values, cased: &str, html: bool) -> String {
    let mut out = String::new();
    for piece in pieces {
        let value = match piece {
            Piece::Literal(s) => {
                // Already in its final form (escaped in HTML).
                out.push_str(s);
                continue;
            }
            Piece::Title => values.title.to_owned(),
            Piece::TitleCased => cased.to_owned(),
            Piece::Key => values.key.to_owned(),
            Piece::Year => values.year.map(|y| y.to_string()).unwrap_or_default(),
        };
        out.push_str(&if html { escape(&value) } else { value });
    }
    out
}

/// `title` in title case as hayagriva leaves it inside a citation: the
/// case changes back before the last word would be looked up, and words
/// of kept case (`super::title_words`) go in verbatim, as the engine
/// gives them (`engine::title_string`).
fn title_case(title: &str) -> String {
    let mut folder = CaseFolder::with_config(Case::Title(TitleCase::default()));
    for (kept, part) in super::title_words(title) {
        if kept {
            folder.push_verbatim(part);
        } else {
            folder.push_str(part);
        }
    }
    folder.reconfigure(Case::NoTransform);
    folder.finish()
}
