//! Text analysis shared by the tantivy index, the query parser, the snippet
//! maker and the browser index: Unicode-aware tokenising, lower-casing, ASCII
//! folding, British → American spelling, and stemming by language.
//!
//! `themes/default/assets/search.js` ports every step exactly (tested in
//! `tests/testsuite/browser.rs`), so keep the two in step: a change here
//! without the same change there makes the browser miss what the command
//! line finds.
//!
//! The steps, per word:
//! 1. a *word* is a maximal run of alphanumeric characters (`char::is_alphanumeric`)
//!    and the combining marks that follow them (a virama, a vowel sign);
//!    an acronym's plural loses its `s` (`SMEs` is `SME`);
//!    runs joined by a single hyphen or apostrophe form a *compound*
//!    (`e-money`, `M-Pesa`, `women's`), which yields each part and also the
//!    parts glued together (`emoney`) at the first part's position, so a
//!    query for `e-money`, `emoney` or `money` all find it;
//! 2. Chinese and Japanese ([`script::CJK`], with Korean) are written without spaces:
//!    inside a run, each stretch of those characters yields its overlapping
//!    character bigrams at consecutive positions (`电子商务` → `电子` `子商`
//!    `商务`), and each character alone at the position of the bigram it
//!    starts, so that any word of the run is found (a query is the phrase of
//!    its bigrams) and so is a single character. Thai, Lao, Myanmar and
//!    Khmer, also written without spaces, are split the same way, a unit
//!    being a letter with the vowel and tone marks after it. A stretch of
//!    one unit is that unit. Other characters of the run (`GDPR第5条`) are words
//!    of their own. Bigrams, unlike dictionary words, are computed the same
//!    way by the browser from the query alone; grams are not stemmed;
//! 3. lower-case (char by char, no final-sigma rule, as tantivy's `LowerCaser`);
//! 4. normalise Arabic script ([`script::normalize`]: vowel marks and tatweel
//!    dropped, letter variants unified, Arabic-Indic digits to ASCII);
//! 5. fold to ASCII (tantivy's `AsciiFoldingFilter`, char by char);
//! 6. English only: British → American spelling ([`spelling`]);
//! 7. stem with the Snowball stemmer of the record's language (English:
//!    ASCII words only, so that the browser's port needs no Unicode tables),
//!    then map irregular British stems to American ones. The browser has
//!    the English stemmer only; it finds the stems of other languages in a
//!    table of the index's words (`browser/forms.rs`).

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, RawTokenizer, Stemmer, TextAnalyzer, Token as TantivyToken,
    TokenStream, Tokenizer,
};
use unicode_normalization::char::is_combining_mark;

use crate::search::spelling;

mod arabic;
mod cjk;
pub mod script;
#[cfg(test)]
mod tests_scripts;

use self::script::Norm;

/// Most words an analyser keeps the stems of (see `collect_words`).
const STEM_CACHE: usize = 1 << 15;

/// Longest token kept, in characters; longer "words" (hashes, base64,
/// hostile input) are dropped, at index and query time alike.
pub const MAX_TOKEN_CHARS: usize = 40;

/// Most parts in one compound; longer hyphen chains only yield their parts.
pub const MAX_COMPOUND_PARTS: usize = 6;

/// How a record's language is analysed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    /// English: spelling normalisation and the English (Porter 2) stemmer.
    English,
    /// Another language with a Snowball stemmer.
    Stemmed(StemLang),
    /// No stemmer for this language: words are only folded.
    Plain,
}

/// The non-English Snowball stemmers tantivy ships, by BCP 47 primary tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StemLang(&'static str);

const STEMMERS: &[(&str, Language)] = &[
    ("ar", Language::Arabic),
    ("da", Language::Danish),
    ("de", Language::German),
    ("el", Language::Greek),
    ("es", Language::Spanish),
    ("fi", Language::Finnish),
    ("fr", Language::French),
    ("hu", Language::Hungarian),
    ("it", Language::Italian),
    ("nb", Language::Norwegian),
    ("nl", Language::Dutch),
    ("nn", Language::Norwegian),
    ("no", Language::Norwegian),
    ("pt", Language::Portuguese),
    ("ro", Language::Romanian),
    ("ru", Language::Russian),
    ("sv", Language::Swedish),
    ("ta", Language::Tamil),
    ("tr", Language::Turkish),
];

