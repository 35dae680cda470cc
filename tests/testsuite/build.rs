//! `compendium build`: the rendered site works from disk, is reproducible,
//! never lets hostile content through, and a failed build changes nothing.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Component, Path, PathBuf};

use crate::support::{self, Site};

/// One start tag of an HTML file: its name and attributes (values with
/// `&amp;`, `&quot;` and friends decoded).
#[derive(Debug)]
pub(crate) struct Tag {
    pub(crate) name: String,
    attrs: Vec<(String, String)>,
}

impl Tag {
    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// A small HTML tokenizer, enough for tests: start tags with quoted or
/// unquoted attributes; comments, end tags and the text of `<script>` and
/// `<style>` are skipped. Text is never mistaken for markup, so escaped
/// content (`&lt;script&gt;`) does not count as a tag.
pub(crate) fn tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        if html[i..].starts_with("<!--") {
            i = html[i..].find("-->").map_or(b.len(), |e| i + e + 3);
            continue;
        }
        if i + 1 >= b.len() || !b[i + 1].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-') {
            j += 1;
        }
        let name = html[i + 1..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                j += 1;
                break;
            }
            let start = j;
            while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'=' | b'>' | b'/')
            {
                j += 1;
            }
            let attr = html[start..j].to_ascii_lowercase();
            let mut value = String::new();
            if j < b.len() && b[j] == b'=' {
                j += 1;
                if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
                    let q = b[j];
                    let vs = j + 1;
                    j = vs;
                    while j < b.len() && b[j] != q {
                        j += 1;
                    }
                    value = html[vs..j.min(b.len())].to_owned();
                    j += 1;
                } else {
                    let vs = j;
                    while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                        j += 1;
                    }
                    value = html[vs..j].to_owned();
                }
            }
            if attr.is_empty() {
                j += 1;
            } else {
                attrs.push((attr, decode(&value)));
            }
        }
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            j = html[j.min(b.len())..].to_ascii_lowercase().find(&close).map_or(b.len(), |e| j + e);
        }
        out.push(Tag { name, attrs });
        i = j;
    }
    out
}

fn decode(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

pub(crate) fn html_files(site: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(site)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect()
}

/// Resolves `link` found in `from` the way a browser does under `file://`.
fn resolve(site: &Path, from: &Path, link: &str) -> PathBuf {
    let mut parts: Vec<String> = from
        .parent()
        .unwrap_or(site)
        .strip_prefix(site)
        .unwrap_or(Path::new(""))
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    for seg in link.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s.to_owned()),
        }
    }
    parts.iter().fold(site.to_path_buf(), |p, s| p.join(s))
}

/// Problems with the `href`/`src`/`action` values of every HTML page under
/// `site`: an internal link must be relative and name an existing file. Also
/// returns how many internal links were checked.
fn link_problems(site: &Path, base_url: Option<&str>) -> (Vec<String>, usize) {
    let mut problems = Vec::new();
    let mut checked = 0;
    for file in html_files(site) {
        let rel = file.strip_prefix(site).unwrap().display().to_string();
        let html = fs::read_to_string(&file).unwrap();
        for tag in tags(&html) {
            for attr in ["href", "src", "action"] {
                let Some(link) = tag.attr(attr) else { continue };
                let link = link.trim();
                let lower = link.to_ascii_lowercase();
                // Canonical and hreflang links must be absolute (Google).
                let rel_attr = tag.attr("rel").unwrap_or("");
                if tag.name == "link" && matches!(rel_attr, "canonical" | "alternate") {
                    continue;
                }
                if let Some(base) = base_url
                    && link.starts_with(base)
                {
                    problems.push(format!("{rel}: absolute link to the site {link}"));
                    continue;
                }
                // 404.html is served at unknown depths, so it links from the
                // base URL's path; conformance::not_found checks those.
                if base_url.is_some() && rel.ends_with("404.html") && link.starts_with('/') {
                    continue;
                }
                // `data:` links are the citation downloads (#17): the
                // file is the link itself.
                if ["http://", "https://", "mailto:", "data:"].iter().any(|p| lower.starts_with(p))
                    || link.starts_with('#')
                {
                    continue;
                }
                if link.starts_with('/') {
                    problems.push(format!("{rel}: root-relative link {link}"));
                    continue;
                }
                if link.contains(':') {
                    problems.push(format!("{rel}: odd link scheme {link}"));
                    continue;
                }
                let path = link.split(['#', '?']).next().unwrap_or("");
                if path.is_empty() {
                    continue;
                }
                checked += 1;
                if !resolve(site, &file, path).is_file() {
                    problems.push(format!("{rel}: broken link {link} ({attr} on <{}>)", tag.name));
                }
            }
        }
    }
    (problems, checked)
}

