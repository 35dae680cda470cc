//! A theme's templates come in pull requests too: they cannot read the
//! environment, allocate without bound through `range`, or recurse until
//! the stack overflows (which aborted the build, and `serve` with it).

use std::process::Command;

use compendium::serve::engine::{ChangeKind, Engine};

use crate::support::*;

const BOOK: &str = "[book]\ntitle = \"Test\"\n[build]\ntheme = \"evil\"\n";

/// A minimal site whose theme replaces `404.html` with `body`.
fn with_404(body: &str) -> Site {
    let s = Site::minimal();
    s.write("book.toml", BOOK);
    s.write("themes/evil/404.html", body);
    s
}

#[test]
fn a_theme_cannot_read_environment_variables() {
    let s = with_404("<p>{{ get_env(name=\"SECRET_TOKEN\") }}</p>");
    let secret = "s3cr3t-7f2c9e";
    let out = Command::new(bin())
        .arg("--root")
        .arg(s.path())
        .arg("build")
        .env("SECRET_TOKEN", secret)
        .output()
        .expect("run compendium");
    let r = Run::from(out);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("themes cannot read environment variables"), "{}", r.stderr);
    assert!(r.stderr.contains("themes/evil/404.html"), "names the template: {}", r.stderr);
    assert!(!r.stderr.contains(secret) && !r.stdout.contains(secret));
    let written = snapshot(s.path());
    assert!(
        written.values().all(|bytes| !String::from_utf8_lossy(bytes).contains(secret)),
        "the secret was written somewhere"
    );
}

#[test]
fn a_theme_range_is_capped_and_otherwise_teras() {
    let s = with_404("{% for i in range(end=3000000000) %}{% endfor %}");
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("at most 100000"), "{}", r.stderr);
    assert!(r.stderr.contains("themes/evil/404.html"), "{}", r.stderr);
    s.write(
        "themes/evil/404.html",
        "<p>{% for i in range(start=1, end=8, step_by=3) %}[{{ i }}]{% endfor %}</p>",
    );
    let r = s.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(s.read("site/404.html").contains("[1][4][7]"), "{}", s.read("site/404.html"));
}

const MACROS: &str = "{% macro rec(n) %}{{ self::rec(n=n+1) }}{% endmacro rec %}";
const CALLER: &str = "{% import \"evil.html\" as e %}{{ e::rec(n=0) }}";

#[test]
fn a_recursive_theme_macro_is_refused_not_a_crash() {
    let s = with_404(CALLER);
    s.write("themes/evil/evil.html", MACROS);
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "an error, not an abort: {}", r.stderr);
    // At the call that recurses, in the file that holds it.
    assert!(
        r.stderr.contains("themes/evil/evil.html:1:")
            && r.stderr.contains("macro `rec` in `evil.html` -> macro `rec` in `evil.html`"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("write it as a loop"), "{}", r.stderr);
    // A contributor's CI runs `check`: it refuses what `build` would.
    let c = s.run(&["check"]);
    assert_eq!(c.code, 1, "{}", c.stderr);
    assert!(
        c.stderr.contains("themes/evil/evil.html:1:") && c.stderr.contains("write it as a loop"),
        "{}",
        c.stderr
    );
    assert!(c.stderr.contains("help: fix the template"), "{}", c.stderr);
}

