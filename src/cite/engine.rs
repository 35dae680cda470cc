//! The CSL side: APA and Chicago through hayagriva, with the styles and
//! locales it bundles, parsed once per process and shared by every
//! rendering thread.

pub(super) use crate::core::escape::html as escape;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use hayagriva::archive::{self, ArchivedStyle};
use hayagriva::citationberg::taxonomy::{OtherTerm, Term};
use hayagriva::citationberg::{
    FontStyle, FontWeight, IndependentStyle, Locale, LocaleCode, Style, TermForm, VerticalAlign,
};
use hayagriva::types::{
    ChunkKind, ChunkedString, Date as HDate, EntryType, FormatString, Person, Publisher,
    QualifiedUrl, StringChunk,
};
use hayagriva::{
    CitationItem, CitationRequest, CitePurpose, ElemChild, ElemChildren, ElemMeta, Entry,
    Formatted, Formatting,
};

use super::{CiteData, CiteDate, Rendered, SourceKind};
use crate::config::CitationStyle;

/// The parsed styles and locales.
struct Engine {
    apa: Option<IndependentStyle>,
    chicago: Option<IndependentStyle>,
    locales: Vec<Locale>,
    /// Each locale file's code, in `locales`' order.
    codes: Vec<String>,
    /// For each of `codes`, the files a rendering in it reads: its own,
    /// its language's main variety and `en-US`. hayagriva scans the files
    /// it is given for every term, so each rendering gets only these.
    chains: Vec<Vec<Locale>>,
    /// Each style pruned for each shape of entry (see [`super::prune`]).
    pruned: Mutex<HashMap<(CitationStyle, Shape), Arc<IndependentStyle>>>,
}

/// What decides which CSL types an entry is and which variables it has:
/// its kind and which of its fields are there, blank or written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Shape {
    kind: SourceKind,
    key: Presence,
    title: Presence,
    author: Presence,
    parent: Presence,
    publisher: Presence,
    url: bool,
    /// None, a year or a day.
    date: u8,
    language: bool,
}

/// Whether a text field is there, and whether it has more than spaces
/// (hayagriva takes a blank variable for a missing one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Presence {
    Absent,
    Blank,
    Written,
}

impl Presence {
    fn of(text: Option<&str>) -> Presence {
        match text {
            None => Presence::Absent,
            Some(t) if t.chars().all(char::is_whitespace) => Presence::Blank,
            Some(_) => Presence::Written,
        }
    }
}

impl Engine {
    /// `style` pruned for entries of `shape` (`entry` is one); the full
    /// style should the probe fail.
    fn pruned(
        &self,
        style: CitationStyle,
        full: &IndependentStyle,
        shape: Shape,
        entry: &Entry,
    ) -> Option<Arc<IndependentStyle>> {
        let key = (style, shape);
        if let Some(hit) = self.pruned.lock().ok()?.get(&key) {
            return Some(Arc::clone(hit));
        }
        let (kinds, variables) = super::prune::tested(full);
        let known = super::prune::probe(entry, &kinds, &variables, &self.locales)?;
        let made = Arc::new(super::prune::prune(full, &known));
        self.pruned.lock().ok()?.insert(key, Arc::clone(&made));
        Some(made)
    }
}

fn independent(style: ArchivedStyle) -> Option<IndependentStyle> {
    match style.get() {
        Style::Independent(s) => Some(s),
        Style::Dependent(_) => None,
    }
}

/// The one engine: parsing a CSL style costs far more than rendering an
/// entry with it, so it happens once, on first use.
fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let locales = archive::locales();
        let codes: Vec<String> = locales
            .iter()
            .map(|l| l.lang.as_ref().map(|c| c.0.clone()).unwrap_or_default())
            .collect();
        let chains = codes
            .iter()
            .map(|code: &String| {
                let main = LocaleCode(code.clone()).fallback().map(|c| c.0);
                let wanted = [Some(code.as_str()), main.as_deref(), Some("en-US")];
                let mut chain: Vec<Locale> = Vec::new();
                for w in wanted.into_iter().flatten() {
                    let file = locales.iter().find(|l| l.lang.as_ref().is_some_and(|c| c.0 == w));
                    if let Some(file) = file
                        && !chain.iter().any(|l| l.lang == file.lang)
                    {
                        chain.push(file.clone());
                    }
                }
                chain
            })
            .collect();
        Engine {
            apa: independent(ArchivedStyle::AmericanPsychologicalAssociation),
            chicago: independent(ArchivedStyle::ChicagoNotes),
            locales,
            codes,
            chains,
            pruned: Mutex::default(),
        }
    })
}

