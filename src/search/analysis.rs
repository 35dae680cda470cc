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
//! 1. a *word* is a maximal run of alphanumeric characters (`char::is_alphanumeric`);
//!    runs joined by a single hyphen or apostrophe form a *compound*
//!    (`e-money`, `M-Pesa`, `women's`), which yields each part and also the
//!    parts glued together (`emoney`) at the first part's position, so a
//!    query for `e-money`, `emoney` or `money` all find it;
//! 2. lower-case (char by char, no final-sigma rule, as tantivy's `LowerCaser`);
//! 3. fold to ASCII (tantivy's `AsciiFoldingFilter`, char by char);
//! 4. English only: British → American spelling ([`spelling`]);
//! 5. stem with the Snowball stemmer of the record's language (English:
//!    ASCII words only, so that the browser's port needs no Unicode tables),
//!    then map irregular British stems to American ones.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, RawTokenizer, Stemmer, TextAnalyzer, Token as TantivyToken,
    TokenStream, Tokenizer,
};

use crate::search::spelling;

/// Longest token kept, in characters; longer "words" (hashes, base64,
/// hostile input) are dropped, at index and query time alike.
pub const MAX_TOKEN_CHARS: usize = 40;

/// Most parts in one compound; longer hyphen chains only yield their parts.
const MAX_COMPOUND_PARTS: usize = 6;

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

fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\'' | '\u{2019}')
}

/// Splits `text` into runs of alphanumeric characters, and groups runs that
/// a single joiner connects into compounds.
fn runs(text: &str) -> Vec<Vec<Run>> {
    let mut groups: Vec<Vec<Run>> = Vec::new();
    let mut start: Option<usize> = None;
    // Where the previous run ended, if only one joiner has followed it.
    let mut joinable_at: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(i);
            }
            continue;
        }
        if let Some(s) = start.take() {
            let run = Run { from: s, to: i };
            push_run(&mut groups, run, joinable_at.take());
            // A single joiner directly followed by a word character keeps the compound going.
            if is_joiner(c) && chars.peek().is_some_and(|(_, n)| n.is_alphanumeric()) {
                joinable_at = Some(i + c.len_utf8());
            }
        } else {
            joinable_at = None;
        }
    }
    if let Some(s) = start {
        push_run(&mut groups, Run { from: s, to: text.len() }, joinable_at);
    }
    groups
}

fn push_run(groups: &mut Vec<Vec<Run>>, run: Run, joinable_at: Option<usize>) {
    match (joinable_at, groups.last_mut()) {
        (Some(at), Some(last)) if at == run.from => last.push(run),
        _ => groups.push(vec![run]),
    }
}

/// Lower-case, ASCII-folded form of a word.
pub fn fold(word: &str) -> String {
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        for l in c.to_lowercase() {
            out.push_str(&fold_char(l));
        }
    }
    out
}

/// Folds one (lower-case) character as tantivy's `AsciiFoldingFilter` does.
pub fn fold_char(c: char) -> String {
    if c.is_ascii() {
        return c.to_string();
    }
    static CACHE: LazyLock<Mutex<HashMap<char, Arc<str>>>> =
        LazyLock::new(|| Mutex::new(HashMap::new()));
    if let Ok(cache) = CACHE.lock()
        && let Some(s) = cache.get(&c)
    {
        return s.to_string();
    }
    let mut analyzer =
        TextAnalyzer::builder(RawTokenizer::default()).filter(AsciiFoldingFilter).build();
    let s = c.to_string();
    let mut stream = analyzer.token_stream(&s);
    let folded = if stream.advance() { stream.token().text.clone() } else { s.clone() };
    if let Ok(mut cache) = CACHE.lock() {
        cache.insert(c, Arc::from(folded.as_str()));
    }
    folded
}

