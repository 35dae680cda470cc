//! From parsed query parts to index terms: what each word or phrase must
//! match, with the misspelling fallback's rules. Shared, rule for rule, with
//! `search.js`.

use crate::search::analysis::{self, Analyzers, Kind, Lang, script};
use crate::search::query::Part;

/// What one query word or phrase requires of a record: any of `terms`, or
/// any of `phrases` (terms at consecutive positions). Alternatives come from
/// the site's languages (one stem per language) and from compounds.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Unit {
    /// Single terms.
    pub terms: Vec<String>,
    /// Term sequences.
    pub phrases: Vec<Vec<String>>,
    /// Characters of the folded word, which sets the misspelling distance.
    pub chars: usize,
    /// The terms of an unquoted word with CJK characters (its bigrams),
    /// each of which stands alone when no record has the whole word:
    /// Chinese, Japanese and Korean are written without spaces, so a query
    /// is often a sentence (`個人情報保護委員会の年次報告`, `개인정보를`).
    pub parts: Vec<String>,
    /// The word as folded, before stemming (a compound's parts glued):
    /// what near spellings are looked for from ([`crate::search::vocabulary`]).
    pub word: String,
    /// Whether the word is written as a code (`IN`, `SA`, `DEU`, `AU`):
    /// the `places` and `meta` fields (countries; terms' ids, labels and
    /// aliases) then weigh [`CODE_BOOST`] times more.
    pub code: bool,
}

/// How much more `places` and `meta` weigh for a word written as a code.
/// `IN` is India's code and a word of nearly every English record, `SA`
/// Saudi Arabia's and `AU` the African Union's alias and French words: as
/// text, the word found the records that say it before those of the
/// country or bloc.
pub const CODE_BOOST: f32 = 16.0;

/// The fields a code's boost applies to.
pub const CODE_FIELDS: [&str; 2] = ["places", "meta"];

/// Whether `text`, as typed, looks like a country's or bloc's code: two
/// or three capital letters (`is_code("IN")`, not `in` or `Inc`).
pub fn is_code(text: &str) -> bool {
    (2..=3).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_uppercase())
}

impl Unit {
    /// Every term the unit names (for highlighting).
    pub fn all_terms(&self) -> Vec<&str> {
        self.terms.iter().chain(self.phrases.iter().flatten()).map(String::as_str).collect()
    }

    /// Whether this is a compound word (`e-money`): its glued term, and the
    /// phrase of its parts for text that writes them apart. The glued form
    /// wins when the index has it; otherwise the phrase stands in (so
    /// `mobile-money` finds "mobile money").
    pub fn is_compound(&self) -> bool {
        !self.terms.is_empty() && !self.phrases.is_empty()
    }
}

/// Whether `text` holds a run of letters and digits longer than any word
/// the index keeps ([`analysis::MAX_TOKEN_CHARS`]).
pub fn too_long(text: &str) -> bool {
    let mut run = 0;
    for c in text.chars() {
        run = if c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c) {
            run + 1
        } else {
            0
        };
        if run > analysis::MAX_TOKEN_CHARS {
            return true;
        }
    }
    false
}

/// The unit of one part, or `None` when it has no words (`*`, `(`).
///
/// A word that is a compound (`e-money`) means its glued term (`emoney`) or
/// the phrase of its parts; a word of several runs that are not a compound
/// (`U.S.`, `7962/2013`) means the phrase of its runs; a quoted phrase means
/// the phrase of its words (compounds by their parts). `typed_in`: the
/// languages a reader may be typing in (the page's and the site's
/// default), whose function words another language's stem may be.
pub fn unit(
    part: &Part,
    langs: &[Lang],
    typed_in: &[Lang],
    analyzers: &mut Analyzers,
) -> Option<Unit> {
    let (text, is_phrase) = match part {
        Part::Word(w) => (w.as_str(), false),
        Part::Phrase(p) => (p.as_str(), true),
    };
    let mut unit = Unit { code: !is_phrase && is_code(text), ..Unit::default() };
    // A one-word part's term in each language, pushed once all are known.
    let mut singles: Vec<(Lang, String)> = Vec::new();
    for lang in langs {
        let tokens = analyzers.get(*lang).analyze(text);
        if tokens.is_empty() {
            return None;
        }
        let words: Vec<String> =
            tokens.iter().filter(|t| t.kind == Kind::Word).map(|t| t.term.clone()).collect();
        let first = tokens.first().map(|t| t.from).unwrap_or(0);
        let last = tokens.iter().map(|t| t.to).max().unwrap_or(0);
        let whole =
            tokens.iter().find(|t| t.kind == Kind::Compound && t.from == first && t.to == last);
        if words.len() == 1 {
            unit.chars = text[first..last].chars().count();
            unit.word = analysis::fold(&text[first..last]);
            singles.push((*lang, words[0].clone()));
        } else {
            if !is_phrase && let Some(c) = whole {
                unit.chars = text[c.from..c.to].chars().filter(|c| c.is_alphanumeric()).count();
                unit.word = tokens
                    .iter()
                    .filter(|t| t.kind == Kind::Word)
                    .map(|t| analysis::fold(&text[t.from..t.to]))
                    .collect();
                push_unique(&mut unit.terms, c.term.clone());
            }
            if !is_phrase && words.iter().any(|w| w.chars().any(script::is_cjk)) {
                for w in &words {
                    push_unique(&mut unit.parts, w.clone());
                }
            }
            if !unit.phrases.contains(&words) {
                unit.phrases.push(words);
            }
        }
    }
    for t in not_foreign_function_words(&singles, typed_in) {
        push_unique(&mut unit.terms, t);
    }
    (!unit.terms.is_empty() || !unit.phrases.is_empty()).then_some(unit)
}

