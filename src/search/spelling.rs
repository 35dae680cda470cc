//! British and American spellings meeting: every English word is rewritten
//! to its American form before stemming, at index time and at query time, so
//! `prioritisation`, `colour` and `centre` find `prioritization`, `color`
//! and `center`, and the other way round.
//!
//! Two mechanisms, both ported word for word to `search.js` (the browser must
//! rewrite exactly as the index did):
//! - suffix rules on the surface word (`-our`, `-ise`, `-yse`, `-tre`,
//!   `-logue`), each with a short exception list of words that are spelt
//!   that way in American English too;
//! - a small dictionary of irregular pairs (`programme`/`program`,
//!   `licence`/`license`), applied to *stems*, so that every inflection of
//!   the British word (`programmes`, `licences`) meets the American one.

/// Irregular British → American pairs, applied to stems (see [`PAIRS`] use in
/// `analysis`). Ported verbatim to `search.js`.
pub const PAIRS: &[(&str, &str)] = &[
    ("programme", "program"),
    ("judgement", "judgment"),
    ("acknowledgement", "acknowledgment"),
    ("ageing", "aging"),
    ("fulfil", "fulfill"),
    ("fulfilment", "fulfillment"),
    ("enrol", "enroll"),
    ("enrolment", "enrollment"),
    ("instalment", "installment"),
    ("skilful", "skillful"),
    ("wilful", "willful"),
    ("licence", "license"),
    ("defence", "defense"),
    ("offence", "offense"),
    ("pretence", "pretense"),
    ("practise", "practice"),
    ("cheque", "check"),
    ("grey", "gray"),
    ("mould", "mold"),
    ("plough", "plow"),
    ("aluminium", "aluminum"),
    ("sceptic", "skeptic"),
    ("sceptical", "skeptical"),
    ("manoeuvre", "maneuver"),
    ("tyre", "tire"),
    ("kerb", "curb"),
    ("jewellery", "jewelry"),
    ("artefact", "artifact"),
    ("paediatric", "pediatric"),
    ("encyclopaedia", "encyclopedia"),
    ("anaemia", "anemia"),
    ("oestrogen", "estrogen"),
    ("foetus", "fetus"),
    ("likeable", "likable"),
    ("sizeable", "sizable"),
    ("storey", "story"),
    ("draught", "draft"),
    ("learnt", "learned"),
    ("whilst", "while"),
    ("amongst", "among"),
];

/// `-our` words that American English spells the same way.
pub const OUR_KEEP: &[&str] =
    &["flour", "scour", "detour", "contour", "devour", "amour", "paramour", "troubadour", "velour"];

/// Endings after `our` that still make a `-our` word (`colourful`, `favourite`).
pub const OUR_TAILS: &[&str] = &[
    "", "s", "ed", "ing", "er", "ers", "able", "ably", "ful", "fully", "ite", "ites", "ism", "ist",
    "ists", "al", "ally", "less", "hood", "hoods",
];

/// Endings after `is`/`iz` in `-ise` words (`organisation`, `realising`).
pub const ISE_TAILS: &[&str] =
    &["e", "es", "ed", "ing", "er", "ers", "ation", "ations", "ational", "able"];

/// `-ise` base forms ending like this are `-ise` in American English too
/// (`advise`, `enterprise`, `raise`, `noise`, `exercise`, `promise`…).
pub const ISE_KEEP_SUFFIX: &[&str] = &[
    "wise", "vise", "prise", "uise", "aise", "oise", "chise", "rcise", "ecise", "ncise", "xcise",
    "omise", "emise", "rmise", "pise", "rtise", "stise",
];

/// Whole `-ise` base forms that American English keeps.
pub const ISE_KEEP: &[&str] = &[
    "arise",
    "sunrise",
    "moonrise",
    "uprise",
    "anise",
    "merchandise",
    "paradise",
    "treatise",
    "valise",
    "mortise",
    "crise",
    "cerise",
];

/// `-tre`/`-bre` words that American English keeps.
pub const TRE_KEEP: &[&str] =
    &["macabre", "timbre", "maitre", "notre", "contre", "entre", "hatred"];

/// Endings after `lys` in `-lyse` words (`analysed`, `paralysing`).
pub const YSE_TAILS: &[&str] = &["e", "es", "ed", "ing", "er", "ers"];

/// British `-tre`/`-bre` endings and their American spellings.
pub const TRE_FORMS: &[(&str, &str)] = &[("tre", "ter"), ("bre", "ber")];

/// Endings after those (`centres`, `centred`), and their American spellings.
pub const TRE_TAILS: &[(&str, &str)] = &[("", ""), ("s", "s"), ("d", "ed")];

/// `-logue` endings and their American spellings.
pub const LOGUE_FORMS: &[(&str, &str)] = &[("logue", "log"), ("logues", "logs")];

