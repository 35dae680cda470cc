//! HTML escaping shared by the page renderer and the citation engine.

/// Escapes text for HTML content and quoted attribute values. Unlike tera's
/// default it leaves `/` alone: escaping it adds nothing in these contexts
/// and would turn every relative link into `..&#x2F;..&#x2F;…`.
pub fn html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    for c in input.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}
