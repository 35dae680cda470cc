use super::*;

const BUILT_IN_LANGUAGES: [&str; 9] = ["ar", "de", "en", "es", "fr", "pt", "ru", "sv", "zh"];

#[test]
fn every_language_has_every_key_with_its_placeholders() {
    let i18n = I18n::built_in();
    for (lang, _) in BUILT_IN {
        assert!(!i18n.keys(lang).is_empty(), "{lang}.toml does not parse");
    }
    let en = i18n.keys("en");
    for lang in BUILT_IN_LANGUAGES {
        let own: BTreeMap<&str, &Entry> = i18n.keys(lang).into_iter().collect();
        for (key, reference) in en.iter().filter(|(k, _)| *k != LOCALE_KEY) {
            let Some(entry) = own.get(key) else { panic!("{lang}.toml lacks `{key}`") };
            let want = placeholders(reference.form("other"));
            // The `other` form says everything; a form for one, two or
            // zero may leave the number out ("سجل واحد"), never a name.
            assert_eq!(placeholders(entry.form("other")), want, "{lang}: `{key}`");
            if let Entry::Plural(forms) = entry {
                for (category, form) in forms {
                    let mut have = placeholders(form);
                    have.push("count".into());
                    for p in want.iter().filter(|p| *p != "count") {
                        assert!(have.contains(p), "{lang}: `{key}.{category}` lost {{{p}}}");
                    }
                }
            }
        }
        for key in own.keys() {
            assert!(
                en.iter().any(|(k, _)| k == key),
                "{lang}.toml has `{key}`, unknown to en.toml"
            );
        }
    }
}

#[test]
fn plural_tables_have_exactly_the_languages_categories() {
    let i18n = I18n::built_in();
    assert_eq!(i18n.plural_categories("ar"), ["zero", "one", "two", "few", "many", "other"]);
    assert_eq!(i18n.plural_categories("ru"), ["one", "few", "many", "other"]);
    assert_eq!(i18n.plural_categories("zh"), ["other"]);
    assert_eq!(i18n.plural_categories("pt"), ["one", "many", "other"]);
    for lang in BUILT_IN_LANGUAGES {
        let want = i18n.plural_categories(lang);
        for (key, entry) in i18n.keys(lang) {
            if let Entry::Plural(forms) = entry {
                let have: Vec<&str> =
                    CATEGORIES.iter().copied().filter(|c| forms.contains_key(*c)).collect();
                assert_eq!(have, want, "{lang}: `{key}`");
            }
        }
    }
}

#[test]
fn counts_take_the_languages_plural_forms_and_digits() {
    let i18n = I18n::built_in();
    let ar = |n| i18n.count("ar", "records", n);
    assert_eq!(ar(0), "لا توجد سجلات");
    assert_eq!(ar(1), "سجل واحد");
    assert_eq!(ar(2), "سجلان");
    // CLDR's `ar` writes Western digits (`ar-EG` would write ٣).
    assert_eq!(ar(3), "3 سجلات");
    assert_eq!(ar(11), "11 سجلًا");
    assert_eq!(ar(100), "100 سجل");
    let ru = |n| i18n.count("ru", "records", n);
    assert_eq!(ru(1), "1 запись");
    assert_eq!(ru(2), "2 записи");
    assert_eq!(ru(5), "5 записей");
    assert_eq!(ru(11), "11 записей");
    assert_eq!(ru(21), "21 запись");
    assert_eq!(ru(1234), "1\u{a0}234 записи");
    assert_eq!(i18n.count("en", "records", 1), "1 record");
    assert_eq!(i18n.count("en", "records", 12345), "12,345 records");
    assert_eq!(i18n.count("fr", "records", 0), "0 fiche");
    assert_eq!(i18n.count("fr", "records", 1_000_000), "1\u{202f}000\u{202f}000 de fiches");
    assert_eq!(i18n.count("es", "records", 2), "2 registros");
    assert_eq!(i18n.count("zh", "records", 1), "1 条记录");
    assert_eq!(i18n.count("de", "records", 1234), "1.234 Einträge");
    assert_eq!(i18n.count("sv", "records", 1), "1 post");
    // CLDR's `pt` (Brazil's usage) counts 0 as `one`, round millions as `many`.
    assert_eq!(i18n.count("pt", "records", 0), "0 registro");
    assert_eq!(i18n.count("pt", "records", 1_000_000), "1.000.000 de registros");
}