pub(crate) fn assert_links_ok(site: &Path, base_url: Option<&str>) -> usize {
    let (problems, checked) = link_problems(site, base_url);
    assert!(problems.is_empty(), "{} link problem(s):\n{}", problems.len(), problems.join("\n"));
    checked
}

fn eval_copy() -> Option<Site> {
    let Some(eval) = support::eval_site() else {
        eprintln!("skipped: ../shared/fixtures/eval-site is not beside the checkout");
        return None;
    };
    let s = Site::copy_of(&eval);
    // A previous build of the shared folder must not leak into the copy.
    let _ = fs::remove_dir_all(s.path().join("site"));
    let _ = fs::remove_dir_all(s.path().join("index"));
    Some(s)
}

#[test]
fn eval_site_builds_every_page_and_every_link_resolves() {
    let Some(s) = eval_copy() else { return };
    let r = s.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("built 41 records into"), "{}", r.stderr);
    let site = s.path().join("site");

    let records: Vec<serde_json::Value> =
        serde_json::from_str(&s.read("site/data/records.json")).unwrap();
    assert_eq!(records.len(), 41);
    let mut expected: BTreeSet<String> = BTreeSet::new();
    expected.extend(
        ["index.html", "404.html", "countries/index.html", "assets/style.css"].map(String::from),
    );
    // Which taxonomy each term field of the eval site draws from.
    let term_fields = [
        ("topics", "topics"),
        ("regions", "regions"),
        ("organisations", "organisations"),
        ("lead", "organisations"),
        ("payment_instruments", "payment-instruments"),
    ];
    for r in &records {
        let (c, id) = (r["collection"].as_str().unwrap(), r["id"].as_str().unwrap());
        expected.insert(format!("{c}/index.html"));
        expected.insert(format!("{c}/{id}/index.html"));
        for (field, tax) in term_fields {
            for v in values(&r[field]) {
                expected.insert(format!("{tax}/index.html"));
                expected.insert(format!("{tax}/{v}/index.html"));
            }
        }
        for field in ["countries", "jurisdiction", "examples"] {
            for v in values(&r[field]) {
                if v.len() == 3 && v.chars().all(|c| c.is_ascii_uppercase()) {
                    expected.insert(format!("countries/{}/index.html", v.to_ascii_lowercase()));
                }
            }
        }
    }
    let missing: Vec<&String> = expected.iter().filter(|p| !site.join(p).is_file()).collect();
    assert!(missing.is_empty(), "missing pages: {missing:?}");

    // Every page names the record it is about.
    let psd2 = s.read("site/regulations/eu-psd2/index.html");
    assert!(psd2.contains("EU Second Payment Services Directive (PSD2)"));
    assert!(psd2.contains("Records that link here"), "backlinks missing");

    let checked = assert_links_ok(&site, None);
    assert!(checked > 1000, "only {checked} internal links found: is the crawl working?");
}

fn values(v: &serde_json::Value) -> Vec<String> {
    match v {
        serde_json::Value::String(s) => vec![s.clone()],
        serde_json::Value::Array(a) => {
            a.iter().filter_map(|x| x.as_str().map(String::from)).collect()
        }
        _ => Vec::new(),
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let Some(s) = eval_copy() else { return };
    assert_eq!(s.run(&["build"]).code, 0);
    // The tantivy index too: its segments were named by random UUIDs, and
    // split between two threads as they were scheduled.
    let both = |s: &Site| {
        let mut all = support::snapshot(&s.path().join("site"));
        // (A forced build leaves the no-change manifest out.)
        for (path, bytes) in support::snapshot(&s.path().join("index")) {
            if path != "build-manifest.json" {
                all.insert(format!("index/{path}"), bytes);
            }
        }
        all
    };
    let first = both(&s);
    assert!(first.keys().any(|p| p.ends_with(".term")), "{:?}", first.keys());
    // --force: a plain second build would find nothing changed and skip.
    assert_eq!(s.run(&["build", "--force"]).code, 0);
    let second = both(&s);
    assert_eq!(first.keys().collect::<Vec<_>>(), second.keys().collect::<Vec<_>>());
    for (path, bytes) in &first {
        assert!(second[path] == *bytes, "{path} differs between two builds");
    }
    // Still an index tantivy opens, with every record in it.
    let r = s.run(&["search", "data", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

/// The modification time of every file under `dir`, to see what a run wrote.
fn mtimes(dir: &Path) -> Vec<(PathBuf, std::time::SystemTime)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), e.metadata().unwrap().modified().unwrap()))
        .collect()
}

