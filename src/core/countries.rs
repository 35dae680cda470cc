//! ISO 3166-1 country codes, from the `rust_iso3166` tables, and hints for
//! the usual mistakes: a name ("Kenya") or an alpha-2 code ("KE"); and
//! each country's name in other languages, from CLDR (ICU4X's compiled
//! data): the names pages show ("Chine", "الصين"), which search and
//! `compare` accept too.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock, RwLock};

use icu_experimental::displaynames::DisplayNamesOptions;
use icu_experimental::displaynames::multi::RegionDisplayNames;
use icu_locale_core::Locale;
use icu_locale_core::subtags::Region;

use crate::core::diag::did_you_mean;

/// The ISO short name of an alpha-3 code (upper case), if it is one.
pub fn name(alpha3: &str) -> Option<&'static str> {
    rust_iso3166::from_alpha3(alpha3).map(|c| c.name)
}

/// Whether `code` is an assigned ISO 3166-1 alpha-3 code (upper case).
pub fn is_alpha3(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) && name(code).is_some()
}

/// Codes ISO 3166-1 withdrew (ISO 3166-3), alpha-3 and alpha-2 (where it
/// names one country), with the name, the year and the codes now used.
const WITHDRAWN: &[(&str, &str, &str, u16, &[&str])] = &[
    ("ANT", "AN", "Netherlands Antilles", 2010, &["BES", "CUW", "SXM"]),
    ("BUR", "BU", "Burma", 1989, &["MMR"]),
    ("CSK", "", "Czechoslovakia", 1993, &["CZE", "SVK"]),
    ("DDR", "DD", "German Democratic Republic", 1990, &["DEU"]),
    ("DHY", "DY", "Dahomey", 1977, &["BEN"]),
    ("FXX", "FX", "France, Metropolitan", 1997, &["FRA"]),
    ("HVO", "HV", "Upper Volta", 1984, &["BFA"]),
    ("NHB", "NH", "New Hebrides", 1980, &["VUT"]),
    ("RHO", "RH", "Southern Rhodesia", 1980, &["ZWE"]),
    ("ROM", "", "Romania (its former code)", 2002, &["ROU"]),
    ("SCG", "", "Serbia and Montenegro", 2006, &["SRB", "MNE"]),
    (
        "SUN",
        "SU",
        "USSR",
        1992,
        &[
            "RUS", "ARM", "AZE", "BLR", "EST", "GEO", "KAZ", "KGZ", "LTU", "LVA", "MDA", "TJK",
            "TKM", "UKR", "UZB",
        ],
    ),
    ("TMP", "TP", "East Timor", 2002, &["TLS"]),
    ("YMD", "YD", "Democratic Yemen", 1990, &["YEM"]),
    ("YUG", "YU", "Yugoslavia", 2003, &["SRB", "MNE", "BIH", "HRV", "MKD", "SVN"]),
    ("ZAR", "ZR", "Zaire", 1997, &["COD"]),
];

/// For a code ISO 3166-1 has withdrawn (`ANT`, `YU`), how to write it now;
/// a guess by spelling would name another country (`ANT` is not `ATA`).
pub fn withdrawn_help(value: &str) -> Option<String> {
    let upper = value.trim().to_ascii_uppercase();
    let (a3, _, name, year, now) =
        WITHDRAWN.iter().find(|w| w.0 == upper || (!w.1.is_empty() && w.1 == upper))?;
    let codes = match now {
        [one] => format!("`{one}`"),
        _ => now.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", "),
    };
    let which = if now.len() > 1 { "the code of the country it now is, one of" } else { "" };
    Some(format!(
        "`{a3}` ({name}) was withdrawn from ISO 3166-1 in {year}: use {which}{}{codes}",
        if which.is_empty() { "" } else { " " }
    ))
}

/// The help for a code data sets give Kosovo (`XKX`, from ISO 3166's
/// user-assigned range, as the EU and the World Bank write it; `XK`,
/// `KSV`, `KOS`), which the standard has no entry for: a `regions` term
/// stands for it. Other user-assigned codes (`XYZ`) are more often typos.
pub fn kosovo_help(code: &str) -> Option<String> {
    let c = code.trim();
    let kosovo = ["XKX", "XKS", "XK", "KSV", "KOS"].iter().any(|k| k.eq_ignore_ascii_case(c));
    kosovo.then(|| {
        format!(
            "`{c}` is what the EU and the World Bank write for Kosovo, which ISO 3166 has no \
             code for: add a `regions` term `xkx: {{label: Kosovo, aliases: [{c}]}}` to \
             content/_taxonomies.yaml and write `xkx`"
        )
    })
}

