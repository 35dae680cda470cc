//! The vocabulary: every word the records are written in, as folded
//! (before stemming), with how many documents hold it and the index terms
//! a query of that word asks for. Near spellings come from it.
//!
//! Why words and not the index's terms: a misspelt word's stem is not a
//! stem. The stemmer takes `-ation` off `information` but nothing off
//! `informaton`, which is four edits from `inform`; it is one from the
//! word `information`. And on a site in several languages, the terms of
//! the word a query meant are its stems in each of them, which only the
//! word gives. Both engines read the same entries (the command line
//! `words.tsv` beside the index, the browser the `v` files of its index)
//! and pick from them the same way, so that they correct the same
//! misspellings to the same terms.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result};

use crate::search::analysis::{Analyzers, Lang, MAX_TOKEN_CHARS, script};
use crate::search::plan;

/// The vocabulary's file in the index folder.
pub const FILE: &str = "words.tsv";

/// First line of [`FILE`]: its format.
const HEADER: &str = "compendium words 1";

/// Shortest word kept: a shorter one is never within the edits a query
/// word may be from it ([`plan::max_edits`]: none up to 4 characters, so a
/// 5-character word with one edit reaches 4 characters at least).
const MIN_CHARS: usize = 4;

/// Whether a folded word is one near spellings may propose.
fn keep(word: &str) -> bool {
    let n = word.chars().count();
    (MIN_CHARS..=MAX_TOKEN_CHARS).contains(&n)
        && !word.bytes().all(|b| b.is_ascii_digit())
        && !word.chars().any(script::is_cjk)
}

/// A document's words for the vocabulary, from the words its analysis met
/// ([`Analyzer::collect_words`](crate::search::analysis::Analyzer::collect_words)):
/// those near spellings may propose, sorted, once each. A word is its
/// folded form, or `folded\tshown` where the text writes it otherwise
/// (`reglementation\tréglementation`).
pub fn doc_words(mut words: Vec<String>) -> Vec<String> {
    words.retain(|w| keep(folded(w)));
    words.sort_unstable();
    words.dedup_by(|a, b| folded(a) == folded(b));
    words
}

/// The folded word of a document's word ([`doc_words`]).
fn folded(word: &str) -> &str {
    word.split_once('\t').map_or(word, |(f, _)| f)
}

/// How many documents hold each word, kept up to date as documents come
/// and go.
#[derive(Debug, Default, Clone)]
pub struct Counts(HashMap<String, Held>);

/// How many documents hold a word, and in which of them it is written
/// otherwise than folded: how many write each such form.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Held {
    count: u32,
    forms: Vec<(String, u32)>,
}

impl Counts {
    /// Adds (`sign` 1) or takes away (-1) one document's words ([`doc_words`]).
    pub fn add(&mut self, words: &[String], sign: i32) {
        for w in words {
            let (word, shown) =
                w.split_once('\t').map_or((w.as_str(), None), |(f, s)| (f, Some(s)));
            // Looked up before cloned: most words are there already.
            let held = match self.0.get_mut(word) {
                Some(h) => h,
                None => self.0.entry(word.to_owned()).or_default(),
            };
            held.count = held.count.saturating_add_signed(sign);
            if let Some(shown) = shown {
                match held.forms.iter().position(|(f, _)| f == shown) {
                    Some(i) => held.forms[i].1 = held.forms[i].1.saturating_add_signed(sign),
                    None if sign > 0 => held.forms.push((shown.to_owned(), 1)),
                    None => {}
                }
                held.forms.retain(|(_, n)| *n > 0);
            }
            if held.count == 0 {
                self.0.remove(word);
            }
        }
    }

    /// Both counts added together.
    #[must_use]
    pub fn merged(a: Counts, b: Counts) -> Counts {
        let (mut big, small) = if a.0.len() >= b.0.len() { (a, b) } else { (b, a) };
        for (w, h) in small.0 {
            let at = big.0.entry(w).or_default();
            at.count = at.count.saturating_add(h.count);
            for (form, n) in h.forms {
                match at.forms.iter_mut().find(|(f, _)| *f == form) {
                    Some((_, m)) => *m = m.saturating_add(n),
                    None => at.forms.push((form, n)),
                }
            }
        }
        big
    }

    /// The entries, in UTF-16 order (how `search.js` compares strings),
    /// each word with the terms it means in `langs`.
    pub fn entries(&self, langs: &[Lang]) -> Vec<Entry> {
        let mut analyzers = Analyzers::default();
        let mut out: Vec<Entry> = self
            .0
            .iter()
            .map(|(word, held)| {
                let mut terms: Vec<String> = Vec::new();
                for lang in langs {
                    let t = analyzers.get(*lang).term(word);
                    if t != *word && !terms.contains(&t) {
                        terms.push(t);
                    }
                }
                terms.sort();
                let mut forms = held.forms.clone();
                forms.sort();
                Entry { word: word.clone(), count: held.count, terms, forms }
            })
            .collect();
        out.sort_unstable_by(|a, b| a.word.encode_utf16().cmp(b.word.encode_utf16()));
        out
    }

