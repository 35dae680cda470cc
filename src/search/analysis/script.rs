//! Script-specific rules of the analysis: which characters are written
//! without spaces (split into character bigrams) and how Arabic-script
//! letters and digits are normalised. `search.js` holds the same tables
//! (`CJK` and `arabicNorm`); the node parity test runs every code point of
//! them through both.

/// Code point ranges of the scripts split into overlapping character
/// bigrams: those written without spaces between words, Han (with its
/// iteration and number marks), Hiragana and Katakana (with half-width
/// Katakana); and Hangul, as Lucene's CJK analyser does: Korean separates
/// phrases with spaces but writes particles and compounds onto words
/// (`개인정보의`), which bigrams still find.
/// Thai, Lao, Myanmar and Khmer are written without spaces too, with
/// vowel and tone marks around their consonants: their bigrams are of
/// clusters, a letter and the marks that follow it (`ข้อมูล` → `ข้อ` `อมู`
/// `มูล`), which a query's own clusters match without a dictionary.
pub const CJK: &[(u32, u32)] = &[
    (0x0e00, 0x0e7f),   // Thai
    (0x0e80, 0x0eff),   // Lao
    (0x1000, 0x109f),   // Myanmar
    (0x1100, 0x11ff),   // Hangul Jamo
    (0x1780, 0x17ff),   // Khmer
    (0x19e0, 0x19ff),   // Khmer symbols
    (0x3005, 0x3007),   // 々 〆 〇
    (0x3021, 0x3029),   // Hangzhou numerals
    (0x3031, 0x3035),   // kana repeat marks
    (0x3038, 0x303c),   // more Hangzhou numerals, masu mark
    (0x3040, 0x30ff),   // Hiragana, Katakana (with ー)
    (0x3130, 0x318f),   // Hangul compatibility Jamo
    (0x31f0, 0x31ff),   // Katakana phonetic extensions
    (0x3400, 0x4dbf),   // CJK extension A
    (0x4e00, 0x9fff),   // CJK unified ideographs
    (0xa960, 0xa97f),   // Hangul Jamo extended A
    (0xac00, 0xd7ff),   // Hangul syllables, Jamo extended B
    (0xf900, 0xfaff),   // CJK compatibility ideographs
    (0xff66, 0xff9f),   // half-width Katakana
    (0x1aff0, 0x1b16f), // Kana extensions and supplement
    (0x20000, 0x3ffff), // CJK extensions B and later, compatibility supplement
];

/// Whether `c` belongs to a script split into bigrams ([`CJK`]).
pub fn is_cjk(c: char) -> bool {
    let c = c as u32;
    c >= 0x0e00 && CJK.iter().any(|&(lo, hi)| c >= lo && c <= hi)
}

/// What normalisation does to one character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Norm {
    /// Left as it is.
    Keep,
    /// Dropped (a vowel mark, the tatweel).
    Drop,
    /// Replaced by another character.
    To(char),
}

/// Arabic-script normalisation, as Lucene's `ArabicNormalizer` and
/// `PersianNormalizer` do, so that text with and without vowel marks, and
/// the spellings of one letter that writers use interchangeably, give the
/// same terms:
/// - harakat and other vowel and hamza marks (U+064B–U+0655, superscript
///   alef U+0670) and the tatweel (U+0640) are dropped;
/// - alef with madda, hamza above or below, and alef wasla become bare alef;
/// - alef maksura, Farsi yeh and yeh barree become yeh; teh marbuta, heh
///   with yeh and heh goal become heh; keheh becomes kaf;
/// - Arabic-Indic and extended (Persian, Urdu) digits become ASCII digits.
///
/// And, as ICU's folding does, Hebrew's points and cantillation marks
/// (niqqud; U+0591–U+05C7 but its punctuation) are dropped, and the
/// digits of the Indic scripts (Devanagari to Malayalam, `२५०`) become
/// ASCII digits.
pub fn normalize(c: char) -> Norm {
    let n = c as u32;
    if (0x0966..=0x0d6f).contains(&n) && (0x66..=0x6f).contains(&(n & 0x7f)) {
        return Norm::To(digit((n & 0x7f) - 0x66));
    }
    match c {
        '\u{0591}'..='\u{05bd}'
        | '\u{05bf}'
        | '\u{05c1}'
        | '\u{05c2}'
        | '\u{05c4}'
        | '\u{05c5}'
        | '\u{05c7}' => Norm::Drop,
        '\u{064b}'..='\u{0655}' | '\u{0670}' | '\u{0640}' => Norm::Drop,
        '\u{0622}' | '\u{0623}' | '\u{0625}' | '\u{0671}' => Norm::To('\u{0627}'),
        '\u{0649}' | '\u{06cc}' | '\u{06d2}' => Norm::To('\u{064a}'),
        '\u{0629}' | '\u{06c0}' | '\u{06c1}' => Norm::To('\u{0647}'),
        '\u{06a9}' => Norm::To('\u{0643}'),
        '\u{0660}'..='\u{0669}' => Norm::To(digit(c as u32 - 0x0660)),
        '\u{06f0}'..='\u{06f9}' => Norm::To(digit(c as u32 - 0x06f0)),
        _ => Norm::Keep,
    }
}

fn digit(d: u32) -> char {
    char::from_digit(d, 10).unwrap_or('0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_ranges() {
        for c in [
            '中', '电', 'ひ', 'カ', 'ー', '々', '〇', 'ｶ', '𠀀', '한', 'ᄀ', 'ข', '\u{0e49}', 'ລ',
            'က', 'ក',
        ] {
            assert!(is_cjk(c), "{c}");
        }
        for c in ['a', 'é', 'я', 'ع', '。', '、', 'Ａ', '1', '｡'] {
            assert!(!is_cjk(c), "{c}");
        }
        // Sorted and disjoint, so the browser's copy can be checked range by range.
        assert!(CJK.windows(2).all(|w| w[0].1 < w[1].0));
    }

    #[test]
    fn arabic_letters_and_digits() {
        assert_eq!(normalize('\u{064e}'), Norm::Drop);
        assert_eq!(normalize('\u{0640}'), Norm::Drop);
        assert_eq!(normalize('أ'), Norm::To('ا'));
        assert_eq!(normalize('إ'), Norm::To('ا'));
        assert_eq!(normalize('آ'), Norm::To('ا'));
        assert_eq!(normalize('ى'), Norm::To('ي'));
        assert_eq!(normalize('ة'), Norm::To('ه'));
        assert_eq!(normalize('ی'), Norm::To('ي'));
        assert_eq!(normalize('ک'), Norm::To('ك'));
        assert_eq!(normalize('٣'), Norm::To('3'));
        assert_eq!(normalize('۷'), Norm::To('7'));
        assert_eq!(normalize('ب'), Norm::Keep);
        // Hebrew points go, its punctuation (maqaf) stays.
        assert_eq!(normalize('\u{05b8}'), Norm::Drop);
        assert_eq!(normalize('\u{05bc}'), Norm::Drop);
        assert_eq!(normalize('\u{05be}'), Norm::Keep);
        assert_eq!(normalize('א'), Norm::Keep);
        // Indic digits, and nothing else of their blocks.
        assert_eq!(normalize('२'), Norm::To('2'));
        assert_eq!(normalize('৫'), Norm::To('5'));
        assert_eq!(normalize('௯'), Norm::To('9'));
        assert_eq!(normalize('൦'), Norm::To('0'));
        assert_eq!(normalize('क'), Norm::Keep);
        assert_eq!(normalize('\u{0970}'), Norm::Keep);
        assert_eq!(normalize('e'), Norm::Keep);
    }
}