/// The analyser of one language. It caches stems, so reuse one per
/// language for a whole build.
pub struct Analyzer {
    lang: Lang,
    stemmer: Option<TextAnalyzer>,
    stems: HashMap<String, String>,
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
        Analyzer { lang, stemmer, stems: HashMap::new() }
    }

    /// The language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Spelling rules and stemmer, without the stem dictionary.
    fn stem_word(&mut self, folded: &str) -> String {
        let word = match self.lang {
            Lang::English => spelling::americanize(folded).unwrap_or_else(|| folded.to_owned()),
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
        if let Some(t) = self.stems.get(folded) {
            return t.clone();
        }
        let mut t = self.stem_word(folded);
        if self.lang == Lang::English
            && let Some(a) = STEM_PAIRS.get(&t)
        {
            t = a.clone();
        }
        // Bound the cache: a hostile document must not grow it without limit.
        if self.stems.len() < 1 << 20 {
            self.stems.insert(folded.to_owned(), t.clone());
        }
        t
    }

    /// Analyses `text` into tokens, positions starting at `first_position`.
    /// Returns the position after the last word.
    pub fn analyze_into(&mut self, text: &str, first_position: u32, out: &mut Vec<Token>) -> u32 {
        let mut position = first_position;
        for group in runs(text) {
            let mut parts: Vec<(String, Run)> = Vec::with_capacity(group.len());
            for run in &group {
                let folded = fold(&text[run.from..run.to]);
                parts.push((folded, *run));
            }
            let glued: Option<String> = (parts.len() > 1 && parts.len() <= MAX_COMPOUND_PARTS)
                .then(|| parts.iter().map(|(f, _)| f.as_str()).collect::<String>());
            for (i, (folded, run)) in parts.iter().enumerate() {
                if folded.chars().count() > MAX_TOKEN_CHARS {
                    continue;
                }
                out.push(Token {
                    term: self.term(folded),
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
                        term: self.term(g),
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
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        Analyzer::new(Lang::English).analyze(text).into_iter().map(|t| t.term).collect()
    }

    #[test]
    fn words_are_folded_and_stemmed() {
        assert_eq!(terms("Returning Parcels"), ["return", "parcel"]);
        assert_eq!(terms("Café Déjà-vu"), ["cafe", "deja", "dejavu", "vu"]);
        assert_eq!(terms("GhanaPostGPS"), ["ghanapostgp"]);
    }

    #[test]
    fn compounds_keep_parts_and_glued_form() {
        let t = Analyzer::new(Lang::English).analyze("e-money M-Pesa");
        let got: Vec<(&str, u32, Kind)> =
            t.iter().map(|t| (t.term.as_str(), t.position, t.kind)).collect();
        assert_eq!(
            got,
            [
                ("e", 0, Kind::Word),
                ("emoney", 0, Kind::Compound),
                ("money", 1, Kind::Word),
                ("m", 2, Kind::Word),
                ("mpesa", 2, Kind::Compound),
                ("pesa", 3, Kind::Word),
            ]
        );
        // Two joiners in a row, or a joiner then a space, break the compound.
        assert_eq!(terms("a--b c- d"), ["a", "b", "c", "d"]);
    }

    #[test]
    fn british_and_american_meet() {
        for (b, a) in [
            ("prioritisation", "prioritization"),
            ("colours", "colors"),
            ("programmes", "programs"),
            ("licences", "licenses"),
            ("centres", "centers"),
            ("organised", "organized"),
            ("analysing", "analyzing"),
            ("cheques", "checks"),
        ] {
            assert_eq!(terms(b), terms(a), "{b} / {a}");
        }
    }

    #[test]
    fn offsets_point_into_the_text() {
        let text = "Ünïcode wörds, 42!";
        for t in Analyzer::new(Lang::English).analyze(text) {
            assert!(text.is_char_boundary(t.from) && text.is_char_boundary(t.to));
        }
        assert_eq!(terms(text), ["unicod", "word", "42"]);
    }

    #[test]
    fn long_tokens_are_dropped() {
        let long = "x".repeat(MAX_TOKEN_CHARS + 1);
        assert_eq!(terms(&format!("a {long} b")), ["a", "b"]);
    }

    #[test]
    fn a_term_stream_gives_tantivy_the_terms_and_positions_analysed() {
        let tokens = Analyzer::new(Lang::English).analyze("The e-money of M-Pesa; 7 cafés");
        let mut got = Vec::new();
        let mut tokenizer = TermStreamTokenizer::default();
        let stream = term_stream(&tokens);
        let mut s = tokenizer.token_stream(&stream);
        while s.advance() {
            got.push((s.token().text.clone(), s.token().position));
        }
        let want: Vec<(String, usize)> =
            tokens.iter().map(|t| (t.term.clone(), t.position as usize)).collect();
        assert_eq!(got, want);
        // Gaps (the lines of the meta field start further on) survive.
        let gapped = [("a", 3), ("b", 3), ("c", 9)].map(|(t, p)| Token {
            term: t.into(),
            position: p,
            from: 0,
            to: 0,
            kind: Kind::Word,
        });
        let stream = term_stream(&gapped);
        let mut s = tokenizer.token_stream(&stream);
        let mut got = Vec::new();
        while s.advance() {
            got.push((s.token().text.clone(), s.token().position));
        }
        assert_eq!(got, [("a".to_owned(), 3), ("b".to_owned(), 3), ("c".to_owned(), 9)]);
        // Anything else splits into its runs without failing.
        let mut s = tokenizer.token_stream("\u{2}\u{2}x\u{1}\u{2}\u{1}y\u{2}");
        let mut got = Vec::new();
        while s.advance() {
            got.push((s.token().text.clone(), s.token().position));
        }
        assert_eq!(got, [("x".to_owned(), 0), ("y".to_owned(), 2)]);
    }

    #[test]
    fn languages() {
        assert_eq!(Lang::from_bcp47("en-GB"), Lang::English);
        assert_eq!(Lang::from_bcp47("fr-CA").code(), "fr");
        assert_eq!(Lang::from_bcp47("sw"), Lang::Plain);
        let mut fr = Analyzer::new(Lang::from_bcp47("fr"));
        let t: Vec<String> = fr.analyze("les régulations").into_iter().map(|t| t.term).collect();
        assert_eq!(t, ["le", "regul"]);
    }
}