#[test]
fn dates_in_each_language() {
    let i18n = I18n::built_in();
    let d = jiff::civil::date(2015, 11, 25);
    assert_eq!(i18n.date("en", d), "25 November 2015");
    assert_eq!(i18n.date("fr", d), "25 novembre 2015");
    assert_eq!(i18n.date("es", d), "25 de noviembre de 2015");
    assert_eq!(i18n.date("ru", d), "25 ноября 2015\u{202f}г.");
    assert_eq!(i18n.date("zh", d), "2015年11月25日");
    assert_eq!(i18n.date("ar", d), "25 نوفمبر 2015");
    // The English file's `locale` is en-GB; a region asked for wins.
    assert_eq!(i18n.date("en-US", d), "November 25, 2015");
    let mut us = I18n::built_in();
    us.overlay("en", "locale = \"en-US\"\n").unwrap();
    assert_eq!(us.date("en", d), "November 25, 2015");
    assert_eq!(i18n.date("pt", d), "25 de novembro de 2015");
    assert_eq!(i18n.date("de", d), "25. November 2015");
    assert_eq!(i18n.date("it", d), "25 novembre 2015", "CLDR knows languages with no file");
}

#[test]
fn strings_fall_back_to_shorter_tags_then_english_then_the_key() {
    let i18n = I18n::built_in();
    assert_eq!(i18n.text("zh-Hans-CN", "search"), "搜索");
    assert_eq!(i18n.text("fr_CA", "home"), "Accueil");
    assert_eq!(i18n.text("it", "home"), "Home");
    assert_eq!(i18n.text("fr", "no-such-key"), "no-such-key");
    // A plural string asked for as text gives its `other` form.
    assert_eq!(i18n.text("en", "records"), "{count} records");
    assert_eq!(i18n.format("en", "no-results-for", None, &[("query", "x")]), "No results for “x”.");
    // English forms, English plural rules, when a language has no string.
    assert_eq!(i18n.count("it", "records", 1), "1 record");
}

#[test]
fn language_names_in_their_own_language_and_in_the_pages() {
    let i18n = I18n::built_in();
    assert_eq!(i18n.language_name("fr"), "Français");
    assert_eq!(i18n.language_name("ar"), "العربية");
    assert_eq!(i18n.language_name("zh"), "中文");
    // No string file: CLDR's name, capitalised as in a menu.
    assert_eq!(i18n.language_name("it"), "Italiano");
    assert_eq!(i18n.language_name("ja"), "日本語");
    assert_eq!(i18n.language_name("xx-nonsense-tag"), "xx-nonsense-tag");
    // A variety a shorter tag's file would name as the language: CLDR's
    // name of the whole tag; one with a file of its own, that file's.
    let latin_american = i18n.language_name("es-419");
    assert!(
        latin_american.starts_with("Español") && latin_american != "Español",
        "{latin_american}"
    );
    assert_eq!(i18n.language_name("zh-Hant"), "繁體中文");
    // Chinese of Taiwan, Hong Kong and Macao reads the Traditional strings.
    assert_eq!(i18n.text("zh-Hant", "home"), "首頁");
    assert_eq!(i18n.text("zh-TW", "home"), "首頁");
    assert_eq!(i18n.text("zh-Hans-CN", "home"), "首页");
    assert_eq!(i18n.language_name_in("en", "fr"), "French");
    assert_eq!(i18n.language_name_in("fr", "en"), "anglais");
    assert_eq!(i18n.language_name_in("ar", "fr"), "الفرنسية");
    assert_eq!(i18n.language_name_in("zh", "pt"), "葡萄牙语");
}

#[test]
fn a_theme_overrides_one_string_and_adds_languages() {
    let mut i18n = I18n::built_in();
    i18n.overlay("fr", "search = \"Chercher\"\n").unwrap();
    assert_eq!(i18n.text("fr", "search"), "Chercher");
    assert_eq!(i18n.text("fr", "home"), "Accueil", "other keys are kept");
    i18n.overlay("it", "home = \"Pagina iniziale\"\nrecords = { one = \"{count} scheda\", other = \"{count} schede\" }\n").unwrap();
    assert_eq!(i18n.text("it", "home"), "Pagina iniziale");
    assert_eq!(i18n.count("it", "records", 3), "3 schede");
    assert_eq!(i18n.text("it", "search"), "Search");
    assert_ne!(i18n, I18n::built_in());
}

