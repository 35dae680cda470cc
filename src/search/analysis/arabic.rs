//! Arabic stemming: the light stemmer of Larkey, Ballesteros and Connell
//! ("light10", 2002), which Lucene's and Elasticsearch's `arabic`
//! analysers use, in place of Snowball's. Snowball's gave one word
//! different stems with and without its article (`بيانات` → `يانا`,
//! `البيانات` → `بيان`; `تجارة` → `تجار`, `التجارة` → `تجاره`), so a word
//! searched without its article missed the records that write it with one.
//! Words come normalised ([`super::script::normalize`]: no vowel marks,
//! bare alef, teh marbuta as heh).

/// Articles and conjunctions taken off the front, at most one, the first
/// that fits.
const PREFIXES: [&str; 7] = ["ال", "وال", "بال", "كال", "فال", "لل", "و"];

/// Endings taken off the back, each in turn where it still fits (teh
/// marbuta is heh here: `ية` and `ة` are `يه` and `ه`).
const SUFFIXES: [&str; 8] = ["ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"];

/// The stem of the normalised Arabic `word`.
pub fn stem(word: &str) -> String {
    let mut w: Vec<char> = article_alone(word).chars().collect();
    for p in PREFIXES {
        let p: Vec<char> = p.chars().collect();
        // A lone `و` leaves 3 letters at least, an article 2.
        let fits = if p.len() == 1 { w.len() > 3 } else { w.len() >= p.len() + 2 };
        if fits && w.starts_with(&p) {
            w.drain(..p.len());
            break;
        }
    }
    for s in SUFFIXES {
        let s: Vec<char> = s.chars().collect();
        if w.len() >= s.len() + 2 && w.ends_with(&s) {
            w.truncate(w.len() - s.len());
        }
    }
    w.into_iter().collect()
}

/// An article before a word that begins with `ال` (`الإلكتروني`,
/// normalised `الالكتروني`; `بالإلكتروني`, `للإلكتروني`): the word as
/// written alone (`إلكتروني`, normalised `الكتروني`), so that both get one
/// stem, the stemmer taking one article off.
pub fn article_alone(w: &str) -> &str {
    for article in ["ال", "وال", "فال", "بال", "كال", "لل"] {
        if let Some(rest) = w.strip_prefix(article)
            && rest.starts_with("ال")
            && rest.chars().count() >= 5
        {
            return rest;
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_has_one_stem_with_and_without_its_article() {
        for (a, b) in [
            ("بيانات", "البيانات"),
            ("تجاره", "التجاره"),
            ("مدفوعات", "المدفوعات"),
            ("منشات", "للمنشات"),
            ("حمايه", "الحمايه"),
            ("شركات", "والشركات"),
            ("معلومات", "بالمعلومات"),
            ("الكتروني", "الالكتروني"),
            ("الكترونيه", "والالكترونيه"),
        ] {
            assert_eq!(stem(a), stem(b), "{a} {b}");
        }
        assert_eq!(stem("بيانات"), "بيان");
        assert_eq!(stem("الكتروني"), "كترون");
        // Short words keep what would leave too little.
        assert_eq!(stem("ولد"), "ولد");
        assert_eq!(stem("دول"), "دول");
    }
}
