//! Warnings at the files of `static/` a browser would run as a page of
//! the site or a server would take as orders: the folder is the
//! maintainers' own and published as it is, but a pull request adding one
//! must not pass `check --strict` unseen.

use std::path::Path;

use crate::core::confine::ReadError;
use crate::core::diag::Pos;

use super::theme_dir::{confined_files, not_static};

/// Server configuration files a host reads from the published folder:
/// the name (any case), whether only at the site's top, what it can do.
#[rustfmt::skip]
const SERVER_FILES: [(&str, bool, &str); 6] = [
    (".htaccess", false, "Apache reads `.htaccess` as the configuration of its folder: a line \
        of it can serve any file there as a page that runs scripts (`AddType text/html .png`), \
        send visitors to another site, or run programs"),
    (".user.ini", false, "PHP reads `.user.ini` as its settings for its folder: it can make \
        every PHP script there run another file first (`auto_prepend_file`)"),
    ("web.config", false, "IIS and Azure App Service read `web.config` as the site's \
        configuration: it can rewrite and redirect addresses, change headers and run handlers"),
    ("staticwebapp.config.json", false, "Azure Static Web Apps reads \
        `staticwebapp.config.json` as the site's routes and headers: it can redirect any page"),
    ("_headers", true, "Netlify and Cloudflare Pages read `_headers` as the site's HTTP \
        headers: it can drop the site's security headers, or serve a file as a page"),
    ("_redirects", true, "Netlify and Cloudflare Pages read `_redirects` as the site's \
        redirects: it can send the visitors of any page to another site"),
];

/// Extensions of programs a server set up for them runs when their
/// address is visited.
const PROGRAMS: [&str; 15] = [
    "php", "php3", "php4", "php5", "php7", "php8", "phtml", "phar", "asp", "aspx", "ashx", "asmx",
    "jsp", "jspx", "cgi",
];

/// Extensions a browser opens as a web page (XSLT runs as one too), as the
/// page bundles' check has them (`load::active`).
const PAGES: [&str; 10] =
    ["html", "htm", "xhtml", "xht", "shtml", "shtm", "mht", "mhtml", "xsl", "xslt"];

/// The most bytes of a page or drawing read to look for scripts in it.
const MAX_SCANNED_BYTES: u64 = 16 << 20;

/// What every warning about `static/` asks of its reviewers.
const REVIEW: &str = "`static/` is published as it is, unchecked: review this file like code \
                      (`check --strict` fails on this warning); once the site's maintainers have, \
                      list it in book.toml's `[build] reviewed-static`";

/// A warning at each file of `static/` that a browser would run as a page
/// of the site (an HTML page, an SVG drawing or XML file with a script) or
/// a server would take as orders (its configuration, a program): the
/// folder is the maintainers' own, so they are published, but a pull
/// request that adds one must not pass `check --strict` unseen. Files the
/// folder's loading refuses are left to its errors.
pub fn static_warnings(project: &crate::config::Project) -> Vec<crate::core::diag::Diagnostic> {
    let dir = project.root.join(crate::config::STATIC_DIR);
    if !dir.is_dir() {
        return Vec::new();
    }
    let Ok((entries, _)) = confined_files(&project.root, &dir, &not_static) else {
        return Vec::new();
    };
    // `[build] reviewed-static`: the maintainers have read these.
    let reviewed = &project.config.build.reviewed_static;
    entries
        .iter()
        .filter(|(_, name)| !reviewed.iter().any(|r| r.trim_start_matches('/') == name))
        .filter_map(|(e, name)| static_warning(&project.root, e.path(), name))
        .collect()
}