#[test]
fn malformed_files_say_where_and_why() {
    let mut i18n = I18n::built_in();
    let e = i18n.overlay("fr", "home = \"Accueil\"\nsearch = \"Chercher\n").unwrap_err();
    assert_eq!(e.line, 2, "{e:?}");
    let e = i18n.overlay("fr", "a = \"x\"\n\nrecords = { one = \"{count}\" }\n").unwrap_err();
    assert_eq!((e.line, e.column), (3, 11), "{e:?}");
    assert!(e.message.contains("`other`"), "{e:?}");
    let e = i18n.overlay("fr", "records = { single = \"x\", other = \"y\" }\n").unwrap_err();
    assert!(e.message.contains("`single`") && e.message.contains("few"), "{e:?}");
    let e = i18n.overlay("fr", "home = 3\n").unwrap_err();
    assert!(e.message.contains("integer"), "{e:?}");
    assert_eq!(i18n.text("fr", "home"), "Accueil", "a broken file changes nothing");
}

#[test]
fn placeholders_are_filled_and_unknown_ones_kept() {
    assert_eq!(fill("{a} and {b} {c", None, &[("a", "1"), ("b", "2")]), "1 and 2 {c");
    assert_eq!(fill("{count}/{x}", Some("٣"), &[]), "٣/{x}");
    assert_eq!(placeholders("{b} {a} {b}"), ["a", "b"]);
}

#[test]
fn country_names_come_from_cldr_outside_english() {
    let i = I18n::built_in();
    assert_eq!(i.country_name("fr", "EGY").as_deref(), Some("Égypte"));
    assert_eq!(i.country_name("ar", "CHN").as_deref(), Some("الصين"));
    assert_eq!(i.country_name("ru", "CHN").as_deref(), Some("Китай"));
    // English pages keep ISO 3166's own short names; unknown codes: none.
    assert_eq!(i.country_name("en", "EGY"), None);
    assert_eq!(i.country_name("fr", "XXX"), None);
}

#[test]
fn english_standing_in_on_a_right_to_left_page_keeps_its_own_direction() {
    let i18n = I18n::built_in();
    // Hebrew has no strings of its own: English stands in, isolated.
    let he = i18n.text("he", "search");
    assert!(he.starts_with('\u{2066}') && he.ends_with('\u{2069}'), "{he:?}");
    assert_eq!(he.trim_matches(['\u{2066}', '\u{2069}']), i18n.text("en", "search"));
    let count = i18n.count("he", "records", 3);
    assert!(count.starts_with('\u{2066}'), "{count:?}");
    // Arabic has its own; English and French pages are left-to-right.
    for lang in ["ar", "en", "fr"] {
        assert!(!i18n.text(lang, "search").contains('\u{2066}'), "{lang}");
    }
}

#[test]
fn whole_numbers_are_grouped_as_cldr_writes_them() {
    let i18n = I18n::built_in();
    assert_eq!(i18n.integer("fr", 12_500_000), "12\u{202f}500\u{202f}000");
    assert_eq!(i18n.integer("en", 12_500_000), "12,500,000");
    assert_eq!(i18n.integer("en", -12_500), "-12,500");
    // A year or a law's number is not grouped.
    assert_eq!(i18n.integer("en", 2019), "2019");
    assert_eq!(i18n.integer("fr", 9999), "9999");
    // CLDR's `ar` counts in Latin digits; `fa` in its own.
    assert_eq!(i18n.integer("ar", 12_500_000), "12,500,000");
    assert_eq!(i18n.integer("fa", 74), "۷۴");
}

#[test]
fn chinese_names_varieties_with_full_width_brackets() {
    let i18n = I18n::built_in();
    assert_eq!(i18n.language_name_in("zh", "zh-TW"), "中文（台湾）");
    assert_eq!(i18n.language_name_in("fr", "zh-TW"), "chinois (Taïwan)");
}
