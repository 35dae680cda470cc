//! Tags that name one language and script in different words (`zh`,
//! `zh-CN`, `zh-Hans`): CLDR's likely subtags make them one language on
//! pages, in search and in `check`; another script (`zh-TW`) stays another.

use crate::support::Site;

/// French by default, with Simplified Chinese: records written in `zh`,
/// `zh-CN` and `zh-TW`.
fn site() -> Site {
    let s = Site::minimal();
    s.write(
        "book.toml",
        "[book]\ntitle = \"Test\"\nlanguage = \"fr\"\nlanguages = [\"fr\", \"zh-Hans\"]\n\n[build]\nminify = false\n",
    );
    for (id, lang, title) in [
        ("jian", "zh", "海关单一窗口"),
        ("dalu", "zh-CN", "电子支付平台"),
        ("fan", "zh-TW", "電子支付平臺"),
    ] {
        s.write(
            &format!("content/practices/{id}.md"),
            &format!(
                "---\ntitle: {title}\nsummary: {title}。\narea: customs\nlanguage: {lang}\n---\n"
            ),
        );
    }
    s
}

#[test]
fn simplified_chinese_pages_take_zh_and_zh_cn_records_as_their_own() {
    let s = site();
    let r = s.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for id in ["jian", "dalu"] {
        let page = s.read(&format!("site/zh-Hans/practices/{id}/index.html"));
        assert!(!page.contains("本记录尚无"), "{id}: {page}");
        assert!(!page.contains("中文 (中国)") && !page.contains("中文（中国）"), "{id}: {page}");
    }
    // Traditional Chinese is another script: still marked.
    let page = s.read("site/zh-Hans/practices/fan/index.html");
    assert!(page.contains("本记录尚无"), "{page}");
    // The browser's version rules learn the same from meta.js.
    let meta = s.read("site/search/meta.js");
    assert!(meta.contains("\"cv\":{\"zh-hans\":[\"zh\",\"zh-cn\"]}"), "{meta}");

    let run = s.run(&["search", "支付", "--lang", "zh-Hans"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("[zh-CN]"), "{}", run.stdout);
    assert!(run.stdout.contains("[zh-TW]"), "{}", run.stdout);
}

#[test]
fn a_simplified_translation_of_a_zh_original_is_refused() {
    let s = site();
    s.write("content/practices/jian.zh-Hans.md", "---\ntitle: 海关单一窗口\n---\n");
    let r = s.run(&["check"]);
    assert_ne!(r.code, 0, "{}", r.stdout);
    let out = format!("{}{}", r.stdout, r.stderr);
    assert!(out.contains("the language the record is written in"), "{out}");
}

#[test]
fn chinese_pages_use_full_width_brackets_without_spaces() {
    let s = site();
    let r = s.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // A count after a name, and CLDR's name of a Chinese variety.
    let countries = s.read("site/zh-Hans/countries/index.html");
    assert!(countries.contains("<span class=\"count\">（1 条记录）</span>"), "{countries}");
    let page = s.read("site/zh-Hans/practices/fan/index.html");
    assert!(page.contains("中文（台湾）") && !page.contains("中文 ("), "{page}");
    // Other languages keep theirs.
    let fr = s.read("site/countries/index.html");
    assert!(fr.contains("<span class=\"count\"> (1 fiche)</span>"), "{fr}");
}

#[test]
fn new_suggests_the_site_language_a_tag_means() {
    let s = site();
    let r = s.run(&["new", "practices", "fan", "--lang", "zh"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("help: did you mean `zh-Hans`?"), "{}", r.stderr);
    // Another script is a language to add, not a misspelling.
    let r = s.run(&["new", "practices", "jian", "--lang", "zh-Hant"]);
    assert!(r.stderr.contains("help: add \"zh-Hant\" to `languages`"), "{}", r.stderr);
}
