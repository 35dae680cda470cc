//! Language tags: matching a record's language to a site language, and
//! writing direction. Pure and tiny, shared by validation, pages and search.

/// The primary subtag, lower-cased (`en` for `en-GB`, `zh` for `zh-Hans`).
pub fn primary(tag: &str) -> String {
    tag.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase()
}

/// Whether a text in `text_lang` is written in `page_lang`: the same tag
/// (case-insensitive), or `page_lang` is a prefix of it (`en` covers
/// `en-GB`). `en-GB` does not cover `en`: a page that asks for a region
/// gets text in that region's variety or is told it is another.
pub fn covers(page_lang: &str, text_lang: &str) -> bool {
    // Called per record per page: no allocation.
    let (p, t) = (page_lang.as_bytes(), text_lang.as_bytes());
    t.len() >= p.len()
        && t[..p.len()].eq_ignore_ascii_case(p)
        && (t.len() == p.len() || t[p.len()] == b'-')
}

/// Languages written right to left (primary subtags, lower case).
pub const RTL_LANGUAGES: &[&str] =
    &["ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ku", "ps", "sd", "syr", "ug", "ur", "yi"];

/// Script subtags written right to left, whatever the language.
pub const RTL_SCRIPTS: &[&str] = &["arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg"];

/// Script subtags written left to right, whatever the language (`ku-Latn`).
pub const LTR_SCRIPTS: &[&str] = &["latn", "cyrl"];

/// Whether `tag` is written right to left (Arabic, Persian, Hebrew, Urdu,
/// and other scripts of that kind), by primary subtag or by an explicit
/// script subtag (`az-Arab`).
pub fn is_rtl(tag: &str) -> bool {
    let mut parts = tag.split(['-', '_']);
    let first = parts.next().unwrap_or("").to_ascii_lowercase();
    let script = parts.find(|p| p.len() == 4).map(str::to_ascii_lowercase);
    match script {
        Some(s) if LTR_SCRIPTS.contains(&s.as_str()) => false,
        Some(s) if RTL_SCRIPTS.contains(&s.as_str()) => true,
        _ => RTL_LANGUAGES.contains(&first.as_str()),
    }
}

/// `rtl` or `ltr`, for `dir` attributes.
pub fn dir(tag: &str) -> &'static str {
    if is_rtl(tag) { "rtl" } else { "ltr" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coverage_and_direction() {
        assert!(covers("en", "en") && covers("en", "en-GB") && covers("EN", "en-gb"));
        assert!(!covers("en-GB", "en") && !covers("e", "en") && !covers("en", "eng"));
        assert!(is_rtl("ar") && is_rtl("fa-IR") && is_rtl("he") && is_rtl("az-Arab"));
        assert!(!is_rtl("en") && !is_rtl("zh") && !is_rtl("ku-Latn"));
        assert_eq!(dir("ur"), "rtl");
        assert_eq!(primary("zh-Hans-CN"), "zh");
    }
}
