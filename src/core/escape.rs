//! HTML escaping shared by the page renderer and the citation engine, and
//! the elements HTML lays out as blocks.

/// Escapes text for HTML content and quoted attribute values. Unlike tera's
/// default it leaves `/` alone: escaping it adds nothing in these contexts
/// and would turn every relative link into `..&#x2F;..&#x2F;…`.
pub fn html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    // Runs without a special character are copied whole: the five are
    // ASCII, so every cut falls between characters.
    let mut start = 0;
    for (i, b) in input.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#x27;",
            _ => continue,
        };
        out.push_str(input.get(start..i).unwrap_or_default());
        out.push_str(entity);
        start = i + 1;
    }
    out.push_str(input.get(start..).unwrap_or_default());
    out
}

/// Elements around which layout whitespace never shows: a line box starts
/// or ends at each of their tags, so the words on either side never run
/// together (templates are minified by it, body text is cut into blocks).
/// Not `script`, `style` or `template`: they are not boxes, so the text on
/// either side may share a line.
pub const BLOCK_ELEMENTS: &[&str] = &[
    "address",
    "article",
    "aside",
    "base",
    "blockquote",
    "body",
    "br",
    "caption",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "link",
    "main",
    "meta",
    "nav",
    "ol",
    "optgroup",
    "option",
    "p",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_and_keeps_everything_else() {
        let reference = |s: &str| -> String {
            s.chars()
                .map(|c| match c {
                    '&' => "&amp;".to_owned(),
                    '<' => "&lt;".to_owned(),
                    '>' => "&gt;".to_owned(),
                    '"' => "&quot;".to_owned(),
                    '\'' => "&#x27;".to_owned(),
                    c => c.to_string(),
                })
                .collect()
        };
        for s in [
            "",
            "plain",
            "<script>alert('x')</script>",
            "a & b \"c\" d/e",
            "é<ü>ß&中文'عربي\"",
            "&&&",
            "<",
            "end>",
            "𝄞<𝄞",
        ] {
            assert_eq!(html(s), reference(s), "{s}");
        }
        assert_eq!(html("../a/b"), "../a/b");
    }
}
