//! Hebrew's abbreviation marks, which smart punctuation would curl.

use pulldown_cmark::Event;

/// `ev`, a Hebrew abbreviation's mark as written where smart punctuation
/// curled it: inside a Hebrew word a `"` or `'` is a gershayim or geresh
/// (`צה"ל`, `ר'`), not a quotation.
pub(super) fn marks_kept<'a>(md: &'a str, ev: Event<'a>, at: std::ops::Range<usize>) -> Event<'a> {
    match ev {
        Event::Text(t) if matches!(&*t, "“" | "”" | "‘" | "’") && in_hebrew_word(md, at.start) => {
            Event::Text(md.get(at).map_or(t, Into::into))
        }
        other => other,
    }
}

/// Whether the ASCII quotation mark at byte `at` of `md` follows a Hebrew
/// letter and, for `"`, comes before one: an abbreviation's gershayim
/// (`צה"ל`) or geresh (`ר'`).
fn in_hebrew_word(md: &str, at: usize) -> bool {
    let hebrew = |c: char| ('\u{5d0}'..='\u{5ea}').contains(&c);
    let (Some(before), Some(rest)) = (md.get(..at), md.get(at..)) else { return false };
    let mut rest = rest.chars();
    let mark = rest.next();
    let after_letter = before.chars().next_back().is_some_and(hebrew);
    match mark {
        Some('\'') => after_letter,
        Some('"') => after_letter && rest.next().is_some_and(hebrew),
        _ => false,
    }
}
