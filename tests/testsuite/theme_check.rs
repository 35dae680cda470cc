//! `check` on a site theme with several independent mistakes names every
//! one of them in one run: a designer fixing six mistakes should not need
//! six runs, each revealing the next.

use crate::support::*;

#[test]
fn check_names_every_theme_mistake_in_one_run() {
    let s = Site::minimal();
    s.write("book.toml", "[book]\ntitle = \"Test\"\n[build]\ntheme = \"mine\"\n");
    let t = |name: &str, text: &str| {
        s.write(&format!("themes/mine/{name}"), text);
    };
    // Refused at load: a template extending itself, an include loop, an
    // unknown filter and include, two string files that do not parse.
    t("country.html", "{% extends \"country.html\" %}");
    t("partials/a.html", "{% include \"partials/b.html\" %}");
    t("partials/b.html", "{% include \"partials/a.html\" %}");
    t(
        "term.html",
        "{% extends \"default/term.html\" %}{% block main %}{% include \"partials/a.html\" %}{% endblock main %}",
    );
    t(
        "index.html",
        "{% extends \"default/index.html\" %}{% block main %}{{ x | uppercase }}{% include \"nope.html\" %}{% endblock main %}",
    );
    t("i18n/ar.toml", "a = \n");
    t("i18n/zh.toml", "[x]\nseveral = \"y\"\n");
    // Found only by rendering (with the built-in files standing in for
    // the refused ones), and a block no parent has.
    t(
        "collection.html",
        "{% extends \"default/collection.html\" %}{% block main %}{{ record_cout }}{% endblock main %}",
    );
    t(
        "record.html",
        "{% extends \"default/record.html\" %}{% block main %}\n{{ record.title | round }}{% endblock main %}",
    );
    t("base.html", "{% extends \"default/base.html\" %}{% block mian %}x{% endblock mian %}");
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for want in [
        "themes/mine/country.html:1:12: error: the template extends itself",
        "themes/mine/partials/a.html:1:12: error: the theme can recurse without end",
        "themes/mine/index.html:1:58: error: the filter `uppercase` does not exist",
        "themes/mine/index.html:1:81: error: the included template `nope.html` does not exist",
        "themes/mine/i18n/ar.toml:1:5: error:",
        "themes/mine/i18n/zh.toml:2:1: error: `x` has a form `several`",
        "themes/mine/collection.html:1:59: error: Failed to render 'collection.html': Variable `record_cout` not found",
        "themes/mine/record.html:2:",
        "themes/mine/base.html:1:34: warning: `default/base.html` has no block `mian`",
    ] {
        assert!(r.stderr.contains(want), "{want}\n{}", r.stderr);
    }
    // `term.html` reads the refused include loop: rendering it would only
    // say again that `partials/a.html` is missing.
    assert!(!r.stderr.contains("themes/mine/term.html"), "{}", r.stderr);
    // `build` refuses the same theme, writing nothing.
    let b = s.run(&["build"]);
    assert_eq!(b.code, 1, "{}", b.stderr);
    assert!(!s.path().join("site").exists(), "{}", b.stderr);
}