/// The American spelling of a lower-case, ASCII-folded English word, by the
/// suffix rules (the dictionary applies later, to stems). Words it does not
/// know come back unchanged.
pub fn americanize(word: &str) -> Option<String> {
    if !word.is_ascii() || word.len() < 5 {
        return None;
    }
    our(word)
        .or_else(|| ise(word))
        .or_else(|| yse(word))
        .or_else(|| tre(word))
        .or_else(|| logue(word))
}

// colour → color, favourite → favorite, behavioural → behavioral.
fn our(word: &str) -> Option<String> {
    let at = word.rfind("our")?;
    let (root, tail) = (&word[..at], &word[at + 3..]);
    if root.len() < 2 || !OUR_TAILS.contains(&tail) {
        return None;
    }
    let base = &word[..at + 3];
    if OUR_KEEP.contains(&base) {
        return None;
    }
    Some(format!("{root}or{tail}"))
}

// organise → organize, prioritisation → prioritization; advise stays.
fn ise(word: &str) -> Option<String> {
    let at = word.rfind("is")?;
    let (root, tail) = (&word[..at], &word[at + 2..]);
    if !ISE_TAILS.contains(&tail) {
        return None;
    }
    let base = format!("{root}ise");
    if base.len() < 5
        || ISE_KEEP.contains(&base.as_str())
        || ISE_KEEP_SUFFIX.iter().any(|s| base.ends_with(s))
    {
        return None;
    }
    Some(format!("{root}iz{tail}"))
}

// analyse → analyze, paralysed → paralyzed.
fn yse(word: &str) -> Option<String> {
    let at = word.rfind("lys")?;
    let (root, tail) = (&word[..at], &word[at + 3..]);
    if root.len() < 2 || !YSE_TAILS.contains(&tail) {
        return None;
    }
    Some(format!("{root}lyz{tail}"))
}

// centre → center, fibres → fibers, centred → centered.
fn tre(word: &str) -> Option<String> {
    if TRE_KEEP.contains(&word) {
        return None;
    }
    for &(brit, amer) in TRE_FORMS {
        for &(tail, amer_tail) in TRE_TAILS {
            if tail == "d" && brit == "bre" {
                // "-bred" is bred, not a participle of "-bre".
                continue;
            }
            let ending = format!("{brit}{tail}");
            if let Some(root) = word.strip_suffix(ending.as_str())
                && root.len() >= 2
            {
                let base = format!("{root}{brit}");
                if TRE_KEEP.contains(&base.as_str()) {
                    return None;
                }
                return Some(format!("{root}{amer}{amer_tail}"));
            }
        }
    }
    None
}

// catalogue → catalog, dialogues → dialogs.
fn logue(word: &str) -> Option<String> {
    for &(tail, amer) in LOGUE_FORMS {
        if let Some(root) = word.strip_suffix(tail)
            && !root.is_empty()
        {
            return Some(format!("{root}{amer}"));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::americanize;

    fn am(w: &str) -> String {
        americanize(w).unwrap_or_else(|| w.to_owned())
    }

    #[test]
    fn british_words_become_american() {
        for (b, a) in [
            ("colour", "color"),
            ("colours", "colors"),
            ("favourite", "favorite"),
            ("behavioural", "behavioral"),
            ("neighbourhood", "neighborhood"),
            ("organisation", "organization"),
            ("prioritisation", "prioritization"),
            ("realising", "realizing"),
            ("organisers", "organizers"),
            ("recognisable", "recognizable"),
            ("analyse", "analyze"),
            ("paralysed", "paralyzed"),
            ("centre", "center"),
            ("centres", "centers"),
            ("centred", "centered"),
            ("kilometres", "kilometers"),
            ("fibre", "fiber"),
            ("catalogue", "catalog"),
            ("dialogues", "dialogs"),
        ] {
            assert_eq!(am(b), a, "{b}");
        }
    }

    #[test]
    fn words_spelt_alike_stay() {
        for w in [
            "four",
            "hour",
            "your",
            "tours",
            "flour",
            "detour",
            "contour",
            "devoured",
            "advise",
            "advertising",
            "enterprise",
            "enterprises",
            "exercise",
            "promise",
            "compromised",
            "surprising",
            "noise",
            "raised",
            "praise",
            "cruise",
            "franchise",
            "revised",
            "supervisor",
            "crises",
            "precise",
            "concise",
            "arise",
            "rise",
            "wise",
            "otherwise",
            "premises",
            "expertise",
            "merchandise",
            "despise",
            "macabre",
            "hatred",
            "inbred",
            "genre",
            "acre",
            "source",
            "resources",
            "journal",
            "courage",
            "listing",
            "basis",
            "analysis",
            "vogue",
            "rogue",
            "mister",
            "center",
            "organize",
        ] {
            assert_eq!(am(w), w, "{w}");
        }
    }
}
