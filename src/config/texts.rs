//! `[book]` values that reach every page, feed and terminal: its texts
//! (a control character is an error, a direction override a warning, as
//! in a record's fields) and `base-url`, which prefixes every absolute URL
//! (sitemaps, robots.txt, feeds, canonical links).

use super::{Book, CONFIG_FILE};
use crate::core::diag::{Diagnostic, Pos, Severity};
use crate::core::rules::{text_diagnostic, text_limit};

/// Errors and warnings for empty texts, control characters and direction
/// overrides in `title`, `description`, `authors`, `publisher` and
/// `[book.translations.LANG]`; `author_pos(i)` is where the `i`th author is.
pub(super) fn check_texts(
    book: &Book,
    key_pos: &dyn Fn(&str, &str) -> Pos,
    author_pos: &dyn Fn(usize) -> Pos,
) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let mut found = Vec::new();
    // The limit by the key's last part (`translations.fr.description`).
    // `what` is the key (`translations.fr.title`), `shown` how a message
    // names the text.
    let mut check = |at: Pos, what: &str, shown: &str, s: &str, blank: Blank| {
        let key = what.rsplit('.').next().unwrap_or(what);
        if let Some(fix) = blank.fix(s) {
            let said = if s.is_empty() { "is empty" } else { "is only white space" };
            found
                .push(Diagnostic::error(CONFIG_FILE, at, format!("{shown} {said}")).with_help(fix));
            return;
        }
        found.extend(text_diagnostic(CONFIG_FILE, at, shown, s, text_limit(key)));
    };
    let title_fix = "give the site a title, or remove the key to use the default title, \
                     \"Compendium\"";
    check(key_pos("book", "title"), "title", "`title`", &book.title, Blank::Refused(title_fix));
    // An empty description is none (the home page then describes the
    // records, feeds have no subtitle), as when the key is left out.
    let description_fix = "write the description, or write description = \"\" (or remove the \
                           key) for none";
    let description = Blank::Spaces(description_fix);
    let at = key_pos("book", "description");
    check(at, "description", "`description`", &book.description, description);
    for (i, a) in book.authors.iter().enumerate() {
        let fix = "write the author's name, or remove the empty entry from `authors`";
        let shown = format!("entry {} of `authors`", i + 1);
        check(author_pos(i), "authors", &shown, a, Blank::Refused(fix));
    }
    let publisher_fix = "name the publisher, or remove the key to cite the site as by its \
                         `authors` (else by its title)";
    if let Some(p) = &book.publisher {
        let at = key_pos("book", "publisher");
        check(at, "publisher", "`publisher`", p, Blank::Refused(publisher_fix));
    }
    for (lang, t) in &book.translations {
        // `[book.translations.fr]` with its keys, or `fr = {…}` inline.
        let table = format!("book.translations.{lang}");
        let at = |key: &str| {
            [
                key_pos(&table, key),
                key_pos("book.translations", lang),
                key_pos("book", "translations"),
            ]
            .into_iter()
            .find(|p| *p != Pos::START)
            .unwrap_or(Pos::START)
        };
        let title_fix =
            format!("write the site's title in {lang}, or remove the key to use `title` of [book]");
        let publisher_fix = format!(
            "write the publisher's name in {lang}, or remove the key to cite the site in {lang} as \
             [book] does"
        );
        let description_fix = format!(
            "write the description in {lang}, or write description = \"\" for none in {lang} \
             (remove the key to use `description` of [book])"
        );
        for (key, text, blank) in [
            ("title", &t.title, Blank::Refused(&title_fix)),
            ("description", &t.description, Blank::Spaces(&description_fix)),
            ("publisher", &t.publisher, Blank::Refused(&publisher_fix)),
        ] {
            if let Some(s) = text {
                let what = format!("translations.{lang}.{key}");
                check(at(key), &what, &format!("`{what}`"), s, blank);
            }
        }
    }
    found.into_iter().partition(|d| d.severity == Severity::Error)
}