#[test]
fn a_no_change_rebuild_writes_nothing_and_any_change_rebuilds() {
    let s = Site::minimal();
    s.write("content/practices/notes.txt", "not a record");
    let first = s.run(&["build"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let before = (mtimes(&s.path().join("site")), mtimes(&s.path().join("index")));
    let again = s.run(&["build"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(again.stderr.contains("is up to date"), "{}", again.stderr);
    // The warnings of the build it stands for (the file that is no record,
    // and no base-url for the feed) are shown again.
    assert_eq!(first.errors().len(), 2, "{}", first.stderr);
    assert_eq!(first.errors(), again.errors());
    let after = (mtimes(&s.path().join("site")), mtimes(&s.path().join("index")));
    assert_eq!(before, after, "a no-change rebuild wrote files");

    // A changed record, a removed output file, a changed theme and --force
    // each render again.
    s.write(
        "content/practices/single-window.md",
        "---\ntitle: Single window, renamed\nsummary: s\narea: customs\n---\n",
    );
    let r = s.run(&["build"]);
    assert!(r.stderr.contains("built "), "{}", r.stderr);
    assert!(s.read("site/practices/single-window/index.html").contains("renamed"));
    fs::remove_file(s.path().join("site/practices/index.html")).unwrap();
    let r = s.run(&["build"]);
    assert!(r.stderr.contains("built "), "{}", r.stderr);
    assert!(s.path().join("site/practices/index.html").is_file());
    s.write("book.toml", "[book]\ntitle = \"Test\"\n[build]\ntheme = \"mine\"\n");
    s.write("themes/mine/assets/extra.css", "body{}");
    let r = s.run(&["build"]);
    assert!(r.stderr.contains("built "), "{}", r.stderr);
    assert!(s.path().join("site/assets/extra.css").is_file());
    s.write("themes/mine/assets/extra.css", "body{color:red}");
    let r = s.run(&["build"]);
    assert!(r.stderr.contains("built "), "{}", r.stderr);
    assert_eq!(s.read("site/assets/extra.css"), "body{color:red}");
    assert!(s.run(&["build"]).stderr.contains("is up to date"));
    let r = s.run(&["build", "--force"]);
    assert!(r.stderr.contains("built "), "{}", r.stderr);
}

#[test]
fn a_failed_build_leaves_the_previous_site_alone() {
    let s = Site::minimal();
    let r = s.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let before = support::snapshot(s.path());
    s.write("content/practices/broken.md", "---\nsummary: No title here.\narea: customs\n---\n");
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let mut after = support::snapshot(s.path());
    after.remove("content/practices/broken.md");
    assert_eq!(before, after, "the failed build changed files");
}

#[test]
fn a_broken_theme_template_fails_the_build_naming_the_file() {
    let s = Site::minimal();
    assert_eq!(s.run(&["build"]).code, 0);
    let before = support::snapshot(&s.path().join("site"));
    s.write("book.toml", "[book]\ntitle = \"Test\"\n[build]\ntheme = \"custom\"\n");
    s.write(
        "themes/custom/record.html",
        "{% extends \"base.html\" %}{% block main %}{% if %}{% endblock main %}",
    );
    let r = s.run(&["build"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("themes/custom/record.html"), "{}", r.stderr);
    assert_eq!(before, support::snapshot(&s.path().join("site")));
}

/// What tera finds only when a page renders (a filter, function or test
/// it does not have, an include of no template) fails `check` too, at the
/// line that uses it, so that a contributor's CI does not pass a theme the
/// publishing build refuses.
#[test]
fn check_finds_what_a_theme_uses_but_does_not_have() {
    let s = Site::minimal();
    s.write("book.toml", "[book]\ntitle = \"Test\"\n[build]\ntheme = \"custom\"\n");
    for (line, want) in [
        (
            "{{ record.title | nosuch }}",
            "record.html:2:19: error: the filter `nosuch` does not exist",
        ),
        (
            "{% include \"nope.html\" %}",
            "record.html:2:12: error: the included template `nope.html` does not exist",
        ),
        ("{{ nofn(a=1) }}", "record.html:2:4: error: the function `nofn` does not exist"),
        (
            "{% if record is nosuch %}{% endif %}",
            "record.html:2:17: error: the test `nosuch` does not exist",
        ),
    ] {
        s.write(
            "themes/custom/record.html",
            &format!("{{% extends \"base.html\" %}}{{% block main %}}\n{line}\n{{{{ record.title | safe | default(value=1) }}}}{{% include \"x.html\" ignore missing %}}{{% endblock main %}}"),
        );
        let r = s.run(&["check"]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(r.stderr.contains(want), "{want}\n{}", r.stderr);
    }
    // A parent or macro file that is not there: at the place it is named,
    // in `check` and `build` alike.
    for (text, want) in [
        (
            "{% extends \"basis.html\" %}",
            "themes/custom/record.html:1:12: error: the template extends `basis.html`, which the theme does not have (did you mean `base.html`?)",
        ),
        (
            "{% import \"macro.html\" as m %}\n{% extends \"base.html\" %}",
            "themes/custom/record.html:1:11: error: the template imports `macro.html`, which the theme does not have (did you mean `macros.html`?)",
        ),
    ] {
        s.write("themes/custom/record.html", text);
        for command in ["check", "build"] {
            let r = s.run(&[command]);
            assert_eq!(r.code, 1, "{}", r.stderr);
            assert!(r.stderr.contains(want), "{command}: {want}\n{}", r.stderr);
        }
    }
}

const HOSTILE_BODY: &str = r#"
<script>alert('body')</script>

<img src=x.png onerror="alert('img')">

[click](javascript:alert('md'))

<iframe src="https://evil.example/"></iframe>

<a href="JaVaScRiPt:alert('mixed')">mixed case</a>

<svg onload="alert('svg')"><circle r="1"/></svg>

<p onclick="alert('p')" style="background:url(javascript:alert(1))">styled</p>

<a href=" javascript:alert('space')">leading space</a>

<form action="javascript:alert('form')"><input onfocus="alert('f')" autofocus></form>
"#;

#[test]
fn hostile_content_never_becomes_markup() {
    let s = Site::minimal();
    s.write(
        "content/practices/hostile.md",
        &format!(
            "---\ntitle: \"<script>alert('title')</script> Hostile\"\nsummary: '\"><img src=x onerror=alert(1)> <script>alert(2)</script>'\narea: payments\nupdated: 2024-01-01\nwebsite: https://example.org/?a=\"><script>alert(3)</script>\nrelated: [practices/single-window]\n---\n{HOSTILE_BODY}"
        ),
    );
    let r = s.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for page in [
        "site/practices/hostile/index.html",
        "site/practices/index.html",
        "site/index.html",
        "site/practices/single-window/index.html",
    ] {
        let html = s.read(page);
        assert!(html.contains("Hostile"), "{page} does not show the record");
        for tag in tags(&html) {
            let shown = format!("{tag:?}");
            match tag.name.as_str() {
                // Only the theme's own scripts: filter.js, cite.js (the copy
                // buttons of "Cite this entry") and the class toggle.
                "script" => {
                    let src = tag.attr("src").unwrap_or("");
                    assert!(
                        src.is_empty()
                            || src.ends_with("assets/filter.js")
                            || src.ends_with("assets/cite.js")
                            || src.ends_with("assets/has-js.js"),
                        "{page}: {shown}"
                    );
                }
                // The theme's own map, charts and legend swatches are SVG
                // (issue #16); a body never brings one.
                "svg" => assert!(
                    matches!(tag.attr("class"), Some("map-svg" | "chart-svg" | "swatch")),
                    "{page}: {shown}"
                ),
                // Images are fine in a body, once ammonia has stripped their handlers.
                "iframe" | "frame" | "object" | "embed" => panic!("{page}: {shown}"),
                "form" => assert!(
                    tag.attr("action").is_none_or(|a| a.ends_with("search/index.html")),
                    "{page}: {shown}"
                ),
                _ => {}
            }
            for (name, value) in &tag.attrs {
                assert!(!name.starts_with("on"), "{page}: event handler in {shown}");
                let v = value.trim().to_ascii_lowercase();
                assert!(!v.contains("javascript:"), "{page}: javascript: URL in {shown}");
            }
        }
        // Not even as text that a scanner could take for markup.
        let lower = html.to_ascii_lowercase();
        for bad in [
            "<script>alert",
            "<img src=x onerror",
            "<img src=x.png onerror",
            "<iframe",
            "javascript:",
            "onerror=\"",
            "onload=\"",
        ] {
            assert!(!lower.contains(bad), "{page} contains {bad}");
        }
        let theirs =
            ["<svg class=\"map-svg\"", "<svg class=\"chart-svg\"", "<svg class=\"swatch\""];
        let svgs: usize = theirs.iter().map(|t| lower.matches(t).count()).sum();
        assert_eq!(lower.matches("<svg").count(), svgs, "{page}: an SVG not the theme's");
        // The only inline script is the theme's one-line class toggle.
        let inline = html.matches("<script>").count();
        assert!(inline <= 1, "{page}: {inline} inline scripts");
        if inline == 1 {
            assert!(html.contains("<script>document.documentElement.className"), "{page}");
        }
    }
    let listing = s.read("site/practices/index.html");
    assert!(listing.contains("&lt;script&gt;alert"), "title text should show, escaped");
}

#[test]
fn a_site_theme_overrides_templates_one_by_one() {
    let s = Site::minimal();
    s.write("book.toml", "[book]\ntitle = \"Test\"\n[build]\ntheme = \"custom\"\n");
    s.write(
        "themes/custom/record.html",
        "{% extends \"base.html\" %}{% block main %}<h1>CUSTOM {{ record.title }}</h1>{% endblock main %}",
    );
    s.write("themes/custom/assets/extra.css", "body { color: red }");
    let r = s.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let record = s.read("site/practices/single-window/index.html");
    assert!(record.contains("CUSTOM Single window"), "{record}");
    assert!(s.read("site/practices/index.html").contains("id=\"records\""), "listing not default");
    assert!(s.read("site/assets/style.css").contains("--link"), "default asset missing");
    assert_eq!(s.read("site/assets/extra.css"), "body { color: red }");
}

#[test]
fn minify_false_writes_readable_html() {
    let s = Site::minimal();
    assert_eq!(s.run(&["build"]).code, 0);
    let minified = s.read("site/index.html");
    // Minified: the templates' layout whitespace is gone (attribute values
    // keep their quotes: pages are no longer run through an HTML minifier).
    assert!(minified.contains("<html lang=\"en\"><head><meta charset=\"utf-8\">"), "{minified}");
    assert!(minified.lines().count() < 5, "{minified}");
    s.write("book.toml", "[book]\ntitle = \"Test\"\n[build]\nminify = false\n");
    assert_eq!(s.run(&["build"]).code, 0);
    let plain = s.read("site/index.html");
    assert!(plain.contains("<html lang=\"en\">"), "{plain}");
    assert!(plain.lines().count() > 20, "{plain}");
    assert!(plain.len() > minified.len());
}

#[test]
fn country_pages_show_what_applies_through_blocs() {
    let s = Site::minimal();
    s.write(
        "content/practices/eu-rule.md",
        "---\ntitle: EU-wide rule\nsummary: Applies across the bloc.\narea: payments\ncountries: [european-union]\n---\n",
    );
    let r = s.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let fra = s.read("site/countries/fra/index.html");
    assert!(fra.contains("EU-wide rule"), "{fra}");
    assert!(fra.contains("European Union"), "{fra}");
    let ken = s.read("site/countries/ken/index.html");
    assert!(ken.contains("Single window"), "{ken}");
    assert!(!ken.contains("EU-wide rule"), "{ken}");
    assert!(s.read("site/countries/index.html").contains("fra/index.html"));
    assert!(s.read("site/regions/european-union/index.html").contains("EU-wide rule"));
    // Each record's card says what the listing's says (its facets).
    assert!(fra.contains("Payments"), "{fra}");
    assert_links_ok(&s.path().join("site"), None);
}

/// A record merely tagged with a bloc, naming no country, is about the
/// bloc: its members' pages neither list nor count it as applying (as
/// `compare` leaves it out), and point to the bloc's page for it.
#[test]
fn records_merely_tagged_with_a_bloc_do_not_apply_to_its_members() {
    let s = Site::minimal();
    s.write(
        "content/practices/eu-rule.md",
        "---\ntitle: EU-wide rule\nsummary: Applies across the bloc.\narea: payments\ncountries: [european-union]\n---\n",
    );
    for i in 0..3 {
        s.write(
            &format!("content/practices/eu-study-{i}.md"),
            &format!("---\ntitle: EU study {i}\nsummary: About the bloc.\narea: customs\nregions: [european-union]\n---\n"),
        );
    }
    let r = s.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let fra = s.read("site/countries/fra/index.html");
    assert!(fra.contains("EU-wide rule") && !fra.contains("EU study"), "{fra}");
    assert!(
        fra.contains("1 record applies to this country, directly or through European Union."),
        "{fra}"
    );
    assert!(
        fra.contains("<a href=\"../../regions/european-union/index.html\">3 other records are about European Union as a whole.</a>"),
        "{fra}"
    );
    let index = s.read("site/countries/index.html");
    assert!(!index.contains("(4)"), "{index}");
    // The bloc's own page lists them all.
    let eu = s.read("site/regions/european-union/index.html");
    assert!(eu.contains("EU study 2") && eu.contains("EU-wide rule"), "{eu}");
    // Without the rule, France applies nothing: it has no page.
    std::fs::remove_file(s.path().join("content/practices/eu-rule.md")).expect("remove");
    assert_eq!(s.run(&["build"]).code, 0);
    assert!(!s.path().join("site/countries/fra/index.html").exists());
    assert_links_ok(&s.path().join("site"), None);
}

#[test]
fn base_url_gives_a_sitemap_and_pages_stay_relative() {
    let s = Site::minimal();
    s.write("book.toml", "[book]\ntitle = \"Test\"\nbase-url = \"https://example.org/kb/\"\n");
    let r = s.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let sitemap = s.read("site/sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/kb/practices/single-window/</loc>"),
        "{sitemap}"
    );
    assert!(sitemap.contains("<loc>https://example.org/kb/</loc>"), "{sitemap}");
    assert!(!sitemap.contains("404"), "{sitemap}");
    // 404.html is served at unknown depths, so it alone links from the base
    // URL's path.
    assert!(
        s.read("site/404.html").contains("href=\"/kb/index.html\""),
        "{}",
        s.read("site/404.html")
    );
    assert_links_ok(&s.path().join("site"), Some("https://example.org/kb/"));
}

#[test]
fn no_search_page_without_a_search_template() {
    let s = Site::minimal();
    assert_eq!(s.run(&["build"]).code, 0);
    let has_template = support::repo().join("themes/default/search.html").is_file();
    assert_eq!(s.path().join("site/search/index.html").is_file(), has_template);
}

/// The JSON dataset has one shape per collection: every declared field,
/// `null` where a record has none (as CSV has an empty cell), `[]` for a
/// list field (as one written `[]` is).
#[test]
fn json_records_carry_every_declared_field() {
    let s = Site::minimal();
    let r = s.run(&["export", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let first = &v[0];
    assert_eq!(first["area"], "customs", "{}", r.stdout);
    let o = first.as_object().expect("object");
    for field in ["adopted", "lead", "website", "staff", "active"] {
        assert!(o.get(field).is_some_and(serde_json::Value::is_null), "{field}: {}", r.stdout);
    }
    assert_eq!(o.get("basis"), Some(&serde_json::json!([])), "{}", r.stdout);
}

/// Without JavaScript the search page does not offer a form that cannot
/// search: the stylesheet hides it and its help on a page that
/// `has-js.js` has not marked (a file, which a strict CSP allows), and
/// the page says why.
#[test]
fn the_search_form_is_hidden_without_javascript() {
    let s = Site::minimal();
    assert_eq!(s.run(&["build"]).code, 0);
    let page = s.read("site/search/index.html");
    let head = page.split("</head>").next().unwrap_or("");
    assert!(head.contains("<script src=\"../assets/has-js.js\"></script>"), "{head}");
    let css = s.read("site/assets/style.css").replace(' ', "");
    assert!(
        css.contains("html:not(.js)#search-form,html:not(.js)#search-help{display:none"),
        "{css}"
    );
    let body = page.split("</head>").nth(1).unwrap_or("");
    assert!(body.contains("<noscript><p class=\"notice\">Search needs JavaScript"), "{body}");
}
