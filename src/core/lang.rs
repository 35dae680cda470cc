//! Language tags: matching a record's language to a site language, and
//! writing direction. Pure and tiny, shared by validation, pages and search.

/// The primary subtag, lower-cased (`en` for `en-GB`, `zh` for `zh-Hans`).
pub fn primary(tag: &str) -> String {
    tag.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase()
}

/// Whether a text in `text_lang` is written in `page_lang`: the same tag
/// (case-insensitive), `page_lang` is a prefix of it (`en` covers
/// `en-GB`), or both name the same language in the same script once CLDR's
/// likely subtags fill in what they leave out (`zh-Hans` covers `zh` and
/// `zh-CN`, all `zh-Hans-CN`; not `zh-TW`, `zh-Hant-TW`). A region the page
/// names must be the text's too: `en-GB` does not cover `en` (`en-Latn-US`),
/// so a page that asks for a region gets text in that region's variety or
/// is told it is another.
pub fn covers(page_lang: &str, text_lang: &str) -> bool {
    // Called per record per page: no allocation on the common paths, and
    // likely subtags only for two tags of one language, once per tag.
    if is_prefix(page_lang, text_lang) {
        return true;
    }
    let (p, t) = (page_lang.as_bytes(), text_lang.as_bytes());
    let first = |b: &[u8]| b.iter().position(|&c| c == b'-' || c == b'_').unwrap_or(b.len());
    if !p[..first(p)].eq_ignore_ascii_case(&t[..first(t)]) {
        return false;
    }
    let (Some(page), Some(text)) = (likely(page_lang), likely(text_lang)) else {
        return false;
    };
    page.full.language == text.full.language
        && page.full.script == text.full.script
        && (!page.region || page.full.region == text.full.region)
        && page.full.variants == text.full.variants
}

/// Whether `text_lang` is `page_lang` or starts with it and a hyphen
/// (`fr-CA` under `fr`), ignoring case: what [`covers`] decides without
/// CLDR.
pub fn is_prefix(page_lang: &str, text_lang: &str) -> bool {
    let (p, t) = (page_lang.as_bytes(), text_lang.as_bytes());
    t.len() >= p.len()
        && t[..p.len()].eq_ignore_ascii_case(p)
        && (t.len() == p.len() || t[p.len()] == b'-')
}

/// A tag with CLDR's likely subtags added, and whether it named a region.
#[derive(Clone)]
struct Likely {
    full: icu_locale_core::LanguageIdentifier,
    region: bool,
}

/// [`Likely`] of `tag`, `None` when it does not parse; computed once per
/// tag and thread (rendering runs on several).
fn likely(tag: &str) -> Option<Likely> {
    use std::cell::RefCell;
    use std::collections::HashMap;
    thread_local! {
        static EXPANDER: icu_locale::LocaleExpander = const { icu_locale::LocaleExpander::new_extended() };
        static SEEN: RefCell<HashMap<String, Option<Likely>>> = RefCell::new(HashMap::new());
    }
    if let Some(hit) = SEEN.with_borrow(|seen| seen.get(tag).cloned()) {
        return hit;
    }
    let found = tag.replace('_', "-").parse::<icu_locale_core::LanguageIdentifier>().ok().map(
        |mut full| {
            let region = full.region.is_some();
            EXPANDER.with(|e| e.maximize(&mut full));
            Likely { full, region }
        },
    );
    SEEN.with_borrow_mut(|seen| seen.insert(tag.to_owned(), found.clone()));
    found
}

/// `tag` as Open Graph's `og:locale` wants it, `language_TERRITORY`: the
/// region it names, else CLDR's likely one (`en` → `en_US`, `fr` →
/// `fr_FR`, `ar` → `ar_EG`, `zh-Hant` → `zh_TW`). A tag CLDR cannot place
/// (or that does not parse) is given with `_` for `-`, as before.
pub fn og_locale(tag: &str) -> String {
    match likely(tag) {
        Some(Likely { full, .. }) if full.region.is_some() && !full.language.is_unknown() => {
            let region = full.region.map(|r| r.to_string()).unwrap_or_default();
            format!("{}_{region}", full.language)
        }
        _ => tag.replace('-', "_"),
    }
}

/// Whether one of two tags is a variety of the other (`es` and `es-419`,
/// `fr-FR` and `fr`, or the same): texts in one serve pages in the other
/// where these have none of their own.
pub fn same_line(a: &str, b: &str) -> bool {
    covers(a, b) || covers(b, a)
}