/// The CSL locale for a page in `lang`: the same tag, else the main
/// variety of its language (`fr` → `fr-FR`, `zh-Hant` → `zh-TW`), else
/// any variety of it, else `en-US`.
pub(super) fn locale_for(lang: &str) -> String {
    let codes = &engine().codes;
    let has = |c: &str| codes.iter().find(|k| k.eq_ignore_ascii_case(c)).cloned();
    if let Some(c) = has(lang) {
        return c;
    }
    let primary = crate::core::lang::primary(lang);
    let lower = lang.to_ascii_lowercase();
    let traditional =
        primary == "zh" && ["-hant", "-tw", "-hk", "-mo"].iter().any(|s| lower.contains(s));
    let main = if traditional {
        Some("zh-TW".to_owned())
    } else {
        LocaleCode(primary.clone()).fallback().map(|c| c.0)
    };
    if let Some(c) = main.as_deref().and_then(has) {
        return c;
    }
    let same_language = codes.iter().filter(|c| crate::core::lang::primary(c) == primary).min();
    same_language.cloned().unwrap_or_else(|| "en-US".to_owned())
}

#[cfg(test)]
pub(super) fn entry_for_tests(data: &CiteData) -> (Entry, impl std::fmt::Debug) {
    entry(data)
}

/// `data` as a hayagriva entry, and its shape.
fn entry(data: &CiteData) -> (Entry, Shape) {
    let ty = match data.kind {
        SourceKind::Entry => EntryType::Web,
        SourceKind::Document => EntryType::Report,
        SourceKind::Page => EntryType::Web,
    };
    let mut e = Entry::new(&data.key, ty);
    let mut shape = Shape {
        kind: data.kind,
        key: Presence::of(Some(&data.key)),
        title: Presence::of(Some(&data.title)),
        author: Presence::of(data.authors.first().map(String::as_str)),
        parent: Presence::Absent,
        publisher: Presence::Absent,
        url: false,
        date: 0,
        language: false,
    };
    e.set_title(title_string(&data.title));
    if !data.authors.is_empty() {
        e.set_authors(data.authors.iter().map(|a| organisation(a)).collect());
    }
    // Both styles leave out a publisher or site name that repeats the
    // author (APA 7 9.8 and 9.16, Chicago 14.206).
    let joined = data.authors.iter().map(|a| a.trim()).collect::<Vec<_>>().join(", ");
    let repeats = |s: &String| !data.authors.is_empty() && joined == s.trim();
    if let Some(p) = data.publisher.as_ref().filter(|p| !repeats(p)) {
        e.set_publisher(Publisher::new(Some(FormatString::with_value(p.clone())), None));
        shape.publisher = Presence::of(Some(p));
    }
    if let Some(d) = data.date {
        shape.date = if matches!(d, CiteDate::Year(_)) { 1 } else { 2 };
        e.set_date(match d {
            CiteDate::Year(y) => HDate::from_year(y),
            CiteDate::Day(d) => HDate {
                year: i32::from(d.year()),
                month: u8::try_from(d.month() - 1).ok(),
                day: u8::try_from(d.day() - 1).ok(),
                approximate: false,
                season: None,
            },
        });
    }
    // Only http(s): a URL becomes a link in the HTML form.
    let web = data.url.as_deref().filter(|u| super::is_web_url(u));
    if let Some(url) = web.and_then(|u| url::Url::parse(u).ok()) {
        e.set_url(QualifiedUrl { value: url, visit_date: None });
        shape.url = true;
    }
    if let Some(l) = data.language.as_deref().and_then(|l| l.parse().ok()) {
        e.set_language(l);
        shape.language = true;
    }
    if let Some(c) = data.container.as_ref().filter(|c| !repeats(c)) {
        let mut parent = Entry::new(&format!("{}-site", data.key), EntryType::Web);
        // The site's title as it writes it: a style's title case is for
        // the item's language, which a translated site title is not in.
        parent.set_title(FormatString::from(StringChunk::verbatim(c.clone())));
        e.set_parents(vec![parent]);
        shape.parent = Presence::of(Some(c));
    }
    (e, shape)
}