/// The terms of `singles` (a word's term in each language) but those that
/// are another language's function word where that language's own term
/// differs: Spanish stems `Canada` to `can`, which every English record
/// that says "can" holds, so `Canada` found 61 records. All of them when
/// each is one. Only the function words of a language the reader may be
/// typing in (`typed_in`): Spanish `datos` is `dat`, a Dutch function
/// word, which a Spanish record holds for `datos` and a Dutch one only
/// where a Dutch reader would not type `datos`. `search.js` (`unit`) does
/// the same.
fn not_foreign_function_words(singles: &[(Lang, String)], typed_in: &[Lang]) -> Vec<String> {
    let foreign = |(l, t): &(Lang, String)| {
        singles.iter().any(|(m, own)| {
            m != l
                && own != t
                && typed_in.contains(m)
                && crate::search::function_words::list(m.code())
                    .is_some_and(|w| w.contains(&t.as_str()))
        })
    };
    let kept: Vec<String> =
        singles.iter().filter(|s| !foreign(s)).map(|(_, t)| t.clone()).collect();
    if kept.is_empty() { singles.iter().map(|(_, t)| t.clone()).collect() } else { kept }
}

/// `units` with each CJK word that matched as a whole nowhere cut into
/// its parts, one unit each (see [`Unit::parts`]), for ranking records by
/// how many of them they have.
pub fn split_parts(units: &[(Unit, bool)]) -> Vec<(Unit, bool)> {
    let mut out: Vec<(Unit, bool)> = Vec::new();
    for (unit, expandable) in units {
        if unit.parts.is_empty() || !unit.terms.is_empty() {
            out.push((unit.clone(), *expandable));
            continue;
        }
        for p in &unit.parts {
            let one = Unit { terms: vec![p.clone()], chars: p.chars().count(), ..Unit::default() };
            if !out.iter().any(|(u, _)| u.terms == one.terms && u.phrases.is_empty()) {
                out.push((one, false));
            }
        }
    }
    out
}

/// A compound's parts as units of their own (`e-signature`: `e` and
/// `signature`), each with its terms in every language analysed; none
/// when the languages cut it into different numbers of parts.
pub fn compound_parts(unit: &Unit) -> Vec<Unit> {
    let Some(first) = unit.phrases.first() else { return Vec::new() };
    if unit.phrases.iter().any(|p| p.len() != first.len()) {
        return Vec::new();
    }
    (0..first.len())
        .map(|i| {
            let mut terms = Vec::new();
            for p in &unit.phrases {
                push_unique(&mut terms, p[i].clone());
            }
            Unit { chars: terms[0].chars().count(), terms, ..Unit::default() }
        })
        .collect()
}

fn push_unique(v: &mut Vec<String>, s: String) {
    if !v.contains(&s) {
        v.push(s);
    }
}

/// A misspelt word may be one more edit from a term for each of these
/// lengths (in characters) it is longer than: none up to 4 characters (too
/// many short words are one edit apart), 1 up to 8, 2 beyond.
pub const EDIT_STEPS: [usize; 2] = [4, 8];

/// How many edits a misspelt word of `chars` characters may be from a term
/// ([`EDIT_STEPS`]).
pub fn max_edits(chars: usize) -> usize {
    EDIT_STEPS.iter().filter(|&&step| chars > step).count()
}

impl Unit {
    /// How many edits this word may be from a term it is taken to be a
    /// misspelling of: none for a word with a digit, which names a law, a
    /// standard or a year (`27001` is no typo of `2001`, nor `14118` of
    /// `14117`). `search.js` (`unitEdits`) agrees.
    pub fn edits(&self) -> usize {
        if self.word.chars().any(char::is_numeric) { 0 } else { max_edits(self.chars) }
    }
}

/// Most terms a misspelt word expands to.
pub const MAX_FUZZY_TERMS: usize = 8;