impl Lang {
    /// The analysis for a BCP 47 tag (`en`, `en-GB`, `fr-CA`); unknown
    /// languages are [`Lang::Plain`].
    pub fn from_bcp47(tag: &str) -> Lang {
        let primary = tag.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        if primary == "en" || primary.is_empty() {
            return Lang::English;
        }
        STEMMERS
            .iter()
            .find(|(code, _)| *code == primary)
            .map(|(code, _)| Lang::Stemmed(StemLang(code)))
            .unwrap_or(Lang::Plain)
    }

    /// A short name for index metadata (`en`, `fr`, `plain`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::English => "en",
            Lang::Stemmed(StemLang(code)) => code,
            Lang::Plain => "plain",
        }
    }

    fn stemmer(self) -> Option<Language> {
        match self {
            Lang::English => Some(Language::English),
            Lang::Stemmed(StemLang(code)) => {
                STEMMERS.iter().find(|(c, _)| *c == code).map(|(_, l)| *l)
            }
            Lang::Plain => None,
        }
    }
}

/// Whether a token is one word or the glued form of a compound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A single word (also each part of a compound).
    Word,
    /// The parts of a compound glued together (`emoney` for `e-money`).
    Compound,
    /// One character of a CJK stretch, beside its bigrams (the stretch's
    /// [`Kind::Word`]s), so that a one-character query finds it.
    Char,
}

/// One analysed token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The index term.
    pub term: String,
    /// Word position: parts of a compound take consecutive positions; the
    /// compound takes its first part's.
    pub position: u32,
    /// Byte range in the analysed text.
    pub from: usize,
    /// End of the byte range.
    pub to: usize,
    /// Word or compound.
    pub kind: Kind,
}

/// A run of alphanumeric characters: a word before normalisation.
#[derive(Debug, Clone, Copy)]
struct Run {
    from: usize,
    to: usize,
}

/// The characters that join two words into a compound (`e-commerce`,
/// `women's`) when one of them alone stands between them.
pub const JOINERS: [char; 5] = ['-', '\u{2010}', '\u{2011}', '\'', '\u{2019}'];

fn is_joiner(c: char) -> bool {
    JOINERS.contains(&c)
}

/// Splits `text` into runs of alphanumeric characters, and groups runs that
/// a single joiner connects into compounds: the runs in text order, and
/// where each group ends in them (one list for a text rather than one per
/// word: analysis allocates for every word otherwise).
fn runs(text: &str) -> Groups {
    let mut g = Groups::default();
    let mut start: Option<usize> = None;
    // Where the previous run ended, if only one joiner has followed it.
    let mut joinable_at: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        // A combining mark belongs to the word it follows: a virama or a
        // vowel sign (Devanagari, Bengali, Tamil) is not alphanumeric.
        if c.is_alphanumeric() || (start.is_some() && is_combining_mark(c)) {
            if start.is_none() {
                start = Some(i);
            }
            continue;
        }
        if let Some(s) = start.take() {
            g.push(Run { from: s, to: i }, joinable_at.take());
            // A single joiner directly followed by a word character keeps
            // the compound going; so does the dot of a dotted acronym.
            let joined = is_joiner(c) && chars.peek().is_some_and(|(_, n)| n.is_alphanumeric());
            if joined || dotted_acronym(text, s, i) || digit_group(text, s, i) {
                joinable_at = Some(i + c.len_utf8());
            }
        } else {
            joinable_at = None;
        }
    }
    if let Some(s) = start {
        g.push(Run { from: s, to: text.len() }, joinable_at);
    }
    g
}

/// Whether the `.` at `dot` (after the run from `start`) is one of a
/// dotted acronym's (`U.S.`, `e.g.`): a single letter on each side, so
/// that `U.S.` is the compound `us`, as `US` is written, the way Lucene's
/// classic analyser reads acronyms. `2.0` and `Mr. X` are not.
fn dotted_acronym(text: &str, start: usize, dot: usize) -> bool {
    let single = |s: &str| {
        let mut cs = s.chars();
        cs.next().is_some_and(char::is_alphabetic) && cs.next().is_none()
    };
    if text.as_bytes().get(dot) != Some(&b'.') || !single(&text[start..dot]) {
        return false;
    }
    let mut after = text[dot + 1..].chars();
    after.next().is_some_and(char::is_alphabetic)
        && !after.next().is_some_and(char::is_alphanumeric)
}