/// The names besides its ISO short name that a country may be given: its
/// everyday names, then its CLDR names in `langs` (search filters and the
/// compare page take them all).
pub fn names_in<'a>(
    alpha3: &'a str,
    langs: impl IntoIterator<Item = &'a str> + 'a,
) -> impl Iterator<Item = String> + 'a {
    let everyday = other_names(alpha3).map(str::to_owned);
    everyday.chain(langs.into_iter().filter_map(move |l| name_in(l, alpha3)))
}

/// The alpha-3 code that a wrong country value most likely meant.
pub fn suggest(value: &str) -> Option<&'static str> {
    if let Some(code) = lookup(value) {
        return Some(code);
    }
    let names = rust_iso3166::ALL.iter().map(|c| c.name);
    let best = did_you_mean(value.trim(), names)?;
    rust_iso3166::ALL.iter().find(|c| c.name == best).map(|c| c.alpha3)
}

/// The alpha-3 code that `value` names exactly, case aside: an alpha-3 or
/// alpha-2 code, an ISO short name or an everyday one ("Russia"); no guess.
pub fn lookup(value: &str) -> Option<&'static str> {
    let v = value.trim();
    let upper = v.to_ascii_uppercase();
    if upper.len() == 3 && is_alpha3(&upper) {
        return rust_iso3166::from_alpha3(&upper).map(|c| c.alpha3);
    }
    if upper.len() == 2
        && let Some(c) = rust_iso3166::from_alpha2(&upper)
    {
        return Some(c.alpha3);
    }
    let lower = v.to_lowercase();
    // Exact names first, including the common short forms ISO spells differently.
    if let Some(code) = common_name(&lower) {
        return Some(code);
    }
    if let Some(c) = rust_iso3166::ALL.iter().find(|c| c.name.to_lowercase() == lower) {
        return Some(c.alpha3);
    }
    // ISO names such as "Korea, Republic of" or "Tanzania, United Republic of"
    // start with the name people write.
    if lower.len() >= 4
        && let Some(c) = rust_iso3166::ALL.iter().find(|c| {
            let n = c.name.to_lowercase();
            n.starts_with(&format!("{lower},")) || n.starts_with(&format!("{lower} ("))
        })
    {
        return Some(c.alpha3);
    }
    None
}

// Everyday names that differ from the ISO short names, lower case.
const COMMON: &[(&str, &str)] = &[
    ("united states", "USA"),
    ("usa", "USA"),
    ("us", "USA"),
    ("united states of america", "USA"),
    ("america", "USA"),
    ("united kingdom", "GBR"),
    ("uk", "GBR"),
    ("great britain", "GBR"),
    ("britain", "GBR"),
    ("england", "GBR"),
    ("russia", "RUS"),
    ("south korea", "KOR"),
    ("korea", "KOR"),
    ("republic of korea", "KOR"),
    ("north korea", "PRK"),
    ("turkey", "TUR"),
    ("türkiye", "TUR"),
    ("turkiye", "TUR"),
    ("vietnam", "VNM"),
    ("viet nam", "VNM"),
    ("iran", "IRN"),
    ("syria", "SYR"),
    ("laos", "LAO"),
    ("bolivia", "BOL"),
    ("venezuela", "VEN"),
    ("tanzania", "TZA"),
    ("moldova", "MDA"),
    ("czech republic", "CZE"),
    ("czechia", "CZE"),
    ("ivory coast", "CIV"),
    ("côte d'ivoire", "CIV"),
    ("cote d'ivoire", "CIV"),
    ("taiwan", "TWN"),
    ("palestine", "PSE"),
    ("democratic republic of the congo", "COD"),
    ("dr congo", "COD"),
    ("drc", "COD"),
    ("congo-kinshasa", "COD"),
    ("republic of the congo", "COG"),
    ("congo-brazzaville", "COG"),
    ("people's republic of china", "CHN"),
    ("people’s republic of china", "CHN"),
    ("prc", "CHN"),
    ("mainland china", "CHN"),
    ("uae", "ARE"),
    ("the netherlands", "NLD"),
    ("holland", "NLD"),
    ("brunei", "BRN"),
    ("cape verde", "CPV"),
    ("east timor", "TLS"),
    ("swaziland", "SWZ"),
    ("burma", "MMR"),
    ("macedonia", "MKD"),
    ("the bahamas", "BHS"),
    ("the gambia", "GMB"),
    ("vatican", "VAT"),
    ("vatican city", "VAT"),
    ("micronesia", "FSM"),
];

fn common_name(lower: &str) -> Option<&'static str> {
    COMMON.iter().find(|(name, _)| *name == lower).map(|(_, code)| *code)
}

