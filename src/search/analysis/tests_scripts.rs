//! Tests of the analysis outside English: CJK bigrams, Arabic
//! normalisation, other scripts' folding and stemming.

use super::*;

fn terms(lang: &str, text: &str) -> Vec<String> {
    Analyzer::new(Lang::from_bcp47(lang)).analyze(text).into_iter().map(|t| t.term).collect()
}

fn grams(text: &str) -> Vec<(String, u32, Kind)> {
    Analyzer::new(Lang::from_bcp47("zh"))
        .analyze(text)
        .into_iter()
        .map(|t| (t.term, t.position, t.kind))
        .collect()
}

fn g(term: &str, position: u32, kind: Kind) -> (String, u32, Kind) {
    (term.to_owned(), position, kind)
}

#[test]
fn cjk_runs_become_bigrams_and_characters() {
    assert_eq!(
        grams("电子商务"),
        [
            g("电子", 0, Kind::Word),
            g("电", 0, Kind::Char),
            g("子商", 1, Kind::Word),
            g("子", 1, Kind::Char),
            g("商务", 2, Kind::Word),
            g("商", 2, Kind::Char),
            g("务", 2, Kind::Char),
        ]
    );
    // One character alone is a word; the next word follows the last bigram.
    assert_eq!(
        grams("法 中国 x"),
        [
            g("法", 0, Kind::Word),
            g("中国", 1, Kind::Word),
            g("中", 1, Kind::Char),
            g("国", 1, Kind::Char),
            g("x", 2, Kind::Word),
        ]
    );
}

#[test]
fn mixed_runs_split_by_script() {
    let t = grams("GDPR第5条");
    assert_eq!(
        t,
        [
            g("gdpr", 0, Kind::Word),
            g("第", 1, Kind::Word),
            g("5", 2, Kind::Word),
            g("条", 3, Kind::Word)
        ]
    );
    // Japanese: kanji and kana alike; Latin inside stays a word.
    let words: Vec<String> = Analyzer::new(Lang::Plain)
        .analyze("個人情報のPDF")
        .into_iter()
        .filter(|t| t.kind == Kind::Word)
        .map(|t| t.term)
        .collect();
    assert_eq!(words, ["個人", "人情", "情報", "報の", "pdf"]);
    // Korean: Hangul syllables too, so a word is found with its particle.
    let words: Vec<String> = Analyzer::new(Lang::Plain)
        .analyze("개인정보의")
        .into_iter()
        .filter(|t| t.kind == Kind::Word)
        .map(|t| t.term)
        .collect();
    assert_eq!(words, ["개인", "인정", "정보", "보의"]);
    // No compound across CJK: the hyphen just separates.
    assert_eq!(terms("zh", "e-商务"), ["e", "商务", "商", "务"]);
}

/// Every substring of a CJK run is found: the query's bigrams sit at
/// consecutive positions of the text's.
#[test]
fn any_word_inside_a_cjk_run_is_at_consecutive_positions() {
    let text = "中华人民共和国电子商务法";
    let index = Analyzer::new(Lang::Plain).analyze(text);
    let chars: Vec<char> = text.chars().collect();
    for len in 1..=chars.len() {
        for start in 0..=chars.len() - len {
            let q: String = chars[start..start + len].iter().collect();
            let query = Analyzer::new(Lang::Plain).analyze(&q);
            let words: Vec<&str> =
                query.iter().filter(|t| t.kind == Kind::Word).map(|t| t.term.as_str()).collect();
            let found = index.iter().any(|first| {
                words.iter().enumerate().all(|(i, w)| {
                    index.iter().any(|t| t.term == *w && t.position == first.position + i as u32)
                })
            });
            assert!(found, "{q}");
        }
    }
}

#[test]
fn cjk_characters_neither_fold_nor_change_case() {
    for &(lo, hi) in script::CJK {
        for c in (lo..=hi).filter_map(char::from_u32) {
            if c.is_alphanumeric() {
                assert_eq!(fold(&c.to_string()), c.to_string(), "U+{:04X}", c as u32);
            }
        }
    }
}