/// Whether the `.` or `,` at `sep` (after the run from `start`) separates
/// a number's groups of thousands (`Ley 25.326`, `13,709`): one to three
/// digits before it and three after, so that `25.326` is also the number
/// `25326` as people type it. `2.0` and `1,5` are not.
fn digit_group(text: &str, start: usize, sep: usize) -> bool {
    let b = text.as_bytes();
    let digits = |r: &[u8]| r.iter().all(u8::is_ascii_digit);
    let before = &b[start..sep];
    matches!(b.get(sep), Some(b'.' | b','))
        && (1..=3).contains(&before.len())
        && digits(before)
        && b.get(sep + 1..sep + 4).is_some_and(digits)
        && !text[sep + 4..].chars().next().is_some_and(char::is_alphanumeric)
}

/// Runs grouped into compounds (see [`runs`]).
#[derive(Default)]
struct Groups {
    runs: Vec<Run>,
    /// The end of each group in `runs`.
    ends: Vec<usize>,
}

impl Groups {
    fn push(&mut self, run: Run, joinable_at: Option<usize>) {
        let joins = joinable_at.is_some_and(|at| at == run.from) && !self.ends.is_empty();
        self.runs.push(run);
        match self.ends.last_mut() {
            Some(end) if joins => *end = self.runs.len(),
            _ => self.ends.push(self.runs.len()),
        }
    }

    fn iter(&self) -> impl Iterator<Item = &[Run]> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(self.ends.iter().copied()).filter_map(|(a, b)| self.runs.get(a..b))
    }
}

/// Lower-case, normalised ([`script::normalize`]), ASCII-folded form of a word.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    out
}

/// [`fold`], appended to `out`.
fn fold_into(word: &str, out: &mut String) {
    let word = acronym_singular(word);
    if word.is_ascii() {
        out.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        return;
    }
    let composed = composed_word(word);
    for c in composed.chars() {
        // Turkish `İ` lower-cases to `i` and a combining dot: `İstanbul` is
        // `istanbul`, as `ISTANBUL` is.
        if c == '\u{130}' {
            out.push('i');
            continue;
        }
        if is_presentation_form(c) {
            use unicode_normalization::UnicodeNormalization;
            // Text copied from a PDF: `ﺣﻤﺎﻳﺔ` is `حماية`, `ﻻ` is `لا`, `ﬁ` is
            // `fi`. (A ligature of words, `ﷺ`, loses its spaces.)
            std::iter::once(c)
                .nfkc()
                .filter(|d| !d.is_whitespace())
                .for_each(|d| fold_lower(d, out));
            continue;
        }
        fold_lower(c, out);
    }
}

/// `word` composed (NFC) when it holds combining marks and is not
/// composed already: text from macOS tools or copied from a PDF writes `é`
/// as `e` and U+0301, which folding alone would keep apart from `é` typed
/// (`sécurité` must find it). Words without marks, most, cost one scan.
/// `search.js` (`fold`) composes the same words.
fn composed_word(word: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    if !word.chars().any(is_combining_mark) || is_nfc_quick(word.chars()) == IsNormalized::Yes {
        return word.into();
    }
    word.nfc().collect::<String>().into()
}

/// One character of a word, lower-cased and folded.
fn fold_lower(c: char, out: &mut String) {
    for l in c.to_lowercase() {
        match script::normalize(l) {
            Norm::Keep if l.is_ascii() => out.push(l),
            Norm::Keep => out.push_str(&fold_char(l)),
            Norm::Drop => {}
            Norm::To(n) => out.push(n),
        }
    }
}

/// Alphabetic presentation forms (Latin and Hebrew ligatures, Arabic
/// forms A and B): what NFKC rewrites as the letters they show. `search.js`
/// folds queries the same way (`normalQuery`).
fn is_presentation_form(c: char) -> bool {
    matches!(c, '\u{fb00}'..='\u{fdff}' | '\u{fe70}'..='\u{fefc}')
}

/// Invisible characters that a copy from a web page or a PDF leaves inside
/// words: the soft hyphen, the zero-width space and word joiner, the
/// zero-width no-break space (a byte-order mark). Taken out of queries.
fn is_invisible_in_word(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{200b}' | '\u{2060}' | '\u{feff}')
}

