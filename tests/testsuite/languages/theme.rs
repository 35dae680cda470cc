//! The built-in theme in the page's language: a site whose `[book]
//! language` is Arabic or Chinese gets `<html lang dir>`, interface text in
//! that language, CLDR dates and counts, and records in other languages
//! marked; a site theme overrides one string, and a broken string file
//! stops the build naming its file, line and column.

use crate::support::{Site, repo};

#[test]
fn an_arabic_site_is_right_to_left_and_speaks_arabic() {
    let site = Site::theme_languages_built("ar");
    let listing = site.read("site/regulations/index.html");
    assert!(listing.contains(r#"<html lang="ar" dir="rtl">"#), "{listing}");
    for text in ["انتقل إلى المحتوى الرئيسي", "مسار التنقل", "مسح عوامل التصفية", "4 سجلات"]
    {
        assert!(listing.contains(text), "{text} missing");
    }
    for english in ["Skip to main content", "Clear filters", "Breadcrumb", ">Home<"] {
        assert!(!listing.contains(english), "{english} left in English");
    }
    // filter.js counts with the page's plural forms.
    assert!(
        listing.contains(r#"<script type="application/json" id="filter-text">{"@locale":"ar","#)
    );
    let record = site.read("site/regulations/sau-pdpl/index.html");
    assert!(record.contains("<time datetime=\"2021-09-16\">16 سبتمبر 2021</time>"), "{record}");
    // A Chinese record on an Arabic page keeps its language and says so.
    let chinese = site.read("site/regulations/chn-pipl/index.html");
    assert!(chinese.contains(r#"<h1 lang="zh""#), "{chinese}");
    assert!(chinese.contains("لم يُترجم هذا السجل إلى العربية، ويُعرض باللغة الصينية."));
}

#[test]
fn a_chinese_site_speaks_chinese() {
    let site = Site::theme_languages_built("zh");
    let home = site.read("site/index.html");
    assert!(home.contains(r#"<html lang="zh">"#), "ltr is the default: no dir");
    for text in [
        "跳到主要内容",
        "搜索 4 条记录",
        "最近更新",
        "更新于 <time datetime=\"2026-11-21\">2026年11月21日</time>",
    ] {
        assert!(home.contains(text), "{text} missing: {home}");
    }
    let search = site.read("site/search/index.html");
    assert!(search.contains("所有词语都必须匹配"));
    assert!(search.contains(r#""results-count":"{count} 个结果。""#), "{search}");
    let country = site.read("site/countries/chn/index.html");
    assert!(country.contains("1 条记录适用于该国。"), "{country}");
}

#[test]
fn a_site_theme_overrides_one_string_and_a_broken_file_is_an_error() {
    let site = Site::copy_of(&repo().join("tests/fixtures/theme-languages"));
    let book = site.read("book.toml").replace("[build]", "[build]\ntheme = \"mine\"");
    site.write("book.toml", &book);
    site.write("themes/mine/i18n/ar.toml", "search = \"اِبحث\"\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let home = site.read("site/index.html");
    assert!(home.contains(">اِبحث</button>"), "{home}");
    assert!(home.contains("آخر التحديثات"), "the other strings stay");
    site.write("themes/mine/i18n/ar.toml", "search = \"اِبحث\"\nrecords = { one = \"x\" }\n");
    let run = site.run(&["build"]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("themes/mine/i18n/ar.toml:2:11"), "{}", run.stderr);
}

/// A string a site theme gives only in the site's default language shows
/// on the other languages' pages too, as Hugo falls back to its default
/// content language, before the built-in English.
#[test]
fn a_string_only_the_default_language_gives_is_shown_in_every_language() {
    let site = Site::copy_of(&repo().join("tests/fixtures/theme-languages"));
    let book = site
        .read("book.toml")
        .replace("language = \"ar\"", "language = \"zh\"\nlanguages = [\"zh\", \"ar\", \"en\"]")
        .replace("[build]", "[build]\ntheme = \"mine\"");
    site.write("book.toml", &book);
    site.write("themes/mine/i18n/zh.toml", "mine-motto = \"仅中文\"\n");
    site.write(
        "themes/mine/base.html",
        "{% extends \"default/base.html\" %}{% block head %}<meta name=\"motto\" content=\"{{ t(key='mine-motto', lang=lang) }}\">{% endblock head %}",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for page in ["site/index.html", "site/ar/index.html", "site/en/index.html"] {
        let html = site.read(page);
        assert!(html.contains("仅中文"), "{page}: {html}");
        assert!(!html.contains("mine-motto"), "{page}");
    }
    // Each page's own language first: the built-in strings stay its own.
    let english = site.read("site/en/index.html");
    assert!(
        english.contains("Skip to main content") && !english.contains("跳到主要内容"),
        "{english}"
    );
    let arabic = site.read("site/ar/index.html");
    assert!(
        arabic.contains("انتقل إلى المحتوى الرئيسي") && !arabic.contains("跳到主要内容"),
        "{arabic}"
    );
}

#[test]
fn a_site_in_another_language_is_told_of_fields_with_no_label_in_it() {
    let s = Site::new();
    s.write("book.toml", "[book]\ntitle = \"T\"\nlanguage = \"ar\"\n");
    s.write(
        "content/notes/_collection.yaml",
        "title: ملاحظات\nfields:\n  stage:\n    type: enum\n    values: [pilot, planned]\n    \
         value-labels: {pilot: تجريبي}\n  launched: {type: date, label: تاريخ الإطلاق}\n",
    );
    s.write("content/notes/a.md", "---\ntitle: أ\nsummary: ب\nstage: pilot\n---\nنص\n");
    let r = s.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let w: Vec<&str> = r.errors().into_iter().filter(|l| l.contains("no label in it")).collect();
    assert_eq!(w.len(), 1, "{}", r.stderr);
    assert!(w[0].starts_with("content/notes/_collection.yaml:1:1: warning:"), "{w:?}");
    assert!(w[0].contains("`stage`, `stage: planned` have no label"), "{w:?}");
    assert_eq!(s.run(&["check", "--strict"]).code, 1);
    // A label written as the name in words is one in the site's language
    // (`Status` in German).
    s.write("book.toml", "[book]\ntitle = \"T\"\nlanguage = \"de\"\n");
    s.write(
        "content/notes/_collection.yaml",
        "title: Notizen\nfields:\n  status: {type: string, label: Status}\n  stage: string\n",
    );
    s.write("content/notes/a.md", "---\ntitle: A\nsummary: B\n---\nText\n");
    let r = s.run(&["check"]);
    let w: Vec<&str> = r.errors().into_iter().filter(|l| l.contains("no label in it")).collect();
    assert_eq!(w.len(), 1, "{}", r.stderr);
    assert!(w[0].contains("but `stage` has no label in it"), "{w:?}");
    // In English, names in words are the labels.
    s.write("book.toml", "[book]\ntitle = \"T\"\n");
    assert!(!s.run(&["check"]).stderr.contains("no label in it"));
}
