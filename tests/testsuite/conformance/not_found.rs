//! `404.html` at any depth: hosts (GitHub Pages, Netlify, nginx
//! `error_page`) serve it for a missing address anywhere in the site, so
//! its links must not depend on where it was written. With `base-url` they
//! start from the base's path; without, a small script finds the site's
//! root in the address and sets `<base href>`. `serve` does as hosts do.

use std::process::{Child, Command};
use std::time::Duration;

use crate::browser::tool;
use crate::build::tags;
use crate::support::{Site, spawn_serve};

/// `Site::minimal()` in English and French, with `base` as `base-url`.
fn site(base: Option<&str>) -> Site {
    let s = Site::minimal();
    let base = base.map_or(String::new(), |b| format!("base-url = \"{b}\"\n"));
    s.write(
        "book.toml",
        &format!("[book]\ntitle = \"Test\"\n{base}languages = [\"en\", \"fr\"]\n"),
    );
    let r = s.run(&["build"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    s
}

/// `compendium serve` on a site, killed on drop.
struct Served {
    child: Child,
    url: String,
    agent: ureq::Agent,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Served {
    fn start(s: &Site) -> Served {
        let (child, url, stderr) = spawn_serve(s.path(), &[], &[]);
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(20)))
            .build()
            .into();
        let served = Served { child, url, agent };
        assert!(
            served.url.starts_with("http://127.0.0.1:"),
            "serve printed no URL: {}",
            stderr.lock().unwrap_or_else(|e| e.into_inner())
        );
        served
    }

    /// GET an absolute URL: status and body.
    fn get(&self, url: &str) -> (u16, String) {
        let mut r = self.agent.get(url).call().unwrap_or_else(|e| panic!("GET {url}: {e}"));
        (r.status().as_u16(), r.body_mut().read_to_string().unwrap_or_default())
    }

    /// The server's origin, without the trailing `/`.
    fn origin(&self) -> &str {
        self.url.trim_end_matches('/')
    }
}

/// The URLs a page loads or links to within the site: `href` and `src` of
/// every element, minus in-page anchors and other hosts.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for tag in tags(html) {
        for attr in ["href", "src"] {
            let Some(link) = tag.attr(attr) else { continue };
            if link.starts_with('#') || link.contains("://") || link.starts_with("mailto:") {
                continue;
            }
            out.push(link.to_owned());
        }
    }
    out.sort();
    out.dedup();
    out
}