#[test]
fn a_theme_include_cycle_is_refused_not_a_crash() {
    let s = with_404("{% include \"a.html\" %}");
    s.write("themes/evil/a.html", "{% include \"b.html\" %}");
    s.write("themes/evil/b.html", "{% include \"a.html\" %}");
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("themes/evil/a.html:1:12: error: ")
            && r.stderr.contains("template `a.html` -> template `b.html` -> template `a.html`"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_theme_macro_calling_another_builds() {
    let s = with_404("{% import \"ok.html\" as ok %}<p>{{ ok::outer(n=2) }}</p>");
    s.write(
        "themes/evil/ok.html",
        "{% macro inner(n) %}<b>{{ n }}</b>{% endmacro inner %}{% macro outer(n) %}{{ self::inner(n=n) }}{{ self::inner(n=n + 1) }}{% endmacro outer %}",
    );
    let r = s.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(s.read("site/404.html").contains("<b>2</b><b>3</b>"), "{}", s.read("site/404.html"));
}

#[test]
fn serve_reports_a_recursive_theme_and_keeps_running() {
    let s = with_404("<p>fine</p>");
    let root = s.path();
    let (mut engine, outcome) = Engine::start(root);
    assert!(!outcome.has_errors(), "{:?}", outcome.diagnostics);
    let before = snapshot(&root.join("site"));
    s.write("themes/evil/evil.html", MACROS);
    s.write("themes/evil/404.html", CALLER);
    let o = engine.apply(&[
        ChangeKind::Template(root.join("themes/evil/evil.html")),
        ChangeKind::Template(root.join("themes/evil/404.html")),
    ]);
    assert!(o.has_errors());
    assert!(
        o.diagnostics.iter().any(|d| d.message.contains("recurse without end")),
        "{:?}",
        o.diagnostics
    );
    assert_eq!(snapshot(&root.join("site")), before, "the last good site stays");
    // Fixed: the engine goes on.
    s.write("themes/evil/404.html", "<p>fixed</p>");
    s.write("themes/evil/evil.html", "");
    let o = engine.apply(&[ChangeKind::Template(root.join("themes/evil/404.html"))]);
    assert!(!o.has_errors(), "{:?}", o.diagnostics);
    assert!(s.read("site/404.html").contains("fixed"));
}

#[test]
fn theme_files_are_read_within_a_size_limit() {
    let s = with_404("<p>small</p>");
    let big = s.path().join("themes/evil/assets/big.bin");
    std::fs::create_dir_all(big.parent().unwrap()).unwrap();
    // Sparse: 17 MiB of zeros that take no disk.
    std::fs::File::create(&big).unwrap().set_len(17 << 20).unwrap();
    for cmd in ["build", "check"] {
        let r = s.run(&[cmd]);
        assert_eq!(r.code, 1, "{cmd}: {}", r.stderr);
        assert!(
            r.stderr
                .contains("themes/evil/assets/big.bin:1:1: error: the file is larger than 16 MiB"),
            "{cmd}: {}",
            r.stderr
        );
    }
    std::fs::remove_file(&big).unwrap();
    // A template gets content's limit, `max-file-bytes`.
    s.write("themes/evil/404.html", &format!("<p>{}</p>", "x".repeat(1 << 20)));
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("themes/evil/404.html:1:1: error: the file is larger than 1 MiB"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("max-file-bytes"), "{}", r.stderr);
    s.write("themes/evil/404.html", "<p>small</p>");
    assert_eq!(s.run(&["build"]).code, 0);
}

#[test]
fn a_theme_that_doubles_a_value_or_nests_ranges_is_refused() {
    let s = with_404(
        "{% set_global s = \"xxxxxxxxxx\" %}{% for i in range(end=40) %}{% set_global s = s ~ s %}{% endfor %}{{ s | length }}",
    );
    for cmd in ["build", "check"] {
        let r = s.run(&[cmd]);
        assert_eq!(r.code, 1, "{cmd}: {}", r.stderr);
        assert!(r.stderr.contains("can use memory without bound"), "{cmd}: {}", r.stderr);
        assert!(r.stderr.contains("themes/evil/404.html"), "{cmd}: {}", r.stderr);
    }
    s.write(
        "themes/evil/404.html",
        "{% for i in range(end=100000) %}{% for j in range(end=100000) %}x{% endfor %}{% endfor %}",
    );
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("`range` loops nested in each other"), "{}", r.stderr);
}

/// `base.html` extending `base.html` is what a Zola or Hugo designer
/// writes first to add one stylesheet to every page: tera recursed on it
/// until the stack overflowed, in `check`, `build` and `serve` alike.
#[test]
fn a_base_extending_itself_is_an_error_and_default_base_is_the_way() {
    let s = with_404("<p>small</p>");
    s.write("themes/evil/base.html", "{% extends \"base.html\" %}");
    for cmd in ["check", "build"] {
        let r = s.run(&[cmd]);
        assert_eq!(r.code, 1, "an error, not an abort: {cmd}: {}", r.stderr);
        assert!(
            r.stderr.contains("themes/evil/base.html:1:12: error: the template extends itself")
                && r.stderr.contains("{% extends \"default/base.html\" %}"),
            "{cmd}: {}",
            r.stderr
        );
    }
    // As the message says: the built-in base, with a block of its own.
    s.write(
        "themes/evil/base.html",
        "{% extends \"default/base.html\" %}{% block head %}<link rel=\"stylesheet\" href=\"{{ root }}assets/mine.css\">{% endblock head %}",
    );
    s.write("themes/evil/404.html", "{% extends \"base.html\" %}{% block main %}<p>lost</p>{% endblock main %}{% block mian %}x{% endblock mian %}");
    s.write("themes/evil/assets/mine.css", "body { color: #123 }");
    let c = s.run(&["check"]);
    assert_eq!(c.code, 0, "{}", c.stderr);
    // A block its parents do not have never shows: a warning with the
    // block meant.
    assert!(
        c.stderr.contains("themes/evil/404.html:1:")
            && c.stderr.contains("`base.html` has no block `mian`")
            && c.stderr.contains("did you mean `main`?"),
        "{}",
        c.stderr
    );
    let r = s.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let page = s.read("site/404.html");
    assert!(page.contains("assets/mine.css") && page.contains("<p>lost</p>"), "{page}");
    assert!(page.contains("<nav") || page.contains("<header"), "the built-in layout: {page}");
}

/// A `base.html` written from scratch, its content block named as Zola
/// names it (`content`): the built-in page templates fill `main`, so every
/// page would be published empty. An error at the base, naming the pages
/// and the block; a block a few pages fill (`scripts`) is a warning.
#[test]
fn a_base_without_the_blocks_built_in_pages_fill_is_said() {
    let s = with_404("{% extends \"base.html\" %}{% block main %}<p>lost</p>{% endblock main %}");
    s.write(
        "themes/evil/base.html",
        "<!DOCTYPE html><html><head><title>{% block title %}T{% endblock title %}</title></head><body>{% block content %}{% endblock content %}</body></html>",
    );
    for cmd in ["check", "build"] {
        let r = s.run(&[cmd]);
        assert_eq!(r.code, 1, "{cmd}: {}", r.stderr);
        assert!(
            r.stderr.contains("themes/evil/base.html:1:1: error: the built-in `index.html`, `collection.html`")
                && r.stderr.contains("fill the block `main`, which this template (and what it extends) lacks: their pages are published empty")
                && r.stderr.contains("add `{% block main %}{% endblock main %}` where it goes"),
            "{cmd}: {}",
            r.stderr
        );
        assert!(r.stderr.contains("fill the block `scripts`"), "{}", r.stderr);
    }
    s.write(
        "themes/evil/base.html",
        "<!DOCTYPE html><html><head><title>{% block title %}T{% endblock title %}</title>{% block head %}{% endblock head %}</head><body>{% block main %}{% endblock main %}{% block scripts %}{% endblock scripts %}</body></html>",
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("fill the block `main`"), "{}", r.stderr);
}

/// A misspelt variable says the name the page has (`record_cout`: did you
/// mean `record_count`?), at the top level and inside an object.
#[test]
fn a_misspelt_variable_names_the_one_meant() {
    let s = with_404("<p>small</p>");
    s.write(
        "themes/evil/index.html",
        "{% extends \"default/index.html\" %}{% block main %}{{ record_cout }}{% endblock main %}",
    );
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("did you mean `record_count`?"), "{}", r.stderr);
    assert!(r.stderr.contains("themes/evil/index.html:1:"), "{}", r.stderr);
    s.write(
        "themes/evil/index.html",
        "{% extends \"default/index.html\" %}{% block main %}{{ site_titel }}{% endblock main %}",
    );
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("did you mean `site_title`?"), "{}", r.stderr);
}

/// A site `macros.html` that replaces the built-in one without the macros
/// built-in templates call is refused by `check`, at that file, naming
/// each macro and who calls it (it was a render error of a built-in
/// template, at the theme folder).
#[test]
fn a_macros_file_lacking_built_in_macros_is_said_at_it() {
    let s = with_404("<p>small</p>");
    s.write(
        "themes/evil/macros.html",
        "{% macro record_item(r, lang) %}<li>{{ r.title }}</li>{% endmacro record_item %}",
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("themes/evil/macros.html:1:1: error: this file replaces the built-in `macros.html` without macros built-in templates call:")
            && r.stderr.contains("(called by ")
            && r.stderr.contains("`term.html`"),
        "{}",
        r.stderr
    );
}
