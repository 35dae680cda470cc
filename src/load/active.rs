//! Files of a page bundle that a browser would run as a page of the site:
//! a bundle is a contributor's folder, published beside the record's page
//! on the site's own address, so an HTML file there, or an SVG or XML file
//! with a script, is a script from a pull request running as the site.
//! Pictures and documents (PNG, PDF, CSV, SVG drawings) are published as
//! they are.

use std::path::Path;

use crate::core::diag::{Diagnostic, Pos, rel_path};

/// Extensions a browser opens as a web page (XSLT runs as one too).
const PAGES: [&str; 10] =
    ["html", "htm", "xhtml", "xht", "shtml", "shtm", "mht", "mhtml", "xsl", "xslt"];

/// Extensions read as XML (an SVG drawing, a data file) whose scripts a
/// browser runs: checked element by element.
const XML: [&str; 2] = ["svg", "xml"];

/// The most bytes of an SVG or XML file read to check it; past it, the
/// file is refused rather than read whole.
const MAX_XML_BYTES: u64 = 16 << 20;

/// Elements that run or embed a script, or another page, in any namespace.
const ACTIVE_ELEMENTS: [&str; 10] = [
    "script",
    "foreignobject",
    "iframe",
    "frame",
    "embed",
    "object",
    "handler",
    "listener",
    "base",
    "meta",
];

/// Addresses that run a script or open a page made of the address itself.
const ACTIVE_SCHEMES: [&str; 5] =
    ["javascript:", "vbscript:", "data:text/html", "data:image/svg", "data:application/"];

/// Whether `path` (a bundle file) needs [`check`]: a page or an XML file.
pub fn needs_check(path: &Path) -> bool {
    let ext = ext(path);
    PAGES.contains(&ext.as_str()) || XML.contains(&ext.as_str())
}

/// The error for bundle file `path`, when a browser would run a script
/// in it (only [`needs_check`] files are read).
pub fn check(root: &Path, path: &Path) -> Option<Diagnostic> {
    let ext = ext(path);
    let shown = rel_path(root, path);
    if PAGES.contains(&ext.as_str()) {
        return Some(
            Diagnostic::error(
                shown,
                Pos::START,
                format!(
                    "a `.{ext}` file in a page bundle would be published as a page of the site, \
                     and a browser runs the scripts it holds"
                ),
            )
            .with_help(
                "write its text in the record's body, or link to where it is published \
                 elsewhere; the site's maintainers can publish a page from `static/`",
            ),
        );
    }
    if !XML.contains(&ext.as_str()) {
        return None;
    }
    let text = match crate::core::confine::read_file(root, path, MAX_XML_BYTES) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => {
            return Some(
                Diagnostic::error(shown, Pos::START, format!("cannot read: {e}"))
                    .with_help("check that the file can be read, or remove it"),
            );
        }
    };
    let (pos, what) = scripted(&text)?;
    Some(
        Diagnostic::error(
            shown,
            pos,
            format!(
                "{what}: a browser runs it when the file is opened, as a page of the site, so a \
                 page bundle cannot publish it"
            ),
        )
        .with_help(match ext.as_str() {
            "svg" => {
                "remove the scripts, event handlers (`on…`) and embedded pages from the \
                      drawing (most drawing programs export a plain SVG), or use a PNG"
            }
            _ => {
                "remove the scripts, event handlers and embedded pages, or publish the file \
                  elsewhere and link to it"
            }
        }),
    )
}

/// The first thing in XML `text` that a browser would run, with its
/// position; also a file that is not XML, which a browser may still read
/// as a page.
fn scripted(text: &str) -> Option<(Pos, String)> {
    let options = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
    let doc = match roxmltree::Document::parse_with_options(text, options) {
        Ok(doc) => doc,
        Err(e) => {
            let p = e.pos();
            return Some((Pos::new(p.row, p.col), format!("it is not well-formed XML ({e})")));
        }
    };
    let at = |n: usize| {
        let p = doc.text_pos_at(n);
        Pos::new(p.row, p.col)
    };
    for node in doc.descendants() {
        if node.is_pi()
            && let Some(pi) = node.pi()
            && pi.target.eq_ignore_ascii_case("xml-stylesheet")
        {
            return Some((
                at(node.range().start),
                "it names a style sheet to run (`<?xml-stylesheet?>`)".into(),
            ));
        }
        if !node.is_element() {
            continue;
        }
        let name = node.tag_name().name();
        if ACTIVE_ELEMENTS.contains(&name.to_ascii_lowercase().as_str()) {
            return Some((at(node.range().start), format!("it holds a `<{name}>` element")));
        }
        for a in node.attributes() {
            let an = a.name();
            if an.len() > 2 && an[..2].eq_ignore_ascii_case("on") {
                return Some((at(a.range().start), format!("it holds an event handler (`{an}`)")));
            }
            if runs(a.value())
                || (an.eq_ignore_ascii_case("attributename")
                    && a.value().trim().to_ascii_lowercase().starts_with("on"))
            {
                return Some((
                    at(a.range().start),
                    format!("its `{an}` attribute runs a script or opens a page"),
                ));
            }
        }
    }
    None
}

/// Whether an attribute's value is an address that runs a script, as a
/// browser reads it: control characters and spaces aside, any case.
fn runs(value: &str) -> bool {
    let squeezed: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .flat_map(char::to_lowercase)
        .collect();
    ACTIVE_SCHEMES.iter().any(|s| squeezed.contains(s))
}

fn ext(path: &Path) -> String {
    path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAUGHS: &str = "<?xml version=\"1.0\"?>\n<!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\"><!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\"><!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\"><!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\"><!ENTITY i \"&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;\">]>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><text>&i;</text></svg>";

    #[test]
    fn plain_drawings_pass_and_scripted_ones_are_found() {
        let plain = r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><style>.a{fill:red}</style><a href="https://example.org/"><rect class="a" width="4" height="4"/></a><use xlink:href="#r"/></svg>"##;
        assert_eq!(scripted(plain), None);
        for (svg, line) in [
            ("<svg xmlns=\"http://www.w3.org/2000/svg\">\n<script>alert(1)</script></svg>", 2),
            ("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(2)\"/>", 1),
            (
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><a href=\" java\tscript:alert(1)\">x</a></svg>",
                1,
            ),
            (
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><a><set attributeName=\"href\" to=\"JAVASCRIPT:alert(1)\"/></a></svg>",
                1,
            ),
            (
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><foreignObject><div xmlns=\"http://www.w3.org/1999/xhtml\"/></foreignObject></svg>",
                1,
            ),
            ("<x>\n<h:script xmlns:h=\"http://www.w3.org/1999/xhtml\">alert(1)</h:script></x>", 2),
            ("<?xml-stylesheet type=\"text/xsl\" href=\"x.xsl\"?><x/>", 1),
            ("<svg><rect", 1),
            // Entities that expand a billion times: refused, not expanded.
            (LAUGHS, 2),
        ] {
            let found = scripted(svg);
            assert!(found.as_ref().is_some_and(|(p, _)| p.line == line), "{svg}: {found:?}");
        }
    }

    #[test]
    fn pages_are_refused_and_other_files_are_not_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, body) in [("a.HTML", "<p>hi</p>"), ("flow.svg", "<svg onload='x()'/>")] {
            std::fs::write(dir.path().join(name), body).expect("write");
            assert!(needs_check(&dir.path().join(name)));
            assert!(check(dir.path(), &dir.path().join(name)).is_some(), "{name}");
        }
        assert!(!needs_check(Path::new("map.png")));
        assert!(!needs_check(Path::new("data.csv")));
    }
}