/// `query` as text is written: soft hyphens and zero-width spaces (which a
/// copy from a PDF or a web page leaves inside words) taken out, composed
/// (NFC: macOS and some input methods type `e` and a combining accent for
/// `é`), and its full-width and half-width forms (U+FF01–U+FFEF) and
/// presentation forms (Arabic letters from a PDF) as NFKC writes them:
/// `ＧＤＰＲ` is `GDPR`, `ｸﾗｳﾄﾞ` is `クラウド`, `：` is `:`, as East Asian
/// input methods type them. Applied to queries (both engines) before they are parsed;
/// content folds full-width Latin already.
pub fn normal_query(query: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    let query: std::borrow::Cow<'_, str> = if query.contains(is_invisible_in_word) {
        query.replace(is_invisible_in_word, "").into()
    } else {
        query.into()
    };
    let query: std::borrow::Cow<'_, str> = match is_nfc_quick(query.chars()) {
        IsNormalized::Yes => query,
        _ => query.nfc().collect::<String>().into(),
    };
    // Mathematical letters (`𝐝𝐚𝐭𝐚`, styled text pasted from social media)
    // are plain ones to NFKC too.
    let is_form = |c: char| {
        ('\u{ff01}'..='\u{ffef}').contains(&c)
            || ('\u{1d400}'..='\u{1d7ff}').contains(&c)
            || is_presentation_form(c)
    };
    if !query.chars().any(is_form) {
        return query;
    }
    let mut out = String::with_capacity(query.len());
    let mut rest: &str = &query;
    while let Some(at) = rest.find(is_form) {
        out.push_str(&rest[..at]);
        let run = &rest[at..];
        let len = run.find(|c: char| !is_form(c)).unwrap_or(run.len());
        out.extend(run[..len].nfkc());
        rest = &run[len..];
    }
    out.push_str(rest);
    out.into()
}

/// An acronym's plural without its `s` (`SMEs` → `SME`, `NGOs`, `LDCs`):
/// no stemmer sees a plural in them (`smes` is a word to Porter 2), so the
/// singular and the plural would never meet.
fn acronym_singular(word: &str) -> &str {
    match word.strip_suffix('s') {
        Some(stem)
            if stem.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
                && stem.bytes().filter(u8::is_ascii_uppercase).count() >= 2 =>
        {
            stem
        }
        _ => word,
    }
}

/// Folds one (lower-case) character as tantivy's `AsciiFoldingFilter` does.
pub fn fold_char(c: char) -> String {
    if c.is_ascii() {
        return c.to_string();
    }
    // Per thread: every non-ASCII letter of every record comes here, and a
    // lock shared by the analysing threads made them wait on each other.
    thread_local! {
        static CACHE: std::cell::RefCell<HashMap<char, Arc<str>>> =
            std::cell::RefCell::new(HashMap::new());
    }
    if let Some(s) = CACHE.with(|cache| cache.borrow().get(&c).cloned()) {
        return s.to_string();
    }
    let mut analyzer =
        TextAnalyzer::builder(RawTokenizer::default()).filter(AsciiFoldingFilter).build();
    let s = c.to_string();
    let mut stream = analyzer.token_stream(&s);
    let folded = if stream.advance() { stream.token().text.clone() } else { s.clone() };
    CACHE.with(|cache| cache.borrow_mut().insert(c, Arc::from(folded.as_str())));
    folded
}

/// The analyser of one language. It caches stems, so reuse one per
/// language for a whole build.
pub struct Analyzer {
    lang: Lang,
    stemmer: Option<TextAnalyzer>,
    /// (FxHash: looked up for every word of every record.) With each
    /// stem, the last document whose words were collected that held it.
    stems: FxHashMap<String, (String, u64)>,
    /// The words seen since [`collect_words`](Self::collect_words), when
    /// collecting; `stamp` numbers the collections.
    words: Option<Vec<String>>,
    stamp: u64,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer").field("lang", &self.lang).finish()
    }
}

/// British stems → American stems, from [`spelling::PAIRS`].
static STEM_PAIRS: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    let mut english = Analyzer::raw(Lang::English);
    spelling::PAIRS
        .iter()
        .map(|(b, a)| (english.stem_word(b), english.stem_word(a)))
        .filter(|(b, a)| b != a)
        .collect()
});