/// The warning for the file of `static/` at `path` (`name` inside it).
fn static_warning(root: &Path, path: &Path, name: &str) -> Option<crate::core::diag::Diagnostic> {
    use crate::core::diag::Diagnostic;
    let shown = crate::core::diag::rel_path(root, path);
    let file = name.rsplit('/').next().unwrap_or(name).to_ascii_lowercase();
    let top = !name.contains('/');
    if let Some((_, _, what)) =
        SERVER_FILES.iter().find(|(n, only_top, _)| *n == file && (top || !only_top))
    {
        return Some(Diagnostic::warning(shown, Pos::START, *what).with_help(REVIEW));
    }
    let ext = file.rsplit_once('.').map_or("", |(_, e)| e);
    if PROGRAMS.contains(&ext) {
        let what = format!(
            "a `.{ext}` file is a program: a server set up to run them (PHP, ASP.NET, JSP, CGI) \
             runs it, with the server's rights, when its address is visited"
        );
        return Some(Diagnostic::warning(shown, Pos::START, what).with_help(REVIEW));
    }
    let opened = match ext {
        e if PAGES.contains(&e) => "the page is opened",
        "svg" => "the drawing is opened on its own (a link to it, its address)",
        "xml" => "the file is opened",
        _ => return None,
    };
    let bytes = match crate::core::confine::read_file(root, path, MAX_SCANNED_BYTES) {
        Ok(bytes) => bytes,
        Err(ReadError::TooLarge(_) | ReadError::Grew) => {
            let what = format!(
                "the file is larger than {} MiB, more than is read to look for scripts in it",
                MAX_SCANNED_BYTES >> 20
            );
            return Some(Diagnostic::warning(shown, Pos::START, what).with_help(REVIEW));
        }
        // Its loading says why.
        Err(_) => return None,
    };
    let text = String::from_utf8_lossy(&bytes);
    let (at, what, by_server) = script_in(&text)?;
    let message = if by_server {
        format!("{what}: a server with includes turned on runs it when the page is asked for")
    } else {
        format!(
            "{what}: a browser runs it as the site itself (with its cookies and storage) when {opened}"
        )
    };
    let pos = super::theme_check::pos_at(&text, at);
    Some(Diagnostic::warning(shown, pos, message).with_help(REVIEW))
}