    /// The counts from `entries`.
    pub fn from_entries(entries: &[Entry]) -> Counts {
        Counts(
            entries
                .iter()
                .map(|e| (e.word.clone(), Held { count: e.count, forms: e.forms.clone() }))
                .collect(),
        )
    }
}

/// One word of the vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The folded word.
    pub word: String,
    /// Documents holding it.
    pub count: u32,
    /// Its terms besides the word itself (its stems in the index's
    /// languages), sorted.
    pub terms: Vec<String>,
    /// How the documents that write it otherwise than folded write it
    /// (lowercased), and how many documents write each form; sorted.
    pub forms: Vec<(String, u32)>,
}

impl Entry {
    /// The word as a note names it: as most documents write it (the folded
    /// word when no written form is held by as many documents; between
    /// forms held by as many, the first in UTF-16 order).
    pub fn shown(&self) -> &str {
        let folded_only = self.count.saturating_sub(self.forms.iter().map(|(_, n)| *n).sum());
        // Most held; between equals, the first in UTF-16 order.
        let best = self
            .forms
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.encode_utf16().cmp(a.0.encode_utf16())));
        match best {
            Some((form, n)) if *n >= folded_only => form,
            _ => &self.word,
        }
    }

    /// Every term the word means: itself, then its stems.
    pub fn all_terms(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.word.as_str()).chain(self.terms.iter().map(String::as_str))
    }
}

/// The terms of the words nearest to the folded `word`: within `max`
/// edits (and no more than its length allows, [`plan::max_edits`]), with
/// the same first character, at the least distance found; those held by
/// the most documents first, at most [`plan::MAX_FUZZY_TERMS`] words.
/// `search.js` (`NP.near`) does the same.
pub fn near<'a>(
    entries: impl IntoIterator<Item = &'a Entry>,
    word: &str,
    max: usize,
) -> (Vec<String>, Vec<String>) {
    let max = max.min(plan::max_edits(word.chars().count()));
    let Some(first) = word.chars().next().filter(|_| max > 0) else {
        return (Vec::new(), Vec::new());
    };
    let mut best = usize::MAX;
    let mut found: Vec<&Entry> = Vec::new();
    for e in entries {
        if !e.word.starts_with(first) {
            continue;
        }
        let Some(d) = plan::edit_distance(word, &e.word, max.min(best)) else { continue };
        if d == 0 {
            continue;
        }
        if d < best {
            best = d;
            found.clear();
        }
        found.push(e);
    }
    terms_and_words(found, plan::MAX_FUZZY_TERMS)
}

/// An Arabic word as the records write it with the definite article
/// (`بيانات`, data: `البيانات`): queries leave the article out, and the
/// stemmer can read the word's first letter as a prefix (`ب`, with) and
/// so miss it. The terms of that word, when the vocabulary has it.
/// `search.js` (`withArticle`) does the same.
pub fn with_article<'a>(
    entries: impl IntoIterator<Item = &'a Entry>,
    word: &str,
) -> (Vec<String>, Vec<String>) {
    let arabic = |c: char| matches!(c, '\u{0620}'..='\u{064a}' | '\u{066e}'..='\u{06d3}');
    if !word.chars().next().is_some_and(arabic) || word.starts_with("\u{0627}\u{0644}") {
        return (Vec::new(), Vec::new());
    }
    let full = format!("\u{0627}\u{0644}{word}");
    let found: Vec<&Entry> = entries.into_iter().filter(|e| e.word == full).collect();
    terms_and_words(found, plan::MAX_FUZZY_TERMS)
}

/// [`terms_of`], and the words they are the terms of, for a note to name.
fn terms_and_words(mut found: Vec<&Entry>, n: usize) -> (Vec<String>, Vec<String>) {
    sort_found(&mut found);
    let words = found.iter().take(n).map(|e| e.shown().to_owned()).collect();
    (terms_of(found, n), words)
}

fn sort_found(found: &mut [&Entry]) {
    found.sort_by(|a, b| {
        b.count.cmp(&a.count).then_with(|| a.word.encode_utf16().cmp(b.word.encode_utf16()))
    });
}

/// The terms of the `n` words of `found` held by the most documents (ties
/// in UTF-16 order, as `search.js` compares strings), each word's once.
/// `search.js` (`vocabTerms`) does the same.
fn terms_of(mut found: Vec<&Entry>, n: usize) -> Vec<String> {
    sort_found(&mut found);
    let mut terms: Vec<String> = Vec::new();
    for e in found.into_iter().take(n) {
        for t in e.all_terms() {
            if !terms.iter().any(|x| x == t) {
                terms.push(t.to_owned());
            }
        }
    }
    terms
}