impl Analyzer {
    /// An analyser for `lang`.
    pub fn new(lang: Lang) -> Analyzer {
        Analyzer::raw(lang)
    }

    fn raw(lang: Lang) -> Analyzer {
        let stemmer = lang.stemmer().map(|l| {
            TextAnalyzer::builder(RawTokenizer::default()).filter(Stemmer::new(l)).build()
        });
        Analyzer { lang, stemmer, stems: FxHashMap::default(), words: None, stamp: 0 }
    }

    /// The language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Spelling rules and stemmer, without the stem dictionary.
    fn stem_word(&mut self, folded: &str) -> String {
        let word = match self.lang {
            Lang::English => spelling::americanize(folded).unwrap_or_else(|| folded.to_owned()),
            // Lucene's light stemmer, not Snowball's ([`arabic`]).
            Lang::Stemmed(StemLang("ar")) => return arabic::stem(folded),
            _ => folded.to_owned(),
        };
        if self.lang == Lang::English && !word.is_ascii() {
            return word;
        }
        let Some(stemmer) = self.stemmer.as_mut() else { return word };
        let mut stream = stemmer.token_stream(&word);
        let stemmed = if stream.advance() { Some(stream.token().text.clone()) } else { None };
        drop(stream);
        stemmed.unwrap_or(word)
    }

    /// The index term of one folded word.
    pub fn term(&mut self, folded: &str) -> String {
        self.term_as(folded, folded)
    }

    /// The index term of `folded`, which the text wrote as `written`: the
    /// vocabulary keeps how words are written ([`push_word`]).
    fn term_as(&mut self, folded: &str, written: &str) -> String {
        if let Some((t, stamp)) = self.stems.get_mut(folded) {
            // The cache's lookup tells the first time a document uses a
            // word: collecting its words costs no lookup of its own.
            if let Some(words) = self.words.as_mut()
                && *stamp != self.stamp
            {
                *stamp = self.stamp;
                push_word(words, self.lang, folded, written);
            }
            return t.clone();
        }
        let mut t = self.stem_word(folded);
        // A stemmer that leaves nothing of a word would make it unsearchable.
        if t.is_empty() {
            t = folded.to_owned();
        }
        if self.lang == Lang::English
            && let Some(a) = STEM_PAIRS.get(&t)
        {
            t = a.clone();
        }
        // Bound the cache: a hostile document must not grow it without limit.
        if let Some(words) = self.words.as_mut() {
            push_word(words, self.lang, folded, written);
        }
        if self.stems.len() < STEM_CACHE {
            self.stems.insert(folded.to_owned(), (t.clone(), self.stamp));
        }
        t
    }

    /// Starts collecting the folded words analysed from now on (each once,
    /// unless the stem cache is full), for [`take_words`](Self::take_words).
    pub fn collect_words(&mut self) {
        // Between documents the cache starts afresh once it is full: each
        // indexing thread holds one per language, and a large site's
        // vocabulary (ids, names, codes) would otherwise keep tens of
        // megabytes a thread that its frequent words fill again at once.
        if self.stems.len() >= STEM_CACHE {
            self.stems.clear();
            self.stems.shrink_to(STEM_CACHE / 4);
        }
        self.stamp += 1;
        self.words = Some(Vec::new());
    }

    /// The words analysed since [`collect_words`](Self::collect_words), in
    /// the order first seen; stops collecting.
    pub fn take_words(&mut self) -> Vec<String> {
        self.words.take().unwrap_or_default()
    }