/// The other names of alpha-3 code `alpha3` that [`lookup`] reads: its
/// alpha-2 code and its everyday names (not its ISO short name).
pub fn other_names(alpha3: &str) -> impl Iterator<Item = &'static str> {
    let alpha2 = rust_iso3166::from_alpha3(alpha3).map(|c| c.alpha2);
    let everyday = COMMON.iter().filter(move |(_, code)| *code == alpha3).map(|(name, _)| *name);
    alpha2.into_iter().chain(everyday)
}

/// The names of alpha-3 code `alpha3` that search finds its records by,
/// besides its ISO and CLDR names: its alpha-2 code and everyday names
/// (`Turkey`, `Viet Nam`, `Czech Republic`), but not those that name more
/// than the country (`America`) or are a common word (`us`).
pub fn places_names(alpha3: &str) -> impl Iterator<Item = &'static str> {
    other_names(alpha3).filter(|n| !matches!(*n, "america" | "us"))
}

/// CLDR's name of country `alpha3` in language `lang` ("Chine" in `fr`,
/// "الصين" in `ar`, "China" in `en`), or `None` for a code ISO does not
/// assign, a language CLDR has no data for, or a region it does not name.
pub fn name_in(lang: &str, alpha3: &str) -> Option<String> {
    let alpha2 = rust_iso3166::from_alpha3(alpha3)?.alpha2;
    let region = alpha2.parse::<Region>().ok()?;
    regions(lang)?.of(region).map(str::to_owned)
}

/// A country's name as pages in `lang` show it: CLDR's, or `None` for
/// English, whose pages (and the datasets) use the standard's own short
/// names ([`name`]), and for codes CLDR does not name.
pub fn page_name(lang: &str, alpha3: &str) -> Option<String> {
    if crate::core::lang::primary(lang) == "en" {
        return None;
    }
    name_in(lang, alpha3)
}

/// A country's name as pages in `lang` show it, falling back to ISO's
/// short name: [`page_name`], else [`name`]; `None` for a code ISO does
/// not assign.
pub fn shown_name(lang: &str, alpha3: &str) -> Option<String> {
    page_name(lang, alpha3).or_else(|| name(alpha3).map(str::to_owned))
}

/// The region names of `lang`, made once per language and process.
fn regions(lang: &str) -> Option<Arc<RegionDisplayNames>> {
    type Cache = RwLock<HashMap<String, Option<Arc<RegionDisplayNames>>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Cache::default);
    if let Ok(map) = cache.read()
        && let Some(r) = map.get(lang)
    {
        return r.clone();
    }
    let made = lang.parse::<Locale>().ok().and_then(|locale| {
        RegionDisplayNames::try_new((&locale).into(), DisplayNamesOptions::default()).ok()
    });
    let made = made.map(Arc::new);
    if let Ok(mut map) = cache.write() {
        map.entry(lang.to_owned()).or_insert_with(|| made.clone());
    }
    made
}

/// [`lookup`], and else the country whose CLDR name in one of `langs`
/// (a site's languages) is `value`, case aside: `Chine`, `الصين`, `日本`.
pub fn lookup_in<'l>(
    value: &str,
    langs: impl IntoIterator<Item = &'l str>,
) -> Option<&'static str> {
    if let Some(code) = lookup(value) {
        return Some(code);
    }
    let lower = value.trim().to_lowercase();
    for lang in langs {
        if let Some(c) = rust_iso3166::ALL
            .iter()
            .find(|c| name_in(lang, c.alpha3).is_some_and(|n| n.to_lowercase() == lower))
        {
            return Some(c.alpha3);
        }
    }
    None
}

/// [`suggest`], knowing the CLDR names in `langs` too: the country
/// `value` names ([`lookup_in`]), else the nearest of the ISO short names
/// and those (`Chien` → `CHN` on a French site).
pub fn suggest_in<'l>(
    value: &str,
    langs: impl IntoIterator<Item = &'l str> + Clone,
) -> Option<&'static str> {
    if let Some(code) = lookup_in(value, langs.clone()) {
        return Some(code);
    }
    let mut names: Vec<(String, &'static str)> =
        rust_iso3166::ALL.iter().map(|c| (c.name.to_owned(), c.alpha3)).collect();
    for lang in langs {
        names.extend(
            rust_iso3166::ALL.iter().filter_map(|c| Some((name_in(lang, c.alpha3)?, c.alpha3))),
        );
    }
    // A word of one country's name alone (`السعودية` for
    // `المملكة العربية السعودية`, `Emirates`): that country, when no other
    // name has the word; nearer than a name spelled alike (`السويد`).
    let wanted = words(value);
    if !wanted.is_empty() {
        let mut having = names.iter().filter(|(n, _)| {
            let have = words(n);
            have.windows(wanted.len()).any(|w| w == wanted.as_slice())
        });
        if let Some((_, code)) = having.next()
            && having.all(|(_, c)| c == code)
        {
            return Some(*code);
        }
    }
    let best = did_you_mean(value.trim(), names.iter().map(|(n, _)| n.as_str()))?;
    names.iter().find(|(n, _)| n == best).map(|(_, code)| *code)
}