/// Whether `tag` is another variety of `site_lang`'s language, not a
/// misspelling of it: the same language, a tag CLDR knows, and neither a
/// variety of the other (`pt-PT` beside `pt-BR`, `zh-Hans` beside
/// `zh-Hant`). Renaming its texts to the site's would relabel them.
pub fn is_other_variety(tag: &str, site_lang: &str) -> bool {
    primary(tag) == primary(site_lang)
        && !same_line(tag, site_lang)
        && crate::core::rules::is_language_tag(tag)
        && is_known_language(tag)
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

/// Whether `text` holds a letter of a right-to-left script (Hebrew,
/// Arabic, Syriac, Thaana, N'Ko and their extensions and presentation
/// forms, and the historic scripts of the supplementary planes' RTL block).
pub fn has_rtl_letters(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
    })
}

/// `rtl` or `ltr`, for `dir` attributes.
pub fn dir(tag: &str) -> &'static str {
    if is_rtl(tag) { "rtl" } else { "ltr" }
}

/// Whether CLDR knows the primary language of `tag` (it has likely subtags
/// for it: `ja` yes, `jp` or `xx` no). A tag that does not parse is not.
pub fn is_known_language(tag: &str) -> bool {
    use icu_locale::{LocaleExpander, TransformResult};
    use icu_locale_core::LanguageIdentifier;
    let Ok(language) = primary(tag).parse::<icu_locale_core::subtags::Language>() else {
        return false;
    };
    let mut id = LanguageIdentifier::from((language, None, None));
    !language.is_unknown()
        && LocaleExpander::new_extended().maximize(&mut id) == TransformResult::Modified
}

/// The language most likely meant by an unknown primary subtag that is a
/// country's code (`jp` → `ja`, `kr` → `ko`, `cn` → `zh`): CLDR's likely
/// language of that country.
pub fn language_of_country(tag: &str) -> Option<String> {
    use icu_locale::LocaleExpander;
    use icu_locale_core::LanguageIdentifier;
    let code = primary(tag);
    if code.len() != 2 {
        return None;
    }
    let region = code.to_ascii_uppercase().parse::<icu_locale_core::subtags::Region>().ok()?;
    let mut id =
        LanguageIdentifier::from((icu_locale_core::subtags::Language::UNKNOWN, None, Some(region)));
    LocaleExpander::new_extended().maximize(&mut id);
    (!id.language.is_unknown()).then(|| id.language.to_string())
}

/// `tag` with the case BCP 47 recommends (`RU` → `ru`, `pt-br` → `pt-BR`,
/// `zh-hant` → `zh-Hant`), or as it is when it does not parse: tags match
/// whatever their case, but a page, a dataset and the search index should
/// each say one.
pub fn canonical_case(tag: &str) -> String {
    tag.parse::<icu_locale_core::Locale>().map_or_else(|_| tag.to_owned(), |l| l.to_string())
}

/// The tag an editor most likely meant by `text` where a tag belongs: a
/// POSIX locale's (`pt_BR` → `pt-BR`), or the language a name names, in
/// English or in the language itself (`Portuguese`, `russian`, `русский`,
/// `français` → `pt`, `ru`, `ru`, `fr`), from CLDR's names of the
/// two-letter languages it knows.
pub fn tag_for_name(text: &str) -> Option<String> {
    let text = text.trim();
    if text.contains('_') {
        let dashed = text.replace('_', "-");
        if crate::core::rules::is_language_tag(&dashed) && is_known_language(&dashed) {
            return Some(canonical_case(&dashed));
        }
    }
    language_names().get(&text.to_lowercase()).cloned()
}

/// Languages whose own name for themselves [`tag_for_name`] knows: those an
/// editor most likely writes a name in (CLDR has names in each; asking for
/// a language it has none in is logged by ICU's debug builds).
const AUTONYMS: &[&str] = &[
    "ar", "bn", "cs", "da", "de", "el", "en", "es", "fa", "fi", "fr", "he", "hi", "hu", "id", "it",
    "ja", "ko", "ms", "nl", "pl", "pt", "ro", "ru", "sv", "th", "tr", "uk", "vi", "zh",
];

/// Lower-cased names of the two-letter languages CLDR knows, in English
/// (and of [`AUTONYMS`] in themselves), to their tag: made once, and only
/// when a tag is wrong.
fn language_names() -> &'static std::collections::HashMap<String, String> {
    use icu_experimental::displaynames::DisplayNamesOptions;
    use icu_experimental::displaynames::multi::LocaleDisplayNamesFormatter;
    use icu_locale_core::Locale;
    static NAMES: std::sync::OnceLock<std::collections::HashMap<String, String>> =
        std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        let formatter = |l: &Locale| {
            LocaleDisplayNamesFormatter::try_new(l.into(), DisplayNamesOptions::default()).ok()
        };
        let english = "en".parse::<Locale>().ok().and_then(|l| formatter(&l));
        let mut out = std::collections::HashMap::new();
        for code in (b'a'..=b'z').flat_map(|a| (b'a'..=b'z').map(move |b| [a, b])) {
            let code = String::from_utf8_lossy(&code).into_owned();
            let Ok(locale) = code.parse::<Locale>() else { continue };
            if !is_known_language(&code) {
                continue;
            }
            let own = AUTONYMS.contains(&code.as_str()).then(|| formatter(&locale)).flatten();
            for names in [english.as_ref(), own.as_ref()].into_iter().flatten() {
                let name = names.of(&locale).to_lowercase();
                // The formatter answers with the tag where it has no name.
                if name != code {
                    out.entry(name).or_insert_with(|| code.clone());
                }
            }
        }
        out
    })
}