    /// Analyses `text` into tokens, positions starting at `first_position`.
    /// Returns the position after the last word.
    pub fn analyze_into(&mut self, text: &str, first_position: u32, out: &mut Vec<Token>) -> u32 {
        let mut position = first_position;
        let groups = runs(text);
        let mut word = String::new();
        for group in groups.iter() {
            if group.iter().any(|r| text[r.from..r.to].chars().any(script::is_cjk)) {
                // No compounds across CJK: each run is split on its own.
                for run in group {
                    position = self.split_run(text, *run, position, out);
                }
                continue;
            }
            if let [run] = group {
                // A word alone, as most are: folded into a reused buffer.
                word.clear();
                fold_into(&text[run.from..run.to], &mut word);
                if !word.is_empty() && word.chars().count() <= MAX_TOKEN_CHARS {
                    let term = self.term_as(&word, &text[run.from..run.to]);
                    out.push(Token {
                        term,
                        position,
                        from: run.from,
                        to: run.to,
                        kind: Kind::Word,
                    });
                    position += 1;
                }
                continue;
            }
            let mut parts: Vec<(String, Run)> = Vec::with_capacity(group.len());
            for run in group {
                let folded = fold(&text[run.from..run.to]);
                parts.push((folded, *run));
            }
            let glued: Option<String> = (parts.len() > 1 && parts.len() <= MAX_COMPOUND_PARTS)
                .then(|| parts.iter().map(|(f, _)| f.as_str()).collect::<String>());
            for (i, (folded, run)) in parts.iter().enumerate() {
                // Empty: only marks that normalisation drops (a lone tatweel).
                if folded.is_empty() || folded.chars().count() > MAX_TOKEN_CHARS {
                    continue;
                }
                out.push(Token {
                    term: self.term_as(folded, &text[run.from..run.to]),
                    position,
                    from: run.from,
                    to: run.to,
                    kind: Kind::Word,
                });
                if i == 0
                    && let Some(g) = &glued
                    && g.chars().count() <= MAX_TOKEN_CHARS
                {
                    let last = group.last().map(|r| r.to).unwrap_or(run.to);
                    out.push(Token {
                        term: self.term_as(g, &text[run.from..last]),
                        position,
                        from: run.from,
                        to: last,
                        kind: Kind::Compound,
                    });
                }
                position += 1;
            }
        }
        position
    }

    /// Analyses `text` from position 0.
    pub fn analyze(&mut self, text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        self.analyze_into(text, 0, &mut out);
        out
    }
}

/// Notes the folded `word` among a document's words, and for Arabic its
/// form without a doubled article too: the browser's stems table then
/// holds `الكتروني`, which a query writes, beside `الالكتروني`.
///
/// A word the text writes otherwise than folded (`réglementation`, not
/// `reglementation`) is noted as `folded\tshown`, `shown` the text
/// lowercased, so that a note proposing it writes it as the records do
/// ([`crate::search::vocabulary`]).
fn push_word(words: &mut Vec<String>, lang: Lang, word: &str, written: &str) {
    match shown_form(word, written) {
        Some(shown) => words.push(format!("{word}\t{shown}")),
        None => words.push(word.to_owned()),
    }
    if lang == Lang::Stemmed(StemLang("ar")) {
        let alone = arabic::article_alone(word);
        if alone.len() < word.len() {
            words.push(alone.to_owned());
        }
    }
}

/// `written` lowercased, when that is not `folded` itself and is fit to
/// show: no control or invisible formatting characters (a soft hyphen
/// folds away but would show as nothing), no space, tab or line break.
fn shown_form(folded: &str, written: &str) -> Option<String> {
    if written == folded {
        return None;
    }
    let shown = composed_word(written).to_lowercase();
    let invisible = |c: char| {
        c.is_control()
            || c.is_whitespace()
            || matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}')
    };
    (shown != folded && !shown.chars().any(invisible)).then_some(shown)
}

/// The folded words of `text` that [`Analyzer::analyze`] stems: each word
/// and compound part, each glued compound, each non-CJK stretch of a run
/// with CJK characters (the browser's stems table is keyed by them).
pub fn words(text: &str, out: &mut Vec<String>) {
    let start = out.len();
    words_as_written(text, out);
    // The browser's stems table needs `الكتروني` (a query's `إلكتروني`)
    // beside the text's `الالكتروني` ([`arabic::article_alone`]).
    for i in start..out.len() {
        let alone = arabic::article_alone(&out[i]);
        if alone.len() < out[i].len() {
            let alone = alone.to_owned();
            out.push(alone);
        }
    }
}

fn words_as_written(text: &str, out: &mut Vec<String>) {
    for group in runs(text).iter() {
        if group.iter().any(|r| text[r.from..r.to].chars().any(script::is_cjk)) {
            for run in group {
                for w in text[run.from..run.to].split(script::is_cjk).filter(|w| !w.is_empty()) {
                    out.push(fold(w));
                }
            }
            continue;
        }
        let parts: Vec<String> = group.iter().map(|r| fold(&text[r.from..r.to])).collect();
        if parts.len() > 1 {
            out.push(parts.concat());
        }
        out.extend(parts);
    }
}

