//! What `check` and `build` say about book.toml and the theme beyond the
//! content: a broken theme file at its own line, string keys no template
//! reads, site languages without interface strings or unknown to CLDR, and
//! book.toml value errors reported together with the content's.

use std::fs;
use std::path::Path;

use crate::support::Site;

/// The minimal site with `[build] theme = "mine"` and `extra` in [book].
fn themed(extra: &str) -> Site {
    let s = Site::minimal();
    s.write(
        "book.toml",
        &format!(
            "[book]\ntitle = \"Test\"\nbase-url = \"https://example.org/\"\n{extra}\
             [build]\ntheme = \"mine\"\n"
        ),
    );
    s
}

fn json_diags(s: &Site) -> Vec<serde_json::Value> {
    let r = s.run(&["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json on stdout");
    let list = v.get("diagnostics").cloned().unwrap_or(v);
    list.as_array().cloned().unwrap_or_default()
}

#[test]
fn a_broken_string_file_is_reported_at_its_own_line_and_column() {
    let s = themed("");
    s.write("themes/mine/i18n/ja.toml", "search = \"検索\nrecords = \"x\"\n");
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let errors = r.errors();
    assert_eq!(errors.len(), 1, "{}", r.stderr);
    assert!(errors[0].starts_with("themes/mine/i18n/ja.toml:1:"), "{}", r.stderr);
    assert!(!errors[0].contains("ja.toml:1:1:"), "at the string's end, not the file's start");
    assert_eq!(errors[0].matches("error:").count(), 1, "no nested diagnostic: {}", r.stderr);
    assert!(r.stderr.contains("help: each line of a string file"), "{}", r.stderr);
    assert!(!r.stderr.contains("fix the template"), "{}", r.stderr);
    let diags = json_diags(&s);
    let d = diags.iter().find(|d| d["severity"] == "error").expect("an error");
    assert_eq!(d["path"], "themes/mine/i18n/ja.toml", "{d}");
    assert_eq!(d["line"], 1, "{d}");
    // `build` says the same, once.
    let b = s.run(&["build"]);
    assert_eq!(b.code, 1, "{}", b.stderr);
    let line = b.stderr.lines().find(|l| l.contains("ja.toml")).unwrap_or_default();
    assert!(
        line.starts_with("themes/mine/i18n/ja.toml:1:") && line.contains(": error: "),
        "{}",
        b.stderr
    );
    assert_eq!(line.matches("error:").count(), 1, "{}", b.stderr);
}

#[test]
fn a_broken_template_is_reported_at_its_own_line_and_column() {
    let s = themed("");
    s.write(
        "themes/mine/record.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{{ x | }}\n{% endblock main %}\n",
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let errors = r.errors();
    assert!(errors[0].starts_with("themes/mine/record.html:3:"), "{}", r.stderr);
    assert!(errors[0].contains("the template does not parse"), "{}", r.stderr);
    assert!(r.stderr.contains("help: fix the template"), "{}", r.stderr);
    let (gh, _) = s.check_github();
    assert!(gh.stdout.contains("file=themes/mine/record.html,line=3"), "{}", gh.stdout);
}

#[test]
fn a_string_key_no_template_reads_is_a_warning_with_a_suggestion() {
    let s = themed("");
    s.write(
        "themes/mine/i18n/fr.toml",
        "search = \"Chercher\"\n\nserch-help = \"Aide\"\nmy-own = \"x\"\n",
    );
    // A key the theme's own templates read is not a typo.
    s.write("themes/mine/extra.html", "{{ t(key=\"my-own\", lang=lang) }}");
    let r = s.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let warnings: Vec<&str> = r.errors().into_iter().filter(|l| l.contains("fr.toml")).collect();
    assert_eq!(warnings.len(), 1, "{}", r.stderr);
    assert!(warnings[0].starts_with("themes/mine/i18n/fr.toml:3:1: warning:"), "{}", r.stderr);
    assert!(warnings[0].contains("`serch-help`"), "{}", r.stderr);
    assert!(r.stderr.contains("did you mean `search-help`?"), "{}", r.stderr);
}

#[test]
fn the_theme_s_own_english_strings_and_the_keys_templates_read_are_checked() {
    let s = themed("");
    // The English file's own typo is caught too (it once counted as the
    // theme's own key), and so is a template reading a key nobody defines.
    s.write(
        "themes/mine/i18n/en.toml",
        "report-error = \"Spotted an error?\"\nserch-help = \"x\"\n",
    );
    s.write("themes/mine/extra.html", "<p>\n  {{ t(key=\"report-eror\", lang=lang) }}</p>");
    let r = s.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let w = r.errors();
    let at = |prefix: &str| w.iter().find(|l| l.starts_with(prefix)).copied();
    let typo = at("themes/mine/i18n/en.toml:2:1: warning:").expect("serch-help");
    assert!(typo.contains("`serch-help`"), "{}", r.stderr);
    let unread = at("themes/mine/i18n/en.toml:1:1: warning:").expect("report-error");
    assert!(unread.contains("`report-error`"), "{}", r.stderr);
    let missing = at("themes/mine/extra.html:2:13: warning:").expect("report-eror");
    assert!(missing.contains("`report-eror`, which no string file defines"), "{}", r.stderr);
    assert!(r.stderr.contains("did you mean `report-error`?"), "{}", r.stderr);
    // No page renders extra.html (no template includes it, and it replaces
    // no built-in one); recrod.html is a misspelt record.html.
    let unused = at("themes/mine/extra.html:1:1: warning:").expect("extra.html");
    assert!(unused.contains("no page uses the template `extra.html`"), "{}", r.stderr);
    s.write("themes/mine/recrod.html", "{% extends \"base.html\" %}");
    let r = s.run(&["check"]);
    assert!(r.stderr.contains("did you mean `record.html`?"), "{}", r.stderr);
    // A string file that does not parse is that error alone: its keys are
    // not said to be missing.
    s.write("themes/mine/i18n/en.toml", "search = \"Seek\nreport-eror = \"x\"\n");
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("themes/mine/i18n/en.toml:1:"), "{}", r.stderr);
    assert!(!r.stderr.contains("which no string file defines"), "{}", r.stderr);
}

#[test]
fn a_theme_folder_book_toml_does_not_name_is_reported() {
    let s = Site::minimal();
    let built_in = |name: &str| {
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default").join(name))
            .expect("built-in theme file")
    };
    // A copy of the built-in theme, as the shipped knowledge base keeps it,
    // changes nothing: no warning.
    s.write("themes/default/record.html", &built_in("record.html"));
    s.write("themes/default/i18n/fr.toml", &built_in("i18n/fr.toml"));
    let folder_warnings = |s: &Site| -> Vec<String> {
        let r = s.run(&["check"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.errors()
            .into_iter()
            .filter(|l| l.contains("is not used") || l.contains("are not used"))
            .map(str::to_owned)
            .collect()
    };
    assert!(folder_warnings(&s).is_empty());
    // Edited, it is: the edits would show nowhere.
    s.write("themes/default/record.html", &format!("{}<!-- mine -->", built_in("record.html")));
    s.write("themes/default/i18n/fr.toml", "search = \"Chercher\"\n");
    let w = folder_warnings(&s);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].starts_with("themes/default/i18n/fr.toml:1:1: warning: this file and 1 more"),
        "{w:?}"
    );
    assert!(w[0].contains("differ from the built-in theme but are not used"), "{w:?}");
    // A theme of one's own, not named.
    s.write("themes/mine/assets/extra.css", "p { color: red }");
    let r = s.run(&["check"]);
    assert!(
        r.stderr.contains("themes/mine/assets/extra.css:1:1: warning: this file is not used"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("add `theme = \"mine\"` under `[build]`"), "{}", r.stderr);
    // Named, neither folder is reported (a site may keep other themes).
    s.write("book.toml", "[book]\ntitle = \"Test\"\nbase-url = \"https://example.org/\"\n[build]\ntheme = \"mine\"\n");
    assert!(folder_warnings(&s).is_empty());
}

#[test]
fn languages_without_interface_strings_get_one_warning() {
    let s = Site::minimal();
    s.write(
        "book.toml",
        "[book]\ntitle = \"Test\"\nlanguage = \"ja\"\nlanguages = [\"ja\", \"he\", \"fr\", \"zh-Hant\"]\nbase-url = \"https://example.org/\"\n",
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let warnings: Vec<&str> =
        r.errors().into_iter().filter(|l| l.contains("interface strings")).collect();
    assert_eq!(warnings.len(), 1, "{}", r.stderr);
    let w = warnings[0];
    assert!(w.starts_with("book.toml:4:1: warning:"), "{w}");
    assert!(w.contains("Japanese (`ja`)") && w.contains("Hebrew (`he`)"), "{w}");
    // French is built in, and Traditional Chinese uses the Chinese strings.
    assert!(!w.contains("`fr`") && !w.contains("zh"), "{w}");
    assert!(r.stderr.contains("i18n/ja.toml, i18n/he.toml"), "{}", r.stderr);
    assert!(r.stderr.contains("en.toml"), "{}", r.stderr);
    let b = s.run(&["build"]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    assert_eq!(b.errors().iter().filter(|l| l.contains("interface strings")).count(), 1);
    // The English fallback's plural forms are picked by English rules:
    // Japanese has only `other`, which would say "1 results".
    let search = s.read("site/search/index.html");
    let json =
        search.split("id=\"search-text\">").nth(1).unwrap().split("</script>").next().unwrap();
    let v: serde_json::Value = serde_json::from_str(json).expect("the strings");
    assert_eq!(v["@locale"], "ja");
    assert_eq!(v["results-count"]["@locale"], "en-GB", "{v}");
    // French has strings of its own: no locale of their own.
    let fr = s.read("site/fr/search/index.html");
    assert!(!fr.contains("\"@locale\":\"en-GB\""), "{fr}");
}

#[test]
fn a_language_tag_that_is_no_language_is_a_warning_with_a_suggestion() {
    let s = Site::minimal();
    s.write(
        "book.toml",
        "[book]\ntitle = \"Test\"\nlanguages = [\"en\", \"jp\", \"xx-bogus\"]\nbase-url = \"https://example.org/\"\n",
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let jp: Vec<&str> = r.errors().into_iter().filter(|l| l.contains("`jp`")).collect();
    assert_eq!(jp.len(), 1, "{}", r.stderr);
    assert!(jp[0].starts_with("book.toml:3:20: warning:"), "{}", r.stderr);
    assert!(r.stderr.contains("did you mean \"ja\"?"), "{}", r.stderr);
    assert!(r.errors().iter().any(|l| l.contains("`xx-bogus`")), "{}", r.stderr);
    // Neither is named again as lacking strings.
    assert!(!r.stderr.contains("interface strings in"), "{}", r.stderr);
}

#[test]
fn a_bad_book_toml_value_is_reported_with_the_contents_errors() {
    let s = Site::minimal();
    s.write("book.toml", "[book]\ntitle = \"Test\"\nlanguage = \"jp\"\nlanguages = [\"ja\", \"he\"]\nid = \"Not An Id\"\n");
    s.write("content/practices/broken.md", "---\nsummary: No title here.\narea: customs\n---\n");
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let errors: Vec<&str> = r.errors().into_iter().filter(|l| l.contains(": error: ")).collect();
    assert!(errors.iter().any(|l| l.starts_with("book.toml:4:")), "{}", r.stderr);
    assert!(errors.iter().any(|l| l.starts_with("book.toml:5:")), "{}", r.stderr);
    assert!(errors.iter().any(|l| l.starts_with("content/practices/broken.md")), "{}", r.stderr);
    assert!(r.stderr.contains("did you mean \"ja\"?"), "{}", r.stderr);
    // `build` reports them all too, and writes nothing.
    let b = s.run(&["build"]);
    assert_eq!(b.code, 1, "{}", b.stderr);
    assert!(b.stderr.contains("content/practices/broken.md"), "{}", b.stderr);
    assert!(!s.path().join("site").exists());
    // A folder setting still stops before the content: it may not be read.
    s.write(
        "book.toml",
        "[book]\ntitle = \"Test\"\nid = \"Not An Id\"\n[build]\nbuild-dir = \"content\"\n",
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(!r.stderr.contains("content/practices/broken.md"), "{}", r.stderr);
    assert!(r.errors().iter().any(|l| l.starts_with("book.toml:5:")), "{}", r.stderr);
    // Commands that do not check content refuse a bad value as before.
    s.write("book.toml", "[book]\ntitle = \"Test\"\nid = \"Not An Id\"\n");
    assert_eq!(s.run(&["search", "x"]).code, 1);
}

#[test]
fn check_strict_fails_on_warnings() {
    let s = Site::minimal();
    s.write(
        "content/practices/e-payments.md",
        "---\ntitle: E-payments\nsummary: Paying online.\narea: payments\n---\n\n![](chart.png)\n",
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("warning:"), "{}", r.stderr);
    let r = s.run(&["check", "--strict"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("check failed: 0 error(s)"), "{}", r.stderr);
    assert!(r.stderr.contains("(--strict fails on warnings)"), "{}", r.stderr);
    let r = s.run(&["check", "--strict", "--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    // The report says so, as the exit code does.
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!((v["passed"].as_bool(), v["errors"].as_u64()), (Some(false), Some(0)), "{v}");
    let v: serde_json::Value =
        serde_json::from_str(&s.run(&["check", "--format", "json"]).stdout).expect("json");
    assert_eq!(v["passed"], true, "{v}");
    // Without warnings, --strict passes.
    s.write(
        "content/practices/e-payments.md",
        "---\ntitle: E-payments\nsummary: Paying online.\narea: payments\n---\n\nNo chart.\n",
    );
    s.write("book.toml", "[book]\ntitle = \"Test\"\nbase-url = \"https://example.org/\"\n");
    let r = s.run(&["check", "--strict"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

/// A render error in the templates a theme shares (its `base.html`, a
/// file it includes, a macro's file) is at that file's line, once, as in
/// a page's own template: tera names the page's template.
#[test]
fn a_render_error_in_a_shared_template_is_at_its_own_file() {
    let s = themed("");
    let built_in = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/base.html"),
    )
    .expect("the built-in base.html");
    let base = built_in.replacen(
        "{% block main %}",
        "{% include \"partials/banner.html\" %}{{ sec::notice(text=\"x\") }}{% block main %}",
        1,
    );
    let base = format!("{{% import \"sec.html\" as sec %}}\n{base}");
    let line = base[..base.find("{% include").expect("the include")].matches('\n').count() + 1;
    s.write("themes/mine/base.html", &base);
    s.write("themes/mine/partials/banner.html", "<p>\n  {{ oops_var }}</p>\n");
    s.write("themes/mine/sec.html", "{% macro notice(text) %}<p>{{ text }}</p>{% endmacro %}\n");
    let expect_one = |at: &str, what: &str| {
        for cmd in ["check", "build"] {
            let r = s.run(&[cmd]);
            assert_eq!(r.code, 1, "{}", r.stderr);
            let e: Vec<&str> = r.stderr.lines().filter(|l| l.contains("error:")).collect();
            assert_eq!(e.len(), 1, "{cmd}: {}", r.stderr);
            assert!(e[0].starts_with(at), "{cmd}: {e:?}");
            assert!(e[0].contains(what) && !e[0].contains("built-in"), "{cmd}: {e:?}");
        }
    };
    expect_one("themes/mine/partials/banner.html:2:6:", "`oops_var`");
    s.write("themes/mine/partials/banner.html", "<p>Banner</p>\n");
    s.write(
        "themes/mine/sec.html",
        "{% macro notice(text) %}<p>{{ text }} {{ oops_in_macro }}</p>{% endmacro %}\n",
    );
    expect_one("themes/mine/sec.html:1:42:", "(in the macro `sec::notice`)");
    s.write(
        "themes/mine/sec.html",
        "{% macro notice(text) %}<p>{{ text | round }}</p>{% endmacro %}\n",
    );
    expect_one("themes/mine/sec.html:1:38:", "`round`");
    s.write("themes/mine/sec.html", "{% macro notice(text) %}<p>{{ text }}</p>{% endmacro %}\n");
    s.write(
        "themes/mine/base.html",
        &base.replacen("{% include", "{{ no_such_var }}{% include", 1),
    );
    expect_one(&format!("themes/mine/base.html:{line}:"), "`no_such_var`");
    s.write("themes/mine/base.html", &base);
    assert_eq!(s.run(&["check"]).code, 0);
}

/// Where Hugo and Zola users put a favicon: beside the templates it is
/// not read (a warning says where it goes), in `static/` it clashes with
/// the theme's (the error says where it goes); a theme's own papers are
/// no theme files.
#[test]
fn a_favicon_where_other_generators_keep_it_is_pointed_to_the_themes_assets() {
    let s = themed("");
    s.write("themes/mine/favicon.ico", "icon");
    s.write("themes/mine/README.md", "# Mine\n");
    s.write("themes/mine/LICENSE", "MIT\n");
    let r = s.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let w: Vec<&str> = r.stderr.lines().filter(|l| l.contains("is not read")).collect();
    assert_eq!(w.len(), 1, "{}", r.stderr);
    assert!(w[0].starts_with("themes/mine/favicon.ico:"), "{w:?}");
    assert!(r.stderr.contains("move it to `themes/mine/assets/favicon.ico`"), "{}", r.stderr);
    s.write("static/favicon.ico", "icon");
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("static/favicon.ico:1:1: error"), "{}", r.stderr);
    assert!(r.stderr.contains("themes/NAME/assets/favicon.ico"), "{}", r.stderr);
}

#[test]
fn check_renders_each_template_of_a_site_theme_once() {
    // tera finds a variable no page has only while rendering: `check`
    // renders a page of each template, so a contributor's CI fails where
    // the deploy's `build` would.
    let s = themed("");
    s.write(
        "themes/mine/404.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ no_such_var }}</p>\n{% endblock %}\n",
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let e: Vec<&str> = r.errors().into_iter().filter(|l| l.contains("error:")).collect();
    assert_eq!(e.len(), 1, "{}", r.stderr);
    assert!(e[0].starts_with("themes/mine/404.html:3:"), "{e:?}");
    assert!(e[0].contains("no_such_var"), "{e:?}");
    let b = s.run(&["build"]);
    assert_eq!(b.code, 1, "{}", b.stderr);
    // Fixed, both pass.
    s.write(
        "themes/mine/404.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<p>Gone.</p>\n{% endblock %}\n",
    );
    assert_eq!(s.run(&["check"]).code, 0);
}

/// A Hugo or Zola user's settings: their keys at the top of book.toml say
/// where they go, a table book.toml does not have is named as the first
/// part of its header that is none, and their settings file, with no
/// book.toml, is said not to be read.
#[test]
fn hugo_and_zola_settings_say_where_they_go() {
    let s = Site::minimal();
    s.write(
        "book.toml",
        "baseURL = \"https://x.org/\"\ntheme = \"ananke\"\n[markup.goldmark.renderer]\nunsafe = true\n[build.foo.bar]\nx = 1\n",
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for want in [
        "help: write it in [book] as base-url",
        "help: write it in [build]: theme = \"NAME\"",
        "unknown field `markup`",
        "help: Markdown is read one way here",
        "unknown field `foo`",
        "help: [build] takes `content-dir`",
    ] {
        assert!(r.stderr.contains(want), "missing {want:?} in\n{}", r.stderr);
    }
    std::fs::remove_file(s.path().join("book.toml")).expect("remove");
    s.write("hugo.toml", "title = \"x\"\n");
    let r = s.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("hugo.toml:1:1: warning: `hugo.toml` is not read"), "{}", r.stderr);
}

/// An empty or blank text of book.toml is an error at its key (an entry
/// of `authors` at the entry) saying how to mend it; an empty
/// `description` means none, as when it is left out.
#[test]
fn empty_texts_of_book_toml_are_errors_at_their_keys() {
    let s = Site::minimal();
    s.write(
        "book.toml",
        "[book]\ntitle = \"\"\ndescription = \"\"\npublisher = \"  \"\nauthors = [\"Ann\", \" \"]\nlanguages = [\"en\", \"fr\"]\nid = \"\"\n[book.translations.fr]\ntitle = \" \"\ndescription = \"\"\npublisher = \"\"\n[build]\ntheme = \"\"\n",
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for want in [
        "book.toml:2:1: error: `title` is empty\n  help: give the site a title, or remove the key to use the default title, \"Compendium\"",
        "book.toml:4:1: error: `publisher` is only white space\n  help: name the publisher, or remove the key",
        "book.toml:5:19: error: entry 2 of `authors` is only white space\n  help: write the author's name, or remove the empty entry from `authors`",
        "book.toml:7:1: error: `id` is empty",
        "book.toml:9:1: error: `translations.fr.title` is only white space\n  help: write the site's title in fr",
        "book.toml:11:1: error: `translations.fr.publisher` is empty",
        "book.toml:13:1: error: `theme` is empty\n  help: name a folder of themes/, or remove the key",
    ] {
        assert!(r.stderr.contains(want), "missing {want:?} in\n{}", r.stderr);
    }
    assert_eq!(r.errors().len(), 7, "{}", r.stderr);
    // White space alone is no description; nothing is none.
    s.write("book.toml", "[book]\ntitle = \"T\"\ndescription = \" \"\n");
    let r = s.run(&["check"]);
    assert!(
        r.stderr.contains("book.toml:3:1: error: `description` is only white space"),
        "{}",
        r.stderr
    );
    s.write("book.toml", "[book]\ntitle = \"T\"\ndescription = \"\"\n");
    assert_eq!(s.run(&["check"]).code, 0);
}

/// Each limit out of its range is its own error at its key, with the
/// range and the default in numbers; no aliases at all is a policy.
#[test]
fn each_limit_out_of_range_is_named_with_its_range_and_default() {
    let s = Site::minimal();
    s.write(
        "book.toml",
        "[limits]\nyaml-max-depth = 0\nmarkdown-max-depth = 0\nmax-file-bytes = -1\nyaml-max-aliases = 0\nyaml-max-nodes = \"many\"\n",
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for want in [
        "book.toml:2:1: error: `yaml-max-depth` is 0, below its minimum of 1\n  help: set yaml-max-depth to a whole number from 1 to 256 (default 32), or remove it to use the default",
        "book.toml:3:1: error: `markdown-max-depth` is 0, below its minimum of 1\n  help: set markdown-max-depth to a whole number from 1 to 256 (default 64)",
        "book.toml:4:1: error: `max-file-bytes` is -1, below its minimum of 1\n  help: set max-file-bytes to a whole number from 1 to 16777216 (default 1048576)",
        "book.toml:6:18: error: invalid book.toml: `yaml-max-nodes` in [limits]: invalid type: string \"many\", expected a whole number\n  help: set yaml-max-nodes to a whole number from 1 to 1000000 (default 20000)",
    ] {
        assert!(r.stderr.contains(want), "missing {want:?} in\n{}", r.stderr);
    }
    assert_eq!(r.errors().len(), 4, "{}", r.stderr);
    assert!(!r.stderr.contains("limits must be"), "{}", r.stderr);
    s.write("book.toml", "[limits]\nyaml-max-aliases = 0\n");
    assert_eq!(s.run(&["check"]).code, 0);
}

/// A table written as another kind of value, or twice, is said in
/// book.toml's words (never serde's `struct BookText`), with a help line;
/// a list is not read as the table's values in order.
#[test]
fn tables_of_book_toml_written_wrongly_are_said_in_its_words() {
    let s = Site::minimal();
    for (toml, want) in [
        (
            "[book]\nlanguages = [\"en\", \"fr\"]\n[book.translations]\nfr = \"x\"\n",
            "book.toml:4:6: error: invalid book.toml: `fr` in [book.translations] is a string, not a table\n  help: write the texts in fr as a table: the header [book.translations.fr] on a line of its own, then title = \"…\"",
        ),
        (
            "limits = [1]\n",
            "book.toml:1:10: error: invalid book.toml: `limits` is a list, not a table\n  help: write the header [limits] on a line of its own",
        ),
        ("[[book]]\ntitle = \"x\"\n", "`book` is a list of tables ([[…]]), not a table"),
        (
            "[book]\ntitle = \"a\"\n[book]\ndescription = \"b\"\n",
            "book.toml:3:2: error: invalid book.toml: [book] is written twice\n  help: a [table] may appear once in a file",
        ),
        (
            "[book]\ntitle = \"a\"\ntitle = \"b\"\n",
            "book.toml:3:1: error: invalid book.toml: `title` is written twice in [book]",
        ),
        (
            "[book]\ncitation-style = { apa = 1 }\n",
            "`citation-style` in [book]: invalid type: table, expected a string\n  help: write the value in double quotes",
        ),
        ("[book]\ncitation-style = \"mla\"\n", "unknown value `mla`, expected `apa` or `chicago`"),
        ("[book.translations.fr]\ntitel = \"x\"\n", "help: did you mean `title`?"),
    ] {
        s.write("book.toml", toml);
        let r = s.run(&["check"]);
        assert_eq!(r.code, 1, "{toml}: {}", r.stderr);
        assert!(r.stderr.contains(want), "{toml}: missing {want:?} in\n{}", r.stderr);
        for leak in ["struct ", "enum ", "variant", "sequence", "wanted"] {
            assert!(!r.stderr.contains(leak), "{toml}: {leak} in\n{}", r.stderr);
        }
    }
    // The translations' keys include `publisher`, for "did you mean".
    s.write(
        "book.toml",
        "[book]\nlanguages = [\"en\", \"fr\"]\n[book.translations.fr]\npublsher = \"x\"\n",
    );
    assert!(s.run(&["check"]).stderr.contains("did you mean `publisher`?"));
}

/// `stale-after` too long is said so whatever the number, and a unit in
/// capitals gets the value to write.
#[test]
fn stale_after_too_long_or_in_capitals_says_what_to_write() {
    let s = Site::minimal();
    for (value, want) in [
        ("1000 years", "stale-after: `1000 years` is longer than a century"),
        ("100000 years", "stale-after: `100000 years` is longer than a century"),
        (
            "18 Months",
            "book.toml:2:1: error: stale-after: `18 Months` has a unit in capitals\n  help: write its units in lower case: stale-after = \"18 months\"",
        ),
    ] {
        s.write("book.toml", &format!("[check]\nstale-after = \"{value}\"\n"));
        let r = s.run(&["check"]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(r.stderr.contains(want), "missing {want:?} in\n{}", r.stderr);
    }
}

/// `reviewed-static` names files of static/: an entry leaving it is an
/// error, one naming no file a warning at the entry (with the file meant).
#[test]
fn reviewed_static_entries_name_files_of_static() {
    let s = Site::minimal();
    s.write("static/_redirects", "/old /new 301\n");
    s.write(
        "book.toml",
        "[build]\nreviewed-static = [\"_redirect\", \"../book.toml\", \"/etc/passwd\", \"/_redirects\"]\n",
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for want in [
        "book.toml:2:20: warning: `_redirect` in `reviewed-static` names no file of static/ (`static/_redirect`)\n  help: did you mean \"_redirects\"?",
        "book.toml:2:33: error: `../book.toml` in `reviewed-static` leaves static/ (`..`)",
        "book.toml:2:49: warning: `/etc/passwd` in `reviewed-static` names no file of static/ (`static/etc/passwd`)\n  help: entries are paths inside static/ (a leading `/` is the site's root), not paths on this computer",
    ] {
        assert!(r.stderr.contains(want), "missing {want:?} in\n{}", r.stderr);
    }
    assert_eq!(r.errors().len(), 3, "{}", r.stderr);
    // Named rightly, nothing is said, and the reviewed file is not warned of.
    s.write("book.toml", "[book]\nbase-url = \"https://example.org/\"\n[build]\nreviewed-static = [\"_redirects\"]\n");
    let r = s.run(&["check", "--strict"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}