/// Optimal string alignment distance (Levenshtein plus adjacent
/// transpositions) between `a` and `b` by characters, or `None` when it is
/// above `max`.
pub fn edit_distance(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for (j, cell) in d.iter_mut().take(w).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        d[i * w] = i;
        let mut row_min = d[i * w];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return None;
        }
    }
    let dist = d[a.len() * w + b.len()];
    (dist <= max).then_some(dist)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(part: Part) -> Option<(Vec<String>, Vec<Vec<String>>, usize)> {
        unit(&part, &[Lang::English], &[Lang::English], &mut Analyzers::default())
            .map(|u| (u.terms, u.phrases, u.chars))
    }

    fn v(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn words_compounds_and_phrases() {
        assert_eq!(u(Part::Word("Returning".into())), Some((v(&["return"]), vec![], 9)));
        assert_eq!(
            u(Part::Word("e-money".into())),
            Some((v(&["emoney"]), vec![v(&["e", "money"])], 6))
        );
        // A dotted acronym is the compound of its letters (`US`).
        assert_eq!(u(Part::Word("U.S.".into())), Some((v(&["us"]), vec![v(&["u", "s"])], 2)));
        assert_eq!(
            u(Part::Phrase("strong customer authentication".into())),
            Some((vec![], vec![v(&["strong", "custom", "authent"])], 0))
        );
        assert_eq!(
            u(Part::Phrase("cooling-off".into())),
            Some((vec![], vec![v(&["cool", "off"])], 0))
        );
        assert_eq!(u(Part::Phrase("Brazil".into())), Some((v(&["brazil"]), vec![], 6)));
        assert_eq!(u(Part::Word("*".into())), None);
        assert_eq!(u(Part::Word("(".into())), None);
    }

    #[test]
    fn cjk_words_are_phrases_of_bigrams_and_never_fuzzy() {
        assert_eq!(
            u(Part::Word("电子商务".into())),
            Some((vec![], vec![v(&["电子", "子商", "商务"])], 0))
        );
        // One bigram or one character: a term too short to be misspelt.
        assert_eq!(u(Part::Word("电子".into())), Some((v(&["电子"]), vec![], 2)));
        assert_eq!(u(Part::Word("法".into())), Some((v(&["法"]), vec![], 1)));
        assert_eq!(max_edits(2), 0);
        assert_eq!(
            u(Part::Word("GDPR第5条".into())),
            Some((vec![], vec![v(&["gdpr", "第", "5", "条"])], 0))
        );
    }

    #[test]
    fn every_language_of_the_index_gives_its_stem() {
        let langs = [Lang::English, Lang::from_bcp47("fr"), Lang::from_bcp47("ru")];
        let unit =
            |w: &str| unit(&Part::Word(w.into()), &langs, &langs[..1], &mut Analyzers::default());
        assert_eq!(unit("nationales").map(|u| u.terms), Some(v(&["national", "nationales"])));
        assert_eq!(unit("законы").map(|u| u.terms), Some(v(&["законы", "закон"])));
        // Arabic vowel marks count as typed (as in search.js): a word
        // written with them may be misspelt by as many edits or more.
        let edits = |w: &str| unit(w).map(|u| max_edits(u.chars));
        assert_eq!(edits("حِمَايَة"), edits("حماية"));
    }

    #[test]
    fn a_stem_is_left_out_only_as_a_function_word_of_a_language_typed_in() {
        // Spanish stems `Canada` to `can`, an English function word: on an
        // English site it goes. Spanish `datos` is `dat`, a Dutch function
        // word: it stays unless the reader may be typing Dutch.
        let langs = [Lang::English, Lang::from_bcp47("es"), Lang::from_bcp47("nl")];
        let terms = |w: &str, typed: &[Lang]| {
            unit(&Part::Word(w.into()), &langs, typed, &mut Analyzers::default()).map(|u| u.terms)
        };
        let english = [Lang::English];
        assert!(!terms("Canada", &english).unwrap_or_default().contains(&"can".to_owned()));
        assert!(terms("datos", &english).unwrap_or_default().contains(&"dat".to_owned()));
        let dutch = [Lang::from_bcp47("nl")];
        assert!(!terms("datos", &dutch).unwrap_or_default().contains(&"dat".to_owned()));
    }

    #[test]
    fn distances() {
        assert_eq!(edit_distance("withdrawl", "withdraw", 2), Some(1));
        assert_eq!(edit_distance("adress", "address", 1), Some(1));
        assert_eq!(edit_distance("reciev", "receiv", 1), Some(1));
        assert_eq!(edit_distance("abc", "xyz", 2), None);
        assert_eq!(edit_distance("", "ab", 2), Some(2));
        assert_eq!(max_edits(4), 0);
        assert_eq!(max_edits(6), 1);
        assert_eq!(max_edits(9), 2);
        // By characters, in any script.
        assert_eq!(edit_distance("потребитолей", "потребителей", 1), Some(1));
        assert_eq!(edit_distance("responsabilité", "responsabilite", 1), Some(1));
        assert_eq!(edit_distance("البيانات", "البيانت", 1), Some(1));
        assert_eq!(edit_distance("电子商务", "电子商業", 0), None);
    }
}
