//! What CLDR knows about a language, through ICU4X's compiled data: plural
//! categories, how numbers are written (dates: `core::dates`), and language names (a
//! country's name is `core::countries::name_in`'s, which search shares).
//! Each language's formatters are made once and shared by every page.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use icu_decimal::DecimalFormatter;
use icu_decimal::input::Decimal;
use icu_experimental::displaynames::DisplayNamesOptions;
use icu_experimental::displaynames::multi::LocaleDisplayNamesFormatter;
use icu_locale_core::Locale;
use icu_plurals::{PluralCategory, PluralRules};
use jiff::civil::Date;

/// A plural category's name as CLDR (and the i18n files) spell it.
pub fn category_name(c: PluralCategory) -> &'static str {
    match c {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

/// The six category names, in CLDR's order.
pub const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// One language's formatters. A part CLDR has no data for is `None`, and
/// its caller falls back to plain forms (digits, ISO dates, `other`).
struct Rules {
    plurals: Option<PluralRules>,
    decimal: Option<DecimalFormatter>,
    /// Grouping only from five digits (`12 500`, not `2 019`): a whole
    /// number of a record may be a year or a law's number.
    integer: Option<DecimalFormatter>,
    names: Option<LocaleDisplayNamesFormatter>,
}

impl Rules {
    fn new(lang: &str) -> Rules {
        let Ok(locale) = lang.parse::<Locale>() else {
            return Rules { plurals: None, decimal: None, integer: None, names: None };
        };
        Rules {
            plurals: PluralRules::try_new_cardinal((&locale).into()).ok(),
            decimal: DecimalFormatter::try_new((&locale).into(), Default::default()).ok(),
            integer: DecimalFormatter::try_new((&locale).into(), {
                let mut o = icu_decimal::options::DecimalFormatterOptions::default();
                o.grouping_strategy = Some(icu_decimal::options::GroupingStrategy::Min2);
                o
            })
            .ok(),
            names: LocaleDisplayNamesFormatter::try_new(
                (&locale).into(),
                DisplayNamesOptions::default(),
            )
            .ok(),
        }
    }
}

/// Formatters by language tag, made on first use.
#[derive(Default)]
pub struct Cldr {
    cache: RwLock<HashMap<String, Arc<Rules>>>,
}

impl std::fmt::Debug for Cldr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Cldr")
    }
}

impl Clone for Cldr {
    fn clone(&self) -> Cldr {
        Cldr::default()
    }
}

impl Cldr {
    fn rules(&self, lang: &str) -> Arc<Rules> {
        if let Ok(cache) = self.cache.read()
            && let Some(r) = cache.get(lang)
        {
            return r.clone();
        }
        let made = Arc::new(Rules::new(lang));
        if let Ok(mut cache) = self.cache.write() {
            cache.entry(lang.to_owned()).or_insert_with(|| made.clone());
        }
        made
    }

    /// The plural category of `n` in `lang` (`other` when CLDR does not
    /// know the language).
    pub fn category(&self, lang: &str, n: u64) -> &'static str {
        self.rules(lang).plurals.as_ref().map_or("other", |p| category_name(p.category_for(n)))
    }

    /// The categories `lang` distinguishes, in CLDR's order.
    pub fn categories(&self, lang: &str) -> Vec<&'static str> {
        match &self.rules(lang).plurals {
            Some(p) => {
                let have: Vec<&str> = p.categories().map(category_name).collect();
                CATEGORIES.iter().copied().filter(|c| have.contains(c)).collect()
            }
            None => vec!["other"],
        }
    }

    /// `n` with `lang`'s digits and grouping ("12 345" in French).
    pub fn number(&self, lang: &str, n: u64) -> String {
        match &self.rules(lang).decimal {
            Some(f) => f.format(&Decimal::from(n)).to_string(),
            None => n.to_string(),
        }
    }

    /// A whole number, negative or not, as `lang` writes it, grouped
    /// from five digits (`12,500`, `2019`).
    pub fn integer(&self, lang: &str, n: i64) -> String {
        match &self.rules(lang).integer {
            Some(f) => f.format(&Decimal::from(n)).to_string(),
            None => n.to_string(),
        }
    }

    /// A date as `lang` writes it in full ("25 novembre 2015"), as
    /// citations do ([`crate::core::dates`]).
    pub fn date(&self, lang: &str, d: Date) -> Option<String> {
        crate::core::dates::long(lang, d)
    }

    /// The name of language `tag` in `lang`, from CLDR.
    pub fn language_name(&self, lang: &str, tag: &str) -> Option<String> {
        let rules = self.rules(lang);
        let names = rules.names.as_ref()?;
        let locale = tag.parse::<Locale>().ok()?;
        let name = names.of(&locale);
        // The formatter answers with the tag itself when it has no name.
        if name.eq_ignore_ascii_case(tag) || name.is_empty() {
            return None;
        }
        // ICU4X writes `{0} ({1})` in every language; CLDR's Chinese
        // localeDisplayPattern is `{0}（{1}）` (`中文（中国）`).
        if crate::core::lang::primary(lang) == "zh"
            && let Some(inner) = name.strip_suffix(')').and_then(|n| n.split_once(" ("))
        {
            return Some(format!("{}（{}）", inner.0, inner.1));
        }
        Some(name.into_owned())
    }
}
