//! How pages (and feeds) order text in each site language.

use std::cmp::Ordering;

/// How a page orders text: by its language's collation from CLDR (ICU4X),
/// the default language's pages as every other's: accents after the base
/// letter in French, pinyin order for Chinese, and so on (code points put
/// `Été` after `zone` and Chinese in the order of its characters' codes).
/// A language ICU4X does not know gets the root collation, which is still
/// sane across scripts. Runs of digits compare as numbers (CLDR's `kn`):
/// `Law 9` before `Law 10`, a year or count facet's `2` before `10`, as
/// the browser's `Intl.Collator` with `numeric` orders them. Datasets keep
/// [`crate::resolve::compare`]'s order.
pub enum Collation {
    /// Case-folded code points: only where ICU4X has no collator.
    CodePoints,
    /// A CLDR collation.
    Icu(Box<icu_collator::CollatorBorrowed<'static>>),
}

impl Collation {
    /// The collation of `lang`'s pages of `site`.
    pub fn new(lang: &str) -> Collation {
        // An unparsable tag (validation admits BCP 47 shapes ICU4X may
        // not) gets the root collation.
        let locale: icu_locale_core::Locale =
            lang.parse().unwrap_or(icu_locale_core::Locale::UNKNOWN);
        let mut prefs: icu_collator::CollatorPreferences = (&locale).into();
        prefs.numeric_ordering = Some(icu_collator::preferences::CollationNumericOrdering::True);
        match icu_collator::Collator::try_new(prefs, Default::default()) {
            Ok(c) => Collation::Icu(Box::new(c)),
            Err(_) => Collation::CodePoints,
        }
    }

    /// Case-folded (code points) or collated; callers break ties (by the
    /// raw text or the key) as the listing order always has.
    pub fn compare(&self, a: &str, b: &str) -> Ordering {
        match self {
            Collation::CodePoints => a.to_lowercase().cmp(&b.to_lowercase()),
            Collation::Icu(c) => c.compare(a, b),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(c: &Collation, words: &[&str]) -> Vec<String> {
        let mut w: Vec<String> = words.iter().map(|s| s.to_string()).collect();
        w.sort_by(|a, b| c.compare(a, b).then_with(|| a.cmp(b)));
        w
    }

    #[test]
    fn every_language_sorts_by_its_collation() {
        let words = ["zone", "Été", "eau", "Ecole"];
        assert_eq!(sorted(&Collation::new("en"), &words), ["eau", "Ecole", "Été", "zone"]);
        assert_eq!(sorted(&Collation::new("fr"), &words), ["eau", "Ecole", "Été", "zone"]);
        // Pinyin: 北京 (běi), 上海 (shàng), 中国 (zhōng), whether or not
        // Chinese is the site's default language.
        let zh = sorted(&Collation::new("zh"), &["中国", "上海", "北京"]);
        assert_eq!(zh, ["北京", "上海", "中国"]);
        // A tag ICU4X cannot read still sorts.
        assert_eq!(sorted(&Collation::new("x-klingon"), &["b", "a"]), ["a", "b"]);
    }

    #[test]
    fn digits_sort_as_numbers() {
        let c = Collation::new("en");
        assert_eq!(sorted(&c, &["10", "9", "100", "2"]), ["2", "9", "10", "100"]);
        assert_eq!(sorted(&c, &["Law 10", "Law 9", "Act 1"]), ["Act 1", "Law 9", "Law 10"]);
        assert_eq!(sorted(&Collation::new("ar"), &["١٠", "٩"]), ["٩", "١٠"]);
    }
}