/// The first thing in a page's or drawing's `text` that a browser (or,
/// `true`, a server) would run, at its byte offset. Read as text, not
/// parsed (a parser and a browser read broken markup differently): a
/// script in a comment counts too.
fn script_in(text: &str) -> Option<(usize, String, bool)> {
    use std::sync::LazyLock;
    // (pattern, what it found: `{}` is the first group, whether a server's).
    static FOUND: LazyLock<Vec<(regex::Regex, &str, bool)>> = LazyLock::new(|| {
        let element = r"(?i)<((?:[a-z][a-z0-9._-]*:)?(?:script|handler|listener))(?:[\s/>]|$)";
        [
            (element, "it holds a `<{}>` element", false),
            (r#"(?i)[\s/"'](on[a-z]+)\s*="#, "it holds an event handler (`{}`)", false),
            (r#"(?i)[\s/"'](srcdoc)\s*="#, "it holds a page of its own (`{}`)", false),
            (r#"(?i)(attributename)\s*=\s*["']?\s*on"#, "it sets an event handler (`{}`)", false),
            (r"(?i)<\?(xml-stylesheet)", "it names a style sheet to run (`<?{}?>`)", false),
            (
                r"(?i)<!(entity)",
                "it defines an XML entity (`<!{}`), which can hide a script",
                false,
            ),
            (r"<!--#([a-z]+)", "it holds a server-side include (`<!--#{}`)", true),
        ]
        .into_iter()
        .filter_map(|(p, what, server)| Some((regex::Regex::new(p).ok()?, what, server)))
        .collect()
    });
    let mut found: Option<(usize, String, bool)> = None;
    let mut keep = |at: usize, what: String, server: bool| {
        if found.as_ref().is_none_or(|(first, _, _)| at < *first) {
            found = Some((at, what, server));
        }
    };
    for (re, what, server) in FOUND.iter() {
        if let Some(c) = re.captures(text)
            && let (Some(all), Some(name)) = (c.get(0), c.get(1))
        {
            // At the tag, or at the attribute (not the space before it).
            let at = if all.as_str().starts_with('<') { all.start() } else { name.start() };
            keep(at, what.replace("{}", name.as_str()), *server);
        }
    }
    if let Some((at, scheme)) = running_address(text) {
        keep(
            at,
            format!("it holds an address that runs a script or opens a page (`{scheme}:`)"),
            false,
        );
    }
    found
}

/// The first address in `text` that runs a script or opens a page made of
/// the address itself (`javascript:`, `data:text/html`), read as a browser
/// reads an attribute's value: character references decoded, tabs and
/// line breaks dropped, any case. Only where an address starts (after
/// `=`, a quote or an animation's `;`): prose that names JavaScript is
/// no address. Its byte offset and scheme.
fn running_address(text: &str) -> Option<(usize, &'static str)> {
    // The scheme being read (at most 10 characters), where it starts, and
    // the last character before it that is not a space.
    let (mut word, mut start, mut before, mut last) = (String::new(), 0, None, None);
    // After `data:`, the media type read so far, and where the address began.
    let mut media: Option<(String, usize)> = None;
    let mut i = 0;
    while i < text.len() {
        let (c, next) = decoded_char(text, i);
        let at = i;
        i = next;
        if matches!(c, '\t' | '\n' | '\r') {
            continue;
        }
        if let Some((m, from)) = &mut media {
            if !c.is_whitespace() && !c.is_control() && !matches!(c, ',' | ';') {
                m.extend(c.to_lowercase());
            }
            let done = m.len() >= 12 || matches!(c, ',' | ';');
            if ["text/html", "image/svg", "application/", "text/xml"]
                .iter()
                .any(|t| m.starts_with(t))
            {
                return Some((*from, "data"));
            }
            if done {
                media = None;
            }
        }
        if c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.') {
            if word.is_empty() {
                (start, before) = (at, last);
            }
            if word.len() <= 10 {
                word.push(c.to_ascii_lowercase());
            }
        } else {
            let opens = before.is_some_and(|b| matches!(b, '=' | '"' | '\'' | ';' | '`'));
            if c == ':' && opens {
                match word.as_str() {
                    "javascript" => return Some((start, "javascript")),
                    "vbscript" => return Some((start, "vbscript")),
                    "data" => media = Some((String::new(), start)),
                    _ => {}
                }
            }
            word.clear();
        }
        if !c.is_whitespace() && !c.is_control() {
            last = Some(c);
        }
    }
    None
}

/// The character at byte `i` of `text` as a browser reads it in an
/// attribute (a character reference decoded), and the byte after it.
fn decoded_char(text: &str, i: usize) -> (char, usize) {
    let rest = text.get(i..).unwrap_or_default();
    let Some(c) = rest.chars().next() else { return ('\0', text.len()) };
    let plain = (c, i + c.len_utf8());
    let Some(body) = rest.strip_prefix('&') else { return plain };
    if let Some(num) = body.strip_prefix('#') {
        let (hex, digits) = match num.strip_prefix(['x', 'X']) {
            Some(h) => (true, h),
            None => (false, num),
        };
        let len = digits.find(|d: char| !d.is_ascii_hexdigit() || (!hex && !d.is_ascii_digit()));
        let len = len.unwrap_or(digits.len());
        if len == 0 {
            return plain;
        }
        let value = digits.get(..len).unwrap_or_default().chars().fold(0u32, |v, d| {
            v.saturating_mul(if hex { 16 } else { 10 }).saturating_add(d.to_digit(16).unwrap_or(0))
        });
        let end = text.len() - digits.len() + len;
        let end = if text.get(end..).is_some_and(|r| r.starts_with(';')) { end + 1 } else { end };
        return (char::from_u32(value).unwrap_or('\u{fffd}'), end);
    }
    const NAMED: [(&str, char); 10] = [
        ("colon;", ':'),
        ("Tab;", '\t'),
        ("NewLine;", '\n'),
        ("semi;", ';'),
        ("equals;", '='),
        ("comma;", ','),
        ("lpar;", '('),
        ("quot;", '"'),
        ("apos;", '\''),
        ("amp;", '&'),
    ];
    NAMED
        .iter()
        .find(|(name, _)| body.starts_with(name))
        .map_or(plain, |(name, c)| (*c, i + 1 + name.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Option<(Pos, String)> {
        script_in(text).map(|(at, what, _)| (super::super::theme_check::pos_at(text, at), what))
    }

    #[test]
    fn scripts_in_pages_and_drawings_are_found_where_they_are() {
        for (text, line, col, what) in [
            ("<p>x</p>\n  <script>alert(1)</script>", 2, 3, "a `<script>` element"),
            ("<SCRIPT\nsrc=x>", 1, 1, "a `<SCRIPT>` element"),
            ("<svg:script xlink:href=\"x.js\"/>", 1, 1, "a `<svg:script>` element"),
            ("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(2)\"/>", 1, 41, "`onload`"),
            ("<img src=x\"onerror=alert(1)>", 1, 12, "`onerror`"),
            ("<img/src=x/ONERROR = alert(1)>", 1, 12, "`ONERROR`"),
            ("<a href=\" java\tscript:alert(1)\">x</a>", 1, 11, "`javascript:`"),
            ("<a href='&#106;avascript&colon;x'>x</a>", 1, 10, "`javascript:`"),
            ("<a href=&#x6A&#x61;vascript:x>", 1, 9, "`javascript:`"),
            ("<a href=\"java&Tab;script:x\">", 1, 10, "`javascript:`"),
            ("<meta http-equiv=refresh content=\"0;url=VBScript:x\">", 1, 41, "`vbscript:`"),
            ("<iframe src=\"data: text/HTML,<p>\">", 1, 14, "`data:`"),
            ("<iframe srcdoc=\"&lt;p&gt;\">", 1, 9, "`srcdoc`"),
            ("<set attributeName=\"onclick\" to=\"x\"/>", 1, 6, "`attributeName`"),
            ("<?xml-stylesheet href=\"a.xsl\"?><x/>", 1, 1, "`<?xml-stylesheet?>`"),
            ("<!DOCTYPE x [<!ENTITY j \"javascript\">]><x/>", 1, 14, "`<!ENTITY`"),
            ("<p><!--#exec cmd=\"ls\" --></p>", 1, 4, "`<!--#exec`"),
        ] {
            let Some((pos, said)) = found(text) else { panic!("not found in {text:?}") };
            assert_eq!((pos.line, pos.col), (line, col), "{text:?}: {said}");
            assert!(said.contains(what), "{text:?}: {said}");
        }
        assert!(script_in("<!--#include virtual=\"x\" -->").is_some_and(|(_, _, server)| server));
    }

    #[test]
    fn plain_pages_and_prose_about_scripts_pass() {
        for text in [
            "google-site-verification: google1234567890abcdef.html",
            "<!doctype html><title>Moved</title><p>Needs JavaScript: (JavaScript: on, \
             Python, JavaScript: off)</p>\
             <p>See <a href=\"https://example.org/javascript:notes\">notes</a> &amp; more.</p>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><style>.a{fill:red}</style>\
             <a href=\"https://e.org/\"><rect class=\"a\" width=\"4\"/></a></svg>",
            "<p>data: the figures, one: two</p><img src=\"data:image/png;base64,AA\">",
            "<?xml version=\"1.0\"?><urlset><url><loc>https://e.org/</loc></url></urlset>",
            "&#99999999999999999999; &#; &#x; &",
        ] {
            assert_eq!(found(text), None, "{text:?}");
        }
    }

    #[test]
    fn character_references_are_read_as_a_browser_reads_them() {
        let all = |t: &str| {
            let mut i = 0;
            let mut out = String::new();
            while i < t.len() {
                let (c, next) = decoded_char(t, i);
                out.push(c);
                i = next;
            }
            out
        };
        assert_eq!(all("&#106;&#X61&#x076;a&colon;&amp;#58;&unknown;é"), "java:&#58;&unknown;é");
        assert_eq!(all("&#0000000058;&#1114112;"), ":\u{fffd}");
    }
}