#[test]
fn arabic_is_normalised_before_stemming() {
    // With and without harakat, tatweel, hamza on the alef.
    let plain = terms("ar", "المحكمة الاتحادية");
    assert_eq!(terms("ar", "الْمَحْكَمَةُ الاتّحاديّة"), plain);
    assert_eq!(terms("ar", "المحـــكمة الإتحادية"), plain);
    assert_eq!(terms("ar", "أحمد"), terms("ar", "احمد"));
    assert_eq!(terms("ar", "مستشفى"), terms("ar", "مستشفي"));
    assert_eq!(terms("ar", "القانون رقم ١٢٣"), terms("ar", "القانون رقم 123"));
    assert!(terms("ar", "١٢٣").contains(&"123".to_owned()));
    // The article before a word that begins with `ال` (`إلكتروني`).
    let alone = terms("ar", "إلكتروني");
    for w in ["الإلكتروني", "الالكتروني", "بالإلكتروني", "للإلكتروني", "الكتروني"]
    {
        assert_eq!(terms("ar", w), alone, "{w}");
    }
    assert_eq!(terms("ar", "والإلكترونية"), terms("ar", "إلكترونية"));
    assert_eq!(terms("ar", "الالتزام"), terms("ar", "التزام"));
    // A lone tatweel is no word.
    assert!(terms("ar", "ـ").is_empty());
    // Persian letters meet their Arabic forms; nothing is lost.
    assert_eq!(terms("fa", "کتابی"), terms("fa", "كتابي"));
    assert_eq!(fold("ۀ"), "ه");
}

#[test]
fn other_scripts_are_lower_cased_not_folded_away() {
    // tantivy's ASCII folding leaves non-Latin letters alone.
    for c in "абвгдеёжзийклмнопрстуфхцчшщъыьэюяαβγδεζηθικλμνξοπρστυφχψωابتثجحخدذرزسشصضطظعغفقكلمنهوي"
        .chars()
    {
        assert_eq!(fold_char(c), c.to_string(), "{c}");
    }
    assert_eq!(fold("ПРАВО"), "право");
    assert_eq!(fold("ΝΌΜΟΣ"), "νόμοσ");
    assert_eq!(
        terms("ru", "Законы о защите прав потребителей"),
        ["закон", "о", "защ", "прав", "потребител"]
    );
    assert_eq!(terms("ru", "закона"), terms("ru", "законы"));
    assert_eq!(terms("el", "ΝΟΜΟΣ"), terms("el", "νομοσ"));
    assert_eq!(terms("fr", "Régulations nationales"), terms("fr", "régulation nationale"));
    assert_eq!(terms("es", "protección"), terms("es", "proteccion"));
    assert_eq!(terms("pt", "proteção"), terms("pt", "protecao"));
    assert_eq!(terms("pt", "consumidores"), terms("pt", "consumidor"));
    assert_eq!(terms("de", "Straße"), terms("de", "strasse"));
}

#[test]
fn snippets_mark_a_cjk_word_as_one() {
    let mut a = Analyzer::new(Lang::Plain);
    let terms: std::collections::HashSet<String> =
        ["电子", "子商", "商务"].iter().map(|t| t.to_string()).collect();
    let s = crate::search::snippet::make("中华人民共和国电子商务法", "", &terms, &mut a);
    let marked: Vec<&str> = s.highlights.iter().map(|&(f, t)| &s.text[f..t]).collect();
    assert_eq!(marked, ["电子商务"]);
}

/// Only Arabic normalisation empties a word (search.js's English-only
/// analysis has no check for it): ASCII folding never folds a letter or
/// digit to nothing.
#[test]
fn ascii_folding_never_empties_a_character() {
    for c in (0x80..0x3_0000).filter_map(char::from_u32).filter(|c| c.is_alphanumeric()) {
        if matches!(script::normalize(c), script::Norm::Drop) {
            continue;
        }
        // A presentation form of vowel marks alone (U+FC5E, shadda with
        // dammatan) is those marks, which Arabic normalisation drops.
        let marks = |c: char| {
            use unicode_normalization::UnicodeNormalization;
            std::iter::once(c)
                .nfkc()
                .all(|d| d.is_whitespace() || matches!(script::normalize(d), script::Norm::Drop))
        };
        if marks(c) {
            continue;
        }
        assert!(!fold(&c.to_string()).is_empty(), "U+{:04X}", c as u32);
    }
}