/// `link` resolved against the directory URL `base` (ending in `/`), on
/// the server at `origin`.
fn join(origin: &str, base: &str, link: &str) -> String {
    if link.starts_with('/') {
        return format!("{origin}{link}");
    }
    let mut parts: Vec<&str> = base.trim_start_matches('/').split('/').collect();
    parts.pop();
    for seg in link.split('/') {
        match seg {
            "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    format!("{origin}/{}", parts.join("/"))
}

/// Every link of `html`, resolved from the directory `base`, answers 200.
fn assert_links_answer(served: &Served, html: &str, base: &str, what: &str) {
    let links = links(html);
    for want in ["favicon.ico", "assets/favicon.svg", "assets/style.css", "index.html"] {
        assert!(links.iter().any(|l| l.ends_with(want)), "{what}: no link to {want}: {links:?}");
    }
    for link in &links {
        let url = join(served.origin(), base, link);
        let (status, _) = served.get(&url);
        assert_eq!(status, 200, "{what}: {link} (from {base}) is {url}, which answers {status}");
    }
}

#[test]
fn with_a_base_url_the_404_page_links_from_its_path_at_any_depth() {
    let s = site(Some("https://example.org/kb/"));
    let page = s.read("site/404.html");
    assert!(page.contains("href=\"/kb/assets/style.css\""), "{page}");
    assert!(page.contains("href=\"/kb/practices/index.html\""), "{page}");
    assert!(s.read("site/fr/404.html").contains("href=\"/kb/fr/practices/index.html\""));
    // No script needed.
    assert!(!page.contains("<script"), "{page}");

    let served = Served::start(&s);
    // As the host would serve it under /kb/, and as serve does at its root.
    for deep in ["/kb/practices/nope/deeper/still", "/kb/nope.html", "/nope/a/b/c/"] {
        let (status, html) = served.get(&format!("{}{deep}", served.origin()));
        assert_eq!(status, 404, "{deep}");
        assert!(html.contains("/kb/assets/style.css"), "{deep}: {html}");
        assert_links_answer(&served, &html, deep, deep);
    }
}

/// The script of a 404 page (its first inline `<script>`).
fn root_script(html: &str) -> &str {
    let start = html.find("<script>").expect("the 404 page has a script") + "<script>".len();
    let end = html[start..].find("</script>").expect("closed") + start;
    &html[start..end]
}

#[test]
fn without_a_base_url_the_404_script_finds_the_root_of_any_address() {
    let Some(node) = tool("node") else { return };
    let s = site(None);
    // Run the page's script under node with the address of each case: the
    // <base href> it sets (null for none), and where "#main" then leads.
    let cases = [
        ("404.html", "/practices/nope/deeper", Some("/")),
        ("404.html", "/kb/practices/nope/", Some("/kb/")),
        ("404.html", "/kb/fr/practices/x/index.html", Some("/kb/")),
        ("404.html", "/mirror/site/search/x%20y", Some("/mirror/site/")),
        ("404.html", "/countries/xyz/", Some("/")),
        // No folder of the site in the address: the host's root.
        ("404.html", "/nope", Some("/")),
        ("404.html", "/kb/nope", Some("/")),
        // At its own place (a host's /404.html, or opened from disk): its
        // relative links work as they are.
        ("404.html", "/404.html", None),
        ("404.html", "/home/me/site/404.html", None),
        ("fr/404.html", "/kb/fr/practices/x/", Some("/kb/fr/")),
        ("fr/404.html", "/x/y", Some("/fr/")),
        ("fr/404.html", "/kb/fr/404.html", None),
        // An address starting `//` names no other host: the base stays on
        // the page's own.
        ("404.html", "//evil.example/practices/x", Some("/evil.example/")),
        ("404.html", "//evil.example/x", Some("/")),
    ];
    for (file, path, want) in cases {
        let html = s.read(&format!("site/{file}"));
        let script = root_script(&html);
        let harness = format!(
            r##"var base = null, loaded = null, anchor = {{ getAttribute: function () {{ return "#main"; }} }};
var location = {{ protocol: "http:", host: "h", pathname: {path:?}, href: "http://h" + {path:?} + "#top" }};
var document = {{
  createElement: function () {{ return {{}}; }},
  head: {{ appendChild: function (b) {{ base = b.href; }} }},
  addEventListener: function (e, f) {{ loaded = f; }},
  querySelectorAll: function () {{ return [anchor]; }}
}};
{script}
if (loaded) loaded();
console.log(JSON.stringify({{ base: base, anchor: anchor.href || null }}));"##
        );
        let out = Command::new(&node).arg("-e").arg(&harness).output().expect("run node");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let got: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        let want = want.map(|w| format!("http://h{w}"));
        assert_eq!(got["base"].as_str(), want.as_deref(), "{file} at {path}");
        if want.is_some() {
            assert_eq!(got["anchor"], format!("http://h{path}#main"), "{file} at {path}");
        }
    }
}

#[test]
fn serve_answers_a_deep_missing_address_with_a_404_page_that_works_in_a_browser() {
    let Some(chromium) = tool("chromium") else { return };
    let s = site(None);
    let served = Served::start(&s);
    for deep in ["/practices/nope/deeper/", "/fr/practices/nope/x/y", "/nope"] {
        let url = format!("{}{deep}", served.origin());
        let (status, _) = served.get(&url);
        assert_eq!(status, 404, "{deep}");
        let dom = dump_dom(&chromium, &url);
        let base = tags(&dom)
            .into_iter()
            .find(|t| t.name == "base")
            .and_then(|t| t.attr("href").map(str::to_owned))
            .unwrap_or_else(|| panic!("{deep}: no <base> after the script ran:\n{dom}"));
        // serve answers a missing address with the 404.html of the
        // language folder it is under, else the root's.
        // On the page's own host, always.
        let want = if deep.starts_with("/fr/") { "/fr/" } else { "/" };
        assert_eq!(base, format!("{}{want}", served.origin()), "{deep}");
        assert_links_answer(&served, &dom, want, deep);
        // The skip link stays on this page.
        assert!(dom.contains(&format!("href=\"{url}#main\"")), "{deep}: {dom}");
    }
}

/// The document at `url` after its scripts ran, as headless Chromium
/// serialises it once loaded (`--dump-dom`); killed after a minute.
fn dump_dom(chromium: &std::path::Path, url: &str) -> String {
    use std::io::Read as _;
    use std::process::Stdio;
    let profile = tempfile::tempdir().expect("profile");
    // No --virtual-time-budget: it waits for the network to go idle, which
    // the preview's live-reload connection never does.
    let mut child = Command::new(chromium)
        .args(["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("run chromium");
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        let _ = stdout.read_to_string(&mut out);
        out
    });
    let start = std::time::Instant::now();
    while child.try_wait().ok().flatten().is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium --dump-dom {url} did not finish in a minute");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    reader.join().unwrap_or_default()
}