/// The site language `tag` most likely stands for when it is not one: a
/// site language of its primary subtag (`fr-FR` → `fr`); for a tag CLDR
/// does not know, the language of the country whose code it is (`jp` →
/// `ja`), else the site language spelt nearest; `None` for a real
/// language the site does not have.
pub fn meant_site_language<'a>(tag: &str, site: &[&'a str]) -> Option<&'a str> {
    let own = primary(tag);
    if let Some(s) = site.iter().find(|s| primary(s) == own) {
        return Some(s);
    }
    if is_known_language(tag) {
        return None;
    }
    if let Some(l) = language_of_country(tag)
        && let Some(s) = site.iter().find(|s| s.eq_ignore_ascii_case(&l))
    {
        return Some(s);
    }
    let near = crate::core::diag::did_you_mean(tag, site.iter().copied())?;
    site.iter().find(|s| **s == near).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_graph_locales_name_a_territory() {
        for (tag, og) in [
            ("en", "en_US"),
            ("fr", "fr_FR"),
            ("pt-BR", "pt_BR"),
            ("zh-Hant", "zh_TW"),
            ("ar", "ar_EG"),
            ("x-klingon", "x_klingon"),
            ("", ""),
        ] {
            assert_eq!(og_locale(tag), og, "{tag}");
        }
    }

    #[test]
    fn known_languages_and_country_codes() {
        for ok in ["ja", "he", "ko", "hi", "en-GB", "zh-Hans", "es-419", "se", "yue"] {
            assert!(is_known_language(ok), "{ok}");
        }
        for bad in ["jp", "xx-bogus", "", "1"] {
            assert!(!is_known_language(bad), "{bad}");
        }
        assert_eq!(language_of_country("jp").as_deref(), Some("ja"));
        assert_eq!(language_of_country("kr").as_deref(), Some("ko"));
        assert_eq!(language_of_country("xx-bogus"), None);
        assert_eq!(meant_site_language("jp", &["zh", "ja", "es"]), Some("ja"));
        for (text, tag) in [
            ("russian", "ru"),
            ("Portuguese", "pt"),
            ("русский", "ru"),
            ("français", "fr"),
            ("pt_BR", "pt-BR"),
            ("zh_hant", "zh-Hant"),
        ] {
            assert_eq!(tag_for_name(text).as_deref(), Some(tag), "{text}");
        }
        assert_eq!(tag_for_name("qqq"), None);
        assert_eq!(canonical_case("PT-br"), "pt-BR");
        assert_eq!(canonical_case("RU"), "ru");
        assert_eq!(meant_site_language("de", &["zh", "ja", "es"]), None);
    }

    #[test]
    fn coverage_and_direction() {
        assert!(covers("en", "en") && covers("en", "en-GB") && covers("EN", "en-gb"));
        assert!(!covers("en-GB", "en") && !covers("e", "en") && !covers("en", "eng"));
        // The same language and script once CLDR fills them in.
        for text in ["zh", "zh-CN", "ZH-cn", "zh-Hans-CN", "zh-SG", "zh_CN"] {
            assert!(covers("zh-Hans", text), "{text}");
        }
        for text in ["zh-Hant", "zh-TW", "zh-HK", "zh-Hant-CN"] {
            assert!(!covers("zh-Hans", text), "{text}");
        }
        assert!(covers("zh-Hant", "zh-TW") && !covers("zh-Hant", "zh") && covers("zh", "zh-Hans"));
        assert!(covers("sr-Cyrl", "sr") && !covers("sr-Cyrl", "sr-Latn"));
        assert!(covers("ar", "ar-SA") && covers("zh-CN", "zh") && !covers("zh-TW", "zh"));
        assert!(same_line("zh-CN", "zh-Hans") && !same_line("zh-Hans", "zh-Hant"));
        assert!(!is_other_variety("zh", "zh-Hans") && is_other_variety("zh-Hant", "zh-Hans"));
        assert!(is_rtl("ar") && is_rtl("fa-IR") && is_rtl("he") && is_rtl("az-Arab"));
        assert!(!is_rtl("en") && !is_rtl("zh") && !is_rtl("ku-Latn"));
        assert_eq!(dir("ur"), "rtl");
        assert_eq!(primary("zh-Hans-CN"), "zh");
    }
}
