//! How pages (and feeds) order text in each site language.

use std::cmp::Ordering;

/// How a page orders text. The default language's pages keep the order
/// the site was always listed in (and the datasets are): case-folded code
/// points, as [`crate::resolve::compare`]. Every other language's pages
/// use that language's collation from CLDR (ICU4X): accents after the
/// base letter in French, pinyin order for Chinese, and so on. A language
/// ICU4X does not know gets the root collation, which is still sane across
/// scripts.
pub enum Collation {
    /// Case-folded code points (the default language).
    CodePoints,
    /// A CLDR collation.
    Icu(Box<icu_collator::CollatorBorrowed<'static>>),
}

impl Collation {
    /// The collation of `lang`'s pages of `site`.
    pub fn new(site: &crate::model::Site, lang: &str) -> Collation {
        if lang.eq_ignore_ascii_case(&site.project.config.book.language) {
            return Collation::CodePoints;
        }
        // An unparsable tag (validation admits BCP 47 shapes ICU4X may
        // not) gets the root collation.
        let locale: icu_locale_core::Locale =
            lang.parse().unwrap_or(icu_locale_core::Locale::UNKNOWN);
        match icu_collator::Collator::try_new((&locale).into(), Default::default()) {
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

    fn site(lang: &str) -> crate::model::Site {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("book.toml"),
            format!("[book]\ntitle = \"T\"\nlanguage = \"{lang}\"\n"),
        )
        .unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        crate::pipeline::load(dir.path()).site.unwrap()
    }

    fn sorted(c: &Collation, words: &[&str]) -> Vec<String> {
        let mut w: Vec<String> = words.iter().map(|s| s.to_string()).collect();
        w.sort_by(|a, b| c.compare(a, b).then_with(|| a.cmp(b)));
        w
    }

    #[test]
    fn other_languages_sort_by_their_collation_and_the_default_as_before() {
        let en = site("en");
        let words = ["zone", "Été", "eau", "Ecole"];
        assert_eq!(sorted(&Collation::new(&en, "en"), &words), ["eau", "Ecole", "zone", "Été"]);
        assert_eq!(sorted(&Collation::new(&en, "fr"), &words), ["eau", "Ecole", "Été", "zone"]);
        // Pinyin: 北京 (běi), 上海 (shàng), 中国 (zhōng).
        let zh = sorted(&Collation::new(&en, "zh"), &["中国", "上海", "北京"]);
        assert_eq!(zh, ["北京", "上海", "中国"]);
        // A tag ICU4X cannot read still sorts.
        assert_eq!(sorted(&Collation::new(&en, "x-klingon"), &["b", "a"]), ["a", "b"]);
        let fr = site("fr");
        assert_eq!(sorted(&Collation::new(&fr, "fr"), &words), ["eau", "Ecole", "zone", "Été"]);
    }
}