/// An organisation as a CSL name: one literal part, never split into
/// given and family names or cut to initials.
fn organisation(name: &str) -> Person {
    Person {
        name: name.to_owned(),
        given_name: None,
        prefix: None,
        suffix: None,
        comma_suffix: false,
        alias: None,
    }
}

/// `title` with its words of kept case (`super::title_words`) verbatim.
pub(super) fn title_string(title: &str) -> FormatString {
    // An empty first chunk: hayagriva sets the case of the title at its
    // first plain chunk and trims the space that starts it, so a title
    // that begins with a verbatim word would lose the space after it.
    let mut value = ChunkedString(vec![StringChunk::normal("")]);
    for (kept, part) in super::title_words(title) {
        let kind = if kept { ChunkKind::Verbatim } else { ChunkKind::Normal };
        value.push_str(part, kind);
    }
    FormatString { value, short: None }
}

/// `data` as the bibliography entry of `style` in `lang`, as text and as
/// HTML built here (every piece escaped). With `link_title`, the title
/// links to that URL. Should hayagriva panic on some input, the citation
/// is the title alone rather than a failed build.
pub(super) fn render(
    data: &CiteData,
    style: CitationStyle,
    lang: &str,
    link_title: Option<&str>,
) -> Rendered {
    try_render(data, style, lang, link_title).unwrap_or_else(|| Rendered::plain(&data.title))
}

/// As [`render`], None where hayagriva panics.
pub(super) fn try_render(
    data: &CiteData,
    style: CitationStyle,
    lang: &str,
    link_title: Option<&str>,
) -> Option<Rendered> {
    local_dates(data, style, lang, &|d| {
        let attempt = || render_csl(d, style, lang, link_title, true);
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(attempt)).ok()
    })
}

/// As [`render`] with the full style (`prune` false): what the tests
/// compare the pruned styles' renderings with.
#[cfg(test)]
pub(super) fn render_full(data: &CiteData, style: CitationStyle, lang: &str) -> Rendered {
    local_dates(data, style, lang, &|d| Some(render_csl(d, style, lang, None, false)))
        .unwrap_or_else(|| Rendered::plain(&data.title))
}

/// `data` rendered by `render`, its date as `lang` writes it. APA's style
/// writes a day as English does, `(2026, August 20)`, with the month's
/// name in the locale: `(2026, 八月 20)`, `(2026, agosto 20)`. In a
/// language hayagriva has a locale for, the year is given, then the day
/// as the language writes it (CLDR): `(2026, 20 de agosto)`,
/// `(2026年8月20日)`; a language without one stays English throughout.
fn local_dates(
    data: &CiteData,
    style: CitationStyle,
    lang: &str,
    render: &dyn Fn(&CiteData) -> Option<Rendered>,
) -> Option<Rendered> {
    // A document (a report, to CSL) is dated by its year alone in APA, in
    // every language: `(2016).`, never `(2016, 4 mai).` beside English's.
    if style == CitationStyle::Apa
        && !locale_for(lang).starts_with("en")
        && data.kind != SourceKind::Document
        && let Some(CiteDate::Day(day)) = data.date
        && let Some(local) = apa_day(lang, day)
    {
        let year_only =
            CiteData { date: Some(CiteDate::Year(i32::from(day.year()))), ..data.clone() };
        let r = render(&year_only)?;
        // The year as the locale gave it: `(2026)`, `(2026年)`, its own
        // bidi run where the citation has some (`(<bdi>2026</bdi>)`).
        let swap = |text: &str, with: &str| {
            for (open, close) in [("(", ""), ("(<bdi>", "</bdi>")] {
                let open = format!("{open}{}", day.year());
                let Some(at) = text.find(&open) else { continue };
                let rest = &text[at + open.len()..];
                let Some(end) = rest.find(')').filter(|end| {
                    let inside = &rest[..*end];
                    inside.ends_with(close) && inside[..end - close.len()].chars().count() <= 2
                }) else {
                    continue;
                };
                let with = match with.strip_prefix('(').and_then(|w| w.strip_suffix(')')) {
                    Some(inner) if !close.is_empty() => format!("(<bdi>{inner}</bdi>)"),
                    _ => with.to_owned(),
                };
                return format!("{}{with}{}", &text[..at], &rest[end + 1..]);
            }
            text.to_owned()
        };
        return Some(Rendered {
            text: swap(&r.text, &local),
            html: swap(&r.html, &escape(&local)),
        });
    }
    let r = render(data)?;
    if locale_for(lang).starts_with("ru") {
        return Some(Rendered { text: ru_day_months(&r.text), html: ru_day_months(&r.html) });
    }
    Some(r)
}

