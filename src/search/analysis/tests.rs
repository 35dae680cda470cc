//! Tests of the analysis: words, compounds, spelling, term streams.
use super::*;

fn terms(text: &str) -> Vec<String> {
    Analyzer::new(Lang::English).analyze(text).into_iter().map(|t| t.term).collect()
}

#[test]
fn words_are_folded_and_stemmed() {
    assert_eq!(terms("Returning Parcels"), ["return", "parcel"]);
    assert_eq!(terms("Café Déjà-vu"), ["cafe", "deja", "dejavu", "vu"]);
    assert_eq!(terms("GhanaPostGPS"), ["ghanapostgp"]);
    // Turkish capitals: İ is i, as I is; ı folds to i.
    assert_eq!(fold("İSTANBUL"), "istanbul");
    assert_eq!(fold("İstanbul"), fold("ISTANBUL"));
    assert_eq!(fold("IŞIK"), fold("ışık"));
}

#[test]
fn a_numbers_groups_of_thousands_are_also_the_number() {
    assert_eq!(terms("Ley 25.326"), ["ley", "25", "25326", "326"]);
    assert_eq!(terms("13,709/2018"), ["13", "13709", "709", "2018"]);
    assert_eq!(terms("25.326.000"), ["25", "25326000", "326", "000"]);
    // Not a group of thousands: a decimal, four digits before, a word after.
    for t in ["2.0", "1,5", "3.1416", "1234.567", "10.000a"] {
        assert!(
            terms(t).iter().all(|w| w.len() < 5 || !w.contains(['0', '1'])),
            "{t}: {:?}",
            terms(t)
        );
    }
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

#[test]
fn marks_stay_in_their_words_and_acronym_plurals_meet_their_singulars() {
    let terms = |lang: Lang, text: &str| -> Vec<String> {
        Analyzer::new(lang).analyze(text).into_iter().map(|t| t.term).collect()
    };
    // A virama and vowel signs are marks, not word breaks.
    assert_eq!(terms(Lang::Plain, "डेटा हस्तांतरण"), ["डेटा", "हस्तांतरण"]);
    assert_eq!(terms(Lang::from_bcp47("ta"), "தமிழ்").len(), 1);
    // A mark with no word before it is not a word.
    assert!(terms(Lang::Plain, "\u{301}").is_empty());
    assert_eq!(terms(Lang::English, "SMEs SME NGOs LDCs"), ["sme", "sme", "ngo", "ldc"]);
    // Not acronyms: one capital, all capitals, lower case.
    assert_eq!(terms(Lang::English, "Ms DNS"), ["ms", "dns"]);
}

#[test]
fn queries_lose_their_width() {
    use super::normal_query;
    assert_eq!(normal_query("ＧＤＰＲ 第２８条"), "GDPR 第28条");
    assert_eq!(normal_query("ｸﾗｳﾄﾞ"), "クラウド");
    assert_eq!(normal_query("collection：regulations ＂法＂"), "collection:regulations \"法\"");
    assert_eq!(normal_query("𝐝𝐚𝐭𝐚 𝒇𝒍𝒐𝒘𝒔"), "data flows");
    assert!(matches!(normal_query("plain"), std::borrow::Cow::Borrowed(_)));
    // Composed, and without the soft hyphens a copy from a PDF leaves.
    assert_eq!(normal_query("donne\u{301}es"), "données");
    assert_eq!(normal_query("da\u{ad}ta flows"), "data flows");
    // Zero-width spaces copied from a web page; Arabic presentation forms
    // copied from a PDF.
    assert_eq!(normal_query("priv\u{200b}acy \u{feff}law"), "privacy law");
    assert_eq!(normal_query("ﺣﻤﺎﻳﺔ ﺍﻟﺒﻴﺎﻧﺎﺕ"), "حماية البيانات");
}

#[test]
fn presentation_forms_in_text_fold_as_the_letters_they_show() {
    let terms = |lang: Lang, text: &str| -> Vec<String> {
        Analyzer::new(lang).analyze(text).into_iter().map(|t| t.term).collect()
    };
    assert_eq!(
        terms(Lang::from_bcp47("ar"), "ﻗﺎﻧﻮﻥ ﺍﻟﻤﻌﺎﻣﻼﺕ"),
        terms(Lang::from_bcp47("ar"), "قانون المعاملات")
    );
    assert_eq!(terms(Lang::English, "ﬁnancial"), terms(Lang::English, "financial"));
}

#[test]
fn decomposed_text_is_composed_before_folding() {
    // `Sécurité … côtiers` as macOS tools and PDF copies write it.
    let nfd = "Se\u{301}curite\u{301} des E\u{301}tats co\u{302}tiers";
    let mut fr = Analyzer::new(Lang::from_bcp47("fr"));
    let got = fr.analyze(nfd);
    let composed = fr.analyze("Sécurité des États côtiers");
    let terms = |t: &[Token]| t.iter().map(|t| t.term.clone()).collect::<Vec<_>>();
    assert_eq!(terms(&got), terms(&composed));
    assert_eq!(fold("e\u{301}te\u{301}"), "ete");
    // The ranges are the stored text's: the marks belong to their words.
    let spans: Vec<&str> = got.iter().map(|t| &nfd[t.from..t.to]).collect();
    assert_eq!(spans, ["Se\u{301}curite\u{301}", "des", "E\u{301}tats", "co\u{302}tiers"]);
    // A word the records write decomposed is named composed.
    let mut en = Analyzer::new(Lang::English);
    en.collect_words();
    en.analyze("co\u{302}tiers");
    assert_eq!(en.take_words(), ["cotiers\tcôtiers"]);
    // Composed text and text without marks are left as they are.
    assert!(matches!(composed_word("côtiers"), std::borrow::Cow::Borrowed(_)));
    assert!(matches!(composed_word("Hangul\u{1100}"), std::borrow::Cow::Borrowed(_)));
}
