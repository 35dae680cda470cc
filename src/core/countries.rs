//! ISO 3166-1 country codes, from the `rust_iso3166` tables, and hints for
//! the usual mistakes: a name ("Kenya") or an alpha-2 code ("KE").

use crate::core::diag::did_you_mean;

/// The ISO short name of an alpha-3 code (upper case), if it is one.
pub fn name(alpha3: &str) -> Option<&'static str> {
    rust_iso3166::from_alpha3(alpha3).map(|c| c.name)
}

/// Whether `code` is an assigned ISO 3166-1 alpha-3 code (upper case).
pub fn is_alpha3(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) && name(code).is_some()
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