/// Russian months after a day number in the genitive, as Russian writes a
/// date (`23 ноября 2026 г.`): CSL's Russian locale has one form of each
/// month, the nominative, which stands alone (`ноябрь 2026 г.`).
pub(super) fn ru_day_months(text: &str) -> String {
    const MONTHS: [(&str, &str); 12] = [
        ("январь", "января"),
        ("февраль", "февраля"),
        ("март", "марта"),
        ("апрель", "апреля"),
        ("май", "мая"),
        ("июнь", "июня"),
        ("июль", "июля"),
        ("август", "августа"),
        ("сентябрь", "сентября"),
        ("октябрь", "октября"),
        ("ноябрь", "ноября"),
        ("декабрь", "декабря"),
    ];
    let mut out = text.to_owned();
    for (nominative, genitive) in MONTHS {
        let mut from = 0;
        while let Some(at) = out[from..].find(nominative).map(|i| i + from) {
            let end = at + nominative.len();
            let before = out[..at].trim_end_matches([' ', '\u{a0}']);
            let after_day = before.len() < at && before.ends_with(|c: char| c.is_ascii_digit());
            let whole = !out[end..].starts_with(char::is_alphabetic);
            if after_day && whole {
                out.replace_range(at..end, genitive);
                from = at + genitive.len();
            } else {
                from = end;
            }
        }
    }
    out
}

/// An APA date in parentheses as `lang` writes it (see [`try_render`]):
/// the whole date where the language writes the year first (`2026年8月20日`),
/// else the year, then the day and month; `None` where CLDR has no data.
fn apa_day(lang: &str, d: jiff::civil::Date) -> Option<String> {
    let full = crate::core::dates::long(lang, d)?;
    if full.starts_with(&d.year().to_string()) {
        return Some(format!("({full})"));
    }
    Some(format!("({}, {})", d.year(), crate::core::dates::day_month(lang, d)?))
}