/// What an empty or white-space text means for a key: nothing it can be
/// (a title), or none when empty, but not when only white space, which
/// would show as an empty text (a description).
#[derive(Clone, Copy)]
enum Blank<'a> {
    /// Refused, with this fix.
    Refused(&'a str),
    /// `""` is none; white space alone is refused, with this fix.
    Spaces(&'a str),
}

impl<'a> Blank<'a> {
    /// The fix when `s` is refused as blank.
    fn fix(self, s: &str) -> Option<&'a str> {
        match self {
            _ if !crate::core::rules::is_blank(s) => None,
            Blank::Refused(fix) => Some(fix),
            Blank::Spaces(_) if s.is_empty() => None,
            Blank::Spaces(fix) => Some(fix),
        }
    }
}

/// Why `url` cannot be `base-url`, or `None`: it must be an absolute
/// http(s) URL with a host, and no query, fragment, credentials or dot
/// segments, since page paths are appended to it as they are.
pub(super) fn check_base_url(url: &str, at: Pos) -> Option<Diagnostic> {
    let example = "write it in full, e.g. base-url = \"https://example.org/compendium/\"";
    let bad = |why: String, help: &str| {
        Some(Diagnostic::error(CONFIG_FILE, at, format!("base-url `{url}` {why}")).with_help(help))
    };
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        // `HTTPS://EXAMPLE.ORG/kb/`: a URL still, said as what to write.
        let lower = url.to_ascii_lowercase();
        if lower.starts_with("https://") || lower.starts_with("http://") {
            return bad(
                "has its scheme in capitals".into(),
                // `Url` writes the scheme and host in lower case.
                &format!(
                    "write it in lower case: base-url = \"{}\"",
                    url::Url::parse(url).map_or(lower.clone(), String::from)
                ),
            );
        }
        return bad("is not an absolute http(s) URL".into(), example);
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        // It goes verbatim into robots.txt, sitemaps and feeds.
        return Some(
            Diagnostic::error(
                CONFIG_FILE,
                at,
                format!("base-url `{}` has a space or control character", url.escape_debug()),
            )
            .with_help("percent-encode it (a space is %20), or remove it"),
        );
    }
    let parsed = match url::Url::parse(url) {
        Ok(u) => u,
        Err(url::ParseError::EmptyHost) => return bad("has no host name".into(), example),
        Err(e) => return bad(format!("is not a valid URL: {e}"), example),
    };
    // `https:///kb/` parses with `kb` as its host.
    let authority = url.split_once("//").map_or("", |(_, rest)| rest);
    if parsed.host_str().is_none_or(str::is_empty) || authority.starts_with(['/', '?', '#']) {
        return bad("has no host name".into(), example);
    }
    // Hosts are one whatever their case, but the URL is written as it is
    // into every canonical link, sitemap and feed id.
    if authority
        .split(['/', '?', '#'])
        .next()
        .is_some_and(|h| h.chars().any(|c| c.is_ascii_uppercase()))
    {
        return bad(
            "has its host in capitals".into(),
            &format!("write the host in lower case: base-url = \"{}\"", parsed.as_str()),
        );
    }
    if url.contains(['?', '#']) {
        return bad(
            "has a query or fragment (`?`, `#`)".into(),
            "remove it: page paths are appended to base-url, after it they would be part of the \
             query or fragment",
        );
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return bad(
            "has a user name or password".into(),
            "remove it: base-url is written into every page, sitemap and feed",
        );
    }
    if !url.is_ascii() {
        // Hosts and browsers ask for the encoded path: the preview and the
        // sitemaps (RFC 3986 URLs only) need it encoded too.
        return bad(
            "has characters a URL must percent-encode".into(),
            &format!("write it encoded: base-url = \"{}\"", parsed.as_str()),
        );
    }
    // The path as written: `Url` has already resolved `..` away.
    let after_scheme = &url[url.find("//").map_or(0, |i| i + 2)..];
    let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
    let dot = |seg: &str| {
        let seg = percent_encoding::percent_decode_str(seg).decode_utf8_lossy();
        seg == "." || seg == ".."
    };
    if path.split('/').any(dot) {
        return bad(
            "has a `.` or `..` segment".into(),
            "write the folder the site is published in, e.g. base-url = \"https://example.org/kb/\"",
        );
    }
    let last = path.rsplit('/').next().unwrap_or("");
    let page = [".html", ".htm", ".php", ".asp", ".aspx", ".jsp", ".xml"];
    if page.iter().any(|ext| last.to_ascii_lowercase().ends_with(ext)) {
        return bad(
            format!("names a page (`{last}`), not the folder the site is published in"),
            &format!("write the folder: base-url = \"{}\"", &url[..url.len() - last.len()]),
        );
    }
    if path.contains("//") {
        return bad(
            "has an empty folder (`//`) in its path".into(),
            "write each `/` once, e.g. base-url = \"https://example.org/kb/\": every URL of the \
             site would repeat it",
        );
    }
    // Written verbatim into HTML attributes, XML and robots.txt: characters
    // a URL must percent-encode would need escaping in each.
    if let Some(c) = url
        .chars()
        .find(|c| matches!(c, '<' | '>' | '"' | '\'' | '`' | '{' | '}' | '|' | '\\' | '^'))
    {
        return bad(
            format!("has `{c}`, which a URL must percent-encode"),
            "percent-encode it (`<` is %3C, `>` is %3E, `\"` is %22), or remove it",
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_base_url_to_encode_or_naming_a_page_gets_its_fix() {
        let help =
            |url: &str| check_base_url(url, Pos::START).and_then(|d| d.help).unwrap_or_default();
        assert!(
            help("https://example.org/wissen/ü/").contains("https://example.org/wissen/%C3%BC/")
        );
        assert!(help("https://bücher.example/kb/").contains("https://xn--bcher-kva.example/kb/"));
        assert!(help("https://example.org/kb/index.html").contains("\"https://example.org/kb/\""));
    }

    #[test]
    fn a_base_url_in_capitals_is_given_back_in_lower_case() {
        let d = check_base_url("HTTPS://Example.ORG/KB/", Pos::START).expect("refused");
        assert_eq!(
            d.help.as_deref(),
            Some("write it in lower case: base-url = \"https://example.org/KB/\"")
        );
    }

    #[test]
    fn base_urls() {
        for ok in [
            "https://example.org",
            "https://example.org/kb/",
            "http://localhost:8080/a/b",
            "http://intranet/kb",
            "https://example.org/a%20b/",
        ] {
            assert!(check_base_url(ok, Pos::START).is_none(), "{ok}");
        }
        for (bad, why) in [
            ("http://", "no host name"),
            ("https:///kb/", "no host name"),
            ("https://example.org/?x=1", "query or fragment"),
            ("https://example.org/kb#top", "query or fragment"),
            ("https://example.org:99999/", "not a valid URL"),
            ("https://example.org:port/", "not a valid URL"),
            ("https://example.org/a/../b/", "`..` segment"),
            ("https://example.org/a/%2e%2E/", "`..` segment"),
            ("https://example.org/./", "`..` segment"),
            ("https://u:p@example.org/", "user name or password"),
            ("ftp://example.org/", "not an absolute http(s) URL"),
            ("HTTPS://example.org/kb/", "scheme in capitals"),
            ("https://Example.ORG/KB/", "host in capitals"),
            ("https://example.org/wissen/ü/", "must percent-encode"),
            ("https://bücher.example/", "must percent-encode"),
            ("https://example.org/kb/index.html", "names a page (`index.html`)"),
            ("https://exa mple.org/", "space or control"),
            ("https://example.org/kb//", "empty folder"),
            ("https://example.org/<x>&y/", "`<`, which a URL must percent-encode"),
        ] {
            let d = check_base_url(bad, Pos::START).unwrap_or_else(|| panic!("{bad}"));
            assert!(d.message.contains(why), "{bad}: {}", d.message);
            assert!(d.help.is_some(), "{bad}");
        }
    }
}