/// The lower-cased words of a name, without its punctuation.
fn words(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn withdrawn_codes_name_what_replaced_them() {
        assert_eq!(
            withdrawn_help("ANT").as_deref(),
            Some(
                "`ANT` (Netherlands Antilles) was withdrawn from ISO 3166-1 in 2010: use the code of the country it now is, one of `BES`, `CUW`, `SXM`"
            )
        );
        assert_eq!(
            withdrawn_help("zr").as_deref(),
            Some("`ZAR` (Zaire) was withdrawn from ISO 3166-1 in 1997: use `COD`")
        );
        // Every code named now is assigned, and none withdrawn is.
        for w in WITHDRAWN {
            assert!(w.4.iter().all(|c| is_alpha3(c)), "{}", w.0);
            assert!(!is_alpha3(w.0), "{}", w.0);
        }
        assert_eq!(withdrawn_help("KEN"), None);
    }

    #[test]
    fn codes_and_hints() {
        assert!(is_alpha3("KEN"));
        assert!(!is_alpha3("ken"));
        assert!(!is_alpha3("KE"));
        assert_eq!(suggest("Kenya"), Some("KEN"));
        assert_eq!(suggest("KE"), Some("KEN"));
        assert_eq!(suggest("ken"), Some("KEN"));
        assert_eq!(suggest("Keyna"), Some("KEN"));
        assert_eq!(suggest("South Korea"), Some("KOR"));
        assert_eq!(suggest("Bolivia"), Some("BOL"));
        assert_eq!(suggest("zzzzzz"), None);
        assert_eq!(lookup("russia"), Some("RUS"));
        assert_eq!(lookup("cn"), Some("CHN"));
        assert_eq!(lookup("Keyna"), None);
        assert_eq!(lookup("People's Republic of China"), Some("CHN"));
        assert_eq!(lookup("the Netherlands"), Some("NLD"));
        assert_eq!(lookup("Netherlands"), Some("NLD"));
        // Every everyday name names an assigned code.
        assert!(COMMON.iter().all(|(_, code)| is_alpha3(code)));
        let names: Vec<&str> = other_names("RUS").collect();
        assert_eq!(names, ["RU", "russia"]);
        assert!(other_names("RUS").all(|n| lookup(n) == Some("RUS")));
        assert_eq!(other_names("XYZ").count(), 0);
    }

    #[test]
    fn names_in_other_languages_from_cldr() {
        assert_eq!(name_in("fr", "CHN").as_deref(), Some("Chine"));
        assert_eq!(name_in("ar", "CHN").as_deref(), Some("الصين"));
        assert_eq!(name_in("zh", "CHN").as_deref(), Some("中国"));
        assert_eq!(name_in("ru", "RUS").as_deref(), Some("Россия"));
        assert_eq!(name_in("ja", "JPN").as_deref(), Some("日本"));
        assert_eq!(name_in("en", "GBR").as_deref(), Some("United Kingdom"));
        assert_eq!(name_in("fr", "XYZ"), None);
        assert_eq!(name_in("not a tag", "CHN"), None);
        assert_eq!(lookup("Chine"), None);
        assert_eq!(lookup_in("chine", ["en", "fr"]), Some("CHN"));
        assert_eq!(lookup_in("Chine", ["en"]), None);
        assert_eq!(lookup_in(" 韓国 ", ["ja"]), Some("KOR"));
        assert_eq!(lookup_in("russia", ["fr"]), Some("RUS"));
        assert_eq!(suggest_in("Chien", ["fr"]), Some("CHN"));
        assert_eq!(suggest_in("Allemagn", ["fr"]), Some("DEU"));
        assert_eq!(suggest_in("zzzzzz", ["fr"]), None);
        // A word of one country's name is that country, not one spelled
        // alike (`السويد`, Sweden); a word of several names is no answer.
        assert_eq!(suggest_in("السعودية", ["ar"]), Some("SAU"));
        assert_eq!(suggest_in("Emirates", ["en"]), Some("ARE"));
        assert_eq!(suggest_in("سعودی", ["fa"]), Some("SAU"));
    }
}