fn render_csl(
    data: &CiteData,
    style: CitationStyle,
    lang: &str,
    link_title: Option<&str>,
    prune: bool,
) -> Rendered {
    let e = engine();
    let csl = match style {
        CitationStyle::Apa => e.apa.as_ref(),
        CitationStyle::Chicago => e.chicago.as_ref(),
    };
    let Some(full) = csl else {
        return Rendered::plain(&data.title);
    };
    let locale_code = locale_for(lang);
    // Chicago puts a web page's title in quotation marks: the title's own
    // marks turn to the inner ones (`“The ‘Brussels Effect’”`, CMOS 6.11),
    // or the style's would nest inside the same and take one of its closing
    // marks with the period it moves inside them.
    let quoted = style == CitationStyle::Chicago
        && data.kind != SourceKind::Document
        && data.title.contains(is_double_quote);
    let requoted;
    let data = match quoted.then(|| inner_quotes(e, &locale_code)).flatten() {
        Some((open, close)) => {
            requoted = CiteData { title: turn_quotes(&data.title, &open, &close), ..data.clone() };
            &requoted
        }
        None => data,
    };
    let (entry, shape) = entry(data);
    let pruned = prune.then(|| e.pruned(style, full, shape, &entry)).flatten();
    let csl = pruned.as_deref().unwrap_or(full);
    let files = e
        .codes
        .iter()
        .position(|c| *c == locale_code)
        .and_then(|at| e.chains.get(at))
        .map_or(e.locales.as_slice(), Vec::as_slice);
    let locale = LocaleCode(locale_code.clone());
    // The entry's reference-list form (`CitePurpose::Full` renders the
    // bibliography layout) without a bibliography driver, whose sorting
    // and disambiguation tripled a build's CPU time for one entry at a time.
    let item = CitationItem::with_entry(&entry).kind(CitePurpose::Full);
    let request = CitationRequest::new(vec![item], csl, Some(locale), files, None);
    let mut children = hayagriva::standalone_citation(request);
    // It wraps every citation in the in-text layout's affixes ("(…)" in
    // APA), merged into the text next to them ("Test Site.)"): they go,
    let layout = &csl.citation.layout;
    if let Some(prefix) = layout.prefix.as_deref().filter(|p| !p.is_empty())
        && let Some(ElemChild::Text(t)) = children.0.first_mut()
        && let Some(rest) = t.text.strip_prefix(prefix)
    {
        t.text = rest.to_owned();
    }
    if let Some(suffix) = layout.suffix.as_deref().filter(|s| !s.is_empty())
        && let Some(ElemChild::Text(t)) = children.0.last_mut()
        && let Some(rest) = t.text.strip_suffix(suffix)
    {
        t.text = rest.to_owned();
    }
    // and the bibliography layout's affixes come (Chicago's final period),
    // as a bibliography would add them: not twice.
    if let Some(bib) = csl.bibliography.as_ref() {
        let text = |s: &str| {
            ElemChild::Text(Formatted { text: s.to_owned(), formatting: Formatting::default() })
        };
        if let Some(prefix) = bib.layout.prefix.as_deref() {
            children.0.insert(0, text(prefix));
        }
        if let Some(suffix) = bib.layout.suffix.as_deref() {
            let mut plain = String::new();
            plain_of(&children, &mut plain);
            if !plain.trim_end().ends_with(suffix) {
                children.0.push(text(suffix));
            }
        }
    }
    // APA asks an undated web page for "Retrieved <access date>, from
    // URL"; with no access date (it would change the output daily) the
    // style leaves a lone "Retrieved" before the URL, which goes. APA
    // makes the retrieval date optional (9.16).
    let dangling = (style == CitationStyle::Apa && data.date.is_none() && data.url.is_some())
        .then(|| retrieved_term(e, &locale_code))
        .flatten();
    // On a right-to-left page each variable (names, date, title, site)
    // is its own bidi run, so that English text and its punctuation do
    // not trade places with the Arabic around them.
    // So is a citation with right-to-left text on a left-to-right page
    // (an Arabic title on a French page), whose numbers and punctuation
    // would otherwise join the Arabic run.
    let isolate = crate::core::lang::is_rtl(lang) || {
        let mut plain = String::new();
        plain_of(&children, &mut plain);
        crate::core::lang::has_rtl_letters(&plain)
    };
    // A title in another language than the page's is marked as such
    // (WCAG's language of parts): a screen reader reads an English title
    // on a French page in English.
    let title_lang = data
        .language
        .as_deref()
        .filter(|l| {
            !l.is_empty() && crate::core::lang::primary(l) != crate::core::lang::primary(lang)
        })
        .map(str::to_owned);
    let mut out = Writer {
        text: String::new(),
        html: String::new(),
        title: fold(&data.title),
        title_link: link_title,
        title_lang,
        dangling,
        isolate,
        link_urls: link_title.is_some(),
    };
    out.children(&children, Formatting::default());
    Rendered { text: tidy(&out.text), html: tidy(&out.html) }
}