/// One analyser per language, created on first use.
#[derive(Debug, Default)]
pub struct Analyzers(std::collections::BTreeMap<Lang, Analyzer>);

impl Analyzers {
    /// The analyser of `lang`.
    pub fn get(&mut self, lang: Lang) -> &mut Analyzer {
        self.0.entry(lang).or_insert_with(|| Analyzer::new(lang))
    }
}

/// Analyses the lines of `text` separately, one position apart, so that a
/// phrase never runs from one value into the next (used for `meta`).
pub fn analyze_lines(analyzer: &mut Analyzer, text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut position = 0;
    let mut offset = 0;
    for line in text.split('\n') {
        let start = out.len();
        position = analyzer.analyze_into(line, position, &mut out) + 1;
        for t in &mut out[start..] {
            t.from += offset;
            t.to += offset;
        }
        offset += line.len() + 1;
    }
    out
}

/// The name the index's text fields' tokenizer is registered under.
pub const TOKENIZER: &str = "compendium";

/// Between two terms of a [`term_stream`]: the next term is one position on
/// (repeated for each position skipped).
const NEXT: char = '\u{1}';
/// Between two terms of a [`term_stream`]: the next term is at the same
/// position (the glued form of a compound).
const SAME: char = '\u{2}';

/// Writes analysed tokens as the text tantivy indexes: the terms with a
/// separator per position step ([`TermStreamTokenizer`] splits them back).
///
/// Why not tantivy's `PreTokenizedString`: tantivy 0.27 writes one into its
/// document through serde_json and parses it back on the indexing thread,
/// a tenth of a whole build. The indexed text fields are not stored (plain
/// text fields beside them are), so their value is free to be the terms
/// themselves. Terms never hold the separators: a term is made of folded
/// alphanumeric characters; one that did would be dropped here.
pub fn term_stream(tokens: &[Token]) -> String {
    let mut out = String::with_capacity(tokens.iter().map(|t| t.term.len() + 1).sum());
    let mut at = 0u32;
    let mut first = true;
    for t in tokens {
        if t.term.is_empty() || t.term.contains([NEXT, SAME]) {
            continue;
        }
        let step = t.position.saturating_sub(at);
        if step == 0 && !first {
            out.push(SAME);
        }
        for _ in 0..step {
            out.push(NEXT);
        }
        at = at.max(t.position);
        first = false;
        out.push_str(&t.term);
    }
    out
}

/// Splits a [`term_stream`] back into tokens; registered on the index under
/// [`TOKENIZER`]. Other text comes out as its separator-free runs, each a
/// position on from the last, so nothing it is given can fail.
#[derive(Clone, Default)]
pub struct TermStreamTokenizer {
    token: TantivyToken,
}

/// The token stream of [`TermStreamTokenizer`].
pub struct TermStream<'a> {
    text: &'a str,
    at: usize,
    position: Option<usize>,
    token: &'a mut TantivyToken,
}

impl Tokenizer for TermStreamTokenizer {
    type TokenStream<'a> = TermStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> TermStream<'a> {
        self.token.reset();
        TermStream { text, at: 0, position: None, token: &mut self.token }
    }
}

impl TokenStream for TermStream<'_> {
    fn advance(&mut self) -> bool {
        let rest = &self.text[self.at..];
        let term_at =
            rest.find(|c| c != NEXT && c != SAME).map_or(self.text.len(), |i| self.at + i);
        if term_at == self.text.len() {
            self.at = term_at;
            return false;
        }
        let steps = self.text[self.at..term_at].bytes().filter(|&b| b == NEXT as u8).count();
        let position = match self.position {
            None => steps,
            Some(p) if steps == 0 && term_at > self.at => p,
            Some(p) => p + steps.max(1),
        };
        let rest = &self.text[term_at..];
        let end = rest.find([NEXT, SAME]).map_or(self.text.len(), |i| term_at + i);
        self.token.text.clear();
        self.token.text.push_str(&self.text[term_at..end]);
        self.token.offset_from = term_at;
        self.token.offset_to = end;
        self.token.position = position;
        self.token.position_length = 1;
        self.position = Some(position);
        self.at = end;
        true
    }

    fn token(&self) -> &TantivyToken {
        self.token
    }

    fn token_mut(&mut self) -> &mut TantivyToken {
        self.token
    }
}

#[cfg(test)]
mod tests;
