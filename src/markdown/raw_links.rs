//! Addresses in a body's raw HTML (`<a href>`, `<img src>`).
//!
//! A body's Markdown links are read by `core::links` and written relative
//! to each page; an `<img src="/assets/x.png">` written as HTML broke the
//! same way under a base path or from disk until it was read the same way.
//! These are found by a pattern over the raw HTML (the sanitiser parses it
//! afterwards, and its attribute filter swaps each address found here).

use std::collections::HashMap;
use std::sync::LazyLock;

/// Every `href` and `src` value of `html` as the HTML parser will read it
/// (the few character references an address uses decoded), with the byte
/// offset of its attribute.
pub(super) fn addresses(html: &str) -> Vec<(String, usize)> {
    static ATTRIBUTE: LazyLock<Option<regex::Regex>> = LazyLock::new(|| {
        regex::Regex::new(r#"(?i)\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^"'\s>]+))"#).ok()
    });
    let Some(re) = ATTRIBUTE.as_ref() else { return Vec::new() };
    re.captures_iter(html)
        .filter_map(|c| {
            let at = c.get(0)?.start() + 1;
            let value = c.get(1).or(c.get(2)).or(c.get(3))?.as_str();
            Some((decode(value), at))
        })
        .collect()
}

/// The character references an address may hold, decoded as a browser
/// would: numeric ones (`&#x09;`, `&#58;`) and the few named ones an
/// address uses; another named one is left as written (the sanitiser
/// still checks the scheme of what the browser would read).
pub(super) fn decode(value: &str) -> String {
    if !value.contains('&') {
        return value.to_owned();
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let (c, len) = reference(rest).unwrap_or(('&', 1));
        out.push(c);
        rest = &rest[len..];
    }
    out.push_str(rest);
    out
}

/// The character a reference at the start of `s` stands for, and its
/// length (the `;` may be left out, as browsers allow in attributes).
fn reference(s: &str) -> Option<(char, usize)> {
    const NAMED: [(&str, char); 9] = [
        ("&quot;", '"'),
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&amp;", '&'),
        ("&apos;", '\''),
        // What a `javascript&colon;` address is spelt with.
        ("&colon;", ':'),
        ("&Tab;", '\t'),
        ("&NewLine;", '\n'),
        ("&sol;", '/'),
    ];
    for (name, c) in NAMED {
        if s.starts_with(name) {
            return Some((c, name.len()));
        }
    }
    let digits = s.strip_prefix("&#")?;
    let (hex, digits) = match digits.strip_prefix(['x', 'X']) {
        Some(d) => (true, d),
        None => (false, digits),
    };
    let n = digits
        .bytes()
        .take_while(|b| if hex { b.is_ascii_hexdigit() } else { b.is_ascii_digit() })
        .count();
    let code = u32::from_str_radix(digits.get(..n.min(8))?, if hex { 16 } else { 10 }).ok()?;
    let c = char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER);
    let semicolon = usize::from(digits[n..].starts_with(';'));
    Some((c, s.len() - digits.len() + n + semicolon))
}

/// The new address of each raw HTML address `rewrite` changes, for the
/// sanitiser's attribute filter; empty when none changes (the common case:
/// then the shared sanitiser is used).
pub(super) fn rewritten<'a>(
    htmls: impl Iterator<Item = &'a str>,
    rewrite: &dyn Fn(&str) -> Option<String>,
) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for html in htmls {
        for (address, _) in addresses(html) {
            if out.contains_key(&address) {
                continue;
            }
            if let Some(new) = rewrite(&address).filter(|n| *n != address) {
                out.insert(address, new);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_found_in_every_quoting() {
        let got = addresses(
            r#"<a href="/x/?a=1&amp;b=2">x</a> <img alt='' src='@/c/id'><img src=y.png>"#,
        );
        let values: Vec<&str> = got.iter().map(|(v, _)| v.as_str()).collect();
        assert_eq!(values, ["/x/?a=1&b=2", "@/c/id", "y.png"]);
        assert_eq!(got[0].1, 3);
        assert_eq!(decode("java&#x09;script&#58;x&#X41&amp;&nope;"), "java\tscript:xA&&nope;");
        assert_eq!(decode("javascript&colon;x&Tab;"), "javascript:x\t");
    }
}
