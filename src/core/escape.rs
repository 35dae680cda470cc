//! HTML escaping shared by the page renderer and the citation engine.

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
