//! What feed readers and crawlers read: `feed.xml` (Atom) in every site
//! language (and `changes.xml`, the commits that changed records, when the
//! site has history from git), and with `base-url` each language's `sitemap.xml`, the
//! `sitemap-index.xml` of a multilingual site and `robots.txt`. The
//! default language's files sit at the root, the others' under `LANG/`.
//! Pure functions of the [`Site`](crate::model::Site); the caller writes.
//!
//! Dates are the records' own (`updated`, else `date`), never the time of
//! the build: the same content gives the same bytes.

mod atom;
mod changes;
mod robots;
mod sitemap;

pub use atom::{FEED_ENTRIES, feed, feed_records, site_urn};
pub use changes::changes;
pub use robots::robots;
pub use sitemap::{SITEMAP_INDEX, lastmod, sitemap, sitemap_index};

/// Escapes text for XML content and attribute values, dropping the
/// characters XML 1.0 forbids.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::xml_escape;

    #[test]
    fn markup_is_escaped_and_characters_xml_forbids_are_dropped() {
        assert_eq!(xml_escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
        assert_eq!(xml_escape("x\u{1}\u{8}y\tz\n\u{FFFF}"), "xy\tz\n");
    }
}