/// Shortest prefix a `word*` query expands: shorter ones begin too many words.
pub const MIN_PREFIX_CHARS: usize = 3;

/// Most words a `word*` query expands to.
pub const MAX_PREFIX_WORDS: usize = 32;

/// The terms of the words that begin with the folded `prefix` (and are
/// longer), those held by the most documents first, at most
/// [`MAX_PREFIX_WORDS`] words. `search.js` (`NP.prefixed`) does the same.
pub fn prefixed<'a>(entries: impl IntoIterator<Item = &'a Entry>, prefix: &str) -> Vec<String> {
    let found: Vec<&Entry> = entries
        .into_iter()
        .filter(|e| e.word.len() > prefix.len() && e.word.starts_with(prefix))
        .collect();
    terms_of(found, MAX_PREFIX_WORDS)
}

/// Writes `entries` as [`FILE`] in `dir`: a header line, then one line
/// per word: the word, its count, its terms (space-separated) and, when
/// documents write it otherwise, those forms, each followed by how many
/// documents write it (space-separated), split by tabs. Folded words and
/// forms hold no tab, space nor line break.
pub fn write(dir: &Path, entries: &[Entry]) -> Result<()> {
    let mut text = String::with_capacity(entries.len() * 24);
    text.push_str(HEADER);
    text.push('\n');
    for e in entries {
        text.push_str(&e.word);
        text.push('\t');
        text.push_str(&e.count.to_string());
        text.push('\t');
        text.push_str(&e.terms.join(" "));
        for (i, (form, n)) in e.forms.iter().enumerate() {
            text.push(if i == 0 { '\t' } else { ' ' });
            text.push_str(form);
            text.push(' ');
            text.push_str(&n.to_string());
        }
        text.push('\n');
    }
    crate::output::write_file(&dir.join(FILE), text.as_bytes())
        .with_context(|| format!("cannot write `{}`", dir.join(FILE).display()))
}