/// Collapses runs of spaces the style's affixes can leave, and the comma
/// hayagriva keeps before an empty date part: APA's "(2019, )" for a
/// year alone.
fn tidy(s: &str) -> String {
    let joined = s.split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
    no_period_after_mark(&joined.replace(", )", ")").replace(",)", ")"))
}

/// Without the period a style puts after a title that ends in `?` or `!`
/// (`Who owns data?.`): the title's own mark ends the element, as both
/// styles' manuals ask, inside or outside the closing quotation mark and
/// the tags around the title.
fn no_period_after_mark(s: &str) -> String {
    if !s.contains(['?', '!', '？', '！']) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        rest = &rest[c.len_utf8()..];
        if c == '.'
            && ends_in_mark(&out)
            && rest.chars().next().is_none_or(|n| {
                n.is_whitespace() || n == '<' || is_double_quote(n) || matches!(n, '’' | '\'' | '&')
            })
        {
            continue;
        }
        out.push(c);
    }
    out
}

/// Whether `text` ends in `?` or `!`, closing tags and quotation marks
/// aside.
fn ends_in_mark(mut text: &str) -> bool {
    loop {
        let trimmed = text.trim_end_matches(|c: char| {
            is_double_quote(c) || matches!(c, '’' | '\'' | '」' | '』')
        });
        let trimmed =
            ["&quot;", "&#x27;"].iter().find_map(|e| trimmed.strip_suffix(e)).unwrap_or(trimmed);
        let trimmed = match trimmed.strip_suffix('>') {
            Some(t) => match t.rfind('<') {
                Some(at) if t[at..].starts_with("</") => &t[..at],
                _ => trimmed,
            },
            None => trimmed,
        };
        if trimmed.len() == text.len() {
            return text.ends_with(['?', '!', '？', '！']);
        }
        text = trimmed;
    }
}

fn fold(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The locale's inner quotation marks (`‘` `’` in English, `„` `“` in
/// Russian, `“` `”` in French).
fn inner_quotes(e: &Engine, code: &str) -> Option<(String, String)> {
    let at = e.codes.iter().position(|c| c == code)?;
    let chain = e.chains.get(at)?;
    let term = |t: OtherTerm| {
        chain
            .iter()
            .find_map(|l| l.term(Term::Other(t), TermForm::Long)?.single().map(str::to_owned))
    };
    Some((term(OtherTerm::OpenInnerQuote)?, term(OtherTerm::CloseInnerQuote)?))
}

/// A double quotation mark of any language's (not `'`, which is also the
/// apostrophe).
fn is_double_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '‟' | '«' | '»' | '＂')
}

/// `title` with its double quotation marks as `open` and `close`: a
/// straight `"` opens at the start or after a space or bracket, else closes.
fn turn_quotes(title: &str, open: &str, close: &str) -> String {
    let mut out = String::with_capacity(title.len());
    let mut before: Option<char> = None;
    for c in title.chars() {
        match c {
            '“' | '„' | '‟' | '«' => out.push_str(open),
            '”' | '»' => out.push_str(close),
            '"' | '＂' => {
                let opens = before.is_none_or(|b| b.is_whitespace() || "([{-–—/".contains(b));
                out.push_str(if opens { open } else { close });
            }
            _ => out.push(c),
        }
        before = Some(c);
    }
    out
}

/// The locale's "retrieved" term, as a sentence starts it.
fn retrieved_term(e: &Engine, code: &str) -> Option<String> {
    let at = e.codes.iter().position(|c| c == code)?;
    let term = e.locales.get(at)?.term(Term::Other(OtherTerm::Retrieved), TermForm::Long)?;
    let word = term.single()?.trim();
    let mut chars = word.chars();
    let first = chars.next()?;
    Some(first.to_uppercase().chain(chars).collect())
}

struct Writer<'a> {
    text: String,
    html: String,
    /// A term to drop where it ends a run of text (see `render`).
    dangling: Option<String>,
    /// Wrap each variable in `<bdi>` (right-to-left pages).
    isolate: bool,
    /// The title, folded: how its element is told from the others.
    title: String,
    /// The URL to link the title to, until it is found.
    title_link: Option<&'a str>,
    /// The title's language, until it is found, where that is not the
    /// page's.
    title_lang: Option<String>,
    /// Whether URLs are links: not in a record's own citation, where the
    /// URL is the page being read (and the site's pages link relatively).
    link_urls: bool,
}

impl Writer<'_> {
    fn children(&mut self, children: &ElemChildren, outer: Formatting) {
        for child in &children.0 {
            match child {
                ElemChild::Text(t) => self.text_run(&t.text, t.formatting),
                ElemChild::Elem(el) => {
                    // The title's element, while it has a link or a
                    // language still to take.
                    let is_title = matches!(el.meta, Some(ElemMeta::Text))
                        && (self.title_link.is_some() || self.title_lang.is_some())
                        && {
                            let mut plain = String::new();
                            plain_of(&el.children, &mut plain);
                            fold(&plain) == self.title
                        };
                    let (link, title_lang) = match is_title {
                        true => (self.title_link.take(), self.title_lang.take()),
                        false => (None, None),
                    };
                    let isolate = self.isolate && el.meta.is_some();
                    if isolate {
                        // Variables nest (a title inside a group): only
                        // the outermost is isolated.
                        self.isolate = false;
                        self.html.push_str("<bdi>");
                    }
                    if let Some(l) = &title_lang {
                        self.html.push_str(&format!("<span lang=\"{}\">", escape(l)));
                    }
                    if let Some(url) = link {
                        self.html
                            .push_str(&format!("<a href=\"{}\" rel=\"noopener\">", escape(url)));
                        self.children(&el.children, outer);
                        self.html.push_str("</a>");
                    } else {
                        self.children(&el.children, outer);
                    }
                    if title_lang.is_some() {
                        self.html.push_str("</span>");
                    }
                    if isolate {
                        self.html.push_str("</bdi>");
                        self.isolate = true;
                    }
                }
                ElemChild::Markup(m) => self.text_run(m, outer),
                ElemChild::Link { text, url } => {
                    let safe = url.starts_with("https://") || url.starts_with("http://");
                    // A URL reads left to right on any page.
                    let (open, close) = if safe && self.link_urls {
                        (format!("<a href=\"{}\" dir=\"ltr\">", escape(url)), "</a>")
                    } else {
                        ("<span dir=\"ltr\">".to_owned(), "</span>")
                    };
                    self.html.push_str(&open);
                    self.text_run(&text.text, text.formatting);
                    self.html.push_str(close);
                }
                ElemChild::Transparent { .. } => {}
            }
        }
    }

    fn text_run(&mut self, text: &str, f: Formatting) {
        let text = match &self.dangling {
            Some(term) => match text.trim_end().strip_suffix(term.as_str()) {
                Some(before) if before.is_empty() || before.ends_with(' ') => {
                    let before = before.to_owned();
                    self.dangling = None;
                    return self.text_run(&before, f);
                }
                _ => text,
            },
            None => text,
        };
        self.text.push_str(text);
        let mut tags: Vec<&str> = Vec::new();
        if matches!(f.font_style, FontStyle::Italic) {
            tags.push("i");
        }
        if matches!(f.font_weight, FontWeight::Bold) {
            tags.push("b");
        }
        match f.vertical_align {
            VerticalAlign::Sup => tags.push("sup"),
            VerticalAlign::Sub => tags.push("sub"),
            _ => {}
        }
        for t in &tags {
            self.html.push_str(&format!("<{t}>"));
        }
        self.html.push_str(&escape(text));
        for t in tags.iter().rev() {
            self.html.push_str(&format!("</{t}>"));
        }
    }
}

pub(super) fn plain_of(children: &ElemChildren, out: &mut String) {
    for child in &children.0 {
        match child {
            ElemChild::Text(t) => out.push_str(&t.text),
            ElemChild::Elem(el) => plain_of(&el.children, out),
            ElemChild::Markup(m) => out.push_str(m),
            ElemChild::Link { text, .. } => out.push_str(&text.text),
            ElemChild::Transparent { .. } => {}
        }
    }
}