/// Reads [`FILE`] in `dir`; `Err` says what is wrong with it.
pub fn read(dir: &Path) -> Result<Vec<Entry>, String> {
    let text = std::fs::read_to_string(dir.join(FILE)).map_err(|e| format!("`{FILE}`: {e}"))?;
    let mut lines = text.lines();
    if lines.next() != Some(HEADER) {
        return Err(format!("`{FILE}` does not start with `{HEADER}`"));
    }
    lines
        .enumerate()
        .map(|(i, line)| {
            let bad = |what: &str| format!("`{FILE}` line {}: {what}", i + 2);
            let mut cols = line.split('\t');
            let (Some(word), Some(count), Some(terms), forms, None) =
                (cols.next(), cols.next(), cols.next(), cols.next(), cols.next())
            else {
                return Err(bad("not three or four columns"));
            };
            let count = count.parse().map_err(|_| bad("bad count"))?;
            let terms = terms.split(' ').filter(|t| !t.is_empty()).map(str::to_owned).collect();
            let mut forms_read = Vec::new();
            let mut parts = forms.unwrap_or_default().split(' ').filter(|t| !t.is_empty());
            while let Some(form) = parts.next() {
                let n = parts.next().and_then(|n| n.parse().ok()).ok_or_else(|| bad("bad form"))?;
                forms_read.push((form.to_owned(), n));
            }
            Ok(Entry { word: word.to_owned(), count, terms, forms: forms_read })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words of `text` as a document's analysis collects them.
    fn words_of(text: &str) -> Vec<String> {
        let mut a = crate::search::analysis::Analyzer::new(Lang::English);
        a.collect_words();
        a.analyze(text);
        doc_words(a.take_words())
    }

    fn counts(docs: &[&str]) -> Counts {
        let mut c = Counts::default();
        for d in docs {
            c.add(&words_of(d), 1);
        }
        c
    }

    #[test]
    fn words_are_folded_once_each_and_short_ones_left_out() {
        let w = words_of("Data flows, data FLOWS and e-Commerce in 2024 (GDPR) 数据流动 Ça va");
        // A word written otherwise than folded keeps its first written form.
        assert_eq!(w, ["commerce", "data", "ecommerce\te-commerce", "flows", "gdpr"]);
        assert_eq!(words_of("Réglementation réglementation"), ["reglementation\tréglementation"]);
    }

    #[test]
    fn a_note_names_a_word_as_most_records_write_it() {
        let fr = |docs: &[&str]| {
            let mut c = Counts::default();
            for d in docs {
                let mut a = crate::search::analysis::Analyzer::new(Lang::from_bcp47("fr"));
                a.collect_words();
                a.analyze(d);
                c.add(&doc_words(a.take_words()), 1);
            }
            c
        };
        let mut c = fr(&["réglementation", "Réglementation des données", "reglementation"]);
        let entries = c.entries(&[Lang::from_bcp47("fr")]);
        assert_eq!(near(&entries, "reglementaton", 2).1, ["réglementation"]);
        assert_eq!(near(&entries, "donnes", 1).1, ["données"]);
        // Taken away again, the folded form is the most written.
        c.add(&["reglementation\tréglementation".to_owned()], -1);
        c.add(&["reglementation\tréglementation".to_owned()], -1);
        c.add(&["reglementation".to_owned()], 1);
        let entries = c.entries(&[Lang::from_bcp47("fr")]);
        assert_eq!(near(&entries, "reglementaton", 2).1, ["reglementation"]);
        // Counts merged from two threads keep the forms' counts.
        let merged = Counts::merged(fr(&["données"]), fr(&["données", "donnees"]));
        let e = merged.entries(&[Lang::Plain]);
        assert_eq!(e[0].forms, [("données".to_owned(), 2)]);
        assert_eq!(e[0].shown(), "données");
    }

    #[test]
    fn a_misspelt_word_finds_the_word_it_meant_and_its_stems() {
        let c = counts(&["information", "information", "informal", "inform"]);
        let entries = c.entries(&[Lang::English]);
        // `informaton` is one edit from `information`, whose stem is `inform`.
        assert_eq!(near(&entries, "informaton", 2).0, ["information", "inform"]);
        assert_eq!(near(&entries, "informaton", 2).1, ["information"]);
        // Nearest first: `informal` (2 edits) is not offered beside it.
        assert!(!near(&entries, "informaton", 2).0.contains(&"informal".to_owned()));
        // The word itself is no near spelling; short words get none.
        assert!(near(&entries, "information", 2).0.is_empty());
        assert!(near(&entries, "inf", 2).0.is_empty());
        // Another first letter is another word.
        assert!(near(&entries, "unformation", 2).0.is_empty());
    }

    #[test]
    fn most_held_words_come_first_and_counts_follow_changes() {
        let mut c = counts(&["privacy", "privacy", "privy"]);
        let entries = c.entries(&[Lang::English]);
        let terms = near(&entries, "privcy", 1).0;
        assert_eq!(terms.first().map(String::as_str), Some("privacy"));
        c.add(&words_of("privacy"), -1);
        c.add(&words_of("privacy"), -1);
        let entries = c.entries(&[Lang::English]);
        assert_eq!(near(&entries, "privcy", 1).0.first().map(String::as_str), Some("privy"));
    }

    #[test]
    fn an_arabic_word_finds_the_word_with_its_article() {
        let c = counts(&["حماية البيانات", "البيانات"]);
        let entries = c.entries(&[Lang::Plain]);
        assert_eq!(with_article(&entries, "بيانات").0, ["البيانات"]);
        // Only Arabic letters, and not twice.
        assert!(with_article(&entries, "البيانات").0.is_empty());
        assert!(with_article(&entries, "data").0.is_empty());
    }

    #[test]
    fn a_prefix_gives_the_words_that_begin_with_it() {
        let c = counts(&["privacy private", "privacy", "privileges", "priv"]);
        let entries = c.entries(&[Lang::English]);
        let terms = prefixed(&entries, "priv");
        // Most held first (`privacy`, in two documents), each with its stems.
        assert_eq!(terms.first().map(String::as_str), Some("privacy"));
        for t in ["privaci", "private", "privat", "privileges", "privileg"] {
            assert!(terms.contains(&t.to_owned()), "{t} in {terms:?}");
        }
        assert!(prefixed(&entries, "xyz").is_empty());
    }

    #[test]
    fn the_file_reads_back_what_was_written() {
        let dir = tempfile::tempdir().expect("temp dir");
        let entries = counts(&["regulation régulation", "regulation", "Régulation"])
            .entries(&[Lang::English, Lang::from_bcp47("fr")]);
        // The first document writes it both ways: counted once, as folded.
        assert!(entries.iter().any(|e| e.forms == [("régulation".to_owned(), 1)]));
        write(dir.path(), &entries).expect("written");
        assert_eq!(read(dir.path()).expect("read"), entries);
        // A file written before forms were kept reads too.
        std::fs::write(dir.path().join(FILE), format!("{HEADER}\nregulation\t2\tregul\n"))
            .expect("overwrite");
        assert_eq!(read(dir.path()).expect("read")[0].forms, []);
        std::fs::write(dir.path().join(FILE), "something else\n").expect("overwrite");
        assert!(read(dir.path()).is_err());
    }
}
